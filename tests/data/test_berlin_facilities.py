"""Berlin facilities (issue 15): Kitaplätze je 100 Kinder unter 6 recomputed independently from the Kitaliste CSV (its
own PLR ids, geojson_feature_id) and EW_U6 at Planungsraum, Bezirksregion and Bezirk (ratio of sums), and public mode
withholds the ratio wherever EW_U6 is withheld (places are public through the points)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dashboard.catalog import load_dataset
from dashboard.monitor import Monitor
from dashboard.store import Store
from tests.conftest import BERLIN_SOURCE


@pytest.fixture(scope="module")
def berlin(berlin_datasets):
    dataset = load_dataset(berlin_datasets["berlin"])
    store = Store(dataset.path)
    return Monitor(dataset, store), Monitor(dataset, store, public=True)


def test_kita_places_per_100_children_is_a_ratio_of_sums_at_every_level(berlin):
    internal, _ = berlin
    kitas = pd.read_csv(BERLIN_SOURCE / "infrastructure" / "kitas_senbjf_kitaliste_2026-07.csv", dtype={"geojson_feature_id": str})
    assert len(kitas) == 2893 and kitas["places"].sum() == 199851
    # independently of the import: point in polygon against the source's own PLR geometry (the file's
    # geojson_feature_id differs for 33 Kitas 1–6 m from a boundary, INFRASTRUCTURE.md)
    import geopandas as gpd

    plr = gpd.read_file(BERLIN_SOURCE / "geometry" / "berlin_lor2021_plr_epsg4326.geojson")
    id_column = next(c for c in plr.columns if c != "geometry" and plr[c].astype(str).str.fullmatch(r"\d{8}").all())
    points = gpd.GeoDataFrame(kitas, geometry=gpd.points_from_xy(kitas["lon"], kitas["lat"]), crs="EPSG:4326")
    joined = gpd.sjoin(points, plr[[id_column, "geometry"]].to_crs("EPSG:4326"), predicate="within")
    assert len(joined) == 2893
    places = joined.groupby(joined[id_column].astype(str))["places"].sum()
    assert (places.index.isin(kitas["geojson_feature_id"])).mean() > 0.9
    year = max(internal.years("EW_U6", "planungsraum"))
    assert year in internal.years("KITA_PLAETZE_U6", "planungsraum")
    checked = 0
    for level, digits in (("planungsraum", 8), ("bezirksregion", 6), ("bezirk", 2)):
        children = internal.values("EW_U6", year, level).set_index("area_id")["value"]
        # PLR ids nest by prefix: Bezirk = 2 digits, Bezirksregion = 6 (LOR 2021)
        own = places.groupby(places.index.str[:digits]).sum().reindex(children.index).fillna(0)
        expected = own / children * 100
        got = internal.values("KITA_PLAETZE_U6", year, level).set_index("area_id")["value"]
        both = got.dropna().index.intersection(expected.index)
        assert np.allclose(got[both], expected[both], rtol=1e-9), level
        checked += len(both)
    # the city: sum of all places / all children
    city = internal.city_values(year)["KITA_PLAETZE_U6"]
    assert city == pytest.approx(199851 / internal.city_values(year)["EW_U6"] * 100, rel=1e-9)
    assert checked > 600


def test_public_mode_withholds_the_ratio_wherever_its_denominator_count_is_withheld(berlin):
    _, public = berlin
    year = max(public.years("EW_U6", "planungsraum"))
    for level in ("planungsraum", "bezirksregion"):
        children = public.values("EW_U6", year, level).set_index("area_id")
        ratio = public.values("KITA_PLAETZE_U6", year, level).set_index("area_id")
        withheld = children.index[children["value"].isna()]
        leaked = [a for a in withheld if a in ratio.index and pd.notna(ratio.loc[a, "value"])]
        assert not leaked, f"{level}: Kitaplätze je 100 Kinder veröffentlicht, EW unter 6 zurückgehalten: {leaked[:5]}"


def test_berlin_overlays_keep_openstreetmap_apart_and_credit_it(berlin):
    internal, public = berlin
    overlays = {o.id: o for o in public.overlays()}
    assert {"kita", "schulen", "jfe", "pflege", "apotheken"} <= set(overlays)
    osm = [o for o in overlays.values() if o.group == "openstreetmap"]
    assert {o.id for o in osm} == {"osm-gesundheit-kultur", "osm-bibliotheken"}
    assert all("OpenStreetMap" in o.attribution and "ODbL" in o.attribution for o in osm)
    assert all(o.group == "einrichtungen" for o in overlays.values() if o.id in ("kita", "schulen", "jfe", "pflege", "apotheken"))
    kitas = public.overlay_features("kita", "de")["features"]
    assert len(kitas) == 2893
    first = kitas[0]["properties"]
    assert first["title"] and any(line.startswith("Plätze: ") for line in first["lines"])
