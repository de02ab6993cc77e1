"""Open-data downloads (/daten, dashboard/opendata.py) on the real demo app.

Public mode: the files hold exactly what the public site publishes - the value table equals, value for
value, the public map's colouring bundles (Monitor.map_bundle) of every indicator, year and level; every
cell withheld by the primary rule or by disclosure control is blank and flagged; non-public indicators
appear in no file (CSV, Parquet, GeoPackage, GeoJSON, README, ZIP); the GeoPackage opens with pyogrio and
its table `werte` is the CSV. The files are served with media type, attachment name and a per-release ETag,
built once even when first requests come at the same time.
"""
from __future__ import annotations

import io
import json
import threading
import zipfile
from dataclasses import asdict

import numpy as np
import pandas as pd
import pyogrio
import pytest

from dashboard import opendata
from dashboard.i18n import format_size
from dashboard.monitor import SUPPRESSED, Monitor
from dashboard.store import Store
from dashboard.ui import opendata as opendata_view
from tests.integration.conftest import CallbackClient

ID_COLUMNS = ("area_id", "parent_id", "bezirksregion_id", "prognoseraum_id", "bezirk_id")


def read_csv(content: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(content), dtype={c: str for c in ID_COLUMNS}, keep_default_na=False,
                       na_values={"value": [""]})


@pytest.fixture(scope="module")
def public_files(public_app):
    """Every file of the public app, fetched through its route (the first request builds them)."""
    client = public_app.server.test_client()
    items = opendata.files_for(public_app.monitor)
    responses = {item.name: client.get(f"/daten/{item.name}") for item in items}
    return items, responses


@pytest.fixture(scope="module")
def public_csv(public_files) -> pd.DataFrame:
    return read_csv(public_files[1]["werte.csv"].data)


@pytest.fixture(scope="module")
def internal_monitor(public_app):
    dataset = public_app.monitor.dataset
    return Monitor(dataset, Store(dataset.path), public=False)


def test_every_file_is_served_with_type_name_and_release_etag(public_app, public_files):
    items, responses = public_files
    dataset = public_app.monitor.dataset
    names = {item.name for item in items}
    assert {"werte.csv", "werte.parquet", "indikatoren.csv", "gebiete.csv", "README.txt", "LIZENZ.txt",
            "demo.gpkg", "demo.zip"} <= names
    assert {f"gebiete-{lv}.geojson" for lv in [*dataset.level_ids, "stadt"]} <= names
    assert [f.name for f in opendata.planned_files(public_app.monitor)] == [f.name for f in items]  # what the page lists while building
    types = {".csv": "text/csv; charset=utf-8", ".parquet": "application/vnd.apache.parquet", ".gpkg": "application/geopackage+sqlite3",
             ".geojson": "application/geo+json", ".txt": "text/plain; charset=utf-8", ".zip": "application/zip"}
    client = public_app.server.test_client()
    for item in items:
        response = responses[item.name]
        assert response.status_code == 200, item.name
        assert response.headers["Content-Type"] == types["." + item.name.rsplit(".", 1)[1]], item.name
        assert response.headers["Content-Disposition"].startswith(f"attachment; filename=demo-{dataset.release}"), item.name
        assert len(response.data) == item.size
        etag = response.headers["ETag"]
        assert dataset.release in etag
        assert response.headers["Cache-Control"] == "public, no-cache"
        assert response.headers["X-Content-Type-Options"] == "nosniff"  # the security headers as everywhere
    again = client.get("/daten/werte.csv", headers={"If-None-Match": responses["werte.csv"].headers["ETag"]})
    assert again.status_code == 304 and not again.data
    for bad in ("/daten/nicht-da.csv", "/daten/manifest.json", "/daten/.lock", "/daten/%2e%2e"):
        response = client.get(bad)
        assert response.status_code == 404 or "text/html" in response.headers["Content-Type"], bad
        assert not response.headers.get("Content-Disposition"), bad
    # csv: machine-readable (comma, decimal point, no BOM, no comment lines)
    head = responses["werte.csv"].data[:300].decode("utf-8")
    assert head.startswith("area_id,area_name,level,parent_id,") and not head.startswith("\ufeff") and "#" not in head


