"""Trends, change map and comparison in a real browser: what is drawn and written matches the monitor."""
from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.catalog import load_dataset
from dashboard.methods.classify import NO_DATA_COLOR
from dashboard.export import export_file
from dashboard.i18n import format_number, format_percent_points
from dashboard.monitor import Monitor
from dashboard.present import change_label
from dashboard.reports import compare as compare_report
from dashboard.reports import series as series_report
from dashboard.store import Store
from dashboard.ui import change as change_view
from dashboard.ui import compare as compare_view
from dashboard.ui import trends as trends_view
from tests.e2e.conftest import ROOT, wait_for_drawn

pytestmark = pytest.mark.e2e
HATCH_FILL = "url(#qm-hatch)"

PLOT_DATA = """(graphId) => {
  const plot = document.querySelector('#' + graphId + ' .js-plotly-plot');
  return plot && plot.data ? plot.data.map(t => ({meta: t.meta || {}, x: t.x, y: t.y, name: t.name})) : null;
}"""


@pytest.fixture(scope="module")
def monitor():
    dataset = load_dataset(ROOT / "data" / "demo")
    return Monitor(dataset, Store(dataset.path))


@pytest.fixture(scope="module")
def public_monitor():
    dataset = load_dataset(ROOT / "data" / "demo")
    return Monitor(dataset, Store(dataset.path), public=True)


def words(cell, row) -> str:
    """A comparison cell as the German page shows it."""
    return compare_view.cell_text(cell, row.indicator)


def table_texts(page, row_id: str) -> list[str]:
    """The cells' values, without the 95 % interval in small type under them (test_intervals_browser checks that)."""
    return page.eval_on_selector_all(f"#{row_id} td", """tds => tds.map(td => {
      const copy = td.cloneNode(true); copy.querySelectorAll('.qm-interval').forEach(e => e.remove());
      return copy.textContent.trim(); })""")


def choose_in_dropdown(page, dropdown_id: str, text: str, option_label: str):
    """Dash 4 dropdown: open it, type into its search box, tick the option."""
    page.click(f"#{dropdown_id}")
    page.fill(".dash-dropdown-search", text)
    page.get_by_text(option_label, exact=True).click()
    page.keyboard.press("Escape")


# -- trends -------------------------------------------------------------------------------------------
def test_trends_chart_and_table_match_the_monitor(server, probe, monitor):
    page = probe.page
    areas = ["01010101", "01020101"]
    page.goto(f"{server.url}/zeitreihen?indikator=A3&ebene=planungsraum&gebiete={','.join(areas)}")
    page.wait_for_selector(f"#{trends_view.P}-row-01020101")
    frame = series_report.trend_frame(monitor, "A3", "planungsraum", areas)
    indicator = monitor.indicator("A3")
    _, rows = series_report.trend_table(frame, public=False)
    for row in rows:  # every number in the table, including parents and city
        assert table_texts(page, f"{trends_view.P}-row-{row['line_id']}") == [trends_view.cell_text(indicator, c)[0]
                                                                             for c in row["cells"]]
    page.wait_for_function(f"() => ({PLOT_DATA})('{trends_view.GRAPH}') !== null")
    drawn = {t["meta"]["line_id"]: t for t in page.evaluate(PLOT_DATA, trends_view.GRAPH) if t["meta"].get("kind") == "gemessen"}
    assert list(drawn) == list(dict.fromkeys(frame["line_id"]))
    for line_id, line in frame.groupby("line_id"):
        assert drawn[line_id]["x"] == [int(y) for y in line["year"]]
        assert drawn[line_id]["y"] == pytest.approx(list(line["value"]))

    # add a third area through the search box: the chart, the table and the URL follow
    choose_in_dropdown(page, trends_view.AREAS, "Stadtpark", "Stadtpark (01010302)")
    page.wait_for_selector(f"#{trends_view.P}-row-01010302")
    page.wait_for_function("() => location.search.includes('gebiete=01010101%2C01020101%2C01010302')")
    cells = table_texts(page, f"{trends_view.P}-row-01010302")
    three = series_report.trend_frame(monitor, "A3", "planungsraum", areas + ["01010302"])
    _, rows = series_report.trend_table(three, public=False)
    assert cells == [trends_view.cell_text(indicator, c)[0] for c in next(r for r in rows if r["line_id"] == "01010302")["cells"]]
    assert "⚠" in cells[-1]  # withheld: visible internally, with the warning
    page.wait_for_function(f"() => ({PLOT_DATA})('{trends_view.GRAPH}').some(t => t.meta.line_id === '01010302')")
    page.reload()
    page.wait_for_selector(f"#{trends_view.P}-row-01010302")
    assert probe.console_errors == []


