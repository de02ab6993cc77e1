"""No internal wording in public responses: profile, trends and map, German and English.

Internally a withheld value is shown with a warning ("geringe Fallzahl (nur intern)", "nicht
veröffentlichen"). In public mode the value never leaves the server, and neither may the warning: it
would tell the public that the number exists and is being kept back, and it reads as a leak. Public
wording is "keine Angabe (geringe Fallzahl)". Every layout and callback response below is searched
as sent (legends, hover texts, hideouts, tables, downloads).
"""
from __future__ import annotations

import json
import re

import pytest

from dashboard.monitor import SUPPRESSED
from dashboard.ui import ids
from dashboard.ui import profile as profile_view
from dashboard.ui import trends as trends_view
from dashboard.urls import colouring_url
from tests.integration.conftest import CallbackClient, download_texts
from tests.integration.test_app import render

INTERNAL_WORDING = re.compile(
    r"nur intern|intern sichtbar|nicht veröffentlichen|nicht zur veröffentlichung|interne (ansicht|fassung)|nicht öffentlich"
    r"|internal only|internal view|internal version|do not publish|not for publication|not public|\bintern\b",
    re.IGNORECASE)
SMALL_AREAS = ["12030301", "01010302"]  # Flughafen (24 inhabitants) and a Planungsraum with withheld values
LANGS = ["de", "en"]


def strings(tree) -> list[str]:
    """Every string value in a response (dict keys are component properties, not text); a download's
    file is read as its text (CSV lines, XLSX cells), so its words are checked too."""
    if isinstance(tree, dict) and "filename" in tree and "content" in tree:
        return download_texts(tree)
    if isinstance(tree, dict):
        return [s for value in tree.values() for s in strings(value)]
    if isinstance(tree, list):
        return [s for item in tree for s in strings(item)]
    return [tree] if isinstance(tree, str) else []


def assert_public_wording(tree, where: str) -> None:
    found = sorted({s for s in strings(tree) if INTERNAL_WORDING.search(s)})
    assert not found, f"{where}: {found[:5]}"


def response_of(response) -> dict:
    assert response.status_code == 200, response.data[:500]
    return json.loads(response.data)["response"]


def search(lang: str, extra: str = "") -> str:
    query = "&".join(p for p in (extra, "sprache=en" if lang == "en" else "") if p)
    return f"?{query}" if query else ""


def test_the_internal_views_do_use_the_wording(app):
    """The check below is not vacuous: internally the same pages carry the warning."""
    tree = render(app, "/gebiet/12030301")
    assert any(INTERNAL_WORDING.search(s) for s in strings(tree))
    tree = render(app, trends_view.PATH, "?indikator=A1&ebene=planungsraum&gebiete=01010302")
    assert any("nur intern" in s for s in strings(tree))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("area_id", [*SMALL_AREAS, "01010104", "100201", "01", "gesamt"])
def test_public_profile_has_no_internal_wording(public_app, area_id, lang):
    tree = render(public_app, f"/gebiet/{area_id}", search(lang))
    assert profile_view.ARTICLE in json.dumps(tree)
    assert_public_wording(tree, f"profile {area_id} {lang}")


@pytest.mark.parametrize("lang", LANGS)
def test_public_profile_downloads_have_no_internal_wording(public_app, lang):
    client = CallbackClient(public_app)
    for area_id in SMALL_AREAS:
        state = {f"{profile_view.STATE}.data": {"area": area_id, "jahr": 2024, "gruppe": "dimension"}, "qm-lang.data": lang}
        for button in (profile_view.CSV_BUTTON, profile_view.XLSX_BUTTON):
            data = response_of(client.call(profile_view.DOWNLOAD, "data", {f"{profile_view.CSV_BUTTON}.n_clicks": 1,
                                                                          f"{profile_view.XLSX_BUTTON}.n_clicks": 1},
                                           state=state, changed=[f"{button}.n_clicks"]))[profile_view.DOWNLOAD]["data"]
            texts = download_texts(data)
            assert texts, "empty download"
            assert_public_wording(texts, f"profile download {area_id} {button} {lang}")


