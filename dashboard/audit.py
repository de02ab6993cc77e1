"""`python -m dashboard audit --data DIR`: can anything withheld be derived from what public mode publishes?

The audit reads what the public site serves through the same Monitor functions that build every
public response (values per indicator, year and level; every area's series), checks that these paths
agree, and then computes for every cell protected by the small-number rules its feasible interval by
linear programming (dashboard/methods/disclosure.py, docs/methods.md "Geheimhaltung"). Exit code 1
when any protected cell is narrower than the rule requires, or when a protected value is published.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.catalog import CITY_LEVEL
from dashboard.i18n import format_number
from dashboard.methods.disclosure import CELL, PRIMARY, audit, complement_switches, protected_cells
from dashboard.monitor import Monitor


@dataclass
class AuditResult:
    report: pd.DataFrame  # one row per protected cell (AUDIT_COLUMNS)
    published: pd.DataFrame  # area_id, indicator_id, year, value: everything public mode shows
    stats: dict
    inconsistent: list[str]  # public paths that disagree with each other
    switches: list[tuple[str, str, int, int]]  # complements published in another year (complement_switches)

    @property
    def exposed(self) -> pd.DataFrame:
        return self.report[self.report["exposed"]]


def published_cells(monitor: Monitor) -> tuple[pd.DataFrame, list[str]]:
    """Every value public mode serves, read through the public Monitor (map, table, downloads, profiles,
    time series and comparison all read these functions); plus the disagreements between its paths."""
    if not monitor.public:
        raise ValueError("Das Audit prüft die öffentliche Ansicht: der Monitor muss im Modus 'public' laufen.")
    levels = [*monitor.dataset.level_ids, CITY_LEVEL]
    parts = []
    for indicator in monitor.indicators():
        for level in levels:
            frame = monitor.series(indicator.id, level)
            if frame.empty:
                continue
            parts.append(frame.assign(indicator_id=indicator.id)[["area_id", "indicator_id", "year", "value"]])
    published = pd.concat(parts, ignore_index=True)
    published["year"] = published["year"].astype(int)
    inconsistent: list[str] = []
    by_key = published.set_index(CELL)["value"]
    # the per-area path (profiles, key figures, "zusammen") must publish exactly the same numbers
    for area_id in published["area_id"].unique():
        own = monitor.area_series(area_id)
        if own.empty:
            continue
        keys = list(zip([area_id] * len(own), own["indicator_id"], own["year"].astype(int)))
        other = by_key.reindex(keys).to_numpy(dtype=float)
        mine = own["value"].to_numpy(dtype=float)
        differs = ~((np.isnan(mine) & np.isnan(other)) | (mine == other))
        for (a, i, y), m, o in zip(np.array(keys, dtype=object)[differs], mine[differs], other[differs]):
            inconsistent.append(f"{a} {i} {y}: Profil {m} ≠ Karte/Zeitreihe {o}")
    # the map path (values) for the latest year of each indicator and level
    for indicator in monitor.indicators():
        for level in monitor.levels_for(indicator.id):
            years = monitor.years(indicator.id, level)
            if not years:
                continue
            frame = monitor.values(indicator.id, years[-1], level)
            keys = list(zip(frame["area_id"], [indicator.id] * len(frame), [years[-1]] * len(frame)))
            other = by_key.reindex(keys).to_numpy(dtype=float)
            mine = frame["value"].to_numpy(dtype=float)
            differs = ~((np.isnan(mine) & np.isnan(other)) | (mine == other))
            inconsistent += [f"{k}: Karte {m} ≠ Zeitreihe {o}" for k, m, o in
                             zip(np.array(keys, dtype=object)[differs], mine[differs], other[differs])]
    return published, inconsistent


def supply_ratios_without_denominator(monitor: Monitor, published: pd.DataFrame) -> list[str]:
    """Published supply ratios whose denominator is not published: their numerators (places, facilities) are public
    through the points, so such a ratio would give the withheld count (places / ratio). The LP below does not model
    the ratios; this is their rule (Monitor.supply_ratios): published only where the denominator is."""
    ratios = monitor.supply_ratios()
    shown = published.dropna(subset=["value"])
    keys = set(zip(shown["area_id"], shown["indicator_id"], shown["year"].astype(int)))
    return [f"{a} {r} {y}: Versorgungsquote veröffentlicht, ihr Nenner {ratios[r]} nicht"
            for a, r, y in sorted(keys) if r in ratios and (a, ratios[r], y) not in keys]


def run_audit(monitor: Monitor, workers: int = 2) -> AuditResult:
    started = time.perf_counter()
    published, inconsistent = published_cells(monitor)
    inconsistent += supply_ratios_without_denominator(monitor, published)
    cells = monitor.disclosure_cells()
    rules = monitor.disclosure_rules()
    parent_of = monitor.parent_map()
    # the structure and the primary cells of the rules; what is published comes from the public paths above
    decision = monitor.disclosure_decision(cells)
    mask = decision.reason == PRIMARY
    protected = protected_cells(cells, mask)
    report = audit(published, cells, rules, parent_of, protected, decision.struct, workers=workers,
                   population=(monitor.dataset.population_indicator, monitor.dataset.min_population))
    shown = set(published.dropna(subset=["value"]).set_index(CELL).index)
    withheld = pd.Series([k not in shown for k in zip(cells["area_id"], cells["indicator_id"], cells["year"].astype(int))],
                         index=cells.index)
    switches = complement_switches(cells, withheld, mask, parent_of)
    stats = dict(decision.stats)
    stats.update(protected=len(protected), published=int(published["value"].notna().sum()),
                 seconds=round(time.perf_counter() - started, 1))
    return AuditResult(report, published, stats, inconsistent, switches)


def _interval(low, high, digits: int = 1) -> str:
    def show(x):
        return "−∞" if x == -math.inf else ("∞" if x == math.inf else ("?" if x != x else f"{x:.{digits}f}"))
    return f"[{show(low)}, {show(high)}]"


def _n(number: int) -> str:
    return format_number(number, 0)


def print_report(result: AuditResult, dataset_id: str, verbose: bool = False) -> None:
    report = result.report
    stats = result.stats
    print(f"Geheimhaltungs-Audit: Datensatz {dataset_id}")
    print(f"  geschützte Zellen (primäre Sperrung, ohne Schätzwerte): {_n(stats['protected'])}")
    print(f"  sekundär gesperrte Zellen: {_n(stats['secondary'])} von {_n(stats['cells'])} "
          f"(Zählwerte {_n(stats['secondary_count'])}, Anteile/Mittel {_n(stats['secondary_ratio'])}); "
          f"Zählblöcke {_n(stats['count_blocks_primary'])} primär, "
          f"{_n(stats['count_blocks'] - stats['count_blocks_primary'])} sekundär")
    print(f"  veröffentlichte Werte: {_n(stats['published'])}; Dauer {stats['seconds']} s")
    for line in result.inconsistent[:20]:
        print(f"  WIDERSPRUCH zwischen öffentlichen Pfaden: {line}")
    print(f"  Komplemente, die in einem anderen Jahr veröffentlicht sind, während ihr Gebiet gesperrt ist: "
          f"{_n(len(result.switches))}")
    for indicator_id, area_id, year, other in result.switches[:20]:
        print(f"  JAHRESVERGLEICH: {area_id} {indicator_id} schützt {year}, ist aber {other} veröffentlicht")
    exposed = result.exposed
    rows = exposed if not verbose else report
    for row in rows.itertuples(index=False):
        mark = "OFFENGELEGT" if row.exposed else "geschützt"
        if row.value_low == row.value_low:
            value = f"Wert {_interval(row.value_low, row.value_high)} (nötig {_interval(row.required_low, row.required_high)}), "
        elif row.required_low == row.required_low:  # protected: both ends of the required interval are reachable
            value = f"Wert reicht über {_interval(row.required_low, row.required_high)} hinaus, "
        else:
            value = ""
        print(f"  {mark}: {row.area_id} {row.indicator_id} {row.year}: {value}Zählwert "
              f"{_interval(row.count_low, row.count_high)} (nötig {_interval(row.count_required_low, row.count_required_high)})")
    print(f"  Ergebnis: {_n(len(exposed))} von {_n(len(report))} geschützten Zellen offengelegt"
          + (f", {len(result.inconsistent)} Widersprüche" if result.inconsistent else "")
          + (f", {len(result.switches)} wechselnde Komplemente" if result.switches else ""))