def test_public_trends_leave_gaps(public_server, probe, public_monitor):
    page = probe.page
    page.goto(f"{public_server.url}/zeitreihen?indikator=A1&ebene=planungsraum&gebiete=01010302,01010101&ref=0")
    page.wait_for_selector(f"#{trends_view.P}-row-01010302")
    assert set(table_texts(page, f"{trends_view.P}-row-01010302")) == {"keine Angabe (geringe Fallzahl)"}
    page.wait_for_function(f"() => ({PLOT_DATA})('{trends_view.GRAPH}') !== null")
    data = page.evaluate(PLOT_DATA, trends_view.GRAPH)
    assert [t for t in data if t["meta"].get("line_id") == "01010302"] == []  # withheld throughout: no line, no number
    assert "Ohne Werte und daher ohne Linie: Stadtpark (01010302)." in page.inner_text(f"#{trends_view.NOTES}")
    shown = next(t for t in data if t["meta"].get("line_id") == "01010101")
    assert shown["y"] == pytest.approx(list(public_monitor.series("A1", "planungsraum", ["01010101"])["value"]))
    assert probe.console_errors == []


# -- change map -----------------------------------------------------------------------------------------
def expected_fills(hideout) -> dict[str, str]:
    return {a: hideout["colors"][k] if k >= 0 else (HATCH_FILL if k == -2 else NO_DATA_COLOR) for a, k in hideout["classes"].items()}


def wait_for_fills(page, want, timeout=20000):
    # one self-contained predicate (no eval: the app's Content-Security-Policy forbids it)
    page.wait_for_function(
        """(want) => {
             const got = {};
             for (const el of document.querySelectorAll('#change-map path.qm-area')) {
               const id = [...el.classList].find(c => /^qm-area-[0-9A-Za-z]+$/.test(c) &&
                 !['qm-area-suppressed', 'qm-area-selected', 'qm-area-outlined'].includes(c));
               if (id) got[id.slice(8)] = el.getAttribute('fill');
             }
             return Object.keys(want).length === Object.keys(got).length && Object.keys(want).every(k => got[k] === want[k]); }""",
        arg=want, timeout=timeout)


def test_change_map_first_paint_and_new_years(server, probe, monitor):
    page = probe.page
    page.goto(f"{server.url}/veraenderung?indikator=A1&ebene=planungsraum&von=2016&bis=2023")
    bundle = series_report.change_bundle(monitor, "A1", "planungsraum", 2016, 2023)
    wait_for_fills(page, expected_fills(bundle.hideout))
    legend = page.inner_text(f"#{change_view.LEGEND}")
    assert "Prozentpunkte" in legend and all(change_label(e, bundle.decimals) in legend for e in bundle.legend)
    # issue 17: changes within random variation are lightened (qm_map.js fadeRandom), counted in the legend; unticking
    # "Nur deutliche Veränderungen hervorheben" restores full colour and writes nur_deutlich=0 into the URL
    random = sorted(a for a, (clear, _lo, _hi) in bundle.hideout["tests"].items() if not clear)
    faded = """() => [...document.querySelectorAll('#change-map path.qm-area-random')].map(p => p.getAttribute('fill-opacity'))"""
    assert random and page.evaluate(faded) == ["0.35"] * len(random)
    assert f"aufgehellt: {len(random)} Gebiete" in legend
    words = change_view.change_hideout(monitor, bundle)
    tip = "([id, h]) => window.qm.map.tooltipText({properties: {id: id, name: id}}, h)"
    _clear, low, high = bundle.hideout["tests"][random[0]]
    assert f"im Rahmen zufälliger Schwankung (95 %: {format_percent_points(low, 1)} bis {format_percent_points(high, 1)} " \
           "Prozentpunkte)" in page.evaluate(tip, [random[0], words])
    page.get_by_label("Nur deutliche Veränderungen hervorheben").uncheck()
    page.wait_for_function("() => location.search.includes('nur_deutlich=0')")
    page.wait_for_function(f"() => ({faded})().length === 0")
    assert "nicht aufgehellt" in page.inner_text(f"#{change_view.LEGEND}")
    # a new start year recolours from the callback and lands in the URL
    page.click(f"#{change_view.FROM}")
    page.get_by_role("option", name="2019", exact=True).click()
    again = series_report.change_bundle(monitor, "A1", "planungsraum", 2019, 2023)
    wait_for_fills(page, expected_fills(again.hideout))
    page.wait_for_function("() => location.search.includes('von=2019')")
    assert page.inner_text(f"#{change_view.TITLE}").startswith("Veränderung 2019–2023")
    assert probe.console_errors == []


