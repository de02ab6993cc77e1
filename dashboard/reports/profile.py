"""The area profile (Gebietsprofil) as plain data: key figures with comparison, ranks and trend,
burdens and index classes, derived strengths/weaknesses and the area's own notes.

Everything here is a pure function of a Monitor (no Dash), so the view, the downloads and the
tests read the same numbers. The Monitor applies the mode: in public mode withheld values arrive
as NA and non-public indicators do not exist; this module never looks past that.

Rules decided here (and shown to the user in the view):
- rank 1 = most favourable value (lowest for higher_is_worse, highest for higher_is_better);
  neutral indicators are ranked by value, highest first. Withheld values and class indicators take no rank
  (dashboard/methods/rank.py, which also gives the citywide share of the other areas ahead or behind).
  Siblings = areas of the same level with the same parent; citywide = all areas of the level.
- difference = area minus parent / minus city in the indicator's unit (percentage points for %);
  none for classes and counts (an absolute count is not comparable between areas of unequal size).
- a figure is shown for the chosen year or, where the indicator has no value that year, for its
  latest earlier year (the Stichtag column says which).

Language: none. Everything here is data (numbers, codes, ids, years, booleans, kinds), so one cached result
serves every page language; the words (labels, units, Stichtag, markers, the strength/weakness sentences,
level names) are made by the presentation step (dashboard/present.py, section "area profile") and the view
(dashboard/ui/profile.py). Downloads are built by the view through dashboard/export.py.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from dashboard.catalog import CITY_LEVEL, Indicator
from dashboard.methods import uncertainty
from dashboard.methods.rank import ranks, share_percent
from dashboard.methods.values import is_missing
from dashboard.monitor import Monitor
from dashboard.reports import borderline

# strengths/weaknesses (docs/methods.md, „Stärken und Schwächen im Gebietsprofil“): the area's value lies in the most /
# least favourable fifth of all areas of its level (citywide rank among the rated, i.e. published, values) and on that
# side of the city value; where the city has no value, the rank alone decides (basis "distribution"). Needs at least
# MIN_AREAS_FOR_ASSESSMENT areas with a value
ASSESSMENT_SHARE = 0.2
MIN_AREAS_FOR_ASSESSMENT = 5


@dataclass(frozen=True)
class ProfileHeader:
    area_id: str
    name: str
    level: str
    parents: list[dict[str, str]]  # city first, nearest parent last: area_id, level, name
    city_id: str | None
    population: float | None
    population_year: int | None
    children: list[dict[str, str]] = field(default_factory=list)  # area_id, level, name


# -- area and year -------------------------------------------------------------------------------
def header(monitor: Monitor, area_id: str, year: int) -> ProfileHeader | None:
    """The area, its parents (city first) and children, and its population up to `year`."""
    area = monitor.area(area_id)
    if area is None:
        return None
    parents = [dict(p) for p in reversed(monitor.ancestors(area_id))]
    root = parents[0]["area_id"] if parents else (area_id if area["level"] == CITY_LEVEL else monitor.city_id())
    series = monitor.area_series(area_id)
    own = series[(series["indicator_id"] == monitor.dataset.population_indicator) & (series["year"] <= year)
                 & series["value"].notna()]
    population = float(own["value"].iloc[-1]) if len(own) else None
    population_year = int(own["year"].iloc[-1]) if len(own) else None
    children = [dict(c) for c in monitor.children(area_id)]
    return ProfileHeader(area["area_id"], area["name"], area["level"], parents, root, population, population_year, children)


# -- key figures -----------------------------------------------------------------------------------
def _latest(frame: pd.DataFrame, indicator_id: str, year: int) -> pd.Series | None:
    """The indicator's row for the year or, failing that, its latest earlier year (withheld rows count)."""
    rows = frame[(frame["indicator_id"] == indicator_id) & (frame["year"] <= year)
                 & (frame["value"].notna() | frame["suppressed"])]
    return rows.iloc[-1] if len(rows) else None


def _value_in(frame: pd.DataFrame, indicator_id: str, year: int) -> float | None:
    rows = frame[(frame["indicator_id"] == indicator_id) & (frame["year"] == year)]
    if rows.empty or pd.isna(rows["value"].iloc[0]):
        return None
    return float(rows["value"].iloc[0])


def rank_order(values: pd.Series, polarity: str) -> pd.Series:
    """Rank 1 = most favourable (ties share the better rank); NA values get no rank (methods/rank.ranks)."""
    return ranks(values, polarity)


