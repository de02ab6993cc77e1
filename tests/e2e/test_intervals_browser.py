"""95 % intervals in a real browser (issue 17 part 1), on the session's demo server: the profile shows the interval
under a value and the marks of the differences on a phone without scrolling sideways, and the time series draws a
visible band behind an area's line."""
from __future__ import annotations

import pytest

from dashboard.reports import profile as profile_report
from dashboard.ui import intervals as words
from tests.e2e.conftest import PageProbe, wait_for_drawn, wait_until_settled

pytestmark = pytest.mark.e2e

AREA = "01010101"

# the trend chart's band: plotly's fill paths of the interval traces (an outline, not "M0,0" or empty)
BANDS = """() => [...document.querySelectorAll('#trends-graph .scatterlayer .trace')].filter(trace => {
  const fill = trace.querySelector('path.js-fill');
  if (!fill) return false;
  const d = (fill.getAttribute('d') || '').trim(), box = fill.getBoundingClientRect();
  return d.length > 10 && box.width > 20 && box.height > 2 && Number(fill.style.fillOpacity || 1) < 0.5;  // light
}).length"""


def test_profile_interval_on_a_phone_and_trend_band(server, demo_monitor, browser):
    phone = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True, locale="de-DE")
    try:
        phone_part(server, demo_monitor, PageProbe(phone.new_page()))
    finally:
        phone.close()
    wide = browser.new_context(viewport={"width": 1366, "height": 768}, locale="de-DE")
    try:
        band_part(server, PageProbe(wide.new_page()))
    finally:
        wide.close()


def phone_part(server, demo_monitor, probe):
    page = probe.page
    page.set_default_timeout(20000)
    page.goto(f"{server.url}/gebiet/{AREA}?jahr=2024")
    row = page.locator("#profile-row-A1")
    row.wait_for()
    figures = profile_report.key_figures(demo_monitor, AREA, 2024).set_index("indicator_id")
    a1 = figures.loc["A1"]
    assert row.locator(".qm-interval").inner_text().strip() == f"95 %: {words.interval_text(a1['lower'], a1['upper'], 1)}"
    marks = row.locator(".qm-verdict")
    assert [marks.nth(i).get_attribute("title") for i in range(marks.count())] == [
        words.verdict_words(v) for v in (a1["versus_parent"], a1["versus_city"]) if v in words.VERDICT_WORDS]
    note = page.locator(".qm-interval-note-text").first
    note.scroll_into_view_if_needed()
    box = note.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390  # readable without scrolling the table
    wait_until_settled(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # nothing overflows sideways
    assert not probe.console_errors


def band_part(server, probe):
    page = probe.page
    page.set_default_timeout(20000)
    page.goto(f"{server.url}/zeitreihen?indikator=A1&ebene=planungsraum&gebiete=01010101,01020101")
    wait_for_drawn(page, "#trends-graph .scatterlayer path.js-line")
    page.wait_for_function(BANDS)
    assert page.evaluate(BANDS) >= 2  # each chosen area has its band
    assert page.locator("#trends-table .qm-interval").count() > 0
    assert not probe.console_errors
