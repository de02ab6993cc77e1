"""Trends ("Zeitreihen"): one indicator over the years for up to five areas of one level.

The parent areas and the city are dashed grey reference lines; Zielwert and Schwellenwert are
horizontal lines where the registry sets them. Estimated values are drawn with hollow markers on
dotted segments and never joined to measured ones; where a series switches between estimate and
measurement a dashed vertical line marks the break. Missing and (in public mode) withheld years
stay gaps. The same numbers appear in a table under the chart.
"""
from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go
from dash import ClientsideFunction, Dash, Input, Output, dcc, html

from dashboard.catalog import Indicator
from dashboard.monitor import Monitor, format_number
from dashboard.reports import series as report
from dashboard.ui import map as map_view
from dashboard.ui.components import ViewContext, dropdown_labels, notice, view_nav

PATH = "/zeitreihen"
PATHS = (PATH,)
P = "trends"
INDICATOR, LEVEL, AREAS, REF = f"{P}-indicator", f"{P}-level", f"{P}-areas", f"{P}-ref"
GRAPH, TABLE, TITLE, DESCRIPTION, NOTES, MESSAGES = (f"{P}-graph", f"{P}-table", f"{P}-title", f"{P}-description",
                                                     f"{P}-notes", f"{P}-messages")
NOTICE, LINKS, URL_SYNC, URL_SYNCED = f"{P}-notice", f"{P}-links", f"{P}-url-sync", f"{P}-url-synced"

# Okabe-Ito: distinguishable with colour-vision deficiencies
AREA_COLORS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00")
PARENT_COLOR, CITY_COLOR = "#8c8c8c", "#4d4d4d"
TARGET_COLOR, THRESHOLD_COLOR, WITHHELD_COLOR = "#1a7f37", "#b2182b", "#d62728"
ROLE_LABEL = {"parent": "übergeordnet", "city": "Gesamtstadt"}


# -- state from the URL ---------------------------------------------------------------------------
def resolve(monitor: Monitor, params: dict[str, Any]) -> dict[str, Any]:
    """Validated view state: indicator, level, up to five area ids of that level, reference lines on/off."""
    notices: list[str] = []
    wanted = [a.strip() for a in str(params.get("gebiete") or "").split(",") if a.strip()][:40]
    known, unknown = [], []
    for area_id in dict.fromkeys(wanted):
        area = monitor.area(area_id)
        (known if area and area["level"] in monitor.dataset.level_ids else unknown).append(area or area_id)
    if unknown:
        notices.append(f"{len(unknown)} Gebiet(e) aus dem Link gibt es auf keiner Gebietsebene dieses Datensatzes; sie wurden weggelassen.")
    level_param = params.get("ebene") or (known[0]["level"] if known else None)
    query = {k: v for k, v in {"indikator": params.get("indikator"), "ebene": level_param,
                               "_ungueltig": params.get("_ungueltig")}.items() if v is not None}
    state = monitor.resolve_view(query)
    notices = state.notices + notices
    areas = [a["area_id"] for a in known if a["level"] == state.level]
    if len(areas) < len(known):
        notices.append(f"{len(known) - len(areas)} Gebiet(e) liegen nicht auf der Ebene "
                       f"{monitor.dataset.level(state.level).label_de} und wurden weggelassen.")
    if len(areas) > report.MAX_AREAS:
        notices.append(f"Höchstens {report.MAX_AREAS} Gebiete je Diagramm; die übrigen wurden weggelassen.")
        areas = areas[:report.MAX_AREAS]
    reference = str(params.get("ref", "1")).lower() not in ("0", "nein", "aus", "false")
    return {"indicator": state.indicator, "level": state.level, "areas": areas, "reference": reference, "notices": notices}


def area_options(monitor: Monitor, level: str) -> list[dict[str, str]]:
    frame = monitor.store.frame("areas_by_level", {"level": level})
    return [{"label": f"{name} ({aid})", "value": aid} for aid, name in zip(frame["area_id"], frame["name"])]


