"""The table of all areas for the current indicator and year (dash-ag-grid), linked with the map.

Sortable and filterable in the browser; downloads (CSV, XLSX) are built on the server from the
same monitor data, so public mode withholds the same values here as on the map.
"""
from __future__ import annotations

from typing import Any

import dash_ag_grid as dag
from dash import dcc, html

from dashboard.export import Column, ExportTable, download, flag_columns
from dashboard.i18n import t, tt
from dashboard.monitor import Monitor
from dashboard.present import category_code
from dashboard.state.map import MapState
from dashboard.ui import ids
from dashboard.urls import href

LOCALE_DE = {
    "contains": "enthält", "notContains": "enthält nicht", "equals": "gleich", "notEqual": "ungleich",
    "startsWith": "beginnt mit", "endsWith": "endet mit", "lessThan": "kleiner als", "lessThanOrEqual": "kleiner oder gleich",
    "greaterThan": "größer als", "greaterThanOrEqual": "größer oder gleich", "inRange": "zwischen", "blank": "leer",
    "notBlank": "nicht leer", "andCondition": "UND", "orCondition": "ODER", "filterOoo": "Filtern …", "searchOoo": "Suchen …",
    "noRowsToShow": "Keine Gebiete", "loadingOoo": "Lädt …", "applyFilter": "Anwenden", "resetFilter": "Zurücksetzen",
    "clearFilter": "Leeren", "selectAll": "Alle auswählen", "page": "Seite", "of": "von", "to": "bis",
    "inRangeStart": "von", "inRangeEnd": "bis", "thousandSeparator": ".", "decimalSeparator": ",",
}
# ag-grid's own texts are English; the same keys here so both languages set the same texts
LOCALE_EN = {
    "contains": "Contains", "notContains": "Does not contain", "equals": "Equals", "notEqual": "Does not equal",
    "startsWith": "Begins with", "endsWith": "Ends with", "lessThan": "Less than", "lessThanOrEqual": "Less than or equal to",
    "greaterThan": "Greater than", "greaterThanOrEqual": "Greater than or equal to", "inRange": "Between", "blank": "Blank",
    "notBlank": "Not blank", "andCondition": "AND", "orCondition": "OR", "filterOoo": "Filter …", "searchOoo": "Search …",
    "noRowsToShow": "No areas", "loadingOoo": "Loading …", "applyFilter": "Apply", "resetFilter": "Reset",
    "clearFilter": "Clear", "selectAll": "Select all", "page": "Page", "of": "of", "to": "to",
    "inRangeStart": "from", "inRangeEnd": "to", "thousandSeparator": ",", "decimalSeparator": ".",
}
GRID_LOCALES = {"de": LOCALE_DE, "en": LOCALE_EN}

# the grid's number format: the page's locale (assets/qm_grid.js formats with the browser's Intl)
GRID_NUMBER_LOCALES = {"de": "de-DE", "en": "en-GB"}


def _ranked(monitor: Monitor, state: MapState):
    indicator = monitor.indicator(state.indicator)
    frame = monitor.values(state.indicator, state.year, state.level).copy()
    if state.focus:
        inside = set(monitor.descendants(state.focus, state.level))
        frame = frame[frame["area_id"].isin(inside)]
    # the one rank of the app, as in tooltips, the area panel and profiles (Monitor.standings, methods/rank.py): among
    # all published values of the level citywide, also under a focus; 1 = most favourable (neutral: largest); withheld
    # values and classes take none
    frame["rank"] = frame["area_id"].map(monitor.standings(state.indicator, state.year, state.level)["rank"])
    parents = monitor.parents(state.level)
    frame["parent"] = [(parents.get(a) or (None, ""))[1] or "" for a in frame["area_id"]]
    return indicator, frame


def table_rows(monitor: Monitor, state: MapState, lang: str = "de") -> list[dict[str, Any]]:
    indicator, frame = _ranked(monitor, state)
    small = t("geringe Fallzahl" if monitor.public else "geringe Fallzahl – nur intern", lang)
    estimate = t("Schätzung", lang)
    rows = []
    for row in frame.itertuples(index=False):
        note = []
        if row.suppressed:
            note.append(small)
        if row.estimate:
            note.append(estimate)
        value = None if row.value != row.value else round(float(row.value), indicator.decimals)
        rows.append({"area_id": row.area_id, "name": row.name, "parent": row.parent, "value": value,
                     "rank": None if row.rank != row.rank else int(row.rank), "note": ", ".join(note)})
    return rows


