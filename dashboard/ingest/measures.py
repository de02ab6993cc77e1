"""Measures (Maßnahmen, Teil II of the Bezirksregionenprofil): a table kept by staff, read into measures.parquet.

A measure has an id (Kennung), a title, one or more areas of any level (ids separated by ';' or ','), a Zielbereich
(one of the registry's Zielbereiche or dimensions), a goal, the lead department, financing, a period (Beginn/Ende: a
year, a month or a date), provider, partners, actors to involve, the kind of success check, a status, whether it is
public (öffentlich: ja/nein; empty or no column = nein, fail closed) and optionally a location (lon/lat).
docs/ingest.md „Maßnahmen“ documents the columns and options.

Two ways in:
- the generic import config's `[measures]` section (`spec_from_config` → `layer_for`, passed to write_dataset as a
  DatasetLayer, validated against the checked areas inside the import);
- `python -m dashboard measures --data <folder> --file <table>` (`replace_measures`) for a dataset that exists
  (Berlin: measures change more often than the statistics). It copies the folder, writes the new measures, gives it a
  new release id and swaps it in like write_dataset does; a failing table leaves the folder untouched.

Every problem is an IngestError naming the file, the row a spreadsheet shows, the column and the value.
The table is read with the values' reader (generic._read_table: CSV or XLSX, sheet, header_row, separator, encoding).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import re
import secrets
import shutil
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import geopandas as gpd
import pandas as pd
import shapely

from dashboard import catalog
from dashboard.ingest.build import (ROOT_ID, IngestError, _clean_stale, _swap_into_place, _write_meta, append_release_history, as_id,
                                    is_missing)

log = logging.getLogger(__name__)

FILE = "measures.parquet"
META_KEY = "measures"  # the dataset.toml table with the layer's metadata
# field -> default German column heading(s) in the staff's table (first one is the documented default)
COLUMNS: dict[str, tuple[str, ...]] = {
    "measure_id": ("Kennung",),
    "title": ("Maßnahme", "Titel"),
    "areas": ("Gebiete", "Gebiet"),
    "zielbereich": ("Zielbereich",),
    "goal": ("Ziel",),
    "lead": ("Federführung",),
    "financing": ("Finanzierung",),
    "begin": ("Beginn",),
    "end": ("Ende",),
    "provider": ("Träger",),
    "partners": ("Partner",),
    "actors": ("Einzubindende Akteure", "Akteure"),
    "success_check": ("Erfolgskontrolle", "Art der Erfolgskontrolle"),
    "status": ("Status",),
    "public": ("Öffentlich",),
    "lon": ("Länge", "lon"),
    "lat": ("Breite", "lat"),
}
REQUIRED = ("measure_id", "title", "areas")
# field -> what it is, in the message of a missing or doubled column
FIELD_NAMES = {"measure_id": "Kennung", "title": "Titel der Maßnahme", "areas": "Gebiete", "zielbereich": "Zielbereich",
               "goal": "Ziel", "lead": "Federführung", "financing": "Finanzierung", "begin": "Beginn", "end": "Ende",
               "provider": "Träger", "partners": "Partner", "actors": "einzubindende Akteure",
               "success_check": "Art der Erfolgskontrolle", "status": "Status", "public": "öffentlich ja/nein",
               "lon": "Länge", "lat": "Breite"}
TEXT_FIELDS = ("title", "zielbereich", "goal", "lead", "financing", "provider", "partners", "actors", "success_check", "status")
# the columns of measures.parquet, in order
STORED = ("measure_id", "title", "areas", "zielbereich", "goal", "lead", "financing", "begin", "end", "provider", "partners",
          "actors", "success_check", "status", "public", "lon", "lat")
YES = ("ja", "j", "yes", "y", "true", "wahr", "1", "x")
NO = ("nein", "n", "no", "false", "falsch", "0")
LOCATION_SLACK_DEG = 0.01  # a location may lie this far (about 1 km) outside the city's outline
_SPLIT = re.compile(r"[;,]")
_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T].*)?$")
_MONTH = re.compile(r"^(?:(\d{1,2})[./](\d{4})|(\d{4})-(\d{2}))$")
_YEAR = re.compile(r"^(\d{4})(?:\.0)?$")
CONFIG_KEYS = {"file", "sheet", "separator", "encoding", "header_row", "first_row", "last_row", "source", "stand", "columns"}


@dataclass
class MeasuresSpec:
    """Where the table is and how to read it; attribute names as generic.ValuesSpec, so generic._read_table reads it."""

    file: Path
    label: str
    where: str
    sheet: str | None = None
    separator: str = "auto"
    encoding: str = "auto"
    header_row: int = 1
    first_row: int | None = None
    last_row: int | None = None
    source: str = ""
    stand: str = ""
    columns: dict[str, str] = field(default_factory=dict)  # field -> heading set in the config


@dataclass(frozen=True)
class Cell:
    raw: Any
    column: str  # the heading as in the file


@dataclass(frozen=True)
class Row:
    number: int  # the row number a spreadsheet program shows
    cells: dict[str, Cell]  # field -> cell (only the fields the table has)


@dataclass
class RawMeasures:
    """The table as read, before it is checked against a dataset's areas and registry."""

    label: str
    rows: list[Row]
    source: str = ""
    stand: str = ""


