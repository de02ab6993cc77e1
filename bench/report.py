"""Render docs/performance.md from every results file in bench/results/ (issues 7, 16).

Opens with "Ziele (Issue 16)": every target of issue 16 across browser.json, lighthouse.json and
scaleout.json with its status - "erfüllt", "nicht erfüllt" or "nicht gemessen" (with the reason;
a file that is missing makes its targets "nicht gemessen", never met) - and, next to an unmet time
target, where the time went. Then one section per file: browser.json (bench/browser.py),
lighthouse.json and scaleout.json (rendered by report_section() of bench/lighthouse.py and
bench/scaleout.py, imported only when their file exists), burden_scenario.json, load.json,
soak.json, attacks.json; a missing or unreadable file gets a short note instead of its section.
The page is generated: edit this script, not the page.

    python bench/report.py [--out docs/performance.md]
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
for _path in (ROOT, ROOT / "bench"):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from dashboard.i18n import format_number  # noqa: E402
from targets import BROWSER_TARGETS, LIGHTHOUSE_TARGETS, MET, NOT_MEASURED, SCALEOUT_TARGETS, browser_verdicts, missing, with_milestones  # noqa: E402

RESULTS = ROOT / "bench" / "results"
OUT = ROOT / "docs" / "performance.md"


def number(value: float, decimals: int = 0) -> str:
    """German number format: 1.234,5 (Babel, as in the app)."""
    return format_number(value, decimals)


def amount(value: Any, unit: str) -> str:
    if value is None:
        return "–"
    if isinstance(value, str):
        return value
    if unit == "B":
        if value >= 1_000_000:
            return f"{number(value / 1_000_000, 2)} MB"
        if value >= 1_000:
            return f"{number(value / 1_000, 1)} kB"
        return f"{number(value)} B"
    if unit == "ms" and value >= 10_000:
        return f"{number(value / 1000, 1)} s"
    return f"{number(value, 0 if value >= 100 else 1)} ms"


def table(header: list[str], rows: list[list[str]], align: str | None = None) -> list[str]:
    align = align or "l" + "r" * (len(header) - 1)
    rule = ["---:" if a == "r" else "---" for a in align]
    out = ["| " + " | ".join(header) + " |", "| " + " | ".join(rule) + " |"]
    out += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return out


def machine_text(machine: dict[str, Any]) -> str:
    parts = []
    if machine.get("cpu"):
        parts.append(machine["cpu"])
    if machine.get("cores") or machine.get("cpu_count"):
        parts.append(f"{machine.get('cores') or machine.get('cpu_count')} Kerne")
    if machine.get("ram_gib"):
        parts.append(f"{number(machine['ram_gib'], 1)} GiB RAM")
    if machine.get("chromium"):
        parts.append(f"Chromium {machine['chromium']} headless, ohne GPU")
    if machine.get("python"):
        parts.append(f"Python {machine['python']}")
    if machine.get("platform"):
        parts.append(machine["platform"])
    text = ", ".join(parts)
    if machine.get("load_average_start"):
        start, end = machine["load_average_start"], machine.get("load_average_end")
        text += f"; Systemlast (load average 1 min) zu Beginn {number(start[0], 1)}" + (f", am Ende {number(end[0], 1)}" if end else "")
    if machine.get("git_commit"):
        text += f"; Stand `{machine['git_commit']}`"
    return text


# -- sections -----------------------------------------------------------------------------------------
def browser_section(data: dict[str, Any]) -> list[str]:
    lines = [
        f"Gemessen am {data['date'][:10]} mit `python bench/browser.py --runs {data.get('runs')}`: Median aus "
        f"{data.get('runs')} Läufen je Kennzahl (vorher {data.get('warmup', 0)} nicht gewertete Interaktion je Art).",
        "",
        f"Rechner: {machine_text(data.get('machine', {}))}.",
        "",
        "Beide Anwendungen laufen unter gunicorn (2 Worker, 4 Threads) auf 127.0.0.1 im internen Modus; "
        f"Browserfenster {data.get('viewport', {}).get('width')}×{data.get('viewport', {}).get('height')} px. "
        "Gemessen wird im Browser selbst (`performance.now()`):",
        "",
        "- **Erste Karte**: vom Navigationsstart, bis die Karte die richtigen Farben zeigt und der Browser sie gezeichnet hat; "
        "kalt = neuer Browserkontext mit leerem Cache, warm = Neuladen im selben Kontext.",
        "- **Umfärben**: vom Eingabeereignis (Klick auf die Option im Indikator-Menü, Taste am Jahresregler, Klick auf die Ebene) "
        "bis die neuen Farben gezeichnet sind. " + ("Indikator- und Jahreswechsel führen jedes Mal zu einem Zustand, den die Seite noch nicht "
        "gezeigt hat (der nächste Indikator mit denselben Jahren, das Jahr davor): keine Antwort kommt aus einem Zwischenspeicher eines "
        "früheren Wechsels. " if data.get("recolour_states") == "new" else "Hin und her zwischen zwei Indikatoren bzw. dem ersten und "
        "letzten Jahr. ") + "Beim Ebenenwechsel (hin und her) kommt die Geometrie der anderen Ebene dazu (ab dem zweiten Mal aus dem Browser-Cache).",
        "- **Gebietsprofil**: `/gebiet/<id>` (jedes Mal ein anderes Gebiet), bis Übersichtskarte und Kennzahlentabelle stehen.",
        "- **Szenario Mehrfachbelastung**: ein Indikator der offiziellen Regel aus- bzw. wieder eingeschaltet, bis die Karte umgefärbt ist; "
        "Serverzeit (TTFB) = vom Absenden der Callback-Anfrage bis zu den Kopfzeilen der Antwort.",
        "- **Zwischenzeiten**: beim Umfärben die erste gesendete Callback-Anfrage und die letzte Antwort ab dem Eingabeereignis; "
        "bei der ersten Karte Zeitpunkte ab Navigationsstart (Resource Timing): HTML, Skripte, DOMContentLoaded, Dash-Layout, "
        "erste Callback-Antwort (die Seite), Geometrie.",
        "- **Bytes**: über die Leitung übertragene Antwortbytes (komprimiert, mit Headern) aller Anfragen der Interaktion; "
        "„davon Geometrie“ = `/geo/…` oder Callback-Antworten mit Koordinaten.",
        "",
        "„Richtige Farben“: die erwartete Farbe jedes Gebiets kommt aus der Datenschicht des Servers "
        "(`Monitor.map_bundle(...).hideout`). Erkannt wird sie über `window.qm.map.painted` (Schlüssel Indikator|Jahr|Ebene und Zahl der "
        "Gebiete) oder, wo es den Hook nicht gibt, über die SVG-Füllungen; wo SVG-Pfade existieren, wird der Hook jedes Mal gegen sie geprüft. "
        "Ab 3.000 Gebieten zeichnet die Karte auf Canvas (keine SVG-Pfade): dort zählt der Hook allein.",
        "",
        baseline_text(data.get("baseline_figure", "map")),
        "",
        "**Keine Messung ohne Frist**: jede Wartezeit endet im Browser durch einen Zeitgeber der Messsonde und in Python durch "
        "eine Frist je Lauf, je Interaktionsserie und je Datensatz; ist sie überschritten, wird der Browser beendet und neu "
        "gestartet, der Lauf als „abgebrochen“ vermerkt (Spalte „Abbrüche“, nicht im Median) und die Messung geht weiter.",
    ]
    by_figure: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for v in browser_targets(data):
        by_figure.setdefault((v["dataset"], v["figure"]), []).append(v)
    for name, ds in data.get("datasets", {}).items():
        checks = ds.get("checks", {})
        lines += ["", f"### {ds.get('title', name)} – {number(ds.get('areas', 0))} Gebiete", ""]
        if ds.get("aborted"):
            stop = ds["aborted"]
            lines += [f"**{stop.get('status', 'abgebrochen')}** nach {number(stop.get('after_s') or 0)} s: {stop.get('why', '')}", ""]
        level_areas = ds.get("level_areas", {})
        lines.append(f"Indikatoren {', '.join(ds.get('indicators', []))}, Jahre {'–'.join(str(y) for y in ds.get('years', []))}, "
                     f"Ebenen {', '.join(f'{lv} ({number(n)})' for lv, n in level_areas.items())}; gemessen {ds.get('date', '')[:10]}, "
                     f"{ds.get('runs')} Läufe; Baseline "
                     f"{'`px.choropleth` (SVG)' if ds.get('baseline_figure') == 'geo' else '`px.choropleth_map` (MapLibre/WebGL)'}; Erkennung: "
                     f"{'Paint-Hook' if checks.get('predicate') == 'hook' else 'SVG-Füllungen'}"
                     + svg_note(checks) + ".")
        for key, who in (("first_paint_cold_milestones_median", "Produkt"), ("baseline_first_paint_cold_milestones_median", "Baseline")):
            if checks.get(key):
                lines += ["", f"Erste Karte kalt, {who} – Zwischenzeiten ab Navigationsstart (Median): " + milestones_text(
                    checks[key], ds.get("figures", {}).get("first_paint_cold_ms", {}).get("median" if who == "Produkt" else "baseline_median")) + "."]
        if checks.get("public_first_paint_scripts"):
            scripts = checks["public_first_paint_scripts"]
            lines += ["", f"Öffentliche Karte (`QM_MODE=public`), kalt: {number(len(scripts))} Skripte bis zur ersten Karte und Netzruhe, "
                      "komprimiert übertragen (DevTools, letzter Lauf): " + ", ".join(
                          f"`{path.split('?')[0].rsplit('/', 1)[-1]}` {amount(size, 'B')}" for path, size in scripts[:8])
                      + (f" und {number(len(scripts) - 8)} weitere" if len(scripts) > 8 else "") + "."]
        for kind, label in (("indicator", "Indikatorwechsel"), ("year", "Jahreswechsel"), ("level", "Ebenenwechsel")):
            for prefix, who in (("", "Produkt"), ("baseline_", "Baseline")):
                steps = checks.get(f"{prefix}recolour_{kind}_milestones_median")
                if steps:
                    lines += ["", f"{label}, {who} – ab dem Eingabeereignis (Median): " + " · ".join(
                        f"{text} {amount(steps[key], 'ms')}" for key, text in RECOLOUR_STEPS if steps.get(key) is not None) + "."]
        lines.append("")
        rows = []
        for key, entry in ds.get("figures", {}).items():
            unit = entry.get("unit", "ms")
            product = entry.get("note") if entry.get("median") is None else amount(entry["median"], unit)
            baseline = amount(entry.get("baseline_median"), unit) if "baseline_median" in entry else ""
            ratio = number(entry["ratio"], 2) if entry.get("ratio") is not None else ""
            goals = [f"{v['target']}: **{v['status']}**" for v in by_figure.get((name, key), [])]
            runs = ", ".join(amount(v, unit).replace(" ms", "").replace(" kB", "") for v in entry.get("runs", [])) if unit == "ms" else ""
            stops = len(entry.get("aborted", [])) + len(entry.get("baseline_aborted", []))
            rows.append([entry.get("label", key), product or "–", baseline, ratio, "; ".join(goals), runs, number(stops) if stops else ""])
        lines += table(["Kennzahl", "Produkt (Median)", "Baseline (Median)", "P/B", "Ziel (Issue 16)", "Läufe Produkt", "Abbrüche"],
                       rows, "lrrrllr")
        stopped = [(who, entry.get("label", key), stop) for key, entry in ds.get("figures", {}).items()
                   for who, field in (("Produkt", "aborted"), ("Baseline", "baseline_aborted")) for stop in entry.get(field, [])]
        if stopped:
            lines += ["", "Abgebrochene oder ohne Ergebnis beendete Läufe (nicht im Median):", ""]
            lines += [f"- {who}, {label}: {stop.get('status')}" + (f" nach {number(stop['after_s'])} s" if stop.get("after_s") is not None else "")
                      + f" – {stop.get('why', '')}" for who, label, stop in stopped]
    return lines


def baseline_text(figure: str) -> str:
    common = ("**Baseline** (`bench/baseline_app.py`): eine Dash-App wie im Tutorial – ein `dcc.Graph` und ein Callback, der bei "
              "jeder Änderung die ganze Figur samt Geometrie neu baut; ebenfalls unter gunicorn mit Kompression. ")
    if figure == "geo":
        return common + ("Die Figur ist `px.choropleth` mit GeoJSON (SVG, wie im Plotly-Tutorial „Choropleth maps“). Fertig ist sie, "
                         "wenn plotly die Figur mit dem neuen Zustand gezeichnet hat (`plotly_afterplot`, Gebietspfade im SVG) und "
                         "der Browser das Bild gemalt hat. Dass die Baseline zuvor manchmal gar nicht zeichnete, lag vor allem an "
                         "einem Startwettlauf in Dash: Die JavaScript-Bündel werden erst bei der ersten Anfrage eines Workers "
                         "registriert, parallele Bündelanfragen eines kalten Ladens bekamen HTTP 500 und die Seite blieb leer; die "
                         "Baseline richtet den Server jetzt wie das Produkt beim Start ein (`app._setup_server()`). "
                         "Bis Issue 16 war die Figur `px.choropleth_map` (MapLibre/WebGL): ohne GPU lief "
                         "WebGL über SwiftShader auf der CPU, und ob MapLibre fertig gezeichnet hatte, ließ sich nur aus seiner eigenen "
                         "Buchführung lesen (`map.loaded()`, nach dem Laden meist wieder falsch) – einzelne Läufe warteten bis ins "
                         "Zeitlimit. Einzelheiten: Docstring von `bench/baseline_app.py`. P/B = Produkt geteilt durch Baseline (kleiner ist besser).")
    return common + ("Die Figur ist `px.choropleth_map` (MapLibre/WebGL, ohne Kacheln, ohne GPU über SwiftShader). Fertig ist sie, wenn "
                     "die Figur den neuen Zustand trägt und MapLibre ein Bild mit vollständig geladenen Daten gezeichnet hat. "
                     "P/B = Produkt geteilt durch Baseline (kleiner ist besser).")


def browser_targets(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The issue-16 verdicts of browser.json, judged from its figures by the current bench/targets.py (the same
    function bench/browser.py used for the "targets" it wrote), so an older file is judged by today's rules."""
    return with_milestones(browser_verdicts(data.get("datasets", {})), data.get("datasets", {}))


