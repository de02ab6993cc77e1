"""Where the shared file cache lives, and the checks that make it safe to read.

flask-caching's FileSystemCache stores pickles, and unpickling runs code: whoever can write a file into
the cache folder can run code in every worker that reads it. So the app reads its cache only from a
folder that belongs to the user the server runs as and that no one else can write (not group- or
world-writable), and an internal and a public instance never share one: the internal one holds values
the public one must never show, and a public worker should not read what a more privileged instance
wrote.

- QM_CACHE_DIR=auto (the default): one folder per instance outside the checkout,
  `<XDG_RUNTIME_DIR or the temp folder>/quartiersmonitor-<uid>-<mode>-<dataset id>`, created with mode
  0700 (an internal and a public instance started from one checkout get different folders).
- QM_CACHE_DIR=<folder>: that folder (created with mode 0700 if missing, missing parents too).
- Either way the folder carries a marker file naming its mode; a folder marked for the other mode is
  refused. The cache itself lives in one subfolder per data release, and in it one per build
  (`build_fingerprint`: the app's code and the dataset files outside the release hash, such as the
  area notes): the cache outlives restarts, and a page rendered by older code or from older notes
  must not be served after an update.

Anything unsafe stops the start with a German message naming the folder, its owner and its mode.

Several app hosts (QM_REDIS_URL, docs/betrieb.md "Zwei App-Hosts") share their cache in Redis instead:
`redis_cache` builds it, every key prefixed by `redis_key_prefix` (mode, dataset, release, build), so the
same separation holds there; the local folder then holds only this host's open-data files.
"""
from __future__ import annotations

import hashlib
import os
import re
import stat
import tempfile
from pathlib import Path

MODE_MARKER = ".quartiersmonitor-modus"


class CacheDirError(RuntimeError):
    """The cache folder is not safe to read pickles from; the server must not start."""


def default_cache_dir(mode: str, dataset_id: str, environ: dict[str, str] | None = None) -> Path:
    """The per-instance cache folder outside the checkout (see the module docstring)."""
    env = os.environ if environ is None else environ
    runtime = env.get("XDG_RUNTIME_DIR", "")
    base = Path(runtime) if runtime and os.path.isabs(runtime) and os.path.isdir(runtime) else Path(tempfile.gettempdir())
    safe_id = re.sub(r"[^A-Za-z0-9_.-]", "_", dataset_id)[:64] or "datensatz"
    return base / f"quartiersmonitor-{os.getuid()}-{mode}-{safe_id}"


def _refuse(path: Path, why: str, st: os.stat_result | None = None) -> CacheDirError:
    detail = f" (Eigentümer uid {st.st_uid}, Rechte {stat.filemode(st.st_mode)} = {stat.S_IMODE(st.st_mode):04o})" if st else ""
    return CacheDirError(
        f"Der Cache-Ordner {path}{detail} {why}. Der Server startet nicht: aus diesem Ordner werden "
        f"Pickle-Dateien gelesen, und wer dort schreiben kann, kann Code im Server ausführen. "
        f"Abhilfe: einen eigenen Ordner angeben (QM_CACHE_DIR, Rechte 0700, Eigentümer uid {os.getuid()}) "
        f"oder QM_CACHE_DIR=auto bzw. leer (Cache im Arbeitsspeicher).")


def check_private_dir(path: Path) -> None:
    """Raise CacheDirError unless path is a folder of the current user that nobody else can write."""
    try:
        link = os.lstat(path)
    except OSError as error:
        raise CacheDirError(f"Der Cache-Ordner {path} ist nicht lesbar ({error.strerror}).") from None
    if stat.S_ISLNK(link.st_mode) and link.st_uid != os.getuid():
        raise _refuse(path, "ist ein Verweis (Symlink), der einem anderen Benutzer gehört", link)
    st = os.stat(path)
    if not stat.S_ISDIR(st.st_mode):
        raise _refuse(path, "ist kein Ordner", st)
    if st.st_uid != os.getuid():
        raise _refuse(path, f"gehört nicht dem Benutzer, unter dem der Server läuft (uid {os.getuid()})", st)
    if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise _refuse(path, "ist für die Gruppe oder für alle beschreibbar", st)


