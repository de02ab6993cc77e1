"""The area profile's view state (dashboard/state/profile.ProfileState): path, year and grouping read once."""
from __future__ import annotations

from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest

from dashboard.state import INVALID_ADDRESS, richest_year
from dashboard.state.profile import NOTICE_YEAR, ProfileState, available_years
from dashboard.urls import known_params

AREA = "01010104"


def test_profile_state_reads_area_from_the_path_and_year_and_group_from_the_query(demo_monitor):
    state = ProfileState.from_query(demo_monitor, {"_pfad": AREA, "jahr": "2019", "gruppe": "zielbereich"})
    assert (state.area, state.year, state.group, state.notices) == (AREA, 2019, "zielbereich", ())
    assert 2015 in state.years and 2024 in state.years
    default = ProfileState.from_query(demo_monitor, {"_pfad": AREA + "/"})
    assert (default.year, default.group, default.notices) == (2024, "dimension", ())


def test_unknown_area_gives_no_state(demo_monitor):
    for params in ({"_pfad": "gibtsnicht"}, {"_pfad": "../../etc/passwd"}, {}, {"_pfad": ["x"]}):
        assert ProfileState.from_query(demo_monitor, params) is None
    assert ProfileState.from_query(demo_monitor, "nonsense") is None
    assert ProfileState.from_query(demo_monitor, {"jahr": "2024"}, area={"not": "an id"}) is None


@pytest.mark.parametrize("params,notice", [
    ({"jahr": "1800"}, NOTICE_YEAR), ({"jahr": "2024; DROP TABLE areas"}, NOTICE_YEAR), ({"jahr": "9" * 5000}, NOTICE_YEAR),
    ({"_ungueltig": "1"}, INVALID_ADDRESS), ({"jahr": "1800", "gruppe": "quatsch"}, NOTICE_YEAR),
])
def test_bad_input_falls_back_with_a_notice(demo_monitor, params, notice):
    state = ProfileState.from_query(demo_monitor, {"_pfad": AREA, **params})
    assert notice in state.notices
    years, default = available_years(demo_monitor, AREA)
    assert state.year == default and state.year in years and state.group in ("dimension", "zielbereich")


def test_profile_state_is_frozen_and_round_trips_through_its_url(demo_monitor):
    state = ProfileState.from_query(demo_monitor, {"_pfad": AREA, "jahr": "2019", "gruppe": "zielbereich"})
    with pytest.raises(AttributeError):
        state.year = 2020  # type: ignore[misc]
    assert state.to_query() == {"jahr": "2019", "gruppe": "zielbereich"}
    assert ProfileState.from_query(demo_monitor, state.to_query(), area=AREA) == state
    # the address the state writes: the area in the path, the default grouping left out, the language kept
    assert state.href() == f"/gebiet/{AREA}?jahr=2019&gruppe=zielbereich"
    assert state.href("de", group="dimension") == f"/gebiet/{AREA}?jahr=2019"
    url = urlsplit(state.href("en"))
    query = {k: v[0] for k, v in parse_qs(url.query).items()}
    assert query["sprache"] == "en"
    again = ProfileState.from_query(demo_monitor, {**known_params(query), "_pfad": url.path.removeprefix("/gebiet/")})
    assert again == state and again.notices == ()


@pytest.mark.parametrize("group", ["quatsch", ["zielbereich"], "Zielbereich", ""])
def test_an_unknown_grouping_is_the_default_without_a_notice(demo_monitor, group):
    """As the router's page cache treats it (page_cache.canonical_values drops it): same page, no notice."""
    state = ProfileState.from_query(demo_monitor, {"_pfad": AREA, "gruppe": group})
    assert state.group == "dimension" and state.notices == ()


def test_callback_values_are_read_like_url_text(demo_monitor):
    """The year picker sends a number, the store a string: both give the same state."""
    from_controls = ProfileState.from_query(demo_monitor, {"jahr": 2019, "gruppe": "dimension"}, area=AREA)
    from_url = ProfileState.from_query(demo_monitor, {"_pfad": AREA, "jahr": "2019"})
    assert from_controls == from_url and from_controls.notices == ()


class SeriesMonitor:
    """Just what available_years reads: an area's series (indicator_id, year, value, suppressed, estimate)."""

    def __init__(self, rows, default_year):
        self.dataset = SimpleNamespace(default_year=default_year)
        self.frame = pd.DataFrame(rows, columns=["indicator_id", "year", "value", "suppressed", "estimate"])

    def area_series(self, area_id):
        return self.frame


def test_the_default_year_counts_measured_values_not_estimates():
    """Berlin 2020: a few measured values (MSS) and many estimates carried over the boundary reform; later years
    fewer indicators, all measured. The profile opens at the latest of those, not at the estimate-rich year, and
    not at the dataset's default year (the map's)."""
    rows = [(f"S{i}", 2020, 1.0, False, i >= 5) for i in range(20)]  # 5 measured, 15 estimates
    rows += [(f"P{i}", year, 1.0, False, False) for i in range(4) for year in (2021, 2022)]
    assert richest_year({2020: 20, 2021: 4, 2022: 4}) == 2020  # counted with the estimates, 2020 would win
    assert available_years(SeriesMonitor(rows, 2020), "x") == ([2020, 2021, 2022], 2022)
    # a withheld value counts as a value; an area with nothing but estimates counts them
    rows += [("W", 2023, None, True, False)]
    assert available_years(SeriesMonitor(rows, 2020), "x") == ([2020, 2021, 2022, 2023], 2022)
    only = [(f"S{i}", year, 1.0, False, True) for i in range(3) for year in (2019, 2020)]
    assert available_years(SeriesMonitor(only, 2019), "x") == ([2019, 2020], 2020)
    assert available_years(SeriesMonitor([], 2019), "x") == ([], 2019)
