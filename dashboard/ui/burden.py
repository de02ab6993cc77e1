"""The multiple-burden view ("Mehrfachbelastung"): which areas are burdened in several dimensions.

Map coloured by burden count (areas at or above k strongly outlined, not rated hatched), totals,
a ranked list with the burdens as chips, filters by dimension and district, and - internally - a
scenario panel. A scenario is always marked as one (title, list, export, URL); "Zurücksetzen"
returns to the official rule exactly.
"""
from __future__ import annotations

import csv
import io
from typing import Any

from dash import ClientsideFunction, Dash, Input, Output, State, dcc, html, no_update

from dashboard.i18n import language, t, tt
from dashboard.methods.burden import BurdenRule, describe, legend_label
from dashboard.monitor import BurdenBundle, LegendEntry, Monitor, format_number
from dashboard.ui import ids as ui_ids
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
from dashboard.urls import query_params, view_query

PATH = "/mehrfachbelastung"
PATHS = (PATH,)
P = "burden"  # id prefix
MAP, AREAS, TITLE, LEGEND, TOTALS, LIST, DIFF, METHOD = (f"{P}-map", f"{P}-areas", f"{P}-title", f"{P}-legend",
                                                          f"{P}-totals", f"{P}-list", f"{P}-diff", f"{P}-method")
RULE, YEAR, DIMENSIONS, DISTRICT = f"{P}-rule", f"{P}-year", f"{P}-dimensions", f"{P}-district"
ENABLED, K, CUT, RESET, SCENARIO_BOX = f"{P}-enabled", f"{P}-k", f"{P}-cut", f"{P}-reset", f"{P}-scenario"
DOWNLOAD, DOWNLOAD_BUTTON, NOTICE = f"{P}-download", f"{P}-download-button", f"{P}-notice"
URL_SYNC, URL_SYNCED = f"{P}-url-sync", f"{P}-url-synced"

CUT_OPTIONS = [
    {"label": "wie in der Regel festgelegt", "value": "regel"},
    {"label": "Klasse 3 (hoch)", "value": "class"},
    {"label": "ungünstigstes Viertel der Gebiete", "value": "quantile"},
    {"label": "z-Wert: mindestens 1 Standardabweichung ungünstiger", "value": "zscore"},
]
CUT_VALUES = {"class": 3.0, "quantile": 0.25, "zscore": 1.0}


# -- state from the URL ---------------------------------------------------------------------------
def resolve(monitor: Monitor, params: dict[str, Any]) -> dict[str, Any]:
    """Validated view state; anything unknown falls back to the official rule with a notice.

    Notices are German texts; components.notice shows them in the page language."""
    notices: list[str] = []
    if params.get("_ungueltig"):
        notices.append("Die Adresse war ungültig oder zu lang; die Standardansicht wird gezeigt.")
    rules = monitor.burden_rules()
    rule = monitor.burden_rule(params.get("regel")) or (rules[0] if rules else None)
    if params.get("regel") and rule is not None and rule.id != params.get("regel"):
        notices.append("Die Regel aus dem Link gibt es nicht; die offizielle Regel wird gezeigt.")
    if rule is None:
        return {"rule": None, "notices": notices + ["Für diesen Datensatz ist keine Regel zur Mehrfachbelastung festgelegt."]}
    years = monitor.burden_years(rule)
    try:
        year = int(str(params.get("jahr"))[:6])
    except ValueError:
        year = None
    if params.get("jahr") is not None and year not in years:
        notices.append("Für das Jahr aus dem Link gibt es keine Werte; das letzte Jahr wird gezeigt.")
    year = year if year in years else (years[-1] if years else None)
    ids = [c.indicator_id for c in rule.criteria]
    off = [i for i in str(params.get("aus", "")).split(",") if i in ids]
    enabled = [i for i in ids if i not in off]
    k = params.get("k")
    try:
        k = int(k) if k is not None else rule.min_count
    except (TypeError, ValueError):  # a callback may receive any JSON value, not only URL text
        k = rule.min_count
    cut = params.get("schnitt", "regel")
    scenario_wanted = bool(off) or k != rule.min_count or cut != "regel"
    if scenario_wanted and monitor.public:
        notices.append("Szenarien gibt es nur in der internen Ansicht; gezeigt wird die offizielle Regel.")
        enabled, k, cut = ids, rule.min_count, "regel"
    if not isinstance(cut, str) or cut not in {o["value"] for o in CUT_OPTIONS}:
        notices.append("Die Schnittregel aus dem Link ist unbekannt.")
        cut = "regel"
    k = min(max(k, 1), max(len(enabled), 1))
    dimensions = [d for d in str(params.get("dimension", "")).split(",") if d in dimensions_of(rule)]
    district = params.get("bezirk") if isinstance(params.get("bezirk"), str) and params.get("bezirk") in district_ids(monitor) else None
    return {"rule": rule, "year": year, "years": years, "enabled": enabled, "k": k, "cut": cut,
            "dimensions": dimensions, "district": district, "notices": notices}


