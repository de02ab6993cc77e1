"""Label points and neighbours computed at import (dashboard/ingest/build.py), and Monitor.neighbours."""
from __future__ import annotations

import json

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from dashboard.catalog import load_dataset
from dashboard.ingest.build import adjacent_areas, label_point, write_dataset
from dashboard.monitor import Monitor
from dashboard.store import Store

from tests.unit.test_build import INDICATORS, META, X0, Y0, make_values

# A U open to the north, 300 m wide and tall, arms 100 m wide: its centroid lies in the gap between the arms.
U_SHAPE = shapely.Polygon([(0, 0), (300, 0), (300, 300), (200, 300), (200, 100), (100, 100), (100, 300), (0, 300)])


def test_label_point_lies_inside_a_u_shape_whose_centroid_does_not():
    assert not U_SHAPE.contains(U_SHAPE.centroid)
    point = label_point(U_SHAPE)
    assert U_SHAPE.contains(point)
    assert U_SHAPE.boundary.distance(point) > 49  # at least the middle of the 100 m wide arms or base


def test_label_point_of_a_multipolygon_is_in_its_largest_part():
    island = shapely.box(1000, 1000, 1010, 1010)
    big = shapely.box(0, 0, 400, 200)
    point = label_point(shapely.MultiPolygon([island, big]))
    assert big.contains(point)
    assert big.boundary.distance(point) == pytest.approx(100, abs=1)  # on the rectangle's midline


@pytest.mark.parametrize("empty", [shapely.Polygon(), shapely.MultiPolygon()], ids=["polygon", "multipolygon"])
def test_label_point_of_an_empty_geometry_is_a_clear_error(empty):
    with pytest.raises(ValueError, match="leere Geometrie"):
        label_point(empty)


def test_label_point_avoids_a_hole():
    ring = shapely.box(0, 0, 300, 300).difference(shapely.box(50, 50, 250, 250))
    point = label_point(ring)
    assert ring.contains(point)


def grid(cols: int, rows: int, size: float = 100.0) -> tuple[list[str], list[shapely.Polygon]]:
    ids, geoms = [], []
    for row in range(rows):
        for col in range(cols):
            ids.append(f"{row}{col}")
            geoms.append(shapely.box(col * size, row * size, (col + 1) * size, (row + 1) * size))
    return ids, geoms


def test_corner_touch_is_not_a_neighbour_edge_is():
    ids, geoms = grid(2, 2)  # 00 01 / 10 11: 00 touches 11 only at a corner
    found = adjacent_areas(ids, geoms)
    assert sorted(found["00"]) == ["01", "10"]
    assert sorted(found["11"]) == ["01", "10"]
    assert "11" not in found["00"] and "00" not in found["11"]


def test_neighbours_are_ordered_by_shared_border_length():
    long_one = shapely.box(0, 100, 300, 200)  # shares 300 m with the base
    short_one = shapely.box(300, 0, 340, 100)  # shares 100 m
    base = shapely.box(0, 0, 300, 100)
    tiny = shapely.box(-3, 0, 0, 3)  # shares 3 m: below the minimum, a corner for practical purposes
    found = adjacent_areas(["base", "short", "long", "tiny"], [base, short_one, long_one, tiny])
    assert found["base"] == ["long", "short"]
    assert found["tiny"] == []


def test_a_sliver_gap_between_neighbours_is_bridged_a_street_is_not():
    left = shapely.box(0, 0, 100, 100)
    sliver = shapely.box(100.4, 0, 200, 100)  # 0.4 m gap, as separately digitised borders have
    street = shapely.box(-120, 0, -20, 100)  # 20 m away
    found = adjacent_areas(["left", "right", "far"], [left, sliver, street])
    assert found == {"left": ["right"], "right": ["left"], "far": []}


def test_single_area_has_no_neighbours():
    assert adjacent_areas(["only"], [shapely.box(0, 0, 1, 1)]) == {"only": []}


# -- what the import writes ---------------------------------------------------------------------


