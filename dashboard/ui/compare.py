"""Comparison ("Vergleich"): 2–5 areas of any level side by side, "zusammen" and the city.

All visible indicators in one table grouped by dimension; "zusammen" treats the chosen areas as one
area, computed from counts (see dashboard/reports/compare.py for when it is not given and why).
A bar chart shows one chosen indicator. Areas are added through a search box (monitor.search);
the link /vergleich?gebiete=a,b,c reproduces the comparison. CSV download of the table.
"""
from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
from dash import ClientsideFunction, Dash, Input, Output, State, dcc, html, no_update

from dashboard.monitor import Monitor, format_number
from dashboard.reports import compare as report
from dashboard.reports.compare import Comparison
from dashboard.ui import map as map_view
from dashboard.ui.components import ViewContext, dropdown_labels, notice, view_nav

PATH = "/vergleich"
PATHS = (PATH,)
P = "compare"
AREAS, YEAR, CHART_INDICATOR = f"{P}-areas", f"{P}-year", f"{P}-chart-indicator"
TABLE, CHART, TITLE, LINK, MESSAGES, NOTICE = (f"{P}-table", f"{P}-chart", f"{P}-title", f"{P}-link", f"{P}-messages",
                                               f"{P}-notice")
DOWNLOAD, DOWNLOAD_BUTTON, URL_SYNC, URL_SYNCED = f"{P}-download", f"{P}-download-button", f"{P}-url-sync", f"{P}-url-synced"

AREA_COLORS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00")  # Okabe-Ito, as in the trends
TOGETHER_COLOR, CITY_COLOR = "#3b3b3b", "#a6a6a6"
SEARCH_LIMIT = 20


# -- state from the URL ---------------------------------------------------------------------------
def resolve(monitor: Monitor, params: dict[str, Any]) -> dict[str, Any]:
    areas, notices = report.resolve_areas(monitor, params.get("gebiete"))
    if params.get("_ungueltig"):
        notices.insert(0, "Die Adresse war ungültig oder zu lang.")
    if len(areas) < report.MIN_AREAS:
        notices.append(f"Wählen Sie {report.MIN_AREAS} bis {report.MAX_AREAS} Gebiete zum Vergleich "
                       "(Suchfeld links oder ein Link /vergleich?gebiete=…).")
    years = report.comparison_years(monitor, areas)
    raw_year = params.get("jahr")
    try:
        year = int(str(raw_year)[:6]) if raw_year is not None else None
    except ValueError:
        year = None
    if raw_year is not None and year not in years:
        notices.append("Für das Jahr aus dem Link gibt es keine Werte; das letzte Jahr wird gezeigt.")
    if year not in years:
        year = years[-1] if years else monitor.dataset.default_year
    indicators = [i.id for i in monitor.indicators()]
    chart = params.get("indikator")
    if chart is not None and chart not in indicators:
        notices.append("Der Indikator aus dem Link ist nicht verfügbar; der Standardindikator wird gezeigt.")
    if chart not in indicators:
        default = monitor.dataset.default_indicator
        chart = default if default in indicators else indicators[0]
    return {"areas": areas, "year": year, "years": years, "chart": chart, "notices": notices}


def query_of(state: dict[str, Any]) -> dict[str, str]:
    query = {"gebiete": ",".join(a["area_id"] for a in state["areas"]), "jahr": str(state["year"]), "indikator": state["chart"]}
    return {k: v for k, v in query.items() if v}


def level_label(monitor: Monitor, level: str) -> str:
    return monitor.dataset.level(level).label_de if level in monitor.dataset.level_ids else level


def area_option(monitor: Monitor, area: dict[str, Any]) -> dict[str, str]:
    return {"label": f"{area['name']} ({level_label(monitor, area['level'])} {area['area_id']})", "value": area["area_id"]}


# -- pieces -------------------------------------------------------------------------------------------
def _cell(cell: report.Cell | None, area_id: str) -> html.Td:
    if cell is None:
        return html.Td("")
    return html.Td(cell.text, title=cell.title or None, className=f"qm-num qm-cell-{cell.kind}", **{"data-area": area_id})


