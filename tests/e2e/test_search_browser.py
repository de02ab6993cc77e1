"""Finding a place in the browser (demo, one page load): a street and house number typed into the header search land
on the profile of the address's area; a postcode gives the list of its areas and a map focused on them, on a phone
the list first and fitting 360 px."""
from __future__ import annotations

import pandas as pd

from tests.e2e.conftest import ROOT, wait_for_drawn

SEARCH_INPUT = "#qm-search-wrapper input.dash-dropdown-search, .dash-dropdown-content input.dash-dropdown-search"


def _search(page, text: str, option_text: str) -> None:
    page.click("#qm-search")
    box = page.locator(SEARCH_INPUT).first
    box.wait_for(state="visible")
    box.fill(text)
    page.locator(".dash-dropdown-option").filter(has_text=option_text).first.click()


def test_address_and_postcode_search(server, probe):
    places = pd.read_parquet(ROOT / "data" / "demo" / "gazetteer.parquet")
    address = places[places["kind"] == "adresse"].iloc[100]
    postcode = places.loc[places["kind"] == "plz", "name"].value_counts().index[0]
    expected = set(places.loc[(places["kind"] == "plz") & (places["name"] == postcode), "area_id"])
    page = probe.page
    page.goto(f"{server.url}/")
    wait_for_drawn(page, "#map path.qm-area")

    _search(page, f"{address['name']} {address['number']}", "Adresse")
    page.wait_for_function("(p) => location.pathname === p", arg=f"/gebiet/{address['area_id']}")
    wait_for_drawn(page, "#profile-map path.qm-outline")

    _search(page, postcode, "Postleitzahl")
    page.wait_for_function("() => location.pathname === '/suche'")
    assert page.evaluate("() => new URLSearchParams(location.search).get('ort')") == postcode
    page.wait_for_selector(".qm-search-table tbody tr")
    links = page.eval_on_selector_all(".qm-search-table tbody a", "els => els.map(a => a.getAttribute('href'))")
    assert {href.split("/gebiet/")[1].split("?")[0] for href in links} == expected
    wait_for_drawn(page, "#suche-map path.qm-area")
    focused = page.evaluate("""() => [...document.querySelectorAll('#suche-map path.qm-area')]
        .filter(p => parseFloat(p.getAttribute('fill-opacity') || '1') > 0.5 && p.getAttribute('fill') === '#2b6cb0').length""")
    assert focused >= 1
    # on a phone (360 px): the list first, the map below it, and the table inside its box and the page
    page.set_viewport_size({"width": 360, "height": 740})
    page.wait_for_function("() => document.querySelector('.qm-search-map').getBoundingClientRect().width < 360")
    fit = page.evaluate("""() => {
        const box = document.querySelector('.qm-search-list .qm-table-scroll');
        return {page: document.documentElement.scrollWidth, inner: box.scrollWidth, outer: box.clientWidth,
                list: document.querySelector('.qm-search-list').getBoundingClientRect().top,
                map: document.querySelector('.qm-search-map').getBoundingClientRect().top};
    }""")
    assert fit["page"] <= 360 and fit["inner"] <= fit["outer"] and fit["list"] < fit["map"], fit
    assert probe.console_errors == []
