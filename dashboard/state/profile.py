"""State of the area profile (/gebiet/<id>): the area (from the path), the year and the grouping."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from dashboard.reports.series import indicators_by_year
from dashboard.state import Reader, ViewState, opening_year, query_of
from dashboard.urls import href

if TYPE_CHECKING:
    from dashboard.monitor import Monitor

NOTICE_YEAR = "Für das Jahr aus dem Link gibt es keine Werte dieses Gebiets; das Standardjahr wird gezeigt."
GROUPS = ("dimension", "zielbereich")  # the first is the default and is left out of the address
PATH_KEY = "_pfad"  # the router passes the rest of the path (/gebiet/<id>) under this key


def available_years(monitor: Monitor, area_id: str) -> tuple[list[int], int]:
    """Years with any value for the area, and the default: state.opening_year over the area's indicators per year
    (reports.series.indicators_by_year; estimates do not count, an area with nothing but estimates counts them). Not
    the dataset's default year: that is the map's year (Berlin: 2020, the MSS year), in which the population shares
    are carried estimates."""
    available = indicators_by_year(monitor, [area_id])
    return list(available), int(opening_year(available, default=monitor.dataset.default_year))


def area_of(params: Any) -> str:
    """The area id the path names (/gebiet/<id>), as given (may be unknown)."""
    raw = params.get(PATH_KEY) if isinstance(params, dict) else None
    return str(raw or "").strip("/")


@dataclass(frozen=True)
class ProfileState(ViewState):
    PATH: ClassVar[str] = "/gebiet/"
    area: str = ""
    year: int = 0
    group: str = GROUPS[0]
    years: tuple[int, ...] = ()  # the area's years with values (the year picker's options); not part of the address

    @classmethod
    def from_query(cls, monitor: Monitor, params: Any, area: Any = None) -> ProfileState | None:
        """The profile the address (or a callback's control values) asks for; None when the area does not exist.
        area: the area id; by default the one the path names (params["_pfad"])."""
        params = params if isinstance(params, dict) else {}
        area_id = area_of(params) if area is None else area
        if not isinstance(area_id, str) or monitor.area(area_id) is None:
            return None
        reader = Reader(params)
        years, default = available_years(monitor, area_id)
        year = reader.year("jahr", years, NOTICE_YEAR, prefer=default, nearest=False)
        # an unknown grouping is the default one, without a notice: the router's page cache drops it before the
        # view is asked (page_cache.canonical_values), and raw and canonical parameters must give the same page
        group = reader.text("gruppe") if reader.text("gruppe") in GROUPS else GROUPS[0]
        return cls(area=area_id, year=int(year), group=group, years=tuple(years), notices=tuple(reader.notices))

    def to_query(self) -> dict[str, str]:
        return query_of(jahr=self.year, gruppe=None if self.group == GROUPS[0] else self.group)

    def href(self, lang: str = "de", **changes: Any) -> str:
        state = self.with_(**changes) if changes else self
        return href(self.PATH + state.area, state.to_query(), lang)