@pytest.mark.parametrize("lang", LANGS)
def test_public_trends_have_no_internal_wording(public_app, lang):
    client = CallbackClient(public_app)
    indicators = [i.id for i in public_app.monitor.indicators() if "planungsraum" in public_app.monitor.levels_for(i.id)]
    assert indicators
    for indicator_id in indicators:
        tree = render(public_app, trends_view.PATH,
                      search(lang, f"indikator={indicator_id}&ebene=planungsraum&gebiete={','.join(SMALL_AREAS)}"))
        assert_public_wording(tree, f"trends layout {indicator_id} {lang}")
        response = response_of(client.call(trends_view.GRAPH, "figure", {
            f"{trends_view.INDICATOR}.value": indicator_id, f"{trends_view.LEVEL}.value": "planungsraum",
            f"{trends_view.AREAS}.value": SMALL_AREAS, f"{trends_view.REF}.value": ["ref"]},
            state={"qm-lang.data": lang}, changed=[f"{trends_view.AREAS}.value"]))
        assert_public_wording(response, f"trends callback {indicator_id} {lang}")


@pytest.mark.parametrize("lang", LANGS)
def test_public_map_has_no_internal_wording(public_app, lang):
    monitor = public_app.monitor
    client = CallbackClient(public_app)
    for path in ("/", "/veraenderung", "/zeitreihen"):
        assert_public_wording(render(public_app, path, search(lang)), f"layout {path} {lang}")
    withheld_somewhere = False
    for indicator in monitor.indicators():
        for level in monitor.levels_for(indicator.id)[:2]:
            year = monitor.years(indicator.id, level)[-1]
            tree = render(public_app, "/", search(lang, f"indikator={indicator.id}&ebene={level}&jahr={year}&gebiet={SMALL_AREAS[0]}"))
            assert_public_wording(tree, f"map layout {indicator.id} {level} {lang}")
            view = {f"{ids.INDICATOR}.value": indicator.id, f"{ids.YEAR}.value": year, f"{ids.LEVEL}.value": level}
            lang_state = {"qm-lang.data": lang}
            fetched = public_app.server.test_client().get(colouring_url(monitor.dataset.release, lang, level, indicator.id, year))
            assert fetched.status_code == 200, fetched.data[:500]
            colours = json.loads(fetched.data)
            withheld_somewhere |= SUPPRESSED in colours["hideout"]["classes"].values()
            texts = response_of(client.call(ids.YEAR, "marks", {**view, "map-focus.data": None}, state=lang_state))
            table = response_of(client.call(ids.TABLE, "rowData", {**view, "map-focus.data": None}, state=lang_state))
            for name, response in (("colouring", colours), ("texts", texts), ("table", table)):
                assert_public_wording(response, f"map {name} {indicator.id} {level} {lang}")
        for area_id in SMALL_AREAS:
            panel = response_of(client.call(ids.AREA_PANEL, "children", {f"{ids.SELECTED}.data": area_id, f"{ids.YEAR}.value": 2024},
                                            state={f"{ids.INDICATOR}.value": indicator.id, f"{ids.LEVEL}.value": "planungsraum",
                                                   "qm-lang.data": lang}))
            assert_public_wording(panel, f"map panel {area_id} {indicator.id} {lang}")
    assert withheld_somewhere
    download = response_of(client.call(ids.TABLE_DOWNLOAD, "data", {f"{ids.TABLE_CSV}.n_clicks": 1, "map-table-xlsx.n_clicks": None},
                                       state={f"{ids.INDICATOR}.value": "A1", f"{ids.YEAR}.value": 2024,
                                              f"{ids.LEVEL}.value": "planungsraum", "map-focus.data": None},
                                       changed=[f"{ids.TABLE_CSV}.n_clicks"]))
    assert_public_wording(download, "map table CSV")
