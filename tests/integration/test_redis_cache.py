"""Two app hosts share one Redis cache (QM_REDIS_URL, docs/betrieb.md "Zwei App-Hosts"): a page one host
rendered is served to the other from Redis, every key carries mode, dataset, release and build, and a host
of another release neither reads nor overwrites those entries.

A real redis-server (Debian's, .ci/run installs it) on a unix socket in the test's folder; the two hosts
are two independent apps (create_app: own store, own Monitor, own in-process page cache) in public mode
on the demo data, as two gunicorn hosts would be.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import DEMO_DIR

REDIS_SERVER = shutil.which("redis-server") or ("/usr/bin/redis-server" if Path("/usr/bin/redis-server").exists() else None)
pytestmark = pytest.mark.skipif(REDIS_SERVER is None, reason="redis-server ist nicht installiert (Debian: apt-get install redis-server)")


@pytest.fixture(scope="module")
def redis_socket(tmp_path_factory):
    folder = tmp_path_factory.mktemp("redis")
    sock = folder / "redis.sock"
    proc = subprocess.Popen([REDIS_SERVER, "--port", "0", "--unixsocket", str(sock), "--unixsocketperm", "700",
                             "--save", "", "--appendonly", "no", "--dir", str(folder)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    import redis

    client = redis.Redis(unix_socket_path=str(sock), socket_timeout=2)
    deadline = time.monotonic() + 15
    while True:
        try:
            client.ping()
            break
        except (redis.ConnectionError, FileNotFoundError):
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                pytest.fail(f"redis-server antwortete nicht innerhalb von 15 s (Exit {proc.poll()})")
            time.sleep(0.05)
    yield sock, client
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


def host(data: Path, sock: Path, cache_dir: Path):
    """One app host: public mode, the shared Redis, its own local folder (open-data files)."""
    from dashboard import create_app
    from dashboard.settings import Settings

    return create_app(Settings(data_dir=data, mode="public", cache_dir=cache_dir, redis_url=f"unix://{sock}"))


def profile_request(app, area: str) -> dict:
    from bench.load import Callbacks
    from dashboard.ui import ids

    client = app.server.test_client()
    callbacks = Callbacks(lambda path: client.get(path).get_json())
    payload = callbacks.payload(f"{ids.PAGE}.children", {f"{ids.URL}.pathname": f"/gebiet/{area}", f"{ids.URL}.search": ""},
                                f"{ids.URL}.pathname")
    response = client.post("/_dash-update-component", data=json.dumps(payload), content_type="application/json")
    assert response.status_code == 200, response.data[:300]
    return response.get_data(as_text=True)


def stats(client) -> tuple[int, int]:
    info = client.info("stats")
    return info["keyspace_hits"], info["keyspace_misses"]


def test_two_hosts_share_pages_through_redis_and_releases_never_mix(redis_socket, tmp_path):
    sock, client = redis_socket
    client.flushall()
    first = host(DEMO_DIR, sock, tmp_path / "host-a")
    second = host(DEMO_DIR, sock, tmp_path / "host-b")
    dataset = first.monitor.dataset
    area = first.monitor.store.frame("areas_by_level", {"level": dataset.level_ids[0]})["area_id"].iloc[3]
    prefix = f"qm:public:{dataset.id}:{dataset.release}:"

    page_a = profile_request(first, area)
    keys = sorted(k.decode() for k in client.keys("*"))
    assert keys, "der erste Host hat nichts in Redis geschrieben"
    assert all(k.startswith(prefix) for k in keys), keys[:5]
    assert any(":seite:" in k or k.split(":", 5)[-1].startswith("seite:") for k in keys), keys[:10]
    assert dataset.release in page_a

    # the second host has never rendered this page: it comes from Redis (hits up, no miss, no new key)
    hits, misses = stats(client)
    page_b = profile_request(second, area)
    hits_after, misses_after = stats(client)
    assert page_b == page_a
    assert hits_after > hits and misses_after == misses, (hits, hits_after, misses, misses_after)
    assert sorted(k.decode() for k in client.keys("*")) == keys

    # a host of a new release (same data, another release id) starts with its own namespace
    release2 = tmp_path / "demo-r2"
    shutil.copytree(DEMO_DIR, release2)
    toml = release2 / "dataset.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace(f'release = "{dataset.release}"', 'release = "zweiterstand"'),
                    encoding="utf-8")
    third = host(release2, sock, tmp_path / "host-c")
    assert third.monitor.dataset.release == "zweiterstand"
    hits, misses = stats(client)
    page_c = profile_request(third, area)
    assert stats(client)[1] > misses, "der Host des neuen Datenstands hat einen Eintrag des alten gelesen"
    assert "zweiterstand" in page_c and dataset.release not in page_c
    new_keys = {k.decode() for k in client.keys("*")} - set(keys)
    assert new_keys and all(k.startswith(f"qm:public:{dataset.id}:zweiterstand:") for k in new_keys), sorted(new_keys)[:5]
    # the old release's entries are untouched, and its hosts still serve their own release
    assert profile_request(second, area) == page_a


def test_an_unreachable_redis_is_a_miss_not_an_error(tmp_path):
    """Redis restarting or gone: the host computes the page itself (slower, correct), no 500."""
    app = host(DEMO_DIR, tmp_path / "kein-redis.sock", tmp_path / "host")
    area = app.monitor.store.frame("areas_by_level", {"level": app.monitor.dataset.level_ids[0]})["area_id"].iloc[3]
    assert app.monitor.dataset.release in profile_request(app, area)
