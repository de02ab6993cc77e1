"""Generic ingest: a city's own files, described by one TOML file, into a dataset folder.

`python -m dashboard ingest --config stadt.toml` reads geometry (GeoJSON, Shapefile, Shapefile in a
.zip, GeoPackage; any CRS), builds the area hierarchy (parent-id column, id prefix, separate files
per level, or spatial containment), reads values from CSV or XLSX in long or wide layout (German
number formats, semicolons, cp1252) and hands everything to `build.write_dataset`, which computes
the higher levels and swaps the folder in atomically. The user documentation is docs/ingest.md.

Decisions a maintainer should know:

- Every problem in the input is an `IngestError` whose German message names the file, the row (the
  row number a spreadsheet program or text editor shows) or feature (1-based position in the
  geometry file), the column and the value. Checks that need the source location (parsing, unknown
  areas and indicators, duplicates, counts) run here; `write_dataset` repeats the semantic checks
  as a backstop.
- "–" and "-" alone mean "nichts vorhanden" (exactly 0), as in the Zeichenerklärung of the
  statistical offices; ".", "x", "•", "/", "..." mean unknown, secret or not meaningful (missing).
  The Stadtteilprofile CSV export writes "-" exactly where the XLSX has 0. Both lists are settable.
- A thousands separator is only accepted in groups of three digits: with decimal "," and
  thousands ".", "1.234" is 1234 but "12.5" is an error, never silently 125.
- Nothing is written before everything has been read and checked; the folder swap itself is
  `write_dataset`'s job.
"""
from __future__ import annotations

import datetime as dt
import logging
import re
import tomllib
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from dashboard import catalog
from dashboard.i18n import format_number
from dashboard.ingest.build import (
    ROOT_ID,
    ROOT_LEVEL,
    IngestError,
    as_id,
    is_missing,
    write_dataset,
)

log = logging.getLogger(__name__)

DEFAULT_MISSING = ("", ".", "x", "X", "•", "·", "/", "...", "…", "k. A.", "k.A.", "NA", "n/a")
DEFAULT_ZERO = ("-", "–", "—")
SPATIAL_TOLERANCE = 0.05  # share of a child's area that may lie outside its parent (digitising differences)
# The sections of an import config (docs/ingest.md); any other top-level key is a typo and an error.
SECTIONS = ("dataset", "defaults", "levels", "values", "indicator", "gazetteer", "burden_rules", "indices",
            "facilities", "kulissen", "measures", "group_sets")
DATASET_FIELDS = ("id", "title", "title_en", "city_name", "attribution", "attribution_en", "license", "license_en", "out",
                  "registry", "population_indicator", "min_population", "simplify_m", "borderline_distance")
DEFAULTS_FIELDS = ("indicator", "year", "level")
ENCODINGS = ("utf-8-sig", "cp1252", "latin-1")
_SPACES = re.compile(r"[\s\u00a0\u2007\u202f]+")
_LETTERS = re.compile(r"^[A-Z]{1,3}$")
_YEAR = re.compile(r"^(?:(?:\d{1,2}\.){2}(\d{4})|(\d{4})(?:-\d{2}-\d{2}(?:[ T].*)?)?|(\d{4})\.0)$")


# --------------------------------------------------------------------------------------------
# public API


def ingest_from_config(config_path: Path, out: Path | None = None) -> Path:
    """Read the config and the files it names, validate everything, write the dataset folder.

    out: target folder instead of [dataset] out (tests build the documented example elsewhere).
    Returns the dataset folder. Raises IngestError with a German message on any invalid input.
    """
    config_path = Path(config_path)
    if not config_path.is_file():
        raise IngestError(f"Konfigurationsdatei {config_path} nicht gefunden.")
    config = Config(config_path)
    _no_unknown(config, config.doc, set(SECTIONS), "", what="Abschnitt")
    dataset = config.table("dataset", required=True)
    _no_unknown(config, dataset, set(DATASET_FIELDS), "[dataset]")
    _no_unknown(config, config.table("defaults"), set(DEFAULTS_FIELDS), "[defaults]")
    for name in ("id", "title", "attribution", "license"):
        config.text(dataset, name, "[dataset]", required=True)
    for name in ("title_en", "attribution_en", "license_en"):
        config.text(dataset, name, "[dataset]")
    for name in ("attribution", "attribution_en"):
        if dataset.get(name) and catalog.strip_source_prefix(dataset[name]) != dataset[name]:
            log.warning("Warnung: %s, [dataset]: Feld %r beginnt mit %r; das setzt die App selbst davor. Der Anfang wird "
                        "weggelassen, damit die Fußzeile nicht „Datenquellen: Datenquellen: …“ zeigt.",
                        config.name, name, dataset[name][: len(dataset[name]) - len(catalog.strip_source_prefix(dataset[name]))].strip())
            dataset[name] = catalog.strip_source_prefix(dataset[name])
    target = Path(out) if out is not None else config.path_of(dataset, "out", "[dataset]", must_exist=False)

    levels = [LevelSpec.from_config(config, entry, number) for number, entry in enumerate(config.tables("levels"), start=1)]
    if not levels:
        raise IngestError(f"{config.name}: keine Ebene angegeben. Bitte mindestens einen Abschnitt [[levels]] eintragen.")
    if len({lv.id for lv in levels}) < len(levels) or any(lv.id == ROOT_LEVEL for lv in levels):
        raise IngestError(f"{config.name}: die Ebenen-ids müssen eindeutig sein und dürfen nicht {ROOT_LEVEL!r} heißen "
                          f"(angegeben: {', '.join(lv.id for lv in levels)}).")
    level_ids = [lv.id for lv in levels]
    indicators, registry = _registry(config, dataset, level_ids)

    areas = _read_hierarchy(levels, config)
    root_name = str(dataset.get("city_name") or dataset["title"])
    values = pd.concat(
        [_read_values(ValuesSpec.from_config(config, entry, number, level_ids), areas, registry, root_name)
         for number, entry in enumerate(config.tables("values"), start=1)] or [_empty_values()],
        ignore_index=True,
    )
    if values.empty:
        raise IngestError(f"{config.name}: keine Werte gelesen. Bitte mindestens einen Abschnitt [[values]] eintragen.")
    _check_values(values, registry)
    _warn_areas_without_values(areas, values, levels)

    meta = _meta(config, dataset, levels, values, registry)
    simplify = dataset.get("simplify_m", 8.0)
    if not isinstance(simplify, (int, float)) or simplify < 0:
        raise IngestError(f"{config.name}, [dataset]: Feld 'simplify_m' muss eine Zahl ≥ 0 sein (Wert: {simplify!r}).")
    table = gpd.GeoDataFrame(areas[["area_id", "level", "name", "parent_id"]], geometry=areas.geometry, crs=areas.crs)
    table.attrs["source"] = "Geometrien"
    long = values[["area_id", "indicator_id", "year", "value", "numerator", "denominator"]].copy()
    long.attrs["source"] = "Werte"
    gazetteer = None
    places = config.table("gazetteer")
    _no_unknown(config, places, {"file"}, "[gazetteer]")
    if places:  # optional: docs/ingest.md „Ortsverzeichnis“
        from dashboard.ingest.gazetteer import read_gazetteer_csv
        file = config.path_of(places, "file", "[gazetteer]")
        gazetteer = read_gazetteer_csv(file, file.name)
    layers: list = []  # optional parts (build.DatasetLayer): facilities, funding areas, measures
    from dashboard.ingest import facilities, kulissen
    from dashboard.ingest.layer_checks import check_unique
    facility_specs = facilities.specs_from_config(config, config.tables("facilities"), registry)
    kulisse_specs = kulissen.specs_from_config(config, config.tables("kulissen"))
    check_unique([(s.id, s.where) for s in facility_specs + kulisse_specs])  # one list „Weitere Ebenen“
    if facility_specs:  # docs/ingest.md „Einrichtungen (Punktebenen)“: points and supply ratios
        layer, rows, notes = facilities.build(facility_specs, areas, level_ids, values, f"{config.name}, [[facilities]]: ")
        facilities.add_notes(indicators, notes)
        long = pd.concat([long, rows[list(long.columns)]], ignore_index=True) if not rows.empty else long
        layers.append(layer)
        meta["facilities"] = layer.meta()
    if kulisse_specs:  # docs/ingest.md „Förderkulissen (Flächenebenen)“
        layers.append(kulissen.KulissenLayer(kulisse_specs))
        meta["kulissen"] = layers[-1].meta()
    if config.table("measures"):  # docs/ingest.md „Maßnahmen“: read now, checked against the areas by write_dataset
        from dashboard.ingest import measures
        layers.append(measures.layer_for(meta, measures.read_table(measures.spec_from_config(config, config.table("measures")))))
    else:  # measures loaded with `python -m dashboard measures` are kept (checked again against the new areas)
        from dashboard.ingest import measures
        if (kept := measures.carried_over(target)) is not None:
            layers.append(measures.layer_for(meta, kept))
    return write_dataset(target, meta, indicators, table, long, simplify_tolerance_m=float(simplify), gazetteer=gazetteer,
                         layers=layers)


# --------------------------------------------------------------------------------------------
# config access with German messages


