"""Berlin has no open measures table: the fixture tests/fixtures/berlin_massnahmen.csv (rows titled „Testmaßnahme …“,
clearly test data) goes into a COPY of the imported Berlin dataset through the CLI, and a Berlin profile lists them:
internally all with the marker, publicly only the public ones."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from dashboard import create_app
from dashboard.__main__ import main
from dashboard.settings import Settings
from tests.integration.test_app import render

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "berlin_massnahmen.csv"
HASENHEIDE = "08100101"  # Planungsraum in Bezirksregion 081001 (Schillerpromenade)


@pytest.fixture(scope="module")
def apps(berlin_datasets, tmp_path_factory):
    folder = tmp_path_factory.mktemp("berlin-massnahmen") / "berlin"
    shutil.copytree(berlin_datasets["berlin"], folder)
    assert main(["measures", "--data", str(folder), "--file", str(FIXTURE), "--source", "Testdaten"]) == 0
    return {mode: create_app(Settings(data_dir=folder, mode=mode, cache_dir=None)) for mode in ("internal", "public")}


def test_a_berlin_profile_lists_its_measures_and_public_mode_only_the_public_ones(apps):
    internal = json.dumps(render(apps["internal"], f"/gebiet/{HASENHEIDE}"), ensure_ascii=False)
    public = json.dumps(render(apps["public"], f"/gebiet/{HASENHEIDE}"), ensure_ascii=False)
    for title in ("Testmaßnahme A", "Testmaßnahme B", "Testmaßnahme C intern"):
        assert title in internal
    assert "im übergeordneten Gebiet Schillerpromenade" in internal and "nicht öffentlich" in internal
    assert "Testmaßnahme A" in public and "Testmaßnahme B" in public
    assert "Testmaßnahme C" not in public and "Testmaßnahme D" not in public and "nicht öffentlich" not in public
    district = json.dumps(render(apps["public"], "/gebiet/08"), ensure_ascii=False)
    assert "Testmaßnahme A" in district and "Testmaßnahme D" not in district  # D names Neukölln itself but is not public
    titles = {f["properties"]["title"] for f in apps["public"].monitor.overlay_features("massnahmen")["features"]}
    assert titles == {"Testmaßnahme A (Testdaten, keine echte Maßnahme)", "Testmaßnahme B (Testdaten, keine echte Maßnahme)"}
