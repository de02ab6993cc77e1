"""Measures through the real app on a copy of the demo: 'python -m dashboard measures' swaps a table in atomically (a
failing table leaves the old one), the profile lists own, parents' and sub-areas' measures, and in public mode the
non-public row's title appears in no response we can produce (profile, CSV, XLSX, overlay GeoJSON, open data)."""
from __future__ import annotations

import base64
import io
import json
import shutil
import tomllib

import openpyxl
import pytest

from dashboard import create_app
from dashboard.__main__ import main
from dashboard.catalog import load_dataset, release_history
from dashboard.overlays import url as overlay_url
from dashboard.settings import Settings
from dashboard.state.profile import ProfileState
from dashboard.ui import profile as view
from tests.conftest import DEMO_DIR
from tests.integration.test_app import render

SECRET = "Geheime Testmaßnahme Hinterhof"
TABLE = f"""Kennung;Maßnahme;Gebiete;Zielbereich;Ziel;Federführung;Finanzierung;Beginn;Ende;Träger;Status;Öffentlich;Länge;Breite
T1;Offene Testmaßnahme Platz;01010104;Soziales;Treffpunkte schaffen;Jugendamt;Bezirkshaushalt;2024;2026;Verein;laufend;ja;;
T2;Testmaßnahme der Bezirksregion;010101;Umwelt;;Umweltamt;;03.2025;;;geplant;ja;;
T3;{SECRET};01010104;Soziales;;Sozialamt;Vertraulich 4711;2025;2027;;geplant;nein;;
T4;Testmaßnahme ohne Freigabe;01010101;;;;;;;;;;;
"""


def run(*args: str) -> int:
    return main(["measures", *args])


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("massnahmen") / "demo"
    shutil.copytree(DEMO_DIR, folder)
    for name in ("measures.parquet",):  # the committed demo may already carry its own fictional measures
        (folder / name).unlink(missing_ok=True)
    table = folder.parent / "massnahmen.csv"
    table.write_text(TABLE, encoding="utf-8")
    before = load_dataset(folder).release
    assert run("--data", str(folder), "--file", str(table), "--source", "Testamt", "--stand", "01.03.2025") == 0
    return {"folder": folder, "table": table, "before": before,
            "apps": {mode: create_app(Settings(data_dir=folder, mode=mode, cache_dir=None)) for mode in ("internal", "public")}}


def test_replace_gives_a_new_release_and_keeps_the_old_on_error(demo, tmp_path, capsys):
    folder = demo["folder"]
    dataset = load_dataset(folder)
    assert dataset.release != demo["before"] and demo["before"] in {e["id"] for e in release_history(folder)}
    assert dataset.raw["measures"] == {"file": "measures.parquet", "table": "massnahmen.csv", "count": 4, "public_count": 2,
                                       "source": "Testamt", "stand": "01.03.2025"}
    files = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    broken = tmp_path / "kaputt.csv"
    broken.write_text(TABLE.replace("T2;Testmaßnahme der Bezirksregion;010101", "T2;Testmaßnahme der Bezirksregion;999"), encoding="utf-8")
    capsys.readouterr()
    assert run("--data", str(folder), "--file", str(broken)) == 1
    err = capsys.readouterr().err
    assert "kaputt.csv, Zeile 3, Spalte 'Gebiete': der Wert '999' nennt das Gebiet '999'" in err
    assert "Der bisherige Datensatz ist unverändert." in err
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} == files
    assert not list(folder.parent.glob(".demo.*"))  # no temporary folder left behind
    assert run("--data", str(folder), "--file", str(demo["table"]), "--source", "Testamt", "--stand", "01.03.2025") == 0
    assert "unverändert" in capsys.readouterr().out and load_dataset(folder).release == dataset.release


def test_profile_lists_own_parent_and_sub_area_measures_and_marks_internal_ones(demo):
    internal, public = demo["apps"]["internal"], demo["apps"]["public"]
    plr = json.dumps(render(internal, "/gebiet/01010104"), ensure_ascii=False)
    assert "Offene Testmaßnahme Platz" in plr and SECRET in plr and "nicht öffentlich" in plr
    assert "im übergeordneten Gebiet" in plr and "Testmaßnahme der Bezirksregion" in plr
    assert "Testmaßnahme ohne Freigabe" not in plr  # another Planungsraum's
    bzr = json.dumps(render(internal, "/gebiet/010101"), ensure_ascii=False)
    assert "im Teilgebiet" in bzr and "Testmaßnahme ohne Freigabe" in bzr
    english = json.dumps(render(public, "/gebiet/01010104", "?sprache=en"), ensure_ascii=False)
    assert "in the parent area" in english and "Social" in english
    for path in ("/gebiet/01010104", "/gebiet/010101", "/gebiet/01", "/gebiet/gesamt"):
        page = json.dumps(render(public, path), ensure_ascii=False)
        assert SECRET not in page and "Vertraulich 4711" not in page and "Testmaßnahme ohne Freigabe" not in page
        assert "nicht öffentlich" not in page
    assert "Offene Testmaßnahme Platz" in json.dumps(render(public, "/gebiet/010101"), ensure_ascii=False)