def collect_targets(result: Any) -> list[dict[str, Any]]:
    """Per-target entries of another benchmark's result (contract in team.md): result["targets"] as a list
    or a dict of {"target", "value", "status", "why"}."""
    found = result.get("targets") if isinstance(result, dict) else None
    items = [dict(v, id=v.get("id", k)) if isinstance(v, dict) else v for k, v in found.items()] if isinstance(found, dict) else list(found or [])
    return [t for t in items if isinstance(t, dict) and "target" in t and "status" in t]


def goal_value(v: dict[str, Any]) -> str:
    value = v.get("value")
    if value is None:
        return "–"
    figure = v.get("figure", "")
    if figure.endswith("_bytes") and "vs_baseline" not in v.get("id", ""):
        return amount(value, "B")
    if figure.endswith("_ms") and "vs_baseline" not in v.get("id", ""):
        return amount(value, "ms")
    if "vs_baseline" in v.get("id", ""):
        return f"{number(value, 2)}×"
    target_id = str(v.get("id", ""))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if target_id.startswith("tbt") or target_id.endswith("_ms"):
            return amount(value, "ms")
        if "bytes" in target_id:
            return amount(value, "B")
        if target_id.startswith(("performance", "seo")):
            return number(value, 0)
    return scalar(value)


def goal_breakdown(v: dict[str, Any]) -> str:
    """Where the time went, next to a time target that is not met (medians, ms)."""
    parts = []
    for who, key in (("Produkt", "milestones"), ("Baseline", "baseline_milestones")):
        steps = v.get(key)
        if not steps:
            continue
        if v.get("figure", "").startswith("first_paint"):
            text = " · ".join(f"{label} {amount(steps[k], 'ms')}" for k, label in MILESTONES if steps.get(k) is not None)
        else:
            text = " · ".join(f"{label} {amount(steps[k], 'ms')}" for k, label in RECOLOUR_STEPS if steps.get(k) is not None)
        if text:
            parts.append(f"{who}: {text}")
    return "; ".join(parts)


