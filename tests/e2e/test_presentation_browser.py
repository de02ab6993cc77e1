"""Presentation mode in a real browser: every view fits the projector (sizes, clipping, contrast measured), patterns,
and stepping through a Sitzungsmappe."""
from __future__ import annotations

import json
import tomllib
from urllib.parse import urlsplit

import pytest

from dashboard.catalog import load_dataset
from dashboard.ui import presentation as pres
from tests.conftest import DEMO_DIR
from tests.e2e.conftest import PageProbe, wait_for_drawn, wait_until_settled

pytestmark = pytest.mark.e2e

# Every visible element with its own text inside the given roots: font size, colour and the first
# non-transparent background behind it (walking up), with the WCAG contrast ratio computed in the page;
# `small`: the small print of a slide (legend notes, method and source lines, the footer).
MEASURE_TEXT = """(selector) => {
  const parse = (c) => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
    const p = m[1].split(',').map(Number); return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1}; };
  const lum = (c) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
  const background = (el) => { for (let e = el; e; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor);
    if (c && c.a > 0) return c; } return {r: 255, g: 255, b: 255, a: 1}; };
  const out = [];
  for (const root of document.querySelectorAll(selector)) {
    for (const el of [root, ...root.querySelectorAll('*')]) {
      const own = [...el.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent.trim()).join('');
      const style = getComputedStyle(el); const box = el.getBoundingClientRect();
      if (!own || style.visibility === 'hidden' || box.width === 0 || box.height === 0) continue;
      const fg = parse(style.color), bg = background(el);
      const [l1, l2] = [lum(fg), lum(bg)].sort((a, b) => b - a);
      out.push({text: own.slice(0, 40), size: parseFloat(style.fontSize), contrast: (l1 + 0.05) / (l2 + 0.05),
                small: !!el.closest('.qm-legend-note, .qm-legend-meta, .qm-legend-source, .qm-footer')});
    }
  }
  return out;
}"""
VISIBLE = "(sel) => [...document.querySelectorAll(sel)].some(e => e.getBoundingClientRect().width > 0 && getComputedStyle(e).display !== 'none')"


@pytest.fixture
def open_page(browser):
    contexts = []

    def open_(width, height):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="de-DE", accept_downloads=True)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(20000)
        return PageProbe(page)
    yield open_
    for context in contexts:
        context.close()


def check_map_slide(page, map_id, width, height):
    """A map slide: controls, navigation, search and tables gone; map and its title and legend column fill the
    screen between header and footer, nothing below; the map keeps most of it; its patterns survive a projector."""
    assert not page.evaluate(VISIBLE, ".qm-controls") and not page.evaluate(VISIBLE, ".qm-nav")
    assert not page.evaluate(VISIBLE, ".qm-search") and not page.evaluate(VISIBLE, ".qm-table-section, .qm-burden-results")
    def seen(selector):
        box = page.locator(selector).bounding_box()
        return (min(box["x"] + box["width"], width) - max(box["x"], 0)) * (min(box["y"] + box["height"], height) - max(box["y"], 0))
    slide = page.locator(f".qm-map-wrap:has(#{map_id})")
    assert seen(f".qm-map-wrap:has(#{map_id})") >= 0.8 * width * height, slide.bounding_box()
    assert seen(f"#{map_id}") >= 0.5 * width * height, page.locator(f"#{map_id}").bounding_box()
    assert page.evaluate("document.documentElement.scrollHeight") <= height + 1  # nothing below the map
    if map_id == "map":  # D1 has withheld small numbers: hatched, hatch drawn dark in the mode
        assert page.locator("#map path.qm-area-suppressed").count() > 0
        assert page.locator('#map path.qm-area-suppressed[fill="url(#qm-hatch)"]').count() > 0
        assert page.evaluate("getComputedStyle(document.querySelector('#qm-hatch line')).strokeWidth") == "2.2px"
    else:  # multiply burdened: a dashed thick outline; the fill keeps the colour of the count (no hatch over it)
        assert page.locator("#burden-map path.qm-area-outlined").count() > 0
        style = page.evaluate("(() => { const s = getComputedStyle(document.querySelector('#burden-map path.qm-area-outlined')); return [s.strokeDasharray, s.strokeWidth, s.fill]; })()")
        assert style[0] not in ("none", "") and style[1] == "5px" and style[2].startswith("rgb(")


