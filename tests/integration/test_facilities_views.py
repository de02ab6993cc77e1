"""Facilities (point layers) in the app, end to end on the demo city with its synthetic Kitas and Schulen
(dashboard/ingest/facilities.py demo): the profile's "Soziale Infrastruktur" at every level (counts and capacity from
the points inside the area, names on screen, folded above the smallest level), the workbook's sheet "Einrichtungen"
and the CSV's summary lines, and the overlay GeoJSON route (/ebenen/<id>.<lang>.<release>.geojson). A copy of the demo
whose Schulen layer is marked `public = false` shows that public mode has no trace of a non-public layer (profile,
downloads, route, checklist) while the internal view marks it."""
from __future__ import annotations

import json
import shutil
import tomllib

import pandas as pd
import pytest
import tomli_w

from dashboard import create_app, overlays
from dashboard.i18n import format_number
from dashboard.ingest.demo import build_demo
from dashboard.settings import Settings
from dashboard.state.profile import ProfileState
from dashboard.ui import profile as profile_view
from dashboard.ui import profile_facilities
from tests.integration.conftest import download_texts
from tests.integration.test_app import find, render


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """The demo with Schulen made internal-only (a layer the public must never see)."""
    built = build_demo(tmp_path_factory.mktemp("facilities") / "demo")
    meta = tomllib.loads((built / "dataset.toml").read_text(encoding="utf-8"))
    assert [e["id"] for e in meta["facilities"]] == ["kita", "schulen"]
    meta["facilities"][1]["public"] = False
    (built / "dataset.toml").write_text(tomli_w.dumps(meta), encoding="utf-8")
    return built


@pytest.fixture(scope="module")
def apps(folder):
    return {mode: create_app(Settings(data_dir=folder, mode=mode, cache_dir=None)) for mode in ("internal", "public")}


@pytest.fixture(scope="module")
def points(folder):
    return pd.read_parquet(folder / "facilities.parquet")


def text_of(tree) -> str:
    from plotly.utils import PlotlyJSONEncoder  # Dash components as JSON

    return json.dumps(tree, ensure_ascii=False, cls=PlotlyJSONEncoder)


def layer_rows(section: dict) -> dict[str, list]:
    """{layer id: [cells of its table row]} of the section's summary tables."""
    out = {}

    def walk(node):
        if isinstance(node, dict):
            props = node.get("props", {})
            if node.get("type") == "Tr" and props.get("data-layer"):
                out[props["data-layer"]] = [c["props"].get("children") for c in props["children"]][1:]
            for value in props.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(section)
    return out


def details(section: dict) -> dict[str, dict]:
    found = {}

    def walk(node):
        if isinstance(node, dict):
            props = node.get("props", {})
            if node.get("type") == "Details":
                found[props["data-layer"]] = props
            for value in props.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(section)
    return found


def test_profile_section_counts_and_names_the_facilities_at_every_level(apps, points):
    app = apps["internal"]
    monitor = app.monitor
    kitas = points[points["layer"] == "kita"]
    plr = kitas.groupby("area_id").size().sort_values().index[-1]  # the Planungsraum with the most Kitas
    own = kitas[kitas["area_id"] == plr]
    section = find(render(app, f"/gebiet/{plr}"), profile_facilities.SECTION)
    rows = layer_rows(section)
    assert rows["kita"][0] == format_number(len(own), 0)
    assert rows["kita"][1] == f"{format_number(own['capacity'].sum(), 0)} Plätze"
    text = text_of(section)
    assert "Soziale Infrastruktur" in text and all(name in text for name in own["name"])
    assert all(address in text for address in own["address"])
    assert "nur intern" in text  # the internal-only Schulen layer is marked in the internal view
    if len(own) <= profile_facilities.OPEN_UP_TO:
        assert details(section)["kita"]["open"] is True  # a short list is open at the smallest level

    # the Bezirksregion and the city: the points of every Planungsraum inside, the list folded
    region = monitor.area(plr)["parent_id"]
    inside = set(monitor.descendants(region, "planungsraum"))
    section = find(render(app, f"/gebiet/{region}"), profile_facilities.SECTION)
    assert layer_rows(section)["kita"][0] == format_number(kitas["area_id"].isin(inside).sum(), 0)
    assert details(section)["kita"]["open"] is False and "qm-no-print" in details(section)["kita"]["className"]
    city = monitor.city_id()
    rows = layer_rows(find(render(app, f"/gebiet/{city}"), profile_facilities.SECTION))
    assert rows["kita"][0] == format_number(len(kitas), 0) and rows["schulen"][0] == format_number((points["layer"] == "schulen").sum(), 0)

    english = text_of(find(render(app, f"/gebiet/{plr}", "?sprache=en"), profile_facilities.SECTION))
    assert "Social infrastructure" in english and f"{format_number(own['capacity'].sum(), 0, 'en')} places" in english


