"""The area profile (Gebietsprofil) at /gebiet/<area_id>: one area of any level, laid out after the
Bezirksregionenprofil outline (Teil I analysis by dimension, Teil II goals and measures, and the
"Nicht öffentlich" section only internally).

All numbers come from dashboard/reports/profile.py (pure functions of the Monitor), so the page,
the CSV/XLSX downloads and the tests agree. URL state: the path names the area; `jahr` picks the
year and `gruppe=zielbereich` groups the figures by Zielbereich instead of dimension. Changing
either rewrites the query string and the router renders the page again (a profile is a document,
not an interactive map). The print stylesheet (assets/qm_print.css) lays the page out on A4.
"""
from __future__ import annotations

import base64
import math
import re
from typing import Any
from urllib.parse import quote

import dash
from dash import Dash, Input, Output, State, dcc, html, no_update

from dashboard.monitor import Monitor, format_number
from dashboard.reports import profile as report
from dashboard.ui.components import ViewContext, area_map, notice, view_nav

PREFIX = "/gebiet/"
PATHS: tuple[str, ...] = ()
PREFIXES = (PREFIX,)
P = "profile"
ARTICLE, NOTICE, YEAR, GROUP, STATE = f"{P}-article", f"{P}-notice", f"{P}-year", f"{P}-group", f"{P}-state"
MAP, AREAS, FIGURES, ASSESSMENT, OWN_NOTES = f"{P}-map", f"{P}-areas", f"{P}-figures", f"{P}-assessment", f"{P}-own-notes"
GOALS, MEASURES, INTERNAL, BURDENS, SOURCES = f"{P}-goals", f"{P}-measures", f"{P}-internal", f"{P}-burdens", f"{P}-sources"
CSV_BUTTON, XLSX_BUTTON, PRINT_BUTTON, DOWNLOAD, PRINTED = (f"{P}-csv", f"{P}-xlsx", f"{P}-print", f"{P}-download",
                                                          f"{P}-printed")
SEARCH, SEARCH_RESULTS, NOT_FOUND, BREADCRUMB = f"{P}-search", f"{P}-search-results", f"{P}-not-found", f"{P}-breadcrumb"
HIGHLIGHT = "#d95f02"
AREA_COLOR, PARENT_COLOR, CITY_COLOR = "#0b5394", "#6a51a3", "#7f7f7f"
CHART_WIDTH = 660  # px: fits the A4 text width (180 mm) so charts print unscaled


def profile_href(area_id: str, year: int | None = None) -> str:
    return PREFIX + quote(area_id, safe="") + (f"?jahr={year}" if year else "")


def _safe_id(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "_", str(text))


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


# -- pieces ----------------------------------------------------------------------------------------
def breadcrumb(head: report.ProfileHeader, year: int) -> html.Nav:
    items = [html.Li(html.A(p["name"], href=profile_href(p["area_id"], year), title=p["level_label"])) for p in head.parents]
    items.append(html.Li(html.Span(head.name, **{"aria-current": "page"})))
    return html.Nav(html.Ol(items, className="qm-breadcrumb"), id=BREADCRUMB, **{"aria-label": "Übergeordnete Gebiete"})


def overview_map(ctx: ViewContext, head: report.ProfileHeader) -> html.Div:
    """A small static map: the area highlighted among all areas of its level (the city: all districts)."""
    levels = ctx.monitor.dataset.level_ids
    level = head.level if head.level in levels else levels[-1]
    if head.level in levels:
        parent_id = head.parents[-1]["area_id"] if head.parents else None
        siblings = ctx.monitor.store.frame("areas_by_level", {"level": level})
        classes = {a: 1 for a in siblings.loc[siblings["parent_id"] == parent_id, "area_id"]} if parent_id else {}
        classes[head.area_id] = 0
    else:
        frame = ctx.monitor.store.frame("areas_by_level", {"level": level})
        classes = {a: 0 for a in frame["area_id"]}
    parent_name = head.parents[-1]["name"] if head.parents else ""
    labels = {a: ("dieses Gebiet" if a == head.area_id or head.level not in levels else f"ebenfalls in {parent_name}") for a in classes}
    hideout = {"classes": classes, "values": {}, "labels": labels, "colors": [HIGHLIGHT, "#fdd0a2"],
               "noData": "#e9ecf0", "suppressedColor": "#e9ecf0", "unit": "", "decimals": 0, "label": "Profil",
               "suppressedLabel": "", "noDataLabel": "anderes Gebiet (Klick öffnet dessen Profil)",
               "selected": head.area_id if head.level in levels else None, "estimates": []}
    block = area_map(MAP, AREAS, ctx, level, hideout, label=f"Übersichtskarte: Lage von {head.name} in der Stadt")
    container = block.children
    for prop in ("dragging", "scrollWheelZoom", "doubleClickZoom", "boxZoom", "keyboard", "touchZoom", "zoomControl"):
        if prop in getattr(container, "_prop_names", ()):
            setattr(container, prop, False)
    return html.Figure([block, html.Figcaption("Lage im Stadtgebiet (orange; hellorange: die anderen Gebiete desselben übergeordneten Gebiets). "
                                      "Klick auf ein Gebiet öffnet dessen Profil.")],
                       className="qm-profile-map")


