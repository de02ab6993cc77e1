"""Screenshot of an area profile for docs/profil.png: the real app under gunicorn in headless Chromium.

Run: python -m tests.e2e.profile_screenshot (from the repository root).
"""
from __future__ import annotations

from playwright.sync_api import sync_playwright

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, ROOT, Server

PATH = "/gebiet/100201?jahr=2024"  # Bezirksregion Kornheide: burdens, strengths and weaknesses, own notes


def main() -> None:
    server = Server(ROOT / "data" / "demo")
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1440, "height": 1500})
            page.goto(server.url + PATH)
            page.wait_for_selector("#profile-map path.qm-outline")
            page.wait_for_selector("#profile-chart-1 .main-svg")
            page.wait_for_timeout(500)
            page.screenshot(path=str(ROOT / "docs" / "profil.png"))
            print("docs/profil.png")
            browser.close()
    finally:
        server.stop()


if __name__ == "__main__":
    main()
