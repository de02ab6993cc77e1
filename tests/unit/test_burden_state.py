"""Typed state of the multiple-burden view (BurdenState), the status/dynamics index view (IndexState) and the district
focus of the index and change maps; the names a burden scenario gets; the burden palette fixed per rule."""
from urllib.parse import parse_qs, urlsplit

import pytest

from dashboard.methods.burden import burden_palette
from dashboard.present import burden_rule_name, burden_rule_text, criterion_labels
from dashboard.state import NOTICE_DISTRICT
from dashboard.state.burden import NOTICE_CUT, NOTICE_PUBLIC, NOTICE_RULE, NOTICE_YEAR, BurdenState
from dashboard.state.change import ChangeState
from dashboard.state.index import NOTICE_INDEX, IndexState
from dashboard.state.index import NOTICE_YEAR as NOTICE_INDEX_YEAR
from dashboard.urls import known_params


def test_burden_state_defaults_to_the_official_rule_and_latest_year(demo_monitor):
    state = BurdenState.from_query(demo_monitor, {})
    rule = demo_monitor.burden_rules()[0]
    assert (state.rule, state.year, state.scenario, state.notices) == (rule.id, demo_monitor.burden_years(rule)[-1], False, ())
    assert state.active_rule(rule) is rule


def test_burden_scenario_round_trips_through_its_url(demo_monitor):
    state = BurdenState.from_query(demo_monitor, {"regel": "umweltgerechtigkeit", "jahr": "2021", "aus": "UN,UL",
                                                  "k": "2", "schnitt": "quantile", "dimension": "Umwelt", "bezirk": "01"})
    assert state.notices == ()
    assert state.off == ("UL", "UN")  # in rule order
    assert (state.k, state.cut, state.dimensions, state.district, state.scenario) == (2, "quantile", ("Umwelt",), "01", True)
    with pytest.raises(AttributeError):
        state.k = 3  # type: ignore[misc]
    again = BurdenState.from_query(demo_monitor, state.to_query())
    assert again == state and again.notices == ()
    # the address it writes survives the router's allow-list and keeps the language
    query = {k: v[0] for k, v in parse_qs(urlsplit(state.href("en")).query).items()}
    assert query["sprache"] == "en" and query["aus"] == "UL,UN"
    assert BurdenState.from_query(demo_monitor, known_params(query)) == state
    rule = demo_monitor.burden_rule("umweltgerechtigkeit")
    active = state.active_rule(rule)
    assert not active.official and active.min_count == 2 and [c.indicator_id for c in active.criteria] == ["UT", "UG", "US"]
    assert {c.rule for c in active.criteria} == {"quantile"}


def test_k_equal_to_the_rule_is_no_scenario(demo_monitor):
    state = BurdenState.from_query(demo_monitor, {"k": "3"})
    assert state.k is None and not state.scenario and "k" not in state.to_query()
    assert BurdenState.from_query(demo_monitor, {"k": "99"}).k == 5  # at most the number of criteria
    assert BurdenState.from_query(demo_monitor, {"aus": "UL,UN,UT,UG", "k": "4"}).k == 1


@pytest.mark.parametrize("params, notice", [
    ({"regel": "<x>"}, NOTICE_RULE),
    ({"jahr": "abc"}, NOTICE_YEAR),
    ({"jahr": "1800"}, NOTICE_YEAR),
    ({"schnitt": "drop"}, NOTICE_CUT),
    ({"_ungueltig": "1"}, "Die Adresse war ungültig oder zu lang; die Standardansicht wird gezeigt."),
])
def test_burden_state_falls_back_with_a_notice(demo_monitor, params, notice):
    state = BurdenState.from_query(demo_monitor, params)
    assert notice in state.notices
    rule = demo_monitor.burden_rule(state.rule)
    assert rule is not None and state.year in demo_monitor.burden_years(rule) and state.cut in ("regel", "quantile")


def test_unknown_filters_are_dropped(demo_monitor):
    state = BurdenState.from_query(demo_monitor, {"bezirk": "99", "dimension": "Mond,Umwelt", "aus": "XX", "k": "zehn"})
    assert (state.district, state.dimensions, state.off, state.k) == (None, ("Umwelt",), (), None)
    assert NOTICE_DISTRICT in state.notices  # the district is not dropped silently


def test_public_state_has_no_scenario(public_monitor):
    state = BurdenState.from_query(public_monitor, {"aus": "UL", "k": "1", "schnitt": "zscore"})
    assert NOTICE_PUBLIC in state.notices and not state.scenario
    assert NOTICE_CUT not in state.notices


