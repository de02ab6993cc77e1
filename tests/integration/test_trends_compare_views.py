"""Trends, change map and comparison through the real app: layouts from the URL, callbacks, public mode."""
from __future__ import annotations

import json

import pytest

from dashboard.reports import compare as compare_report
from dashboard.reports import series as series_report
from dashboard.ui import change as change_view
from dashboard.ui import compare as compare_view
from dashboard.ui import trends as trends_view
from dashboard.ui.components import colouring
from dashboard import export
from tests.integration.conftest import CallbackClient, download_texts
from tests.integration.test_app import find, render


def text_of(tree) -> str:
    return json.dumps(tree, ensure_ascii=False, default=lambda component: component.to_plotly_json())


def response_of(response) -> dict:
    assert response.status_code == 200, response.data[:500]
    return json.loads(response.data)["response"]


# -- trends -------------------------------------------------------------------------------------------
def test_trends_layout_draws_every_line_from_the_url(app):
    tree = render(app, trends_view.PATH, "?indikator=A1&ebene=planungsraum&gebiete=01010101,01020101")
    figure = find(tree, trends_view.GRAPH)["props"]["figure"]
    frame = series_report.trend_frame(app.monitor, "A1", "planungsraum", ["01010101", "01020101"])
    measured = {t["meta"]["line_id"]: t for t in figure["data"] if t.get("meta", {}).get("kind") == "gemessen"}
    assert list(measured) == list(dict.fromkeys(frame["line_id"]))
    own = frame[frame["line_id"] == "01010101"]
    assert measured["01010101"]["x"] == [int(y) for y in own["year"]]
    assert measured["01010101"]["y"] == pytest.approx(list(own["value"]))
    assert measured["gesamt"]["line"]["dash"] == "longdash"
    shapes = figure["layout"]["shapes"]
    assert any(s.get("y0") == app.monitor.indicator("A1").threshold for s in shapes)  # Schwellenwert line
    config = find(tree, trends_view.GRAPH)["props"]["config"]
    assert config["toImageButtonOptions"]["filename"] == "zeitreihe-A1-planungsraum"
    assert find(tree, trends_view.AREAS)["props"]["value"] == ["01010101", "01020101"]
    assert find(tree, f"{trends_view.P}-row-01010101") is not None
    assert find(tree, trends_view.NOTICE) is None


def test_trends_invalid_ids_are_dropped_with_a_notice(app):
    tree = render(app, trends_view.PATH, "?indikator=<x>&ebene=planungsraum&gebiete=01010101,nix,010101,';--&ref=0")
    notice = text_of(find(tree, trends_view.NOTICE))
    assert "nicht verfügbar" in notice and "weggelassen" in notice and "nicht auf der Ebene" in notice
    assert find(tree, trends_view.AREAS)["props"]["value"] == ["01010101"]
    assert find(tree, trends_view.REF)["props"]["value"] == []
    figure = find(tree, trends_view.GRAPH)["props"]["figure"]
    assert {t["meta"]["line_id"] for t in figure["data"] if "line_id" in t.get("meta", {})} == {"01010101"}


def test_trends_level_inferred_from_areas_and_estimates_marked(app):
    tree = render(app, trends_view.PATH, "?indikator=LDEN&gebiete=010101,010102")
    assert find(tree, trends_view.LEVEL)["props"]["value"] == "bezirksregion"
    figure = find(tree, trends_view.GRAPH)["props"]["figure"]
    estimate_traces = [t for t in figure["data"] if t.get("meta", {}).get("kind") == "Schätzung"]
    assert estimate_traces and all(t["marker"]["symbol"] == "circle-open" and t["line"]["dash"] == "dot" for t in estimate_traces)
    assert any(t.get("name", "").startswith("Schätzung") for t in figure["data"])  # legend entry
    assert "Schätzung" in text_of(find(tree, trends_view.NOTES))


