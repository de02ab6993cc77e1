"""dashboard/reports/profile.py: key figures, ranks, differences, wording, notes and exports on the demo data."""
from __future__ import annotations

import io
import math

import openpyxl
import pandas as pd
import pytest

from dashboard.reports import profile as report

AREA = "01010104"  # Am Markt (Planungsraum) with notes
SMALL = "12030301"  # Flughafen: 24 inhabitants, most shares withheld


def test_parse_notes_splits_sections_and_drops_the_internal_part_publicly():
    text = ("Öffentlich: ja\n# Am Markt\n\nBeschreibung.\n\n## Ziele\n- mehr Grün\n\n## Maßnahmen 2025\n| Maßnahme | Träger |\n|---|---|\n| Spielplatz | Bezirk |\n"
            "\n## Nicht öffentlich\nBeschlusslage: BA-Beschluss 12/2024\n\n## Anhang\nbleibt intern\n")
    internal = report.parse_notes(text, public=False, titles=["Am Markt"])
    assert internal["description"] == "Beschreibung."
    assert internal["goals"] == "- mehr Grün"
    assert "Spielplatz" in internal["measures"]
    assert "BA-Beschluss" in internal["internal"] and "bleibt intern" in internal["internal"]  # unknown ## stays in the section
    public = report.parse_notes(text, public=True, titles=["Am Markt"])
    assert public["internal"] is None and public["goals"] == "- mehr Grün"
    assert "BA-Beschluss" not in str(public)


def test_parse_notes_without_sections_is_all_description():
    out = report.parse_notes("# Titel\n\nNur Text.\nmehr", public=False, titles=["Titel"])
    assert out == {"description": "Nur Text.\nmehr", "goals": None, "measures": None, "internal": None, "released": False}


def test_parse_notes_any_other_heading_starts_the_internal_part():  # fail closed: subheadings are not public
    out = report.parse_notes("Öffentlich: ja\n# Titel\n\nNur Text.\n### Unterpunkt\nmehr", public=False, titles=["Titel"])
    assert out["description"] == "Nur Text." and out["internal"] == "### Unterpunkt\nmehr"
    assert report.parse_notes("Öffentlich: ja\n# Titel\n\nNur Text.\n### Unterpunkt\nmehr", public=True,
                              titles=["Titel"])["description"] == "Nur Text."


def test_notes_reject_paths_outside_the_notes_folder(demo_monitor):
    assert report.notes(demo_monitor, "../dataset")["description"] is None
    assert "Markt" in report.notes(demo_monitor, AREA)["description"]


def test_rank_order_is_polarity_aware():
    values = pd.Series({"a": 10.0, "b": 30.0, "c": 20.0, "d": float("nan")})
    worse = report.rank_order(values, "higher_is_worse")
    assert worse[["a", "b", "c"]].tolist() == [1, 3, 2] and pd.isna(worse["d"])
    assert report.rank_order(values, "higher_is_better")["b"] == 1
    assert report.rank_order(values, "neutral")["b"] == 1  # neutral: highest value first


def test_target_flags():
    kita = _indicator("D4")
    assert report.target_flags(kita, 90.0) == (True, False)  # Zielwert 100 missed, Schwellenwert 80 kept
    assert report.target_flags(kita, 70.0) == (True, True)
    sgb = _indicator("A1")
    assert report.target_flags(sgb, 26.0) == (False, True)  # Schwellenwert 25, higher is worse
    assert report.target_flags(sgb, None) == (False, False)


def _indicator(indicator_id):
    from dashboard.catalog import load_dataset
    from tests.conftest import DEMO_DIR

    return load_dataset(DEMO_DIR).indicators[indicator_id]