def query_of(state: dict[str, Any]) -> dict[str, str]:
    query = {"indikator": state["indicator"], "ebene": state["level"]}
    if state["areas"]:
        query["gebiete"] = ",".join(state["areas"])
    if not state["reference"]:
        query["ref"] = "0"
    return query


# -- the chart ----------------------------------------------------------------------------------------
def _value_text(indicator: Indicator, value: float | None, estimate: bool, withheld: bool) -> str:
    unit = f" {indicator.unit}" if indicator.unit else ""
    text = format_number(value, indicator.decimals) + unit
    if estimate:
        text += " (Schätzung)"
    if withheld:
        text += " ⚠ geringe Fallzahl (nur intern)"
    return text


def figure(monitor: Monitor, indicator: Indicator, frame: pd.DataFrame) -> go.Figure:
    """Plotly line chart: measured solid, estimates dotted with hollow markers, breaks marked."""
    fig = go.Figure()
    area_index = 0
    any_estimate = any_withheld = False
    for line_id, line in frame.groupby("line_id", sort=False):
        first = line.iloc[0]
        role = first["role"]
        if role == "area":
            color, dash, width = AREA_COLORS[area_index % len(AREA_COLORS)], "solid", 2.5
            area_index += 1
            name = f"{first['name']} ({line_id})"
        else:
            color, dash, width = (PARENT_COLOR, "dash", 1.8) if role == "parent" else (CITY_COLOR, "longdash", 1.8)
            name = f"{first['name']} ({ROLE_LABEL[role]})"
        parts = report.split_measured_estimated(line)
        ordered = line.sort_values("year")
        texts = [_value_text(indicator, v, e, w) if pd.notna(v) else "" for v, e, w in
                 zip(ordered["value"], ordered["estimate"], parts["withheld"])]
        common = {"x": parts["years"], "customdata": texts, "legendgroup": line_id, "connectgaps": False,
                  "hovertemplate": f"{name}<br>%{{x}}: %{{customdata}}<extra></extra>"}
        fig.add_trace(go.Scatter(y=parts["measured"], name=name, mode="lines+markers",
                                 line={"color": color, "dash": dash, "width": width},
                                 marker={"symbol": "circle", "size": 7, "color": color}, meta={"line_id": line_id, "kind": "gemessen"},
                                 **common))
        if any(v is not None for v in parts["estimate"]):
            any_estimate = True
            fig.add_trace(go.Scatter(y=parts["estimate"], name=f"{name} – Schätzung", mode="lines+markers", showlegend=False,
                                     line={"color": color, "dash": "dot", "width": width},
                                     marker={"symbol": "circle-open", "size": 9, "color": color, "line": {"width": 2}},
                                     meta={"line_id": line_id, "kind": "Schätzung"}, **common))
        withheld = [v if w and v is not None else None for v, w in
                    zip([m if m is not None else e for m, e in zip(parts["measured"], parts["estimate"])], parts["withheld"])]
        if any(v is not None for v in withheld):
            any_withheld = True
            fig.add_trace(go.Scatter(x=parts["years"], y=withheld, mode="markers", showlegend=False, hoverinfo="skip",
                                     marker={"symbol": "x", "size": 11, "color": WITHHELD_COLOR},
                                     meta={"line_id": line_id, "kind": "geringe Fallzahl"}))
    if any_estimate:  # one legend entry explains the hollow markers
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="lines+markers", name="Schätzung (hohle Punkte, gepunktet)",
                                 line={"color": "#555", "dash": "dot"}, marker={"symbol": "circle-open", "size": 9, "color": "#555"},
                                 meta={"kind": "legende"}))
    if any_withheld:
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name="⚠ geringe Fallzahl (nur intern)",
                                 marker={"symbol": "x", "size": 11, "color": WITHHELD_COLOR}, meta={"kind": "legende"}))
    seen: set[tuple[int, str]] = set()
    for item in report.definition_breaks(frame):
        key = (item["year"], item["text"])
        if key in seen:
            continue
        seen.add(key)
        fig.add_vline(x=item["year"] - 0.5, line={"color": "#333", "dash": "dash", "width": 1.2},
                      annotation_text=item["text"] + f" ({item['year']})", annotation_position="top left",
                      annotation_font_size=11)
    unit = f" {indicator.unit}" if indicator.unit else ""
    if indicator.target is not None:
        fig.add_hline(y=indicator.target, line={"color": TARGET_COLOR, "dash": "dot", "width": 1.5},
                      annotation_text=f"Zielwert {format_number(indicator.target, indicator.decimals)}{unit}",
                      annotation_position="bottom right", annotation_font_color=TARGET_COLOR)
    if indicator.threshold is not None:
        fig.add_hline(y=indicator.threshold, line={"color": THRESHOLD_COLOR, "dash": "dashdot", "width": 1.5},
                      annotation_text=f"Schwellenwert {format_number(indicator.threshold, indicator.decimals)}{unit}",
                      annotation_position="top right", annotation_font_color=THRESHOLD_COLOR)
    fig.update_layout(
        template="plotly_white", separators=",.", margin={"l": 60, "r": 20, "t": 50, "b": 40},
        title={"text": f"{indicator.label_de} ({indicator.unit})" if indicator.unit else indicator.label_de,
               "font": {"size": 14}, "x": 0, "xref": "paper", "xanchor": "left"},  # travels with the PNG download
        hovermode="closest", font={"family": "system-ui, sans-serif", "size": 13},
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0},
        xaxis={"title": "Jahr (Stichtag)", "dtick": 1, "tickformat": "d"},
        yaxis={"title": indicator.unit or indicator.label_de, "separatethousands": True},
    )
    return fig


