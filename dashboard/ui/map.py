"""The map view: one indicator as a choropleth at any level and year, legend, area key figures.

Geometry is fetched once per level by URL; indicator/year changes send only a new `hideout`
(class per area id, values, palette). The first colouring is part of the layout built from the
URL, because dash-leaflet drops hideout updates that arrive while geometry is still loading.
"""
from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from dash import ClientsideFunction, Dash, Input, Output, State, dcc, html, no_update
from dash import ctx as callback_context

from dashboard.catalog import Indicator
from dashboard.i18n import plural_de, t
from dashboard.monitor import MapBundle, Monitor, ViewState, format_number
from dashboard.ui import ids
from dashboard.ui.components import (
    ViewContext,
    area_map,
    dropdown_labels,
    legend_rows,
    notice,
    view_nav,
)
from dashboard.ui.table import table_columns, table_export, table_rows, table_section

DIMENSION_ORDER = ("Soziales", "Bildung", "Gesundheit", "Umwelt", "Wohnen", "Demografie", "Index")


# -- pieces of the layout (pure functions of monitor + state) ---------------------------------
def indicator_options(monitor: Monitor) -> list[dict[str, Any]]:
    """Dropdown options grouped by dimension: a disabled header per dimension, then its indicators."""
    by_dimension: dict[str, list[Indicator]] = {}
    for indicator in monitor.indicators():
        by_dimension.setdefault(indicator.dimension, []).append(indicator)
    options: list[dict[str, Any]] = []
    order = sorted(by_dimension, key=lambda d: DIMENSION_ORDER.index(d) if d in DIMENSION_ORDER else 99)
    for dimension in order:
        options.append({"label": f"— {dimension} —", "value": f"__{dimension}", "disabled": True})
        for indicator in by_dimension[dimension]:
            options.append({"label": f"{indicator.id} {indicator.label_de}", "value": indicator.id, "search": indicator.description})
    return options


def level_options(monitor: Monitor, indicator_id: str) -> list[dict[str, Any]]:
    available = set(monitor.levels_for(indicator_id))
    return [{"label": lv.label_de, "value": lv.id, "disabled": lv.id not in available} for lv in monitor.dataset.levels]


def year_marks(years: list[int]) -> dict[int, str]:
    return {y: str(y) for y in years}


def description(indicator: Indicator, level: str, monitor: Monitor) -> list:
    parts: list = [html.P(indicator.description, className="qm-definition")]
    details = []
    if indicator.numerator_label:
        details.append(html.Li([html.Strong(t("Zähler") + ": "), indicator.numerator_label]))
    if indicator.denominator_label:
        details.append(html.Li([html.Strong(t("Nenner") + ": "), indicator.denominator_label]))
    if indicator.zielbereich:
        details.append(html.Li([html.Strong(t("Zielbereich") + ": "), indicator.zielbereich]))
    details.append(html.Li([html.Strong("Dimension: "), indicator.dimension]))
    if details:
        parts.append(html.Ul(details, className="qm-definition-details"))
    if not indicator.available_at(level) or level not in monitor.levels_for(indicator.id):
        parts.append(html.P(t("Auf dieser Ebene nicht verfügbar: der Indikator hat keine Zählwerte und lässt sich nicht korrekt zusammenfassen."), className="qm-warning"))
    elif indicator.aggregation == "weighted_mean" and level != monitor.dataset.level_ids[0]:
        parts.append(html.P(t("Auf dieser Ebene eine Näherung: bevölkerungsgewichtetes Mittel der Planungsräume, da keine Zählwerte vorliegen."), className="qm-warning"))
    if indicator.estimate_note:
        parts.append(html.P([html.Strong(t("Schätzung") + ": "), indicator.estimate_note], className="qm-note"))
    if indicator.note:
        parts.append(html.P([html.Strong(t("Hinweis") + ": "), indicator.note], className="qm-note"))
    return parts


def _stichtag(indicator: Indicator, year: int) -> str:
    return f"{indicator.stichtag}{year}" if indicator.stichtag.endswith(".") else f"{indicator.stichtag} {year}"


