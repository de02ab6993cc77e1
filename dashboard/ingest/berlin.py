"""Berlin open data -> two dataset folders: data/berlin (LOR 2021) and data/berlin-lor2006 (LOR 2006).

Each source file is one ETL unit: a `read_*` function (extract: read, check columns and ids,
German errors naming file, row, column and value) and a `*_values` function (transform: long rows
area_id, indicator_id, year, value, numerator, denominator, estimate). `write_dataset` then
validates, computes higher levels from counts, simplifies the web geometry and writes the folder.
Both datasets are built into one staging folder first and only swapped into place when both
succeeded, so a failed import leaves the existing datasets untouched. Provenance and column
meanings: ../shared/data/SOURCES.md.

Decisions a maintainer should know:

- Year = data year (Stichtag 31.12. of that year), not the edition: MSS 2021 (Datenstand
  31.12.2020) is year 2020, MSS 2013/2015/2017/2019 are 2012/2014/2016/2018, like the population
  Stichtage. Umweltgerechtigkeit 2021/2022 is stored as 2021. The GSSA columns *_2013 / *_2022 are
  stored as 2013 / 2022 as the source labels them (comparison points of the GSSA 2022, whose
  single indicators have different reference dates).
- MSS codings: status class 1 hoch .. 4 sehr niedrig (SI_N); dynamics DI_N 1/3/5 is stored as
  1 positiv / 2 stabil / 3 negativ; the combined class keeps the official code SDI_N
  (tens = status, ones = dynamics 1/3/5: 11 = "1+" .. 45 = "4-"); validity 1 gültig,
  2 ungültig (EW unter 300), 3 ungültig (Ausreißer), 4 ungültig (Grund nicht angegeben; the
  MSS 2013-2019 tables only say valid = False for a few areas with 300 or more inhabitants).
  The MSS data hold no continuous status index value, only the classes.
- Inhabitants (EW) per year: the population rule of the app ("nicht bewertet" under 300 EW) joins
  EW of the same year, so EW exists for every MSS year: LOR 2006 2012/2014 from the inhabitants
  column of the MSS tables (the same register counts; for 2016/2018 they equal the population file
  exactly), LOR 2021 2020 from the EW of the MSS 2021 (whose total equals the register total of
  31.12.2020 exactly), not as an estimate.
- LOR 2006 data from 2015-2018 and all MSS 2013-2019 are on the 447-PLR scheme, without 09041403
  (Allende II). SOURCES.md says it was split off from 09041401; the data say otherwise: from 2018
  to 2019 09041301 (Kietzer Feld/Nachtheide, Bezirksregion 090413) loses 4,594 inhabitants while
  09041403 starts with 4,441 and 09041401 grows, and 09041403 shares 4.2 km of border with
  09041301 but 0.4 km with 09041401. So in 447-scheme years 09041301 (and Bezirksregion 090413)
  still contain Allende II. Values stay on their published ids (drawn on the 2019 polygons, with a
  note), 09041403 has none, and Bezirksregion 090414 is supplied from the counts of its 447-scheme
  Planungsräume so that all higher levels stay complete and equal the published sums.
- Carrying old values onto LOR 2021 (`crosswalk_weights`): weight = intersection area / old PLR
  area, normalised to 1 per old PLR (geometry edge differences up to 0.07 %), so totals are kept;
  for the 447 scheme 09041301 and 09041403 are merged in the ratio of their inhabitants (2019).
  Counts: sum(count_old * weight). Shares without counts (MSS): mean weighted with
  weight * inhabitants_old over the rated old PLRs; a new PLR gets a value only when rated old
  PLRs supply at least half of its carried inhabitants. Every carried row has estimate = True.
  MSS classes are not carried (a class rates an area of its own edition and scheme).
- Geometry: the full-resolution PLR files are reprojected to EPSG:25833, cleaned into an exact
  coverage (`shapely.coverage_clean`, gaps under 1 m closed; area change below 0.4 m² per PLR)
  and the higher levels are dissolved from the PLRs, so the hierarchy nests exactly.
- Everything here is published open data at the level stored, so every indicator is public.
- English texts ([indicator.en]) are written next to the German ones. Notes are put together from
  parts, so the parts are `_Note`s holding both languages; names of institutions, publications
  and licences stay German in the English source texts (`SOURCES_EN`).
"""
from __future__ import annotations

import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from dashboard.ingest.build import IngestError, write_dataset
from dashboard.methods.indices import COMBINED_COLORS

CRS_METRIC = "EPSG:25833"
SIMPLIFY_TOLERANCE_M = 8.0  # as the published simplified LOR file (SOURCES.md 1a); keeps PLR shapes readable
MIN_POPULATION = 300
CARRY_MIN_COVERAGE = 0.5  # share of carried inhabitants that must come from rated old PLRs
SPLIT_PLR, SPLIT_FROM, SPLIT_BZR = "09041403", "09041301", "090414"  # Allende II, split off in 2019 (see docstring)

LEVELS = [
    {"id": "planungsraum", "label_de": "Planungsraum", "label_en": "Planning area"},
    {"id": "bezirksregion", "label_de": "Bezirksregion", "label_en": "District region"},
    {"id": "prognoseraum", "label_de": "Prognoseraum", "label_en": "Forecast area"},
    {"id": "bezirk", "label_de": "Bezirk", "label_en": "District"},
]
LEVEL_IDS = [lv["id"] for lv in LEVELS]
ID_LENGTH = {"planungsraum": 8, "bezirksregion": 6, "prognoseraum": 4, "bezirk": 2}

# source files, relative to --source
KEY_TABLE = "geometry/lor_2021-01-01_k3_uebersicht_id_namen.xlsx"
KEY_SHEET = "LOR_2023_Übersicht"
PLR_2021_GEOMETRY = "geometry/berlin_lor2021_plr_epsg4326.geojson"
LOR2006_GEOMETRY = {
    "planungsraum": "geometry/berlin-lor-planning-areas-until-2020_fixed.geojson",
    "bezirksregion": "geometry/berlin-lor-district-regions-until-2020.geojson",
    "prognoseraum": "geometry/berlin-lor-forecast-areas-until-2020.geojson",
    "bezirk": "geometry/berlin-lor-districts.geojson",
}
MSS2021_INDICES = "mss/mss2021_wfs_raw/mss_2021_indizes.csv"
MSS2021_INDEX_INDICATORS = "mss/mss2021_wfs_raw/mss_2021_index_indikatoren.csv"
MSS2021_CONTEXT = "mss/mss2021_wfs_raw/mss_2021_kontext_indikatoren.csv"
MSS_LONG = "mss/berlin_mss_index_indicators_2013_2021_long.csv"
UMWELTGERECHTIGKEIT = "umweltgerechtigkeit/raw_umweltgerechtigkeit_2021_2022.csv"
POPULATION = "population/berlin_plr_population_2015h1_2024h2_long.csv"
CROSSWALK = "crosswalk/seed_lor_crosswalk_2006_to_2021.csv"
GSSA = {
    "planungsraum": "gssa/gssa_2022_planungsraeume.csv",
    "bezirksregion": "gssa/gssa_2022_bezirksregionen.csv",
    "prognoseraum": "gssa/gssa_2022_prognoseraeume.csv",
    "bezirk": "gssa/gssa_2022_bezirke.csv",
}
SOURCE_FILES = [KEY_TABLE, PLR_2021_GEOMETRY, *LOR2006_GEOMETRY.values(), MSS2021_INDICES, MSS2021_INDEX_INDICATORS,
                MSS2021_CONTEXT, MSS_LONG, UMWELTGERECHTIGKEIT, POPULATION, CROSSWALK, *GSSA.values()]

SCHEME_2021 = "LOR2021 (542 PLR)"
SCHEME_447 = "LOR2006 (447 PLR)"
SCHEME_448 = "LOR2019 (448 PLR)"
MSS_EDITIONS_OLD = {2013: 2012, 2015: 2014, 2017: 2016, 2019: 2018}  # edition -> data year (31.12.)
MSS_2021_YEAR = 2020
UGR_YEAR = 2021
POPULATION_YEARS_2021 = (2021, 2022, 2023, 2024)
POPULATION_YEARS_OLD = (2015, 2016, 2017, 2018, 2019, 2020)
GSSA_YEARS = (2013, 2022)

# ----------------------------------------------------------------------------------------------
# attribution and sources (SOURCES.md)

ATTRIBUTION = (
    "Datenquellen: Amt für Statistik Berlin-Brandenburg (Einwohnerregisterstatistik, LOR), CC BY 3.0 DE; "
    "Senatsverwaltung für Stadtentwicklung, Bauen und Wohnen Berlin – Monitoring Soziale Stadtentwicklung; "
    "Senatsverwaltung für Mobilität, Verkehr, Klimaschutz und Umwelt Berlin – Umweltatlas (Umweltgerechtigkeit); "
    "Senatsverwaltung für Wissenschaft, Gesundheit, Pflege und Gleichstellung – Gesundheits- und Sozialstrukturatlas 2022, "
    "CC BY 3.0 DE; Geoportal Berlin / LOR (CC BY 3.0 DE). Aufbereitung: open-data-product / open-lifeworlds (CC BY 4.0), "
    "tesch-ch/berlin_PLR_data."
)
LICENSE = "CC BY 3.0 DE / dl-de/by-2.0 / dl-de/zero-2.0 (siehe Quellen je Indikator)"
SRC_POPULATION = (
    "Amt für Statistik Berlin-Brandenburg, Einwohnerregisterstatistik (Statistischer Bericht A I 16, Einwohnerinnen "
    "und Einwohner in LOR-Planungsräumen), CC BY 3.0 DE; Aufbereitung open-data-product (CC BY 4.0)."
)
SRC_MSS_2021 = (
    "Senatsverwaltung für Stadtentwicklung, Bauen und Wohnen Berlin, Monitoring Soziale Stadtentwicklung (MSS) 2021, "
    "Datenstand 31.12.2020 (Geoportal Berlin, FIS-Broker-WFS, dl-de/by-2.0); Aufbereitung tesch-ch/berlin_PLR_data."
)
SRC_MSS_OLD = (
    "Senatsverwaltung für Stadtentwicklung, Bauen und Wohnen Berlin, Monitoring Soziale Stadtentwicklung (MSS) "
    "2013, 2015, 2017 und 2019 (Datenstand jeweils 31.12. des Vorjahres), CC BY 3.0 DE; Aufbereitung open-lifeworlds (CC BY 4.0)."
)
SRC_UGR = (
    "Senatsverwaltung für Mobilität, Verkehr, Klimaschutz und Umwelt Berlin, Umweltatlas – Umweltgerechtigkeit "
    "2021/2022 (dl-de/zero-2.0); Aufbereitung tesch-ch/berlin_PLR_data."
)
SRC_GSSA = (
    "Senatsverwaltung für Wissenschaft, Gesundheit, Pflege und Gleichstellung Berlin, Gesundheits- und "
    "Sozialstrukturatlas 2022, CC BY 3.0 DE; Aufbereitung open-data-product (CC BY 4.0)."
)
CROSSWALK_NOTE = "Übertragung mit der Flächen-Zuordnung LOR 2006 → LOR 2021 (dhelweg/gentriduck, aus GDI-Berlin-Geometrien, CC BY 3.0 DE)."
CROSSWALK_NOTE_EN = ("Carried over with the area allocation LOR 2006 → LOR 2021 (dhelweg/gentriduck, from GDI Berlin geometries, "
                     "CC BY 3.0 DE).")
# English source texts ([indicator.en] source): names of institutions, publications and licences stay German.
SOURCES_EN = {
    SRC_POPULATION: "Amt für Statistik Berlin-Brandenburg, Einwohnerregisterstatistik (population register statistics; "
                    "Statistischer Bericht A I 16, Einwohnerinnen und Einwohner in LOR-Planungsräumen), CC BY 3.0 DE; prepared "
                    "by open-data-product (CC BY 4.0).",
    SRC_MSS_2021: "Senatsverwaltung für Stadtentwicklung, Bauen und Wohnen Berlin, Monitoring Soziale Stadtentwicklung (MSS) "
                  "2021, data as of 31.12.2020 (Geoportal Berlin, FIS-Broker WFS, dl-de/by-2.0); prepared by "
                  "tesch-ch/berlin_PLR_data.",
    SRC_MSS_OLD: "Senatsverwaltung für Stadtentwicklung, Bauen und Wohnen Berlin, Monitoring Soziale Stadtentwicklung (MSS) "
                 "2013, 2015, 2017 and 2019 (data as of 31.12. of the previous year in each case), CC BY 3.0 DE; prepared by "
                 "open-lifeworlds (CC BY 4.0).",
    SRC_UGR: "Senatsverwaltung für Mobilität, Verkehr, Klimaschutz und Umwelt Berlin, Umweltatlas – Umweltgerechtigkeit "
             "2021/2022 (environmental justice; dl-de/zero-2.0); prepared by tesch-ch/berlin_PLR_data.",
    SRC_GSSA: "Senatsverwaltung für Wissenschaft, Gesundheit, Pflege und Gleichstellung Berlin, Gesundheits- und "
              "Sozialstrukturatlas 2022 (health and social structure atlas), CC BY 3.0 DE; prepared by open-data-product "
              "(CC BY 4.0).",
}