def prepare_cache_dir(root: Path, mode: str) -> Path:
    """Create root (0700, with any missing parents) or check the existing one; mark it for `mode`."""
    root = Path(root)
    missing = []
    parent = root
    while not os.path.lexists(parent):
        missing.append(parent)
        parent = parent.parent
    for folder in reversed(missing):
        try:
            os.mkdir(folder, 0o700)
        except FileExistsError:  # another worker of this instance was quicker; checked below
            pass
        else:
            os.chmod(folder, 0o700)  # mkdir's mode is reduced by the umask, never widened: make it exact
    for folder in [*missing[1:], root]:  # the parents we created, and the folder itself
        check_private_dir(folder)
    marker = root / MODE_MARKER
    if not os.path.lexists(marker):
        # written whole under a temporary name, then linked: a second worker never reads a half marker
        scratch = root / f"{MODE_MARKER}.{os.getpid()}"
        fd = os.open(scratch, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(mode + "\n")
        try:
            os.link(scratch, marker)
        except FileExistsError:
            pass
        finally:
            os.unlink(scratch)
    marked = "?" if os.path.islink(marker) else marker.read_text(encoding="utf-8", errors="replace").strip()
    if marked != mode:
        shown = marked if marked in ("internal", "public") else "?"
        raise CacheDirError(
            f"Der Cache-Ordner {root} gehört zu einer Instanz im Modus '{shown}' (Markierung {marker}); dieser "
            f"Server läuft im Modus '{mode}'. Interne und öffentliche Instanzen teilen nie einen Cache: bitte für "
            f"jede einen eigenen Ordner angeben (oder QM_CACHE_DIR=auto).")
    return root


def build_fingerprint(dataset_path: Path) -> str:
    """12 hex digits over what cached results depend on besides the release id (which hashes only the
    areas, values, register and gazetteer): the app's code and SQL, the versions of Dash and plotly, and the other
    files of the dataset folder (dataset.toml, releases.toml, notes/, sitzungsmappen/)."""
    from importlib.metadata import PackageNotFoundError, version

    from dashboard.settings import PROJECT_ROOT

    digest = hashlib.sha256()
    files = [*sorted((PROJECT_ROOT / "dashboard").rglob("*.py")), *sorted((PROJECT_ROOT / "queries").glob("*.sql"))]
    dataset_path = Path(dataset_path)
    files += [dataset_path / "dataset.toml", dataset_path / "releases.toml",
              *sorted((dataset_path / "notes").rglob("*")), *sorted((dataset_path / "sitzungsmappen").rglob("*"))]
    for path in files:
        if path.is_file():
            digest.update(str(path.relative_to(path.anchor)).encode() + b"\0" + path.read_bytes() + b"\0")
    for package in ("dash", "plotly", "flask-caching"):
        try:
            digest.update(f"{package}={version(package)}".encode())
        except PackageNotFoundError:
            pass
    return digest.hexdigest()[:12]


def release_cache_dir(root: Path, mode: str, release: str, build: str = "") -> Path:
    """The checked folder for one data release's (and build's) cache entries (root checked and marked first)."""
    prepare_cache_dir(root, mode)
    folder = root
    for part in (release, build):
        if not part:
            continue
        folder = folder / re.sub(r"[^A-Za-z0-9_.-]", "_", part)[:80]
        # made here with 0700 (FileSystemCache would make it with the umask's mode, e.g. 0775)
        try:
            os.mkdir(folder, 0o700)
        except FileExistsError:
            pass
        else:
            os.chmod(folder, 0o700)
        check_private_dir(folder)
    return folder


def redis_key_prefix(mode: str, dataset_id: str, release: str, build: str) -> str:
    """The prefix of every key one app writes to a shared Redis: mode, dataset, release and build. Hosts of
    the same release and build share their entries; a new release (or new code) starts with an empty
    namespace and never reads an old one's pages, and the old entries age out (Redis maxmemory-policy
    allkeys-lru, docs/betrieb.md)."""
    def part(value: str) -> str:
        return re.sub(r"[^A-Za-z0-9_.-]", "_", value)[:64] or "_"
    return f"qm:{part(mode)}:{part(dataset_id)}:{part(release)}:{part(build)}:"


def redis_cache(app, config, args, kwargs):
    """flask-caching factory (CACHE_TYPE "dashboard.cache_dir.redis_cache"): its RedisCache with short socket
    timeouts, and a cache that is out of reach is a miss, not an error: the host then computes the page
    itself (slower, correct) instead of answering 500 while Redis restarts."""
    import logging

    import redis
    from flask_caching.backends.rediscache import RedisCache

    log = logging.getLogger(__name__)

    class TolerantRedisCache(RedisCache):
        def get(self, key):
            try:
                return super().get(key)
            except redis.RedisError as error:
                log.warning("Redis-Cache nicht erreichbar (%s): %s wird neu berechnet", error, key[:80])
                return None

        def set(self, key, value, timeout=None):
            try:
                return super().set(key, value, timeout)
            except redis.RedisError as error:
                log.warning("Redis-Cache nicht erreichbar (%s): %s nicht gespeichert", error, key[:80])
                return False

    client = redis.Redis.from_url(config["CACHE_REDIS_URL"], socket_timeout=2, socket_connect_timeout=2,
                                  health_check_interval=30)
    return TolerantRedisCache(host=client, key_prefix=config["CACHE_KEY_PREFIX"],
                              default_timeout=kwargs.get("default_timeout", 0))
