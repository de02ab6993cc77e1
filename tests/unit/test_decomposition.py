"""Issue 17 part 4: why an area changed class. The index change decomposes exactly into indicator
contributions and the re-standardisation (methods/indices.decompose_index_change); burdens that entered
and left between two years of a rule (methods/burden.burden_change); the Monitor's accessors on the demo."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.methods.burden import BurdenCriterion, BurdenRule, burden_change, burden_table
from dashboard.methods.indices import (
    RESTANDARDISATION,
    IndexDefinition,
    decompose_index_change,
    index_terms,
    status_dynamics,
)

FULL = IndexDefinition("x", "X", ("S1", "S2", "S3", "S4"), ("D1", "D2"), validity_indicator="OK")


def edition(rng, n: int, drop: tuple[str, ...] = (), invalid: float = 0.1) -> pd.DataFrame:
    base = rng.normal(0, 1, n)
    frame = pd.DataFrame({f"S{i}": rng.gamma(2, 3, n) + i * base for i in range(1, 5)}
                         | {f"D{i}": rng.normal(0, 1, n) for i in range(1, 3)}
                         | {"EW": rng.integers(50, 9000, n), "OK": (rng.random(n) > invalid).astype(float)},
                         index=[f"a{i:03d}" for i in range(n)])
    for column in drop:
        frame[column] = np.nan  # the indicator is not in this edition
    return frame


def check_sums(before: pd.DataFrame, after: pd.DataFrame, part: str) -> pd.DataFrame:
    b, a = index_terms(before, FULL, part), index_terms(after, FULL, part)
    change = decompose_index_change(b, a)
    total = change.parts.groupby("area_id", sort=False)["contribution"].sum()
    both = change.areas[change.areas["reason"].isna()]
    assert len(total) == len(both)
    # with few areas none may be rated in both editions (under 300 inhabitants or flagged): then there is nothing to
    # decompose, and the maximum of no differences would be NaN
    assert both.empty or (total.reindex(both.index) - both["change"]).abs().max() < 1e-9
    # index and classes equal status_dynamics' (the published method) in both editions
    for frame, column in ((before, "before"), (after, "after")):
        table = status_dynamics(frame, FULL)
        rated = change.areas[f"index_{column}"].dropna()
        assert np.allclose(rated, table.loc[rated.index, f"{part}_index"], atol=0)
        assert (change.areas[f"class_{column}"].dropna() == table.loc[rated.index, f"{part}_class"]).all()
    return change


@settings(max_examples=60, deadline=None, derandomize=True)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(3, 300), drop_before=st.sampled_from([(), ("S4",)]),
       drop_after=st.sampled_from([(), ("S2",), ("S2", "S3")]), part=st.sampled_from(["status", "dynamic"]))
def test_parts_sum_to_the_change_exactly(seed, n, drop_before, drop_after, part):
    rng = np.random.default_rng(seed)
    check_sums(edition(rng, n, drop_before), edition(rng, n, drop_after), part)


def test_no_area_rated_in_both_editions_gives_no_parts():
    """The case hypothesis found in CI (seed 6000, 3 areas): no area is rated in both editions."""
    rng = np.random.default_rng(6000)
    change = check_sums(edition(rng, 3, ()), edition(rng, 3, ()), "status")
    assert change.parts.empty and change.areas["reason"].notna().all()


def test_a_dropped_indicator_counts_minus_its_old_weighted_z_and_areas_of_one_edition_get_a_reason():
    rng = np.random.default_rng(7)
    before, after = edition(rng, 120), edition(rng, 120, ("S2",))
    after.loc["a000", "EW"] = 10  # rated before only
    before.loc["a001", "OK"] = 0  # rated after only
    b, a = index_terms(before, FULL), index_terms(after, FULL)
    change = check_sums(before, after, "status")
    assert b.weight == pytest.approx(1 / (4 * b.z.mean(axis=1).std(ddof=0)))
    assert a.weight == pytest.approx(1 / (3 * a.z.mean(axis=1).std(ddof=0)))
    s2 = change.parts[change.parts["part"] == "S2"].set_index("area_id")
    assert not s2["in_after"].any() and s2["in_before"].all() and s2["z_after"].isna().all()
    assert np.allclose(s2["contribution"], -b.weight * b.z.loc[s2.index, "S2"])
    assert change.areas.loc["a000", "reason"] == "only_before" and change.areas.loc["a001", "reason"] == "only_after"
    assert "a000" not in set(change.parts["area_id"]) and "a001" not in set(change.parts["area_id"])
    # the re-standardisation is the last part of every area
    assert (change.parts.groupby("area_id", sort=False)["part"].last() == RESTANDARDISATION).all()


def test_the_same_edition_twice_changes_nothing():
    rng = np.random.default_rng(1)
    frame = edition(rng, 50)
    change = check_sums(frame, frame, "status")
    assert change.parts["contribution"].abs().max() == 0


def test_burden_change_names_entered_and_left_burdens_and_movement():
    rule = BurdenRule("r", "R", tuple(BurdenCriterion(i, "threshold", 1.0) for i in ("A", "B", "C")), min_count=2)
    before = burden_table(pd.DataFrame({"A": [1, 1, 0, 1, np.nan], "B": [1, 0, 0, 1, 1], "C": [0, 0, 0, 1, 1]},
                                       index=list("vwxyz"), dtype=float), rule)
    after = burden_table(pd.DataFrame({"A": [0, 1, 0, 1, 1], "B": [0, 1, 1, 1, 1], "C": [1, 0, 0, 1, 1]},
                                      index=list("vwxyz"), dtype=float), rule)
    out = burden_change(before, after)
    assert out.loc["v", "entered"] == ["C"] and out.loc["v", "left"] == ["A", "B"] and out.loc["v", "movement"] == "left"
    assert out.loc["w", "entered"] == ["B"] and out.loc["w", "left"] == [] and out.loc["w", "movement"] == "entered"
    assert out.loc["x", "entered"] == ["B"] and out.loc["x", "movement"] == "outside"
    assert out.loc["y", "movement"] == "stayed" and out.loc["y", "entered"] == [] == out.loc["y", "left"]
    # z is rated before (B, C) although A is missing: compared; an area rated in one year only is not
    assert out.loc["z", "movement"] == "stayed"
    after.loc["z", "rated"] = False
    assert burden_change(before, after).loc["z", "movement"] == "not_rated"


def test_monitor_decomposes_the_demo_index_with_computed_dynamics_and_burden_years(demo_monitor, public_monitor):
    definition = demo_monitor.index_definition("sozialindex")
    assert definition.dynamic_change_years
    years = demo_monitor.index_years(definition)
    assert demo_monitor.index_editions(definition, years[0], years[0]) is None
    von, bis = demo_monitor.index_editions(definition, years[0] - 5, years[-1] + 5)
    assert (von, bis) == (years[0], years[-1])
    for monitor in (demo_monitor, public_monitor):
        for part in ("status", "dynamic"):
            change = monitor.index_change(definition, von, bis, part)
            both = change.areas[change.areas["reason"].isna()]
            total = change.parts.groupby("area_id")["contribution"].sum()
            assert len(both) > 100 and (total.reindex(both.index) - both["change"]).abs().max() < 1e-9
            classes = monitor.index_classes(definition, bis)
            assert (both["class_after"] == classes.loc[both.index, f"{part}_class"]).all()
        assert set(change.parts["part"]) == {f"Δ{i}" for i in definition.dynamic_indicators} | {RESTANDARDISATION}
    rule = demo_monitor.burden_rule("umweltgerechtigkeit")
    first, last = demo_monitor.burden_years(rule)[0], demo_monitor.burden_years(rule)[-1]
    moved = demo_monitor.burden_change(rule, first, last)
    assert {"entered", "left"} <= set(moved["movement"])
    before, after = demo_monitor.burden(rule, first), demo_monitor.burden(rule, last)
    for area_id, row in moved[moved["movement"] == "left"].iterrows():
        assert before.loc[area_id, "multiple"] and not after.loc[area_id, "multiple"]
        assert set(before.loc[area_id, "burdens"]) - set(row["left"]) | set(row["entered"]) == set(after.loc[area_id, "burdens"])
