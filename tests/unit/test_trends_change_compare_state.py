"""Typed states of the time series, change map and comparison (dashboard/state/trends.py, change.py, compare.py):
valid links read as they are and round-trip through to_query/href, faulty ones fall back with a notice."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from dashboard.i18n.en import STRINGS
from dashboard.state import change as change_state
from dashboard.state import compare as compare_state
from dashboard.state import trends as trends_state
from dashboard.state.change import ChangeState
from dashboard.state.compare import CompareState
from dashboard.state.profile import ProfileState
from dashboard.state.trends import TrendsState
from dashboard.urls import known_params


def read_back(cls, monitor, state, lang="en"):
    """The state read again from the address it writes, as the router passes it on."""
    query = {k: v[0] for k, v in parse_qs(urlsplit(state.href(lang)).query).items()}
    assert query.get("sprache") == ("en" if lang == "en" else None)
    return cls.from_query(monitor, known_params(query))


# -- trends -----------------------------------------------------------------------------------------------
def test_trends_state_round_trips(demo_monitor):
    state = TrendsState.from_query(demo_monitor, {"indikator": "A1", "ebene": "planungsraum", "gebiete": "01010101,01020101",
                                                  "ref": "0"})
    assert (state.indicator, state.level, state.areas, state.reference, state.notices) == (
        "A1", "planungsraum", ("01010101", "01020101"), False, ())
    with pytest.raises(AttributeError):
        state.level = "bezirk"  # type: ignore[misc]
    assert TrendsState.from_query(demo_monitor, state.to_query()) == state
    assert read_back(TrendsState, demo_monitor, state) == state
    assert state.to_query() == {"indikator": "A1", "ebene": "planungsraum", "gebiete": "01010101,01020101", "ref": "0"}
    assert "ref" not in state.with_(reference=True).to_query()


def test_trends_state_takes_the_level_of_the_areas(demo_monitor):
    state = TrendsState.from_query(demo_monitor, {"indikator": "LDEN", "gebiete": "010101,010102"})
    assert state.level == "bezirksregion" and state.areas == ("010101", "010102") and not state.notices


@pytest.mark.parametrize("params, notice", [
    ({"indikator": "<x>"}, "Der Indikator aus dem Link"),
    ({"ebene": "mond"}, "Gebietsebene aus dem Link"),
    ({"gebiete": "nix,';--"}, trends_state.NOTICE_UNKNOWN_AREAS),
    ({"ebene": "planungsraum", "gebiete": "01010101,010101"}, trends_state.NOTICE_OTHER_LEVEL),
    ({"ebene": "planungsraum", "gebiete": "01010101,01010102,01010103,01010104,01010201,01010202"}, trends_state.NOTICE_TOO_MANY),
    ({"_ungueltig": "1"}, "ungültig"),
])
def test_trends_state_falls_back_with_a_notice(demo_monitor, params, notice):
    state = TrendsState.from_query(demo_monitor, params)
    assert any(notice in n for n in state.notices), state.notices
    assert demo_monitor.indicator(state.indicator) is not None and state.level in demo_monitor.levels_for(state.indicator)
    assert len(state.areas) <= 5 and all(demo_monitor.area(a)["level"] == state.level for a in state.areas)


# -- change ------------------------------------------------------------------------------------------------
def test_change_state_round_trips(demo_monitor):
    state = ChangeState.from_query(demo_monitor, {"indikator": "A1", "ebene": "bezirksregion", "von": "2016", "bis": "2023"})
    assert (state.indicator, state.level, state.von, state.bis, state.notices) == ("A1", "bezirksregion", 2016, 2023, ())
    assert ChangeState.from_query(demo_monitor, state.to_query()) == state
    assert read_back(ChangeState, demo_monitor, state) == state
    # the controls send numbers
    assert ChangeState.from_query(demo_monitor, {"indikator": "A1", "ebene": "bezirksregion", "von": 2016, "bis": 2023}) == state


@pytest.mark.parametrize("params, notice", [
    ({"indikator": "UL"}, change_state.NOTICE_INDICATOR),  # classes: no difference
    ({"indikator": "A1", "von": "2030", "bis": "abc"}, change_state.NOTICE_YEAR),
    ({"indikator": "A1", "von": "2024", "bis": "2016"}, change_state.NOTICE_SWAPPED),
    ({"indikator": "A1", "von": "2020", "bis": "2020"}, change_state.NOTICE_SAME_YEAR),
    ({"indikator": "A1", "ebene": "mond"}, "Gebietsebene aus dem Link"),
])
def test_change_state_falls_back_with_a_notice(demo_monitor, params, notice):
    state = ChangeState.from_query(demo_monitor, params)
    assert any(notice in n for n in state.notices), state.notices
    years = demo_monitor.years(state.indicator, state.level)
    assert state.von in years and state.bis in years and state.von < state.bis


# -- comparison --------------------------------------------------------------------------------------------
def test_compare_state_round_trips(demo_monitor):
    state = CompareState.from_query(demo_monitor, {"gebiete": "01010101,01010102,010201", "jahr": "2022", "indikator": "A3"})
    assert (state.areas, state.year, state.indicator, state.notices) == (("01010101", "01010102", "010201"), 2022, "A3", ())
    assert CompareState.from_query(demo_monitor, state.to_query()) == state
    assert read_back(CompareState, demo_monitor, state) == state
    assert state.href("de") == "/vergleich?gebiete=01010101,01010102,010201&jahr=2022&indikator=A3"


def test_compare_state_drops_unknown_city_and_extra_ids(demo_monitor):
    state = CompareState.from_query(demo_monitor, {"gebiete": "01010101, nix ,gesamt,01,01,0101,010101,01010102,01010103",
                                                   "jahr": "1700", "indikator": "<b>"})
    assert state.areas == ("01010101", "01", "0101", "010101", "01010102")
    assert set(state.notices) >= {compare_state.NOTICE_UNKNOWN_AREAS, compare_state.NOTICE_CITY, compare_state.NOTICE_TOO_MANY,
                                  compare_state.NOTICE_YEAR}
    # 1700: the nearest year with values of these areas (the first), with the notice
    assert state.year == state.years(demo_monitor)[0] and state.indicator == demo_monitor.dataset.default_indicator
    few = CompareState.from_query(demo_monitor, {"gebiete": "01010101"})
    assert compare_state.NOTICE_TOO_FEW in few.notices and few.areas == ("01010101",)
    none = CompareState.from_query(demo_monitor, {})
    assert none.areas == () and none.notices == ()  # no link to fault: the page's empty state asks for areas


def test_every_notice_has_an_english_translation():
    notices = [v for m in (trends_state, change_state, compare_state) for k, v in vars(m).items() if k.startswith("NOTICE")]
    assert len(notices) >= 12 and [n for n in notices if n not in STRINGS] == []


def test_links_of_the_views_are_escaped_and_keep_the_language(demo_monitor):
    from dashboard.reports.compare import comparison
    from dashboard.ui import compare as compare_view
    from dashboard.ui import trends as trends_view

    state = TrendsState(indicator="A1", level="planungsraum", areas=("01010101", "01020101"))
    hrefs = [a.href for a in trends_view.links(state, "en")]
    assert hrefs == ["/veraenderung?indikator=A1&ebene=planungsraum&sprache=en",
                     "/vergleich?gebiete=01010101,01020101&sprache=en"]
    assert TrendsState(indicator="A&B", level="x y").href() == "/zeitreihen?indikator=A%26B&ebene=x+y"
    comp = comparison(demo_monitor, ["01010101", "01010102"], 2024)
    links = [c.href for c in compare_view.link(comp, "en") if getattr(c, "href", None)]
    assert links == ["/vergleich?gebiete=01010101,01010102&jahr=2024&sprache=en",
                     "/zeitreihen?ebene=planungsraum&gebiete=01010101,01010102&sprache=en"]


# -- defaults: every view opens where there is something to show ---------------------------------------------
def monitor_with(monitor, **dataset_changes):
    """The demo data under other dataset.toml defaults (same store)."""
    from dataclasses import replace

    from dashboard.monitor import Monitor

    return Monitor(replace(monitor.dataset, **dataset_changes), monitor.store)


def test_trends_open_with_a_city_series(demo_monitor):
    from dashboard.catalog import CITY_LEVEL

    state = TrendsState.from_query(demo_monitor, {})
    assert state.indicator == demo_monitor.dataset.default_indicator == "A1"  # the default has a city series: kept
    # a default without a city value (UL: classes of Planungsräume only, like Berlin's MSS index) would open empty:
    # the first indicator of the registry with a city series of at least two years opens instead
    no_city = monitor_with(demo_monitor, default_indicator="UL")
    assert no_city.years("UL", CITY_LEVEL) == []
    state = TrendsState.from_query(no_city, {})
    first = next(i.id for i in no_city.indicators() if len(no_city.years(i.id, CITY_LEVEL)) >= 2)
    assert state.indicator == first != "UL" and not state.notices
    assert TrendsState.from_query(no_city, {"indikator": "UL"}).indicator == "UL"  # asked for: shown (empty state)
    assert trends_state.default_indicator(no_city) == first


def test_one_opening_year_rule_counts_measured_values():
    """state.opening_year is the one rule: the latest year with at least half the best year's indicators; only
    measured values count where there are any (a year rich in carried estimates is no reason to open there)."""
    from dashboard.state import nearest_years, opening_counts, opening_year

    rich, poor = {f"I{i}": True for i in range(10)}, {"I0": True, "I1": True}
    assert opening_year({2020: rich, 2023: {**poor, "I2": True, "I3": True, "I4": True}, 2024: poor}) == 2023
    estimates = {f"I{i}": False for i in range(10)}  # 2020 rich in estimates only
    assert opening_counts({2020: estimates, 2024: poor}) == {2020: 0, 2024: 2}
    assert opening_year({2020: estimates, 2024: poor}) == 2024
    only_estimates = {2019: {"I0": False}, 2020: {"I0": False, "I1": False}}
    assert opening_counts(only_estimates) == {2019: 1, 2020: 2} and opening_year(only_estimates) == 2020
    assert opening_year({}, default=2019) == 2019 and opening_year({2017: poor, 2024: poor}, prefer=2017) == 2017
    assert opening_year({2024: poor}, prefer=2030) == 2024  # a preferred year without values is no reason
    assert nearest_years([2017, 2019, 2021, 2023], 2024) == [2023] and nearest_years([2017, 2021], 2019) == [2017, 2021]


def test_compare_opens_at_the_richest_year_of_its_areas_with_a_chart_that_has_values(demo_monitor):
    from dashboard.catalog import CITY_LEVEL

    # 21 indicators in odd years (classes, noise), 16 in even ones: the comparison shows only the year's own values,
    # so it opens at the fullest year, the latest of those with 21 (not 2024 with 16, where a profile would open)
    areas = ["01010101", "01010102"]
    state = CompareState.from_query(demo_monitor, {"gebiete": ",".join(areas)})
    assert state.year == 2023 and not state.notices
    assert state.indicator == "A1"  # the dataset's default: it has values
    # a default indicator without a value in that year (UL ends 2023): the first non-count indicator that has one
    other = monitor_with(demo_monitor, default_indicator="UL")
    state = CompareState.from_query(other, {"gebiete": ",".join(areas), "jahr": "2024"})
    assert state.indicator == "A1"  # EW, first in the registry, is a count
    assert CompareState.from_query(other, {"gebiete": ",".join(areas), "jahr": "2023"}).indicator == "UL"
    # no area yet: the city's year (its column is shown alone)
    city = CompareState.from_query(demo_monitor, {})
    assert city.year == 2024 == max(demo_monitor.years("A1", CITY_LEVEL))
    # a year without values of these areas: the nearest year that has them
    assert CompareState.from_query(demo_monitor, {"gebiete": ",".join(areas), "jahr": "2030"}).year == 2024
    assert ProfileState.from_query(demo_monitor, {}, area=areas[0]).year == 2024  # the profile: latest with >= half


def test_default_indicators_follow_one_rule(demo_monitor):
    """The dataset's default indicator if it qualifies, else the first qualifying one in registry order, test by test."""
    from dashboard.state.map import preferred_indicator

    assert preferred_indicator(demo_monitor, lambda i: i.kind == "share") == "A1"  # the default qualifies
    assert preferred_indicator(demo_monitor, lambda i: i.kind == "rate") == "D1"  # the first rate in the registry
    assert preferred_indicator(demo_monitor, lambda i: False, lambda i: i.kind == "class") == "UL"  # the next test
    assert preferred_indicator(demo_monitor, lambda i: False) is None
    assert compare_state.chart_indicator(demo_monitor, {"EW": True}) == "EW"  # only a count: the count
    assert compare_state.chart_indicator(demo_monitor, {"EW": True, "B2": True}) == "B2"  # not the count


