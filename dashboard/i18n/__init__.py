"""User-facing strings. German is the default; English is the second language (issue 6 fills it)."""
from __future__ import annotations

from dashboard.i18n.de import STRINGS as DE
from dashboard.i18n.en import STRINGS as EN

LANGUAGES = {"de": DE, "en": EN}


def t(key: str, lang: str = "de", **values) -> str:
    """The string for key in lang (falling back to German), formatted with values."""
    text = LANGUAGES.get(lang, DE).get(key) or DE[key]
    return text.format(**values) if values else text
