"""Import of a dataset's gazetteer (dashboard/gazetteer.py, docs/ingest.md „Ortsverzeichnis“): checked against
the dataset's areas and written as gazetteer.parquet by build.write_dataset, inside the same temporary folder
as everything else (a failed check leaves the dataset untouched).

- `check_gazetteer` validates a table in the documented format, or several (a list of parts, e.g. one per source
  file); messages name the part's file (frame.attrs "source"), the row (frame.attrs "rows": each row's line in
  its file, for a part that dropped or merged lines; else "first_row": the line of the first data row, 2 for a
  CSV with a header line; 1 by default), the column and the value.
- `read_gazetteer_csv` reads the documented CSV (the generic import's `[gazetteer] file = …`).
- `from_addresses` derives every kind from one address list (street, number, postcode, Ortsteil, area):
  what a city with only an address register supplies (the demo does this).
"""
from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from dashboard.gazetteer import COLUMNS, KINDS, STORED_COLUMNS, number_key, place_key
from dashboard.ingest.build import IngestError

ENCODINGS = ("utf-8-sig", "cp1252")
_SCHEMA = pa.schema([("kind", pa.string()), ("name", pa.string()), ("number", pa.string()), ("postcode", pa.string()),
                     ("area_id", pa.string()), ("weight", pa.int64()), ("key", pa.string()), ("number_key", pa.string())])


def _text(column: pd.Series) -> pd.Series:
    """Strings with surrounding space removed; missing values and empty strings as None."""
    if pd.api.types.is_float_dtype(column):  # a postcode read as a number: 12049.0 -> "12049"
        column = column.map(lambda v: None if pd.isna(v) else (str(int(v)) if float(v).is_integer() else str(v)))
    text = column.astype("string").str.strip()
    text = text.mask(text.eq(""))
    return text.astype(object).where(text.notna(), None)


def _keys(column: pd.Series, key) -> pd.Series:
    """key() of each value, computed once per distinct value (401,032 addresses have 9,766 street names)."""
    distinct = column.dropna().unique()
    return column.map(dict(zip(distinct, map(key, distinct))))


def check_gazetteer(frame: pd.DataFrame | list[pd.DataFrame], areas: pd.DataFrame, level_ids: list[str]) -> pd.DataFrame:
    """The gazetteer in stored form (STORED_COLUMNS, sorted) or an IngestError naming file, row, column and value.

    frame: one table or a list of parts, each checked with its own file name and row numbers; a place listed twice
    is found across parts too. areas: the dataset's area table (area_id, level); level_ids from the finest level up."""
    parts = [frame] if isinstance(frame, pd.DataFrame) else list(frame)
    checked = pd.concat([_check_part(part, areas, level_ids) for part in parts], ignore_index=True)
    where = checked["_source"] + ", Zeile " + checked["_row"].astype(str)

    def fail(mask: pd.Series, column: str, problem: str, hint: str, shown: pd.Series) -> None:
        if not mask.any():
            return
        i = int(np.flatnonzero(mask.to_numpy())[0])
        more = f" (und {int(mask.sum()) - 1} weitere Zeilen)" if mask.sum() > 1 else ""
        raise IngestError(f"{where.iloc[i]}, Spalte {column!r}: {problem} (Wert: {shown.iloc[i]!r}){more}. {hint}")

    # one address lies in one area; a place is listed once per area
    g = checked
    place = ["kind", "key", "number_key", "postcode"]
    twice = g.duplicated(place, keep=False) & g["kind"].eq("adresse")
    fail(twice, "name", "diese Adresse steht mehrfach in der Tabelle",
         "Eine Adresse (Straße, Hausnummer, Postleitzahl) liegt in genau einem Gebiet.",
         shown=g["name"] + " " + g["number"].fillna("") + ", " + g["postcode"].fillna(""))
    twice = g.duplicated([*place, "area_id"], keep=False)
    fail(twice, "area_id", "dieser Ort steht für dasselbe Gebiet mehrfach in der Tabelle",
         "Bitte die Zeilen zusammenfassen (weight addieren).", shown=g["area_id"])
    g = g.sort_values(["kind", "key", "postcode", "number_key", "area_id"], na_position="first", kind="stable")
    return g[list(STORED_COLUMNS)].reset_index(drop=True)