def graph_config(indicator_id: str, level: str) -> dict[str, Any]:
    return {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"],
            "toImageButtonOptions": {"format": "png", "filename": f"zeitreihe-{indicator_id}-{level}", "scale": 2}}


# -- pieces ----------------------------------------------------------------------------------------------
def title(monitor: Monitor, indicator: Indicator, level: str) -> str:
    return f"{indicator.label_de} – Zeitreihe, {monitor.dataset.level(level).label_de}"


def data_table(monitor: Monitor, indicator: Indicator, frame: pd.DataFrame) -> html.Table | html.P:
    years, rows = report.trend_table(frame, indicator, monitor.public)
    if not rows:
        return html.P("Keine Werte für diese Auswahl.", className="qm-hint")
    body = []
    for row in rows:
        label = row["name"] + (f" ({ROLE_LABEL[row['role']]})" if row["role"] in ROLE_LABEL else f" ({row['line_id']})")
        body.append(html.Tr([html.Th(label, scope="row"), *[
            html.Td(cell["text"], className=f"qm-num qm-cell-{cell['kind']}", **{"data-year": str(year)})
            for year, cell in zip(years, row["cells"])]], id=f"{P}-row-{row['line_id']}",
            className=f"qm-trend-{row['role']}"))
    unit = f" ({indicator.unit})" if indicator.unit else ""
    return html.Table([
        html.Caption(f"{indicator.label_de}{unit} – Werte der Zeitreihe"),
        html.Thead(html.Tr([html.Th("Gebiet", scope="col"), *[html.Th(str(y), scope="col", className="qm-num") for y in years]])),
        html.Tbody(body),
    ], className="qm-figures qm-data-table")


