"""Invariants of the Berlin datasets built from the real open data (data/berlin, data/berlin-lor2006).

Every test reads the folders written by one import_berlin run (session fixture `berlin_datasets`)
and compares them with the source files in ../shared/data/berlin.
"""
from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from dashboard.catalog import load_dataset
from dashboard.ingest import berlin
from tests.conftest import BERLIN_SOURCE

pytestmark = pytest.mark.shared_data

LEVELS = ["planungsraum", "bezirksregion", "prognoseraum", "bezirk"]
COUNTS = {
    "berlin": {"planungsraum": 542, "bezirksregion": 143, "prognoseraum": 58, "bezirk": 12, "stadt": 1},
    "berlin-lor2006": {"planungsraum": 448, "bezirksregion": 138, "prognoseraum": 60, "bezirk": 12, "stadt": 1},
}


@pytest.fixture(scope="module")
def tables(berlin_datasets):
    """name -> (areas, values, dataset)"""
    return {name: (gpd.read_parquet(path / "areas.parquet"), pd.read_parquet(path / "values.parquet"), load_dataset(path))
            for name, path in berlin_datasets.items()}


def _source_csv(name: str, id_column: str) -> pd.DataFrame:
    return pd.read_csv(BERLIN_SOURCE / name, dtype={id_column: str})


def _at(values: pd.DataFrame, indicator_id: str, year: int, level: str = "planungsraum") -> pd.Series:
    part = values[(values["indicator_id"] == indicator_id) & (values["year"] == year) & (values["level"] == level)]
    return part.set_index("area_id")["value"]


@pytest.mark.parametrize("name", sorted(COUNTS))
def test_area_counts_per_level(tables, name):
    areas, _values, dataset = tables[name]
    assert areas["level"].value_counts().to_dict() == COUNTS[name]
    assert dataset.level_ids == LEVELS
    root = areas[areas["level"] == "stadt"].iloc[0]
    assert (root["area_id"], root["name"]) == ("gesamt", "Berlin")


def test_lor2021_names_match_key_table(tables):
    areas, _values, _dataset = tables["berlin"]
    key = pd.read_excel(BERLIN_SOURCE / berlin.KEY_TABLE, sheet_name=berlin.KEY_SHEET, dtype=str)
    names = dict(zip(areas["area_id"], areas["name"]))
    for id_column, name_column in (("PLR_ID", "PLR"), ("BZR_ID", "BZR"), ("PGR_ID", "PGR"), ("BEZ_ID", "BEZ")):
        expected = key.groupby(id_column)[name_column].first().str.strip()
        assert {i: names[i] for i in expected.index} == expected.to_dict()
    plr = areas[areas["level"] == "planungsraum"].set_index("area_id")
    parents = key.set_index("PLR_ID")
    assert (plr["bezirksregion_id"] == parents.loc[plr.index, "BZR_ID"]).all()
    assert (plr["prognoseraum_id"] == parents.loc[plr.index, "PGR_ID"]).all()
    assert (plr["bezirk_id"] == parents.loc[plr.index, "BEZ_ID"]).all()


def test_lor2006_names_and_hierarchy_from_ids(tables):
    areas, _values, _dataset = tables["berlin-lor2006"]
    names = dict(zip(areas["area_id"], areas["name"]))
    for file in berlin.LOR2006_GEOMETRY.values():
        source = gpd.read_file(BERLIN_SOURCE / file)
        assert {str(i): names[str(i)] for i in source["id"]} == dict(zip(source["id"].astype(str), source["name"].str.strip()))
    plr = areas[areas["level"] == "planungsraum"]
    assert (plr["bezirksregion_id"] == plr["area_id"].str[:6]).all()
    assert (plr["prognoseraum_id"] == plr["area_id"].str[:4]).all()
    assert (plr["bezirk_id"] == plr["area_id"].str[:2]).all()


@pytest.mark.parametrize("name", sorted(COUNTS))
def test_ids_of_web_geometry_areas_and_values_match(tables, berlin_datasets, name):
    areas, values, _dataset = tables[name]
    for level in [*LEVELS, "stadt"]:
        web = json.loads((berlin_datasets[name] / "web" / f"{level}.geojson").read_text(encoding="utf-8"))
        web_ids = {f["properties"]["id"] for f in web["features"]}
        assert web_ids == set(areas.loc[areas["level"] == level, "area_id"]), level
    level_of = dict(zip(areas["area_id"], areas["level"]))
    assert values["area_id"].map(level_of).eq(values["level"]).all()
    # EW covers every area of every level in the years with complete data
    full_years = [2021, 2022, 2023, 2024] if name == "berlin" else [2019, 2020]
    for year in full_years:
        for level in [*LEVELS, "stadt"]:
            assert set(_at(values, "EW", year, level).index) == set(areas.loc[areas["level"] == level, "area_id"])