def target_flags(indicator: Indicator, value: float | None) -> tuple[bool, bool]:
    """(Zielwert verfehlt, Schwellenwert überschritten) - polarity-aware; neutral indicators are never flagged."""
    if value is None or indicator.polarity == "neutral":
        return False, False
    worse = (lambda v, limit: v > limit) if indicator.polarity == "higher_is_worse" else (lambda v, limit: v < limit)
    missed = indicator.target is not None and worse(value, indicator.target)
    breached = indicator.threshold is not None and worse(value, indicator.threshold)
    return bool(missed), bool(breached)


def key_figures(monitor: Monitor, area_id: str, year: int) -> pd.DataFrame:
    """One row per visible indicator with a value (or a withheld value) for the area up to `year`.

    Columns: indicator_id, dimension (the catalog's key), decimals, polarity, kind, year (the year shown), value,
    suppressed, estimate, parent_value, city_value, diff_parent, diff_city (in the indicator's unit, percentage
    points for %), rank_siblings, n_siblings, rank_city, n_city, side_city, percent_city, ahead_city and behind_city
    (the citywide standing of methods/rank.standings: "above"/"below"/"middle", the larger share of the other areas,
    and the counts of other areas strictly more / less favourable; None without a rank), target, threshold,
    target_missed,
    threshold_breached, trend (list of (year, value, estimate, suppressed) up to `year`), parent_trend,
    city_trend (lists of (year, value)), and with_uncertainty's lower, upper, interval_method, versus_parent,
    versus_city (the 95 % interval and whether the differences are clear). Data only: present.localized_figures adds label, zielbereich, unit,
    diff_unit and stichtag in the page language.
    """
    area = monitor.area(area_id)
    columns = ["indicator_id", "dimension", "decimals", "polarity", "kind", "year", "value", "suppressed", "estimate",
               "parent_value", "city_value", "diff_parent", "diff_city", "rank_siblings", "n_siblings", "rank_city",
               "n_city", "side_city", "percent_city", "ahead_city", "behind_city", "target", "threshold", "target_missed", "threshold_breached", "trend",
               "parent_trend", "city_trend"]
    if area is None:
        return pd.DataFrame(columns=columns)
    own = monitor.area_series(area_id)
    root = monitor.city_id()
    parent_id = area["parent_id"]
    # the city compares once: a district whose parent is the city gets no parent columns (value, difference, rank,
    # trend) beside the city's own, in the page, its charts and its export alike (issue 15)
    compare_parent = parent_id if parent_id and parent_id != root else None
    parent = monitor.area_series(compare_parent) if compare_parent else own.iloc[0:0]
    city = monitor.area_series(root) if root and root != area_id else own
    level = area["level"]
    siblings: set[str] = set()
    if level in monitor.dataset.level_ids:
        areas = monitor.areas(level)
        siblings = set(areas.loc[areas["parent_id"] == parent_id, "area_id"]) if parent_id else set()
    rows = []
    for indicator in monitor.indicators():
        latest = _latest(own, indicator.id, year)
        if latest is None:
            continue
        shown_year = int(latest["year"])
        suppressed = bool(latest["suppressed"])
        value = None if pd.isna(latest["value"]) else float(latest["value"])
        parent_value = _value_in(parent, indicator.id, shown_year) if compare_parent else None
        city_value = _value_in(city, indicator.id, shown_year)
        comparable = indicator.kind not in ("class", "count")
        usable = value is not None and not suppressed  # withheld values are neither compared nor ranked
        rank_siblings = n_siblings = rank_city = n_city = side_city = percent_city = ahead_city = behind_city = None
        if level in monitor.dataset.level_ids and parent_id is not None and indicator.kind != "class":
            # citywide: the level's standings (methods/rank.py, from the published values only); a class takes no rank
            standing = monitor.standings(indicator.id, shown_year, level)
            n_city = len(standing)
            rated = monitor.rated_values(indicator.id, shown_year, level)
            sibling_values = rated[rated.index.isin(siblings)]
            n_siblings = len(sibling_values)
            if usable and area_id in standing.index:
                own_standing = standing.loc[area_id]
                rank_city, side_city = int(own_standing["rank"]), own_standing["side"]
                ahead_city, behind_city = int(own_standing["ahead"]), int(own_standing["behind"])
                percent_city = None if own_standing["percent"] is None else int(own_standing["percent"])
                rank_siblings = int(rank_order(sibling_values, indicator.polarity)[area_id]) if compare_parent else None
        trend_rows = own[(own["indicator_id"] == indicator.id) & (own["year"] <= year)]
        trend = [(int(r.year), None if pd.isna(r.value) else float(r.value), bool(r.estimate), bool(r.suppressed))
                 for r in trend_rows.itertuples(index=False)]
        missed, breached = target_flags(indicator, value if usable else None)
        parent_trend = _trend(parent, indicator.id, year) if compare_parent else []
        city_trend = _trend(city, indicator.id, year) if root and root != area_id else []
        rows.append({
            "indicator_id": indicator.id, "dimension": indicator.dimension, "decimals": indicator.decimals,
            "polarity": indicator.polarity, "kind": indicator.kind, "year": shown_year, "value": value, "suppressed": suppressed,
            "estimate": bool(latest["estimate"]), "parent_value": parent_value, "city_value": city_value,
            "diff_parent": value - parent_value if comparable and usable and parent_value is not None else None,
            "diff_city": value - city_value if comparable and usable and city_value is not None else None,
            "rank_siblings": rank_siblings, "n_siblings": n_siblings if compare_parent else None,
            "rank_city": rank_city, "n_city": n_city, "side_city": side_city, "percent_city": percent_city,
            "ahead_city": ahead_city, "behind_city": behind_city, "target": indicator.target, "threshold": indicator.threshold,
            "target_missed": missed, "threshold_breached": breached, "trend": trend,
            "parent_trend": parent_trend, "city_trend": city_trend,
        })
    frame = pd.DataFrame(rows, columns=columns + UNCERTAINTY_COLUMNS)
    if frame.empty:
        return frame
    frame = with_uncertainty(monitor, area_id, frame)
    order = {d: i for i, d in enumerate(monitor.dataset.dimension_order(frame["dimension"]))}
    frame["_order"] = frame["dimension"].map(order)
    return frame.sort_values("_order", kind="stable").drop(columns="_order").reset_index(drop=True)