# --------------------------------------------------------------------------------------------
# reading


def spec_from_config(config: Any, entry: dict, where: str = "[measures]") -> MeasuresSpec:
    """The [measures] section of a generic import config (generic.Config) as a spec; unknown keys are errors."""
    from dashboard.ingest.generic import _no_unknown

    _no_unknown(config, entry, CONFIG_KEYS, where)
    path = config.path_of(entry, "file", where)
    full = f"{config.name}, {where} ({path.name})"
    ints: dict[str, int | None] = {}
    for key in ("header_row", "first_row", "last_row"):
        value = entry.get(key)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
            raise IngestError(f"{full}: Feld {key!r} muss eine ganze Zahl ≥ 1 sein (Wert: {value!r}).")
        ints[key] = value
    columns = entry.get("columns", {})
    if not isinstance(columns, dict):
        raise IngestError(f"{full}: [measures.columns] muss eine Zuordnung Feld = \"Spaltenüberschrift\" sein (Wert: {columns!r}).")
    _no_unknown(config, columns, set(COLUMNS), f"{where}.columns")
    for key, value in columns.items():
        if not isinstance(value, str) or not value.strip():
            raise IngestError(f"{full}: [measures.columns] Feld {key!r} muss eine Spaltenüberschrift (Text) sein (Wert: {value!r}).")
    return MeasuresSpec(
        file=path, label=path.name, where=full, sheet=config.text(entry, "sheet", where),
        separator=config.text(entry, "separator", where, default="auto"), encoding=config.text(entry, "encoding", where, default="auto"),
        header_row=ints["header_row"] or 1, first_row=ints["first_row"], last_row=ints["last_row"],
        source=config.text(entry, "source", where, default="") or "", stand=config.text(entry, "stand", where, default="") or "",
        columns=dict(columns))


def spec_for_file(file: Path, sheet: str | None = None, source: str = "", stand: str = "") -> MeasuresSpec:
    """A spec with the defaults (German headings, separator and encoding detected) for the CLI command."""
    file = Path(file)
    if not file.is_file():
        raise IngestError(f"Maßnahmentabelle {str(file)!r} nicht gefunden.")
    return MeasuresSpec(file=file, label=file.name, where=file.name, sheet=sheet, source=source, stand=stand)


