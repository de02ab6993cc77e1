"""Rendered pages, kept per address.

A page is a pure function of its address (path, view parameters, language) and the dataset release,
which is fixed for the life of a worker: the public website serves the same few addresses to many
visitors, and rebuilding a page (queries, tables, component trees) for each of them was most of the
router's time under load. The cache is bounded (least recently used pages go first), so hostile
addresses cannot grow it, and it lives in the worker: a new release starts new workers.

The key is canonical: only the known parameters (dashboard/urls.py VIEW_PARAMS), and values no view
can use collapsed into one (`canonical_values`), so that neither `?zz=<random>` nor
`?indikator=<random>` gets past the cache. The router hands the views the same canonical parameters,
so a page is exactly a function of its key. `shared` keeps expensive results (profile pages, the
comparison) in the workers' common file cache as well, compressed.
"""
from __future__ import annotations

import pickle
import threading
import zlib
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


# Stands for any value a view cannot use: every view treats it exactly as it treats any other unknown
# value (a notice that does not repeat the value, and the default), so all of them share one page.
UNUSABLE = "?"


def _year(value: str, first: int, last: int) -> str:
    """Years as every view reads them (int of the first 6 characters); unreadable -> UNUSABLE; before the
    first or after the last year of any indicator -> the year just outside (the views show the same:
    the nearest, first or last year, with the same notice)."""
    try:
        year = int(value[:6])
    except ValueError:
        return UNUSABLE
    return str(min(max(year, first - 1), last + 1))


def canonical_values(params: dict[str, str], monitor) -> dict[str, str]:
    """The parameters with each value a view could not use replaced by what every view treats the same way,
    so that random values of known parameters (`?indikator=<zufall>`, `?jahr=<zufall>`) share one page.
    Only values the views never repeat in a notice are replaced (not `gebiete`, whose unknown ids the
    comparison names). tests/integration/test_availability.py renders every view with the raw and the
    canonical parameters and checks that the pages are equal."""
    dataset = monitor.dataset
    out = dict(params)

    def keep_if(name: str, valid) -> None:
        if name in out and not valid(out[name]):
            out[name] = UNUSABLE

    keep_if("indikator", lambda v: v in dataset.indicators)
    keep_if("ebene", lambda v: v in dataset.level_ids)
    for name in ("gebiet", "fokus", "bezirk"):
        keep_if(name, lambda v: monitor.area(v) is not None)
    keep_if("regel", lambda v: any(r.id == v for r in dataset.burden_rules))
    keep_if("index", lambda v: any(d.id == v for d in dataset.indices))
    from dashboard.state.burden import CUTS
    keep_if("schnitt", lambda v: v in CUTS)
    if any(name in out for name in ("jahr", "von", "bis")):
        years = monitor.all_years()
        for name in ("jahr", "von", "bis"):
            if name in out and years:
                out[name] = _year(out[name], years[0], years[-1])
    if "k" in out:
        try:
            out["k"] = str(min(max(int(out["k"]), 0), 99))  # the burden view clamps k to 1..number of criteria
        except ValueError:
            del out["k"]  # unreadable: the rule's own k, as without the parameter
    if out.get("gruppe") not in (None, "zielbereich"):
        del out["gruppe"]  # the profile groups by dimension unless told "zielbereich"
    if "ref" in out:
        if out["ref"].lower() in ("0", "nein", "aus", "false"):
            out["ref"] = "0"
        else:
            del out["ref"]  # reference lines are on by default
    for name, known in (("aus", set(dataset.indicators)), ("dimension", {i.dimension for i in dataset.indicators.values()})):
        if name in out:
            parts = [part for part in dict.fromkeys(out[name].split(",")) if part in known]
            if parts:
                out[name] = ",".join(parts)
            else:
                del out[name]
    if "ebenen" in out:  # the map's further layers: only those this mode shows, in their order
        from dashboard.overlays import parse_param
        parts = parse_param(out["ebenen"], [o.id for o in monitor.overlays()])
        if parts:
            out["ebenen"] = ",".join(parts)
        else:
            del out["ebenen"]
    return out




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


def shared(monitor, kind: str, key: tuple, compute: Callable[[], Any]) -> Any:
    """compute() through the monitor's shared cache (Monitor.cached: release, mode and key), stored
    compressed: rendered pages are trees of repetitive component dicts (a Berlin profile page: 257 KB
    pickled, 23 KB compressed, 2 ms to compress), and the file cache lives in a temp folder that may be
    in memory (tmpfs) and holds up to CACHE_THRESHOLD entries."""
    packed = monitor.cached(kind, key, lambda: zlib.compress(pickle.dumps(compute(), pickle.HIGHEST_PROTOCOL), 6))
    return pickle.loads(zlib.decompress(packed))  # the cache's own trust level: it stores pickles anyway
