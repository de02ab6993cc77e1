import numpy as np
import pandas as pd
import pytest

from dashboard.methods.burden import BurdenCriterion, BurdenRule, burden_table, rate, scenario_diff
from dashboard.present import burden_rule_text

WIDE = pd.DataFrame({
    "LUFT": [3, 3, 1, 2, np.nan],
    "LAERM": [3, 2, 3, 1, 3],
    "GRUEN": [3, 3, 3, 1, 1],
}, index=["a", "b", "c", "d", "e"])
OFFICIAL = BurdenRule("ugr", "Umweltgerechtigkeit", tuple(
    BurdenCriterion(i, "class", 3, dimension="Umwelt", label=i) for i in ("LUFT", "LAERM", "GRUEN")), min_count=2, official=True)


def test_class_rule_counts_hoch_and_names_the_burdens():
    table = burden_table(WIDE, OFFICIAL)
    assert table["burden_count"].tolist() == [3, 2, 2, 0, 1]
    assert table.loc["a", "burdens"] == ["LUFT", "LAERM", "GRUEN"]
    assert table.loc["e", "burdens"] == ["LAERM"]
    assert table["multiple"].tolist() == [True, True, True, False, False]
    assert pd.isna(table.loc["e", "LUFT"])  # missing value: not rated for that indicator
    assert table.loc["a", "dimensions"] == ["Umwelt"]


def test_quantile_and_zscore_respect_polarity():
    v = pd.Series(np.arange(1.0, 101.0))
    worst_quarter = rate(v, BurdenCriterion("x", "quantile", 0.25))
    assert worst_quarter.sum() == 25 and worst_quarter.iloc[-1] and not worst_quarter.iloc[0]
    better_high = rate(v, BurdenCriterion("x", "quantile", 0.25, polarity="higher_is_better"))
    assert better_high.sum() == 25 and better_high.iloc[0] and not better_high.iloc[-1]
    z = rate(v, BurdenCriterion("x", "zscore", 1.0))
    assert z.sum() == ((v - v.mean()) / v.std(ddof=0) >= 1).sum()
    low = rate(v, BurdenCriterion("x", "threshold", 10, polarity="higher_is_better"))
    assert low.sum() == 10


def test_area_without_any_rated_indicator_is_not_rated():
    wide = pd.DataFrame({"LUFT": [np.nan, 3.0]}, index=["x", "y"])
    rule = BurdenRule("r", "r", (BurdenCriterion("LUFT", "class", 3),), min_count=1)
    table = burden_table(wide, rule)
    assert table["rated"].tolist() == [False, True]
    assert table["multiple"].tolist() == [False, True]


def test_scenario_changes_and_diff():
    official = burden_table(WIDE, OFFICIAL)
    fewer = OFFICIAL.with_changes(enabled={"LUFT", "LAERM"})
    scenario = burden_table(WIDE, fewer)
    assert not fewer.official and [c.indicator_id for c in fewer.criteria] == ["LUFT", "LAERM"]
    assert scenario_diff(official, scenario) == {"entered": [], "left": ["b", "c"]}  # both relied on GRUEN
    lower_k = burden_table(WIDE, OFFICIAL.with_changes(min_count=1))
    assert scenario_diff(official, lower_k) == {"entered": ["e"], "left": []}
    same = burden_table(WIDE, OFFICIAL.with_changes())
    assert scenario_diff(official, same) == {"entered": [], "left": []}


def test_unknown_rule_and_description():
    with pytest.raises(ValueError, match="Unbekannte Regel"):
        rate(pd.Series([1.0]), BurdenCriterion("x", "median", 1))
    text = burden_rule_text(OFFICIAL)
    assert "Offizielle Regel" in text and "ab 2" in text and "Klasse 3" in text
    assert "Szenario" in burden_rule_text(OFFICIAL.with_changes(min_count=1))
