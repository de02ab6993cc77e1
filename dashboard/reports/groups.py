"""Group breakdowns (/gruppen and the profile section "Bevölkerungsgruppen"): the population groups of a dataset's
group sets (dataset.toml `[[group_sets]]`, dashboard/group_sets.py) side by side for one area, its parent and the city.

Pure report functions that read only through the Monitor (area_series, years, indicator), so public mode gets
disclosure control and rounding as everywhere else: a withheld share stays withheld (its group shows "keine Angabe"),
a non-public indicator does not exist here, and nothing is computed that the public figures do not already give.

Every figure of an area is the stored value of that area. Above the smallest level the import computed it from the
counts of the smallest areas (ratio of sums: Σ numerator / Σ denominator, never a mean of shares; aggregation
`ratio_of_sums` in the registry) - tests/unit/test_groups_report.py proves it for Berlin's Bezirksregionen and Bezirke.

Per group:
- share: the group's share of the base population (the share indicator; a complement group is scale − share, derived
  from the published share: "Deutsche" = 100 − Anteil Ausländerinnen und Ausländer);
- parent share and city share: the same for the area's parent (not for an area directly under the city) and the city;
- count: the group's count indicator where the set names one (published in public mode under the same disclosure
  control), else only internally the stored numerator (Monitor.cell_counts; share × base / scale where none is
  stored) - public mode publishes no count that is not a published indicator;
- interval: the 95 % interval of the area's share (Monitor.intervals: Wilson from the counts; public mode from
  published counts only, rounded like the value; docs/methods.md „Unsicherheit kleiner Zahlen“), mirrored for a
  complement (scale − upper, scale − lower); None where there are no (published) counts or the share is withheld.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from dashboard.catalog import CITY_LEVEL
from dashboard.group_sets import GroupSet, GroupSpec
from dashboard.monitor import Monitor

COUNT_PUBLISHED = "published"  # a count indicator of the registry (mode applied)
COUNT_DERIVED = "derived"  # internal only: share × base / scale


@dataclass(frozen=True)
class Figure:
    """One value of one area: value None = no value; withheld = kept back (geringe Fallzahl, disclosure control)."""

    value: float | None = None
    withheld: bool = False
    estimate: bool = False

    @property
    def shown(self) -> bool:
        return self.value is not None and not self.withheld


NONE = Figure()


@dataclass(frozen=True)
class GroupRow:
    set_id: str
    group: GroupSpec
    decimals: int  # display precision of the share
    share: Figure  # the area
    parent: Figure  # the area's parent (NONE when it has none below the city)
    city: Figure
    count: Figure  # the group's count in the area
    count_kind: str | None  # COUNT_PUBLISHED, COUNT_DERIVED or None (no count given)
    interval: tuple[float, float] | None = None  # 95 % interval of the area's share (Monitor.intervals), None without


@dataclass(frozen=True)
class GroupBreakdown:
    area: dict[str, Any]
    parent: dict[str, Any] | None  # None for an area directly under the city
    city: dict[str, Any] | None
    year: int
    base: dict[str, Figure]  # "area", "parent", "city" -> the base count (e.g. EW)
    sets: list[tuple[GroupSet, list[GroupRow]]] = field(default_factory=list)

    @property
    def rows(self) -> list[GroupRow]:
        return [row for _s, rows in self.sets for row in rows]

    @property
    def has_values(self) -> bool:
        return any(row.share.value is not None or row.share.withheld for row in self.rows)


def group_sets(monitor: Monitor) -> list[GroupSet]:
    """The dataset's group sets with the groups this mode may show (a non-public share or base: left out)."""
    out = []
    for group_set in monitor.dataset.group_sets:
        if monitor.indicator(group_set.base) is None:
            continue
        groups = tuple(g for g in group_set.groups if monitor.indicator(g.indicator) is not None)
        if groups:
            out.append(GroupSet(group_set.id, group_set.label, group_set.base, groups, group_set.label_en))
    return out


def group_indicators(monitor: Monitor) -> list[str]:
    """The share indicators of the visible groups, each once, in set order."""
    return list(dict.fromkeys(g.indicator for s in group_sets(monitor) for g in s.groups))


def group_years(monitor: Monitor, level: str) -> list[int]:
    """Years in which any visible group has values at `level`, ascending."""
    return sorted({y for i in group_indicators(monitor) for y in monitor.years(i, level)})


def levels(monitor: Monitor) -> list[str]:
    """The levels with group values (smallest first)."""
    return [lv for lv in monitor.dataset.level_ids if group_years(monitor, lv)]


def default_area(monitor: Monitor, level: str) -> str | None:
    """The area the view opens at for a level: the most populous area of the level in the latest group year (a sensible
    example with large numbers), else the first by id."""
    areas = monitor.areas(level)
    if areas.empty:
        return None
    years = group_years(monitor, level)
    base = next((s.base for s in group_sets(monitor)), monitor.dataset.population_indicator)
    if years:
        values = monitor.values(base, years[-1], level)
        values = values[~values["suppressed"].astype(bool)].dropna(subset=["value"])
        if not values.empty:
            return str(values.sort_values(["value", "area_id"], ascending=[False, True])["area_id"].iloc[0])
    return str(areas["area_id"].iloc[0])


