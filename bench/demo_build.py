"""Benchmark: building the demo dataset from scratch (the target a test used to assert: under 60 s).

Measures in one run on the same machine, each RUNS times, medians:
- build: `build_demo` into a fresh folder (geometry, values, aggregation, checks, Parquet, GeoJSON),
- baseline: reading the built dataset's Parquet files and writing them again (the I/O part alone),
and writes bench/results/demo_build.json. Every run has a deadline (a hung build fails, never waits).
"""
from __future__ import annotations

import json
import os
import platform
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RUNS = 3
DEADLINE_S = 600
TARGET_S = 60


def _build(folder: str) -> float:
    from dashboard.ingest.demo import build_demo

    start = time.perf_counter()
    build_demo(Path(folder) / "demo")
    return time.perf_counter() - start


def _rewrite(source: str, folder: str) -> float:
    start = time.perf_counter()
    for name in ("values.parquet", "areas.parquet"):
        pd.read_parquet(Path(source) / name).to_parquet(Path(folder) / name)
    return time.perf_counter() - start


def main() -> None:
    builds, baselines = [], []
    with ProcessPoolExecutor(max_workers=1) as pool:  # a fresh interpreter state is not needed; a deadline is
        for _ in range(RUNS):
            with tempfile.TemporaryDirectory() as folder:
                builds.append(pool.submit(_build, folder).result(timeout=DEADLINE_S))
                baselines.append(pool.submit(_rewrite, str(Path(folder) / "demo"), folder).result(timeout=DEADLINE_S))
    build, baseline = statistics.median(builds), statistics.median(baselines)
    out = {"benchmark": "demo_build", "date": date.today().isoformat(),
           "machine": {"python": platform.python_version(), "cpu_count": os.cpu_count(), "platform": platform.platform()},
           "runs": RUNS, "build_median_s": round(build, 2), "baseline_parquet_rewrite_median_s": round(baseline, 3),
           "ratio_build_to_baseline": round(build / baseline, 1), "target_s": TARGET_S, "meets_target": build < TARGET_S}
    target = ROOT / "bench" / "results" / "demo_build.json"
    target.write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"Demo-Aufbau {build:.1f} s (Median aus {RUNS}), Parquet neu schreiben {baseline:.2f} s, "
          f"Faktor {build / baseline:.0f}; Ziel < {TARGET_S} s: {'erreicht' if build < TARGET_S else 'VERFEHLT'}")


if __name__ == "__main__":
    main()