def u_areas() -> gpd.GeoDataFrame:
    """The 2x2 grid of test_build (0101 SW, 0102 SE, 0201 NW, 0202 NE), with a notch of 0101 given to 0201:
    0101 becomes a U whose centroid lies in 0201."""
    def square(col, row):
        return shapely.box(X0 + col * 1000, Y0 + row * 1000, X0 + (col + 1) * 1000, Y0 + (row + 1) * 1000)

    notch = shapely.box(X0 + 300, Y0 + 300, X0 + 700, Y0 + 1000)
    u_shape = square(0, 0).difference(notch)
    records = [
        ("0101", "teil", "Am Bach", "01", u_shape),
        ("0102", "teil", "Lindenhof", "01", square(1, 0)),
        ("0201", "teil", "Birkenweg Nord", "02", square(0, 1).union(notch)),
        ("0202", "teil", "Eichenfeld", "02", square(1, 1)),
        ("01", "bezirk", "Südstadt", "gesamt", shapely.union_all([u_shape, square(1, 0)])),
        ("02", "bezirk", "Nordstadt", "gesamt", shapely.union_all([square(0, 1), notch, square(1, 1)])),
    ]
    return gpd.GeoDataFrame([r[:4] for r in records], columns=["area_id", "level", "name", "parent_id"],
                            geometry=[r[4] for r in records], crs="EPSG:25832")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return write_dataset(tmp_path_factory.mktemp("labels") / "test", META, INDICATORS, u_areas(), make_values())


def test_web_features_carry_a_label_point_inside_their_polygon(built):
    for level in ("teil", "bezirk", "stadt"):
        doc = json.loads((built / "web" / f"{level}.geojson").read_text(encoding="utf-8"))
        for feature in doc["features"]:
            lon, lat = feature["properties"]["label"]
            assert round(lon, 5) == lon and round(lat, 5) == lat
            polygon = shapely.geometry.shape(feature["geometry"])
            assert polygon.contains(shapely.Point(lon, lat)), feature["properties"]["id"]
            assert feature["properties"]["label_r"] > 0
    teil = {f["properties"]["id"]: f for f in json.loads((built / "web" / "teil.geojson").read_text())["features"]}
    u_shape = shapely.geometry.shape(teil["0101"]["geometry"])
    assert not u_shape.contains(u_shape.centroid)  # the case the label point is for


def test_areas_table_has_neighbours_by_level(built):
    areas = pd.read_parquet(built / "areas.parquet").set_index("area_id")
    neighbours = {a: list(n) for a, n in areas["neighbours"].items()}
    # 0201 (with the notch) shares 300+700+400+700+300 m with 0101, 1000 m with 0202; 0102 only a corner with 0201
    assert neighbours["0201"] == ["0101", "0202"]
    assert neighbours["0102"] == ["0101", "0202"]
    assert "0201" not in neighbours["0102"]
    assert neighbours["01"] == ["02"] and neighbours["02"] == ["01"]  # same level only
    assert neighbours["gesamt"] == []


def test_monitor_neighbours(built):
    monitor = Monitor(load_dataset(built), Store(built))
    assert monitor.neighbours("0201") == ["0101", "0202"]
    assert monitor.neighbours("0101") == ["0201", "0102"]  # 2400 m with 0201 before 1000 m with 0102
    assert monitor.neighbours("gesamt") == []
    assert monitor.neighbours("nope") == [] and monitor.neighbours(None) == []
    first = monitor.neighbours("0201")
    first.append("x")
    assert monitor.neighbours("0201") == ["0101", "0202"]  # callers get a copy


def test_a_folder_without_the_neighbours_column_still_loads(built, tmp_path):
    import shutil

    old = tmp_path / "old"
    shutil.copytree(built, old)
    pd.read_parquet(old / "areas.parquet").drop(columns="neighbours").to_parquet(old / "areas.parquet")
    monitor = Monitor(load_dataset(old), Store(old))
    assert monitor.area("0201")["name"] == "Birkenweg Nord"
    assert monitor.neighbours("0201") == []
