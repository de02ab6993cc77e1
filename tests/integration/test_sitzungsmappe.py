"""Sitzungsmappe: server-side validation of uploaded, shipped and stored lists, through the real app."""
from __future__ import annotations

import base64
import json
import tomllib

import pytest

from dashboard.ui import presentation as pres
from tests.conftest import DEMO_DIR


def upload_payload(name: str, text: str) -> str:
    return "data:application/octet-stream;base64," + base64.b64encode(text.encode("utf-8")).decode("ascii")


def call_update(app, *, data=None, add=None, upload=None, filename=None, title=None, changed=None, shipped=None):
    """POST the list callback the way the browser does (pattern-matching inputs as lists)."""
    key = next(k for k in app.callback_map if f"{pres.STORE}.data" in k.strip(".").split("..."))
    outputs = [{"id": o.split(".")[0], "property": o.split(".")[1]} for o in key.strip(".").split("...")]
    def pattern(kind, clicks):
        return [{"id": {"type": kind, "index": i}, "property": "n_clicks", "value": v} for i, v in clicks]
    payload = {
        "output": key, "outputs": outputs,
        "inputs": [
            {"id": pres.STORE, "property": "data", "value": data},
            {"id": pres.ADD_REQUEST, "property": "data", "value": add},
            {"id": pres.CLEAR, "property": "n_clicks", "value": 0},
            pattern(pres.UP, []), pattern(pres.DOWN, []), pattern(pres.REMOVE, []),
            pattern(pres.SHIPPED, shipped or []),
            {"id": pres.TITLE, "property": "value", "value": title},
            {"id": pres.UPLOAD, "property": "contents", "value": upload},
        ],
        "state": [{"id": pres.UPLOAD, "property": "filename", "value": filename}, {"id": "qm-lang", "property": "data", "value": "de"}],
        "changedPropIds": changed or [],
    }
    response = app.server.test_client().post("/_dash-update-component", data=json.dumps(payload), content_type="application/json")
    assert response.status_code == 200, response.data[:500]
    return json.loads(response.data)["response"]


def message_text(response) -> str:
    return json.dumps(response[pres.MESSAGE]["children"], ensure_ascii=False)


@pytest.mark.parametrize("url", [
    "https://evil.example/x", "//evil.example/x", "javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<b>x</b>",
    "/\\evil.example", "mehrfachbelastung", "/ansicht\nzwei", "", "/" + "a" * 2100,
])
def test_foreign_or_malformed_urls_are_rejected_in_german(url):
    with pytest.raises(pres.MappeError) as info:
        pres.validate_mappe({"title": "T", "views": [{"title": "x", "url": url}]})
    text = str(info.value)
    assert "Ansicht 1" in text and ("Adresse" in text)


def test_valid_list_is_cleaned_and_drops_the_presentation_flag():
    mappe = pres.validate_mappe({"title": "  Lenkung  ", "views": [
        {"title": "Karte", "url": "/?indikator=A1&praesentation=1&jahr=2024"},
        {"url": "/vergleich?gebiete=01,02"}]})
    assert mappe.title == "Lenkung"
    assert [v.url for v in mappe.views] == ["/?indikator=A1&jahr=2024", "/vergleich?gebiete=01,02"]
    assert mappe.views[1].title == "/vergleich?gebiete=01,02"  # no title: the address stands in


def test_too_many_entries_and_too_long_texts_are_rejected():
    views = [{"title": f"Ansicht {i}", "url": f"/?jahr={2015 + i % 10}"} for i in range(pres.MAX_VIEWS + 1)]
    with pytest.raises(pres.MappeError, match="höchstens 50"):
        pres.validate_mappe({"title": "Zu viel", "views": views})
    pres.validate_mappe({"title": "Genau genug", "views": views[:pres.MAX_VIEWS]})
    with pytest.raises(pres.MappeError, match="länger als 200 Zeichen"):
        pres.validate_mappe({"title": "x" * 201, "views": views[:1]})
    with pytest.raises(pres.MappeError, match="kein gültiges TOML"):
        pres.parse_mappe_file("kaputt.toml", b"title = ")
    with pytest.raises(pres.MappeError, match="größer als 64 kB"):
        pres.parse_mappe_file("gross.toml", b"#" * (pres.MAX_FILE_BYTES + 1))
    with pytest.raises(pres.MappeError, match=r"\.toml oder \.json"):
        pres.parse_mappe_file("mappe.exe", b"{}")


def test_toml_file_round_trip():
    mappe = pres.validate_mappe({"title": "Sitzung „März“ \\ 2025", "views": [
        {"title": 'Karte "A1"', "url": "/?indikator=A1&jahr=2024"}, {"title": "Profil", "url": "/gebiet/100201?jahr=2024"}]})
    text = pres.to_toml(mappe)
    assert pres.validate_mappe(tomllib.loads(text)) == mappe
    assert pres.parse_mappe_file("x.json", json.dumps(mappe.to_dict()).encode()) == mappe
    assert pres.file_name(mappe) == "sitzungsmappe-sitzung-maerz-2025.toml"


