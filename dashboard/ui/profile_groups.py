"""The profile's "Bevölkerungsgruppen" and the parts the view /gruppen shares with it: per group set a table (group,
share in the area, its parent and the city, count) and bars side by side (area, parent, city; plain HTML, no chart
library), and the download table. Data from dashboard/reports/groups.py (through the Monitor only, so public mode
shows what disclosure control published: a withheld group reads "keine Angabe (geringe Fallzahl)").

Called from dashboard/ui/profile.py (one line) and dashboard/ui/groups.py (the view).
"""
from __future__ import annotations

from typing import Any

from dash import html

from dashboard.export import Column, ExportTable
from dashboard.group_sets import GroupSet
from dashboard.i18n import format_number, t
from dashboard.monitor import Monitor
from dashboard.present import SUPPRESSED_INTERNAL_TEXT, SUPPRESSED_TEXT, level_label
from dashboard.reports import groups as report
from dashboard.reports.groups import COUNT_DERIVED, Figure, GroupBreakdown, GroupRow
from dashboard.ui.components import capitalised
from dashboard.urls import href, indicator_href

SECTION = "profile-groups"
PATH = "/gruppen"
HINT = ("Anteil jeder Gruppe an allen Einwohnerinnen und Einwohnern des Gebiets, daneben das übergeordnete Gebiet und "
        "die Gesamtstadt. Höhere Ebenen sind aus den Zahlen der Planungsräume berechnet (Summe der Gruppe durch Summe "
        "der Einwohner, kein Mittel der Anteile). Kleine Zahlen werden je Gruppe zurückgehalten.")
COMPLEMENT_NOTE = "Berechnet als 100 % minus „{label}“."
DERIVED_NOTE = "Anzahl = Anteil × Einwohnerzahl (nur intern; öffentlich nur, wo die Zahl selbst veröffentlicht ist)."
INTERVAL_NOTE = ("Unter dem Anteil des Gebiets: 95-%-Intervall (Wilson-Score aus Zähler und Nenner) – der Bereich, in "
                 "dem der Anteil bei zufälliger Schwankung kleiner Zahlen plausibel liegt.")
PUBLIC_COUNT_NOTE = "Anzahl „–“: die Zahl der Gruppe wird nicht eigens veröffentlicht."
EMPTY = "Dieser Datensatz hat keine Bevölkerungsgruppen."
EMPTY_DETAIL = ("Gruppen werden in dataset.toml als [[group_sets]] beschrieben (Anteils-Indikatoren je Gruppe mit "
                "Zähler und Nenner); siehe docs/ingest.md, Abschnitt „Gruppen“.")


def withheld_text(monitor: Monitor, lang: str) -> str:
    return t(SUPPRESSED_INTERNAL_TEXT if not monitor.public else SUPPRESSED_TEXT, lang)


def share_text(monitor: Monitor, figure: Figure, decimals: int, lang: str) -> str:
    """"21,9 %", "≈ 21,9 %" for an estimate, "keine Angabe (geringe Fallzahl)" for a withheld one, "–" without value;
    internally a withheld value is shown with its marker."""
    if figure.withheld and figure.value is None:
        return withheld_text(monitor, lang)
    if figure.value is None:
        return "–"
    text = ("≈\u00a0" if figure.estimate else "") + f"{format_number(figure.value, decimals, lang)}\u00a0%"  # one line
    return f"{text} ({withheld_text(monitor, lang)})" if figure.withheld else text


def interval_text(interval: tuple[float, float], decimals: int, lang: str) -> str:
    """"21,0–22,9" (the share's 95 % interval, in percent)."""
    return f"{format_number(interval[0], decimals, lang)}–{format_number(interval[1], decimals, lang)}"


def count_text(monitor: Monitor, figure: Figure, kind: str | None, lang: str) -> str:
    if kind is None:
        return "–"
    if figure.withheld and figure.value is None:
        return withheld_text(monitor, lang)
    if figure.value is None:
        return "–"
    text = ("≈\u00a0" if figure.estimate or kind == COUNT_DERIVED else "") + format_number(round(figure.value), 0, lang)
    return f"{text} ({withheld_text(monitor, lang)})" if figure.withheld else text


def _group_label(monitor: Monitor, row: GroupRow, rows: list[GroupRow], lang: str) -> list:
    label = row.group.label_for(lang)
    link = html.A(label, href=indicator_href(row.group.indicator, lang), className="qm-group-link")
    if not row.group.complement:
        return [link]
    other = next((r.group.label_for(lang) for r in rows if r.group.indicator == row.group.indicator and not r.group.complement),
                 monitor.indicator(row.group.indicator).label(lang))
    return [link, html.Br(), html.Small(t(COMPLEMENT_NOTE, lang, label=other), className="qm-hint")]