ZB_A = "Armutsrisiko/Armut vermeiden"
ZB_C = "Ausgewogenheit demografischer Strukturen"
ZB_D = "Familienfreundlichkeit"
ZB_E = "Attraktivität des Quartiers/Stadtteils als Wohnort"
ZB_F = "Gesamtbild Sozialräumliche Entwicklung"
ZB_U = "Umweltgerechtigkeit (Mehrfachbelastung)"

# ----------------------------------------------------------------------------------------------
# public API


def import_berlin(source: Path, out: Path) -> list[Path]:
    """Build out/"berlin" (LOR 2021) and out/"berlin-lor2006" from the Berlin source folder; returns both paths.

    Both datasets are built completely (in a staging folder) before either replaces an existing one.
    """
    source, out = Path(source), Path(out)
    check_source_files(source)
    lor2021 = build_lor2021(source)
    lor2006 = build_lor2006(source)
    out.mkdir(parents=True, exist_ok=True)
    staging = out / f".berlin-import-{secrets.token_hex(6)}"
    staging.mkdir()
    try:
        built = {name: write_dataset(staging / name, *parts, simplify_tolerance_m=SIMPLIFY_TOLERANCE_M)
                 for name, parts in (("berlin", lor2021), ("berlin-lor2006", lor2006))}
        return _swap_all_into_place(built, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def check_source_files(source: Path) -> None:
    """Every source file must exist before anything is read (a German message lists what is missing)."""
    if not source.is_dir():
        raise IngestError(f"Quellordner {source} nicht gefunden. Bitte den Ordner mit den Berliner Quelldaten angeben "
                          "(z. B. --source ../shared/data/berlin).")
    missing = [name for name in SOURCE_FILES if not (source / name).is_file()]
    if missing:
        raise IngestError(f"Quelldatei fehlt: {source / missing[0]}"
                          + (f" (und {len(missing) - 1} weitere: {', '.join(missing[1:])})" if len(missing) > 1 else "")
                          + ". Bitte den vollständigen Berliner Quellordner angeben (siehe SOURCES.md).")


def _swap_all_into_place(built: dict[str, Path], out: Path) -> list[Path]:
    """Move the staged folders into out; on failure the old folders are restored."""
    moved: list[tuple[Path, Path | None]] = []
    try:
        for name, staged in built.items():
            target = out / name
            old = None
            if target.exists():
                old = out / f".{name}.old-{secrets.token_hex(6)}"
                target.rename(old)
            moved.append((target, old))
            staged.rename(target)
    except BaseException:
        for target, old in reversed(moved):
            if old is not None:
                shutil.rmtree(target, ignore_errors=True)
                old.rename(target)
        raise
    for _target, old in moved:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    return [out / name for name in built]


# ----------------------------------------------------------------------------------------------
# the two datasets


def build_lor2021(source: Path) -> tuple[dict, list[dict], gpd.GeoDataFrame, pd.DataFrame]:
    """meta, indicators, areas, values of data/berlin (LOR 2021, 542 Planungsräume)."""
    key = read_key_table(source)
    areas = lor2021_areas(source, key)
    plr_ids = set(key["PLR_ID"])
    indices = read_mss2021_indices(source, plr_ids)
    index_indicators = read_mss2021_index_indicators(source, plr_ids, indices)
    context = read_mss2021_context(source, plr_ids)
    ugr = read_umweltgerechtigkeit(source, plr_ids)
    population = read_population(source)
    mss_old = read_mss_long(source)
    old_ids = set(read_lor2006_plr_geometry(source)["area_id"])
    crosswalk = read_crosswalk(source, plr_ids, old_ids)

    weights_448 = crosswalk_weights(crosswalk, SCHEME_448, population)
    weights_447 = crosswalk_weights(crosswalk, SCHEME_447, population)
    values = pd.concat([
        mss2021_values(indices, index_indicators, context),
        umweltgerechtigkeit_values(ugr),
        population_values(population[population["lor_scheme"] == SCHEME_2021], POPULATION_YEARS_2021, plr_ids),
        carried_population_values(population, weights_447, weights_448),
        carried_mss_values(mss_old, weights_447),
    ], ignore_index=True)
    values.attrs["source"] = "Berliner Quelldaten (LOR 2021)"
    meta = {
        "id": "berlin",
        "title": "Berlin – Lebensweltlich orientierte Räume (LOR 2021)",
        "title_en": "Berlin – life-world-oriented areas (LOR 2021)",
        "city_name": "Berlin",
        "attribution": ATTRIBUTION,
        "license": LICENSE,
        "synthetic": False,
        "levels": LEVELS,
        "defaults": {"indicator": "MSS_STATUS", "year": MSS_2021_YEAR, "level": "planungsraum"},
        "population_indicator": "EW",
        "min_population": MIN_POPULATION,
        "burden_rules": [UGR_RULE],
        "indices": [MSS_INDEX_DEFINITION],
        "geometry_note": "LOR 2021 (Modifikation vom 01.01.2021, Datenstand 01.01.2023), Amt für Statistik Berlin-Brandenburg / "
                         "SenSBW, CC BY 3.0 DE; höhere Ebenen aus den Planungsräumen zusammengefasst.",
    }
    return meta, indicators_lor2021(), areas, values


def build_lor2006(source: Path) -> tuple[dict, list[dict], gpd.GeoDataFrame, pd.DataFrame]:
    """meta, indicators, areas, values of data/berlin-lor2006 (LOR 2006, 448 Planungsräume)."""
    areas = lor2006_areas(source)
    plr_ids = set(areas.loc[areas["level"] == "planungsraum", "area_id"])
    population = read_population(source)
    mss = read_mss_long(source)
    gssa = {level: read_gssa(source, level, set(areas.loc[areas["level"] == level, "area_id"])) for level in LEVEL_IDS}

    old = population[population["lor_scheme"].isin([SCHEME_447, SCHEME_448])]
    values = pd.concat([
        population_values(old, POPULATION_YEARS_OLD, plr_ids),
        mss_inhabitants_values(mss),
        mss_old_values(mss),
        gssa_values(gssa),
    ], ignore_index=True)
    values = pd.concat([values, split_bezirksregion_rows(values)], ignore_index=True)
    values.attrs["source"] = "Berliner Quelldaten (LOR 2006)"
    meta = {
        "id": "berlin-lor2006",
        "title": "Berlin – Lebensweltlich orientierte Räume (LOR 2006, bis 2020)",
        "title_en": "Berlin – life-world-oriented areas (LOR 2006, until 2020)",
        "city_name": "Berlin",
        "attribution": ATTRIBUTION,
        "license": LICENSE,
        "synthetic": False,
        "levels": LEVELS,
        "defaults": {"indicator": "MSS_STATUS", "year": MSS_EDITIONS_OLD[2019], "level": "planungsraum"},
        "population_indicator": "EW",
        "min_population": MIN_POPULATION,
        "indices": [MSS_INDEX_DEFINITION],
        "geometry_note": "LOR 2006 in der Fassung 2019 (448 Planungsräume), Amt für Statistik Berlin-Brandenburg, CC BY 3.0 DE; "
                         "Aufbereitung open-data-product (CC BY 4.0). Höhere Ebenen aus den Planungsräumen zusammengefasst.",
    }
    return meta, indicators_lor2006(), areas, values


# ----------------------------------------------------------------------------------------------
# extract: small helpers


def _read_csv(source: Path, name: str, columns: list[str], id_columns: tuple[str, ...] = ()) -> pd.DataFrame:
    """A CSV with ids kept as text (leading zeros); every listed column must exist."""
    path = source / name
    frame = pd.read_csv(path, dtype={c: str for c in id_columns}, keep_default_na=True)
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise IngestError(f"{path}: Spalte {missing[0]!r} fehlt (vorhanden: {', '.join(map(str, frame.columns))}).")
    for column in id_columns:
        frame[column] = frame[column].astype(str).str.strip()
    return frame


def _expect_ids(ids: pd.Series, expected: set[str], path: Path, column: str, what: str) -> None:
    """ids must be unique and exactly the expected set (file, row, column, value in the message)."""
    ids = ids.reset_index(drop=True)
    duplicated = ids.duplicated()
    if duplicated.any():
        row = int(np.flatnonzero(duplicated.to_numpy())[0]) + 1
        raise IngestError(f"{path}, Zeile {row}: Spalte {column!r} hat den Wert {ids[row - 1]!r} doppelt.")
    unknown = ~ids.isin(expected)
    if unknown.any():
        row = int(np.flatnonzero(unknown.to_numpy())[0]) + 1
        raise IngestError(f"{path}, Zeile {row}: Spalte {column!r} hat den Wert {ids[row - 1]!r}, der kein {what} ist.")
    absent = sorted(expected - set(ids))
    if absent:
        raise IngestError(f"{path}: Spalte {column!r}: {len(absent)} {what}e fehlen, z. B. {absent[0]!r}.")


def _numbers(frame: pd.DataFrame, column: str, path: Path, missing_code: float | None = None) -> pd.Series:
    """A numeric column; `missing_code` (e.g. -9999) becomes NaN; text is an error."""
    raw = frame[column]
    parsed = pd.to_numeric(raw, errors="coerce")
    bad = parsed.isna() & raw.notna() & (raw.astype(str).str.strip() != "")
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0]) + 1
        raise IngestError(f"{path}, Zeile {row}: Spalte {column!r} hat den Wert {raw.iloc[row - 1]!r} – keine Zahl.")
    if missing_code is not None:
        parsed = parsed.where(parsed != missing_code)
    return parsed.astype(float)


def _rows(area_ids, indicator_id: str, year: int, value=np.nan, numerator=np.nan, denominator=np.nan,
          estimate: bool = False) -> pd.DataFrame:
    frame = pd.DataFrame({"area_id": list(area_ids), "indicator_id": indicator_id, "year": int(year), "value": value,
                          "numerator": numerator, "denominator": denominator, "estimate": estimate})
    has_data = frame["value"].notna() | frame["numerator"].notna()
    return frame[has_data].reset_index(drop=True)


# ----------------------------------------------------------------------------------------------
# geometry and areas


def read_key_table(source: Path) -> pd.DataFrame:
    """geometry/lor_2021-01-01_k3_uebersicht_id_namen.xlsx, sheet LOR_2023_Übersicht: official ids and names."""
    path = source / KEY_TABLE
    try:
        frame = pd.read_excel(path, sheet_name=KEY_SHEET, dtype=str)
    except ValueError as exc:
        raise IngestError(f"{path}: Tabellenblatt {KEY_SHEET!r} nicht lesbar ({exc}).") from None
    columns = ["BEZ_ID", "BEZ", "PGR_ID", "PGR", "BZR_ID", "BZR", "PLR_ID", "PLR"]
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise IngestError(f"{path}, Blatt {KEY_SHEET}: Spalte {missing[0]!r} fehlt.")
    frame = frame[columns].apply(lambda s: s.str.strip())
    for level, column in (("planungsraum", "PLR_ID"), ("bezirksregion", "BZR_ID"), ("prognoseraum", "PGR_ID"), ("bezirk", "BEZ_ID")):
        bad = frame[column].str.len() != ID_LENGTH[level]
        if bad.any():
            row = int(np.flatnonzero(bad.to_numpy())[0]) + 1
            raise IngestError(f"{path}, Zeile {row}: Spalte {column!r} hat den Wert {frame[column].iloc[row - 1]!r}; "
                              f"erwartet werden {ID_LENGTH[level]} Ziffern.")
    for id_column, name_column in (("BZR_ID", "BZR"), ("PGR_ID", "PGR"), ("BEZ_ID", "BEZ")):
        names = frame.groupby(id_column)[name_column].nunique()
        if (names > 1).any():
            raise IngestError(f"{path}: {id_column} {names[names > 1].index[0]!r} hat mehrere Namen in Spalte {name_column!r}.")
    _expect_ids(frame["PLR_ID"], set(frame["PLR_ID"]), path, "PLR_ID", "Planungsraum")
    return frame


def _clean_coverage(frame: gpd.GeoDataFrame, path: Path) -> gpd.GeoDataFrame:
    """Reproject to EPSG:25833 and make the PLRs an exact coverage (shared edges identical, gaps < 1 m closed)."""
    metric = frame.to_crs(CRS_METRIC)
    cleaned = shapely.coverage_clean(metric.geometry.to_numpy(), gap_width=1.0)
    for area_id, before, after in zip(metric["area_id"], metric.geometry.to_numpy(), cleaned):
        if after is None or after.is_empty or after.geom_type not in ("Polygon", "MultiPolygon"):
            raise IngestError(f"{path}: Geometrie von {area_id!r} ist nach dem Bereinigen keine Fläche mehr.")
        if abs(after.area - before.area) > max(100.0, 0.001 * before.area):
            raise IngestError(f"{path}: Geometrie von {area_id!r} ändert beim Bereinigen ihre Fläche um "
                              f"{after.area - before.area:.0f} m²; bitte die Quelldatei prüfen.")
    return metric.set_geometry(gpd.GeoSeries(cleaned, crs=CRS_METRIC, index=metric.index))


def _dissolve(plr: gpd.GeoDataFrame, level: str, names: dict[str, str], parents: dict[str, str | None]) -> gpd.GeoDataFrame:
    """One level above the PLRs, dissolved from them (exact nesting); `plr` has a column <level>_id."""
    groups = plr.groupby(f"{level}_id").geometry.apply(lambda g: shapely.coverage_union_all(g.to_numpy()))
    ids = list(groups.index)
    return gpd.GeoDataFrame({"area_id": ids, "level": level, "name": [names[i] for i in ids],
                             "parent_id": [parents[i] for i in ids]}, geometry=list(groups.to_numpy()), crs=CRS_METRIC)


