"""The profile's "Soziale Infrastruktur" (Bezirksregionenprofil, Handbuch 2.6): the facilities inside the area by
layer (dashboard/facilities.py in_area through Monitor.facilities), official layers first, the OpenStreetMap layers
apart under their ODbL credit; per layer the count, the sum of the capacity with its label ("Plätze"), Stand and
source, and on screen the names with category, capacity and address (long lists folded behind a <details> summary,
very long ones cut with a link to the map). Print keeps the compact table only (the lists carry qm-no-print), so a
Bezirk's several hundred Kitas do not add pages. The supply ratios (e.g. Kitaplätze je 100 Kinder unter 6) are
ordinary indicators and stand among the key figures.

Downloads: the summary as lines above the key figures (CSV and XLSX) and every facility on the workbook's sheet
"Einrichtungen" (XLSX only). Called from dashboard/ui/profile.py (one line each); data only through the Monitor.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Any

from dash import html

from dashboard.export import Column, ExportTable
from dashboard.i18n import format_date, format_number, t
from dashboard.monitor import Monitor
from dashboard.ui.components import capitalised
from dashboard.urls import href

SECTION = "profile-facilities"
OPEN_UP_TO = 12  # a list this short is open on screen at the smallest level
LIST_LIMIT = 300  # names listed per layer; beyond that the map shows them (a city's thousands of Kitas)
HINT = ("Einrichtungen im Gebiet nach Art: Anzahl, Summe der Kapazität (soweit angegeben), Stand und Quelle. "
        "Versorgungskennzahlen wie Kitaplätze je Kind stehen bei den Kennzahlen. Die Namen und Adressen stehen nur "
        "auf dem Bildschirm, nicht im Druck.")
OSM_HINT = ("Aus OpenStreetMap (Open Database License, ODbL 1.0): von Freiwilligen erfasst, nicht vollständig und nicht "
            "Teil der amtlichen Kennzahlen; getrennt von den amtlichen Ebenen gehalten.")


def stand_text(stand: str, lang: str = "de") -> str:
    """A layer's Stand as written at import: '2026-01' -> '01/2026', an ISO date formatted, anything else as is."""
    if re.fullmatch(r"\d{4}-\d{2}", stand or ""):
        return f"{stand[5:]}/{stand[:4]}"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", stand or ""):
        return format_date(date.fromisoformat(stand), lang)
    return stand or "–"


def capacity_text(group: dict[str, Any], lang: str = "de") -> str:
    """'1.234 Plätze', with '(3 ohne Angabe)' when some points have no capacity; '–' for a layer without any."""
    if group["capacity"] is None:
        return "–"
    label = group["layer"].capacity_label(lang)
    text = format_number(group["capacity"], 0, lang) + (f" {label}" if label else "")
    if group["without_capacity"]:
        text += " " + t("({n} ohne Angabe)", lang, n=format_number(group["without_capacity"], 0, lang))
    return text


def _layer_name(monitor: Monitor, layer, lang: str) -> list:
    name: list = [html.Span(className="qm-overlay-swatch qm-overlay-swatch-points", style={"--qm-overlay-color": layer.color}),
                  layer.label(lang)]
    if not monitor.public and not layer.public:
        name.append(html.Span(f" ({t('nur intern', lang)})", className="qm-facility-internal"))
    return name


def _table(monitor: Monitor, groups: list[dict[str, Any]], caption: str, lang: str) -> html.Table:
    rows = [html.Tr([html.Th(_layer_name(monitor, g["layer"], lang), scope="row"),
                     html.Td(format_number(g["count"], 0, lang), className="qm-num"),
                     html.Td(capacity_text(g, lang), className="qm-num"),
                     html.Td(stand_text(g["layer"].stand, lang))], **{"data-layer": g["layer"].id})
            for g in groups]
    return html.Table([
        html.Caption(caption),
        html.Thead(html.Tr([html.Th(capitalised(t(text, lang)), scope="col")  # "Anzahl" is "count" in English
                            for text in ("Art der Einrichtung", "Anzahl", "Kapazität", "Stand")])),
        html.Tbody(rows),
    ], className="qm-figures qm-facilities-table")


def _entry(row: Any, group: dict[str, Any], lang: str) -> html.Li:
    details = [str(row.category)] if isinstance(row.category, str) and row.category else []
    if row.capacity == row.capacity and row.capacity is not None:
        label = group["layer"].capacity_label(lang) or t("Kapazität", lang)
        details.append(f"{format_number(float(row.capacity), 0, lang)} {label}")
    address = row.address if isinstance(row.address, str) and row.address else ""
    return html.Li([html.Strong(row.name if isinstance(row.name, str) and row.name else t("ohne Namen", lang)),
                    *([" – ", ", ".join(details)] if details else []),
                    *([html.Br(), html.Span(address, className="qm-facility-address")] if address else [])])


def _lists(monitor: Monitor, groups: list[dict[str, Any]], map_link: str, smallest: bool, lang: str) -> list:
    out = []
    for group in groups:
        if not group["count"]:
            continue
        frame = group["points"]
        items = [_entry(row, group, lang) for row in frame.head(LIST_LIMIT).itertuples(index=False)]
        if len(frame) > LIST_LIMIT:
            items.append(html.Li(html.A(t("… und {n} weitere: alle auf der Karte", lang, n=format_number(len(frame) - LIST_LIMIT, 0, lang)),
                                        href=map_link), className="qm-facility-more"))
        summary = t("{layer}: {n} – Namen und Adressen", lang, layer=group["layer"].label(lang), n=format_number(group["count"], 0, lang))
        out.append(html.Details([html.Summary(summary), html.Ul(items, className="qm-facility-list")],
                                open=smallest and group["count"] <= OPEN_UP_TO, className="qm-facility-details qm-no-print",
                                **{"data-layer": group["layer"].id}))
    return out


