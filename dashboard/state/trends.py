"""State of the time series view (/zeitreihen): indicator, level, up to five areas of that level, reference lines."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from dashboard.catalog import CITY_LEVEL
from dashboard.reports.series import MAX_AREAS
from dashboard.state import Reader, ViewState, query_of
from dashboard.state.map import pick_indicator, pick_level, preferred_indicator

if TYPE_CHECKING:
    from dashboard.monitor import Monitor

NOTICE_UNKNOWN_AREAS = "Gebiete aus dem Link gibt es auf keiner Gebietsebene dieses Datensatzes; sie wurden weggelassen."
NOTICE_OTHER_LEVEL = "Gebiete aus dem Link liegen nicht auf der Ebene des Diagramms und wurden weggelassen."
NOTICE_TOO_MANY = "Höchstens 5 Gebiete je Diagramm; die übrigen wurden weggelassen."
OFF = ("0", "nein", "aus", "false")  # ref=… values that switch the reference lines off


def read_areas(reader: Reader, monitor: Monitor, key: str = "gebiete") -> tuple[list[dict[str, Any]], int]:
    """The areas of a list parameter (in order, each once, at most 40 read) and how many ids were unknown."""
    ids = reader.id_list(key, limit=40)
    areas = [a for a in (monitor.area(i) for i in ids) if a]
    return areas, len(ids) - len(areas)


def default_indicator(monitor: Monitor) -> str | None:
    """The indicator /zeitreihen opens with when the link names none (state.map.preferred_indicator): the dataset's
    default indicator if the city has a series of it (at least two years), else the first in the registry's order that
    has one. A view without chosen areas draws the city's line, so it must have one: Berlin's default, the MSS status
    index, has no city value and a single year - it would open on an empty chart; its population series opens instead."""
    return preferred_indicator(monitor, lambda i: len(monitor.years(i.id, CITY_LEVEL)) >= 2)


@dataclass(frozen=True)
class TrendsState(ViewState):
    PATH: ClassVar[str] = "/zeitreihen"
    indicator: str = ""
    level: str = ""
    areas: tuple[str, ...] = ()
    reference: bool = True  # parent areas and the city as dashed reference lines

    @classmethod
    def from_query(cls, monitor: Monitor, params: dict[str, Any]) -> TrendsState:
        reader = Reader(params)
        found, unknown = read_areas(reader, monitor)
        known = [a for a in found if a["level"] in monitor.dataset.level_ids]  # the city is no line of its own
        if unknown or len(known) < len(found):
            reader.note(NOTICE_UNKNOWN_AREAS)
        indicator = pick_indicator(reader, monitor, default=default_indicator(monitor)) or ""
        levels = monitor.levels_for(indicator) if indicator else []
        if not reader.given("ebene") and known and known[0]["level"] in levels:
            level = known[0]["level"]  # a link with areas only: their level
        else:
            level = pick_level(reader, monitor, levels)
        areas = [a["area_id"] for a in known if a["level"] == level]
        if len(areas) < len(known):
            reader.note(NOTICE_OTHER_LEVEL)
        if len(areas) > MAX_AREAS:
            reader.note(NOTICE_TOO_MANY)
        reference = (reader.text("ref") or "1").lower() not in OFF
        return cls(indicator=indicator, level=level, areas=tuple(areas[:MAX_AREAS]), reference=reference,
                   notices=tuple(reader.notices))

    def to_query(self) -> dict[str, str]:
        return query_of(indikator=self.indicator, ebene=self.level, gebiete=self.areas, ref=None if self.reference else "0")