def test_a_link_year_without_values_is_no_choice(demo_monitor):
    """The comparison keeps a link's year and indicator when the areas change - only when they were valid (a link's
    2030 was replaced by 2024: adding an area must not keep 2024 as if the user had chosen it)."""
    params = {"gebiete": "01010101,01010102", "jahr": "2030", "indikator": "A2"}
    state = CompareState.from_query(demo_monitor, params)
    assert state.year == 2024 and state.chosen(params) == {"jahr": False, "indikator": True}
    params = {"gebiete": "01010101,01010102", "jahr": "2017", "indikator": "nix"}
    state = CompareState.from_query(demo_monitor, params)
    assert state.chosen(params) == {"jahr": True, "indikator": False}
    assert state.chosen({"gebiete": "01010101,01010102"}) == {"jahr": False, "indikator": False}


def test_map_opens_at_the_indicators_latest_year_unless_it_is_the_default(demo_monitor):
    from dashboard.state.map import MapState

    earlier = monitor_with(demo_monitor, default_year=2019)
    assert MapState.from_query(earlier, {}).year == 2019  # the dataset's default indicator: its default year
    assert MapState.from_query(earlier, {"indikator": "A3"}).year == max(earlier.years("A3", "planungsraum"))
    assert MapState.from_query(earlier, {"indikator": "UL"}).year == 2023  # classes end 2023
    assert MapState.from_query(earlier, {"indikator": "A3", "jahr": "2017"}).year == 2017  # a year in the link is kept
    later = monitor_with(demo_monitor, default_year=2030)  # not a year of the default indicator: its latest
    assert MapState.from_query(later, {}).year == 2024
