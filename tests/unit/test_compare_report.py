"""dashboard/reports/compare.py on the demo data: cells, "zusammen" from counts, refusals. The comparison's
state is tested in test_trends_change_compare_state.py, its download in test_compare_export.py."""
from __future__ import annotations

import pandas as pd
import pytest

from dashboard.i18n import format_number
from dashboard.reports import compare as report
from dashboard.ui.compare import cell_text, cell_title

PAIR = ["01010101", "01010102"]  # two Planungsräume with values everywhere
WITH_WITHHELD = ["01010101", "01010302"]  # 01010302 has small numbers


def test_area_cells_are_the_key_figures(demo_monitor):
    comp = report.comparison(demo_monitor, PAIR, 2024)
    assert [a["area_id"] for a in comp.areas] == PAIR and comp.city_name == "Musterstadt"
    figures = {f.indicator.id: f for f in demo_monitor.key_figures(PAIR[1], 2024)}
    for row in comp.rows:
        figure = figures.get(row.indicator.id)
        if figure is None:
            assert row.cells[1].kind == "none"
            continue
        assert row.cells[1].value == pytest.approx(figure.value)
        assert cell_text(row.cells[1], row.indicator).startswith(format_number(figure.value, row.indicator.decimals))
    assert comp.row("A1").city.value == pytest.approx(demo_monitor.city_values(2024)["A1"])
    assert comp.city_id == demo_monitor.city_id()


def test_together_is_computed_from_counts_not_averaged(demo_monitor):
    comp = report.comparison(demo_monitor, PAIR, 2024)
    raw = pd.read_parquet(demo_monitor.dataset.path / "values.parquet")
    a1 = raw[(raw["indicator_id"] == "A1") & (raw["year"] == 2024) & raw["area_id"].isin(PAIR)]
    expected = 100 * a1["numerator"].sum() / a1["denominator"].sum()
    together = comp.row("A1").together
    assert together.value == pytest.approx(expected) and together.kind == "value"
    assert together.value != pytest.approx(a1["value"].mean())  # the mean of the shares would be wrong
    ew = comp.row("EW").together
    assert ew.value == pytest.approx(sum(c.value for c in comp.row("EW").cells))
    lden = comp.row("LDEN").together
    lden_ind = demo_monitor.indicator("LDEN")
    assert lden.kind == "estimate" and lden.estimate and cell_text(lden, lden_ind).endswith("≈")
    assert "Näherung" in cell_title(lden, lden_ind, demo_monitor)


def test_together_is_refused_without_counts_overlap_or_missing_members(demo_monitor):
    comp = report.comparison(demo_monitor, PAIR, 2023)
    ul = comp.row("UL")
    title = cell_title(ul.together, ul.indicator, demo_monitor)
    assert ul.together.kind == "none" and ul.together.value is None and "keine Zählwerte" in title
    overlapping = report.comparison(demo_monitor, ["01010101", "010101"], 2024)
    assert overlapping.overlaps == [("01010101", "010101")]
    assert all(r.together.value is None and "überschneiden" in cell_title(r.together, r.indicator, demo_monitor)
               for r in overlapping.rows)
    mixed = report.comparison(demo_monitor, ["01010101", "010201"], 2024)  # B1 exists only from Bezirksregion up
    b1 = mixed.row("B1")
    assert b1.cells[0].kind == "none" and b1.together.value is None and "1 von 2" in cell_title(b1.together, b1.indicator, demo_monitor)
    assert cell_title(b1.cells[0], b1.indicator, demo_monitor) == "Auf der Ebene Planungsraum nicht vorhanden."
    assert cell_title(b1.cells[0], b1.indicator, demo_monitor, "en") == "Not available at the level “Planning area”."


def test_withheld_member_internal_and_public(demo_monitor, public_monitor):
    internal = report.comparison(demo_monitor, WITH_WITHHELD, 2024).row("A1")
    a1 = demo_monitor.indicator("A1")
    assert internal.cells[1].kind == "withheld-internal" and cell_text(internal.cells[1], a1).endswith("⚠")
    assert internal.cells[1].withheld and not internal.cells[0].withheld
    assert internal.together.kind == "withheld-internal" and internal.together.value is not None
    public = report.comparison(public_monitor, WITH_WITHHELD, 2024).row("A1")
    assert public.cells[1].value is None and cell_text(public.cells[1], a1) == "keine Angabe (geringe Fallzahl)"
    assert public.cells[1].withheld and cell_text(public.cells[1], a1, "en") == "no value (small numbers)"
    assert public.together.value is None and cell_text(public.together, a1) == "keine Angabe (geringe Fallzahl)"
    assert public.cells[0].value == round(internal.cells[0].value, 1)  # rounded on the server, not in the browser
    assert report.comparison(public_monitor, WITH_WITHHELD, 2024).row("B1") is None  # not public: no row at all


