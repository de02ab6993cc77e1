"""The fact sheet of an indicator (/indikator/<id>): what it measures, how it is formed, where it comes from, its
limits and the small-number rule, a small map of its latest year and the city's trend.

Everything a user reads comes from the dataset (indicators.toml, dataset.toml) through the Monitor; the map is the
Monitor's map bundle (the same path as the main map, so public mode shows exactly what the public map shows) and the
trend the city's published values. In public mode a non-public indicator gets the same page as an unknown id
(Monitor.indicator answers None for both): nothing says it exists.
"""
from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from dash import Dash, dcc, html

from dashboard.catalog import Indicator
from dashboard.i18n import format_number, t, tt
from dashboard.methods.values import is_missing
from dashboard.monitor import Monitor
from dashboard.present import (
    classification_text,
    hideout_words,
    legend_rows,
    level_in_sentence,
    polarity_text,
    small_number_texts,
    value_text,
)
from dashboard.reports import series
from dashboard.ui.components import (
    ViewContext,
    area_map,
    capitalised,
    page_language,
    view_nav,
    years_text,
)
from dashboard.ui.components import legend_rows as legend_list
from dashboard.urls import INDICATOR_PREFIX, METHODOLOGY_PATH, href

PREFIXES = (INDICATOR_PREFIX,)
PATHS: tuple[str, ...] = ()
P = "sheet"
PAGE, NOT_FOUND, FACTS, MAP, AREAS, LEGEND, TREND = (f"{P}-page", f"{P}-not-found", f"{P}-facts", f"{P}-map", f"{P}-areas",
                                                     f"{P}-legend", f"{P}-trend")
LINE_COLOR = "#08519c"


def indicator_of(monitor: Monitor, params: dict[str, Any]) -> Indicator | None:
    """The indicator the path names; None for an unknown id and, in public mode, for a non-public one (alike)."""
    raw = unquote(str(params.get("_pfad", ""))).strip("/")
    return monitor.indicator(raw) if raw else None


def map_level(monitor: Monitor, indicator: Indicator) -> str | None:
    """The level of the small map: the finest level with values (its areas are what people know), else none."""
    levels = monitor.levels_for(indicator.id)
    return levels[0] if levels else None


def latest_year(monitor: Monitor, indicator: Indicator, level: str) -> int | None:
    """The latest year with a value the mode shows at the level (a year all withheld in public mode is none)."""
    shown = series.years_with_values(monitor, indicator.id, level)
    return max(shown) if shown else None


def fact(label: str, *value: Any) -> list:
    return [html.Dt(label), html.Dd(list(value))]


def facts(monitor: Monitor, indicator: Indicator, lang: str = "de") -> html.Dl:
    """Definition details as a description list: numerator, denominator, unit, source, Stichtag, polarity …"""
    rows: list = []
    if indicator.numerator_label:
        rows += fact(t("Zähler", lang), indicator.text("numerator_label", lang))
    if indicator.denominator_label:
        rows += fact(t("Nenner", lang), indicator.text("denominator_label", lang))
    if indicator.kind in ("share", "rate") and indicator.numerator_label and indicator.denominator_label:
        rows += fact(t("Berechnung", lang), t("{scale} × Zähler ÷ Nenner", lang, scale=format_number(indicator.scale, 0, lang)))
    rows += fact(t("Einheit", lang), indicator.text("unit", lang))
    rows += fact(t("Quelle", lang), indicator.text("source", lang))
    level = map_level(monitor, indicator)
    latest = latest_year(monitor, indicator, level) if level else None
    stichtag = indicator.stichtag_text(lang)
    if latest is not None and indicator.reference_date(latest, lang) != stichtag:
        stichtag = t("{stichtag} (zuletzt {date})", lang, stichtag=stichtag, date=indicator.reference_date(latest, lang))
    rows += fact(t("Stichtag", lang), stichtag)
    rows += fact(t("Wertung", lang), polarity_text(indicator, lang))
    rows += fact(t("Klassenbildung der Karte", lang), classification_text(indicator.classification, lang))
    rows += fact(t("Dimension", lang), tt(indicator.dimension, lang))
    if indicator.zielbereich:
        rows += fact(t("Zielbereich", lang), indicator.text("zielbereich", lang))
    if indicator.target is not None:
        rows += fact(t("Zielwert", lang), value_text(indicator.target, indicator.text("unit", lang), indicator.decimals, lang))
    if indicator.threshold is not None:
        rows += fact(t("Schwellenwert", lang), value_text(indicator.threshold, indicator.text("unit", lang), indicator.decimals, lang))
    if indicator.core:
        rows += fact(t("Kernindikator", lang), t("ja", lang))
    rows += fact(t("Kennung", lang), html.Code(indicator.id))
    return html.Dl(rows, id=FACTS, className="qm-sheet-facts")


