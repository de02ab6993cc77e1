"""The file cache holds pickles: it is read only from a private folder of this user, never shared by modes."""
from __future__ import annotations

import os
import stat

import pytest

from dashboard.cache_dir import MODE_MARKER, CacheDirError, default_cache_dir, prepare_cache_dir, release_cache_dir
from dashboard.settings import PROJECT_ROOT, Settings


def mode_of(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_default_is_per_instance_outside_the_checkout(tmp_path):
    env = {"XDG_RUNTIME_DIR": str(tmp_path)}
    public, internal = default_cache_dir("public", "demo", env), default_cache_dir("internal", "demo", env)
    assert public != internal and public.parent == tmp_path
    assert public.name == f"quartiersmonitor-{os.getuid()}-public-demo"
    assert default_cache_dir("public", "../../etc", env).parent == tmp_path  # the dataset id cannot walk out
    without_runtime = default_cache_dir("public", "demo", {})
    assert PROJECT_ROOT not in without_runtime.parents
    assert Settings.from_env({}).cache_auto and Settings.from_env({}).cache_dir is None
    assert Settings.from_env({"QM_CACHE_DIR": ""}).cache_dir is None and not Settings.from_env({"QM_CACHE_DIR": ""}).cache_auto


def test_created_with_mode_0700_including_missing_parents(tmp_path):
    old = os.umask(0o000)
    try:
        root = prepare_cache_dir(tmp_path / "a" / "b" / "cache", "public")
    finally:
        os.umask(old)
    for folder in (tmp_path / "a", tmp_path / "a" / "b", root):
        assert mode_of(folder) == 0o700
    assert (root / MODE_MARKER).read_text().strip() == "public"
    assert mode_of(root / MODE_MARKER) == 0o600


@pytest.mark.parametrize("bits", [0o770, 0o707, 0o777, 0o720])
def test_group_or_world_writable_folder_is_refused(tmp_path, bits):
    root = tmp_path / "cache"
    root.mkdir()
    os.chmod(root, bits)
    with pytest.raises(CacheDirError) as error:
        prepare_cache_dir(root, "public")
    message = str(error.value)
    assert str(root) in message and f"{bits:04o}" in message and "beschreibbar" in message
    assert not (root / MODE_MARKER).exists()  # nothing was read or written


def test_read_only_for_others_is_fine(tmp_path):
    root = tmp_path / "cache"
    root.mkdir()
    os.chmod(root, 0o755)
    assert prepare_cache_dir(root, "internal") == root


def test_folder_of_another_user_is_refused(tmp_path, monkeypatch):
    root = prepare_cache_dir(tmp_path / "cache", "public")
    monkeypatch.setattr(os, "getuid", lambda: os.stat(root).st_uid + 1)  # as if the server ran as someone else
    with pytest.raises(CacheDirError, match="gehört nicht dem Benutzer"):
        prepare_cache_dir(root, "public")


def test_symlink_to_a_foreign_folder_is_judged_by_the_target(tmp_path):
    target = tmp_path / "offen"
    target.mkdir()
    os.chmod(target, 0o777)
    link = tmp_path / "cache"
    link.symlink_to(target)
    with pytest.raises(CacheDirError, match="beschreibbar"):
        prepare_cache_dir(link, "public")


def test_internal_and_public_never_share_a_folder(tmp_path):
    root = prepare_cache_dir(tmp_path / "cache", "internal")
    with pytest.raises(CacheDirError) as error:
        prepare_cache_dir(root, "public")
    assert "internal" in str(error.value) and "public" in str(error.value) and str(root) in str(error.value)
    assert prepare_cache_dir(root, "internal") == root  # the same mode again (a second worker, a restart)


def test_a_file_planted_as_marker_or_release_folder_is_refused(tmp_path):
    root = prepare_cache_dir(tmp_path / "cache", "public")
    release = root / "abc123"
    release.mkdir()
    os.chmod(release, 0o777)
    with pytest.raises(CacheDirError, match="beschreibbar"):
        release_cache_dir(root, "public", "abc123")
    other = tmp_path / "other"
    other.mkdir(mode=0o700)
    (other / MODE_MARKER).write_text("Quatsch")
    with pytest.raises(CacheDirError, match="Modus '\\?'"):
        prepare_cache_dir(other, "public")


def test_app_refuses_to_start_on_an_unsafe_cache_folder(tmp_path):
    from dashboard import create_app
    from tests.conftest import DEMO_DIR

    root = tmp_path / "cache"
    root.mkdir()
    os.chmod(root, 0o777)
    with pytest.raises(CacheDirError, match=str(root)):
        create_app(Settings(data_dir=DEMO_DIR, mode="public", cache_dir=root))


def test_app_uses_its_own_folder_by_default(tmp_path, monkeypatch):
    from dashboard import create_app
    from tests.conftest import DEMO_DIR

    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    app = create_app(Settings(data_dir=DEMO_DIR, mode="public", cache_auto=True))
    app.monitor.map_bundle("A1", 2024, "planungsraum")
    folder = runtime / f"quartiersmonitor-{os.getuid()}-public-{app.monitor.dataset.id}"
    assert mode_of(folder) == 0o700 and (folder / app.monitor.dataset.release).is_dir()
    assert any((folder / app.monitor.dataset.release).iterdir())


def test_release_and_build_folders_are_private_whatever_the_umask(tmp_path):
    old = os.umask(0o002)  # a user-private-group umask: FileSystemCache alone would make them 0775
    try:
        folder = release_cache_dir(tmp_path / "cache", "public", "abc123", "b1")
    finally:
        os.umask(old)
    assert folder == tmp_path / "cache" / "abc123" / "b1"
    assert mode_of(folder) == mode_of(folder.parent) == 0o700
    assert release_cache_dir(tmp_path / "cache", "public", "abc123", "b1") == folder  # the next start accepts them


def test_build_fingerprint_follows_the_notes_and_the_dataset_description(tmp_path):
    import shutil

    from dashboard.cache_dir import build_fingerprint
    from tests.conftest import DEMO_DIR

    data = tmp_path / "demo"
    shutil.copytree(DEMO_DIR, data)
    first = build_fingerprint(data)
    assert build_fingerprint(data) == first and len(first) == 12
    note = next((data / "notes").glob("*.md"))
    note.write_text(note.read_text(encoding="utf-8") + "\nNeuer Absatz.\n", encoding="utf-8")
    second = build_fingerprint(data)
    assert second != first  # a page rendered from the old note must not be served from the cache
    (data / "dataset.toml").write_text((data / "dataset.toml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert build_fingerprint(data) != second