def value_cell(monitor: Monitor, row: dict[str, Any]) -> html.Td:
    indicator = monitor.indicator(row["indicator_id"])
    unit, decimals = row["unit"], int(row["decimals"])
    if row["suppressed"] and monitor.public:
        return html.Td(html.Span(report.SUPPRESSED_TEXT, className="qm-suppressed"), className="qm-num")
    if row["kind"] == "class" and indicator is not None and indicator.categories and not _missing(row["value"]):
        code = row["value"]
        text = f"{int(code)} {indicator.categories.get(str(int(code)), '')}".strip() if code == int(code) else format_number(code, 0)
    else:
        text = report.value_text(row["value"], unit, decimals)
    content: list = [text]
    if row["estimate"]:
        content.append(html.Span(" ≈", title=report.ESTIMATE_TEXT, className="qm-estimate-mark"))
    if row["suppressed"]:
        content.append(html.Span(" ⚠", title=report.SUPPRESSED_INTERNAL_TEXT))
        return html.Td(html.Span(content, className="qm-suppressed-internal"), className="qm-num")
    return html.Td(content, className="qm-num")


def sparkline(trend: list[tuple[int, float | None, bool, bool]], unit: str, decimals: int) -> html.Img | str:
    """The trend as a tiny inline SVG (a data URI: no extra component, prints as is).
    Solid line = values, hollow circles = estimates, orange = withheld (internal only), last value as a dot."""
    points = [(y, v, e, s) for y, v, e, s in trend if v is not None]
    if len(points) < 2:
        return "–"
    width, height, pad = 92, 24, 3
    years = [p[0] for p in trend]
    values = [p[1] for p in points]
    y0, y1 = min(years), max(years)
    lo, hi = min(values), max(values)
    span = (hi - lo) or 1.0
    def xy(year, value):
        x = pad + (width - 2 * pad) * ((year - y0) / ((y1 - y0) or 1))
        y = height - pad - (height - 2 * pad) * ((value - lo) / span)
        return round(x, 1), round(y, 1)
    segments, current = [], []
    for year, value, _e, _s in trend:
        if value is None:
            if len(current) > 1:
                segments.append(current)
            current = []
        else:
            current.append(xy(year, value))
    if len(current) > 1:
        segments.append(current)
    shapes = [f'<polyline fill="none" stroke="{AREA_COLOR}" stroke-width="1.5" points="{" ".join(f"{x},{y}" for x, y in seg)}"/>'
              for seg in segments]
    for year, value, estimate, suppressed in points:
        x, y = xy(year, value)
        if estimate:
            shapes.append(f'<circle cx="{x}" cy="{y}" r="2.2" fill="#fff" stroke="{AREA_COLOR}" stroke-width="1"/>')
        if suppressed:
            shapes.append(f'<circle cx="{x}" cy="{y}" r="2" fill="#b45f06"/>')
    x, y = xy(points[-1][0], points[-1][1])
    shapes.append(f'<circle cx="{x}" cy="{y}" r="2.2" fill="{AREA_COLOR}"/>')
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}">{"".join(shapes)}</svg>'
    first, last = points[0], points[-1]
    alt = (f"Verlauf {first[0]}–{last[0]}: {report.value_text(first[1], unit, decimals)} → "
           f"{report.value_text(last[1], unit, decimals)}")
    return html.Img(src="data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode(), alt=alt, title=alt,
                    width=width, height=height, className="qm-sparkline")