def throughput_row(data: dict[str, Any]) -> dict[str, Any]:
    """Throughput one against two hosts: reported, not judged (issue 16 asks for the figures)."""
    phases = data.get("phases") or {}
    one, two = (phases.get("one_host") or {}).get("requests_per_s"), (phases.get("two_hosts") or {}).get("requests_per_s")
    if not one or not two:
        return {"target": "Durchsatz ein gegen zwei Hosts (berichtet)", "value": None, "status": NOT_MEASURED,
                "why": "Durchsatz ein/zwei Hosts fehlt in bench/results/scaleout.json"}
    return {"target": "Durchsatz ein gegen zwei Hosts (berichtet)", "value": round(two / one, 2), "status": "berichtet",
            "why": f"{number(one, 1)} → {number(two, 1)} Anfragen/s ({number(two / one, 2)}×)"}


def goals_section(results: Path) -> list[str]:
    """The leading summary: every issue-16 target with its status, across the three benchmarks."""
    rows: list[list[str]] = []
    sources = [("browser.json", "Browser", None, "python bench/browser.py"),
               ("lighthouse.json", "Lighthouse", LIGHTHOUSE_TARGETS, "python bench/lighthouse.py"),
               ("scaleout.json", "Zwei App-Hosts", SCALEOUT_TARGETS, "python bench/scaleout.py")]
    for filename, area, expected, command in sources:
        path = results / filename
        data = None
        if path.exists():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except ValueError as exc:
                why = f"bench/results/{filename} unlesbar ({exc})"
        else:
            why = f"bench/results/{filename} fehlt (`{command}`)"
        if data is None:
            if expected is None:
                expected = [(t[1], t[6]) for t in BROWSER_TARGETS]
            verdicts = missing(expected, why)
        elif filename == "browser.json":
            verdicts = browser_targets(data)
        else:
            verdicts = collect_targets(data) or missing(expected, f"bench/results/{filename} enthält keine Ziele")
            if isinstance(data.get("targets"), dict):  # keyed by target id: the ones it lacks are not measured
                verdicts += missing([(i, text) for i, text in expected if i not in data["targets"]], f"fehlt in bench/results/{filename}")
            if filename == "scaleout.json" and not any("Durchsatz" in v.get("target", "") for v in verdicts):
                verdicts.append(throughput_row(data))
        for v in verdicts:
            status = v.get("status", NOT_MEASURED)
            shown = status if status in (MET, "berichtet") else f"**{status}**"
            why_text = v.get("why") or ""
            breakdown = goal_breakdown(v) if status != MET else ""
            when = (v.get("measured_at") or (data or {}).get("measured_at") or (data or {}).get("date") or "")[:10]
            rows.append([area, v.get("target", v.get("id", "?")), goal_value(v), shown,
                         "; ".join(x for x in (why_text, breakdown) if x), when])
    lines = ["Jedes Ziel aus Issue 16 mit seinem Stand: **erfüllt**, **nicht erfüllt** oder **nicht gemessen** (mit Grund). "
             "Ein Vergleich mit der Baseline, dem eine der beiden Messungen fehlt, ist „nicht gemessen“, nie „erfüllt“. "
             "Neben jedem nicht erfüllten Zeitziel stehen die Zwischenzeiten (Mediane).", ""]
    lines += table(["Bereich", "Ziel", "gemessen", "Status", "Begründung / Zwischenzeiten", "Messung vom"], rows, "llrlll")
    counts = {status: sum(1 for r in rows if r[3].strip("*") == status) for status in (MET, "nicht erfüllt", NOT_MEASURED, "berichtet")}
    lines += ["", f"{counts[MET]} erfüllt, {counts['nicht erfüllt']} nicht erfüllt, {counts[NOT_MEASURED]} nicht gemessen"
              + (f", {counts['berichtet']} nur berichtet" if counts["berichtet"] else "") + "."]
    return lines