def lor2021_areas(source: Path, key: pd.DataFrame) -> gpd.GeoDataFrame:
    """geometry/berlin_lor2021_plr_epsg4326.geojson (full resolution) + the key table: all LOR 2021 areas."""
    path = source / PLR_2021_GEOMETRY
    geometry = gpd.read_file(path)
    if "PLR_ID" not in geometry.columns:
        raise IngestError(f"{path}: Eigenschaft 'PLR_ID' fehlt.")
    geometry["PLR_ID"] = geometry["PLR_ID"].astype(str).str.strip()
    _expect_ids(geometry["PLR_ID"], set(key["PLR_ID"]), path, "PLR_ID", "Planungsraum der Schlüsseltabelle")
    plr = geometry[["PLR_ID", "geometry"]].merge(key, on="PLR_ID").rename(columns={"PLR_ID": "area_id"})
    plr = _clean_coverage(plr.set_crs(geometry.crs, allow_override=True), path)
    plr = plr.rename(columns={"BZR_ID": "bezirksregion_id", "PGR_ID": "prognoseraum_id", "BEZ_ID": "bezirk_id"})
    frames = [gpd.GeoDataFrame({"area_id": plr["area_id"], "level": "planungsraum", "name": plr["PLR"],
                                "parent_id": plr["bezirksregion_id"]}, geometry=plr.geometry, crs=CRS_METRIC)]
    for level, name_column, parent in (("bezirksregion", "BZR", "prognoseraum"), ("prognoseraum", "PGR", "bezirk"), ("bezirk", "BEZ", None)):
        first = plr.groupby(f"{level}_id").first()
        names = first[name_column].to_dict()
        parents = first[f"{parent}_id"].to_dict() if parent else {i: "gesamt" for i in first.index}
        frames.append(_dissolve(plr, level, names, parents))
    frames.append(_root(plr))
    areas = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=CRS_METRIC)
    areas.attrs["source"] = f"{PLR_2021_GEOMETRY} + {KEY_TABLE}"
    return areas


def _root(plr: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"area_id": ["gesamt"], "level": "stadt", "name": ["Berlin"], "parent_id": [None]},
                            geometry=[shapely.coverage_union_all(plr.geometry.to_numpy())], crs=CRS_METRIC)


def read_lor2006_plr_geometry(source: Path) -> gpd.GeoDataFrame:
    """geometry/berlin-lor-planning-areas-until-2020_fixed.geojson: the 448 old PLRs (cleaned, EPSG:25833)."""
    path = source / LOR2006_GEOMETRY["planungsraum"]
    frame = gpd.read_file(path)
    for column in ("id", "name"):
        if column not in frame.columns:
            raise IngestError(f"{path}: Eigenschaft {column!r} fehlt.")
    frame = frame.rename(columns={"id": "area_id"})
    frame["area_id"] = frame["area_id"].astype(str).str.strip()
    bad = frame["area_id"].str.len() != 8
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0]) + 1
        raise IngestError(f"{path}, Objekt {row}: Eigenschaft 'id' hat den Wert {frame['area_id'].iloc[row - 1]!r}; erwartet werden 8 Ziffern.")
    _expect_ids(frame["area_id"], set(frame["area_id"]), path, "id", "Planungsraum")
    return _clean_coverage(frame[["area_id", "name", "geometry"]], path)


def lor2006_areas(source: Path) -> gpd.GeoDataFrame:
    """geometry/berlin-lor-*-until-2020*.geojson and berlin-lor-districts.geojson: all LOR 2006 areas.

    The hierarchy comes from the ids (Bezirk = first 2 digits, Prognoseraum = 4, Bezirksregion = 6);
    names from the level files, geometry dissolved from the Planungsräume.
    """
    plr = read_lor2006_plr_geometry(source)
    for level in ("bezirksregion", "prognoseraum", "bezirk"):
        plr[f"{level}_id"] = plr["area_id"].str[: ID_LENGTH[level]]
    frames = [gpd.GeoDataFrame({"area_id": plr["area_id"], "level": "planungsraum", "name": plr["name"],
                                "parent_id": plr["bezirksregion_id"]}, geometry=plr.geometry, crs=CRS_METRIC)]
    parent_level = {"bezirksregion": "prognoseraum", "prognoseraum": "bezirk", "bezirk": None}
    for level in ("bezirksregion", "prognoseraum", "bezirk"):
        path = source / LOR2006_GEOMETRY[level]
        named = gpd.read_file(path)
        for column in ("id", "name"):
            if column not in named.columns:
                raise IngestError(f"{path}: Eigenschaft {column!r} fehlt.")
        named["id"] = named["id"].astype(str).str.strip()
        derived = set(plr[f"{level}_id"])
        _expect_ids(named["id"], derived, path, "id", f"aus den Planungsraum-Kennungen abgeleitete {LEVEL_LABEL[level]}")
        names = dict(zip(named["id"], named["name"].astype(str).str.strip()))
        parent = parent_level[level]
        parents = {i: (i[: ID_LENGTH[parent]] if parent else "gesamt") for i in derived}
        frames.append(_dissolve(plr, level, names, parents))
    frames.append(_root(plr))
    areas = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=CRS_METRIC)
    areas.attrs["source"] = "geometry/berlin-lor-*-until-2020*.geojson"
    return areas


LEVEL_LABEL = {lv["id"]: lv["label_de"] for lv in LEVELS}


# ----------------------------------------------------------------------------------------------
# MSS 2021 (LOR 2021, year 2020)

MSS_VALID_CATEGORIES = {"1": "gültig", "2": "ungültig (EW unter 300)", "3": "ungültig (Ausreißer)",
                        "4": "ungültig (Grund nicht angegeben)"}
MSS_VALID_CODES = {"gültig": 1, "ungültig (EW unter 300)": 2, "ungültig (Ausreißer)": 3}
MSS_STATUS_CATEGORIES = {"1": "hoch", "2": "mittel", "3": "niedrig", "4": "sehr niedrig"}
MSS_DYNAMIC_CATEGORIES = {"1": "positiv", "2": "stabil", "3": "negativ"}
MSS_DYNAMIC_FROM_DI_N = {1: 1, 3: 2, 5: 3}
MSS_DYNAMIC_SIGN = {"1": "+", "2": "+/-", "3": "-"}
MSS_STATUS_DYNAMIC_CATEGORIES = {
    f"{s}{d}": f"{s}{sign} (Status {status}, Dynamik {dynamic})"
    for s, status in MSS_STATUS_CATEGORIES.items()
    for d, (sign, dynamic) in zip("135", (("+", "positiv"), ("+/-", "stabil"), ("-", "negativ")))
}
MSS_VALID_CATEGORIES_EN = {"1": "valid", "2": "invalid (fewer than 300 residents)", "3": "invalid (outlier)",
                           "4": "invalid (no reason given)"}
MSS_STATUS_CATEGORIES_EN = {"1": "high", "2": "medium", "3": "low", "4": "very low"}
MSS_DYNAMIC_CATEGORIES_EN = {"1": "positive", "2": "stable", "3": "negative"}
MSS_STATUS_DYNAMIC_CATEGORIES_EN = {
    f"{s}{d}": f"{s}{sign} (status {status}, dynamics {dynamic})"
    for s, status in MSS_STATUS_CATEGORIES_EN.items()
    for d, (sign, dynamic) in zip("135", (("+", "positive"), ("+/-", "stable"), ("-", "negative")))
}
MSS_STATUS_DYNAMIC_FROM_TEXT = {label.split(" ")[0]: int(code) for code, label in MSS_STATUS_DYNAMIC_CATEGORIES.items()}
# Multiple burden as published in the Umweltgerechtigkeitsatlas: a class-3 rating in each of the
# five core indicators counts once; reproduces "Anzahl der Mehrfachbelastungen" for all 542 areas.
UGR_RULE = {
    "id": "umweltgerechtigkeit", "label": "Umweltgerechtigkeit 2021/22 (fünf Kernindikatoren)", "official": True, "min_count": 3,
    "criteria": [{"indicator": i, "rule": "class", "value": 3} for i in ("UGR_LUFT", "UGR_LAERM", "UGR_THERM", "UGR_GRUEN", "UGR_SOZ")],
}
# The MSS status/dynamics index recomputed from the raw index indicators (S2/D2 only where an edition has them).
MSS_INDEX_DEFINITION = {
    "id": "mss", "label": "Status/Dynamik-Index (Monitoring Soziale Stadtentwicklung, nachgerechnet)",
    "status_indicators": ["MSS_S1", "MSS_S2", "MSS_S3", "MSS_S4"], "dynamic_indicators": ["MSS_D1", "MSS_D2", "MSS_D3", "MSS_D4"],
    "validity_indicator": "MSS_GUELTIG", "valid_codes": [1],
}
MSS_INDEX_COLUMNS = {"S1": "MSS_S1", "S3": "MSS_S3", "S4": "MSS_S4", "D1": "MSS_D1", "D3": "MSS_D3", "D4": "MSS_D4"}
MSS_CONTEXT_COLUMNS = {f"KI_{k}": f"MSS_K{k}" for k in ("01", "02", "03", "04", "05", "16", "06", "17", "07", "09", "10", "11", "12", "13")}


def read_mss2021_indices(source: Path, plr_ids: set[str]) -> pd.DataFrame:
    """mss/mss2021_wfs_raw/mss_2021_indizes.csv: status, dynamics, combined class, validity (KOM), EW."""
    path = source / MSS2021_INDICES
    frame = _read_csv(source, MSS2021_INDICES, ["PLR_ID", "EW", "SI_N", "DI_N", "SDI", "SDI_N", "KOM"], ("PLR_ID",))
    _expect_ids(frame["PLR_ID"], plr_ids, path, "PLR_ID", "Planungsraum der LOR 2021")
    unknown = ~frame["KOM"].isin(MSS_VALID_CODES)
    if unknown.any():
        row = int(np.flatnonzero(unknown.to_numpy())[0]) + 1
        raise IngestError(f"{path}, Zeile {row}: Spalte 'KOM' hat den Wert {frame['KOM'].iloc[row - 1]!r}; "
                          f"erwartet: {', '.join(MSS_VALID_CODES)}.")
    for column, allowed in (("SI_N", {1, 2, 3, 4}), ("DI_N", set(MSS_DYNAMIC_FROM_DI_N)),
                            ("SDI_N", {int(c) for c in MSS_STATUS_DYNAMIC_CATEGORIES})):
        numbers = _numbers(frame, column, path, missing_code=-9999)
        wrong = numbers.notna() & ~numbers.isin(allowed)
        if wrong.any():
            row = int(np.flatnonzero(wrong.to_numpy())[0]) + 1
            raise IngestError(f"{path}, Zeile {row}: Spalte {column!r} hat den Wert {frame[column].iloc[row - 1]!r}; "
                              f"erlaubt: {', '.join(map(str, sorted(allowed)))} oder -9999.")
        frame[column] = numbers
    frame["EW"] = _numbers(frame, "EW", path)
    consistent = frame["SDI_N"].isna() | (frame["SDI"].map(MSS_STATUS_DYNAMIC_FROM_TEXT) == frame["SDI_N"])
    if not consistent.all():
        row = int(np.flatnonzero(~consistent.to_numpy())[0]) + 1
        raise IngestError(f"{path}, Zeile {row}: Spalten 'SDI' ({frame['SDI'].iloc[row - 1]!r}) und 'SDI_N' passen nicht zusammen.")
    return frame


def read_mss2021_index_indicators(source: Path, plr_ids: set[str], indices: pd.DataFrame) -> pd.DataFrame:
    """mss/mss2021_wfs_raw/mss_2021_index_indikatoren.csv: S1, S3, S4 and their 2-year changes D1, D3, D4 (-9999 = none)."""
    path = source / MSS2021_INDEX_INDICATORS
    frame = _read_csv(source, MSS2021_INDEX_INDICATORS, ["PLR_ID", "KOM", *MSS_INDEX_COLUMNS], ("PLR_ID",))
    _expect_ids(frame["PLR_ID"], plr_ids, path, "PLR_ID", "Planungsraum der LOR 2021")
    for column in MSS_INDEX_COLUMNS:
        frame[column] = _numbers(frame, column, path, missing_code=-9999)
    comments = frame.set_index("PLR_ID")["KOM"].reindex(indices["PLR_ID"])
    differ = comments.to_numpy() != indices["KOM"].to_numpy()
    if differ.any():
        raise IngestError(f"{path}: Spalte 'KOM' für {indices['PLR_ID'][differ].iloc[0]!r} weicht von {MSS2021_INDICES} ab.")
    rated = frame["KOM"] == "gültig"
    unrated_with_values = ~rated & frame[list(MSS_INDEX_COLUMNS)].notna().any(axis=1)
    if unrated_with_values.any():
        row = int(np.flatnonzero(unrated_with_values.to_numpy())[0]) + 1
        raise IngestError(f"{path}, Zeile {row}: nicht bewerteter Planungsraum hat Indikatorwerte.")
    return frame