def wait_for_view(page, url):
    path, _, query = url.partition("?")
    page.wait_for_function("([path, query]) => { const here = new URL(location.href);"
                           " const want = new URLSearchParams(query); return here.pathname === path &&"
                           " here.searchParams.get('praesentation') === '1' &&"
                           " [...want.keys()].every(k => here.searchParams.get(k) === want.get(k)); }", arg=[path, query])
    # the view has rendered: a map (its area paths) or, on chart views, the plot
    wait_for_drawn(page, "#qm-page path.qm-area, #qm-page .js-plotly-plot .main-svg")
    page.wait_for_selector("#qm-page .qm-map-title, #qm-page h1")


def test_stepping_through_the_shipped_sitzungsmappe(server, open_page):
    mappe = pres.load_shipped(DEMO_DIR)[0]["lenkungsgruppe"]
    urls = [v.url for v in mappe.views]
    probe = open_page(1280, 720)
    page = probe.page
    page.goto(f"{server.url}/")
    wait_for_drawn(page, "#map path.qm-outline")
    page.click(f"#{pres.MAPPE_TOGGLE}")
    page.get_by_role("button", name="„Lenkungsgruppe Integrierte Stadtteilentwicklung“ laden").click()
    page.wait_for_function("n => document.querySelectorAll('.qm-mappe-item').length === n", arg=len(urls))
    assert page.locator(".qm-mappe-item").evaluate_all("els => els.map(e => e.dataset.url)") == urls
    page.click(f"#{pres.START}")  # starts the presentation at the first view, panel closes
    wait_for_view(page, urls[0])
    assert page.locator(f"#{pres.PANEL}").is_hidden()
    assert page.evaluate("document.body.classList.contains('qm-presentation')")
    page.wait_for_function("t => document.getElementById('qm-slide-counter').textContent === t", arg=f"Folie 1 von {len(urls)}")
    keys = ["ArrowRight", "PageDown", "ArrowRight", "PageDown", "ArrowRight"]
    for number, key in enumerate(keys, start=1):
        page.keyboard.press(key)
        wait_for_view(page, urls[number])
        page.wait_for_function("t => document.getElementById('qm-slide-counter').textContent === t",
                               arg=f"Folie {number + 1} von {len(urls)}")
    wait_until_settled(page)
    last = page.url
    page.keyboard.press("ArrowRight")  # last slide: stays (asked once the app has done all it would do)
    wait_until_settled(page)
    assert page.url == last
    assert page.inner_text("#qm-slide-counter") == f"Folie {len(urls)} von {len(urls)}"
    page.keyboard.press("ArrowLeft")
    wait_for_view(page, urls[-2])
    page.keyboard.press("PageUp")
    wait_for_view(page, urls[-3])
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.body.classList.contains('qm-presentation') && !location.search.includes('praesentation')")
    assert page.locator("#qm-slide-counter").is_hidden()
    wait_until_settled(page)
    here = page.url
    page.keyboard.press("ArrowRight")  # outside the mode the arrow keys do nothing
    wait_until_settled(page)
    assert page.url == here and urlsplit(here).path == urlsplit(urls[-3]).path
    assert probe.console_errors == []