def scenario_rule(rule: BurdenRule, enabled: list[str], k: int, cut: str) -> BurdenRule:
    """The official rule, or a scenario derived from it (never called official)."""
    ids = [c.indicator_id for c in rule.criteria]
    if enabled == ids and k == rule.min_count and cut == "regel":
        return rule
    return rule.with_changes(enabled=set(enabled), min_count=k,
                             rule=None if cut == "regel" else cut, value=CUT_VALUES.get(cut))


def dimensions_of(rule: BurdenRule) -> list[str]:
    return sorted({c.dimension for c in rule.criteria if c.dimension})


def district_ids(monitor: Monitor) -> dict[str, str]:
    top = monitor.dataset.level_ids[-1]
    frame = monitor.store.frame("areas_by_level", {"level": top})
    return dict(zip(frame["area_id"], frame["name"]))


def district_of(monitor: Monitor) -> dict[str, str]:
    """Smallest-level area -> its top-level district (from the parent chain in the store)."""
    return dict(monitor.store.rows("district_of_areas", {"level": monitor.dataset.level_ids[0], "top": monitor.dataset.level_ids[-1]}))


# -- pieces ----------------------------------------------------------------------------------
def cut_options(lang: str = "de") -> list[dict[str, str]]:
    return [{"label": t(o["label"], lang), "value": o["value"]} for o in CUT_OPTIONS]


def _heading(text: str) -> str:
    return text[:1].upper() + text[1:]


def criterion_labels(monitor: Monitor, rule: BurdenRule, lang: str = "de") -> dict[str, str]:
    """Indicator id -> its label in lang (the rule's criteria carry the German labels)."""
    if lang == "de":
        return {c.indicator_id: c.label or c.indicator_id for c in rule.criteria}
    indicators = monitor.dataset.indicators
    return {c.indicator_id: indicators[c.indicator_id].label(lang) if c.indicator_id in indicators else c.indicator_id
            for c in rule.criteria}


def title(bundle: BurdenBundle, lang: str = "de") -> str:
    marker = "" if bundle.rule.official else t("SZENARIO", lang) + " – "
    return marker + t("Mehrfachbelastung: {rule}, {year} (mehrfach belastet ab {k})", lang, rule=tt(bundle.rule.label, lang),
                      year=bundle.year, k=bundle.rule.min_count)


def burden_hideout(monitor: Monitor, bundle: BurdenBundle, lang: str = "de") -> dict[str, Any]:
    """The bundle's hideout with its words (and each area's burdens) in lang."""
    hideout = bundle.hideout
    if lang != "de":
        labels = criterion_labels(monitor, bundle.rule, lang)
        hideout = dict(hideout, burdens={aid: ", ".join(labels.get(i, i) for i in burdens)
                                         for aid, burdens in zip(bundle.table.index, bundle.table["burdens"]) if burdens})
    return localized_hideout(hideout, lang)


