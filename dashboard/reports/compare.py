"""Side-by-side comparison of 2–5 areas, plus "these areas together", assembled from a Monitor.

"Together" comes from monitor.aggregate: shares are recomputed from summed counts, never averaged.
It is not given where it would be wrong or disclosive: for indicators without counts
(aggregation "none"), when the chosen areas overlap (an area and its own parent would be counted
twice), when an indicator is missing for one of the areas, and - in public mode - when a member's
value is withheld. Every cell carries its number, its flags and the reason when there is no number (or what
its mark means) as German catalogue texts with their placeholders: language-neutral; dashboard/ui/compare.py
words the cells in the page language (cell_text, cell_title).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from dashboard.catalog import CITY_LEVEL, DIMENSIONS, Indicator
from dashboard.methods import uncertainty
from dashboard.methods.disclosure import round_values
from dashboard.monitor import Monitor
from dashboard.reports.series import example_areas, indicators_by_year

MIN_AREAS, MAX_AREAS = 2, 5
# why a cell has no number, or what its marks mean: codes (the comparison view words them, ui/compare.REASON_TEXTS)
WITHHELD_INTERNAL = "withheld_internal"  # small numbers: shown internally only
NO_AGGREGATION = "no_aggregation"  # no counts (classes, index values): "together" would be misleading
OVERLAP = "overlap"  # the chosen areas overlap: a sum would count residents twice
PUBLIC_TOGETHER_UNAVAILABLE = "public_together_unavailable"  # public mode: no published counts to combine
WEIGHTED_MEAN = "weighted_mean"  # approximation: population-weighted mean
WITHHELD_PUBLIC = "withheld_public"  # small numbers: not published
NO_VALUE = "no_value"  # no value for this year
NOT_AT_LEVEL = "not_at_level"  # not available at the area's level (placeholder: level id)
NOT_FOR_ALL = "not_for_all"  # not available for every chosen area (placeholders: present, n)
TOGETHER_WITHHELD = "together_withheld"  # a member is withheld: the sum could reveal it
ESTIMATE = "estimate"
TOGETHER_ESTIMATE = "together_estimate"  # contains estimates
ESTIMATE_NOTE = "estimate_note"  # a reason that is the indicator's own estimate note (registry text)


@dataclass(frozen=True)
class Cell:
    value: float | None  # None where nothing may or can be shown
    kind: str  # value | estimate | withheld | withheld-internal | missing | none
    reasons: tuple[str, ...] = ()  # tooltip: why there is no number, or what the marks mean (codes above, or ESTIMATE_NOTE)
    values: tuple[tuple[str, Any], ...] = ()  # the reasons' placeholders (level id, counts)
    estimate: bool = False  # the number is an estimate or approximation
    withheld: bool = False  # small numbers: withheld (public: no number) or only for internal use
    lower: float | None = None  # the 95 % interval (Monitor.intervals; "zusammen": from the summed counts), None without counts
    upper: float | None = None


@dataclass(frozen=True)
class ComparisonRow:
    indicator: Indicator
    cells: list[Cell]  # one per chosen area, in order
    together: Cell | None  # None when fewer than two areas are chosen
    city: Cell


@dataclass(frozen=True)
class Comparison:
    year: int
    areas: list[dict[str, Any]]  # area_id, level, name
    rows: list[ComparisonRow]
    city_name: str  # the city area's name ("" when the data has none: the view says "Gesamtstadt")
    overlaps: list[tuple[str, str]] = field(default_factory=list)  # (area, the chosen area it lies in)
    city_id: str = ""

    def row(self, indicator_id: str) -> ComparisonRow | None:
        return next((r for r in self.rows if r.indicator.id == indicator_id), None)


def comparison_years(monitor: Monitor, areas: list[dict[str, Any]]) -> list[int]:
    """Years in which one of the areas (the city when none is chosen) has a value of a visible indicator."""
    return list(indicators_by_year(monitor, [a["area_id"] for a in areas]))


def examples(monitor: Monitor) -> list[dict[str, Any]]:
    """Example comparisons for a page without areas (data only; the view words them): the first three areas of the top
    level (Berlin: Bezirke), and the areas of the first level inside the first area of the level above it that has at
    least MIN_AREAS of them (Berlin: the Planungsräume of a Bezirksregion). Each: level, parent (None or area_id and
    name), areas (area_id, name), from reports.series.example_areas."""
    levels = monitor.dataset.level_ids
    out: list[dict[str, Any]] = []
    if not levels:
        return out
    top = example_areas(monitor, levels[-1], n=3)
    if len(top) >= MIN_AREAS:
        out.append({"level": levels[-1], "parent": None, "areas": top})
    if len(levels) >= 2:
        for parent in example_areas(monitor, levels[1], n=len(monitor.areas(levels[1]))):
            inner = example_areas(monitor, levels[0], n=MAX_AREAS, parent=parent["area_id"])
            if len(inner) >= MIN_AREAS:
                out.append({"level": levels[0], "parent": parent, "areas": inner})
                break
    return out


def overlaps(monitor: Monitor, areas: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Pairs (area, chosen ancestor) where one chosen area lies inside another."""
    chosen = {a["area_id"] for a in areas}
    pairs = []
    for area in areas:
        for ancestor in monitor.ancestors(area["area_id"]):
            if ancestor["area_id"] in chosen:
                pairs.append((area["area_id"], ancestor["area_id"]))
    return pairs


