"""Reading facility points (dashboard/ingest/facilities.py): formats, area assignment, every config field check with
its exact message (file, section number, field, value), the supply indicators checked against the register."""
from __future__ import annotations

import json

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point, box

from dashboard import catalog
from dashboard.ingest.build import IngestError
from dashboard.ingest.facilities import IndicatorSpec, LayerSpec, read_points, specs_from_config, supply_values
from dashboard.ingest.generic import Config

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


def test_a_semicolon_csv_in_cp1252_is_read_like_the_values(tmp_path):
    path = tmp_path / "k.csv"
    path.write_bytes("Name;lon;lat;Plätze\nKita Müllerstraße;13.05;52.05;1.200\n".encode("cp1252"))
    points = read_points(LayerSpec(id="kita", file=path, label_de="Kitas", attribution="T", name="Name", capacity="Plätze",
                                   decimal=",", thousands="."), AREAS)
    assert list(points["name"]) == ["Kita Müllerstraße"] and points["capacity"].iloc[0] == 1200


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
        read_points(spec(tmp_path, f"name,lon,lat\n{row}\n", separator=","), AREAS)
    assert str(error.value) == message


def test_outside_points_can_be_dropped_or_snapped(tmp_path):
    text = "name,lon,lat\nK1,13.05,52.05\nK2,13.25,52.05\nK3,13.2001,52.05\n"
    assert list(read_points(spec(tmp_path, text, outside="drop"), AREAS)["name"]) == ["K1"]
    assert list(read_points(spec(tmp_path, text, outside="drop", tolerance_m=50), AREAS)["area_id"]) == ["A", "B"]


@pytest.mark.parametrize("cell, message", [
    ("viele", "p.csv: Zeile 2, Spalte 'p': Kapazität 'viele' ist keine Zahl ≥ 0."),
    ("-5", "p.csv: Zeile 2, Spalte 'p': Kapazität '-5' ist keine Zahl ≥ 0."),
    ("1.200", "p.csv: Zeile 2, Spalte 'p': Kapazität '1.200' ist mehrdeutig: mit Dezimalzeichen '.' ist sie 1.200, mit '.' als "
              "Tausendertrennzeichen 1200. Eine Kapazität ist eine ganze Zahl, also ist vermutlich 1200 gemeint. Bitte die Zahl "
              "ohne Trennzeichen schreiben (1200) oder, wenn die Datei deutsche Zahlen enthält, decimal = \",\" setzen."),
    ("12.5", "p.csv: Zeile 2, Spalte 'p': Kapazität '12.5' hat Nachkommastellen; eine Kapazität (Plätze, Schülerinnen und "
             "Schüler …) ist eine ganze Zahl. Bitte die Spalte und das Dezimal- und Tausendertrennzeichen prüfen "
             "(decimal = '.', thousands = ',')."),
])
def test_a_capacity_is_a_whole_number_read_one_way(tmp_path, cell, message):
    with pytest.raises(IngestError) as error:
        read_points(spec(tmp_path, f"name,lon,lat,p\nK1,13.05,52.05,{cell}\n", capacity="p", separator=","), AREAS)
    assert str(error.value) == message


def test_capacities_in_a_thousands_notation_and_missing_markers(tmp_path):
    points = read_points(spec(tmp_path, 'name;lon;lat;p\nK1;13.05;52.05;"1,200"\nK2;13.06;52.05;.\nK3;13.07;52.05;–\n',
                              capacity="p"), AREAS)
    assert points["capacity"].iloc[0] == 1200 and points["capacity"].isna().iloc[1] and points["capacity"].iloc[2] == 0


def test_an_empty_geojson_layer_says_so(tmp_path):
    s = spec(tmp_path, json.dumps({"type": "FeatureCollection", "features": []}), "leer.geojson")
    with pytest.raises(IngestError) as error:
        read_points(s, AREAS)
    assert str(error.value) == "leer.geojson: die Geometriedatei enthält keine Objekte."


