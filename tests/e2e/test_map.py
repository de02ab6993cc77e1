"""The map in a real browser: first paint, recolour without geometry, level switch, URL state,
a clean console, and two users who never see each other's selections."""
from __future__ import annotations

import json
import re

import pytest

from dashboard.catalog import load_dataset
from dashboard.methods.classify import NO_DATA_COLOR
from dashboard.monitor import Monitor
from dashboard.present import levels_in_sentence, standing_text
from dashboard.store import Store
from tests.e2e.conftest import ROOT, wait_for_drawn, wait_until_settled

pytestmark = pytest.mark.e2e

HATCH_FILL = "url(#qm-hatch)"  # withheld values are hatched (assets/qm_map.js)

COLLECT_FILLS = """() => {
  const out = {};
  for (const el of document.querySelectorAll('#map path.qm-area')) {
    const m = [...el.classList].find(c => c.startsWith('qm-area-') && !['qm-area-suppressed','qm-area-selected'].includes(c));
    if (m) out[m.slice(8)] = el.getAttribute('fill');
  }
  return out;
}"""


@pytest.fixture(scope="module")
def monitor():
    dataset = load_dataset(ROOT / "data" / "demo")
    return Monitor(dataset, Store(dataset.path), public=False)


def expected_fills(monitor: Monitor, indicator: str, year: int, level: str) -> dict[str, str]:
    bundle = monitor.map_bundle(indicator, year, level)
    colors = bundle.hideout["colors"]
    fills = {}
    for area_id, k in bundle.hideout["classes"].items():
        fills[area_id] = colors[k] if k >= 0 else (HATCH_FILL if k == -2 else NO_DATA_COLOR)
    return fills


def area_count(monitor: Monitor, level: str) -> int:
    return len(monitor.store.frame("areas_by_level", {"level": level}))


def wait_for_fills(page, expected: dict[str, str], timeout: float = 20000) -> dict[str, str]:
    """Wait until every area path has the expected fill; return what the page shows."""
    page.wait_for_function(
        """(expected) => {
          const paths = document.querySelectorAll('#map path.qm-area');
          if (paths.length !== Object.keys(expected).length) return false;
          for (const el of paths) {
            const id = [...el.classList].find(c => /^qm-area-[0-9A-Za-z]+$/.test(c) && c !== 'qm-area-suppressed' && c !== 'qm-area-selected');
            if (!id || el.getAttribute('fill') !== expected[id.slice(8)]) return false;
          }
          return true;
        }""",
        arg=expected, timeout=timeout,
    )
    return page.evaluate(COLLECT_FILLS)


def choose_indicator(page, indicator_id: str, label: str | None = None):
    """Pick an indicator the way a user does: open the dropdown, search, click the option. The internal view labels
    an option "<label> (<id>)", the public one only "<label>" (ui/components.indicator_options): give the label there."""
    page.click("#map-indicator")
    search = page.locator("input.dash-dropdown-search")
    search.wait_for(state="visible")
    search.fill(label or indicator_id)
    # the typed text reorders the options (assets/qm_explain.js, a clientside callback): click once they stand still,
    # not on the option that was under the pointer a moment before (a full test run caught the crawl clicking another)
    wait_until_settled(page, quiet_polls=3)
    text = rf"^{re.escape(label)}$" if label else rf"\({re.escape(indicator_id)}\)$"
    page.locator(".dash-dropdown-option").filter(has_text=re.compile(text)).first.click()


def test_first_paint_has_the_urls_colours(server, probe, monitor):
    page = probe.page
    page.goto(f"{server.url}/?indikator=A3&jahr=2020&ebene=planungsraum")
    expected = expected_fills(monitor, "A3", 2020, "planungsraum")
    assert len(expected) == area_count(monitor, "planungsraum")
    shown = wait_for_fills(page, expected)
    assert shown == expected
    assert len(set(shown.values())) >= 5  # a real choropleth, not one colour
    title = page.inner_text("#map-title")
    assert "31.12.2020" in title and monitor.indicator("A3").label_de in title
    legend = page.inner_text("#map-legend")
    assert monitor.indicator("A3").unit in legend and "Quelle" in legend and "Stichtag" in legend
    assert probe.console_errors == []


