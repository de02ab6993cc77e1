"""The profile's "why did the class change?" (issue 17 part 4): under each index and burden rule of the overview block
one sentence per index part and rule (present.index_change_text / burden_change_text from
reports/profile.class_change), and the decomposition in the downloads (export_lines for the description above the
table, export_sheet for the workbook's sheet "Klassenwechsel"). Only for areas of the smallest level (the classes are
theirs); mode applied by the Monitor (public: computed from the published values only)."""
from __future__ import annotations

from typing import Any

from dash import html

from dashboard.export import Column, ExportTable
from dashboard.i18n import t, tt
from dashboard.monitor import Monitor
from dashboard.present import (
    CHANGE_PART_NAMES,
    burden_change_text,
    change_part_label,
    class_words,
    criterion_labels,
    index_change_text,
)

WHY_CLASS = "qm-profile-why"


def _entries(monitor: Monitor, area_id: str, year: int) -> list[dict[str, Any]]:
    from dashboard.reports import profile as report

    return monitor.cached("profile-class-change", (area_id, int(year)), lambda: report.class_change(monitor, area_id, int(year)))


def sentences(monitor: Monitor, area_id: str, year: int, lang: str = "de") -> dict[tuple[str, str], list[str]]:
    """(kind "index"/"rule", id) -> the sentences that explain the area's change since the previous edition/year."""
    out: dict[tuple[str, str], list[str]] = {}
    for entry in _entries(monitor, area_id, year):
        if entry["kind"] == "index":
            text = index_change_text(entry, monitor.indicator, lang)
            key = ("index", entry["index_id"])
        else:
            rule = monitor.burden_rule(entry["rule_id"])
            if rule is None:
                continue
            text = burden_change_text(entry, criterion_labels(rule, lang, monitor.indicator), lang)
            key = ("rule", entry["rule_id"])
        if text:
            out.setdefault(key, []).append(text)
    return out


def annotate(monitor: Monitor, area_id: str, year: int, items: list[dict[str, Any]], lang: str = "de") -> list[dict[str, Any]]:
    """The overview items (ui/profile.overview_items) with "why": the sentences of their index or rule."""
    why = sentences(monitor, area_id, year, lang)
    return [dict(item, why=why.get((item["kind"], item["id"]), [])) for item in items]


def why_paragraphs(item: dict[str, Any]) -> list:
    """The item's sentences as paragraphs (burden_block puts them under the item's text)."""
    return [html.P(text, className=WHY_CLASS) for text in item.get("why") or []]


def export_lines(monitor: Monitor, area_id: str, year: int, lang: str = "de") -> list[str]:
    """One description line per sentence, for the profile's CSV and XLSX (export_table's lines)."""
    return [t("Klassenwechsel: {sentence}", lang, sentence=sentence) for texts in sentences(monitor, area_id, year, lang).values() for sentence in texts]


def export_sheet(monitor: Monitor, area_id: str, year: int, title: str, lang: str = "de") -> ExportTable | None:
    """The workbook's sheet "Klassenwechsel": every part of the index decomposition (one row per index part and
    indicator, z before/after, contribution) and per burden rule the burdens that entered/left. None without any."""
    rows = []
    for entry in _entries(monitor, area_id, year):
        if entry["kind"] == "index":
            definition = monitor.index_definition(entry["index_id"])
            if definition is None or not entry["parts"]:
                continue
            common = {"what": f"{tt(definition.label, lang)} – {t(CHANGE_PART_NAMES[entry['part']], lang)}",
                      "before": entry["before"], "after": entry["after"],
                      "class_before": class_words(entry["part"], entry["class_before"], lang),
                      "class_after": class_words(entry["part"], entry["class_after"], lang),
                      "index_before": entry["index_before"], "index_after": entry["index_after"]}
            for p in entry["parts"]:
                rows.append(dict(common, part_id=p["part"], part=change_part_label(p["part"], monitor.indicator, lang),
                                 z_before=p["z_before"], z_after=p["z_after"], contribution=p["contribution"]))
        else:
            rule = monitor.burden_rule(entry["rule_id"])
            if rule is None:
                continue
            labels = criterion_labels(rule, lang, monitor.indicator)
            rows.append({"what": tt(rule.label, lang), "before": entry["before"], "after": entry["after"],
                         "part": burden_change_text(entry, labels, lang),
                         "class_before": entry["count_before"], "class_after": entry["count_after"]})
    if not rows:
        return None
    columns = [Column("what", t("Index oder Regel", lang), width=40), Column("before", t("von", lang)), Column("after", t("bis", lang)),
               Column("class_before", t("Klasse vorher (Belastungen)", lang), width=22),
               Column("class_after", t("Klasse nachher (Belastungen)", lang), width=22),
               Column("index_before", t("Index vorher", lang), "number", decimals=3),
               Column("index_after", t("Index nachher", lang), "number", decimals=3),
               Column("part_id", t("Teil (Kennung)", lang)), Column("part", t("Teil", lang), width=40),
               Column("z_before", t("z-Wert vorher", lang), "number", decimals=3),
               Column("z_after", t("z-Wert nachher", lang), "number", decimals=3),
               Column("contribution", t("Beitrag zur Indexänderung", lang), "number", decimals=3)]
    return ExportTable(filename="", title=t("Klassenwechsel – {title}", lang, title=title), columns=columns, rows=rows,
                       lines=[t(SHEET_NOTE, lang)], sheet=t("Klassenwechsel", lang))


SHEET_NOTE = ("Die Beiträge der Indikatoren (z-Wert-Änderung mal Gewicht der früheren Ausgabe) und die Neustandardisierung "
              "ergeben zusammen genau die Änderung des Index (Methodik, „Warum sich die Klasse änderte“).")