def test_public_csv_equals_what_the_public_map_shows(public_app, public_csv):
    monitor = public_app.monitor
    table = public_csv.set_index(["indicator_id", "level", "year"]).sort_index()
    compared = 0
    for indicator in monitor.indicators():
        for level in monitor.levels_for(indicator.id):
            years = monitor.years(indicator.id, level)
            # first, middle and last year of every indicator and level (each costs ~50 ms; all years would take 30 s)
            for year in sorted({years[0], years[len(years) // 2], years[-1]}):
                rows = table.loc[(indicator.id, level, year)]
                published = rows[rows["value"].notna()]
                where = (indicator.id, level, year)
                # the frame the map's table and tooltips are made from …
                shown = monitor.values(indicator.id, year, level)
                assert list(rows["area_id"]) == list(shown["area_id"]), where
                assert list(rows["withheld"]) == list(shown["suppressed"]) and list(rows["estimate"]) == list(shown["estimate"]), where
                np.testing.assert_array_equal(rows["value"].to_numpy(float), shown["value"].to_numpy(float), err_msg=str(where))
                # … and the colouring bundle the browser gets
                bundle = monitor.map_bundle(indicator.id, year, level)
                assert dict(zip(published["area_id"], published["value"])) == pytest.approx(bundle.hideout["values"], abs=0), where
                withheld = {a for a, c in bundle.hideout["classes"].items() if c == SUPPRESSED}
                assert set(rows.loc[rows["withheld"], "area_id"]) == withheld, where
                assert set(rows.loc[rows["estimate"], "area_id"]) == set(bundle.hideout["estimates"]), where
                compared += 1
    assert compared > 100
    # the city's values are the ones the profiles show next to every area
    city = public_csv[public_csv["level"] == "stadt"]
    year = int(city["year"].max())
    expected = monitor.city_values(year)
    shown = city[(city["year"] == year) & city["value"].notna()]
    assert dict(zip(shown["indicator_id"], shown["value"])) == pytest.approx(expected, abs=0)
    # every value at the display precision of its indicator
    decimals = {i.id: i.decimals for i in monitor.indicators()}
    assert all(round(v, decimals[i]) == v for i, v in zip(public_csv["indicator_id"], public_csv["value"]) if v == v)


def test_nothing_withheld_or_non_public_is_in_any_file(public_app, public_files, public_csv, internal_monitor):
    items, responses = public_files
    monitor = public_app.monitor
    hidden = [i for i in internal_monitor.indicators() if not i.public]
    assert hidden, "the demo has non-public indicators (B1 …): the check would prove nothing without them"
    # every cell the primary rule withholds (internal mode's flag) and every cell of disclosure control
    internal_rows = []
    for indicator in monitor.indicators():
        for level in [*monitor.dataset.level_ids, "stadt"]:
            series = internal_monitor.series(indicator.id, level)
            internal_rows.append(series.assign(indicator_id=indicator.id))
    internal = pd.concat(internal_rows, ignore_index=True)
    primary = internal[internal["suppressed"]]
    secret = {(a, i, int(y)) for a, i, y in zip(primary["area_id"], primary["indicator_id"], primary["year"])}
    secret |= set(monitor.publication().withheld)
    assert len(secret) > 100
    flagged = public_csv[public_csv["withheld"]]
    assert {(a, i, int(y)) for a, i, y in zip(flagged["area_id"], flagged["indicator_id"], flagged["year"])} == secret
    assert flagged["value"].isna().all()
    # the same table in Parquet and in the GeoPackage: no value where the CSV has none
    parquet = pd.read_parquet(io.BytesIO(responses["werte.parquet"].data))
    assert parquet["value"].isna().equals(public_csv["value"].isna())
    # no non-public indicator anywhere: ids in the tables, labels in any text of any file (also inside the ZIP)
    hidden_ids = {i.id for i in hidden}
    assert not hidden_ids & set(public_csv["indicator_id"]) and not hidden_ids & set(parquet["indicator_id"])
    indicators = read_csv(responses["indikatoren.csv"].data)
    assert set(indicators["indicator_id"]) == {i.id for i in monitor.indicators()}
    with zipfile.ZipFile(io.BytesIO(responses["demo.zip"].data)) as archive:
        contents = {name.split("/", 1)[1]: archive.read(name) for name in archive.namelist()}
    assert set(contents) == {item.name for item in items if item.kind != "zip"}
    for name, data in contents.items():
        assert data == responses[name].data, name
        for indicator in hidden:
            assert indicator.label_de.encode() not in data and indicator.description.encode() not in data, (name, indicator.id)


def test_geopackage_opens_with_pyogrio_and_its_table_is_the_csv(public_app, public_files, public_csv, tmp_path):
    items, responses = public_files
    dataset = public_app.monitor.dataset
    path = tmp_path / "demo.gpkg"
    path.write_bytes(responses["demo.gpkg"].data)
    layers = dict(pyogrio.list_layers(path))
    assert set(layers) == {*dataset.level_ids, "stadt", "werte", "indikatoren"}
    assert layers["werte"] is None and layers["planungsraum"] in ("MultiPolygon", "Polygon")
    werte = pyogrio.read_dataframe(path, layer="werte")
    assert list(werte.columns) == list(public_csv.columns)
    # a CSV cannot tell an empty text from a missing one: compare texts with "" for missing
    text = [c for c in werte.columns if not pd.api.types.is_numeric_dtype(werte[c]) and not pd.api.types.is_bool_dtype(werte[c])]
    pd.testing.assert_frame_equal(werte.fillna({c: "" for c in text}).reset_index(drop=True),
                                  public_csv.reset_index(drop=True), check_dtype=False)
    areas = read_csv(responses["gebiete.csv"].data)
    for level in [*dataset.level_ids, "stadt"]:
        layer = pyogrio.read_dataframe(path, layer=level)
        assert layer.crs.to_epsg() == 4326 and layer.geometry.is_valid.all() and not layer.geometry.is_empty.any()
        assert list(layer["area_id"]) == list(areas.loc[areas["level"] == level, "area_id"]), level
        geojson = pyogrio.read_dataframe(io.BytesIO(responses[f"gebiete-{level}.geojson"].data))
        assert list(geojson["area_id"]) == list(layer["area_id"])
        # GeoJSON at 6 decimals (~0.1 m) of the GeoPackage's full coordinates
        assert np.allclose(geojson.geometry.bounds.to_numpy(), layer.geometry.bounds.to_numpy(), atol=1e-6), level
    # every area of the values has its geometry
    assert set(public_csv["area_id"]) <= set(areas["area_id"])


def file_box(app, lang: str = "de") -> tuple[str, bool]:
    """The page's file list as its callback gives it (text, whether polling stops)."""
    response = CallbackClient(app).call(opendata_view.FILES_BOX, "children", {f"{opendata_view.POLL}.n_intervals": 0},
                                        {"qm-lang.data": lang})
    assert response.status_code == 200
    out = json.loads(response.data)["response"]
    return json.dumps(out[opendata_view.FILES_BOX]["children"], ensure_ascii=False), out[opendata_view.POLL]["disabled"]


def test_the_page_lists_every_file_with_its_size_and_the_rules(public_app, public_files):
    items, _ = public_files
    from tests.integration.test_app import render

    box, done = file_box(public_app)
    assert done
    for item in items:
        assert f"/daten/{item.name}" in box
    readme = public_files[1]["README.txt"].data.decode("utf-8")
    for name in ("werte.csv", "LIZENZ.txt"):  # MB and kB: the page and the README give a size the same way
        size = format_size(next(i for i in items if i.name == name).size, "de")
        assert size in box and f"{size}  " in readme, (name, size)
    page = str(render(public_app, "/daten"))
    assert "withheld = true" in page and "Nicht zur Veröffentlichung bestimmte Indikatoren fehlen" in page
    assert public_app.monitor.dataset.attribution in page and public_app.monitor.dataset.release in page
    english = str(render(public_app, "/daten", "?sprache=en"))
    assert "Open data" in english and "Confidentiality and rounding" in english and "Offene Daten" not in english


def test_readme_documents_every_column_and_the_public_rules(public_files):
    _, responses = public_files
    readme = responses["README.txt"].data.decode("utf-8")
    header = responses["werte.csv"].data.split(b"\n", 1)[0].decode().split(",")
    for column in header:
        assert f"\n  {column} " in readme, column
    assert "sekundäre Geheimhaltung" in readme and "gerundet" in readme and "EPSG:4326" in readme


def test_concurrent_first_requests_build_once(public_app, tmp_path, monkeypatch):
    """Two instances on one folder stand for two gunicorn workers (the file lock), two threads each for their
    threads (the instance lock). The build (a stand-in writing one file) waits until all four have asked, so
    without the locks every one of them would build."""
    asked, calls = [], []
    everyone_asked = threading.Condition()

    def build(monitor, folder):
        calls.append(folder)
        with everyone_asked:
            assert everyone_asked.wait_for(lambda: len(asked) == 4, timeout=30)
        (folder / "werte.csv").write_bytes(b"area_id\n")
        files = [opendata.DataFile("werte.csv", 8, "0" * 64, "values")]
        (folder / opendata.MANIFEST).write_text(json.dumps([asdict(f) for f in files]), encoding="utf-8")
        return files

    monkeypatch.setattr(opendata, "build_in_process", build)  # the child process `python -m dashboard opendata`
    workers = [opendata.OpenData(public_app.monitor, tmp_path), opendata.OpenData(public_app.monitor, tmp_path)]
    results = []

    def first_request(worker):
        with everyone_asked:
            asked.append(worker)
            everyone_asked.notify_all()
        results.append(worker.files())

    threads = [threading.Thread(target=first_request, args=(w,)) for w in workers for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(calls) == 1 and len(results) == 4 and all(r == results[0] for r in results)
    assert sorted(p.name for p in (tmp_path / "daten-public-1").iterdir()) == [".lock", "files"]  # no scratch folder left
    assert (tmp_path / "daten-public-1" / "files" / "werte.csv").read_bytes() == b"area_id\n"


def test_internal_files_carry_the_internal_values_flagged(app):
    """Internal mode: its own files (non-public indicators, withheld values kept and flagged, full precision), stored
    by no cache."""
    client = app.server.test_client()
    response = client.get("/daten/werte.csv")
    # withheld values: no cache keeps them, neither a shared one nor the browser's (public files: "public, no-cache")
    assert response.headers["Cache-Control"] == "no-store"
    table = read_csv(response.data)
    hidden = {i.id for i in app.monitor.indicators() if not i.public}
    assert hidden <= set(table["indicator_id"])
    flagged = table[table["withheld"]]
    assert len(flagged) and flagged["value"].notna().any()
    assert "INTERN" in client.get("/daten/README.txt").get_data(as_text=True)
    page = str(CallbackClient(app).call("qm-page", "children", {"qm-url.pathname": "/daten", "qm-url.search": ""}).data)
    assert "Interne Fassung" in page


def test_the_page_builds_in_the_background_and_says_so(app, tmp_path, monkeypatch):
    """A first visit does not wait for the build: the list shows the planned files and asks again until they exist;
    the next poll during the build does not wait for it either. (A fresh OpenData for the internal app, a stand-in for
    the build process that waits for the test's signal: a poll that waited for the build would make it give up, and
    the files would then be built a second time.)"""
    fresh = opendata.OpenData(app.monitor, tmp_path)
    monkeypatch.setitem(opendata._BY_MONITOR, app.monitor, fresh)
    release = threading.Event()
    builds = []

    def build_in_process(monitor, folder):  # the child process `python -m dashboard opendata`
        builds.append(folder)
        assert release.wait(timeout=60), "the page waited for the build"
        planned = opendata.planned_files(monitor)
        for item in planned:
            (folder / item.name).write_bytes(b"x" * 2048)
        files = [opendata.DataFile(f.name, 2048, "0" * 64, f.kind, f.level) for f in planned]
        (folder / opendata.MANIFEST).write_text(json.dumps([asdict(f) for f in files]), encoding="utf-8")
        return files

    monkeypatch.setattr(opendata, "build_in_process", build_in_process)
    box, done = file_box(app, "en")
    assert not done and "being made" in box and "/daten/werte.csv" in box and "/daten/demo.gpkg" in box
    box, done = file_box(app, "en")  # the page's next poll while the build runs
    assert not done and "being made" in box
    release.set()
    assert len(fresh.files()) == len(opendata.planned_files(app.monitor))  # waits for the background build
    box, done = file_box(app, "en")
    assert done and "being made" not in box and "2 kB" in box
    assert len(builds) == 1


def test_values_are_published_at_the_declared_levels_only(tmp_path):
    """An indicator declared for some levels (registry `levels`) has values in the files at those levels only, as its
    map offers them (Monitor.levels_for), and the city's value where the profiles show it; a value the store holds at
    another level (here: A1 declared for Planungsräume after the import aggregated it upwards) is not published.
    A copy of the demo with the one registry change; internal mode (the level rule is the same in both modes)."""
    import shutil

    from dashboard.catalog import load_dataset
    from tests.conftest import DEMO_DIR

    folder = tmp_path / "demo"
    shutil.copytree(DEMO_DIR, folder, ignore=shutil.ignore_patterns("notes", "sitzungsmappen"))
    registry = (folder / "indicators.toml").read_text(encoding="utf-8")
    marker = 'id = "A1"\n'
    assert registry.count(marker) == 1
    (folder / "indicators.toml").write_text(registry.replace(marker, marker + 'levels = ["planungsraum"]\n'), encoding="utf-8")
    dataset = load_dataset(folder)
    monitor = Monitor(dataset, Store(dataset.path), public=False)
    smallest, *higher = dataset.level_ids
    assert monitor.levels_for("A1") == [smallest] and all(monitor.series("A1", lv).size for lv in higher)  # the store has them

    values = opendata.values_table(monitor)
    levels = values.groupby("indicator_id")["level"].unique().map(set)
    assert levels["A1"] == {smallest, "stadt"}
    # the city's value: the one every profile shows next to an area's A1
    city = values[(values["indicator_id"] == "A1") & (values["level"] == "stadt")]
    year = int(city["year"].max())
    assert dict(zip(city.loc[city["year"] == year, "indicator_id"], city.loc[city["year"] == year, "value"])) == {
        "A1": pytest.approx(monitor.city_values(year)["A1"], abs=0)}
    # every other indicator: exactly the levels its map offers, and the city where the dataset has a value
    for indicator in monitor.indicators():
        city_rows = monitor.series(indicator.id, "stadt")
        assert levels.get(indicator.id, set()) == set(monitor.levels_for(indicator.id)) | ({"stadt"} if len(city_rows) else set()), indicator.id
    table = opendata.indicator_table(monitor).set_index("indicator_id")
    assert table.loc["A1", "levels"] == smallest
    assert table.loc["A3", "levels"] == " ".join(monitor.levels_for("A3")) == " ".join(dataset.level_ids)


def test_file_sizes_in_cldr_units():
    """One size format (dashboard.i18n.format_size) for the page and README.txt: decimal units as CLDR names them."""
    assert [format_size(n, "de") for n in (812, 1000, 449_000, 999_499, 999_500, 24_600_000)] == [
        "812 Byte", "1 kB", "449 kB", "999 kB", "1,0 MB", "24,6 MB"]
    assert format_size(24_600_000, "en") == "24.6 MB" and format_size(1_234_567_890, "de") == "1.234,6 MB"
