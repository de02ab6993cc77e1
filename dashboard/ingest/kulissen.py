"""Import of funding areas (Förderkulissen) and other named polygon layers (docs/ingest.md „Förderkulissen
(Flächenebenen)“): read, checked against the dataset's areas, written by write_dataset as kulissen.parquet (the
features, simplified for the web) and overlaps.parquet (the share of every area's territory inside each layer and
each feature), inside the same temporary folder as everything else (a failed check leaves the dataset untouched).

Decisions a maintainer should know:

- A layer is one file (GeoJSON, GeoPackage, Shapefile, also in a ZIP) with an id column and a name column; the
  in-force date and a link are optional columns. `context_only` marks a layer that is context (Berlin's
  städtebauliche Erhaltungsgebiete), not a funding area: the map draws it dashed and labels it as context.
- Geometry is checked like the levels' (generic._checked_geometry: empty is an error, an invalid polygon is
  repaired with a warning). A feature with more than OUTSIDE_TOLERANCE of its area outside the city is an error
  naming file, feature, column and value (a wrong CRS puts the whole layer outside).
- Shares are computed in a metric CRS against the union of the layer's polygons, so overlapping slivers of two
  features (Berlin: 6 pairs, digitising artefacts) do not count twice. Rows below MIN_SHARE of the area and of the
  feature are left out (slivers along shared borders).
- Population inside a Kulisse is not stored: the app shows an area's own population (through the Monitor, with its
  disclosure rules) when the area lies at least dashboard.kulissen.FULL_SHARE inside, and only the area share otherwise. A partial
  overlap cannot be estimated: the gazetteer has addresses without coordinates.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import shapely
import shapely.affinity

from dashboard.i18n import format_number
from dashboard.ingest.build import ROOT_LEVEL, IngestError, _rounded_geojson, as_id, is_missing
from dashboard.kulissen import KULISSEN_FILE, OVERLAPS_FILE  # the files the app reads

OUTSIDE_TOLERANCE = 0.01  # share of a feature's area that may lie outside the city (digitising differences)
MIN_SHARE = 0.01  # overlaps below 1 % of the area and of the feature are slivers, not stored
SIMPLIFY_M = 5.0  # web geometry of the features
KNOWN_KEYS = {"id", "label_de", "label_en", "file", "layer", "crs", "encoding", "id_column", "name_column",
              "in_force_column", "link_column", "attribution", "license", "stand", "context_only", "public", "color"}
DEFAULT_COLORS = ("#7b2d8e", "#1f6f8b", "#8c510a", "#2d6a2d")
_FEATURES_SCHEMA = pa.schema([("kulisse", pa.string()), ("feature_id", pa.string()), ("name", pa.string()),
                              ("in_force", pa.string()), ("link", pa.string()), ("area_ha", pa.float64()),
                              ("geometry", pa.string())])
_OVERLAPS_SCHEMA = pa.schema([("area_id", pa.string()), ("level", pa.string()), ("kulisse", pa.string()),
                              ("feature_id", pa.string()), ("share", pa.float64()), ("feature_share", pa.float64())])


@dataclass
class KulisseSpec:
    """One [[kulissen]] entry of the import config (or the Berlin/demo importers' equivalent)."""

    id: str
    label_de: str
    label_en: str
    file: Path | None
    id_column: str
    name_column: str
    attribution: str
    license: str
    stand: str
    where: str = ""  # "stadt.toml, [[kulissen]] Nr. 1 (id='soziale-stadt')" for config messages
    layer: str | None = None
    crs: str | None = None
    encoding: str | None = None
    in_force_column: str | None = None
    link_column: str | None = None
    context_only: bool = False
    public: bool = True
    color: str = ""
    frame: gpd.GeoDataFrame | None = None  # instead of a file (the demo's synthetic layer)

    @property
    def file_label(self) -> str:
        return self.file.name if self.file is not None else f"Kulisse {self.id}"

    def meta(self, number: int) -> dict[str, Any]:
        """The layer's entry in dataset.toml ([[kulissen]]), read back by dashboard/kulissen.py."""
        return {"id": self.id, "label_de": self.label_de, "label_en": self.label_en, "attribution": self.attribution,
                "license": self.license, "stand": self.stand, "context_only": self.context_only, "public": self.public,
                "color": self.color or DEFAULT_COLORS[(number - 1) % len(DEFAULT_COLORS)]}


def specs_from_config(config: Any, entries: list[dict]) -> list[KulisseSpec]:
    """[[kulissen]] of the generic import config (generic.Config), every field checked; unknown keys rejected."""
    from dashboard.ingest.generic import _no_unknown
    from dashboard.ingest.layer_checks import check_color, check_flag, check_id, check_unique

    specs: list[KulisseSpec] = []
    for number, entry in enumerate(entries, start=1):
        layer_id = config.text(entry, "id", f"[[kulissen]] Nr. {number}", required=True)
        where = f"[[kulissen]] Nr. {number} (id={layer_id!r})"
        _no_unknown(config, entry, KNOWN_KEYS, where)
        full = f"{config.name}, {where}"
        check_id(layer_id, full)
        check_unique([(s.id, s.where) for s in specs] + [(layer_id, full)])
        flags = {name: check_flag(entry, name, default, full) for name, default in (("context_only", False), ("public", True))}
        color = check_color(entry["color"], full) if "color" in entry else ""
        label_de = config.text(entry, "label_de", where, required=True)
        specs.append(KulisseSpec(
            id=layer_id, label_de=label_de, label_en=config.text(entry, "label_en", where) or label_de,
            file=config.path_of(entry, "file", where), id_column=config.text(entry, "id_column", where, required=True),
            name_column=config.text(entry, "name_column", where, required=True),
            attribution=config.text(entry, "attribution", where, required=True),
            license=config.text(entry, "license", where, required=True), stand=config.text(entry, "stand", where, required=True),
            where=full, layer=config.text(entry, "layer", where), crs=config.text(entry, "crs", where),
            encoding=config.text(entry, "encoding", where), in_force_column=config.text(entry, "in_force_column", where),
            link_column=config.text(entry, "link_column", where), color=color, **flags))
    return specs


# --------------------------------------------------------------------------------------------
# reading one layer


def _read_file(spec: KulisseSpec) -> tuple[gpd.GeoDataFrame, str]:
    """The layer's file as a GeoDataFrame with its CRS, and the label messages name it by (generic.read_geometry, the
    reader of the levels: ZIP members, GeoPackage layers, CRS from the config, coordinates in the CRS's area of use)."""
    from dashboard.ingest.generic import _check_area_of_use, read_geometry

    if spec.frame is not None:
        return spec.frame, spec.file_label
    frame = read_geometry(spec.file, spec.file_label, spec.where, f"der Kulisse {spec.id!r}", layer=spec.layer, crs=spec.crs,
                          encoding=spec.encoding)
    label = frame.attrs["label"]
    _check_area_of_use(frame, spec, [f"{label}, Objekt {n}" for n in range(1, len(frame) + 1)])
    return frame, label


def _date_text(value: Any) -> str | None:
    """An in-force date as ISO text: a date, a timestamp, 'YYYY-MM-DD…' or 'DD.MM.YYYY'; None when empty."""
    if is_missing(value):
        return None
    if isinstance(value, (dt.date, pd.Timestamp, np.datetime64)):
        return pd.Timestamp(value).date().isoformat()
    text = str(value).strip()
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:[ T].*)?", text) or None
    if match:
        year, month, day = map(int, match.groups())
    else:
        match = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text)
        if not match:
            raise ValueError(text)
        day, month, year = map(int, match.groups())
    return dt.date(year, month, day).isoformat()


