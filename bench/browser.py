"""Browser timings (issues 7, 16): the product against a naive plotly baseline in real headless Chromium.

Both apps run under gunicorn on 127.0.0.1 (2 workers, 4 threads, as deployed); Playwright drives
Debian's /usr/bin/chromium (nothing is downloaded). Per dataset (demo, Berlin, synthetic grids of
5,000 and 50,000 areas) it measures:

1. first map paint, cold (fresh browser context) and warm (same context, reload): navigation
   start until the choropleth shows the right colours;
2. recolour after an indicator change, a year change and a level switch through the real controls:
   from the input event until the new colours are painted; indicator and year changes always go to a
   state the page has not shown yet (the next indicator with the same years, the year before), so no
   change is answered from a client-side cache of an earlier one;
3. opening an area profile (/gebiet/<id>) until its map and key figures show, and the burden
   scenario recompute on /mehrfachbelastung (browser and server time) where the dataset has rules;
4. response bytes per interaction (compressed, from the DevTools protocol) and the geometry bytes
   of the first load.

"Right colours" come from the server-side data layer (Monitor.map_bundle(...).hideout). The probe
(bench/page_probe.js) prefers the product's paint hook window.qm.map.painted[<id>] = {key, n, t}
and falls back to the SVG fills of the area paths; where SVG paths exist the hook is checked
against them. The baseline (bench/baseline_app.py) is done when the plotly map shows the figure's
meta.key and plotly drew it (see there why it is an SVG geo figure, not MapLibre). On Berlin it also
loads the public map (QM_MODE=public) cold once per run and counts the compressed script bytes.

Nothing waits without a deadline: the probe's waits end by a JS timer, every Playwright call has a
timeout, and a watchdog thread kills the browser's process group when a Python-side deadline passes
(per run, per series, per dataset), so a hung renderer, page.evaluate or context.close cannot stall
the run; the browser is relaunched for the next measurement and the stuck one is recorded as
{"status": "abgebrochen", "after_s": ..., "why": ...}. gunicorn runs in its own process group and
is killed with it if it does not stop.

    python bench/browser.py [--runs 5] [--datasets demo,berlin,5000,50000] [--quick] [--no-baseline] [--warmup 1]
                            [--dataset-deadline 1800]

Writes bench/results/browser.json (a --quick run writes bench/.cache/browser-quick.json instead)
and prints a table. The issue-16 targets (bench/targets.py) are "erfüllt", "nicht erfüllt" or
"nicht gemessen" (with the reason); nothing is tuned to meet them.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import traceback
import urllib.request
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
for path in (ROOT, BENCH):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from dashboard.catalog import load_dataset  # noqa: E402
from dashboard.i18n import format_number  # noqa: E402
from dashboard.methods.classify import NO_DATA_COLOR  # noqa: E402
from dashboard.monitor import Monitor  # noqa: E402
from dashboard.store import Store  # noqa: E402
from synthetic import CACHE, ensure_synthetic  # noqa: E402
from targets import browser_verdicts, git_commit, with_milestones  # noqa: E402

CHROMIUM = os.environ.get("QM_BENCH_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
    "--enable-unsafe-swiftshader",  # WebGL (the baseline's MapLibre) in software: there is no GPU
]
VIEWPORT = {"width": 1400, "height": 900}
RESULTS = BENCH / "results" / "browser.json"
QUICK_RESULTS = CACHE / "browser-quick.json"
PROBE_JS = (BENCH / "page_probe.js").read_text(encoding="utf-8")
HATCH_FILL = "url(#qm-hatch)"  # withheld values are hatched (assets/qm_map.js)
PROFILE_HIGHLIGHT = "#d95f02"  # dashboard/ui/profile.py HIGHLIGHT
PRODUCT_TIMEOUT_S = 120
BASELINE_TIMEOUT_S = 120  # the baseline may not manage 50,000 areas at all: then "nicht messbar (Timeout)"
SERVER_START_S = 300
TIMEOUT_TEXT = "nicht messbar (Timeout)"

CLOSE_S = 30  # closing a context or the browser
DATASET_DEADLINE_S = 1800  # one dataset, product and baseline together (--dataset-deadline)
LAUNCH_S = 60


def log(message: str) -> None:
    print(message, flush=True)


# process groups this run started (gunicorn, Chromium): killed on SIGTERM/SIGINT (e.g. `timeout` in `make bench`),
# so that nothing outlives the benchmark
OWN_GROUPS: set[int] = set()


def kill_group(pgid: int | None) -> None:
    if pgid:
        OWN_GROUPS.discard(pgid)
        try:
            os.killpg(pgid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def on_terminate(signum, _frame) -> None:
    log(f"Signal {signum}: beende Browser und Server dieses Laufs ({sorted(OWN_GROUPS)})")
    for pgid in list(OWN_GROUPS):
        kill_group(pgid)
    raise SystemExit(128 + signum)


# -- servers ------------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn on a free loopback port; if it does not come up, the error shows its own output."""

    def __init__(self, target: str, env: dict[str, str], extra_args: list[str] = (), workers: int = 2):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        logs = CACHE / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        self.log_path = logs / f"server-{self.port}.log"
        self.log = open(self.log_path, "w+", encoding="utf-8")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--threads", "4", "--timeout", "180",
             "--bind", f"127.0.0.1:{self.port}", *extra_args, target],
            cwd=ROOT, env=dict(os.environ, PYTHONUNBUFFERED="1", **env), stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: the workers go with it when it has to be killed
        )
        OWN_GROUPS.add(self.proc.pid)

    def wait(self, path: str) -> "Server":
        deadline = time.time() + SERVER_START_S
        while time.time() < deadline and self.proc.poll() is None:
            try:
                with urllib.request.urlopen(self.url + path, timeout=5) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.3)
        self.stop()
        output = self.log_path.read_text(encoding="utf-8", errors="replace")
        raise RuntimeError(f"Server kam nicht hoch (Exit {self.proc.returncode}). Ausgabe:\n{output[-5000:]}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                log(f"  gunicorn {self.proc.pid} hielt nach 15 s noch an: SIGKILL an seine Prozessgruppe")
        kill_group(self.proc.pid)  # the master is gone or hangs: no worker may outlive it
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            pass
        self.log.close()


def product_server(data: Path, mode: str = "internal") -> Server:
    return Server("app:server", {"QM_DATA": str(data), "QM_MODE": mode, "QM_CACHE_DIR": ""}).wait("/healthz")


def baseline_server(data: Path, indicator: str) -> Server:
    return Server("baseline_app:server", {"QM_DATA": str(data), "QM_BASELINE_INDICATOR": indicator},
                  ["--pythonpath", str(BENCH)]).wait("/")


# -- the network, seen through the DevTools protocol ------------------------------------------------
class NetworkLog:
    """Every request of one page with its compressed size on the wire (encodedDataLength)."""

    def __init__(self, context, page):
        self.cdp = context.new_cdp_session(page)
        self.cdp.send("Network.enable", {"maxTotalBufferSize": 200_000_000, "maxResourceBufferSize": 100_000_000})
        self.entries: dict[str, dict[str, Any]] = {}
        self.cdp.on("Network.requestWillBeSent", self._sent)
        self.cdp.on("Network.responseReceived", self._response)
        self.cdp.on("Network.loadingFinished", self._finished)
        self.cdp.on("Network.loadingFailed", self._failed)
        self.cdp.on("Network.requestServedFromCache", self._from_cache)
        self.last_activity = time.monotonic()

    def _entry(self, request_id: str) -> dict[str, Any]:
        self.last_activity = time.monotonic()
        return self.entries.setdefault(request_id, {"url": "", "post": "", "done": False, "bytes": 0, "cache": False,
                                                    "ttfb_ms": None, "status": None})

    def _sent(self, event):
        entry = self._entry(event["requestId"])
        entry["url"] = event["request"]["url"]
        entry["type"] = event.get("type")
        entry["post"] = event["request"].get("postData", "") or ""
        entry["has_post"] = bool(event["request"].get("hasPostData"))
        entry["done"] = False

    def _response(self, event):
        entry = self._entry(event["requestId"])
        response = event["response"]
        entry["status"] = response.get("status")
        entry["cache"] = entry["cache"] or bool(response.get("fromDiskCache") or response.get("fromPrefetchCache"))
        timing = response.get("timing")
        # server time: from the first byte of the request sent to the response headers received
        # (not from sendEnd: Chrome marks the end of a POST body late when the server reads it late)
        if timing and timing.get("receiveHeadersEnd", -1) >= 0 and timing.get("sendStart", -1) >= 0:
            entry["ttfb_ms"] = round(timing["receiveHeadersEnd"] - timing["sendStart"], 2)

    def _finished(self, event):
        entry = self._entry(event["requestId"])
        entry["bytes"] = int(event.get("encodedDataLength", 0))
        entry["done"] = True

    def _failed(self, event):
        self._entry(event["requestId"])["done"] = True

    def _from_cache(self, event):
        self._entry(event["requestId"])["cache"] = True

    def reset(self) -> None:
        self.entries.clear()

    def wait_idle(self, page, quiet_s: float = 0.5, timeout_s: float = 60) -> None:
        """Until no request is pending and nothing happened for quiet_s."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            pending = any(not e["done"] for e in self.entries.values())
            if not pending and time.monotonic() - self.last_activity >= quiet_s:
                return
            page.wait_for_timeout(50)

    def post_data(self, request_id: str, entry: dict[str, Any]) -> str:
        if entry["post"] or not entry.get("has_post"):
            return entry["post"]
        try:
            entry["post"] = self.cdp.send("Network.getRequestPostData", {"requestId": request_id}).get("postData", "")
        except Exception:  # noqa: BLE001 - gone from the buffer: unknown
            entry["post"] = ""
        return entry["post"]

    def body_has(self, request_id: str, needle: str) -> bool | None:
        try:
            body = self.cdp.send("Network.getResponseBody", {"requestId": request_id})
        except Exception:  # noqa: BLE001
            return None
        if body.get("base64Encoded"):
            return None
        return needle in body.get("body", "")

    def summary(self, callback_component: str | None = None, check_bodies: bool = False) -> dict[str, Any]:
        """Bytes of everything since the last reset; geometry bytes; server time (time to first byte)
        of the callback that writes to callback_component (e.g. "map-areas": its hideout or colouring store)."""
        total = geometry = scripts = 0
        script_list = []
        coordinates_in_callbacks = False
        server_ms = None
        requests = 0
        for request_id, entry in list(self.entries.items()):
            if entry["url"].startswith("data:"):
                continue
            requests += 1
            total += entry["bytes"]
            if entry.get("type") == "Script":
                scripts += entry["bytes"]
                script_list.append([re.sub(r"^https?://[^/]+", "", entry["url"]), entry["bytes"]])
            is_callback = "_dash-update-component" in entry["url"]
            if "/geo/" in entry["url"]:
                geometry += entry["bytes"]
            elif is_callback and check_bodies and self.body_has(request_id, '"coordinates"'):
                coordinates_in_callbacks = True
                geometry += entry["bytes"]
            if callback_component and is_callback and writes_to(self.post_data(request_id, entry), callback_component):
                server_ms = entry["ttfb_ms"]
            elif callback_component and any(route in entry["url"] for route in COLOURING_ROUTES):
                server_ms = entry["ttfb_ms"]  # the product's clientside code fetches the colouring itself
        return {"requests": requests, "bytes": total, "geometry_bytes": geometry, "script_bytes": scripts,
                "scripts": sorted(script_list, key=lambda s: -s[1]),
                "coordinates_in_callbacks": coordinates_in_callbacks, "server_ms": server_ms}


COLOURING_ROUTES = ("/faerbung/",)  # dashboard/colouring.py: the colouring as JSON, fetched by assets/qm_map.js


def writes_to(post: str, component: str) -> bool:
    """Whether a Dash callback request (its JSON body) has an output on the component or one derived
    from its id (the product writes a recolouring to "<id>-colouring", earlier to "<id>.hideout")."""
    try:
        output = json.loads(post).get("output", "")
    except (ValueError, AttributeError):
        return False
    return re.search(rf"(^|\.\.){re.escape(component)}[.-]", output) is not None


# -- datasets ---------------------------------------------------------------------------------------
@dataclass
class Spec:
    """One dataset and the states the benchmark moves between."""

    name: str
    path: Path
    monitor: Monitor
    levels: tuple[str, str]  # smallest level, the one above
    level_labels: dict[str, str]
    indicators: tuple[str, str]
    years: list[int]
    counts: dict[str, int]  # features per level in the web geometry
    profile_ids: list[str] = field(default_factory=list)
    cycle: list[str] = field(default_factory=list)  # indicators with the same years: each recolour goes to a new one

    def key(self, indicator: str, year: int, level: str) -> str:
        hideout = self.monitor.map_bundle(indicator, year, level).hideout
        return hideout.get("key") or f"{indicator}|{year}|{level}"

    def expected(self, indicator: str, year: int, level: str) -> dict[str, str]:
        return fills(self.monitor.map_bundle(indicator, year, level).hideout)

    def start_state(self) -> tuple[str, int, str]:
        """Where every measurement starts: the first indicator, the latest year, the smallest level."""
        return self.indicators[0], self.years[-1], self.levels[0]

    def map_url(self, indicator: str, year: int, level: str) -> str:
        return f"/?indikator={indicator}&jahr={year}&ebene={level}"


def fills(hideout: dict[str, Any]) -> dict[str, str]:
    """Expected SVG fill per area id, exactly as assets/qm_map.js areaStyle colours it."""
    colors, no_data = hideout["colors"], hideout.get("noData") or NO_DATA_COLOR
    return {area_id: colors[k] if k >= 0 else (HATCH_FILL if k == -2 else no_data) for area_id, k in hideout["classes"].items()}


def prepare_dataset(name: str) -> Path | None:
    """The dataset folder, built if needed; None (with a message) when it cannot be built here."""
    if name == "demo":
        return ROOT / "data" / "demo"
    if name == "berlin":
        path = ROOT / "data" / "berlin"
        if (path / "dataset.toml").exists():
            return path
        source = ROOT.parent / "shared" / "data" / "berlin"
        if not source.exists():
            log(f"übersprungen: berlin – {path} fehlt und die Quelldaten {source} sind nicht vorhanden.")
            return None
        log(f"Baue data/berlin aus {source} …")
        subprocess.run([sys.executable, "-m", "dashboard", "import-berlin", "--source", str(source), "--out", str(ROOT / "data")],
                       cwd=ROOT, check=True)
        return path
    if name.isdigit():
        return ensure_synthetic(int(name))
    raise SystemExit(f"Unbekannter Datensatz {name!r}: erlaubt sind demo, berlin oder eine Zahl von Gebieten (z. B. 5000).")


def make_spec(name: str, path: Path) -> Spec:
    dataset = load_dataset(path)
    monitor = Monitor(dataset, Store(dataset.path), public=False)
    level0, level1 = dataset.level_ids[0], dataset.level_ids[1]

    def eligible(indicator) -> bool:
        years = monitor.years(indicator.id, level0)
        return (indicator.kind not in ("class", "count") and len(years) >= 2 and level1 in monitor.levels_for(indicator.id)
                and monitor.years(indicator.id, level1) == years)

    candidates = [i for i in monitor.indicators() if eligible(i)]
    first = next((i for i in candidates if i.id == dataset.default_indicator), candidates[0])
    years = monitor.years(first.id, level0)
    second = next(i for i in candidates if i.id != first.id and monitor.years(i.id, level0) == years)
    counts = {}
    for level in (level0, level1):
        doc = json.loads((dataset.path / "web" / f"{level}.geojson").read_text(encoding="utf-8"))
        counts[level] = len(doc["features"])
    ids = sorted(monitor.store.frame("areas_by_level", {"level": level0})["area_id"])
    step = max(1, len(ids) // 8)
    return Spec(name, dataset.path, monitor, (level0, level1), {lv.id: lv.label_de for lv in dataset.levels},
                (first.id, second.id), years, counts, profile_ids=ids[step // 2::step][:8],
                cycle=[first.id, second.id] + [i.id for i in candidates if i.id not in (first.id, second.id)
                                               and monitor.years(i.id, level0) == years][:6])


# -- the browser, with deadlines ------------------------------------------------------------------
class Aborted(Exception):
    """A measurement stopped by its deadline (the browser was killed to get out of it)."""

    def __init__(self, what: str, after_s: float, why: str):
        super().__init__(f"{what}: abgebrochen nach {after_s:.0f} s ({why})")
        self.what, self.after_s, self.why = what, after_s, why

    def record(self) -> dict[str, Any]:
        return {"status": "abgebrochen", "after_s": round(self.after_s, 1), "why": f"{self.what}: {self.why}"}


class Chrome:
    """Debian's Chromium under Playwright, relaunched when it was killed, with a watchdog.

    `with chrome.deadline(seconds, what):` bounds everything inside from Python's side: when the time
    is up, a watchdog thread kills the browser's process group (Playwright starts Chromium as a group
    leader), which makes the blocked Playwright call return with an error; the block then raises
    Aborted. Deadlines nest (run inside series inside dataset); once an outer one has passed, every
    inner block is aborted at once."""

    def __init__(self, playwright):
        self.pw = playwright
        self.browser = None
        self.pid: int | None = None
        self.version = None
        self.launches = 0
        self._deadlines: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        threading.Thread(target=self._watch, name="bench-watchdog", daemon=True).start()

    def current(self):
        if self.browser is None or not self.browser.is_connected():
            self.kill()
            marker = f"--qm-bench-browser={uuid.uuid4().hex}"  # finds the process of this launch (an unknown switch is ignored)
            self.browser = self.pw.chromium.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, marker], headless=True,
                                                   timeout=LAUNCH_S * 1000)
            self.pid = find_process(marker)
            if self.pid:
                OWN_GROUPS.add(self.pid)
            self.version = self.browser.version
            self.launches += 1
        return self.browser

    def kill(self) -> None:
        pid, self.pid = self.pid, None
        kill_group(pid)

    @contextmanager
    def deadline(self, seconds: float, what: str):
        now = time.monotonic()
        entry = {"at": now + seconds, "what": what, "started": now, "fired": False}
        with self._lock:
            expired = next((d for d in self._deadlines if d["fired"] or d["at"] <= now), None)
            if expired is None:
                self._deadlines.append(entry)
        if expired is not None:
            raise Aborted(what, 0, f"Frist „{expired['what']}“ schon abgelaufen")
        try:
            yield entry
        except Aborted:
            raise
        except Exception as exc:  # noqa: BLE001 - a call broken by the watchdog's kill
            fired = next((d for d in [entry, *reversed(self._deadlines)] if d["fired"]), None)
            if fired is None:
                raise
            raise Aborted(what, time.monotonic() - entry["started"],
                          f"Frist {fired['at'] - fired['started']:.0f} s für „{fired['what']}“ überschritten, Browser beendet "
                          f"({type(exc).__name__})") from exc
        finally:
            with self._lock:
                if entry in self._deadlines:
                    self._deadlines.remove(entry)
        if entry["fired"]:  # the call returned anyway (it ended just as the browser was killed)
            raise Aborted(what, time.monotonic() - entry["started"], f"Frist {seconds:.0f} s überschritten, Browser beendet")

    def _watch(self) -> None:
        while not self._stop.wait(0.25):
            with self._lock:
                now = time.monotonic()
                due = [d for d in self._deadlines if not d["fired"] and d["at"] <= now]
                for d in due:
                    d["fired"] = True
            if due:
                log(f"  FRIST überschritten: {due[0]['what']} – Browser (Prozessgruppe {self.pid}) wird beendet")
                self.kill()

    def close(self) -> None:
        try:
            if self.browser is not None and self.browser.is_connected():
                with self.deadline(CLOSE_S, "Browser schließen"):
                    self.browser.close()
        except Exception as exc:  # noqa: BLE001
            log(f"  Browser schließen: {exc}")
        finally:
            self.kill()
            self._stop.set()


def find_process(marker: str) -> int | None:
    """The pid of the main browser process whose command line holds marker (not a child: no --type=)."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if marker.encode() in argv and not any(a.startswith(b"--type=") for a in argv):
            return int(entry.name)
    return None


