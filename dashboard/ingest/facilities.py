"""Facilities (point layers) for a dataset: read, check, assign to areas, write (docs/ingest.md „Einrichtungen
(Punktebenen)“).

Points come from GeoJSON, GeoPackage or CSV (lon/lat or x/y columns in a given CRS). Each point gets the
smallest-level area it lies in (point in polygon). Per-area counts and supply ratios become ordinary indicators
(`[[facilities.indicators]]`): numerator = the sum of capacities (or the number of points) in the area, denominator =
the `per` indicator's count of the area in the denominator year, aggregated to every level as a ratio of sums.
The app reads facilities.parquet through dashboard/facilities.py.
"""
from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from dashboard import catalog
from dashboard.facilities import COLUMNS, FILE, PALETTE
from dashboard.ingest.build import IngestError

log = logging.getLogger(__name__)

LAYER_FIELDS = {"id", "file", "label_de", "label_en", "source", "attribution", "license", "stand", "year", "odbl", "public",
                "color", "group", "layer", "lon", "lat", "x", "y", "crs", "delimiter", "encoding", "name", "category",
                "categories", "capacity", "capacity_label_de", "capacity_label_en", "address", "outside", "tolerance_m",
                "indicators"}
INDICATOR_FIELDS = {"indicator", "measure", "per", "scale", "categories"}
OSM_CREDIT = "© OpenStreetMap-Mitwirkende, ODbL 1.0"


@dataclass
class IndicatorSpec:
    indicator: str
    measure: str  # "capacity" | "count"
    per: str  # the denominator indicator (a count, e.g. EW_U6)
    scale: float = 1.0
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
    layer: str | None = None  # GeoPackage layer
    lon: str = "lon"  # CSV: longitude column (EPSG:4326) …
    lat: str = "lat"
    x: str | None = None  # … or projected x/y columns in `crs`
    y: str | None = None
    crs: str = "EPSG:4326"
    delimiter: str = ","
    encoding: str = "utf-8-sig"
    name: str | None = "name"
    category: str | None = None
    categories: dict[str, str] = field(default_factory=dict)
    capacity: str | None = None
    capacity_label_de: str = ""
    capacity_label_en: str = ""
    address: tuple[str, ...] = ()
    outside: str = "error"  # "error" | "drop"
    tolerance_m: float = 0.0
    indicators: list[IndicatorSpec] = field(default_factory=list)

    @property
    def is_osm(self) -> bool:
        return self.odbl or "odbl" in self.license.lower()


def specs_from_config(config_name: str, base: Path, entries: list[dict]) -> list[LayerSpec]:
    """[[facilities]] of an import config, checked (unknown keys rejected with „Meinten Sie …?“)."""
    specs = []
    seen: set[str] = set()
    for number, entry in enumerate(entries, 1):
        where = f"{config_name}, [[facilities]] Eintrag {number}"
        catalog.check_known_keys(entry, LAYER_FIELDS, where, IngestError, "Feld")
        for name in ("id", "file", "label_de", "attribution"):
            if not isinstance(entry.get(name), str) or not entry[name].strip():
                raise IngestError(f"{where}: Pflichtfeld {name!r} fehlt oder ist leer.")
        if entry["id"] in seen:
            raise IngestError(f"{where}: id {entry['id']!r} ist doppelt vergeben.")
        seen.add(entry["id"])
        file = (base / entry["file"]) if not Path(entry["file"]).is_absolute() else Path(entry["file"])
        if not file.exists():
            raise IngestError(f"{where}: Datei {entry['file']!r} nicht gefunden (gesucht: {file.resolve()}).")
        indicators = []
        for k, ind in enumerate(entry.get("indicators", []), 1):
            iwhere = f"{where}, indicators Eintrag {k}"
            if not isinstance(ind, dict):
                raise IngestError(f"{iwhere}: muss ein Abschnitt sein ([[facilities.indicators]]).")
            catalog.check_known_keys(ind, INDICATOR_FIELDS, iwhere, IngestError, "Feld")
            for name in ("indicator", "per"):
                if not isinstance(ind.get(name), str) or not ind[name]:
                    raise IngestError(f"{iwhere}: Pflichtfeld {name!r} fehlt.")
            measure = ind.get("measure", "count")
            if measure not in ("count", "capacity"):
                raise IngestError(f"{iwhere}: measure={measure!r} muss 'count' oder 'capacity' sein.")
            if measure == "capacity" and not entry.get("capacity"):
                raise IngestError(f"{iwhere}: measure='capacity' braucht eine Kapazitätsspalte (Feld 'capacity' der Ebene).")
            scale = ind.get("scale", 1)
            if not isinstance(scale, (int, float)) or isinstance(scale, bool) or scale <= 0:
                raise IngestError(f"{iwhere}: scale={scale!r} muss eine Zahl > 0 sein.")
            indicators.append(IndicatorSpec(ind["indicator"], measure, ind["per"], float(scale), tuple(ind.get("categories", ()))))
        outside = entry.get("outside", "error")
        if outside not in ("error", "drop"):
            raise IngestError(f"{where}: outside={outside!r} muss 'error' oder 'drop' sein.")
        address = entry.get("address", ())
        specs.append(LayerSpec(
            id=entry["id"], file=file, label_de=entry["label_de"], attribution=entry["attribution"],
            label_en=entry.get("label_en", ""), source=entry.get("source", ""), license=entry.get("license", ""),
            stand=str(entry.get("stand", "")), year=entry.get("year"), odbl=bool(entry.get("odbl", False)),
            public=bool(entry.get("public", True)), color=entry.get("color", ""), group=entry.get("group", ""),
            layer=entry.get("layer"), lon=entry.get("lon", "lon"), lat=entry.get("lat", "lat"), x=entry.get("x"),
            y=entry.get("y"), crs=entry.get("crs", "EPSG:4326"), delimiter=entry.get("delimiter", ","),
            encoding=entry.get("encoding", "utf-8-sig"), name=entry.get("name", "name"), category=entry.get("category"),
            categories=dict(entry.get("categories", {})), capacity=entry.get("capacity"),
            capacity_label_de=entry.get("capacity_label_de", ""), capacity_label_en=entry.get("capacity_label_en", ""),
            address=(address,) if isinstance(address, str) else tuple(address), outside=outside,
            tolerance_m=float(entry.get("tolerance_m", 0)), indicators=indicators))
    return specs


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