def cell_unit(unit: str) -> str:
    """Units are repeated in the cells only when short ("%", "dB(A)"); long ones stand once, next to the label."""
    return unit if len(unit) <= 6 else ""


def label_unit(label: str, unit: str) -> str:
    return "" if not unit or f"({unit})" in label or unit.lower() in label.lower() else f" ({unit})"


def rank_text(rank: Any, n: Any) -> str:
    return "–" if _missing(rank) or _missing(n) else f"{int(rank)} von {int(n)}"


def figures_table(monitor: Monitor, head: report.ProfileHeader, rows, caption: str) -> html.Table:
    parent = head.parents[-1]["name"] if head.parents else None
    city = head.parents[0]["name"] if head.parents else head.name
    has_parent = parent is not None
    columns = ["Kennzahl", "Wert", "Stichtag"]
    if has_parent:
        columns += [parent, "Gesamtstadt", f"Differenz zu {parent}", "Differenz zur Gesamtstadt", f"Rang in {parent}",
                    f"Rang in {city}"]
    columns += ["Trend", "Hinweis"]
    body = []
    for row in rows.to_dict("records"):
        unit, decimals = cell_unit(row["unit"]), int(row["decimals"])
        diff_unit = cell_unit(row["diff_unit"])
        label = [html.Span(row["label"], className="qm-profile-label"),
                 html.Span(label_unit(row["label"], row["unit"]), className="qm-profile-unit")]
        if row["zielbereich"]:
            label.append(html.Div(row["zielbereich"], className="qm-profile-zielbereich"))
        cells = [html.Th(label, scope="row"), value_cell(monitor, dict(row, unit=unit)), html.Td(row["stichtag"])]
        if has_parent:
            cells += [html.Td(report.value_text(row["parent_value"], unit, decimals), className="qm-num"),
                      html.Td(report.value_text(row["city_value"], unit, decimals), className="qm-num"),
                      html.Td(report.signed_text(row["diff_parent"], diff_unit, decimals), className="qm-num"),
                      html.Td(report.signed_text(row["diff_city"], diff_unit, decimals), className="qm-num"),
                      html.Td(rank_text(row["rank_siblings"], row["n_siblings"]), className="qm-num"),
                      html.Td(rank_text(row["rank_city"], row["n_city"]), className="qm-num")]
        marks = report.markers(row, monitor.public)
        if row["polarity"] == "neutral" and has_parent:
            marks.append("ohne Wertung")
        cells += [html.Td(sparkline(row["trend"], row["unit"], decimals), className="qm-profile-trend"),
                  html.Td([html.Span(m, className="qm-profile-marker" + (" qm-profile-marker-warn" if i < 1 and row["suppressed"] else ""))
                           for i, m in enumerate(marks)], className="qm-profile-markers")]
        body.append(html.Tr(cells, id=f"{P}-row-{_safe_id(row['indicator_id'])}",
                            className="qm-profile-row" + (" qm-profile-row-flag" if row["threshold_breached"] or row["target_missed"] else "")))
    return html.Table([
        html.Caption(caption),
        html.Thead(html.Tr([html.Th(c, scope="col") for c in columns])),
        html.Tbody(body),
    ], className="qm-figures qm-profile-table")