def availability(monitor: Monitor, indicator: Indicator, lang: str = "de") -> html.Ul:
    """Levels and years the indicator has (in this mode)."""
    items = []
    for level in monitor.levels_for(indicator.id):
        years = monitor.years(indicator.id, level)
        levels = capitalised(level_in_sentence(monitor.dataset, level, lang, plural=True))  # a list item's lead-in
        items.append(html.Li([html.Strong(levels + ": "), years_text(years)]))
    if not items:
        items.append(html.Li(t("Für diesen Indikator liegen keine Werte vor.", lang)))
    return html.Ul(items, className="qm-sheet-availability")


def limitations(monitor: Monitor, indicator: Indicator, lang: str = "de") -> list:
    """The caveats the dataset gives (note, estimate note) and the approximation of a weighted mean."""
    out = []
    if indicator.note:
        out.append(html.P(indicator.text("note", lang)))
    if indicator.estimate_note:
        out.append(html.P([html.Strong(capitalised(t("Schätzung", lang)) + ": "), indicator.text("estimate_note", lang)]))
    if indicator.aggregation == "weighted_mean":
        out.append(html.P(t("Für größere Gebiete eine Näherung: bevölkerungsgewichtetes Mittel der kleineren Gebiete, da "
                            "keine Zählwerte vorliegen.", lang)))
    if not out:
        out.append(html.P(t("Der Datensatz nennt keine besonderen Einschränkungen.", lang)))
    return out


def categories_block(indicator: Indicator, lang: str = "de") -> list:
    """The classes of a class indicator with what each means."""
    labels = indicator.category_labels(lang)
    if indicator.kind != "class" or not labels:
        return []
    return [html.H3(t("Klassen", lang)),
            html.Ul([html.Li([html.Strong(code + " "), tt(label, lang)]) for code, label in labels.items()],
                    className="qm-sheet-classes")]


def sheet_map(ctx: ViewContext, indicator: Indicator, lang: str = "de") -> list:
    """The latest year at the finest level, coloured as the main map colours it (Monitor.map_bundle), with its legend."""
    monitor = ctx.monitor
    level = map_level(monitor, indicator)
    year = latest_year(monitor, indicator, level) if level else None
    if level is None or year is None:
        return [html.P(t("Für diesen Indikator gibt es keine Karte.", lang), className="qm-hint")]
    bundle = monitor.map_bundle(indicator.id, year, level)
    hideout = hideout_words(dict(bundle.hideout, view=ctx.geometry.bounds), lang, label=indicator.label(lang),
                            unit=indicator.text("unit", lang))
    level_label = monitor.dataset.level(level).label(lang)
    caption = t("{indicator} – {level}, Stichtag {date}", lang, indicator=indicator.label(lang), level=level_label,
                date=indicator.reference_date(year, lang))
    block = area_map(MAP, AREAS, ctx, level, hideout, label=t("Karte: {caption}", lang, caption=caption))
    # a document, not a tool: the small map does not move (the main map is one link away)
    for container in block.children if isinstance(block.children, list) else [block.children]:
        for prop in ("dragging", "scrollWheelZoom", "doubleClickZoom", "boxZoom", "keyboard", "touchZoom", "zoomControl"):
            if prop in getattr(container, "_prop_names", ()):
                setattr(container, prop, False)
    legend = html.Div([legend_list(legend_rows(bundle.legend, lang, indicator))], id=LEGEND, className="qm-sheet-legend")
    return [html.Figure([block, html.Figcaption(caption)], className="qm-sheet-map"), legend,
            html.P(dcc.Link(t("Auf der großen Karte zeigen ›", lang),
                            href=href("/", {"indikator": indicator.id, "ebene": level, "jahr": year}, lang)),
                   className="qm-sheet-link")]


