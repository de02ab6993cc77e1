"""The multiple-burden view ("Mehrfachbelastung"): which areas are burdened in several dimensions.

Map coloured by burden count (areas at or above k strongly outlined, not rated hatched), totals,
a ranked list with the burdens as chips, filters by dimension and district, and - internally - a
scenario panel. A scenario is always marked as one (title, list, export, URL); "Zurücksetzen"
returns to the official rule exactly. What the view shows is a BurdenState (dashboard/state/burden.py),
read from the URL or from the controls alike.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any

import pandas as pd
from dash import ClientsideFunction, Dash, Input, Output, State, dcc, html, no_update
from dash import ctx as callback_context

from dashboard.export import Column, ExportTable, download
from dashboard.i18n import format_number, language, t, tt
from dashboard.methods.borderline import CUT_RULES
from dashboard.methods.burden import BurdenRule
from dashboard.monitor import BurdenBundle, Monitor
from dashboard.present import burden_rule_name, burden_rule_text, criterion_labels, hideout_words, level_label
from dashboard.present import legend_rows as legend_entries
from dashboard.reports.borderline import burden_flags, rule_distance
from dashboard.state import district_names
from dashboard.state.burden import CUTS, INSIDE, OFFICIAL_CUT, OUTSIDE, BurdenState, dimensions_of
from dashboard.ui import borderline
from dashboard.ui import ids as ui_ids
from dashboard.ui.components import (
    MapFocus,
    ViewContext,
    area_map,
    capitalised,
    colouring,
    controls_panel,
    district_picker,
    explain_links,
    district_title,
    focus_counted,
    focus_note,
    in_focus,
    legend_rows,
    legend_toggle,
    map_focus,
    notice,
    page_language,
    register_colouring,
    view_nav,
    year_options,
)
from dashboard.urls import area_href, query_params, view_query

PATH = BurdenState.PATH
PATHS = (PATH,)
P = "burden"  # id prefix
MAP, AREAS, TITLE, LEGEND, TOTALS, LIST, DIFF, METHOD = (f"{P}-map", f"{P}-areas", f"{P}-title", f"{P}-legend",
                                                          f"{P}-totals", f"{P}-list", f"{P}-diff", f"{P}-method")
RULE, YEAR, DIMENSIONS, DISTRICT = f"{P}-rule", f"{P}-year", f"{P}-dimensions", f"{P}-district"
ENABLED, K, CUT, RESET, SCENARIO_BOX = f"{P}-enabled", f"{P}-k", f"{P}-cut", f"{P}-reset", f"{P}-scenario"
DOWNLOAD, DOWNLOAD_BUTTON, DOWNLOAD_XLSX, NOTICE = f"{P}-download", f"{P}-download-button", f"{P}-download-xlsx", f"{P}-notice"
URL_SYNC, URL_SYNCED = f"{P}-url-sync", f"{P}-url-synced"
KULISSE, LAGE, KULISSE_BOX = f"{P}-kulisse", f"{P}-lage", f"{P}-kulisse-box"
LAGE_LABELS = {INSIDE: "innerhalb (mindestens die Hälfte der Fläche)", OUTSIDE: "außerhalb"}

CUT_LABELS = {
    OFFICIAL_CUT: "wie in der Regel festgelegt",
    "class": "Klasse 3 (hoch)",
    "quantile": "ungünstigstes Viertel der Gebiete",
    "zscore": "z-Wert: mindestens 1 Standardabweichung ungünstiger",
}
CUT_OPTIONS = [{"label": CUT_LABELS[c], "value": c} for c in CUTS]
NOT_RATED = "nicht bewertet"


# -- data of a state ------------------------------------------------------------------------------
def bundle_of(monitor: Monitor, state: BurdenState) -> tuple[BurdenRule, BurdenBundle]:
    """The rule of the state (as the dataset defines it; a scenario is derived from it) and the bundle of
    what it shows (the rule or its scenario)."""
    official = monitor.burden_rule(state.rule)
    return official, monitor.burden_bundle(state.active_rule(official), state.year, official=official)


def district_of(monitor: Monitor) -> dict[str, str]:
    """Smallest-level area -> its top-level district."""
    levels = monitor.dataset.level_ids
    return monitor.ancestor_at(levels[0], levels[-1])


def filtered(monitor: Monitor, bundle: BurdenBundle, dimensions, district: str | None, kulisse: str | None = None,
             lage: str = INSIDE):
    """The bundle's areas in the district, burdened in all the dimensions and inside (at least half of their territory)
    or outside the funding area `kulisse` (docs/ingest.md „Förderkulissen“)."""
    table = bundle.table
    if kulisse:
        inside = monitor.kulisse_inside(kulisse, monitor.dataset.level_ids[0])
        table = table[table.index.isin(inside) == (lage == INSIDE)]
    if district:
        owner = district_of(monitor)
        table = table[[owner.get(a) == district for a in table.index]]
    if dimensions:
        table = table[[set(dimensions) <= set(d) for d in table["dimensions"]]]
    return table


# -- pieces ----------------------------------------------------------------------------------
def cut_options(lang: str = "de") -> list[dict[str, str]]:
    return [{"label": t(o["label"], lang), "value": o["value"]} for o in CUT_OPTIONS]


def rule_name(monitor: Monitor, base: BurdenRule, bundle: BurdenBundle, lang: str = "de") -> str:
    """The rule's label, or a scenario described by its criteria, cut and k (present.burden_rule_name)."""
    return burden_rule_name(bundle.rule, lang, criterion_labels(base, lang, monitor.indicator), base)


