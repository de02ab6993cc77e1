"""State of the group breakdown (/gruppen): one area of any level (its level follows from it) and a year."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from dashboard.catalog import CITY_LEVEL
from dashboard.reports import groups as report
from dashboard.state import Reader, ViewState, query_of

if TYPE_CHECKING:
    from dashboard.monitor import Monitor

NOTICE_AREA = "Das Gebiet aus dem Link gibt es in diesem Datensatz nicht; ein Beispielgebiet wird gezeigt."
NOTICE_YEAR = "Für das Jahr aus dem Link gibt es keine Gruppenwerte; das nächstliegende Jahr mit Werten wird gezeigt."


@dataclass(frozen=True)
class GroupsState(ViewState):
    PATH: ClassVar[str] = "/gruppen"
    area: str = ""  # area id ("" when the dataset has no group values)
    level: str = ""
    year: int = 0

    @classmethod
    def from_query(cls, monitor: Monitor, params: dict[str, Any]) -> GroupsState:
        reader = Reader(params)
        levels = report.levels(monitor)
        if not levels:
            return cls(notices=tuple(reader.notices))
        area = monitor.area(reader.text("gebiet")) if reader.given("gebiet") else None
        if area is not None and area["level"] not in levels:
            area = None
        if area is None:
            if reader.given("gebiet"):
                reader.note(NOTICE_AREA)
            level = reader.text("ebene") if reader.text("ebene") in levels else levels[0]
            area = monitor.area(report.default_area(monitor, level))
        years = report.group_years(monitor, area["level"])
        year = reader.year("jahr", years, NOTICE_YEAR, prefer=years[-1] if years else None)
        return cls(area=area["area_id"], level=area["level"], year=int(year or 0), notices=tuple(reader.notices))

    def to_query(self) -> dict[str, str]:
        return query_of(gebiet=self.area, jahr=self.year or None)


def area_at(monitor: Monitor, area_id: str, level: str) -> str | None:
    """The area at `level` that belongs with `area_id` when the user changes the level: its ancestor going up, its most
    populous part going down, the view's default otherwise."""
    area = monitor.area(area_id)
    if area is None or level == CITY_LEVEL:
        return report.default_area(monitor, level)
    if area["level"] == level:
        return area["area_id"]
    above = next((a["area_id"] for a in monitor.ancestors(area_id) if a["level"] == level), None)
    if above:
        return above
    parts = monitor.descendants(area_id, level)
    if parts:
        years = report.group_years(monitor, level)
        base = monitor.dataset.population_indicator
        if years:
            values = monitor.values(base, years[-1], level)
            values = values[values["area_id"].isin(parts) & ~values["suppressed"].astype(bool)].dropna(subset=["value"])
            if not values.empty:
                return str(values.sort_values(["value", "area_id"], ascending=[False, True])["area_id"].iloc[0])
        return sorted(parts)[0]
    return report.default_area(monitor, level)
