"""Uncertainty of small-area values (docs/methods.md, „Unsicherheit kleiner Zahlen“).

A share of 6 of 30 children is not known to one decimal: the register counts everybody, but the share
describes a process (who moves in, who is out of work) whose random variation is large in small areas.
Here, pure functions on counts:

- `interval`: a 95 % interval for a share (Wilson score interval) or a rate (Poisson score interval), from
  statsmodels. Both invert a score test, so they keep close to the nominal coverage even at small counts
  (tests/unit/test_uncertainty.py simulates it); the exact Clopper-Pearson interval is too wide for that.
- `versus_reference`: is the area's value clearly different from a reference value (its parent area, the city)?
  "deutlich" exactly when the reference lies outside the area's interval (the score test at 5 %).
- `change`: is the change between two years clear? The interval of the difference by Newcombe's hybrid score
  method (MOVER: it combines the two years' Wilson or Poisson intervals); "deutlich" when it excludes 0.
  The two years are treated as independent samples; the same people living in the area both years make the
  true variation of a difference smaller, so the test errs on the side of "im Rahmen zufälliger Schwankung".

Verdicts: CLEAR ("deutlich"), RANDOM ("im Rahmen zufälliger Schwankung"), or NO_TEST where there are no counts.
"""
from __future__ import annotations

import numpy as np
from statsmodels.stats.proportion import proportion_confint
from statsmodels.stats.rates import confint_poisson

from dashboard.methods.disclosure import round_values

CONFIDENCE = 0.95
WILSON, POISSON, NONE = "wilson", "poisson", "none"
METHODS = ("", WILSON, POISSON, NONE)  # the registry field `interval`; "" = by the indicator's kind
CLEAR, RANDOM, NO_TEST = "clear", "random", "none"


def interval_method(kind: str, configured: str = "", supply_ratio: bool = False) -> str:
    """The interval an indicator gets: the registry's `interval` when set; else Wilson for a share, Poisson for a rate
    (events per population), none for anything else. A supply ratio (places per 100 children, counted from the
    facilities) is no random outcome: none."""
    if configured:
        return configured
    if supply_ratio:
        return NONE
    return {"share": WILSON, "rate": POISSON}.get(kind, NONE)


def _arrays(*values) -> list[np.ndarray]:
    return [np.atleast_1d(np.asarray(v, dtype=float)) for v in values]


def usable(numerator, denominator, method: str) -> np.ndarray:
    """Where an interval can be computed: counts present, denominator > 0, 0 <= numerator (<= denominator for a share)."""
    x, n = _arrays(numerator, denominator)
    ok = np.isfinite(x) & np.isfinite(n) & (n > 0) & (x >= 0)
    if method == WILSON:
        ok &= x <= n
    return ok & (method in (WILSON, POISSON))


def interval(numerator, denominator, method: str, scale: float = 100.0,
             confidence: float = CONFIDENCE) -> tuple[np.ndarray, np.ndarray]:
    """(lower, upper) in the indicator's unit (scale × share or rate); NaN where no interval can be computed.
    Counts may be fractional (values carried across a boundary change are area-weighted): both formulas accept them."""
    x, n = _arrays(numerator, denominator)
    lower = np.full(x.shape, np.nan)
    upper = np.full(x.shape, np.nan)
    ok = usable(x, n, method)
    if ok.any():
        alpha = 1 - confidence
        if method == WILSON:
            lo, hi = proportion_confint(x[ok], n[ok], alpha=alpha, method="wilson")
        else:
            lo, hi = confint_poisson(x[ok], n[ok], method="score", alpha=alpha)
        lower[ok], upper[ok] = scale * np.asarray(lo, dtype=float), scale * np.asarray(hi, dtype=float)
    return lower, upper


def shown(values: np.ndarray, decimals: int | None) -> np.ndarray:
    """Values as the reader sees them (rounded to the indicator's decimals), so a verdict never contradicts the printed
    numbers: "2,6–3,4" next to a city value of 2,6 is never called "deutlich". None: unrounded."""
    return values if decimals is None else round_values(values, decimals)  # Python's round, as every shown number


def versus_reference(numerator, denominator, reference, method: str, scale: float = 100.0,
                     confidence: float = CONFIDENCE, decimals: int | None = None) -> np.ndarray:
    """Per area: CLEAR when the reference value (parent, city; in the indicator's unit) lies outside the area's
    interval, RANDOM when inside, NO_TEST without counts or reference. The score test of H0: the area's true value
    equals the reference, at 1 − confidence. The reference is taken as fixed (it rests on many more people).
    With `decimals`, bounds and reference are compared as shown (rounded): on a tie the verdict is RANDOM."""
    lower, upper = interval(numerator, denominator, method, scale, confidence)
    (ref,) = _arrays(reference)
    ref = np.broadcast_to(ref, lower.shape)
    lower, upper, ref = shown(lower, decimals), shown(upper, decimals), shown(ref, decimals)
    tested = np.isfinite(lower) & np.isfinite(ref)
    outside = (ref < lower) | (ref > upper)
    return np.where(tested, np.where(outside, CLEAR, RANDOM), NO_TEST)


def difference_interval(before: tuple, after: tuple, method: str, scale: float = 100.0,
                        confidence: float = CONFIDENCE) -> tuple[np.ndarray, np.ndarray]:
    """Interval of after − before (in the indicator's unit; percentage points for a share) by the MOVER construction
    (Newcombe 1998, method 10, for shares; the same with Poisson score intervals for rates):
    d − sqrt((p2 − l2)² + (u1 − p1)²) … d + sqrt((u2 − p2)² + (p1 − l1)²). before/after: (numerator, denominator)."""
    x1, n1 = _arrays(*before)
    x2, n2 = _arrays(*after)
    l1, u1 = interval(x1, n1, method, 1.0, confidence)
    l2, u2 = interval(x2, n2, method, 1.0, confidence)
    with np.errstate(divide="ignore", invalid="ignore"):
        p1, p2 = x1 / n1, x2 / n2
    d = p2 - p1
    low = d - np.sqrt((p2 - l2) ** 2 + (u1 - p1) ** 2)
    high = d + np.sqrt((u2 - p2) ** 2 + (p1 - l1) ** 2)
    return scale * low, scale * high


def change(before: tuple, after: tuple, method: str, confidence: float = CONFIDENCE, scale: float = 100.0,
           decimals: int | None = None) -> np.ndarray:
    """Per area: CLEAR when the interval of the difference excludes 0, RANDOM when it contains 0, NO_TEST without counts.
    With `decimals`, the interval is judged as shown (in the indicator's unit, rounded): "+0,0 bis +3,1" is RANDOM."""
    low, high = difference_interval(before, after, method, scale, confidence)
    low, high = shown(low, decimals), shown(high, decimals)
    tested = np.isfinite(low) & np.isfinite(high)
    return np.where(tested, np.where((low > 0) | (high < 0), CLEAR, RANDOM), NO_TEST)
