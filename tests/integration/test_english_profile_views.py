"""English switch (?sprache=en) for the area profile, time series, comparison, Sitzungsmappe and legal pages.

Every page is rendered through the router callback and every text-producing callback of these views is
called with the page language "en", exactly as the browser does; all strings a user can read (component
texts, labels, titles, tooltips, chart texts, download contents and file names) must be free of tell-tale
German words. The only German allowed is what the dataset itself publishes in German, collected from the
dataset (not written down here): place names, sources, title and attribution, the staff's notes files,
shipped Sitzungsmappen, indicator texts the dataset has no English version of, and the texts of the issue-15 layers
as published: facility names, addresses and categories, layer sources and credits, funding-area names, and the
measures table the staff keep (titles, goals, departments … as written).
"""
from __future__ import annotations

import base64
import csv
import io
import json
import re
from pathlib import Path

import openpyxl
import pytest
from plotly.utils import PlotlyJSONEncoder

from dashboard.ui import compare as compare_view
from dashboard.ui import ids
from dashboard.ui import presentation as pres
from dashboard.ui import profile as profile_view
from dashboard.ui import trends as trends_view
from tests.integration.conftest import CallbackClient
from tests.integration.test_app import find

# Words and letters that only German UI text has. Case-sensitive: "Gebiet" catches Gebiet, Gebiete,
# Teilgebiete, Gebietsprofil; lower-case "gebiet" stays allowed in paths such as /gebiet/<id>.
GERMAN = [" und ", "Gebiet", "keine", "Keine", "Kennzahl", "ä", "ö", "ü", "Ä", "Ö", "Ü", "ß", "Hinweis", "Stichtag",
          "Quelle", "Rang", "Einwohner", "Jahr", "Wert", "Zeitreihe", "Vergleich", "zusammen", "Fallzahl", "Schätzung",
          "Datenstand", "Datensatz", "Ebene", "Lizenz", "Ansicht", "Sitzungsmappe", "Präsentation", "Datei", " nicht ",
          " der ", " die ", " das ", " von ", " mit ", " für ", " bis ", " oder ", "Betreiber", "Kontakt", "Impressum",
          "Datenschutz", "Zielwert", "Schwellenwert", "Belastung", "Bewertung", "Stärke", "Schwäche", "Teil I", "Anteil"]
# download file names are lower-case words
GERMAN_FILE_NAMES = ["gebietsprofil", "zeitreihe", "vergleich", "sitzungsmappe", "ansichten"]
# properties no one reads: ids, classes, links, styles, plotly internals
SKIPPED = {"id", "className", "href", "namespace", "type", "style", "url", "src", "meta", "data-url", "data-area",
           "data-indicator", "data-rule", "data-index", "data-year", "htmlFor", "aria-controls", "aria-labelledby",
           "legendgroup", "inputClassName", "template"}

PLANNING_AREA, DISTRICT_REGION = "01010101", "100201"
PAGES = [(f"/gebiet/{PLANNING_AREA}", ""), (f"/gebiet/{DISTRICT_REGION}", ""), ("/zeitreihen", ""),
         ("/vergleich", "?gebiete=01010101,01010102"), ("/datenschutz", ""), ("/impressum", "")]
# fields an indicator may give in English ([indicator.en]); where a dataset has none yet, the German text is
# what the dataset publishes and may appear (Indicator.text falls back to it)
INDICATOR_TEXTS = ("description", "unit", "numerator_label", "denominator_label", "estimate_note", "note", "source", "zielbereich")
# the staff's measures table: published as written (status and Zielbereich go through the vocabulary instead)
MEASURE_TEXTS = ("title", "goal", "lead", "financing", "provider", "partners", "actors", "success_check")


