"""Funding areas (dashboard/ingest/kulissen.py): every input error with its exact message, the overlap shares of a
small city computed by hand, and Berlin's soziale Erhaltungsgebiete against an independent computation."""
from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from shapely.geometry import box

from dashboard.ingest.build import IngestError
from dashboard.ingest.generic import Config
from dashboard.ingest.kulissen import KulisseSpec, KulissenLayer, specs_from_config

CRS = "EPSG:25832"
X, Y = 500_000.0, 5_600_000.0


def city() -> gpd.GeoDataFrame:
    """Two districts side by side (1 km × 1 km each) and the city."""
    west, east = box(X, Y, X + 1000, Y + 1000), box(X + 1000, Y, X + 2000, Y + 1000)
    frame = gpd.GeoDataFrame({"area_id": ["w", "e", "gesamt"], "level": ["bezirk", "bezirk", "stadt"],
                              "name": ["West", "Ost", "Stadt"], "parent_id": ["gesamt", "gesamt", None]},
                             geometry=[west, east, west.union(east)], crs=CRS)
    return frame.to_crs("EPSG:4326")


def layer_file(tmp_path: Path, geoms, **columns) -> Path:
    columns = columns or {"nr": [f"K{i}" for i in range(1, len(geoms) + 1)], "name": [f"Gebiet {i}" for i in range(1, len(geoms) + 1)]}
    path = tmp_path / "kulisse.geojson"
    gpd.GeoDataFrame(columns, geometry=list(geoms), crs=CRS).to_file(path, driver="GeoJSON")
    return path


def spec(path: Path, **changes) -> KulisseSpec:
    fields = dict(id="sz", label_de="Soziale Stadt", label_en="Social city", file=path, id_column="nr", name_column="name",
                  attribution="Stadt", license="dl-de/zero-2.0", stand="2024")
    return KulisseSpec(**{**fields, **changes})


def write(tmp_path: Path, specs) -> tuple[pd.DataFrame, pd.DataFrame]:
    out = tmp_path / "out"
    out.mkdir()
    KulissenLayer(specs).write(out, city(), ["bezirk"])
    return pd.read_parquet(out / "kulissen.parquet"), pd.read_parquet(out / "overlaps.parquet")


def test_shares_count_overlapping_features_once(tmp_path):
    # K1 covers the west half of West; K2 overlaps K1 and reaches 250 m into Ost
    path = layer_file(tmp_path, [box(X, Y, X + 500, Y + 1000), box(X + 250, Y, X + 1250, Y + 500)])
    features, overlaps = write(tmp_path, [spec(path)])
    layer = overlaps[overlaps["feature_id"].isna()].set_index("area_id")["share"]
    # West: K1 ∪ K2 = 500×1000 + 500×500 (the part of K2 east of K1) = 750,000 of 1,000,000 m²
    assert layer["w"] == pytest.approx(0.75, abs=1e-6)
    assert layer["e"] == pytest.approx(0.125, abs=1e-6)  # 250 × 500
    assert layer["gesamt"] == pytest.approx((750_000 + 125_000) / 2_000_000, abs=1e-6)
    by_feature = overlaps[overlaps["feature_id"].notna()].set_index(["area_id", "feature_id"])
    assert by_feature.loc[("w", "K2"), "share"] == pytest.approx(0.375, abs=1e-6)
    assert by_feature.loc[("e", "K2"), "feature_share"] == pytest.approx(0.25, abs=1e-6)
    assert list(features["feature_id"]) == ["K1", "K2"] and json.loads(features["geometry"][0])["type"] == "Polygon"


def test_a_feature_outside_the_city_is_an_error(tmp_path):
    path = layer_file(tmp_path, [box(X, Y, X + 500, Y + 500), box(X + 1500, Y + 500, X + 2500, Y + 1500)])
    with pytest.raises(IngestError) as error:
        write(tmp_path, [spec(path)])
    assert str(error.value) == ("kulisse.geojson, Objekt 2 (id='K2'), Spalte 'geometry': 75,0 % der Fläche liegen außerhalb des "
                                "Stadtgebiets (Wert: Fläche 100,0 ha). Stimmt das Koordinatenbezugssystem (crs)? "
                                "Flächen müssen im Gebiet des Datensatzes liegen.")


def test_a_wrong_crs_puts_the_layer_outside(tmp_path):
    path = tmp_path / "ohne_crs.geojson"
    gpd.GeoDataFrame({"nr": ["A"], "name": ["A"]}, geometry=[box(X, Y, X + 500, Y + 500)], crs=CRS).to_file(path, driver="GeoJSON")
    frame = gpd.read_file(path).set_crs("EPSG:31467", allow_override=True)  # Gauß-Krüger zone 3 instead of UTM 32
    with pytest.raises(IngestError, match=r"^ohne_crs.geojson, Objekt 1 \(id='A'\), Spalte 'geometry': 100,0 % der Fläche "
                                          r"liegen außerhalb des Stadtgebiets"):
        write(tmp_path, [spec(path, frame=frame)])


