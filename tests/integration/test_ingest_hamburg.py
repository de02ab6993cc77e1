"""The worked example of docs/ingest.md: Hamburg Stadtteile in Bezirke, Stadtteil-Profile 2014.

Runs docs/examples/hamburg/ingest.toml unchanged; only the target folder goes to a tmp dir.
Needs the open data in ../shared/data/hamburg; skipped without it, but a failure on CI.
"""
from __future__ import annotations

import os

import geopandas as gpd
import pandas as pd
import pytest

from dashboard import create_app
from dashboard.catalog import load_dataset
from dashboard.ingest.generic import ingest_from_config
from dashboard.settings import Settings
from tests.conftest import ROOT

CONFIG = ROOT / "docs" / "examples" / "hamburg" / "ingest.toml"
SOURCE = ROOT.parent / "shared" / "data" / "hamburg"

pytestmark = pytest.mark.shared_data


@pytest.fixture(scope="module")
def hamburg(tmp_path_factory):
    if not SOURCE.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"Quelldaten fehlen: {SOURCE} (auf CI müssen die offenen Daten vorhanden sein)")
        pytest.skip(f"Hamburger Quelldaten nicht vorhanden ({SOURCE}); siehe docs/ingest.md, Beispiel Hamburg")
    return ingest_from_config(CONFIG, out=tmp_path_factory.mktemp("hh") / "hamburg")


def test_docs_show_this_config():
    docs = (ROOT / "docs" / "ingest.md").read_text(encoding="utf-8")
    assert CONFIG.read_text(encoding="utf-8").strip() in docs  # the page shows the file in full
    assert "python -m dashboard ingest --config docs/examples/hamburg/ingest.toml" in docs


def test_area_counts_and_hierarchy(hamburg):
    areas = gpd.read_parquet(hamburg / "areas.parquet")
    assert areas["level"].value_counts().to_dict() == {"stadtteil": 99, "bezirk": 7, "stadt": 1}
    stadtteile = areas[areas["level"] == "stadtteil"]
    bezirke = set(areas.loc[areas["level"] == "bezirk", "area_id"])
    assert stadtteile["parent_id"].isin(bezirke).all() and stadtteile["bezirk_id"].isin(bezirke).all()
    assert "Kleiner Grasbrook und Steinwerder" in set(stadtteile["name"])
    assert areas.crs.to_epsg() == 4326


def test_bezirk_population_is_the_sum_of_its_stadtteile(hamburg):
    areas = gpd.read_parquet(hamburg / "areas.parquet")
    values = pd.read_parquet(hamburg / "values.parquet")
    ew = values[(values["indicator_id"] == "EW") & (values["year"] == 2013)].set_index("area_id")["value"]
    parent = areas.set_index("area_id")["parent_id"]
    stadtteile = ew[ew.index.isin(areas.loc[areas["level"] == "stadtteil", "area_id"])]
    sums = stadtteile.groupby(parent[stadtteile.index]).sum()
    assert len(sums) == 7
    for bezirk, total in sums.items():
        assert ew[bezirk] == total
    assert ew["05"] == 417225  # Wandsbek, as published by Statistikamt Nord
    assert ew["0101"] == 1675  # Hamburg-Altstadt


def test_indicators_years_and_published_bezirk_values(hamburg):
    dataset = load_dataset(hamburg)
    assert len(dataset.indicators) == 14 and dataset.default_indicator == "SGB2"
    values = pd.read_parquet(hamburg / "values.parquet")
    assert sorted(values["year"].unique()) == [2010, 2013]
    alo = values[values["indicator_id"] == "ALO"].set_index("area_id")["value"]
    assert alo["01"] == pytest.approx(8.1) and alo["gesamt"] == pytest.approx(5.8)  # published values, not computed
    sgb2 = values[(values["indicator_id"] == "SGB2") & (values["area_id"] == "05")].iloc[0]
    assert sgb2["numerator"] == 37378 and sgb2["denominator"] == 417225


def test_app_serves_hamburg(hamburg):
    app = create_app(Settings(data_dir=hamburg, cache_dir=None))
    assert app.monitor.map_bundle("SGB2", 2013, "stadtteil").n_areas == 99
    assert app.monitor.map_bundle("EINK", 2010, "bezirk").n_areas == 7


def test_burden_rule_from_the_config_arrives(hamburg):
    """[[burden_rules]] in the import config reaches dataset.toml and the burden view (issue 15)."""
    dataset = load_dataset(hamburg)
    assert [r.id for r in dataset.burden_rules] == ["soziale-lage"]
    rule = dataset.burden_rules[0]
    assert [(c.indicator_id, c.rule, c.value) for c in rule.criteria] == [
        ("SGB2", "quantile", 0.25), ("ALO", "quantile", 0.25), ("MINDU15", "quantile", 0.25), ("ALLEIN", "quantile", 0.25)]
    assert rule.min_count == 2 and not rule.official
    app = create_app(Settings(data_dir=hamburg, cache_dir=None))
    table = app.monitor.burden(app.monitor.burden_rules()[0], 2013)
    assert len(table) == 99 and table["rated"].all()
    # the four social indicators go together: a quarter of 99 Stadtteile is 25, and 26 are in the worst quarter twice
    assert int(table["multiple"].sum()) == 26
    assert {"Billstedt", "Veddel", "Wilhelmsburg", "Steilshoop"} <= set(table.loc[table["multiple"], "name"])
    assert dataset.attribution.startswith("Statistikamt Nord")  # no "Datenquellen:" of its own (the app writes it)