def test_indicator_change_recolours_without_refetching_geometry(server, probe, monitor):
    page = probe.page
    page.goto(f"{server.url}/?indikator=A1&jahr=2024&ebene=planungsraum")
    wait_for_fills(page, expected_fills(monitor, "A1", 2024, "planungsraum"))
    wait_for_drawn(page, "#map path.qm-outline")
    geometry_requests_before = [u for u in probe.requests if "/geo/" in u]
    assert len(geometry_requests_before) == 2  # the areas of the level and the district outlines
    probe.requests.clear()
    responses = []
    page.on("response", lambda r: responses.append(r) if "_dash-update-component" in r.url or "/faerbung/" in r.url else None)
    choose_indicator(page, "C1")
    wait_for_fills(page, expected_fills(monitor, "C1", 2024, "planungsraum"))
    assert [u for u in probe.requests if "/geo/" in u] == []
    page.wait_for_function("() => document.querySelector('#map-title').innerText.includes(%s)" % json.dumps(monitor.indicator("C1").label_de))
    bodies = {r.url: r.body() for r in responses}
    assert bodies and all(b"coordinates" not in b for b in bodies.values())
    # values and classes only, fetched from the colouring route (dashboard/colouring.py), not through a callback;
    # legend, texts and table come in callbacks of their own
    # the colouring itself; its standing sentences (…/rang, fetched at idle after the paint) may arrive in the window too
    recolour = [b for u, b in bodies.items() if "/faerbung/v1/" in u and "/C1/2024" in u and not u.split("?")[0].endswith("/rang")]
    assert len(recolour) == 1 and len(recolour[0]) < 60_000 and b'"classes"' in recolour[0]
    assert not any(b'"classes"' in b for u, b in bodies.items() if "_dash-update-component" in u)
    assert "indikator=C1" in page.url
    assert probe.console_errors == []


def test_year_and_level_switch(server, probe, monitor):
    page = probe.page
    page.goto(f"{server.url}/?indikator=A1&jahr=2024&ebene=planungsraum")
    wait_for_fills(page, expected_fills(monitor, "A1", 2024, "planungsraum"))
    page.get_by_role("radio", name="Bezirksregion", exact=True).check()
    shown = wait_for_fills(page, expected_fills(monitor, "A1", 2024, "bezirksregion"))
    assert len(shown) == area_count(monitor, "bezirksregion")
    page.get_by_role("radio", name="Bezirk", exact=True).check()
    shown = wait_for_fills(page, expected_fills(monitor, "A1", 2024, "bezirk"))
    assert len(shown) == area_count(monitor, "bezirk")
    assert "ebene=bezirk" in page.url
    # the year slider: move to the first year with the keyboard
    page.focus("#map-year [role=slider]")
    page.keyboard.press("Home")
    first_year = monitor.years("A1", "bezirk")[0]
    wait_for_fills(page, expected_fills(monitor, "A1", first_year, "bezirk"))
    # the address follows once the colours are painted (assets/qm_map.js colourMap answers Dash after the frame)
    page.wait_for_function("(year) => location.search.includes('jahr=' + year)", arg=first_year)
    assert probe.console_errors == []


def test_a_page_of_an_earlier_release_reloads_onto_the_current_one(server, probe, monitor):
    """A tab opened before a rollout: the host answers its colouring with 409 (dashboard/colouring.py); the page asks
    again, then reloads on the current release with the view it was asked for and says the release changed."""
    page = probe.page
    page.goto(f"{server.url}/?indikator=A1&jahr=2024&ebene=planungsraum")
    wait_for_fills(page, expected_fills(monitor, "A1", 2024, "planungsraum"))
    page.evaluate("() => { document.documentElement.setAttribute('data-qm-release', '0123456789ab'); window.qmBeforeReload = true; }")
    stale = []
    page.on("response", lambda r: stale.append(r.status) if "/faerbung/v1/0123456789ab/" in r.url else None)
    page.focus("#map-year [role=slider]")
    page.keyboard.press("Home")
    first_year = monitor.years("A1", "planungsraum")[0]
    page.wait_for_function("() => window.qmBeforeReload === undefined && document.querySelector('#qm-release-banner')")
    wait_for_fills(page, expected_fills(monitor, "A1", first_year, "planungsraum"))
    assert len(stale) >= 3 and set(stale) == {409}  # asked again, then reloaded
    assert page.evaluate("() => document.documentElement.getAttribute('data-qm-release')") == monitor.dataset.release
    assert f"jahr={first_year}" in page.url and "0123456789ab" in page.inner_text("#qm-release-banner")


