"""The one export module (dashboard/export.py), the one Stichtag formatter and the presentation step."""
import ast
import csv
import io
import re
from dataclasses import replace

import pytest

from dashboard.export import Column, ExportTable, download, export_file, flag_columns
from dashboard.i18n import format_number, t
from dashboard.present import LegendEntry, legend_rows
from dashboard.settings import PROJECT_ROOT


def _table(lang="de"):
    return ExportTable(
        filename="probe", title="Titel", sheet="Gebiete",
        columns=[Column("name", "Gebiet"), Column("value", "Wert", "number", 1), Column("count", "Anzahl", "number", 0),
                 Column("diff", "Differenz", "number", 2), *flag_columns(lang)],
        rows=[{"name": "Köpenick; Süd", "value": 12345.67, "count": 3, "diff": -0.001, "estimate": True, "withheld": False},
              {"name": "Mitte", "value": None, "count": 1234567, "diff": 1.5, "estimate": False, "withheld": True}],
        lines=["Stichtag 31.12.2024"])


def _read_csv(content: bytes, delimiter: str):
    assert content.startswith(b"\xef\xbb\xbf"), "CSV without byte-order mark: German Excel garbles umlauts"
    text = content.decode("utf-8-sig")
    lines = text.splitlines()
    meta = [line for line in lines if line.startswith("# ")]
    body = list(csv.reader(io.StringIO("\n".join(line for line in lines if not line.startswith("# "))), delimiter=delimiter))
    return meta, body


def test_german_csv_is_excel_ready(demo_dataset):
    content, name, media = export_file(_table(), demo_dataset, "csv", "de")
    assert name == "probe.csv" and media == "text/csv"
    meta, body = _read_csv(content, ";")
    assert body[0] == ["Gebiet", "Wert", "Anzahl", "Differenz", "Schätzung", "nicht veröffentlicht (geringe Fallzahl/Geheimhaltung)"]
    # one number format: decimal comma, no thousands separator; a rounded zero has no sign
    assert body[1] == ["Köpenick; Süd", "12345,7", "3", "0,00", "ja", "nein"]
    assert body[2] == ["Mitte", "", "1234567", "1,50", "nein", "ja"]
    # release, licence and attribution once, after the caller's lines; no "Quelle: Datenquellen:"
    assert meta[0] == "# Titel" and meta[1] == "# Stichtag 31.12.2024"
    assert sum(demo_dataset.attribution in m for m in meta) == 1
    assert not any(re.search(r"(Datenquellen|Quelle): (Datenquellen|Quelle)", m) for m in meta)


def test_english_csv_is_wholly_english(demo_dataset):
    content, _, _ = export_file(_table("en"), demo_dataset, "csv", "en")
    meta, body = _read_csv(content, ",")
    assert body[1][1:] == ["12345.7", "3", "0.00", "yes", "no"]
    assert body[0][-2:] == ["estimate", "not published (small numbers/confidentiality)"]
    assert any(demo_dataset.title_en in m for m in meta) and not any(demo_dataset.title in m for m in meta)
    assert any(m.startswith("# Licence:") for m in meta) and any(m.startswith("# Data sources:") for m in meta)


def test_xlsx_holds_numbers_as_numbers(demo_dataset):
    from openpyxl import load_workbook

    content, name, _ = export_file(_table(), demo_dataset, "xlsx", "de")
    sheet = load_workbook(io.BytesIO(content)).active
    rows = [r for r in sheet.iter_rows(values_only=True)]
    header = rows.index(("Gebiet", "Wert", "Anzahl", "Differenz", "Schätzung", "nicht veröffentlicht (geringe Fallzahl/Geheimhaltung)"))
    assert rows[header + 1] == ("Köpenick; Süd", 12345.7, 3, 0.0, "ja", "nein")
    assert sheet.title == "Gebiete" and name == "probe.xlsx"
    assert sheet.cell(row=header + 2, column=2).number_format == "0.0"


def test_download_keeps_the_byte_order_mark(demo_dataset):
    import base64

    data = download(_table(), demo_dataset, "csv", "de")
    assert data["base64"] and base64.b64decode(data["content"]).startswith(b"\xef\xbb\xbf")


def test_no_hand_written_csv_or_xlsx_writer_outside_the_export_module():
    """Every download a user makes comes from export.py (the command line's `burden`/`index` print plain
    machine-readable CSV to stdout for scripts and the reproduction checks, not a file for Excel)."""
    found = [f"{p.relative_to(PROJECT_ROOT)}" for p in (PROJECT_ROOT / "dashboard").rglob("*.py")
             if p.name not in ("export.py", "__main__.py") and "ingest" not in p.parts
             and re.search(r"csv\.writer|openpyxl|send_data_frame|\.to_csv\(|to_excel\(", p.read_text(encoding="utf-8"))]
    assert not found, found


