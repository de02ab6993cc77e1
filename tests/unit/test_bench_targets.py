"""The benchmark's target verdicts (bench/targets.py): a comparison without a measurement is never met."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from targets import MET, NOT_MEASURED, NOT_MET, browser_verdicts, comparison, verdict  # noqa: E402


def by_id(verdicts):
    return {v["id"]: v for v in verdicts}


def test_comparison_without_baseline_is_not_measured_never_met():
    # issue 16: the baseline timed out, the product painted; the old report printed "erfüllt"
    result = comparison("≥ 10×", "speedup", ">=", 10, 109.0, None, baseline_why="nicht messbar (Timeout)")
    assert result["status"] == NOT_MEASURED and "Timeout" in result["why"] and result["value"] is None
    assert comparison("≤ 0,5×", "ratio", "<=", 0.5, None, 2000.0)["status"] == NOT_MEASURED


def test_comparison_and_value_verdicts():
    assert comparison("x", "speedup", ">=", 10, 50.0, 600.0) | {"why": ""} == {"target": "x", "value": 12.0, "status": MET, "why": ""}
    assert comparison("x", "ratio", "<=", 0.5, 1200.0, 2000.0)["status"] == NOT_MET
    assert verdict("x", "<=", 60, 61.0)["status"] == NOT_MET
    assert verdict("x", "<=", 60, 60.0)["status"] == MET
    assert verdict("x", "<=", 60, None, "abgebrochen")["status"] == NOT_MEASURED


def test_browser_verdicts_from_results():
    figures = {
        "first_paint_cold_ms": {"median": 900.0, "runs": [900.0], "baseline_median": "nicht messbar (Timeout)", "baseline_runs": []},
        "recolour_indicator_ms": {"median": 50.0, "runs": [50.0], "baseline_median": 600.0, "baseline_runs": [600.0]},
        "recolour_year_ms": {"median": 109.0, "runs": [109.0], "note": None},  # baseline never ran
    }
    result = by_id(browser_verdicts({"berlin": {"figures": figures}}))
    assert result["first_paint_cold"]["status"] == MET
    assert result["first_paint_cold_vs_baseline"]["status"] == NOT_MEASURED
    assert "Timeout" in result["first_paint_cold_vs_baseline"]["why"]
    assert result["recolour_indicator_vs_baseline"]["status"] == MET
    assert result["recolour_year"]["status"] == NOT_MET
    assert result["recolour_year_vs_baseline"]["status"] == NOT_MEASURED
    assert result["first_paint_warm"]["status"] == NOT_MEASURED
    assert result["first_paint_cold_50000"]["status"] == NOT_MEASURED and "50000" in result["first_paint_cold_50000"]["why"]
    assert all(v["status"] != MET for k, v in result.items() if k not in ("first_paint_cold", "recolour_indicator",
                                                                          "recolour_indicator_vs_baseline"))


def test_harness_baseline_timeout_is_not_measured():
    """The path bench/browser.py takes: the product painted, the baseline's first paint timed out (issue 16:
    the old combine() declared "≥ 8× schneller als Baseline (Baseline ohne Ergebnis): erfüllt")."""
    import browser

    product, baseline = browser.Figures(), browser.Figures()
    for name, value in (("first_paint_cold_ms", 900.0), ("recolour_indicator_ms", 50.0), ("recolour_year_ms", 40.0)):
        product.add(name, value)
    baseline.fail("first_paint_cold_ms", browser.TIMEOUT_TEXT)
    baseline.fail("recolour_indicator_ms", "nicht gemessen: die erste Karte der Baseline kam in keinem Lauf")
    figures = browser.combine("berlin", product, baseline)
    result = by_id(browser_verdicts({"berlin": {"figures": figures}}))
    for target_id in ("first_paint_cold_vs_baseline", "recolour_indicator_vs_baseline", "recolour_year_vs_baseline"):
        assert result[target_id]["status"] == NOT_MEASURED, result[target_id]
    assert "Timeout" in result["first_paint_cold_vs_baseline"]["why"]
    assert result["recolour_indicator"]["status"] == MET
