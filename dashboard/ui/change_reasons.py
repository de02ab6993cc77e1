"""/veraenderung, below the change map: "Warum hat sich die Klasse geändert?" (issue 17 part 4).

For the chosen von/bis years: per status/dynamics index the nearest two editions (Monitor.index_editions) and the
areas whose status or dynamics class differs, each with its exact decomposition (Monitor.index_change: the
indicators' contributions and the re-standardisation sum to the index change); per burden rule the nearest two
years and the areas that entered or left the multiply burdened set with the burdens that entered and left
(Monitor.burden_change). A district in focus limits the lists to its areas. CSV/XLSX through dashboard/export.py.
Mounted by ui/change.py (layout and register_callbacks, one line each); the Monitor applies the mode (public:
computed from the published values only).
"""
from __future__ import annotations

from typing import Any

import dash
from dash import Dash, Input, Output, State, dcc, html, no_update

from dashboard.export import Column, ExportTable
from dashboard.export import download as export_download
from dashboard.i18n import format_number, language, t, tt
from dashboard.methods.indices import RESTANDARDISATION
from dashboard.monitor import Monitor, nearest_editions
from dashboard.present import (
    CHANGE_DECIMALS,
    CHANGE_PART_NAMES,
    change_part_label,
    class_words,
    criterion_labels,
    signed_text,
)
from dashboard.ui import ids
from dashboard.ui.components import ViewContext, focus_members
from dashboard.urls import area_href

P = "change-reasons"
SECTION, CONTENT, CSV_BUTTON, XLSX_BUTTON, DOWNLOAD = (f"{P}", f"{P}-content", f"{P}-csv", f"{P}-xlsx", f"{P}-download")
TOP_PARTS = 2  # the largest indicator contributions the table names per area
HEADING = "Warum hat sich die Klasse geändert?"
EXPLANATION = ("Zerlegung der Indexänderung: Beitrag eines Indikators = Änderung seines z-Werts mal dessen Gewicht in der "
               "früheren Ausgabe; die Neustandardisierung ist der Rest aus der neuen Streuung und einer geänderten Zahl von "
               "Indikatoren (fällt ein Indikator weg, heben sich sein Teil und die Neustandardisierung großenteils auf). "
               "Beiträge und Neustandardisierung ergeben zusammen genau die Änderung. "
               "Ein höherer Index ist ungünstiger (Status: niedrigerer sozialer Status).")


def _members(monitor: Monitor, district: str | None) -> set[str] | None:
    members = focus_members(monitor, district, monitor.dataset.level_ids[0]) if district else None
    return set(members) if members is not None else None


def index_rows(monitor: Monitor, von: int, bis: int, district: str | None = None) -> list[dict[str, Any]]:
    """Per index definition and part: {definition, part, before, after, areas (frame of the areas whose class changed,
    in focus, largest change first), parts (their decomposition)}; entries without two editions have before None."""
    members = _members(monitor, district)
    out = []
    for definition in monitor.dataset.indices:
        if monitor.index_definition(definition.id) is None:
            continue
        pair = monitor.index_editions(definition, von, bis)
        for part in ("status", "dynamic"):
            if pair is None:
                out.append({"definition": definition, "part": part, "before": None, "after": None})
                continue
            change = monitor.index_change(definition, *pair, part)
            areas = change.areas[change.areas["reason"].isna()]
            areas = areas[areas["class_before"] != areas["class_after"]]
            if members is not None:
                areas = areas[areas.index.isin(members)]
            areas = areas.reindex(areas["change"].abs().sort_values(ascending=False, kind="stable").index)
            out.append({"definition": definition, "part": part, "before": pair[0], "after": pair[1], "areas": areas,
                        "parts": change.parts[change.parts["area_id"].isin(areas.index)]})
    return out


def burden_rows(monitor: Monitor, von: int, bis: int, district: str | None = None) -> list[dict[str, Any]]:
    """Per burden rule: {rule, years, before, after, moved (frame: areas that entered or left the multiply burdened set)}."""
    members = _members(monitor, district)
    out = []
    for rule in monitor.burden_rules():
        years = monitor.burden_years(rule)
        pair = nearest_editions(years, von, bis)
        entry: dict[str, Any] = {"rule": rule, "years": years, "before": pair[0] if pair else None, "after": pair[1] if pair else None}
        if pair:
            moved = monitor.burden_change(rule, *pair)
            moved = moved[moved["movement"].isin(["entered", "left"])]
            if members is not None:
                moved = moved[moved.index.isin(members)]
            entry["moved"] = moved
        out.append(entry)
    return out


