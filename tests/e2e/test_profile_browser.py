"""The area profile in a real browser: opening /gebiet/<id>, figures against the store, print to A4 PDF, downloads."""
from __future__ import annotations

import io
import re
import unicodedata

import openpyxl
import pytest

from dashboard.catalog import load_dataset
from dashboard.monitor import Monitor
from dashboard.present import localized_figures, value_text
from dashboard.reports import profile as report
from dashboard.store import Store
from dashboard.ui import profile as view
from tests.e2e.conftest import ROOT, wait_for_drawn

pytestmark = pytest.mark.e2e
AREA = "01010104"


@pytest.fixture(scope="module")
def monitor():
    dataset = load_dataset(ROOT / "data" / "demo")
    return Monitor(dataset, Store(dataset.path))


def open_profile(page, server, area_id=AREA, query=""):
    page.goto(f"{server.url}/gebiet/{area_id}{query}")
    page.wait_for_selector(f"#{view.ARTICLE}")
    wait_for_drawn(page, f"#{view.MAP} path.qm-outline")
    page.wait_for_selector(f"#{view.P}-chart-1 .main-svg")


def pdf_text(pdf: bytes) -> str:
    """Text of a Chromium PDF, read with pypdf (a hand-written stream parser cut a compressed stream whose last byte
    was a carriage return and failed on that profile), NFKC (Chromium writes ligatures such as "fi" as one glyph)."""
    import pypdf

    return unicodedata.normalize("NFKC", "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages))


def squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def test_profile_opens_by_url_with_the_figures_of_the_store(server, probe, monitor):
    page = probe.page
    open_profile(page, server)
    assert page.inner_text("h1") == "Am Markt"
    crumbs = page.locator(f"#{view.BREADCRUMB} a")
    assert crumbs.all_inner_texts() == [a["name"] for a in reversed(monitor.ancestors(AREA))]
    figures = report.key_figures(monitor, AREA, 2024)
    for row in localized_figures(figures, "de", monitor.indicator).to_dict("records"):
        cells = page.locator(f"#{view.P}-row-{row['indicator_id']} td").all_inner_texts()
        if row["kind"] != "class":
            assert cells[0].startswith(value_text(row["value"], view.cell_unit(row["unit"]), int(row["decimals"])))
        assert cells[1] == row["stichtag"]
        assert cells[2] == value_text(row["parent_value"], view.cell_unit(row["unit"]), int(row["decimals"]))
        assert cells[7] == view.rank_text(row["rank_city"], row["n_city"])
    # the area is highlighted on the overview map, its siblings lightly
    assert page.locator(f"#{view.MAP} path.qm-area-{AREA}").get_attribute("fill") == view.HIGHLIGHT
    # strengths and weaknesses as sentences, apart from the area's own notes
    weaknesses = [a["text"] for a in view.assessments_of(monitor, figures) if a["side"] == "weakness"]
    assert weaknesses and weaknesses[0] in page.inner_text(f"#{view.ASSESSMENT}")
    assert "Historischer Stadtkern" in page.inner_text(f"#{view.OWN_NOTES}")
    # the year selector re-renders the profile for another year
    page.click(f"#{view.YEAR}")
    page.get_by_role("option", name="2019", exact=True).click()
    page.wait_for_function("() => location.search.includes('jahr=2019')")
    page.wait_for_function(f"() => document.querySelector('#{view.P}-row-A1 td:nth-of-type(2)')?.innerText === '31.12.2019'")
    # a click on another area of the overview map opens its profile
    page.locator(f"#{view.MAP} path.qm-area-01010101").dispatch_event("click")
    page.wait_for_function("() => location.pathname === '/gebiet/01010101'")
    page.wait_for_function(f"() => document.querySelector('h1')?.innerText === {monitor.area('01010101')['name']!r}")
    assert probe.console_errors == []


def test_print_layout_renders_an_a4_pdf_with_the_table(server, probe, monitor):
    page = probe.page
    open_profile(page, server)
    page.emulate_media(media="print")
    assert not page.locator(".qm-profile-toolbar").is_visible() and not page.locator(".qm-nav").is_visible()
    assert page.locator(f"#{view.FIGURES} table").first.is_visible()
    # the profile names its sources and Datenstand itself: the app's footer is not printed under it (sources once)
    assert not page.locator(".qm-footer").is_visible()
    assert monitor.dataset.release in page.inner_text(f"#{view.SOURCES}")
    pdf = page.pdf(format="A4", print_background=True)
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))
    # 4 before issue 17 added the interval under each value, the class-change sentences and the tested assessment
    assert 1 <= pages <= 5, pages  # the Berlin case: tests/e2e/test_profile_print.py
    assert re.search(rb"/MediaBox \[0 0 595\.\d+ 842\.\d+\]", pdf)  # A4 in points
    text = squash(pdf_text(pdf))
    a1 = next(f for f in monitor.key_figures(AREA, 2024) if f.indicator.id == "A1")
    for needle in ("Am Markt", "Teil I – Beschreibung und Bewertung", a1.indicator.label_de,
                   value_text(a1.value, "%", 1), f"Datenstand {monitor.dataset.release}", "Quellen und Datenstand"):
        assert squash(needle) in text, needle
    assert "Tabelle als CSV" not in pdf_text(pdf)  # controls are not printed
    assert probe.console_errors == []


