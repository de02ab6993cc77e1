"""Comparison ("Vergleich"): 2–5 areas of any level side by side, "zusammen" and the city.

All visible indicators in one table grouped by dimension; "zusammen" treats the chosen areas as one
area, computed from counts (see dashboard/reports/compare.py for when it is not given and why).
A bar chart shows one chosen indicator. Areas are added through a search box (monitor.search);
the link /vergleich?gebiete=a,b,c reproduces the comparison. CSV and XLSX download of the table
(dashboard/export.py). Everything in the page language (`?sprache=en`).
"""
from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
from dash import ClientsideFunction, Dash, Input, Output, State, dcc, html, no_update
from dash import ctx as callback_context

from dashboard.catalog import Indicator
from dashboard.export import Column, ExportTable, download
from dashboard.i18n import format_number, language, plural, t, tt
from dashboard.monitor import Monitor
from dashboard.page_cache import shared
from dashboard.present import SUPPRESSED_TEXT, category_code, level_label
from dashboard.reports import compare as report
from dashboard.reports.compare import Comparison, chart_has_values
from dashboard.reports.series import indicators_by_year
from dashboard.state import nearest_years, opening_counts, query_of, richest_year
from dashboard.state.compare import FULLEST, NOTICE_YEAR, CompareState, chart_indicator
from dashboard.ui import ids
from dashboard.ui import intervals as interval_words  # 95 % intervals (issue 17 part 1)
from dashboard.ui.components import (
    ViewContext,
    capitalised,
    dropdown_labels,
    empty_state,
    indicator_picker,
    notice,
    page_language,
    view_nav,
    year_options,
    years_text,
)
from dashboard.urls import href

PATH = "/vergleich"
PATHS = (PATH,)
P = "compare"
AREAS, YEAR, CHART_INDICATOR = f"{P}-areas", f"{P}-year", f"{P}-chart-indicator"
TABLE, CHART, TITLE, LINK, MESSAGES, NOTICE = (f"{P}-table", f"{P}-chart", f"{P}-title", f"{P}-link", f"{P}-messages",
                                               f"{P}-notice")
DOWNLOAD, DOWNLOAD_BUTTON, URL_SYNC, URL_SYNCED = f"{P}-download", f"{P}-download-button", f"{P}-url-sync", f"{P}-url-synced"
DOWNLOAD_XLSX = f"{P}-download-xlsx"
CHART_EMPTY, CHOSEN = f"{P}-chart-empty", f"{P}-chosen"  # the chart's empty state; which of year/indicator the user set
CHART_STYLE = {"height": "360px"}  # responsive graphs take their box height

AREA_COLORS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00")  # Okabe-Ito, as in the trends
TOGETHER_COLOR, CITY_COLOR = "#3b3b3b", "#a6a6a6"
SEARCH_LIMIT = 20
def area_option(monitor: Monitor, area: dict[str, Any], lang: str = "de") -> dict[str, str]:
    return {"label": f"{area['name']} ({level_label(monitor.dataset, area['level'], lang)} {area['area_id']})", "value": area["area_id"]}


# -- the cells in words ---------------------------------------------------------------------------------
LONG_UNIT = 8  # longer units ("je 100 Kinder unter 6 J.") stand once by the indicator, not in every cell
# the comparison report's reason codes in words (German catalogue texts; placeholders from Cell.values)
REASON_TEXTS = {
    report.WITHHELD_INTERNAL: "Wert wegen geringer Fallzahl nur intern sichtbar – nicht veröffentlichen.",
    report.NO_AGGREGATION: ("Lässt sich nicht zusammenfassen: der Indikator hat keine Zählwerte "
                            "(z. B. Klassen oder Indexwerte), ein Mittelwert wäre irreführend."),
    report.OVERLAP: "Die gewählten Gebiete überschneiden sich; eine Summe würde Einwohner doppelt zählen.",
    report.PUBLIC_TOGETHER_UNAVAILABLE: ("In der öffentlichen Ansicht nicht verfügbar: ohne veröffentlichte Zählwerte ließe sich "
                                         "ein gemeinsamer Wert mit anderen Angaben zu einer geschützten kleinen Fallzahl verrechnen."),
    report.WEIGHTED_MEAN: "Näherung: bevölkerungsgewichtetes Mittel der Gebiete (keine Zählwerte vorhanden).",
    report.WITHHELD_PUBLIC: "Zu wenige Fälle: der Wert wird nicht veröffentlicht.",
    report.NO_VALUE: "Kein Wert für dieses Jahr.",
    report.NOT_AT_LEVEL: "Auf der Ebene {level} nicht vorhanden.",
    report.NOT_FOR_ALL: "Nicht für alle gewählten Gebiete vorhanden ({present} von {n}).",
    report.TOGETHER_WITHHELD: "Ein Gebiet der Auswahl hat eine geringe Fallzahl; die Summe könnte sie offenlegen.",
    report.ESTIMATE: "Schätzung",
    report.TOGETHER_ESTIMATE: "enthält Schätzungen",
}


