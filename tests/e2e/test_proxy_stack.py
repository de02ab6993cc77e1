"""The public site as deployed: real nginx (deploy/nginx/quartiersmonitor.conf) in front of real gunicorn,
both on free loopback ports (dashboard.proxy.ProxyStack, as `make serve-public-proxy`).

Checks the limits of docs/betrieb.md from the outside: an oversized body is refused, one client
flooding callbacks gets 429 while another address is not limited, sockets that send their request
head slowly do not keep the health probe from answering, and the content-hashed geometry is sent with
long cache headers. Every wait has a deadline. Without nginx the test is skipped, in CI (CI set) it fails.
"""
from __future__ import annotations

import http.client
import json
import os
import socket
import threading
import time

import pytest

from dashboard.catalog import load_dataset
from dashboard.geometry import GeometryService
from dashboard.proxy import ProxyStack, nginx_binary
from tests.conftest import DEMO_DIR

CALLBACK = "/_dash-update-component"


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    if nginx_binary() is None:
        reason = "nginx ist nicht installiert (apt-get install nginx); der Test des Proxy-Stacks braucht es."
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    cache = tmp_path_factory.mktemp("qm-cache")
    env = dict(os.environ, QM_CACHE_DIR=str(cache))
    with ProxyStack(data=DEMO_DIR, workers=2, env=env) as running:
        yield running


def request(stack: ProxyStack, method: str, path: str, body: bytes | None = None, source: str = "127.0.0.1",
            headers: dict | None = None, upstream: bool = False) -> tuple[int, dict, bytes]:
    port = stack.upstream_port if upstream else stack.port
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10, source_address=(source, 0))
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def announce_body(port: int, length: int) -> int:
    """Send only the head of a POST announcing `length` bytes, then read the status line: a server that
    checks Content-Length answers without reading (and without waiting for) the body."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall((f"POST {CALLBACK} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                      f"Content-Length: {length}\r\n\r\n").encode())
        sock.sendall(b"{" * 1024)  # the first bytes of the body, no more
        status_line = sock.makefile("rb").readline().decode()
    return int(status_line.split()[1])


def test_two_megabyte_body_is_refused_by_nginx_and_by_the_app(stack):
    assert announce_body(stack.port, 2 * 1024 * 1024) == 413
    assert announce_body(stack.upstream_port, 2 * 1024 * 1024) == 413  # gunicorn alone: Flask's MAX_CONTENT_LENGTH
    # and a real 2 MB body, sent whole
    status, _, _ = request(stack, "POST", CALLBACK, body=b"{" + b" " * (2 * 1024 * 1024) + b"}",
                           headers={"Content-Type": "application/json"}, source="127.0.0.5")
    assert status == 413


def test_one_client_flooding_callbacks_gets_429_and_others_are_not_limited(stack):
    body = json.dumps({}).encode()  # any POST to the callback endpoint counts; the app answers this one with 400
    statuses = [request(stack, "POST", CALLBACK, body, source="127.0.0.3", headers={"Content-Type": "application/json"})[0]
                for _ in range(80)]
    assert 429 not in statuses[:20], statuses  # a page load (10-20 callbacks at once) is never limited
    assert statuses.count(429) >= 20, statuses
    # another address meanwhile: not limited
    assert request(stack, "POST", CALLBACK, body, source="127.0.0.4", headers={"Content-Type": "application/json"})[0] == 400


def test_slow_header_sockets_do_not_block_the_health_probe(stack):
    stop = threading.Event()
    sockets = []
    for n in range(50):
        sock = socket.create_connection(("127.0.0.1", stack.port), timeout=5)
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")  # a request head that never ends
        sockets.append(sock)

    def trickle():
        while not stop.wait(2):
            for sock in sockets:
                try:
                    sock.send(b"a")
                except OSError:
                    pass

    thread = threading.Thread(target=trickle, daemon=True)
    thread.start()
    try:
        for _ in range(10):
            started = time.monotonic()
            status, _, body = request(stack, "GET", "/healthz", source="127.0.0.6")
            assert status == 200 and json.loads(body)["status"] == "ok"
            assert time.monotonic() - started < 1.0
        # nginx cuts the slow ones off after client_header_timeout (5 s), whatever they trickle
        deadline = time.monotonic() + 20
        open_sockets = list(sockets)
        while open_sockets and time.monotonic() < deadline:
            for sock in list(open_sockets):
                sock.settimeout(0.2)
                try:
                    data = sock.recv(4096)
                except TimeoutError:
                    continue
                except OSError:
                    data = b""
                if not data or data.startswith(b"HTTP/1.1 408"):
                    open_sockets.remove(sock)
        assert not open_sockets, f"{len(open_sockets)} langsame Verbindungen nach 20 s noch offen"
    finally:
        stop.set()
        thread.join(timeout=5)
        for sock in sockets:
            sock.close()


def test_geometry_and_bundles_are_sent_with_long_cache_headers_and_compressed(stack):
    dataset = load_dataset(DEMO_DIR)
    geometry = GeometryService(dataset.path / "web", dataset.level_ids, dataset.level_ids[-1])
    url = geometry.url(dataset.level_ids[0])
    status, headers, body = request(stack, "GET", url, headers={"Accept-Encoding": "gzip"})
    assert status == 200 and body
    assert "max-age=31536000" in headers["cache-control"] and "immutable" in headers["cache-control"]
    assert headers.get("content-encoding") == "gzip"
    status, _, index = request(stack, "GET", "/")
    bundle = next(part.split('"')[0] for part in index.decode().split('src="')[1:] if "_dash-component-suites" in part)
    status, headers, _ = request(stack, "GET", bundle)
    assert status == 200 and "max-age=31536000" in headers["cache-control"]
    # answers that must not be cached keep the app's header through the proxy
    status, headers, _ = request(stack, "POST", CALLBACK, b"{}", source="127.0.0.7", headers={"Content-Type": "application/json"})
    assert headers["cache-control"] == "no-store"
