"""Typed view state: what a view shows, as a frozen dataclass read from and written to its URL.

Every view has one state class here (one module per view) with
- `from_query(monitor, params)`: the URL's parameters (or a callback's control values) checked
  against the data; whatever was not understood falls back to a default and leaves a notice,
- `to_query()`: the URL parameters that describe it (dashboard/urls.py builds the address).
The notices are German catalogue texts (ui/components.notice shows them in the page language).
A `Reader` does the checking that all views share, so no view parses a parameter on its own.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, ClassVar, Self

from dashboard.urls import INVALID_FLAG, href

if TYPE_CHECKING:
    from dashboard.monitor import Monitor

INVALID_ADDRESS = "Die Adresse war ungültig oder zu lang; die Standardansicht wird gezeigt."
MAX_LIST = 50  # ids in one list parameter (gebiete=…, aus=…)


class Reader:
    """Reads one query: each method returns a usable value and notes what it could not use."""

    def __init__(self, params: Mapping[str, Any]):
        self.params = params
        self.notices: list[str] = [INVALID_ADDRESS] if params.get(INVALID_FLAG) else []

    def given(self, key: str) -> bool:
        return self.params.get(key) not in (None, "")

    def text(self, key: str) -> str | None:
        """The raw parameter as text (callbacks send JSON numbers and lists too; only text is taken)."""
        value = self.params.get(key)
        if isinstance(value, bool) or value is None:
            return None
        if isinstance(value, (int, float)):
            return str(int(value)) if float(value).is_integer() else str(value)
        return value if isinstance(value, str) and value else None

    def note(self, notice: str) -> None:
        if notice not in self.notices:
            self.notices.append(notice)

    def choice(self, key: str, allowed: Iterable[Any], default: Any, notice: str) -> Any:
        """The parameter if it is one of `allowed`, else `default` (with the notice if one was given)."""
        raw = self.text(key)
        if raw is not None and raw in set(allowed):
            return raw
        if self.given(key):
            self.note(notice)
        return default

    def integer(self, key: str) -> int | None:
        raw = self.text(key)
        try:
            return int(raw[:6]) if raw is not None else None
        except ValueError:
            return None

    def year(self, key: str, years: Sequence[int], notice: str, prefer: int | None = None, nearest: bool = True) -> int | None:
        """A year of `years`: the given one, else (with the notice) the one nearest to it or to `prefer`
        (nearest=True), or `prefer` itself / the last year (nearest=False)."""
        year = self.integer(key)
        if year in years:
            return year
        if self.given(key):
            self.note(notice)
        if not years:
            return prefer
        target = year if year is not None and nearest else prefer
        if target is None:
            return years[-1]
        if not nearest:
            return target if target in years else years[-1]
        return target if target in years else min(nearest_years(years, target), key=lambda y: (abs(y - target), -y))

    def id_list(self, key: str, allowed: Iterable[str] | None = None, notice: str | None = None, limit: int = MAX_LIST) -> list[str]:
        """A comma-separated list of ids, in order, each once; unknown ones dropped (with the notice)."""
        raw = self.text(key)
        if raw is None:
            if notice and self.given(key):
                self.note(notice)
            return []
        items = list(dict.fromkeys(i.strip() for i in raw.split(",") if i.strip()))
        known = set(allowed) if allowed is not None else None
        kept = [i for i in items if known is None or i in known]
        if notice and (len(kept) < len(items) or len(kept) > limit):
            self.note(notice)
        return kept[:limit]


@dataclass(frozen=True)
class ViewState:
    """Base of the views' states: a path, the query that describes the state, and the notices."""

    PATH: ClassVar[str] = "/"
    notices: tuple[str, ...] = field(default=(), compare=False, kw_only=True)

    def to_query(self) -> dict[str, str]:
        raise NotImplementedError

    def with_(self, **changes: Any) -> Self:
        """The same view with some fields changed (no notices: a link made by the app is understood)."""
        return replace(self, notices=(), **changes)

    def href(self, lang: str = "de", **changes: Any) -> str:
        """This view's address (with `changes`), in lang."""
        state = self.with_(**changes) if changes else self
        return href(self.PATH, state.to_query(), lang)


