"""Two stateless app hosts behind nginx with a shared Redis cache, built on this machine (issue 16, "Scale-out").

Network namespaces (`ip netns`, needs root) stand in for machines; addresses exist only inside them:

    qmso<id>-lb      bridge 10.213.0.1/24, nginx on 127.0.0.1:8080 (deploy/nginx/quartiersmonitor.conf via
                     dashboard.proxy.render_config, both app hosts in its upstream), and this script's own
                     HTTP clients (the controller joins the namespace with setns, so the load generator,
                     the health checks and the release checks never touch the machine's own network)
    qmso<id>-redis   10.213.0.2: redis-server (password, maxmemory with allkeys-lru, no persistence)
    qmso<id>-app1/2  10.213.0.3/.4: gunicorn, QM_MODE=public, the same immutable release of data/berlin,
                     QM_REDIS_URL to the Redis host, each host its own QM_CACHE_DIR (open-data files) and,
                     when the machine has 2 cores or more, its own CPU core (taskset): a host is one core,
                     as a separate machine would be

Phases, each with the same number of virtual users (bench/load.py's request mix: map, colouring,
indicator change, profile, burden view - plus the HTML page, a GET):
  1. one host (app2 left out of the upstream): throughput, p50/p95
  2. two hosts: throughput, p50/p95
  3. failover: two hosts, app2 killed (SIGKILL to all its processes) in the middle of the run. Failed
     requests are counted and compared with those in flight at the kill (started before it, not yet
     answered); app1's p95 after the kill is compared with its single-host p95 from phase 1.
  4. release rollout: app2 comes back, then a second release (a copy of data/berlin with another release id)
     is rolled out host by host (left out of the upstream + nginx reload, graceful stop, start on the new release, wait
     for /healthz, mark up + reload) under load. Every answer's release is read from its body (the page
     callback's release store and the rendered page, the HTML's data-qm-release): no answer may carry two.

Everything has a deadline (--deadline for the whole run, each wait its own); namespaces and processes are
removed on success, failure, Ctrl-C and SIGTERM. Writes bench/results/scaleout.json; `report_section`
renders it for docs/performance.md (bench/report.py).

    python bench/scaleout.py [--users 96] [--phase 40] [--data data/berlin] [--workers 2] [--threads 4]
"""
from __future__ import annotations

import argparse
import ctypes
import gzip
import hashlib
import http.client
import json
import os
import platform
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from load import Callbacks, public_monitor, session_requests, summary  # noqa: E402
from targets import git_commit  # noqa: E402

from dashboard.proxy import nginx_binary, render_config  # noqa: E402

RESULT = ROOT / "bench" / "results" / "scaleout.json"
SUBNET = "10.213.0"
LB_PORT = 8080
APP_PORT = 8000
CLONE_NEWNET = 0x40000000


class Deadline(Exception):
    pass


class SessionCallbacks(Callbacks):
    """bench/load.py's Callbacks, but a request of the session whose callback the app no longer has (the
    colouring moved to a JSON route, say) is left out of the mix instead of stopping the run."""

    def payload(self, output: str, values: dict, changed: str):
        try:
            return super().payload(output, values, changed)
        except StopIteration:
            return None


def session_mix(monitor, callbacks) -> list[tuple[str, str, dict | None]]:
    """bench/load.py's session (the callbacks it still finds) plus the HTML page and, where the app has it, the
    map's colouring JSON route (GETs, idempotent). The colouring address carries the release of the page the
    virtual user loaded last ({release}, filled in per request), as the browser's address does."""
    mix = [r for r in session_requests(monitor, callbacks) if r[2] is not None]
    try:
        from dashboard.urls import colouring_url
    except ImportError:
        colouring_url = None
    if colouring_url is not None:
        level = monitor.dataset.level_ids[0]
        choices = [(i.id, monitor.years(i.id, level)) for i in monitor.indicators() if i.available_at(level)]
        indicator, years = random.choice([c for c in choices if c[1]])
        mix.insert(1, ("faerbung", colouring_url("RELEASE", "de", level, indicator, years[-1]).replace("RELEASE", "{release}"),
                       None))
    return mix + [("html", "/", None)]


def sh(*args: str, check: bool = True, timeout: float = 30) -> subprocess.CompletedProcess:
    done = subprocess.run(list(args), capture_output=True, text=True, timeout=timeout)
    if check and done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)}: {done.stderr.strip()}")
    return done


def setns(path: str) -> None:
    """Move the calling thread (and the threads it starts later) into the network namespace at path."""
    libc = ctypes.CDLL(None, use_errno=True)
    with open(path) as handle:
        if libc.setns(handle.fileno(), CLONE_NEWNET) != 0:
            raise OSError(ctypes.get_errno(), f"setns({path})")


def wait_until(what: str, condition, deadline_s: float, interval: float = 0.1):
    end = time.monotonic() + deadline_s
    last = None
    while time.monotonic() < end:
        try:
            value = condition()
            if value:
                return value
        except Exception as error:  # noqa: BLE001 - reported with the timeout
            last = error
        time.sleep(interval)
    raise TimeoutError(f"{what}: nicht innerhalb von {deadline_s:.0f} s ({last})")


def get(url: str, timeout: float = 3) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.status, response.read()