def _largest(parts, area_ids, monitor: Monitor, lang: str) -> dict[str, tuple[str, str]]:
    """Per area: its largest indicator contributions ("Transferbezug +0,34; …") and its re-standardisation, from one
    sort of all parts (a filter of the whole frame per area made the panel take 0.8 s for 300 areas)."""
    parts = parts[parts["area_id"].isin(list(area_ids))]
    rest = parts[parts["part"] == RESTANDARDISATION].set_index("area_id")["contribution"]
    indicators = parts[parts["part"] != RESTANDARDISATION]
    order = indicators.assign(size=indicators["contribution"].abs()).sort_values(["area_id", "size"], ascending=[True, False],
                                                                                 kind="stable")
    named: dict[str, list[str]] = {}
    for row in order.groupby("area_id", sort=False).head(TOP_PARTS).to_dict("records"):
        label = change_part_label(row["part"], monitor.indicator, lang)
        if not row["in_after"]:
            label = t("{indicator} (nicht mehr im Index)", lang, indicator=label)
        elif not row["in_before"]:
            label = t("{indicator} (neu im Index)", lang, indicator=label)
        named.setdefault(row["area_id"], []).append(f"{label} {signed_text(row['contribution'], '', CHANGE_DECIMALS, lang)}")
    return {aid: ("; ".join(named.get(aid, [])),
                  signed_text(float(rest[aid]) if aid in rest.index else None, "", CHANGE_DECIMALS, lang)) for aid in area_ids}


def _area_cell(monitor: Monitor, area_id: str, names: dict[str, str], lang: str):
    return html.Td(html.A(names.get(area_id, area_id), href=area_href(area_id, lang)), **{"data-area": area_id})


def index_block(monitor: Monitor, entry: dict[str, Any], names: dict[str, str], lang: str = "de") -> html.Div:
    definition, part = entry["definition"], entry["part"]
    name = t(CHANGE_PART_NAMES[part], lang)
    title = f"{tt(definition.label, lang)} – {name}"
    if entry["before"] is None:
        return html.Div([html.H4(title), html.P(t("Zwischen den gewählten Jahren liegt keine zweite Ausgabe des Index.", lang),
                                                className="qm-hint")], className="qm-change-reasons-block")
    areas = entry["areas"]
    summary = t("Ausgabe {before} → {after}: {n} Gebiete mit anderer Klasse.", lang, before=entry["before"], after=entry["after"],
                n=format_number(len(areas), 0, lang))
    if areas.empty:
        return html.Div([html.H4(title), html.P(summary, className="qm-hint")], className="qm-change-reasons-block",
                        **{"data-index": definition.id, "data-part": part})
    number = lambda v: format_number(v, CHANGE_DECIMALS, lang)  # noqa: E731
    body = []
    largest_of = _largest(entry["parts"], list(areas.index), monitor, lang)
    for area_id, row in areas.iterrows():
        largest, rest = largest_of[area_id]
        body.append(html.Tr([
            _area_cell(monitor, area_id, names, lang),
            html.Td(f"{class_words(part, int(row['class_before']), lang)} → {class_words(part, int(row['class_after']), lang)}"),
            html.Td(f"{number(row['index_before'])} → {number(row['index_after'])}", className="qm-num"),
            html.Td(largest), html.Td(rest, className="qm-num"),
        ], **{"data-area": area_id}))
    head = [t("Gebiet", lang), t("Klasse vorher → nachher", lang), t("Index vorher → nachher", lang),
            t("größte Beiträge", lang), t("Neustandardisierung", lang)]
    return html.Div([
        html.H4(title), html.P(summary, className="qm-hint"),
        html.Div(html.Table([html.Thead(html.Tr([html.Th(h, scope="col") for h in head])), html.Tbody(body)],
                            className="qm-figures qm-change-reasons-table", style={"tableLayout": "auto"}),
                 className="qm-table-wrap", style={"maxHeight": "22rem", "overflowY": "auto"}),
    ], className="qm-change-reasons-block", **{"data-index": definition.id, "data-part": part})


