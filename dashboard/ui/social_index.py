"""The status/dynamics index as its own map: 12 combined classes with the standard 4x3 legend.

What the view shows is an IndexState (dashboard/state/index.py), read from the URL or the controls."""
from __future__ import annotations

from typing import Any
from urllib.parse import quote

from dash import ClientsideFunction, Dash, Input, Output, State, dcc, html, no_update

from dashboard.i18n import language, t, tt
from dashboard.methods.classify import NO_DATA_COLOR, SUPPRESSED_COLOR
from dashboard.methods.indices import (
    COMBINED_CLASSES,
    COMBINED_COLORS,
    DYNAMIC_CLASSES,
    DYNAMIC_SIGNS,
    STATUS_CLASSES,
    IndexDefinition,
)
from dashboard.monitor import SUPPRESSED, Monitor
from dashboard.present import dynamic_text, hideout_words, index_class_text, index_method_text, status_class_text, status_text
from dashboard.reports.borderline import index_distance, index_flags
from dashboard.ui import borderline
from dashboard.state.index import IndexState, index_definitions
from dashboard.ui import ids
from dashboard.ui.components import (
    MapFocus,
    ViewContext,
    area_map,
    colouring,
    controls_panel,
    district_picker,
    explain_links,
    district_title,
    focus_counted,
    focus_note,
    in_focus,
    legend_toggle,
    map_focus,
    notice,
    page_language,
    register_colouring,
    view_nav,
    year_options,
)
from dashboard.urls import query_params, view_query

PATH = IndexState.PATH
PATHS = (PATH,)
P = "index"
MAP, AREAS, TITLE, LEGEND, METHOD, INDEX, YEAR, COUNTS, NOTICE, DISTRICT = (
    f"{P}-map", f"{P}-areas", f"{P}-title", f"{P}-legend", f"{P}-method", f"{P}-select", f"{P}-year", f"{P}-counts", f"{P}-notice",
    f"{P}-district")
URL_SYNC, URL_SYNCED = f"{P}-url-sync", f"{P}-url-synced"
NOT_RATED = "nicht bewertet (unter Mindesteinwohnerzahl oder ungültig)"

# Dynamics without colour: positive areas carry small plus signs, negative ones minus signs, stable ones none
# (the twelve colours alone blur on a projector: 2+, 2+/- and 2- are all pale). One tile, drawn on the map by
# assets/qm_map.js (hideout.patterns) and as the legend swatch's background, so both show the same marks.
PATTERN_SIZE = 14
DYNAMIC_MARKS = {1: ("plus", "M1,3.5h5M3.5,1v5M8,10.5h5M10.5,8v5"), 3: ("minus", "M1,3.5h5M8,10.5h5")}
CANVAS_DASH = {"plus": "2 3", "minus": "8 4"}  # a canvas draws no patterns: a dotted or dashed outline instead


