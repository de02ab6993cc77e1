"""The public site as deployed: gunicorn (QM_MODE=public) behind nginx, both on loopback.

`python -m dashboard.proxy` (make serve-public-proxy) renders deploy/nginx/quartiersmonitor.conf into a
runtime folder, starts gunicorn on a free loopback port and nginx on QM_HOST:QM_PORT in the foreground
(`daemon off`, its own prefix, pid file, logs and temporary folders in the runtime folder: no system
configuration is read or touched), and stops both on Ctrl-C or SIGTERM. The tests and bench/attacks.py
use the same `ProxyStack`. Why each nginx limit is what it is: docs/betrieb.md.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Sequence
from pathlib import Path

from dashboard.settings import PROJECT_ROOT

TEMPLATE = PROJECT_ROOT / "deploy" / "nginx" / "quartiersmonitor.conf"
PLACEHOLDER = re.compile(r"\$\{(PROXY_[A-Z_]+)\}")


def nginx_binary() -> str | None:
    """nginx from PATH or Debian's /usr/sbin (not on a normal user's PATH)."""
    return shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def upstream_servers(hosts: str | Sequence[str]) -> str:
    """The value of ${PROXY_UPSTREAM} (the template's `server ${PROXY_UPSTREAM};`) for one or several app hosts,
    each "host:port" with optional nginx parameters. With several, a host that failed twice (refused or
    dropped connections) is left out for 5 s: the next requests go to the others at once instead of trying
    the dead one first. To drain a host, leave it out of the list rather than marking it `down`: a group
    whose other servers are all down still counts the last one's failures, and one error then answers
    every request with 502 ("no live upstreams") for fail_timeout; a group of one server never does."""
    if isinstance(hosts, str):
        return hosts
    hosts = list(hosts)
    if not hosts:
        raise ValueError("Mindestens ein App-Host")
    if len(hosts) == 1:
        return hosts[0]
    return ";\n        server ".join(h if " " in h else f"{h} max_fails=2 fail_timeout=5s" for h in hosts)


def render_config(listen: str, upstream: str | Sequence[str], runtime: Path, template: Path = TEMPLATE) -> str:
    """The template with its ${PROXY_…} placeholders filled in; an unknown placeholder is an error.
    upstream: the app host ("127.0.0.1:8051") or several (a list, see upstream_servers)."""
    values = {
        "PROXY_LISTEN": listen,
        "PROXY_UPSTREAM": upstream_servers(upstream),
        "PROXY_RUNTIME": str(runtime),
        # started as root, nginx's workers drop to an unprivileged user (never run them as root)
        "PROXY_USER_DIRECTIVE": "user nobody nogroup;" if os.geteuid() == 0 else "",
    }

    def fill(match: re.Match) -> str:
        if match.group(1) not in values:
            raise ValueError(f"Unbekannter Platzhalter {match.group(0)} in {template}.")
        return values[match.group(1)]

    # comments keep their placeholders (they explain them; a value of several lines would end the comment)
    return "".join(line if line.lstrip().startswith("#") else PLACEHOLDER.sub(fill, line)
                   for line in template.read_text(encoding="utf-8").splitlines(keepends=True))


def wait_for(url: str, deadline_s: float, proc: subprocess.Popen | None = None) -> None:
    """Until url answers 200, or raise after deadline_s (or when proc has ended)."""
    deadline = time.monotonic() + deadline_s
    last = None
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"Prozess beendet (Exit {proc.returncode}), bevor {url} antwortete.")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError as error:
            last = error
        time.sleep(0.1)
    raise TimeoutError(f"{url} antwortete nicht innerhalb von {deadline_s:.0f} s ({last}).")


class ProxyStack:
    """gunicorn (public mode) + nginx on loopback; a context manager that stops both."""

    def __init__(self, data: Path | str | None = None, host: str = "127.0.0.1", port: int | None = None,
                 workers: int = 2, threads: int = 8, runtime: Path | None = None, env: dict[str, str] | None = None):
        self.nginx = nginx_binary()
        if self.nginx is None:
            raise FileNotFoundError("nginx ist nicht installiert (Debian: apt-get install nginx).")
        self.host, self.port = host, port or free_port(host)
        self.upstream_port = free_port()
        self.url = f"http://{host}:{self.port}"
        self.upstream_url = f"http://127.0.0.1:{self.upstream_port}"
        self.workers, self.threads = workers, threads
        self.runtime = Path(runtime) if runtime else Path(tempfile.mkdtemp(prefix=f"quartiersmonitor-proxy-{self.port}-"))
        self.own_runtime = runtime is None
        self.env = dict(os.environ if env is None else env, QM_MODE="public", PYTHONUNBUFFERED="1")
        if data is not None:
            self.env["QM_DATA"] = str(data)
        self.gunicorn: subprocess.Popen | None = None
        self.proxy: subprocess.Popen | None = None

    def start(self, deadline_s: float = 120) -> ProxyStack:
        self.runtime.mkdir(parents=True, exist_ok=True)
        os.chmod(self.runtime, 0o755)  # nginx's workers (nobody when started as root) use the temp folders in it
        conf = self.runtime / "nginx.conf"
        conf.write_text(render_config(f"{self.host}:{self.port}", f"127.0.0.1:{self.upstream_port}", self.runtime),
                        encoding="utf-8")
        self.gunicorn_log = open(self.runtime / "gunicorn.log", "w+")
        self.gunicorn = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", str(self.workers), "--threads", str(self.threads),
             "--bind", f"127.0.0.1:{self.upstream_port}", "--chdir", str(PROJECT_ROOT), "app:server"],
            cwd=PROJECT_ROOT, env=self.env, stdout=self.gunicorn_log, stderr=subprocess.STDOUT)
        try:
            wait_for(self.upstream_url + "/healthz", deadline_s, self.gunicorn)
            check = subprocess.run([self.nginx, "-t", "-q", *self._nginx_args(conf)],
                                   capture_output=True, text=True)
            if check.returncode != 0:
                raise RuntimeError(f"nginx-Konfiguration ungültig:\n{check.stderr}")
            self.nginx_log = open(self.runtime / "nginx.out", "w+")
            self.proxy = subprocess.Popen([self.nginx, *self._nginx_args(conf), "-g", "daemon off;"],
                                          stdout=self.nginx_log, stderr=subprocess.STDOUT)
            wait_for(self.url + "/healthz", 30, self.proxy)
        except BaseException as error:
            output = self.logs()
            self.stop()
            raise RuntimeError(f"Proxy-Stack kam nicht hoch: {error}\n{output}") from error
        return self

    def _nginx_args(self, conf: Path) -> list[str]:
        # -e: nginx's startup messages go to the runtime folder too, not to /var/log/nginx (which a
        # normal user cannot open)
        return ["-p", str(self.runtime), "-e", str(self.runtime / "error.log"), "-c", str(conf)]

    def logs(self) -> str:
        parts = []
        for name in ("gunicorn.log", "nginx.out", "error.log"):
            path = self.runtime / name
            if path.exists():
                parts.append(f"--- {name}\n" + path.read_text(errors="replace")[-4000:])
        return "\n".join(parts)

    def worker_pids(self) -> list[int]:
        """gunicorn's worker processes (children of the master)."""
        if self.gunicorn is None:
            return []
        children = Path(f"/proc/{self.gunicorn.pid}/task/{self.gunicorn.pid}/children")
        return [int(p) for p in children.read_text().split()] if children.exists() else []

    def stop(self) -> None:
        for proc, sig in ((self.proxy, signal.SIGQUIT), (self.gunicorn, signal.SIGTERM)):  # both shut down gracefully
            if proc is not None and proc.poll() is None:
                proc.send_signal(sig)
                try:
                    proc.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(timeout=5)
        if self.own_runtime:
            shutil.rmtree(self.runtime, ignore_errors=True)

    def __enter__(self) -> ProxyStack:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Öffentliche Ansicht hinter nginx (gunicorn + nginx auf dieser Maschine).")
    parser.add_argument("--host", default=os.environ.get("QM_HOST", "127.0.0.1"), help="Adresse, an der nginx lauscht")
    parser.add_argument("--port", type=int, default=int(os.environ.get("QM_PORT", "8050")), help="Port von nginx")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("QM_WORKERS", "2")), help="gunicorn-Worker")
    parser.add_argument("--runtime", type=Path, default=None,
                        help="Laufzeitordner für nginx (Konfiguration, pid, Logs, temporäre Dateien); Standard: neuer Temp-Ordner")
    args = parser.parse_args(argv)
    stack = ProxyStack(host=args.host, port=args.port, workers=args.workers, runtime=args.runtime)
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(1))
    stack.start()
    print(f"Quartiersmonitor (öffentlich) hinter nginx: {stack.url}  (gunicorn: {stack.upstream_url}, "
          f"Laufzeitordner: {stack.runtime}); beenden mit Strg+C", flush=True)
    try:
        while not stopping and stack.gunicorn.poll() is None and stack.proxy.poll() is None:
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        stack.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