def test_toggle_add_save_and_load_file(server, open_page, tmp_path):
    probe = open_page(1400, 900)
    page = probe.page
    page.goto(f"{server.url}/?indikator=A3&jahr=2023&ebene=bezirksregion")
    wait_for_drawn(page, "#map path.qm-outline")
    # the header toggle switches the mode on and off, keeping the view's URL
    page.click(f"#{pres.TOGGLE}")
    page.wait_for_function("() => document.body.classList.contains('qm-presentation') && location.search.includes('praesentation=1')")
    assert page.get_attribute(f"#{pres.TOGGLE}", "aria-pressed") == "true" and "jahr=2023" in page.url
    page.click(f"#{pres.TOGGLE}")
    page.wait_for_function("() => !document.body.classList.contains('qm-presentation')")
    # assemble: current view + the shipped list's first entries, reorder, save, clear, load back
    page.click(f"#{pres.MAPPE_TOGGLE}")
    page.click(f"#{pres.CLEAR}")
    page.wait_for_selector(".qm-mappe-empty")
    page.click(f"#{pres.ADD}")
    page.wait_for_selector(".qm-mappe-item")
    # a saved view is pinned to the data release it was made with
    release = load_dataset(DEMO_DIR).release
    assert page.locator(".qm-mappe-item").get_attribute("data-url") == f"/?indikator=A3&jahr=2023&ebene=bezirksregion&stand={release}"
    title = page.inner_text("#map-title")
    assert page.inner_text(".qm-mappe-item .qm-mappe-view") == title
    page.goto(f"{server.url}/?indikator=D1&jahr=2022&ebene=bezirk")
    wait_for_drawn(page, "#map path.qm-outline")
    page.click(f"#{pres.MAPPE_TOGGLE}")
    page.wait_for_selector(".qm-mappe-item")  # the list survived the reload (localStorage)
    page.click(f"#{pres.ADD}")
    page.wait_for_function("() => document.querySelectorAll('.qm-mappe-item').length === 2")
    page.get_by_role("button", name=f"„{title}“ nach unten").click()
    page.wait_for_function("() => document.querySelector('.qm-mappe-item').dataset.url.includes('D1')")
    page.fill(f"#{pres.TITLE}", "Ausschuss Juni")
    page.keyboard.press("Enter")
    page.wait_for_function("() => (JSON.parse(localStorage.getItem('qm-mappe')) || {}).title === 'Ausschuss Juni'")
    with page.expect_download() as info:
        page.click(f"#{pres.SAVE}")
    download = info.value
    assert download.suggested_filename == "sitzungsmappe-ausschuss-juni.toml"
    saved_path = tmp_path / download.suggested_filename
    download.save_as(saved_path)
    saved = tomllib.loads(saved_path.read_text(encoding="utf-8"))
    assert saved["title"] == "Ausschuss Juni"
    assert [v["url"] for v in saved["views"]] == [f"/?indikator=D1&jahr=2022&ebene=bezirk&stand={release}",
                                                  f"/?indikator=A3&jahr=2023&ebene=bezirksregion&stand={release}"]
    before = page.locator(".qm-mappe-item").evaluate_all("els => els.map(e => e.dataset.url)")
    page.click(f"#{pres.CLEAR}")
    page.wait_for_selector(".qm-mappe-empty")
    page.set_input_files(f"#{pres.UPLOAD} input[type=file]", str(saved_path))
    page.wait_for_function("() => document.querySelectorAll('.qm-mappe-item').length === 2")
    assert page.locator(".qm-mappe-item").evaluate_all("els => els.map(e => e.dataset.url)") == before
    assert page.input_value(f"#{pres.TITLE}") == "Ausschuss Juni"
    assert "Datei geladen" in page.inner_text(f"#{pres.MESSAGE}")
    # a hostile file: German error, list unchanged
    bad = tmp_path / "boese.toml"
    bad.write_text('title = "x"\n[[views]]\ntitle = "x"\nurl = "https://evil.example/x"\n', encoding="utf-8")
    page.set_input_files(f"#{pres.UPLOAD} input[type=file]", str(bad))
    page.wait_for_function("() => document.getElementById('qm-mappe-message').textContent.includes('keine Ansicht dieser Anwendung')")
    assert page.locator(".qm-mappe-item").count() == 2
    page.keyboard.press("Escape")
    assert page.locator(f"#{pres.PANEL}").is_hidden()
    assert probe.console_errors == []


