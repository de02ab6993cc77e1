"""MSS-style social status and dynamics index (docs/methods.md, „Status-/Dynamik-Index“, Monitoring Soziale Stadtentwicklung).

Only valid areas take part (enough inhabitants, not flagged). Each index indicator is
z-standardised across the valid areas of the edition (population standard deviation), the
z-values are averaged, the mean is standardised again and cut into classes:
status  below -1 = 1 hoch, -1..+1 = 2 mittel, +1..+1.5 = 3 niedrig, above +1.5 = 4 sehr niedrig;
dynamics on the changes: below -1 positiv, -1..+1 stabil, above +1 negativ.
Status x dynamics gives the combined class, e.g. "3-" (niedrig, negativ).
Reproduces every published class of MSS 2013-2021 (tests/data).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd


STATUS_CLASSES = (1, 2, 3, 4)  # 1 high … 4 very low status (words: dashboard/present.py)
DYNAMIC_CLASSES = (1, 2, 3)  # 1 positive, 2 stable, 3 negative dynamics (the MSS codes)
DYNAMIC_SIGNS = {1: "+", 2: "+/-", 3: "-"}
COMBINED_CLASSES = tuple(f"{s}{DYNAMIC_SIGNS[d]}" for s in STATUS_CLASSES for d in DYNAMIC_CLASSES)
# One colour per combined class, 1+ ... 4- row by row: a diverging blue-red ramp (ColorBrewer RdBu,
# extended to 12), high status blue, very low status red; colour-blind safe.
COMBINED_COLORS = ("#053061", "#2166ac", "#4393c3", "#92c5de", "#d1e5f0", "#f2f2f2",
                   "#fddbc7", "#f4a582", "#d6604d", "#b2182b", "#8c0d25", "#67001f")


@dataclass(frozen=True)
class IndexDefinition:
    """Configuration of a status/dynamics index (dataset.toml [index.<id>])."""

    id: str
    label: str
    status_indicators: tuple[str, ...]  # e.g. ("S1", "S2", "S3", "S4"); those without values in an edition are left out
    dynamic_indicators: tuple[str, ...]  # e.g. ("D1", "D2", "D3", "D4")
    status_cuts: tuple[float, float, float] = (-1.0, 1.0, 1.5)  # upper bounds of classes 1..3
    dynamic_cuts: tuple[float, float] = (-1.0, 1.0)  # upper bounds of positiv, stabil
    min_population: float = 300
    population_indicator: str = "EW"
    validity_indicator: str | None = None  # optional 0/1 (or class) column: areas flagged invalid do not take part
    valid_codes: tuple[float, ...] = field(default_factory=lambda: (1.0,))
    # When set, the dynamic indicators are not read from the data but computed as the change of
    # the same-named status indicators over this many years (for cities that publish no D-values).
    dynamic_change_years: int | None = None
    # Grenzfall: distance to a cut in standard deviations (None: the dataset's, else methods.borderline.DEFAULT_DISTANCE)
    borderline_distance: float | None = None


def standardise(values: pd.Series) -> pd.Series:
    """z-values with the population standard deviation (ddof=0), as the published MSS."""
    std = values.std(ddof=0)
    if not np.isfinite(std) or std == 0:
        return pd.Series(0.0, index=values.index)
    return (values - values.mean()) / std


def composite(frame: pd.DataFrame, columns: list[str]) -> pd.Series:
    """Standardised mean of the standardised columns."""
    z = frame[columns].apply(standardise)
    return standardise(z.mean(axis=1))


def status_dynamics(frame: pd.DataFrame, definition: IndexDefinition) -> pd.DataFrame:
    """Classes for one edition.

    frame: one row per area (index = area_id) with the index indicators as columns, a population
    column named as definition.population_indicator and, if configured, the validity column.
    Returns area_id-indexed columns: valid, status_index, status_class (1-4), dynamic_index,
    dynamic_class (1 positive, 2 stable, 3 negative), status_dynamic (the combined code, e.g. "2+/-").
    Areas that do not take part get NA classes.
    """
    valid = pd.Series(True, index=frame.index)
    if definition.population_indicator in frame:
        valid &= frame[definition.population_indicator].fillna(0) >= definition.min_population
    if definition.validity_indicator and definition.validity_indicator in frame:
        valid &= frame[definition.validity_indicator].isin(definition.valid_codes)
    status_cols = [c for c in definition.status_indicators if c in frame and frame.loc[valid, c].notna().any()]
    dynamic_cols = [c for c in definition.dynamic_indicators if c in frame and frame.loc[valid, c].notna().any()]
    if status_cols:
        valid &= frame[status_cols].notna().all(axis=1)
    if dynamic_cols:
        valid &= frame[dynamic_cols].notna().all(axis=1)
    out = pd.DataFrame(index=frame.index)
    out["valid"] = valid
    rated = frame.loc[valid]
    status = composite(rated, status_cols) if status_cols else pd.Series(np.nan, index=rated.index)
    dynamic = composite(rated, dynamic_cols) if dynamic_cols else pd.Series(np.nan, index=rated.index)
    c1, c2, c3 = definition.status_cuts
    status_class = pd.Series(np.select([status < c1, status <= c2, status <= c3], [1, 2, 3], 4), index=rated.index)
    status_class[status.isna()] = 0
    d1, d2 = definition.dynamic_cuts
    dynamic_class = pd.Series(np.select([dynamic < d1, dynamic <= d2], [1, 2], 3), index=rated.index).astype("Int64")
    dynamic_class[dynamic.isna()] = pd.NA
    out["status_index"] = status
    out["status_class"] = status_class.where(status_class > 0).astype("Int64")
    out["dynamic_index"] = dynamic
    out["dynamic_class"] = dynamic_class
    combined = [
        f"{s}{DYNAMIC_SIGNS[int(d)]}" if pd.notna(s) and pd.notna(d) else None
        for s, d in zip(out["status_class"], out["dynamic_class"])
    ]
    out["status_dynamic"] = combined
    return out


# -- why did the class change? (issue 17 part 4, docs/methods.md „Warum sich die Klasse änderte“) ------------
RESTANDARDISATION = "restandardisation"  # the part id of the re-standardisation term


@dataclass(frozen=True)
class IndexTerms:
    """One edition's index written as a weighted sum: S = Σ_i w·z_i − offset over the valid areas.

    z: valid areas x the edition's indicators (population-SD z-values); weight w = 1/(k σ) and
    offset μ/σ, where μ, σ are mean and population SD of the mean z-value m (both 0 when σ is 0, as
    standardise gives 0 then); index: the index of the valid areas; classes: status_dynamics' column."""

    z: pd.DataFrame
    weight: float
    offset: float
    index: pd.Series
    classes: pd.Series


