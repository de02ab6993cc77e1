"""Indicator registries of the built-in importers (berlin.toml, demo.toml), read and validated here.

The files hold data only: labels, definitions, units, sources, notes and category labels of every
indicator, and the texts of the dataset (dataset.toml). The importers keep the logic (which columns
are read, how values are computed). Layout (comments at the top of berlin.toml):

- `[dataset]`: dataset fields shared by all datasets of the file; `[datasets.<id>]` adds to them per
  dataset and says which indicator groups the dataset holds (`[datasets.<id>.groups.<group>]`) and
  which sources and notes they carry there; `[datasets.<id>.indicators.<id>]` does so for one
  indicator. A file without `[datasets]` describes one dataset holding every indicator.
- `[zielbereiche]`, `[sources.<key>]`, `[notes.<key>]`, `[categories.<key>]`: texts written once
  (German `de`, English `en`) and named by key; several note or source keys are joined by a space;
  `{id}` in a source text stands for the indicator id.
- `[groups.<group>]`: fields every indicator of the group has unless it says otherwise.
- `[indicators.<id>]`: one table per indicator, in registry order.

`entries(dataset_id)` returns the indicator dicts that `write_dataset` expects (description, [en] …).
Every key is checked when the file is read: an unknown or a missing key raises `IngestError` with a
German message naming the file, the indicator (or section) and the key.
"""
from __future__ import annotations

import copy
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dashboard.ingest.build import IngestError
from dashboard.methods.indices import COMBINED_COLORS

REGISTRY_DIR = Path(__file__).resolve().parent

# colour palettes an indicator may name in `colors`
PALETTES = {"combined": tuple(COMBINED_COLORS)}

SECTIONS = ("dataset", "datasets", "zielbereiche", "sources", "notes", "categories", "groups", "indicators")
# fields of dataset.toml that a registry file may give ([dataset] and [datasets.<id>])
DATASET_FIELDS = ("id", "title", "title_en", "city_name", "attribution", "attribution_en", "license", "license_en",
                  "synthetic", "levels", "defaults",
                  "population_indicator", "min_population", "burden_rules", "indices", "group_sets", "geometry_note")
DATASET_REQUIRED = ("title", "attribution", "license", "levels")
# fields written to indicators.toml as they are
PLAIN_FIELDS = ("label_de", "label_en", "unit", "dimension", "polarity", "aggregation", "stichtag", "kind", "scale",
                "weight", "levels", "public", "min_denominator", "min_numerator", "target", "threshold",
                "classification", "classes", "decimals", "core", "suppress_small_areas", "interval")
TEXT_FIELDS = ("definition", "definition_en", "numerator_label", "numerator_label_en", "denominator_label",
               "denominator_label_en")
REFERENCE_FIELDS = ("zielbereich", "categories", "colors", "source", "note", "estimate_note")
INDICATOR_FIELDS = ("group", *PLAIN_FIELDS, *TEXT_FIELDS, *REFERENCE_FIELDS)
GROUP_FIELDS = tuple(name for name in INDICATOR_FIELDS if name not in ("group", "label_de", "label_en", "definition",
                                                                       "definition_en"))
# what a dataset may say about its groups and indicators: where the values come from and what to note
DATASET_OVERRIDE_FIELDS = ("source", "note", "estimate_note")
REQUIRED = ("label_de", "label_en", "definition", "definition_en", "unit", "dimension", "polarity", "aggregation",
            "source", "stichtag")
JOINED = {"source": "sources", "note": "notes", "estimate_note": "notes"}  # field -> table of texts it names


@dataclass
class Registry:
    """A registry file, read and checked: dataset fields and composed indicator entries per dataset."""

    path: Path
    meta: dict[str, dict[str, Any]]  # dataset id ("" for a file without [datasets]) -> dataset fields
    indicators: dict[str, list[dict[str, Any]]]  # dataset id -> entries for write_dataset
    categories: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)  # key -> {"de": …, "en": …}

    def dataset(self, dataset_id: str = "") -> dict[str, Any]:
        """The dataset fields ([dataset] and, if given, [datasets.<id>]), a fresh copy."""
        return copy.deepcopy(self.meta[dataset_id])

    def entries(self, dataset_id: str = "") -> list[dict[str, Any]]:
        """The indicator entries of a dataset in registry order, fresh copies."""
        return copy.deepcopy(self.indicators[dataset_id])


def load(name: str) -> Registry:
    """The registry file `name`.toml next to this module (e.g. "berlin", "demo")."""
    return load_file(REGISTRY_DIR / f"{name}.toml")