def read_table(spec: MeasuresSpec) -> RawMeasures:
    """The staff's table (CSV or XLSX) as rows of cells by field; a configured column that is missing is an error."""
    from dashboard.ingest.generic import _read_table

    table = _read_table(spec)
    headings = {h.casefold() for h in table.header}
    index: dict[str, int] = {}
    for name, defaults in COLUMNS.items():
        wanted = spec.columns.get(name)
        heading = next((c for c in ((wanted,) if wanted else defaults) if c.strip().casefold() in headings), None)
        if heading is None and not (wanted or name in REQUIRED):
            continue  # an optional column the table does not have
        setting = (f"[measures.columns] {name}" if wanted
                   else f"dem Standardnamen; anders benannt: [measures.columns] {name} = \"…\"")
        # Table.column: case ignored, a heading twice is an error, a missing one is named with 'Meinten Sie …?'
        index[name] = table.column(heading or wanted or defaults[0], FIELD_NAMES[name], setting, casefold=True)
    if ("lon" in index) != ("lat" in index):
        present, missing = ("lon", "lat") if "lon" in index else ("lat", "lon")
        raise IngestError(f"{table.label}: Spalte {table.header[index[present]]!r} ist da, die Spalte für "
                          f"{'die Breite' if missing == 'lat' else 'die Länge'} ({COLUMNS[missing][0]!r}) fehlt. "
                          "Die Lage braucht beide (Länge und Breite in Grad, WGS 84).")
    rows = [Row(number, {name: Cell(row[i], table.header[i]) for name, i in index.items()})
            for row, number in zip(table.rows, table.numbers)]
    return RawMeasures(table.label, rows, spec.source, spec.stand)


def raw_from_frame(frame: pd.DataFrame, label: str, source: str = "", stand: str = "") -> RawMeasures:
    """A table given as a DataFrame with the default headings (the demo's synthetic measures); rows count from 2."""
    by_heading = {h.casefold(): name for name, headings in COLUMNS.items() for h in headings}
    names = {column: by_heading[str(column).casefold()] for column in frame.columns}
    rows = [Row(number, {names[c]: Cell(v, str(c)) for c, v in record.items()})
            for number, record in enumerate(frame.to_dict("records"), start=2)]
    return RawMeasures(label, rows, source, stand)


# --------------------------------------------------------------------------------------------
# checking


def _text(raw: Any) -> str:
    if is_missing(raw):
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return " ".join(str(raw).split())


def parse_period(raw: Any) -> str | None:
    """A year ("2024"), month ("2024-03") or date ("2024-03-01") as ISO text; None for an empty cell; ValueError otherwise."""
    if is_missing(raw) or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, (dt.datetime, dt.date)):
        day = raw.date() if isinstance(raw, dt.datetime) else raw
        return day.isoformat()
    if isinstance(raw, bool):
        raise ValueError
    if isinstance(raw, (int, float)) and float(raw).is_integer():
        raw = str(int(raw))
    text = str(raw).strip()
    if match := _YEAR.match(text):
        year = int(match.group(1))
        if 1900 <= year <= 2100:
            return f"{year:04d}"
        raise ValueError
    if match := _DATE.match(text):
        return dt.date(int(match.group(3)), int(match.group(2)), int(match.group(1))).isoformat()
    if match := _ISO.match(text):
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3))).isoformat()
    if match := _MONTH.match(text):
        month, year = (match.group(1), match.group(2)) if match.group(1) else (match.group(4), match.group(3))
        if 1 <= int(month) <= 12:
            return f"{int(year):04d}-{int(month):02d}"
    raise ValueError


def period_bounds(text: str) -> tuple[dt.date, dt.date]:
    """First and last day a stored period (year, month or date) covers."""
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)
    if len(parts) == 2:
        following = dt.date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
        return dt.date(parts[0], parts[1], 1), following - dt.timedelta(days=1)
    day = dt.date(*parts)
    return day, day


def _coordinate(raw: Any) -> float | None:
    if is_missing(raw) or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool):
        raise ValueError
    if isinstance(raw, (int, float)):
        return float(raw)
    text = str(raw).strip().replace(",", ".")
    if not re.fullmatch(r"-?\d+(?:\.\d+)?", text):
        raise ValueError
    return float(text)


def zielbereiche(registry: dict[str, catalog.Indicator]) -> list[str]:
    """What a measure's Zielbereich may name: the registry's Zielbereiche, then its dimensions."""
    found = dict.fromkeys(ind.zielbereich for ind in registry.values() if ind.zielbereich)
    dims = dict.fromkeys(ind.dimension for ind in registry.values() if ind.dimension)
    return list(found) + [d for d in dims if d not in found]