def city_trend(monitor: Monitor, indicator: Indicator, lang: str = "de") -> list:
    """The city's published values over the years as a small line (estimates dotted, withheld years a gap)."""
    city = monitor.city_id()
    frame = monitor.area_series(city) if city else None
    line = frame[frame["indicator_id"] == indicator.id] if frame is not None else None
    if line is None or not line["value"].notna().any() or indicator.kind == "class":
        return [html.P(t("Für die Gesamtstadt gibt es keine Zeitreihe dieses Indikators.", lang), className="qm-hint")]
    line = line.sort_values("year")
    parts = series.split_measured_estimated(line.assign(line_id="city"))
    name = monitor.area(city)["name"] if monitor.area(city) else t("Gesamtstadt", lang)
    data = []
    for key, dash_style, label in (("measured", "solid", name), ("estimate", "dot", f"{name} ({t('Schätzung', lang)})")):
        if all(v is None or is_missing(v) for v in parts[key]):
            continue
        data.append({"type": "scatter", "mode": "lines+markers", "name": label, "x": parts["years"], "y": parts[key],
                     "connectgaps": False, "line": {"color": LINE_COLOR, "width": 2, "dash": dash_style},
                     "marker": {"size": 6, "color": LINE_COLOR, "symbol": "circle-open" if key == "estimate" else "circle"},
                     "hovertemplate": "%{x}: %{y:,." + str(indicator.decimals) + "f} " + indicator.text("unit", lang).replace("%", "%%")
                                      + "<extra></extra>"})
    layout = {"height": 240, "margin": {"l": 50, "r": 10, "t": 10, "b": 30}, "template": None, "showlegend": len(data) > 1,
              "separators": ".," if lang == "en" else ",.", "plot_bgcolor": "#ffffff", "paper_bgcolor": "#ffffff",
              "legend": {"orientation": "h", "y": -0.2}, "font": {"family": "Source Sans 3, Segoe UI, sans-serif", "size": 11},
              "xaxis": {"tickformat": "d", "showgrid": False, "linecolor": "#999", "fixedrange": True},
              "yaxis": {"gridcolor": "#e6e6e6", "zeroline": False, "separatethousands": True, "fixedrange": True,
                        "title": {"text": indicator.text("unit", lang)}}}
    values = [(int(y), v) for y, v in zip(line["year"], line["value"]) if not is_missing(v)]
    if min(v for _y, v in values) >= 0:  # a share or count from zero: small changes do not look like a collapse
        layout["yaxis"]["rangemode"] = "tozero"
    first, last = values[0], values[-1]
    unit = indicator.text("unit", lang)
    summary = t("{city}: {first} ({first_year}) bis {last} ({last_year}).", lang, city=name,
                first=value_text(first[1], unit, indicator.decimals, lang), first_year=first[0],
                last=value_text(last[1], unit, indicator.decimals, lang), last_year=last[0])
    return [dcc.Graph(id=TREND, figure={"data": data, "layout": layout}, className="qm-sheet-trend",
                      config={"displayModeBar": False, "responsive": True}),
            html.P(summary, className="qm-sheet-trend-summary")]


def not_found(monitor: Monitor, raw: str, lang: str = "de") -> html.Div:
    """An unknown id - and in public mode a non-public one - alike: no hint that it exists."""
    return html.Div(className="qm-sheet-page", children=[
        view_nav("", lang),
        html.Div(id=NOT_FOUND, className="qm-not-found", children=[
            html.H2(t("Indikator nicht gefunden", lang)),
            html.P(t("Einen Indikator mit der Kennung „{indicator_id}“ gibt es in diesem Datensatz nicht.", lang,
                     indicator_id=raw[:64])),
            html.P(dcc.Link(t("Alle Indikatoren in der Methodik ›", lang), href=href(METHODOLOGY_PATH, {}, lang) + "#indikatoren")),
        ]),
    ])


def layout(ctx: ViewContext, params: dict[str, Any]) -> html.Div:
    monitor, lang = ctx.monitor, page_language(params)
    indicator = indicator_of(monitor, params)
    if indicator is None:
        return not_found(monitor, unquote(str(params.get("_pfad", ""))).strip("/"), lang)
    return html.Div(id=PAGE, className="qm-sheet-page", children=[
        view_nav("", lang),
        html.Article(className="qm-sheet", children=[
            html.P(t("Steckbrief", lang), className="qm-sheet-kicker"),
            html.H1(indicator.label(lang), className="qm-sheet-title"),
            html.P(indicator.text("description", lang), className="qm-definition qm-sheet-definition"),
            html.Div(className="qm-sheet-columns", children=[
                html.Section([html.H2(t("Auf einen Blick", lang)), facts(monitor, indicator, lang), *categories_block(indicator, lang),
                              html.H3(t("Ebenen und Jahre", lang)), availability(monitor, indicator, lang)],
                             className="qm-sheet-section"),
                html.Section([html.H2(t("Karte", lang)), *sheet_map(ctx, indicator, lang)], className="qm-sheet-section"),
            ]),
            html.Section([html.H2(t("Entwicklung in der Gesamtstadt", lang)), *city_trend(monitor, indicator, lang)],
                         className="qm-sheet-section"),
            html.Section([html.H2(t("Einschränkungen", lang)), *limitations(monitor, indicator, lang)], className="qm-sheet-section"),
            html.Section([html.H2(t("Kleine Zahlen", lang)), *[html.P(p) for p in small_number_texts(monitor, indicator, lang)]],
                         className="qm-sheet-section"),
            html.P([dcc.Link(t("Auf der Karte zeigen ›", lang), href=href("/", {"indikator": indicator.id}, lang)), " · ",
                    dcc.Link(t("Methodik und Fragen ›", lang), href=href(METHODOLOGY_PATH, {}, lang)), " · ",
                    dcc.Link(t("Alle Indikatoren ›", lang), href=href(METHODOLOGY_PATH, {}, lang) + "#indikatoren")],
                   className="qm-sheet-nav"),
        ]),
    ])


def register_callbacks(app: Dash, ctx: ViewContext) -> None:
    """A static page: no callbacks (the small map is painted from its layout's hideout)."""
