"""The one way UI code gets data: store queries + pure methods + the rules of the current mode.

Public mode is enforced here, server-side, before anything reaches a layout or callback:
non-public indicators do not exist for the UI, and suppressed values are removed (not hidden).
Bundles are cached per process; the dataset release id is part of every cache key, so a new data
release never serves stale colours.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from dashboard.catalog import CITY_LEVEL, Dataset, Indicator
from dashboard.methods.burden import BurdenRule, burden_change, burden_palette, burden_table, scenario_diff
from dashboard.methods.classify import (
    NO_DATA_COLOR,
    SUPPRESSED_COLOR,
    assign_classes,
    categorical_classes,
    categorical_palette,
    class_breaks,
    palette,
)
from dashboard.methods.indices import IndexChange, IndexDefinition, decompose_index_change, index_terms, status_dynamics
from dashboard.methods.rank import COLUMNS as STANDING_COLUMNS
from dashboard.methods.rank import standings
from dashboard.methods.disclosure import Decision, protect, published_counts, round_values, rules_from_registry
from dashboard.methods.suppress import redact, suppression_mask
from dashboard.methods import uncertainty
from dashboard.present import LegendEntry
from dashboard.store import Store

NO_VALUE = -1  # class code: no value at all
SUPPRESSED = -2  # class code: value withheld (geringe Fallzahl / nicht bewertet)


@dataclass(frozen=True)
class MapBundle:
    """Everything the map needs to colour one indicator/year/level, language-neutral: `hideout` (classes,
    values, colours) goes to the browser once dashboard.present has added its words."""

    indicator_id: str
    year: int
    level: str
    hideout: dict[str, Any]
    legend: list[LegendEntry]
    n_areas: int
    n_values: int
    n_suppressed: int
    n_estimates: int
    classification: str  # how the classes were formed (present.classification_text)


@dataclass(frozen=True)
class BurdenBundle:
    rule: BurdenRule
    year: int
    table: pd.DataFrame  # index area_id: name, population, per-indicator flags, burden_count, burdens, rated, multiple
    hideout: dict[str, Any]
    legend: list[LegendEntry]
    totals: pd.DataFrame  # index burden_count 0..n: areas, population
    diff: dict[str, list[str]] | None  # scenario vs official: entered, left


@dataclass(frozen=True)
class KeyFigure:
    indicator: Indicator
    value: float | None
    city_value: float | None
    suppressed: bool
    estimate: bool


@dataclass(frozen=True)
class Publication:
    """What public mode may publish: every withheld cell (primary and secondary suppression) of the
    public indicators, decided once per release for the whole dataset (dashboard/methods/disclosure.py)."""

    withheld: frozenset[tuple[str, str, int]]  # (area_id, indicator_id, year)
    stats: dict[str, Any]
    # (indicator_id, year) -> (count indicator that publishes its numerator, … its denominator)
    counts: dict[tuple[str, int], tuple[str | None, str | None]] = field(default_factory=dict)

    def mask(self, area_ids, indicator_ids, years) -> np.ndarray:
        keys = zip(area_ids, indicator_ids, (int(y) for y in years))
        return np.fromiter((k in self.withheld for k in keys), dtype=bool)


class Monitor:
    def __init__(self, dataset: Dataset, store: Store, public: bool = False, cache: Any = None):
        """cache: anything with get(key)/set(key, value) (a flask-caching Cache), shared by workers."""
        self.dataset = dataset
        self.store = store
        self.public = public
        self.cache = cache
        self._years: dict[tuple[str, str], list[int]] | None = None
        self._parents: dict[str, dict[str, tuple[str | None, str | None]]] = {}
        # First level: this process (lru); second level: the shared cache, so several gunicorn
        # workers compute a bundle once. Keys carry the release id and the mode.
        self.map_bundle = lru_cache(maxsize=512)(self._shared_map_bundle)
        # raw values for a set of indicators: a burden scenario re-rates them, it never re-reads them
        self._wide = lru_cache(maxsize=256)(self._wide_uncached)
        # Frames that page renders read again and again: one indicator's values (map table, ranks),
        # an area's series (profile header, years, key figures), and the burden table and index
        # classes, which are the same for every profile. Per process and per mode (one Monitor per
        # mode); handed out as copies, so no caller can change a cached frame. No rendered text here.
        self._values = lru_cache(maxsize=512)(self._values_uncached)
        # the values that take part in ranking: every profile of a level ranks the same ~25 of them
        self._rated = lru_cache(maxsize=1024)(self._rated_uncached)
        self._standings = lru_cache(maxsize=1024)(self._standings_uncached)
        self._area_series = lru_cache(maxsize=256)(self._area_series_uncached)
        self._burden = lru_cache(maxsize=64)(self._burden_uncached)
        self._index_classes = lru_cache(maxsize=64)(self._index_classes_uncached)
        self._index_change = lru_cache(maxsize=32)(self._index_change_uncached)
        # area lookups: a profile render asks for the same area, its ancestors and children several times
        self._area = lru_cache(maxsize=4096)(self._area_uncached)
        self._ancestors = lru_cache(maxsize=1024)(self._ancestors_uncached)
        self._children = lru_cache(maxsize=1024)(self._children_uncached)
        self._neighbours = lru_cache(maxsize=4096)(self._neighbours_uncached)
        self._publication: Publication | None = None
        self._counts: pd.DataFrame | None = None  # cell_counts: the stored counts (internal) or the published ones (public)
        self._city: tuple[str | None] | None = None  # (root area id,) once read
        self._areas: dict[str, pd.DataFrame] = {}  # level -> its areas (the hierarchy is fixed for a release)
        self._ancestor_at: dict[tuple[str, str], dict[str, str]] = {}

    def cached(self, kind: str, key: tuple, compute):
        """A derived bundle from the shared cache (all workers), keyed by release, mode and key."""
        if self.cache is None:
            return compute()
        full = f"{kind}:{self.dataset.release}:{'public' if self.public else 'internal'}:" + ":".join(str(k) for k in key)
        value = self.cache.get(full)
        if value is None:
            value = compute()
            self.cache.set(full, value)
        return value

    def _shared_map_bundle(self, indicator_id: str, year: int, level: str) -> MapBundle:
        return self.cached("map", (indicator_id, int(year), level), lambda: self._map_bundle(indicator_id, year, level))

    # -- registry views (mode-aware) -------------------------------------------------------
    def indicators(self) -> list[Indicator]:
        return [i for i in self.dataset.indicators.values() if i.public or not self.public]

    def indicator(self, indicator_id: str) -> Indicator | None:
        indicator = self.dataset.indicators.get(indicator_id) if isinstance(indicator_id, str) else None
        if indicator is None or (self.public and not indicator.public):
            return None
        return indicator

    def _years_by_indicator_and_level(self) -> dict[tuple[str, str], list[int]]:
        """(indicator id, level) -> its years, read once per Monitor."""
        if self._years is None:
            rows = self.store.rows("indicator_years")
            self._years = {(ind, lv): [int(y) for y in years] for ind, lv, years in rows}
        return self._years

    def years(self, indicator_id: str, level: str) -> list[int]:
        return self._years_by_indicator_and_level().get((indicator_id, level), [])

    def all_years(self) -> list[int]:
        """Every year any indicator has values in (all modes and levels), sorted."""
        return sorted({y for years in self._years_by_indicator_and_level().values() for y in years})

    def levels_for(self, indicator_id: str) -> list[str]:
        indicator = self.indicator(indicator_id)
        if indicator is None:
            return []
        return [lv for lv in self.dataset.level_ids if indicator.available_at(lv) and self.years(indicator_id, lv)]

    def focus_for(self, area_id: Any, level: str) -> str | None:
        """area_id if it is an area of a higher level than `level` (a valid drill-down focus)."""
        area = self.area(area_id) if area_id else None
        levels = self.dataset.level_ids
        if area is None or area["level"] not in levels or level not in levels:
            return None
        return area["area_id"] if levels.index(area["level"]) > levels.index(level) else None

    # -- areas -------------------------------------------------------------------------------
    def area(self, area_id: Any) -> dict[str, Any] | None:
        if not isinstance(area_id, str) or not area_id or len(area_id) > 64:
            return None
        found = self._area(area_id)
        return dict(found) if found else None

    def _area_uncached(self, area_id: str) -> dict[str, Any] | None:
        rows = self.store.rows("area_by_id", {"area_id": area_id})
        if not rows:
            return None
        aid, level, name, parent = rows[0]
        return {"area_id": aid, "level": level, "name": name, "parent_id": parent}

    def ancestors(self, area_id: str) -> list[dict[str, str]]:
        if not isinstance(area_id, str):
            return []
        return [dict(a) for a in self._ancestors(area_id)]

    def _ancestors_uncached(self, area_id: str) -> tuple[dict[str, str], ...]:
        return tuple(dict(zip(("area_id", "level", "name"), r)) for r in self.store.rows("ancestors_of_area", {"area_id": area_id}))

    def neighbours(self, area_id: Any) -> list[str]:
        """The adjacent areas of the same level (sharing a border, not only a corner), longest shared border
        first, as computed at import; [] for an unknown area or one without neighbours."""
        if not isinstance(area_id, str) or not area_id or len(area_id) > 64:
            return []
        return list(self._neighbours(area_id))

    def _neighbours_uncached(self, area_id: str) -> tuple[str, ...]:
        rows = self.store.rows("neighbours_of_area", {"area_id": area_id})
        return tuple(rows[0][0] or ()) if rows else ()

    # -- values --------------------------------------------------------------------------------
    def _mask(self, indicator: Indicator, frame: pd.DataFrame) -> pd.Series:
        return suppression_mask(
            frame,
            min_denominator=indicator.min_denominator,
            min_numerator=indicator.min_numerator,
            min_population=self.dataset.min_population,
            applies_population_rule=indicator.population_rule,
        )

    def _mask_rows(self, frame: pd.DataFrame) -> pd.Series:
        """Suppression for a frame mixing indicators (column indicator_id), each by its own rule."""
        registry = self.dataset.indicators
        ids = frame["indicator_id"]
        return suppression_mask(
            frame,
            min_denominator=ids.map({k: i.min_denominator for k, i in registry.items()}).fillna(0).to_numpy(dtype=float),
            min_numerator=ids.map({k: i.min_numerator for k, i in registry.items()}).fillna(0).to_numpy(dtype=float),
            min_population=self.dataset.min_population,
            applies_population_rule=ids.map({k: i.population_rule for k, i in registry.items()})
                                       .fillna(True).to_numpy(dtype=bool),
        )

    def values(self, indicator_id: str, year: int, level: str) -> pd.DataFrame:
        """area_id, name, value, suppressed, estimate for one indicator/year/level (mode applied)."""
        if self.indicator(indicator_id) is None:
            return pd.DataFrame(columns=["area_id", "name", "value", "suppressed", "estimate"])
        return self._values(indicator_id, int(year), str(level)).copy()

    def _values_uncached(self, indicator_id: str, year: int, level: str) -> pd.DataFrame:
        indicator = self.indicator(indicator_id)
        frame = self.store.frame(
            "indicator_values_by_level",
            {"indicator_id": indicator_id, "year": int(year), "level": level,
             "population_indicator": self.dataset.population_indicator},
        )
        frame = frame.assign(year=int(year))
        return self._apply_mode(frame, self._mask(indicator, frame), indicator_id=indicator_id)[
            ["area_id", "name", "value", "suppressed", "estimate"]]

    def rated_values(self, indicator_id: str, year: int, level: str) -> pd.Series:
        """Values that take part in ranking (not withheld, not missing), by area id (mode applied)."""
        return self._rated(indicator_id, int(year), str(level)).copy()

    def _rated_uncached(self, indicator_id: str, year: int, level: str) -> pd.Series:
        values = self.values(indicator_id, year, level).set_index("area_id")
        return values.loc[~values["suppressed"].astype(bool), "value"].astype(float).dropna()

    def standings(self, indicator_id: str, year: int, level: str) -> pd.DataFrame:
        """Rank and percentile of every rated value among the level's areas (methods/rank.standings), index area_id.

        Computed from rated_values only, i.e. in public mode from the published, rounded values with the withheld
        ones removed: a withheld area has no row, n counts the published values, and every number here follows from
        what the public map shows (tests/unit/test_rank.py proves it against the map's hideout)."""
        indicator = self.indicator(indicator_id)
        if indicator is None:
            return pd.DataFrame(columns=STANDING_COLUMNS)
        return self._standings(indicator_id, int(year), str(level)).copy()

    def _standings_uncached(self, indicator_id: str, year: int, level: str) -> pd.DataFrame:
        indicator = self.indicator(indicator_id)
        return standings(self.rated_values(indicator_id, year, level), indicator.polarity, indicator.kind)

    def _map_bundle(self, indicator_id: str, year: int, level: str) -> MapBundle:
        indicator = self.indicator(indicator_id)
        if indicator is None:
            raise KeyError(indicator_id)
        frame = self.values(indicator_id, year, level)
        shown = frame[~frame["suppressed"]]
        colors: list[str]
        if indicator.kind == "class" and indicator.categories:
            codes = list(indicator.categories)
            classes = categorical_classes(frame["value"], codes)
            colors = list(indicator.colors) or categorical_palette(indicator.polarity, len(codes))
            legend = [LegendEntry(c, "category", code=code) for c, code in zip(colors, codes)]
            breaks: list[float] = []
        else:
            breaks = class_breaks(shown["value"], indicator.classification, indicator.classes)
            classes = assign_classes(frame["value"], breaks)
            colors = palette(indicator.polarity, len(breaks))
            legend = _range_legend(shown["value"], breaks, colors)
        classes = np.where(frame["suppressed"].to_numpy(), SUPPRESSED, classes)
        decimals = indicator.decimals
        estimate = frame["estimate"].fillna(False).astype(bool).to_numpy()
        values = {
            aid: round(float(v), decimals)
            for aid, v, s in zip(frame["area_id"], frame["value"], frame["suppressed"])
            if not s and v is not None and math.isfinite(v)
        }
        hideout = {
            "key": f"{indicator_id}|{int(year)}|{level}",  # which colouring this is (assets/qm_map.js reports it painted)
            "classes": {aid: int(c) for aid, c in zip(frame["area_id"], classes)},
            "values": values,
            "colors": colors,
            "noData": NO_DATA_COLOR,
            "suppressedColor": SUPPRESSED_COLOR,
            "decimals": decimals,
            "selected": None,
            # areas whose value is an estimate (carried across a boundary change, or a weighted mean)
            "estimates": sorted(frame.loc[estimate, "area_id"]),
        }
        # an area's rank and share (standings()) reach the tooltip as text in the page language: ui/map.py map_hideout
        if not self.public:
            hideout["withheld"] = {aid: round(float(v), decimals) for aid, v, s in zip(frame["area_id"], frame["value"], frame["suppressed"]) if s and v == v}
        n_suppressed = int(frame["suppressed"].sum())
        if n_suppressed:
            legend.append(LegendEntry(SUPPRESSED_COLOR, "withheld", hatched=True))
        legend.append(LegendEntry(NO_DATA_COLOR, "no_data"))
        classification = indicator.classification if indicator.kind != "class" else "categorical"
        return MapBundle(indicator_id, int(year), level, hideout, legend, len(frame), len(values), n_suppressed,
                         int(estimate.sum()), classification)

    def _apply_mode(self, frame: pd.DataFrame, mask: pd.Series, indicator_id: str | None = None,
                    area_id: str | None = None) -> pd.DataFrame:
        """Flag withheld rows. In public mode the withheld rows are those of disclosure control (primary and
        secondary suppression), their value and counts are blanked (they never leave the server), and every
        other value is rounded to display precision (a full-precision share is an exact fraction).

        The frame has area_id (or `area_id` is given), indicator_id (or `indicator_id`) and year columns."""
        if not self.public:
            frame = frame.copy()
            frame["suppressed"] = mask.to_numpy()
            frame["estimate"] = frame["estimate"].fillna(False).astype(bool)
            return frame
        areas = frame["area_id"] if area_id is None else [area_id] * len(frame)
        indicators = frame["indicator_id"] if indicator_id is None else [indicator_id] * len(frame)
        withheld = mask.to_numpy() | self.publication().mask(areas, indicators, frame["year"])
        frame = redact(frame, pd.Series(withheld, index=frame.index))
        decimals = pd.Series(list(indicators), index=frame.index).map(
            {k: i.decimals for k, i in self.dataset.indicators.items()}).fillna(2).astype(int).to_numpy()
        frame["value"] = round_values(frame["value"].to_numpy(dtype=float), decimals)
        frame["suppressed"] = withheld
        frame["estimate"] = frame["estimate"].fillna(False).astype(bool)
        return frame

    # -- disclosure control (public mode) ------------------------------------------------------------
    def publication(self) -> Publication:
        """The withheld cells of public mode, decided once per release (shared by the workers through the cache)."""
        if self._publication is None:
            self._publication = self.cached("publication", (), self._publication_uncached)
        return self._publication

    def _publication_uncached(self) -> Publication:
        every = self._all_disclosure_cells()
        cells = self.disclosure_cells(every)
        decision = self.disclosure_decision(cells)
        hit = cells[decision.withheld.to_numpy()]
        withheld = set(zip(hit["area_id"], hit["indicator_id"], hit["year"].astype(int)))
        withheld |= self._withheld_supply_ratios(every, cells, withheld)
        return Publication(frozenset(withheld), decision.stats, published_counts(decision.struct, self.disclosure_rules()))

    def supply_ratios(self) -> dict[str, str]:
        """Public supply ratios whose numerator the facility points publish -> their denominator indicator."""
        from dashboard import facilities
        return {r: per for r, per in facilities.supply_ratios(self.dataset).items()
                if r in self.dataset.indicators and self.dataset.indicators[r].public}

    def _withheld_supply_ratios(self, every: pd.DataFrame, cells: pd.DataFrame, withheld: set) -> set:
        """A supply ratio is withheld wherever its denominator count is withheld or not public (facilities.supply_ratios):
        the places are public, so places / ratio would give the count. every: _all_disclosure_cells(); cells: the part
        disclosure control decided (disclosure_cells), withheld: its decision."""
        ratios = self.supply_ratios()
        if not ratios:
            return set()
        own = every[every["indicator_id"].isin(list(ratios))]
        shown = set(zip(cells["area_id"], cells["indicator_id"], cells["year"].astype(int))) - withheld
        return {(a, r, int(y)) for a, r, y in zip(own["area_id"], own["indicator_id"], own["year"])
                if (a, ratios[r], int(y)) not in shown}

    def _all_disclosure_cells(self) -> pd.DataFrame:
        return self.store.frame("disclosure_cells", {"population_indicator": self.dataset.population_indicator})

    def disclosure_cells(self, every: pd.DataFrame | None = None) -> pd.DataFrame:
        """Every value of the public indicators with the area's population (input of disclosure control); the supply
        ratios follow their denominators instead (supply_ratios, _withheld_supply_ratios). every: the cells of all
        indicators (_all_disclosure_cells), when the caller has read them already."""
        cells = self._all_disclosure_cells() if every is None else every
        public = [k for k, i in self.dataset.indicators.items() if i.public and k not in self.supply_ratios()]
        return cells[cells["indicator_id"].isin(public)].reset_index(drop=True)

    def disclosure_rules(self):
        ratios = self.supply_ratios()
        return rules_from_registry({k: i for k, i in self.dataset.indicators.items() if i.public and k not in ratios})

    def parent_map(self) -> dict[str, str | None]:
        return {a: p for a, p in self.store.rows("area_parents")}

    def disclosure_decision(self, cells: pd.DataFrame | None = None, run_audit: bool = False) -> Decision:
        """Primary and secondary suppression of the public indicators (methods/disclosure.protect);
        cells: disclosure_cells(), when the caller has read them already."""
        cells = self.disclosure_cells() if cells is None else cells
        return protect(cells, self.disclosure_rules(), self.parent_map(), self.dataset.min_population,
                       run_audit=run_audit, population_indicator=self.dataset.population_indicator)

    # -- uncertainty (docs/methods.md, „Unsicherheit kleiner Zahlen“) -----------------------------------------
    def interval_method(self, indicator_id: str) -> str:
        """The indicator's interval (methods/uncertainty.interval_method): Wilson for shares, Poisson for rates, none
        for supply ratios (counted from the facilities, no random outcome) and for whatever else has no counts."""
        from dashboard import facilities

        indicator = self.indicator(indicator_id)
        if indicator is None:
            return uncertainty.NONE
        return uncertainty.interval_method(indicator.kind, indicator.interval,
                                           supply_ratio=indicator_id in facilities.supply_ratios(self.dataset))

    def indicators_with_intervals(self) -> list[str]:
        """The visible indicators that get an interval somewhere: an interval method and counts - stored ones
        (internal), or a published count indicator as denominator in some year (public; cell_counts)."""
        if self.public:
            has_counts = {i for (i, _year), (_n, d) in self.publication().counts.items() if d}
        else:
            has_counts = set(self._count_table().index.get_level_values("indicator_id"))
        return [i.id for i in self.indicators() if i.id in has_counts and self.interval_method(i.id) != uncertainty.NONE]

    def cell_counts(self, cells: pd.DataFrame) -> pd.DataFrame:
        """numerator and denominator behind each cell (columns area_id, indicator_id, year, value, suppressed: as
        values()/series()/area_series() give them, mode applied), aligned with cells' index; NaN where there are none.

        Internal: the stored counts. Public: only what is published - the denominator where a published count indicator
        is that quantity (Publication.counts, e.g. EW behind ANT_65U), the numerator likewise or else value × denominator
        / scale from the published (rounded) value; nothing for a withheld cell. An interval or test computed from them
        therefore follows from published numbers and can reveal nothing the disclosure audit has not seen."""
        out = pd.DataFrame({"numerator": np.nan, "denominator": np.nan}, index=cells.index)
        if cells.empty:
            return out
        keys = pd.MultiIndex.from_arrays([cells["area_id"].astype(str), cells["indicator_id"].astype(str),
                                          cells["year"].astype(int)])
        if not self.public:
            table = self._count_table()
            found = table.reindex(keys)
            out["numerator"] = found["numerator"].to_numpy(dtype=float)
            out["denominator"] = found["denominator"].to_numpy(dtype=float)
            return out
        counts = self.publication().counts
        published = self._count_table()["value"]
        shown = ~cells["suppressed"].astype(bool).to_numpy() & np.isfinite(cells["value"].to_numpy(dtype=float))
        pairs = [counts.get((i, int(y)), (None, None)) if ok else (None, None)
                 for i, y, ok in zip(cells["indicator_id"], cells["year"], shown)]

        def lookup(ids):
            wanted = pd.MultiIndex.from_arrays([cells["area_id"].astype(str), [c or "" for c in ids], cells["year"].astype(int)])
            return published.reindex(wanted).to_numpy(dtype=float)

        denominator = lookup([d for _n, d in pairs])
        numerator = lookup([n for n, _d in pairs])
        scale = cells["indicator_id"].map({k: i.scale for k, i in self.dataset.indicators.items()}).to_numpy(dtype=float)
        derived = cells["value"].to_numpy(dtype=float) * denominator / scale
        out["denominator"] = denominator
        out["numerator"] = np.where(np.isfinite(numerator), numerator, derived)
        return out

    def _count_table(self) -> pd.DataFrame:
        """Internal: numerator, denominator of every cell with counts. Public: the published value of every count
        indicator (withheld ones left out, rounded as published), the only counts public intervals may use."""
        if self._counts is None:
            if not self.public:
                table = self.store.frame("cell_counts")
            else:
                every = self._all_disclosure_cells()
                ids = [k for k, i in self.dataset.indicators.items() if i.kind == "count" and i.public]
                table = every[every["indicator_id"].isin(ids)].copy()
                withheld = self.publication().mask(table["area_id"], table["indicator_id"], table["year"])
                table = table[~withheld]
                decimals = table["indicator_id"].map({k: i.decimals for k, i in self.dataset.indicators.items()}).to_numpy()
                table = table.assign(value=round_values(table["value"].to_numpy(dtype=float), decimals))
            table = table.assign(area_id=table["area_id"].astype(str), year=table["year"].astype(int))
            self._counts = table.set_index(["area_id", "indicator_id", "year"]).sort_index()
        return self._counts

    def intervals(self, cells: pd.DataFrame) -> pd.DataFrame:
        """The 95 % interval (lower, upper, in the indicator's unit) of each cell, with its counts and method, aligned
        with cells' index (columns as for cell_counts). NaN where the indicator has no interval, the cell no counts or
        (public) the counts are not published. Public mode: from published numbers only, rounded like the value."""
        counts = self.cell_counts(cells)
        methods = cells["indicator_id"].map({i: self.interval_method(i) for i in cells["indicator_id"].unique()})
        out = counts.assign(method=methods.to_numpy(), lower=np.nan, upper=np.nan)
        for (indicator_id, method), part in out.groupby([cells["indicator_id"], out["method"]], sort=False):
            if method == uncertainty.NONE:
                continue
            indicator = self.indicator(indicator_id)
            lower, upper = uncertainty.interval(part["numerator"], part["denominator"], method, indicator.scale)
            if self.public:
                lower, upper = round_values(lower, indicator.decimals), round_values(upper, indicator.decimals)
            out.loc[part.index, "lower"], out.loc[part.index, "upper"] = lower, upper
        return out

    def series(self, indicator_id: str, level: str, area_ids: list[str] | None = None) -> pd.DataFrame:
        """area_id, year, value, suppressed, estimate over all years (mode applied)."""
        indicator = self.indicator(indicator_id)
        columns = ["area_id", "year", "value", "suppressed", "estimate"]
        if indicator is None:
            return pd.DataFrame(columns=columns)
        frame = self.store.frame("indicator_series", {"indicator_id": indicator_id, "level": level,
                                                      "population_indicator": self.dataset.population_indicator})
        if area_ids is not None:
            frame = frame[frame["area_id"].isin(area_ids)]
        return self._apply_mode(frame, self._mask(indicator, frame), indicator_id=indicator_id)[columns].reset_index(drop=True)

    def area_series(self, area_id: str) -> pd.DataFrame:
        """indicator_id, year, value, suppressed, estimate for one area, visible indicators only (mode applied)."""
        return self._area_series(str(area_id)).copy()

    def _area_series_uncached(self, area_id: str) -> pd.DataFrame:
        frame = self.store.frame("area_series", {"area_id": area_id, "population_indicator": self.dataset.population_indicator})
        frame = frame[frame["indicator_id"].isin([i.id for i in self.indicators()])].reset_index(drop=True)
        return self._apply_mode(frame, self._mask_rows(frame), area_id=area_id)[
            ["indicator_id", "year", "value", "suppressed", "estimate"]]

    def parents(self, level: str) -> dict[str, tuple[str | None, str | None]]:
        """area_id -> (parent id, parent name) for every area of a level (cached per process)."""
        if level not in self._parents:
            self._parents[level] = {a: (p, n) for a, p, n in self.store.rows("parents_of_level", {"level": level})}
        return self._parents[level]

    def descendants(self, area_id: str, level: str) -> list[str]:
        """Ids of the areas of `level` inside `area_id` (e.g. the Planungsräume of a Bezirk)."""
        return [r[0] for r in self.store.rows("descendants_at_level", {"area_id": area_id, "level": level})]

    def children(self, area_id: str) -> list[dict[str, str]]:
        if not isinstance(area_id, str):
            return []
        return [dict(c) for c in self._children(area_id)]

    def _children_uncached(self, area_id: str) -> tuple[dict[str, str], ...]:
        return tuple(dict(zip(("area_id", "level", "name"), r)) for r in self.store.rows("children_of_area", {"area_id": area_id}))

    def areas(self, level: str) -> pd.DataFrame:
        """area_id, name, parent_id of every area of a level (any level, the city's too), sorted by id."""
        if level not in self._areas:
            self._areas[level] = self.store.frame("areas_by_level", {"level": level})
        return self._areas[level].copy()

    def area_names(self, level: str) -> dict[str, str]:
        """area_id -> name for every area of a level."""
        frame = self.areas(level)
        return dict(zip(frame["area_id"], frame["name"]))

    def ancestor_at(self, level: str, top: str) -> dict[str, str]:
        """For every area of `level`, its ancestor at level `top` (e.g. each Planungsraum's Bezirk)."""
        key = (level, top)
        if key not in self._ancestor_at:
            self._ancestor_at[key] = dict(self.store.rows("district_of_areas", {"level": level, "top": top}))
        return dict(self._ancestor_at[key])

    def search(self, text: Any, limit: int = 12) -> list[dict[str, str]]:
        """Areas whose name or id contains the text (any level except the city)."""
        if not isinstance(text, str) or not text.strip() or len(text) > 80:
            return []
        return [dict(zip(("area_id", "level", "name"), r))
                for r in self.store.rows("search_areas", {"text": text.strip(), "limit": int(limit)})]

    # -- gazetteer (dashboard/gazetteer.py): public open data, no indicator values -------------------
    def has_gazetteer(self) -> bool:
        """Whether the dataset has a gazetteer (places people know: addresses, postcodes, Ortsteile)."""
        if not hasattr(self, "_gazetteer_rows"):
            self._gazetteer_rows = self.store.rows("gazetteer_size")[0][0]
        return self._gazetteer_rows > 0

    def search_places(self, text: Any, limit: int = 8) -> tuple[list[dict], list[dict]]:
        """(addresses, places) matching what a user typed: addresses when it ends in a house number ("Sonnenallee 100,
        12049"), each with its area; places (Ortsteil, postcode, street, colloquial name) by exact key, then prefix,
        then contains, each with its addresses, areas and postcodes."""
        from dashboard.gazetteer import parse_query

        if not isinstance(text, str) or not text.strip() or len(text) > 80 or not self.has_gazetteer():
            return [], []
        query = parse_query(text)
        addresses: list[dict] = []
        if query.number and query.street_key:
            # "Sonnenallee 100a, 12049" where there is no 100a, or not in 12049: the nearest the register has
            digits = query.number_digits
            for number, postcode in dict.fromkeys(((query.number, query.postcode), (digits, query.postcode),
                                                   (query.number, None), (digits, None))):
                addresses = [dict(zip(("name", "number", "postcode", "area_id", "area_name"), r)) for r in self.store.rows(
                    "search_addresses", {"street": query.street_key, "number": number, "postcode": postcode, "limit": int(limit)})]
                if addresses:
                    break
        places: list[dict] = []
        for key in dict.fromkeys(k for k in (query.key, query.street_key) if k):  # "Straße 70" is a street's name
            if addresses or places:
                break
            places = [dict(zip(("kind", "name", "postcodes", "weight", "areas", "area_id", "rank"), r)) for r in self.store.rows(
                "search_places", {"key": key, "postcode": query.postcode, "limit": int(limit)})]
        return addresses, places

    def place_areas(self, text: Any) -> pd.DataFrame:
        """The areas of the places named exactly `text` (any kind but addresses; "Wrangelstraße, 10997": the street in
        that postcode): kind, name, area_id, area_name, level, weight (the place's addresses there), share (of the
        place's addresses), postcodes."""
        from dashboard.gazetteer import parse_query

        columns = ["kind", "name", "area_id", "area_name", "level", "weight", "postcodes", "share"]
        if not isinstance(text, str) or not text.strip() or len(text) > 80 or not self.has_gazetteer():
            return pd.DataFrame(columns=columns)
        query = parse_query(text)
        frame = self.store.frame("place_areas", {"key": query.key, "postcode": query.postcode})
        frame["share"] = frame["weight"] / frame.groupby(["kind", "name"])["weight"].transform("sum")
        return frame[columns]

    def aggregate(self, area_ids: list[str], year: int) -> pd.DataFrame:
        """"These areas together": every visible indicator aggregated from counts (never averaged shares).

        Returns indicator_id, value, estimate, members (areas with a value), withheld (a member's
        value is withheld), unavailable (public mode has no way to give it, see below).
        In public mode "zusammen" is computed from published figures only, so it can add nothing to
        what the disclosure audit has seen: counts are summed; a share or mean whose denominator a
        count indicator publishes is the count-weighted mean of the published (rounded) values (or,
        where its numerator is published too, the ratio of the summed counts); without published
        counts the weights of the areas are not public and "zusammen" is not given (unavailable).
        A group with a withheld member gets no value (withheld).
        """
        if self.public:
            return self._public_aggregate(area_ids, year)
        from dashboard.methods.aggregate import aggregate_group

        columns = ["indicator_id", "value", "estimate", "members", "withheld", "unavailable"]
        frames = [self.store.frame("area_key_figures", {"area_id": a, "year": int(year),
                                                        "population_indicator": self.dataset.population_indicator}).assign(area_id=a)
                  for a in dict.fromkeys(area_ids)]
        members = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
        if members.empty:
            return pd.DataFrame(columns=columns)
        members["year"] = int(year)
        rows = []
        for indicator in self.indicators():
            own = members[members["indicator_id"] == indicator.id]
            if indicator.aggregation == "none" or own.empty:
                continue
            specs = {indicator.id: indicator.aggregation_spec}
            needed = own
            if indicator.weight:
                specs[indicator.weight] = self.dataset.indicators[indicator.weight].aggregation_spec
                needed = pd.concat([own, members[members["indicator_id"] == indicator.weight]], ignore_index=True)
            result = aggregate_group(needed, specs)
            result = result[result["indicator_id"] == indicator.id]
            withheld = bool(self._mask(indicator, own).any())
            value = float(result["value"].iloc[0]) if len(result) and pd.notna(result["value"].iloc[0]) else np.nan
            rows.append({"indicator_id": indicator.id, "value": value,
                         "estimate": bool(result["estimate"].iloc[0]) if len(result) else False,
                         "members": int(own["value"].notna().sum()), "withheld": withheld, "unavailable": False})
        return pd.DataFrame(rows, columns=columns)

    def _public_aggregate(self, area_ids: list[str], year: int) -> pd.DataFrame:
        columns = ["indicator_id", "value", "estimate", "members", "withheld", "unavailable"]
        ids = list(dict.fromkeys(a for a in area_ids if self.area(a)))
        series = {a: self.area_series(a) for a in ids}
        published = {a: s[s["year"] == int(year)].set_index("indicator_id") for a, s in series.items()}
        counts = self.publication().counts
        rows = []
        for indicator in self.indicators():
            present = [a for a in ids if indicator.id in published[a].index]
            if indicator.aggregation == "none" or not present:
                continue
            values = np.array([published[a].loc[indicator.id, "value"] for a in present], dtype=float)
            withheld = bool(any(published[a].loc[indicator.id, "suppressed"] for a in present))
            estimate = bool(any(published[a].loc[indicator.id, "estimate"] for a in present))
            row = {"indicator_id": indicator.id, "value": np.nan, "estimate": estimate,
                   "members": int(np.isfinite(values).sum()), "withheld": withheld, "unavailable": False}
            if withheld or not np.isfinite(values).all():
                rows.append(row)
                continue

            def published_count(count_id):
                if count_id is None:
                    return None
                got = [published[a].loc[count_id, "value"] if count_id in published[a].index else np.nan for a in present]
                got = np.array(got, dtype=float)
                return got if np.isfinite(got).all() else None

            if indicator.aggregation == "sum":
                value = float(values.sum())
            else:
                numerator_id, denominator_id = counts.get((indicator.id, int(year)), (None, None))
                numerators, denominators = published_count(numerator_id), published_count(denominator_id)
                scale = indicator.scale if indicator.aggregation == "ratio_of_sums" else 1.0
                if denominators is None or denominators.sum() <= 0:
                    rows.append({**row, "unavailable": True})
                    continue
                value = (scale * numerators.sum() / denominators.sum() if numerators is not None
                         else float((values * denominators).sum() / denominators.sum()))
            row["value"] = float(round_values(np.array([value]), indicator.decimals)[0])
            rows.append(row)
        return pd.DataFrame(rows, columns=columns)

    def wide(self, indicator_ids: list[str], year: int, level: str) -> pd.DataFrame:
        """One column per indicator (mode applied: withheld values are NA in public mode), index area_id."""
        return self._wide(tuple(indicator_ids), int(year), level).copy()

    def _wide_uncached(self, indicator_ids: tuple[str, ...], year: int, level: str) -> pd.DataFrame:
        columns = {}
        for indicator_id in indicator_ids:
            frame = self.values(indicator_id, year, level)
            columns[indicator_id] = frame.set_index("area_id")["value"].astype(float)
        areas = self.areas(level).set_index("area_id")
        wide = pd.DataFrame(columns, index=areas.index)
        wide.insert(0, "name", areas["name"])
        return wide

    # -- funding areas (Förderkulissen, dashboard/kulissen.py) ------------------------------------
    def kulissen(self) -> list:
        """The polygon layers this mode shows (KulisseLayer; public mode: only public ones), in dataset order."""
        from dashboard import kulissen
        return kulissen.visible_layers(self)

    def kulisse(self, layer_id: Any):
        return next((lv for lv in self.kulissen() if lv.id == layer_id), None)

    def kulisse_inside(self, layer_id: str, level: str) -> set[str]:
        """Areas of `level` with at least half their territory inside the layer (the burden view's filter)."""
        from dashboard import kulissen
        return kulissen.inside(self, layer_id, level)

    def kulisse_overlaps(self, area_id: str, year: int | None) -> list[dict[str, Any]]:
        """The area's overlaps with each layer and its features (kulissen.area_overlaps; population only where allowed)."""
        from dashboard import kulissen
        return kulissen.area_overlaps(self, area_id, year)

    # -- multiple burden and indices ------------------------------------------------------------
    def burden_rules(self) -> list[BurdenRule]:
        """Rules whose indicators are all visible in this mode (the official one first)."""
        return [r for r in self.dataset.burden_rules if all(self.indicator(c.indicator_id) for c in r.criteria)]

    def burden_rule(self, rule_id: Any) -> BurdenRule | None:
        return next((r for r in self.burden_rules() if r.id == rule_id), None)

    def burden_years(self, rule: BurdenRule, level: str | None = None) -> list[int]:
        """Years in which every indicator of the rule has values."""
        level = level or self.dataset.level_ids[0]
        sets = [set(self.years(c.indicator_id, level)) for c in rule.criteria]
        return sorted(set.intersection(*sets)) if sets else []

    def burden(self, rule: BurdenRule, year: int, level: str | None = None) -> pd.DataFrame:
        """burden_table for the rule plus name and population, ranked by burden count."""
        return self._burden(rule, int(year), level or self.dataset.level_ids[0]).copy()

    def _burden_uncached(self, rule: BurdenRule, year: int, level: str) -> pd.DataFrame:
        ids = [c.indicator_id for c in rule.criteria]
        wide = self.wide(ids + [self.dataset.population_indicator], year, level)
        table = burden_table(wide[ids], rule)
        table.insert(0, "name", wide["name"])
        table.insert(1, "population", wide[self.dataset.population_indicator])
        return table.sort_values(["burden_count", "population"], ascending=[False, False], kind="stable")

    def burden_bundle(self, rule: BurdenRule, year: int, official: BurdenRule | None = None) -> BurdenBundle:
        """Everything the burden view shows for one rule and year; `official` adds the scenario diff."""
        level = self.dataset.level_ids[0]
        table = self.burden(rule, year, level)
        n = len(rule.criteria)
        colors = burden_palette(len((official or rule).criteria))  # fixed by the rule a scenario comes from
        classes = {aid: (int(c) if r else SUPPRESSED) for aid, c, r in zip(table.index, table["burden_count"], table["rated"])}
        hideout = {
            "classes": classes,
            "values": {aid: int(c) for aid, c, r in zip(table.index, table["burden_count"], table["rated"]) if r},
            "colors": colors, "noData": NO_DATA_COLOR, "suppressedColor": SUPPRESSED_COLOR,
            "decimals": 0, "selected": None,
            "outlined": {aid: 1 for aid in table.index[table["multiple"]]},
            "estimates": [],
        }
        legend = [LegendEntry(colors[i], "count", code=i) for i in range(n + 1)]
        if (~table["rated"]).any():
            legend.append(LegendEntry(SUPPRESSED_COLOR, "not_rated", hatched=True))
        # areas and population per burden count 0..n (a bincount: pandas' groupby took 7 of 10 ms here)
        rated = table["rated"].to_numpy(dtype=bool)
        counts = table["burden_count"].to_numpy()[rated].astype(np.int64)
        population = np.nan_to_num(table["population"].to_numpy(dtype=float)[rated])
        totals = pd.DataFrame({"areas": np.bincount(counts, minlength=n + 1)[:n + 1].astype(np.int64),
                               "population": np.bincount(counts, weights=population, minlength=n + 1)[:n + 1]},
                              index=pd.RangeIndex(n + 1, name="burden_count"))
        diff = scenario_diff(self.burden(official, year, level), table) if official is not None and rule != official else None
        return BurdenBundle(rule, int(year), table, hideout, legend, totals, diff)

    def index_definition(self, index_id: Any) -> IndexDefinition | None:
        definition = next((d for d in self.dataset.indices if d.id == index_id), None)
        if definition is None:
            return None
        needed = [*definition.status_indicators, *definition.dynamic_indicators]
        return definition if all(self.indicator(i) for i in needed) else None

    def index_years(self, definition: IndexDefinition) -> list[int]:
        level = self.dataset.level_ids[0]
        years = set()
        for indicator_id in definition.status_indicators:
            years |= set(self.years(indicator_id, level))
        if definition.dynamic_change_years:
            years = {y for y in years if y - definition.dynamic_change_years in years}
        if definition.validity_indicator and self.indicator(definition.validity_indicator):
            # an edition rates only areas flagged valid: a year without the flag rates none (Berlin LOR 2021: the MSS
            # values carried back to 2012-2018 have no validity flag, only the 2021 edition, Stichtag 2020, has one)
            years &= set(self.years(definition.validity_indicator, level))
        return sorted(years)

    def index_classes(self, definition: IndexDefinition, year: int) -> pd.DataFrame:
        """Status/dynamics classes computed from the raw index indicators of one year."""
        return self._index_classes(definition, int(year)).copy()

    def _index_classes_uncached(self, definition: IndexDefinition, year: int) -> pd.DataFrame:
        frame, definition = self._index_input(definition, year)
        out = status_dynamics(frame.drop(columns=["name"]), definition)
        out.insert(0, "name", frame["name"])
        return out

    def _index_input(self, definition: IndexDefinition, year: int) -> tuple[pd.DataFrame, IndexDefinition]:
        """The frame status_dynamics rates for one edition (mode applied through wide()) and the definition to rate it
        with (computed dynamics: the columns Δ<id>)."""
        level = self.dataset.level_ids[0]
        extra = [definition.population_indicator] + ([definition.validity_indicator] if definition.validity_indicator else [])
        frame = self.wide([*definition.status_indicators, *extra], year, level)
        if definition.dynamic_change_years:
            before = self.wide(list(definition.dynamic_indicators), year - definition.dynamic_change_years, level)
            now = self.wide(list(definition.dynamic_indicators), year, level)
            for indicator_id in definition.dynamic_indicators:
                frame[f"Δ{indicator_id}"] = now[indicator_id] - before[indicator_id]
            definition = replace(definition, dynamic_indicators=tuple(f"Δ{i}" for i in definition.dynamic_indicators))
        else:
            dynamics = self.wide(list(definition.dynamic_indicators), year, level)
            for indicator_id in definition.dynamic_indicators:
                frame[indicator_id] = dynamics[indicator_id]
        return frame, definition

    # -- why did the class change? (issue 17 part 4: methods/indices.decompose_index_change, methods/burden.burden_change)
    def index_editions(self, definition: IndexDefinition, von: int, bis: int) -> tuple[int, int] | None:
        """The index editions nearest to the years von < bis (the earlier one on a tie), or None when they coincide."""
        return nearest_editions(self.index_years(definition), von, bis)

    def index_change(self, definition: IndexDefinition, year_before: int, year_after: int, part: str = "status") -> IndexChange:
        """The exact decomposition of each area's status (or dynamics) index change between two editions, computed
        like index_classes from wide(), so in public mode from the published values only."""
        change = self._index_change(definition, int(year_before), int(year_after), part)
        return IndexChange(change.parts.copy(), change.areas.copy())  # the cached frames stay unchanged

    def _index_change_uncached(self, definition: IndexDefinition, year_before: int, year_after: int, part: str) -> IndexChange:
        terms = [index_terms(frame.drop(columns=["name"]), used, part)
                 for frame, used in (self._index_input(definition, y) for y in (year_before, year_after))]
        return decompose_index_change(*terms)

    def burden_change(self, rule: BurdenRule, year_before: int, year_after: int) -> pd.DataFrame:
        """Per smallest-level area the burdens that entered and left between two years of the rule and its movement
        in or out of the multiply burdened set (methods/burden.burden_change), from burden() (mode applied)."""
        level = self.dataset.level_ids[0]
        out = burden_change(self.burden(rule, year_before, level), self.burden(rule, year_after, level))
        names = self.areas(level).set_index("area_id")["name"]
        out.insert(0, "name", names.reindex(out.index))
        return out

    def key_figures(self, area_id: str, year: int) -> list[KeyFigure]:
        """The area's values for the year next to the city value, in registry order (mode applied)."""
        own = self.area_series(area_id)
        own = own[own["year"] == int(year)].set_index("indicator_id")
        city = self.city_values(year)
        figures: list[KeyFigure] = []
        for indicator in self.indicators():
            if indicator.id not in own.index:
                continue
            row = own.loc[indicator.id]
            value = None if row["value"] is None or row["value"] != row["value"] else float(row["value"])
            figures.append(KeyFigure(indicator, value, city.get(indicator.id), bool(row["suppressed"]), bool(row["estimate"])))
        return figures

    def city_values(self, year: int) -> dict[str, float]:
        """indicator_id -> the city's value in the year (mode applied: rounded in public mode)."""
        city = self.city_id()
        if city is None:
            return {}
        frame = self.area_series(city)
        frame = frame[(frame["year"] == int(year)) & frame["value"].notna()]
        return {k: float(v) for k, v in zip(frame["indicator_id"], frame["value"])}

    def city_id(self) -> str | None:
        """The root area (level CITY_LEVEL); read once per Monitor (the hierarchy is fixed for a release)."""
        if self._city is None:
            rows = self.store.rows("areas_by_level", {"level": CITY_LEVEL})
            self._city = (str(rows[0][0]) if rows else None,)
        return self._city[0]

    # -- map overlays (dashboard/overlays.py: facilities, funding areas, measures) ----------------
    def overlays(self) -> list:
        """The overlays this mode shows (public mode: only public ones), in the providers' order; read once."""
        if getattr(self, "_overlays", None) is None:
            from dashboard.overlays import all_overlays
            self._overlays = [(o, m) for o, m in all_overlays(self) if o.public or not self.public]
        return [o for o, _ in self._overlays]

    def overlay(self, overlay_id: Any):
        """One overlay of this mode by id, or None."""
        self.overlays()
        return next((o for o, _ in self._overlays if o.id == overlay_id), None)

    def overlay_features(self, overlay_id: str, lang: str = "de") -> dict:
        """The GeoJSON FeatureCollection of an overlay this mode shows (the provider filters rows for public mode)."""
        self.overlays()
        module = next((m for o, m in self._overlays if o.id == overlay_id), None)
        if module is None:
            raise KeyError(overlay_id)
        return module.features(self, overlay_id, "en" if lang == "en" else "de")

    # -- facilities (dashboard/facilities.py: point layers) --------------------------------------
    def facilities(self, area_id: str) -> list[dict[str, Any]]:
        """The facilities inside an area of any level, per layer this mode shows (facilities.in_area)."""
        from dashboard import facilities
        return facilities.in_area(self, area_id)

    # -- measures (dashboard/measures.py: Teil II) -------------------------------------------------
    def measures(self, area_id: str) -> pd.DataFrame:
        """The measures of an area's profile this mode shows (measures.for_area: own, parents', sub-areas')."""
        from dashboard import measures
        return measures.for_area(self, area_id)

    def measures_info(self) -> dict[str, str] | None:
        """Source and Stand of the dataset's measures table; None when the dataset has none."""
        from dashboard import measures
        return None if measures.load(self.dataset).empty else measures.info(self)

    # -- geometry ------------------------------------------------------------------------------------
    def label_points(self) -> dict[str, tuple[float, float]]:
        """area id -> (lon, lat) where the map writes its name, every level (dashboard/geometry.py label_points)."""
        from dashboard.geometry import label_points
        return label_points(Path(self.dataset.path) / "web", self.dataset.release)


def nearest_editions(years: list[int], von: int, bis: int) -> tuple[int, int] | None:
    """The years nearest to von and bis (the earlier one on a tie), None when they coincide (e.g. a rule with one year):
    the two editions of an index or burden rule a change between von and bis compares."""
    if not years:
        return None
    before = min(years, key=lambda y: (abs(y - int(von)), y))
    after = min(years, key=lambda y: (abs(y - int(bis)), y))
    return (before, after) if before < after else None


def _range_legend(values: pd.Series, breaks: list[float], colors: list[str]) -> list[LegendEntry]:
    """One entry per class: from the minimum (first class, closed) or the previous break up to its break."""
    if not breaks:
        return []
    lower = float(np.nanmin(values.to_numpy(dtype=float)))
    return [LegendEntry(color, "range", lower=lower if i == 0 else breaks[i - 1], upper=upper, first=i == 0)
            for i, (upper, color) in enumerate(zip(breaks, colors))]

