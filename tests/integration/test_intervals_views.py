"""95 % intervals in the views (issue 17 part 1): the profile's key figures with their interval and the marks of the
differences, the comparison (cells, "zusammen", chart, export) and the time series (band, table) through the real
app. The numbers must be Monitor.intervals' (never recomputed in a view); public mode shows only intervals from
published counts: none for a withheld cell, none without counts (Berlin's MSS indicators, the demo's A1)."""
from __future__ import annotations

import csv
import io
import json
import re

import numpy as np
import pandas as pd
import pytest

from dashboard.export import export_file
from dashboard.methods import uncertainty
from dashboard.reports import compare as compare_report
from dashboard.reports import profile as profile_report
from dashboard.reports import series as series_report
from dashboard.state.profile import ProfileState
from dashboard.ui import compare as compare_view
from dashboard.ui import intervals as words
from dashboard.ui import profile as profile_view
from dashboard.ui import trends as trends_view
from tests.integration.conftest import CallbackClient, download_texts
from tests.integration.test_app import find, render

AREA = "01010101"
PAIR = ["01010101", "01020101"]


def text_of(tree) -> str:
    return json.dumps(tree, ensure_ascii=False, default=lambda component: component.to_plotly_json())


def expected_intervals(monitor, area_id: str, year: int, indicator_ids) -> pd.DataFrame:
    """Monitor.intervals of the area's cells (indexed by indicator_id): what every view must show."""
    own = monitor.area_series(area_id)
    own = own[(own["year"] == year) & own["indicator_id"].isin(list(indicator_ids))]
    cells = own.assign(area_id=area_id)[["area_id", "indicator_id", "year", "value", "suppressed"]].reset_index(drop=True)
    return monitor.intervals(cells).set_index(cells["indicator_id"])


def row_html(tree, indicator_id: str) -> str:
    row = find(tree, f"{profile_view.P}-row-{profile_view._safe_id(indicator_id)}")
    assert row is not None, indicator_id
    return text_of(row)


def interval_in(text: str) -> str | None:
    """The bounds shown in small type under a profile value ("95 %: " + bounds), from a serialized row."""
    found = re.search(r'"95 %: ", "className": "qm-interval-label"\}, "type": "Span", "namespace": "dash_html_components"\}, '
                      r'"([^"]+)"\], "className": "qm-interval"', text)
    return found.group(1) if found else None


# -- profile ------------------------------------------------------------------------------------------------
def test_profile_table_shows_monitor_intervals_and_marks_the_differences(app):
    figures = profile_report.key_figures(app.monitor, AREA, 2024)
    cells = figures.assign(area_id=AREA)[["area_id", "indicator_id", "year", "value", "suppressed"]]  # each row's own year
    expected = app.monitor.intervals(cells).set_index(figures["indicator_id"])
    tree = render(app, f"/gebiet/{AREA}", "?jahr=2024")
    bounded = figures[figures["lower"].notna()]
    assert len(bounded) >= 5 and figures["lower"].isna().any()  # shares with counts, and values without
    for row in figures.itertuples():
        text = row_html(tree, row.indicator_id)
        want = expected.loc[row.indicator_id]
        if np.isfinite(want["lower"]):
            assert (row.lower, row.upper) == pytest.approx((want["lower"], want["upper"]))
            assert interval_in(text) == words.interval_text(want["lower"], want["upper"], row.decimals), row.indicator_id
        else:
            assert interval_in(text) is None and np.isnan(row.lower), row.indicator_id
        marks = re.findall(r'"data-verdict": "(\w+)"', text)
        assert marks == [v for v in (row.versus_parent, row.versus_city) if v != uncertainty.NO_TEST], row.indicator_id
    assert {"clear", "random"} <= set(figures["versus_city"])  # both marks occur in the demo
    page = text_of(tree)
    # once per table that has marks, not per row (a table without counts, e.g. Umwelt with D3, has only the note that
    # values without counts have no interval)
    assert 1 <= page.count(words.VERDICT_NOTE) <= page.count("qm-interval-note-text") <= page.count("qm-profile-table")
    assert words.NO_COUNTS_NOTE in page


