"""dashboard/reports/series.py: trend lines with references, estimate/break handling, change classes.

Most tests use the demo data through the real store; the break between estimated and measured
values needs a series that changes basis, so a tiny dataset with such a series is built once.
"""
from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from dashboard.catalog import load_dataset
from dashboard.ingest.build import write_dataset
from dashboard.monitor import Monitor
from dashboard.present import LegendEntry, change_label
from dashboard.reports import series as report
from dashboard.store import Store


# -- a tiny dataset whose series switch from estimates (carried across a boundary change) to measurements
def _box(col: int) -> shapely.Polygon:
    return shapely.box(500_000 + col * 1000, 5_600_000, 500_000 + (col + 1) * 1000, 5_601_000)


@pytest.fixture(scope="module")
def carried(tmp_path_factory) -> Monitor:
    return build_carried(tmp_path_factory.mktemp("carried"))


def build_carried(folder: Path) -> Monitor:
    """Three Teilgebiete whose A1/EW series are estimates up to 2020 and measured from 2021; 0102 lacks 2021."""
    areas = gpd.GeoDataFrame(
        [("0101", "teil", "Am Bach", "01"), ("0102", "teil", "Lindenhof", "01"), ("0103", "teil", "Klein", "01"),
         ("01", "bezirk", "Südstadt", "gesamt"), ("gesamt", "stadt", "Teststadt", None)],
        columns=["area_id", "level", "name", "parent_id"],
        geometry=[_box(0), _box(1), _box(2), shapely.union_all([_box(0), _box(1), _box(2)]), shapely.box(500_000, 5_600_000, 503_000, 5_601_000)],
        crs="EPSG:25832")
    meta = {"id": "carried", "title": "Teststadt", "city_name": "Teststadt", "attribution": "Testdaten", "license": "CC0-1.0",
            "levels": [{"id": "teil", "label_de": "Teilgebiet", "label_en": "Part"}, {"id": "bezirk", "label_de": "Bezirk", "label_en": "District"}],
            "defaults": {"indicator": "A1", "year": 2024, "level": "teil"}, "population_indicator": "EW", "min_population": 300}
    common = {"description": "Test", "source": "Test", "stichtag": "31.12.", "dimension": "Soziales"}
    indicators = [
        {"id": "EW", "label_de": "EW", "label_en": "EW", "unit": "Personen", "polarity": "neutral", "aggregation": "sum",
         "kind": "count", **common, "dimension": "Demografie"},
        {"id": "A1", "label_de": "SGB II", "label_en": "A1", "unit": "%", "polarity": "higher_is_worse",
         "aggregation": "ratio_of_sums", "kind": "share", "min_denominator": 200, "target": 10.0, "threshold": 20.0,
         "estimate_note": "Bis 2020 auf die neuen Gebiete umgerechnet.", **common},
    ]
    records = []
    population = {"0101": 1000, "0102": 2000, "0103": 150}
    for year in range(2018, 2025):
        for area, pop in population.items():
            if area == "0102" and year == 2021:
                continue  # a year without a value: a gap, never interpolated
            estimate = year <= 2020
            records.append((area, "EW", year, pop, None, None, estimate))
            records.append((area, "A1", year, None, 10 + year - 2018, pop, estimate))
    values = pd.DataFrame(records, columns=["area_id", "indicator_id", "year", "value", "numerator", "denominator", "estimate"])
    folder = write_dataset(folder / "carried", meta, indicators, areas, values)
    dataset = load_dataset(folder)
    return Monitor(dataset, Store(dataset.path))


# -- trend lines ------------------------------------------------------------------------------------
def test_trend_frame_has_areas_parents_and_city_with_monitor_values(demo_monitor):
    frame = report.trend_frame(demo_monitor, "A1", "planungsraum", ["01010101", "01020101"])
    roles = frame.drop_duplicates("line_id").set_index("line_id")["role"].to_dict()
    parents = {demo_monitor.ancestors(a)[0]["area_id"] for a in ("01010101", "01020101")}
    assert roles == {"01010101": "area", "01020101": "area", **{p: "parent" for p in parents}, "gesamt": "city"}
    years = demo_monitor.years("A1", "planungsraum")
    expected = demo_monitor.series("A1", "planungsraum", ["01010101"]).set_index("year")["value"]
    own = frame[frame["line_id"] == "01010101"].set_index("year")["value"]
    assert list(own.index) == years
    np.testing.assert_allclose(own.to_numpy(), expected.reindex(years).to_numpy())
    city = frame[frame["role"] == "city"].set_index("year")["value"]
    np.testing.assert_allclose(city.to_numpy(), demo_monitor.series("A1", "stadt").set_index("year")["value"].reindex(city.index))