def unit_text(indicator: Indicator, lang: str = "de") -> str:
    return indicator.text("unit", lang)


def cell_text(cell: report.Cell, indicator: Indicator, lang: str = "de") -> str:
    """A cell as the table shows it: number and (short) unit in lang, ≈ for an estimate, ⚠ for an internal
    withheld value; "keine Angabe" for a withheld one, – where there is no number."""
    if cell.kind == "withheld":
        return t(SUPPRESSED_TEXT, lang)
    if cell.value is None:
        return "–"
    unit = unit_text(indicator, lang)
    text = format_number(cell.value, indicator.decimals, lang) + (f" {unit}" if unit and len(unit) <= LONG_UNIT else "")
    return text + (" ≈" if cell.estimate else "") + (" ⚠" if cell.withheld else "")


def cell_title(cell: report.Cell, indicator: Indicator, monitor: Monitor, lang: str = "de") -> str:
    """The cell's tooltip in lang: why there is no number, or what its marks mean."""
    values = dict(cell.values)
    if "level" in values:
        values["level"] = level_label(monitor.dataset, values["level"], lang)
    reasons = [indicator.text("estimate_note", lang) if r == report.ESTIMATE_NOTE else t(REASON_TEXTS[r], lang, **values)
               for r in cell.reasons]
    interval = interval_words.interval_title(cell.lower, cell.upper, indicator.decimals, unit_text(indicator, lang), lang)
    return " ".join(([interval + "."] if interval else []) + reasons)


def city_label(comp: Comparison, lang: str = "de") -> str:
    return comp.city_name or t("Gesamtstadt", lang)


# -- pieces -------------------------------------------------------------------------------------------
def _cell(monitor: Monitor, cell: report.Cell | None, indicator: Indicator, area_id: str, lang: str) -> html.Td:
    if cell is None:
        return html.Td("")
    interval = interval_words.interval_text(cell.lower, cell.upper, indicator.decimals, lang)
    text = cell_text(cell, indicator, lang)
    return html.Td([text, html.Span(f"{t(interval_words.SHORT_LABEL, lang)} {interval}", className="qm-interval")] if interval else text,
                   title=cell_title(cell, indicator, monitor, lang) or None,
                   className=f"qm-num qm-cell-{cell.kind}", **{"data-area": area_id})


