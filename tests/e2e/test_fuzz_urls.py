"""Robustness of the deployed server: every URL parameter of every route, fuzzed through gunicorn.

The app runs as deployed (gunicorn subprocess, internal and public mode, demo data). A URL is
opened the way the browser opens it: GET of the HTML shell (always 200, with the security
headers), then the router callback POST (`qm-page.children` from `qm-url.pathname` and
`qm-url.search`) with the body Dash's renderer sends. Values are arbitrary, malformed and
hostile (unknown ids, huge strings, SQL, path traversal, NUL/control characters, unicode,
repeated keys, percent-encoding garbage, JSON, out-of-range and negative/float years).

Properties, for every URL:
- the router answers 200 with a rendered page (never a 500, never a 400 for a URL);
- a URL the views cannot honour gives the view with its notice (class qm-notice) or the
  not-found page; which parameter a view reports is listed in NOTICED (the oracle decides
  "cannot honour" from the dataset files, not from the app);
- no hostile value longer than an id is echoed back;
- public mode: no non-public indicator and no withheld value in any answer (the leak checks of
  the public crawl, test_public_crawl.py);
- DuckDB only ever executes the named statements in queries/: a gunicorn hook (written to a temp
  config file, passed by GUNICORN_CMD_ARGS) wraps the store's cursor in every worker and logs any
  other SQL text; the server log must show the hook active and no error, traceback or foreign SQL.

Hypothesis is derandomized (the same examples on every run, CI is reproducible) and sized so the
module takes well under a minute on two cores.
"""
from __future__ import annotations

import http.client
import json
import os
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.urls import query_params
from tests.e2e.conftest import ROOT, Server
from tests.e2e.test_public_crawl import Crawler, LeakCheck, _monitors, collect_secrets

pytestmark = pytest.mark.e2e

DEMO = ROOT / "data" / "demo"
FUZZ = settings(max_examples=200, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])

PROFILE = "/gebiet/"
VIEW_PATHS = ("/", "/karte", "/mehrfachbelastung", "/sozialindex", "/zeitreihen", "/veraenderung", "/vergleich")
LEGAL_PATHS = ("/datenschutz", "/impressum")
ROUTES = (*VIEW_PATHS, PROFILE + "<id>", *LEGAL_PATHS, "/gibt-es-nicht")
PARAMS = ("indikator", "jahr", "ebene", "gebiet", "fokus", "regel", "aus", "k", "schnitt", "dimension", "bezirk",
          "index", "gebiete", "ref", "von", "bis", "gruppe", "praesentation", "stand", "sprache")
UNKNOWN_KEYS = ("unbekannt", "INDIKATOR", "indikator[]", "jahr\x00", "__proto__", "_pfad", "_ungueltig", "ä", "")

# Which parameters a view reports with a notice when it cannot honour them (the others fall back
# silently: aus/k/dimension/bezirk/ref/gruppe filter to known values). `_ungueltig` is what the
# router's query parser gives for an oversized or malformed query.
NOTICED = {
    "/": {"indikator", "jahr", "ebene", "gebiet", "fokus", "_ungueltig"},
    "/karte": {"indikator", "jahr", "ebene", "gebiet", "fokus", "_ungueltig"},
    "/mehrfachbelastung": {"regel", "jahr", "schnitt", "_ungueltig"},
    "/sozialindex": {"index", "jahr", "_ungueltig"},
    "/zeitreihen": {"indikator", "ebene", "gebiete", "_ungueltig"},
    "/veraenderung": {"indikator", "ebene", "von", "bis", "_ungueltig"},
    "/vergleich": {"indikator", "jahr", "gebiete", "_ungueltig"},
    PROFILE: {"jahr", "_ungueltig"},
}
SECURITY_HEADERS = ("X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy", "Permissions-Policy",
                    "Content-Security-Policy", "Cross-Origin-Opener-Policy")
