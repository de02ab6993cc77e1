"""The public deployment leaks nothing: every route and the main interactions, crawled in Chromium.

The public app (gunicorn, QM_MODE=public) runs on the demo data and on Berlin. Every page of every
view is opened (several parameter sets, withheld areas on purpose, hostile parameters), the main
controls are used and every download is taken. Every body the browser receives from
/_dash-layout and /_dash-update-component and every downloaded file is recorded and searched; the
open-data table /daten/werte.csv is fetched and checked row by row (LeakCheck.open_data).

What counts as a leak, and how it is matched without false positives:

1. Non-public indicators (from the INTERNAL registry): the id as a complete JSON string or key, or
   as a complete CSV/XLSX cell (never as a substring: "B1" is inside many area ids), and the exact
   label_de as a substring anywhere (the labels are long and specific).
2. Withheld values, computed from an INTERNAL Monitor over the same data
   (cells = (indicator, year, level, area) that the registry's small-number rules withhold):
   a. no map colouring (`hideout`) carries the internal-only key "withheld", and an area drawn as
      withheld (class -2) has no entry in `values`/`labels`/`burdens`;
   b. every map hideout of the map view, whose indicator/year/level are read from the controls
      in the same layout or from the callback's own request, has no entry in `values` for an area
      withheld for exactly that indicator/year/level;
   c. the area table (`rowData`, same context) has no value for those areas, and in the CSV/XLSX
      download (indicator, level and year are in its file name) their value cell is empty;
   d. no JSON number anywhere equals a withheld raw value at full precision (plotly figures,
      sparklines and stores carry unrounded floats). Only "distinctive" values take part: more
      than two decimals and not equal to any value that is public somewhere in the data, so a
      match cannot be a coincidence; plotly's styling template (colour-scale stops like 1/3) is
      not data and is skipped;
   e. row-anchored in the page: in the profile of a withheld area, the row of each withheld
      indicator says "keine Angabe" and does not show the German-formatted value; in the trend
      table, the cells of the withheld area's withheld years do not show their formatted values.
3. Map overlays (dashboard/overlays.py): every layer the public map's checklist "Weitere Ebenen" offers is
   ticked and each GeoJSON the browser fetches (/ebenen/<id>.<lang>.<release>.geojson, both languages) is checked
   like any JSON (1, 2d) and for what only staff may see: a feature carries only the properties the map draws
   (id, title, lines, color), no non-public measure (title) and no point of a non-public layer appears, the checklist
   offers no non-public layer, and the address of each non-public layer answers 404.
Plus: no Content-Security-Policy violation and no console error on any visited page, and no
response with a server error.
"""
from __future__ import annotations

import io
import json
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from dashboard.i18n import format_number
from dashboard.monitor import Monitor
from dashboard.state.map import MapState
from dashboard.ui import ids
from dashboard.ui.table import TABLE_SLOT
from tests.e2e.conftest import IGNORED_CONSOLE, ROOT, Server, drawn_on_screen, wait_for_drawn
from tests.e2e.test_map import choose_indicator

pytestmark = pytest.mark.e2e
DATA_PATHS = ("/_dash-layout", "/_dash-update-component")  # every per-request data response of the app
COLOURING_PREFIX = "/faerbung/"  # … and the map's colourings and their standing sentences (dashboard/colouring.py)


def is_data(path: str) -> bool:
    return path in DATA_PATHS or path.startswith(COLOURING_PREFIX)

CSP_LISTENER = """document.addEventListener('securitypolicyviolation',
  e => (window.__cspViolations = window.__cspViolations || []).push(e.violatedDirective + ' ' + e.blockedURI));"""


# -- what must not appear: computed from the internal view of the same data --------------------------
@dataclass
class Secrets:
    forbidden_ids: set[str]
    forbidden_labels: set[str]
    withheld: dict[tuple[str, int, str], dict[str, float]]  # (indicator, year, level) -> {area: raw value}
    distinctive: set[float]  # withheld raw values that cannot coincide with a public value
    decimals: dict[str, int]
    labels: dict[str, str] = field(default_factory=dict)  # public label_de -> id
    hidden_overlays: set[str] = field(default_factory=set)  # overlay ids only the internal view has
    hidden_titles: set[str] = field(default_factory=set)  # titles of rows the public must not see (measures, points)

    def cells_of(self, area_id: str) -> list[tuple[str, int, str, float]]:
        return [(i, y, lv, v) for (i, y, lv), areas in self.withheld.items() for a, v in areas.items() if a == area_id]


