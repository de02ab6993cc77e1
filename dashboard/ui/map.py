"""The map view: one indicator as a choropleth at any level and year, legend, area key figures.

Geometry is fetched once per level by URL; indicator/year changes fetch only a new colouring (class per
area id, values, palette) from /faerbung (dashboard/colouring.py), applied in the browser. The first colouring
is part of the layout built from the URL, because dash-leaflet drops hideout updates that arrive while
geometry is still loading.
"""
from __future__ import annotations

from typing import Any

from dash import ClientsideFunction, Dash, Input, Output, State, dcc, html, no_update
from dash import ctx as callback_context

from dashboard.i18n import format_number, language, t
from dashboard.monitor import MapBundle, Monitor
from dashboard.present import (
    classification_text,
    hideout_words,
    indicator_value_text,
    legend_rows,
    levels_in_sentence,
    polarity_text,
    standing_text,
    standing_texts,
)
from dashboard.state.map import MapState
from dashboard.ui import ids
from dashboard.ui import overlays as overlay_ui
from dashboard.ui.components import (
    MapFocus,
    ViewContext,
    area_map,
    controls_panel,
    explain_links,
    focus_note,
    indicator_description,
    indicator_picker,
    label_prefix,
    legend_toggle,
    level_options,
    map_focus,
    notice,
    page_language,
    view_nav,
    year_marks,
)
from dashboard.ui.components import legend_rows as legend_list
from dashboard.ui.table import TABLE_SELECTION
from dashboard.ui.table import register_callbacks as register_table
from dashboard.ui.table import table_columns, table_download, table_rows, table_section
from dashboard.urls import area_href, href, indicator_href, standing_url


# -- pieces of the layout (pure functions of monitor + state) ---------------------------------
def map_title(monitor: Monitor, bundle: MapBundle, lang: str = "de") -> str:
    indicator = monitor.indicator(bundle.indicator_id)
    level = monitor.dataset.level(bundle.level)
    return t("{indicator} – {level}, Stichtag {date}", lang, indicator=indicator.label(lang), level=level.label(lang),
             date=indicator.reference_date(bundle.year, lang))


def legend(monitor: Monitor, bundle: MapBundle, lang: str = "de", view: MapFocus | None = None) -> list:
    """Classes, direction, notes and sources; under a drill-down (view with members) the line on faded areas."""
    indicator = monitor.indicator(bundle.indicator_id)
    direction = polarity_text(indicator, lang)  # class indicators: best and worst class by name
    notes = []
    if bundle.n_suppressed:
        text = ("{n} Gebiete ohne Angabe wegen geringer Fallzahl, unter {min_population} Einwohnern (nicht bewertet) oder zum "
                "Schutz kleiner Zahlen in einem Nachbargebiet (Geheimhaltung)." if monitor.public else
                "{n} Gebiete ohne Angabe wegen geringer Fallzahl bzw. unter {min_population} Einwohnern (nicht bewertet).")
        notes.append(html.P(t(text, lang, n=format_number(bundle.n_suppressed, 0, lang),
                              min_population=format_number(monitor.dataset.min_population, 0, lang)),
                            className="qm-legend-note"))
    if bundle.n_estimates:
        how = indicator.text("estimate_note", lang) or (t("Bevölkerungsgewichtetes Mittel der Teilgebiete (keine Zählwerte), daher nur eine Näherung.", lang) if indicator.aggregation == "weighted_mean" else "")
        notes.append(html.P(t("{n} Werte sind Schätzungen. {how}", lang, n=format_number(bundle.n_estimates, 0, lang), how=how), className="qm-legend-note"))
    unit = indicator.text("unit", lang)
    return [
        html.Div(f"{indicator.label(lang)} ({unit})", className="qm-legend-title"),
        html.Div(direction, className="qm-legend-direction"),
        legend_list(legend_rows(bundle.legend, lang, indicator)),
        *notes,
        *focus_note(view or MapFocus(), lang),
        html.Div(t("Stichtag: {stichtag}", lang, stichtag=indicator.reference_date(bundle.year, lang)), className="qm-legend-meta"),
        html.Div(t("Klassenbildung: {method}", lang, method=classification_text(bundle.classification, lang)), className="qm-legend-meta"),
        html.Div(t("Quelle: {source}", lang, source=indicator.text("source", lang)), className="qm-legend-meta qm-legend-source"),
        explain_links(lang, indicator.id, "klassen"),
    ]


