"""State of the change map (/veraenderung): an indicator with at least two years, a level, von < bis, a district in focus,
and whether changes within random variation fade (`nur_deutlich=0` switches it off)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from dashboard.reports.series import change_indicators, change_levels
from dashboard.state import Reader, ViewState, query_of, read_district
from dashboard.state.map import pick_indicator, pick_level

if TYPE_CHECKING:
    from dashboard.monitor import Monitor

NOTICE_NO_INDICATOR = "Kein Indikator hat Werte für mindestens zwei Jahre."
NOTICE_INDICATOR = "Für den Indikator aus dem Link lässt sich keine Veränderung zeigen; der Standardindikator wird gezeigt."
NOTICE_YEAR = "Für ein Jahr aus dem Link gibt es keine Werte; das erste bzw. letzte Jahr wird gezeigt."
NOTICE_SAME_YEAR = "Von- und Bis-Jahr sind gleich; verglichen wird mit dem ersten verfügbaren anderen Jahr."
NOTICE_SWAPPED = "Das Von-Jahr lag nach dem Bis-Jahr; die Jahre wurden getauscht."
OFF = ("0", "nein", "aus", "false")  # nur_deutlich=… values that switch the fading off (as ref=… of the time series)


@dataclass(frozen=True)
class ChangeState(ViewState):
    PATH: ClassVar[str] = "/veraenderung"
    indicator: str | None = None  # None: no indicator of the dataset has two years
    level: str = ""
    von: int = 0
    bis: int = 0
    district: str | None = None  # the map zooms to this top-level area and fades the rest
    only_clear: bool = True  # changes within random variation fade (where the indicator has counts; reports.series.change_tests)

    @classmethod
    def from_query(cls, monitor: Monitor, params: dict[str, Any]) -> ChangeState:
        reader = Reader(params)
        allowed = [i.id for i in change_indicators(monitor)]
        if not allowed:
            reader.note(NOTICE_NO_INDICATOR)
            return cls(notices=tuple(reader.notices))
        indicator = pick_indicator(reader, monitor, allowed, NOTICE_INDICATOR)
        level = pick_level(reader, monitor, change_levels(monitor, indicator))
        years = monitor.years(indicator, level)
        von = reader.year("von", years, NOTICE_YEAR, prefer=years[0], nearest=False)
        bis = reader.year("bis", years, NOTICE_YEAR, prefer=years[-1], nearest=False)
        if von == bis:
            reader.note(NOTICE_SAME_YEAR)
            other = [y for y in years if y != bis]
            von, bis = (other[0], bis) if other[0] < bis else (bis, other[0])
        elif von > bis:
            reader.note(NOTICE_SWAPPED)
            von, bis = bis, von
        district = read_district(reader, monitor)
        only_clear = (reader.text("nur_deutlich") or "1").lower() not in OFF
        return cls(indicator=indicator, level=level, von=von, bis=bis, district=district, only_clear=only_clear,
                   notices=tuple(reader.notices))

    def years(self, monitor: Monitor) -> list[int]:
        """The years the von/bis pickers offer."""
        return monitor.years(self.indicator, self.level) if self.indicator else []

    def to_query(self) -> dict[str, str]:
        return query_of(indikator=self.indicator, ebene=self.level, von=self.von or None, bis=self.bis or None,
                        bezirk=self.district, nur_deutlich=None if self.only_clear else "0")
