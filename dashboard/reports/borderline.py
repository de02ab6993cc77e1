"""Grenzfälle of the index and burden maps and the profile (dashboard/methods/borderline.py), from the Monitor.

The index classes and burden ratings come from Monitor.index_classes / Monitor.burden, which read Monitor.wide:
in public mode only published (rounded, disclosure-controlled) values, so a Grenzfall and its distance derive from
published data alone. Data only; the words are dashboard/ui/borderline.py's."""
from __future__ import annotations

from functools import lru_cache

import pandas as pd

from dashboard.methods.borderline import burden_borderline, index_borderline, resolve_distance
from dashboard.methods.burden import BurdenRule
from dashboard.methods.indices import IndexDefinition
from dashboard.monitor import Monitor


def index_distance(monitor: Monitor, definition: IndexDefinition) -> float:
    """The index's own distance, else the dataset's, else the default (standard deviations)."""
    return resolve_distance(definition.borderline_distance, monitor.dataset.borderline_distance)


def rule_distance(monitor: Monitor, rule: BurdenRule) -> float:
    return resolve_distance(rule.borderline_distance, monitor.dataset.borderline_distance)


def index_flags(monitor: Monitor, definition: IndexDefinition, year: int, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """methods.borderline.index_borderline for the classes of one year (`table`: Monitor.index_classes, if at hand)."""
    table = monitor.index_classes(definition, year) if table is None else table
    return index_borderline(table, definition, index_distance(monitor, definition))


def burden_flags(monitor: Monitor, rule: BurdenRule, year: int, level: str | None = None) -> pd.DataFrame:
    """methods.borderline.burden_borderline for a rule (or scenario) and year, on the values Monitor.burden rates.
    The same for every profile of the level: computed once per monitor, rule, year and level (it took 100 ms of each
    profile render), handed out as a copy."""
    return _burden_flags(monitor, rule, int(year), level or monitor.dataset.level_ids[0]).copy()


@lru_cache(maxsize=128)
def _burden_flags(monitor: Monitor, rule: BurdenRule, year: int, level: str) -> pd.DataFrame:
    ids = [c.indicator_id for c in rule.criteria]
    return burden_borderline(monitor.wide(ids, year, level)[ids], rule, rule_distance(monitor, rule))
