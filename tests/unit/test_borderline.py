"""Grenzfälle (dashboard/methods/borderline.py) and their configuration (dataset.toml borderline_distance)."""
import shutil
import tomllib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import tomli_w

from dashboard.catalog import RegistryError, load_dataset
from dashboard.methods.borderline import (
    DEFAULT_DISTANCE,
    burden_borderline,
    criterion_borderline,
    criterion_cut,
    index_borderline,
    near_cut,
    resolve_distance,
)
from dashboard.methods.burden import BurdenCriterion, BurdenRule, rate
from dashboard.methods.indices import IndexDefinition

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo"


# -- near_cut ---------------------------------------------------------------------------------------
def test_near_cut_nearest_boundary_classes_and_signed_distance():
    values = pd.Series({"a": 0.97, "b": -1.08, "c": 1.6, "d": 0.0, "e": 1.45})
    out = near_cut(values, (-1.0, 1.0, 1.5), (1, 2, 3, 4), 0.1)
    assert out["borderline"].to_dict() == {"a": True, "b": True, "c": True, "d": False, "e": True}
    assert out.loc["a", ["cut", "below", "above"]].tolist() == [1.0, 2, 3]
    assert out.loc["b", ["cut", "below", "above"]].tolist() == [-1.0, 1, 2]
    assert out.loc["e", ["cut", "below", "above"]].tolist() == [1.5, 3, 4]
    assert out.loc["a", "distance"] == pytest.approx(-0.03)
    assert out.loc["c", "distance"] == pytest.approx(0.1)  # exactly a tenth away (floating point: 0.10000000000000009)


def test_exactly_at_a_cut_is_borderline_even_at_distance_zero():
    out = near_cut(pd.Series({"x": 1.0, "y": 1.01}), (-1.0, 1.0, 1.5), (1, 2, 3, 4), 0.0)
    assert out["borderline"].tolist() == [True, False]
    assert out.loc["x", "distance"] == 0


def test_missing_values_are_not_borderline():
    out = near_cut(pd.Series({"x": np.nan, "y": None, "z": 1.0}, dtype=float), (1.0,), ("lo", "hi"), 0.1)
    assert out["borderline"].tolist() == [False, False, True]
    assert out.loc["x", "below"] is None and np.isnan(out.loc["x", "cut"]) and np.isnan(out.loc["x", "distance"])


def test_scale_turns_the_distance_into_standard_deviations():
    out = near_cut(pd.Series({"x": 10.4, "y": 10.6}), (10.0,), (False, True), 0.1, scale=5.0)
    assert out["borderline"].tolist() == [True, False]  # 0.08 and 0.12 standard deviations
    assert out["distance"].tolist() == pytest.approx([0.08, 0.12])


def test_classes_must_fit_the_cuts():
    with pytest.raises(ValueError):
        near_cut(pd.Series([1.0]), (0.0, 1.0), (1, 2), 0.1)


def test_resolve_distance_prefers_the_own_then_the_datasets_then_the_default():
    assert resolve_distance(0.2, 0.05) == 0.2
    assert resolve_distance(None, 0.05) == 0.05
    assert resolve_distance(0, 0.05) == 0.0  # zero is a setting, not "missing"
    assert resolve_distance(None, None) == DEFAULT_DISTANCE == 0.1


# -- the index ------------------------------------------------------------------------------------
def test_index_borderline_status_and_dynamics_invalid_areas_not_borderline():
    definition = IndexDefinition("x", "X", ("S",), ("D",))
    table = pd.DataFrame({"valid": [True, True, False, True],
                          "status_index": [0.95, 0.0, 1.0, np.nan],
                          "dynamic_index": [0.0, -1.05, 1.0, 0.0]}, index=list("abcd"))
    out = index_borderline(table, definition, 0.1)
    assert out["status_borderline"].tolist() == [True, False, False, False]
    assert out["dynamic_borderline"].tolist() == [False, True, False, False]
    assert out["borderline"].tolist() == [True, True, False, False]  # c does not take part (its values are at cuts)
    assert out.loc["a", ["status_below", "status_above"]].tolist() == [2, 3]  # mittel | niedrig
    assert out.loc["b", ["dynamic_below", "dynamic_above"]].tolist() == [1, 2]  # positiv | stabil


