"""The gazetteer of a dataset: places people know (Ortsteil, postcode, street, address, colloquial name)
and the areas they lie in. Pure functions shared by the import (which writes the search keys) and the
search (which normalises what a user types the same way); docs/ingest.md, „Ortsverzeichnis“.

One table, `gazetteer.parquet` in the dataset folder, one row per place and area:

    kind      ortsteil | plz | strasse | adresse | alias
    name      the place's name (street name for strasse and adresse, the postcode for plz)
    number    house number with suffix (adresse only, e.g. "100A")
    postcode  postcode of a street segment or address (optional)
    area_id   an area of the finest level (alias: of any level)
    weight    addresses of the place in that area (adresse: 1): the address-weighted share of a place
    key       search key of name (place_key), written by the import
    number_key  search key of number (number_key), written by the import

Why a key column rather than matching at query time: Berlin has 401,032 addresses; comparing a
precomputed key is a plain equality or prefix test in DuckDB (a few milliseconds), where folding every
name per keystroke would not be. A change of place_key needs a re-import (the key is data).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

KINDS = ("ortsteil", "plz", "strasse", "adresse", "alias")
COLUMNS = ("kind", "name", "number", "postcode", "area_id", "weight")
STORED_COLUMNS = (*COLUMNS, "key", "number_key")
FILE = "gazetteer.parquet"

_FOLDED = {"ß": "ss", "ä": "a", "ö": "o", "ü": "u", "æ": "ae", "ø": "o"}  # letters people type either way
_FOLD = re.compile("[" + "".join(_FOLDED) + "]")
_VOWEL_E = re.compile(r"(?<=[a-z])(ae|oe|ue)")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_ADDRESS = re.compile(r"^(?P<street>.*?[^\d\s,.\-/])[\s.]*(?P<number>\d{1,4})\s*(?P<suffix>[a-z]?)$", re.IGNORECASE)
_POSTCODE = re.compile(r"\b(\d{4,5})\b")


def place_key(text: object) -> str:
    """The search key of a name: case, accents and umlauts folded (ä, ae → a; ß → ss), "Straße", "Strasse"
    and "Str." alike, spaces, hyphens and punctuation dropped: "Karl-Marx-Straße" and "karl marx str" give
    the same key "karlmarxstr"."""
    s = unicodedata.normalize("NFKC", str(text or "")).lower()
    s = _FOLD.sub(lambda m: _FOLDED[m.group()], s)
    s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    s = s.replace("strasse", "str")
    s = _VOWEL_E.sub(lambda m: m.group(1)[0], s)
    return _NOT_ALNUM.sub("", s)


def number_key(text: object) -> str:
    """The search key of a house number: "100 A", "100a" and "100A" alike ("100a")."""
    return _NOT_ALNUM.sub("", str(text or "").lower())


def number_digits(text: object) -> str:
    """The key of a house number without its letter suffix: "100 A" -> "100" (the register may lack the suffix)."""
    return number_key(text).rstrip("abcdefghijklmnopqrstuvwxyz")


def address_text(name: str, number: str, postcode: str | None = None) -> str:
    """An address as people write it and as the search reads it back: "Sonnenallee 100, 12049" ("Sonnenallee 100"
    without a postcode)."""
    return f"{name} {number}" + (f", {postcode}" if postcode else "")


@dataclass(frozen=True)
class Query:
    """What a user typed, read as a place: the key of the name and, for an address, number and postcode."""

    text: str
    key: str  # the whole text's key (a place, an area name)
    street_key: str | None = None  # "Sonnenallee 100, 12049": key of "Sonnenallee"
    number: str | None = None  # "100" / "100a"
    postcode: str | None = None  # "12049" after a comma

    @property
    def number_digits(self) -> str | None:
        """The typed house number without its suffix ("100a" -> "100"), for the nearest the register has."""
        return number_digits(self.number) if self.number else None

    def names_number(self, number: str) -> bool:
        """Whether a house number of the register is the one typed ("100A" for "100a" or for "100")."""
        return self.number is not None and self.number in (number_key(number), number_digits(number))


def parse_query(text: str) -> Query:
    """Read "Sonnenallee 100", "sonnenallee 100a", "Sonnenallee 100 a, 12049", "12049", "Neukölln"."""
    text = " ".join(str(text).split())
    main, _, rest = text.partition(",")
    found = _POSTCODE.search(rest)
    postcode = found.group(1) if found else None
    match = _ADDRESS.match(main.strip())
    if match and place_key(match.group("street")):
        return Query(text, place_key(main), place_key(match.group("street")),
                     number_key(match.group("number") + match.group("suffix")), postcode)
    return Query(text, place_key(main), postcode=postcode)