class Config:
    """The parsed TOML plus helpers that name the config file and section in every message."""

    def __init__(self, path: Path):
        self.path = path
        self.name = path.name
        self.base = path.parent
        try:
            self.doc = tomllib.loads(path.read_text(encoding="utf-8-sig"))
        except tomllib.TOMLDecodeError as exc:
            raise IngestError(f"{self.name}: kein gültiges TOML ({exc}). Bitte Anführungszeichen und Klammern prüfen.") from None
        except UnicodeDecodeError:
            raise IngestError(f"{self.name}: die Datei ist nicht UTF-8-kodiert. Bitte als UTF-8 speichern.") from None

    def table(self, key: str, required: bool = False) -> dict:
        value = self.doc.get(key)
        if value is None and not required:
            return {}
        if not isinstance(value, dict):
            raise IngestError(f"{self.name}: Abschnitt [{key}] fehlt oder ist kein Abschnitt (Wert: {value!r}).")
        return value

    def tables(self, key: str) -> list[dict]:
        value = self.doc.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise IngestError(f"{self.name}: [[{key}]] muss eine Liste von Abschnitten sein (mit doppelten eckigen Klammern).")
        return value

    def text(self, section: dict, key: str, where: str, required: bool = False, default: str | None = None) -> str | None:
        value = section.get(key, default)
        if value is None:
            if required:
                raise IngestError(f"{self.name}, {where}: Pflichtfeld {key!r} fehlt.")
            return None
        if not isinstance(value, str) or (required and not value.strip()):
            raise IngestError(f"{self.name}, {where}: Feld {key!r} muss ein Text sein (Wert: {value!r}).")
        return value

    def path_of(self, section: dict, key: str, where: str, must_exist: bool = True) -> Path:
        text = self.text(section, key, where, required=True)
        path = (self.base / text).resolve() if not Path(text).is_absolute() else Path(text)
        if must_exist and not path.exists():
            raise IngestError(f"{self.name}, {where}: Datei {text!r} nicht gefunden (gesucht: {path}). "
                              "Pfade gelten relativ zum Ordner der Konfigurationsdatei.")
        return path


def _registry(config: Config, dataset: dict, level_ids: list[str]) -> tuple[list[dict], dict[str, catalog.Indicator]]:
    """Indicator entries from [[indicator]] in the config or from the file named by [dataset] registry.

    Entries are passed on as written, including an [indicator.en] table with English texts
    (catalog.EN_FIELDS), which catalog.load_registry checks like every other field."""
    if "registry" in dataset:
        path = config.path_of(dataset, "registry", "[dataset]")
        if config.doc.get("indicator"):
            raise IngestError(f"{config.name}: Indikatoren bitte entweder in [[indicator]] oder in der Datei {dataset['registry']!r} angeben, nicht in beiden.")
    else:
        path = config.path
    try:
        registry = catalog.load_registry(path, level_ids)
    except catalog.RegistryError as exc:
        raise IngestError(str(exc).replace(str(path), path.name)) from None
    entries = tomllib.loads(path.read_text(encoding="utf-8-sig"))["indicator"]
    return entries, registry


def _meta(config: Config, dataset: dict, levels: list[LevelSpec], values: pd.DataFrame, registry: dict) -> dict:
    defaults = dict(config.table("defaults"))
    population = dataset.get("population_indicator", "EW")
    if population not in registry:
        raise IngestError(f"{config.name}, [dataset]: population_indicator={population!r} ist kein Indikator des Registers. "
                          "Bitte die Einwohnerzahl als Indikator (aggregation = \"sum\") eintragen und hier ihre id nennen.")
    indicator = defaults.get("indicator") or population
    if indicator not in registry:
        raise IngestError(f"{config.name}, [defaults]: indicator={indicator!r} ist kein Indikator des Registers ({', '.join(registry)}).")
    years = values.loc[values["indicator_id"] == indicator, "year"]
    if "year" not in defaults and not years.empty:
        defaults["year"] = int(years.max())
    defaults.setdefault("year", int(values["year"].max()))
    defaults["indicator"] = indicator
    defaults.setdefault("level", levels[0].id)
    meta: dict[str, Any] = {
        "id": dataset["id"], "title": dataset["title"], **({"title_en": dataset["title_en"]} if dataset.get("title_en") else {}),
        "city_name": str(dataset.get("city_name") or dataset["title"]),
        "attribution": dataset["attribution"], "license": dataset["license"],
        **{name: dataset[name] for name in ("attribution_en", "license_en") if dataset.get(name)},
        "levels": [{"id": lv.id, "label_de": lv.label_de, "label_en": lv.label_en} for lv in levels],
        "defaults": {"indicator": defaults["indicator"], "year": int(defaults["year"]), "level": defaults["level"]},
        "population_indicator": population, "min_population": int(dataset.get("min_population", 300)),
    }
    if "borderline_distance" in dataset:  # Grenzfall distance for the whole dataset (checked as catalog reads it)
        try:
            meta["borderline_distance"] = catalog.borderline_distance_from(dataset["borderline_distance"], f"{config.name}, [dataset]")
        except catalog.RegistryError as exc:
            raise IngestError(str(exc)) from None
    meta.update(_methods(config, registry, population, meta["min_population"]))
    return meta


def _methods(config: Config, registry: dict[str, catalog.Indicator], population: str, min_population: int) -> dict[str, list]:
    """[[burden_rules]], [[indices]] and [[group_sets]] (docs/ingest.md „Mehrfachbelastung und Index“, „Gruppen“), checked
    here with the config's section numbers and passed on as written into dataset.toml, where catalog.load_dataset reads
    them again."""
    from dashboard.group_sets import group_set_from_toml

    out: dict[str, list] = {}
    for key, check in (("burden_rules", lambda e, w: catalog.burden_rule_from_toml(e, w, registry)),
                       ("indices", lambda e, w: catalog.index_from_toml(e, w, registry, population, min_population)),
                       ("group_sets", lambda e, w: group_set_from_toml(e, w, registry))):  # /gruppen
        entries = config.tables(key)
        ids: set[str] = set()
        for number, entry in enumerate(entries, start=1):
            where = f"{config.name}, [[{key}]] Nr. {number}" + (f" (id={entry['id']!r})" if isinstance(entry.get("id"), str) else "")
            try:
                checked = check(entry, where)
            except catalog.RegistryError as exc:
                raise IngestError(str(exc)) from None
            if checked.id in ids:
                raise IngestError(f"{where}, Feld 'id': die id {checked.id!r} kommt in [[{key}]] zweimal vor.")
            ids.add(checked.id)
        if entries:
            out[key] = [dict(entry) for entry in entries]
    if sum(1 for entry in out.get("burden_rules", []) if entry.get("official")) > 1:
        raise IngestError(f"{config.name}, [[burden_rules]]: höchstens eine Regel darf official = true haben (die Regel der Quelle).")
    return out


# --------------------------------------------------------------------------------------------
# geometry and hierarchy


@dataclass
class Combine:
    id: str
    name: str
    parts: list[str]


@dataclass
class LevelSpec:
    id: str
    label_de: str
    label_en: str
    where: str  # "ingest.toml, [[levels]] Nr. 1 (id='stadtteil')"
    file: Path | None = None
    file_label: str = ""
    layer: str | None = None
    crs: str | None = None
    encoding: str | None = None
    id_column: str | None = None
    name_column: str | None = None
    parent_column: str | None = None
    parent_prefix: int | None = None
    parent_spatial: bool = False
    exclude: list[str] = field(default_factory=list)
    combine: list[Combine] = field(default_factory=list)

    @classmethod
    def from_config(cls, config: Config, entry: dict, number: int) -> LevelSpec:
        level_id = config.text(entry, "id", f"[[levels]] Nr. {number}", required=True)
        where = f"[[levels]] Nr. {number} (id={level_id!r})"
        known = {"id", "label_de", "label_en", "file", "layer", "crs", "encoding", "id_column", "name_column",
                 "parent_column", "parent_from", "exclude", "combine"}
        _no_unknown(config, entry, known, where)
        spec = cls(id=level_id, label_de=config.text(entry, "label_de", where, default=level_id),
                   label_en=config.text(entry, "label_en", where) or config.text(entry, "label_de", where, default=level_id),
                   where=f"{config.name}, {where}")
        if "file" in entry:
            spec.file = config.path_of(entry, "file", where)
            spec.file_label = spec.file.name
        spec.layer = config.text(entry, "layer", where)
        spec.crs = config.text(entry, "crs", where)
        spec.encoding = config.text(entry, "encoding", where)
        spec.id_column = config.text(entry, "id_column", where)
        spec.name_column = config.text(entry, "name_column", where)
        spec.parent_column = config.text(entry, "parent_column", where)
        parent_from = config.text(entry, "parent_from", where)
        if parent_from and spec.parent_column:
            raise IngestError(f"{spec.where}: bitte entweder 'parent_column' oder 'parent_from' angeben, nicht beides.")
        if parent_from:
            match = re.fullmatch(r"id_prefix:(\d+)", parent_from.strip())
            if match and int(match.group(1)) > 0:
                spec.parent_prefix = int(match.group(1))
            elif parent_from.strip() == "spatial":
                spec.parent_spatial = True
            else:
                raise IngestError(f"{spec.where}: Feld 'parent_from' hat den Wert {parent_from!r}; erlaubt sind "
                                  "\"id_prefix:N\" (die ersten N Zeichen der id) oder \"spatial\" (räumliche Lage).")
        exclude = entry.get("exclude", [])
        if not isinstance(exclude, list):
            raise IngestError(f"{spec.where}: Feld 'exclude' muss eine Liste von ids sein (Wert: {exclude!r}).")
        spec.exclude = [as_id(v) for v in exclude]
        for n, item in enumerate(entry.get("combine", []), start=1):
            cwhere = f"{where}, [[levels.combine]] Nr. {n}"
            if not isinstance(item, dict):
                raise IngestError(f"{config.name}, {cwhere}: erwartet wird ein Abschnitt mit id, name, areas (Wert: {item!r}).")
            _no_unknown(config, item, {"id", "name", "areas"}, cwhere)
            parts = item.get("areas")
            if not isinstance(parts, list) or len(parts) < 2:
                raise IngestError(f"{config.name}, {cwhere}: Feld 'areas' muss mindestens zwei ids nennen (Wert: {parts!r}).")
            spec.combine.append(Combine(config.text(item, "id", cwhere, required=True),
                                        config.text(item, "name", cwhere, required=True), [as_id(p) for p in parts]))
        if spec.file is None and not spec.id_column and spec.parent_prefix is None and number == 1:
            raise IngestError(f"{spec.where}: die kleinste Ebene braucht eine Geometriedatei (Feld 'file').")
        if spec.file is not None and not spec.id_column:
            raise IngestError(f"{spec.where}: Feld 'id_column' fehlt (die Spalte mit der Kennung jedes Gebiets).")
        return spec


