"""Availability of the public app: the page cache is not bypassed by extra parameters, oversized bodies
are refused before they are read, and a rejected callback costs one log line, not a traceback."""
from __future__ import annotations

import json
import logging

from dashboard.security import MAX_REQUEST_BYTES
from dashboard.ui import ids
from tests.integration.conftest import CallbackClient
from tests.integration.test_app import render


def test_random_extra_parameters_hit_the_same_page_cache_entry(public_app):
    cache = public_app.page_cache
    first = render(public_app, "/gebiet/01", "?jahr=2023")
    entries, hits = len(cache), cache.hits
    for n in range(20):
        assert render(public_app, "/gebiet/01", f"?zz={n}x{n}&jahr=2023&utm_source=y{n}") == first
    assert len(cache) == entries and cache.hits == hits + 20


def test_oversized_callback_body_is_refused_with_413(public_app, app):
    body = b'{"output": "' + b"x" * (2 * MAX_REQUEST_BYTES) + b'"}'
    for some_app in (public_app, app):
        response = some_app.server.test_client().post("/_dash-update-component", data=body, content_type="application/json")
        assert response.status_code == 413


def test_413_is_decided_from_the_header_before_the_body_is_read(public_app):
    """werkzeug compares Content-Length with MAX_CONTENT_LENGTH before reading: a stream that would
    fail when read is never touched."""
    class Untouchable:
        def read(self, *args):  # pragma: no cover - failing is the point
            raise AssertionError("body was read")
        readline = readlines = read

    environ = {"CONTENT_LENGTH": str(100 * MAX_REQUEST_BYTES), "CONTENT_TYPE": "application/json", "wsgi.input": Untouchable()}
    response = public_app.server.test_client().post("/_dash-update-component", environ_overrides=environ)
    assert response.status_code == 413


def test_a_normal_callback_is_well_under_the_limit(public_app):
    response = CallbackClient(public_app).call(ids.PAGE, "children", {f"{ids.URL}.pathname": "/", f"{ids.URL}.search": ""})
    assert response.status_code == 200


def test_rejected_callback_is_one_log_line_without_traceback(public_app, caplog, monkeypatch):
    client = CallbackClient(public_app)
    key = client.key_for(ids.SEARCH, "options")

    def fails_on_hostile_value(*args, **kwargs):  # as a callback does on a value no browser sends
        raise TypeError("unhashable type: 'dict'\nzweite Zeile aus der Anfrage")

    monkeypatch.setitem(public_app.callback_map[key], "callback", fails_on_hostile_value)
    caplog.set_level(logging.WARNING)
    for _ in range(3):
        response = client.call(ids.SEARCH, "options", {f"{ids.SEARCH}.search_value": {"$ne": 1}})
        assert response.status_code == 400
    rejected = [r for r in caplog.records if "abgelehnt" in r.getMessage()]
    assert len(rejected) == 3, [r.getMessage() for r in caplog.records]
    for record in rejected:
        assert record.exc_info is None and record.levelno == logging.WARNING
        line = record.getMessage()
        assert line == "Callback-Anfrage abgelehnt: TypeError bei POST /_dash-update-component"
    assert "Traceback" not in caplog.text and "zweite Zeile" not in caplog.text


def test_comparison_is_computed_once_per_release_mode_and_arguments(public_app, monkeypatch):
    from dashboard.reports import compare as report
    from dashboard.ui import compare as compare_view

    calls = []
    real = report.comparison
    monkeypatch.setattr(report, "comparison", lambda *a, **k: calls.append(a[1]) or real(*a, **k))
    client = CallbackClient(public_app)
    areas = [a["area_id"] for a in public_app.monitor.search("0", limit=3)]
    inputs = {f"{compare_view.AREAS}.value": areas, f"{compare_view.YEAR}.value": 2023, f"{compare_view.CHART_INDICATOR}.value": None}
    first = client.call(compare_view.TABLE, "children", inputs)
    assert first.status_code == 200 and len(calls) == 1
    for _ in range(3):
        again = client.call(compare_view.TABLE, "children", inputs)
        assert again.status_code == 200 and json.loads(again.data) == json.loads(first.data)  # same content (key order may differ)
    assert len(calls) == 1
    other_chart = client.call(compare_view.TABLE, "children", {**inputs, f"{compare_view.CHART_INDICATOR}.value": "A3"})
    assert other_chart.status_code == 200 and len(calls) == 1  # same comparison, only another chart
    client.call(compare_view.TABLE, "children", {**inputs, f"{compare_view.AREAS}.value": areas[:2]})
    assert len(calls) == 2


