"""Groups ("Gruppen", /gruppen): the population groups of the dataset's group sets (dataset.toml `[[group_sets]]`)
side by side for one area of any level, next to its parent area and the city: a table per set and bars (area, parent,
city), CSV and XLSX download (dashboard/export.py).

The address holds the state (`?gebiet=<id>&jahr=<year>`, dashboard/state/groups.py); the pickers (level, area, year)
re-render the content and rewrite the address. Data only through dashboard/reports/groups.py (the Monitor): public
mode shows what disclosure control published. A dataset without group sets gets an empty state that says so.
"""
from __future__ import annotations

from typing import Any

from dash import ClientsideFunction, Dash, Input, Output, State, dcc, html, no_update
from dash import ctx as callback_context

from dashboard.export import download
from dashboard.i18n import language, t
from dashboard.monitor import Monitor
from dashboard.present import level_label
from dashboard.reports import groups as report
from dashboard.state.groups import GroupsState, area_at
from dashboard.ui import ids, profile_groups
from dashboard.ui.components import (
    ViewContext,
    dropdown_labels,
    empty_state,
    notice,
    page_language,
    view_nav,
    year_options,
)
from dashboard.urls import area_path, href

PATH = "/gruppen"
PATHS = (PATH,)
P = "groups"
LEVEL, AREA, YEAR = f"{P}-level", f"{P}-area", f"{P}-year"
CONTENT, TITLE, MESSAGES, NOTICE = f"{P}-content", f"{P}-title", f"{P}-messages", f"{P}-notice"
DOWNLOAD, DOWNLOAD_CSV, DOWNLOAD_XLSX = f"{P}-download", f"{P}-download-csv", f"{P}-download-xlsx"
URL_SYNC, URL_SYNCED, EMPTY = f"{P}-url-sync", f"{P}-url-synced", f"{P}-empty"


def level_options(monitor: Monitor, lang: str) -> list[dict[str, str]]:
    return [{"label": level_label(monitor.dataset, lv, lang), "value": lv} for lv in report.levels(monitor)]


def area_options(monitor: Monitor, level: str) -> list[dict[str, str]]:
    """Every area of the level, by name (with its id: names repeat across districts)."""
    areas = monitor.areas(level).sort_values(["name", "area_id"])
    return [{"label": f"{name} ({area_id})", "value": area_id} for area_id, name in zip(areas["area_id"], areas["name"])]


def title(monitor: Monitor, state: GroupsState, lang: str) -> str:
    area = monitor.area(state.area) or {}
    return t("Bevölkerungsgruppen – {name} ({level}), {year}", lang, name=area.get("name", ""),
             level=level_label(monitor.dataset, area.get("level", ""), lang), year=state.year)


def content(monitor: Monitor, state: GroupsState, lang: str) -> list:
    data = report.breakdown(monitor, state.area, state.year) if state.area else None
    if data is None or not data.has_values:
        return empty_state(EMPTY, t("Für dieses Gebiet und Jahr liegen keine Gruppenwerte vor.", lang))
    out: list = [html.P(t(profile_groups.HINT, lang), className="qm-hint")]
    base = profile_groups.base_line(monitor, data, lang)
    out += [base] if base is not None else []
    out.append(profile_groups.legend(monitor, data, lang))
    for group_set, rows in data.sets:
        out.append(html.Div([
            profile_groups.table(monitor, data, group_set, rows, lang),
            profile_groups.bars(monitor, data, group_set, rows, lang),
        ], className="qm-groups-set", **{"data-set": group_set.id}))
    out += profile_groups.notes(monitor, data, lang)
    out.append(html.P([html.A(t("Gebietsprofil", lang), href=href(area_path(state.area), {"jahr": state.year}, lang)),
                       " · ", html.A(t("Methodik: Gruppen", lang), href=href("/methodik", {}, lang))],
                      className="qm-hint qm-no-print"))
    return out