@pytest.mark.parametrize("stichtag, de, en", [
    ("31.12.", "31.12.2024", "31 Dec 2024"),
    ("01.07.", "01.07.2024", "1 Jul 2024"),
    ("Ausgabe 2021/2022", "Ausgabe 2021/2022", "edition 2021/2022"),  # names its own period: no year appended
    ("Jahresmittel", "Jahresmittel 2024", "Jahresmittel 2024"),  # a word without translation stays, with the year
])
def test_reference_date_is_the_one_stichtag_formatter(demo_dataset, stichtag, de, en):
    indicator = replace(next(iter(demo_dataset.indicators.values())), stichtag=stichtag, en={})
    assert indicator.reference_date(2024, "de") == de
    assert indicator.reference_date(2024, "en") == en


def test_only_one_stichtag_formatter_in_the_code():
    """reference_date is the one place a Stichtag is made from the registry text and a year."""
    found = [f"{p.relative_to(PROJECT_ROOT)}:{n}" for p in (PROJECT_ROOT / "dashboard").rglob("*.py") if "ingest" not in p.parts
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
             if re.search(r'text\("stichtag"|\.stichtag\b', line) and p.name != "catalog.py"]
    assert not found, found


def test_numbers_are_formatted_by_babel_per_language():
    assert format_number(12345.678, 1) == "12.345,7" and format_number(12345.678, 1, "en") == "12,345.7"
    assert format_number(-0.004, 2) == "0,00" and format_number(-0.004, 2, "en") == "0.00"
    assert format_number(12345.678, 1, grouping=False) == "12345,7"
    assert format_number(None) == "–" and format_number(float("inf")) == "–"


def test_legend_rows_are_made_per_language(demo_dataset):
    indicator = demo_dataset.indicators["A1"]
    entries = [LegendEntry("#fff", "range", 1000.0, 2500.5, first=True), LegendEntry("#eee", "range", 2500.5, 3000.25),
               LegendEntry("#ccc", "withheld", hatched=True), LegendEntry("#ddd", "no_data")]
    de = [r.label for r in legend_rows(entries, "de", indicator)]
    en = [r.label for r in legend_rows(entries, "en", indicator)]
    assert de == ["1.000,0 – 2.500,5", "> 2.500,5 – 3.000,2", t("keine Angabe (geringe Fallzahl)"), "keine Daten"]
    assert en == ["1,000.0 – 2,500.5", "> 2,500.5 – 3,000.2", t("keine Angabe (geringe Fallzahl)", "en"), "no data"]


def test_monitor_and_methods_produce_no_text():
    """monitor.py, methods/ and reports/ return numbers, codes and dates: no i18n, no German words in their
    string literals (docstrings and error messages for developers aside)."""
    files = [PROJECT_ROOT / "dashboard" / "monitor.py", *(PROJECT_ROOT / "dashboard" / "methods").glob("*.py"),
             *(PROJECT_ROOT / "dashboard" / "reports").glob("*.py")]
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imports = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
        assert not imports & {"dashboard.i18n"}, f"{path.name} imports i18n"
        docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                      if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef)) and n.body
                      and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
        raised = {id(c) for n in ast.walk(tree) if isinstance(n, ast.Raise) for c in ast.walk(n)}
        words = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
                 and id(n) not in docstrings and id(n) not in raised and re.search(r"[a-zäöüß]{3,} [a-zäöüß]{3,}", n.value)
                 and re.search(r"[äöüß]|\b(der|die|das|und|nicht|keine|Gebiete?)\b", n.value)]
        assert not words, f"{path.name}: {words}"


def test_a_column_can_take_each_rows_own_precision(demo_dataset):
    """A profile lists indicators with 0, 1 or 2 decimals in one column: each value at its own precision."""
    from openpyxl import load_workbook

    table = ExportTable(filename="p", title="T", columns=[Column("v", "Wert", "number", 3, decimals_key="d")],
                        rows=[{"v": 3811.0, "d": 0}, {"v": 50.7, "d": 1}, {"v": 0.125, "d": 2}, {"v": 1.0}])
    meta, body = _read_csv(export_file(table, demo_dataset, "csv", "de")[0], ";")
    assert [r[0] for r in body[1:]] == ["3811", "50,7", "0,12", "1,000"]
    sheet = load_workbook(io.BytesIO(export_file(table, demo_dataset, "xlsx", "de")[0])).active
    formats = [c.number_format for (c,) in sheet.iter_rows(min_row=sheet.max_row - 3, max_col=1)]
    assert formats == ["0", "0.0", "0.00", "0.000"]


def test_no_hand_written_separator_swapping():
    """Numbers are formatted by Babel (server) and Intl (grid), never by swapping '.' and ','."""
    pattern = re.compile(r"""maketrans\(|replace\(\s*["'][.,]["']\s*,\s*["'][.,]["']|replace\(/\\*[.,][.,\\]*/g""")
    files = [*(PROJECT_ROOT / "dashboard").rglob("*.py"), *(PROJECT_ROOT / "bench").glob("*.py"), *(PROJECT_ROOT / "assets").glob("*.js")]
    found = [f"{p.relative_to(PROJECT_ROOT)}:{n}" for p in files if "ingest" not in p.parts
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if pattern.search(line)]
    assert not found, found
