"""State of the multiple-burden view (/mehrfachbelastung): rule, year, scenario, filters.

A scenario (criteria switched off, another minimum count k, another cut rule) exists only in the
internal view; a public address asking for one shows the official rule with a notice.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from dashboard.state import Reader, ViewState, query_of, read_district

if TYPE_CHECKING:
    from dashboard.methods.burden import BurdenRule
    from dashboard.monitor import Monitor

NOTICE_RULE = "Die Regel aus dem Link gibt es nicht; die offizielle Regel wird gezeigt."
NOTICE_NO_RULE = "Für diesen Datensatz ist keine Regel zur Mehrfachbelastung festgelegt."
NOTICE_YEAR = "Für das Jahr aus dem Link gibt es keine Werte; das letzte Jahr wird gezeigt."
NOTICE_PUBLIC = "Szenarien gibt es nur in der internen Ansicht; gezeigt wird die offizielle Regel."
NOTICE_CUT = "Die Schnittregel aus dem Link ist unbekannt."
NOTICE_KULISSE = "Die Kulisse aus dem Link gibt es nicht; alle Gebiete werden gezeigt."
NOTICE_LAGE = "Die Lage zur Kulisse aus dem Link ist unbekannt; gezeigt werden die Gebiete innerhalb der Kulisse."
INSIDE, OUTSIDE = "innerhalb", "ausserhalb"  # lage=: areas with at least half / less than half their territory inside

OFFICIAL_CUT = "regel"  # the cut each criterion of the rule sets itself
CUT_VALUES = {"class": 3.0, "quantile": 0.25, "zscore": 1.0}  # a scenario's cut rule -> its parameter
CUTS = (OFFICIAL_CUT, *CUT_VALUES)


def dimensions_of(rule: BurdenRule) -> list[str]:
    return sorted({c.dimension for c in rule.criteria if c.dimension})


@dataclass(frozen=True)
class BurdenState(ViewState):
    PATH: ClassVar[str] = "/mehrfachbelastung"
    rule: str = ""  # the rule's id; "" when the dataset has no rule
    year: int | None = None
    off: tuple[str, ...] = ()  # scenario: criteria (indicator ids) switched off, in rule order
    k: int | None = None  # scenario: the minimum count; None = the rule's own
    cut: str = OFFICIAL_CUT  # scenario: one of CUTS
    dimensions: tuple[str, ...] = ()  # only areas burdened in all of these dimensions
    district: str | None = None  # only areas in this top-level area
    kulisse: str | None = None  # only areas inside / outside this funding area (dashboard/kulissen.py)
    lage: str = INSIDE  # INSIDE | OUTSIDE, with kulisse

    @classmethod
    def from_query(cls, monitor: Monitor, params: dict[str, Any]) -> BurdenState:
        reader = Reader(params)
        rules = monitor.burden_rules()
        if not rules:
            reader.note(NOTICE_NO_RULE)
            return cls(notices=tuple(reader.notices))
        rule = monitor.burden_rule(reader.choice("regel", [r.id for r in rules], rules[0].id, NOTICE_RULE))
        year = reader.year("jahr", monitor.burden_years(rule), NOTICE_YEAR, nearest=False)
        ids = [c.indicator_id for c in rule.criteria]
        off = reader.id_list("aus", ids)
        k = reader.integer("k")
        k = rule.min_count if k is None else k
        cut = reader.text("schnitt") or OFFICIAL_CUT
        if (off or k != rule.min_count or cut != OFFICIAL_CUT) and monitor.public:
            reader.note(NOTICE_PUBLIC)
            off, k, cut = [], rule.min_count, OFFICIAL_CUT
        if cut not in CUTS:
            reader.note(NOTICE_CUT)
            cut = OFFICIAL_CUT
        k = min(max(k, 1), max(len(ids) - len(off), 1))
        district = read_district(reader, monitor)
        kulisse = reader.choice("kulisse", [lv.id for lv in monitor.kulissen()], None, NOTICE_KULISSE)
        lage = reader.choice("lage", (INSIDE, OUTSIDE), INSIDE, NOTICE_LAGE) if kulisse else INSIDE
        return cls(rule=rule.id, year=year, off=tuple(i for i in ids if i in off),
                   k=None if k == rule.min_count else k, cut=cut,
                   dimensions=tuple(reader.id_list("dimension", dimensions_of(rule))),
                   district=district, kulisse=kulisse, lage=lage, notices=tuple(reader.notices))

    def to_query(self) -> dict[str, str]:
        dimensions, off = ",".join(self.dimensions), ",".join(self.off)
        return query_of(regel=self.rule, jahr=self.year, dimension=dimensions, bezirk=self.district, aus=off, k=self.k,
                        schnitt=None if self.cut == OFFICIAL_CUT else self.cut, kulisse=self.kulisse,
                        lage=self.lage if self.kulisse else None)

    @property
    def scenario(self) -> bool:
        return bool(self.off) or self.k is not None or self.cut != OFFICIAL_CUT

    def enabled(self, official: BurdenRule) -> list[str]:
        """The criteria (indicator ids) the state rates with."""
        return [c.indicator_id for c in official.criteria if c.indicator_id not in self.off]

    def active_rule(self, official: BurdenRule) -> BurdenRule:
        """The official rule, or the scenario derived from it (never called official)."""
        if not self.scenario:
            return official
        return official.with_changes(enabled=set(self.enabled(official)), min_count=self.k,
                                     rule=None if self.cut == OFFICIAL_CUT else self.cut, value=CUT_VALUES.get(self.cut))
