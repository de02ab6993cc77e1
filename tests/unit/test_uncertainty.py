"""Intervals and tests of clear change for small counts (dashboard/methods/uncertainty.py, docs/methods.md
„Unsicherheit kleiner Zahlen“): coverage by simulation on synthetic binomial and Poisson data, the tests' error rates,
and the Monitor's rule that public intervals come from published numbers only."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import binom
from statsmodels.stats.proportion import confint_proportions_2indep

from dashboard.methods import uncertainty as u

DENOMINATORS = (20, 30, 50, 100, 200, 500)
DRAWS = 20_000


@pytest.mark.parametrize("n", DENOMINATORS)
def test_wilson_interval_covers_the_truth_close_to_nominal(n):
    """95 % intervals on synthetic binomial data: areas with true shares between 5 % and 50 % (the range of the
    Berlin shares), one draw each. The interval must hold the true share in 93-97 % of the draws."""
    rng = np.random.default_rng(1700 + n)
    truth = rng.uniform(0.05, 0.5, DRAWS)
    counts = rng.binomial(n, truth).astype(float)
    lower, upper = u.interval(counts, np.full(DRAWS, float(n)), u.WILSON, scale=1.0)
    coverage = float(np.mean((lower <= truth) & (truth <= upper)))
    assert 0.93 <= coverage <= 0.97, f"n={n}: Überdeckung {coverage:.3f}"


@pytest.mark.parametrize("n", DENOMINATORS)
def test_wilson_coverage_at_each_share_stays_near_nominal(n):
    """Exact coverage (summed over every possible count) at fixed shares: it oscillates with n and p, as every
    interval for a discrete count does, but never leaves 92-98 % between 2 % and 50 %."""
    counts = np.arange(n + 1, dtype=float)
    lower, upper = u.interval(counts, np.full(n + 1, float(n)), u.WILSON, scale=1.0)
    for p in (0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5):
        coverage = binom.pmf(counts, n, p)[(lower <= p) & (p <= upper)].sum()
        assert 0.92 <= coverage <= 0.98, f"n={n}, p={p}: exakte Überdeckung {coverage:.3f}"


@pytest.mark.parametrize("expected", (5, 10, 20, 50, 100, 300))
def test_poisson_interval_covers_the_rate_close_to_nominal(expected):
    """Rates (events per population): Poisson counts with 5 to 300 expected events; 93-97 % coverage."""
    rng = np.random.default_rng(4200 + expected)
    population = rng.uniform(500, 5000, DRAWS)
    rate = expected / population * rng.uniform(0.5, 1.5, DRAWS)
    events = rng.poisson(rate * population).astype(float)
    lower, upper = u.interval(events, population, u.POISSON, scale=1.0)
    coverage = float(np.mean((lower <= rate) & (rate <= upper)))
    assert 0.93 <= coverage <= 0.97, f"{expected} erwartete Fälle: Überdeckung {coverage:.3f}"


def test_fractional_counts_of_estimates_get_an_interval_between_their_neighbours():
    """Values carried across a boundary change have area-weighted, fractional counts; their interval lies between
    those of the neighbouring whole counts."""
    lower, upper = u.interval([5.0, 5.5, 6.0], [40.0, 40.0, 40.0], u.WILSON)
    assert lower[0] < lower[1] < lower[2] and upper[0] < upper[1] < upper[2]


def test_no_interval_without_usable_counts():
    lower, upper = u.interval([np.nan, 3, 4, -1, 2], [10, 0, 3, 10, np.nan], u.WILSON)
    assert np.isnan(lower).all() and np.isnan(upper).all()
    lower, _ = u.interval([3], [10], u.NONE)
    assert np.isnan(lower).all()


def test_interval_method_by_kind_and_registry():
    assert u.interval_method("share") == u.WILSON
    assert u.interval_method("rate") == u.POISSON
    assert u.interval_method("rate", supply_ratio=True) == u.NONE
    assert u.interval_method("rate", "none") == u.NONE
    assert u.interval_method("count") == u.NONE and u.interval_method("class") == u.NONE


def test_difference_to_a_reference_is_clear_exactly_when_the_reference_is_outside_the_interval():
    # 6 of 30 = 20 %: the 95 % Wilson interval is 9.5 % … 37.3 %
    verdicts = u.versus_reference([6, 6, 6, 6, np.nan], [30, 30, 30, 30, 30], [9.0, 10.0, 37.0, 38.0, 10.0], u.WILSON)
    assert list(verdicts) == [u.CLEAR, u.RANDOM, u.RANDOM, u.CLEAR, u.NO_TEST]
    assert u.versus_reference([6], [30], [np.nan], u.WILSON)[0] == u.NO_TEST


def test_change_interval_is_newcombes_hybrid_score_interval():
    """The MOVER construction on Wilson intervals is Newcombe's method 10, as statsmodels computes it."""
    before = (np.array([3.0, 5.0, 40.0, 0.0]), np.array([20.0, 30.0, 400.0, 25.0]))
    after = (np.array([9.0, 6.0, 70.0, 4.0]), np.array([21.0, 31.0, 410.0, 26.0]))
    low, high = u.difference_interval(before, after, u.WILSON, scale=1.0)
    ref_low, ref_high = confint_proportions_2indep(after[0], after[1], before[0], before[1], method="newcomb")
    np.testing.assert_allclose(low, ref_low, atol=1e-12)
    np.testing.assert_allclose(high, ref_high, atol=1e-12)