def check(raw: RawMeasures, areas: gpd.GeoDataFrame, registry: dict[str, catalog.Indicator]) -> pd.DataFrame:
    """The checked measures (columns STORED); raises IngestError at the first problem."""
    known_areas = set(areas["area_id"])
    allowed = zielbereiche(registry)
    allowed_folded = {z.casefold(): z for z in allowed}
    root = areas.loc[areas["area_id"] == ROOT_ID, "geometry"]
    outline = root.iloc[0] if len(root) else shapely.union_all(areas.geometry.to_numpy())
    reach = shapely.buffer(outline, LOCATION_SLACK_DEG)
    records: list[dict[str, Any]] = []
    seen: dict[str, int] = {}

    def where(row: Row, name: str) -> str:
        return f"{raw.label}, Zeile {row.number}, Spalte {row.cells[name].column!r}"

    for row in raw.rows:
        cell = row.cells
        record: dict[str, Any] = {name: _text(cell[name].raw) if name in cell else "" for name in TEXT_FIELDS}
        measure_id = as_id(cell["measure_id"].raw)
        if not measure_id:
            raise IngestError(f"{where(row, 'measure_id')}: die Zelle ist leer. Jede Maßnahme braucht eine Kennung.")
        if measure_id in seen:
            raise IngestError(f"{where(row, 'measure_id')}: die Kennung {measure_id!r} steht schon in Zeile {seen[measure_id]}. "
                              "Jede Maßnahme braucht eine eigene Kennung.")
        seen[measure_id] = row.number
        record["measure_id"] = measure_id
        if not record["title"]:
            raise IngestError(f"{where(row, 'title')}: die Zelle ist leer. Jede Maßnahme braucht einen Titel.")
        area_text = _text(cell["areas"].raw)
        ids = [as_id(part) for part in _SPLIT.split(area_text)] if area_text else []
        ids = list(dict.fromkeys(i for i in ids if i))
        if not ids:
            raise IngestError(f"{where(row, 'areas')}: die Zelle ist leer. Jede Maßnahme braucht mindestens ein Gebiet "
                              f"(Kennung eines Gebiets beliebiger Ebene, {ROOT_ID!r} für die ganze Stadt).")
        for area_id in ids:
            if area_id not in known_areas:
                raise IngestError(f"{where(row, 'areas')}: der Wert {cell['areas'].raw!r} nennt das Gebiet {area_id!r}, das es im "
                                  "Datensatz nicht gibt. Erwartet werden Kennungen von Gebieten (beliebige Ebene), mehrere "
                                  "durch ';' oder ',' getrennt; bitte Schreibweise und führende Nullen prüfen.")
        record["areas"] = ids
        if record["zielbereich"]:
            canonical = allowed_folded.get(record["zielbereich"].casefold())
            if canonical is None:
                raise IngestError(f"{where(row, 'zielbereich')}: der Wert {cell['zielbereich'].raw!r} ist kein Zielbereich des "
                                  f"Datensatzes (erlaubt: {', '.join(allowed)}; oder leer lassen)."
                                  f"{catalog.did_you_mean(record['zielbereich'], allowed)}")
            record["zielbereich"] = canonical
        for name in ("begin", "end"):
            try:
                record[name] = parse_period(cell[name].raw) if name in cell else None
            except ValueError:
                raise IngestError(f"{where(row, name)}: der Wert {cell[name].raw!r} ist kein Jahr und kein Datum. Erwartet wird "
                                  "ein Jahr (2024), ein Monat (03.2024) oder ein Datum (31.12.2024).") from None
        if record["begin"] and record["end"] and period_bounds(record["end"])[1] < period_bounds(record["begin"])[0]:
            raise IngestError(f"{where(row, 'end')}: der Wert {cell['end'].raw!r} liegt vor dem Beginn {cell['begin'].raw!r} "
                              f"(Spalte {cell['begin'].column!r}). Bitte Beginn und Ende prüfen.")
        flag = _text(cell["public"].raw).casefold() if "public" in cell else ""
        if flag and flag not in YES + NO:
            raise IngestError(f"{where(row, 'public')}: der Wert {cell['public'].raw!r} ist weder „ja“ noch „nein“. "
                              "Erlaubt: ja, nein; leer heißt nein (nicht öffentlich).")
        record["public"] = flag in YES
        record["lon"] = record["lat"] = None
        if "lon" in cell:
            coords = {}
            for name in ("lon", "lat"):
                try:
                    coords[name] = _coordinate(cell[name].raw)
                except ValueError:
                    raise IngestError(f"{where(row, name)}: der Wert {cell[name].raw!r} ist keine Zahl. Erwartet wird eine "
                                      "Koordinate in Grad (WGS 84), z. B. 13,4050 oder 13.4050.") from None
            if (coords["lon"] is None) != (coords["lat"] is None):
                empty = "lon" if coords["lon"] is None else "lat"
                raise IngestError(f"{where(row, empty)}: die Zelle ist leer, die andere Koordinate aber nicht. Für eine Lage "
                                  "bitte Länge und Breite angeben, sonst beide leer lassen (dann zeigt die Karte die Maßnahme "
                                  "in der Mitte ihres Gebiets).")
            if coords["lon"] is not None:
                point = shapely.Point(coords["lon"], coords["lat"])
                if not reach.contains(point):
                    swapped = reach.contains(shapely.Point(coords["lat"], coords["lon"]))
                    hint = " Länge und Breite scheinen vertauscht." if swapped else " Erwartet werden Grad in WGS 84 (EPSG:4326)."
                    raise IngestError(f"{where(row, 'lon')}: die Lage ({cell['lon'].raw!r}, {cell['lat'].raw!r}) liegt außerhalb "
                                      f"des Stadtgebiets.{hint}")
                record["lon"], record["lat"] = round(coords["lon"], 6), round(coords["lat"], 6)
        records.append(record)
    if not records:
        raise IngestError(f"{raw.label}: keine Maßnahmen gelesen.")
    frame = pd.DataFrame.from_records(records)
    frame["begin"] = frame["begin"].astype(object).where(frame["begin"].notna(), None)
    frame["end"] = frame["end"].astype(object).where(frame["end"].notna(), None)
    return frame[list(STORED)]