# -- the deployment ----------------------------------------------------------------------------------------
class Host:
    def __init__(self, name: str, ns: str, address: str, cpu: int | None):
        self.name, self.ns, self.address, self.cpu = name, ns, address, cpu
        self.proc: subprocess.Popen | None = None
        self.release: str | None = None

    @property
    def url(self) -> str:
        return f"http://{self.address}:{APP_PORT}"


class Deployment:
    def __init__(self, args, runtime: Path):
        self.args, self.runtime = args, runtime
        tag = f"qmso{os.getpid() % 100000}"
        self.ns = {name: f"{tag}-{name}" for name in ("lb", "redis", "app1", "app2")}
        self.created: list[str] = []
        self.procs: list[subprocess.Popen] = []
        self.redis_password = hashlib.sha256(os.urandom(16)).hexdigest()[:24]
        cores = os.cpu_count() or 1
        self.hosts = [Host("app1", self.ns["app1"], f"{SUBNET}.3", 0 if cores >= 2 else None),
                      Host("app2", self.ns["app2"], f"{SUBNET}.4", 1 if cores >= 2 else None)]
        self.nginx_proc: subprocess.Popen | None = None
        self.nginx = nginx_binary()
        self.root_ns = os.open("/proc/self/ns/net", os.O_RDONLY)

    # namespaces: a bridge in lb, one veth per other namespace
    def build_network(self) -> None:
        for ns in self.ns.values():
            sh("ip", "netns", "add", ns)
            self.created.append(ns)
            sh("ip", "-n", ns, "link", "set", "lo", "up")
        lb = self.ns["lb"]
        sh("ip", "-n", lb, "link", "add", "br0", "type", "bridge")
        sh("ip", "-n", lb, "addr", "add", f"{SUBNET}.1/24", "dev", "br0")
        sh("ip", "-n", lb, "link", "set", "br0", "up")
        for number, name in ((2, "redis"), (3, "app1"), (4, "app2")):
            sh("ip", "-n", lb, "link", "add", f"v{name}", "type", "veth", "peer", "name", "eth0", "netns", self.ns[name])
            sh("ip", "-n", lb, "link", "set", f"v{name}", "master", "br0", "up")
            sh("ip", "-n", self.ns[name], "addr", "add", f"{SUBNET}.{number}/24", "dev", "eth0")
            sh("ip", "-n", self.ns[name], "link", "set", "eth0", "up")

    def spawn(self, ns: str, command: list[str], log: str, env: dict[str, str] | None = None) -> subprocess.Popen:
        handle = open(self.runtime / log, "ab")
        proc = subprocess.Popen(["ip", "netns", "exec", ns, *command], stdout=handle, stderr=subprocess.STDOUT,
                                env=env, cwd=ROOT, start_new_session=True)
        self.procs.append(proc)
        return proc

    def start_redis(self) -> None:
        redis_dir = self.runtime / "redis"
        redis_dir.mkdir()
        self.spawn(self.ns["redis"], ["/usr/bin/redis-server", "--bind", f"{SUBNET}.2", "--port", "6379",
                                      "--requirepass", self.redis_password, "--save", "", "--appendonly", "no",
                                      "--maxmemory", "256mb", "--maxmemory-policy", "allkeys-lru", "--dir", str(redis_dir)],
                   "redis.log")
        import redis
        client = redis.Redis(host=f"{SUBNET}.2", port=6379, password=self.redis_password, socket_timeout=2)
        wait_until("redis-server", client.ping, 20)
        self.redis = client

    @property
    def redis_url(self) -> str:
        return f"redis://:{self.redis_password}@{SUBNET}.2:6379/0"

    def start_host(self, host: Host, data: Path, deadline_s: float = 180) -> None:
        env = dict(os.environ, QM_MODE="public", QM_DATA=str(data), QM_REDIS_URL=self.redis_url,
                   QM_CACHE_DIR=str(self.runtime / f"{host.name}-cache"), PYTHONUNBUFFERED="1")
        pin = ["taskset", "-c", str(host.cpu)] if host.cpu is not None else []
        host.proc = self.spawn(host.ns, [*pin, sys.executable, "-m", "gunicorn", "--workers", str(self.args.workers),
                                         "--threads", str(self.args.threads), "--graceful-timeout", "20",
                                         # gunicorn's control socket is a file (~/.gunicorn/gunicorn.ctl): two
                                         # hosts on one file system would share it
                                         "--no-control-socket",
                                         "--bind", f"{host.address}:{APP_PORT}", "app:server"], f"{host.name}.log", env)
        proc = host.proc

        def healthy():
            if proc.poll() is not None:
                raise RuntimeError(f"{host.name} beendet (Exit {proc.returncode})")
            status, body = get(host.url + "/healthz")
            return status == 200 and json.loads(body)["release"]
        host.release = wait_until(f"{host.name} /healthz", healthy, deadline_s, 0.25)

    def stop_host(self, host: Host, kill: bool = False) -> None:
        proc = host.proc
        if proc is None or proc.poll() is not None:
            return
        try:
            if kill:  # the whole host at once: master and workers
                os.killpg(proc.pid, signal.SIGKILL)
            else:  # gunicorn's graceful stop: the master lets the workers finish their requests
                os.kill(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        try:
            proc.wait(5 if kill else 30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)

    def write_nginx(self, down: set[str]) -> Path:
        # a drained host is left out of the list (dashboard.proxy.upstream_servers says why not `down`)
        servers = [f"{h.address}:{APP_PORT}" for h in self.hosts if h.name not in down]
        conf = self.runtime / "nginx.conf"
        conf.write_text(render_config(f"127.0.0.1:{LB_PORT}", servers, self.runtime / "nginx"), encoding="utf-8")
        return conf

    def nginx_args(self) -> list[str]:
        return ["-p", str(self.runtime / "nginx"), "-e", str(self.runtime / "nginx" / "error.log"),
                "-c", str(self.runtime / "nginx.conf")]

    def start_nginx(self, down: set[str]) -> None:
        (self.runtime / "nginx").mkdir(exist_ok=True)
        os.chmod(self.runtime / "nginx", 0o755)
        self.write_nginx(down)
        sh("ip", "netns", "exec", self.ns["lb"], self.nginx, "-t", "-q", *self.nginx_args())
        self.nginx_proc = self.spawn(self.ns["lb"], [self.nginx, *self.nginx_args(), "-g", "daemon off;"], "nginx.out")
        wait_until("nginx", lambda: get(f"http://127.0.0.1:{LB_PORT}/healthz")[0] == 200, 30)

    def nginx_workers(self) -> set[int]:
        children = Path(f"/proc/{self.nginx_proc.pid}/task/{self.nginx_proc.pid}/children")
        return set(map(int, children.read_text().split())) if children.exists() else set()

    def reload_nginx(self, down: set[str]) -> None:
        """New upstream; returns once the old workers are replaced (they finish their requests first)."""
        self.write_nginx(down)
        sh("ip", "netns", "exec", self.ns["lb"], self.nginx, "-t", "-q", *self.nginx_args())
        before = self.nginx_workers()
        self.nginx_proc.send_signal(signal.SIGHUP)
        wait_until("nginx reload", lambda: (w := self.nginx_workers()) and not (w & before), 30, 0.05)

    def stop_nginx(self) -> None:
        if self.nginx_proc is not None and self.nginx_proc.poll() is None:
            self.nginx_proc.send_signal(signal.SIGQUIT)  # graceful: workers finish, logs are flushed
            try:
                self.nginx_proc.wait(20)
            except subprocess.TimeoutExpired:
                self.nginx_proc.kill()
                self.nginx_proc.wait(5)

    def cleanup(self) -> None:
        for proc in reversed(self.procs):
            if proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGTERM)
                except ProcessLookupError:
                    continue
        for proc in reversed(self.procs):
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                proc.wait(5)
        try:
            setns(f"/proc/self/fd/{self.root_ns}")
        except OSError:
            pass
        for ns in self.created:
            subprocess.run(["ip", "netns", "del", ns], capture_output=True, timeout=30)


