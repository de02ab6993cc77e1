"""Small-number suppression (METHODS.md §4).

A value is suppressed when it rests on too few cases: its denominator is below the indicator's
min_denominator, its numerator is positive but below min_numerator, or (for every kind except plain
counts) the area has fewer inhabitants than the dataset's min_population ("nicht bewertet", as in
the Monitoring Soziale Stadtentwicklung). Zero cases are not disclosive and stay visible.
"""
from __future__ import annotations

import numpy as np
import pandas as pd


def suppression_mask(
    frame: pd.DataFrame,
    *,
    min_denominator: float = 0,
    min_numerator: float = 0,
    min_population: float = 0,
    applies_population_rule: bool = True,
) -> pd.Series:
    """True for rows whose value must not be shown. frame needs numerator, denominator, population."""
    numerator = pd.to_numeric(frame.get("numerator"), errors="coerce")
    denominator = pd.to_numeric(frame.get("denominator"), errors="coerce")
    population = pd.to_numeric(frame.get("population"), errors="coerce")
    mask = pd.Series(False, index=frame.index)
    if min_denominator:
        mask |= denominator.notna() & (denominator < min_denominator)
    if min_numerator:
        mask |= numerator.notna() & (numerator > 0) & (numerator < min_numerator)
    if min_population and applies_population_rule:
        mask |= population.notna() & (population < min_population)
    return mask.astype(bool)


def redact(frame: pd.DataFrame, mask: pd.Series, columns=("value", "numerator", "denominator")) -> pd.DataFrame:
    """A copy with the given columns blanked where mask is True (for public mode)."""
    out = frame.copy()
    for column in columns:
        if column in out.columns:
            out[column] = out[column].astype(float)
            out.loc[mask.to_numpy(), column] = np.nan
    return out
