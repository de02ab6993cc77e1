"""The adversary of public mode against the layers of issue 15 (facilities, funding areas, measures, map overlays).

The adversary holds every public response and combines them (tests/e2e/test_public_inference.py does parents minus
children, "zusammen" and other years for the indicators; this file adds what the new layers make possible):

- ratio × places: a supply ratio (Kitaplätze je 100 Kinder unter 6) times the places, which are public through the
  facility points and their capacity, gives the denominator count (EW_U6) to within rounding; and places / published
  denominator gives a withheld ratio back.
- hidden layers: a facility or funding-area layer marked public = false, reached by its overlay URL, the map's
  checklist, the profile, the burden filter (kulisse=) or, for facilities, through a public supply ratio of it.
- measures: any field of a measure not marked public (title, lead, financing, provider, partners …) in any profile
  page, its CSV/XLSX, the overlay GeoJSON or the map page; overlay properties beyond what the map draws.
- funding areas: the population "inside a Kulisse" is never more than the area's own published population, and the
  burden filter's totals inside + outside are sums of published populations only (totals of all minus inside =
  outside reveals no withheld population).

Runs on the demo (data/demo with its synthetic layers) through the real public app (Flask test client, Dash callback
endpoint), the truth read from the dataset's files."""
from __future__ import annotations

import base64
import io
import json
import re
import shutil

import numpy as np
import openpyxl
import pandas as pd
import pytest

from dashboard import create_app
from dashboard import facilities as facility_module
from dashboard import kulissen as kulissen_module
from dashboard.overlays import url as overlay_url
from dashboard.settings import Settings
from dashboard.state.burden import BurdenState
from dashboard.state.profile import ProfileState
from dashboard.ui import burden as burden_view
from dashboard.ui import profile as profile_view
from tests.conftest import DEMO_DIR
from tests.integration.test_app import render

DRAWN = {"title", "lines", "color", "id"}  # what assets/qm_overlays.js reads; anything else is an internal field
HIDDEN_FACILITY, HIDDEN_KULISSE = "schulen", "erhaltung"  # made non-public in a copy of the demo


def _require_layers():
    missing = [name for name in ("facilities.parquet", "kulissen.parquet", "measures.parquet") if not (DEMO_DIR / name).exists()]
    assert not missing, (f"data/demo hat die Ebenen von Issue 15 nicht ({', '.join(missing)}): "
                         "`.venv/bin/python -m dashboard demo --out data/demo`")


@pytest.fixture(scope="module")
def pub(public_app):
    _require_layers()
    return public_app


def _geojson(app, overlay_id: str, lang: str = "de"):
    return app.server.test_client().get(overlay_url(app.monitor, overlay_id, lang))


def _decimals(x: float) -> int:
    text = repr(float(x))
    return 0 if "e" in text else len(text.split(".")[1].rstrip("0"))


# -- ratio × places ------------------------------------------------------------------------------------------
def _supply_indicators(monitor):
    """(indicator, denominator count id, year) of each public supply ratio: the count indicator whose values equal
    the ratio's stored denominator (white box: found by equality, as tests/e2e/disclosure.py finds a share's counts)."""
    values = pd.read_parquet(monitor.dataset.path / "values.parquet")
    out = []
    for indicator in monitor.indicators():
        if "Einrichtungen:" not in (indicator.note or ""):
            continue
        rows = values[values["indicator_id"] == indicator.id]
        year = int(rows["year"].max())
        den = rows[rows["year"] == year].set_index(["area_id"])["denominator"]
        for count in monitor.indicators():
            if count.kind != "count":
                continue
            c = values[(values["indicator_id"] == count.id) & (values["year"] == year)].set_index("area_id")["value"]
            common = den.index.intersection(c.index)
            if len(common) == len(den) and np.allclose(c.loc[common].to_numpy(float), den.loc[common].to_numpy(float)):
                out.append((indicator, count.id, year, rows[rows["year"] == year]))
                break
    return out


