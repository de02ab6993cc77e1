"""Trends ("Zeitreihen"): one indicator over the years for up to five areas of one level.

Each area's line has its own colour, dash pattern and marker; the parent areas and the city are thin grey
reference lines, each with its own dash pattern; every line is named at its end, so the chart reads in greyscale
and on a projector. Zielwert and Schwellenwert are horizontal lines where the registry sets them. Estimated values
are drawn with hollow markers on dotted segments and never joined to measured ones; where a series switches between
estimate and measurement a dashed vertical line marks the break. Missing and (in public mode) withheld years stay
gaps; a line without any value is not drawn, and a chart without any says what is missing and links to views that
have values instead of drawing empty axes. The same numbers appear in a table under the chart. Texts, numbers and
the chart speak the page language (`?sprache=en`).
"""
from __future__ import annotations

import math
from html import escape
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from dash import ClientsideFunction, Dash, Input, Output, State, dcc, html
from dash import ctx as callback_context

from dashboard.catalog import Indicator
from dashboard.export import Column, ExportTable, download, flag_columns
from dashboard.i18n import format_number, language, t
from dashboard.monitor import Monitor
from dashboard.present import SUPPRESSED_TEXT, level_label
from dashboard.reports import series as report
from dashboard.state import opening_year, query_of
from dashboard.state.map import MapState
from dashboard.state.trends import MAX_AREAS, TrendsState, default_indicator
from dashboard.ui import ids
from dashboard.ui import intervals as interval_words  # 95 % intervals (issue 17 part 1)
from dashboard.ui.components import (
    ViewContext,
    capitalised,
    dropdown_labels,
    indicator_description,
    indicator_picker,
    level_options,
    notice,
    page_language,
    view_nav,
    years_text,
)
from dashboard.ui.components import empty_state as empty_state_block
from dashboard.urls import href

PATH = "/zeitreihen"
PATHS = (PATH,)
P = "trends"
INDICATOR, LEVEL, AREAS, REF = f"{P}-indicator", f"{P}-level", f"{P}-areas", f"{P}-ref"
GRAPH, TABLE, TITLE, DESCRIPTION, NOTES, MESSAGES = (f"{P}-graph", f"{P}-table", f"{P}-title", f"{P}-description",
                                                     f"{P}-notes", f"{P}-messages")
NOTICE, LINKS, URL_SYNC, URL_SYNCED = f"{P}-notice", f"{P}-links", f"{P}-url-sync", f"{P}-url-synced"
EMPTY = f"{P}-empty"
DOWNLOAD, DOWNLOAD_CSV, DOWNLOAD_XLSX = f"{P}-download", f"{P}-download-csv", f"{P}-download-xlsx"
GRAPH_STYLE = {"height": "460px"}  # responsive graphs take their box height

# Lines are told apart without colour (greyscale print, projector, colour-vision deficiencies): each chosen area
# has its own colour (Okabe-Ito), dash pattern and filled marker; the reference lines are thinner and grey, each with
# its own dash pattern; every line is named at its end (labels on a right-hand axis, so plotly makes room for them).
# Dotted with hollow markers stays reserved for estimates.
AREA_STYLES = (("#0072B2", "solid", "circle"), ("#E69F00", "dash", "square"), ("#009E73", "dashdot", "diamond"),
               ("#CC79A7", "longdash", "triangle-up"), ("#D55E00", "longdashdot", "triangle-down"))
AREA_COLORS = tuple(color for color, _dash, _symbol in AREA_STYLES)
PARENT_COLOR, CITY_COLOR = "#666666", "#1a1a1a"
PARENT_DASHES = ("6px,3px", "12px,3px,3px,3px", "20px,4px,4px,4px,4px,4px", "10px,6px", "4px,3px,4px,3px,12px,3px")
CITY_DASH = "18px,5px"  # long dashes, darker: the city
TARGET_COLOR, THRESHOLD_COLOR, WITHHELD_COLOR = "#1a7f37", "#b2182b", "#d62728"
ROLE_LABEL = {"parent": "übergeordnet", "city": "Gesamtstadt"}  # German keys, shown through t()
LABEL_CHARS = 22  # a line's end label is cut after this many characters (the full name is in the hover and table)
LABEL_GAP = 0.065  # end labels keep this share of the value axis apart (about 20 px of the 460 px chart)


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