MAX_REQUEST_LINE = 4094  # gunicorn's limit_request_line: a longer GET is refused by gunicorn (400) before the app

# -- hostile values (as the view receives them, after URL decoding) ----------------------------------------
SQL = ["'; DROP TABLE values;--", "1 OR 1=1", "' OR '1'='1", "\" OR \"\"=\"", "1; DELETE FROM area_values",
       "') UNION SELECT name, 1 FROM areas --", "SELECT * FROM read_csv('/etc/passwd')",
       "COPY areas TO '/tmp/qm-fuzz.csv'", "$1", "?", "%s", "{indicator_id}", "A1' --", "01010104'; --"]
TRAVERSAL = ["../../etc/passwd", "..\\..\\windows\\win.ini", "/etc/passwd", "file:///etc/passwd", "....//....//",
             "%2e%2e%2f%2e%2e%2fetc%2fpasswd"]
CONTROL = ["\x00", "A1\x00", "2022\x00", "\r\nSet-Cookie: qm=1", "\x1b[31m", "\x7f", "\u202e01010104", "\ufeffA1",
           "\u200b", "\t2022\n"]
UNICODE = ["Straße", "🏙️", "Ä" * 40, "ｉｎｄｉｋａｔｏｒ", "٢٠٢٢x", "日本語", "\U0001F4A9" * 10, "e\u0301"]
JSONISH = ['{"a": 1}', "[1, 2, 3]", "null", "true", '{"$ne": 1}', '"A1"', '["A1"]', "{}", "[]"]
NUMBERS = ["99999999999", "-1", "-2022", "2022.5", "2022.0", "1e309", "-1e309", "NaN", "Infinity", "0x7E6", "0",
           "-0", "1_000", "9" * 400, "2022-01-01", "20.22", "½"]
LISTS = [",", ",,,,", "A1,A1,A1", ",".join(["x"] * 60), ",".join(["01010104"] * 45), "01010104,,x", "A1;A2", "A1|A2"]
MARKUP = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "javascript:alert(1)", "{{7*7}}", "${7*7}"]
HOSTILE = SQL + TRAVERSAL + CONTROL + UNICODE + JSONISH + NUMBERS + LISTS + MARKUP
PERCENT_GARBAGE = ["%", "%%", "%zz", "%C3%28", "%00", "%E2%82", "%u0041", "%2", "%%32%30", "%252e%252e%252f", "%ff%fe",
                   "&&&", "===", "&=&=", "a=1&a=2&a=3", "+++", ";;", "?", "#frag", "a[b]=c", "%26jahr%3D1"]
HUGE_UNITS = ["x", "ä", "'; DROP TABLE values;-- ", "01010104,", "%27", "\u202e", "A1&"]


# -- what the dataset files say is valid (the oracle; not the app's own validation) -------------------------
@dataclass
class Facts:
    indicators: set[str]  # visible in this mode
    hidden_indicators: set[str]
    levels: set[str]
    areas: set[str]
    years: set[int]
    rules: set[str]
    indices: set[str]
    cuts: frozenset[str] = frozenset({"regel", "class", "quantile", "zscore"})
    sample_areas: list[str] = field(default_factory=list)

    def valid_value(self, key: str) -> str:
        """A value the views accept for this key (for repeated keys: the second, ignored value)."""
        choices = {"indikator": self.indicators, "ebene": self.levels, "gebiet": self.areas, "fokus": self.areas,
                   "regel": self.rules, "index": self.indices, "schnitt": self.cuts, "gebiete": self.areas,
                   "jahr": {str(y) for y in self.years}, "von": {str(min(self.years))}, "bis": {str(max(self.years))}}
        return min(choices.get(key) or {"1"})

    def invalid(self, key: str, value: str) -> bool:
        """True when no view can honour this value for this key (so a notice is due)."""
        if key == "indikator":
            return value not in self.indicators
        if key == "ebene":
            return value not in self.levels
        if key in ("gebiet", "fokus"):
            return value not in self.areas
        if key == "regel":
            return value not in self.rules
        if key == "index":
            return value not in self.indices
        if key == "schnitt":
            return value not in self.cuts
        if key in ("jahr", "von", "bis"):
            return _year(value) not in self.years
        if key == "gebiete":
            parts = [p.strip() for p in value.split(",") if p.strip()][:40]
            return any(p not in self.areas for p in parts)
        return key == "_ungueltig"