@pytest.mark.parametrize("name", sorted(COUNTS))
def test_bezirk_population_is_sum_of_planungsraeume(tables, name):
    areas, values, _dataset = tables[name]
    bezirk_of = dict(zip(areas["area_id"], areas["bezirk_id"]))
    ew = values[values["indicator_id"] == "EW"]
    years = sorted(ew["year"].unique())
    assert len(years) >= 8
    for year in years:
        plr = _at(values, "EW", year)
        sums = plr.groupby(plr.index.map(bezirk_of)).sum()
        bezirke = _at(values, "EW", year, "bezirk")
        assert sorted(bezirke.index) == sorted(sums.index) and len(bezirke) == 12, year
        np.testing.assert_allclose(bezirke.loc[sums.index].to_numpy(), sums.to_numpy(), rtol=1e-9, err_msg=str(year))
        assert _at(values, "EW", year, "stadt").iloc[0] == pytest.approx(plr.sum())


@pytest.mark.parametrize("name", sorted(COUNTS))
@pytest.mark.parametrize("indicator_id", ["ANT_MH", "ANT_U6", "ANT_65U"])
def test_bezirksregion_share_is_ratio_of_sums(tables, name, indicator_id):
    areas, values, _dataset = tables[name]
    parent = dict(zip(areas["area_id"], areas["parent_id"]))
    part = values[values["indicator_id"] == indicator_id]
    for year in sorted(part["year"].unique()):
        plr = part[(part["year"] == year) & (part["level"] == "planungsraum")].assign(bzr=lambda f: f["area_id"].map(parent))
        sums = plr.groupby("bzr")[["numerator", "denominator"]].sum()
        bzr = part[(part["year"] == year) & (part["level"] == "bezirksregion")].set_index("area_id")
        # in the 447-PLR years Bezirksregion 090414 is supplied from its old Planungsräume (09041403 did not exist)
        common = sorted(set(sums.index) & set(bzr.index))
        assert len(common) >= len(bzr) - 1
        expected = 100 * sums.loc[common, "numerator"] / sums.loc[common, "denominator"]
        np.testing.assert_allclose(bzr.loc[common, "value"].to_numpy(), expected.to_numpy(), rtol=1e-9)
        assert (bzr["value"].between(0, 100)).all()


def test_mss_2021_values_equal_source(tables):
    _areas, values, _dataset = tables["berlin"]
    year = berlin.MSS_2021_YEAR
    index = _source_csv(berlin.MSS2021_INDEX_INDICATORS, "PLR_ID").set_index("PLR_ID").replace(-9999, np.nan)
    for column, indicator_id in berlin.MSS_INDEX_COLUMNS.items():
        stored = _at(values, indicator_id, year)
        expected = index[column].dropna()
        assert len(expected) == 536
        pd.testing.assert_series_equal(stored.sort_index(), expected.sort_index(), check_names=False)
    context = _source_csv(berlin.MSS2021_CONTEXT, "PLR_ID").set_index("PLR_ID").replace(-9999, np.nan)
    for column, indicator_id in berlin.MSS_CONTEXT_COLUMNS.items():
        pd.testing.assert_series_equal(_at(values, indicator_id, year).sort_index(), context[column].dropna().sort_index(),
                                       check_names=False)
    indices = _source_csv(berlin.MSS2021_INDICES, "PLR_ID").set_index("PLR_ID")
    rated = indices[indices["SI_N"] != -9999]
    assert _at(values, "MSS_STATUS", year).sort_index().to_dict() == rated["SI_N"].astype(float).sort_index().to_dict()
    assert _at(values, "MSS_DYNAMIK", year).to_dict() == rated["DI_N"].map({1: 1.0, 3: 2.0, 5: 3.0}).to_dict()
    assert _at(values, "MSS_STATUS_DYNAMIK", year).to_dict() == rated["SDI_N"].astype(float).to_dict()
    validity = _at(values, "MSS_GUELTIG", year)
    assert len(validity) == 542
    assert validity.map({1.0: "gültig", 2.0: "ungültig (EW unter 300)", 3.0: "ungültig (Ausreißer)"}).to_dict() == indices["KOM"].to_dict()
    ew = _at(values, "EW", year)
    assert ew.sum() == 3_769_962 and ew["03400831"] == 0  # blank in the index table, 0 in the context table


def test_mss_old_editions_equal_source(tables):
    _areas, values, _dataset = tables["berlin-lor2006"]
    long = pd.read_csv(BERLIN_SOURCE / berlin.MSS_LONG, dtype={"plr_id": str})
    for edition, year in berlin.MSS_EDITIONS_OLD.items():
        part = long[long["mss_edition"] == edition].set_index("plr_id")
        for column, indicator_id in berlin.MSS_LONG_INDICATORS.items():
            expected = part[column].dropna()
            pd.testing.assert_series_equal(_at(values, indicator_id, year).sort_index(), expected.sort_index(), check_names=False)
        assert _at(values, "MSS_STATUS", year).to_dict() == part["status_index"].dropna().to_dict()
        assert len(_at(values, "MSS_GUELTIG", year)) == 447