def line_styles(frame: pd.DataFrame) -> dict[str, dict[str, Any]]:
    """Colour, dash, marker and width of every line, in the frame's order: areas, then parents, then the city."""
    styles: dict[str, dict[str, Any]] = {}
    areas = parents = 0
    for line_id, line in frame.groupby("line_id", sort=False):
        role = line.iloc[0]["role"]
        if role == "area":
            color, dash, symbol = AREA_STYLES[areas % len(AREA_STYLES)]
            styles[line_id] = {"color": color, "dash": dash, "symbol": symbol, "width": 2.5, "size": 8}
            areas += 1
        elif role == "parent":
            styles[line_id] = {"color": PARENT_COLOR, "dash": PARENT_DASHES[parents % len(PARENT_DASHES)], "symbol": "circle",
                               "width": 1.6, "size": 5}
            parents += 1
        else:
            styles[line_id] = {"color": CITY_COLOR, "dash": CITY_DASH, "symbol": "circle", "width": 1.6, "size": 5}
    return styles


def short(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def end_label(monitor: Monitor, line: pd.DataFrame, lang: str) -> str:
    """A line's name at its end: the area's name; a parent's with its level, so it cannot be taken for an area."""
    first = line.iloc[0]
    if first["role"] == "parent":
        return f"{short(first['name'], LABEL_CHARS - 8)} ({level_label(monitor.dataset, first['level'], lang)})"
    return short(str(first["name"]))


def spread(values: list[float], low: float, high: float, gap: float) -> list[float]:
    """Positions for labels wanted at `values` (any order): at least `gap` apart, inside [low, high], each group of
    crowding labels centred on the mean of its values (groups merge until none overlaps). With more labels than room
    the gap shrinks to what the axis allows."""
    if not values:
        return []
    gap = min(gap, (high - low) / max(len(values) - 1, 1))
    clusters = [[i] for i in sorted(range(len(values)), key=lambda i: values[i])]

    def start_of(cluster: list[int]) -> float:
        span = (len(cluster) - 1) * gap
        centre = sum(values[i] for i in cluster) / len(cluster)
        return min(max(centre - span / 2, low), high - span)

    starts = [start_of(c) for c in clusters]
    k = 0
    while k < len(clusters) - 1:
        if starts[k] + len(clusters[k]) * gap > starts[k + 1] + 1e-9:  # overlaps the next group: merge, look back
            clusters[k] += clusters.pop(k + 1)
            starts.pop(k + 1)
            starts[k] = start_of(clusters[k])
            k = max(k - 1, 0)
        else:
            k += 1
    placed = [0.0] * len(values)
    for cluster, first in zip(clusters, starts):
        for j, i in enumerate(cluster):
            placed[i] = first + j * gap
    return placed


def value_range(values: list[float], indicator: Indicator) -> tuple[float, float]:
    """The value axis: every drawn value and the target and threshold lines, with a little room."""
    every = [v for v in values if v is not None and math.isfinite(v)]
    every += [v for v in (indicator.target, indicator.threshold) if v is not None]
    low, high = min(every), max(every)
    pad = (high - low) * 0.08 if high > low else max(abs(high) * 0.1, 1.0)
    return low - pad, high + pad


def figure(monitor: Monitor, indicator: Indicator, frame: pd.DataFrame, lang: str = "de") -> go.Figure:
    """Plotly line chart: measured solid, estimates dotted with hollow markers, breaks marked, each line named at its
    end; texts and number format in lang (meta kinds are fixed identifiers for tests, never shown). Lines without any
    value are not drawn; with none at all the figure is empty (the view shows what is missing instead)."""
    fig = go.Figure()
    shown = report.lines_with_values(frame)
    styles = line_styles(frame)
    frame = frame[frame["line_id"].isin(shown)] if len(frame) else frame
    any_estimate = any_withheld = any_band = False
    ends: list[tuple[float, str, str, int]] = []  # (last value, label, colour, its year) of every drawn line
    for line_id, line in frame.groupby("line_id", sort=False):
        first = line.iloc[0]
        role, style = first["role"], styles[line_id]
        name = f"{first['name']} ({line_id})" if role == "area" else f"{first['name']} ({t(ROLE_LABEL[role], lang)})"
        parts = report.split_measured_estimated(line)
        ordered = line.sort_values("year")
        if role == "area":  # the 95 % interval as a light band behind the line (none where no counts)
            any_band = add_band(fig, ordered, parts, style["color"], line_id, name, indicator, lang) or any_band
        texts = [_value_text(indicator, v, e, w, lang, monitor.public) if pd.notna(v) else "" for v, e, w in
                 zip(ordered["value"], ordered["estimate"], parts["withheld"])]
        common = {"x": parts["years"], "customdata": texts, "legendgroup": line_id, "connectgaps": False, "showlegend": False,
                  "hovertemplate": f"{name}<br>%{{x}}: %{{customdata}}<extra></extra>"}
        fig.add_trace(go.Scatter(y=parts["measured"], name=name, mode="lines+markers",
                                 line={"color": style["color"], "dash": style["dash"], "width": style["width"]},
                                 marker={"symbol": style["symbol"], "size": style["size"], "color": style["color"]},
                                 meta={"line_id": line_id, "kind": "gemessen", "role": role}, **common))
        if any(v is not None for v in parts["estimate"]):
            any_estimate = True
            fig.add_trace(go.Scatter(y=parts["estimate"], name=f"{name} – {t('Schätzung', lang)}", mode="lines+markers",
                                     line={"color": style["color"], "dash": "dot", "width": style["width"]},
                                     marker={"symbol": f"{style['symbol']}-open", "size": style["size"] + 2, "color": style["color"],
                                             "line": {"width": 2}},
                                     meta={"line_id": line_id, "kind": "Schätzung", "role": role}, **common))
        withheld = [v if w and v is not None else None for v, w in
                    zip([m if m is not None else e for m, e in zip(parts["measured"], parts["estimate"])], parts["withheld"])]
        if not monitor.public and any(v is not None for v in withheld):  # public: withheld values never leave the server
            any_withheld = True
            fig.add_trace(go.Scatter(x=parts["years"], y=withheld, mode="markers", showlegend=False, hoverinfo="skip",
                                     marker={"symbol": "x", "size": 11, "color": WITHHELD_COLOR},
                                     meta={"line_id": line_id, "kind": "geringe Fallzahl"}))
        last = ordered[ordered["value"].notna()].iloc[-1]
        label = escape(end_label(monitor, line, lang))
        ends.append((float(last["value"]), f"<b>{label}</b>" if role == "area" else label, style["color"], int(last["year"])))
    if any_estimate:  # one legend entry explains the hollow markers
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="lines+markers", name=t("Schätzung (hohle Punkte, gepunktet)", lang),
                                 line={"color": "#555", "dash": "dot"}, marker={"symbol": "circle-open", "size": 9, "color": "#555"},
                                 meta={"kind": "legende"}))
    if any_withheld:
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name="⚠ " + t("geringe Fallzahl (nur intern)", lang),
                                 marker={"symbol": "x", "size": 11, "color": WITHHELD_COLOR}, meta={"kind": "legende"}))
    if any_band:  # one legend entry explains the bands
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="lines", name=t("Band: 95-%-Intervall", lang), fill="toself",
                                 line={"width": 8, "color": band_color("#555555", BAND_OPACITY)}, meta={"kind": "legende"}))
    fig.update_layout(template="plotly_white", separators=".," if lang == "en" else ",.", hovermode="closest",
                      font={"family": "system-ui, sans-serif", "size": 13})
    if not shown:  # nothing to draw: no axes either (never a year axis from -1 to 6)
        fig.update_layout(xaxis={"visible": False}, yaxis={"visible": False}, showlegend=False)
        return fig
    seen: set[tuple[int, str]] = set()
    for item in report.definition_breaks(frame):
        text = t(BREAK_TEXT[item["to"]], lang)
        key = (item["year"], text)
        if key in seen:
            continue
        seen.add(key)
        fig.add_vline(x=item["year"] - 0.5, line={"color": "#333", "dash": "dash", "width": 1.2},
                      annotation_text=text + f" ({item['year']})", annotation_position="top left", annotation_name="break")
    unit = f" {_unit(indicator, lang)}" if indicator.unit else ""
    label = indicator.label(lang)
    if indicator.target is not None:
        fig.add_hline(y=indicator.target, line={"color": TARGET_COLOR, "dash": "dot", "width": 1.5},
                      annotation_text=t("Zielwert {value}", lang, value=format_number(indicator.target, indicator.decimals, lang) + unit),
                      annotation_position="bottom left", annotation_font_color=TARGET_COLOR)
    if indicator.threshold is not None:
        fig.add_hline(y=indicator.threshold, line={"color": THRESHOLD_COLOR, "dash": "dashdot", "width": 1.5},
                      annotation_text=t("Schwellenwert {value}", lang,
                                        value=format_number(indicator.threshold, indicator.decimals, lang) + unit),
                      annotation_position="top left", annotation_font_color=THRESHOLD_COLOR)
    years = sorted({int(y) for y in frame.loc[frame["value"].notna(), "year"]})
    bands = [v for column in report.INTERVAL_COLUMNS if column in frame for v in
             frame.loc[frame["role"] == "area", column].astype(float)] if any_band else []
    low, high = value_range(list(frame["value"].astype(float)) + bands, indicator)
    gap = LABEL_GAP * (high - low)
    positions = spread([v for v, *_rest in ends], low, high, gap)
    x0, x1 = years[0] - 0.4, years[-1] + 0.4
    for (value, _text, color, year), position in zip(ends, positions):
        if abs(position - value) > gap / 3:  # a label moved off its line's end: a thin leader from the end to the label
            fig.add_shape(type="line", xref="paper", yref="y", x0=(year - x0) / (x1 - x0), x1=1, y0=value, y1=position,
                          line={"color": color, "width": 1}, name="leader")
    fig.update_layout(
        margin={"l": 60, "r": 10, "t": 50, "b": 40},
        title={"text": f"{label} ({_unit(indicator, lang)})" if indicator.unit else label,
               "font": {"size": 14}, "x": 0, "xref": "paper", "xanchor": "left"},  # travels with the PNG download
        showlegend=any_estimate or any_withheld or any_band,
        legend={"orientation": "h", "yanchor": "top", "y": -0.14, "x": 0},
        xaxis={"title": t("Jahr (Stichtag)", lang), "dtick": 1, "tickformat": "d", "range": [x0, x1]},
        yaxis={"title": _unit(indicator, lang) or label, "separatethousands": True, "exponentformat": "none", "range": [low, high]},
        # the end labels: ticks of a right-hand axis over the same values (automargin makes room for the longest)
        yaxis2={"overlaying": "y", "matches": "y", "side": "right", "showgrid": False, "zeroline": False, "ticks": "",
                "tickmode": "array", "tickvals": positions, "automargin": True, "showline": False,
                "ticktext": [f'<span style="color:{color}">{text}</span>' for _v, text, color, _year in ends]},
    )
    fig.add_trace(go.Scatter(x=[None], y=[None], yaxis="y2", showlegend=False, hoverinfo="skip", meta={"kind": "endlabels"}))
    return fig