def legend(bundle: BurdenBundle, lang: str = "de") -> list:
    n = len(bundle.rule.criteria) + 1  # one entry per burden count 0..n, then "nicht bewertet"
    entries = [LegendEntry(e.color, legend_label(i, bundle.rule.min_count, lang), e.hatched) for i, e in enumerate(bundle.legend[:n])]
    entries += [LegendEntry(e.color, tt(e.label, lang), e.hatched) for e in bundle.legend[n:]]
    return [html.Div(t("Zahl der Belastungen", lang), className="qm-legend-title"), legend_rows(entries),
            html.Div(t("schwarz umrandet: mehrfach belastet", lang), className="qm-legend-meta")]


def filtered(monitor: Monitor, bundle: BurdenBundle, dimensions: list[str], district: str | None):
    table = bundle.table
    if district:
        owner = district_of(monitor)
        table = table[[owner.get(a) == district for a in table.index]]
    if dimensions:
        table = table[[set(dimensions) <= set(d) for d in table["dimensions"]]]
    return table


def totals_table(bundle: BurdenBundle, table, lang: str = "de") -> html.Table:
    rated = table[table["rated"]]
    rows = []
    for count in range(len(bundle.rule.criteria) + 1):
        part = rated[rated["burden_count"] == count]
        rows.append(html.Tr([html.Th(str(count), scope="row"), html.Td(format_number(len(part), 0, lang), className="qm-num"),
                             html.Td(format_number(float(part["population"].sum()), 0, lang), className="qm-num")],
                            className="qm-multiple" if count >= bundle.rule.min_count else None))
    not_rated = table[~table["rated"]]
    if len(not_rated):
        rows.append(html.Tr([html.Th(t("nicht bewertet", lang), scope="row"),
                             html.Td(format_number(len(not_rated), 0, lang), className="qm-num"), html.Td("–", className="qm-num")]))
    return html.Table([
        html.Caption(t("Gebiete und Einwohner nach Zahl der Belastungen", lang)),
        # "Belastungen" is also the map's unit ("3 burdens"), hence lower case in English; a heading starts upper case
        html.Thead(html.Tr([html.Th(_heading(t("Belastungen", lang)), scope="col"), html.Th(t("Gebiete", lang), scope="col"),
                            html.Th(t("Einwohner", lang), scope="col")])),
        html.Tbody(rows),
    ], className="qm-figures qm-totals")


def ranked_list(monitor: Monitor, bundle: BurdenBundle, table, lang: str = "de") -> list:
    multiple = table[table["multiple"]]
    if multiple.empty:
        return [html.P(t("Kein Gebiet erreicht die Mindestzahl an Belastungen.", lang), className="qm-hint")]
    names = criterion_labels(monitor, bundle.rule, lang)
    # data-dimension stays the German dimension: it is a styling hook, not text
    labels = {c.indicator_id: (names[c.indicator_id], c.dimension) for c in bundle.rule.criteria}
    items = []
    for rank, (area_id, row) in enumerate(multiple.iterrows(), start=1):
        chips = [html.Span(labels[i][0], className="qm-chip", **{"data-dimension": labels[i][1]}) for i in row["burdens"]]
        items.append(html.Li([
            html.Span(f"{rank}.", className="qm-rank"),
            dcc.Link(row["name"], href=f"/gebiet/{area_id}?jahr={bundle.year}", className="qm-area-link"),
            html.Span(f" {area_id}", className="qm-area-id"),
            html.Span(t("{n} Belastungen · {population} Einwohner", lang, n=int(row["burden_count"]),
                        population=format_number(row["population"], 0, lang)), className="qm-burden-meta"),
            html.Div(chips, className="qm-chips"),
        ], className="qm-burden-item", id=f"{P}-item-{area_id}"))
    affected = multiple["population"].sum()
    return [html.P(t("{n} mehrfach belastete Gebiete mit {population} Einwohnerinnen und Einwohnern.", lang,
                     n=format_number(len(multiple), 0, lang), population=format_number(affected, 0, lang)),
                   className="qm-summary"), html.Ol(items, className="qm-burden-list")]