def test_exports_and_overlay_carry_no_non_public_row_in_public_mode(demo):
    for mode, app in demo["apps"].items():
        monitor = app.monitor
        state = ProfileState.from_query(monitor, {"jahr": "2024"}, area="01010104")
        workbook = openpyxl.load_workbook(io.BytesIO(base64.b64decode(view.profile_download(monitor, state, "xlsx")["content"])))
        assert workbook.sheetnames[0] == "Kennzahlen" and workbook.sheetnames[-1] == "Maßnahmen"  # other parts' sheets between
        cells = [c for row in workbook["Maßnahmen"].iter_rows(values_only=True) for c in row if c is not None]
        header = next(r for r in workbook["Maßnahmen"].iter_rows(values_only=True) if r[0] == "Zielbereich")
        csv_text = base64.b64decode(view.profile_download(monitor, state, "csv")["content"]).decode("utf-8-sig")
        client = app.server.test_client()
        overlay = client.get(overlay_url(monitor, "massnahmen"))
        assert overlay.status_code == 200
        features = json.loads(overlay.data)["features"]
        titles = sorted({f["properties"]["title"] for f in features})
        if mode == "internal":
            assert SECRET in cells and "öffentlich" in header and SECRET in csv_text
            assert titles == sorted(["Offene Testmaßnahme Platz", "Testmaßnahme der Bezirksregion", SECRET, "Testmaßnahme ohne Freigabe"])
            assert ["nicht öffentlich"] == [line for f in features if f["properties"]["title"] == SECRET
                                             for line in f["properties"]["lines"] if line == "nicht öffentlich"]
        else:
            everything = json.dumps([cells, csv_text, overlay.data.decode()], ensure_ascii=False)
            assert SECRET not in everything and "Vertraulich 4711" not in everything and "Testmaßnahme ohne Freigabe" not in everything
            assert "Offene Testmaßnahme Platz" in cells and "öffentlich" not in header
            assert titles == ["Offene Testmaßnahme Platz", "Testmaßnahme der Bezirksregion"]
            assert all(set(f["properties"]) <= {"title", "lines", "color"} for f in features)
        assert "Maßnahme T1: Offene Testmaßnahme Platz" in csv_text


def test_the_overlay_places_measures_at_their_areas_label_points(demo):
    monitor = demo["apps"]["public"].monitor
    web = json.loads((demo["folder"] / "web" / "bezirksregion.geojson").read_text(encoding="utf-8"))
    label = next(f["properties"]["label"] for f in web["features"] if f["properties"]["id"] == "010101")
    features = monitor.overlay_features("massnahmen")["features"]
    assert [f["geometry"]["coordinates"] for f in features if f["properties"]["title"] == "Testmaßnahme der Bezirksregion"] == [label]
    assert "Zeitraum: ab 03/2025" in next(f for f in features if f["properties"]["title"] == "Testmaßnahme der Bezirksregion")["properties"]["lines"]


def test_a_full_reimport_keeps_the_measures_loaded_by_the_command(tmp_path, capsys):
    """Staff load measures between statistics imports; the next import (without [measures]) must not drop them, and
    checks them against the new areas: a measure naming an area the new geometry lacks stops the import."""
    import tomli_w

    from dashboard.ingest.build import IngestError
    from dashboard.ingest.generic import ingest_from_config
    from tests.integration.test_ingest_generic import LONG_CSV, WIDE_CSV, base_config, write_city

    config = write_city(tmp_path / "stadt")
    folder = ingest_from_config(config)
    table = tmp_path / "massnahmen.csv"
    table.write_text("Kennung;Maßnahme;Gebiete;Öffentlich\nM1;Testmaßnahme Spielplatz;0202;ja\nM2;Testmaßnahme Bezirk;01;nein\n",
                     encoding="utf-8")
    assert run("--data", str(folder), "--file", str(table)) == 0
    kept = load_dataset(folder).raw["measures"]
    ingest_from_config(config)  # the same statistics again
    assert load_dataset(folder).raw["measures"]["count"] == kept["count"] == 2
    assert (folder / "measures.parquet").is_file()
    files = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    shrunk = base_config()
    shrunk["levels"][0]["exclude"] = ["0202"]  # the next import no longer has the measure's area
    shrunk["values"] = [entry for entry in shrunk["values"] if not entry["file"].endswith(".xlsx")]
    config = write_city(tmp_path / "stadt2", {**shrunk, "dataset": {**shrunk["dataset"], "out": str(folder)}}, wide=[r for r in WIDE_CSV if not r.startswith("0202;")],
                        long=[r for r in LONG_CSV if not r.startswith("0202;")])
    with pytest.raises(IngestError, match=r"measures\.parquet \(aus dem bisherigen Datensatz übernommen\), Zeile 2, "
                                          r"Spalte 'Gebiete': der Wert '0202'"):
        ingest_from_config(config)
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} == files


def test_the_map_credit_follows_the_page_language_and_a_stray_key_in_dataset_toml_is_refused(demo, tmp_path):
    """Review items 9 and 13: the measures overlay's credit is English on an English page; [measures] in dataset.toml
    is checked with the one unknown-key wording (catalog.check_known_keys) by the loader."""
    import tomli_w

    from dashboard import measures
    from dashboard.catalog import RegistryError
    from dashboard.ui import overlays as overlay_view

    monitor = demo["apps"]["internal"].monitor
    source = monitor.dataset.raw["measures"]["source"]
    overlay = monitor.overlay("massnahmen")
    assert (overlay.credit("de"), overlay.credit("en")) == (f"Maßnahmen: {source}", f"Measures: {source}")
    legend = json.dumps(overlay_view.legend(monitor, ["massnahmen"], "en"), default=lambda c: c.to_plotly_json())
    assert f"Measures: {source}" in legend and "Maßnahmen:" not in legend
    copy = tmp_path / "demo"
    shutil.copytree(demo["folder"], copy)
    meta = tomllib.loads((copy / "dataset.toml").read_text(encoding="utf-8"))
    meta["measures"]["sorce"] = "x"
    (copy / "dataset.toml").write_text(tomli_w.dumps(meta), encoding="utf-8")
    with pytest.raises(RegistryError) as info:
        measures.load(load_dataset(copy))
    assert str(info.value) == f"{copy / 'dataset.toml'}, [measures]: unbekanntes Feld 'sorce'. Meinten Sie 'source'?"