BAND_OPACITY, ESTIMATE_BAND_OPACITY = 0.18, 0.10


def band_color(color: str, opacity: float) -> str:
    red, green, blue = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{opacity})"


def add_band(fig: go.Figure, line: pd.DataFrame, parts: dict[str, list], color: str, line_id: str, name: str,
             indicator: Indicator, lang: str = "de") -> bool:
    """The 95 % interval of one area line (trend_frame lower, upper: Monitor.intervals) as light bands in the line's
    colour, one closed shape per run of years with an interval and one kind (measured / estimated): like the line, a
    band never joins measured and estimated years, and an estimated run is lighter and hatched. A lone year gets a
    narrow bar. Returns whether a band was drawn."""
    if not set(report.INTERVAL_COLUMNS) <= set(line.columns):
        return False
    bounds = line.set_index("year")[report.INTERVAL_COLUMNS].astype(float)
    runs: list[tuple[bool, list[int]]] = []
    for year, measured, estimate in zip(parts["years"], parts["measured"], parts["estimate"]):
        kind = None if measured is None and estimate is None else estimate is not None
        bounded = kind is not None and year in bounds.index and bool(bounds.loc[year].notna().all())
        if not bounded:
            runs.append((False, []))
            continue
        if not runs or runs[-1][0] != kind or not runs[-1][1]:
            runs.append((kind, []))
        runs[-1][1].append(int(year))
    drawn = False
    for estimate, years in runs:
        if not years:
            continue
        lower = [float(bounds.loc[y, "lower"]) for y in years]
        upper = [float(bounds.loc[y, "upper"]) for y in years]
        xs = years if len(years) > 1 else [years[0] - 0.12, years[0] + 0.12]
        lower, upper = (lower, upper) if len(years) > 1 else (lower * 2, upper * 2)
        opacity = ESTIMATE_BAND_OPACITY if estimate else BAND_OPACITY
        fig.add_trace(go.Scatter(
            x=[*xs, *xs[::-1]], y=[*upper, *lower[::-1]], fill="toself", mode="lines", line={"width": 0},
            fillcolor=band_color(color, opacity), hoverinfo="skip", showlegend=False, legendgroup=line_id,
            **({"fillpattern": {"shape": "/", "fgcolor": band_color(color, 0.35), "bgcolor": band_color(color, opacity),
                                "size": 6, "solidity": 0.2}} if estimate else {}),
            meta={"line_id": line_id, "kind": "intervall", "estimate": bool(estimate),
                  "title": t("{line}: 95-%-Intervall", lang, line=name)}))
        drawn = True
    return drawn


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
            interval_cell(indicator, cell, html.Td(text, className=f"qm-num qm-cell-{kind}", **{"data-year": str(year)}), lang)
            for year, cell, (text, kind) in zip(years, row["cells"], (cell_text(indicator, c, lang) for c in row["cells"]))]],
            id=f"{P}-row-{row['line_id']}", className=f"qm-trend-{row['role']}"))
    unit = f" ({_unit(indicator, lang)})" if indicator.unit else ""
    bounded = any(c.get("lower") is not None for row in rows for c in row["cells"])
    return html.Table([
        html.Caption(t("{indicator} – Werte der Zeitreihe", lang, indicator=indicator.label(lang) + unit)
                     + (" " + t("(darunter klein: 95-%-Intervall)", lang) if bounded else "")),
        html.Thead(html.Tr([html.Th(t("Gebiet", lang), scope="col"),
                            *[html.Th(str(y), scope="col", className="qm-num") for y in years]])),
        html.Tbody(body),
    ], className="qm-figures qm-data-table")


