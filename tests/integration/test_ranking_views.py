"""Percentile and rank where people read them: the profile rows and download, the map's click panel and the map's
hideout, through the real app on the demo data (internal and public), German and English; the indicator labels of
the panel and the profile rows open the fact sheet (/indikator/<id>)."""
from __future__ import annotations

import pytest

from dashboard.present import levels_in_sentence, standing_text
from dashboard.state.profile import ProfileState
from dashboard.ui import ids
from dashboard.ui import profile as view
from dashboard.urls import indicator_href
from tests.integration.conftest import CallbackClient
from tests.integration.test_app import find, render

AREA = "01010104"


def nodes(tree, css: str):
    """Every serialized component whose className contains `css`."""
    if isinstance(tree, dict):
        props = tree.get("props", {})
        if css in str(props.get("className") or "").split():
            yield tree
        for value in props.values():
            yield from nodes(value, css)
    elif isinstance(tree, list):
        for item in tree:
            yield from nodes(item, css)


def text(tree) -> str:
    if isinstance(tree, str):
        return tree
    if isinstance(tree, dict):
        return text(tree.get("props", {}).get("children"))
    if isinstance(tree, list):
        return "".join(text(x) for x in tree)
    return ""


def expected(monitor, indicator_id: str, year: int, area_id: str, lang: str, rank: bool) -> str:
    area = monitor.area(area_id)
    table = monitor.standings(indicator_id, year, area["level"])
    row = table.loc[area_id].to_dict() if area_id in table.index else None
    return standing_text(row, monitor.indicator(indicator_id), levels_in_sentence(monitor.dataset, area["level"], lang), lang,
                         rank=rank)


@pytest.mark.parametrize("mode", ["internal", "public"])
def test_profile_rows_show_the_citywide_standing_and_link_the_fact_sheet(app, public_app, mode):
    app = app if mode == "internal" else public_app
    monitor = app.monitor
    tree = render(app, f"/gebiet/{AREA}", "?jahr=2024")
    figures = view.profile_figures(monitor, AREA, 2024)
    shown = 0
    for figure in figures.to_dict("records"):
        row = find(tree, f"{view.P}-row-{figure['indicator_id']}")
        assert row is not None, figure["indicator_id"]
        links = list(nodes(row, "qm-sheet-link"))
        assert [link["props"]["href"] for link in links] == [indicator_href(figure["indicator_id"])]
        lines = [text(n) for n in nodes(row, "qm-standing")]
        want = expected(monitor, figure["indicator_id"], figure["year"], AREA, "de", rank=False)
        if figure["suppressed"] or figure["kind"] == "class":
            assert lines == [] and want == ""
            continue
        assert lines == [want], figure["indicator_id"]
        shown += 1
    assert shown >= 5
    # a sentence as the reader sees it: the share of the other Planungsräume, rounded down
    assert any(" % der übrigen Planungsräume" in text(n) for n in nodes(tree, "qm-standing"))


def test_profile_download_has_the_standing_column(public_app):
    monitor = public_app.monitor
    state = ProfileState.from_query(monitor, {"jahr": "2024"}, area=AREA)
    for lang in ("de", "en"):
        table = view.export_table(monitor, state, lang, kind="csv")
        assert any(c.key == "standing_city" for c in table.columns)
        by_id = {r["indicator_id"]: r for r in table.rows}
        figures = view.profile_figures(monitor, AREA, 2024)
        ranked = figures[figures["rank_city"].notna()]
        assert len(ranked) >= 5
        for figure in ranked.to_dict("records"):
            assert by_id[figure["indicator_id"]]["standing_city"] == expected(
                monitor, figure["indicator_id"], figure["year"], AREA, lang, rank=False)
        if lang == "en":
            assert any("of the other planning areas" in r["standing_city"] for r in table.rows)


