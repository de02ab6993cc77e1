"""Lighthouse against the public site as deployed (issue 16): scores, metrics and the JS bytes of a page load.

    npm ci --prefix bench --no-audit --no-fund        # Lighthouse 12.2.3, pinned in bench/package-lock.json
    python bench/lighthouse.py [--runs 3] [--dataset berlin] [--presets desktop,mobile] [--timeout 240]

Starts the public site as the public sees it: gunicorn (QM_MODE=public) behind nginx, the same ProxyStack as
`python -m dashboard.proxy` (--no-proxy: gunicorn alone, e.g. where nginx is missing; --url: an already
running site). Dataset: data/berlin, or the demo when Berlin is not imported (the result says which).
Routes: the map "/" and the profile of a Planungsraum "/gebiet/<id>". Presets: "desktop" (Lighthouse's
desktop preset) and "mobile" (Lighthouse's default: a mid-range phone with simulated slow 4G and 4x CPU
slowdown). Each route and preset runs N times (plus one unrecorded warm-up per route, so the server's
caches are as a visitor after the first finds them); the medians are written. Every run has a deadline
(--timeout); a run that fails or overruns is recorded as failed with its reason, and its Chrome is ended
(found by a marker flag unique to the run). Only when Lighthouse itself asks for a rerun (a trace lost under
load, NO_NAVSTART) is the run repeated, --retries times at most, each with its own deadline; the lost attempt
stays in the result. Lighthouse is pinned at 12.2.3: later versions need Node 22.

Writes bench/results/lighthouse.json (contract: measured_at, git, machine, targets); bench/report.py
renders it through `report_section`. "JS übertragen" is the transfer size (compressed, as on the wire)
of every script the page load fetched until the network was quiet: the map route's first paint needs
all of them (the async chunks are preloaded), so it stands for "compressed JS on first paint".
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
for path in (ROOT, BENCH):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from targets import git_commit  # noqa: E402

LIGHTHOUSE_VERSION = "12.2.3"
LIGHTHOUSE_CLI = BENCH / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"]
OUT = BENCH / "results" / "lighthouse.json"
PRESETS = ("desktop", "mobile")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# metric key -> Lighthouse audit id (numericValue: ms, CLS unitless)
METRICS = {"fcp_ms": "first-contentful-paint", "lcp_ms": "largest-contentful-paint", "tbt_ms": "total-blocking-time",
           "si_ms": "speed-index", "cls": "cumulative-layout-shift", "tti_ms": "interactive"}
# where a slow mobile run loses its time: the audits the report lists for the first-paint work
COST_AUDITS = ("bootup-time", "mainthread-work-breakdown", "unused-javascript", "render-blocking-resources",
               "long-tasks", "total-byte-weight", "dom-size", "legacy-javascript", "duplicated-javascript",
               "third-party-summary", "largest-contentful-paint-element", "layout-shifts", "unminified-javascript")
# Lighthouse's message for a run it could not record (NO_NAVSTART, NO_FCP under heavy load …): a retry is worth it;
# a timeout or any other failure is not retried (recorded as failed)
RETRY_HINT = "run Lighthouse again"
ROUTE_NAMES = {"map": "Karte", "profile": "Gebietsprofil"}
DEFAULT_AREA = "08301036"  # a Berlin Planungsraum (Neukölln); any other of the smallest level if it is missing
# id (as bench/targets.py LIGHTHOUSE_TARGETS), text, route, preset, value key, comparison, limit; route None: every route
# and preset (the smallest median counts)
TARGETS = [
    ("performance_desktop", "Lighthouse Leistung Desktop ≥ 90 (Karte)", "map", "desktop", "performance", ">=", 90),
    ("performance_mobile", "Lighthouse Leistung mobil ≥ 70 (Karte)", "map", "mobile", "performance", ">=", 70),
    ("tbt_mobile", "Total Blocking Time mobil ≤ 600 ms (Karte)", "map", "mobile", "tbt_ms", "<=", 600),
    ("seo_public", "Lighthouse SEO ≥ 95 (öffentlich, Karte und Gebietsprofil)", None, None, "seo", ">=", 95),
    ("js_bytes_map", "Öffentliche Karte: JS beim ersten Laden ≤ 1 MB (komprimiert übertragen, Lighthouse)", "map", "desktop",
     "js_transfer_bytes", "<=", 1_000_000),
]


# -- the site ------------------------------------------------------------------------------------------
def dataset_folder(name: str) -> tuple[Path, str]:
    """(folder, note): the requested dataset, or the demo when it is not there."""
    folder = ROOT / "data" / name
    if (folder / "dataset.toml").exists():
        return folder, ""
    return ROOT / "data" / "demo", f"data/{name} fehlt (nicht importiert): gemessen auf den Demodaten."


def profile_area(folder: Path) -> str:
    from dashboard.catalog import load_dataset
    import pandas as pd

    dataset = load_dataset(folder)
    areas = pd.read_parquet(folder / "areas.parquet", columns=["area_id", "level"])
    smallest = areas[areas["level"] == dataset.level_ids[0]]["area_id"].astype(str)
    return DEFAULT_AREA if DEFAULT_AREA in set(smallest) else sorted(smallest)[0]


class Site:
    """The public site: nginx + gunicorn (ProxyStack), gunicorn alone, or a given URL."""

    def __init__(self, folder: Path, proxy: bool, url: str | None):
        self.folder, self.proxy, self.given = folder, proxy, url
        self.stack = self.proc = None
        self.url = url or ""
        self.how = f"vorhandener Server {url}" if url else ""

    def __enter__(self) -> Site:
        if self.given:
            return self
        if self.proxy:
            from dashboard.proxy import ProxyStack
            self.stack = ProxyStack(data=self.folder).start(deadline_s=180)
            self.url, self.how = self.stack.url, "gunicorn (QM_MODE=public, 2 Worker) hinter nginx (deploy/nginx)"
        else:
            from dashboard.proxy import free_port, wait_for
            port = free_port()
            env = dict(os.environ, QM_MODE="public", QM_DATA=str(self.folder), PYTHONUNBUFFERED="1")
            self.log = tempfile.NamedTemporaryFile("w+", prefix="lighthouse-gunicorn-", suffix=".log", delete=False)
            self.proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "--workers", "2", "--threads", "4", "--bind",
                                          f"127.0.0.1:{port}", "app:server"], cwd=ROOT, env=env,
                                         stdout=self.log, stderr=subprocess.STDOUT)
            self.url, self.how = f"http://127.0.0.1:{port}", "gunicorn (QM_MODE=public, 2 Worker) ohne nginx"
            try:
                wait_for(self.url + "/healthz", 180, self.proc)
            except BaseException:
                self.__exit__()
                raise
        return self

    def __exit__(self, *exc) -> None:
        if self.stack is not None:
            self.stack.stop()
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)


# -- one Lighthouse run --------------------------------------------------------------------------------
def end_marked_processes(marker: str) -> None:
    """End the processes whose command line carries this run's marker (its Chrome, which chrome-launcher
    starts in a process group of its own, so ending Lighthouse's group does not reach it)."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if marker.encode() in cmdline:
            try:
                os.kill(int(entry.name), signal.SIGKILL)
            except OSError:
                pass