def test_a_long_list_is_cut_with_a_link_to_the_map(apps, points, monkeypatch):
    monitor = apps["internal"].monitor
    monkeypatch.setattr(profile_facilities, "LIST_LIMIT", 5)
    city = monitor.city_id()
    text = text_of(profile_facilities.section(monitor, city))
    more = (points["layer"] == "kita").sum() - 5
    assert f"… und {format_number(more, 0)} weitere: alle auf der Karte" in text
    assert "ebenen=kita%2Cschulen" in text or "ebenen=kita,schulen" in text


def test_public_mode_shows_no_trace_of_a_non_public_layer(apps, points):
    public, internal = apps["public"], apps["internal"]
    school = points[points["layer"] == "schulen"].iloc[0]
    tree = render(public, f"/gebiet/{school['area_id']}")
    page, section = text_of(tree), text_of(find(tree, profile_facilities.SECTION))
    assert school["name"] not in page and "Schülerinnen und Schüler" not in page and "nur intern" not in page
    assert "Kitas" in section and "Schulen" not in section  # (the demo's measures name "Schulen" as partners)
    assert [o.id for o in public.monitor.overlays() if o.group == "einrichtungen"] == ["kita"]
    assert "schulen" not in text_of(render(public, "/"))  # the checklist does not offer it

    state = ProfileState.from_query(public.monitor, {}, area=school["area_id"])
    for kind in ("xlsx", "csv"):
        cells = download_texts(profile_view.profile_download(public.monitor, state, kind))
        assert not any(school["name"] in c or "Schülerinnen und Schüler" in c or "Infrastruktur, Schulen" in c for c in cells), kind
    # the route: the internal app serves it, the public app does not know it
    assert internal.server.test_client().get(overlays.url(internal.monitor, "schulen")).status_code == 200
    assert public.server.test_client().get(overlays.url(public.monitor, "schulen")).status_code == 404


def test_workbook_sheet_lists_every_facility_and_the_csv_sums_them_up(apps, points):
    monitor = apps["internal"].monitor
    region = monitor.area(points["area_id"].iloc[0])["parent_id"]
    inside = points[points["area_id"].isin(monitor.descendants(region, "planungsraum"))]
    state = ProfileState.from_query(monitor, {}, area=region)
    table = profile_view.export_table(monitor, state, "de")
    sheet = next(s for s in table.sheets if s.sheet == "Einrichtungen")
    assert len(sheet.rows) == len(inside)
    assert sorted(r["name"] for r in sheet.rows) == sorted(inside["name"])
    kita = next(r for r in sheet.rows if r["layer"] == "Kitas")
    assert isinstance(kita["capacity"], float) and kita["capacity_label"] == "Plätze" and "CC0" in kita["credit"]

    from openpyxl import load_workbook
    import base64
    import io

    data = profile_view.profile_download(monitor, state, "xlsx")
    book = load_workbook(io.BytesIO(base64.b64decode(data["content"])))
    assert "Einrichtungen" in book.sheetnames and book.sheetnames.index("Einrichtungen") == 1
    values = [r for r in book["Einrichtungen"].iter_rows(values_only=True)]
    header = next(i for i, r in enumerate(values) if r[0] == "Art der Einrichtung")
    assert len(values) - header - 1 == len(inside)
    assert all(isinstance(r[3], (int, float)) for r in values[header + 1:] if r[0] == "Kitas")  # numbers as numbers

    csv = download_texts(profile_view.profile_download(monitor, state, "csv"))
    kitas = inside[inside["layer"] == "kita"]
    line = f"Soziale Infrastruktur, Kitas: {len(kitas)} Einrichtungen, {format_number(kitas['capacity'].sum(), 0)} Plätze (Stand"
    assert any(line in c for c in csv), [c for c in csv if "Infrastruktur" in c]


def test_overlay_route_serves_only_known_overlays_of_this_release(apps, points):
    for mode, app in apps.items():
        client = app.server.test_client()
        monitor = app.monitor
        good = client.get(overlays.url(monitor, "kita"), headers={"Accept-Encoding": "identity"})
        assert good.status_code == 200 and good.mimetype == "application/geo+json"
        assert "immutable" in good.headers["Cache-Control"]
        features = json.loads(good.data)["features"]
        assert len(features) == (points["layer"] == "kita").sum()
        assert all(set(f["properties"]) <= {"title", "lines", "color"} for f in features)
        for bad in (f"/ebenen/unbekannt.de.{monitor.dataset.release}.geojson", "/ebenen/kita.de.0000.geojson",
                    f"/ebenen/kita.fr.{monitor.dataset.release}.geojson", "/ebenen/kita"):
            assert client.get(bad).status_code == 404, (mode, bad)
        escape = client.get("/ebenen/..%2Fdataset.toml")  # falls through to the app's page, never to a file
        assert escape.mimetype == "text/html" and b"[[facilities]]" not in escape.data
        # every overlay this mode offers: only what the map shows (no ids of internal rows, no internal fields)
        for overlay in monitor.overlays():
            body = json.loads(client.get(overlays.url(monitor, overlay.id, "en")).data)
            assert body["type"] == "FeatureCollection"
            assert all(set(f["properties"]) <= {"id", "title", "lines", "color"} for f in body["features"]), overlay.id