def test_reload_shows_the_same_view_and_selection(server, probe, monitor):
    page = probe.page
    page.goto(f"{server.url}/?indikator=A1&jahr=2024&ebene=planungsraum")
    expected = expected_fills(monitor, "A1", 2024, "planungsraum")
    wait_for_fills(page, expected)
    area_id = sorted(expected)[10]
    page.dispatch_event(f"#map path.qm-area-{area_id}", "click")
    name = monitor.area(area_id)["name"]
    page.wait_for_function("(name) => document.querySelector('#map-area-panel h3')?.textContent === name", arg=name)
    page.wait_for_function("(id) => location.search.includes('gebiet=' + id)", arg=area_id)
    url = page.url
    page.reload()
    wait_for_fills(page, expected)
    assert page.inner_text("#map-area-panel h3") == name
    assert page.locator(f"#map path.qm-area-{area_id}").get_attribute("class").find("qm-area-selected") >= 0
    assert page.url == url
    # the key figures match the store
    population = next(f for f in monitor.key_figures(area_id, 2024) if f.indicator.id == "EW")
    panel = page.inner_text("#map-area-panel")
    assert f"{int(population.value):,}".replace(",", ".") in panel
    assert probe.console_errors == []


def test_invalid_url_falls_back_with_notice(server, probe, monitor):
    page = probe.page
    page.goto(f"{server.url}/?indikator=%3Cscript%3Ealert(1)%3C/script%3E&jahr=abc&ebene=x")
    wait_for_fills(page, expected_fills(monitor, monitor.dataset.default_indicator, monitor.dataset.default_year, monitor.dataset.default_level))
    assert "Hinweis" in page.inner_text("#qm-notice")
    assert probe.console_errors == []


def test_two_browsers_do_not_affect_each_other(server, browser, monitor):
    contexts = [browser.new_context(viewport={"width": 1200, "height": 800}) for _ in range(2)]
    try:
        a, b = (c.new_page() for c in contexts)
        a.goto(f"{server.url}/?indikator=A1&jahr=2024&ebene=planungsraum")
        b.goto(f"{server.url}/?indikator=A1&jahr=2024&ebene=planungsraum")
        expected_a1 = expected_fills(monitor, "A1", 2024, "planungsraum")
        wait_for_fills(a, expected_a1)
        wait_for_fills(b, expected_a1)
        ids = sorted(expected_a1)
        a.dispatch_event(f"#map path.qm-area-{ids[3]}", "click")
        b.dispatch_event(f"#map path.qm-area-{ids[200]}", "click")
        choose_indicator(b, "C1")
        wait_for_fills(b, expected_fills(monitor, "C1", 2024, "planungsraum"))
        a.wait_for_function("(n) => document.querySelector('#map-area-panel h3')?.textContent === n", arg=monitor.area(ids[3])["name"])
        assert a.evaluate(COLLECT_FILLS) == expected_a1  # B's indicator change did not recolour A
        assert "indikator=A1" in a.url and f"gebiet={ids[3]}" in a.url
        assert "indikator=C1" in b.url and f"gebiet={ids[200]}" in b.url
        assert b.inner_text("#map-area-panel h3") == monitor.area(ids[200])["name"]
    finally:
        for c in contexts:
            c.close()


def test_geometry_is_compressed_and_cached(server, probe):
    page = probe.page
    page.goto(server.url + "/")
    wait_for_drawn(page, "#map path.qm-area")
    urls = [u for u in probe.requests if "/geo/" in u]
    response = page.request.get(urls[0], headers={"Accept-Encoding": "gzip"})
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert response.headers["content-encoding"] == "gzip"
    features = json.loads(response.body())["features"]
    assert set(features[0]["properties"]) == {"id", "name", "label", "label_r"}


