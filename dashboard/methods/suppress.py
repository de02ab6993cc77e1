"""Small-number suppression (docs/methods.md, „Kleine Fallzahlen“).

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
    min_denominator=0,
    min_numerator=0,
    min_population: float = 0,
    applies_population_rule=True,
) -> pd.Series:
    """True for rows whose value must not be shown. frame needs numerator, denominator, population.

    The thresholds may be scalars or per-row arrays (one rule per row's indicator), so a frame
    mixing several indicators is judged in one vectorised pass.
    """
    index = frame.index
    numerator = pd.to_numeric(frame.get("numerator"), errors="coerce").to_numpy(dtype=float) if "numerator" in frame else np.full(len(index), np.nan)
    denominator = pd.to_numeric(frame.get("denominator"), errors="coerce").to_numpy(dtype=float) if "denominator" in frame else np.full(len(index), np.nan)
    population = pd.to_numeric(frame.get("population"), errors="coerce").to_numpy(dtype=float) if "population" in frame else np.full(len(index), np.nan)
    min_den = np.broadcast_to(np.asarray(min_denominator, dtype=float), len(index))
    min_num = np.broadcast_to(np.asarray(min_numerator, dtype=float), len(index))
    population_rule = np.broadcast_to(np.asarray(applies_population_rule, dtype=bool), len(index))
    with np.errstate(invalid="ignore"):
        mask = (~np.isnan(denominator) & (denominator < min_den))
        mask |= ~np.isnan(numerator) & (numerator > 0) & (numerator < min_num)
        mask |= population_rule & ~np.isnan(population) & (population < min_population)
    return pd.Series(mask, index=index, dtype=bool)


def redact(frame: pd.DataFrame, mask: pd.Series, columns=("value", "numerator", "denominator")) -> pd.DataFrame:
    """A copy with the given columns blanked where mask is True (for public mode)."""
    out = frame.copy()
    for column in columns:
        if column in out.columns:
            out[column] = out[column].astype(float)
            out.loc[mask.to_numpy(), column] = np.nan
    return out
