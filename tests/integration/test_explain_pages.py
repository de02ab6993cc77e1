"""The explanations (issue 14, item 2): the fact sheet of every indicator (/indikator/<id>), the methodology page
(/methodik), the legends' links to them and the plain wording of polarity and classes. Rendered through the router
(the page callback, as the browser asks for it), on the demo and the real Berlin data, public and internal."""
from __future__ import annotations

import json
import math
import re
from dataclasses import replace

from dashboard.catalog import load_dataset
from dashboard.present import (
    category_text,
    dynamic_class_text,
    level_in_sentence,
    polarity_text,
    standing_text,
    status_class_text,
)
from dashboard.ui import burden as burden_view
from dashboard.ui import change as change_view
from dashboard.ui import ids
from dashboard.ui import indicator_sheet as sheet
from dashboard.ui import methodology
from dashboard.ui import social_index as index_view
from dashboard.urls import indicator_href
from tests.conftest import DEMO_DIR
from tests.integration.test_app import find, render


def text_of(tree) -> str:
    return json.dumps(tree, ensure_ascii=False)


def in_page(text: str, page: str) -> bool:
    """Whether a text (as JSON escapes it: quotes, backslashes) stands in the serialized page."""
    return json.dumps(text, ensure_ascii=False)[1:-1] in page


# berlin_public_app: the session's public Berlin app (tests/conftest.py)


def check_fact_sheets(app) -> int:
    """Every indicator the mode shows has a fact sheet with label, definition, source, Stichtag, unit and polarity;
    its map is the Monitor's map bundle of the latest year shown (what the main map shows) and its trend only the
    city's published values."""
    monitor = app.monitor
    checked = 0
    city = monitor.city_id()
    city_series = monitor.area_series(city)
    for indicator in monitor.indicators():
        tree = render(app, f"/indikator/{indicator.id}")
        page = text_of(tree)
        assert find(tree, sheet.PAGE) is not None, indicator.id
        for text in (indicator.label_de, indicator.description, indicator.source, indicator.stichtag, indicator.unit,
                     polarity_text(indicator)):
            assert in_page(text, page), (indicator.id, text)
        if indicator.numerator_label:
            assert in_page(indicator.numerator_label, page), indicator.id
        areas = find(tree, sheet.AREAS)
        level = sheet.map_level(monitor, indicator)
        if areas is not None:
            hideout = areas["props"]["hideout"]
            year = sheet.latest_year(monitor, indicator, level)
            bundle = monitor.map_bundle(indicator.id, year, level).hideout
            assert hideout["classes"] == bundle["classes"] and hideout["values"] == bundle["values"], indicator.id
        graph = find(tree, sheet.TREND)
        if graph is not None:
            published = city_series[(city_series["indicator_id"] == indicator.id) & city_series["value"].notna()]
            allowed = {(int(y), float(v)) for y, v in zip(published["year"], published["value"])}
            drawn = {(int(x), float(y)) for trace in graph["props"]["figure"]["data"]
                     for x, y in zip(trace["x"], trace["y"]) if y is not None and not (isinstance(y, float) and math.isnan(y))}
            assert drawn and drawn <= allowed, indicator.id
        checked += 1
    return checked


def test_every_demo_indicator_has_a_fact_sheet(app):
    assert check_fact_sheets(app) == len(app.monitor.dataset.indicators)


def test_every_berlin_indicator_has_a_fact_sheet_in_public_mode(berlin_public_app):
    monitor = berlin_public_app.monitor
    assert check_fact_sheets(berlin_public_app) == len(monitor.indicators()) == len(monitor.dataset.indicators)


def test_public_fact_sheet_of_a_non_public_indicator_is_the_unknown_id_page(public_app):
    """A non-public id gives the same page as an id that does not exist: no label, no hint."""
    monitor = public_app.monitor
    hidden = [i for i in monitor.dataset.indicators.values() if not i.public]
    assert hidden
    unknown = text_of(render(public_app, "/indikator/GIBTSNICHT"))
    for indicator in hidden:
        page = text_of(render(public_app, f"/indikator/{indicator.id}"))
        assert page.replace(indicator.id, "GIBTSNICHT") == unknown
        assert indicator.label_de not in page and not in_page(indicator.description, page)
    # the methodology page lists and links only the public ones
    method = text_of(render(public_app, "/methodik"))
    assert all(indicator_href(i.id) not in method and i.label_de not in method for i in hidden)
    assert all(indicator_href(i.id) in method for i in monitor.indicators())


