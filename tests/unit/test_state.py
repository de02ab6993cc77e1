"""Typed view state (dashboard/state) and the one URL builder (dashboard/urls.href)."""
from urllib.parse import parse_qs, urlsplit

import pytest

from dashboard.state import Reader
from dashboard.state.map import MapState
from dashboard.urls import area_href, href, known_params


def test_map_state_accepts_a_valid_url(demo_monitor):
    state = MapState.from_query(demo_monitor, {"indikator": "A3", "jahr": "2019", "ebene": "bezirksregion"})
    assert (state.indicator, state.year, state.level, state.notices) == ("A3", 2019, "bezirksregion", ())


@pytest.mark.parametrize("params", [
    {"indikator": "XX"}, {"jahr": "1800"}, {"ebene": "mond"}, {"gebiet": "nope"}, {"fokus": "nope"},
    {"indikator": "A1' OR 1=1 --", "jahr": "2024; DROP TABLE areas"}, {"indikator": ["A1"]}, {"jahr": "9" * 5000},
    {"_ungueltig": "1"},
])
def test_map_state_falls_back_with_a_notice(demo_monitor, params):
    state = MapState.from_query(demo_monitor, params)
    assert state.notices
    assert demo_monitor.indicator(state.indicator) is not None
    assert state.year in demo_monitor.years(state.indicator, state.level)


def test_map_state_is_frozen_and_round_trips_through_its_url(demo_monitor):
    state = MapState.from_query(demo_monitor, {"indikator": "A3", "jahr": "2019", "ebene": "planungsraum",
                                               "gebiet": "01010101", "fokus": "0101"})
    with pytest.raises(AttributeError):
        state.year = 2020  # type: ignore[misc]
    again = MapState.from_query(demo_monitor, state.to_query())
    assert again == state and again.notices == ()
    # the address a state writes is the one the router keeps (allow-list) and reads back
    query = {k: v[0] for k, v in parse_qs(urlsplit(state.href("en")).query).items()}
    assert query["sprache"] == "en" and MapState.from_query(demo_monitor, known_params(query)) == state


def test_callback_values_are_read_like_url_text(demo_monitor):
    """Controls send JSON numbers; the state reads them as the URL's text."""
    from_controls = MapState.from_query(demo_monitor, {"indikator": "A3", "jahr": 2019, "ebene": "bezirksregion"})
    assert from_controls.year == 2019 and not from_controls.notices


def test_reader_lists_keep_order_drop_unknown_and_note_it():
    reader = Reader({"gebiete": "b,a,,b,zz"})
    assert reader.id_list("gebiete", {"a", "b"}, notice="unbekannt") == ["b", "a"]
    assert reader.notices == ["unbekannt"]
    assert Reader({"gebiete": ["a"]}).id_list("gebiete", {"a"}, notice="x") == []


def test_reader_year_nearest_or_last():
    years = [2015, 2017, 2019]
    reader = Reader({"jahr": "2018"})
    assert reader.year("jahr", years, "n") == 2019 and reader.notices == ["n"]  # ties go to the later year
    assert Reader({}).year("jahr", years, "n", prefer=2016) == 2017
    assert Reader({"jahr": "x"}).year("jahr", years, "n", nearest=False) == 2019


def test_href_escapes_and_keeps_the_language():
    assert href("/vergleich", {"gebiete": "a,b", "jahr": 2020}, "en") == "/vergleich?gebiete=a,b&jahr=2020&sprache=en"
    assert href("/", {"x": "a&b=c d"}) == "/?x=a%26b%3Dc+d"
    assert href("/", {"sprache": "en", "leer": None}) == "/"  # the language comes from lang only; empty values drop
    assert area_href("12 3/x", "de", 2021) == "/gebiet/12%203/x?jahr=2021"
    assert area_href("0101", "en") == "/gebiet/0101?sprache=en"


