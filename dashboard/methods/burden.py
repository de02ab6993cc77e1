"""Multiple burden (Mehrfachbelastung, docs/methods.md, „Mehrfachbelastung“).

For every indicator of a rule, an area is rated "hoch" (burdened) by one criterion:
- class:     the published class equals the given code (e.g. 3 = hoch, Umweltgerechtigkeit);
- quantile:  among the worst share of areas in that year (e.g. 0.25 = worst quarter), polarity-aware;
- zscore:    at least the given number of standard deviations worse than the mean, polarity-aware;
- threshold: worse than an absolute value (e.g. the registry's Schwellenwert), polarity-aware.
The burden count is the number of indicators rated hoch; areas with at least k are multiply
burdened. Areas lacking a value for an indicator are not rated for it (NA), and areas with no
rated indicator at all are "nicht bewertet".
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from dashboard.methods.classify import categorical_palette

RULES = ("class", "quantile", "zscore", "threshold")


@dataclass(frozen=True)
class BurdenCriterion:
    indicator_id: str
    rule: str  # one of RULES
    value: float  # class code | share of areas | z cut | threshold
    polarity: str = "higher_is_worse"
    dimension: str = ""
    label: str = ""


@dataclass(frozen=True)
class BurdenRule:
    id: str
    label: str
    criteria: tuple[BurdenCriterion, ...]
    min_count: int = 3
    official: bool = False
    borderline_distance: float | None = None  # Grenzfall (methods.borderline), in standard deviations; None: the dataset's

    def with_changes(self, enabled: set[str] | None = None, min_count: int | None = None,
                     rule: str | None = None, value: float | None = None) -> BurdenRule:
        """A scenario derived from this rule: some indicators off, another k, another cut rule."""
        criteria = tuple(c for c in self.criteria if enabled is None or c.indicator_id in enabled)
        if rule is not None:
            criteria = tuple(replace(c, rule=rule, value=value if value is not None else c.value) for c in criteria)
        return replace(self, criteria=criteria, min_count=self.min_count if min_count is None else min_count,
                       official=False, id=f"{self.id}-szenario")


def burden_palette(n_criteria: int) -> list[str]:
    """Colours for the burden counts 0..n_criteria, light to dark. Sized by the rule a scenario is derived
    from, so a count keeps its colour in every scenario of that rule (slides stay comparable)."""
    return categorical_palette("higher_is_worse", max(n_criteria, 1) + 1)


def rate(values: pd.Series, criterion: BurdenCriterion) -> pd.Series:
    """True/False per area (NA where the value is missing) for one indicator's values."""
    v = pd.to_numeric(values, errors="coerce").astype(float)
    worse_high = criterion.polarity != "higher_is_better"
    if criterion.rule == "class":
        hit = v == criterion.value
    elif criterion.rule == "quantile":
        share = float(criterion.value)
        q = v.quantile(1 - share) if worse_high else v.quantile(share)
        hit = v >= q if worse_high else v <= q
    elif criterion.rule == "zscore":
        std = v.std(ddof=0)
        z = (v - v.mean()) / std if std else v * 0
        hit = z >= criterion.value if worse_high else z <= -criterion.value
    elif criterion.rule == "threshold":
        hit = v >= criterion.value if worse_high else v <= criterion.value
    else:
        raise ValueError(f"Unbekannte Regel {criterion.rule!r} (erlaubt: {', '.join(RULES)}).")
    return hit.astype("boolean").mask(v.isna())


def burden_table(wide: pd.DataFrame, rule: BurdenRule) -> pd.DataFrame:
    """Rate every area of a wide frame (index area_id, one column per indicator).

    Returns index area_id with: one boolean column per indicator (NA = not rated), burden_count,
    burdens (list of indicator ids rated hoch, in rule order), dimensions (list), rated (bool),
    multiple (count >= k).
    """
    out = pd.DataFrame(index=wide.index)
    for criterion in rule.criteria:
        column = wide[criterion.indicator_id] if criterion.indicator_id in wide else pd.Series(np.nan, index=wide.index)
        out[criterion.indicator_id] = rate(column, criterion)
    ids = [c.indicator_id for c in rule.criteria]
    flags = out[ids].fillna(False).astype(bool) if ids else pd.DataFrame(index=wide.index)
    out["burden_count"] = flags.sum(axis=1).astype(int) if ids else 0
    dimension_of = {c.indicator_id: c.dimension for c in rule.criteria}
    matrix = flags.to_numpy(dtype=bool)
    out["burdens"] = [[ids[j] for j in np.flatnonzero(row)] for row in matrix] if ids else [[] for _ in wide.index]
    out["dimensions"] = [sorted({dimension_of[i] for i in b if dimension_of[i]}) for b in out["burdens"]]
    out["rated"] = out[ids].notna().any(axis=1) if ids else False
    out["multiple"] = out["rated"] & (out["burden_count"] >= rule.min_count)
    return out


def scenario_diff(official: pd.DataFrame, scenario: pd.DataFrame) -> dict[str, list[str]]:
    """Areas that enter or leave the multiply burdened set compared with the official rule."""
    before = set(official.index[official["multiple"]])
    after = set(scenario.index[scenario["multiple"]])
    return {"entered": sorted(after - before), "left": sorted(before - after)}


def burden_change(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """Between two years of a rule (burden_table of each): per area which burdens entered and which left, and
    whether it entered or left the multiply burdened set (issue 17 part 4; scenario_diff compares scenarios).

    Index area_id (areas of either table): count_before, count_after, entered, left (lists of indicator ids in
    rule order), multiple_before, multiple_after, movement ("entered" | "left" | "stayed" | "outside" |
    "not_rated": not rated in one of the years, nothing compared)."""
    ids = list(before.index) + [a for a in after.index if a not in before.index]
    b, a = before.reindex(ids), after.reindex(ids)
    rated_b = b["rated"].fillna(False).astype(bool) if "rated" in b else pd.Series(False, index=ids)
    rated_a = a["rated"].fillna(False).astype(bool) if "rated" in a else pd.Series(False, index=ids)
    out = pd.DataFrame(index=pd.Index(ids, name="area_id"))
    out["count_before"] = b["burden_count"].where(rated_b).astype("Int64")
    out["count_after"] = a["burden_count"].where(rated_a).astype("Int64")
    both = (rated_b & rated_a).to_numpy()
    order = {c: n for n, c in enumerate(before.columns)}
    entered, left = [], []
    for ok, was, now in zip(both, b["burdens"], a["burdens"]):
        was, now = (list(was) if isinstance(was, list) else []), (list(now) if isinstance(now, list) else [])
        entered.append([i for i in now if i not in was] if ok else [])
        left.append(sorted((i for i in was if i not in now), key=lambda i: order.get(i, 0)) if ok else [])
    out["entered"], out["left"] = entered, left
    out["multiple_before"] = b["multiple"].fillna(False).astype(bool).to_numpy() & rated_b.to_numpy()
    out["multiple_after"] = a["multiple"].fillna(False).astype(bool).to_numpy() & rated_a.to_numpy()
    mb, ma = out["multiple_before"].to_numpy(), out["multiple_after"].to_numpy()
    out["movement"] = np.select([~both, ~mb & ma, mb & ~ma, mb & ma], ["not_rated", "entered", "left", "stayed"], "outside")
    return out