def _parent_label(monitor: Monitor, state: MapState, lang: str) -> str:
    parent_level = monitor.dataset.level_ids.index(state.level) + 1
    return monitor.dataset.levels[parent_level].label(lang) if parent_level < len(monitor.dataset.levels) else t("Stadt", lang)


def _value_header(indicator, lang: str) -> str:
    return f"{indicator.label(lang)} ({indicator.text('unit', lang)})"


def table_columns(monitor: Monitor, state: MapState, lang: str = "de") -> list[dict[str, Any]]:
    indicator = monitor.indicator(state.indicator)
    level = monitor.dataset.level(state.level).label(lang)
    locale = GRID_NUMBER_LOCALES.get(lang, GRID_NUMBER_LOCALES["de"])
    fmt = {"function": f"qmNumber(params.value, '{locale}', {int(indicator.decimals)})"}
    # the markdown link is a plain <a> (a full page load): it carries the language along
    profile_query = href("", {"jahr": state.year}, lang)
    return [
        {"field": "name", "headerName": level, "filter": "agTextColumnFilter", "minWidth": 180, "flex": 2},
        {"field": "area_id", "headerName": t("Nr.", lang), "filter": "agTextColumnFilter", "width": 120},
        {"field": "parent", "headerName": _parent_label(monitor, state, lang), "filter": "agTextColumnFilter", "flex": 1},
        {"field": "value", "headerName": _value_header(indicator, lang), "filter": "agNumberColumnFilter",
         "type": "rightAligned", "valueFormatter": fmt, "flex": 1, "sort": "desc" if indicator.polarity != "higher_is_better" else "asc"},
        {"field": "rank", "headerName": t("Rang", lang), "filter": "agNumberColumnFilter", "width": 100, "type": "rightAligned",
         "headerTooltip": t("1 = günstigster Wert (bei neutralen Indikatoren: größter Wert)", lang)},
        {"field": "note", "headerName": t("Hinweis", lang), "filter": "agTextColumnFilter", "flex": 1},
        {"colId": "profile", "headerName": t("Gebietsprofil", lang), "cellRenderer": "markdown", "sortable": False, "filter": False,
         # the link is made in the browser per row: the id escaped there as urls.area_path escapes it here
         "width": 130, "valueGetter": {"function": f"'[{t('Profil ›', lang)}](/gebiet/' + encodeURIComponent(params.data.area_id) + "
                                                   f"'{profile_query})'"}},
    ]


# The grid is not part of the first paint: its library (dash_ag_grid, ~1.3 MB of JavaScript and a 0.9 MB chunk) is
# neither loaded nor run until the table comes onto the screen (assets/qm_grid.js loads it, then asks for the grid
# through TABLE_OPEN; render_table below builds it from the view the controls show then). The map page opens with a
# placeholder of the grid's height in the slot.
TABLE_SLOT = "map-table-slot"
TABLE_OPEN = "map-table-open"
TABLE_WATCH = "map-table-watch"
TABLE_SELECTION = "map-table-selection"  # a selection made on the map, for the grid if it is there (qm_grid.js)
GRID_HEIGHT = "520px"


def table_grid(monitor: Monitor, state: MapState, lang: str = "de") -> dag.AgGrid:
    return dag.AgGrid(
        id=ids.TABLE, rowData=table_rows(monitor, state, lang), columnDefs=table_columns(monitor, state, lang),
        getRowId="params.data.area_id",
        defaultColDef={"sortable": True, "resizable": True, "floatingFilter": True},
        dashGridOptions={"rowSelection": {"mode": "singleRow", "checkboxes": False, "enableClickSelection": True},
                         "localeText": GRID_LOCALES.get(lang, LOCALE_DE), "animateRows": False, "pagination": True,
                         "paginationPageSize": 50, "paginationPageSizeSelector": False, "tooltipShowDelay": 300},
        selectedRows={"ids": [state.area]} if state.area else [],
        className="ag-theme-quartz qm-grid", style={"height": GRID_HEIGHT},
    )


def table_section(monitor: Monitor, state: MapState, lang: str = "de") -> html.Section:
    return html.Section(className="qm-table-section", children=[
        html.Div([
            html.H2(t("Alle Gebiete", lang), className="qm-table-title"),
            html.Button(t("CSV herunterladen", lang), id=ids.TABLE_CSV, className="qm-button", n_clicks=0),
            html.Button(t("Excel (XLSX) herunterladen", lang), id=ids.TABLE_XLSX, className="qm-button", n_clicks=0),
        ], className="qm-table-head"),
        html.Div(html.P(t("Die Tabelle wird geladen …", lang), className="qm-table-placeholder", style={"height": GRID_HEIGHT}),
                 id=TABLE_SLOT, className="qm-table-slot"),
        dcc.Store(id=TABLE_OPEN),
        dcc.Store(id=TABLE_WATCH),
        dcc.Store(id=TABLE_SELECTION),
        dcc.Download(id=ids.TABLE_DOWNLOAD),
    ])