UNCERTAINTY_COLUMNS = ["lower", "upper", "interval_method", "versus_parent", "versus_city"]


def with_uncertainty(monitor: Monitor, area_id: str, frame: pd.DataFrame) -> pd.DataFrame:
    """key_figures' interval (lower, upper: 95 %, in the indicator's unit; NaN without counts) and whether the
    differences to the parent and to the city are clear ("clear" | "random" | "none": methods/uncertainty.versus_reference,
    the reference outside / inside the area's interval, both as shown (rounded to the indicator's decimals), so the
    verdict never contradicts the printed bounds; "none" without counts, reference or usable value)."""
    cells = pd.DataFrame({"area_id": area_id, "indicator_id": frame["indicator_id"], "year": frame["year"].astype(int),
                          "value": frame["value"].astype(float), "suppressed": frame["suppressed"].astype(bool)},
                         index=frame.index)
    found = monitor.intervals(cells)
    frame = frame.assign(lower=found["lower"], upper=found["upper"], interval_method=found["method"])
    for column, reference, difference in (("versus_parent", "parent_value", "diff_parent"),
                                          ("versus_city", "city_value", "diff_city")):
        frame[column] = [
            uncertainty.versus_reference(x, n, ref, method, monitor.indicator(i).scale,
                                         decimals=monitor.indicator(i).decimals)[0]
            if method != uncertainty.NONE and not is_missing(diff) else uncertainty.NO_TEST
            for i, method, x, n, ref, diff in zip(frame["indicator_id"], frame["interval_method"], found["numerator"],
                                                  found["denominator"], frame[reference], frame[difference])]
    return frame


def trend_line(trend: list[tuple[int, float | None, bool, bool]], line_id: str = "area") -> pd.DataFrame:
    """A figure's trend (key_figures: (year, value, estimate, suppressed) per year with a row) as one line of
    reports.series (line_id, year, value, suppressed, estimate): the profile's sparkline and charts split it and mark
    its breaks with series.split_measured_estimated and series.definition_breaks, the rule of the trends view."""
    return pd.DataFrame({
        "line_id": line_id,
        "year": pd.Series([int(y) for y, *_ in trend], dtype=int),
        "value": pd.Series([float("nan") if is_missing(v) else float(v) for _y, v, _e, _s in trend], dtype=float),
        "suppressed": pd.Series([bool(s) for *_, s in trend], dtype=bool),
        "estimate": pd.Series([bool(e) for _y, _v, e, _s in trend], dtype=bool),
    })


def _trend(frame: pd.DataFrame, indicator_id: str, year: int) -> list[tuple[int, float | None]]:
    rows = frame[(frame["indicator_id"] == indicator_id) & (frame["year"] <= year)]
    return [(int(y), None if pd.isna(v) else float(v)) for y, v in zip(rows["year"], rows["value"])]


