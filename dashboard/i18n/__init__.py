"""User-facing text in German (the default) and English.

The German text itself is the key, as in gettext: code reads `t("Gebietsprofil öffnen", lang)`
and stays readable; `dashboard/i18n/en/` maps each German text to its English translation,
one module per part of the app. `{name}` placeholders are filled after translation. A German
text without an English entry falls back to German (tests/unit/test_i18n.py finds every literal
passed to t() and requires a translation).
"""
from __future__ import annotations

import math
from datetime import date
from collections.abc import Mapping
from typing import Any

import numpy as np
from babel.dates import format_date as babel_format_date
from babel.numbers import format_decimal
from babel.units import format_unit

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


LOCALES = {"de": "de_DE", "en": "en_GB"}


def format_number(value: float | None, decimals: int = 1, lang: str = DEFAULT_LANGUAGE, grouping: bool = True) -> str:
    """12.345,7 in German, 12,345.7 in English (Babel's CLDR patterns); "–" for a missing value.

    The value is first rounded with Python's round (half to even on the binary value), the rule
    public mode rounds by (methods/disclosure.round_values), so a number reads the same wherever
    it is shown; a rounded zero has no sign ("-0,0" never appears)."""
    if value is None or not isinstance(value, (int, float, np.number)) or not math.isfinite(float(value)):
        return "–"
    rounded = round(float(value), decimals) + 0.0  # + 0.0 turns -0.0 into 0.0
    pattern = ("#,##0" if grouping else "0") + ("." + "0" * decimals if decimals > 0 else "")
    return format_decimal(rounded, format=pattern, locale=LOCALES.get(lang, LOCALES[DEFAULT_LANGUAGE]))


def format_date(day: date, lang: str = DEFAULT_LANGUAGE) -> str:
    """31.12.2024 in German, 31 Dec 2024 in English."""
    if lang == "en":
        return babel_format_date(day, "d MMM y", locale=LOCALES["en"])
    return babel_format_date(day, "dd.MM.y", locale=LOCALES["de"])


def format_size(size: int, lang: str = DEFAULT_LANGUAGE) -> str:
    """A file size in CLDR's units (Babel format_unit): 812 Byte, 34 kB, 24,6 MB; decimal units (1 kB = 1000 Byte,
    as the unit names say), whole kB, MB to one decimal."""
    size = int(size)
    unit, value, decimals = (("digital-byte", size, 0) if size < 1000 else
                             ("digital-kilobyte", size / 1000, 0) if size < 999_500 else
                             ("digital-megabyte", size / 1_000_000, 1))
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_unit(round(value, decimals), unit, length="short", format=pattern,
                       locale=LOCALES.get(lang, LOCALES[DEFAULT_LANGUAGE]))


def format_percent_points(value: float | None, decimals: int = 1, lang: str = DEFAULT_LANGUAGE) -> str:
    """A signed difference: +1,5 / −0,3 (a true minus sign); "±0,0" for a rounded zero."""
    if value is None or not isinstance(value, (int, float, np.number)) or not math.isfinite(float(value)):
        return "–"
    text = format_number(abs(value), decimals, lang)
    if round(float(value), decimals) == 0:
        return "±" + text
    return ("+" if value > 0 else "\u2212") + text


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
