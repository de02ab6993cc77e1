"""The one way a view writes a file: a table with its description, as CSV or XLSX, in one language.

Every download (map table, burden list, comparison, profile, time series) builds an `ExportTable`
(columns with a kind, rows of raw values, description lines) and hands it here, so all files agree:
- CSV is UTF-8 with a byte-order mark (German Excel reads umlauts right), German with ";" and a
  decimal comma, English with "," and a decimal point; numbers carry no thousands separator (so
  Excel, R and pandas all read them as numbers) and a rounded zero has no sign;
- XLSX holds numbers as numbers (with the display precision as number format), openpyxl;
- the description lines (title, Stichtag, method …) come first, each prefixed "# " in CSV, and the
  dataset's release, licence and attribution close them, once;
- flags (estimate, withheld, multiply burdened) read "ja"/"nein" ("yes"/"no"), class values are
  exported as code and label in two columns by the caller.
"""
from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from numbers import Real
from typing import Any

import numpy as np
import pandas as pd

from dashboard.catalog import Dataset
from dashboard.i18n import format_number, t

KINDS = ("text", "number", "flag")
CSV_TYPE = "text/csv"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    key: str  # key of the value in each row
    header: str  # column heading, already in the file's language
    kind: str = "text"  # one of KINDS
    decimals: int = 0  # for numbers: the display precision
    decimals_key: str | None = None  # for numbers whose precision differs per row: the row's key holding it
    width: float | None = None  # XLSX column width (characters)


@dataclass(frozen=True)
class ExportTable:
    filename: str  # without extension
    title: str  # first description line
    columns: Sequence[Column]
    rows: Sequence[Mapping[str, Any]]
    lines: Sequence[str] = field(default_factory=tuple)  # further description lines (Stichtag, method, notes)
    sheet: str = "Daten"  # XLSX sheet name (in the file's language)
    sheets: Sequence[ExportTable] = ()  # further sheets of the workbook (XLSX only; e.g. the profile's measures)


def file_lines(table: ExportTable, dataset: Dataset, lang: str) -> list[str]:
    """The description above the table: title, the caller's lines, then release, licence and attribution."""
    return [table.title, *table.lines,
            t("Datensatz: {title}, Datenstand {release}", lang, title=dataset.title_for(lang), release=dataset.release),
            t("Lizenz: {license}", lang, license=dataset.license_for(lang)),
            t("Datenquellen: {attribution}", lang, attribution=dataset.attribution_for(lang))]


def precision(column: Column, row: Mapping[str, Any]) -> int:
    """The display precision of one cell: the row's own (decimals_key) or the column's."""
    own = row.get(column.decimals_key) if column.decimals_key else None
    return int(own) if isinstance(own, Real) and own == own else column.decimals


