"""Clear versus random change on /veraenderung (issue 17 part 2): reports/series.change_tests and the view's words."""
from __future__ import annotations

import json

import plotly

import numpy as np
import pandas as pd

from dashboard.methods import uncertainty
from dashboard.reports import series
from dashboard.state.change import ChangeState
from dashboard.ui import change as view
from dashboard.ui.components import MapFocus


def _text(component) -> str:
    return json.dumps(component, cls=plotly.utils.PlotlyJSONEncoder, ensure_ascii=False)


def _cells(monitor, indicator_id, year, level, area_ids):
    values = monitor.values(indicator_id, year, level).set_index("area_id").reindex(area_ids)
    return pd.DataFrame({"area_id": area_ids, "indicator_id": indicator_id, "year": year,
                         "value": values["value"].astype(float).to_numpy(),
                         "suppressed": values["suppressed"].fillna(False).astype(bool).to_numpy()}, index=area_ids)


def test_verdicts_equal_the_test_on_the_monitors_counts(demo_monitor):
    bundle = series.change_bundle(demo_monitor, "A1", "planungsraum", 2015, 2024)
    table = bundle.table
    ids = list(table.index)
    one = demo_monitor.cell_counts(_cells(demo_monitor, "A1", 2015, "planungsraum", ids))
    two = demo_monitor.cell_counts(_cells(demo_monitor, "A1", 2024, "planungsraum", ids))
    pair = ((one["numerator"], one["denominator"]), (two["numerator"], two["denominator"]))
    decimals = demo_monitor.indicator("A1").decimals  # judged as the interval is shown (rounded)
    expected = np.where(table["klass"] >= 0, uncertainty.change(*pair, uncertainty.WILSON, decimals=decimals),
                        uncertainty.NO_TEST)
    assert bundle.tested and table["test"].tolist() == expected.tolist()
    assert {"clear", "random"} <= set(table["test"])  # both occur: the test can fail either way
    low, high = uncertainty.difference_interval(*pair, uncertainty.WILSON, 100.0)
    tested = (table["test"] != uncertainty.NO_TEST).to_numpy()
    assert np.allclose(table["low"][tested], np.round(low[tested], 1), atol=0.051)
    assert np.allclose(table["high"][tested], np.round(high[tested], 1), atol=0.051)
    # a clear change's interval excludes 0 (after rounding it may touch it), a random one's contains it
    clear = table[table["test"] == "clear"]
    assert ((clear["low"] >= 0) | (clear["high"] <= 0)).all()
    random = table[table["test"] == "random"]
    assert ((random["low"] <= 0) & (random["high"] >= 0)).all()
    # no verdict for a withheld or missing change
    assert (table.loc[table["klass"] < 0, "test"] == uncertainty.NO_TEST).all()
    assert set(bundle.hideout["tests"]) == set(table.index[tested])
    assert all(code == int(table.at[a, "test"] == "clear") for a, (code, _lo, _hi) in bundle.hideout["tests"].items())


def test_no_verdict_without_counts(demo_monitor, public_monitor):
    """The public demo publishes no denominators, D1 (a net migration) has no interval: the map is as before."""
    for monitor, indicator_id in ((public_monitor, "A1"), (demo_monitor, "D1")):
        years = monitor.years(indicator_id, "planungsraum")
        bundle = series.change_bundle(monitor, indicator_id, "planungsraum", years[0], years[-1])
        assert not bundle.tested and (bundle.table["test"] == uncertainty.NO_TEST).all()
        assert "tests" not in bundle.hideout and "testWords" not in view.change_hideout(monitor, bundle)
        legend = _text(view.legend(monitor, bundle, MapFocus()))
        assert view.NO_TEST_TEXT in legend and "aufgehellt" not in legend
        assert "Deutlich gestiegen" not in _text(view.summary(bundle, MapFocus()))
        assert view.only_clear_style(bundle) == {"display": "none"}


def test_summary_legend_and_tooltip_words_count_the_verdicts(demo_monitor):
    bundle = series.change_bundle(demo_monitor, "A1", "planungsraum", 2015, 2024)
    table = bundle.table
    up = int(((table["test"] == "clear") & (table["change"] > 0)).sum())
    down = int(((table["test"] == "clear") & (table["change"] < 0)).sum())
    random = int((table["test"] == "random").sum())
    assert up and down and random
    text = _text(view.summary(bundle, MapFocus()))
    assert f"Deutlich gestiegen: {up} · deutlich gesunken: {down} · im Rahmen zufälliger Schwankung: {random}" in text
    legend = _text(view.legend(demo_monitor, bundle, MapFocus()))
    assert f"aufgehellt: {random} Gebiete" in legend
    hideout = view.change_hideout(demo_monitor, bundle, "de", None, True)
    assert hideout["fadeRandom"] is True and hideout["testWords"]["interval"] == "95 %: {low} bis {high} Prozentpunkte"
    off = view.change_hideout(demo_monitor, bundle, "en", None, False)
    assert off["fadeRandom"] is False and off["testWords"]["random"] == "within random variation"
    assert "not lightened" in _text(view.legend(demo_monitor, bundle, MapFocus(), "en", False))
    # a district in focus: its areas only, as the class summary counts them
    members = sorted(demo_monitor.descendants("03", "planungsraum"))
    part = table.loc[members]
    counts = view.test_counts(bundle, MapFocus(members={a: 1 for a in members}))
    assert counts["random"] == int((part["test"] == "random").sum()) < random
    assert counts["up"] == int(((part["test"] == "clear") & (part["change"] > 0)).sum())


def test_only_clear_state_reads_and_writes_nur_deutlich(demo_monitor):
    default = ChangeState.from_query(demo_monitor, {"indikator": "A1"})
    assert default.only_clear and "nur_deutlich" not in default.to_query()
    off = ChangeState.from_query(demo_monitor, {"indikator": "A1", "nur_deutlich": "0"})
    assert not off.only_clear and off.to_query()["nur_deutlich"] == "0" and not off.notices
    assert ChangeState.from_query(demo_monitor, {"indikator": "A1", "nur_deutlich": "1"}).only_clear
    assert "nur_deutlich=0" in off.href()
