"""First paint without a router round trip: the layout holds the page of the address the browser opened (its
Referer), the router leaves that page in place once, and the page's HTML preloads exactly the geometry its map
fetches (a different URL would be a second download, not a cache hit)."""
from __future__ import annotations

import json
import re

from dashboard import RENDERED, page_address
from dashboard.ui import ids


def _find(node, component_id):
    if isinstance(node, dict):
        if node.get("props", {}).get("id") == component_id:
            return node
        for value in node.get("props", {}).values():
            found = _find(value, component_id)
            if found is not None:
                return found
    elif isinstance(node, list):
        for item in node:
            found = _find(item, component_id)
            if found is not None:
                return found
    return None


def test_page_address_takes_path_and_query_of_the_referer():
    assert page_address("http://example.org/gebiet/0101?jahr=2022") == ("/gebiet/0101", "?jahr=2022")
    assert page_address("https://example.org/") == ("/", "")
    assert page_address(None) is None and page_address("javascript:alert(1)") is None
    assert page_address("http://example.org/app/karte", "/other/") is None


def test_layout_holds_the_page_and_the_html_preloads_its_geometry(app, callbacks):
    client = app.server.test_client()
    level = app.monitor.dataset.level_ids[1]
    search = f"?ebene={level}&sprache=en"
    layout = json.loads(client.get("/_dash-layout", headers={"Referer": f"http://localhost/{search}"}).data)
    areas = _find(layout, ids.AREAS)
    assert areas is not None, "the map page is part of the initial layout"
    assert _find(layout, ids.LANG)["props"]["data"] == "en" and _find(layout, RENDERED)["props"]["data"] == ["/", search]
    assert "Switch to English" not in json.dumps(_find(layout, ids.HEADER)), "the header is in the page language"
    geo_urls = [areas["props"]["url"], _find(layout, f"{ids.AREAS}-outlines")["props"]["url"]]
    assert level in geo_urls[0]
    html = client.get(f"/{search}").get_data(as_text=True)
    preloaded = re.findall(r'<link rel="preload" as="fetch" crossorigin="anonymous" href="([^"]+)">', html)
    assert preloaded == list(dict.fromkeys(geo_urls)), "preload = the URLs the map fetches, byte for byte"
    assert all(client.get(url).status_code == 200 for url in preloaded)
    assert not re.findall(r'as="fetch"', client.get("/zeitreihen").get_data(as_text=True)), "no map, no geometry"

    # the router leaves the page in place once (only clearing the marker), then renders as before
    inputs = {f"{ids.URL}.pathname": "/", f"{ids.URL}.search": search}
    kept = json.loads(callbacks.call(ids.PAGE, "children", inputs, state={f"{ids.LANG}.data": "en", f"{RENDERED}.data": ["/", search]}).data)
    assert kept["response"] == {RENDERED: {"data": None}}
    rendered = json.loads(callbacks.call(ids.PAGE, "children", inputs, state={f"{ids.LANG}.data": "en", f"{RENDERED}.data": None}).data)
    assert _find(rendered["response"][ids.PAGE]["children"], ids.AREAS) is not None

    bare = json.loads(client.get("/_dash-layout").data)  # no Referer: an empty page the router fills
    assert _find(bare, ids.PAGE)["props"].get("children") is None and _find(bare, RENDERED)["props"]["data"] is None


def test_the_grid_library_waits_until_the_table_is_asked_for(app, callbacks):
    """The grid library is named, not loaded, by the HTML (assets/qm_grid.js loads it near the table); the map
    page holds a placeholder, and the grid comes for the view the controls show then, with its selection."""
    client = app.server.test_client()
    html = client.get("/").get_data(as_text=True)
    scripts = re.findall(r'<script src="([^"]+)"', html)
    lazy = re.findall(r'<meta name="qm-grid-script" content="([^"]+)">', html)
    assert len(lazy) == 1 and "dash_ag_grid" in lazy[0] and client.get(lazy[0]).status_code == 200
    assert not [s for s in scripts if "dash_ag_grid" in s or "dash_table" in s]
    area = app.monitor.store.frame("areas_by_level", {"level": "bezirk"})["area_id"].iloc[0]
    state = {f"{ids.INDICATOR}.value": "A1", f"{ids.YEAR}.value": 2022, f"{ids.LEVEL}.value": "bezirk",
             f"{ids.FOCUS}.data": None, f"{ids.SELECTED}.data": area, f"{ids.LANG}.data": "de"}
    body = json.loads(callbacks.call("map-table-slot", "children", {"map-table-open.data": 1}, state).data)
    grid = _find(body["response"]["map-table-slot"]["children"], ids.TABLE)["props"]
    assert {row["area_id"] for row in grid["rowData"]} == set(app.monitor.values("A1", 2022, "bezirk")["area_id"])
    assert grid["selectedRows"] == {"ids": [area]}
