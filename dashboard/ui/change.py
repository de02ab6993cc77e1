"""Change map ("Veränderung"): the difference between two years per area (bis − von).

Shares change in percentage points. Seven diverging classes centred on zero; the warm side is
always the worsening side (a rise for burdens, a fall for potentials), neutral indicators use
orange/purple without valuation. Areas withheld in either year are hatched, areas without a value
in either year grey. As on the map, the first colouring is part of the layout.
"""
from __future__ import annotations

from typing import Any

from dash import ClientsideFunction, Dash, Input, Output, State, dcc, html
from dash.exceptions import PreventUpdate

from dashboard.catalog import Indicator
from dashboard.i18n import format_number, language, t, tt
from dashboard.monitor import LegendEntry, Monitor
from dashboard.reports import series as report
from dashboard.reports.series import ChangeBundle
from dashboard.ui import ids
from dashboard.ui import map as map_view
from dashboard.ui.components import (
    ViewContext,
    area_map,
    colouring,
    dropdown_labels,
    legend_rows,
    localized_hideout,
    notice,
    page_language,
    register_colouring,
    view_nav,
)

PATH = "/veraenderung"
PATHS = (PATH,)
P = "change"
INDICATOR, LEVEL, FROM, TO = f"{P}-indicator", f"{P}-level", f"{P}-from", f"{P}-to"
MAP, AREAS, TITLE, LEGEND, DESCRIPTION, SUMMARY = (f"{P}-map", f"{P}-areas", f"{P}-title", f"{P}-legend",
                                                   f"{P}-description", f"{P}-summary")
MESSAGES, NOTICE, URL_SYNC, URL_SYNCED = f"{P}-messages", f"{P}-notice", f"{P}-url-sync", f"{P}-url-synced"


# -- state from the URL ---------------------------------------------------------------------------
def change_levels(monitor: Monitor, indicator_id: str) -> list[str]:
    return [lv for lv in monitor.levels_for(indicator_id) if len(monitor.years(indicator_id, lv)) >= 2]


def resolve(monitor: Monitor, params: dict[str, Any]) -> dict[str, Any]:
    """Validated state: indicator (with ≥ 2 years), level, von < bis from that level's years.

    Notices are German texts; components.notice shows them in the page language."""
    notices: list[str] = []
    if params.get("_ungueltig"):
        notices.append("Die Adresse war ungültig oder zu lang; die Standardansicht wird gezeigt.")
    allowed = [i.id for i in report.change_indicators(monitor)]
    if not allowed:
        return {"indicator": None, "notices": notices + ["Kein Indikator hat Werte für mindestens zwei Jahre."]}
    raw = params.get("indikator")
    indicator = raw if raw in allowed else None
    if raw is not None and indicator is None:
        notices.append("Für den Indikator aus dem Link lässt sich keine Veränderung zeigen; der Standardindikator wird gezeigt.")
    default = monitor.dataset.default_indicator
    indicator = indicator or (default if default in allowed else allowed[0])
    levels = change_levels(monitor, indicator)
    raw_level = params.get("ebene")
    level = raw_level if raw_level in levels else None
    if raw_level is not None and level is None:
        notices.append("Die Gebietsebene aus dem Link passt nicht zum Indikator; eine passende Ebene wird gezeigt.")
    default_level = monitor.dataset.default_level
    level = level or (default_level if default_level in levels else levels[0])
    years = monitor.years(indicator, level)
    von, bis = _year(params.get("von")), _year(params.get("bis"))
    if (params.get("von") is not None and von not in years) or (params.get("bis") is not None and bis not in years):
        notices.append("Für ein Jahr aus dem Link gibt es keine Werte; das erste bzw. letzte Jahr wird gezeigt.")
    von = von if von in years else years[0]
    bis = bis if bis in years else years[-1]
    if von == bis:
        notices.append("Von- und Bis-Jahr sind gleich; verglichen wird mit dem ersten verfügbaren anderen Jahr.")
        other = [y for y in years if y != bis]
        von, bis = (other[0], bis) if other[0] < bis else (bis, other[0])
    elif von > bis:
        notices.append("Das Von-Jahr lag nach dem Bis-Jahr; die Jahre wurden getauscht.")
        von, bis = bis, von
    return {"indicator": indicator, "level": level, "von": von, "bis": bis, "years": years, "notices": notices}


def _year(value: Any) -> int | None:
    try:
        return int(str(value)[:6])
    except (TypeError, ValueError):
        return None


def query_of(state: dict[str, Any]) -> dict[str, str]:
    return {"indikator": state["indicator"], "ebene": state["level"], "von": str(state["von"]), "bis": str(state["bis"])}


# -- pieces ------------------------------------------------------------------------------------------
def indicator_options(monitor: Monitor, lang: str = "de") -> list[dict[str, Any]]:
    """The map's grouped options, limited to indicators a difference makes sense for."""
    allowed = {i.id for i in report.change_indicators(monitor)}
    options, header = [], None
    for option in map_view.indicator_options(monitor, lang):
        if option.get("disabled"):
            header = option
        elif option["value"] in allowed:
            if header is not None:
                options.append(header)
                header = None
            options.append(option)
    return options