def test_profile_page_rendered_by_one_worker_is_read_by_the_other(tmp_path, monkeypatch):
    """Two workers of one instance share the file cache: the second reads the rendered profile page."""
    from dashboard import create_app
    from dashboard.settings import Settings
    from dashboard.ui import profile as profile_view
    from tests.conftest import DEMO_DIR

    first = create_app(Settings(data_dir=DEMO_DIR, mode="public", cache_dir=tmp_path))
    second = create_app(Settings(data_dir=DEMO_DIR, mode="public", cache_dir=tmp_path))
    page = render(first, "/gebiet/01", "?jahr=2023")

    def no_render(*args, **kwargs):  # pragma: no cover - failing is the point
        raise AssertionError("the second worker rendered the page again")

    monkeypatch.setattr(profile_view, "layout", no_render)
    assert render(second, "/gebiet/01", "?zz=1&jahr=2023") == page


HOSTILE_SEARCHES = [
    "", "?indikator=A3&jahr=2022&ebene=bezirksregion", "?indikator=zufall-4711&jahr=abc&ebene=<b>",
    "?indikator=B1&jahr=99999999&ebene=bezirk", "?jahr=-5", "?jahr=1900", "?jahr=2_023", "?jahr=+2023", "?jahr=%202023",
    "?gebiet=gibt-es-nicht&fokus=01&ebene=planungsraum", "?gebiet=01&fokus=zz", "?von=abc&bis=3000",
    "?regel=zufall&k=x&schnitt=zzz&aus=A1,zz,A1&dimension=zz,Soziales", "?k=100&aus=zz", "?k=-3&schnitt=class",
    "?index=zufall&jahr=1", "?gruppe=zufall", "?gruppe=zielbereich&jahr=abc", "?ref=NEIN&gebiete=01,zz",
    "?ref=vielleicht&indikator=A1", "?bezirk=zz&dimension=", "?gebiete=zz1,zz2&jahr=3000&indikator=zz",
]
PAGES = ["/", "/mehrfachbelastung", "/sozialindex", "/zeitreihen", "/veraenderung", "/vergleich", "/gebiet/01"]


def test_canonical_values_give_exactly_the_page_the_raw_values_give(app, public_app):
    """The router replaces values no view can use by one value (so random values share a cache entry);
    every view must render the same page from the raw and from the canonical parameters."""
    import plotly

    from dashboard.page_cache import canonical_values
    from dashboard.urls import known_params, query_params

    def dump(page):
        return json.dumps(page, cls=plotly.utils.PlotlyJSONEncoder, sort_keys=True)

    for some_app, pages in ((public_app, PAGES), (app, ["/", "/mehrfachbelastung"])):  # internal: scenarios, B indicators
        ctx, routes = some_app.view_context, {}
        from dashboard.ui import burden, change, compare, map, profile, social_index, trends
        for view in (map, burden, social_index, trends, change, compare):
            routes.update({path: view for path in view.PATHS})
        for path in pages:
            for search in HOSTILE_SEARCHES:
                raw = {**known_params(query_params(search)), "_sprache": "de"}
                view = routes.get(path, profile)
                if view is profile:
                    raw["_pfad"] = path.removeprefix("/gebiet/")
                canonical = canonical_values(raw, some_app.monitor)
                assert dump(view.layout(ctx, canonical)) == dump(view.layout(ctx, raw)), (path, search, canonical)


def test_random_values_of_known_parameters_share_one_page(public_app):
    cache = public_app.page_cache
    render(public_app, "/", "?indikator=zufall-0&jahr=x0")
    entries = len(cache)
    for n in range(1, 15):
        render(public_app, "/", f"?indikator=zufall-{n}&jahr=x{n}&ebene=e{n}")
        render(public_app, "/", f"?indikator=zufall-{n}&jahr=x{n}")
    assert len(cache) <= entries + 1  # the address with ebene= is one more page, the same for every value


def test_profile_pages_of_unknown_areas_stay_out_of_the_shared_cache(monkeypatch):
    from dashboard.monitor import Monitor
    from tests.integration.conftest import make_app

    app = make_app("public")
    stored = []
    real = Monitor.cached
    monkeypatch.setattr(Monitor, "cached", lambda self, kind, key, compute: stored.append((kind, key)) or real(self, kind, key, compute))
    for n in range(5):
        render(app, f"/gebiet/gibt-es-nicht-{n}")
    assert not [key for kind, key in stored if kind == "seite"]
    render(app, "/gebiet/01")
    assert [key[0] for kind, key in stored if kind == "seite"] == ["/gebiet/01"]