def groups(figures: pd.DataFrame, by: str = "dimension") -> list[tuple[str, pd.DataFrame]]:
    """Figures grouped by dimension (in the catalog's order, as key_figures sorts them) or by Zielbereich (in order
    of first appearance): (the column's value, "" for none, and its rows). The column is read as given, so
    localized figures (present.localized_figures) group by their texts in the page language."""
    key = "zielbereich" if by == "zielbereich" else "dimension"
    return [(name or "", figures[figures[key] == name]) for name in dict.fromkeys(figures[key])]


def distribution_side(rank: int, n: int, share: float = ASSESSMENT_SHARE) -> str | None:
    """"strength" when rank (1 = most favourable) lies in the most favourable `share` of n ranked areas, "weakness"
    in the least favourable `share`, else None. Position = (rank - 1) / (n - 1): 0 for the best, 1 for the worst."""
    if n < 2:
        return None
    position = (rank - 1) / (n - 1)
    if position <= share:
        return "strength"
    if position >= 1 - share:
        return "weakness"
    return None


def assess(monitor: Monitor, figures: pd.DataFrame, area_id: str | None = None) -> list[dict[str, Any]]:
    """Strengths and weaknesses as data (the rule: ASSESSMENT_SHARE, MIN_AREAS_FOR_ASSESSMENT; the view states it
    and words each item with present.assessment_text). Withheld values, neutral indicators and counts are never assessed.

    A value is rated by its citywide rank among the rated values of its level (Monitor.rated_values: withheld values
    take part in no rank, so no rank says anything about them) and, where the city has a value, by its side of it
    (basis "city"); where the city has none (e.g. the MSS indicators, which exist only for Planungsräume), by the rank
    alone (basis "distribution"). Where the value has counts, the difference to the city must also be clear
    (key_figures' versus_city == "clear": the city's value outside the area's 95 % interval); a value whose difference
    lies within random variation is no strength or weakness (random_differences lists it). Without a test (no counts,
    no city value) the rank rule alone decides and the item says so (test "none").

    Returns dicts: indicator_id, side ("strength" | "weakness"), kind ("value" | "class"), year, estimate, and
    for a value: basis ("city" | "distribution"), value, rank, n (areas ranked citywide), share (whole percent of the
    other ranked areas strictly less favourable for a strength, strictly more for a weakness), position ((rank - 1) / (n - 1):
    0 = the most favourable, 1 = the least favourable; the share of the other ranked areas with a more favourable
    value), city and direction ("above" | "below" the city value; None for basis "distribution"), test ("clear" |
    "none"), counts (the value has an interval), lower, upper (its 95 % interval, None without), and with `area_id`
    since (the change from the previous year of the trend, where both years have counts: change_since);
    for a class: code (the class value), n (number of classes).
    """
    return [i for i in _assessed(monitor, figures, area_id) if i.get("test") != uncertainty.RANDOM]


def random_differences(monitor: Monitor, figures: pd.DataFrame, area_id: str | None = None) -> list[dict[str, Any]]:
    """The values the rank rule would call a strength or weakness but whose difference to the city lies within random
    variation (test "random"): "auffällig, aber im Rahmen zufälliger Schwankung". Items as assess gives them."""
    return [i for i in _assessed(monitor, figures, area_id) if i.get("test") == uncertainty.RANDOM]


def _assessed(monitor: Monitor, figures: pd.DataFrame, area_id: str | None) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for row in figures.to_dict("records"):
        if row["suppressed"] or is_missing(row["value"]) or row["polarity"] == "neutral" or row["kind"] == "count":
            continue
        indicator = monitor.indicator(row["indicator_id"])
        base = {"indicator_id": row["indicator_id"], "year": int(row["year"]), "estimate": bool(row["estimate"])}
        if row["kind"] == "class" and indicator is not None and indicator.categories:
            codes = [float(c) for c in indicator.categories]
            worst = max(codes) if row["polarity"] == "higher_is_worse" else min(codes)
            best = min(codes) if row["polarity"] == "higher_is_worse" else max(codes)
            code = row["value"]
            if code in (worst, best):
                out.append(dict(base, side="weakness" if code == worst else "strength", kind="class", code=code, n=len(codes)))
            continue
        rank, n = row["rank_city"], row["n_city"]
        if is_missing(rank) or is_missing(n) or n < MIN_AREAS_FOR_ASSESSMENT:
            continue
        rank, n = int(rank), int(n)
        side = distribution_side(rank, n)
        if side is None:
            continue
        value, city = float(row["value"]), row["city_value"]
        lower, upper = row.get("lower"), row.get("upper")
        counts = not is_missing(lower) and not is_missing(upper)
        item = dict(base, kind="value", side=side, value=value, rank=rank, n=n, position=(rank - 1) / (n - 1),
                    counts=counts, lower=float(lower) if counts else None, upper=float(upper) if counts else None,
                    test=uncertainty.NO_TEST)
        # the share of the other areas strictly less (a strength) or more (a weakness) favourable, rounded down: the
        # count of methods/rank.py, so an area tied with others is not called more favourable than them
        counted = row.get("behind_city") if side == "strength" else row.get("ahead_city")
        if not is_missing(counted):
            item["share"] = share_percent(int(counted), n - 1)
        if area_id is not None and counts:
            since = change_since(monitor, area_id, row)
            if since is not None:
                item["since"] = since
        if is_missing(city):
            out.append(dict(item, basis="distribution", city=None, direction=None))
            continue
        city = float(city)
        better = value < city if row["polarity"] == "higher_is_worse" else value > city
        worse = value > city if row["polarity"] == "higher_is_worse" else value < city
        if (side == "strength" and better) or (side == "weakness" and worse):
            test = row.get("versus_city")
            test = test if test in (uncertainty.CLEAR, uncertainty.RANDOM) else uncertainty.NO_TEST
            out.append(dict(item, basis="city", city=city, direction="above" if value > city else "below", test=test))
    return out