def external_section(filename: str, module: str) -> Callable[[dict[str, Any]], list[str]]:
    """A section rendered by another benchmark's own report_section(result) -> str (its "## ..." heading dropped:
    render() writes the heading). The module is imported only when its results file exists."""
    def render_section(data: dict[str, Any]) -> list[str]:
        path = ROOT / "bench" / f"{module}.py"
        spec = importlib.util.spec_from_file_location(f"bench_{module}", path)
        if spec is None or spec.loader is None or not path.exists():
            return [f"`bench/{module}.py` fehlt: `bench/results/{filename}` kann nicht dargestellt werden."]
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        text = mod.report_section(data).strip().splitlines()
        if text and text[0].startswith("## "):
            text = text[1:]
        while text and not text[0].strip():
            text = text[1:]
        return text
    return render_section


MILESTONES = (("html", "HTML"), ("scripts", "Skripte geladen"), ("dom_content_loaded", "DOMContentLoaded"),
              ("dash_layout", "Dash-Layout"), ("first_callback", "erste Callback-Antwort"), ("geometry", "Geometrie geladen"))


RECOLOUR_STEPS = (("request_sent", "Anfrage gesendet"), ("last_response", "letzte Antwort"), ("painted", "gezeichnet"))


def milestones_text(milestones: dict[str, Any], painted: Any) -> str:
    parts = [f"{label} {amount(milestones[key], 'ms')}" for key, label in MILESTONES if milestones.get(key) is not None]
    if isinstance(painted, (int, float)):
        parts.append(f"Karte gezeichnet {amount(painted, 'ms')}")
    return " · ".join(parts)


