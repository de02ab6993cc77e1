"""DuckDB, owned in one place (the only module that imports duckdb).

Why this shape:
- DuckDB connections are not fork-safe, so the connection is created lazily in the process that
  uses it (gunicorn workers fork after import) and re-created when os.getpid() changes.
- A connection is not thread-safe (DuckDB 2.0 raises on concurrent use), so every thread gets its
  own cursor from threading.local.
- Tables are loaded from Parquet into memory at start (a map query takes ~1 ms instead of ~5 ms),
  then the connection is locked down: no file access, no extension loading, configuration frozen.
- Every statement is a named file in queries/, executed with parameters only.
"""
from __future__ import annotations

import os
import threading
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from dashboard.settings import PROJECT_ROOT

QUERIES_DIR = PROJECT_ROOT / "queries"


class QueryError(RuntimeError):
    """A named query failed; the message names the query."""


@cache
def sql(name: str) -> str:
    """The text of queries/<name>.sql (one statement, parameters only)."""
    path = QUERIES_DIR / f"{name}.sql"
    if not path.is_file():
        raise QueryError(f"Abfrage {name!r} gibt es nicht ({path}).")
    return path.read_text(encoding="utf-8")


class Store:
    """Read-only access to one dataset folder through an in-memory DuckDB database."""

    # table name -> parquet file in the dataset folder and the columns loaded
    TABLES = {
        "areas": ("areas.parquet", None),
        "area_values": ("values.parquet", None),
        "gazetteer": ("gazetteer.parquet", None),  # optional (dashboard/gazetteer.py): empty without the file
    }

    def __init__(self, dataset_dir: Path):
        self.dataset_dir = Path(dataset_dir)
        self._lock = threading.Lock()
        self._pid: int | None = None
        self._con: duckdb.DuckDBPyConnection | None = None
        self._local = threading.local()

    # -- connection lifecycle -------------------------------------------------------------
    def _connection(self) -> duckdb.DuckDBPyConnection:
        pid = os.getpid()
        if self._con is None or self._pid != pid:
            with self._lock:
                if self._con is None or self._pid != pid:
                    self._con = self._open()
                    self._pid = pid
                    self._local = threading.local()
        return self._con

    def _open(self) -> duckdb.DuckDBPyConnection:
        con = duckdb.connect(
            ":memory:",
            config={"autoinstall_known_extensions": False, "autoload_known_extensions": False, "threads": 1},
        )
        for table, (filename, _columns) in self.TABLES.items():
            path = self.dataset_dir / filename
            if table == "gazetteer" and path.is_file():
                # 401,032 Berlin addresses: 41 MB as a plain in-memory table, 5 MB in a compressed one (compression
                # happens at CHECKPOINT); read by DuckDB itself, without the Arrow copy (docs/performance.md)
                con.execute("ATTACH ':memory:' AS packed (COMPRESS)")
                con.execute("CREATE TABLE packed.gazetteer AS SELECT * FROM read_parquet($path)", {"path": str(path)})
                con.execute("CHECKPOINT packed")
                con.execute("CREATE VIEW gazetteer AS SELECT * FROM packed.gazetteer")
                continue
            if table == "gazetteer":
                from dashboard.gazetteer import STORED_COLUMNS
                arrow = pa.table({c: pa.array([], pa.int64() if c == "weight" else pa.string()) for c in STORED_COLUMNS})
            else:
                arrow = pq.read_table(path)
            if table == "areas" and "geometry" in arrow.column_names:
                arrow = arrow.drop(["geometry"])  # geometry is served as web/*.geojson, not queried
            if table == "areas" and "neighbours" not in arrow.column_names:  # a folder written before neighbours existed
                arrow = arrow.append_column("neighbours", pa.nulls(arrow.num_rows, pa.list_(pa.string())))
            con.register("_incoming", arrow)
            con.execute(f"CREATE TABLE {table} AS SELECT * FROM _incoming")  # table names are constants above
            con.unregister("_incoming")
        for statement in ("lockdown_external_access", "lockdown_configuration"):
            con.execute(sql(statement))
        return con

    def _cursor(self) -> duckdb.DuckDBPyConnection:
        con = self._connection()
        cursor = getattr(self._local, "cursor", None)
        if cursor is None:
            cursor = con.cursor()
            self._local.cursor = cursor
        return cursor

    # -- queries --------------------------------------------------------------------------
    def frame(self, name: str, params: dict | None = None) -> pd.DataFrame:
        """Run queries/<name>.sql with named parameters and return a DataFrame (a fresh copy)."""
        try:
            return self._cursor().execute(sql(name), params or {}).df()
        except duckdb.Error as exc:
            raise QueryError(f"Abfrage {name!r} ist fehlgeschlagen: {exc}") from exc

    def rows(self, name: str, params: dict | None = None) -> list[tuple]:
        try:
            return self._cursor().execute(sql(name), params or {}).fetchall()
        except duckdb.Error as exc:
            raise QueryError(f"Abfrage {name!r} ist fehlgeschlagen: {exc}") from exc