def interval_cell(indicator: Indicator, cell: dict[str, Any], td: html.Td, lang: str = "de") -> html.Td:
    """A table cell with its 95 % interval (reports.series.trend_table lower, upper) below the value in small type."""
    text = interval_words.interval_text(cell.get("lower"), cell.get("upper"), indicator.decimals, lang)
    if not text:
        return td
    td.children = [td.children, html.Span(text, className="qm-interval")]
    td.title = interval_words.interval_title(cell.get("lower"), cell.get("upper"), indicator.decimals, _unit(indicator, lang), lang)
    return td


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
    shown = report.lines_with_values(frame)
    references = bool(shown) and bool((frame.loc[frame["line_id"].isin(shown), "role"] != "area").any())
    if reference and references:
        out.append(html.P(t("Dünne graue Linien, jede mit eigenem Strichmuster: übergeordnete Gebiete und Gesamtstadt als Bezug. "
                            "Jede Linie ist an ihrem Ende beschriftet.", lang), className="qm-legend-meta"))
    if reference and shown and not references:
        out.append(html.P(t("Keine Bezugslinien: „{indicator}“ hat keine Werte für übergeordnete Gebiete oder die Gesamtstadt.",
                            lang, indicator=indicator.label(lang)), className="qm-legend-meta"))
    empty = [line for line_id, line in frame.groupby("line_id", sort=False) if line_id not in shown] if shown else []
    if empty:
        names = ", ".join(line_name(line.iloc[0], lang) for line in empty)
        out.append(html.P(t("Ohne Werte und daher ohne Linie: {lines}.", lang, lines=names), className="qm-legend-note qm-no-line"))
    years = sorted({int(y) for y in frame.loc[frame["value"].notna(), "year"]}) if shown else []
    if len(years) == 1:
        out.append(html.P(t("Werte gibt es nur für {year}: eine Entwicklung lässt sich erst mit weiteren Jahren zeigen.", lang,
                            year=years[0]), className="qm-legend-note"))
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
    out += band_notes(monitor, frame, shown, lang)
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


