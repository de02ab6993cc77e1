"""dashboard/methods/aggregate.py: shares from counts, estimates, missing counts (docs/methods.md, „Aggregation“)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dashboard.methods.aggregate import AggregationSpec, aggregate_group, aggregate_to_parent

SPECS = {
    "A1": AggregationSpec("ratio_of_sums", 100.0),
    "EW": AggregationSpec("sum"),
    "LDEN": AggregationSpec("weighted_mean", weight="EW"),
    "UL": AggregationSpec("none"),
}
PARENT = {"p1": "P", "p2": "P", "q1": "Q", "q2": "Q"}


def rows(*records: tuple) -> pd.DataFrame:
    return pd.DataFrame(records, columns=["area_id", "indicator_id", "year", "value", "numerator", "denominator"])


def one(result: pd.DataFrame, area: str, indicator: str, year: int = 2024) -> pd.Series:
    hit = result[(result["area_id"] == area) & (result["indicator_id"] == indicator) & (result["year"] == year)]
    assert len(hit) == 1, hit
    return hit.iloc[0]


def test_share_is_ratio_of_sums_not_mean_of_shares():
    values = rows(("p1", "A1", 2024, 10.0, 1, 10), ("p2", "A1", 2024, 50.0, 50, 100))
    parent = one(aggregate_to_parent(values, PARENT, SPECS), "P", "A1")
    mean_of_shares = (10.0 + 50.0) / 2
    assert parent["value"] == pytest.approx(100 * 51 / 110)
    assert parent["value"] != pytest.approx(mean_of_shares)
    assert (parent["numerator"], parent["denominator"]) == (51, 110)
    assert not parent["estimate"]


def test_counts_are_summed():
    values = rows(("p1", "EW", 2024, 1200, None, None), ("p2", "EW", 2024, 800, None, None))
    assert one(aggregate_to_parent(values, PARENT, SPECS), "P", "EW")["value"] == 2000


def test_weighted_mean_uses_weights_and_is_marked_as_estimate():
    values = rows(
        ("p1", "LDEN", 2024, 50.0, None, None), ("p2", "LDEN", 2024, 60.0, None, None),
        ("p1", "EW", 2024, 100, None, None), ("p2", "EW", 2024, 300, None, None),
    )
    parent = one(aggregate_to_parent(values, PARENT, SPECS), "P", "LDEN")
    assert parent["value"] == pytest.approx((50 * 100 + 60 * 300) / 400)
    assert bool(parent["estimate"]) is True
    assert np.isnan(parent["numerator"]) and np.isnan(parent["denominator"])


def test_weighted_mean_without_weight_gives_no_value():
    values = rows(("p1", "LDEN", 2024, 50.0, None, None), ("p2", "LDEN", 2024, 60.0, None, None), ("p1", "EW", 2024, 100, None, None))
    result = aggregate_to_parent(values, PARENT, SPECS)
    assert result[(result["indicator_id"] == "LDEN")].empty


def test_missing_count_leaves_parent_without_value_only_for_that_parent_and_year():
    values = rows(
        ("p1", "A1", 2024, 10.0, 1, 10), ("p2", "A1", 2024, 20.0, None, None),  # P 2024 incomplete
        ("p1", "A1", 2023, 10.0, 1, 10), ("p2", "A1", 2023, 20.0, 2, 10),
        ("q1", "A1", 2024, 10.0, 1, 10), ("q2", "A1", 2024, 30.0, 3, 10),
    )
    result = aggregate_to_parent(values, PARENT, SPECS)
    keys = set(zip(result["area_id"], result["year"]))
    assert ("P", 2024) not in keys
    assert one(result, "P", "A1", 2023)["value"] == pytest.approx(15.0)
    assert one(result, "Q", "A1", 2024)["value"] == pytest.approx(20.0)


def test_zero_denominator_gives_missing_value_not_error():
    values = rows(("p1", "A1", 2024, None, 0, 0), ("p2", "A1", 2024, None, 0, 0))
    parent = one(aggregate_to_parent(values, PARENT, SPECS), "P", "A1")
    assert np.isnan(parent["value"]) and parent["denominator"] == 0


def test_none_and_unknown_indicators_are_dropped():
    values = rows(("p1", "UL", 2024, 3, None, None), ("p2", "UL", 2024, 1, None, None), ("p1", "XX", 2024, 1, None, None))
    result = aggregate_to_parent(values, PARENT, SPECS)
    assert result.empty
    assert list(result.columns) == ["area_id", "indicator_id", "year", "value", "numerator", "denominator", "estimate"]


def test_areas_without_parent_are_ignored():
    values = rows(("p1", "EW", 2024, 5, None, None), ("zz", "EW", 2024, 7, None, None))
    result = aggregate_to_parent(values, PARENT, SPECS)
    assert list(result["area_id"]) == ["P"] and result["value"].iloc[0] == 5


def test_aggregate_group_combines_any_selection_by_the_same_rules():
    values = rows(
        ("p1", "A1", 2024, 10.0, 1, 10), ("q1", "A1", 2024, 50.0, 50, 100), ("q2", "A1", 2024, 0.0, 0, 90),
        ("p1", "EW", 2024, 10, None, None), ("q1", "EW", 2024, 100, None, None), ("q2", "EW", 2024, 90, None, None),
    )
    result = aggregate_group(values, SPECS, group_id="auswahl")
    assert set(result["area_id"]) == {"auswahl"}
    assert one(result, "auswahl", "A1")["value"] == pytest.approx(100 * 51 / 200)
    assert one(result, "auswahl", "EW")["value"] == 200
