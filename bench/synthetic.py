"""Synthetic grid datasets of N areas for the browser benchmark (bench/browser.py).

A regular grid of N squares ("Rasterzelle") in EPSG:25833 near Berlin, grouped into blocks of
5 x 5 cells and twelve districts (4 x 3 bands), so the map has three levels like a real city.
Three indicators (residents, two shares with counts) in two years come from smooth fields plus
noise, so the choropleth looks like one. Everything goes through the one dataset writer
(`dashboard.ingest.build.write_dataset`), so the folder passes `dashboard.catalog.load_dataset`
exactly as an imported city does. Squares are already minimal polygons: no simplification.

Generated once into bench/.cache/synthetic-<N>/ (gitignored); a stamp with the generator version
decides whether an existing folder can be reused.
"""
from __future__ import annotations

import json
import math
import sys
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from dashboard.i18n import format_number  # noqa: E402
from dashboard.ingest.build import write_dataset  # noqa: E402

CACHE = ROOT / "bench" / ".cache"
VERSION = 1  # bump when the generated data changes, so cached folders are rebuilt
CRS = "EPSG:25833"
ORIGIN = (375_000.0, 5_805_000.0)  # south-west corner, roughly Berlin
EXTENT_M = 30_000.0  # width of the grid
BLOCK = 5  # cells per block side
DISTRICT_BANDS = (4, 3)  # districts: 4 columns x 3 rows of blocks
YEARS = (2023, 2024)
LEVELS = [
    {"id": "zelle", "label_de": "Rasterzelle", "label_en": "Grid cell"},
    {"id": "block", "label_de": "Block", "label_en": "Block"},
    {"id": "bezirk", "label_de": "Bezirk", "label_en": "District"},
]
SOURCE = "Synthetische Benchmarkdaten (regelmäßiges Raster), keine echten Werte."


def _indicator(id_: str, label: str, **extra) -> dict:
    entry = {"id": id_, "label_de": label, "label_en": label, "description": f"{label} (synthetisch, nur für Messungen).",
             "unit": "%", "dimension": "Soziales", "polarity": "higher_is_worse", "aggregation": "ratio_of_sums",
             "source": SOURCE, "stichtag": "31.12.", "kind": "share", "scale": 100.0, "numerator_label": "Zähler",
             "denominator_label": "Nenner", "min_denominator": 50, "decimals": 1}
    entry.update(extra)
    return entry


INDICATORS = [
    _indicator("EW", "Einwohnerinnen und Einwohner", unit="Personen", dimension="Demografie", polarity="neutral",
               aggregation="sum", kind="count", decimals=0, numerator_label="", denominator_label="", min_denominator=0),
    _indicator("S1", "Anteil A (synthetisch)"),
    _indicator("S2", "Anteil B (synthetisch)", polarity="higher_is_better", dimension="Umwelt"),
]