def _value_cell(value: float | None, suppressed: bool, estimate: bool, public: bool, how: str = ESTIMATE) -> Cell:
    """A cell with a number; how: the reason shown for an estimate."""
    if suppressed and public:
        return Cell(None, "withheld", (WITHHELD_PUBLIC,), withheld=True)
    if value is None or math.isnan(value):
        return Cell(None, "missing", (NO_VALUE,))
    reasons = ((how,) if estimate else ()) + ((WITHHELD_INTERNAL,) if suppressed else ())
    kind = "withheld-internal" if suppressed else "estimate" if estimate else "value"
    return Cell(float(value), kind, reasons, estimate=bool(estimate), withheld=bool(suppressed))


def comparison(monitor: Monitor, area_ids: list[str], year: int) -> Comparison:
    """The comparison table for the areas (in order) and the year: every visible indicator one of the areas has;
    with no area, every indicator the city has (its column alone, until areas are chosen)."""
    areas = [a for a in (monitor.area(i) for i in dict.fromkeys(area_ids)) if a and a["level"] != CITY_LEVEL][:MAX_AREAS]
    areas = [{"area_id": a["area_id"], "level": a["level"], "name": a["name"]} for a in areas]
    figures = {a["area_id"]: {f.indicator.id: f for f in monitor.key_figures(a["area_id"], year)} for a in areas}
    city_values = monitor.city_values(year)
    pairs = overlaps(monitor, areas)
    together = monitor.aggregate([a["area_id"] for a in areas], year).set_index("indicator_id") if len(areas) >= MIN_AREAS else None
    rows: list[ComparisonRow] = []
    for indicator in monitor.indicators():
        own = [figures[a["area_id"]].get(indicator.id) for a in areas]
        city_value = city_values.get(indicator.id)
        if areas and not any(own):  # none of the areas has it (e.g. published only from a higher level)
            continue
        if not areas and city_value is None:  # no area chosen yet: the city's column alone
            continue
        own_note = ESTIMATE_NOTE if indicator.estimate_note else ESTIMATE
        cells = []
        for area, figure in zip(areas, own):
            if figure is None:
                cells.append(Cell(None, "none", (NOT_AT_LEVEL,), (("level", area["level"]),)))
            else:
                weighted = indicator.aggregation == "weighted_mean" and area["level"] != monitor.dataset.level_ids[0]
                cells.append(_value_cell(figure.value, figure.suppressed, figure.estimate, monitor.public,
                                         WEIGHTED_MEAN if weighted else own_note))
        city = _value_cell(None if city_value is None else float(city_value), False, False, monitor.public)
        rows.append(ComparisonRow(indicator, cells, _together_cell(monitor, indicator, together, own, pairs), city))
    rows = with_intervals(monitor, rows, areas, int(year))
    city_id = monitor.city_id()
    city = monitor.area(city_id) if city_id else None
    return Comparison(int(year), areas, rows, (city or {}).get("name") or monitor.dataset.city_name or "", pairs, city_id or "")


