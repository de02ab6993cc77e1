"""bench/lighthouse.py without Lighthouse: what it reads from a report, its verdicts and its Markdown."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import lighthouse  # noqa: E402


def lhr(performance=0.42, tbt=9400.0) -> dict:
    """A minimal Lighthouse report (the fields bench/lighthouse.py reads)."""
    return {
        "categories": {"performance": {"score": performance}, "accessibility": {"score": 1}, "best-practices": {"score": 1},
                       "seo": {"score": 1}},
        "audits": {
            "first-contentful-paint": {"numericValue": 1293.4}, "largest-contentful-paint": {"numericValue": 8047.0},
            "total-blocking-time": {"numericValue": tbt}, "speed-index": {"numericValue": 8982.0},
            "cumulative-layout-shift": {"numericValue": 0.0381}, "interactive": {"numericValue": 18660.0},
            "resource-summary": {"details": {"items": [{"resourceType": "script", "transferSize": 1_097_803, "requestCount": 26}]}},
            "network-requests": {"details": {"items": [
                {"url": "http://127.0.0.1:1/_dash-component-suites/dash_ag_grid/x.js?v=1", "resourceType": "Script",
                 "transferSize": 360_561, "resourceSize": 1_310_000},
                {"url": "http://127.0.0.1:1/", "resourceType": "Document", "transferSize": 5000}]}},
            "bootup-time": {"score": 0, "scoreDisplayMode": "metricSavings", "displayValue": "18.1 s", "numericValue": 18100,
                            "metricSavings": {"TBT": 12050},
                            "details": {"items": [{"url": "http://127.0.0.1:1/assets/qm_map.js", "total": 4716.0, "scripting": 4613.0}]}},
            "largest-contentful-paint-element": {"score": None, "scoreDisplayMode": "informative", "details": {"items": []}},
            "dom-size": {"score": 1, "scoreDisplayMode": "metricSavings"},
        },
    }


def test_figures_and_costs_of_one_report():
    row = lighthouse.figures(lhr())
    assert row["performance"] == 42 and row["seo"] == 100 and row["tbt_ms"] == 9400 and row["cls"] == 0.038
    assert row["js_transfer_bytes"] == 1_097_803 and row["js_requests"] == 26 and row["js_resource_bytes"] == 1_310_000
    costs = lighthouse.costs(lhr())
    assert [c["id"] for c in costs] == ["bootup-time"]  # passed and informative-only audits are left out
    assert costs[0]["items"] == [{"url": "/assets/qm_map.js", "total": 4716.0, "scripting": 4613.0}]


def cell(*runs):
    return {"path": "/", "median": lighthouse.median_row(list(runs)), "runs": list(runs), "costs": [], "scripts": [],
            "ok": sum(1 for r in runs if r.get("figures")), "failed": sum(1 for r in runs if not r.get("figures"))}


def test_a_failed_run_is_kept_and_missing_medians_are_not_measured():
    ok = {"status": "ok", "figures": lighthouse.figures(lhr(0.95, 300.0))}
    failed = {"status": "fehlgeschlagen", "why": "Zeitlimit 240 s überschritten"}
    results = {"map": {"desktop": cell(ok, failed), "mobile": cell(failed)}}
    verdicts = {v["id"]: v for v in lighthouse.evaluate(results)}
    assert verdicts["performance_desktop"]["status"] == "erfüllt"
    assert verdicts["js_bytes_map"]["status"] == "nicht erfüllt"  # 1.1 MB
    # the mobile runs all failed: not measured, never met; SEO needs every route and preset
    assert verdicts["performance_mobile"]["status"] == verdicts["tbt_mobile"]["status"] == "nicht gemessen"
    assert verdicts["seo_public"]["status"] == "nicht gemessen"
    assert all(v["status"] == "nicht gemessen" for v in lighthouse.evaluate({}))
    text = lighthouse.report_section({"results": results, "targets": list(verdicts.values()), "runs": 2, "lighthouse": "12.2.3"})
    assert text.startswith("## Lighthouse\n") and "Zeitlimit 240 s überschritten" in text and "| 1/1 |" in text
    assert "nicht gemessen" in text and "1,10 MB" in text
