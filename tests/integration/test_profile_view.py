"""The area profile (/gebiet/<id>) through the real app: layout, not-found page, mode rules, downloads."""
from __future__ import annotations

import base64
import io
import json
import shutil

import openpyxl
import pytest

from dashboard import create_app
from dashboard.present import SUPPRESSED_TEXT, value_text
from dashboard.reports import profile as report
from dashboard.settings import Settings
from dashboard.ui import ids
from dashboard.ui import profile as view
from tests.conftest import DEMO_DIR
from tests.integration.conftest import CallbackClient
from tests.integration.test_app import find, render

AREA = "01010104"
SECRET = "BA-Beschluss 17/2024 (vertraulich)"
NOTES = f"""Öffentlich: ja

# Am Markt

Eigene Beschreibung mit <b>HTML</b>, das nicht als HTML erscheint.

## Ziele
- Hitzeschutz im Quartier verbessern

## Maßnahmen
| Maßnahme | Federführung |
|---|---|
| Entsiegelung Marktplatz | SGA |

## Nicht öffentlich
Beschlusslage: {SECRET}
"""


def text_of(tree) -> str:
    return json.dumps(tree, ensure_ascii=False)


@pytest.fixture(scope="module")
def noted_apps(tmp_path_factory):
    """The demo dataset with a notes file that uses every section, as an internal and a public app."""
    data = tmp_path_factory.mktemp("profil") / "demo"
    shutil.copytree(DEMO_DIR, data)
    (data / "notes" / f"{AREA}.md").write_text(NOTES, encoding="utf-8")
    return {mode: create_app(Settings(data_dir=data, mode=mode, cache_dir=None)) for mode in ("internal", "public")}


def test_profile_layout_shows_every_key_figure_of_the_store(app):
    tree = render(app, f"/gebiet/{AREA}")
    assert find(tree, view.ARTICLE) is not None
    figures = app.monitor.key_figures(AREA, 2024)
    for figure in figures:
        row = find(tree, f"{view.P}-row-{figure.indicator.id}")
        assert row is not None, figure.indicator.id
        value_cell = row["props"]["children"][1]
        expected = value_text(figure.value, view.cell_unit(figure.indicator.unit), figure.indicator.decimals)
        if figure.indicator.kind != "class":
            assert expected in text_of(value_cell)
    text = text_of(tree)
    assert "Teil I – Beschreibung und Bewertung" in text and "Teil II – Ziele und Maßnahmen" in text
    assert "Eigene Beschreibung des Gebiets" in text and "automatisch aus den Kennzahlen abgeleitet" in text
    assert "Keine Angaben hinterlegt." in text  # the demo notes have no goals/measures sections
    assert find(tree, view.INTERNAL) is not None  # internal view: the section exists (empty)
    hideout = find(tree, view.AREAS)["props"]["hideout"]
    assert hideout["selected"] == AREA and hideout["classes"][AREA] == 0
    assert find(tree, view.STATE)["props"]["data"] == {"area": AREA, "jahr": "2024"}
    crumbs = text_of(find(tree, view.BREADCRUMB))
    for ancestor in app.monitor.ancestors(AREA):
        assert f"/gebiet/{ancestor['area_id']}?jahr=2024" in crumbs


@pytest.mark.parametrize("area_id", ["gesamt", "01", "0101", "100201", "12030301"])
def test_profile_builds_for_every_level_and_the_city(app, area_id):
    tree = render(app, f"/gebiet/{area_id}")
    assert find(tree, view.ARTICLE) is not None
    assert app.monitor.area(area_id)["name"] in text_of(find(tree, view.ARTICLE))