def _no_unknown(config: Config, entry: dict, known: set[str], where: str, what: str = "Feld") -> None:
    """Every table of the config is checked: a typo ('simplfy_m') is an error with "Meinten Sie 'simplify_m'?"
    (catalog.unknown_key_problem, the one wording also used for the registry), never silently ignored."""
    catalog.check_known_keys(entry, known, f"{config.name}, {where}" if where else config.name, IngestError, what)


def _read_hierarchy(levels: list[LevelSpec], config: Config) -> gpd.GeoDataFrame:
    """Every area of every level in EPSG:4326 (area_id, level, name, parent_id, geometry, origin)."""
    tables: list[gpd.GeoDataFrame] = []
    below: gpd.GeoDataFrame | None = None
    below_spec: LevelSpec | None = None
    for number, spec in enumerate(levels):
        if spec.file is not None:
            table = _read_level_file(spec)
        else:
            table = _derive_level(spec, below, below_spec)
        table = _apply_exclude_and_combine(spec, table)
        tables.append(table)
        below, below_spec = table, spec

    _check_levels_overlap(tables, levels)
    for i, spec in enumerate(levels):
        table = tables[i]
        if i == len(levels) - 1:
            table["parent_id"] = None
            continue
        upper, upper_spec = tables[i + 1], levels[i + 1]
        if spec.parent_spatial:
            if upper_spec.file is None:
                raise IngestError(f"{spec.where}: 'parent_from = \"spatial\"' braucht für die Ebene {upper_spec.id!r} eine Geometriedatei.")
            table["parent_id"] = _spatial_parents(table, upper, spec, upper_spec)
        elif spec.parent_column is None and spec.parent_prefix is None:
            raise IngestError(f"{spec.where}: es fehlt die Angabe, zu welchem Gebiet der Ebene {upper_spec.id!r} jedes Gebiet gehört. "
                              "Bitte 'parent_column' (Spalte mit der übergeordneten id), 'parent_from = \"id_prefix:N\"' "
                              "oder 'parent_from = \"spatial\"' eintragen.")
        _check_parents(table, upper, spec, upper_spec)
        if upper_spec.file is not None and not spec.parent_spatial:
            _check_within_parents(table, upper, spec, upper_spec)

    crs = tables[0].crs
    out = pd.concat([t.to_crs(crs) for t in tables], ignore_index=True)
    return gpd.GeoDataFrame(out, geometry="geometry", crs=crs).to_crs("EPSG:4326")


def _read_level_file(spec: LevelSpec) -> gpd.GeoDataFrame:
    frame = _read_geometry_file(spec)
    label = spec.file_label
    _require_columns(frame, [spec.id_column, spec.name_column, spec.parent_column], label, "Geometriedatei")
    ids = [as_id(v) for v in frame[spec.id_column]]
    where = [f"{label}, Objekt {n}" for n in range(1, len(frame) + 1)]
    seen: dict[str, int] = {}
    for n, area_id in enumerate(ids, start=1):
        if area_id is None:
            raise IngestError(f"{label}, Objekt {n}: Spalte {spec.id_column!r} ist leer (Wert: {frame[spec.id_column].iloc[n - 1]!r}). Jedes Gebiet braucht eine Kennung.")
        if area_id in seen:
            parent_note = ""
            if spec.parent_column:
                a, b = frame[spec.parent_column].iloc[seen[area_id] - 1], frame[spec.parent_column].iloc[n - 1]
                if as_id(a) != as_id(b):
                    parent_note = f" mit einem anderen übergeordneten Gebiet (Spalte {spec.parent_column!r}: {as_id(a)!r} und {as_id(b)!r}), das Gebiet hätte also zwei übergeordnete Gebiete"
            raise IngestError(f"{label}, Objekt {n}: Spalte {spec.id_column!r} hat den Wert {area_id!r}, der schon bei Objekt {seen[area_id]} vorkommt{parent_note}. "
                              "Kennungen müssen eindeutig sein; Teilflächen eines Gebiets bitte vorher zu einem Objekt zusammenfassen.")
        seen[area_id] = n
    if spec.name_column:
        names = [None if is_missing(v) else str(v).strip() for v in frame[spec.name_column]]
        for n, name in enumerate(names, start=1):
            if not name:
                raise IngestError(f"{label}, Objekt {n} (id={ids[n - 1]!r}): Spalte {spec.name_column!r} ist leer. Jedes Gebiet braucht einen Namen.")
    else:
        names = [f"{spec.label_de} {i}" for i in ids]
    _check_area_of_use(frame, spec, [f"{where[n]} (id={ids[n]!r})" for n in range(len(frame))])
    geoms = [_checked_geometry(g, f"{where[n]} (id={ids[n]!r})") for n, g in enumerate(frame.geometry)]
    table = gpd.GeoDataFrame({"area_id": ids, "level": spec.id, "name": names, "origin": where}, geometry=geoms, crs=frame.crs)
    table = pd.concat([table, frame.drop(columns=frame.geometry.name).reset_index(drop=True).add_prefix("col:")], axis=1)
    table = gpd.GeoDataFrame(table, geometry="geometry", crs=frame.crs)
    table["parent_id"] = _parent_keys(table, spec)
    return table


def _read_geometry_file(spec: LevelSpec) -> gpd.GeoDataFrame:
    frame = read_geometry(spec.file, spec.file_label, spec.where, f"der Ebene {spec.id!r}", layer=spec.layer, crs=spec.crs,
                          encoding=spec.encoding)
    spec.file_label = frame.attrs["label"]
    return frame


def read_geometry(path: Path, label: str, where: str, owner: str, layer: str | None = None, crs: str | None = None,
                  encoding: str | None = None, kind: str = "Geometriedatei") -> gpd.GeoDataFrame:
    """The one reader of geometry files (levels, Förderkulissen, facility points): GeoJSON, Shapefile (also in a
    ZIP, `layer` picks the member), GeoPackage (`layer` picks the layer; several layers without it are an error), with
    its CRS or `crs` for a file without one. label: the file's name in messages (frame.attrs["label"] gets the ZIP
    member added); where: the config section ("stadt.toml, [[levels]] Nr. 1 (id='x')", may be empty for the built-in
    imports); owner: what the section describes, for the hint where to enter a missing CRS ("der Ebene 'x'")."""
    source = str(path)
    kwargs: dict[str, Any] = {}
    if encoding:
        kwargs["encoding"] = encoding
    suffix = path.suffix.lower()
    if suffix == ".zip":
        try:
            with zipfile.ZipFile(path) as archive:
                members = [m for m in archive.namelist() if m.lower().endswith((".shp", ".gpkg", ".geojson", ".json")) and not m.startswith("__MACOSX")]
        except zipfile.BadZipFile:
            raise IngestError(f"{label}: keine gültige ZIP-Datei. Bitte die Datei neu herunterladen oder entpacken und die .shp angeben.") from None
        if layer:
            chosen = [m for m in members if m == layer or Path(m).name == layer or Path(m).stem == layer]
        else:
            chosen = members
        if len(chosen) != 1:
            raise IngestError(f"{label}: {'keine' if not chosen else 'mehrere'} passende Geometriedatei(en) im ZIP "
                              f"(gefunden: {', '.join(members) or 'keine'}). Bitte mit 'layer' die gemeinte Datei nennen.")
        source = f"/vsizip/{path}/{chosen[0]}"
        label = f"{label}!{chosen[0]}"
    elif suffix == ".gpkg":
        import pyogrio

        try:
            layers = [str(name) for name, _ in pyogrio.list_layers(path)]
        except Exception as exc:  # noqa: BLE001 - pyogrio's own error types for unreadable files
            raise IngestError(f"{label}: {kind} lässt sich nicht lesen ({exc}). Unterstützt: GeoJSON, Shapefile (auch im ZIP), GeoPackage.") from None
        if layer:
            if layer not in layers:
                raise IngestError(f"{label}: Ebene (layer) {layer!r} gibt es nicht (vorhanden: {', '.join(layers)}).")
            kwargs["layer"] = layer
        elif len(layers) > 1:
            raise IngestError(f"{label}: die GeoPackage-Datei hat mehrere Layer ({', '.join(layers)}). Bitte mit 'layer' einen nennen.")
    elif layer:
        kwargs["layer"] = layer
    try:
        frame = gpd.read_file(source, **kwargs)
    except Exception as exc:  # pyogrio raises its own error types for unreadable files
        raise IngestError(f"{label}: {kind} lässt sich nicht lesen ({exc}). Unterstützt: GeoJSON, Shapefile (auch im ZIP), GeoPackage.") from None
    if frame.empty:
        raise IngestError(f"{label}: die {kind} enthält keine Objekte.")
    if frame.crs is None:
        if not crs:
            place = f"in {where.split(',')[0]} " if where else ""
            raise IngestError(f"{label}: kein Koordinatenbezugssystem (CRS) angegeben (bei Shapefiles fehlt die .prj-Datei). "
                              f"Bitte {place}bei {owner} eintragen, z. B. crs = \"EPSG:25832\".")
        try:
            frame = frame.set_crs(crs)
            frame.attrs["crs_from_config"] = True
        except Exception:
            raise IngestError(f"{where or label}: Feld 'crs' hat den Wert {crs!r}, das ist kein bekanntes Koordinatenbezugssystem (z. B. \"EPSG:25832\").") from None
    elif crs:
        log.info("%s: CRS der Datei (%s) wird verwendet, die Angabe crs = %r gilt nur für Dateien ohne CRS.", label, frame.crs, crs)
    frame.attrs["label"] = label
    return frame