NOTICE_DISTRICT = "Das Gebiet für den Ausschnitt aus dem Link gibt es nicht; die ganze Stadt wird gezeigt."


def district_names(monitor: Monitor) -> dict[str, str]:
    """The districts a map can be focused on (`bezirk=`): the areas of the dataset's top level, id -> name.
    Empty for a dataset with one level: its only level is the one the map draws, there is nothing above it."""
    levels = monitor.dataset.level_ids
    return monitor.area_names(levels[-1]) if len(levels) > 1 else {}


def read_district(reader: Reader, monitor: Monitor) -> str | None:
    """The district of `bezirk=` (district_names), or None: the whole city (with a notice if one was asked for)."""
    district = reader.text("bezirk")
    if district is not None and district in district_names(monitor):
        return district
    if reader.given("bezirk"):
        reader.note(NOTICE_DISTRICT)
    return None


def query_of(**values: Any) -> dict[str, str]:
    """URL parameters from named values: None and empty values left out, lists joined by commas."""
    out = {}
    for key, value in values.items():
        if value is None or value == "" or value == () or value == []:
            continue
        out[key] = ",".join(str(v) for v in value) if isinstance(value, (list, tuple)) else str(value)
    return out


def richest_year(counts: Mapping[int, int], share: float = 0.5) -> int | None:
    """The year a view opens at: the latest year in which at least `share` as many indicators have values as in
    the year with the most (counts: year -> number of indicators with values); None when there are none.
    Latest rather than fullest, so a view does not open years back because one source was richer then.

    Count measured values only where the data hold estimates (values carried across a boundary reform,
    `estimate = true`): a year rich only in estimates is no reason to open there. Berlin 2020 has the MSS 2021
    and, carried from LOR 2006, every population share: counted with them, a profile opened at 2020, where a
    Planungsraum shows the share of the old area it was cut from (docs/methods.md, „Übertragung alt → neu“)."""
    best = max(counts.values(), default=0)
    if best <= 0:
        return None
    return max(int(year) for year, n in counts.items() if n >= share * best)


def opening_counts(available: Mapping[int, Mapping[str, bool]]) -> dict[int, int]:
    """What the opening rule counts per year, from `available` (year -> {indicator id: True when one of its values is
    measured, False when all are estimates}, as reports.series.indicators_by_year gives it): the measured indicators;
    where there are none in any year, every indicator (a series of estimates only still opens somewhere)."""
    measured = {int(year): sum(1 for m in found.values() if m) for year, found in available.items()}
    if any(measured.values()):
        return measured
    return {int(year): len(found) for year, found in available.items()}


def opening_year(available: Mapping[int, Mapping[str, bool]], prefer: int | None = None,
                 default: int | None = None, share: float = 0.5) -> int | None:
    """The one rule for the year a view opens at without a year in its link (map, time series links, comparison,
    profile): `prefer` when the data have it (the map's dataset default year for the dataset's default indicator: the
    edition the data owner chose), else richest_year over opening_counts(available), else `default`
    (docs/methods.md, „Startjahr und Standardauswahl der Ansichten“). share: see richest_year; a view that shows only
    the year's own values (the comparison) opens at the fullest year (share 1), a view that shows each indicator's
    latest value up to the year (the profile) loses nothing in a later year (share 0.5)."""
    if prefer is not None and prefer in available:
        return int(prefer)
    year = richest_year(opening_counts(available), share)
    return default if year is None else year


def nearest_years(years: Sequence[int], year: int) -> list[int]:
    """The nearest of `years` before `year` and the nearest after it (those there are), ascending."""
    before = [y for y in years if y < year]
    after = [y for y in years if y > year]
    return ([max(before)] if before else []) + ([min(after)] if after else [])