@pytest.mark.parametrize("raw", ["gibtsnicht", "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "..%2F..%2Fetc", "x" * 64])
def test_unknown_area_gives_a_german_not_found_page(app, raw):
    tree = render(app, f"/gebiet/{raw}")
    assert find(tree, view.NOT_FOUND) is not None
    assert "Gebiet nicht gefunden" in text_of(tree) and find(tree, view.SEARCH) is not None


def test_not_found_suggests_matching_areas(app):
    tree = render(app, "/gebiet/Kreuzkam")
    assert "/gebiet/10020102" in text_of(find(tree, view.NOT_FOUND))


def test_year_and_grouping_come_from_the_url(app):
    tree = render(app, f"/gebiet/{AREA}", "?jahr=2019&gruppe=zielbereich")
    assert find(tree, view.YEAR)["props"]["value"] == 2019
    assert find(tree, view.GROUP)["props"]["value"] == "zielbereich"
    assert "Armutsrisiko/Armut vermeiden" in text_of(find(tree, f"{view.P}-group-1"))
    row = find(tree, f"{view.P}-row-A1")
    assert "31.12.2019" in text_of(row)
    tree = render(app, f"/gebiet/{AREA}", "?jahr=1800")
    assert find(tree, view.NOTICE) is not None and find(tree, view.YEAR)["props"]["value"] == 2024
    # an unknown grouping: by dimension (the router's page cache drops the value before the view sees it)
    tree = render(app, f"/gebiet/{AREA}", "?gruppe=quatsch")
    assert find(tree, view.GROUP)["props"]["value"] == "dimension"


def test_public_profile_blanks_withheld_values_and_has_no_internal_section(public_app):
    monitor = public_app.monitor
    tree = render(public_app, "/gebiet/12030301")
    assert find(tree, view.INTERNAL) is None
    figures = report.key_figures(monitor, "12030301", 2024)
    withheld = figures[figures["suppressed"]]
    assert len(withheld)
    for indicator_id in withheld["indicator_id"]:
        assert SUPPRESSED_TEXT in text_of(find(tree, f"{view.P}-row-{indicator_id}"))
    assert "nur intern" not in text_of(tree)


def test_public_profile_has_no_non_public_indicators(app, public_app):
    hidden = [i.id for i in app.monitor.indicators() if not i.public]
    internal, public = render(app, "/gebiet/100201"), render(public_app, "/gebiet/100201")
    assert hidden and all(find(internal, f"{view.P}-row-{i}") is not None for i in hidden)
    assert all(find(public, f"{view.P}-row-{i}") is None for i in hidden)
    assert "ESU" not in text_of(public)


def test_internal_section_and_notes_only_internally(noted_apps):
    internal = render(noted_apps["internal"], f"/gebiet/{AREA}")
    assert SECRET in text_of(find(internal, view.INTERNAL))
    assert "Hitzeschutz" in text_of(find(internal, view.GOALS))
    assert "Entsiegelung Marktplatz" in text_of(find(internal, view.MEASURES))
    own = find(internal, view.OWN_NOTES)
    assert "Eigene Beschreibung" in text_of(own) and '"dangerously_allow_html": false' in text_of(own)
    public = render(noted_apps["public"], f"/gebiet/{AREA}")
    assert find(public, view.INTERNAL) is None and SECRET not in text_of(public)
    assert "Hitzeschutz" in text_of(find(public, view.GOALS))


def download(app, trigger: str, state: dict):
    client = CallbackClient(app)
    response = client.call(view.DOWNLOAD, "data", {f"{view.CSV_BUTTON}.n_clicks": 1, f"{view.XLSX_BUTTON}.n_clicks": 1},
                           state={f"{view.STATE}.data": state}, changed=[f"{trigger}.n_clicks"])
    assert response.status_code == 200, response.data[:300]
    return json.loads(response.data)["response"][view.DOWNLOAD]["data"]


def test_downloads_match_the_store_and_keep_the_internal_section_internal(noted_apps):
    state = {"area": AREA, "jahr": "2024"}
    for mode, app in noted_apps.items():
        data = download(app, view.XLSX_BUTTON, state)
        assert data["filename"] == f"gebietsprofil-{AREA}-2024.xlsx" and data["base64"]
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(data["content"])))
        sheet = book["Kennzahlen"]
        rows = {r[2]: r for r in sheet.iter_rows(values_only=True) if r[2] is not None}
        header = rows.pop("Kennzahl-ID")
        code, label = header.index("Klasse (Code)"), header.index("Klasse (Bezeichnung)")
        figures = app.monitor.key_figures(AREA, 2024)
        for figure in figures:
            row = rows[figure.indicator.id]
            if figure.value is None:  # withheld in public mode (a small number here or a neighbour's complement)
                assert mode == "public" and figure.suppressed and row[6] is None and row[code] is None
            elif figure.indicator.kind == "class":  # a class: code and label, no bare number
                assert row[6] is None and row[code] == str(int(figure.value))
                assert row[label] == figure.indicator.categories[str(int(figure.value))]
            else:
                assert row[6] == pytest.approx(round(figure.value, figure.indicator.decimals))
        assert sum(f.value is not None for f in figures) > len(figures) // 2  # the download is not empty
        texts = " ".join(str(c) for r in sheet.iter_rows(values_only=True) for c in r if c is not None)
        assert ("Nicht öffentlich" in texts and SECRET in texts) if mode == "internal" else SECRET not in texts
        assert "Hitzeschutz" in texts
        csv_data = download(app, view.CSV_BUTTON, state)
        content = base64.b64decode(csv_data["content"]).decode("utf-8-sig")
        assert csv_data["filename"].endswith(".csv") and SECRET not in content
        assert f"Datenstand {app.monitor.dataset.release}" in content


