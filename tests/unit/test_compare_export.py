"""The comparison's download (dashboard/ui/compare.export_table through dashboard/export.py): one row per
indicator and column of the table, with Stichtag, source, estimate and withheld flags and class code and label;
German for Excel (BOM, ";", decimal comma), English wholly English; the same data as XLSX."""
from __future__ import annotations

import csv
import io
import re

import pytest

from dashboard.export import export_file
from dashboard.i18n import format_number
from dashboard.reports import compare as report
from dashboard.ui import compare as compare_view

PAIR = ["01010101", "01010302"]  # 01010302 has small numbers


def read(monitor, lang, public=False, year=2023, kind="csv"):
    comp = report.comparison(monitor, PAIR, year)
    content, name, _ = export_file(compare_view.export_table(monitor, comp, lang), monitor.dataset, kind, lang)
    return comp, content, name


def parse(content: bytes, delimiter: str):
    assert content.startswith(b"\xef\xbb\xbf")  # German Excel reads the umlauts right
    lines = content.decode("utf-8-sig").splitlines()
    meta = [line for line in lines if line.startswith("# ")]
    rows = list(csv.reader(io.StringIO("\n".join(line for line in lines if not line.startswith("# "))), delimiter=delimiter))
    return meta, [dict(zip(rows[0], r)) for r in rows[1:]], rows[0]


FALKEN, PARK = "Falkenstraße (01010101)", "Stadtpark (01010302)"
WITHHELD_DE = "nicht veröffentlicht"


def test_german_comparison_csv(demo_monitor):
    comp, content, name = read(demo_monitor, "de")
    assert name == "gebietsvergleich-2023.csv"
    meta, rows, header = parse(content, ";")
    assert meta[0] == f"# Gebietsvergleich 2023: {FALKEN}, {PARK}" and "Zählwerten" in meta[1]
    # release, licence and attribution once, and no "Quelle: Datenquellen: …"
    assert sum(demo_monitor.dataset.attribution in m for m in meta) == 1
    assert not any(re.search(r"(Quelle|Datenquellen): (Quelle|Datenquellen)", m) for m in meta)
    # laid out like the table: a group of columns per area, "zusammen" and the city; Stichtag and source per indicator
    assert header[:5] == ["Dimension", "Indikator-ID", "Indikator", "Einheit", FALKEN]
    assert header[-2:] == ["Stichtag", "Quelle"]
    for column in (FALKEN, PARK, "zusammen", "Musterstadt"):
        assert {column, f"{column}: Schätzung", f"{column}: {WITHHELD_DE}", f"{column}: Klasse (Code)",
                f"{column}: Klasse (Bezeichnung)"} <= set(header)
    a1 = next(r for r in rows if r["Indikator-ID"] == "A1")
    ind = demo_monitor.indicator("A1")
    assert a1["Stichtag"] == ind.reference_date(2023) == "31.12.2023" and a1["Quelle"] == ind.source
    assert a1[FALKEN] == format_number(comp.row("A1").cells[0].value, 1, grouping=False)  # decimal comma
    assert a1[f"{PARK}: {WITHHELD_DE}"] == "ja" and a1[PARK]  # internal: the value, flagged
    assert a1[f"{FALKEN}: {WITHHELD_DE}"] == "nein" and a1["Musterstadt"] == format_number(comp.row("A1").city.value, 1)
    ew = next(r for r in rows if r["Indikator-ID"] == "EW")
    assert re.fullmatch(r"\d+", ew["Musterstadt"])  # a count: no decimals (each indicator's precision), no thousands separator
    lden = next(r for r in rows if r["Indikator-ID"] == "LDEN")
    assert lden["zusammen: Schätzung"] == "ja"  # weighted mean: an approximation
    # a class value is code plus label, never a bare code in the value column
    ul = next(r for r in rows if r["Indikator-ID"] == "UL")
    code = ul[f"{FALKEN}: Klasse (Code)"]
    assert code and ul[FALKEN] == "" and ul[f"{FALKEN}: Klasse (Bezeichnung)"] == demo_monitor.indicator("UL").categories[code]
    assert not any(re.fullmatch(r"[-\u2212]0(,0+)?", v) for r in rows for v in r.values())  # no "-0,0"
    assert len(rows) == len(comp.rows)


def test_public_comparison_csv_has_no_withheld_number(demo_monitor, public_monitor):
    internal, _, _ = read(demo_monitor, "de", year=2024)
    comp, content, _ = read(public_monitor, "de", year=2024)
    _, rows, _ = parse(content, ";")
    a1 = next(r for r in rows if r["Indikator-ID"] == "A1")
    assert a1[PARK] == "" and a1[f"{PARK}: {WITHHELD_DE}"] == "ja"
    assert a1["zusammen"] == "" and a1[f"zusammen: {WITHHELD_DE}"] == "ja"
    withheld_number = format_number(internal.row("A1").cells[1].value, 1, grouping=False)
    assert withheld_number not in a1.values()
    assert not any(r["Indikator-ID"] == "B1" for r in rows)  # not public: no row


def test_english_comparison_csv_is_wholly_english(demo_monitor):
    comp, content, name = read(demo_monitor, "en")
    assert name == "area-comparison-2023.csv"
    meta, rows, header = parse(content, ",")
    assert meta[0].startswith("# Area comparison 2023: ") and "Combined" in meta[1]
    assert demo_monitor.dataset.title_en in meta[2]
    assert header[:4] == ["Dimension", "Indicator ID", "Indicator", "Unit"] and header[-2:] == ["Reference date", "Source"]
    assert {"combined", "combined: estimate", "combined: not published", f"{FALKEN}: class (label)"} <= set(header)
    assert not any(word in h for h in header for word in ("Quelle", "Schätzung", "zusammen", "Klasse", "Stichtag"))
    a1 = next(r for r in rows if r["Indicator ID"] == "A1")
    ind = demo_monitor.indicator("A1")
    assert (a1["Reference date"], a1["Indicator"], a1["Dimension"], a1["Source"]) == (
        "31 Dec 2023", ind.label_en, "Social", ind.text("source", "en"))
    float(a1[FALKEN])  # a decimal point
    assert {r[f"{FALKEN}: estimate"] for r in rows} <= {"yes", "no"}
    ul = next(r for r in rows if r["Indicator ID"] == "UL")
    assert ul[f"{FALKEN}: class (label)"] == demo_monitor.indicator("UL").category_labels("en")[ul[f"{FALKEN}: class (code)"]]


def test_comparison_xlsx_holds_numbers(demo_monitor):
    from openpyxl import load_workbook

    comp, content, name = read(demo_monitor, "de", kind="xlsx")
    assert name == "gebietsvergleich-2023.xlsx"
    sheet = load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = next(i for i, r in enumerate(rows) if r and r[0] == "Dimension")
    a1 = next(r for r in rows[header + 1:] if r[1] == "A1")
    assert a1[4] == pytest.approx(round(comp.row("A1").cells[0].value, 1)) and isinstance(a1[4], float)
    cell = next(c for r in sheet.iter_rows(min_row=header + 2) for c in r[4:5] if r[1].value == "A1")
    assert cell.number_format == "0.0"
    ew = next(r for r in sheet.iter_rows(min_row=header + 2) if r[1].value == "EW")
    assert ew[4].number_format == "0" and ew[4].value == round(comp.row("EW").cells[0].value)