# -- what the dataset publishes in German ---------------------------------------------------------------
@pytest.fixture(scope="module")
def allowed(app) -> list[str]:
    """German texts the dataset publishes, longest first (so a name is removed before a shorter one inside it)."""
    monitor, dataset = app.monitor, app.monitor.dataset
    texts = {dataset.city_name}  # title and attribution have English versions (title_en, attribution_en)
    for level in [*dataset.level_ids, "stadt"]:
        texts |= set(monitor.store.frame("areas_by_level", {"level": level})["name"])
    for indicator in dataset.indicators.values():
        texts.add(indicator.source)
        texts.add(indicator.text("source", "en"))  # an English source may quote German names (…atlas)
        for name in INDICATOR_TEXTS:
            if getattr(indicator, name) and not indicator.en.get(name):
                texts.add(indicator.text(name, "en"))
    for path in (Path(dataset.path) / "notes").glob("*.md"):  # written by staff, in their language
        texts |= {line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}
    texts |= layer_texts(dataset)
    shipped, _errors = pres.load_shipped(dataset.path)
    for mappe in shipped.values():
        texts.add(mappe.title)
        texts |= {view.title for view in mappe.views}
    return sorted((t for t in texts if t), key=len, reverse=True)


def layer_texts(dataset) -> set[str]:
    """What the issue-15 layers publish in German, from their runtime readers (every row, internal included)."""
    from dashboard import facilities, kulissen, measures

    texts: set[str] = set()
    found = facilities.load(dataset)
    for layer in found.layers:
        texts |= {layer.source, layer.attribution, layer.license, layer.stand}
        texts |= {layer.label_de} if not layer.label_en else set()
        texts |= {layer.capacity_label_de} if not layer.capacity_label_en else set()
    for column in ("name", "category", "address"):
        texts |= {v for v in found.points[column] if isinstance(v, str)}
    areas = kulissen.load(dataset)
    for layer in areas.layers:
        texts |= {layer.attribution, layer.license, layer.credit(), layer.stand}
        texts |= {layer.label_de} if not layer.label_en else set()
    texts |= {v for v in areas.features["name"] if isinstance(v, str)}
    table = measures.load(dataset)
    for column in MEASURE_TEXTS:
        texts |= {v for v in table[column] if isinstance(v, str)}
    meta = dataset.raw.get(measures.META_KEY) or {}
    texts |= {str(meta.get("source", "")), str(meta.get("stand", ""))}
    return {text for text in texts if text}


def readable_strings(node, key: str | None = None):
    """(property, text) of every string a user can read in a component tree / callback answer."""
    if isinstance(node, dict):
        for name, value in node.items():
            if name not in SKIPPED:
                yield from readable_strings(value, name)
    elif isinstance(node, list):
        for value in node:
            yield from readable_strings(value, key)
    elif isinstance(node, str):
        yield key, node


def german_in(text: str, allowed: list[str]) -> list[str]:
    """The tell-tale German words left in text once the dataset's own German texts are taken out."""
    for published in allowed:
        if published in text:
            text = text.replace(published, " ")
        else:  # a notes paragraph arrives as one string: take out each of its lines
            for line in published.splitlines():
                if len(line) > 3 and line in text:
                    text = text.replace(line, " ")
    return [word for word in GERMAN if word in text]


def assert_english(tree, allowed: list[str], where: str) -> None:
    found = []
    for key, text in readable_strings(tree):
        words = german_in(text, allowed)
        if key == "filename":
            words += [w for w in GERMAN_FILE_NAMES if w in text.lower()]
        if words:
            found.append(f"[{key}] {text[:160]!r}: {words}")
    assert not found, f"{where}: German text in the English page:\n" + "\n".join(found[:20])


def answer(response) -> dict:
    assert response.status_code == 200, response.data[:500]
    return json.loads(response.data)["response"]


def render(app, path: str, search: str) -> dict:
    """The router's answer: page, page language and page flags."""
    return answer(CallbackClient(app).call(ids.PAGE, "children", {f"{ids.URL}.pathname": path, f"{ids.URL}.search": search},
                                           {f"{ids.LANG}.data": "de"}))


def as_json(component) -> dict:
    """A component built outside a callback, serialized as Dash sends it."""
    return json.loads(json.dumps(component, cls=PlotlyJSONEncoder))