def table(monitor: Monitor, comp: Comparison, lang: str = "de") -> html.Table | html.P:
    if not comp.rows:
        return html.P(t("Keine Werte für {year}.", lang, year=comp.year), className="qm-hint")
    with_together = any(r.together is not None for r in comp.rows)
    head = [html.Th(t("Indikator", lang), scope="col")]
    for area in comp.areas:
        head.append(html.Th([html.Span(area["name"]), html.Br(),
                             html.Small(f"{level_label(monitor.dataset, area['level'], lang)} {area['area_id']}", className="qm-area-id")],
                            scope="col", className="qm-num", **{"data-area": area["area_id"]}))
    if with_together:
        head.append(html.Th(t("zusammen", lang), scope="col", className="qm-num qm-together",
                            title=t("Die gewählten Gebiete als ein Gebiet: aus Zählwerten berechnet, Anteile nie gemittelt.", lang)))
    head.append(html.Th(city_label(comp, lang), scope="col", className="qm-num qm-city"))
    body = []
    for dimension, rows in report.grouped_rows(comp.rows):
        body.append(html.Tr(html.Th(tt(dimension, lang), colSpan=len(head), scope="colgroup"), className="qm-compare-dimension"))
        for row in rows:
            ind = row.indicator
            unit = unit_text(ind, lang)
            body.append(html.Tr([
                html.Th([ind.label(lang), html.Span(f" {ind.id}", className="qm-area-id"),
                         html.Span(unit, className="qm-unit") if len(unit) > LONG_UNIT else None],
                        scope="row", title=ind.text("description", lang)),
                *[_cell(monitor, c, ind, a["area_id"], lang) for c, a in zip(row.cells, comp.areas)],
                *([_cell(monitor, row.together, ind, "zusammen", lang)] if with_together else []),
                _cell(monitor, row.city, ind, "stadt", lang),
            ], id=f"{P}-row-{ind.id}"))
    return html.Table([
        html.Caption(t("Kennzahlen {year} im Vergleich", lang, year=comp.year)),
        html.Thead(html.Tr(head)), html.Tbody(body),
    ], className="qm-figures qm-compare-table", style=None if comp.areas else {"width": "auto"})  # the city alone: no stretch


def chart(monitor: Monitor, comp: Comparison, indicator_id: str, lang: str = "de") -> go.Figure:
    """Bars for one indicator: the areas, "zusammen" and the city; estimates hatched, no number = no bar."""
    indicator = monitor.indicator(indicator_id)
    fig = go.Figure()
    bars = report.chart_values(comp, indicator_id)
    if indicator is not None and bars:
        labels, values, colors, patterns, texts, above, below = [], [], [], [], [], [], []
        area_index = 0
        for bar in bars:
            cell = bar["cell"]
            if bar["role"] == "area":
                colors.append(AREA_COLORS[area_index % len(AREA_COLORS)])
                area_index += 1
            else:
                colors.append(TOGETHER_COLOR if bar["role"] == "together" else CITY_COLOR)
            name = bar["label"] or (t("zusammen", lang) if bar["role"] == "together" else city_label(comp, lang))
            label = (name if cell.value is not None
                     else t("{area} (keine Angabe)", lang, area=name) if cell.kind == "withheld"
                     else t("{area} (nicht verfügbar)", lang, area=name))
            labels.append(label)
            values.append(cell.value)
            interval = interval_words.interval_title(cell.lower, cell.upper, indicator.decimals, unit_text(indicator, lang), lang)
            texts.append(cell_text(cell, indicator, lang) + (f"<br>{interval}" if interval else ""))
            patterns.append("/" if cell.kind == "estimate" else "")
            bounded = cell.value is not None and interval_words.has_interval(cell.lower, cell.upper)
            above.append(max(cell.upper - cell.value, 0.0) if bounded else None)  # the 95 % interval as an error bar
            below.append(max(cell.value - cell.lower, 0.0) if bounded else None)
        name = indicator.label(lang)
        unit_name = unit_text(indicator, lang)
        bars_text = [cell_text(b["cell"], indicator, lang) for b in bars]
        errors = ({"error_y": {"type": "data", "array": above, "arrayminus": below, "symmetric": False, "color": "#333333",
                               "thickness": 1.5, "width": 6}} if any(a is not None for a in above) else {})
        fig.add_trace(go.Bar(x=labels, y=values, marker={"color": colors, "pattern": {"shape": patterns, "fgcolor": "#ffffff", "solidity": 0.35}},
                             text=bars_text, textposition="inside" if errors else "outside", insidetextanchor="middle",
                             cliponaxis=False, customdata=texts,
                             hovertemplate="%{x}: %{customdata}<extra></extra>", name=name, **errors))
        unit = f" {unit_name}" if indicator.unit else ""
        if indicator.target is not None:
            fig.add_hline(y=indicator.target, line={"color": "#1a7f37", "dash": "dot"},
                          annotation_text=t("Zielwert {value}", lang, value=format_number(indicator.target, indicator.decimals, lang) + unit))
        if indicator.threshold is not None:
            fig.add_hline(y=indicator.threshold, line={"color": "#b2182b", "dash": "dashdot"},
                          annotation_text=t("Schwellenwert {value}", lang,
                                            value=format_number(indicator.threshold, indicator.decimals, lang) + unit))
        # the title travels with the PNG download
        fig.update_layout(yaxis={"title": unit_name or name, "separatethousands": True, "exponentformat": "none"},
                          title={"text": f"{name}, {comp.year}", "font": {"size": 14}, "x": 0, "xref": "paper", "xanchor": "left"})
    fig.update_layout(template="plotly_white", separators=".," if lang == "en" else ",.", margin={"l": 60, "r": 20, "t": 50, "b": 60},
                      showlegend=False, font={"family": "system-ui, sans-serif", "size": 13})
    return fig


