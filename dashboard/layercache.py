"""One cache for the runtime readers of a dataset's extra layers (dashboard/facilities.py, kulissen.py, measures.py).

Each layer has one small loader `load(dataset)` that reads its files and its dataset.toml section, checks them
(unknown keys through catalog.check_known_keys, RegistryError on a broken folder) and is cached here under the same
key: the dataset folder and its release id. A new import or `python -m dashboard measures` gives a new release id, so
a process never mixes an old table with a new dataset.toml.
"""
from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any, Callable, TypeVar

T = TypeVar("T")


def per_release(maxsize: int = 8) -> Callable[[Callable[[Any], T]], Callable[[Any], T]]:
    """Cache a loader `read(dataset)` by (dataset folder, release id), least recently used out beyond maxsize."""

    def wrap(read: Callable[[Any], T]) -> Callable[[Any], T]:
        cache: OrderedDict[tuple[str, str], T] = OrderedDict()
        lock = threading.Lock()

        @functools.wraps(read)
        def load(dataset: Any) -> T:
            key = (str(Path(dataset.path).resolve()), str(dataset.release))
            with lock:
                if key in cache:
                    cache.move_to_end(key)
                    return cache[key]
            value = read(dataset)  # outside the lock: a slow read does not block the other layers' readers
            with lock:
                cache[key] = value
                while len(cache) > maxsize:
                    cache.popitem(last=False)
            return value

        load.cache_clear = cache.clear  # type: ignore[attr-defined]
        return load

    return wrap