def burden_block(monitor: Monitor, entry: dict[str, Any], names: dict[str, str], lang: str = "de") -> html.Div:
    rule = entry["rule"]
    title = f"{tt(rule.label, lang)} – {t('Mehrfachbelastung', lang)}"
    if entry["before"] is None:
        years = ", ".join(str(y) for y in entry["years"]) or "–"
        return html.Div([html.H4(title), html.P(t("Kein Vergleich: die Regel hat zwischen den gewählten Jahren nur ein Jahr ({years}).",
                                                  lang, years=years), className="qm-hint")],
                        className="qm-change-reasons-block", **{"data-rule": rule.id})
    moved = entry["moved"]
    n_in, n_out = int((moved["movement"] == "entered").sum()), int((moved["movement"] == "left").sum())
    summary = t("{before} → {after}: {n_in} Gebiete neu mehrfach belastet, {n_out} nicht mehr.", lang, before=entry["before"],
                after=entry["after"], n_in=format_number(n_in, 0, lang), n_out=format_number(n_out, 0, lang))
    if moved.empty:
        return html.Div([html.H4(title), html.P(summary, className="qm-hint")], className="qm-change-reasons-block",
                        **{"data-rule": rule.id})
    labels = criterion_labels(rule, lang, monitor.indicator)
    words = lambda ids: ", ".join(labels.get(i, i) for i in ids) or "–"  # noqa: E731
    body = [html.Tr([
        _area_cell(monitor, area_id, names, lang),
        html.Td(t("neu mehrfach belastet", lang) if row["movement"] == "entered" else t("nicht mehr mehrfach belastet", lang)),
        html.Td(f"{row['count_before']} → {row['count_after']}", className="qm-num"),
        html.Td(words(row["entered"])), html.Td(words(row["left"])),
    ], **{"data-area": area_id}) for area_id, row in moved.sort_values("movement", kind="stable").iterrows()]
    head = [t("Gebiet", lang), t("Mehrfachbelastung", lang), t("Belastungen vorher → nachher", lang), t("hinzugekommen", lang),
            t("weggefallen", lang)]
    return html.Div([
        html.H4(title), html.P(summary, className="qm-hint"),
        html.Div(html.Table([html.Thead(html.Tr([html.Th(h, scope="col") for h in head])), html.Tbody(body)],
                            className="qm-figures qm-change-reasons-table", style={"tableLayout": "auto"}),
                 className="qm-table-wrap", style={"maxHeight": "22rem", "overflowY": "auto"}),
    ], className="qm-change-reasons-block", **{"data-rule": rule.id})


def content(monitor: Monitor, von: int, bis: int, district: str | None = None, lang: str = "de") -> list:
    if not monitor.dataset.indices and not monitor.burden_rules():
        return [html.P(t("Für diesen Datensatz sind keine Regeln zur Mehrfachbelastung und kein Index festgelegt.", lang), className="qm-hint")]
    names = monitor.area_names(monitor.dataset.level_ids[0])
    blocks = [index_block(monitor, e, names, lang) for e in index_rows(monitor, von, bis, district)]
    blocks += [burden_block(monitor, e, names, lang) for e in burden_rows(monitor, von, bis, district)]
    return [html.P(t(EXPLANATION, lang), className="qm-method"), *blocks]


def panel(ctx: ViewContext, von: int, bis: int, district: str | None = None, lang: str = "de") -> html.Section:
    """The section under the change map (first render in the layout; the callback below follows von/bis/district)."""
    monitor = ctx.monitor
    if not monitor.dataset.indices and not monitor.burden_rules():
        return html.Section(id=SECTION, hidden=True)
    # laid out like the burden view's results under its map (assets/qm.css .qm-burden-results)
    return html.Section(id=SECTION, className="qm-change-reasons", children=[
        html.H3(t(HEADING, lang)),
        html.Div(content(monitor, von, bis, district, lang), id=CONTENT),
        html.Button(t("Zerlegung als CSV herunterladen", lang), id=CSV_BUTTON, className="qm-button", n_clicks=0),
        html.Button(t("Zerlegung als Excel (XLSX) herunterladen", lang), id=XLSX_BUTTON, className="qm-button", n_clicks=0),
        dcc.Download(id=DOWNLOAD),
    ])