def read_layer(spec: KulisseSpec) -> gpd.GeoDataFrame:
    """The layer's features (kulisse, feature_id, name, in_force, link, geometry) in EPSG:4326, every row checked."""
    from dashboard.ingest.generic import _checked_geometry, _require_columns

    frame, label = _read_file(spec)
    if frame.empty:
        raise IngestError(f"{label}: die Geometriedatei enthält keine Objekte.")
    _require_columns(frame, [spec.id_column, spec.name_column, spec.in_force_column, spec.link_column], label, "Geometriedatei")
    ids, names, dates, links, geoms = [], [], [], [], []
    seen: dict[str, int] = {}
    for n, values in enumerate(frame.to_dict("records"), start=1):
        raw_id = values[spec.id_column]
        feature_id = as_id(raw_id)
        if feature_id is None:
            raise IngestError(f"{label}, Objekt {n}: Spalte {spec.id_column!r} ist leer (Wert: {raw_id!r}). Jede Fläche braucht eine Kennung.")
        if feature_id in seen:
            raise IngestError(f"{label}, Objekt {n}: Spalte {spec.id_column!r} hat den Wert {feature_id!r}, der schon bei Objekt "
                              f"{seen[feature_id]} vorkommt. Kennungen müssen eindeutig sein; Teilflächen bitte vorher zu einem Objekt zusammenfassen.")
        seen[feature_id] = n
        where = f"{label}, Objekt {n} (id={feature_id!r})"
        name = values[spec.name_column]
        if is_missing(name) or not str(name).strip():
            raise IngestError(f"{where}: Spalte {spec.name_column!r} ist leer (Wert: {name!r}). Jede Fläche braucht einen Namen.")
        in_force = None
        if spec.in_force_column:
            raw = values[spec.in_force_column]
            try:
                in_force = _date_text(raw)
            except ValueError:
                raise IngestError(f"{where}: Spalte {spec.in_force_column!r} ist kein Datum (Wert: {raw!r}). "
                                  "Erwartet: TT.MM.JJJJ oder JJJJ-MM-TT.") from None
        link = None
        if spec.link_column and not is_missing(values[spec.link_column]):
            link = str(values[spec.link_column]).strip()
            if not re.match(r"^https?://\S+$", link):
                raise IngestError(f"{where}: Spalte {spec.link_column!r} ist keine Webadresse (Wert: {link!r}). Erwartet: https://…")
        ids.append(feature_id)
        names.append(str(name).strip())
        dates.append(in_force)
        links.append(link)
        geoms.append(_checked_geometry(values[frame.geometry.name], where))
    table = gpd.GeoDataFrame({"kulisse": spec.id, "feature_id": ids, "name": names, "in_force": dates, "link": links,
                              "origin": [f"{label}, Objekt {n} (id={i!r})" for n, i in enumerate(ids, start=1)]},
                             geometry=geoms, crs=frame.crs)
    try:
        return table.to_crs("EPSG:4326")
    except Exception as exc:  # a CRS that does not fit the coordinates (inf after the transformation)
        raise IngestError(f"{label}: die Koordinaten lassen sich nicht in geografische Koordinaten umrechnen ({exc}). "
                          "Stimmt das Koordinatenbezugssystem (crs)?") from None


