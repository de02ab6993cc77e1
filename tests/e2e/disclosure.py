"""Disclosure attacks on a public server: ground truth, an HTTP adversary, and the attacks.

Used by tests/e2e/test_public_inference.py. Three parts:

1. Truth: values.parquet/areas.parquet of a dataset read directly (pandas), the registry through
   dashboard.catalog (only for its defaults). A cell (indicator, area, year) is *withheld* by the
   primary rule exactly as dashboard/monitor.py applies dashboard/methods/suppress.py: denominator
   < min_denominator, 0 < numerator < min_numerator, or (kind != "count" and suppress_small_areas)
   and the area's population (dataset population_indicator, same year) < min_population.
   Secrets = every withheld cell of a public indicator, plus the counts behind them: for a withheld
   share, the public count indicator equal to its numerator and the one equal to its denominator
   (found by equality in the data, e.g. Berlin ANT_65U = EW_65U / EW), plus every public count of people
   (kind "count" with suppress_small_areas) of an area below min_population.

2. Adversary: only HTTP against a running server - Dash callback POSTs to /_dash-update-component
   built from the public /_dash-dependencies (what the browser sends, see DashClient). Published
   numbers are collected as observations with their precision: a JSON float or a text number with
   k decimals shown is known to +-0.5*10^-max(k, indicator decimals) (a display-rounded 12.3 is
   12.3 +- 0.05; a full-precision float is exact).

3. Attacks (each a function below): full precision, parent-minus-siblings LP (scipy linprog),
   direct read of counts, "zusammen" differencing, and other years (a withheld cell estimated from
   the published values of the same areas in other years). See EXPOSURE below for the criterion.
"""
from __future__ import annotations

import csv
import json
import math
import re
import time
import urllib.request
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.optimize import linprog

from dashboard.catalog import load_dataset
from tests.integration.conftest import download_texts

CITY = "gesamt"
EXPOSURE = """A withheld cell counts as exposed when an attack narrows it to an interval narrower than T:
 - share (ratio_of_sums): T = the indicator's min_numerator, or 3 where min_numerator is 0. Width is
   measured in numerator units: either the interval of the numerator itself (LP min/max), or the
   interval of the share (Charnes-Cooper LP min/max of n/d) times the cell's true denominator / scale.
 - count behind a withheld share: numerator count T as for its share; denominator count and counts of
   areas below min_population T = 3.
 - any withheld cell whose own value is published (direct read) is exposed (width = rounding).
 - other years (counts change little from year to year): a withheld cell x in year t is estimated as
   x(t') from a year t' in which x is published, or as rest(t) - y(t') where rest(t) = parent minus the
   siblings published in year t and every other unknown sibling y is taken from a year t' in which it is
   published. Shares are estimated by their numerators (share * published denominator count / scale)
   and, for x(t'), also by the share itself (error times the true denominator / scale). Exposed when
   an estimate lies in the protection interval of width T around the truth (2 * |estimate - truth| < T
   in numerator units: the interval from the estimate to the truth and as far beyond is narrower than T).
Not counted: the trivial interval (numerator anywhere from 0 to the denominator, share from 0 to 100 %),
withheld cells without a value (denominator 0), and intervals that miss the true value (model errors,
listed separately in the report file). Published numbers are intervals: value +- half a unit of the
last shown decimal, at least the indicator's display decimals (counts: +- 0.5). The LP is a linear
relaxation (no integrality), so the widths are upper bounds of what an adversary can do."""


# ---------------------------------------------------------------------------------------------------
# 1. ground truth
@dataclass(frozen=True)
class Cell:
    indicator: str
    area: str
    year: int

    def __str__(self):
        return f"{self.area}/{self.indicator}/{self.year}"


@dataclass
class Secret:
    cell: Cell
    kind: str  # "share" (withheld value) | "count" (a count behind a withheld value or of a small area)
    truth: float  # the withheld value (share) or the count
    numerator: float | None
    denominator: float | None
    threshold: float
    reason: str
    level: str
    role: str = ""  # for counts: "numerator of X" / "denominator of X" / "population < 300"


