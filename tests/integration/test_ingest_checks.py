"""The import's sanity checks of issue 15, each with its exact German message (file, feature/row, column, value).

Runs the generic import on the Teststadt of test_ingest_generic.py (two Bezirke with two Teilgebiete each, EPSG:25832)
with one thing broken per test: unknown keys, burden rules, a wrong CRS, a child outside its parent, ambiguous numbers,
fractional counts; plus the attribution prefix and years without values.
"""
from __future__ import annotations

import copy
import json
import logging
import shutil

import pytest

from dashboard import catalog
from dashboard.catalog import load_dataset
from dashboard.ingest.build import IngestError
from dashboard.ingest.generic import ingest_from_config
from dashboard.monitor import Monitor
from dashboard.store import Store
from tests.integration import test_ingest_generic as generic
from tests.integration.test_ingest_generic import WIDE_CSV, write_city, write_shapefile_zip


def base_config() -> dict:
    return copy.deepcopy(generic.base_config())  # its indicator entries are shared module constants


def error(tmp_path, config=None, wide=None, after=None) -> str:
    path = write_city(tmp_path, config, wide=wide)
    if after:
        after(tmp_path)
    with pytest.raises(IngestError) as caught:
        ingest_from_config(path)
    return str(caught.value)


def with_rule(**changes) -> dict:
    config = base_config()
    rule = {"id": "sozial", "label": "Sozial", "min_count": 1,
            "criteria": [{"indicator": "SGB2", "rule": "quantile", "value": 0.25}, {"indicator": "LAERM", "rule": "threshold", "value": 55}]}
    rule.update(changes)
    config["burden_rules"] = [rule]
    return config


# --------------------------------------------------------------------------------------------
# unknown keys, everywhere, with one wording


@pytest.mark.parametrize(("where", "message"), [
    (lambda c: c["dataset"].update(simplfy_m=3), "stadt.toml, [dataset]: unbekanntes Feld 'simplfy_m'. Meinten Sie 'simplify_m'?"),
    (lambda c: c.update(burden_rule=[{"id": "x"}]), "stadt.toml: unbekannter Abschnitt [burden_rule]. Meinten Sie 'burden_rules'?"),
    (lambda c: c["defaults"].update(jahr=2024), "stadt.toml, [defaults]: unbekanntes Feld 'jahr' (erlaubt: indicator, level, year)."),
    (lambda c: c["levels"][0].update(name_colum="name"),
     "stadt.toml, [[levels]] Nr. 1 (id='teil'): unbekanntes Feld 'name_colum'. Meinten Sie 'name_column'?"),
    (lambda c: c["levels"][0].update(combine=[{"id": "x", "name": "X", "areas": ["0101", "0102"], "aeras": []}]),
     "stadt.toml, [[levels]] Nr. 1 (id='teil'), [[levels.combine]] Nr. 1: unbekanntes Feld 'aeras'. Meinten Sie 'areas'?"),
    (lambda c: c["values"][0].update(decimals=","), "stadt.toml, [[values]] Nr. 1: unbekanntes Feld 'decimals'. Meinten Sie 'decimal'?"),
    (lambda c: c["values"][0]["columns"][0].update(indikator="EW"),
     "stadt.toml, [[values]] Nr. 1, [[values.columns]] Nr. 1: unbekanntes Feld 'indikator'. Meinten Sie 'indicator'?"),
    (lambda c: c.update(gazetteer={"datei": "orte.csv"}), "stadt.toml, [gazetteer]: unbekanntes Feld 'datei' (erlaubt: file)."),
    (lambda c: c["indicator"][0].update(treshold=3), "stadt.toml, Eintrag 1 (id='EW'): unbekanntes Feld 'treshold'. Meinten Sie 'threshold'?"),
])
def test_unknown_keys_are_rejected_with_a_suggestion(tmp_path, where, message):
    config = base_config()
    where(config)
    assert error(tmp_path, config) == message


# --------------------------------------------------------------------------------------------
# [[burden_rules]] and [[indices]]


def test_burden_rule_reaches_dataset_toml(tmp_path):
    folder = ingest_from_config(write_city(tmp_path, with_rule()))
    rule = load_dataset(folder).burden_rules[0]
    assert (rule.id, rule.min_count, [(c.indicator_id, c.rule, c.value) for c in rule.criteria]) == (
        "sozial", 1, [("SGB2", "quantile", 0.25), ("LAERM", "threshold", 55.0)])