def test_key_figures_match_the_store(demo_monitor):
    m = demo_monitor
    figures = report.key_figures(m, AREA, 2024).set_index("indicator_id")
    store = {f.indicator.id: f for f in m.key_figures(AREA, 2024)}
    parent = m.area(AREA)["parent_id"]
    parent_series = m.area_series(parent)
    for indicator_id, figure in store.items():
        row = figures.loc[indicator_id]
        assert row["year"] == 2024
        assert row["value"] == pytest.approx(figure.value)
        assert row["city_value"] == pytest.approx(figure.city_value)
        expected_parent = parent_series[(parent_series["indicator_id"] == indicator_id) & (parent_series["year"] == 2024)]["value"]
        assert row["parent_value"] == pytest.approx(float(expected_parent.iloc[0]))
        if row["kind"] not in ("class", "count"):
            assert row["diff_city"] == pytest.approx(figure.value - figure.city_value)
            assert row["diff_parent"] == pytest.approx(figure.value - float(expected_parent.iloc[0]))
    # class indicators have no 2024 edition: the latest earlier year is shown with its Stichtag
    assert figures.loc["UL", "year"] == 2023 and figures.loc["UL", "stichtag"] == "31.12.2023"
    assert figures.loc["A1", "diff_unit"] == "Pp." and figures.loc["LDEN", "diff_unit"] == "dB(A)"


def test_ranks_are_computed_among_siblings_and_citywide(demo_monitor):
    m = demo_monitor
    figures = report.key_figures(m, AREA, 2024).set_index("indicator_id")
    values = m.values("A1", 2024, "planungsraum")
    rated = values[~values["suppressed"]].dropna(subset=["value"]).set_index("area_id")["value"]
    own = rated[AREA]
    assert figures.loc["A1", "rank_city"] == int((rated < own).sum()) + 1  # higher is worse: lowest first
    assert figures.loc["A1", "n_city"] == len(rated)
    areas = m.store.frame("areas_by_level", {"level": "planungsraum"})
    siblings = rated[rated.index.isin(areas.loc[areas["parent_id"] == m.area(AREA)["parent_id"], "area_id"])]
    assert figures.loc["A1", "rank_siblings"] == int((siblings < own).sum()) + 1
    assert figures.loc["A1", "n_siblings"] == len(siblings)
    d3 = figures.loc["D3"]  # higher is better: highest first
    d3_values = m.values("D3", 2024, "planungsraum")
    d3_rated = d3_values[~d3_values["suppressed"]].dropna(subset=["value"]).set_index("area_id")["value"]
    assert d3["rank_city"] == int((d3_rated > d3_rated[AREA]).sum()) + 1


def test_withheld_values_are_blank_unranked_and_unassessed_in_public_mode(public_monitor):
    figures = report.key_figures(public_monitor, SMALL, 2024)
    withheld = figures[figures["suppressed"]]
    assert len(withheld) >= 5
    assert withheld["value"].isna().all()
    assert withheld["rank_city"].isna().all() and withheld["diff_city"].isna().all()
    assessed = {a["indicator_id"] for a in report.assess(public_monitor, figures)}
    assert not assessed & set(withheld["indicator_id"])
    table = report.export_table(public_monitor, figures).set_index("Kennzahl-ID")
    for indicator_id in withheld["indicator_id"]:
        assert pd.isna(table.loc[indicator_id, "Wert"])
        assert report.SUPPRESSED_TEXT in table.loc[indicator_id, "Hinweis"]


def test_internal_mode_keeps_withheld_values_with_a_warning(demo_monitor):
    figures = report.key_figures(demo_monitor, SMALL, 2024).set_index("indicator_id")
    assert figures.loc["A1", "suppressed"] and figures.loc["A1", "value"] == 0.0
    assert report.SUPPRESSED_INTERNAL_TEXT in report.markers(figures.loc["A1"], public=False)


