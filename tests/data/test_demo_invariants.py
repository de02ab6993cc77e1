"""Invariants of the committed demo dataset data/demo (the app's offline default)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pyproj
import pytest
import shapely

from dashboard.catalog import content_release_id, load_dataset
from dashboard.ingest.demo import build_demo

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo"
LEVELS = ["planungsraum", "bezirksregion", "prognoseraum", "bezirk"]
ID_LENGTH = {"bezirk": 2, "prognoseraum": 4, "bezirksregion": 6, "planungsraum": 8}


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(DEMO)


@pytest.fixture(scope="module")
def areas() -> gpd.GeoDataFrame:
    return gpd.read_parquet(DEMO / "areas.parquet")


@pytest.fixture(scope="module")
def metric(areas) -> gpd.GeoDataFrame:
    return areas.to_crs("EPSG:25832")


@pytest.fixture(scope="module")
def values() -> pd.DataFrame:
    return pd.read_parquet(DEMO / "values.parquet")


def web(level: str) -> dict:
    return json.loads((DEMO / "web" / f"{level}.geojson").read_text(encoding="utf-8"))


def test_dataset_loads_with_expected_defaults(dataset):
    assert dataset.synthetic and dataset.city_name == "Musterstadt" and dataset.license == "CC0-1.0"
    assert dataset.level_ids == LEVELS
    assert (dataset.default_indicator, dataset.default_year, dataset.default_level) == ("A1", 2024, "planungsraum")
    assert dataset.release == release_of(DEMO)


def test_total_size_below_5_mb():
    size = sum(p.stat().st_size for p in DEMO.rglob("*") if p.is_file())
    assert size < 5 * 1024 * 1024, size


def test_level_counts_are_berlin_like(areas):
    counts = areas["level"].value_counts()
    assert 400 <= counts["planungsraum"] <= 600
    assert 110 <= counts["bezirksregion"] <= 170
    assert 45 <= counts["prognoseraum"] <= 65
    assert counts["bezirk"] == 12 and counts["stadt"] == 1


def test_names_unique_within_level(areas):
    assert not areas.duplicated(["level", "name"]).any()
    assert areas["name"].str.len().min() > 2


@pytest.mark.parametrize("level", LEVELS + ["stadt"])
def test_ids_match_between_web_geometry_areas_and_values(level, areas, values):
    doc = web(level)
    web_ids = sorted(f["properties"]["id"] for f in doc["features"])
    area_ids = sorted(areas.loc[areas["level"] == level, "area_id"])
    assert web_ids == area_ids
    assert all(set(f["properties"]) == {"id", "name", "label", "label_r"} for f in doc["features"])
    value_ids = set(values.loc[values["level"] == level, "area_id"])
    assert value_ids == set(area_ids)  # every area at every level has values


def test_values_reference_known_areas_indicators_and_levels(dataset, areas, values):
    assert set(values["area_id"]) <= set(areas["area_id"])
    assert set(values["indicator_id"]) == set(dataset.indicators)
    level_of = dict(zip(areas["area_id"], areas["level"]))
    assert (values["area_id"].map(level_of) == values["level"]).all()
    assert not values.duplicated(["area_id", "indicator_id", "year"]).any()
    assert sorted(values["year"].unique()) == list(range(2015, 2025))


def test_hierarchy_is_strictly_nested_with_berlin_style_ids(areas):
    by_id = areas.set_index("area_id")
    parent_level = dict(zip(LEVELS, LEVELS[1:] + ["stadt"]))
    for area_id, row in by_id.iterrows():
        if row["level"] == "stadt":
            assert area_id == "gesamt" and pd.isna(row["parent_id"])
            continue
        assert len(area_id) == ID_LENGTH[row["level"]]
        parent = row["parent_id"]
        assert by_id.loc[parent, "level"] == parent_level[row["level"]]
        if row["level"] != "bezirk":
            assert area_id.startswith(parent)
    plr = by_id[by_id["level"] == "planungsraum"]
    for area_id, row in plr.iterrows():  # the smallest level carries all ancestor ids, consistent with parent_id
        assert row["bezirksregion_id"] == row["parent_id"]
        assert row["prognoseraum_id"] == by_id.loc[row["bezirksregion_id"], "parent_id"]
        assert row["bezirk_id"] == by_id.loc[row["prognoseraum_id"], "parent_id"] == area_id[:2]


def test_no_gaps_or_overlaps(metric):
    outline = metric.loc[metric["level"] == "stadt", "geometry"].iloc[0]
    for level in LEVELS:
        parts = metric.loc[metric["level"] == level, "geometry"].to_numpy()
        union = shapely.union_all(parts)
        assert abs(union.area - outline.area) / outline.area < 0.005, level
        assert abs(shapely.area(parts).sum() - union.area) / union.area < 0.001, level  # overlaps negligible
        assert all(shapely.is_valid(parts))


def test_children_cover_their_parent(metric):
    by_id = metric.set_index("area_id")
    for level in ("bezirksregion", "bezirk"):
        for area_id, parent in by_id[by_id["level"] == level].geometry.items():
            children = by_id[by_id["parent_id"] == area_id].geometry.to_numpy()
            assert abs(shapely.union_all(children).area - parent.area) / parent.area < 1e-6


def test_web_geometry_keeps_shared_borders():
    for level in LEVELS:
        geoms = [shapely.geometry.shape(f["geometry"]) for f in web(level)["features"]]
        assert bool(shapely.coverage_is_valid(geoms)), level


def test_shares_are_within_range_and_counts_consistent(dataset, values):
    kinds = {i: ind.kind for i, ind in dataset.indicators.items()}
    shares = values[values["indicator_id"].map(kinds) == "share"]
    assert shares["value"].dropna().between(0, 100).all()
    assert (shares["numerator"] <= shares["denominator"]).all()
    assert (shares["numerator"] >= 0).all() and (shares["denominator"] >= 0).all()
    counted = values[values["indicator_id"].map(kinds).isin(["share", "rate"])]
    assert (counted["numerator"] == counted["numerator"].round()).all()
    assert counted["numerator"].notna().all() and counted["denominator"].notna().all()


def test_age_group_denominators_fit_population(values):
    plr = values[values["level"] == "planungsraum"]
    wide_den = plr.pivot_table(index=["area_id", "year"], columns="indicator_id", values="denominator")
    ew = plr[plr["indicator_id"] == "EW"].set_index(["area_id", "year"])["value"]
    for indicator_id in ("A1", "A3", "A4", "A5", "D4", "B6"):
        assert (wide_den[indicator_id] <= ew.reindex(wide_den.index)).all(), indicator_id
    assert (wide_den["A3"] <= wide_den["A5"]).all()  # under 15 within under 25
    bzr = values[values["level"] == "bezirksregion"].pivot_table(index=["area_id", "year"], columns="indicator_id", values="denominator")
    assert (bzr["B1"] <= bzr["D4"]).all()  # five-year-olds (school-entry exam, published from BZR up) among the under-sixes


def test_every_indicator_is_documented(dataset):
    assert 18 <= len(dataset.indicators) <= 30
    for indicator in dataset.indicators.values():
        for field in ("label_de", "label_en", "description", "unit", "source", "stichtag", "dimension"):
            assert getattr(indicator, field).strip(), (indicator.id, field)
        assert "Fiktive Beispieldaten (Musterstadt)" in indicator.source
    dimensions = {ind.dimension for ind in dataset.indicators.values()}
    assert {"Soziales", "Umwelt", "Gesundheit", "Bildung", "Demografie"} <= dimensions
    assert any(not ind.public for ind in dataset.indicators.values())
    assert dataset.indicators["D4"].target is not None
    assert dataset.indicators["E6"].stichtag == "01.07."


def test_burden_classes(dataset, values):
    for indicator_id in ("UL", "UN", "UT", "UG", "US"):
        indicator = dataset.indicators[indicator_id]
        assert indicator.kind == "class" and indicator.aggregation == "none" and indicator.levels == ("planungsraum",)
        rows = values[values["indicator_id"] == indicator_id]
        assert set(rows["year"]) == {2017, 2019, 2021, 2023}
        assert set(rows["level"]) == {"planungsraum"}
        assert set(rows["value"]) == {1.0, 2.0, 3.0}, indicator_id


def test_burden_classes_agree_with_continuous_indicators(values):
    plr = values[(values["level"] == "planungsraum") & (values["year"] == 2023)].pivot(index="area_id", columns="indicator_id", values="value")
    assert plr.groupby("UN")["LDEN"].mean().is_monotonic_increasing
    assert plr.groupby("UG")["D3"].mean().is_monotonic_decreasing
    assert plr.groupby("US")["A1"].mean().is_monotonic_increasing


@pytest.mark.parametrize("indicator_id, year", [("A1", 2024), ("A3", 2015), ("D4", 2020)])
def test_higher_levels_are_ratio_of_sums_of_children(areas, values, indicator_id, year):
    rows = values[(values["indicator_id"] == indicator_id) & (values["year"] == year)].set_index("area_id")
    by_level = areas.set_index("area_id")
    plr = by_level[by_level["level"] == "planungsraum"]
    for level in ("bezirksregion", "prognoseraum", "bezirk"):
        groups = plr.groupby(f"{level}_id").groups
        for area_id in list(groups)[:5]:
            children = rows.loc[list(groups[area_id])]
            expected = 100 * children["numerator"].sum() / children["denominator"].sum()
            assert rows.loc[area_id, "value"] == pytest.approx(expected)
            assert rows.loc[area_id, "numerator"] == children["numerator"].sum()
    city = rows.loc["gesamt"]
    assert city["value"] == pytest.approx(100 * rows.loc[plr.index, "numerator"].sum() / rows.loc[plr.index, "denominator"].sum())


def test_weighted_mean_is_marked_as_estimate(values):
    lden = values[values["indicator_id"] == "LDEN"]
    assert not lden.loc[lden["level"] == "planungsraum", "estimate"].any()
    assert lden.loc[lden["level"] != "planungsraum", "estimate"].all()
    assert not values.loc[values["indicator_id"] == "A1", "estimate"].any()


def test_some_planungsraeume_have_few_inhabitants(values):
    ew = values[(values["level"] == "planungsraum") & (values["indicator_id"] == "EW") & (values["year"] == 2024)]
    assert 5 <= (ew["value"] < 300).sum() <= 8
    assert 300_000 < ew["value"].sum() < 1_500_000


def test_values_have_plausible_magnitude(values):
    a1 = values[(values["level"] == "planungsraum") & (values["indicator_id"] == "A1") & (values["denominator"] >= 300)]["value"]
    assert 0.5 < a1.quantile(0.02) < 5 and 25 < a1.quantile(0.98) < 50


def test_spatial_autocorrelation_of_a1(metric, values):
    plr = metric[metric["level"] == "planungsraum"].reset_index(drop=True)
    a1 = values[(values["indicator_id"] == "A1") & (values["year"] == 2024)].set_index("area_id")
    keep = (a1.reindex(plr["area_id"])["denominator"] >= 300).to_numpy()
    plr = plr[keep].reset_index(drop=True)
    z = a1.loc[plr["area_id"], "value"].to_numpy()
    z = z - z.mean()
    geoms = plr.geometry.to_numpy()
    left, right = shapely.STRtree(geoms).query(geoms, predicate="touches")
    rook = [(i, j) for i, j in zip(left, right) if i != j and geoms[i].boundary.intersection(geoms[j].boundary).length > 1]
    i, j = np.array(rook).T
    morans_i = len(z) / len(rook) * np.sum(z[i] * z[j]) / np.sum(z * z)
    assert morans_i > 0.3, morans_i


def test_notes_belong_to_areas(areas):
    notes = sorted((DEMO / "notes").glob("*.md"))
    assert 2 <= len(notes) <= 5
    assert {p.stem for p in notes} <= set(areas["area_id"])


# Parquet files carry the versions of the libraries that wrote them (created_by, the pandas and geo
# metadata's "creator", pandas_version) and the CRS as PROJJSON of the installed PROJ; the pins allow
# other releases of these. What must be reproduced is the content: columns, types, rows, geometry, CRS.
WRITER_KEYS = ("creator", "pandas_version")


def parquet_content(path: Path) -> tuple:
    """Schema (names, types, nullability, extension types), the pandas/geo metadata without writer
    versions and with the CRS as its identifier, and the table; nothing that names a library version."""
    table = pq.read_table(path)
    schema = [(f.name, str(f.type), f.nullable, (f.metadata or {}).get(b"ARROW:extension:name")) for f in table.schema]
    meta = {}
    for key, raw in (table.schema.metadata or {}).items():
        doc = {k: v for k, v in json.loads(raw).items() if k not in WRITER_KEYS}
        for column in doc.get("columns", {}).values() if key == b"geo" else ():
            column["crs"] = pyproj.CRS.from_json_dict(column["crs"]).to_string() if "crs" in column else None
        meta[key.decode()] = doc
    return schema, meta, table


def assert_same_parquet(committed: Path, rebuilt: Path) -> None:
    (schema_a, meta_a, table_a), (schema_b, meta_b, table_b) = parquet_content(committed), parquet_content(rebuilt)
    assert schema_b == schema_a, committed.name
    assert meta_b == meta_a, committed.name
    assert table_b.num_rows == table_a.num_rows, committed.name
    differing = [name for name in table_a.column_names if not table_b.column(name).equals(table_a.column(name))]
    assert differing == [], f"{committed.name}: andere Werte in {differing}"


RELEASE_LINE = re.compile(r'^release = "[0-9a-f]+"$', re.M)


def release_of(folder: Path) -> str:
    # the gazetteer counts (/suche shows it), and so do the layers write_dataset was given, in the demo's order
    # (funding areas with their overlaps, measures, facilities): the map and the profile show them
    layers = ("kulissen.parquet", "overlaps.parquet", "measures.parquet", "facilities.parquet")
    return content_release_id(folder / "areas.parquet", folder / "values.parquet", folder / "indicators.toml",
                              folder / "gazetteer.parquet", *(folder / name for name in layers))


def test_regenerating_gives_the_committed_content(tmp_path, dataset):
    out = build_demo(tmp_path / "demo")
    files = sorted(str(p.relative_to(DEMO)) for p in DEMO.rglob("*") if p.is_file())
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()) == files
    for name in files:
        committed, rebuilt = DEMO / name, out / name
        if committed.suffix == ".parquet":
            assert_same_parquet(committed, rebuilt)
        elif name == "dataset.toml":  # its release id is a hash of the Parquet bytes: compared below
            assert RELEASE_LINE.sub("", rebuilt.read_text(encoding="utf-8")) == RELEASE_LINE.sub("", committed.read_text(encoding="utf-8"))
        else:  # TOML, GeoJSON, Markdown: text written by this project
            assert rebuilt.read_text(encoding="utf-8") == committed.read_text(encoding="utf-8"), name
    # each release id is the hash of its own files; the same bytes (same writer versions) give the same id
    assert load_dataset(out).release == release_of(out) and dataset.release == release_of(DEMO)
    if all((out / n).read_bytes() == (DEMO / n).read_bytes() for n in ("areas.parquet", "values.parquet", "indicators.toml",
                                                                        "facilities.parquet", "kulissen.parquet",
                                                                        "overlaps.parquet", "measures.parquet")):
        assert load_dataset(out).release == dataset.release
