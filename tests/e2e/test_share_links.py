"""Shareable views: every view is described by its URL, which carries the data release; "Link
kopieren" copies it; opened elsewhere it shows the same view; a link made with an earlier release
opens with a banner naming both; the English switch keeps the view and survives navigation."""
from __future__ import annotations

import shutil
from urllib.parse import parse_qs, urlsplit

import pytest

from dashboard.catalog import load_dataset
from tests.conftest import DEMO_DIR
from tests.e2e.conftest import PageProbe, Server, wait_for_drawn, wait_until_settled
from tests.e2e.test_map import choose_indicator

pytestmark = pytest.mark.e2e

RELEASE = load_dataset(DEMO_DIR).release

# (URL, selector whose text identifies the view, a selector that shows it is drawn)
VIEWS = [
    ("/?indikator=A3&jahr=2021&ebene=bezirksregion&gebiet=100201", "#map-title", "#map path.qm-outline"),
    ("/mehrfachbelastung?jahr=2023&k=2", "#burden-title", "#burden-map path.qm-outline"),
    ("/sozialindex?jahr=2022", "#index-title", "#index-map path.qm-outline"),
    ("/veraenderung?indikator=A1&von=2016&bis=2024", "#change-title", "#change-map path.qm-outline"),
    ("/gebiet/100201?jahr=2023", "#qm-page h1", "#profile-map path.qm-outline"),
    ("/vergleich?gebiete=01010101,01010102,01010103&jahr=2024&indikator=A3", "#compare-title", "#compare-chart .main-svg"),
    ("/zeitreihen?indikator=A1&gebiete=01010101,100201", "#trends-title", "#trends-graph .main-svg"),
]


def query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


@pytest.fixture
def fresh(browser):
    """A new browser context per call: a colleague opening the link on another machine."""
    contexts = []

    def open_page() -> PageProbe:
        context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="de-DE")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(20000)
        return PageProbe(page)

    yield open_page
    for context in contexts:
        context.close()


def copy_link(page) -> str:
    page.click("#qm-copy-link")
    page.wait_for_function("() => window.qm && window.qm.lastCopiedLink")
    assert page.inner_text("#qm-copy-status") in ("Link kopiert", "Kopieren nicht möglich – bitte die Adresszeile kopieren.")
    return page.evaluate("() => window.qm.lastCopiedLink")


@pytest.mark.parametrize("path, heading, drawn", VIEWS, ids=[v[0].split("?")[0] for v in VIEWS])
def test_copied_link_round_trips_with_the_release(server, fresh, path, heading, drawn):
    probe = fresh()
    page = probe.page
    page.goto(server.url + path)
    wait_for_drawn(page, drawn)
    wait_until_settled(page)  # the heading and the address are final
    shown = page.inner_text(heading)
    link = copy_link(page)
    assert link.startswith(server.url) and query(link)["stand"] == [RELEASE]
    for key, values in query(server.url + path).items():  # the view's own parameters are all still there
        assert query(link).get(key) == values, (key, link)
    other = fresh()
    other.page.goto(link)
    wait_for_drawn(other.page, drawn)
    wait_until_settled(other.page)
    assert other.page.inner_text(heading) == shown
    assert other.page.locator("#qm-release-banner").count() == 0
    assert probe.console_errors == [] and other.console_errors == []


def test_changed_map_state_is_in_the_copied_link(server, fresh):
    probe = fresh()
    page = probe.page
    page.goto(server.url + "/?indikator=A1&jahr=2024&ebene=planungsraum")
    page.wait_for_function("() => window.qm.map.painted['map-areas'] && window.qm.map.painted['map-areas'].key === 'A1|2024|planungsraum'")
    first_title = page.inner_text("#map-title")
    choose_indicator(page, "A3")
    page.wait_for_function("() => window.qm.map.painted['map-areas'].key === 'A3|2024|planungsraum'")
    # the title comes with the legend, in the request after the colouring
    page.wait_for_function("(t) => document.getElementById('map-title').textContent !== t", arg=first_title)
    title = page.inner_text("#map-title")
    link = copy_link(page)
    assert query(link)["indikator"] == ["A3"] and query(link)["stand"] == [RELEASE]
    other = fresh()
    other.page.goto(link)
    other.page.wait_for_function("() => window.qm.map.painted['map-areas'] && window.qm.map.painted['map-areas'].key === 'A3|2024|planungsraum'")
    assert other.page.inner_text("#map-title") == title


@pytest.fixture(scope="module")
def updated_server(tmp_path_factory):
    """The demo as if it had been updated since release 'a1b2c3d4e5f6' (its history names the old release)."""
    folder = tmp_path_factory.mktemp("aktualisiert") / "demo"
    shutil.copytree(DEMO_DIR, folder)
    (folder / "releases.toml").write_text('[[release]]\nid = "a1b2c3d4e5f6"\nreplaced = "2026-03-31"\n', encoding="utf-8")
    server = Server(folder, workers=1)
    yield server
    server.stop()


def test_link_from_an_earlier_release_shows_a_banner_naming_both(updated_server, fresh):
    probe = fresh()
    page = probe.page
    page.goto(updated_server.url + "/gebiet/100201?jahr=2023&stand=a1b2c3d4e5f6")
    banner = page.wait_for_selector("#qm-release-banner")
    text = banner.inner_text()
    assert "a1b2c3d4e5f6" in text and "2026-03-31" in text and RELEASE in text
    assert page.get_attribute("#qm-release-banner", "role") == "status"
    # the address keeps naming the link's release while the view is unchanged (also once the app has
    # done everything it would do); a copied link names the current one
    wait_until_settled(page)
    assert query(page.url)["stand"] == ["a1b2c3d4e5f6"]
    assert query(copy_link(page))["stand"] == [RELEASE]
    assert probe.console_errors == []


def test_english_switch_keeps_the_view_and_survives_navigation(server, fresh):
    probe = fresh()
    page = probe.page
    page.goto(server.url + "/?indikator=A3&jahr=2021&ebene=bezirksregion")
    wait_for_drawn(page, "#map path.qm-outline")
    german_title = page.inner_text("#map-title")
    page.click("#qm-lang-switch")
    page.wait_for_function("() => document.documentElement.lang === 'en' && location.search.includes('sprache=en')")
    page.wait_for_function("() => (document.querySelector('#qm-copy-link') || {}).textContent === 'Copy link'")
    params = query(page.url)
    assert params["indikator"] == ["A3"] and params["jahr"] == ["2021"] and params["ebene"] == ["bezirksregion"]
    assert page.inner_text("#map-title") != german_title
    assert page.inner_text(".qm-nav").split("\n")[0].strip() == "Map"
    # following a link inside the app stays English
    page.get_by_role("link", name="Multiple burden").click()
    wait_for_drawn(page, "#burden-map path.qm-outline")
    page.wait_for_function("() => document.documentElement.lang === 'en' && location.search.includes('sprache=en')")
    assert page.inner_text("#qm-copy-link") == "Copy link"
    # and back to German
    page.click("#qm-lang-switch")
    page.wait_for_function("() => document.documentElement.lang === 'de' && !location.search.includes('sprache')")
    page.wait_for_function("() => (document.querySelector('#qm-copy-link') || {}).textContent === 'Link kopieren'")
    assert "/mehrfachbelastung" in page.url
    assert probe.console_errors == []