def _year(value: str) -> int | None:
    try:
        return int(str(value)[:6])
    except ValueError:
        return None


def dataset_facts(public: bool) -> Facts:
    internal, public_monitor = _monitors(DEMO)
    monitor = public_monitor if public else internal
    areas = pq.read_table(DEMO / "areas.parquet", columns=["area_id", "level"]).to_pylist()
    values = pq.read_table(DEMO / "values.parquet", columns=["year"]).column("year").to_pylist()
    return Facts(
        indicators={i.id for i in monitor.indicators()},
        hidden_indicators={i.id for i in internal.indicators() if not i.public},
        levels=set(monitor.dataset.level_ids),
        areas={a["area_id"] for a in areas},
        years={int(y) for y in set(values)},
        rules={r.id for r in monitor.burden_rules()},
        indices={d.id for d in monitor.dataset.indices if monitor.index_definition(d.id)},
        sample_areas=[a["area_id"] for a in areas[::37]],
    )


# -- the server, with the SQL check in every worker -----------------------------------------------------------
SQL_CHECK_HOOK = '''
def post_worker_init(worker):
    """Wrap the store's cursor: every executed SQL text must be one of the files in queries/."""
    from dashboard.store import QUERIES_DIR, Store

    named = {path.read_text(encoding="utf-8"): path.stem for path in QUERIES_DIR.glob("*.sql")}
    seen = set()
    original = Store._cursor

    class CheckedCursor:
        def __init__(self, cursor):
            self._cursor = cursor

        def execute(self, query, *args, **kwargs):
            name = named.get(query)
            if name is None:
                worker.log.error("qm-fuzz: SQL außerhalb von queries/: %r", str(query)[:300])
            elif name not in seen:
                seen.add(name)
                worker.log.info("qm-fuzz: benannte Abfrage %s", name)
            return self._cursor.execute(query, *args, **kwargs)

        def __getattr__(self, attribute):
            return getattr(self._cursor, attribute)

    Store._cursor = lambda self: CheckedCursor(original(self))
    worker.log.info("qm-fuzz: SQL-Prüfung aktiv (%d benannte Abfragen)", len(named))
'''
_ENV_LOCK = threading.Lock()


def start_checked_server(mode: str, config_dir: Path) -> Server:
    config = config_dir / "qm_fuzz_gunicorn.py"
    config.write_text(SQL_CHECK_HOOK, encoding="utf-8")
    with _ENV_LOCK:  # Server copies os.environ when it starts gunicorn: set the variable just for that
        before = os.environ.get("GUNICORN_CMD_ARGS")
        os.environ["GUNICORN_CMD_ARGS"] = f"--config {config}"
        try:
            return Server(DEMO, mode=mode)
        finally:
            if before is None:
                os.environ.pop("GUNICORN_CMD_ARGS", None)
            else:
                os.environ["GUNICORN_CMD_ARGS"] = before


class Client:
    """One keep-alive HTTP connection per thread, like a browser tab."""

    def __init__(self, port: int):
        self.port = port
        self.local = threading.local()
        self.count = Counter()
        self.connections: list[http.client.HTTPConnection] = []

    def close(self):
        for conn in self.connections:
            conn.close()

    def request(self, method: str, target: str, body: bytes | None = None, headers: dict | None = None):
        for attempt in (1, 2):
            conn = getattr(self.local, "conn", None)
            if conn is None:
                conn = self.local.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                self.connections.append(conn)
            try:
                conn.request(method, target, body=body, headers=headers or {})
                response = conn.getresponse()
                data = response.read()
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
                    self.local.conn = None
                self.count[method] += 1
                return response, data
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                conn.close()
                self.local.conn = None
                if attempt == 2:
                    raise