def test_trend_frame_without_reference_and_foreign_levels(demo_monitor):
    frame = report.trend_frame(demo_monitor, "A1", "planungsraum", ["01010101", "010101", "gibt-es-nicht"], reference=False)
    assert set(frame["line_id"]) == {"01010101"}  # a Bezirksregion is not a line on the Planungsraum chart
    both = report.trend_frame(demo_monitor, "A1", "bezirksregion", ["010101", "010102"])
    parents = both[both["role"] == "parent"]["line_id"].unique()
    assert list(parents) == ["0101"]  # a shared parent is drawn once


def test_public_trend_has_gaps_for_withheld_values(demo_monitor, public_monitor):
    internal = report.trend_frame(demo_monitor, "A1", "planungsraum", ["01010302"], reference=False)
    public = report.trend_frame(public_monitor, "A1", "planungsraum", ["01010302"], reference=False)
    assert internal["suppressed"].all() and internal["value"].notna().all()
    assert public["suppressed"].all() and public["value"].isna().all()
    _, rows = report.trend_table(public, public=True)
    assert all(c["kind"] == "withheld" and c["value"] is None for c in rows[0]["cells"])
    _, rows = report.trend_table(internal, public=False)
    assert all(c["withheld"] and c["value"] is not None for c in rows[0]["cells"])


def test_lines_without_any_value_are_no_lines(demo_monitor, public_monitor):
    """A line of gaps only is not drawn: an area whose every value is withheld in public mode; and an indicator
    published for small areas only has no parent or city line at all (UL: classes of Planungsräume)."""
    public = report.trend_frame(public_monitor, "A1", "planungsraum", ["01010302", "01010101"])
    assert public[public["line_id"] == "01010302"]["value"].isna().all()  # in the frame (the table says "keine Angabe")
    assert "01010302" not in report.lines_with_values(public) and report.lines_with_values(public)[0] == "01010101"
    assert "01010302" in report.lines_with_values(report.trend_frame(demo_monitor, "A1", "planungsraum", ["01010302"]))
    classes = report.trend_frame(demo_monitor, "UL", "planungsraum", ["01010101", "01010102"])
    assert set(classes["role"]) == {"area"} and report.lines_with_values(classes) == ["01010101", "01010102"]
    assert report.lines_with_values(report.trend_frame(demo_monitor, "UL", "planungsraum", [])) == []  # no city value: nothing


@pytest.fixture(scope="module")
def strict_public(demo_monitor):
    """The demo data in public mode with a threshold of 5000 residents: every Planungsraum's A1 is withheld, the
    Bezirke's are published (disclosure control takes some seconds: computed once)."""
    from dataclasses import replace

    return Monitor(replace(demo_monitor.dataset, min_population=5000), demo_monitor.store, public=True)


def test_years_with_values_are_what_the_mode_shows(demo_monitor, strict_public):
    """The years an empty state offers: those with a value the mode shows. With every Planungsraum withheld, public
    has no year at that level although monitor.years (the data) lists ten."""
    public = strict_public
    assert public.years("A1", "planungsraum") == list(range(2015, 2025))
    assert report.years_with_values(public, "A1", "planungsraum") == {}
    assert list(report.years_with_values(public, "A1", "bezirk")) == list(range(2015, 2025))
    assert list(report.years_with_values(demo_monitor, "UL", "planungsraum")) == [2017, 2019, 2021, 2023]
    assert all(found == {"UL": True} for found in report.years_with_values(demo_monitor, "UL", "planungsraum").values())


def test_example_areas_have_a_value_the_mode_shows(demo_monitor, public_monitor, strict_public):
    first = report.example_areas(demo_monitor, "planungsraum", indicator_id="A1", year=2024)
    assert [a["area_id"] for a in first] == ["01010101", "01010102", "01010103"]
    public = [a["area_id"] for a in report.example_areas(public_monitor, "planungsraum", n=400, indicator_id="A1", year=2024)]
    assert "01010302" not in public and public[:1] == ["01010101"]  # withheld in public: no example
    assert report.example_areas(strict_public, "planungsraum", indicator_id="A1", year=2024) == []
    skipped = report.example_areas(demo_monitor, "planungsraum", n=2, skip=("01010101",), parent="010101")
    assert [a["area_id"] for a in skipped] == ["01010102", "01010103"]