def test_umweltgerechtigkeit_classes_equal_source(tables):
    _areas, values, _dataset = tables["berlin"]
    source = _source_csv(berlin.UMWELTGERECHTIGKEIT, "Planungsraum-ID").set_index("Planungsraum-ID")
    for column, indicator_id in berlin.UGR_COLUMNS.items():
        expected = source[column].replace(0, np.nan).dropna().astype(float)  # 0 = nicht bewertet
        assert _at(values, indicator_id, berlin.UGR_YEAR).to_dict() == expected.to_dict(), indicator_id
    count = _at(values, "UGR_MEHRFACH", berlin.UGR_YEAR)
    assert len(count) == 542
    assert count.to_dict() == source[berlin.UGR_COUNT_COLUMN].astype(float).to_dict()


def test_estimates_flagged_exactly_for_carried_years(tables):
    _areas, values, dataset = tables["berlin"]
    exact_2020 = values["indicator_id"].isin(["EW", *[i for i in dataset.indicators if i.startswith("MSS_")]]) & (values["year"] == 2020)
    expected = (values["year"] < 2021) & ~exact_2020
    assert (values["estimate"] == expected).all()
    assert values.loc[values["year"] >= 2021, "estimate"].eq(False).all()
    carried = set(values.loc[values["estimate"], "indicator_id"])
    assert {"EW", "ANT_MH", "MSS_S1", "MSS_S3"} <= carried
    for indicator_id in carried:
        assert "Schätzung" in dataset.indicators[indicator_id].estimate_note, indicator_id
    _areas, old_values, _ = tables["berlin-lor2006"]
    assert not old_values["estimate"].any()


def test_carried_counts_keep_the_berlin_total(tables):
    _areas, values, _dataset = tables["berlin"]
    population = pd.read_csv(BERLIN_SOURCE / berlin.POPULATION, dtype={"plr_id": str})
    for year in range(2015, 2020):
        total = population.loc[population["reference_date"] == f"{year}-12-31", "inhabitants"].sum()
        assert _at(values, "EW", year, "stadt").iloc[0] == pytest.approx(total, abs=0.01)


@pytest.mark.parametrize("name", sorted(COUNTS))
def test_every_indicator_is_documented_and_has_values(tables, name):
    _areas, values, dataset = tables[name]
    present = set(values["indicator_id"])
    for indicator in dataset.indicators.values():
        for field in ("label_de", "label_en", "description", "unit", "source", "stichtag"):
            assert getattr(indicator, field).strip(), (indicator.id, field)
        assert indicator.id in present, indicator.id
        assert indicator.public
    # the app puts "Datenquellen:" in front (footer, every download); the attribution itself starts with the source
    assert dataset.attribution.startswith("Amt für Statistik Berlin-Brandenburg")
    assert dataset.attribution_en.startswith("Statistical Office for Berlin-Brandenburg") and dataset.license_en
    assert dataset.min_population == 300 and dataset.population_indicator == "EW" and not dataset.synthetic


def test_gssa_rows_at_all_levels(tables):
    areas, values, dataset = tables["berlin-lor2006"]
    for indicator_id in ("GSSA_GESIX", "GSSA_ESIX", "GSSA_DI", "GSSA_DII", "GSSA_DIII"):
        assert dataset.indicators[indicator_id].aggregation == "none"
        for year in (2013, 2022):
            for level in LEVELS:
                stored = _at(values, indicator_id, year, level)
                assert len(stored) >= 0.9 * (areas["level"] == level).sum(), (indicator_id, year, level)
    bezirke = _source_csv(berlin.GSSA["bezirk"], "bezID").set_index("bezID")
    assert _at(values, "GSSA_GESIX", 2022, "bezirk").to_dict() == bezirke["GESIx_2022"].to_dict()


def test_import_twice_gives_same_release(berlin_datasets, tmp_path):
    again = berlin.import_berlin(BERLIN_SOURCE, tmp_path)
    for path in again:
        assert load_dataset(path).release == load_dataset(berlin_datasets[path.name]).release


@pytest.mark.parametrize("name", sorted(COUNTS))
def test_app_loads_and_maps_every_level(berlin_datasets, name):
    from tests.conftest import session_app

    app = session_app(berlin_datasets[name])  # the session's internal app (made here first in a full run)
    monitor = app.monitor
    checks = {"EW": LEVELS, "ANT_MH": LEVELS, "MSS_STATUS": ["planungsraum"], "MSS_S3": ["planungsraum"]}
    checks.update({"UGR_MEHRFACH": ["planungsraum"], "UGR_GRUEN": ["planungsraum"]} if name == "berlin" else {"GSSA_GESIX": LEVELS})
    for indicator_id, levels in checks.items():
        for level in levels:
            years = monitor.years(indicator_id, level)
            assert years, (indicator_id, level)
            bundle = monitor.map_bundle(indicator_id, years[-1], level)
            assert bundle.n_values > 0.9 * bundle.n_areas, (indicator_id, level)
    if name == "berlin":
        carried = monitor.map_bundle("MSS_S3", 2018, "planungsraum")
        assert carried.n_estimates == carried.n_areas
