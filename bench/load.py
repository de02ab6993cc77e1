"""Load benchmark for the public deployment (issue 7, "Load").

A bounded load generator on 127.0.0.1 only: virtual users replay the real callback requests of
a user session (open the map, change the indicator, open a profile, open the burden view)
against gunicorn in public mode. Ramp 1 -> 50 users over RAMP seconds, hold HOLD seconds.
Reports requests/s, p50/p95/p99 latency per request kind and overall, errors, and the workers'
memory (RSS) before and after. Writes bench/results/load.json (or --out).

    python bench/load.py [--ramp 60] [--hold 120] [--users 50] [--data data/demo]
                         [--workers 2] [--threads 4] [--preload] [--out FILE]
    python bench/load.py --profile [--repeat 30]   # where the time goes, per request kind

The payloads are built from the running app's /_dash-dependencies and /_dash-layout, as the
browser builds them, so the benchmark follows the app when a callback gains an output or a state.
--profile replays the same requests in this process through Flask's test client (no gunicorn, no
concurrency) under cProfile and prints, per kind: the time per request, how much of it the view
code takes, Dash's own share (request parsing, layout serialisation) and the top functions.
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
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(data: Path, port: int, workers: int, threads: int = 4, preload: bool = False) -> subprocess.Popen:
    env = dict(os.environ, QM_DATA=str(data), QM_MODE="public", QM_CACHE_DIR="", PYTHONUNBUFFERED="1")
    command = [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--threads", str(threads),
               "--bind", f"127.0.0.1:{port}", *(["--preload"] if preload else []), "app:server"]
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
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


def process_rss_kib(pid: int) -> int | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    return int(fields.get("VmRSS", "0 kB").split()[0])


class Callbacks:
    """The app's server callbacks as the browser knows them: /_dash-dependencies for ids and order,
    /_dash-layout for the initial values of stores a callback reads as State (e.g. the language)."""

    def __init__(self, get_json):
        self.dependencies = get_json("/_dash-dependencies")
        self.initial: dict[str, object] = {}
        stack = [get_json("/_dash-layout")]
        while stack:
            node = stack.pop()
            if isinstance(node, list):
                stack.extend(node)
            elif isinstance(node, dict):
                props = node.get("props") if "type" in node else None
                if isinstance(props, dict):
                    if isinstance(props.get("id"), str):
                        self.initial.update({f"{props['id']}.{k}": v for k, v in props.items()})
                    stack.extend(props.values())
                else:
                    stack.extend(node.values())

    @classmethod
    def from_server(cls, port: int) -> Callbacks:
        def get_json(path):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as response:
                return json.loads(response.read())
        return cls(get_json)

    def find(self, output: str) -> dict:
        return next(d for d in self.dependencies if output in d["output"].strip(".").split("..."))

    def payload(self, output: str, values: dict[str, object], changed: str) -> dict:
        """The body dash-renderer posts for the callback that has `output` (values by "id.property")."""
        spec = self.find(output)
        outputs = [{"id": o.split(".")[0], "property": o.split(".")[1]} for o in spec["output"].strip(".").split("...")]

        def fill(items):
            return [dict(i, value=values.get(f"{i['id']}.{i['property']}", self.initial.get(f"{i['id']}.{i['property']}")))
                    for i in items]
        body = {"output": spec["output"], "outputs": outputs if len(outputs) > 1 else outputs[0],
                "inputs": fill(spec["inputs"]), "changedPropIds": [changed], "parsedChangedPropsIds": [changed]}
        if spec["state"]:
            body["state"] = fill(spec["state"])
        return body


def session_requests(monitor, callbacks: Callbacks) -> list[tuple[str, str, dict]]:
    """The callback payloads of one user session, as the browser sends them."""
    from dashboard.ui import ids
    from dashboard.ui.components import colouring

    level = monitor.dataset.level_ids[0]
    indicators = [i.id for i in monitor.indicators() if i.available_at(level) and monitor.years(i.id, level)]
    area = monitor.store.frame("areas_by_level", {"level": level})["area_id"].iloc[7]
    year = monitor.dataset.default_year

    def page(path, search=""):
        return callbacks.payload(f"{ids.PAGE}.children", {f"{ids.URL}.pathname": path, f"{ids.URL}.search": search},
                                 f"{ids.URL}.pathname")

    # an indicator change is two requests: the colouring, then the legend and texts
    def indicator_change(output, indicator):
        values = {f"{ids.INDICATOR}.value": indicator, f"{ids.YEAR}.value": year, f"{ids.LEVEL}.value": level,
                  f"{ids.SELECTED}.data": None, f"{ids.FOCUS}.data": None}
        return callbacks.payload(output, values, f"{ids.INDICATOR}.value")

    indicator = random.choice(indicators)
    return [
        ("karte", "/_dash-update-component", page("/")),
        ("einfaerben", "/_dash-update-component", indicator_change(f"{colouring(ids.AREAS)}.data", indicator)),
        ("indikatorwechsel", "/_dash-update-component", indicator_change(f"{ids.LEVEL}.options", indicator)),
        ("profil", "/_dash-update-component", page(f"/gebiet/{area}")),
        ("mehrfachbelastung", "/_dash-update-component", page("/mehrfachbelastung")),
    ]


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.samples: list[tuple[str, float, float, bool]] = []  # kind, start, seconds, ok
        self.failures: Counter[str] = Counter()  # "kind: HTTP 500" / "kind: TimeoutError"
        self.retries = 0  # requests re-sent on a fresh connection after the kept-alive one was closed

    def add(self, kind, start, seconds, ok, failure: str | None = None):
        with self.lock:
            self.samples.append((kind, start, seconds, ok))
            if failure:
                self.failures[f"{kind}: {failure}"] += 1


STALE_CONNECTION = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)


def user(port, requests, stop: threading.Event, recorder: Recorder):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    while not stop.is_set():
        for kind, path, payload in requests:
            body = json.dumps(payload)
            start = time.perf_counter()
            ok, failure = False, None
            for attempt in (1, 2):
                try:
                    conn.request("POST", path, body=body, headers={"Content-Type": "application/json", "Accept-Encoding": "gzip"})
                    response = conn.getresponse()
                    response.read()
                    ok = response.status in (200, 204)
                    failure = None if ok else f"HTTP {response.status}"
                    break
                except STALE_CONNECTION as exc:
                    # the server closed the kept-alive connection: a browser sends the request again
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                    failure = type(exc).__name__
                    if attempt == 1:
                        with recorder.lock:
                            recorder.retries += 1
                except (OSError, http.client.HTTPException) as exc:
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                    failure = type(exc).__name__
                    break
            recorder.add(kind, start, time.perf_counter() - start, ok, failure)
            if stop.is_set():
                break
            time.sleep(random.uniform(0.2, 0.6))  # think time between interactions
    conn.close()


def stop_server(server: subprocess.Popen) -> None:
    """SIGTERM (graceful: workers finish their requests), then SIGKILL if it takes longer than 30 s."""
    server.terminate()
    try:
        server.wait(30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(10)


def percentile(values, q):
    values = sorted(values)
    if not values:
        return None
    index = min(len(values) - 1, max(0, round(q / 100 * (len(values) - 1))))
    return values[index]


def process_cpu_s(pid: int) -> float:
    """User + system CPU seconds of one process so far (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def summary(rows) -> dict:
    seconds = [s for _, _, s, _ in rows]
    return {"requests": len(rows), "errors": sum(1 for *_, ok in rows if not ok),
            "p50_ms": round(1000 * percentile(seconds, 50), 1), "p95_ms": round(1000 * percentile(seconds, 95), 1),
            "p99_ms": round(1000 * percentile(seconds, 99), 1)}


def warm_up(port: int, requests, workers: int) -> None:
    """Every request kind a few times per worker, so no measured request builds a cache."""
    for _, path, payload in requests:
        for _ in range(workers * 2):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("POST", path, body=json.dumps(payload), headers={"Content-Type": "application/json"})
            response = conn.getresponse()
            response.read()
            conn.close()
            if response.status != 200:
                raise RuntimeError(f"Aufwärmen: {path} antwortet {response.status}")


def machine() -> dict:
    return {"cpu_count": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()}


def public_monitor(data: Path):
    from dashboard.catalog import load_dataset
    from dashboard.monitor import Monitor
    from dashboard.store import Store

    dataset = load_dataset(data)
    return Monitor(dataset, Store(dataset.path), public=True)


def run_load(args) -> dict:
    monitor = public_monitor(Path(args.data))
    dataset = monitor.dataset
    port = free_port()
    server = start_server(dataset.path, port, args.workers, args.threads, args.preload)
    try:
        callbacks = Callbacks.from_server(port)
        warm_up(port, session_requests(monitor, callbacks), args.workers)
        rss_before = worker_rss_kib(server.pid)
        cpu_before = {pid: process_cpu_s(pid) for pid in rss_before}
        load_before = os.getloadavg()
        recorder, stop, threads = Recorder(), threading.Event(), []
        t0 = time.perf_counter()
        active_at: list[tuple[float, int]] = []
        for n in range(args.users):
            target = t0 + args.ramp * n / max(args.users - 1, 1)
            time.sleep(max(0.0, target - time.perf_counter()))
            thread = threading.Thread(target=user, args=(port, session_requests(monitor, callbacks), stop, recorder),
                                      daemon=True)
            thread.start()
            threads.append(thread)
            active_at.append((time.perf_counter() - t0, n + 1))
        ramp_end = time.perf_counter() - t0
        time.sleep(args.hold)
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
        duration = time.perf_counter() - t0
        rss_after = worker_rss_kib(server.pid)
        server_cpu = sum(process_cpu_s(pid) - cpu_before.get(pid, 0.0) for pid in rss_after)
        load_after = os.getloadavg()
    finally:
        stop_server(server)

    samples = recorder.samples
    # latency at 20 concurrent users: samples started while 20 +/- 2 users were active
    def users_at(t):
        return max((n for at, n in active_at if at <= t), default=0)
    at20 = [row for row in samples if 18 <= users_at(row[1] - t0) <= 22]
    hold = [row for row in samples if row[1] - t0 >= ramp_end]
    return {
        "benchmark": "load", "date": date.today().isoformat(), "dataset": dataset.id, "mode": "public",
        "machine": machine(),
        "users": args.users, "ramp_s": args.ramp, "hold_s": args.hold, "gunicorn_workers": args.workers,
        "gunicorn_threads": args.threads, "gunicorn_preload": args.preload,
        "duration_s": round(duration, 1), "requests_per_s": round(len(samples) / duration, 1),
        "overall": summary(samples),
        "per_kind": {kind: summary([r for r in samples if r[0] == kind]) for kind in sorted({r[0] for r in samples})},
        "at_20_users": summary(at20) if at20 else None,
        f"hold_at_{args.users}_users": summary(hold) if hold else None,
        "target_p95_ms_at_20_users": 100,
        # CPU the server spent per answered request: less sensitive to other load on the machine than latency
        "server_cpu_ms_per_request": round(1000 * server_cpu / max(len(samples), 1), 1),
        "load_average_before_after": [round(load_before[0], 2), round(load_after[0], 2)],
        "failures": dict(recorder.failures), "retries_on_closed_connection": recorder.retries,
        "worker_rss_kib_before": rss_before, "worker_rss_kib_after": rss_after,
        "rss_growth_percent": round(100 * (sum(rss_after.values()) / max(sum(rss_before.values()), 1) - 1), 1),
    }


def run_profile(args) -> None:
    """Replay the session's requests in this process through Flask's test client under cProfile.

    Per kind: the median CPU time of one request (thread CPU time: other load on the machine does not
    count) and its wall time, then, under cProfile, how the request splits into the view code (the
    Dash callback), JSON serialisation of the answer and the rest of Dash and Flask; then the top
    functions (--sort cumulative|tottime, --top N)."""
    import cProfile
    import pstats
    import statistics

    from dashboard import create_app
    from dashboard.settings import Settings

    app = create_app(Settings(data_dir=Path(args.data), mode="public", cache_dir=None))
    client = app.server.test_client()
    callbacks = Callbacks(lambda path: client.get(path).get_json())
    for kind, path, payload in session_requests(app.monitor, callbacks):
        body = json.dumps(payload)
        for _ in range(3):  # warm: caches filled, as in a worker that has served a while
            response = client.post(path, data=body, content_type="application/json")
            if response.status_code != 200:
                raise RuntimeError(f"{kind}: {response.status_code} {response.data[:300]!r}")
        cpu, wall = [], []
        for _ in range(args.repeat):
            start_cpu, start_wall = time.thread_time(), time.perf_counter()
            client.post(path, data=body, content_type="application/json")
            cpu.append(time.thread_time() - start_cpu)
            wall.append(time.perf_counter() - start_wall)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.repeat):
            response = client.post(path, data=body, content_type="application/json")
        profiler.disable()
        stats = pstats.Stats(profiler)
        cumulative = {}
        for (filename, _line, name), (_cc, _nc, _tt, cum, _callers) in stats.stats.items():
            key = (Path(filename).name, name)
            cumulative[key] = max(cumulative.get(key, 0.0), cum)

        def ms(file, name, cumulative=cumulative):
            return 1000 * cumulative.get((file, name), 0.0) / args.repeat
        total, callback, serialise = ms("app.py", "wsgi_app"), ms("_callback.py", "_invoke_callback"), ms("_utils.py", "to_json")
        print(f"\n=== {kind}: CPU {1000 * statistics.median(cpu):.1f} ms median per request "
              f"(wall {1000 * statistics.median(wall):.1f} ms), answer {len(response.data) / 1024:.0f} kB. "
              f"Under cProfile: total {total:.1f} ms = view code {callback:.1f} + JSON {serialise:.1f} "
              f"+ rest of Dash/Flask {total - callback - serialise:.1f}")
        shares = Counter()
        for (filename, _line, _name), (_cc, _nc, own, _cum, _callers) in stats.stats.items():
            shares[_bucket(filename)] += own
        spent = sum(shares.values()) or 1.0
        print("    own time by package: " + ", ".join(f"{name} {100 * t / spent:.0f} %" for name, t in shares.most_common()))
        if args.top:
            stats.sort_stats(args.sort).print_stats(*([args.only] if args.only else []), args.top)