def svg_note(checks: dict[str, Any]) -> str:
    svg = checks.get("svg_check") or {}
    if not svg:
        return ""
    if any(v is False for v in svg.values()):
        bad = [k for k, v in svg.items() if v is False]
        return f", SVG-Prüfung **widerspricht** dem Hook bei {', '.join(bad)}"
    if all(v is True for v in svg.values()):
        return ", SVG-Füllungen bei jeder Messung geprüft"
    if all(v == "keine SVG-Pfade" for v in svg.values()):
        return ", Canvas (keine SVG-Pfade zum Gegenprüfen)"
    return ", SVG-Füllungen geprüft, wo es Pfade gibt"


def burden_section(data: dict[str, Any]) -> list[str]:
    lines = [f"Gemessen am {data.get('date', '?')} mit `python bench/burden_scenario.py` (ohne Browser, im Prozess). "
             f"Rechner: {machine_text(data.get('machine', {}))}.", "",
             "Szenario = Neuberechnung nach einer Änderung der Regel in einem warmen Worker (Rohwerte im Speicher); "
             "kalt = dieselbe Berechnung mit frischem Monitor (alle Werte neu aus DuckDB).", ""]
    rows = [[r.get("dataset", "?"), number(r.get("areas", 0)), str(r.get("year", "")), amount(r.get("scenario_median_ms"), "ms"),
             amount(r.get("baseline_cold_median_ms"), "ms"), f"< {number(r.get('target_ms', 0))} ms",
             "ja" if r.get("meets_target") else "**nein**"] for r in data.get("results", [])]
    return lines + table(["Datensatz", "Gebiete", "Jahr", "Szenario (Median)", "kalt (Median)", "Ziel", "erfüllt"], rows)


