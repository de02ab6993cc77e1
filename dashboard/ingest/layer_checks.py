"""Checks shared by the import of the map's further layers (docs/ingest.md „Einrichtungen (Punktebenen)“,
„Förderkulissen (Flächenebenen)“): one id rule (dashboard/overlays.py ID_PATTERN, as the app checks it), true/false
flags, colours, and ids unique across facilities, Förderkulissen and the measures' layer. Every message names the
config file, the section with its number, the field and the value; a wrong layer is an import error, never a
dataset the app then refuses to start with."""
from __future__ import annotations

import re
from typing import Any

from dashboard.ingest.build import IngestError
from dashboard.measures import OVERLAY_ID as MEASURES_ID
from dashboard.overlays import ID_PATTERN

COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


def check_id(value: Any, where: str) -> str:
    """A layer id as the app accepts it (ID_PATTERN): it stands in addresses (ebenen=…, kulisse=…)."""
    if not isinstance(value, str) or not ID_PATTERN.match(value):
        raise IngestError(f"{where}: Feld 'id' hat den Wert {value!r}; erlaubt sind Kleinbuchstaben a–z, Ziffern, '-' und '_' "
                          "(höchstens 40 Zeichen, am Anfang ein Buchstabe oder eine Ziffer), denn die id steht in Adressen (ebenen=…).")
    if value == MEASURES_ID:
        raise IngestError(f"{where}: Feld 'id' hat den Wert {value!r}; diese id ist für die Kartenebene der Maßnahmen vergeben. "
                          "Bitte eine andere wählen.")
    return value


def check_flag(entry: dict, name: str, default: bool, where: str) -> bool:
    value = entry.get(name, default)
    if not isinstance(value, bool):
        raise IngestError(f"{where}: Feld {name!r} muss true oder false sein (Wert: {value!r}).")
    return value


def check_color(value: Any, where: str, name: str = "color") -> str:
    if not isinstance(value, str) or not COLOR.match(value):
        raise IngestError(f"{where}: Feld {name!r} muss eine Farbe als '#rrggbb' sein (Wert: {value!r}).")
    return value


def check_unique(layers: list[tuple[str, str]]) -> None:
    """(id, where) of every facility layer and Förderkulisse of one import: each id once (they share the map's list)."""
    seen: dict[str, str] = {}
    for layer_id, where in layers:
        if layer_id in seen:
            raise IngestError(f"{where}: Feld 'id' hat den Wert {layer_id!r}, den schon {seen[layer_id]} trägt. Einrichtungen "
                              "und Förderkulissen stehen in derselben Liste „Weitere Ebenen“; jede id darf nur einmal vorkommen.")
        seen[layer_id] = where