def test_ratio_times_public_places_reveals_no_withheld_count_and_places_over_counts_no_withheld_ratio(pub):
    monitor = pub.monitor
    supply = _supply_indicators(monitor)
    assert supply, "der Demo-Datensatz hat eine Versorgungsquote (KITA_PLAETZE_1000)"
    # the places are public: every point of the overlay carries its capacity, and they add up to the stored numerators
    kita = json.loads(_geojson(pub, "kita").data)["features"]
    shown = [float(re.sub(r"\D", "", line.split(":")[1])) for f in kita for line in f["properties"]["lines"] if ":" in line]
    stored = facility_module.points(monitor, ["kita"])
    assert len(shown) == stored["capacity"].notna().sum() > 100 and sum(shown) == stored["capacity"].sum()
    derived, recomputed, attacked, counts_withheld = [], [], 0, 0
    for indicator, count_id, year, truth in supply:
        withheld = 0
        half = 0.5 * 10 ** -indicator.decimals
        for level in monitor.dataset.level_ids:
            ratio = monitor.values(indicator.id, year, level).set_index("area_id")
            counts = monitor.values(count_id, year, level).set_index("area_id")
            places = truth[truth["level"] == level].set_index("area_id")["numerator"]
            withheld += int(ratio["suppressed"].sum())
            for area_id, row in ratio.iterrows():
                count_withheld = bool(counts.loc[area_id, "suppressed"]) or pd.isna(counts.loc[area_id, "value"])
                counts_withheld += count_withheld
                if not row["suppressed"] and row["value"] > half and places.get(area_id, 0) > 0 and count_withheld:
                    attacked += 1
                    low = indicator.scale * places[area_id] / (row["value"] + half)
                    high = indicator.scale * places[area_id] / (row["value"] - half)
                    if high - low < 3:
                        derived.append(f"{count_id} {area_id} {year} in [{low:.1f}, {high:.1f}]")
                if row["suppressed"] and not count_withheld and counts.loc[area_id, "value"] > 0 and area_id in places.index:
                    recomputed.append(f"{indicator.id} {area_id} {year} = {indicator.scale * places[area_id] / counts.loc[area_id, 'value']:.1f}")
        assert withheld, f"{indicator.id}: kein zurückgehaltener Wert, der Angriff liefe ins Leere"
    # withheld denominators exist, so the attack had targets; today disclosure publishes a ratio only where its count
    # is published (attacked stays 0), and a ratio next to a withheld count would have to leave too wide an interval
    assert counts_withheld, "kein zurückgehaltener Nenner: der Angriff Quote × Plätze liefe ins Leere"
    assert not derived, f"Quote × öffentliche Plätze ergibt zurückgehaltene Zahlen: {derived[:5]}"
    assert not recomputed, f"öffentliche Plätze / veröffentlichter Nenner ergeben zurückgehaltene Quoten: {recomputed[:5]}"


def test_a_hidden_facility_layer_cannot_feed_a_supply_ratio(tmp_path):
    """A layer kept internal (public = false) with a ratio indicator: ratio × published denominator would give its
    points per area in public mode, so the import refuses it (like an OpenStreetMap layer's indicator)."""
    import geopandas as gpd
    from shapely.geometry import box

    from dashboard.ingest.build import IngestError
    from dashboard.ingest.facilities import IndicatorSpec, LayerSpec, build

    areas = gpd.GeoDataFrame({"area_id": ["A", "B"], "level": "gebiet"},
                             geometry=[box(13.0, 52.0, 13.1, 52.1), box(13.1, 52.0, 13.2, 52.1)], crs="EPSG:4326")
    (tmp_path / "f.csv").write_text("name,lon,lat\nSchutzhaus,13.05,52.05\n", encoding="utf-8")
    values = pd.DataFrame({"area_id": ["A", "B"], "indicator_id": "EW", "year": 2024, "value": [900.0, 800.0]})
    spec = LayerSpec(id="schutz", file=tmp_path / "f.csv", label_de="Schutzeinrichtungen", attribution="Test", public=False,
                     indicators=[IndicatorSpec("SCHUTZ_JE_10T", "count", "EW", 10000.0)])
    with pytest.raises(IngestError) as error:
        build([spec], areas, ["gebiet"], values, "stadt.toml, [[facilities]]: ")
    assert str(error.value) == (
        "stadt.toml, [[facilities]]: Ebene 'schutz' ist nicht öffentlich (public = false), ihre Indikatoren (SCHUTZ_JE_10T) "
        "verrieten aber mit dem Nenner die Zahl ihrer Einrichtungen je Gebiet; bitte die Ebene öffentlich machen oder "
        "[[facilities.indicators]] entfernen.")
    layer, rows, _ = build([LayerSpec(**{**spec.__dict__, "public": True})], areas, ["gebiet"], values)
    assert rows.set_index("area_id")["numerator"].to_dict() == {"A": 1.0, "B": 0.0}


