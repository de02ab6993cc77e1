"""Funding areas (Förderkulissen) and context polygon layers in the app (docs/ingest.md „Förderkulissen
(Flächenebenen)“): the layers dataset.toml lists ([[kulissen]]), their features (kulissen.parquet) and the overlaps
with every area (overlaps.parquet), as written by dashboard/ingest/kulissen.py.

- `load(dataset)` reads and checks them once per dataset folder and release (RegistryError on a broken folder).
- The Monitor hands them out mode-aware (monitor.kulissen(), monitor.kulisse_overlaps(), monitor.kulisse_shares()):
  in public mode a layer marked `public = false` does not exist.
- `area_overlaps` is what the profile lists: per layer the share of the area's territory inside it (the union of
  its polygons) and per feature its share; the population inside only where the area lies wholly inside
  (FULL_SHARE), taken from the area's own published population (Monitor.values: withheld where that is withheld,
  rounded like it), so nothing about withheld counts can be derived from it (docs/methods.md). A partial overlap
  gets no population: the addresses have no coordinates to estimate it.
- `overlays(monitor)` / `features(monitor, overlay_id, lang)` are the map-overlay provider (dashboard/overlays.py).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from dashboard.catalog import Dataset, RegistryError, check_known_keys
from dashboard.layercache import per_release
from dashboard.present import kulisse_lines, kulisse_overlay_label

if TYPE_CHECKING:
    from dashboard.monitor import Monitor

KULISSEN_FILE, OVERLAPS_FILE = "kulissen.parquet", "overlaps.parquet"  # written by dashboard/ingest/kulissen.py
META_KEY = "kulissen"  # the dataset.toml tables [[kulissen]]
FULL_SHARE = 0.99  # wholly inside: the area's population is inside
INSIDE_SHARE = 0.5  # the burden filter: inside when at least half of the territory is
_FIELDS = ("id", "label_de", "label_en", "attribution", "license", "stand", "context_only", "public", "color")


@dataclass(frozen=True)
class KulisseLayer:
    id: str
    label_de: str
    label_en: str
    attribution: str
    license: str
    stand: str
    context_only: bool
    public: bool
    color: str

    def label(self, lang: str = "de") -> str:
        return self.label_en if lang == "en" and self.label_en else self.label_de

    def credit(self) -> str:
        """The map's credit line: source and licence."""
        return f"{self.attribution} ({self.license})" if self.license and self.license not in self.attribution else self.attribution


@dataclass(frozen=True)
class Kulissen:
    layers: tuple[KulisseLayer, ...]
    features: pd.DataFrame  # kulisse, feature_id, name, in_force, link, area_ha, geometry (GeoJSON text)
    overlaps: pd.DataFrame  # area_id, level, kulisse, feature_id (None = the whole layer), share, feature_share


EMPTY = Kulissen((), pd.DataFrame(columns=["kulisse", "feature_id", "name", "in_force", "link", "area_ha", "geometry"]),
                 pd.DataFrame(columns=["area_id", "level", "kulisse", "feature_id", "share", "feature_share"]))


@per_release()
def load(dataset: Dataset) -> Kulissen:
    """The dataset's layers (dataset.toml [[kulissen]]), features and overlaps, checked, read once per folder and
    release; RegistryError on a broken folder (unknown keys with catalog.check_known_keys' wording)."""
    path = Path(dataset.path)
    where = f"{path / 'dataset.toml'}, [[{META_KEY}]]"
    entries = dataset.raw.get(META_KEY, [])
    if not entries:
        return EMPTY
    if not isinstance(entries, list):
        raise RegistryError(f"{where}: muss eine Liste von Abschnitten sein.")
    layers = []
    for number, entry in enumerate(entries, start=1):
        here = f"{where} Nr. {number}"
        if not isinstance(entry, dict):
            raise RegistryError(f"{here}: keine Tabelle (Wert: {entry!r}).")
        check_known_keys(entry, _FIELDS, here)
        missing = [f for f in _FIELDS if f not in entry]
        if missing:
            raise RegistryError(f"{here}: Felder fehlen ({', '.join(missing)}).")
        if not all(isinstance(entry[f], bool) for f in ("context_only", "public")):
            raise RegistryError(f"{here}: 'context_only' und 'public' müssen true oder false sein.")
        layers.append(KulisseLayer(**{f: entry[f] if isinstance(entry[f], bool) else str(entry[f]) for f in _FIELDS}))
    for name in (KULISSEN_FILE, OVERLAPS_FILE):
        if not (path / name).is_file():
            raise RegistryError(f"{path / name}: Datei fehlt; dataset.toml nennt Förderkulissen ([[kulissen]]).")
    features = pd.read_parquet(path / KULISSEN_FILE)
    overlaps = pd.read_parquet(path / OVERLAPS_FILE)
    unknown = set(features["kulisse"]) - {lv.id for lv in layers}
    if unknown:
        raise RegistryError(f"{path / KULISSEN_FILE}: Kulisse {sorted(unknown)[0]!r} steht nicht in dataset.toml [[kulissen]].")
    overlaps = overlaps.astype({"share": float})
    return Kulissen(tuple(layers), features, overlaps)