# -- the projector: every view fits 1920x1080 and 1280x720 --------------------------------------------------------
# One pass over a view in presentation mode. Problems are German sentences naming the element:
# - clipped: an element of header, footer, legend or title (or a title of the page) whose content is wider or
#   taller than its box (scrollWidth/scrollHeight beyond clientWidth/clientHeight + 1 px), which covers a
#   text-overflow ellipsis too; the header on one line (no item wraps or leaves the bar);
# - any text of the page outside the viewport horizontally (the map's own panes excepted: Leaflet clips them);
#   plotly texts (ticks, legends, titles, annotations) outside their chart;
# - the slide counter's box over a table cell, a legend, a chart or any text of page or footer (what the
#   scrolled page hides under the footer does not count);
# - the footer's source line not wholly inside the viewport;
# - a map legend over the map.
# Plus the smallest chart text (tick labels; legend, axis and chart titles, annotations) and the rem.
PROJECTOR_CHECK = """() => {
  const problems = [];
  const vw = document.documentElement.clientWidth, vh = innerHeight;
  const shown = (el) => { const s = getComputedStyle(el), b = el.getBoundingClientRect();
    return s.display !== 'none' && s.visibility !== 'hidden' && b.width > 0 && b.height > 0; };
  const ownText = (el) => [...el.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent.trim()).join(' ').trim();
  const name = (el) => (el.id ? '#' + el.id : el.tagName.toLowerCase() + (el.getAttribute('class') ?
    '.' + String(el.getAttribute('class')).trim().split(/\\s+/).join('.') : '')) + ' „' + (el.textContent || '').trim().slice(0, 40) + '“';
  const EXEMPT = '.qm-skip-link, .qm-mappe-panel, .leaflet-pane, .qm-scripts, script, style';
  const cut = (a, b) => ({left: Math.max(a.left, b.left), right: Math.min(a.right, b.right),
                          top: Math.max(a.top, b.top), bottom: Math.min(a.bottom, b.bottom)});
  const area = (r) => Math.max(0, r.right - r.left) * Math.max(0, r.bottom - r.top);
  const lines = (el) => { const range = document.createRange(); range.selectNodeContents(el);
    return new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top))).size; };
  const headerEl = document.querySelector('.qm-header'), footerEl = document.querySelector('.qm-footer');
  const header = headerEl.getBoundingClientRect(), footer = footerEl.getBoundingClientRect();

  const FRAME = '.qm-header, .qm-header *, .qm-footer, .qm-footer *, .qm-legend, .qm-legend *, .leaflet-control, ' +
                '.leaflet-control *, .qm-map-title, #qm-page h1, #qm-page h2, #qm-page h3, .qm-slide-counter';
  for (const el of document.querySelectorAll(FRAME)) {
    if (!(el instanceof HTMLElement) || !shown(el) || el.closest(EXEMPT)) continue;
    const display = getComputedStyle(el).display;
    if (display === 'inline' || display === 'contents') continue;  // no box of its own to clip
    if (el.scrollWidth > el.clientWidth + 1) problems.push(`abgeschnitten (Breite ${el.scrollWidth} > ${el.clientWidth}): ${name(el)}`);
    if (el.scrollHeight > el.clientHeight + 1) problems.push(`abgeschnitten (Höhe ${el.scrollHeight} > ${el.clientHeight}): ${name(el)}`);
  }
  for (const el of headerEl.querySelectorAll('*')) {
    if (!(el instanceof HTMLElement) || !shown(el) || el.closest(EXEMPT)) continue;
    const box = el.getBoundingClientRect();
    if (box.top < header.top - 1 || box.bottom > header.bottom + 1) problems.push(`ragt aus der Kopfzeile: ${name(el)}`);
    if (ownText(el) && lines(el) > 1) problems.push(`bricht in der Kopfzeile um: ${name(el)}`);
  }
  for (const el of document.body.querySelectorAll('*')) {
    if (!(el instanceof HTMLElement) || !ownText(el) || !shown(el) || el.closest(EXEMPT)) continue;
    const box = el.getBoundingClientRect();
    if (box.left < -1 || box.right > vw + 1) problems.push(`Text außerhalb des Bildschirms (${Math.round(box.left)}–${Math.round(box.right)} px): ${name(el)}`);
  }
  for (const gd of document.querySelectorAll('.js-plotly-plot')) {
    const frame = gd.getBoundingClientRect();
    for (const text of gd.querySelectorAll('svg text')) {
      if (!text.textContent.trim() || !shown(text)) continue;
      const box = text.getBoundingClientRect();
      if (box.left < frame.left - 1 || box.right > frame.right + 1 || box.top < frame.top - 1 || box.bottom > frame.bottom + 1)
        problems.push(`Diagrammtext außerhalb des Diagramms: ${gd.id} „${text.textContent.trim().slice(0, 40)}“`);
    }
  }
  // what the viewer sees of a box of an element: the box inside the viewport, the element's clipping ancestors and
  // (page content) the band between header and footer
  const seen = (el, rect) => {
    let r = cut(rect, {left: 0, top: 0, right: vw, bottom: vh});
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.overflowX !== 'visible' || s.overflowY !== 'visible') r = cut(r, a.getBoundingClientRect());
    }
    if (el.closest('#qm-page')) r = cut(r, {left: 0, right: vw, top: header.bottom, bottom: footer.top});
    return r;
  };
  // the boxes an element covers: cells, legends, charts and titles whole, any other element its lines of text
  const BLOCKS = 'td, th, .qm-legend, .leaflet-control, .js-plotly-plot, .qm-map-title';
  const boxes = (el) => el.matches(BLOCKS) ? [el.getBoundingClientRect()] :
    [...el.childNodes].filter(n => n.nodeType === 3 && n.textContent.trim()).flatMap(n => {
      const range = document.createRange(); range.selectNodeContents(n); return [...range.getClientRects()]; });
  const counter = document.getElementById('qm-slide-counter');
  const counterShown = !!counter && shown(counter);
  if (counterShown) {
    const box = counter.getBoundingClientRect();
    const content = [...document.querySelectorAll('#qm-page *, .qm-footer *')].filter(el =>
      !el.closest(EXEMPT) && shown(el) && (el.matches(BLOCKS) || ownText(el)));
    for (const el of content) {
      if (boxes(el).some(rect => area(cut(seen(el, rect), box)) > 0)) problems.push(`Folienzähler verdeckt: ${name(el)}`);
    }
    if (box.left < 0 || box.right > vw || box.top < 0 || box.bottom > vh) problems.push('Folienzähler außerhalb des Bildschirms');
  }
  const source = footerEl.querySelector('.qm-footer-source') || footerEl.firstElementChild;
  const range = document.createRange();
  range.selectNodeContents(source);
  for (const r of [...range.getClientRects()].filter(r => r.width > 0)) {
    if (r.left < -1 || r.right > Math.min(vw, footer.right) + 1 || r.top < Math.max(0, footer.top) - 1 || r.bottom > Math.min(vh, footer.bottom) + 1) {
      problems.push(`Quellenzeile nicht ganz sichtbar (${Math.round(r.left)},${Math.round(r.top)}–${Math.round(r.right)},${Math.round(r.bottom)})`);
      break;
    }
  }
  for (const wrap of document.querySelectorAll('.qm-map-wrap')) {
    const map = wrap.querySelector('.leaflet-container');
    for (const legend of wrap.querySelectorAll('.qm-legend')) {
      if (map && shown(legend) && area(cut(legend.getBoundingClientRect(), map.getBoundingClientRect())) > 0)
        problems.push(`Legende liegt über der Karte: ${name(legend)}`);
    }
  }
  const size = (sel) => [...document.querySelectorAll(sel)].filter(e => e.textContent.trim() && shown(e))
    .map(e => parseFloat(getComputedStyle(e).fontSize));
  const ticks = size('.js-plotly-plot .xtick text, .js-plotly-plot .ytick text');
  const texts = size('.js-plotly-plot .legendtext, .js-plotly-plot .g-xtitle text, .js-plotly-plot .g-ytitle text, ' +
                     '.js-plotly-plot .gtitle, .js-plotly-plot .annotation-text');
  return {problems, counter: counterShown ? counter.textContent : null, ticks: ticks.length ? Math.min(...ticks) : null,
          texts: texts.length ? Math.min(...texts) : null, charts: document.querySelectorAll('.js-plotly-plot').length,
          rem: parseFloat(getComputedStyle(document.documentElement).fontSize)};
}"""

