"""Facilities (point layers) for a dataset: read, check, assign to areas, write (docs/ingest.md „Einrichtungen
(Punktebenen)“).

Points come from GeoJSON, GeoPackage or CSV (lon/lat or x/y columns in a given CRS). Each point gets the
smallest-level area it lies in (point in polygon). Per-area counts and supply ratios become ordinary indicators
(`[[facilities.indicators]]`): numerator = the sum of capacities (or the number of points) in the area, denominator =
the `per` indicator's count of the area in the denominator year, aggregated to every level as a ratio of sums.
The app reads facilities.parquet through dashboard/facilities.py.
"""
from __future__ import annotations

import datetime as dt
import logging
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from dashboard import catalog
from dashboard.facilities import COLUMNS, FILE, PALETTE
from dashboard.overlays import OSM_CREDIT
from dashboard.ingest.build import IngestError

log = logging.getLogger(__name__)

LAYER_FIELDS = {"id", "file", "label_de", "label_en", "source", "attribution", "license", "stand", "year", "odbl", "public",
                "color", "group", "layer", "sheet", "lon", "lat", "x", "y", "crs", "separator", "encoding", "decimal",
                "thousands", "name", "category", "categories", "category_colors", "capacity", "capacity_label_de",
                "capacity_label_en", "address", "outside", "tolerance_m", "indicators"}
INDICATOR_FIELDS = {"indicator", "measure", "per", "categories"}
GROUPS = ("einrichtungen", "openstreetmap")  # the point groups of dashboard/overlays.py GROUPS
TABLE_SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx", ".xlsm")
GEOMETRY_SUFFIXES = (".geojson", ".json", ".gpkg", ".shp", ".zip")


@dataclass
class IndicatorSpec:
    indicator: str
    measure: str  # "capacity" | "count"
    per: str  # the denominator indicator (a count, e.g. EW_U6)
    scale: float = 1.0  # the register's scale of `indicator` (specs_from_config takes it from there, never from the config)
    categories: tuple[str, ...] = ()  # only points of these categories (labels); all without


@dataclass
class LayerSpec:
    """One [[facilities]] entry of an import config (or of the Berlin import)."""

    id: str
    file: Path
    label_de: str
    attribution: str
    label_en: str = ""
    source: str = ""
    license: str = ""
    stand: str = ""
    year: int | None = None
    odbl: bool = False
    public: bool = True
    color: str = ""
    group: str = ""
    layer: str | None = None  # GeoPackage layer or ZIP member
    sheet: str | None = None  # XLSX sheet
    lon: str = "lon"  # CSV/XLSX: longitude column (EPSG:4326) …
    lat: str = "lat"
    x: str | None = None  # … or projected x/y columns in `crs`
    y: str | None = None
    crs: str = "EPSG:4326"
    separator: str = "auto"  # CSV, as in [[values]]
    encoding: str = "auto"
    decimal: str = "."  # capacities written as text
    thousands: str = ","
    name: str | None = "name"
    category: str | None = None
    categories: dict[str, str] = field(default_factory=dict)
    category_colors: dict[str, str] = field(default_factory=dict)  # category label -> "#rrggbb" (points and legend)
    capacity: str | None = None
    capacity_label_de: str = ""
    capacity_label_en: str = ""
    address: tuple[str, ...] = ()
    outside: str = "error"  # "error" | "drop"
    tolerance_m: float = 0.0
    indicators: list[IndicatorSpec] = field(default_factory=list)
    where: str = ""  # "stadt.toml, [[facilities]] Nr. 1 (id='kita')" for messages

    @property
    def is_osm(self) -> bool:
        return self.odbl or "odbl" in self.license.lower()


