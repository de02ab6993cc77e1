"""dashboard/ingest/build.py on tiny hand-made inputs: aggregation, determinism, errors, atomic swap."""
from __future__ import annotations

import json
import logging
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from dashboard.catalog import content_release_id, load_dataset
from dashboard.ingest.build import IngestError, write_dataset

X0, Y0 = 500_000.0, 5_600_000.0  # EPSG:25832, 1-km squares


def square(col: int, row: int) -> shapely.Polygon:
    return shapely.box(X0 + col * 1000, Y0 + row * 1000, X0 + (col + 1) * 1000, Y0 + (row + 1) * 1000)


def make_areas(changes: dict | None = None) -> gpd.GeoDataFrame:
    """Two Bezirke ("01" south, "02" north), each with two Teilgebiete, and the city."""
    records = [
        ("0101", "teil", "Am Bach", "01", square(0, 0)),
        ("0102", "teil", "Lindenhof", "01", square(1, 0)),
        ("0201", "teil", "Birkenweg Nord", "02", square(0, 1)),
        ("0202", "teil", "Eichenfeld", "02", square(1, 1)),
        ("01", "bezirk", "Südstadt", "gesamt", shapely.union_all([square(0, 0), square(1, 0)])),
        ("02", "bezirk", "Nordstadt", "gesamt", shapely.union_all([square(0, 1), square(1, 1)])),
        ("gesamt", "stadt", "Teststadt", None, shapely.box(X0, Y0, X0 + 2000, Y0 + 2000)),
    ]
    frame = gpd.GeoDataFrame([r[:4] for r in records], columns=["area_id", "level", "name", "parent_id"],
                             geometry=[r[4] for r in records], crs="EPSG:25832")
    for (row, column), value in (changes or {}).items():
        frame.at[row, column] = value
    return frame


META = {
    "id": "test", "title": "Teststadt", "city_name": "Teststadt", "attribution": "Testdaten", "license": "CC0-1.0",
    "synthetic": True,
    "levels": [{"id": "teil", "label_de": "Teilgebiet", "label_en": "Part"}, {"id": "bezirk", "label_de": "Bezirk", "label_en": "District"}],
    "defaults": {"indicator": "A1", "year": 2024, "level": "teil"}, "population_indicator": "EW", "min_population": 300,
}


def indicator(id_: str, **fields) -> dict:
    base = {"id": id_, "label_de": id_, "label_en": id_, "description": f"Beschreibung {id_}", "unit": "%",
            "dimension": "Soziales", "polarity": "higher_is_worse", "aggregation": "ratio_of_sums", "source": "Test",
            "stichtag": "31.12.", "kind": "share"}
    base.update(fields)
    return base


INDICATORS = [
    indicator("EW", unit="Personen", dimension="Demografie", polarity="neutral", aggregation="sum", kind="count"),
    indicator("A1", target=10.0),
    indicator("LDEN", unit="dB(A)", dimension="Umwelt", aggregation="weighted_mean", weight="EW", kind="mean"),
    indicator("UL", unit="Klasse", dimension="Umwelt", aggregation="none", kind="class", levels=["teil"],
              classification="categorical", classes=3, categories={1: "gering", 2: "mittel", 3: "hoch"}),
]

POPULATION = {"0101": 1000, "0102": 3000, "0201": 500, "0202": 500}
RECIPIENTS = {"0101": 100, "0102": 30, "0201": 50, "0202": 250}


def make_values() -> pd.DataFrame:
    records = []
    for year in (2023, 2024):
        for n, area in enumerate(POPULATION):
            records.append((area, "EW", year, POPULATION[area], None, None))
            records.append((area, "A1", year, None, RECIPIENTS[area], POPULATION[area]))
            records.append((area, "LDEN", year, 50.0 + n, None, None))
            records.append((area, "UL", year, 1 + n % 3, None, None))
    return pd.DataFrame(records, columns=["area_id", "indicator_id", "year", "value", "numerator", "denominator"])


def build(out: Path, areas=None, values=None, indicators=None, meta=None, notes=None) -> Path:
    return write_dataset(out, meta or META, indicators or INDICATORS, make_areas() if areas is None else areas,
                         make_values() if values is None else values, notes=notes)