def test_public_trends_empty_state_offers_only_published_years(strict_public):
    """Public mode: a Planungsraum whose every value is withheld (no reference lines): the empty state says the values
    are not published and offers neither a year nor a map nor example areas of that level - the data have ten years
    there, the public none. The Bezirke, which are published, do name their years and the map."""
    from dashboard.state.trends import TrendsState
    from dashboard.ui import trends as view

    state = TrendsState.from_query(strict_public, {"indikator": "A1", "ebene": "planungsraum", "gebiete": "01010101", "ref": "0"})
    text = str(view.content(strict_public, state)["empty"])
    assert "werden keine Werte" in text and "zu geringe Fallzahlen" in text
    assert "hat der Indikator Werte für" not in text and "als Karte" not in text and "Zeitreihe für" not in text
    state = TrendsState.from_query(strict_public, {"indikator": "A1", "ebene": "bezirk", "gebiete": "01", "ref": "0"})
    assert view.content(strict_public, state)["empty"] == []  # published: drawn


def test_estimates_are_split_from_measurements_and_gaps_stay(carried):
    frame = report.trend_frame(carried, "A1", "teil", ["0102"], reference=False)
    parts = report.split_measured_estimated(frame)
    assert parts["years"] == list(range(2018, 2025))
    assert [v is not None for v in parts["estimate"]] == [True, True, True, False, False, False, False]
    assert [v is not None for v in parts["measured"]] == [False, False, False, False, True, True, True]
    # never both at one year: the two traces cannot join an estimate to a measurement
    assert not any(m is not None and e is not None for m, e in zip(parts["measured"], parts["estimate"]))
    assert parts["estimate"][0] == pytest.approx(100 * 10 / 2000)


def test_definition_break_where_estimates_end(carried):
    frame = report.trend_frame(carried, "A1", "teil", ["0101", "0102"])
    breaks = {(b["line_id"], b["year"], b["previous_year"], b["to"]) for b in report.definition_breaks(frame)}
    assert ("0101", 2021, 2020, "measured") in breaks
    assert ("0102", 2022, 2020, "measured") in breaks  # across the missing 2021
    assert all(b[3] == "measured" for b in breaks)
    no_change = pd.DataFrame({"line_id": "x", "year": [2019, 2020], "value": [1.0, 2.0], "suppressed": False, "estimate": True})
    assert report.definition_breaks(no_change) == []
    back = pd.DataFrame({"line_id": "x", "year": [2019, 2020], "value": [1.0, 2.0], "suppressed": False, "estimate": [False, True]})
    assert report.definition_breaks(back)[0]["to"] == "estimate"


def test_trend_table_marks_estimates(carried):
    frame = report.trend_frame(carried, "A1", "teil", ["0101"], reference=False)
    years, rows = report.trend_table(frame, public=False)
    cells = dict(zip(years, rows[0]["cells"]))
    from dashboard.methods import uncertainty

    (lower,), (upper,) = uncertainty.interval(10, 1000, uncertainty.WILSON)  # the band: Wilson interval of the carried counts
    assert cells[2018] == {"value": pytest.approx(1.0), "kind": "value", "estimate": True, "withheld": False,  # 10 of 1000
                           "lower": pytest.approx(lower), "upper": pytest.approx(upper)}
    assert {k: cells[2024][k] for k in ("value", "kind", "estimate", "withheld")} == {
        "value": pytest.approx(1.6), "kind": "value", "estimate": False, "withheld": False}
    assert cells[2024]["lower"] < 1.6 < cells[2024]["upper"]


# -- change between two years ----------------------------------------------------------------------
def test_change_is_after_minus_before(demo_monitor):
    bundle = report.change_bundle(demo_monitor, "A1", "planungsraum", 2018, 2024)
    before = demo_monitor.values("A1", 2018, "planungsraum").set_index("area_id")["value"]
    after = demo_monitor.values("A1", 2024, "planungsraum").set_index("area_id")["value"]
    table = bundle.table
    shown = table[~table["suppressed"]]
    np.testing.assert_allclose(shown["change"], (after - before).reindex(shown.index))
    assert bundle.percent_points
    assert len(table) == len(demo_monitor.areas("planungsraum"))
    assert (table.loc[table["suppressed"], "klass"] == -2).all() and bundle.n_suppressed == int(table["suppressed"].sum()) > 0
    # every other class follows the bounds
    lo, hi = bundle.bounds[2], bundle.bounds[3]
    middle = shown[(shown["change"] >= lo) & (shown["change"] <= hi)]
    assert (middle["klass"] == 3).all() and len(middle)
    assert (shown.loc[shown["change"] > bundle.bounds[5], "klass"] == 6).all()
    assert (shown.loc[shown["change"] < bundle.bounds[0], "klass"] == 0).all()
    # hideout: values only for shown areas, withheld ones only internally
    assert set(bundle.hideout["values"]) == set(shown.index[shown["change"].notna()])
    assert set(bundle.hideout["withheld"]) == set(table.index[table["suppressed"]])