def band_notes(monitor: Monitor, frame: pd.DataFrame, shown: list[str], lang: str = "de") -> list:
    """What the bands are, once; and that lines without counts have none."""
    areas = frame[frame["line_id"].isin(shown) & (frame["role"] == "area") & frame["value"].notna()] if len(frame) else frame
    if not len(areas):
        return []
    bounded = areas["lower"].notna() if "lower" in areas else pd.Series(False, index=areas.index)
    texts = ([t("Helles Band um die Linie eines Gebiets: 95-%-Intervall (Bereich, in dem der Wert ohne die zufällige "
                "Schwankung kleiner Zahlen mit 95 % Sicherheit liegt; bei Schätzungen heller und schraffiert).", lang)] if bounded.any() else [])
    texts += [interval_words.no_interval_note(monitor.public, lang)] if not bounded.all() else []
    return [html.P(" ".join(texts), className="qm-legend-note qm-band-note")] if texts else []


def monitor_text_weighted(indicator: Indicator, lang: str = "de") -> str:
    if indicator.aggregation == "weighted_mean":
        return t("bevölkerungsgewichtetes Mittel der Teilgebiete (keine Zählwerte), daher nur eine Näherung.", lang)
    return t("Wert geschätzt, nicht gemessen.", lang)


def line_name(row: Any, lang: str = "de") -> str:
    """A line's name in running text: the area with its id, a reference line with its role."""
    return f"{row['name']} ({t(ROLE_LABEL[row['role']], lang)})" if row["role"] in ROLE_LABEL else f"{row['name']} ({row['line_id']})"


