"""Reading facility points (dashboard/ingest/facilities.py): formats, area assignment, exact error messages."""
from __future__ import annotations

import json

import geopandas as gpd
import pytest
from shapely.geometry import box

from dashboard.ingest.build import IngestError
from dashboard.ingest.facilities import IndicatorSpec, LayerSpec, read_points, specs_from_config, supply_values

AREAS = gpd.GeoDataFrame({"area_id": ["A", "B"], "level": "gebiet"},
                         geometry=[box(13.0, 52.0, 13.1, 52.1), box(13.1, 52.0, 13.2, 52.1)], crs="EPSG:4326")


def spec(tmp_path, text, name="p.csv", **kw):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return LayerSpec(id="kita", file=path, label_de="Kitas", attribution="Test", **kw)


def test_csv_points_get_their_area_capacity_and_category(tmp_path):
    s = spec(tmp_path, "name,lon,lat,plaetze,art\nK1,13.05,52.05,40,R\nK2,13.15,52.05,,H\n", capacity="plaetze",
             category="art", categories={"R": "Regulär"})
    points = read_points(s, AREAS)
    assert list(points["area_id"]) == ["A", "B"] and list(points["category"]) == ["Regulär", "H"]
    assert points["capacity"].iloc[0] == 40 and points["capacity"].isna().iloc[1]


def test_geojson_points(tmp_path):
    doc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [13.15, 52.01]}, "properties": {"name": "S"}}]}
    points = read_points(spec(tmp_path, json.dumps(doc), "p.geojson"), AREAS)
    assert list(points["area_id"]) == ["B"]


@pytest.mark.parametrize("row, message", [
    ("K1,,52.05", "p.csv: Zeile 2, Spalte 'lon': Koordinate '' ist leer."),
    ("K1,13;05,52.05", "p.csv: Zeile 2, Spalte 'lon': Koordinate '13;05' ist keine Zahl (Dezimalpunkt erwartet)."),
    ("K1,52.05,13.05", "p.csv: Zeile 2, Spalten 'lon'/'lat': Punkt (52.05, 13.05) liegt weit außerhalb der Stadt, "
                       "vertauscht läge er darin – sind Länge und Breite vertauscht?"),
    ("K1,13.25,52.05", "p.csv: Zeile 2, Spalten 'lon'/'lat': Punkt (13.250000, 52.050000) liegt in keinem Gebiet der "
                       "kleinsten Ebene. Bitte Koordinaten prüfen, oder mit outside = \"drop\" (bzw. tolerance_m) solche "
                       "Punkte auslassen."),
])
def test_bad_coordinates_name_file_row_column_and_value(tmp_path, row, message):
    with pytest.raises(IngestError) as error:
        read_points(spec(tmp_path, f"name,lon,lat\n{row}\n"), AREAS)
    assert str(error.value) == message


def test_outside_points_can_be_dropped_or_snapped(tmp_path):
    text = "name,lon,lat\nK1,13.05,52.05\nK2,13.25,52.05\nK3,13.2001,52.05\n"
    assert list(read_points(spec(tmp_path, text, outside="drop"), AREAS)["name"]) == ["K1"]
    assert list(read_points(spec(tmp_path, text, outside="drop", tolerance_m=50), AREAS)["area_id"]) == ["A", "B"]


def test_capacity_must_be_a_number(tmp_path):
    with pytest.raises(IngestError) as error:
        read_points(spec(tmp_path, "name,lon,lat,p\nK1,13.05,52.05,viele\n", capacity="p"), AREAS)
    assert str(error.value) == "p.csv: Zeile 2, Spalte 'p': Kapazität 'viele' ist keine Zahl ≥ 0."


def test_unknown_config_keys_are_rejected(tmp_path):
    (tmp_path / "p.csv").write_text("name,lon,lat\n", encoding="utf-8")
    with pytest.raises(IngestError) as error:
        specs_from_config("stadt.toml", tmp_path, [{"id": "k", "file": "p.csv", "label_de": "K", "attribution": "T", "capacty": "p"}])
    assert "capacty" in str(error.value) and "capacity" in str(error.value)


def test_supply_ratio_uses_the_latest_earlier_denominator_year_and_says_so(tmp_path):
    import pandas as pd
    s = spec(tmp_path, "name,lon,lat,p\nK1,13.05,52.05,30\nK2,13.06,52.05,20\n", capacity="p", year=2026, stand="2026-01",
             indicators=[IndicatorSpec("KITA", "capacity", "EW_U6", 100.0)])
    points = read_points(s, AREAS)
    values = pd.DataFrame({"area_id": ["A", "B", "A"], "indicator_id": "EW_U6", "year": [2024, 2024, 2023],
                           "value": [100.0, 40.0, 90.0]})
    rows, notes = supply_values(s, points, values, ["A", "B"])
    assert rows.set_index("area_id")["value"].to_dict() == {"A": 50.0, "B": 0.0}
    assert set(rows["year"]) == {2024} and rows["numerator"].sum() == 50
    assert notes["KITA"][0] == ("Einrichtungen: Kitas, Stand 2026-01; Nenner EW_U6 im Jahr 2024 (das letzte Jahr vor dem "
                                "Stand der Einrichtungen); der Wert steht unter diesem Jahr.")