def test_public_change_never_carries_withheld_values(public_monitor):
    bundle = report.change_bundle(public_monitor, "A1", "planungsraum", 2018, 2024)
    withheld = bundle.table.index[bundle.table["suppressed"]]
    assert len(withheld) and "withheld" not in bundle.hideout
    assert not set(withheld) & set(bundle.hideout["values"])
    assert bundle.table.loc[withheld, "change"].isna().all()
    assert all(bundle.hideout["classes"][a] == -2 for a in withheld)


def test_change_classes_are_symmetric_around_zero():
    bounds = [-2.5, -1.5, -0.5, 0.5, 1.5, 2.5]
    values = [-3, -2.5, -2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2, 2.5, 3, np.nan]
    assert list(report.change_classes(values, bounds)) == [0, 1, 1, 2, 2, 3, 3, 3, 4, 4, 5, 5, 6, -1]
    assert list(report.change_classes([-x for x in values[:-1]], bounds)) == [6, 5, 5, 4, 4, 3, 3, 3, 2, 2, 1, 1, 0]


def test_change_bounds_are_round_and_printable():
    bounds, decimals = report.change_bounds([0.1, -3.0, 2.9, 0.0], 1)
    assert bounds == [-2.5, -1.5, -0.5, 0.5, 1.5, 2.5] and decimals == 1
    bounds, decimals = report.change_bounds([0.0, 0.0], 1)  # nothing changed: one step of the last decimal
    assert bounds[3] == 0.05 and decimals == 2
    assert report.nice_step(0.7) == 1 and report.nice_step(1.2) == 2 and report.nice_step(2.2) == 2.5 and report.nice_step(30) == 50


def test_palette_is_polarity_aware(demo_monitor):
    worse = report.change_bundle(demo_monitor, "A1", "bezirk", 2015, 2024).colors
    better = report.change_bundle(demo_monitor, "D4", "bezirk", 2015, 2024).colors
    neutral = report.change_bundle(demo_monitor, "EW", "bezirk", 2015, 2024).colors
    assert worse[6] == better[0] == "#b2182b"  # the worsening end is red
    assert worse[0] == better[6] == "#2166ac"
    assert neutral == report.PUOR_7 and neutral[3] == worse[3] == "#f7f7f7"


def test_change_legend_and_estimates(demo_monitor):
    bundle = report.change_bundle(demo_monitor, "LDEN", "bezirksregion", 2015, 2024)
    assert not bundle.percent_points
    assert bundle.n_estimates == len(bundle.table) == len(bundle.hideout["estimates"])  # weighted means above Planungsraum
    # language-neutral: classes as kind "change" with their bounds, no words in legend or hideout
    assert [e.kind for e in bundle.legend[:7]] == ["change"] * 7 and [e.code for e in bundle.legend[:7]] == list(range(7))
    assert bundle.legend[0].lower is None and bundle.legend[0].upper == bundle.bounds[0]
    assert (bundle.legend[3].lower, bundle.legend[3].upper) == (bundle.bounds[2], bundle.bounds[3])
    assert bundle.legend[6].lower == bundle.bounds[5] and bundle.legend[6].upper is None
    assert bundle.legend[-1].kind == "no_data"
    assert not {k for k in bundle.hideout if k.endswith("Label") or k in ("label", "unit", "locale")}
    labels = [change_label(e, bundle.decimals) for e in bundle.legend]
    assert labels[3].endswith("(etwa unverändert)") and labels[0].startswith("unter −")
    assert labels[-1] == "keine Daten in einem der Jahre"


def test_change_indicators_leave_out_classes(demo_monitor):
    ids = {i.id for i in report.change_indicators(demo_monitor)}
    assert "A1" in ids and "UL" not in ids and "EW" in ids


def test_change_labels_one_copy_signed_per_language():
    """present.change_label is the one wording of the change classes: bounds signed with a true minus, a rounded
    zero without sign, the page's number format."""
    bounds = [-2.5, -1.5, -0.5, 0.5, 1.5, 2.5]
    entries = [LegendEntry("#000", "change", lower=bounds[k - 1] if k else None, upper=bounds[k] if k < 6 else None, code=k)
               for k in range(7)]
    assert [change_label(e, 1) for e in entries] == [
        "unter \u22122,5", "\u22122,5 bis unter \u22121,5", "\u22121,5 bis unter \u22120,5",
        "\u22120,5 bis +0,5 (etwa unverändert)", "über +0,5 bis +1,5", "über +1,5 bis +2,5", "über +2,5"]
    assert change_label(entries[4], 1, "en") == "above +0.5 to +1.5"
    assert change_label(LegendEntry("#ccc", "withheld", hatched=True), 1, "en").startswith("no value")
    tiny = LegendEntry("#000", "change", lower=-0.0001, upper=0.0001, code=3)
    assert "-" not in change_label(tiny, 2) and change_label(tiny, 2).startswith("±0,00")
