"""The public deployment's surface: security headers, the route set, no debug, hostile requests
answered with 4xx or the default view (never a server error), and the legal pages."""
from __future__ import annotations

import base64
import hashlib
import json
import re

import pytest

from dashboard.security import PUBLIC_ROUTES, content_security_policy
from dashboard.settings import Settings
from dashboard.ui import ids
from tests.integration.conftest import CallbackClient, make_app
from tests.integration.test_app import find, render

HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
}


def _callback_post(app):
    return CallbackClient(app).call(ids.PAGE, "children", {f"{ids.URL}.pathname": "/", f"{ids.URL}.search": ""})


@pytest.mark.parametrize("mode", ["public", "internal"])
def test_every_kind_of_response_carries_the_security_headers(mode, app, public_app):
    application = public_app if mode == "public" else app
    client = application.server.test_client()
    geometry = application.monitor.dataset.level_ids[0]
    responses = {
        "/": client.get("/"),
        "/_dash-layout": client.get("/_dash-layout"),
        "callback": _callback_post(application),
        "/geo": client.get(find(render(application, "/"), ids.AREAS)["props"]["url"]),
        "/assets": client.get("/assets/qm.css"),
        "/healthz": client.get("/healthz"),
        "404": client.get(f"/geo/{geometry}.0000.geojson"),
    }
    for name, response in responses.items():
        assert response.status_code == (404 if name == "404" else 200), name
        for header, value in HEADERS.items():
            assert response.headers.get(header) == value, (name, header)
        csp = response.headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp and "object-src 'none'" in csp
        assert "'unsafe-eval'" not in csp and "script-src 'self' 'sha256-" in csp
        assert "camera=()" in response.headers["Permissions-Policy"]
    # per-request data is never stored; geometry stays immutable
    assert responses["callback"].headers["Cache-Control"] == "no-store"
    assert responses["/_dash-layout"].headers["Cache-Control"] == "no-store"
    assert "immutable" in responses["/geo"].headers["Cache-Control"]


def test_every_inline_script_of_the_page_is_allowed_by_its_hash_and_nothing_else(public_app):
    response = public_app.server.test_client().get("/")
    # scripts inside HTML comments (Dash's IE warning in a conditional comment) never run
    html = re.sub(r"<!--.*?-->", "", response.get_data(as_text=True), flags=re.S)
    script_src = re.search(r"script-src ([^;]+)", response.headers["Content-Security-Policy"])[1].split()
    inline = [body for attrs, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
              if "src=" not in attrs and "application/json" not in attrs]
    assert inline, "Dash startet den Renderer mit einem Inline-Skript"
    hashes = {f"'sha256-{base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()}'" for body in inline}
    assert hashes <= set(script_src)
    assert set(script_src) - hashes == {"'self'"}
    assert "'unsafe-inline'" not in script_src


def test_tile_server_origin_is_allowed_for_images_only():
    csp = content_security_policy([], "https://tiles.example.org/styles/{z}/{x}/{y}.png")
    img = re.search(r"img-src ([^;]+)", csp)[1]
    assert "https://tiles.example.org" in img.split()
    assert "tiles.example.org" not in csp.replace(img, "")
    assert "https://*.tile.example.net" in content_security_policy([], "https://{s}.tile.example.net/{z}/{x}/{y}.png")
    assert "tiles" not in content_security_policy([], "javascript:alert(1)")


def test_public_app_has_only_the_known_routes(public_app):
    routes = {rule.rule for rule in public_app.server.url_map.iter_rules()}
    assert routes <= PUBLIC_ROUTES, f"unerwartete Routen: {routes - PUBLIC_ROUTES}"
    assert {"/geo/<name>", "/daten/<name>"} <= routes  # geometry and the open-data files (GET only)
    assert "/_reload-hash" not in routes
    assert not any(re.search(r"upload|ingest|import|debug|admin|console", r, re.I) for r in routes)
    # the only POST route is Dash's callback endpoint
    posts = {rule.rule for rule in public_app.server.url_map.iter_rules() if "POST" in (rule.methods or ())}
    assert posts == {"/_dash-update-component"}
    client = public_app.server.test_client()
    assert b"reloadHash" not in client.get("/_reload-hash").data  # falls through to the page, not Dash's hot reload


def test_no_debug_in_public_mode(public_app):
    assert Settings.from_env({"QM_MODE": "public", "QM_DEBUG": "1"}).debug is False
    assert public_app.server.debug is False
    assert "hot_reload" not in json.dumps(public_app._config())
    # an unknown script bundle is "not found", not a server error, and reveals nothing
    response = public_app.server.test_client().get("/_dash-component-suites/gibt/es/nicht.js")
    assert response.status_code == 404 and b"Traceback" not in response.data and b"registered" not in response.data


@pytest.mark.parametrize("body", [
    b"kein json", b"{}", b"[]", b"null", b'{"output": 5}', b'{"output": "gibt-es-nicht.children", "outputs": {}}',
    json.dumps({"output": "qm-page.children", "inputs": "x", "outputs": {"id": "qm-page", "property": "children"}}).encode(),
])
def test_malformed_callback_requests_are_rejected_with_400(public_app, body):
    response = public_app.server.test_client().post("/_dash-update-component", data=body, content_type="application/json")
    assert response.status_code == 400
    assert "Ungültige Anfrage" in response.get_data(as_text=True)