class Truth:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.dataset = load_dataset(self.path)
        ds = self.dataset
        self.indicators = {k: i for k, i in ds.indicators.items() if i.public}
        # supply ratios (places or facilities per inhabitants): their numerators are public through the map's points, so
        # a withheld ratio hides nothing of its own; they are published only where their denominator is (docs/methods.md
        # "Geheimhaltung", rule 7), whose count cells are secrets by that count's own rules
        from dashboard.facilities import supply_ratios
        self.supply = set(supply_ratios(ds))
        values = pd.read_parquet(self.path / "values.parquet")
        areas = pd.read_parquet(self.path / "areas.parquet", columns=["area_id", "level", "name", "parent_id"])
        self.areas = areas
        self.level_of = dict(zip(areas["area_id"], areas["level"]))
        self.name_of = dict(zip(areas["area_id"], areas["name"]))
        self.parent = {a: p for a, p in zip(areas["area_id"], areas["parent_id"]) if isinstance(p, str) and p}
        self.children: dict[str, list[str]] = defaultdict(list)
        for a, p in sorted(self.parent.items()):
            self.children[p].append(a)
        pop = values[values["indicator_id"] == ds.population_indicator][["area_id", "year", "value"]]
        pop = pop.rename(columns={"value": "population"})
        values = values[values["indicator_id"].isin(list(self.indicators))].merge(pop, on=["area_id", "year"], how="left")
        values["year"] = values["year"].astype(int)
        self.values = values
        self.cell = {Cell(i, a, int(y)): (v, n, d, p) for i, a, y, v, n, d, p in zip(
            values["indicator_id"], values["area_id"], values["year"], values["value"], values["numerator"],
            values["denominator"], values["population"])}
        reg = self.indicators
        ind = values["indicator_id"]
        min_den = ind.map({k: i.min_denominator for k, i in reg.items()}).astype(float)
        min_num = ind.map({k: i.min_numerator for k, i in reg.items()}).astype(float)
        rule = ind.map({k: i.kind != "count" and i.suppress_small_areas for k, i in reg.items()}).astype(bool)
        num, den, popn = values["numerator"], values["denominator"], values["population"]
        by_den = den.notna() & (den < min_den)
        by_num = num.notna() & (num > 0) & (num < min_num)
        by_pop = rule & popn.notna() & (popn < ds.min_population)
        mask = by_den | by_num | by_pop
        self.withheld = values[mask].copy()
        self.withheld["reason"] = np.where(by_pop[mask], f"population < {ds.min_population}",
                                           np.where(by_den[mask], "denominator < min_denominator", "numerator < min_numerator"))
        self.withheld_cells = {Cell(i, a, int(y)) for i, a, y in zip(self.withheld["indicator_id"], self.withheld["area_id"],
                                                                    self.withheld["year"])}
        self.count_of = self._count_mapping()
        self.nonneg = {k: bool((values.loc[ind == k, "numerator"].dropna() >= 0).all()) for k in reg}
        self.at_most_one = {k: bool((values.loc[ind == k, "numerator"] <= values.loc[ind == k, "denominator"] + 1e-9).all())
                            for k in reg}
        self.secrets = self._secrets()

    def is_ratio(self, indicator_id: str) -> bool:
        i = self.indicators[indicator_id]
        return i.aggregation == "ratio_of_sums"

    def threshold(self, indicator_id: str) -> float:
        m = self.indicators[indicator_id].min_numerator
        return float(m) if m and m > 0 else 3.0

    def _count_mapping(self) -> dict[tuple[str, str], str]:
        """(share, "numerator"|"denominator") -> public count indicator with the same numbers in every row."""
        counts = [k for k, i in self.indicators.items() if i.kind == "count"]
        v = self.values
        count_frames = {c: v[v["indicator_id"] == c].set_index(["area_id", "year"])["value"] for c in counts}
        out = {}
        for share in (k for k in self.indicators if self.is_ratio(k)):
            part = v[v["indicator_id"] == share].set_index(["area_id", "year"])
            for role in ("numerator", "denominator"):
                col = part[role].dropna()
                if col.empty:
                    continue
                for c in counts:
                    other = count_frames[c].reindex(col.index)
                    if (np.abs(other - col) <= 1e-6).mean() >= 0.9:  # equal except where one side is an estimate
                        out[(share, role)] = c
                        break
        return out

    def count_for(self, share: str, role: str, area: str, year: int) -> str | None:
        """The public count equal to this cell's numerator/denominator (None where they differ, e.g. estimates)."""
        count = self.count_of.get((share, role))
        if count is None:
            return None
        own, other = self.cell.get(Cell(share, area, year)), self.cell.get(Cell(count, area, year))
        if own is None or other is None:
            return None
        mine = own[1] if role == "numerator" else own[2]
        return count if mine == mine and abs(other[0] - mine) <= 1e-6 else None

    def _secrets(self) -> dict[Cell, Secret]:
        out: dict[Cell, Secret] = {}
        for r in self.withheld.itertuples(index=False):
            if r.indicator_id in self.supply:
                continue
            cell = Cell(r.indicator_id, r.area_id, int(r.year))
            out[cell] = Secret(cell, "share" if self.indicators[r.indicator_id].kind != "count" else "count",
                               float(r.value), _f(r.numerator), _f(r.denominator), self.threshold(r.indicator_id), r.reason, r.level)
        for r in self.withheld.itertuples(index=False):
            if r.indicator_id in self.supply:  # its small-number rule is one of reliability: the places are public, and
                continue                       # the denominator count is a secret only by its own indicator's rules
            for role in ("numerator", "denominator"):
                count = self.count_for(r.indicator_id, role, r.area_id, int(r.year))
                if count is None:
                    continue
                cell = Cell(count, r.area_id, int(r.year))
                value = self.cell[cell][0]
                threshold = self.threshold(r.indicator_id) if role == "numerator" else 3.0
                old = out.get(cell)
                if old is None or old.threshold < threshold:
                    out[cell] = Secret(cell, "count", float(value), float(value), None, threshold,
                                       f"{role} of withheld {r.indicator_id}", r.level, f"{role} of {r.indicator_id}")
        # counts of people (kind "count" with suppress_small_areas: exempt from the population rule today, but
        # a secret); counts that describe the place (suppress_small_areas = false, e.g. burden counts) are not
        people = {k for k, i in self.indicators.items() if i.kind == "count" and i.suppress_small_areas}
        small = self.values[(self.values["population"] < self.dataset.min_population) & self.values["indicator_id"].isin(people)]
        for r in small.itertuples(index=False):
            cell = Cell(r.indicator_id, r.area_id, int(r.year))
            if cell not in out and r.value == r.value:
                out[cell] = Secret(cell, "count", float(r.value), float(r.value), None, 3.0,
                                   f"count of an area with population < {self.dataset.min_population}", r.level,
                                   "small-area count")
        return out


def _f(x) -> float | None:
    return None if x is None or x != x else float(x)