def change_since(monitor: Monitor, area_id: str, row: dict[str, Any]) -> dict[str, Any] | None:
    """The change of a key figure since the previous year of its trend (the last earlier year with a shown value),
    tested like the change map (methods/uncertainty.change on Monitor.cell_counts, mode applied): year (the earlier
    one), change (value − earlier value), test ("clear" | "random"), low, high (the 95 % interval of the change, rounded
    to the indicator's decimals). None without such a year or without counts in both years."""
    earlier = [(y, v, s) for y, v, _e, s in row["trend"] if y < int(row["year"]) and v is not None and not s]
    method = monitor.interval_method(row["indicator_id"])
    if not earlier or method == uncertainty.NONE:
        return None
    year, value, _s = earlier[-1]
    cells = pd.DataFrame({"area_id": str(area_id), "indicator_id": row["indicator_id"], "year": [int(year), int(row["year"])],
                          "value": [float(value), float(row["value"])], "suppressed": False})
    found = monitor.cell_counts(cells)
    x, n = found["numerator"].to_numpy(), found["denominator"].to_numpy()
    indicator = monitor.indicator(row["indicator_id"])
    verdict = uncertainty.change((x[:1], n[:1]), (x[1:], n[1:]), method, scale=indicator.scale,
                                 decimals=indicator.decimals)[0]  # judged as the bounds are shown
    if verdict == uncertainty.NO_TEST:
        return None
    low, high = uncertainty.difference_interval((x[:1], n[:1]), (x[1:], n[1:]), method, indicator.scale)
    return {"year": int(year), "change": float(row["value"]) - float(value), "test": str(verdict),
            "low": round(float(low[0]), indicator.decimals), "high": round(float(high[0]), indicator.decimals)}


# -- burdens and index classes -----------------------------------------------------------------------
def burden_summary(monitor: Monitor, area_id: str, year: int) -> list[dict[str, Any]]:
    """Per burden rule (official first): for an area of the smallest level its burdens (indicator ids); for a
    larger area how many of its smallest-level areas are multiply burdened. Uses the latest rule year <= year.
    Data only: the view words it (rule label, criterion labels, present.burden_rule_text)."""
    area = monitor.area(area_id)
    if area is None:
        return []
    smallest = monitor.dataset.level_ids[0]
    out = []
    for rule in monitor.burden_rules():
        years = [y for y in monitor.burden_years(rule) if y <= year] or monitor.burden_years(rule)[:1]
        if not years:
            continue
        rule_year = years[-1]
        table = monitor.burden(rule, rule_year, smallest)
        near = borderline.burden_flags(monitor, rule, rule_year, smallest)  # Grenzfälle (methods/borderline.py)
        entry: dict[str, Any] = {"rule_id": rule.id, "official": rule.official, "year": rule_year,
                                 "min_count": rule.min_count, "n_criteria": len(rule.criteria)}
        if area["level"] == smallest:
            if area_id not in table.index:
                continue
            row = table.loc[area_id]
            entry.update(scope="area", rated=bool(row["rated"]), count=int(row["burden_count"]),
                         burdens=list(row["burdens"]), multiple=bool(row["multiple"]),
                         borderline=list(near.at[area_id, "near"]), decisive=near.at[area_id, "decisive"])
        else:
            members = _members(monitor, area_id, area["level"])
            part = table[table.index.isin(members)]
            rated = part[part["rated"]]
            entry.update(scope="members", n_members=len(part), n_rated=len(rated),
                         n_multiple=int(rated["multiple"].sum()),
                         population_multiple=float(rated.loc[rated["multiple"], "population"].sum()),
                         population_rated=float(rated["population"].sum()),
                         n_borderline=int(near.loc[near.index.isin(rated.index), "borderline"].sum()))
        out.append(entry)
    return out


