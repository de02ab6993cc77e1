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
- The indicator registry (labels, definitions, units, sources, notes, categories; German and
  English) and the texts of both datasets are data in dashboard/ingest/registries/berlin.toml,
  read and checked by `dashboard.ingest.registries`; this module only says which columns are read
  and how values are computed. Names of institutions, publications and licences stay German in the
  English source texts.
"""
from __future__ import annotations

import secrets
import shutil
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from dashboard.ingest import registries
from dashboard.ingest.build import ROOT_ID, ROOT_LEVEL, IngestError, write_dataset

CRS_METRIC = "EPSG:25833"
SIMPLIFY_TOLERANCE_M = 8.0  # as the published simplified LOR file (SOURCES.md 1a); keeps PLR shapes readable
MIN_POPULATION = 300
CARRY_MIN_COVERAGE = 0.5  # share of carried inhabitants that must come from rated old PLRs
SPLIT_PLR, SPLIT_FROM, SPLIT_BZR = "09041403", "09041301", "090414"  # Allende II, split off in 2019 (see docstring)

# indicators, sources, notes and dataset texts of both datasets (data, not code)
REGISTRY = registries.load("berlin")
LEVELS = REGISTRY.dataset("berlin")["levels"]
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
# the gazetteer (GAZETTEER.md in the source folder): every address with its PLR, and the address-weighted tables of
# streets, postcodes and Ortsteile (people live at addresses: area shares mislead where parks or airfields dominate)
GAZETTEER_ADDRESSES = "gazetteer/berlin_adressen_plr_2023-06.csv.gz"
GAZETTEER_STREETS = "gazetteer/streets_plr.csv"
GAZETTEER_POSTCODES = "gazetteer/plz_plr_by_address.csv"
GAZETTEER_ORTSTEILE = "gazetteer/plr_ortsteil_by_address.csv"
GAZETTEER_FILES = [GAZETTEER_ADDRESSES, GAZETTEER_STREETS, GAZETTEER_POSTCODES, GAZETTEER_ORTSTEILE]
# colloquial names that no source has, each with its reason (curated, in the project)
ALIASES = Path(__file__).with_name("berlin_aliases.csv")
GAZETTEER_CREDIT = ("Ortsverzeichnis der Suche: Geoportal Berlin / Ortsteile; Geoportal Berlin / Adressen Berlin "
                    "(dl-de/by-2.0, https://www.govdata.de/dl-de/by-2-0); Postleitzahlen: Amt für Statistik "
                    "Berlin-Brandenburg (CC BY 3.0 DE).")
GAZETTEER_CREDIT_EN = ("Gazetteer of the search: Geoportal Berlin / Ortsteile; Geoportal Berlin / Adressen Berlin "
                       "(dl-de/by-2.0, https://www.govdata.de/dl-de/by-2-0); postcodes: Amt für Statistik "
                       "Berlin-Brandenburg (CC BY 3.0 DE).")
SOURCE_FILES = [KEY_TABLE, PLR_2021_GEOMETRY, *LOR2006_GEOMETRY.values(), MSS2021_INDICES, MSS2021_INDEX_INDICATORS,
                MSS2021_CONTEXT, MSS_LONG, UMWELTGERECHTIGKEIT, POPULATION, CROSSWALK, *GSSA.values(), *GAZETTEER_FILES]

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
# public API


def import_berlin(source: Path, out: Path) -> list[Path]:
    """Build out/"berlin" (LOR 2021) and out/"berlin-lor2006" from the Berlin source folder; returns both paths.

    Both datasets are built completely (in a staging folder) before either replaces an existing one.
    """
    source, out = Path(source), Path(out)
    check_source_files(source)
    lor2021 = build_lor2021(source)
    from dashboard.ingest.facilities import add_berlin as add_facilities  # Kitas, Schulen, … (issue 15)
    lor2021, facilities = add_facilities(source, lor2021)
    layers_2021: list = [facilities]  # build.DatasetLayer parts of data/berlin
    from dashboard.ingest.kulissen import berlin_layer as kulissen_layer  # Erhaltungsgebiete (issue 15)
    layers_2021.append(kulissen_layer(source, lor2021[0]))
    lor2006 = build_lor2006(source)
    gazetteer = read_gazetteer(source)
    meta = lor2021[0]
    meta["attribution"] = f"{meta['attribution'].rstrip()} {GAZETTEER_CREDIT}"
    meta["attribution_en"] = f"{meta['attribution_en'].rstrip()} {GAZETTEER_CREDIT_EN}"
    from dashboard.ingest import measures  # staff's measures (python -m dashboard measures) survive a re-import
    layers_2006: list = []
    for name, layers, part in (("berlin", layers_2021, lor2021), ("berlin-lor2006", layers_2006, lor2006)):
        if (kept := measures.carried_over(out / name)) is not None:
            layers.append(measures.layer_for(part[0], kept))
    out.mkdir(parents=True, exist_ok=True)
    staging = out / f".berlin-import-{secrets.token_hex(6)}"
    staging.mkdir()
    try:
        built = {name: write_dataset(staging / name, *parts, simplify_tolerance_m=SIMPLIFY_TOLERANCE_M, gazetteer=places,
                                     layers=layers)
                 for name, parts, places, layers in (("berlin", lor2021, gazetteer, layers_2021),
                                                     ("berlin-lor2006", lor2006, None, layers_2006))}
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
    meta = _meta("berlin", {"indicator": "MSS_STATUS", "year": MSS_2021_YEAR, "level": "planungsraum"})
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
    meta = _meta("berlin-lor2006", {"indicator": "MSS_STATUS", "year": MSS_EDITIONS_OLD[2019], "level": "planungsraum"})
    return meta, indicators_lor2006(), areas, values


def read_gazetteer(source: Path) -> list[pd.DataFrame]:
    """The LOR-2021 gazetteer (dashboard/gazetteer.py) in five parts, one per file, each with its file name and each
    row's line in that file (header = line 1) for check_gazetteer's messages: the 401,032 addresses with their PLR;
    streets per postcode, postcodes and Ortsteile with their addresses per PLR (the *_by_address tables); the curated
    colloquial names. Checked against the areas by write_dataset."""
    path = source / GAZETTEER_ADDRESSES
    addresses = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in ("hnr", "hnr_zusatz", "str_name", "plz", "PLR_ID") if c not in addresses.columns]
    if missing:
        raise IngestError(f"{path}: Spalte {missing[0]!r} fehlt.")
    addresses = addresses[addresses["hnr"].str.strip() != ""]  # 296 squares without numbers: they are streets below
    parts = [_gazetteer_part(path, addresses.index + 2, kind="adresse", name=addresses["str_name"],
                             number=addresses["hnr"] + addresses["hnr_zusatz"], postcode=addresses["plz"],
                             area_id=addresses["PLR_ID"], weight=1)]
    streets = _read_csv(source, GAZETTEER_STREETS, ["str_name", "plz", "plr_id", "n_addresses"], ("plz", "plr_id"))
    # a street is listed once per Ortsteil: summed per street, postcode and PLR; a merged row keeps its first line
    streets["n_addresses"] = _counts(streets, "n_addresses", source / GAZETTEER_STREETS)
    streets["line"] = streets.index + 2
    streets = streets.groupby(["str_name", "plz", "plr_id"], sort=True).agg(
        n_addresses=("n_addresses", "sum"), line=("line", "min")).reset_index()
    parts.append(_gazetteer_part(source / GAZETTEER_STREETS, streets["line"], kind="strasse", name=streets["str_name"],
                                 postcode=streets["plz"], area_id=streets["plr_id"], weight=streets["n_addresses"]))
    postcodes = _read_csv(source, GAZETTEER_POSTCODES, ["plz", "plr_id", "n_addresses"], ("plz", "plr_id"))
    parts.append(_gazetteer_part(source / GAZETTEER_POSTCODES, postcodes.index + 2, kind="plz", name=postcodes["plz"],
                                 area_id=postcodes["plr_id"], weight=postcodes["n_addresses"]))
    ortsteile = _read_csv(source, GAZETTEER_ORTSTEILE, ["plr_id", "ortsteil_name", "n_addresses"], ("plr_id",))
    parts.append(_gazetteer_part(source / GAZETTEER_ORTSTEILE, ortsteile.index + 2, kind="ortsteil",
                                 name=ortsteile["ortsteil_name"], area_id=ortsteile["plr_id"], weight=ortsteile["n_addresses"]))
    lines = ALIASES.read_text(encoding="utf-8").splitlines()
    header = next(i for i, line in enumerate(lines) if not line.startswith("#")) + 1  # after the comment lines
    aliases = pd.read_csv(ALIASES, dtype=str, comment="#")
    parts.append(_gazetteer_part(ALIASES, aliases.index + header + 1, kind="alias", name=aliases["name"],
                                 area_id=aliases["area_id"], weight=1))
    return parts


def _gazetteer_part(path: Path, lines, **columns) -> pd.DataFrame:
    """One file's rows in the gazetteer format, with the file and each row's line for check_gazetteer's messages."""
    frame = pd.DataFrame({"kind": None, "name": None, "number": None, "postcode": None, "area_id": None, "weight": None,
                          **{k: (v.to_numpy() if isinstance(v, pd.Series) else v) for k, v in columns.items()}},
                         index=pd.RangeIndex(len(lines)))
    frame.attrs.update(source=str(path), rows=np.asarray(lines, dtype="int64"))
    return frame