# --------------------------------------------------------------------------------------------
# the dataset layer


class KulissenLayer:
    """DatasetLayer (build.write_dataset): checks the layers against the city, computes the overlaps, writes both files."""

    def __init__(self, specs: list[KulisseSpec]):
        self.specs = list(specs)
        ids = [s.id for s in self.specs]
        if len(set(ids)) < len(ids):
            raise IngestError(f"Förderkulissen: die ids müssen eindeutig sein (angegeben: {', '.join(ids)}).")
        self.layers = [read_layer(spec) for spec in self.specs]

    def meta(self) -> list[dict[str, Any]]:
        """dataset.toml [[kulissen]]: what the app shows about each layer (labels, credit, licence, Stand, kind)."""
        return [spec.meta(number) for number, spec in enumerate(self.specs, start=1)]

    def write(self, folder: Path, areas: gpd.GeoDataFrame, level_ids: list[str]) -> list[Path]:
        metric_crs = areas.estimate_utm_crs()
        metric_areas = areas.to_crs(metric_crs)
        root = metric_areas.loc[metric_areas["level"] == ROOT_LEVEL].geometry.union_all()
        features, overlaps = [], []
        for spec, layer in zip(self.specs, self.layers):
            metric = layer.to_crs(metric_crs)
            geoms = metric.geometry.to_numpy()
            if not np.isfinite(shapely.bounds(geoms)).all():
                raise IngestError(f"{spec.file_label}: die Koordinaten lassen sich nicht umrechnen (unendliche Werte). "
                                  "Stimmt das Koordinatenbezugssystem (crs)?")
            _check_inside(layer, geoms, root)
            overlaps.append(_overlaps(spec.id, metric, metric_areas))
            features.append(_web_features(layer, geoms, metric_crs))
        feature_table = pd.concat(features, ignore_index=True) if features else pd.DataFrame(columns=_FEATURES_SCHEMA.names)
        overlap_table = pd.concat(overlaps, ignore_index=True) if overlaps else pd.DataFrame(columns=_OVERLAPS_SCHEMA.names)
        paths = [folder / KULISSEN_FILE, folder / OVERLAPS_FILE]
        pq.write_table(pa.Table.from_pandas(feature_table, schema=_FEATURES_SCHEMA, preserve_index=False), paths[0], compression="zstd")
        pq.write_table(pa.Table.from_pandas(overlap_table, schema=_OVERLAPS_SCHEMA, preserve_index=False), paths[1], compression="zstd")
        return paths