def read_mss2021_context(source: Path, plr_ids: set[str]) -> pd.DataFrame:
    """mss/mss2021_wfs_raw/mss_2021_kontext_indikatoren.csv: context indicators KI_xx (-9999 = none), EW."""
    path = source / MSS2021_CONTEXT
    frame = _read_csv(source, MSS2021_CONTEXT, ["PLR_ID", "EW", *MSS_CONTEXT_COLUMNS], ("PLR_ID",))
    _expect_ids(frame["PLR_ID"], plr_ids, path, "PLR_ID", "Planungsraum der LOR 2021")
    for column in [*MSS_CONTEXT_COLUMNS, "EW"]:
        frame[column] = _numbers(frame, column, path, missing_code=-9999)
    return frame


def mss2021_values(indices: pd.DataFrame, index_indicators: pd.DataFrame, context: pd.DataFrame) -> pd.DataFrame:
    """MSS 2021 as year 2020: index indicators, classes, validity, context indicators and EW (exact, LOR 2021)."""
    year = MSS_2021_YEAR
    ids = indices["PLR_ID"]
    # EW at 31.12.2020 on LOR 2021: the index table leaves one uninhabited PLR blank, the context table says 0
    ew = indices["EW"].fillna(indices["PLR_ID"].map(context.set_index("PLR_ID")["EW"]))
    parts = [
        _rows(ids, "EW", year, value=ew.to_numpy()),
        _rows(ids, "MSS_STATUS", year, value=indices["SI_N"].to_numpy()),
        _rows(ids, "MSS_DYNAMIK", year, value=indices["DI_N"].map(MSS_DYNAMIC_FROM_DI_N).to_numpy()),
        _rows(ids, "MSS_STATUS_DYNAMIK", year, value=indices["SDI_N"].to_numpy()),
        _rows(ids, "MSS_GUELTIG", year, value=indices["KOM"].map(MSS_VALID_CODES).astype(float).to_numpy()),
    ]
    for column, indicator_id in MSS_INDEX_COLUMNS.items():
        parts.append(_rows(index_indicators["PLR_ID"], indicator_id, year, value=index_indicators[column].to_numpy()))
    for column, indicator_id in MSS_CONTEXT_COLUMNS.items():
        parts.append(_rows(context["PLR_ID"], indicator_id, year, value=context[column].to_numpy()))
    return pd.concat(parts, ignore_index=True)


# ----------------------------------------------------------------------------------------------
# MSS 2013-2019 (LOR 2006, 447 PLR)

MSS_LONG_INDICATORS = {
    "s1_unemployment": "MSS_S1", "s2_long_term_unemployment": "MSS_S2", "s3_transfer_benefits": "MSS_S3",
    "s4_child_poverty": "MSS_S4", "d1_unemployment_change": "MSS_D1", "d2_long_term_unemployment_change": "MSS_D2",
    "d3_transfer_benefits_change": "MSS_D3", "d4_child_poverty_change": "MSS_D4",
}


def read_mss_long(source: Path) -> pd.DataFrame:
    """mss/berlin_mss_index_indicators_2013_2021_long.csv: editions 2013-2019 on the 447-PLR scheme (2021 is read raw)."""
    path = source / MSS_LONG
    columns = ["mss_edition", "data_date", "lor_scheme", "plr_id", "inhabitants", "valid", "status_index",
               "dynamic_class", "status_dynamic", *MSS_LONG_INDICATORS]
    frame = _read_csv(source, MSS_LONG, columns, ("plr_id",))
    frame = frame[frame["mss_edition"].isin(MSS_EDITIONS_OLD)].reset_index(drop=True)
    for edition, year in MSS_EDITIONS_OLD.items():
        part = frame[frame["mss_edition"] == edition]
        if part.empty:
            raise IngestError(f"{path}: keine Zeilen für die MSS-Ausgabe {edition}.")
        wrong = part[(part["lor_scheme"] != SCHEME_447) | (part["data_date"] != f"{year}-12-31")]
        if len(wrong):
            raise IngestError(f"{path}, Zeile {wrong.index[0] + 1}: Ausgabe {edition} erwartet lor_scheme {SCHEME_447!r} "
                              f"und data_date {year}-12-31 (gefunden: {wrong['lor_scheme'].iloc[0]!r}, {wrong['data_date'].iloc[0]!r}).")
        if part["plr_id"].duplicated().any() or len(part) != 447:
            raise IngestError(f"{path}: Ausgabe {edition} hat {len(part)} Zeilen; erwartet werden 447 eindeutige Planungsräume.")
    for column in ["inhabitants", "status_index", *MSS_LONG_INDICATORS]:
        frame[column] = _numbers(frame, column, path)
    frame["valid"] = frame["valid"].astype(str).str.strip().map({"True": True, "False": False})
    if frame["valid"].isna().any():
        row = int(np.flatnonzero(frame["valid"].isna().to_numpy())[0]) + 1
        raise IngestError(f"{path}: Spalte 'valid' enthält einen Wert außer True/False (Zeile {row} der Ausgaben 2013–2019).")
    frame["year"] = frame["mss_edition"].map(MSS_EDITIONS_OLD)
    return frame


def mss_old_values(mss: pd.DataFrame) -> pd.DataFrame:
    """MSS 2013-2019 on LOR 2006 (years 2012-2018): index indicators and classes as published (447 PLR)."""
    parts = []
    ids, year = mss["plr_id"], mss["year"]
    for column, indicator_id in MSS_LONG_INDICATORS.items():
        parts.append(_year_rows(ids, indicator_id, year, mss[column]))
    parts.append(_year_rows(ids, "MSS_STATUS", year, mss["status_index"]))
    parts.append(_year_rows(ids, "MSS_DYNAMIK", year, mss["dynamic_class"].map({v: float(k) for k, v in MSS_DYNAMIC_CATEGORIES.items()})))
    parts.append(_year_rows(ids, "MSS_STATUS_DYNAMIK", year, mss["status_dynamic"].map(MSS_STATUS_DYNAMIC_FROM_TEXT).astype(float)))
    validity = np.where(mss["valid"], 1.0, np.where(mss["inhabitants"] < MIN_POPULATION, 2.0, 4.0))
    parts.append(_year_rows(ids, "MSS_GUELTIG", year, pd.Series(validity, index=mss.index)))
    return pd.concat(parts, ignore_index=True)


def mss_inhabitants_values(mss: pd.DataFrame) -> pd.DataFrame:
    """EW for 2012 and 2014 on LOR 2006 from the MSS tables (no population file for these years)."""
    early = mss[mss["year"] < min(POPULATION_YEARS_OLD)]
    return _year_rows(early["plr_id"], "EW", early["year"], early["inhabitants"])


def _year_rows(ids: pd.Series, indicator_id: str, years: pd.Series, values: pd.Series) -> pd.DataFrame:
    frame = pd.DataFrame({"area_id": ids.to_numpy(), "indicator_id": indicator_id, "year": years.to_numpy().astype(int),
                          "value": values.to_numpy(dtype=float), "numerator": np.nan, "denominator": np.nan, "estimate": False})
    return frame[frame["value"].notna()].reset_index(drop=True)


# ----------------------------------------------------------------------------------------------
# Umweltgerechtigkeit 2021/2022

UGR_COLUMNS = {
    "Luftbelastungs-Kategorie": "UGR_LUFT",
    "Lärmbelastungs-Kategorie": "UGR_LAERM",
    "Thermische Belastungs-Kategorie": "UGR_THERM",
    "Grünflächenversorgungs-Kategorie": "UGR_GRUEN",
    "Soziale Benachteiligungs-Kategorie": "UGR_SOZ",
    "Einwohnerdichte-Kategorie": "UGR_DICHTE",
}
UGR_COUNT_COLUMN = "Anzahl der Mehrfachbelastungen"


def read_umweltgerechtigkeit(source: Path, plr_ids: set[str]) -> pd.DataFrame:
    """umweltgerechtigkeit/raw_umweltgerechtigkeit_2021_2022.csv: five core classes, density class, official count."""
    path = source / UMWELTGERECHTIGKEIT
    frame = _read_csv(source, UMWELTGERECHTIGKEIT, ["Planungsraum-ID", UGR_COUNT_COLUMN, *UGR_COLUMNS], ("Planungsraum-ID",))
    _expect_ids(frame["Planungsraum-ID"], plr_ids, path, "Planungsraum-ID", "Planungsraum der LOR 2021")
    for column in UGR_COLUMNS:
        raw = frame[column]
        frame[column] = _numbers(frame, column, path)
        wrong = ~frame[column].isin([0.0, 1.0, 2.0, 3.0])
        if wrong.any():
            row = int(np.flatnonzero(wrong.to_numpy())[0]) + 1
            raise IngestError(f"{path}, Zeile {row}: Spalte {column!r} hat den Wert {raw.iloc[row - 1]!r}; erlaubt: 1, 2, 3 "
                              "(0 = nicht bewertet).")
        frame[column] = frame[column].where(frame[column] != 0)  # 0: not rated (uninhabited, or no MSS status)
    frame[UGR_COUNT_COLUMN] = _numbers(frame, UGR_COUNT_COLUMN, path)
    core = [c for c in UGR_COLUMNS if UGR_COLUMNS[c] != "UGR_DICHTE"]
    recount = (frame[core] == 3).sum(axis=1)
    differ = recount != frame[UGR_COUNT_COLUMN]
    if differ.any():
        row = int(np.flatnonzero(differ.to_numpy())[0]) + 1
        raise IngestError(f"{path}, Zeile {row}: Spalte {UGR_COUNT_COLUMN!r} ({frame[UGR_COUNT_COLUMN].iloc[row - 1]:.0f}) "
                          f"ist nicht die Zahl der Kernindikatoren in Klasse 3 ({recount.iloc[row - 1]}).")
    return frame


def umweltgerechtigkeit_values(ugr: pd.DataFrame) -> pd.DataFrame:
    """Umweltgerechtigkeit 2021/2022 as year 2021, Planungsräume only."""
    ids = ugr["Planungsraum-ID"]
    parts = [_rows(ids, indicator_id, UGR_YEAR, value=ugr[column].to_numpy()) for column, indicator_id in UGR_COLUMNS.items()]
    parts.append(_rows(ids, "UGR_MEHRFACH", UGR_YEAR, value=ugr[UGR_COUNT_COLUMN].to_numpy()))
    return pd.concat(parts, ignore_index=True)


# ----------------------------------------------------------------------------------------------
# population (Einwohnerregisterstatistik)

AGE_GROUPS = [  # suffix, column, German, English
    ("U6", "inhabitants_age_below_6", "unter 6 Jahren", "under 6"),
    ("6_15", "inhabitants_age_6_15", "6 bis unter 15 Jahren", "6 to 14"),
    ("15_18", "inhabitants_age_15_18", "15 bis unter 18 Jahren", "15 to 17"),
    ("18_27", "inhabitants_age_18_27", "18 bis unter 27 Jahren", "18 to 26"),
    ("27_45", "inhabitants_age_27_45", "27 bis unter 45 Jahren", "27 to 44"),
    ("45_55", "inhabitants_age_45_55", "45 bis unter 55 Jahren", "45 to 54"),
    ("55_65", "inhabitants_age_55_65", "55 bis unter 65 Jahren", "55 to 64"),
    ("65U", "inhabitants_age_above_65", "65 Jahren und älter", "65 and older"),
]
AGE_GROUPS_EN_LONG = {"U6": "under 6", "6_15": "6 to under 15", "15_18": "15 to under 18", "18_27": "18 to under 27",
                      "27_45": "27 to under 45", "45_55": "45 to under 55", "55_65": "55 to under 65", "65U": "65 and over"}
POPULATION_SHARES = {  # indicator id -> numerator column (denominator: all inhabitants)
    "ANT_MH": "inhabitants_with_migration_background",
    "ANT_AUSL": "inhabitants_foreigners",
    "ANT_DMH": "inhabitants_germans_with_migration_background",
    "ANT_FRAU": "inhabitants_female",
}
POPULATION_COUNT_COLUMNS = ["inhabitants", *[g[1] for g in AGE_GROUPS], *POPULATION_SHARES.values()]


def read_population(source: Path) -> pd.DataFrame:
    """population/berlin_plr_population_2015h1_2024h2_long.csv: counts per PLR at 31.12. of each year (30.06. rows dropped)."""
    path = source / POPULATION
    frame = _read_csv(source, POPULATION, ["reference_date", "lor_scheme", "plr_id", *POPULATION_COUNT_COLUMNS], ("plr_id",))
    frame = frame[frame["reference_date"].str.endswith("-12-31")].reset_index(drop=True)
    for column in POPULATION_COUNT_COLUMNS:
        frame[column] = _numbers(frame, column, path)
        negative = frame[column].isna() | (frame[column] < 0)
        if negative.any():
            row = int(np.flatnonzero(negative.to_numpy())[0]) + 1
            raise IngestError(f"{path}: Spalte {column!r} ist leer oder negativ (Zeile {row} der Stichtage 31.12.).")
    frame["year"] = frame["reference_date"].str[:4].astype(int)
    age_sum = frame[[g[1] for g in AGE_GROUPS]].sum(axis=1)
    wrong = age_sum != frame["inhabitants"]
    if wrong.any():
        row = frame[wrong].iloc[0]
        raise IngestError(f"{path}: Altersgruppen von {row['plr_id']!r} am {row['reference_date']} ergeben {age_sum[wrong].iloc[0]:.0f}, "
                          f"nicht die Einwohnerzahl {row['inhabitants']:.0f}.")
    expected = {SCHEME_447: range(2015, 2019), SCHEME_448: range(2019, 2021), SCHEME_2021: range(2021, 2025)}
    for scheme, years in expected.items():
        for year in years:
            if not ((frame["lor_scheme"] == scheme) & (frame["year"] == year)).any():
                raise IngestError(f"{path}: keine Zeilen für {scheme} am 31.12.{year}.")
    return frame