@pytest.mark.parametrize("pathname, search", [
    ({"a": 1}, ["x"]),
    ("/", {"indikator": "A1"}),
    (["/gebiet/01"], None),
    ("/" + "x" * 5000, "?" + "a=1&" * 5000),
])
def test_hostile_callback_values_never_cause_a_server_error(public_app, pathname, search):
    response = CallbackClient(public_app).call(ids.PAGE, "children", {f"{ids.URL}.pathname": pathname, f"{ids.URL}.search": search})
    assert 400 <= response.status_code < 500 or response.status_code == 200


@pytest.mark.parametrize("output, prop, inputs", [
    # the map's colouring is a route of its own: tests/integration/test_map_colouring.py
    (ids.TABLE, "rowData", {f"{ids.INDICATOR}.value": "B5", f"{ids.YEAR}.value": -1, f"{ids.LEVEL}.value": "x",
                            f"{ids.FOCUS}.data": "' OR 1=1"}),
    (ids.SEARCH, "options", {f"{ids.SEARCH}.search_value": {"$ne": 1}}),
    (ids.TABLE_DOWNLOAD, "data", {f"{ids.TABLE_CSV}.n_clicks": 1}),
])
def test_hostile_map_callbacks_answer_with_4xx_or_the_default(public_app, output, prop, inputs):
    response = CallbackClient(public_app).call(output, prop, inputs)
    assert response.status_code < 500
    if response.status_code == 200:  # a non-public indicator is answered with the default one
        text = response.get_data(as_text=True)
        assert '"B1"' not in text and '"B5"' not in text and "Sprachdefizite" not in text


@pytest.mark.parametrize("path, search", [
    ("/", "?indikator=1;DROP TABLE areas&jahr=99999999999&ebene=<b>&gebiet=' OR 1=1"),
    ("/", "?indikator=B1"),
    ("/mehrfachbelastung", "?regel=<script>&jahr=abc&k=-5&aus=B1,B2"),
    ("/sozialindex", "?index=%00&jahr=1e309"),
    ("/zeitreihen", "?indikator=B5&gebiete=" + ",".join(["'"] * 100)),
    ("/veraenderung", "?von=abc&bis=-1&ebene=../../"),
    ("/vergleich", "?gebiete=%3Cimg%3E,,,&jahr=x"),
    ("/gebiet/%3Cscript%3E", "?jahr=<b>"),
    ("/datenschutz", "?x=" + "y" * 3000),
])
def test_hostile_url_parameters_show_the_view_with_a_notice(public_app, path, search):
    tree = render(public_app, path, search)  # asserts 200
    text = json.dumps(tree, ensure_ascii=False)
    assert "Sprachdefizite" not in text and '"B1"' not in text
    if path not in ("/datenschutz",):
        assert "Hinweis" in text or "nicht gefunden" in text or "qm-notice" in text


def test_legal_pages_name_operator_attribution_and_the_suppression_rule(public_app):
    dataset = public_app.monitor.dataset
    client = CallbackClient(public_app)
    pages = {}
    for path in ("/datenschutz", "/impressum"):
        response = client.call(ids.PAGE, "children", {f"{ids.URL}.pathname": path, f"{ids.URL}.search": ""})
        assert response.status_code == 200
        pages[path] = json.dumps(json.loads(response.data), ensure_ascii=False)
    for text in pages.values():
        assert dataset.attribution in text and dataset.license in text
        assert "QM_OPERATOR" in text  # the placeholder until the operator is configured
    assert "Datenschutzhinweis" in pages["/datenschutz"] and "keine Cookies" in pages["/datenschutz"]
    assert f"weniger als {dataset.min_population} Einwohner" in pages["/datenschutz"]
    assert "bereits auf dem Server entfernt" in pages["/datenschutz"]
    assert "Impressum" in pages["/impressum"]
    # the footer links both pages
    layout = json.dumps(public_app.server.test_client().get("/_dash-layout").json)
    assert '"/datenschutz"' in layout and '"/impressum"' in layout


def test_configured_operator_replaces_the_placeholder():
    from dashboard import create_app
    from tests.conftest import DEMO_DIR

    app = create_app(Settings(data_dir=DEMO_DIR, mode="public", operator="Stadt Musterstadt, Amt 12", contact="statistik@example.org"))
    response = CallbackClient(app).call(ids.PAGE, "children", {f"{ids.URL}.pathname": "/impressum", f"{ids.URL}.search": ""})
    text = response.get_data(as_text=True)
    assert "Stadt Musterstadt, Amt 12" in text and "statistik@example.org" in text and "QM_OPERATOR" not in text


def test_internal_app_keeps_its_development_routes_but_still_sends_headers():
    app = make_app("internal")
    routes = {rule.rule for rule in app.server.url_map.iter_rules()}
    assert "/_reload-hash" in routes
    assert app.server.test_client().get("/").headers["X-Frame-Options"] == "DENY"