def value_of(folder: Path, area: str, indicator_id: str, year: int = 2024) -> pd.Series:
    values = pd.read_parquet(folder / "values.parquet")
    hit = values[(values["area_id"] == area) & (values["indicator_id"] == indicator_id) & (values["year"] == year)]
    assert len(hit) == 1, hit
    return hit.iloc[0]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("ds") / "test", notes={"0101": "Ein Bach fließt hindurch."})


# --------------------------------------------------------------------------------------------
# what gets written


def test_folder_has_the_contract_files(built):
    names = set(snapshot(built))
    assert {"dataset.toml", "indicators.toml", "areas.parquet", "values.parquet", "web/teil.geojson",
            "web/bezirk.geojson", "web/stadt.geojson", "notes/0101.md"} <= names
    dataset = load_dataset(built)
    assert dataset.release == content_release_id(built / "areas.parquet", built / "values.parquet", built / "indicators.toml")
    assert dataset.indicators["A1"].target == 10.0


def test_higher_levels_are_ratio_of_sums_sum_and_weighted_mean(built):
    south = value_of(built, "01", "A1")
    assert (south["numerator"], south["denominator"]) == (130, 4000)
    assert south["value"] == pytest.approx(100 * 130 / 4000)
    assert south["level"] == "bezirk"
    city = value_of(built, "gesamt", "A1")
    assert city["value"] == pytest.approx(100 * 430 / 5000) and city["level"] == "stadt"
    assert value_of(built, "02", "EW")["value"] == 1000
    lden = value_of(built, "01", "LDEN")
    assert lden["value"] == pytest.approx((50 * 1000 + 51 * 3000) / 4000) and bool(lden["estimate"])
    assert not bool(value_of(built, "01", "A1")["estimate"])
    assert value_of(built, "0102", "A1")["value"] == pytest.approx(1.0)  # filled in from the counts


def test_class_indicator_stays_at_its_level(built):
    values = pd.read_parquet(built / "values.parquet")
    assert set(values.loc[values["indicator_id"] == "UL", "level"]) == {"teil"}


def test_values_table_types_and_order(built):
    values = pd.read_parquet(built / "values.parquet")
    assert list(values.columns) == ["area_id", "level", "indicator_id", "year", "value", "numerator", "denominator", "estimate"]
    assert str(values["year"].dtype) == "int16" and str(values["estimate"].dtype) == "bool"
    assert values["numerator"].dtype == np.float64
    rank = values["level"].map({"teil": 0, "bezirk": 1, "stadt": 2})
    assert rank.is_monotonic_increasing


def test_areas_carry_ancestor_ids_and_wgs84(built):
    areas = gpd.read_parquet(built / "areas.parquet")
    assert areas.crs.to_epsg() == 4326
    teil = areas.set_index("area_id").loc["0201"]
    assert teil["parent_id"] == "02" and teil["bezirk_id"] == "02"
    assert pd.isna(areas.set_index("area_id").loc["gesamt", "parent_id"])


def test_web_geometry_is_compact_rounded_and_has_id_name_and_label_point(built):
    text = (built / "web" / "teil.geojson").read_text(encoding="utf-8")
    assert ", " not in text and ": " not in text
    doc = json.loads(text)
    assert doc["type"] == "FeatureCollection"
    assert sorted(f["properties"]["id"] for f in doc["features"]) == ["0101", "0102", "0201", "0202"]
    for feature in doc["features"]:
        assert set(feature["properties"]) == {"id", "name", "label", "label_r"}
        for x, y in feature["geometry"]["coordinates"][0]:
            assert round(x, 5) == x and round(y, 5) == y
        assert shapely.Polygon(feature["geometry"]["coordinates"][0]).exterior.is_ccw  # RFC 7946 right-hand rule
    geoms = [shapely.geometry.shape(f["geometry"]) for f in doc["features"]]
    assert bool(shapely.coverage_is_valid(geoms))


def test_output_is_deterministic(tmp_path):
    first, second = build(tmp_path / "a"), build(tmp_path / "b")
    assert load_dataset(first).release == load_dataset(second).release
    assert snapshot(first) == snapshot(second)


def test_root_is_added_when_missing(tmp_path):
    areas = make_areas()
    areas = areas[areas["level"] != "stadt"].copy()
    areas.loc[areas["level"] == "bezirk", "parent_id"] = None
    folder = build(tmp_path / "x", areas=areas)
    assert value_of(folder, "gesamt", "EW")["value"] == 5000


