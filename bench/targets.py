"""Issue-16 targets and their verdicts: pure functions shared by bench/browser.py and bench/report.py.

A verdict is {"target", "value", "status", "why"} with status "erfüllt" | "nicht erfüllt" |
"nicht gemessen". A target whose own measurement or, for a comparison, whose baseline measurement
is missing is "nicht gemessen" (with the reason) - never "erfüllt": a product that painted while
the baseline did not is no evidence of a ratio.
"""
from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

MET, NOT_MET, NOT_MEASURED = "erfüllt", "nicht erfüllt", "nicht gemessen"

# (dataset, id, figure, kind, op, limit, text); kind: "value" (the product's median), "ratio"
# (product median / baseline median, smaller is better) or "speedup" (baseline median / product median).
BROWSER_TARGETS: list[tuple[str, str, str, str, str, float, str]] = [
    ("berlin", "first_paint_cold", "first_paint_cold_ms", "value", "<=", 1000, "Erste Karte kalt ≤ 1,0 s"),
    ("berlin", "first_paint_cold_vs_baseline", "first_paint_cold_ms", "ratio", "<=", 0.5, "Erste Karte kalt ≤ 0,5× Baseline"),
    ("berlin", "first_paint_warm", "first_paint_warm_ms", "value", "<=", 500, "Erste Karte warm ≤ 0,5 s"),
    ("berlin", "recolour_indicator", "recolour_indicator_ms", "value", "<=", 60, "Indikatorwechsel ≤ 60 ms"),
    ("berlin", "recolour_indicator_vs_baseline", "recolour_indicator_ms", "speedup", ">=", 10,
     "Indikatorwechsel ≥ 10× schneller als Baseline"),
    ("berlin", "recolour_year", "recolour_year_ms", "value", "<=", 60, "Jahreswechsel ≤ 60 ms"),
    ("berlin", "recolour_year_vs_baseline", "recolour_year_ms", "speedup", ">=", 10, "Jahreswechsel ≥ 10× schneller als Baseline"),
    ("berlin", "public_js_bytes", "public_first_paint_js_bytes", "value", "<=", 1_000_000,
     "Öffentliche Karte: JS erste Karte ≤ 1 MB (komprimiert)"),
    ("50000", "first_paint_cold_50000", "first_paint_cold_ms", "value", "<=", 3000, "50.000 Gebiete: erste Karte ≤ 3 s"),
    ("50000", "recolour_indicator_50000", "recolour_indicator_ms", "value", "<=", 300, "50.000 Gebiete: Indikatorwechsel ≤ 300 ms"),
    ("50000", "recolour_year_50000", "recolour_year_ms", "value", "<=", 300, "50.000 Gebiete: Jahreswechsel ≤ 300 ms"),
]

LIGHTHOUSE_TARGETS = [("performance_desktop", "Lighthouse Leistung Desktop ≥ 90"), ("performance_mobile", "Lighthouse Leistung mobil ≥ 70"),
                      ("tbt_mobile", "Total Blocking Time mobil ≤ 600 ms"), ("seo_public", "Lighthouse SEO ≥ 95 (öffentlich)")]
SCALEOUT_TARGETS = [("no_failed_requests", "Keine fehlgeschlagenen Anfragen außer den laufenden beim Ausfall eines Hosts"),
                    ("survivor_p95", "p95 des verbleibenden Hosts ≤ 2× seines Einzel-p95"),
                    ("release_rollout", "Neue Release Host für Host ausgerollt: keine gemischten Antworten, keine Fehler"),
                    ("throughput", "Durchsatz ein gegen zwei Hosts (berichtet)")]


def compare(value: float, op: str, limit: float) -> bool:
    return value <= limit if op == "<=" else value >= limit


def german(value: float) -> str:
    """A short German number for the reasons (Babel, as everywhere: 1.234, 145,6, 0,8)."""
    from dashboard.i18n import format_number

    digits = 0 if abs(value) >= 1000 else (1 if abs(value) >= 10 else 2)
    return format_number(round(value, digits), digits).rstrip("0").rstrip(",") if digits else format_number(value, 0)


def goal(op: str, limit: float) -> str:
    return f"Ziel {'≤' if op == '<=' else '≥'} {german(limit)}"


