"""User-facing strings. German is the default; English is the second language (issue 6 fills it)."""
from __future__ import annotations

from dashboard.i18n.de import STRINGS as DE
from dashboard.i18n.en import STRINGS as EN

LANGUAGES = {"de": DE, "en": EN}


def t(key: str, lang: str = "de", **values) -> str:
    """The string for key in lang (falling back to German), formatted with values."""
    text = LANGUAGES.get(lang, DE).get(key) or DE[key]
    return text.format(**values) if values else text


_PLURALS = (("raum", "räume"), ("region", "regionen"), ("platz", "plätze"), ("teil", "teile"), ("bezirk", "bezirke"),
            ("viertel", "viertel"), ("gebiet", "gebiete"), ("quartier", "quartiere"))


def plural_de(label: str) -> str:
    """German plural of a spatial level's label (Planungsraum → Planungsräume, Stadtteil → Stadtteile)."""
    for singular, plural in _PLURALS:
        if label.lower().endswith(singular):
            return label[: len(label) - len(singular)] + (plural if label[-len(singular)].islower() else plural.capitalize())
    return label
