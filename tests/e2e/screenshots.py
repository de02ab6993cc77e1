"""Screenshots for docs/: the real app under gunicorn in headless Chromium (`make screenshots`).

Most pictures show the demo city (data/demo). The Berlin ones (a Neukölln slide, a printed profile) use
data/berlin when it was imported there (`python -m dashboard import-berlin --source ../shared/data/berlin --out data`),
otherwise they import ../shared/data/berlin into a temporary folder; without the source they are left out, saying so.
"""
from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

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
    dataset: str = "demo"  # "demo" or "berlin"
    media: str = "screen"  # "print": the page as the browser prints it (print style sheet, A4 width)
    taps: tuple[str, ...] = ()  # buttons tapped (in order) before the picture, e.g. a folded legend
    # below 800 px wide the page is opened as on a phone or tablet: a touch screen, the page's own viewport

    @property
    def phone(self) -> bool:
        return self.width < 800


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
    # the steering-group question on the projector: Neukölln's multiply burdened Planungsräume, named, zoomed
    Shot("praesentation-neukoelln.png", "/mehrfachbelastung?bezirk=08&praesentation=1",
         ("body.qm-presentation path.qm-outline",), width=1920, height=1080, dataset="berlin"),
    # the first printed page of a Planungsraum profile (A4 at 96 dpi: 794 px wide)
    Shot("profil-druck.png", "/gebiet/08301036", ("#profile-map path.qm-outline",), width=794, height=1123,
         dataset="berlin", media="print"),
    # the public site on a phone (390 x 844): the map first, a tapped Planungsraum's figures in the sheet below it
    Shot("telefon-karte.png", "/?gebiet=08100102", ("#map path.qm-outline", ".qm-area-sheet .qm-area-name"),
         width=390, height=844, mode="public", dataset="berlin"),
    # the legend opened from its one-line key, the status index
    Shot("telefon-legende.png", "/sozialindex?bezirk=08", ("#index-map path.qm-outline",), width=390, height=844,
         mode="public", dataset="berlin", taps=(".qm-legend-toggle",)),
    Shot("telefon-mehrfachbelastung.png", "/mehrfachbelastung?bezirk=08", ("#burden-map path.qm-outline",),
         width=390, height=844, mode="public", dataset="berlin"),
    # the profile: head, small map, then the tables (they scroll sideways in their own box)
    Shot("telefon-profil.png", "/gebiet/08100102", ("#profile-map path.qm-outline",), width=390, height=844,
         mode="public", dataset="berlin"),
    # the place search for a postcode: the areas it covers by share of its addresses, then the map focused on them
    Shot("telefon-suche.png", "/suche?ort=12049", ("#suche-results .qm-search-list", "#suche-map path.qm-area"),
         width=390, height=844, mode="public", dataset="berlin"),
    # an indicator's fact sheet, its first screen (definition, unit, source; below: Stichtag, direction, small map)
    Shot("telefon-steckbrief.png", "/indikator/MSS_S1", ("#sheet-map path.leaflet-interactive",),
         width=390, height=844, mode="public", dataset="berlin"),
)


def berlin_data(workdir: Path) -> Path | None:
    """The imported Berlin dataset: data/berlin, else a fresh import of ../shared/data/berlin; None without source."""
    if (ROOT / "data" / "berlin" / "dataset.toml").is_file():
        return ROOT / "data" / "berlin"
    source = ROOT.parent / "shared" / "data" / "berlin"
    if not source.is_dir():
        print(f"Berliner Bilder ausgelassen: weder data/berlin noch {source} vorhanden.")
        return None
    from dashboard.ingest.berlin import import_berlin

    return next(p for p in import_berlin(source, workdir) if p.name == "berlin")


def main(only: list[str] | None = None) -> None:
    """Take every picture, or those whose file name contains one of `only` (`python -m tests.e2e.screenshots telefon`)."""
    servers: dict[tuple[str, str], Server] = {}
    workdir = tempfile.TemporaryDirectory(prefix="qm-screenshots-")
    try:
        chosen = [shot for shot in SHOTS if not only or any(part in shot.file for part in only)]
        data = {"demo": ROOT / "data" / "demo"}
        if any(shot.dataset == "berlin" for shot in chosen) and (berlin := berlin_data(Path(workdir.name))):
            data["berlin"] = berlin
        shots = [shot for shot in chosen if shot.dataset in data]
        for key in dict.fromkeys((shot.dataset, shot.mode) for shot in shots):  # one server each, in order of first use
            servers[key] = Server(data[key[0]], mode=key[1], workers=1)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for shot in shots:
                page = browser.new_page(viewport={"width": shot.width, "height": shot.height},
                                        has_touch=shot.phone, is_mobile=shot.phone)
                page.emulate_media(media=shot.media)
                page.goto(servers[(shot.dataset, shot.mode)].url + shot.path)
                for selector in shot.ready:
                    wait_for_drawn(page, selector)
                wait_until_settled(page)
                for selector in shot.taps:
                    page.locator(selector).tap()
                    wait_until_settled(page)
                page.screenshot(path=str(ROOT / "docs" / shot.file), full_page=shot.full_page)
                page.close()
                print("docs/" + shot.file)
            browser.close()
    finally:
        for server in servers.values():
            server.stop()
        workdir.cleanup()


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
