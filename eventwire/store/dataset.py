"""A Parquet dataset written by the Ray engine, read in place with the store's table names.

Why: a big run's output is a folder of Parquet files (layout in `eventwire.store.rows`), too big
to load into one store file just to ask a question of it. `ParquetDataset` opens an in-memory
DuckDB whose views `documents`, `events`, `mentions`, `actors` and `discards` read the files
committed when it opens (see `eventwire.engine_ray`) where they are, so the SQL an analyst
writes for a store runs unchanged on a dataset. Rows are per
article: events are not merged across articles until `EventStore.load_parquet`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import duckdb
import pyarrow as pa

from eventwire.errors import StoreError
from eventwire.store.rows import ARROW_SCHEMAS, TABLES

COMMIT_FOLDER = "inputs"
"""Where the Ray engine records each committed batch (one row per consumed input)."""


def dataset_root(path: str | Path) -> Path:
    """`path` as a dataset folder; StoreError if it does not hold one."""
    root = Path(path)
    if not any((root / folder).is_dir() for folder in ("documents", "discards", COMMIT_FOLDER)):
        raise StoreError(str(root), f"not an eventwire Parquet dataset (no documents/, discards/ or {COMMIT_FOLDER}/ folder)")
    return root


def batch_name(file_name: str) -> str:
    """The batch (`<shard key>-<attempt>`) a Ray engine file belongs to (`<key>-<attempt>[-i].parquet`)."""
    return "-".join(file_name.removesuffix(".parquet").split("-")[:2])


def batch_key(file_name: str) -> str:
    """The shard key a Ray engine file belongs to."""
    return file_name.split("-", 1)[0]


def committed_batches(root: Path) -> set[str] | None:
    """Names (`<key>-<attempt>`) of the committed batches; None when the dataset keeps no commit
    files (written by another tool), in which case every file counts."""
    folder = root / COMMIT_FOLDER
    if not folder.is_dir():
        return None
    return {batch_name(p.name) for p in folder.glob("*.parquet")}


def dataset_files(root: Path, table: str, committed: set[str] | None) -> list[str]:
    """The Parquet files of one table, hive partition folders included, in a stable order.

    With `committed` (from `committed_batches`), files of an attempt without a commit file (a
    worker killed mid-batch) are left out.
    """
    folder = root / table
    files = sorted(folder.rglob("*.parquet")) if folder.is_dir() else []
    return [str(f) for f in files if committed is None or batch_name(f.name) in committed]


def typed_select(table: str, files: str = "?") -> str:
    """SELECT over `read_parquet(files)` that casts every column to the store's type; `files` is
    SQL for a list or a glob, by default a parameter.

    Hive partition values come back as whatever DuckDB guesses from the folder names; the casts
    make a dataset's columns the same as a store's, whatever the files hold.
    """
    columns = ", ".join(f'CAST("{field.name}" AS {duck_type(field.type)}) AS "{field.name}"' for field in ARROW_SCHEMAS[table])
    return f"SELECT {columns} FROM read_parquet({files}, hive_partitioning = true, union_by_name = true)"


def sql_string(text: str) -> str:
    """`text` as an SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def duck_type(arrow_type: pa.DataType) -> str:
    if pa.types.is_list(arrow_type):
        return duck_type(arrow_type.value_type) + "[]"
    return {
        pa.string(): "VARCHAR", pa.date32(): "DATE", pa.bool_(): "BOOLEAN", pa.float64(): "DOUBLE",
        pa.int8(): "TINYINT", pa.int32(): "INTEGER", pa.uint32(): "UINTEGER",
    }[arrow_type]


def run_query(con: duckdb.DuckDBPyConnection, where: str, sql: str, params: Sequence[object] | None = None) -> pa.Table:
    """Any SQL as a pyarrow Table; a DuckDB error becomes a StoreError naming `where`."""
    try:
        relation = con.sql(sql, params=params) if params else con.sql(sql)
        return relation.to_arrow_table() if relation is not None else pa.table({})
    except duckdb.Error as exc:
        raise StoreError(where, f"query failed: {exc}") from None


class ParquetDataset:
    """Read-only SQL over a Ray run's Parquet output folder."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        root = dataset_root(path).resolve()
        committed = committed_batches(root)
        self._con = duckdb.connect()
        for table in TABLES:
            try:
                files = dataset_files(root, table, committed)
                if files:
                    listed = "[" + ", ".join(sql_string(f) for f in files) + "]"
                    self._con.execute(f"CREATE VIEW {table} AS {typed_select(table, listed)}")
                else:
                    self._con.register(table, ARROW_SCHEMAS[table].empty_table())
            except duckdb.Error as exc:
                self._con.close()
                raise StoreError(self.path, f"cannot read the {table} files ({exc})") from None

    def query(self, sql: str, params: Sequence[object] | None = None) -> pa.Table:
        return run_query(self._con, self.path, sql, params)

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> ParquetDataset:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
