"""The router's page cache: bounded, least recently used out, keyed by what changes a page."""
from __future__ import annotations

import threading

from dashboard.page_cache import PageCache, page_key


def test_renders_once_per_key_and_returns_the_same_page():
    cache, calls = PageCache(maxsize=4), []
    render = lambda: calls.append(1) or {"page": len(calls)}
    first = cache.get(("/", ()), render)
    assert cache.get(("/", ()), render) is first
    assert len(calls) == 1 and (cache.hits, cache.misses) == (1, 1)


def test_is_bounded_and_drops_the_least_recently_used_page():
    cache = PageCache(maxsize=3)
    for n in range(3):
        cache.get(n, lambda n=n: f"page {n}")
    cache.get(0, lambda: "rendered again")  # 0 is now the most recently used
    cache.get(3, lambda: "page 3")  # pushes out 1, the least recently used
    assert len(cache) == 3
    assert cache.get(0, lambda: "rendered again") == "page 0"
    assert cache.get(1, lambda: "rendered again") == "rendered again"


def test_a_thousand_hostile_addresses_keep_it_bounded():
    cache = PageCache(maxsize=64)
    for n in range(1000):
        cache.get(page_key("/", {"indikator": f"x{n}' OR 1=1"}), lambda: "default view")
    assert len(cache) == 64


def test_key_ignores_the_pinned_release_but_not_language_or_view_state():
    base = {"indikator": "A1", "jahr": "2024", "_sprache": "de"}
    assert page_key("/", base) == page_key("/", {**base, "stand": "abc123"})
    assert page_key("/", base) == page_key("/", dict(reversed(list(base.items()))))
    assert page_key("/", base) != page_key("/", {**base, "_sprache": "en"})
    assert page_key("/", base) != page_key("/", {**base, "jahr": "2023"})
    assert page_key("/", base) != page_key("/mehrfachbelastung", base)


def test_threads_share_one_cache():
    cache, errors = PageCache(maxsize=8), []

    def work(worker: int):
        try:
            for n in range(200):
                assert cache.get(n % 16, lambda n=n: f"page {n % 16}") == f"page {n % 16}"
        except AssertionError as error:  # pragma: no cover - reported below
            errors.append((worker, error))

    threads = [threading.Thread(target=work, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and len(cache) == 8


def test_unknown_parameters_and_page_flags_are_not_part_of_the_key():
    base = {"indikator": "A1", "jahr": "2024", "_sprache": "de"}
    noisy = {**base, "zz": "random-4711", "utm_source": "x", "praesentation": "1", "sprache": "de", "stand": "abc"}
    assert page_key("/", base) == page_key("/", noisy)
    # a hostile query is one key, whatever value the flag was given
    assert page_key("/", {"_ungueltig": "1"}) == page_key("/", {"_ungueltig": "zz" * 50})


def test_router_keeps_only_known_parameters_in_canonical_order():
    from dashboard.urls import known_params
    assert list(known_params({"zz": "1", "jahr": "2024", "indikator": "A1", "stand": "s", "_pfad": "x"})) == \
        ["indikator", "jahr", "stand"]
    assert known_params({"_ungueltig": "boom"}) == {"_ungueltig": "1"}


def test_allow_list_names_every_parameter_a_view_reads():
    """Every parameter a view state reads (Reader calls in dashboard/state/) or writes (query_of in
    to_query) and every params.get("…") left in the views is in the allow-list: a view reading a
    parameter the router drops would silently lose its state."""
    import re

    from dashboard.settings import PROJECT_ROOT
    from dashboard.urls import VIEW_PARAMS
    states = list((PROJECT_ROOT / "dashboard" / "state").glob("*.py"))
    views = list((PROJECT_ROOT / "dashboard" / "ui").glob("*.py"))
    # Reader calls with a literal key, and the shared pickers' default keys (pick_indicator(key="indikator"))
    reader = re.compile(r'\.(?:text|choice|integer|year|id_list|given)\(\s*"([a-z_]+)"|key: str = "([a-z_]+)"')
    read = {literal or default for path in states for literal, default in reader.findall(path.read_text(encoding="utf-8"))}
    written = {name for path in states for call in re.findall(r"query_of\(([^)]*)\)", path.read_text(encoding="utf-8"))
               for name in re.findall(r"([a-z_]+)=", call)}
    read |= {name for path in views for name in re.findall(r'params\.get\(\s*"([a-z_]+)"', path.read_text(encoding="utf-8"))}
    assert {"indikator", "jahr", "ebene"} <= read and {"indikator", "jahr", "ebene"} <= written
    internal = {name for name in read if name.startswith("_")}  # set by the router, never from the address
    assert read - internal <= VIEW_PARAMS, read - internal - VIEW_PARAMS
    assert written <= VIEW_PARAMS, written - VIEW_PARAMS
