"""Trends ("Zeitreihen"): one indicator over the years for up to five areas of one level.

The parent areas and the city are dashed grey reference lines; Zielwert and Schwellenwert are
horizontal lines where the registry sets them. Estimated values are drawn with hollow markers on
dotted segments and never joined to measured ones; where a series switches between estimate and
measurement a dashed vertical line marks the break. Missing and (in public mode) withheld years
stay gaps. The same numbers appear in a table under the chart. Texts, numbers and the chart speak the
page language (`?sprache=en`).
"""
from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go
from dash import ClientsideFunction, Dash, Input, Output, State, dcc, html

from dashboard.catalog import Indicator
from dashboard.i18n import format_number, language, t
from dashboard.monitor import Monitor
from dashboard.present import SUPPRESSED_TEXT
from dashboard.reports import series as report
from dashboard.state import query_of
from dashboard.state.trends import MAX_AREAS, TrendsState
from dashboard.ui import ids
from dashboard.ui.components import (
    ViewContext,
    dropdown_labels,
    indicator_description,
    indicator_picker,
    level_options,
    notice,
    page_language,
    view_nav,
)
from dashboard.urls import href

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
ROLE_LABEL = {"parent": "übergeordnet", "city": "Gesamtstadt"}  # German keys, shown through t()


BREAK_TEXT = {"measured": "Wechsel: Schätzung → gemessen", "estimate": "Wechsel: gemessen → Schätzung"}


def area_options(monitor: Monitor, level: str) -> list[dict[str, str]]:
    return [{"label": f"{name} ({aid})", "value": aid} for aid, name in monitor.area_names(level).items()]


# -- the chart ----------------------------------------------------------------------------------------
def _unit(indicator: Indicator, lang: str) -> str:
    return indicator.text("unit", lang)


def _value_text(indicator: Indicator, value: float | None, estimate: bool, withheld: bool, lang: str = "de",
                public: bool = False) -> str:
    """Hover text of one point; a withheld value never reaches a public response, nor does the internal warning."""
    if withheld and public:
        return t(SUPPRESSED_TEXT, lang)
    unit = f" {_unit(indicator, lang)}" if indicator.unit else ""
    text = format_number(value, indicator.decimals, lang) + unit
    if estimate:
        text += f" ({t('Schätzung', lang)})"
    if withheld:
        text += " ⚠ " + t("geringe Fallzahl (nur intern)", lang)
    return text