def specs_from_config(config: Any, entries: list[dict], registry: dict[str, catalog.Indicator]) -> list[LayerSpec]:
    """[[facilities]] of an import config (generic.Config), every field checked with file, section number, field and
    value; unknown keys rejected with „Meinten Sie …?“; the supply indicators checked against the register."""
    from dashboard.ingest.generic import _no_unknown
    from dashboard.ingest.layer_checks import check_color, check_flag, check_id, check_unique

    specs: list[LayerSpec] = []
    used: dict[str, str] = {}  # indicator -> where it is computed
    for number, entry in enumerate(entries, 1):
        layer_id = config.text(entry, "id", f"[[facilities]] Nr. {number}", required=True)
        section = f"[[facilities]] Nr. {number} (id={layer_id!r})"
        where = f"{config.name}, {section}"
        _no_unknown(config, entry, LAYER_FIELDS, section)
        check_id(layer_id, where)
        check_unique([(s.id, s.where) for s in specs] + [(layer_id, where)])

        def text(name: str, default: str | None = None, required: bool = False) -> str | None:
            return config.text(entry, name, section, required=required, default=default)

        def fail(name: str, rule: str) -> IngestError:
            return IngestError(f"{where}: Feld {name!r} {rule} (Wert: {entry[name]!r}).")

        def choice(name: str, allowed: tuple[str, ...], default: str) -> str:
            value = entry.get(name, default)
            if value not in allowed:
                raise fail(name, f"muss {' oder '.join(repr(a) for a in allowed)} sein")
            return value

        file = config.path_of(entry, "file", section)
        suffix = file.suffix.lower()
        if suffix not in TABLE_SUFFIXES + GEOMETRY_SUFFIXES:
            raise fail("file", f"hat die Endung {suffix!r}; erlaubt: {', '.join(TABLE_SUFFIXES + GEOMETRY_SUFFIXES)}")
        stand = entry.get("stand", "")
        if isinstance(stand, (dt.date, int)) and not isinstance(stand, bool):
            stand = stand.isoformat() if isinstance(stand, dt.date) else str(stand)
        elif not isinstance(stand, str):
            raise fail("stand", "muss ein Text sein (z. B. \"2024-12\" oder \"Schuljahr 2024/25\")")
        year = entry.get("year")
        if year is not None and (not isinstance(year, int) or isinstance(year, bool) or not 1900 <= year <= 2100):
            raise fail("year", "muss eine Jahreszahl sein (z. B. 2024, ohne Anführungszeichen)")
        tolerance = entry.get("tolerance_m", 0)
        if not isinstance(tolerance, (int, float)) or isinstance(tolerance, bool) or not 0 <= tolerance <= 1000:
            raise fail("tolerance_m", "muss eine Zahl von 0 bis 1000 sein (Meter, ohne Einheit und Anführungszeichen)")
        color = check_color(entry["color"], where) if "color" in entry else ""
        group = choice("group", GROUPS, "") if "group" in entry else ""
        categories = entry.get("categories", {})
        if not isinstance(categories, dict) or not all(isinstance(v, str) and v.strip() for v in categories.values()):
            raise fail("categories", "muss eine Zuordnung Code = \"Bezeichnung\" sein, z. B. { \"1\" = \"Krippe\" }")
        category_colors = entry.get("category_colors", {})
        if not isinstance(category_colors, dict):
            raise fail("category_colors", "muss eine Zuordnung \"Bezeichnung\" = \"#rrggbb\" sein")
        for key, value in category_colors.items():
            check_color(value, where, f"category_colors.{key}")
        if category_colors and not entry.get("category"):
            raise fail("category_colors", "braucht eine Spalte mit der Art (Feld 'category')")
        address = entry.get("address", [])
        if isinstance(address, str):
            address = [address]
        if not isinstance(address, list) or not all(isinstance(a, str) and a for a in address):
            raise fail("address", "muss ein Spaltenname oder eine Liste von Spaltennamen sein")
        decimal = choice("decimal", (".", ","), ".")
        thousands = text("thousands", "," if decimal == "." else ".")
        if thousands not in ("", ".", ",", " ", "'") or thousands == decimal:
            raise fail("thousands", f"muss \"\", \".\", \",\", \" \" oder \"'\" sein und sich von decimal ({decimal!r}) unterscheiden")
        x, y = text("x"), text("y")
        if bool(x) != bool(y):
            raise IngestError(f"{where}: Felder 'x' und 'y' gehören zusammen (projizierte Koordinaten in 'crs'); "
                              f"angegeben ist nur {'x' if x else 'y'!r}.")
        spec = LayerSpec(
            id=layer_id, file=file, label_de=text("label_de", required=True), attribution=text("attribution", required=True),
            label_en=text("label_en", ""), source=text("source", ""), license=text("license", ""), stand=stand, year=year,
            odbl=check_flag(entry, "odbl", False, where), public=check_flag(entry, "public", True, where), color=color,
            group=group, layer=text("layer"), sheet=text("sheet"), lon=text("lon", "lon"), lat=text("lat", "lat"), x=x, y=y,
            crs=text("crs", "EPSG:4326"), separator=text("separator", "auto"), encoding=text("encoding", "auto"),
            decimal=decimal, thousands=thousands, name=text("name", "name"), category=text("category"),
            categories={str(k): v.strip() for k, v in categories.items()}, category_colors=dict(category_colors),
            capacity=text("capacity"), capacity_label_de=text("capacity_label_de", ""),
            capacity_label_en=text("capacity_label_en", ""), address=tuple(address),
            outside=choice("outside", ("error", "drop"), "error"), tolerance_m=float(tolerance), where=where)
        raw = entry.get("indicators", [])
        if not isinstance(raw, list):
            raise fail("indicators", "muss eine Liste von Abschnitten [[facilities.indicators]] sein")
        for k, ind in enumerate(raw, 1):
            isection = f"{section}, [[facilities.indicators]] Nr. {k}"
            iwhere = f"{config.name}, {isection}"
            if not isinstance(ind, dict):
                raise IngestError(f"{iwhere}: muss ein Abschnitt sein ([[facilities.indicators]]).")
            if "scale" in ind:  # the register's scale alone decides (a second one could contradict it)
                raise IngestError(f"{iwhere}: Feld 'scale' gehört nicht hierher (Wert: {ind['scale']!r}); der Maßstab "
                                  "(je 100, je 1.000 …) ist der 'scale' des Indikators im Register.")
            _no_unknown(config, ind, INDICATOR_FIELDS, isection)
            spec.indicators.append(_indicator(config, ind, isection, iwhere, spec, registry, used))
        specs.append(spec)
    return specs


