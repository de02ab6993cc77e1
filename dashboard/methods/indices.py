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
