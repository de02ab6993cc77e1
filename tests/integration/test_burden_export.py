"""The burden list download (CSV and XLSX through dashboard/export), the burden map's words, links and the index title."""
from __future__ import annotations

import base64
import csv
import io
import json
import re

import pytest

from dashboard.state import district_names
from dashboard.ui import burden as burden_view
from dashboard.ui import social_index as index_view
from tests.integration.conftest import CallbackClient
from tests.integration.test_app import find, render

VIEW = {f"{burden_view.YEAR}.value": 2023, f"{burden_view.DIMENSIONS}.value": [], f"{burden_view.DISTRICT}.value": None}
RULE = {f"{burden_view.RULE}.value": "umweltgerechtigkeit"}
OFFICIAL = {f"{burden_view.ENABLED}.value": ["UL", "UN", "UT", "UG", "US"], f"{burden_view.K}.value": 3,
            f"{burden_view.CUT}.value": "regel"}
SCENARIO = {f"{burden_view.ENABLED}.value": ["UN", "UT", "UG", "US"], f"{burden_view.K}.value": 2,
            f"{burden_view.CUT}.value": "quantile"}
GERMAN_WORDS = ("Quelle", "Stichtag", "Regel", "Gebiet", "Einwohner", "Belastung", "belastet", "bewertet", "ja", "nein",
                "SZENARIO", "Szenario", "Datensatz", "Lizenz", "Jahr")


@pytest.fixture(scope="module")
def client(app):
    return CallbackClient(app)


def fetch(client, button, controls, lang="de"):
    state = {**RULE, **VIEW, **controls, "qm-lang.data": lang}
    response = client.call(burden_view.DOWNLOAD, "data", {f"{button}.n_clicks": 1}, state)
    assert response.status_code == 200, response.data[:500]
    return json.loads(response.data)["response"][burden_view.DOWNLOAD]["data"]


def csv_of(data) -> tuple[list[str], list[list[str]], str]:
    raw = base64.b64decode(data["content"])
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with byte-order mark (German Excel reads umlauts right)
    text = raw.decode("utf-8-sig")
    lines = text.splitlines()
    comments = [line[2:] for line in lines if line.startswith("# ")]
    delimiter = ";" if data["filename"].startswith("mehrfach") else ","
    rows = list(csv.reader([line for line in lines if not line.startswith("#")], delimiter=delimiter))
    return comments, rows, text


def test_official_csv_in_german(client, app):
    data = fetch(client, burden_view.DOWNLOAD_BUTTON, OFFICIAL)
    assert data["filename"] == "mehrfachbelastung-2023.csv" and data["type"].startswith("text/csv")
    comments, rows, text = csv_of(data)
    monitor = app.monitor
    rule = monitor.burden_rule("umweltgerechtigkeit")
    bundle = monitor.burden_bundle(rule, 2023)
    assert comments[0] == "Mehrfachbelastung 2023 – offizielle Regel"
    assert any(c.startswith("Wie wurde das berechnet? Offizielle Regel") for c in comments)
    assert "Jahr 2023, Stichtag 31.12.2023" in comments
    for c in rule.criteria:  # one source line per criterion indicator
        indicator = monitor.indicator(c.indicator_id)
        assert f"Quelle {indicator.label('de')}: {indicator.source}" in comments
    assert any(c.startswith("Interne Auswertung") for c in comments)
    # release, licence and attribution once, not "Quelle: Datenquellen: …"
    assert sum(monitor.dataset.attribution in c for c in comments) == 1 and "Quelle: " not in text
    header, body = rows[0], rows[1:]
    assert header[:7] == ["Gebiet-ID", "Gebiet", "Einwohner", "Zahl der Belastungen", "Belastungen", "mehrfach belastet",
                          "bewertet"]
    assert header[7:] == [f"belastet: {c.label}" for c in rule.criteria]
    assert len(body) == len(bundle.table)
    by_id = {r[0]: r for r in body}
    first = bundle.table.index[0]
    row = by_id[first]
    assert row[3] == str(int(bundle.table.loc[first, "burden_count"])) and row[5] == "ja"
    assert row[4] == ", ".join(c.label for c in rule.criteria if c.indicator_id in bundle.table.loc[first, "burdens"])
    # population is a number without thousands separator; flags are ja/nein (blank where not rated)
    assert all(re.fullmatch(r"\d*", r[2]) for r in body)
    assert {r[6] for r in body} <= {"ja", "nein"} and {v for r in body for v in r[7:]} <= {"ja", "nein", ""}
    not_rated = [r for r in body if r[6] == "nein"]
    assert all(set(r[7:]) == {""} for r in not_rated)
    assert "-0" not in text and "33" not in header


