"""Building blocks shared by the views: the area map, legends, notices, the view navigation, the indicator
picker and the texts around an indicator. Views import these, never each other."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import dash_leaflet as dl
from dash import dcc, html

from dashboard.catalog import Indicator
from dashboard.geometry import GeometryService
from dashboard.i18n import language, t, tt
from dashboard.monitor import Monitor
from dashboard.present import LegendRow, levels_in_sentence
from dashboard.settings import Settings
from dashboard.state import district_names
from dashboard.urls import href


@dataclass(frozen=True)
class ViewContext:
    """What every view needs: data access, geometry, settings and the id of the page URL."""

    monitor: Monitor
    geometry: GeometryService
    settings: Settings
    url_id: str = "qm-url"


STYLE = {"variable": "qm.map.areaStyle"}
ON_EACH_AREA = {"variable": "qm.labels.onEachArea"}  # qm.map.onEachArea (colour, tooltip), then the area's name
ON_EACH_OUTLINE = {"variable": "qm.labels.onEachOutline"}  # the outline level's names
OUTLINE_STYLE = {"variable": "qm.map.outlineStyle"}

VIEWS = (("/", "Karte"), ("/mehrfachbelastung", "Mehrfachbelastung"), ("/sozialindex", "Status/Dynamik-Index"),
         ("/zeitreihen", "Zeitreihen"), ("/veraenderung", "Veränderung"), ("/vergleich", "Vergleich"),
         ("/gruppen", "Gruppen"))


def page_language(params: dict[str, Any]) -> str:
    """The language the router chose for this page (from ?sprache=, kept while navigating)."""
    return language(params.get("_sprache"))


CANVAS_ABOVE = 3000  # areas; beyond this SVG paths make the browser slow, a canvas stays fast


def colouring(areas_id: str) -> str:
    """Id of the store a view writes a new hideout to; assets/qm_map.js recolours the existing
    layers from it (dash-leaflet would throw away and rebuild every layer on a hideout change)."""
    return f"{areas_id}-colouring"


def area_map(map_id: str, areas_id: str, ctx: ViewContext, level: str, hideout: dict[str, Any], label: str = "",
             overlays: list | None = None) -> html.Div:
    """A Leaflet map: areas of one level coloured from `hideout`, district outlines above them, place names
    from the label points of the geometry (assets/qm_labels.js: the outline level when it is not the shown level,
    the areas when zoomed in or in the focus, no overlaps; docs/ingest.md "Namen auf der Karte").

    The geometry comes by URL (fetched once, cached); the initial hideout is part of the layout,
    so the first paint has the right colours (dash-leaflet drops hideout updates while loading).
    Later colourings go to the `colouring(areas_id)` store (see register_colouring).
    The map opens on the whole city; a view in `hideout["view"]` (MapFocus) is fitted by assets/qm_map.js
    alone, clear of the title and legend, so there is one fit, not a second one from the container's bounds.
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
                           onEachFeature=ON_EACH_OUTLINE, interactive=False),
                name="qm-outlines", style={"zIndex": 450, "pointerEvents": "none"}),
        *(overlays or []),  # further layers (dashboard/ui/overlays.py); their credits need the attribution control
    ]
    canvas = geometry.feature_count() > CANVAS_ABOVE
    return html.Div([
        dl.MapContainer(id=map_id, children=children, bounds=geometry.bounds, zoomSnap=0.25, preferCanvas=canvas,
                        style={"height": "100%", "width": "100%"}, attributionControl=bool(tile_url) or overlays is not None, trackViewport=False),
        dcc.Store(id=colouring(areas_id)),
        dcc.Store(id=f"{areas_id}-painted"),  # the key of the last colouring applied (for tests and benchmarks)
    ], className="qm-map", role="region", **{"aria-label": label or t("Karte der Gebiete, eingefärbt nach dem gewählten Indikator")})