# -- page helpers ------------------------------------------------------------------------------------
def new_page(chrome: Chrome, timeout_s: float):
    context = chrome.current().new_context(viewport=VIEWPORT, locale="de-DE")
    context.add_init_script(PROBE_JS)
    page = context.new_page()
    page.set_default_timeout(timeout_s * 1000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return context, page, NetworkLog(context, page), errors


def close_context(chrome: Chrome, context) -> None:
    """Close a page's context within CLOSE_S; if that hangs the watchdog kills the browser (relaunched on next use)."""
    try:
        with chrome.deadline(CLOSE_S, "Browserkontext schließen"):
            context.close()
    except Exception as exc:  # noqa: BLE001 - a dead browser has no contexts left to close
        log(f"  Kontext schließen: {type(exc).__name__}: {(str(exc).splitlines() or [''])[0][:120]}")


def wait_result(page, timeout_s: float) -> dict[str, Any]:
    """The probe's result; the probe ends every wait itself by a JS timer ({timeout: true}), and this wait
    has its own Playwright timeout on top (a page whose timers do not run any more)."""
    try:
        page.wait_for_function("() => window.__qmBench && window.__qmBench.result !== null", polling=50,
                               timeout=(timeout_s + 15) * 1000)
    except Exception as exc:  # noqa: BLE001 - playwright's TimeoutError: the page did not answer at all
        if "Timeout" not in type(exc).__name__:
            raise
        return {"timeout": True, "why": f"Seite antwortete nicht binnen {timeout_s + 15:.0f} s"}
    return page.evaluate("() => window.__qmBench.result")


def start_leaflet(page, **options) -> None:
    options.setdefault("timeout", PRODUCT_TIMEOUT_S * 1000)
    options.setdefault("since", 0)
    options.setdefault("key", None)
    options.setdefault("extraSelector", None)
    page.evaluate("(o) => window.__qmBench.waitLeaflet(o)", options)


def start_plotly(page, **options) -> None:
    options.setdefault("timeout", BASELINE_TIMEOUT_S * 1000)
    page.evaluate("(o) => window.__qmBench.waitPlotly(o)", options)


def armed_since(page) -> float:
    return page.evaluate("() => { window.__qmBench.arm(); return window.__qmBench.armedAt; }")


def choose_option(page, dropdown_id: str, indicator_id: str, before_click: Callable[[], None]) -> None:
    """Pick an indicator the way a user does: open the dropdown, search, click the option."""
    page.click(f"#{dropdown_id}")
    search = page.locator("input.dash-dropdown-search")
    search.wait_for(state="visible")
    search.fill(indicator_id)
    # the product labels options "<name> (<id>)", the baseline "<id> <name>"
    wanted = re.escape(indicator_id)
    option = page.locator(".dash-dropdown-option").filter(has_text=re.compile(rf"^{wanted} |\({wanted}\)\s*$")).first
    option.wait_for(state="visible")
    before_click()
    option.click()


def press_slider(page, slider_id: str, key: str, before: Callable[[], None]) -> None:
    page.focus(f"#{slider_id} [role=slider]")
    before()
    page.keyboard.press(key)


def check_radio(page, group_id: str, label: str, before: Callable[[], None]) -> None:
    radio = page.locator(f"#{group_id}").get_by_role("radio", name=label, exact=True)
    radio.wait_for(state="attached")
    before()
    radio.check()


@dataclass
class Figures:
    """Runs per figure; a figure that could not be measured holds the reason."""

    runs: dict[str, list[float]] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    checks: dict[str, Any] = field(default_factory=dict)
    aborted: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # per figure: the runs stopped by a deadline

    def abort(self, names: tuple[str, ...], exc: Aborted) -> None:
        for name in names:
            self.aborted.setdefault(name, []).append(exc.record())
            self.fail(name, f"abgebrochen nach {exc.after_s:.0f} s")
        log(f"  ABGEBROCHEN ({', '.join(names)}): {exc}")

    def add(self, name: str, value: float | None) -> None:
        if value is not None:
            self.runs.setdefault(name, []).append(round(float(value), 2))

    def fail(self, name: str, reason: str) -> None:
        self.notes.setdefault(name, reason)

    def guarded(self, names: tuple[str, ...], phase: Callable[[], None]) -> None:
        """Run one phase; an error is noted on its figures and the other phases still run."""
        try:
            phase()
        except Aborted as exc:
            self.abort(names, exc)
        except Exception as exc:  # noqa: BLE001 - a broken phase must not lose the others
            first_line = (str(exc).strip().splitlines() or [""])[0][:160]
            for name in names:
                self.fail(name, f"Fehler: {type(exc).__name__}: {first_line}")
            self.checks.setdefault("errors", []).append(traceback.format_exc(limit=4))
            log(f"  FEHLER ({', '.join(names)}): {type(exc).__name__}: {first_line}")


# -- the two apps ---------------------------------------------------------------------------------------
State = tuple[str, int, str]  # indicator, year, level


@dataclass
class App:
    """One app under test: how to open a state, how to recognise that it is painted, its controls."""

    label: str
    spec: Spec
    server: Server
    timeout_s: float
    indicator_dropdown: str
    year_slider: str
    level_radios: str
    callback_component: str  # the component the recolouring callback writes to (for its server time)
    mode: str = "svg"  # product: "hook" or "svg"

    def url(self, state: State) -> str:
        raise NotImplementedError

    def start_wait(self, page, state: State, since: float, recolour: bool) -> None:
        raise NotImplementedError


class Product(App):
    def url(self, state: State) -> str:
        return self.spec.map_url(*state)

    def start_wait(self, page, state: State, since: float, recolour: bool, mode: str | None = None) -> None:
        start_leaflet(page, mode=mode or self.mode, mapId="map", componentId="map-areas", key=self.spec.key(*state),
                      n=self.spec.counts[state[2]], expected=self.spec.expected(*state), since=since, timeout=self.timeout_s * 1000)


class Baseline(App):
    def url(self, state: State) -> str:
        return "/"  # the tutorial app has no URL state; it starts in the benchmark's start state

    def start_wait(self, page, state: State, since: float, recolour: bool) -> None:
        start_plotly(page, graphId="graph", key="|".join(str(s) for s in state), since=since, recolour=recolour,
                     timeout=self.timeout_s * 1000)


def open_state(app: App, page, state: State) -> dict[str, Any]:
    page.goto(app.server.url + app.url(state), wait_until="commit")
    app.start_wait(page, state, since=0, recolour=False)
    return wait_result(page, app.timeout_s)


def run_deadline_s(app: App) -> float:
    """One page load or one interaction series step: the probe's own timeout plus loading and closing."""
    return app.timeout_s + 60


def measure_first_paint(app: App, browser: Chrome, runs: int, out: Figures) -> bool:
    """Cold (fresh context) and warm (reload) first paint, each run under its own deadline; a run that
    times out or is aborted is recorded and the next run goes on. False when the map never came."""
    start = app.spec.start_state()
    painted = False
    for run in range(runs):
        try:
            with browser.deadline(2 * run_deadline_s(app), f"{app.label} erste Karte, Lauf {run + 1}"):
                painted = first_paint_run(app, browser, start, out) or painted
        except Aborted as exc:
            out.abort(("first_paint_cold_ms", "first_paint_warm_ms"), exc)
        log(f"  {app.label} erste Karte, Lauf {run + 1}: kalt {out.runs.get('first_paint_cold_ms', ['–'])[-1]} ms, "
            f"warm {out.runs.get('first_paint_warm_ms', ['–'])[-1]} ms")
    return painted


def note_timeout(out: Figures, names: tuple[str, ...], result: dict[str, Any], what: str) -> None:
    """A wait that ended without the map: recorded per run with what the page showed."""
    why = result.get("why") or TIMEOUT_TEXT
    for name in names:
        out.fail(name, TIMEOUT_TEXT)
        out.aborted.setdefault(name, []).append({"status": "Zeitlimit", "why": f"{what}: {why}", "state": result.get("state")})
    log(f"  {what}: {why} {json.dumps(result.get('state'), ensure_ascii=False) if result.get('state') else ''}")


def first_paint_run(app: App, browser: Chrome, start: State, out: Figures) -> bool:
    context, page, net, errors = new_page(browser, app.timeout_s)
    try:
        result = open_state(app, page, start)
        if result.get("timeout"):
            note_timeout(out, ("first_paint_cold_ms", "first_paint_warm_ms"), result, f"{app.label} erste Karte kalt")
            return False
        note_svg(out, "first_paint_cold_ms", result)
        out.add("first_paint_cold_ms", result["t"])
        net.wait_idle(page)
        for milestone, value in page.evaluate(MILESTONES_JS, result["t"]).items():
            out.checks.setdefault("first_paint_cold_milestones", {}).setdefault(milestone, []).append(value)
        summary = net.summary(check_bodies=isinstance(app, Baseline))
        out.add("first_load_bytes", summary["bytes"])
        out.add("geometry_bytes_first_load", summary["geometry_bytes"])
        net.reset()
        page.reload(wait_until="commit")
        app.start_wait(page, start, since=0, recolour=False)
        result = wait_result(page, app.timeout_s)
        if result.get("timeout"):
            note_timeout(out, ("first_paint_warm_ms",), result, f"{app.label} erste Karte warm")
        else:
            note_svg(out, "first_paint_warm_ms", result)
            out.add("first_paint_warm_ms", result["t"])
            net.wait_idle(page)
            out.add("first_load_warm_bytes", net.summary()["bytes"])
        out.checks.setdefault("page_errors", []).extend(errors)
        return True
    finally:
        close_context(browser, context)


# Where the cold first paint spends its time (Resource/Navigation Timing, ms since navigation start);
# only what started before the map was painted (t): scripts loaded lazily afterwards are not on the way.
MILESTONES_JS = """(t) => {
  const nav = performance.getEntriesByType('navigation')[0] || {};
  const res = performance.getEntriesByType('resource').filter(r => r.startTime <= t);
  const end = (pred, pick) => { const t = res.filter(pred).map(r => r.responseEnd); return t.length ? Math.round(pick(...t)) : null; };
  return {
    html: nav.responseEnd ? Math.round(nav.responseEnd) : null,
    scripts: end(r => r.initiatorType === 'script', Math.max),
    dom_content_loaded: nav.domContentLoadedEventEnd ? Math.round(nav.domContentLoadedEventEnd) : null,
    dash_layout: end(r => r.name.includes('_dash-layout'), Math.min),
    first_callback: end(r => r.name.includes('_dash-update-component'), Math.min),
    geometry: end(r => r.name.includes('/geo/'), Math.max),
  };
}"""

# Where a recolour spends its time: the callback requests it caused (ms after the input event).
RECOLOUR_MILESTONES_JS = """([t0, t1]) => {
  const r = performance.getEntriesByType('resource').filter(e => (e.name.includes('_dash-update-component') ||
    e.name.includes('/faerbung/')) && e.startTime >= t0 - 1 && e.startTime <= t1);
  if (!r.length) return {};
  const done = r.filter(e => e.responseEnd > 0 && e.responseEnd <= t1).map(e => e.responseEnd);
  return {request_sent: Math.round(Math.min(...r.map(e => e.startTime)) - t0),
          last_response: done.length ? Math.round(Math.max(...done) - t0) : null};
}"""


RECOLOURS = ("recolour_indicator_ms", "recolour_year_ms", "recolour_level_ms")


def measure_recolours(app: App, browser, runs: int, warmup: int, out: Figures) -> None:
    """Indicator, year and level changes through the real controls, each kind in a fresh page: indicator and
    year to states not shown before in that page (see step), the level back and forth."""
    spec = app.spec
    (a, b), last_year, (level0, level1) = spec.indicators, spec.years[-1], spec.levels

    cycle = spec.cycle or [a, b]

    def step(kind: str, state: State) -> tuple[State, Callable[[Any, Callable[[], None]], None]]:
        """The next state of a series: indicator and year changes go to a state this page has not shown yet
        (the next indicator of spec.cycle, the year before), as a user exploring does - no change is served
        from what the page kept of an earlier one; the level alternates (two levels)."""
        indicator, year, level = state
        if kind == "recolour_indicator_ms":
            other = cycle[(cycle.index(indicator) + 1) % len(cycle)] if indicator in cycle else cycle[0]
            return (other, year, level), lambda page, before: choose_option(page, app.indicator_dropdown, other, before)
        if kind == "recolour_year_ms":
            earlier = [y for y in spec.years if y < year]
            key, new = ("ArrowLeft", earlier[-1]) if earlier else ("End", last_year)
            return (indicator, new, level), lambda page, before: press_slider(page, app.year_slider, key, before)
        new_level = level1 if level == level0 else level0
        return (indicator, year, new_level), lambda page, before: check_radio(page, app.level_radios, spec.level_labels[new_level], before)

    def series(kind: str) -> None:
        """One page, warmup + runs interactions, each under its own deadline; a stuck one ends the series
        (its page is gone with the killed browser), the runs before it count."""
        context, page, net, errors = new_page(browser, app.timeout_s)
        try:
            state = spec.start_state()
            with browser.deadline(run_deadline_s(app), f"{app.label} {kind}: Seite öffnen"):
                result = open_state(app, page, state)
            if result.get("timeout"):
                note_timeout(out, (kind,), result, f"{app.label} {kind}: Seite öffnen")
                return
            for i in range(warmup + runs):
                target, action = step(kind, state)
                with browser.deadline(run_deadline_s(app), f"{app.label} {kind}, Interaktion {i + 1}"):
                    net.wait_idle(page, quiet_s=0.3)
                    net.reset()

                    def before(target=target):
                        app.start_wait(page, target, since=armed_since(page), recolour=True)

                    action(page, before)
                    result = wait_result(page, app.timeout_s)
                    state = target
                    if result.get("timeout"):
                        note_timeout(out, (kind,), result, f"{app.label} {kind}, Interaktion {i + 1}")
                        return
                    net.wait_idle(page)
                    measured_interaction(i, kind, result, page, net)
            out.checks.setdefault("page_errors", []).extend(errors)
        finally:
            close_context(browser, context)

    def measured_interaction(i: int, kind: str, result: dict[str, Any], page, net: NetworkLog) -> None:
        summary = net.summary(callback_component=app.callback_component, check_bodies=True)
        if i < warmup:
            return
        if result.get("t0") is None:
            out.fail(kind, "kein Eingabeereignis erfasst")
            return
        note_svg(out, kind, result)
        base = kind.removesuffix("_ms")
        out.add(kind, result["t"] - result["t0"])
        milestones = page.evaluate(RECOLOUR_MILESTONES_JS, [result["t0"], result["t"]])
        for milestone, value in dict(milestones, painted=round(result["t"] - result["t0"])).items():
            out.checks.setdefault(f"{base}_milestones", {}).setdefault(milestone, []).append(value)
        out.add(f"{base}_bytes", summary["bytes"])
        out.add(f"{base}_geometry_bytes", summary["geometry_bytes"])
        out.add(f"{base}_server_ms", summary["server_ms"])

    for kind in RECOLOURS:
        base = kind.removesuffix("_ms")
        out.guarded((kind, f"{base}_bytes", f"{base}_geometry_bytes"), lambda kind=kind: series(kind))
        log(f"  {app.label} {kind}: {out.runs.get(kind) or out.notes.get(kind)}")


# -- the product ----------------------------------------------------------------------------------------
def measure_product(spec: Spec, browser, runs: int, warmup: int) -> Figures:
    out = Figures()
    server = product_server(spec.path)
    try:
        app = Product("Produkt", spec, server, PRODUCT_TIMEOUT_S, "map-indicator", "map-year", "map-level", "map-areas")
        # warm-up load: warms the workers and tells whether the paint hook is there
        context, page, net, errors = new_page(browser, app.timeout_s)
        try:
            with browser.deadline(run_deadline_s(app), "Produkt: Aufwärmen"):
                page.goto(server.url + app.url(spec.start_state()), wait_until="commit")
                app.start_wait(page, spec.start_state(), since=0, recolour=False, mode="auto")
                if wait_result(page, app.timeout_s).get("timeout"):
                    raise RuntimeError("Produkt: die erste Karte kam nicht")
                page.wait_for_timeout(500)
                app.mode = "hook" if page.evaluate("() => window.__qmBench.hookPresent()") else "svg"
        finally:
            close_context(browser, context)
        out.checks["predicate"] = app.mode
        log(f"  Produkt: Prädikat = {'Paint-Hook window.qm.map.painted' if app.mode == 'hook' else 'SVG-Füllungen'}")
        out.guarded(("first_paint_cold_ms", "first_paint_warm_ms"), lambda: measure_first_paint(app, browser, runs, out))
        measure_recolours(app, browser, runs, warmup, out)
        phase_s = run_deadline_s(app) * (warmup + runs + 1)

        def profiles() -> None:
            with browser.deadline(phase_s, "Produkt: Gebietsprofile"):
                measure_profiles(app, browser, runs, warmup, out)

        def burden() -> None:
            with browser.deadline(phase_s, "Produkt: Szenario Mehrfachbelastung"):
                measure_burden(app, browser, runs, warmup, out)

        out.guarded(("profile_open_ms",), profiles)
        if spec.monitor.burden_rules():
            out.guarded(("burden_scenario_ms",), burden)
    finally:
        server.stop()
    if spec.name == "berlin":
        out.guarded(("public_first_paint_js_bytes",), lambda: measure_public_js(spec, browser, runs, out))
    return out


def measure_public_js(spec: Spec, browser: Chrome, runs: int, out: Figures) -> None:
    """The public map (QM_MODE=public) loaded cold once per run: compressed bytes of every script
    (DevTools resource type Script, encodedDataLength as for all bytes here) until the map is painted
    and the network is quiet - what a phone downloads before it can show the map."""
    server = product_server(spec.path, mode="public")
    try:
        app = Product("Öffentlich", spec, server, PRODUCT_TIMEOUT_S, "map-indicator", "map-year", "map-level", "map-areas")
        for run in range(runs):
            try:
                with browser.deadline(2 * run_deadline_s(app), f"Öffentliche Karte JS, Lauf {run + 1}"):
                    context, page, net, errors = new_page(browser, app.timeout_s)
                    try:
                        page.goto(server.url + "/", wait_until="commit")
                        # any paint of the smallest level: the public colours differ (disclosure control)
                        start_leaflet(page, mode="hook", mapId="map", componentId="map-areas", n=spec.counts[spec.levels[0]],
                                      expected=None, timeout=app.timeout_s * 1000)
                        result = wait_result(page, app.timeout_s)
                        if result.get("timeout"):
                            note_timeout(out, ("public_first_paint_js_bytes",), result, f"öffentliche Karte, Lauf {run + 1}")
                            continue
                        net.wait_idle(page)
                        summary = net.summary()
                        out.add("public_first_paint_js_bytes", summary["script_bytes"])
                        out.add("public_first_paint_bytes", summary["bytes"])
                        out.add("public_first_paint_ms", result["t"])
                        out.checks["public_first_paint_scripts"] = summary["scripts"]  # path, compressed bytes (last run)
                        out.checks.setdefault("public_page_errors", []).extend(errors)
                    finally:
                        close_context(browser, context)
            except Aborted as exc:
                out.abort(("public_first_paint_js_bytes",), exc)
    finally:
        server.stop()
    log(f"  Öffentliche Karte: JS {out.runs.get('public_first_paint_js_bytes')} B, "
        f"gesamt {out.runs.get('public_first_paint_bytes')} B, gezeichnet {out.runs.get('public_first_paint_ms')} ms")


def measure_profiles(app: App, browser, runs: int, warmup: int, out: Figures) -> None:
    """Open /gebiet/<id> (browser cache warm, a different area each time) until its map and key figures show."""
    spec = app.spec
    context, page, net, errors = new_page(browser, app.timeout_s)
    try:
        open_state(app, page, spec.start_state())  # a user comes from the map: assets are cached
        for i, area_id in enumerate(spec.profile_ids[: warmup + runs]):
            net.wait_idle(page, quiet_s=0.3)
            net.reset()
            page.goto(f"{app.server.url}/gebiet/{area_id}", wait_until="commit")
            start_leaflet(page, mode=app.mode, mapId="profile-map", componentId="profile-areas", n=spec.counts[spec.levels[0]],
                          expected={area_id: PROFILE_HIGHLIGHT}, extraSelector="#profile-figures tbody tr",
                          timeout=app.timeout_s * 1000)
            result = wait_result(page, app.timeout_s)
            if result.get("timeout"):
                out.fail("profile_open_ms", TIMEOUT_TEXT)
                return
            net.wait_idle(page)
            if i >= warmup:
                note_svg(out, "profile_open_ms", result)
                out.add("profile_open_ms", result["t"])
                out.add("profile_open_bytes", net.summary()["bytes"])
        out.checks.setdefault("page_errors", []).extend(errors)
    finally:
        close_context(browser, context)
    log(f"  Produkt Gebietsprofil: {out.runs.get('profile_open_ms')} ms")


def measure_burden(app: App, browser, runs: int, warmup: int, out: Figures) -> None:
    """The scenario recompute: switch the first indicator of the official rule off and on again."""
    spec, monitor = app.spec, app.spec.monitor
    rule = monitor.burden_rules()[0]
    year = monitor.burden_years(rule)[-1]
    off = rule.criteria[0]
    scenario = rule.with_changes(enabled={c.indicator_id for c in rule.criteria[1:]})
    expected = {"official": fills(monitor.burden_bundle(rule, year).hideout),
                "scenario": fills(monitor.burden_bundle(scenario, year, official=rule).hideout)}
    n = spec.counts[spec.levels[0]]

    def wait_burden(page, target: str, since: float) -> None:
        start_leaflet(page, mode=app.mode, mapId="burden-map", componentId="burden-areas", n=n, expected=expected[target],
                      since=since, timeout=app.timeout_s * 1000)

    context, page, net, errors = new_page(browser, app.timeout_s)
    try:
        page.goto(f"{app.server.url}/mehrfachbelastung?jahr={year}", wait_until="commit")
        wait_burden(page, "official", 0)
        if wait_result(page, app.timeout_s).get("timeout"):
            out.fail("burden_scenario_ms", TIMEOUT_TEXT)
            return
        page.click("#burden-scenario summary")
        box = page.locator("#burden-enabled").get_by_label(off.label or off.indicator_id, exact=True)
        box.wait_for(state="visible")
        showing = "official"
        for i in range(warmup + runs):
            target = "scenario" if showing == "official" else "official"
            net.wait_idle(page, quiet_s=0.3)
            net.reset()
            wait_burden(page, target, armed_since(page))
            box.click()
            result = wait_result(page, app.timeout_s)
            showing = target
            if result.get("timeout"):
                out.fail("burden_scenario_ms", TIMEOUT_TEXT)
                return
            net.wait_idle(page)
            summary = net.summary(callback_component="burden-areas")
            if i >= warmup:
                note_svg(out, "burden_scenario_ms", result)
                out.add("burden_scenario_ms", result["t"] - result["t0"])
                out.add("burden_scenario_server_ms", summary["server_ms"])
                out.add("burden_scenario_bytes", summary["bytes"])
        out.checks.setdefault("page_errors", []).extend(errors)
    finally:
        close_context(browser, context)
    log(f"  Produkt Szenario Mehrfachbelastung: {out.runs.get('burden_scenario_ms')} ms "
        f"(Server {out.runs.get('burden_scenario_server_ms')} ms)")


def note_svg(out: Figures, name: str, result: dict[str, Any]) -> None:
    """Remember how each figure was detected and whether the SVG agreed with the paint hook."""
    if result.get("via") == "maplibre":
        return
    checks = out.checks.setdefault("svg_check", {})
    svg = result.get("svg")
    previous = checks.get(name)
    if svg is False or previous is False:
        checks[name] = False
    elif svg is True:
        checks[name] = True
    elif previous is None:
        checks[name] = svg
    out.checks.setdefault("via", {})[name] = result.get("via")


# -- the baseline -------------------------------------------------------------------------------------
def measure_baseline(spec: Spec, browser, runs: int, warmup: int) -> Figures:
    out = Figures()
    server = baseline_server(spec.path, spec.indicators[0])
    try:
        app = Baseline("Baseline", spec, server, BASELINE_TIMEOUT_S, "indicator", "year", "level", "graph")
        painted = [False]

        def first() -> None:
            painted[0] = measure_first_paint(app, browser, runs, out)

        out.guarded(("first_paint_cold_ms", "first_paint_warm_ms"), first)
        if painted[0]:
            measure_recolours(app, browser, runs, warmup, out)
        else:
            for kind in RECOLOURS:
                out.fail(kind, "nicht gemessen: die erste Karte der Baseline kam in keinem Lauf")
    finally:
        server.stop()
    return out


# -- results ------------------------------------------------------------------------------------------
FIGURE_ORDER = [
    ("first_paint_cold_ms", "Erste Karte, kalt", "ms"),
    ("first_paint_warm_ms", "Erste Karte, warm (Reload)", "ms"),
    ("recolour_indicator_ms", "Umfärben: Indikatorwechsel", "ms"),
    ("recolour_year_ms", "Umfärben: Jahreswechsel", "ms"),
    ("recolour_level_ms", "Ebenenwechsel", "ms"),
    ("profile_open_ms", "Gebietsprofil öffnen", "ms"),
    ("burden_scenario_ms", "Szenario Mehrfachbelastung (Browser)", "ms"),
    ("burden_scenario_server_ms", "Szenario Mehrfachbelastung (Server, TTFB)", "ms"),
    ("recolour_indicator_server_ms", "Indikatorwechsel (Server, TTFB)", "ms"),
    ("recolour_year_server_ms", "Jahreswechsel (Server, TTFB)", "ms"),
    ("first_load_bytes", "Bytes erste Karte, kalt (gesamt)", "B"),
    ("geometry_bytes_first_load", "Bytes Geometrie erste Karte", "B"),
    ("first_load_warm_bytes", "Bytes erste Karte, warm", "B"),
    ("public_first_paint_js_bytes", "Öffentliche Karte kalt: JS-Bytes (komprimiert)", "B"),
    ("public_first_paint_bytes", "Öffentliche Karte kalt: Bytes gesamt", "B"),
    ("public_first_paint_ms", "Öffentliche Karte kalt: gezeichnet", "ms"),
    ("recolour_indicator_bytes", "Bytes je Indikatorwechsel", "B"),
    ("recolour_indicator_geometry_bytes", "… davon Geometrie (Indikatorwechsel)", "B"),
    ("recolour_year_bytes", "Bytes je Jahreswechsel", "B"),
    ("recolour_year_geometry_bytes", "… davon Geometrie (Jahreswechsel)", "B"),
    ("recolour_level_bytes", "Bytes je Ebenenwechsel", "B"),
    ("recolour_level_geometry_bytes", "… davon Geometrie (Ebenenwechsel)", "B"),
    ("profile_open_bytes", "Bytes Gebietsprofil", "B"),
    ("burden_scenario_bytes", "Bytes je Szenario", "B"),
]


def median(values: list[float] | None) -> float | None:
    return round(statistics.median(values), 2) if values else None


def combine(name: str, product: Figures, baseline: Figures | None) -> dict[str, Any]:
    """One dataset's figures: runs, medians, baseline, ratio product/baseline, runs stopped by a deadline.
    The targets are judged from these by bench/targets.py (browser_verdicts)."""
    figures: dict[str, Any] = {}
    for key, label, unit in FIGURE_ORDER:
        p_runs = product.runs.get(key)
        b_runs = baseline.runs.get(key) if baseline else None
        if not p_runs and key not in product.notes and not b_runs:
            continue
        entry: dict[str, Any] = {"label": label, "unit": unit, "runs": p_runs or [], "median": median(p_runs)}
        if key in product.notes:
            entry["note"] = product.notes[key]
        if product.aborted.get(key):
            entry["aborted"] = product.aborted[key]
        if baseline is not None and (b_runs or key in baseline.notes):
            entry["baseline_runs"] = b_runs or []
            entry["baseline_median"] = median(b_runs) if b_runs else baseline.notes.get(key)  # or why there is none
            if baseline.aborted.get(key):
                entry["baseline_aborted"] = baseline.aborted[key]
            if entry["median"] is not None and b_runs and median(b_runs):
                entry["ratio"] = round(entry["median"] / median(b_runs), 4)  # product / baseline
                if unit == "ms" and entry["median"]:
                    entry["speedup"] = round(median(b_runs) / entry["median"], 2)  # baseline / product
        figures[key] = entry
    return figures


def machine() -> dict[str, Any]:
    info: dict[str, Any] = {"cores": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["ram_gib"] = round(int(line.split()[1]) / 1024 / 1024, 1)
                break
        info["load_average_start"] = [round(x, 2) for x in os.getloadavg()]
    except OSError:
        pass
    info["git_commit"] = git_commit()
    return info


def fmt(value: Any, unit: str) -> str:
    if value is None:
        return "–"
    if isinstance(value, str):
        return value
    if unit == "B":
        if value >= 1_000_000:
            return f"{format_number(value / 1_000_000, 2)} MB"
        if value >= 1_000:
            return f"{format_number(value / 1_000, 1)} kB"
        return f"{format_number(value, 0)} B"
    return f"{format_number(value, 0 if value >= 100 else 1)} ms"


def table(results: dict[str, Any]) -> str:
    lines = []
    for data in results["datasets"].values():
        lines.append(f"\n{data['title']} ({data['areas']} Gebiete; Indikatoren {', '.join(data['indicators'])}; "
                     f"Prädikat: {data['checks'].get('predicate')})")
        lines.append(f"  {'Kennzahl':48s} {'Produkt':>14s} {'Baseline':>24s} {'P/B':>7s}  Abbrüche")
        for entry in data["figures"].values():
            unit = entry["unit"]
            product = entry.get("note") if entry["median"] is None else fmt(entry["median"], unit)
            base = fmt(entry.get("baseline_median"), unit) if "baseline_median" in entry else ""
            ratio = f"{entry['ratio']:.2f}" if entry.get("ratio") is not None else ""
            stops = len(entry.get("aborted", [])) + len(entry.get("baseline_aborted", []))
            lines.append(f"  {entry['label']:48s} {product or '–':>14s} {base:>24s} {ratio:>7s}  {stops or ''}")
    lines.append("\nZiele (Issue 16):")
    for v in results.get("targets", []):
        lines.append(f"  {v['target']:58s} {v['status']:15s} {'' if v['value'] is None else v['value']}  {v['why']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Browser-Zeiten: Produkt gegen eine naive plotly-Baseline (Issues 7, 16).")
    parser.add_argument("--runs", type=int, default=5, help="Läufe je Kennzahl (Median; mindestens 5 für die Doku)")
    parser.add_argument("--datasets", default="demo,berlin,5000,50000", help="Kommagetrennt: demo, berlin, Zahl der Gebiete")
    parser.add_argument("--quick", action="store_true", help="Rauchtest: 1 Lauf, nur demo, Ergebnis nach bench/.cache/")
    parser.add_argument("--no-baseline", action="store_true", help="nur das Produkt messen")
    parser.add_argument("--warmup", type=int, default=1, help="nicht gewertete Interaktionen vor den Läufen")
    parser.add_argument("--dataset-deadline", type=float, default=DATASET_DEADLINE_S,
                        help="Frist je Datensatz in Sekunden (Produkt und Baseline zusammen); danach abgebrochen")
    args = parser.parse_args(argv)
    runs, names = (1, ["demo"]) if args.quick else (args.runs, [n.strip() for n in args.datasets.split(",") if n.strip()])
    if not Path(CHROMIUM).exists():
        print(f"Chromium fehlt ({CHROMIUM}): apt-get install -y chromium", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    target = QUICK_RESULTS if args.quick else RESULTS
    previous = {}
    if not args.quick and target.exists():
        try:
            previous = json.loads(target.read_text(encoding="utf-8")).get("datasets", {})
        except ValueError:
            previous = {}
    results: dict[str, Any] = {"benchmark": "browser", "date": datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds"),
                               "machine": machine(), "runs": runs, "warmup": args.warmup,
                               "gunicorn": {"workers": 2, "threads": 4}, "viewport": VIEWPORT,
                               "baseline_figure": os.environ.get("QM_BASELINE_FIGURE", "geo"), "recolour_states": "new",
                               "datasets": dict(previous)}
    failures = 0
    started = time.monotonic()
    signal.signal(signal.SIGTERM, on_terminate)
    signal.signal(signal.SIGINT, on_terminate)
    with sync_playwright() as pw:
        browser = Chrome(pw)
        browser.current()
        results["machine"]["chromium"] = browser.version
        for name in names:
            path = prepare_dataset(name)
            if path is None:
                continue
            spec = make_spec(name, path)
            log(f"\n== {name}: {spec.counts[spec.levels[0]]} Gebiete, Indikatoren {spec.indicators}, Jahre {spec.years[0]}–{spec.years[-1]}")
            product = baseline = None
            stopped = None
            dataset_start = time.monotonic()
            try:
                with browser.deadline(args.dataset_deadline, f"Datensatz {name}"):
                    product = measure_product(spec, browser, runs, args.warmup)
                    baseline = None if args.no_baseline else measure_baseline(spec, browser, runs, args.warmup)
            except Aborted as exc:
                stopped = exc.record()
                log(f"  ABGEBROCHEN: {exc}")
            except Exception:  # noqa: BLE001 - one dataset failing must not lose the others
                failures += 1
                log(f"  FEHLER bei {name}:\n{traceback.format_exc()}")
                stopped = {"status": "Fehler", "after_s": round(time.monotonic() - dataset_start, 1),
                           "why": (traceback.format_exc().strip().splitlines() or ["?"])[-1][:300]}
            if product is None:
                failures += 1
                results["datasets"][name] = {
                    "title": spec.monitor.dataset.title, "areas": spec.counts[spec.levels[0]], "date": results["date"],
                    "runs": runs, "aborted": stopped, "checks": {}, "figures": {}, "indicators": list(spec.indicators)}
                continue
            for who, figures in (("", product), ("baseline_", baseline)):
                for key in [k for k in (figures.checks if figures else {}) if k.endswith("_milestones")]:
                    product.checks[f"{who}{key}_median"] = {milestone: median([v for v in values if v is not None])
                                                             for milestone, values in figures.checks.pop(key).items()}
            results["datasets"][name] = {
                "title": spec.monitor.dataset.title, "areas": spec.counts[spec.levels[0]], "levels": list(spec.levels),
                "level_areas": spec.counts, "indicators": list(spec.indicators), "years": [spec.years[0], spec.years[-1]],
                "date": results["date"], "machine": results["machine"], "runs": runs, "warmup": args.warmup,
                "checks": {**product.checks, "baseline_page_errors": baseline.checks.get("page_errors") if baseline else None,
                           "baseline_errors": baseline.checks.get("errors") if baseline else None},
                "figures": combine(name, product, baseline),
                "wall_s": round(time.monotonic() - dataset_start, 1), "baseline_figure": results["baseline_figure"],
                "recolour_states": "new", "indicator_cycle": spec.cycle,
            }
            if stopped:
                results["datasets"][name]["aborted"] = stopped
            if product.checks.get("errors") or (baseline and baseline.checks.get("errors")):
                failures += 1
        results["machine"]["browser_launches"] = browser.launches
        browser.close()
    results["machine"]["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    results["wall_s"] = round(time.monotonic() - started, 1)
    results["targets"] = with_milestones(browser_verdicts(results["datasets"]), results["datasets"])
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(table(results))
    print(f"\nErgebnis: {target.relative_to(ROOT)}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
