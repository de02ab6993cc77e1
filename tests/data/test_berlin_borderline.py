"""Issue 17 part 3 on the real data: the Grenzfälle of the MSS 2021 status/dynamics index (data/berlin, year 2020)
and of the demo's index and quartile rule equal a count made here independently from the stored values (the data hold
no published index values SI_V, only the published classes, so the index is computed again by hand: z-values with the
population standard deviation, their mean standardised again), and the maps and the profile carry them.
The Berlin part skips with a reason when ../shared/data/berlin is absent (tests/conftest.py)."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dashboard.monitor import SUPPRESSED
from dashboard.reports.borderline import burden_flags, index_flags
from dashboard.ui import social_index
from dashboard.ui import burden as burden_view
from dashboard.ui.components import MapFocus
from tests.conftest import DEMO_DIR, session_app

DISTANCE = 0.1  # the default (no dataset sets borderline_distance)


def z(values: pd.Series) -> pd.Series:
    return (values - values.mean()) / values.std(ddof=0)


def by_hand(values: pd.DataFrame, year: int, level: str, status: list[str], dynamic: list[str] | None,
            validity: str | None, change_years: int | None = None, min_population: float = 300) -> tuple[int, int, int]:
    """(status, dynamics, either) borderline counts from the raw values: the MSS recipe written out again."""
    rows = values[values["level"] == level]
    wide = rows[rows["year"] == year].pivot(index="area_id", columns="indicator_id", values="value")
    valid = wide["EW"].fillna(0) >= min_population
    if validity:
        valid &= wide[validity] == 1
    if change_years:
        before = rows[rows["year"] == year - change_years].pivot(index="area_id", columns="indicator_id", values="value")
        dyn = (wide[status] - before[status].reindex(wide.index)).add_prefix("Δ")
    else:
        dyn = wide.reindex(columns=dynamic)  # MSS 2021 has no MSS_S2/MSS_D2: left out below, as the index does
    wide = wide.reindex(columns=sorted(set(wide.columns) | set(status)))
    status_cols = [c for c in status if wide.loc[valid, c].notna().any()]
    dyn_cols = [c for c in dyn if dyn.loc[valid, c].notna().any()]
    valid &= wide[status_cols].notna().all(axis=1) & dyn[dyn_cols].notna().all(axis=1)
    s = z(wide.loc[valid, status_cols].apply(z).mean(axis=1))
    d = z(dyn.loc[valid, dyn_cols].apply(z).mean(axis=1))
    near_s = np.min(np.abs(s.to_numpy()[:, None] - np.array([-1.0, 1.0, 1.5])[None, :]), axis=1) <= DISTANCE + 1e-9
    near_d = np.min(np.abs(d.to_numpy()[:, None] - np.array([-1.0, 1.0])[None, :]), axis=1) <= DISTANCE + 1e-9
    return int(near_s.sum()), int(near_d.sum()), int((near_s | near_d).sum())


@pytest.fixture(scope="module")
def berlin(berlin_datasets):
    return session_app(berlin_datasets["berlin"], "internal")


def test_berlin_mss_2021_borderline_areas_match_an_independent_count(berlin):
    monitor = berlin.monitor
    definition = monitor.index_definition("mss")
    flags = index_flags(monitor, definition, 2020)
    counts = (int(flags["status_borderline"].sum()), int(flags["dynamic_borderline"].sum()), int(flags["borderline"].sum()))
    values = pd.read_parquet(Path(monitor.dataset.path) / "values.parquet")
    expected = by_hand(values, 2020, monitor.dataset.level_ids[0], list(definition.status_indicators),
                       list(definition.dynamic_indicators), "MSS_GUELTIG")
    assert counts == expected
    assert counts == (78, 35, 109)  # docs/methods.md „Grenzfälle“: of 536 rated Planungsräume
    # the map: every borderline area has a tooltip line and is rated; the legend row counts them
    data, table = social_index.hideout(monitor, definition, 2020)
    assert set(data["borderline"]) == set(flags.index[flags["borderline"]])
    assert all(data["classes"][a] != SUPPRESSED for a in data["borderline"])
    legend = str(social_index.legend(monitor, table, MapFocus()))
    assert "± 0,1 Standardabweichungen): 109" in legend


def test_demo_borderline_areas_match_an_independent_count():
    app = session_app(DEMO_DIR, "internal")
    monitor = app.monitor
    definition = monitor.index_definition("sozialindex")
    year = monitor.index_years(definition)[-1]
    flags = index_flags(monitor, definition, year)
    values = pd.read_parquet(Path(monitor.dataset.path) / "values.parquet")
    expected = by_hand(values, year, monitor.dataset.level_ids[0], list(definition.status_indicators), None, None,
                       change_years=definition.dynamic_change_years, min_population=definition.min_population)
    assert (int(flags["status_borderline"].sum()), int(flags["dynamic_borderline"].sum()), int(flags["borderline"].sum())) == expected
    assert expected == (53, 41, 90)  # docs/methods.md „Grenzfälle“
    # the quartile rule: a criterion is borderline within a tenth of a standard deviation of its quantile cut
    rule = monitor.burden_rule("quartile")
    year = monitor.burden_years(rule)[-1]
    near = burden_flags(monitor, rule, year)
    rows = values[(values["level"] == monitor.dataset.level_ids[0]) & (values["year"] == year)]
    wide = rows.pivot(index="area_id", columns="indicator_id", values="value").reindex(near.index)
    hand = pd.Series(False, index=near.index)
    for criterion in rule.criteria:
        if criterion.rule != "quantile":
            continue
        v = wide[criterion.indicator_id]
        cut = v.quantile(1 - criterion.value) if criterion.polarity != "higher_is_better" else v.quantile(criterion.value)
        hand |= ((v - cut).abs() / v.std(ddof=0) <= DISTANCE + 1e-9).fillna(False)
    assert int(near["borderline"].sum()) == int(hand.sum()) == 107
    assert (near["decisive"] == "just_in").sum() == 13 and (near["decisive"] == "just_out").sum() == 12
    hideout = burden_view.burden_hideout(monitor, monitor.burden_bundle(rule, year))
    assert set(hideout["borderline"]) == set(near.index[near["borderline"]])
    assert any(text.endswith("knapp nicht mehrfach belastet") for text in hideout["borderline"].values())


def test_public_flags_come_from_published_values_only(public_monitor, demo_monitor):
    """Public mode rates the index on Monitor.wide's published values: an area not rated publicly (withheld values)
    is no Grenzfall, and the flags are those of the public index, not the internal one."""
    public, internal = public_monitor, demo_monitor
    definition = public.index_definition("sozialindex")
    year = public.index_years(definition)[-1]
    table = public.index_classes(definition, year)
    flags = index_flags(public, definition, year, table)
    assert not flags.loc[~table["valid"], "borderline"].any()
    assert int(flags["borderline"].sum()) == 32 != int(index_flags(internal, definition, year)["borderline"].sum())
