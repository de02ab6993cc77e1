"""Browser tests: the real app under gunicorn (as deployed), driven by Debian's headless Chromium.

The server runs as a subprocess on a free loopback port; if it does not come up, the error shows
the server's own output. Nothing is downloaded: Playwright drives /usr/bin/chromium.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("QM_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
IGNORED_CONSOLE = ("GPU stall due to ReadPixels", "Automatic fallback to software WebGL")

pytestmark = pytest.mark.e2e


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, data: Path, mode: str = "internal", workers: int = 2):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, QM_DATA=str(data), QM_MODE=mode, QM_CACHE_DIR="", PYTHONUNBUFFERED="1")
        log_dir = ROOT / ".pytest_cache"
        log_dir.mkdir(exist_ok=True)
        self.log = open(log_dir / f"server-{self.port}.log", "w+")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--threads", "4",
             "--bind", f"127.0.0.1:{self.port}", "app:server"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.proc.poll() is not None:
                break
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        self.stop()
        self.log.seek(0)
        raise RuntimeError(f"Server kam nicht hoch (Exit {self.proc.returncode}). Ausgabe:\n{self.log.read()[-5000:]}")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


@pytest.fixture(scope="session")
def server():
    srv = Server(ROOT / "data" / "demo")
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"Chromium fehlt ({CHROMIUM}); .ci/run muss chromium installieren.")
        pytest.skip(f"Chromium fehlt ({CHROMIUM}): apt-get install -y chromium chromium-driver")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


class PageProbe:
    """A page plus what it said on the console and which URLs it requested."""

    def __init__(self, page):
        self.page = page
        self.console_errors: list[str] = []
        self.requests: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.console_errors.append(f"pageerror: {exc}"))
        page.on("request", lambda request: self.requests.append(request.url))

    def _console(self, message):
        if message.type == "error" and not any(s in message.text for s in IGNORED_CONSOLE):
            self.console_errors.append(message.text)


@pytest.fixture
def probe(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="de-DE")
    page = context.new_page()
    page.set_default_timeout(20000)
    yield PageProbe(page)
    context.close()