def _significant(value: float) -> bool:
    return math.isfinite(value) and value != round(value, 2)


def collect_secrets(internal: Monitor) -> Secrets:
    dataset = internal.dataset
    withheld: dict[tuple[str, int, str], dict[str, float]] = {}
    public_values: set[float] = set()
    for indicator in internal.indicators():
        if not indicator.public:
            continue
        for level in internal.levels_for(indicator.id):
            frame = internal.series(indicator.id, level)  # all years at once
            for (year, suppressed), part in frame.groupby(["year", "suppressed"]):
                values = {a: float(v) for a, v in zip(part["area_id"], part["value"]) if v == v}
                if suppressed and values:
                    withheld[(indicator.id, int(year), level)] = values
                elif not suppressed:
                    public_values |= set(values.values())
    distinctive = {v for cells in withheld.values() for v in cells.values() if _significant(v)} - public_values
    hidden = [i for i in dataset.indicators.values() if not i.public]
    return Secrets({i.id for i in hidden}, {i.label_de for i in hidden}, withheld, distinctive,
                   {i.id: i.decimals for i in dataset.indicators.values()},
                   {i.label_de: i.id for i in dataset.indicators.values() if i.public}, *hidden_overlay_rows(internal))


def hidden_overlay_rows(internal: Monitor) -> tuple[set[str], set[str]]:
    """(ids of non-public overlays, feature titles that occur only in non-public rows or layers): non-public measures and
    the points of non-public facility layers, minus any title a public row also has (two places may share a name)."""
    from dashboard import facilities, measures

    hidden_ids = {o.id for o in internal.overlays() if not o.public}
    every = measures._all(internal)
    hidden, shown = set(), set()
    if not every.empty:
        hidden |= set(every.loc[~every["public"].astype(bool), "title"])
        shown |= set(every.loc[every["public"].astype(bool), "title"])
    layers = {layer.id: layer.public for layer in facilities.layers(internal.dataset)}
    if layers:
        points = facilities.points(internal)
        public_layer = points["layer"].map(layers).astype(bool)
        hidden |= set(points.loc[~public_layer, "name"].dropna())
        shown |= set(points.loc[public_layer, "name"].dropna())
    return hidden_ids, {t for t in hidden - shown if isinstance(t, str) and t}


# -- recorded responses ----------------------------------------------------------------------------------
@dataclass
class Recorded:
    url: str
    request: dict | None  # the callback payload (inputs) for /_dash-update-component
    body: object  # parsed JSON


STYLE_KEYS = frozenset({"template"})  # plotly's styling template: fixed colour-scale stops such as 1/3, no data


def _walk(node, visit, key=None):
    visit(node, key)
    if isinstance(node, dict):
        for k, v in node.items():
            if k not in STYLE_KEYS:
                _walk(v, visit, k)
    elif isinstance(node, list):
        for item in node:
            _walk(item, visit, key)


def show_table(page) -> None:
    """Scroll the map page's table onto the screen: its grid loads only then (dashboard/ui/table.py)."""
    page.locator(f"#{TABLE_SLOT}").scroll_into_view_if_needed()
    page.wait_for_selector(f"#{ids.TABLE} .ag-row", state="attached")


def _find_component(tree, component_id):
    found = []
    _walk(tree, lambda node, _k: found.append(node) if isinstance(node, dict) and isinstance(node.get("props"), dict)
          and node["props"].get("id") == component_id else None)
    return found[0]["props"] if found else None