def figure(monitor: Monitor, indicator: Indicator, frame: pd.DataFrame, lang: str = "de") -> go.Figure:
    """Plotly line chart: measured solid, estimates dotted with hollow markers, breaks marked; texts and
    number format in lang (meta kinds are fixed identifiers for tests, never shown)."""
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
            name = f"{first['name']} ({t(ROLE_LABEL[role], lang)})"
        parts = report.split_measured_estimated(line)
        ordered = line.sort_values("year")
        texts = [_value_text(indicator, v, e, w, lang, monitor.public) if pd.notna(v) else "" for v, e, w in
                 zip(ordered["value"], ordered["estimate"], parts["withheld"])]
        common = {"x": parts["years"], "customdata": texts, "legendgroup": line_id, "connectgaps": False,
                  "hovertemplate": f"{name}<br>%{{x}}: %{{customdata}}<extra></extra>"}
        fig.add_trace(go.Scatter(y=parts["measured"], name=name, mode="lines+markers",
                                 line={"color": color, "dash": dash, "width": width},
                                 marker={"symbol": "circle", "size": 7, "color": color}, meta={"line_id": line_id, "kind": "gemessen"},
                                 **common))
        if any(v is not None for v in parts["estimate"]):
            any_estimate = True
            fig.add_trace(go.Scatter(y=parts["estimate"], name=f"{name} – {t('Schätzung', lang)}", mode="lines+markers", showlegend=False,
                                     line={"color": color, "dash": "dot", "width": width},
                                     marker={"symbol": "circle-open", "size": 9, "color": color, "line": {"width": 2}},
                                     meta={"line_id": line_id, "kind": "Schätzung"}, **common))
        withheld = [v if w and v is not None else None for v, w in
                    zip([m if m is not None else e for m, e in zip(parts["measured"], parts["estimate"])], parts["withheld"])]
        if not monitor.public and any(v is not None for v in withheld):  # public: withheld values never leave the server
            any_withheld = True
            fig.add_trace(go.Scatter(x=parts["years"], y=withheld, mode="markers", showlegend=False, hoverinfo="skip",
                                     marker={"symbol": "x", "size": 11, "color": WITHHELD_COLOR},
                                     meta={"line_id": line_id, "kind": "geringe Fallzahl"}))
    if any_estimate:  # one legend entry explains the hollow markers
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="lines+markers", name=t("Schätzung (hohle Punkte, gepunktet)", lang),
                                 line={"color": "#555", "dash": "dot"}, marker={"symbol": "circle-open", "size": 9, "color": "#555"},
                                 meta={"kind": "legende"}))
    if any_withheld:
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name="⚠ " + t("geringe Fallzahl (nur intern)", lang),
                                 marker={"symbol": "x", "size": 11, "color": WITHHELD_COLOR}, meta={"kind": "legende"}))
    seen: set[tuple[int, str]] = set()
    for item in report.definition_breaks(frame):
        text = t(BREAK_TEXT[item["to"]], lang)
        key = (item["year"], text)
        if key in seen:
            continue
        seen.add(key)
        fig.add_vline(x=item["year"] - 0.5, line={"color": "#333", "dash": "dash", "width": 1.2},
                      annotation_text=text + f" ({item['year']})", annotation_position="top left",
                      annotation_font_size=11)
    unit = f" {_unit(indicator, lang)}" if indicator.unit else ""
    label = indicator.label(lang)
    if indicator.target is not None:
        fig.add_hline(y=indicator.target, line={"color": TARGET_COLOR, "dash": "dot", "width": 1.5},
                      annotation_text=t("Zielwert {value}", lang, value=format_number(indicator.target, indicator.decimals, lang) + unit),
                      annotation_position="bottom right", annotation_font_color=TARGET_COLOR)
    if indicator.threshold is not None:
        fig.add_hline(y=indicator.threshold, line={"color": THRESHOLD_COLOR, "dash": "dashdot", "width": 1.5},
                      annotation_text=t("Schwellenwert {value}", lang,
                                        value=format_number(indicator.threshold, indicator.decimals, lang) + unit),
                      annotation_position="top right", annotation_font_color=THRESHOLD_COLOR)
    fig.update_layout(
        template="plotly_white", separators=".," if lang == "en" else ",.", margin={"l": 60, "r": 20, "t": 50, "b": 40},
        title={"text": f"{label} ({_unit(indicator, lang)})" if indicator.unit else label,
               "font": {"size": 14}, "x": 0, "xref": "paper", "xanchor": "left"},  # travels with the PNG download
        hovermode="closest", font={"family": "system-ui, sans-serif", "size": 13},
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0},
        xaxis={"title": t("Jahr (Stichtag)", lang), "dtick": 1, "tickformat": "d"},
        yaxis={"title": _unit(indicator, lang) or label, "separatethousands": True},
    )
    return fig


def graph_config(indicator_id: str, level: str, lang: str = "de") -> dict[str, Any]:
    return {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"],
            "toImageButtonOptions": {"format": "png", "filename": t("zeitreihe-{indicator}-{level}", lang, indicator=indicator_id,
                                                                    level=level), "scale": 2}}


# -- pieces ----------------------------------------------------------------------------------------------
def title(monitor: Monitor, indicator: Indicator, level: str, lang: str = "de") -> str:
    return t("{indicator} – Zeitreihe, {level}", lang, indicator=indicator.label(lang), level=monitor.dataset.level(level).label(lang))


def data_table(monitor: Monitor, indicator: Indicator, frame: pd.DataFrame, lang: str = "de") -> html.Table | html.P:
    years, rows = report.trend_table(frame, monitor.public)
    if not rows:
        return html.P(t("Keine Werte für diese Auswahl.", lang), className="qm-hint")
    body = []
    for row in rows:
        label = row["name"] + (f" ({t(ROLE_LABEL[row['role']], lang)})" if row["role"] in ROLE_LABEL else f" ({row['line_id']})")
        body.append(html.Tr([html.Th(label, scope="row"), *[
            html.Td(text, className=f"qm-num qm-cell-{kind}", **{"data-year": str(year)})
            for year, (text, kind) in zip(years, (cell_text(indicator, c, lang) for c in row["cells"]))]], id=f"{P}-row-{row['line_id']}",
            className=f"qm-trend-{row['role']}"))
    unit = f" ({_unit(indicator, lang)})" if indicator.unit else ""
    return html.Table([
        html.Caption(t("{indicator} – Werte der Zeitreihe", lang, indicator=indicator.label(lang) + unit)),
        html.Thead(html.Tr([html.Th(t("Gebiet", lang), scope="col"),
                            *[html.Th(str(y), scope="col", className="qm-num") for y in years]])),
        html.Tbody(body),
    ], className="qm-figures qm-data-table")