def test_public_together_only_from_published_figures(public_monitor):
    """Public "zusammen": counts summed, shares without published counts not given (their weights are not public)."""
    published = [a for a in ("01010101", "01010102", "01010103")]
    comp = report.comparison(public_monitor, published, 2024)
    ew = comp.row("EW")
    assert ew.together.value == sum(c.value for c in ew.cells)
    a1 = comp.row("A1")  # the denominator (EW aged 0-64) is published nowhere
    assert a1.together.value is None and "öffentlichen Ansicht nicht verfügbar" in cell_title(a1.together, a1.indicator, public_monitor)


def test_single_area_has_no_together(demo_monitor):
    comp = report.comparison(demo_monitor, ["01010101"], 2024)
    assert all(r.together is None for r in comp.rows)
    assert [b["role"] for b in report.chart_values(comp, "A1")] == ["area", "city"]


def test_rows_grouped_by_dimension(demo_monitor):
    comp = report.comparison(demo_monitor, PAIR, 2024)
    groups = report.grouped_rows(comp.rows, ("Soziales", "Umwelt"))
    assert [g for g, _ in groups][:2] == ["Soziales", "Umwelt"]
    assert sum(len(rows) for _, rows in groups) == len(comp.rows)
    assert all(r.indicator.dimension == g for g, rows in groups for r in rows)


def test_chart_values(demo_monitor):
    comp = report.comparison(demo_monitor, PAIR, 2024)
    bars = report.chart_values(comp, "A1")
    assert [b["label"] for b in bars] == [a["name"] for a in comp.areas] + [None, "Musterstadt"]  # the view words "zusammen"
    assert [b["role"] for b in bars] == ["area", "area", "together", "city"]
    assert bars[2]["cell"] == comp.row("A1").together
    assert report.chart_values(comp, "gibt-es-nicht") == []


def test_reasons_are_catalogue_texts_with_english_translations(demo_monitor, public_monitor):
    """The report is language-neutral: every reason a cell carries is a code the view words (REASON_TEXTS, German
    catalogue texts with English translations)."""
    from dashboard.i18n.en import STRINGS
    from dashboard.ui.compare import REASON_TEXTS

    reasons = {r for monitor, areas, year in ((demo_monitor, PAIR, 2023), (demo_monitor, ["01010101", "010101"], 2024),
                                              (demo_monitor, ["01010101", "010201"], 2024), (public_monitor, WITH_WITHHELD, 2024),
                                              (demo_monitor, WITH_WITHHELD, 2024))
               for row in report.comparison(monitor, areas, year).rows
               for cell in [*row.cells, row.together, row.city] if cell is not None for r in cell.reasons}
    assert len(reasons) >= 8
    assert [r for r in reasons if r != report.ESTIMATE_NOTE and r not in REASON_TEXTS] == []
    assert [text for text in REASON_TEXTS.values() if text not in STRINGS] == []


def test_indicators_by_year_are_the_rows_of_the_table(demo_monitor, public_monitor):
    """Per year the indicators the chosen areas have (value or withheld), measured or not (reports.series, the input of
    the opening-year rule): every year's table has exactly these rows."""
    from dashboard.reports.series import indicators_by_year

    areas = [{"area_id": a, "level": "planungsraum", "name": ""} for a in WITH_WITHHELD]
    available = indicators_by_year(demo_monitor, WITH_WITHHELD)
    assert list(available) == sorted(available) == report.comparison_years(demo_monitor, areas)
    for year in (2017, 2024):
        assert set(available[year]) == {r.indicator.id for r in report.comparison(demo_monitor, WITH_WITHHELD, year).rows}
    assert "UL" in available[2023] and "UL" not in available[2024]  # the classes end 2023
    assert "A1" in indicators_by_year(public_monitor, WITH_WITHHELD[1:])[2024]  # withheld: still a row ("keine Angabe")
    assert indicators_by_year(demo_monitor, ["010101"])[2024]["A1"] is True


def test_examples_open_comparisons_of_two_levels(demo_monitor):
    """The page without areas suggests the first three top-level areas and the areas inside the first parent."""
    examples = report.examples(demo_monitor)
    assert [(e["level"], (e["parent"] or {}).get("area_id")) for e in examples] == [("bezirk", None), ("planungsraum", "010101")]
    assert [a["area_id"] for a in examples[0]["areas"]] == ["01", "02", "03"]
    inner = [a["area_id"] for a in examples[1]["areas"]]
    assert 2 <= len(inner) <= report.MAX_AREAS and all(demo_monitor.area(a)["parent_id"] == "010101" for a in inner)


def test_no_area_yet_shows_the_city_column_alone(demo_monitor):
    comp = report.comparison(demo_monitor, [], 2024)
    city = demo_monitor.city_values(2024)
    assert comp.areas == [] and {r.indicator.id for r in comp.rows} == set(city)
    assert all(r.cells == [] and r.together is None and r.city.value == pytest.approx(city[r.indicator.id]) for r in comp.rows)
    from dashboard.reports.series import indicators_by_year

    assert set(indicators_by_year(demo_monitor, [])[2024]) == set(city)  # the city's years when no area is chosen
    assert [b["role"] for b in report.chart_values(comp, "A1")] == ["city"]
