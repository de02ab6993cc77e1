"""URL query parsing shared by the router and the views."""
from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import parse_qs, quote, urlencode

MAX_QUERY_LENGTH = 2000


def query_params(search: str | None) -> dict[str, str]:
    """URL query -> first value per key; hostile or oversized queries give no parameters at all."""
    if search is not None and not isinstance(search, str):  # only a hostile client sends other JSON types
        return {"_ungueltig": "1"}
    text = (search or "").lstrip("?")
    if len(text) > MAX_QUERY_LENGTH:
        return {"_ungueltig": "1"}
    try:
        parsed = parse_qs(text, max_num_fields=30)
    except ValueError:
        return {"_ungueltig": "1"}
    return {key[:40]: values[0][:200] for key, values in parsed.items() if values}


PAGE_FLAGS = ("praesentation", "sprache", "stand")  # page-wide, not view state: kept when a view rewrites its query

# Every query parameter a view reads (the one allow-list; tests/unit/test_page_cache.py checks it
# against what the view states in dashboard/state/ read and write). The router passes only
# these (and the page-wide flags) to the views, so any other parameter (`?zz=…`) neither reaches a
# view nor makes a new page-cache entry.
VIEW_PARAMS = frozenset({
    "indikator", "jahr", "ebene", "gebiet", "fokus",  # map (state/map.py), trends, change, compare
    "ebenen",  # the map's further layers (dashboard/overlays.py)
    "regel", "aus", "k", "schnitt", "dimension", "bezirk",  # /mehrfachbelastung
    "kulisse", "lage",  # /mehrfachbelastung: inside/outside a funding area (dashboard/kulissen.py)
    "index",  # /sozialindex
    "von", "bis", "nur_deutlich",  # /veraenderung
    "gebiete", "ref",  # /vergleich, /zeitreihen
    "gruppe",  # /gebiet/<id>
    "ort",  # /suche (dashboard/ui/search.py)
})
# set by query_params for a hostile query, never taken from the address as such
INVALID_FLAG = "_ungueltig"


def known_params(params: dict[str, str]) -> dict[str, str]:
    """Only the parameters a view or the page understands, in a canonical (sorted) order."""
    kept = {k: v for k, v in sorted(params.items()) if k in VIEW_PARAMS or k in PAGE_FLAGS}
    if INVALID_FLAG in params:
        kept[INVALID_FLAG] = "1"
    return kept


def href(path: str, query: Mapping[str, str] | None = None, lang: str = "de") -> str:
    """The one way the app writes an address: `path` plus the query, escaped, with the language
    (?sprache=en) kept. Every link and redirect of the views is made here (or by a state's href)."""
    params = {k: str(v) for k, v in (query or {}).items() if v not in (None, "")}
    params.pop("sprache", None)
    if lang == "en":
        params["sprache"] = "en"
    return quote(path) + ("?" + urlencode(params, safe=",") if params else "")


def area_path(area_id: str) -> str:
    """The path of an area's profile, escaped: /gebiet/<id>."""
    return quote(f"/gebiet/{area_id}")


def area_href(area_id: str, lang: str = "de", year: int | None = None) -> str:
    """The profile of an area (/gebiet/<id>)."""
    return href(f"/gebiet/{area_id}", {"jahr": year} if year is not None else {}, lang)


METHODOLOGY_PATH = "/methodik"
INDICATOR_PREFIX = "/indikator/"


def indicator_href(indicator_id: str, lang: str = "de") -> str:
    """The fact sheet of an indicator (/indikator/<id>): definition, source, method, limits."""
    return href(f"{INDICATOR_PREFIX}{indicator_id}", {}, lang)


def view_query(params: dict[str, str | None], current_search: str | None) -> str:
    """A view's new query string (`?a=1&b=2`), keeping the page-wide flags of the current address:
    language, presentation mode and the data release the link was made with (its banner stays;
    "Link kopieren" always names the current release)."""
    current = query_params(current_search)
    merged = {**{k: current[k] for k in PAGE_FLAGS if k in current}, **{k: v for k, v in params.items() if v not in (None, "")}}
    return "?" + urlencode(merged) if merged else ""


# The map view's colourings and their tooltips' standing sentences (dashboard/colouring.py serves them; assets/qm_map.js
# colouringUrl builds the same): one immutable address per release, language, level, indicator, year (and focus).
COLOURING_PREFIX = "/faerbung/v1"  # v1: the answer's shape
STANDING_SUFFIX = "/rang"  # the standing sentences: large (50,000 areas: 4.6 MB), so not in the colouring


def colouring_url(release: str, lang: str, level: str, indicator: str, year: int, focus: str | None = None) -> str:
    """The address of one colouring of the map view."""
    from urllib.parse import quote, urlencode

    parts = [COLOURING_PREFIX, quote(release, safe=""), lang, quote(level, safe=""), quote(indicator, safe=""), str(int(year))]
    return "/".join(parts) + (f"?{urlencode({'fokus': focus})}" if focus else "")


def standing_url(release: str, lang: str, level: str, indicator: str, year: int) -> str:
    """The address of the standing sentences of one colouring (the page fetches them after the paint)."""
    return colouring_url(release, lang, level, indicator, year) + STANDING_SUFFIX
