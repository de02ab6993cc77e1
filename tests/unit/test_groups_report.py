"""Group breakdowns (dashboard/reports/groups.py, docs/methods.md „Gruppen“).

Berlin (imported from ../shared/data/berlin, skipped without it): every group share of every Bezirksregion and Bezirk
equals the ratio of the summed Planungsraum counts (Σ numerator / Σ denominator, read here from the stored counts, not
through the code under test) - and a mean of the Planungsraum shares would give other numbers; the age counts are the
sums of the Planungsraum counts; "Deutsche" is 100 − Ausländeranteil. Public mode: a small Planungsraum's withheld
groups have no value, and no group of a non-public indicator appears (the demo with a group set added)."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from dashboard.group_sets import group_sets_from_meta
from dashboard.monitor import Monitor
from dashboard.reports import groups as report


@pytest.fixture(scope="module")
def berlin(berlin_app, berlin_public_app):
    """The session's Berlin apps' monitors: the public one has decided its disclosure once for the whole session."""
    return {"internal": berlin_app.monitor, "public": berlin_public_app.monitor}


@pytest.fixture(scope="module")
def stored(berlin):
    """The stored cells of the Planungsräume (the counts the import summed), independent of the report."""
    values = pd.read_parquet(berlin["internal"].dataset.path / "values.parquet")
    return values[values["level"] == "planungsraum"]


def test_berlin_has_the_three_group_sets(berlin):
    monitor = berlin["internal"]
    sets = report.group_sets(monitor)
    assert [s.id for s in sets] == ["herkunft", "alter", "geschlecht"]
    assert [g.label for g in sets[0].groups] == ["Deutsche", "Ausländerinnen und Ausländer",
                                                 "Einwohnerinnen und Einwohner mit Migrationshintergrund",
                                                 "Deutsche mit Migrationshintergrund", "Deutsche ohne Migrationshintergrund"]
    assert report.levels(monitor) == monitor.dataset.level_ids
    assert report.group_years(monitor, "planungsraum") == list(range(2015, 2025))


@pytest.mark.parametrize("year", [2024, 2016])  # 2016: carried over from the LOR 2006 (fractional counts, estimates)
@pytest.mark.parametrize("level", ["bezirksregion", "bezirk"])
def test_higher_levels_are_ratios_of_the_summed_planungsraum_counts(berlin, stored, level, year):
    monitor = berlin["internal"]
    plr_of = monitor.ancestor_at("planungsraum", level)  # Planungsraum -> its Bezirksregion / Bezirk
    cells = stored[stored["year"] == year].assign(parent=lambda f: f["area_id"].map(plr_of))
    sums = cells.groupby(["parent", "indicator_id"])[["numerator", "denominator", "value"]].sum(min_count=1)
    means = cells.groupby(["parent", "indicator_id"])["value"].mean()
    differences = []
    areas = sorted(monitor.area_names(level))
    assert len(areas) == {"bezirksregion": 143, "bezirk": 12}[level]
    for area_id in areas:
        data = report.breakdown(monitor, area_id, year)
        for row in data.rows:
            numerator, denominator = sums.loc[(area_id, row.group.indicator), ["numerator", "denominator"]]
            expected = 100 * numerator / denominator
            if row.group.complement:
                expected = 100 - expected
            assert row.share.value == pytest.approx(expected, rel=1e-9, abs=1e-9), (area_id, row.group.key)
            if not row.group.complement:
                differences.append(abs(means.loc[(area_id, row.group.indicator)] - expected))
            if row.group.count is not None:  # the age groups' counts: sums of the Planungsraum counts
                assert row.count.value == pytest.approx(sums.loc[(area_id, row.group.count), "value"], rel=1e-9)
        assert data.base["area"].value == pytest.approx(sums.loc[(area_id, "EW"), "value"], rel=1e-9)
    # a mean of shares would be wrong: it differs from the ratio of sums by more than rounding in many areas
    assert np.mean(np.array(differences) > 0.05) > 0.3, max(differences)


def test_planungsraum_parent_and_city_columns(berlin, stored):
    monitor = berlin["internal"]
    data = report.breakdown(monitor, "08301036", 2024)
    assert data.area["level"] == "planungsraum" and data.parent["level"] == "bezirksregion" and data.city["level"] == "stadt"
    rows = {row.group.key: row for row in data.rows}
    cell = stored[(stored["area_id"] == "08301036") & (stored["year"] == 2024)].set_index("indicator_id")
    assert rows["ANT_AUSL"].share.value == pytest.approx(100 * cell.loc["ANT_AUSL", "numerator"] / cell.loc["ANT_AUSL", "denominator"])
    assert rows["!ANT_AUSL"].share.value == pytest.approx(100 - rows["ANT_AUSL"].share.value)
    assert rows["ANT_AUSL"].count.value == pytest.approx(cell.loc["ANT_AUSL", "numerator"])  # internal: share × EW
    assert rows["ANT_AUSL"].count_kind == report.COUNT_DERIVED and rows["ANT_U6"].count_kind == report.COUNT_PUBLISHED
    assert rows["ANT_AUSL"].parent.value == pytest.approx(report.breakdown(monitor, data.parent["area_id"], 2024).rows[1].share.value)
    low, high = rows["ANT_AUSL"].interval  # the area's 95 % interval (Monitor.intervals), mirrored for the complement
    assert low < rows["ANT_AUSL"].share.value < high and high - low < 3
    assert rows["!ANT_AUSL"].interval == pytest.approx((100 - high, 100 - low))
    bezirk = report.breakdown(monitor, "08", 2024)
    assert bezirk.parent is None  # a Bezirk lies directly under the city: no parent column


def test_public_mode_withholds_small_groups_and_publishes_only_published_counts(berlin):
    public, internal = berlin["public"], berlin["internal"]
    year = 2024
    population = internal.values("EW", year, "planungsraum").set_index("area_id")["value"]
    small = population[(population > 0) & (population < 300)].sort_values()
    assert len(small), "Berlin has Planungsräume with fewer than 300 inhabitants"
    area_id = small.index[-1]
    data = report.breakdown(public, area_id, year)
    shares = [row.share for row in data.rows]
    assert all(f.withheld and f.value is None for f in shares), shares  # min_denominator 300 for every share
    assert all(row.count_kind is None or row.count.value is None or row.group.count for row in data.rows)
    assert all(row.interval is None for row in data.rows)  # no interval of a withheld share
    staff = report.breakdown(internal, area_id, year)
    assert all(row.share.withheld and row.share.value is not None for row in staff.rows)  # marked, staff only
    # a large area: every published share is rounded to its display precision; no count without a count indicator
    data = report.breakdown(public, "08301036", year)
    for row in data.rows:
        assert row.share.value == round(row.share.value, row.decimals)
        assert (row.count_kind is None) == (row.group.count is None)
        assert row.interval == tuple(round(v, row.decimals) for v in row.interval)  # rounded like the value


@pytest.fixture(scope="module")
def demo_with_groups(demo_dataset, demo_store, public_monitor):
    """The demo with a group set that includes a non-public share (B1): public mode must leave that group out. Same
    data and release as the session's public monitor, so its disclosure decision is reused (12 s to compute again)."""
    group_sets = group_sets_from_meta({"group_sets": [{"id": "test", "label": "Test", "base": "EW", "groups": [
        {"indicator": "C1", "label": "mit MH"}, {"indicator": "C1", "complement": True, "label": "ohne MH"},
        {"indicator": "B1", "label": "intern"}]}]}, "test", demo_dataset.indicators)
    dataset = replace(demo_dataset, group_sets=group_sets)
    public = Monitor(dataset, demo_store, public=True)
    public._publication = public_monitor.publication()
    return {"internal": Monitor(dataset, demo_store), "public": public}


def test_demo_without_group_sets_has_nothing_to_show(demo_monitor):
    assert report.group_sets(demo_monitor) == [] and report.levels(demo_monitor) == []


def test_a_non_public_group_never_appears_in_public_mode(demo_with_groups):
    internal, public = demo_with_groups["internal"], demo_with_groups["public"]
    assert [g.indicator for g in report.group_sets(internal)[0].groups] == ["C1", "C1", "B1"]
    assert [g.indicator for g in report.group_sets(public)[0].groups] == ["C1", "C1"]
    area_id = internal.areas("planungsraum")["area_id"].iloc[0]
    year = report.group_years(public, "planungsraum")[-1]
    assert "B1" not in {row.group.indicator for row in report.breakdown(public, area_id, year).rows}
    withheld = {(a, i, y) for a, i, y in public.publication().withheld if i == "C1"}
    assert withheld  # the demo has small areas: a withheld C1 cell withholds the group and its complement
    area, _, y = sorted(withheld)[0]
    rows = report.breakdown(public, area, y).rows
    assert [r.group.key for r in rows] == ["C1", "!C1"] and all(r.share.withheld and r.share.value is None for r in rows)