def lighthouse_command(url: str, preset: str, out: Path, marker: str) -> list[str]:
    flags = " ".join([*CHROME_FLAGS, f"--qm-lighthouse-run={marker}"])  # Chrome ignores the unknown marker flag
    command = ["node", str(LIGHTHOUSE_CLI), url, "--output=json", f"--output-path={out}", "--quiet",
               f"--chrome-flags={flags}", f"--only-categories={','.join(CATEGORIES)}", "--max-wait-for-load=60000"]
    if preset == "desktop":
        command.append("--preset=desktop")
    return command


def run_lighthouse(url: str, preset: str, timeout_s: float) -> tuple[dict | None, str]:
    """(lhr, "") or (None, why it failed). The deadline covers Chrome's start, the load and the audits."""
    marker = uuid.uuid4().hex
    with tempfile.TemporaryDirectory(prefix="qm-lighthouse-") as tmp:
        out = Path(tmp) / "lhr.json"
        proc = subprocess.Popen(lighthouse_command(url, preset, out, marker), cwd=BENCH, start_new_session=True,
                                env=dict(os.environ, CHROME_PATH=CHROME), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True)
        try:
            _stdout, stderr = proc.communicate(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate(timeout=10)
            return None, f"Zeitlimit {timeout_s:.0f} s überschritten"
        finally:
            end_marked_processes(marker)
        if proc.returncode != 0 or not out.exists():
            return None, f"Lighthouse Exit {proc.returncode}: {(stderr or '').strip()[-400:]}"
        lhr = json.loads(out.read_text(encoding="utf-8"))
    if lhr.get("runtimeError"):
        return None, f"{lhr['runtimeError'].get('code')}: {lhr['runtimeError'].get('message', '')[:300]}"
    return lhr, ""


# -- what a run yields ---------------------------------------------------------------------------------
def scripts_of(lhr: dict) -> list[dict]:
    items = lhr["audits"].get("network-requests", {}).get("details", {}).get("items", [])
    return [item for item in items if item.get("resourceType") == "Script"]


def figures(lhr: dict) -> dict[str, Any]:
    """Scores (0-100), metrics, JS transfer bytes of one run."""
    audits = lhr["audits"]
    row: dict[str, Any] = {}
    for category in CATEGORIES:
        score = lhr["categories"].get(category, {}).get("score")
        row[category] = None if score is None else round(score * 100)
    for key, audit in METRICS.items():
        value = audits.get(audit, {}).get("numericValue")
        row[key] = None if value is None else round(value, 3 if key == "cls" else 0)
    summary = audits.get("resource-summary", {}).get("details", {}).get("items", [])
    script = next((item for item in summary if item.get("resourceType") == "script"), None)
    row["js_transfer_bytes"] = script["transferSize"] if script else sum(s.get("transferSize", 0) for s in scripts_of(lhr))
    row["js_resource_bytes"] = sum(s.get("resourceSize", 0) for s in scripts_of(lhr))
    row["js_requests"] = script["requestCount"] if script else len(scripts_of(lhr))
    return row


def short_url(url: str) -> str:
    path = url.split("://", 1)[-1].split("/", 1)[-1].split("?", 1)[0]
    return "/" + path


def costs(lhr: dict, items: int = 6) -> list[dict[str, Any]]:
    """The audits of a run that cost the most, with their biggest items (scripts, work groups)."""
    found = []
    for audit_id in COST_AUDITS:
        audit = lhr["audits"].get(audit_id)
        if not audit or audit.get("scoreDisplayMode") in ("notApplicable", "manual") or audit.get("score") == 1:
            continue
        details = audit.get("details") or {}
        if audit.get("score") is None and not audit.get("displayValue") and not details.get("items"):
            continue  # informative and empty
        rows = []
        for item in details.get("items", [])[:items]:
            if not isinstance(item, dict):
                continue
            row = {}
            for key in ("url", "groupLabel", "total", "scripting", "scriptParseCompile", "duration", "totalBytes",
                        "wastedBytes", "wastedMs", "transferSize", "startTime"):
                if key in item and not isinstance(item[key], (dict, list)):
                    row[key] = short_url(item[key]) if key == "url" else item[key]
            node = item.get("node")
            if isinstance(node, dict) and node.get("selector"):  # layout shifts, the LCP element
                row["node"] = node["selector"][-120:]
                if isinstance(item.get("score"), (int, float)):
                    row["shift"] = round(item["score"], 3)
            if row:
                rows.append(row)
        found.append({"id": audit_id, "title": audit.get("title"), "display": audit.get("displayValue"),
                      "score": audit.get("score"), "numeric": audit.get("numericValue"),
                      "savings": audit.get("metricSavings") or {}, "items": rows})
    weight = lambda cost: (sum(v for v in cost["savings"].values() if isinstance(v, (int, float))), cost["numeric"] or 0)
    return sorted(found, key=weight, reverse=True)


def median_row(runs: list[dict]) -> dict[str, Any]:
    ok = [run["figures"] for run in runs if run.get("figures")]
    if not ok:
        return {}
    keys = ok[0].keys()
    return {key: statistics.median([row[key] for row in ok if row.get(key) is not None])
            if any(row.get(key) is not None for row in ok) else None for key in keys}


def median_run(runs: list[dict]) -> dict | None:
    """The run whose performance score is the median (for its cost breakdown)."""
    ok = sorted((run for run in runs if run.get("figures")), key=lambda run: run["figures"]["performance"] or 0)
    return ok[len(ok) // 2] if ok else None


# -- targets -------------------------------------------------------------------------------------------
def evaluate(results: dict[str, dict[str, dict]]) -> list[dict]:
    """The targets as verdicts {"id", "target", "value", "status", "why"}; a missing median is "nicht gemessen"."""
    targets = []
    for target_id, text, route, preset, field, op, limit in TARGETS:
        if route is None:  # every route and preset that was asked for
            cells = [(r, p, cell) for r, by_preset in results.items() for p, cell in by_preset.items()]
            values = [cell.get("median", {}).get(field) for _, _, cell in cells]
            missing = not values or any(v is None for v in values)
            value = None if missing else min(values)
            where = "kleinster Median aller Seiten und Voreinstellungen (" + ", ".join(f"{ROUTE_NAMES.get(r, r)} {p}" for r, p, _ in cells) + ")"
        else:
            value = results.get(route, {}).get(preset, {}).get("median", {}).get(field)
            where = f"Median {ROUTE_NAMES.get(route, route)} {preset}"
            missing = value is None
        if missing:
            status, why = "nicht gemessen", f"keine erfolgreiche Messung ({where})"
        else:
            met = value >= limit if op == ">=" else value <= limit
            status = "erfüllt" if met else "nicht erfüllt"
            why = f"{where}: {shown(field, value)}, Ziel {'≥' if op == '>=' else '≤'} {shown(field, limit)}"
        targets.append({"id": target_id, "target": text, "figure": field, "value": value, "status": status, "why": why})
    return targets


def git_dirty() -> bool:
    try:
        return bool(subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True,
                                   text=True, timeout=10).stdout.strip())
    except (OSError, subprocess.SubprocessError):
        return False


def chromium_version() -> str:
    try:
        return subprocess.run([CHROME, "--version"], capture_output=True, text=True, timeout=20).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Lighthouse gegen die öffentliche Seite (Karte und Gebietsprofil).")
    parser.add_argument("--runs", type=int, default=3, help="gewertete Läufe je Seite und Voreinstellung (Median)")
    parser.add_argument("--dataset", default="berlin", help="Ordner unter data/ (fehlt er: Demodaten)")
    parser.add_argument("--presets", default=",".join(PRESETS), help="desktop,mobile")
    parser.add_argument("--routes", default="map,profile", help="map,profile")
    parser.add_argument("--timeout", type=float, default=240, help="Zeitlimit je Lighthouse-Lauf in s")
    parser.add_argument("--warmup", type=int, default=1, help="nicht gewertete Läufe je Seite vorab (Caches des Servers)")
    parser.add_argument("--retries", type=int, default=1,
                        help="so oft wiederholen, wenn Lighthouse selbst „run Lighthouse again“ meldet (Zeitlimit: nie)")
    parser.add_argument("--no-proxy", action="store_true", help="gunicorn ohne nginx")
    parser.add_argument("--url", default=None, help="eine schon laufende öffentliche Seite messen (http://host:port)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)

    if not LIGHTHOUSE_CLI.exists():
        print(f"Lighthouse fehlt ({LIGHTHOUSE_CLI}): npm ci --prefix bench --no-audit --no-fund", file=sys.stderr)
        return 2
    folder, note = dataset_folder(args.dataset)
    area = profile_area(folder)
    paths = {"map": "/", "profile": f"/gebiet/{area}"}
    routes = {name: paths[name] for name in args.routes.split(",") if name in paths}
    presets = [p for p in args.presets.split(",") if p in PRESETS]
    load_start = [round(x, 2) for x in os.getloadavg()]
    started = time.monotonic()
    results: dict[str, dict[str, dict]] = {}
    with Site(folder, proxy=not args.no_proxy, url=args.url) as site:
        print(f"Lighthouse {LIGHTHOUSE_VERSION} gegen {site.url} ({site.how}), Daten {folder.name}", flush=True)
        for name, path in routes.items():
            for _ in range(args.warmup):
                _lhr, why = run_lighthouse(site.url + path, "desktop", args.timeout)
                print(f"  Aufwärmen {path}: {'ok' if not why else why}", flush=True)
            results[name] = {}
            for preset in presets:
                runs = []
                for index in range(args.runs):
                    begin = time.monotonic()
                    lhr, why = run_lighthouse(site.url + path, preset, args.timeout)
                    earlier = []
                    while lhr is None and len(earlier) < args.retries and RETRY_HINT in why:
                        earlier.append(why)  # Lighthouse's own "run again" (a trace lost under load): once more
                        lhr, why = run_lighthouse(site.url + path, preset, args.timeout)
                    run: dict[str, Any] = {"seconds": round(time.monotonic() - begin, 1), "failed_attempts": earlier}
                    if lhr is None:
                        run.update(status="fehlgeschlagen", why=why)
                    else:
                        run.update(status="ok", figures=figures(lhr), costs=costs(lhr),
                                   warnings=[str(w)[:200] for w in lhr.get("runWarnings", [])],
                                   scripts=sorted(({"url": short_url(s["url"]), "transfer": s.get("transferSize", 0),
                                                    "resource": s.get("resourceSize", 0)} for s in scripts_of(lhr)),
                                                  key=lambda s: -s["transfer"]))
                    runs.append(run)
                    shown = run.get("figures", {})
                    print(f"  {path} {preset} Lauf {index + 1}: " + (
                        f"Performance {shown.get('performance')}, TBT {shown.get('tbt_ms')} ms, LCP {shown.get('lcp_ms')} ms, "
                        f"SEO {shown.get('seo')}, JS {shown.get('js_transfer_bytes')} B" if lhr else f"fehlgeschlagen: {why}"),
                        flush=True)
                middle = median_run(runs)
                results[name][preset] = {
                    "path": path, "median": median_row(runs), "ok": sum(1 for r in runs if r["status"] == "ok"),
                    "failed": sum(1 for r in runs if r["status"] != "ok"),
                    "costs": middle["costs"] if middle else [], "scripts": middle["scripts"] if middle else [],
                    "runs": [{k: v for k, v in r.items() if k not in ("costs", "scripts")} for r in runs],
                }
    result = {
        "benchmark": "lighthouse",
        "measured_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "git": git_commit() + ("+geändert" if git_dirty() else ""),
        "machine": {"cores": os.cpu_count(), "load_average_before": load_start,
                    "load_average_after": [round(x, 2) for x in os.getloadavg()], "chromium": chromium_version(),
                    "node": subprocess.run(["node", "--version"], capture_output=True, text=True, timeout=20).stdout.strip()},
        "lighthouse": LIGHTHOUSE_VERSION, "runs": args.runs, "warmup": args.warmup, "timeout_s": args.timeout,
        "dataset": folder.name, "dataset_note": note, "site": site.how, "routes": routes,
        "command": "python bench/lighthouse.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "seconds": round(time.monotonic() - started),
        "results": results,
        "targets": evaluate(results),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(args.out)
    print(report_section(result))
    return 0


# -- the report ----------------------------------------------------------------------------------------
def _num(value: Any, decimals: int = 0) -> str:
    from dashboard.i18n import format_number
    return "–" if value is None else format_number(value, decimals)


def _ms(value: Any) -> str:
    if value is None:
        return "–"
    return f"{_num(value / 1000, 1)} s" if value >= 10_000 else f"{_num(value)} ms"


def _bytes(value: Any) -> str:
    if value is None:
        return "–"
    return f"{_num(value / 1_000_000, 2)} MB" if value >= 1_000_000 else f"{_num(value / 1000)} kB"



def shown(field: str, value: Any) -> str:
    """A figure in German format with its unit (field: a key of figures())."""
    if field.endswith("_ms"):
        return _ms(value)
    if field.endswith("_bytes"):
        return _bytes(value)
    return _num(value, 3 if field == "cls" else 0)


def report_section(result: dict) -> str:
    """German Markdown for docs/performance.md, headed "## Lighthouse"."""
    lines = ["## Lighthouse", ""]
    machine = result.get("machine", {})
    lines.append(
        f"Lighthouse {result.get('lighthouse')} (`{result.get('command', 'python bench/lighthouse.py')}`), "
        f"{result.get('site', '')}, Daten `{result.get('dataset')}`; Median aus {result.get('runs')} Läufen je Seite und "
        f"Voreinstellung (mobil: Lighthouse-Standard, simuliertes langsames 4G und 4× langsamere CPU; desktop: "
        f"`--preset=desktop`). Gemessen {result.get('measured_at', '')[:16].replace('T', ' ')} UTC, Stand "
        f"`{result.get('git')}`, {machine.get('chromium', 'Chromium')}, Systemlast vorher/nachher "
        f"{_num((machine.get('load_average_before') or [None])[0], 1)}/{_num((machine.get('load_average_after') or [None])[0], 1)}.")
    if result.get("dataset_note"):
        lines += ["", f"**{result['dataset_note']}**"]
    lines += ["", "| Seite | Voreinst. | Perf. | FCP | LCP | TBT | SI | CLS | TTI | A11y | Best Pr. | SEO | JS übertragen | Läufe ok/fehlg. |",
              "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for route, by_preset in result.get("results", {}).items():
        for preset, cell in by_preset.items():
            m = cell.get("median", {})
            lines.append(f"| {ROUTE_NAMES.get(route, route)} `{cell.get('path')}` | {preset} | {_num(m.get('performance'))} | "
                         f"{_ms(m.get('fcp_ms'))} | {_ms(m.get('lcp_ms'))} | {_ms(m.get('tbt_ms'))} | {_ms(m.get('si_ms'))} | "
                         f"{_num(m.get('cls'), 3)} | {_ms(m.get('tti_ms'))} | {_num(m.get('accessibility'))} | "
                         f"{_num(m.get('best-practices'))} | {_num(m.get('seo'))} | {_bytes(m.get('js_transfer_bytes'))} | "
                         f"{cell.get('ok', 0)}/{cell.get('failed', 0)} |")
    failed = [(route, preset, run) for route, by_preset in result.get("results", {}).items()
              for preset, cell in by_preset.items() for run in cell.get("runs", []) if run.get("status") != "ok"]
    retried = sum(len(run.get("failed_attempts") or []) for by_preset in result.get("results", {}).values()
                  for cell in by_preset.values() for run in cell.get("runs", []))
    if retried:
        lines += ["", f"{retried} Lauf/Läufe meldete(n) selbst „run Lighthouse again“ (unter Last verlorene Aufzeichnung) "
                      "und wurde(n) einmal wiederholt; die Meldungen stehen in lighthouse.json."]
    if failed:
        lines += ["", "Fehlgeschlagene Läufe (nicht im Median): " + "; ".join(
            f"{ROUTE_NAMES.get(r, r)} {p}: {run.get('why', '')[:160]}" for r, p, run in failed)]
    lines += ["", "| Ziel | Wert | Status | Begründung |", "| --- | ---: | --- | --- |"]
    targets = result.get("targets", [])
    for target in targets.values() if isinstance(targets, dict) else targets:
        field = next((t[4] for t in TARGETS if t[0] == target.get("id")), "")
        lines.append(f"| {target['target']} | {shown(field, target['value'])} | "
                     f"{target['status']} | {target['why']} |")
    mobile_map = result.get("results", {}).get("map", {}).get("mobile")
    if mobile_map and mobile_map.get("costs"):
        lines += ["", "### Was die Karte auf dem Telefon kostet", "",
                  "Aus dem mittleren mobilen Lauf der Karte (Median der Performance), die teuersten Prüfungen zuerst "
                  "(geschätzte Einsparung laut Lighthouse):", ""]
        for cost in mobile_map["costs"][:6]:
            savings = ", ".join(f"{k} {_ms(v)}" for k, v in cost.get("savings", {}).items() if v)
            lines.append(f"- **{cost['title']}** (`{cost['id']}`){': ' + cost['display'] if cost.get('display') else ''}"
                         f"{' – Einsparung ' + savings if savings else ''}")
            for item in cost.get("items", [])[:4]:
                label = item.get("url") or item.get("groupLabel") or item.get("node") or ""
                parts = []
                if "total" in item:
                    parts.append(f"gesamt {_ms(item['total'])}")
                if "scripting" in item:
                    parts.append(f"Skript {_ms(item['scripting'])}")
                if "duration" in item:
                    parts.append(_ms(item["duration"]))
                if item.get("totalBytes"):
                    parts.append(f"{_bytes(item['totalBytes'])} übertragen")
                if "wastedBytes" in item:
                    parts.append(f"vermeidbar {_bytes(item['wastedBytes'])}")
                if "shift" in item:
                    parts.append(f"Verschiebung {_num(item['shift'], 3)}")
                if "wastedMs" in item:
                    parts.append(f"Verzögerung {_ms(item['wastedMs'])}")
                if label and parts:
                    lines.append(f"  - `{label[:90]}`: {', '.join(parts)}")
        scripts = mobile_map.get("scripts", [])[:6]
        if scripts:
            lines += ["", "Größte Skripte der Karte (übertragen / entpackt): " + "; ".join(
                f"`{s['url'].rsplit('/', 1)[-1][:60]}` {_bytes(s['transfer'])} / {_bytes(s['resource'])}" for s in scripts)]
    others = [(route, preset, cell) for route, by_preset in result.get("results", {}).items()
              for preset, cell in by_preset.items() if (route, preset) != ("map", "mobile") and cell.get("costs")]
    if others:
        lines += ["", "Die teuersten Prüfungen der übrigen Messungen:", ""]
        for route, preset, cell in others:
            top = []
            for cost in cell["costs"][:4]:
                first = (cost.get("items") or [{}])[0]
                where = first.get("url") or first.get("node") or first.get("groupLabel") or ""
                top.append(f"{cost['title']}{' (' + cost['display'] + ')' if cost.get('display') else ''}"
                           f"{', vor allem `' + where.rsplit('/', 1)[-1][:70] + '`' if where else ''}")
            lines.append(f"- {ROUTE_NAMES.get(route, route)} {preset}: " + "; ".join(top))
    lines += ["", "Neu messen (ruhige Maschine): `npm ci --prefix bench --no-audit --no-fund && "
                  ".venv/bin/python bench/lighthouse.py --runs 5`."]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