def diff_panel(monitor: Monitor, bundle: BurdenBundle, lang: str = "de") -> list:
    if bundle.diff is None:
        return []
    names = bundle.table["name"]
    def block(label, area_ids):
        return html.Div([html.Strong(f"{label} ({len(area_ids)})"),
                         html.Ul([html.Li(f"{names.get(a, a)} ({a})") for a in area_ids[:200]]) if area_ids else html.P(t("keine", lang))])
    return [html.H3(t("Unterschied zur offiziellen Regel", lang)),
            block(t("Kommen hinzu", lang), bundle.diff["entered"]), block(t("Fallen heraus", lang), bundle.diff["left"])]


def export_csv(monitor: Monitor, bundle: BurdenBundle, table, lang: str = "de") -> str:
    """The list as CSV with the rule text and scenario marker on top (German: semicolons; English: commas)."""
    out = io.StringIO()
    kind = t("SZENARIO (nicht die offizielle Regel)" if not bundle.rule.official else "offizielle Regel", lang)
    labels = criterion_labels(monitor, bundle.rule, lang)
    out.write(t("# Mehrfachbelastung {year} – {kind}\n# Wie wurde das berechnet? {method}\n", lang, year=bundle.year, kind=kind,
                method=describe(bundle.rule, lang, labels)))
    out.write(t("# Datensatz: {title}, Datenstand {release}. Quelle: {attribution}\n", lang, title=monitor.dataset.title,
                release=monitor.dataset.release, attribution=monitor.dataset.attribution))
    writer = csv.writer(out, delimiter=";" if lang == "de" else ",", lineterminator="\n")
    writer.writerow([t(h, lang) for h in ("Gebiet-ID", "Gebiet", "Einwohner", "Zahl der Belastungen", "Belastungen",
                                          "mehrfach belastet", "bewertet")])
    yes, no = t("ja", lang), t("nein", lang)
    for area_id, row in table.iterrows():
        writer.writerow([area_id, row["name"], "" if row["population"] != row["population"] else int(row["population"]),
                         int(row["burden_count"]), ", ".join(labels[i] for i in row["burdens"]),
                         yes if row["multiple"] else no, yes if row["rated"] else no])
    return out.getvalue()


def export_filename(bundle: BurdenBundle, lang: str = "de") -> str:
    name = "mehrfachbelastung-{year}.csv" if bundle.rule.official else "mehrfachbelastung-{year}-szenario.csv"
    return t(name, lang, year=bundle.year)