def empty_state(monitor: Monitor, state: TrendsState, indicator: Indicator, lang: str = "de", withheld: bool = False) -> list:
    """What a chart without a single value says instead of drawing empty axes: what is missing (indicator, areas or
    the city, level), in which years the level has values the mode shows (reports.series.years_with_values: in public
    mode never a year in which every value is withheld), and links: areas with a value and the map, both in the year
    the map of those values opens at (state.opening_year), and the city's own series."""
    label = indicator.label(lang)
    level = level_label(monitor.dataset, state.level, lang)
    if state.areas:
        names = ", ".join(a["name"] for a in (monitor.area(i) for i in state.areas) if a)
        what = t("Für {areas} ({level}) gibt es keine Werte von „{indicator}“.", lang, areas=names, level=level, indicator=label)
        if withheld:
            what = t("Für {areas} ({level}) werden keine Werte von „{indicator}“ veröffentlicht: zu geringe Fallzahlen.", lang,
                     areas=names, level=level, indicator=label)
    else:
        city = report.city_area(monitor)
        what = t("Für die Gesamtstadt ({city}) gibt es keine Werte von „{indicator}“ – ohne gewählte Gebiete zeigt die "
                 "Zeitreihe nur sie.", lang, city=(city or {}).get("name") or t("Gesamtstadt", lang), indicator=label)
    available = report.years_with_values(monitor, indicator.id, state.level)
    year = opening_year(available)
    details = [t("Auf der Ebene {level} hat der Indikator Werte für {years}.", lang, level=level,
                 years=years_text(list(available)))] if available else []
    offers = []
    examples = report.example_areas(monitor, state.level, indicator_id=indicator.id, year=year, skip=state.areas) if year else []
    if examples:
        offers.append(html.A(t("Zeitreihe für {areas}", lang, areas=", ".join(a["name"] for a in examples)),
                             href=state.href(lang, areas=tuple(a["area_id"] for a in examples)), className="qm-link"))
    if year:
        offers.append(html.A(t("„{indicator}“ {year} als Karte", lang, indicator=label, year=year),
                             href=MapState(indicator=indicator.id, year=year, level=state.level).href(lang), className="qm-link"))
    city_series = default_indicator(monitor)
    if city_series and city_series != indicator.id and not state.areas:
        other = monitor.indicator(city_series)
        offers.append(html.A(t("Zeitreihe der Gesamtstadt: {indicator}", lang, indicator=other.label(lang)),
                             href=TrendsState(indicator=city_series, level=state.level).href(lang), className="qm-link"))
    return empty_state_block(f"{P}-empty-state", what, details, offers, t("Stattdessen:", lang))