def _check_part(frame: pd.DataFrame, areas: pd.DataFrame, level_ids: list[str]) -> pd.DataFrame:
    """One part checked row by row: STORED_COLUMNS plus _source and _row (where each row came from)."""
    source = frame.attrs.get("source", "Tabelle gazetteer")
    missing = [c for c in ("kind", "name", "area_id") if c not in frame.columns]
    if missing:
        raise IngestError(f"{source}: Spalte(n) {', '.join(repr(c) for c in missing)} fehlen. Erwartet werden die Spalten "
                          f"{', '.join(COLUMNS)} (number, postcode und weight dürfen fehlen).")
    g = pd.DataFrame({c: _text(frame[c]) if c in frame.columns else pd.Series([None] * len(frame), dtype="object")
                      for c in ("kind", "name", "number", "postcode", "area_id")})
    g.index = pd.RangeIndex(len(g))
    if "rows" in frame.attrs:
        rows = np.asarray(frame.attrs["rows"], dtype="int64")
        if len(rows) != len(g):
            raise ValueError(f"{source}: attrs['rows'] has {len(rows)} entries for {len(g)} rows")
    else:
        rows = g.index.to_numpy() + int(frame.attrs.get("first_row", 1))

    def fail(mask: np.ndarray | pd.Series, column: str, problem: str, hint: str, shown: pd.Series | None = None) -> None:
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return
        i = int(np.flatnonzero(mask)[0])
        value = (shown if shown is not None else g[column]).iloc[i]
        more = f" (und {int(mask.sum()) - 1} weitere Zeilen)" if mask.sum() > 1 else ""
        raise IngestError(f"{source}, Zeile {rows[i]}, Spalte {column!r}: {problem} (Wert: {value!r}){more}. {hint}")

    g["kind"] = g["kind"].map(lambda v: v.lower() if isinstance(v, str) else v)
    fail(~g["kind"].isin(KINDS), "kind", "unbekannte Art", f"Erlaubt sind {', '.join(KINDS)}.")
    fail(g["name"].isna(), "name", "der Name fehlt", "Jede Zeile braucht einen Namen (bei plz die Postleitzahl).")
    fail(g["area_id"].isna(), "area_id", "die Gebietskennung fehlt", "Jede Zeile gehört zu einem Gebiet.")
    is_address = g["kind"].eq("adresse").to_numpy()
    fail(is_address & g["number"].isna().to_numpy(), "number", "eine Adresse ohne Hausnummer",
         "Zeilen der Art adresse brauchen eine Hausnummer; eine Straße ohne Nummer hat die Art strasse.")
    levels = dict(zip(areas["area_id"].astype(str), areas["level"].astype(str)))
    finest = level_ids[0]
    level_of = g["area_id"].map(levels)
    fail(level_of.isna() | ~level_of.isin(level_ids), "area_id", "kein Gebiet dieses Datensatzes",
         "Bitte die Kennung mit areas (der Geometrie) vergleichen; führende Nullen zählen mit.")
    fail(~g["kind"].eq("alias") & level_of.ne(finest), "area_id", f"kein Gebiet der kleinsten Ebene ({finest})",
         "Ortsteile, Postleitzahlen, Straßen und Adressen verweisen auf Gebiete der kleinsten Ebene; nur alias darf "
         "auf ein Gebiet einer höheren Ebene zeigen.")
    if "weight" in frame.columns:
        raw = frame["weight"].reset_index(drop=True)
        weight = pd.to_numeric(raw, errors="coerce")
        bad = (raw.notna() & (weight.isna() | (weight <= 0) | (weight % 1 != 0))).to_numpy()
        fail(bad, "weight", "keine ganze Zahl größer als 0", "weight ist die Zahl der Adressen des Orts in diesem Gebiet.",
             shown=raw)
        weight = weight.fillna(1).astype("int64")
    else:
        weight = pd.Series(np.ones(len(g), dtype="int64"))
    fail(is_address & (weight != 1).to_numpy(), "weight", "eine Adresse zählt als eine Adresse",
         "Bei der Art adresse weight leer lassen oder 1 eintragen.", shown=weight)
    g["weight"] = weight.to_numpy()
    g["key"] = _keys(g["name"], place_key)
    fail(g["key"].eq(""), "name", "der Name enthält weder Buchstaben noch Ziffern", "Bitte den Namen prüfen.")
    g["number_key"] = _keys(g["number"], number_key)
    g.loc[~is_address, ["number", "number_key"]] = None
    g["_source"] = str(source)
    g["_row"] = rows
    return g[[*STORED_COLUMNS, "_source", "_row"]]