def example_links(monitor: Monitor, lang: str = "de") -> list:
    """Links to the example comparisons of a page without areas (reports.compare.examples), in lang."""
    out = []
    for example in report.examples(monitor):
        names = ", ".join(a["name"] for a in example["areas"])
        level = plural_level(monitor, example["level"], lang)
        label = (f"{names} ({level})" if example["parent"] is None
                 else t("{level} in {area}", lang, level=level, area=example["parent"]["name"]))
        out.append(html.A(t("Vergleichen: {areas}", lang, areas=label),
                          href=CompareState(areas=tuple(a["area_id"] for a in example["areas"])).href(lang), className="qm-link"))
    return out


def plural_level(monitor: Monitor, level: str, lang: str = "de") -> str:
    spec = monitor.dataset.level(level)
    return plural(spec.label("de"), spec.label("en"), lang)


def no_areas_state(monitor: Monitor, state: CompareState, lang: str = "de") -> list:
    """The page without chosen areas: what to do, and example comparisons to open."""
    return empty_state(f"{P}-empty-state", t("Noch keine Gebiete gewählt.", lang),
                       [t("Wählen Sie links 2 bis 5 Gebiete (jede Ebene); bis dahin zeigt die Tabelle die Werte der "
                          "Gesamtstadt für {year}.", lang, year=state.year)],
                       example_links(monitor, lang), t("Zum Beispiel:", lang))


def chart_empty_state(monitor: Monitor, state: CompareState, comp: Comparison, lang: str = "de") -> list:
    """The chart's place when its indicator has no number for the chosen areas in the year: what is missing, the
    nearest years in which it has one (links), else the levels it exists at, and an indicator that has values."""
    indicator = monitor.indicator(state.indicator)
    if indicator is None or not comp.areas:
        return []
    label = indicator.label(lang)
    available = indicators_by_year(monitor, [a["area_id"] for a in comp.areas])
    years = [y for y, found in available.items() if indicator.id in found]
    offers = []
    if years:
        details = [t("Werte gibt es für {years}.", lang, years=years_text(years))]
        offers += [html.A(t("Vergleich {year} öffnen", lang, year=y), href=state.href(lang, year=y), className="qm-link")
                   for y in nearest_years(years, comp.year)]
    else:
        levels = ", ".join(level_label(monitor.dataset, lv, lang) for lv in monitor.levels_for(indicator.id))
        details = [t("Den Indikator gibt es für keines der gewählten Gebiete in keinem Jahr; er liegt nur auf der Ebene "
                     "{levels} vor.", lang, levels=levels or "–")]
    other = chart_indicator(monitor, available.get(comp.year, {}))
    if other and other != indicator.id and monitor.indicator(other) is not None:
        offers.append(html.A(t("Diagramm {year} für „{indicator}“", lang, year=comp.year, indicator=monitor.indicator(other).label(lang)),
                             href=state.href(lang, indicator=other), className="qm-link"))
    return empty_state(f"{P}-chart-empty-state",
                       t("Kein Diagramm: „{indicator}“ hat {year} keine Werte für die gewählten Gebiete.", lang,
                         indicator=label, year=comp.year), details, offers)


def chart_config(comp: Comparison, indicator_id: str, lang: str = "de") -> dict[str, Any]:
    return {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"],
            "toImageButtonOptions": {"format": "png", "filename": t("vergleich-{indicator}-{year}", lang, indicator=indicator_id,
                                                                    year=comp.year), "scale": 2}}