def _counts(frame: pd.DataFrame, column: str, path: Path) -> pd.Series:
    """A column of address counts as numbers (whole, > 0), or an error naming file, line, column and value."""
    numbers = pd.to_numeric(frame[column], errors="coerce")
    bad = (numbers.isna() | (numbers <= 0) | (numbers % 1 != 0)).to_numpy()
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise IngestError(f"{path}, Zeile {i + 2}, Spalte {column!r}: keine ganze Zahl größer als 0 "
                          f"(Wert: {frame[column].iloc[i]!r}).")
    return numbers.astype("int64")


def _meta(dataset_id: str, defaults: dict) -> dict:
    """dataset.toml of one dataset: texts, levels, burden rules and index from the registry, the rest from here."""
    texts = REGISTRY.dataset(dataset_id)
    meta = {"id": dataset_id, "title": texts["title"], "title_en": texts["title_en"], "city_name": texts["city_name"],
            "attribution": texts["attribution"], "attribution_en": texts["attribution_en"], "license": texts["license"],
            "license_en": texts["license_en"], "synthetic": False,
            "levels": texts["levels"], "defaults": defaults, "population_indicator": "EW",
            "min_population": MIN_POPULATION}
    for name in ("burden_rules", "indices", "group_sets"):  # group_sets: /gruppen (dashboard/group_sets.py)
        if name in texts:
            meta[name] = texts[name]
    meta["geometry_note"] = texts["geometry_note"]
    return meta


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
        parents = first[f"{parent}_id"].to_dict() if parent else {i: ROOT_ID for i in first.index}
        frames.append(_dissolve(plr, level, names, parents))
    frames.append(_root(plr))
    areas = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=CRS_METRIC)
    areas.attrs["source"] = f"{PLR_2021_GEOMETRY} + {KEY_TABLE}"
    return areas