@dataclass
class Deployment:
    mode: str
    server: Server
    client: Client
    facts: Facts
    leaks: LeakCheck | None
    router: RouterSpec
    checked: Counter = field(default_factory=Counter)

    def map_responses(self, where, payload, body):  # the public crawl's map-context check, without a browser
        Crawler.map_responses(self, where, payload, body)

    @property
    def check(self):
        return self.leaks


@pytest.fixture(scope="module", params=["internal", "public"])
def deployed(request, tmp_path_factory):
    mode = request.param
    facts = dataset_facts(public=mode == "public")
    leaks = None
    if mode == "public":
        internal, public_monitor = _monitors(DEMO)
        leaks = LeakCheck(collect_secrets(internal), public_monitor)
    server = start_checked_server(mode, tmp_path_factory.mktemp(f"gunicorn-{mode}"))
    client = Client(server.port)
    deployment = Deployment(mode, server, client, facts, leaks, RouterSpec.fetch(client))
    yield deployment
    client.close()
    server.stop()


# -- building URLs the way a browser sends them ---------------------------------------------------------------
_BROWSER_KEEPS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&()*+,;=:@/?%[]|\\^")


def browser_encode(text: str, path: bool = False) -> str:
    """Percent-encode what a browser encodes in a path or query (controls, space, quotes, <>, #, non-ASCII;
    in a path also '?', which would start the query); an existing '%' stays, even when it starts no valid escape."""
    keep = _BROWSER_KEEPS - {"?"} if path else _BROWSER_KEEPS
    return "".join(ch if ch in keep else quote(ch, safe="") for ch in text)


def link_query(pairs: list[tuple[str, str]]) -> str:
    """A query as a link generator writes it: every key and value fully percent-encoded."""
    return "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in pairs)


@dataclass
class RouterSpec:
    """The router callback as the browser knows it: from /_dash-dependencies and the initial /_dash-layout."""

    output: str
    outputs: list[dict]
    inputs: list[dict]
    state: list[dict]  # with the values of the initial layout, as the browser fills them

    @classmethod
    def fetch(cls, client: Client) -> RouterSpec:
        _, data = client.request("GET", "/_dash-dependencies")
        router = next(d for d in json.loads(data) if "qm-page.children" in d["output"].strip(".").split("..."))
        _, data = client.request("GET", "/_dash-layout")
        initial = {(props.get("id"), prop): value for _type, props in _components(json.loads(data))
                   for prop, value in props.items() if isinstance(props.get("id"), str)}
        return cls(router["output"], [{"id": o.split(".")[0], "property": o.split(".")[1]}
                                      for o in router["output"].strip(".").split("...")],
                   router["inputs"], [dict(s, value=initial.get((s["id"], s["property"]))) for s in router["state"]])

    def payload(self, pathname, search) -> dict:
        """The body Dash's renderer posts when the URL changes."""
        url = {"pathname": pathname, "search": search}
        inputs = [dict(i, value=url.get(i["property"]) if i["id"] == "qm-url" else None) for i in self.inputs]
        changed = ["qm-url.pathname"]
        body = {"output": self.output, "outputs": self.outputs if len(self.outputs) > 1 else self.outputs[0],
                "inputs": inputs, "changedPropIds": changed, "parsedChangedPropsIds": changed}
        if self.state:  # dash-renderer leaves the key out when the callback has no State
            body["state"] = self.state
        return body


def _reject_constant(name):
    raise ValueError(f"ungültiges JSON: {name}")