def test_download_ignores_a_forged_state(app):
    client = CallbackClient(app)
    response = client.call(view.DOWNLOAD, "data", {f"{view.CSV_BUTTON}.n_clicks": 1, f"{view.XLSX_BUTTON}.n_clicks": None},
                           state={f"{view.STATE}.data": {"area": "../../etc/passwd", "jahr": 2024}})
    assert response.status_code in (200, 204)  # 204: no_update, nothing is sent
    assert b"passwd" not in response.data and b"content" not in response.data


def test_year_change_rewrites_the_query(app):
    # several views write the URL (allow_duplicate): pick this view's callback by its inputs
    key = next(k for k, spec in app.callback_map.items()
               if k.startswith(f"{ids.URL}.search@") and spec["inputs"][0]["id"] == view.YEAR)
    spec = app.callback_map[key]
    payload = {"output": key, "outputs": {"id": ids.URL, "property": key.split(".", 1)[1]},
               "inputs": [{"id": view.YEAR, "property": "value", "value": 2020},
                          {"id": view.GROUP, "property": "value", "value": "zielbereich"}],
               "state": [{"id": view.STATE, "property": "data", "value": {"area": AREA, "jahr": "2024"}},
                         {"id": ids.URL, "property": "search", "value": "?jahr=2024&sprache=en&stand=abc"}],
               "changedPropIds": [f"{view.YEAR}.value"]}
    assert len(spec["inputs"]) == 2
    client = app.server.test_client()
    response = client.post("/_dash-update-component", data=json.dumps(payload), content_type="application/json")
    assert response.status_code == 200, response.data[:300]
    # the page-wide flags stay: language and the release the link was made with
    assert json.loads(response.data)["response"][ids.URL]["search"] == "?sprache=en&stand=abc&jahr=2020&gruppe=zielbereich"
    # the controls reporting the values the URL already has (when they mount) change nothing
    payload["state"][1]["value"] = "?jahr=2020&gruppe=zielbereich&stand=abc"
    response = client.post("/_dash-update-component", data=json.dumps(payload), content_type="application/json")
    assert response.status_code == 204 or json.loads(response.data)["response"] == {}, response.data[:300]


def test_search_lists_profiles(app):
    client = CallbackClient(app)
    response = client.call(view.SEARCH_RESULTS, "children", {f"{view.SEARCH}.value": "Kreuzkamp"})
    assert "/gebiet/10020102" in text_of(json.loads(response.data))


def test_sources_name_the_attribution_once_without_a_second_label(app):
    """The attribution names itself (Berlin: "Datenquellen: …"): no "Quelle:" in front ("Quelle: Datenquellen: …")."""
    sources = text_of(find(render(app, f"/gebiet/{AREA}"), view.SOURCES))
    attribution = app.monitor.dataset.attribution
    assert sources.count(attribution) == 1 and '"Quelle: "' not in sources
    assert app.monitor.dataset.license_for("de") in sources


