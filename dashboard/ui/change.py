"""Change map ("Veränderung"): the difference between two years per area (bis − von).

Shares change in percentage points. Seven diverging classes centred on zero; the warm side is
always the worsening side (a rise for burdens, a fall for potentials), neutral indicators use
orange/purple without valuation. Areas withheld in either year are hatched, areas without a value
in either year grey. As on the map, the first colouring is part of the layout.
"""
from __future__ import annotations

from typing import Any

from dash import ClientsideFunction, Dash, Input, Output, dcc, html
from dash.exceptions import PreventUpdate

from dashboard.catalog import Indicator
from dashboard.monitor import Monitor
from dashboard.reports import series as report
from dashboard.reports.series import ChangeBundle
from dashboard.ui import map as map_view
from dashboard.ui.components import ViewContext, area_map, legend_rows, notice, view_nav

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
    """Validated state: indicator (with ≥ 2 years), level, von < bis from that level's years."""
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
def indicator_options(monitor: Monitor) -> list[dict[str, Any]]:
    """The map's grouped options, limited to indicators a difference makes sense for."""
    allowed = {i.id for i in report.change_indicators(monitor)}
    options, header = [], None
    for option in map_view.indicator_options(monitor):
        if option.get("disabled"):
            header = option
        elif option["value"] in allowed:
            if header is not None:
                options.append(header)
                header = None
            options.append(option)
    return options


def level_options(monitor: Monitor, indicator_id: str) -> list[dict[str, Any]]:
    available = set(change_levels(monitor, indicator_id))
    return [{"label": lv.label_de, "value": lv.id, "disabled": lv.id not in available} for lv in monitor.dataset.levels]


def year_options(years: list[int]) -> list[dict[str, Any]]:
    return [{"label": str(y), "value": y} for y in years]


def title(monitor: Monitor, bundle: ChangeBundle) -> str:
    indicator = monitor.indicator(bundle.indicator_id)
    level = monitor.dataset.level(bundle.level).label_de
    return f"Veränderung {bundle.von}–{bundle.bis}: {indicator.label_de} – {level}"


def legend(monitor: Monitor, bundle: ChangeBundle) -> list:
    indicator: Indicator = monitor.indicator(bundle.indicator_id)
    notes = []
    if bundle.n_suppressed:
        notes.append(html.P(f"{bundle.n_suppressed} Gebiete schraffiert: in einem der beiden Jahre keine Angabe "
                            f"wegen geringer Fallzahl.", className="qm-legend-note"))
    if bundle.n_estimates:
        how = indicator.estimate_note or ("Bevölkerungsgewichtetes Mittel der Teilgebiete (keine Zählwerte), daher nur eine Näherung."
                                          if indicator.aggregation == "weighted_mean" else "Wert geschätzt, nicht gemessen.")
        notes.append(html.P(f"{bundle.n_estimates} Veränderungen beruhen auf mindestens einem geschätzten Wert "
                            f"(im Tooltip „Schätzung“): {how}", className="qm-legend-note"))
    return [
        html.Div(f"Veränderung {bundle.von}–{bundle.bis} ({bundle.unit})", className="qm-legend-title"),
        html.Div(report.change_direction_text(indicator.polarity), className="qm-legend-direction"),
        legend_rows(bundle.legend),
        *notes,
        html.Div(f"Differenz: Wert {bundle.bis} minus Wert {bundle.von}"
                 + ("; bei Anteilen in Prozentpunkten." if bundle.unit == "Prozentpunkte" else "."), className="qm-legend-meta"),
        html.Div("Klassen: gleich breite Stufen um null (mittlere Klasse: etwa unverändert).", className="qm-legend-meta"),
        html.Div(f"Quelle: {indicator.source}", className="qm-legend-meta qm-legend-source"),
    ]


def summary(bundle: ChangeBundle) -> html.P:
    k = bundle.table["klass"]
    up, down, same = int((k >= 4).sum()), int(((k >= 0) & (k <= 2)).sum()), int((k == 3).sum())
    return html.P(f"Gestiegen: {up} Gebiete · gesunken: {down} · etwa unverändert: {same} · ohne Vergleich: "
                  f"{int((k < 0).sum())}", className="qm-summary qm-change-summary")


