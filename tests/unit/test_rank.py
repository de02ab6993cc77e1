"""Percentile and rank (dashboard/methods/rank.py) and the proof that public mode's ranks come from published values.

An adversary holds every public response. A rank or share computed over values the public never sees would leak
them (the rank of a published area moves when a withheld neighbour's value crosses it); one computed over the
published values adds nothing. The tests below recompute every standing of the public map from the published map
values alone (the hideout's `values`, as the browser gets them) with a brute-force count, independent of the code
under test, and require that the tooltip's sentences (the hideout's `standing`, text made by the server) are those
of the recounted numbers.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from dashboard.methods.rank import share_percent, standings
from dashboard.monitor import SUPPRESSED, Monitor


def frame(values, polarity="higher_is_worse", kind="share"):
    return standings(pd.Series(values, dtype=object), polarity, kind)


def test_higher_is_worse_ranks_the_lowest_first_and_shares_count_the_others():
    result = frame({"a": 1.0, "b": 2.0, "c": 3.0, "d": 4.0, "e": 5.0})
    assert result["rank"].tolist() == [1, 2, 3, 4, 5]
    assert result["n"].tolist() == [5] * 5
    assert result["ahead"].tolist() == [0, 1, 2, 3, 4]
    assert result["behind"].tolist() == [4, 3, 2, 1, 0]
    # the share of the 4 other areas: a is more favourable than all of them, e less favourable than all
    assert result["side"].tolist() == ["above", "above", "middle", "below", "below"]
    assert result["percent"].tolist() == [100, 75, 50, 75, 100]


def test_higher_is_better_and_neutral_rank_the_highest_first():
    better = frame({"a": 1.0, "b": 2.0, "c": 3.0}, "higher_is_better")
    assert better["rank"].tolist() == [3, 2, 1]
    assert better["side"].tolist() == ["below", "middle", "above"]
    neutral = frame({"a": 1.0, "b": 2.0, "c": 3.0}, "neutral")
    assert neutral.equals(better)  # neutral: "ahead" = higher; the words differ (höher/niedriger), not the numbers


def test_ties_share_the_better_rank_and_count_neither_way():
    result = frame({"a": 1.0, "b": 2.0, "c": 2.0, "d": 2.0, "e": 9.0})
    assert result["rank"].tolist() == [1, 2, 2, 2, 5]
    # b, c, d: one area more favourable (a), one less (e), two equal that count neither way
    assert result.loc["b", ["ahead", "behind", "side", "percent"]].tolist() == [1, 1, "middle", 25]
    assert result.loc["e", ["ahead", "behind", "side", "percent"]].tolist() == [4, 0, "below", 100]


def test_missing_values_take_no_rank_and_are_not_counted():
    result = frame({"a": 3.0, "b": None, "c": float("nan"), "d": 1.0, "e": float("inf")})
    assert list(result.index) == ["a", "d"]
    assert result["n"].tolist() == [2, 2]
    assert result.loc["a", "rank"] == 2 and result.loc["d", "rank"] == 1


def test_one_value_or_all_equal_gives_a_rank_without_a_share():
    one = frame({"a": 4.2})
    assert one.loc["a", ["rank", "n", "side", "percent"]].tolist() == [1, 1, None, None]
    same = frame({"a": 1.0, "b": 1.0, "c": 1.0})
    assert same["rank"].tolist() == [1, 1, 1]
    assert same["side"].tolist() == [None] * 3
    assert frame({}).empty


def test_shares_are_rounded_down_and_a_share_under_one_percent_is_not_worded():
    # 1 of 3 others: 33.3 % -> 33; 2 of 3: 66.7 % -> 66 (never more than the counts say)
    result = frame({"a": 1.0, "b": 2.0, "c": 3.0, "d": 4.0})
    assert result["percent"].tolist() == [100, 66, 66, 100]
    assert share_percent(2, 3) == 66 and share_percent(1, 200) == 0
    # 300 equal values and one lower: the larger share of the equal ones is 1 of 300 others: under 1 %
    values = {f"x{i}": 5.0 for i in range(300)} | {"low": 1.0}
    result = frame(values)
    assert result.loc["x0", "side"] is None and result.loc["x0", "rank"] == 2
    assert result.loc["low", ["side", "percent"]].tolist() == ["above", 100]


def test_class_indicators_get_no_standing():
    assert frame({"a": 1.0, "b": 4.0}, "higher_is_worse", kind="class").empty
    assert frame({"a": 11.0, "b": 45.0}, "neutral", kind="class").empty


# -- public mode: ranks are a function of the published map values alone --------------------------------
def brute_force(values: dict[str, float], polarity: str) -> dict[str, list]:
    """[rank, side code, percent] per area from the published values, by counting every pair (no sorting)."""
    areas = list(values)
    v = np.array([values[a] for a in areas], dtype=float)
    lower, higher = (v[None, :] < v[:, None]).sum(axis=1), (v[None, :] > v[:, None]).sum(axis=1)
    ahead, behind = (lower, higher) if polarity == "higher_is_worse" else (higher, lower)
    others = len(areas) - 1
    out = {}
    for area, a, b in zip(areas, ahead.tolist(), behind.tolist()):
        share = math.floor(100 * max(a, b) / others) if others else 0
        side = None if not share else (-1 if a > b else 1 if b > a else 0)
        out[area] = [a + 1, side, share if side is not None else None]
    return out


SIDES = {1: "above", -1: "below", 0: "middle", None: None}


def check_public_standings(monitor: Monitor, years: str = "latest") -> int:
    """Every public indicator (not a class) at every level: the map tooltip's standing sentences are those of the
    brute-force count over its published values (worded by present.standing_text from the recounted numbers);
    withheld areas have none; n is the number of published values. Returns the bundles checked."""
    from dashboard.present import levels_in_sentence, standing_text
    from dashboard.ui.map import standing_line

    assert monitor.public
    checked = 0
    for indicator in monitor.indicators():
        for level in monitor.levels_for(indicator.id):
            all_years = monitor.years(indicator.id, level)
            for year in (all_years[-1:] if years == "latest" else all_years):
                bundle = monitor.map_bundle(indicator.id, year, level)
                hideout, texts = bundle.hideout, standing_line(monitor, bundle, "de")
                assert "standing" not in hideout  # the colouring carries values, the words come with the page's language
                published = hideout["values"]
                if indicator.kind == "class" or not published:
                    assert texts == {}
                    continue
                levels = levels_in_sentence(monitor.dataset, level, "de")
                recounted = {area: standing_text({"rank": rank, "side": SIDES[side], "percent": percent, "n": len(published)},
                                                 indicator, levels, "de")
                             for area, (rank, side, percent) in brute_force(published, indicator.polarity).items()}
                assert texts == {a: text for a, text in recounted.items() if text}, (indicator.id, year, level)
                withheld = {a for a, k in hideout["classes"].items() if k == SUPPRESSED}
                assert not withheld & set(texts)
                # the click panel and the profile read the same numbers (Monitor.standings)
                table = monitor.standings(indicator.id, year, level)
                assert set(table.index) == set(published)
                checked += 1
    return checked


def test_demo_public_standings_follow_from_the_published_values(public_monitor):
    assert check_public_standings(public_monitor) > 20


def test_demo_public_standings_skip_withheld_areas_that_internal_mode_ranks(public_monitor, demo_monitor):
    """The demo has withheld cells: internally they are ranked, publicly they are not and n shrinks with them."""
    differs = 0
    for indicator in public_monitor.indicators():
        level = public_monitor.dataset.level_ids[0]
        for year in public_monitor.years(indicator.id, level):
            if indicator.kind == "class":
                continue
            public = public_monitor.standings(indicator.id, year, level)
            internal = demo_monitor.standings(indicator.id, year, level)
            if len(internal) > len(public):
                differs += 1
                assert set(public.index) < set(internal.index)
                assert (public["n"] == len(public)).all()
    assert differs > 0


@pytest.mark.shared_data
def test_berlin_public_standings_follow_from_the_published_values(berlin_public_app):
    assert check_public_standings(berlin_public_app.monitor) > 100  # the session's public Berlin app


def test_a_strength_by_distribution_counts_ties_neither_way(demo_monitor):
    """The profile's strength sentence names the share of the other areas strictly less favourable (the standing
    line's count), not (n - rank) / (n - 1), which counted the areas tied with it as less favourable."""
    from dashboard.present import assessment_text
    from dashboard.reports import profile as report

    indicator = next(i for i in demo_monitor.indicators() if i.kind == "share" and i.polarity == "higher_is_worse")
    # rank 1 of 10, tied with 4 others, 5 strictly less favourable; no city value: rated by the distribution
    row = {"indicator_id": indicator.id, "year": 2024, "estimate": False, "suppressed": False, "value": 1.0,
           "polarity": indicator.polarity, "kind": indicator.kind, "rank_city": 1, "n_city": 10, "city_value": None,
           "ahead_city": 0, "behind_city": 5}
    (item,) = report.assess(demo_monitor, pd.DataFrame([row]))
    assert item["side"] == "strength" and item["share"] == 55  # 5 of the 9 others, not 9 of 9
    assert "55 %" in assessment_text(item, indicator) and "100 %" not in assessment_text(item, indicator)