def _indicator(config: Any, ind: dict, section: str, where: str, spec: LayerSpec, registry: dict[str, catalog.Indicator],
               used: dict[str, str]) -> IndicatorSpec:
    """One [[facilities.indicators]]: a rate of the register aggregated as a ratio of sums, over a count."""
    indicator_id = config.text(ind, "indicator", section, required=True)
    per = config.text(ind, "per", section, required=True)
    measure = ind.get("measure", "count")
    if measure not in ("count", "capacity"):
        raise IngestError(f"{where}: Feld 'measure' muss 'count' oder 'capacity' sein (Wert: {measure!r}).")
    if measure == "capacity" and not spec.capacity:
        raise IngestError(f"{where}: Feld 'measure' hat den Wert 'capacity', die Ebene nennt aber keine Kapazitätsspalte "
                          "(Feld 'capacity' der Ebene).")
    target = registry.get(indicator_id)
    if target is None:
        raise IngestError(f"{where}: Feld 'indicator' hat den Wert {indicator_id!r}, das ist kein Indikator des Registers. "
                          "Bitte einen Eintrag [[indicator]] mit kind = \"rate\" und aggregation = \"ratio_of_sums\" anlegen.")
    if target.kind != "rate" or target.aggregation != "ratio_of_sums":
        raise IngestError(f"{where}: Feld 'indicator' hat den Wert {indicator_id!r}; der Indikator hat im Register kind = "
                          f"{target.kind!r} und aggregation = {target.aggregation!r}, eine Versorgungskennzahl braucht kind = "
                          "\"rate\" und aggregation = \"ratio_of_sums\" (Summe der Zähler durch Summe der Nenner).")
    if indicator_id in used:
        raise IngestError(f"{where}: Feld 'indicator' hat den Wert {indicator_id!r}, der schon in {used[indicator_id]} "
                          "berechnet wird. Jede Kennzahl kann nur aus einer Ebene entstehen.")
    used[indicator_id] = where
    denominator = registry.get(per)
    if denominator is None or denominator.kind != "count":
        what = "kein Indikator des Registers" if denominator is None else f"keine Anzahl (kind = {denominator.kind!r})"
        raise IngestError(f"{where}: Feld 'per' hat den Wert {per!r}, das ist {what}. Der Nenner einer Versorgungskennzahl "
                          "ist eine Anzahl aus den Werte-Tabellen (kind = \"count\", z. B. Einwohnerinnen und Einwohner).")
    categories = ind.get("categories", [])
    if not isinstance(categories, list) or not all(isinstance(c, str) for c in categories):
        raise IngestError(f"{where}: Feld 'categories' muss eine Liste von Bezeichnungen sein (Wert: {categories!r}).")
    if categories and not spec.category:
        raise IngestError(f"{where}: Feld 'categories' braucht eine Spalte mit der Art (Feld 'category' der Ebene).")
    return IndicatorSpec(indicator_id, measure, per, float(target.scale), tuple(categories))


# -- reading -----------------------------------------------------------------------------------
def _number(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value) if math.isfinite(float(value)) else None
    text = str(value).strip()
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _text(value: Any) -> str:
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value).strip()


def _read_table(spec: LayerSpec) -> tuple[pd.DataFrame, list[int], str, str, str]:
    """(table with the named columns and lon/lat in EPSG:4326 as _x/_y, the number of each row in messages, the word
    for a row ("Zeile"/"Objekt"), x column, y column). CSV/XLSX through generic._read_table (separator and encoding
    "auto", the row numbers a spreadsheet shows, „Meinten Sie …?“ for a missing column); geometry files through
    generic.read_geometry (ZIP members, GeoPackage layers, the CRS's area of use), like levels and Förderkulissen."""
    from types import SimpleNamespace

    from dashboard.ingest import generic

    file = spec.file
    suffix = file.suffix.lower()
    wanted = [spec.name, spec.category, spec.capacity, *spec.address]
    if suffix in TABLE_SUFFIXES:
        table = generic._read_table(SimpleNamespace(file=file, label=file.name, where=spec.where or file.name, sheet=spec.sheet,
                                                    separator=spec.separator, encoding=spec.encoding, header_row=1,
                                                    first_row=None, last_row=None))
        xcol, ycol = (spec.x, spec.y) if spec.x else (spec.lon, spec.lat)
        what = {xcol: "x/Länge", ycol: "y/Breite", spec.name: "Name", spec.category: "Kategorie", spec.capacity: "Kapazität",
                **{a: "Adresse" for a in spec.address}}
        frame = pd.DataFrame({column: [row[table.column(column, what[column], spec.where or "[[facilities]]")] for row in table.rows]
                              for column in dict.fromkeys([xcol, ycol, *wanted]) if column})
        xs, ys = [], []
        for number, xv, yv in zip(table.numbers, frame[xcol], frame[ycol]):
            for column, value, out in ((xcol, xv, xs), (ycol, yv, ys)):
                parsed = _number(value.strip().replace(",", ".") if spec.decimal == "," and isinstance(value, str) else value)
                if parsed is None:
                    expected = "Dezimalpunkt" if spec.decimal == "." else "Dezimalkomma"
                    problem = "ist leer" if value is None or str(value).strip() == "" else f"ist keine Zahl ({expected} erwartet)"
                    raise IngestError(f"{file.name}: Zeile {number}, Spalte {column!r}: Koordinate {value!r} {problem}.")
                out.append(parsed)
        frame["_x"], frame["_y"] = xs, ys
        return frame, list(table.numbers), "Zeile", xcol, ycol
    table = generic.read_geometry(file, file.name, spec.where, f"der Einrichtungsebene {spec.id!r}", layer=spec.layer,
                                  crs=spec.crs, encoding=None if spec.encoding == "auto" else spec.encoding)
    label = table.attrs["label"]
    generic._require_columns(table, [c for c in wanted if c], label, "Geometriedatei")
    for i, geom in enumerate(table.geometry):
        if geom is None or geom.is_empty:
            raise IngestError(f"{label}: Objekt {i + 1}: keine Geometrie (leerer Punkt).")
        if geom.geom_type == "MultiPoint" and len(geom.geoms) == 1:
            continue
        if geom.geom_type != "Point":
            raise IngestError(f"{label}: Objekt {i + 1}: Geometrie {geom.geom_type} ist kein Punkt.")
    generic._check_area_of_use(table, SimpleNamespace(crs=spec.crs, where=spec.where),
                               [f"{label}, Objekt {n}" for n in range(1, len(table) + 1)])
    points = table.geometry.apply(lambda g: g if g.geom_type == "Point" else g.geoms[0])
    points = gpd.GeoSeries(points, crs=table.crs).to_crs("EPSG:4326")
    frame = pd.DataFrame(table.drop(columns=table.geometry.name))
    frame["_x"], frame["_y"] = points.x.to_numpy(), points.y.to_numpy()
    bad = ~(np.isfinite(frame["_x"]) & np.isfinite(frame["_y"]))
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise IngestError(f"{label}: Objekt {i + 1}: Koordinate ist keine endliche Zahl.")
    return frame, list(range(1, len(frame) + 1)), "Objekt", "geometry", "geometry"