class LeakCheck:
    def __init__(self, secrets: Secrets, public: Monitor):
        self.secrets = secrets
        self.public = public
        self.problems: list[str] = []
        self.checked = defaultdict(int)  # what was actually looked at, so an empty crawl cannot pass

    # 1 + 2a + 2d on any JSON
    def generic(self, where: str, body) -> None:
        s = self.secrets

        def visit(node, key):
            if isinstance(node, dict):
                for k in node:
                    if k in s.forbidden_ids:
                        self.problems.append(f"{where}: nicht öffentlicher Indikator als Schlüssel {k!r}")
                if "classes" in node and "colors" in node:
                    self.hideout(where, node)
            elif isinstance(node, str):
                if node in s.forbidden_ids:
                    self.problems.append(f"{where}: nicht öffentlicher Indikator {node!r}")
                for label in s.forbidden_labels:
                    if label in node:
                        self.problems.append(f"{where}: Bezeichnung eines nicht öffentlichen Indikators {label!r}")
            elif isinstance(node, float) and node in s.distinctive:
                self.problems.append(f"{where}: zurückgehaltener Wert {node!r} (Schlüssel {key!r})")
            self.checked["json nodes"] += 1

        _walk(body, visit)

    def hideout(self, where: str, hideout: dict) -> None:
        self.checked["hideouts"] += 1
        if "withheld" in hideout:
            self.problems.append(f"{where}: hideout enthält 'withheld'")
        drawn_withheld = {a for a, c in hideout.get("classes", {}).items() if c == -2}
        for key in ("values", "labels", "burdens"):
            exposed = drawn_withheld & set(hideout.get(key) or {})
            if exposed:
                self.problems.append(f"{where}: hideout[{key!r}] hat Einträge für zurückgehaltene Gebiete {sorted(exposed)[:5]}")

    # 2b + 2c for the map view: context = (indicator, year, level)
    def map_context(self, where: str, context: tuple[str, int, str], hideout: dict | None, rows: list | None) -> None:
        cells = self.secrets.withheld.get(context, {})
        if hideout is not None:
            self.checked["map hideouts with context"] += 1
            self.checked["withheld cells checked"] += len(cells)
            leaked = set(cells) & set(hideout.get("values") or {})
            if leaked:
                self.problems.append(f"{where}: Karte {context} zeigt Werte zurückgehaltener Gebiete {sorted(leaked)[:5]}")
        if rows is not None:
            self.checked["table rows"] += len(rows)
            for row in rows:
                if isinstance(row, dict) and row.get("area_id") in cells and row.get("value") is not None:
                    self.problems.append(f"{where}: Tabelle {context} zeigt {row['area_id']} = {row['value']}")

    def map_standing(self, where: str, context: tuple[str, int, str], standing: dict) -> None:
        """The tooltips' standing sentences of a colouring: none for a withheld area."""
        cells = self.secrets.withheld.get(context, {})
        self.checked["standing sentences"] += len(standing)
        leaked = set(cells) & set(standing)
        if leaked:
            self.problems.append(f"{where}: Rangsätze {context} für zurückgehaltene Gebiete {sorted(leaked)[:5]}")

    def csv_rows(self, where: str, rows: list[list[str]]) -> None:
        for row in rows:
            for cell in row:
                if cell.strip() in self.secrets.forbidden_ids:
                    self.problems.append(f"{where}: nicht öffentlicher Indikator {cell!r}")
                if any(label in cell for label in self.secrets.forbidden_labels):
                    self.problems.append(f"{where}: Bezeichnung eines nicht öffentlichen Indikators in {cell!r}")
        self.checked["download rows"] += len(rows)

    def map_download(self, where: str, filename: str, rows: list[list[str]]) -> None:
        """Map table export: file name indicator-level-year, columns area id; name; parent; value; …; and the
        last column the withheld flag (dashboard/export.py flag_columns)."""
        match = re.match(r"^(.+)-([a-z_]+)-(\d{4})\.(csv|xlsx)$", filename)
        assert match, filename
        cells = self.secrets.withheld.get((match[1], int(match[3]), match[2]), {})
        hits = 0
        for row in rows:
            if len(row) >= 4 and row[0] in cells:
                hits += 1
                if str(row[3]).strip() not in ("", "None"):
                    self.problems.append(f"{where}: {filename} zeigt {row[0]} = {row[3]}")
                if row[-1] != "ja":
                    self.problems.append(f"{where}: {filename} kennzeichnet {row[0]} nicht als nicht veröffentlicht")
        self.checked["withheld rows in map downloads"] += hits


    OVERLAY_PROPERTIES = frozenset({"id", "title", "lines", "color"})  # what assets/qm_overlays.js draws

    def overlay(self, where: str, overlay_id: str, body) -> None:
        """3: one overlay GeoJSON of the public app."""
        if overlay_id in self.secrets.hidden_overlays:
            self.problems.append(f"{where}: nicht öffentliche Ebene {overlay_id!r} ausgeliefert")
        self.generic(where, body)
        features = body.get("features") if isinstance(body, dict) else None
        if body.get("type") != "FeatureCollection" or not isinstance(features, list):
            self.problems.append(f"{where}: keine FeatureCollection")
            return
        for feature in features:
            properties = feature.get("properties") or {}
            extra = set(properties) - self.OVERLAY_PROPERTIES
            if extra:
                self.problems.append(f"{where}: Eigenschaften {sorted(extra)} (nur {sorted(self.OVERLAY_PROPERTIES)})")
            if properties.get("title") in self.secrets.hidden_titles:
                self.problems.append(f"{where}: nicht öffentlicher Eintrag {properties['title']!r}")
            if any(isinstance(line, str) and "nicht öffentlich" in line for line in properties.get("lines") or []):
                self.problems.append(f"{where}: Kennzeichen 'nicht öffentlich' im Tooltip")
        self.checked["overlay features"] += len(features)
        self.checked["overlays"] += 1

    def open_data(self, where: str, text: str) -> None:
        """/daten/werte.csv (dashboard/opendata.py): the whole public value table; a withheld cell is blank and flagged."""
        import csv

        for row in csv.DictReader(io.StringIO(text)):
            cells = self.secrets.withheld.get((row["indicator_id"], int(row["year"]), row["level"]), {})
            if row["indicator_id"] in self.secrets.forbidden_ids or any(label in row["indicator"] for label in self.secrets.forbidden_labels):
                self.problems.append(f"{where}: nicht öffentlicher Indikator {row['indicator_id']!r}")
            if row["area_id"] in cells:
                self.checked["withheld rows in open data"] += 1
                if row["value"] != "" or row["withheld"] != "true":
                    self.problems.append(f"{where}: {row['area_id']} {row['indicator_id']} {row['year']} = {row['value']!r}, "
                                         f"withheld {row['withheld']}")
            if row["value"] and float(row["value"]) in self.secrets.distinctive:
                self.problems.append(f"{where}: zurückgehaltener Wert {row['value']} ({row['area_id']} {row['indicator_id']})")
        self.checked["download rows"] += 1