def _column(frame: pd.DataFrame, column: str | None, file: Path, what: str) -> None:
    if column and column not in frame.columns:
        raise IngestError(f"{file.name}: Spalte {column!r} ({what}) fehlt. Vorhanden: {', '.join(map(str, frame.columns))}.")


def _read_table(spec: LayerSpec) -> tuple[pd.DataFrame, str, str, str, str]:
    """(table with lon/lat in EPSG:4326, name of a row ("Zeile"/"Objekt"), offset of its number, x column, y column)."""
    file = spec.file
    suffix = file.suffix.lower()
    if suffix == ".csv":
        frame = pd.read_csv(file, sep=spec.delimiter, dtype=str, keep_default_na=False, encoding=spec.encoding)
        xcol, ycol = (spec.x, spec.y) if spec.x else (spec.lon, spec.lat)
        _column(frame, xcol, file, "x/Länge")
        _column(frame, ycol, file, "y/Breite")
        xs, ys = [], []
        for i, (xv, yv) in enumerate(zip(frame[xcol], frame[ycol])):
            for column, value, out in ((xcol, xv, xs), (ycol, yv, ys)):
                number = _number(value)
                if number is None:
                    what = "ist leer" if str(value).strip() == "" else "ist keine Zahl (Dezimalpunkt erwartet)"
                    raise IngestError(f"{file.name}: Zeile {i + 2}, Spalte {column!r}: Koordinate {value!r} {what}.")
                out.append(number)
        frame["_x"], frame["_y"] = xs, ys
        return frame, "Zeile", 2, xcol, ycol
    if suffix in (".geojson", ".json", ".gpkg"):
        try:
            table = gpd.read_file(file, layer=spec.layer) if spec.layer else gpd.read_file(file)
        except Exception as exc:  # noqa: BLE001 - any reader failure is a config/file problem
            raise IngestError(f"{file.name}: Datei nicht lesbar ({type(exc).__name__}: {exc}).") from None
        for i, geom in enumerate(table.geometry):
            if geom is None or geom.is_empty:
                raise IngestError(f"{file.name}: Objekt {i + 1}: keine Geometrie (leerer Punkt).")
            if geom.geom_type == "MultiPoint" and len(geom.geoms) == 1:
                continue
            if geom.geom_type != "Point":
                raise IngestError(f"{file.name}: Objekt {i + 1}: Geometrie {geom.geom_type} ist kein Punkt.")
        if table.crs is None:
            table = table.set_crs("EPSG:4326")
        points = table.geometry.apply(lambda g: g if g.geom_type == "Point" else g.geoms[0])
        points = gpd.GeoSeries(points, crs=table.crs).to_crs("EPSG:4326")
        frame = pd.DataFrame(table.drop(columns="geometry"))
        frame["_x"], frame["_y"] = points.x.to_numpy(), points.y.to_numpy()
        bad = ~(np.isfinite(frame["_x"]) & np.isfinite(frame["_y"]))
        if bad.any():
            i = int(np.flatnonzero(bad.to_numpy())[0])
            raise IngestError(f"{file.name}: Objekt {i + 1}: Koordinate ist keine endliche Zahl.")
        return frame, "Objekt", 1, "geometry", "geometry"
    raise IngestError(f"{file.name}: unbekanntes Format {suffix!r} (erlaubt: .csv, .geojson, .json, .gpkg).")


