"""The one writer of dataset folders (ARCHITECTURE.md, "Dataset folder contract").

Every importer (demo, Berlin, generic CSV/GeoJSON) hands its tables to `write_dataset`, which
validates them, computes the higher levels from counts (docs/methods.md, „Aggregation“), writes everything into a
temporary sibling folder, checks the result with `dashboard.catalog.load_dataset` and only then
swaps it into place. A failed import leaves the existing dataset untouched and raises
`IngestError` with a German message naming the table, row, column and value.

Decisions a maintainer should know:

- Row numbers in messages count data rows from 1 (a header line is not counted). Callers can name
  their source file with ``frame.attrs["source"] = "bevoelkerung.csv"``; otherwise the messages say
  "Tabelle areas" / "Tabelle values".
- The root area (level "stadt", id "gesamt") is added from the union of the top level when the
  caller does not supply it. "stadt" is not one of the dataset levels; every indicator that can be
  aggregated gets a city value there as a reference.
- Higher levels are computed level by level with `aggregate_to_parent`. A parent only gets a value
  when *every* one of its children has the counts (a missing child would make a sum silently too
  small). Rows supplied for a higher level are kept where nothing could be computed and for
  indicators aggregated with "none"; where a computed row exists, the computed row wins.
- Rows at levels the registry does not list for an indicator (`levels`) are used for aggregation
  but not written (e.g. school-entry data collected per Planungsraum, published per Bezirksregion).
- A share's value, when both value and counts are given, must equal scale * numerator /
  denominator up to the rounding of the registry's `decimals`; a missing value is computed from
  the counts.
- Every area gets a label point (the pole of inaccessibility of its largest part, computed on the
  simplified web geometry in the metric CRS, so it lies inside the polygon the map draws; written as the
  property ``label`` [lon, lat] of web/<level>.geojson, with ``label_r``, the distance in metres from
  that point to the nearest border) and its neighbours: the areas of the same level sharing at least
  MIN_SHARED_BORDER_M of border (a corner touch is not enough), longest shared border first, written as
  the list column ``neighbours`` of areas.parquet. Borders are compared with a snap of NEIGHBOUR_SNAP_M,
  so sub-metre slivers between separately digitised neighbours do not hide them.
- The swap is two renames (old folder aside, new folder in), not one atomic operation: between
  them the folder is missing for a moment. The app reads the folder only at start.
- An import killed outright (SIGKILL, power loss) cannot clean up after itself. Temporary folders
  carry the writer's process id (``.<name>.tmp-<pid>-<hex>``, ``.<name>.old-<pid>-<hex>``); the next
  import removes those whose process is gone, and puts a set-aside old folder back when a kill
  fell between the two renames of the swap (tests/integration/test_ingest_fault_injection.py).
"""
from __future__ import annotations

import json
import logging
import math
import os
import re
import secrets
import shutil
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import fields
from datetime import date
from pathlib import Path
from typing import Any, Protocol

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import shapely.ops
import tomli_w

from dashboard import catalog
from dashboard.i18n import format_number
from dashboard.methods.aggregate import aggregate_to_parent
from dashboard.methods.values import is_missing  # the one rule for 'no value'; ingest.generic takes it from here too

log = logging.getLogger(__name__)

ROOT_LEVEL = catalog.CITY_LEVEL  # the root area (the whole city), one level above the dataset's levels
ROOT_ID = "gesamt"
WEB_DECIMALS = 5
LABEL_TOLERANCE_M = 1.0  # precision of the pole of inaccessibility
NEIGHBOUR_SNAP_M = 1.0  # gaps and overlaps between neighbours below this are bridged
MIN_SHARED_BORDER_M = 5.0  # shorter shared borders count as a corner touch
VALUE_OUTPUT_COLUMNS = ["area_id", "level", "indicator_id", "year", "value", "numerator", "denominator", "estimate"]
_SAFE_ID = re.compile(r"^[A-Za-z0-9_.-]+$")
_META_REQUIRED = ("id", "title", "attribution", "license", "levels", "defaults")


class IngestError(ValueError):
    """Input for a dataset is invalid; the German message names table, row, column and value."""


class DatasetLayer(Protocol):
    """An optional part of a dataset beyond areas and values (facilities, funding areas, measures, …).

    `write` is called once the areas are checked, with the temporary dataset folder, the area table
    (EPSG:4326, every level, with the root) and the level ids (smallest first). It validates its own
    input against the areas (raising IngestError with file, row, column and value), writes its files
    into `folder` and returns the files whose content enters the release id (cached pages depend on it).
    """

    def write(self, folder: Path, areas: gpd.GeoDataFrame, level_ids: list[str]) -> list[Path]: ...


# --------------------------------------------------------------------------------------------
# public API