def map_title(monitor: Monitor, bundle: MapBundle) -> str:
    indicator = monitor.indicator(bundle.indicator_id)
    level = monitor.dataset.level(bundle.level)
    return f"{indicator.label_de} – {level.label_de}, Stichtag {_stichtag(indicator, bundle.year)}"


def legend(monitor: Monitor, bundle: MapBundle) -> list:
    indicator = monitor.indicator(bundle.indicator_id)
    direction = {"higher_is_worse": t("höhere Werte = ungünstiger"), "higher_is_better": t("höhere Werte = günstiger")}.get(
        indicator.polarity, t("ohne Wertung"))
    notes = []
    if bundle.n_suppressed:
        notes.append(html.P(t("{n} Gebiete ohne Angabe wegen geringer Fallzahl bzw. unter {min_population} Einwohnern (nicht bewertet).", n=bundle.n_suppressed, min_population=monitor.dataset.min_population), className="qm-legend-note"))
    if bundle.n_estimates:
        how = indicator.estimate_note or (t("Bevölkerungsgewichtetes Mittel der Teilgebiete (keine Zählwerte), daher nur eine Näherung.") if indicator.aggregation == "weighted_mean" else "")
        notes.append(html.P(t("{n} Werte sind Schätzungen. {how}", n=bundle.n_estimates, how=how), className="qm-legend-note"))
    return [
        html.Div(f"{indicator.label_de} ({indicator.unit})", className="qm-legend-title"),
        html.Div(direction, className="qm-legend-direction"),
        legend_rows(bundle.legend),
        *notes,
        html.Div(t("Stichtag: {stichtag}{year}", stichtag=indicator.stichtag, year=bundle.year), className="qm-legend-meta"),
        html.Div(t("Klassenbildung: {method}", method=bundle.method_text), className="qm-legend-meta"),
        html.Div(t("Quelle: {source}", source=indicator.source), className="qm-legend-meta qm-legend-source"),
    ]


def drill_path(monitor: Monitor, state: ViewState) -> list:
    """Breadcrumb back up from a drill-down: Gesamtstadt › Bezirk › … (each a link)."""
    if not state.focus:
        return []
    chain = [*reversed(monitor.ancestors(state.focus)), monitor.area(state.focus)]
    levels = monitor.dataset.level_ids
    crumbs: list = []
    for area in chain:
        if area["level"] not in levels:  # the city: back to the whole map at the top level
            crumbs.append(dcc.Link(area["name"], href=map_href(state.query(ebene=state.level, fokus=None, gebiet=None))))
        elif area["area_id"] == state.focus:
            crumbs.append(html.Strong(area["name"], **{"aria-current": "location"}))
        else:
            crumbs.append(dcc.Link(area["name"], href=map_href(state.query(fokus=area["area_id"], gebiet=None))))
        crumbs.append(html.Span(" › ", className="qm-sep"))
    return [html.Nav(crumbs[:-1], className="qm-drill-path", **{"aria-label": "Ausschnitt"})]


def focus_hideout(monitor: Monitor, focus: str | None, level: str) -> dict[str, Any] | None:
    return {a: 1 for a in monitor.descendants(focus, level)} if focus else None


def map_href(state_query: dict[str, str]) -> str:
    return "/?" + urlencode(state_query)


def drill_links(monitor: Monitor, area: dict[str, str], state: ViewState) -> list:
    """For an area above the smallest level: links that show its sub-areas (drill-down)."""
    levels = monitor.dataset.level_ids
    if area["level"] not in levels:
        return []
    below = levels[: levels.index(area["level"])]
    available = set(monitor.levels_for(state.indicator))
    links = [dcc.Link(f"{plural_de(monitor.dataset.level(lv).label_de)} anzeigen",
                      href=map_href(state.query(ebene=lv, fokus=area["area_id"], gebiet=None)), className="qm-drill-link")
             for lv in reversed(below) if lv in available]
    return [html.Div([html.Span("Unterteilen: "), *links], className="qm-drill")] if links else []