def _capacity(value: Any, spec: LayerSpec, where: str) -> float:
    """A capacity (places, pupils …): a whole number ≥ 0, NaN when missing. Text is read by the values' number reader
    (generic._parse_number: missing and zero markers, `decimal`/`thousands`), with _check_numbers' rules for counts:
    a number that reads two ways ("1.200" with decimal ".") and a fractional one are errors."""
    from types import SimpleNamespace

    from dashboard.ingest.generic import DEFAULT_MISSING, DEFAULT_ZERO, _parse_number

    if value is None or (isinstance(value, float) and math.isnan(value)):
        return np.nan
    rules = SimpleNamespace(missing=DEFAULT_MISSING, zero=DEFAULT_ZERO, decimal=spec.decimal, thousands=spec.thousands)
    try:
        number = _parse_number(value, rules)
    except ValueError:
        number = -1.0
    if number is None:
        return np.nan
    if not math.isfinite(number) or number < 0:
        raise IngestError(f"{where}: Kapazität {value!r} ist keine Zahl ≥ 0.")
    text = "".join(str(value).split()) if isinstance(value, str) else ""
    other = "," if spec.decimal == "." else "."
    if text and re.fullmatch(rf"[1-9]\d{{0,2}}{re.escape(spec.decimal)}\d{{3}}", text):
        whole = text.replace(spec.decimal, "")
        raise IngestError(f"{where}: Kapazität {value!r} ist mehrdeutig: mit Dezimalzeichen {spec.decimal!r} ist sie {text}, mit "
                          f"{spec.decimal!r} als Tausendertrennzeichen {whole}. Eine Kapazität ist eine ganze Zahl, also ist "
                          f"vermutlich {whole} gemeint. Bitte die Zahl ohne Trennzeichen schreiben ({whole}) oder, wenn die Datei "
                          f"deutsche Zahlen enthält, decimal = \"{other}\" setzen.")
    if abs(number - round(number)) > 1e-9:
        raise IngestError(f"{where}: Kapazität {value!r} hat Nachkommastellen; eine Kapazität (Plätze, Schülerinnen und Schüler …) "
                          f"ist eine ganze Zahl. Bitte die Spalte und das Dezimal- und Tausendertrennzeichen prüfen "
                          f"(decimal = {spec.decimal!r}, thousands = {spec.thousands!r}).")
    return number


def read_points(spec: LayerSpec, smallest: gpd.GeoDataFrame) -> pd.DataFrame:
    """The layer's points (COLUMNS) with the area each lies in; smallest: the smallest-level areas (EPSG:4326)."""
    frame, numbers, row_word, xcol, ycol = _read_table(spec)
    file = spec.file
    if xcol != "geometry" and spec.x:  # projected x/y → lon/lat
        try:
            points = gpd.GeoSeries(gpd.points_from_xy(frame["_x"], frame["_y"]), crs=spec.crs).to_crs("EPSG:4326")
        except Exception as exc:  # noqa: BLE001
            raise IngestError(f"{file.name}: Koordinatensystem {spec.crs!r} unbekannt ({exc}).") from None
        frame["_x"], frame["_y"] = points.x.to_numpy(), points.y.to_numpy()
        if not (np.isfinite(frame["_x"]) & np.isfinite(frame["_y"])).all():
            i = int(np.flatnonzero(~(np.isfinite(frame["_x"]) & np.isfinite(frame["_y"])).to_numpy())[0])
            raise IngestError(f"{file.name}: {row_word} {numbers[i]}, Spalten {spec.x!r}/{spec.y!r}: "
                              f"Werte liegen nicht im Gültigkeitsbereich von {spec.crs}.")
    smallest = smallest.to_crs("EPSG:4326")
    pts = gpd.GeoDataFrame({"_row": range(len(frame))}, geometry=gpd.points_from_xy(frame["_x"], frame["_y"]), crs="EPSG:4326")
    joined = gpd.sjoin(pts, smallest[["area_id", "geometry"]], how="left", predicate="within")
    joined = joined[~joined.index.duplicated(keep="first")]
    area = joined["area_id"].reindex(pts.index)
    outside = area.isna()
    if outside.any() and spec.tolerance_m > 0:  # near a boundary (digitising differences): the nearest area
        local = smallest.estimate_utm_crs()
        near = gpd.sjoin_nearest(pts[outside].to_crs(local), smallest[["area_id", "geometry"]].to_crs(local),
                                 how="left", max_distance=spec.tolerance_m)
        near = near[~near.index.duplicated(keep="first")]["area_id"]
        area.loc[near.index] = near
        outside = area.isna()
    if outside.any():
        minx, miny, maxx, maxy = smallest.total_bounds
        for i in np.flatnonzero(outside.to_numpy()):
            x, y = float(frame["_x"].iat[i]), float(frame["_y"].iat[i])
            columns = f"Spalten {xcol!r}/{ycol!r}" if xcol != "geometry" else "Geometrie"
            where = f"{file.name}: {row_word} {numbers[i]}, {columns}"
            if not (minx - 0.5 <= x <= maxx + 0.5 and miny - 0.5 <= y <= maxy + 0.5) and minx <= y <= maxx and miny <= x <= maxy:
                raise IngestError(f"{where}: Punkt ({x}, {y}) liegt weit außerhalb der Stadt, vertauscht läge er darin – "
                                  f"sind Länge und Breite vertauscht?")
            if spec.outside == "error":
                raise IngestError(f"{where}: Punkt ({x:.6f}, {y:.6f}) liegt in keinem Gebiet der kleinsten Ebene. "
                                  f"Bitte Koordinaten prüfen, oder mit outside = \"drop\" (bzw. tolerance_m) solche Punkte auslassen.")
        log.warning("%s: %d Punkte außerhalb aller Gebiete ausgelassen (outside = \"drop\"), erster: %s %d.",
                    file.name, int(outside.sum()), row_word, numbers[int(np.flatnonzero(outside.to_numpy())[0])])
    keep = ~outside.to_numpy()
    out = pd.DataFrame({"layer": spec.id}, index=range(len(frame)))
    out["name"] = frame[spec.name].map(_text).to_numpy() if spec.name else ""
    if spec.category:
        raw = frame[spec.category].map(_text)
        out["category"] = raw.map(lambda v: spec.categories.get(v, v)).to_numpy()
        unknown = sorted(set(spec.category_colors) - set(out["category"]))
        if unknown:
            raise IngestError(f"{spec.where or file.name}: Feld 'category_colors' nennt {', '.join(map(repr, unknown))}, in der "
                              f"Spalte {spec.category!r} (nach 'categories') gibt es aber nur "
                              f"{', '.join(map(repr, sorted(set(out['category']))))}.")
    else:
        out["category"] = ""
    if spec.capacity:
        out["capacity"] = [_capacity(value, spec, f"{file.name}: {row_word} {numbers[i]}, Spalte {spec.capacity!r}")
                           for i, value in enumerate(frame[spec.capacity])]
    else:
        out["capacity"] = np.nan
    if spec.address:
        parts = [frame[c].map(_text) for c in spec.address]
        joined_address = parts[0]
        for part in parts[1:]:
            joined_address = joined_address.str.cat(part, sep=" ")
        out["address"] = joined_address.str.replace(r"\s+", " ", regex=True).str.strip().to_numpy()
    else:
        out["address"] = ""
    out["lon"], out["lat"] = frame["_x"].to_numpy(), frame["_y"].to_numpy()
    out["area_id"] = area.to_numpy()
    out = out[keep].reset_index(drop=True)
    out["capacity"] = out["capacity"].astype(float)
    return out[list(COLUMNS)]