def _sources(groups: list[dict[str, Any]], lang: str) -> html.Ul:
    return html.Ul([html.Li(f"{g['layer'].label(lang)}: {g['layer'].source or g['layer'].attribution}"
                            + (f" – {g['layer'].attribution}" if g["layer"].source and g["layer"].attribution not in g["layer"].source else ""))
                    for g in groups], className="qm-hint qm-facility-sources")


def _map_link(monitor: Monitor, area_id: str, groups: list[dict[str, Any]], lang: str) -> str:
    """The map with these layers on, zoomed to the area (the area itself at the smallest level, else its parts)."""
    smallest = monitor.dataset.level_ids[0]
    area = monitor.area(area_id) or {}
    place = {"gebiet": area_id} if area.get("level") == smallest else {"fokus": area_id} if monitor.focus_for(area_id, smallest) else {}
    return href("/", {"ebene": smallest, **place, "ebenen": ",".join(g["layer"].id for g in groups)}, lang)


def section(monitor: Monitor, area_id: str, lang: str = "de", number: str = "") -> list:
    """The section (as a list: empty for a dataset without facilities)."""
    groups = monitor.facilities(area_id)
    if not groups:
        return []
    area = monitor.area(area_id) or {}
    smallest = area.get("level") == monitor.dataset.level_ids[0]
    official = [g for g in groups if g["layer"].group != "openstreetmap"]
    osm = [g for g in groups if g["layer"].group == "openstreetmap"]
    link = _map_link(monitor, area_id, groups, lang)
    children: list = [html.H3(f"{number} {t('Soziale Infrastruktur', lang)}".strip()), html.P(t(HINT, lang), className="qm-hint")]
    if official:
        children += [_table(monitor, official, t("Einrichtungen im Gebiet", lang), lang),
                     *_lists(monitor, official, link, smallest, lang), _sources(official, lang)]
    if osm:
        children += [html.H4(t("OpenStreetMap", lang)), html.P(t(OSM_HINT, lang), className="qm-hint"),
                     _table(monitor, osm, t("Orte aus OpenStreetMap im Gebiet", lang), lang),
                     *_lists(monitor, osm, link, smallest, lang), _sources(osm, lang)]
    children.append(html.P(html.A(t("Einrichtungen auf der Karte zeigen", lang), href=link), className="qm-no-print"))
    return [html.Section(id=SECTION, className="qm-profile-section qm-profile-facilities", children=children)]


def export_lines(monitor: Monitor, area_id: str, lang: str = "de") -> list[str]:
    """One summary line per layer above the exported key figures (CSV comment lines, XLSX header rows)."""
    out = []
    for g in monitor.facilities(area_id):
        layer = g["layer"]
        parts = [t("{n} Einrichtungen", lang, n=format_number(g["count"], 0, lang)) if g["count"] != 1 else t("1 Einrichtung", lang)]
        if g["capacity"] is not None:
            parts.append(capacity_text(g, lang))
        out.append(t("Soziale Infrastruktur, {layer}: {parts} (Stand {stand}; {credit})", lang, layer=layer.label(lang),
                     parts=", ".join(parts), stand=stand_text(layer.stand, lang), credit=layer.attribution))
    return out


def export_sheet(monitor: Monitor, area_id: str, title: str, lang: str = "de") -> ExportTable | None:
    """The sheet "Einrichtungen" of the profile's workbook: every facility inside the area (None without any)."""
    groups = [g for g in monitor.facilities(area_id) if g["count"]]
    if not groups:
        return None
    names = monitor.area_names(monitor.dataset.level_ids[0])
    rows = []
    for g in groups:
        layer = g["layer"]
        for row in g["points"].to_dict("records"):
            capacity = row["capacity"] if row["capacity"] == row["capacity"] else None
            rows.append({"layer": layer.label(lang), "name": row["name"] or "", "category": row["category"] or "",
                         "capacity": capacity, "capacity_label": layer.capacity_label(lang) if capacity is not None else "",
                         "address": row["address"] or "", "area_id": row["area_id"], "area": names.get(row["area_id"], ""),
                         "lon": row["lon"], "lat": row["lat"], "credit": layer.attribution})
    columns = [Column("layer", t("Art der Einrichtung", lang), width=28), Column("name", t("Name", lang), width=40),
               Column("category", t("Kategorie", lang), width=24), Column("capacity", t("Kapazität", lang), "number"),
               Column("capacity_label", t("Einheit der Kapazität", lang), width=16), Column("address", t("Adresse", lang), width=36),
               Column("area_id", t("Gebiet (Kennung)", lang)), Column("area", t("Gebiet", lang), width=28),
               Column("lon", t("Längengrad", lang), "number", decimals=6), Column("lat", t("Breitengrad", lang), "number", decimals=6),
               Column("credit", t("Quelle und Lizenz", lang), width=40)]
    return ExportTable(filename="", title=t("Einrichtungen – {title}", lang, title=title), columns=columns, rows=rows,
                       lines=export_lines(monitor, area_id, lang), sheet=t("Einrichtungen", lang))