def mappe_call(app, inputs: dict, changed: str, filename: str | None = None) -> dict:
    """The Sitzungsmappe callback (pattern-matching inputs filled as the browser sends them) in English."""
    key = next(k for k in app.callback_map if f"{pres.STORE}.data" in k.strip(".").split("..."))
    spec = app.callback_map[key]
    filled = []
    for item in spec["inputs"]:
        if item["id"].startswith("{"):  # ALL-pattern input: a list of (here no) components
            filled.append([])
        else:
            filled.append({"id": item["id"], "property": item["property"], "value": inputs.get(f"{item['id']}.{item['property']}")})
    state = [{"id": item["id"], "property": item["property"],
              "value": {f"{pres.UPLOAD}.filename": filename, f"{ids.LANG}.data": "en"}.get(f"{item['id']}.{item['property']}")}
             for item in spec["state"]]
    outputs = [{"id": o.split(".")[0], "property": o.split(".")[1]} for o in key.strip(".").split("...")]
    payload = {"output": key, "outputs": outputs, "inputs": filled, "state": state, "changedPropIds": [changed]}
    return answer(app.server.test_client().post("/_dash-update-component", data=json.dumps(payload),
                                                content_type="application/json"))


def component_ids(tree) -> list:
    """Every string id in a component tree, in order."""
    return [value for key, value in all_values(tree) if key == "id" and isinstance(value, str)]


def all_values(node, key=None):
    if isinstance(node, dict):
        for name, value in node.items():
            yield from all_values(value, name)
    elif isinstance(node, list):
        for value in node:
            yield from all_values(value, key)
    else:
        yield key, node


# -- pages ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("mode", ["internal", "public"])
@pytest.mark.parametrize("path,search", PAGES, ids=[p + s for p, s in PAGES])
def test_pages_in_english_have_no_german_ui_text(app, public_app, allowed, mode, path, search):
    target = app if mode == "internal" else public_app
    response = render(target, path, search + ("&" if search else "?") + "sprache=en")
    assert response[ids.LANG]["data"] == "en"
    assert response[ids.PAGE_FLAGS]["data"]["lang"] == "en"
    assert_english(response[ids.PAGE]["children"], allowed, f"{mode} {path}{search}")


@pytest.mark.parametrize("path,search", PAGES, ids=[p + s for p, s in PAGES])
def test_english_pages_have_the_same_components_as_the_german_ones(app, path, search):
    german = render(app, path, search)[ids.PAGE]["children"]
    english = render(app, path, search + ("&" if search else "?") + "sprache=en")[ids.PAGE]["children"]
    assert component_ids(english) == component_ids(german)


def test_german_pages_are_unchanged(app):
    """Spot checks: German stays the default, with German words, numbers and chart separators."""
    profile = json.dumps(render(app, f"/gebiet/{PLANNING_AREA}", "")[ids.PAGE]["children"], ensure_ascii=False)
    for text in ("Teil I – Beschreibung und Bewertung", "2. Kennzahlen nach Dimension", "Differenz zur Gesamtstadt",
                 "Quellen und Datenstand", "Tabelle als Excel (XLSX)", "Einwohnerinnen und Einwohner (31.12.2024)"):
        assert text in profile, text
    assert '"separators": ",."' in profile and '"locale": "de-DE"' in profile
    trends = json.dumps(render(app, "/zeitreihen", "")[ids.PAGE]["children"], ensure_ascii=False)
    assert "Jahr (Stichtag)" in trends and "Zeitreihe" in trends and "zeitreihe-" in trends
    compare = json.dumps(render(app, "/vergleich", "?gebiete=01010101,01010102&jahr=2024")[ids.PAGE]["children"], ensure_ascii=False)
    assert "Gebietsvergleich 2024" in compare and "„zusammen“" in compare and "Tabelle als CSV herunterladen" in compare
    legal = json.dumps(render(app, "/datenschutz", "")[ids.PAGE]["children"], ensure_ascii=False)
    assert "Datenschutzhinweis" in legal and "Kleine Fallzahlen" in legal


def test_english_numbers_and_links_keep_the_language(app):
    page = render(app, f"/gebiet/{DISTRICT_REGION}", "?sprache=en")[ids.PAGE]["children"]
    text = json.dumps(page, ensure_ascii=False)
    assert '"separators": ".,"' in text and '"locale": "en-GB"' in text
    assert re.search(r"\d,\d{3} residents \(31 Dec 2024\)", text)  # 3,811 residents
    breadcrumb = json.dumps(find(page, profile_view.BREADCRUMB))
    assert "sprache=en" in breadcrumb  # a plain link reloads the page: the language travels in it
    compare = render(app, "/vergleich", "?gebiete=01010101,01010102&sprache=en")[ids.PAGE]["children"]
    assert "sprache=en" in json.dumps(find(compare, compare_view.LINK))


