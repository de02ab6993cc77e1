"""Drill-down, the area table linked with the map, table downloads and the search box, in Chromium."""
from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from dashboard.catalog import load_dataset
from dashboard.i18n import format_number
from dashboard.monitor import Monitor
from dashboard.store import Store
from tests.e2e.conftest import ROOT, wait_for_drawn

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def monitor():
    dataset = load_dataset(ROOT / "data" / "demo")
    return Monitor(dataset, Store(dataset.path))


def paths(page) -> int:
    return page.evaluate("document.querySelectorAll('#map path.qm-area').length")


def test_drill_down_from_bezirk_to_planungsraeume_and_back(server, probe, monitor):
    page = probe.page
    page.goto(f"{server.url}/?indikator=A1&jahr=2024&ebene=bezirk")
    page.wait_for_function("() => document.querySelectorAll('#map path.qm-area').length === 12")
    bezirk = "03"
    name = monitor.area(bezirk)["name"]
    page.dispatch_event(f"#map path.qm-area-{bezirk}", "click")
    page.wait_for_function("(n) => document.querySelector('#map-area-panel h3')?.textContent === n", arg=name)
    # the map zooms to the district
    page.wait_for_function("() => { const m = document.querySelector('#map .leaflet-map-pane'); return m && m.style.transform !== ''; }")
    page.get_by_role("link", name="Bezirksregionen anzeigen").click()
    inside = set(monitor.descendants(bezirk, "bezirksregion"))
    page.wait_for_function("(n) => document.querySelectorAll('#map path.qm-area').length === n",
                           arg=len(monitor.store.frame("areas_by_level", {"level": "bezirksregion"})))
    assert "fokus=03" in page.url and "ebene=bezirksregion" in page.url
    crumbs = page.inner_text("#map-drill")
    assert name in crumbs and monitor.dataset.city_name in crumbs
    # areas outside the focus fade, areas inside keep full colour
    opacity = page.evaluate("""(inside) => [...document.querySelectorAll('#map path.qm-area')].map(el => {
        const id = [...el.classList].find(c => /^qm-area-[0-9]+$/.test(c)).slice(8);
        return [inside.includes(id), el.getAttribute('fill-opacity')]; })""", list(inside))
    assert {o for i, o in opacity if i} == {"0.85"} and {o for i, o in opacity if not i} == {"0.15"}
    # the table lists only the areas inside the focus (its grid comes once it nears the screen: ui/table.py)
    page.locator("#map-table-slot").scroll_into_view_if_needed()
    page.wait_for_function("(n) => document.querySelectorAll('#map-table .ag-center-cols-container .ag-row').length === n", arg=len(inside))
    # one level further, then back to the whole city through the breadcrumb
    region = sorted(inside)[0]
    page.dispatch_event(f"#map path.qm-area-{region}", "click")
    page.get_by_role("link", name="Planungsräume anzeigen").click()
    page.wait_for_function("() => location.search.includes('ebene=planungsraum')")
    assert f"fokus={region}" in page.url
    page.locator("#map-drill a").first.click()  # the city
    page.wait_for_function("() => !location.search.includes('fokus=')")
    assert probe.console_errors == []


def test_table_and_map_select_each_other_and_download(server, probe, monitor, tmp_path):
    page = probe.page
    page.goto(f"{server.url}/?indikator=A3&jahr=2023&ebene=bezirksregion")
    page.locator("#map-table-slot").scroll_into_view_if_needed()  # the grid comes once it nears the screen
    page.wait_for_selector("#map-table .ag-row")
    values = monitor.values("A3", 2023, "bezirksregion").set_index("area_id")
    # the table's first row (sorted, worst first) is the area with the highest value
    first = page.locator("#map-table .ag-center-cols-container .ag-row[row-index='0']")
    worst = values["value"].idxmax()
    assert first.get_attribute("row-id") == worst
    # a click on a row selects the area on the map
    page.locator(f"#map-table .ag-row[row-id='{worst}']").first.click()
    page.wait_for_function("(id) => document.querySelector('#map path.qm-area-' + id)?.classList.contains('qm-area-selected')", arg=worst)
    page.wait_for_function("(n) => document.querySelector('#map-area-panel h3')?.textContent === n", arg=values.loc[worst, "name"])
    # a click on the map selects the row
    other = values.index[5]
    page.dispatch_event(f"#map path.qm-area-{other}", "click")
    page.wait_for_function("(id) => document.querySelector(`#map-table .ag-row[row-id='${id}']`)?.classList.contains('ag-row-selected')", arg=other)
    # downloads: CSV and XLSX carry the same values as the store
    with page.expect_download() as info:
        page.click("#map-table-csv")
    raw = open(info.value.path(), "rb").read()
    assert raw.startswith(b"\xef\xbb\xbf"), "the browser's file lost the byte-order mark"
    text = raw.decode("utf-8-sig")
    assert "Quelle:" in text and "Stichtag 31.12.2023" in text
    rows = list(csv.reader(io.StringIO("\n".join(line for line in text.splitlines() if not line.startswith("#"))), delimiter=";"))
    by_id = {r[0]: r for r in rows[1:]}
    assert len(by_id) == len(values)
    assert by_id[worst][3] == f"{values.loc[worst, 'value']:.1f}".replace(".", ",")
    with page.expect_download() as info:
        page.click("#map-table-xlsx")
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    assert target.suffix == ".xlsx"
    sheet = load_workbook(target).active
    cells = {row[0]: row[3] for row in sheet.iter_rows(min_row=6, values_only=True) if row[0] in values.index}
    assert cells[worst] == pytest.approx(values.loc[worst, "value"], abs=0.05)
    assert probe.console_errors == []