# -- load ---------------------------------------------------------------------------------------------------
class Sample:
    __slots__ = ("kind", "start", "seconds", "status", "failure", "releases")

    def __init__(self, kind, start, seconds, status, failure, releases):
        self.kind, self.start, self.seconds, self.status = kind, start, seconds, status
        self.failure, self.releases = failure, releases

    @property
    def ok(self) -> bool:
        return self.failure is None

    def row(self):
        return (self.kind, self.start, self.seconds, self.ok)


class Load:
    """Virtual users replaying bench/load.py's session (plus a GET of the HTML page) against nginx.
    Each user has its own source address (127.1.<phase>.<n>): nginx limits callbacks per client address."""

    def __init__(self, requests_for, releases: list[str]):
        self.requests_for = requests_for
        self.releases = releases
        self.samples: list[Sample] = []
        self.lock = threading.Lock()
        self.in_flight = 0  # requests sent and not yet answered

    def page_release(self, body: bytes) -> str | None:
        import re
        match = re.search(rb'data-qm-release="([^"]+)"', body)
        return match.group(1).decode() if match else None

    def releases_in(self, body: bytes) -> tuple[str, ...]:
        text = body.decode("utf-8", "replace")
        return tuple(r for r in self.releases if r in text)

    def user(self, source: str, stop: threading.Event):
        def connect():
            return http.client.HTTPConnection("127.0.0.1", LB_PORT, timeout=30, source_address=(source, 0))
        conn = connect()
        requests = self.requests_for()
        page_release = self.releases[0]  # the release of the page this user has open (its HTML's data-qm-release)
        while not stop.is_set():
            for kind, path, payload in requests:
                path = path.replace("{release}", page_release)
                start = time.perf_counter()
                status, failure, releases = 0, None, ()
                with self.lock:
                    self.in_flight += 1
                for attempt in (1, 2):
                    try:
                        if payload is None:
                            conn.request("GET", path, headers={"Accept-Encoding": "gzip"})
                        else:
                            conn.request("POST", path, body=json.dumps(payload),
                                         headers={"Content-Type": "application/json", "Accept-Encoding": "gzip"})
                        response = conn.getresponse()
                        body = response.read()
                        if response.getheader("Content-Encoding") == "gzip":
                            body = gzip.decompress(body)
                        status = response.status
                        failure = None if status in (200, 204) else f"HTTP {status}"
                        releases = self.releases_in(body)
                        if kind == "faerbung" and failure is None:  # the release of its address counts too
                            releases = tuple(r for r in self.releases if r in releases or r == page_release)
                        if kind == "html" and failure is None:
                            page_release = self.page_release(body) or page_release
                        break
                    except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError) as exc:
                        # nginx closed the kept-alive connection before reading the request: a browser resends
                        conn.close()
                        conn = connect()
                        failure = type(exc).__name__
                    except (OSError, http.client.HTTPException) as exc:
                        conn.close()
                        conn = connect()
                        failure = type(exc).__name__
                        break
                with self.lock:
                    self.in_flight -= 1
                    self.samples.append(Sample(kind, start, time.perf_counter() - start, status, failure, releases))
                if stop.is_set():
                    break
                time.sleep(random.uniform(0.2, 0.6))
        conn.close()

    def run(self, phase: int, users: int, seconds: float, ramp: float = 5.0, during=None) -> tuple[float, float]:
        """Run users for `seconds` (ramped in over `ramp`); during(t0) runs in this thread meanwhile."""
        stop, threads = threading.Event(), []
        t0 = time.perf_counter()
        for n in range(users):
            thread = threading.Thread(target=self.user, args=(f"127.1.{phase}.{n + 1}", stop), daemon=True)
            thread.start()
            threads.append(thread)
            time.sleep(ramp / max(users, 1))
        try:
            if during is not None:
                during(t0)
            time.sleep(max(0.0, t0 + seconds - time.perf_counter()))
        finally:
            stop.set()
            stopped = time.perf_counter()  # the phase ends here; the users only finish their last request
            for thread in threads:
                thread.join(timeout=40)
        return t0, stopped

    def between(self, t0: float, t1: float) -> list[Sample]:
        with self.lock:
            return [s for s in self.samples if t0 <= s.start < t1]