def title(comp: Comparison, lang: str = "de") -> str:
    if not comp.areas:
        return t("Gebietsvergleich {year}", lang, year=comp.year)
    return t("Gebietsvergleich {year}: {names}", lang, year=comp.year, names=", ".join(a["name"] for a in comp.areas))


def richer_year(monitor: Monitor, state: CompareState, comp: Comparison, lang: str = "de") -> list:
    """A pointer to the year with the most indicators for these areas when the shown year has fewer - counted as the
    opening rule counts them (state.opening_counts: measured values; estimates only where there is nothing else), so
    it never points back to a year rich only in carried estimates (Berlin 2020). The view opens at the fullest year
    (state.opening_year, share FULLEST), so the pointer shows only for a link's year (Berlin's Planungsräume at 2024:
    2021, the year of the environmental atlas)."""
    counts = opening_counts(indicators_by_year(monitor, [a["area_id"] for a in comp.areas]))
    if not counts or comp.year not in counts:
        return []
    best = richest_year(counts, FULLEST)  # the year the comparison opens at without a year in its link
    if counts[best] <= counts[comp.year]:
        return []
    return [html.P([t("{year}: {n} Indikatoren mit gemessenen Werten für diese Gebiete, {shown} hier. ", lang, year=best, n=counts[best],
                      shown=counts[comp.year]),
                    html.A(t("Vergleich {year} öffnen", lang, year=best), href=state.href(lang, year=best), className="qm-link")],
                   className="qm-legend-meta qm-richer-year")]


def explanations(comp: Comparison, lang: str = "de") -> list:
    out = [html.P(t("„zusammen“: die gewählten Gebiete als ein Gebiet – aus Zählwerten berechnet (z. B. für ein Fördergebiet "
                    "aus mehreren Planungsräumen), Anteile werden nie gemittelt. ≈ Näherung/Schätzung, – nicht berechenbar "
                    "(Grund im Tooltip).", lang), className="qm-legend-meta")]
    if comp.overlaps:
        names = {a["area_id"]: a["name"] for a in comp.areas}
        pairs = "; ".join(t("{area} liegt in {parent}", lang, area=names[a], parent=names[b]) for a, b in comp.overlaps)
        out.append(html.P(t("Die Auswahl überschneidet sich ({pairs}); „zusammen“ wird daher nicht berechnet.", lang, pairs=pairs),
                          className="qm-legend-note"))
    return out


def interval_explanations(monitor: Monitor, comp: Comparison, lang: str = "de") -> list:
    """Once above the table: what the small "95 %: …" under a value means, and that values without counts have none."""
    cells = [c for r in comp.rows for c in [*r.cells, r.together, r.city] if c is not None and c.value is not None]
    if not any(c.lower is not None for c in cells):
        return [html.P(interval_words.no_interval_note(monitor.public, lang), className="qm-legend-meta qm-interval-legend")] if cells else []
    return [html.P(t(interval_words.INTERVAL_NOTE, lang) + " " + interval_words.no_interval_note(monitor.public, lang)
                   + " " + t("Im Diagramm: senkrechte Striche.", lang), className="qm-legend-meta qm-interval-legend")]


def link(comp: Comparison, lang: str = "de") -> list:
    if not comp.areas:
        return []
    area_ids = [a["area_id"] for a in comp.areas]
    address = CompareState(areas=tuple(area_ids), year=comp.year).href(lang)
    out = [html.Span(t("Link zu diesem Vergleich: ", lang)), html.A(address, href=address)]
    levels = {a["level"] for a in comp.areas}
    if len(levels) == 1:
        trends = href("/zeitreihen", query_of(ebene=levels.pop(), gebiete=area_ids), lang)
        out += [html.Span(" · "), html.A(t("als Zeitreihe", lang), href=trends)]
    return out


def comparison(monitor: Monitor, state: CompareState) -> Comparison:
    """The comparison of the state's (validated) areas and year, from the shared cache: computing it for
    five Berlin areas takes about a quarter of a second, reading it back about a millisecond (5 KB
    compressed; release and mode are part of the key, see Monitor.cached). Table and chart are drawn
    from it in about 15 ms and not cached: random area sets would only fill the cache."""
    area_ids = list(state.areas)
    return shared(monitor, "vergleich", (",".join(area_ids), int(state.year)),
                  lambda: report.comparison(monitor, area_ids, state.year))