def area_panel(monitor: Monitor, area_id: str | None, year: int, indicator_id: str, state: ViewState | None = None) -> list:
    """Key figures of the selected area next to the city value, with links to its profile and sub-areas."""
    area = monitor.area(area_id) if area_id else None
    if area is None:
        return [html.P(t("Klicken Sie ein Gebiet in der Karte an, um seine Kennzahlen zu sehen."), className="qm-hint")]
    level_label = monitor.dataset.level(area["level"]).label_de if area["level"] in monitor.dataset.level_ids else area["level"]
    chain = monitor.ancestors(area["area_id"])
    figures = monitor.key_figures(area["area_id"], year)
    population = monitor.dataset.population_indicator
    chosen = [f for f in figures if f.indicator.id in (population, indicator_id)]
    chosen += [f for f in figures if f.indicator.core and f not in chosen][: max(0, 8 - len(chosen))]
    rows = []
    for figure in chosen:
        ind = figure.indicator
        unit = f" {ind.unit}" if ind.unit else ""
        if figure.suppressed and monitor.public:
            shown = html.Span(t("geringe Fallzahl"), className="qm-suppressed")
        else:
            shown = format_number(figure.value, ind.decimals) + unit
            if figure.suppressed:
                shown = html.Span([shown, " ⚠"], title=t("Wert wegen geringer Fallzahl nur intern sichtbar – nicht veröffentlichen."), className="qm-suppressed-internal")
        if figure.estimate:
            shown = html.Span([shown, " ≈"], title=t("Schätzung"))
        city = format_number(figure.city_value, ind.decimals) + unit if figure.city_value is not None else "–"
        rows.append(html.Tr([
            html.Th(ind.label_de, scope="row"),
            html.Td(shown, className="qm-num"),
            html.Td(city, className="qm-num"),
        ], className="qm-figure-current" if ind.id == indicator_id else None))
    return [
        html.H3(area["name"], className="qm-area-name"),
        html.Div(f"{level_label} {area['area_id']}" + (" · " + " › ".join(a["name"] for a in reversed(chain)) if chain else ""),
                 className="qm-area-breadcrumb"),
        html.Div([
            dcc.Link("Gebietsprofil öffnen ›", href=f"/gebiet/{area['area_id']}?jahr={year}", className="qm-profile-link"),
            dcc.Link("Vergleichen ›", href=f"/vergleich?gebiete={area['area_id']}&jahr={year}", className="qm-profile-link"),
            dcc.Link("Zeitreihe ›", href=f"/zeitreihen?indikator={indicator_id}&gebiete={area['area_id']}", className="qm-profile-link"),
        ], className="qm-area-links"),
        *(drill_links(monitor, area, state) if state is not None else []),
        html.Table([
            html.Caption(t("Kennzahlen {year}", year=year)),
            html.Thead(html.Tr([html.Th("Kennzahl", scope="col"), html.Th(t("Gebiet"), scope="col"),
                                html.Th(t("Gesamtstadt"), scope="col")])),
            html.Tbody(rows),
        ], className="qm-figures"),
    ]


PATHS = ("/", "/karte")