def test_a_missing_column_suggests_the_closest(tmp_path):
    doc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [13.15, 52.01]}, "properties": {"name": "S", "plaetze": 3}}]}
    with pytest.raises(IngestError) as error:
        read_points(spec(tmp_path, json.dumps(doc), "p.geojson", capacity="plätze"), AREAS)
    assert str(error.value) == "p.geojson: Spalte 'plätze' fehlt in der Geometriedatei (vorhanden: name, plaetze). Meinten Sie 'plaetze'?"
    with pytest.raises(IngestError) as error:
        read_points(spec(tmp_path, "name,lon,lat,plaetze\nK1,13.05,52.05,3\n", capacity="plätze"), AREAS)
    assert str(error.value).startswith("p.csv: Spalte 'plätze' (Kapazität, aus [[facilities]]) fehlt in Zeile 1") \
        and str(error.value).endswith("Meinten Sie 'plaetze'?")


def test_a_geopackage_with_several_layers_needs_layer(tmp_path):
    path = tmp_path / "e.gpkg"
    for name in ("kitas", "schulen"):
        gpd.GeoDataFrame({"name": [name]}, geometry=[Point(13.05, 52.05)], crs="EPSG:4326").to_file(path, layer=name, driver="GPKG")
    s = LayerSpec(id="kita", file=path, label_de="Kitas", attribution="T")
    with pytest.raises(IngestError) as error:
        read_points(s, AREAS)
    assert str(error.value) == "e.gpkg: die GeoPackage-Datei hat mehrere Layer (kitas, schulen). Bitte mit 'layer' einen nennen."
    assert list(read_points(LayerSpec(**{**s.__dict__, "layer": "schulen"}), AREAS)["name"]) == ["schulen"]


def test_supply_ratio_uses_the_latest_earlier_denominator_year_and_says_so(tmp_path):
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


# -- the [[facilities]] section of an import config ----------------------------------------------------------
def indicator(id_, kind, aggregation="sum", scale=100.0):
    return catalog.Indicator(id=id_, label_de=id_, label_en=id_, description="d", unit="u", dimension="Soziales",
                             polarity="higher_is_better", aggregation=aggregation, source="s", stichtag="31.12.",
                             kind=kind, scale=scale)


REGISTRY = {"EW": indicator("EW", "count"), "EW_U6": indicator("EW_U6", "count"),
            "KITA_U6": indicator("KITA_U6", "rate", "ratio_of_sums", 100.0), "SGB2": indicator("SGB2", "share", "ratio_of_sums")}
BASE = ('[[facilities]]\nid = "kita"\nfile = "p.csv"\nlabel_de = "Kitas"\nattribution = "Stadt, CC BY 4.0"\n'
        'capacity = "plaetze"\n')


def read(tmp_path, extra="", indicators=""):
    (tmp_path / "p.csv").write_text("name,lon,lat,plaetze\nK1,13.05,52.05,40\n", encoding="utf-8")
    (tmp_path / "stadt.toml").write_text(BASE + extra + indicators, encoding="utf-8")
    config = Config(tmp_path / "stadt.toml")
    return specs_from_config(config, config.tables("facilities"), REGISTRY)


WHERE = "stadt.toml, [[facilities]] Nr. 1 (id='kita')"


