"""Measures (Maßnahmen) of a dataset: read measures.parquet, apply the mode, attach them to areas, the map overlay.

Written by dashboard/ingest/measures.py (docs/ingest.md „Maßnahmen“). Public mode sees only rows marked public
(öffentlich = ja) and never the column `public` itself; a non-public row does not leave this module in public mode:
`visible` is the one place rows are filtered, and the profile section, its exports and the overlay read only it.

Which measures an area's profile lists (`for_area`): those naming the area itself, those naming one of its parents
(„im übergeordneten Gebiet“, e.g. a Bezirksregion's measure in each of its Planungsräume) and those naming one of its
sub-areas („in einem Teilgebiet“, e.g. a Planungsraum's measure in its Bezirksregion's profile).
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from dashboard.catalog import RegistryError, check_known_keys
from dashboard.layercache import per_release
from dashboard.present import measure_lines, measures_credit

if TYPE_CHECKING:
    from dashboard.monitor import Monitor

FILE = "measures.parquet"
META_KEY = "measures"
OVERLAY_ID = "massnahmen"
COLOR = "#7a3e9d"
COLUMNS = ("measure_id", "title", "areas", "zielbereich", "goal", "lead", "financing", "begin", "end", "provider", "partners",
           "actors", "success_check", "status", "public", "lon", "lat")
RELATIONS = ("own", "parent", "child")  # the area itself, a parent of it, one of its sub-areas
META_FIELDS = ("file", "table", "count", "public_count", "source", "stand")  # dataset.toml [measures], as the import writes it


class MeasuresError(RegistryError):
    """measures.parquet or the dataset's [measures] table does not fit together (German message)."""


@per_release()
def load(dataset) -> pd.DataFrame:
    """Every measure of the dataset (empty frame without a measures table), checked, read once per folder and release."""
    return read(Path(dataset.path), dataset.raw)


def _all(monitor: Monitor) -> pd.DataFrame:
    return load(monitor.dataset)


def read(folder: Path, meta: dict) -> pd.DataFrame:
    """measures.parquet checked against dataset.toml's [measures]; an empty frame when the dataset has none."""
    entry = meta.get(META_KEY)
    path = folder / FILE
    if entry is None and not path.exists():
        return pd.DataFrame({name: pd.Series(dtype=object) for name in COLUMNS})
    if not isinstance(entry, dict) or not path.exists():
        raise MeasuresError(f"{folder}: dataset.toml [{META_KEY}] und {FILE} gehören zusammen; eins davon fehlt. "
                            "Bitte die Maßnahmen neu einlesen (python -m dashboard measures).")
    check_known_keys(entry, META_FIELDS, f"{folder / 'dataset.toml'}, [{META_KEY}]", MeasuresError)
    frame = pd.read_parquet(path)
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise MeasuresError(f"{path}: Spalten {', '.join(missing)} fehlen. Bitte die Maßnahmen neu einlesen.")
    if int(entry.get("count", -1)) != len(frame):
        raise MeasuresError(f"{path}: {len(frame)} Zeilen, dataset.toml [{META_KEY}] nennt aber count = {entry.get('count')!r}.")
    frame = frame[list(COLUMNS)].copy()
    frame["areas"] = [tuple(str(a) for a in v) for v in frame["areas"]]
    frame["public"] = frame["public"].astype(bool)
    return frame


def visible(monitor: Monitor) -> pd.DataFrame:
    """The measures this mode may show: public mode only rows marked public, without the column `public`."""
    frame = _all(monitor)
    if monitor.public:
        return frame.loc[frame["public"].astype(bool).to_numpy()].drop(columns="public").reset_index(drop=True)
    return frame.reset_index(drop=True)


def info(monitor: Monitor) -> dict[str, str]:
    """Source and Stand of the measures table (dataset.toml [measures]), for captions."""
    entry = monitor.dataset.raw.get(META_KEY) or {}
    return {"source": str(entry.get("source", "")), "stand": str(entry.get("stand", ""))}


def for_area(monitor: Monitor, area_id: str) -> pd.DataFrame:
    """The measures of an area's profile with `relation` (RELATIONS) and `via` (the named area's id and name for a
    parent's or sub-area's measure), own first, then parents (nearest first), then sub-areas; in each by Zielbereich."""
    frame = visible(monitor)
    if frame.empty:
        return frame.assign(relation=pd.Series(dtype=object), via=pd.Series(dtype=object), via_name=pd.Series(dtype=object))
    ancestors = [a["area_id"] for a in monitor.ancestors(area_id)]
    names = {a["area_id"]: a["name"] for a in monitor.ancestors(area_id)}
    area = monitor.area(area_id) or {}
    levels = monitor.dataset.level_ids
    lower = levels[: levels.index(area["level"])] if area.get("level") in levels else levels if area else []  # the city: all
    below = {a for level in lower for a in monitor.descendants(area_id, level)}
    rows = []
    for record in frame.to_dict("records"):
        named = record["areas"]
        if area_id in named:
            rows.append({**record, "relation": "own", "via": "", "order": 0})
            continue
        parents = [a for a in ancestors if a in named]  # nearest first
        if parents:
            nearest = parents[0]
            rows.append({**record, "relation": "parent", "via": nearest, "order": 1 + ancestors.index(nearest)})
            continue
        inside = [a for a in named if a in below]
        if inside:
            rows.append({**record, "relation": "child", "via": inside[0], "order": 100})
    out = pd.DataFrame(rows, columns=[*frame.columns, "relation", "via", "order"])
    if out.empty:
        return out.drop(columns="order").assign(via_name=pd.Series(dtype=object))
    for via in set(out["via"]) - set(names) - {""}:
        found = monitor.area(via)
        names[via] = found["name"] if found else via
    out["via_name"] = [names.get(v, "") if v else "" for v in out["via"]]
    out = out.sort_values(["order", "zielbereich", "measure_id"], kind="stable").drop(columns="order")
    return out.reset_index(drop=True)


# -- map overlay (dashboard/overlays.py provider) ------------------------------------------------------------------
def overlays(monitor: Monitor) -> list:
    """One point overlay when the dataset has measures; public when at least one measure is public."""
    from dashboard.i18n import t
    from dashboard.overlays import Overlay

    frame = _all(monitor)
    if frame.empty:
        return []
    source = info(monitor)["source"]
    return [Overlay(id=OVERLAY_ID, kind="points", group="massnahmen", label_de="Maßnahmen", label_en=t("Maßnahmen", "en"),
                    color=COLOR, attribution=measures_credit(source, "de"), attribution_en=measures_credit(source, "en"),
                    public=bool(frame["public"].any()))]


def features(monitor: Monitor, overlay_id: str, lang: str = "de") -> dict:
    """The measures as points: at their own location or, without one, at the label point of each area they name.
    Tooltip: title; lead, period, status (and in internal mode „nicht öffentlich“ where so)."""
    from dashboard.overlays import feature_collection

    if overlay_id != OVERLAY_ID:
        raise KeyError(overlay_id)
    points = monitor.label_points()
    out = []
    for row in visible(monitor).to_dict("records"):
        lines = measure_lines(row, hidden=not monitor.public and not row["public"], lang=lang)
        if pd.notna(row["lon"]) and pd.notna(row["lat"]):
            places = [(float(row["lon"]), float(row["lat"]))]
        else:
            places = [points[a] for a in row["areas"] if a in points]
        for lon, lat in places:
            out.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
                        "properties": {"title": row["title"], "lines": lines}})
    return feature_collection(out)
