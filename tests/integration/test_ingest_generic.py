"""Generic ingest (dashboard/ingest/generic.py) on small hand-made files written by the tests.

Teststadt: two Bezirke ("01" Südstadt, "02" Nordstadt) with two Teilgebiete each, 1-km squares in
EPSG:25832. Teilgebiete come as GeoJSON in EPSG:25832, Bezirke as a Shapefile inside a .zip; values
as a cp1252 semicolon CSV in wide layout with German numbers (2024), a UTF-8-BOM long CSV (noise,
2024) and an XLSX with a title row (2023).
"""
from __future__ import annotations

import hashlib
import logging
import os
import subprocess
import sys
import warnings
import zipfile
from pathlib import Path

import geopandas as gpd
import openpyxl
import pandas as pd
import pytest
import shapely
import tomli_w

from dashboard import create_app
from dashboard.catalog import load_dataset
from dashboard.ingest import build
from dashboard.ingest.build import IngestError
from dashboard.ingest.generic import ingest_from_config
from dashboard.settings import Settings
from tests.conftest import ROOT

X0, Y0 = 500_000.0, 5_600_000.0


def square(col: int, row: int) -> shapely.Polygon:
    return shapely.box(X0 + col * 1000, Y0 + row * 1000, X0 + (col + 1) * 1000, Y0 + (row + 1) * 1000)


TEILE = [("0101", "Am Bach", "01", square(0, 0)), ("0102", "Lindenhof", "01", square(1, 0)),
         ("0201", "Birkenweg", "02", square(0, 1)), ("0202", "Eichenfeld", "02", square(1, 1))]
BEZIRKE = [("01", "Südstadt", shapely.union_all([square(0, 0), square(1, 0)])),
           ("02", "Nordstadt", shapely.union_all([square(0, 1), square(1, 1)]))]
POPULATION = {"0101": 1000, "0102": 3000, "0201": 500, "0202": 1500}
RECIPIENTS = {"0101": 100, "0102": 30, "0201": 50, "0202": 250}

WIDE_CSV = [  # cp1252, semicolons, German numbers, "Größe" and "Empfänger" need cp1252
    "Gebiet;Name;Einwohner;Empfänger SGB II;Anteil SGB II in %;Größe in km²",
    "0101;Am Bach;1.000;100;10,0;1,0",
    "0102;Lindenhof;3.000;30;1,0;1,0",
    "0201;Birkenweg;500;50;10,0;1,0",
    "0202;Eichenfeld;1.500;250;16,7;1,0",
]
LONG_CSV = [
    "Gebiet;Indikator;Jahr;Wert",
    "0101;Lärm;2024;55,5",
    "0102;Lärm;2024;60,0",
    "0201;Lärm;31.12.2024;50",
    "0202;Lärm;2024;45,25",
]

INDICATORS = [
    {"id": "EW", "label_de": "Einwohner", "label_en": "Residents", "description": "Einwohnerinnen und Einwohner", "unit": "Personen",
     "dimension": "Demografie", "polarity": "neutral", "aggregation": "sum", "source": "Test", "stichtag": "31.12.", "kind": "count",
     "decimals": 0},
    {"id": "SGB2", "label_de": "SGB-II-Quote", "label_en": "SGB II", "description": "Anteil SGB II", "unit": "%",
     "dimension": "Soziales", "polarity": "higher_is_worse", "aggregation": "ratio_of_sums", "source": "Test", "stichtag": "31.12.",
     "kind": "share", "numerator_label": "Empfänger", "denominator_label": "Einwohner"},
    {"id": "LAERM", "label_de": "Lärm", "label_en": "Noise", "description": "Mittlerer Lärmpegel", "unit": "dB(A)",
     "dimension": "Umwelt", "polarity": "higher_is_worse", "aggregation": "weighted_mean", "weight": "EW", "source": "Test",
     "stichtag": "31.12.", "kind": "mean"},
]


def write_geojson(path: Path, rows=TEILE) -> None:
    frame = gpd.GeoDataFrame([r[:3] for r in rows], columns=["id", "name", "bez"], geometry=[r[3] for r in rows], crs="EPSG:25832")
    frame.to_file(path, driver="GeoJSON")