def verdict(text: str, op: str, limit: float, value: float | None, why_missing: str | None = None) -> dict[str, Any]:
    """A plain target on one measured value."""
    if value is None:
        return {"target": text, "value": None, "status": NOT_MEASURED, "why": why_missing or "keine Messung"}
    met = compare(value, op, limit)
    return {"target": text, "value": value, "status": MET if met else NOT_MET, "why": "" if met else f"gemessen {german(value)}, {goal(op, limit)}"}


def comparison(text: str, kind: str, op: str, limit: float, product: float | None, baseline: float | None,
               product_why: str | None = None, baseline_why: str | None = None) -> dict[str, Any]:
    """A target on product against baseline (medians of the same run): "ratio" = product / baseline,
    "speedup" = baseline / product. Without either measurement: "nicht gemessen", with the reason."""
    if product is None:
        return {"target": text, "value": None, "status": NOT_MEASURED, "why": f"Produkt ohne Messung ({product_why or 'kein Ergebnis'})"}
    if baseline is None:
        return {"target": text, "value": None, "status": NOT_MEASURED, "why": f"Baseline ohne Messung ({baseline_why or 'kein Ergebnis'})"}
    if product <= 0 or baseline <= 0:
        return {"target": text, "value": None, "status": NOT_MEASURED, "why": "Messwert 0: kein Verhältnis"}
    value = round(product / baseline if kind == "ratio" else baseline / product, 2)
    met = compare(value, op, limit)
    return {"target": text, "value": value, "status": MET if met else NOT_MET,
            "why": "" if met else f"{'Produkt/Baseline' if kind == 'ratio' else 'Baseline/Produkt'} {german(value)}, {goal(op, limit)}"}


def browser_verdicts(datasets: dict[str, Any]) -> list[dict[str, Any]]:
    """The issue-16 browser targets from browser.json's datasets (figures with median/baseline_median)."""
    out = []
    for dataset, target_id, figure, kind, op, limit, text in BROWSER_TARGETS:
        data = datasets.get(dataset)
        entry = (data or {}).get("figures", {}).get(figure) or {}
        if data is None:
            result = {"target": text, "value": None, "status": NOT_MEASURED, "why": f"Datensatz {dataset} nicht gemessen"}
        elif not entry and data.get("aborted"):
            result = {"target": text, "value": None, "status": NOT_MEASURED,
                      "why": f"Datensatz {dataset} {data['aborted'].get('status', 'abgebrochen')}: {data['aborted'].get('why', '')}"}
        elif kind == "value":
            result = verdict(text, op, limit, entry.get("median"), entry.get("note") or "keine Messung")
        else:
            baseline = entry.get("baseline_median")
            baseline_why = baseline if isinstance(baseline, str) else ("Baseline nicht gemessen" if "baseline_median" not in entry else None)
            result = comparison(text, kind, op, limit, entry.get("median"),
                                baseline if isinstance(baseline, (int, float)) and entry.get("baseline_runs") else None,
                                entry.get("note"), baseline_why)
        out.append({"id": target_id, "dataset": dataset, "figure": figure, **result})
    return out


def with_milestones(verdicts: list[dict[str, Any]], datasets: dict[str, Any]) -> list[dict[str, Any]]:
    """Next to every time target that is not met: where the time went (the milestones, medians, from
    the dataset's checks "<figure>_milestones_median" and "baseline_<figure>_milestones_median")."""
    for v in verdicts:
        data = datasets.get(v.get("dataset"), {})
        checks = data.get("checks", {})
        if v["status"] != MET and v.get("figure", "").endswith("_ms"):
            base = v["figure"].removesuffix("_ms")
            for who in ("", "baseline_"):
                steps = checks.get(f"{who}{base}_milestones_median")
                if steps:
                    v[f"{who}milestones"] = steps
        v["measured_at"] = data.get("date")
    return verdicts


def missing(targets: list[tuple[str, str]], why: str) -> list[dict[str, Any]]:
    return [{"id": target_id, "target": text, "value": None, "status": NOT_MEASURED, "why": why} for target_id, text in targets]


def git_commit() -> str:
    """The short commit a result was measured at ("" outside a git checkout): every result JSON names it."""
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=Path(__file__).resolve().parent.parent,
                              capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""
