"""The Mehrfachbelastung and index views in a real browser: first paint, scenario, diff, reset, export."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from dashboard.catalog import load_dataset
from dashboard.methods.classify import NO_DATA_COLOR
from dashboard.monitor import Monitor
from dashboard.store import Store
from dashboard.ui import burden as burden_view
from dashboard.ui import social_index as index_view
from tests.e2e.conftest import ROOT, wait_until_settled

pytestmark = pytest.mark.e2e
HATCH_FILL = "url(#qm-hatch)"


@pytest.fixture(scope="module")
def monitor():
    dataset = load_dataset(ROOT / "data" / "demo")
    return Monitor(dataset, Store(dataset.path))


def expected(hideout) -> dict[str, list]:
    out = {}
    for area_id, k in hideout["classes"].items():
        fill = hideout["colors"][k] if k >= 0 else (HATCH_FILL if k == -2 else NO_DATA_COLOR)
        out[area_id] = [fill, bool(hideout.get("outlined", {}).get(area_id))]
    return out


def view_params(url: str) -> dict[str, list[str]]:
    """The view's parameters in an address (without `stand`, the data release every address gets)."""
    return {k: v for k, v in parse_qs(urlsplit(url).query).items() if k != "stand"}


def wait_for_map(page, map_id, want, timeout=20000):
    # one self-contained predicate (no eval: the app's Content-Security-Policy forbids it)
    page.wait_for_function(
        """([mapId, want]) => {
             const got = {};
             for (const el of document.querySelectorAll('#' + mapId + ' path.qm-area')) {
               const id = [...el.classList].find(c => /^qm-area-[0-9A-Za-z]+$/.test(c) &&
                 !['qm-area-suppressed', 'qm-area-selected', 'qm-area-outlined'].includes(c));
               if (id) got[id.slice(8)] = [el.getAttribute('fill'), el.classList.contains('qm-area-outlined')];
             }
             return Object.keys(want).length === Object.keys(got).length &&
                    Object.keys(want).every(k => got[k] && got[k][0] === want[k][0] && got[k][1] === want[k][1]);
           }""",
        arg=[map_id, want], timeout=timeout)


