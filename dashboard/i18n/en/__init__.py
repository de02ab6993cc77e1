"""English translations, German text → English text, one module per part of the app.

Merged here; the same German text in two modules must have the same translation (checked at import).
"""
from __future__ import annotations

from importlib import import_module

PARTS = ("core", "vocabulary", "map", "burden", "profile", "views", "phone", "explain", "ranking", "gazetteer", "opendata", "ingest", "facilities", "kulissen", "measures", "seo",
         "uncertainty", "groups", "decomposition", "borderline", "reading", "change")


def _merge() -> dict[str, str]:
    merged: dict[str, str] = {}
    for part in PARTS:
        try:
            strings = import_module(f"{__name__}.{part}").STRINGS
        except ModuleNotFoundError as exc:  # a part not written yet
            if exc.name != f"{__name__}.{part}":
                raise
            continue
        for german, english in strings.items():
            if merged.get(german, english) != english:
                raise ValueError(f"Übersetzung widersprüchlich für {german!r}: {merged[german]!r} / {english!r} ({part})")
            merged[german] = english
    return merged


STRINGS = _merge()