def map_hideout(ctx: ViewContext, bundle: MapBundle, state: MapState, lang: str = "de") -> dict[str, Any]:
    """The hideout sent to the browser: the bundle's colouring, the selection, the drill-down's focus (what the map
    shows and which areas fade, ui/components.map_focus as on the other maps), words in lang."""
    indicator = ctx.monitor.indicator(bundle.indicator_id)
    out = hideout_words(dict(bundle.hideout, selected=state.area, **map_focus(ctx, state.focus, state.level).hideout()),
                        lang, label=indicator.label(lang), unit=indicator.text("unit", lang))
    if indicator.kind != "class":  # standing_line: none for class indicators
        # the tooltips' standing sentences by their own address, fetched after the paint (at 50,000 areas they are
        # 4.6 MB, most of the first layout): assets/qm_map.js standingOf
        out["standingUrl"] = standing_url(ctx.monitor.dataset.release, lang, bundle.level, bundle.indicator_id, bundle.year)
    return out


def standing_line(monitor: Monitor, bundle: MapBundle, lang: str = "de") -> dict[str, str]:
    """The tooltip's standing per area (served by dashboard/colouring.py, hideout.standingUrl; assets/qm_map.js shows it as
    it is): present.standing_text
    of Monitor.standings, the sentence of the click panel and the profile. In public mode a function of the published
    values alone (tests/unit/test_rank.py recounts it). Made once per colouring and language (the shared cache)."""
    indicator = monitor.indicator(bundle.indicator_id)
    if indicator is None or indicator.kind == "class":
        return {}
    levels = levels_in_sentence(monitor.dataset, bundle.level, lang)
    return monitor.cached("standing-text", (bundle.indicator_id, bundle.year, bundle.level, lang),
                          lambda: standing_texts(monitor.standings(bundle.indicator_id, bundle.year, bundle.level),
                                                 indicator, levels, lang))


def drill_path(monitor: Monitor, state: MapState, lang: str = "de") -> list:
    """Breadcrumb back up from a drill-down: Gesamtstadt › Bezirk › … (each a link)."""
    if not state.focus:
        return []
    chain = [*reversed(monitor.ancestors(state.focus)), monitor.area(state.focus)]
    levels = monitor.dataset.level_ids
    crumbs: list = []
    for area in chain:
        if area["level"] not in levels:  # the city: back to the whole map at the top level
            crumbs.append(dcc.Link(area["name"], href=state.href(lang, focus=None, area=None)))
        elif area["area_id"] == state.focus:
            crumbs.append(html.Strong(area["name"], **{"aria-current": "location"}))
        else:
            crumbs.append(dcc.Link(area["name"], href=state.href(lang, focus=area["area_id"], area=None)))
        crumbs.append(html.Span(" › ", className="qm-sep"))
    return [html.Nav(crumbs[:-1], className="qm-drill-path", **{"aria-label": t("Ausschnitt", lang)})]


def drill_links(monitor: Monitor, area: dict[str, str], state: MapState, lang: str = "de") -> list:
    """For an area above the smallest level: links that show its sub-areas (drill-down)."""
    levels = monitor.dataset.level_ids
    if area["level"] not in levels:
        return []
    below = levels[: levels.index(area["level"])]
    available = set(monitor.levels_for(state.indicator))
    links = [dcc.Link(t("{levels} anzeigen", lang, levels=levels_in_sentence(monitor.dataset, lv, lang)),
                      href=state.href(lang, level=lv, focus=area["area_id"], area=None), className="qm-drill-link")
             for lv in reversed(below) if lv in available]
    return [html.Div([html.Span(label_prefix(t("Unterteilen", lang))), *links], className="qm-drill")] if links else []