def table(monitor: Monitor, comp: Comparison) -> html.Table | html.P:
    if not comp.areas:
        return html.P("Noch keine Gebiete gewählt.", className="qm-hint")
    with_together = any(r.together is not None for r in comp.rows)
    head = [html.Th("Indikator", scope="col")]
    for area in comp.areas:
        head.append(html.Th([html.Span(area["name"]), html.Br(),
                             html.Small(f"{level_label(monitor, area['level'])} {area['area_id']}", className="qm-area-id")],
                            scope="col", className="qm-num", **{"data-area": area["area_id"]}))
    if with_together:
        head.append(html.Th("zusammen", scope="col", className="qm-num qm-together",
                            title="Die gewählten Gebiete als ein Gebiet: aus Zählwerten berechnet, Anteile nie gemittelt."))
    head.append(html.Th(comp.city_name, scope="col", className="qm-num qm-city"))
    body = []
    for dimension, rows in report.grouped_rows(comp.rows, map_view.DIMENSION_ORDER):
        body.append(html.Tr(html.Th(dimension, colSpan=len(head), scope="colgroup"), className="qm-compare-dimension"))
        for row in rows:
            ind = row.indicator
            body.append(html.Tr([
                html.Th([ind.label_de, html.Span(f" {ind.id}", className="qm-area-id"),
                         html.Span(ind.unit, className="qm-unit") if len(ind.unit) > report.LONG_UNIT else None],
                        scope="row", title=ind.description),
                *[_cell(c, a["area_id"]) for c, a in zip(row.cells, comp.areas)],
                *([_cell(row.together, "zusammen")] if with_together else []),
                _cell(row.city, "stadt"),
            ], id=f"{P}-row-{ind.id}"))
    return html.Table([
        html.Caption(f"Kennzahlen {comp.year} im Vergleich"),
        html.Thead(html.Tr(head)), html.Tbody(body),
    ], className="qm-figures qm-compare-table")


def chart(monitor: Monitor, comp: Comparison, indicator_id: str) -> go.Figure:
    """Bars for one indicator: the areas, "zusammen" and the city; estimates hatched, no number = no bar."""
    indicator = monitor.indicator(indicator_id)
    fig = go.Figure()
    bars = report.chart_values(comp, indicator_id)
    if indicator is not None and bars:
        labels, values, colors, patterns, texts = [], [], [], [], []
        area_index = 0
        for bar in bars:
            cell = bar["cell"]
            if bar["role"] == "area":
                colors.append(AREA_COLORS[area_index % len(AREA_COLORS)])
                area_index += 1
            else:
                colors.append(TOGETHER_COLOR if bar["role"] == "together" else CITY_COLOR)
            label = bar["label"] if cell.value is not None else f"{bar['label']} (keine Angabe)"
            labels.append(label)
            values.append(cell.value)
            texts.append(cell.text)
            patterns.append("/" if cell.kind == "estimate" else "")
        fig.add_trace(go.Bar(x=labels, y=values, marker={"color": colors, "pattern": {"shape": patterns, "fgcolor": "#ffffff", "solidity": 0.35}},
                             text=texts, textposition="outside", cliponaxis=False, customdata=texts,
                             hovertemplate="%{x}: %{customdata}<extra></extra>", name=indicator.label_de))
        unit = f" {indicator.unit}" if indicator.unit else ""
        if indicator.target is not None:
            fig.add_hline(y=indicator.target, line={"color": "#1a7f37", "dash": "dot"},
                          annotation_text=f"Zielwert {format_number(indicator.target, indicator.decimals)}{unit}")
        if indicator.threshold is not None:
            fig.add_hline(y=indicator.threshold, line={"color": "#b2182b", "dash": "dashdot"},
                          annotation_text=f"Schwellenwert {format_number(indicator.threshold, indicator.decimals)}{unit}")
        # the title travels with the PNG download
        fig.update_layout(yaxis={"title": indicator.unit or indicator.label_de, "separatethousands": True},
                          title={"text": f"{indicator.label_de}, {comp.year}", "font": {"size": 14}, "x": 0, "xref": "paper", "xanchor": "left"})
    fig.update_layout(template="plotly_white", separators=",.", margin={"l": 60, "r": 20, "t": 50, "b": 60},
                      showlegend=False, font={"family": "system-ui, sans-serif", "size": 13})
    return fig