# -- layout ------------------------------------------------------------------------------------
def layout(ctx: ViewContext, params: dict[str, Any]):
    monitor, lang = ctx.monitor, page_language(params)
    state = resolve(monitor, params)
    rule: BurdenRule | None = state["rule"]
    if rule is None:
        return html.Div([view_nav(PATH, lang), *notice(state["notices"], NOTICE, lang)], className="qm-map-page")
    active = scenario_rule(rule, state["enabled"], state["k"], state["cut"])
    bundle = monitor.burden_bundle(active, state["year"], official=rule)
    table = filtered(monitor, bundle, state["dimensions"], state["district"])
    districts = district_ids(monitor)
    labels = criterion_labels(monitor, rule, lang)
    scenario_panel = [] if monitor.public else [html.Details([
        html.Summary(t("Szenario (nur intern)", lang)),
        html.P(t("Indikatoren an- und abwählen, Mindestzahl k und Schnittregel ändern. Ein Szenario ist nie das offizielle Ergebnis.", lang),
               className="qm-hint"),
        html.Label(t("Indikatoren", lang), htmlFor=ENABLED, className="qm-label"),
        dcc.Checklist(id=ENABLED, options=[{"label": labels[c.indicator_id], "value": c.indicator_id} for c in rule.criteria],
                      value=state["enabled"], className="qm-checklist"),
        html.Label(t("mehrfach belastet ab (k)", lang), htmlFor=K, className="qm-label"),
        dcc.Slider(id=K, min=1, max=len(rule.criteria), step=1, value=state["k"],
                   marks={i: str(i) for i in range(1, len(rule.criteria) + 1)}, allow_direct_input=False),
        html.Label(t("Schnittregel", lang), htmlFor=CUT, className="qm-label"),
        dcc.RadioItems(id=CUT, options=cut_options(lang), value=state["cut"], className="qm-levels"),
        html.Button(t("Zurücksetzen", lang), id=RESET, className="qm-button", n_clicks=0),
    ], id=SCENARIO_BOX, open=not active.official, className="qm-scenario")]
    controls = html.Aside(className="qm-controls", children=[
        html.Label(t("Regel", lang), htmlFor=RULE, className="qm-label"),
        dcc.Dropdown(id=RULE, options=[{"label": t("{rule} (offiziell)", lang, rule=tt(r.label, lang)) if r.official else tt(r.label, lang),
                                        "value": r.id} for r in monitor.burden_rules()],
                     value=rule.id, clearable=False, searchable=False),
        html.Label(t("Jahr", lang), htmlFor=YEAR, className="qm-label"),
        dcc.Dropdown(id=YEAR, options=[{"label": str(y), "value": y} for y in state["years"]], value=state["year"],
                     clearable=False, searchable=False),
        html.Label(t("Nur Gebiete mit Belastungen in allen gewählten Dimensionen", lang), htmlFor=DIMENSIONS, className="qm-label"),
        dcc.Checklist(id=DIMENSIONS, options=[{"label": tt(d, lang), "value": d} for d in dimensions_of(rule)], value=state["dimensions"],
                      className="qm-checklist"),
        html.Label(t("Bezirk", lang), htmlFor=DISTRICT, className="qm-label"),
        dcc.Dropdown(id=DISTRICT, options=[{"label": n, "value": i} for i, n in districts.items()], value=state["district"],
                     placeholder=t("alle Bezirke", lang), clearable=True,
                     labels=dropdown_labels(t("Bezirk suchen", lang), t("Kein Bezirk gefunden", lang), lang)),
        *scenario_panel,
        html.Div(totals_table(bundle, table, lang), id=TOTALS),
    ])
    return html.Div(className="qm-map-page", children=[
        view_nav(PATH, lang),
        *notice(state["notices"], NOTICE, lang),
        html.Div(className="qm-main", children=[
            controls,
            html.Section(className="qm-map-wrap", children=[
                html.H2(title(bundle, lang), id=TITLE, className="qm-map-title" + ("" if active.official else " qm-scenario-title")),
                area_map(MAP, AREAS, ctx, monitor.dataset.level_ids[0], burden_hideout(monitor, bundle, lang),
                         label=t("Karte der Gebiete nach Zahl der Belastungen", lang)),
                html.Div(legend(bundle, lang), id=LEGEND, className="qm-legend"),
            ]),
        ]),
        html.Section(className="qm-burden-results", children=[
            html.Div([html.H3(t("Mehrfach belastete Gebiete", lang)), html.Div(ranked_list(monitor, bundle, table, lang), id=LIST)],
                     className="qm-burden-col"),
            html.Div([
                html.Div(diff_panel(monitor, bundle, lang), id=DIFF),
                html.H3(t("Wie wurde das berechnet?", lang)),
                html.P(describe(bundle.rule, lang, criterion_labels(monitor, bundle.rule, lang)), id=METHOD, className="qm-method"),
                html.Button(t("Liste als CSV herunterladen", lang), id=DOWNLOAD_BUTTON, className="qm-button", n_clicks=0),
                dcc.Download(id=DOWNLOAD),
            ], className="qm-burden-col"),
        ]),
        dcc.Store(id=URL_SYNC),
        dcc.Store(id=URL_SYNCED),
    ])