def test_public_fact_sheet_map_shows_what_the_public_map_shows(public_app, app):
    """The public small map carries no withheld value: its hideout is the public bundle, never the internal one."""
    indicator = public_app.monitor.indicator("A1")
    level = sheet.map_level(public_app.monitor, indicator)
    year = sheet.latest_year(public_app.monitor, indicator, level)
    public = find(render(public_app, "/indikator/A1"), sheet.AREAS)["props"]["hideout"]
    internal = app.monitor.map_bundle("A1", year, level).hideout
    withheld = [a for a, k in public["classes"].items() if k == -2]
    assert withheld and not set(withheld) & set(public["values"])
    assert "withheld" not in public and public["values"] != internal["values"]


def test_fact_sheet_in_english(app):
    page = text_of(render(app, "/indikator/A1", "?sprache=en"))
    indicator = app.monitor.indicator("A1")
    assert indicator.label_en in page and "Fact sheet" in page and "At a glance" in page and "Limitations" in page
    assert indicator.label_de not in page and "Auf einen Blick" not in page


def test_methodology_is_read_from_the_dataset(app, public_app):
    monitor = app.monitor
    page = text_of(render(app, "/methodik"))
    for level in monitor.dataset.levels:
        assert level.label_de in page
    for rule in monitor.burden_rules():
        assert rule.label in page
    for definition in monitor.dataset.indices:
        assert definition.label in page
    assert monitor.dataset.attribution in page and monitor.dataset.license in page
    faq = find(render(app, "/methodik"), methodology.FAQ)
    assert 5 <= len(faq["props"]["children"]) <= 8
    assert "So lesen Sie die Karte" in page and "In dieser internen Ansicht" in page
    public = text_of(render(public_app, "/methodik"))
    assert "Geheimhaltung" in public and "In dieser öffentlichen Ansicht kommt die Geheimhaltung hinzu" in public
    english = text_of(render(app, "/methodik", "?sprache=en"))
    assert "How to read the map" in english and "Frequently asked questions" in english and "So lesen" not in english


def test_every_legend_links_its_explanation(app):
    legend = text_of(find(render(app, "/", "?indikator=A3"), ids.LEGEND))
    assert indicator_href("A3") in legend and "/methodik#klassen" in legend
    assert "/methodik#mehrfachbelastung" in text_of(find(render(app, burden_view.PATH), burden_view.LEGEND))
    assert "/methodik#index" in text_of(find(render(app, index_view.PATH), index_view.LEGEND))
    change = text_of(find(render(app, change_view.PATH, "?indikator=A1"), change_view.LEGEND))
    assert indicator_href("A1") in change
    from plotly.utils import PlotlyJSONEncoder

    footer = next(c for c in app.layout().children if getattr(c, "id", None) == ids.FOOTER)  # a function of the request (dashboard/__init__.py initial_layout)
    assert '"href": "/methodik"' in json.dumps(footer, cls=PlotlyJSONEncoder) and "Methodik und Fragen" in json.dumps(
        footer, cls=PlotlyJSONEncoder, ensure_ascii=False)


def test_polarity_and_class_words_say_what_they_mean():
    berlin_like = load_dataset(DEMO_DIR).indicators["UL"]
    assert polarity_text(berlin_like) == "Klasse 1 am günstigsten, Klasse 3 am ungünstigsten"
    assert polarity_text(berlin_like, "en") == "class 1 most favourable, class 3 least favourable"
    status = replace(berlin_like, categories={"1": "hoch (günstig)", "4": "sehr niedrig (sehr ungünstig)"})
    assert polarity_text(status) == "Klasse 1 am günstigsten, Klasse 4 am ungünstigsten"
    combined = replace(berlin_like, categories={"23": "2+/- (Status mittel, Dynamik stabil)", "2": "mittel"})
    assert category_text(combined, 23.0) == "2+/- (Status mittel, Dynamik stabil)" and category_text(combined, 2) == "2 mittel"
    assert polarity_text(replace(berlin_like, categories={"11": "1+ (Status hoch, Dynamik positiv)",
                                                          "45": "4- (Status sehr niedrig, Dynamik negativ)"})) == \
        "Klasse 1+ am günstigsten, Klasse 4- am ungünstigsten"
    assert status_class_text(1) == "1 hoch (günstig)" and status_class_text(2) == "2 mittel"
    assert status_class_text(4, "en") == "4 very low (very unfavourable)"


POPULATION_RULE = "Gebiete mit weniger als {n} Einwohnerinnen und Einwohnern erhalten keinen Wert"