def write_gazetteer(path: Path, table: pd.DataFrame) -> None:
    """gazetteer.parquet (sorted by kind and key: DuckDB skips row groups on a prefix test)."""
    pq.write_table(pa.Table.from_pandas(table, schema=_SCHEMA, preserve_index=False), path, compression="zstd",
                   row_group_size=32_768)


def read_gazetteer_csv(path: Path, label: str | None = None) -> pd.DataFrame:
    """The documented CSV (header line with the column names; separator ; or , ; UTF-8 or cp1252)."""
    label = label or path.name
    data = path.read_bytes()
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 leaves only five bytes undecodable
        raise IngestError(f"{label}: die Datei ist weder UTF-8 noch cp1252. Bitte als UTF-8 speichern.")
    lines = text.removeprefix("\ufeff").splitlines()
    if not lines:
        raise IngestError(f"{label}: die Datei ist leer. Erwartet wird eine Kopfzeile mit {', '.join(COLUMNS)}.")
    separator = max((";", ",", "\t"), key=lines[0].count)
    rows = list(csv.reader(lines, delimiter=separator))
    header = [h.strip().lower() for h in rows[0]]
    unknown = [h for h in header if h not in COLUMNS]
    if unknown:
        raise IngestError(f"{label}, Zeile 1: unbekannte Spalte(n) {', '.join(repr(h) for h in unknown)}. "
                          f"Erlaubt sind {', '.join(COLUMNS)}.")
    body = rows[1:]
    for number, row in enumerate(body, start=2):
        if len(row) != len(header):
            raise IngestError(f"{label}, Zeile {number}: {len(row)} Felder statt {len(header)} wie in der Kopfzeile. "
                              "Bitte Trennzeichen und Anführungszeichen prüfen.")
    frame = pd.DataFrame(body, columns=header, dtype="object").replace("", None)
    frame.attrs.update(source=label, first_row=2)
    return frame


def from_addresses(addresses: pd.DataFrame) -> pd.DataFrame:
    """Every kind from one address list with columns street, number, postcode, ortsteil, area_id: the
    addresses, and streets (per postcode), postcodes and Ortsteile weighted by their addresses per area."""
    a = addresses
    parts = [pd.DataFrame({"kind": "adresse", "name": a["street"], "number": a["number"], "postcode": a["postcode"],
                           "area_id": a["area_id"], "weight": 1})]
    for kind, name, postcode in (("strasse", "street", "postcode"), ("plz", "postcode", None), ("ortsteil", "ortsteil", None)):
        keys = [name, "area_id"] + ([postcode] if postcode else [])
        counts = a.groupby(keys, sort=True).size().rename("weight").reset_index()
        parts.append(pd.DataFrame({"kind": kind, "name": counts[name], "number": None,
                                   "postcode": counts[postcode] if postcode else None,
                                   "area_id": counts["area_id"], "weight": counts["weight"]}))
    return pd.concat(parts, ignore_index=True)
