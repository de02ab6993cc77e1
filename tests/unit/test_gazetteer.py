"""The gazetteer's search keys, query reading and import checks (dashboard/gazetteer.py, dashboard/ingest/gazetteer.py)."""
from __future__ import annotations

import pandas as pd
import pytest

from dashboard.gazetteer import address_text, number_key, parse_query, place_key
from dashboard.ingest.build import IngestError
from dashboard.ingest.gazetteer import check_gazetteer, from_addresses, read_gazetteer_csv

AREAS = pd.DataFrame({"area_id": ["0101", "0102", "01"], "level": ["planungsraum", "planungsraum", "bezirk"]})
LEVELS = ["planungsraum", "bezirk"]


def test_keys_fold_spelling_variants():
    assert place_key("Karl-Marx-Straße") == place_key("karl marx str.") == place_key("KARL-MARX-STRASSE")
    assert place_key("Neukölln") == place_key("Neukoelln") == place_key("neukolln")
    assert place_key("Straße 70") != place_key("Sonnenallee")
    assert number_key("100 A") == number_key("100a") == "100a"


@pytest.mark.parametrize("text, street, number, postcode", [
    ("Sonnenallee 100", "sonnenallee", "100", None),
    ("sonnenallee 100a", "sonnenallee", "100a", None),
    ("Sonnenallee 100 A, 12049", "sonnenallee", "100a", "12049"),
    ("Str. des 17. Juni 100", "strdes17juni", "100", None),
    ("12049", None, None, None),
    ("Neukölln", None, None, None),
])
def test_parse_query(text, street, number, postcode):
    query = parse_query(text)
    assert (query.street_key, query.number, query.postcode) == (street, number, postcode)


def _frame(rows, **attrs):
    frame = pd.DataFrame(rows, columns=["kind", "name", "number", "postcode", "area_id", "weight"])
    frame.attrs.update(attrs)
    return frame


def test_check_gazetteer_keeps_a_valid_table_sorted_with_keys():
    out = check_gazetteer(_frame([["strasse", "Lindenallee", None, "34111", "0101", 3],
                                  ["adresse", "Lindenallee", "1 a", "34111", "0101", None],
                                  ["alias", "Kiez", None, None, "01", None]]), AREAS, LEVELS)
    assert list(out["kind"]) == ["adresse", "alias", "strasse"]
    assert out.loc[0, "number_key"] == "1a" and out.loc[0, "key"] == "lindenallee" and out["weight"].tolist() == [1, 1, 3]


@pytest.mark.parametrize("row, column, words", [
    (["stadtteil", "X", None, None, "0101", 1], "kind", "unbekannte Art"),
    (["adresse", "Lindenallee", None, None, "0101", 1], "number", "ohne Hausnummer"),
    (["plz", "34111", None, None, "9999", 1], "area_id", "kein Gebiet dieses Datensatzes"),
    (["ortsteil", "Oberdorf", None, None, "01", 1], "area_id", "kleinsten Ebene"),
    (["plz", "34111", None, None, "0101", "viele"], "weight", "keine ganze Zahl"),
])
def test_check_gazetteer_names_file_row_column_and_value(row, column, words):
    good = ["plz", "34112", None, None, "0102", 2]
    with pytest.raises(IngestError) as caught:
        check_gazetteer(_frame([good, row], source="orte.csv", first_row=2), AREAS, LEVELS)
    message = str(caught.value)
    assert message.startswith(f"orte.csv, Zeile 3, Spalte {column!r}") and words in message, message


def test_an_address_lies_in_one_area():
    rows = [["adresse", "Lindenallee", "1", "34111", "0101", None], ["adresse", "Lindenallee", "1", "34111", "0102", None]]
    with pytest.raises(IngestError, match="mehrfach"):
        check_gazetteer(_frame(rows), AREAS, LEVELS)


def test_csv_reading_and_derivation(tmp_path):
    path = tmp_path / "orte.csv"
    path.write_text("kind;name;number;postcode;area_id;weight\nadresse;Lindenallee;1;34111;0101;\nplz;34111;;;0101;4\n", encoding="utf-8")
    frame = read_gazetteer_csv(path)
    assert check_gazetteer(frame, AREAS, LEVELS)["kind"].tolist() == ["adresse", "plz"]
    path.write_text("kind;name;bezirk\n", encoding="utf-8")
    with pytest.raises(IngestError, match="Zeile 1: unbekannte Spalte"):
        read_gazetteer_csv(path)
    derived = from_addresses(pd.DataFrame({"street": ["A-Weg", "A-Weg", "B-Weg"], "number": ["1", "2", "1"],
                                           "postcode": ["1", "1", "2"], "ortsteil": ["O", "O", "O"], "area_id": ["0101", "0102", "0102"]}))
    ortsteil = derived[derived["kind"] == "ortsteil"].set_index("area_id")["weight"].to_dict()
    assert ortsteil == {"0101": 1, "0102": 2}


def test_house_numbers_and_address_text_in_one_place():
    query = parse_query("Sonnenallee 100 a, 12049")
    assert query.number_digits == "100" and parse_query("12049").number_digits is None
    assert query.names_number("100A") and not query.names_number("100") and parse_query("Sonnenallee 100").names_number("100 A")
    assert address_text("Sonnenallee", "100A", "12049") == "Sonnenallee 100A, 12049" == parse_query(address_text("Sonnenallee", "100A", "12049")).text
    assert address_text("Sonnenallee", "100A", None) == "Sonnenallee 100A"


def test_a_share_reads_the_same_in_the_table_and_on_the_map():
    from dashboard.ui.search import share_text

    assert [share_text(s, "de") for s in (0.39, 0.1, 0.033, 0.0014)] == ["39 %", "10 %", "3,3 %", "0,1 %"]
    assert share_text(0.033, "en") == "3.3 %"