def notes(monitor: Monitor, indicator: Indicator, frame: pd.DataFrame, reference: bool) -> list:
    out: list = []
    if not (frame["role"] == "area").any() if len(frame) else True:
        out.append(html.P("Wählen Sie links bis zu fünf Gebiete; gezeigt wird sonst nur die Gesamtstadt.", className="qm-hint"))
    if reference:
        out.append(html.P("Graue, gestrichelte Linien: übergeordnetes Gebiet und Gesamtstadt als Bezug.", className="qm-legend-meta"))
    estimates = frame[frame["estimate"].astype(bool) & (frame["value"].notna() | frame["suppressed"].astype(bool))] if len(frame) else frame
    if len(estimates):
        how = indicator.estimate_note or (monitor_text_weighted(indicator))
        out.append(html.P(f"Schätzung (hohle Punkte, gepunktete Linie, ≈ in der Tabelle): {how}", className="qm-legend-note"))
    breaks = report.definition_breaks(frame) if len(frame) else []
    if breaks:
        out.append(html.P("Senkrechte gestrichelte Linie: die Reihe wechselt zwischen Schätzung und gemessenen Werten; "
                          "die Werte davor und danach sind nur eingeschränkt vergleichbar und werden nicht verbunden.",
                          className="qm-legend-note"))
    withheld = frame["suppressed"].astype(bool) if len(frame) else pd.Series(dtype=bool)
    if withheld.any():
        if monitor.public:
            out.append(html.P("Lücken: keine Angabe wegen geringer Fallzahl oder kein Wert in diesem Jahr.", className="qm-legend-note"))
        else:
            out.append(html.P("⚠ markiert Werte mit geringer Fallzahl: nur intern sichtbar – nicht veröffentlichen.",
                              className="qm-legend-note"))
    if indicator.target is not None or indicator.threshold is not None:
        parts = []
        if indicator.target is not None:
            parts.append(f"Zielwert {format_number(indicator.target, indicator.decimals)} {indicator.unit}".strip())
        if indicator.threshold is not None:
            parts.append(f"Schwellenwert {format_number(indicator.threshold, indicator.decimals)} {indicator.unit}".strip())
        out.append(html.P("Waagerechte Linien: " + ", ".join(parts) + ".", className="qm-legend-meta"))
    if indicator.note:
        out.append(html.P([html.Strong("Hinweis: "), indicator.note], className="qm-note"))
    out.append(html.P(f"Quelle: {indicator.source}", className="qm-legend-meta qm-legend-source"))
    return out


def monitor_text_weighted(indicator: Indicator) -> str:
    if indicator.aggregation == "weighted_mean":
        return "bevölkerungsgewichtetes Mittel der Teilgebiete (keine Zählwerte), daher nur eine Näherung."
    return "Wert geschätzt, nicht gemessen."


def links(state: dict[str, Any]) -> list:
    out = [html.A("Veränderung zwischen zwei Jahren als Karte",
                  href=f"/veraenderung?indikator={state['indicator']}&ebene={state['level']}", className="qm-link")]
    if len(state["areas"]) >= 2:
        out.append(html.A("Diese Gebiete vergleichen", href=f"/vergleich?gebiete={','.join(state['areas'])}",
                          className="qm-link", id=f"{P}-compare-link"))
    return out


def content(monitor: Monitor, state: dict[str, Any]) -> dict[str, Any]:
    """Everything that changes with the state, computed once for layout and callback."""
    indicator = monitor.indicator(state["indicator"])
    frame = report.trend_frame(monitor, state["indicator"], state["level"], state["areas"], state["reference"])
    if not state["reference"] and not state["areas"]:
        frame = report.trend_frame(monitor, state["indicator"], state["level"], [], True)  # at least the city
    return {
        "figure": figure(monitor, indicator, frame), "config": graph_config(state["indicator"], state["level"]),
        "table": data_table(monitor, indicator, frame), "title": title(monitor, indicator, state["level"]),
        "description": map_view.description(indicator, state["level"], monitor),
        "notes": notes(monitor, indicator, frame, state["reference"]), "links": links(state),
    }