def test_index_borderline_uses_the_definitions_cuts():
    definition = IndexDefinition("x", "X", ("S",), ("D",), status_cuts=(-0.5, 0.5, 2.0), dynamic_cuts=(-0.5, 0.5))
    table = pd.DataFrame({"valid": [True], "status_index": [0.45], "dynamic_index": [0.0]}, index=["a"])
    out = index_borderline(table, definition, 0.1)
    assert bool(out.loc["a", "status_borderline"]) and out.loc["a", "status_cut"] == 0.5


# -- burden criteria ------------------------------------------------------------------------------
VALUES = pd.Series(np.arange(1.0, 21.0), index=[f"a{i:02d}" for i in range(1, 21)])  # 1..20, std ≈ 5.77


def test_quantile_cut_is_the_one_rate_applies_and_distance_is_in_standard_deviations():
    criterion = BurdenCriterion("A", "quantile", 0.25)
    cut = criterion_cut(VALUES, criterion)
    assert cut == pytest.approx(VALUES.quantile(0.75))  # 15.25
    hit = rate(VALUES, criterion)
    assert hit[VALUES >= cut].all() and not hit[VALUES < cut].any()
    out = criterion_borderline(VALUES, criterion, 0.1)
    std = VALUES.std(ddof=0)
    expected = (VALUES - cut).abs() / std <= 0.1
    assert out["borderline"].tolist() == expected.tolist()
    assert out["borderline"].sum() == 1  # 15 (0.25 / 5.77 ≈ 0.04 from the cut 15.25); 16 is 0.13 away
    assert out.loc["a15", "distance"] == pytest.approx((15 - cut) / std)
    assert out.loc["a15", ["below", "above"]].tolist() == [False, True]


def test_polarity_higher_is_better_flips_the_sides():
    criterion = BurdenCriterion("A", "quantile", 0.25, polarity="higher_is_better")
    cut = criterion_cut(VALUES, criterion)
    assert cut == pytest.approx(VALUES.quantile(0.25))
    out = criterion_borderline(VALUES, criterion, 0.1)
    assert out.loc["a05", ["below", "above"]].tolist() == [True, False]  # below the cut is the burdened side
    assert out["borderline"].tolist() == ((VALUES - cut).abs() / VALUES.std(ddof=0) <= 0.1).tolist()


def test_zscore_cut_in_units_and_polarity():
    mean, std = VALUES.mean(), VALUES.std(ddof=0)
    worse = BurdenCriterion("A", "zscore", 1.0)
    better = BurdenCriterion("A", "zscore", 1.0, polarity="higher_is_better")
    assert criterion_cut(VALUES, worse) == pytest.approx(mean + std)
    assert criterion_cut(VALUES, better) == pytest.approx(mean - std)
    z = (VALUES - mean) / std
    assert criterion_borderline(VALUES, worse, 0.1)["borderline"].tolist() == ((z - 1).abs() <= 0.1).tolist()
    assert criterion_borderline(VALUES, better, 0.1)["borderline"].tolist() == ((z + 1).abs() <= 0.1).tolist()


def test_threshold_and_class_rules():
    threshold = BurdenCriterion("A", "threshold", 10.0)
    out = criterion_borderline(VALUES, threshold, 0.1)
    assert out.loc["a10", "borderline"] and out.loc["a10", "distance"] == 0  # exactly at the threshold
    assert out["borderline"].sum() == 1  # 9 and 11 are 1 / 5.77 ≈ 0.17 standard deviations away
    assert criterion_cut(VALUES, BurdenCriterion("A", "class", 3)) is None
    assert not criterion_borderline(pd.Series([3.0, 2.0, 3.0]), BurdenCriterion("A", "class", 3), 1.0)["borderline"].any()