@dataclass(frozen=True)
class MapFocus:
    """Where a map looks and what it draws at full strength: the one way the map views focus (the map's drill-down
    shares the members; the burden, index and change maps' district filters use all of it). Areas outside `members`
    fade (hideout.focus in assets/qm_map.js). `view` goes into the hideout as well: assets/qm_map.js fits it clear
    of the title and legend on first paint and flies to a new one when a filter changes, so the zoom buttons work
    around the focus."""

    members: dict[str, int] | None = None  # area id -> 1 for the areas drawn at full strength; None: all
    view: list[list[float]] | None = None  # what the map shows, [[south, west], [north, east]]: the focus or the city

    def hideout(self) -> dict[str, Any]:
        """The hideout keys of the focus (assets/qm_map.js: focus, view)."""
        return {"focus": self.members, "view": self.view}


def focus_members(monitor: Monitor, area_id: str | None, level: str, keep: Any = None) -> dict[str, int] | None:
    """The areas of `level` a map draws at full strength (hideout.focus): those inside `area_id` (an area of
    `level` or above, e.g. a Bezirk), narrowed to `keep` (area ids a filter lets through); None: all."""
    members = None
    if area_id:
        members = set(monitor.descendants(area_id, level)) or {area_id}  # at its own level: the area itself
    if keep is not None:
        members = set(keep) if members is None else members & set(keep)
    return {a: 1 for a in sorted(members)} if members is not None else None


def map_focus(ctx: ViewContext, area_id: str | None, level: str, keep: Any = None) -> MapFocus:
    """The focus on `area_id` for a map of `level`: the area's bounds (the city's without one) and its members."""
    bounds = ctx.geometry.area_bounds(area_id) if area_id else None
    return MapFocus(members=focus_members(ctx.monitor, area_id, level, keep), view=bounds or ctx.geometry.bounds)


def register_colouring(app, areas_id: str) -> None:
    """Recolour the areas in the browser whenever a view writes a hideout to colouring(areas_id); the same
    callback (qm.map.recolour) hands a new focus or selection to the place names (qm.labels.refocus)."""
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


def district_picker(component_id: str, monitor: Monitor, value: str | None, lang: str = "de") -> list:
    """Label and dropdown of the district filter (the map views' `bezirk=`): the dataset's top-level areas, named
    by that level ("Bezirk", "Stadtteil"). Hidden for a dataset with one level (nothing to focus on); the dropdown
    stays in the page, as the view's callbacks read it."""
    names = district_names(monitor)
    levels = monitor.dataset.level_ids
    top = monitor.dataset.level(levels[-1])
    label, several = top.label(lang), levels_in_sentence(monitor.dataset, top.id, lang)  # inside a sentence: "all districts"
    return [html.Div([
        html.Label(label, htmlFor=component_id, className="qm-label"),
        dcc.Dropdown(id=component_id, options=[{"label": n, "value": i} for i, n in names.items()],
                     value=value if value in names else None, placeholder=t("alle {levels}", lang, levels=several),
                     clearable=True,
                     labels=dropdown_labels(t("{levels} suchen", lang, levels=several), t("Nichts gefunden", lang), lang)),
    ], className="qm-district-picker", hidden=not names)]


def district_title(text: str, monitor: Monitor, district: str | None, *more: str) -> str:
    """A map title with what it is narrowed to after a dash: the district in focus (by name), then other filters
    ("… – Neukölln; nur mit Belastungen in: Umwelt")."""
    parts = [p for p in (district_names(monitor).get(district, district) if district else "", *more) if p]
    return f"{text} – {'; '.join(parts)}" if parts else text


def in_focus(table: Any, view: MapFocus) -> Any:
    """The rows (indexed by area id) of what a legend counts: the areas drawn at full strength (view.members), all
    without a focus. Only ids the map shows are counted, so a public legend counts nothing the public map hides."""
    return table if view.members is None else table[table.index.isin(list(view.members))]