def load_section(data: dict[str, Any]) -> list[str]:
    lines = [f"Gemessen am {data.get('date', '?')} mit `python bench/load.py`: Datensatz {data.get('dataset')}, Modus {data.get('mode')}, "
             f"{data.get('users')} virtuelle Nutzer (Anlauf {number(data.get('ramp_s', 0))} s, halten {number(data.get('hold_s', 0))} s), "
             f"gunicorn mit {data.get('gunicorn_workers')} Workern. Rechner: {machine_text(data.get('machine', {}))}.", ""]
    rows = []
    kinds = {"overall": data.get("overall", {}), **data.get("per_kind", {})}
    if data.get("at_20_users"):
        kinds["bei 20 Nutzern"] = data["at_20_users"]
    for kind, r in kinds.items():
        rows.append([{"overall": "gesamt"}.get(kind, kind), number(r.get("requests", 0)), number(r.get("errors", 0)),
                     amount(r.get("p50_ms"), "ms"), amount(r.get("p95_ms"), "ms"), amount(r.get("p99_ms"), "ms")])
    lines += table(["Anfrageart", "Anfragen", "Fehler", "p50", "p95", "p99"], rows)
    extra = []
    if data.get("requests_per_s") is not None:
        extra.append(f"Durchsatz {number(data['requests_per_s'], 1)} Anfragen/s")
    if data.get("target_p95_ms_at_20_users") is not None and data.get("at_20_users"):
        p95 = data["at_20_users"].get("p95_ms")
        met = p95 is not None and p95 <= data["target_p95_ms_at_20_users"]
        extra.append(f"Ziel p95 ≤ {number(data['target_p95_ms_at_20_users'])} ms bei 20 Nutzern: {'erfüllt' if met else '**nicht erfüllt**'}")
    if data.get("rss_growth_percent") is not None:
        extra.append(f"Speicher der Worker (RSS) wuchs um {number(data['rss_growth_percent'], 1)} %")
    return lines + ([""] + [f"- {e}" for e in extra] if extra else [])