def load_file(path: Path) -> Registry:
    path = Path(path)
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise IngestError(f"{path}: Registerdatei fehlt.") from None
    except tomllib.TOMLDecodeError as exc:
        raise IngestError(f"{path}: kein gültiges TOML ({exc}).") from None
    _only(doc, SECTIONS, f"{path}", "Abschnitt")
    for name in ("indicators", "dataset"):
        if not doc.get(name):
            raise IngestError(f"{path}: Abschnitt [{name}] fehlt oder ist leer.")
    texts = _texts(doc, path)
    groups = _tables(doc, "groups", path)
    for group, table in groups.items():
        _only(table, GROUP_FIELDS, f"{path}, Gruppe {group!r}", "Feld")

    merged: dict[str, dict[str, Any]] = {}
    for indicator_id, table in _tables(doc, "indicators", path).items():
        where = f"{path}, Indikator {indicator_id!r}"
        _only(table, INDICATOR_FIELDS, where, "Feld")
        group = table.get("group")
        if group is not None and group not in groups:
            raise IngestError(f"{where}: Feld 'group' nennt die unbekannte Gruppe {group!r} "
                              f"(Gruppen: {', '.join(groups) or 'keine'}).")
        merged[indicator_id] = {**groups.get(group, {}), **table}

    shared = _dataset_fields(doc["dataset"], f"{path}, Abschnitt [dataset]", extra=())
    datasets = _tables(doc, "datasets", path) if "datasets" in doc else {"": {}}
    meta, indicators = {}, {}
    for dataset_id, table in datasets.items():
        where = f"{path}, Datensatz {dataset_id!r}" if dataset_id else f"{path}"
        own = _dataset_fields(table, where, extra=("groups", "indicators"))
        fields_ = {**shared, **{k: v for k, v in own.items() if k not in ("groups", "indicators")}}
        for name in DATASET_REQUIRED:
            if name not in fields_:
                raise IngestError(f"{where}: Pflichtfeld {name!r} fehlt (weder in [dataset] noch im Datensatz).")
        meta[dataset_id] = fields_
        indicators[dataset_id] = _dataset_entries(dataset_id, own, merged, texts, path)
    return Registry(path, meta, indicators, texts["categories"])


# ----------------------------------------------------------------------------------------------
# reading


def _only(table: dict, allowed: tuple[str, ...], where: str, what: str = "Feld") -> None:
    unknown = [key for key in table if key not in allowed]
    if unknown:
        adjective = "unbekannter" if what == "Abschnitt" else "unbekanntes"
        raise IngestError(f"{where}: {adjective} {what} {unknown[0]!r} (erlaubt: {', '.join(allowed)}).")


def _tables(doc: dict, section: str, path: Path) -> dict[str, dict]:
    tables = doc.get(section, {})
    if not isinstance(tables, dict):
        raise IngestError(f"{path}: [{section}] muss eine Tabelle sein (Wert: {tables!r}).")
    for key, table in tables.items():
        if not isinstance(table, dict):
            raise IngestError(f"{path}: [{section}.{key}] muss eine Tabelle sein (Wert: {table!r}).")
    return tables


def _texts(doc: dict, path: Path) -> dict[str, dict]:
    """[zielbereiche], [sources], [notes], [categories]: every entry checked for its keys."""
    zielbereiche = doc.get("zielbereiche", {})
    for key, text in zielbereiche.items():
        if not isinstance(text, str) or not text.strip():
            raise IngestError(f"{path}, [zielbereiche]: {key!r} braucht einen Text (Wert: {text!r}).")
    out: dict[str, dict] = {"zielbereiche": zielbereiche}
    for section in ("sources", "notes", "categories"):
        tables = _tables(doc, section, path)
        for key, table in tables.items():
            where = f"{path}, [{section}.{key}]"
            _only(table, ("de", "en"), where, "Feld")
            for lang in ("de", "en"):
                if lang not in table:
                    raise IngestError(f"{where}: Pflichtfeld {lang!r} fehlt.")
                value = table[lang]
                if section == "categories":
                    if not isinstance(value, dict) or not value or not all(isinstance(v, str) for v in value.values()):
                        raise IngestError(f"{where}: Feld {lang!r} muss Klassen mit ihren Bezeichnungen nennen "
                                          f"(Wert: {value!r}).")
                elif not isinstance(value, str) or not value.strip():
                    raise IngestError(f"{where}: Feld {lang!r} braucht einen Text (Wert: {value!r}).")
            if section == "categories" and set(table["de"]) != set(table["en"]):
                raise IngestError(f"{where}: 'de' und 'en' müssen dieselben Klassen beschriften "
                                  f"({', '.join(table['de'])} / {', '.join(table['en'])}).")
        out[section] = tables
    return out


def _dataset_fields(table: dict, where: str, extra: tuple[str, ...]) -> dict:
    if not isinstance(table, dict):
        raise IngestError(f"{where}: muss eine Tabelle sein (Wert: {table!r}).")
    _only(table, (*DATASET_FIELDS, *extra), where, "Feld")
    return table


# ----------------------------------------------------------------------------------------------
# composing the entries of one dataset