def test_burden_view_first_paint_scenario_diff_and_reset(server, probe, monitor):
    page = probe.page
    rule = monitor.burden_rules()[0]
    page.goto(f"{server.url}/mehrfachbelastung?jahr=2023")
    official = monitor.burden_bundle(rule, 2023)
    wait_for_map(page, burden_view.MAP, expected(official.hideout))
    assert "SZENARIO" not in page.inner_text(f"#{burden_view.TITLE}")
    # the ranked list names every multiply burdened area with its burdens as chips
    multiple = official.table[official.table["multiple"]]
    items = page.locator(".qm-burden-item")
    assert items.count() == len(multiple)
    first = multiple.index[0]
    chips = page.locator(f"#{burden_view.P}-item-{first} .qm-chip").all_inner_texts()
    labels = {c.indicator_id: c.label for c in rule.criteria}
    assert chips == [labels[i] for i in multiple.loc[first, "burdens"]]
    totals = page.inner_text(f"#{burden_view.TOTALS}")
    assert f"{int(official.totals.loc[0, 'areas'])}" in totals
    assert "Wie wurde das berechnet?" in page.content() and "Offizielle Regel" in page.inner_text(f"#{burden_view.METHOD}")

    # scenario: switch off one indicator
    page.click(f"#{burden_view.SCENARIO_BOX} summary")
    off = rule.criteria[0]
    page.get_by_label(off.label, exact=True).uncheck()
    scenario_rule = rule.with_changes(enabled={c.indicator_id for c in rule.criteria[1:]})
    scenario = monitor.burden_bundle(scenario_rule, 2023, official=rule)
    wait_for_map(page, burden_view.MAP, expected(scenario.hideout))
    assert page.inner_text(f"#{burden_view.TITLE}").startswith("SZENARIO")
    diff = page.inner_text(f"#{burden_view.DIFF}")
    assert f"Fallen heraus ({len(scenario.diff['left'])})" in diff and f"Kommen hinzu ({len(scenario.diff['entered'])})" in diff
    assert scenario.diff["left"] and scenario.table.loc[scenario.diff["left"][0], "name"] in diff
    assert f"aus={off.indicator_id}" in page.url
    assert "Szenario" in page.inner_text(f"#{burden_view.METHOD}")

    # the export says it is a scenario and how it was computed
    with page.expect_download() as info:
        page.click(f"#{burden_view.DOWNLOAD_BUTTON}")
    raw = open(info.value.path(), "rb").read()
    assert raw.startswith(b"\xef\xbb\xbf"), "the browser's file lost the byte-order mark"
    text = raw.decode("utf-8-sig")
    assert info.value.suggested_filename == "mehrfachbelastung-2023-szenario.csv"
    assert "SZENARIO" in text and "Wie wurde das berechnet?" in text
    # the description lines (# …), one header, one row per area
    assert len([line for line in text.strip().splitlines() if not line.startswith("#")]) == 1 + len(scenario.table)

    # the URL reproduces the scenario
    page.reload()
    wait_for_map(page, burden_view.MAP, expected(scenario.hideout))
    assert page.inner_text(f"#{burden_view.TITLE}").startswith("SZENARIO")

    # Zurücksetzen restores the official result exactly
    page.click(f"#{burden_view.RESET}")
    wait_for_map(page, burden_view.MAP, expected(official.hideout))
    assert not page.inner_text(f"#{burden_view.TITLE}").startswith("SZENARIO")
    assert page.inner_text(f"#{burden_view.DIFF}").strip() == ""
    assert "aus=" not in page.url and "k=" not in page.url and "schnitt=" not in page.url
    assert probe.console_errors == []


def test_burden_filters_by_district_and_k(server, probe, monitor):
    page = probe.page
    rule = monitor.burden_rules()[0]
    district = sorted(burden_view.district_ids(monitor))[0]
    page.goto(f"{server.url}/mehrfachbelastung?jahr=2023&k=2&bezirk={district}")
    bundle = monitor.burden_bundle(rule.with_changes(min_count=2), 2023, official=rule)
    wait_for_map(page, burden_view.MAP, expected(bundle.hideout))
    table = burden_view.filtered(monitor, bundle, [], district)
    assert page.locator(".qm-burden-item").count() == int(table["multiple"].sum())
    # the link stays as given: mounting the controls must not rewrite it (asked once the app has done
    # everything it would do after the first paint)
    wait_until_settled(page)
    assert view_params(page.url) == {"jahr": ["2023"], "k": ["2"], "bezirk": [district]}
    assert page.inner_text(f"#{burden_view.TITLE}").startswith("SZENARIO")
    assert probe.console_errors == []


def test_index_map_has_the_combined_classes(server, probe, monitor):
    page = probe.page
    definition = monitor.dataset.indices[0]
    page.goto(f"{server.url}/sozialindex?jahr=2022")
    hideout, table = index_view.hideout(monitor, definition, 2022)
    wait_for_map(page, index_view.MAP, expected(hideout))
    wait_until_settled(page)
    assert view_params(page.url) == {"jahr": ["2022"]}  # the link stays as given
    legend = page.inner_text(f"#{index_view.LEGEND}")
    for code in ("1+", "2+/-", "4-"):
        assert code in legend
    assert "nicht bewertet" in legend
    page.locator(f"#{index_view.YEAR}").click()
    page.locator(".dash-dropdown-option").filter(has_text="2024").first.click()
    hideout_2024, _ = index_view.hideout(monitor, definition, 2024)
    wait_for_map(page, index_view.MAP, expected(hideout_2024))
    assert "jahr=2024" in page.url
    assert probe.console_errors == []
