"""Building blocks shared by the views: the area map, legends, notices, the view navigation."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import dash_leaflet as dl
from dash import dcc, html

from dashboard.geometry import GeometryService
from dashboard.i18n import language, t, tt
from dashboard.monitor import Monitor
from dashboard.settings import Settings


@dataclass(frozen=True)
class ViewContext:
    """What every view needs: data access, geometry, settings and the id of the page URL."""

    monitor: Monitor
    geometry: GeometryService
    settings: Settings
    url_id: str = "qm-url"


STYLE = {"variable": "qm.map.areaStyle"}
ON_EACH_AREA = {"variable": "qm.map.onEachArea"}
OUTLINE_STYLE = {"variable": "qm.map.outlineStyle"}

VIEWS = (("/", "Karte"), ("/mehrfachbelastung", "Mehrfachbelastung"), ("/sozialindex", "Status/Dynamik-Index"),
         ("/zeitreihen", "Zeitreihen"), ("/veraenderung", "Veränderung"), ("/vergleich", "Vergleich"))


def page_language(params: dict[str, Any]) -> str:
    """The language the router chose for this page (from ?sprache=, kept while navigating)."""
    return language(params.get("_sprache"))


CANVAS_ABOVE = 3000  # areas; beyond this SVG paths make the browser slow, a canvas stays fast


def colouring(areas_id: str) -> str:
    """Id of the store a view writes a new hideout to; assets/qm_map.js recolours the existing
    layers from it (dash-leaflet would throw away and rebuild every layer on a hideout change)."""
    return f"{areas_id}-colouring"


def area_map(map_id: str, areas_id: str, ctx: ViewContext, level: str, hideout: dict[str, Any], label: str = "",
             bounds: list[list[float]] | None = None) -> html.Div:
    """A Leaflet map: areas of one level coloured from `hideout`, district outlines above them.

    The geometry comes by URL (fetched once, cached); the initial hideout is part of the layout,
    so the first paint has the right colours (dash-leaflet drops hideout updates while loading).
    Later colourings go to the `colouring(areas_id)` store (see register_colouring).
    """
    geometry, tile_url = ctx.geometry, ctx.settings.tile_url
    children: list = []
    if tile_url:
        children.append(dl.TileLayer(url=tile_url, attribution=ctx.settings.tile_attribution))
    children += [
        dl.GeoJSON(id=areas_id, url=geometry.url(level), style=STYLE, onEachFeature=ON_EACH_AREA,
                   hideout=hideout, hoverStyle={"weight": 3, "color": "#111"}),
        # district outlines in a pane above the areas, whichever geometry arrives first
        dl.Pane(dl.GeoJSON(id=f"{areas_id}-outlines", url=geometry.url(geometry.outline_level), style=OUTLINE_STYLE,
                           interactive=False),
                name="qm-outlines", style={"zIndex": 450, "pointerEvents": "none"}),
    ]
    canvas = geometry.feature_count() > CANVAS_ABOVE
    return html.Div([
        dl.MapContainer(id=map_id, children=children, bounds=bounds or geometry.bounds, zoomSnap=0.25, preferCanvas=canvas,
                        style={"height": "100%", "width": "100%"}, attributionControl=bool(tile_url), trackViewport=False),
        dcc.Store(id=colouring(areas_id)),
        dcc.Store(id=f"{areas_id}-painted"),  # the key of the last colouring applied (for tests and benchmarks)
    ], className="qm-map", role="region", **{"aria-label": label or t("Karte der Gebiete, eingefärbt nach dem gewählten Indikator")})


def register_colouring(app, areas_id: str) -> None:
    """Recolour the areas in the browser whenever a view writes a hideout to colouring(areas_id)."""
    from dash import ClientsideFunction, Input, Output, State

    app.clientside_callback(ClientsideFunction(namespace="qm", function_name="recolour"),
                            Output(f"{areas_id}-painted", "data"), Input(colouring(areas_id), "data"), State(areas_id, "id"),
                            prevent_initial_call=True)


def dropdown_labels(search: str, not_found: str, lang: str = "de") -> dict[str, str]:
    """The texts of dcc.Dropdown in the page language (its defaults are English); search and
    not_found are already translated by the caller."""
    return {"search": search, "no_options_found": not_found, "clear_search": t("Suche löschen", lang),
            "clear_selection": t("Auswahl löschen", lang), "select_all": t("Alle auswählen", lang),
            "deselect_all": t("Keine auswählen", lang), "selected_count": t("{num_selected} gewählt", lang)}


def legend_rows(entries) -> html.Ul:
    """Colour swatches with labels; withheld/not rated entries get the hatch."""
    return html.Ul([
        html.Li([html.Span(className="qm-swatch", style={"backgroundColor": e.color},
                           **({"data-suppressed": "1"} if e.hatched else {})),
                 html.Span(e.label)], className="qm-legend-row")
        for e in entries
    ], className="qm-legend-rows")


def notice(notices: list[str], component_id: str, lang: str = "de") -> list:
    """The short notice for a view opened from a faulty link (the notices are German texts, translated here)."""
    if not notices:
        return []
    return [html.Div([html.Strong(t("Hinweis", lang) + ": "), " ".join(tt(n, lang) for n in notices)], id=component_id,
                     className="qm-notice", role="status")]


def view_nav(active: str, lang: str = "de") -> html.Nav:
    return html.Nav([
        html.A(t(label, lang), href=path + ("?sprache=en" if lang == "en" else ""),
               className="qm-nav-link" + (" qm-nav-active" if path == active else ""),
               **({"aria-current": "page"} if path == active else {}))
        for path, label in VIEWS
    ], className="qm-nav", **{"aria-label": t("Ansichten", lang)})


_HIDEOUT_TEXTS = ("label", "unit", "suppressedLabel", "noDataLabel", "estimateLabel", "withheldInternalLabel")


def localized_hideout(hideout: dict[str, Any], lang: str) -> dict[str, Any]:
    """The map's hideout with its tooltip words and number format in the page language.

    The data layer writes German words into the hideout; translating them here keeps the
    monitor's (cached) bundles language-neutral. Per-area labels (`labels`, `burdens`) are the
    caller's to translate."""
    out = dict(hideout, locale="en-GB" if lang == "en" else "de-DE")
    if out.get("withheld"):  # withheld values are in the hideout only internally; no internal wording in public responses
        out.setdefault("withheldInternalLabel", "geringe Fallzahl (nur intern)")
    for key in _HIDEOUT_TEXTS:
        if isinstance(out.get(key), str):
            out[key] = tt(out[key], lang)
    return out
