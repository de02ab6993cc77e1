"""Issue 17 part 4, "done when" on the real data: every Planungsraum whose MSS status class changed between the
2017 and 2019 editions (data/berlin-lor2006, stored as the years 2016 and 2018) has a decomposition whose parts sum to
its index change, the computed classes are the published MSS_STATUS classes of both editions, and the profile explains
the change in a sentence. Skips with a reason when ../shared/data/berlin is absent (tests/conftest.py)."""
from __future__ import annotations

import json

import pytest

from dashboard.methods.indices import RESTANDARDISATION
from tests.conftest import session_app
from tests.integration.test_app import find, render

BEFORE, AFTER = 2016, 2018  # MSS 2017 and MSS 2019 (Datenstand 31.12. of the previous year)


@pytest.fixture(scope="module")
def lor2006(berlin_datasets):
    return session_app(berlin_datasets["berlin-lor2006"], "internal")


@pytest.fixture(scope="module")
def status_change(lor2006):
    monitor = lor2006.monitor
    definition = monitor.index_definition("mss")
    return monitor, definition, monitor.index_change(definition, BEFORE, AFTER, "status")


def test_every_class_change_of_mss_2017_to_2019_decomposes_exactly_and_matches_the_published_classes(status_change):
    monitor, definition, change = status_change
    areas = change.areas
    both = areas[areas["reason"].isna()]
    changed = both[both["class_before"] != both["class_after"]]
    assert len(changed) == 42  # measured: 42 of the 436 Planungsräume rated in both editions changed their status class
    total = change.parts.groupby("area_id")["contribution"].sum()
    assert (total.reindex(changed.index) - changed["change"]).abs().max() < 1e-9
    assert (total.reindex(both.index) - both["change"]).abs().max() < 1e-9
    # MSS 2019 has no Langzeitarbeitslosigkeit (MSS_S2): it is a part of every area, "not in the index" after
    s2 = change.parts[change.parts["part"] == "MSS_S2"]
    assert len(s2) == len(both) and not s2["in_after"].any() and s2["in_before"].all()
    assert set(change.parts["part"]) == {"MSS_S1", "MSS_S2", "MSS_S3", "MSS_S4", RESTANDARDISATION}
    # the computed classes are the published ones, in both editions, for every rated area
    for year, column in ((BEFORE, "class_before"), (AFTER, "class_after")):
        published = monitor.wide(["MSS_STATUS"], year, "planungsraum")["MSS_STATUS"]
        rated = areas[column].dropna()
        assert len(rated) > 400
        assert (rated.astype(int) == published.reindex(rated.index).astype(int)).all()
    # the dynamics index decomposes as exactly
    dynamic = monitor.index_change(definition, BEFORE, AFTER, "dynamic")
    rated = dynamic.areas[dynamic.areas["reason"].isna()]
    total = dynamic.parts.groupby("area_id")["contribution"].sum()
    assert (total.reindex(rated.index) - rated["change"]).abs().max() < 1e-9


def test_the_profile_explains_a_class_change_in_a_sentence(lor2006, status_change):
    from dashboard.ui import change_reasons
    from dashboard.ui import profile as view

    _monitor, _definition, change = status_change
    areas = change.areas
    # a Planungsraum that went from 2 "mittel" to 3 "niedrig": its status index rose, i.e. its status fell
    area_id = areas[(areas["class_before"] == 2) & (areas["class_after"] == 3)].index[0]
    overview = json.dumps(find(render(lor2006, f"/gebiet/{area_id}", f"?jahr={AFTER}"), view.BURDENS), ensure_ascii=False)
    assert f"Der Statusindex stieg seit {BEFORE} von " in overview
    assert "höherer Wert = niedrigerer sozialer Status; Klasse 2 mittel → 3 niedrig (ungünstig)" in overview
    assert "Neustandardisierung" in overview and "Langzeitarbeitslosigkeit" in overview
    # /veraenderung: the panel lists exactly the 42 areas with their class change
    panel = find(render(lor2006, "/veraenderung", f"?indikator=MSS_STATUS&von={BEFORE}&bis={AFTER}"), change_reasons.SECTION)
    text = json.dumps(panel, ensure_ascii=False)
    assert "Ausgabe 2016 → 2018: 42 Gebiete mit anderer Klasse." in text
    assert f'"data-area": "{area_id}"' in text


def test_an_edition_needs_its_validity_flag(lor2006, berlin_app):
    """LOR 2021 carries the MSS values back to 2012-2018 as estimates, but only the 2021 edition (Stichtag 2020) has the
    validity flag that says which areas it rates: the earlier years are no editions (the class-change panel said
    "Ausgabe 2018 → 2020: 0 Gebiete mit anderer Klasse", the index map offered years without a rated area)."""
    monitor = berlin_app.monitor
    assert monitor.index_years(monitor.index_definition("mss")) == [2020]
    old = lor2006.monitor
    assert old.index_years(old.index_definition("mss")) == [2012, 2014, 2016, 2018]
