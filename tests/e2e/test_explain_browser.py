"""The map legend's "Steckbrief" link opens the indicator's fact sheet in the app, whose small map paints in the
colours of the main map; on the way the indicator search lists a label-word match first (assets/qm_explain.js). One
page load on the session demo server."""
from __future__ import annotations

import pytest

from dashboard.catalog import load_dataset
from tests.e2e.conftest import ROOT, wait_for_drawn, wait_until_settled

pytestmark = pytest.mark.e2e


def test_legend_link_opens_the_fact_sheet_and_its_map_paints(server, probe):
    page = probe.page
    page.goto(f"{server.url}/?indikator=A3")
    wait_for_drawn(page, ".qm-map path.leaflet-interactive")
    wait_until_settled(page)
    main_fills = set(page.evaluate("() => [...document.querySelectorAll('.qm-map path.leaflet-interactive')]"
                                   ".map(p => p.getAttribute('fill'))"))
    # "einwohner": a word of EW's label, but also in the definition of A1, which the dropdown lists earlier (Dash filters
    # by label, id and definition and keeps the options' order); assets/qm_explain.js puts the label match first
    dataset = load_dataset(ROOT / "data" / "demo")
    page.click("#map-indicator")
    search = page.locator("input.dash-dropdown-search")
    search.wait_for(state="visible")
    search.fill("einwohner")
    first = f"{dataset.indicators['EW'].label_de} (EW)"
    page.wait_for_function("(want) => { const o = document.querySelector('.dash-dropdown-option');"
                           " return o !== null && o.innerText.trim() === want; }", arg=first, timeout=5000)
    listed = page.locator(".dash-dropdown-option").all_inner_texts()
    assert f"{dataset.indicators['A1'].label_de} (A1)" in [t.strip() for t in listed[1:]]  # the definition match follows
    page.keyboard.press("Escape")
    page.locator(".qm-legend-sheet-link").click()  # a desktop window: the legend is open
    page.wait_for_url("**/indikator/A3")
    wait_for_drawn(page, "#sheet-map path.leaflet-interactive")
    wait_until_settled(page)
    assert page.locator("h1.qm-sheet-title").inner_text() == dataset.indicators["A3"].label_de
    fills = page.evaluate("() => [...document.querySelectorAll('#sheet-map path.leaflet-interactive')]"
                          ".map(p => p.getAttribute('fill'))")
    # painted in the indicator's classes (the main map's colours), not the grey of a map without colouring
    assert len(set(fills)) >= 3 and set(fills) <= main_fills | {"#d9d9d9", "#f7f7f7"}
    assert page.locator("#sheet-trend .main-svg").count() > 0  # the city's trend is drawn
    # back on the map, "Methodik ›" opens the methodology at the section on map classes, scrolled into view
    page.go_back()
    page.locator(".qm-legend-method-link").click()
    page.wait_for_url("**/methodik#klassen")
    page.wait_for_function("() => { const e = document.getElementById('klassen');"
                           " return e !== null && Math.abs(e.getBoundingClientRect().top) < 80; }", timeout=5000)
    assert probe.console_errors == []