def test_profile_export_has_interval_and_verdict_columns(app):
    state = ProfileState(area=AREA, year=2024, years=(2024,), group="dimension")
    figures = profile_report.key_figures(app.monitor, AREA, 2024).set_index("indicator_id")
    table = profile_view.export_table(app.monitor, state, "de", "csv")
    content, _name, _ = export_file(table, app.monitor.dataset, "csv", "de")
    lines = [line for line in content.decode("utf-8-sig").splitlines() if not line.startswith("#")]
    rows = list(csv.DictReader(io.StringIO("\n".join(lines)), delimiter=";"))
    header = set(rows[0])
    assert {"95-%-Intervall, untere Grenze", "95-%-Intervall, obere Grenze", "Differenz zum übergeordneten Gebiet ist",
            "Differenz zur Gesamtstadt ist"} <= header
    words_of = {"clear": "deutlich", "random": "im Rahmen zufälliger Schwankung", "none": ""}
    for row in rows:
        figure = figures.loc[row["Kennzahl-ID"]]
        lower = row["95-%-Intervall, untere Grenze"]
        if np.isfinite(figure["lower"]):
            assert float(lower.replace(",", ".")) == pytest.approx(round(figure["lower"], int(figure["decimals"])))
        else:
            assert lower == ""
        assert row["Differenz zur Gesamtstadt ist"] == words_of[figure["versus_city"]]
        assert row["Differenz zum übergeordneten Gebiet ist"] == words_of[figure["versus_parent"]]
    xlsx = profile_view.export_table(app.monitor, state, "de", "xlsx")
    assert {"lower", "upper", "versus_parent", "versus_city"} <= {c.key for c in xlsx.columns}


# -- comparison ---------------------------------------------------------------------------------------------
def test_comparison_cells_chart_and_export_carry_the_intervals(app):
    monitor = app.monitor
    comp = compare_report.comparison(monitor, PAIR, 2024)
    row = comp.row("A1")
    for area_id, cell in zip(PAIR, row.cells):
        want = expected_intervals(monitor, area_id, 2024, ["A1"]).loc["A1"]
        assert (cell.lower, cell.upper) == pytest.approx((want["lower"], want["upper"]))
    # "zusammen": the interval of the summed counts of the members (internal: the stored ones)
    members = pd.DataFrame({"area_id": PAIR, "indicator_id": "A1", "year": 2024, "value": [c.value for c in row.cells],
                            "suppressed": False})
    counts = monitor.cell_counts(members)
    (lower,), (upper,) = uncertainty.interval(counts["numerator"].sum(), counts["denominator"].sum(), uncertainty.WILSON)
    assert (row.together.lower, row.together.upper) == pytest.approx((lower, upper))
    assert row.together.lower < row.together.value < row.together.upper
    assert comp.row("D1").cells[0].lower is None  # a net migration: no interval
    # the table: under the value and in the title; the chart: error bars from the same numbers
    table = text_of(compare_view.table(monitor, comp))
    assert f"95 %: {words.interval_text(row.cells[0].lower, row.cells[0].upper, 1)}" in table
    assert "95-%-Intervall: " in table
    figure = compare_view.chart(monitor, comp, "A1").to_plotly_json()
    bars = figure["data"][0]
    assert list(bars["error_y"]["array"][:2]) == pytest.approx([c.upper - c.value for c in row.cells])
    assert list(bars["error_y"]["arrayminus"][:2]) == pytest.approx([c.value - c.lower for c in row.cells])
    export = compare_view.export_table(monitor, comp)
    out = next(r for r in export.rows if r["indicator_id"] == "A1")
    assert out[f"{PAIR[0]}:lower"] == pytest.approx(round(row.cells[0].lower, 1))
    assert out["together:upper"] == pytest.approx(round(row.together.upper, 1))
    assert {f"{PAIR[0]}:lower", f"{PAIR[0]}:upper", "together:lower", "city:upper"} <= {c.key for c in export.columns}


# -- time series --------------------------------------------------------------------------------------------
def test_trends_band_and_table_carry_the_intervals(app):
    tree = render(app, trends_view.PATH, "?indikator=A1&ebene=planungsraum&gebiete=01010101,01020101")
    figure = find(tree, trends_view.GRAPH)["props"]["figure"]
    frame = series_report.trend_frame(app.monitor, "A1", "planungsraum", ["01010101", "01020101"])
    bands = [t for t in figure["data"] if t.get("meta", {}).get("kind") == "intervall"]
    assert {b["meta"]["line_id"] for b in bands} == {"01010101", "01020101"}  # areas only, not parents or the city
    own = frame[frame["line_id"] == "01010101"]
    cells = own.assign(area_id="01010101", indicator_id="A1")[["area_id", "indicator_id", "year", "value", "suppressed"]]
    want = app.monitor.intervals(cells.reset_index(drop=True))
    drawn = {}
    for band in (b for b in bands if b["meta"]["line_id"] == "01010101"):
        half = len(band["x"]) // 2
        for x, up, low in zip(band["x"][:half], band["y"][:half], band["y"][half:][::-1]):
            drawn[x] = (low, up)
    assert drawn and all(b["fill"] == "toself" for b in bands)
    for year, lower, upper in zip(own["year"], want["lower"], want["upper"]):
        if np.isfinite(lower) and int(year) in drawn:
            assert drawn[int(year)] == pytest.approx((lower, upper))
    assert any(t.get("meta", {}).get("kind") == "legende" and "95-%-Intervall" in t.get("name", "") for t in figure["data"])
    table = text_of(find(tree, trends_view.TABLE))
    first = want.dropna().iloc[0]
    assert words.interval_text(first["lower"], first["upper"], 1) in table


