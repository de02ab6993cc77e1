import numpy as np
import pandas as pd

from dashboard.methods.suppress import redact, suppression_mask

FRAME = pd.DataFrame({
    "value": [10.0, 50.0, 1.0, 0.0, 20.0],
    "numerator": [10, 5, 2, 0, 40],
    "denominator": [100, 10, 200, 150, 200],
    "population": [1000, 800, 900, 1200, 250],
})


def test_small_denominator_is_suppressed():
    mask = suppression_mask(FRAME, min_denominator=20)
    assert mask.tolist() == [False, True, False, False, False]


def test_small_positive_numerator_is_suppressed_but_zero_is_not():
    mask = suppression_mask(FRAME, min_numerator=3)
    assert mask.tolist() == [False, False, True, False, False]


def test_areas_below_min_population_are_not_rated():
    assert suppression_mask(FRAME, min_population=300).tolist() == [False, False, False, False, True]
    assert not suppression_mask(FRAME, min_population=300, applies_population_rule=False).any()


def test_rules_combine():
    mask = suppression_mask(FRAME, min_denominator=20, min_numerator=3, min_population=300)
    assert mask.tolist() == [False, True, True, False, True]


def test_redact_blanks_values_and_counts():
    mask = suppression_mask(FRAME, min_denominator=20)
    out = redact(FRAME, mask)
    assert np.isnan(out.loc[1, "value"]) and np.isnan(out.loc[1, "numerator"]) and np.isnan(out.loc[1, "denominator"])
    assert out.loc[0, "value"] == 10.0
    assert FRAME.loc[1, "value"] == 50.0  # the input is not changed
