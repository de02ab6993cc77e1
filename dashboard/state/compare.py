"""State of the comparison (/vergleich): 2–5 areas of any level, a year, the indicator of the bar chart."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from dashboard.catalog import CITY_LEVEL
from dashboard.reports.compare import MAX_AREAS, MIN_AREAS, comparison_years
from dashboard.reports.series import indicators_by_year
from dashboard.state import Reader, ViewState, opening_year, query_of
from dashboard.state.map import NOTICE_INDICATOR, pick_indicator, preferred_indicator
from dashboard.state.trends import read_areas

if TYPE_CHECKING:
    from dashboard.monitor import Monitor

NOTICE_UNKNOWN_AREAS = "Gebiete aus dem Link gibt es in diesem Datensatz nicht und wurden weggelassen."
NOTICE_CITY = "Die Gesamtstadt steht immer als eigene Spalte im Vergleich."
NOTICE_TOO_MANY = "Höchstens 5 Gebiete lassen sich vergleichen; die übrigen wurden weggelassen."
NOTICE_TOO_FEW = "Wählen Sie 2 bis 5 Gebiete zum Vergleich (Suchfeld links oder ein Link /vergleich?gebiete=…)."
NOTICE_YEAR = "Für das Jahr aus dem Link gibt es keine Werte dieser Gebiete; das nächstliegende Jahr mit Werten wird gezeigt."


def chart_indicator(monitor: Monitor, present: Any) -> str | None:
    """The bar chart's indicator when the link names none (state.map.preferred_indicator): of the indicators the table
    has (`present`), the dataset's default indicator or the first in the registry's order that is not a count (a
    count's city bar dwarfs every area), else the default or the first the table has."""
    return preferred_indicator(monitor, lambda i: i.id in present and i.kind != "count", lambda i: i.id in present)


FULLEST = 1.0  # the table shows only the year's own values: open at the year with the most measured indicators


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
        if len(areas) < MIN_AREAS and (areas or reader.given("gebiete")):  # none at all: the page's empty state says it
            reader.note(NOTICE_TOO_FEW)
        available = indicators_by_year(monitor, [a["area_id"] for a in areas])
        year = reader.year("jahr", list(available), NOTICE_YEAR,
                           prefer=opening_year(available, default=monitor.dataset.default_year, share=FULLEST))
        indicator = pick_indicator(reader, monitor, default=chart_indicator(monitor, available.get(year, {}))) or ""
        return cls(areas=tuple(a["area_id"] for a in areas), year=int(year), indicator=indicator, notices=tuple(reader.notices))

    def chosen(self, params: dict[str, Any]) -> dict[str, bool]:
        """Which of year and chart indicator the link set and this state kept: those stay when the areas change; a
        link's year without values (or an unknown indicator) was replaced by a default and is not a choice."""
        return {"jahr": bool(params.get("jahr")) and NOTICE_YEAR not in self.notices,
                "indikator": bool(params.get("indikator")) and NOTICE_INDICATOR not in self.notices}

    def area_records(self, monitor: Monitor) -> list[dict[str, Any]]:
        """The chosen areas as area_id, level, name."""
        return [{"area_id": a["area_id"], "level": a["level"], "name": a["name"]}
                for a in (monitor.area(i) for i in self.areas) if a]

    def years(self, monitor: Monitor) -> list[int]:
        return comparison_years(monitor, self.area_records(monitor))

    def to_query(self) -> dict[str, str]:
        return query_of(gebiete=self.areas, jahr=self.year or None, indikator=self.indicator)
