"""Class breaks and colours for choropleth maps (docs/methods.md, „Klassen und Farben“).

Breaks come from mapclassify; palettes are ColorBrewer sequential schemes, colour-blind safe and
polarity-aware: burdens (higher is worse) warm, potentials (higher is better) cool, neutral purple.
"""
from __future__ import annotations

import warnings

import mapclassify
import numpy as np

# ColorBrewer sequential schemes (Cynthia Brewer, Apache-2.0), light to dark, 3..7 classes.
PALETTES: dict[str, dict[int, list[str]]] = {
    "YlOrRd": {
        3: ["#ffeda0", "#feb24c", "#f03b20"],
        4: ["#ffffb2", "#fecc5c", "#fd8d3c", "#e31a1c"],
        5: ["#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"],
        6: ["#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#bd0026"],
        7: ["#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#b10026"],
    },
    "YlGnBu": {
        3: ["#edf8b1", "#7fcdbb", "#2c7fb8"],
        4: ["#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"],
        5: ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"],
        6: ["#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494"],
        7: ["#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"],
    },
    "BuPu": {
        3: ["#e0ecf4", "#9ebcda", "#8856a7"],
        4: ["#edf8fb", "#b3cde3", "#8c96c6", "#88419d"],
        5: ["#edf8fb", "#b3cde3", "#8c96c6", "#8856a7", "#810f7c"],
        6: ["#edf8fb", "#bfd3e6", "#9ebcda", "#8c96c6", "#8856a7", "#810f7c"],
        7: ["#edf8fb", "#bfd3e6", "#9ebcda", "#8c96c6", "#8c6bb1", "#88419d", "#6e016b"],
    },
}
PALETTE_BY_POLARITY = {"higher_is_worse": "YlOrRd", "higher_is_better": "YlGnBu", "neutral": "BuPu"}
NO_DATA_COLOR = "#d9d9d9"
SUPPRESSED_COLOR = "#f7f7f7"

def palette(polarity: str, k: int) -> list[str]:
    """k colours light to dark for the polarity (dark = more of the quantity)."""
    scheme = PALETTES[PALETTE_BY_POLARITY.get(polarity, "BuPu")]
    if k >= 3:
        return list(scheme[min(k, 7)])
    return [scheme[3][0], scheme[3][2]][-k:] if k > 0 else []


def categorical_palette(polarity: str, k: int) -> list[str]:
    """k colours for ordered categories: the sequential scheme up to 7, beyond that interpolated."""
    if k <= 7:
        return palette(polarity, k)
    base = palette(polarity, 7)
    rgb = np.array([[int(c[i:i + 2], 16) for i in (1, 3, 5)] for c in base], dtype=float)
    positions = np.linspace(0, len(base) - 1, k)
    out = []
    for pos in positions:
        lo = int(np.floor(pos))
        hi = min(lo + 1, len(base) - 1)
        mix = rgb[lo] + (rgb[hi] - rgb[lo]) * (pos - lo)
        out.append("#" + "".join(f"{int(round(v)):02x}" for v in mix))
    return out


def class_breaks(values, method: str = "quantiles", k: int = 5) -> list[float]:
    """Upper bounds of each class (ascending, the last is the maximum), from finite values only.

    Fewer classes are returned when the data have fewer distinct values than k.
    """
    y = np.asarray(values, dtype=float)
    y = y[np.isfinite(y)]
    if y.size == 0:
        return []
    distinct = np.unique(y)
    if distinct.size <= k:
        return [float(v) for v in distinct]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # mapclassify warns when quantiles collapse; handled below
        if method == "quantiles":
            bins = mapclassify.Quantiles(y, k=k).bins
        elif method == "equal_interval":
            bins = mapclassify.EqualInterval(y, k=k).bins
        elif method == "fisher_jenks":
            bins = mapclassify.FisherJenks(y, k=k).bins
        elif method == "std_mean":
            bins = mapclassify.StdMean(y).bins
        else:
            raise ValueError(f"Unbekannte Klassifikation {method!r}.")
    bins = np.unique(np.asarray(bins, dtype=float))
    bins = bins[(bins >= y.min()) & (bins < y.max())]
    bins = np.append(bins, y.max())  # the last class always ends exactly at the maximum
    return [float(b) for b in bins]


def assign_classes(values, breaks: list[float]) -> np.ndarray:
    """Class index 0..len(breaks)-1 for each value (value <= upper bound); -1 where not finite."""
    y = np.asarray(values, dtype=float)
    out = np.full(y.shape, -1, dtype=int)
    if not breaks:
        return out
    finite = np.isfinite(y)
    idx = np.searchsorted(np.asarray(breaks), y[finite], side="left")
    out[finite] = np.minimum(idx, len(breaks) - 1)
    return out


def categorical_classes(values, categories: list[str]) -> np.ndarray:
    """Class index of each value in the ordered list of category codes; -1 where unknown."""
    lookup = {float(c): i for i, c in enumerate(categories)}
    return np.array([lookup.get(float(v), -1) if np.isfinite(v) else -1 for v in np.asarray(values, dtype=float)], dtype=int)
