"""Issue 4 on the real data: the CLI on the imported Berlin datasets reproduces the published results.

- Umweltgerechtigkeit 2021/22: the burden count of the official rule equals the published
  "Anzahl der Mehrfachbelastungen" for every one of the 542 Planungsräume.
- MSS: status, dynamics and combined class computed from the raw index indicators equal the
  published classes for every rated area of every edition (2021 on LOR 2021; 2013-2019 on LOR 2006).
"""
from __future__ import annotations

import csv
import io
import subprocess
import sys

import pandas as pd
import pytest

from tests.conftest import ROOT

STATUS = {"hoch": 1, "mittel": 2, "niedrig": 3, "sehr niedrig": 4}


def cli(*args) -> pd.DataFrame:
    result = subprocess.run([sys.executable, "-m", "dashboard", *args], cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    return pd.DataFrame(list(csv.DictReader(io.StringIO(result.stdout)))).set_index("area_id")


def test_burden_cli_reproduces_all_542_published_counts(berlin_datasets):
    from tests.conftest import require_berlin_source

    ours = cli("burden", "--data", str(berlin_datasets["berlin"]), "--year", "2021", "--format", "csv")
    raw = pd.read_csv(require_berlin_source() / "umweltgerechtigkeit" / "raw_umweltgerechtigkeit_2021_2022.csv",
                      dtype={"Planungsraum-ID": str}).set_index("Planungsraum-ID")
    published = raw["Anzahl der Mehrfachbelastungen"].astype(int)
    assert len(ours) == 542
    agree = int((ours["burden_count"].astype(int) == published.reindex(ours.index)).sum())
    assert agree == 542
    # the burdens column names exactly the indicators rated hoch
    assert all(len([b for b in row.split(";") if b]) == int(n) for row, n in zip(ours["burdens"], ours["burden_count"]))


@pytest.mark.parametrize("dataset, edition, year", [
    ("berlin", 2021, 2020), ("berlin-lor2006", 2013, 2012), ("berlin-lor2006", 2015, 2014),
    ("berlin-lor2006", 2017, 2016), ("berlin-lor2006", 2019, 2018),
])
def test_index_cli_reproduces_every_published_mss_class(berlin_datasets, dataset, edition, year):
    from tests.conftest import require_berlin_source

    ours = cli("index", "mss", "--data", str(berlin_datasets[dataset]), "--year", str(year), "--format", "csv")
    long = pd.read_csv(require_berlin_source() / "mss" / "berlin_mss_index_indicators_2013_2021_long.csv", dtype={"plr_id": str})
    published = long[(long["mss_edition"] == edition) & long["valid"]].set_index("plr_id")
    assert sorted(ours.index) == sorted(published.index)  # exactly the rated areas
    ours = ours.loc[published.index]
    assert (ours["status_class"].astype(int) == published["status_class"].map(STATUS)).all()
    assert (ours["dynamic_class"] == published["dynamic_class"]).all()
    assert (ours["status_dynamic"] == published["status_dynamic"]).all()
