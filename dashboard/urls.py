"""URL query parsing shared by the router and the views."""
from __future__ import annotations

from urllib.parse import parse_qs

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


def view_query(params: dict[str, str | None], current_search: str | None) -> str:
    """A view's new query string (`?a=1&b=2`), keeping the page-wide flags of the current address:
    language, presentation mode and the data release the link was made with (its banner stays;
    "Link kopieren" always names the current release)."""
    from urllib.parse import urlencode

    current = query_params(current_search)
    merged = {**{k: current[k] for k in PAGE_FLAGS if k in current}, **{k: v for k, v in params.items() if v not in (None, "")}}
    return "?" + urlencode(merged) if merged else ""
