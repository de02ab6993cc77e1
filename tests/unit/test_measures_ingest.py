"""The measures table (dashboard/ingest/measures.py): every problem an exact German message with file, row, column and
value; periods, the public flag (fail closed), locations and several areas per row read as documented."""
from __future__ import annotations

import geopandas as gpd
import pytest

from dashboard import catalog
from dashboard.ingest import measures
from dashboard.ingest.build import IngestError
from tests.conftest import DEMO_DIR

HEADER = "Kennung;Maßnahme;Gebiete;Zielbereich;Beginn;Ende;Öffentlich;Länge;Breite"
GOOD = "M1;Familienzentrum;01010104;Soziales;2024;2026;ja;;"


@pytest.fixture(scope="module")
def demo():
    return gpd.read_parquet(DEMO_DIR / "areas.parquet"), catalog.load_dataset(DEMO_DIR).indicators


def checked(tmp_path, demo, *lines: str, header: str = HEADER, name: str = "massnahmen.csv"):
    path = tmp_path / name
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    areas, registry = demo
    return measures.check(measures.read_table(measures.spec_for_file(path)), areas, registry)


def problem(tmp_path, demo, *lines: str, header: str = HEADER) -> str:
    with pytest.raises(IngestError) as info:
        checked(tmp_path, demo, *lines, header=header)
    return str(info.value)


def test_a_good_table_is_read_with_its_periods_areas_flag_and_location(tmp_path, demo):
    frame = checked(tmp_path, demo, GOOD, "M2;Sprachförderung;010101, 01;bildung;03.2025;31.12.2025;;;",
                    "M3;Hitzeschutz;gesamt;;2025-04-01;;NEIN;9,70;51,10")
    assert frame["measure_id"].tolist() == ["M1", "M2", "M3"]
    assert frame["areas"].tolist() == [["01010104"], ["010101", "01"], ["gesamt"]]
    assert frame["zielbereich"].tolist() == ["Soziales", "Bildung", ""]  # the registry's spelling
    assert frame["begin"].tolist() == ["2024", "2025-03", "2025-04-01"] and frame["end"].tolist() == ["2026", "2025-12-31", None]
    assert frame["public"].tolist() == [True, False, False]  # empty = nein (fail closed)
    assert frame.loc[2, ["lon", "lat"]].tolist() == [9.7, 51.1]


def test_without_a_public_column_nothing_is_public(tmp_path, demo):
    frame = checked(tmp_path, demo, "M1;Familienzentrum;01010104", header="Kennung;Maßnahme;Gebiete")
    assert frame["public"].tolist() == [False]