def attacks_section(data: dict[str, Any]) -> list[str]:
    base, under = data.get("baseline", {}), data.get("under_attack", {})
    lines = [f"Gemessen am {data.get('date', '?')} mit `python bench/attacks.py`: Datensatz {data.get('dataset')} "
             f"({number(data.get('areas', 0))} Gebiete), Modus {data.get('mode')}, nginx vor gunicorn mit "
             f"{data.get('gunicorn_workers')} Workern × {data.get('gunicorn_threads')} Threads, alles auf einem Rechner "
             f"(Rechner: {machine_text(data.get('machine', {}))}). nginx-Grenzen: {data.get('nginx_limits')}. "
             f"Drei normale Nutzer (Absender 127.0.1.1–3) rufen je Runde die Karte (HTML), den Karten-Callback, das "
             f"Einfärben und /healthz ab (Denkpause ≈ 1 s), je {number(data.get('seconds_per_phase', 0))} s allein und "
             f"während ein Angreifer (127.0.0.2, eigener Prozess) ständig 20 teure Anfragen offen hält: Vergleiche von "
             f"5 zufälligen Gebieten und Gebietsprofile mit zufälligem Zusatzparameter (`?zz=…`).", ""]
    rows = []
    for label, r in (("allein (Basis)", base), ("unter Angriff", under)):
        rows.append([label, number(r.get("requests", 0)), number(r.get("errors", 0)), amount(r.get("p50_ms"), "ms"),
                     amount(r.get("p95_ms"), "ms"), amount(r.get("max_ms"), "ms")])
    lines += table(["normale Nutzer", "Anfragen", "Fehler", "p50", "p95", "max"], rows)
    kinds = sorted(set(base.get("per_kind", {})) | set(under.get("per_kind", {})))
    if kinds:
        lines += ["", *table(["Anfrageart", "p95 allein", "p95 unter Angriff"],
                             [[k, amount(base.get("per_kind", {}).get(k, {}).get("p95_ms"), "ms"),
                               amount(under.get("per_kind", {}).get(k, {}).get("p95_ms"), "ms")] for k in kinds])]
    extra = []
    if data.get("p95_ratio") is not None:
        met = data.get("meets_target")
        extra.append(f"p95 unter Angriff / p95 allein = {number(data['p95_ratio'], 1)}; Ziel p95 ≤ "
                     f"{number(data.get('target_p95_ms', 300))} ms ohne Fehler: {'erfüllt' if met else '**nicht erfüllt**'}")
    attacker = data.get("attacker") or {}
    if attacker:
        statuses = ", ".join(f"{number(n)}× {s}" for s, n in sorted(attacker.get("statuses", {}).items()))
        extra.append(f"Angreifer: {number(attacker.get('requests', 0))} Anfragen ({statuses}); 429 = von nginx begrenzt")
    slow = data.get("slow_headers_proxy") or {}
    if slow:
        closed = slow.get("closed_by_server_after_s")
        extra.append(f"{slow.get('sockets')} Verbindungen mit langsam tröpfelnder Kopfzeile über nginx: {slow.get('probes')} "
                     f"Gesundheitsproben, {slow.get('failed')} fehlgeschlagen, p95 {amount(slow.get('p95_ms'), 'ms')}, "
                     f"max {amount(slow.get('max_ms'), 'ms')}; nginx schloss alle langsamen Verbindungen "
                     + (f"{number(closed, 1)} s nach dem Öffnen" if closed is not None else "**nicht** innerhalb von 30 s"))
    direct = data.get("slow_headers_gunicorn_direct") or {}
    if direct:
        extra.append(f"zum Vergleich gunicorn ohne nginx, {direct.get('sockets')} solche Verbindungen: {direct.get('failed')} von "
                     f"{direct.get('probes')} Gesundheitsproben ohne Antwort binnen {number(direct.get('timeout_s', 0))} s")
    body = data.get("oversized_body") or {}
    if body:
        extra.append(f"{number(body.get('body_mb', 0))}-MB-Körper an /_dash-update-component: über nginx HTTP "
                     f"{body.get('proxy', {}).get('status')}, direkt an gunicorn HTTP {body.get('gunicorn_direct', {}).get('status')} "
                     f"(vor dem Lesen des Körpers); RSS der Worker {number(body.get('worker_rss_kib_before', 0) / 1024, 1)} → "
                     f"{number(body.get('worker_rss_kib_after', 0) / 1024, 1)} MiB ({'+' if body.get('worker_rss_growth_kib', 0) >= 0 else ''}"
                     f"{number(body.get('worker_rss_growth_kib', 0))} KiB)")
    return lines + ([""] + [f"- {e}" for e in extra] if extra else [])


