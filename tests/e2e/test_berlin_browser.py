"""The Berlin dataset (imported from ../shared/data) in a real browser: all four levels with
correct aggregation, the official burden result, the recomputed MSS index, a profile and a
comparison aggregate."""
from __future__ import annotations

import pandas as pd
import pytest

from tests.e2e.conftest import wait_for_drawn
from tests.e2e.test_map import expected_fills, wait_for_fills

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("level, count", [("planungsraum", 542), ("bezirksregion", 143), ("prognoseraum", 58), ("bezirk", 12)])
def test_every_level_paints_from_counts(berlin, probe, level, count):
    server, monitor = berlin
    page = probe.page
    page.goto(f"{server.url}/?indikator=ANT_MH&jahr=2024&ebene={level}")
    expected = expected_fills(monitor, "ANT_MH", 2024, level)
    assert len(expected) == count
    assert wait_for_fills(page, expected) == expected
    # the values behind the colours are ratios of summed counts of the Planungsräume
    if level != "planungsraum":
        plr = monitor.store.frame("indicator_values_by_level", {"indicator_id": "ANT_MH", "year": 2024, "level": "planungsraum",
                                                                "population_indicator": "EW"})
        area = sorted(expected)[0]
        inside = monitor.descendants(area, "planungsraum")
        part = plr[plr["area_id"].isin(inside)]
        shown = monitor.values("ANT_MH", 2024, level).set_index("area_id").loc[area, "value"]
        assert shown == pytest.approx(100 * part["numerator"].sum() / part["denominator"].sum())
    assert probe.console_errors == []


def test_bezirk_profile_shows_the_sum_of_its_planungsraeume(berlin, probe):
    server, monitor = berlin
    page = probe.page
    page.goto(f"{server.url}/gebiet/01?jahr=2024")
    page.wait_for_function("() => document.querySelector('h1')?.textContent.length > 0")
    ew = monitor.values("EW", 2024, "planungsraum").set_index("area_id")["value"]
    total = int(ew.loc[monitor.descendants("01", "planungsraum")].sum())
    assert f"{total:,}".replace(",", ".") in page.inner_text("body")
    assert probe.console_errors == []


def test_official_burden_list_matches_the_published_counts(berlin, probe, berlin_datasets):
    from tests.conftest import require_berlin_source

    server, monitor = berlin
    page = probe.page
    page.goto(f"{server.url}/mehrfachbelastung?jahr=2021")
    raw = pd.read_csv(require_berlin_source() / "umweltgerechtigkeit" / "raw_umweltgerechtigkeit_2021_2022.csv")
    published_multiple = int((raw["Anzahl der Mehrfachbelastungen"] >= 3).sum())
    page.wait_for_function("(n) => document.querySelectorAll('.qm-burden-item').length === n", arg=published_multiple)
    assert "SZENARIO" not in page.inner_text("#burden-title")
    assert probe.console_errors == []


def test_recomputed_mss_index_map(berlin, probe):
    server, monitor = berlin
    page = probe.page
    page.goto(f"{server.url}/sozialindex?jahr=2020")
    wait_for_drawn(page, "#index-map path.qm-area")
    table = monitor.index_classes(monitor.index_definition("mss"), 2020)
    legend = page.inner_text("#index-legend")
    counts = table["status_dynamic"].value_counts()
    assert f"2+/- ({int(counts['2+/-'])})" in legend
    assert f"nicht bewertet ({int((~table['valid']).sum())})" in legend
    assert probe.console_errors == []


def test_comparison_aggregate_from_counts(berlin, probe):
    server, monitor = berlin
    page = probe.page
    prognoseraum = monitor.store.frame("areas_by_level", {"level": "prognoseraum"})["area_id"].iloc[0]
    areas = monitor.descendants(prognoseraum, "planungsraum")[:3]
    assert len(areas) == 3
    page.goto(f"{server.url}/vergleich?gebiete={','.join(areas)}&jahr=2024")
    page.wait_for_selector("#compare-row-ANT_MH")
    together = monitor.aggregate(areas, 2024).set_index("indicator_id").loc["ANT_MH", "value"]
    assert f"{together:.1f}".replace(".", ",") in page.inner_text("#compare-row-ANT_MH")
    assert probe.console_errors == []


def test_trend_across_the_2021_boundary_change_marks_estimates_and_the_break(berlin, probe):
    """Population before 2021 is carried from LOR 2006 (estimates): drawn apart, with a visible break."""
    from tests.e2e.test_trends_compare_browser import PLOT_DATA
    from dashboard.ui import trends as trends_view

    server, monitor = berlin
    page = probe.page
    area = monitor.store.frame("areas_by_level", {"level": "planungsraum"})["area_id"].iloc[0]
    page.goto(f"{server.url}/zeitreihen?indikator=ANT_MH&ebene=planungsraum&gebiete={area}")
    page.wait_for_function(f"() => ({PLOT_DATA})('{trends_view.GRAPH}') !== null")
    traces = page.evaluate(PLOT_DATA, trends_view.GRAPH)
    series = monitor.series("ANT_MH", "planungsraum", [area])
    estimated_years = sorted(int(y) for y in series.loc[series["estimate"], "year"])
    assert estimated_years and min(int(y) for y in series.loc[~series["estimate"], "year"]) == 2021
    estimate_traces = [t for t in traces if t["meta"].get("line_id") == area and t["meta"].get("kind") == "Schätzung"]
    drawn = sorted(x for t in estimate_traces for x, y in zip(t["x"], t["y"]) if y is not None)
    assert drawn == estimated_years  # the carried years are the ones drawn as estimates
    # the 95 % band (issue 17) is drawn apart for the estimated and the measured years, never across the break
    bands = [t for t in traces if t["meta"].get("line_id") == area and t["meta"].get("kind") == "intervall"]
    assert {bool(t["meta"]["estimate"]) for t in bands} == {True, False}
    body = page.inner_text("body")
    assert "Schätzung" in body and "Wechsel: Schätzung → gemessen" in page.content()
    assert probe.console_errors == []