# -- comparison -----------------------------------------------------------------------------------------
def test_comparison_table_aggregate_search_and_csv(server, probe, monitor):
    page = probe.page
    page.goto(f"{server.url}/vergleich?gebiete=01010101,01010102&jahr=2024&indikator=A1")
    page.wait_for_selector(f"#{compare_view.P}-row-A1")
    comp = compare_report.comparison(monitor, ["01010101", "01010102"], 2024)
    for row in comp.rows:
        assert table_texts(page, f"{compare_view.P}-row-{row.indicator.id}") == \
            [words(c, row) for c in [*row.cells, row.together, row.city]]
    # "zusammen" is the ratio of the summed counts, straight from the store
    aggregate = monitor.aggregate(["01010101", "01010102"], 2024).set_index("indicator_id")
    assert table_texts(page, f"{compare_view.P}-row-A1")[2] == format_number(aggregate.loc["A1", "value"], 1) + " %"
    ul_cell = page.locator(f"#{compare_view.P}-row-C1 td[data-area='zusammen']")
    assert ul_cell.inner_text().strip().split("\n")[0] == words(comp.row("C1").together, comp.row("C1"))  # 95 % below

    # add a Bezirksregion through the search (monitor.search): a third column, a new aggregate, the URL
    choose_in_dropdown(page, compare_view.AREAS, "Sandtal", "Sandtal (Bezirksregion 010201)")
    page.wait_for_selector(f"#{compare_view.P}-row-A1 td[data-area='010201']")
    page.wait_for_function("() => location.search.includes('gebiete=01010101%2C01010102%2C010201')")
    three = compare_report.comparison(monitor, ["01010101", "01010102", "010201"], 2024)
    a1 = three.row("A1")
    assert table_texts(page, f"{compare_view.P}-row-A1") == [words(c, a1) for c in [*a1.cells, a1.together, a1.city]]
    together = monitor.aggregate(["01010101", "01010102", "010201"], 2024).set_index("indicator_id").loc["A1", "value"]
    assert words(a1.together, a1) == format_number(together, 1) + " %"
    page.wait_for_function(f"() => {{ const d = ({PLOT_DATA})('{compare_view.CHART}'); return d && d[0].x.length === 5; }}")
    bars = page.evaluate(PLOT_DATA, compare_view.CHART)[0]
    assert bars["x"] == ["Falkenstraße", "Am Bachtor", "Sandtal", "zusammen", "Musterstadt"]
    assert bars["y"] == pytest.approx([c.value for c in three.row("A1").cells] + [together, three.row("A1").city.value])

    # the chart's indicator dropdown is the shared picker: German texts on a German page
    page.click(f"#{compare_view.CHART_INDICATOR}")
    assert page.locator(".dash-dropdown-search").get_attribute("placeholder") == "Indikator suchen"
    page.keyboard.press("Escape")

    table = compare_view.export_table(monitor, three)
    for button, kind in ((compare_view.DOWNLOAD_BUTTON, "csv"), (compare_view.DOWNLOAD_XLSX, "xlsx")):
        with page.expect_download() as info:
            page.click(f"#{button}")
        content, filename, _ = export_file(table, monitor.dataset, kind)
        assert info.value.suggested_filename == filename == f"gebietsvergleich-2024.{kind}"
        if kind == "csv":  # byte for byte, byte-order mark included
            assert Path(info.value.path()).read_bytes() == content
        else:
            assert Path(info.value.path()).read_bytes()[:2] == b"PK"
    assert probe.console_errors == []


def test_public_comparison_withholds_the_aggregate(public_server, probe, public_monitor):
    page = probe.page
    page.goto(f"{public_server.url}/vergleich?gebiete=01010101,01010302,nix&jahr=2024")
    page.wait_for_selector(f"#{compare_view.P}-row-A1")
    assert "weggelassen" in page.inner_text(f"#{compare_view.NOTICE}")
    cells = table_texts(page, f"{compare_view.P}-row-A1")
    comp = compare_report.comparison(public_monitor, ["01010101", "01010302"], 2024)
    a1 = comp.row("A1")
    assert cells == [words(c, a1) for c in [*a1.cells, a1.together, a1.city]]
    assert cells[1] == cells[2] == "keine Angabe (geringe Fallzahl)"
    assert page.locator(f"#{compare_view.P}-row-B1").count() == 0  # not public
    assert probe.console_errors == []


