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
import weakref
from pathlib import Path

import pytest

from tests.conftest import session_app, shared_cache_dir

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
    def __init__(self, data: Path, mode: str = "internal", workers: int = 2, cache_dir: Path | None = None):
        """cache_dir: the QM_CACHE_DIR its workers share (the session's servers: tests/conftest.py shared_cache_dir);
        None: a memory cache per worker."""
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, QM_DATA=str(data), QM_MODE=mode, QM_CACHE_DIR=str(cache_dir or ""), PYTHONUNBUFFERED="1")
        log_dir = ROOT / ".pytest_cache"
        log_dir.mkdir(exist_ok=True)
        self.log = open(log_dir / f"server-{self.port}.log", "w+")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--threads", "4",
             "--bind", f"127.0.0.1:{self.port}", "app:server"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60  # a poll with a deadline: up as soon as /healthz answers
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                break
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
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


# The servers are started once per session and shared by every module that reads the app as deployed (a start costs
# 5-10 s of the CI's 20 minutes). A module that needs its own configuration (test_fuzz_urls: a gunicorn hook;
# test_share_links: an altered copy of the data) starts its own.
# Like a deployment (QM_CACHE_DIR=auto) their workers share a file cache: disclosure control and the open-data files
# (/daten) are made once per server, not once per worker, and the integration apps on the same data and mode read
# the same open-data files (tests/conftest.py shared_cache_dir).
def session_server(data: Path, mode: str = "internal") -> Server:
    return Server(data, mode=mode, cache_dir=shared_cache_dir(data, mode))


@pytest.fixture(scope="session")
def server():
    """The demo in internal mode."""
    srv = session_server(ROOT / "data" / "demo")
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def public_server():
    """The demo in public mode (test_accessibility, test_trends_compare_browser, test_public_crawl, test_public_inference)."""
    srv = session_server(ROOT / "data" / "demo", mode="public")
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def berlin(berlin_datasets):
    """The imported Berlin dataset (tests/conftest.py berlin_datasets) in internal mode and its Monitor, as
    (server, monitor): test_berlin_browser, test_profile_print."""
    srv = session_server(berlin_datasets["berlin"])
    yield srv, session_app(berlin_datasets["berlin"]).monitor  # the session's internal Berlin app (tests/conftest.py)
    srv.stop()


@pytest.fixture(scope="session")
def berlin_public_server(berlin_datasets):
    """The imported Berlin dataset in public mode (test_public_crawl, test_public_inference)."""
    srv = session_server(berlin_datasets["berlin"], mode="public")
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
        track_requests(page)  # from the first request on, for wait_until_settled
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


# -- waiting for the app: for a condition, never for a fixed time -------------------------------------
# The page functions below are self-contained function expressions (with an argument): the app's
# Content-Security-Policy forbids eval, so nothing is built from strings in the page.

# At least one match is drawn. An SVG path counts once it has a real outline: Leaflet gives a path it
# has clipped away (outside the renderer's bounds, e.g. while the map still fits its bounds under load)
# d="M0 0". Any other element counts once it has a box.
DRAWN = """(selector) => [...document.querySelectorAll(selector)].some(el => {
  if (el instanceof SVGPathElement) { const d = (el.getAttribute('d') || '').trim(); return d !== '' && d !== 'M0 0'; }
  const box = el.getBoundingClientRect(); return box.width > 0 && box.height > 0;
})"""


def wait_for_drawn(page, selector: str, timeout: float | None = None) -> None:
    """Wait until at least one element matching `selector` is drawn (see DRAWN).

    Not page.wait_for_selector(selector): for several matches that waits until the *first* one is
    visible, and which area path comes first, and whether it is on screen, is chance (a run under load
    timed out on a first path that Leaflet had clipped, d="M0 0", while the map was drawn).
    """
    page.wait_for_function(DRAWN, arg=selector, timeout=timeout)


