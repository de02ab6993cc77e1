"""A fresh app can serve its JavaScript bundles to concurrent first requests.

Dash sets itself up in a before_request hook that marks itself done before it has finished; with
threaded gunicorn workers a concurrent first request for a bundle then got a 500 ("dash is not a
registered library", seen in the browser tests). create_app sets the server up eagerly.
"""
import re
from concurrent.futures import ThreadPoolExecutor

from tests.integration.conftest import make_app


def test_bundles_are_registered_before_the_first_request():
    fresh = make_app()
    assert {"dash", "dash_leaflet"} <= set(fresh.registered_paths)


def test_concurrent_first_requests_never_fail():
    scripts = re.findall(r'src="([^"]+\.js)"', make_app().server.test_client().get("/").get_data(as_text=True))
    assert len(scripts) > 5
    fresh = make_app()  # nothing requested yet

    def fetch(path):
        return fresh.server.test_client().get(path).status_code

    with ThreadPoolExecutor(max_workers=16) as pool:
        codes = list(pool.map(fetch, [*scripts, "/"] * 3))
    assert set(codes) == {200}