@pytest.mark.parametrize(("changes", "message"), [
    ({"criteria": [{"indicator": "SGB3", "rule": "quantile", "value": 0.25}]},
     "stadt.toml, [[burden_rules]] Nr. 1 (id='sozial'), Kriterium Nr. 1, Feld 'indicator': der Wert 'SGB3' ist kein Indikator "
     "des Registers (bekannt: EW, SGB2, LAERM). Meinten Sie 'SGB2'?"),
    ({"criteria": [{"indicator": "SGB2", "rule": "quartile", "value": 0.25}]},
     "stadt.toml, [[burden_rules]] Nr. 1 (id='sozial'), Kriterium Nr. 1 (SGB2), Feld 'rule': Regel 'quartile' ist unbekannt "
     "(erlaubt: class, quantile, zscore, threshold)."),
    ({"criteria": [{"indicator": "SGB2", "rule": "quantile", "value": 25}]},
     "stadt.toml, [[burden_rules]] Nr. 1 (id='sozial'), Kriterium Nr. 1 (SGB2), Feld 'value': bei rule = \"quantile\" ist value "
     "der Anteil der am stärksten belasteten Gebiete und liegt zwischen 0 und 1, z. B. 0.25 für das schlechteste Viertel (Wert: 25)."),
    ({"criteria": [{"indicator": "SGB2", "rule": "threshold"}]},
     "stadt.toml, [[burden_rules]] Nr. 1 (id='sozial'), Kriterium Nr. 1 (SGB2), Feld 'value': fehlt, und der Indikator hat keinen "
     "Schwellenwert ('threshold' im Register). Bitte den Schwellenwert als value angeben."),
    ({"min_count": 3},
     "stadt.toml, [[burden_rules]] Nr. 1 (id='sozial'), Feld 'min_count': muss eine ganze Zahl von 1 bis 2 (Zahl der Kriterien) "
     "sein (Wert: 3)."),
    ({"mincount": 2}, "stadt.toml, [[burden_rules]] Nr. 1 (id='sozial'): unbekanntes Feld 'mincount'. Meinten Sie 'min_count'?"),
    ({"criteria": [{"indicator": "SGB2", "rule": "quantile", "wert": 0.25}]},
     "stadt.toml, [[burden_rules]] Nr. 1 (id='sozial'), Kriterium Nr. 1: unbekanntes Feld 'wert' (erlaubt: indicator, rule, value)."),
])
def test_wrong_burden_rules(tmp_path, changes, message):
    assert error(tmp_path, with_rule(**changes)) == message


def test_wrong_index(tmp_path):
    config = base_config()
    config["indices"] = [{"id": "si", "label": "Index", "status_indicators": ["SGB2"], "dynamic_indicators": ["SGB"],
                          "dynamic_change_years": 1}]
    assert error(tmp_path, config) == ("stadt.toml, [[indices]] Nr. 1 (id='si'), Feld 'dynamic_indicators': Indikator 'SGB' ist "
                                       "nicht im Register. Meinten Sie 'SGB2'?")


# --------------------------------------------------------------------------------------------
# geometry: CRS area of use, levels far apart, children outside their parents


def _bezirke_without_crs(folder):
    (folder / "bezirke.zip").unlink()
    shutil.rmtree(folder / "bezirke_shp")
    write_shapefile_zip(folder / "bezirke.zip", crs=None)


def test_projected_coordinates_declared_as_wgs84(tmp_path):
    config = base_config()
    config["levels"][1]["crs"] = "EPSG:4326"
    assert error(tmp_path, config, after=_bezirke_without_crs) == (
        "bezirke.zip!daten/bezirke.shp, Objekt 1 (id='01'), Spalte 'geometry': die Koordinaten (500000, 5600000) liegen außerhalb "
        "des Gültigkeitsbereichs des angegebenen Koordinatenbezugssystems EPSG:4326 (WGS 84) (aus Feld 'crs' in [[levels]] Nr. 2 "
        "(id='bezirk')); es gilt für Länge -180 bis 180 und Breite -90 bis 90 Grad. Betroffen sind 2 Objekte. Koordinaten in Metern "
        "wie diese gehören zu einem projizierten System (z. B. EPSG:25832 oder EPSG:25833). Bitte das richtige CRS angeben "
        "(bei Shapefiles steht es in der .prj-Datei, sonst Feld 'crs' bei der Ebene).")


