"""Facilities (point layers) of a dataset: facilities.parquet plus the `[[facilities]]` entries of dataset.toml,
written by dashboard/ingest/facilities.py. An overlay provider (dashboard/overlays.py) and the list of an area's
facilities for its profile.

facilities.parquet: one row per point: layer, name, category (its label), capacity (number or empty), address,
lon, lat (EPSG:4326) and area_id (the smallest-level area it lies in).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from dashboard.catalog import RegistryError, check_known_keys
from dashboard.layercache import per_release
from dashboard.overlays import Overlay, feature_collection
from dashboard.present import facility_lines

if TYPE_CHECKING:
    from dashboard.monitor import Monitor

FILE = "facilities.parquet"
META_KEY = "facilities"  # the dataset.toml tables [[facilities]]
COLUMNS = ("layer", "name", "category", "capacity", "address", "lon", "lat", "area_id")
PALETTE = ("#1b7837", "#2166ac", "#b2182b", "#762a83", "#e08214", "#01665e", "#8c510a", "#c51b7d")
LAYER_KEYS = frozenset({"id", "label_de", "label_en", "group", "color", "source", "attribution", "license", "stand",
                        "capacity_label_de", "capacity_label_en", "public", "odbl", "count", "category_colors", "indicators"})


@dataclass(frozen=True)
class FacilityLayer:
    """One `[[facilities]]` entry of dataset.toml."""

    id: str
    label_de: str
    label_en: str
    group: str  # "einrichtungen" (official) | "openstreetmap" (ODbL, kept apart)
    color: str
    source: str
    attribution: str
    license: str
    stand: str
    capacity_label_de: str = ""
    capacity_label_en: str = ""
    public: bool = True
    odbl: bool = False
    count: int = 0
    category_colors: tuple[tuple[str, str], ...] = ()  # (category label, "#rrggbb"): points and legend rows by category
    indicators: tuple[tuple[str, str], ...] = ()  # (supply ratio, its denominator indicator), e.g. (KITA_PLAETZE_U6, EW_U6)

    def label(self, lang: str = "de") -> str:
        return self.label_en if lang == "en" and self.label_en else self.label_de

    def capacity_label(self, lang: str = "de") -> str:
        return (self.capacity_label_en if lang == "en" and self.capacity_label_en else self.capacity_label_de)

    def overlay(self) -> Overlay:
        return Overlay(id=self.id, kind="points", group=self.group, label_de=self.label_de, label_en=self.label_en,
                       color=self.color, attribution=self.attribution, public=self.public, legend=self.category_colors)


@dataclass(frozen=True)
class Facilities:
    """A dataset's facility layers (dataset.toml order) and their points (facilities.parquet, COLUMNS)."""

    layers: tuple[FacilityLayer, ...]
    points: pd.DataFrame


EMPTY_POINTS = pd.DataFrame({name: pd.Series(dtype=object) for name in COLUMNS})


@per_release()
def load(dataset) -> Facilities:
    """The facility layers of a dataset and their points, checked, read once per folder and release; RegistryError on a
    broken folder (unknown keys with catalog.check_known_keys' wording, points without their file)."""
    path = Path(dataset.path)
    where = f"{path / 'dataset.toml'}, [[{META_KEY}]]"
    entries = dataset.raw.get(META_KEY, [])
    if not isinstance(entries, list):
        raise RegistryError(f"{where}: muss eine Liste von Tabellen sein (Wert: {entries!r}).")
    out: list[FacilityLayer] = []
    for number, entry in enumerate(entries, 1):
        here = f"{where} Nr. {number}"
        if not isinstance(entry, dict):
            raise RegistryError(f"{here}: keine Tabelle (Wert: {entry!r}).")
        check_known_keys(entry, LAYER_KEYS, here)
        for name in ("id", "label_de", "attribution"):
            if not isinstance(entry.get(name), str) or not entry.get(name):
                raise RegistryError(f"{here}: Pflichtfeld {name!r} fehlt.")
        for name in ("public", "odbl"):
            if name in entry and not isinstance(entry[name], bool):
                raise RegistryError(f"{here}: {name!r} muss true oder false sein (Wert: {entry[name]!r}).")
        layer = FacilityLayer(
            id=entry["id"], label_de=entry["label_de"], label_en=str(entry.get("label_en", "")),
            group=str(entry.get("group", "einrichtungen")), color=str(entry.get("color", PALETTE[(number - 1) % len(PALETTE)])),
            source=str(entry.get("source", "")), attribution=entry["attribution"], license=str(entry.get("license", "")),
            stand=str(entry.get("stand", "")), capacity_label_de=str(entry.get("capacity_label_de", "")),
            capacity_label_en=str(entry.get("capacity_label_en", "")), public=entry.get("public", True),
            odbl=entry.get("odbl", False), count=int(entry.get("count", 0)), category_colors=_category_colors(entry, here),
            indicators=_ratio_denominators(entry, here))
        try:
            layer.overlay()  # id, group: the overlay's rules
        except ValueError as exc:
            raise RegistryError(f"{here}: {exc}") from None
        out.append(layer)
    if not out:
        return Facilities((), EMPTY_POINTS)
    if not (path / FILE).is_file():
        raise RegistryError(f"{path}: {FILE} fehlt, obwohl dataset.toml Einrichtungen nennt.")
    frame = pd.read_parquet(path / FILE)
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise RegistryError(f"{path / FILE}: Spalten fehlen: {', '.join(missing)}.")
    return Facilities(tuple(out), frame)