# ---------------------------------------------------------------------------------------------------
# 2. the adversary: HTTP only
class DashClient:
    """Posts Dash callback payloads exactly as the browser does, built from the public /_dash-dependencies."""

    def __init__(self, url: str):
        self.url = url
        self.requests = Counter()
        with urllib.request.urlopen(url + "/_dash-dependencies", timeout=30) as r:
            self.deps = json.load(r)

    def _dep(self, first_output: str) -> dict:
        for d in self.deps:
            outs = d["output"].strip(".").split("...")
            if outs[0] == first_output or outs[0].startswith(first_output + "@"):
                return d
        raise KeyError(first_output)

    def call(self, first_output: str, inputs: dict, state: dict | None = None, changed: list[str] | None = None) -> dict:
        d = self._dep(first_output)
        multi = d["output"].startswith("..")
        outs = [o.rsplit(".", 1) for o in d["output"].strip(".").split("...")] if multi else [d["output"].rsplit(".", 1)]
        outputs = [{"id": i.split("@")[0], "property": p.split("@")[0]} for i, p in outs]

        def spec(items, values):
            return [{"id": i["id"], "property": i["property"], "value": values.get(f'{i["id"]}.{i["property"]}')} for i in items]

        payload = {"output": d["output"], "outputs": outputs if multi else outputs[0], "inputs": spec(d["inputs"], inputs),
                   "state": spec(d["state"], state or {}), "changedPropIds": changed or [next(iter(inputs))]}
        req = urllib.request.Request(self.url + "/_dash-update-component", data=json.dumps(payload).encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")
        with urllib.request.urlopen(req, timeout=120) as r:
            body = r.read()
        self.requests[first_output] += 1
        if not body:  # 204: no update
            return {}
        out = json.loads(body)
        return out.get("response", {}) if isinstance(out, dict) else {}


@dataclass
class Obs:
    value: float
    tol: float
    full_precision: bool
    source: str


NUMBER = re.compile(r"^\s*(-?[\d.]*\d(?:,\d+)?)\s*(?:%|‰|[A-Za-zäöüÄÖÜ()/. ]*)?\s*$")


def float_digits(x: float) -> int | None:
    """Decimals in the shortest repr of a JSON float (None: exponent form, i.e. full precision)."""
    s = repr(float(x))
    if "e" in s or "E" in s:
        return None
    frac = s.split(".")[1] if "." in s else ""
    return len(frac.rstrip("0"))


def download_rows(data: dict) -> list[list[str]]:
    """The table rows of a CSV download (dashboard/export.py: ";", description lines "# …"); none without a file."""
    if not data.get("content"):
        return []
    return [row for row in csv.reader(download_texts(data), delimiter=";") if row and not row[0].startswith("#")]


def german_number(text: str) -> tuple[float, int] | None:
    """'1.234,5 %' -> (1234.5, 1)."""
    if not isinstance(text, str):
        return None
    m = NUMBER.match(text.replace("\u2212", "-").replace("\xa0", " "))
    if not m:
        return None
    raw = m.group(1)
    digits = len(raw.split(",")[1]) if "," in raw else 0
    try:
        return float(raw.replace(".", "").replace(",", ".")), digits
    except ValueError:
        return None


@dataclass
class Published:
    """Everything the adversary read, as observations with precision."""

    truth: Truth
    values: dict[Cell, list[Obs]] = field(default_factory=lambda: defaultdict(list))
    groups: dict[tuple[str, frozenset, int], list[Obs]] = field(default_factory=lambda: defaultdict(list))
    direct: list[str] = field(default_factory=list)  # withheld raw values found verbatim in a response
    sources: Counter = field(default_factory=Counter)

    def add(self, indicator: str, area: str, year: int, value, source: str, shown_digits: int | None = None,
            group: frozenset | None = None) -> None:
        if value is None or indicator not in self.truth.indicators:
            return
        value = float(value)
        if not math.isfinite(value):
            return
        decimals = self.truth.indicators[indicator].decimals
        if shown_digits is None:
            digits = float_digits(value)
            full = digits is None or digits > decimals
            tol = abs(value) * 1e-15 if digits is None else 0.5 * 10 ** -max(digits, decimals)
        else:
            full = shown_digits > decimals
            tol = 0.5 * 10 ** -max(shown_digits, decimals)
        tol = max(tol, abs(value) * 1e-13)  # float noise of the server's own arithmetic
        obs = Obs(value, tol, full, source)
        if group is not None:
            self.groups[(indicator, group, int(year))].append(obs)
        else:
            self.values[Cell(indicator, area, int(year))].append(obs)
        self.sources[source.split(" ")[0]] += 1

    def best(self, cell: Cell) -> Obs | None:
        found = self.values.get(cell)
        return min(found, key=lambda o: o.tol) if found else None


def as_list(value) -> list:
    """A plotly data array: a JSON list, or plotly's typed-array encoding {"dtype", "bdata"[, "shape"]}."""
    if isinstance(value, dict) and "bdata" in value and "dtype" in value:
        import base64

        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"])).ravel().tolist()
    return value if isinstance(value, list) else []


def walk_floats(node, visit):
    if isinstance(node, dict):
        if "bdata" in node and "dtype" in node:
            for x in as_list(node):
                if isinstance(x, float):
                    visit(x)
            return
        for k, v in node.items():
            if k != "template":  # plotly styling template: colour stops, no data
                walk_floats(v, visit)
    elif isinstance(node, list):
        for item in node:
            walk_floats(item, visit)
    elif isinstance(node, float):
        visit(node)


class Adversary:
    """Targets the neighbourhood of withheld cells: parent, siblings, grandparent level, city."""

    def __init__(self, url: str, truth: Truth, threads: int = 4):
        self.client = DashClient(url)
        self.truth = truth
        self.pub = Published(truth)
        self.threads = threads
        self.timings: list[tuple[str, int, float]] = []
        secret_raw = {round(s.truth, 12) for s in truth.secrets.values() if s.kind == "share" and _distinctive(s.truth)}
        public_raw = {round(float(v), 12) for c, (v, *_rest) in truth.cell.items() if c not in truth.withheld_cells and v == v}
        self.distinctive = secret_raw - public_raw

    def _parallel(self, fn, jobs):
        jobs = list(dict.fromkeys(jobs))
        start = time.monotonic()
        with ThreadPoolExecutor(self.threads) as pool:
            list(pool.map(lambda j: fn(*j), jobs))
        self.timings.append((getattr(fn, "__name__", "?"), len(jobs), round(time.monotonic() - start, 1)))

    def _scan(self, where: str, response) -> None:
        def visit(x):
            if round(x, 12) in self.distinctive:
                self.pub.direct.append(f"{where}: withheld raw value {x!r}")
        walk_floats(response, visit)

    # /zeitreihen: chosen areas + parent + city lines, all years
    def trends(self, indicator: str, level: str, areas: tuple[str, ...]) -> None:
        r = self.client.call("trends-graph.figure", {"trends-indicator.value": indicator, "trends-level.value": level,
                                                     "trends-areas.value": list(areas), "trends-ref.value": ["ref"]},
                             {"qm-lang.data": "de"})
        self._scan(f"/zeitreihen {indicator} {areas}", r)
        fig = (r.get("trends-graph") or {}).get("figure") or {}
        for trace in fig.get("data", []):
            line = (trace.get("meta") or {}).get("line_id")
            if not line:
                continue
            for x, y in zip(as_list(trace.get("x")), as_list(trace.get("y"))):
                if isinstance(x, (int, float)) and isinstance(y, (int, float)):
                    self.pub.add(indicator, line, int(x), y, f"zeitreihen-figure {indicator} {line}")

    # /vergleich: bars of the chosen areas, "zusammen" and the city for one indicator and year
    def compare(self, areas: tuple[str, ...], year: int, indicator: str, download: bool = False) -> None:
        r = self.client.call("compare-table.children", {"compare-areas.value": list(areas), "compare-year.value": year,
                                                        "compare-chart-indicator.value": indicator}, {"qm-lang.data": "de"})
        self._scan(f"/vergleich {areas} {year} {indicator}", r)
        chosen = (r.get("compare-areas") or {}).get("value") or list(areas)
        year = (r.get("compare-year") or {}).get("value") or year
        fig = (r.get("compare-chart") or {}).get("figure") or {}
        names = {}
        for a in chosen:
            names.setdefault(self.truth.name_of.get(a), []).append(a)
        city = self.truth.name_of.get(CITY)
        for trace in fig.get("data", []):
            ys, xs = as_list(trace.get("y")), as_list(trace.get("x"))
            if trace.get("type") != "bar" or not ys:
                continue
            for label, y in zip(xs, ys):
                if not isinstance(y, (int, float)) or not isinstance(label, str):
                    continue
                if label == "zusammen":
                    self.pub.add(indicator, "", year, y, f"vergleich-chart zusammen {chosen}", group=frozenset(chosen))
                elif label == city:
                    self.pub.add(indicator, CITY, year, y, "vergleich-chart city")
                elif len(names.get(label, [])) == 1:  # bars are labelled with the area's name
                    self.pub.add(indicator, names[label][0], year, y, f"vergleich-chart {names[label][0]}")
        if download:
            d = self.client.call("compare-download.data", {"compare-download-button.n_clicks": 1},
                                 {"compare-areas.value": list(areas), "compare-year.value": year, "qm-lang.data": "de"})
            rows = download_rows((d.get("compare-download") or {}).get("data") or {})
            if rows:
                header = rows[0]
                for row in rows[1:]:
                    ind = row[1]
                    for col, text in zip(header[4:], row[4:]):
                        # value columns only: "<name> (<id>)", "zusammen", the city; not the flags ("…: Schätzung"),
                        # class labels, Stichtag or source
                        if ": " in col or col in ("Stichtag", "Quelle"):
                            continue
                        parsed = german_number(text)
                        if not parsed:
                            continue
                        m = re.search(r"\(([^()]+)\)$", col)
                        if col == "zusammen":
                            self.pub.add(ind, "", year, parsed[0], "vergleich-csv zusammen", parsed[1], group=frozenset(chosen))
                        elif m and m.group(1) in self.truth.level_of:
                            self.pub.add(ind, m.group(1), year, parsed[0], "vergleich-csv", parsed[1])
                        else:
                            self.pub.add(ind, CITY, year, parsed[0], "vergleich-csv city", parsed[1])

    # /faerbung: the map's colouring as the browser fetches it (dashboard/colouring.py); {} for a 404
    def colouring(self, indicator: str, year: int, level: str) -> dict:
        from urllib.error import HTTPError
        from urllib.parse import quote

        if not hasattr(self, "_release"):
            with urllib.request.urlopen(self.client.url + "/healthz", timeout=30) as r:
                self._release = json.load(r)["release"]
        url = f"{self.client.url}/faerbung/v1/{self._release}/de/{quote(level, safe='')}/{quote(indicator, safe='')}/{int(year)}"
        self.client.requests["faerbung"] += 1
        try:
            with urllib.request.urlopen(url, timeout=120) as r:
                return json.load(r)
        except HTTPError as error:
            if error.code != 404:
                raise
            return {}

    # / (map): colouring hideout and table rows for one indicator/year/level; optionally the CSV download
    def map(self, indicator: str, year: int, level: str, download: bool = False) -> None:
        inputs = {"map-indicator.value": indicator, "map-year.value": year, "map-level.value": level}
        r = self.colouring(indicator, year, level)
        self._scan(f"/ colouring {indicator} {year} {level}", r)
        hideout = r.get("hideout") or {}
        key = str(hideout.get("key", ""))
        if key == f"{indicator}|{year}|{level}":
            for area, v in (hideout.get("values") or {}).items():
                self.pub.add(indicator, area, year, v, f"map-hideout {indicator}")
        t = self.client.call("map-table.rowData", {**inputs, "map-focus.data": None}, {"qm-lang.data": "de"})
        self._scan(f"/ table {indicator} {year} {level}", t)
        for row in (t.get("map-table") or {}).get("rowData") or []:
            if isinstance(row, dict) and isinstance(row.get("value"), (int, float)):
                self.pub.add(indicator, row.get("area_id"), year, row["value"], f"map-table {indicator}")
        if download:
            d = self.client.call("map-table-download.data", {"map-table-csv.n_clicks": 1, "map-table-xlsx.n_clicks": None},
                                 {**inputs, "map-focus.data": None, "qm-lang.data": "de"})
            data = (d.get("map-table-download") or {}).get("data") or {}
            match = re.match(r"^(.+)-([a-z_]+)-(\d{4})\.csv$", str(data.get("filename", "")))
            if match and match[1] == indicator and int(match[3]) == year:
                for row in download_rows(data):  # area id; name; parent; value; …
                    if len(row) >= 4 and row[0] in self.truth.level_of:
                        parsed = german_number(row[3])
                        if parsed:
                            self.pub.add(indicator, row[0], year, parsed[0], f"map-csv {indicator}", parsed[1])

    # /gebiet/<id>: the page (every number in it scanned) and its CSV download (area, parent, city values)
    def profile(self, area: str, year: int) -> None:
        r = self.client.call("qm-page.children", {"qm-url.pathname": f"/gebiet/{area}", "qm-url.search": f"?jahr={year}"},
                             {"qm-lang.data": "de"})
        self._scan(f"/gebiet/{area}?jahr={year}", r)
        d = self.client.call("profile-download.data", {"profile-csv.n_clicks": 1, "profile-xlsx.n_clicks": None},
                             {"profile-state.data": {"area": area, "jahr": year, "gruppe": "dimension"}, "qm-lang.data": "de"})
        rows = download_rows((d.get("profile-download") or {}).get("data") or {})
        if not rows:
            return
        header = rows[0]
        col = {name: i for i, name in enumerate(header)}
        parent = self.truth.parent.get(area)
        for row in rows[1:]:
            if len(row) != len(header):
                continue
            ind = row[col["Kennzahl-ID"]]
            stichtag = re.search(r"(\d{4})\s*$", row[col["Stichtag"]])
            y = int(stichtag.group(1)) if stichtag else year
            for name, target in (("Wert", area), ("Wert übergeordnetes Gebiet", parent), ("Wert Gesamtstadt", CITY)):
                parsed = german_number(row[col[name]]) if name in col else None
                if parsed and target:
                    self.pub.add(ind, target, y, parsed[0], f"profil-csv {area}", parsed[1])

    # /daten/werte.csv: the open-data download, every value the public server publishes (dashboard/opendata.py)
    def open_data(self) -> int:
        """Reads the whole public value table (area_id, indicator_id, year, value with its shown decimals);
        returns the number of rows read."""
        with urllib.request.urlopen(self.client.url + "/daten/werte.csv", timeout=300) as r:
            text = r.read().decode("utf-8")
        self.client.requests["daten-csv"] += 1
        rows = 0
        for row in csv.DictReader(text.splitlines()):
            rows += 1
            value = row["value"]
            if not value:
                continue
            x = float(value)
            if round(x, 12) in self.distinctive:
                self.pub.direct.append(f"/daten/werte.csv: withheld raw value {x!r} ({row['area_id']} {row['indicator_id']})")
            digits = len(value.split(".")[1]) if "." in value else 0
            self.pub.add(row["indicator_id"], row["area_id"], int(row["year"]), x, f"daten-csv {row['indicator_id']}", digits)
        return rows

    # -- targeted collection -----------------------------------------------------------------------
    def collect(self, years: set[int], compare_groups: int, profiles: int, named: list[Cell]) -> dict:
        """Requests the neighbourhoods of the secrets of the given years (and of the named cells).
        Returns how many requests of each kind were asked (for the coverage check)."""
        t = self.truth
        targets = [s for s in t.secrets.values() if s.cell.year in years or s.cell in named]
        pop = t.dataset.population_indicator
        # /zeitreihen (all years in one response, a dashed line for the parent of each chosen area): the
        # children of the parent - and of the grandparent where the parent is withheld too - for the secret's
        # indicator and the counts behind it, packed five areas to a request
        wanted: dict[tuple[str, str], set[str]] = defaultdict(set)
        map_jobs = set()
        # other years: the full series (all years in one /zeitreihen response) of every sibling, and the
        # parent's line, for the count indicators behind each secret (EW etc.) - the rest split in year t by
        # a sibling published in t' - and for a named cell's own indicator
        for s in targets:
            c, parent = s.cell, t.parent.get(s.cell.area)
            if not parent:
                continue
            level = t.level_of[c.area]
            series = {v for (sh, _r), v in t.count_of.items() if sh == c.indicator}
            if t.indicators[c.indicator].kind == "count" or c in named:
                series.add(c.indicator)
            for ind in series:
                if not t.indicators[ind].levels or level in t.indicators[ind].levels:
                    wanted[(ind, level)] |= set(t.children[parent])
        withheld_children = Counter((c.indicator, c.year, t.parent.get(c.area)) for c in t.withheld_cells)
        for s in targets:
            c = s.cell
            parents = self.family_parents(c.area)
            if len(parents) == 2 and Cell(c.indicator, parents[0], c.year) not in t.withheld_cells:
                parents = parents[:1]
            indicators = {c.indicator} | {v for (sh, _r), v in t.count_of.items() if sh == c.indicator}
            for node in parents:
                kids = t.children[node]
                level = t.level_of[kids[0]]
                for ind in indicators:
                    if t.indicators[ind].levels and level not in t.indicators[ind].levels:
                        continue
                    # full-precision lines where parent minus siblings isolates one withheld child (where two
                    # or more are withheld the map's values serve the LP); counts: the map table has them all
                    isolable = withheld_children[(c.indicator, c.year, t.parent.get(c.area))] == 1 or c in named
                    if t.indicators[ind].kind != "count" and isolable:
                        wanted[(ind, level)] |= set(kids)
                    # the map (colouring and table, every area of the level) of the same indicator and year
                    map_jobs.add((ind, c.year, level, False))
                    map_jobs.add((ind, c.year, t.level_of[node], False))
        trend_jobs = [(ind, level, tuple(areas[i:i + 5])) for (ind, level), found in sorted(wanted.items())
                      for areas in [sorted(found)] for i in range(0, len(areas), 5)]
        self._parallel(self.trends, trend_jobs)
        # for the named cells the map of the indicator and of its counts with the CSV download
        for cell in named:
            level = t.level_of[cell.area]
            for ind in {cell.indicator, pop} | {v for (sh, _r), v in t.count_of.items() if sh == cell.indicator}:
                map_jobs.discard((ind, cell.year, level, False))
                map_jobs.add((ind, cell.year, level, True))
        map_jobs = {j for j in map_jobs if j[2] in t.dataset.level_ids}
        self._parallel(lambda i, y, lv, dl: self.map(i, y, lv, download=dl), sorted(map_jobs))
        latest = max(years)
        # profiles (page and CSV) of the named areas, then of other areas with a secret, and their parents
        areas = list(dict.fromkeys([c.area for c in named]
                                   + sorted(s.cell.area for s in targets if s.cell.year == latest and s.kind == "share")))
        profile_jobs = [(a, latest) for a in areas[:profiles]]
        profile_jobs += [(t.parent[a], y) for a, y in profile_jobs if t.parent.get(a)]
        self._parallel(self.profile, profile_jobs)
        compare_jobs = self.compare_jobs(latest, compare_groups, named)
        self._parallel(lambda areas, y, i, dl: self.compare(areas, y, i, dl), compare_jobs)
        open_data_rows = self.open_data()  # the whole download: every area, indicator and year at once
        self.years = set(years)  # the named cells are attacked in any year (see `named`)
        self.named = list(named)
        return {"trends": len(trend_jobs), "map": len(map_jobs), "profiles": len(dict.fromkeys(profile_jobs)),
                "compare": len(compare_jobs), "open data rows": open_data_rows}

    def family_parents(self, area: str) -> list[str]:
        """The parent and grandparent of an area (whose children the LP sums)."""
        out, node = [], self.truth.parent.get(area)
        while node and len(out) < 2:
            out.append(node)
            node = self.truth.parent.get(node)
        return out

    def reference(self, indicator: str, year: int, avoid: str) -> str | None:
        """A public area of the same level outside the withheld area's top-level district: the fixed
        reference R of the "zusammen" attack (R + X for every sibling X and for the parent)."""
        t = self.truth
        level = t.level_of[avoid]
        top = self._top(avoid)
        for a in sorted(t.areas.loc[t.areas["level"] == level, "area_id"]):
            if self._top(a) != top and Cell(indicator, a, year) not in t.withheld_cells and Cell(indicator, a, year) in t.cell:
                return a
        return None

    def _top(self, area: str) -> str:
        node = area
        while self.truth.parent.get(node) not in (None, CITY):
            node = self.truth.parent[node]
        return node

    def compare_jobs(self, year: int | None, groups: int, named: list[Cell]) -> list:
        """zusammen(R, X) for every public sibling X of a withheld area and for its parent, in groups with
        exactly one withheld child (parent minus siblings isolates it): the named cells first."""
        t = self.truth
        if year is None:
            return []
        by_group = defaultdict(list)
        for c in t.withheld_cells:
            if t.is_ratio(c.indicator) and c.area in t.parent:
                by_group[(c.indicator, c.year, t.parent[c.area])].append(c)
        single = [cells[0] for key, cells in by_group.items() if len(cells) == 1]
        chosen = [c for c in named if t.is_ratio(c.indicator)]
        chosen += sorted((c for c in single if c.year == year and c not in chosen), key=str)
        jobs = []
        for c in chosen[:groups + len(named)]:
            ref = self.reference(c.indicator, c.year, c.area)
            if ref is None:
                continue
            parent = t.parent[c.area]
            for x in [*(k for k in t.children[parent] if k != c.area), parent]:
                jobs.append(((ref, x), c.year, c.indicator, c in named))
        return jobs


def _distinctive(x: float) -> bool:
    return math.isfinite(x) and x != round(x, 2)


# ---------------------------------------------------------------------------------------------------
# 3. attacks
@dataclass
class Exposure:
    attack: str
    secret: Secret
    interval: tuple[float, float]  # in the unit named by `unit`
    unit: str
    width_numerator_units: float
    detail: str = ""  # other years: how the estimate was made; width_numerator_units is then 2 * |estimate - truth|

    def __str__(self):
        s = self.secret
        lo, hi = self.interval
        truth = (f"{s.numerator:g}/{s.denominator:g} = {s.truth:.4f}" if s.kind == "share" and s.numerator is not None
                 and s.denominator is not None else f"{s.truth:g}")
        head = f"[{self.attack}] {s.cell} ({s.kind}{', ' + s.role if s.role else ''}; {s.reason}): "
        if self.detail:
            return (f"{head}{self.unit} ~ {(lo + hi) / 2:.6g} +- {(hi - lo) / 2:.3g} = {self.detail} "
                    f"(2 * error {self.width_numerator_units:.3g} < {s.threshold:g}), truth {truth}")
        return (f"{head}{self.unit} in [{lo:.6g}, {hi:.6g}] (width {self.width_numerator_units:.3g} < {s.threshold:g}), "
                f"truth {truth}")


def attack_full_precision(pub: Published) -> list[str]:
    """(a) every published share/rate/mean value with more decimals than the registry's `decimals`: a
    float at full precision is an exact fraction n/d."""
    out = []
    for cell, observations in pub.values.items():
        if pub.truth.indicators[cell.indicator].kind == "count":
            continue
        for o in observations:
            if o.full_precision:
                out.append(f"{cell}: {o.value!r} ({o.source})")
                break
    for (ind, group, year), observations in pub.groups.items():
        for o in observations:
            if o.full_precision:
                out.append(f"zusammen{sorted(group)}/{ind}/{year}: {o.value!r} ({o.source})")
                break
    return out


def attack_direct(pub: Published, years: set[int], named: list[Cell]) -> list[Exposure]:
    """(c) the withheld cell itself is published: a count behind a withheld share (numerator or
    denominator), a count of a small area, or the withheld value."""
    out = []
    for cell, secret in pub.truth.secrets.items():
        if cell.year not in years and cell not in named:
            continue
        o = pub.best(cell)
        if o is None:
            continue
        width = 2 * o.tol
        if secret.kind == "share":
            den = secret.denominator or 0
            scale = pub.truth.indicators[cell.indicator].scale or 1
            width = 2 * o.tol * den / scale if pub.truth.is_ratio(cell.indicator) else 0.0
        if width < secret.threshold:
            out.append(Exposure("direct", secret, (o.value - o.tol, o.value + o.tol), "published value", width))
    return out


class FamilyLP:
    """Variables n_a, d_a for every area of the family (parent's and grandparent's children, the
    parents, any area that appears in a used "zusammen"), constraints from what was published."""

    def __init__(self, pub: Published, indicator: str, year: int, area: str, use_groups: bool):
        t = pub.truth
        self.t, self.pub, self.indicator, self.year = t, pub, indicator, year
        ind = t.indicators[indicator]
        self.scale = ind.scale or 1.0
        parents, node = [], t.parent.get(area)
        while node and len(parents) < 2:
            parents.append(node)
            node = t.parent.get(node)
        nodes = []
        for p in parents:
            nodes += [p, *t.children[p]]
        self.groups = []
        if use_groups:
            family = set(nodes)
            for (gi, members, gy), observations in pub.groups.items():
                if gi == indicator and gy == year and members & family:
                    self.groups.append((members, min(observations, key=lambda o: o.tol)))
                    nodes += sorted(members)
        self.nodes = list(dict.fromkeys(nodes))
        self.index = {a: i for i, a in enumerate(self.nodes)}
        k = len(self.nodes)
        self.nvar = 2 * k  # n_0..n_k-1, d_0..d_k-1
        A, b, Aeq, beq = [], [], [], []

        def n(a):
            return self.index[a]

        def d(a):
            return k + self.index[a]

        # parent = sum of children, for numerators and denominators (only where the data are additive)
        for p in parents:
            kids = t.children[p]
            if not self._additive(p, kids):
                continue
            for var in (n, d):
                row = np.zeros(self.nvar)
                row[var(p)] = 1
                for c in kids:
                    row[var(c)] -= 1
                Aeq.append(row)
                beq.append(0.0)
        # published shares: (v - tol)/scale * d <= n <= (v + tol)/scale * d
        for a in self.nodes:
            o = pub.best(Cell(indicator, a, year))
            if o is not None:
                lo, hi = (o.value - o.tol) / self.scale, (o.value + o.tol) / self.scale
                row = np.zeros(self.nvar); row[n(a)] = 1; row[d(a)] = -hi; A.append(row); b.append(0.0)
                row = np.zeros(self.nvar); row[n(a)] = -1; row[d(a)] = lo; A.append(row); b.append(0.0)
            for role, var in (("numerator", n), ("denominator", d)):
                count = t.count_for(indicator, role, a, year)
                co = pub.best(Cell(count, a, year)) if count else None
                if co is not None:
                    row = np.zeros(self.nvar); row[var(a)] = 1; A.append(row); b.append(co.value + co.tol)
                    row = np.zeros(self.nvar); row[var(a)] = -1; A.append(row); b.append(-(co.value - co.tol))
        for members, o in self.groups:
            lo, hi = (o.value - o.tol) / self.scale, (o.value + o.tol) / self.scale
            row = np.zeros(self.nvar)
            for m in members:
                row[n(m)] += 1; row[d(m)] -= hi
            A.append(row); b.append(0.0)
            row = np.zeros(self.nvar)
            for m in members:
                row[n(m)] -= 1; row[d(m)] += lo
            A.append(row); b.append(0.0)
        if t.at_most_one.get(indicator) and self.scale:
            for a in self.nodes:  # a share: numerator <= denominator
                row = np.zeros(self.nvar); row[n(a)] = 1; row[d(a)] = -1; A.append(row); b.append(0.0)
        self.A = np.array(A) if A else np.zeros((0, self.nvar))
        self.b = np.array(b)
        self.Aeq = np.array(Aeq) if Aeq else np.zeros((0, self.nvar))
        self.beq = np.array(beq)
        self.lower = [0.0 if t.nonneg.get(indicator) else None] * k + [0.0] * k
        self.n, self.d = n, d

    def _additive(self, parent: str, kids: list[str]) -> bool:
        cells = [self.t.cell.get(Cell(self.indicator, a, self.year)) for a in [parent, *kids]]
        if any(c is None or c[1] != c[1] or c[2] != c[2] for c in cells):
            return False
        (_, pn, pd_, _), rest = cells[0], cells[1:]
        return (abs(pn - sum(c[1] for c in rest)) <= 1e-6 * max(1, abs(pn))
                and abs(pd_ - sum(c[2] for c in rest)) <= 1e-6 * max(1, abs(pd_)))

    def _solve(self, c, A, b, Aeq, beq, bounds) -> float | None:
        res = linprog(c, A_ub=A if len(A) else None, b_ub=b if len(A) else None, A_eq=Aeq if len(Aeq) else None,
                      b_eq=beq if len(Aeq) else None, bounds=bounds, method="highs")
        if res.status == 0:
            return float(res.fun)
        if res.status == 3:  # unbounded
            return -math.inf
        return None  # infeasible or failed: the observations contradict the model (not an exposure)

    def bounds_of(self, var: int) -> tuple[float, float] | None:
        bounds = [(lo, None) for lo in self.lower]
        c = np.zeros(self.nvar); c[var] = 1
        lo = self._solve(c, self.A, self.b, self.Aeq, self.beq, bounds)
        hi = self._solve(-c, self.A, self.b, self.Aeq, self.beq, bounds)
        if lo is None or hi is None:
            return None
        return lo, -hi

    def share_bounds(self, area: str) -> tuple[float, float] | None:
        """min/max of scale * n_a / d_a (Charnes-Cooper: y = x / d_a, s = 1 / d_a)."""
        nv = self.nvar + 1  # y..., s
        A = np.hstack([self.A, -self.b.reshape(-1, 1)]) if len(self.A) else np.zeros((0, nv))
        Aeq = np.hstack([self.Aeq, -self.beq.reshape(-1, 1)]) if len(self.Aeq) else np.zeros((0, nv))
        norm = np.zeros(nv); norm[self.d(area)] = 1
        Aeq = np.vstack([Aeq, norm]); beq = np.zeros(len(Aeq)); beq[-1] = 1
        bounds = [(0.0 if lo == 0.0 else None, None) for lo in self.lower] + [(0.0, None)]
        c = np.zeros(nv); c[self.n(area)] = self.scale
        lo = self._solve(c, A, np.zeros(len(A)), Aeq, beq, bounds)
        hi = self._solve(-c, A, np.zeros(len(A)), Aeq, beq, bounds)
        if lo is None or hi is None:
            return None
        return lo, -hi


def _width(bounds):
    return bounds[1] - bounds[0] if bounds and math.isfinite(bounds[0]) and math.isfinite(bounds[1]) else math.inf


def attack_differencing(pub: Published, use_groups: bool, years: set[int], named: list[Cell]) -> list[Exposure]:
    """(b) parent minus siblings (use_groups=False) and (d) the same with every published "zusammen"
    of the family added (use_groups=True; only cells whose family has one). LP per withheld cell:
    min and max of its numerator, of its denominator and of its share, subject to parent = sum of
    children, published shares +- rounding, published counts +- rounding, non-negativity."""
    t = pub.truth
    name = "zusammen" if use_groups else "differencing"
    out = []
    cache: dict[tuple, FamilyLP] = {}

    def lp(indicator, year, area):
        key = (indicator, year, t.parent.get(area))
        if key not in cache:
            cache[key] = FamilyLP(pub, indicator, year, area, use_groups)
        return cache[key]

    for cell, secret in sorted(t.secrets.items(), key=lambda kv: str(kv[0])):
        if cell.year not in years and cell not in named:
            continue
        if cell.area not in t.parent:
            continue
        if secret.kind == "share":
            if not t.is_ratio(cell.indicator):
                continue
            model = lp(cell.indicator, cell.year, cell.area)
            if use_groups and not model.groups:
                continue
            if secret.truth != secret.truth:  # no value (denominator 0): nothing to disclose but counts
                continue
            b = model.bounds_of(model.n(cell.area))
            w = _width(b)
            den = secret.denominator or 0
            trivial = b is not None and b[0] <= 1e-9 and b[1] >= den - 1e-9  # "between 0 and all of them"
            if w < secret.threshold and not trivial:
                out.append(Exposure(name, secret, b, "numerator", w))
                continue
            if math.isfinite(w):  # the counts are pinned: the share is no narrower than the numerator
                continue
            v = model.share_bounds(cell.area)
            wv = _width(v) * den / model.scale
            trivial = v is not None and v[0] <= 1e-9 and v[1] >= model.scale * (1 - 1e-9)  # anything from 0 to 100 %
            if wv < secret.threshold and not trivial:
                out.append(Exposure(name, secret, v, "share", wv))
        else:
            # a count: through every share whose numerator/denominator it is, and as a plain sum
            roles = [(sh, role) for (sh, role), c in t.count_of.items() if c == cell.indicator]
            best = None
            for sh, role in roles:
                if t.count_for(sh, role, cell.area, cell.year) != cell.indicator:
                    continue
                model = lp(sh, cell.year, cell.area)
                if use_groups and not model.groups:
                    continue
                var = model.n(cell.area) if role == "numerator" else model.d(cell.area)
                b = model.bounds_of(var)
                if b is not None and (best is None or _width(b) < _width(best)):
                    best = b
                if _width(best) < secret.threshold:
                    break
            if not use_groups and _width(best) >= secret.threshold:
                b = count_bounds(pub, cell)
                if b is not None and (best is None or _width(b) < _width(best)):
                    best = b
            if best is not None and _width(best) < secret.threshold:
                out.append(Exposure(name, secret, best, "count", _width(best)))
    return out


def count_bounds(pub: Published, cell: Cell) -> tuple[float, float] | None:
    """A count as parent minus siblings: x_parent = sum x_children, published counts +- rounding, x >= 0."""
    t = pub.truth
    parent = t.parent[cell.area]
    nodes = [parent, *t.children[parent]]
    index = {a: i for i, a in enumerate(nodes)}
    A, b = [], []
    for a in nodes:
        o = pub.best(Cell(cell.indicator, a, cell.year))
        if o is not None:
            row = np.zeros(len(nodes)); row[index[a]] = 1; A.append(row); b.append(o.value + o.tol)
            row = np.zeros(len(nodes)); row[index[a]] = -1; A.append(row); b.append(-(o.value - o.tol))
    if not A:
        return None
    Aeq = np.zeros((1, len(nodes))); Aeq[0, 0] = 1; Aeq[0, 1:] = -1
    truths = [t.cell.get(Cell(cell.indicator, a, cell.year)) for a in nodes]
    if any(x is None for x in truths) or abs(truths[0][0] - sum(x[0] for x in truths[1:])) > 1e-6 * max(1, abs(truths[0][0])):
        Aeq = None
    c = np.zeros(len(nodes)); c[index[cell.area]] = 1
    res = [linprog(s * c, A_ub=np.array(A), b_ub=np.array(b), A_eq=Aeq, b_eq=[0.0] if Aeq is not None else None,
                   bounds=[(0, None)] * len(nodes), method="highs") for s in (1, -1)]
    if any(r.status == 2 for r in res):
        return None
    lo = res[0].fun if res[0].status == 0 else -math.inf
    hi = -res[1].fun if res[1].status == 0 else math.inf
    return lo, hi


def attack_other_years(pub: Published, years: set[int], named: list[Cell]) -> list[Exposure]:
    """(e) other years: counts change little from year to year. For a withheld cell x (indicator, year t)
    with parent p: every year t' != t in which x is published gives x(t) ~ x(t'); every year t' in which
    the rest of year t (p minus the siblings published in t, = x + the other unknown siblings) can be split
    gives x(t) ~ rest(t) - sum of the unknown siblings' values in t' (a sibling not published in t' is
    taken from its nearest published year). Counts are used as they are, shares by their numerators
    (share * published denominator count / scale, or the published numerator count); the rest needs
    additive data (parent = sum of children in year t, white box). Exposed when the best estimate lies
    within T/2 of the truth (numerator units), i.e. an interval of width < T around it holds the truth."""
    t = pub.truth
    out = []
    published_years: dict[tuple[str, str], set[int]] = defaultdict(set)
    for c in pub.values:
        published_years[(c.indicator, c.area)].add(c.year)
    for cell, secret in sorted(t.secrets.items(), key=lambda kv: str(kv[0])):
        if cell.year not in years and cell not in named:
            continue
        ind = cell.indicator
        related = [ind, *(v for (sh, _r), v in t.count_of.items() if sh == ind)]

        def other_years(area):
            return sorted(set().union(*(published_years.get((i, area), set()) for i in related)) - {cell.year})

        if secret.kind == "share":
            if not t.is_ratio(ind) or secret.truth != secret.truth or secret.numerator is None or not secret.denominator:
                continue
            truth, unit = secret.numerator, "numerator"
        else:
            truth, unit = secret.truth, "count"
        def num(area, year):
            return _numerator(pub, ind, area, year)

        estimates = []  # (estimate, tolerance, how)
        for y in other_years(cell.area):  # x itself published in another year
            o = num(cell.area, y)
            if o is not None:
                estimates.append((o[0], o[1], f"{cell.area} in {y}"))
            if secret.kind == "share":
                v = pub.best(Cell(ind, cell.area, y))
                if v is not None:
                    f = secret.denominator / (t.indicators[ind].scale or 1)
                    estimates.append((v.value * f, v.tol * f, f"{cell.area}'s share in {y} * its true denominator"))
        parent = t.parent.get(cell.area)
        if parent and _additive_in(t, ind, parent, cell.year):
            p = num(parent, cell.year)
            unknown, rest, tol = [], None, 0.0
            if p is not None:
                rest, tol = p
                for sib in t.children[parent]:
                    if sib == cell.area:
                        continue
                    o = num(sib, cell.year)
                    if o is None:
                        unknown.append(sib)
                    else:
                        rest, tol = rest - o[0], tol + o[1]
            if rest is not None and unknown:
                other = {u: {y: o for y in other_years(u) for o in [num(u, y)] if o is not None} for u in unknown}
                if all(other.values()):
                    for y in sorted(set().union(*other.values())):
                        est, etol, how = rest, tol, [f"{parent} minus published siblings in {cell.year} ({rest:g})"]
                        for u in unknown:
                            yu = y if y in other[u] else min(other[u], key=lambda z: (abs(z - y), z))
                            est, etol = est - other[u][yu][0], etol + other[u][yu][1]
                            how.append(f"{u} in {yu} ({other[u][yu][0]:g})")
                        estimates.append((est, etol, " - ".join(how)))
        if estimates:
            est, etol, how = min(estimates, key=lambda e: abs(e[0] - truth))
            err = abs(est - truth)
            if 2 * err < secret.threshold:  # truth - T/2 < estimate < truth + T/2: as good as an interval narrower than T
                out.append(Exposure("other years", secret, (est - etol, est + etol), unit, 2 * err, how))
    return out


def _numerator(pub: Published, indicator: str, area: str, year: int) -> tuple[float, float] | None:
    """A published count (value, tolerance), or a share's numerator from the published share and its
    published denominator count (or the published numerator count)."""
    t = pub.truth
    if t.indicators[indicator].kind == "count":
        o = pub.best(Cell(indicator, area, year))
        return None if o is None else (o.value, o.tol)
    count = t.count_for(indicator, "numerator", area, year)
    o = pub.best(Cell(count, area, year)) if count else None
    if o is not None:
        return o.value, o.tol
    count = t.count_for(indicator, "denominator", area, year)
    d = pub.best(Cell(count, area, year)) if count else None
    v = pub.best(Cell(indicator, area, year))
    if d is None or v is None:
        return None
    scale = t.indicators[indicator].scale or 1
    return v.value * d.value / scale, (v.tol * d.value + abs(v.value) * d.tol + v.tol * d.tol) / scale


def _additive_in(t: Truth, indicator: str, parent: str, year: int) -> bool:
    """Parent = sum of children in this year (counts: the values, shares: numerators and denominators)."""
    cells = [t.cell.get(Cell(indicator, a, year)) for a in [parent, *t.children[parent]]]
    if any(c is None for c in cells):
        return False
    columns = (0,) if t.indicators[indicator].kind == "count" else (1, 2)
    for k in columns:
        xs = [c[k] for c in cells]
        if any(x != x for x in xs) or abs(xs[0] - sum(xs[1:])) > 1e-6 * max(1.0, abs(xs[0])):
            return False
    return True


@dataclass
class Report:
    full_precision: list[str]
    exposures: list[Exposure]
    collected: dict
    requests: Counter
    observations: int
    wrong: list[Exposure] = field(default_factory=list)  # narrow intervals that miss the truth: not a disclosure

    def exposed_cells(self) -> dict[Cell, list[Exposure]]:
        out = defaultdict(list)
        for e in self.exposures:
            out[e.secret.cell].append(e)
        return out

    def summary(self) -> str:
        per_attack = Counter()
        for attack in ("direct", "differencing", "zusammen", "other years"):
            per_attack[attack] = len({e.secret.cell for e in self.exposures if e.attack == attack})
        cells = self.exposed_cells()
        kinds = Counter(next(iter(v)).secret.kind for v in cells.values())
        return (f"{len(cells)} withheld cells exposed ({kinds.get('share', 0)} shares, {kinds.get('count', 0)} counts); "
                f"by attack: direct read {per_attack['direct']}, parent minus siblings {per_attack['differencing']}, "
                f"zusammen differencing {per_attack['zusammen']}, other years {per_attack['other years']}; full-precision published values: {len(self.full_precision)}")


def run_attacks(adversary: Adversary) -> Report:
    pub = adversary.pub
    years, named = adversary.years, adversary.named
    found = (attack_direct(pub, years, named) + attack_differencing(pub, False, years, named)
             + attack_differencing(pub, True, years, named))
    exposures = [e for e in found if _contains_truth(e)]
    # other years: an estimate, not an interval; exposed by its distance to the truth (see EXPOSURE)
    start = time.monotonic()
    exposures += attack_other_years(pub, years, named)
    adversary.timings.append(("attack_other_years", 0, round(time.monotonic() - start, 1)))
    return Report(attack_full_precision(pub), exposures, {}, adversary.client.requests,
                  sum(len(v) for v in pub.values.values()) + sum(len(v) for v in pub.groups.values()),
                  [e for e in found if not _contains_truth(e)])


def _contains_truth(e: Exposure) -> bool:
    s = e.secret
    if e.unit == "numerator":
        truth = s.numerator
    elif e.unit == "share" and s.kind == "share":
        truth = s.truth
    else:  # a count, or a published value of the cell itself
        truth = s.truth
    if truth is None:
        return False
    lo, hi = e.interval
    slack = 1e-6 * max(1.0, abs(truth))
    return lo - slack <= truth <= hi + slack