def cell_text(indicator: Indicator, cell: dict[str, Any], lang: str = "de") -> tuple[str, str]:
    """A table cell's text and CSS kind: the number in lang, ≈ for an estimate, ⚠ for an internal withheld value."""
    if cell["kind"] == "none":
        return "", "none"
    if cell["kind"] == "withheld":
        return t(SUPPRESSED_TEXT, lang), "withheld"
    if cell["kind"] == "missing":
        return "–", "missing"
    text, kind = format_number(cell["value"], indicator.decimals, lang), "value"
    if cell["estimate"]:
        text, kind = text + " ≈", "estimate"
    if cell["withheld"]:
        text, kind = text + " ⚠", "withheld-internal"
    return text, kind


def notes(monitor: Monitor, indicator: Indicator, frame: pd.DataFrame, reference: bool, lang: str = "de") -> list:
    out: list = []
    if not (frame["role"] == "area").any() if len(frame) else True:
        out.append(html.P(t("Wählen Sie links bis zu fünf Gebiete; gezeigt wird sonst nur die Gesamtstadt.", lang), className="qm-hint"))
    if reference:
        out.append(html.P(t("Graue, gestrichelte Linien: übergeordnetes Gebiet und Gesamtstadt als Bezug.", lang),
                          className="qm-legend-meta"))
    estimates = frame[frame["estimate"].astype(bool) & (frame["value"].notna() | frame["suppressed"].astype(bool))] if len(frame) else frame
    if len(estimates):
        how = indicator.text("estimate_note", lang) or monitor_text_weighted(indicator, lang)
        out.append(html.P(t("Schätzung (hohle Punkte, gepunktete Linie, ≈ in der Tabelle): {how}", lang, how=how),
                          className="qm-legend-note"))
    breaks = report.definition_breaks(frame) if len(frame) else []
    if breaks:
        out.append(html.P(t("Senkrechte gestrichelte Linie: die Reihe wechselt zwischen Schätzung und gemessenen Werten; "
                            "die Werte davor und danach sind nur eingeschränkt vergleichbar und werden nicht verbunden.", lang),
                          className="qm-legend-note"))
    withheld = frame["suppressed"].astype(bool) if len(frame) else pd.Series(dtype=bool)
    if withheld.any():
        if monitor.public:
            out.append(html.P(t("Lücken: keine Angabe wegen geringer Fallzahl oder kein Wert in diesem Jahr.", lang),
                              className="qm-legend-note"))
        else:
            out.append(html.P(t("⚠ markiert Werte mit geringer Fallzahl: nur intern sichtbar – nicht veröffentlichen.", lang),
                              className="qm-legend-note"))
    if indicator.target is not None or indicator.threshold is not None:
        unit = _unit(indicator, lang)
        parts = []
        if indicator.target is not None:
            parts.append(t("Zielwert {value}", lang, value=f"{format_number(indicator.target, indicator.decimals, lang)} {unit}".strip()))
        if indicator.threshold is not None:
            parts.append(t("Schwellenwert {value}", lang,
                           value=f"{format_number(indicator.threshold, indicator.decimals, lang)} {unit}".strip()))
        out.append(html.P(t("Waagerechte Linien: {lines}.", lang, lines=", ".join(parts)), className="qm-legend-meta"))
    if indicator.note:
        out.append(html.P([html.Strong(t("Hinweis", lang) + ": "), indicator.text("note", lang)], className="qm-note"))
    out.append(html.P(t("Quelle: {source}", lang, source=indicator.text("source", lang)), className="qm-legend-meta qm-legend-source"))
    return out


def monitor_text_weighted(indicator: Indicator, lang: str = "de") -> str:
    if indicator.aggregation == "weighted_mean":
        return t("bevölkerungsgewichtetes Mittel der Teilgebiete (keine Zählwerte), daher nur eine Näherung.", lang)
    return t("Wert geschätzt, nicht gemessen.", lang)


