"""Funding areas (Förderkulissen) end to end on the demo city with its synthetic layers (dashboard/ingest/kulissen.py
demo_layers): the profile lists the overlaps with shares and population only where the area lies wholly inside, the
XLSX carries them, the burden view filters to areas inside/outside a layer (title, totals, list, map focus, export),
the overlay provider serves the outlines with name and in-force date, and public mode shows the same geometry."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from dashboard import create_app, kulissen
from dashboard.ingest.demo import build_demo
from dashboard.settings import Settings
from dashboard.state.burden import BurdenState
from dashboard.state.profile import ProfileState
from dashboard.ui import burden as burden_view
from dashboard.ui import profile as profile_view
from dashboard.ui import profile_kulissen
from tests.integration.conftest import CallbackClient, download_texts
from tests.integration.test_app import find, render

LAYER = "sozialer-zusammenhalt"


@pytest.fixture(scope="module")
def demo_with_kulissen(tmp_path_factory):
    return build_demo(tmp_path_factory.mktemp("kulissen") / "demo")


@pytest.fixture(scope="module")
def apps(demo_with_kulissen):
    return {mode: create_app(Settings(data_dir=demo_with_kulissen, mode=mode, cache_dir=None)) for mode in ("internal", "public")}


@pytest.fixture(scope="module")
def overlaps(demo_with_kulissen):
    return pd.read_parquet(demo_with_kulissen / "overlaps.parquet")


def layer_rows(overlaps, level):
    return overlaps[(overlaps["kulisse"] == LAYER) & (overlaps["level"] == level) & overlaps["feature_id"].isna()]


def test_profile_lists_overlaps_with_population_only_when_wholly_inside(apps, overlaps):
    app = apps["internal"]
    rows = layer_rows(overlaps, "planungsraum")
    whole = rows[rows["share"] >= 0.99]["area_id"].iloc[0]
    partial = rows[(rows["share"] > 0.2) & (rows["share"] < 0.9)]["area_id"].iloc[0]
    population = app.monitor.values("EW", 2024, "planungsraum").set_index("area_id")["value"]

    section = json.dumps(find(render(app, f"/gebiet/{whole}", "?jahr=2024"), profile_kulissen.SECTION), ensure_ascii=False)
    assert "Fördergebiete Sozialer Zusammenhalt" in section and "100 %" in section
    assert profile_kulissen.format_number(population[whole], 0) in section

    tree = find(render(app, f"/gebiet/{partial}", "?jahr=2024"), profile_kulissen.SECTION)
    layer_row = next(r for r in tree["props"]["children"][2]["props"]["children"][2]["props"]["children"]
                     if r["props"].get("data-kulisse") == LAYER)
    cells = [c["props"]["children"] for c in layer_row["props"]["children"]]
    share = rows.set_index("area_id")["share"][partial]
    assert cells[1] == profile_kulissen.percent(share) and cells[3] == "–"  # a share, no population

    outside = sorted(set(app.monitor.area_names("planungsraum")) - set(overlaps["area_id"]))[0]
    text = json.dumps(find(render(app, f"/gebiet/{outside}"), profile_kulissen.SECTION), ensure_ascii=False)
    assert "überschneidet keine der Kulissen" in text


def test_profile_xlsx_lists_the_overlaps(apps, overlaps):
    app = apps["internal"]
    whole = layer_rows(overlaps, "planungsraum").query("share >= 0.99")["area_id"].iloc[0]
    state = ProfileState.from_query(app.monitor, {"jahr": "2024"}, area=whole)
    cells = download_texts(profile_view.profile_download(app.monitor, state, "xlsx"))
    assert any(c.startswith("Kulisse Fördergebiete Sozialer Zusammenhalt: 100 % der Gebietsfläche, ") for c in cells), cells[:20]
    en = profile_kulissen.export_lines(app.monitor, whole, 2024, "en")
    assert en[0].startswith("Layer Social cohesion funding areas: 100% of the area’s territory, ")


def test_burden_view_filters_inside_and_outside(apps, overlaps):
    app = apps["internal"]
    rows = layer_rows(overlaps, "planungsraum")
    inside = set(rows[rows["share"] >= 0.5]["area_id"])
    assert 3 < len(inside) < 100
    for lage, expected in (("innerhalb", inside), ("ausserhalb", set(app.monitor.area_names("planungsraum")) - inside)):
        tree = render(app, burden_view.PATH, f"?jahr=2023&kulisse={LAYER}&lage={lage}")
        title = find(tree, burden_view.TITLE)["props"]["children"]
        assert ("innerhalb: " if lage == "innerhalb" else "außerhalb: ") + "Fördergebiete Sozialer Zusammenhalt" in title
        hideout = find(tree, burden_view.AREAS)["props"]["hideout"]
        assert set(hideout["focus"]) == expected  # the map fades every other area
        state = BurdenState.from_query(app.monitor, {"jahr": "2023", "kulisse": LAYER, "lage": lage})
        base, bundle = burden_view.bundle_of(app.monitor, state)
        table = burden_view.filtered(app.monitor, bundle, (), None, state.kulisse, state.lage)
        assert set(table.index) == expected
        totals = json.dumps(find(tree, burden_view.TOTALS), ensure_ascii=False)
        n_rated = int(table["rated"].sum())
        assert sum(int(c) for c in _area_counts(totals)) == n_rated + int((~table["rated"]).sum())
        assert state.to_query()["kulisse"] == LAYER and state.to_query()["lage"] == lage
    export = burden_view.export_table(app.monitor, state, "de")
    assert {r["area_id"] for r in export.rows} == expected
    assert any("Nur Gebiete außerhalb: Fördergebiete Sozialer Zusammenhalt" in line for line in export.lines)


def _area_counts(totals_json: str) -> list[str]:
    table = json.loads(totals_json)
    body = table["props"]["children"]["props"]["children"][2]["props"]["children"]
    return [row["props"]["children"][1]["props"]["children"].replace(".", "") for row in body]


def test_burden_filter_from_the_controls_and_a_bad_address(apps):
    app = apps["public"]
    client = CallbackClient(app)
    inputs = {f"{burden_view.YEAR}.value": 2023, f"{burden_view.DIMENSIONS}.value": [], f"{burden_view.DISTRICT}.value": None,
              f"{burden_view.KULISSE}.value": LAYER, f"{burden_view.LAGE}.value": "innerhalb"}
    response = client.call(burden_view.TITLE, "children", inputs, {f"{burden_view.RULE}.value": app.monitor.burden_rules()[0].id},
                           changed=[f"{burden_view.KULISSE}.value"])
    assert response.status_code == 200
    body = json.loads(response.data)["response"]
    assert body[burden_view.URL_SYNC]["data"]["kulisse"] == LAYER
    assert "innerhalb: Fördergebiete" in body[burden_view.TITLE]["children"]
    tree = render(app, burden_view.PATH, "?jahr=2023&kulisse=gibtsnicht&lage=oben")
    assert "Die Kulisse aus dem Link gibt es nicht" in json.dumps(tree, ensure_ascii=False)
    assert "nur Gebiete" not in find(tree, burden_view.TITLE)["props"]["children"]


def test_overlay_features_carry_name_and_date_in_both_modes(apps):
    for mode, app in apps.items():
        overlays = {o.id: o for o in app.monitor.kulissen()}
        assert set(overlays) == {LAYER, "erhaltung"}, mode
        collection = kulissen.features(app.monitor, LAYER, "de")
        names = {f["properties"]["title"]: f["properties"]["lines"] for f in collection["features"]}
        assert names["Am Hafen"] == ["Fördergebiete Sozialer Zusammenhalt", "in Kraft seit 15.06.2019"]
        context = kulissen.features(app.monitor, "erhaltung", "en")["features"][0]["properties"]
        assert context["lines"][0] == "Urban conservation areas – context, not a funding area"


@pytest.mark.parametrize("module, key", [("kulissen", "kulissen"), ("facilities", "facilities")])
def test_the_layer_loaders_refuse_a_stray_key_in_dataset_toml_with_the_one_wording(module, key):
    """Review item 13: each layer's loader checks its dataset.toml tables with catalog.check_known_keys (RegistryError,
    'Meinten Sie …?'), and caches by folder and release."""
    import importlib
    from types import SimpleNamespace

    from dashboard.catalog import RegistryError, load_dataset
    from tests.conftest import DEMO_DIR

    loader = importlib.import_module(f"dashboard.{module}").load
    dataset = load_dataset(DEMO_DIR)
    entry = dict(dataset.raw[key][0], colour="#123456")
    broken = SimpleNamespace(path=dataset.path, release="stray-key-test", raw={**dataset.raw, key: [entry]})
    with pytest.raises(RegistryError) as info:
        loader(broken)
    assert str(info.value) == f"{DEMO_DIR / 'dataset.toml'}, [[{key}]] Nr. 1: unbekanntes Feld 'colour'. Meinten Sie 'color'?"
    assert loader(dataset) is loader(dataset)  # one read per folder and release
