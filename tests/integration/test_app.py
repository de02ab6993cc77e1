"""Every layout builds and every callback answers through the real app on the demo data."""
from __future__ import annotations

import json
import re

import pytest

from dashboard.ui import ids
from dashboard.ui.components import indicator_options
from tests.integration.conftest import CallbackClient


def render(app, path="/", search=""):
    client = CallbackClient(app)
    response = client.call(ids.PAGE, "children", {f"{ids.URL}.pathname": path, f"{ids.URL}.search": search})
    assert response.status_code == 200, response.data[:500]
    return json.loads(response.data)["response"][ids.PAGE]["children"]


def find(tree, component_id):
    """Find a component by id in a serialized layout."""
    if isinstance(tree, dict):
        if tree.get("props", {}).get("id") == component_id:
            return tree
        for value in tree.get("props", {}).values():
            found = find(value, component_id)
            if found:
                return found
    elif isinstance(tree, list):
        for item in tree:
            found = find(item, component_id)
            if found:
                return found
    return None


def test_index_and_assets_are_served(app):
    client = app.server.test_client()
    page = client.get("/")
    assert page.status_code == 200 and b'lang="de"' in page.data
    assert client.get("/healthz").json["release"] == app.monitor.dataset.release
    assert client.get("/_dash-layout").status_code == 200


@pytest.mark.parametrize("level", ["planungsraum", "bezirksregion", "prognoseraum", "bezirk"])
def test_map_layout_builds_for_every_level_with_first_colouring(app, level):
    tree = render(app, "/", f"?indikator=A1&jahr=2022&ebene={level}")
    areas = find(tree, ids.AREAS)
    hideout = areas["props"]["hideout"]
    bundle = app.monitor.map_bundle("A1", 2022, level)
    assert hideout["classes"] == bundle.hideout["classes"]
    assert areas["props"]["url"].startswith(f"/geo/{level}.")
    assert find(tree, ids.LEVEL)["props"]["value"] == level
    assert find(tree, ids.YEAR)["props"]["value"] == 2022


def test_every_indicator_builds_at_its_default_level(app):
    for indicator in app.monitor.indicators():
        levels = app.monitor.levels_for(indicator.id)
        assert levels, f"{indicator.id} hat keine Ebene mit Werten"
        tree = render(app, "/", f"?indikator={indicator.id}&ebene={levels[0]}")
        assert find(tree, ids.INDICATOR)["props"]["value"] == indicator.id


def test_unknown_path_renders_not_found(app):
    tree = render(app, "/gibt-es-nicht")
    assert "Seite nicht gefunden" in json.dumps(tree, ensure_ascii=False)


def test_hostile_query_falls_back_to_default_view(app):
    tree = render(app, "/", "?indikator=1;DROP TABLE areas&jahr=99999999999&ebene=<b>&gebiet=' OR 1=1")
    assert find(tree, ids.INDICATOR)["props"]["value"] == app.monitor.dataset.default_indicator
    assert find(tree, ids.NOTICE) is not None


def test_map_texts_leave_unchanged_controls_alone(app, callbacks):
    """A year change within the same indicator does not resend the slider's marks or the level options."""
    years = app.monitor.years("A1", "planungsraum")
    first = json.loads(callbacks.call(ids.YEAR, "marks", {
        f"{ids.INDICATOR}.value": "A1", f"{ids.YEAR}.value": years[-1], f"{ids.LEVEL}.value": "planungsraum",
    }).data)["response"]
    # the browser sends the marks back with string keys, the options as it got them
    again = json.loads(callbacks.call(ids.YEAR, "marks", {
        f"{ids.INDICATOR}.value": "A1", f"{ids.YEAR}.value": years[0], f"{ids.LEVEL}.value": "planungsraum",
    }, state={f"{ids.YEAR}.marks": first[ids.YEAR]["marks"], f"{ids.LEVEL}.options": first[ids.LEVEL]["options"]}).data)["response"]
    assert ids.YEAR not in again and ids.LEVEL not in again
    assert str(years[0]) in json.dumps(again[ids.MAP_TITLE]["children"])


