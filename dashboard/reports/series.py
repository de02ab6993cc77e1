"""Time series and change between two years, assembled from a Monitor (plain data, no Dash).

Trends: one line per chosen area plus its parent and the city as reference lines, every year of
the indicator on one axis. Missing years stay gaps (never interpolated), and estimated values
(e.g. carried across a boundary change, or a weighted mean) are kept apart from measured ones so
the chart can draw them differently and show the break where a series changes its basis.

Change: the difference bis − von per area (percentage points for shares), classed on a diverging
7-class palette centred on zero whose warm side is always the worsening side; where the Monitor has the two years'
counts, each change is tested: "deutlich" or "im Rahmen zufälliger Schwankung" (methods/uncertainty.change).

Everything here is language-neutral (numbers, codes, flags, present.LegendEntry); the views make the text.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from dashboard.catalog import CITY_LEVEL, Indicator
from dashboard.methods import uncertainty
from dashboard.methods.classify import NO_DATA_COLOR, SUPPRESSED_COLOR
from dashboard.methods.disclosure import round_values
from dashboard.monitor import NO_VALUE, SUPPRESSED, Monitor
from dashboard.present import LegendEntry

MAX_AREAS = 5
LINE_COLUMNS = ["line_id", "name", "role", "level", "year", "value", "suppressed", "estimate"]

# ColorBrewer diverging schemes, 7 classes (Cynthia Brewer, Apache-2.0), from the first to the last class.
RDBU_7 = ["#b2182b", "#ef8a62", "#fddbc7", "#f7f7f7", "#d1e5f0", "#67a9cf", "#2166ac"]
PUOR_7 = ["#b35806", "#f1a340", "#fee0b6", "#f7f7f7", "#d8daeb", "#998ec3", "#542788"]


# -- what there is: the input of the opening-year rule and of the empty states ---------------------------
def indicators_by_year(monitor: Monitor, area_ids: list[str]) -> dict[int, dict[str, bool]]:
    """Year -> the visible indicators with a value (or a withheld one) for at least one of the areas - the city's
    when none is given - each with True when one of them is measured (not an estimate). Years ascending, mode applied.
    The input of state.opening_year for the profile (one area) and the comparison (its areas), and the comparison
    table's rows in a year."""
    ids = list(area_ids) or [c for c in (monitor.city_id(),) if c]
    out: dict[int, dict[str, bool]] = {}
    for area_id in ids:
        series = monitor.area_series(area_id)
        shown = series[series["value"].notna() | series["suppressed"].astype(bool)]
        for year, indicator_id, estimate in zip(shown["year"], shown["indicator_id"], shown["estimate"].fillna(False)):
            found = out.setdefault(int(year), {})
            found[indicator_id] = found.get(indicator_id, False) or not bool(estimate)
    return dict(sorted(out.items()))


def years_with_values(monitor: Monitor, indicator_id: str, level: str) -> dict[int, dict[str, bool]]:
    """Year -> {indicator_id: True when one of its values is measured} for the years in which an area of the level has
    a value of the indicator that the mode shows: in public mode a year whose every value at the level is withheld is
    not one (monitor.years lists it: it knows the data, not what the public gets). Input of state.opening_year."""
    series = monitor.series(indicator_id, level)
    shown = series[series["value"].notna()]
    out: dict[int, dict[str, bool]] = {}
    for year, estimate in zip(shown["year"], shown["estimate"].fillna(False)):
        found = out.setdefault(int(year), {indicator_id: False})
        found[indicator_id] = found[indicator_id] or not bool(estimate)
    return dict(sorted(out.items()))