# -- callbacks -----------------------------------------------------------------------------------
def register_callbacks(app: Dash, ctx: ViewContext) -> None:
    register_colouring(app, AREAS)
    monitor, url_id = ctx.monitor, ctx.url_id
    # Another rule has other indicators (the scenario checklist changes), so it re-renders the page.
    # (The dropdown reports its value once when it mounts; that must not reset the URL's other
    # parameters, so only a rule different from the one the URL shows re-renders the page.)
    @app.callback(Output(url_id, "search", allow_duplicate=True), Input(RULE, "value"), State(url_id, "search"),
                  prevent_initial_call=True)
    def change_rule(rule_id, search):
        current = resolve(monitor, query_params(search))["rule"]
        if monitor.burden_rule(rule_id) is None or (current is not None and current.id == rule_id):
            return no_update
        return view_query({"regel": rule_id}, search)

    inputs = [State(RULE, "value"), Input(YEAR, "value"), Input(DIMENSIONS, "value"), Input(DISTRICT, "value")]
    scenario_inputs = [] if monitor.public else [Input(ENABLED, "value"), Input(K, "value"), Input(CUT, "value")]

    def params_of(rule_id, year, dimensions, district, enabled=None, k=None, cut=None) -> dict[str, Any]:
        rule = monitor.burden_rule(rule_id)
        ids = [c.indicator_id for c in rule.criteria] if rule else []
        dimensions = [d for d in dimensions if isinstance(d, str)] if isinstance(dimensions, list) else []
        params = {"regel": rule_id, "jahr": year, "dimension": ",".join(dimensions), "bezirk": district}
        if enabled is not None:  # scenario parameters only where they differ from the rule
            params.update(aus=",".join(i for i in ids if i not in (enabled if isinstance(enabled, list) else [])),
                          k=k if rule and k != rule.min_count else None, schnitt=cut if cut != "regel" else None)
        return {key: value for key, value in params.items() if value not in (None, "")}

    @app.callback(
        Output(colouring(AREAS), "data"), Output(LEGEND, "children"), Output(TITLE, "children"), Output(TITLE, "className"),
        Output(TOTALS, "children"), Output(LIST, "children"), Output(DIFF, "children"), Output(METHOD, "children"),
        Output(URL_SYNC, "data"),
        *inputs, *scenario_inputs, State(ui_ids.LANG, "data"), prevent_initial_call=True,
    )
    def update(*values):
        *values, lang = values
        lang = language(lang)
        params = params_of(*values)
        state = resolve(monitor, params)
        rule = scenario_rule(state["rule"], state["enabled"], state["k"], state["cut"])
        bundle = monitor.burden_bundle(rule, state["year"], official=state["rule"])
        table = filtered(monitor, bundle, state["dimensions"], state["district"])
        return (burden_hideout(monitor, bundle, lang), legend(bundle, lang),
                title(bundle, lang), "qm-map-title" + ("" if rule.official else " qm-scenario-title"),
                totals_table(bundle, table, lang), ranked_list(monitor, bundle, table, lang), diff_panel(monitor, bundle, lang),
                describe(bundle.rule, lang, criterion_labels(monitor, bundle.rule, lang)), params)

    if not monitor.public:
        @app.callback(Output(ENABLED, "value"), Output(K, "value"), Output(CUT, "value"),
                      Input(RESET, "n_clicks"), State(RULE, "value"), prevent_initial_call=True)
        def reset(_clicks, rule_id):
            rule = monitor.burden_rule(rule_id)
            if rule is None:
                return no_update, no_update, no_update
            return [c.indicator_id for c in rule.criteria], rule.min_count, "regel"

    @app.callback(Output(DOWNLOAD, "data"), Input(DOWNLOAD_BUTTON, "n_clicks"), *[State(i.component_id, i.component_property) for i in inputs + scenario_inputs],
                  State(ui_ids.LANG, "data"), prevent_initial_call=True)
    def download(_clicks, *values):
        *values, lang = values
        lang = language(lang)
        state = resolve(monitor, params_of(*values))
        rule = scenario_rule(state["rule"], state["enabled"], state["k"], state["cut"])
        bundle = monitor.burden_bundle(rule, state["year"], official=state["rule"])
        table = filtered(monitor, bundle, state["dimensions"], state["district"])
        return {"content": export_csv(monitor, bundle, table, lang), "filename": export_filename(bundle, lang), "type": "text/csv"}

    app.clientside_callback(ClientsideFunction(namespace="qm", function_name="syncQuery"),
                            Output(URL_SYNCED, "data"), Input(URL_SYNC, "data"), prevent_initial_call=True)
