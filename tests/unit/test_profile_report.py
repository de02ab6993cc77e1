"""dashboard/reports/profile.py: key figures, ranks, differences, strengths/weaknesses and notes on the demo data,
as data only; their wording (dashboard/present.py, section "area profile"). The downloads:
tests/integration/test_profile_export.py; the view state: tests/unit/test_profile_state.py."""
from __future__ import annotations

import gc
import re
import weakref
from dataclasses import replace

import pandas as pd
import pytest

from dashboard import present
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
    assert figures.loc["UL", "year"] == 2023
    worded = present.localized_figures(figures.reset_index(), "de", m.indicator).set_index("indicator_id")
    assert worded.loc["UL", "stichtag"] == "31.12.2023"
    assert worded.loc["A1", "diff_unit"] == "Prozentpunkte" and worded.loc["LDEN", "diff_unit"] == "dB(A)"
    english = present.localized_figures(figures.reset_index(), "en", m.indicator).set_index("indicator_id")
    assert english.loc["A1", "diff_unit"] == "percentage points" and english.loc["UL", "stichtag"] == "31 Dec 2023"


def test_ranks_are_computed_among_siblings_and_citywide(demo_monitor):
    m = demo_monitor
    figures = report.key_figures(m, AREA, 2024).set_index("indicator_id")
    values = m.values("A1", 2024, "planungsraum")
    rated = values[~values["suppressed"]].dropna(subset=["value"]).set_index("area_id")["value"]
    own = rated[AREA]
    assert figures.loc["A1", "rank_city"] == int((rated < own).sum()) + 1  # higher is worse: lowest first
    assert figures.loc["A1", "n_city"] == len(rated)
    areas = m.areas("planungsraum")
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
    for row in withheld.to_dict("records"):
        assert present.SUPPRESSED_TEXT in present.marker_texts(row, True, public_monitor.indicator(row["indicator_id"]))


def test_internal_mode_keeps_withheld_values_with_a_warning(demo_monitor):
    figures = report.key_figures(demo_monitor, SMALL, 2024).set_index("indicator_id")
    assert figures.loc["A1", "suppressed"] and figures.loc["A1", "value"] == 0.0
    assert present.SUPPRESSED_INTERNAL_TEXT in present.marker_texts(figures.loc["A1"], False, demo_monitor.indicator("A1"))


def test_assessment_sentences_follow_polarity_and_the_city_value(demo_monitor):
    figures = report.key_figures(demo_monitor, "100201", 2024)
    items = report.assess(demo_monitor, figures)
    assert items, "Kornheide hat deutliche Abweichungen"
    by_id = figures.set_index("indicator_id")
    for item in items:
        row = by_id.loc[item["indicator_id"]]
        indicator = demo_monitor.indicator(item["indicator_id"])
        assert row["polarity"] != "neutral" and not row["suppressed"]
        text = present.assessment_text(item, indicator)
        if row["kind"] == "class":
            assert item["kind"] == "class" and item["code"] == row["value"]
            continue
        higher = row["value"] > row["city_value"]
        worse = higher if row["polarity"] == "higher_is_worse" else not higher
        assert item["side"] == ("weakness" if worse else "strength")
        assert item["direction"] == ("above" if higher else "below")
        assert (item["value"], item["city"], item["rank"], item["n"]) == (row["value"], row["city_value"], row["rank_city"], row["n_city"])
        # "deutlich" names the test's verdict (issue 17): only where the difference to the city was tested and clear
        relation = ("über" if higher else "unter") + " dem Wert der Gesamtstadt"
        assert (("deutlich " + relation) in text) == (item["test"] == "clear") and relation in text
        if item["test"] == "none":
            assert "Nicht auf zufällige Schwankung geprüft" in text
        assert present.value_text(row["city_value"], indicator.unit, int(row["decimals"])) in text
    a1 = next(i for i in items if i["indicator_id"] == "A1")
    assert present.assessment_text(a1, demo_monitor.indicator("A1")).startswith(
        "Der Wert für „SGB-II-Bezug (0 bis unter 65 J.)“ liegt mit 50,7 % deutlich über dem Wert der Gesamtstadt (13,5 %)")
    assert present.assessment_text(a1, demo_monitor.indicator("A1"), "en").startswith(
        "At 50.7 %, the value for “SGB II recipients (aged 0-64)” is well above the whole-city value (13.5 %)")