def test_fact_sheet_small_number_text_follows_the_mask(app):
    """The fact sheet states the population rule exactly where the Monitor's mask applies it: a count (EW) is shown
    for areas under the minimum population and its sheet says so; a share (A1) is withheld there and its sheet says
    that. The dataset's exceptions in /methodik are named by its own indicators."""
    monitor = app.monitor
    level, year, minimum = monitor.dataset.level_ids[0], monitor.dataset.default_year, monitor.dataset.min_population
    population = monitor.values(monitor.dataset.population_indicator, year, level).set_index("area_id")["value"]
    small = set(population[population < minimum].index)
    assert small
    rule = POPULATION_RULE.format(n=minimum)
    for indicator_id, kind in (("EW", "count"), ("A1", "share")):
        indicator = monitor.indicator(indicator_id)
        assert indicator.kind == kind
        frame = monitor.values(indicator_id, year, level)
        withheld = bool(frame[frame["area_id"].isin(small)]["suppressed"].all())
        shown = bool((~frame[frame["area_id"].isin(small)]["suppressed"] & frame["value"].notna()).any())
        assert withheld != shown and withheld == indicator.population_rule, indicator_id
        page = text_of(render(app, f"/indikator/{indicator_id}"))
        assert (rule in page) == withheld, indicator_id
        assert ("Als Anzahl wird der Indikator auch für Gebiete mit weniger als" in page) == shown, indicator_id
    method = text_of(render(app, "/methodik"))
    assert "Anzahlen (z. B. „Einwohnerinnen und Einwohner“)" in method and "Lärm)" not in method
    place = next(i for i in monitor.indicators() if not i.population_rule and i.kind != "count")
    assert f"„{place.label_de}“" in method


def test_level_names_in_running_text_in_english(app, public_app):
    """One function names a level inside a sentence; English lower-cases it ("in 7 planning areas"), headings keep
    the label."""
    dataset = app.monitor.dataset
    finest = dataset.level_ids[0]
    assert [level_in_sentence(dataset, finest, lang, plural) for lang in ("de", "en") for plural in (False, True)] == \
        ["Planungsraum", "Planungsräume", "planning area", "planning areas"]
    assert level_in_sentence(dataset, "gibtsnicht", "en") == ""
    method = text_of(render(public_app, "/methodik", "?sprache=en"))
    assert "(the smallest: planning areas)" in method and "other planning areas" in method
    assert "Planning areas" not in method and "Planning area" not in method
    assert "(districts) minus the values of its other planning areas" in method
    assert "from the smallest to the largest: planning area < district region" in method
    search = text_of(render(app, "/suche", "?ort=34201&sprache=en"))  # a postcode of the demo gazetteer
    assert re.search(r"addresses lie in \d+ planning areas?:", search) and not re.search(r"lie in \d+ Planning", search)


def test_methodology_examples_are_the_apps_own_sentences(app):
    """/methodik's rank example is present.standing_text's sentence; the dark-colour answer says what the colour
    families mean; the index classes are the legend's words."""
    page = text_of(render(app, "/methodik"))
    n = len(app.monitor.areas(app.monitor.dataset.level_ids[0]))
    a1 = app.monitor.indicator("A1")
    found = re.search(r"„(ungünstiger als (\d+) % der übrigen Planungsräume \(Rang (\d+) von (\d+)\))“", page)
    percent, rank = int(found[2]), int(found[3])
    assert int(found[4]) == n and percent == 100 * (rank - 1) // (n - 1)  # numbers the ranking could give
    assert found[1] == standing_text({"side": "below", "percent": percent, "rank": rank, "n": n}, a1, "Planungsräume")
    assert f"Was bedeutet „{standing_text({'side': 'below', 'percent': percent}, a1, 'Planungsräume', rank=False)}“?" in page
    assert "Dunkel heißt" not in page and "Gelb bis Rot: höhere Werte sind ungünstiger" in page
    assert f"von {status_class_text(1)} bis {status_class_text(4)}" in page
    assert f"von {dynamic_class_text(1)} bis {dynamic_class_text(3)}" in page
    assert " 1 Indikatoren" not in page and "Bezirkswert" not in page


def test_berlin_published_index_classes_read_like_the_computed_index(berlin_datasets):
    """Berlin's published status and dynamics classes (registry labels) and the app's computed index (present) say
    the same: "1 hoch (günstig)" on both maps."""
    indicators = load_dataset(berlin_datasets["berlin"]).indicators
    for lang in ("de", "en"):
        for code in (1, 2, 3, 4):
            assert category_text(indicators["MSS_STATUS"], code, lang) == status_class_text(code, lang)
        for code in (1, 2, 3):
            assert category_text(indicators["MSS_DYNAMIK"], code, lang) == f"{code} {dynamic_class_text(code, lang)}"
    assert "z-standardis" not in indicators["MSS_STATUS"].description