def layout(ctx: ViewContext, params: dict[str, Any]) -> html.Div:
    """The whole map page for the view described by the URL parameters."""
    monitor = ctx.monitor
    state = monitor.resolve_view(params)
    indicator = monitor.indicator(state.indicator)
    bundle = monitor.map_bundle(state.indicator, state.year, state.level)
    hideout = dict(bundle.hideout, selected=state.area, focus=focus_hideout(monitor, state.focus, state.level))
    years = monitor.years(state.indicator, state.level)
    controls = html.Aside(className="qm-controls", children=[
        html.Label(t("Indikator"), htmlFor=ids.INDICATOR, className="qm-label"),
        dcc.Dropdown(id=ids.INDICATOR, options=indicator_options(monitor), value=state.indicator, clearable=False,
                     searchable=True, optionHeight=40, maxHeight=420, search_order="original",
                     labels=dropdown_labels("Indikator suchen", "Kein Indikator gefunden")),
        html.Div(description(indicator, state.level, monitor), id=ids.DESCRIPTION, className="qm-description"),
        html.Label(t("Jahr (Stichtag)"), htmlFor=ids.YEAR, className="qm-label"),
        dcc.Slider(id=ids.YEAR, min=min(years, default=state.year), max=max(years, default=state.year), step=None,
                   marks=year_marks(years), value=state.year, included=False, allow_direct_input=False),
        html.Label(t("Gebietsebene"), htmlFor=ids.LEVEL, className="qm-label"),
        dcc.RadioItems(id=ids.LEVEL, options=level_options(monitor, state.indicator), value=state.level,
                       className="qm-levels", inputClassName="qm-level-input"),
        html.Section(area_panel(monitor, state.area, state.year, state.indicator, state), id=ids.AREA_PANEL,
                     className="qm-area-panel", **{"aria-live": "polite"}),
    ])
    return html.Div(className="qm-map-page", children=[
        view_nav("/"),
        *notice(state.notices, ids.NOTICE),
        html.Div(className="qm-main", children=[
            controls,
            html.Section(className="qm-map-wrap", children=[
                html.Div(drill_path(monitor, state), id=ids.DRILL),
                html.H2(map_title(monitor, bundle), id=ids.MAP_TITLE, className="qm-map-title"),
                area_map(ids.MAP, ids.AREAS, ctx, state.level, hideout,
                         bounds=ctx.geometry.area_bounds(state.focus) if state.focus else None),
                html.Div(legend(monitor, bundle), id=ids.LEGEND, className="qm-legend"),
            ]),
        ]),
        table_section(monitor, state),
        dcc.Store(id=ids.SELECTED, data=state.area),
        dcc.Store(id=ids.FOCUS, data=state.focus),
        dcc.Store(id=ids.URL_SYNC),
    ])


def ctx_triggered_id() -> Any:
    return callback_context.triggered_id