def content(monitor: Monitor, state: CompareState, lang: str = "de") -> dict[str, Any]:
    comp = comparison(monitor, state)
    drawn = chart_has_values(comp, state.indicator)
    if comp.areas:
        parts = [*explanations(comp, lang), *interval_explanations(monitor, comp, lang), *richer_year(monitor, state, comp, lang),
                 table(monitor, comp, lang)]
    else:
        parts = [*no_areas_state(monitor, state, lang), table(monitor, comp, lang)]
    return {"comparison": comp, "table": parts,
            "chart": chart(monitor, comp, state.indicator, lang) if drawn else empty_figure(),
            "chart_style": CHART_STYLE if drawn else {"display": "none"},
            "chart_empty": [] if drawn else chart_empty_state(monitor, state, comp, lang),
            "config": chart_config(comp, state.indicator, lang), "title": title(comp, lang), "link": link(comp, lang)}


def empty_figure() -> go.Figure:
    """The hidden chart's figure: no axes (never a year axis from -1 to 6)."""
    return go.Figure(layout={"xaxis": {"visible": False}, "yaxis": {"visible": False}, "template": "plotly_white"})


# -- download -------------------------------------------------------------------------------------------
def export_table(monitor: Monitor, comp: Comparison, lang: str = "de") -> ExportTable:
    """The comparison as a file, laid out like the table: one row per indicator, a group of columns per area,
    "zusammen" and the city (value, estimate and withheld flags; where class indicators are in it, a class's code
    and label in two columns instead of the value), then the indicator's Stichtag and source."""
    with_together = any(r.together is not None for r in comp.rows)
    with_classes = any(r.indicator.kind == "class" for r in comp.rows)
    with_intervals = any(c is not None and c.lower is not None for r in comp.rows for c in [*r.cells, r.together, r.city])
    targets = [(a["area_id"], f"{a['name']} ({a['area_id']})") for a in comp.areas]
    targets += [("together", t("zusammen", lang))] if with_together else []
    targets += [("city", city_label(comp, lang))]
    columns = [Column("dimension", t("Dimension", lang)), Column("indicator_id", t("Indikator-ID", lang)),
               Column("indicator", t("Indikator", lang), width=32), Column("unit", t("Einheit", lang))]
    for key, name in targets:
        columns.append(Column(f"{key}:value", name, "number", decimals_key="decimals", width=18))  # each indicator's precision
        if with_intervals:  # the 95 % interval (reports.compare.with_intervals)
            columns += [Column(f"{key}:lower", t("{column}: 95-%-Intervall, untere Grenze", lang, column=name), "number", decimals_key="decimals"),
                        Column(f"{key}:upper", t("{column}: 95-%-Intervall, obere Grenze", lang, column=name), "number", decimals_key="decimals")]
        if with_classes:
            columns += [Column(f"{key}:code", t("{column}: Klasse (Code)", lang, column=name)),
                        Column(f"{key}:class", t("{column}: Klasse (Bezeichnung)", lang, column=name), width=18)]
        columns += [Column(f"{key}:estimate", t("{column}: Schätzung", lang, column=name), "flag"),
                    Column(f"{key}:withheld", t("{column}: nicht veröffentlicht", lang, column=name), "flag")]
    columns += [Column("date", capitalised(t("Stichtag", lang)), width=14), Column("source", t("Quelle", lang), width=40)]
    rows = []
    for dimension, group in report.grouped_rows(comp.rows):
        for row in group:
            ind = row.indicator
            out: dict[str, Any] = {"decimals": ind.decimals, "dimension": tt(dimension, lang), "indicator_id": ind.id,
                                   "indicator": ind.label(lang),
                                   "unit": unit_text(ind, lang), "date": ind.reference_date(comp.year, lang),
                                   "source": ind.text("source", lang)}
            cells = [*row.cells, *([row.together] if with_together else []), row.city]
            for (key, _name), cell in zip(targets, cells):
                value = cell.value if cell is not None else None
                # a class is a code with a label, not a quantity: code and label in their own columns
                code = category_code(value) if ind.kind == "class" and value is not None else None
                label = ind.category_labels(lang).get(code) if code is not None else None
                out.update({f"{key}:value": None if value is None or code is not None else round(value, ind.decimals),
                            f"{key}:code": code, f"{key}:class": tt(label, lang) if label else None,
                            f"{key}:lower": None if cell is None or cell.lower is None else round(cell.lower, ind.decimals),
                            f"{key}:upper": None if cell is None or cell.upper is None else round(cell.upper, ind.decimals),
                            f"{key}:estimate": cell is not None and cell.estimate,
                            f"{key}:withheld": cell is not None and cell.withheld})
            rows.append(out)
    names = ", ".join(name for _key, name in targets[:len(comp.areas)])
    lines = [t("„zusammen“ = die Gebiete als ein Gebiet, aus Zählwerten berechnet (Anteile nie gemittelt); "
               "leer, wo das nicht korrekt möglich ist.", lang)]
    if with_intervals:  # in the same line: the file's head keeps its layout
        lines[0] += " " + t(interval_words.INTERVAL_NOTE, lang) + " " + interval_words.no_interval_note(monitor.public, lang)
    return ExportTable(filename=t("gebietsvergleich-{year}", lang, year=comp.year),
                       title=t("Gebietsvergleich {year}: {names}", lang, year=comp.year, names=names),
                       columns=columns, rows=rows, lines=lines, sheet=t("Vergleich", lang))


