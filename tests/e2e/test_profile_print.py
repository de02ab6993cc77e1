"""The area profile prints like a report (issue 13): the Berlin Planungsraum 08301036 on A4 in Chromium.

At most 4 pages; every page has the area in its running header and "Seite n von N" at its foot (CSS @page margin
boxes, read back from the PDF by their position on the page); no control is printed; the sources stand once; no
header cell of the key-figure tables breaks a word or lets it run out of the cell. Before printing, the same page
offers the comparison with its neighbours (Monitor.neighbours, computed at import).
"""
from __future__ import annotations

import io
import re
import unicodedata

import pytest

from dashboard.reports import profile as report
from dashboard.reports import series
from dashboard.reports.compare import MAX_AREAS
from dashboard.ui import profile as view
from tests.e2e.conftest import wait_for_drawn, wait_until_settled

pytestmark = pytest.mark.e2e
AREA = "08301036"  # Gropiusstadt Mitte (Neukölln): printed as 9 pages before issue 13
MAX_PAGES = 6  # 4 before issue 15 added the facilities (2.8) and, in Teil II, the funding areas and measures;
# 5 before issue 17 added the population groups (2.9), the 95 % interval under each value and the tested assessment
MM = 72 / 25.4  # PDF points per millimetre
A4_TEXT_WIDTH_PX = round((210 - 24) / 25.4 * 96)  # the page width less the @page margins of assets/qm_print.css

# Words of the tables' header cells that a line break splits, or that run out of their cell: text ranges per word,
# their line boxes (a word on two lines has boxes at two heights) against the cell's box.
BROKEN_HEADER_WORDS = """() => [...document.querySelectorAll('.qm-profile-table thead th')].flatMap((th) => {
  const cell = th.getBoundingClientRect();
  const found = [];
  const walker = document.createTreeWalker(th, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const match of node.data.matchAll(/\\S+/g)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const boxes = [...range.getClientRects()].filter((box) => box.width > 0);
      if (new Set(boxes.map((box) => Math.round(box.top))).size > 1) { found.push('gebrochen: ' + match[0]); }
      if (boxes.some((box) => box.left < cell.left - 0.5 || box.right > cell.right + 0.5)) { found.push('ragt heraus: ' + match[0]); }
    }
  }
  return found;
})"""

# The texts of the controls on screen: buttons and button-like links with words (the toolbar's labels are checked by name)
CONTROL_TEXTS = """() => [...document.querySelectorAll('button, a.qm-button, .qm-header-button')]
  .map((el) => el.innerText.trim()).filter((text) => /\\p{L}{3}/u.test(text))"""  # words: not the year picker's "2024"


def page_texts(pdf: bytes) -> list[dict[str, str]]:
    """Per page: the text in the top margin ("head"), in the bottom margin ("foot") and all of it ("all"), NFKC
    (Chromium writes ligatures such as "fi" as one glyph)."""
    import pypdf

    pages = []
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        height = float(page.mediabox.height)
        parts: dict[str, list[str]] = {"head": [], "foot": [], "all": []}

        def visit(text, cm, tm, _font, _size, parts=parts, height=height):
            y = tm[5] * cm[3] + cm[5]
            parts["all"].append(text)
            if y > height - 14 * MM:
                parts["head"].append(text)
            elif y < 13 * MM:
                parts["foot"].append(text)

        page.extract_text(visitor_text=visit)
        pages.append({k: unicodedata.normalize("NFKC", " ".join("".join(v).split())) for k, v in parts.items()})
    return pages