def focus_note(view: MapFocus, lang: str = "de") -> list:
    """The legend line for a map that fades areas outside its focus; nothing without a focus."""
    if view.members is None:
        return []
    return [html.Div(t("blass: Gebiete außerhalb der Auswahl", lang), className="qm-legend-meta qm-focus-note")]


def focus_counted(heading: str, monitor: Monitor, district: str | None, lang: str = "de") -> str:
    """A legend heading whose numbers count the areas in the district in focus: "… (Anzahl Gebiete in Neukölln)"."""
    name = district_names(monitor).get(district) if district else None
    return (t("{heading} (Anzahl Gebiete in {district})", lang, heading=heading, district=name) if name
            else t("{heading} (Anzahl Gebiete)", lang, heading=heading))


def legend_rows(rows: list[LegendRow]) -> html.Ul:
    """Colour swatches with labels (rows from dashboard.present.legend_rows); withheld/not rated rows get the hatch,
    outlined rows the map's dashed outline (assets/qm.css .qm-swatch-outlined)."""
    return html.Ul([
        html.Li([html.Span(className="qm-swatch" + (" qm-swatch-outlined" if r.outlined else ""), style={"backgroundColor": r.color},
                           **({"data-suppressed": "1"} if r.hatched else {})),
                 html.Span(r.label)], className="qm-legend-row")
        for r in rows
    ], className="qm-legend-rows")


def notice(notices: list[str], component_id: str, lang: str = "de") -> list:
    """The short notice for a view opened from a faulty link (the notices are German texts, translated here)."""
    if not notices:
        return []
    return [html.Div([html.Strong(t("Hinweis", lang) + ": "), " ".join(tt(n, lang) for n in notices)], id=component_id,
                     className="qm-notice", role="status")]


def empty_state(component_id: str, what: Any, details: list | tuple = (), offers: list | tuple = (), intro: str | None = None) -> list:
    """The block a view shows where it has nothing to draw (assets/qm_empty.css): what is missing (in bold), details
    (each a paragraph), and the links `offers` to views that have values, as a list after `intro`. Texts in the page
    language already (the views word them; docs/methods.md, „Leere Zustände“)."""
    out: list = [html.P(html.Strong(what)), *[html.P(d) for d in details]]
    if offers:
        out += [html.P(intro)] if intro else []
        out.append(html.Ul([html.Li(a) for a in offers]))
    return [html.Div(out, className="qm-empty", role="status", id=component_id)]


def view_nav(active: str, lang: str = "de") -> html.Nav:
    """The row of views; on a narrow screen it scrolls sideways inside its own box (assets/qm_phone.css), never
    widening the page, and assets/qm_phone.js scrolls the active view into sight."""
    return html.Nav([
        html.A(t(label, lang), href=href(path, {}, lang),
               className="qm-nav-link" + (" qm-nav-active" if path == active else ""),
               **({"aria-current": "page"} if path == active else {}))
        for path, label in VIEWS
    ], className="qm-nav", **{"aria-label": t("Ansichten", lang)})


def toggle_button(text: str, controls: str, class_name: str, expanded: bool = False, **attributes: Any) -> html.Button:
    """A button that shows or hides the element `controls` (its id) on a narrow screen: assets/qm_phone.js flips
    aria-expanded on a click, assets/qm_phone.css shows what it controls by that attribute (on a wide screen the
    button is hidden and the element always shown)."""
    return html.Button(text, type="button", className=f"qm-toggle {class_name}", **{
        "aria-expanded": "true" if expanded else "false", "aria-controls": controls, "data-qm-toggle": "1", **attributes})


def controls_panel(body_id: str, children: list, lang: str = "de", after: list | tuple = ()) -> html.Aside:
    """A map view's controls: beside the map on a wide screen, below it and folded away on a phone behind a button
    (assets/qm_phone.css). `after` stays outside the fold (the map view's sheet of the selected area)."""
    return html.Aside(className="qm-controls", children=[
        toggle_button(t("Einstellungen: Auswahl und Filter", lang), body_id, "qm-controls-toggle"),
        html.Div(children, id=body_id, className="qm-controls-body"),
        *after,
    ])