def read_points(spec: LayerSpec, smallest: gpd.GeoDataFrame) -> pd.DataFrame:
    """The layer's points (COLUMNS) with the area each lies in; smallest: the smallest-level areas (EPSG:4326)."""
    frame, row_word, offset, xcol, ycol = _read_table(spec)
    file = spec.file
    for column, what in ((spec.name, "Name"), (spec.category, "Kategorie"), (spec.capacity, "Kapazität")):
        _column(frame, column, file, what)
    for column in spec.address:
        _column(frame, column, file, "Adresse")
    if spec.file.suffix.lower() == ".csv" and spec.x:  # projected x/y → lon/lat
        try:
            points = gpd.GeoSeries(gpd.points_from_xy(frame["_x"], frame["_y"]), crs=spec.crs).to_crs("EPSG:4326")
        except Exception as exc:  # noqa: BLE001
            raise IngestError(f"{file.name}: Koordinatensystem {spec.crs!r} unbekannt ({exc}).") from None
        frame["_x"], frame["_y"] = points.x.to_numpy(), points.y.to_numpy()
        if not (np.isfinite(frame["_x"]) & np.isfinite(frame["_y"])).all():
            i = int(np.flatnonzero(~(np.isfinite(frame["_x"]) & np.isfinite(frame["_y"])).to_numpy())[0])
            raise IngestError(f"{file.name}: {row_word} {i + offset}, Spalten {spec.x!r}/{spec.y!r}: "
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
            where = f"{file.name}: {row_word} {i + offset}, {columns}"
            if not (minx - 0.5 <= x <= maxx + 0.5 and miny - 0.5 <= y <= maxy + 0.5) and minx <= y <= maxx and miny <= x <= maxy:
                raise IngestError(f"{where}: Punkt ({x}, {y}) liegt weit außerhalb der Stadt, vertauscht läge er darin – "
                                  f"sind Länge und Breite vertauscht?")
            if spec.outside == "error":
                raise IngestError(f"{where}: Punkt ({x:.6f}, {y:.6f}) liegt in keinem Gebiet der kleinsten Ebene. "
                                  f"Bitte Koordinaten prüfen, oder mit outside = \"drop\" (bzw. tolerance_m) solche Punkte auslassen.")
        log.warning("%s: %d Punkte außerhalb aller Gebiete ausgelassen (outside = \"drop\"), erster: %s %d.",
                    file.name, int(outside.sum()), row_word, int(np.flatnonzero(outside.to_numpy())[0]) + offset)
    keep = ~outside.to_numpy()
    out = pd.DataFrame({"layer": spec.id}, index=range(len(frame)))
    out["name"] = frame[spec.name].astype(str).str.strip().to_numpy() if spec.name else ""
    if spec.category:
        raw = frame[spec.category].astype(str).str.strip()
        out["category"] = raw.map(lambda v: spec.categories.get(v, v)).to_numpy()
    else:
        out["category"] = ""
    if spec.capacity:
        capacities = []
        for i, value in enumerate(frame[spec.capacity]):
            if value is None or (isinstance(value, float) and math.isnan(value)) or str(value).strip() == "":
                capacities.append(np.nan)
                continue
            number = _number(value)
            if number is None or number < 0:
                raise IngestError(f"{file.name}: {row_word} {i + offset}, Spalte {spec.capacity!r}: Kapazität {value!r} "
                                  f"ist keine Zahl ≥ 0.")
            capacities.append(number)
        out["capacity"] = capacities
    else:
        out["capacity"] = np.nan
    if spec.address:
        parts = [frame[c].map(lambda v: "" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v).strip())
                 for c in spec.address]
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
            if spec.capacity:
                entry["capacity_label_de"] = spec.capacity_label_de or "Kapazität"
                entry["capacity_label_en"] = spec.capacity_label_en or "Capacity"
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
                              "theatre": "Theater", "museum": "Museum"}, address=("street", "zip_code")),
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
    layer, rows, notes = build(berlin_specs(source), areas, level_ids, values, "Berlin, Einrichtungen: ")
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
                       capacity="pupils", capacity_label_de="Schülerinnen und Schüler", capacity_label_en="pupils")]
    smallest_ids = list(smallest["area_id"].astype(str))
    extra, notes = supply_values(specs[0], points[points["layer"] == "kita"], values, smallest_ids)
    indicators = [*indicators, dict(DEMO_INDICATOR, en=dict(DEMO_INDICATOR["en"]))]
    add_notes(indicators, notes)
    values = pd.concat([values, extra[[c for c in values.columns if c in extra.columns]]], ignore_index=True)
    layer = FacilitiesLayer(specs, points)
    meta["facilities"] = layer.meta()
    return values, indicators, layer