def title(monitor: Monitor, state: BurdenState, base: BurdenRule, bundle: BurdenBundle, lang: str = "de") -> str:
    """What the map shows: the rule (a scenario marked and described by what it rates), year, k and the
    filters, so a slide says it all with the controls hidden."""
    marker = "" if bundle.rule.official else t("SZENARIO", lang) + " – "
    text = marker + t("Mehrfachbelastung: {rule}, {year} (mehrfach belastet ab {k})", lang,
                      rule=rule_name(monitor, base, bundle, lang), year=bundle.year, k=bundle.rule.min_count)
    dimensions = (t("nur mit Belastungen in: {dimensions}", lang, dimensions=", ".join(tt(d, lang) for d in state.dimensions))
                  if state.dimensions else "")
    return district_title(text, monitor, state.district, dimensions, kulisse_text(monitor, state, lang))  # "… – Neukölln; nur mit Belastungen in: Umwelt"


def kulisse_text(monitor: Monitor, state: BurdenState, lang: str = "de") -> str:
    """The funding-area filter in words ('' without one)."""
    layer = monitor.kulisse(state.kulisse) if state.kulisse else None
    if layer is None:
        return ""
    if state.lage == INSIDE:
        return t("nur Gebiete innerhalb: {kulisse}", lang, kulisse=layer.label(lang))
    return t("nur Gebiete außerhalb: {kulisse}", lang, kulisse=layer.label(lang))


def kulisse_controls(monitor: Monitor, state: BurdenState, lang: str = "de") -> html.Div:
    """The funding-area filter (kulisse=, lage=): a layer and inside/outside; hidden for a dataset without layers
    (the callback's inputs stay)."""
    layers = monitor.kulissen()
    return html.Div(id=KULISSE_BOX, hidden=not layers, children=[
        html.Label(t("Nur Gebiete innerhalb oder außerhalb einer Förderkulisse", lang), htmlFor=KULISSE, className="qm-label"),
        dcc.Dropdown(id=KULISSE, options=[{"label": lv.label(lang), "value": lv.id} for lv in layers], value=state.kulisse,
                     placeholder=t("alle Gebiete", lang), clearable=True, searchable=False),
        dcc.RadioItems(id=LAGE, options=[{"label": t(LAGE_LABELS[v], lang), "value": v} for v in (INSIDE, OUTSIDE)],
                       value=state.lage, className="qm-levels", inline=True),
    ])