# -- what the views read (through the Monitor) -------------------------------------------------------
def visible_layers(monitor: Monitor) -> list[KulisseLayer]:
    return [lv for lv in load(monitor.dataset).layers if lv.public or not monitor.public]


def shares(monitor: Monitor, layer_id: str, level: str) -> pd.Series:
    """Share (0..1) of each area's territory inside the layer, by area id; areas without overlap are absent."""
    if layer_id not in {lv.id for lv in visible_layers(monitor)}:
        return pd.Series(dtype=float)
    o = load(monitor.dataset).overlaps
    part = o[(o["kulisse"] == layer_id) & (o["level"] == level) & o["feature_id"].isna()]
    return part.set_index("area_id")["share"].astype(float)


def inside(monitor: Monitor, layer_id: str, level: str) -> set[str]:
    """Areas counted as inside the layer in the burden filter: at least INSIDE_SHARE of their territory."""
    s = shares(monitor, layer_id, level)
    return set(s.index[s >= INSIDE_SHARE])


def area_overlaps(monitor: Monitor, area_id: str, year: int | None) -> list[dict[str, Any]]:
    """The area's overlaps, layer by layer (dataset order): {layer, share, population, withheld, features: [{feature_id,
    name, in_force, link, share, feature_share, population, withheld}]}; population None where the area is not wholly
    inside (or has no published population that year), withheld True where the area's population is withheld."""
    area = monitor.area(area_id)
    if area is None:
        return []
    data = load(monitor.dataset)
    rows = data.overlaps[data.overlaps["area_id"] == area_id]
    if rows.empty:
        return []
    own = _own_population(monitor, area, year)
    features = data.features.set_index(["kulisse", "feature_id"])
    out = []
    for layer in visible_layers(monitor):
        part = rows[rows["kulisse"] == layer.id]
        total = part[part["feature_id"].isna()]
        if total.empty:
            continue
        share = float(total["share"].iloc[0])
        items = []
        for row in part[part["feature_id"].notna()].sort_values("share", ascending=False, kind="stable").itertuples():
            feature = features.loc[(layer.id, row.feature_id)]
            items.append({"feature_id": row.feature_id, "name": feature["name"], "in_force": _text(feature["in_force"]),
                          "link": _text(feature["link"]), "share": float(row.share), "feature_share": float(row.feature_share),
                          **_population_inside(float(row.share), own)})
        out.append({"layer": layer, "share": share, **_population_inside(share, own), "features": items})
    return out


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _own_population(monitor: Monitor, area: dict[str, Any], year: int | None) -> tuple[float | None, bool]:
    """The area's published population in `year` (or its latest year): (value, withheld)."""
    indicator_id = monitor.dataset.population_indicator
    years = monitor.years(indicator_id, area["level"])
    if not years:
        return None, False
    chosen = year if year in years else max([y for y in years if year is None or y <= year] or years)
    values = monitor.values(indicator_id, chosen, area["level"])
    row = values[values["area_id"] == area["area_id"]]
    if row.empty:
        return None, False
    if bool(row["suppressed"].iloc[0]) and monitor.public:
        return None, True
    value = row["value"].iloc[0]
    return (None if pd.isna(value) else float(value)), False


def _population_inside(share: float, own: tuple[float | None, bool]) -> dict[str, Any]:
    if share < FULL_SHARE:
        return {"population": None, "withheld": False}
    return {"population": own[0], "withheld": own[1]}


# -- the map-overlay provider (dashboard/overlays.py) --------------------------------------------------
def overlay_id_of(layer: KulisseLayer) -> str:
    """The overlay's id (`ebenen=`): the layer's id, which the import keeps URL-safe."""
    return layer.id


def overlays(monitor: Monitor) -> list:
    from dashboard.overlays import Overlay

    return [Overlay(id=overlay_id_of(lv), kind="outlines", group="kulissen",
                    label_de=kulisse_overlay_label(lv.label_de, lv.context_only, "de"),
                    label_en=kulisse_overlay_label(lv.label_en, lv.context_only, "en"),
                    color=lv.color, attribution=lv.credit(), public=lv.public, dashed=lv.context_only)
            for lv in visible_layers(monitor)]


def features(monitor: Monitor, overlay_id: str, lang: str = "de") -> dict[str, Any]:
    """The layer's features as a GeoJSON FeatureCollection; each feature's tooltip (dashboard/overlays.py `title`,
    `lines`, worded by present.kulisse_lines): its name, the layer and the in-force date."""
    layer = next((lv for lv in visible_layers(monitor) if overlay_id_of(lv) == overlay_id), None)
    if layer is None:
        return {"type": "FeatureCollection", "features": []}
    part = load(monitor.dataset).features
    part = part[part["kulisse"] == layer.id]
    out = []
    for row in part.itertuples(index=False):
        out.append({"type": "Feature", "geometry": json.loads(row.geometry),
                    "properties": {"id": row.feature_id, "title": row.name,
                                   "lines": kulisse_lines(layer.label(lang), layer.context_only, row.in_force, lang)}})
    return {"type": "FeatureCollection", "features": out}