def test_any_crs_is_reprojected(tmp_path):
    folder = build(tmp_path / "x", areas=make_areas().to_crs("EPSG:3035"))
    areas = gpd.read_parquet(folder / "areas.parquet")
    assert areas.crs.to_epsg() == 4326 and 8.99 < areas.total_bounds[0] < 9.01


def test_invalid_polygon_is_repaired_and_reported(tmp_path, caplog):
    bowtie = shapely.Polygon([(X0, Y0), (X0 + 1000, Y0 + 1000), (X0 + 1000, Y0), (X0, Y0 + 1000)])
    areas = make_areas({(0, "geometry"): bowtie})
    with caplog.at_level(logging.WARNING, logger="dashboard.ingest.build"):
        folder = build(tmp_path / "x", areas=areas)
    assert "repariert" in caplog.text and "0101" in caplog.text
    assert gpd.read_parquet(folder / "areas.parquet").is_valid.all()


def test_missing_child_values_leave_parent_empty(tmp_path):
    values = make_values()
    values = values[~((values["area_id"] == "0102") & (values["indicator_id"] == "EW") & (values["year"] == 2024))]
    folder = build(tmp_path / "x", values=values)
    result = pd.read_parquet(folder / "values.parquet")
    ew = result[(result["indicator_id"] == "EW") & (result["year"] == 2024)]
    assert "01" not in set(ew["area_id"]) and "02" in set(ew["area_id"]) and "gesamt" not in set(ew["area_id"])


def test_supplied_higher_level_rows(tmp_path):
    extra = pd.DataFrame([("01", "A1", 2024, 99.0, 99, 100), ("01", "EW", 2022, 777, None, None)],
                         columns=["area_id", "indicator_id", "year", "value", "numerator", "denominator"])
    folder = build(tmp_path / "x", values=pd.concat([make_values(), extra], ignore_index=True))
    assert value_of(folder, "01", "A1")["value"] == pytest.approx(100 * 130 / 4000)  # computed wins
    assert value_of(folder, "01", "EW", 2022)["value"] == 777  # nothing computed for 2022: kept


# --------------------------------------------------------------------------------------------
# errors: German message with column and value; existing dataset untouched


def _values_with(row: int, **changes) -> pd.DataFrame:
    values = make_values().astype(object)
    for column, value in changes.items():
        values.at[row, column] = value
    return values


A1_ROW = 1  # the first A1 row: area 0101, 2023, 100 of 1000

BAD_VALUES = [
    ("unknown area", _values_with(A1_ROW, area_id="9999"), ["area_id", "'9999'", "Zeile 2"]),
    ("unknown indicator", _values_with(A1_ROW, indicator_id="Z9"), ["indicator_id", "'Z9'"]),
    ("duplicate", pd.concat([make_values(), make_values().iloc[[A1_ROW]]], ignore_index=True), ["mehrfach", "'0101'", "'A1'", "2023"]),
    ("not a number", _values_with(A1_ROW, value="zehn"), ["value", "'zehn'", "keine Zahl"]),
    ("comma decimal", _values_with(A1_ROW, numerator="1,5"), ["numerator", "'1,5'"]),
    ("share over 100", _values_with(A1_ROW, value=120.0, numerator=None, denominator=None), ["value", "120", "außerhalb"]),
    ("numerator > denominator", _values_with(A1_ROW, numerator=1500), ["numerator", "1500", "größer"]),
    ("negative count", _values_with(A1_ROW, denominator=-5), ["denominator", "-5", "negativ"]),
    ("negative population", _values_with(0, value=-1), ["value", "-1", "negativ"]),
    ("value contradicts counts", _values_with(A1_ROW, value=42.0), ["value", "42", "numerator/denominator"]),
    ("bad year", _values_with(A1_ROW, year="2024a"), ["year", "'2024a'"]),
    ("unknown class", _values_with(3, value=7), ["value", "7", "Klasse"]),
]


@pytest.mark.parametrize("case, values, expected", BAD_VALUES, ids=[c[0] for c in BAD_VALUES])
def test_bad_values_raise_german_message(tmp_path, case, values, expected):
    with pytest.raises(IngestError) as error:
        build(tmp_path / "x", values=values)
    for part in expected:
        assert part in str(error.value), str(error.value)
    assert not (tmp_path / "x").exists()
    assert list(tmp_path.iterdir()) == []


