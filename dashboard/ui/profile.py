"""The area profile (Gebietsprofil) at /gebiet/<area_id>: one area of any level, laid out after the
Bezirksregionenprofil outline (Teil I analysis by dimension, Teil II goals and measures, and the
"Nicht öffentlich" section only internally).

All numbers come from dashboard/reports/profile.py (pure functions of the Monitor, data only) and
their words from dashboard/present.py (section "area profile"), so the page, the CSV/XLSX downloads
and the tests agree. URL state: the path names the area; `jahr` picks the
year and `gruppe=zielbereich` groups the figures by Zielbereich instead of dimension. Changing
either rewrites the query string and the router renders the page again (a profile is a document,
not an interactive map). The print stylesheet (assets/qm_print.css) lays the page out on A4.
Every text is in the page language (`?sprache=en`); the area's own notes stay as the staff wrote them.
The view state is dashboard/state/profile.ProfileState; every link is written by dashboard/urls.py and
the downloads by dashboard/export.py.
"""
from __future__ import annotations

import base64
import math
import re
from typing import Any

import dash
from dash import ClientsideFunction, Dash, Input, Output, State, dcc, html, no_update

from dashboard.catalog import CITY_LEVEL
from dashboard.export import Column, ExportTable, flag_columns
from dashboard.export import download as export_download
from dashboard.i18n import format_number, language, t, tt
from dashboard.monitor import Monitor
from dashboard.present import (
    ESTIMATE_TEXT,
    SUPPRESSED_INTERNAL_TEXT,
    SUPPRESSED_TEXT,
    assessment_text,
    burden_rule_text,
    category_code,
    indicator_value_text,
    criterion_labels,
    dynamic_text,
    hideout_words,
    index_method_text,
    is_missing,
    level_label,
    levels_in_sentence,
    localized_figures,
    marker_texts,
    signed_text,
    standing_text,
    status_text,
    value_text,
)
from dashboard.reports import profile as report
from dashboard.reports import series
from dashboard.reports.compare import MAX_AREAS
from dashboard.state.compare import CompareState
from dashboard.state.profile import ProfileState, area_of
from dashboard.ui import ids, profile_facilities, profile_groups, profile_kulissen, profile_measures
from dashboard.ui import profile_change  # why a class changed (issue 17 part 4)
from dashboard.ui import borderline as borderline_words
from dashboard.ui import intervals as interval_words  # 95 % intervals, deutlich / zufällig (issue 17 part 1)
from dashboard.ui.components import (
    ViewContext,
    area_map,
    capitalised,
    notice,
    page_language,
    toggle_button,
    view_nav,
    year_options,
)
from dashboard.urls import area_href, href, indicator_href, query_params, view_query

PREFIX = "/gebiet/"
PATHS: tuple[str, ...] = ()
PREFIXES = (PREFIX,)
P = "profile"
TOOLS = f"{P}-tools"  # the toolbar's controls, folded on a phone
ARTICLE, NOTICE, YEAR, GROUP, STATE = f"{P}-article", f"{P}-notice", f"{P}-year", f"{P}-group", f"{P}-state"
MAP, AREAS, FIGURES, ASSESSMENT, OWN_NOTES = f"{P}-map", f"{P}-areas", f"{P}-figures", f"{P}-assessment", f"{P}-own-notes"
GOALS, MEASURES, INTERNAL, BURDENS, SOURCES = f"{P}-goals", f"{P}-measures", f"{P}-internal", f"{P}-burdens", f"{P}-sources"
UNRELEASED = f"{P}-notes-unreleased"
NEIGHBOURS, NEIGHBOURS_LINK = f"{P}-neighbours", f"{P}-neighbours-link"
PRINT_HEADER, PRINT_STYLE, PRINT_STYLED = f"{P}-print-header", f"{P}-print-style", f"{P}-print-styled"
PAGE_NUMBER_TEXT = "Seite {page} von {pages}"
UNRELEASED_NOTES = ("Nicht zur Veröffentlichung freigegeben: Die Notizen zu diesem Gebiet beginnen nicht mit der Zeile "
                    "„Öffentlich: ja“; die öffentliche Ansicht zeigt daher weder Beschreibung noch Ziele und Maßnahmen.")
CSV_BUTTON, XLSX_BUTTON, PRINT_BUTTON, DOWNLOAD, PRINTED = (f"{P}-csv", f"{P}-xlsx", f"{P}-print", f"{P}-download",
                                                          f"{P}-printed")
SEARCH, SEARCH_RESULTS, NOT_FOUND, BREADCRUMB = f"{P}-search", f"{P}-search-results", f"{P}-not-found", f"{P}-breadcrumb"
HIGHLIGHT = "#d95f02"
AREA_COLOR, PARENT_COLOR, CITY_COLOR = "#0b5394", "#6a51a3", "#7f7f7f"
CHART_WIDTH = 660  # px: fits the A4 text width (180 mm) so charts print unscaled
NO_NOTES_TEXT = "Keine Angaben hinterlegt."
NO_GROUP_TEXT = "ohne Zuordnung"
# the rules of reports/profile.py (rank_order, assess) in words, shown with the figures and in the downloads
RANK_NOTE = ("Rang 1 = günstigster Wert (bei „höher = ungünstiger“ der niedrigste, bei „höher = günstiger“ der höchste); "
             "Indikatoren ohne Wertung werden nach der Höhe des Werts gereiht (Rang 1 = höchster Wert). "
             "Gebiete ohne Angabe erhalten keinen Rang.")
ASSESSMENT_NOTE = ("Automatisch abgeleitet: Eine Stärke (Schwäche) ist ein Wert, der günstiger (ungünstiger) als der Wert der "
                   "Gesamtstadt ist und zum günstigsten (ungünstigsten) Fünftel aller Gebiete dieser Ebene gehört; hat der "
                   "Wert Fallzahlen, muss der Unterschied zur Gesamtstadt außerdem deutlich sein (der Wert der Gesamtstadt "
                   "liegt außerhalb des 95-%-Intervalls des Gebiets), sonst steht er unter „Auffällig, aber im Rahmen "
                   "zufälliger Schwankung“. Ohne Fallzahlen ist der Unterschied nicht auf zufällige Schwankung geprüft; der "
                   "Satz sagt das. Bei Klassen die günstigste (ungünstigste) Klasse. Gibt es keinen Wert der Gesamtstadt, "
                   "entscheidet allein der Rang unter den veröffentlichten Werten der Ebene (Lage in der Verteilung); der Satz "
                   "sagt das dann. Indikatoren ohne Wertung, Anzahlen und Werte ohne Angabe (geringe Fallzahl) werden nicht "
                   "bewertet.")
RANDOM_TITLE = "Auffällig, aber im Rahmen zufälliger Schwankung ({n})"
RANDOM_HINT = ("Im günstigsten oder ungünstigsten Fünftel, aber der Unterschied zur Gesamtstadt kann Zufall kleiner Zahlen "
               "sein: keine Stärke oder Schwäche, zum Beobachten.")
NO_ASSESSMENT_TEXT = "Keine deutliche Stärke oder Schwäche, weder gegenüber der Gesamtstadt noch unter den Gebieten dieser Ebene."
ASSESSMENT_CLASS = {"strength": "staerke", "weakness": "schwaeche"}  # the CSS class of each side (assets/qm_profile.css)


def _safe_id(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "_", str(text))


# -- pieces ----------------------------------------------------------------------------------------
def breadcrumb(monitor: Monitor, head: report.ProfileHeader, year: int, lang: str = "de") -> html.Nav:
    items = [html.Li(html.A(p["name"], href=area_href(p["area_id"], lang, year), title=level_label(monitor.dataset, p["level"], lang)))
             for p in head.parents]
    items.append(html.Li(html.Span(head.name, **{"aria-current": "page"})))
    return html.Nav(html.Ol(items, className="qm-breadcrumb"), id=BREADCRUMB, **{"aria-label": t("Übergeordnete Gebiete", lang)})