def index_summary(monitor: Monitor, area_id: str, year: int) -> list[dict[str, Any]]:
    """Per index definition: the status/dynamics class of a smallest-level area, or the class counts of
    the smallest-level areas inside a larger area. Uses the latest index year <= year. Data only: status
    and dynamics are the index's (German) class names, the view translates them."""
    area = monitor.area(area_id)
    if area is None:
        return []
    smallest = monitor.dataset.level_ids[0]
    out = []
    for definition in monitor.dataset.indices:
        if monitor.index_definition(definition.id) is None:
            continue
        years = [y for y in monitor.index_years(definition) if y <= year]
        if not years:
            continue
        table = monitor.index_classes(definition, years[-1])
        near = borderline.index_flags(monitor, definition, years[-1], table)  # Grenzfälle (methods/borderline.py)
        entry: dict[str, Any] = {"index_id": definition.id, "year": years[-1]}
        if area["level"] == smallest:
            if area_id not in table.index:
                continue
            row = table.loc[area_id]
            valid = bool(row["valid"]) and isinstance(row["status_dynamic"], str)
            entry.update(scope="area", valid=valid, code=row["status_dynamic"] if valid else None,
                         status=int(row["status_class"]) if valid else None, dynamic=int(row["dynamic_class"]) if valid else None,
                         borderline=_index_borderline(near.loc[area_id], row) if valid else [])
        else:
            members = _members(monitor, area_id, area["level"])
            part = table[table.index.isin(members)]
            counts = part.loc[part["valid"], "status_dynamic"].value_counts()
            entry.update(scope="members", n_members=len(part), n_valid=int(part["valid"].sum()),
                         counts={str(k): int(v) for k, v in counts.items()},
                         n_borderline=int(near.loc[near.index.isin(part.index), "borderline"].sum()))
        out.append(entry)
    return out


def _index_borderline(flags: pd.Series, row: pd.Series) -> list[dict[str, Any]]:
    """An area's borderline index parts: part ("status"/"dynamic"), value (the index, computed from the values the
    mode shows: in public mode published ones), cut, other (the class across the cut) and distance (standard deviations)."""
    out = []
    for part in ("status", "dynamic"):
        if flags[f"{part}_borderline"]:
            own = int(row[f"{part}_class"])
            below, above = int(flags[f"{part}_below"]), int(flags[f"{part}_above"])
            out.append({"part": part, "value": float(row[f"{part}_index"]), "cut": float(flags[f"{part}_cut"]),
                        "other": above if own == below else below, "distance": float(flags[f"{part}_distance"])})
    return out


def class_change(monitor: Monitor, area_id: str, year: int) -> list[dict[str, Any]]:
    """Why the area's classes changed (issue 17 part 4) - for an area of the smallest level, data only.

    Per index definition and part ("status", "dynamic"): the latest edition <= year against the edition before
    (Monitor.index_change): kind "index", index_id, part, before, after (years), index_before/after, class_before/after,
    parts (list of {part, contribution, z_before, z_after, in_before, in_after}: indicators in index order, then
    methods.indices.RESTANDARDISATION; they sum to index_after - index_before), reason (None, or "only_before" /
    "only_after" / "not_rated" when the area is not rated in both editions).
    Per burden rule: the latest rule year <= year against the year before (Monitor.burden_change): kind "rule",
    rule_id, before, after, entered, left (indicator ids), count_before/after, multiple_before/after, movement."""
    area = monitor.area(area_id)
    if area is None or area["level"] != monitor.dataset.level_ids[0]:
        return []
    out: list[dict[str, Any]] = []
    for definition in monitor.dataset.indices:
        if monitor.index_definition(definition.id) is None:
            continue
        years = [y for y in monitor.index_years(definition) if y <= year]
        if len(years) < 2:
            continue
        for part in ("status", "dynamic"):
            change = monitor.index_change(definition, years[-2], years[-1], part)
            entry: dict[str, Any] = {"kind": "index", "index_id": definition.id, "part": part, "before": years[-2],
                                     "after": years[-1], "reason": "not_rated", "parts": []}
            if area_id in change.areas.index:
                row = change.areas.loc[area_id]
                entry.update(reason=row["reason"],
                             index_before=None if pd.isna(row["index_before"]) else float(row["index_before"]),
                             index_after=None if pd.isna(row["index_after"]) else float(row["index_after"]),
                             class_before=None if pd.isna(row["class_before"]) else int(row["class_before"]),
                             class_after=None if pd.isna(row["class_after"]) else int(row["class_after"]))
                own = change.parts[change.parts["area_id"] == area_id]
                entry["parts"] = [{"part": r["part"], "contribution": float(r["contribution"]),
                                   "z_before": None if pd.isna(r["z_before"]) else float(r["z_before"]),
                                   "z_after": None if pd.isna(r["z_after"]) else float(r["z_after"]),
                                   "in_before": bool(r["in_before"]), "in_after": bool(r["in_after"])}
                                  for r in own.to_dict("records")]
            out.append(entry)
    for rule in monitor.burden_rules():
        years = [y for y in monitor.burden_years(rule) if y <= year]
        if len(years) < 2:
            continue
        moved = monitor.burden_change(rule, years[-2], years[-1])
        if area_id not in moved.index:
            continue
        row = moved.loc[area_id]
        out.append({"kind": "rule", "rule_id": rule.id, "before": years[-2], "after": years[-1],
                    "entered": list(row["entered"]), "left": list(row["left"]), "movement": row["movement"],
                    "count_before": None if pd.isna(row["count_before"]) else int(row["count_before"]),
                    "count_after": None if pd.isna(row["count_after"]) else int(row["count_after"]),
                    "multiple_before": bool(row["multiple_before"]), "multiple_after": bool(row["multiple_after"])})
    return out