def test_click_selects_area_and_panel_shows_key_figures(app, callbacks):
    area_id = app.monitor.store.frame("areas_by_level", {"level": "planungsraum"})["area_id"].iloc[5]
    response = callbacks.call(ids.SELECTED, "data", {f"{ids.AREAS}.clickData": {"properties": {"id": area_id}}})
    assert json.loads(response.data)["response"][ids.SELECTED]["data"] == area_id
    unknown = callbacks.call(ids.SELECTED, "data", {f"{ids.AREAS}.clickData": {"properties": {"id": "nope"}}})
    assert json.loads(unknown.data)["response"] == {}  # no_update: the selection stays
    panel = callbacks.call(ids.AREA_PANEL, "children", {f"{ids.SELECTED}.data": area_id, f"{ids.YEAR}.value": 2024},
                           state={f"{ids.INDICATOR}.value": "A1"})
    text = json.dumps(json.loads(panel.data), ensure_ascii=False)
    assert app.monitor.area(area_id)["name"] in text and "Gesamtstadt" in text


def test_indicator_options_are_grouped_by_dimension(app):
    options = indicator_options(app.monitor)
    headers = [o for o in options if o.get("disabled")]
    assert {h["label"].strip("— ") for h in headers} >= {"Soziales", "Umwelt", "Gesundheit", "Bildung", "Demografie"}
    assert len([o for o in options if not o.get("disabled")]) == len(app.monitor.indicators())


def test_public_app_hides_non_public_indicators_and_suppressed_values(public_app):
    monitor = public_app.monitor
    hidden = [i.id for i in monitor.dataset.indicators.values() if not i.public]
    assert hidden, "Demo braucht nicht-öffentliche Indikatoren"
    tree = render(public_app, "/", f"?indikator={hidden[0]}")
    text = json.dumps(tree, ensure_ascii=False)
    assert find(tree, ids.INDICATOR)["props"]["value"] != hidden[0]
    for indicator_id in hidden:
        assert f'"value": "{indicator_id}"' not in text
    bundle = monitor.map_bundle("A1", 2024, "planungsraum")
    suppressed = [a for a, k in bundle.hideout["classes"].items() if k == -2]
    assert suppressed and not set(suppressed) & set(bundle.hideout["values"])
    assert "withheld" not in bundle.hideout


@pytest.mark.parametrize("search", ["?" + "&".join(f"p{i}=1" for i in range(100)), "?indikator=" + "A" * 5000, "?%ZZ=%%"])
def test_oversized_or_malformed_query_gives_the_default_view(app, search):
    tree = render(app, "/", search)
    assert find(tree, ids.INDICATOR)["props"]["value"] == app.monitor.dataset.default_indicator


def test_router_serves_a_page_again_from_its_cache_unchanged(app):
    """The second visitor of an address gets the same page as the first; language and view state
    still make different pages, and a pinned release only adds its banner."""
    search = "?indikator=A3&jahr=2022&ebene=bezirksregion"
    first = render(app, "/", search)
    assert render(app, "/", search) == first
    english = render(app, "/", search + "&sprache=en")
    assert english != first and "Spatial level" in json.dumps(english)
    pinned = json.dumps(render(app, "/", search + "&stand=0000aaaa"))
    assert ids.RELEASE_BANNER in pinned and json.dumps(first)[1:-1] in pinned
    other_year = render(app, "/", "?indikator=A3&jahr=2021&ebene=bezirksregion")
    assert find(other_year, ids.YEAR)["props"]["value"] == 2021


def test_index_preloads_the_code_chunks_the_pages_load_later(app):
    """The HTML names the lazily loaded chunks of the component libraries; each must exist, or a
    package update renamed it and the preload only costs a failed request."""
    client = app.server.test_client()
    html_text = client.get("/").get_data(as_text=True)
    hrefs = re.findall(r'<link rel="preload" as="script" href="([^"]+)">', html_text)
    assert len(hrefs) == 4
    assert not any("dash_ag_grid" in href for href in hrefs), "the area table's grid is no part of the first paint"
    for href in hrefs:
        response = client.get(href)
        assert response.status_code == 200, href
        assert "javascript" in response.content_type, (href, response.content_type)
