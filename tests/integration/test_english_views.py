"""English switch (issue 6) for the map (with its area table), the multiple-burden, the status/dynamics
index and the change view: every layout rendered through the router with ?sprache=en, and every
text-producing callback of these views called with the language "en", contains no German UI text.

What stays German is data, and the allow-list is built from the dataset, not by hand: names of
areas, the dataset's title and attribution, and the indicator texts the dataset gives only in
German (sources; descriptions, numerator/denominator labels and notes until the dataset carries an
English text for them under [indicator.en]).
"""
from __future__ import annotations

import csv
import json
import re

import pytest

from dashboard.ui import burden as burden_view
from dashboard.ui import change as change_view
from dashboard.ui import ids
from tests.integration.conftest import download_texts
from dashboard.ui import social_index as index_view
from tests.integration.conftest import CallbackClient

# words and letters that give German UI text away (case-sensitive substrings)
GERMAN_TELLTALES = (
    " und ", " der ", " die ", " das ", " mit ", " nicht", "keine", "Keine", " oder ", " bis ", " von ", "über", "unter ",
    "Gebiet", "Klasse", "Hinweis", "Stichtag", "Quelle", "Belastung", "belastet", "Einwohner", "Jahr", "Ebene", "Zähler",
    "Nenner", "Schätzung", "Szenario", "SZENARIO", "Regel", "bewertet", "Veränderung", "Anzahl", "Bezirk", "Planungsr",
    "Prognoser", "Wert", "Karte", "Indikator", "Dynamik", "Einheit", "Datenstand", "Datensatz", "herunterladen",
    "Zeitreihe", "Vergleich", "hoch", "gering", "mittel", "niedrig", "stabil", "Fallzahl", "Gesamtstadt", "Kennzahl",
    "ä", "ö", "ü", "ß", "Ä", "Ö", "Ü",
)
# component properties that are no text a user reads (ids, links, styles, option values, colours)
NOT_TEXT = {"id", "className", "href", "style", "value", "values", "url", "type", "namespace", "htmlFor", "getRowId",
            "field", "colId", "colors", "noData", "suppressedColor", "locale", "key", "data-dimension", "inputClassName",
            "classes", "estimates", "outlined", "withheld", "selected", "focus", "variable", "name"}
# indicator texts that stay German while the dataset has no English version of them (see the module docstring)
INDICATOR_TEXTS = ("source", "description", "numerator_label", "denominator_label", "estimate_note", "note")


@pytest.fixture(scope="module")
def client(app):
    return CallbackClient(app)


@pytest.fixture(scope="module")
def allowed(app) -> list[str]:
    """Texts that stay German in English: area names, German-only indicator texts (the dataset's title and
    attribution have English versions, title_en and attribution_en, and must not appear)."""
    monitor = app.monitor
    texts = {monitor.dataset.city_name}
    for level in monitor.dataset.level_ids:
        texts |= set(monitor.store.frame("areas_by_level", {"level": level})["name"])
    for indicator in monitor.indicators():
        for field in INDICATOR_TEXTS:
            if getattr(indicator, field) and not indicator.en.get(field):
                texts.add(getattr(indicator, field))
    # area names inside other names (e.g. "Süd" in "Altstadt Süd") must not cut the longer name apart
    return sorted((t for t in texts if t), key=len, reverse=True)


def visible_texts(node, key: str | None = None):
    """Every string a user may read in a serialised component tree or callback response."""
    if key in NOT_TEXT or (key or "").startswith("data-"):
        return
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for child_key, value in node.items():
            yield from visible_texts(value, child_key)
    elif isinstance(node, list):
        for value in node:
            yield from visible_texts(value, key)


def german_leftovers(node, allowed: list[str]) -> list[tuple[str, list[str]]]:
    found = []
    for text in visible_texts(node):
        rest = text
        for data_text in allowed:
            rest = rest.replace(data_text, "")
        hits = [word for word in GERMAN_TELLTALES if word in rest]
        if hits:
            found.append((text[:200], hits))
    return found


def render(client, path: str, search: str):
    response = client.call(ids.PAGE, "children", {f"{ids.URL}.pathname": path, f"{ids.URL}.search": search})
    assert response.status_code == 200, response.data[:500]
    body = json.loads(response.data)["response"]
    return body[ids.PAGE]["children"], body.get(ids.LANG, {}).get("data")