@pytest.mark.parametrize("line, expected", [
    (";Titel;01010104;;;;ja;;",
     "massnahmen.csv, Zeile 3, Spalte 'Kennung': die Zelle ist leer. Jede Maßnahme braucht eine Kennung."),
    ("M1;Zweiter Titel;01010104;;;;ja;;",
     "massnahmen.csv, Zeile 3, Spalte 'Kennung': die Kennung 'M1' steht schon in Zeile 2. Jede Maßnahme braucht eine eigene Kennung."),
    ("M2;;01010104;;;;ja;;",
     "massnahmen.csv, Zeile 3, Spalte 'Maßnahme': die Zelle ist leer. Jede Maßnahme braucht einen Titel."),
    ("M2;Titel;;;;;ja;;",
     "massnahmen.csv, Zeile 3, Spalte 'Gebiete': die Zelle ist leer. Jede Maßnahme braucht mindestens ein Gebiet "
     "(Kennung eines Gebiets beliebiger Ebene, 'gesamt' für die ganze Stadt)."),
    ("M2;Titel;01010104; 1010104;;;;ja;;".replace("; 1010104", ", 1010104"),
     "massnahmen.csv, Zeile 3, Spalte 'Gebiete': der Wert '01010104, 1010104' nennt das Gebiet '1010104', das es im Datensatz "
     "nicht gibt. Erwartet werden Kennungen von Gebieten (beliebige Ebene), mehrere durch ';' oder ',' getrennt; bitte "
     "Schreibweise und führende Nullen prüfen."),
    ("M2;Titel;01010104;Sozialess;;;ja;;",
     "massnahmen.csv, Zeile 3, Spalte 'Zielbereich': der Wert 'Sozialess' ist kein Zielbereich des Datensatzes (erlaubt: "
     "{allowed}; oder leer lassen). Meinten Sie 'Soziales'?"),
    ("M2;Titel;01010104;;Frühjahr 2024;;ja;;",
     "massnahmen.csv, Zeile 3, Spalte 'Beginn': der Wert 'Frühjahr 2024' ist kein Jahr und kein Datum. Erwartet wird ein Jahr "
     "(2024), ein Monat (03.2024) oder ein Datum (31.12.2024)."),
    ("M2;Titel;01010104;;2025;2024;ja;;",
     "massnahmen.csv, Zeile 3, Spalte 'Ende': der Wert '2024' liegt vor dem Beginn '2025' (Spalte 'Beginn'). "
     "Bitte Beginn und Ende prüfen."),
    ("M2;Titel;01010104;;01.06.2025;05.2025;ja;;",
     "massnahmen.csv, Zeile 3, Spalte 'Ende': der Wert '05.2025' liegt vor dem Beginn '01.06.2025' (Spalte 'Beginn'). "
     "Bitte Beginn und Ende prüfen."),
    ("M2;Titel;01010104;;;;vielleicht;;",
     "massnahmen.csv, Zeile 3, Spalte 'Öffentlich': der Wert 'vielleicht' ist weder „ja“ noch „nein“. Erlaubt: ja, nein; "
     "leer heißt nein (nicht öffentlich)."),
    ("M2;Titel;01010104;;;;ja;9,7;",
     "massnahmen.csv, Zeile 3, Spalte 'Breite': die Zelle ist leer, die andere Koordinate aber nicht. Für eine Lage bitte "
     "Länge und Breite angeben, sonst beide leer lassen (dann zeigt die Karte die Maßnahme in der Mitte ihres Gebiets)."),
    ("M2;Titel;01010104;;;;ja;9°42';51,1",
     "massnahmen.csv, Zeile 3, Spalte 'Länge': der Wert \"9°42'\" ist keine Zahl. Erwartet wird eine Koordinate in Grad "
     "(WGS 84), z. B. 13,4050 oder 13.4050."),
    ("M2;Titel;01010104;;;;ja;51,1;9,7",
     "massnahmen.csv, Zeile 3, Spalte 'Länge': die Lage ('51,1', '9,7') liegt außerhalb des Stadtgebiets. Länge und Breite "
     "scheinen vertauscht."),
    ("M2;Titel;01010104;;;;ja;548000;5660000",
     "massnahmen.csv, Zeile 3, Spalte 'Länge': die Lage ('548000', '5660000') liegt außerhalb des Stadtgebiets. Erwartet "
     "werden Grad in WGS 84 (EPSG:4326)."),
])
def test_each_problem_has_its_exact_message(tmp_path, demo, line, expected):
    allowed = ", ".join(measures.zielbereiche(demo[1]))
    assert problem(tmp_path, demo, GOOD, line) == expected.format(allowed=allowed)


def test_missing_and_misspelt_columns(tmp_path, demo):
    assert problem(tmp_path, demo, "M1;Titel;01", header="Kennung;Maßnahme;Gebeite") == (
        "massnahmen.csv: Spalte 'Gebiete' (Gebiete, aus dem Standardnamen; anders benannt: [measures.columns] areas = \"…\") "
        "fehlt in Zeile 1 "
        "(vorhanden: 'Kennung', 'Maßnahme', 'Gebeite'). Meinten Sie 'Gebeite'?")
    assert problem(tmp_path, demo, "M1;Titel;01010104;9,7", header="Kennung;Maßnahme;Gebiete;Länge") == (
        "massnahmen.csv: Spalte 'Länge' ist da, die Spalte für die Breite ('Breite') fehlt. Die Lage braucht beide "
        "(Länge und Breite in Grad, WGS 84).")