def generic_section(data: dict[str, Any]) -> list[str]:
    """Any results file: its scalar fields, then one table per group of named sub-results."""
    lines = []
    if data.get("date"):
        lines.append(f"Gemessen am {data['date']}." + (f" Rechner: {machine_text(data['machine'])}." if isinstance(data.get("machine"), dict) else ""))
        lines.append("")
    scalars = [[key, scalar(value)] for key, value in data.items()
               if key not in ("benchmark", "date", "machine") and not isinstance(value, (dict, list))]
    if scalars:
        lines += table(["Feld", "Wert"], scalars, "ll") + [""]
    for key, value in data.items():
        if key == "machine":
            continue
        if isinstance(value, dict) and value and all(isinstance(v, dict) for v in value.values()):
            columns = sorted({c for v in value.values() for c in v if not isinstance(v[c], (dict, list))})
            lines += [f"**{key}**", ""] + table([key, *columns], [[k, *(scalar(v.get(c)) for c in columns)] for k, v in value.items()]) + [""]
        elif isinstance(value, dict) and value:
            lines += [f"**{key}**", ""] + table(["Feld", "Wert"], [[k, scalar(v)] for k, v in value.items()], "ll") + [""]
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            columns = sorted({c for v in value for c in v if not isinstance(v[c], (dict, list))})
            lines += [f"**{key}**", ""] + table(columns, [[scalar(v.get(c)) for c in columns] for v in value]) + [""]
    return lines


def scalar(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, float):
        return number(value, 2)
    if isinstance(value, int):
        return number(value)
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)[:120]
    return str(value)


SECTIONS: list[tuple[str, str, Callable[[dict[str, Any]], list[str]], str]] = [
    ("browser.json", "Browser", browser_section, "python bench/browser.py"),
    ("lighthouse.json", "Lighthouse", external_section("lighthouse.json", "lighthouse"), "python bench/lighthouse.py"),
    ("scaleout.json", "Zwei App-Hosts", external_section("scaleout.json", "scaleout"), "python bench/scaleout.py"),
    ("burden_scenario.json", "Mehrfachbelastung: Szenario-Neuberechnung auf dem Server", burden_section, "python bench/burden_scenario.py"),
    ("load.json", "Last: öffentlicher Betrieb unter vielen Nutzern", load_section, "python bench/load.py"),
    ("demo_build.json", "Aufbau des Demo-Datensatzes", generic_section, "python bench/demo_build.py"),
    ("soak.json", "Dauerlauf (soak)", generic_section, "python bench/soak.py"),
    ("attacks.json", "Angriffe auf die öffentliche Seite (nginx vor gunicorn)", attacks_section, "python bench/attacks.py"),
]


def render(results: Path = RESULTS) -> str:
    lines = [
        "# Leistung",
        "",
        "Diese Seite erzeugt `bench/report.py` aus den Messergebnissen in `bench/results/*.json`; bitte nicht von Hand "
        "bearbeiten. Neu messen und erzeugen: `make bench` (auf einem sonst unbelasteten Rechner – die Zahlen hängen "
        "stark von der Last ab).",
        "",
        "## Ziele (Issue 16)",
        "",
        *goals_section(results),
    ]
    for filename, title, render_section, command in SECTIONS:
        lines += ["", f"## {title}", ""]
        path = results / filename
        if not path.exists():
            lines.append(f"Noch nicht gemessen: `bench/results/{filename}` fehlt (`{command}`).")
            continue
        try:
            lines += render_section(json.loads(path.read_text(encoding="utf-8")))
        except Exception as exc:  # noqa: BLE001 - one broken file must not hide the others
            lines.append(f"`bench/results/{filename}` konnte nicht dargestellt werden ({type(exc).__name__}: {exc}).")
    others = sorted(p.name for p in results.glob("*.json") if p.name not in {s[0] for s in SECTIONS})
    for filename in others:
        lines += ["", f"## {filename.removesuffix('.json')}", ""]
        try:
            lines += generic_section(json.loads((results / filename).read_text(encoding="utf-8")))
        except Exception as exc:  # noqa: BLE001
            lines.append(f"`bench/results/{filename}` konnte nicht dargestellt werden ({type(exc).__name__}: {exc}).")
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="docs/performance.md aus bench/results/*.json erzeugen")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(render(), encoding="utf-8")
    print(f"geschrieben: {args.out}")


if __name__ == "__main__":
    main()
