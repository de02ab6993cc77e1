"""The store: real DuckDB over real Parquet files, locked down, safe across threads and forks."""
import os
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd
import pytest

from dashboard.store import QUERIES_DIR, QueryError, Store

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("tiny")
    areas = pd.DataFrame({
        "area_id": ["gesamt", "01", "0101", "0102"],
        "level": ["stadt", "bezirk", "planungsraum", "planungsraum"],
        "name": ["Teststadt", "Mitte", "Nord", "Süd"],
        "parent_id": [None, "gesamt", "01", "01"],
    })
    areas.to_parquet(folder / "areas.parquet")
    rows = []
    for year in (2023, 2024):
        for area, level, ew, num, den in (("0101", "planungsraum", 1000, 100, 800), ("0102", "planungsraum", 250, 30, 200),
                                          ("01", "bezirk", 1250, 130, 1000)):
            rows.append((area, level, "EW", year, float(ew), None, None, False))
            rows.append((area, level, "A1", year, 100 * num / den, float(num), float(den), False))
    pd.DataFrame(rows, columns=["area_id", "level", "indicator_id", "year", "value", "numerator", "denominator", "estimate"]).to_parquet(folder / "values.parquet")
    return folder


def test_named_query_with_parameters(tiny):
    store = Store(tiny)
    frame = store.frame("indicator_values_by_level", {"indicator_id": "A1", "year": 2024, "level": "planungsraum", "population_indicator": "EW"})
    assert frame["area_id"].tolist() == ["0101", "0102"]
    assert frame["value"].tolist() == pytest.approx([12.5, 15.0])
    assert frame["population"].tolist() == [1000, 250]


def test_hostile_parameter_is_only_data(tiny):
    store = Store(tiny)
    frame = store.frame("area_by_id", {"area_id": "0101' OR '1'='1"})
    assert frame.empty


def test_no_file_access_after_load(tiny):
    store = Store(tiny)
    cursor = store._cursor()
    with pytest.raises(Exception, match="(?i)permission|external access|disabled"):
        cursor.execute("SELECT * FROM read_csv('/etc/passwd')").fetchall()
    with pytest.raises(Exception):
        cursor.execute("SET enable_external_access = true")
    with pytest.raises(Exception):
        cursor.execute(f"COPY areas TO '{tiny}/leak.csv'")
    assert not (tiny / "leak.csv").exists()


def test_unknown_query_is_named_in_the_error(tiny):
    with pytest.raises(QueryError, match="gibt_es_nicht"):
        Store(tiny).frame("gibt_es_nicht")


def test_many_threads_query_at_once(tiny):
    store = Store(tiny)

    def work(i: int):
        year = 2023 + i % 2
        frame = store.frame("indicator_values_by_level", {"indicator_id": "A1", "year": year, "level": "planungsraum", "population_indicator": "EW"})
        return len(frame), frame["value"].sum()

    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(work, range(2000)))
    assert all(n == 2 for n, _ in results)
    assert {round(total, 6) for _, total in results} == {27.5}


def test_connection_is_recreated_after_fork(tiny):
    store = Store(tiny)
    assert store.rows("area_by_id", {"area_id": "01"})
    parent_connection = store._con
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: must open its own connection, not reuse the parent's
        try:
            ok = store.rows("area_by_id", {"area_id": "0102"})[0][2] == "Süd" and store._con is not parent_connection
            os.write(write, b"1" if ok else b"0")
        finally:
            os._exit(0)
    os.waitpid(pid, 0)
    assert os.read(read, 1) == b"1"
    assert store._con is parent_connection


def test_every_query_file_is_one_statement():
    for path in QUERIES_DIR.glob("*.sql"):
        text = re.sub(r"--[^\n]*", "", path.read_text(encoding="utf-8")).strip().rstrip(";")
        assert ";" not in text, f"{path.name}: mehr als eine Anweisung"


def test_only_the_store_imports_duckdb():
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "dashboard").rglob("*.py")
                 if "import duckdb" in p.read_text(encoding="utf-8") and "store" not in p.parts]
    assert offenders == []
