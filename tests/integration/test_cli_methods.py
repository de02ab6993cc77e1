"""`python -m dashboard burden|index` on the demo data, as a user runs them."""
import csv
import io
import subprocess
import sys

from tests.conftest import DEMO_DIR, ROOT


def run(*args):
    return subprocess.run([sys.executable, "-m", "dashboard", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_burden_csv_matches_the_monitor(demo_monitor):
    result = run("burden", "--data", str(DEMO_DIR), "--year", "2023", "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == ["area_id", "name", "burden_count", "burdens"]
    rule = demo_monitor.burden_rules()[0]
    table = demo_monitor.burden(rule, 2023)
    assert len(rows) == len(table) == len(demo_monitor.store.frame("areas_by_level", {"level": "planungsraum"}))
    for row in rows:
        expected = table.loc[row["area_id"]]
        assert int(row["burden_count"]) == expected["burden_count"]
        assert (row["burdens"].split(";") if row["burdens"] else []) == expected["burdens"]
        assert len([b for b in row["burdens"].split(";") if b]) == int(row["burden_count"])
    assert {int(r["burden_count"]) for r in rows} >= {0, 1, 2, 3}


def test_burden_with_another_rule_and_bad_input():
    other = run("burden", "--data", str(DEMO_DIR), "--year", "2023", "--rule", "quartile")
    assert other.returncode == 0 and "A1" in other.stdout
    unknown = run("burden", "--data", str(DEMO_DIR), "--year", "2023", "--rule", "gibtsnicht")
    assert unknown.returncode == 1 and "gibtsnicht" in unknown.stderr and "umweltgerechtigkeit" in unknown.stderr
    no_year = run("burden", "--data", str(DEMO_DIR), "--year", "2024")
    assert no_year.returncode == 1 and "2024" in no_year.stderr


def test_index_csv_classes(demo_monitor):
    result = run("index", "sozialindex", "--data", str(DEMO_DIR), "--year", "2024", "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == ["area_id", "status_class", "dynamic_class", "status_dynamic"]
    assert {r["status_class"] for r in rows} == {"1", "2", "3", "4"}
    assert {r["dynamic_class"] for r in rows} == {"positiv", "stabil", "negativ"}
    small = demo_monitor.values("EW", 2024, "planungsraum").query("value < 300")["area_id"]
    assert not set(small) & {r["area_id"] for r in rows}  # areas under 300 inhabitants are not rated
    missing = run("index", "mss", "--data", str(DEMO_DIR), "--year", "2024")
    assert missing.returncode == 1 and "sozialindex" in missing.stderr