def overview_map(ctx: ViewContext, head: report.ProfileHeader, lang: str = "de") -> html.Div:
    """A small static map: the area highlighted among all areas of its level (the city: all districts)."""
    levels = ctx.monitor.dataset.level_ids
    level = head.level if head.level in levels else levels[-1]
    if head.level in levels:
        parent_id = head.parents[-1]["area_id"] if head.parents else None
        siblings = ctx.monitor.areas(level)
        classes = {a: 1 for a in siblings.loc[siblings["parent_id"] == parent_id, "area_id"]} if parent_id else {}
        classes[head.area_id] = 0
    else:
        frame = ctx.monitor.areas(level)
        classes = {a: 0 for a in frame["area_id"]}
    parent_name = head.parents[-1]["name"] if head.parents else ""
    this_area, also_in = t("dieses Gebiet", lang), t("ebenfalls in {parent}", lang, parent=parent_name)
    labels = {a: (this_area if a == head.area_id or head.level not in levels else also_in) for a in classes}
    hideout = {"classes": classes, "values": {}, "labels": labels, "colors": [HIGHLIGHT, "#fdd0a2"],
               "noData": "#e9ecf0", "suppressedColor": "#e9ecf0", "decimals": 0,
               "selected": head.area_id if head.level in levels else None, "estimates": []}
    # every area carries a label or is another area: the tooltip says so instead of "keine Daten"
    hideout = dict(hideout_words(hideout, lang, label=t("Profil", lang), unit=""),
                   noDataLabel=t("anderes Gebiet (Klick öffnet dessen Profil)", lang))
    block = area_map(MAP, AREAS, ctx, level, hideout,
                     label=t("Übersichtskarte: Lage von {name} in der Stadt", lang, name=head.name))
    # a document, not a tool: the small map does not move (area_map may wrap the container with stores)
    children = block.children if isinstance(block.children, list) else [block.children]
    for container in children:
        for prop in ("dragging", "scrollWheelZoom", "doubleClickZoom", "boxZoom", "keyboard", "touchZoom", "zoomControl"):
            if prop in getattr(container, "_prop_names", ()):
                setattr(container, prop, False)
    return html.Figure([block, html.Figcaption(t("Lage im Stadtgebiet (orange; hellorange: die anderen Gebiete desselben "
                                                 "übergeordneten Gebiets). Klick auf ein Gebiet öffnet dessen Profil.", lang))],
                       className="qm-profile-map")


def value_cell(monitor: Monitor, row: dict[str, Any], lang: str = "de") -> html.Td:
    indicator = monitor.indicator(row["indicator_id"])
    unit, decimals = row["unit"], int(row["decimals"])
    if row["suppressed"] and monitor.public:
        return html.Td(html.Span(t(SUPPRESSED_TEXT, lang), className="qm-suppressed"), className="qm-num")
    css = "qm-num"
    if indicator is not None:
        text = indicator_value_text(indicator, row["value"], lang)
        if row["kind"] == "class" and indicator.categories:
            css = "qm-num qm-profile-class-value"  # a class's name may wrap
    else:
        text = value_text(row["value"], unit, decimals, lang)
    content: list = [text]
    if row["estimate"]:
        content.append(html.Span(" ≈", title=t(ESTIMATE_TEXT, lang), className="qm-estimate-mark"))
    if row["suppressed"]:
        content.append(html.Span(" ⚠", title=t(SUPPRESSED_INTERNAL_TEXT, lang)))
        return html.Td(html.Span(content, className="qm-suppressed-internal"), className=css)
    return html.Td(content, className=css)


def sparkline(trend: list[tuple[int, float | None, bool, bool]], unit: str, decimals: int, lang: str = "de") -> html.Img | str:
    """The trend as a tiny inline SVG (a data URI: no extra component, prints as is), drawn by the rule of the
    time series (docs/methods.md, „Darstellung von Schätzwerten und Brüchen“) with the trends view's functions
    (reports.series.split_measured_estimated, definition_breaks): measured values as a solid line, estimates dotted
    with hollow circles, the two never joined; a grey dashed vertical line half a year before the first year on a
    new basis (a withheld year has its basis too). Orange = withheld (internal only), last value as a dot."""
    points = [(y, v, e, s) for y, v, e, s in trend if v is not None]
    if len(points) < 2:
        return "–"
    width, height, pad = 92, 24, 3
    years = [p[0] for p in trend]
    values = [p[1] for p in points]
    y0, y1 = min(years), max(years)
    lo, hi = min(values), max(values)
    span = (hi - lo) or 1.0

    def x_of(year: float) -> float:
        return round(pad + (width - 2 * pad) * ((year - y0) / ((y1 - y0) or 1)), 1)

    def xy(year, value):
        return x_of(year), round(height - pad - (height - 2 * pad) * ((value - lo) / span), 1)
    line = report.trend_line(trend)
    parts = series.split_measured_estimated(line)
    breaks = [x_of(item["year"] - 0.5) for item in series.definition_breaks(line)]
    segments: list[tuple[bool, list]] = []  # (estimate, points) of runs of one kind without a gap
    for estimate in (False, True):
        run: list = []
        for year, value in [*zip(parts["years"], parts["estimate" if estimate else "measured"]), (None, None)]:
            if value is not None:
                run.append(xy(year, value))
                continue
            if run:
                segments.append((estimate, run))
            run = []
    shapes = [f'<line x1="{x}" y1="1" x2="{x}" y2="{height - 1}" stroke="#888" stroke-width="1" stroke-dasharray="2,2"/>'
              for x in breaks]
    for estimate, seg in segments:
        if len(seg) == 1:  # a lone value between gaps: a dot (an estimate gets its hollow circle below)
            if not estimate:
                shapes.append(f'<circle cx="{seg[0][0]}" cy="{seg[0][1]}" r="1.5" fill="{AREA_COLOR}"/>')
            continue
        dash = ' stroke-dasharray="2,2"' if estimate else ""
        shapes.append(f'<polyline fill="none" stroke="{AREA_COLOR}" stroke-width="1.5"{dash} '
                      f'points="{" ".join(f"{x},{y}" for x, y in seg)}"/>')
    for year, value, estimate, suppressed in points:
        x, y = xy(year, value)
        if estimate:
            shapes.append(f'<circle cx="{x}" cy="{y}" r="2.2" fill="#fff" stroke="{AREA_COLOR}" stroke-width="1"/>')
        if suppressed:
            shapes.append(f'<circle cx="{x}" cy="{y}" r="2" fill="#b45f06"/>')
    last = max(points)
    if not last[2]:
        x, y = xy(last[0], last[1])
        shapes.append(f'<circle cx="{x}" cy="{y}" r="2.2" fill="{AREA_COLOR}"/>')
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}">{"".join(shapes)}</svg>'
    first = min(points)
    alt = t("Verlauf {first}–{last}: {from_value} → {to_value}", lang, first=first[0], last=last[0],
            from_value=value_text(first[1], unit, decimals, lang), to_value=value_text(last[1], unit, decimals, lang))
    if breaks:
        alt += "; " + t("Schätzwerte und gemessene Werte getrennt gezeichnet", lang)
    return html.Img(src="data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode(), alt=alt, title=alt,
                    width=width, height=height, className="qm-sparkline")


def cell_unit(unit: str) -> str:
    """Units are repeated in the cells only when short ("%", "dB(A)"); long ones stand once, next to the label."""
    return unit if len(unit) <= 6 else ""


def label_unit(label: str, unit: str) -> str:
    return "" if not unit or f"({unit})" in label or unit.lower() in label.lower() else f" ({unit})"


def city_standing(row: dict[str, Any]) -> dict[str, Any] | None:
    """A key figure's citywide standing (report.key_figures side_city, percent_city, rank_city, n_city) as
    present.standing_text reads it; None without a rank."""
    if is_missing(row.get("rank_city")):
        return None
    return {"side": row.get("side_city"), "percent": row.get("percent_city"), "rank": row["rank_city"], "n": row["n_city"]}


