"""Robustness: every server callback of the internal and the public app, called through Flask
exactly as the browser does, with arbitrary, malformed and hostile input values.

Property (hypothesis, derandomized so CI is reproducible): the answer is 200 (valid JSON with
every declared output) or 204 (nothing to update), never a 500; and every SQL text DuckDB
executes is exactly one of the named files in queries/ (input only ever travels as a parameter,
never as part of a query).
"""
from __future__ import annotations

import json
import threading

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.store import QUERIES_DIR, Store
from tests.conftest import DEMO_DIR, session_app

FUZZ = settings(max_examples=12, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])

SQL_FRAGMENTS = [
    "'; DROP TABLE areas; --", "1 OR 1=1", "' OR '1'='1", "\" OR \"\"=\"", "1; DELETE FROM area_values",
    "') UNION SELECT name, 1, 1 FROM areas --", "SELECT * FROM read_csv('/etc/passwd')",
    "COPY areas TO '/tmp/qm-leak.csv'", "$1", "?", "%s", "{area_id}", "0x00\x00", "../../etc/passwd",
    "<script>alert(1)</script>", "A1,A1,A1,A1", "gesamt", "stadt",
]
UNKNOWN_IDS = ["X99", "000000000", "99999999", "-1", "", " ", "null", "None", "undefined", "NaN", "Infinity",
               "🏙️", "Straße", "a" * 65]
# JSON cannot carry NaN/inf: a browser would send these spellings (or the largest finite numbers)
NUMBERISH = ["NaN", "Infinity", "-Infinity", 1e308, -1e308, 2 ** 63, -(2 ** 63), 2 ** 80, 0.5, -0.0, 1e-320]
HUGE_UNITS = ["x", "ä", "'; DROP TABLE areas; -- ", "A1,", "01010104,", "%27", "\u202e"]

huge_strings = st.builds(lambda unit, size: (unit * (size // len(unit) + 1))[:size],
                         st.sampled_from(HUGE_UNITS), st.integers(10_000, 100_000))
pattern_ids = st.fixed_dictionaries({"type": st.sampled_from(["map-areas", "burden-k", "x"]),
                                     "index": st.one_of(st.just(["ALL"]), st.just("MATCH"), st.integers())})
event_like = st.fixed_dictionaries({"id": st.one_of(st.text(max_size=8), st.none()),
                                    "properties": st.dictionaries(st.sampled_from(["id", "name"]), st.text(max_size=8))})


def hostile_values(known: list) -> st.SearchStrategy:
    """None, wrong types, numbers, SQL, unicode, huge strings, nested data, and real ids in odd places."""
    scalars = st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False),
        st.sampled_from(NUMBERISH), st.sampled_from(SQL_FRAGMENTS), st.sampled_from(UNKNOWN_IDS),
        st.text(max_size=40), st.sampled_from(known),
    )
    nested = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=5),
                                                            st.dictionaries(st.text(max_size=8), inner, max_size=4)),
                          max_leaves=12)
    return st.one_of(scalars, scalars, huge_strings, nested, pattern_ids, event_like,
                     st.lists(st.sampled_from(known + SQL_FRAGMENTS + UNKNOWN_IDS), max_size=60))


def known_values(app) -> list:
    """Real ids and years of the dataset, so the fuzzing also reaches past the first validation."""
    monitor = app.monitor
    areas = monitor.store.frame("areas_by_level", {"level": monitor.dataset.level_ids[0]})["area_id"].head(5).tolist()
    return ([i.id for i in monitor.indicators()[:6]] + list(monitor.dataset.level_ids) + areas
            + [monitor.dataset.default_year, 2015, 2024, "2022", 3, "3", "regel", "median", "dimension", "zielbereich"]
            + [r.id for r in monitor.burden_rules()] + [d.id for d in getattr(monitor.dataset, "indices", [])[:2]])


# -- SQL recording: every executed statement, as the text DuckDB received --------------------------
EXECUTED: list[str] = []
_RECORD_LOCK = threading.Lock()


