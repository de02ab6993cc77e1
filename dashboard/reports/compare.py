"""Side-by-side comparison of 2–5 areas, plus "these areas together", assembled from a Monitor.

"Together" comes from monitor.aggregate: shares are recomputed from summed counts, never averaged.
It is not given where it would be wrong or disclosive: for indicators without counts
(aggregation "none"), when the chosen areas overlap (an area and its own parent would be counted
twice), when an indicator is missing for one of the areas, and - in public mode - when a member's
value is withheld. Every cell carries its display text and the reason when there is no number.
"""
from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from dashboard.catalog import DIMENSIONS, Indicator
from dashboard.monitor import Monitor, format_number

MIN_AREAS, MAX_AREAS = 2, 5
CITY_LEVEL = "stadt"
WITHHELD_TEXT = "keine Angabe (geringe Fallzahl)"
WITHHELD_INTERNAL = "Wert wegen geringer Fallzahl nur intern sichtbar – nicht veröffentlichen."
NO_AGGREGATION = ("Lässt sich nicht zusammenfassen: der Indikator hat keine Zählwerte "
                  "(z. B. Klassen oder Indexwerte), ein Mittelwert wäre irreführend.")
OVERLAP = "Die gewählten Gebiete überschneiden sich; eine Summe würde Einwohner doppelt zählen."
WEIGHTED_MEAN = "Näherung: bevölkerungsgewichtetes Mittel der Gebiete (keine Zählwerte vorhanden)."


@dataclass(frozen=True)
class Cell:
    value: float | None  # None where nothing may or can be shown
    text: str  # German number with unit, or the reason for no number
    kind: str  # value | estimate | withheld | withheld-internal | missing | none
    title: str = ""  # tooltip: why there is no number, or what the mark means


@dataclass(frozen=True)
class ComparisonRow:
    indicator: Indicator
    cells: list[Cell]  # one per chosen area, in order
    together: Cell | None  # None when fewer than two areas are chosen
    city: Cell


@dataclass(frozen=True)
class Comparison:
    year: int
    areas: list[dict[str, Any]]  # area_id, level, name
    rows: list[ComparisonRow]
    city_name: str
    overlaps: list[tuple[str, str]] = field(default_factory=list)  # (area, the chosen area it lies in)

    def row(self, indicator_id: str) -> ComparisonRow | None:
        return next((r for r in self.rows if r.indicator.id == indicator_id), None)


def resolve_areas(monitor: Monitor, raw: Any) -> tuple[list[dict[str, Any]], list[str]]:
    """Area ids from the URL (comma-separated) or a list; unknown ones dropped with a German notice."""
    if isinstance(raw, str):
        wanted = [part.strip() for part in raw.split(",") if part.strip()]
    elif isinstance(raw, (list, tuple)):
        wanted = [str(part) for part in raw if isinstance(part, str) and part]
    else:
        wanted = []
    notices: list[str] = []
    areas, unknown, city = [], [], False
    for area_id in dict.fromkeys(wanted[:40]):
        area = monitor.area(area_id)
        if area is None:
            unknown.append(area_id)
        elif area["level"] == CITY_LEVEL:
            city = True
        else:
            areas.append({"area_id": area["area_id"], "level": area["level"], "name": area["name"]})
    if unknown:
        shown = ", ".join(u[:20] for u in unknown[:3]) + (" …" if len(unknown) > 3 else "")
        notices.append(f"{len(unknown)} Gebiet(e) aus dem Link gibt es in diesem Datensatz nicht und wurden weggelassen ({shown}).")
    if city:
        notices.append("Die Gesamtstadt steht immer als eigene Spalte im Vergleich.")
    if len(areas) > MAX_AREAS:
        notices.append(f"Höchstens {MAX_AREAS} Gebiete lassen sich vergleichen; die übrigen wurden weggelassen.")
        areas = areas[:MAX_AREAS]
    return areas, notices