def test_no_view_builds_urls_by_hand():
    """Every address goes through urls.href/area_href/area_path or a state's href: no f-string or concatenated
    view path or query anywhere in the app (the router, the views, the reports)."""
    import re

    from dashboard.settings import PROJECT_ROOT

    paths = r"/gebiet/|/vergleich|/zeitreihen|/veraenderung|/mehrfachbelastung|/sozialindex"
    by_hand = re.compile(rf'''f(["']).*?(?:{paths}|\?[a-z]+=)|(?:{paths})["']?\s*\+|\+\s*\(?\s*["']\?(?:sprache|jahr)=''')
    allowed = re.compile(r"encodeURIComponent|def |^\s*#|\"\"\"")  # the grid escapes each row's id in the browser
    files = [p for p in (PROJECT_ROOT / "dashboard").rglob("*.py") if "ingest" not in p.parts and p.name != "urls.py"]
    found = [f"{p.relative_to(PROJECT_ROOT)}:{n}" for p in files
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
             if by_hand.search(line) and not allowed.search(line)]
    assert not found, found


def test_views_never_import_each_other():
    """Shared pieces live in ui/components; a view importing another view is a hidden component library."""
    import ast

    from dashboard.settings import PROJECT_ROOT

    # ui/intervals.py and ui/borderline.py are words and marks shared by several views (issue 17), like components
    shared = {"components", "ids", "__init__", "intervals", "borderline"}
    views = {p.stem for p in (PROJECT_ROOT / "dashboard" / "ui").glob("*.py")} - shared
    offenders = []
    for path in (PROJECT_ROOT / "dashboard" / "ui").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = {node.module.rsplit(".", 1)[-1]} if node.module.startswith("dashboard.ui.") else set()
                if node.module == "dashboard.ui":
                    names = {a.name for a in node.names}
                offenders += [f"{path.stem} → {n}" for n in names & views if n != path.stem]
    # the table and the overlay control ("Weitere Ebenen") are parts of the map view (their one user), not views of
    # their own; ui/profile_<part>.py are sections of the profile (funding areas, facilities, measures: issue 15),
    # each used by the profile only; the group view /gruppen shows the profile's group tables with bars beside them
    # the class-change panel under the change map is a part of that view (it gets the view's control ids handed over)
    allowed = {"map → table", "map → overlays", "groups → profile_groups", "change → change_reasons"}
    assert sorted(o for o in set(offenders) - allowed if not o.startswith("profile → profile_")) == []


def test_only_the_monitor_reads_the_store():
    """Views, reports, state, the page cache and the router get data only through the Monitor (the audit and
    the command line build a Monitor too; the store's own package and ingest write/read data files)."""
    import re

    from dashboard.settings import PROJECT_ROOT

    exempt = {"monitor.py", "__main__.py", "__init__.py"}
    files = [p for p in (PROJECT_ROOT / "dashboard").rglob("*.py")
             if not {"store", "ingest"} & set(p.parts) and (p.name not in exempt or p.parent.name in ("ui", "reports", "state"))]
    found = [f"{p.relative_to(PROJECT_ROOT)}:{n}" for p in files
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
             if re.search(r"\.store\.(rows|frame)|import duckdb", line)]
    assert not found, found


def test_every_view_reads_its_url_through_a_typed_state():
    """No view, report or the Monitor parses URL state on its own (the seven resolve() functions are gone)."""
    import re

    from dashboard.settings import PROJECT_ROOT

    folders = [PROJECT_ROOT / "dashboard" / "ui", PROJECT_ROOT / "dashboard" / "reports"]
    files = [p for folder in folders for p in folder.glob("*.py")] + [PROJECT_ROOT / "dashboard" / "monitor.py"]
    found = [f"{p.name}:{n}" for p in files for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
             if re.match(r"\s*def (resolve\w*|_?parse_\w*state)\(", line)]
    assert not found, found
    states = {p.stem for p in (PROJECT_ROOT / "dashboard" / "state").glob("*.py")} - {"__init__"}
    assert states >= {"map", "burden", "index", "trends", "change", "compare", "profile"}