# -- indicators ------------------------------------------------------------------------------
def supply_values(spec: LayerSpec, points: pd.DataFrame, values: pd.DataFrame, smallest_ids: list[str],
                  where: str = "") -> tuple[pd.DataFrame, dict[str, tuple[str, str]]]:
    """Rows (area_id, indicator_id, year, value, numerator, denominator) of the layer's indicators at the smallest
    level (under the denominator year), and per indicator the sentence naming the denominator year for its note
    (German, English)."""
    rows, notes = [], {}
    for ind in spec.indicators:
        per = values[(values["indicator_id"] == ind.per) & values["area_id"].isin(smallest_ids)]
        per = per[pd.to_numeric(per["value"], errors="coerce").notna()]
        years = sorted(int(y) for y in per["year"].unique())
        if not years:
            raise IngestError(f"{where}Indikator {ind.indicator}: der Nenner {ind.per!r} hat keine Werte auf der kleinsten Ebene.")
        year = int(spec.year) if spec.year is not None else years[-1]
        earlier = [y for y in years if y <= year]
        if not earlier:
            raise IngestError(f"{where}Indikator {ind.indicator}: der Nenner {ind.per!r} hat keinen Wert im Jahr {year} "
                              f"oder davor (Jahre: {', '.join(map(str, years))}).")
        den_year = earlier[-1]
        den = per[per["year"] == den_year].set_index("area_id")["value"].astype(float).reindex(smallest_ids)
        chosen = points if not ind.categories else points[points["category"].isin(ind.categories)]
        measure = chosen["capacity"].fillna(0) if ind.measure == "capacity" else pd.Series(1.0, index=chosen.index)
        num = measure.groupby(chosen["area_id"]).sum().reindex(smallest_ids).fillna(0.0)
        frame = pd.DataFrame({"area_id": smallest_ids, "indicator_id": ind.indicator, "year": den_year,
                              "numerator": num.to_numpy(), "denominator": den.to_numpy()})
        frame = frame[frame["denominator"].notna()]
        with np.errstate(divide="ignore", invalid="ignore"):
            frame["value"] = np.where(frame["denominator"] > 0, frame["numerator"] / frame["denominator"] * ind.scale, np.nan)
        rows.append(frame)
        later = den_year != year
        notes[ind.indicator] = (
            f"Einrichtungen: {spec.label_de}, Stand {spec.stand or year}; Nenner {ind.per} im Jahr {den_year}"
            + (" (das letzte Jahr vor dem Stand der Einrichtungen); der Wert steht unter diesem Jahr." if later else "."),
            f"Facilities: {spec.label_en or spec.label_de}, as of {spec.stand or year}; denominator {ind.per} in {den_year}"
            + (" (the last year before the facilities' date); the value is shown under that year." if later else "."))
    out = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=["area_id", "indicator_id", "year", "value", "numerator", "denominator"])
    return out, notes