AREA_OF_USE_MARGIN_DEG = 3.0  # data beyond a CRS's official area of use is common (EPSG:25832 for all of Germany)


def _coordinate(value: float) -> str:
    return f"{value:.0f}" if abs(value) >= 1000 else f"{value:.6f}".rstrip("0").rstrip(".")


def _check_area_of_use(frame: gpd.GeoDataFrame, spec: Any, where: list[str]) -> None:
    """spec: anything with `crs` (the config's, or None) and `where` (the config section) – a level, a Kulisse, a
    facility layer. Coordinates must lie in (or near) the area of use of the declared CRS, before anything is transformed: metres
    read as degrees (`crs = "EPSG:4326"` for projected data, a GeoJSON without its crs member) or one projection
    taken for another would otherwise become inf or land in the Atlantic, far from the other levels."""
    import pyproj

    crs = pyproj.CRS.from_user_input(frame.crs)
    use = crs.area_of_use
    if use is None:
        return
    m = AREA_OF_USE_MARGIN_DEG
    west, south, east, north = max(use.west - m, -180.0), max(use.south - m, -90.0), min(use.east + m, 180.0), min(use.north + m, 90.0)
    if crs.is_geographic:
        box = (west, south, east, north)
    else:
        try:
            box = pyproj.Transformer.from_crs("EPSG:4326", crs, always_xy=True).transform_bounds(west, south, east, north, densify_pts=51)
        except pyproj.exceptions.ProjError:
            return
        if not all(np.isfinite(box)):
            return
    bounds = frame.geometry.bounds.to_numpy()
    with np.errstate(invalid="ignore"):
        outside = ~(np.isfinite(bounds).all(axis=1) & (bounds[:, 0] >= box[0]) & (bounds[:, 1] >= box[1])
                    & (bounds[:, 2] <= box[2]) & (bounds[:, 3] <= box[3]))
    empty = frame.geometry.isna().to_numpy() | frame.geometry.is_empty.to_numpy()
    outside &= ~empty  # an empty geometry gets its own message (_checked_geometry)
    if not outside.any():
        return
    n = int(np.flatnonzero(outside)[0])
    x, y = bounds[n, 0], bounds[n, 1]
    declared = f"{crs.to_string()} ({crs.name})"
    source = (f"aus Feld 'crs' in {spec.where.split(', ', 1)[-1]}" if spec.crs and frame.attrs.get("crs_from_config")
              else "aus der Datei; eine GeoJSON-Datei ohne Angabe gilt als EPSG:4326")
    hint = (" Koordinaten in Metern wie diese gehören zu einem projizierten System (z. B. EPSG:25832 oder EPSG:25833)."
            if crs.is_geographic and max(abs(x), abs(y)) > 360 else "")
    count = int(outside.sum())
    raise IngestError(
        f"{where[n]}, Spalte 'geometry': die Koordinaten ({_coordinate(x)}, {_coordinate(y)}) liegen außerhalb des "
        f"Gültigkeitsbereichs des angegebenen Koordinatenbezugssystems {declared} ({source}); es gilt für Länge "
        f"{_coordinate(use.west)} bis {_coordinate(use.east)} und Breite {_coordinate(use.south)} bis {_coordinate(use.north)} Grad."
        f"{f' Betroffen sind {count} Objekte.' if count > 1 else ''}{hint} Bitte das richtige CRS angeben "
        "(bei Shapefiles steht es in der .prj-Datei, sonst Feld 'crs' bei der Ebene).")


def _check_levels_overlap(tables: list[gpd.GeoDataFrame], levels: list[LevelSpec]) -> None:
    """Every level with its own file must lie where the smallest level lies: a level whose extent does not even
    overlap (in WGS84) was almost always given the wrong CRS."""
    def extent(table: gpd.GeoDataFrame) -> np.ndarray:
        return table.to_crs("EPSG:4326").total_bounds

    base = extent(tables[0])
    for table, spec in zip(tables[1:], levels[1:]):
        if spec.file is None:
            continue
        other = extent(table)
        if other[0] > base[2] or other[2] < base[0] or other[1] > base[3] or other[3] < base[1]:
            def shown(b: np.ndarray) -> str:
                return f"Länge {b[0]:.3f} bis {b[2]:.3f}, Breite {b[1]:.3f} bis {b[3]:.3f}"
            raise IngestError(f"{spec.where} ({spec.file_label}): die Gebiete der Ebene {spec.id!r} liegen nicht dort, wo die der "
                              f"Ebene {levels[0].id!r} ({levels[0].file_label or 'abgeleitet'}) liegen: {shown(other)} gegenüber "
                              f"{shown(base)} (WGS84). Meist ist das Koordinatenbezugssystem einer der beiden Dateien falsch "
                              "angegeben (Feld 'crs' oder .prj-Datei).")


def _check_within_parents(table: gpd.GeoDataFrame, upper: gpd.GeoDataFrame, spec: LevelSpec, upper_spec: LevelSpec) -> None:
    """A child assigned to a parent (parent_column or id prefix) must lie inside it, up to SPATIAL_TOLERANCE of its
    area (the tolerance of parent_from = "spatial"): otherwise the assignment or a level's CRS is wrong."""
    metric = table.estimate_utm_crs()
    children, parents = table.to_crs(metric), upper.to_crs(metric).set_index("area_id")
    column = spec.parent_column or "id (Präfix)"
    for rec, geom in zip(children.itertuples(), children.geometry):
        parent = parents.loc[rec.parent_id]
        area = geom.area
        if not area:
            continue
        outside = 1 - shapely.intersection(geom, parent.geometry).area / area
        if outside > SPATIAL_TOLERANCE:
            percent = round(outside * 100, 1)  # one decimal where it has one: 5.4 % must not read as the allowed 5 %
            shown = format_number(percent, 0 if percent.is_integer() else 1)
            raise IngestError(
                f"{rec.origin} (id={rec.area_id!r}) liegt zu {shown} % außerhalb seines übergeordneten Gebiets {parent['name']!r} "
                f"(id={rec.parent_id!r}, {parent['origin']}), dem es über Spalte {column!r} zugeordnet ist. Erlaubt sind höchstens "
                f"{SPATIAL_TOLERANCE * 100:.0f} % (unterschiedlich digitalisierte Grenzen). Bitte die Zuordnung prüfen – oder das "
                f"Koordinatenbezugssystem beider Dateien, wenn viele Gebiete betroffen sind.")


def _require_columns(frame: pd.DataFrame, columns: list[str | None], label: str, kind: str) -> None:
    present = [str(c) for c in frame.columns if c != frame.geometry.name]
    for column in columns:
        if column and column not in frame.columns:
            raise IngestError(f"{label}: Spalte {column!r} fehlt in der {kind} (vorhanden: {', '.join(present)})."
                              f"{catalog.did_you_mean(column, present)}")


def _checked_geometry(geom: Any, where: str) -> Any:
    """Polygonal and valid; an invalid polygon is repaired with make_valid when the result is still polygonal."""
    if geom is None or geom.is_empty:
        shown = None if geom is None else geom.wkt
        raise IngestError(f"{where}, Spalte 'geometry': die Geometrie ist leer (Wert: {shown!r}). Jedes Gebiet braucht eine Fläche; "
                          "bitte das Objekt im GIS prüfen oder entfernen.")
    if geom.geom_type not in ("Polygon", "MultiPolygon"):
        raise IngestError(f"{where}, Spalte 'geometry': die Geometrie hat den Typ {geom.geom_type!r}; erwartet wird eine Fläche (Polygon oder MultiPolygon).")
    if geom.is_valid:
        return geom
    reason = shapely.is_valid_reason(geom)
    parts = [p for p in shapely.get_parts(shapely.make_valid(geom)) if p.geom_type in ("Polygon", "MultiPolygon") and not p.is_empty]
    if not parts:
        raise IngestError(f"{where}, Spalte 'geometry': die Geometrie ist ungültig ({reason}) und lässt sich nicht zu einer Fläche reparieren. Bitte im GIS korrigieren.")
    log.warning("%s, Spalte 'geometry': ungültige Geometrie (%s) wurde repariert (make_valid). Bitte das Ergebnis auf der Karte prüfen.", where, reason)
    return parts[0] if len(parts) == 1 else shapely.union_all(parts)


def _parent_keys(table: pd.DataFrame, spec: LevelSpec) -> list[str | None]:
    if spec.parent_column:
        return [as_id(v) for v in table[f"col:{spec.parent_column}"]]
    if spec.parent_prefix:
        return [a[: spec.parent_prefix] if len(a) > spec.parent_prefix else None for a in table["area_id"]]
    return [None] * len(table)