@pytest.mark.parametrize("lang", ["de", "en"])
def test_table_numbers_are_in_the_page_language(server, probe, monitor, lang):
    """The grid formats by the browser's Intl in the page's locale: 3.811 / 3,811 for residents."""
    page = probe.page
    page.goto(f"{server.url}/?indikator=EW&jahr=2023&ebene=bezirk" + ("&sprache=en" if lang == "en" else ""))
    values = monitor.values("EW", 2023, "bezirk").set_index("area_id")["value"]
    area = values.idxmax()
    cell = page.locator(f"#map-table .ag-row[row-id='{area}'] .ag-cell[col-id='value']").first
    page.locator("#map-table-slot").scroll_into_view_if_needed()  # the grid comes once it nears the screen
    cell.wait_for()
    assert cell.inner_text().strip() == format_number(values[area], 0, lang)
    # the tab names the dataset in the page language
    page.wait_for_function("(t) => document.title.endsWith(t)", arg=monitor.dataset.title_for(lang))
    assert probe.console_errors == []


def test_search_box_finds_an_area_and_opens_its_profile(server, probe, monitor):
    page = probe.page
    page.goto(f"{server.url}/mehrfachbelastung?sprache=en")  # the language (and the pinned release) must survive the jump
    wait_for_drawn(page, "#burden-map path.qm-area")  # the page has rendered (a user sees it before searching)
    target = monitor.area("01010101")
    page.click("#qm-search")
    search = page.locator("#qm-search-wrapper input.dash-dropdown-search, .dash-dropdown-content input.dash-dropdown-search").first
    search.wait_for(state="visible")
    search.fill(target["name"])
    option = page.locator(".dash-dropdown-option").filter(has_text="01010101").first
    option.click()
    page.wait_for_function("() => location.pathname === '/gebiet/01010101'")
    page.wait_for_function("(n) => document.body.innerText.includes(n)", arg=target["name"])
    query = page.evaluate("() => Object.fromEntries(new URLSearchParams(location.search))")
    assert query.get("sprache") == "en" and query.get("stand") == monitor.dataset.release, query
    assert "Area profile" in page.inner_text("main") or "Part I" in page.inner_text("main")
    assert probe.console_errors == []


def test_profile_opens_from_the_map_with_the_stores_figures(server, probe, monitor):
    page = probe.page
    page.goto(f"{server.url}/?indikator=A1&jahr=2024&ebene=planungsraum")
    wait_for_drawn(page, "#map path.qm-area-01010102")
    page.dispatch_event("#map path.qm-area-01010102", "click")
    area = monitor.area("01010102")
    page.wait_for_function("(n) => document.querySelector('#map-area-panel h3')?.textContent === n", arg=area["name"])
    page.get_by_role("link", name="Gebietsprofil öffnen ›").click()
    page.wait_for_function("() => location.pathname === '/gebiet/01010102'")
    page.wait_for_function("(n) => document.querySelector('h1')?.textContent.includes(n)", arg=area["name"])
    body = page.inner_text("body")
    figures = {f.indicator.id: f for f in monitor.key_figures("01010102", 2024)}
    a1 = figures["A1"]
    assert f"{a1.value:.1f}".replace(".", ",") + " %" in body
    assert f"{a1.city_value:.1f}".replace(".", ",") + " %" in body
    population = f"{int(figures['EW'].value):,}".replace(",", ".")
    assert population in body
    assert probe.console_errors == []
