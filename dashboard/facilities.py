"""Facilities (point layers) of a dataset: facilities.parquet plus the `[[facilities]]` entries of dataset.toml,
written by dashboard/ingest/facilities.py. An overlay provider (dashboard/overlays.py) and the list of an area's
facilities for its profile.

facilities.parquet: one row per point: layer, name, category (its label), capacity (number or empty), address,
lon, lat (EPSG:4326) and area_id (the smallest-level area it lies in).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from dashboard.catalog import RegistryError
from dashboard.i18n import format_number, t
from dashboard.overlays import Overlay, feature_collection

if TYPE_CHECKING:
    from dashboard.monitor import Monitor

FILE = "facilities.parquet"
COLUMNS = ("layer", "name", "category", "capacity", "address", "lon", "lat", "area_id")
PALETTE = ("#1b7837", "#2166ac", "#b2182b", "#762a83", "#e08214", "#01665e", "#8c510a", "#c51b7d")
LAYER_KEYS = frozenset({"id", "label_de", "label_en", "group", "color", "source", "attribution", "license", "stand",
                        "capacity_label_de", "capacity_label_en", "public", "odbl", "count"})


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

    def label(self, lang: str = "de") -> str:
        return self.label_en if lang == "en" and self.label_en else self.label_de

    def capacity_label(self, lang: str = "de") -> str:
        return (self.capacity_label_en if lang == "en" and self.capacity_label_en else self.capacity_label_de)

    def overlay(self) -> Overlay:
        return Overlay(id=self.id, kind="points", group=self.group, label_de=self.label_de, label_en=self.label_en,
                       color=self.color, attribution=self.attribution, public=self.public)


def layers(dataset) -> list[FacilityLayer]:
    """The facility layers of a dataset (dataset.toml `[[facilities]]`), checked; [] without any."""
    return list(_layers(dataset.path, dataset.release, _freeze(dataset.raw.get("facilities", []))))


def _freeze(entries: Any) -> tuple:
    if not isinstance(entries, list):
        raise RegistryError(f"dataset.toml: [[facilities]] muss eine Liste von Tabellen sein (Wert: {entries!r}).")
    return tuple(tuple(sorted(e.items())) if isinstance(e, dict) else e for e in entries)


@lru_cache(maxsize=8)
def _layers(path: Path, release: str, entries: tuple) -> tuple[FacilityLayer, ...]:
    out: list[FacilityLayer] = []
    for number, entry in enumerate(entries, 1):
        if not isinstance(entry, tuple):
            raise RegistryError(f"{path}/dataset.toml: facilities Eintrag {number} ist keine Tabelle.")
        entry = dict(entry)
        unknown = sorted(set(entry) - LAYER_KEYS)
        if unknown:
            raise RegistryError(f"{path}/dataset.toml: facilities Eintrag {number}: unbekannte Felder {', '.join(unknown)}.")
        for name in ("id", "label_de", "attribution"):
            if not isinstance(entry.get(name), str) or not entry.get(name):
                raise RegistryError(f"{path}/dataset.toml: facilities Eintrag {number}: Pflichtfeld {name!r} fehlt.")
        out.append(FacilityLayer(
            id=entry["id"], label_de=entry["label_de"], label_en=str(entry.get("label_en", "")),
            group=str(entry.get("group", "einrichtungen")), color=str(entry.get("color", PALETTE[(number - 1) % len(PALETTE)])),
            source=str(entry.get("source", "")), attribution=entry["attribution"], license=str(entry.get("license", "")),
            stand=str(entry.get("stand", "")), capacity_label_de=str(entry.get("capacity_label_de", "")),
            capacity_label_en=str(entry.get("capacity_label_en", "")), public=bool(entry.get("public", True)),
            odbl=bool(entry.get("odbl", False)), count=int(entry.get("count", 0))))
        out[-1].overlay()  # id, group: checked by Overlay
    if (path / FILE).exists() is False and out:
        raise RegistryError(f"{path}: {FILE} fehlt, obwohl dataset.toml Einrichtungen nennt.")
    return tuple(out)


@lru_cache(maxsize=4)
def _points(path: Path, release: str) -> pd.DataFrame:
    frame = pd.read_parquet(path / FILE)
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise RegistryError(f"{path / FILE}: Spalten fehlen: {', '.join(missing)}.")
    return frame


def points(monitor: Monitor, layer_ids: list[str] | None = None) -> pd.DataFrame:
    """The points of the layers this mode shows (all of them, or those in layer_ids); a copy."""
    shown = [layer.id for layer in layers(monitor.dataset) if layer.public or not monitor.public]
    if not shown:
        return pd.DataFrame(columns=list(COLUMNS))
    frame = _points(monitor.dataset.path, monitor.dataset.release)
    wanted = [i for i in shown if layer_ids is None or i in layer_ids]
    return frame[frame["layer"].isin(wanted)].copy()


# -- overlay provider (dashboard/overlays.py) ------------------------------------------------
def overlays(monitor: Monitor) -> list[Overlay]:
    return [layer.overlay() for layer in layers(monitor.dataset)]


def features(monitor: Monitor, overlay_id: str, lang: str = "de") -> dict:
    """The layer's points as GeoJSON: name as the tooltip's title, category, capacity and address as its lines."""
    layer = next((lay for lay in layers(monitor.dataset) if lay.id == overlay_id), None)
    if layer is None or (monitor.public and not layer.public):
        raise KeyError(overlay_id)
    frame = points(monitor, [overlay_id])
    capacity_label = layer.capacity_label(lang) or t("Kapazität", lang)
    out = []
    for row in frame.itertuples(index=False):
        lines = [str(row.category)] if isinstance(row.category, str) and row.category else []
        if row.capacity == row.capacity and row.capacity is not None:
            lines.append(f"{capacity_label}: {format_number(float(row.capacity), 0, lang)}")
        if isinstance(row.address, str) and row.address:
            lines.append(row.address)
        out.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [round(float(row.lon), 6), round(float(row.lat), 6)]},
                    "properties": {"title": row.name if isinstance(row.name, str) else "", "lines": lines}})
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