def _figures(monitor: Monitor, area_id: str | None, year: int) -> dict[str, Figure]:
    """indicator id -> Figure of one area in one year (mode applied)."""
    if not area_id:
        return {}
    frame = monitor.area_series(area_id)
    frame = frame[frame["year"] == int(year)]
    out = {}
    for indicator_id, value, suppressed, estimate in zip(frame["indicator_id"], frame["value"], frame["suppressed"],
                                                         frame["estimate"]):
        withheld = bool(suppressed)  # internal mode keeps the value of a withheld cell (shown marked, staff only)
        number = None if (withheld and monitor.public) or value is None or pd.isna(value) else float(value)
        out[str(indicator_id)] = Figure(number, withheld, bool(estimate))
    return out


def _share(figures: dict[str, Figure], group: GroupSpec, scale: float, decimals: int) -> Figure:
    figure = figures.get(group.indicator, NONE)
    if not group.complement or figure.value is None:
        return figure
    return Figure(round(scale - figure.value, 10), figure.withheld, figure.estimate)


def _count(monitor: Monitor, figures: dict[str, Figure], group: GroupSpec, share: Figure, base: Figure,
           scale: float, stored: dict[str, float]) -> tuple[Figure, str | None]:
    if group.count is not None and monitor.indicator(group.count) is not None and group.count in figures:
        return figures[group.count], COUNT_PUBLISHED
    if monitor.public:
        return NONE, None  # no count that is not a published indicator
    numerator = stored.get(group.indicator)
    if numerator is not None and not group.complement and share.value is not None:
        return Figure(numerator, share.withheld, share.estimate), COUNT_DERIVED
    if share.value is None or base.value is None:
        return (Figure(None, True), COUNT_DERIVED) if share.withheld or base.withheld else (NONE, None)
    return Figure(share.value * base.value / scale, share.withheld or base.withheld, share.estimate or base.estimate), COUNT_DERIVED


def _intervals(monitor: Monitor, area_id: str, year: int, own: dict[str, Figure]
               ) -> tuple[dict[str, tuple[float, float]], dict[str, float]]:
    """The 95 % interval of each group share of the area ({indicator: (lower, upper)}) and, internally, the stored
    numerator ({indicator: count}), both from the Monitor (mode applied)."""
    shares = [i for i in group_indicators(monitor) if i in own]
    if not shares:
        return {}, {}
    cells = pd.DataFrame({"area_id": area_id, "indicator_id": shares, "year": int(year),
                          "value": [own[i].value if own[i].value is not None else float("nan") for i in shares],
                          "suppressed": [own[i].withheld for i in shares]})
    found = monitor.intervals(cells)
    intervals = {i: (float(lo), float(hi)) for i, lo, hi, ok in zip(shares, found["lower"], found["upper"], ~cells["suppressed"])
                 if ok and pd.notna(lo) and pd.notna(hi)}
    stored = {} if monitor.public else {i: float(n) for i, n in zip(shares, found["numerator"]) if pd.notna(n)}
    return intervals, stored


def breakdown(monitor: Monitor, area_id: str, year: int) -> GroupBreakdown | None:
    """The groups of every visible group set for the area in the year, next to its parent and the city; None for an
    unknown area."""
    area = monitor.area(area_id)
    if area is None:
        return None
    city_id = monitor.city_id()
    city = monitor.area(city_id) if city_id else None
    parent = monitor.area(area["parent_id"]) if area.get("parent_id") else None
    if parent is not None and parent["level"] == CITY_LEVEL:
        parent = None
    own = _figures(monitor, area["area_id"], year)
    above = _figures(monitor, parent["area_id"] if parent else None, year)
    whole = _figures(monitor, city["area_id"] if city else None, year) if area["level"] != CITY_LEVEL else own
    intervals, stored = _intervals(monitor, area["area_id"], int(year), own)
    sets = []
    bases: dict[str, Figure] = {}
    for group_set in group_sets(monitor):
        base = own.get(group_set.base, NONE)
        bases.setdefault("area", base)
        bases.setdefault("parent", above.get(group_set.base, NONE))
        bases.setdefault("city", whole.get(group_set.base, NONE))
        rows = []
        for group in group_set.groups:
            indicator = monitor.indicator(group.indicator)
            scale, decimals = float(indicator.scale), int(indicator.decimals)
            share = _share(own, group, scale, decimals)
            count, kind = _count(monitor, own, group, share, base, scale, stored)
            interval = intervals.get(group.indicator) if share.shown else None
            if interval is not None and group.complement:
                interval = (round(scale - interval[1], 10), round(scale - interval[0], 10))
            rows.append(GroupRow(group_set.id, group, decimals, share, _share(above, group, scale, decimals),
                                 _share(whole, group, scale, decimals), count, kind, interval))
        sets.append((group_set, rows))
    return GroupBreakdown(area, parent, city, int(year), bases, sets)


def view_year(monitor: Monitor, level: str, wanted: int | None) -> int | None:
    """The group year for a view: `wanted` if it has group values at the level, else the latest one up to it, else the
    latest year (None when no group has values)."""
    years = group_years(monitor, level)
    if not years:
        return None
    if wanted in years:
        return int(wanted)
    earlier = [y for y in years if wanted is not None and y <= wanted]
    return earlier[-1] if earlier else years[-1]
