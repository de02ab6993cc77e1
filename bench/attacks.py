"""Attack replay against the public site as deployed (issue 11, items 5-7): nginx in front of gunicorn.

Not a test: a benchmark. Starts the real stack (dashboard.proxy.ProxyStack: deploy/nginx/quartiersmonitor.conf,
gunicorn in public mode) on loopback, against data/berlin if it is there (else the demo), and measures

1. baseline: normal clients (source addresses 127.0.1.x) replay mixed requests - the map page (HTML),
   the router callback of the map, its colouring callback, /healthz - with a think time; p50/p95;
2. the same while one attacker (source 127.0.0.2; nginx limits per address) keeps 20 requests in
   flight: comparison callbacks of 5 random areas and profile pages with a random extra parameter
   (`?zz=…`); p50/p95 of the normal clients and their ratio to the baseline of the same run, and how
   the attacker's requests were answered (200 / 429);
3. slow-header sockets: 50 sockets send a partial request head and trickle a byte every 2 s; health
   probes through the proxy meanwhile (and, for contrast, 20 such sockets against gunicorn directly);
4. a 100 MB body to the callback endpoint: status, and the gunicorn workers' RSS before and after.

Every wait has a deadline. Writes bench/results/attacks.json; bench/report.py renders it.

    python bench/attacks.py [--data data/berlin] [--seconds 30] [--out FILE]
"""
from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import random
import shutil
import socket
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from load import Callbacks, machine, percentile, worker_rss_kib  # noqa: E402

from dashboard.proxy import ProxyStack  # noqa: E402

CALLBACK = "/_dash-update-component"
NORMAL_SOURCES = ("127.0.1.1", "127.0.1.2", "127.0.1.3")
ATTACKER = "127.0.0.2"
SLOW = "127.0.0.3"
TARGET_P95_MS = 300
JSON_HEADERS = {"Content-Type": "application/json", "Accept-Encoding": "gzip"}


class Client:
    """One keep-alive HTTP connection from a given loopback source address (reopened when closed)."""

    def __init__(self, port: int, source: str, timeout: float = 30):
        self.port, self.source, self.timeout = port, source, timeout
        self.conn = None

    def send(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None) -> tuple[int | None, float]:
        start = time.perf_counter()
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout,
                                                       source_address=(self.source, 0))
            try:
                self.conn.request(method, path, body=body, headers=headers or {})
                response = self.conn.getresponse()
                response.read()
                if response.getheader("Connection", "").lower() == "close":
                    self.close()
                return response.status, time.perf_counter() - start
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.close()  # a kept-alive connection the server closed: send again, as a browser does
                if attempt == 2:
                    return None, time.perf_counter() - start
            except (OSError, http.client.HTTPException):
                self.close()
                return None, time.perf_counter() - start
        return None, time.perf_counter() - start

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def summary(samples: list[tuple[str, float, int | None]]) -> dict:
    ms = [s * 1000 for _, s, _ in samples]
    statuses = Counter(str(status) for _, _, status in samples)
    per_kind = {}
    for kind in sorted({k for k, _, _ in samples}):
        values = [s * 1000 for k, s, _ in samples if k == kind]
        per_kind[kind] = {"requests": len(values), "p50_ms": round(statistics.median(values), 1),
                          "p95_ms": round(percentile(values, 95), 1)}
    return {"requests": len(samples), "errors": sum(n for s, n in statuses.items() if s not in ("200", "204")),
            "statuses": dict(statuses), "p50_ms": round(statistics.median(ms), 1) if ms else None,
            "p95_ms": round(percentile(ms, 95), 1) if ms else None, "max_ms": round(max(ms), 1) if ms else None,
            "per_kind": per_kind}