def _members(monitor: Monitor, area_id: str, level: str) -> set[str]:
    """Smallest-level areas inside `area_id` (all of them for the city)."""
    smallest = monitor.dataset.level_ids[0]
    if level == CITY_LEVEL:
        return set(monitor.areas(smallest)["area_id"])
    return {small for small, owner in monitor.ancestor_at(smallest, level).items() if owner == area_id}


# -- notes -----------------------------------------------------------------------------------------
# Public mode fails closed: only text the editor explicitly released reaches a public response.
# See parse_notes and docs/ingest.md ("Gebietsnotizen") for the convention.
PUBLIC_SECTIONS = {"ziele": "goals", "massnahmen": "measures"}  # normalised: casefold turns "ß" into "ss"
_PUBLIC_HEADING = re.compile(r"^(ziele|massnahmen)(?: (?:ab |bis |seit )?\d{4}(?: (?:bis )?\d{4})?)?$")
_INTERNAL_HEADING = re.compile(r"^(?:nicht ?(?:öffentlich|oeffentlich)\w*|intern(?:e[mnrs]?)?|vertraulich\w*)(?: |$)")
_RELEASE_LINE = re.compile(r"^(?:öffentlich|oeffentlich) ?: ?ja$")
_ATX = re.compile(r"^([ \t]*(?:>[ \t]*)*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?)(#+)(.*)$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_AREA_ID = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


def normalise_heading(text: str) -> str:
    """A heading (or the release line) reduced to what a reader sees: Unicode NFKC (composes a decomposed
    "ö", turns no-break and other special spaces into spaces), casefolded ("ß" -> "ss"), invisible format
    characters (soft hyphen, zero-width space, BOM) dropped, emphasis markers and a closing ``#`` run
    removed, hyphens and dashes read as spaces, any whitespace collapsed, a trailing colon or full stop dropped."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(c for c in text if unicodedata.category(c) != "Cf").casefold()
    text = re.sub(r"[*_`~]", "", text)
    text = "".join(" " if unicodedata.category(c) == "Pd" or c.isspace() else c for c in text)
    text = " ".join(text.split())
    text = re.sub(r"(?:^| )#+$", "", text).strip()
    return text.rstrip(":. ").strip()


def _note_blocks(lines: list[str]) -> list[tuple[int, str, str]]:
    """(heading level or 0 for text, normalised heading text, raw lines) per heading or text line.

    Counts as a heading, generously (an unrecognised heading only ever hides text): a line that starts
    with ``#`` after any indentation, quote markers (``>``) or a list marker, with or without a space
    after the ``#`` run; and a paragraph underlined with ``===`` or ``---`` (Setext). An indented (4 spaces
    or more), quoted or listed ``#`` line gets its level + 10, so it never starts a public section or is the title."""
    blocks: list[tuple[int, str, str]] = []
    paragraph: list[str] = []

    def flush() -> None:
        blocks.extend((0, "", line) for line in paragraph)
        paragraph.clear()

    for line in lines:
        atx = _ATX.match(line)
        if atx:
            flush()
            prefix, hashes, rest = atx.groups()
            plain = not prefix.strip() and len(prefix.expandtabs(4)) <= 3
            blocks.append((len(hashes) if plain else len(hashes) + 10, normalise_heading(rest), line))
        elif paragraph and _SETEXT.match(line):
            level = 1 if line.strip().startswith("=") else 2
            blocks.append((level, normalise_heading(" ".join(paragraph)), "\n".join([*paragraph, line])))
            paragraph.clear()
        elif line.strip():
            paragraph.append(line)
        else:
            flush()
            blocks.append((0, "", line))
    flush()
    return blocks