def grid_shape(n: int) -> tuple[int, int]:
    """(columns, rows) with columns * rows == n, as square as possible, wider than high."""
    best = (n, 1)
    for rows in range(1, int(math.isqrt(n)) + 1):
        if n % rows == 0:
            best = (n // rows, rows)
    return best


def areas_and_values(n: int, seed: int = 7) -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    """All areas of the three levels (with geometry) and the cell values (counts) for both years."""
    cols, rows = grid_shape(n)
    size = EXTENT_M / cols
    col, row = np.meshgrid(np.arange(cols), np.arange(rows))
    col, row = col.ravel(), row.ravel()
    block_cols, block_rows = math.ceil(cols / BLOCK), math.ceil(rows / BLOCK)
    bcol, brow = col // BLOCK, row // BLOCK
    block_no = brow * block_cols + bcol
    dcol = bcol * DISTRICT_BANDS[0] // block_cols
    drow = brow * DISTRICT_BANDS[1] // block_rows
    district_no = drow * DISTRICT_BANDS[0] + dcol

    x0, y0 = ORIGIN[0] + col * size, ORIGIN[1] + row * size
    cells = gpd.GeoDataFrame({
        "area_id": [f"Z{i:06d}" for i in range(n)],
        "level": "zelle",
        "name": [f"Zelle {c + 1}/{r + 1}" for c, r in zip(col, row)],
        "parent_id": [f"B{b:05d}" for b in block_no],
    }, geometry=shapely.box(x0, y0, x0 + size, y0 + size), crs=CRS)

    def rectangles(keys: np.ndarray) -> pd.DataFrame:
        frame = pd.DataFrame({"key": keys, "x0": x0, "y0": y0})
        return frame.groupby("key").agg(x0=("x0", "min"), y0=("y0", "min"), x1=("x0", "max"), y1=("y0", "max"))

    blocks = rectangles(block_no)
    block_parent = pd.Series(district_no, index=block_no).groupby(level=0).first()
    block_frame = gpd.GeoDataFrame({
        "area_id": [f"B{b:05d}" for b in blocks.index],
        "level": "block",
        "name": [f"Block {b + 1}" for b in blocks.index],
        "parent_id": [f"D{block_parent[b]:02d}" for b in blocks.index],
    }, geometry=shapely.box(blocks["x0"], blocks["y0"], blocks["x1"] + size, blocks["y1"] + size), crs=CRS)
    districts = rectangles(district_no)
    district_frame = gpd.GeoDataFrame({
        "area_id": [f"D{d:02d}" for d in districts.index],
        "level": "bezirk",
        "name": [f"Bezirk {d + 1}" for d in districts.index],
        "parent_id": None,
    }, geometry=shapely.box(districts["x0"], districts["y0"], districts["x1"] + size, districts["y1"] + size), crs=CRS)
    areas = gpd.GeoDataFrame(pd.concat([cells, block_frame, district_frame], ignore_index=True), crs=CRS)

    rng = np.random.default_rng(seed)
    u, v = col / cols, row / rows
    residents = np.round(400 + 1_600 * (0.5 + 0.5 * np.sin(3.1 * u) * np.cos(2.3 * v)) + rng.integers(0, 300, n))
    frames = []
    for step, year in enumerate(YEARS):
        drift = 0.04 * step
        share_a = np.clip(0.08 + 0.25 * (0.5 + 0.5 * np.sin(5.0 * u + 2.0 * v + drift)) + rng.normal(0, 0.03, n), 0.01, 0.9)
        share_b = np.clip(0.55 + 0.3 * np.cos(4.0 * v - 1.5 * u - drift) + rng.normal(0, 0.04, n), 0.02, 0.98)
        ew = residents + step * rng.integers(-20, 20, n)
        for indicator, share in (("S1", share_a), ("S2", share_b)):
            numerator = np.round(share * ew)
            frames.append(pd.DataFrame({"area_id": cells["area_id"], "indicator_id": indicator, "year": year,
                                        "value": np.round(100.0 * numerator / ew, 1), "numerator": numerator, "denominator": ew}))
        frames.append(pd.DataFrame({"area_id": cells["area_id"], "indicator_id": "EW", "year": year, "value": ew,
                                    "numerator": np.nan, "denominator": np.nan}))
    values = pd.concat(frames, ignore_index=True)
    # value must equal scale * numerator / denominator rounded to one decimal: recompute it exactly
    shares = values["indicator_id"] != "EW"
    values.loc[shares, "value"] = np.nan  # the writer fills it from the counts
    return areas, values


def meta(n: int) -> dict:
    return {
        "id": f"synthetic-{n}",
        "title": f"Synthetisches Raster ({format_number(n, 0)} Zellen)",
        "city_name": "Rasterstadt",
        "attribution": SOURCE,
        "license": "CC0-1.0",
        "synthetic": True,
        "levels": LEVELS,
        "defaults": {"indicator": "S1", "year": YEARS[-1], "level": "zelle"},
        "population_indicator": "EW",
        "min_population": 300,
    }


def ensure_synthetic(n: int, cache: Path = CACHE) -> Path:
    """The dataset folder for n cells, generated unless a folder of this generator version exists."""
    out = cache / f"synthetic-{n}"
    stamp = out / "bench-stamp.json"
    want = {"version": VERSION, "n": n}
    if stamp.exists() and (out / "dataset.toml").exists():
        try:
            if json.loads(stamp.read_text(encoding="utf-8")) == want:
                return out
        except ValueError:
            pass
    start = time.perf_counter()
    areas, values = areas_and_values(n)
    write_dataset(out, meta(n), INDICATORS, areas, values, simplify_tolerance_m=0.0,
                  extra_files={"bench-stamp.json": json.dumps(want)})
    print(f"  synthetischer Datensatz {n:,} Gebiete erzeugt in {time.perf_counter() - start:.1f} s: {out}")
    return out


if __name__ == "__main__":
    for count in [int(a) for a in sys.argv[1:]] or [5_000]:
        ensure_synthetic(count)