def level_options(monitor: Monitor, indicator_id: str, lang: str = "de") -> list[dict[str, Any]]:
    available = set(change_levels(monitor, indicator_id))
    return [{"label": lv.label(lang), "value": lv.id, "disabled": lv.id not in available} for lv in monitor.dataset.levels]


def year_options(years: list[int]) -> list[dict[str, Any]]:
    return [{"label": str(y), "value": y} for y in years]


def title(monitor: Monitor, bundle: ChangeBundle, lang: str = "de") -> str:
    indicator = monitor.indicator(bundle.indicator_id)
    level = monitor.dataset.level(bundle.level).label(lang)
    return t("Veränderung {von}–{bis}: {indicator} – {level}", lang, von=bundle.von, bis=bundle.bis,
             indicator=indicator.label(lang), level=level)


# the seven class labels of the change legend (as dashboard/reports/series.py change_legend_labels)
CLASS_LABELS = ("unter {b0}", "{b0} bis unter {b1}", "{b1} bis unter {b2}", "{b2} bis {b3} (etwa unverändert)",
                "über {b3} bis {b4}", "über {b4} bis {b5}", "über {b5}")


def _signed(value: float, decimals: int, lang: str) -> str:
    text = format_number(abs(value), decimals, lang)
    if round(value, decimals) == 0:
        return text
    return ("+" if value > 0 else "−") + text


def legend_entries(bundle: ChangeBundle, lang: str = "de") -> list[LegendEntry]:
    """The bundle's legend in lang: the class bounds in the page's number format, the other words translated."""
    bounds = {f"b{i}": _signed(v, bundle.decimals, lang) for i, v in enumerate(bundle.bounds)}
    classes = [LegendEntry(e.color, t(label, lang, **bounds), e.hatched) for e, label in zip(bundle.legend, CLASS_LABELS)]
    return classes + [LegendEntry(e.color, tt(e.label, lang), e.hatched) for e in bundle.legend[len(CLASS_LABELS):]]


def change_hideout(bundle: ChangeBundle, lang: str = "de") -> dict[str, Any]:
    return localized_hideout(dict(bundle.hideout, label=t("Veränderung {von}–{bis}", lang, von=bundle.von, bis=bundle.bis)), lang)


def legend(monitor: Monitor, bundle: ChangeBundle, lang: str = "de") -> list:
    indicator: Indicator = monitor.indicator(bundle.indicator_id)
    notes = []
    if bundle.n_suppressed:
        notes.append(html.P(t("{n} Gebiete schraffiert: in einem der beiden Jahre keine Angabe wegen geringer Fallzahl.", lang,
                              n=format_number(bundle.n_suppressed, 0, lang)), className="qm-legend-note"))
    if bundle.n_estimates:
        how = indicator.text("estimate_note", lang) or t(
            "Bevölkerungsgewichtetes Mittel der Teilgebiete (keine Zählwerte), daher nur eine Näherung."
            if indicator.aggregation == "weighted_mean" else "Wert geschätzt, nicht gemessen.", lang)
        notes.append(html.P(t("{n} Veränderungen beruhen auf mindestens einem geschätzten Wert (im Tooltip „Schätzung“): {how}",
                              lang, n=format_number(bundle.n_estimates, 0, lang), how=how), className="qm-legend-note"))
    difference = ("Differenz: Wert {bis} minus Wert {von}; bei Anteilen in Prozentpunkten." if bundle.unit == "Prozentpunkte"
                  else "Differenz: Wert {bis} minus Wert {von}.")
    return [
        html.Div(t("Veränderung {von}–{bis} ({unit})", lang, von=bundle.von, bis=bundle.bis, unit=tt(bundle.unit, lang)),
                 className="qm-legend-title"),
        html.Div(tt(report.change_direction_text(indicator.polarity), lang), className="qm-legend-direction"),
        legend_rows(legend_entries(bundle, lang)),
        *notes,
        html.Div(t(difference, lang, von=bundle.von, bis=bundle.bis), className="qm-legend-meta"),
        html.Div(t("Klassen: gleich breite Stufen um null (mittlere Klasse: etwa unverändert).", lang), className="qm-legend-meta"),
        html.Div(t("Quelle: {source}", lang, source=indicator.text("source", lang)), className="qm-legend-meta qm-legend-source"),
    ]


def summary(bundle: ChangeBundle, lang: str = "de") -> html.P:
    k = bundle.table["klass"]
    up, down, same = int((k >= 4).sum()), int(((k >= 0) & (k <= 2)).sum()), int((k == 3).sum())
    return html.P(t("Gestiegen: {up} Gebiete · gesunken: {down} · etwa unverändert: {same} · ohne Vergleich: {none}", lang,
                    up=up, down=down, same=same, none=int((k < 0).sum())), className="qm-summary qm-change-summary")


