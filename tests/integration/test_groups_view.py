"""The group view /gruppen and the profile section "Bevölkerungsgruppen" through the real app (router and callbacks
over Flask): Berlin at Planungsraum, Bezirksregion and Bezirk (internal and public), the level picker moving to the
ancestor, the CSV download, a small Planungsraum in public mode (no withheld value in the response), and the demo's
empty state."""
from __future__ import annotations

import json

import pytest

from dashboard.reports import groups as report
from dashboard.ui import groups as view
from dashboard.ui import profile_groups
from tests.integration.conftest import CallbackClient, download_texts
from tests.integration.test_app import find, render

PLR, BZR, BEZIRK = "08301036", "083010", "08"  # Gropiusstadt Mitte < Gropiusstadt Ost (< Prognoseraum Gropiusstadt) < Neukölln


def text(tree) -> str:
    return json.dumps(tree, ensure_ascii=False)


def rows_of(tree, group_set: str) -> dict[str, list[str]]:
    """{group key: texts of its cells} of one set's table."""
    out: dict[str, list[str]] = {}

    def strings(node) -> str:
        if isinstance(node, str):
            return node
        if isinstance(node, list):
            return " ".join(strings(n) for n in node)
        if isinstance(node, dict):
            return strings(node.get("props", {}).get("children", ""))
        return "" if node is None else str(node)

    def walk(node, inside=False):
        if isinstance(node, dict):
            props = node.get("props", {})
            inside = inside or props.get("data-set") == group_set and node.get("type") == "Table"
            if inside and props.get("data-group"):
                out[props["data-group"]] = [strings(c) for c in props["children"]]
            walk(props.get("children"), inside)
        elif isinstance(node, list):
            for item in node:
                walk(item, inside)

    walk(tree)
    return out


@pytest.mark.parametrize("area_id, parent", [(PLR, "Gropiusstadt Ost"), (BZR, "Gropiusstadt"), (BEZIRK, None)])
def test_the_view_shows_berlin_groups_at_every_level(berlin_app, area_id, parent):
    page = render(berlin_app, "/gruppen", f"?gebiet={area_id}&jahr=2024")
    title = find(page, view.TITLE)["props"]["children"]
    name = berlin_app.monitor.area(area_id)["name"]
    assert name in title and "2024" in title
    rows = rows_of(page, "herkunft")
    assert list(rows) == ["!ANT_AUSL", "ANT_AUSL", "ANT_MH", "ANT_DMH", "!ANT_MH"]
    data = report.breakdown(berlin_app.monitor, area_id, 2024)
    expected = 3 + (parent is not None) + 1  # group, area, [parent], city, count
    assert all(len(cells) == expected for cells in rows.values())
    ausl = next(r for r in data.rows if r.group.key == "ANT_AUSL")
    assert [p for p in rows["ANT_AUSL"][1].split(" ") if p] == [profile_groups.share_text(berlin_app.monitor, ausl.share, 1, "de"),
                                           profile_groups.interval_text(ausl.interval, 1, "de")]  # share, 95 % interval
    assert "Deutsche" in rows["!ANT_AUSL"][0]
    assert len(rows_of(page, "alter")) == 8 and len(rows_of(page, "geschlecht")) == 1
    assert (parent in text(page)) if parent else data.parent is None
    assert "qm-groupbars" in text(page)


def test_level_picker_moves_to_the_ancestor_and_the_download_has_every_group(berlin_app):
    client = CallbackClient(berlin_app)
    response = client.call(view.CONTENT, "children", {f"{view.LEVEL}.value": "bezirk", f"{view.AREA}.value": PLR,
                                                      f"{view.YEAR}.value": 2024}, {"lang.data": "de"})
    assert response.status_code == 200, response.data[:300]
    out = json.loads(response.data)["response"]
    assert out[view.AREA]["value"] == BEZIRK and out[view.URL_SYNC]["data"] == {"gebiet": BEZIRK, "jahr": "2024"}
    response = client.call(view.DOWNLOAD, "data", {f"{view.DOWNLOAD_CSV}.n_clicks": 1, f"{view.DOWNLOAD_XLSX}.n_clicks": 0},
                           {f"{view.AREA}.value": BZR, f"{view.YEAR}.value": 2024})
    lines = download_texts(json.loads(response.data)["response"][view.DOWNLOAD]["data"])
    assert any("Gropiusstadt Ost" in line for line in lines[:3])
    assert sum(1 for line in lines if line.startswith(("Staatsangehörigkeit", "Altersgruppen", "Geschlecht"))) == 14


def test_profile_section_links_to_the_view(berlin_app):
    page = render(berlin_app, f"/gebiet/{PLR}", "?jahr=2024")
    section = find(page, profile_groups.SECTION)
    assert section is not None
    body = text(section)
    assert "Bevölkerungsgruppen" in body and f"/gruppen?gebiet={PLR}" in body and "Ausländerinnen und Ausländer" in body


def test_public_mode_sends_no_withheld_group_value(berlin_app, berlin_public_app):
    internal = berlin_app.monitor
    population = internal.values("EW", 2024, "planungsraum").set_index("area_id")["value"]
    small = population[(population > 0) & (population < 300)].sort_values().index[-1]
    staff = report.breakdown(internal, small, 2024)
    hidden = [row.share.value for row in staff.rows if row.share.withheld and row.group.count is None]
    assert hidden
    page = render(berlin_public_app, "/gruppen", f"?gebiet={small}&jahr=2024")
    body = text(page)
    assert "keine Angabe (geringe Fallzahl)" in body
    for value in hidden:  # neither the full-precision nor the displayed value of a withheld share
        assert repr(value) not in body
        for shown in {f"{value:.1f}".replace(".", ","), f"{100 - value:.1f}".replace(".", ",")}:
            assert f"{shown} %" not in body, shown
    rows = rows_of(page, "herkunft")
    assert all("keine Angabe" in cells[1] for cells in rows.values())
    visible = {i.id for i in berlin_public_app.monitor.indicators()}
    assert all(g.indicator in visible for s in report.group_sets(berlin_public_app.monitor) for g in s.groups)


def test_demo_has_an_empty_state(app):
    page = render(app, "/gruppen")
    assert find(page, view.EMPTY) is not None and "keine Bevölkerungsgruppen" in text(page)