def normal_clients(port: int, requests: list[tuple[str, str, str, bytes | None]], seconds: float) -> list:
    """Each normal client replays the mixed requests with a think time of 0.8-1.2 s between rounds."""
    samples, lock = [], threading.Lock()
    stop_at = time.monotonic() + seconds

    def run(source: str):
        client, rng = Client(port, source), random.Random(source)
        while time.monotonic() < stop_at:
            for kind, method, path, body in requests:
                status, took = client.send(method, path, body, JSON_HEADERS if body else {"Accept-Encoding": "gzip"})
                with lock:
                    samples.append((kind, took, status))
            time.sleep(rng.uniform(0.8, 1.2))
        client.close()

    threads = [threading.Thread(target=run, args=(s,)) for s in NORMAL_SOURCES]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 120)
    return samples


def attacker_process(port: int, bodies: list[bytes], seconds: float, results, concurrency: int = 20) -> None:
    """The attacker: its own process (reniced: on a 2-core machine the attacker's CPU would otherwise
    be taken from the server, which a remote attacker's is not), 20 requests in flight at all times,
    each re-sent as soon as it is answered."""
    os.nice(10)
    statuses, lock = Counter(), threading.Lock()
    stop_at = time.monotonic() + seconds

    def run(n: int):
        client, rng = Client(port, ATTACKER, timeout=60), random.Random(n)
        while time.monotonic() < stop_at:
            status, _ = client.send("POST", CALLBACK, rng.choice(bodies), JSON_HEADERS)
            with lock:
                statuses[str(status)] += 1
        client.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 90)
    results.put(dict(statuses))


def slow_header_sockets(port: int, count: int, source: str, stop: threading.Event) -> tuple[list[socket.socket], threading.Thread]:
    sockets = []
    for _ in range(count):
        sock = socket.create_connection(("127.0.0.1", port), timeout=5, source_address=(source, 0))
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        sockets.append(sock)

    def trickle():
        while not stop.wait(2):
            for sock in sockets:
                try:
                    sock.send(b"a")
                except OSError:
                    pass

    thread = threading.Thread(target=trickle, daemon=True)
    thread.start()
    return sockets, thread


def probe_health(port: int, count: int, timeout: float) -> dict:
    took, failed = [], 0
    for _ in range(count):
        client = Client(port, NORMAL_SOURCES[0], timeout=timeout)
        status, seconds = client.send("GET", "/healthz")
        client.close()
        if status == 200:
            took.append(seconds * 1000)
        else:
            failed += 1
        time.sleep(0.2)
    return {"probes": count, "failed": failed, "timeout_s": timeout,
            "p95_ms": round(percentile(took, 95), 1) if took else None, "max_ms": round(max(took), 1) if took else None}


def closed_within(sockets: list[socket.socket], opened_at: float, deadline_s: float) -> float | None:
    """Seconds from opening until the server had closed every socket (None: not within the deadline)."""
    pending = list(sockets)
    while pending and time.monotonic() - opened_at < deadline_s:
        for sock in list(pending):
            sock.settimeout(0.1)
            try:
                data = sock.recv(4096)
            except TimeoutError:
                continue
            except OSError:
                data = b""
            if not data or data.startswith(b"HTTP/1.1 408"):
                pending.remove(sock)
    return None if pending else round(time.monotonic() - opened_at, 1)