def _root(plr: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"area_id": [ROOT_ID], "level": ROOT_LEVEL, "name": ["Berlin"], "parent_id": [None]},
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
        parents = {i: (i[: ID_LENGTH[parent]] if parent else ROOT_ID) for i in derived}
        frames.append(_dissolve(plr, level, names, parents))
    frames.append(_root(plr))
    areas = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=CRS_METRIC)
    areas.attrs["source"] = "geometry/berlin-lor-*-until-2020*.geojson"
    return areas


LEVEL_LABEL = {lv["id"]: lv["label_de"] for lv in LEVELS}


# ----------------------------------------------------------------------------------------------
# MSS 2021 (LOR 2021, year 2020)

# codes of the source files (class labels: registry, [categories.mss_*])
MSS_VALID_CODES = {"gültig": 1, "ungültig (EW unter 300)": 2, "ungültig (Ausreißer)": 3}
MSS_DYNAMIC_FROM_DI_N = {1: 1, 3: 2, 5: 3}
MSS_DYNAMIC_FROM_TEXT = {"positiv": 1.0, "stabil": 2.0, "negativ": 3.0}  # MSS 2013-2019 dynamic_class
# status_dynamic of MSS 2013-2019 ("3-") -> official combined code SDI_N (tens = status, ones = dynamics 1/3/5)
MSS_STATUS_DYNAMIC_FROM_TEXT = {f"{status}{sign}": 10 * status + ones
                                for status in (1, 2, 3, 4) for ones, sign in ((1, "+"), (3, "+/-"), (5, "-"))}
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
                            ("SDI_N", set(MSS_STATUS_DYNAMIC_FROM_TEXT.values()))):
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
    parts.append(_year_rows(ids, "MSS_DYNAMIK", year, mss["dynamic_class"].map(MSS_DYNAMIC_FROM_TEXT)))
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

AGE_GROUPS = [  # indicator suffix (EW_<suffix>, ANT_<suffix>), column
    ("U6", "inhabitants_age_below_6"),
    ("6_15", "inhabitants_age_6_15"),
    ("15_18", "inhabitants_age_15_18"),
    ("18_27", "inhabitants_age_18_27"),
    ("27_45", "inhabitants_age_27_45"),
    ("45_55", "inhabitants_age_45_55"),
    ("55_65", "inhabitants_age_55_65"),
    ("65U", "inhabitants_age_above_65"),
]
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
    for suffix, column in AGE_GROUPS:
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
# indicator registry (dashboard/ingest/registries/berlin.toml)


def indicators_lor2021() -> list[dict]:
    """Registry of data/berlin: population (2021-2024 exact, 2015-2020 carried), MSS 2021 (+ carried 2013-2019), UGR."""
    return REGISTRY.entries("berlin")


def indicators_lor2006() -> list[dict]:
    """Registry of data/berlin-lor2006: population 2015-2020, MSS 2013-2019, GSSA 2013/2022."""
    return REGISTRY.entries("berlin-lor2006")
