"""The profile's section on funding areas (Förderkulissen, Teil II of the Bezirksregionenprofil): which layers and
features the area overlaps, the share of its territory inside each, and the population inside where it may be
shown (dashboard/kulissen.py area_overlaps: only where the area lies wholly inside, from its own published
population). A section of the profile view (dashboard/ui/profile.py calls `section` and, for the XLSX/CSV,
`export_lines`); data only through the Monitor.
"""
from __future__ import annotations

from typing import Any

from dash import html

from dashboard.i18n import format_date, format_number, t
from dashboard.monitor import Monitor
from dashboard.present import KULISSE_CONTEXT_TEXT

SECTION = "profile-kulissen"
HINT = ("Anteil: der Teil der Fläche des Gebiets, der in der Kulisse liegt (beim Import aus den Flächen berechnet; "
        "überlappende Teilflächen einer Kulisse zählen einmal). Einwohnerinnen und Einwohner nur, wenn das Gebiet "
        "zu mindestens 99 % in der Kulisse liegt; für eine teilweise Überschneidung lässt sich die Zahl nicht schätzen, "
        "weil die Adressen keine Koordinaten haben.")
WITHHELD = "nicht veröffentlicht"


def percent(share: float, lang: str = "de") -> str:
    """A share 0..1 as a percentage: whole percent, one decimal below 10 %, '< 1 %' below 1 %."""
    value = 100 * share
    if value < 1:
        return t("< 1 %", lang)
    return format_number(value, 1 if value < 10 else 0, lang) + ("%" if lang == "en" else " %")


def _date(text: Any, lang: str) -> str:
    if not isinstance(text, str) or not text:
        return "–"
    from datetime import date

    return format_date(date.fromisoformat(text), lang)


def _population(item: dict[str, Any], lang: str) -> str:
    if item["withheld"]:
        return t(WITHHELD, lang)
    return "–" if item["population"] is None else format_number(item["population"], 0, lang)


def _layer_name(layer, lang: str) -> list:
    name = [layer.label(lang)]
    if layer.context_only:
        name.append(html.Span(f" ({t(KULISSE_CONTEXT_TEXT, lang)})", className="qm-kulisse-context"))
    return name


def section(monitor: Monitor, area_id: str, year: int | None, lang: str = "de") -> list:
    """The section (as a list: empty for a dataset without funding areas)."""
    layers = monitor.kulissen()
    if not layers:
        return []
    overlaps = monitor.kulisse_overlaps(area_id, year)
    head = [html.H3(t("Förderkulissen und Gebietskulissen", lang)), html.P(t(HINT, lang), className="qm-hint")]
    if not overlaps:
        names = ", ".join(lv.label(lang) for lv in layers)
        return [html.Section(id=SECTION, className="qm-profile-kulissen", children=[
            *head, html.P(t("Das Gebiet überschneidet keine der Kulissen ({names}).", lang, names=names))])]
    rows = []
    for group in overlaps:
        layer = group["layer"]
        rows.append(html.Tr([html.Th(_layer_name(layer, lang) + [" – ", t("insgesamt", lang)], scope="row", colSpan=2),
                             html.Td(percent(group["share"], lang), className="qm-num"), html.Td("", className="qm-num"),
                             html.Td(_population(group, lang), className="qm-num")],
                            className="qm-kulisse-layer", **{"data-kulisse": layer.id}))
        for item in group["features"]:
            name = html.A(item["name"], href=item["link"], target="_blank", rel="noopener") if item["link"] else item["name"]
            rows.append(html.Tr([html.Td([name, html.Span(f" {item['feature_id']}", className="qm-area-id")]),
                                 html.Td(_date(item["in_force"], lang)),
                                 html.Td(percent(item["share"], lang), className="qm-num"),
                                 html.Td(percent(item["feature_share"], lang), className="qm-num"),
                                 html.Td(_population(item, lang), className="qm-num")],
                                **{"data-feature": item["feature_id"]}))
    table = html.Table([
        html.Caption(t("Überschneidung mit Förderkulissen", lang)),
        html.Thead(html.Tr([html.Th(t("Kulisse", lang), scope="col"), html.Th(t("in Kraft seit", lang), scope="col"),
                            html.Th(t("Anteil an der Fläche des Gebiets", lang), scope="col"),
                            html.Th(t("Anteil der Kulisse im Gebiet", lang), scope="col"),
                            html.Th(t("Einwohnerinnen und Einwohner in der Kulisse", lang), scope="col")])),
        html.Tbody(rows),
    ], className="qm-figures qm-kulissen-table")
    credits = html.P("; ".join(f"{lv.label(lang)}: {lv.credit()}, {t('Stand {date}', lang, date=lv.stand)}"
                               for lv in {g["layer"].id: g["layer"] for g in overlaps}.values()), className="qm-hint")
    return [html.Section(id=SECTION, className="qm-profile-kulissen", children=[*head, table, credits])]


def export_lines(monitor: Monitor, area_id: str, year: int | None, lang: str = "de") -> list[str]:
    """The overlaps as lines above the exported table (CSV comment lines, XLSX header rows)."""
    if not monitor.kulissen():
        return []
    lines = []
    for group in monitor.kulisse_overlaps(area_id, year):
        layer = group["layer"]
        kind = f" ({t(KULISSE_CONTEXT_TEXT, lang)})" if layer.context_only else ""
        parts = [t("{share} der Gebietsfläche", lang, share=percent(group["share"], lang))]
        if group["withheld"] or group["population"] is not None:
            parts.append(t("{population} Einwohnerinnen und Einwohner", lang, population=_population(group, lang)))
        features = ", ".join(f"{item['name']} ({percent(item['share'], lang)})" for item in group["features"])
        lines.append(t("Kulisse {layer}{kind}: {parts}; {features}", lang, layer=layer.label(lang), kind=kind,
                       parts=", ".join(parts), features=features))
    return lines or [t("Förderkulissen: das Gebiet überschneidet keine.", lang)]