def method_text(monitor: Monitor, base: BurdenRule, bundle: BurdenBundle, lang: str = "de") -> str:
    return burden_rule_text(bundle.rule, lang, criterion_labels(base, lang, monitor.indicator), base)


def focus(ctx: ViewContext, state: BurdenState, bundle: BurdenBundle) -> MapFocus:
    """The map's focus: the district's bounds; areas outside it, or not burdened in all chosen dimensions, fade."""
    keep = (filtered(ctx.monitor, bundle, state.dimensions, None, state.kulisse, state.lage).index
            if state.dimensions or state.kulisse else None)
    return map_focus(ctx, state.district, ctx.monitor.dataset.level_ids[0], keep)


def burden_hideout(monitor: Monitor, bundle: BurdenBundle, lang: str = "de", view: MapFocus | None = None) -> dict[str, Any]:
    """The bundle's colouring with its tooltip words and each area's burdens (criterion labels) in lang, and the
    map's focus (what it shows, which areas fade)."""
    labels = criterion_labels(bundle.rule, lang, monitor.indicator)
    burdens = {aid: ", ".join(labels.get(i, i) for i in ids)
               for aid, ids in zip(bundle.table.index, bundle.table["burdens"]) if ids}
    near = borderline.burden_tooltips(burden_flags(monitor, bundle.rule, bundle.year), labels, lang)  # Grenzfälle
    return hideout_words(dict(bundle.hideout, burdens=burdens, borderline=near, **(view or MapFocus()).hideout()), lang,
                         label=t("Mehrfachbelastung", lang),
                         unit=t("Belastungen", lang), not_rated=NOT_RATED)


def legend(monitor: Monitor, bundle: BurdenBundle, view: MapFocus, lang: str = "de", district: str | None = None) -> list:
    """Counts 0..n in the colours of the map (the rule's fixed palette), each with its number of areas (those in
    the focus when the map has one); the counts from k on carry the map's dashed outline on their swatch too, and
    a line says what the outline (and the faded areas) mean."""
    k = bundle.rule.min_count
    table = in_focus(bundle.table, view)
    rated = table[table["rated"]]
    numbers = {"not_rated": int((~table["rated"]).sum())}
    entries = [replace(e, outlined=e.kind == "count" and int(e.code) >= k) for e in bundle.legend]
    rows = []
    for entry, row in zip(entries, legend_entries(entries, lang, min_count=k)):
        n = int((rated["burden_count"] == int(entry.code)).sum()) if entry.kind == "count" else numbers.get(entry.kind)
        rows.append(replace(row, label=f"{row.label}: {format_number(n, 0, lang)}") if n is not None else row)
    return [html.Div(focus_counted(t("Zahl der Belastungen", lang), monitor, district, lang), className="qm-legend-title"),
            legend_rows(rows),
            html.Div(t("schwarz gestrichelt umrandet: mehrfach belastet (ab {k} Belastungen)", lang, k=k), className="qm-legend-meta"),
            *borderline_legend(monitor, bundle, view, lang),
            *focus_note(view, lang),
            explain_links(lang, anchor="mehrfachbelastung")]


def borderline_legend(monitor: Monitor, bundle: BurdenBundle, view: MapFocus, lang: str = "de") -> list:
    """The Grenzfall row (dotted outline) with its count and how many areas one borderline criterion decides; nothing for a
    rule of published classes only (no cut to be near)."""
    if not any(c.rule in CUT_RULES for c in bundle.rule.criteria):
        return []
    flags = in_focus(burden_flags(monitor, bundle.rule, bundle.year), view)
    just_in, just_out = int((flags["decisive"] == "just_in").sum()), int((flags["decisive"] == "just_out").sum())
    return [borderline.legend_row(int(flags["borderline"].sum()), rule_distance(monitor, bundle.rule), lang),
            html.Div(t("gepunktet umrandet: Grenzfall, strichpunktiert: mehrfach belastet und Grenzfall; {just_in} knapp "
                       "mehrfach belastet, {just_out} knapp nicht mehrfach belastet (ein Grenzfall entscheidet)", lang,
                       just_in=format_number(just_in, 0, lang), just_out=format_number(just_out, 0, lang)),
                     className="qm-legend-meta qm-legend-borderline-meta")]


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
        rows.append(html.Tr([html.Th(t(NOT_RATED, lang), scope="row"),
                             html.Td(format_number(len(not_rated), 0, lang), className="qm-num"), html.Td("–", className="qm-num")]))
    return html.Table([
        html.Caption(t("Gebiete und Einwohner nach Zahl der Belastungen", lang)),
        # "Belastungen" is also the map's unit ("3 burdens"), hence lower case in English; a heading starts upper case
        html.Thead(html.Tr([html.Th(capitalised(t("Belastungen", lang)), scope="col"), html.Th(t("Gebiete", lang), scope="col"),
                            html.Th(t("Einwohner", lang), scope="col")])),
        html.Tbody(rows),
    ], className="qm-figures qm-totals")