def test_scenario_csv_in_english_is_wholly_english(client, app):
    data = fetch(client, burden_view.DOWNLOAD_BUTTON, SCENARIO, "en")
    assert data["filename"] == "multiple-burden-2023-scenario.csv"
    comments, rows, text = csv_of(data)
    assert comments[0] == "Multiple burden 2023 – SCENARIO (not the official rule)"
    assert any("SCENARIO" in c for c in comments[1:]) and any("Scenario (not the official rule)" in c for c in comments)
    # the scenario's rule as it is: criteria left out, cut and k - never the official rule's label
    assert ("Rule: 4 of 5 criteria (without Air pollution (class)), per criterion: among the least favourable 25% of areas, "
            "multiply burdened from 2 – SCENARIO (not the official rule)") in comments
    assert "five core indicators" not in text and any(c.endswith("Left out: Air pollution (class).") for c in comments)
    assert any(c.startswith("Year 2023, reference date 31 Dec 2023") for c in comments)
    assert rows[0][:7] == ["Area ID", "Area", "Residents", "Number of burdens", "Burdens", "multiply burdened", "rated"]
    assert len(rows[0]) == 7 + 4  # one flag per criterion of the scenario
    monitor = app.monitor
    dataset_texts = {monitor.dataset.title_for("en"), monitor.dataset.attribution_for("en"), monitor.dataset.license_for("en")}
    dataset_texts |= set(monitor.area_names(monitor.dataset.level_ids[0]).values())
    dataset_texts |= {monitor.indicator(i).text("source", "en") for i in ("UN", "UT", "UG", "US")}
    leftover = text
    for known in sorted(dataset_texts, key=len, reverse=True):
        leftover = leftover.replace(known, "")
    assert [w for w in GERMAN_WORDS if re.search(rf"\b{w}\b", leftover)] == []
    assert {v for r in rows[1:] for v in r[5:]} <= {"yes", "no", ""}


def test_xlsx_download_has_numeric_cells(client):
    import openpyxl

    data = fetch(client, burden_view.DOWNLOAD_XLSX, SCENARIO)
    assert data["filename"] == "mehrfachbelastung-2023-szenario.xlsx"
    sheet = openpyxl.load_workbook(io.BytesIO(base64.b64decode(data["content"]))).active
    cells = [row for row in sheet.iter_rows(values_only=True)]
    assert cells[0][0].startswith("Mehrfachbelastung 2023 – SZENARIO")
    assert ("Regel: 4 von 5 Kriterien (ohne Luftbelastung (Klasse)), je Kriterium: unter den ungünstigsten 25 % der Gebiete, "
            "mehrfach belastet ab 2 – SZENARIO (nicht die offizielle Regel)") in [row[0] for row in cells]
    header = next(i for i, row in enumerate(cells) if row[0] == "Gebiet-ID")
    body = cells[header + 1:]
    assert body and all(isinstance(row[3], (int, float)) for row in body)
    assert any(isinstance(row[2], (int, float)) for row in body)


def test_filtered_download_names_the_filter(client, app):
    district = sorted(district_names(app.monitor))[0]
    data = fetch(client, burden_view.DOWNLOAD_BUTTON, {**OFFICIAL, f"{burden_view.DISTRICT}.value": district})
    comments, rows, _ = csv_of(data)
    assert f"Nur Bezirk: {app.monitor.area_names('bezirk')[district]}" in comments
    inside = app.monitor.ancestor_at("planungsraum", "bezirk")
    assert rows[1:] and all(inside[r[0]] == district for r in rows[1:])


def test_public_download_says_withheld_values_are_not_rated(public_app):
    data = fetch(CallbackClient(public_app), burden_view.DOWNLOAD_BUTTON, {})
    comments, _, _ = csv_of(data)
    assert any(c.startswith("Öffentliche Fassung") for c in comments)
    assert not any("Interne" in c for c in comments)