def test_the_issue_example_20_to_27_percent_of_30_children_is_within_random_variation():
    """The issue's example: 30 children, the share moves from 20 % to 27 % - not a clear change. With 3,000
    children the same move is clear."""
    small = u.change(([6.0], [30.0]), ([8.1], [30.0]), u.WILSON)
    large = u.change(([600.0], [3000.0]), ([810.0], [3000.0]), u.WILSON)
    assert small[0] == u.RANDOM and large[0] == u.CLEAR


@pytest.mark.parametrize("method", (u.WILSON, u.POISSON))
def test_change_test_calls_few_random_changes_clear(method):
    """Two years with the same true share or rate: at most about 5 % of the areas may be called "deutlich"."""
    rng = np.random.default_rng(99)
    n = rng.integers(20, 500, DRAWS).astype(float)
    p = rng.uniform(0.05, 0.5, DRAWS)
    draw = (lambda: rng.binomial(n.astype(int), p).astype(float)) if method == u.WILSON else (lambda: rng.poisson(n * p).astype(float))
    verdicts = u.change((draw(), n), (draw(), n), method)
    false_clear = float(np.mean(verdicts == u.CLEAR))
    assert false_clear <= 0.06, f"{false_clear:.3f} zufällige Veränderungen als deutlich bezeichnet"
    assert (verdicts != u.NO_TEST).all()


def test_change_test_finds_a_real_change_in_large_areas():
    rng = np.random.default_rng(7)
    n = np.full(2000, 2000.0)
    before = rng.binomial(2000, 0.20, 2000).astype(float)
    after = rng.binomial(2000, 0.25, 2000).astype(float)
    assert float(np.mean(u.change((before, n), (after, n), u.WILSON) == u.CLEAR)) > 0.95


# -- the Monitor: what each mode may use ------------------------------------------------------------------------
def _cells(monitor, indicator_id, year):
    level = monitor.dataset.level_ids[0]
    return monitor.values(indicator_id, year, level).assign(indicator_id=indicator_id, year=year)


def test_internal_intervals_use_the_stored_counts(demo_monitor):
    cells = _cells(demo_monitor, "A1", 2024)
    found = demo_monitor.intervals(cells)
    raw = demo_monitor.store.frame("cell_counts")
    raw = raw[(raw["indicator_id"] == "A1") & (raw["year"] == 2024)].set_index("area_id")
    first = cells["area_id"].iloc[0]
    expected = u.interval([raw.loc[first, "numerator"]], [raw.loc[first, "denominator"]], u.WILSON)
    assert found["lower"].iloc[0] == pytest.approx(expected[0][0])
    assert found["lower"].notna().all() and (found["lower"] <= cells["value"]).all() and (cells["value"] <= found["upper"]).all()


def test_public_intervals_only_where_the_denominator_is_published(public_monitor):
    """Demo A1's denominator is no published count indicator: an interval would reveal it (its width is about
    1/sqrt(n)), so the public mode gives none."""
    found = public_monitor.intervals(_cells(public_monitor, "A1", 2024))
    assert found["lower"].isna().all() and found["denominator"].isna().all()