def area_panel(monitor: Monitor, area_id: str | None, year: int, indicator_id: str, state: MapState | None = None,
               lang: str = "de") -> list:
    """Key figures of the selected area next to the city value, with links to its profile and sub-areas."""
    area = monitor.area(area_id) if area_id else None
    if area is None:
        return [html.P(t("Tippen oder klicken Sie ein Gebiet in der Karte an oder wählen Sie es in der Tabelle, um seine Kennzahlen zu sehen.", lang), className="qm-hint")]
    level_label = monitor.dataset.level(area["level"]).label(lang) if area["level"] in monitor.dataset.level_ids else area["level"]
    chain = monitor.ancestors(area["area_id"])
    figures = monitor.key_figures(area["area_id"], year)
    population = monitor.dataset.population_indicator
    chosen = [f for f in figures if f.indicator.id in (population, indicator_id)]
    chosen += [f for f in figures if f.indicator.core and f not in chosen][: max(0, 8 - len(chosen))]
    levels = levels_in_sentence(monitor.dataset, area["level"], lang)
    # rank and share of each shown value among the published values of the level (Monitor.standings)
    standings = {f.indicator.id: monitor.standings(f.indicator.id, year, area["level"]).to_dict("index")
                 for f in chosen if levels and not f.suppressed} if levels else {}
    rows = []
    for figure in chosen:
        ind = figure.indicator
        if figure.suppressed and monitor.public:
            shown = html.Span(t("geringe Fallzahl", lang), className="qm-suppressed")
        else:
            shown = indicator_value_text(ind, figure.value, lang)
            if figure.suppressed:
                shown = html.Span([shown, " ⚠"], title=t("Wert wegen geringer Fallzahl nur intern sichtbar – nicht veröffentlichen.", lang), className="qm-suppressed-internal")
        if figure.estimate:
            shown = html.Span([shown, " ≈"], title=t("Schätzung", lang))
        city = indicator_value_text(ind, figure.city_value, lang)
        # the label opens the indicator's fact sheet; below it the area's standing among the areas of its level
        standing = standing_text(standings.get(ind.id, {}).get(area["area_id"]), ind, levels, lang) if levels else ""
        rows.append(html.Tr([
            html.Th([dcc.Link(ind.label(lang), href=indicator_href(ind.id, lang), className="qm-sheet-link",
                              title=t("Steckbrief: Definition, Quelle, Methode", lang)),
                     *([html.Div(standing, className="qm-standing")] if standing else [])], scope="row"),
            html.Td(shown, className="qm-num"),
            html.Td(city, className="qm-num"),
        ], className="qm-figure-current" if ind.id == indicator_id else None))
    return [
        html.H3(area["name"], className="qm-area-name"),
        html.Div(f"{level_label} {area['area_id']}" + (" · " + " › ".join(a["name"] for a in reversed(chain)) if chain else ""),
                 className="qm-area-breadcrumb"),
        html.Div([
            dcc.Link(t("Gebietsprofil öffnen ›", lang), href=area_href(area["area_id"], lang, year), className="qm-profile-link"),
            dcc.Link(t("Vergleichen ›", lang), href=href("/vergleich", {"gebiete": area["area_id"], "jahr": year}, lang),
                     className="qm-profile-link"),
            dcc.Link(t("Zeitreihe ›", lang), href=href("/zeitreihen", {"indikator": indicator_id, "gebiete": area["area_id"]}, lang),
                     className="qm-profile-link"),
        ], className="qm-area-links"),
        *(drill_links(monitor, area, state, lang) if state is not None else []),
        html.Table([
            html.Caption(t("Kennzahlen {year}", lang, year=year)),
            html.Thead(html.Tr([html.Th(t("Kennzahl", lang), scope="col"), html.Th(t("Gebiet", lang), scope="col"),
                                html.Th(t("Gesamtstadt", lang), scope="col")])),
            html.Tbody(rows),
        ], className="qm-figures"),
    ]


