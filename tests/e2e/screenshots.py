"""Screenshots for docs/: the real app under gunicorn in headless Chromium (`make screenshots`)."""
from __future__ import annotations

from playwright.sync_api import sync_playwright

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, ROOT, Server

SHOTS = {
    "karte.png": "/?indikator=A3&jahr=2024&ebene=planungsraum&gebiet=01010101",
    "karte-bezirksregionen.png": "/?indikator=D3&jahr=2024&ebene=bezirksregion",
}


def main() -> None:
    server = Server(ROOT / "data" / "demo")
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            for name, path in SHOTS.items():
                page.goto(server.url + path)
                page.wait_for_selector("#map path.qm-outline")
                page.wait_for_timeout(500)
                page.screenshot(path=str(ROOT / "docs" / name))
                print("docs/" + name)
            browser.close()
    finally:
        server.stop()


if __name__ == "__main__":
    main()
