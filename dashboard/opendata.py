"""Open-data downloads (/daten): every value the current mode publishes, the indicators and the geometry, as files.

What is in the files is exactly what the app shows in the same mode, read through the same path:
- the values come from `Monitor.series` (one indicator at one level over all years), which applies the
  mode's rules in `Monitor._apply_mode` like `Monitor.values` (the map) and `Monitor.area_series` (the
  profile): in public mode non-public indicators do not exist, withheld cells (primary and secondary
  suppression) are blank with `withheld` true, every other value is rounded to the indicator's display
  precision; in internal mode all values at full precision, withheld ones flagged;
- the areas and their hierarchy come from the Monitor; only the geometry (not secret: the boundaries the
  map draws) is read from the dataset's areas.parquet, in EPSG:4326.

Files (docs/opendata.md describes them for users; README.txt is written into every build):
  werte.csv / werte.parquet  the long table VALUE_COLUMNS, one row per area, indicator and year
  indikatoren.csv            the indicators' metadata (INDICATOR_COLUMNS)
  gebiete.csv                the areas and their parents (AREA_COLUMNS), no geometry
  gebiete-<ebene>.geojson    one per level (and the city), attributes AREA_COLUMNS
  <datensatz>.gpkg           one spatial layer per level (AREA_COLUMNS) and the non-spatial tables
                             `werte` (the CSV's rows and columns) and `indikatoren`
  README.txt, LIZENZ.txt     description, columns, rules; licence and attribution
  <datensatz>.zip            all of the above

The CSV is for machines: UTF-8 without byte-order mark, comma, decimal point, header line, no comment
lines, empty cell = no value, flags `true`/`false`. (The views' own CSV exports in dashboard/export.py
are for spreadsheets: German separators, description lines.)

Building (`OpenData.files`): once per release and mode, on the first request, into a folder of the
app's cache (or a private temporary folder when the cache is in memory). A file lock makes concurrent
first requests, also from other gunicorn workers, wait for one build; the build is written to a scratch
folder and renamed into place, so nobody reads half a file. The files carry no time stamp: the same
release and code give the same bytes (and ETags) in every worker.
"""
from __future__ import annotations

import fcntl
import hashlib
import io
import json
import logging
import os
import re
import shutil
import tempfile
import threading
import time
import weakref
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.catalog import CITY_LEVEL, Indicator
from dashboard.export import open_data_csv
from dashboard.i18n import format_size, t, tt

ROUTE_PREFIX = "/daten"
MANIFEST = "manifest.json"
FORMAT_VERSION = "1"  # part of the build folder's name: a change of the file layout rebuilds

