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
