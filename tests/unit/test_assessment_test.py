"""The profile's automatic assessment uses the test (issue 17 part 2; docs/methods.md „Stärken und Schwächen im
Gebietsprofil“): a value is a strength or weakness only when its difference to the city is clear; where it is within
random variation it is listed apart; without counts the rank rule decides and the sentence says it was not tested."""
from __future__ import annotations

import pandas as pd

from dashboard import present
from dashboard.methods import uncertainty
from dashboard.reports import profile as report
from dashboard.ui.profile import assessments_of

AREA = "01010101"  # demo: E6 (Wohnungsleerstand) 2,6 % against 1,9 % citywide, rank 387 of 477, but 26 of 989 flats


def test_a_large_but_random_difference_is_no_weakness(demo_monitor):
    figures = report.key_figures(demo_monitor, AREA, 2024)
    row = figures.set_index("indicator_id").loc["E6"]
    # the rank rule alone makes it a weakness: least favourable fifth and worse than the city, by more than a third
    assert (row["rank_city"] - 1) / (row["n_city"] - 1) >= 0.8 and row["value"] > 1.3 * row["city_value"]
    # but the city's value lies inside the area's 95 % interval: within random variation
    assert row["versus_city"] == uncertainty.RANDOM and row["lower"] <= row["city_value"] <= row["upper"]
    assert "E6" not in {a["indicator_id"] for a in report.assess(demo_monitor, figures, AREA)}
    (random,) = [a for a in report.random_differences(demo_monitor, figures, AREA) if a["indicator_id"] == "E6"]
    assert random["side"] == "weakness" and random["test"] == uncertainty.RANDOM
    text = present.assessment_text(random, demo_monitor.indicator("E6"))
    assert "aber der Unterschied zur Gesamtstadt liegt im Rahmen zufälliger Schwankung (95-%-Intervall des Gebiets: " in text
    assert "deutlich über" not in text
    # every strength/weakness with counts is clear; none is random
    items = [a for a in report.assess(demo_monitor, figures, AREA) if a["kind"] == "value"]
    tested = [a for a in items if a["counts"] and a["basis"] == "city"]
    assert tested and all(a["test"] == uncertainty.CLEAR for a in tested)
    by_id = figures.set_index("indicator_id")
    assert all(by_id.at[a["indicator_id"], "versus_city"] == "clear" for a in tested)


def test_without_counts_the_rank_rule_decides_and_says_it_is_untested(demo_monitor, public_monitor):
    """The public demo publishes no denominators: the old rule, worded without "deutlich"."""
    internal = {a["indicator_id"] for a in report.assess(demo_monitor, report.key_figures(demo_monitor, "100201", 2024))}
    figures = report.key_figures(public_monitor, "100201", 2024)
    items = [a for a in assessments_of(public_monitor, figures, "de", "100201") if a["kind"] == "value"]
    assert items and not report.random_differences(public_monitor, figures, "100201")
    for item in items:
        if item["counts"]:
            continue  # a published count behind it (C1-C3, E3): tested as internally
        assert item["test"] == uncertainty.NO_TEST and "Nicht auf zufällige Schwankung geprüft" in item["text"]
        assert "deutlich" not in item["text"]
    assert {"A1", "A2", "A3"} <= {a["indicator_id"] for a in items} & internal


def test_the_change_since_the_previous_year_is_tested_on_the_counts(demo_monitor):
    figures = report.key_figures(demo_monitor, AREA, 2024)
    (a4,) = [a for a in report.assess(demo_monitor, figures, AREA) if a["indicator_id"] == "A4"]
    since = a4["since"]
    cells = pd.DataFrame({"area_id": AREA, "indicator_id": "A4", "year": [since["year"], 2024],
                          "value": [0.0, 0.0], "suppressed": False})
    counts = demo_monitor.cell_counts(cells)
    x, n = counts["numerator"].to_numpy(), counts["denominator"].to_numpy()
    assert since["test"] == uncertainty.change((x[:1], n[:1]), (x[1:], n[1:]), uncertainty.WILSON)[0] == uncertainty.CLEAR
    assert since["year"] == 2023 and since["change"] > 0 and since["low"] > 0
    text = present.assessment_text(a4, demo_monitor.indicator("A4"))
    assert "Seit 2023 deutlich gestiegen (+6,1 Prozentpunkte; 95-%-Intervall +0,9 bis +11,4 Prozentpunkte)." in text
    assert "Clearly up since 2023" in present.assessment_text(a4, demo_monitor.indicator("A4"), "en")
    assert "since" not in report.assess(demo_monitor, figures)[0]  # without the area no trend test