def ranked_list(monitor: Monitor, bundle: BurdenBundle, table, lang: str = "de") -> list:
    multiple = table[table["multiple"]]
    if multiple.empty:
        return [html.P(t("Kein Gebiet erreicht die Mindestzahl an Belastungen.", lang), className="qm-hint")]
    names = criterion_labels(bundle.rule, lang, monitor.indicator)
    # data-dimension stays the German dimension: it is a styling hook, not text
    labels = {c.indicator_id: (names[c.indicator_id], c.dimension) for c in bundle.rule.criteria}
    items = []
    for rank, (area_id, row) in enumerate(multiple.iterrows(), start=1):
        chips = [html.Span(labels[i][0], className="qm-chip", **{"data-dimension": labels[i][1]}) for i in row["burdens"]]
        items.append(html.Li([
            html.Span(f"{rank}.", className="qm-rank"),
            dcc.Link(row["name"], href=area_href(area_id, lang, bundle.year), className="qm-area-link"),
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


# -- the download ------------------------------------------------------------------------------------
def export_table(monitor: Monitor, state: BurdenState, lang: str = "de") -> ExportTable:
    """The (filtered) list as a file: one row per area with population, burden count, the burdens by name,
    one flag per criterion (blank = not rated) and the multiply-burdened and rated flags; the rule (a
    scenario marked as one), Stichtag, filters, the criteria's sources and the mode's note above it."""
    base, bundle = bundle_of(monitor, state)
    rule = bundle.rule
    table = filtered(monitor, bundle, state.dimensions, state.district, state.kulisse, state.lage)
    labels = criterion_labels(rule, lang, monitor.indicator)
    ids = [c.indicator_id for c in rule.criteria]
    columns = [Column("area_id", t("Gebiet-ID", lang)), Column("name", t("Gebiet", lang), width=32),
               Column("population", t("Einwohner", lang), "number"),
               Column("burden_count", t("Zahl der Belastungen", lang), "number"),
               Column("burdens", capitalised(t("Belastungen", lang)), width=40),
               Column("multiple", t("mehrfach belastet", lang), "flag"), Column("rated", t("bewertet", lang), "flag"),
               *[Column(f"criterion:{i}", t("belastet: {indicator}", lang, indicator=labels[i]), "flag") for i in ids]]
    rows = []
    for area_id, row in table.iterrows():
        flags = {f"criterion:{i}": None if pd.isna(row[i]) else bool(row[i]) for i in ids}
        rows.append({"area_id": area_id, "name": row["name"], "population": row["population"],
                     "burden_count": int(row["burden_count"]), "burdens": ", ".join(labels[i] for i in row["burdens"]),
                     "multiple": bool(row["multiple"]), "rated": bool(row["rated"]), **flags})
    kind = t("offizielle Regel" if rule.official else "SZENARIO (nicht die offizielle Regel)", lang)
    indicators = [monitor.indicator(i) for i in ids if monitor.indicator(i) is not None]
    dates = list(dict.fromkeys(i.reference_date(bundle.year, lang) for i in indicators))
    lines = [t("Regel: {rule}, mehrfach belastet ab {k} – {kind}", lang, rule=rule_name(monitor, base, bundle, lang),
               k=rule.min_count, kind=kind),
             t("Wie wurde das berechnet? {method}", lang, method=method_text(monitor, base, bundle, lang)),
             t("Jahr {year}, Stichtag {date}", lang, year=bundle.year, date=", ".join(dates))]
    if state.district:
        lines.append(t("Nur {level}: {district}", lang, level=level_label(monitor.dataset, monitor.dataset.level_ids[-1], lang),
                       district=district_names(monitor).get(state.district, state.district)))
    if state.dimensions:
        lines.append(t("Nur Gebiete mit Belastungen in allen gewählten Dimensionen", lang) + ": "
                     + ", ".join(tt(d, lang) for d in state.dimensions))
    if state.kulisse and monitor.kulisse(state.kulisse):
        layer = monitor.kulisse(state.kulisse)
        lines.append(capitalised(kulisse_text(monitor, state, lang)) + " " + t(
            "(innerhalb: mindestens die Hälfte der Fläche des Gebiets liegt in der Kulisse; Quelle: {credit}, Stand {stand})",
            lang, credit=layer.credit(), stand=layer.stand))
    lines += [t("Quelle {label}: {source}", lang, label=i.label(lang), source=i.text("source", lang)) for i in indicators]
    lines.append(t("Öffentliche Fassung: Werte, die wegen geringer Fallzahl oder zur Geheimhaltung nicht veröffentlicht "
                   "werden, gehen nicht in die Bewertung ein (nicht bewertet)." if monitor.public else
                   "Interne Auswertung: bewertet auch Werte mit geringer Fallzahl – nicht veröffentlichen.", lang))
    name = "mehrfachbelastung-{year}" if rule.official else "mehrfachbelastung-{year}-szenario"
    return ExportTable(filename=t(name, lang, year=bundle.year), title=t("Mehrfachbelastung {year} – {kind}", lang,
                       year=bundle.year, kind=kind), columns=columns, rows=rows, lines=lines, sheet=t("Mehrfachbelastung", lang))


# -- layout ------------------------------------------------------------------------------------
def layout(ctx: ViewContext, params: dict[str, Any]):
    monitor, lang = ctx.monitor, page_language(params)
    state = BurdenState.from_query(monitor, params)
    if not state.rule:
        return html.Div([view_nav(PATH, lang), *notice(state.notices, NOTICE, lang)], className="qm-map-page")
    rule, bundle = bundle_of(monitor, state)
    active = bundle.rule
    table = filtered(monitor, bundle, state.dimensions, state.district, state.kulisse, state.lage)
    view = focus(ctx, state, bundle)
    labels = criterion_labels(rule, lang, monitor.indicator)
    scenario_panel = [] if monitor.public else [html.Details([
        html.Summary(t("Szenario (nur intern)", lang)),
        html.P(t("Indikatoren an- und abwählen, Mindestzahl k und Schnittregel ändern. Ein Szenario ist nie das offizielle Ergebnis.", lang),
               className="qm-hint"),
        html.Label(t("Indikatoren", lang), htmlFor=ENABLED, className="qm-label"),
        dcc.Checklist(id=ENABLED, options=[{"label": labels[c.indicator_id], "value": c.indicator_id} for c in rule.criteria],
                      value=state.enabled(rule), className="qm-checklist"),
        html.Label(t("mehrfach belastet ab (k)", lang), htmlFor=K, className="qm-label"),
        dcc.Slider(id=K, min=1, max=len(rule.criteria), step=1, value=active.min_count,
                   marks={i: str(i) for i in range(1, len(rule.criteria) + 1)}, allow_direct_input=False),
        html.Label(t("Schnittregel", lang), htmlFor=CUT, className="qm-label"),
        dcc.RadioItems(id=CUT, options=cut_options(lang), value=state.cut, className="qm-levels"),
        html.Button(t("Zurücksetzen", lang), id=RESET, className="qm-button", n_clicks=0),
    ], id=SCENARIO_BOX, open=not active.official, className="qm-scenario")]
    controls = controls_panel("burden-controls", [
        html.Label(t("Regel", lang), htmlFor=RULE, className="qm-label"),
        dcc.Dropdown(id=RULE, options=[{"label": t("{rule} (offiziell)", lang, rule=tt(r.label, lang)) if r.official else tt(r.label, lang),
                                        "value": r.id} for r in monitor.burden_rules()],
                     value=rule.id, clearable=False, searchable=False),
        html.Label(t("Jahr", lang), htmlFor=YEAR, className="qm-label"),
        dcc.Dropdown(id=YEAR, options=year_options(monitor.burden_years(rule)), value=state.year,
                     clearable=False, searchable=False),
        html.Label(t("Nur Gebiete mit Belastungen in allen gewählten Dimensionen", lang), htmlFor=DIMENSIONS, className="qm-label"),
        dcc.Checklist(id=DIMENSIONS, options=[{"label": tt(d, lang), "value": d} for d in dimensions_of(rule)],
                      value=list(state.dimensions), className="qm-checklist"),
        *district_picker(DISTRICT, monitor, state.district, lang),
        kulisse_controls(monitor, state, lang),
        *scenario_panel,
        html.Div(totals_table(bundle, table, lang), id=TOTALS),
    ], lang)
    return html.Div(className="qm-map-page", children=[
        view_nav(PATH, lang),
        *notice(state.notices, NOTICE, lang),
        html.Div(className="qm-main", children=[
            controls,
            html.Section(className="qm-map-wrap", children=[
                html.H2(title(monitor, state, rule, bundle, lang), id=TITLE,
                        className="qm-map-title" + ("" if active.official else " qm-scenario-title")),
                area_map(MAP, AREAS, ctx, monitor.dataset.level_ids[0], burden_hideout(monitor, bundle, lang, view),
                         label=t("Karte der Gebiete nach Zahl der Belastungen", lang)),
                html.Div(legend(monitor, bundle, view, lang, state.district), id=LEGEND, className="qm-legend"),
                legend_toggle(LEGEND, lang),
            ]),
        ]),
        html.Section(className="qm-burden-results", children=[
            html.Div([html.H3(t("Mehrfach belastete Gebiete", lang)), html.Div(ranked_list(monitor, bundle, table, lang), id=LIST)],
                     className="qm-burden-col"),
            html.Div([
                html.Div(diff_panel(monitor, bundle, lang), id=DIFF),
                html.H3(t("Wie wurde das berechnet?", lang)),
                html.P(method_text(monitor, rule, bundle, lang), id=METHOD, className="qm-method"),
                html.Button(t("Liste als CSV herunterladen", lang), id=DOWNLOAD_BUTTON, className="qm-button", n_clicks=0),
                html.Button(t("Liste als Excel (XLSX) herunterladen", lang), id=DOWNLOAD_XLSX, className="qm-button", n_clicks=0),
                dcc.Download(id=DOWNLOAD),
            ], className="qm-burden-col"),
        ]),
        dcc.Store(id=URL_SYNC),
        dcc.Store(id=URL_SYNCED),
    ])


# -- callbacks -----------------------------------------------------------------------------------
def controls_state(monitor: Monitor, rule_id, year, dimensions, district, kulisse=None, lage=None, enabled=None, k=None,
                   cut=None) -> BurdenState:
    """The view the controls describe, checked and corrected like a URL's parameters (callbacks may
    receive any JSON value: only what a URL could say is taken)."""
    rule = monitor.burden_rule(rule_id)
    ids = [c.indicator_id for c in rule.criteria] if rule else []
    dimensions = [d for d in dimensions if isinstance(d, str)] if isinstance(dimensions, list) else []
    params = {"regel": rule_id, "jahr": year, "dimension": ",".join(dimensions), "bezirk": district, "kulisse": kulisse,
              "lage": lage if kulisse else None}
    if enabled is not None:  # scenario parameters only where they differ from the rule
        enabled = enabled if isinstance(enabled, list) else []
        params.update(aus=",".join(i for i in ids if i not in enabled),
                      k=k if rule and k != rule.min_count else None, schnitt=cut if cut != OFFICIAL_CUT else None)
    return BurdenState.from_query(monitor, {key: value for key, value in params.items() if value not in (None, "")})


def register_callbacks(app: Dash, ctx: ViewContext) -> None:
    register_colouring(app, AREAS)
    monitor, url_id = ctx.monitor, ctx.url_id
    # Another rule has other indicators (the scenario checklist changes), so it re-renders the page.
    # (The dropdown reports its value once when it mounts; that must not reset the URL's other
    # parameters, so only a rule different from the one the URL shows re-renders the page.)
    @app.callback(Output(url_id, "search", allow_duplicate=True), Input(RULE, "value"), State(url_id, "search"),
                  prevent_initial_call=True)
    def change_rule(rule_id, search):
        current = BurdenState.from_query(monitor, query_params(search))
        if monitor.burden_rule(rule_id) is None or current.rule == rule_id:
            return no_update
        return view_query(BurdenState(rule=rule_id).to_query(), search)

    inputs = [State(RULE, "value"), Input(YEAR, "value"), Input(DIMENSIONS, "value"), Input(DISTRICT, "value"),
              Input(KULISSE, "value"), Input(LAGE, "value")]
    scenario_inputs = [] if monitor.public else [Input(ENABLED, "value"), Input(K, "value"), Input(CUT, "value")]

    @app.callback(
        Output(colouring(AREAS), "data"), Output(LEGEND, "children"), Output(TITLE, "children"),
        Output(TITLE, "className"), Output(TOTALS, "children"), Output(LIST, "children"), Output(DIFF, "children"),
        Output(METHOD, "children"), Output(URL_SYNC, "data"),
        *inputs, *scenario_inputs, State(ui_ids.LANG, "data"), prevent_initial_call=True,
    )
    def update(*values):
        *values, lang = values
        lang = language(lang)
        state = controls_state(monitor, *values)
        base, bundle = bundle_of(monitor, state)
        table = filtered(monitor, bundle, state.dimensions, state.district, state.kulisse, state.lage)
        view = focus(ctx, state, bundle)  # another district: the map flies to it (assets/qm_map.js fitView)
        return (burden_hideout(monitor, bundle, lang, view), legend(monitor, bundle, view, lang, state.district),
                title(monitor, state, base, bundle, lang), "qm-map-title" + ("" if bundle.rule.official else " qm-scenario-title"),
                totals_table(bundle, table, lang), ranked_list(monitor, bundle, table, lang), diff_panel(monitor, bundle, lang),
                method_text(monitor, base, bundle, lang), state.to_query())

    if not monitor.public:
        @app.callback(Output(ENABLED, "value"), Output(K, "value"), Output(CUT, "value"),
                      Input(RESET, "n_clicks"), State(RULE, "value"), prevent_initial_call=True)
        def reset(_clicks, rule_id):
            rule = monitor.burden_rule(rule_id)
            if rule is None:
                return no_update, no_update, no_update
            return [c.indicator_id for c in rule.criteria], rule.min_count, OFFICIAL_CUT

    @app.callback(Output(DOWNLOAD, "data"), Input(DOWNLOAD_BUTTON, "n_clicks"), Input(DOWNLOAD_XLSX, "n_clicks"),
                  *[State(i.component_id, i.component_property) for i in inputs + scenario_inputs],
                  State(ui_ids.LANG, "data"), prevent_initial_call=True)
    def download_list(_csv, _xlsx, *values):
        *values, lang = values
        lang = language(lang)
        state = controls_state(monitor, *values)
        kind = "xlsx" if callback_context.triggered_id == DOWNLOAD_XLSX else "csv"
        return download(export_table(monitor, state, lang), monitor.dataset, kind, lang)

    app.clientside_callback(ClientsideFunction(namespace="qm", function_name="syncQuery"),
                            Output(URL_SYNCED, "data"), Input(URL_SYNC, "data"), prevent_initial_call=True)