# -- writing ---------------------------------------------------------------------------------
class FacilitiesLayer:
    """A build.DatasetLayer: facilities.parquet, checked against the areas of the dataset."""

    def __init__(self, specs: list[LayerSpec], points: pd.DataFrame):
        self.specs = specs
        self.points = points

    def meta(self) -> list[dict]:
        """The [[facilities]] entries of dataset.toml (dashboard/facilities.py reads them)."""
        out = []
        for n, spec in enumerate(self.specs):
            group = spec.group or ("openstreetmap" if spec.is_osm else "einrichtungen")
            attribution = spec.attribution
            if spec.is_osm and "openstreetmap" not in attribution.lower():
                attribution = f"{attribution}; {OSM_CREDIT}"
            entry = {"id": spec.id, "label_de": spec.label_de, "label_en": spec.label_en or spec.label_de, "group": group,
                     "color": spec.color or PALETTE[n % len(PALETTE)], "source": spec.source, "attribution": attribution,
                     "license": spec.license or ("ODbL 1.0" if spec.is_osm else ""), "stand": spec.stand,
                     "public": spec.public, "odbl": spec.is_osm,
                     "count": int((self.points["layer"] == spec.id).sum())}
            if spec.category_colors:
                entry["category_colors"] = dict(spec.category_colors)
            if spec.capacity:
                entry["capacity_label_de"] = spec.capacity_label_de or "Kapazität"
                entry["capacity_label_en"] = spec.capacity_label_en or "Capacity"
            if spec.indicators:  # the app's disclosure control: a supply ratio follows its denominator (dashboard/facilities.py)
                entry["indicators"] = {i.indicator: i.per for i in spec.indicators}
            out.append(entry)
        return out

    def write(self, folder: Path, areas: gpd.GeoDataFrame, level_ids: list[str]) -> list[Path]:
        smallest = set(areas.loc[areas["level"] == level_ids[0], "area_id"].astype(str))
        unknown = sorted(set(self.points["area_id"].astype(str)) - smallest)
        if unknown:
            raise IngestError(f"{FILE}: Gebiete {', '.join(unknown[:5])} gibt es auf der Ebene {level_ids[0]!r} nicht.")
        path = Path(folder) / FILE
        frame = self.points.copy()
        frame["area_id"] = frame["area_id"].astype(str)
        frame.sort_values(["layer", "area_id", "name"], kind="stable").reset_index(drop=True).to_parquet(path, index=False)
        return [path]


def add_notes(indicators: list[dict], notes: dict[str, tuple[str, str]]) -> None:
    """Append the denominator-year sentence to the note of each supply-ratio indicator entry (German and English)."""
    for entry in indicators:
        if entry.get("id") in notes:
            de, en = notes[entry["id"]]
            entry["note"] = f"{entry.get('note', '').rstrip()} {de}".strip()
            if isinstance(entry.get("en"), dict) or entry.get("en") is None:
                entry.setdefault("en", {})
                entry["en"]["note"] = f"{entry['en'].get('note', '').rstrip()} {en}".strip()


def build(specs: list[LayerSpec], areas: gpd.GeoDataFrame, level_ids: list[str], values: pd.DataFrame,
          where: str = "") -> tuple[FacilitiesLayer, pd.DataFrame, dict[str, tuple[str, str]]]:
    """Read every layer, compute its indicators: (the layer for write_dataset, extra value rows, notes by indicator)."""
    smallest = areas[areas["level"] == level_ids[0]]
    smallest_ids = list(smallest["area_id"].astype(str))
    frames, extra, notes = [], [], {}
    for spec in specs:
        points = read_points(spec, smallest)
        frames.append(points)
        if spec.indicators and spec.is_osm:
            raise IngestError(f"{where}Ebene {spec.id!r}: aus OpenStreetMap-Daten (ODbL) werden keine amtlichen Indikatoren "
                              f"berechnet; bitte [[facilities.indicators]] entfernen.")
        if spec.indicators and not spec.public:  # ratio × published denominator = the hidden layer's points per area
            raise IngestError(f"{where}Ebene {spec.id!r} ist nicht öffentlich (public = false), ihre Indikatoren "
                              f"({', '.join(i.indicator for i in spec.indicators)}) verrieten aber mit dem Nenner die Zahl "
                              f"ihrer Einrichtungen je Gebiet; bitte die Ebene öffentlich machen oder "
                              f"[[facilities.indicators]] entfernen.")
        for ind in spec.indicators:
            if (values["indicator_id"] == ind.indicator).any():
                raise IngestError(f"{spec.where or where + 'Ebene ' + repr(spec.id)}: der Indikator {ind.indicator!r} hat schon Werte "
                                  "aus den Werte-Tabellen ([[values]]); eine Versorgungskennzahl entsteht beim Import aus den "
                                  "Einrichtungen. Bitte eines von beiden entfernen.")
        rows, layer_notes = supply_values(spec, points, values, smallest_ids, where)
        extra.append(rows)
        notes.update(layer_notes)
    points = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=list(COLUMNS))
    rows = pd.concat(extra, ignore_index=True) if extra else pd.DataFrame()
    return FacilitiesLayer(specs, points), rows, notes


# -- Berlin (data/berlin, LOR 2021): ../shared/data/berlin/infrastructure, INFRASTRUCTURE.md there ----------------
BERLIN_FOLDER = "infrastructure"