class RecordingCursor:
    def __init__(self, cursor):
        self._cursor = cursor

    def execute(self, query, *args, **kwargs):
        with _RECORD_LOCK:
            EXECUTED.append(query)
        return self._cursor.execute(query, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._cursor, name)


NAMED_SQL = {path.read_text(encoding="utf-8") for path in QUERIES_DIR.glob("*.sql")}


@pytest.fixture(scope="module", autouse=True)
def record_sql():
    original = Store._cursor
    Store._cursor = lambda self: RecordingCursor(original(self))
    yield
    Store._cursor = original


def app_for(mode: str):
    """The session's demo app of this mode (tests/integration/conftest.py app, public_app)."""
    return session_app(DEMO_DIR, mode)


def server_callbacks(mode: str) -> list[str]:
    """Every callback the server answers (clientside ones never reach it)."""
    return [key for key, spec in app_for(mode).callback_map.items() if spec.get("callback") is not None]


def outputs_of(key: str) -> list[dict]:
    parts = key.strip(".").split("...") if key.startswith("..") else [key]
    return [{"id": part.split(".", 1)[0], "property": part.split(".", 1)[1]} for part in parts]


def post(app, key: str, values: list, changed: int = 0):
    spec = app.callback_map[key]
    items = spec["inputs"] + spec.get("state", [])
    filled = [{"id": item["id"], "property": item["property"], "value": value} for item, value in zip(items, values)]
    outputs = outputs_of(key)
    inputs = filled[:len(spec["inputs"])]
    payload = {
        "output": key, "outputs": outputs if len(outputs) > 1 else outputs[0],
        "inputs": inputs, "state": filled[len(spec["inputs"]):],
        "changedPropIds": [f"{inputs[changed % len(inputs)]['id']}.{inputs[changed % len(inputs)]['property']}"],
    }
    return app.server.test_client().post("/_dash-update-component", data=json.dumps(payload),
                                         content_type="application/json")


def _reject_constant(name):
    raise ValueError(f"ungültiges JSON: {name}")


def check_response(response, key: str) -> dict | None:
    assert response.status_code in (200, 204), (response.status_code, response.data[:800])
    if response.status_code == 204:
        return None
    body = json.loads(response.data, parse_constant=_reject_constant)  # strict JSON: no NaN/Infinity
    answered = body["response"]
    for output in outputs_of(key):
        component = output["id"]
        assert component in answered or body.get("multi"), f"Ausgabe {component} fehlt"
    return answered


def check_sql_and_reset(hostile: list) -> None:
    with _RECORD_LOCK:
        executed, EXECUTED[:] = list(EXECUTED), []
    unnamed = [text for text in executed if text not in NAMED_SQL]
    assert unnamed == [], f"SQL außerhalb von queries/*.sql ausgeführt: {unnamed[:3]}"


CASES = [(mode, key) for mode in ("internal", "public") for key in server_callbacks(mode)]


@pytest.mark.parametrize("mode,key", CASES, ids=[f"{m}:{k.strip('.').split('...')[0]}" for m, k in CASES])
def test_callback_survives_hostile_input(mode, key):
    app = app_for(mode)
    spec = app.callback_map[key]
    arity = len(spec["inputs"]) + len(spec.get("state", []))
    values = hostile_values(known_values(app))

    @FUZZ
    @given(st.lists(values, min_size=arity, max_size=arity), st.integers(0, 5))
    def run(payload, changed):
        response = post(app, key, payload, changed)
        check_response(response, key)
        check_sql_and_reset(payload)

    run()


# The app's addresses (docs: one view per path): the view a path opens, named by its active
# navigation link; the legal pages and the area profile by their own content.
NAV_OF_PATH = {"/": "/", "/karte": "/", "/mehrfachbelastung": "/mehrfachbelastung", "/sozialindex": "/sozialindex",
               "/zeitreihen": "/zeitreihen", "/veraenderung": "/veraenderung", "/vergleich": "/vergleich"}
LEGAL_OF_PATH = {"/datenschutz": "legal-datenschutz", "/impressum": "legal-impressum"}
PROFILE_PREFIX = "/gebiet/"