def test_a_heading_twice_is_an_error_and_case_does_not_matter(tmp_path, demo):
    """The columns are found by generic.Table.column (casefold): a doubled heading is not silently the first one."""
    assert problem(tmp_path, demo, "M1;Titel;01;Zweiter", header="Kennung;Maßnahme;Gebiete;MASSNAHME".replace("MASSNAHME", "maßnahme")) == (
        "massnahmen.csv: die Spaltenüberschrift 'Maßnahme' (Titel der Maßnahme) kommt in Zeile 1 mehrfach vor. "
        "Bitte die Spalte mit ihrem Buchstaben (z. B. \"C\") angeben.")
    frame = checked(tmp_path, demo, "M1;Titel;01", header="KENNUNG;maßnahme;gebiete")
    assert frame[["measure_id", "title", "areas"]].values.tolist() == [["M1", "Titel", ["01"]]]


def test_the_config_section_rejects_unknown_keys_and_names_renamed_columns(tmp_path, demo):
    from dashboard.ingest.generic import Config

    (tmp_path / "m.csv").write_text("ID;Titel;Bezirk\nM1;Familienzentrum;01\n", encoding="utf-8")
    config = tmp_path / "stadt.toml"
    config.write_text('[measures]\nfile = "m.csv"\nsheets = "x"\n', encoding="utf-8")
    with pytest.raises(IngestError, match=r"stadt.toml, \[measures\]: unbekanntes Feld 'sheets'.*Meinten Sie 'sheet'\?"):
        measures.spec_from_config(Config(config), Config(config).doc["measures"])
    config.write_text('[measures]\nfile = "m.csv"\n[measures.columns]\nmeasure_id = "ID"\nareas = "Bezirk"\n', encoding="utf-8")
    spec = measures.spec_from_config(Config(config), Config(config).doc["measures"])
    frame = measures.check(measures.read_table(spec), *demo)
    assert frame[["measure_id", "title", "areas"]].values.tolist() == [["M1", "Familienzentrum", ["01"]]]
    config.write_text('[measures]\nfile = "m.csv"\n[measures.columns]\nmeasure_id = "Nummer"\n', encoding="utf-8")
    spec = measures.spec_from_config(Config(config), Config(config).doc["measures"])
    with pytest.raises(IngestError) as info:
        measures.read_table(spec)
    assert str(info.value) == ("m.csv: Spalte 'Nummer' (Kennung, aus [measures.columns] measure_id) fehlt in Zeile 1 "
                               "(vorhanden: 'ID', 'Titel', 'Bezirk').")


def test_xlsx_with_dates_and_numbers_as_excel_stores_them(tmp_path, demo):
    import datetime as dt

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Maßnahmen"
    sheet.append(["Kennung", "Maßnahme", "Gebiete", "Beginn", "Ende", "Öffentlich"])
    sheet.append([17, "Familienzentrum", "01; 010101", dt.datetime(2024, 3, 1), 2026, "Ja"])
    sheet.append([18.0, "Sprachförderung", 1, None, None, None])
    book.save(tmp_path / "m.xlsx")
    raw = measures.read_table(measures.spec_for_file(tmp_path / "m.xlsx"))
    with pytest.raises(IngestError, match=r"^m.xlsx, Blatt 'Maßnahmen', Zeile 3, Spalte 'Gebiete': der Wert 1 nennt das Gebiet '1'"):
        measures.check(raw, *demo)  # a number loses its leading zero: named, not matched to '01'
    raw.rows.pop()
    frame = measures.check(raw, *demo)
    assert frame[["measure_id", "begin", "end", "public"]].values.tolist() == [["17", "2024-03-01", "2026", True]]
    assert frame["areas"].tolist() == [["01", "010101"]]