def oversized_body(port: int, size: int) -> dict:
    """Announce `size` bytes and stream the body until the server answers (or 64 MiB were sent)."""
    start = time.perf_counter()
    sent = 0
    status = None
    with socket.create_connection(("127.0.0.1", port), timeout=30, source_address=(SLOW, 0)) as sock:
        sock.sendall((f"POST {CALLBACK} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                      f"Content-Length: {size}\r\n\r\n").encode())
        chunk = b" " * (1 << 20)
        sock.settimeout(0.05)
        while sent < size:
            try:
                head = sock.recv(64)
                if head:
                    status = int(head.split()[1])
                break
            except TimeoutError:
                pass
            try:
                sock.settimeout(5)
                sock.sendall(chunk)
                sent += len(chunk)
                sock.settimeout(0.05)
            except OSError:
                break
        if status is None:
            sock.settimeout(10)
            try:
                head = sock.recv(64)
                status = int(head.split()[1]) if head else None
            except (OSError, IndexError, ValueError):
                pass
    return {"status": status, "body_bytes_sent_before_answer": sent, "seconds": round(time.perf_counter() - start, 3)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Angriffe gegen die öffentliche Seite hinter nginx nachspielen")
    berlin = ROOT / "data" / "berlin"
    parser.add_argument("--data", type=Path, default=berlin if (berlin / "dataset.toml").exists() else ROOT / "data" / "demo")
    parser.add_argument("--seconds", type=float, default=30, help="Dauer der Basismessung und der Messung unter Angriff")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "attacks.json")
    args = parser.parse_args(argv)

    from dashboard.catalog import load_dataset
    from dashboard.monitor import Monitor
    from dashboard.store import Store
    from dashboard.ui import compare as compare_view
    from dashboard.ui import ids
    from dashboard.ui.components import colouring

    dataset = load_dataset(args.data)
    monitor = Monitor(dataset, Store(dataset.path), public=True)
    level = dataset.level_ids[0]
    area_ids = list(monitor.store.frame("areas_by_level", {"level": level})["area_id"])
    profile_targets = area_ids[:5]

    cache = tempfile.mkdtemp(prefix="qm-bench-cache-")  # a fresh private cache: nothing from earlier runs
    env = dict(os.environ, QM_CACHE_DIR=cache)
    result: dict = {"benchmark": "attacks", "date": date.today().isoformat(), "machine": machine(),
                    "dataset": dataset.title, "areas": len(area_ids), "mode": "public", "gunicorn_workers": 2,
                    "gunicorn_threads": 8, "target_p95_ms": TARGET_P95_MS, "seconds_per_phase": args.seconds,
                    "nginx_limits": "callbacks 2 r/s je Adresse, burst 40, limit_conn 6; Kopf 5 s, Körper 10 s, max. 1 MB"}
    with ProxyStack(data=args.data, workers=2, threads=8, env=env) as stack:
        print(f"Stack: {stack.url} (gunicorn {stack.upstream_url}), Daten {args.data}", flush=True)
        callbacks = Callbacks.from_server(stack.port)
        year = dataset.default_year

        def page(path: str, search: str = "") -> dict:
            return callbacks.payload(f"{ids.PAGE}.children", {f"{ids.URL}.pathname": path, f"{ids.URL}.search": search},
                                     f"{ids.URL}.pathname")

        indicator = dataset.default_indicator
        colour = callbacks.payload(f"{colouring(ids.AREAS)}.data", {f"{ids.INDICATOR}.value": indicator, f"{ids.YEAR}.value": year,
                                                                    f"{ids.LEVEL}.value": level, f"{ids.SELECTED}.data": None,
                                                                    f"{ids.FOCUS}.data": None}, f"{ids.INDICATOR}.value")
        normal = [("karte (HTML)", "GET", "/", None),
                  ("karte (Callback)", "POST", CALLBACK, json.dumps(page("/")).encode()),
                  ("einfaerben", "POST", CALLBACK, json.dumps(colour).encode()),
                  ("healthz", "GET", "/healthz", None)]

        def attack_payload(rng: random.Random) -> dict:
            if rng.random() < 0.5:
                return callbacks.payload(f"{compare_view.TABLE}.children",
                                         {f"{compare_view.AREAS}.value": rng.sample(area_ids, 5), f"{compare_view.YEAR}.value": year,
                                          f"{compare_view.CHART_INDICATOR}.value": None}, f"{compare_view.AREAS}.value")
            return page(f"/gebiet/{rng.choice(profile_targets)}", f"?zz={rng.getrandbits(64):x}")

        # warm-up: the normal client's pages once (a visitor is rarely the first)
        normal_clients(stack.port, normal, 3)
        print("Basis …", flush=True)
        baseline = summary(normal_clients(stack.port, normal, args.seconds))
        print(f"  Basis p50 {baseline['p50_ms']} ms, p95 {baseline['p95_ms']} ms", flush=True)

        print("Unter Angriff (20 gleichzeitige teure Anfragen von 127.0.0.2) …", flush=True)
        rng = random.Random(11)
        bodies = [json.dumps(attack_payload(rng)).encode() for _ in range(3000)]
        queue = multiprocessing.get_context("spawn").Queue()
        attack = multiprocessing.get_context("spawn").Process(target=attacker_process,
                                                              args=(stack.port, bodies, args.seconds + 4, queue))
        attack.start()
        time.sleep(2)  # the attack is in full swing before measuring
        under = summary(normal_clients(stack.port, normal, args.seconds))
        attack_statuses = Counter(queue.get(timeout=180))
        attack.join(timeout=30)
        print(f"  unter Angriff p50 {under['p50_ms']} ms, p95 {under['p95_ms']} ms; Angreifer {dict(attack_statuses)}", flush=True)
        result["baseline"] = baseline
        result["under_attack"] = under
        result["p95_ratio"] = round(under["p95_ms"] / baseline["p95_ms"], 2) if baseline["p95_ms"] else None
        result["meets_target"] = under["p95_ms"] is not None and under["p95_ms"] <= TARGET_P95_MS and under["errors"] == 0
        total = sum(attack_statuses.values())
        result["attacker"] = {"requests": total, "statuses": dict(attack_statuses),
                              "limited_share": round(attack_statuses.get("429", 0) / total, 3) if total else None}

        print("Langsame Kopfzeilen …", flush=True)
        stop = threading.Event()
        opened_at = time.monotonic()
        sockets, trickler = slow_header_sockets(stack.port, 50, SLOW, stop)
        probes = probe_health(stack.port, 20, timeout=5)
        closed = closed_within(sockets, opened_at, 40)
        stop.set()
        trickler.join(timeout=5)
        for sock in sockets:
            sock.close()
        result["slow_headers_proxy"] = {"sockets": 50, **probes, "closed_by_server_after_s": closed}
        print(f"  über nginx: {result['slow_headers_proxy']}", flush=True)
        stop = threading.Event()
        # more sockets than gunicorn has threads (2 x 8): without nginx each holds a thread
        sockets, trickler = slow_header_sockets(stack.upstream_port, 20, SLOW, stop)
        time.sleep(0.5)
        direct = probe_health(stack.upstream_port, 5, timeout=3)
        stop.set()
        trickler.join(timeout=5)
        for sock in sockets:
            sock.close()
        result["slow_headers_gunicorn_direct"] = {"sockets": 20, **direct}
        print(f"  gunicorn direkt (zum Vergleich): {direct}", flush=True)

        print("100-MB-Körper …", flush=True)
        size = 100 * 1024 * 1024
        rss_before = worker_rss_kib(stack.gunicorn.pid)
        via_proxy = oversized_body(stack.port, size)
        direct_body = oversized_body(stack.upstream_port, size)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:  # the app is still answering: both workers alive
            if Client(stack.port, NORMAL_SOURCES[1]).send("GET", "/healthz")[0] == 200:
                break
            time.sleep(0.2)
        rss_after = worker_rss_kib(stack.gunicorn.pid)
        growth = sum(rss_after.values()) - sum(rss_before.values())
        result["oversized_body"] = {"body_mb": 100, "proxy": via_proxy, "gunicorn_direct": direct_body,
                                    "worker_rss_kib_before": sum(rss_before.values()), "worker_rss_kib_after": sum(rss_after.values()),
                                    "worker_rss_growth_kib": growth}
        print(f"  {result['oversized_body']}", flush=True)

    shutil.rmtree(cache, ignore_errors=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"geschrieben: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