# -- the crawl ---------------------------------------------------------------------------------------------
class Crawler:
    def __init__(self, browser, server: Server, check: LeakCheck):
        self.browser, self.server, self.check = browser, server, check
        self.context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="de-DE", accept_downloads=True)
        self.context.add_init_script(CSP_LISTENER)
        self.visited: list[str] = []

    def close(self):
        self.context.close()

    def start(self, path: str) -> tuple:
        """Open a page and start loading it; several pages load at the same time."""
        page = self.context.new_page()
        page.set_default_timeout(30000)
        responses, errors = [], []
        page.on("response", lambda r: responses.append(r) if (is_data(urlsplit(r.url).path) or r.status >= 500) else None)
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" and not any(s in m.text for s in IGNORED_CONSOLE) else None)
        page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
        page.goto(self.server.url + path, wait_until="commit")
        return page, path, responses, errors

    def finish(self, handle: tuple, ready: str) -> None:
        """Wait until the page is settled, then check every data response it received so far."""
        page, path, responses, errors = handle
        wait_for_drawn(page, ready)  # any match drawn, not the first one visible (it may be clipped off-screen)
        page.wait_for_load_state("networkidle")
        while responses:
            response = responses.pop(0)
            assert response.status < 500, f"{path}: {response.status} für {response.url}"
            if response.status != 200 or not is_data(urlsplit(response.url).path):
                continue
            request = response.request
            payload = json.loads(request.post_data) if request.method == "POST" and request.post_data else None
            body = response.json()
            self.check.generic(f"{path} {urlsplit(response.url).path}", body)
            self.map_responses(path, payload, body, urlsplit(response.url).path)
        violations = page.evaluate("() => window.__cspViolations || []")
        assert violations == [], f"{path}: CSP-Verletzungen {violations}"
        assert errors == [], f"{path}: Konsolenfehler {errors}"
        if path not in self.visited:
            self.visited.append(path)

    def open(self, path: str, ready: str) -> tuple:
        handle = self.start(path)
        self.finish(handle, ready)
        return handle

    def open_all(self, pages: list[tuple[str, str]]) -> None:
        """Pages without interaction: load them side by side, check each, close them."""
        handles = [(self.start(path), ready) for path, ready in pages]
        for handle, ready in handles:
            self.finish(handle, ready)
            handle[0].close()

    def map_responses(self, where: str, payload: dict | None, body, url_path: str = "") -> None:
        """2b/2c: map view responses with their (indicator, year, level) context: the page in the first layout or from
        the router, the colourings the browser fetches (/faerbung/v1/<release>/<lang>/<level>/<indicator>/<year>[/rang])."""
        if url_path.startswith(COLOURING_PREFIX) and isinstance(body, dict):
            parts = url_path.split("/")  # "", "faerbung", "v1", release, lang, level, indicator, year[, "rang"]
            if "state" in body and "hideout" in body:
                state = body["state"]
                self.check.map_context(where, (state["indicator"], int(state["year"]), state["level"]), body["hideout"], None)
            elif "standing" in body and len(parts) == 9:
                self.check.map_standing(where, (parts[6], int(parts[7]), parts[5]), body["standing"])
            return
        if payload is None:  # the first layout: the page of the address is in it (dashboard/__init__.py initial_layout)
            main = _find_component(body, ids.PAGE) if url_path == "/_dash-layout" else None
            response = {ids.PAGE: {"children": main.get("children")}} if main and main.get("children") else {}
            payload = {}
        else:
            response = body.get("response", {}) if isinstance(body, dict) else {}
        inputs = {f"{i['id']}.{i['property']}": i.get("value") for i in [*payload.get("inputs", []), *payload.get("state", [])]
                  if isinstance(i, dict)}
        page = response.get(ids.PAGE, {}).get("children")
        if page is not None:  # the router: the map layout carries its controls
            indicator, year, level = (_find_component(page, c) for c in (ids.INDICATOR, ids.YEAR, ids.LEVEL))
            if indicator and year and level and _find_component(page, ids.AREAS):
                context = (indicator["value"], int(year["value"]), level["value"])
                self.check.map_context(where, context, _find_component(page, ids.AREAS)["hideout"],
                                       (_find_component(page, ids.TABLE) or {}).get("rowData"))
            return
        if f"{ids.INDICATOR}.value" not in inputs:
            return
        hideout = response.get(ids.AREAS, {}).get("hideout")
        rows = response.get(ids.TABLE, {}).get("rowData")
        if rows is None and TABLE_SLOT in response:  # the grid, once it came onto the screen (dashboard/ui/table.py)
            rows = (_find_component(response[TABLE_SLOT].get("children"), ids.TABLE) or {}).get("rowData")
        if hideout is None and rows is None:
            return
        year = response.get(ids.YEAR, {}).get("value", inputs.get(f"{ids.YEAR}.value"))
        level = response.get(ids.LEVEL, {}).get("value", inputs.get(f"{ids.LEVEL}.value"))
        self.check.map_context(where, (inputs[f"{ids.INDICATOR}.value"], int(year), level), hideout, rows)

    def download(self, page, button: str, where: str, map_table: bool = False) -> str:
        with page.expect_download() as info:
            page.click(button)
        download = info.value
        data = Path(download.path()).read_bytes()
        name = download.suggested_filename
        if name.endswith(".xlsx"):
            from openpyxl import load_workbook

            sheet = load_workbook(io.BytesIO(data), read_only=True).active
            rows = [["" if c is None else str(c) for c in row] for row in sheet.iter_rows(values_only=True)]
        else:
            import csv

            rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
        self.check.csv_rows(f"{where} {name}", rows)
        if map_table:
            self.check.map_download(f"{where} {name}", name, rows)
        return name