def chart_config(comp: Comparison, indicator_id: str) -> dict[str, Any]:
    return {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"],
            "toImageButtonOptions": {"format": "png", "filename": f"vergleich-{indicator_id}-{comp.year}", "scale": 2}}


def title(comp: Comparison) -> str:
    if not comp.areas:
        return f"Gebietsvergleich {comp.year}"
    return f"Gebietsvergleich {comp.year}: " + ", ".join(a["name"] for a in comp.areas)


def explanations(comp: Comparison) -> list:
    out = [html.P("„zusammen“: die gewählten Gebiete als ein Gebiet – aus Zählwerten berechnet (z. B. für ein Fördergebiet "
                  "aus mehreren Planungsräumen), Anteile werden nie gemittelt. ≈ Näherung/Schätzung, – nicht berechenbar "
                  "(Grund im Tooltip).", className="qm-legend-meta")]
    if comp.overlaps:
        names = {a["area_id"]: a["name"] for a in comp.areas}
        pairs = "; ".join(f"{names[a]} liegt in {names[b]}" for a, b in comp.overlaps)
        out.append(html.P(f"Die Auswahl überschneidet sich ({pairs}); „zusammen“ wird daher nicht berechnet.",
                          className="qm-legend-note"))
    return out


def link(comp: Comparison) -> list:
    if not comp.areas:
        return []
    ids = ",".join(a["area_id"] for a in comp.areas)
    out = [html.Span("Link zu diesem Vergleich: "), html.A(f"/vergleich?gebiete={ids}&jahr={comp.year}",
                                                            href=f"/vergleich?gebiete={ids}&jahr={comp.year}")]
    levels = {a["level"] for a in comp.areas}
    if len(levels) == 1:
        out += [html.Span(" · "), html.A("als Zeitreihe", href=f"/zeitreihen?ebene={levels.pop()}&gebiete={ids}")]
    return out


def content(monitor: Monitor, state: dict[str, Any]) -> dict[str, Any]:
    comp = report.comparison(monitor, [a["area_id"] for a in state["areas"]], state["year"])
    return {"comparison": comp, "table": [*explanations(comp), table(monitor, comp)], "chart": chart(monitor, comp, state["chart"]),
            "config": chart_config(comp, state["chart"]), "title": title(comp), "link": link(comp)}


# -- layout -------------------------------------------------------------------------------------------
def layout(ctx: ViewContext, params: dict[str, Any]) -> html.Div:
    monitor = ctx.monitor
    state = resolve(monitor, params)
    parts = content(monitor, state)
    controls = html.Aside(className="qm-controls", children=[
        html.Label(f"Gebiete ({report.MIN_AREAS} bis {report.MAX_AREAS}, jede Ebene)", htmlFor=AREAS, className="qm-label"),
        dcc.Dropdown(id=AREAS, options=[area_option(monitor, a) for a in state["areas"]],
                     value=[a["area_id"] for a in state["areas"]], multi=True, searchable=True,
                     placeholder="Gebiet suchen (Name oder Nummer) …", maxHeight=360,
                     labels=dropdown_labels("Gebiet suchen", "Kein Gebiet gefunden – Namen eingeben")),
        html.Label("Jahr (Stichtag)", htmlFor=YEAR, className="qm-label"),
        dcc.Dropdown(id=YEAR, options=[{"label": str(y), "value": y} for y in state["years"]], value=state["year"],
                     clearable=False, searchable=False),
        html.Label("Indikator im Diagramm", htmlFor=CHART_INDICATOR, className="qm-label"),
        dcc.Dropdown(id=CHART_INDICATOR, options=map_view.indicator_options(monitor), value=state["chart"], clearable=False,
                     searchable=True, optionHeight=40, maxHeight=420, search_order="original"),
        html.Button("Tabelle als CSV herunterladen", id=DOWNLOAD_BUTTON, className="qm-button", n_clicks=0),
        dcc.Download(id=DOWNLOAD),
        html.P(parts["link"], id=LINK, className="qm-hint qm-share-link"),
    ])
    return html.Div(className="qm-map-page qm-chart-page", children=[
        view_nav(PATH),
        html.Div(notice(state["notices"], NOTICE), id=MESSAGES),
        html.Div(className="qm-main", children=[
            controls,
            html.Section(className="qm-chart-wrap", children=[
                html.H2(parts["title"], id=TITLE, className="qm-map-title"),
                html.Div(parts["table"], id=TABLE, className="qm-table-wrap"),
                dcc.Graph(id=CHART, figure=parts["chart"], config=parts["config"], className="qm-chart qm-compare-chart",
                          responsive=True, style={"height": "360px"}),  # responsive graphs take their box height
            ]),
        ]),
        dcc.Store(id=URL_SYNC),
        dcc.Store(id=URL_SYNCED),
    ])