# -- hidden layers -------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def hidden(tmp_path_factory):
    """A copy of the demo whose school layer and context funding-area layer are internal (public = false)."""
    _require_layers()
    folder = tmp_path_factory.mktemp("verdeckt") / "demo"
    shutil.copytree(DEMO_DIR, folder)
    toml = (folder / "dataset.toml").read_text(encoding="utf-8")
    for layer in (HIDDEN_FACILITY, HIDDEN_KULISSE):
        toml, n = re.subn(rf'(id = "{layer}"\n(?:(?!\[\[).*\n)*?)public = true', r"\1public = false", toml)
        assert n == 1, layer
    (folder / "dataset.toml").write_text(toml, encoding="utf-8")
    return create_app(Settings(data_dir=folder, mode="public", cache_dir=None))


def test_hidden_layers_leave_no_trace_in_overlays_map_profile_or_burden_filter(hidden):
    monitor = hidden.monitor
    stored = ({lv.id for lv in facility_module.layers(monitor.dataset)}
              | {lv.id for lv in kulissen_module.load(monitor.dataset).layers})
    assert {HIDDEN_FACILITY, HIDDEN_KULISSE} <= stored  # they exist in the data …
    assert not {HIDDEN_FACILITY, HIDDEN_KULISSE} & {o.id for o in monitor.overlays()}  # … but not in public mode
    for layer in (HIDDEN_FACILITY, HIDDEN_KULISSE):
        assert _geojson(hidden, layer).status_code == 404, layer
    labels = {lv.id: lv.label_de for lv in kulissen_module.load(monitor.dataset).layers}
    secret_words = ["Schulen", labels[HIDDEN_KULISSE]]
    overlaps = pd.read_parquet(monitor.dataset.path / "overlaps.parquet")
    inside = overlaps[(overlaps["kulisse"] == HIDDEN_KULISSE) & overlaps["feature_id"].isna()].sort_values("share")
    area = str(inside["area_id"].iloc[-1])  # an area inside the hidden layer
    school_area = str(facility_module.load(monitor.dataset).points
                      .query("layer == @HIDDEN_FACILITY")["area_id"].iloc[0])
    pages = {
        "karte": render(hidden, "/", f"?ebenen=kita,{HIDDEN_FACILITY},{HIDDEN_KULISSE}"),
        "profil": render(hidden, f"/gebiet/{area}", ""),
        "profil-schule": render(hidden, f"/gebiet/{school_area}", ""),
        "belastung": render(hidden, "/mehrfachbelastung", f"?kulisse={HIDDEN_KULISSE}&lage=innerhalb"),
    }
    schools = facility_module.load(monitor.dataset).points.query("layer == @HIDDEN_FACILITY")
    secret_words += sorted(set(schools["name"]))[:50]  # the hidden points' names
    text = json.dumps(pages, ensure_ascii=False).replace("Quartiersmanagement; Schulen", "")  # a measure's partners
    for word in secret_words:
        assert word not in text, (word, text[max(0, text.find(word) - 150):text.find(word) + 50])
    assert HIDDEN_FACILITY not in json.dumps(pages["karte"]) and HIDDEN_KULISSE not in json.dumps(pages["belastung"])
    # the filter on a hidden layer is dropped (the whole list), not applied
    state = BurdenState.from_query(monitor, {"kulisse": HIDDEN_KULISSE, "lage": "innerhalb"})
    assert state.kulisse is None and state.notices
    assert float(inside["share"].iloc[-1]) > 0  # the area does lie in the hidden layer (overlaps.parquet) …
    assert all(g["layer"].id != HIDDEN_KULISSE for g in monitor.kulisse_overlaps(area, None))  # … which public mode omits
    assert all(entry["layer"].id != HIDDEN_FACILITY for entry in monitor.facilities(school_area))
    exports = [profile_view.profile_download(monitor, ProfileState.from_query(monitor, {}, area=a), kind)
               for a in (area, school_area) for kind in ("csv", "xlsx")]
    texts = _texts(exports).replace("Quartiersmanagement; Schulen", "")
    assert not [word for word in secret_words if word in texts]