# -- callbacks -------------------------------------------------------------------------------------------
def test_trends_callback_in_english(app, allowed):
    response = answer(CallbackClient(app).call(trends_view.GRAPH, "figure", {
        f"{trends_view.INDICATOR}.value": "A1", f"{trends_view.LEVEL}.value": "planungsraum",
        f"{trends_view.AREAS}.value": ["01010101", "01010302", "01010102"], f"{trends_view.REF}.value": ["ref"],
    }, {f"{ids.LANG}.data": "en"}))
    figure = response[trends_view.GRAPH]["figure"]
    assert figure["layout"]["separators"] == ".," and figure["layout"]["xaxis"]["title"]["text"] == "Year (reference date)"
    assert response[trends_view.GRAPH]["config"]["toImageButtonOptions"]["filename"] == "time-series-A1-planungsraum"
    assert_english(response, allowed, "trends callback")


def test_compare_callbacks_and_download_in_english(app, allowed):
    client = CallbackClient(app)
    chosen = ["01010101", "01010102", "0101"]  # overlapping: "combined" explains why it is missing
    update = answer(client.call(compare_view.TABLE, "children", {
        f"{compare_view.AREAS}.value": chosen, f"{compare_view.YEAR}.value": 1999, f"{compare_view.CHART_INDICATOR}.value": "A1",
    }, {f"{ids.LANG}.data": "en"}))
    assert update[compare_view.CHART]["figure"]["layout"]["separators"] == ".,"
    assert_english(update, allowed, "compare update")
    search = answer(client.call(compare_view.AREAS, "options", {f"{compare_view.AREAS}.search_value": "Markt"},
                                {f"{compare_view.AREAS}.value": chosen, f"{ids.LANG}.data": "en"}))
    assert_english(search, allowed, "compare search")
    download = answer(client.call(compare_view.DOWNLOAD, "data", {f"{compare_view.DOWNLOAD_BUTTON}.n_clicks": 1},
                                  {f"{compare_view.AREAS}.value": chosen[:2], f"{compare_view.YEAR}.value": 2024,
                                   f"{ids.LANG}.data": "en"}))[compare_view.DOWNLOAD]["data"]
    assert download["filename"] == "area-comparison-2024.csv"
    content = download["content"]
    lines = (base64.b64decode(content).decode("utf-8-sig") if download.get("base64") else content).splitlines()
    assert lines[0].startswith("# Area comparison 2024: ")
    rows = list(csv.reader(line for line in lines if not line.startswith("#")))
    assert rows[0][:4] == ["Dimension", "Indicator ID", "Indicator", "Unit"] and "combined" in rows[0]
    a1 = next(row for row in rows if row[1] == "A1")
    float(a1[4])  # a decimal point, not a comma
    assert_english([download["filename"], *[line for line in lines if line.startswith("#")], *[c for row in rows for c in row]],
                   allowed, "compare CSV")