def callback(client, output_id: str, prop: str, inputs: dict, state: dict | None = None, lang: str | None = "en"):
    """A view's callback through Flask, with the page language as the browser's store holds it."""
    response = client.call(output_id, prop, inputs, {**(state or {}), f"{ids.LANG}.data": lang})
    assert response.status_code == 200, response.data[:500]
    return json.loads(response.data)["response"]


def find(tree, component_id):
    if isinstance(tree, dict):
        if tree.get("props", {}).get("id") == component_id:
            return tree
        children = tree.get("props", {}).values()
    elif isinstance(tree, list):
        children = tree
    else:
        return None
    for child in children:
        found = find(child, component_id)
        if found:
            return found
    return None


def text_of(node) -> str:
    return " ".join(visible_texts(node))


GERMAN_DECIMAL = re.compile(r"\d,\d{1,2}(?!\d)")  # 12,5 (an English thousands separator has three digits)


# -- layouts -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("path, search", [
    ("/", "?sprache=en"),
    ("/", "?ebene=bezirksregion&sprache=en"),
    ("/", "?ebene=bezirksregion&gebiet=01&sprache=en"),  # area panel with drill-down links
    ("/", "?indikator=UL&jahr=2023&sprache=en"),  # published classes as legend
    ("/", "?indikator=LDEN&ebene=bezirksregion&sprache=en"),  # weighted mean: estimates and the approximation note
    ("/", "?indikator=A1&ebene=planungsraum&fokus=01&sprache=en"),  # drill-down breadcrumb
    ("/", "?indikator=XX&jahr=1900&sprache=en"),  # notices from a faulty link
    (burden_view.PATH, "?jahr=2023&sprache=en"),
    (burden_view.PATH, "?jahr=2023&aus=UL&k=2&schnitt=quantile&sprache=en"),  # a scenario with its diff
    (burden_view.PATH, "?regel=quartile&sprache=en"),
    (burden_view.PATH, "?regel=<x>&jahr=abc&k=zehn&schnitt=drop&sprache=en"),
    (index_view.PATH, "?sprache=en"),
    (index_view.PATH, "?index=nope&jahr=1800&sprache=en"),
    (change_view.PATH, "?sprache=en"),
    (change_view.PATH, "?indikator=LDEN&ebene=bezirksregion&sprache=en"),
    (change_view.PATH, "?indikator=UL&von=2030&bis=abc&sprache=en"),
])
def test_view_in_english_has_no_german_ui_text(client, allowed, path, search):
    tree, lang = render(client, path, search)
    assert lang == "en"
    assert german_leftovers(tree, allowed) == []


def test_map_in_english_uses_english_numbers_and_words(client):
    tree, _ = render(client, "/", "?indikator=A1&jahr=2022&ebene=planungsraum&sprache=en")
    legend = text_of(find(tree, ids.LEGEND))
    assert "Reference date: 31 Dec 2022" in legend and "Source: " in legend
    assert re.search(r"\d\.\d – \d+\.\d", legend) and not GERMAN_DECIMAL.search(legend)
    assert find(tree, ids.MAP_TITLE)["props"]["children"].endswith("reference date 31 Dec 2022")
    hideout = find(tree, ids.AREAS)["props"]["hideout"]
    assert hideout["locale"] == "en-GB" and hideout["noDataLabel"] == "no data"
    # the grid comes once the table nears the screen (dashboard/ui/table.py), for the view of the controls
    assert find(tree, ids.TABLE) is None
    slot = callback(client, "map-table-slot", "children", {"map-table-open.data": 1},
                    {f"{ids.INDICATOR}.value": "A1", f"{ids.YEAR}.value": 2022, f"{ids.LEVEL}.value": "planungsraum"})
    grid = find(slot["map-table-slot"]["children"], ids.TABLE)["props"]
    assert grid["dashGridOptions"]["localeText"]["noRowsToShow"] == "No areas"
    assert [c["headerName"] for c in grid["columnDefs"]][:3] == ["Planning area", "No.", "District region"]


@pytest.mark.parametrize("path, search", [
    ("/", "?indikator=A2&ebene=planungsraum&sprache=en"),  # withheld values: "small numbers" in table and legend
    (burden_view.PATH, "?jahr=2023&aus=UL&k=1&sprache=en"),  # public: no scenarios, with a notice saying so
])
def test_public_view_in_english_has_no_german_ui_text(public_app, allowed, path, search):
    tree, _ = render(CallbackClient(public_app), path, search)
    assert german_leftovers(tree, allowed) == []