def test_downloads_csv_and_xlsx_match_the_store(server, probe, monitor):
    page = probe.page
    open_profile(page, server)
    with page.expect_download() as info:
        page.click(f"#{view.XLSX_BUTTON}")
    download = info.value
    assert download.suggested_filename == f"gebietsprofil-{AREA}-2024.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(open(download.path(), "rb").read()))
    rows = {r[2]: r for r in book["Kennzahlen"].iter_rows(values_only=True) if r[2] is not None}
    code = rows["Kennzahl-ID"].index("Klasse (Code)")
    for figure in monitor.key_figures(AREA, 2024):
        row = rows[figure.indicator.id]
        if figure.indicator.kind == "class":  # code and label, not a bare number
            assert row[6] is None and row[code] == str(int(figure.value)), figure.indicator.id
        else:
            assert row[6] == pytest.approx(round(figure.value, figure.indicator.decimals)), figure.indicator.id
    with page.expect_download() as info:
        page.click(f"#{view.CSV_BUTTON}")
    raw = open(info.value.path(), "rb").read()
    assert raw.startswith(b"\xef\xbb\xbf")  # the byte-order mark arrives intact (base64 download)
    csv_text = raw.decode("utf-8-sig")
    assert info.value.suggested_filename.endswith(".csv") and "Kennzahl-ID;Kennzahl" in csv_text
    # a chart downloads as PNG through the plotly modebar
    page.hover(f"#{view.P}-chart-1")
    with page.expect_download() as info:
        page.click(f"#{view.P}-chart-1 .modebar-btn[data-title]")
    assert info.value.suggested_filename.endswith(".png")
    assert open(info.value.path(), "rb").read(8) == b"\x89PNG\r\n\x1a\n"
    assert probe.console_errors == []


def test_unknown_area_in_the_browser(server, probe):
    page = probe.page
    page.goto(f"{server.url}/gebiet/gibtsnicht")
    page.wait_for_selector(f"#{view.NOT_FOUND}")
    assert "Gebiet nicht gefunden" in page.inner_text(f"#{view.NOT_FOUND}")
    page.fill(f"#{view.SEARCH}", "Kreuzkamp")
    page.press(f"#{view.SEARCH}", "Enter")
    page.locator(f"#{view.SEARCH_RESULTS} a").first.click()
    page.wait_for_function("() => location.pathname === '/gebiet/10020102'")
    page.wait_for_selector(f"#{view.ARTICLE}")
    assert probe.console_errors == []