def write_table(path: Path, frame: pd.DataFrame) -> None:
    """measures.parquet, byte-for-byte the same for the same table."""
    out = pd.DataFrame({name: pd.array(frame[name].tolist(), dtype="str") for name in STORED
                        if name not in ("areas", "public", "lon", "lat", "begin", "end")})
    out["areas"] = pd.Series([list(v) for v in frame["areas"]], dtype=object)
    for name in ("begin", "end"):
        out[name] = pd.array([v if isinstance(v, str) else None for v in frame[name]], dtype="str")
    out["public"] = frame["public"].astype(bool)
    for name in ("lon", "lat"):
        out[name] = pd.to_numeric(frame[name], errors="coerce").astype("float64")
    out[list(STORED)].to_parquet(path, index=False, compression="zstd")


def meta_entry(raw: RawMeasures, frame: pd.DataFrame) -> dict[str, Any]:
    """The dataset.toml table [measures]: where the table came from and its Stand (date as written by staff)."""
    entry: dict[str, Any] = {"file": FILE, "table": raw.label, "count": int(len(frame)), "public_count": int(frame["public"].sum())}
    if raw.source:
        entry["source"] = raw.source
    if raw.stand:
        entry["stand"] = raw.stand
    return entry


class MeasuresLayer:
    """The measures as a DatasetLayer of write_dataset (build.DatasetLayer)."""

    def __init__(self, raw: RawMeasures | Callable[[gpd.GeoDataFrame], RawMeasures], meta: dict):
        self.raw = raw  # or a function of the checked areas (EPSG:4326) that makes the table (the demo)
        self.meta = meta  # write_dataset's meta dict: [measures] is filled in when the table is checked

    def write(self, folder: Path, areas: gpd.GeoDataFrame, level_ids: list[str]) -> list[Path]:
        registry = catalog.load_registry(folder / "indicators.toml", level_ids)
        raw = self.raw(areas) if callable(self.raw) else self.raw
        frame = check(raw, areas, registry)
        write_table(folder / FILE, frame)
        self.meta[META_KEY] = meta_entry(raw, frame)
        return [folder / FILE]