def crawl_overlays(page, server: Server, check: LeakCheck, public: Monitor) -> None:
    """3: tick every layer the checklist offers, check each GeoJSON the browser fetches, then the same files in
    English, and ask for every non-public layer by its address (404)."""
    import urllib.error
    import urllib.request

    from dashboard import overlays
    from dashboard.ui import overlays as overlay_view

    fetched: dict[str, object] = {}
    page.on("response", lambda r: fetched.setdefault(urlsplit(r.url).path, r) if urlsplit(r.url).path.startswith("/ebenen/") else None)
    boxes = page.locator(f"#{overlay_view.CHECKLIST} input:not([disabled])")
    offered = []
    for index in range(boxes.count()):
        box = boxes.nth(index)
        box.check()
        offered.append(box.evaluate("(el) => el.closest('label').textContent.trim()"))
    expected = {overlays.url(public, o.id): o.id for o in public.overlays()}
    if offered:  # every file the ticked layers need has been fetched
        page.wait_for_function("(paths) => { const got = performance.getEntriesByType('resource').map(e => new URL(e.name).pathname);"
                               " return paths.every(p => got.includes(p)); }", arg=sorted(expected))
        page.wait_for_load_state("networkidle")
    assert sorted(offered) == sorted(o.label_de for o in public.overlays()), offered
    assert set(fetched) == set(expected), (sorted(fetched), sorted(expected))
    for path, response in fetched.items():
        assert response.status == 200, f"{path}: {response.status}"
        check.overlay(path, expected[path], response.json())
    for path, overlay_id in expected.items():  # the English files, as the English page would fetch them
        english = overlays.url(public, overlay_id, "en")
        with urllib.request.urlopen(server.url + english, timeout=60) as response:
            check.overlay(english, overlay_id, json.loads(response.read()))
    for overlay_id in check.secrets.hidden_overlays:
        try:
            urllib.request.urlopen(server.url + overlays.url(public, overlay_id), timeout=60)
            check.problems.append(f"nicht öffentliche Ebene {overlay_id!r} unter ihrer Adresse erreichbar")
        except urllib.error.HTTPError as exc:
            if exc.code != 404:
                check.problems.append(f"nicht öffentliche Ebene {overlay_id!r}: HTTP {exc.code}")