def ink(color: str) -> str:
    """Black marks on a light colour, white on a dark one."""
    r, g, b = (int(color[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return "#000000" if 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.45 else "#ffffff"


def class_pattern(code: str) -> dict[str, Any] | None:
    """The overlay of a combined class ("2+"): its dynamics' marks in the ink that suits its colour; None for stable."""
    dynamic = next(d for d, sign in DYNAMIC_SIGNS.items() if code[1:] == sign)
    if dynamic not in DYNAMIC_MARKS:
        return None
    name, path = DYNAMIC_MARKS[dynamic]
    color = COMBINED_COLORS[COMBINED_CLASSES.index(code)]
    return {"name": name, "d": path, "size": PATTERN_SIZE, "ink": ink(color), "width": 1.6, "dash": CANVAS_DASH[name]}


def swatch_style(code: str) -> dict[str, str]:
    """A legend swatch that looks like the class on the map: its colour and the same marks."""
    color = COMBINED_COLORS[COMBINED_CLASSES.index(code)]
    style = {"backgroundColor": color, "width": "2rem", "height": "1.2rem"}
    pattern = class_pattern(code)
    if pattern:
        svg = (f"<svg xmlns='http://www.w3.org/2000/svg' width='{PATTERN_SIZE}' height='{PATTERN_SIZE}'>"
               f"<path d='{pattern['d']}' fill='none' stroke='{pattern['ink']}' stroke-width='{pattern['width']}' "
               "stroke-linecap='square'/></svg>")
        style["backgroundImage"] = f'url("data:image/svg+xml,{quote(svg)}")'
    return style


def hideout(monitor: Monitor, definition: IndexDefinition, year: int, lang: str = "de",
            view: MapFocus | None = None) -> tuple[dict, Any]:
    """The colouring (class, words and dynamics marks per area; Grenzfälle outlined, with their words) with the map's
    focus, and the class table (with a column `borderline`)."""
    table = monitor.index_classes(definition, year)
    flags = index_flags(monitor, definition, year, table)
    table["borderline"] = flags["borderline"]
    table.attrs["borderline_distance"] = index_distance(monitor, definition)  # the legend's "± 0,1"
    order = {c: i for i, c in enumerate(COMBINED_CLASSES)}
    classes = {aid: (order[c] if isinstance(c, str) else SUPPRESSED) for aid, c in zip(table.index, table["status_dynamic"])}
    labels = {aid: index_class_text(c, lang) for aid, c in zip(table.index, table["status_dynamic"]) if isinstance(c, str)}
    colouring_data = {"classes": classes, "values": {}, "labels": labels, "colors": list(COMBINED_COLORS),
                      "patterns": [class_pattern(c) for c in COMBINED_CLASSES], "noData": NO_DATA_COLOR,
                      "suppressedColor": SUPPRESSED_COLOR, "decimals": 0, "selected": None, "estimates": [],
                      "borderline": borderline.index_tooltips(flags, lang), **(view or MapFocus()).hideout()}
    return hideout_words(colouring_data, lang, label=tt(definition.label, lang), unit="", not_rated=NOT_RATED), table


def legend(monitor: Monitor, table, view: MapFocus, lang: str = "de", district: str | None = None) -> list:
    """The 4x3 key with each class's colour and marks and its number of areas (those in the focus when the map has
    one, the district named in the heading), the Grenzfall row and the line on faded areas."""
    distance = table.attrs["borderline_distance"]
    table = in_focus(table, view)
    counts = table["status_dynamic"].value_counts()
    header = html.Tr([html.Th(t("Status ↓ / Dynamik →", lang), scope="col")] + [html.Th(dynamic_text(d, lang), scope="col") for d in DYNAMIC_CLASSES])
    rows = []
    for s in STATUS_CLASSES:
        cells = [html.Th(f"{s} {status_text(s, lang)}", scope="row")]
        for d in DYNAMIC_CLASSES:
            code = f"{s}{DYNAMIC_SIGNS[d]}"
            cells.append(html.Td([html.Span(className="qm-swatch", style=swatch_style(code)),
                                  html.Span(f" {code} ({int(counts.get(code, 0))})")], className="qm-index-cell",
                                 title=index_class_text(code, lang)))
        rows.append(html.Tr(cells))
    not_rated = int((~table["valid"]).sum())
    return [html.Div(focus_counted(t("Status und Dynamik", lang), monitor, district, lang), className="qm-legend-title"),
            html.Table([html.Thead(header), html.Tbody(rows)], className="qm-index-legend"),
            html.Div([html.Span(className="qm-swatch", **{"data-suppressed": "1"}), " " + t("nicht bewertet ({n})", lang, n=not_rated)],
                     className="qm-legend-row"),
            borderline.legend_row(int(table["borderline"].sum()), distance, lang),
            # what the classes mean, once (in the rows it would widen the table past the map at 1366 px)
            html.Div(t("Status {best} bis {worst}. Kürzel: Statusklasse, dann die Dynamik (+ positiv, +/- stabil, - negativ); "
                       "in Klammern die Zahl der Gebiete.", lang, best=status_class_text(STATUS_CLASSES[0], lang),
                       worst=status_class_text(STATUS_CLASSES[-1], lang)), className="qm-legend-meta qm-index-key"),
            *focus_note(view, lang),
            explain_links(lang, anchor="index")]


def title(monitor: Monitor, definition: IndexDefinition, year: int, lang: str = "de", district: str | None = None) -> str:
    """The index and its Stichtag: that of its first status indicator (Monitor.index_definition offers only
    indices whose indicators are all visible); the district in focus after a dash."""
    status = monitor.indicator(definition.status_indicators[0])
    text = t("{index}, Stichtag {date}", lang, index=tt(definition.label, lang), date=status.reference_date(year, lang))
    return district_title(text, monitor, district)


def focus(ctx: ViewContext, district: str | None) -> MapFocus:
    return map_focus(ctx, district, ctx.monitor.dataset.level_ids[0])


def layout(ctx: ViewContext, params: dict[str, Any]):
    monitor, lang = ctx.monitor, page_language(params)
    state = IndexState.from_query(monitor, params)
    definition = state.definition(monitor)
    if definition is None:
        return html.Div([view_nav(PATH, lang), *notice(state.notices, NOTICE, lang)], className="qm-map-page")
    view = focus(ctx, state.district)
    data, table = hideout(monitor, definition, state.year, lang, view)
    controls = controls_panel("index-controls", [
        html.Label(t("Index", lang), htmlFor=INDEX, className="qm-label"),
        dcc.Dropdown(id=INDEX, options=[{"label": tt(d.label, lang), "value": d.id} for d in index_definitions(monitor)],
                     value=definition.id, clearable=False, searchable=False),
        html.Label(t("Jahr (Stichtag)", lang), htmlFor=YEAR, className="qm-label"),
        dcc.Dropdown(id=YEAR, options=year_options(monitor.index_years(definition)), value=state.year,
                     clearable=False, searchable=False),
        *district_picker(DISTRICT, monitor, state.district, lang),
        html.H3(t("Wie wurde das berechnet?", lang)),
        html.P(index_method_text(definition, lang, monitor.indicator), id=METHOD, className="qm-method"),
    ], lang)
    return html.Div(className="qm-map-page", children=[
        view_nav(PATH, lang),
        *notice(state.notices, NOTICE, lang),
        html.Div(className="qm-main", children=[
            controls,
            html.Section(className="qm-map-wrap", children=[
                html.H2(title(monitor, definition, state.year, lang, state.district), id=TITLE, className="qm-map-title"),
                area_map(MAP, AREAS, ctx, monitor.dataset.level_ids[0], data,
                         label=t("Karte des Status-/Dynamik-Index", lang)),
                html.Div(legend(monitor, table, view, lang, state.district), id=LEGEND,
                         className="qm-legend qm-legend-wide"),
                legend_toggle(LEGEND, lang),
            ]),
        ]),
        dcc.Store(id=URL_SYNC), dcc.Store(id=URL_SYNCED),
    ])


def register_callbacks(app: Dash, ctx: ViewContext) -> None:
    register_colouring(app, AREAS)
    monitor, url_id = ctx.monitor, ctx.url_id
    @app.callback(Output(url_id, "search", allow_duplicate=True), Input(INDEX, "value"), State(url_id, "search"),
                  prevent_initial_call=True)
    def change_index(index_id, search):
        """Another index re-renders the page; the dropdown's report of its value on mount does not."""
        current = IndexState.from_query(monitor, query_params(search))
        if monitor.index_definition(index_id) is None or current.index == index_id:
            return no_update
        return view_query(IndexState(index=index_id).to_query(), search)

    @app.callback(Output(colouring(AREAS), "data"), Output(LEGEND, "children"), Output(TITLE, "children"),
                  Output(URL_SYNC, "data"),
                  Input(YEAR, "value"), Input(DISTRICT, "value"), State(INDEX, "value"), State(ids.LANG, "data"),
                  prevent_initial_call=True)
    def update(year, district, index_id, lang):
        lang = language(lang)
        state = IndexState.from_query(monitor, {"index": index_id, "jahr": year, "bezirk": district})
        definition = state.definition(monitor)
        if definition is None:
            return no_update, no_update, no_update, no_update
        view = focus(ctx, state.district)  # another district: the map flies to it (assets/qm_map.js fitView)
        data, table = hideout(monitor, definition, state.year, lang, view)
        return (data, legend(monitor, table, view, lang, state.district),
                title(monitor, definition, state.year, lang, state.district), state.to_query())

    app.clientside_callback(ClientsideFunction(namespace="qm", function_name="syncQuery"),
                            Output(URL_SYNCED, "data"), Input(URL_SYNC, "data"), prevent_initial_call=True)