def _check_inside(layer: gpd.GeoDataFrame, geoms: np.ndarray, root: Any) -> None:
    """Every feature lies (up to OUTSIDE_TOLERANCE of its area) inside the city: else an error naming the first."""
    outside = shapely.area(shapely.difference(geoms, root)) / np.maximum(shapely.area(geoms), 1e-9)
    bad = np.flatnonzero(outside > OUTSIDE_TOLERANCE)
    if len(bad):
        i = int(bad[0])
        more = f" (und {len(bad) - 1} weitere Flächen)" if len(bad) > 1 else ""
        raise IngestError(f"{layer['origin'].iloc[i]}, Spalte 'geometry': {format_number(100 * outside[i], 1)} % der Fläche "
                          f"liegen außerhalb des Stadtgebiets (Wert: Fläche {format_number(shapely.area(geoms[i]) / 10_000, 1)} ha){more}. "
                          "Stimmt das Koordinatenbezugssystem (crs)? Flächen müssen im Gebiet des Datensatzes liegen.")


def _overlaps(layer_id: str, metric: gpd.GeoDataFrame, areas: gpd.GeoDataFrame) -> pd.DataFrame:
    """Rows per (area, feature) and per (area, whole layer: feature_id None): share of the area's territory inside,
    and of the feature inside the area (1 for the layer's own rows is meaningless: None)."""
    area_geoms = areas.geometry.to_numpy()
    area_size = shapely.area(area_geoms)
    feature_geoms = metric.geometry.to_numpy()
    feature_size = shapely.area(feature_geoms)
    union = shapely.union_all(feature_geoms)
    shapely.prepare(union)
    rows = []
    tree = shapely.STRtree(area_geoms)
    feature_index, area_index = tree.query(feature_geoms, predicate="intersects")
    inter = shapely.area(shapely.intersection(area_geoms[area_index], feature_geoms[feature_index]))
    share, feature_share = inter / area_size[area_index], inter / feature_size[feature_index]
    keep = (share >= MIN_SHARE) | (feature_share >= MIN_SHARE)
    ids = metric["feature_id"].to_numpy()
    for f, a, s, fs in zip(feature_index[keep], area_index[keep], share[keep], feature_share[keep]):
        rows.append((areas["area_id"].iat[a], areas["level"].iat[a], layer_id, ids[f], min(float(s), 1.0), min(float(fs), 1.0)))
    touched = np.unique(area_index[keep])
    union_share = shapely.area(shapely.intersection(area_geoms[touched], union)) / area_size[touched]
    for a, s in zip(touched, union_share):
        rows.append((areas["area_id"].iat[a], areas["level"].iat[a], layer_id, None, min(float(s), 1.0), None))
    frame = pd.DataFrame(rows, columns=_OVERLAPS_SCHEMA.names)
    return frame.sort_values(["level", "area_id", "kulisse", "feature_id"], na_position="first", kind="stable").reset_index(drop=True)


def _web_features(layer: gpd.GeoDataFrame, geoms: np.ndarray, metric_crs: Any) -> pd.DataFrame:
    """The features as drawn: simplified in the metric CRS, GeoJSON text with coordinates rounded like the areas'."""
    simple = shapely.simplify(geoms, SIMPLIFY_M, preserve_topology=True)
    wgs = shapely.orient_polygons(gpd.GeoSeries(simple, crs=metric_crs).to_crs("EPSG:4326").to_numpy(), exterior_cw=False)
    shapes = [json.dumps(_rounded_geojson(g), separators=(",", ":")) for g in wgs]
    return pd.DataFrame({"kulisse": layer["kulisse"].to_numpy(), "feature_id": layer["feature_id"].to_numpy(),
                         "name": layer["name"].to_numpy(), "in_force": layer["in_force"].to_numpy(),
                         "link": layer["link"].to_numpy(), "area_ha": np.round(shapely.area(geoms) / 10_000, 2),
                         "geometry": shapes})


# --------------------------------------------------------------------------------------------
# the demo city's synthetic layers