# the long table (werte.csv, werte.parquet, GeoPackage table `werte`): name -> German description (README)
VALUE_COLUMNS = {
    "area_id": "Gebietsnummer (Schlüssel; verbindet mit gebiete.csv und den Geometrien)",
    "area_name": "Name des Gebiets",
    "level": "Ebene des Gebiets (Kennung der Ebene; stadt = Gesamtstadt)",
    "parent_id": "Nummer des übergeordneten Gebiets (leer für die Gesamtstadt)",
    # then one column <level>_id per level above the smallest (ancestor_columns)
    "indicator_id": "Kennung des Indikators (siehe indikatoren.csv)",
    "indicator": "Bezeichnung des Indikators",
    "unit": "Einheit des Werts",
    "year": "Jahr",
    "stichtag": "Stichtag oder Zeitraum des Werts",
    "value": "Wert (Dezimalpunkt; leer: kein Wert oder nicht veröffentlicht)",
    "category": "Bei Klassen-Indikatoren: Bedeutung des Klassenwerts",
    "estimate": "true: Schätzung (z. B. über eine Gebietsänderung übertragen), sonst false",
    "withheld": "true: Wert nicht veröffentlicht (geringe Fallzahl/Geheimhaltung), value ist leer",
}
INDICATOR_COLUMNS = {
    "indicator_id": "Kennung",
    "label": "Bezeichnung",
    "label_en": "Bezeichnung (englisch)",
    "dimension": "Themenfeld",
    "description": "Definition",
    "numerator": "Zähler",
    "denominator": "Nenner",
    "unit": "Einheit",
    "kind": "Art des Werts: share (Anteil), rate (Quote), count (Anzahl), mean (Mittelwert), index, class (Klasse)",
    "scale": "Faktor: Wert = Faktor × Zähler / Nenner (bei Anteilen und Quoten)",
    "decimals": "Nachkommastellen, auf die öffentlich gerundet wird",
    "polarity": "higher_is_worse (höhere Werte ungünstiger), higher_is_better (höhere Werte günstiger), neutral",
    "aggregation": "wie Werte größerer Gebiete entstehen (sum, ratio_of_sums, weighted_mean, none …)",
    "levels": "Ebenen, für die werte.csv Werte des Indikators enthält (dazu die Gesamtstadt, wo sie einen Wert hat)",
    "categories": "Bei Klassen-Indikatoren: Klassenwert=Bedeutung, durch | getrennt",
    "stichtag": "Stichtag",
    "source": "Quelle",
    "min_numerator": "Mindestfallzahl im Zähler (kleinere Fallzahlen außer 0 werden nicht veröffentlicht)",
    "min_denominator": "Mindestgröße des Nenners",
    "small_area_rule": "true: Werte von Gebieten unter der Mindesteinwohnerzahl werden nicht veröffentlicht",
    "note": "Hinweis zur Aussagekraft",
    "estimate_note": "wie als Schätzung gekennzeichnete Werte entstanden sind",
    "fact_sheet": "Adresse des Indikatorenblatts in der Anwendung",
}
AREA_COLUMNS = {
    "area_id": "Gebietsnummer",
    "area_name": "Name",
    "level": "Ebene (Kennung)",
    "parent_id": "übergeordnetes Gebiet",
}

MEDIA_TYPES = {
    ".csv": "text/csv",  # Flask adds "; charset=utf-8" to text types
    ".parquet": "application/vnd.apache.parquet",
    ".geojson": "application/geo+json",
    ".gpkg": "application/geopackage+sqlite3",
    ".txt": "text/plain",
    ".zip": "application/zip",
}
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,80}$")


@dataclass(frozen=True)
class DataFile:
    name: str  # the name in the URL (/daten/<name>) and in the ZIP
    size: int  # bytes
    sha256: str
    kind: str  # "values" | "indicators" | "areas" | "geometry" | "geopackage" | "readme" | "license" | "zip"
    level: str = ""  # geometry files: their level

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[Path(self.name).suffix]

    def etag(self, release: str) -> str:
        return f"{release}-{self.sha256[:16]}"


# -- the tables (pure given a Monitor) --------------------------------------------------------------------
def all_levels(monitor) -> list[str]:
    """The dataset's levels, smallest first, then the city."""
    return [*monitor.dataset.level_ids, CITY_LEVEL]


def ancestor_columns(monitor) -> list[str]:
    """<level>_id for every level above the smallest: the row's ancestor at that level."""
    return [f"{level}_id" for level in monitor.dataset.level_ids[1:]]


def area_table(monitor) -> pd.DataFrame:
    """Every area of every level with its parent and its ancestor at each higher level (AREA_COLUMNS + ancestors)."""
    levels = monitor.dataset.level_ids
    frames = []
    for level in all_levels(monitor):
        areas = monitor.areas(level)
        frame = pd.DataFrame({"area_id": areas["area_id"].astype(str), "area_name": areas["name"].astype(str),
                              "level": level, "parent_id": areas["parent_id"].astype(object)})
        for top in levels[1:]:
            above = level in levels and levels.index(top) > levels.index(level)
            frame[f"{top}_id"] = frame["area_id"].map(monitor.ancestor_at(level, top)) if above else None
        frames.append(frame)
    out = pd.concat(frames, ignore_index=True)
    for column in ["parent_id", *ancestor_columns(monitor)]:
        out[column] = out[column].where(out[column].notna() & (out[column].astype(str) != ""), None)
    return out