def test_geojson_without_its_crs_member(tmp_path, recwarn):
    def drop_crs(folder):
        doc = json.loads((folder / "teile.geojson").read_text())
        doc.pop("crs")
        (folder / "teile.geojson").write_text(json.dumps(doc))
    message = error(tmp_path, after=drop_crs)
    assert message.startswith("teile.geojson, Objekt 1 (id='0101'), Spalte 'geometry': die Koordinaten (500000, 5600000) liegen "
                              "außerhalb des Gültigkeitsbereichs des angegebenen Koordinatenbezugssystems EPSG:4326 (WGS 84) (aus der "
                              "Datei; eine GeoJSON-Datei ohne Angabe gilt als EPSG:4326)")
    assert not [w for w in recwarn if "invalid" in str(w.message).lower()]  # no leaked shapely/pyproj warning


def test_wrong_projection_of_one_level(tmp_path):
    """Bezirke declared EPSG:31467 (Gauss-Krüger zone 3) for EPSG:25832 data would land in the Atlantic."""
    config = base_config()
    config["levels"][1]["crs"] = "EPSG:31467"
    assert error(tmp_path, config, after=_bezirke_without_crs) == (
        "bezirke.zip!daten/bezirke.shp, Objekt 1 (id='01'), Spalte 'geometry': die Koordinaten (500000, 5600000) liegen außerhalb "
        "des Gültigkeitsbereichs des angegebenen Koordinatenbezugssystems EPSG:31467 (DHDN / 3-degree Gauss-Kruger zone 3) (aus Feld "
        "'crs' in [[levels]] Nr. 2 (id='bezirk')); es gilt für Länge 7.5 bis 10.51 und Breite 47.27 bis 55.09 Grad. Betroffen sind "
        "2 Objekte. Bitte das richtige CRS angeben (bei Shapefiles steht es in der .prj-Datei, sonst Feld 'crs' bei der Ebene).")


def test_level_far_from_the_others(tmp_path):
    """EPSG:25833 for EPSG:25832 data: inside that CRS's area of use, but 400 km east of the Teilgebiete."""
    config = base_config()
    config["levels"][1]["crs"] = "EPSG:25833"
    assert error(tmp_path, config, after=_bezirke_without_crs) == (
        "stadt.toml, [[levels]] Nr. 2 (id='bezirk') (bezirke.zip!daten/bezirke.shp): die Gebiete der Ebene 'bezirk' liegen nicht "
        "dort, wo die der Ebene 'teil' (teile.geojson) liegen: Länge 15.000 bis 15.028, Breite 50.552 bis 50.570 gegenüber Länge "
        "9.000 bis 9.028, Breite 50.552 bis 50.570 (WGS84). Meist ist das Koordinatenbezugssystem einer der beiden Dateien falsch "
        "angegeben (Feld 'crs' oder .prj-Datei).")


def test_child_outside_its_parent(tmp_path):
    def move(folder):
        doc = json.loads((folder / "teile.geojson").read_text())
        doc["features"][1]["properties"]["bez"] = "02"  # Lindenhof lies in Südstadt
        (folder / "teile.geojson").write_text(json.dumps(doc))
    assert error(tmp_path, after=move) == (
        "teile.geojson, Objekt 2 (id='0102') liegt zu 100 % außerhalb seines übergeordneten Gebiets 'Nordstadt' (id='02', "
        "bezirke.zip!daten/bezirke.shp, Objekt 2), dem es über Spalte 'bez' zugeordnet ist. Erlaubt sind höchstens 5 % "
        "(unterschiedlich digitalisierte Grenzen). Bitte die Zuordnung prüfen – oder das Koordinatenbezugssystem beider Dateien, "
        "wenn viele Gebiete betroffen sind.")


# --------------------------------------------------------------------------------------------
# numbers


def _wide(row: int, column: int, text: str) -> list[str]:
    lines = list(WIDE_CSV)
    cells = lines[row].split(";")
    cells[column] = text
    lines[row] = ";".join(cells)
    return lines


