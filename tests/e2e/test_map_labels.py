"""Place names on the map (assets/qm_labels.js) on the demo data: district names at start, area names in a focus
(only those in it), no two names overlapping, each name anchored inside its own area, names never taking a click,
bigger in presentation mode. Two page loads on the shared demo server."""
from __future__ import annotations

import json

import pandas as pd
import pytest
import shapely

from tests.e2e.conftest import ROOT, wait_until_settled

pytestmark = pytest.mark.e2e

DEMO = ROOT / "data" / "demo"
AREAS_ID = "map-areas"

# every shown name with its box, anchor and what a click at its centre would hit
SHOWN = """() => [...document.querySelectorAll('.qm-maplabel[data-id]')].filter(e => e.style.display !== 'none').map(e => {
  const r = e.getBoundingClientRect(), style = getComputedStyle(e);
  const x = (r.left + r.right) / 2, y = (r.top + r.bottom) / 2;
  const hit = x < innerWidth && y < innerHeight ? document.elementFromPoint(x, y) : null;  // null: below the fold
  return {id: e.dataset.id, text: e.textContent, outline: e.classList.contains('qm-maplabel-outline'),
          lat: +e.dataset.lat, lon: +e.dataset.lon, box: [r.left, r.top, r.right, r.bottom],
          pointer: style.pointerEvents, size: parseFloat(style.fontSize), hit: hit ? hit.tagName.toLowerCase() : null};
})"""


def web(level: str) -> dict[str, tuple[str, shapely.Geometry]]:
    doc = json.loads((DEMO / "web" / f"{level}.geojson").read_text(encoding="utf-8"))
    return {f["properties"]["id"]: (f["properties"]["name"], shapely.geometry.shape(f["geometry"])) for f in doc["features"]}


def shown_labels(page, outline_min: int = 1, area_min: int = 0) -> list[dict]:
    wait_until_settled(page)
    page.wait_for_function(
        """([cid, outlines, areas]) => {
             const s = window.qm && qm.labels && qm.labels.stats(cid);
             const shown = [...document.querySelectorAll('.qm-maplabel[data-id]')].filter(e => e.style.display !== 'none');
             return s && s.layouts > 0 && shown.filter(e => e.classList.contains('qm-maplabel-outline')).length >= outlines
               && shown.filter(e => e.classList.contains('qm-maplabel-area')).length >= areas;
           }""", arg=[AREAS_ID, outline_min, area_min])
    return probe_labels(page)


def probe_labels(page) -> list[dict]:
    return page.evaluate(SHOWN)


def check_layout(labels: list[dict], outlines: dict, areas: dict) -> None:
    """Names are right, anchored inside their area, do not overlap and let clicks through."""
    for label in labels:
        name, polygon = (outlines if label["outline"] else areas)[label["id"]]
        assert label["text"] == name
        assert polygon.contains(shapely.Point(label["lon"], label["lat"])), label
        assert label["pointer"] == "none" and label["hit"] in ("path", None), label  # the area under the name takes the click
    assert any(label["hit"] == "path" for label in labels)
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            apart = a["box"][2] <= b["box"][0] or b["box"][2] <= a["box"][0] or a["box"][3] <= b["box"][1] or b["box"][3] <= a["box"][1]
            assert apart, (a["text"], a["box"], b["text"], b["box"])


def test_names_on_the_map(server, probe):
    page = probe.page
    districts, plr = web("bezirk"), web("planungsraum")

    # start: the whole city, district names; area names only where they fit, never overlapping
    page.goto(server.url + "/?ebene=planungsraum")
    labels = shown_labels(page, outline_min=6)
    assert len([lb for lb in labels if lb["outline"]]) >= 6
    check_layout(labels, districts, plr)

    # focus on district 01 (the map view's drill-down), in English: names stay, only the focus is named
    inside = set(pd.read_parquet(DEMO / "areas.parquet").query("level == 'planungsraum' and bezirk_id == '01'")["area_id"])
    page.goto(server.url + "/?fokus=01&ebene=planungsraum&sprache=en")
    labels = shown_labels(page, outline_min=1, area_min=10)
    areas_named = [lb for lb in labels if not lb["outline"]]
    assert len(areas_named) >= 10
    assert {lb["id"] for lb in areas_named} <= inside  # the faded areas outside the focus stay unnamed
    assert "01" in {lb["id"] for lb in labels if lb["outline"]}
    check_layout(labels, districts, plr)
    normal = {lb["outline"]: lb["size"] for lb in labels}

    # presentation mode (the header's toggle): bigger names, laid out again without overlaps
    page.click("#qm-presentation-toggle")
    page.wait_for_function("""(size) => [...document.querySelectorAll('.qm-maplabel-outline[data-id]')]
        .some(e => e.style.display !== 'none' && parseFloat(getComputedStyle(e).fontSize) > size)""", arg=normal[True])
    wait_until_settled(page)
    labels = probe_labels(page)
    assert all(lb["size"] > normal[lb["outline"]] for lb in labels)
    check_layout(labels, districts, plr)
    assert not probe.console_errors


def test_a_map_of_the_outline_level_names_its_few_areas_like_districts(server, probe):
    """The districts' own map (the top level): the outline level is the shown level; its few areas are all named
    like districts (bold, always), each once, inside its area, without overlaps; after zooming in, the fallback
    searches of a layout stay within their budget. (Many areas of one level are named as areas: assets/qm_labels.js FEW.)"""
    page = probe.page
    districts = web("bezirk")
    page.goto(server.url + "/?ebene=bezirk")
    labels = shown_labels(page, outline_min=len(districts), area_min=0)
    assert not [lb for lb in labels if not lb["outline"]], labels  # all in district style
    assert sorted(lb["id"] for lb in labels) == sorted(districts)  # each district once
    check_layout(labels, districts, districts)
    before = page.evaluate("(cid) => qm.labels.stats(cid).layouts", AREAS_ID)
    for _ in range(3):
        page.click(".leaflet-control-zoom-in")
    page.wait_for_function("([cid, n]) => qm.labels.stats(cid).layouts > n", arg=[AREAS_ID, before])
    wait_until_settled(page)
    stats = page.evaluate("(cid) => { qm.labels.relayout(cid); return qm.labels.stats(cid); }", AREAS_ID)
    assert 0 <= stats["trials"] <= stats["budget"], stats
    labels = probe_labels(page)
    assert labels and all(lb["outline"] for lb in labels)
    check_layout(labels, districts, districts)
    assert not probe.console_errors
