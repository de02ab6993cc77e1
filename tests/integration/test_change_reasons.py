"""/veraenderung "Warum hat sich die Klasse geändert?" (issue 17 part 4) through the real demo app: the panel follows
von/bis/district, lists per index part exactly the areas whose class changed, per burden rule those that entered or
left, and its CSV holds every part of their decomposition, summing to the index change."""
from __future__ import annotations

import base64
import csv
import io
import json

import pytest

from dashboard.monitor import nearest_editions
from dashboard.ui import change as change_view
from dashboard.ui import change_reasons as panel
from tests.integration.conftest import CallbackClient

INDICATOR = "A1"


def call(app, output, inputs, state):
    response = CallbackClient(app).call(output, "children" if output == panel.CONTENT else "data", inputs, state)
    assert response.status_code == 200, response.data[:500]
    return json.loads(response.data)["response"][output]["children" if output == panel.CONTENT else "data"]


def controls(von, bis, district=None, lang="de"):
    return ({f"{change_view.FROM}.value": von, f"{change_view.TO}.value": bis, f"{change_view.DISTRICT}.value": district},
            {f"{change_view.INDICATOR}.value": INDICATOR, f"{change_view.LEVEL}.value": "planungsraum", "qm-lang.data": lang})


@pytest.mark.parametrize("mode", ["internal", "public"])
def test_panel_lists_the_class_changes_and_the_csv_sums_to_them(app, public_app, mode):
    app = app if mode == "internal" else public_app
    monitor = app.monitor
    definition = monitor.index_definition("sozialindex")
    years = monitor.index_years(definition)
    inputs, state = controls(years[0], years[-1])
    text = json.dumps(call(app, panel.CONTENT, inputs, state), ensure_ascii=False)
    change = monitor.index_change(definition, years[0], years[-1], "status")
    areas = change.areas[change.areas["reason"].isna()]
    changed = areas[areas["class_before"] != areas["class_after"]]
    assert f"Ausgabe {years[0]} → {years[-1]}: {len(changed)} Gebiete mit anderer Klasse." in text
    assert all(f'"data-area": "{a}"' in text for a in changed.index)
    rule = monitor.burden_rule("umweltgerechtigkeit")
    moved = monitor.burden_change(rule, *nearest_editions(monitor.burden_years(rule), years[0], years[-1]))
    n_in = int((moved["movement"] == "entered").sum())
    assert f": {n_in} Gebiete neu mehrfach belastet" in text
    # a district in focus: only its areas
    district = monitor.areas(monitor.dataset.level_ids[-1])["area_id"].iloc[0]
    inputs, state = controls(years[0], years[-1], district)
    focused = json.dumps(call(app, panel.CONTENT, inputs, state), ensure_ascii=False)
    members = set(monitor.descendants(district, monitor.dataset.level_ids[0]))
    shown = {a for a in changed.index if f'"data-area": "{a}"' in focused}
    assert shown == set(changed.index) & members and shown != set(changed.index)
    # the CSV: one row per area and part; the parts of each area sum to its change (3 decimals each)
    data = call(app, panel.DOWNLOAD, {f"{panel.CSV_BUTTON}.n_clicks": 1}, {**{k: v for k, v in controls(years[0], years[-1])[0].items()},
                                                                          **controls(years[0], years[-1])[1]})
    lines = base64.b64decode(data["content"]).decode("utf-8-sig").splitlines()
    rows = list(csv.DictReader(io.StringIO("\n".join(line for line in lines if not line.startswith("#"))), delimiter=";"))
    status = [r for r in rows if r["Index oder Regel"].endswith("Statusindex")]
    assert {r["Gebiet (Kennung)"] for r in status} == set(changed.index)
    number = lambda s: float(s.replace(",", "."))  # noqa: E731
    for area_id in changed.index:
        parts = [number(r["Beitrag zur Indexänderung"]) for r in status if r["Gebiet (Kennung)"] == area_id]
        assert abs(sum(parts) - changed.loc[area_id, "change"]) < 0.003 * len(parts)
