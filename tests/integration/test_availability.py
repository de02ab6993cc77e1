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