def test_texts_from_tables_have_english_translations():
    """Texts passed to t() through a table (not as literals, so tests/unit/test_i18n.py cannot see them)."""
    from dashboard.i18n.en import STRINGS
    from dashboard.present import (CHANGE_CLASS_TEXTS, CLASSIFICATION_TEXTS, CRITERION_TEXT, DYNAMIC_TEXTS, FIXED_LEGEND_TEXTS,
                                   MAP_WORDS, STATUS_TEXTS)

    tables = ([o["label"] for o in burden_view.CUT_OPTIONS] + list(CRITERION_TEXT.values()) + list(STATUS_TEXTS.values())
              + list(DYNAMIC_TEXTS.values()) + list(CLASSIFICATION_TEXTS.values()) + list(FIXED_LEGEND_TEXTS.values())
              + list(MAP_WORDS.values()) + list(CHANGE_CLASS_TEXTS))
    assert [text for text in tables if text not in STRINGS] == []


# -- callbacks ------------------------------------------------------------------------------------------
def test_header_and_footer_in_english_name_the_english_title_and_sources(client, app, allowed):
    frame = callback(client, ids.HEADER, "children", {f"{ids.LANG}.data": "en"})
    dataset = app.monitor.dataset
    header, footer = text_of(frame[ids.HEADER]), text_of(frame[ids.FOOTER])
    assert dataset.title_en in header and dataset.title not in header
    assert dataset.attribution_en in footer and dataset.attribution not in footer
    assert german_leftovers([header, footer], allowed) == []
    german = text_of(callback(client, ids.HEADER, "children", {f"{ids.LANG}.data": "de"}, lang="de")[ids.FOOTER])
    assert german.count("Datenquellen") == 1 and dataset.attribution in german


def test_map_callbacks_in_english(client, allowed, app):
    view = {f"{ids.INDICATOR}.value": "LDEN", f"{ids.YEAR}.value": 2022, f"{ids.LEVEL}.value": "bezirksregion"}
    recoloured = callback(client, ids.LEGEND, "children", {**view, f"{ids.SELECTED}.data": None})
    assert german_leftovers(recoloured, allowed) == []
    assert "estimates" in text_of(recoloured[ids.LEGEND])
    table = callback(client, ids.TABLE, "rowData", {**view, f"{ids.FOCUS}.data": None})
    assert german_leftovers(table, allowed) == []
    area = app.monitor.store.frame("areas_by_level", {"level": "bezirksregion"})["area_id"].iloc[0]
    panel = callback(client, ids.AREA_PANEL, "children", {f"{ids.SELECTED}.data": area, f"{ids.YEAR}.value": 2022},
                     {f"{ids.INDICATOR}.value": "LDEN", f"{ids.LEVEL}.value": "bezirksregion"})
    assert german_leftovers(panel, allowed) == []
    assert "Open area profile ›" in text_of(panel) and "Show planning areas" in text_of(panel)


def test_table_download_in_english(client, allowed):
    state = {f"{ids.INDICATOR}.value": "A1", f"{ids.YEAR}.value": 2022, f"{ids.LEVEL}.value": "planungsraum"}
    data = callback(client, ids.TABLE_DOWNLOAD, "data", {f"{ids.TABLE_CSV}.n_clicks": 1}, state)[ids.TABLE_DOWNLOAD]["data"]
    assert data["filename"] == "A1-planning-area-2022.csv"
    lines = download_texts(data)
    assert lines[0].startswith("# ") and "reference date 31 Dec 2022" in lines[0]
    body = [line for line in lines if not line.startswith("#")]
    header = next(csv.reader(body[:1]))
    assert header[:3] == ["No.", "Planning area", "District region"]
    assert header[4:] == ["Rank", "estimate", "not published (small numbers/confidentiality)"]
    rows = list(csv.reader(body[1:]))
    assert rows and all(not GERMAN_DECIMAL.search(row[3]) for row in rows)
    assert {row[5] for row in rows} <= {"yes", "no"} and {row[6] for row in rows} <= {"yes", "no"}
    assert german_leftovers(lines, allowed) == []


