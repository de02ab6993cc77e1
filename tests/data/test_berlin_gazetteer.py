"""Finding a place in Berlin: the imported gazetteer answers "Sonnenallee 100", "12049" and "Neukölln" with the areas
the official address register (../shared/data/berlin/gazetteer, read here with pandas, not through the app) gives,
and the search stays fast over 401,032 addresses."""
from __future__ import annotations

import statistics
import time

import pandas as pd
import pytest

from dashboard.catalog import load_dataset
from dashboard.monitor import Monitor
from dashboard.store import Store
from tests.conftest import BERLIN_SOURCE

pytestmark = pytest.mark.shared_data


@pytest.fixture(scope="module")
def register() -> pd.DataFrame:
    return pd.read_csv(BERLIN_SOURCE / "gazetteer" / "berlin_adressen_plr_2023-06.csv.gz", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def monitor(berlin_datasets) -> Monitor:
    dataset = load_dataset(berlin_datasets["berlin"])
    assert "Adressen Berlin" in dataset.attribution and "Adressen Berlin" in dataset.attribution_for("en")
    return Monitor(dataset, Store(dataset.path), public=True)


def _shares(rows: pd.DataFrame) -> pd.Series:
    counts = rows.groupby("PLR_ID").size()
    return counts / counts.sum()


@pytest.mark.parametrize("typed", ["Sonnenallee 100", "sonnenallee 100", "Sonnenallee 100, 12045", "SONNENALLEE 100 "])
def test_an_address_resolves_to_its_planungsraum(monitor, register, typed):
    row = register[(register["str_name"] == "Sonnenallee") & (register["hnr"] == "100") & (register["hnr_zusatz"] == "")]
    assert len(row) == 1
    addresses, _ = monitor.search_places(typed)
    assert (addresses[0]["name"], addresses[0]["number"], addresses[0]["area_id"]) == ("Sonnenallee", "100", row["PLR_ID"].iloc[0])


def test_an_address_with_suffix(monitor, register):
    row = register[(register["hnr_zusatz"] != "") & (register["str_name"] == "Karl-Marx-Straße")].iloc[0]
    addresses, _ = monitor.search_places(f"Karl-Marx-Str. {row['hnr']} {row['hnr_zusatz'].lower()}, {row['plz']}")
    assert addresses[0]["area_id"] == row["PLR_ID"] and addresses[0]["number"] == row["hnr"] + row["hnr_zusatz"]


@pytest.mark.parametrize("typed, column, kind", [("12049", "plz", "plz"), ("Neukölln", "ort_name", "ortsteil"),
                                                 ("neukoelln", "ort_name", "ortsteil")])
def test_a_postcode_or_ortsteil_resolves_to_the_areas_of_its_addresses(monitor, register, typed, column, kind):
    name = "Neukölln" if kind == "ortsteil" else typed
    expected = _shares(register[register[column] == name])
    found = monitor.place_areas(typed)
    found = found[found["kind"] == kind].set_index("area_id")["share"]
    assert set(found.index) == set(expected.index)
    assert (found - expected[found.index]).abs().max() < 1e-9
    _addresses, places = monitor.search_places(typed)
    assert (places[0]["kind"], places[0]["name"], places[0]["rank"]) == (kind, name, 0)


def test_a_street_lists_its_areas_and_colloquial_kiez_names_lead_to_their_bezirksregion(monitor, register):
    expected = _shares(register[register["str_name"] == "Sonnenallee"])
    found = monitor.place_areas("Sonnenallee").set_index("area_id")["share"]
    assert set(found.index) == set(expected.index)
    for kiez, bzr in (("Schillerkiez", "081001"), ("Reuterkiez", "081003")):
        rows = monitor.place_areas(kiez)
        assert rows[["kind", "area_id"]].values.tolist() == [["alias", bzr]]


def test_search_is_fast_over_all_addresses(monitor):
    monitor.search_places("warm up")
    timings = {}
    for typed in ("S", "Sonnen", "Sonnenallee 1", "Sonnenallee 100, 12045", "12049", "Neukölln", "xyzzy"):
        runs = []
        for _ in range(5):
            started = time.perf_counter()
            monitor.search_places(typed)
            monitor.search(typed)
            runs.append(time.perf_counter() - started)
        timings[typed] = statistics.median(runs)
    print({k: f"{v * 1000:.1f} ms" for k, v in timings.items()})
    assert max(timings.values()) < 0.1, timings  # the header search answers each keystroke