def test_neighbours_are_named_and_one_link_compares_them(app):
    """'mit Nachbargebieten vergleichen': this area and the neighbours with the longest shared borders (the
    comparison takes MAX_AREAS areas), a link the comparison reads without a notice; every neighbour is named and linked."""
    from urllib.parse import parse_qs, urlsplit

    from dashboard.reports.compare import MAX_AREAS
    from dashboard.state.compare import CompareState
    from dashboard.urls import known_params

    neighbours = app.monitor.neighbours(AREA)
    assert len(neighbours) > MAX_AREAS - 1  # the demo area has more neighbours than the comparison takes
    tree = render(app, f"/gebiet/{AREA}", "?jahr=2019")
    block = find(tree, view.NEIGHBOURS)
    link = find(block, view.NEIGHBOURS_LINK)["props"]
    assert link["children"] == "mit Nachbargebieten vergleichen" and "längsten gemeinsamen Grenze" in link["title"]
    url = urlsplit(link["href"])
    assert url.path == "/vergleich"
    query = {k: v[0] for k, v in parse_qs(url.query).items()}
    assert query == {"gebiete": ",".join([AREA, *neighbours[:MAX_AREAS - 1]]), "jahr": "2019"}
    state = CompareState.from_query(app.monitor, known_params(query))
    assert state.areas == (AREA, *neighbours[:MAX_AREAS - 1]) and state.year == 2019 and state.notices == ()
    for area_id in neighbours:
        assert f"/gebiet/{area_id}?jahr=2019" in text_of(block) and app.monitor.area(area_id)["name"] in text_of(block)
    english = find(render(app, f"/gebiet/{AREA}", "?sprache=en"), view.NEIGHBOURS_LINK)["props"]
    assert english["children"] == "compare with the neighbouring areas" and "sprache=en" in english["href"]
    # the city has no neighbours, and no such block
    assert find(render(app, f"/gebiet/{app.monitor.city_id()}"), view.NEIGHBOURS) is None


def test_table_headers_group_the_comparisons_under_the_area_names(app):
    """The parent's and the city's name head three short columns each (value, difference, rank), so no narrow column
    has to hold a long name; the full meaning stays in each header's title. A district (parent = city): the city only."""
    tree = render(app, f"/gebiet/{AREA}")
    table = find(tree, f"{view.P}-group-1")["props"]["children"][1]
    head = next(c for c in table["props"]["children"] if c["type"] == "Thead")
    first, second = (row["props"]["children"] for row in head["props"]["children"])
    groups = [c["props"] for c in first if c["props"].get("colSpan") == 3]
    parent, city = app.monitor.area(app.monitor.area(AREA)["parent_id"])["name"], app.monitor.area(app.monitor.city_id())["name"]
    assert [g["children"] for g in groups] == [parent, city]
    assert [c["props"]["children"] for c in second] == ["Wert", "Differenz", "Rang"] * 2
    assert [c["props"]["title"] for c in second][1:3] == [f"Differenz zu {parent}", f"Rang in {parent}"]
    assert [c["props"]["title"] for c in second][4:] == ["Differenz zur Gesamtstadt", f"Rang in {city}"]
    district = find(render(app, "/gebiet/01"), f"{view.P}-group-1")["props"]["children"][1]
    head = next(c for c in district["props"]["children"] if c["type"] == "Thead")
    assert [c["props"]["children"] for c in head["props"]["children"][0]["props"]["children"] if c["props"].get("colSpan")] == [city]


def test_print_header_names_the_area_edition_and_page(app, noted_apps):
    """The texts of the printed pages' margins (the @page rule the clientside callback writes)."""
    data = find(render(app, f"/gebiet/{AREA}"), view.PRINT_HEADER)["props"]["data"]
    assert data == {"left": f"Gebietsprofil Am Markt (Planungsraum {AREA}), 2024",
                    "right": "interne Fassung – nicht veröffentlichen", "page": "Seite {page} von {pages}"}
    public = find(render(noted_apps["public"], f"/gebiet/{AREA}", "?sprache=en"), view.PRINT_HEADER)["props"]["data"]
    assert public["right"] == "public version" and public["page"] == "Page {page} of {pages}"
    assert public["left"].startswith("Area profile Am Markt")
    assert find(render(app, f"/gebiet/{AREA}"), view.PRINT_STYLE) is not None