def _dataset_entries(dataset_id: str, table: dict, merged: dict[str, dict], texts: dict, path: Path) -> list[dict]:
    where = f"{path}, Datensatz {dataset_id!r}" if dataset_id else f"{path}"
    group_overrides = table.get("groups")
    indicator_overrides = table.get("indicators", {})
    known_groups = {entry.get("group") for entry in merged.values()}
    for section, overrides, known in (("groups", group_overrides or {}, known_groups),
                                      ("indicators", indicator_overrides, merged)):
        if not isinstance(overrides, dict):
            raise IngestError(f"{where}: [{section}] muss eine Tabelle sein (Wert: {overrides!r}).")
        for key, override in overrides.items():
            what = "Gruppe" if section == "groups" else "Indikator"
            if key not in known:
                raise IngestError(f"{where}: {what} {key!r} gibt es im Register nicht.")
            if not isinstance(override, dict):
                raise IngestError(f"{where}, {what} {key!r}: muss eine Tabelle sein (Wert: {override!r}).")
            _only(override, DATASET_OVERRIDE_FIELDS, f"{where}, {what} {key!r}", "Feld")
    held = [i for i, f in merged.items() if group_overrides is None or f.get("group") in group_overrides]
    for indicator_id in indicator_overrides:
        if indicator_id not in held:
            raise IngestError(f"{where}: Indikator {indicator_id!r} gehört zu keiner Gruppe des Datensatzes.")
    entries = []
    for indicator_id in held:
        fields_ = merged[indicator_id]
        group = fields_.get("group")
        full = {**fields_, **(group_overrides or {}).get(group, {}), **indicator_overrides.get(indicator_id, {})}
        entries.append(_entry(indicator_id, full, texts, f"{path}, Indikator {indicator_id!r}"
                                                        + (f" (Datensatz {dataset_id!r})" if dataset_id else ""),
                              in_dataset=bool(dataset_id)))
    if not entries:
        raise IngestError(f"{where}: enthält keinen Indikator.")
    return entries


def _entry(indicator_id: str, fields_: dict, texts: dict, where: str, in_dataset: bool = False) -> dict:
    """One indicators.toml entry from the merged registry fields (group, indicator, dataset)."""
    for name in REQUIRED:
        if name not in fields_:
            places = ["beim Indikator"]
            if fields_.get("group"):
                places.append(f"bei seiner Gruppe {fields_['group']!r}")
            if in_dataset and name in DATASET_OVERRIDE_FIELDS:
                places.append("beim Datensatz")
            raise IngestError(f"{where}: Pflichtfeld {name!r} fehlt (weder {' noch '.join(places)} angegeben)."
                              if len(places) > 1 else f"{where}: Pflichtfeld {name!r} fehlt.")
    for name in (*PLAIN_FIELDS, *TEXT_FIELDS):
        value = fields_.get(name)
        if name in ("label_de", "label_en", "definition", "definition_en") and (not isinstance(value, str) or not value.strip()):
            raise IngestError(f"{where}: Feld {name!r} braucht einen Text (Wert: {value!r}).")
    entry: dict[str, Any] = {"id": indicator_id}
    english: dict[str, Any] = {}
    for name in PLAIN_FIELDS:
        if name in fields_:
            entry[name] = copy.deepcopy(fields_[name])
    entry["description"] = fields_["definition"]
    english["description"] = fields_["definition_en"]
    for name in ("numerator_label", "denominator_label"):
        if name in fields_:
            entry[name] = fields_[name]
        if f"{name}_en" in fields_:
            english[name] = fields_[f"{name}_en"]
    if "zielbereich" in fields_:
        entry["zielbereich"] = _lookup(texts["zielbereiche"], fields_["zielbereich"], "zielbereich", "[zielbereiche]", where)
    if "categories" in fields_:
        labels = _lookup(texts["categories"], fields_["categories"], "categories", "[categories]", where)
        entry["categories"], english["categories"] = dict(labels["de"]), dict(labels["en"])
    if "colors" in fields_:
        entry["colors"] = list(_lookup(PALETTES, fields_["colors"], "colors", "Farbpaletten", where))
    for name, section in JOINED.items():
        keys = fields_.get(name, [])
        keys = [keys] if isinstance(keys, str) else keys
        if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
            raise IngestError(f"{where}: Feld {name!r} nennt einen Schlüssel aus [{section}] oder eine Liste davon "
                              f"(Wert: {keys!r}).")
        parts = [_lookup(texts[section], key, name, f"[{section}]", where) for key in keys]
        german = " ".join(part["de"] for part in parts).replace("{id}", indicator_id)
        if german:
            entry[name] = german
            english[name] = " ".join(part["en"] for part in parts).replace("{id}", indicator_id)
    entry["en"] = english
    return entry


def _lookup(table: dict, key: Any, name: str, section: str, where: str) -> Any:
    if not isinstance(key, str) or key not in table:
        raise IngestError(f"{where}: Feld {name!r} nennt {key!r}, das es in {section} nicht gibt "
                          f"(vorhanden: {', '.join(table) or 'keine'}).")
    return table[key]