def published_levels(monitor, indicator: Indicator) -> list[str]:
    """The levels whose values the files carry for an indicator: the ones its map offers (Monitor.levels_for: the
    levels the registry declares, with values), then the city, whose value the profiles show next to every area
    wherever the dataset has one (the import keeps it for an indicator aggregated upwards or declared for every
    level; Monitor.series gives none otherwise). A value the store holds at another level is not published: the
    app shows it nowhere."""
    return [*monitor.levels_for(indicator.id), CITY_LEVEL]


def values_table(monitor) -> pd.DataFrame:
    """Every value the mode publishes, one row per area, indicator and year (VALUE_COLUMNS with the ancestor
    columns after parent_id), through Monitor.series: the mode's suppression and rounding applied, at the
    indicator's published_levels."""
    areas = area_table(monitor).set_index("area_id")
    rank = {level: i for i, level in enumerate(all_levels(monitor))}
    frames = []
    for order, indicator in enumerate(monitor.indicators()):
        for level in published_levels(monitor, indicator):
            series = monitor.series(indicator.id, level)
            if series.empty:
                continue
            series = series.assign(indicator_id=indicator.id, _order=order, _rank=rank[level])
            frames.append(series)
    if not frames:
        return pd.DataFrame(columns=value_columns(monitor))
    long = pd.concat(frames, ignore_index=True)
    long = long.sort_values(["_rank", "_order", "year", "area_id"], kind="stable").reset_index(drop=True)
    indicators = {i.id: i for i in monitor.indicators()}
    info = areas.reindex(long["area_id"])
    out = pd.DataFrame({
        "area_id": long["area_id"].astype(str).to_numpy(),
        "area_name": info["area_name"].to_numpy(),
        "level": info["level"].to_numpy(),
        "parent_id": info["parent_id"].to_numpy(),
    })
    for column in ancestor_columns(monitor):
        out[column] = info[column].to_numpy()
    ind = long["indicator_id"]
    out["indicator_id"] = ind.to_numpy()
    out["indicator"] = ind.map({k: i.label("de") for k, i in indicators.items()}).to_numpy()
    out["unit"] = ind.map({k: i.unit for k, i in indicators.items()}).to_numpy()
    out["year"] = long["year"].astype(int).to_numpy()
    dates = {(k, int(y)): indicators[k].reference_date(int(y), "de")
             for k, y in set(zip(ind, long["year"].astype(int)))}
    out["stichtag"] = [dates[(k, int(y))] for k, y in zip(ind, long["year"])]
    withheld = long["suppressed"].astype(bool).to_numpy()
    values = long["value"].astype(float).to_numpy()
    if monitor.public:  # Monitor has blanked them already; a withheld value must never reach a public file
        values = np.where(withheld, np.nan, values)
    # internal files are for internal use: a withheld value stays, flagged (as the internal map shows it)
    out["value"] = values
    out["category"] = [_category(indicators[k], v) for k, v in zip(ind, values)]
    out["estimate"] = long["estimate"].fillna(False).astype(bool).to_numpy()
    out["withheld"] = withheld
    return out[value_columns(monitor)]


def value_columns(monitor) -> list[str]:
    """The value table's columns: VALUE_COLUMNS with one <level>_id per level above the smallest after parent_id."""
    names = list(VALUE_COLUMNS)
    at = names.index("parent_id") + 1
    return [*names[:at], *ancestor_columns(monitor), *names[at:]]


def _category(indicator: Indicator, value: float) -> str | None:
    if indicator.kind != "class" or not indicator.categories or value != value:
        return None
    code = str(int(value)) if float(value).is_integer() else str(value)
    return indicator.categories.get(code)


