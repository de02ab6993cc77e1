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