def _components(tree):
    """Every component (type, props) in a serialized layout."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            props = node.get("props")
            if isinstance(props, dict) and "type" in node:
                yield node["type"], props
                stack.extend(props.values())
            else:
                stack.extend(node.values())


def expected_page(pathname: str, facts: Facts) -> tuple[str, str | None]:
    """(kind, view) the router should render: the router's own rule, written down independently."""
    if pathname in VIEW_PATHS:
        return "view", pathname
    if pathname in LEGAL_PATHS:
        return "legal", pathname
    rest = pathname[len(PROFILE):] if pathname.startswith(PROFILE) else ""
    if 0 < len(rest) <= 64:
        return ("profile", PROFILE) if rest.strip("/") in facts.areas else ("not_found", None)
    return "not_found", None


def open_url(deployment: Deployment, pathname: str, search: str, hostile_values=()) -> str:
    """GET the shell and POST the router callback for one URL; assert everything; return the page kind."""
    client, facts = deployment.client, deployment.facts
    target = pathname + search
    response, data = client.request("GET", target, headers={"Accept": "text/html"})
    if pathname.startswith(("/_dash-", "/assets/")):  # the framework's own routes answer themselves (JSON, files, 404) …
        assert response.status in (200, 404), (target[:300], response.status)
        assert b"create_app" not in data and b"QM_SECRET" not in data, target[:300]  # … and never with the app's source
    elif len(target) + 20 < MAX_REQUEST_LINE:
        assert response.status == 200, (target[:300], response.status, data[:300])
        assert b"DashRenderer" in data, target[:300]
        for header in SECURITY_HEADERS:
            assert response.getheader(header), (target[:300], header)
        assert "frame-ancestors 'none'" in response.getheader("Content-Security-Policy")
    else:
        assert response.status < 500, (len(target), response.status)

    payload = deployment.router.payload(pathname, search)
    response, data = client.request("POST", "/_dash-update-component", body=json.dumps(payload).encode(),
                                    headers={"Content-Type": "application/json", "Accept": "application/json"})
    assert response.status == 200, (pathname[:200], search[:300], response.status, data[:500])
    assert response.getheader("Cache-Control") == "no-store"
    for header in SECURITY_HEADERS:
        assert response.getheader(header), header
    body = json.loads(data, parse_constant=_reject_constant)  # strict JSON: no NaN/Infinity
    page = body["response"]["qm-page"]["children"]
    assert page, "der Router muss eine Seite liefern"

    classes, hrefs_current = set(), []
    for _type, props in _components(page):
        classes.update(str(props.get("className") or "").split())
        if props.get("aria-current") == "page":
            hrefs_current.append(props.get("href"))
    kind, view = expected_page(pathname, facts)
    where = f"{pathname[:80]}{search[:200]}"
    if kind == "view":
        assert "qm-nav" in classes, f"{where}: keine Ansicht gerendert"
        assert hrefs_current == ["/" if view == "/karte" else view], f"{where}: falsche Ansicht {hrefs_current}"
    elif kind == "profile":
        assert "qm-nav" in classes and "qm-not-found" not in classes, f"{where}: kein Profil"
    elif kind == "legal":
        assert "qm-legal" in classes, f"{where}: keine Rechtsseite"
    else:
        assert "qm-not-found" in classes, f"{where}: keine Seite 'nicht gefunden'"

    # a URL the view cannot honour: the view says so (or the page is 'not found')
    params = query_params(search)
    noticed = NOTICED.get(view, set())
    due = sorted(k for k, v in params.items() if k in noticed and facts.invalid(k, v))
    if kind in ("view", "profile") and due:
        assert "qm-notice" in classes, f"{where}: kein Hinweis für {due}"
        deployment.checked["notices"] += 1
    deployment.checked[kind] += 1

    # hostile input is not echoed back at length (ids are at most 64 characters)
    text = data.decode("utf-8")
    for value in hostile_values:
        if len(value) > 64 and value.isascii() and value.isprintable():
            assert value not in text, f"{where}: Eingabe zurückgegeben"

    if deployment.leaks is not None:
        deployment.leaks.generic(f"{where} /_dash-update-component", body)
        deployment.map_responses(where, payload, body)
    return kind


