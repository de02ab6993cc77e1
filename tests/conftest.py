"""Shared fixtures: the committed demo dataset, read through the real store."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEMO_DIR = ROOT / "data" / "demo"
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def demo_dataset():
    from dashboard.catalog import load_dataset

    return load_dataset(DEMO_DIR)


@pytest.fixture(scope="session")
def demo_store(demo_dataset):
    from dashboard.store import Store

    return Store(demo_dataset.path)


@pytest.fixture(scope="session")
def demo_monitor(demo_dataset, demo_store):
    from dashboard.monitor import Monitor

    return Monitor(demo_dataset, demo_store, public=False)


@pytest.fixture(scope="session")
def public_monitor(demo_dataset, demo_store):
    from dashboard.monitor import Monitor

    return Monitor(demo_dataset, demo_store, public=True)


# --------------------------------------------------------------------------------------------
# the real Berlin open data (../shared/data/berlin), imported once per test session

BERLIN_SOURCE = SHARED_DATA / "berlin"


def require_berlin_source() -> Path:
    """Skip (or, when CI is set, fail) with a clear reason when the Berlin source data are missing."""
    import os

    if not BERLIN_SOURCE.is_dir():
        reason = (f"Berliner Quelldaten fehlen: {BERLIN_SOURCE} existiert nicht "
                  "(../shared/data/berlin neben dem Repository, siehe SOURCES.md).")
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return BERLIN_SOURCE


@pytest.fixture(scope="session")
def berlin_datasets(tmp_path_factory) -> dict[str, Path]:
    """import_berlin run once: {"berlin": Path, "berlin-lor2006": Path}."""
    source = require_berlin_source()
    from dashboard.ingest.berlin import import_berlin

    paths = import_berlin(source, tmp_path_factory.mktemp("berlin"))
    return {path.name: path for path in paths}