def columns(monitor: Monitor, data: GroupBreakdown, lang: str) -> list[tuple[str, str, str]]:
    """(key, name, short heading) of the area, parent and city columns present: the headings stay short (the area,
    the parent's level, the city's name) so that four numbers fit beside the groups on a phone; legend() names them."""
    out = [("share", data.area["name"], t("Gebiet", lang))]
    if data.parent is not None:
        out.append(("parent", data.parent["name"], level_label(monitor.dataset, data.parent["level"], lang)))
    if data.city is not None and data.city["area_id"] != data.area["area_id"]:
        name = data.city["name"] or t("Gesamtstadt", lang)
        out.append(("city", name, name))
    return out


def legend(monitor: Monitor, data: GroupBreakdown, lang: str) -> html.P:
    """Which area each column is: "Gebiet: Gropiusstadt Mitte (Planungsraum) · Bezirksregion: Gropiusstadt Ost · …"."""
    parts = [f"{t('Gebiet', lang)}: {data.area['name']} ({level_label(monitor.dataset, data.area['level'], lang)} {data.area['area_id']})"]
    if data.parent is not None:
        parts.append(f"{level_label(monitor.dataset, data.parent['level'], lang)}: {data.parent['name']} ({data.parent['area_id']})")
    return html.P(" · ".join(parts), className="qm-hint qm-groups-legend")


def table(monitor: Monitor, data: GroupBreakdown, group_set: GroupSet, rows: list[GroupRow], lang: str) -> html.Table:
    cols = columns(monitor, data, lang)
    head = [html.Th(t("Gruppe", lang), scope="col")]
    head += [html.Th(heading, scope="col", className="qm-num", title=name) for _key, name, heading in cols]
    head.append(html.Th(capitalised(t("Anzahl", lang)), scope="col", className="qm-num", title=t("Anzahl im Gebiet", lang)))
    body = []
    for row in rows:
        cells = [html.Th(_group_label(monitor, row, rows, lang), scope="row")]
        for key, _name, _heading in cols:
            content: list = [share_text(monitor, getattr(row, key), row.decimals, lang)]
            if key == "share" and row.interval is not None:  # the area's 95 % interval under its share
                content += [html.Br(), html.Small(interval_text(row.interval, row.decimals, lang), className="qm-group-interval",
                                                  title=t("95-%-Intervall", lang))]
            cells.append(html.Td(content, className="qm-num"))
        cells.append(html.Td(count_text(monitor, row.count, row.count_kind, lang), className="qm-num"))
        body.append(html.Tr(cells, **{"data-group": row.group.key}))
    caption = f"{group_set.label_for(lang)} – {t('Anteil an allen Einwohnerinnen und Einwohnern', lang)}"
    return html.Table([html.Caption(caption), html.Thead(html.Tr(head)), html.Tbody(body)],
                      className="qm-figures qm-groups-table", **{"data-set": group_set.id})


def bars(monitor: Monitor, data: GroupBreakdown, group_set: GroupSet, rows: list[GroupRow], lang: str) -> html.Div:
    """Horizontal bars per group: area, parent, city; lengths relative to the set's largest shown share (the numbers
    stand at each bar; the table above holds them too, so the bars are hidden from screen readers)."""
    cols = columns(monitor, data, lang)
    shown = [getattr(r, k).value for r in rows for k, _n, _h in cols if getattr(r, k).value is not None and not getattr(r, k).withheld]
    top = max(shown, default=0) or 1.0
    groups = []
    for row in rows:
        lines = []
        for index, (key, name, _heading) in enumerate(cols):
            figure = getattr(row, key)
            width = 0.0 if figure.value is None or figure.withheld else max(0.0, figure.value) / top * 100
            lines.append(html.Div([
                html.Span(name, className="qm-groupbar-name"),
                html.Span(html.Span(className=f"qm-groupbar-fill qm-groupbar-{index}", style={"width": f"{width:.1f}%"}),
                          className="qm-groupbar-track"),
                html.Span(share_text(monitor, figure, row.decimals, lang), className="qm-groupbar-value"),
            ], className="qm-groupbar-line"))
        groups.append(html.Div([html.Div(row.group.label_for(lang), className="qm-groupbar-label"), *lines],
                               className="qm-groupbar-group"))
    return html.Div(groups, className="qm-groupbars", **{"aria-hidden": "true"})


def base_line(monitor: Monitor, data: GroupBreakdown, lang: str) -> html.P | None:
    base = data.base.get("area")
    if base is None or (base.value is None and not base.withheld):
        return None
    label = monitor.indicator(data.sets[0][0].base).label(lang) if data.sets else ""
    value = withheld_text(monitor, lang) if base.value is None else format_number(base.value, 0, lang)
    return html.P(t("{label} im Gebiet ({year}): {value}", lang, label=label, year=data.year, value=value),
                  className="qm-hint qm-groups-base")


