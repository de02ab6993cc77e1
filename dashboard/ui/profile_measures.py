"""The profile's measures (Teil II, „Geplante Maßnahmen und Maßnahmenvorschläge“): a table per Zielbereich, and the
same rows for the downloads (XLSX sheet „Maßnahmen“, one description line each in the CSV).

Rows come only from Monitor.measures (dashboard/measures.py `for_area`; mode applied there: public mode sees public rows only). The
table has six columns so that it fits an A4 page in print; on a phone it scrolls inside its own box
(assets/qm_measures.css). Internal mode marks rows that are not public with „nicht öffentlich“.
"""
from __future__ import annotations

from typing import Any

from dash import html

from dashboard.export import Column, ExportTable
from dashboard.i18n import t, tt
from dashboard.monitor import Monitor
from dashboard.present import NOT_PUBLIC_TEXT, period_text, relation_text

SECTION = "profile-measures"
NO_ZIELBEREICH = "Ohne Zielbereich"


def _group_name(row: dict[str, Any], lang: str) -> str:
    return tt(row["zielbereich"], lang) if row["zielbereich"] else t(NO_ZIELBEREICH, lang)


def _groups(rows: list[dict[str, Any]], lang: str) -> list[tuple[str, list[dict[str, Any]]]]:
    """Rows by Zielbereich in the order they first appear (for_area sorts own, parents', sub-areas'), empty last."""
    out: dict[str, list[dict[str, Any]]] = {}
    for row in sorted(rows, key=lambda r: not r["zielbereich"]):
        out.setdefault(_group_name(row, lang), []).append(row)
    return list(out.items())


def _small(*parts: Any) -> list:
    return [html.Br(), html.Span(" · ".join(str(p) for p in parts if p), className="qm-measures-sub")] if any(parts) else []


def _row(monitor: Monitor, row: dict[str, Any], lang: str) -> html.Tr:
    hidden = not monitor.public and not row.get("public", True)
    title = [html.Strong(row["title"]),
             *([" ", html.Span(t(NOT_PUBLIC_TEXT, lang), className="qm-measures-internal")] if hidden else []),
             *_small(row["measure_id"], relation_text(row["relation"], row["via_name"], lang)),
             *_small(t("Ziel: {goal}", lang, goal=row["goal"]) if row["goal"] else "")]
    period = period_text(row["begin"], row["end"], lang)
    return html.Tr([
        html.Th(title, scope="row"),
        html.Td([row["lead"] or "–", *_small(row["provider"])]),
        html.Td(row["financing"] or "–"),
        html.Td([period or "–", *_small(tt(row["status"], lang))]),
        html.Td([row["partners"] or "–", *_small(row["actors"])]),
        html.Td(row["success_check"] or "–"),
    ], className="qm-measures-hidden" if hidden else None)


def section(monitor: Monitor, area_id: str, lang: str = "de") -> list:
    """The measures of the area, its parents and its sub-areas as tables by Zielbereich (nothing when the dataset has
    no measures table: the staff's Markdown above stands alone then)."""
    meta = monitor.measures_info()
    if meta is None:
        return []
    rows = monitor.measures(area_id).to_dict("records")
    if not rows:
        return [html.Div(html.P(t("Für dieses Gebiet sind keine Maßnahmen eingetragen.", lang), className="qm-hint"), id=SECTION)]
    head = html.Thead(html.Tr([html.Th(t(text, lang), scope="col") for text in (
        "Maßnahme", "Federführung / Träger", "Finanzierung", "Zeitraum / Status", "Partner / einzubindende Akteure",
        "Erfolgskontrolle")]))
    blocks = []
    for name, group in _groups(rows, lang):
        blocks.append(html.H4(name))
        blocks.append(html.Div(html.Table([head, html.Tbody([_row(monitor, r, lang) for r in group])],
                                          className="qm-measures-table"),
                               className="qm-measures-scroll", tabIndex=0, role="region",
                               **{"aria-label": t("Maßnahmen: {group}", lang, group=name)}))
    caption = " · ".join(p for p in (
        t("{n} Maßnahmen", lang, n=len(rows)) if len(rows) != 1 else t("1 Maßnahme", lang),
        t("Quelle: {source}", lang, source=meta["source"]) if meta["source"] else "",
        t("Stand: {stand}", lang, stand=meta["stand"]) if meta["stand"] else "",
    ) if p)
    return [html.Div([html.P(caption, className="qm-hint"), *blocks], id=SECTION, className="qm-measures")]


def _export_rows(monitor: Monitor, area_id: str, lang: str) -> list[dict[str, Any]]:
    out = []
    for row in monitor.measures(area_id).to_dict("records"):
        record = {key: row[key] for key in ("measure_id", "title", "goal", "lead", "financing", "provider", "partners", "actors",
                                            "success_check")}
        record.update(zielbereich=_group_name(row, lang), where=relation_text(row["relation"], row["via_name"], lang),
                      areas="; ".join(row["areas"]), period=period_text(row["begin"], row["end"], lang),
                      status=tt(row["status"], lang) if row["status"] else "")
        if not monitor.public:
            record["public"] = bool(row["public"])
        out.append(record)
    return out


def export_sheet(monitor: Monitor, area_id: str, title: str, lang: str = "de") -> ExportTable | None:
    """The sheet „Maßnahmen“ of the profile's workbook (None without a measures table)."""
    meta = monitor.measures_info()
    if meta is None:
        return None
    columns = [Column("zielbereich", t("Zielbereich", lang), width=28), Column("measure_id", t("Kennung", lang)),
               Column("title", t("Maßnahme", lang), width=40), Column("where", t("Bezug", lang), width=30),
               Column("areas", t("Gebiete", lang), width=18), Column("goal", t("Ziel", lang), width=30),
               Column("lead", t("Federführung", lang), width=24), Column("financing", t("Finanzierung", lang), width=24),
               Column("period", t("Zeitraum", lang), width=16), Column("provider", t("Träger", lang), width=24),
               Column("partners", t("Partner", lang), width=28), Column("actors", t("Einzubindende Akteure", lang), width=28),
               Column("success_check", t("Erfolgskontrolle", lang), width=28), Column("status", t("Status", lang), width=14)]
    if not monitor.public:
        columns.append(Column("public", t("öffentlich", lang), "flag"))
    lines = [line for line in (t("Quelle: {source}", lang, source=meta["source"]) if meta["source"] else "",
                               t("Stand: {stand}", lang, stand=meta["stand"]) if meta["stand"] else "") if line]
    return ExportTable(filename="", title=t("Maßnahmen – {title}", lang, title=title), columns=columns,
                       rows=_export_rows(monitor, area_id, lang), lines=lines, sheet=t("Maßnahmen", lang))


def export_lines(monitor: Monitor, area_id: str, lang: str = "de") -> list[str]:
    """One description line per measure for the CSV (its table holds the key figures only)."""
    out = []
    for row in _export_rows(monitor, area_id, lang):
        details = "; ".join(p for p in (row["zielbereich"], row["where"], row["period"], row["lead"], row["status"],
                                        "" if row.get("public", True) else t(NOT_PUBLIC_TEXT, lang)) if p)
        out.append(f"{t('Maßnahme', lang)} {row['measure_id']}: {row['title']} ({details})")
    return out