def _derive_level(spec: LevelSpec, below: gpd.GeoDataFrame | None, below_spec: LevelSpec | None) -> gpd.GeoDataFrame:
    """A level without its own file: ids are the parent ids of the level below, geometry their union."""
    assert below is not None and below_spec is not None
    if below_spec.parent_spatial:
        raise IngestError(f"{spec.where}: ohne Geometriedatei kann die Ebene darunter nicht 'parent_from = \"spatial\"' nutzen.")
    if below_spec.parent_column is None and below_spec.parent_prefix is None:
        raise IngestError(f"{spec.where}: ohne eigene Geometriedatei braucht die Ebene {below_spec.id!r} 'parent_column' oder 'parent_from = \"id_prefix:N\"'.")
    column = below_spec.parent_column or "id (Präfix)"
    for rec in below.itertuples():
        if rec.parent_id is None:
            raise IngestError(f"{rec.origin} (id={rec.area_id!r}): Spalte {column!r} ist leer – das Gebiet hat kein übergeordnetes Gebiet der Ebene {spec.id!r}.")
    for name in (spec.name_column, spec.parent_column):
        if name and f"col:{name}" not in below.columns:
            present = [c[4:] for c in below.columns if c.startswith("col:")]
            raise IngestError(f"{spec.where}: Spalte {name!r} fehlt in der Datei der Ebene {below_spec.id!r} (vorhanden: {', '.join(present)}).")
    rows = []
    for parent_id, group in below.groupby("parent_id", sort=True):
        first = group.iloc[0]
        for name, what in ((spec.name_column, "Namen"), (spec.parent_column, "übergeordnete Gebiete")):
            if not name:
                continue
            distinct = {as_id(v) if what != "Namen" else (None if is_missing(v) else str(v).strip()) for v in group[f"col:{name}"]}
            if len(distinct) > 1:
                other = group[group[f"col:{name}"].map(lambda v: str(v).strip()) != str(first[f"col:{name}"]).strip()].iloc[0]
                problem = "zwei übergeordnete Gebiete" if what != "Namen" else "zwei verschiedene Namen"
                raise IngestError(
                    f"{other['origin']} (id={other['area_id']!r}): Spalte {name!r} hat den Wert {other[f'col:{name}']!r}, "
                    f"bei {first['origin']} steht für dasselbe Gebiet {parent_id!r} der Ebene {spec.id!r} aber {first[f'col:{name}']!r}. "
                    f"Das Gebiet {parent_id!r} hätte damit {problem}; bitte die Zuordnung vereinheitlichen.")
        row = {"area_id": parent_id, "level": spec.id,
               "name": str(first[f"col:{spec.name_column}"]).strip() if spec.name_column else f"{spec.label_de} {parent_id}",
               "origin": f"Ebene {spec.id!r} (abgeleitet aus {first['origin'].split(',')[0]})",
               "geometry": shapely.union_all(group.geometry.to_numpy())}
        for column in below.columns:
            if column.startswith("col:"):
                row[column] = first[column]
        rows.append(row)
    table = gpd.GeoDataFrame(rows, geometry="geometry", crs=below.crs)
    table["parent_id"] = _parent_keys(table, spec)
    return table


