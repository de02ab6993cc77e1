"""State of the comparison (/vergleich): 2–5 areas of any level, a year, the indicator of the bar chart."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from dashboard.catalog import CITY_LEVEL
from dashboard.reports.compare import MAX_AREAS, MIN_AREAS, comparison_years
from dashboard.state import Reader, ViewState, query_of
from dashboard.state.map import pick_indicator
from dashboard.state.trends import read_areas

if TYPE_CHECKING:
    from dashboard.monitor import Monitor

NOTICE_UNKNOWN_AREAS = "Gebiete aus dem Link gibt es in diesem Datensatz nicht und wurden weggelassen."
NOTICE_CITY = "Die Gesamtstadt steht immer als eigene Spalte im Vergleich."
NOTICE_TOO_MANY = "Höchstens 5 Gebiete lassen sich vergleichen; die übrigen wurden weggelassen."
NOTICE_TOO_FEW = "Wählen Sie 2 bis 5 Gebiete zum Vergleich (Suchfeld links oder ein Link /vergleich?gebiete=…)."
NOTICE_YEAR = "Für das Jahr aus dem Link gibt es keine Werte; das letzte Jahr wird gezeigt."


@dataclass(frozen=True)
class CompareState(ViewState):
    PATH: ClassVar[str] = "/vergleich"
    areas: tuple[str, ...] = ()  # area ids in the order chosen (never the city: it always has its own column)
    year: int = 0
    indicator: str = ""  # the bar chart's indicator

    @classmethod
    def from_query(cls, monitor: Monitor, params: dict[str, Any]) -> CompareState:
        reader = Reader(params)
        found, unknown = read_areas(reader, monitor)
        if unknown:
            reader.note(NOTICE_UNKNOWN_AREAS)
        if any(a["level"] == CITY_LEVEL for a in found):
            reader.note(NOTICE_CITY)
        areas = [a for a in found if a["level"] != CITY_LEVEL]
        if len(areas) > MAX_AREAS:
            reader.note(NOTICE_TOO_MANY)
            areas = areas[:MAX_AREAS]
        if len(areas) < MIN_AREAS:
            reader.note(NOTICE_TOO_FEW)
        years = comparison_years(monitor, areas)
        year = reader.year("jahr", years, NOTICE_YEAR, prefer=years[-1] if years else monitor.dataset.default_year,
                           nearest=False)
        indicator = pick_indicator(reader, monitor) or ""
        return cls(areas=tuple(a["area_id"] for a in areas), year=int(year), indicator=indicator, notices=tuple(reader.notices))

    def area_records(self, monitor: Monitor) -> list[dict[str, Any]]:
        """The chosen areas as area_id, level, name."""
        return [{"area_id": a["area_id"], "level": a["level"], "name": a["name"]}
                for a in (monitor.area(i) for i in self.areas) if a]

    def years(self, monitor: Monitor) -> list[int]:
        return comparison_years(monitor, self.area_records(monitor))

    def to_query(self) -> dict[str, str]:
        return query_of(gebiete=self.areas, jahr=self.year or None, indikator=self.indicator)