def population_values(population: pd.DataFrame, years, plr_ids: set[str]) -> pd.DataFrame:
    """EW, age-group counts and shares, migration/foreigner/female shares for the given years (ids as given)."""
    path = POPULATION
    parts = []
    for year in years:
        part = population[population["year"] == year]
        # 447-PLR years lack 09041403 (still part of 09041401); every other id must be a PLR of the scheme
        expected = plr_ids - ({SPLIT_PLR} if (part["lor_scheme"] == SCHEME_447).all() else set())
        _expect_ids(part["plr_id"], expected, Path(path), "plr_id", f"Planungsraum ({year})")
        parts.append(_population_rows(part, year, estimate=False))
    return pd.concat(parts, ignore_index=True)


def _population_rows(part: pd.DataFrame, year: int, estimate: bool, include_ew: bool = True) -> pd.DataFrame:
    ids, total = part["plr_id"], part["inhabitants"].to_numpy()
    rows = [_rows(ids, "EW", year, value=total, estimate=estimate)] if include_ew else []
    for suffix, column, _de, _en in AGE_GROUPS:
        count = part[column].to_numpy()
        rows.append(_rows(ids, f"EW_{suffix}", year, value=count, estimate=estimate))
        rows.append(_rows(ids, f"ANT_{suffix}", year, numerator=count, denominator=total, estimate=estimate))
    for indicator_id, column in POPULATION_SHARES.items():
        rows.append(_rows(ids, indicator_id, year, numerator=part[column].to_numpy(), denominator=total, estimate=estimate))
    return pd.concat(rows, ignore_index=True)


def split_bezirksregion_rows(values: pd.DataFrame) -> pd.DataFrame:
    """Rows for Bezirksregion 090414 in the 447-PLR years, summed from its Planungsräume.

    There 09041301 still contains 09041403, which has no value of its own; write_dataset would leave
    the Bezirksregion (and so Prognoseraum, Bezirk and Berlin) empty for a missing child, although
    the sum over the 447-scheme PLRs is exact.
    """
    summable = values["indicator_id"].isin(["EW", *[f"EW_{g[0]}" for g in AGE_GROUPS],
                                            *[f"ANT_{g[0]}" for g in AGE_GROUPS], *POPULATION_SHARES])
    inside = values["area_id"].str.startswith(SPLIT_BZR)
    years_without = set(values["year"]) - set(values.loc[values["area_id"] == SPLIT_PLR, "year"])
    part = values[summable & inside & values["year"].isin(years_without)]
    sums = part.groupby(["indicator_id", "year"], as_index=False).agg(
        value=("value", lambda s: s.sum(min_count=1)), numerator=("numerator", lambda s: s.sum(min_count=1)),
        denominator=("denominator", lambda s: s.sum(min_count=1)))
    sums.loc[sums["numerator"].notna(), "value"] = np.nan  # shares: write_dataset computes the value from the counts
    sums["area_id"] = SPLIT_BZR
    sums["estimate"] = False
    return sums[["area_id", "indicator_id", "year", "value", "numerator", "denominator", "estimate"]]


# ----------------------------------------------------------------------------------------------
# crosswalk LOR 2006 -> LOR 2021 and carried values


def read_crosswalk(source: Path, new_ids: set[str], old_ids: set[str]) -> pd.DataFrame:
    """crosswalk/seed_lor_crosswalk_2006_to_2021.csv: area weights old (448) PLR -> new (542) PLR."""
    path = source / CROSSWALK
    frame = _read_csv(source, CROSSWALK, ["plr_id_pre2021", "plr_id_2021", "weight"], ("plr_id_pre2021", "plr_id_2021"))
    frame["weight"] = _numbers(frame, "weight", path)
    for column, expected, what in (("plr_id_pre2021", old_ids, "Planungsraum der LOR 2006"), ("plr_id_2021", new_ids, "Planungsraum der LOR 2021")):
        unknown = ~frame[column].isin(expected)
        if unknown.any():
            row = int(np.flatnonzero(unknown.to_numpy())[0]) + 1
            raise IngestError(f"{path}, Zeile {row}: Spalte {column!r} hat den Wert {frame[column].iloc[row - 1]!r}, der kein {what} ist.")
        absent = sorted(expected - set(frame[column]))
        if absent:
            raise IngestError(f"{path}: Spalte {column!r}: {what} {absent[0]!r} kommt nicht vor.")
    bad = frame["weight"].isna() | (frame["weight"] < 0) | (frame["weight"] > 1)
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0]) + 1
        raise IngestError(f"{path}, Zeile {row}: Spalte 'weight' hat den Wert {frame['weight'].iloc[row - 1]!r}; erwartet 0 bis 1.")
    totals = frame.groupby("plr_id_pre2021")["weight"].sum()
    if ((totals - 1).abs() > 0.01).any():
        raise IngestError(f"{path}: die Gewichte von {totals[(totals - 1).abs() > 0.01].index[0]!r} ergeben nicht 1.")
    return frame


def crosswalk_weights(crosswalk: pd.DataFrame, scheme: str, population: pd.DataFrame) -> pd.DataFrame:
    """old_id, new_id, weight (sum 1 per old PLR) for data on the 448- or the 447-PLR scheme.

    On the 447 scheme 09041301 still contains 09041403 (Allende II). Their weights are merged in the
    ratio of their inhabitants at the first 448-scheme Stichtag (31.12.2019), not by area: Allende II
    is a tenth of the area but a third of the inhabitants, and area weights would move most of them
    into the wrong new PLRs.
    """
    frame = crosswalk[["plr_id_pre2021", "plr_id_2021", "weight"]].rename(columns={"plr_id_pre2021": "old_id", "plr_id_2021": "new_id"})
    if scheme == SCHEME_447:
        first = population[(population["lor_scheme"] == SCHEME_448) & (population["year"] == min(population.loc[population["lor_scheme"] == SCHEME_448, "year"]))]
        inhabitants = first.set_index("plr_id")["inhabitants"].reindex([SPLIT_FROM, SPLIT_PLR])
        if inhabitants.isna().any() or inhabitants.sum() <= 0:
            raise IngestError(f"{POPULATION}: Einwohnerzahlen von {SPLIT_FROM} und {SPLIT_PLR} (LOR 2019) fehlen; sie werden für die Übertragung gebraucht.")
        share = inhabitants / inhabitants.sum()
        merged = frame["old_id"].isin([SPLIT_FROM, SPLIT_PLR])
        part = frame[merged].assign(weight=lambda f: f["weight"] * f["old_id"].map(share))
        part = part.groupby("new_id", as_index=False)["weight"].sum().assign(old_id=SPLIT_FROM)
        frame = pd.concat([frame[~merged], part[["old_id", "new_id", "weight"]]], ignore_index=True)
    frame["weight"] = frame["weight"] / frame.groupby("old_id")["weight"].transform("sum")
    return frame