# -- measures ------------------------------------------------------------------------------------------------
def _texts(downloads) -> str:
    out = []
    for data in downloads:
        content = base64.b64decode(data["content"])
        if data["filename"].endswith(".xlsx"):
            book = openpyxl.load_workbook(io.BytesIO(content))
            out += [str(c) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
        else:
            out.append(content.decode("utf-8-sig"))
    return "\n".join(out)


def test_non_public_measures_fields_reach_no_public_response(pub):
    monitor = pub.monitor
    frame = pd.read_parquet(monitor.dataset.path / "measures.parquet")
    hidden_rows, public_rows = frame[~frame["public"]], frame[frame["public"]]
    assert len(hidden_rows) and len(public_rows)
    fields = ["title", "goal", "lead", "financing", "provider", "partners", "actors", "success_check"]
    shown = {str(v) for f in fields for v in public_rows[f] if isinstance(v, str)}
    secrets = {str(v) for f in fields for v in hidden_rows[f] if isinstance(v, str) and len(v) > 5 and v not in shown}
    assert any(s in secrets for s in hidden_rows["title"])
    # every area a hidden measure names, with its ancestors and children: the profiles that could list it
    areas = {a for named in hidden_rows["areas"] for a in named}
    around = set(areas)
    for area_id in areas:
        around |= {a["area_id"] for a in monitor.ancestors(area_id)} | {c["area_id"] for c in monitor.children(area_id)}
    assert len(around) >= 4
    responses = [json.dumps(render(pub, f"/gebiet/{a}", search), ensure_ascii=False)
                 for a in sorted(around) for search in ("", "?sprache=en")]
    responses += [json.dumps(render(pub, "/", "?ebenen=massnahmen,kita"), ensure_ascii=False)]
    responses += [_geojson(pub, "massnahmen", lang).get_data(as_text=True) for lang in ("de", "en")]
    responses.append(_texts([profile_view.profile_download(monitor, ProfileState.from_query(monitor, {}, area=a), kind)
                             for a in sorted(around) for kind in ("csv", "xlsx")]))
    everything = "\n".join(responses)
    assert public_rows["title"].iloc[0] in everything or any(t in everything for t in public_rows["title"])  # the crawl sees measures
    leaked = sorted(s for s in secrets if s in everything)
    assert not leaked, f"Felder nicht öffentlicher Maßnahmen in öffentlichen Antworten: {leaked}"
    assert "nicht öffentlich" not in everything.replace("nicht öffentlicht", "")


def test_overlay_geojson_carries_only_drawn_properties_and_rounded_coordinates(pub):
    monitor = pub.monitor
    ids = [o.id for o in monitor.overlays()]
    assert {"kita", "massnahmen"} <= set(ids) and any(o.kind == "outlines" for o in monitor.overlays())
    for overlay_id in ids:
        response = _geojson(pub, overlay_id)
        assert response.status_code == 200, overlay_id
        features = json.loads(response.data)["features"]
        assert features, overlay_id
        for feature in features:
            assert set(feature["properties"]) <= DRAWN, (overlay_id, sorted(feature["properties"]))
            stack = [feature["geometry"]["coordinates"]]
            while stack:
                item = stack.pop()
                if isinstance(item, list):
                    stack.extend(item)
                else:
                    assert _decimals(item) <= 7, (overlay_id, item)


# -- funding areas: population inside, burden totals inside/outside -------------------------------------------
def test_population_inside_a_kulisse_and_the_filters_totals_add_only_published_populations(pub):
    monitor = pub.monitor
    population = monitor.dataset.population_indicator
    layers = monitor.kulissen()
    assert layers
    overlaps = pd.read_parquet(monitor.dataset.path / "overlaps.parquet")
    checked = withheld_inside = 0
    for area_id in sorted(set(overlaps["area_id"])):
        area = monitor.area(area_id)
        year = max(monitor.years(population, area["level"]))
        published = monitor.values(population, year, area["level"]).set_index("area_id").loc[area_id]
        for group in monitor.kulisse_overlaps(area_id, year):
            for item in [group, *group["features"]]:
                if item["population"] is not None:
                    checked += 1
                    assert item["share"] >= 0.99 and not published["suppressed"]
                    assert item["population"] == published["value"], (area_id, item["population"], published["value"])
                elif item["share"] >= 0.99 and published["suppressed"]:
                    withheld_inside += 1
                    assert item["withheld"]
    assert checked > 0
    # the burden filter: inside + outside = all, and each total is a sum of published populations only
    rule = monitor.burden_rules()[0]
    year = max(monitor.burden_years(rule))
    level = monitor.dataset.level_ids[0]
    published = monitor.values(population, year, level).set_index("area_id")
    for layer in layers:
        totals = {}
        for lage in ("innerhalb", "ausserhalb", None):
            params = {"regel": rule.id, "jahr": str(year), **({"kulisse": layer.id, "lage": lage} if lage else {})}
            state = BurdenState.from_query(monitor, params)
            _, bundle = burden_view.bundle_of(monitor, state)
            table = burden_view.filtered(monitor, bundle, state.dimensions, state.district, state.kulisse, state.lage)
            rated = table[table["rated"]]
            assert rated["population"].dropna().index.isin(published.index[~published["suppressed"].astype(bool)]).all()
            assert np.allclose(rated["population"].dropna().to_numpy(float),
                               published.loc[rated["population"].dropna().index, "value"].to_numpy(float))
            totals[lage] = (len(table), float(rated["population"].sum()))
        assert totals["innerhalb"][0] + totals["ausserhalb"][0] == totals[None][0]
        assert totals["innerhalb"][1] + totals["ausserhalb"][1] == pytest.approx(totals[None][1])
        assert 0 < totals["innerhalb"][0] < totals[None][0], layer.id


def test_a_supply_ratio_is_published_exactly_where_its_denominator_is(pub):
    """Places are public (the points), so a ratio publishes its denominator: it follows that count's publication,
    and the audit's own check of the rule finds a ratio published next to a withheld denominator."""
    from dashboard.audit import published_cells, supply_ratios_without_denominator

    monitor = pub.monitor
    ratios = monitor.supply_ratios()
    assert ratios == {"KITA_PLAETZE_1000": "EW"}
    assert "KITA_PLAETZE_1000" not in set(monitor.disclosure_cells()["indicator_id"])  # no suppression of its own
    followed = 0
    for level in monitor.dataset.level_ids:
        year = monitor.years("KITA_PLAETZE_1000", level)[-1]
        ratio = monitor.values("KITA_PLAETZE_1000", year, level).set_index("area_id")["suppressed"]
        count = monitor.values("EW", year, level).set_index("area_id")["suppressed"].reindex(ratio.index, fill_value=True)
        assert not (~ratio & count).any(), list(ratio.index[~ratio & count])[:5]
        followed += int(count.sum())
    assert followed, "kein gesperrter Nenner: die Regel würde nicht geprüft"
    published, _ = published_cells(monitor)
    assert supply_ratios_without_denominator(monitor, published) == []
    hidden = published.copy()
    row = hidden.index[(hidden["indicator_id"] == "EW") & hidden["value"].notna()
                       & hidden.set_index(["area_id", "year"]).index.isin(
                           list(zip(hidden.loc[hidden["indicator_id"] == "KITA_PLAETZE_1000", "area_id"],
                                    hidden.loc[hidden["indicator_id"] == "KITA_PLAETZE_1000", "year"])))][0]
    hidden.loc[row, "value"] = float("nan")  # as if the denominator were withheld there
    assert len(supply_ratios_without_denominator(monitor, hidden)) == 1