def index_terms(frame: pd.DataFrame, definition: IndexDefinition, part: str = "status") -> IndexTerms:
    """The terms of the status (part "status") or dynamics index ("dynamic") of one edition; frame as status_dynamics takes it."""
    if part not in ("status", "dynamic"):
        raise ValueError(f"index_terms: part {part!r} is neither 'status' nor 'dynamic'")
    table = status_dynamics(frame, definition)
    valid = table["valid"].astype(bool)
    wanted = definition.status_indicators if part == "status" else definition.dynamic_indicators
    # the same columns as status_dynamics: those with a value among the valid areas
    columns = [c for c in wanted if c in frame and frame.loc[valid, c].notna().any()]
    rated = frame.loc[valid, columns].astype(float)
    z = rated.apply(standardise) if columns else pd.DataFrame(index=rated.index)
    weight = offset = 0.0
    if columns and len(rated):
        mean_z = z.mean(axis=1)
        mu, sigma = float(mean_z.mean()), float(mean_z.std(ddof=0))
        if np.isfinite(sigma) and sigma != 0:
            weight, offset = 1.0 / (len(columns) * sigma), mu / sigma
    index = table.loc[valid, f"{part}_index"].astype(float)
    return IndexTerms(z, weight, offset, index, table.loc[valid, f"{part}_class"])