# -- callbacks ---------------------------------------------------------------------------------------
def register_callbacks(app: Dash, ctx: ViewContext) -> None:
    monitor = ctx.monitor

    @app.callback(Output(AREAS, "options"), Input(AREAS, "search_value"), State(AREAS, "value"), prevent_initial_call=True)
    def search(text, chosen):
        """Chosen areas stay in the options (else the dropdown would drop them); search results follow."""
        if not text or not isinstance(text, str):
            return no_update
        chosen = [a for a in (monitor.area(i) for i in (chosen if isinstance(chosen, list) else []) if isinstance(i, str)) if a]
        found = monitor.search(text, limit=SEARCH_LIMIT)
        seen = {a["area_id"] for a in chosen}
        return [area_option(monitor, a) for a in chosen] + [area_option(monitor, a) for a in found if a["area_id"] not in seen]

    @app.callback(
        Output(TABLE, "children"), Output(CHART, "figure"), Output(CHART, "config"), Output(TITLE, "children"),
        Output(LINK, "children"), Output(YEAR, "options"), Output(YEAR, "value"), Output(AREAS, "value"),
        Output(MESSAGES, "children"), Output(URL_SYNC, "data"),
        Input(AREAS, "value"), Input(YEAR, "value"), Input(CHART_INDICATOR, "value"),
        prevent_initial_call=True,
    )
    def update(areas, year, indicator_id):
        areas = [a for a in areas if isinstance(a, str)] if isinstance(areas, list) else []
        state = resolve(monitor, {"gebiete": ",".join(areas), "jahr": year, "indikator": indicator_id})
        notices = [n for n in state["notices"] if "Jahr aus dem Link" not in n]
        parts = content(monitor, state)
        return (parts["table"], parts["chart"], parts["config"], parts["title"], parts["link"],
                [{"label": str(y), "value": y} for y in state["years"]], state["year"],
                [a["area_id"] for a in state["areas"]], notice(notices, NOTICE), query_of(state))

    @app.callback(Output(DOWNLOAD, "data"), Input(DOWNLOAD_BUTTON, "n_clicks"),
                  State(AREAS, "value"), State(YEAR, "value"), prevent_initial_call=True)
    def download(_clicks, areas, year):
        areas = [a for a in areas if isinstance(a, str)] if isinstance(areas, list) else []
        state = resolve(monitor, {"gebiete": ",".join(areas), "jahr": year})
        comp = report.comparison(monitor, [a["area_id"] for a in state["areas"]], state["year"])
        return {"content": report.comparison_csv(monitor, comp), "filename": f"gebietsvergleich-{comp.year}.csv",
                "type": "text/csv"}

    app.clientside_callback(ClientsideFunction(namespace="qm", function_name="syncQuery"),
                            Output(URL_SYNCED, "data"), Input(URL_SYNC, "data"), prevent_initial_call=True)