def components(tree) -> list[dict]:
    """The props of every Dash component in a rendered layout."""
    found = []

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("props"), dict) and "type" in node:
                found.append(node["props"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(tree)
    return found


def page_summary(answered: dict) -> dict:
    props = components(answered["qm-page"]["children"])
    return {
        "active": sorted(str(p.get("href", "")).split("?")[0] for p in props
                         if p.get("aria-current") == "page" and "qm-nav-link" in str(p.get("className", ""))),
        "ids": {p["id"] for p in props if isinstance(p.get("id"), str)},
        "not_found": any("qm-not-found" in str(p.get("className", "")).split() for p in props),
    }


def expected_page(pathname, known_area) -> tuple[str, str | None]:
    """What the router must show for a pathname: (kind, detail)."""
    path = pathname if isinstance(pathname, str) and pathname else "/"  # no usable path: the map
    if path in NAV_OF_PATH:
        return "view", NAV_OF_PATH[path]
    if path in LEGAL_OF_PATH:
        return "legal", LEGAL_OF_PATH[path]
    rest = path[len(PROFILE_PREFIX):]
    if path.startswith(PROFILE_PREFIX) and 0 < len(rest) <= 64:
        return "profile", rest if known_area(rest) else None
    return "not_found", None


def assert_routed(answered: dict, pathname, known_area) -> None:
    kind, detail = expected_page(pathname, known_area)
    page = page_summary(answered)
    where = f"{kind} {detail!r} für {str(pathname)[:80]!r}"
    if kind == "view":  # the view of that path, with its navigation link marked as the current page
        assert page["active"] == [detail] and not page["not_found"], (where, page["active"])
    elif kind == "legal":
        assert detail in page["ids"] and page["active"] == [] and not page["not_found"], where
    elif kind == "profile":  # the area's profile, or the profile's own "not found" with its search
        found = "profile-article" in page["ids"]
        assert found != ("profile-not-found" in page["ids"]), where
        assert found == (detail is not None), where
    else:  # the router's own page: no view, no navigation link marked
        assert page["not_found"] and page["active"] == [] and not any(i.startswith("profile-") for i in page["ids"]), where


def test_router_shows_default_view_or_notice_for_hostile_urls():
    """The page router: whatever the search, a pathname opens its view (a path no view has: 'nicht
    gefunden'; no usable path: the map); never a 500."""
    app = app_for("public")
    key = next(k for k in app.callback_map if "qm-page.children" in k.strip(".").split("..."))
    known_area = lambda area_id: app.monitor.area(area_id) is not None  # noqa: E731
    # every kind of page at least once, then the fuzzed addresses
    for pathname in [*NAV_OF_PATH, *LEGAL_OF_PATH, "/gebiet/01010104", "/gebiet/x", "/gebiet/", "/gibt-es-nicht", None, 5, ""]:
        assert_routed(check_response(post(app, key, [pathname, "", "de", None]), key), pathname, known_area)

    @FUZZ
    @given(st.one_of(st.sampled_from(["/", "/karte", "/mehrfachbelastung", "/sozialindex", "/zeitreihen",
                                      "/veraenderung", "/vergleich", "/gebiet/01010104", "/gebiet/"]),
                     hostile_values(["/gebiet/" + s for s in SQL_FRAGMENTS])),
           hostile_values(["?" + s for s in SQL_FRAGMENTS] + ["?indikator=" + s for s in SQL_FRAGMENTS]))
    def run(pathname, search):
        answered = check_response(post(app, key, [pathname, search, "de", None]), key)
        assert answered is not None, "der Router muss immer eine Seite liefern"
        assert_routed(answered, pathname, known_area)
        check_sql_and_reset([pathname, search])

    run()


def test_sql_recording_sees_the_named_queries():
    """The recorder is wired: a normal page render executes named SQL, and only that."""
    app = app_for("internal")
    with _RECORD_LOCK:
        EXECUTED[:] = []
    app.monitor.search("Mitte")
    with _RECORD_LOCK:
        executed = list(EXECUTED)
        EXECUTED[:] = []
    assert executed and all(text in NAMED_SQL for text in executed)