def comparison_years(monitor: Monitor, areas: list[dict[str, Any]]) -> list[int]:
    """Years in which any visible indicator has values at one of the areas' levels."""
    levels = {a["level"] for a in areas} or {monitor.dataset.level_ids[0]}
    years: set[int] = set()
    for indicator in monitor.indicators():
        for level in levels:
            years |= set(monitor.years(indicator.id, level))
    return sorted(years)


def overlaps(monitor: Monitor, areas: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Pairs (area, chosen ancestor) where one chosen area lies inside another."""
    chosen = {a["area_id"] for a in areas}
    pairs = []
    for area in areas:
        for ancestor in monitor.ancestors(area["area_id"]):
            if ancestor["area_id"] in chosen:
                pairs.append((area["area_id"], ancestor["area_id"]))
    return pairs


LONG_UNIT = 8  # longer units ("je 100 Kinder unter 6 J.") stand once by the indicator, not in every cell


def _unit(indicator: Indicator) -> str:
    return f" {indicator.unit}" if indicator.unit and len(indicator.unit) <= LONG_UNIT else ""


def _value_cell(indicator: Indicator, value: float | None, suppressed: bool, estimate: bool, public: bool,
                estimate_title: str = "") -> Cell:
    if suppressed and public:
        return Cell(None, WITHHELD_TEXT, "withheld", "Zu wenige Fälle: der Wert wird nicht veröffentlicht.")
    if value is None or math.isnan(value):
        return Cell(None, "–", "missing", "Kein Wert für dieses Jahr.")
    text = format_number(value, indicator.decimals) + _unit(indicator)
    titles = []
    kind = "value"
    if estimate:
        text += " ≈"
        kind = "estimate"
        titles.append(estimate_title or indicator.estimate_note or "Schätzung")
    if suppressed:
        text += " ⚠"
        kind = "withheld-internal"
        titles.append(WITHHELD_INTERNAL)
    return Cell(float(value), text, kind, " ".join(titles))


def comparison(monitor: Monitor, area_ids: list[str], year: int) -> Comparison:
    """The comparison table for the areas (in order) and the year: every visible indicator one of the areas has."""
    areas = [a for a in (monitor.area(i) for i in dict.fromkeys(area_ids)) if a and a["level"] != CITY_LEVEL][:MAX_AREAS]
    areas = [{"area_id": a["area_id"], "level": a["level"], "name": a["name"]} for a in areas]
    figures = {a["area_id"]: {f.indicator.id: f for f in monitor.key_figures(a["area_id"], year)} for a in areas}
    city_values = dict(monitor.store.rows("city_values", {"year": int(year)}))
    pairs = overlaps(monitor, areas)
    together = monitor.aggregate([a["area_id"] for a in areas], year).set_index("indicator_id") if len(areas) >= MIN_AREAS else None
    rows: list[ComparisonRow] = []
    for indicator in monitor.indicators():
        own = [figures[a["area_id"]].get(indicator.id) for a in areas]
        city_value = city_values.get(indicator.id)
        if not any(own):  # none of the areas has it (e.g. published only from a higher level)
            continue
        cells = []
        for area, figure in zip(areas, own):
            if figure is None:
                level = monitor.dataset.level(area["level"]).label_de if area["level"] in monitor.dataset.level_ids else area["level"]
                cells.append(Cell(None, "–", "none", f"Auf der Ebene {level} nicht vorhanden."))
            else:
                how = WEIGHTED_MEAN if indicator.aggregation == "weighted_mean" and area["level"] != monitor.dataset.level_ids[0] else ""
                cells.append(_value_cell(indicator, figure.value, figure.suppressed, figure.estimate, monitor.public, how))
        city = _value_cell(indicator, None if city_value is None else float(city_value), False, False, monitor.public)
        rows.append(ComparisonRow(indicator, cells, _together_cell(monitor, indicator, together, own, pairs), city))
    city = next((a for a in monitor.ancestors(areas[0]["area_id"]) if a["level"] == CITY_LEVEL), None) if areas else None
    return Comparison(int(year), areas, rows, (city or {}).get("name") or monitor.dataset.city_name or "Gesamtstadt", pairs)


def _together_cell(monitor: Monitor, indicator: Indicator, together: pd.DataFrame | None, own: list, pairs) -> Cell | None:
    if together is None:
        return None
    if indicator.aggregation == "none":
        return Cell(None, "–", "none", NO_AGGREGATION)
    if pairs:
        return Cell(None, "–", "none", OVERLAP)
    present = sum(1 for f in own if f is not None)
    if present < len(own) or indicator.id not in together.index:
        return Cell(None, "–", "none", f"Nicht für alle gewählten Gebiete vorhanden ({present} von {len(own)}).")
    row = together.loc[indicator.id]
    value = float(row["value"]) if pd.notna(row["value"]) else None
    withheld = bool(row["withheld"])
    if withheld and monitor.public:
        return Cell(None, WITHHELD_TEXT, "withheld",
                    "Ein Gebiet der Auswahl hat eine geringe Fallzahl; die Summe könnte sie offenlegen.")
    how = WEIGHTED_MEAN if indicator.aggregation == "weighted_mean" else (indicator.estimate_note or "enthält Schätzungen")
    return _value_cell(indicator, value, withheld, bool(row["estimate"]), monitor.public, how)


def grouped_rows(rows: list[ComparisonRow], order: tuple[str, ...] = DIMENSIONS) -> list[tuple[str, list[ComparisonRow]]]:
    """Rows grouped by dimension, dimensions in the given order (unknown ones last), registry order inside."""
    groups: dict[str, list[ComparisonRow]] = {}
    for row in rows:
        groups.setdefault(row.indicator.dimension, []).append(row)
    ranked = sorted(groups, key=lambda d: order.index(d) if d in order else len(order))
    return [(d, groups[d]) for d in ranked]


def chart_values(comp: Comparison, indicator_id: str) -> list[dict[str, Any]]:
    """Bars for one indicator: each area, "zusammen" (when given) and the city; value None = no bar."""
    row = comp.row(indicator_id)
    if row is None:
        return []
    bars = [{"label": a["name"], "area_id": a["area_id"], "role": "area", "cell": c} for a, c in zip(comp.areas, row.cells)]
    if row.together is not None:
        bars.append({"label": "zusammen", "area_id": "zusammen", "role": "together", "cell": row.together})
    bars.append({"label": comp.city_name, "area_id": CITY_LEVEL, "role": "city", "cell": row.city})
    return bars


def _csv_text(cell: Cell | None, indicator: Indicator) -> str:
    if cell is None:
        return ""
    if cell.value is None:
        return cell.text if cell.kind == "withheld" else ""
    text = format_number(cell.value, indicator.decimals)
    if cell.kind == "estimate":
        text += " (Schätzung)"
    if cell.kind == "withheld-internal":
        text += " (geringe Fallzahl, nur intern)"
    return text


def comparison_csv(monitor: Monitor, comp: Comparison) -> str:
    """The table as CSV (semicolon, German decimals), with year, dataset and the "zusammen" rule on top."""
    out = io.StringIO()
    names = ", ".join(f"{a['name']} ({a['area_id']})" for a in comp.areas)
    out.write(f"# Gebietsvergleich {comp.year}: {names}\n")
    out.write("# „zusammen“ = die Gebiete als ein Gebiet, aus Zählwerten berechnet (Anteile nie gemittelt); "
              "leer, wo das nicht korrekt möglich ist.\n")
    out.write(f"# Datensatz: {monitor.dataset.title}, Datenstand {monitor.dataset.release}. Quelle: {monitor.dataset.attribution}\n")
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    with_together = any(r.together is not None for r in comp.rows)
    writer.writerow(["Dimension", "Indikator-ID", "Indikator", "Einheit", *[f"{a['name']} ({a['area_id']})" for a in comp.areas],
                     *(["zusammen"] if with_together else []), comp.city_name])
    for dimension, rows in grouped_rows(comp.rows):
        for row in rows:
            ind = row.indicator
            writer.writerow([dimension, ind.id, ind.label_de, ind.unit, *[_csv_text(c, ind) for c in row.cells],
                             *([_csv_text(row.together, ind)] if with_together else []), _csv_text(row.city, ind)])
    return out.getvalue()