def test_profile_search_and_downloads_in_english(app, allowed):
    client = CallbackClient(app)
    found = answer(client.call(profile_view.SEARCH_RESULTS, "children", {f"{profile_view.SEARCH}.value": "Markt"},
                               {f"{ids.LANG}.data": "en"}))
    assert "sprache=en" in json.dumps(found)
    nothing = answer(client.call(profile_view.SEARCH_RESULTS, "children", {f"{profile_view.SEARCH}.value": "qqqq"},
                                 {f"{ids.LANG}.data": "en"}))
    assert "No area found." in json.dumps(nothing)
    assert_english([found, nothing], allowed, "profile search")
    for area_id in ("01010104", DISTRICT_REGION):  # 01010104 has a notes file
        state = {f"{profile_view.STATE}.data": {"area": area_id, "jahr": 2024}, f"{ids.LANG}.data": "en"}
        csv_data = answer(client.call(profile_view.DOWNLOAD, "data", {f"{profile_view.CSV_BUTTON}.n_clicks": 1,
                                                                      f"{profile_view.XLSX_BUTTON}.n_clicks": 0},
                                      state, changed=[f"{profile_view.CSV_BUTTON}.n_clicks"]))[profile_view.DOWNLOAD]["data"]
        assert csv_data["filename"] == f"area-profile-{area_id}-2024.csv"
        lines = base64.b64decode(csv_data["content"]).decode("utf-8-sig").splitlines()
        assert lines[0].startswith("# Area profile ")
        table = list(csv.reader(line for line in lines if not line.startswith("#")))
        assert table[0][:4] == ["Dimension", "Target area (Zielbereich)", "Key figure ID", "Key figure"]
        assert_english([csv_data["filename"], *lines], allowed, f"profile CSV {area_id}")
        xlsx = answer(client.call(profile_view.DOWNLOAD, "data", {f"{profile_view.XLSX_BUTTON}.n_clicks": 1,
                                                                  f"{profile_view.CSV_BUTTON}.n_clicks": 0},
                                  state, changed=[f"{profile_view.XLSX_BUTTON}.n_clicks"]))[profile_view.DOWNLOAD]["data"]
        assert xlsx["filename"] == f"area-profile-{area_id}-2024.xlsx"
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(xlsx["content"])))
        assert book.sheetnames[0] == "Key figures"  # then the facilities' and the measures' sheets, where the area has any
        assert_english(book.sheetnames, allowed, f"profile XLSX sheet names {area_id}")
        cells = [str(cell.value) for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if cell.value is not None]
        assert_english(cells, allowed, f"profile XLSX {area_id}")


def test_sitzungsmappe_in_english(app, allowed):
    dataset_path = app.monitor.dataset.path
    buttons = as_json(pres.header_buttons("en"))
    assert_english(buttons, allowed, "presentation buttons")
    assert buttons["props"]["children"][0]["props"]["data-slide"] == "Slide {n} of {total}"
    assert buttons["props"]["children"][0]["props"]["data-label-stop"] == "End presentation"
    assert_english(as_json(pres.panel(dataset_path, "en")), allowed, "Sitzungsmappe panel")
    empty = mappe_call(app, {f"{pres.STORE}.data": None}, f"{pres.STORE}.data")
    assert empty[pres.STORE]["data"]["title"] == "Meeting deck"
    rejected = mappe_call(app, {f"{pres.ADD_REQUEST}.data": {"url": "https://example.org/", "title": "x"},
                                f"{pres.STORE}.data": {"title": "T", "views": []}}, f"{pres.ADD_REQUEST}.data")
    assert "is not a view of this application" in json.dumps(rejected)
    bad_file = "data:application/toml;base64," + base64.b64encode(b"title = [").decode()
    upload = mappe_call(app, {f"{pres.UPLOAD}.contents": bad_file}, f"{pres.UPLOAD}.contents", filename="mappe.toml")
    assert "is not valid TOML" in json.dumps(upload)
    client = CallbackClient(app)
    saved = answer(client.call(pres.DOWNLOAD, "data", {f"{pres.SAVE}.n_clicks": 1},
                               {f"{pres.STORE}.data": {"title": "+++", "views": [{"title": "Map", "url": "/"}]},
                                f"{ids.LANG}.data": "en"}))[pres.DOWNLOAD]["data"]
    assert saved["filename"] == "meeting-deck-views.toml" and saved["content"].startswith("# Quartiersmonitor meeting deck")
    for name, part in (("empty list", empty), ("rejected view", rejected), ("bad upload", upload), ("saved file", saved)):
        assert_english(part, allowed, f"Sitzungsmappe {name}")


def test_every_text_of_these_views_has_an_english_translation():
    """Each German literal passed to t() in the views' modules has an English entry (else it would show in German)."""
    import ast

    from dashboard.i18n.en import STRINGS

    root = Path(__file__).resolve().parents[2] / "dashboard"
    missing = []
    for module in ("ui/profile.py", "reports/profile.py", "reports/series.py", "reports/compare.py", "ui/trends.py",
                   "ui/compare.py", "ui/presentation.py", "ui/legal.py"):
        for node in ast.walk(ast.parse((root / module).read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "t" and node.args:
                first = node.args[0]
                options = [first.body, first.orelse] if isinstance(first, ast.IfExp) else [first]
                missing += [f"{module}: {o.value!r}" for o in options
                            if isinstance(o, ast.Constant) and isinstance(o.value, str) and o.value not in STRINGS]
    assert not missing, "\n".join(missing)