# -- layout -----------------------------------------------------------------------------------------
def layout(ctx: ViewContext, params: dict[str, Any]) -> html.Div:
    monitor = ctx.monitor
    state = resolve(monitor, params)
    if state["indicator"] is None:
        return html.Div([view_nav(PATH), *notice(state["notices"], NOTICE)], className="qm-map-page")
    bundle = report.change_bundle(monitor, state["indicator"], state["level"], state["von"], state["bis"])
    controls = html.Aside(className="qm-controls", children=[
        html.Label("Indikator", htmlFor=INDICATOR, className="qm-label"),
        dcc.Dropdown(id=INDICATOR, options=indicator_options(monitor), value=state["indicator"], clearable=False,
                     searchable=True, optionHeight=40, maxHeight=420, search_order="original"),
        html.Div(map_view.description(monitor.indicator(state["indicator"]), state["level"], monitor), id=DESCRIPTION,
                 className="qm-description"),
        html.Label("Gebietsebene", htmlFor=LEVEL, className="qm-label"),
        dcc.RadioItems(id=LEVEL, options=level_options(monitor, state["indicator"]), value=state["level"],
                       className="qm-levels", inputClassName="qm-level-input"),
        html.Div(className="qm-year-pair", children=[
            html.Div([html.Label("von", htmlFor=FROM, className="qm-label"),
                      dcc.Dropdown(id=FROM, options=year_options(state["years"]), value=state["von"], clearable=False, searchable=False)]),
            html.Div([html.Label("bis", htmlFor=TO, className="qm-label"),
                      dcc.Dropdown(id=TO, options=year_options(state["years"]), value=state["bis"], clearable=False, searchable=False)]),
        ]),
        html.Div(summary(bundle), id=SUMMARY),
        html.A("Zeitreihe dieses Indikators", href=f"/zeitreihen?indikator={state['indicator']}&ebene={state['level']}",
               className="qm-link"),
    ])
    return html.Div(className="qm-map-page", children=[
        view_nav(PATH),
        html.Div(notice(state["notices"], NOTICE), id=MESSAGES),
        html.Div(className="qm-main", children=[
            controls,
            html.Section(className="qm-map-wrap", children=[
                html.H2(title(monitor, bundle), id=TITLE, className="qm-map-title"),
                area_map(MAP, AREAS, ctx, state["level"], bundle.hideout,
                         label="Karte der Veränderung zwischen zwei Jahren je Gebiet"),
                html.Div(legend(monitor, bundle), id=LEGEND, className="qm-legend"),
            ]),
        ]),
        dcc.Store(id=URL_SYNC),
        dcc.Store(id=URL_SYNCED),
    ])


# -- callbacks ---------------------------------------------------------------------------------------
def register_callbacks(app: Dash, ctx: ViewContext) -> None:
    monitor, geometry = ctx.monitor, ctx.geometry

    @app.callback(
        Output(AREAS, "hideout"), Output(AREAS, "url"), Output(LEGEND, "children"), Output(TITLE, "children"),
        Output(DESCRIPTION, "children"), Output(SUMMARY, "children"),
        Output(LEVEL, "options"), Output(LEVEL, "value"),
        Output(FROM, "options"), Output(FROM, "value"), Output(TO, "options"), Output(TO, "value"),
        Output(MESSAGES, "children"), Output(URL_SYNC, "data"),
        Input(INDICATOR, "value"), Input(LEVEL, "value"), Input(FROM, "value"), Input(TO, "value"),
        prevent_initial_call=True,
    )
    def update(indicator_id, level, von, bis):
        state = resolve(monitor, {"indikator": indicator_id, "ebene": level, "von": von, "bis": bis})
        if state["indicator"] is None:
            raise PreventUpdate
        # a new indicator or level may lack the chosen years: quietly take the nearest valid ones
        notices = [n for n in state["notices"] if "aus dem Link" not in n]
        bundle = report.change_bundle(monitor, state["indicator"], state["level"], state["von"], state["bis"])
        options = year_options(state["years"])
        return (bundle.hideout, geometry.url(state["level"]), legend(monitor, bundle), title(monitor, bundle),
                map_view.description(monitor.indicator(state["indicator"]), state["level"], monitor), summary(bundle),
                level_options(monitor, state["indicator"]), state["level"], options, state["von"], options, state["bis"],
                notice(notices, NOTICE), query_of(state))

    app.clientside_callback(ClientsideFunction(namespace="qm", function_name="syncQuery"),
                            Output(URL_SYNCED, "data"), Input(URL_SYNC, "data"), prevent_initial_call=True)