def test_trends_figure_marks_the_break_and_the_target(tmp_path):
    from tests.unit.test_series_report import build_carried

    monitor = build_carried(tmp_path)
    frame = series_report.trend_frame(monitor, "A1", "teil", ["0101", "0102"])
    figure = trends_view.figure(monitor, monitor.indicator("A1"), frame).to_plotly_json()
    texts = [a["text"] for a in figure["layout"]["annotations"]]
    assert "Wechsel: Schätzung → gemessen (2021)" in texts and "Wechsel: Schätzung → gemessen (2022)" in texts
    assert "Zielwert 10,0 %" in texts and "Schwellenwert 20,0 %" in texts
    breaks = [s for s in figure["layout"]["shapes"] if s.get("x0") in (2020.5, 2021.5)]
    assert len(breaks) == 2 and all(s["line"]["dash"] == "dash" for s in breaks)
    measured = next(t for t in figure["data"] if t["meta"] == {"line_id": "0102", "kind": "gemessen"})
    estimate = next(t for t in figure["data"] if t["meta"] == {"line_id": "0102", "kind": "Schätzung"})
    assert measured["y"][3] is None and estimate["y"][3] is None  # 2021 is missing: a gap in both
    assert estimate["marker"]["symbol"] == "circle-open"
    notes = text_of(trends_view.notes(monitor, monitor.indicator("A1"), frame, True))
    assert "Bis 2020 auf die neuen Gebiete umgerechnet." in notes and "Senkrechte gestrichelte Linie" in notes


def test_trends_callback_trims_to_five_and_syncs_the_url(app, callbacks):
    six = ["01010101", "01010102", "01010103", "01010104", "01010201", "01010202"]
    response = response_of(callbacks.call(trends_view.GRAPH, "figure", {
        f"{trends_view.INDICATOR}.value": "C1", f"{trends_view.LEVEL}.value": "planungsraum",
        f"{trends_view.AREAS}.value": six, f"{trends_view.REF}.value": ["ref"]}, changed=[f"{trends_view.AREAS}.value"]))
    assert response[trends_view.AREAS]["value"] == six[:5]
    assert "Höchstens 5" in text_of(response[trends_view.MESSAGES]["children"])
    assert response[trends_view.URL_SYNC]["data"] == {"indikator": "C1", "ebene": "planungsraum", "gebiete": ",".join(six[:5])}


def test_public_trends_never_send_withheld_values(public_app):
    tree = render(public_app, trends_view.PATH, "?indikator=A1&ebene=planungsraum&gebiete=01010302&ref=0")
    figure = find(tree, trends_view.GRAPH)["props"]["figure"]
    traces = [t for t in figure["data"] if t.get("meta", {}).get("line_id") == "01010302"]
    assert traces and all(v is None for t in traces for v in t["y"])
    internal = series_report.trend_frame(public_app.monitor, "A1", "planungsraum", ["01010302"], reference=False)
    assert internal["suppressed"].all()
    table = text_of(find(tree, trends_view.TABLE))
    assert "keine Angabe (geringe Fallzahl)" in table and "⚠" not in table


# -- change map ----------------------------------------------------------------------------------------
def test_change_layout_colours_from_the_url(app):
    tree = render(app, change_view.PATH, "?indikator=A1&ebene=bezirksregion&von=2016&bis=2023")
    hideout = find(tree, change_view.AREAS)["props"]["hideout"]
    bundle = series_report.change_bundle(app.monitor, "A1", "bezirksregion", 2016, 2023)
    assert hideout["classes"] == bundle.hideout["classes"] and hideout["colors"] == bundle.colors
    assert find(tree, change_view.FROM)["props"]["value"] == 2016 and find(tree, change_view.TO)["props"]["value"] == 2023
    legend = text_of(find(tree, change_view.LEGEND))
    assert "Prozentpunkte" in legend and "Verschlechterung" in legend and "etwa unverändert" in legend


def test_change_url_fallbacks(app):
    tree = render(app, change_view.PATH, "?indikator=UL&von=2030&bis=abc")
    notice = text_of(find(tree, change_view.NOTICE))
    assert "keine Veränderung" in notice and "Jahr" in notice
    assert find(tree, change_view.INDICATOR)["props"]["value"] == app.monitor.dataset.default_indicator
    swapped = render(app, change_view.PATH, "?indikator=A1&von=2024&bis=2016")
    assert find(swapped, change_view.FROM)["props"]["value"] == 2016 and "getauscht" in text_of(find(swapped, change_view.NOTICE))