def test_empty_geometry_missing_column_duplicate_id_and_bad_date(tmp_path):
    path = layer_file(tmp_path, [box(X, Y, X + 500, Y + 500), shapely.Polygon()])
    with pytest.raises(IngestError) as error:
        KulissenLayer([spec(path)])
    assert str(error.value) == ("kulisse.geojson, Objekt 2 (id='K2'), Spalte 'geometry': die Geometrie ist leer (Wert: 'POLYGON EMPTY'). "
                                "Jedes Gebiet braucht eine Fläche; bitte das Objekt im GIS prüfen oder entfernen.")
    path = layer_file(tmp_path, [box(X, Y, X + 500, Y + 500)])
    with pytest.raises(IngestError) as error:
        KulissenLayer([spec(path, name_column="Name")])
    assert str(error.value) == "kulisse.geojson: Spalte 'Name' fehlt in der Geometriedatei (vorhanden: nr, name). Meinten Sie 'name'?"
    path = layer_file(tmp_path, [box(X, Y, X + 500, Y + 500)] * 2, nr=["K1", "K1"], name=["a", "b"])
    with pytest.raises(IngestError) as error:
        KulissenLayer([spec(path)])
    assert str(error.value) == ("kulisse.geojson, Objekt 2: Spalte 'nr' hat den Wert 'K1', der schon bei Objekt 1 vorkommt. "
                                "Kennungen müssen eindeutig sein; Teilflächen bitte vorher zu einem Objekt zusammenfassen.")
    path = layer_file(tmp_path, [box(X, Y, X + 500, Y + 500)], nr=["K1"], name=["a"], seit=["2019-13-45"])
    with pytest.raises(IngestError) as error:
        KulissenLayer([spec(path, in_force_column="seit")])
    assert str(error.value) == ("kulisse.geojson, Objekt 1 (id='K1'): Spalte 'seit' ist kein Datum (Wert: '2019-13-45'). "
                                "Erwartet: TT.MM.JJJJ oder JJJJ-MM-TT.")


def test_config_section_rejects_unknown_keys_and_bad_values(tmp_path):
    layer_file(tmp_path, [box(X, Y, X + 500, Y + 500)])
    base = ('[[kulissen]]\nid = "sz"\nlabel_de = "Soziale Stadt"\nfile = "kulisse.geojson"\nid_column = "nr"\n'
            'name_column = "name"\nattribution = "Stadt"\nlicense = "dl-de/zero-2.0"\nstand = "2024"\n')

    def read(extra: str):
        (tmp_path / "stadt.toml").write_text(base + extra, encoding="utf-8")
        config = Config(tmp_path / "stadt.toml")
        return specs_from_config(config, config.tables("kulissen"))

    assert read("context_only = true\n")[0].context_only is True
    with pytest.raises(IngestError) as error:
        read("contxt_only = true\n")
    assert "stadt.toml, [[kulissen]] Nr. 1 (id='sz'): unbekanntes Feld 'contxt_only'" in str(error.value)
    assert "Meinten Sie 'context_only'?" in str(error.value)
    with pytest.raises(IngestError) as error:
        read("public = \"ja\"\n")
    assert str(error.value) == "stadt.toml, [[kulissen]] Nr. 1 (id='sz'): Feld 'public' muss true oder false sein (Wert: 'ja')."


BERLIN = Path(__file__).resolve().parents[3] / "shared" / "data" / "berlin"


def test_berlin_soziale_erhaltungsgebiete_against_an_independent_computation(tmp_path):
    em = BERLIN / "kulissen" / "soziale_erhaltungsgebiete_em_2024.geojson"
    plr_file = BERLIN / "geometry" / "berlin_lor2021_plr_epsg4326.geojson"
    if not em.exists() or not plr_file.exists():
        pytest.skip("Berliner Quelldaten (../shared/data/berlin) fehlen")
    plr = gpd.read_file(plr_file)
    id_column = next(c for c in plr.columns if c.upper() in ("PLR_ID", "PLR"))
    areas = gpd.GeoDataFrame({"area_id": plr[id_column].astype(str), "level": "planungsraum", "name": plr[id_column].astype(str),
                              "parent_id": "gesamt"}, geometry=plr.geometry, crs=plr.crs)
    root = gpd.GeoDataFrame({"area_id": ["gesamt"], "level": ["stadt"], "name": ["Berlin"], "parent_id": [None]},
                            geometry=[plr.geometry.union_all()], crs=plr.crs)
    areas = pd.concat([areas, root], ignore_index=True)
    out = tmp_path / "berlin"
    out.mkdir()
    KulissenLayer([KulisseSpec(id="em", label_de="Soziale Erhaltungsgebiete", label_en="x", file=em, id_column="schluessel",
                               name_column="gebietsname", attribution="Geoportal Berlin / Erhaltungsverordnungsgebiete",
                               license="dl-de/zero-2.0", stand="2024-06-17", in_force_column="f_in_kraft",
                               link_column="pdf_link")]).write(out, gpd.GeoDataFrame(areas, crs=plr.crs), ["planungsraum"])
    overlaps = pd.read_parquet(out / "overlaps.parquet")
    layer = overlaps[overlaps["feature_id"].isna()].set_index("area_id")["share"]
    # independently: the union in Berlin's own metric CRS (EPSG:25833), not the import's UTM estimate
    metric_em = gpd.read_file(em).to_crs("EPSG:25833").geometry.union_all()
    metric_plr = plr.to_crs("EPSG:25833").set_index(plr[id_column].astype(str)).geometry
    assert metric_em.area / 10_000 == pytest.approx(5_222, abs=2)  # INFRASTRUCTURE.md: 5,222.0 ha
    assert layer["gesamt"] * metric_plr.union_all().area / 10_000 == pytest.approx(metric_em.area / 10_000, rel=2e-3)
    expected = metric_plr.intersection(metric_em).area / metric_plr.area
    compared = expected[expected >= 0.01]
    assert set(compared.index) <= set(layer.index)
    assert (layer[compared.index] - compared).abs().max() < 2e-3
    wholly = expected[expected > 0.999].index
    assert len(wholly) >= 5 and (layer[wholly] > 0.99).all()  # PLR wholly inside an EM area: 100 %


