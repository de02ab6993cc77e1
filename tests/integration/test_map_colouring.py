"""The map's colouring route (/faerbung, dashboard/colouring.py): what a recolour fetches instead of a callback."""
from __future__ import annotations

import gzip
import json

import pytest

from dashboard.ui import ids
from dashboard.ui.components import year_marks
from dashboard.urls import colouring_url
from tests.integration.test_app import find, render


def fetch(app, indicator, year, level, lang="de", focus=None, release=None):
    url = colouring_url(release or app.monitor.dataset.release, lang, level, indicator, year, focus)
    return app.server.test_client().get(url, headers={"Accept-Encoding": "gzip"})


def payload(response) -> dict:
    assert response.status_code == 200, response.data[:300]
    data = response.data
    return json.loads(gzip.decompress(data) if response.headers.get("Content-Encoding") == "gzip" else data)


def test_colouring_is_values_only_and_corrects_the_view(app, callbacks):
    response = fetch(app, "C1", 2024, "planungsraum")
    body = payload(response)
    assert body["hideout"]["classes"] == app.monitor.map_bundle("C1", 2024, "planungsraum").hideout["classes"]
    assert body["state"] == {"indicator": "C1", "year": 2024, "level": "planungsraum", "focus": None}
    assert body["geometry"] == app.view_context.geometry.url("planungsraum")
    assert b"coordinates" not in response.data and len(response.data) < 60_000
    assert response.headers["Cache-Control"] == "no-store"  # internal: withheld values stay out of every disk cache
    # an indicator without the chosen year or level: the view a link with these parameters would show
    class_indicator = next(i for i in app.monitor.indicators() if i.kind == "class")
    years = app.monitor.years(class_indicator.id, "planungsraum")
    missing_year = next(y for y in range(min(years), max(years) + 1) if y not in years)
    state = payload(fetch(app, class_indicator.id, missing_year, "bezirk"))["state"]
    assert state["level"] == "planungsraum" and state["year"] in years  # class indicators exist only at the smallest level
    # a drill-down keeps its view; a focus that does not fit the level is dropped
    corrected = payload(fetch(app, "A2", 2024, "planungsraum", focus="03"))
    assert corrected["hideout"]["view"] == app.view_context.geometry.area_bounds("03")
    assert set(corrected["hideout"]["focus"]) == set(app.monitor.descendants("03", "planungsraum"))
    assert payload(fetch(app, "A2", 2024, "bezirk", focus="03"))["state"]["focus"] is None
    # the texts follow for the corrected view: the slider offers the indicator's years
    texts = json.loads(callbacks.call(ids.YEAR, "marks", {
        f"{ids.INDICATOR}.value": class_indicator.id, f"{ids.YEAR}.value": state["year"], f"{ids.LEVEL}.value": "planungsraum",
    }).data)["response"]
    assert texts[ids.YEAR]["marks"] == {str(y): label for y, label in year_marks(years).items()}
    assert set(texts[ids.YEAR]["marks"]) == {str(y) for y in years}  # every year a selectable mark


def test_public_colouring_is_what_the_public_map_shows(public_app):
    """Same classes, values, words and standings as the layout's hideout; cacheable for good; nothing non-public."""
    monitor = public_app.monitor
    for lang in ("de", "en"):
        for indicator in monitor.indicators()[:6]:
            level = monitor.levels_for(indicator.id)[0]
            year = monitor.years(indicator.id, level)[-1]
            response = fetch(public_app, indicator.id, year, level, lang)
            shown = find(render(public_app, "/", f"?indikator={indicator.id}&jahr={year}&ebene={level}"
                                + ("&sprache=en" if lang == "en" else "")), ids.AREAS)["props"]["hideout"]
            assert payload(response)["hideout"] == shown, (indicator.id, lang)
            assert "withheld" not in shown
            assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    hidden = [i for i in monitor.dataset.indicators.values() if not i.public]
    assert hidden
    for indicator in hidden:
        assert fetch(public_app, indicator.id, 2024, "planungsraum").status_code == 404


@pytest.mark.parametrize("path", [
    "/faerbung/v1/{release}/de/planungsraum/A1/abc",
    "/faerbung/v1/{release}/de/planungsraum/A1/-1",
    "/faerbung/v1/{release}/de/planungsraum/A1/99999999999",
    "/faerbung/v1/{release}/fr/planungsraum/A1/2024",
    "/faerbung/v1/{release}/de/%3Cb%3E/A1/2024",
    "/faerbung/v1/{release}/de/planungsraum/1;DROP TABLE areas/2024",
    "/faerbung/v1/{release}/de/planungsraum/A1/2024?fokus=' OR 1=1",
    "/faerbung/v1/{release}/de/planungsraum/A1/2024?x=1",
])
def test_hostile_colouring_requests_get_a_clean_404(public_app, path):
    response = public_app.server.test_client().get(path.format(release=public_app.monitor.dataset.release))
    assert response.status_code == 404
    assert b"Traceback" not in response.data


@pytest.mark.parametrize("release", ["0123456789ab", "%3Cscript%3E"])
def test_a_page_of_another_release_gets_409_naming_this_release(public_app, release):
    """A page opened before a rollout asks with its own release: well-formed ids get 409 with this host's release
    (assets/qm_map.js asks again, then reloads), anything else stays a plain 404; never a colouring."""
    response = public_app.server.test_client().get(f"/faerbung/v1/{release}/de/planungsraum/A1/2024")
    if release.isalnum():
        assert response.status_code == 409
        assert response.headers["X-QM-Release"] == public_app.monitor.dataset.release
        assert response.headers["Cache-Control"] == "no-store"
        assert not response.data
    else:
        assert response.status_code == 404
        assert b'"classes"' not in response.data
