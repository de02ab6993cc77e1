"""Benchmark: server-side recompute of a burden scenario (issue 4 target: under 100 ms for 542 areas).

Measures, in one run on the same machine:
- scenario: what a scenario change costs in a warm worker (raw values cached, re-rating only),
- baseline: the same bundle with a cold monitor (every value read again from DuckDB),
for the demo dataset and, when built, data/berlin. Writes bench/results/burden_scenario.json.
"""
from __future__ import annotations

import json
import platform
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard.catalog import load_dataset  # noqa: E402
from dashboard.monitor import Monitor  # noqa: E402
from dashboard.store import Store  # noqa: E402

RUNS = 15


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def bench(path: Path) -> dict:
    dataset = load_dataset(path)
    store = Store(dataset.path)
    monitor = Monitor(dataset, store)
    rule = monitor.burden_rules()[0]
    year = monitor.burden_years(rule)[-1]
    monitor.burden_bundle(rule, year)  # warm: connection and raw values
    scenarios = [rule.with_changes(min_count=k) for k in range(1, len(rule.criteria) + 1)]
    scenarios += [rule.with_changes(enabled={c.indicator_id for c in rule.criteria[1:]}),
                  rule.with_changes(rule="quantile", value=0.25)]
    warm = [timed(lambda s=s: monitor.burden_bundle(s, year, official=rule)) for _ in range(RUNS) for s in scenarios[:1]]
    warm += [timed(lambda s=s: monitor.burden_bundle(s, year, official=rule)) for s in scenarios]
    cold = []
    for _ in range(RUNS):
        fresh = Monitor(dataset, store)  # same connection, nothing cached in the monitor
        cold.append(timed(lambda: fresh.burden_bundle(scenarios[0], year, official=rule)))
    n_areas = len(monitor.store.frame("areas_by_level", {"level": dataset.level_ids[0]}))
    return {
        "dataset": dataset.id, "areas": n_areas, "rule": rule.id, "year": year, "runs": len(warm),
        "scenario_median_ms": round(statistics.median(warm), 2),
        "baseline_cold_median_ms": round(statistics.median(cold), 2),
        "ratio_baseline_to_scenario": round(statistics.median(cold) / statistics.median(warm), 2),
        "target_ms": 100, "meets_target": statistics.median(warm) < 100,
    }


def main() -> None:
    results = []
    for name in ("demo", "berlin"):
        path = ROOT / "data" / name
        if (path / "dataset.toml").exists():
            results.append(bench(path))
        else:
            print(f"übersprungen: {path} fehlt (python -m dashboard import-berlin …)")
    out = {"benchmark": "burden_scenario", "date": date.today().isoformat(),
           "machine": {"python": platform.python_version(), "cpu_count": __import__("os").cpu_count(), "platform": platform.platform()},
           "results": results}
    target = ROOT / "bench" / "results" / "burden_scenario.json"
    target.write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for r in results:
        print(f"{r['dataset']:8s} {r['areas']:>5} Gebiete: Szenario {r['scenario_median_ms']:.1f} ms (Median), "
              f"kalt {r['baseline_cold_median_ms']:.1f} ms, Faktor {r['ratio_baseline_to_scenario']}")


if __name__ == "__main__":
    main()
