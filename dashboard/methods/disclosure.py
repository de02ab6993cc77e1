"""Statistical disclosure control for public mode (docs/methods.md, section "Geheimhaltung").

Withholding a small-number cell is not enough: published cells must not allow it to be derived
(parent minus children, sums of groups, counts times shares, full-precision floats). This module
decides, for every cell of a dataset (area x indicator x year), whether public mode publishes it,
and audits the decision by linear programming. Pure functions on DataFrames; no Dash, no DuckDB.

The rules, in order:

1. **Primary suppression** of ratio cells (shares, rates, weighted means): the registry's
   min_denominator / min_numerator and the dataset's min_population ("nicht bewertet"), as in
   `methods.suppress.suppression_mask`.
2. **Primary suppression of counts**, area by area: every count cell of an area-year (the
   population and every other count indicator) is withheld together — a *count block* — when the
   area is not rated (population below min_population) or when one of its withheld ratio cells has
   a numerator or denominator that a count indicator publishes (e.g. Berlin's ANT_65U = EW_65U / EW).
   Counts are withheld as a block because the counts of one area are tied to each other (EW is the
   sum of the age groups) and, through the published shares, to the population.
3. **Secondary suppression of counts**: in every additive relation parent = sum of children (at
   every level, up to the city) the count blocks withheld are never exactly one — if only one
   member is withheld, the smallest published child's block is withheld too (or the parent's, if
   it has no other child). Repeated until no relation has a single withheld member. A complementary
   count block also withholds the area's ratio cells whose numerator or denominator is a count
   (otherwise the complement's composition, and with it the withheld area's, would be known).
   The same rule holds for ratio cells, indicator by indicator: no relation with exactly one
   withheld cell (the complement is the published child with the smallest denominator).
   Complements are the same areas in every year, and an area withheld in one year (as primary or
   complement) stays withheld in all years of its parent: values change little from year to year.
4. **Rounding**: every published value is rounded to the indicator's display precision on the
   server (`publish`); full-precision floats of a share are exact fractions and reveal the counts.
5. **Audit** (`audit`): for every withheld cell, the feasible interval of its numerator count and
   of its value is computed by linear programming (scipy's HiGHS) subject to everything that is
   published — the hierarchy sums for every count quantity, linear identities among the counts of
   one area (found in the data: EW = sum of the age groups), published counts exactly, published
   values ± half a unit of their last decimal, non-negativity and numerator <= denominator for
   shares. A cell is protected when the interval reaches at least `protection_level` below and
   above the true value (section "Schutzkriterium und Audit" in docs/methods.md).
6. Where the audit finds an exposed cell, `protect` withholds the smallest published sibling of
   that cell as well and audits again (at most a few rounds).

Everything derived that public mode shows ("zusammen", ranks, differences, burden totals) is
computed from the published cells only, so it cannot add information the audit has not seen.
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from dashboard.methods.suppress import suppression_mask

RATIO_AGGREGATIONS = ("ratio_of_sums", "weighted_mean")
PRIMARY, SECONDARY = "primär", "sekundär"
CELL = ["area_id", "indicator_id", "year"]


@dataclass(frozen=True)
class CellRule:
    """What the disclosure rules need to know of one indicator (from the registry)."""

    indicator_id: str
    kind: str  # share | rate | count | mean | class | index
    aggregation: str  # ratio_of_sums | sum | weighted_mean | none
    scale: float = 100.0
    decimals: int = 1
    min_numerator: float = 0
    min_denominator: float = 0
    population_rule: bool = True  # the dataset's min_population applies
    weight: str | None = None  # weighted_mean: the indicator whose value is the weight

    @property
    def is_count(self) -> bool:
        return self.kind == "count" and self.aggregation == "sum"

    @property
    def is_ratio(self) -> bool:
        return self.aggregation in RATIO_AGGREGATIONS and not self.is_count


@dataclass(frozen=True)
class Protection:
    """How wide the feasible interval of a withheld count must be: at least
    max(absolute, relative * count) below and above the true value (capped at 0 and, for a share's
    numerator, at its denominator)."""

    absolute: float = 3.0
    relative: float = 0.1

    def level(self, count: float) -> float:
        return max(self.absolute, self.relative * abs(count))


# -- structure: which count quantities exist and how they are tied ------------------------------------
@dataclass
class Structure:
    """The additive structure of a dataset, known to anyone who reads its definitions.

    quantity: indicator_id -> (numerator quantity, denominator quantity) for ratio indicators and
    (quantity, None) for counts; quantities are count vectors over (area, year). canon[year] maps
    each quantity to its representative in that year: two quantities that are equal there are one
    (a share's denominator that *is* the population). relations: per year, linear identities among
    the representatives of one area (rows of coefficients over relation_names[year]).
    hierarchy: per (quantity, year) whether parent = sum of children holds in the data.
    """

    quantity: dict[str, tuple[str, str | None]]
    true: dict[str, pd.Series]  # quantity -> values indexed by (area_id, year)
    canon: dict[int, dict[str, str]]
    relations: dict[int, np.ndarray]
    relation_names: dict[int, list[str]]
    hierarchy: dict[tuple[str, int], bool]
    nonnegative: dict[str, bool]
    share_pairs: list[tuple[str, str]]  # (numerator, denominator) of shares: numerator <= denominator

    def names(self, year: int) -> list[str]:
        return sorted(set(self.canon.get(year, {}).values()))


def ratio_parts(cells: pd.DataFrame, rules: dict[str, CellRule]) -> dict[str, tuple[pd.Series, pd.Series]]:
    """(numerator, denominator) vectors indexed by (area_id, year) for every ratio indicator.

    A weighted mean is a ratio too: value * weight over weight (its parent is the weighted mean of
    its children exactly as a share's parent is the ratio of their sums).
    """
    out: dict[str, tuple[pd.Series, pd.Series]] = {}
    by_indicator = {k: g.set_index(["area_id", "year"]) for k, g in cells.groupby("indicator_id", sort=False)}
    for indicator_id, rule in rules.items():
        own = by_indicator.get(indicator_id)
        if own is None or not rule.is_ratio:
            continue
        if rule.aggregation == "ratio_of_sums":
            num, den = own["numerator"].astype(float), own["denominator"].astype(float)
            if num.isna().all() or den.isna().all():
                continue
        else:
            weight = by_indicator.get(rule.weight or "")
            if weight is None:
                continue
            den = weight["value"].astype(float).reindex(own.index)
            num = own["value"].astype(float) * den
        keep = num.notna() & den.notna()
        out[indicator_id] = (num[keep], den[keep])
    return out


def _same(a: pd.Series, b: pd.Series) -> bool:
    """Two count vectors describe the same quantity: equal wherever both exist, overlapping mostly."""
    common = a.index.intersection(b.index)
    if len(common) == 0 or len(common) < 0.9 * min(len(a), len(b)):
        return False
    x, y = a.loc[common].to_numpy(dtype=float), b.loc[common].to_numpy(dtype=float)
    return bool(np.allclose(x, y, rtol=0, atol=1e-6 * max(1.0, float(np.nanmax(np.abs(x))))))


def structure(cells: pd.DataFrame, rules: dict[str, CellRule], parent_of: dict[str, str | None]) -> Structure:
    """Find the count quantities, their identities and the linear relations among them (from the data)."""
    vectors: dict[str, pd.Series] = {}
    nonneg: dict[str, bool] = {}
    quantity: dict[str, tuple[str, str | None]] = {}
    counts = cells[cells["indicator_id"].isin([k for k, r in rules.items() if r.is_count])]
    for indicator_id, group in counts.groupby("indicator_id", sort=True):
        vectors[indicator_id] = group.set_index(["area_id", "year"])["value"].astype(float).dropna()
        nonneg[indicator_id] = True
        quantity[indicator_id] = (indicator_id, None)
    share_pairs = []
    for indicator_id, (num, den) in sorted(ratio_parts(cells, rules).items()):
        rule = rules[indicator_id]
        n, d = f"{indicator_id}:Zähler", f"{indicator_id}:Nenner"
        vectors[n], vectors[d] = num, den
        nonneg[d] = True
        nonneg[n] = bool((num >= 0).all())  # counts of people, moves, noise-weighted people: known to be >= 0
        quantity[indicator_id] = (n, d)
        if rule.kind == "share" and bool((num <= den).all()):
            share_pairs.append((n, d))
    order = list(vectors)  # counts first: a share's numerator that equals a count is represented by the count
    canon: dict[int, dict[str, str]] = {}
    by_year = {name: {int(y): s.droplevel(1) for y, s in vector.groupby(level=1)} for name, vector in vectors.items()}
    years = sorted({y for per in by_year.values() for y in per})
    for year in years:
        reps: list[str] = []
        mapping: dict[str, str] = {}
        for name in order:
            vector = by_year[name].get(year)
            if vector is None:
                continue
            rep = next((r for r in reps if _same(vector, by_year[r][year])), None)
            if rep is None:
                reps.append(name)
                rep = name
            mapping[name] = rep
        canon[year] = mapping
    for year, mapping in canon.items():  # a representative is non-negative if any of its members is
        for name, rep in mapping.items():
            nonneg[rep] = nonneg[rep] or nonneg[name]
    relations, relation_names = _relations(vectors, canon)
    hierarchy = _hierarchy_holds(vectors, parent_of)
    return Structure(quantity, vectors, canon, relations, relation_names, hierarchy, nonneg, share_pairs)


def published_counts(struct: Structure, rules: dict[str, CellRule]) -> dict[tuple[str, int], tuple[str | None, str | None]]:
    """(indicator_id, year) -> (count indicator equal to its numerator, count indicator equal to its
    denominator), None where no count indicator publishes that quantity in that year."""
    counts = {k for k, r in rules.items() if r.is_count}
    out = {}
    for year, mapping in struct.canon.items():
        members: dict[str, str] = {}
        for name, rep in mapping.items():
            if name in counts:
                members.setdefault(rep, name)
        for indicator_id, (n, d) in struct.quantity.items():
            if indicator_id in counts or n not in mapping:
                continue
            out[(indicator_id, year)] = (members.get(mapping[n]), members.get(mapping.get(d)) if d else None)
    return out


def tied_to_counts(struct: Structure, rules: dict[str, CellRule]) -> set[str]:
    """Ratio indicators whose numerator or denominator is a count indicator in some year."""
    counts = {k for k, r in rules.items() if r.is_count}
    tied = set()
    for indicator_id, (n, d) in struct.quantity.items():
        if indicator_id in counts:
            continue
        if any(mapping.get(n) in counts or mapping.get(d) in counts for mapping in struct.canon.values()):
            tied.add(indicator_id)
    return tied


def _relations(vectors: dict[str, pd.Series], canon: dict[int, dict[str, str]]) -> tuple[dict[int, np.ndarray], dict[int, list[str]]]:
    """Per year: a basis of the linear identities that hold among the quantities of every area
    (e.g. EW - sum of the age groups = 0), from the null space of the (areas x quantities) matrix."""
    from scipy.linalg import null_space

    out: dict[int, np.ndarray] = {}
    used: dict[int, list[str]] = {}
    for year, mapping in canon.items():
        reps = sorted(set(mapping.values()))
        block = pd.DataFrame({r: vectors[r][vectors[r].index.get_level_values(1) == year].droplevel(1) for r in reps})
        present = [c for c in reps if block[c].notna().mean() > 0.99]
        rows = block[present].dropna()
        if len(present) < 2 or len(rows) < len(present) + 2:
            continue
        matrix = rows.to_numpy(dtype=float)
        scale = np.maximum(np.abs(matrix).max(axis=0), 1.0)
        basis = null_space(matrix / scale, rcond=1e-10)
        if basis.shape[1] == 0:
            continue
        coefficients = _exact_rows((basis / scale[:, None]).T)  # back to the unscaled quantities, as small fractions
        if len(coefficients) == 0:
            continue
        residual = np.abs(matrix @ coefficients.T).max(axis=0)
        keep = residual <= 1e-9 * max(1.0, np.abs(matrix).max())  # identities hold exactly, or they are no identities
        if keep.any():
            out[int(year)] = coefficients[keep]
            used[int(year)] = present
    return out, used


def _exact_rows(basis: np.ndarray) -> np.ndarray:
    """The same row space in reduced row echelon form with small rational coefficients (EW - K - O = 0
    rather than a rotated mixture): exact identities of counts have coefficients like 1 and -1, and the
    LP gets rows it can satisfy to its tolerance at city scale."""
    from fractions import Fraction

    rows = basis.astype(float).copy()
    pivot_row = 0
    for column in range(rows.shape[1]):
        if pivot_row >= rows.shape[0]:
            break
        best = pivot_row + int(np.argmax(np.abs(rows[pivot_row:, column])))
        if abs(rows[best, column]) < 1e-9:
            continue
        rows[[pivot_row, best]] = rows[[best, pivot_row]]
        rows[pivot_row] /= rows[pivot_row, column]
        for other in range(rows.shape[0]):
            if other != pivot_row:
                rows[other] -= rows[other, column] * rows[pivot_row]
        pivot_row += 1
    rows = rows[:pivot_row]
    return np.array([[float(Fraction(v).limit_denominator(1000)) if abs(v) > 1e-9 else 0.0 for v in row] for row in rows])


def _hierarchy_holds(vectors: dict[str, pd.Series], parent_of: dict[str, str | None]) -> dict[tuple[str, int], bool]:
    out = {}
    parents = pd.Series(parent_of, dtype=object)
    for name, vector in vectors.items():
        frame = vector.rename("v").reset_index()
        frame["parent"] = frame["area_id"].map(parents)
        sums = frame.dropna(subset=["parent"]).groupby(["parent", "year"])["v"].sum()
        own = vector.reindex(sums.index)
        for year in frame["year"].unique():
            mask = sums.index.get_level_values(1) == year
            a, b = sums[mask].to_numpy(), own[mask].to_numpy()
            ok = len(a) > 0 and not np.isnan(b).any() and np.allclose(a, b, rtol=1e-9, atol=1e-6)
            out[(name, int(year))] = bool(ok)
    return out


# -- suppression -------------------------------------------------------------------------------------------
def primary(cells: pd.DataFrame, rules: dict[str, CellRule], min_population: float,
            tied: set[str]) -> tuple[pd.Series, set[tuple[str, int]]]:
    """Primary suppression: (mask over cells, count blocks withheld). tied: ratio indicators whose
    numerator or denominator a count indicator publishes (their withheld cells withhold the counts)."""
    ids = cells["indicator_id"]
    known = ids.isin(list(rules))
    ratio_mask = suppression_mask(
        cells,
        min_denominator=ids.map({k: r.min_denominator for k, r in rules.items()}).fillna(0).to_numpy(dtype=float),
        min_numerator=ids.map({k: r.min_numerator for k, r in rules.items()}).fillna(0).to_numpy(dtype=float),
        min_population=min_population,
        applies_population_rule=ids.map({k: r.population_rule and not r.is_count for k, r in rules.items()})
                                   .fillna(True).to_numpy(dtype=bool),
    ) & known
    is_count = _is_count(cells, rules)
    small = pd.to_numeric(cells["population"], errors="coerce") < min_population
    blocks = set(zip(cells.loc[small, "area_id"], cells.loc[small, "year"].astype(int)))
    withheld_tied = cells[ratio_mask & ids.isin(list(tied))]
    blocks |= set(zip(withheld_tied["area_id"], withheld_tied["year"].astype(int)))
    return (ratio_mask & ~is_count) | (_in_blocks(cells, blocks) & is_count), blocks


def _is_count(cells: pd.DataFrame, rules: dict[str, CellRule]) -> pd.Series:
    return cells["indicator_id"].map({k: r.is_count for k, r in rules.items()}).fillna(False).astype(bool)


def protected_cells(cells: pd.DataFrame, primary_mask: pd.Series) -> set[tuple[str, str, int]]:
    """The cells the small-number rules protect: primary suppression, except estimates.

    An estimate (e.g. a count carried onto a new area scheme by area weights) is not an observation of
    a few people; it is still withheld where the rules say so, but it is not a secret the audit guards
    (it is computed from the published figures of the other scheme)."""
    estimate = cells["estimate"].fillna(False).astype(bool) if "estimate" in cells else pd.Series(False, index=cells.index)
    hit = cells[primary_mask.to_numpy() & ~estimate.to_numpy()]
    return set(zip(hit["area_id"], hit["indicator_id"], hit["year"].astype(int)))


def _in_blocks(cells: pd.DataFrame, blocks: set[tuple[str, int]]) -> pd.Series:
    keys = pd.MultiIndex.from_arrays([cells["area_id"], cells["year"].astype(int)])
    return pd.Series(keys.isin(list(blocks)) if blocks else np.zeros(len(cells), bool), index=cells.index)


def secondary_blocks(blocks: set[tuple[str, int]], population: pd.Series,
                     parent_of: dict[str, str | None]) -> set[tuple[str, int]]:
    """Close the withheld count blocks so that no relation parent = sum of children has exactly one
    withheld member. population: indexed by (area_id, year).

    The complement is the same area in every year (the smallest published child by its mean population
    over the years, and once chosen for a parent, chosen again): a complement that changed from year to
    year would be published in a neighbouring year, and counts change little from one year to the next."""
    sizes = {}
    for (area, _), value in population.items():
        if value == value:
            sizes.setdefault(area, []).append(float(value))
    stable = {a: float(np.mean(v)) for a, v in sizes.items()}
    return _close(set(blocks), {y: {a for (a, yy), v in population.items() if yy == y and v == v}
                               for y in sorted({y for _, y in population.index})}, stable, parent_of)


def _close(withheld: set[tuple[str, int]], present: dict[int, set[str]], size: dict[str, float],
           parent_of: dict[str, str | None]) -> set[tuple[str, int]]:
    primary = set(withheld)
    """The closure behind secondary_blocks and secondary_ratios: per year, every relation
    parent = sum of children with exactly one withheld member gets a complement — the one chosen for
    that parent before if it can serve, else the smallest (stable size) published child, else the parent."""
    children: dict[str, list[str]] = defaultdict(list)
    for child, parent in parent_of.items():
        if parent is not None:
            children[parent].append(child)
    chosen: dict[str, str] = {}
    for year, areas in sorted(present.items()):
        groups = [(p, [c for c in kids if c in areas]) for p, kids in children.items() if p in areas]
        changed = True
        while changed:
            changed = False
            for parent, kids in groups:
                if not kids or len([m for m in (parent, *kids) if (m, year) in withheld]) != 1:
                    continue
                open_kids = [k for k in kids if (k, year) not in withheld]
                if chosen.get(parent) in open_kids:
                    add = chosen[parent]
                elif open_kids:
                    add = min(open_kids, key=lambda k: (size.get(k, math.inf), k))
                    chosen[parent] = add
                else:
                    add = parent
                withheld.add((add, year))
                changed = True
    widened = _persist(set(withheld), primary, present, parent_of)
    # a year that gained withheld areas is closed again (a parent can now have one withheld child … )
    return widened if widened == withheld else _close(widened, present, size, parent_of)


def _persist(withheld: set[tuple[str, int]], primary: set[tuple[str, int]], present: dict[int, set[str]],
             parent_of: dict[str, str | None]) -> set[tuple[str, int]]:
    """A protected area and its complements stay withheld over the whole time series.

    Counts change little from one year to the next. A complement published in another year gives its
    value here approximately (and exactly where an estimate was carried forward); a protected area
    published in a year in which it was not small gives its own. So within a parent, every area that is
    withheld in some year as primary or complement is withheld in every year (complement_switches and
    the audit check it)."""
    members: dict[str, set[str]] = defaultdict(set)  # parent -> areas withheld in some year
    for area, _year in withheld:
        parent = parent_of.get(area)
        if parent is not None:
            members[parent].add(area)
    for parent, areas in members.items():
        if not any((a, y) in primary for a in areas for y in present):
            continue
        for year, here in present.items():
            if parent in here:
                withheld |= {(a, year) for a in areas if a in here}
    return withheld


def secondary_ratios(cells: pd.DataFrame, mask: pd.Series, parent_of: dict[str, str | None],
                     rules: dict[str, CellRule]) -> pd.Series:
    """Complementary suppression of ratio cells, indicator by indicator: no relation "parent = sum of
    children" may have exactly one withheld member. The complement is the published child with the
    smallest mean denominator over the years (the least information lost), the same one every year."""
    out = mask.copy()
    ratio = cells["indicator_id"].map({k: r.is_ratio for k, r in rules.items()}).fillna(False).astype(bool)
    frame = cells[ratio]
    for _, group in frame.groupby("indicator_id", sort=False):
        hit = out.loc[group.index].to_numpy()
        if not hit.any():
            continue
        withheld = set(zip(group["area_id"][hit], group["year"][hit].astype(int)))
        present = {int(y): set(g["area_id"]) for y, g in group.groupby("year")}
        size = group.assign(size=group["denominator"].fillna(group["population"]).astype(float)).groupby("area_id")["size"].mean()
        closed = _close(set(withheld), present, size.fillna(0).to_dict(), parent_of)
        added = closed - withheld
        if added:
            keys = pd.MultiIndex.from_arrays([group["area_id"], group["year"].astype(int)])
            out.loc[group.index[keys.isin(list(added))]] = True
    return out


def complement_switches(cells: pd.DataFrame, withheld: pd.Series, primary_mask: pd.Series,
                        parent_of: dict[str, str | None]) -> list[tuple[str, str, int, int]]:
    """Protected areas and their complements published in another year.

    Counts and shares change little from one year to the next: if area y protects the withheld x in
    year t (x + y is known from the parent) and y is published in another year t', then x(t) is about
    parent(t) - rest(t) - y(t'); if x itself is published in t', x(t) is about x(t'). Returns
    (indicator, area, t, t') for every such case: area withheld beside a primary cell in t, published in t'."""
    frame = cells.assign(withheld=withheld.to_numpy(), primary=primary_mask.to_numpy(),
                         parent=cells["area_id"].map(parent_of), year=cells["year"].astype(int))
    found = []
    for (indicator_id, parent), group in frame[frame["parent"].notna()].groupby(["indicator_id", "parent"], sort=False):
        if not group["primary"].any():
            continue
        state = {(a, y): (w, p) for a, y, w, p in zip(group["area_id"], group["year"], group["withheld"], group["primary"])}
        primaries: dict[str, set[int]] = defaultdict(set)
        for (a, y), (_, p) in state.items():
            if p:
                primaries[a].add(y)
        all_years = sorted({y for (_, y) in state})
        for x, years in primaries.items():
            for t in years:
                # the area itself and everything withheld beside it that year (its complements)
                complements = [a for (a, y), (w, p) in state.items() if y == t and w]
                for other in set(all_years) - {t}:
                    for y_area in complements:
                        if (y_area, other) in state and not state[(y_area, other)][0]:
                            found.append((indicator_id, y_area, t, other))
    return sorted(set(found))


@dataclass
class Decision:
    """The outcome of disclosure control: which cells public mode withholds, and why."""

    withheld: pd.Series  # bool over the cells frame's index
    reason: pd.Series  # "primär" | "sekundär" | ""
    rounds: int = 0
    audit: pd.DataFrame | None = None
    stats: dict[str, Any] = field(default_factory=dict)
    struct: Structure | None = None


def round_values(values: np.ndarray, decimals: np.ndarray | int) -> np.ndarray:
    """Values at display precision (as the server sends them in public mode); NaN stays NaN.

    Python's round on each value: the same half-to-even rule everywhere a public number is made."""
    values = np.asarray(values, dtype=float)
    decimals = np.broadcast_to(np.asarray(decimals, dtype=int), values.shape)
    return np.array([round(float(v), int(d)) if v == v else np.nan for v, d in zip(values, decimals)], dtype=float)


def publish(cells: pd.DataFrame, withheld: pd.Series, rules: dict[str, CellRule]) -> pd.DataFrame:
    """The cells as public mode shows them: withheld values NaN, all others rounded to display precision.

    Counts (numerator/denominator columns) never leave in public mode; they are dropped here."""
    out = cells[["area_id", "indicator_id", "year", "value"]].copy()
    decimals = out["indicator_id"].map({k: r.decimals for k, r in rules.items()}).fillna(2).astype(int).to_numpy()
    rounded = round_values(out["value"].to_numpy(dtype=float), decimals)
    rounded[withheld.to_numpy()] = np.nan
    out["value"] = rounded
    out["withheld"] = withheld.to_numpy()
    return out


def protect(cells: pd.DataFrame, rules: dict[str, CellRule], parent_of: dict[str, str | None], min_population: float,
            protection: Protection = Protection(), max_rounds: int = 5, run_audit: bool = True,
            population_indicator: str | None = None) -> Decision:
    """Primary and secondary suppression for a whole dataset, audited (and repaired) by LP.

    cells: area_id, level, indicator_id, year, value, numerator, denominator, population (the area's
    population in that year). parent_of: area_id -> parent area_id (None for the city).
    """
    cells = cells.reset_index(drop=True)
    struct = structure(cells, rules, parent_of)
    tied = tied_to_counts(struct, rules)
    mask, blocks = primary(cells, rules, min_population, tied)
    primary_mask = mask.copy()
    protected = protected_cells(cells, mask)
    population = (cells.drop_duplicates(["area_id", "year"]).set_index(["area_id", "year"])["population"]
                  .astype(float))
    population.index = population.index.set_levels(population.index.levels[1].astype(int), level=1)
    closed = secondary_blocks(blocks, population, parent_of)
    is_count = _is_count(cells, rules)
    in_block = _in_blocks(cells, closed) & (is_count | cells["indicator_id"].isin(list(tied)))
    mask = secondary_ratios(cells, mask | in_block, parent_of, rules)
    rounds, report = 0, None
    if run_audit:
        while True:
            published = publish(cells, mask, rules)
            report = audit(published, cells, rules, parent_of, protected, struct, protection,
                           population=(population_indicator, min_population) if population_indicator else None)
            exposed = report[report["exposed"]]
            if exposed.empty or rounds >= max_rounds:
                break
            rounds += 1
            mask = mask | _repair(cells, mask, exposed, parent_of, rules)
    reason = pd.Series(np.where(primary_mask, PRIMARY, np.where(mask, SECONDARY, "")), index=cells.index)
    stats = {
        "cells": int(len(cells)),
        "primary": int(primary_mask.sum()),
        "secondary": int((mask & ~primary_mask).sum()),
        "secondary_ratio": int((mask & ~primary_mask & ~is_count).sum()),
        "secondary_count": int((mask & ~primary_mask & is_count).sum()),
        "count_blocks_primary": len(blocks), "count_blocks": len(closed),
        "rounds": rounds,
        "exposed": int(report["exposed"].sum()) if report is not None else None,
    }
    return Decision(mask, reason, rounds, report, stats, struct)


def _repair(cells: pd.DataFrame, mask: pd.Series, exposed: pd.DataFrame, parent_of: dict[str, str | None],
            rules: dict[str, CellRule]) -> pd.Series:
    """For each exposed cell, withhold the smallest published sibling cell of the same indicator and year
    (for a count: its whole count block)."""
    add = pd.Series(False, index=cells.index)
    published = cells[~mask.to_numpy()]
    by_parent = published.assign(parent=published["area_id"].map(parent_of))
    for row in exposed.itertuples(index=False):
        parent = parent_of.get(row.area_id)
        candidates = by_parent[(by_parent["parent"] == parent) & (by_parent["indicator_id"] == row.indicator_id)
                               & (by_parent["year"] == row.year)]
        if candidates.empty:
            candidates = published[(published["area_id"] == parent) & (published["indicator_id"] == row.indicator_id)
                                   & (published["year"] == row.year)]
        if candidates.empty:
            continue
        size = candidates["denominator"].fillna(candidates["population"]).fillna(candidates["value"].abs())
        chosen = candidates.loc[size.astype(float).idxmin()]
        if rules[row.indicator_id].is_count:
            block = (cells["area_id"] == chosen["area_id"]) & (cells["year"] == chosen["year"])
            add |= block & _is_count(cells, rules)
        else:
            add.loc[chosen.name] = True
    return add


# -- audit by linear programming ------------------------------------------------------------------------------
AUDIT_COLUMNS = ["area_id", "indicator_id", "year", "true_value", "value_low", "value_high", "required_low",
                 "required_high", "count_true", "count_low", "count_high", "count_required_low", "count_required_high",
                 "exposed"]


def audit(published: pd.DataFrame, cells: pd.DataFrame, rules: dict[str, CellRule], parent_of: dict[str, str | None],
          protected: set[tuple[str, str, int]], struct: Structure | None = None,
          protection: Protection = Protection(), workers: int = 1,
          population: tuple[str, float] | None = None) -> pd.DataFrame:
    """The feasible interval of every protected cell, given only what `published` shows.

    published: area_id, indicator_id, year, value (NaN = not published) — what public mode serves
    (dashboard/audit.py reads it through the public code path). cells: the true values (the structure
    and the required widths come from them). protected: the cells the rules protect (primary
    suppression); a protected cell that is published is exposed outright.
    population: (population indicator, min_population): the adversary knows the rule, so an area with a
    published cell under the population rule has at least min_population inhabitants, and an area that is
    not rated has fewer (its counts need protection only up to min_population).
    """
    struct = struct or structure(cells, rules, parent_of)
    unrated: dict[int, set[str]] = defaultdict(set)
    if population is not None:
        own = cells[cells["indicator_id"] == population[0]]
        small = own[own["value"].astype(float) < population[1]]
        for area, year in zip(small["area_id"], small["year"].astype(int)):
            unrated[year].add(area)
    pub = published.set_index(CELL)["value"].astype(float)
    truth = cells.set_index(CELL)
    rows = []
    targets_by_year: dict[int, list[tuple[str, str, int]]] = defaultdict(list)
    shown = set(pub.dropna().index)
    for key in sorted(protected):
        if key in shown:
            rows.append({**dict(zip(CELL, key)), "true_value": float(truth.loc[key, "value"]), "exposed": True})
            continue
        if key[1] in struct.quantity and key[1] in rules:
            targets_by_year[int(key[2])].append(key)
    jobs = [(year, targets, truth.loc[targets]) for year, targets in sorted(targets_by_year.items())]
    shared = (pub, struct, rules, parent_of, protection, population, unrated)
    if workers > 1 and len(jobs) > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # one year per task: the years share nothing but the (read-only) structure, handed over by fork
        global _SHARED
        _SHARED = shared
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
            for part in pool.map(_audit_year, jobs):
                rows += part
        _SHARED = None
    else:
        for job in jobs:
            rows += _audit_year(job, shared)
    return pd.DataFrame(rows, columns=AUDIT_COLUMNS)


_SHARED: tuple | None = None


def _audit_year(job, shared=None) -> list[dict]:
    year, targets, truth = job
    pub, struct, rules, parent_of, protection, population, unrated = shared or _SHARED
    model = _YearModel(year, pub, struct, rules, parent_of, population, unrated.get(year, set()))
    return [model.interval(key, truth.loc[key], rules[key[1]], protection) for key in targets]


class _YearModel:
    """Every published fact of one year as linear constraints over the unknown counts y[(area, quantity)].

    Counts published exactly are constants (substituted, so they tie nothing together); counts
    published rounded become bounds; published ratios give two inequalities each; the hierarchy and
    the identities among an area's counts are equalities. The unknowns fall apart into connected
    components; each gets one HiGHS model, re-solved warm for every target (only the objective changes).
    """

    def __init__(self, year: int, pub: pd.Series, struct: Structure, rules: dict[str, CellRule],
                 parent_of: dict[str, str | None], population: tuple[str, float] | None = None,
                 unrated: set[str] = frozenset()):
        self.year = year
        self.struct = struct
        self.canon = struct.canon.get(year, {})
        names = struct.names(year)
        self.true_rep = {name: struct.true[name][struct.true[name].index.get_level_values(1) == year].droplevel(1)
                         for name in names}
        areas = sorted({a for name in names for a in self.true_rep[name].index})
        self.var: dict[tuple[str, str], int] = {}
        for name in names:
            for area in self.true_rep[name].index:
                self.var[(area, name)] = len(self.var)
        n = len(self.var)
        self._names = list(self.var)  # variable index -> (area, quantity)
        self._integral_cache: dict[str, bool] = {}
        self.lower = np.array([0.0 if struct.nonnegative.get(name, False) else -np.inf for (_, name) in self.var])
        self.upper = np.full(n, np.inf)
        self.fixed = np.full(n, np.nan)
        year_pub = pub[pub.index.get_level_values(2) == year].dropna()
        ratio_facts = []
        for (area, indicator_id, _), value in year_pub.items():
            rule = rules.get(indicator_id)
            if rule is None or indicator_id not in struct.quantity:
                continue
            raw_num, raw_den = struct.quantity[indicator_id]
            num, den = self.rep(raw_num), self.rep(raw_den)
            half = 0.5 * 10 ** (-rule.decimals)
            if rule.is_count:
                column = self.var.get((area, num))
                if column is None:
                    continue
                if rule.decimals == 0 and self._integral(num):  # a whole number published as one: exact
                    self.fixed[column] = float(value)
                else:  # published value ± half a unit of its last decimal
                    self.lower[column] = max(self.lower[column], value - half)
                    self.upper[column] = min(self.upper[column], value + half)
                continue
            if (area, num) in self.var and (area, den) in self.var:
                factor = rule.scale if rule.aggregation == "ratio_of_sums" else 1.0
                ratio_facts.append((self.var[(area, num)], self.var[(area, den)], (value - half) / factor, (value + half) / factor))
        self.unrated, self.min_population = unrated, (population[1] if population else math.inf)
        if population is not None and self.rep(population[0]) in names:
            rated = {area for (area, indicator_id, _) in year_pub.index
                     if rules.get(indicator_id) and rules[indicator_id].population_rule and rules[indicator_id].is_ratio}
            people = self.rep(population[0])
            for area in rated | unrated:
                column = self.var.get((area, people))
                if column is None or self.fixed[column] == self.fixed[column]:
                    continue
                if area in rated:
                    self.lower[column] = max(self.lower[column], population[1])
                else:
                    self.upper[column] = min(self.upper[column], population[1])
        rows: list[tuple[list[tuple[int, float]], float, float]] = []  # (terms, lower, upper) before substitution
        children: dict[str, list[str]] = defaultdict(list)
        for child, parent in parent_of.items():
            if parent is not None:
                children[parent].append(child)
        for name in names:
            if not struct.hierarchy.get((name, year)):
                continue
            for parent, kids in children.items():
                if (parent, name) not in self.var:
                    continue
                kid_vars = [self.var[(k, name)] for k in kids if (k, name) in self.var]
                if kid_vars:
                    rows.append(([(self.var[(parent, name)], 1.0)] + [(v, -1.0) for v in kid_vars], 0.0, 0.0))
        if year in struct.relations:
            present = struct.relation_names[year]
            for coefficients in struct.relations[year]:
                needed = [(q, c) for q, c in zip(present, coefficients) if abs(c) > 1e-12]
                for area in areas:
                    if all((area, q) in self.var for q, _ in needed):
                        rows.append(([(self.var[(area, q)], c) for q, c in needed], 0.0, 0.0))
        pairs = {(self.canon[a], self.canon[b]) for a, b in struct.share_pairs if a in self.canon and b in self.canon}
        for numerator, denominator in pairs:
            for area in areas:
                if (area, numerator) in self.var and (area, denominator) in self.var:
                    rows.append(([(self.var[(area, numerator)], 1.0), (self.var[(area, denominator)], -1.0)], -np.inf, 0.0))
        for n_var, d_var, low, high in ratio_facts:
            rows.append(([(n_var, 1.0), (d_var, -high)], -np.inf, 0.0))
            rows.append(([(n_var, -1.0), (d_var, low)], -np.inf, 0.0))
        # substitute the exactly published counts; what is left ties only unknowns together
        self.rows: list[tuple[list[tuple[int, float]], float, float]] = []
        for terms, low, high in rows:
            constant = sum(c * self.fixed[v] for v, c in terms if self.fixed[v] == self.fixed[v])
            free = [(v, c) for v, c in terms if self.fixed[v] != self.fixed[v]]
            if not free:
                continue
            self.rows.append((free, low - constant, high - constant))
        row_index = np.repeat(np.arange(len(self.rows)), [len(t) for t, _, _ in self.rows])
        col_index = np.array([v for t, _, _ in self.rows for v, _ in t], dtype=np.int64)
        incidence = sparse.csr_matrix((np.ones(len(col_index)), (row_index, col_index)), shape=(len(self.rows), n))
        _, self.component = connected_components((incidence.T @ incidence).tocsr(), directed=False)
        self.row_component = np.array([self.component[t[0][0]] for t, _, _ in self.rows], dtype=np.int64)
        self._cache: dict[int, tuple] = {}

    def rep(self, name: str | None) -> str | None:
        return self.canon.get(name, name) if name else None

    def _integral(self, name: str) -> bool:
        """The quantity is a whole number in every area this year (estimates carried by area weights are not)."""
        if name not in self._integral_cache:
            values = self.true_rep[name].to_numpy(dtype=float)
            self._integral_cache[name] = bool(np.allclose(values, np.round(values), atol=1e-9))
        return self._integral_cache[name]

    def _model(self, component: int):
        """One HiGHS model per connected component, built once; targets change only the objective."""
        if component not in self._cache:
            import highspy

            columns = np.flatnonzero((self.component == component) & np.isnan(self.fixed))
            position = {int(c): i for i, c in enumerate(columns)}
            col_lower, col_upper = self.lower[columns].copy(), self.upper[columns].copy()
            chosen = []
            for i in np.flatnonzero(self.row_component == component):
                terms, low, high = self.rows[i]
                if len(terms) == 1:  # a bound, not a row (e.g. a share whose denominator is published)
                    (var, c), = terms
                    lo, hi = (low / c, high / c) if c > 0 else (high / c, low / c)
                    col_lower[position[var]] = max(col_lower[position[var]], lo)
                    col_upper[position[var]] = min(col_upper[position[var]], hi)
                else:
                    chosen.append(self.rows[i])
            homogeneous = (all(low in (0.0, -np.inf) and high in (0.0, np.inf) for _, low, high in chosen)
                           and np.isin(col_lower, (0.0, -np.inf)).all() and np.isinf(col_upper).all())
            inf = highspy.kHighsInf
            data, indices, indptr = [], [], [0]
            for terms, _, _ in chosen:
                for v, c in terms:
                    indices.append(position[v])
                    data.append(c)
                indptr.append(len(indices))
            matrix = sparse.csr_matrix((data, indices, indptr), shape=(len(chosen), len(columns))).tocsc()
            lp = highspy.HighsLp()
            lp.num_col_, lp.num_row_ = len(columns), len(chosen)
            lp.col_cost_ = np.zeros(len(columns))
            lp.col_lower_ = np.where(np.isinf(col_lower), -inf, col_lower)
            lp.col_upper_ = np.where(np.isinf(col_upper), inf, col_upper)
            lp.row_lower_ = np.array([-inf if np.isinf(low) else low for _, low, _ in chosen], dtype=float)
            lp.row_upper_ = np.array([inf if np.isinf(high) else high for _, _, high in chosen], dtype=float)
            lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
            lp.a_matrix_.start_ = matrix.indptr
            lp.a_matrix_.index_ = matrix.indices
            lp.a_matrix_.value_ = matrix.data
            highs = _quiet_highs()
            highs.setOptionValue("output_flag", False)
            highs.setOptionValue("presolve", "off")  # keep the basis between targets (warm start)
            highs.setOptionValue("simplex_strategy", 4)  # primal simplex: a new objective keeps the basis feasible
            highs.passModel(lp)
            self._cache[component] = (highs, position, homogeneous, col_lower, col_upper)
        return self._cache[component]

    def _optimum(self, costs: dict[int, float], sense: int) -> tuple[float, dict[int, float]]:
        """min (sense=1) or max (sense=-1) of a linear objective over unknowns of one component."""
        import highspy

        component = int(self.component[next(iter(costs))])
        highs, position, _, _, _ = self._model(component)
        for var, cost in costs.items():
            highs.changeColCost(position[var], cost)
        highs.changeObjectiveSense(highspy.ObjSense.kMinimize if sense == 1 else highspy.ObjSense.kMaximize)
        highs.run()
        status = highs.getModelStatus()
        if status not in (highspy.HighsModelStatus.kOptimal, highspy.HighsModelStatus.kUnbounded):
            # The warm-started primal simplex gave up or misjudged (a degenerate basis; the true values are
            # always feasible, so "infeasible" is a numerical failure): solve this one from scratch.
            highs.clearSolver()
            highs.setOptionValue("presolve", "on")
            highs.setOptionValue("simplex_strategy", 1)
            highs.run()
            status = highs.getModelStatus()
            highs.setOptionValue("presolve", "off")
            highs.setOptionValue("simplex_strategy", 4)
        value = highs.getInfo().objective_function_value
        solution = list(highs.getSolution().col_value)
        for var in costs:
            highs.changeColCost(position[var], 0.0)
        if status in (highspy.HighsModelStatus.kUnbounded, highspy.HighsModelStatus.kUnboundedOrInfeasible):
            return (-math.inf if sense == 1 else math.inf), {}
        if status != highspy.HighsModelStatus.kOptimal:
            raise RuntimeError(f"Audit-LP {self.year}: {highs.modelStatusToString(status)} "
                               "(die veröffentlichten Werte widersprechen den Zählwerten)")
        return float(value), {var: solution[position[var]] for var in position}

    def count_interval(self, var: int) -> tuple[float, float]:
        if self.fixed[var] == self.fixed[var]:
            return float(self.fixed[var]), float(self.fixed[var])
        if not np.any(self.row_component == self.component[var]):
            return float(self.lower[var]), float(self.upper[var])
        _, position, homogeneous, col_lower, col_upper = self._model(int(self.component[var]))
        if homogeneous:  # nothing published fixes the scale: any multiple of a solution is one
            return float(col_lower[position[var]]), math.inf
        low, _ = self._optimum({var: 1.0}, 1)
        high, _ = self._optimum({var: 1.0}, -1)
        return low, high

    def ratio_reaches(self, n_var: int, d_var: int, low: float, high: float) -> tuple[bool, bool]:
        """Whether n / d can be as small as `low` and as large as `high` given everything published
        (two LPs: min of n - low * d <= 0, max of n - high * d >= 0; a scale-free component: d fixed to 1)."""
        n_fixed, d_fixed = self.fixed[n_var] == self.fixed[n_var], self.fixed[d_var] == self.fixed[d_var]
        if n_fixed or d_fixed or self.component[n_var] != self.component[d_var]:
            v_low, v_high = self.ratio_interval(n_var, d_var, 1.0)
            return v_low <= low + 1e-9, v_high >= high - 1e-9
        highs, position, homogeneous, col_lower, col_upper = self._model(int(self.component[n_var]))
        if homogeneous:
            v_low, v_high = self.ratio_interval(n_var, d_var, 1.0)
            return v_low <= low + 1e-9, v_high >= high - 1e-9
        scale = max(1.0, abs(self.struct.true[self._raw_of(d_var)].get((self._area_of(d_var), self.year), 1.0)))
        # a value exists only where its denominator is at least 1: check the ratio on d >= 1
        import highspy

        original, top = col_lower[position[d_var]], col_upper[position[d_var]]
        top = top if np.isfinite(top) else highspy.kHighsInf
        highs.changeColBounds(position[d_var], max(1.0, original), top)
        try:
            smallest, _ = self._optimum({n_var: 1.0, d_var: -low}, 1)
            largest, _ = self._optimum({n_var: 1.0, d_var: -high}, -1)
        finally:
            highs.changeColBounds(position[d_var], original if np.isfinite(original) else -highspy.kHighsInf, top)
        return smallest <= 1e-7 * scale, largest >= -1e-7 * scale

    def _area_of(self, var: int) -> str:
        return self._names[var][0]

    def _raw_of(self, var: int) -> str:
        return self._names[var][1]

    def ratio_interval(self, n_var: int, d_var: int, factor: float) -> tuple[float, float]:
        """Feasible range of factor * n / d, by Dinkelbach's method (a few LPs, each warm-started)."""
        n_fixed, d_fixed = self.fixed[n_var] == self.fixed[n_var], self.fixed[d_var] == self.fixed[d_var]
        n_low, n_high = self.count_interval(n_var)
        d_low, d_high = self.count_interval(d_var)
        if d_fixed or n_fixed or self.component[n_var] != self.component[d_var]:
            d_low = d_low if d_fixed else max(d_low, 1.0)  # a value exists only where its denominator is >= 1
            if d_low <= 0:
                return -math.inf, math.inf
            smallest = (n_low / d_high if np.isfinite(d_high) else 0.0) if n_low >= 0 else n_low / d_low
            largest = n_high / d_low if n_high >= 0 else (n_high / d_high if np.isfinite(d_high) else 0.0)
            return factor * smallest, factor * largest
        highs, position, homogeneous, _, _ = self._model(int(self.component[n_var]))
        if homogeneous:  # scale-free: fix the denominator to 1 and the ratio is the numerator (two LPs)
            import highspy

            highs.changeColBounds(position[d_var], 1.0, 1.0)
            try:
                low, _ = self._optimum({n_var: 1.0}, 1)
                high, _ = self._optimum({n_var: 1.0}, -1)
            finally:
                highs.changeColBounds(position[d_var], self.lower[d_var] if np.isfinite(self.lower[d_var]) else -highspy.kHighsInf,
                                      highspy.kHighsInf)
            return factor * low, factor * high
        d_low = max(d_low, 1.0)
        original, top = self._model(int(self.component[n_var]))[3][position[d_var]], self._model(int(self.component[n_var]))[4][position[d_var]]
        import highspy

        top = top if np.isfinite(top) else highspy.kHighsInf
        highs.changeColBounds(position[d_var], max(1.0, original), top)
        try:
            return self._dinkelbach(n_var, d_var, factor, n_low, n_high, d_low, d_high)
        finally:
            highs.changeColBounds(position[d_var], original if np.isfinite(original) else -highspy.kHighsInf, top)

    def _dinkelbach(self, n_var, d_var, factor, n_low, n_high, d_low, d_high) -> tuple[float, float]:
        out = []
        for sense in (1, -1):
            ratio = (n_low + n_high) / 2 / ((d_low + d_high) / 2) if np.isfinite(n_high) and np.isfinite(d_high) else 0.0
            for _ in range(30):
                best, solution = self._optimum({n_var: 1.0, d_var: -ratio}, sense)
                if not solution:
                    ratio = -math.inf if sense == 1 else math.inf
                    break
                new = solution[n_var] / solution[d_var]
                if abs(best) <= 1e-9 * max(1.0, abs(solution[d_var])) or abs(new - ratio) <= 1e-12:
                    ratio = new
                    break
                ratio = new
            out.append(ratio)
        return factor * out[0], factor * out[1]

    def interval(self, key: tuple[str, str, int], true: pd.Series, rule: CellRule, protection: Protection) -> dict:
        area, indicator_id, year = key
        raw_num, raw_den = self.struct.quantity[indicator_id]
        num, den = self.rep(raw_num), self.rep(raw_den)
        row = dict(zip(CELL, key))
        row.update(true_value=float(true["value"]) if true["value"] == true["value"] else np.nan)
        if (area, num) not in self.var:
            row.update(exposed=False)
            return row
        n_var = self.var[(area, num)]
        count_true = float(self.struct.true[raw_num].get((area, year), np.nan))
        low, high = self.count_interval(n_var)
        cap = float(self.struct.true[raw_den].get((area, year), np.inf)) if (raw_num, raw_den) in self.struct.share_pairs else np.inf
        level = protection.level(count_true)
        req_low = max(count_true - level, 0.0) if self.lower[n_var] >= 0 else count_true - level
        req_high = min(count_true + level, cap)
        if area in self.unrated:  # the rule itself says "fewer than min_population"
            req_high = min(req_high, self.min_population)
        exposed = not (low <= req_low + 1e-6 and high >= req_high - 1e-6)
        row.update(count_true=count_true, count_low=low, count_high=high, count_required_low=req_low, count_required_high=req_high)
        if rule.is_ratio and den and (area, den) in self.var:
            d_true = float(self.struct.true[raw_den].get((area, year), np.nan))
            d_var = self.var[(area, den)]
            factor = rule.scale if rule.aggregation == "ratio_of_sums" else 1.0
            v_req_low = v_req_high = v_low = v_high = np.nan
            if d_true == d_true and d_true > 0:
                v_req_low, v_req_high = factor * req_low / d_true, factor * req_high / d_true
                reach_low, reach_high = self.ratio_reaches(n_var, d_var, v_req_low / factor, v_req_high / factor)
                if not (reach_low and reach_high):
                    exposed = True
                    v_low, v_high = self.ratio_interval(n_var, d_var, factor)  # the exact interval, to show
            row.update(value_low=v_low, value_high=v_high, required_low=v_req_low, required_high=v_req_high)
        row["exposed"] = bool(exposed)
        return row


def _quiet_highs():
    """A HiGHS instance without its start banner (printed to the C-level stdout on construction,
    before any option can be set; the audit's own output should be readable)."""
    import os
    import sys

    import highspy

    sys.stdout.flush()
    saved, devnull = os.dup(1), os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
        return highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(devnull)


def rules_from_registry(indicators: dict[str, Any]) -> dict[str, CellRule]:
    """CellRules from catalog Indicators (kept here so the methods stay free of the catalog's types)."""
    return {
        k: CellRule(k, i.kind, i.aggregation, float(i.scale), int(i.decimals), float(i.min_numerator or 0),
                    float(i.min_denominator or 0), bool(i.suppress_small_areas), i.weight or None)
        for k, i in indicators.items()
    }