def layout(ctx: ViewContext, params: dict[str, Any]) -> html.Div:
    monitor = ctx.monitor
    lang = page_language(params)
    if not report.group_sets(monitor) or not report.levels(monitor):
        return html.Div(className="qm-map-page qm-chart-page qm-groups-page", children=[
            view_nav(PATH, lang),
            html.Section(className="qm-chart-wrap qm-groups-main", children=[
                html.H2(t("Bevölkerungsgruppen", lang), className="qm-map-title"),
                *empty_state(EMPTY, t(profile_groups.EMPTY, lang), [t(profile_groups.EMPTY_DETAIL, lang)],
                             [html.A(t("zur Karte", lang), href=href("/", {}, lang))], t("Weiter:", lang)),
            ]),
        ])
    state = GroupsState.from_query(monitor, params)
    controls = html.Aside(className="qm-controls qm-groups-controls", children=[
        html.Label(t("Ebene", lang), htmlFor=LEVEL, className="qm-label"),
        dcc.Dropdown(id=LEVEL, options=level_options(monitor, lang), value=state.level, clearable=False, searchable=False),
        html.Label(t("Gebiet", lang), htmlFor=AREA, className="qm-label"),
        dcc.Dropdown(id=AREA, options=area_options(monitor, state.level), value=state.area, clearable=False, searchable=True,
                     placeholder=t("Gebiet suchen (Name oder Nummer) …", lang), maxHeight=360,
                     labels=dropdown_labels(t("Gebiet suchen", lang), t("Kein Gebiet gefunden – Namen eingeben", lang), lang)),
        html.Label(t("Jahr (Stichtag)", lang), htmlFor=YEAR, className="qm-label"),
        dcc.Dropdown(id=YEAR, options=year_options(report.group_years(monitor, state.level)), value=state.year,
                     clearable=False, searchable=False),
        html.Button(t("Tabelle als CSV herunterladen", lang), id=DOWNLOAD_CSV, className="qm-button", n_clicks=0),
        html.Button(t("Excel (XLSX) herunterladen", lang), id=DOWNLOAD_XLSX, className="qm-button", n_clicks=0),
        dcc.Download(id=DOWNLOAD),
    ])
    return html.Div(className="qm-map-page qm-chart-page qm-groups-page", children=[
        view_nav(PATH, lang),
        html.Div(notice(list(state.notices), NOTICE, lang), id=MESSAGES),
        html.Div(className="qm-main", children=[
            controls,
            html.Section(className="qm-chart-wrap qm-groups-main", children=[
                html.H2(title(monitor, state, lang), id=TITLE, className="qm-map-title"),
                html.Div(content(monitor, state, lang), id=CONTENT, className="qm-table-wrap qm-groups-content"),
            ]),
        ]),
        dcc.Store(id=URL_SYNC),
        dcc.Store(id=URL_SYNCED),
    ])


def register_callbacks(app: Dash, ctx: ViewContext) -> None:
    monitor = ctx.monitor

    @app.callback(
        Output(CONTENT, "children"), Output(TITLE, "children"), Output(AREA, "options"), Output(AREA, "value"),
        Output(YEAR, "options"), Output(YEAR, "value"), Output(MESSAGES, "children"), Output(URL_SYNC, "data"),
        Input(LEVEL, "value"), Input(AREA, "value"), Input(YEAR, "value"), State(ids.LANG, "data"),
        prevent_initial_call=True,
    )
    def update(level, area, year, lang):
        """A new level moves the area to its ancestor or largest part there; area and year re-render the content."""
        lang = language(lang)
        area = area if isinstance(area, str) else ""
        if callback_context.triggered_id == LEVEL and isinstance(level, str) and level in report.levels(monitor):
            area = area_at(monitor, area, level) or ""
        state = GroupsState.from_query(monitor, {"gebiet": area, "jahr": year, "ebene": level if isinstance(level, str) else ""})
        level_changed = callback_context.triggered_id == LEVEL
        return (content(monitor, state, lang), title(monitor, state, lang),
                area_options(monitor, state.level) if level_changed else no_update, state.area,
                year_options(report.group_years(monitor, state.level)), state.year,
                notice(list(state.notices), NOTICE, lang), state.to_query())

    @app.callback(Output(DOWNLOAD, "data"), Input(DOWNLOAD_CSV, "n_clicks"), Input(DOWNLOAD_XLSX, "n_clicks"),
                  State(AREA, "value"), State(YEAR, "value"), State(ids.LANG, "data"), prevent_initial_call=True)
    def download_file(_csv, _xlsx, area, year, lang):
        lang = language(lang)
        state = GroupsState.from_query(monitor, {"gebiet": area if isinstance(area, str) else "", "jahr": year})
        data = report.breakdown(monitor, state.area, state.year) if state.area else None
        if data is None:
            return no_update
        kind = "xlsx" if callback_context.triggered_id == DOWNLOAD_XLSX else "csv"
        return download(profile_groups.export_table(monitor, data, lang), monitor.dataset, kind, lang)

    app.clientside_callback(ClientsideFunction(namespace="qm", function_name="syncQuery"),
                            Output(URL_SYNCED, "data"), Input(URL_SYNC, "data"), prevent_initial_call=True)
