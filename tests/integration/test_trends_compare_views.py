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
    # told apart without colour: every line its own dash pattern, areas their own markers too
    styles = [(t["line"]["dash"], t["marker"]["symbol"]) for t in measured.values()]
    assert len({dash for dash, _ in styles}) == len(styles)
    assert measured["gesamt"]["line"]["dash"] == trends_view.CITY_DASH
    assert len({measured[a]["marker"]["symbol"] for a in ("01010101", "01020101")}) == 2
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
    assert estimate_traces and all(t["marker"]["symbol"].endswith("-open") and t["line"]["dash"] == "dot" for t in estimate_traces)
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
    measured = next(t for t in figure["data"] if t["meta"].get("line_id") == "0102" and t["meta"]["kind"] == "gemessen")
    estimate = next(t for t in figure["data"] if t["meta"].get("line_id") == "0102" and t["meta"]["kind"] == "Schätzung")
    assert measured["y"][3] is None and estimate["y"][3] is None  # 2021 is missing: a gap in both
    assert estimate["marker"]["symbol"] == measured["marker"]["symbol"] + "-open"
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
    assert [t for t in figure["data"] if t.get("meta", {}).get("line_id") == "01010302"] == []  # no line of gaps
    assert find(tree, trends_view.GRAPH)["props"]["style"] == {"display": "none"}  # nothing else: no chart at all
    assert "zu geringe Fallzahlen" in text_of(find(tree, trends_view.EMPTY))
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
    cells = [c[0] if isinstance(c, list) else c for c in cells]  # the value; below it its 95 % interval (test_intervals_views)
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
        f"{compare_view.CHART_INDICATOR}.value": "A3"}, state={f"{compare_view.CHOSEN}.data": {"jahr": True, "indikator": True}}))
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
    assert a1["label"] == f"{app.monitor.indicator('A1').label_en} (A1)"  # the label first, the id after it (internal view)
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


# -- defaults and empty states: every view opens with something to show, never with empty axes -----------------
# berlin_app: the session's internal Berlin app (tests/conftest.py)


def hrefs(tree) -> list[str]:
    """Every link in a serialized layout, in order."""
    if isinstance(tree, dict):
        own = [tree["props"]["href"]] if isinstance(tree.get("props", {}).get("href"), str) else []
        return own + [h for value in tree.get("props", {}).values() for h in hrefs(value)]
    if isinstance(tree, list):
        return [h for item in tree for h in hrefs(item)]
    return []


def follow(application, href: str):
    path, _, search = href.partition("?")
    return render(application, path, "?" + search if search else "")


def drawn_values(graph) -> list[float]:
    """The numbers a visible chart draws; [] when the graph is hidden."""
    if graph["props"].get("style", {}).get("display") == "none":
        return []
    return [v for trace in graph["props"]["figure"]["data"] for v in (trace.get("y") or []) if v is not None]


def assert_year_axis(figure, years):
    """The time axis spans the years with values (no -1..6 of an empty chart)."""
    low, high = figure["layout"]["xaxis"]["range"]
    assert low == pytest.approx(min(years) - 0.4) and high == pytest.approx(max(years) + 0.4)


@pytest.mark.parametrize("data", ["demo", "berlin"])
def test_default_trends_and_comparison_have_data(data, app, request):
    application = app if data == "demo" else request.getfixturevalue("berlin_app")
    monitor = application.monitor
    tree = render(application, trends_view.PATH, "")
    graph = find(tree, trends_view.GRAPH)
    indicator = find(tree, trends_view.INDICATOR)["props"]["value"]
    assert drawn_values(graph) and find(tree, f"{trends_view.P}-empty-state") is None
    assert_year_axis(graph["props"]["figure"], monitor.years(indicator, "stadt"))
    if data == "berlin":  # the dataset's default (the MSS status index) has neither a city value nor a second year
        assert indicator != monitor.dataset.default_indicator and monitor.years(monitor.dataset.default_indicator, "stadt") == []

    page = render(application, compare_view.PATH, "")
    year = find(page, compare_view.YEAR)["props"]["value"]
    # the comparison opens at the year with the most measured values: the demo's latest; Berlin's 2023, where the
    # demography has the supply ratios of care homes and pharmacies beside it (their denominators' year), one more
    # than 2024 (Kitas only)
    expected = max(monitor.years(indicator, "stadt")) if data == "demo" else 2023
    assert year == expected and find(page, compare_view.NOTICE) is None
    rows = [r for r in report_rows(page)]
    assert len(rows) >= 5  # the city's column: data before any area is chosen
    assert find(page, compare_view.CHART)["props"]["style"] == {"display": "none"}  # one bar compares nothing
    examples = [h for h in hrefs(find(page, f"{compare_view.P}-empty-state")) if h.startswith("/vergleich?gebiete=")]
    assert len(examples) == 2
    for example in examples:  # each example opens a comparison whose chart has values
        opened = follow(application, example)
        assert drawn_values(find(opened, compare_view.CHART)) and find(opened, f"{compare_view.P}-chart-empty-state") is None