def choose_probes(secrets: Secrets, public: Monitor) -> dict:
    """A Planungsraum with many withheld cells in the latest year, one of its indicators, a sibling."""
    level = public.dataset.level_ids[0]
    latest = max(y for (_i, y, lv) in secrets.withheld if lv == level)
    counts: dict[str, int] = defaultdict(int)
    for (indicator, year, lv), cells in secrets.withheld.items():
        if lv == level and year == latest:
            for area in cells:
                counts[area] += 1
    area = max(sorted(counts), key=lambda a: counts[a])
    indicator = next(i for (i, y, lv), cells in sorted(secrets.withheld.items()) if lv == level and y == latest and area in cells
                     and public.indicator(i).kind != "class")
    parent = public.area(area)["parent_id"]
    sibling = next(c["area_id"] for c in public.children(parent) if c["area_id"] != area)
    upper = next(((i, y, lv, sorted(cells)[0]) for (i, y, lv), cells in sorted(secrets.withheld.items()) if lv != level), None)
    return {"area": area, "indicator": indicator, "year": latest, "level": level, "sibling": sibling, "upper": upper}


def crawl(browser, server: Server, secrets: Secrets, public: Monitor) -> LeakCheck:
    check = LeakCheck(secrets, public)
    probe = choose_probes(secrets, public)
    area, indicator, year, level, sibling = probe["area"], probe["indicator"], probe["year"], probe["level"], probe["sibling"]
    crawler = Crawler(browser, server, check)
    try:
        # pages that are only looked at: loaded side by side
        static = [
            (f"/veraenderung?indikator={indicator}&ebene={level}", "#change-map path"),
            ("/datenschutz", ".qm-legal"), ("/impressum", ".qm-legal"), ("/daten", "#opendata-files"),
            (f"/gruppen?gebiet={area}&jahr={year}", "#groups-content, #groups-empty"),  # population groups (or none)
            ("/gebiet/%3Cimg%20src=x%20onerror=alert(1)%3E", "#profile-not-found, .qm-not-found"),
            ("/?indikator=%3Cscript%3Ealert(1)%3C/script%3E&jahr=99999999&ebene=%27%20OR%201=1&gebiet=..%2F..&fokus=%00",
             f"#{ids.NOTICE}"),
        ]
        if secrets.forbidden_ids:  # a non-public indicator in the link: default view with a notice
            static.append((f"/?indikator={sorted(secrets.forbidden_ids)[0]}", f"#{ids.NOTICE}"))
        if any(public.index_definition(d.id) for d in public.dataset.indices):
            static.append(("/sozialindex", "#index-map path"))
        if probe["upper"]:  # a withheld area above the smallest level: its profile
            up_indicator, up_year, up_level, up_area = probe["upper"]
            static.append((f"/gebiet/{up_area}?jahr={up_year}", "#profile-article"))
        crawler.open_all(static)  # /daten starts the build of the open-data files; they are read at the end

        # pages with interaction, also loaded side by side
        views = {
            "map": crawler.start("/"),
            "withheld": crawler.start(f"/?indikator={indicator}&jahr={year}&ebene={level}&gebiet={area}"),
            "profile": crawler.start(f"/gebiet/{area}?jahr={year}"),
            "trends": crawler.start(f"/zeitreihen?indikator={indicator}&ebene={level}&gebiete={area},{sibling}"),
            "compare": crawler.start(f"/vergleich?gebiete={area},{sibling}&jahr={year}"),
        }
        rules = public.burden_rules()
        if rules:
            views["burden"] = crawler.start(f"/mehrfachbelastung?regel={rules[-1].id}")
        if probe["upper"]:
            views["upper"] = crawler.start(f"/?indikator={up_indicator}&jahr={up_year}&ebene={up_level}&gebiet={up_area}")

        # the map: another indicator chosen in the dropdown, another level, an area clicked
        handle = views["map"]
        page = handle[0]
        crawler.finish(handle, "#map path.qm-area")
        default = MapState.from_query(public, {})
        other = next(i.id for i in public.indicators() if i.id != default.indicator and len(public.levels_for(i.id)) > 1)
        choose_indicator(page, other, public.indicator(other).label_de)
        page.wait_for_function("(id) => location.search.includes('indikator=' + id)", arg=other)
        other_level = next(lv for lv in public.levels_for(other) if lv != MapState.from_query(public, {"indikator": other}).level)
        page.click(f"#{ids.LEVEL} label:has-text('{public.dataset.level(other_level).label_de}')")
        page.wait_for_function("(lv) => location.search.includes('ebene=' + lv)", arg=other_level)
        drawn_on_screen(page, f"#{ids.MAP} path.qm-area").click(force=True)
        page.wait_for_selector(f"#{ids.AREA_PANEL} h3")
        show_table(page)
        crawler.finish(handle, "#map path.qm-area")
        crawl_overlays(page, server, check, public)

        # a withheld area selected: the panel says so; both downloads
        handle = views["withheld"]
        page = handle[0]
        crawler.finish(handle, f"#{ids.AREA_PANEL} h3")
        assert "geringe Fallzahl" in page.inner_text(f"#{ids.AREA_PANEL}")
        show_table(page)
        crawler.download(page, f"#{ids.TABLE_CSV}", "Karte", map_table=True)
        crawler.download(page, f"#{ids.TABLE_XLSX}", "Karte", map_table=True)
        crawler.finish(handle, "#map path.qm-area")
        if "upper" in views:
            crawler.finish(views["upper"], "#map path.qm-area")
            crawler.download(views["upper"][0], f"#{ids.TABLE_CSV}", "Karte", map_table=True)
            crawler.finish(views["upper"], "#map path.qm-area")

        # profile of the withheld area: row-anchored check (2e) and both downloads
        handle = views["profile"]
        page = handle[0]
        crawler.finish(handle, "#profile-article")
        for (ind, y, lv, value) in secrets.cells_of(area):
            if y != year or lv != level or page.locator(f"#profile-row-{ind}").count() == 0:
                continue
            text = page.inner_text(f"#profile-row-{ind} td.qm-num >> nth=0")
            check.checked["profile rows of withheld cells"] += 1
            if "keine Angabe" not in text or format_number(value, secrets.decimals[ind]) in text:
                check.problems.append(f"Profil {area}: Zeile {ind} zeigt {text!r}")
        crawler.download(page, "#profile-csv", "Profil")
        crawler.download(page, "#profile-xlsx", "Profil")
        crawler.finish(handle, "#profile-article")

        # trends with the withheld area: its withheld years stay empty (2e)
        handle = views["trends"]
        page = handle[0]
        crawler.finish(handle, "#trends-graph .main-svg")
        row = page.locator(f"#trends-row-{area}")
        for (ind, y, lv, value) in secrets.cells_of(area):
            cell = row.locator(f"td[data-year='{y}']")
            if ind == indicator and lv == level and cell.count():
                check.checked["trend cells of withheld years"] += 1
                if format_number(value, secrets.decimals[ind]) in cell.inner_text():
                    check.problems.append(f"Zeitreihe {area} {y}: {cell.inner_text()!r}")

        # comparison with a withheld member; burden list: their downloads
        crawler.finish(views["compare"], "#compare-download-button")
        crawler.download(views["compare"][0], "#compare-download-button", "Vergleich")
        crawler.finish(views["compare"], "#compare-download-button")
        if "burden" in views:
            crawler.finish(views["burden"], "#burden-map path")
            crawler.download(views["burden"][0], "#burden-download-button", "Mehrfachbelastung")
            crawler.finish(views["burden"], "#burden-map path")
        for handle in views.values():
            handle[0].close()

        # the open-data download: every public value at once (on a fresh server it waits for the build that the
        # /daten page started: last, so that the build runs while the views are crawled)
        import urllib.request
        with urllib.request.urlopen(server.url + "/daten/werte.csv", timeout=300) as response:
            check.open_data("/daten/werte.csv", response.read().decode("utf-8"))
    finally:
        crawler.close()
    check.visited = crawler.visited
    return check