def parse_notes(text: str, public: bool, titles: Iterable[str] = ()) -> dict[str, Any]:
    """Split an area's notes file into sections; in public mode keep only text explicitly released.

    Convention for data/<dataset>/notes/<area_id>.md (UTF-8 Markdown, no HTML; docs/ingest.md, "Gebietsnotizen"):
    - Release: the first non-empty line ``Öffentlich: ja`` releases the file for the public view (case,
      "oe" for "ö", spaces and emphasis do not matter). Without it the public view shows nothing of the
      file; the internal view shows everything and says that the file is not released. The line itself
      is never shown.
    - an optional first-level title before any text is dropped (the page shows the area name) when it reads
      as one of `titles` (notes passes the area's name, alone and after its level: ``# Am Markt``,
      ``# Planungsraum Am Markt``); any other first-level heading is just another heading (below), so a
      file that opens with ``# Intern`` does not turn its internal text into the description;
    - the text up to the first heading is the qualitative description (public when released);
    - ``## Ziele`` (Teil II, goals) and ``## Maßnahmen`` (measures) start the two other public sections;
      the heading must have exactly two ``#`` at the start of the line and may only go on with a year
      or a span of years (``## Maßnahmen 2025``, ``## Ziele 2025–2030``).
    - Every other heading, of any level and however it is written (``### Lage``, ``## Anhang``,
      ``## Nicht-öffentlich``, ``##Intern``, a ``---`` underlined line …), starts the internal section and
      everything after it stays internal until the next ``## Ziele``/``## Maßnahmen``. Headings are
      compared after normalise_heading; one that reads "Nicht öffentlich", "Intern…" or "Vertraulich"
      is the section's title and dropped, any other stays in the internal text so staff see what was held back.
    - In public mode the internal section, and the whole file if it is not released, is removed here,
      before anything is rendered.
    Returns description, goals, measures, internal (None where absent; always None in public mode for
    internal and, without the release line, for all four) and released (bool: the release line is there).
    """
    lines = text.splitlines()
    released = False
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is not None and _RELEASE_LINE.match(normalise_heading(lines[first])):
        released = True
        del lines[first]
    sections: dict[str, list[str]] = {"description": [], "goals": [], "measures": [], "internal": []}
    current = "description"
    titled = False
    known_titles = {normalise_heading(title) for title in titles if title}
    for level, heading, raw in _note_blocks(lines):
        if level == 0:
            sections[current].append(raw)
            continue
        if level == 2 and _PUBLIC_HEADING.match(heading):
            current = PUBLIC_SECTIONS[_PUBLIC_HEADING.match(heading).group(1)]
            continue
        if (level == 1 and not titled and heading in known_titles and current == "description"
                and not any(s.strip() for s in sections["description"])):
            titled = True  # the title
            continue
        current = "internal"
        if not _INTERNAL_HEADING.match(heading):
            sections["internal"].append(raw)
    out: dict[str, Any] = {k: ("\n".join(v).strip() or None) for k, v in sections.items()}
    if public:
        out["internal"] = None
        if not released:
            out.update(description=None, goals=None, measures=None)
    out["released"] = released
    return out


def notes(monitor: Monitor, area_id: str) -> dict[str, Any]:
    """The area's notes file split by parse_notes (all None when there is none)."""
    empty: dict[str, Any] = {"description": None, "goals": None, "measures": None, "internal": None, "released": False}
    if not _AREA_ID.match(area_id or "") or monitor.area(area_id) is None:
        return empty
    folder = (Path(monitor.dataset.path) / "notes").resolve()
    path = (folder / f"{area_id}.md").resolve()
    if path.parent != folder or not path.is_file():
        return empty
    area = monitor.area(area_id)
    name = str(area["name"])
    level = area["level"]
    titles = [name] + ([f"{monitor.dataset.level(level).label(lang)} {name}" for lang in ("de", "en")]
                       if level in monitor.dataset.level_ids else [])
    return parse_notes(path.read_text(encoding="utf-8"), monitor.public, titles)
