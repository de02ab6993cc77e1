"""Load benchmark for the public deployment (issue 7, "Load").

A bounded load generator on 127.0.0.1 only: virtual users replay the real callback requests of
a user session (open the map, change the indicator, open a profile, open the burden view)
against gunicorn in public mode. Ramp 1 -> 50 users over RAMP seconds, hold HOLD seconds.
Reports requests/s, p50/p95/p99 latency per request kind and overall, errors, and the workers'
memory (RSS) before and after. Writes bench/results/load.json.

    python bench/load.py [--ramp 60] [--hold 120] [--users 50] [--data data/demo]
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import subprocess
import sys
import threading
import time
import urllib.request
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(data: Path, port: int, workers: int) -> subprocess.Popen:
    env = dict(os.environ, QM_DATA=str(data), QM_MODE="public", QM_CACHE_DIR="", PYTHONUNBUFFERED="1")
    proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "--workers", str(workers), "--threads", "4",
                             "--bind", f"127.0.0.1:{port}", "app:server"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("Server kam nicht hoch")


def worker_rss_kib(master: int) -> dict[int, int]:
    out = {}
    for child in Path("/proc").iterdir():
        if not child.name.isdigit():
            continue
        try:
            status = (child / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if fields.get("PPid", "").strip() == str(master):
            out[int(child.name)] = int(fields.get("VmRSS", "0 kB").split()[0])
    return out


def session_requests(monitor) -> list[tuple[str, str, dict]]:
    """The callback payloads of one user session, as the browser sends them."""
    from dashboard.ui import ids

    level = monitor.dataset.level_ids[0]
    indicators = [i.id for i in monitor.indicators() if i.available_at(level) and monitor.years(i.id, level)]
    area = monitor.store.frame("areas_by_level", {"level": level})["area_id"].iloc[7]
    year = monitor.dataset.default_year

    def page(path, search=""):
        return {"output": f"{ids.PAGE}.children", "outputs": {"id": ids.PAGE, "property": "children"},
                "inputs": [{"id": ids.URL, "property": "pathname", "value": path},
                           {"id": ids.URL, "property": "search", "value": search}],
                "changedPropIds": [f"{ids.URL}.pathname"]}

    def recolour(indicator):
        outputs = ["map-areas.hideout", "map-areas.url", "map-legend.children", "map-title.children",
                   "map-indicator-description.children", "map-year.marks", "map-year.min", "map-year.max", "map-year.value",
                   "map-level.options", "map-level.value", "map-focus.data", "map-drill.children"]
        return {"output": ".." + "...".join(outputs) + "..",
                "outputs": [{"id": o.split(".")[0], "property": o.split(".")[1]} for o in outputs],
                "inputs": [{"id": ids.INDICATOR, "property": "value", "value": indicator},
                           {"id": ids.YEAR, "property": "value", "value": year},
                           {"id": ids.LEVEL, "property": "value", "value": level},
                           {"id": ids.SELECTED, "property": "data", "value": None}],
                "state": [{"id": ids.FOCUS, "property": "data", "value": None}],
                "changedPropIds": [f"{ids.INDICATOR}.value"]}

    return [
        ("karte", "/_dash-update-component", page("/")),
        ("indikatorwechsel", "/_dash-update-component", recolour(random.choice(indicators))),
        ("profil", "/_dash-update-component", page(f"/gebiet/{area}")),
        ("mehrfachbelastung", "/_dash-update-component", page("/mehrfachbelastung")),
    ]


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.samples: list[tuple[str, float, float, bool]] = []  # kind, start, seconds, ok

    def add(self, kind, start, seconds, ok):
        with self.lock:
            self.samples.append((kind, start, seconds, ok))


def user(port, requests, stop: threading.Event, recorder: Recorder):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    while not stop.is_set():
        for kind, path, payload in requests:
            body = json.dumps(payload)
            start = time.perf_counter()
            ok = False
            try:
                conn.request("POST", path, body=body, headers={"Content-Type": "application/json", "Accept-Encoding": "gzip"})
                response = conn.getresponse()
                response.read()
                ok = response.status in (200, 204)
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            recorder.add(kind, start, time.perf_counter() - start, ok)
            if stop.is_set():
                break
            time.sleep(random.uniform(0.2, 0.6))  # think time between interactions
    conn.close()


def percentile(values, q):
    values = sorted(values)
    if not values:
        return None
    index = min(len(values) - 1, max(0, round(q / 100 * (len(values) - 1))))
    return values[index]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default=str(ROOT / "data" / "demo"))
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--ramp", type=float, default=60)
    parser.add_argument("--hold", type=float, default=120)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    random.seed(7)

    from dashboard.catalog import load_dataset
    from dashboard.monitor import Monitor
    from dashboard.store import Store

    dataset = load_dataset(Path(args.data))
    monitor = Monitor(dataset, Store(dataset.path), public=True)
    port = free_port()
    server = start_server(dataset.path, port, args.workers)
    try:
        warm = session_requests(monitor)
        for _, path, payload in warm:  # one warm-up pass per worker
            for _ in range(args.workers * 2):
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                conn.request("POST", path, body=json.dumps(payload), headers={"Content-Type": "application/json"})
                conn.getresponse().read()
                conn.close()
        rss_before = worker_rss_kib(server.pid)
        recorder, stop, threads = Recorder(), threading.Event(), []
        t0 = time.perf_counter()
        active_at: list[tuple[float, int]] = []
        for n in range(args.users):
            target = t0 + args.ramp * n / max(args.users - 1, 1)
            time.sleep(max(0.0, target - time.perf_counter()))
            thread = threading.Thread(target=user, args=(port, session_requests(monitor), stop, recorder), daemon=True)
            thread.start()
            threads.append(thread)
            active_at.append((time.perf_counter() - t0, n + 1))
        time.sleep(args.hold)
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
        duration = time.perf_counter() - t0
        rss_after = worker_rss_kib(server.pid)
    finally:
        server.terminate()
        server.wait(10)

    samples = recorder.samples
    def summary(rows):
        seconds = [s for _, _, s, _ in rows]
        return {"requests": len(rows), "errors": sum(1 for *_, ok in rows if not ok),
                "p50_ms": round(1000 * percentile(seconds, 50), 1), "p95_ms": round(1000 * percentile(seconds, 95), 1),
                "p99_ms": round(1000 * percentile(seconds, 99), 1)}
    # latency at 20 concurrent users: samples started while 20 +/- 2 users were active
    def users_at(t):
        return max((n for at, n in active_at if at <= t), default=0)
    at20 = [row for row in samples if 18 <= users_at(row[1] - t0) <= 22]
    result = {
        "benchmark": "load", "date": date.today().isoformat(), "dataset": dataset.id, "mode": "public",
        "machine": {"cpu_count": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "users": args.users, "ramp_s": args.ramp, "hold_s": args.hold, "gunicorn_workers": args.workers,
        "duration_s": round(duration, 1), "requests_per_s": round(len(samples) / duration, 1),
        "overall": summary(samples),
        "per_kind": {kind: summary([r for r in samples if r[0] == kind]) for kind in sorted({r[0] for r in samples})},
        "at_20_users": summary(at20) if at20 else None,
        "target_p95_ms_at_20_users": 100,
        "worker_rss_kib_before": rss_before, "worker_rss_kib_after": rss_after,
        "rss_growth_percent": round(100 * (sum(rss_after.values()) / max(sum(rss_before.values()), 1) - 1), 1),
    }
    target = ROOT / "bench" / "results" / "load.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps({k: result[k] for k in ("requests_per_s", "overall", "at_20_users", "rss_growth_percent")}, indent=1))


if __name__ == "__main__":
    main()