def test_tooltip_shows_name_value_and_unit(server, probe, monitor):
    page = probe.page
    page.goto(f"{server.url}/?indikator=A1&jahr=2024&ebene=planungsraum")
    expected = expected_fills(monitor, "A1", 2024, "planungsraum")
    wait_for_fills(page, expected)
    values = monitor.values("A1", 2024, "planungsraum").set_index("area_id")
    shown_id = next(a for a in sorted(expected) if not values.loc[a, "suppressed"] and values.loc[a, "value"] == values.loc[a, "value"])
    page.hover(f"#map path.qm-area-{shown_id}")
    tooltip = page.wait_for_selector(".leaflet-tooltip.qm-tooltip").inner_text()
    value = f"{values.loc[shown_id, 'value']:.1f}".replace(".", ",")
    assert values.loc[shown_id, "name"] in tooltip and f"{value} %" in tooltip
    # its rank and share among the level's values (methods/rank.py), worded as in the click panel and the profile
    standing = monitor.standings("A1", 2024, "planungsraum").loc[shown_id].to_dict()
    words = standing_text(standing, monitor.indicator("A1"), levels_in_sentence(monitor.dataset, "planungsraum"))
    assert "% der übrigen" in words and "(Rang " in words
    # the sentences come by their own address after the paint (dashboard/colouring.py /rang); an open tooltip gets them
    page.wait_for_function("(words) => document.querySelector('.leaflet-tooltip.qm-tooltip')?.innerText.includes(words)", arg=words)
    withheld_id = values.index[values["suppressed"]][0]
    assert expected[withheld_id] == HATCH_FILL
    assert page.locator("#qm-hatch").count() == 1  # the hatch pattern the fill refers to exists
    page.mouse.move(0, 0)
    page.dispatch_event(f"#map path.qm-area-{withheld_id}", "mouseover")  # it may lie under the legend
    page.wait_for_function("() => document.querySelector('.leaflet-tooltip.qm-tooltip')?.innerText.includes('geringe Fallzahl')")
    page.dispatch_event(f"#map path.qm-area-{withheld_id}", "mouseout")
    # a tooltip beside the legend opens clear of it (the legend lies above Leaflet's panes and would hide it)
    legend, seen = page.locator("#map-legend").bounding_box(), []
    for dx in (15, 120, 240):
        for dy in (0.1, 0.5, 0.9):
            page.mouse.move(legend["x"] - dx, legend["y"] + dy * legend["height"])
            for box in page.evaluate("() => [...document.querySelectorAll('#map .leaflet-tooltip.qm-tooltip')].map((e) =>"
                                     " { const r = e.getBoundingClientRect(); return {x: r.x, y: r.y, width: r.width, height: r.height}; })"):
                seen.append(box["x"] >= legend["x"] + legend["width"] or box["x"] + box["width"] <= legend["x"]
                            or box["y"] >= legend["y"] + legend["height"] or box["y"] + box["height"] <= legend["y"])
    assert len(seen) >= 3 and all(seen), seen
    assert probe.console_errors == []


def test_drill_down_fits_its_area_clear_of_title_and_legend(server, probe, monitor):
    """fokus= is fitted like the district focus of the other maps (assets/qm_map.js from hideout.view, the one fit):
    the area's sub-areas whole in the map, clear of the title and legend, the rest faded."""
    from dashboard.geometry import GeometryService
    from dashboard.ui import ids
    from tests.e2e.test_burden_browser import wait_for_focus

    page = probe.page
    dataset = monitor.dataset
    geometry = GeometryService(dataset.path / "web", dataset.level_ids, dataset.level_ids[-1])
    inside = sorted(monitor.descendants("03", "planungsraum"))
    outside = sorted(set(monitor.areas("planungsraum")["area_id"]) - set(inside))[0]
    page.goto(f"{server.url}/?indikator=A1&jahr=2024&ebene=planungsraum&fokus=03")
    seen = wait_for_focus(page, ids.MAP, inside, outside, geometry.area_bounds("03"))
    assert seen["fits"] == 1, seen  # fitted once, not by the container's bounds and again by the script
    assert probe.console_errors == []
