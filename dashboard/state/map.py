"""State of the map view (/): indicator, year, level, selected area, drill-down focus."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from dashboard.state import Reader, ViewState, opening_year, query_of

if TYPE_CHECKING:
    from dashboard.catalog import Indicator
    from dashboard.monitor import Monitor

NOTICE_INDICATOR = "Der Indikator aus dem Link ist nicht verfügbar; der Standardindikator wird gezeigt."
NOTICE_LEVEL = "Die Gebietsebene aus dem Link passt nicht zum Indikator; eine passende Ebene wird gezeigt."
NOTICE_YEAR = "Für das Jahr aus dem Link gibt es keine Werte; das nächstliegende Jahr wird gezeigt."
NOTICE_AREA = "Das Gebiet aus dem Link gibt es in diesem Datensatz nicht."
NOTICE_FOCUS = "Der Ausschnitt aus dem Link passt nicht zur Gebietsebene und wird nicht gezeigt."


def pick_indicator(reader: Reader, monitor: Monitor, allowed: list[str] | None = None, notice: str = NOTICE_INDICATOR,
                   key: str = "indikator", default: str | None = None) -> str | None:
    """An indicator id: the given one if visible (and in `allowed`), else `default` (the view's own choice),
    else the dataset's default, else the first."""
    allowed = allowed if allowed is not None else [i.id for i in monitor.indicators()]
    if not allowed:
        return None
    default = default if default in allowed else monitor.dataset.default_indicator
    return reader.choice(key, allowed, default if default in allowed else allowed[0], notice)


def pick_level(reader: Reader, monitor: Monitor, levels: list[str], key: str = "ebene") -> str:
    """A level of `levels`: the given one, else the dataset's default level, else the first."""
    default = monitor.dataset.default_level
    return reader.choice(key, levels, default if default in levels or not levels else levels[0], NOTICE_LEVEL)


def preferred_indicator(monitor: Monitor, *qualifies: Callable[[Indicator], bool]) -> str | None:
    """A view's own default indicator, one rule for all: for each test in turn, the dataset's default indicator if it
    passes, else the first visible indicator in the registry's order that does; None when none passes any."""
    shown = monitor.indicators()
    default = next((i for i in shown if i.id == monitor.dataset.default_indicator), None)
    for test in qualifies:
        found = next((i for i in ([default] if default is not None else []) + shown if test(i)), None)
        if found is not None:
            return found.id
    return None


def map_year(monitor: Monitor, indicator: str | None, years: list[int]) -> int:
    """The year a map opens at without a year in its link, by state.opening_year over the indicator's years at the
    level: the dataset's default year for its default indicator (the edition the data owner chose, e.g. the MSS),
    otherwise the latest year (one indicator: the latest year with a value is its richest)."""
    prefer = monitor.dataset.default_year if indicator == monitor.dataset.default_indicator else None
    return opening_year({y: {indicator or "": True} for y in years}, prefer=prefer, default=monitor.dataset.default_year)


@dataclass(frozen=True)
class MapState(ViewState):
    PATH: ClassVar[str] = "/"
    indicator: str = ""
    year: int = 0
    level: str = ""
    area: str | None = None
    focus: str | None = None  # drill-down: only the areas inside this (higher-level) area
    overlays: tuple[str, ...] = ()  # further map layers (dashboard/overlays.py), `ebenen=kita,em`

    @classmethod
    def from_query(cls, monitor: Monitor, params: dict[str, Any]) -> MapState:
        reader = Reader(params)
        indicator = pick_indicator(reader, monitor)
        level = pick_level(reader, monitor, monitor.levels_for(indicator))
        years = monitor.years(indicator, level)
        year = reader.year("jahr", years, NOTICE_YEAR, prefer=map_year(monitor, indicator, years))
        area = reader.text("gebiet")
        if area is not None and not monitor.area(area):
            reader.note(NOTICE_AREA)
            area = None
        focus = monitor.focus_for(reader.text("fokus"), level)
        if reader.given("fokus") and focus is None:
            reader.note(NOTICE_FOCUS)
        from dashboard.overlays import parse_param
        overlays = parse_param(reader.text("ebenen"), [o.id for o in monitor.overlays()])
        return cls(indicator=indicator, year=year if year is not None else monitor.dataset.default_year, level=level,
                   area=area, focus=focus, overlays=overlays, notices=tuple(reader.notices))

    def to_query(self) -> dict[str, str]:
        return query_of(indikator=self.indicator, jahr=self.year, ebene=self.level, gebiet=self.area, fokus=self.focus,
                        ebenen=self.overlays)
