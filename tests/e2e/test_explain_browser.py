"""The map legend's "Steckbrief" link opens the indicator's fact sheet in the app, whose small map paints in the
colours of the main map (one page load on the session demo server)."""
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
    page.locator(".qm-legend-sheet-link").click()  # a desktop window: the legend is open
    page.wait_for_url("**/indikator/A3")
    wait_for_drawn(page, "#sheet-map path.leaflet-interactive")
    wait_until_settled(page)
    assert page.locator("h1.qm-sheet-title").inner_text() == load_dataset(ROOT / "data" / "demo").indicators["A3"].label_de
    fills = page.evaluate("() => [...document.querySelectorAll('#sheet-map path.leaflet-interactive')]"
                          ".map(p => p.getAttribute('fill'))")
    # painted in the indicator's classes (the main map's colours), not the grey of a map without colouring
    assert len(set(fills)) >= 3 and set(fills) <= main_fills | {"#d9d9d9", "#f7f7f7"}
    assert page.locator("#sheet-trend .main-svg").count() > 0  # the city's trend is drawn
    assert probe.console_errors == []