def demo_layers(meta: dict, areas: gpd.GeoDataFrame) -> list[KulissenLayer]:
    """Musterstadt's funding areas: three synthetic Fördergebiete „Sozialer Zusammenhalt“ and one städtebauliches
    Erhaltungsgebiet as context, drawn as smoothed shapes around fixed points of the city (no randomness, so the
    demo stays byte-identical); adds their [[kulissen]] entry to meta and returns the layer for write_dataset."""
    metric = areas.to_crs(areas.estimate_utm_crs()) if not areas.crs.is_projected else areas
    city = metric.loc[metric["level"] == ROOT_LEVEL].geometry.union_all() if (metric["level"] == ROOT_LEVEL).any() \
        else shapely.union_all(metric.geometry.to_numpy())
    cx, cy = city.centroid.x, city.centroid.y

    def shape(dx: float, dy: float, rx: float, ry: float, turn: float) -> Any:
        ellipse = shapely.affinity.scale(shapely.Point(cx + dx, cy + dy).buffer(1.0, 24), rx, ry)
        return shapely.affinity.rotate(ellipse, turn).intersection(city.buffer(-50))

    funding = gpd.GeoDataFrame({"gebiet": ["SZ-01", "SZ-02", "SZ-03"],
                                "name": ["Nördliche Innenstadt", "Am Hafen", "Südliche Gartenstadt"],
                                "seit": ["01.04.2015", "15.06.2019", "01.01.2022"],
                                "link": ["https://example.org/musterstadt/sz-01", None, None]},
                               geometry=[shape(-1500, 2200, 1300, 800, 20), shape(3200, -600, 900, 1400, -35),
                                         shape(-2600, -3800, 1600, 900, 5)], crs=metric.crs)
    context = gpd.GeoDataFrame({"gebiet": ["EH-01"], "name": ["Historischer Stadtkern"], "seit": ["12.09.1991"]},
                               geometry=[shape(300, 400, 1000, 700, 0)], crs=metric.crs)
    specs = [KulisseSpec(id="sozialer-zusammenhalt", label_de="Fördergebiete Sozialer Zusammenhalt",
                         label_en="Social cohesion funding areas", file=None, id_column="gebiet", name_column="name",
                         in_force_column="seit", link_column="link", attribution="Musterstadt, Stadtplanungsamt (synthetisch)",
                         license="dl-de/zero-2.0", stand="2024-06-30", frame=funding),
             KulisseSpec(id="erhaltung", label_de="Städtebauliche Erhaltungsgebiete", label_en="Urban conservation areas",
                         file=None, id_column="gebiet", name_column="name", in_force_column="seit",
                         attribution="Musterstadt, Stadtplanungsamt (synthetisch)", license="dl-de/zero-2.0",
                         stand="2024-06-30", context_only=True, frame=context)]
    layer = KulissenLayer(specs)
    meta["kulissen"] = layer.meta()
    return [layer]


# --------------------------------------------------------------------------------------------
# Berlin (source folder ../shared/data/berlin/kulissen, INFRASTRUCTURE.md section 2)

BERLIN_CREDIT = "Geoportal Berlin / Erhaltungsverordnungsgebiete"


def berlin_layer(source: Path, meta: dict) -> KulissenLayer:
    """Berlin's soziale Erhaltungsgebiete (Milieuschutz, the funding/policy Kulisse) and, as context only, the
    städtebauliche Erhaltungsgebiete (built character, not a social Kulisse); dl-de/zero-2.0. Adds [[kulissen]] to meta."""
    folder = Path(source) / "kulissen"
    common = dict(id_column="schluessel", name_column="gebietsname", in_force_column="f_in_kraft",
                  attribution=BERLIN_CREDIT, license="dl-de/zero-2.0", stand="17.06.2024")
    specs = [KulisseSpec(id="em", label_de="Soziale Erhaltungsgebiete (Milieuschutz)",
                         label_en="Social preservation areas (Milieuschutz)",
                         file=folder / "soziale_erhaltungsgebiete_em_2024.geojson", link_column="pdf_link", **common),
             KulisseSpec(id="es", label_de="Städtebauliche Erhaltungsgebiete", label_en="Urban conservation areas",
                         file=folder / "staedtebauliche_erhaltungsgebiete_es_2024.geojson", context_only=True, **common)]
    layer = KulissenLayer(specs)
    meta["kulissen"] = layer.meta()
    return layer