PATHS = ("/", "/karte")
CONTROLS = "map-controls"  # the foldable part of the controls (a phone shows the map first, the controls on demand)
SHEET_CLOSE = "map-sheet-close"


def area_sheet(monitor: Monitor, state: MapState, lang: str = "de") -> html.Div:
    """The selected area's key figures: in the controls column on a wide screen, a closable sheet over the bottom of
    the screen on a phone once an area is tapped (assets/qm_phone.css). Closing it clears the selection."""
    return html.Div(className="qm-area-sheet", children=[
        html.Button("×", id=SHEET_CLOSE, type="button", className="qm-sheet-close", n_clicks=0,
                    title=t("Auswahl aufheben und schließen", lang), **{"aria-label": t("Auswahl aufheben und schließen", lang)}),
        html.Section(area_panel(monitor, state.area, state.year, state.indicator, state, lang), id=ids.AREA_PANEL,
                     className="qm-area-panel", **{"aria-live": "polite"}),
    ])


def layout(ctx: ViewContext, params: dict[str, Any]) -> html.Div:
    """The whole map page for the view described by the URL parameters."""
    monitor, lang = ctx.monitor, page_language(params)
    state = MapState.from_query(monitor, params)
    indicator = monitor.indicator(state.indicator)
    bundle = monitor.map_bundle(state.indicator, state.year, state.level)
    years = monitor.years(state.indicator, state.level)
    controls = controls_panel(CONTROLS, [
        html.Label(t("Indikator", lang), htmlFor=ids.INDICATOR, className="qm-label"),
        indicator_picker(ids.INDICATOR, monitor, state.indicator, lang),
        html.Div(indicator_description(indicator, state.level, monitor, lang), id=ids.DESCRIPTION, className="qm-description"),
        html.Label(t("Jahr (Stichtag)", lang), htmlFor=ids.YEAR, className="qm-label"),
        dcc.Slider(id=ids.YEAR, min=min(years, default=state.year), max=max(years, default=state.year), step=None,
                   marks=year_marks(years), value=state.year, included=False, allow_direct_input=False),
        html.Label(t("Gebietsebene", lang), htmlFor=ids.LEVEL, className="qm-label"),
        dcc.RadioItems(id=ids.LEVEL, options=level_options(monitor, state.indicator, lang), value=state.level,
                       className="qm-levels", inputClassName="qm-level-input"),
        *overlay_ui.checklist(monitor, state.overlays, lang),
    ], lang, after=[area_sheet(monitor, state, lang)])
    has_overlays = bool(monitor.overlays())
    return html.Div(className="qm-map-page", children=[
        view_nav("/", lang),
        *notice(state.notices, ids.NOTICE, lang),
        html.Div(className="qm-main", children=[
            controls,
            html.Section(className="qm-map-wrap", children=[
                html.Div(drill_path(monitor, state, lang), id=ids.DRILL),
                html.H2(map_title(monitor, bundle, lang), id=ids.MAP_TITLE, className="qm-map-title"),
                area_map(ids.MAP, ids.AREAS, ctx, state.level, map_hideout(ctx, bundle, state, lang),
                         label=t("Karte der Gebiete, eingefärbt nach dem gewählten Indikator", lang),
                         overlays=overlay_ui.map_children(monitor, state.overlays, lang) if has_overlays else None),
                overlay_ui.legend_box(monitor, state.overlays, lang),
                html.Div(legend(monitor, bundle, lang, map_focus(ctx, state.focus, state.level)), id=ids.LEGEND,
                         className="qm-legend"),
                legend_toggle(ids.LEGEND, lang),
            ]),
        ]),
        table_section(monitor, state, lang),
        dcc.Store(id=ids.SELECTED, data=state.area),
        dcc.Store(id=ids.FOCUS, data=state.focus),
        dcc.Store(id=ids.URL_SYNC),
        *overlay_ui.stores(),
    ])