def test_map_tooltip_names_the_burdens_in_the_page_language(app):
    monitor = app.monitor
    bundle = monitor.burden_bundle(monitor.burden_rule("umweltgerechtigkeit"), 2023)
    area = next(a for a, b in zip(bundle.table.index, bundle.table["burdens"]) if len(b) >= 2)
    for lang, search in (("de", "?jahr=2023"), ("en", "?jahr=2023&sprache=en")):
        hideout = find(render(app, burden_view.PATH, search), burden_view.AREAS)["props"]["hideout"]
        names = [monitor.indicator(i).label(lang) for i in bundle.table.loc[area, "burdens"]]
        assert hideout["burdens"][area] == ", ".join(names)
        assert hideout["suppressedLabel"] == ("nicht bewertet" if lang == "de" else "not rated")
        assert hideout["unit"] == ("Belastungen" if lang == "de" else "burdens")


def test_legend_marks_the_minimum_count(app):
    legend = json.dumps(find(render(app, burden_view.PATH, "?jahr=2023&k=2"), burden_view.LEGEND), ensure_ascii=False)
    # each row with its number of areas (the legend's heading says so)
    assert "2 Belastungen (mehrfach belastet, ab 2): " in legend and "\"3 Belastungen: " in legend


def test_profile_links_are_escaped_and_keep_the_language(app):
    tree = render(app, burden_view.PATH, "?jahr=2023&sprache=en")
    links = []

    def walk(node):
        if isinstance(node, dict):
            if node.get("props", {}).get("className") == "qm-area-link":
                links.append(node["props"]["href"])
            for value in node.get("props", {}).values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)
    walk(find(tree, burden_view.LIST))
    assert links and all(re.fullmatch(r"/gebiet/[0-9A-Za-z]+\?jahr=2023&sprache=en", h) for h in links)
    from dashboard.urls import area_href
    assert area_href("a b/<c>", "en", 2023) == "/gebiet/a%20b/%3Cc%3E?jahr=2023&sprache=en"


def test_index_title_uses_the_status_indicators_stichtag_and_legend_has_labels(app):
    tree = render(app, index_view.PATH, "?jahr=2022")
    assert find(tree, index_view.TITLE)["props"]["children"].endswith(", Stichtag 31.12.2022")
    legend = json.dumps(find(tree, index_view.LEGEND), ensure_ascii=False)
    assert "1+ (Status hoch, Dynamik positiv)" in legend and "4- (Status sehr niedrig, Dynamik negativ)" in legend
    hideout = find(tree, index_view.AREAS)["props"]["hideout"]
    assert hideout["suppressedLabel"] == "nicht bewertet (unter Mindesteinwohnerzahl oder ungültig)"
    english = render(app, index_view.PATH, "?jahr=2022&sprache=en")
    assert find(english, index_view.TITLE)["props"]["children"].endswith(", reference date 31 Dec 2022")


def url_callback(app, input_id: str, value, search: str):
    """Post to the callback that rewrites the address when `input_id` changes (its output has a hash suffix)."""
    key = next(k for k, spec in app.callback_map.items()
               if k.startswith("qm-url.search@") and [i["id"] for i in spec["inputs"]] == [input_id])
    payload = {"output": key, "outputs": {"id": "qm-url", "property": key.split(".", 1)[1]},
               "inputs": [{"id": input_id, "property": "value", "value": value}],
               "state": [{"id": "qm-url", "property": "search", "value": search}], "changedPropIds": [f"{input_id}.value"]}
    response = app.server.test_client().post("/_dash-update-component", data=json.dumps(payload), content_type="application/json")
    return response


def test_changing_the_rule_keeps_the_language(app):
    response = url_callback(app, burden_view.RULE, "quartile", "?jahr=2023&k=2&sprache=en")
    assert response.status_code == 200, response.data[:300]
    new = next(iter(json.loads(response.data)["response"].values()))["search"]
    assert new == "?sprache=en&regel=quartile"  # another rule starts from its own defaults; the language stays
    # the index the address already shows does not rewrite it (the demo has one index: the dropdown's mount report)
    unchanged = url_callback(app, index_view.INDEX, "sozialindex", "?sprache=en")
    assert unchanged.status_code == 204 or json.loads(unchanged.data)["response"] == {}