def withheld_only(frame: pd.DataFrame, state: TrendsState) -> bool:
    """Whether the lines the empty state speaks of - the chosen areas, the city when none is chosen - have withheld
    values (a withheld reference line is no reason to say the areas' values are withheld)."""
    if not len(frame):
        return False
    own = frame[frame["role"] == ("area" if state.areas else "city")]
    return bool(own["suppressed"].astype(bool).any())


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
    drawn = bool(report.lines_with_values(frame))
    return {
        "figure": figure(monitor, indicator, frame, lang), "config": graph_config(state.indicator, state.level, lang),
        "graph_style": GRAPH_STYLE if drawn else {"display": "none"},
        "empty": [] if drawn else empty_state(monitor, state, indicator, lang, withheld=withheld_only(frame, state)),
        "table": data_table(monitor, indicator, frame, lang) if len(frame) else [],
        "title": title(monitor, indicator, state.level, lang),
        "description": indicator_description(indicator, state.level, monitor, lang),
        "notes": notes(monitor, indicator, frame, state.reference, lang) if drawn else [], "links": links(state, lang),
    }


# -- download ------------------------------------------------------------------------------------------
def export_table(monitor: Monitor, state: TrendsState, lang: str = "de") -> ExportTable:
    """The time series as a file (dashboard/export.py), one row per line and year: area, its role, year, value, the
    95 % interval (reports.series.trend_frame: Monitor.intervals; empty without counts), estimate and withheld flags.
    Public mode: withheld values and their intervals empty (trend_frame has none)."""
    indicator = monitor.indicator(state.indicator)
    frame = report.trend_frame(monitor, state.indicator, state.level, list(state.areas), state.reference)
    if not state.reference and not state.areas:
        frame = report.trend_frame(monitor, state.indicator, state.level, [], True)  # at least the city, as the chart
    columns = [Column("name", t("Gebiet", lang), width=32), Column("line_id", t("Gebiets-ID", lang)),
               Column("role", t("Rolle", lang)), Column("year", t("Jahr", lang), "number"),
               Column("value", t("Wert", lang), "number", decimals_key="decimals"),
               *([Column("lower", t("95-%-Intervall, untere Grenze", lang), "number", decimals_key="decimals"),
                  Column("upper", t("95-%-Intervall, obere Grenze", lang), "number", decimals_key="decimals")]),
               *flag_columns(lang), Column("date", capitalised(t("Stichtag", lang)), width=14)]
    rows = []
    for row in frame.to_dict("records"):
        withheld = bool(row["suppressed"])
        hidden = withheld and monitor.public

        def number(v: Any) -> float | None:
            return None if hidden or v is None or pd.isna(v) else round(float(v), indicator.decimals)
        rows.append({"name": row["name"], "line_id": row["line_id"],
                     "role": t(ROLE_LABEL[row["role"]], lang) if row["role"] in ROLE_LABEL else t("Gebiet", lang),
                     "year": int(row["year"]), "value": number(row["value"]), "lower": number(row.get("lower")),
                     "upper": number(row.get("upper")), "estimate": bool(row["estimate"]), "withheld": withheld,
                     "date": indicator.reference_date(int(row["year"]), lang), "decimals": indicator.decimals})
    unit = f" ({_unit(indicator, lang)})" if indicator.unit else ""
    lines = [t(interval_words.INTERVAL_NOTE, lang) + " " + interval_words.no_interval_note(monitor.public, lang),
             t("Quelle: {source}", lang, source=indicator.text("source", lang))]
    return ExportTable(filename=t("zeitreihe-{indicator}-{level}", lang, indicator=state.indicator, level=state.level),
                       title=title(monitor, indicator, state.level, lang) + unit, columns=columns, rows=rows, lines=lines,
                       sheet=t("Zeitreihe", lang))


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
                html.Div(parts["empty"], id=EMPTY),
                dcc.Graph(id=GRAPH, figure=parts["figure"], config=parts["config"], className="qm-chart qm-trend-chart",
                          responsive=True, style=parts["graph_style"]),
                html.Div(parts["notes"], id=NOTES, className="qm-chart-notes"),
                html.Div(parts["table"], id=TABLE, className="qm-table-wrap"),
                html.Div([html.Button(t("Tabelle als CSV herunterladen", lang), id=DOWNLOAD_CSV, className="qm-button", n_clicks=0),
                          html.Button(t("Excel (XLSX) herunterladen", lang), id=DOWNLOAD_XLSX, className="qm-button", n_clicks=0),
                          dcc.Download(id=DOWNLOAD)], className="qm-actions qm-no-print"),
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
        Output(MESSAGES, "children"), Output(URL_SYNC, "data"), Output(GRAPH, "style"), Output(EMPTY, "children"),
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
                state.to_query(), parts["graph_style"], parts["empty"])

    @app.callback(Output(DOWNLOAD, "data"), Input(DOWNLOAD_CSV, "n_clicks"), Input(DOWNLOAD_XLSX, "n_clicks"),
                  State(INDICATOR, "value"), State(LEVEL, "value"), State(AREAS, "value"), State(REF, "value"),
                  State(ids.LANG, "data"), prevent_initial_call=True)
    def download_file(_csv, _xlsx, indicator_id, level, areas, reference, lang):
        lang = language(lang)
        areas = [a for a in areas if isinstance(a, str)] if isinstance(areas, list) else []
        state = TrendsState.from_query(monitor, {"indikator": indicator_id, "ebene": level, "gebiete": ",".join(areas),
                                                 "ref": "1" if reference else "0"})
        kind = "xlsx" if callback_context.triggered_id == DOWNLOAD_XLSX else "csv"
        return download(export_table(monitor, state, lang), monitor.dataset, kind, lang)

    app.clientside_callback(ClientsideFunction(namespace="qm", function_name="syncQuery"),
                            Output(URL_SYNCED, "data"), Input(URL_SYNC, "data"), prevent_initial_call=True)
    # on a narrow screen the figure names its lines in a legend instead of the end labels; a resize re-checks
    # (assets/qm_trends.js)
    app.clientside_callback(ClientsideFunction(namespace="qm_trends", function_name="figure"),
                            Output(GRAPH, "figure", allow_duplicate=True), Output(GRAPH, "style", allow_duplicate=True),
                            Input(GRAPH, "figure"), State(GRAPH, "style"), State(GRAPH, "id"),
                            prevent_initial_call="initial_duplicate")