def _same_marks(current: Any, new: dict[int, str]) -> bool:
    """Whether the slider already shows these year marks (its keys come back from the browser as strings)."""
    return isinstance(current, dict) and {str(k): v for k, v in current.items()} == {str(k): v for k, v in new.items()}


def ctx_triggered_id() -> Any:
    return callback_context.triggered_id


# -- callbacks (thin: read inputs, ask the monitor, return outputs) ----------------------------
def register_callbacks(app: Dash, ctx: ViewContext) -> None:
    monitor, geometry = ctx.monitor, ctx.geometry
    overlay_ui.register_callbacks(app, monitor)

    def controls_view(indicator_id, year, level, focus) -> MapState:
        """The view the map's controls describe, checked and corrected like a URL's parameters."""
        return MapState.from_query(monitor, {"indikator": indicator_id, "jahr": year, "ebene": level, "fokus": focus})

    # the grid comes once the table is on the screen (dashboard/ui/table.py), for the view the controls show then
    register_table(app, lambda indicator_id, year, level, focus, area: (monitor, controls_view(indicator_id, year, level, focus).with_(
        area=area if isinstance(area, str) and monitor.area(area) else None)))

    # A recolour fetches its colouring from a JSON route (dashboard/colouring.py: immutable per release, the same
    # Monitor.map_bundle/map_hideout as the layout) and restyles the existing layers as soon as it arrives
    # (assets/qm_map.js colourMap): no server callback and no pass through the Dash renderer before the colours
    # change. The answer carries the view as a link's parameters would be corrected (an indicator without the chosen
    # year or level, a focus that does not fit the level); the callback sets the controls only where they differ.
    # The legend, texts and table follow in their own requests once year, level and focus are settled.
    app.clientside_callback(
        ClientsideFunction(namespace="qm", function_name="colourMap"),
        Output(ids.AREAS, "url"),
        Output(ids.YEAR, "value"),
        Output(ids.LEVEL, "value"),
        Output(ids.FOCUS, "data"),
        Input(ids.INDICATOR, "value"),
        Input(ids.YEAR, "value"),
        Input(ids.LEVEL, "value"),
        Input(ids.SELECTED, "data"),
        State(ids.FOCUS, "data"),
        State(ids.AREAS, "url"),
        State(ids.LANG, "data"),
        State(ids.AREAS, "id"),
        State(ids.AREAS, "hideout"),  # the layout's colouring: a selection alone needs no fetch
        prevent_initial_call=True,
    )

    @app.callback(
        Output(ids.LEGEND, "children"),
        Output(ids.MAP_TITLE, "children"),
        Output(ids.DESCRIPTION, "children"),
        Output(ids.YEAR, "marks"),
        Output(ids.YEAR, "min"),
        Output(ids.YEAR, "max"),
        Output(ids.LEVEL, "options"),
        Output(ids.DRILL, "children"),
        Input(ids.INDICATOR, "value"),
        Input(ids.YEAR, "value"),
        Input(ids.LEVEL, "value"),
        Input(ids.FOCUS, "data"),
        State(ids.YEAR, "marks"),
        State(ids.LEVEL, "options"),
        State(ids.LANG, "data"),
        prevent_initial_call=True,
    )
    def update_map_texts(indicator_id, year, level, focus, marks, options, lang):
        lang = language(lang)
        state = controls_view(indicator_id, year, level, focus)
        bundle = monitor.map_bundle(state.indicator, state.year, state.level)
        years = monitor.years(state.indicator, state.level)
        new_marks, new_options = year_marks(years), level_options(monitor, state.indicator, lang)
        same_years = _same_marks(marks, new_marks)
        return (
            legend(monitor, bundle, lang, map_focus(ctx, state.focus, state.level)),
            map_title(monitor, bundle, lang),
            indicator_description(monitor.indicator(state.indicator), state.level, monitor, lang),
            # unchanged controls are not sent again: setting them re-renders them
            no_update if same_years else new_marks,
            no_update if same_years else min(years, default=state.year),
            no_update if same_years else max(years, default=state.year),
            no_update if options == new_options else new_options,
            drill_path(monitor, state, lang),
        )

    # The table updates in its own request, so a recolour response stays a few kB of values.
    @app.callback(
        Output(ids.TABLE, "rowData"),
        Output(ids.TABLE, "columnDefs"),
        Input(ids.INDICATOR, "value"),
        Input(ids.YEAR, "value"),
        Input(ids.LEVEL, "value"),
        Input(ids.FOCUS, "data"),
        State(ids.LANG, "data"),
        prevent_initial_call=True,
    )
    def update_table(indicator_id, year, level, focus, lang):
        lang = language(lang)
        state = controls_view(indicator_id, year, level, focus)
        return table_rows(monitor, state, lang), table_columns(monitor, state, lang)

    # One callback owns the selection, for map and table alike: separate callbacks for "map selects
    # row" and "row selects area" would form a cycle that stalls the Dash renderer.
    @app.callback(
        Output(ids.SELECTED, "data"),
        Output(ids.MAP, "viewport"),
        Output(TABLE_SELECTION, "data"),  # to the grid when it is there (ui/table.py: it comes later than the map)
        Input(ids.AREAS, "clickData"),
        Input(ids.TABLE, "selectedRows", allow_optional=True),  # the grid comes later than the map (ui/table.py)
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

    @app.callback(Output(ids.SELECTED, "data", allow_duplicate=True), Input(SHEET_CLOSE, "n_clicks"), prevent_initial_call=True)
    def close_sheet(clicks):
        """The sheet's close button clears the selection (the panel falls back to its hint, the URL drops gebiet=)."""
        return None if clicks else no_update

    @app.callback(
        Output(ids.AREA_PANEL, "children"),
        Input(ids.SELECTED, "data"),
        Input(ids.YEAR, "value"),
        State(ids.INDICATOR, "value"),
        State(ids.LEVEL, "value"),
        State(ids.FOCUS, "data"),
        State(ids.LANG, "data"),
        prevent_initial_call=True,
    )
    def show_area(area_id, year, indicator_id, level, focus, lang):
        state = controls_view(indicator_id, year, level, focus)
        return area_panel(monitor, area_id if isinstance(area_id, str) else None, state.year, state.indicator, state,
                          language(lang))

    @app.callback(Output(ids.TABLE_DOWNLOAD, "data"), Input(ids.TABLE_CSV, "n_clicks"), Input(ids.TABLE_XLSX, "n_clicks"),
                  State(ids.INDICATOR, "value"), State(ids.YEAR, "value"), State(ids.LEVEL, "value"), State(ids.FOCUS, "data"),
                  State(ids.LANG, "data"), prevent_initial_call=True)
    def download_table(_csv, _xlsx, indicator_id, year, level, focus, lang):
        state = controls_view(indicator_id, year, level, focus)
        kind = "xlsx" if ctx_triggered_id() == ids.TABLE_XLSX else "csv"
        return table_download(monitor, state, kind, language(lang))

    # The URL mirrors the view state without reloading the page (history.replaceState in
    # assets/qm_map.js), so a reload or a shared link shows the same view.
    app.clientside_callback(
        ClientsideFunction(namespace="qm", function_name="syncUrl"),
        Output(ids.URL_SYNC, "data"),
        Input(ids.INDICATOR, "value"), Input(ids.YEAR, "value"), Input(ids.LEVEL, "value"), Input(ids.SELECTED, "data"),
        Input(ids.FOCUS, "data"),
        prevent_initial_call=True,
    )