def test_sparkline_draws_estimates_apart_from_measured_values():
    """The time series' rule (docs/methods.md): estimates dotted, never joined to measured values; the break marked."""
    import re

    trend = [(2017, 10.0, True, False), (2018, 10.5, True, False), (2019, 7.0, False, False), (2020, 7.2, False, False)]
    svg = base64.b64decode(view.sparkline(trend, "", 0).src.split(",", 1)[1]).decode()
    lines = re.findall(r"<polyline[^>]*>", svg)
    assert len(lines) == 2 and sum("stroke-dasharray" in line for line in lines) == 1
    assert len(re.findall(r"<line [^>]*stroke-dasharray", svg)) == 1  # the break between 2018 and 2019
    assert "Schätzwerte und gemessene Werte getrennt gezeichnet" in view.sparkline(trend, "", 0).alt
    measured = [(y, v, False, False) for y, v, _e, _s in trend]
    svg = base64.b64decode(view.sparkline(measured, "", 0).src.split(",", 1)[1]).decode()
    assert len(re.findall(r"<polyline", svg)) == 1 and "<line " not in svg


def _svg(image) -> str:
    return base64.b64decode(image.src.split(",", 1)[1]).decode()


def _break_years(svg: str, years: list[int]) -> list[float]:
    """The years at which the sparkline's break lines stand (its x scale inverted: 3 px padding, 92 px wide)."""
    import re

    y0, y1 = min(years), max(years)
    return [round(y0 + (float(x) - 3) / (92 - 6) * (y1 - y0), 1) for x in re.findall(r'<line x1="([\d.]+)"', svg)]


# (trend, the first years on a new basis as the trends view's definition_breaks finds them)
BREAK_CASES = [
    # a gap of years without a row before the change: the break stands before the first measured year, not midway
    ([(2012, 4.0, True, False), (2013, 4.2, True, False), (2020, 5.0, False, False), (2021, 5.5, False, False)], [2020]),
    # a withheld estimate (public: no value) between measured years has its basis: two breaks around it
    ([(2018, 5.0, False, False), (2019, None, True, True), (2020, 6.0, False, False), (2021, 6.5, False, False)], [2019, 2020]),
    # measured only, a withheld year among them: no break
    ([(2018, 5.0, False, False), (2019, None, False, True), (2020, 6.0, False, False)], []),
]


@pytest.mark.parametrize("trend, firsts", BREAK_CASES)
def test_sparkline_and_chart_break_where_the_trends_view_does(trend, firsts):
    """One rule for breaks (reports.series.definition_breaks, used by the trends view): the line stands half a year
    before the first year on the new basis, and a withheld year counts as a basis - in the sparkline and the chart."""
    import pandas as pd

    from dashboard.reports import series

    assert [b["year"] for b in series.definition_breaks(report.trend_line(trend))] == firsts
    years = [y for y, *_ in trend]
    assert _break_years(_svg(view.sparkline(trend, "", 1)), years) == [y - 0.5 for y in firsts]
    head = report.ProfileHeader("X", "Testgebiet", "planungsraum", [{"area_id": "0", "level": "stadt", "name": "Stadt"}],
                                "0", None, None)
    rows = pd.DataFrame([{"trend": trend, "parent_trend": [], "city_trend": [], "label": "Anteil", "unit": "%", "kind": "share",
                          "target": None, "threshold": None}])
    figure = view.trend_chart(head, rows, "Test", 0).figure
    assert sorted(s["x0"] for s in figure["layout"]["shapes"] if s["xref"] == "x") == [y - 0.5 for y in firsts]
    measured, *estimated = [d for d in figure["data"] if d["legendgroup"] in ("area", "estimate")]
    # the traces are the split of reports.series: measured and estimated values never in one trace
    parts = series.split_measured_estimated(report.trend_line(trend))
    assert measured["y"] == parts["measured"] and [d["y"] for d in estimated] == ([parts["estimate"]] if any(parts["estimate"]) else [])
    assert measured["marker"]["symbol"] == ["x" if s else ("circle-open" if e else "circle") for _y, _v, e, s in trend]


def test_sparkline_marks_a_lone_measured_value():
    """A measured value between gaps joins no segment; it is still drawn (a dot), not left out."""
    import re

    trend = [(2016, 3.0, False, False), (2017, None, False, False), (2018, 4.0, False, False), (2019, None, False, False),
             (2020, 5.0, False, False), (2021, 5.5, False, False)]
    svg = _svg(view.sparkline(trend, "", 1))
    assert len(re.findall(r"<polyline", svg)) == 1  # 2020-2021
    assert len(re.findall(r'<circle [^>]*r="1.5"', svg)) == 2  # 2016 and 2018 alone
