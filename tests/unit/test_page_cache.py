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