# (url, what is there once the view has painted); the time series comes last: the test goes on there
PROJECTOR_VIEWS = [
    ("/?indikator=D1&jahr=2024&ebene=planungsraum", "#map path.qm-outline"),
    ("/mehrfachbelastung?jahr=2023", "#burden-map path.qm-outline"),
    ("/sozialindex?jahr=2024", "#index-map path.qm-outline"),
    ("/veraenderung", "#change-map path.qm-outline"),
    ("/vergleich?gebiete=01,02,03&jahr=2024", "#compare-chart .xtick text"),
    ("/gebiet/100201?jahr=2024", "#profile-chart-1 .xtick text"),
    ("/zeitreihen?indikator=A1&ebene=bezirk&gebiete=01,02,03", "#trends-graph .xtick text"),
]
TICK_SIZE = "() => Math.min(...[...document.querySelectorAll('#trends-graph .xtick text, #trends-graph .ytick text')].map(e => parseFloat(getComputedStyle(e).fontSize)))"
MARKED = "() => !!document.querySelector('#trends-graph .js-plotly-plot').layout.qmPresentation"
# the type of a slide, in rem (1.3vw): text at least 0.96 rem (24 px at 1920x1080, 16 px at 1280x720); the small
# print (legend notes and sources, footer) and chart text (ticks, legends, titles, annotations) at least 0.72 rem (18/12 px)
MAIN_REM, SMALL_REM = 0.96, 0.72


