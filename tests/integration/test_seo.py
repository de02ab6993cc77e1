"""What search engines read (dashboard/seo.py): /robots.txt and the meta description, in both modes."""
from __future__ import annotations

import re
from html import unescape
from types import SimpleNamespace
from urllib.robotparser import RobotFileParser

import pytest

from dashboard import seo

DIRECTIVE = re.compile(r"^(User-agent|Allow|Disallow|Sitemap):\s*\S+$")


def robots(app) -> RobotFileParser:
    response = app.server.test_client().get("/robots.txt")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    text = response.get_data(as_text=True)
    # valid as Lighthouse reads it: every line a comment or a known directive with a value (before this route
    # the catch-all page route answered with the HTML index)
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    assert lines and all(DIRECTIVE.match(line) for line in lines), text
    parser = RobotFileParser()
    parser.parse(text.splitlines())
    return parser


def test_public_robots_txt_allows_the_pages_not_the_callbacks(public_app):
    parser = robots(public_app)
    for path in ("/", "/gebiet/01010101", "/methodik", "/daten", "/vergleich?gebiete=01010101", "/assets/qm.css",
                 "/_dash-component-suites/dash/dcc/async-dropdown.js", "/_dash-layout", "/geo/x.geojson"):
        assert parser.can_fetch("*", path), path
    for path in ("/_dash-update-component", "/healthz", "/daten/werte.csv"):
        assert not parser.can_fetch("Googlebot", path), path


def test_internal_robots_txt_disallows_everything(app):
    parser = robots(app)
    assert not any(parser.can_fetch("*", path) for path in ("/", "/gebiet/01010101", "/methodik"))


def meta(app, address: str) -> tuple[str, str]:
    html = app.server.test_client().get(address).get_data(as_text=True)
    descriptions = re.findall(r'<meta name="description" content="([^"]*)">', html)
    assert len(descriptions) == 1, address
    robots_meta = re.findall(r'<meta name="robots" content="([^"]*)">', html)
    return unescape(descriptions[0]), robots_meta[0] if robots_meta else ""


def test_meta_description_per_page_and_language(public_app, app):
    monitor = public_app.monitor
    area = monitor.area("01010101")
    start, robots_meta = meta(public_app, "/")
    assert start.startswith(f"Quartiersmonitor {monitor.dataset.title}: kleinräumige Kennzahlen") and robots_meta == ""
    profile, _ = meta(public_app, "/gebiet/01010101?jahr=2023")
    assert profile.startswith(f"Gebietsprofil {area['name']} (") and "01010101" in profile
    english, _ = meta(public_app, "/gebiet/01010101?sprache=en")
    assert english.startswith(f"Area profile {area['name']} (")
    assert meta(public_app, "/methodik")[0] != meta(public_app, "/daten")[0] != start
    # an unknown area or page gets the general sentence, never the path's text
    assert meta(public_app, "/gebiet/%3Cb%3Enope")[0] == start == meta(public_app, "/zeitreihen")[0]
    # the internal app: same description, and no indexing
    internal, robots_meta = meta(app, "/")
    assert internal == start and robots_meta == "noindex, nofollow"


def test_meta_description_is_escaped():
    dataset = SimpleNamespace(title_for=lambda lang: "Testdorf", level_ids=["x"], level=lambda level: None)
    monitor = SimpleNamespace(dataset=dataset, area=lambda area_id: {"area_id": "1", "level": "y", "name": 'A "<b>&'})
    tag = seo.meta_tags(monitor, True, "/gebiet/1", "de")
    assert '"<b>' not in tag and "&quot;&lt;b&gt;&amp;" in tag


@pytest.mark.parametrize("public", [True, False])
def test_robots_text_ends_with_a_newline(public):
    assert seo.robots_txt(public).endswith("\n")
