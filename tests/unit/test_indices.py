import numpy as np
import pandas as pd
import pytest

from dashboard.methods.indices import COMBINED_CLASSES, IndexDefinition, standardise, status_dynamics
from dashboard.present import index_method_text

DEFINITION = IndexDefinition("mss", "Status/Dynamik", ("S1", "S3"), ("D1", "D3"))


def frame(n=200, seed=3):
    rng = np.random.default_rng(seed)
    base = rng.normal(0, 1, n)
    return pd.DataFrame({
        "S1": 5 + 2 * base + rng.normal(0, .3, n), "S3": 10 + 4 * base + rng.normal(0, .5, n),
        "D1": rng.normal(0, 1, n), "D3": rng.normal(0, 1, n), "EW": rng.integers(100, 9000, n),
    }, index=[f"{i:03d}" for i in range(n)])


def test_standardise_uses_population_sd():
    z = standardise(pd.Series([1.0, 2.0, 3.0]))
    assert z.tolist() == pytest.approx([-1.224744871, 0.0, 1.224744871])
    assert standardise(pd.Series([2.0, 2.0])).tolist() == [0.0, 0.0]


def test_classes_follow_the_cuts():
    f = frame()
    out = status_dynamics(f, DEFINITION)
    rated = out[out["valid"]]
    assert (f.loc[~out["valid"], "EW"] < 300).all()
    s = rated["status_index"]
    assert s.mean() == pytest.approx(0, abs=1e-9) and s.std(ddof=0) == pytest.approx(1)
    expected = np.select([s < -1, s <= 1, s <= 1.5], [1, 2, 3], 4)
    assert (rated["status_class"].to_numpy() == expected).all()
    d = rated["dynamic_index"]
    assert (rated["dynamic_class"] == np.select([d < -1, d <= 1], [1, 2], 3)).all()
    assert set(rated["status_dynamic"]) <= set(COMBINED_CLASSES)
    assert out.loc[~out["valid"], "status_class"].isna().all()


def test_high_unemployment_means_low_status():
    f = frame()
    out = status_dynamics(f, DEFINITION)
    worst = f.loc[out["valid"], "S1"].idxmax()
    assert out.loc[worst, "status_class"] >= 3


def test_missing_indicator_in_an_edition_is_left_out():
    f = frame().assign(S2=np.nan)
    with_s2 = IndexDefinition("mss", "x", ("S1", "S2", "S3"), ("D1", "D3"))
    assert status_dynamics(f, with_s2)["status_class"].equals(status_dynamics(f, DEFINITION)["status_class"])


def test_description_is_german_and_names_the_cuts():
    text = index_method_text(DEFINITION)
    assert "unter -1 = 1 hoch" in text and "über 1,5 = 4 sehr niedrig" in text  # German decimal comma
    english = index_method_text(DEFINITION, "en")
    assert "below -1 = 1 high" in english and "above 1.5 = 4 very low" in english