def test_trends_export_has_the_bounds(app):
    client = CallbackClient(app)
    state = {f"{trends_view.INDICATOR}.value": "A1", f"{trends_view.LEVEL}.value": "planungsraum",
             f"{trends_view.AREAS}.value": ["01010101"], f"{trends_view.REF}.value": []}
    response = client.call(trends_view.DOWNLOAD, "data", {f"{trends_view.DOWNLOAD_CSV}.n_clicks": 1,
                                                          f"{trends_view.DOWNLOAD_XLSX}.n_clicks": 0},
                           state=state, changed=[f"{trends_view.DOWNLOAD_CSV}.n_clicks"])
    assert response.status_code == 200, response.data[:300]
    data = json.loads(response.data)["response"][trends_view.DOWNLOAD]["data"]
    assert data["filename"] == "zeitreihe-A1-planungsraum.csv"
    lines = [line for line in download_texts(data) if not line.startswith("#")]
    rows = list(csv.DictReader(io.StringIO("\n".join(lines)), delimiter=";"))
    frame = series_report.trend_frame(app.monitor, "A1", "planungsraum", ["01010101"], reference=False)
    assert len(rows) == len(frame) and {"95-%-Intervall, untere Grenze", "95-%-Intervall, obere Grenze"} <= set(rows[0])
    for row, lower, upper in zip(rows, frame["lower"], frame["upper"]):
        assert row["95-%-Intervall, untere Grenze"] == (words.interval_text(lower, upper, 1).split("–")[0] if np.isfinite(lower) else "")
    assert any(row["95-%-Intervall, obere Grenze"] for row in rows)


# -- public mode ----------------------------------------------------------------------------------------------
def test_public_demo_has_no_interval_where_the_denominator_is_not_published(public_app):
    """The demo's A1 has no published denominator: no interval anywhere (its width would reveal it)."""
    monitor = public_app.monitor
    figures = profile_report.key_figures(monitor, AREA, 2024).set_index("indicator_id")
    assert np.isnan(figures.loc["A1", "lower"]) and figures.loc["A1", "versus_city"] == uncertainty.NO_TEST
    tree = render(public_app, f"/gebiet/{AREA}", "?jahr=2024")
    assert interval_in(row_html(tree, "A1")) is None
    assert words.NO_PUBLISHED_COUNTS_NOTE in text_of(tree)
    comp = compare_report.comparison(monitor, PAIR, 2024)
    row = comp.row("A1")
    assert all(c.lower is None for c in [*row.cells, row.together])
    figure = compare_view.chart(monitor, comp, "A1").to_plotly_json()
    assert "error_y" not in figure["data"][0] or not figure["data"][0]["error_y"]
    trends = render(public_app, trends_view.PATH, "?indikator=A1&ebene=planungsraum&gebiete=01010101,01020101")
    drawn = find(trends, trends_view.GRAPH)["props"]["figure"]["data"]
    assert not [t for t in drawn if t.get("meta", {}).get("kind") == "intervall"]


def test_public_berlin_intervals_for_ant_65u_none_when_withheld_none_for_mss(berlin_public_app):
    monitor = berlin_public_app.monitor
    level = monitor.dataset.level_ids[0]
    values = monitor.values("ANT_65U", 2024, level)
    shown = values[~values["suppressed"]]["area_id"].iloc[0]
    withheld = values[values["suppressed"]]["area_id"]
    assert len(withheld), "Berlin public: some Planungsraum withholds ANT_65U"
    figures = profile_report.key_figures(monitor, shown, 2024).set_index("indicator_id")
    tree = render(berlin_public_app, f"/gebiet/{shown}", "?jahr=2024")
    want = expected_intervals(monitor, shown, 2024, ["ANT_65U"]).loc["ANT_65U"]
    assert interval_in(row_html(tree, "ANT_65U")) == words.interval_text(want["lower"], want["upper"], 1)
    mss = [i for i in figures.index if i.startswith("MSS_")]  # Monitoring Soziale Stadtentwicklung: shares without counts
    assert mss and figures.loc[mss, "lower"].isna().all()
    for indicator_id in mss:
        assert interval_in(row_html(tree, indicator_id)) is None
    hidden = withheld.iloc[0]
    figures = profile_report.key_figures(monitor, hidden, 2024).set_index("indicator_id")
    assert figures.loc["ANT_65U", "suppressed"] and np.isnan(figures.loc["ANT_65U", "lower"])
    assert interval_in(row_html(render(berlin_public_app, f"/gebiet/{hidden}", "?jahr=2024"), "ANT_65U")) is None
    frame = series_report.trend_frame(monitor, "ANT_65U", level, [shown, hidden], reference=False)
    assert frame.loc[frame["line_id"] == hidden, "lower"].isna().all()
    assert frame.loc[(frame["line_id"] == shown) & (frame["year"] == 2024), "lower"].notna().all()