def with_intervals(monitor: Monitor, rows: list[ComparisonRow], areas: list[dict[str, Any]], year: int) -> list[ComparisonRow]:
    """Every cell with a number gets its 95 % interval (docs/methods.md, „Unsicherheit kleiner Zahlen“): the areas' and
    the city's from Monitor.intervals (public: from published counts only, rounded); "zusammen" from the members' summed
    counts (Monitor.cell_counts) - in public mode the summed published counts, so it follows from published numbers
    only, like the "zusammen" value itself; none when a member has no (published) counts."""
    city_id = monitor.city_id()
    keys, cells = [], []
    for r, row in enumerate(rows):
        for a, (area, cell) in enumerate(zip(areas, row.cells)):
            if cell.value is not None:
                keys.append((r, a))
                cells.append((area["area_id"], row.indicator.id, cell.value, cell.withheld))
        if row.city.value is not None and city_id:
            keys.append((r, "city"))
            cells.append((city_id, row.indicator.id, row.city.value, False))
        if row.together is not None and row.together.value is not None and areas:
            for area, cell in zip(areas, row.cells):
                keys.append((r, ("member", area["area_id"])))
                cells.append((area["area_id"], row.indicator.id, np.nan if cell.value is None else cell.value, cell.withheld))
    if not cells:
        return rows
    frame = pd.DataFrame(cells, columns=["area_id", "indicator_id", "value", "suppressed"]).assign(year=int(year))
    found = monitor.intervals(frame)
    bounds = {key: (lower, upper, x, n) for key, lower, upper, x, n in
              zip(keys, found["lower"], found["upper"], found["numerator"], found["denominator"])}

    def bounded(cell: Cell, key) -> Cell:
        lower, upper, _x, _n = bounds.get(key, (np.nan, np.nan, np.nan, np.nan))
        if not (np.isfinite(lower) and np.isfinite(upper)):
            return cell
        return replace(cell, lower=float(lower), upper=float(upper))

    out = []
    for r, row in enumerate(rows):
        together = row.together
        if together is not None and together.value is not None:
            members = [bounds.get((r, ("member", a["area_id"]))) for a in areas]
            method = monitor.interval_method(row.indicator.id)
            x = np.array([m[2] if m else np.nan for m in members], dtype=float)
            n = np.array([m[3] if m else np.nan for m in members], dtype=float)
            if method != uncertainty.NONE and np.isfinite(x).all() and np.isfinite(n).all():
                lower, upper = uncertainty.interval(x.sum(), n.sum(), method, row.indicator.scale)
                if monitor.public:
                    lower, upper = (round_values(lower, row.indicator.decimals), round_values(upper, row.indicator.decimals))
                if np.isfinite(lower[0]) and np.isfinite(upper[0]):
                    together = replace(together, lower=float(lower[0]), upper=float(upper[0]))
        out.append(replace(row, cells=[bounded(c, (r, a)) for a, c in enumerate(row.cells)], together=together,
                           city=bounded(row.city, (r, "city"))))
    return out


def _together_cell(monitor: Monitor, indicator: Indicator, together: pd.DataFrame | None, own: list, pairs) -> Cell | None:
    if together is None:
        return None
    if indicator.aggregation == "none":
        return Cell(None, "none", (NO_AGGREGATION,))
    if pairs:
        return Cell(None, "none", (OVERLAP,))
    present = sum(1 for f in own if f is not None)
    if present < len(own) or indicator.id not in together.index:
        return Cell(None, "none", (NOT_FOR_ALL,), (("present", present), ("n", len(own))))
    row = together.loc[indicator.id]
    if bool(row.get("unavailable", False)):
        return Cell(None, "none", (PUBLIC_TOGETHER_UNAVAILABLE,))
    value = float(row["value"]) if pd.notna(row["value"]) else None
    withheld = bool(row["withheld"])
    if withheld and monitor.public:
        return Cell(None, "withheld", (TOGETHER_WITHHELD,), withheld=True)
    how = (WEIGHTED_MEAN if indicator.aggregation == "weighted_mean"
           else ESTIMATE_NOTE if indicator.estimate_note else TOGETHER_ESTIMATE)
    return _value_cell(value, withheld, bool(row["estimate"]), monitor.public, how)


def grouped_rows(rows: list[ComparisonRow], order: tuple[str, ...] = DIMENSIONS) -> list[tuple[str, list[ComparisonRow]]]:
    """Rows grouped by dimension, dimensions in the given order (unknown ones last), registry order inside."""
    groups: dict[str, list[ComparisonRow]] = {}
    for row in rows:
        groups.setdefault(row.indicator.dimension, []).append(row)
    ranked = sorted(groups, key=lambda d: order.index(d) if d in order else len(order))
    return [(d, groups[d]) for d in ranked]


def chart_has_values(comp: Comparison, indicator_id: str) -> bool:
    """A bar chart is drawn when an area (or "zusammen") has a number: the city's bar alone compares nothing."""
    return any(b["cell"].value is not None for b in chart_values(comp, indicator_id) if b["role"] != "city")


def chart_values(comp: Comparison, indicator_id: str) -> list[dict[str, Any]]:
    """Bars for one indicator: each area, "zusammen" (when given) and the city; value None = no bar.
    The label of "zusammen" (and of a city without a name) is None: the view words it."""
    row = comp.row(indicator_id)
    if row is None:
        return []
    bars = [{"label": a["name"], "area_id": a["area_id"], "role": "area", "cell": c} for a, c in zip(comp.areas, row.cells)]
    if row.together is not None:
        bars.append({"label": None, "area_id": "zusammen", "role": "together", "cell": row.together})
    bars.append({"label": comp.city_name or None, "area_id": CITY_LEVEL, "role": "city", "cell": row.city})
    return bars
