"""`python -m dashboard import-berlin` as a user runs it: real files, a real subprocess.

The successful run is the session's Berlin import (tests/conftest.py berlin_import), which every Berlin test reads."""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from dashboard.ingest import berlin
from tests.conftest import require_berlin_source
from tests.conftest import run_berlin_import as run_import

pytestmark = pytest.mark.shared_data


def folder_digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def imported(berlin_import):
    return berlin_import


def test_import_berlin_exits_0_and_prints_paths(imported):
    result, out = imported
    assert result.returncode == 0, result.stderr
    for name in ("berlin", "berlin-lor2006"):
        assert f"Datensatz geschrieben: {out / name}" in result.stdout
        assert (out / name / "dataset.toml").is_file()


def test_bad_source_fails_in_german_and_leaves_datasets_unchanged(imported, tmp_path):
    result, imported_out = imported
    assert result.returncode == 0
    # the failing import runs on a copy of the imported datasets (the session's are in use by other tests)
    out = tmp_path / "out"
    for name in ("berlin", "berlin-lor2006"):
        shutil.copytree(imported_out / name, out / name)
    source = require_berlin_source()
    bad = tmp_path / "berlin-unvollstaendig"
    missing = berlin.UMWELTGERECHTIGKEIT
    for name in berlin.SOURCE_FILES:  # links, not copies: the real files stay where they are
        if name != missing:
            (bad / name).parent.mkdir(parents=True, exist_ok=True)
            (bad / name).symlink_to(source / name)
    before = {name: folder_digest(out / name) for name in ("berlin", "berlin-lor2006")}

    failed = run_import(bad, out)

    assert failed.returncode == 1
    assert "Import fehlgeschlagen: Quelldatei fehlt" in failed.stderr
    assert "raw_umweltgerechtigkeit_2021_2022.csv" in failed.stderr
    assert "Der bisherige Datensatz ist unverändert." in failed.stderr
    assert {name: folder_digest(out / name) for name in before} == before
    assert sorted(p.name for p in out.iterdir()) == ["berlin", "berlin-lor2006"]  # no staging leftovers


def test_missing_source_folder_fails(tmp_path):
    failed = run_import(tmp_path / "gibt-es-nicht", tmp_path / "out")
    assert failed.returncode == 1
    assert "Quellordner" in failed.stderr and "nicht gefunden" in failed.stderr