def notes(monitor: Monitor, data: GroupBreakdown, lang: str) -> list:
    out = []
    if any(r.interval is not None for r in data.rows):
        out.append(html.P([t(INTERVAL_NOTE, lang), " ", html.A(t("Methodik", lang), href=href("/methodik", {}, lang))],
                          className="qm-hint"))
    if any(r.count_kind == COUNT_DERIVED for r in data.rows):
        out.append(html.P(t(DERIVED_NOTE, lang), className="qm-hint"))
    if any(r.count_kind is None for r in data.rows):
        out.append(html.P(t(PUBLIC_COUNT_NOTE, lang), className="qm-hint"))
    if any(getattr(r, k).estimate for r in data.rows for k in ("share", "parent", "city")):
        out.append(html.P(t("≈ = Schätzung (z. B. aus den LOR 2006 übertragen; siehe Steckbrief des Indikators).", lang),
                          className="qm-hint"))
    return out


def view_href(area_id: str, year: int | None, lang: str = "de") -> str:
    return href(PATH, {"gebiet": area_id, **({"jahr": year} if year else {})}, lang)


def section(monitor: Monitor, area_id: str, year: int, lang: str = "de", number: str = "") -> list:
    """The profile section (a list: empty for a dataset without group sets or an area without group values)."""
    area = monitor.area(area_id)
    if area is None or not report.group_sets(monitor):
        return []
    shown_year = report.view_year(monitor, area["level"], year)
    data = report.breakdown(monitor, area_id, shown_year) if shown_year else None
    if data is None or not data.has_values:
        return []
    children: list = [html.H3(f"{number} {t('Bevölkerungsgruppen', lang)}".strip()),
                      html.P([t(HINT, lang), " ", t("Stand: {year}.", lang, year=shown_year)], className="qm-hint")]
    base = base_line(monitor, data, lang)
    children += [base] if base is not None else []
    children.append(legend(monitor, data, lang))
    for group_set, rows in data.sets:
        children.append(html.Div(table(monitor, data, group_set, rows, lang), className="qm-table-wrap qm-groups-wrap"))
    children += notes(monitor, data, lang)
    children.append(html.P(html.A(t("Gruppen im Vergleich mit Diagramm und Download", lang),
                                  href=view_href(area_id, shown_year, lang)), className="qm-no-print"))
    return [html.Section(id=SECTION, className="qm-profile-section qm-profile-groups", children=children)]


def export_table(monitor: Monitor, data: GroupBreakdown, lang: str = "de") -> ExportTable:
    """The view's download: one row per group, the shares of area, parent and city and the count (withheld: empty
    cells with the flag; public mode carries only published figures)."""
    parent = data.parent["name"] if data.parent else ""
    city = data.city["name"] if data.city else ""
    rows: list[dict[str, Any]] = []
    for group_set, set_rows in data.sets:
        for row in set_rows:
            value = lambda f: None if f.withheld and monitor.public else f.value  # noqa: E731
            rows.append({"set": group_set.label_for(lang), "group": row.group.label_for(lang), "indicator": row.group.indicator,
                         "complement": row.group.complement, "share": value(row.share), "withheld": row.share.withheld,
                         "parent": value(row.parent), "city": value(row.city),
                         "count": None if row.count_kind is None else value(row.count),
                         "count_kind": t("veröffentlichte Zahl", lang) if row.count_kind == report.COUNT_PUBLISHED
                         else t("Anteil × Einwohnerzahl (intern)", lang) if row.count_kind == COUNT_DERIVED else "",
                         "lower": row.interval[0] if row.interval else None, "upper": row.interval[1] if row.interval else None,
                         "estimate": row.share.estimate, "decimals": row.decimals})
    cols = [Column("set", t("Gruppensatz", lang), width=28), Column("group", t("Gruppe", lang), width=36),
            Column("indicator", t("Indikator (Kennung)", lang)),
            Column("complement", t("Ergänzung (100 % minus Indikator)", lang), "flag"),
            Column("share", t("Anteil im Gebiet (%)", lang), "number", decimals_key="decimals"),
            Column("lower", t("95-%-Intervall, untere Grenze (%)", lang), "number", decimals_key="decimals"),
            Column("upper", t("95-%-Intervall, obere Grenze (%)", lang), "number", decimals_key="decimals"),
            Column("withheld", t("geringe Fallzahl", lang), "flag")]
    if data.parent is not None:
        cols.append(Column("parent", t("Anteil {name} (%)", lang, name=parent), "number", decimals_key="decimals"))
    if data.city is not None:
        cols.append(Column("city", t("Anteil {name} (%)", lang, name=city), "number", decimals_key="decimals"))
    cols += [Column("count", t("Anzahl im Gebiet", lang), "number"), Column("count_kind", t("Herkunft der Anzahl", lang), width=28),
             Column("estimate", t("Schätzung", lang), "flag")]
    area = data.area
    title = t("Bevölkerungsgruppen – {name} ({level} {area_id}), {year}", lang, name=area["name"],
              level=level_label(monitor.dataset, area["level"], lang), area_id=area["area_id"], year=data.year)
    return ExportTable(filename=f"gruppen_{area['area_id']}_{data.year}", title=title, columns=cols, rows=rows,
                       lines=[t(HINT, lang)], sheet=t("Gruppen", lang))