def test_id_rule_geopackage_layers_and_missing_crs_as_for_the_levels(tmp_path):
    """One id rule for every map layer (the app's, dashboard/overlays.py ID_PATTERN) and one geometry reader
    (generic.read_geometry): a GeoPackage with several layers needs `layer`, a file without CRS needs `crs`."""
    layer_file(tmp_path, [box(X, Y, X + 500, Y + 500)])
    base = ('[[kulissen]]\nid = "{id}"\nlabel_de = "Soziale Stadt"\nfile = "kulisse.geojson"\nid_column = "nr"\n'
            'name_column = "name"\nattribution = "Stadt"\nlicense = "dl-de/zero-2.0"\nstand = "2024"\n')
    (tmp_path / "stadt.toml").write_text(base.format(id="Soziale Stadt"), encoding="utf-8")
    config = Config(tmp_path / "stadt.toml")
    with pytest.raises(IngestError) as error:
        specs_from_config(config, config.tables("kulissen"))
    assert str(error.value) == (
        "stadt.toml, [[kulissen]] Nr. 1 (id='Soziale Stadt'): Feld 'id' hat den Wert 'Soziale Stadt'; erlaubt sind "
        "Kleinbuchstaben a–z, Ziffern, '-' und '_' (höchstens 40 Zeichen, am Anfang ein Buchstabe oder eine Ziffer), denn "
        "die id steht in Adressen (ebenen=…).")
    (tmp_path / "stadt.toml").write_text(base.format(id="sz") + base.format(id="sz"), encoding="utf-8")
    config = Config(tmp_path / "stadt.toml")
    with pytest.raises(IngestError, match=r"^stadt.toml, \[\[kulissen\]\] Nr. 2 \(id='sz'\): Feld 'id' hat den Wert 'sz', den "
                                          r"schon stadt.toml, \[\[kulissen\]\] Nr. 1 \(id='sz'\) trägt."):
        specs_from_config(config, config.tables("kulissen"))

    gpkg = tmp_path / "kulissen.gpkg"
    for name in ("em", "es"):
        gpd.GeoDataFrame({"nr": ["K1"], "name": ["a"]}, geometry=[box(X, Y, X + 500, Y + 500)], crs=CRS).to_file(gpkg, layer=name)
    with pytest.raises(IngestError) as error:
        KulissenLayer([spec(gpkg)])
    assert str(error.value) == "kulissen.gpkg: die GeoPackage-Datei hat mehrere Layer (em, es). Bitte mit 'layer' einen nennen."
    assert list(KulissenLayer([spec(gpkg, layer="es")]).layers[0]["feature_id"]) == ["K1"]

    shp = tmp_path / "ohne.shp"
    gpd.GeoDataFrame({"nr": ["K1"], "name": ["a"]}, geometry=[box(X, Y, X + 500, Y + 500)], crs=CRS).to_file(shp)
    shp.with_suffix(".prj").unlink()
    with pytest.raises(IngestError) as error:
        KulissenLayer([spec(shp, where="stadt.toml, [[kulissen]] Nr. 1 (id='sz')")])
    assert str(error.value) == ("ohne.shp: kein Koordinatenbezugssystem (CRS) angegeben (bei Shapefiles fehlt die .prj-Datei). "
                                "Bitte in stadt.toml bei der Kulisse 'sz' eintragen, z. B. crs = \"EPSG:25832\".")
    with pytest.raises(IngestError, match=r"^ohne.shp, Objekt 1, Spalte 'geometry': die Koordinaten \(500000, 5600000\) liegen "
                                          r"außerhalb des Gültigkeitsbereichs"):
        KulissenLayer([spec(shp, crs="EPSG:4326", where="stadt.toml, [[kulissen]] Nr. 1 (id='sz')")])
