"""The status/dynamics index as its own map: 12 combined classes with the standard 4x3 legend."""
from __future__ import annotations

from typing import Any

from dash import ClientsideFunction, Dash, Input, Output, State, dcc, html, no_update

from dashboard.i18n import language, t, tt
from dashboard.methods.classify import NO_DATA_COLOR, SUPPRESSED_COLOR
from dashboard.methods.indices import (
    COMBINED_CLASSES,
    COMBINED_COLORS,
    DYNAMIC_LABELS,
    DYNAMIC_SIGNS,
    STATUS_LABELS,
    IndexDefinition,
    describe,
)
from dashboard.monitor import SUPPRESSED, Monitor
from dashboard.ui import ids
from dashboard.ui.components import (
    ViewContext,
    area_map,
    colouring,
    localized_hideout,
    notice,
    page_language,
    register_colouring,
    view_nav,
)
from dashboard.urls import query_params

PATH = "/sozialindex"
PATHS = (PATH,)
P = "index"
MAP, AREAS, TITLE, LEGEND, METHOD, INDEX, YEAR, COUNTS, NOTICE = (
    f"{P}-map", f"{P}-areas", f"{P}-title", f"{P}-legend", f"{P}-method", f"{P}-select", f"{P}-year", f"{P}-counts", f"{P}-notice")
URL_SYNC, URL_SYNCED = f"{P}-url-sync", f"{P}-url-synced"



def resolve(monitor: Monitor, params: dict[str, Any]) -> dict[str, Any]:
    notices = []
    if params.get("_ungueltig"):
        notices.append("Die Adresse war ungültig oder zu lang; die Standardansicht wird gezeigt.")
    definitions = [d for d in monitor.dataset.indices if monitor.index_definition(d.id)]
    definition = monitor.index_definition(params.get("index")) or (definitions[0] if definitions else None)
    if params.get("index") and (definition is None or definition.id != params.get("index")):
        notices.append("Den Index aus dem Link gibt es nicht; der erste Index des Datensatzes wird gezeigt.")
    if definition is None:
        return {"definition": None, "notices": notices + ["Für diesen Datensatz ist kein Status-/Dynamik-Index festgelegt."]}
    years = monitor.index_years(definition)
    try:
        year = int(str(params.get("jahr"))[:6])
    except ValueError:
        year = None
    if params.get("jahr") is not None and year not in years:
        notices.append("Für das Jahr aus dem Link gibt es keinen Index; das letzte Jahr wird gezeigt.")
    return {"definition": definition, "definitions": definitions, "years": years,
            "year": year if year in years else years[-1], "notices": notices}


def hideout(monitor: Monitor, definition: IndexDefinition, year: int, lang: str = "de") -> tuple[dict, Any]:
    table = monitor.index_classes(definition, year)
    order = {c: i for i, c in enumerate(COMBINED_CLASSES)}
    classes = {aid: (order[c] if isinstance(c, str) else SUPPRESSED) for aid, c in zip(table.index, table["status_dynamic"])}
    labels = {aid: t("{code} (Status {status}, Dynamik {dynamic})", lang, code=c, status=tt(STATUS_LABELS[int(s)], lang),
                     dynamic=tt(d, lang))
              for aid, c, s, d in zip(table.index, table["status_dynamic"], table["status_class"], table["dynamic_class"])
              if isinstance(c, str)}
    return localized_hideout({
        "classes": classes, "values": {}, "labels": labels, "colors": list(COMBINED_COLORS), "noData": NO_DATA_COLOR,
        "suppressedColor": SUPPRESSED_COLOR, "unit": "", "decimals": 0, "label": definition.label,
        "suppressedLabel": "nicht bewertet (unter Mindesteinwohnerzahl oder ungültig)", "noDataLabel": "keine Daten",
        "selected": None, "estimates": [],
    }, lang), table