def test_click_panel_rows_link_the_fact_sheet_and_show_rank_and_share(public_app):
    monitor = public_app.monitor
    client = CallbackClient(public_app)
    indicator = next(i.id for i in monitor.indicators() if i.kind != "class" and i.polarity != "neutral"
                     and AREA in monitor.standings(i.id, 2024, monitor.area(AREA)["level"]).index)
    response = client.call(ids.AREA_PANEL, "children",
                           {f"{ids.SELECTED}.data": AREA, f"{ids.YEAR}.value": 2024},
                           state={f"{ids.INDICATOR}.value": indicator, f"{ids.LEVEL}.value": monitor.dataset.level_ids[0],
                                  f"{ids.FOCUS}.data": None, f"{ids.LANG}.data": "de"})
    assert response.status_code == 200
    panel = response.get_json()["response"][ids.AREA_PANEL]["children"]
    links = {link["props"]["href"]: text(link) for link in nodes(panel, "qm-sheet-link")}
    assert indicator_href(indicator) in links
    assert links[indicator_href(indicator)] == monitor.indicator(indicator).label("de")
    lines = [text(n) for n in nodes(panel, "qm-standing")]
    want = expected(monitor, indicator, 2024, AREA, "de", rank=True)
    assert want in lines and "(Rang " in want


def test_map_tooltips_get_the_standings_as_text_by_their_own_address(public_app):
    """The tooltip's standing line comes finished from the server (present.standing_text, the click panel's and the
    profile's sentence) in the page language, by the address the hideout names (dashboard/colouring.py /rang: not in the
    colouring, at 50,000 areas it is most of it); assets/qm_map.js only shows it."""
    from dashboard.state.map import MapState
    from dashboard.ui.map import map_hideout

    monitor = public_app.monitor
    client = public_app.server.test_client()
    chosen = next(i.id for i in monitor.indicators() if i.kind != "class" and i.polarity == "higher_is_worse")
    state = MapState.from_query(monitor, {"indikator": chosen})
    assert state.indicator == chosen
    bundle = monitor.map_bundle(state.indicator, state.year, state.level)
    withheld = {a for a, k in bundle.hideout["classes"].items() if k < 0}
    assert withheld, "the demo withholds some areas in public mode"
    for lang, word in (("de", "der übrigen"), ("en", "of the other")):
        hideout = map_hideout(public_app.view_context, bundle, state, lang)
        assert "standing" not in hideout
        response = client.get(hideout["standingUrl"])
        assert response.status_code == 200 and "immutable" in response.headers["Cache-Control"]
        standing = response.get_json()["standing"]
        assert not withheld & set(standing)
        texts = {area: expected(monitor, chosen, state.year, area, lang, rank=True) for area in hideout["values"]}
        assert standing == {area: line for area, line in texts.items() if line}
        assert sum(word in line for line in standing.values()) > len(hideout["values"]) / 2
    assert "standingUrl" not in map_hideout(public_app.view_context, monitor.map_bundle(
        next(i.id for i in monitor.indicators() if i.kind == "class"), state.year, state.level), state, "de")
    hidden = next(i.id for i in monitor.dataset.indicators.values() if not i.public)
    assert client.get(hideout["standingUrl"].replace(f"/{chosen}/", f"/{hidden}/")).status_code == 404


@pytest.mark.parametrize("mode", ["internal", "public"])
def test_map_table_rank_is_the_standing_rank_also_under_a_focus(app, public_app, mode):
    """The map's table ranks as tooltips and profiles do (one rank, 1 = most favourable, citywide among the published
    values): before, its rank 1 was the least favourable area, and under a focus it ranked only the focus's areas."""
    from dashboard.state.map import MapState
    from dashboard.ui.table import table_rows

    monitor = (public_app if mode == "public" else app).monitor
    state = MapState.from_query(monitor, {"indikator": "A1", "jahr": "2024", "ebene": "planungsraum", "fokus": "03"})
    assert state.focus == "03"
    rows = table_rows(monitor, state)
    standings = monitor.standings("A1", 2024, "planungsraum")["rank"]
    inside = set(monitor.descendants("03", "planungsraum"))
    assert {r["area_id"] for r in rows} == inside and len(standings) > len(inside)
    for row in rows:
        assert row["rank"] == (int(standings[row["area_id"]]) if row["area_id"] in standings.index else None), row
    best = min((r for r in rows if r["rank"] is not None), key=lambda r: r["rank"])
    assert best["value"] == min(r["value"] for r in rows if r["rank"] is not None)  # A1: higher is worse