def test_burden_and_index_summaries_for_an_area_and_a_district(demo_monitor):
    burdens = report.burden_summary(demo_monitor, AREA, 2024)
    official = burdens[0]
    table = demo_monitor.burden(demo_monitor.burden_rules()[0], official["year"])
    assert official["official"] and official["count"] == int(table.loc[AREA, "burden_count"])
    district = report.burden_summary(demo_monitor, "01", 2024)[0]
    members = [a for a, owner in demo_monitor.ancestor_at("planungsraum", "bezirk").items() if owner == "01"]
    part = table[table.index.isin(members)]
    assert district["n_members"] == len(part) and district["n_multiple"] == int(part.loc[part["rated"], "multiple"].sum())
    index = report.index_summary(demo_monitor, AREA, 2024)[0]
    classes = demo_monitor.index_classes(demo_monitor.dataset.indices[0], 2024)
    assert index["code"] == classes.loc[AREA, "status_dynamic"]


def test_summaries_are_data_only(demo_monitor):
    """The burden and index summaries carry ids, codes and numbers; the view words them in the page language."""
    rule = demo_monitor.burden_rules()[0]
    criteria = {c.indicator_id for c in rule.criteria}
    for summary in report.burden_summary(demo_monitor, AREA, 2024) + report.index_summary(demo_monitor, AREA, 2024):
        assert not {"label", "method"} & set(summary)
    burdens = report.burden_summary(demo_monitor, AREA, 2024)[0]
    assert set(burdens["burdens"]) <= criteria  # indicator ids, not labels
    index = report.index_summary(demo_monitor, AREA, 2024)[0]
    definition = demo_monitor.dataset.indices[0]
    classes = demo_monitor.index_classes(definition, index["year"])
    assert index["status"] == classes.loc[AREA, "status_class"]  # the class code; the view words it in the page language
    assert index["dynamic"] == classes.loc[AREA, "dynamic_class"]


def test_stichtag_is_the_indicators_reference_date(demo_dataset, demo_store):
    """One Stichtag formatter (Indicator.reference_date): a day gets the year, an edition stays as it is
    (the profile's own formatter printed "Ausgabe 2021/20222021")."""
    from dashboard.monitor import Monitor

    edition = replace(demo_dataset.indicators["UL"], stichtag="Ausgabe 2021/2022")
    monitor = Monitor(replace(demo_dataset, indicators={**demo_dataset.indicators, "UL": edition}), demo_store)
    figures = present.localized_figures(report.key_figures(monitor, AREA, 2024), "de", monitor.indicator).set_index("indicator_id")
    assert figures.loc["UL", "stichtag"] == "Ausgabe 2021/2022"
    assert figures.loc["A1", "stichtag"] == "31.12.2024"
    english = present.localized_figures(figures.reset_index(), "en", monitor.indicator).set_index("indicator_id")
    assert english.loc["UL", "stichtag"] == "edition 2021/2022" and english.loc["A1", "stichtag"] == "31 Dec 2024"


def test_figures_follow_the_catalogs_dimension_order(demo_monitor):
    figures = report.key_figures(demo_monitor, AREA, 2024)
    dimensions = list(dict.fromkeys(figures["dimension"]))
    assert dimensions == demo_monitor.dataset.dimension_order(dimensions)


def test_no_cache_keeps_a_monitor_alive(demo_dataset, demo_store):
    """Ranking is cached inside the Monitor (Monitor.rated_values), not in a module-level cache keyed on the
    Monitor (which kept every Monitor, with its frames, alive for the life of the process)."""
    from dashboard.monitor import Monitor

    monitor = Monitor(demo_dataset, demo_store)
    assert len(report.key_figures(monitor, AREA, 2024))
    ref = weakref.ref(monitor)
    del monitor
    gc.collect()
    assert ref() is None


