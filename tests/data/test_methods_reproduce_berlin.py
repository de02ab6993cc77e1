"""The methods reproduce the published Berlin results from the raw open data (../shared/data).

These read the source files directly, so they prove the pure functions; the dataset-level
reproductions (CLI on data/berlin) are tested with the Berlin import.
"""
from __future__ import annotations

import os

import pandas as pd
import pytest

from dashboard.methods.burden import BurdenCriterion, BurdenRule, burden_table
from dashboard.methods.indices import IndexDefinition, status_dynamics
from tests.conftest import SHARED_DATA

BERLIN = SHARED_DATA / "berlin"
if not BERLIN.exists():
    if os.environ.get("CI"):
        raise RuntimeError(f"{BERLIN} fehlt: CI muss ../shared/data bereitstellen.")
    pytest.skip(f"offene Berliner Daten fehlen ({BERLIN}); Test braucht ../shared/data", allow_module_level=True)

UGR_COLUMNS = {
    "luft": "Luftbelastungs-Kategorie", "laerm": "Lärmbelastungs-Kategorie", "thermisch": "Thermische Belastungs-Kategorie",
    "gruen": "Grünflächenversorgungs-Kategorie", "sozial": "Soziale Benachteiligungs-Kategorie",
}
STATUS = {"hoch": 1, "mittel": 2, "niedrig": 3, "sehr niedrig": 4}


def test_umweltgerechtigkeit_rule_reproduces_every_published_count():
    raw = pd.read_csv(BERLIN / "umweltgerechtigkeit" / "raw_umweltgerechtigkeit_2021_2022.csv", dtype={"Planungsraum-ID": str})
    wide = raw.set_index("Planungsraum-ID").rename(columns={v: k for k, v in UGR_COLUMNS.items()})
    rule = BurdenRule("ugr", "Umweltgerechtigkeit 2021/22", tuple(BurdenCriterion(k, "class", 3) for k in UGR_COLUMNS), min_count=3, official=True)
    table = burden_table(wide, rule)
    published = wide["Anzahl der Mehrfachbelastungen"]
    agree = int((table["burden_count"] == published).sum())
    assert (len(wide), agree) == (542, 542)


@pytest.mark.parametrize("edition", [2013, 2015, 2017, 2019, 2021])
def test_mss_index_reproduces_every_published_class(edition):
    long = pd.read_csv(BERLIN / "mss" / "berlin_mss_index_indicators_2013_2021_long.csv", dtype={"plr_id": str})
    g = long[long["mss_edition"] == edition].set_index("plr_id")
    frame = pd.DataFrame({
        "S1": g["s1_unemployment"], "S2": g["s2_long_term_unemployment"], "S3": g["s3_transfer_benefits"], "S4": g["s4_child_poverty"],
        "D1": g["d1_unemployment_change"], "D2": g["d2_long_term_unemployment_change"], "D3": g["d3_transfer_benefits_change"],
        "D4": g["d4_child_poverty_change"], "EW": g["inhabitants"], "GUELTIG": g["valid"].astype(float),
    })
    definition = IndexDefinition("mss", "MSS", ("S1", "S2", "S3", "S4"), ("D1", "D2", "D3", "D4"),
                                 validity_indicator="GUELTIG", valid_codes=(1.0,))
    out = status_dynamics(frame, definition)
    published = g[g["valid"]]
    assert out["valid"].sum() == len(published)
    ours = out.loc[published.index]
    assert (ours["status_class"].to_numpy() == published["status_class"].map(STATUS).to_numpy()).all()
    assert (ours["dynamic_class"] == published["dynamic_class"].map({"positiv": 1, "stabil": 2, "negativ": 3})).all()
    assert (ours["status_dynamic"] == published["status_dynamic"]).all()