@pytest.mark.parametrize("width,height", [(1920, 1080), (1280, 720)])
def test_every_view_fits_the_projector(server, open_page, width, height):
    """Every view in presentation mode at the two projector sizes: nothing clipped, nothing off screen, the source
    readable, the slide counter over nothing, legends beside the map, type projector-sized (charts too) and of high
    contrast. At 1920x1080 the time series then redraws by a callback (still large), leaves the mode (its own sizes
    back) and comes back."""
    probe = open_page(width, height)
    page = probe.page
    release = load_dataset(DEMO_DIR).release  # a saved view is pinned to its release, as the panel saves it
    mappe = {"title": "Beamer", "views": [{"title": f"Folie {i}", "url": f"{url}{'&' if '?' in url else '?'}stand={release}"}
                                          for i, (url, _) in enumerate(PROJECTOR_VIEWS, 1)]}
    page.context.add_init_script(script=f"window.localStorage.setItem('qm-mappe', {json.dumps(json.dumps(mappe))});")
    found = {}
    for number, (url, ready) in enumerate(PROJECTOR_VIEWS, 1):
        page.goto(f"{server.url}{url}{'&' if '?' in url else '?'}praesentation=1")
        wait_for_drawn(page, ready)
        wait_until_settled(page)
        if number <= 2:
            check_map_slide(page, ready.split()[0][1:], width, height)
        result = page.evaluate(PROJECTOR_CHECK)
        assert result["counter"] == f"Folie {number} von {len(PROJECTOR_VIEWS)}", (url, result["counter"])
        main, small = MAIN_REM * result["rem"], SMALL_REM * result["rem"]
        problems = list(result["problems"])
        if result["charts"]:
            if result["ticks"] is None or result["ticks"] < small:
                problems.append(f"Achsenbeschriftung {result['ticks']} px < {small:.1f} px")
            if result["texts"] is not None and result["texts"] < small:
                problems.append(f"Diagrammtext {result['texts']} px < {small:.1f} px")
        texts = page.evaluate(MEASURE_TEXT, ".qm-legend, .qm-map-title, .qm-header, .qm-footer")
        problems += [f"zu klein ({t['size']} px): „{t['text']}“" for t in texts if t["size"] < (small if t["small"] else main) - 0.01]
        problems += [f"zu kontrastarm ({t['contrast']:.1f}): „{t['text']}“" for t in texts if t["contrast"] < 4.5]
        if problems:
            found[url] = problems
    assert found == {}, "\n".join(f"{url}:\n  " + "\n  ".join(p) for url, p in found.items())
    if width == 1920:
        assert page.evaluate(TICK_SIZE) >= 18
        # a callback redraws the figure (reference lines off): the new figure is projector-sized too
        traces = page.evaluate("() => document.querySelector('#trends-graph .js-plotly-plot').data.length")
        page.locator("#trends-ref input").evaluate("el => el.click()")
        page.wait_for_function("n => document.querySelector('#trends-graph .js-plotly-plot').data.length !== n", arg=traces)
        wait_until_settled(page)
        assert page.evaluate(TICK_SIZE) >= 18
        page.click(f"#{pres.TOGGLE}")  # leaving the mode: the chart's own sizes again
        page.wait_for_function("() => !document.body.classList.contains('qm-presentation')")
        wait_until_settled(page)
        assert page.evaluate(TICK_SIZE) < 16 and not page.evaluate(MARKED)
        assert page.evaluate(PROJECTOR_CHECK)["counter"] is None
        page.click(f"#{pres.TOGGLE}")
        page.wait_for_function("() => document.body.classList.contains('qm-presentation')")
        wait_until_settled(page)
        assert page.evaluate(TICK_SIZE) >= 18 and page.evaluate(MARKED)
    assert probe.console_errors == []