def _apply_exclude_and_combine(spec: LevelSpec, table: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    known = set(table["area_id"])
    for area_id in spec.exclude:
        if area_id not in known:
            raise IngestError(f"{spec.where}: Feld 'exclude' nennt die id {area_id!r}, die es in der Ebene nicht gibt.")
    if spec.exclude:
        log.info("Ebene %s: %d Gebiete laut 'exclude' ausgelassen: %s", spec.id, len(spec.exclude), ", ".join(spec.exclude))
    table = table[~table["area_id"].isin(spec.exclude)]
    for combine in spec.combine:
        missing = [p for p in combine.parts if p not in set(table["area_id"])]
        if missing:
            raise IngestError(f"{spec.where}, combine {combine.id!r}: die id {missing[0]!r} gibt es in der Ebene nicht (oder sie ist schon vergeben).")
        parts = table[table["area_id"].isin(combine.parts)]
        parents = list(dict.fromkeys(parts["parent_id"]))
        if len(parents) > 1:
            raise IngestError(f"{spec.where}, combine {combine.id!r}: die Teile gehören zu verschiedenen übergeordneten Gebieten "
                              f"({', '.join(map(repr, parents))}); das zusammengefasste Gebiet hätte zwei übergeordnete Gebiete.")
        row = parts.iloc[[0]].copy()
        row["area_id"], row["name"] = combine.id, combine.name
        row["origin"] = f"{spec.where}, combine {combine.id!r}"
        row["geometry"] = [shapely.union_all(parts.geometry.to_numpy())]
        table = pd.concat([table[~table["area_id"].isin(combine.parts)], row], ignore_index=True)
    if spec.combine and table["area_id"].duplicated().any():
        dup = table.loc[table["area_id"].duplicated(), "area_id"].iloc[0]
        raise IngestError(f"{spec.where}: die id {dup!r} aus 'combine' gibt es in der Ebene schon. Bitte eine andere id wählen.")
    return gpd.GeoDataFrame(table, geometry="geometry", crs=table.crs).reset_index(drop=True)


def _spatial_parents(table: gpd.GeoDataFrame, upper: gpd.GeoDataFrame, spec: LevelSpec, upper_spec: LevelSpec) -> list[str | None]:
    """The parent that covers the child; more than SPATIAL_TOLERANCE of the child outside means no/two parents."""
    metric = table.estimate_utm_crs()
    children, parents = table.to_crs(metric), upper.to_crs(metric)
    tree = shapely.STRtree(parents.geometry.to_numpy())
    out: list[str | None] = []
    for rec, geom in zip(children.itertuples(), children.geometry):
        area = geom.area
        shares = []
        for j in tree.query(geom):
            share = shapely.intersection(geom, parents.geometry.iloc[j]).area / area if area else 0.0
            if share > SPATIAL_TOLERANCE:
                shares.append((share, parents["area_id"].iloc[j]))
        shares.sort(reverse=True)
        where = f"{rec.origin} (id={rec.area_id!r})"
        if not shares:
            raise IngestError(f"{where}: das Gebiet liegt in keinem Gebiet der Ebene {upper_spec.id!r} ({upper_spec.file_label}); "
                              "es hat also kein übergeordnetes Gebiet. Bitte Koordinatensysteme und Grenzen prüfen oder 'parent_column' verwenden.")
        if len(shares) > 1:
            listing = " und ".join(f"{pid!r} ({share * 100:.0f} % der Fläche)" for share, pid in shares[:2])
            raise IngestError(f"{where}: das Gebiet liegt in zwei Gebieten der Ebene {upper_spec.id!r}: {listing}; es hätte also zwei "
                              f"übergeordnete Gebiete. Toleranz: höchstens {SPATIAL_TOLERANCE * 100:.0f} % der Fläche dürfen außerhalb liegen. "
                              "Bitte Grenzen angleichen oder die Zuordnung mit 'parent_column' angeben.")
        out.append(shares[0][1])
    return out


def _check_parents(table: gpd.GeoDataFrame, upper: gpd.GeoDataFrame, spec: LevelSpec, upper_spec: LevelSpec) -> None:
    upper_ids = set(upper["area_id"])
    column = spec.parent_column or ("id (Präfix)" if spec.parent_prefix else "Lage")
    for rec in table.itertuples():
        where = f"{rec.origin} (id={rec.area_id!r})"
        if rec.parent_id is None:
            raise IngestError(f"{where}: Spalte {column!r} ist leer – das Gebiet hat kein übergeordnetes Gebiet der Ebene {upper_spec.id!r}. "
                              "Bitte die Zuordnung ergänzen oder das Gebiet mit 'exclude' auslassen.")
        if rec.parent_id not in upper_ids:
            raise IngestError(f"{where}: Spalte {column!r} hat den Wert {rec.parent_id!r}, den es in der Ebene {upper_spec.id!r} "
                              f"({upper_spec.file_label or 'abgeleitet'}) nicht gibt – das Gebiet hat kein übergeordnetes Gebiet. "
                              "Bitte Schreibweise und führende Nullen prüfen.")


# --------------------------------------------------------------------------------------------
# values


@dataclass
class ColumnMap:
    indicator: str
    value: str | None = None
    numerator: str | None = None
    denominator: str | None = None
    year: int | None = None


@dataclass
class ValuesSpec:
    where: str
    file: Path
    label: str
    format: str
    level: str
    match: str
    sheet: str | None
    separator: str
    encoding: str
    decimal: str
    thousands: str
    missing: tuple[str, ...]
    zero: tuple[str, ...]
    header_row: int
    first_row: int | None
    last_row: int | None
    area_column: str
    year: int | None
    year_column: str | None
    indicator_column: str | None = None
    value_column: str | None = None
    numerator_column: str | None = None
    denominator_column: str | None = None
    indicator_names: dict[str, str] = field(default_factory=dict)
    columns: list[ColumnMap] = field(default_factory=list)

    @classmethod
    def from_config(cls, config: Config, entry: dict, number: int, level_ids: list[str]) -> ValuesSpec:
        where = f"[[values]] Nr. {number}"
        known = {"file", "format", "level", "match", "sheet", "separator", "encoding", "decimal", "thousands",
                 "missing_markers", "zero_markers", "header_row", "first_row", "last_row", "area_column", "year",
                 "year_column", "indicator_column", "value_column", "numerator_column", "denominator_column",
                 "indicator_names", "columns"}
        _no_unknown(config, entry, known, where)
        path = config.path_of(entry, "file", where)
        full = f"{config.name}, {where} ({path.name})"
        fmt = config.text(entry, "format", where, default="long")
        if fmt not in ("long", "wide"):
            raise IngestError(f"{full}: Feld 'format' hat den Wert {fmt!r}; erlaubt: \"long\" oder \"wide\".")
        level = config.text(entry, "level", where, default=level_ids[0])
        if level not in level_ids + [ROOT_LEVEL]:
            raise IngestError(f"{full}: Feld 'level' hat den Wert {level!r}; erlaubt: {', '.join(level_ids + [ROOT_LEVEL])}.")
        match = config.text(entry, "match", where, default="id")
        if match not in ("id", "name"):
            raise IngestError(f"{full}: Feld 'match' hat den Wert {match!r}; erlaubt: \"id\" oder \"name\".")
        ints = {}
        for key in ("header_row", "first_row", "last_row", "year"):
            value = entry.get(key)
            if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
                raise IngestError(f"{full}: Feld {key!r} muss eine ganze Zahl ≥ 1 sein (Wert: {value!r}).")
            ints[key] = value
        for key in ("missing_markers", "zero_markers"):
            value = entry.get(key)
            if value is not None and (not isinstance(value, list) or not all(isinstance(v, str) for v in value)):
                raise IngestError(f"{full}: Feld {key!r} muss eine Liste von Texten sein (Wert: {value!r}).")
        spec = cls(
            where=full, file=path, label=path.name, format=fmt, level=level, match=match,
            sheet=config.text(entry, "sheet", where), separator=config.text(entry, "separator", where, default="auto"),
            encoding=config.text(entry, "encoding", where, default="auto"),
            decimal=config.text(entry, "decimal", where, default=","), thousands=config.text(entry, "thousands", where, default=""),
            missing=tuple(entry.get("missing_markers", DEFAULT_MISSING)), zero=tuple(entry.get("zero_markers", DEFAULT_ZERO)),
            header_row=ints["header_row"] or 1, first_row=ints["first_row"], last_row=ints["last_row"],
            area_column=config.text(entry, "area_column", where, required=True), year=ints["year"],
            year_column=config.text(entry, "year_column", where),
        )
        if "thousands" not in entry:
            spec.thousands = "." if spec.decimal == "," else ","
        if spec.decimal not in (",", ".") or spec.thousands not in ("", ".", ",", " ", "'") or spec.decimal == spec.thousands:
            raise IngestError(f"{full}: 'decimal' ({spec.decimal!r}) muss \",\" oder \".\" sein und sich von 'thousands' ({spec.thousands!r}) unterscheiden.")
        if spec.year is None and spec.year_column is None and fmt == "long":
            raise IngestError(f"{full}: bitte 'year_column' (Spalte mit dem Jahr) oder 'year' (ein festes Jahr) angeben.")
        if fmt == "long":
            spec.indicator_column = config.text(entry, "indicator_column", where, required=True)
            spec.value_column = config.text(entry, "value_column", where)
            spec.numerator_column = config.text(entry, "numerator_column", where)
            spec.denominator_column = config.text(entry, "denominator_column", where)
            if not (spec.value_column or (spec.numerator_column and spec.denominator_column)):
                raise IngestError(f"{full}: bitte 'value_column' oder 'numerator_column' und 'denominator_column' angeben.")
            names = entry.get("indicator_names", {})
            if not isinstance(names, dict):
                raise IngestError(f"{full}: [values.indicator_names] muss eine Zuordnung \"Text in der Datei\" = \"id\" sein.")
            spec.indicator_names = {str(k).strip(): str(v) for k, v in names.items()}
        else:
            columns = entry.get("columns")
            if isinstance(columns, dict):
                spec.columns = [ColumnMap(indicator=str(ind), value=str(col)) for col, ind in columns.items()]
            elif isinstance(columns, list):
                for n, item in enumerate(columns, start=1):
                    cwhere = f"{where}, [[values.columns]] Nr. {n}"
                    if not isinstance(item, dict):
                        raise IngestError(f"{config.name}, {cwhere}: erwartet wird ein Abschnitt mit indicator, value, numerator, denominator.")
                    _no_unknown(config, item, {"indicator", "value", "numerator", "denominator", "year"}, cwhere)
                    mapping = ColumnMap(indicator=config.text(item, "indicator", cwhere, required=True),
                                        value=config.text(item, "value", cwhere), numerator=config.text(item, "numerator", cwhere),
                                        denominator=config.text(item, "denominator", cwhere), year=item.get("year"))
                    if not (mapping.value or (mapping.numerator and mapping.denominator)):
                        raise IngestError(f"{config.name}, {cwhere}: bitte 'value' oder 'numerator' und 'denominator' angeben (Spaltenüberschriften).")
                    if mapping.year is not None and (not isinstance(mapping.year, int) or isinstance(mapping.year, bool)):
                        raise IngestError(f"{config.name}, {cwhere}: Feld 'year' muss eine Jahreszahl sein (Wert: {mapping.year!r}).")
                    spec.columns.append(mapping)
            if not spec.columns:
                raise IngestError(f"{full}: im Format \"wide\" fehlt die Zuordnung der Spalten zu Indikatoren "
                                  "([values.columns] \"Spaltenüberschrift\" = \"id\" oder [[values.columns]]).")
            if spec.year is None and spec.year_column is None and any(c.year is None for c in spec.columns):
                raise IngestError(f"{full}: bitte 'year' (ein festes Jahr) oder 'year_column' angeben.")
        return spec


def _empty_values() -> pd.DataFrame:
    return pd.DataFrame(columns=["area_id", "indicator_id", "year", "value", "numerator", "denominator", "_origin"])


@dataclass
class Table:
    """Cells of a CSV or sheet as read, with the row number a spreadsheet program shows."""

    label: str
    header: list[str]
    rows: list[list[Any]]
    numbers: list[int]
    header_row: int

    def column(self, name: str, what: str, where: str, casefold: bool = False) -> int:
        """The index of the column headed `name` (casefold: ignoring case, as the measures table) or given by its
        letter; a heading that appears twice or is missing is an error naming `what` and the setting `where`."""
        wanted = _norm_header(name)
        fold = str.casefold if casefold else str
        hits = [i for i, h in enumerate(self.header) if fold(h) == fold(wanted)]
        if len(hits) > 1:
            raise IngestError(f"{self.label}: die Spaltenüberschrift {name!r} ({what}) kommt in Zeile {self.header_row} mehrfach vor. "
                              "Bitte die Spalte mit ihrem Buchstaben (z. B. \"C\") angeben.")
        if hits:
            return hits[0]
        if _LETTERS.match(name.strip()):
            index = _letter_index(name.strip())
            if index < len(self.header):
                return index
        hint = catalog.did_you_mean(wanted, self.header)
        raise IngestError(f"{self.label}: Spalte {name!r} ({what}, aus {where}) fehlt in Zeile {self.header_row} "
                          f"(vorhanden: {', '.join(repr(h) for h in self.header[:12])}{' …' if len(self.header) > 12 else ''}).{hint}")


def _norm_header(value: Any) -> str:
    return "" if is_missing(value) else _SPACES.sub(" ", str(value)).strip()


def _letter_index(letters: str) -> int:
    index = 0
    for char in letters:
        index = index * 26 + (ord(char) - 64)
    return index - 1


def _letters(index: int) -> str:
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out


def _read_table(spec: ValuesSpec) -> Table:
    suffix = spec.file.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        cells, label = _read_xlsx(spec)
    elif suffix in (".csv", ".txt", ".tsv"):
        cells, label = _read_csv(spec)
    else:
        raise IngestError(f"{spec.where}: Dateityp {suffix!r} wird nicht unterstützt; erlaubt sind .csv und .xlsx "
                          "(ältere .xls bitte in Excel oder LibreOffice als .xlsx speichern).")
    if spec.header_row > len(cells):
        raise IngestError(f"{label}: 'header_row' = {spec.header_row}, die Datei hat aber nur {len(cells)} Zeilen.")
    raw_header = cells[spec.header_row - 1]
    header = [_norm_header(h) or _letters(i) for i, h in enumerate(raw_header)]
    first = spec.first_row or spec.header_row + 1
    last = spec.last_row or len(cells)
    if first <= spec.header_row or last < first:
        raise IngestError(f"{label}: 'first_row' ({first}) muss nach 'header_row' ({spec.header_row}) und vor 'last_row' ({last}) liegen.")
    rows, numbers = [], []
    for number in range(first, min(last, len(cells)) + 1):
        row = cells[number - 1]
        if all(is_missing(v) or (isinstance(v, str) and not v.strip()) for v in row):
            continue
        rows.append(list(row) + [None] * (len(header) - len(row)))
        numbers.append(number)
    if not rows:
        raise IngestError(f"{label}: zwischen Zeile {first} und {last} stehen keine Daten. Bitte 'header_row', 'first_row' und 'last_row' prüfen.")
    return Table(label, header, rows, numbers, spec.header_row)


def _read_xlsx(spec: ValuesSpec) -> tuple[list[list[Any]], str]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(spec.file, data_only=True)
    except Exception as exc:
        raise IngestError(f"{spec.label}: die Excel-Datei lässt sich nicht öffnen ({exc}).") from None
    if spec.sheet is None:
        if len(book.sheetnames) > 1:
            raise IngestError(f"{spec.label}: die Datei hat mehrere Blätter ({', '.join(book.sheetnames)}). Bitte mit 'sheet' eines nennen.")
        sheet = book.worksheets[0]
    elif spec.sheet in book.sheetnames:
        sheet = book[spec.sheet]
    else:
        raise IngestError(f"{spec.label}: das Blatt {spec.sheet!r} gibt es nicht (vorhanden: {', '.join(book.sheetnames)}).")
    cells = [list(row) for row in sheet.iter_rows(min_row=1, values_only=True)]
    return cells, f"{spec.label}, Blatt {sheet.title!r}"


def _read_csv(spec: ValuesSpec) -> tuple[list[list[Any]], str]:
    data = spec.file.read_bytes()
    encodings = ENCODINGS if spec.encoding == "auto" else (spec.encoding,)
    text = None
    for encoding in encodings:
        try:
            text = data.decode(encoding)
            break
        except (UnicodeDecodeError, LookupError) as exc:
            if spec.encoding != "auto":
                raise IngestError(f"{spec.label}: die Datei lässt sich nicht als {spec.encoding!r} lesen ({exc}). "
                                  "Bitte encoding = \"auto\" versuchen oder die Kodierung prüfen (utf-8, cp1252).") from None
    assert text is not None  # latin-1 decodes every byte sequence
    text = text.removeprefix("\ufeff")
    lines = text.splitlines()
    separator = spec.separator
    if separator == "auto":
        head = lines[spec.header_row - 1] if len(lines) >= spec.header_row else ""
        separator = max((";", "\t", ",", "|"), key=head.count)
    elif separator in ("tab", "\\t"):
        separator = "\t"
    import csv

    cells = [row for row in csv.reader(lines, delimiter=separator)]
    return cells, spec.label


def _parse_number(raw: Any, spec: ValuesSpec) -> float | None:
    """A number from a cell; None for a missing marker; raises ValueError when it is not a number."""
    if raw is None or (isinstance(raw, float) and np.isnan(raw)):
        return None
    if isinstance(raw, bool):
        raise ValueError
    if isinstance(raw, (int, float, np.integer, np.floating)):
        return float(raw)
    text = str(raw).strip()
    if text in spec.missing or _SPACES.sub("", text) in spec.missing:
        return None
    if text in spec.zero:
        return 0.0
    text = _SPACES.sub("", text)
    if text.startswith("(") and text.endswith(")"):  # "( )" = Aussagewert eingeschränkt, the number still counts
        text = text[1:-1]
    text = text.removesuffix("%")
    sign = ""
    if text[:1] in ("-", "−", "–", "+"):
        sign, text = ("-" if text[0] != "+" else ""), text[1:]
    dec, th = re.escape(spec.decimal), re.escape(spec.thousands) if spec.thousands.strip() else None
    plain = rf"\d+(?:{dec}\d+)?"
    grouped = rf"\d{{1,3}}(?:{th}\d{{3}})+(?:{dec}\d+)?" if th else None
    if re.fullmatch(plain, text):
        return float(sign + text.replace(spec.decimal, "."))
    if grouped and re.fullmatch(grouped, text):
        return float(sign + text.replace(spec.thousands, "").replace(spec.decimal, "."))
    raise ValueError


def _parse_year(raw: Any) -> int | None:
    if isinstance(raw, (dt.date, dt.datetime)):
        return raw.year
    if isinstance(raw, bool):
        return None
    if isinstance(raw, (int, np.integer)) or (isinstance(raw, float) and raw.is_integer()):
        year = int(raw)
    else:
        match = _YEAR.match(_SPACES.sub("", str(raw)) if raw is not None else "")
        if not match:
            return None
        year = int(next(g for g in match.groups() if g))
    return year if 1900 <= year <= 2100 else None


def _read_values(spec: ValuesSpec, areas: gpd.GeoDataFrame, registry: dict, root_name: str) -> pd.DataFrame:
    table = _read_table(spec)
    label = table.label
    lookup = _area_lookup(areas, spec, root_name)
    area_col = table.column(spec.area_column, "Gebiet", "area_column")
    year_col = table.column(spec.year_column, "Jahr", "year_column") if spec.year_column else None

    def area_of(row: list[Any], number: int) -> str:
        raw = row[area_col]
        key = as_id(raw) if spec.match == "id" else _norm_name(raw)
        if key is None:
            raise IngestError(f"{label}, Zeile {number}, Spalte {table.header[area_col]!r}: die Zelle ist leer. Jede Zeile braucht ein Gebiet.")
        hit = lookup.get(key)
        if isinstance(hit, list):
            raise IngestError(f"{label}, Zeile {number}, Spalte {table.header[area_col]!r}: der Name {raw!r} passt zu mehreren Gebieten "
                              f"der Ebene {spec.level!r} ({', '.join(hit)}). Bitte Kennungen verwenden (match = \"id\").")
        if hit is None:
            other = areas.loc[areas["area_id"] == key, "level"] if spec.match == "id" else areas.loc[areas["name"].map(_norm_name) == key, "level"]
            hint = (f" Ein Gebiet mit diesem Wert gibt es auf der Ebene {other.iloc[0]!r}; bitte in {spec.where.split(',')[0]} level = {other.iloc[0]!r} für diese Datei setzen."
                    if len(other) else " Bitte Schreibweise, führende Nullen und die Ebene (level) prüfen.")
            raise IngestError(f"{label}, Zeile {number}, Spalte {table.header[area_col]!r}: der Wert {raw!r} ist kein Gebiet der Ebene "
                              f"{spec.level!r} (gesucht nach {'Kennung' if spec.match == 'id' else 'Name'}).{hint}")
        return hit

    def year_of(row: list[Any], number: int, fixed: int | None) -> int:
        if fixed is not None:
            return fixed
        if year_col is None:
            assert spec.year is not None
            return spec.year
        year = _parse_year(row[year_col])
        if year is None:
            raise IngestError(f"{label}, Zeile {number}, Spalte {table.header[year_col]!r}: der Wert {row[year_col]!r} ist keine Jahreszahl. "
                              "Erwartet wird ein Jahr wie 2024 oder ein Stichtag wie 31.12.2024.")
        return year

    def number_of(row: list[Any], number: int, col: int | None) -> float:
        if col is None:
            return np.nan
        raw = row[col]
        try:
            parsed = _parse_number(raw, spec)
        except ValueError:
            raise IngestError(
                f"{label}, Zeile {number}, Spalte {table.header[col]!r}: der Wert {raw!r} ist keine Zahl. Erwartet wird eine Zahl mit "
                f"Dezimalzeichen {spec.decimal!r}{f' und Tausendertrennzeichen {spec.thousands!r}' if spec.thousands.strip() else ''} "
                f"(z. B. {'1.234,5' if spec.decimal == ',' else '1,234.5'}); fehlende Werte als {', '.join(repr(m) for m in spec.missing[1:5])}. "
                "Bitte die Zelle korrigieren oder 'decimal'/'thousands' in der Konfiguration anpassen.") from None
        return np.nan if parsed is None else parsed

    records: list[dict[str, Any]] = []
    if spec.format == "long":
        ind_col = table.column(spec.indicator_column, "Indikator", "indicator_column")
        cols = {key: table.column(name, key, f"{key}_column") if name else None for key, name in
                (("value", spec.value_column), ("numerator", spec.numerator_column), ("denominator", spec.denominator_column))}
        for row, number in zip(table.rows, table.numbers):
            raw_ind = row[ind_col]
            text = _norm_header(raw_ind)
            indicator_id = spec.indicator_names.get(text, text)
            if indicator_id not in registry:
                raise IngestError(f"{label}, Zeile {number}, Spalte {table.header[ind_col]!r}: der Wert {raw_ind!r} ist kein Indikator des Registers "
                                  f"(bekannt: {', '.join(registry)}). Bitte den Indikator mit [[indicator]] eintragen oder mit "
                                  "[values.indicator_names] einer id zuordnen.")
            records.append(_record(area_of(row, number), indicator_id, year_of(row, number, None),
                                   {k: number_of(row, number, c) for k, c in cols.items()},
                                   label, number, {k: table.header[c] for k, c in cols.items() if c is not None},
                                   {k: row[c] for k, c in cols.items() if c is not None}))
    else:
        resolved = []
        for mapping in spec.columns:
            if mapping.indicator not in registry:
                column = mapping.value or mapping.numerator
                raise IngestError(f"{spec.where}: die Spalte {column!r} ist dem Indikator {mapping.indicator!r} zugeordnet, den es im Register "
                                  f"nicht gibt (bekannt: {', '.join(registry)}). Bitte einen Eintrag [[indicator]] mit id = {mapping.indicator!r} anlegen.")
            cols = {key: table.column(name, f"Indikator {mapping.indicator}, {key}", "[values.columns]") if name else None
                    for key, name in (("value", mapping.value), ("numerator", mapping.numerator), ("denominator", mapping.denominator))}
            resolved.append((mapping, cols))
        for row, number in zip(table.rows, table.numbers):
            area_id = area_of(row, number)
            for mapping, cols in resolved:
                parsed = {k: number_of(row, number, c) for k, c in cols.items()}
                if all(np.isnan(v) for v in parsed.values()):
                    continue  # a secret or unknown cell is no value, not an error
                records.append(_record(area_id, mapping.indicator, year_of(row, number, mapping.year), parsed, label, number,
                                       {k: table.header[c] for k, c in cols.items() if c is not None},
                                       {k: row[c] for k, c in cols.items() if c is not None}))
    frame = pd.DataFrame.from_records(records) if records else _empty_values()
    if spec.format == "long" and not frame.empty:
        frame = frame[~(frame["value"].isna() & frame["numerator"].isna() & frame["denominator"].isna())]
    _check_numbers(frame, spec, registry)
    log.info("%s: %d Werte gelesen.", label, len(frame))
    return frame


def _is_count(key: str, indicator: catalog.Indicator) -> bool:
    """Counts are whole numbers: the value of kind "count" and the numerator and denominator of a share."""
    return (key == "value" and indicator.kind == "count") or (key != "value" and indicator.kind == "share")


def _check_numbers(frame: pd.DataFrame, spec: ValuesSpec, registry: dict[str, catalog.Indicator]) -> None:
    """Numbers that read two ways and fractional counts are errors (docs/ingest.md „Zahlenformate und Zeichen für fehlende Werte“).

    A thousands group is three digits: in a file with decimal "," the text "3,866" is either 3.866 (decimal comma)
    or 3866 (an English thousands separator). Where the indicator has fewer than three decimals (`decimals`, or 0 for
    counts) the second reading is likely, and guessing either way could be silently wrong by a factor of 1000."""
    other = "." if spec.decimal == "," else ","
    group = re.compile(rf"[-−–+]?[1-9]\d{{0,2}}{re.escape(spec.decimal)}\d{{3}}")  # "0,125" has no thousands reading
    if frame.empty:
        return
    for record in frame.to_dict("records"):
        label, number, columns, raw = record["_origin"]
        indicator = registry[record["indicator_id"]]
        for key, cell in raw.items():
            parsed = record[key]
            if parsed is None or (isinstance(parsed, float) and np.isnan(parsed)):
                continue
            where = (f"{label}, Zeile {number}, Spalte {columns[key]!r}: der Wert {cell!r}")
            about = f"(Gebiet {record['area_id']!r}, Indikator {indicator.id!r}, Jahr {record['year']})"
            count = _is_count(key, indicator)
            allowed = 0 if count else indicator.decimals
            text = _SPACES.sub("", str(cell)) if isinstance(cell, str) else ""
            whole = text.replace(spec.decimal, "")
            if text and allowed < 3 and group.fullmatch(text) and not (
                    key == "value" and indicator.kind == "share" and abs(parsed) * 1000 > indicator.scale):  # "12,345" %
                what = ("eine Fallzahl" if key != "value" else "eine Anzahl") if count else f"mit decimals = {indicator.decimals} angegeben"
                raise IngestError(
                    f"{where} ist mehrdeutig {about}: mit Dezimalzeichen {spec.decimal!r} ist er {text}, mit {other!r} als "
                    f"Tausendertrennzeichen (englische Schreibweise) {whole}. Drei Nachkommastellen passen nicht zum Indikator "
                    f"({what}), also ist vermutlich {whole} gemeint. Bitte die Zahl ohne Trennzeichen schreiben ({whole}) oder, "
                    f"wenn die ganze Datei englische Zahlen enthält, decimal = \"{other}\" setzen.")
            if count and abs(parsed - round(parsed)) > 1e-9:
                reason = ("der Indikator ist eine Anzahl (kind = \"count\")" if key == "value"
                          else f"{'Zähler' if key == 'numerator' else 'Nenner'} eines Anteils sind Fallzahlen")
                raise IngestError(
                    f"{where} hat Nachkommastellen {about}, aber {reason} und damit eine ganze Zahl. Bitte die Spaltenzuordnung "
                    "prüfen (steht hier ein Anteil oder Mittelwert?) und das Dezimal- und Tausendertrennzeichen der Datei "
                    f"(decimal = {spec.decimal!r}, thousands = {spec.thousands!r}).")


def _record(area_id, indicator_id, year, numbers, label, number, columns, raw) -> dict[str, Any]:
    return {"area_id": area_id, "indicator_id": indicator_id, "year": int(year), "value": numbers["value"],
            "numerator": numbers["numerator"], "denominator": numbers["denominator"],
            "_origin": (label, number, columns, raw)}


def _norm_name(value: Any) -> str | None:
    if is_missing(value):
        return None
    text = _SPACES.sub(" ", str(value)).strip().casefold()
    return text or None


def _area_lookup(areas: gpd.GeoDataFrame, spec: ValuesSpec, root_name: str) -> dict[str, Any]:
    if spec.level == ROOT_LEVEL:
        return {ROOT_ID: ROOT_ID, _norm_name(root_name): ROOT_ID} if spec.match == "name" else {ROOT_ID: ROOT_ID}
    level = areas[areas["level"] == spec.level]
    if spec.match == "id":
        return {a: a for a in level["area_id"]}
    lookup: dict[str, Any] = {}
    for area_id, name in zip(level["area_id"], level["name"]):
        key = _norm_name(name)
        if key in lookup:
            previous = lookup[key]
            lookup[key] = (previous if isinstance(previous, list) else [previous]) + [area_id]
        else:
            lookup[key] = area_id
    return lookup


def _check_values(values: pd.DataFrame, registry: dict[str, catalog.Indicator]) -> None:
    """Checks that need the source location: duplicates, negative counts, numerator > denominator, value vs. counts."""
    def fail(mask: pd.Series, key: str, problem: str, hint: str) -> None:
        position = int(np.flatnonzero(mask.to_numpy())[0])
        label, number, columns, raw = values["_origin"].iloc[position]
        more = int(mask.sum()) - 1
        rest = f" ({more} weitere Werte betroffen)" if more else ""
        indicator = values["indicator_id"].iloc[position]
        raise IngestError(f"{label}, Zeile {number}, Spalte {columns.get(key, key)!r}: der Wert {raw.get(key)!r} {problem} "
                          f"(Gebiet {values['area_id'].iloc[position]!r}, Indikator {indicator!r}, Jahr {values['year'].iloc[position]}).{rest} {hint}")

    keys = ["area_id", "indicator_id", "year"]
    duplicated = values.duplicated(keys, keep=False)
    if duplicated.any():
        later = values.duplicated(keys, keep="first")
        position = int(np.flatnonzero(later.to_numpy())[0])
        row = values.iloc[position]
        first = values[(values[keys] == row[keys]).all(axis=1)].iloc[0]["_origin"]
        label, number, columns, raw = row["_origin"]
        raise IngestError(f"{label}, Zeile {number}: für Gebiet {row['area_id']!r}, Indikator {row['indicator_id']!r} und Jahr {row['year']} "
                          f"gibt es schon einen Wert ({first[0]}, Zeile {first[1]}, Spalte {next(iter(first[2].values()))!r}). "
                          "Jeder Wert darf nur einmal vorkommen; bitte doppelte Zeilen, Spalten oder Dateien entfernen.")
    kind = values["indicator_id"].map(lambda i: registry[i].kind)
    for key in ("numerator", "denominator"):
        negative = values[key] < 0
        if key == "numerator":
            negative &= kind == "share"
        if negative.any():
            fail(negative, key, "ist negativ", "Fallzahlen können nicht kleiner als 0 sein.")
    negative_count = (kind == "count") & (values["value"] < 0)
    if negative_count.any():
        fail(negative_count, "value", "ist negativ", "Eine Anzahl kann nicht kleiner als 0 sein.")
    over = (kind == "share") & (values["numerator"] > values["denominator"])
    if over.any():
        fail(over, "numerator", "ist größer als der Nenner", "Bei einem Anteil kann der Zähler nicht größer als der Nenner sein; bitte die Zuordnung von Zähler- und Nennerspalte prüfen.")
    scale = values["indicator_id"].map(lambda i: registry[i].scale).astype(float)
    decimals = values["indicator_id"].map(lambda i: registry[i].decimals).astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        computed = scale * values["numerator"] / values["denominator"]
    counted = kind.isin(["share", "rate"]) & values["value"].notna() & (values["denominator"] > 0)
    mismatch = counted & ((values["value"] - computed).abs() > 0.5 * 10.0 ** (-decimals) + 1e-9)
    if mismatch.any():
        fail(mismatch, "value", "passt nicht zu Zähler und Nenner",
             "Erwartet wird Wert = scale × Zähler / Nenner, gerundet auf 'decimals' Stellen. Bezieht sich der veröffentlichte Anteil "
             "auf eine andere Grundgesamtheit, bitte nur den Wert zuordnen (ohne Zähler/Nenner) und aggregation = \"none\" setzen.")
    outside = (kind == "share") & values["value"].notna() & ((values["value"] < 0) | (values["value"] > scale))
    if outside.any():
        fail(outside, "value", "liegt außerhalb von 0 bis 100", "Ein Anteil in Prozent liegt zwischen 0 und 100.")


def _warn_areas_without_values(areas: gpd.GeoDataFrame, values: pd.DataFrame, levels: list[LevelSpec]) -> None:
    """Smallest-level areas without any value: allowed (e.g. uninhabited), but worth a look."""
    smallest = areas[areas["level"] == levels[0].id]
    empty = smallest[~smallest["area_id"].isin(set(values["area_id"]))]
    if empty.empty:
        return
    listing = "; ".join(f"{w} (id={a!r}, {n})" for w, a, n in zip(empty["origin"].head(10), empty["area_id"], empty["name"]))
    more = f" und {len(empty) - 10} weitere" if len(empty) > 10 else ""
    log.warning("Warnung: %d Gebiete der Ebene %r haben keinen einzigen Wert: %s%s. Übergeordnete Gebiete erhalten dann für "
                "aggregierte Indikatoren keinen Wert. Unbewohnte Gebiete bitte mit 'exclude' auslassen.",
                len(empty), levels[0].id, listing, more)


# --------------------------------------------------------------------------------------------
# small helpers


