"""The map's further layers (dashboard/overlays.py): the checklist "Weitere Ebenen", the layers drawn for the chosen
overlays (points clustered, outlines in their own pane above the choropleth and below the place names), a legend entry
and the credit of each. The URL keeps the choice as `ebenen=a,b` (assets/qm_overlays.js syncOverlays)."""
from __future__ import annotations


import dash_leaflet as dl
from dash import ClientsideFunction, Dash, Input, Output, State, dcc, html, no_update

from dashboard import overlays as overlay_registry
from dashboard.i18n import language, t, tt
from dashboard.monitor import Monitor
from dashboard.ui import ids

CHECKLIST = "map-overlays"
POINTS = "map-overlay-points"
OUTLINES = "map-overlay-outlines"
LEGEND = "map-overlay-legend"
URL_SYNC = "map-overlay-url"
PANE = "qm-overlay-outlines"  # z-index 455: above the choropleth and the district outlines (450), below the names (460)
POINTS_PANE = "qm-overlay-points"  # z-index 457: markers and clusters above the outlines, still below the place names (460)

POINT_TO_LAYER = {"variable": "qm.overlays.pointToLayer"}
CLUSTER_TO_LAYER = {"variable": "qm.overlays.clusterToLayer"}
ON_EACH = {"variable": "qm.overlays.onEachFeature"}
OUTLINE_STYLE = {"variable": "qm.overlays.outlineStyle"}


def available(monitor: Monitor) -> list[str]:
    return [o.id for o in monitor.overlays()]


def checklist(monitor: Monitor, active: tuple[str, ...] | list[str], lang: str = "de") -> list:
    """The "Weitere Ebenen" control, grouped (official facilities, OpenStreetMap, Förderkulissen, Maßnahmen); nothing
    when the dataset has no overlays (the checklist stays in the page, hidden, as the callbacks read it)."""
    shown = monitor.overlays()
    options = []
    for group in overlay_registry.GROUPS:
        members = [o for o in shown if o.group == group]
        if not members:
            continue
        options.append({"label": html.Span(tt(overlay_registry.GROUP_LABELS[group], lang), className="qm-overlay-group"),
                        "value": f"__{group}", "disabled": True})
        options += [{"label": html.Span([html.Span(className=f"qm-overlay-swatch qm-overlay-swatch-{o.kind}",
                                                   style={"--qm-overlay-color": o.color, **({"borderStyle": "dashed"} if o.dashed else {})}), o.label(lang)]),
                     "value": o.id} for o in members]
    return [html.Div([
        html.Label(t("Weitere Ebenen", lang), htmlFor=CHECKLIST, className="qm-label"),
        dcc.Checklist(id=CHECKLIST, options=options, value=[o for o in active if not o.startswith("__")],
                      className="qm-overlay-checklist", inputClassName="qm-overlay-input", labelClassName="qm-overlay-option"),
    ], className="qm-overlay-control", hidden=not shown)]


def layers(monitor: Monitor, active, lang: str = "de") -> tuple[list, list]:
    """(outline layers, point layers) of the chosen overlays: one dl.GeoJSON each, fetched by URL, with its credit."""
    outlines, points = [], []
    for overlay in monitor.overlays():
        if overlay.id not in active:
            continue
        hideout = {"id": overlay.id, "color": overlay.color, "label": overlay.label(lang), "kind": overlay.kind,
                   "credit": overlay.credit(lang), "dash": "6 5" if overlay.dashed else None,
                   "pane": POINTS_PANE if overlay.kind == "points" else None}
        common = dict(id=f"map-overlay-{overlay.id}", url=overlay_registry.url(monitor, overlay.id, lang),
                      hideout=hideout, onEachFeature=ON_EACH, attribution=overlay.credit(lang))
        if overlay.kind == "points":
            points.append(dl.GeoJSON(**common, cluster=True, zoomToBoundsOnClick=True, pointToLayer=POINT_TO_LAYER,
                                     clusterToLayer=CLUSTER_TO_LAYER, spiderfyOnMaxZoom=True,
                                     superClusterOptions={"radius": 50, "maxZoom": 15}))
        else:
            outlines.append(dl.GeoJSON(**common, style=OUTLINE_STYLE, pane=PANE))
    return outlines, points


def legend(monitor: Monitor, active, lang: str = "de") -> list:
    """One entry per chosen overlay: swatch (a dot for points, an outline for polygons), name, credit; a layer coloured
    by category lists its categories (dot and label) under its name."""
    def categories(o) -> list:
        if not o.legend:
            return []
        return [html.Ul([html.Li([html.Span(className="qm-overlay-swatch qm-overlay-swatch-points", style={"--qm-overlay-color": color}),
                                  html.Span(label)], className="qm-overlay-legend-category") for label, color in o.legend],
                        className="qm-overlay-legend-categories")]

    rows = [html.Li([html.Span(className=f"qm-overlay-swatch qm-overlay-swatch-{o.kind}", style={"--qm-overlay-color": o.color, **({"borderStyle": "dashed"} if o.dashed else {})}),
                     html.Span(o.label(lang), className="qm-overlay-legend-label"), *categories(o),
                     html.Span(o.credit(lang), className="qm-overlay-legend-credit")],
                    className="qm-overlay-legend-row", **{"data-overlay": o.id})
            for o in monitor.overlays() if o.id in active]
    return [html.Ul(rows, className="qm-overlay-legend-rows")] if rows else []


def map_children(monitor: Monitor, active, lang: str = "de") -> list:
    """What the map holds for the overlays: the outline pane and the point pane (both updated by the callback). The
    points sit in their own pane below the place names (the names pane ignores the pointer, so clusters stay
    clickable): at city zoom a cluster would otherwise hide the name of the district it stands on."""
    outlines, points = layers(monitor, active, lang)
    return [dl.Pane(outlines, id=OUTLINES, name=PANE, style={"zIndex": 455}),
            dl.Pane(points, id=POINTS, name=POINTS_PANE, style={"zIndex": 457})]


def legend_box(monitor: Monitor, active, lang: str = "de") -> html.Div:
    return html.Div(legend(monitor, active, lang), id=LEGEND, className="qm-overlay-legend",
                    role="region", **{"aria-label": t("Weitere Ebenen", lang)})


def stores() -> list:
    return [dcc.Store(id=URL_SYNC)]


def register_callbacks(app: Dash, monitor: Monitor) -> None:
    """A change of the checklist redraws the chosen layers and their legend; the URL keeps the choice."""

    @app.callback(Output(OUTLINES, "children"), Output(POINTS, "children"), Output(LEGEND, "children"),
                  Input(CHECKLIST, "value"), State(ids.LANG, "data"), prevent_initial_call=True)
    def draw_overlays(value, lang):
        lang = language(lang)
        names = [v for v in value if isinstance(v, str)] if isinstance(value, list) else []
        if not monitor.overlays():
            return no_update, no_update, no_update
        active = tuple(o for o in available(monitor) if o in names)
        outlines, points = layers(monitor, active, lang)
        return outlines, points, legend(monitor, active, lang)

    app.clientside_callback(ClientsideFunction(namespace="qm_overlays", function_name="syncOverlays"),
                            Output(URL_SYNC, "data"), Input(CHECKLIST, "value"), prevent_initial_call=True)