# -- callbacks (thin: read inputs, ask the monitor, return outputs) ----------------------------
def register_callbacks(app: Dash, ctx: ViewContext) -> None:
    monitor, geometry = ctx.monitor, ctx.geometry

    @app.callback(
        Output(ids.AREAS, "hideout"),
        Output(ids.AREAS, "url"),
        Output(ids.LEGEND, "children"),
        Output(ids.MAP_TITLE, "children"),
        Output(ids.DESCRIPTION, "children"),
        Output(ids.YEAR, "marks"),
        Output(ids.YEAR, "min"),
        Output(ids.YEAR, "max"),
        Output(ids.YEAR, "value"),
        Output(ids.LEVEL, "options"),
        Output(ids.LEVEL, "value"),
        Output(ids.FOCUS, "data"),
        Output(ids.DRILL, "children"),
        Input(ids.INDICATOR, "value"),
        Input(ids.YEAR, "value"),
        Input(ids.LEVEL, "value"),
        Input(ids.SELECTED, "data"),
        State(ids.FOCUS, "data"),
        prevent_initial_call=True,
    )
    def update_map(indicator_id, year, level, selected, focus):
        state = monitor.resolve_view({"indikator": indicator_id, "jahr": year, "ebene": level, "fokus": focus})
        state.area = selected if monitor.area(selected) else None
        bundle = monitor.map_bundle(state.indicator, state.year, state.level)
        years = monitor.years(state.indicator, state.level)
        hideout = dict(bundle.hideout, selected=state.area, focus=focus_hideout(monitor, state.focus, state.level))
        return (
            hideout,
            geometry.url(state.level),
            legend(monitor, bundle),
            map_title(monitor, bundle),
            description(monitor.indicator(state.indicator), state.level, monitor),
            year_marks(years),
            min(years, default=state.year),
            max(years, default=state.year),
            # unchanged values are not sent back: setting them would re-trigger every dependent callback
            state.year if state.year != year else no_update,
            level_options(monitor, state.indicator),
            state.level if state.level != level else no_update,
            state.focus if state.focus != focus else no_update,
            drill_path(monitor, state),
        )

    # The table updates in its own request, so a recolour response stays a few kB of values.
    @app.callback(
        Output(ids.TABLE, "rowData"),
        Output(ids.TABLE, "columnDefs"),
        Input(ids.INDICATOR, "value"),
        Input(ids.YEAR, "value"),
        Input(ids.LEVEL, "value"),
        Input(ids.FOCUS, "data"),
        prevent_initial_call=True,
    )
    def update_table(indicator_id, year, level, focus):
        state = monitor.resolve_view({"indikator": indicator_id, "jahr": year, "ebene": level, "fokus": focus})
        return table_rows(monitor, state), table_columns(monitor, state)

    # One callback owns the selection, for map and table alike: separate callbacks for "map selects
    # row" and "row selects area" would form a cycle that stalls the Dash renderer.
    @app.callback(
        Output(ids.SELECTED, "data"),
        Output(ids.MAP, "viewport"),
        Output(ids.TABLE, "selectedRows"),
        Input(ids.AREAS, "clickData"),
        Input(ids.TABLE, "selectedRows"),
        State(ids.SELECTED, "data"),
        prevent_initial_call=True,
    )
    def select_area(click, rows, current):
        """A click on the map or a row in the table selects an area; above the smallest level the map zooms to it."""
        from_table = ctx_triggered_id() == ids.TABLE
        if from_table:
            area_id = rows[0].get("area_id") if isinstance(rows, list) and rows and isinstance(rows[0], dict) else None
        else:
            properties = click.get("properties") if isinstance(click, dict) else None  # hostile clients send anything
            area_id = properties.get("id") if isinstance(properties, dict) else None
        area = monitor.area(area_id)
        if area is None or area["area_id"] == current:  # e.g. the table echoing the map's selection
            return no_update, no_update, no_update
        zoom = area["level"] != monitor.dataset.level_ids[0] and geometry.area_bounds(area["area_id"])
        return (area["area_id"], {"bounds": zoom, "transition": "flyToBounds"} if zoom else no_update,
                no_update if from_table else {"ids": [area["area_id"]]})

    @app.callback(
        Output(ids.AREA_PANEL, "children"),
        Input(ids.SELECTED, "data"),
        Input(ids.YEAR, "value"),
        State(ids.INDICATOR, "value"),
        State(ids.LEVEL, "value"),
        State(ids.FOCUS, "data"),
        prevent_initial_call=True,
    )
    def show_area(area_id, year, indicator_id, level, focus):
        state = monitor.resolve_view({"indikator": indicator_id, "jahr": year, "ebene": level, "fokus": focus})
        return area_panel(monitor, area_id if isinstance(area_id, str) else None, state.year, state.indicator, state)

    @app.callback(Output(ids.TABLE_DOWNLOAD, "data"), Input(ids.TABLE_CSV, "n_clicks"), Input(ids.TABLE_XLSX, "n_clicks"),
                  State(ids.INDICATOR, "value"), State(ids.YEAR, "value"), State(ids.LEVEL, "value"), State(ids.FOCUS, "data"),
                  prevent_initial_call=True)
    def download_table(_csv, _xlsx, indicator_id, year, level, focus):
        state = monitor.resolve_view({"indikator": indicator_id, "jahr": year, "ebene": level, "fokus": focus})
        kind = "xlsx" if ctx_triggered_id() == ids.TABLE_XLSX else "csv"
        content, filename = table_export(monitor, state, kind)
        if kind == "xlsx":
            return dcc.send_bytes(content, filename)
        return {"content": content, "filename": filename, "type": "text/csv"}

    # The URL mirrors the view state without reloading the page (history.replaceState in
    # assets/qm_map.js), so a reload or a shared link shows the same view.
    app.clientside_callback(
        ClientsideFunction(namespace="qm", function_name="syncUrl"),
        Output(ids.URL_SYNC, "data"),
        Input(ids.INDICATOR, "value"), Input(ids.YEAR, "value"), Input(ids.LEVEL, "value"), Input(ids.SELECTED, "data"),
        Input(ids.FOCUS, "data"),
        prevent_initial_call=True,
    )