def test_change_callback_and_public_hideout(app, public_app):
    client = CallbackClient(app)
    response = response_of(client.call(colouring(change_view.AREAS), "data", {
        f"{change_view.INDICATOR}.value": "D4", f"{change_view.LEVEL}.value": "planungsraum",
        f"{change_view.FROM}.value": 2015, f"{change_view.TO}.value": 2024}))
    bundle = series_report.change_bundle(app.monitor, "D4", "planungsraum", 2015, 2024)
    assert response[colouring(change_view.AREAS)]["data"]["classes"] == bundle.hideout["classes"]
    assert response[change_view.URL_SYNC]["data"] == {"indikator": "D4", "ebene": "planungsraum", "von": "2015", "bis": "2024"}
    public = response_of(CallbackClient(public_app).call(colouring(change_view.AREAS), "data", {
        f"{change_view.INDICATOR}.value": "D4", f"{change_view.LEVEL}.value": "planungsraum",
        f"{change_view.FROM}.value": 2015, f"{change_view.TO}.value": 2024}))[colouring(change_view.AREAS)]["data"]
    withheld = [a for a, k in public["classes"].items() if k == -2]
    assert withheld and "withheld" not in public and not set(withheld) & set(public["values"])


# -- comparison ----------------------------------------------------------------------------------------
def test_compare_layout_table_and_chart(app):
    tree = render(app, compare_view.PATH, "?gebiete=01010101,01010102,010201&jahr=2024&indikator=C1")
    comp = compare_report.comparison(app.monitor, ["01010101", "01010102", "010201"], 2024)
    row = find(tree, f"{compare_view.P}-row-A1")
    cells = [c["props"]["children"] for c in row["props"]["children"][1:]]
    a1 = comp.row("A1")
    assert cells == [compare_view.cell_text(c, a1.indicator) for c in [*a1.cells, a1.together, a1.city]]
    ul = find(tree, f"{compare_view.P}-row-UL")
    assert ul is None  # no class values in 2024
    chart = find(tree, compare_view.CHART)["props"]["figure"]["data"][0]
    assert chart["x"][-2:] == ["zusammen", "Musterstadt"]
    assert chart["y"][-2] == comp.row("C1").together.value
    assert find(tree, compare_view.AREAS)["props"]["value"] == ["01010101", "01010102", "010201"]


def test_compare_refusals_have_a_reason(app):
    tree = render(app, compare_view.PATH, "?gebiete=01010101,01010102&jahr=2023")
    ul = find(tree, f"{compare_view.P}-row-UL")["props"]["children"]
    together = next(c for c in ul if c["props"].get("data-area") == "zusammen")
    assert together["props"]["children"] == "–" and "keine Zählwerte" in together["props"]["title"]
    overlap = render(app, compare_view.PATH, "?gebiete=01010101,010101")
    assert "überschneidet sich" in text_of(find(overlap, compare_view.TABLE))


def test_compare_invalid_ids_and_too_few_areas(app):
    tree = render(app, compare_view.PATH, "?gebiete=01010101,<script>,gesamt&jahr=1700")
    notice = text_of(find(tree, compare_view.NOTICE))
    assert "weggelassen" in notice and "Gesamtstadt" in notice and "mindestens" not in notice and "2 bis 5" in notice
    assert "Jahr aus dem Link" in notice
    assert find(tree, compare_view.AREAS)["props"]["value"] == ["01010101"]


