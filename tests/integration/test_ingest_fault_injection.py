"""Robustness: an import killed (SIGKILL) at random points leaves the previous dataset intact.

The real CLI (`python -m dashboard ingest`) imports the small Teststadt of test_ingest_generic.py
(about 0.8 s, most of it Python start-up) into a folder that already holds a dataset. Each of the
20 runs is killed after a delay drawn from a seeded RNG: half of them while it starts and reads
the files, half of them anywhere in the writing phase (from the moment the import's own temporary
folder appears until the swap is done), so kills also land while files are written and during the swap. After
every kill the dataset folder must be byte-for-byte what it was and loadable.
Nothing runs after SIGKILL, so a temporary folder can stay behind: the next import removes it
(dashboard/ingest/build.py `_clean_stale`), which the test checks as well.
"""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dashboard.catalog import load_dataset
from dashboard.ingest.generic import ingest_from_config
from dashboard.store import Store
from tests.conftest import ROOT
from tests.integration.test_ingest_generic import snapshot, write_city

RUNS = 20
SEED = 20260407


def _start(config: Path) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, "-m", "dashboard", "ingest", "--config", str(config)], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _wait_for_temp_folder(out: Path, proc: subprocess.Popen, timeout: float = 30) -> float:
    """Seconds until the import's own temporary folder exists (its writing phase begins)."""
    started = time.monotonic()
    while time.monotonic() - started < timeout and proc.poll() is None:
        if any(out.parent.glob(f".{out.name}.tmp-{proc.pid}-*")):
            break
        time.sleep(0.003)
    return time.monotonic() - started


def _leftovers(out: Path) -> list[Path]:
    return sorted(p for p in out.parent.iterdir() if p.name != out.name)


def _assert_loadable(out: Path) -> None:
    dataset = load_dataset(out)
    years = Store(dataset.path).rows("indicator_years")
    assert years, "der Datensatz ist geladen, aber leer"


@pytest.fixture(scope="module")
def city(tmp_path_factory):
    config = write_city(tmp_path_factory.mktemp("fault") / "stadt")
    out = ingest_from_config(config)
    timings = []
    for _warm_run in range(3):  # the quicker of two runs: a busy machine only makes phases longer
        started = time.monotonic()
        done = _start(config)
        to_writing = _wait_for_temp_folder(out, done)
        deadline = time.monotonic() + 120
        while any(out.parent.glob(f".{out.name}.tmp-{done.pid}-*")):  # renamed into place by the swap
            assert done.poll() in (None, 0), "der Import ist abgebrochen und hat seinen temporären Ordner liegen lassen"
            assert time.monotonic() < deadline, "der temporäre Ordner wurde nicht in 120 s an seinen Platz getauscht"
            time.sleep(0.003)
        timings.append((to_writing, time.monotonic() - started - to_writing))
        assert done.wait(120) == 0, "ein vollständiger Import muss gelingen"
    return config, out, snapshot(out), (min(t[0] for t in timings), min(t[1] for t in timings))


def test_killed_imports_leave_previous_dataset_intact(city):
    config, out, before, (reading, writing) = city
    rng = random.Random(SEED)
    phases: list[str] = []
    print(f"bis zum Schreiben {reading:.2f} s, Schreibphase {writing:.2f} s")
    for run in range(RUNS):
        in_writing = run % 2 == 1
        delay = rng.uniform(0, writing) if in_writing else rng.uniform(0.05, reading)
        proc = _start(config)
        waited = _wait_for_temp_folder(out, proc) if in_writing else 0.0
        time.sleep(delay)
        delay += waited
        proc.send_signal(signal.SIGKILL)
        code = proc.wait(30)  # reaped: its pid no longer counts as a running import
        left = _leftovers(out)
        own = [p.name for p in left if f"-{proc.pid}-" in p.name]
        phase = ("fertig" if code == 0 else "Tausch" if any(".old-" in name for name in own)
                 else "Schreiben" if own else "Start")
        phases.append(phase)
        where = f"Lauf {run + 1}/{RUNS}: nach {delay:.2f} s abgebrochen ({phase}), übrig: {[p.name for p in left]}"
        if not out.exists():  # the instant between the two renames of the swap
            olds = [p for p in left if ".old-" in p.name]
            assert olds and snapshot(olds[-1]) == before, where
            ingest_from_config(config)  # the next import puts the old folder back and finishes
        assert snapshot(out) == before, where
        _assert_loadable(out)
        if own and any(".tmp-" in name for name in own):
            # this import got as far as its own temp folder, so it had already removed older leftovers
            assert all(f"-{proc.pid}-" in p.name for p in left), where
        print(where)
    assert phases.count("Schreiben") + phases.count("Tausch") >= 3, f"zu wenige Abbrüche mitten im Import: {phases}"
    ingest_from_config(config)  # a complete import cleans up whatever the kills left
    assert _leftovers(out) == []
    assert snapshot(out) == before
    _assert_loadable(out)


def test_next_import_recovers_from_a_kill_between_the_two_renames(city, tmp_path):
    """Simulated: SIGKILL after `out -> .old-*` and before `.tmp-* -> out`; the next import restores and cleans."""
    config, out, before, _ = city
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    old = out.parent / f".{out.name}.old-{dead.pid}-abcdef"
    tmp = out.parent / f".{out.name}.tmp-{dead.pid}-123456"
    out.rename(old)
    tmp.mkdir()
    (tmp / "areas.parquet").write_bytes(b"halb geschrieben")
    assert not out.exists()
    ingest_from_config(config)
    assert snapshot(out) == before
    assert _leftovers(out) == []
    _assert_loadable(out)


def test_temp_folder_of_a_running_import_is_left_alone(city):
    """A folder whose writer still runs (here: this process) is not someone else's garbage."""
    config, out, before, _ = city
    mine = out.parent / f".{out.name}.tmp-{os.getpid()}-feedbeef"
    mine.mkdir()
    try:
        ingest_from_config(config)
        assert mine.exists()
        assert snapshot(out) == before
    finally:
        mine.rmdir()
