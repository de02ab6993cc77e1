import numpy as np
import pytest

from dashboard.methods.classify import PALETTES, assign_classes, categorical_classes, class_breaks, palette


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


def test_palettes_respect_polarity_and_size():
    assert palette("higher_is_worse", 5) == PALETTES["YlOrRd"][5]
    assert palette("higher_is_better", 5) == PALETTES["YlGnBu"][5]
    assert palette("neutral", 3) == PALETTES["BuPu"][3]
    assert len(palette("higher_is_worse", 2)) == 2
    for scheme in PALETTES.values():
        for k, colours in scheme.items():
            assert len(colours) == k