def test_compare_search_update_and_download(app, callbacks):
    response = response_of(callbacks.call(compare_view.AREAS, "options", {f"{compare_view.AREAS}.search_value": "Sandtal"},
                                          state={f"{compare_view.AREAS}.value": ["01010101"]}))
    options = response[compare_view.AREAS]["options"]
    assert options[0]["value"] == "01010101" and any(o["value"] == "010201" for o in options)
    update = response_of(callbacks.call(compare_view.TABLE, "children", {
        f"{compare_view.AREAS}.value": ["01010101", "010201", "nix"], f"{compare_view.YEAR}.value": 2022,
        f"{compare_view.CHART_INDICATOR}.value": "A3"}))
    assert update[compare_view.AREAS]["value"] == ["01010101", "010201"]
    assert update[compare_view.URL_SYNC]["data"] == {"gebiete": "01010101,010201", "jahr": "2022", "indikator": "A3"}
    chosen = {f"{compare_view.AREAS}.value": ["01010101", "010201"], f"{compare_view.YEAR}.value": 2022}
    download = response_of(callbacks.call(compare_view.DOWNLOAD, "data", {f"{compare_view.DOWNLOAD_BUTTON}.n_clicks": 1},
                                          state=chosen))
    data = download[compare_view.DOWNLOAD]["data"]
    assert data["filename"] == "gebietsvergleich-2022.csv" and data["base64"]
    comp = compare_report.comparison(app.monitor, ["01010101", "010201"], 2022)
    assert data == export.download(compare_view.export_table(app.monitor, comp), app.monitor.dataset, "csv")
    lines = download_texts(data)
    assert lines[0] == "# Gebietsvergleich 2022: Falkenstraße (01010101), Sandtal (010201)"
    xlsx = response_of(callbacks.call(compare_view.DOWNLOAD, "data", {f"{compare_view.DOWNLOAD_XLSX}.n_clicks": 1},
                                      state=chosen, changed=[f"{compare_view.DOWNLOAD_XLSX}.n_clicks"]))
    data = xlsx[compare_view.DOWNLOAD]["data"]
    assert data["filename"] == "gebietsvergleich-2022.xlsx" and "Gebietsvergleich 2022: " in " ".join(download_texts(data))


def test_compare_chart_indicator_picker_speaks_the_page_language(app):
    """The chart's indicator dropdown is the shared picker: German search texts on a German page, English on English."""
    tree = render(app, compare_view.PATH, "?gebiete=01010101,01010102")
    labels = find(tree, compare_view.CHART_INDICATOR)["props"]["labels"]
    assert labels["search"] == "Indikator suchen" and labels["no_options_found"] == "Kein Indikator gefunden"
    english = render(app, compare_view.PATH, "?gebiete=01010101,01010102&sprache=en")
    assert find(english, compare_view.CHART_INDICATOR)["props"]["labels"]["search"] == "Search indicators"
    options = find(english, compare_view.CHART_INDICATOR)["props"]["options"]
    a1 = next(o for o in options if o["value"] == "A1")
    assert a1["label"] == f"A1 {app.monitor.indicator('A1').label_en}"
    for view, picker in ((trends_view, trends_view.INDICATOR), (change_view, change_view.INDICATOR)):
        assert find(render(app, view.PATH, ""), picker)["props"]["labels"]["search"] == "Indikator suchen"


def test_change_picker_offers_only_indicators_with_two_years_and_a_neutral_bundle(app):
    tree = render(app, change_view.PATH, "?indikator=A1&ebene=planungsraum&von=2016&bis=2023&sprache=en")
    values = {o["value"] for o in find(tree, change_view.INDICATOR)["props"]["options"] if not o.get("disabled")}
    assert values == {i.id for i in series_report.change_indicators(app.monitor)} and "UL" not in values
    hideout = find(tree, change_view.AREAS)["props"]["hideout"]
    assert hideout["label"] == "Change 2016–2023" and hideout["locale"] == "en-GB"
    assert hideout["noDataLabel"] == "no data in one of the years" and hideout["unit"] == "percentage points"
    assert '"href": "/zeitreihen?indikator=A1&ebene=planungsraum&sprache=en"' in text_of(tree)


def test_public_compare_shows_no_withheld_number(app, public_app):
    search = "?gebiete=01010101,01010302&jahr=2024"
    internal = compare_report.comparison(app.monitor, ["01010101", "01010302"], 2024)
    tree = render(public_app, compare_view.PATH, search)
    row = find(tree, f"{compare_view.P}-row-A1")["props"]["children"]
    texts = {c["props"].get("data-area"): c["props"]["children"] for c in row[1:]}
    assert texts["01010302"] == texts["zusammen"] == "keine Angabe (geringe Fallzahl)"
    chart = find(tree, compare_view.CHART)["props"]["figure"]["data"][0]
    assert chart["y"][1] is None and chart["y"][2] is None
    assert compare_view.cell_text(internal.row("A1").cells[1], internal.row("A1").indicator) not in text_of(tree)
    assert find(tree, f"{compare_view.P}-row-B1") is None  # not a public indicator
