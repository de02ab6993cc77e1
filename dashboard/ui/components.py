"""Building blocks shared by the views: the area map, legends, notices, the view navigation."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import dash_leaflet as dl
from dash import html

from dashboard.geometry import GeometryService
from dashboard.i18n import t
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


def area_map(map_id: str, areas_id: str, ctx: ViewContext, level: str, hideout: dict[str, Any], label: str = "",
             bounds: list[list[float]] | None = None) -> html.Div:
    """A Leaflet map: areas of one level coloured from `hideout`, district outlines above them.

    The geometry comes by URL (fetched once, cached); the initial hideout is part of the layout,
    so the first paint has the right colours (dash-leaflet drops hideout updates while loading).
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
    return html.Div(
        dl.MapContainer(id=map_id, children=children, bounds=bounds or geometry.bounds, zoomSnap=0.25,
                        style={"height": "100%", "width": "100%"}, attributionControl=bool(tile_url), trackViewport=False),
        className="qm-map", role="region", **{"aria-label": label or t("map_aria")},
    )


def dropdown_labels(search: str, not_found: str) -> dict[str, str]:
    """German texts for dcc.Dropdown (its defaults are English)."""
    return {"search": search, "no_options_found": not_found, "clear_search": "Suche löschen",
            "clear_selection": "Auswahl löschen", "select_all": "Alle auswählen", "deselect_all": "Keine auswählen",
            "selected_count": "{num_selected} gewählt"}


def legend_rows(entries) -> html.Ul:
    """Colour swatches with labels; withheld/not rated entries get the hatch."""
    return html.Ul([
        html.Li([html.Span(className="qm-swatch", style={"backgroundColor": e.color},
                           **({"data-suppressed": "1"} if e.hatched else {})),
                 html.Span(e.label)], className="qm-legend-row")
        for e in entries
    ], className="qm-legend-rows")


def notice(notices: list[str], component_id: str) -> list:
    if not notices:
        return []
    return [html.Div([html.Strong(t("notice_title") + ": "), " ".join(notices)], id=component_id, className="qm-notice", role="status")]


def view_nav(active: str) -> html.Nav:
    return html.Nav([
        html.A(label, href=path, className="qm-nav-link" + (" qm-nav-active" if path == active else ""),
               **({"aria-current": "page"} if path == active else {}))
        for path, label in VIEWS
    ], className="qm-nav", **{"aria-label": "Ansichten"})