def links(state: TrendsState, lang: str = "de") -> list:
    out = [html.A(t("Veränderung zwischen zwei Jahren als Karte", lang),
                  href=href("/veraenderung", query_of(indikator=state.indicator, ebene=state.level), lang), className="qm-link")]
    if len(state.areas) >= 2:
        out.append(html.A(t("Diese Gebiete vergleichen", lang), href=href("/vergleich", query_of(gebiete=state.areas), lang),
                          className="qm-link", id=f"{P}-compare-link"))
    return out


def content(monitor: Monitor, state: TrendsState, lang: str = "de") -> dict[str, Any]:
    """Everything that changes with the state, computed once for layout and callback."""
    indicator = monitor.indicator(state.indicator)
    frame = report.trend_frame(monitor, state.indicator, state.level, list(state.areas), state.reference)
    if not state.reference and not state.areas:
        frame = report.trend_frame(monitor, state.indicator, state.level, [], True)  # at least the city
    return {
        "figure": figure(monitor, indicator, frame, lang), "config": graph_config(state.indicator, state.level, lang),
        "table": data_table(monitor, indicator, frame, lang), "title": title(monitor, indicator, state.level, lang),
        "description": indicator_description(indicator, state.level, monitor, lang),
        "notes": notes(monitor, indicator, frame, state.reference, lang), "links": links(state, lang),
    }


# -- layout --------------------------------------------------------------------------------------------
def layout(ctx: ViewContext, params: dict[str, Any]) -> html.Div:
    monitor = ctx.monitor
    lang = page_language(params)
    state = TrendsState.from_query(monitor, params)
    parts = content(monitor, state, lang)
    controls = html.Aside(className="qm-controls", children=[
        html.Label(t("Indikator", lang), htmlFor=INDICATOR, className="qm-label"),
        indicator_picker(INDICATOR, monitor, state.indicator, lang),
        html.Div(parts["description"], id=DESCRIPTION, className="qm-description"),
        html.Label(t("Gebietsebene", lang), htmlFor=LEVEL, className="qm-label"),
        dcc.RadioItems(id=LEVEL, options=level_options(monitor, state.indicator, lang), value=state.level,
                       className="qm-levels", inputClassName="qm-level-input"),
        html.Label(t("Gebiete (bis zu {n})", lang, n=MAX_AREAS), htmlFor=AREAS, className="qm-label"),
        dcc.Dropdown(id=AREAS, options=area_options(monitor, state.level), value=list(state.areas), multi=True,
                     searchable=True, placeholder=t("Gebiet suchen …", lang), maxHeight=360,
                     labels=dropdown_labels(t("Gebiet suchen", lang), t("Kein Gebiet gefunden", lang), lang)),
        dcc.Checklist(id=REF, options=[{"label": t("Bezugslinien: übergeordnetes Gebiet und Gesamtstadt", lang), "value": "ref"}],
                      value=["ref"] if state.reference else [], className="qm-checklist qm-ref-toggle"),
        html.Div(parts["links"], id=LINKS, className="qm-links"),
    ])
    return html.Div(className="qm-map-page qm-chart-page", children=[
        view_nav(PATH, lang),
        html.Div(notice(list(state.notices), NOTICE, lang), id=MESSAGES),
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
        State(ids.LANG, "data"),
        prevent_initial_call=True,
    )
    def update(indicator_id, level, areas, reference, lang):
        lang = language(lang)
        areas = [a for a in areas if isinstance(a, str)] if isinstance(areas, list) else []
        state = TrendsState.from_query(monitor, {"indikator": indicator_id, "ebene": level, "gebiete": ",".join(areas),
                                                 "ref": "1" if reference else "0"})
        parts = content(monitor, state, lang)
        return (parts["figure"], parts["config"], parts["table"], parts["title"], parts["description"], parts["notes"],
                parts["links"], level_options(monitor, state.indicator, lang), state.level,
                area_options(monitor, state.level), list(state.areas), notice(list(state.notices), NOTICE, lang),
                state.to_query())

    app.clientside_callback(ClientsideFunction(namespace="qm", function_name="syncQuery"),
                            Output(URL_SYNCED, "data"), Input(URL_SYNC, "data"), prevent_initial_call=True)
