"""The nginx template with several app hosts (dashboard.proxy.upstream_servers, docs/betrieb.md "Zwei App-Hosts"):
one `server` line per host, retries on the next host, and a configuration nginx itself accepts."""
from __future__ import annotations

import re
import subprocess

import pytest

from dashboard.proxy import nginx_binary, render_config, upstream_servers


def upstream_block(conf: str) -> str:
    return re.search(r"upstream quartiersmonitor \{(.*?)\}", conf, re.S).group(1)


def test_two_hosts_become_two_server_lines_and_a_down_host_stays_down(tmp_path):
    conf = render_config("127.0.0.1:8080", ["10.0.0.3:8000", "10.0.0.4:8000 down"], tmp_path)
    servers = re.findall(r"^\s*server (.+);$", upstream_block(conf), re.M)
    assert servers == ["10.0.0.3:8000 max_fails=2 fail_timeout=5s", "10.0.0.4:8000 down"]
    # one host: exactly the line the single-host deployment always had
    assert re.findall(r"^\s*server (.+);$", upstream_block(render_config("127.0.0.1:8080", "127.0.0.1:8051", tmp_path)),
                      re.M) == ["127.0.0.1:8051"]
    with pytest.raises(ValueError):
        upstream_servers([])


def test_only_the_callbacks_are_retried_although_they_are_posts(tmp_path):
    conf = render_config("127.0.0.1:8080", ["10.0.0.3:8000", "10.0.0.4:8000"], tmp_path)
    directives = [line.strip() for line in conf.splitlines() if line.strip().startswith("proxy_next_upstream ")]
    assert "proxy_next_upstream error timeout http_502 http_503;" in directives
    callbacks = re.search(r"location = /_dash-update-component \{(.*?)\}", conf, re.S).group(1)
    assert "non_idempotent" in callbacks and "timeout" not in callbacks.split("proxy_next_upstream", 1)[1].split(";")[0]
    assert sum("non_idempotent" in d for d in directives) == 1
    # the comments keep their placeholders: a value of several lines must not end a comment
    assert "${PROXY_UPSTREAM}" in conf and all(line.lstrip().startswith("#") for line in conf.splitlines()
                                                if "${PROXY_" in line)


def test_nginx_accepts_the_configuration_with_two_hosts(tmp_path):
    nginx = nginx_binary()
    if nginx is None:
        pytest.skip("nginx ist nicht installiert (Debian: apt-get install nginx); .ci/run installiert es")
    conf = tmp_path / "nginx.conf"
    conf.write_text(render_config("127.0.0.1:8080", ["10.0.0.3:8000", "10.0.0.4:8000 down"], tmp_path), encoding="utf-8")
    done = subprocess.run([nginx, "-t", "-q", "-p", str(tmp_path), "-e", str(tmp_path / "error.log"), "-c", str(conf)],
                          capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
