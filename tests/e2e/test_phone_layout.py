"""The app on a phone and a tablet (issue 14): every route the router serves, at 360, 390 and 768 px wide, fits the
screen (no horizontal scrolling, nothing sticking out to the right); on the map the map comes first and a tap on an
area opens the sheet with its key figures.

The routes are read from the app (create_app's page_paths and page_prefixes), so a new view is measured without
touching this file; a new prefix needs an example address in EXAMPLES (the test says so). Each route is loaded once,
at 360 px on a touch screen, then measured again after the viewport is widened to 390 and 768 px (a re-layout, not a
reload: one page load per route keeps the test inside its budget). Besides the document, the map's sheet of key
figures must not scroll sideways (its table once did at 360 px: "3.769.962 Personen" cut off).
"""
from __future__ import annotations

import threading
import urllib.request

from playwright.sync_api import Error as PlaywrightError

from tests.e2e.conftest import ROOT, wait_for_drawn, wait_until_settled

WIDTHS = (360, 390, 768)
HEIGHT = 740

# Visible elements whose right edge lies beyond the viewport and that no box between them and <body> clips (a scroll
# box or a hidden overflow keeps its content in). A page that hides its own overflow (overflow-x on html/body) is
# still caught: those two are not counted as clipping.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || box.right <= width + 1) continue;
    if (getComputedStyle(el).visibility === 'hidden') continue;
    let clipped = false;
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== 'visible') { clipped = true; break; }
    }
    if (!clipped) out.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}.${String(el.className.baseVal ?? el.className).trim().split(/\\s+/).join('.')} → ${Math.round(box.right)}px`);
  }
  const sheet = document.querySelector('.qm-area-sheet');  // the map's key figures: a box that scrolls only down
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: innerWidth, sticking: out.slice(0, 6),
          sheetOverflow: sheet ? sheet.scrollWidth - sheet.clientWidth : 0};
}"""

# /daten lists its files with their sizes once the files of the release are built (before: "…" and a notice)
OPEN_DATA = "/daten"
OPEN_DATA_READY = "() => !!document.querySelector('#opendata-files') && !document.querySelector('.qm-opendata-pending')"

NEXT_FRAME = "() => new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(() => resolve(true))))"

BOX = """(selector) => { const el = document.querySelector(selector); if (!el) return null;
  const r = el.getBoundingClientRect(); const style = getComputedStyle(el);
  return {top: r.top, bottom: r.bottom, left: r.left, right: r.right, height: r.height, position: style.position,
          shown: r.width > 0 && r.height > 0 && style.display !== 'none'}; }"""


# the selected area's centre lies between the map's top and the sheet's top
ABOVE_SHEET = """([top, bottom]) => { const a = document.querySelector('#map path.qm-area-selected'); if (!a) return false;
  const r = a.getBoundingClientRect(); const y = (r.top + r.bottom) / 2; return y > top && y < bottom; }"""

# the id and centre (y) of the area drawn lowest on the map, above `bottom` (the map's foot, under the legend's line)
LOWEST_AREA = """(bottom) => { let best = null;
  for (const el of document.querySelectorAll('#map path.qm-area')) {
    const r = el.getBoundingClientRect(); const y = (r.top + r.bottom) / 2;
    const id = [...el.classList].map(c => /^qm-area-(\\d+)$/.exec(c)).find(Boolean);
    if (id && r.width > 0 && y < bottom - 60 && (!best || y > best[1])) best = [id[1], y];
  }
  return best; }"""


def example_addresses(monitor) -> dict[str, str]:
    """One address for each path prefix the router knows (the rest of the path is a parameter)."""
    smallest = monitor.dataset.level_ids[0]
    area = monitor.store.frame("areas_by_level", {"level": smallest})["area_id"].iloc[0]
    return {"/gebiet/": f"/gebiet/{area}", "/indikator/": f"/indikator/{monitor.indicators()[0].id}"}


def addresses(data, mode: str, extra: tuple[str, ...] = (), selected: str | None = None) -> list[str]:
    """Every route of the app for this dataset and mode: its paths, and an example for each prefix; the map with a
    selected area (`selected`, else the example area: its sheet of key figures on a phone), then `extra`; /daten
    last (see measure_every_route)."""
    from tests.conftest import session_app

    app = session_app(data, mode)
    examples = example_addresses(app.monitor)
    missing = [p for p in app.page_prefixes if p not in examples]
    assert not missing, f"Neues Pfadpräfix ohne Beispieladresse in example_addresses: {missing}"
    # /karte is another name of / (dashboard/ui/map.py PATHS): the same view, measured once
    paths = [p for p in app.page_paths if p != "/karte" and p != OPEN_DATA]
    area = selected or examples["/gebiet/"].removeprefix("/gebiet/")
    return [*paths, *(examples[p] for p in app.page_prefixes), f"/?gebiet={area}", *extra,
            *([OPEN_DATA] if OPEN_DATA in app.page_paths else [])]


def start_open_data_build(url: str) -> None:
    """Ask for a download file in the background, so the server builds /daten's files (tens of seconds for Berlin)
    while the other routes are measured (the session's servers build them once for both workers, in their shared
    cache folder: tests/e2e/conftest.py session_server)."""
    def fetch():
        try:
            with urllib.request.urlopen(url + OPEN_DATA + "/LIZENZ.txt", timeout=300) as response:
                response.read()
        except OSError:
            pass  # the page's own wait says what went wrong
    threading.Thread(target=fetch, daemon=True).start()


def measure_every_route(browser, url: str, routes: list[str], widths=WIDTHS, open_data_built: bool = True) -> None:
    """Load each route at the first width, measure it at every width. open_data_built: /daten is measured with its
    files built (their build starts in the background first and overlaps the other routes), else as first seen."""
    if OPEN_DATA in routes and open_data_built:
        start_open_data_build(url)
    context = browser.new_context(viewport={"width": widths[0], "height": HEIGHT}, has_touch=True, is_mobile=True)
    page = context.new_page()
    failures = []
    try:
        for route in routes:
            page.set_viewport_size({"width": widths[0], "height": HEIGHT})
            try:
                page.goto(url + route)
                page.wait_for_selector(".qm-page *")
                if route == OPEN_DATA and open_data_built:
                    page.wait_for_function(OPEN_DATA_READY, timeout=180_000)
                wait_until_settled(page)
            except (PlaywrightError, AssertionError) as exc:  # name the route, measure the others
                failures.append(f"{route}: Seite lädt nicht ({str(exc).splitlines()[0]})")
                continue
            for width in widths:
                if width != widths[0]:
                    page.set_viewport_size({"width": width, "height": HEIGHT})
                    page.evaluate(NEXT_FRAME)
                    wait_until_settled(page, quiet_polls=3)
                result = page.evaluate(OVERFLOW)
                # a phone's browser zooms out to show a page wider than the screen: the viewport grows past `width`
                if result["innerWidth"] != width or result["scrollWidth"] > width or result["sticking"]:
                    failures.append(f"{route} bei {width} px: Dokument {result['scrollWidth']} px breit, Fenster {result['innerWidth']} px; ragt heraus: {result['sticking']}")
                if result["sheetOverflow"] > 0:
                    failures.append(f"{route} bei {width} px: das Gebietsblatt scrollt seitwärts ({result['sheetOverflow']} px zu breit)")
    finally:
        context.close()
    assert not failures, "\n".join(failures)


def test_every_route_fits_phone_and_tablet_widths(browser, server):
    measure_every_route(browser, server.url, addresses(ROOT / "data" / "demo", "internal"))


def test_map_first_then_a_tap_opens_the_area_sheet(browser, public_server):
    """On a phone the map starts in the first screen, the legend is one line until opened, the controls are folded,
    and a tap on an area shows its key figures in a sheet inside the screen that closes again."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    page = context.new_page()
    try:
        page.goto(public_server.url + "/")
        page.wait_for_selector("#map path.qm-area")
        wait_until_settled(page)
        map_box = page.evaluate(BOX, "#map")
        assert map_box["top"] < 844 / 2 and map_box["bottom"] <= 844, map_box  # the map first, and whole
        legend = page.evaluate(BOX, "#map-legend")
        assert legend["shown"] and legend["height"] < 60, legend  # one line over the map's foot
        assert not page.evaluate(BOX, "#map-controls")["shown"]  # folded
        assert not page.evaluate(BOX, ".qm-header-tools")["shown"]  # the header's buttons in the menu

        page.locator(".qm-legend-toggle").tap()
        opened = page.evaluate(BOX, "#map-legend")
        assert opened["height"] > 2 * legend["height"] and opened["bottom"] <= map_box["bottom"], opened
        page.locator(".qm-controls-toggle").tap()
        assert page.evaluate(BOX, "#map-controls")["shown"]
        page.locator(".qm-menu-toggle").tap()
        assert page.evaluate(BOX, "#qm-lang-switch")["shown"]

        page.locator(".qm-legend-toggle").tap()  # folded again: one line
        assert page.evaluate(BOX, "#map-legend")["height"] == legend["height"]
        low_id, low_y = page.evaluate(LOWEST_AREA, map_box["bottom"])  # for the shared link below
        # a tap on the area in the middle of the map (nothing lies over it there)
        x, y = (map_box["left"] + map_box["right"]) / 2, (map_box["top"] + map_box["bottom"]) / 2
        assert page.evaluate("([x, y]) => document.elementFromPoint(x, y).matches('#map path.qm-area')", [x, y])
        page.touchscreen.tap(x, y)
        page.wait_for_selector(".qm-area-sheet .qm-area-name")
        wait_until_settled(page)
        sheet = page.evaluate(BOX, ".qm-area-sheet")
        assert sheet["position"] == "fixed" and 0 < sheet["top"] and sheet["bottom"] <= 844 + 1, sheet
        assert sheet["height"] <= 0.6 * 844, sheet  # the map stays in sight above it
        # the tapped area is not hidden under its own figures: the map pans it into the part above the sheet
        page.wait_for_function(ABOVE_SHEET, arg=[map_box["top"], sheet["top"]], timeout=5000)
        # the sheet shows what the tooltip would: the tap's tooltip closes (Leaflet fades it out before removing it)
        page.wait_for_function("() => ![...document.querySelectorAll('#map .leaflet-tooltip')]"
                               ".some((e) => e.isConnected && getComputedStyle(e).opacity !== '0')", timeout=5000)
        assert page.evaluate(OVERFLOW)["scrollWidth"] <= 390
        assert "gebiet=" in page.url

        page.locator("#map-sheet-close").tap()
        page.wait_for_selector(".qm-area-sheet .qm-area-name", state="detached")
        wait_until_settled(page)
        assert page.evaluate(BOX, ".qm-area-sheet")["position"] != "fixed"
        assert "gebiet=" not in page.url

        # a shared link with an area that the city view shows low on the map, where the sheet covers it: the map
        # pans it above the sheet once it has drawn and fitted its view (the sheet may come before either)
        page.goto(public_server.url + f"/?gebiet={low_id}")
        page.wait_for_selector(".qm-area-sheet .qm-area-name")
        wait_for_drawn(page, "#map path.qm-area-selected")
        wait_until_settled(page)
        page.evaluate(NEXT_FRAME)
        sheet = page.evaluate(BOX, ".qm-area-sheet")
        assert low_y > sheet["top"], (low_id, low_y, sheet)  # without the pan it would lie under the sheet
        try:  # the same wait as after the tap above (without the fix the area stays under the sheet: it times out)
            page.wait_for_function(ABOVE_SHEET, arg=[map_box["top"], sheet["top"]], timeout=5000)
        except PlaywrightError:
            shown = page.evaluate(BOX, "#map path.qm-area-selected")
            raise AssertionError(f"{low_id} bleibt unter dem Blatt: {shown}, Karte {map_box}, Blatt {sheet}") from None
        assert page.evaluate(OVERFLOW)["sheetOverflow"] <= 0
    finally:
        context.close()


def test_berlin_public_fits_a_phone(browser, berlin_datasets, berlin_public_server):
    """Berlin's names are longer than the demo's (districts, the dataset title, 7-digit city totals in the sheet):
    every route at both phone widths, also the search for a postcode (its list of areas). /daten as its first visitor
    sees it (the list of planned files while they are built, or the list of files if an earlier test had them built):
    building Berlin's files takes 15-30 s, which in the background starved the profile past its timeout; the demo
    measures /daten built."""
    # Hasenheide: its sheet's key-figure table was 367 px wide in the 360 px sheet (a Mitte area's was not)
    routes = addresses(berlin_datasets["berlin"], "public", extra=("/suche?ort=12049",), selected="08100101")
    measure_every_route(browser, berlin_public_server.url, routes, widths=(360, 390), open_data_built=False)