# -- layout --------------------------------------------------------------------------------------------
def layout(ctx: ViewContext, params: dict[str, Any]) -> html.Div:
    monitor = ctx.monitor
    state = resolve(monitor, params)
    parts = content(monitor, state)
    controls = html.Aside(className="qm-controls", children=[
        html.Label("Indikator", htmlFor=INDICATOR, className="qm-label"),
        dcc.Dropdown(id=INDICATOR, options=map_view.indicator_options(monitor), value=state["indicator"], clearable=False,
                     searchable=True, optionHeight=40, maxHeight=420, search_order="original"),
        html.Div(parts["description"], id=DESCRIPTION, className="qm-description"),
        html.Label("Gebietsebene", htmlFor=LEVEL, className="qm-label"),
        dcc.RadioItems(id=LEVEL, options=map_view.level_options(monitor, state["indicator"]), value=state["level"],
                       className="qm-levels", inputClassName="qm-level-input"),
        html.Label(f"Gebiete (bis zu {report.MAX_AREAS})", htmlFor=AREAS, className="qm-label"),
        dcc.Dropdown(id=AREAS, options=area_options(monitor, state["level"]), value=state["areas"], multi=True,
                     searchable=True, placeholder="Gebiet suchen …", maxHeight=360,
                     labels=dropdown_labels("Gebiet suchen", "Kein Gebiet gefunden")),
        dcc.Checklist(id=REF, options=[{"label": "Bezugslinien: übergeordnetes Gebiet und Gesamtstadt", "value": "ref"}],
                      value=["ref"] if state["reference"] else [], className="qm-checklist qm-ref-toggle"),
        html.Div(parts["links"], id=LINKS, className="qm-links"),
    ])
    return html.Div(className="qm-map-page qm-chart-page", children=[
        view_nav(PATH),
        html.Div(notice(state["notices"], NOTICE), id=MESSAGES),
        html.Div(className="qm-main", children=[
            controls,
            html.Section(className="qm-chart-wrap", children=[
                html.H2(parts["title"], id=TITLE, className="qm-map-title"),
                dcc.Graph(id=GRAPH, figure=parts["figure"], config=parts["config"], className="qm-chart qm-trend-chart",
                          responsive=True, style={"height": "460px"}),  # responsive graphs take their box height
                html.Div(parts["notes"], id=NOTES, className="qm-chart-notes"),
                html.Div(parts["table"], id=TABLE, className="qm-table-wrap"),
            ]),
        ]),
        dcc.Store(id=URL_SYNC),
        dcc.Store(id=URL_SYNCED),
    ])


# -- callbacks ------------------------------------------------------------------------------------------
def register_callbacks(app: Dash, ctx: ViewContext) -> None:
    monitor = ctx.monitor

    @app.callback(
        Output(GRAPH, "figure"), Output(GRAPH, "config"), Output(TABLE, "children"), Output(TITLE, "children"),
        Output(DESCRIPTION, "children"), Output(NOTES, "children"), Output(LINKS, "children"),
        Output(LEVEL, "options"), Output(LEVEL, "value"), Output(AREAS, "options"), Output(AREAS, "value"),
        Output(MESSAGES, "children"), Output(URL_SYNC, "data"),
        Input(INDICATOR, "value"), Input(LEVEL, "value"), Input(AREAS, "value"), Input(REF, "value"),
        prevent_initial_call=True,
    )
    def update(indicator_id, level, areas, reference):
        areas = [a for a in areas if isinstance(a, str)] if isinstance(areas, list) else []
        state = resolve(monitor, {"indikator": indicator_id, "ebene": level, "gebiete": ",".join(areas),
                                  "ref": "1" if reference else "0"})
        parts = content(monitor, state)
        return (parts["figure"], parts["config"], parts["table"], parts["title"], parts["description"], parts["notes"],
                parts["links"], map_view.level_options(monitor, state["indicator"]), state["level"],
                area_options(monitor, state["level"]), state["areas"], notice(state["notices"], NOTICE), query_of(state))

    app.clientside_callback(ClientsideFunction(namespace="qm", function_name="syncQuery"),
                            Output(URL_SYNCED, "data"), Input(URL_SYNC, "data"), prevent_initial_call=True)