def legend(table, lang: str = "de") -> list:
    counts = table["status_dynamic"].value_counts()
    header = html.Tr([html.Th(t("Status ↓ / Dynamik →", lang), scope="col")] + [html.Th(tt(d, lang), scope="col") for d in DYNAMIC_LABELS])
    rows = []
    for s, status_label in STATUS_LABELS.items():
        cells = [html.Th(f"{s} {tt(status_label, lang)}", scope="row")]
        for d in DYNAMIC_LABELS:
            code = f"{s}{DYNAMIC_SIGNS[d]}"
            color = COMBINED_COLORS[COMBINED_CLASSES.index(code)]
            cells.append(html.Td([html.Span(className="qm-swatch", style={"backgroundColor": color}),
                                  html.Span(f" {code} ({int(counts.get(code, 0))})")], className="qm-index-cell"))
        rows.append(html.Tr(cells))
    not_rated = int((~table["valid"]).sum())
    return [html.Div(t("Status und Dynamik (Anzahl Gebiete)", lang), className="qm-legend-title"),
            html.Table([html.Thead(header), html.Tbody(rows)], className="qm-index-legend"),
            html.Div([html.Span(className="qm-swatch", **{"data-suppressed": "1"}), " " + t("nicht bewertet ({n})", lang, n=not_rated)],
                     className="qm-legend-row")]


def title(definition: IndexDefinition, year: int, lang: str = "de") -> str:
    return t("{index}, Stichtag 31.12.{year}", lang, index=tt(definition.label, lang), year=year)


def layout(ctx: ViewContext, params: dict[str, Any]):
    monitor, lang = ctx.monitor, page_language(params)
    state = resolve(monitor, params)
    definition = state["definition"]
    if definition is None:
        return html.Div([view_nav(PATH, lang), *notice(state["notices"], NOTICE, lang)], className="qm-map-page")
    data, table = hideout(monitor, definition, state["year"], lang)
    controls = html.Aside(className="qm-controls", children=[
        html.Label(t("Index", lang), htmlFor=INDEX, className="qm-label"),
        dcc.Dropdown(id=INDEX, options=[{"label": tt(d.label, lang), "value": d.id} for d in state["definitions"]], value=definition.id,
                     clearable=False, searchable=False),
        html.Label(t("Jahr (Stichtag 31.12.)", lang), htmlFor=YEAR, className="qm-label"),
        dcc.Dropdown(id=YEAR, options=[{"label": str(y), "value": y} for y in state["years"]], value=state["year"],
                     clearable=False, searchable=False),
        html.H3(t("Wie wurde das berechnet?", lang)),
        html.P(describe(definition, lang), id=METHOD, className="qm-method"),
    ])
    return html.Div(className="qm-map-page", children=[
        view_nav(PATH, lang),
        *notice(state["notices"], NOTICE, lang),
        html.Div(className="qm-main", children=[
            controls,
            html.Section(className="qm-map-wrap", children=[
                html.H2(title(definition, state["year"], lang), id=TITLE, className="qm-map-title"),
                area_map(MAP, AREAS, ctx, monitor.dataset.level_ids[0], data,
                         label=t("Karte des Status-/Dynamik-Index", lang)),
                html.Div(legend(table, lang), id=LEGEND, className="qm-legend qm-legend-wide"),
            ]),
        ]),
        dcc.Store(id=URL_SYNC), dcc.Store(id=URL_SYNCED),
    ])


def register_callbacks(app: Dash, ctx: ViewContext) -> None:
    register_colouring(app, AREAS)
    monitor, url_id = ctx.monitor, ctx.url_id
    @app.callback(Output(url_id, "search", allow_duplicate=True), Input(INDEX, "value"), State(url_id, "search"),
                  prevent_initial_call=True)
    def change_index(index_id, search):
        """Another index re-renders the page; the dropdown's report of its value on mount does not."""
        current = resolve(monitor, query_params(search))["definition"]
        if monitor.index_definition(index_id) is None or (current is not None and current.id == index_id):
            return no_update
        return f"?index={index_id}"

    @app.callback(Output(colouring(AREAS), "data"), Output(LEGEND, "children"), Output(TITLE, "children"), Output(URL_SYNC, "data"),
                  Input(YEAR, "value"), State(INDEX, "value"), State(ids.LANG, "data"), prevent_initial_call=True)
    def update(year, index_id, lang):
        lang = language(lang)
        state = resolve(monitor, {"index": index_id, "jahr": year})
        data, table = hideout(monitor, state["definition"], state["year"], lang)
        return (data, legend(table, lang), title(state["definition"], state["year"], lang),
                {"index": state["definition"].id, "jahr": state["year"]})

    app.clientside_callback(ClientsideFunction(namespace="qm", function_name="syncQuery"),
                            Output(URL_SYNCED, "data"), Input(URL_SYNC, "data"), prevent_initial_call=True)