def test_berlin_profile_offers_its_neighbours_and_prints_as_a_report(berlin, browser):
    server, monitor = berlin
    name = monitor.area(AREA)["name"]
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="de-DE")
    page = context.new_page()
    page.set_default_timeout(30000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(f"{server.url}/gebiet/{AREA}")
        page.wait_for_selector(f"#{view.ARTICLE}")
        wait_for_drawn(page, f"#{view.MAP} path.qm-outline")
        wait_until_settled(page, timeout=60000)

        # "mit Nachbargebieten vergleichen": this area and the neighbours with the longest shared borders
        neighbours = monitor.neighbours(AREA)
        assert neighbours, "Gropiusstadt Mitte hat Nachbargebiete"
        compared = [AREA, *neighbours[:MAX_AREAS - 1]]
        link = page.locator(f"#{view.NEIGHBOURS_LINK}")
        assert link.inner_text() == "mit Nachbargebieten vergleichen"
        assert link.get_attribute("href").startswith("/vergleich?gebiete=" + ",".join(compared))
        shown = page.locator(f"#{view.NEIGHBOURS} a:not(#{view.NEIGHBOURS_LINK})").all_inner_texts()
        assert shown == [monitor.area(a)["name"] for a in neighbours]
        controls = set(page.evaluate(CONTROL_TEXTS))
        assert {"Drucken / als PDF speichern", "Link kopieren", "mit Nachbargebieten vergleichen"} <= controls

        # print: the A4 text width, print media; header cells keep their words whole and inside the cell
        page.set_viewport_size({"width": A4_TEXT_WIDTH_PX, "height": 1000})
        page.emulate_media(media="print")
        assert page.locator(".qm-profile-table thead th").count() > 10
        assert page.evaluate(BROKEN_HEADER_WORDS) == []
        pdf = page.pdf(format="A4", prefer_css_page_size=True, print_background=True)
    finally:
        context.close()
    assert errors == []

    pages = page_texts(pdf)
    assert len(pages) <= MAX_PAGES, f"{len(pages)} Seiten"
    for number, text in enumerate(pages, start=1):
        assert name in text["head"] and AREA in text["head"], (number, text["head"])
        assert text["foot"] == f"Seite {number} von {len(pages)}", (number, text["foot"])
    everything = " ".join(p["all"] for p in pages)
    squashed = re.sub(r"\s+", "", everything)
    for control in controls | {"Kennzahlen gruppieren nach", "Anderes Gebiet suchen"}:  # no control is printed
        assert re.sub(r"\s+", "", control) not in squashed, control
    # the sources once: the dataset's attribution (the app's footer is not printed under the profile's sources)
    attribution = re.sub(r"\s+", "", unicodedata.normalize("NFKC", monitor.dataset.attribution_for("de")))[:80]
    assert squashed.count(attribution) == 1
    assert squashed.count("QuellenundDatenstand") == 1
    # the report's parts are there: the assessment names the MSS weaknesses rated by the distribution
    for needle in ("Teil I – Beschreibung und Bewertung", "4. Zusammenfassung", "Rang 499 von 536", "Quellen und Datenstand"):
        assert re.sub(r"\s+", "", needle) in squashed, needle


def test_berlin_profile_trends_break_where_the_trends_view_does(berlin):
    """No browser: every figure of the profile of AREA (its sparkline and chart) breaks between estimate and measurement
    in the years the trends view's series.trend_frame does for the same area, and Berlin has such breaks here (the
    Planungsräume before 2021 are estimates carried from LOR 2006)."""
    _server, monitor = berlin
    year = max(monitor.years("EW", "planungsraum"))
    found = 0
    for row in report.key_figures(monitor, AREA, year).to_dict("records"):
        if len({e for _y, _v, e, _s in row["trend"]}) < 2:  # one basis throughout: no break either way
            continue
        frame = series.trend_frame(monitor, row["indicator_id"], "planungsraum", [AREA], reference=False)
        expected = [(b["year"], b["to"]) for b in series.definition_breaks(frame[frame["year"] <= year])]
        assert [(b["year"], b["to"]) for b in series.definition_breaks(report.trend_line(row["trend"]))] == expected, row["indicator_id"]
        found += len(expected)
    assert found
