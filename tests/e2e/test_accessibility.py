"""Accessibility audit: axe-core (WCAG 2.0/2.1 A and AA rules) on every main view, in normal and
presentation mode, internal and public app. No violation of impact "serious" or "critical" may remain.

axe-core comes from npm (tests/e2e/package.json, version pinned in package-lock.json) and is
installed with `npm ci --prefix tests/e2e`; the fixture below does that itself when node_modules is
missing or holds another version.

How axe gets into the page: the app's Content-Security-Policy allows scripts from 'self' only (no
inline script, no eval), so `page.add_script_tag(path=...)` (an inline script) is blocked. The
browser context instead answers one extra same-origin URL with the axe file (`context.route`); the
page loads it like any app script, so axe runs under the app's real CSP and the request never
reaches the server (the public app would answer 404).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.e2e.conftest import wait_for_drawn, wait_until_settled

pytestmark = pytest.mark.e2e

E2E_DIR = Path(__file__).resolve().parent
AXE_JS = E2E_DIR / "node_modules" / "axe-core" / "axe.min.js"
AXE_URL_PATH = "/__test__/axe.min.js"  # answered by the browser context, never by the app
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = ("serious", "critical")
SHOWN_TARGETS = 4

MAP_READY = "#map path.qm-outline"
PROFILE_READY = "#profile-map path.qm-outline"
# (path, selector that is there once the view has painted)
INTERNAL_VIEWS = [
    ("/", MAP_READY),
    ("/?ebene=bezirksregion", MAP_READY),
    ("/mehrfachbelastung", "#burden-map path.qm-outline"),
    ("/sozialindex", "#index-map path.qm-outline"),
    ("/zeitreihen", "#qm-page .js-plotly-plot .main-svg"),
    ("/veraenderung", "#change-map path.qm-outline"),
    ("/vergleich?gebiete=01010101,01010102", "#compare-row-A1"),
    ("/gebiet/100201", PROFILE_READY),  # a Bezirksregion
    ("/gebiet/01010101", PROFILE_READY),  # a Planungsraum
    ("/datenschutz", "#legal-datenschutz"),
    ("/impressum", "#legal-impressum"),
]
PUBLIC_VIEWS = [
    ("/", MAP_READY),
    ("/gebiet/100201", PROFILE_READY),
    ("/mehrfachbelastung", "#burden-map path.qm-outline"),
    ("/zeitreihen", "#qm-page .js-plotly-plot .main-svg"),
    ("/impressum", "#legal-impressum"),
]

RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map(n => n.target.join(' '))}));
}"""


# -- axe-core from npm ---------------------------------------------------------------------------------
def _locked_axe_version() -> str:
    lock = json.loads((E2E_DIR / "package-lock.json").read_text(encoding="utf-8"))
    return lock["packages"]["node_modules/axe-core"]["version"]


def _installed_axe_version() -> str | None:
    manifest = E2E_DIR / "node_modules" / "axe-core" / "package.json"
    if not (manifest.exists() and AXE_JS.exists()):
        return None
    return json.loads(manifest.read_text(encoding="utf-8")).get("version")


@pytest.fixture(scope="session")
def axe_script() -> Path:
    """axe.min.js in the version of package-lock.json; runs `npm ci --prefix tests/e2e` if needed."""
    wanted = _locked_axe_version()
    if _installed_axe_version() == wanted:
        return AXE_JS
    npm = shutil.which("npm")
    if npm is None:
        reason = (f"axe-core {wanted} fehlt in tests/e2e/node_modules und npm ist nicht installiert: "
                  "apt-get install -y nodejs npm, danach npm ci --prefix tests/e2e.")
        if os.environ.get("CI"):
            pytest.fail(reason + " (.ci/run muss nodejs und npm installieren.)")
        pytest.skip(reason)
    done = subprocess.run([npm, "ci", "--prefix", str(E2E_DIR), "--no-audit", "--no-fund"],
                          capture_output=True, text=True, timeout=600)
    installed = _installed_axe_version()
    if done.returncode != 0 or installed != wanted:
        pytest.fail(f"npm ci --prefix tests/e2e ist fehlgeschlagen (Exit {done.returncode}, axe-core "
                    f"installiert: {installed}, erwartet: {wanted}). Ausgabe:\n{(done.stdout + done.stderr)[-3000:]}")
    return AXE_JS


# -- the audit -----------------------------------------------------------------------------------------
def with_presentation(path: str) -> str:
    return path + ("&" if "?" in path else "?") + "praesentation=1"


def audit(page, axe_script: Path, url: str, ready: str, presentation: bool) -> list[dict]:
    """Open the view, wait until it has painted and settled, run axe; return the violations."""
    page.context.route(f"**{AXE_URL_PATH}",
                       lambda route: route.fulfill(path=str(axe_script), content_type="application/javascript"))
    page.goto(url)
    wait_for_drawn(page, ready)
    if presentation:
        page.wait_for_selector("body.qm-presentation")
    wait_until_settled(page)  # audit only a settled page: no callback pending, restyles of the last one done
    page.add_script_tag(url=AXE_URL_PATH)
    assert page.evaluate("typeof window.axe") == "object", "axe-core wurde nicht geladen"
    return page.evaluate(RUN_AXE, WCAG_TAGS)


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        targets = ", ".join(v["targets"][:SHOWN_TARGETS]) + (" …" if len(v["targets"]) > SHOWN_TARGETS else "")
        lines.append(f"- {v['id']} [{v['impact']}] {v['help']} ({len(v['targets'])}×): {targets}")
    return "\n".join(lines)


def assert_accessible(violations: list[dict], where: str):
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"axe-core meldet auf {where} schwere Verstöße:\n{describe(blocking)}"


# axe_script comes first in every test: without npm the tests skip before a server is started
@pytest.mark.parametrize("presentation", [False, True], ids=["normal", "praesentation"])
@pytest.mark.parametrize("path,ready", INTERNAL_VIEWS, ids=[p for p, _ in INTERNAL_VIEWS])
def test_internal_views_have_no_serious_violations(axe_script, server, probe, path, ready, presentation):
    url = with_presentation(path) if presentation else path
    violations = audit(probe.page, axe_script, server.url + url, ready, presentation)
    assert_accessible(violations, url)


@pytest.mark.parametrize("path,ready", PUBLIC_VIEWS, ids=[p for p, _ in PUBLIC_VIEWS])
def test_public_views_have_no_serious_violations(axe_script, public_server, probe, path, ready):
    violations = audit(probe.page, axe_script, public_server.url + path, ready, presentation=False)
    assert_accessible(violations, f"{path} (öffentliche Ansicht)")


def test_sitzungsmappe_panel_has_no_serious_violations(axe_script, server, probe):
    """The Sitzungsmappe panel (a dialog over every view) audited open, on the map."""
    page = probe.page
    audit(page, axe_script, server.url + "/", MAP_READY, presentation=False)
    page.click("#qm-mappe-toggle")
    page.wait_for_selector("#qm-mappe-panel:not([hidden])")
    wait_until_settled(page)
    assert_accessible(page.evaluate(RUN_AXE, WCAG_TAGS), "/ mit geöffneter Sitzungsmappe")
