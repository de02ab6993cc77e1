import re

import numpy as np
import pytest

from dashboard.methods.classify import assign_classes, categorical_classes, class_breaks, palette


def test_quantile_breaks_split_areas_evenly():
    values = np.arange(1, 101, dtype=float)
    breaks = class_breaks(values, "quantiles", 5)
    assert breaks == pytest.approx([20.8, 40.6, 60.4, 80.2, 100.0])
    counts = np.bincount(assign_classes(values, breaks))
    assert counts.tolist() == [20, 20, 20, 20, 20]


@pytest.mark.parametrize("method", ["quantiles", "equal_interval", "fisher_jenks", "std_mean"])
def test_every_method_covers_the_range(method):
    rng = np.random.default_rng(1)
    values = rng.gamma(2.0, 5.0, 400)
    breaks = class_breaks(values, method, 5)
    assert breaks == sorted(breaks)
    assert breaks[-1] == pytest.approx(values.max())
    classes = assign_classes(values, breaks)
    assert classes.min() == 0 and classes.max() == len(breaks) - 1


def test_equal_interval_breaks_are_equal_width():
    breaks = class_breaks(np.array([0.0, 10, 20, 30, 40, 50, 100]), "equal_interval", 4)
    assert breaks == pytest.approx([25, 50, 75, 100])


def test_few_distinct_values_give_fewer_classes():
    assert class_breaks([1, 1, 2, 2, 3], "quantiles", 5) == [1.0, 2.0, 3.0]


def test_missing_values_get_no_class_and_are_ignored_for_breaks():
    values = np.array([1.0, np.nan, 3.0, np.inf, 2.0])
    breaks = class_breaks(values, "quantiles", 5)
    assert breaks == [1.0, 2.0, 3.0]
    assert assign_classes(values, breaks).tolist() == [0, -1, 2, -1, 1]
    assert class_breaks([np.nan], "quantiles", 5) == []


def test_value_on_a_break_belongs_to_the_lower_class():
    assert assign_classes([20.0, 20.0001], [20.0, 40.0]).tolist() == [0, 1]


def test_categorical_classes_follow_category_order():
    assert categorical_classes([3, 1, 2, np.nan, 7], ["1", "2", "3"]).tolist() == [2, 0, 1, -1, -1]


# -- palettes: properties a map reader relies on, not the constants they come from -----------------------
POLARITIES = ("higher_is_worse", "higher_is_better", "neutral")
MAX_CLASSES = 7
# Colour-vision deficiencies (Machado, Oliveira & Fernandes 2009, severity 1.0), on linear RGB
CVD = {
    "protan": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
    "deutan": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]],
    "tritan": [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]],
}
MIN_STEP_L = 5.0  # CIE L* between neighbouring classes in normal vision
MIN_DELTA_E = 5.0  # CIE76 colour difference between neighbours, also with a colour-vision deficiency


def _linear(colour: str) -> np.ndarray:
    c = np.array([int(colour[i:i + 2], 16) for i in (1, 3, 5)]) / 255
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _lab(linear: np.ndarray) -> np.ndarray:
    xyz = np.array([[0.4124564, 0.3575761, 0.1804375], [0.2126729, 0.7151522, 0.0721750],
                    [0.0193339, 0.1191920, 0.9503041]]) @ np.clip(linear, 0, 1) / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


@pytest.mark.parametrize("polarity", POLARITIES + ("unbekannt",))
@pytest.mark.parametrize("k", range(0, MAX_CLASSES + 1))
def test_palette_has_k_distinct_valid_colours_light_to_dark(polarity, k):
    colours = palette(polarity, k)
    assert len(colours) == k
    assert all(re.fullmatch(r"#[0-9a-f]{6}", c) for c in colours), colours
    assert len(set(colours)) == k
    lightness = [_lab(_linear(c))[0] for c in colours]  # dark = more of the quantity
    steps = np.diff(lightness)
    assert (steps <= -MIN_STEP_L).all(), (colours, lightness)


@pytest.mark.parametrize("polarity", POLARITIES)
@pytest.mark.parametrize("k", range(2, MAX_CLASSES + 1))
@pytest.mark.parametrize("deficiency", sorted(CVD))
def test_palette_order_survives_colour_vision_deficiencies(polarity, k, deficiency):
    """Sequential and colour-blind safe: with a colour-vision deficiency the classes still get darker
    in order and neighbours still differ."""
    seen = [_lab(np.array(CVD[deficiency]) @ _linear(c)) for c in palette(polarity, k)]
    lightness = [lab[0] for lab in seen]
    assert all(b < a for a, b in zip(lightness, lightness[1:])), (deficiency, lightness)
    assert min(np.linalg.norm(a - b) for a, b in zip(seen, seen[1:])) >= MIN_DELTA_E


def test_palette_hue_follows_polarity():
    """Burdens warm, potentials cool, neutral purple (its darkest class says which); an unknown
    polarity is drawn as neutral."""
    for k in range(2, MAX_CLASSES + 1):
        warm, cool, neutral = (_linear(palette(p, k)[-1]) for p in POLARITIES)
        assert warm[0] > warm[2] and cool[2] > cool[0] and neutral[0] > neutral[1] and neutral[2] > neutral[1]
        assert palette("unbekannt", k) == palette("neutral", k)
        assert len({tuple(palette(p, k)) for p in POLARITIES}) == 3