def _ratio_denominators(entry: dict, here: str) -> tuple[tuple[str, str], ...]:
    raw = entry.get("indicators", {})
    if not isinstance(raw, dict) or not all(isinstance(k, str) and isinstance(v, str) and v for k, v in raw.items()):
        raise RegistryError(f"{here}: 'indicators' muss Versorgungsquote = Nenner-Indikator zuordnen (Wert: {raw!r}).")
    return tuple(raw.items())


def supply_ratios(dataset) -> dict[str, str]:
    """Supply ratio -> its denominator indicator, for the ratios of public layers (dataset.toml `[[facilities]]`).

    Disclosure control treats these apart: their numerators (places, facilities) are public through the points, so a
    published ratio publishes its denominator count as well (places / ratio). Such a ratio is therefore published
    exactly where its denominator is, and takes no part in the suppression of its own (Monitor.publication)."""
    return {ratio: per for layer in layers(dataset) if layer.public for ratio, per in layer.indicators}


def layers(dataset) -> list[FacilityLayer]:
    """The facility layers of a dataset (dataset.toml `[[facilities]]`), checked; [] without any."""
    return list(load(dataset).layers)


def points(monitor: Monitor, layer_ids: list[str] | None = None) -> pd.DataFrame:
    """The points of the layers this mode shows (all of them, or those in layer_ids); a copy."""
    shown = [layer.id for layer in shown_layers(monitor) if layer_ids is None or layer.id in layer_ids]
    if not shown:
        return pd.DataFrame(columns=list(COLUMNS))
    frame = load(monitor.dataset).points
    return frame[frame["layer"].isin(shown)].copy()


def _category_colors(entry: dict, here: str) -> tuple[tuple[str, str], ...]:
    colors = entry.get("category_colors", {})
    if not isinstance(colors, dict) or not all(isinstance(v, str) and re.fullmatch(r"#[0-9a-fA-F]{6}", v) for v in colors.values()):
        raise RegistryError(f"{here}: 'category_colors' muss eine Zuordnung Art = \"#rrggbb\" sein (Wert: {colors!r}).")
    return tuple((str(k), v) for k, v in colors.items())


# -- overlay provider (dashboard/overlays.py) ------------------------------------------------
def overlays(monitor: Monitor) -> list[Overlay]:
    return [layer.overlay() for layer in layers(monitor.dataset)]


def features(monitor: Monitor, overlay_id: str, lang: str = "de") -> dict:
    """The layer's points as GeoJSON: name as the tooltip's title, category, capacity and address as its lines."""
    layer = next((lay for lay in layers(monitor.dataset) if lay.id == overlay_id), None)
    if layer is None or (monitor.public and not layer.public):
        raise KeyError(overlay_id)
    frame = points(monitor, [overlay_id])
    colors = dict(layer.category_colors)  # a point of a coloured category carries its colour (the legend lists them)
    out = []
    for row in frame.itertuples(index=False):
        lines = facility_lines(row.category, row.capacity, layer.capacity_label(lang), row.address, lang)
        properties = {"title": row.name if isinstance(row.name, str) else "", "lines": lines}
        if colors.get(row.category):
            properties["color"] = colors[row.category]
        out.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [round(float(row.lon), 6), round(float(row.lat), 6)]},
                    "properties": properties})
    return feature_collection(out)


# -- an area's facilities (the profile's "Soziale Infrastruktur") ------------------------------
def smallest_ids(monitor: Monitor, area_id: str) -> list[str]:
    """The smallest-level areas an area consists of (itself at the smallest level; every one for the city)."""
    area = monitor.area(area_id)
    if area is None:
        return []
    smallest = monitor.dataset.level_ids[0]
    return [area["area_id"]] if area["level"] == smallest else monitor.descendants(area["area_id"], smallest)


def shown_layers(monitor: Monitor) -> list[FacilityLayer]:
    """The layers this mode shows (public mode: only public ones), in dataset.toml order."""
    return [layer for layer in layers(monitor.dataset) if layer.public or not monitor.public]


def in_area(monitor: Monitor, area_id: str) -> list[dict[str, Any]]:
    """Per shown layer (official first, then OpenStreetMap; dataset.toml order within): the layer, `count` of its
    points inside the area, `capacity` (the sum over the points that have one; None when none has), `without_capacity`
    (points without one, where the layer has capacities) and `points` (name, category, capacity, address, lon, lat,
    area_id; sorted by name). Only from the points this mode shows; an unknown area has none."""
    shown = shown_layers(monitor)
    if not shown:
        return []
    inside = set(smallest_ids(monitor, area_id))
    frame = points(monitor)
    frame = frame[frame["area_id"].isin(inside)]
    out = []
    for layer in sorted(shown, key=lambda lay: lay.group == "openstreetmap"):
        part = frame[frame["layer"] == layer.id].sort_values(["name", "address"], kind="stable", key=lambda s: s.astype(str).str.casefold())
        known = part["capacity"].dropna()
        has_capacity = bool(layer.capacity_label_de) or bool(known.size)
        out.append({"layer": layer, "count": int(len(part)),
                    "capacity": float(known.sum()) if has_capacity and known.size else None,
                    "without_capacity": int(part["capacity"].isna().sum()) if has_capacity else 0,
                    "points": part.drop(columns="layer").reset_index(drop=True)})
    return out
