"""The table of all areas for the current indicator and year (dash-ag-grid), linked with the map.

Sortable and filterable in the browser; downloads (CSV, XLSX) are built on the server from the
same monitor data, so public mode withholds the same values here as on the map.
"""
from __future__ import annotations

import csv
import io
from typing import Any

import dash_ag_grid as dag
from dash import dcc, html

from dashboard.monitor import Monitor, ViewState, format_number
from dashboard.ui import ids

LOCALE_DE = {
    "contains": "enthält", "notContains": "enthält nicht", "equals": "gleich", "notEqual": "ungleich",
    "startsWith": "beginnt mit", "endsWith": "endet mit", "lessThan": "kleiner als", "lessThanOrEqual": "kleiner oder gleich",
    "greaterThan": "größer als", "greaterThanOrEqual": "größer oder gleich", "inRange": "zwischen", "blank": "leer",
    "notBlank": "nicht leer", "andCondition": "UND", "orCondition": "ODER", "filterOoo": "Filtern …", "searchOoo": "Suchen …",
    "noRowsToShow": "Keine Gebiete", "loadingOoo": "Lädt …", "applyFilter": "Anwenden", "resetFilter": "Zurücksetzen",
    "clearFilter": "Leeren", "selectAll": "Alle auswählen", "page": "Seite", "of": "von", "to": "bis",
    "inRangeStart": "von", "inRangeEnd": "bis", "thousandSeparator": ".", "decimalSeparator": ",",
}


def _ranked(monitor: Monitor, state: ViewState):
    indicator = monitor.indicator(state.indicator)
    frame = monitor.values(state.indicator, state.year, state.level).copy()
    if state.focus:
        inside = set(monitor.descendants(state.focus, state.level))
        frame = frame[frame["area_id"].isin(inside)]
    ascending = indicator.polarity == "higher_is_better"
    shown = frame["value"].where(~frame["suppressed"]) if monitor.public else frame["value"]
    # rank 1 = most burdened for risk indicators, least supplied for potentials; neutral: largest value
    frame["rank"] = shown.rank(ascending=ascending, method="min")
    parents = monitor.parents(state.level)
    frame["parent"] = [(parents.get(a) or (None, ""))[1] or "" for a in frame["area_id"]]
    return indicator, frame


def table_rows(monitor: Monitor, state: ViewState) -> list[dict[str, Any]]:
    indicator, frame = _ranked(monitor, state)
    rows = []
    for row in frame.itertuples(index=False):
        note = []
        if row.suppressed:
            note.append("geringe Fallzahl" if monitor.public else "geringe Fallzahl – nur intern")
        if row.estimate:
            note.append("Schätzung")
        value = None if row.value != row.value else round(float(row.value), indicator.decimals)
        rows.append({"area_id": row.area_id, "name": row.name, "parent": row.parent, "value": value,
                     "rank": None if row.rank != row.rank else int(row.rank), "note": ", ".join(note)})
    return rows


def table_columns(monitor: Monitor, state: ViewState) -> list[dict[str, Any]]:
    indicator = monitor.indicator(state.indicator)
    level = monitor.dataset.level(state.level).label_de
    parent_level = monitor.dataset.level_ids.index(state.level) + 1
    parent_label = monitor.dataset.levels[parent_level].label_de if parent_level < len(monitor.dataset.levels) else "Stadt"
    fmt = {"function": f"d3.format(',.{indicator.decimals}f')(params.value).replace(/,/g, 'X').replace(/\\./g, ',').replace(/X/g, '.')"}
    return [
        {"field": "name", "headerName": level, "filter": "agTextColumnFilter", "minWidth": 180, "flex": 2},
        {"field": "area_id", "headerName": "Nr.", "filter": "agTextColumnFilter", "width": 120},
        {"field": "parent", "headerName": parent_label, "filter": "agTextColumnFilter", "flex": 1},
        {"field": "value", "headerName": f"{indicator.label_de} ({indicator.unit})", "filter": "agNumberColumnFilter",
         "type": "rightAligned", "valueFormatter": fmt, "flex": 1, "sort": "desc" if indicator.polarity != "higher_is_better" else "asc"},
        {"field": "rank", "headerName": "Rang", "filter": "agNumberColumnFilter", "width": 100, "type": "rightAligned",
         "headerTooltip": "1 = ungünstigster Wert (bei neutralen Indikatoren: größter Wert)"},
        {"field": "note", "headerName": "Hinweis", "filter": "agTextColumnFilter", "flex": 1},
        {"colId": "profile", "headerName": "Gebietsprofil", "cellRenderer": "markdown", "sortable": False, "filter": False,
         "width": 130, "valueGetter": {"function": f"'[Profil ›](/gebiet/' + params.data.area_id + '?jahr={state.year})'"}},
    ]