def layer_for(meta: dict, raw: RawMeasures | Callable[[gpd.GeoDataFrame], RawMeasures]) -> MeasuresLayer:
    """The layer to hand to write_dataset(layers=[…]); it fills meta["measures"] while the dataset is written."""
    return MeasuresLayer(raw, meta)


def carried_over(folder: Path) -> RawMeasures | None:
    """The measures of the dataset folder an import is about to replace, as a table to check again (None if it has none).

    Staff load their measures with `python -m dashboard measures` between statistics imports; a full import
    (import-berlin, or a config without [measures]) would otherwise drop them. They are checked against the new areas
    like a new table: a measure naming an area the new geometry no longer has stops the import with a message naming
    the carried-over table, the measure's row and the id."""
    file = Path(folder) / FILE
    if not file.is_file():
        return None
    stored = pd.read_parquet(file)
    try:
        meta = tomllib.loads((Path(folder) / "dataset.toml").read_text(encoding="utf-8")).get(META_KEY, {})
    except (OSError, tomllib.TOMLDecodeError):
        meta = {}
    heading = {name: headings[0] for name, headings in COLUMNS.items()}
    table = pd.DataFrame({heading[name]: stored[name] for name in STORED if name in stored.columns})
    table[heading["areas"]] = ["; ".join(map(str, ids)) for ids in stored["areas"]]
    table[heading["public"]] = ["ja" if flag else "nein" for flag in stored["public"]]
    table = table.astype(object).where(table.notna(), None)
    label = f"{Path(folder).name}/{FILE} (aus dem bisherigen Datensatz übernommen)"
    log.warning("Maßnahmen aus dem bisherigen Datensatz übernommen (%d Zeilen): %s", len(table), label)
    return raw_from_frame(table, label, str(meta.get("source", "")), str(meta.get("stand", "")))


# --------------------------------------------------------------------------------------------
# replacing the measures of an existing dataset (CLI: python -m dashboard measures)