def indicator_table(monitor) -> pd.DataFrame:
    """The metadata of every indicator of the mode (INDICATOR_COLUMNS)."""
    from dashboard.urls import indicator_href

    rows = []
    for i in monitor.indicators():
        rows.append({
            "indicator_id": i.id, "label": i.label_de, "label_en": i.label_en, "dimension": i.dimension,
            "description": _one_line(i.description), "numerator": _one_line(i.numerator_label),
            "denominator": _one_line(i.denominator_label), "unit": i.unit, "kind": i.kind, "scale": float(i.scale),
            "decimals": int(i.decimals), "polarity": i.polarity, "aggregation": i.aggregation,
            "levels": " ".join(monitor.levels_for(i.id)), "categories": " | ".join(f"{k}={v}" for k, v in i.categories.items()),
            "stichtag": i.stichtag_text(), "source": _one_line(i.source), "min_numerator": float(i.min_numerator),
            "min_denominator": float(i.min_denominator), "small_area_rule": i.population_rule,
            "note": _one_line(i.note), "estimate_note": _one_line(i.estimate_note), "fact_sheet": indicator_href(i.id),
        })
    return pd.DataFrame(rows, columns=list(INDICATOR_COLUMNS))


def _one_line(text: str) -> str:
    return " ".join(str(text or "").split())


# -- writing --------------------------------------------------------------------------------------------
def values_csv(monitor, values: pd.DataFrame) -> bytes:
    indicators = {i.id: i for i in monitor.indicators()}
    places = ([indicators[k].decimals for k in values["indicator_id"]] if monitor.public else None)
    return open_data_csv(values, {"value": places} if places is not None else None)


def _parquet(frame: pd.DataFrame) -> bytes:
    out = io.BytesIO()
    frame.to_parquet(out, index=False, compression="zstd")
    return out.getvalue()


def geometry(monitor) -> "gpd.GeoDataFrame":  # noqa: F821
    """Every area (AREA_COLUMNS + ancestors) with its boundary in EPSG:4326, from the dataset's areas.parquet."""
    import geopandas as gpd

    shapes = gpd.read_parquet(monitor.dataset.path / "areas.parquet", columns=["area_id", "geometry"])
    shapes = shapes.set_index(shapes["area_id"].astype(str))
    areas = area_table(monitor)
    frame = gpd.GeoDataFrame(areas, geometry=shapes.geometry.reindex(areas["area_id"]).to_numpy(), crs=shapes.crs)
    return frame.to_crs("EPSG:4326") if frame.crs is not None else frame.set_crs("EPSG:4326")


def _write_geojson(frame, path: Path) -> None:
    import pyogrio

    pyogrio.write_dataframe(frame, path, driver="GeoJSON", layer_options={"COORDINATE_PRECISION": 6, "RFC7946": "YES",
                                                                           "WRITE_BBOX": "NO"})


def _write_geopackage(shapes, values: pd.DataFrame, indicators: pd.DataFrame, path: Path) -> None:
    import pyogrio

    for level in shapes["level"].unique():
        pyogrio.write_dataframe(shapes[shapes["level"] == level].reset_index(drop=True), path, layer=str(level),
                                driver="GPKG", append=path.exists())
    for name, table in (("werte", values), ("indikatoren", indicators)):
        pyogrio.write_dataframe(table, path, layer=name, driver="GPKG", append=True)


def planned_files(monitor) -> list[DataFile]:
    """The files a build writes, in its order, without size or hash (for the page while they are being built)."""
    dataset = monitor.dataset
    levels = [lv for lv in all_levels(monitor) if lv != CITY_LEVEL or monitor.city_id()]
    return [DataFile("werte.csv", 0, "", "values"), DataFile("werte.parquet", 0, "", "values"),
            DataFile("indikatoren.csv", 0, "", "indicators"), DataFile("gebiete.csv", 0, "", "areas"),
            *(DataFile(f"gebiete-{lv}.geojson", 0, "", "geometry", lv) for lv in levels),
            DataFile(f"{dataset.id}.gpkg", 0, "", "geopackage"), DataFile("LIZENZ.txt", 0, "", "license"),
            DataFile("README.txt", 0, "", "readme"), DataFile(f"{dataset.id}.zip", 0, "", "zip")]


