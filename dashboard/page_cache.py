"""Rendered pages, kept per address.

A page is a pure function of its address (path, view parameters, language) and the dataset release,
which is fixed for the life of a worker: the public website serves the same few addresses to many
visitors, and rebuilding a page (queries, tables, component trees) for each of them was most of the
router's time under load. The cache is bounded (least recently used pages go first), so hostile
addresses cannot grow it, and it lives in the worker: a new release starts new workers.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from dashboard.urls import INVALID_FLAG, VIEW_PARAMS

# What a page depends on: the view parameters of the allow-list (dashboard/urls.py) and what the router
# derives from the address (the page language, the rest of the path of /gebiet/<id>, the flag for a
# hostile query). Not in the key: unknown parameters (`?zz=random` must not bypass the cache), the
# release a link was made with (`stand` changes only the banner above the page), `sprache` as written
# (the router resolves it to `_sprache`) and `praesentation` (client-side only).
KEYED_PARAMS = VIEW_PARAMS | {"_sprache", "_pfad", INVALID_FLAG}


def page_key(path: str, params: dict[str, str]) -> tuple:
    """The cache key of a page: its path and the parameters that change it, in canonical order."""
    return path, tuple(sorted((k, v if k != INVALID_FLAG else "1") for k, v in params.items() if k in KEYED_PARAMS))


class PageCache:
    def __init__(self, maxsize: int = 256):
        self.maxsize = maxsize
        self._pages: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: Hashable, render: Callable[[], Any]) -> Any:
        """The page for key, rendered by render() the first time (not under the lock: two threads may
        both render a page the first time; both results are equal)."""
        with self._lock:
            if key in self._pages:
                self._pages.move_to_end(key)
                self.hits += 1
                return self._pages[key]
        page = render()
        with self._lock:
            self.misses += 1
            self._pages[key] = page
            self._pages.move_to_end(key)
            while len(self._pages) > self.maxsize:
                self._pages.popitem(last=False)
        return page

    def __len__(self) -> int:
        return len(self._pages)