def export_table(monitor: Monitor, von: int, bis: int, district: str | None = None, lang: str = "de") -> ExportTable:
    """Every part of the decomposition of each area whose class changed (one row per area and part), then per burden
    rule the areas that entered or left the multiply burdened set with the burdens that entered and left."""
    names = monitor.area_names(monitor.dataset.level_ids[0])
    rows = []
    for entry in index_rows(monitor, von, bis, district):
        if entry["before"] is None:
            continue
        what = f"{tt(entry['definition'].label, lang)} – {t(CHANGE_PART_NAMES[entry['part']], lang)}"
        areas = entry["areas"]
        for p in entry["parts"].to_dict("records"):
            row = areas.loc[p["area_id"]]
            rows.append({"what": what, "area_id": p["area_id"], "area": names.get(p["area_id"], ""), "before": entry["before"],
                         "after": entry["after"], "class_before": class_words(entry["part"], int(row["class_before"]), lang),
                         "class_after": class_words(entry["part"], int(row["class_after"]), lang),
                         "index_before": row["index_before"], "index_after": row["index_after"], "part_id": p["part"],
                         "part": change_part_label(p["part"], monitor.indicator, lang), "z_before": p["z_before"],
                         "z_after": p["z_after"], "contribution": p["contribution"], "entered": "", "left": ""})
    for entry in burden_rows(monitor, von, bis, district):
        if entry["before"] is None:
            continue
        labels = criterion_labels(entry["rule"], lang, monitor.indicator)
        for area_id, row in entry["moved"].iterrows():
            rows.append({"what": tt(entry["rule"].label, lang), "area_id": area_id, "area": names.get(area_id, ""),
                         "before": entry["before"], "after": entry["after"],
                         "class_before": t("mehrfach belastet", lang) if row["multiple_before"] else t("nicht mehrfach belastet", lang),
                         "class_after": t("mehrfach belastet", lang) if row["multiple_after"] else t("nicht mehrfach belastet", lang),
                         "index_before": row["count_before"], "index_after": row["count_after"],
                         "entered": ", ".join(labels.get(i, i) for i in row["entered"]),
                         "left": ", ".join(labels.get(i, i) for i in row["left"])})
    columns = [Column("what", t("Index oder Regel", lang), width=40), Column("area_id", t("Gebiet (Kennung)", lang)),
               Column("area", t("Gebiet", lang), width=28), Column("before", t("von", lang)), Column("after", t("bis", lang)),
               Column("class_before", t("Klasse vorher", lang), width=24), Column("class_after", t("Klasse nachher", lang), width=24),
               Column("index_before", t("Index vorher (Regel: Belastungen)", lang), "number", decimals=3),
               Column("index_after", t("Index nachher (Regel: Belastungen)", lang), "number", decimals=3),
               Column("part_id", t("Teil (Kennung)", lang)), Column("part", t("Teil", lang), width=36),
               Column("z_before", t("z-Wert vorher", lang), "number", decimals=3),
               Column("z_after", t("z-Wert nachher", lang), "number", decimals=3),
               Column("contribution", t("Beitrag zur Indexänderung", lang), "number", decimals=3),
               Column("entered", t("hinzugekommen", lang), width=28), Column("left", t("weggefallen", lang), width=28)]
    district_name = monitor.area(district)["name"] if district and monitor.area(district) else None
    title = t("Warum hat sich die Klasse geändert? {von}–{bis}", lang, von=von, bis=bis) + (f" – {district_name}" if district_name else "")
    return ExportTable(filename=t("klassenwechsel-{von}-{bis}", lang, von=von, bis=bis), title=title, columns=columns, rows=rows,
                       lines=[t(EXPLANATION, lang)], sheet=t("Klassenwechsel", lang))


def register_callbacks(app: Dash, ctx: ViewContext, controls: dict[str, str]) -> None:
    """The panel follows the change view's controls; `controls` names their ids (keys indicator, level, von, bis,
    district), handed over by ui/change.py, whose part this panel is (it imports no view)."""
    from dashboard.state.change import ChangeState

    INDICATOR, LEVEL, FROM, TO, DISTRICT = (controls[k] for k in ("indicator", "level", "von", "bis", "district"))
    monitor = ctx.monitor

    def state_of(indicator_id, level, von, bis, district) -> ChangeState | None:
        state = ChangeState.from_query(monitor, {"indikator": indicator_id, "ebene": level, "von": von, "bis": bis, "bezirk": district})
        return state if state.indicator is not None else None

    @app.callback(Output(CONTENT, "children"), Input(FROM, "value"), Input(TO, "value"), Input(DISTRICT, "value"),
                  State(INDICATOR, "value"), State(LEVEL, "value"), State(ids.LANG, "data"), prevent_initial_call=True)
    def update(von, bis, district, indicator_id, level, lang):
        state = state_of(indicator_id, level, von, bis, district)  # checks the years and the district as the map does
        if state is None:
            return no_update
        return content(monitor, state.von, state.bis, state.district, language(lang))

    @app.callback(Output(DOWNLOAD, "data"), Input(CSV_BUTTON, "n_clicks"), Input(XLSX_BUTTON, "n_clicks"),
                  State(INDICATOR, "value"), State(LEVEL, "value"), State(FROM, "value"), State(TO, "value"),
                  State(DISTRICT, "value"), State(ids.LANG, "data"), prevent_initial_call=True)
    def download(_csv, _xlsx, indicator_id, level, von, bis, district, lang):
        state = state_of(indicator_id, level, von, bis, district)
        if state is None or not dash.ctx.triggered_id:
            return no_update
        lang = language(lang)
        kind = "xlsx" if dash.ctx.triggered_id == XLSX_BUTTON else "csv"
        return export_download(export_table(monitor, state.von, state.bis, state.district, lang), monitor.dataset, kind, lang)
