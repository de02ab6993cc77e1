"""Borderline classes ("Grenzfall", docs/methods.md „Grenzfälle“, issue 17 part 3).

An area is borderline when its value lies within `distance` of a class boundary, measured in standard
deviations so that one distance means the same everywhere:
- the status/dynamics index is already standardised (its cuts -1, +1, +1.5 are in standard deviations);
- a burden criterion (quantile, zscore, threshold) is measured in the standard deviation of the
  indicator's values across the areas of that year (population standard deviation, as the z-score rule),
  so 0.1 means "within a tenth of a standard deviation of the cut". The class rule uses published classes
  and has no boundary to be near.
An area exactly at a cut is borderline; an area without a value is not.
Numbers only: the words are dashboard/present.py's and the views'.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from dashboard.methods.burden import BurdenCriterion, BurdenRule, burden_table
from dashboard.methods.indices import DYNAMIC_CLASSES, STATUS_CLASSES, IndexDefinition

DEFAULT_DISTANCE = 0.1  # standard deviations (docs/methods.md „Grenzfälle“: why 0.1)
MAX_DISTANCE = 1.0
CUT_RULES = ("quantile", "zscore", "threshold")  # the criteria that have a cut to be near
_EPS = 1e-9  # 1.1 - 1.0 is 0.10000000000000009: a value a tenth from the cut is within a tenth


def resolve_distance(*candidates: float | None) -> float:
    """The first configured distance (an index's or rule's own, then the dataset's), else DEFAULT_DISTANCE."""
    return next((float(c) for c in candidates if c is not None), DEFAULT_DISTANCE)


def near_cut(values: pd.Series, cuts: Sequence[float], classes: Sequence, distance: float,
             scale: float = 1.0) -> pd.DataFrame:
    """Per area (the index of `values`): whether it lies within `distance` (in units of `scale`) of one of the
    ascending `cuts`, which cut is nearest, the classes below and above it (`classes` has one more entry than
    `cuts`, in ascending order of value) and the signed distance (value - cut) / scale.

    Columns: borderline (bool), cut (float, NaN without a value), below, above (class codes, None without a
    value), distance (float). A value exactly at a cut is borderline; NaN values are not borderline.
    """
    if len(classes) != len(cuts) + 1:
        raise ValueError(f"{len(cuts)} Grenzen brauchen {len(cuts) + 1} Klassen (erhalten: {len(classes)}).")
    v = pd.to_numeric(values, errors="coerce").astype(float).to_numpy()
    out = pd.DataFrame(index=values.index)
    has = np.isfinite(v)
    usable = has & bool(len(cuts)) & np.isfinite(scale) & (scale > 0)
    if not len(cuts):
        cut_arr = np.full(len(v), np.nan)
        nearest = np.zeros(len(v), dtype=int)
    else:
        c = np.asarray(cuts, dtype=float)
        gaps = np.abs(v[:, None] - c[None, :])
        nearest = np.where(has, np.nanargmin(np.where(np.isnan(gaps), np.inf, gaps), axis=1), 0)
        cut_arr = np.where(has, c[nearest], np.nan)
    signed = np.where(usable, (v - cut_arr) / (scale if usable.any() else 1.0), np.nan)
    out["borderline"] = usable & (np.abs(np.nan_to_num(signed, nan=np.inf)) <= distance + _EPS)
    out["cut"] = cut_arr
    known = has & bool(len(cuts))
    # object columns: a class code or None (pandas would turn None into NaN, or codes into strings)
    out["below"] = pd.Series([classes[j] if ok else None for j, ok in zip(nearest, known)], index=values.index, dtype=object)
    out["above"] = pd.Series([classes[j + 1] if ok else None for j, ok in zip(nearest, known)], index=values.index, dtype=object)
    out["distance"] = signed
    return out


def index_borderline(table: pd.DataFrame, definition: IndexDefinition, distance: float) -> pd.DataFrame:
    """Borderline status and dynamics for the classes of one edition (methods.indices.status_dynamics' frame).

    Columns status_* and dynamic_* as near_cut's (borderline, cut, below, above, distance; the classes are the
    index's codes: status 1 hoch … 4 sehr niedrig, dynamics 1 positiv … 3 negativ) and `borderline`: either.
    Areas that do not take part have no index value and are not borderline."""
    valid = table["valid"].astype(bool) if "valid" in table else pd.Series(True, index=table.index)
    status = table["status_index"].where(valid)
    dynamic = table["dynamic_index"].where(valid)
    parts = [near_cut(status, definition.status_cuts, STATUS_CLASSES, distance).add_prefix("status_"),
             near_cut(dynamic, definition.dynamic_cuts, DYNAMIC_CLASSES, distance).add_prefix("dynamic_")]
    out = pd.concat(parts, axis=1)
    out["borderline"] = out["status_borderline"] | out["dynamic_borderline"]
    return out


def criterion_cut(values: pd.Series, criterion: BurdenCriterion) -> float | None:
    """The cut of a criterion in the indicator's own units, as methods.burden.rate applies it; None for the class rule
    (published classes: no boundary to be near) or without values."""
    v = pd.to_numeric(values, errors="coerce").astype(float).dropna()
    if criterion.rule not in CUT_RULES or v.empty:
        return None
    worse_high = criterion.polarity != "higher_is_better"
    if criterion.rule == "quantile":
        share = float(criterion.value)
        return float(v.quantile(1 - share) if worse_high else v.quantile(share))
    if criterion.rule == "zscore":
        std = float(v.std(ddof=0))
        return float(v.mean() + (criterion.value if worse_high else -criterion.value) * std)
    return float(criterion.value)


def criterion_borderline(values: pd.Series, criterion: BurdenCriterion, distance: float) -> pd.DataFrame:
    """near_cut for one criterion: the cut in the indicator's units, the distance in standard deviations of its values
    across the areas (population standard deviation). The classes either side are False (not rated hoch) and True
    (hoch): below the cut False for "higher is worse", True for "higher is better"."""
    v = pd.to_numeric(values, errors="coerce").astype(float)
    cut = criterion_cut(v, criterion)
    worse_high = criterion.polarity != "higher_is_better"
    classes = (False, True) if worse_high else (True, False)
    if cut is None:
        return near_cut(v, [], [classes[0]], distance)  # nothing is borderline
    std = float(v.std(ddof=0)) if v.notna().any() else float("nan")
    return near_cut(v, [cut], classes, distance, scale=std)


def burden_borderline(wide: pd.DataFrame, rule: BurdenRule, distance: float) -> pd.DataFrame:
    """Borderline criteria of every area of a wide frame (index area_id, one column per indicator) under `rule`.

    Columns: borderline (bool: at least one criterion borderline), near (list of the borderline criteria's indicator ids,
    in rule order), distances ({indicator id: signed distance in standard deviations} of those), decisive: "just_in"
    ("knapp mehrfach belastet": exactly k burdens and one of them borderline) or "just_out" ("knapp nicht mehrfach
    belastet": k - 1 burdens and one rated criterion without a burden borderline), else None; deciding: the borderline
    criteria that decide so (list)."""
    table = burden_table(wide, rule)
    near: dict[str, list[str]] = {aid: [] for aid in wide.index}
    distances: dict[str, dict[str, float]] = {aid: {} for aid in wide.index}
    for criterion in rule.criteria:
        column = wide[criterion.indicator_id] if criterion.indicator_id in wide else pd.Series(np.nan, index=wide.index)
        flags = criterion_borderline(column, criterion, distance)
        for aid, d in zip(flags.index[flags["borderline"]], flags.loc[flags["borderline"], "distance"]):
            near[aid].append(criterion.indicator_id)
            distances[aid][criterion.indicator_id] = float(d)
    k = rule.min_count
    decisive, deciding = [], []
    for aid, count, multiple, rated, burdens in zip(table.index, table["burden_count"], table["multiple"], table["rated"],
                                                    table["burdens"]):
        ids = near[aid]
        if multiple and count == k and (hit := [i for i in ids if i in burdens]):
            decisive.append("just_in"), deciding.append(hit)
        elif rated and count == k - 1 and (hit := [i for i in ids if i not in burdens and pd.notna(table.at[aid, i])]):
            decisive.append("just_out"), deciding.append(hit)
        else:
            decisive.append(None), deciding.append([])
    out = pd.DataFrame(index=wide.index)
    out["borderline"] = [bool(near[a]) for a in wide.index]
    out["near"] = [near[a] for a in wide.index]
    out["distances"] = [distances[a] for a in wide.index]
    out["decisive"] = pd.Series(decisive, index=wide.index, dtype=object)
    out["deciding"] = deciding
    return out
