"""Shared fixtures: the committed demo dataset, read through the real store."""
from __future__ import annotations

import atexit
import hashlib
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEMO_DIR = ROOT / "data" / "demo"
SHARED_DATA = ROOT.parent / "shared" / "data"


# --------------------------------------------------------------------------------------------
# one cache folder per dataset and mode for the whole test session

_SESSION_CACHE: list[Path] = []


def shared_cache_dir(data: Path, mode: str) -> Path:
    """The QM_CACHE_DIR of every app this session runs on `data` in `mode` (created by the app, 0700).

    What an app derives once per release lives there: the open-data files (/daten, dashboard/opendata.py: a build of
    10-30 s in a child process, locked so that one app builds and the others read it) and, for a server started with
    it, the FileSystemCache its gunicorn workers share (disclosure control, map bundles), as deployed with
    QM_CACHE_DIR=auto. Without it every app instance - and every gunicorn worker - built its own copy in a private
    temporary folder: the same files up to six times per dataset and mode in one run. Internal and public never share
    a folder (the app refuses that); a copy of a dataset at another path gets its own. Removed when the session ends.
    A plain function, not a fixture: the callback fuzz makes its apps while pytest collects the tests."""
    if not _SESSION_CACHE:
        _SESSION_CACHE.append(Path(tempfile.mkdtemp(prefix="qm-test-cache-")))
        atexit.register(shutil.rmtree, _SESSION_CACHE[0], True)
    data = Path(data).resolve()
    return _SESSION_CACHE[0] / f"{data.name}-{hashlib.sha256(str(data).encode()).hexdigest()[:8]}-{mode}"


def share_open_data(app) -> None:
    """Point an app made with cache_dir=None (a memory cache of its own, so no test sees pages cached by another
    instance) at the session's open-data folder for its dataset and mode: the folder create_app would give it with
    QM_CACHE_DIR=shared_cache_dir(...), which the session's gunicorn servers on the same data use. The files are
    those of the same build code, data and mode, whichever instance built them first."""
    from dashboard import opendata
    from dashboard.cache_dir import build_fingerprint, release_cache_dir

    monitor = app.monitor
    mode = "public" if monitor.public else "internal"
    dataset = monitor.dataset
    folder = release_cache_dir(shared_cache_dir(dataset.path, mode), mode, dataset.release, build_fingerprint(dataset.path))
    # as dashboard/opendata.py register() places it next to the cache folder
    opendata.for_monitor(monitor).__init__(monitor, folder.parent / f"{folder.name}-daten")


_SESSION_APPS: dict[tuple[Path, str], object] = {}


def session_app(data: Path, mode: str = "internal"):
    """The app (create_app, memory cache, the session's open-data files) on `data` in `mode`, made once per session
    and shared by every test that reads it in process without changing it (a Berlin app takes 5-10 s to make).
    A test that needs a fresh instance (nothing cached yet, its own settings) makes its own."""
    key = (Path(data).resolve(), mode)
    if key not in _SESSION_APPS:
        from dashboard import create_app
        from dashboard.settings import Settings

        app = create_app(Settings(data_dir=key[0], mode=mode, cache_dir=None))
        share_open_data(app)
        _SESSION_APPS[key] = app
    return _SESSION_APPS[key]


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


WRITTEN = "Datensatz geschrieben: "


def run_berlin_import(source: Path, out: Path):
    """`python -m dashboard import-berlin` as a user runs it: a real subprocess (the finished process)."""
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "dashboard", "import-berlin", "--source", str(source), "--out", str(out)],
                          check=False, cwd=ROOT, capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="session")
def berlin_import(tmp_path_factory):
    """The Berlin import, run once per session through the CLI: (finished process, its --out folder).
    tests/integration/test_cli_import.py checks this run; every other Berlin test reads its datasets (berlin_datasets),
    so the ~15 s import runs once, not once for the tests and again for the CLI test."""
    source = require_berlin_source()
    out = tmp_path_factory.mktemp("berlin")
    return run_berlin_import(source, out), out


@pytest.fixture(scope="session")
def berlin_datasets(berlin_import) -> dict[str, Path]:
    """The imported datasets: {"berlin": Path, "berlin-lor2006": Path}."""
    result, _out = berlin_import
    if result.returncode != 0:
        pytest.fail(f"import-berlin fehlgeschlagen (Exit {result.returncode}):\n{result.stderr[-4000:]}")
    paths = [Path(line[len(WRITTEN):]) for line in result.stdout.splitlines() if line.startswith(WRITTEN)]
    return {path.name: path for path in paths}


@pytest.fixture(scope="session")
def berlin_app(berlin_datasets):
    """The internal app on the imported Berlin dataset (session_app: made once, read by several modules)."""
    return session_app(berlin_datasets["berlin"], "internal")


@pytest.fixture(scope="session")
def berlin_public_app(berlin_datasets):
    """The public app on the imported Berlin dataset (session_app)."""
    return session_app(berlin_datasets["berlin"], "public")