def example_areas(monitor: Monitor, level: str, n: int = 3, indicator_id: str | None = None, year: int | None = None,
                  parent: str | None = None, skip: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """A few areas of the level to suggest where a view has nothing to show (area_id, name; the first by id):
    with `indicator_id` and `year` only areas with a value the mode shows; with `parent` only areas inside it."""
    areas = monitor.areas(level)
    if parent is not None:
        areas = areas[areas["parent_id"] == parent]
    if indicator_id is not None and year is not None:
        values = monitor.values(indicator_id, year, level)
        areas = areas[areas["area_id"].isin(values.loc[values["value"].notna(), "area_id"])]
    areas = areas[~areas["area_id"].isin(list(skip))].sort_values("area_id")
    return [{"area_id": a, "name": name} for a, name in zip(areas["area_id"][:n], areas["name"][:n])]


# -- trends ----------------------------------------------------------------------------------------
def area_label(area: dict[str, Any]) -> str:
    return f"{area['name']} ({area['area_id']})"


def trend_frame(monitor: Monitor, indicator_id: str, level: str, area_ids: list[str], reference: bool = True) -> pd.DataFrame:
    """Long table of every line: the chosen areas, then (with `reference`) their parents and the city.

    Columns: line_id, name, role ("area" | "parent" | "city"), level, year, value, suppressed, estimate, lower, upper
    (the 95 % interval: with_line_intervals).
    Each line has a row for every year of the indicator at its level; a year without a value has
    value NaN (a gap). Mode rules come from monitor.series: in public mode withheld values are NaN.
    """
    indicator = monitor.indicator(indicator_id)
    if indicator is None:
        return pd.DataFrame(columns=LINE_COLUMNS + INTERVAL_COLUMNS)
    areas = [a for a in (monitor.area(i) for i in dict.fromkeys(area_ids)) if a and a["level"] == level][:MAX_AREAS]
    lines: list[tuple[dict[str, Any], str]] = [(a, "area") for a in areas]
    if reference:
        chosen = {a["area_id"] for a in areas}
        for area in areas:
            parent = next((p for p in monitor.ancestors(area["area_id"])
                           if p["level"] != CITY_LEVEL and monitor.years(indicator_id, p["level"])), None)
            if parent and parent["area_id"] not in chosen:
                chosen.add(parent["area_id"])
                lines.append((parent, "parent"))
        city = city_area(monitor)
        if city is not None:
            lines.append((city, "city"))
    parts = []
    by_level: dict[str, list[str]] = {}
    for area, _role in lines:
        by_level.setdefault(area["level"], []).append(area["area_id"])
    series = {lv: monitor.series(indicator_id, lv, ids) for lv, ids in by_level.items()}
    for area, role in lines:
        own = series[area["level"]]
        own = own[own["area_id"] == area["area_id"]].set_index("year")
        years = sorted(set(monitor.years(indicator_id, area["level"])) | set(own.index.astype(int)))
        if not years:
            continue
        own = own.reindex(years)
        parts.append(pd.DataFrame({
            "line_id": area["area_id"], "name": area["name"], "role": role, "level": area["level"],
            "year": years, "value": own["value"].astype(float).to_numpy(),
            "suppressed": own["suppressed"].fillna(False).astype(bool).to_numpy(),
            "estimate": own["estimate"].fillna(False).astype(bool).to_numpy(),
        }))
    if not parts:
        return pd.DataFrame(columns=LINE_COLUMNS + INTERVAL_COLUMNS)
    return with_line_intervals(monitor, indicator_id, pd.concat(parts, ignore_index=True)[LINE_COLUMNS])


INTERVAL_COLUMNS = ["lower", "upper"]  # the 95 % interval of each point (NaN without counts): the chart's band


def with_line_intervals(monitor: Monitor, indicator_id: str, frame: pd.DataFrame) -> pd.DataFrame:
    """trend_frame's lines with lower, upper: Monitor.intervals on the frame's cells (area_id, indicator_id, year, value,
    suppressed), so public mode uses published counts only and gives none for a withheld value (docs/methods.md,
    „Unsicherheit kleiner Zahlen“)."""
    cells = pd.DataFrame({"area_id": frame["line_id"].astype(str), "indicator_id": indicator_id,
                          "year": frame["year"].astype(int), "value": frame["value"].astype(float),
                          "suppressed": frame["suppressed"].astype(bool)}, index=frame.index)
    found = monitor.intervals(cells)
    usable = frame["value"].notna().to_numpy()  # a gap has no band
    return frame.assign(lower=found["lower"].where(usable).astype(float), upper=found["upper"].where(usable).astype(float))


def lines_with_values(frame: pd.DataFrame) -> list[str]:
    """The lines (in order) with at least one value to draw; a line of gaps only - no value in any year, or only
    withheld ones in public mode - is no line (e.g. the city of an indicator published for small areas only)."""
    if not len(frame):
        return []
    has = frame.groupby("line_id", sort=False)["value"].apply(lambda v: bool(v.notna().any()))
    return [line_id for line_id, ok in has.items() if ok]


def city_area(monitor: Monitor) -> dict[str, Any] | None:
    """The root area (level CITY_LEVEL)."""
    city = monitor.city_id()
    return monitor.area(city) if city is not None else None


def split_measured_estimated(line: pd.DataFrame) -> dict[str, list]:
    """One line's values as two aligned lists (measured, estimate) with None where the other kind or no value is.

    Drawing each list as its own connected trace leaves a gap at missing years and never joins an
    estimate to a measured value: the change of basis is a visible break.
    """
    line = line.sort_values("year")
    values = line["value"].astype(float)
    has_value = values.notna().to_numpy()
    estimate = line["estimate"].astype(bool).to_numpy()
    as_list = [None if not math.isfinite(v) else float(v) for v in values.fillna(np.nan)]
    return {
        "years": [int(y) for y in line["year"]],
        "measured": [v if ok and not e else None for v, ok, e in zip(as_list, has_value, estimate)],
        "estimate": [v if ok and e else None for v, ok, e in zip(as_list, has_value, estimate)],
        "withheld": [bool(s) for s in line["suppressed"]],
    }


def definition_breaks(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Where a line changes between estimated and measured values from one year with data to the next.

    Returns dicts line_id, year (the first year on the new basis), previous_year, to ("measured" |
    "estimate": the new basis) — one per change. Years without a row at all (the series does not exist
    there) are skipped; a withheld year still has a basis and counts.
    """
    out: list[dict[str, Any]] = []
    for line_id, line in frame.groupby("line_id", sort=False):
        known = line[line["value"].notna() | line["suppressed"]].sort_values("year")
        previous = None
        for row in known.itertuples(index=False):
            if previous is not None and bool(row.estimate) != bool(previous.estimate):
                out.append({"line_id": line_id, "year": int(row.year), "previous_year": int(previous.year),
                            "to": "measured" if previous.estimate else "estimate"})
            previous = row
    return out


def trend_table(frame: pd.DataFrame, public: bool) -> tuple[list[int], list[dict[str, Any]]]:
    """The chart as a table (years as columns). Each cell: value (None where nothing may or can be shown),
    kind ("none" no row, "withheld" public and withheld, "missing", "value"), estimate, withheld (internal mark);
    a "value" cell also lower, upper (its 95 % interval from trend_frame, None without one)."""
    years = sorted({int(y) for y in frame["year"]}) if len(frame) else []
    rows = []
    for line_id, line in frame.groupby("line_id", sort=False):
        first = line.iloc[0]
        by_year = line.set_index("year")
        cells = []
        for year in years:
            if year not in by_year.index:
                cells.append({"value": None, "kind": "none", "estimate": False, "withheld": False})
                continue
            row = by_year.loc[year]
            withheld, estimate = bool(row["suppressed"]), bool(row["estimate"])
            if withheld and public:
                cells.append({"value": None, "kind": "withheld", "estimate": False, "withheld": True})
            elif not pd.notna(row["value"]):
                cells.append({"value": None, "kind": "missing", "estimate": False, "withheld": withheld})
            else:
                lower, upper = row.get("lower"), row.get("upper")  # the 95 % interval (trend_frame), None without one
                bounded = lower is not None and upper is not None and pd.notna(lower) and pd.notna(upper)
                cells.append({"value": float(row["value"]), "kind": "value", "estimate": estimate, "withheld": withheld,
                              "lower": float(lower) if bounded else None, "upper": float(upper) if bounded else None})
        rows.append({"line_id": line_id, "name": first["name"], "role": first["role"], "level": first["level"], "cells": cells})
    return years, rows


# -- change between two years ---------------------------------------------------------------------
@dataclass(frozen=True)
class ChangeBundle:
    """Difference bis − von per area of one level, classed for the diverging change map."""

    indicator_id: str
    level: str
    von: int
    bis: int
    percent_points: bool  # a share: the difference is in percentage points (else in the indicator's unit)
    decimals: int
    table: pd.DataFrame  # index area_id: name, before, after, change, suppressed, estimate, klass, test, low, high
    bounds: list[float]  # six inner class bounds, ascending, symmetric around zero
    colors: list[str]  # seven colours, class 0 (most negative) to class 6 (most positive)
    legend: list[LegendEntry]  # kind "change" (code = class 0..6, lower/upper its bounds), then withheld, no_data
    hideout: dict[str, Any]  # no words: the view adds them (present.hideout_words)
    n_suppressed: int
    n_missing: int
    n_estimates: int
    # the test of each change (change_tests): True when the indicator has an interval and at least one area's change
    # could be tested; False (no counts: the MSS indicators, supply ratios, the public demo) and the map is as before
    tested: bool = False


def is_share(indicator: Indicator) -> bool:
    """A share (unit %): its change is in percentage points."""
    return indicator.unit.strip() == "%"


def diverging_colors(polarity: str) -> list[str]:
    """Seven colours from the most negative to the most positive change; the worsening side warm."""
    if polarity == "higher_is_worse":
        return list(reversed(RDBU_7))  # a rise is a worsening: red on the positive side
    if polarity == "higher_is_better":
        return list(RDBU_7)  # a fall is a worsening: red on the negative side
    return list(PUOR_7)  # no valuation: orange/purple


def nice_step(span: float) -> float:
    """The smallest 'round' number (1, 2, 2.5, 5 × 10^k) at least `span`."""
    if not span > 0 or not math.isfinite(span):
        return 0.0
    exponent = math.floor(math.log10(span))
    for factor in (1, 2, 2.5, 5, 10):
        step = factor * 10 ** exponent
        if step >= span * (1 - 1e-12):
            return step
    return 10 ** (exponent + 1)


def change_bounds(changes, decimals: int) -> tuple[list[float], int]:
    """Six inner bounds ±0.5s, ±1.5s, ±2.5s (s a round step) so 7 classes spread the changes.

    The middle class (−0.5s … +0.5s) is 'about unchanged'. Returns the bounds and the number of
    decimals needed to print them.
    """
    y = np.asarray(changes, dtype=float)
    y = y[np.isfinite(y)]
    # the 95th percentile of |change|, not the maximum: one outlier must not push every other area
    # into the middle class (the outer classes are open-ended anyway)
    largest = float(np.quantile(np.abs(y), 0.95)) if y.size else 0.0
    step = nice_step(largest / 3) or 10.0 ** -decimals  # ±3 steps reach most changes
    step = max(step, 10.0 ** -decimals)
    half = step / 2
    needed = decimals
    while needed < 6 and abs(round(half, needed) - half) > 1e-12:
        needed += 1
    bounds = [-2.5 * step, -1.5 * step, -0.5 * step, 0.5 * step, 1.5 * step, 2.5 * step]
    return [round(b, needed) for b in bounds], needed


def change_classes(changes, bounds: list[float]) -> np.ndarray:
    """Class 0..6 per change, symmetric: the middle class holds −0.5s ≤ x ≤ +0.5s; NaN gives -1."""
    y = np.asarray(changes, dtype=float)
    out = np.full(y.shape, NO_VALUE, dtype=int)
    finite = np.isfinite(y)
    lower = np.searchsorted(np.asarray(bounds[:3]), y[finite], side="right")  # negative side: x < bound is below
    upper = 3 + np.searchsorted(np.asarray(bounds[3:]), y[finite], side="left")  # positive side: x ≤ bound is below
    out[finite] = np.where(y[finite] < bounds[2], lower, np.where(y[finite] > bounds[3], upper, 3))
    return out


def change_bundle(monitor: Monitor, indicator_id: str, level: str, von: int, bis: int) -> ChangeBundle:
    """Difference bis − von for every area of the level; withheld (either year) hatched, missing grey."""
    indicator = monitor.indicator(indicator_id)
    if indicator is None:
        raise KeyError(indicator_id)
    areas = monitor.areas(level).set_index("area_id")[["name"]]
    before = monitor.values(indicator_id, von, level).set_index("area_id")
    after = monitor.values(indicator_id, bis, level).set_index("area_id")
    table = areas.copy()
    table["before"] = before["value"].astype(float).reindex(table.index)
    table["after"] = after["value"].astype(float).reindex(table.index)
    table["suppressed"] = (before["suppressed"].reindex(table.index).fillna(False).astype(bool)
                           | after["suppressed"].reindex(table.index).fillna(False).astype(bool))
    table["estimate"] = (before["estimate"].reindex(table.index).fillna(False).astype(bool)
                         | after["estimate"].reindex(table.index).fillna(False).astype(bool))
    table["change"] = table["after"] - table["before"]
    shown = table.loc[~table["suppressed"], "change"]
    bounds, decimals = change_bounds(shown, indicator.decimals)
    klass = change_classes(table["change"].where(~table["suppressed"]), bounds)
    klass = np.where(table["suppressed"].to_numpy(), SUPPRESSED, klass)
    table["klass"] = klass
    colors = diverging_colors(indicator.polarity)
    legend = [LegendEntry(c, "change", lower=bounds[k - 1] if k > 0 else None, upper=bounds[k] if k < len(bounds) else None,
                          code=k) for k, c in enumerate(colors)]
    n_suppressed = int(table["suppressed"].sum())
    n_missing = int(((klass == NO_VALUE)).sum())
    if n_suppressed:
        legend.append(LegendEntry(SUPPRESSED_COLOR, "withheld", hatched=True))
    legend.append(LegendEntry(NO_DATA_COLOR, "no_data"))
    visible = table[(~table["suppressed"]) & table["change"].notna()]
    estimates = sorted(table.index[table["estimate"] & (table["klass"] >= 0)])
    hideout: dict[str, Any] = {
        "classes": {aid: int(k) for aid, k in zip(table.index, klass)},
        "values": {aid: round(float(v), decimals) for aid, v in zip(visible.index, visible["change"])},
        "colors": colors, "noData": NO_DATA_COLOR, "suppressedColor": SUPPRESSED_COLOR,
        "decimals": decimals, "selected": None, "estimates": estimates,
    }
    if not monitor.public:
        withheld = table[table["suppressed"] & table["change"].notna()]
        hideout["withheld"] = {aid: round(float(v), decimals) for aid, v in zip(withheld.index, withheld["change"])}
    tests = change_tests(monitor, indicator_id, von, bis, before, after, table)
    table = table.join(tests)
    tested = table[table["test"] != uncertainty.NO_TEST]
    if len(tested):
        # [1 deutlich | 0 im Rahmen zufälliger Schwankung, lower, upper of the difference's 95 % interval]: the view adds
        # the words, assets/qm_map.js fades the random ones (fadeRandom) and writes the tooltip line
        hideout["tests"] = {aid: [int(v == uncertainty.CLEAR), float(lo), float(hi)]
                            for aid, v, lo, hi in zip(tested.index, tested["test"], tested["low"], tested["high"])}
    return ChangeBundle(indicator_id, level, int(von), int(bis), is_share(indicator), decimals, table, bounds, colors, legend, hideout,
                        n_suppressed, n_missing, len(estimates), tested=bool(len(tested)))


def change_tests(monitor: Monitor, indicator_id: str, von: int, bis: int, before: pd.DataFrame, after: pd.DataFrame,
                 table: pd.DataFrame) -> pd.DataFrame:
    """Per area of `table`: test ("clear" | "random" | "none": methods/uncertainty.change on the two years' counts from
    Monitor.cell_counts, mode applied - in public mode only published counts) and low, high (the 95 % interval of
    bis − von in the indicator's unit, percentage points for a share; rounded to the indicator's decimals).
    "none" where there is no interval (Monitor.interval_method), no counts in either year, or the change is withheld
    or missing (no class on the map, no verdict)."""
    indicator = monitor.indicator(indicator_id)
    out = pd.DataFrame({"test": uncertainty.NO_TEST, "low": np.nan, "high": np.nan}, index=table.index)
    method = monitor.interval_method(indicator_id)
    if method == uncertainty.NONE or not len(table):
        return out

    def cells(frame: pd.DataFrame, year: int) -> pd.DataFrame:
        frame = frame.reindex(table.index)
        return pd.DataFrame({"area_id": table.index.astype(str), "indicator_id": indicator_id, "year": int(year),
                             "value": frame["value"].astype(float).to_numpy(),
                             "suppressed": frame["suppressed"].fillna(False).astype(bool).to_numpy()}, index=table.index)

    one, two = monitor.cell_counts(cells(before, von)), monitor.cell_counts(cells(after, bis))
    pair = ((one["numerator"].to_numpy(), one["denominator"].to_numpy()), (two["numerator"].to_numpy(), two["denominator"].to_numpy()))
    verdict = uncertainty.change(*pair, method, scale=indicator.scale, decimals=indicator.decimals)  # as the bounds are shown
    low, high = uncertainty.difference_interval(*pair, method, indicator.scale)
    shown = (table["klass"].to_numpy() >= 0) & table["change"].notna().to_numpy()
    verdict = np.where(shown, verdict, uncertainty.NO_TEST)
    has = verdict != uncertainty.NO_TEST
    out["test"] = verdict
    out["low"] = np.where(has, round_values(low, indicator.decimals), np.nan)  # as the public values are rounded
    out["high"] = np.where(has, round_values(high, indicator.decimals), np.nan)
    return out


def change_indicators(monitor: Monitor) -> list[Indicator]:
    """Indicators a difference makes sense for: not categorical classes, and at least two years somewhere."""
    return [i for i in monitor.indicators()
            if i.kind != "class" and any(len(monitor.years(i.id, lv)) >= 2 for lv in monitor.levels_for(i.id))]


def change_levels(monitor: Monitor, indicator_id: str) -> list[str]:
    """The levels at which the indicator has at least two years."""
    return [lv for lv in monitor.levels_for(indicator_id) if len(monitor.years(indicator_id, lv)) >= 2]