def legend_toggle(legend_id: str, lang: str = "de") -> html.Button:
    """The button that opens a map legend folded to one line on a phone (assets/qm_phone.css); hidden on wide screens."""
    return toggle_button(t("Legende", lang), legend_id, "qm-legend-toggle",
                         title=t("Legende ein- oder ausklappen", lang))


# -- the indicator picker and the texts around an indicator (one copy for every view) --------------
def indicator_options(monitor: Monitor, lang: str = "de", allowed: list[str] | None = None) -> list[dict[str, Any]]:
    """Dropdown options grouped by dimension (in the catalog's order): a disabled header per dimension,
    then its indicators; `allowed` limits them (e.g. indicators with at least two years). The label leads (what people
    read and type); the id follows it in the internal view and is searchable in both (the option's value), the
    definition too (its `search`). Typed text ranks label matches first (register_indicator_search)."""
    by_dimension: dict[str, list[Indicator]] = {}
    for indicator in monitor.indicators():
        if allowed is None or indicator.id in allowed:
            by_dimension.setdefault(indicator.dimension, []).append(indicator)
    options: list[dict[str, Any]] = []
    for dimension in monitor.dataset.dimension_order(by_dimension):
        options.append({"label": f"— {tt(dimension, lang)} —", "value": f"__{dimension}", "disabled": True})
        for indicator in by_dimension[dimension]:
            label = indicator.label(lang) if monitor.public else f"{indicator.label(lang)} ({indicator.id})"
            options.append({"label": label, "value": indicator.id, "search": indicator.text("description", lang)})
    return options


def indicator_picker(component_id: str, monitor: Monitor, value: str | None, lang: str = "de",
                     allowed: list[str] | None = None) -> dcc.Dropdown:
    """The indicator dropdown of every view: grouped, searchable by id, label and definition, texts in lang."""
    return dcc.Dropdown(id=component_id, options=indicator_options(monitor, lang, allowed), value=value, clearable=False,
                        searchable=True, optionHeight=40, maxHeight=420, search_order="original",
                        labels=dropdown_labels(t("Indikator suchen", lang), t("Kein Indikator gefunden", lang), lang))


def register_indicator_search(app, component_ids) -> None:
    """Rank the options of each indicator picker for the typed text in the browser (assets/qm_explain.js): label words
    first, then the label, the id, the definition. The dropdown's own search filters but cannot rank."""
    from dash import ClientsideFunction, Input, Output, State

    for component_id in component_ids:
        app.clientside_callback(ClientsideFunction(namespace="qm_explain", function_name="rankIndicators"),
                                Output(component_id, "options", allow_duplicate=True), Input(component_id, "search_value"),
                                State(component_id, "options"), State(component_id, "id"), prevent_initial_call=True)


def level_options(monitor: Monitor, indicator_id: str, lang: str = "de", levels: list[str] | None = None) -> list[dict[str, Any]]:
    """Radio options for the levels; those the indicator (or `levels`) does not offer are disabled."""
    available = set(levels if levels is not None else monitor.levels_for(indicator_id))
    return [{"label": lv.label(lang), "value": lv.id, "disabled": lv.id not in available} for lv in monitor.dataset.levels]


YEAR_LABELS = 5  # at most this many labelled years on a slider: they fit side by side from a phone's width up


