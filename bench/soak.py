"""Soak run for the public deployment (issue 7, "Load"): steady moderate load for a long time.

gunicorn in public mode (server start, user sessions and payloads from bench/load.py) serves a
fixed number of virtual users (default 10, think time 0.2-0.6 s) for --minutes (default 10).
Every --interval seconds (default 10) the RSS of the master and of every worker is sampled, with
the requests and errors so far. Reports requests, errors, p50/p95/p99 overall and per minute,
RSS per worker at start, after the warm-up (the first minute), at the end and the maximum, and
the growth after the warm-up in % (target: < 10 %, i.e. no leak). A worker that was replaced
(crash, timeout) is reported. Writes bench/results/soak.json (or --out).

    python bench/soak.py [--minutes 10] [--users 10] [--interval 10] [--warmup 60]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import sys
import threading
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import (
    Callbacks,
    Recorder,
    free_port,
    machine,
    process_rss_kib,
    public_monitor,
    session_requests,
    start_server,
    stop_server,
    summary,
    user,
    warm_up,
    worker_rss_kib,
)

TARGET_GROWTH_PERCENT = 10


def sample(master: int, t0: float, recorder: Recorder) -> dict:
    with recorder.lock:
        done = len(recorder.samples)
        errors = sum(1 for *_, ok in recorder.samples if not ok)
    return {"t_s": round(time.perf_counter() - t0, 1), "master_kib": process_rss_kib(master),
            "workers_kib": {str(pid): kib for pid, kib in sorted(worker_rss_kib(master).items())},
            "requests": done, "errors": errors, "load_average": round(os.getloadavg()[0], 2)}


def worker_memory(samples: list[dict], warmup_s: float) -> dict:
    """Per worker: RSS at its first sample, after the warm-up, at the end, the maximum and the growth."""
    out = {}
    pids = sorted({pid for s in samples for pid in s["workers_kib"]})
    for pid in pids:
        seen = [(s["t_s"], s["workers_kib"][pid]) for s in samples if pid in s["workers_kib"]]
        settled = [kib for t, kib in seen if t >= warmup_s] or [seen[-1][1]]
        out[pid] = {"start_kib": seen[0][1], "after_warmup_kib": settled[0], "end_kib": seen[-1][1],
                    "max_kib": max(kib for _, kib in seen),
                    "growth_after_warmup_percent": round(100 * (seen[-1][1] / settled[0] - 1), 1),
                    "sampled_from_s": seen[0][0], "sampled_until_s": seen[-1][0]}
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default=str(ROOT / "data" / "demo"))
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--interval", type=float, default=10, help="seconds between RSS samples")
    parser.add_argument("--warmup", type=float, default=60, help="seconds before the RSS baseline")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--preload", action="store_true")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "soak.json"))
    args = parser.parse_args()
    random.seed(11)
    duration = 60 * args.minutes
    warmup = min(args.warmup, duration / 2)

    monitor = public_monitor(Path(args.data))
    port = free_port()
    server = start_server(monitor.dataset.path, port, args.workers, args.threads, args.preload)
    try:
        callbacks = Callbacks.from_server(port)
        warm_up(port, session_requests(monitor, callbacks), args.workers)
        recorder, stop = Recorder(), threading.Event()
        t0 = time.perf_counter()
        samples = [sample(server.pid, t0, recorder)]
        threads = [threading.Thread(target=user, args=(port, session_requests(monitor, callbacks), stop, recorder),
                                    daemon=True) for _ in range(args.users)]
        for thread in threads:
            thread.start()
        while time.perf_counter() - t0 < duration:
            time.sleep(min(args.interval, max(0.0, duration - (time.perf_counter() - t0))))
            samples.append(sample(server.pid, t0, recorder))
            print(f"{samples[-1]['t_s']:7.1f} s  {samples[-1]['requests']:6d} Anfragen  {samples[-1]['errors']} Fehler  "
                  f"RSS {samples[-1]['workers_kib']}", flush=True)
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
        samples.append(sample(server.pid, t0, recorder))
        elapsed = time.perf_counter() - t0
    finally:
        stop_server(server)

    rows = recorder.samples
    per_minute = []
    for minute in range(int(-(-elapsed // 60))):
        part = [r for r in rows if minute * 60 <= r[1] - t0 < (minute + 1) * 60]
        if part:
            per_minute.append({"minute": minute + 1, **summary(part)})
    workers = worker_memory(samples[1:] or samples, warmup)
    masters = [s["master_kib"] for s in samples if s["master_kib"]]
    replaced = len(workers) > args.workers
    growth = max((w["growth_after_warmup_percent"] for w in workers.values()), default=0.0)
    result = {
        "benchmark": "soak", "date": date.today().isoformat(), "dataset": monitor.dataset.id, "mode": "public",
        "machine": machine(),
        "users": args.users, "minutes": args.minutes, "sample_interval_s": args.interval, "warmup_s": warmup,
        "gunicorn_workers": args.workers, "gunicorn_threads": args.threads, "gunicorn_preload": args.preload,
        "duration_s": round(elapsed, 1), "requests_per_s": round(len(rows) / elapsed, 1),
        "overall": summary(rows),
        "per_kind": {kind: summary([r for r in rows if r[0] == kind]) for kind in sorted({r[0] for r in rows})},
        "per_minute": per_minute,
        "failures": dict(recorder.failures), "retries_on_closed_connection": recorder.retries,
        "rss": {"master_kib": {"start": masters[0], "end": masters[-1], "max": max(masters)} if masters else None,
                "workers": workers, "workers_replaced": replaced,
                "max_growth_after_warmup_percent": growth},
        "target_growth_percent": TARGET_GROWTH_PERCENT,
        "stable": (not replaced and growth < TARGET_GROWTH_PERCENT and summary(rows)["errors"] == 0),
        "samples": samples,
    }
    target = Path(args.out)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps({k: result[k] for k in ("requests_per_s", "overall", "failures", "retries_on_closed_connection",
                                             "stable")}, indent=1))
    print(json.dumps(result["rss"], indent=1))


if __name__ == "__main__":
    main()