def cell_text(value: Any, column: Column, lang: str, decimals: int | None = None) -> str:
    """A value as CSV text in lang ("" for a missing value)."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return ""
    if column.kind == "flag":
        return t("ja", lang) if value else t("nein", lang)
    if column.kind == "number":
        return format_number(float(value), column.decimals if decimals is None else decimals, lang, grouping=False)
    return str(value)


def to_csv(table: ExportTable, dataset: Dataset, lang: str = "de") -> bytes:
    out = io.StringIO()
    for line in file_lines(table, dataset, lang):
        out.write("# " + " ".join(str(line).split()) + "\n")
    writer = csv.writer(out, delimiter=";" if lang == "de" else ",", lineterminator="\n")
    writer.writerow([c.header for c in table.columns])
    for row in table.rows:
        writer.writerow([cell_text(row.get(c.key), c, lang, precision(c, row)) for c in table.columns])
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(table: ExportTable, dataset: Dataset, lang: str = "de") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    for number, part in enumerate([table, *table.sheets]):
        _fill_sheet(book.active if number == 0 else book.create_sheet(), part, dataset, lang, Font)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _fill_sheet(sheet: Any, table: ExportTable, dataset: Dataset, lang: str, Font: Any) -> None:
    sheet.title = table.sheet[:31]
    lines = file_lines(table, dataset, lang)
    for line in lines:
        sheet.append([line])
    sheet["A1"].font = Font(bold=True)
    sheet.append([])
    sheet.append([c.header for c in table.columns])
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
    for row in table.rows:
        values = []
        for c in table.columns:
            value = row.get(c.key)
            if value is None or (isinstance(value, float) and not math.isfinite(value)):
                values.append(None)
            elif c.kind == "number":
                values.append(round(float(value), precision(c, row)) + 0.0)
            elif c.kind == "flag":
                values.append(t("ja", lang) if value else t("nein", lang))
            else:
                values.append(str(value))
        sheet.append(values)
        for index, c in enumerate(table.columns, start=1):
            if c.kind == "number":
                decimals = precision(c, row)
                sheet.cell(row=sheet.max_row, column=index).number_format = "0" + ("." + "0" * decimals if decimals > 0 else "")
    for index, c in enumerate(table.columns, start=1):
        letter = sheet.cell(row=header_row, column=index).column_letter
        sheet.column_dimensions[letter].width = c.width or max(10, min(40, len(c.header) + 2))
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)


def export_file(table: ExportTable, dataset: Dataset, kind: str, lang: str = "de") -> tuple[bytes, str, str]:
    """(content, file name, media type) of the table as "csv" or "xlsx"."""
    if kind == "xlsx":
        return to_xlsx(table, dataset, lang), f"{table.filename}.xlsx", XLSX_TYPE
    return to_csv(table, dataset, lang), f"{table.filename}.csv", CSV_TYPE


def download(table: ExportTable, dataset: Dataset, kind: str, lang: str = "de") -> dict[str, Any]:
    """The file as the data of a dcc.Download (base64, so the byte-order mark arrives intact)."""
    import base64

    content, filename, media_type = export_file(table, dataset, kind, lang)
    return {"content": base64.b64encode(content).decode("ascii"), "filename": filename, "type": media_type, "base64": True}


def flag_columns(lang: str) -> list[Column]:
    """The two columns every export of indicator values carries: estimate and withheld."""
    return [Column("estimate", t("Schätzung", lang), "flag"),
            Column("withheld", t("nicht veröffentlicht (geringe Fallzahl/Geheimhaltung)", lang), "flag")]


# -- the open-data files (dashboard/opendata.py): machine-readable, one format for every language ---------------
def open_data_number(value: float, decimals: int | None) -> str:
    """A value in an open-data CSV: the display precision (public mode) or the shortest exact form (internal); "" for none."""
    if value is None or value != value:
        return ""
    value = float(value) + 0.0  # no "-0"
    if decimals is None:
        return np.format_float_positional(value, trim="-")
    text = f"{value:.{decimals}f}"
    return text[1:] if re.fullmatch(r"-0\.?0*", text) else text


def open_data_csv(frame: pd.DataFrame, decimals: dict[str, list[int | None]] | None = None) -> bytes:
    """A table as machine-readable CSV for the open-data downloads (dashboard/opendata.py), not for Excel: UTF-8, comma, decimal point, header, "" for missing, flags true/false.
    decimals: column -> per-row precision for float columns (None = shortest exact form)."""
    text = pd.DataFrame(index=frame.index)
    for name in frame.columns:
        series = frame[name]
        if series.dtype == bool:
            text[name] = np.where(series.to_numpy(), "true", "false")
        elif pd.api.types.is_float_dtype(series.dtype):
            places = (decimals or {}).get(name) or [None] * len(series)
            text[name] = [open_data_number(v, d) for v, d in zip(series, places)]
        else:
            text[name] = series
    out = io.StringIO()
    text.to_csv(out, index=False, lineterminator="\n", na_rep="", quoting=csv.QUOTE_MINIMAL)
    return out.getvalue().encode("utf-8")