# -- the report is language-neutral -------------------------------------------------------------------
GERMAN = re.compile(r"[äöüÄÖÜß]|\b(?:über|unter|nicht|keine|Schätzung|Gesamtstadt|Fallzahl|Zielwert|Schwellenwert|Rang|Stärke|"
                    r"Schwäche|Belastung\w*|Stand|Klasse|Ausgabe|ohne Zuordnung)\b|Pp\.|\d{1,2}\.\d{1,2}\.\d{4}")


def _strings(value, path="result"):
    """Every string inside a result (dataclass, dict, list, tuple, DataFrame), with where it was found."""
    import dataclasses

    if isinstance(value, str):
        yield path, value
    elif dataclasses.is_dataclass(value):
        yield from _strings(dataclasses.asdict(value), path)
    elif isinstance(value, pd.DataFrame):
        yield from _strings(value.to_dict("records"), path)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key, f"{path} key")
            yield from _strings(item, f"{path}.{key}")
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from _strings(item, f"{path}[{i}]")


def test_the_report_imports_no_wording():
    """reports/profile.py returns data only: it imports nothing from dashboard.i18n (nor the presentation step)."""
    import ast
    from pathlib import Path

    tree = ast.parse(Path(report.__file__).read_text(encoding="utf-8"))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)} | {
        a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert not {m for m in imported if m and (m.startswith("dashboard.i18n") or m == "dashboard.present")}
    for name in ("value_text", "signed_text", "markers", "localize", "level_label", "diff_unit", "SUPPRESSED_TEXT", "ESTIMATE_TEXT"):
        assert not hasattr(report, name), name


@pytest.mark.parametrize("area_id", [AREA, SMALL, "100201", "01", None])
@pytest.mark.parametrize("mode", ["internal", "public"])
def test_the_reports_results_contain_no_words(demo_monitor, public_monitor, area_id, mode):
    """key_figures, assess, header, groups, burden_summary and index_summary: numbers, codes, ids, years, booleans
    and kinds; the only strings besides ids and codes are area names and the catalog's dimension keys."""
    from dashboard.catalog import DIMENSIONS

    monitor = demo_monitor if mode == "internal" else public_monitor
    area_id = area_id or monitor.city_id()
    figures = report.key_figures(monitor, area_id, 2024)
    assert len(figures)
    head = report.header(monitor, area_id, 2024)
    results = {"key_figures": figures, "assess": report.assess(monitor, figures), "header": head,
               "groups": [name for name, _rows in report.groups(figures)],
               "burden_summary": report.burden_summary(monitor, area_id, 2024),
               "index_summary": report.index_summary(monitor, area_id, 2024)}
    names = {head.name} | {a["name"] for a in head.parents + head.children}
    codes = set(monitor.dataset.indicators) | set(DIMENSIONS) | {"zielbereich"}
    words = [(where, text) for where, text in _strings(results)
             if text not in names and text not in codes and GERMAN.search(text)]
    assert words == []
    assert not {"label", "zielbereich", "unit", "diff_unit", "stichtag"} & set(figures.columns)
    assert {a["side"] for a in results["assess"]} <= {"strength", "weakness"}


def test_the_scan_would_find_the_old_wording():
    """The check above is not vacuous: the texts the report used to return are caught."""
    for text in ("keine Angabe (geringe Fallzahl)", "Schätzung", "Pp.", "Gesamtstadt", "31.12.2024", "Ausgabe 2021/2022",
                 "Der Wert für „A“ liegt mit 1,0 % deutlich über dem Wert der Gesamtstadt", "ohne Zuordnung", "Planungsräume"):
        assert GERMAN.search(text), text


def test_profile_wording_in_both_languages(demo_monitor):
    """The presentation step words the report's data: level names, values, differences, markers."""
    dataset = demo_monitor.dataset
    assert present.level_label(dataset, "stadt") == "Gesamtstadt" and present.level_label(dataset, "stadt", "en") == "Whole city"
    assert present.level_label(dataset, "planungsraum") == dataset.level("planungsraum").label_de
    assert present.level_label(dataset, "planungsraum", "en") == dataset.level("planungsraum").label_en
    assert present.value_text(12345.67, "%", 1) == "12.345,7 %" and present.value_text(12345.67, "%", 1, "en") == "12,345.7 %"
    assert present.value_text(None, "%", 1) == "–" and present.value_text(float("nan"), "", 0) == "–"
    assert present.signed_text(-0.04, "Pp.", 1) == "±0,0 Pp." and present.signed_text(1.25, "pp", 1, "en") == "+1.2 pp"
    assert present.signed_text(-1.5, "Pp.", 1).startswith("−1,5")
    figures = report.key_figures(demo_monitor, SMALL, 2024).set_index("indicator_id")
    row = figures.loc["A1"]
    assert present.marker_texts(row, True, demo_monitor.indicator("A1")) == ["keine Angabe (geringe Fallzahl)"]
    assert present.marker_texts(row, True, demo_monitor.indicator("A1"), "en") == ["no value (small numbers)"]
    assert present.marker_texts(row, False, demo_monitor.indicator("A1"), "en") == ["small numbers – internal only, do not publish"]


def test_assessment_ranks_are_whole_numbers(demo_monitor):
    """A rank column with gaps (areas without a value) is a float column: the sentence said "Rang 11.0 von 477"."""
    figures = report.key_figures(demo_monitor, "02020202", 2024)
    assert figures["rank_city"].dtype == float  # the case that printed "11.0"
    items = [a for a in report.assess(demo_monitor, figures) if a["kind"] == "value"]
    assert items
    for item in items:
        assert type(item["rank"]) is int and type(item["n"]) is int
        text = present.assessment_text(item, demo_monitor.indicator(item["indicator_id"]))
        assert f"(Rang {item['rank']} von {item['n']}, Stand {item['year']})" in text and ".0 von" not in text


def test_assessment_without_a_city_value_rates_the_position_in_the_distribution(demo_monitor):
    """Where the city has no value (the Berlin MSS indicators), the citywide rank alone decides (basis "distribution"):
    the most / least favourable fifth of the ranked areas; the sentence says that it was rated so."""
    figures = report.key_figures(demo_monitor, "100201", 2024)
    with_city = [i for i in report.assess(demo_monitor, figures) if i["kind"] == "value"]
    items = [i for i in report.assess(demo_monitor, figures.assign(city_value=None)) if i["kind"] == "value"]
    assert items and all(i["basis"] == "distribution" and i["city"] is None and i["direction"] is None for i in items)
    assert all(i["basis"] == "city" for i in with_city)
    # the city rule asks for more (the right side of the city value too): what it finds, the distribution finds
    assert {i["indicator_id"] for i in with_city} <= {i["indicator_id"] for i in items}
    by_id = figures.set_index("indicator_id")
    ranked = by_id[by_id["rank_city"].notna() & (by_id["polarity"] != "neutral") & (by_id["kind"] != "count")
                   & ~by_id["suppressed"]]
    for indicator_id, row in ranked.iterrows():
        position = (row["rank_city"] - 1) / (row["n_city"] - 1)
        side = "strength" if position <= 0.2 else "weakness" if position >= 0.8 else None
        found = [i for i in items if i["indicator_id"] == indicator_id]
        assert [i["side"] for i in found] == ([side] if side else []), indicator_id
        if found:
            assert found[0]["position"] == pytest.approx(position)
    item = next(i for i in items if i["side"] == "weakness")
    indicator = demo_monitor.indicator(item["indicator_id"])
    percent = int(100 * item["position"] + 1e-9)
    text = present.assessment_text(item, indicator)
    assert text.startswith(f"Der Wert für „{indicator.label('de')}“ liegt mit ") and "im ungünstigsten Fünftel" in text
    assert f"ungünstiger als in {percent} % der übrigen (Rang {item['rank']} von {item['n']}, Stand 2024; " \
           "ohne Wert der Gesamtstadt, nach der Verteilung bewertet)." in text
    english = present.assessment_text(item, indicator, "en")
    assert f"less favourable than in {percent} % of the others (rank {item['rank']} of {item['n']}" in english
    assert "no whole-city value, rated by the distribution" in english


def test_public_ranks_and_positions_count_published_values_only(public_monitor):
    """A rank or position says nothing about a withheld value: it is taken among the published values of the level
    (Monitor.rated_values), and withheld values are never rated themselves."""
    figures = report.key_figures(public_monitor, "100201", 2024)
    items = [i for i in report.assess(public_monitor, figures.assign(city_value=None)) if i["kind"] == "value"]
    assert items
    withheld_somewhere = False
    for item in items:
        indicator = public_monitor.indicator(item["indicator_id"])
        values = public_monitor.values(item["indicator_id"], item["year"], public_monitor.area("100201")["level"])
        withheld_somewhere |= bool(values["suppressed"].any())
        published = values.loc[~values["suppressed"] & values["value"].notna(), "value"]
        better = published < item["value"] if indicator.polarity == "higher_is_worse" else published > item["value"]
        assert (item["rank"], item["n"]) == (int(better.sum()) + 1, len(published)), item["indicator_id"]
    assert withheld_somewhere  # not vacuous: some of these indicators have withheld areas
    small = report.key_figures(public_monitor, SMALL, 2024)
    withheld = set(small.loc[small["suppressed"], "indicator_id"])
    assert withheld and not {i["indicator_id"] for i in report.assess(public_monitor, small.assign(city_value=None))} & withheld


@pytest.mark.shared_data
def test_the_berlin_case_of_issue_13(berlin_app):
    """Gropiusstadt Mitte: opens at the latest year (2024), not at 2020, whose population shares are estimates
    carried from the one LOR-2006 area it shares with its only sibling (so +0,0 Pp. to the parent); and the MSS
    indicators, which have no city value, give their weaknesses from the distribution."""
    from dashboard.state.profile import available_years

    monitor = berlin_app.monitor  # the session's internal Berlin app
    dataset = monitor.dataset
    years, default = available_years(monitor, "08301036")
    assert dataset.default_year == 2020 and default == max(years) == 2024
    carried = report.key_figures(monitor, "08301036", 2020).set_index("indicator_id").loc["ANT_U6"]
    assert carried["estimate"] and abs(carried["diff_parent"]) < 0.001  # the artefact a 2020 profile showed
    figures = report.key_figures(monitor, "08301036", default)
    measured = figures.set_index("indicator_id").loc["ANT_U6"]
    assert not measured["estimate"] and abs(measured["diff_parent"]) >= 0.05
    items = {i["indicator_id"]: i for i in report.assess(monitor, figures)}
    for indicator_id, rank in (("MSS_S1", 499), ("MSS_K01", 504), ("MSS_K07", 520)):
        item = items[indicator_id]
        assert (item["side"], item["basis"], item["rank"], item["n"]) == ("weakness", "distribution", rank, 536), item


def test_one_rule_for_a_missing_value():
    """reports, the presentation step and the views share methods.values.is_missing (reports may not import present):
    None, NaN of any float type, pandas' NA and NaT are missing; numbers, strings and containers are not."""
    import numpy as np

    from dashboard.methods.values import is_missing

    assert present.is_missing is is_missing and report.is_missing is is_missing and not hasattr(report, "_missing")
    assert all(is_missing(v) for v in (None, float("nan"), np.nan, np.float32("nan"), pd.NA, pd.NaT))
    assert not any(is_missing(v) for v in (0, 0.0, np.float64(2), np.int64(0), "", "x", [None], [np.nan, 1], (np.nan,)))
    assert type(is_missing(np.float64(1))) is bool


def test_trend_line_is_a_series_line():
    """key_figures' trend as one line of reports.series, so the profile splits it and marks its breaks with the trends
    view's functions: years kept (a withheld year without a value too), NaN for no value, flags as booleans."""
    from dashboard.reports import series

    trend = [(2019, 4.0, True, False), (2020, None, False, True), (2021, 5.0, False, False)]
    line = report.trend_line(trend)
    assert list(line.columns) == ["line_id", "year", "value", "suppressed", "estimate"]
    assert line["year"].tolist() == [2019, 2020, 2021] and line["value"].isna().tolist() == [False, True, False]
    assert line["suppressed"].tolist() == [False, True, False] and line["estimate"].tolist() == [True, False, False]
    assert series.split_measured_estimated(line)["estimate"] == [4.0, None, None]
    assert [(b["year"], b["to"]) for b in series.definition_breaks(line)] == [(2020, "measured")]
    assert report.trend_line([]).empty and series.definition_breaks(report.trend_line([])) == []