@pytest.mark.parametrize("extra, message", [
    ('capacty = "p"\n', f"{WHERE}: unbekanntes Feld 'capacty'. Meinten Sie 'capacity'?"),
    ('public = "false"\n', f"{WHERE}: Feld 'public' muss true oder false sein (Wert: 'false')."),
    ('odbl = "ja"\n', f"{WHERE}: Feld 'odbl' muss true oder false sein (Wert: 'ja')."),
    ('year = "2024/25"\n', f"{WHERE}: Feld 'year' muss eine Jahreszahl sein (z. B. 2024, ohne Anführungszeichen) (Wert: '2024/25')."),
    ('tolerance_m = "25m"\n', f"{WHERE}: Feld 'tolerance_m' muss eine Zahl von 0 bis 1000 sein (Meter, ohne Einheit und "
                              "Anführungszeichen) (Wert: '25m')."),
    ('categories = ["a"]\n', f"{WHERE}: Feld 'categories' muss eine Zuordnung Code = \"Bezeichnung\" sein, z. B. "
                             "{ \"1\" = \"Krippe\" } (Wert: ['a'])."),
    ('color = "red\\"><script>"\n', f"{WHERE}: Feld 'color' muss eine Farbe als '#rrggbb' sein (Wert: 'red\"><script>')."),
    ('group = "kitas"\n', f"{WHERE}: Feld 'group' muss 'einrichtungen' oder 'openstreetmap' sein (Wert: 'kitas')."),
    ('outside = "weg"\n', f"{WHERE}: Feld 'outside' muss 'error' oder 'drop' sein (Wert: 'weg')."),
    ('address = 3\n', f"{WHERE}: Feld 'address' muss ein Spaltenname oder eine Liste von Spaltennamen sein (Wert: 3)."),
    ('x = "rw"\n', f"{WHERE}: Felder 'x' und 'y' gehören zusammen (projizierte Koordinaten in 'crs'); angegeben ist nur 'x'."),
    ('name = 3\n', f"{WHERE}: Feld 'name' muss ein Text sein (Wert: 3)."),
    ('category_colors = { "Krippe" = "#12345" }\n',
     f"{WHERE}: Feld 'category_colors.Krippe' muss eine Farbe als '#rrggbb' sein (Wert: '#12345')."),
])
def test_every_field_is_checked_with_file_section_field_and_value(tmp_path, extra, message):
    with pytest.raises(IngestError) as error:
        read(tmp_path, extra)
    assert str(error.value) == message


@pytest.mark.parametrize("layer_id, message", [
    ("Kita", "stadt.toml, [[facilities]] Nr. 1 (id='Kita'): Feld 'id' hat den Wert 'Kita'; erlaubt sind Kleinbuchstaben a–z, "
             "Ziffern, '-' und '_' (höchstens 40 Zeichen, am Anfang ein Buchstabe oder eine Ziffer), denn die id steht in "
             "Adressen (ebenen=…)."),
    ("massnahmen", "stadt.toml, [[facilities]] Nr. 1 (id='massnahmen'): Feld 'id' hat den Wert 'massnahmen'; diese id ist für "
                   "die Kartenebene der Maßnahmen vergeben. Bitte eine andere wählen."),
])
def test_a_bad_id_is_an_import_error(tmp_path, layer_id, message):
    assert read(tmp_path)[0].id == "kita"  # the base config is valid
    with pytest.raises(IngestError) as error:
        (tmp_path / "stadt.toml").write_text(BASE.replace('id = "kita"', f'id = "{layer_id}"'), encoding="utf-8")
        config = Config(tmp_path / "stadt.toml")
        specs_from_config(config, config.tables("facilities"), REGISTRY)
    assert str(error.value) == message


def test_an_id_twice_is_an_import_error(tmp_path):
    with pytest.raises(IngestError) as error:
        read(tmp_path, BASE)
    assert str(error.value) == ("stadt.toml, [[facilities]] Nr. 2 (id='kita'): Feld 'id' hat den Wert 'kita', den schon "
                                "stadt.toml, [[facilities]] Nr. 1 (id='kita') trägt. Einrichtungen und Förderkulissen stehen "
                                "in derselben Liste „Weitere Ebenen“; jede id darf nur einmal vorkommen.")


IWHERE = f"{WHERE}, [[facilities.indicators]] Nr. 1"