def year_marks(years: list[int], most: int = YEAR_LABELS) -> dict[int, str]:
    """Slider marks: every year is a mark (selectable: the sliders take only marked values), but only some carry
    their number, so the labels never run into each other: the first, the last and evenly spaced ones between
    (every k-th year from the first, with none closer than k/2 years to the last)."""
    years = sorted(int(y) for y in years)
    if len(years) <= most:
        return {y: str(y) for y in years}
    first, last = years[0], years[-1]
    step = -(-(last - first) // (most - 1))  # ceiling: the span cut into at most most-1 parts
    shown = {y for y in years if (y - first) % step == 0 and (y == first or last - y >= step / 2)} | {first, last}
    return {y: str(y) if y in shown else "" for y in years}


def year_options(years) -> list[dict[str, Any]]:
    """Dropdown options for years, in the order given."""
    return [{"label": str(y), "value": y} for y in years]


def years_text(years) -> str:
    """Years in running text, consecutive ones as a run: 2012, 2014–2024."""
    runs: list[list[int]] = []
    for year in sorted(int(y) for y in years):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)


def capitalised(text: str) -> str:
    """A translated word as a heading or label: capitalised (the catalogue keeps words like "Stichtag" and
    "Belastungen" lower case in English, where they also stand inside sentences)."""
    return text[:1].upper() + text[1:]


def label_prefix(text: str) -> str:
    """A translated word as the bold label in front of a text: "Schätzung: ", "Estimate: "."""
    return capitalised(text) + ": "


def indicator_description(indicator: Indicator, level: str, monitor: Monitor, lang: str = "de") -> list:
    """Definition, numerator, denominator, Zielbereich, dimension and caveats of an indicator at a level."""
    parts: list = [html.P(indicator.text("description", lang), className="qm-definition")]
    details = []
    if indicator.numerator_label:
        details.append(html.Li([html.Strong(label_prefix(t("Zähler", lang))), indicator.text("numerator_label", lang)]))
    if indicator.denominator_label:
        details.append(html.Li([html.Strong(label_prefix(t("Nenner", lang))), indicator.text("denominator_label", lang)]))
    if indicator.zielbereich:
        details.append(html.Li([html.Strong(label_prefix(t("Zielbereich", lang))), indicator.text("zielbereich", lang)]))
    details.append(html.Li([html.Strong(label_prefix(t("Dimension", lang))), tt(indicator.dimension, lang)]))
    parts.append(html.Ul(details, className="qm-definition-details"))
    if not indicator.available_at(level) or level not in monitor.levels_for(indicator.id):
        parts.append(html.P(t("Auf dieser Ebene nicht verfügbar: der Indikator hat keine Zählwerte und lässt sich nicht korrekt zusammenfassen.", lang), className="qm-warning"))
    elif indicator.aggregation == "weighted_mean" and level != monitor.dataset.level_ids[0]:
        parts.append(html.P(t("Auf dieser Ebene eine Näherung: bevölkerungsgewichtetes Mittel der Planungsräume, da keine Zählwerte vorliegen.", lang), className="qm-warning"))
    if indicator.estimate_note:
        parts.append(html.P([html.Strong(label_prefix(t("Schätzung", lang))), indicator.text("estimate_note", lang)], className="qm-note"))
    if indicator.note:
        parts.append(html.P([html.Strong(label_prefix(t("Hinweis", lang))), indicator.text("note", lang)], className="qm-note"))
    return parts


def explain_links(lang: str = "de", indicator_id: str | None = None, anchor: str = "") -> html.Div:
    """The legend's way to the explanations: the indicator's fact sheet (/indikator/<id>) and the methodology page
    (/methodik, at `anchor`)."""
    from dashboard.urls import METHODOLOGY_PATH, indicator_href

    links: list = []
    if indicator_id:
        links += [dcc.Link(t("Was bedeutet das? Steckbrief ›", lang), href=indicator_href(indicator_id, lang),
                           className="qm-legend-sheet-link"), " · "]
    links.append(dcc.Link(t("Methodik ›", lang), href=href(METHODOLOGY_PATH, {}, lang) + (f"#{anchor}" if anchor else ""),
                          className="qm-legend-method-link"))
    return html.Div(links, className="qm-legend-explain qm-no-print")
