"""Screenshot of the comparison view for docs/vergleich.png: the real app under gunicorn in headless Chromium.

Run: python -m tests.e2e.compare_screenshot (as tests/e2e/screenshots.py, which it is modelled on).
"""
from __future__ import annotations

from playwright.sync_api import sync_playwright

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, ROOT, Server

# three Planungsräume as one funding area ("zusammen"), next to the city
PATH = "/vergleich?gebiete=01010101,01010102,01010103&jahr=2024&indikator=A3"
TARGET = ROOT / "docs" / "vergleich.png"


def main() -> None:
    # one worker is enough for a screenshot and starts faster
    server = Server(ROOT / "data" / "demo", workers=1)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            page.goto(server.url + PATH)
            page.wait_for_selector("#compare-row-A1")
            page.wait_for_selector("#compare-chart .js-plotly-plot .bars")
            page.wait_for_timeout(500)
            page.screenshot(path=str(TARGET), full_page=True)
            print("docs/" + TARGET.name)
            browser.close()
    finally:
        server.stop()


if __name__ == "__main__":
    main()