def write_shapefile_zip(path: Path, rows=BEZIRKE, crs: str | None = "EPSG:25832") -> None:
    folder = path.parent / f"{path.stem}_shp"
    folder.mkdir()
    frame = gpd.GeoDataFrame([r[:2] for r in rows], columns=["BEZ_ID", "BEZ_NAME"], geometry=[r[2] for r in rows], crs=crs)
    with warnings.catch_warnings():  # pyogrio warns when writing without a CRS; that is the point of one test
        warnings.simplefilter("ignore", UserWarning)
        frame.to_file(folder / "bezirke.shp", encoding="utf-8")
    with zipfile.ZipFile(path, "w") as archive:
        for file in sorted(folder.iterdir()):
            archive.write(file, f"daten/{file.name}")


def write_xlsx(path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Bevölkerung 2023"
    sheet.append(["Einwohner und SGB II am 31.12.2023"])
    sheet.append(["Gebiet", "Einwohner", "Empfänger SGB II"])
    for area, population in POPULATION.items():
        sheet.append([area, population - 10, "." if area == "0202" else RECIPIENTS[area]])
    book.save(path)


def base_config() -> dict:
    return {
        "dataset": {"id": "teststadt", "title": "Teststadt", "city_name": "Teststadt", "attribution": "Testdaten",
                    "license": "CC0-1.0", "out": "daten/teststadt", "min_population": 0},
        "defaults": {"indicator": "SGB2", "year": 2024},
        "levels": [
            {"id": "teil", "label_de": "Teilgebiet", "label_en": "Part", "file": "teile.geojson", "id_column": "id",
             "name_column": "name", "parent_column": "bez"},
            {"id": "bezirk", "label_de": "Bezirk", "label_en": "District", "file": "bezirke.zip", "id_column": "BEZ_ID",
             "name_column": "BEZ_NAME"},
        ],
        "values": [
            {"file": "werte_2024.csv", "format": "wide", "area_column": "Gebiet", "year": 2024, "encoding": "auto",
             "columns": [{"indicator": "EW", "value": "Einwohner"},
                         {"indicator": "SGB2", "value": "Anteil SGB II in %", "numerator": "Empfänger SGB II", "denominator": "Einwohner"}]},
            {"file": "werte_2023.xlsx", "format": "wide", "sheet": "Bevölkerung 2023", "header_row": 2, "area_column": "Gebiet",
             "year": 2023, "columns": {"Einwohner": "EW"}},
            {"file": "laerm.csv", "format": "long", "area_column": "Gebiet", "indicator_column": "Indikator", "year_column": "Jahr",
             "value_column": "Wert", "indicator_names": {"Lärm": "LAERM"}},
        ],
        "indicator": INDICATORS,
    }


def write_city(folder: Path, config: dict | None = None, wide: list[str] | None = None, long: list[str] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    write_geojson(folder / "teile.geojson")
    write_shapefile_zip(folder / "bezirke.zip")
    (folder / "werte_2024.csv").write_bytes(("\r\n".join(wide or WIDE_CSV) + "\r\n").encode("cp1252"))
    (folder / "laerm.csv").write_bytes(("\n".join(long or LONG_CSV) + "\n").encode("utf-8-sig"))
    write_xlsx(folder / "werte_2023.xlsx")
    path = folder / "stadt.toml"
    path.write_text(tomli_w.dumps(config or base_config()), encoding="utf-8")
    return path


def value(folder: Path, area: str, indicator: str, year: int = 2024) -> pd.Series:
    values = pd.read_parquet(folder / "values.parquet")
    hit = values[(values["area_id"] == area) & (values["indicator_id"] == indicator) & (values["year"] == year)]
    assert len(hit) == 1, hit
    return hit.iloc[0]


def snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    config = write_city(tmp_path_factory.mktemp("stadt"))
    return ingest_from_config(config)


# --------------------------------------------------------------------------------------------
# a working import


def test_dataset_loads_and_app_serves_it(built):
    assert built.name == "teststadt" and built.parent.name == "daten"
    dataset = load_dataset(built)
    assert dataset.level_ids == ["teil", "bezirk"] and dataset.default_year == 2024
    app = create_app(Settings(data_dir=built, cache_dir=None))
    for level in ("teil", "bezirk"):
        bundle = app.monitor.map_bundle("SGB2", 2024, level)
        assert bundle.n_areas == (4 if level == "teil" else 2)
    areas = gpd.read_parquet(built / "areas.parquet")
    assert areas.crs.to_epsg() == 4326 and 8.99 < areas.total_bounds[0] < 9.01  # EPSG:25832 reprojected
    assert dict(zip(areas["area_id"], areas["name"]))["01"] == "Südstadt"  # from the Shapefile inside the zip


def test_german_numbers_and_higher_levels_from_counts(built):
    assert value(built, "0102", "EW")["value"] == 3000  # "3.000"
    south = value(built, "01", "SGB2")
    assert (south["numerator"], south["denominator"]) == (130, 4000)
    assert south["value"] == pytest.approx(100 * 130 / 4000)
    assert value(built, "gesamt", "SGB2")["value"] == pytest.approx(100 * 430 / 6000)
    assert value(built, "02", "EW")["value"] == 2000
    noise = value(built, "01", "LAERM")
    assert noise["value"] == pytest.approx((55.5 * 1000 + 60.0 * 3000) / 4000) and bool(noise["estimate"])
    assert value(built, "0201", "LAERM")["value"] == 50  # year given as Stichtag 31.12.2024


def test_xlsx_values_and_secret_cells(built):
    assert value(built, "0101", "EW", 2023)["value"] == 990
    assert value(built, "01", "EW", 2023)["value"] == 3980


def test_geopackage_with_derived_level_and_id_prefix(tmp_path):
    folder = tmp_path / "gpkg"
    write_city(folder)
    frame = gpd.GeoDataFrame({"schluessel": [t[0] for t in TEILE], "name": [t[1] for t in TEILE],
                              "bezname": ["Südstadt", "Südstadt", "Nordstadt", "Nordstadt"]},
                             geometry=[t[3] for t in TEILE], crs="EPSG:25832")
    frame.to_file(folder / "gebiete.gpkg", layer="teilgebiete", driver="GPKG")
    config = base_config()
    config["levels"] = [
        {"id": "teil", "label_de": "Teilgebiet", "file": "gebiete.gpkg", "layer": "teilgebiete", "id_column": "schluessel",
         "name_column": "name", "parent_from": "id_prefix:2"},
        {"id": "bezirk", "label_de": "Bezirk", "name_column": "bezname"},
    ]
    path = folder / "stadt.toml"
    path.write_text(tomli_w.dumps(config), encoding="utf-8")
    out = ingest_from_config(path)
    areas = gpd.read_parquet(out / "areas.parquet").set_index("area_id")
    assert areas.loc["02", "name"] == "Nordstadt" and areas.loc["0202", "parent_id"] == "02"
    assert areas.loc["01", "geometry"].area == pytest.approx(areas.loc["0101", "geometry"].area * 2, rel=1e-3)
    assert value(out, "02", "SGB2")["value"] == pytest.approx(100 * 300 / 2000)


def test_spatial_containment_assigns_parents(tmp_path):
    config = base_config()
    config["levels"][0] = {k: v for k, v in config["levels"][0].items() if k != "parent_column"} | {"parent_from": "spatial"}
    path = write_city(tmp_path / "raum", config)
    out = ingest_from_config(path)
    areas = gpd.read_parquet(out / "areas.parquet").set_index("area_id")
    assert areas.loc["0102", "parent_id"] == "01" and areas.loc["0201", "parent_id"] == "02"


def test_missing_crs_is_an_error_unless_configured(tmp_path):
    path = write_city(tmp_path / "crs")
    (tmp_path / "crs" / "bezirke.zip").unlink()
    (tmp_path / "crs" / "bezirke_shp").rename(tmp_path / "crs" / "alt")
    write_shapefile_zip(tmp_path / "crs" / "bezirke.zip", crs=None)
    with pytest.raises(IngestError) as error:
        ingest_from_config(path)
    message = str(error.value)
    assert "bezirke.zip" in message and "CRS" in message and 'crs = "EPSG:25832"' in message
    config = base_config()
    config["levels"][1]["crs"] = "EPSG:25832"
    path.write_text(tomli_w.dumps(config), encoding="utf-8")
    assert load_dataset(ingest_from_config(path)).id == "teststadt"


def test_invalid_geometry_is_repaired_and_reported(tmp_path, caplog):
    folder = tmp_path / "bowtie"
    write_city(folder)
    bowtie = shapely.Polygon([(X0, Y0), (X0 + 1000, Y0 + 1000), (X0 + 1000, Y0), (X0, Y0 + 1000)])
    write_geojson(folder / "teile.geojson", [TEILE[0][:3] + (bowtie,)] + TEILE[1:])
    with caplog.at_level(logging.WARNING):
        out = ingest_from_config(folder / "stadt.toml")
    assert "teile.geojson, Objekt 1 (id='0101')" in caplog.text and "repariert" in caplog.text and "geometry" in caplog.text
    assert gpd.read_parquet(out / "areas.parquet").is_valid.all()


def test_areas_without_values_are_a_warning(tmp_path, caplog):
    wide = [line for line in WIDE_CSV if not line.startswith("0202")]
    long = [line for line in LONG_CSV if not line.startswith("0202")]
    path = write_city(tmp_path / "leer", wide=wide, long=long)
    config = base_config()
    del config["values"][1]  # the XLSX has 0202 too
    path.write_text(tomli_w.dumps(config), encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        out = ingest_from_config(path)
    assert "keinen einzigen Wert" in caplog.text and "teile.geojson, Objekt 4 (id='0202', Eichenfeld)" in caplog.text
    assert load_dataset(out).id == "teststadt"


def test_parse_german_numbers():
    from dashboard.ingest.generic import ValuesSpec, _parse_number

    spec = ValuesSpec.__new__(ValuesSpec)
    spec.decimal, spec.thousands = ",", "."
    spec.missing, spec.zero = ("", ".", "x", "•"), ("-", "–")
    cases = {"1.234,5": 1234.5, " 1 675    ": 1675, "-  23    ": -23, "12,3": 12.3, "–": 0, "-": 0, ".": None, "x": None,
             "•": None, "(12,5)": 12.5, "1.234.567": 1234567, 7: 7.0, 2.5: 2.5, "12,3 %": 12.3}
    for raw, expected in cases.items():
        assert _parse_number(raw, spec) == expected, raw
    for raw in ("12.5", "1,2,3", "zehn", "1.23,4", "12a"):
        with pytest.raises(ValueError):
            _parse_number(raw, spec)


# --------------------------------------------------------------------------------------------
# bad input: a German message naming file, row/feature, column and value


def _replace(lines: list[str], row: int, old: str, new: str) -> list[str]:
    out = list(lines)
    out[row] = out[row].replace(old, new, 1)
    return out


def test_duplicate_area_id(tmp_path):
    folder = tmp_path / "dup"
    write_city(folder)
    write_geojson(folder / "teile.geojson", [TEILE[0], ("0101",) + TEILE[1][1:]] + TEILE[2:])
    message = _error(folder / "stadt.toml")
    assert all(part in message for part in ("teile.geojson", "Objekt 2", "'id'", "'0101'", "Objekt 1", "eindeutig")), message


def test_values_for_unknown_area(tmp_path):
    message = _error(write_city(tmp_path / "x", wide=_replace(WIDE_CSV, 3, "0201", "0299")))
    assert all(part in message for part in ("werte_2024.csv", "Zeile 4", "'Gebiet'", "'0299'", "kein Gebiet")), message


def test_unknown_area_on_another_level_gets_a_hint(tmp_path):
    message = _error(write_city(tmp_path / "x", wide=_replace(WIDE_CSV, 3, "0201", "02")))
    assert "'02'" in message and "level = 'bezirk'" in message, message


@pytest.mark.parametrize("raw", ["12a", "12.5"])
def test_non_numeric_value(tmp_path, raw):
    message = _error(write_city(tmp_path / "x", wide=_replace(WIDE_CSV, 2, "30;1,0", f"{raw};1,0")))
    assert all(part in message for part in ("werte_2024.csv", "Zeile 3", "'Empfänger SGB II'", repr(raw), "keine Zahl")), message


def test_numerator_greater_than_denominator(tmp_path):
    message = _error(write_city(tmp_path / "x", wide=_replace(WIDE_CSV, 1, "1.000;100;10,0", "1.000;1.500;150,0")))
    assert all(part in message for part in ("werte_2024.csv", "Zeile 2", "'Empfänger SGB II'", "'1.500'", "größer als der Nenner")), message


def test_negative_count(tmp_path):
    message = _error(write_city(tmp_path / "x", wide=_replace(WIDE_CSV, 1, "1.000;100;10,0", "1.000;-5;0,0")))
    assert all(part in message for part in ("werte_2024.csv", "Zeile 2", "'Empfänger SGB II'", "'-5'", "negativ")), message


def test_negative_population(tmp_path):
    message = _error(write_city(tmp_path / "x", wide=_replace(WIDE_CSV, 3, "500;50;10,0", "-500;50;0,0")))
    assert all(part in message for part in ("werte_2024.csv", "Zeile 4", "'Einwohner'", "'-500'", "negativ")), message


def test_value_contradicting_counts(tmp_path):
    message = _error(write_city(tmp_path / "x", wide=_replace(WIDE_CSV, 1, "100;10,0", "100;12,0")))
    assert all(part in message for part in ("werte_2024.csv", "Zeile 2", "'Anteil SGB II in %'", "'12,0'", "Zähler und Nenner")), message


def test_unparseable_year(tmp_path):
    message = _error(write_city(tmp_path / "x", long=_replace(LONG_CSV, 2, "2024", "2024/25")))
    assert all(part in message for part in ("laerm.csv", "Zeile 3", "'Jahr'", "'2024/25'", "keine Jahreszahl")), message


def test_indicator_missing_from_registry_long(tmp_path):
    message = _error(write_city(tmp_path / "x", long=_replace(LONG_CSV, 4, "Lärm", "Feinstaub")))
    assert all(part in message for part in ("laerm.csv", "Zeile 5", "'Indikator'", "'Feinstaub'", "Register")), message


def test_indicator_missing_from_registry_wide(tmp_path):
    config = base_config()
    config["values"][1]["columns"] = {"Einwohner": "EWX"}
    message = _error(write_city(tmp_path / "x", config))
    assert all(part in message for part in ("stadt.toml", "werte_2023.xlsx", "'Einwohner'", "'EWX'", "Register")), message


def test_duplicate_values_across_files(tmp_path):
    config = base_config()
    config["values"][1]["year"] = 2024
    message = _error(write_city(tmp_path / "x", config))
    assert all(part in message for part in ("werte_2023.xlsx", "Zeile 3", "'0101'", "'EW'", "werte_2024.csv", "Zeile 2", "'Einwohner'")), message


def test_empty_geometry(tmp_path):
    folder = tmp_path / "empty"
    write_city(folder)
    write_geojson(folder / "teile.geojson", TEILE[:2] + [TEILE[2][:3] + (shapely.Polygon(),)] + TEILE[3:])
    message = _error(folder / "stadt.toml")
    assert all(part in message for part in ("teile.geojson", "Objekt 3", "'0201'", "'geometry'", "leer")), message


def test_child_without_parent(tmp_path):
    folder = tmp_path / "orphan"
    write_city(folder)
    write_geojson(folder / "teile.geojson", TEILE[:3] + [("0202", "Eichenfeld", "07", TEILE[3][3])])
    message = _error(folder / "stadt.toml")
    assert all(part in message for part in ("teile.geojson", "Objekt 4", "'0202'", "'bez'", "'07'", "kein übergeordnetes Gebiet")), message


def test_child_with_two_parents_spatial(tmp_path):
    folder = tmp_path / "straddle"
    config = base_config()
    config["levels"][0] = {k: v for k, v in config["levels"][0].items() if k != "parent_column"} | {"parent_from": "spatial"}
    write_city(folder, config)
    straddle = shapely.box(X0 + 1000, Y0 + 500, X0 + 2000, Y0 + 1500)  # half in Südstadt, half in Nordstadt
    write_geojson(folder / "teile.geojson", TEILE[:3] + [TEILE[3][:3] + (straddle,)])
    message = _error(folder / "stadt.toml")
    assert all(part in message for part in ("teile.geojson", "Objekt 4", "'0202'", "zwei", "'01'", "'02'", "5 %")), message


def test_child_with_two_parents_derived_level(tmp_path):
    folder = tmp_path / "twoparents"
    config = base_config()
    config["levels"] = [config["levels"][0], {"id": "bezirk", "label_de": "Bezirk", "name_column": "bezname"},
                        {"id": "region", "label_de": "Region", "parent_column": "region"}]
    config["levels"][1]["parent_column"] = "region"
    write_city(folder, config)
    frame = gpd.read_file(folder / "teile.geojson")
    frame["bezname"] = ["Südstadt", "Südstadt", "Nordstadt", "Nordstadt"]
    frame["region"] = ["R1", "R1", "R1", "R2"]  # Bezirk 02 would lie in R1 and R2
    frame.to_file(folder / "teile.geojson", driver="GeoJSON")
    message = _error(folder / "stadt.toml")
    assert all(part in message for part in ("teile.geojson", "Objekt 4", "'0202'", "'region'", "'R2'", "zwei übergeordnete Gebiete")), message


def _error(config: Path) -> str:
    with pytest.raises(IngestError) as error:
        ingest_from_config(config)
    out = config.parent / "daten"
    assert not out.exists() or not any(p.name.startswith(".") for p in out.iterdir())
    return str(error.value)


# --------------------------------------------------------------------------------------------
# a failed import leaves the previous dataset exactly as it was


def _live(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    path = write_city(tmp_path / "live")
    out = ingest_from_config(path)
    return path, out, snapshot(out)


def test_bad_value_in_last_file_leaves_dataset_untouched(tmp_path):
    path, out, before = _live(tmp_path)
    (path.parent / "laerm.csv").write_text("\n".join(_replace(LONG_CSV, 4, "45,25", "laut")) + "\n", encoding="utf-8")
    with pytest.raises(IngestError, match="laerm.csv, Zeile 5"):
        ingest_from_config(path)
    assert snapshot(out) == before
    assert [p.name for p in out.parent.iterdir()] == ["teststadt"]


@pytest.mark.parametrize("failure", [OSError("Datenträger voll"), KeyboardInterrupt()], ids=["disk-full", "interrupted"])
def test_failure_inside_write_step_leaves_dataset_untouched(tmp_path, monkeypatch, failure):
    path, out, before = _live(tmp_path)

    def broken(*args, **kwargs):
        raise failure

    monkeypatch.setattr(build, "_write_web", broken)
    with pytest.raises(type(failure)):
        ingest_from_config(path)
    assert snapshot(out) == before
    assert [p.name for p in out.parent.iterdir()] == ["teststadt"]


def test_failure_during_swap_restores_dataset(tmp_path, monkeypatch):
    path, out, before = _live(tmp_path)
    real_rename = Path.rename

    def rename(self, target):
        if self.name.startswith(".teststadt.tmp-"):
            raise OSError("Umbenennen fehlgeschlagen")
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(OSError):
        ingest_from_config(path)
    assert snapshot(out) == before
    assert [p.name for p in out.parent.iterdir()] == ["teststadt"]


# --------------------------------------------------------------------------------------------
# command line


def _cli(config: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "dashboard", "ingest", "--config", str(config)], capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=120)


def test_cli_success_and_failure(tmp_path):
    path = write_city(tmp_path / "cli")
    done = _cli(path)
    assert done.returncode == 0, done.stderr
    assert "Datensatz geschrieben" in done.stdout and (tmp_path / "cli" / "daten" / "teststadt" / "dataset.toml").exists()
    (path.parent / "werte_2024.csv").write_bytes(("\n".join(_replace(WIDE_CSV, 2, "30;1,0", "3x;1,0")) + "\n").encode("cp1252"))
    failed = _cli(path)
    assert failed.returncode == 1
    assert "Import fehlgeschlagen: werte_2024.csv, Zeile 3, Spalte 'Empfänger SGB II': der Wert '3x' ist keine Zahl" in failed.stderr
    assert "unverändert" in failed.stderr