# -- layout -------------------------------------------------------------------------------------------
def layout(ctx: ViewContext, params: dict[str, Any]) -> html.Div:
    monitor = ctx.monitor
    lang = page_language(params)
    state = CompareState.from_query(monitor, params)
    areas = state.area_records(monitor)
    parts = content(monitor, state, lang)
    controls = html.Aside(className="qm-controls", children=[
        html.Label(t("Gebiete ({min} bis {max}, jede Ebene)", lang, min=report.MIN_AREAS, max=report.MAX_AREAS), htmlFor=AREAS,
                   className="qm-label"),
        dcc.Dropdown(id=AREAS, options=[area_option(monitor, a, lang) for a in areas],
                     value=list(state.areas), multi=True, searchable=True,
                     placeholder=t("Gebiet suchen (Name oder Nummer) …", lang), maxHeight=360,
                     labels=dropdown_labels(t("Gebiet suchen", lang), t("Kein Gebiet gefunden – Namen eingeben", lang), lang)),
        html.Label(t("Jahr (Stichtag)", lang), htmlFor=YEAR, className="qm-label"),
        dcc.Dropdown(id=YEAR, options=year_options(state.years(monitor)), value=state.year, clearable=False, searchable=False),
        dcc.Store(id=CHOSEN, data=state.chosen(params)),
        html.Label(t("Indikator im Diagramm", lang), htmlFor=CHART_INDICATOR, className="qm-label"),
        indicator_picker(CHART_INDICATOR, monitor, state.indicator, lang),
        html.Button(t("Tabelle als CSV herunterladen", lang), id=DOWNLOAD_BUTTON, className="qm-button", n_clicks=0),
        html.Button(t("Excel (XLSX) herunterladen", lang), id=DOWNLOAD_XLSX, className="qm-button", n_clicks=0),
        dcc.Download(id=DOWNLOAD),
        html.P(parts["link"], id=LINK, className="qm-hint qm-share-link"),
    ])
    return html.Div(className="qm-map-page qm-chart-page", children=[
        view_nav(PATH, lang),
        html.Div(notice(list(state.notices), NOTICE, lang), id=MESSAGES),
        html.Div(className="qm-main", children=[
            controls,
            html.Section(className="qm-chart-wrap", children=[
                html.H2(parts["title"], id=TITLE, className="qm-map-title"),
                html.Div(parts["table"], id=TABLE, className="qm-table-wrap"),
                html.Div(parts["chart_empty"], id=CHART_EMPTY),
                dcc.Graph(id=CHART, figure=parts["chart"], config=parts["config"], className="qm-chart qm-compare-chart",
                          responsive=True, style=parts["chart_style"]),
            ]),
        ]),
        dcc.Store(id=URL_SYNC),
        dcc.Store(id=URL_SYNCED),
    ])