def _without_crs() -> gpd.GeoDataFrame:
    areas = make_areas()
    return gpd.GeoDataFrame(areas.drop(columns="geometry"), geometry=list(areas.geometry), crs=None)


BAD_AREAS = [
    ("duplicate id", make_areas({(1, "area_id"): "0101"}), ["area_id", "'0101'", "eindeutig"]),
    ("parent missing", make_areas({(0, "parent_id"): "07"}), ["parent_id", "'07'", "0101"]),
    ("parent at wrong level", make_areas({(0, "parent_id"): "0102"}), ["parent_id", "'0102'", "'bezirk'"]),
    ("unknown level", make_areas({(0, "level"): "block"}), ["level", "'block'"]),
    ("empty geometry", make_areas({(0, "geometry"): shapely.Polygon()}), ["geometry", "leer", "0101"]),
    ("point geometry", make_areas({(0, "geometry"): shapely.Point(X0, Y0)}), ["geometry", "'Point'"]),
    # a sliver: valid and not empty, but below the web coordinates' precision it would vanish from the map
    ("area too small to draw", make_areas({(0, "geometry"): shapely.box(X0 + 500, Y0 + 500, X0 + 500.3, Y0 + 500.3)}),
     ["geometry", "'0101'", "0,09 m²", "verschwindet"]),
    ("no crs", _without_crs(), ["CRS"]),
]


@pytest.mark.parametrize("case, areas, expected", BAD_AREAS, ids=[c[0] for c in BAD_AREAS])
def test_bad_areas_raise_german_message(tmp_path, case, areas, expected):
    with pytest.raises(IngestError) as error:
        build(tmp_path / "x", areas=areas)
    for part in expected:
        assert part in str(error.value), str(error.value)
    assert list(tmp_path.iterdir()) == []


def test_bad_registry_raises_ingest_error(tmp_path):
    broken = [dict(INDICATORS[0]), indicator("A1", polarity="schlecht"), *INDICATORS[2:]]
    with pytest.raises(IngestError, match="polarity.*'schlecht'"):
        build(tmp_path / "x", indicators=broken)
    assert list(tmp_path.iterdir()) == []


def test_default_year_without_values_is_rejected(tmp_path):
    meta = dict(META, defaults={"indicator": "A1", "year": 2030, "level": "teil"})
    with pytest.raises(IngestError, match="2030"):
        build(tmp_path / "x", meta=meta)


def test_failed_import_leaves_existing_dataset_untouched(tmp_path):
    folder = build(tmp_path / "live")
    before = snapshot(folder)
    with pytest.raises(IngestError):
        build(tmp_path / "live", values=_values_with(A1_ROW, numerator=1500))
    assert snapshot(folder) == before
    assert [p.name for p in tmp_path.iterdir()] == ["live"]  # no temporary or set-aside folders left


def test_successful_import_replaces_existing_dataset(tmp_path):
    folder = build(tmp_path / "live")
    (folder / "stale.txt").write_text("alt", encoding="utf-8")
    values = make_values()
    values.loc[values["indicator_id"] == "EW", "value"] += 1
    build(tmp_path / "live", values=values)
    assert not (folder / "stale.txt").exists()
    assert value_of(folder, "01", "EW")["value"] == 4002
    assert [p.name for p in tmp_path.iterdir()] == ["live"]


def test_extra_files_are_swapped_in_with_the_dataset_and_paths_are_checked(tmp_path):
    """Files like a shipped Sitzungsmappe go through the same temporary folder and swap."""
    def build(extra):
        return write_dataset(tmp_path / "stadt", META, INDICATORS, make_areas(), make_values(), extra_files=extra)

    out = build({"sitzungsmappen/a.toml": 'title = "A"\n'})
    assert (out / "sitzungsmappen" / "a.toml").read_text(encoding="utf-8") == 'title = "A"\n'
    for bad in ("../ausserhalb.toml", "/etc/x", "web/planungsraum.geojson"):
        with pytest.raises(IngestError, match="Zusatzdatei"):
            build({bad: "x"})
    assert (out / "sitzungsmappen" / "a.toml").exists()  # the failed imports left the dataset as it was