def carry_counts(old: pd.DataFrame, weights: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """sum(count_old * weight) per new PLR; every old PLR of the crosswalk must be present in `old`."""
    missing = sorted(set(weights["old_id"]) - set(old["plr_id"]))
    if missing:
        raise IngestError(f"Übertragung auf LOR 2021: für den alten Planungsraum {missing[0]!r} fehlen Werte; die Summe wäre zu klein.")
    merged = weights.merge(old[["plr_id", *columns]], left_on="old_id", right_on="plr_id")
    weighted = merged[columns].multiply(merged["weight"], axis=0)
    weighted["new_id"] = merged["new_id"]
    return weighted.groupby("new_id", as_index=False)[columns].sum()


def carry_weighted_mean(values: pd.Series, inhabitants: pd.Series, old_ids: pd.Series, weights: pd.DataFrame) -> pd.DataFrame:
    """Per new PLR: mean of old values weighted with weight * inhabitants_old (rated old PLRs only).

    A new PLR gets no value when rated old PLRs supply less than CARRY_MIN_COVERAGE of its carried inhabitants.
    """
    old = pd.DataFrame({"old_id": old_ids.to_numpy(), "value": values.to_numpy(dtype=float), "inh": inhabitants.to_numpy(dtype=float)})
    merged = weights.merge(old, on="old_id")
    merged["w"] = merged["weight"] * merged["inh"]
    rated = merged["value"].notna()
    merged["wv"] = np.where(rated, merged["w"] * merged["value"], 0.0)
    merged["w_rated"] = np.where(rated, merged["w"], 0.0)
    sums = merged.groupby("new_id", as_index=False)[["wv", "w_rated", "w"]].sum()
    enough = (sums["w"] > 0) & (sums["w_rated"] >= CARRY_MIN_COVERAGE * sums["w"])
    sums["value"] = np.where(enough & (sums["w_rated"] > 0), sums["wv"] / sums["w_rated"].where(sums["w_rated"] > 0), np.nan)
    return sums[["new_id", "value"]]


def carried_population_values(population: pd.DataFrame, weights_447: pd.DataFrame, weights_448: pd.DataFrame) -> pd.DataFrame:
    """Population 2015-2020 (LOR 2006) carried onto LOR 2021 (estimate). EW 2020 comes exactly from the MSS 2021."""
    parts = []
    for year in POPULATION_YEARS_OLD:
        part = population[population["year"] == year]
        scheme = part["lor_scheme"].iloc[0]
        weights = weights_447 if scheme == SCHEME_447 else weights_448
        carried = carry_counts(part, weights, POPULATION_COUNT_COLUMNS).rename(columns={"new_id": "plr_id"})
        parts.append(_population_rows(carried, year, estimate=True, include_ew=year != MSS_2021_YEAR))
    return pd.concat(parts, ignore_index=True)


def carried_mss_values(mss: pd.DataFrame, weights_447: pd.DataFrame) -> pd.DataFrame:
    """MSS 2013-2019 (447 PLR) carried onto LOR 2021 (estimate): EW for 2012/2014 as counts, S/D values as weighted means."""
    parts = []
    for year, part in mss.groupby("year"):
        if year < min(POPULATION_YEARS_OLD):
            carried = carry_counts(part, weights_447, ["inhabitants"])
            parts.append(_rows(carried["new_id"], "EW", year, value=carried["inhabitants"].to_numpy(), estimate=True))
        for column, indicator_id in MSS_LONG_INDICATORS.items():
            carried = carry_weighted_mean(part[column], part["inhabitants"], part["plr_id"], weights_447)
            parts.append(_rows(carried["new_id"], indicator_id, year, value=carried["value"].to_numpy(), estimate=True))
    return pd.concat(parts, ignore_index=True)


# ----------------------------------------------------------------------------------------------
# Gesundheits- und Sozialstrukturatlas 2022 (LOR 2006, every level)

GSSA_INDICES = ["GESIx", "ESIx", "DI", "DII", "DIII"]
GSSA_ID_COLUMN = {"planungsraum": "plrID", "bezirksregion": "bzrID", "prognoseraum": "pgrID", "bezirk": "bezID"}


def read_gssa(source: Path, level: str, area_ids: set[str]) -> pd.DataFrame:
    """gssa/gssa_2022_{planungsraeume,bezirksregionen,prognoseraeume,bezirke}.csv: indices 2013 and 2022 as published."""
    name = GSSA[level]
    id_column = GSSA_ID_COLUMN[level]
    value_columns = [f"{index}_{year}" for index in GSSA_INDICES for year in GSSA_YEARS]
    frame = _read_csv(source, name, [id_column, *value_columns], (id_column,))
    _expect_ids(frame[id_column], area_ids, source / name, id_column, LEVEL_LABEL[level])
    for column in value_columns:
        frame[column] = _numbers(frame, column, source / name)
    return frame.rename(columns={id_column: "area_id"})


def gssa_values(gssa: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """GSSA indices at every level (aggregation none: published values, never recomputed)."""
    parts = []
    for frame in gssa.values():
        for index in GSSA_INDICES:
            for year in GSSA_YEARS:
                parts.append(_rows(frame["area_id"], f"GSSA_{index.upper()}", year, value=frame[f"{index}_{year}"].to_numpy()))
    return pd.concat(parts, ignore_index=True)


# ----------------------------------------------------------------------------------------------
# indicator registry


@dataclass(frozen=True)
class _Mss:
    id: str
    label_de: str
    label_en: str
    description: str
    description_en: str
    polarity: str
    zielbereich: str
    unit: str = "%"
    kind: str = "share"
    decimals: int = 2


@dataclass(frozen=True)
class _Note:
    """A note in German and English; notes are put together from parts, so both languages are kept side by side."""

    de: str = ""
    en: str = ""

    def __add__(self, other: _Note) -> _Note:
        return _Note(self.de + other.de, self.en + other.en)


def _en(**texts: str | dict[str, str]) -> dict:
    """An [indicator.en] table; empty texts are left out by the writer."""
    return texts


def _english_source(source: str) -> str:
    """The English source text of a German one (sources joined by a space are translated one by one)."""
    for german, english in SOURCES_EN.items():
        source = source.replace(german, english)
    return source


NO_NOTE = _Note()


MSS_DEFINITION_NOTE = (
    "Definition sinngemäß nach dem Bericht Monitoring Soziale Stadtentwicklung; die Quelldaten enthalten nur Kurznamen. "
    "Definitionen änderten sich zwischen den Ausgaben (z. B. S2 nur bis 2017, Niveausprung bei S1 zwischen 2017 und 2019): "
    "Klassen statt Rohwerte vergleichen. Nicht bewertet: Planungsräume unter 300 EW und als ungültig markierte."
)
MSS_DEFINITION_NOTE_EN = (
    "Definition paraphrased from the report Monitoring Soziale Stadtentwicklung (monitoring of social urban development); "
    "the source data contain only short names. Definitions changed between editions (e.g. S2 only until 2017, a level shift "
    "in S1 between 2017 and 2019): compare classes rather than raw values. Not rated: planning areas with fewer than 300 "
    "residents and those marked invalid."
)
MSS_DEFINITION = _Note(MSS_DEFINITION_NOTE, MSS_DEFINITION_NOTE_EN)
MSS_INDEX = [
    _Mss("MSS_S1", "Arbeitslosigkeit (MSS S1)", "Unemployment (MSS S1)",
         "Anteil Arbeitslose (SGB II und III) an den Einwohnerinnen und Einwohnern im Alter von 15 bis unter 65 Jahren, in %.",
         "Share of unemployed persons (SGB II and SGB III) among residents aged 15 to under 65, in %.",
         "higher_is_worse", ZB_A),
    _Mss("MSS_S2", "Langzeitarbeitslosigkeit (MSS S2)", "Long-term unemployment (MSS S2)",
         "Anteil Langzeitarbeitslose (SGB II und III, länger als ein Jahr arbeitslos) an den Einwohnerinnen und Einwohnern "
         "im Alter von 15 bis unter 65 Jahren, in %. Nur MSS 2013 bis 2017.",
         "Share of long-term unemployed persons (SGB II and SGB III, unemployed for more than one year) among residents aged "
         "15 to under 65, in %. MSS 2013 to 2017 only.", "higher_is_worse", ZB_A),
    _Mss("MSS_S3", "Transferbezug (MSS S3)", "Transfer benefits (MSS S3)",
         "Anteil der Empfängerinnen und Empfänger von Transferleistungen (SGB II und SGB XII außerhalb von Einrichtungen) "
         "an den Einwohnerinnen und Einwohnern, in %. Seit dem MSS 2019 ohne Arbeitslose (nicht arbeitslose Leistungsbeziehende).",
         "Share of recipients of transfer benefits (SGB II and SGB XII outside institutions) among residents, in %. Since "
         "the MSS 2019 without the unemployed (benefit recipients who are not unemployed).",
         "higher_is_worse", ZB_A),
    _Mss("MSS_S4", "Kinderarmut (MSS S4)", "Child poverty (MSS S4)",
         "Anteil der Kinder und Jugendlichen unter 15 Jahren in Bedarfsgemeinschaften nach SGB II (nicht erwerbsfähige "
         "Leistungsberechtigte) an den Einwohnerinnen und Einwohnern unter 15 Jahren, in %.",
         "Share of children and young people under 15 in benefit households under SGB II (non-employable persons entitled "
         "to benefits) among residents under 15, in %.", "higher_is_worse", ZB_A),
    _Mss("MSS_D1", "Veränderung Arbeitslosigkeit (MSS D1)", "Change in unemployment (MSS D1)",
         "Veränderung des Anteils Arbeitsloser (S1) gegenüber dem Stand zwei Jahre zuvor, in Prozentpunkten.",
         "Change in the share of unemployed persons (S1) compared with two years earlier, in percentage points.",
         "higher_is_worse", ZB_A, unit="Prozentpunkte", kind="rate"),
    _Mss("MSS_D2", "Veränderung Langzeitarbeitslosigkeit (MSS D2)", "Change in long-term unemployment (MSS D2)",
         "Veränderung des Anteils Langzeitarbeitsloser (S2) gegenüber dem Stand zwei Jahre zuvor, in Prozentpunkten. "
         "Nur MSS 2013 bis 2017.",
         "Change in the share of long-term unemployed persons (S2) compared with two years earlier, in percentage points. "
         "MSS 2013 to 2017 only.", "higher_is_worse", ZB_A, unit="Prozentpunkte", kind="rate"),
    _Mss("MSS_D3", "Veränderung Transferbezug (MSS D3)", "Change in transfer benefits (MSS D3)",
         "Veränderung des Anteils der Transferbeziehenden (S3) gegenüber dem Stand zwei Jahre zuvor, in Prozentpunkten.",
         "Change in the share of transfer benefit recipients (S3) compared with two years earlier, in percentage points.",
         "higher_is_worse", ZB_A, unit="Prozentpunkte", kind="rate"),
    _Mss("MSS_D4", "Veränderung Kinderarmut (MSS D4)", "Change in child poverty (MSS D4)",
         "Veränderung des Anteils der Kinder unter 15 Jahren in SGB-II-Bedarfsgemeinschaften (S4) gegenüber dem Stand "
         "zwei Jahre zuvor, in Prozentpunkten.",
         "Change in the share of children under 15 in SGB II benefit households (S4) compared with two years earlier, in "
         "percentage points.", "higher_is_worse", ZB_A, unit="Prozentpunkte", kind="rate"),
]
MSS_CONTEXT = [
    _Mss("MSS_K01", "Jugendarbeitslosigkeit (MSS K01)", "Youth unemployment (MSS K01)",
         "Anteil der Arbeitslosen (SGB II und III) unter 25 Jahren an den Einwohnerinnen und Einwohnern im Alter von 15 bis "
         "unter 25 Jahren, in %.",
         "Share of unemployed persons (SGB II and SGB III) under 25 among residents aged 15 to under 25, in %.",
         "higher_is_worse", ZB_A),
    _Mss("MSS_K02", "Alleinerziehende Haushalte (MSS K02)", "Single-parent households (MSS K02)",
         "Anteil der Haushalte von Alleinerziehenden an den Haushalten mit Kindern unter 18 Jahren, in %.",
         "Share of single-parent households among households with children under 18, in %.", "higher_is_worse", ZB_A),
    _Mss("MSS_K03", "Altersarmut (MSS K03)", "Old-age poverty (MSS K03)",
         "Anteil der Empfängerinnen und Empfänger von Grundsicherung im Alter nach SGB XII (außerhalb von Einrichtungen) "
         "ab 65 Jahren an den Einwohnerinnen und Einwohnern ab 65 Jahren, in %.",
         "Share of recipients of old-age basic income support under SGB XII (outside institutions) aged 65 and over among "
         "residents aged 65 and over, in %.", "higher_is_worse", ZB_A),
    _Mss("MSS_K04", "Kinder und Jugendliche mit Migrationshintergrund (MSS K04)", "Minors with migration background (MSS K04)",
         "Anteil der Einwohnerinnen und Einwohner unter 18 Jahren mit Migrationshintergrund an den Einwohnerinnen und "
         "Einwohnern unter 18 Jahren, in %.",
         "Share of residents under 18 with a migration background among residents under 18, in %.", "neutral", ZB_C),
    _Mss("MSS_K05", "Migrationshintergrund (MSS K05)", "Migration background (MSS K05)",
         "Anteil der Einwohnerinnen und Einwohner mit Migrationshintergrund an allen Einwohnerinnen und Einwohnern, in %.",
         "Share of residents with a migration background among all residents, in %.",
         "neutral", ZB_C),
    _Mss("MSS_K16", "Ausländerinnen und Ausländer (MSS K16)", "Foreign nationals (MSS K16)",
         "Anteil der Ausländerinnen und Ausländer an den Einwohnerinnen und Einwohnern, in %.",
         "Share of foreign nationals among residents, in %.", "neutral", ZB_C),
    _Mss("MSS_K06", "Veränderung Ausländeranteil (MSS K06)", "Change in share of foreign nationals (MSS K06)",
         "Veränderung des Anteils der Ausländerinnen und Ausländer an den Einwohnerinnen und Einwohnern gegenüber dem "
         "Stand zwei Jahre zuvor, in Prozentpunkten.",
         "Change in the share of foreign nationals among residents compared with two years earlier, in percentage points.",
         "neutral", ZB_C, unit="Prozentpunkte", kind="rate"),
    _Mss("MSS_K17", "Nicht-EU-Ausländerinnen und -Ausländer (MSS K17)", "Non-EU foreign nationals (MSS K17)",
         "Anteil der Ausländerinnen und Ausländer aus Staaten außerhalb der EU an den Ausländerinnen und Ausländern, in %.",
         "Share of foreign nationals from countries outside the EU among all foreign nationals, in %.",
         "neutral", ZB_C),
    _Mss("MSS_K07", "Ausländische Transferbeziehende (MSS K07)", "Foreign transfer recipients (MSS K07)",
         "Anteil der ausländischen Empfängerinnen und Empfänger von Transferleistungen (SGB II und SGB XII) an den "
         "Ausländerinnen und Ausländern, in %.",
         "Share of foreign recipients of transfer benefits (SGB II and SGB XII) among foreign nationals, in %.",
         "higher_is_worse", ZB_A),
    _Mss("MSS_K09", "Einfache Wohnlage (MSS K09)", "Simple residential location (MSS K09)",
         "Anteil der Einwohnerinnen und Einwohner in einfacher Wohnlage (nach Berliner Mietspiegel, inkl. Lärmbelastung) "
         "an allen Einwohnerinnen und Einwohnern, in %.",
         "Share of residents in a simple residential location (according to the Berlin rent index, including noise "
         "exposure) among all residents, in %.", "higher_is_worse", ZB_E),
    _Mss("MSS_K10", "Wohndauer über 5 Jahre (MSS K10)", "Residence over 5 years (MSS K10)",
         "Anteil der Einwohnerinnen und Einwohner mit mindestens 5 Jahren Wohndauer an derselben Adresse an den "
         "Einwohnerinnen und Einwohnern, in %.",
         "Share of residents who have lived at the same address for at least 5 years among residents, in %.",
         "higher_is_better", ZB_E),
    _Mss("MSS_K11", "Wanderungsvolumen (MSS K11)", "Migration volume (MSS K11)",
         "Zuzüge und Fortzüge über die Grenze des Planungsraums zusammen je 100 Einwohnerinnen und Einwohner.",
         "Moves in and moves out across the boundary of the planning area combined, per 100 residents.",
         "neutral", ZB_E, unit="je 100 EW", kind="rate"),
    _Mss("MSS_K12", "Wanderungssaldo (MSS K12)", "Net migration (MSS K12)",
         "Zuzüge minus Fortzüge über die Grenze des Planungsraums je 100 Einwohnerinnen und Einwohner.",
         "Moves in minus moves out across the boundary of the planning area, per 100 residents.",
         "neutral", ZB_E, unit="je 100 EW", kind="rate"),
    _Mss("MSS_K13", "Wanderungssaldo unter 6 Jahren (MSS K13)", "Net migration of children under 6 (MSS K13)",
         "Zuzüge minus Fortzüge von Kindern unter 6 Jahren je 100 Einwohnerinnen und Einwohner unter 6 Jahren.",
         "Moves in minus moves out of children under 6, per 100 residents under 6.",
         "higher_is_better", ZB_D, unit="je 100 EW unter 6 J.", kind="rate"),
]


MSS_DIMENSION = {ZB_A: "Soziales", ZB_C: "Demografie", ZB_D: "Demografie", ZB_E: "Wohnen"}


def _mss_entry(spec: _Mss, source: str, stichtag: str, estimate_note: _Note = NO_NOTE, note: _Note = MSS_DEFINITION) -> dict:
    return {
        "id": spec.id, "label_de": spec.label_de, "label_en": spec.label_en, "description": spec.description,
        "unit": spec.unit, "dimension": MSS_DIMENSION[spec.zielbereich], "polarity": spec.polarity,
        "aggregation": "none", "source": source, "stichtag": stichtag, "kind": spec.kind, "zielbereich": spec.zielbereich,
        "levels": ["planungsraum"], "decimals": spec.decimals, "estimate_note": estimate_note.de or None, "note": note.de,
        "classification": "quantiles",
        "en": _en(description=spec.description_en, source=_english_source(source), estimate_note=estimate_note.en, note=note.en),
    }


def _mss_class_entries(source: str, stichtag: str, note: _Note) -> list[dict]:
    common = {"unit": "Klasse", "dimension": "Index", "aggregation": "none", "source": source, "stichtag": stichtag,
              "kind": "class", "zielbereich": ZB_F, "levels": ["planungsraum"], "classification": "categorical",
              "decimals": 0, "note": note.de}
    english = {"source": _english_source(source), "note": note.en}
    return [
        {"id": "MSS_STATUS", "label_de": "Status-Index (MSS)", "label_en": "Status index (MSS)",
         "description": "Gebietstyp nach dem Status-Index des Monitorings Soziale Stadtentwicklung: Mittelwert der "
                        "z-standardisierten Indexindikatoren S1–S4 (je nach Ausgabe), erneut standardisiert und in vier Klassen "
                        "eingeteilt: 1 hoch (unter −1), 2 mittel (−1 bis +1), 3 niedrig (+1 bis +1,5), 4 sehr niedrig (über +1,5). "
                        "Nur gültige Planungsräume ab 300 EW.",
         "polarity": "higher_is_worse", "categories": MSS_STATUS_CATEGORIES, "classes": 4, **common,
         "en": _en(description="Area type by the status index of the Monitoring Soziale Stadtentwicklung (monitoring of social "
                               "urban development): mean of the z-standardised index indicators S1–S4 (depending on the "
                               "edition), standardised again and divided into four classes: 1 high (below −1), 2 medium (−1 to "
                               "+1), 3 low (+1 to +1.5), 4 very low (above +1.5). Only valid planning areas with 300 residents "
                               "or more.",
                   categories=MSS_STATUS_CATEGORIES_EN, **english)},
        {"id": "MSS_DYNAMIK", "label_de": "Dynamik-Index (MSS)", "label_en": "Dynamics index (MSS)",
         "description": "Entwicklung nach dem Dynamik-Index des MSS (dasselbe Verfahren auf den Veränderungen D1–D4 über zwei "
                        "Jahre): 1 positiv (unter −1), 2 stabil (−1 bis +1), 3 negativ (über +1). Die Quelle codiert 1/3/5; "
                        "hier 1/2/3.",
         "polarity": "higher_is_worse", "categories": MSS_DYNAMIC_CATEGORIES, "classes": 3, **common,
         "en": _en(description="Development by the dynamics index of the MSS (the same procedure applied to the changes D1–D4 "
                               "over two years): 1 positive (below −1), 2 stable (−1 to +1), 3 negative (above +1). The source "
                               "codes 1/3/5; here 1/2/3.",
                   categories=MSS_DYNAMIC_CATEGORIES_EN, **english)},
        {"id": "MSS_STATUS_DYNAMIK", "label_de": "Status/Dynamik-Index (MSS)", "label_en": "Status/dynamics index (MSS)",
         "description": "Kombination aus Status- und Dynamik-Index des MSS in zwölf Gebietstypen, z. B. „3-“ = Status "
                        "niedrig, Dynamik negativ. Code wie in der Quelle (SDI_N): Zehnerstelle = Status 1–4, Einerstelle = "
                        "Dynamik 1 positiv, 3 stabil, 5 negativ.",
         "polarity": "higher_is_worse", "categories": MSS_STATUS_DYNAMIC_CATEGORIES, "classes": 9,
         "colors": list(COMBINED_COLORS), **common,
         "en": _en(description="Combination of the status and dynamics indices of the MSS into twelve area types, e.g. “3-” = "
                               "status low, dynamics negative. Code as in the source (SDI_N): tens digit = status 1–4, units "
                               "digit = dynamics 1 positive, 3 stable, 5 negative.",
                   categories=MSS_STATUS_DYNAMIC_CATEGORIES_EN, **english)},
        {"id": "MSS_GUELTIG", "label_de": "Bewertung im MSS (gültig/ungültig)", "label_en": "MSS rating validity",
         "description": "Ob der Planungsraum im MSS bewertet wurde: gültig; ungültig wegen weniger als 300 Einwohnerinnen "
                        "und Einwohnern; ungültig als statistischer Ausreißer; ungültig ohne angegebenen Grund (MSS 2013–2019 "
                        "nennen nur „nicht gültig“, bei Gebieten ab 300 EW).",
         "polarity": "neutral", "categories": MSS_VALID_CATEGORIES, "classes": 4,
         # the flag says why an area is not rated; it discloses nothing about residents
         **common, "suppress_small_areas": False,
         "en": _en(description="Whether the planning area was rated in the MSS: valid; invalid because of fewer than 300 "
                               "residents; invalid as a statistical outlier; invalid without a stated reason (MSS 2013–2019 "
                               "only say “not valid”, for areas with 300 residents or more).",
                   categories=MSS_VALID_CATEGORIES_EN, **english)},
    ]


def _population_entries(stichtag: str, estimate_note: _Note = NO_NOTE, ew_note: _Note = NO_NOTE,
                        ew_estimate_note: _Note = NO_NOTE) -> list[dict]:
    base = {"dimension": "Demografie", "polarity": "neutral", "source": SRC_POPULATION, "stichtag": stichtag,
            "zielbereich": ZB_C, "estimate_note": estimate_note.de or None}
    english = {"source": _english_source(SRC_POPULATION), "estimate_note": estimate_note.en}
    entries = [{
        **base, "id": "EW", "label_de": "Einwohnerinnen und Einwohner", "label_en": "Residents",
        "description": "Einwohnerinnen und Einwohner mit Hauptwohnsitz im Gebiet am Stichtag (Einwohnerregister).",
        "unit": "Personen", "aggregation": "sum", "kind": "count", "decimals": 0, "note": ew_note.de or None,
        "estimate_note": ew_estimate_note.de or estimate_note.de or None,
        "en": _en(description="Residents with their main residence in the area on the reference date (population register).",
                  source=english["source"], note=ew_note.en, estimate_note=ew_estimate_note.en or estimate_note.en),
    }]
    for suffix, _column, de, en in AGE_GROUPS:
        age = AGE_GROUPS_EN_LONG[suffix]
        entries.append({**base, "id": f"EW_{suffix}", "label_de": f"EW {de}", "label_en": f"Residents {en}",
                        "description": f"Einwohnerinnen und Einwohner im Alter von {de} am Stichtag.".replace("von unter", "unter").replace("von 65 Jahren und älter", "ab 65 Jahren"),
                        "unit": "Personen", "aggregation": "sum", "kind": "count", "decimals": 0,
                        "en": _en(description=f"Residents aged {age} on the reference date.", **english)})
        entries.append({**base, "id": f"ANT_{suffix}", "label_de": f"Anteil {de}", "label_en": f"Share {en}",
                        "description": f"Anteil der Einwohnerinnen und Einwohner im Alter von {de} an allen Einwohnerinnen und Einwohnern.".replace("von unter", "unter").replace("von 65 Jahren und älter", "ab 65 Jahren"),
                        "unit": "%", "aggregation": "ratio_of_sums", "kind": "share", "scale": 100.0, "decimals": 1,
                        "numerator_label": f"EW {de}", "denominator_label": "EW gesamt", "min_denominator": MIN_POPULATION,
                        "en": _en(description=f"Share of residents aged {age} among all residents.",
                                  numerator_label=f"Residents aged {age}", denominator_label="All residents", **english)})
    shares = [
        ("ANT_MH", "Migrationshintergrund", "Migration background",
         "„Anteil der EW mit Migrationshintergrund an den EW gesamt“ (Berliner Kernindikator C1). Migrationshintergrund: "
         "Ausländerinnen und Ausländer sowie Deutsche mit Migrationshintergrund (Einbürgerung, Optionsregelung, Eltern "
         "mit Migrationshintergrund).", "EW mit Migrationshintergrund", True,
         "“Share of residents with a migration background among all residents” (Berlin core indicator C1). Migration "
         "background: foreign nationals and Germans with a migration background (naturalisation, option rule, parents with "
         "a migration background).", "Residents with a migration background"),
        ("ANT_AUSL", "Ausländerinnen und Ausländer", "Foreign nationals",
         "Anteil der Einwohnerinnen und Einwohner ohne deutsche Staatsangehörigkeit an allen Einwohnerinnen und Einwohnern.",
         "Ausländerinnen und Ausländer", False,
         "Share of residents without German citizenship among all residents.", "Foreign nationals"),
        ("ANT_DMH", "Deutsche mit Migrationshintergrund", "Germans with migration background",
         "Anteil der Deutschen mit Migrationshintergrund an allen Einwohnerinnen und Einwohnern.",
         "Deutsche mit Migrationshintergrund", False,
         "Share of Germans with a migration background among all residents.", "Germans with a migration background"),
        ("ANT_FRAU", "Frauenanteil", "Share of women",
         "Anteil der weiblichen Einwohnerinnen an allen Einwohnerinnen und Einwohnern.", "Einwohnerinnen (weiblich)", False,
         "Share of female residents among all residents.", "Female residents"),
    ]
    for id_, de, en, description, numerator, core, description_en, numerator_en in shares:
        entries.append({**base, "id": id_, "label_de": de, "label_en": en, "description": description, "unit": "%",
                        "aggregation": "ratio_of_sums", "kind": "share", "scale": 100.0, "decimals": 1,
                        "numerator_label": numerator, "denominator_label": "EW gesamt", "min_denominator": MIN_POPULATION,
                        "core": core,
                        "en": _en(description=description_en, numerator_label=numerator_en,
                                  denominator_label="All residents", **english)})
    return entries


UGR_CLASSES = {"1": "gering", "2": "mittel", "3": "hoch"}
UGR_CLASSES_EN = {"1": "low", "2": "medium", "3": "high"}
UGR_SPECS = [  # id, label_de, label_en, description, dimension, categories, English description, English categories
    ("UGR_LUFT", "Luftbelastung (UGR)", "Air pollution (EJ atlas)",
     "Belastung durch Luftschadstoffe (Stickstoffdioxid NO₂ und Feinstaub PM2,5/PM10) im Planungsraum, Kernindikator des "
     "Umweltgerechtigkeitsatlas: 1 gering, 2 mittel, 3 hoch (belastet).", "Umwelt", UGR_CLASSES,
     "Exposure to air pollutants (nitrogen dioxide NO₂ and particulate matter PM2.5/PM10) in the planning area, core "
     "indicator of the environmental justice atlas (Umweltgerechtigkeitsatlas): 1 low, 2 medium, 3 high (burdened).",
     UGR_CLASSES_EN),
    ("UGR_LAERM", "Lärmbelastung (UGR)", "Noise pollution (EJ atlas)",
     "Belastung durch Verkehrslärm (Straße, Schiene, Flugverkehr) im Planungsraum, Kernindikator des "
     "Umweltgerechtigkeitsatlas: 1 gering, 2 mittel, 3 hoch (belastet).", "Umwelt", UGR_CLASSES,
     "Exposure to traffic noise (road, rail, air traffic) in the planning area, core indicator of the environmental "
     "justice atlas (Umweltgerechtigkeitsatlas): 1 low, 2 medium, 3 high (burdened).", UGR_CLASSES_EN),
    ("UGR_THERM", "Thermische Belastung (UGR)", "Heat stress (EJ atlas)",
     "Bioklimatische (thermische) Belastung im Planungsraum, Kernindikator des Umweltgerechtigkeitsatlas: 1 gering, "
     "2 mittel, 3 hoch (belastet).", "Umwelt", UGR_CLASSES,
     "Bioclimatic (thermal) stress in the planning area, core indicator of the environmental justice atlas "
     "(Umweltgerechtigkeitsatlas): 1 low, 2 medium, 3 high (burdened).", UGR_CLASSES_EN),
    ("UGR_GRUEN", "Grünflächenversorgung (UGR)", "Green space supply (EJ atlas)",
     "Versorgung mit öffentlichen, wohnungsnahen Grünflächen, Kernindikator des Umweltgerechtigkeitsatlas, als Belastung "
     "gezählt: 1 gering belastet (gut versorgt), 2 mittel, 3 hoch belastet (schlecht oder nicht versorgt).", "Umwelt",
     {"1": "gering belastet (gut versorgt)", "2": "mittel", "3": "hoch belastet (schlecht versorgt)"},
     "Provision of public green space near homes, core indicator of the environmental justice atlas "
     "(Umweltgerechtigkeitsatlas), counted as a burden: 1 low burden (well served), 2 medium, 3 high burden (poorly served "
     "or not served).",
     {"1": "low burden (well served)", "2": "medium", "3": "high burden (poorly served)"}),
    ("UGR_SOZ", "Soziale Benachteiligung (UGR)", "Social disadvantage (EJ atlas)",
     "Soziale Benachteiligung nach dem Status-Index des Monitorings Soziale Stadtentwicklung, Kernindikator des "
     "Umweltgerechtigkeitsatlas: 1 gering, 2 mittel, 3 hoch (belastet).", "Soziales", UGR_CLASSES,
     "Social disadvantage by the status index of the Monitoring Soziale Stadtentwicklung (monitoring of social urban "
     "development), core indicator of the environmental justice atlas (Umweltgerechtigkeitsatlas): 1 low, 2 medium, "
     "3 high (burdened).", UGR_CLASSES_EN),
]


def _ugr_entries() -> list[dict]:
    # The atlas rates every Planungsraum; its classes describe the place, not residents, so the
    # under-300 rule of the MSS does not apply (suppress_small_areas = False).
    common = {"unit": "Klasse", "aggregation": "none", "source": SRC_UGR, "stichtag": "Ausgabe 2021/2022", "kind": "class",
              "suppress_small_areas": False,
              "levels": ["planungsraum"], "classification": "categorical", "classes": 3, "decimals": 0,
              "note": "Umweltgerechtigkeit 2021/2022, als Jahr 2021 gespeichert. Die Teilindikatoren beruhen auf Daten "
                      "unterschiedlicher Stichtage. Klasse 0 der Quelle (nicht bewertet: unbewohnt oder ohne MSS-Status) "
                      "ist als fehlender Wert gespeichert."}
    english = {"source": _english_source(SRC_UGR),
               "note": "Environmental justice (Umweltgerechtigkeit) 2021/2022, stored as the year 2021. The sub-indicators are "
                       "based on data with different reference dates. Class 0 of the source (not rated: uninhabited or without "
                       "an MSS status) is stored as a missing value."}
    entries = [{"id": i, "label_de": de, "label_en": en, "description": d, "dimension": dim, "polarity": "higher_is_worse",
                "zielbereich": ZB_U, "categories": cats, "core": True, **common,
                "en": _en(description=d_en, categories=cats_en, **english)}
               for i, de, en, d, dim, cats, d_en, cats_en in UGR_SPECS]
    entries.append({"id": "UGR_DICHTE", "label_de": "Einwohnerdichte (UGR-Klasse)", "label_en": "Population density class (EJ atlas)",
                    "description": "Einwohnerdichte im Planungsraum in drei Klassen des Umweltgerechtigkeitsatlas: 1 gering, "
                                   "2 mittel, 3 hoch. Kein Belastungsindikator; zählt nicht zur Mehrfachbelastung.",
                    "dimension": "Demografie", "polarity": "neutral", "zielbereich": ZB_U, "categories": UGR_CLASSES, **common,
                    "en": _en(description="Population density in the planning area in three classes of the environmental "
                                          "justice atlas (Umweltgerechtigkeitsatlas): 1 low, 2 medium, 3 high. Not a burden "
                                          "indicator; does not count towards the multiple burden.",
                              categories=UGR_CLASSES_EN, **english)})
    entries.append({**common, "id": "UGR_MEHRFACH", "label_de": "Mehrfachbelastung (UGR, Anzahl)",
                    "label_en": "Multiple burden count (EJ atlas)",
                    "description": "Anzahl der Mehrfachbelastungen laut Umweltgerechtigkeitsatlas: wie viele der fünf "
                                   "Kernindikatoren (Luft, Lärm, thermische Belastung, Grünflächenversorgung, soziale "
                                   "Benachteiligung) im Planungsraum in Klasse 3 „hoch“ liegen (0 bis 5). Amtlicher Wert.",
                    "unit": "Anzahl (0–5)", "dimension": "Umwelt", "polarity": "higher_is_worse", "zielbereich": ZB_U,
                    "kind": "count", "classification": "quantiles", "classes": 6, "core": True,
                    "en": _en(description="Number of multiple burdens according to the environmental justice atlas "
                                          "(Umweltgerechtigkeitsatlas): how many of the five core indicators (air, noise, "
                                          "thermal stress, green space provision, social disadvantage) are in class 3 “high” "
                                          "in the planning area (0 to 5). Official value.", **english)})
    return entries


GSSA_SPECS = [  # id, label_de, label_en, description, English description
    ("GSSA_GESIX", "Gesundheits- und Sozialindex (GESIx)", "Health and social index (GESIx)",
     "Gesundheits- und Sozialindex des Gesundheits- und Sozialstrukturatlas 2022: fasst die Dimensionen Erwerbsleben, "
     "soziale Lage und Gesundheit zusammen (standardisierter Indexwert, höher = günstiger).",
     "Health and social index of the Gesundheits- und Sozialstrukturatlas 2022 (health and social structure atlas): "
     "combines the dimensions working life, social situation and health (standardised index value, higher = more "
     "favourable)."),
    ("GSSA_ESIX", "Erwerbs- und Sozialindex (ESIx)", "Employment and social index (ESIx)",
     "Erwerbs- und Sozialindex des Gesundheits- und Sozialstrukturatlas 2022: Index aus Erwerbsleben und sozialer Lage "
     "ohne die Gesundheitsdimension (standardisierter Indexwert, höher = günstiger).",
     "Employment and social index of the Gesundheits- und Sozialstrukturatlas 2022 (health and social structure atlas): "
     "index of working life and social situation without the health dimension (standardised index value, higher = more "
     "favourable)."),
    ("GSSA_DI", "GSSA Dimension I: Erwerbsleben", "GSSA dimension I: working life",
     "Teilindex Dimension I (Erwerbsleben) des Gesundheits- und Sozialstrukturatlas 2022 (standardisierter Indexwert, "
     "höher = günstiger).",
     "Sub-index dimension I (working life) of the Gesundheits- und Sozialstrukturatlas 2022 (health and social structure "
     "atlas; standardised index value, higher = more favourable)."),
    ("GSSA_DII", "GSSA Dimension II: Soziale Lage", "GSSA dimension II: social status",
     "Teilindex Dimension II (soziale Lage) des Gesundheits- und Sozialstrukturatlas 2022 (standardisierter Indexwert, "
     "höher = günstiger).",
     "Sub-index dimension II (social situation) of the Gesundheits- und Sozialstrukturatlas 2022 (health and social "
     "structure atlas; standardised index value, higher = more favourable)."),
    ("GSSA_DIII", "GSSA Dimension III: Gesundheit", "GSSA dimension III: health",
     "Teilindex Dimension III (Gesundheit) des Gesundheits- und Sozialstrukturatlas 2022 (standardisierter Indexwert, "
     "höher = günstiger).",
     "Sub-index dimension III (health) of the Gesundheits- und Sozialstrukturatlas 2022 (health and social structure "
     "atlas; standardised index value, higher = more favourable)."),
]


def _gssa_entries() -> list[dict]:
    return [{
        "id": i, "label_de": de, "label_en": en, "description": d, "unit": "Indexwert",
        "dimension": "Gesundheit" if i in ("GSSA_GESIX", "GSSA_DIII") else "Index", "polarity": "higher_is_better",
        "aggregation": "none", "source": SRC_GSSA, "stichtag": "Vergleichsstand 2013 bzw. 2022 (GSSA 2022)", "kind": "index",
        "zielbereich": ZB_F, "levels": list(LEVEL_IDS), "classification": "quantiles", "decimals": 2,
        "note": "Werte wie im Gesundheits- und Sozialstrukturatlas 2022 je Ebene veröffentlicht (nicht aus den Planungsräumen "
                "berechnet). Jahr 2013 bzw. 2022 = Vergleichsstand laut Quelle; die Einzelindikatoren haben unterschiedliche "
                "Stichtage. Unbewohnte Gebiete ohne Wert.",
        "en": _en(description=d_en, source=_english_source(SRC_GSSA),
                  note="Values as published in the Gesundheits- und Sozialstrukturatlas 2022 for each level (not computed "
                       "from the planning areas). Year 2013 or 2022 = point of comparison according to the source; the single "
                       "indicators have different reference dates. Uninhabited areas have no value."),
    } for i, de, en, d, d_en in GSSA_SPECS]


CROSSWALK_TEXT = _Note(CROSSWALK_NOTE, CROSSWALK_NOTE_EN)
CARRY_COUNT_NOTE = _Note(
    "Werte vor 2021 aus den LOR 2006 flächengewichtet auf die LOR 2021 übertragen; Schätzung. Je neuer Planungsraum: "
    "Summe der Fallzahlen der alten Planungsräume (447 bis 2018, 448 ab 2019), jeweils mit dem Flächenanteil des alten "
    "Planungsraums, der im neuen liegt; Anteile aus den übertragenen Zählern und Nennern. Bis 2018 gehört Allende II "
    "(09041403) noch zu 09041301; dieser wird im Verhältnis der Einwohnerzahlen von 2019 aufgeteilt. ",
    "Values before 2021 carried over from the LOR 2006 to the LOR 2021, weighted by area; estimate. For each new planning "
    "area: sum of the case counts of the old planning areas (447 until 2018, 448 from 2019), each weighted by the share of "
    "the old planning area's area that lies in the new one; shares from the carried numerators and denominators. Until "
    "2018, Allende II (09041403) still belongs to 09041301; the latter is split in proportion to the 2019 population "
    "figures. ",
) + CROSSWALK_TEXT
CARRY_MEAN_NOTE = _Note(
    "Werte vor 2021 aus den LOR 2006 flächengewichtet auf die LOR 2021 übertragen; Schätzung. Je neuer Planungsraum: "
    "Mittel der Werte der bewerteten alten Planungsräume (MSS 2013–2019, 447 Planungsräume), gewichtet mit Flächenanteil "
    "× Einwohnerzahl des alten Planungsraums; nur wenn bewertete alte Planungsräume mindestens die Hälfte der übertragenen "
    "Einwohner stellen. ",
    "Values before 2021 carried over from the LOR 2006 to the LOR 2021, weighted by area; estimate. For each new planning "
    "area: mean of the values of the rated old planning areas (MSS 2013–2019, 447 planning areas), weighted by area share "
    "× population of the old planning area; only where rated old planning areas account for at least half of the carried "
    "residents. ",
) + CROSSWALK_TEXT


def indicators_lor2021() -> list[dict]:
    """Registry of data/berlin: population (2021-2024 exact, 2015-2020 carried), MSS 2021 (+ carried 2013-2019), UGR."""
    entries = _population_entries(
        "31.12.", CARRY_COUNT_NOTE,
        ew_note=_Note("2020: Einwohnerzahl laut MSS 2021 (31.12.2020, LOR 2021, exakt). 2012 und 2014: Einwohnerzahl laut "
                      "MSS 2013 und 2015. Übrige Jahre: Einwohnerregisterstatistik.",
                      "2020: population according to the MSS 2021 (31.12.2020, LOR 2021, exact). 2012 and 2014: population "
                      "according to the MSS 2013 and 2015. Other years: population register statistics."),
        ew_estimate_note=CARRY_COUNT_NOTE + _Note(" 2012 und 2014: Einwohnerzahlen des MSS 2013/2015 ebenso übertragen.",
                                                  " 2012 and 2014: population figures of the MSS 2013/2015 carried over in "
                                                  "the same way."),
    )
    mss_year_note = _Note("MSS 2021 (Datenstand 31.12.2020) als Jahr 2020 gespeichert, MSS 2013–2019 als 2012–2018 (Datenjahr "
                          "wie bei den Einwohnerzahlen). ",
                          "MSS 2021 (data as of 31.12.2020) stored as the year 2020, MSS 2013–2019 as 2012–2018 (data year as "
                          "for the population figures). ")
    for spec in MSS_INDEX:
        source = (SRC_MSS_2021 + " " + SRC_MSS_OLD) if spec.id not in ("MSS_S2", "MSS_D2") else SRC_MSS_OLD
        entries.append(_mss_entry(spec, source, "31.12.", CARRY_MEAN_NOTE, mss_year_note + MSS_DEFINITION))
    entries += _mss_class_entries(SRC_MSS_2021, "31.12.", mss_year_note + _Note(
        "Nur für das MSS 2021; die Klassen älterer Ausgaben bewerten die alten Planungsräume und stehen im Datensatz LOR 2006.",
        "Only for the MSS 2021; the classes of older editions rate the old planning areas and are in the LOR 2006 dataset."))
    context_note = _Note("Kontextindikator des MSS 2021 (nicht Teil des Index). ",
                         "Context indicator of the MSS 2021 (not part of the index). ")
    for spec in MSS_CONTEXT:
        entries.append(_mss_entry(spec, SRC_MSS_2021, "31.12.", note=mss_year_note + context_note + MSS_DEFINITION))
    return entries + _ugr_entries()


def indicators_lor2006() -> list[dict]:
    """Registry of data/berlin-lor2006: population 2015-2020, MSS 2013-2019, GSSA 2013/2022."""
    split_note = _Note(
        "Bis 2018 (447 Planungsräume) gehört der 2019 gebildete Planungsraum 09041403 (Allende II) noch zu "
        "09041301 (Kietzer Feld/Nachtheide) und damit zur Bezirksregion 090413 (Köpenick Süd): deren Werte bis "
        "2018 schließen Allende II ein, 09041403 hat keinen eigenen Wert, die Bezirksregion 090414 (Allende-Viertel) "
        "ohne Allende II. Gezeichnet werden die Grenzen von 2019.",
        "Until 2018 (447 planning areas), planning area 09041403 (Allende II), formed in 2019, still belongs to 09041301 "
        "(Kietzer Feld/Nachtheide) and thus to district region 090413 (Köpenick Süd): their values until 2018 include "
        "Allende II, 09041403 has no value of its own, district region 090414 (Allende-Viertel) is without Allende II. The "
        "boundaries of 2019 are drawn.")
    entries = _population_entries("31.12.", ew_note=_Note(
        "2012 und 2014: Einwohnerzahl laut MSS 2013 und 2015 (gleiches Einwohnerregister; 2016 und 2018 stimmen beide "
        "Quellen überein). ",
        "2012 and 2014: population according to the MSS 2013 and 2015 (same population register; for 2016 and 2018 both "
        "sources agree). ") + split_note)
    for entry in entries:
        if entry["id"] != "EW":
            entry["note"] = split_note.de
            entry["en"]["note"] = split_note.en
    mss_year_note = _Note("MSS 2013, 2015, 2017, 2019 als Jahre 2012, 2014, 2016, 2018 gespeichert (Datenstand 31.12. des "
                          "Vorjahres). ",
                          "MSS 2013, 2015, 2017, 2019 stored as the years 2012, 2014, 2016, 2018 (data as of 31.12. of the "
                          "previous year). ")
    for spec in MSS_INDEX:
        entries.append(_mss_entry(spec, SRC_MSS_OLD, "31.12.", note=mss_year_note + split_note + _Note(" ", " ") + MSS_DEFINITION))
    entries += _mss_class_entries(SRC_MSS_OLD, "31.12.", mss_year_note + split_note)
    return entries + _gssa_entries()