@pytest.mark.parametrize("block, message", [
    ('indicator = "KITA_X"\nper = "EW_U6"\n',
     f"{IWHERE}: Feld 'indicator' hat den Wert 'KITA_X', das ist kein Indikator des Registers. Bitte einen Eintrag "
     "[[indicator]] mit kind = \"rate\" und aggregation = \"ratio_of_sums\" anlegen."),
    ('indicator = "SGB2"\nper = "EW_U6"\n',
     f"{IWHERE}: Feld 'indicator' hat den Wert 'SGB2'; der Indikator hat im Register kind = 'share' und aggregation = "
     "'ratio_of_sums', eine Versorgungskennzahl braucht kind = \"rate\" und aggregation = \"ratio_of_sums\" (Summe der "
     "Zähler durch Summe der Nenner)."),
    ('indicator = "KITA_U6"\nper = "SGB2"\n',
     f"{IWHERE}: Feld 'per' hat den Wert 'SGB2', das ist keine Anzahl (kind = 'share'). Der Nenner einer "
     "Versorgungskennzahl ist eine Anzahl aus den Werte-Tabellen (kind = \"count\", z. B. Einwohnerinnen und Einwohner)."),
    ('indicator = "KITA_U6"\nper = "EW_U6"\nscale = 100\n', f"{IWHERE}: Feld 'scale' gehört nicht hierher (Wert: 100); der "
                                                          "Maßstab (je 100, je 1.000 …) ist der 'scale' des Indikators im Register."),
    ('indicator = "KITA_U6"\nper = "EW_U6"\nmeasure = "plaetze"\n',
     f"{IWHERE}: Feld 'measure' muss 'count' oder 'capacity' sein (Wert: 'plaetze')."),
])
def test_supply_indicators_are_checked_against_the_register(tmp_path, block, message):
    with pytest.raises(IngestError) as error:
        read(tmp_path, indicators="[[facilities.indicators]]\n" + block)
    assert str(error.value) == message


def test_the_scale_comes_from_the_register(tmp_path):
    specs = read(tmp_path, indicators='[[facilities.indicators]]\nindicator = "KITA_U6"\nmeasure = "capacity"\nper = "EW_U6"\n')
    assert specs[0].indicators == [IndicatorSpec("KITA_U6", "capacity", "EW_U6", 100.0, ())]
    assert specs[0].public is True and specs[0].where == WHERE


def test_points_coloured_by_category_with_legend_rows(tmp_path):
    """category_colors (review item 21): the import writes them to dataset.toml's [[facilities]] (only for categories
    the file has), each point of a coloured category carries its colour in the overlay GeoJSON, other points keep the
    layer's, and the legend lists the categories under the layer."""
    from types import SimpleNamespace

    from dashboard import facilities as runtime
    from dashboard.ingest.facilities import FacilitiesLayer
    from dashboard.ui import overlays as ui

    text = "name,lon,lat,art\nP1,13.05,52.05,doc\nK1,13.15,52.05,clinic\nM1,13.16,52.05,museum\n"
    with pytest.raises(IngestError) as error:
        read_points(spec(tmp_path, text, category="art", category_colors={"Zahnarzt": "#000000"}, where=WHERE), AREAS)
    assert str(error.value) == (f"{WHERE}: Feld 'category_colors' nennt 'Zahnarzt', in der Spalte 'art' (nach 'categories') "
                                "gibt es aber nur 'clinic', 'doc', 'museum'.")
    s = spec(tmp_path, text, category="art", categories={"doc": "Arztpraxis", "clinic": "Klinik"},
             category_colors={"Arztpraxis": "#8c510a", "Klinik": "#b2182b"}, color="#333333")
    layer = FacilitiesLayer([s], read_points(s, AREAS))
    meta = layer.meta()
    assert meta[0]["category_colors"] == {"Arztpraxis": "#8c510a", "Klinik": "#b2182b"}
    layer.write(tmp_path, AREAS.assign(level="gebiet"), ["gebiet"])
    dataset = SimpleNamespace(path=tmp_path, release="r1", raw={"facilities": meta}, level_ids=["gebiet"])
    overlay = runtime.layers(dataset)[0].overlay()
    monitor = SimpleNamespace(dataset=dataset, public=False, overlays=lambda: [overlay])
    features = runtime.features(monitor, "kita")["features"]
    assert {f["properties"]["title"]: f["properties"].get("color") for f in features} == {
        "P1": "#8c510a", "K1": "#b2182b", "M1": None}
    rows = json.dumps(ui.legend(monitor, ("kita",))[0].to_plotly_json(), default=lambda o: o.to_plotly_json())
    assert rows.index("Arztpraxis") < rows.index("Klinik") and "#8c510a" in rows and "#b2182b" in rows