# -- lines told apart without colour, named at their end; no empty axes ----------------------------------------
END_LABELS = """() => {
  const plot = document.querySelector('#trends-graph .js-plotly-plot');
  const area = plot.querySelector('.nsewdrag').getBoundingClientRect();  // the plot area
  const labels = [...plot.querySelectorAll('.y2tick text')].map(t => { const b = t.getBoundingClientRect();
    return {text: t.textContent, top: b.top, bottom: b.bottom, left: b.left, right: b.right, visible: b.height > 0}; });
  const lines = plot.data.filter(t => t.meta && t.meta.kind === 'gemessen')
    .map(t => ({id: t.meta.line_id, role: t.meta.role, dash: t.line.dash, symbol: t.marker.symbol, legend: t.showlegend}));
  const years = [...plot.querySelectorAll('.xtick text')].map(t => t.textContent);
  return {labels, lines, years, plotRight: area.right, plotTop: area.top, plotBottom: area.bottom,
          legend: plot.querySelectorAll('.legend .traces').length};
}"""


def test_trend_lines_differ_by_dash_and_marker_with_end_labels(server, probe, monitor):
    """Five areas, their parents and the city: every line its own dash pattern, every area its own marker, one label
    per line right of the plot, none overlapping another; the time axis shows years. A phone gets a legend instead.
    An indicator without a city value and no area chosen: no chart at all, a note with links."""
    page = probe.page
    areas = ["01010101", "01020101", "01030101", "01010201", "01020201"]
    page.goto(f"{server.url}/zeitreihen?indikator=A3&ebene=planungsraum&gebiete={','.join(areas)}")
    wait_for_drawn(page, "#trends-graph .y2tick text")
    drawn = page.evaluate(END_LABELS)
    lines = drawn["lines"]
    assert [line["id"] for line in lines][:5] == areas and {line["role"] for line in lines} == {"area", "parent", "city"}
    assert len({line["dash"] for line in lines}) == len(lines)
    assert len({line["symbol"] for line in lines if line["role"] == "area"}) == 5
    labels = sorted(drawn["labels"], key=lambda b: b["top"])
    frame = series_report.trend_frame(monitor, "A3", "planungsraum", areas)
    names = set(frame["name"])
    assert len(labels) == len(lines) and all(any(label["text"].startswith(n[:10]) for n in names) for label in labels)
    assert all(label["visible"] and label["left"] >= drawn["plotRight"] for label in labels)
    assert all(a["bottom"] <= b["top"] + 0.5 for a, b in zip(labels, labels[1:])), labels  # no two overlap
    assert drawn["years"] and all(y.isdigit() and len(y) == 4 for y in drawn["years"]), drawn["years"]  # never -1..6
    assert drawn["legend"] <= 1  # only the explanation of estimates, if any: the lines are named at their end

    # a phone, or the window narrowed without a reload (a rotation): the end labels would take half the width; the
    # lines are named in a legend below instead - and widened again, the end labels come back
    is_narrow = ("() => { const p = document.querySelector('#trends-graph .js-plotly-plot'); "
                 "return Boolean(p && p.layout && p.layout.meta && p.layout.meta.narrow); }")
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_function(is_narrow)
    wait_for_drawn(page, "#trends-graph .legend .traces")
    narrow = page.evaluate(END_LABELS)
    assert narrow["legend"] >= len(lines) and not any(label["visible"] for label in narrow["labels"])
    page.set_viewport_size({"width": 1400, "height": 900})
    page.wait_for_function(f"() => !({is_narrow})()")
    wait_for_drawn(page, "#trends-graph .y2tick text")
    wide = page.evaluate(END_LABELS)
    assert len(wide["labels"]) == len(lines) and all(label["visible"] for label in wide["labels"]) and wide["legend"] <= 1
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()  # opened on a phone: narrow from the first paint
    page.wait_for_function(is_narrow)

    # nothing to draw (UL has no city value; no area chosen): no axes, what is missing, links to views that have it
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(f"{server.url}/zeitreihen?indikator=UL")
    page.wait_for_selector(f"#{trends_view.P}-empty-state a")
    assert page.locator(f"#{trends_view.GRAPH}").is_hidden()
    assert page.locator(f"#{trends_view.P}-empty-state a").count() >= 2
    assert page.locator(".xtick text:visible").count() == 0
    assert probe.console_errors == []