def trend_chart(head: report.ProfileHeader, rows, title: str, index: int) -> dcc.Graph | None:
    """Small multiples: the area (solid), its parent (dashed) and the city (dotted grey) per indicator.

    The figure is written as a plain dict (axes and domains laid out here): building it through
    plotly.graph_objects validates every property and took ~0.1 s per chart.
    """
    rows = rows[rows["trend"].map(lambda t: sum(v is not None for _y, v, _e, _s in t) >= 2)]
    if rows.empty:
        return None
    records = rows.to_dict("records")
    n = len(records)
    cols = 2 if n > 1 else 1
    nrows = math.ceil(n / cols)
    height = 150 * nrows + 80
    h_space, v_space = 0.1, (60 / (height - 80)) if nrows > 1 else 0.0
    width = (1 - (cols - 1) * h_space) / cols
    cell_height = (1 - (nrows - 1) * v_space) / nrows
    parent = head.parents[-1]["name"] if head.parents else None
    city = head.parents[0]["name"] if head.parents else None
    data: list[dict] = []
    layout: dict[str, Any] = {
        "width": CHART_WIDTH, "height": height, "separators": ",.", "template": None,
        "margin": {"l": 40, "r": 10, "t": 78, "b": 25}, "plot_bgcolor": "#ffffff", "paper_bgcolor": "#ffffff",
        "font": {"family": "Source Sans 3, Segoe UI, sans-serif", "size": 10, "color": "#1a1a1a"},
        "title": {"text": f"Entwicklung: {title}", "font": {"size": 13}, "x": 0, "xref": "paper", "y": 0.99, "yref": "container", "yanchor": "top"},
        "legend": {"orientation": "h", "x": 0, "xref": "paper", "y": 1, "yref": "container", "yanchor": "top", "font": {"size": 10},
                   },
        "annotations": [], "shapes": [], "hovermode": "closest", "showlegend": True,
    }
    layout["legend"]["y"] = 1 - 26 / height
    for i, row in enumerate(records):
        r, c = divmod(i, cols)
        k = i + 1
        suffix = "" if k == 1 else str(k)
        x0 = c * (width + h_space)
        top = 1 - r * (cell_height + v_space)
        layout[f"xaxis{suffix}"] = {"domain": [x0, x0 + width], "anchor": f"y{suffix}", "dtick": 2, "tickformat": "d",
                                    "tickfont": {"size": 9}, "showgrid": False, "linecolor": "#999", "ticks": "outside"}
        layout[f"yaxis{suffix}"] = {"domain": [top - cell_height, top], "anchor": f"x{suffix}", "tickfont": {"size": 9},
                                    "gridcolor": "#e6e6e6", "zeroline": False, "separatethousands": True}
        label = (row["label"] if len(row["label"]) <= 40 else row["label"][:39] + "…") + label_unit(row["label"], row["unit"])
        layout["annotations"].append({"text": label, "x": x0 + width / 2, "y": top, "xref": "paper", "yref": "paper",
                                      "xanchor": "center", "yanchor": "bottom", "showarrow": False, "font": {"size": 10}})
        first = i == 0
        trend = row["trend"]
        data.append({"type": "scatter", "mode": "lines+markers", "name": head.name, "legendgroup": "area", "showlegend": first,
                     "x": [y for y, *_ in trend], "y": [v for _y, v, _e, _s in trend], "xaxis": f"x{suffix}", "yaxis": f"y{suffix}",
                     "line": {"color": AREA_COLOR, "width": 2},
                     "marker": {"size": 6, "color": AREA_COLOR, "line": {"color": AREA_COLOR, "width": 1.5},
                                "symbol": ["x" if s else ("circle-open" if e else "circle") for _y, _v, e, s in trend]},
                     "text": [("Schätzung" if e else "") + (" geringe Fallzahl (nur intern)" if s else "") for _y, _v, e, s in trend],
                     "hovertemplate": "%{x}: %{y} %{text}<extra>" + head.name.replace("<", "") + "</extra>"})
        for series, name, color, dash_style, group in ((row["parent_trend"], parent, PARENT_COLOR, "dash", "parent"),
                                                       (row["city_trend"], city, CITY_COLOR, "dot", "city")):
            # counts: the parent's and the city's totals are of another magnitude and say nothing here
            if not name or not series or (group == "city" and parent == city) or row["kind"] == "count":
                continue
            data.append({"type": "scatter", "mode": "lines", "name": name, "legendgroup": group, "showlegend": first,
                         "x": [y for y, _ in series], "y": [v for _, v in series], "xaxis": f"x{suffix}", "yaxis": f"y{suffix}",
                         "line": {"color": color, "width": 1.5, "dash": dash_style}})
        for limit, name in ((row["target"], "Zielwert"), (row["threshold"], "Schwellenwert")):
            if not _missing(limit):
                layout["shapes"].append({"type": "line", "xref": f"x{suffix} domain", "yref": f"y{suffix}", "x0": 0, "x1": 1,
                                         "y0": limit, "y1": limit, "line": {"color": "#b45f06", "width": 1, "dash": "longdash"}})
                layout["annotations"].append({"text": name, "xref": f"x{suffix} domain", "yref": f"y{suffix}", "x": 0, "y": limit,
                                              "xanchor": "left", "yanchor": "bottom", "showarrow": False,
                                              "font": {"size": 9, "color": "#b45f06"}})
    filename = f"gebietsprofil-{_safe_id(head.area_id)}-{_safe_id(title.lower())}"
    return dcc.Graph(id=f"{P}-chart-{index}", figure={"data": data, "layout": layout}, className="qm-profile-chart",
                     responsive=False, style={"width": f"{CHART_WIDTH}px", "height": f"{height}px"},
                     config={"displaylogo": False, "modeBarButtons": [["toImage"]], "displayModeBar": True,
                             "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2}})


def assessment_list(items: list[dict[str, str]], empty: str) -> html.Ul | html.P:
    if not items:
        return html.P(empty, className="qm-hint")
    return html.Ul([html.Li([html.Strong("Stärke: " if a["kind"] == "staerke" else "Schwäche: "), a["text"]],
                            className=f"qm-assessment qm-assessment-{a['kind']}", **{"data-indicator": a["indicator_id"]})
                    for a in items], className="qm-assessment-list")


def burden_block(monitor: Monitor, burdens: list[dict[str, Any]], indices: list[dict[str, Any]]) -> list:
    parts: list = []
    for b in burdens:
        title = f"{b['label']}{' (offizielle Regel)' if b['official'] else ' (Szenario)'}, {b['year']}"
        if b["scope"] == "area":
            if not b["rated"] and not b["burdens"]:
                text = "nicht bewertet (fehlende oder zurückgehaltene Werte)"
            else:
                which = ", ".join(b["burdens"]) if b["burdens"] else "keine"
                text = (f"{b['count']} von {b['n_criteria']} Belastungen ({which})"
                        + (f" – mehrfach belastet (ab {b['min_count']})" if b["multiple"] else " – nicht mehrfach belastet")
                        + ("" if b["rated"] else "; nicht für alle Indikatoren bewertet"))
        else:
            smallest = report.level_label(monitor, monitor.dataset.level_ids[0])
            text = (f"{b['n_multiple']} von {b['n_rated']} bewerteten Gebieten der Ebene {smallest} sind mehrfach belastet "
                    f"(ab {b['min_count']} Belastungen), mit {format_number(b['population_multiple'], 0)} von "
                    f"{format_number(b['population_rated'], 0)} Einwohnerinnen und Einwohnern.")
        parts.append(html.Div([html.Strong(title + ": "), text, html.P(b["method"], className="qm-method qm-profile-method")],
                              className="qm-profile-burden" + (" qm-profile-burden-multiple" if b.get("multiple") else ""),
                              **{"data-rule": b["rule_id"]}))
    for ix in indices:
        if ix["scope"] == "area":
            text = (f"Klasse {ix['code']} – Status {ix['status']}, Dynamik {ix['dynamic']}" if ix["valid"]
                    else "nicht bewertet (unter der Mindesteinwohnerzahl oder ohne gültige Werte)")
        else:
            counts = ", ".join(f"{code}: {n}" for code, n in sorted(ix["counts"].items()))
            text = f"{ix['n_valid']} von {ix['n_members']} Teilgebieten bewertet; Klassen (Anzahl Gebiete): {counts or 'keine'}"
        parts.append(html.Div([html.Strong(f"{ix['label']}, {ix['year']}: "), text,
                               html.P(ix["method"], className="qm-method qm-profile-method")],
                              className="qm-profile-index", **{"data-index": ix["index_id"]}))
    return parts or [html.P("Für diesen Datensatz sind keine Regeln zur Mehrfachbelastung und kein Index festgelegt.", className="qm-hint")]


def markdown(text: str | None, component_id: str) -> html.Div:
    if not text:
        return html.Div(html.P(report.NO_NOTES_TEXT, className="qm-hint"), id=component_id)
    return html.Div(dcc.Markdown(text, dangerously_allow_html=False, link_target="_blank"), id=component_id,
                    className="qm-profile-markdown")


def sources(monitor: Monitor, figures) -> html.Section:
    used = [monitor.indicator(i) for i in figures["indicator_id"]]
    by_source: dict[str, list[str]] = {}
    for indicator in used:
        if indicator is not None:
            by_source.setdefault(indicator.source, []).append(indicator.id)
    ds = monitor.dataset
    return html.Section([
        html.H2("Quellen und Datenstand"),
        html.P([html.Strong("Datensatz: "), ds.title, " · ", html.Strong("Datenstand: "), ds.release, " · ",
                html.Strong("Lizenz: "), ds.license], className="qm-profile-release"),
        html.P([html.Strong("Quelle: "), ds.attribution]),
        html.Ul([html.Li(f"{', '.join(ids)}: {source}") for source, ids in by_source.items()], className="qm-profile-sources"),
    ], id=SOURCES, className="qm-profile-section qm-profile-sources-section")


def search_box() -> html.Div:
    return html.Div([
        html.Label("Anderes Gebiet suchen", htmlFor=SEARCH, className="qm-label"),
        dcc.Input(id=SEARCH, type="search", placeholder="Name oder Kennung, z. B. „Mitte“", debounce=True,
                  autoComplete="off", className="qm-profile-search-input", maxLength=80),
        html.Ul(id=SEARCH_RESULTS, className="qm-profile-search-results"),
    ], className="qm-profile-search")


def search_results(monitor: Monitor, text: Any) -> list:
    found = monitor.search(text)
    if not found:
        return [html.Li("Kein Gebiet gefunden.", className="qm-hint")] if isinstance(text, str) and text.strip() else []
    return [html.Li(html.A(f"{a['name']} ({report.level_label(monitor, a['level'])} {a['area_id']})", href=profile_href(a["area_id"])))
            for a in found]


def not_found(monitor: Monitor, raw: str) -> html.Div:
    return html.Div(className="qm-profile-page", children=[
        view_nav(PREFIX),
        html.Div(id=NOT_FOUND, className="qm-not-found", children=[
            html.H2("Gebiet nicht gefunden"),
            html.P(f"Ein Gebiet mit der Kennung „{raw[:64]}“ gibt es in diesem Datensatz nicht."),
            html.P(["Suchen Sie das Gebiet unten nach Name oder Kennung, oder wählen Sie es auf der ",
                    html.A("Karte", href="/"), " aus."], className="qm-hint"),
            search_box(),
            html.Ul(search_results(monitor, raw), className="qm-profile-search-results") if monitor.search(raw) else None,
        ]),
    ])


# -- layout ------------------------------------------------------------------------------------------
def layout(ctx: ViewContext, params: dict[str, Any]):
    monitor = ctx.monitor
    area_id = str(params.get("_pfad", "")).strip("/")
    area = monitor.area(area_id)
    if area is None:
        return not_found(monitor, area_id)
    year, years, notices = report.resolve_year(monitor, area_id, params.get("jahr"))
    group = "zielbereich" if params.get("gruppe") == "zielbereich" else "dimension"
    if params.get("_ungueltig"):
        notices.append("Die Adresse war ungültig oder zu lang; das Profil wird mit den Standardeinstellungen gezeigt.")
    head = report.header(monitor, area_id, year)
    figures = monitor.cached("profile-figures", (area_id, year), lambda: report.key_figures(monitor, area_id, year))
    assessments = report.assess(monitor, figures)
    own = report.notes(monitor, area_id)

    toolbar = html.Div(className="qm-profile-toolbar qm-no-print", children=[
        html.Div([html.Label("Jahr", htmlFor=YEAR, className="qm-label"),
                  dcc.Dropdown(id=YEAR, options=[{"label": str(y), "value": y} for y in reversed(years)], value=year,
                               clearable=False, searchable=False, className="qm-profile-year")]),
        html.Div([html.Label("Kennzahlen gruppieren nach", htmlFor=GROUP, className="qm-label"),
                  dcc.RadioItems(id=GROUP, options=[{"label": "Dimension", "value": "dimension"},
                                                    {"label": "Zielbereich", "value": "zielbereich"}],
                                 value=group, className="qm-levels", inline=True)]),
        html.Div([html.Button("Tabelle als CSV", id=CSV_BUTTON, className="qm-button", n_clicks=0),
                  html.Button("Tabelle als Excel (XLSX)", id=XLSX_BUTTON, className="qm-button", n_clicks=0),
                  html.Button("Drucken / als PDF speichern", id=PRINT_BUTTON, className="qm-button", n_clicks=0),
                  dcc.Download(id=DOWNLOAD)], className="qm-profile-actions"),
        search_box(),
    ])

    facts = [f"{head.level_label} {head.area_id}"]
    if head.population is not None:
        facts.append(f"{format_number(head.population, 0)} Einwohnerinnen und Einwohner (31.12.{head.population_year})")
    children_block = []
    if head.children:
        children_block = [html.Details([
            html.Summary(f"{len(head.children)} Teilgebiete ({head.children[0]['level_label']})"),
            html.Ul([html.Li(html.A(c["name"], href=profile_href(c["area_id"], year))) for c in head.children],
                    className="qm-profile-children")], className="qm-no-print")]
    header = html.Header(className="qm-profile-head", children=[
        html.Div([
            breadcrumb(head, year),
            html.H1(head.name, className="qm-profile-title"),
            html.P(" · ".join(facts), className="qm-profile-facts"),
            html.P(f"Gebietsprofil, Berichtsjahr {year} · Datenstand {monitor.dataset.release} · "
                   + ("öffentliche Fassung" if monitor.public else "interne Fassung – enthält nicht öffentliche Angaben"),
                   className="qm-profile-meta"),
            *children_block,
        ], className="qm-profile-head-text"),
        overview_map(ctx, head),
    ])

    sections = []
    for number, (name, rows) in enumerate(report.groups(figures, group), start=1):
        own_assessments = [a for a in assessments if a["indicator_id"] in set(rows["indicator_id"])]
        chart = trend_chart(head, rows, name, number)
        sections.append(html.Section(className="qm-profile-section qm-profile-group", id=f"{P}-group-{number}", children=[
            html.H3(f"2.{number} {name}"),
            figures_table(monitor, head, rows, f"Kennzahlen {name}, Berichtsjahr {year}"),
            html.Div([html.H4("Bewertung (automatisch abgeleitet)"),
                      assessment_list(own_assessments, "Keine deutliche Stärke oder Schwäche gegenüber der Gesamtstadt.")],
                     className="qm-profile-computed"),
            *([chart] if chart is not None else []),
        ]))
    if figures.empty:
        sections.append(html.P("Für dieses Gebiet liegen in diesem Jahr keine Kennzahlen vor.", className="qm-hint"))

    strengths = [a for a in assessments if a["kind"] == "staerke"]
    weaknesses = [a for a in assessments if a["kind"] == "schwaeche"]
    internal = []
    if not monitor.public:
        internal = [html.Section(id=INTERNAL, className="qm-profile-section qm-profile-internal", children=[
            html.H2("5. Nicht öffentlich (nur interne Ansicht)"),
            html.P("Beschlusslage, Stand der Bearbeitung, Termin der nächsten Fortschreibung, Verantwortlichkeiten.",
                   className="qm-hint"),
            markdown(own["internal"], f"{INTERNAL}-text"),
        ])]

    article = html.Article(id=ARTICLE, className="qm-profile", children=[
        header,
        html.Section(className="qm-profile-section", children=[
            html.H2("Teil I – Beschreibung und Bewertung", className="qm-profile-part"),
            html.H3("1. Überblick: Mehrfachbelastung und Sozialindex"),
            html.Div(burden_block(monitor, report.burden_summary(monitor, area_id, year),
                                  report.index_summary(monitor, area_id, year)), id=BURDENS),
        ]),
        html.Section(id=FIGURES, className="qm-profile-section", children=[
            html.H3("2. Kennzahlen nach " + ("Zielbereich" if group == "zielbereich" else "Dimension")),
            html.P([report.RANK_NOTE, " Differenzen: Gebiet minus Vergleichswert, bei Anteilen in Prozentpunkten (Pp.). "
                    "≈ = Schätzung; im Trend: Linie = Gebiet, hohle Punkte = Schätzungen",
                    "" if monitor.public else ", orange = geringe Fallzahl (nur intern)", "."], className="qm-hint qm-profile-legend"),
            *sections,
        ]),
        html.Section(className="qm-profile-section qm-profile-own", children=[
            html.H3("3. Eigene Beschreibung des Gebiets"),
            html.P("Qualitative Beschreibung aus der Fachplanung (nicht aus den Kennzahlen berechnet).", className="qm-hint"),
            markdown(own["description"], OWN_NOTES),
        ]),
        html.Section(id=ASSESSMENT, className="qm-profile-section qm-profile-computed", children=[
            html.H3("4. Zusammenfassung: Stärken und Schwächen (automatisch aus den Kennzahlen abgeleitet)"),
            html.P(report.ASSESSMENT_NOTE, className="qm-hint"),
            html.Div([
                html.Div([html.H4(f"Stärken ({len(strengths)})"), assessment_list(strengths, "Keine.")]),
                html.Div([html.H4(f"Schwächen ({len(weaknesses)})"), assessment_list(weaknesses, "Keine.")]),
            ], className="qm-profile-columns"),
        ]),
        html.Section(className="qm-profile-section qm-profile-part2", children=[
            html.H2("Teil II – Ziele und Maßnahmen", className="qm-profile-part"),
            html.H3("Ziele für das Gebiet"), markdown(own["goals"], GOALS),
            html.H3("Geplante Maßnahmen und Maßnahmenvorschläge"), markdown(own["measures"], MEASURES),
        ]),
        *internal,
        sources(monitor, figures),
    ])
    return html.Div(className="qm-profile-page", children=[
        view_nav(PREFIX),
        *notice(notices, NOTICE),
        toolbar,
        article,
        dcc.Store(id=STATE, data={"area": area_id, "jahr": year, "gruppe": group}),
        dcc.Store(id=PRINTED),
    ])


# -- callbacks ---------------------------------------------------------------------------------------
def export_parts(monitor: Monitor, state: Any):
    """Validated (header, year, figures, notes) for a download request, or None."""
    if not isinstance(state, dict) or monitor.area(state.get("area")) is None:
        return None
    area_id = state["area"]
    year, _years, _notices = report.resolve_year(monitor, area_id, state.get("jahr"))
    return report.header(monitor, area_id, year), year, monitor.cached("profile-figures", (area_id, year), lambda: report.key_figures(monitor, area_id, year)), report.notes(monitor, area_id)


def register_callbacks(app: Dash, ctx: ViewContext) -> None:
    monitor, url_id = ctx.monitor, ctx.url_id

    @app.callback(Output(url_id, "search", allow_duplicate=True), Input(YEAR, "value"), Input(GROUP, "value"),
                  prevent_initial_call=True)
    def change_view(year, group):
        query = f"?jahr={int(year)}" if isinstance(year, int) else ""
        if group == "zielbereich":
            query += ("&" if query else "?") + "gruppe=zielbereich"
        return query

    @app.callback(Output(url_id, "pathname", allow_duplicate=True), Input(AREAS, "clickData"), prevent_initial_call=True)
    def open_clicked(click):
        properties = click.get("properties") if isinstance(click, dict) else None  # hostile clients send anything
        area_id = properties.get("id") if isinstance(properties, dict) else None
        return profile_href(area_id) if monitor.area(area_id) else no_update

    @app.callback(Output(SEARCH_RESULTS, "children"), Input(SEARCH, "value"), prevent_initial_call=True)
    def search(text):
        return search_results(monitor, text)

    @app.callback(Output(DOWNLOAD, "data"), Input(CSV_BUTTON, "n_clicks"), Input(XLSX_BUTTON, "n_clicks"),
                  State(STATE, "data"), prevent_initial_call=True)
    def download(_csv, _xlsx, state):
        parts = export_parts(monitor, state)
        if parts is None:
            return no_update
        head, year, figures, own = parts
        name = f"gebietsprofil-{_safe_id(head.area_id)}-{year}"
        if dash.ctx.triggered_id == XLSX_BUTTON:
            content = report.export_xlsx(monitor, head, year, figures, report.export_texts(monitor, figures, own))
            return dcc.send_bytes(content, f"{name}.xlsx")
        return {"content": report.export_csv(monitor, head, year, figures), "filename": f"{name}.csv", "type": "text/csv"}

    app.clientside_callback("function (n) { if (n) { window.print(); } return n; }",
                            Output(PRINTED, "data"), Input(PRINT_BUTTON, "n_clicks"), prevent_initial_call=True)