BUCKETS = (("/dashboard/ui/", "dashboard/ui"), ("/dashboard/reports/", "dashboard/reports"), ("/dashboard/", "dashboard (data)"),
           ("/pandas/", "pandas"), ("/numpy/", "numpy"), ("/dash/", "dash"), ("plotly", "plotly JSON"), ("/json/", "plotly JSON"),
           ("/flask/", "flask/werkzeug"), ("/werkzeug/", "flask/werkzeug"))


def _bucket(filename: str) -> str:
    """Which package a profiled function belongs to (C functions count as 'built-ins')."""
    return next((name for part, name in BUCKETS if part in filename), "built-ins" if filename == "~" else "other")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default=str(ROOT / "data" / "demo"))
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--ramp", type=float, default=60)
    parser.add_argument("--hold", type=float, default=120)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--preload", action="store_true", help="gunicorn --preload: import the app once, fork the workers")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "load.json"))
    parser.add_argument("--profile", action="store_true", help="profile the request kinds in-process instead")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--only", default="", help="with --profile: list only functions whose file matches, e.g. /dashboard/")
    args = parser.parse_args()
    random.seed(7)
    if args.profile:
        run_profile(args)
        return
    result = run_load(args)
    target = Path(args.out)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    keys = ("requests_per_s", "overall", "at_20_users", f"hold_at_{args.users}_users", "server_cpu_ms_per_request",
            "load_average_before_after", "rss_growth_percent")
    print(json.dumps({k: result[k] for k in keys}, indent=1))


if __name__ == "__main__":
    main()