# -- callbacks ---------------------------------------------------------------------------------------
def register_callbacks(app: Dash, ctx: ViewContext) -> None:
    monitor = ctx.monitor

    @app.callback(Output(AREAS, "options"), Input(AREAS, "search_value"), State(AREAS, "value"), State(ids.LANG, "data"),
                  prevent_initial_call=True)
    def search(text, chosen, lang):
        """Chosen areas stay in the options (else the dropdown would drop them); search results follow."""
        if not text or not isinstance(text, str):
            return no_update
        lang = language(lang)
        chosen = [a for a in (monitor.area(i) for i in (chosen if isinstance(chosen, list) else []) if isinstance(i, str)) if a]
        found = monitor.search(text, limit=SEARCH_LIMIT)
        seen = {a["area_id"] for a in chosen}
        return ([area_option(monitor, a, lang) for a in chosen]
                + [area_option(monitor, a, lang) for a in found if a["area_id"] not in seen])

    @app.callback(
        Output(TABLE, "children"), Output(CHART, "figure"), Output(CHART, "config"), Output(TITLE, "children"),
        Output(LINK, "children"), Output(YEAR, "options"), Output(YEAR, "value"), Output(AREAS, "value"),
        Output(MESSAGES, "children"), Output(URL_SYNC, "data"), Output(CHART, "style"), Output(CHART_EMPTY, "children"),
        Output(CHART_INDICATOR, "value"), Output(CHOSEN, "data"),
        Input(AREAS, "value"), Input(YEAR, "value"), Input(CHART_INDICATOR, "value"),
        State(ids.LANG, "data"), State(CHOSEN, "data"),
        prevent_initial_call=True,
    )
    def update(areas, year, indicator_id, lang, chosen):
        """Year and chart indicator follow the areas (the state's defaults) until the user sets them (or the link did)."""
        lang = language(lang)
        areas = [a for a in areas if isinstance(a, str)] if isinstance(areas, list) else []
        chosen = {k: chosen.get(k) is True for k in ("jahr", "indikator")} if isinstance(chosen, dict) else {}
        trigger = callback_context.triggered_id
        chosen["jahr"] = chosen.get("jahr", False) or trigger == YEAR
        chosen["indikator"] = chosen.get("indikator", False) or trigger == CHART_INDICATOR
        params = {"gebiete": ",".join(areas)}
        if chosen["jahr"]:
            params["jahr"] = year
        if chosen["indikator"]:
            params["indikator"] = indicator_id
        state = CompareState.from_query(monitor, params)
        # a year chosen here that has no values for new areas simply moves to the nearest: that needs no notice
        notices = [n for n in state.notices if n != NOTICE_YEAR]
        parts = content(monitor, state, lang)
        return (parts["table"], parts["chart"], parts["config"], parts["title"], parts["link"],
                year_options(state.years(monitor)), state.year, list(state.areas), notice(notices, NOTICE, lang),
                state.to_query(), parts["chart_style"], parts["chart_empty"], state.indicator, chosen)

    @app.callback(Output(DOWNLOAD, "data"), Input(DOWNLOAD_BUTTON, "n_clicks"), Input(DOWNLOAD_XLSX, "n_clicks"),
                  State(AREAS, "value"), State(YEAR, "value"), State(ids.LANG, "data"), prevent_initial_call=True)
    def download_file(_csv, _xlsx, areas, year, lang):
        lang = language(lang)
        areas = [a for a in areas if isinstance(a, str)] if isinstance(areas, list) else []
        state = CompareState.from_query(monitor, {"gebiete": ",".join(areas), "jahr": year})
        kind = "xlsx" if callback_context.triggered_id == DOWNLOAD_XLSX else "csv"
        return download(export_table(monitor, comparison(monitor, state), lang), monitor.dataset, kind, lang)

    app.clientside_callback(ClientsideFunction(namespace="qm", function_name="syncQuery"),
                            Output(URL_SYNCED, "data"), Input(URL_SYNC, "data"), prevent_initial_call=True)
