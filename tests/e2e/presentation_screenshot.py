"""Screenshot of presentation mode for docs/ (projector size 1920x1080): the burden map with patterns."""
from __future__ import annotations

from playwright.sync_api import sync_playwright

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, ROOT, Server

SHOTS = {"praesentation.png": "/mehrfachbelastung?regel=umweltgerechtigkeit&jahr=2023&praesentation=1"}


def main() -> None:
    server = Server(ROOT / "data" / "demo")
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1920, "height": 1080})
            for name, path in SHOTS.items():
                page.goto(server.url + path)
                page.wait_for_selector("body.qm-presentation path.qm-outline")
                page.wait_for_timeout(800)
                page.screenshot(path=str(ROOT / "docs" / name))
                print("docs/" + name)
            browser.close()
    finally:
        server.stop()


if __name__ == "__main__":
    main()