def phase_summary(samples: list[Sample], seconds: float) -> dict:
    out = summary([s.row() for s in samples]) if samples else {"requests": 0}
    out["requests_per_s"] = round(len(samples) / seconds, 1) if seconds > 0 else None
    out["failures"] = {}
    for s in samples:
        if s.failure:
            out["failures"][f"{s.kind}: {s.failure}"] = out["failures"].get(f"{s.kind}: {s.failure}", 0) + 1
    return out


def warm(requests, release: str, deadline_s: float = 120, address: tuple[str, int] = ("127.0.0.1", LB_PORT)) -> None:
    """Every request kind until it answers 200 (fills Redis with the pages of this session)."""
    for kind, path, payload in requests:
        path = path.replace("{release}", release)
        def ok():
            conn = http.client.HTTPConnection(*address, timeout=60,
                                              source_address=("127.2.0.1", 0) if address[0].startswith("127.") else None)
            try:
                if payload is None:
                    conn.request("GET", path)
                else:
                    conn.request("POST", path, body=json.dumps(payload), headers={"Content-Type": "application/json"})
                response = conn.getresponse()
                response.read()
                return response.status == 200
            finally:
                conn.close()
        wait_until(f"Aufwärmen {kind}", ok, deadline_s, 0.5)


# -- the run ------------------------------------------------------------------------------------------------
def second_release(data: Path, runtime: Path) -> tuple[Path, str]:
    """A copy of the dataset with another release id (same files otherwise): a new immutable release."""
    copy = runtime / f"{data.name}-r2"
    shutil.copytree(data, copy)
    toml = copy / "dataset.toml"
    text = toml.read_text(encoding="utf-8")
    import tomllib
    old = tomllib.loads(text)["release"]
    new = hashlib.sha256(f"{old}-zweiter-stand".encode()).hexdigest()[:12]
    toml.write_text(text.replace(f'release = "{old}"', f'release = "{new}"'), encoding="utf-8")
    return copy, new


def machine() -> dict[str, Any]:
    info: dict[str, Any] = {"cores": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
                            "load_average_start": [round(x, 2) for x in os.getloadavg()]}
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            info["cpu"] = line.split(":", 1)[1].strip()
            break
    return info


TARGET_IDS = {"Ausfall eines Hosts": "no_failed_requests", "p95 des verbleibenden": "survivor_p95",
              "Rollout einer neuen": "release_rollout"}  # the ids bench/targets.py SCALEOUT_TARGETS knows


def target(name: str, value, status: str, why: str) -> dict:
    ident = next((i for prefix, i in TARGET_IDS.items() if name.startswith(prefix)), None)
    return {"id": ident, "target": name, "value": value, "status": status, "why": why}