def test_english_thousands_in_a_decimal_comma_file(tmp_path):
    assert error(tmp_path, wide=_wide(2, 2, "3,000")) == (
        "werte_2024.csv, Zeile 3, Spalte 'Einwohner': der Wert '3,000' ist mehrdeutig (Gebiet '0102', Indikator 'EW', Jahr 2024): "
        "mit Dezimalzeichen ',' ist er 3,000, mit '.' als Tausendertrennzeichen (englische Schreibweise) 3000. Drei "
        "Nachkommastellen passen nicht zum Indikator (eine Anzahl), also ist vermutlich 3000 gemeint. Bitte die Zahl ohne "
        "Trennzeichen schreiben (3000) oder, wenn die ganze Datei englische Zahlen enthält, decimal = \".\" setzen.")


def test_three_decimals_of_a_share_are_decimals_when_thousands_cannot_be(tmp_path):
    """'10,000' % read with an English thousands separator would be 10000 %, more than a share's scale of 100: the text
    reads one way only (10 %) and is accepted; so is '0,125' (no thousands group starts with 0)."""
    lines = _wide(1, 4, "10,000")
    folder = ingest_from_config(write_city(tmp_path, wide=lines))
    assert generic.value(folder, "0101", "SGB2")["value"] == 10.0
    assert generic.value(folder, "0101", "SGB2")["numerator"] == 100


def test_fractional_count(tmp_path):
    assert error(tmp_path, wide=_wide(2, 2, "3.000,5")) == (
        "werte_2024.csv, Zeile 3, Spalte 'Einwohner': der Wert '3.000,5' hat Nachkommastellen (Gebiet '0102', Indikator 'EW', "
        "Jahr 2024), aber der Indikator ist eine Anzahl (kind = \"count\") und damit eine ganze Zahl. Bitte die Spaltenzuordnung "
        "prüfen (steht hier ein Anteil oder Mittelwert?) und das Dezimal- und Tausendertrennzeichen der Datei (decimal = ',', "
        "thousands = '.').")


def test_fractional_numerator(tmp_path):
    assert error(tmp_path, wide=_wide(1, 3, "100,5")).startswith(
        "werte_2024.csv, Zeile 2, Spalte 'Empfänger SGB II': der Wert '100,5' hat Nachkommastellen (Gebiet '0101', Indikator "
        "'SGB2', Jahr 2024), aber Zähler eines Anteils sind Fallzahlen und damit eine ganze Zahl.")


# --------------------------------------------------------------------------------------------
# attribution and years


def test_attribution_prefix_is_dropped_with_a_warning(tmp_path, caplog):
    config = base_config()
    config["dataset"]["attribution"] = "Datenquellen: Statistikstelle Teststadt"
    with caplog.at_level(logging.WARNING):
        folder = ingest_from_config(write_city(tmp_path, config))
    assert load_dataset(folder).attribution == "Statistikstelle Teststadt"
    assert "Feld 'attribution' beginnt mit 'Datenquellen:'" in caplog.text
    assert catalog.strip_source_prefix("Quelle(n): Amt") == "Amt" and catalog.strip_source_prefix("Data sources: x") == "x"


def test_a_year_with_only_denominators_is_not_offered(tmp_path):
    """2023 has SGB2 denominators (Einwohner) but every numerator is secret: no SGB2 value in 2023, so no 2023 for SGB2."""
    config = base_config()
    config["values"][1]["columns"] = [{"indicator": "EW", "value": "Einwohner"},
                                      {"indicator": "SGB2", "numerator": "Empfänger SGB II", "denominator": "Einwohner"}]
    path = write_city(tmp_path, config)
    import openpyxl
    book = openpyxl.load_workbook(tmp_path / "werte_2023.xlsx")
    for row in book.active.iter_rows(min_row=3):
        row[2].value = "."
    book.save(tmp_path / "werte_2023.xlsx")
    folder = ingest_from_config(path)
    dataset = load_dataset(folder)
    monitor = Monitor(dataset, Store(folder), public=False)
    assert monitor.years("EW", "teil") == [2023, 2024]
    assert monitor.years("SGB2", "teil") == [2024] and monitor.years("SGB2", "bezirk") == [2024]