def file_name(monitor, name: str) -> str:
    """The name a file is saved under: dataset id and release first (berlin-0cff4665c806-werte.csv)."""
    dataset = monitor.dataset
    if name.startswith(f"{dataset.id}."):  # the GeoPackage and the ZIP: berlin-0cff4665c806.gpkg
        return f"{dataset.id}-{dataset.release}{name[len(dataset.id):]}"
    return f"{dataset.id}-{dataset.release}-{name}"


def build(monitor, folder: Path) -> list[DataFile]:
    """Write every file into `folder` (created) and return them with size and hash, ZIP last."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    dataset = monitor.dataset
    values = values_table(monitor)
    indicators = indicator_table(monitor)
    shapes = geometry(monitor)
    written: list[DataFile] = []

    def add(name: str, content: bytes | None, kind: str, level: str = "") -> None:
        path = folder / name
        if content is not None:
            path.write_bytes(content)
        data = path.read_bytes()
        written.append(DataFile(name, len(data), hashlib.sha256(data).hexdigest(), kind, level))

    add("werte.csv", values_csv(monitor, values), "values")
    add("werte.parquet", _parquet(values), "values")
    add("indikatoren.csv", open_data_csv(indicators), "indicators")
    add("gebiete.csv", open_data_csv(pd.DataFrame(shapes.drop(columns="geometry"))), "areas")
    for level in all_levels(monitor):
        part = shapes[shapes["level"] == level].reset_index(drop=True)
        if len(part):
            name = f"gebiete-{level}.geojson"
            _write_geojson(part, folder / name)
            add(name, None, "geometry", level)
    gpkg = f"{dataset.id}.gpkg"
    _write_geopackage(shapes, values, indicators, folder / gpkg)
    add(gpkg, None, "geopackage")
    add("LIZENZ.txt", license_text(monitor).encode("utf-8"), "license")
    add("README.txt", readme_text(monitor, written, values).encode("utf-8"), "readme")
    archive = f"{dataset.id}.zip"
    with zipfile.ZipFile(folder / archive, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for item in written:
            info = zipfile.ZipInfo(f"{dataset.id}-{dataset.release}/{item.name}", date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, (folder / item.name).read_bytes())
    add(archive, None, "zip")
    return written


# -- texts of the files (German: the dataset's language; the page /daten is translated) -----------------
def license_text(monitor) -> str:
    dataset = monitor.dataset
    return "\n".join([
        f"Lizenz und Namensnennung – {dataset.title}",
        "",
        f"Lizenz: {dataset.license}",
        "",
        "Quellenangabe (bei jeder Weiterverwendung zu nennen):",
        dataset.attribution,
        "",
        f"Datenstand: {dataset.release}",
        "Die Quelle jedes Indikators steht in indikatoren.csv (Spalte source); es gilt die Lizenz der jeweiligen Quelle.",
        "",
    ])


def readme_text(monitor, files: list[DataFile], values: pd.DataFrame) -> str:
    dataset = monitor.dataset
    public = monitor.public
    level_lines = [f"  {lv.id:<16} {lv.label_de}" for lv in dataset.levels] + [f"  {CITY_LEVEL:<16} Gesamtstadt"]
    years = sorted(values["year"].unique()) if len(values) else []
    out = [
        f"{dataset.title} – offene Daten",
        "=" * 72,
        f"Datenstand (Release): {dataset.release}",
        ("Fassung: öffentlich – genau die Werte, die die öffentliche Anwendung zeigt."
         if public else
         "Fassung: INTERN – enthält nicht veröffentlichte Indikatoren und Werte mit geringer Fallzahl. "
         "Nicht weitergeben und nicht veröffentlichen."),
        f"Umfang: {len(values)} Werte, {values['indicator_id'].nunique() if len(values) else 0} Indikatoren, "
        f"Jahre {years[0]}–{years[-1]}" if years else "Umfang: keine Werte",
        "",
        "Dateien",
        "-------",
        *[f"  {f.name:<34} {format_size(f.size, 'de'):>10}  {_describe(f)}" for f in files],
        "",
        "Format der CSV-Dateien",
        "----------------------",
        "UTF-8 ohne Byte-Order-Mark, Trennzeichen Komma, Dezimalpunkt, erste Zeile = Spaltennamen, keine",
        "Kommentarzeilen. Leere Zelle = kein Wert. Kennzeichen als true/false. Tausendertrennzeichen gibt es nicht.",
        "Excel: Daten > Aus Text/CSV, Dateiursprung UTF-8, Trennzeichen Komma.",
        "werte.parquet enthält dieselbe Tabelle mit Datentypen (Zahlen als float64, Kennzeichen als bool).",
        "",
        "Spalten von werte.csv (auch werte.parquet und Tabelle werte im GeoPackage)",
        "-------------------------------------------------------------------------",
        *[f"  {name:<18} {text}" for name, text in value_column_texts(monitor, "de")],
        "",
        "Ebenen",
        "------",
        *level_lines,
        "",
        "Spalten von indikatoren.csv",
        "---------------------------",
        *[f"  {name:<18} {text}" for name, text in INDICATOR_COLUMNS.items()],
        "",
        "Einheiten und Stichtage",
        "-----------------------",
        "Jede Zeile nennt Einheit (unit) und Stichtag (stichtag) ihres Werts; indikatoren.csv beschreibt Definition,",
        "Zähler, Nenner und Quelle. Anteile sind in Prozent (Wert = scale × Zähler / Nenner).",
        "",
    ]
    if public:
        out += [
            "Geheimhaltung und Rundung (öffentliche Fassung)",
            "-----------------------------------------------",
            f"- Werte von Gebieten mit weniger als {dataset.min_population} Einwohnerinnen und Einwohnern sowie Werte, deren",
            "  Fallzahl unter der Mindestfallzahl des Indikators liegt (indikatoren.csv: min_numerator,",
            "  min_denominator, small_area_rule), werden nicht veröffentlicht (primäre Geheimhaltung).",
            "- Zusätzlich werden Werte zurückgehalten, aus denen sich ein geheimer Wert berechnen ließe, etwa als",
            "  übergeordnetes Gebiet minus die übrigen Teilgebiete (sekundäre Geheimhaltung).",
            "- Nicht veröffentlichte Werte stehen mit leerem value und withheld = true in der Tabelle.",
            "- Alle übrigen Werte sind auf die Nachkommastellen des Indikators (indikatoren.csv: decimals) gerundet.",
            "  Summen gerundeter Werte können daher von den Werten der übergeordneten Gebiete abweichen.",
            "- Nicht zur Veröffentlichung bestimmte Indikatoren fehlen ganz.",
            "Es sind genau die Werte, die die öffentliche Anwendung in Karte, Tabellen und Gebietsprofilen zeigt.",
            "",
        ]
    else:
        out += [
            "Geheimhaltung (interne Fassung)",
            "-------------------------------",
            "Werte, die nach der Geheimhaltungsregel nicht veröffentlicht werden dürfen, stehen hier mit ihrem Wert",
            "und withheld = true. Werte in voller Genauigkeit (ungerundet).",
            "",
        ]
    out += [
        "Geometrie",
        "---------",
        "Koordinatenbezugssystem EPSG:4326 (WGS 84, Länge/Breite). GeoJSON: eine Datei je Ebene, Koordinaten auf",
        "6 Nachkommastellen (etwa 0,1 m). GeoPackage: eine Ebene (Layer) je Gebietsebene mit den Spalten von",
        "gebiete.csv, dazu die Tabellen werte und indikatoren ohne Geometrie; Verknüpfung über area_id",
        "(z. B. in QGIS: Eigenschaften > Verknüpfungen, nach indicator_id und year gefiltert).",
        "",
        "Methoden",
        "--------",
        "Die Rechenregeln (Klassenbildung, Zusammenfassung von Gebieten, Geheimhaltung) beschreibt die Methodenseite",
        "der Anwendung (/methodik), jeden Indikator sein Indikatorenblatt (/indikator/<Kennung>).",
        "",
        "Lizenz und Quellen",
        "------------------",
        f"Lizenz: {dataset.license}",
        f"Quellenangabe: {dataset.attribution}",
        "",
    ]
    return "\n".join(out)


def value_column_texts(monitor, lang: str = "de") -> list[tuple[str, str]]:
    """(column, what it means) for every column of the value table, in lang (README.txt: German; the page /daten)."""
    levels = {lv.id: lv.label(lang) for lv in monitor.dataset.levels}
    texts = {name: tt(text, lang) for name, text in VALUE_COLUMNS.items()}
    for column in ancestor_columns(monitor):
        texts[column] = t("Nummer des Gebiets der Ebene {level}, in dem das Gebiet liegt", lang,
                          level=levels[column.removesuffix("_id")])
    return [(name, texts[name]) for name in value_columns(monitor)]


def _describe(file: DataFile) -> str:
    return {
        "values": "alle Werte (eine Zeile je Gebiet, Indikator und Jahr)",
        "indicators": "Beschreibung der Indikatoren",
        "areas": "Gebiete mit übergeordneten Gebieten, ohne Geometrie",
        "geometry": f"Gebietsgrenzen der Ebene {file.level}",
        "geopackage": "Gebietsgrenzen aller Ebenen mit den Tabellen werte und indikatoren",
        "license": "Lizenz und Quellenangabe",
        "readme": "diese Beschreibung",
        "zip": "alle Dateien",
    }[file.kind]


# -- once per release: the lazy, locked build -------------------------------------------------------------
BUILD_TIMEOUT_S = 900


def write_build(monitor, folder: Path) -> list[DataFile]:
    """build() into `folder` and the manifest that marks it complete (the CLI `opendata` runs this)."""
    files = build(monitor, folder)
    (folder / MANIFEST).write_text(json.dumps([asdict(f) for f in files], ensure_ascii=False), encoding="utf-8")
    return files


def build_in_process(monitor, folder: Path) -> list[DataFile]:
    """The build in a process of its own (`python -m dashboard opendata`, at lower priority): it takes 10-30 s of CPU
    for Berlin, which in a thread of the serving worker held the interpreter lock and stalled that worker's callbacks
    for everyone (the public crawl timed out behind it). The child reads the same dataset in the same mode, so the
    files are those the worker would have written."""
    import subprocess
    import sys

    from dashboard.settings import PROJECT_ROOT

    mode = "public" if monitor.public else "internal"
    command = [sys.executable, "-m", "dashboard", "opendata", "--data", str(monitor.dataset.path), "--mode", mode,
               "--out", str(folder)]
    done = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=BUILD_TIMEOUT_S)
    files = None
    try:
        files = [DataFile(**entry) for entry in json.loads((folder / MANIFEST).read_text(encoding="utf-8"))]
    except (OSError, ValueError):
        pass
    if done.returncode != 0 or files is None:
        raise RuntimeError(f"Offene Daten konnten nicht erstellt werden (Exit {done.returncode}): {done.stderr.strip()[-2000:]}")
    return files
class OpenData:
    """The download files of one app (release and mode): built on first use, then served from a folder."""

    def __init__(self, monitor, cache_folder: Path | None = None):
        self.monitor = monitor
        mode = "public" if monitor.public else "internal"
        if cache_folder is None:
            # the cache is in memory: a private folder of this process (0700), removed when the process ends
            self._tmp = tempfile.TemporaryDirectory(prefix="quartiersmonitor-daten-")
            cache_folder = Path(self._tmp.name)
        self.root = Path(cache_folder) / f"daten-{mode}-{FORMAT_VERSION}"
        self.folder = self.root / "files"
        self._lock = threading.Lock()  # held by the build throughout
        self._start_lock = threading.Lock()  # start() must not wait for a running build: the page's next poll would hang
        self._files: dict[str, DataFile] | None = None
        self._started = False
        self.build_seconds: float | None = None

    def files(self) -> list[DataFile]:
        """The files, built now if this release has none yet (waits for a build another worker is doing)."""
        if self._files is None:
            with self._lock:
                if self._files is None:
                    self._files = {f.name: f for f in self._ensure()}
        return list(self._files.values())

    def ready(self) -> bool:
        """The files exist (built by this process or found from an earlier build or another worker)."""
        if self._files is None and self._read_manifest() is not None:
            self.files()  # reads the manifest only
        return self._files is not None

    def start(self) -> None:
        """Build in the background (once per process; the file lock keeps other workers from building too)."""
        with self._start_lock:
            if self._started or self._files is not None:
                return
            self._started = True
        threading.Thread(target=self.files, name="opendata-build", daemon=True).start()

    def file(self, name: str) -> DataFile | None:
        if not isinstance(name, str) or not _NAME.match(name):
            return None
        return {f.name: f for f in self.files()}.get(name)

    def path(self, item: DataFile) -> Path:
        return self.folder / item.name

    def _read_manifest(self) -> list[DataFile] | None:
        try:
            entries = json.loads((self.folder / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        files = [DataFile(**entry) for entry in entries]
        return files if all((self.folder / f.name).is_file() for f in files) else None

    def _ensure(self) -> list[DataFile]:
        found = self._read_manifest()
        if found is not None:
            return found
        self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
        with open(self.root / ".lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # another worker building: wait for it, then read its files
            try:
                found = self._read_manifest()
                if found is not None:
                    return found
                for stale in self.root.glob("bau-*"):  # a build cut off (the process ended): nobody else builds now
                    shutil.rmtree(stale, ignore_errors=True)
                scratch = Path(tempfile.mkdtemp(prefix="bau-", dir=self.root))
                start = time.perf_counter()
                files = build_in_process(self.monitor, scratch)
                self.build_seconds = time.perf_counter() - start
                logging.getLogger(__name__).info("Offene Daten erstellt: %d Dateien, %.1f MB in %.1f s (%s)", len(files),
                                                 sum(f.size for f in files) / 2**20, self.build_seconds, self.folder)
                if self.folder.exists():  # a broken earlier build
                    shutil.rmtree(self.folder)
                os.replace(scratch, self.folder)
                return files
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)


_BY_MONITOR: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def for_monitor(monitor) -> OpenData:
    """The open data of the app whose Monitor this is (registered by create_app)."""
    return _BY_MONITOR[monitor]


def files_for(monitor) -> list[DataFile]:
    """The files of the app whose Monitor this is (built now if needed)."""
    return _BY_MONITOR[monitor].files()


def cache_control(public: bool) -> str:
    """The Cache-Control of a download. Public files are what everyone may see: caches (proxies too) may keep them
    but ask again (the address stays the same across releases; 304 while the ETag holds). Internal files carry
    withheld values and non-public indicators: stored by no cache, neither a shared one nor the browser's disk
    cache (dashboard/security.py's rule for per-request data; "private, no-cache" would still leave a copy in
    the browser's cache of a shared office computer). The saved download is the one copy the user chose."""
    return "public, no-cache" if public else "no-store"


def register(server, monitor, cache_folder: str | Path | None = None) -> OpenData:
    """GET /daten/<name>: a download file, with its media type, as an attachment, with a per-release ETag.
    cache_folder: the app's FileSystemCache folder (one per release, mode and build), or None (memory cache)."""
    from flask import abort, send_file

    # next to the app's FileSystemCache folder, not in it (its pruning lists and opens every entry there)
    folder = Path(cache_folder) if cache_folder else None
    data = OpenData(monitor, folder.parent / f"{folder.name}-daten" if folder else None)

    @server.route(f"{ROUTE_PREFIX}/<name>")
    def open_data_file(name: str):
        item = data.file(name)
        if item is None:
            abort(404)
        response = send_file(data.path(item), mimetype=item.media_type, as_attachment=True,
                             download_name=file_name(monitor, item.name), etag=item.etag(monitor.dataset.release),
                             conditional=True, max_age=0)
        response.headers["Cache-Control"] = cache_control(monitor.public)
        return response

    _BY_MONITOR[monitor] = data
    return data
