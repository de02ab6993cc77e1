"""State of the status/dynamics index view (/sozialindex): which index, which year, which district in focus."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from dashboard.state import Reader, ViewState, query_of, read_district

if TYPE_CHECKING:
    from dashboard.methods.indices import IndexDefinition
    from dashboard.monitor import Monitor

NOTICE_INDEX = "Den Index aus dem Link gibt es nicht; der erste Index des Datensatzes wird gezeigt."
NOTICE_NO_INDEX = "Für diesen Datensatz ist kein Status-/Dynamik-Index festgelegt."
NOTICE_YEAR = "Für das Jahr aus dem Link gibt es keinen Index; das letzte Jahr wird gezeigt."


def index_definitions(monitor: Monitor) -> list[IndexDefinition]:
    """The dataset's indices whose indicators are all visible in this mode."""
    return [d for d in monitor.dataset.indices if monitor.index_definition(d.id)]


@dataclass(frozen=True)
class IndexState(ViewState):
    PATH: ClassVar[str] = "/sozialindex"
    index: str = ""  # the index's id; "" when the dataset has none
    year: int | None = None
    district: str | None = None  # the map zooms to this top-level area and fades the rest

    @classmethod
    def from_query(cls, monitor: Monitor, params: dict[str, Any]) -> IndexState:
        reader = Reader(params)
        definitions = index_definitions(monitor)
        if not definitions:
            if reader.given("index"):
                reader.note(NOTICE_INDEX)
            reader.note(NOTICE_NO_INDEX)
            return cls(notices=tuple(reader.notices))
        index = reader.choice("index", [d.id for d in definitions], definitions[0].id, NOTICE_INDEX)
        year = reader.year("jahr", monitor.index_years(monitor.index_definition(index)), NOTICE_YEAR, nearest=False)
        return cls(index=index, year=year, district=read_district(reader, monitor), notices=tuple(reader.notices))

    def to_query(self) -> dict[str, str]:
        return query_of(index=self.index, jahr=self.year, bezirk=self.district)

    def definition(self, monitor: Monitor) -> IndexDefinition | None:
        return monitor.index_definition(self.index) if self.index else None
