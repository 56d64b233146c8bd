"""Parquet in and out with pyarrow, keeping pandas dtypes exactly.

A file pandas wrote carries its dtypes in the Parquet schema's pandas metadata (nullable
``Int64``, ``category``, ``datetime64`` with its unit and zone, ``boolean``), and pyarrow
restores them. A file from another writer (Spark, DuckDB, pyarrow) has none: there an
integer column holding nulls becomes a nullable ``Int64`` rather than ``float64`` (which
would turn ids into ``1.0``), and a ``date`` column a ``datetime64`` the core reads as a
date. The one Parquet reader and writer of the app, the CLI and the REST API.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from syndata.errors import IngestError, SyndataError


class ParquetWriteError(SyndataError):
    """A table holds values Parquet cannot type (a column mixing numbers and text)."""


MAGIC = b"PAR1"
SUFFIX = ".parquet"


def is_parquet(name: str, data: bytes = b"") -> bool:
    """A Parquet file, by its name or its first bytes."""
    return name.lower().endswith(SUFFIX) or data.startswith(MAGIC)


def read_parquet_bytes(data: bytes, name: str) -> pd.DataFrame:
    """The table in a Parquet file's bytes; ``name`` names it in messages."""
    import pyarrow
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(io.BytesIO(data))
    except (pyarrow.ArrowException, OSError, ValueError) as error:
        raise IngestError(f"{name} is not a readable Parquet file ({_line(error)}). Write it "
                          "again with pandas or pyarrow, or use a CSV.") from None
    frame = _to_pandas(table)
    if not isinstance(frame.index, pd.RangeIndex):
        frame = frame.reset_index()  # an index pandas wrote is data: keep it as columns
    if frame.empty:
        raise IngestError(f"{name} has no data rows: use a table with at least one row.")
    frame.attrs["ingest_notes"] = []
    return frame


def read_parquet_file(path: Path) -> pd.DataFrame:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise IngestError(f"{path} cannot be read ({error.strerror}).") from None
    return read_parquet_bytes(data, path.name)


def parquet_bytes(frame: pd.DataFrame, name: str) -> bytes:
    """``frame`` as a Parquet file, its dtypes recorded so ``read_parquet_bytes`` restores
    them; ``name`` names the table in messages."""
    import pyarrow
    import pyarrow.parquet as pq

    buffer = io.BytesIO()
    frame = frame.copy(deep=False)
    frame.attrs = {}  # the CSV writer's text formats, which Parquet's metadata cannot hold
    try:
        table = pyarrow.Table.from_pandas(frame, preserve_index=False)
        pq.write_table(table, buffer)
    except (pyarrow.ArrowException, ValueError, TypeError) as error:
        raise ParquetWriteError(f"Table {name} cannot be written as Parquet "
                                f"({_line(error)}).") from None
    return buffer.getvalue()


def write_parquet_tables(
    tables: Mapping[str, pd.DataFrame], metadata: Mapping[str, Any], out_dir: Path
) -> list[Path]:
    """``out_dir/<table>.parquet`` for every table and ``out_dir/metadata.json``."""
    from syndata.export import metadata_json

    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        written = []
        for name, frame in tables.items():
            path = out_dir / f"{name}{SUFFIX}"
            path.write_bytes(parquet_bytes(frame, name))
            written.append(path)
        (out_dir / "metadata.json").write_bytes(metadata_json(metadata))
    except OSError as error:
        raise SyndataError(
            f"Cannot write to {out_dir}: {error.strerror}. Choose another folder.") from None
    return written + [out_dir / "metadata.json"]


def _to_pandas(table: Any) -> pd.DataFrame:
    """pandas' own dtypes where the file records them; else nullable ints and datetimes."""
    import pyarrow

    if table.schema.pandas_metadata is not None:
        return table.to_pandas()
    nullable = {
        pyarrow.int8(): pd.Int8Dtype(), pyarrow.int16(): pd.Int16Dtype(),
        pyarrow.int32(): pd.Int32Dtype(), pyarrow.int64(): pd.Int64Dtype(),
        pyarrow.uint8(): pd.UInt8Dtype(), pyarrow.uint16(): pd.UInt16Dtype(),
        pyarrow.uint32(): pd.UInt32Dtype(), pyarrow.uint64(): pd.UInt64Dtype(),
    }
    frame = table.to_pandas(date_as_object=False)
    for name, column in zip(table.column_names, table.columns, strict=True):
        if column.type in nullable and column.null_count:
            frame[name] = pd.array(column.to_pylist(), dtype=nullable[column.type])
    return frame


def _line(error: BaseException) -> str:
    from syndata.errors import one_line

    return one_line(error, 200)