def route_path(route: str, area: str) -> str:
    return PROFILE + area if route == PROFILE + "<id>" else route


# -- 1. every parameter on every route, each with a hostile value -----------------------------------------------
def test_every_parameter_on_every_route(deployed):
    """Each parameter a view reports gets its own hostile URL (so the notice is checked per parameter);
    the parameters a view ignores or filters go six to a URL; then the path part of /gebiet/<id>,
    repeated keys (the hostile first value counts) and a query over the parser's field limit."""
    facts = deployed.facts
    valid_area = facts.sample_areas[3]
    cases, n = [], 0

    def hostile():
        nonlocal n
        n += 1
        return HOSTILE[(7 * n) % len(HOSTILE)]

    for route in ROUTES:
        path = route_path(route, valid_area)
        noticed = NOTICED.get(expected_page(path, facts)[1], set())
        silent = []
        for key in PARAMS + UNKNOWN_KEYS:
            value = hostile()
            if key in noticed:
                cases.append((path, "?" + link_query([(key, value)]), [value]))
            else:
                silent.append((key, value))
        for i in range(0, len(silent), 6):
            cases.append((path, "?" + link_query(silent[i:i + 6]), [v for _, v in silent[i:i + 6]]))
        reported = sorted(noticed - {"_ungueltig"})
        if reported:
            pairs = [(key, hostile()) for key in reported]
            cases.append((path, "?" + link_query(pairs + [(key, facts.valid_value(key)) for key in reported]),
                          [v for _, v in pairs]))
        cases.append((path, "?" + link_query([(key, "1") for key in PARAMS] * 2), []))  # 40 fields: over the limit
    for value in HOSTILE[::4]:
        cases.append((PROFILE + browser_encode(value, path=True), "", [value]))
    with ThreadPoolExecutor(4) as pool:  # two workers x four threads on the server
        kinds = list(pool.map(lambda case: open_url(deployed, *case), cases))
    assert kinds.count("not_found") >= len(HOSTILE[::4]) + 3  # unknown area ids and the unknown path
    assert deployed.checked["notices"] > len(ROUTES) * 2