def report_rows(tree) -> list[str]:
    table = find(tree, compare_view.TABLE)
    return [row for row in json.dumps(table).split('"id": "compare-row-')[1:]]


def test_comparison_chart_without_values_offers_the_nearest_years(app):
    page = render(app, compare_view.PATH, "?gebiete=01010101,01010102&jahr=2024&indikator=UL")  # classes end 2023
    assert find(page, compare_view.CHART)["props"]["style"] == {"display": "none"}
    figure = find(page, compare_view.CHART)["props"]["figure"]
    assert figure["layout"]["xaxis"]["visible"] is False  # not even a hidden empty axis
    empty = find(page, f"{compare_view.P}-chart-empty-state")
    assert f"„{app.monitor.indicator('UL').label('de')}“ hat 2024 keine Werte für die gewählten Gebiete" in text_of(empty)
    assert "Werte gibt es für 2017, 2019, 2021, 2023." in text_of(empty)
    links = hrefs(empty)
    assert links[0] == "/vergleich?gebiete=01010101,01010102&jahr=2023&indikator=UL"  # the nearest year with values
    assert any("jahr=2024&indikator=" in h and "indikator=UL" not in h for h in links)  # or an indicator that has 2024
    opened = follow(app, links[0])
    assert drawn_values(find(opened, compare_view.CHART)) and find(opened, f"{compare_view.P}-chart-empty-state") is None
    english = render(app, compare_view.PATH, "?gebiete=01010101,01010102&jahr=2024&indikator=UL&sprache=en")
    assert "has no values for the chosen areas in 2024" in text_of(find(english, f"{compare_view.P}-chart-empty-state"))


def test_berlin_defaults_and_empty_states(berlin_app):
    monitor = berlin_app.monitor
    from dashboard.state.map import MapState

    assert MapState.from_query(monitor, {}).year == monitor.dataset.default_year == 2020  # the MSS edition's year
    assert MapState.from_query(monitor, {"indikator": "ANT_U6"}).year == max(monitor.years("ANT_U6", "planungsraum"))

    # the MSS status index asked for without areas: what is missing, and views that have it
    tree = render(berlin_app, trends_view.PATH, "?indikator=MSS_STATUS")
    assert find(tree, trends_view.GRAPH)["props"]["style"] == {"display": "none"}
    empty = find(tree, f"{trends_view.P}-empty-state")
    assert "keine Werte von „Status-Index (Sozialmonitoring)“" in text_of(empty) and "für 2020" in text_of(empty)
    offers = hrefs(empty)
    assert any(h.startswith("/?indikator=MSS_STATUS&jahr=2020") for h in offers)
    example = next(h for h in offers if h.startswith("/zeitreihen?indikator=MSS_STATUS"))
    assert drawn_values(find(follow(berlin_app, example), trends_view.GRAPH))

    # Planungsräume: the comparison opens at the year with the most measured indicators - 2021 (28, with the
    # environmental atlas), not 2024 (21, demography only) nor 2020 (rich only in carried estimates); the chart at an
    # indicator that has values there; MSS_STATUS asked for has none in that year and offers 2020
    page = render(berlin_app, compare_view.PATH, "?gebiete=08100101,08100102,08100103&indikator=MSS_STATUS")
    assert find(page, compare_view.YEAR)["props"]["value"] == 2021
    empty = find(page, f"{compare_view.P}-chart-empty-state")
    assert "/vergleich?gebiete=08100101,08100102,08100103&jahr=2020&indikator=MSS_STATUS" in hrefs(empty)
    assert "Indikatoren mit gemessenen Werten" not in text_of(find(page, compare_view.TABLE))  # nothing fuller to point to
    # a link to 2024: a pointer names the year with more rows
    page = render(berlin_app, compare_view.PATH, "?gebiete=08100101,08100102,08100103&jahr=2024")
    # the pointer counts as the opening rule does (measured values): 2021 has 28 (the MSS 2021 year), not 2020, which has
    # 45 rows only with the population shares carried from LOR 2006
    pointer = text_of(find(page, compare_view.TABLE))
    assert "2021: 28 Indikatoren mit gemessenen Werten für diese Gebiete, 22 hier." in pointer  # 21 + the Kita ratio
    assert "Vergleich 2021 öffnen" in pointer and "Vergleich 2020 öffnen" not in pointer
    shown = render(berlin_app, compare_view.PATH, "?gebiete=08100101,08100102,08100103")
    assert drawn_values(find(shown, compare_view.CHART))


