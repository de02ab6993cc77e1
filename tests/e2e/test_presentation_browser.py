"""Presentation mode in a real browser: sizes and contrast measured, patterns, and stepping through a Sitzungsmappe."""
from __future__ import annotations

import tomllib
from urllib.parse import urlsplit

import pytest

from dashboard.catalog import load_dataset
from dashboard.ui import presentation as pres
from tests.conftest import DEMO_DIR
from tests.e2e.conftest import PageProbe, wait_for_drawn, wait_until_settled

pytestmark = pytest.mark.e2e

# Every visible element with its own text inside the given roots: font size, colour and the first
# non-transparent background behind it (walking up), with the WCAG contrast ratio computed in the page.
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
      out.push({text: own.slice(0, 40), size: parseFloat(style.fontSize), contrast: (l1 + 0.05) / (l2 + 0.05)});
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


@pytest.mark.parametrize("width,height,min_px", [(1920, 1080, 24), (1280, 720, 16)])
@pytest.mark.parametrize("path,map_id", [("/?indikator=D1&jahr=2024&ebene=planungsraum", "map"),
                                         ("/mehrfachbelastung?jahr=2023", "burden-map")])
def test_presentation_mode_is_large_high_contrast_and_map_filled(server, open_page, width, height, min_px, path, map_id):
    probe = open_page(width, height)
    page = probe.page
    page.goto(f"{server.url}{path}&praesentation=1")
    wait_for_drawn(page, f"#{map_id} path.qm-outline")
    page.wait_for_selector("body.qm-presentation")
    assert not page.evaluate(VISIBLE, ".qm-controls") and not page.evaluate(VISIBLE, ".qm-nav")
    assert not page.evaluate(VISIBLE, ".qm-search") and not page.evaluate(VISIBLE, ".qm-table-section, .qm-burden-results")
    box = page.locator(f"#{map_id}").bounding_box()
    visible_h = min(box["y"] + box["height"], height) - max(box["y"], 0)
    visible_w = min(box["x"] + box["width"], width) - max(box["x"], 0)
    assert visible_w * visible_h >= 0.85 * width * height, box
    assert page.evaluate("document.documentElement.scrollHeight") <= height + 1  # nothing below the map
    assert float(page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")) >= min_px
    texts = page.evaluate(MEASURE_TEXT, ".qm-legend, .qm-map-title, .qm-header, .qm-footer")
    assert len(texts) >= 5
    small = [t for t in texts if t["size"] < min_px - 0.01]
    assert small == [], small
    weak = [t for t in texts if t["contrast"] < 4.5]
    assert weak == [], weak
    if map_id == "map":  # D1 has withheld small numbers: hatched, hatch drawn dark in the mode
        assert page.locator("#map path.qm-area-suppressed").count() > 0
        assert page.locator('#map path.qm-area-suppressed[fill="url(#qm-hatch)"]').count() > 0
        assert page.evaluate("getComputedStyle(document.querySelector('#qm-hatch line')).strokeWidth") == "2.2px"
    else:  # multiply burdened: a dashed thick outline; the fill keeps the colour of the count (no hatch over it)
        outlined = page.locator("#burden-map path.qm-area-outlined")
        assert outlined.count() > 0
        style = page.evaluate("(() => { const s = getComputedStyle(document.querySelector('#burden-map path.qm-area-outlined')); return [s.strokeDasharray, s.strokeWidth, s.fill]; })()")
        assert style[0] not in ("none", "") and style[1] == "5px" and style[2].startswith("rgb(")
    assert probe.console_errors == []


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