def table_section(monitor: Monitor, state: ViewState) -> html.Section:
    return html.Section(className="qm-table-section", children=[
        html.Div([
            html.H2("Alle Gebiete", className="qm-table-title"),
            html.Button("CSV herunterladen", id=ids.TABLE_CSV, className="qm-button", n_clicks=0),
            html.Button("Excel (XLSX) herunterladen", id=ids.TABLE_XLSX, className="qm-button", n_clicks=0),
        ], className="qm-table-head"),
        dag.AgGrid(
            id=ids.TABLE, rowData=table_rows(monitor, state), columnDefs=table_columns(monitor, state),
            getRowId="params.data.area_id",
            defaultColDef={"sortable": True, "resizable": True, "floatingFilter": True},
            dashGridOptions={"rowSelection": {"mode": "singleRow", "checkboxes": False, "enableClickSelection": True},
                             "localeText": LOCALE_DE, "animateRows": False, "pagination": True, "paginationPageSize": 50,
                             "paginationPageSizeSelector": False, "tooltipShowDelay": 300},
            selectedRows={"ids": [state.area]} if state.area else [],
            className="ag-theme-quartz qm-grid", style={"height": "520px"},
        ),
        dcc.Download(id=ids.TABLE_DOWNLOAD),
    ])


def table_export(monitor: Monitor, state: ViewState, kind: str) -> tuple[bytes | str, str]:
    """The table as CSV (semicolon, German decimals) or XLSX, with indicator, Stichtag and source on top."""
    indicator = monitor.indicator(state.indicator)
    rows = table_rows(monitor, state)
    level = monitor.dataset.level(state.level).label_de
    header = [level, "Nr.", "übergeordnet", f"{indicator.label_de} ({indicator.unit})", "Rang", "Hinweis"]
    meta = [f"{indicator.label_de} – {level}, Stichtag {indicator.stichtag}{state.year}",
            f"Definition: {indicator.description}", f"Quelle: {indicator.source}",
            f"Datensatz: {monitor.dataset.title}, Datenstand {monitor.dataset.release}"]
    filename = f"{indicator.id}-{state.level}-{state.year}"
    if kind == "xlsx":
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.title = "Gebiete"
        for line in meta:
            sheet.append([line])
        sheet.append([])
        sheet.append(header)
        for r in rows:
            sheet.append([r["name"], r["area_id"], r["parent"], r["value"], r["rank"], r["note"]])
        sheet.column_dimensions["A"].width = 32
        out = io.BytesIO()
        book.save(out)
        return out.getvalue(), filename + ".xlsx"
    text = io.StringIO()
    for line in meta:
        text.write(f"# {line}\n")
    writer = csv.writer(text, delimiter=";", lineterminator="\n")
    writer.writerow(header)
    for r in rows:
        writer.writerow([r["name"], r["area_id"], r["parent"], format_number(r["value"], indicator.decimals) if r["value"] is not None else "",
                         r["rank"] if r["rank"] is not None else "", r["note"]])
    return text.getvalue(), filename + ".csv"
