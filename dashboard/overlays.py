"""Map overlays: further layers drawn over the choropleth (facilities, funding areas, measures).

An overlay is described by `Overlay`; its features come from a provider. A provider is a module with

    overlays(monitor) -> list[Overlay]            # every overlay of the dataset (public and internal)
    features(monitor, overlay_id, lang) -> dict   # a GeoJSON FeatureCollection of one of its overlays

listed (by module name) in PROVIDERS. `features` is asked only for an overlay the provider named and, in public
mode, only for a public one; it filters its rows for public mode itself (only public rows, no internal fields).
Each feature's properties carry what the map shows (assets/qm_overlays.js): `title` (first tooltip line, bold),
`lines` (further tooltip lines, plain text) and optionally `color` (a feature's own colour, e.g. by category; the
overlay's `legend` then lists the colours with their labels).

The Monitor hands the overlays out (Monitor.overlays(), Monitor.overlay_features()); the app serves each overlay's
GeoJSON by a URL that carries the release and the language (`url`), cacheable like the geometry (dashboard/geometry.py).
The map view draws the chosen ones (dashboard/ui/overlays.py): points clustered, outlines in their own pane above the
choropleth, each with a legend entry, a tooltip and its credit in the map's attribution.
"""
from __future__ import annotations

import gzip
import importlib
import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask

    from dashboard.monitor import Monitor

# modules with overlays(monitor) and features(monitor, overlay_id, lang); one line each
PROVIDERS: tuple[str, ...] = (
    "dashboard.facilities",
    "dashboard.measures",
    "dashboard.kulissen",
)

KINDS = ("points", "outlines")
GROUPS = ("einrichtungen", "openstreetmap", "kulissen", "massnahmen")
GROUP_LABELS = {"einrichtungen": "Einrichtungen", "openstreetmap": "OpenStreetMap", "kulissen": "Förderkulissen",
                "massnahmen": "Maßnahmen"}  # German keys of dashboard/i18n (en/facilities.py)
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
ROUTE_PREFIX = "/ebenen"
URL_PARAM = "ebenen"
OSM_CREDIT = "© OpenStreetMap-Mitwirkende, ODbL 1.0"


@dataclass(frozen=True)
class Overlay:
    """One map layer that can be drawn over the choropleth."""

    id: str  # URL-safe, unique across providers ("kita", "em", "massnahmen")
    kind: str  # "points" (clustered markers) | "outlines" (polygon outlines)
    group: str  # "einrichtungen" | "openstreetmap" | "kulissen" | "massnahmen": the checklist's headings
    label_de: str
    label_en: str
    color: str  # CSS colour of markers / outlines and of the legend swatch
    attribution: str  # the credit line with licence, shown in the map's attribution while the layer is on
    public: bool  # shown in public mode at all
    dashed: bool = False  # outlines drawn dashed (a context layer, e.g. Berlin's städtebauliche Erhaltungsgebiete)
    legend: tuple[tuple[str, str], ...] = ()  # (label, colour) rows under the layer's legend entry: points by category
    attribution_en: str = ""  # the credit in English where it has words of the app's own (else `attribution`)

    def __post_init__(self):
        if not ID_PATTERN.match(self.id):
            raise ValueError(f"Ebene {self.id!r}: die Kennung darf nur a–z, 0–9, „-“ und „_“ enthalten (höchstens 40 Zeichen).")
        if self.kind not in KINDS:
            raise ValueError(f"Ebene {self.id!r}: kind={self.kind!r} ist weder 'points' noch 'outlines'.")
        if self.group not in GROUPS:
            raise ValueError(f"Ebene {self.id!r}: group={self.group!r} ist keine der Gruppen {', '.join(GROUPS)}.")

    def label(self, lang: str = "de") -> str:
        return self.label_en if lang == "en" and self.label_en else self.label_de

    def credit(self, lang: str = "de") -> str:
        return self.attribution_en if lang == "en" and self.attribution_en else self.attribution


def _provider(name: str):
    return importlib.import_module(name)


def all_overlays(monitor: Monitor) -> list[tuple[Overlay, Any]]:
    """(overlay, provider module) of every provider, in PROVIDERS order; ids must be unique."""
    out: list[tuple[Overlay, Any]] = []
    seen: set[str] = set()
    for name in PROVIDERS:
        module = _provider(name)
        for overlay in module.overlays(monitor):
            if overlay.id in seen:  # the import prevents it (ingest/layer_checks.py); a hand-edited dataset.toml
                from dashboard.catalog import RegistryError
                raise RegistryError(f"Ebene {overlay.id!r} ist doppelt vergeben ({name}).")
            seen.add(overlay.id)
            out.append((overlay, module))
    return out


def parse_param(value: Any, available: list[str]) -> tuple[str, ...]:
    """The overlays named in `ebenen=` (comma-separated) that exist, in the order of `available`, no duplicates."""
    if not isinstance(value, str):
        return ()
    wanted = {part.strip() for part in value.split(",")}
    return tuple(o for o in available if o in wanted)


def url(monitor: Monitor, overlay_id: str, lang: str = "de") -> str:
    """The address of an overlay's GeoJSON: release and language in the name, so the browser may keep it for good."""
    return f"{ROUTE_PREFIX}/{overlay_id}.{'en' if lang == 'en' else 'de'}.{monitor.dataset.release}.geojson"


_NAME = re.compile(r"^([a-z0-9][a-z0-9_-]{0,39})\.(de|en)\.([A-Za-z0-9_-]{1,64})\.geojson$")


def register(server: Flask, monitor: Monitor) -> None:
    """Serve /ebenen/<id>.<lang>.<release>.geojson (only overlays this mode shows; 404 otherwise)."""
    from flask import Response, abort, request

    payloads: dict[tuple[str, str], tuple[bytes, bytes]] = {}

    @server.route(f"{ROUTE_PREFIX}/<name>")
    def overlay_geojson(name: str):
        match = _NAME.match(name)
        if match is None or match.group(3) != monitor.dataset.release:
            abort(404)
        overlay_id, lang = match.group(1), match.group(2)
        if (overlay_id, lang) not in payloads:
            if monitor.overlay(overlay_id) is None:
                abort(404)
            raw = json.dumps(monitor.overlay_features(overlay_id, lang), ensure_ascii=False, separators=(",", ":")).encode()
            payloads[(overlay_id, lang)] = (raw, gzip.compress(raw, compresslevel=6, mtime=0))
        raw, gz = payloads[(overlay_id, lang)]
        gzip_ok = "gzip" in request.headers.get("Accept-Encoding", "")
        response = Response(gz if gzip_ok else raw, mimetype="application/geo+json")
        if gzip_ok:
            response.headers["Content-Encoding"] = "gzip"
        response.headers["Vary"] = "Accept-Encoding"
        response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
        return response


def feature_collection(features: list[dict]) -> dict:
    return {"type": "FeatureCollection", "features": features}