# -- 2. hypothesis: arbitrary URLs ------------------------------------------------------------------------------
def _value(facts: Facts) -> st.SearchStrategy[str]:
    valid = sorted(facts.indicators | facts.levels | facts.rules | facts.indices | facts.cuts) \
        + facts.sample_areas + [str(y) for y in sorted(facts.years)]
    huge = st.builds(lambda unit, size: (unit * (size // len(unit) + 1))[:size],
                     st.sampled_from(HUGE_UNITS), st.integers(65, 5000))
    return st.one_of(st.sampled_from(HOSTILE), st.sampled_from(valid), st.sampled_from(sorted(facts.hidden_indicators)),
                     st.text(max_size=30), huge,
                     st.integers(-10**12, 10**12).map(str), st.floats(allow_nan=True).map(repr),
                     st.lists(st.sampled_from(facts.sample_areas + HOSTILE[:8]), min_size=1, max_size=12).map(",".join))


def _key() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(PARAMS), st.sampled_from(PARAMS), st.sampled_from(UNKNOWN_KEYS), st.text(max_size=12))


@st.composite
def urls(draw, facts: Facts):
    """(pathname, search, raw values) as the browser would send them."""
    route = draw(st.sampled_from(ROUTES + ("unknown",)))
    if route == PROFILE + "<id>":
        area = draw(st.one_of(st.sampled_from(facts.sample_areas), st.sampled_from(HOSTILE), st.text(max_size=70),
                              st.sampled_from(facts.sample_areas).map(lambda a: f"/{a}/")))
        pathname = PROFILE + browser_encode(area, path=True)
    elif route == "unknown":
        pathname = draw(st.one_of(
            st.sampled_from(["/Karte", "/karte/", "//", "/gebiet", "/gebiet/", PROFILE + "x" * 65, "/index.php",
                             "/.env", "/_dash-layout", "/%2e%2e/%2e%2e/etc/passwd", "/assets/../app.py", "/\\\\evil"]),
            st.text(max_size=40).map(lambda t: "/x-" + browser_encode(t, path=True))))
    else:
        pathname = route
    pairs = draw(st.lists(st.tuples(_key(), _value(facts)), max_size=6))
    if pairs and draw(st.booleans()):  # a repeated key: the first value counts
        pairs.append((pairs[0][0], draw(_value(facts))))
    style = draw(st.sampled_from(["link", "browser", "garbage"]))
    if style == "link":
        query = link_query(pairs)
    elif style == "browser":  # typed into the address bar: only what the browser must encode is encoded
        query = browser_encode("&".join(f"{k}={v}" for k, v in pairs))
    else:
        parts = [link_query(pairs)] + draw(st.lists(st.sampled_from(PERCENT_GARBAGE), min_size=1, max_size=4))
        query = browser_encode("&".join(draw(st.permutations(parts))))
    query = query.split("#", 1)[0]  # a fragment never reaches the server or location.search
    search = "?" + query if query else ""
    return pathname, search, [v for _, v in pairs]


def test_arbitrary_urls(deployed):
    facts = deployed.facts

    @FUZZ
    @given(urls(facts))
    def run(url):
        pathname, search, values = url
        open_url(deployed, pathname, search, values)

    run()


# -- 3. hostile JSON where the browser sends strings -------------------------------------------------------------
@pytest.mark.parametrize("pathname, search", [
    (None, None), ("/", None), (None, "?indikator=A1"), (5, "?jahr=2022"), ("/", 2022), ("/", ["?a=1"]),
    ({"a": 1}, {"b": 2}), (True, False), ("/gebiet/" + "9" * 10_000, ""), ("/", "?" + "a=1&" * 2000),
])
def test_router_values_no_browser_sends(deployed, pathname, search):
    """The URL component only sends strings; anything else is answered without a server error."""
    response, data = deployed.client.request("POST", "/_dash-update-component",
                                             body=json.dumps(deployed.router.payload(pathname, search)).encode(),
                                             headers={"Content-Type": "application/json"})
    assert response.status in (200, 400) if deployed.mode == "public" else response.status == 200, \
        (pathname, search, response.status, data[:300])


# -- 4. what the server saw --------------------------------------------------------------------------------------
def test_server_log_is_clean_and_only_named_sql_ran(deployed):
    assert deployed.client.count["POST"] > 250, deployed.client.count
    if deployed.leaks is not None:
        assert deployed.leaks.problems == [], "\n".join(deployed.leaks.problems[:20])
        assert deployed.leaks.checked["json nodes"] > 0 and deployed.leaks.checked["hideouts"] > 0
        assert deployed.leaks.checked["map hideouts with context"] > 0
    log = Path(deployed.server.log.name).read_text(encoding="utf-8", errors="replace")
    assert log.count("qm-fuzz: SQL-Prüfung aktiv") >= 2, log[-3000:]  # both workers
    assert "qm-fuzz: benannte Abfrage" in log
    for marker in ("SQL außerhalb", "Traceback", "[ERROR]", "[CRITICAL]", "QueryError", "duckdb.", "Exception"):
        assert marker not in log, f"{marker!r} im Serverlog:\n" + _around(log, marker)
    print(f"\n{deployed.mode}: {dict(deployed.client.count)} Anfragen, {dict(deployed.checked)}")


def _around(text: str, marker: str, width: int = 2500) -> str:
    at = text.find(marker)
    return text[max(0, at - 300):at + width]
