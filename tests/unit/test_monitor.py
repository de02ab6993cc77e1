"""The monitor on the demo data: map bundles, mode rules (URL validation: test_state.py)."""
import math

import numpy as np

import pytest

from dashboard.monitor import SUPPRESSED
from dashboard.state.map import MapState


def test_map_bundle_classes_every_area(demo_monitor):
    bundle = demo_monitor.map_bundle("A1", 2024, "planungsraum")
    areas = demo_monitor.store.frame("areas_by_level", {"level": "planungsraum"})
    assert set(bundle.hideout["classes"]) == set(areas["area_id"])
    assert len(bundle.hideout["colors"]) == 5
    assert bundle.n_suppressed > 0  # the demo has areas under 300 inhabitants
    values = demo_monitor.values("A1", 2024, "planungsraum").set_index("area_id")
    for area_id, k in bundle.hideout["classes"].items():
        if k >= 0:
            assert math.isclose(bundle.hideout["values"][area_id], round(values.loc[area_id, "value"], 1))


def test_higher_levels_come_from_counts(demo_monitor):
    plr = demo_monitor.store.frame("indicator_values_by_level", {"indicator_id": "A1", "year": 2024, "level": "planungsraum", "population_indicator": "EW"})
    city = dict(demo_monitor.store.rows("city_values", {"year": 2024}))["A1"]
    assert city == pytest.approx(100 * plr["numerator"].sum() / plr["denominator"].sum())
    assert city != pytest.approx(plr["value"].mean(), rel=1e-3)


def test_public_mode_removes_withheld_values(public_monitor, demo_monitor):
    internal = demo_monitor.map_bundle("A1", 2024, "planungsraum")
    public = public_monitor.map_bundle("A1", 2024, "planungsraum")
    withheld = [a for a, k in public.hideout["classes"].items() if k == SUPPRESSED]
    assert withheld and all(a not in public.hideout["values"] for a in withheld)
    # public mode withholds the small areas (primary) and their complements (secondary suppression)
    assert set(internal.hideout["withheld"]) < set(withheld)
    frame = public_monitor.values("A1", 2024, "planungsraum")
    assert frame.loc[frame["suppressed"], "value"].isna().all()


def test_public_mode_has_no_non_public_indicators(public_monitor, demo_monitor):
    hidden = {i.id for i in demo_monitor.indicators() if not i.public}
    assert hidden
    assert not hidden & {i.id for i in public_monitor.indicators()}
    for indicator_id in hidden:
        assert public_monitor.indicator(indicator_id) is None
        assert public_monitor.values(indicator_id, 2024, "planungsraum").empty
        assert MapState.from_query(public_monitor, {"indikator": indicator_id}).indicator != indicator_id


def test_key_figures_flag_suppression(demo_monitor, public_monitor):
    small = demo_monitor.values("A1", 2024, "planungsraum")
    area_id = small.loc[small["suppressed"], "area_id"].iloc[0]
    internal = {f.indicator.id: f for f in demo_monitor.key_figures(area_id, 2024)}
    public = {f.indicator.id: f for f in public_monitor.key_figures(area_id, 2024)}
    assert internal["A1"].suppressed and internal["A1"].value is not None
    assert public["A1"].suppressed and public["A1"].value is None
    assert public["A1"].city_value == round(internal["A1"].city_value, 1)  # public numbers at display precision


def test_public_mode_withholds_complements_and_rounds(demo_monitor, public_monitor):
    """Secondary suppression reaches every public path, and nothing published has more decimals than shown."""
    publication = public_monitor.publication()
    assert publication.stats["secondary"] > 0
    area_id, indicator_id, year = next(k for k in sorted(publication.withheld)
                                       if public_monitor.indicator(k[1]) and public_monitor.area(k[0])["level"] == "planungsraum"
                                       and not demo_monitor.values(k[1], k[2], "planungsraum").set_index("area_id").loc[k[0], "suppressed"])
    internal = demo_monitor.values(indicator_id, year, "planungsraum").set_index("area_id").loc[area_id]
    assert not internal["suppressed"] and internal["value"] == internal["value"]  # only a complement, not small itself
    for frame in (public_monitor.values(indicator_id, year, "planungsraum").set_index("area_id").loc[[area_id]],
                  public_monitor.series(indicator_id, "planungsraum", [area_id]).query("year == @year").set_index("area_id"),
                  public_monitor.area_series(area_id).query("indicator_id == @indicator_id and year == @year")):
        assert bool(frame["suppressed"].iloc[0]) and frame["value"].isna().all()
    values = public_monitor.values("A1", 2024, "bezirksregion")["value"].dropna()
    assert (values == values.round(1)).all() and (values != demo_monitor.values("A1", 2024, "bezirksregion")["value"].dropna()).any()


def test_series_and_area_series_apply_the_mode(demo_monitor, public_monitor):
    series = demo_monitor.series("A1", "planungsraum")
    assert set(series["year"]) == set(range(2015, 2025))
    withheld = series[series["suppressed"]]
    assert withheld["value"].notna().all()  # internal: shown with a warning
    public = public_monitor.series("A1", "planungsraum")
    assert public.loc[public["suppressed"], "value"].isna().all()
    hidden = {i.id for i in demo_monitor.indicators() if not i.public}
    area = public_monitor.area_series("01")
    assert not hidden & set(area["indicator_id"])
    assert hidden & set(demo_monitor.area_series("01")["indicator_id"])


def test_search_finds_by_name_and_id_and_ignores_hostile_text(demo_monitor):
    area = demo_monitor.area("01010101")
    found = demo_monitor.search(area["name"][:5].lower())
    assert any(a["area_id"] == "01010101" for a in found) or len(found) == 12
    assert demo_monitor.search("0101")[0]["area_id"].startswith("0101")
    assert demo_monitor.search("' OR 1=1 --") == []
    assert demo_monitor.search("x" * 500) == []


def test_aggregate_is_a_ratio_of_summed_counts(demo_monitor):
    children = [c["area_id"] for c in demo_monitor.children("0101")]
    together = demo_monitor.aggregate(children, 2024).set_index("indicator_id")
    parent = demo_monitor.values("A1", 2024, "prognoseraum").set_index("area_id").loc["0101", "value"]
    assert together.loc["A1", "value"] == pytest.approx(parent)
    shares = demo_monitor.values("A1", 2024, "bezirksregion").set_index("area_id").loc[children, "value"]
    assert together.loc["A1", "value"] != pytest.approx(shares.mean(), rel=1e-4)
    assert together.loc["EW", "value"] == pytest.approx(demo_monitor.values("EW", 2024, "prognoseraum").set_index("area_id").loc["0101", "value"])


def test_public_aggregate_with_a_withheld_member_is_not_given(demo_monitor, public_monitor):
    small = demo_monitor.values("A1", 2024, "planungsraum")
    withheld = small.loc[small["suppressed"], "area_id"].iloc[0]
    other = small.loc[~small["suppressed"], "area_id"].iloc[0]
    internal = demo_monitor.aggregate([withheld, other], 2024).set_index("indicator_id")
    public = public_monitor.aggregate([withheld, other], 2024).set_index("indicator_id")
    assert internal.loc["A1", "withheld"] and np.isfinite(internal.loc["A1", "value"])
    assert np.isnan(public.loc["A1", "value"])
