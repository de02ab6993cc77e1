"""What counts as 'no value': one rule for every layer (reports, the presentation step, the views, the import)."""
from __future__ import annotations

from typing import Any

import pandas as pd


def is_missing(value: Any) -> bool:
    """No number: None, NaN (Python, numpy or pandas float), pandas' NA or NaT. A number, a string or a container
    (even one holding only NaN) is a value."""
    if value is None:
        return True
    if isinstance(value, float):  # the common case first (numpy.float64 is a float)
        return bool(value != value)
    return bool(pd.api.types.is_scalar(value) and pd.isna(value))