def rank_text(rank: Any, n: Any, lang: str = "de") -> str:
    return "–" if is_missing(rank) or is_missing(n) else t("{rank} von {n}", lang, rank=int(rank), n=int(n))


def figures_table(monitor: Monitor, head: report.ProfileHeader, rows, caption: str, lang: str = "de",
                  zielbereich_rows: bool = True) -> html.Table:
    """rows: localized key figures (present.localized_figures). zielbereich_rows: the rows are grouped into one body
    per run of the same Zielbereich, headed by its name (not when the table is a Zielbereich's own).

    Two header rows: the comparison columns are grouped under the parent's and the city's name (value, difference,
    rank), so no header has to hold a long area name in a narrow column (printed, "Differenz zu Gropiusstadt Ost"
    broke inside its words). A district's parent is the city: it has the city's group only."""
    parent = head.parents[-1]["name"] if len(head.parents) > 1 else None
    city = head.parents[0]["name"] if head.parents else None
    groups = ([("parent", parent, t("Differenz zu {area}", lang, area=parent), t("Rang in {area}", lang, area=parent))] if parent else []) + \
             ([("city", city, t("Differenz zur Gesamtstadt", lang), t("Rang in {area}", lang, area=city))] if city else [])
    first = [html.Th(t("Kennzahl", lang), scope="col", rowSpan=2 if groups else None),
             html.Th(t("Wert", lang), scope="col", rowSpan=2 if groups else None),
             html.Th(capitalised(t("Stichtag", lang)), scope="col", rowSpan=2 if groups else None)]
    second = []
    for kind, name, diff_title, rank_title in groups:
        first.append(html.Th(name, scope="colgroup", colSpan=3, className=f"qm-profile-group-head qm-profile-group-{kind}",
                             title=level_label(monitor.dataset, head.parents[-1]["level"] if kind == "parent" else CITY_LEVEL, lang)))
        second += [html.Th(t("Wert", lang), scope="col", title=name),
                   html.Th(t("Differenz", lang), scope="col", title=diff_title),
                   html.Th(t("Rang", lang), scope="col", title=rank_title)]
    first += [html.Th(t("Trend", lang), scope="col", rowSpan=2 if groups else None),
              html.Th(t("Hinweis", lang), scope="col", rowSpan=2 if groups else None)]
    # column widths for print (assets/qm_print.css: the table is laid out fixed there)
    colgroups = [html.Colgroup([html.Col(className=f"qm-col-{c}") for c in ("label", "value", "date")])]
    colgroups += [html.Colgroup([html.Col(className=f"qm-col-{c}") for c in ("value", "diff", f"rank-{kind}")]) for kind, *_ in groups]
    colgroups.append(html.Colgroup([html.Col(className=f"qm-col-{c}") for c in ("trend", "notes")]))
    n_columns = 5 + 3 * len(groups)
    levels = levels_in_sentence(monitor.dataset, head.level, lang) if city else ""
    bodies: list[tuple[str, list]] = []  # (Zielbereich, rows) per run
    for row in rows.to_dict("records"):
        zielbereich = (row["zielbereich"] or "") if zielbereich_rows else ""
        if not bodies or bodies[-1][0] != zielbereich:
            bodies.append((zielbereich, []))
        body = bodies[-1][1]
        unit, decimals = cell_unit(row["unit"]), int(row["decimals"])
        diff_unit = cell_unit(row["diff_unit"])
        # the label opens the indicator's fact sheet; below it the citywide standing (the rank has its own column)
        indicator = monitor.indicator(row["indicator_id"])
        standing = standing_text(city_standing(row), indicator, levels, lang, rank=False) if indicator and levels else ""
        label = [dcc.Link(row["label"], href=indicator_href(row["indicator_id"], lang), className="qm-profile-label qm-sheet-link",
                          title=t("Steckbrief: Definition, Quelle, Methode", lang)),
                 html.Span(label_unit(row["label"], row["unit"]), className="qm-profile-unit"),
                 *([html.Div(standing, className="qm-standing")] if standing else [])]
        cells = [html.Th(label, scope="row"), with_interval(value_cell(monitor, dict(row, unit=unit), lang), row, lang),
                 html.Td(row["stichtag"])]
        for kind, *_ in groups:
            value, diff, rank, n = ((row["parent_value"], row["diff_parent"], row["rank_siblings"], row["n_siblings"]) if kind == "parent"
                                    else (row["city_value"], row["diff_city"], row["rank_city"], row["n_city"]))
            cells += [html.Td(value_text(value, unit, decimals, lang), className="qm-num qm-profile-group-start"),
                      difference_cell(signed_text(diff, diff_unit, decimals, lang), row.get(f"versus_{kind}"), lang),
                      html.Td(rank_text(rank, n, lang), className="qm-num qm-profile-rank")]
        marks = marker_texts(row, monitor.public, monitor.indicator(row["indicator_id"]), lang)
        if row["polarity"] == "neutral" and groups:
            marks.append(t("ohne Wertung", lang))
        cells += [html.Td(sparkline(row["trend"], row["unit"], decimals, lang), className="qm-profile-trend"),
                  html.Td([html.Span(m, className="qm-profile-marker" + (" qm-profile-marker-warn" if i < 1 and row["suppressed"] else ""))
                           for i, m in enumerate(marks)], className="qm-profile-markers")]
        body.append(html.Tr(cells, id=f"{P}-row-{_safe_id(row['indicator_id'])}",
                            className="qm-profile-row" + (" qm-profile-row-flag" if row["threshold_breached"] or row["target_missed"] else "")))
    return html.Table([
        html.Caption(caption),
        *colgroups,
        html.Thead([html.Tr(first)] + ([html.Tr(second)] if second else [])),
        *[html.Tbody(([html.Tr(html.Th(name, colSpan=n_columns, scope="rowgroup"), className="qm-profile-zielbereich")]
                      if name else []) + body) for name, body in bodies],
        *interval_foot(rows, n_columns, monitor.public, lang),
    ], className="qm-figures qm-profile-table")


def with_interval(cell: html.Td, row: dict[str, Any], lang: str = "de") -> html.Td:
    """The value cell with the value's 95 % interval (report.key_figures lower, upper: Monitor.intervals) below it in
    small type; unchanged without an interval (no counts, withheld, or in public mode counts not published)."""
    text = interval_words.interval_text(row.get("lower"), row.get("upper"), int(row["decimals"]), lang)
    if not text:
        return cell
    children = cell.children if isinstance(cell.children, list) else [cell.children]
    line = html.Span([html.Span(t(interval_words.SHORT_LABEL, lang) + " ", className="qm-interval-label"), text], className="qm-interval",
                     title=interval_words.interval_title(row.get("lower"), row.get("upper"), int(row["decimals"]), row["unit"], lang))
    cell.children = [*children, line]
    return cell


def difference_cell(text: str, verdict: Any, lang: str = "de") -> html.Td:
    """A difference to the parent or the city with its mark: ● deutlich, ○ im Rahmen zufälliger Schwankung
    (report.key_figures versus_parent / versus_city), none without a test."""
    mark = interval_words.verdict_mark(verdict, lang)
    return html.Td([text, " ", mark] if mark is not None else text, className="qm-num")


def interval_foot(rows, n_columns: int, public: bool, lang: str = "de") -> list:
    """Once per table: what the interval and the marks mean, and that values without counts have no interval (said
    once, not per row; only what occurs in the table)."""
    if rows is None or len(rows) == 0:
        return []
    records = rows.to_dict("records")
    with_interval_rows = [r for r in records if interval_words.has_interval(r.get("lower"), r.get("upper"))]
    verdicts = {r.get(k) for r in records for k in ("versus_parent", "versus_city")} & set(interval_words.VERDICT_WORDS)
    without = [r for r in records if not interval_words.has_interval(r.get("lower"), r.get("upper"))
               and not is_missing(r.get("value")) and not (public and r.get("suppressed"))]
    notes = ([t(interval_words.PROFILE_INTERVAL_NOTE, lang)] if with_interval_rows else []) + \
            ([t(interval_words.VERDICT_NOTE, lang)] if verdicts else []) + \
            ([interval_words.no_interval_note(public, lang)] if without else [])
    if not notes:
        return []
    return [html.Tfoot(html.Tr(html.Td(html.Div(" ".join(notes), className="qm-interval-note-text"), colSpan=n_columns,
                                       className="qm-interval-note")))]