def run(args) -> dict:
    data = Path(args.data).resolve()
    result: dict[str, Any] = {"benchmark": "scaleout", "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                              "git": git_commit(), "machine": machine(), "dataset": data.name,
                              "config": {"users": args.users, "phase_s": args.phase, "gunicorn_workers": args.workers,
                                         "gunicorn_threads": args.threads, "pinned_cores": (os.cpu_count() or 1) >= 2},
                              "phases": {}, "targets": [], "log": []}
    runtime = Path(tempfile.mkdtemp(prefix="qm-scaleout-"))
    os.chmod(runtime, 0o755)
    deployment = Deployment(args, runtime)

    def note(text: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {text}", flush=True)
        result["log"].append(text)

    try:
        release2_dir, release2 = second_release(data, runtime)
        monitor = public_monitor(data)
        release1 = monitor.dataset.release
        result["releases"] = [release1, release2]
        deployment.build_network()
        setns(f"/var/run/netns/{deployment.ns['lb']}")  # from here on every socket of this process is in lb
        deployment.start_redis()
        note("Redis läuft; starte zwei App-Hosts")
        errors: list[BaseException] = []
        threads = [threading.Thread(target=_capture, args=(errors, deployment.start_host, h, data), daemon=True)
                   for h in deployment.hosts]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(200)
        if errors or any(thread.is_alive() for thread in threads):
            raise errors[0] if errors else TimeoutError("App-Hosts nicht innerhalb von 200 s gestartet")
        deployment.start_nginx(down={"app2"})
        callbacks = SessionCallbacks.from_server(LB_PORT)

        def requests_for():
            return session_mix(monitor, callbacks)
        result["config"]["request_kinds"] = [kind for kind, _, _ in requests_for()]
        load = Load(requests_for, [release1, release2])
        warm(requests_for(), release1)
        # the users pick their indicators at random: one unmeasured round of the same load fills Redis with
        # most of them, so that phase 1 and the survivor after the kill are compared warm with warm
        note(f"Aufwärmen: ein Host, {args.users} Nutzer, 15 s (nicht gemessen)")
        load.run(0, args.users, 15)
        note(f"Phase 1: ein Host, {args.users} Nutzer, {args.phase} s")
        t0, t1 = load.run(1, args.users, args.phase)
        one = load.between(t0 + 5, t1)  # after the ramp
        result["phases"]["one_host"] = phase_summary(one, t1 - t0 - 5)

        deployment.reload_nginx(down=set())
        note(f"Phase 2: zwei Hosts, {args.users} Nutzer, {args.phase} s")
        t0, t1 = load.run(2, args.users, args.phase)
        two = load.between(t0 + 5, t1)
        result["phases"]["two_hosts"] = phase_summary(two, t1 - t0 - 5)

        kill_at: list[float] = []
        kill_wall: list[float] = []

        def kill_midway(t0: float) -> None:
            # in the middle of the run, at a moment when requests are in flight (up to 10 s later): a kill
            # between two requests would show nothing
            time.sleep(max(0.0, t0 + args.phase / 2 - time.perf_counter()))
            busy = max(2, args.users // 4)
            end = time.monotonic() + 10
            while load.in_flight < busy and time.monotonic() < end:
                time.sleep(0.002)
            kill_at.append(time.perf_counter())
            kill_wall.append(time.time())
            deployment.stop_host(deployment.hosts[1], kill=True)
        note(f"Phase 3: zwei Hosts, app2 wird nach {args.phase / 2:.0f} s hart beendet (SIGKILL)")
        t0, t1 = load.run(3, args.users, args.phase, during=kill_midway)
        k = kill_at[0]
        phase3 = load.between(t0, t1)
        in_flight = [s for s in phase3 if s.start < k < s.start + s.seconds]
        failed = [s for s in phase3 if not s.ok]
        failed_not_in_flight = [s for s in failed if not (s.start < k < s.start + s.seconds)]
        survivor = [s for s in phase3 if s.start >= k]
        result["phases"]["failover"] = {
            "before_kill": phase_summary([s for s in phase3 if t0 + 5 <= s.start < k], k - t0 - 5),
            "after_kill": phase_summary(survivor, t1 - k),
            "kill_after_s": round(k - t0, 1),
            "in_flight_at_kill": len(in_flight),
            "in_flight_posts": sum(1 for s in in_flight if s.kind != "html"),
            "failed": len(failed), "failed_in_flight": len(failed) - len(failed_not_in_flight),
            "failed_not_in_flight": len(failed_not_in_flight),
            "failures": sorted({f"{s.kind}: {s.failure}" for s in failed}),
        }

        # rollout: app2 back on release 1, then release 2 host by host under load
        note("app2 wieder gestartet (Release 1); Phase 4: Rollout von Release 2 Host für Host")
        deployment.start_host(deployment.hosts[1], data)
        deployment.reload_nginx(down=set())
        steps: list[dict] = []

        def rollout(t0: float) -> None:
            time.sleep(5)
            for host in deployment.hosts:
                others = {h.name for h in deployment.hosts if h is not host}
                started = time.perf_counter()
                deployment.reload_nginx(down={host.name})  # drained: nginx sends it nothing new
                deployment.stop_host(host)  # graceful: finishes what it has
                deployment.start_host(host, release2_dir)
                # warmed before it takes traffic: the first host of a release fills Redis for all of them
                started_warm = time.perf_counter()
                for _ in range(3):
                    warm(requests_for(), release2, address=(host.address, APP_PORT))
                warm_s = round(time.perf_counter() - started_warm, 1)
                deployment.reload_nginx(down=set())
                steps.append({"host": host.name, "release": host.release, "seconds": round(time.perf_counter() - started, 1),
                              "warm_s": warm_s,
                              "others_serving": sorted(others)})
            time.sleep(5)
        t0, t1 = load.run(4, max(2, args.users // 2), 0, during=rollout)
        phase4 = load.between(t0, t1)
        mixed = [s for s in phase4 if len(s.releases) > 1]
        last = [s for s in phase4 if s.start > t1 - 4 and s.releases]
        result["phases"]["rollout"] = {
            **phase_summary(phase4, t1 - t0), "steps": steps, "duration_s": round(t1 - t0, 1),
            "answers_with_release": sum(1 for s in phase4 if s.releases),
            "by_release": {r: sum(1 for s in phase4 if s.releases == (r,)) for r in (release1, release2)},
            "stale_colourings": sum(1 for s in phase4 if s.kind == "faerbung" and s.failure in ("HTTP 404", "HTTP 409")),
            "mixed": len(mixed), "last_seconds_on_release2": all(s.releases == (release2,) for s in last) and bool(last),
            "redis_keys": {r: len(deployment.redis.keys(f"qm:public:*:{r}:*")) for r in (release1, release2)},
        }
        if args.opendata:
            note("offene Daten: jeder Host baut /daten/gebiete.csv selbst")
            result["opendata"] = opendata_check(deployment.hosts)
        result["machine"]["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
        deployment.stop_nginx()  # flushes the access log
        result["phases"]["failover"]["passed_on_by_nginx"] = passed_on(runtime / "nginx" / "access.log")
        note("fertig")
    except (KeyboardInterrupt, Deadline) as error:
        result["aborted"] = f"{type(error).__name__}: {error}"
        note(f"abgebrochen: {result['aborted']}")
    except Exception as error:  # noqa: BLE001 - recorded, the targets become "nicht gemessen"
        result["aborted"] = f"{type(error).__name__}: {error}"
        import traceback
        result["traceback"] = traceback.format_exc()[-3000:]
        note(f"Fehler: {result['aborted']}")
        for name in ("redis.log", "app1.log", "app2.log", "nginx/error.log"):
            path = runtime / name
            if path.exists():
                result.setdefault("logs", {})[name] = path.read_text(errors="replace")[-1500:]
    finally:
        signal.alarm(0)
        deployment.cleanup()
        result["nginx_errors"] = nginx_errors(runtime / "nginx" / "error.log")
        keep = Path(tempfile.gettempdir()) / f"qm-scaleout-logs-{os.getpid()}"  # the logs outlive the run
        keep.mkdir(exist_ok=True)
        for name in ("redis.log", "app1.log", "app2.log", "nginx/error.log", "nginx/access.log"):
            if (runtime / name).exists():
                shutil.copy(runtime / name, keep / name.replace("/", "-"))
        result["logs_kept_in"] = str(keep)
        shutil.rmtree(runtime, ignore_errors=True)
    result["targets"] = targets(result)
    result["machine"].setdefault("load_average_end", [round(x, 2) for x in os.getloadavg()])
    result["machine"]["git_commit"] = result["git"]
    return result


def opendata_check(hosts: list[Host], name: str = "gebiete.csv") -> dict:
    """Each host builds its open-data files into its own QM_CACHE_DIR: the same bytes and ETag on every host?"""
    found: dict[str, dict] = {}

    def fetch(host: Host) -> None:
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(f"{host.url}/daten/{name}", timeout=240) as response:
                body = response.read()
                found[host.name] = {"status": response.status, "etag": response.headers.get("ETag"),
                                    "sha256": hashlib.sha256(body).hexdigest()[:16], "bytes": len(body),
                                    "seconds": round(time.perf_counter() - started, 1)}
        except OSError as error:
            found[host.name] = {"error": str(error)}
    threads = [threading.Thread(target=fetch, args=(h,), daemon=True) for h in hosts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(250)
    values = list(found.values())
    same = len(values) == len(hosts) and all("sha256" in v for v in values) and \
        len({(v["sha256"], v["etag"]) for v in values}) == 1
    return {"file": name, "hosts": found, "same_on_all_hosts": same}


def tally_log(log: Path, key_of) -> dict[str, int]:
    """How often each key_of(line) occurs in a log (lines it gives None for are left out; no log: {})."""
    from collections import Counter
    try:
        lines = log.read_text(errors="replace").splitlines()
    except OSError:
        return {}
    return dict(Counter(key for key in map(key_of, lines) if key is not None))


def passed_on(access_log: Path) -> dict:
    """Requests nginx sent to a second host (its access log lists two upstreams), by method and path kind."""
    import re
    pattern = re.compile(r'"(GET|POST|HEAD) (\S+)[^"]*" (\d+) .* upstream=(.*?) upstream_status=(.*?) request_time=')

    def key_of(line: str) -> str | None:
        match = pattern.search(line)
        if not match or "," not in match.group(4):
            return None
        return f"{match.group(1)} {match.group(2).split('?')[0]} -> {match.group(3)} (Upstream {match.group(5)})"
    return tally_log(access_log, key_of)


def nginx_errors(error_log: Path) -> dict[str, int]:
    """nginx's error log by message (addresses and numbers left out): why a request failed or was passed on."""
    import re
    pattern = re.compile(r"\[(error|warn|crit|alert|emerg)\] \d+#\d+: (?:\*\d+ )?([^,]+)")

    def key_of(line: str) -> str | None:
        match = pattern.search(line)
        return f"{match.group(1)}: {re.sub(r'[0-9]+', 'N', match.group(2))[:120]}" if match else None
    return tally_log(error_log, key_of)


def _capture(errors: list, function, *args) -> None:
    try:
        function(*args)
    except BaseException as error:  # noqa: BLE001 - re-raised by the caller
        errors.append(error)


def targets(result: dict) -> list[dict]:
    phases = result.get("phases", {})
    out = []
    failover = phases.get("failover")
    if failover:
        bad = failover["failed_not_in_flight"]
        out.append(target("Ausfall eines Hosts: keine Fehler außer den Anfragen im Flug", failover["failed"],
                          "erfüllt" if bad == 0 else "nicht erfüllt",
                          f"{failover['failed']} fehlgeschlagen, davon {failover['failed_in_flight']} im Flug beim Abschuss "
                          f"({failover['in_flight_at_kill']} Anfragen waren im Flug), {bad} danach"))
    else:
        out.append(target("Ausfall eines Hosts: keine Fehler außer den Anfragen im Flug", None, "nicht gemessen",
                          result.get("aborted", "Phase nicht gelaufen")))
    one = phases.get("one_host", {}).get("p95_ms")
    after = (failover or {}).get("after_kill", {}).get("p95_ms")
    if one and after:
        ratio = after / one
        out.append(target("p95 des verbleibenden Hosts ≤ 2× seines p95 allein", round(ratio, 2),
                          "erfüllt" if ratio <= 2 else "nicht erfüllt",
                          f"p95 nach dem Ausfall {_n(after, 1)} ms, allein (Phase 1, gleiche Nutzerzahl) {_n(one, 1)} ms"))
    else:
        out.append(target("p95 des verbleibenden Hosts ≤ 2× seines p95 allein", None, "nicht gemessen",
                          "Phase 1 oder Ausfall-Phase ohne Messung"))
    rollout = phases.get("rollout")
    if rollout and rollout.get("answers_with_release"):
        stale = rollout.get("stale_colourings", 0)
        ok = (rollout["mixed"] == 0 and rollout["last_seconds_on_release2"] and len(rollout["steps"]) == 2
              and rollout.get("errors", 0) - stale == 0)
        out.append(target("Rollout einer neuen Release ohne gemischte Antworten und ohne Fehler", rollout["mixed"],
                          "erfüllt" if ok else "nicht erfüllt",
                          f"{rollout['answers_with_release']} Antworten mit Datenstand geprüft, {rollout['mixed']} gemischt; "
                          f"am Ende nur die neue Release: {'ja' if rollout['last_seconds_on_release2'] else 'nein'}; "
                          f"{rollout.get('errors', 0) - stale} Fehler während des Rollouts"
                          + (f"; dazu {stale} Kartenfärbungen (`/faerbung/v1/<release>/…`) mit der Release der geladenen Seite, die "
                             "ein Host der anderen Release mit 409 ablehnte (keine Mischung; die Seite fragt erneut und lädt "
                             "sich sonst auf der neuen Release neu)" if stale else "")))
    else:
        out.append(target("Rollout einer neuen Release ohne gemischte Antworten und ohne Fehler", None, "nicht gemessen",
                          result.get("aborted", "Rollout nicht gelaufen")))
    return out


# -- report ---------------------------------------------------------------------------------------------------
def _n(value, digits=0) -> str:
    if value is None:
        return "–"
    from dashboard.i18n import format_number  # Babel's German pattern, as everywhere
    return format_number(value, digits, "de")


def report_section(result: dict) -> str:
    """German Markdown for docs/performance.md (bench/report.py)."""
    lines = ["## Zwei App-Hosts", ""]
    config = result.get("config", {})
    lines.append(f"`bench/scaleout.py` ({result.get('measured_at', '?')}, Stand `{result.get('git', '?')}`, Datensatz "
                 f"{result.get('dataset', '?')}): zwei gunicorn-Hosts (öffentlicher Modus, je {config.get('gunicorn_workers')} "
                 f"Worker × {config.get('gunicorn_threads')} Threads"
                 + (", jeder Host auf einem eigenen CPU-Kern" if config.get("pinned_cores") else "")
                 + ") hinter nginx, gemeinsamer Cache in Redis, jeder Teil in einem eigenen Netzwerk-Namensraum; "
                 f"{config.get('users')} virtuelle Nutzer (Anfragemix von `bench/load.py` plus HTML-Seite), je Phase "
                 f"{config.get('phase_s')} s. Betrieb: [betrieb.md](betrieb.md#zwei-app-hosts).")
    machine = result.get("machine", {})
    if machine.get("load_average_start"):
        lines.append(f"Systemlast (load average 1 min) zu Beginn {_n(machine['load_average_start'][0], 1)}, am Ende "
                     f"{_n((machine.get('load_average_end') or [None])[0], 1)} – auf einer geteilten Maschine sind die "
                     "absoluten Zahlen verrauscht.")
    if result.get("aborted"):
        lines += ["", f"**Lauf abgebrochen:** {result['aborted']}"]
    lines.append("")
    phases = result.get("phases", {})
    rows = []
    for key, label in (("one_host", "ein Host"), ("two_hosts", "zwei Hosts")):
        p = phases.get(key)
        if p:
            rows.append([label, _n(p.get("requests_per_s"), 1), _n(p.get("p50_ms"), 1), _n(p.get("p95_ms"), 1),
                         _n(p.get("errors"))])
    failover = phases.get("failover")
    if failover:
        for key, label in (("before_kill", "Ausfall: vorher (zwei Hosts)"), ("after_kill", "Ausfall: nachher (ein Host)")):
            p = failover[key]
            rows.append([label, _n(p.get("requests_per_s"), 1), _n(p.get("p50_ms"), 1), _n(p.get("p95_ms"), 1),
                         _n(p.get("errors"))])
    if rows:
        lines += ["| Phase | Anfragen/s | p50 (ms) | p95 (ms) | Fehler |", "| --- | ---: | ---: | ---: | ---: |"]
        lines += ["| " + " | ".join(r) + " |" for r in rows]
        lines.append("")
    one, two = phases.get("one_host"), phases.get("two_hosts")
    if one and two and one.get("requests_per_s"):
        lines.append(f"Durchsatz zwei Hosts / ein Host: {_n(two['requests_per_s'] / one['requests_per_s'], 2)}× bei gleicher "
                     "Nutzerzahl (geschlossene Last mit Denkzeit: der Durchsatz steigt nur, soweit ein Host allein "
                     "gesättigt war).")
    if failover:
        lines.append(f"Ausfall: app2 nach {_n(failover['kill_after_s'], 1)} s mit SIGKILL beendet; {failover['in_flight_at_kill']} "
                     f"Anfragen waren in diesem Moment im Flug (an beide Hosts), {failover['failed']} schlugen fehl"
                     + (f" ({', '.join(failover['failures'])})" if failover["failures"] else "")
                     + ". nginx gibt eine Anfrage, deren Host die Verbindung verliert, bevor die Antwort beginnt, an den "
                       "anderen Host weiter: GETs immer, die Dash-Callbacks (POST, aber reine Funktionen ihrer Anfrage) "
                       "ausdrücklich (`non_idempotent`, docs/betrieb.md).")
        passed = failover.get("passed_on_by_nginx") or {}
        if passed:
            lines.append(f"Laut Zugriffsprotokoll gab nginx {sum(passed.values())} Anfragen an den anderen Host weiter: "
                         + "; ".join(f"{n}× {k}" for k, n in sorted(passed.items(), key=lambda kv: -kv[1])[:6]) + ".")
    rollout = phases.get("rollout")
    if rollout:
        steps = ", ".join(f"{s['host']} {_n(s['seconds'], 1)} s" + (f", davon Vorwärmen {_n(s['warm_s'], 1)} s" if "warm_s" in s else "")
                          for s in rollout["steps"])
        lines.append(f"Rollout der zweiten Release Host für Host unter Last ({steps}): {rollout['answers_with_release']} "
                     f"Antworten mit Datenstand, {rollout['mixed']} gemischt, {rollout.get('errors', 0)} Fehler; Redis-Schlüssel "
                     f"je Release: " + ", ".join(f"`{r}` {n}" for r, n in rollout.get("redis_keys", {}).items()) + ".")
    opendata = result.get("opendata")
    if opendata:
        hosts = opendata["hosts"]
        lines.append(f"Offene Daten: jeder Host baut sie in seinem eigenen `QM_CACHE_DIR`; `/daten/{opendata['file']}` ist auf "
                     f"beiden Hosts {'byte-gleich mit gleichem ETag' if opendata['same_on_all_hosts'] else '**nicht gleich**'} "
                     f"(erster Abruf mit Bau: " + ", ".join(f"{h} {_n(v.get('seconds'), 1)} s" for h, v in hosts.items()) + ").")
    lines += ["", "| Ziel | Wert | Status | Begründung |", "| --- | ---: | --- | --- |"]
    for t in result.get("targets", []):
        value = t["value"]
        shown = "–" if value is None else (_n(value, 2) if isinstance(value, float) else str(value))
        lines.append(f"| {t['target']} | {shown} | {t['status']} | {t['why']} |")
    lines += ["", "Neu messen (als root, Namensräume): `python bench/scaleout.py`"]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=str(ROOT / "data" / "berlin"))
    parser.add_argument("--users", type=int, default=96, help="virtuelle Nutzer (32 lasteten einen Host nicht aus: 1,01x)")
    parser.add_argument("--phase", type=float, default=40, help="Sekunden je Lastphase")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--deadline", type=float, default=1200, help="Sekunden für den ganzen Lauf")
    parser.add_argument("--out", type=Path, default=RESULT)
    parser.add_argument("--no-opendata", dest="opendata", action="store_false",
                        help="den Vergleich der offenen Daten beider Hosts auslassen (jeder baut sie, 10-60 s)")
    args = parser.parse_args(argv)
    if os.geteuid() != 0:
        print("bench/scaleout.py braucht root (ip netns).", file=sys.stderr)
        return 2
    for tool in ("ip", "taskset"):
        if shutil.which(tool) is None:
            print(f"{tool} fehlt", file=sys.stderr)
            return 2
    if not Path("/usr/bin/redis-server").exists() or nginx_binary() is None:
        print("redis-server (/usr/bin/redis-server) und nginx werden gebraucht (Debian: apt-get install redis-server nginx).",
              file=sys.stderr)
        return 2

    def on_alarm(*_):
        raise Deadline(f"Gesamtfrist von {args.deadline:.0f} s überschritten")

    def on_term(*_):
        raise KeyboardInterrupt("SIGTERM")
    signal.signal(signal.SIGALRM, on_alarm)
    signal.signal(signal.SIGTERM, on_term)
    signal.alarm(int(args.deadline))
    result = run(args)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    print(report_section(result))
    return 0 if not result.get("aborted") else 1


if __name__ == "__main__":
    sys.exit(main())