def test_callback_values_are_read_like_url_text(demo_monitor):
    state = BurdenState.from_query(demo_monitor, {"jahr": 2021, "k": 2, "schnitt": None, "bezirk": ["01"]})
    assert (state.year, state.k, state.cut, state.district) == (2021, 2, "regel", None)


def test_index_state_round_trips_and_falls_back(demo_monitor):
    state = IndexState.from_query(demo_monitor, {"index": "sozialindex", "jahr": "2022"})
    assert (state.index, state.year, state.notices) == ("sozialindex", 2022, ())
    assert IndexState.from_query(demo_monitor, state.to_query()) == state
    assert state.href("en") == "/sozialindex?index=sozialindex&jahr=2022&sprache=en"
    assert state.definition(demo_monitor).id == "sozialindex"
    bad = IndexState.from_query(demo_monitor, {"index": "nope", "jahr": "1800"})
    assert bad.index == "sozialindex" and bad.year == demo_monitor.index_years(bad.definition(demo_monitor))[-1]
    assert bad.notices == (NOTICE_INDEX, NOTICE_INDEX_YEAR)


@pytest.mark.parametrize("state_class, params", [(IndexState, {"index": "sozialindex", "jahr": "2022"}),
                                                 (ChangeState, {"indikator": "A1", "ebene": "planungsraum"})])
def test_index_and_change_states_carry_the_district_in_focus(demo_monitor, state_class, params):
    state = state_class.from_query(demo_monitor, {**params, "bezirk": "03"})
    assert state.district == "03" and state.notices == ()
    assert state.to_query()["bezirk"] == "03" and state_class.from_query(demo_monitor, state.to_query()) == state
    assert "bezirk=03" in state.href("en")
    # not a district of the dataset (or a smaller area): the whole city, as the burden view does, with a notice
    for bad in ("0301", ["03"], "<x>"):
        other = state_class.from_query(demo_monitor, {**params, "bezirk": bad})
        assert other.district is None and other.notices == (NOTICE_DISTRICT,)
    # no district asked for (a cleared dropdown sends None): no notice
    assert state_class.from_query(demo_monitor, {**params, "bezirk": None}).notices == ()


def test_a_scenario_is_named_by_what_it_rates_never_by_the_official_label(demo_monitor):
    rule = demo_monitor.burden_rule("umweltgerechtigkeit")
    labels = criterion_labels(rule, "de", demo_monitor.indicator)
    four = rule.with_changes(enabled={"UN", "UT", "UG", "US"}, rule="quantile", value=0.25)
    name = burden_rule_name(four, "de", labels, rule)
    assert name == "4 von 5 Kriterien (ohne Luftbelastung (Klasse)), je Kriterium: unter den ungünstigsten 25 % der Gebiete"
    assert burden_rule_name(four, "en", criterion_labels(rule, "en", demo_monitor.indicator), rule) == (
        "4 of 5 criteria (without Air pollution (class)), per criterion: among the least favourable 25% of areas")
    assert burden_rule_name(rule.with_changes(min_count=2), "de", labels, rule) == "alle 5 Kriterien, je Kriterium: Klasse 3 (hoch)"
    assert burden_rule_name(rule, "de", labels, rule) == rule.label  # the rule itself keeps its label
    text = burden_rule_text(four, "de", labels, rule)
    assert text.startswith("Szenario (nicht die offizielle Regel): Ein Gebiet gilt je Indikator als belastet, wenn Lärmbelastung")
    assert text.endswith("Nicht berücksichtigt: Luftbelastung (Klasse).") and "Kernindikatoren" not in text + name
    assert burden_rule_text(rule, "de", labels, rule).startswith("Offizielle Regel „Umweltgerechtigkeit (fünf Kernindikatoren)“")
    # a rule whose criteria cut differently, kept so in the scenario
    mixed = demo_monitor.burden_rule("quartile")
    assert burden_rule_name(mixed.with_changes(enabled={"A3", "LDEN", "D3", "UT"}), "de", None, mixed).endswith(
        "Schnitt je Kriterium wie in der Regel festgelegt")


def test_a_count_keeps_its_colour_in_every_scenario_of_a_rule(demo_monitor):
    rule = demo_monitor.burden_rule("umweltgerechtigkeit")
    official = demo_monitor.burden_bundle(rule, 2023, official=rule)
    three = demo_monitor.burden_bundle(rule.with_changes(enabled={"UL", "UN", "UT"}, min_count=2), 2023, official=rule)
    assert three.hideout["colors"] == official.hideout["colors"] == burden_palette(5)
    assert [e.color for e in three.legend if e.kind == "count"] == official.hideout["colors"][:4]
    assert len(burden_palette(9)) == 10 and len(set(burden_palette(9))) == 10  # beyond the 7 colours of the scheme too