def trend_chart(head: report.ProfileHeader, rows, title: str, index: int, lang: str = "de", public: bool = False) -> dcc.Graph | None:
    """Small multiples: the area (solid), its parent (dashed) and the city (dotted grey) per indicator.
    Withheld points say "keine Angabe (geringe Fallzahl)" in public mode, never the internal warning.

    The figure is written as a plain dict (axes and domains laid out here): building it through
    plotly.graph_objects validates every property and took ~0.1 s per chart.
    """
    rows = rows[rows["trend"].map(lambda t: sum(v is not None for _y, v, _e, _s in t) >= 2)]
    if rows.empty:
        return None
    records = rows.to_dict("records")
    n = len(records)
    withheld_text = t(SUPPRESSED_TEXT if public else "geringe Fallzahl (nur intern)", lang)
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
        "width": CHART_WIDTH, "height": height, "separators": ".," if lang == "en" else ",.", "template": None,
        "margin": {"l": 40, "r": 10, "t": 78, "b": 25}, "plot_bgcolor": "#ffffff", "paper_bgcolor": "#ffffff",
        "font": {"family": "Source Sans 3, Segoe UI, sans-serif", "size": 10, "color": "#1a1a1a"},
        "title": {"text": t("Entwicklung: {title}", lang, title=title), "font": {"size": 13}, "x": 0, "xref": "paper", "y": 0.99, "yref": "container", "yanchor": "top"},
        "legend": {"orientation": "h", "x": 0, "xref": "paper", "y": 1, "yref": "container", "yanchor": "top", "font": {"size": 10},
                   },
        "annotations": [], "shapes": [], "hovermode": "closest", "showlegend": True,
    }
    layout["legend"]["y"] = 1 - 26 / height
    shown_groups: set[str] = set()
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
        # measured values solid, estimates dotted with hollow markers, never joined, and a dashed vertical line half a
        # year before the first year on a new basis (docs/methods.md, „Darstellung von Schätzwerten und Brüchen“):
        # split and breaks by the trends view's functions (reports.series)
        line = report.trend_line(row["trend"])
        parts = series.split_measured_estimated(line)
        flags = list(zip(line.sort_values("year")["estimate"], parts["withheld"]))
        for key, name, group in (("measured", head.name, "area"), ("estimate", f"{head.name} ({t('Schätzung', lang)})", "estimate")):
            if all(v is None for v in parts[key]):
                continue
            data.append({"type": "scatter", "mode": "lines+markers", "name": name, "legendgroup": group,
                         "showlegend": group not in shown_groups, "connectgaps": False,
                         "x": parts["years"], "y": parts[key], "xaxis": f"x{suffix}", "yaxis": f"y{suffix}",
                         "line": {"color": AREA_COLOR, "width": 2, "dash": "dot" if key == "estimate" else "solid"},
                         "marker": {"size": 6, "color": AREA_COLOR, "line": {"color": AREA_COLOR, "width": 1.5},
                                    "symbol": ["x" if w else ("circle-open" if e else "circle") for e, w in flags]},
                         "text": [(t("Schätzung", lang) if e else "") + (" " + withheld_text if w else "") for e, w in flags],
                         "hovertemplate": "%{x}: %{y} %{text}<extra>" + head.name.replace("<", "") + "</extra>"})
            shown_groups.add(group)
        for item in series.definition_breaks(line):
            layout["shapes"].append({"type": "line", "xref": f"x{suffix}", "yref": f"y{suffix} domain", "x0": item["year"] - 0.5,
                                     "x1": item["year"] - 0.5, "y0": 0, "y1": 1, "line": {"color": "#888", "width": 1, "dash": "dash"}})
        for reference, name, color, dash_style, group in ((row["parent_trend"], parent, PARENT_COLOR, "dash", "parent"),
                                                          (row["city_trend"], city, CITY_COLOR, "dot", "city")):
            # counts: the parent's and the city's totals are of another magnitude and say nothing here
            if not name or not reference or (group == "city" and parent == city) or row["kind"] == "count":
                continue
            data.append({"type": "scatter", "mode": "lines", "name": name, "legendgroup": group, "showlegend": group not in shown_groups,
                         "x": [y for y, _ in reference], "y": [v for _, v in reference], "xaxis": f"x{suffix}", "yaxis": f"y{suffix}",
                         "line": {"color": color, "width": 1.5, "dash": dash_style}})
            shown_groups.add(group)
        for limit, name in ((row["target"], t("Zielwert", lang)), (row["threshold"], t("Schwellenwert", lang))):
            if not is_missing(limit):
                layout["shapes"].append({"type": "line", "xref": f"x{suffix} domain", "yref": f"y{suffix}", "x0": 0, "x1": 1,
                                         "y0": limit, "y1": limit, "line": {"color": "#b45f06", "width": 1, "dash": "longdash"}})
                layout["annotations"].append({"text": name, "xref": f"x{suffix} domain", "yref": f"y{suffix}", "x": 0, "y": limit,
                                              "xanchor": "left", "yanchor": "bottom", "showarrow": False,
                                              "font": {"size": 9, "color": "#b45f06"}})
    filename = t("gebietsprofil-{area}-{group}", lang, area=_safe_id(head.area_id), group=_safe_id(title.lower()))
    return dcc.Graph(id=f"{P}-chart-{index}", figure={"data": data, "layout": layout}, className="qm-profile-chart",
                     responsive=False, style={"width": f"{CHART_WIDTH}px", "height": f"{height}px"},
                     config={"displaylogo": False, "modeBarButtons": [["toImage"]], "displayModeBar": True,
                             "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2}})


def assessments_of(monitor: Monitor, figures, lang: str = "de", area_id: str | None = None,
                   random: bool = False) -> list[dict[str, Any]]:
    """The strengths and weaknesses (report.assess on the key figures; with area_id each says whether it changed clearly
    since the trend's previous year) with their sentence in lang ("text"); random=True: the rank rule's candidates whose
    difference to the city lies within random variation (report.random_differences)."""
    items = (report.random_differences if random else report.assess)(monitor, figures, area_id)
    return [dict(a, text=assessment_text(a, monitor.indicator(a["indicator_id"]), lang)) for a in items]


def assessment_list(items: list[dict[str, Any]], empty: str, lang: str = "de") -> html.Ul | html.P:
    if not items:
        return html.P(empty, className="qm-hint")
    return html.Ul([html.Li([html.Strong(t("Stärke", lang) + ": " if a["side"] == "strength" else t("Schwäche", lang) + ": "), a["text"]],
                            className=f"qm-assessment qm-assessment-{ASSESSMENT_CLASS[a['side']]}", **{"data-indicator": a["indicator_id"]})
                    for a in items], className="qm-assessment-list")


def overview_items(monitor: Monitor, burdens: list[dict[str, Any]], indices: list[dict[str, Any]],
                   lang: str = "de") -> list[dict[str, Any]]:
    """The burden and index summaries (report data) in words: kind ("rule"/"index"), id, title, text, method,
    multiple. The page's block and the downloads say the same."""
    items: list[dict[str, Any]] = []
    for b in burdens:
        rule = monitor.burden_rule(b["rule_id"])
        if rule is None:
            continue
        labels = criterion_labels(rule, lang, monitor.indicator)
        kind = t("offizielle Regel", lang) if b["official"] else t("Szenario", lang)
        if b["scope"] == "area":
            if not b["rated"] and not b["burdens"]:
                text = t("nicht bewertet (fehlende oder zurückgehaltene Werte)", lang)
            else:
                which = ", ".join(labels.get(i, i) for i in b["burdens"]) if b["burdens"] else t("keine", lang)
                text = (t("{count} von {n} Belastungen ({which})", lang, count=b["count"], n=b["n_criteria"], which=which) + " – "
                        + (t("mehrfach belastet (ab {min_count})", lang, min_count=b["min_count"]) if b["multiple"]
                           else t("nicht mehrfach belastet", lang))
                        + ("" if b["rated"] else "; " + t("nicht für alle Indikatoren bewertet", lang))
                        + ("; " + near if (near := borderline_words.burden_sentence(b, labels, lang)) else ""))
        else:
            smallest = level_label(monitor.dataset, monitor.dataset.level_ids[0], lang)
            text = t("{n_multiple} von {n_rated} bewerteten Gebieten der Ebene {level} sind mehrfach belastet (ab {min_count} "
                     "Belastungen), mit {population_multiple} von {population_rated} Einwohnerinnen und Einwohnern.", lang,
                     n_multiple=b["n_multiple"], n_rated=b["n_rated"], level=smallest, min_count=b["min_count"],
                     population_multiple=format_number(b["population_multiple"], 0, lang),
                     population_rated=format_number(b["population_rated"], 0, lang)) + borderline_words.members_text(b.get("n_borderline"), lang)
        items.append({"kind": "rule", "id": b["rule_id"], "title": f"{tt(rule.label, lang)} ({kind}), {b['year']}", "text": text,
                      "method": burden_rule_text(rule, lang, labels if lang != "de" else None),
                      "multiple": bool(b.get("multiple"))})
    for ix in indices:
        definition = monitor.index_definition(ix["index_id"])
        if definition is None:
            continue
        if ix["scope"] == "area":
            text = (t("Klasse {code} – Status {status}, Dynamik {dynamic}", lang, code=ix["code"], status=status_text(ix["status"], lang),
                      dynamic=dynamic_text(ix["dynamic"], lang)) if ix["valid"]
                    else t("nicht bewertet (unter der Mindesteinwohnerzahl oder ohne gültige Werte)", lang))
            text = "; ".join([text, *borderline_words.index_sentences(ix, lang)])  # Grenzfall
        else:
            counts = ", ".join(f"{code}: {n}" for code, n in sorted(ix["counts"].items()))
            text = t("{n_valid} von {n_members} Teilgebieten bewertet; Klassen (Anzahl Gebiete): {counts}", lang,
                     n_valid=ix["n_valid"], n_members=ix["n_members"], counts=counts or t("keine", lang)) + borderline_words.members_text(ix.get("n_borderline"), lang, False)
        items.append({"kind": "index", "id": ix["index_id"], "title": f"{tt(definition.label, lang)}, {ix['year']}", "text": text,
                      "method": index_method_text(definition, lang), "multiple": False})
    return items


def burden_block(items: list[dict[str, Any]], lang: str = "de") -> list:
    parts: list = []
    for item in items:
        body = [html.Strong(item["title"] + ": "), item["text"], html.P(item["method"], className="qm-method qm-profile-method")]
        body[2:2] = profile_change.why_paragraphs(item)  # why the class changed since the previous edition
        if item["kind"] == "rule":
            parts.append(html.Div(body, className="qm-profile-burden" + (" qm-profile-burden-multiple" if item["multiple"] else ""),
                                  **{"data-rule": item["id"]}))
        else:
            parts.append(html.Div(body, className="qm-profile-index", **{"data-index": item["id"]}))
    return parts or [html.P(t("Für diesen Datensatz sind keine Regeln zur Mehrfachbelastung und kein Index festgelegt.", lang),
                            className="qm-hint")]


def markdown(text: str | None, component_id: str, lang: str = "de") -> html.Div:
    """The staff's own Markdown (in the language they wrote it); a hint in the page language when there is none."""
    if not text:
        return html.Div(html.P(t(NO_NOTES_TEXT, lang), className="qm-hint"), id=component_id)
    return html.Div(dcc.Markdown(text, dangerously_allow_html=False, link_target="_blank"), id=component_id,
                    className="qm-profile-markdown")


def sources(monitor: Monitor, figures, lang: str = "de") -> html.Section:
    used = [monitor.indicator(i) for i in figures["indicator_id"]]
    by_source: dict[str, list[str]] = {}
    for indicator in used:
        if indicator is not None:
            by_source.setdefault(indicator.text("source", lang), []).append(indicator.id)
    ds = monitor.dataset
    return html.Section([
        html.H2(t("Quellen und Datenstand", lang)),
        html.P([html.Strong(t("Datensatz", lang) + ": "), ds.title_for(lang), " · ", html.Strong(t("Datenstand", lang) + ": "),
                ds.release, " · ", html.Strong(t("Lizenz", lang) + ": "), ds.license_for(lang)], className="qm-profile-release"),
        # the attribution names itself ("Datenquellen: …"): no "Quelle:" in front of it
        html.P(ds.attribution_for(lang), className="qm-profile-attribution"),
        html.Ul([html.Li(f"{', '.join(ids)}: {source}") for source, ids in by_source.items()], className="qm-profile-sources"),
    ], id=SOURCES, className="qm-profile-section qm-profile-sources-section")


def neighbours_block(monitor: Monitor, head: report.ProfileHeader, year: int, lang: str = "de") -> list:
    """The adjacent areas of the same level (Monitor.neighbours: computed at import, longest shared border first), each
    linked to its profile, and a link to the comparison of this area with the first of them (the comparison takes
    reports.compare.MAX_AREAS areas: this one and the neighbours with the longest shared borders). [] without neighbours."""
    if head.level == CITY_LEVEL:
        return []
    found = [a for a in (monitor.area(i) for i in monitor.neighbours(head.area_id)) if a]
    if not found:
        return []
    compared = found[:MAX_AREAS - 1]
    link = CompareState(areas=(head.area_id, *(a["area_id"] for a in compared)), year=year).href(lang)
    title = (t("Vergleich mit allen {n} Nachbargebieten", lang, n=len(compared)) if len(compared) == len(found) else
             t("Vergleich mit den {n} Nachbargebieten mit der längsten gemeinsamen Grenze", lang, n=len(compared)))
    names: list = []
    for i, a in enumerate(found):
        names += ([", "] if i else []) + [html.A(a["name"], href=area_href(a["area_id"], lang, year))]
    return [html.P([html.Strong(t("Nachbargebiete", lang) + ": "), *names,
                    html.A(t("mit Nachbargebieten vergleichen", lang), href=link, id=NEIGHBOURS_LINK, title=title,
                           className="qm-button qm-profile-neighbours-link qm-no-print")],
                   id=NEIGHBOURS, className="qm-profile-neighbours")]


def search_box(lang: str = "de") -> html.Div:
    return html.Div([
        html.Label(t("Anderes Gebiet suchen", lang), htmlFor=SEARCH, className="qm-label"),
        dcc.Input(id=SEARCH, type="search", placeholder=t("Name oder Kennung, z. B. „Mitte“", lang), debounce=True,
                  autoComplete="off", className="qm-profile-search-input", maxLength=80),
        html.Ul(id=SEARCH_RESULTS, className="qm-profile-search-results"),
    ], className="qm-profile-search")


def search_results(monitor: Monitor, text: Any, lang: str = "de") -> list:
    found = monitor.search(text)
    if not found:
        return [html.Li(t("Kein Gebiet gefunden.", lang), className="qm-hint")] if isinstance(text, str) and text.strip() else []
    return [html.Li(html.A(f"{a['name']} ({level_label(monitor.dataset, a['level'], lang)} {a['area_id']})",
                           href=area_href(a["area_id"], lang)))
            for a in found]


def not_found(monitor: Monitor, raw: str, lang: str = "de") -> html.Div:
    return html.Div(className="qm-profile-page", children=[
        view_nav(PREFIX, lang),
        html.Div(id=NOT_FOUND, className="qm-not-found", children=[
            html.H2(t("Gebiet nicht gefunden", lang)),
            html.P(t("Ein Gebiet mit der Kennung „{area_id}“ gibt es in diesem Datensatz nicht.", lang, area_id=raw[:64])),
            # the link sits inside the sentence: three pieces, each translated
            html.P([t("Suchen Sie das Gebiet unten nach Name oder Kennung, oder wählen Sie es auf der ", lang),
                    html.A(t("Karte", lang), href=href("/", None, lang)), t(" aus.", lang)], className="qm-hint"),
            search_box(lang),
            html.Ul(search_results(monitor, raw, lang), className="qm-profile-search-results") if monitor.search(raw) else None,
        ]),
    ])


# -- layout ------------------------------------------------------------------------------------------
def layout(ctx: ViewContext, params: dict[str, Any]):
    monitor = ctx.monitor
    lang = page_language(params)
    state = ProfileState.from_query(monitor, params)
    if state is None:
        return not_found(monitor, area_of(params), lang)
    area_id, year, years, group = state.area, state.year, state.years, state.group
    head = report.header(monitor, area_id, year)
    data = profile_figures(monitor, area_id, year)
    figures = localized_figures(data, lang, monitor.indicator)
    assessments = assessments_of(monitor, data, lang, area_id)
    striking = assessments_of(monitor, data, lang, area_id, random=True)  # „auffällig, aber im Rahmen zufälliger Schwankung“
    own = report.notes(monitor, area_id)

    # on a phone the tools fold behind one line naming the year (assets/qm_profile.css): the profile comes first
    toolbar = html.Div(className="qm-profile-toolbar qm-no-print", children=[
        toggle_button(t("Berichtsjahr {year} · Export · anderes Gebiet", lang, year=year), TOOLS, "qm-profile-tools-toggle"),
        html.Div(id=TOOLS, className="qm-profile-tools", children=[
            html.Div([html.Label(t("Jahr", lang), htmlFor=YEAR, className="qm-label"),
                      dcc.Dropdown(id=YEAR, options=year_options(reversed(years)), value=year,
                                   clearable=False, searchable=False, className="qm-profile-year")]),
            html.Div([html.Label(t("Kennzahlen gruppieren nach", lang), htmlFor=GROUP, className="qm-label"),
                      dcc.RadioItems(id=GROUP, options=[{"label": t("Dimension", lang), "value": "dimension"},
                                                        {"label": t("Zielbereich", lang), "value": "zielbereich"}],
                                     value=group, className="qm-levels", inline=True)]),
            html.Div([html.Button(t("Tabelle als CSV", lang), id=CSV_BUTTON, className="qm-button", n_clicks=0),
                      html.Button(t("Tabelle als Excel (XLSX)", lang), id=XLSX_BUTTON, className="qm-button", n_clicks=0),
                      html.Button(t("Drucken / als PDF speichern", lang), id=PRINT_BUTTON, className="qm-button", n_clicks=0),
                      dcc.Download(id=DOWNLOAD)], className="qm-profile-actions"),
            search_box(lang),
        ]),
    ])

    facts = [f"{level_label(monitor.dataset, head.level, lang)} {head.area_id}"]
    population = monitor.indicator(monitor.dataset.population_indicator)
    if head.population is not None and population is not None:
        facts.append(t("{population} Einwohnerinnen und Einwohner ({date})", lang, population=format_number(head.population, 0, lang),
                       date=population.reference_date(head.population_year, lang)))
    children_block = []
    if head.children:
        children_block = [html.Details([
            html.Summary(t("{n} Teilgebiete ({level})", lang, n=len(head.children), level=level_label(monitor.dataset, head.children[0]["level"], lang))),
            html.Ul([html.Li(html.A(c["name"], href=area_href(c["area_id"], lang, year))) for c in head.children],
                    className="qm-profile-children")], className="qm-no-print")]
    edition = (t("öffentliche Fassung", lang) if monitor.public
               else t("interne Fassung – enthält nicht öffentliche Angaben", lang))
    header = html.Header(className="qm-profile-head", children=[
        html.Div([
            breadcrumb(monitor, head, year, lang),
            html.H1(head.name, className="qm-profile-title"),
            html.P(" · ".join(facts), className="qm-profile-facts"),
            html.P(" · ".join([t("Gebietsprofil, Berichtsjahr {year}", lang, year=year),
                               t("Datenstand {release}", lang, release=monitor.dataset.release), edition]),
                   className="qm-profile-meta"),
            *neighbours_block(monitor, head, year, lang),
            *children_block,
        ], className="qm-profile-head-text"),
        overview_map(ctx, head, lang),
    ])

    sections = []
    for number, (name, rows) in enumerate(report.groups(figures, group), start=1):
        name = name or t(NO_GROUP_TEXT, lang)
        own_assessments = [a for a in assessments if a["indicator_id"] in set(rows["indicator_id"])]
        chart = trend_chart(head, rows, name, number, lang, public=monitor.public)
        sections.append(html.Section(className="qm-profile-section qm-profile-group", id=f"{P}-group-{number}", children=[
            html.H3(f"2.{number} {name}"),
            figures_table(monitor, head, rows, t("Kennzahlen {group}, Berichtsjahr {year}", lang, group=name, year=year), lang,
                          zielbereich_rows=group != "zielbereich"),
            html.Div([html.H4(t("Bewertung (automatisch abgeleitet)", lang)),
                      assessment_list(own_assessments, t(NO_ASSESSMENT_TEXT, lang), lang)],
                     className="qm-profile-computed"),
            *([chart] if chart is not None else []),
        ]))
    if figures.empty:
        sections.append(html.P(t("Für dieses Gebiet liegen in diesem Jahr keine Kennzahlen vor.", lang), className="qm-hint"))

    strengths = [a for a in assessments if a["side"] == "strength"]
    weaknesses = [a for a in assessments if a["side"] == "weakness"]
    unreleased = []
    if not monitor.public and not own.get("released") and any(own.get(k) for k in ("description", "goals", "measures")):
        # fail closed (report.parse_notes): staff see why the public view leaves these notes out
        unreleased = [html.P(t(UNRELEASED_NOTES, lang), id=UNRELEASED, className="qm-notice")]
    internal = []
    if not monitor.public:
        internal = [html.Section(id=INTERNAL, className="qm-profile-section qm-profile-internal", children=[
            html.H2(t("5. Nicht öffentlich (nur interne Ansicht)", lang)),
            html.P(t("Beschlusslage, Stand der Bearbeitung, Termin der nächsten Fortschreibung, Verantwortlichkeiten.", lang),
                   className="qm-hint"),
            markdown(own["internal"], f"{INTERNAL}-text", lang),
        ])]

    article = html.Article(id=ARTICLE, className="qm-profile", children=[
        header,
        html.Section(className="qm-profile-section", children=[
            html.H2(t("Teil I – Beschreibung und Bewertung", lang), className="qm-profile-part"),
            html.H3(t("1. Überblick: Mehrfachbelastung und Sozialindex", lang)),
            html.Div(burden_block(overview(monitor, state, lang), lang), id=BURDENS),
        ]),
        html.Section(id=FIGURES, className="qm-profile-section", children=[
            html.H3(t("2. Kennzahlen nach Zielbereich", lang) if group == "zielbereich" else t("2. Kennzahlen nach Dimension", lang)),
            html.P([t(RANK_NOTE, lang),
                    " " + t("Differenzen: Gebiet minus Vergleichswert, bei Anteilen in Prozentpunkten (Pp.). "
                            "≈ = Schätzung; im Trend: Linie = Gebiet, hohle Punkte = Schätzungen", lang),
                    "" if monitor.public else ", " + t("orange = geringe Fallzahl (nur intern)", lang), "."],
                   className="qm-hint qm-profile-legend"),
            *sections,
        ]),
        *profile_facilities.section(monitor, area_id, lang, number=f"2.{len(sections) + (0 if figures.empty else 1)}"),  # Soziale Infrastruktur
        *profile_groups.section(monitor, area_id, year, lang, number=f"2.{len(sections) + (0 if figures.empty else 1) + bool(monitor.facilities(area_id))}"),  # Bevölkerungsgruppen (/gruppen)
        html.Section(className="qm-profile-section qm-profile-own", children=[
            html.H3(t("3. Eigene Beschreibung des Gebiets", lang)),
            html.P(t("Qualitative Beschreibung aus der Fachplanung (nicht aus den Kennzahlen berechnet).", lang), className="qm-hint"),
            *unreleased,
            markdown(own["description"], OWN_NOTES, lang),
        ]),
        html.Section(id=ASSESSMENT, className="qm-profile-section qm-profile-computed", children=[
            html.H3(t("4. Zusammenfassung: Stärken und Schwächen (automatisch aus den Kennzahlen abgeleitet)", lang)),
            html.P(t(ASSESSMENT_NOTE, lang), className="qm-hint"),
            html.Div([
                html.Div([html.H4(t("Stärken ({n})", lang, n=len(strengths))), assessment_list(strengths, t("Keine.", lang), lang)]),
                html.Div([html.H4(t("Schwächen ({n})", lang, n=len(weaknesses))), assessment_list(weaknesses, t("Keine.", lang), lang)]),
            ], className="qm-profile-columns"),
            *([html.Div([html.H4(t(RANDOM_TITLE, lang, n=len(striking))), html.P(t(RANDOM_HINT, lang), className="qm-hint"),
                         html.Ul([html.Li(a["text"], className="qm-assessment qm-assessment-zufall", **{"data-indicator": a["indicator_id"]})
                                  for a in striking], className="qm-assessment-list")], className="qm-profile-random")]
              if striking else []),
        ]),
        html.Section(className="qm-profile-section qm-profile-part2", children=[
            html.H2(t("Teil II – Ziele und Maßnahmen", lang), className="qm-profile-part"),
            html.H3(t("Ziele für das Gebiet", lang)), markdown(own["goals"], GOALS, lang),
            *profile_kulissen.section(monitor, area_id, year, lang),  # funding areas (Förderkulissen)
            html.H3(t("Geplante Maßnahmen und Maßnahmenvorschläge", lang)), markdown(own["measures"], MEASURES, lang),
            *profile_measures.section(monitor, area_id, lang),  # the measures table (dashboard/measures.py)
        ]),
        *internal,
        sources(monitor, figures, lang),
    ])
    return html.Div(className="qm-profile-page", children=[
        view_nav(PREFIX, lang),
        *notice(list(state.notices), NOTICE, lang),
        toolbar,
        article,
        dcc.Store(id=STATE, data={"area": area_id, **state.to_query()}),
        dcc.Store(id=PRINTED),
        # the running header and page numbers of the printed profile (CSS @page margin boxes, set by the clientside
        # callback below into PRINT_STYLE: it goes away with the page)
        dcc.Store(id=PRINT_HEADER, data=print_header(monitor, head, year, lang)),
        html.Div(id=PRINT_STYLE, className="qm-print-style", hidden=True),
        dcc.Store(id=PRINT_STYLED),
    ])


def print_header(monitor: Monitor, head: report.ProfileHeader, year: int, lang: str = "de") -> dict[str, str]:
    """The texts of the printed pages' margins: the area (left), the edition (right), the page number (bottom)."""
    edition = t("öffentliche Fassung", lang) if monitor.public else t("interne Fassung – nicht veröffentlichen", lang)
    return {"left": t("Gebietsprofil {name} ({level} {area_id}), {year}", lang, name=head.name,
                      level=level_label(monitor.dataset, head.level, lang), area_id=head.area_id, year=year),
            "right": edition,
            "page": t(PAGE_NUMBER_TEXT, lang)}


# -- callbacks ---------------------------------------------------------------------------------------
def profile_figures(monitor: Monitor, area_id: str, year: int):
    """The area's key figures (data only: report.key_figures), cached per area and year for every language."""
    return monitor.cached("profile-figures", (area_id, year), lambda: report.key_figures(monitor, area_id, year))


def overview(monitor: Monitor, state: ProfileState, lang: str = "de") -> list[dict[str, Any]]:
    items = overview_items(monitor, report.burden_summary(monitor, state.area, state.year),
                           report.index_summary(monitor, state.area, state.year), lang)
    return profile_change.annotate(monitor, state.area, state.year, items, lang)  # "why": the class change in sentences


def export_table(monitor: Monitor, state: ProfileState, lang: str = "de", kind: str = "xlsx") -> ExportTable:
    """The key figures as a file (dashboard/export.py): one row per indicator with its Stichtag, value, class code
    and label, comparison values, ranks, estimate and withheld flags and its source; above the table the area,
    the burden/index overview and the derived strengths and weaknesses. kind "xlsx": also the area's own texts and
    the sheets of the facilities and the measures; kind "csv": one comment line per measure instead (a CSV comment
    line cannot hold the staff's Markdown, and a CSV has one table). Public mode: withheld values blank, no internal
    notes (report.notes leaves them out)."""
    if kind not in ("csv", "xlsx"):
        raise ValueError(f"export_table: kind {kind!r} is neither 'csv' nor 'xlsx'")
    workbook = kind == "xlsx"
    head = report.header(monitor, state.area, state.year)
    data = profile_figures(monitor, state.area, state.year)
    records = localized_figures(data, lang, monitor.indicator).to_dict("records")
    levels = levels_in_sentence(monitor.dataset, head.level, lang) if head.parents else ""
    columns = [Column("dimension", t("Dimension", lang)), Column("zielbereich", t("Zielbereich", lang), width=28),
               Column("indicator_id", t("Kennzahl-ID", lang)), Column("label", t("Kennzahl", lang), width=40),
               Column("unit", t("Einheit", lang)), Column("reference", capitalised(t("Stichtag", lang)), width=14),
               Column("value", t("Wert", lang), "number", decimals_key="decimals"),
               *interval_columns(lang),  # the 95 % interval (issue 17 part 1)
               Column("class_code", t("Klasse (Code)", lang)),
               Column("class_label", t("Klasse (Bezeichnung)", lang), width=28), Column("note", t("Hinweis", lang), width=30),
               Column("parent_value", t("Wert übergeordnetes Gebiet", lang), "number", decimals_key="decimals"),
               Column("city_value", t("Wert Gesamtstadt", lang), "number", decimals_key="decimals"),
               Column("diff_parent", t("Differenz zum übergeordneten Gebiet", lang), "number", decimals_key="decimals"),
               Column("diff_city", t("Differenz zur Gesamtstadt", lang), "number", decimals_key="decimals"),
               Column("diff_unit", t("Einheit der Differenz", lang)),
               *verdict_columns(lang),  # deutlich / im Rahmen zufälliger Schwankung (issue 17 part 2)
               Column("rank_siblings", t("Rang im übergeordneten Gebiet", lang), "number"),
               Column("n_siblings", t("Gebiete im übergeordneten Gebiet", lang), "number"),
               Column("rank_city", t("Rang in der Gesamtstadt", lang), "number"),
               Column("n_city", t("Gebiete in der Gesamtstadt", lang), "number"),
               Column("standing_city", t("Lage unter den Gebieten der Ebene", lang), width=40),
               Column("target", t("Zielwert", lang), "number", decimals_key="decimals"), Column("threshold", t("Schwellenwert", lang), "number", decimals_key="decimals"),
               *flag_columns(lang), Column("source", t("Quelle", lang), width=40)]
    rows = []
    for row in records:
        indicator = monitor.indicator(row["indicator_id"])
        decimals = int(row["decimals"])
        value = None if row["suppressed"] and monitor.public else row["value"]
        is_class = row["kind"] == "class" and indicator is not None and bool(indicator.categories)
        code = category_code(value) if is_class and not is_missing(value) else None
        standing = standing_text(city_standing(row), indicator, levels, lang, rank=False) if indicator is not None and levels else ""
        label = indicator.category_labels(lang).get(code) if code is not None else None

        def rounded(v: Any, d: int = decimals) -> float | None:
            return None if is_missing(v) else round(float(v), d)

        rows.append({
            "dimension": row["dimension"], "zielbereich": row["zielbereich"] or "", "indicator_id": row["indicator_id"],
            "label": row["label"], "unit": row["unit"], "reference": row["stichtag"],
            # a class is a code with a label, not a quantity: code and label in their own columns
            "value": None if is_class else rounded(value), "class_code": code, "class_label": tt(label, lang) if label else None,
            "note": "; ".join(marker_texts(row, monitor.public, indicator, lang)),
            "parent_value": None if is_class else rounded(row["parent_value"]),
            "city_value": None if is_class else rounded(row["city_value"]),
            "diff_parent": rounded(row["diff_parent"]), "diff_city": rounded(row["diff_city"]), "diff_unit": row["diff_unit"],
            "rank_siblings": row["rank_siblings"], "n_siblings": row["n_siblings"], "rank_city": row["rank_city"],
            "n_city": row["n_city"], "standing_city": standing, "target": row["target"], "threshold": row["threshold"],
            "estimate": bool(row["estimate"]), "withheld": bool(row["suppressed"]), "decimals": decimals,
            "source": indicator.text("source", lang) if indicator is not None else "",
            **interval_values(row, lang),
        })
    parents = " › ".join(p["name"] for p in head.parents)
    edition = t("öffentlich", lang) if monitor.public else t("intern (nicht zur Veröffentlichung)", lang)
    lines = [t("Übergeordnete Gebiete: {parents}", lang, parents=parents or "–"), t("Ansicht: {view}", lang, view=edition),
             t("Ränge: {note}", lang, note=t(RANK_NOTE, lang))]
    lines += [f"{item['title']}: {item['text']}" for item in overview(monitor, state, lang)]
    lines += profile_facilities.export_lines(monitor, state.area, lang)  # Soziale Infrastruktur: one line per layer
    lines += profile_kulissen.export_lines(monitor, state.area, state.year, lang)  # funding areas (Förderkulissen)
    lines += profile_change.export_lines(monitor, state.area, state.year, lang)  # why a class changed (issue 17 part 4)
    for a in assessments_of(monitor, data, lang, state.area):
        kind = t("Stärke (automatisch abgeleitet)", lang) if a["side"] == "strength" else t("Schwäche (automatisch abgeleitet)", lang)
        lines.append(f"{kind}: {a['text']}")
    lines += [f"{t('Auffällig, aber im Rahmen zufälliger Schwankung', lang)}: {a['text']}"
              for a in assessments_of(monitor, data, lang, state.area, random=True)]
    if workbook:  # the staff's Markdown texts: in the workbook only (a CSV comment line cannot hold them)
        own = report.notes(monitor, state.area)
        titles = {"description": t("Eigene Beschreibung des Gebiets", lang), "goals": t("Ziele", lang), "measures": t("Maßnahmen", lang)}
        if not monitor.public:
            titles["internal"] = t("Nicht öffentlich", lang)
        lines += [f"{title}: {own.get(key) or t(NO_NOTES_TEXT, lang)}" for key, title in titles.items()]
        lines.append(f"{t('Hinweis zur Ableitung', lang)}: {t(ASSESSMENT_NOTE, lang)}")
    title = t("Gebietsprofil {name} ({level} {area_id}), {year}", lang, name=head.name, level=level_label(monitor.dataset, head.level, lang),
              area_id=head.area_id, year=state.year)
    filename = t("gebietsprofil-{area}-{year}", lang, area=_safe_id(head.area_id), year=state.year)
    facilities_sheet = profile_facilities.export_sheet(monitor, state.area, title, lang) if workbook else None  # „Einrichtungen“
    measures_sheet = profile_measures.export_sheet(monitor, state.area, title, lang) if workbook else None  # own sheet
    change_sheet = profile_change.export_sheet(monitor, state.area, state.year, title, lang) if workbook else None  # Klassenwechsel
    lines += [] if workbook else profile_measures.export_lines(monitor, state.area, lang)  # CSV: one line per measure
    return ExportTable(filename=filename, title=title, columns=columns, rows=rows, lines=lines, sheet=t("Kennzahlen", lang),
                       sheets=[s for s in (change_sheet, facilities_sheet, measures_sheet) if s])  # in the order of the profile


def interval_columns(lang: str = "de") -> list[Column]:
    return [Column("lower", t("95-%-Intervall, untere Grenze", lang), "number", decimals_key="decimals"),
            Column("upper", t("95-%-Intervall, obere Grenze", lang), "number", decimals_key="decimals")]


def verdict_columns(lang: str = "de") -> list[Column]:
    return [Column("versus_parent", t("Differenz zum übergeordneten Gebiet ist", lang), width=30),
            Column("versus_city", t("Differenz zur Gesamtstadt ist", lang), width=30)]


def interval_values(row: dict[str, Any], lang: str = "de") -> dict[str, Any]:
    """A key figure's export cells of the interval (as report.key_figures gives it: Monitor.intervals, rounded like the
    value) and the verdicts of its differences in words ("deutlich", "im Rahmen zufälliger Schwankung"; empty without a test)."""
    decimals = int(row["decimals"])
    bounded = interval_words.has_interval(row.get("lower"), row.get("upper"))
    return {"lower": round(float(row["lower"]), decimals) if bounded else None,
            "upper": round(float(row["upper"]), decimals) if bounded else None,
            "versus_parent": interval_words.verdict_words(row.get("versus_parent"), lang) or None,
            "versus_city": interval_words.verdict_words(row.get("versus_city"), lang) or None}


def profile_download(monitor: Monitor, state: ProfileState, kind: str, lang: str = "de") -> dict[str, Any]:
    return export_download(export_table(monitor, state, lang, kind), monitor.dataset, kind, lang)


def register_callbacks(app: Dash, ctx: ViewContext) -> None:
    monitor, url_id = ctx.monitor, ctx.url_id

    @app.callback(Output(url_id, "search", allow_duplicate=True), Input(YEAR, "value"), Input(GROUP, "value"),
                  State(STATE, "data"), State(url_id, "search"), prevent_initial_call=True)
    def change_view(year, group, shown, search):
        """Another year or grouping re-renders the profile; the controls reporting their values when they
        mount changes nothing (re-rendering then would also drop the link's data release and its banner)."""
        state = ProfileState.from_query(monitor, {"jahr": year, "gruppe": group},
                                        area=shown.get("area") if isinstance(shown, dict) else None)
        if state is None:
            return no_update
        wanted = state.to_query()
        current = query_params(search)
        if all(current.get(key) == wanted.get(key) for key in ("jahr", "gruppe")):
            return no_update
        return view_query(wanted, search)

    @app.callback(Output(url_id, "pathname", allow_duplicate=True), Input(AREAS, "clickData"), prevent_initial_call=True)
    def open_clicked(click):
        properties = click.get("properties") if isinstance(click, dict) else None  # hostile clients send anything
        area_id = properties.get("id") if isinstance(properties, dict) else None
        return area_href(area_id) if monitor.area(area_id) else no_update

    @app.callback(Output(SEARCH_RESULTS, "children"), Input(SEARCH, "value"), State(ids.LANG, "data"),
                  prevent_initial_call=True)
    def search(text, lang):
        return search_results(monitor, text, language(lang))

    @app.callback(Output(DOWNLOAD, "data"), Input(CSV_BUTTON, "n_clicks"), Input(XLSX_BUTTON, "n_clicks"),
                  State(STATE, "data"), State(ids.LANG, "data"), prevent_initial_call=True)
    def download(_csv, _xlsx, state, lang):
        lang = language(lang)
        profile = ProfileState.from_query(monitor, state, area=state.get("area") if isinstance(state, dict) else None)
        if profile is None:
            return no_update
        return profile_download(monitor, profile, "xlsx" if dash.ctx.triggered_id == XLSX_BUTTON else "csv", lang)

    # the @page rule with the margin boxes: assets/qm_print.js
    app.clientside_callback(ClientsideFunction(namespace="qm_print", function_name="runningHeader"),
                            Output(PRINT_STYLED, "data"), Input(PRINT_HEADER, "data"), State(PRINT_STYLE, "id"))
    app.clientside_callback("function (n) { if (n) { window.print(); } return n; }",
                            Output(PRINTED, "data"), Input(PRINT_BUTTON, "n_clicks"), prevent_initial_call=True)