def berlin_specs(source: Path) -> list[LayerSpec]:
    """The Berlin point layers: five official ones and two OpenStreetMap ones (ODbL, a group of their own, no
    indicators). Credits and caveats as in INFRASTRUCTURE.md."""
    folder = Path(source) / BERLIN_FOLDER
    return [
        LayerSpec(id="kita", file=folder / "kitas_senbjf_kitaliste_2026-07.csv", label_de="Kitas", label_en="Day-care centres (Kitas)",
                  attribution="Senatsverwaltung für Bildung, Jugend und Familie Berlin (Kitaliste), CC BY 3.0 DE",
                  source="SenBJF, Kitaliste (öffentlich geförderte Kitas, ohne Kindertagespflege), Stand etwa Januar 2026",
                  license="CC BY 3.0 DE", stand="2026-01", year=2026, color="#1b7837", lon="lon", lat="lat", name="name",
                  category="type", capacity="places", capacity_label_de="Plätze", capacity_label_en="places",
                  address=("street", "zip_code"),
                  indicators=[IndicatorSpec("KITA_PLAETZE_U6", "capacity", "EW_U6", 100.0)]),
        LayerSpec(id="schulen", file=folder / "schulen_senbjf_2024-25.geojson", label_de="Schulen", label_en="Schools",
                  attribution="SenBJF / Geoportal Berlin – Schulen, dl-de/zero-2.0",
                  source="SenBJF / Geoportal Berlin – Schulen, Schuljahr 2024/25 (Schülerzahlen: Bildungsstatistik)",
                  license="dl-de/zero-2.0", stand="Schuljahr 2024/25", year=2024, color="#2166ac", name="schulname",
                  category="schulart", capacity="students_total", capacity_label_de="Schülerinnen und Schüler",
                  capacity_label_en="pupils", address=("strasse", "hausnr", "plz")),
        LayerSpec(id="jfe", file=folder / "jugendfreizeiteinrichtungen_geoportal_2022-12.geojson",
                  label_de="Jugendfreizeiteinrichtungen", label_en="Youth leisure facilities",
                  attribution="Geoportal Berlin / Jugendfreizeiteinrichtungen (SenBJF)",
                  source="Geoportal Berlin / Jugendfreizeiteinrichtungen (SenBJF), Stand Dezember 2022",
                  stand="2022-12", year=2022, color="#e08214", name="e_name", category="e_art", capacity="e_platz",
                  capacity_label_de="Plätze", capacity_label_en="places", address=("e_strasse", "e_hnr", "e_plz"),
                  indicators=[IndicatorSpec("JFE_JE_10T", "count", "EW", 10000.0)]),
        LayerSpec(id="pflege", file=folder / "pflegeeinrichtungen_geoportal_2023-07.geojson",
                  label_de="Pflegeeinrichtungen (stationär)", label_en="Care homes",
                  attribution="Geoportal Berlin / Pflegeeinrichtungen",
                  source="Geoportal Berlin / Pflegeeinrichtungen (SenWGPG), stationäre Pflege, Stand Juli 2023",
                  stand="2023-07", year=2023, color="#762a83", name="einrichtung_name", capacity="platzzahl",
                  capacity_label_de="Plätze", capacity_label_en="places", address=("gc_strasse", "gc_haus", "gc_plz"),
                  indicators=[IndicatorSpec("PFLEGE_PLAETZE_65U", "capacity", "EW_65U", 100.0)]),
        LayerSpec(id="apotheken", file=folder / "apotheken_geoportal_2023-07.geojson", label_de="Apotheken",
                  label_en="Pharmacies", attribution="Geoportal Berlin / Apothekenstandorte (LAGeSo)",
                  source="Geoportal Berlin / Apothekenstandorte (LAGeSo), Stand Juli 2023", stand="2023-07", year=2023,
                  color="#01665e", name="aponame", address=("gc_strasse", "gc_haus", "gc_plz"),
                  indicators=[IndicatorSpec("APOTHEKEN_JE_10T", "count", "EW", 10000.0)]),
        LayerSpec(id="osm-gesundheit-kultur", file=folder / "osm_poi_health_community_culture_2026-02.geojson",
                  label_de="Ärzte, Kliniken, Treffpunkte, Kultur (OSM)", label_en="Doctors, clinics, meeting places, culture (OSM)",
                  attribution=OSM_CREDIT, source="OpenStreetMap (nur Knoten; Abfrage Februar 2026)", license="ODbL 1.0",
                  stand="2026-02", odbl=True, color="#8c510a", name="name", category="category",
                  categories={"doctors": "Arztpraxis", "clinics": "Klinik", "community_centre": "Gemeinschaftszentrum",
                              "theatre": "Theater", "museum": "Museum"}, address=("street", "zip_code"),
                  # one toggle, a colour per kind (review item 21): health brown/red, meeting places teal, culture purple
                  category_colors={"Arztpraxis": "#8c510a", "Klinik": "#b2182b", "Gemeinschaftszentrum": "#35978f",
                                   "Theater": "#542788", "Museum": "#8073ac"}),
        LayerSpec(id="osm-bibliotheken", file=folder / "osm_libraries_2025-12.geojson", label_de="Bibliotheken (OSM)",
                  label_en="Libraries (OSM)", attribution=OSM_CREDIT, source="OpenStreetMap (amenity=library, Dezember 2025)",
                  license="ODbL 1.0", stand="2025-12", odbl=True, color="#c51b7d", name="name",
                  address=("street", "housenumber", "postcode")),
    ]


def add_berlin(source: Path, parts: tuple) -> tuple[tuple, FacilitiesLayer]:
    """data/berlin's (meta, indicators, areas, values) with the facilities: meta["facilities"], the supply-ratio rows
    appended to the values (their notes name the denominator year), and the layer for write_dataset."""
    meta, indicators, areas, values = parts
    level_ids = [lv["id"] for lv in meta["levels"]]
    specs = berlin_specs(source)
    registered = {entry["id"]: entry for entry in indicators}
    for spec in specs:
        for ind in spec.indicators:  # the register (registries/berlin.toml) decides kind, aggregation and scale
            entry = registered.get(ind.indicator, {})
            if (entry.get("kind"), entry.get("aggregation"), float(entry.get("scale", -1))) != ("rate", "ratio_of_sums", ind.scale):
                raise IngestError(f"Berlin, Einrichtungen, Ebene {spec.id!r}: {ind.indicator} braucht im Register kind = \"rate\", "
                                  f"aggregation = \"ratio_of_sums\" und scale = {ind.scale:g} (gefunden: {entry or 'kein Eintrag'}).")
    layer, rows, notes = build(specs, areas, level_ids, values, "Berlin, Einrichtungen: ")
    add_notes(indicators, notes)
    if not rows.empty:
        rows = rows.assign(estimate=False)
        values = pd.concat([values, rows[[c for c in values.columns if c in rows.columns]]], ignore_index=True)
    meta = {**meta, "facilities": layer.meta()}
    return (meta, indicators, areas, values), layer


