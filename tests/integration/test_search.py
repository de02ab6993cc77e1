"""Finding a place on the demo city (offline): the header search's options and choices, the /suche page, and a
gazetteer in the generic import. Expected areas come from gazetteer.parquet read with pandas, not through the app."""
from __future__ import annotations

import time

import pandas as pd
import pytest

from dashboard.catalog import load_dataset
from dashboard.ingest.build import IngestError
from dashboard.ingest.generic import ingest_from_config
from dashboard.ui import ids
from dashboard.ui import search
from tests.conftest import ROOT
from tests.integration.test_ingest_generic import base_config, snapshot, write_city

DEMO = ROOT / "data" / "demo"


@pytest.fixture(scope="module")
def places() -> pd.DataFrame:
    return pd.read_parquet(DEMO / "gazetteer.parquet")


def test_address_option_opens_the_profile_of_its_area(app, callbacks, places):
    address = places[(places["kind"] == "adresse") & places["number"].str.endswith("a")].iloc[0]
    typed = f"{address['name'].lower()} {address['number'][:-1]} {address['number'][-1].upper()}, {address['postcode']}"
    response = callbacks.call(ids.SEARCH, "options", {f"{ids.SEARCH}.search_value": typed}, {f"{ids.LANG}.data": "de"})
    options = response.get_json()["response"][ids.SEARCH]["options"]
    assert options and "Adresse" in options[0]["label"], options
    assert options[0]["value"] == f"adresse:{address['name']} {address['number']}, {address['postcode']}"
    response = callbacks.call(ids.SEARCH, "value", {f"{ids.SEARCH}.value": options[0]["value"]}, {f"{ids.URL}.search": "?sprache=en"})
    out = response.get_json()["response"]
    assert out[ids.URL]["pathname"] == f"/gebiet/{address['area_id']}" and out[ids.URL]["search"] == "?sprache=en"
    # a value no option had opens nothing
    response = callbacks.call(ids.SEARCH, "value", {f"{ids.SEARCH}.value": "gebiet:../../etc"}, {f"{ids.URL}.search": ""})
    assert response.status_code == 204 or ids.URL not in response.get_json().get("response", {})


def test_postcode_street_and_ortsteil_list_their_areas_with_address_shares(app, places):
    ctx = app.view_context
    for kind in ("plz", "strasse", "ortsteil"):
        name = places.loc[places["kind"] == kind, "name"].value_counts().index[0]  # the place with most areas
        options = search.search_options(ctx, name)
        assert options[0]["value"] == f"ort:{name}", options
        expected = places[(places["kind"] == kind) & (places["name"] == name)].groupby("area_id")["weight"].sum()
        expected = (expected / expected.sum()).sort_values(ascending=False)
        found = app.monitor.place_areas(name)
        found = found[found["kind"] == kind].set_index("area_id")["share"]
        assert set(found.index) == set(expected.index) and (found - expected[found.index]).abs().max() < 1e-12
        page = str(search.layout(ctx, {"ort": name, "_sprache": "de"}))
        assert all(f"/gebiet/{a}" in page for a in expected.index) and "suche-map" in page


def test_ranking_exact_then_prefix_and_helpful_nothing(app):
    ctx = app.view_context
    labels = [o["label"] for o in search.search_options(ctx, "Altstadt")]
    assert labels[0].startswith("Altstadt (Ortsteil") and labels[1] == "Altstadt (Bezirk 01)", labels
    assert len(search.search_options(ctx, "a")) <= search.MAX_OPTIONS
    page = str(search.layout(ctx, {"ort": "Schillerkiez", "_sprache": "de"}))
    assert "Kein Ort" in page and "Straße und Hausnummer" in page
    started = time.perf_counter()
    search.search_options(ctx, "Sonnenallee 1")
    assert time.perf_counter() - started < 0.5


def test_public_search_shows_no_indicator(public_app, places):
    ctx = public_app.view_context
    name = places.loc[places["kind"] == "plz", "name"].iloc[0]
    page = str(search.layout(ctx, {"ort": name, "_sprache": "de"}))
    assert all(indicator.label_de not in page for indicator in public_app.monitor.dataset.indicators.values())


def test_generic_import_reads_a_gazetteer_and_a_bad_one_leaves_the_dataset(tmp_path):
    config = base_config()
    config["gazetteer"] = {"file": "orte.csv"}
    path = write_city(tmp_path, config)
    (tmp_path / "orte.csv").write_text("kind;name;number;postcode;area_id;weight\nadresse;Bachweg;3;11111;0101;\n"
                                       "plz;11111;;;0101;5\nplz;11111;;;0102;2\n", encoding="utf-8")
    folder = ingest_from_config(path)
    assert pd.read_parquet(folder / "gazetteer.parquet")["kind"].tolist() == ["adresse", "plz", "plz"]
    first = load_dataset(folder).release
    # a gazetteer-only change is a new release: /suche shows the gazetteer, and cached pages are keyed by release
    (tmp_path / "orte.csv").write_text("kind;name;number;postcode;area_id;weight\nadresse;Bachweg;3;11111;0101;\n"
                                       "plz;11111;;;0101;6\nplz;11111;;;0102;2\n", encoding="utf-8")
    folder = ingest_from_config(path)
    assert load_dataset(folder).release != first
    before = snapshot(folder)
    (tmp_path / "orte.csv").write_text("kind;name;number;postcode;area_id;weight\nplz;11111;;;0101;5\nplz;11111;;;0999;2\n",
                                       encoding="utf-8")
    with pytest.raises(IngestError, match=r"orte\.csv, Zeile 3, Spalte 'area_id': kein Gebiet dieses Datensatzes \(Wert: '0999'\)"):
        ingest_from_config(path)
    assert snapshot(folder) == before


def test_table_and_map_say_the_same_share(app, places):
    """One share text: the /suche table and the map's tooltip label of an area (a small share keeps one decimal)."""
    ctx = app.view_context
    plz = places[places["kind"] == "plz"]
    shares = plz["weight"] / plz.groupby("name")["weight"].transform("sum")
    name = plz.loc[shares[shares < 0.1].index[0], "name"]
    page = str(search.layout(ctx, {"ort": name, "_sprache": "de"}))
    found = app.monitor.place_areas(name)
    assert (found["share"] < 0.1).any()
    for row in found.itertuples():
        text = search.share_text(row.share, "de")
        assert f"children='{text}'" in page and f"'{row.area_id}': '{text} der Adressen von {name}'" in page, (row, page[:3000])


def test_the_gazetteer_is_held_compressed_and_files_stay_closed(app):
    """dashboard/store keeps the gazetteer in a compressed in-memory database, read before the lockdown: afterwards
    no file can be read, not even the gazetteer's own."""
    cursor = app.monitor.store._cursor()
    assert cursor.execute("SELECT database_name FROM duckdb_tables() WHERE table_name = 'gazetteer'").fetchall() == [("packed",)]
    assert cursor.execute("SELECT count(*) FROM gazetteer WHERE kind = 'adresse'").fetchone()[0] > 0
    with pytest.raises(Exception, match="(?i)external|permission|disabled"):
        cursor.execute("SELECT count(*) FROM read_parquet($p)", {"p": str(DEMO / "gazetteer.parquet")}).fetchall()
