"""Rank and percentile of every value of one indicator among the areas of one level and year.

Pure: values in (a Series indexed by area id, the *published* values only – see below), numbers out, no text.
The words are made by dashboard/present.py (standing_text) and the rule is stated in docs/methods.md,
„Perzentil und Rang“.

The rule
- Only the values given take part: the caller passes Monitor.rated_values (in public mode the published,
  rounded values; withheld and missing values removed). An area without a value gets no standing, and
  n counts the values given. Ranks and shares are therefore a function of the published values alone.
- Order: the favourable end first. higher_is_worse: the lowest value is the most favourable;
  higher_is_better: the highest; neutral: ranked by size, the highest first ("ahead" then means "higher").
- rank = 1 + the number of areas strictly ahead (competition ranking: equal values share the better rank,
  as reports/profile.rank_order always did). Rank 1 = the most favourable (neutral: the highest) value.
- ahead / behind = the number of *other* areas with a strictly more / less favourable (neutral: higher /
  lower) value. Equal values are neither: a tie is never counted as "günstiger" or "ungünstiger".
- The share is taken of the other areas (n − 1) and rounded down, so the sentence never says more than the
  counts: "ungünstiger als 85 % der übrigen Planungsräume" means at least 85 % of the other areas have a
  strictly more favourable value. side says which sentence is the stronger one: "below" (it is behind more
  areas than it is ahead of: ungünstiger / niedriger), "above" (günstiger / höher), "middle" (as many ahead
  as behind, and some of each), None (n < 2, or the larger share is under 1 %: every other area, or all but
  a handful of hundreds, has the same value; the rank alone is given then).
- Class indicators (kind "class", e.g. the MSS status index or its status/dynamics classes) get no standing:
  their codes are labels of an ordinal grouping, not measurements. A combined class (Status/Dynamik "1−" = 15
  before "2+" = 21) is no order at all, and where the codes are ordered, hundreds of areas share each class, so
  a share "in a less favourable class than x %" says little beyond the class itself, which the legend shows with
  its colour.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

COLUMNS = ["rank", "n", "ahead", "behind", "side", "percent"]


def standings(values: pd.Series, polarity: str, kind: str = "share") -> pd.DataFrame:
    """For each area (the index of `values`) its rank, n, ahead, behind, side and percent (module docstring).

    Missing values (None/NaN/inf) are dropped first: they take no rank and are not counted. The result is
    indexed like the finite values, in their order; a class indicator gives an empty frame."""
    numbers = pd.to_numeric(values, errors="coerce").astype(float)
    numbers = numbers[np.isfinite(numbers.to_numpy())]
    if kind == "class":
        numbers = numbers.iloc[0:0]
    n = len(numbers)
    # the favourable end first: a key that grows from the most to the least favourable value
    key = numbers.to_numpy() if polarity == "higher_is_worse" else -numbers.to_numpy()
    ordered = np.sort(key)
    ahead = np.searchsorted(ordered, key, side="left")  # strictly smaller key: strictly more favourable
    behind = n - np.searchsorted(ordered, key, side="right")  # strictly larger key: strictly less favourable
    others = n - 1
    larger = np.maximum(ahead, behind)
    shares = np.floor(100 * larger / max(others, 1) + 1e-9).astype(int)
    worded = (others >= 1) & (shares > 0)  # no sentence for n < 2 or a larger share under 1 %
    side = np.where(ahead > behind, "below", np.where(behind > ahead, "above", "middle")).astype(object)
    side[~worded] = None
    percent = shares.astype(object)
    percent[~worded] = None
    frame = pd.DataFrame({"rank": (ahead + 1).astype(int), "n": n, "ahead": ahead.astype(int),
                          "behind": behind.astype(int), "side": pd.Series(side, dtype=object),
                          "percent": pd.Series(percent, dtype=object)}, columns=COLUMNS)
    frame.index = numbers.index
    return frame


def share_percent(count: int, total: int) -> int:
    """count of total in whole percent, rounded down (never more than the counts say)."""
    return math.floor(100 * count / total + 1e-9) if total > 0 else 0


def ranks(values: pd.Series, polarity: str) -> pd.Series:
    """Rank 1 = most favourable (neutral: highest), ties share the better rank; missing values get no rank (NA).
    The same order as standings(); indexed like `values`."""
    ascending = polarity == "higher_is_worse"
    return pd.to_numeric(values, errors="coerce").astype(float).rank(method="min", ascending=ascending, na_option="keep")
