"""User-facing text in German (the default) and English.

The German text itself is the key, as in gettext: code reads `t("Gebietsprofil öffnen", lang)`
and stays readable; `dashboard/i18n/en/` maps each German text to its English translation,
one module per part of the app. `{name}` placeholders are filled after translation. A German
text without an English entry falls back to German (tests/unit/test_i18n.py finds every literal
passed to t() and requires a translation).
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from dashboard.i18n.en import STRINGS as EN

LANGUAGES = ("de", "en")
DEFAULT_LANGUAGE = "de"
LANGUAGE_PARAM = "sprache"  # URL parameter: ?sprache=en


def language(value: Any) -> str:
    """A language code from a URL parameter or a callback input; anything unknown is German."""
    return value if isinstance(value, str) and value in LANGUAGES else DEFAULT_LANGUAGE


def language_of(params: Mapping[str, Any]) -> str:
    return language(params.get(LANGUAGE_PARAM))


def t(text: str, lang: str = DEFAULT_LANGUAGE, **values: Any) -> str:
    """`text` (German) in `lang`, with `{placeholders}` filled from values."""
    if lang == "en":
        text = EN.get(text, text)
    return text.format(**values) if values else text


def tt(text: str | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """Translate a German text that comes from data or a method (a vocabulary word, a fixed
    message) when a translation exists; otherwise show it as it is (names, sources)."""
    if not text:
        return text or ""
    return EN.get(text, text) if lang == "en" else text


def format_number(value: float | None, decimals: int = 1, lang: str = DEFAULT_LANGUAGE) -> str:
    """1.234,5 in German, 1,234.5 in English; "–" for a missing value."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    text = f"{value:,.{decimals}f}"
    if lang == "en":
        return text
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


_PLURALS = (("raum", "räume"), ("region", "regionen"), ("platz", "plätze"), ("teil", "teile"), ("bezirk", "bezirke"),
            ("viertel", "viertel"), ("gebiet", "gebiete"), ("quartier", "quartiere"))


def plural_de(label: str) -> str:
    """German plural of a spatial level's label (Planungsraum → Planungsräume, Stadtteil → Stadtteile)."""
    for singular, plural in _PLURALS:
        if label.lower().endswith(singular):
            return label[: len(label) - len(singular)] + (plural if label[-len(singular)].islower() else plural.capitalize())
    return label


def plural(label_de: str, label_en: str, lang: str) -> str:
    """Plural of a level label in lang (English: planning area → planning areas)."""
    if lang == "en":
        return label_en if label_en.endswith("s") else label_en + "s"
    return plural_de(label_de)