# The index of the first match that is drawn (as in DRAWN) and lies wholly inside the viewport, plus one
# (0: none yet, so that wait_for_function keeps waiting).
ON_SCREEN = """(selector) => 1 + [...document.querySelectorAll(selector)].findIndex(el => {
  if (el instanceof SVGPathElement) { const d = (el.getAttribute('d') || '').trim(); if (d === '' || d === 'M0 0') return false; }
  const box = el.getBoundingClientRect();
  return box.width > 0 && box.height > 0 && box.left >= 0 && box.top >= 0 && box.right <= innerWidth && box.bottom <= innerHeight;
})"""


def drawn_on_screen(page, selector: str, timeout: float | None = None):
    """A locator for a match that is drawn and on screen (to click it), whichever match that is."""
    index = page.wait_for_function(ON_SCREEN, arg=selector, timeout=timeout).json_value() - 1
    return page.locator(selector).nth(index)


# One poll of the page, one animation frame (and the tasks queued in it) after the call: what Dash
# still has to do. `window.store` is the dash-renderer's Redux store (dash.testing reads it the same
# way): callbacks requested, prioritized, blocked, executing, watched or executed but not yet stored.
# data-dash-is-loading marks components whose callback is running. A page without the renderer
# (yet) counts as busy. The fallback timer keeps polling if a hidden page gets no animation frames.
DASH_STATE = """() => new Promise(resolve => {
  let done = false;
  const report = () => {
    if (done) return;
    done = true;
    const store = window.store && window.store.getState ? window.store.getState() : null;
    let pending = store ? 0 : -1;
    if (store && store.callbacks) {
      for (const [key, list] of Object.entries(store.callbacks)) {
        if (key !== 'stored' && key !== 'completed' && Array.isArray(list)) pending += list.length;
      }
    }
    resolve({pending: pending, loading: !!document.querySelector('[data-dash-is-loading]') || !!(store && store.isLoading),
             ready: document.readyState === 'complete', url: location.href});
  };
  requestAnimationFrame(() => setTimeout(report, 0));
  setTimeout(report, 200);
})"""
QUIET_POLLS = 10  # consecutive polls (animation frames) with nothing pending and no new request


class RequestTracker:
    """The page's fetch/XHR requests (Dash callbacks, layout, geometry): how many began, which are open."""

    def __init__(self, page):
        self.started = 0
        self.open: set = set()
        page.on("request", self._began)
        page.on("requestfinished", self._ended)
        page.on("requestfailed", self._ended)

    def _began(self, request):
        if request.resource_type in ("fetch", "xhr"):
            self.started += 1
            self.open.add(request)

    def _ended(self, request):
        self.open.discard(request)


_TRACKERS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def track_requests(page) -> RequestTracker:
    """The page's request tracker; made on first use (PageProbe makes it when the page is new)."""
    if page not in _TRACKERS:
        _TRACKERS[page] = RequestTracker(page)
    return _TRACKERS[page]


def wait_until_settled(page, timeout: float | None = 20000, quiet_polls: int = QUIET_POLLS) -> None:
    """Wait until the app has finished what it would do: for `quiet_polls` consecutive animation frames
    no Dash callback pending (Redux store) or loading, no fetch/XHR request open or newly begun, the
    document loaded and the address unchanged. Then a test may assert that nothing changed.

    A page that never settles fails with the last state seen. Requests begun before the tracker
    existed are unknown to it; pages made through PageProbe are tracked from the start. Work an app
    script defers with its own timer (setTimeout) beyond the quiet frames is not seen.
    """
    from playwright.sync_api import Error as PlaywrightError

    tracker = track_requests(page)
    deadline = time.monotonic() + (timeout or 20000) / 1000
    quiet, seen, last_url, state = 0, tracker.started, None, None
    while quiet < quiet_polls:
        if time.monotonic() > deadline:
            raise AssertionError(f"Seite kommt nicht zur Ruhe: {state}, offene Anfragen "
                                 f"{[r.url for r in tracker.open][:5]}")
        try:
            state = page.evaluate(DASH_STATE)
        except PlaywrightError:  # the page navigated while polling: start again
            quiet, last_url = 0, None
            continue
        busy = (state["pending"] != 0 or state["loading"] or not state["ready"] or tracker.open
                or tracker.started != seen or state["url"] != last_url)
        quiet = 0 if busy else quiet + 1
        seen, last_url = tracker.started, state["url"]