def test_assessment_sentences_follow_polarity_and_the_city_value(demo_monitor):
    figures = report.key_figures(demo_monitor, "100201", 2024)
    items = report.assess(demo_monitor, figures)
    assert items, "Kornheide hat deutliche Abweichungen"
    by_id = figures.set_index("indicator_id")
    for item in items:
        row = by_id.loc[item["indicator_id"]]
        assert row["polarity"] != "neutral" and not row["suppressed"]
        if row["kind"] == "class":
            continue
        higher = row["value"] > row["city_value"]
        worse = higher if row["polarity"] == "higher_is_worse" else not higher
        assert item["kind"] == ("schwaeche" if worse else "staerke")
        assert ("deutlich über" if higher else "deutlich unter") in item["text"]
        assert report.value_text(row["city_value"], row["unit"], int(row["decimals"])) in item["text"]
    a1 = next(i for i in items if i["indicator_id"] == "A1")
    assert a1["text"].startswith("Der Wert für „SGB-II-Bezug (0 bis unter 65 J.)“ liegt mit 50,7 % deutlich über dem Wert der Gesamtstadt (13,5 %)")


def test_resolve_year_falls_back_with_a_notice(demo_monitor):
    year, years, notices = report.resolve_year(demo_monitor, AREA, "1800")
    assert year == 2024 and notices and 2015 in years
    assert report.resolve_year(demo_monitor, AREA, "2019")[0] == 2019
    assert report.resolve_year(demo_monitor, AREA, None) == (2024, years, [])


def test_burden_and_index_summaries_for_an_area_and_a_district(demo_monitor):
    burdens = report.burden_summary(demo_monitor, AREA, 2024)
    official = burdens[0]
    table = demo_monitor.burden(demo_monitor.burden_rules()[0], official["year"])
    assert official["official"] and official["count"] == int(table.loc[AREA, "burden_count"])
    district = report.burden_summary(demo_monitor, "01", 2024)[0]
    members = [a for a, owner in demo_monitor.store.rows("district_of_areas", {"level": "planungsraum", "top": "bezirk"}) if owner == "01"]
    part = table[table.index.isin(members)]
    assert district["n_members"] == len(part) and district["n_multiple"] == int(part.loc[part["rated"], "multiple"].sum())
    index = report.index_summary(demo_monitor, AREA, 2024)[0]
    classes = demo_monitor.index_classes(demo_monitor.dataset.indices[0], 2024)
    assert index["code"] == classes.loc[AREA, "status_dynamic"]


def test_xlsx_and_csv_exports_carry_the_table_and_provenance(demo_monitor):
    m = demo_monitor
    head = report.header(m, AREA, 2024)
    figures = report.key_figures(m, AREA, 2024)
    texts = report.export_texts(m, figures, report.notes(m, AREA))
    book = openpyxl.load_workbook(io.BytesIO(report.export_xlsx(m, head, 2024, figures, texts)))
    assert book.sheetnames == ["Kennzahlen", "Texte", "Angaben"]
    sheet = book["Kennzahlen"]
    header = [c.value for c in sheet[1]]
    assert header == report.EXPORT_COLUMNS
    rows = {r[2]: dict(zip(header, r)) for r in sheet.iter_rows(min_row=2, values_only=True)}
    for figure in m.key_figures(AREA, 2024):
        ind = figure.indicator
        assert rows[ind.id]["Wert"] == pytest.approx(round(figure.value, ind.decimals))
    meta = {r[0]: r[1] for r in book["Angaben"].iter_rows(min_row=2, values_only=True)}
    assert meta["Datenstand"] == m.dataset.release and meta["Quelle"] == m.dataset.attribution
    csv_text = report.export_csv(m, head, 2024, figures)
    assert csv_text.startswith("# Gebietsprofil Am Markt (Planungsraum 01010104), 2024")
    line = next(l for l in csv_text.splitlines() if ";A1;" in l)
    a1 = next(f for f in m.key_figures(AREA, 2024) if f.indicator.id == "A1")
    assert f";{format(round(a1.value, 1), 'g').replace('.', ',')};" in line
    assert not math.isnan(a1.value)