# -- demo city (data/demo, synthetic) ----------------------------------------------------------------
DEMO_INDICATOR = {
    "id": "KITA_PLAETZE_1000", "label_de": "Kitaplätze je 1.000 EW", "label_en": "Day-care places per 1,000 residents",
    "unit": "Plätze je 1.000 EW", "dimension": "Bildung", "polarity": "higher_is_better",
    "aggregation": "ratio_of_sums", "stichtag": "31.12.", "kind": "rate", "scale": 1000.0, "min_denominator": 300,
    "classification": "quantiles", "decimals": 1,
    "description": "Plätze der (fiktiven) Kitas im Gebiet je 1.000 Einwohnerinnen und Einwohner.",
    "numerator_label": "Kitaplätze", "denominator_label": "EW gesamt", "zielbereich": "Familienfreundlichkeit",
    "source": "Fiktive Beispieldaten (Musterstadt), synthetisch erzeugt.",
    "en": {"description": "Places of the (fictitious) day-care centres in the area per 1,000 residents.",
           "unit": "places per 1,000 residents",
           "numerator_label": "Day-care places", "denominator_label": "All residents",
           "source": "Fictitious sample data (Musterstadt), generated."},
}
DEMO_SCHOOL_TYPES = ("Grundschule", "Grundschule", "Grundschule", "Integrierte Sekundarschule", "Gymnasium")


def demo(meta: dict, areas: gpd.GeoDataFrame, values: pd.DataFrame, indicators: list[dict],
         seed: int) -> tuple[pd.DataFrame, list[dict], FacilitiesLayer]:
    """Musterstadt's synthetic Kitas (with places) and schools (with pupils): points inside the Planungsräume, about one
    Kita per 1,500 residents and one school per 5,000, from an own random generator (the other demo values stay as
    they are). Adds KITA_PLAETZE_1000 (places per 1,000 residents, latest year) to the values and indicators and the
    [[facilities]] entries to meta; returns (values, indicators, layer)."""
    rng = np.random.default_rng(seed + 15)
    level_ids = [lv["id"] for lv in meta["levels"]]
    smallest = areas[areas["level"] == level_ids[0]].sort_values("area_id")
    metric = smallest.to_crs(smallest.estimate_utm_crs())
    ew_year = int(values.loc[values["indicator_id"] == "EW", "year"].max())
    ew = values[(values["indicator_id"] == "EW") & (values["year"] == ew_year)].set_index("area_id")["value"]
    streets = ("Lindenweg", "Am Markt", "Schulstraße", "Gartenstraße", "Bahnhofstraße", "Birkenallee", "Mühlenweg")
    rows = []
    for area_id, geom in zip(metric["area_id"], metric.geometry):
        people = float(ew.get(area_id, 0) or 0)
        for layer, per, prefix in (("kita", 1500.0, "Kita"), ("schulen", 5000.0, "Schule")):
            for k in range(int(rng.poisson(people / per))):
                minx, miny, maxx, maxy = geom.bounds
                for _ in range(50):
                    x, y = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
                    if geom.contains(gpd.points_from_xy([x], [y])[0]):
                        break
                else:
                    continue
                street = streets[int(rng.integers(len(streets)))]
                if layer == "kita":
                    name, category, capacity = f"Kita {street} {k + 1}", "Kita", float(rng.integers(3, 19) * 10)
                else:
                    category = DEMO_SCHOOL_TYPES[int(rng.integers(len(DEMO_SCHOOL_TYPES)))]
                    name, capacity = f"{category} {street}", float(rng.integers(15, 80) * 10)
                rows.append({"layer": layer, "name": name, "category": category, "capacity": capacity,
                             "address": f"{street} {int(rng.integers(1, 120))}", "x": x, "y": y, "area_id": area_id})
    frame = pd.DataFrame(rows)
    lonlat = gpd.GeoSeries(gpd.points_from_xy(frame["x"], frame["y"]), crs=metric.crs).to_crs("EPSG:4326")
    frame["lon"], frame["lat"] = lonlat.x.round(6).to_numpy(), lonlat.y.round(6).to_numpy()
    points = frame[list(COLUMNS)]
    credit = "Musterstadt, Jugendamt und Schulamt (fiktive Beispieldaten), CC0"
    specs = [LayerSpec(id="kita", file=Path("kitas.csv"), label_de="Kitas", label_en="Day-care centres", attribution=credit,
                       source="Fiktive Beispieldaten", license="CC0-1.0", stand=str(ew_year), year=ew_year, color="#1b7837",
                       capacity="places", capacity_label_de="Plätze", capacity_label_en="places",
                       indicators=[IndicatorSpec("KITA_PLAETZE_1000", "capacity", "EW", 1000.0)]),
             LayerSpec(id="schulen", file=Path("schulen.csv"), label_de="Schulen", label_en="Schools", attribution=credit,
                       source="Fiktive Beispieldaten", license="CC0-1.0", stand=str(ew_year), year=ew_year, color="#2166ac",
                       capacity="pupils", capacity_label_de="Schülerinnen und Schüler", capacity_label_en="pupils",
                       category="category", category_colors={"Grundschule": "#2166ac", "Integrierte Sekundarschule": "#4393c3",
                                                             "Gymnasium": "#053061"})]
    smallest_ids = list(smallest["area_id"].astype(str))
    extra, notes = supply_values(specs[0], points[points["layer"] == "kita"], values, smallest_ids)
    indicators = [*indicators, dict(DEMO_INDICATOR, en=dict(DEMO_INDICATOR["en"]))]
    add_notes(indicators, notes)
    values = pd.concat([values, extra[[c for c in values.columns if c in extra.columns]]], ignore_index=True)
    layer = FacilitiesLayer(specs, points)
    meta["facilities"] = layer.meta()
    return values, indicators, layer