def replace_measures(data_dir: Path, raw: RawMeasures) -> tuple[Path, str, bool]:
    """Check the table against the dataset in data_dir and swap in a copy of the folder with the new measures.

    Returns (folder, release, changed). The new release id is derived from the old one and the new measures file
    (content_release_id of both), so cached pages refresh; the same table twice changes nothing. A full import computes
    its id from all data files instead: after one, the id is that import's again. Nothing is changed on any error.
    """
    data_dir = Path(data_dir)
    try:
        dataset = catalog.load_dataset(data_dir)
    except catalog.RegistryError as exc:
        raise IngestError(f"Datensatz {data_dir} nicht lesbar: {exc}") from None
    areas = gpd.read_parquet(data_dir / "areas.parquet")
    frame = check(raw, areas, dataset.indicators)
    _clean_stale(data_dir)
    tmp = data_dir.parent / f".{data_dir.name}.tmp-{os.getpid()}-{secrets.token_hex(6)}"
    try:
        shutil.copytree(data_dir, tmp)
        write_table(tmp / FILE, frame)
        old = data_dir / FILE
        if old.exists() and old.read_bytes() == (tmp / FILE).read_bytes():
            shutil.rmtree(tmp, ignore_errors=True)
            return data_dir, dataset.release, False
        digest = hashlib.sha256(dataset.release.encode("ascii") + b"\0" + (tmp / FILE).read_bytes()).hexdigest()[:12]
        meta = {k: v for k, v in tomllib.loads((tmp / "dataset.toml").read_text(encoding="utf-8")).items() if k != "release"}
        meta[META_KEY] = meta_entry(raw, frame)
        _write_meta(tmp / "dataset.toml", meta, digest)
        append_release_history(tmp, dataset.release, digest)
        try:
            catalog.load_dataset(tmp)
        except catalog.RegistryError as exc:
            raise IngestError(str(exc).replace(str(tmp), str(data_dir))) from None
        _swap_into_place(tmp, data_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return data_dir, digest, True


# --------------------------------------------------------------------------------------------
# demo (synthetic, clearly fictional)


def demo_layer(meta: dict, seed: int = 2024) -> MeasuresLayer:
    """A few fictional measures for Musterstadt, public and not, at several levels; some with a location."""
    return layer_for(meta, lambda areas: _demo_table(areas, seed))


def _demo_table(areas: gpd.GeoDataFrame, seed: int) -> RawMeasures:
    import numpy as np

    rng = np.random.default_rng(seed + 15)
    by_level = {level: sorted(part["area_id"]) for level, part in areas.groupby("level")}
    plr, bzr = by_level.get("planungsraum", []), by_level.get("bezirksregion", [])
    topics = [
        ("Familienzentrum am Quartiersplatz", "Soziales", "Jugendamt", "Bezirkshaushalt", "Stadtteilverein e. V.", "laufend"),
        ("Sprachförderung in Kitas", "Bildung", "Jugendamt", "Landesprogramm", "Kita-Eigenbetrieb", "laufend"),
        ("Bewegungsparcours im Grünzug", "Gesundheit", "Straßen- und Grünflächenamt", "Städtebauförderung", "Bezirksamt", "geplant"),
        ("Hitzeschutz: Trinkbrunnen und Schattenplätze", "Umwelt", "Umweltamt", "Klimaanpassungsfonds", "Wasserbetriebe", "geplant"),
        ("Mieterberatung", "Wohnen", "Stadtentwicklungsamt", "Bezirkshaushalt", "Mieterverein e. V.", "laufend"),
        ("Seniorentreff mit Mittagstisch", "Demografie", "Sozialamt", "Stiftungsmittel", "Nachbarschaftshaus", "abgeschlossen"),
        ("Schulwegsicherung", "Bildung", "Straßenverkehrsbehörde", "Bezirkshaushalt", "Bezirksamt", "geplant"),
        ("Aufsuchende Jugendarbeit", "Soziales", "Jugendamt", "Bezirkshaushalt", "Jugendhilfeträger", "laufend"),
    ]
    parent = dict(zip(areas["area_id"], areas["parent_id"]))
    focus = [plr[min(3, len(plr) - 1)]]  # one Planungsraum with its chain of parents gets several measures
    while parent.get(focus[-1]) not in (None, ROOT_ID) and not is_missing(parent.get(focus[-1])):
        focus.append(parent[focus[-1]])
    chain = [focus[0], focus[min(1, len(focus) - 1)], focus[0], focus[-1]]  # the PLR, its parent, the PLR, the top level
    rows = []
    for n, (title, ziel, lead, money, provider, status) in enumerate(topics, start=1):
        if n <= 4:
            chosen = [chain[n - 1]]
        else:
            pick = [bzr, plr, plr, bzr][n - 5] or plr
            chosen = [pick[int(rng.integers(len(pick)))]]
        if n == 5:  # one measure in two areas of different levels
            chosen.append(focus[min(1, len(focus) - 1)])
        begin = int(2021 + rng.integers(4))
        row = {"Kennung": f"M{n:02d}", "Maßnahme": f"{title} (fiktiv)", "Gebiete": "; ".join(chosen), "Zielbereich": ziel,
               "Ziel": "Teilhabe im Quartier stärken", "Federführung": lead, "Finanzierung": money,
               "Beginn": str(begin), "Ende": str(begin + int(rng.integers(1, 4))), "Träger": provider,
               "Partner": "Quartiersmanagement; Schulen", "Einzubindende Akteure": "Bewohnerschaft, Gewerbe",
               "Erfolgskontrolle": "jährlicher Sachbericht", "Status": status,
               "Öffentlich": "nein" if n in (3, 6) else "ja", "Länge": None, "Breite": None}
        if n in (1, 4):  # a location of its own: a point inside the area
            point = areas.loc[areas["area_id"] == chosen[0], "geometry"].iloc[0].representative_point()
            row["Länge"], row["Breite"] = f"{point.x:.5f}", f"{point.y:.5f}"
        rows.append(row)
    return raw_from_frame(pd.DataFrame(rows), "Maßnahmen der Demo", source="Fiktive Beispieldaten", stand="01.03.2025")