def test_trend_lines_differ_without_colour_and_are_named_at_their_end(app):
    areas = ["01010101", "01020101", "01030101", "01010201", "01020201"]
    tree = render(app, trends_view.PATH, f"?indikator=A3&ebene=planungsraum&gebiete={','.join(areas)}")
    figure = find(tree, trends_view.GRAPH)["props"]["figure"]
    lines = [t for t in figure["data"] if t.get("meta", {}).get("kind") == "gemessen"]
    assert [t["meta"]["line_id"] for t in lines][:5] == areas
    assert len({t["line"]["dash"] for t in lines}) == len(lines)  # every line its own dash pattern
    assert len({t["marker"]["symbol"] for t in lines[:5]}) == 5  # and every area its own marker
    axis = figure["layout"]["yaxis2"]  # the end labels: one per line, in the line's colour, kept apart
    assert len(axis["ticktext"]) == len(lines) and axis["overlaying"] == "y"
    for trace, text in zip(lines, axis["ticktext"]):
        assert trace["line"]["color"] in text
    low, high = figure["layout"]["yaxis"]["range"]
    positions = sorted(axis["tickvals"])
    assert all(b - a >= trends_view.LABEL_GAP * (high - low) * 0.999 for a, b in zip(positions, positions[1:]))
    assert low <= positions[0] and positions[-1] <= high
    ends = [next(v for v in reversed(t["y"]) if v is not None) for t in lines]
    leaders = [s for s in figure["layout"].get("shapes", []) if s.get("name") == "leader"]
    for leader in leaders:  # a label moved off its line's end is tied to it by a thin line
        assert leader["x1"] == 1 and leader["y1"] in axis["tickvals"] and leader["y0"] in ends
    moved = sum(abs(p - e) > trends_view.LABEL_GAP * (high - low) / 3 for p, e in zip(axis["tickvals"], ends))
    assert len(leaders) == moved > 0


def test_spread_keeps_labels_apart_and_near_their_values():
    from dashboard.ui.trends import spread

    assert spread([5.0, 1.0, 9.0], 0, 10, 1) == [5.0, 1.0, 9.0]  # nothing crowds: each at its value
    crowded = spread([5.0, 5.0, 5.1, 9.9], 0, 10, 1)  # three crowd: centred on their mean, one gap apart
    assert crowded == pytest.approx([5.1 / 3 + 10 / 3 - 1, 5.1 / 3 + 10 / 3, 5.1 / 3 + 10 / 3 + 1, 9.9])
    edge = spread([9.8, 9.9, 10.0], 0, 10, 1)  # at the top: pushed down inside the axis
    assert edge == pytest.approx([8.0, 9.0, 10.0])
    many = spread([5.0] * 30, 0, 10, 1)  # more labels than room: as far apart as the axis allows
    assert sorted(many) == pytest.approx([i * 10 / 29 for i in range(30)])


def test_trends_empty_state_says_withheld_only_for_the_areas_own_values(app, monkeypatch):
    """The empty state's "zu geringe Fallzahlen" speaks of the chosen areas: a withheld reference line (parent, city)
    beside an area without any value is no reason to say the area's values are withheld."""
    import pandas as pd

    from dashboard.state.trends import TrendsState

    monitor = app.monitor
    state = TrendsState.from_query(monitor, {"indikator": "A1", "ebene": "planungsraum", "gebiete": "01010101"})
    rows = [("01010101", "Falkenstraße", "area", "planungsraum"), ("010101", "Eltern", "parent", "bezirksregion"),
            ("00", "Stadt", "city", "stadt")]

    def frame(withheld_roles):
        return pd.DataFrame([{"line_id": i, "name": n, "role": r, "level": lv, "year": 2024, "value": float("nan"),
                              "suppressed": r in withheld_roles, "estimate": False} for i, n, r, lv in rows])

    for withheld_roles, expected in ((("parent", "city"), False), (("area",), True)):
        monkeypatch.setattr(trends_view.report, "trend_frame", lambda *args, f=frame(withheld_roles), **kw: f)
        text = text_of(trends_view.content(monitor, state)["empty"])
        assert "keine Werte" in text and ("zu geringe Fallzahlen" in text) is expected, withheld_roles
    city_only = TrendsState.from_query(monitor, {"indikator": "A1"})
    monkeypatch.setattr(trends_view.report, "trend_frame", lambda *args, **kw: frame(("parent",)))
    assert trends_view.withheld_only(frame(("parent",)), city_only) is False
    assert trends_view.withheld_only(frame(("city",)), city_only) is True


def test_a_comparison_links_invalid_year_is_not_kept_as_a_choice(app):
    """/vergleich?…&jahr=2030: shown at the nearest year with values, and that year is not remembered as chosen (the
    callback would keep it when areas are added); a valid link year is."""
    page = render(app, compare_view.PATH, "?gebiete=01010101,01010102&jahr=2030")
    assert find(page, compare_view.YEAR)["props"]["value"] == 2024
    assert find(page, compare_view.CHOSEN)["props"]["data"] == {"jahr": False, "indikator": False}
    page = render(app, compare_view.PATH, "?gebiete=01010101,01010102&jahr=2017")
    assert find(page, compare_view.CHOSEN)["props"]["data"] == {"jahr": True, "indikator": False}