def register_callbacks(app, state_of) -> None:
    """The grid once the table comes onto the screen or takes the focus (assets/qm_grid.js watchTable: library loaded, TABLE_OPEN set):
    `state_of(indicator, year, level, focus, area)` is the view of the map's controls as the map page reads it."""
    from dash import ClientsideFunction, Input, Output, State, no_update

    from dashboard.i18n import language

    app.clientside_callback(ClientsideFunction(namespace="qm_grid", function_name="watchTable"),
                            Output(TABLE_WATCH, "data"), Input(TABLE_SLOT, "id"))
    # set on the grid without an Output: the grid may not be there yet, and its selectedRows is an Input of the map's
    # selection callback (an Output back to it would close a cycle)
    app.clientside_callback(ClientsideFunction(namespace="qm_grid", function_name="selectRow"),
                            Output(TABLE_WATCH, "data", allow_duplicate=True), Input(TABLE_SELECTION, "data"),
                            prevent_initial_call=True)

    @app.callback(Output(TABLE_SLOT, "children"), Input(TABLE_OPEN, "data"),
                  State(ids.INDICATOR, "value"), State(ids.YEAR, "value"), State(ids.LEVEL, "value"), State(ids.FOCUS, "data"),
                  State(ids.SELECTED, "data"), State(ids.LANG, "data"), prevent_initial_call=True)
    def render_table(opened, indicator_id, year, level, focus, area, lang):
        if not opened:
            return no_update
        monitor, state = state_of(indicator_id, year, level, focus, area)
        return table_grid(monitor, state, language(lang))


def export_table(monitor: Monitor, state: MapState, lang: str = "de") -> ExportTable:
    """The table as a file: one row per area with value, rank, estimate and withheld flags; indicator,
    Stichtag, definition and source above it, in the page language."""
    indicator, frame = _ranked(monitor, state)
    level = monitor.dataset.level(state.level)
    columns = [Column("area_id", t("Nr.", lang)), Column("name", level.label(lang), width=32),
               Column("parent", _parent_label(monitor, state, lang), width=24),
               Column("value", _value_header(indicator, lang), "text" if indicator.kind == "class" else "number",
                      indicator.decimals),
               Column("rank", t("Rang", lang), "number"), *flag_columns(lang)]
    rows = [{"area_id": r.area_id, "name": r.name, "parent": r.parent,
             "value": None if r.suppressed and monitor.public else r.value,
             "rank": r.rank, "estimate": r.estimate, "withheld": r.suppressed} for r in frame.itertuples(index=False)]
    if indicator.kind == "class":  # a class is a code with a label ("3 niedrig"), not a number to rank
        columns = [c for c in columns if c.key != "rank"]
        columns.insert(4, Column("class_label", t("Klassenbezeichnung", lang), width=28))
        labels = indicator.category_labels(lang)
        for row in rows:
            code = None if row["value"] is None or row["value"] != row["value"] else category_code(row["value"])
            row["value"], row["class_label"] = code, tt(labels.get(code, ""), lang) if code else None
    focus = monitor.area(state.focus) if state.focus else None
    title = t("{indicator} – {level}, Stichtag {date}", lang, indicator=indicator.label(lang), level=level.label(lang),
              date=indicator.reference_date(state.year, lang))
    lines = [t("Definition: {description}", lang, description=indicator.text("description", lang)),
             t("Quelle: {source}", lang, source=indicator.text("source", lang))]
    if focus:
        lines.insert(0, t("Ausschnitt: {area}", lang, area=focus["name"]))
    # the file name names the level as the page does (the level id is German)
    level_name = state.level if lang == "de" else level.label(lang).lower().replace(" ", "-")
    return ExportTable(filename=f"{indicator.id}-{level_name}-{state.year}", title=title, columns=columns, rows=rows,
                       lines=lines, sheet=t("Gebiete", lang))


def table_download(monitor: Monitor, state: MapState, kind: str, lang: str = "de") -> dict[str, Any]:
    return download(export_table(monitor, state, lang), monitor.dataset, kind, lang)
