"""Aggregation of indicator values from a lower level to a higher one (docs/methods.md, „Aggregation“).

A share at a higher level is sum(numerators) / sum(denominators) of its parts, never the mean of
the shares. Indicators without counts are aggregated only where the registry says how (a
population-weighted mean) and the result is marked as an estimate; otherwise they are left out.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

VALUE_COLUMNS = ["area_id", "indicator_id", "year", "value", "numerator", "denominator", "estimate"]
AGGREGATIONS = ("ratio_of_sums", "sum", "weighted_mean", "none")


@dataclass(frozen=True)
class AggregationSpec:
    """How one indicator is carried to a higher level."""

    method: str  # one of AGGREGATIONS
    scale: float = 100.0  # value = scale * numerator / denominator for ratio_of_sums
    weight: str | None = None  # indicator id whose value weighs a weighted_mean (e.g. population)


def aggregate_to_parent(
    values: pd.DataFrame, parent_of: Mapping[str, str] | pd.Series, specs: Mapping[str, AggregationSpec]
) -> pd.DataFrame:
    """Aggregate long-format values of one level to the parent level.

    values: columns area_id, indicator_id, year, value, numerator, denominator (estimate optional).
    parent_of: child area_id -> parent area_id.
    specs: indicator_id -> AggregationSpec; indicators missing here or with method "none" are dropped.
    Returns the same columns for the parent areas. A parent is only given a value when every one of
    its children reporting that indicator/year has the counts needed (a missing count makes the sum
    unknown, so the parent gets no value rather than a silently wrong one).
    """
    frame = values.copy()
    if "estimate" not in frame.columns:
        frame["estimate"] = False
    frame["parent_id"] = frame["area_id"].map(pd.Series(parent_of) if isinstance(parent_of, Mapping) else parent_of)
    frame = frame[frame["parent_id"].notna()]
    parts: list[pd.DataFrame] = []
    for indicator_id, group in frame.groupby("indicator_id", sort=False):
        spec = specs.get(indicator_id)
        if spec is None or spec.method == "none":
            continue
        if spec.method == "ratio_of_sums":
            parts.append(_ratio_of_sums(group, spec.scale))
        elif spec.method == "sum":
            parts.append(_sum(group))
        elif spec.method == "weighted_mean":
            if not spec.weight:
                raise ValueError(f"Indikator {indicator_id}: weighted_mean braucht ein Gewicht (weight).")
            weights = frame[frame["indicator_id"] == spec.weight][["area_id", "year", "value"]]
            parts.append(_weighted_mean(group, weights.rename(columns={"value": "weight"})))
        else:
            raise ValueError(f"Indikator {indicator_id}: unbekannte Aggregation {spec.method!r}.")
    if not parts:
        return pd.DataFrame(columns=VALUE_COLUMNS)
    out = pd.concat(parts, ignore_index=True)
    out = out.rename(columns={"parent_id": "area_id"})
    return out[VALUE_COLUMNS].sort_values(["indicator_id", "year", "area_id"], ignore_index=True)


def _complete(group: pd.DataFrame, columns: list[str]) -> pd.Series:
    """Per (parent, year): True when no child lacks one of the given columns."""
    missing = group[columns].isna().any(axis=1)
    return ~missing.groupby([group["parent_id"], group["year"]]).transform("any")


def _ratio_of_sums(group: pd.DataFrame, scale: float) -> pd.DataFrame:
    group = group[_complete(group, ["numerator", "denominator"])]
    sums = group.groupby(["parent_id", "year"], as_index=False).agg(
        numerator=("numerator", "sum"), denominator=("denominator", "sum"), estimate=("estimate", "any")
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        sums["value"] = np.where(sums["denominator"] > 0, scale * sums["numerator"] / sums["denominator"], np.nan)
    sums["indicator_id"] = group["indicator_id"].iloc[0] if len(group) else None
    return sums


def _sum(group: pd.DataFrame) -> pd.DataFrame:
    group = group[_complete(group, ["value"])]
    sums = group.groupby(["parent_id", "year"], as_index=False).agg(value=("value", "sum"), estimate=("estimate", "any"))
    sums["numerator"] = np.nan
    sums["denominator"] = np.nan
    sums["indicator_id"] = group["indicator_id"].iloc[0] if len(group) else None
    return sums


def _weighted_mean(group: pd.DataFrame, weights: pd.DataFrame) -> pd.DataFrame:
    merged = group.merge(weights, on=["area_id", "year"], how="left")
    merged = merged[_complete(merged, ["value", "weight"])]
    merged["weighted"] = merged["value"] * merged["weight"]
    sums = merged.groupby(["parent_id", "year"], as_index=False).agg(weighted=("weighted", "sum"), weight=("weight", "sum"))
    with np.errstate(divide="ignore", invalid="ignore"):
        sums["value"] = np.where(sums["weight"] > 0, sums["weighted"] / sums["weight"], np.nan)
    sums["numerator"] = np.nan
    sums["denominator"] = np.nan
    sums["estimate"] = True  # a weighted mean of rates is an approximation, and is marked as one
    sums["indicator_id"] = group["indicator_id"].iloc[0] if len(group) else None
    return sums


def aggregate_group(values: pd.DataFrame, specs: Mapping[str, AggregationSpec], group_id: str = "auswahl") -> pd.DataFrame:
    """Aggregate any chosen set of areas into one ("these areas together"), by the same rules."""
    return aggregate_to_parent(values, {a: group_id for a in values["area_id"].unique()}, specs)