def test_burden_scenario_and_download_in_english(client, allowed):
    inputs = {f"{burden_view.YEAR}.value": 2023, f"{burden_view.DIMENSIONS}.value": [], f"{burden_view.DISTRICT}.value": None,
              f"{burden_view.ENABLED}.value": ["UN", "UT", "UG", "US"], f"{burden_view.K}.value": 2,
              f"{burden_view.CUT}.value": "quantile"}
    state = {f"{burden_view.RULE}.value": "umweltgerechtigkeit"}
    response = callback(client, burden_view.LEGEND, "children", inputs, state)
    assert german_leftovers(response, allowed) == []
    # a scenario is named by what it rates, never by the official rule's label ("five core indicators")
    assert response[burden_view.TITLE]["children"] == ("SCENARIO – Multiple burden: 4 of 5 criteria (without Air pollution "
                                                       "(class)), per criterion: among the least favourable 25% of areas, "
                                                       "2023 (multiply burdened from 2)")
    assert "Scenario (not the official rule)" in response[burden_view.METHOD]["children"]
    data = callback(client, burden_view.DOWNLOAD, "data", {f"{burden_view.DOWNLOAD_BUTTON}.n_clicks": 1},
                    {**state, **inputs})[burden_view.DOWNLOAD]["data"]
    assert data["filename"] == "multiple-burden-2023-scenario.csv"
    lines = download_texts(data)
    assert lines[0] == "# Multiple burden 2023 – SCENARIO (not the official rule)"
    header = next(line for line in lines if not line.startswith("#"))
    assert header.startswith("Area ID,Area,Residents,Number of burdens,Burdens,multiply burdened,rated")
    assert german_leftovers(lines, allowed) == []  # the description lines too: title, rule, sources, attribution


def test_index_and_change_callbacks_in_english(client, allowed):
    index = callback(client, index_view.LEGEND, "children", {f"{index_view.YEAR}.value": 2022},
                     {f"{index_view.INDEX}.value": "sozialindex"})
    assert german_leftovers(index, allowed) == []
    assert "reference date 31 Dec 2022" in index[index_view.TITLE]["children"]
    change = callback(client, change_view.LEGEND, "children", {
        f"{change_view.INDICATOR}.value": "D4", f"{change_view.LEVEL}.value": "planungsraum",
        f"{change_view.FROM}.value": 2015, f"{change_view.TO}.value": 2024})
    assert german_leftovers(change, allowed) == []
    legend = text_of(change[change_view.LEGEND])
    assert "(roughly unchanged)" in legend and not GERMAN_DECIMAL.search(legend)


# -- German stays as it was --------------------------------------------------------------------------------
def test_german_is_the_default_and_unchanged(client, app, allowed):
    tree, lang = render(client, "/", "?indikator=A1&jahr=2022&ebene=planungsraum")
    assert lang is None or lang == "de"
    assert len(german_leftovers(tree, allowed)) > 20  # the check above does find German UI text
    label = app.monitor.indicator("A1").label_de
    assert find(tree, ids.MAP_TITLE)["props"]["children"] == f"{label} – Planungsraum, Stichtag 31.12.2022"
    legend = text_of(find(tree, ids.LEGEND))
    assert "Stichtag: 31.12.2022" in legend and "Klassenbildung: Quantile" in legend and "höhere Werte = ungünstiger" in legend
    assert find(tree, ids.AREAS)["props"]["hideout"]["locale"] == "de-DE"
    burden, _ = render(client, burden_view.PATH, "?jahr=2023")
    assert find(burden, burden_view.TITLE)["props"]["children"].startswith("Mehrfachbelastung: Umweltgerechtigkeit")
    assert "Offizielle Regel „Umweltgerechtigkeit" in text_of(find(burden, burden_view.METHOD))
    callbacks_de = callback(client, burden_view.LEGEND, "children", {
        f"{burden_view.YEAR}.value": 2023, f"{burden_view.DIMENSIONS}.value": [], f"{burden_view.DISTRICT}.value": None,
        f"{burden_view.ENABLED}.value": ["UL", "UN", "UT", "UG", "US"], f"{burden_view.K}.value": 3,
        f"{burden_view.CUT}.value": "regel"}, {f"{burden_view.RULE}.value": "umweltgerechtigkeit"}, lang=None)
    assert "3 Belastungen (mehrfach belastet, ab 3)" in text_of(callbacks_de[burden_view.LEGEND])
    change, _ = render(client, change_view.PATH, "?indikator=A1&ebene=bezirksregion&von=2016&bis=2023")
    assert find(change, change_view.TITLE)["props"]["children"].startswith("Veränderung 2016–2023: ")
    assert "(etwa unverändert)" in text_of(find(change, change_view.LEGEND))