def _monitors(path: Path) -> tuple[Monitor, Monitor]:
    """The internal and the public Monitor of the session's apps on `path` (tests/conftest.py session_app)."""
    from tests.conftest import session_app

    return session_app(path, "internal").monitor, session_app(path, "public").monitor


def assert_no_leak(check: LeakCheck) -> None:
    assert check.problems == [], "\n".join(check.problems[:30])
    # the crawl really looked at what it claims to protect
    for what in ("hideouts", "map hideouts with context", "withheld cells checked", "table rows", "download rows",
                 "withheld rows in map downloads", "profile rows of withheld cells", "withheld rows in open data"):
        assert check.checked[what] > 0, f"nichts geprüft: {what}"
    if check.public.overlays():
        assert check.checked["overlay features"] > 0, "nichts geprüft: overlay features"


def test_public_demo_app_leaks_nothing(browser, public_server):
    internal, public = _monitors(ROOT / "data" / "demo")
    secrets = collect_secrets(internal)
    assert secrets.forbidden_ids and secrets.withheld and secrets.distinctive  # the demo data has something to hide
    assert_no_leak(crawl(browser, public_server, secrets, public))


def test_public_berlin_app_leaks_nothing(browser, berlin_datasets, berlin_public_server):
    internal, public = _monitors(berlin_datasets["berlin"])
    secrets = collect_secrets(internal)
    assert secrets.withheld  # Planungsräume under the minimum population
    assert_no_leak(crawl(browser, berlin_public_server, secrets, public))