def write_dataset(
    out_dir: Path,
    meta: dict,
    indicators: list[dict],
    areas: gpd.GeoDataFrame,
    values: pd.DataFrame,
    notes: dict[str, str] | None = None,
    extra_files: dict[str, str] | None = None,
    simplify_tolerance_m: float = 8.0,
    gazetteer: pd.DataFrame | None = None,
    layers: Sequence[DatasetLayer] = (),
) -> Path:
    """Validate the tables, compute higher levels, write the dataset folder and swap it into place.

    meta: dataset.toml without `release`; indicators: indicators.toml entries; areas: every area at
    every level (any CRS that is set); values: long rows, usually at the smallest level only;
    gazetteer: optional places and their areas (dashboard/ingest/gazetteer.py), written as gazetteer.parquet;
    layers: optional further parts (DatasetLayer: facilities, funding areas, measures), each writing its own files.
    Returns out_dir. Output is byte-for-byte the same for the same input.
    """
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise IngestError(f"Ziel {out_dir} existiert und ist kein Ordner.")
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    _clean_stale(out_dir)
    tmp = out_dir.parent / f".{out_dir.name}.tmp-{os.getpid()}-{secrets.token_hex(6)}"
    tmp.mkdir()
    try:
        level_ids = _check_meta(meta)
        registry = _write_registry(tmp, indicators, level_ids)
        area_table, metric = _prepare_areas(areas, meta, level_ids)
        given = _prepare_values(values, registry, area_table, level_ids)
        complete = _compute_levels(given, registry, area_table, level_ids + [ROOT_LEVEL])
        _check_defaults(meta, complete)
        _write_areas(tmp / "areas.parquet", area_table, level_ids, _neighbours_by_area(metric))
        _write_values(tmp / "values.parquet", complete, level_ids + [ROOT_LEVEL])
        _write_web(tmp / "web", metric, level_ids, simplify_tolerance_m, _source(areas, "Tabelle areas"))
        _write_notes(tmp / "notes", notes or {}, set(area_table["area_id"]))
        _write_extra_files(tmp, extra_files or {})
        places = []
        if gazetteer is not None:  # a lookup aid, but what /suche shows: it enters the release id (cached pages)
            from dashboard.ingest.gazetteer import check_gazetteer, write_gazetteer
            write_gazetteer(tmp / "gazetteer.parquet", check_gazetteer(gazetteer, area_table, level_ids))
            places = [tmp / "gazetteer.parquet"]
        for layer in layers:
            places += layer.write(tmp, area_table, level_ids)
        release = catalog.content_release_id(tmp / "areas.parquet", tmp / "values.parquet", tmp / "indicators.toml", *places)
        _write_meta(tmp / "dataset.toml", meta, release)
        append_release_history(tmp, _current_release(out_dir), release, history_from=out_dir)
        try:
            catalog.load_dataset(tmp)
        except catalog.RegistryError as exc:
            raise IngestError(_untemp(str(exc), tmp)) from None
        _swap_into_place(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out_dir


# --------------------------------------------------------------------------------------------
# meta and registry


def _current_release(out_dir: Path) -> str | None:
    """The release id of the dataset an import is about to replace (None for a new or unreadable folder)."""
    try:
        return catalog._read_toml(out_dir / "dataset.toml").get("release") if (out_dir / "dataset.toml").exists() else None
    except catalog.RegistryError:
        return None


def append_release_history(folder: Path, previous: str | None, release: str, history_from: Path | None = None) -> None:
    """folder/releases.toml: the earlier releases (those listed in history_from's releases.toml, default folder's own)
    plus `previous`, the release this write replaces, with today's date, so a link pinned to an old release can name
    it. Nothing is added when previous is None, the new release itself or already listed; no file while the history is
    empty (a first import). The one writer of releases.toml (write_dataset, and measures.replace_measures). Not data:
    it does not enter the release id."""
    source = folder if history_from is None else Path(history_from)
    history = catalog.release_history(source) if source.exists() else []
    if previous and previous != release and previous not in {entry["id"] for entry in history}:
        history.append({"id": previous, "replaced": date.today().isoformat()})
    if history:
        lines = ["# Frühere Datenstände dieses Ordners (für Links, die einen älteren Datenstand nennen)."]
        for entry in history:
            lines += ["", "[[release]]", f'id = "{entry["id"]}"', f'replaced = "{entry["replaced"]}"']
        (Path(folder) / catalog.RELEASES_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")


def _check_meta(meta: dict) -> list[str]:
    for name in _META_REQUIRED:
        if name not in meta:
            raise IngestError(f"dataset.toml: Pflichtfeld {name!r} fehlt.")
    if "release" in meta:
        raise IngestError("dataset.toml: Feld 'release' wird beim Schreiben berechnet und darf nicht angegeben werden.")
    levels = meta["levels"]
    if not isinstance(levels, list) or not levels:
        raise IngestError(f"dataset.toml: Feld 'levels' muss eine nicht leere Liste sein (Wert: {levels!r}).")
    level_ids = []
    for number, level in enumerate(levels, start=1):
        if not isinstance(level, dict) or not isinstance(level.get("id"), str) or not level["id"]:
            raise IngestError(f"dataset.toml: Ebene {number} braucht ein Feld 'id' (Wert: {level!r}).")
        if level["id"] == ROOT_LEVEL or level["id"] in level_ids:
            raise IngestError(f"dataset.toml: Ebene {number} hat die id {level['id']!r}, die schon vergeben oder reserviert ist.")
        level_ids.append(level["id"])
    return level_ids


def _registry_entry(entry: dict) -> dict:
    """An indicators.toml entry in canonical field order, without None (TOML has no null)."""
    order = [f.name for f in fields(catalog.Indicator)]
    known = [name for name in order if name in entry] + sorted(set(entry) - set(order))
    out: dict[str, Any] = {}
    for name in known:
        value = entry[name]
        if value is None:
            continue
        if isinstance(value, tuple):
            value = list(value)
        if isinstance(value, dict):
            value = {str(k): v for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
        out[name] = value
    return out


def _write_registry(tmp: Path, indicators: list[dict], level_ids: list[str]) -> dict[str, catalog.Indicator]:
    if not indicators:
        raise IngestError("indicators.toml: keine Indikatoren angegeben.")
    doc = {"indicator": [_registry_entry(entry) for entry in indicators]}
    for entry in doc["indicator"]:  # [indicator.en] in the order of catalog.EN_FIELDS, empty texts left out
        if isinstance(entry.get("en"), dict):
            english = {name: entry["en"][name] for name in catalog.EN_FIELDS if name in entry["en"]} | entry["en"]
            entry["en"] = {name: value for name, value in english.items() if value not in (None, "", {})}
            if not entry["en"]:
                del entry["en"]
    path = tmp / "indicators.toml"
    path.write_text(tomli_w.dumps(doc), encoding="utf-8")
    try:
        return catalog.load_registry(path, level_ids)
    except catalog.RegistryError as exc:
        raise IngestError(_untemp(str(exc), tmp)) from None


def _write_meta(path: Path, meta: dict, release: str) -> None:
    """dataset.toml: the meta as given (None values left out) with the release id after the licence; the one writer of
    dataset.toml (write_dataset, and measures.replace_measures for a new [measures] table)."""
    doc: dict[str, Any] = {}
    for key, value in meta.items():
        if value is not None:
            doc[key] = value
        if key == "license":
            doc["release"] = release
    doc.setdefault("release", release)
    path.write_text(tomli_w.dumps(doc), encoding="utf-8")
    tomllib.loads(path.read_text(encoding="utf-8"))


def _untemp(message: str, tmp: Path) -> str:
    return message.replace(str(tmp) + "/", "").replace(str(tmp), "Datensatz")


def _check_defaults(meta: dict, values: pd.DataFrame) -> None:
    defaults = meta["defaults"]
    indicator, year = defaults.get("indicator"), defaults.get("year")
    hit = values[(values["indicator_id"] == indicator) & (values["year"] == year)]
    if hit.empty:
        raise IngestError(
            f"dataset.toml: defaults nennt Indikator {indicator!r} und Jahr {year!r}, "
            "dafür gibt es aber keine Werte. Bitte ein Jahr mit Daten als Vorgabe eintragen."
        )


# --------------------------------------------------------------------------------------------
# areas


def _source(frame: pd.DataFrame, default: str) -> str:
    return str(frame.attrs.get("source") or default)


def _prepare_areas(areas: gpd.GeoDataFrame, meta: dict, level_ids: list[str]) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Validate areas; returns (table in EPSG:4326, same areas in a metric CRS for simplification)."""
    table = _source(areas, "Tabelle areas")
    if not isinstance(areas, gpd.GeoDataFrame):
        raise IngestError(f"{table}: erwartet wird eine Geometrie-Tabelle (GeoDataFrame), nicht {type(areas).__name__}.")
    for column in ("area_id", "level", "name", "parent_id"):
        if column not in areas.columns:
            raise IngestError(f"{table}: Spalte {column!r} fehlt (vorhanden: {', '.join(map(str, areas.columns))}).")
    if areas.crs is None:
        raise IngestError(f"{table}: kein Koordinatenbezugssystem (CRS) gesetzt. Bitte das CRS der Quelldatei angeben (z. B. EPSG:25833).")
    frame = gpd.GeoDataFrame(
        {
            "area_id": [as_id(v) for v in areas["area_id"]],
            "level": [None if is_missing(v) else str(v) for v in areas["level"]],
            "name": [None if is_missing(v) else str(v).strip() for v in areas["name"]],
            "parent_id": [as_id(v) for v in areas["parent_id"]],
        },
        geometry=list(areas.geometry.values),
        crs=areas.crs,
    )
    all_levels = level_ids + [ROOT_LEVEL]
    for row, rec in enumerate(frame.itertuples(index=False), start=1):
        where = f"{table}, Zeile {row}"
        if not rec.area_id:
            raise IngestError(f"{where}: Spalte 'area_id' ist leer (Wert: {rec.area_id!r}). Jedes Gebiet braucht eine Kennung.")
        if not _SAFE_ID.match(rec.area_id):
            raise IngestError(f"{where} (area_id={rec.area_id!r}): Spalte 'area_id' enthält unzulässige Zeichen; erlaubt sind Buchstaben, Ziffern, '.', '_' und '-'.")
        if rec.level not in all_levels:
            raise IngestError(f"{where} (area_id={rec.area_id!r}): Spalte 'level' hat den Wert {rec.level!r}; erlaubt: {', '.join(all_levels)}.")
        if not rec.name:
            raise IngestError(f"{where} (area_id={rec.area_id!r}): Spalte 'name' ist leer (Wert: {rec.name!r}).")
    duplicated = frame["area_id"][frame["area_id"].duplicated()]
    if not duplicated.empty:
        row = int(np.flatnonzero(frame["area_id"].duplicated().to_numpy())[0]) + 1
        raise IngestError(f"{table}, Zeile {row}: Spalte 'area_id' hat den Wert {duplicated.iloc[0]!r}, der schon in einer früheren Zeile vorkommt. Kennungen müssen eindeutig sein.")

    frame["geometry"] = [_checked_geometry(g, f"{table}, Zeile {i} (area_id={a!r})") for i, (a, g) in enumerate(zip(frame["area_id"], frame.geometry), start=1)]
    frame = _with_root(frame, meta, level_ids, table)
    _check_hierarchy(frame, level_ids, table)

    rank = {level: i for i, level in enumerate(all_levels)}
    frame = frame.assign(_rank=frame["level"].map(rank)).sort_values(["_rank", "area_id"]).drop(columns="_rank").reset_index(drop=True)
    metric_crs = frame.crs if _is_metric(frame.crs) else frame.estimate_utm_crs()
    metric = frame.to_crs(metric_crs)
    wgs = frame.to_crs("EPSG:4326")
    return wgs, metric


def as_id(value: Any) -> str | None:
    if is_missing(value):
        return None
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        value = int(value)
    return str(value).strip() or None


def _is_metric(crs: Any) -> bool:
    return bool(crs.is_projected) and crs.axis_info[0].unit_name in ("metre", "meter")


def _checked_geometry(geom: Any, where: str) -> Any:
    """Polygonal, non-empty, valid; invalid rings are repaired with make_valid when still polygonal."""
    if geom is None or geom.is_empty:
        raise IngestError(f"{where}: Spalte 'geometry' ist leer. Jedes Gebiet braucht eine Fläche.")
    if geom.geom_type not in ("Polygon", "MultiPolygon"):
        raise IngestError(f"{where}: Spalte 'geometry' hat den Typ {geom.geom_type!r}; erwartet wird eine Fläche (Polygon oder MultiPolygon).")
    if geom.is_valid:
        return geom
    reason = shapely.is_valid_reason(geom)
    repaired = shapely.make_valid(geom)
    parts = [p for p in shapely.get_parts(repaired) if p.geom_type in ("Polygon", "MultiPolygon") and not p.is_empty]
    if not parts:
        raise IngestError(f"{where}: Spalte 'geometry' ist ungültig ({reason}) und lässt sich nicht zu einer Fläche reparieren.")
    fixed = parts[0] if len(parts) == 1 else shapely.union_all(parts)
    log.warning("%s: ungültige Geometrie (%s) wurde repariert (make_valid).", where, reason)
    return fixed


def _with_root(frame: gpd.GeoDataFrame, meta: dict, level_ids: list[str], table: str) -> gpd.GeoDataFrame:
    roots = frame[frame["level"] == ROOT_LEVEL]
    if len(roots) > 1 or (len(roots) == 1 and roots["area_id"].iloc[0] != ROOT_ID):
        raise IngestError(f"{table}: es darf genau ein Gebiet der Ebene {ROOT_LEVEL!r} geben, mit area_id {ROOT_ID!r} (gefunden: {', '.join(roots['area_id'])}).")
    top = frame["level"] == level_ids[-1]
    if roots.empty:
        outline = shapely.union_all(frame.loc[top, "geometry"].to_numpy())
        root = gpd.GeoDataFrame(
            {"area_id": [ROOT_ID], "level": [ROOT_LEVEL], "name": [str(meta.get("city_name") or meta["title"])], "parent_id": [None]},
            geometry=[outline], crs=frame.crs,
        )
        frame = frame.copy()
        frame.loc[top & frame["parent_id"].isna(), "parent_id"] = ROOT_ID
        frame = pd.concat([frame, root], ignore_index=True)
    return frame


def _check_hierarchy(frame: gpd.GeoDataFrame, level_ids: list[str], table: str) -> None:
    level_of = dict(zip(frame["area_id"], frame["level"]))
    all_levels = level_ids + [ROOT_LEVEL]
    for row, rec in enumerate(frame.itertuples(index=False), start=1):
        where = f"{table}, Zeile {row} (area_id={rec.area_id!r})"
        rec = rec._replace(parent_id=None if is_missing(rec.parent_id) else rec.parent_id)
        if rec.level == ROOT_LEVEL:
            if rec.parent_id is not None:
                raise IngestError(f"{where}: das Gesamtgebiet hat kein übergeordnetes Gebiet, Spalte 'parent_id' hat aber den Wert {rec.parent_id!r}.")
            continue
        expected = all_levels[all_levels.index(rec.level) + 1]
        if rec.parent_id is None:
            raise IngestError(f"{where}: Spalte 'parent_id' ist leer; erwartet wird ein Gebiet der Ebene {expected!r}.")
        if rec.parent_id not in level_of:
            raise IngestError(f"{where}: Spalte 'parent_id' hat den Wert {rec.parent_id!r}, den es als area_id nicht gibt.")
        if level_of[rec.parent_id] != expected:
            raise IngestError(
                f"{where}: Spalte 'parent_id' hat den Wert {rec.parent_id!r}, das ist ein Gebiet der Ebene "
                f"{level_of[rec.parent_id]!r}; erwartet wird die nächsthöhere Ebene {expected!r}."
            )


def _ancestor_columns(frame: pd.DataFrame, level_ids: list[str]) -> pd.DataFrame:
    """One column <level>_id per level above the smallest: the ancestor at that level (own level: empty)."""
    parent = {a: None if is_missing(p) else p for a, p in zip(frame["area_id"], frame["parent_id"])}
    level_of = dict(zip(frame["area_id"], frame["level"]))
    columns: dict[str, list[str | None]] = {f"{lv}_id": [] for lv in level_ids[1:]}
    for area_id in frame["area_id"]:
        found: dict[str, str] = {}
        current = parent.get(area_id)
        while current is not None:
            found[level_of[current]] = current
            current = parent.get(current)
        for lv in level_ids[1:]:
            columns[f"{lv}_id"].append(found.get(lv))
    return pd.DataFrame(columns, index=frame.index, dtype="str")


# --------------------------------------------------------------------------------------------
# values


def _prepare_values(values: pd.DataFrame, registry: dict[str, catalog.Indicator], areas: pd.DataFrame, level_ids: list[str]) -> pd.DataFrame:
    table = _source(values, "Tabelle values")
    for column in ("area_id", "indicator_id", "year", "value"):
        if column not in values.columns:
            raise IngestError(f"{table}: Spalte {column!r} fehlt (vorhanden: {', '.join(map(str, values.columns))}).")
    frame = pd.DataFrame(
        {
            "area_id": pd.array([as_id(v) for v in values["area_id"]], dtype=object),
            "indicator_id": pd.array([None if is_missing(v) else str(v) for v in values["indicator_id"]], dtype=object),
        }
    )
    frame["_row"] = np.arange(1, len(frame) + 1)
    level_of = dict(zip(areas["area_id"], areas["level"]))

    unknown_area = ~frame["area_id"].isin(level_of.keys())
    if unknown_area.any():
        _fail(table, frame, unknown_area, "area_id", frame["area_id"], "ist kein Gebiet in areas", "Bitte Schreibweise und führende Nullen prüfen.")
    unknown_indicator = ~frame["indicator_id"].isin(registry.keys())
    if unknown_indicator.any():
        _fail(table, frame, unknown_indicator, "indicator_id", frame["indicator_id"], "ist kein Indikator des Registers", f"Bekannt sind: {', '.join(registry)}.")

    frame["year"] = _numeric(values["year"], table, frame, "year")
    bad_year = frame["year"].isna() | (frame["year"] % 1 != 0) | (frame["year"] < 1900) | (frame["year"] > 2100)
    if bad_year.any():
        _fail(table, frame, bad_year, "year", values["year"], "ist kein gültiges Jahr", "Erwartet wird eine ganze Jahreszahl wie 2024.")
    frame["year"] = frame["year"].astype("int16")
    for column in ("value", "numerator", "denominator"):
        if column in values.columns:
            frame[column] = _numeric(values[column], table, frame, column)
        else:
            frame[column] = np.nan
    if "estimate" in values.columns:
        frame["estimate"] = [bool(v) if not is_missing(v) else False for v in values["estimate"]]
    else:
        frame["estimate"] = False

    duplicated = frame.duplicated(["area_id", "indicator_id", "year"])
    if duplicated.any():
        first = frame[duplicated].iloc[0]
        raise IngestError(
            f"{table}, Zeile {first['_row']}: die Kombination area_id={first['area_id']!r}, indicator_id="
            f"{first['indicator_id']!r}, year={first['year']} kommt mehrfach vor (Spalten 'area_id', 'indicator_id', 'year'). Jeder Wert darf nur einmal vorkommen."
        )

    for column in ("numerator", "denominator"):
        negative = frame[column] < 0
        if column == "numerator":  # a net migration (Wanderungssaldo) may be negative; a count of people not
            negative &= frame["indicator_id"].map(lambda i: registry[i].kind == "share")
        if negative.any():
            _fail(table, frame, negative, column, frame[column], "ist negativ", "Fallzahlen können nicht kleiner als 0 sein.")

    kind = frame["indicator_id"].map(lambda i: registry[i].kind)
    scale = frame["indicator_id"].map(lambda i: registry[i].scale).astype(float)
    decimals = frame["indicator_id"].map(lambda i: registry[i].decimals).astype(float)
    has_counts = frame["numerator"].notna() & frame["denominator"].notna()
    with np.errstate(divide="ignore", invalid="ignore"):
        from_counts = np.where(frame["denominator"] > 0, scale * frame["numerator"] / frame["denominator"], np.nan)
    fill = frame["value"].isna() & has_counts & (frame["denominator"] > 0) & kind.isin(["share", "rate"])
    frame.loc[fill, "value"] = from_counts[fill.to_numpy()]

    counted = has_counts & kind.isin(["share", "rate"]) & frame["value"].notna() & (frame["denominator"] > 0)
    mismatch = counted & ((frame["value"] - from_counts).abs() > 0.5 * 10.0 ** (-decimals) + 1e-9)
    if mismatch.any():
        _fail(table, frame, mismatch, "value", frame["value"], "passt nicht zu numerator/denominator",
              "Erwartet wird value = scale × numerator / denominator (gerundet wie im Register).")

    share = kind == "share"
    over = share & has_counts & (frame["numerator"] > frame["denominator"])
    if over.any():
        _fail(table, frame, over, "numerator", frame["numerator"], "ist größer als denominator",
              "Bei einem Anteil kann der Zähler nicht größer als der Nenner sein.")
    outside = share & frame["value"].notna() & ((frame["value"] < 0) | (frame["value"] > scale))
    if outside.any():
        _fail(table, frame, outside, "value", frame["value"], "liegt außerhalb von 0 bis 100 (Anteil)", "Bitte prüfen, ob der Wert als Anteil in Prozent angegeben ist.")
    negative_count = (kind == "count") & (frame["value"] < 0)
    if negative_count.any():
        _fail(table, frame, negative_count, "value", frame["value"], "ist negativ", "Eine Anzahl kann nicht kleiner als 0 sein.")
    for indicator_id in frame.loc[kind == "class", "indicator_id"].unique():
        categories = registry[indicator_id].categories
        if not categories:
            continue
        mask = (frame["indicator_id"] == indicator_id) & frame["value"].notna()
        wrong = mask & ~frame["value"].map(lambda v: not math.isnan(v) and float(v).is_integer() and str(int(v)) in categories)
        if wrong.any():
            _fail(table, frame, wrong, "value", frame["value"], f"ist keine Klasse des Indikators {indicator_id}",
                  f"Erlaubt: {', '.join(f'{k} ({v})' for k, v in categories.items())}.")

    frame["level"] = frame["area_id"].map(level_of)
    return frame.drop(columns="_row")


def _numeric(column: pd.Series, table: str, frame: pd.DataFrame, name: str) -> pd.Series:
    raw = pd.Series(list(column), index=frame.index, dtype=object)
    blank = raw.map(lambda v: is_missing(v) or (isinstance(v, str) and not v.strip()))
    parsed = pd.to_numeric(raw.where(~blank, None), errors="coerce").astype(float)
    bad = (parsed.isna() & ~blank) | ~np.isfinite(parsed.fillna(0.0))
    if bad.any():
        _fail(table, frame, bad, name, raw, "ist keine Zahl", "Bitte Dezimalpunkt statt Komma verwenden und Text entfernen.")
    return parsed


def _fail(table: str, frame: pd.DataFrame, mask: pd.Series, column: str, shown: pd.Series, problem: str, hint: str) -> None:
    position = int(np.flatnonzero(mask.to_numpy())[0])
    value = shown.iloc[position]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    count = int(mask.sum())
    more = f" ({count - 1} weitere Zeilen betroffen)" if count > 1 else ""
    area = frame["area_id"].iloc[position]
    indicator = frame["indicator_id"].iloc[position] if "indicator_id" in frame else None
    context = f" (area_id={area!r}, indicator_id={indicator!r})" if indicator is not None else f" (area_id={area!r})"
    raise IngestError(f"{table}, Zeile {position + 1}{context}: Spalte {column!r} hat den Wert {value!r} – {problem}.{more} {hint}".strip())


# --------------------------------------------------------------------------------------------
# aggregation


def _compute_levels(given: pd.DataFrame, registry: dict[str, catalog.Indicator], areas: pd.DataFrame, all_levels: list[str]) -> pd.DataFrame:
    """All levels: the given rows, plus every higher level computed from the one below."""
    specs = {i: ind.aggregation_spec for i, ind in registry.items()}
    aggregated = {i for i, ind in registry.items() if ind.aggregation != "none"}
    parent_of = pd.Series(dict(zip(areas["area_id"], areas["parent_id"])), dtype=object)
    level_of = dict(zip(areas["area_id"], areas["level"]))
    keys = ["area_id", "indicator_id", "year"]
    columns = ["area_id", "indicator_id", "year", "value", "numerator", "denominator", "estimate"]

    current = given[given["level"] == all_levels[0]][columns]
    out = [current]
    for lower, upper in zip(all_levels, all_levels[1:]):
        children = areas.loc[areas["level"] == lower, ["area_id", "parent_id"]]
        padded = _pad_missing_children(current[current["indicator_id"].isin(aggregated)], children)
        computed = aggregate_to_parent(padded, parent_of[children["area_id"]], specs)
        computed = computed[computed["value"].notna() | computed["denominator"].notna()]
        supplied = given[given["level"] == upper][columns]
        overridden = supplied.merge(computed[keys], on=keys, how="inner")
        if len(overridden):
            log.warning("%d gelieferte Werte der Ebene %s werden durch aus Fallzahlen berechnete Werte ersetzt.", len(overridden), upper)
        kept = supplied.merge(computed[keys], on=keys, how="left", indicator=True)
        kept = kept[kept["_merge"] == "left_only"].drop(columns="_merge")
        current = pd.concat([frame for frame in (computed, kept) if len(frame)], ignore_index=True) if len(computed) or len(kept) else computed
        current = current[columns]
        out.append(current)
    result = pd.concat([frame for frame in out if len(frame)], ignore_index=True)
    result["level"] = result["area_id"].map(level_of)

    def published(row_indicator: str, row_level: str) -> bool:
        indicator = registry[row_indicator]
        if row_level == ROOT_LEVEL:
            return indicator.aggregation != "none" or not indicator.levels
        return indicator.available_at(row_level)

    pairs = result[["indicator_id", "level"]].drop_duplicates()
    allowed = {(i, lv) for i, lv in zip(pairs["indicator_id"], pairs["level"]) if published(i, lv)}
    keep = [(i, lv) in allowed for i, lv in zip(result["indicator_id"], result["level"])]
    dropped = len(result) - int(np.sum(keep))
    if dropped:
        log.info("%d Werte auf Ebenen, die das Register nicht veröffentlicht, wurden nur zur Aggregation verwendet.", dropped)
    return result[keep].reset_index(drop=True)


def _pad_missing_children(frame: pd.DataFrame, children: pd.DataFrame) -> pd.DataFrame:
    """Add empty rows for children that do not report an indicator/year their siblings report.

    aggregate_to_parent only looks at the children present; a child missing entirely would make a
    sum silently too small, so it is added without counts and the parent then gets no value.
    """
    if frame.empty:
        return frame
    with_parent = frame.merge(children, on="area_id", how="left")
    reported = with_parent[["indicator_id", "year", "parent_id"]].drop_duplicates()
    expected = reported.merge(children, on="parent_id")[["area_id", "indicator_id", "year"]]
    missing = expected.merge(frame[["area_id", "indicator_id", "year"]], how="left", indicator=True)
    missing = missing[missing["_merge"] == "left_only"].drop(columns="_merge")
    if missing.empty:
        return frame
    missing = missing.assign(value=np.nan, numerator=np.nan, denominator=np.nan, estimate=False)
    return pd.concat([frame, missing[frame.columns]], ignore_index=True)


# --------------------------------------------------------------------------------------------
# label points and neighbours


def label_point(geom: Any, tolerance: float = LABEL_TOLERANCE_M) -> shapely.Point:
    """Where an area's name goes: the pole of inaccessibility (the inside point farthest from the border) of
    its largest part. Unlike the centroid it lies inside a U-shaped or ring-shaped area. Metric CRS.
    An empty geometry has no such point (ValueError): the import rejects empty areas before (_checked_geometry)
    and areas the web geometry loses (_write_web)."""
    parts = [part for part in shapely.get_parts(geom) if not part.is_empty] if geom is not None else []
    if not parts:
        raise ValueError("label_point: leere Geometrie hat keinen Punkt für den Namen")
    largest = max(parts, key=lambda part: part.area)
    return shapely.ops.polylabel(largest, tolerance)


def adjacent_areas(ids: list[str], geoms: Any, snap: float = NEIGHBOUR_SNAP_M,
                   min_border: float = MIN_SHARED_BORDER_M) -> dict[str, list[str]]:
    """area id -> the areas among `geoms` that share a border with it, longest shared border first.

    Metric CRS. The shared border of A and B is the part of A's boundary within `snap` of B, less the
    2·snap that buffering adds at its two ends; a corner touch then has about 0 m and is no neighbour,
    nor is a border shorter than `min_border`. Candidates come from an STRtree.
    """
    geoms = np.asarray(geoms, dtype=object)
    found: dict[str, list[tuple[float, str]]] = {a: [] for a in ids}
    if len(geoms) > 1:
        grown = shapely.buffer(geoms, snap)
        left, right = shapely.STRtree(geoms).query(grown, predicate="intersects")
        pair = left < right
        left, right = left[pair], right[pair]
        shared = shapely.length(shapely.intersection(shapely.boundary(geoms[left]), grown[right])) - 2 * snap
        for i, j, length in zip(left, right, shared):
            if length >= min_border:
                found[ids[i]].append((float(length), ids[j]))
                found[ids[j]].append((float(length), ids[i]))
    return {a: [b for _, b in sorted(pairs, key=lambda p: (-round(p[0], 3), p[1]))] for a, pairs in found.items()}


def _neighbours_by_area(metric: gpd.GeoDataFrame) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for _level, part in metric.groupby("level", sort=True):
        out.update(adjacent_areas(part["area_id"].tolist(), part.geometry.to_numpy()))
    return out


# --------------------------------------------------------------------------------------------
# writing


def _write_areas(path: Path, areas: gpd.GeoDataFrame, level_ids: list[str], neighbours: dict[str, list[str]]) -> None:
    ancestors = _ancestor_columns(areas, level_ids)
    base = pd.DataFrame({c: pd.array(areas[c].tolist(), dtype="str") for c in ("area_id", "level", "name", "parent_id")})
    base["neighbours"] = pd.Series([neighbours.get(a, []) for a in areas["area_id"]], dtype=object)  # list<string> in Parquet
    table = gpd.GeoDataFrame(pd.concat([base, ancestors.reset_index(drop=True)], axis=1), geometry=areas.geometry.to_numpy(), crs="EPSG:4326")
    table.to_parquet(path, index=False, compression="zstd")


def _write_values(path: Path, values: pd.DataFrame, all_levels: list[str]) -> None:
    rank = {level: i for i, level in enumerate(all_levels)}
    frame = values.assign(_rank=values["level"].map(rank))
    frame = frame.sort_values(["_rank", "indicator_id", "year", "area_id"], kind="stable").reset_index(drop=True)
    out = pd.DataFrame(
        {
            "area_id": frame["area_id"].astype("str"),
            "level": frame["level"].astype("str"),
            "indicator_id": frame["indicator_id"].astype("str"),
            "year": frame["year"].astype("int16"),
            "value": frame["value"].astype("float64"),
            "numerator": frame["numerator"].astype("float64"),
            "denominator": frame["denominator"].astype("float64"),
            "estimate": frame["estimate"].astype(bool),
        }
    )
    out.to_parquet(path, index=False, compression="zstd")


def _write_web(folder: Path, metric: gpd.GeoDataFrame, level_ids: list[str], tolerance: float, table: str = "Tabelle areas") -> None:
    folder.mkdir()
    for level in level_ids + [ROOT_LEVEL]:
        part = metric[metric["level"] == level]
        geoms = part.geometry.to_numpy()
        if tolerance > 0:
            geoms = _simplified_coverage(geoms, tolerance, level)
        wgs = gpd.GeoSeries(geoms, crs=metric.crs).to_crs("EPSG:4326").to_numpy()
        wgs = shapely.orient_polygons(wgs, exterior_cw=False)
        drawn = [_rounded_geojson(geom) for geom in wgs]
        for area_id, geom, source, shape in zip(part["area_id"], geoms, part.geometry.to_numpy(), drawn):
            if geom.is_empty or not shape["coordinates"]:  # smaller than the web coordinates' precision (~1 m)
                raise IngestError(
                    f"{table} (area_id={area_id!r}, Ebene {level!r}): Spalte 'geometry' hat eine Fläche von "
                    f"{format_number(source.area, 2)} m² und verschwindet in der Kartengeometrie "
                    f"(Koordinaten auf {WEB_DECIMALS} Nachkommastellen, etwa 1 m). Ein so kleines Gebiet lässt sich nicht "
                    "zeichnen; bitte die Fläche in der Quelldatei prüfen (ein Splitter?).")
        points = [label_point(geom) for geom in geoms]
        radii = [int(round(geom.boundary.distance(point))) for geom, point in zip(geoms, points)]
        points = gpd.GeoSeries(points, crs=metric.crs).to_crs("EPSG:4326")
        features = []
        for area_id, name, shape, point, radius in zip(part["area_id"], part["name"], drawn, points, radii):
            properties = {"id": area_id, "name": name, "label": [round(point.x, WEB_DECIMALS), round(point.y, WEB_DECIMALS)],
                          "label_r": radius}
            features.append({"type": "Feature", "properties": properties, "geometry": shape})
        doc = {"type": "FeatureCollection", "features": features}
        (folder / f"{level}.geojson").write_text(json.dumps(doc, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _simplified_coverage(geoms: np.ndarray, tolerance: float, level: str) -> np.ndarray:
    """Simplify keeping shared borders; tiny overlaps and gaps between neighbours are cleaned first.

    Real boundary files often have sub-metre slivers between neighbours (digitised separately);
    coverage_clean snaps them together (area change far below the simplification error), so the
    simplified map still has no gaps. Only the web geometry is cleaned; areas.parquet keeps the
    source geometry. Where cleaning does not give a valid coverage, each area is simplified alone.
    """
    try:
        if not bool(shapely.coverage_is_valid(geoms)):
            cleaned = shapely.coverage_clean(geoms)
            if len(cleaned) == len(geoms) and bool(shapely.coverage_is_valid(cleaned)) and all(
                    not g.is_empty and g.geom_type in ("Polygon", "MultiPolygon") for g in cleaned):
                log.info("Ebene %s: kleine Überlappungen/Lücken zwischen Nachbarflächen angeglichen (coverage_clean).", level)
                geoms = cleaned
            else:
                raise shapely.errors.GEOSException("coverage not valid after cleaning")
        return shapely.coverage_simplify(geoms, tolerance)
    except shapely.errors.GEOSException:
        if len(geoms) == 1:  # a single outline (the city) has no neighbours whose borders could be kept
            return shapely.simplify(geoms, tolerance, preserve_topology=True)
        log.warning("Ebene %s: Flächen überlappen oder haben Lücken; vereinfache jede Fläche einzeln.", level)
        return shapely.simplify(geoms, tolerance, preserve_topology=True)


def _rounded_geojson(geom: Any) -> dict:
    """GeoJSON geometry with coordinates rounded to WEB_DECIMALS, repeated points and collapsed rings removed."""
    polygons = []
    for polygon in shapely.get_parts(geom):
        rings = [_rounded_ring(polygon.exterior.coords)] + [_rounded_ring(r.coords) for r in polygon.interiors]
        if len(rings[0]) < 4:
            continue
        polygons.append([ring for ring in rings if len(ring) >= 4])
    if len(polygons) == 1:
        return {"type": "Polygon", "coordinates": polygons[0]}
    return {"type": "MultiPolygon", "coordinates": polygons}


def _rounded_ring(coords: Iterable) -> list[list[float]]:
    ring: list[list[float]] = []
    for x, y, *_ in coords:
        point = [round(float(x), WEB_DECIMALS), round(float(y), WEB_DECIMALS)]
        if not ring or ring[-1] != point:
            ring.append(point)
    return ring


def _write_notes(folder: Path, notes: dict[str, str], area_ids: set[str]) -> None:
    if not notes:
        return
    folder.mkdir()
    for area_id in sorted(notes):
        if area_id not in area_ids:
            raise IngestError(f"notes: die Notiz zu area_id={area_id!r} gehört zu keinem Gebiet in areas.")
        text = str(notes[area_id]).strip() + "\n"
        (folder / f"{area_id}.md").write_text(text, encoding="utf-8")


def _write_extra_files(folder: Path, files: dict[str, str]) -> None:
    """Further text files that belong to the dataset (e.g. sitzungsmappen/<name>.toml), swapped in with it.

    They are not data, so they do not enter the release id.
    """
    for relative, text in sorted(files.items()):
        path = Path(relative)
        if path.is_absolute() or ".." in path.parts or not path.parts or path.parts[0] in ("web", "notes"):
            raise IngestError(f"Zusatzdatei {relative!r}: nur relative Pfade innerhalb des Datensatzes "
                              "(nicht web/ oder notes/) sind erlaubt.")
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_text(text, encoding="utf-8")


def _swap_into_place(tmp: Path, out_dir: Path) -> None:
    old = None
    if out_dir.exists():
        old = out_dir.parent / f".{out_dir.name}.old-{os.getpid()}-{secrets.token_hex(6)}"
        out_dir.rename(old)
    try:
        tmp.rename(out_dir)
    except BaseException:
        if old is not None:
            old.rename(out_dir)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _clean_stale(out_dir: Path) -> None:
    """Remove what killed imports left next to out_dir; restore out_dir if a kill hit the swap."""
    stale = []
    for kind in ("tmp", "old"):
        for folder in out_dir.parent.glob(f".{out_dir.name}.{kind}-*"):
            pid = folder.name.split("-")[1] if folder.name.count("-") >= 2 else ""
            if not (pid.isdigit() and _alive(int(pid))):
                stale.append((kind, folder))
    olds = sorted((f for kind, f in stale if kind == "old"), key=lambda f: f.stat().st_mtime)
    if olds and not out_dir.exists():
        log.warning("Ein abgebrochener Import hat %s beiseitegelegt; der bisherige Datensatz wird wiederhergestellt.", olds[-1].name)
        olds[-1].rename(out_dir)
    for _kind, folder in stale:
        if folder.exists():
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True