@dataclass(frozen=True)
class IndexChange:
    """Decomposition of S_after − S_before per area (decompose_index_change).

    parts: tidy, one row per area and part: area_id, part (indicator id | RESTANDARDISATION), contribution,
    z_before, z_after (NaN where the indicator is not in that edition), in_before, in_after (the indicator is
    part of that edition's index). areas: index area_id: index_before, index_after, change, class_before,
    class_after, reason (None = decomposed; "only_before" / "only_after" = rated in one edition only)."""

    parts: pd.DataFrame
    areas: pd.DataFrame


def decompose_index_change(before: IndexTerms, after: IndexTerms) -> IndexChange:
    """Exact decomposition of the change of an area's index between two editions.

    S_t = Σ_i w_t z_it − μ_t/σ_t with w_t = 1/(k_t σ_t) (an indicator missing in an edition has z = 0 there), so
    S_2 − S_1 = Σ_i w_1 (z_i2 − z_i1)  +  [Σ_i (w_2 − w_1) z_i2 − (μ_2/σ_2 − μ_1/σ_1)].
    The first sum is each indicator's contribution (its z-change weighted as in the earlier edition; an indicator
    that left the index contributes −w_1 z_i1, a new one w_1 z_i2); the bracket is the re-standardisation (the new
    edition's weight and centre, including a changed number of indicators). The parts sum to the change up to
    floating-point rounding. Areas rated in only one edition get no parts, only their reason."""
    both = before.index.index.intersection(after.index.index, sort=False)
    indicators = list(before.z.columns) + [c for c in after.z.columns if c not in before.z.columns]
    z1 = before.z.reindex(index=both, columns=indicators)
    z2 = after.z.reindex(index=both, columns=indicators)
    contrib = before.weight * (z2.fillna(0.0) - z1.fillna(0.0))
    restandardisation = (after.weight - before.weight) * z2.fillna(0.0).sum(axis=1) - (after.offset - before.offset)
    rows = []
    for indicator in indicators:
        rows.append(pd.DataFrame({"area_id": both, "part": indicator, "contribution": contrib[indicator].to_numpy(),
                                  "z_before": z1[indicator].to_numpy(), "z_after": z2[indicator].to_numpy(),
                                  "in_before": indicator in before.z.columns, "in_after": indicator in after.z.columns}))
    rows.append(pd.DataFrame({"area_id": both, "part": RESTANDARDISATION, "contribution": restandardisation.to_numpy(),
                              "z_before": np.nan, "z_after": np.nan, "in_before": True, "in_after": True}))
    parts = pd.concat(rows, ignore_index=True) if len(both) else pd.DataFrame(
        columns=["area_id", "part", "contribution", "z_before", "z_after", "in_before", "in_after"])
    if len(both):  # area by area, indicators in index order, the re-standardisation last
        order = {aid: n for n, aid in enumerate(both)}
        parts = parts.sort_values("area_id", key=lambda s: s.map(order), kind="stable").reset_index(drop=True)
    ids = list(before.index.index) + [a for a in after.index.index if a not in before.index.index]
    areas = pd.DataFrame(index=pd.Index(ids, name="area_id"))
    areas["index_before"] = before.index.reindex(areas.index)
    areas["index_after"] = after.index.reindex(areas.index)
    areas["change"] = areas["index_after"] - areas["index_before"]
    areas["class_before"] = before.classes.reindex(areas.index).astype("Int64")
    areas["class_after"] = after.classes.reindex(areas.index).astype("Int64")
    areas["reason"] = [None if b and a else ("only_before" if b else "only_after")
                       for b, a in zip(areas["index_before"].notna(), areas["index_after"].notna())]
    return IndexChange(parts, areas)
