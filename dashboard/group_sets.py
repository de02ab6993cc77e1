"""Group sets (dataset.toml `[[group_sets]]`, import config `[[group_sets]]`): which shares of a dataset describe
population groups that the view /gruppen and the profile section "Bevölkerungsgruppen" show side by side.

A group set names a base count (e.g. "EW") and its groups; each group is a share indicator of the registry (its
numerator is the group, its denominator the base), optionally with the count indicator that publishes the group's
number of people (e.g. "EW_U6" for "ANT_U6"), or the complement of a share ("Deutsche" = 100 − "ANT_AUSL"): a
complement is no new figure, it is derived from a published one (docs/methods.md, „Gruppen“; docs/ingest.md).

Read and validated by catalog.load_dataset (every problem is a RegistryError naming file, entry and field), written
by the importers (dashboard/ingest/berlin.py from registries/berlin.toml, dashboard/ingest/generic.py from a config).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from dashboard.catalog import Indicator, RegistryError, check_known_keys, did_you_mean

GROUP_SET_FIELDS = ("id", "label", "label_en", "base", "groups")
GROUP_FIELDS = ("indicator", "label", "label_en", "count", "complement")


@dataclass(frozen=True)
class GroupSpec:
    """One group of a set: a share indicator (or its complement) and, where published, its count indicator."""

    indicator: str  # share indicator id (kind "share")
    label: str  # German label of the group, e.g. "Ausländerinnen und Ausländer"
    label_en: str = ""  # English label; empty = the German one
    count: str | None = None  # count indicator of the group (kind "count"), e.g. "EW_U6"
    complement: bool = False  # the group is the rest: scale − share (e.g. Deutsche = 100 − Ausländeranteil)

    def label_for(self, lang: str = "de") -> str:
        return self.label_en if lang == "en" and self.label_en else self.label

    @property
    def key(self) -> str:
        """A stable key of the group inside its set (the indicator, "!" for its complement)."""
        return f"!{self.indicator}" if self.complement else self.indicator


@dataclass(frozen=True)
class GroupSet:
    id: str
    label: str
    base: str  # count indicator of the whole population the shares refer to (e.g. "EW")
    groups: tuple[GroupSpec, ...]
    label_en: str = ""

    def label_for(self, lang: str = "de") -> str:
        return self.label_en if lang == "en" and self.label_en else self.label


def _text(entry: dict, name: str, where: str, required: bool) -> str:
    value = entry.get(name, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise RegistryError(f"{where}: Pflichtfeld {name!r} fehlt oder ist kein Text (Wert: {entry.get(name)!r})."
                            if required else f"{where}: Feld {name!r} muss ein Text sein (Wert: {value!r}).")
    return value.strip()


def _indicator(registry: dict[str, Indicator], value: Any, where: str, field: str, kinds: tuple[str, ...]) -> Indicator:
    indicator = registry.get(value) if isinstance(value, str) else None
    if indicator is None:
        raise RegistryError(f"{where}, Feld {field!r}: der Wert {value!r} ist kein Indikator des Registers."
                            f"{did_you_mean(value, registry)}")
    if indicator.kind not in kinds:
        raise RegistryError(f"{where}, Feld {field!r}: {indicator.id!r} hat kind = {indicator.kind!r}; erwartet wird "
                            f"{' oder '.join(repr(k) for k in kinds)}.")
    return indicator


def group_set_from_toml(entry: Any, where: str, registry: dict[str, Indicator]) -> GroupSet:
    """One [[group_sets]] entry, checked against the registry: German messages naming `where`, the group and the field."""
    if not isinstance(entry, dict):
        raise RegistryError(f"{where}: erwartet wird ein Abschnitt mit id, label, base, groups (Wert: {entry!r}).")
    check_known_keys(entry, GROUP_SET_FIELDS, where)
    set_id = _text(entry, "id", where, True)
    if not re.fullmatch(r"[A-Za-z0-9_-]+", set_id):
        raise RegistryError(f"{where}: Feld 'id' darf nur Buchstaben, Ziffern, '-' und '_' enthalten (Wert: {set_id!r}).")
    label, label_en = _text(entry, "label", where, True), _text(entry, "label_en", where, False)
    base = _indicator(registry, entry.get("base"), where, "base", ("count",))
    items = entry.get("groups")
    if not isinstance(items, list) or not items:
        raise RegistryError(f"{where}: Pflichtfeld 'groups' fehlt oder ist leer; erwartet wird eine Liste wie "
                            "[{ indicator = \"ANT_AUSL\", label = \"Ausländerinnen und Ausländer\" }, …] "
                            f"(Wert: {items!r}).")
    groups: list[GroupSpec] = []
    for number, item in enumerate(items, start=1):
        gwhere = f"{where}, Gruppe Nr. {number}"
        if not isinstance(item, dict):
            raise RegistryError(f"{gwhere}: erwartet wird {{ indicator = \"…\", label = \"…\" }} (Wert: {item!r}).")
        check_known_keys(item, GROUP_FIELDS, gwhere)
        share = _indicator(registry, item.get("indicator"), gwhere, "indicator", ("share",))
        gwhere = f"{where}, Gruppe Nr. {number} ({share.id})"
        count = None
        if item.get("count") is not None:
            count = _indicator(registry, item.get("count"), gwhere, "count", ("count",)).id
        complement = item.get("complement", False)
        if not isinstance(complement, bool):
            raise RegistryError(f"{gwhere}, Feld 'complement': muss true oder false sein (Wert: {complement!r}).")
        if complement and count is not None:
            raise RegistryError(f"{gwhere}, Feld 'count': eine Ergänzungsgruppe (complement = true) hat keinen eigenen "
                                f"Zähl-Indikator; bitte 'count' weglassen.")
        spec = GroupSpec(share.id, _text(item, "label", gwhere, True), _text(item, "label_en", gwhere, False), count, complement)
        if any(g.key == spec.key for g in groups):
            raise RegistryError(f"{gwhere}, Feld 'indicator': die Gruppe {share.id!r}"
                                f"{' (complement)' if complement else ''} kommt im Satz zweimal vor.")
        groups.append(spec)
    return GroupSet(set_id, label, base.id, tuple(groups), label_en)


def group_sets_from_meta(meta: dict[str, Any], path: Any, registry: dict[str, Indicator]) -> tuple[GroupSet, ...]:
    """Every [[group_sets]] of dataset.toml (`path` for the messages), ids unique."""
    entries = meta.get("group_sets", [])
    if not isinstance(entries, list):
        raise RegistryError(f"{path}: 'group_sets' muss eine Liste von Abschnitten [[group_sets]] sein (Wert: {entries!r}).")
    out: list[GroupSet] = []
    for number, entry in enumerate(entries, start=1):
        where = f"{path}, group_sets Eintrag {number}" + (f" (id={entry.get('id')!r})" if isinstance(entry, dict) else "")
        checked = group_set_from_toml(entry, where, registry)
        if any(s.id == checked.id for s in out):
            raise RegistryError(f"{where}, Feld 'id': die id {checked.id!r} kommt in group_sets zweimal vor.")
        out.append(checked)
    return tuple(out)