def test_a_supply_ratio_and_a_net_migration_get_no_interval(demo_monitor):
    assert demo_monitor.interval_method("KITA_PLAETZE_1000") == u.NONE  # counted from the facilities
    assert demo_monitor.interval_method("D1") == u.NONE  # net migration: interval = "none" in the registry
    assert demo_monitor.interval_method("D3") == u.NONE  # green-space coverage, mapped block by block
    assert demo_monitor.interval_method("D4") == u.NONE  # places per child: a supply relation


def test_berlin_public_intervals_follow_from_published_numbers(berlin_public_app):
    """Berlin public mode: the interval of every published share of people aged 65+ is the Wilson interval of the
    published (rounded) share and the published EW_65U/EW counts - nothing the public cannot compute itself; withheld
    cells get none."""
    monitor = berlin_public_app.monitor
    cells = _cells(monitor, "ANT_65U", 2024)
    found = monitor.intervals(cells)
    population = monitor.values("EW", 2024, "planungsraum").set_index("area_id")["value"]
    older = monitor.values("EW_65U", 2024, "planungsraum").set_index("area_id")["value"]
    shown = ~cells["suppressed"].to_numpy()
    assert shown.sum() > 500 and found.loc[~shown, "lower"].isna().all()
    for row, (_, interval) in zip(cells[shown].itertuples(), found[shown].iterrows()):
        lower, upper = u.interval([older[row.area_id]], [population[row.area_id]], u.WILSON)
        assert (interval["lower"], interval["upper"]) == (round(lower[0], 1), round(upper[0], 1)), row.area_id
    assert isinstance(found, pd.DataFrame)


def test_indicators_with_intervals_by_mode(demo_monitor, public_monitor):
    """Internal: every share and rate with stored counts (not the net migration D1, not the supply ratio); public: only
    those whose denominator is a published count indicator (the population: C1-C3, E3)."""
    internal = set(demo_monitor.indicators_with_intervals())
    public = set(public_monitor.indicators_with_intervals())
    assert {"A1", "A2", "C1", "E3"} <= internal and not {"D1", "KITA_PLAETZE_1000", "EW", "UL"} & internal
    assert public == {"C1", "C2", "C3", "E3"}
    found = public_monitor.intervals(_cells(public_monitor, "C1", 2024))
    assert found["lower"].notna().sum() > 0.9 * len(found)


def test_methodology_page_says_how_many_indicators_have_an_interval(public_monitor):
    from types import SimpleNamespace

    from dashboard.ui.methodology import uncertainty as section

    texts = [p.children for p in section(SimpleNamespace(monitor=public_monitor), "de")]
    assert any("haben 4 Indikatoren ein Intervall" in text for text in texts)
    assert any("nur aus veröffentlichten Zahlen" in text for text in texts)
    assert any("höchstens 0,1 Standardabweichungen" in text for text in texts)


def test_verdicts_follow_the_shown_bounds():
    """Gropiusstadt's case in public mode: unrounded lower bound 2.63 above a city value shown as 2.6 would be
    "deutlich" next to a printed "2,6–3,4"; compared as shown it is within random variation."""
    lower, _upper = u.interval([89.0], [3000.0], u.WILSON)  # 2.97 %: 2.41 … 3.64
    reference = round(float(lower[0]), 1) - 0.04  # just below the unrounded bound, shown equal to the rounded one
    assert u.versus_reference([89.0], [3000.0], [reference], u.WILSON)[0] == u.CLEAR
    assert u.versus_reference([89.0], [3000.0], [reference], u.WILSON, decimals=1)[0] == u.RANDOM
    # a change whose interval is shown as "+0,0 bis …" is not called clear
    before, after = ([3000.0], [10000.0]), ([3128.0], [10000.0])  # 30.0 % → 31.3 %: the interval starts at +0.002
    low, _high = u.difference_interval(before, after, u.WILSON)
    assert 0 < low[0] < 0.05 and u.change(before, after, u.WILSON)[0] == u.CLEAR
    assert u.change(before, after, u.WILSON, decimals=1)[0] == u.RANDOM
