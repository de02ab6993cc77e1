"""Screenshots for docs/: the real app under gunicorn in headless Chromium (`make screenshots`)."""
from __future__ import annotations

from dataclasses import dataclass

from playwright.sync_api import sync_playwright

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, ROOT, Server, wait_for_drawn, wait_until_settled


@dataclass(frozen=True)
class Shot:
    file: str
    path: str
    ready: tuple[str, ...]  # selectors that must be there before the picture is taken
    width: int = 1440
    height: int = 900
    full_page: bool = False
    mode: str = "internal"  # QM_MODE of the server the picture is taken from


SHOTS = (
    Shot("karte.png", "/?indikator=A3&jahr=2024&ebene=planungsraum&gebiet=01010101", ("#map path.qm-outline",)),
    Shot("karte-bezirksregionen.png", "/?indikator=D3&jahr=2024&ebene=bezirksregion", ("#map path.qm-outline",)),
    # Bezirksregion Kornheide: burdens, strengths and weaknesses, own notes
    Shot("profil.png", "/gebiet/100201?jahr=2024", ("#profile-map path.qm-outline", "#profile-chart-1 .main-svg"), height=1500),
    # three Planungsräume as one funding area ("zusammen"), next to the city
    Shot("vergleich.png", "/vergleich?gebiete=01010101,01010102,01010103&jahr=2024&indikator=A3",
         ("#compare-row-A1", "#compare-chart .js-plotly-plot .bars"), full_page=True),
    # projector size, the burden map with its patterns
    Shot("praesentation.png", "/mehrfachbelastung?regel=umweltgerechtigkeit&jahr=2023&praesentation=1",
         ("body.qm-presentation path.qm-outline",), width=1920, height=1080),
    # the public app: small numbers withheld (hatched), the "öffentliche Ansicht" marker in the header
    Shot("oeffentlich.png", "/?indikator=A5&jahr=2024&ebene=planungsraum", ("#map path.qm-outline", "#map path.qm-area-suppressed"),
         mode="public"),
)


def main() -> None:
    servers: dict[str, Server] = {}
    try:
        for mode in dict.fromkeys(shot.mode for shot in SHOTS):  # one server per mode, in order of first use
            servers[mode] = Server(ROOT / "data" / "demo", mode=mode, workers=1)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for shot in SHOTS:
                page = browser.new_page(viewport={"width": shot.width, "height": shot.height})
                page.goto(servers[shot.mode].url + shot.path)
                for selector in shot.ready:
                    wait_for_drawn(page, selector)
                wait_until_settled(page)
                page.screenshot(path=str(ROOT / "docs" / shot.file), full_page=shot.full_page)
                page.close()
                print("docs/" + shot.file)
            browser.close()
    finally:
        for server in servers.values():
            server.stop()


if __name__ == "__main__":
    main()