# -- layout -----------------------------------------------------------------------------------------
def layout(ctx: ViewContext, params: dict[str, Any]) -> html.Div:
    monitor, lang = ctx.monitor, page_language(params)
    state = resolve(monitor, params)
    if state["indicator"] is None:
        return html.Div([view_nav(PATH, lang), *notice(state["notices"], NOTICE, lang)], className="qm-map-page")
    bundle = report.change_bundle(monitor, state["indicator"], state["level"], state["von"], state["bis"])
    # a plain link (a full page load): it carries the language along
    trend_href = f"/zeitreihen?indikator={state['indicator']}&ebene={state['level']}" + ("&sprache=en" if lang == "en" else "")
    controls = html.Aside(className="qm-controls", children=[
        html.Label(t("Indikator", lang), htmlFor=INDICATOR, className="qm-label"),
        dcc.Dropdown(id=INDICATOR, options=indicator_options(monitor, lang), value=state["indicator"], clearable=False,
                     searchable=True, optionHeight=40, maxHeight=420, search_order="original",
                     labels=dropdown_labels(t("Indikator suchen", lang), t("Kein Indikator gefunden", lang), lang)),
        html.Div(map_view.description(monitor.indicator(state["indicator"]), state["level"], monitor, lang), id=DESCRIPTION,
                 className="qm-description"),
        html.Label(t("Gebietsebene", lang), htmlFor=LEVEL, className="qm-label"),
        dcc.RadioItems(id=LEVEL, options=level_options(monitor, state["indicator"], lang), value=state["level"],
                       className="qm-levels", inputClassName="qm-level-input"),
        html.Div(className="qm-year-pair", children=[
            html.Div([html.Label(t("von", lang), htmlFor=FROM, className="qm-label"),
                      dcc.Dropdown(id=FROM, options=year_options(state["years"]), value=state["von"], clearable=False, searchable=False)]),
            html.Div([html.Label(t("bis", lang), htmlFor=TO, className="qm-label"),
                      dcc.Dropdown(id=TO, options=year_options(state["years"]), value=state["bis"], clearable=False, searchable=False)]),
        ]),
        html.Div(summary(bundle, lang), id=SUMMARY),
        html.A(t("Zeitreihe dieses Indikators", lang), href=trend_href, className="qm-link"),
    ])
    return html.Div(className="qm-map-page", children=[
        view_nav(PATH, lang),
        html.Div(notice(state["notices"], NOTICE, lang), id=MESSAGES),
        html.Div(className="qm-main", children=[
            controls,
            html.Section(className="qm-map-wrap", children=[
                html.H2(title(monitor, bundle, lang), id=TITLE, className="qm-map-title"),
                area_map(MAP, AREAS, ctx, state["level"], change_hideout(bundle, lang),
                         label=t("Karte der Veränderung zwischen zwei Jahren je Gebiet", lang)),
                html.Div(legend(monitor, bundle, lang), id=LEGEND, className="qm-legend"),
            ]),
        ]),
        dcc.Store(id=URL_SYNC),
        dcc.Store(id=URL_SYNCED),
    ])


# -- callbacks ---------------------------------------------------------------------------------------
def register_callbacks(app: Dash, ctx: ViewContext) -> None:
    register_colouring(app, AREAS)
    monitor, geometry = ctx.monitor, ctx.geometry

    @app.callback(
        Output(colouring(AREAS), "data"), Output(AREAS, "url"), Output(LEGEND, "children"), Output(TITLE, "children"),
        Output(DESCRIPTION, "children"), Output(SUMMARY, "children"),
        Output(LEVEL, "options"), Output(LEVEL, "value"),
        Output(FROM, "options"), Output(FROM, "value"), Output(TO, "options"), Output(TO, "value"),
        Output(MESSAGES, "children"), Output(URL_SYNC, "data"),
        Input(INDICATOR, "value"), Input(LEVEL, "value"), Input(FROM, "value"), Input(TO, "value"), State(ids.LANG, "data"),
        prevent_initial_call=True,
    )
    def update(indicator_id, level, von, bis, lang):
        lang = language(lang)
        state = resolve(monitor, {"indikator": indicator_id, "ebene": level, "von": von, "bis": bis})
        if state["indicator"] is None:
            raise PreventUpdate
        # a new indicator or level may lack the chosen years: quietly take the nearest valid ones
        notices = [n for n in state["notices"] if "aus dem Link" not in n]
        bundle = report.change_bundle(monitor, state["indicator"], state["level"], state["von"], state["bis"])
        options = year_options(state["years"])
        return (change_hideout(bundle, lang), geometry.url(state["level"]), legend(monitor, bundle, lang), title(monitor, bundle, lang),
                map_view.description(monitor.indicator(state["indicator"]), state["level"], monitor, lang), summary(bundle, lang),
                level_options(monitor, state["indicator"], lang), state["level"], options, state["von"], options, state["bis"],
                notice(notices, NOTICE, lang), query_of(state))

    app.clientside_callback(ClientsideFunction(namespace="qm", function_name="syncQuery"),
                            Output(URL_SYNCED, "data"), Input(URL_SYNC, "data"), prevent_initial_call=True)