def test_burden_borderline_just_in_and_just_out():
    # three criteria, k = 2; threshold 10 on each indicator, values 0..20 so one standard deviation is ~6
    wide = pd.DataFrame({"A": [10.2, 10.3, 0.0, 20.0, np.nan], "B": [15.0, 2.0, 9.9, 20.0, 10.0],
                         "C": [0.0, 0.0, 15.0, 0.0, 15.0]}, index=list("pqrst"))
    wide.loc["u"] = [0.0, 20.0, 5.0]  # widen the spread
    rule = BurdenRule("r", "R", tuple(BurdenCriterion(i, "threshold", 10.0) for i in "ABC"), min_count=2)
    out = burden_borderline(wide, rule, 0.1)
    assert out.loc["p", "decisive"] == "just_in" and out.loc["p", "deciding"] == ["A"]  # A and B: A is 0.2 above the cut
    assert out.loc["q", "decisive"] is None and out.loc["q", "near"] == ["A"]  # only A: one burden, k - 1 = 1, A is burdened
    assert out.loc["r", "decisive"] == "just_out" and out.loc["r", "deciding"] == ["B"]  # C burdened, B just below
    assert out.loc["s", "borderline"] == False and out.loc["s", "decisive"] is None  # noqa: E712  far from every cut
    assert out.loc["t", "near"] == ["B"] and out.loc["t", "decisive"] == "just_in"  # A missing: not borderline for A
    assert set(out.loc["p", "distances"]) == {"A"}


# -- configuration --------------------------------------------------------------------------------
def demo_copy(tmp_path: Path, change) -> Path:
    for name in ("dataset.toml", "indicators.toml"):
        shutil.copy(DEMO / name, tmp_path / name)
    meta = tomllib.loads((tmp_path / "dataset.toml").read_text(encoding="utf-8"))
    change(meta)
    (tmp_path / "dataset.toml").write_text(tomli_w.dumps(meta), encoding="utf-8")
    return tmp_path


def test_distances_are_read_for_dataset_index_and_rule(tmp_path):
    def change(meta):
        meta["borderline_distance"] = 0.05
        meta["indices"][0]["borderline_distance"] = 0.2
        meta["burden_rules"][1]["borderline_distance"] = 0
    ds = load_dataset(demo_copy(tmp_path, change))
    assert ds.borderline_distance == 0.05
    assert ds.indices[0].borderline_distance == 0.2
    assert [r.borderline_distance for r in ds.burden_rules] == [None, 0.0]
    assert load_dataset(DEMO).borderline_distance is None  # not given: the default applies (resolve_distance)


@pytest.mark.parametrize("where, bad, expected", [
    ("dataset", "0.1", "borderline_distance"),
    ("dataset", -0.1, "borderline_distance"),
    ("index", 2, "indices Eintrag 1 (id='sozialindex'), Feld 'borderline_distance'"),
    ("rule", True, "burden_rules Eintrag 2 (id='quartile'), Feld 'borderline_distance'"),
])
def test_a_wrong_distance_names_file_entry_and_field(tmp_path, where, bad, expected):
    def change(meta):
        target = {"dataset": meta, "index": meta["indices"][0], "rule": meta["burden_rules"][1]}[where]
        target["borderline_distance"] = bad
    with pytest.raises(RegistryError) as error:
        load_dataset(demo_copy(tmp_path, change))
    message = str(error.value)
    assert "dataset.toml" in message and expected in message and "Standardabweichungen" in message and repr(bad) in message


def test_a_misspelt_field_is_named(tmp_path):
    def change(meta):
        meta["indices"][0]["borderline_distanse"] = 0.1
    with pytest.raises(RegistryError, match="Meinten Sie 'borderline_distance'"):
        load_dataset(demo_copy(tmp_path, change))