def test_demo_ships_a_valid_sitzungsmappe_whose_views_all_render(app):
    shipped, errors = pres.load_shipped(DEMO_DIR)
    assert errors == []
    mappe = shipped["lenkungsgruppe"]
    assert 5 <= len(mappe.views) <= 6
    from tests.integration.test_app import render
    paths = [v.url.split("?")[0] for v in mappe.views]
    assert {"/", "/mehrfachbelastung", "/sozialindex", "/vergleich", "/zeitreihen"} <= set(paths)
    assert any(p.startswith("/gebiet/") for p in paths)
    for view in mappe.views:
        path, _, query = view.url.partition("?")
        tree = json.dumps(render(app, path, "?" + query + "&praesentation=1"), ensure_ascii=False)
        assert "qm-not-found" not in tree and "-notice" not in tree and '"qm-notice"' not in tree, view.url


def test_demo_generator_writes_the_same_sitzungsmappe():
    from dashboard.ingest import demo
    assert (DEMO_DIR / "sitzungsmappen" / "lenkungsgruppe.toml").read_text(encoding="utf-8") == demo.SITZUNGSMAPPE_LENKUNGSGRUPPE


def test_shipped_file_with_a_foreign_url_is_skipped_with_a_german_message(tmp_path):
    folder = tmp_path / "sitzungsmappen"
    folder.mkdir()
    (folder / "gut.toml").write_text('title = "Gut"\n[[views]]\ntitle = "Karte"\nurl = "/"\n', encoding="utf-8")
    (folder / "boese.toml").write_text('title = "Böse"\n[[views]]\ntitle = "x"\nurl = "https://evil.example/x"\n', encoding="utf-8")
    shipped, errors = pres.load_shipped(tmp_path)
    assert list(shipped) == ["gut"]
    assert len(errors) == 1 and "boese.toml" in errors[0] and "keine Ansicht dieser Anwendung" in errors[0]


def test_panel_and_header_buttons_are_in_the_layout(app):
    layout = json.dumps(app.server.test_client().get("/_dash-layout").json, ensure_ascii=False)
    for component_id in (pres.TOGGLE, pres.MAPPE_TOGGLE, pres.PANEL, pres.STORE, pres.UPLOAD, pres.SAVE):
        assert f'"{component_id}"' in layout
    assert "Lenkungsgruppe Integrierte Stadtteilentwicklung" in layout and '"local"' in layout


def test_upload_callback_rejects_hostile_files_with_german_errors(app):
    stored = {"title": "Meine Mappe", "views": [{"title": "Karte", "url": "/"}]}
    bad = 'title = "X"\n[[views]]\ntitle = "x"\nurl = "javascript:alert(1)"\n'
    response = call_update(app, data=stored, upload=upload_payload("x.toml", bad), filename="x.toml",
                           changed=[f"{pres.UPLOAD}.contents"])
    assert "keine Ansicht dieser Anwendung" in message_text(response)
    assert pres.STORE not in response  # the stored list is unchanged
    too_many = {"title": "Viel", "views": [{"title": str(i), "url": "/"} for i in range(51)]}
    response = call_update(app, data=stored, upload=upload_payload("v.json", json.dumps(too_many)), filename="v.json",
                           changed=[f"{pres.UPLOAD}.contents"])
    assert "höchstens 50" in message_text(response) and pres.STORE not in response
    good = pres.to_toml(pres.validate_mappe({"title": "Neu", "views": [{"title": "Index", "url": "/sozialindex?jahr=2024"}]}))
    response = call_update(app, data=stored, upload=upload_payload("neu.toml", good), filename="neu.toml",
                           changed=[f"{pres.UPLOAD}.contents"])
    assert response[pres.STORE]["data"] == {"title": "Neu", "views": [{"title": "Index", "url": "/sozialindex?jahr=2024"}]}


def test_add_and_shipped_callbacks_validate_on_the_server(app):
    response = call_update(app, data=None, add={"url": "https://evil.example/x", "title": "x", "nonce": "1"},
                           changed=[f"{pres.ADD_REQUEST}.data"])
    assert "keine Ansicht dieser Anwendung" in message_text(response)
    response = call_update(app, data={"title": "M", "views": []}, add={"url": "/?jahr=2023&praesentation=1", "title": "Karte 2023"},
                           changed=[f"{pres.ADD_REQUEST}.data"])
    assert response[pres.STORE]["data"]["views"] == [{"title": "Karte 2023", "url": "/?jahr=2023"}]
    # a tampered stored list is not trusted: it becomes an empty list instead of an error
    response = call_update(app, data={"views": [{"url": "javascript:alert(1)"}]}, changed=[f"{pres.STORE}.data"])
    assert response[pres.STORE]["data"] == {"title": pres.DEFAULT_TITLE, "views": []}
    # loading the shipped file by its stem; an unknown stem is ignored
    response = call_update(app, data=None, shipped=[("lenkungsgruppe", 1)],
                           changed=[json.dumps({"index": "lenkungsgruppe", "type": pres.SHIPPED}, separators=(",", ":")) + ".n_clicks"])
    assert len(response[pres.STORE]["data"]["views"]) == 6


def test_public_mode_takes_no_uploads(public_app):
    """The public deployment has no upload: no file field in the panel, no upload input to any callback."""
    page = json.dumps(public_app.layout().to_plotly_json(), default=str)  # the layout is a function of the request
    assert pres.UPLOAD not in page
    uploads = [key for key, spec in public_app.callback_map.items()
               if any(item["id"] == pres.UPLOAD for item in spec["inputs"] + spec.get("state", []))]
    assert uploads == []
