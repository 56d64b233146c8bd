"""Writing a synthetic database into SQL: tables with their keys and foreign-key constraints.

Tables are created and filled parents first, one transaction per table (its CREATE and all
its rows), in bulk: PostgreSQL through psycopg's ``COPY``, other databases through batched
inserts. When any table fails, the tables this run already wrote are dropped again, so a
failure leaves nothing half-written. A target that already holds a table of the same name
is refused before anything is written, and the source schema itself only with
``overwrite_source`` (its tables of those names are then replaced). Identifiers are quoted
by SQLAlchemy (and by psycopg's ``sql.Identifier`` for COPY), never pasted into SQL.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from syndata.errors import SyndataError
from syndata.metadata import Schema
from syndata.sources.sql import SqlSource, database_error, engine_for, schema_names
from syndata.sources.urls import redact

BATCH_ROWS = 10_000


class DatabaseWriteError(SyndataError):
    """The synthetic tables cannot be written into the target database."""


@dataclass(frozen=True)
class SqlTarget:
    """Where to write: a URL and a schema (None: the database's default one)."""

    url: str
    schema: str | None = None


def write_database(
    tables: Mapping[str, pd.DataFrame], schema: Schema, target: SqlTarget,
    source: SqlSource | None = None, overwrite_source: bool = False,
) -> list[str]:
    """Create and fill ``tables`` in ``target``; one summary line per table written."""
    import sqlalchemy as sa
    from sqlalchemy.exc import SQLAlchemyError

    into_source = source is not None and same_place(source, target)
    if into_source and not overwrite_source:
        raise DatabaseWriteError(
            f"{_where(target)} is the database the real data was read from. Write into a new "
            "schema or database, or confirm replacing the real tables (--overwrite-source).")
    engine = engine_for(target.url, read_only=False)
    written: list[sa.Table] = []
    try:
        metadata = _tables(tables, schema, target.schema)
        order = [metadata.tables[_key(name, target.schema)] for name in
                 schema.subset(tables).topological_order()]
        _prepare(engine, target, order, replace=into_source)
        lines = []
        for table in order:
            with engine.begin() as connection:
                table.create(connection)
                written.append(table)
                _fill(connection, table, tables[table.name])
            lines.append(f"  {table.name:<24} {len(tables[table.name]):>12,} rows")
    except SQLAlchemyError as error:
        _drop(engine, written)
        raise DatabaseWriteError(database_error(error, target.url, "write to")) from None
    except BaseException:
        _drop(engine, written)
        raise
    finally:
        engine.dispose()
    return [f"wrote {len(order)} table(s) with their keys to {_where(target)}"] + lines


def same_place(source: SqlSource, target: SqlTarget) -> bool:
    """Do source and target name the same database and schema (passwords aside)?"""
    from pathlib import Path

    from sqlalchemy.engine import make_url

    a, b = make_url(source.url), make_url(target.url)
    if a.get_backend_name() != b.get_backend_name():
        return False
    if a.get_backend_name() in ("sqlite", "duckdb"):
        same = bool(a.database) and bool(b.database) and \
            Path(a.database).resolve() == Path(b.database).resolve()
    else:
        same = (a.host, a.port, a.database, a.query.get("host")) == \
            (b.host, b.port, b.database, b.query.get("host"))
    return same and (source.schema or "") == (target.schema or "")


def _where(target: SqlTarget) -> str:
    return redact(target.url) + (f" schema {target.schema}" if target.schema else "")


def _key(name: str, schema: str | None) -> str:
    return f"{schema}.{name}" if schema else name


def _tables(tables: Mapping[str, pd.DataFrame], schema: Schema, target_schema: str | None) -> Any:
    """A SQLAlchemy MetaData of the tables: column types from the frames, primary keys and
    foreign-key constraints from the schema."""
    import sqlalchemy as sa

    metadata = sa.MetaData(schema=target_schema)
    for name, frame in tables.items():
        spec = schema.table(name)
        parents = {r.child_key: r for r in schema.relationships
                   if r.child == name and r.parent in tables}
        columns = []
        for column in frame.columns:
            constraints = []
            if column in parents:
                r = parents[column]
                constraints.append(sa.ForeignKey(f"{_key(r.parent, target_schema)}."
                                                 f"{r.parent_key}"))
            sdtype = spec.columns[column].sdtype if column in spec.columns else None
            fmt = spec.columns[column].datetime_format if column in spec.columns else None
            columns.append(sa.Column(column, sql_type(frame[column], sdtype, fmt), *constraints,
                                     primary_key=column == spec.primary_key,
                                     autoincrement=False))
        sa.Table(name, metadata, *columns)
    return metadata


def sql_type(values: pd.Series, sdtype: str | None, datetime_format: str | None) -> Any:
    """The SQL type a column is created with: its dtype's, a date when its format has no
    time of day."""
    import sqlalchemy as sa

    dtype = values.dtype
    if pd.api.types.is_bool_dtype(dtype):
        return sa.Boolean()
    if pd.api.types.is_integer_dtype(dtype):
        return sa.BigInteger()
    if pd.api.types.is_float_dtype(dtype):
        return sa.Float()
    if pd.api.types.is_datetime64_any_dtype(dtype):
        if datetime_format and not any(t in datetime_format for t in ("%H", "%I", "%M", "%S")):
            return sa.Date()
        return sa.DateTime(timezone=getattr(dtype, "tz", None) is not None)
    return sa.Text()


def _prepare(engine: Any, target: SqlTarget, order: list[Any], replace: bool) -> None:
    """The target schema exists; the tables do not (or, replacing, no longer do)."""
    import sqlalchemy as sa

    with engine.begin() as connection:
        inspector = sa.inspect(connection)
        if target.schema is not None and target.schema not in schema_names(inspector):
            connection.execute(sa.schema.CreateSchema(target.schema))
            return
        existing = set(inspector.get_table_names(schema=target.schema))
        clash = [t.name for t in order if t.name in existing]
        if clash and not replace:
            raise DatabaseWriteError(
                f"{_where(target)} already has table(s) {', '.join(clash)}. Write into a new "
                "schema or database, or drop them first.")
        for table in reversed(order):
            if table.name in existing:
                table.drop(connection)


def _fill(connection: Any, table: Any, frame: pd.DataFrame) -> None:
    """All rows of ``frame`` into ``table``, in the open transaction."""
    rows = _python_rows(frame)
    if connection.dialect.name == "postgresql":
        _copy(connection, table, list(frame.columns), rows)
        return
    for start in range(0, len(rows), BATCH_ROWS):
        batch = [dict(zip(frame.columns, row, strict=True))
                 for row in rows[start:start + BATCH_ROWS]]
        connection.execute(table.insert(), batch)


def _copy(connection: Any, table: Any, columns: list[str], rows: list[tuple]) -> None:
    """PostgreSQL's COPY through psycopg, on the transaction's own connection."""
    from psycopg import sql

    name = sql.Identifier(table.schema, table.name) if table.schema else \
        sql.Identifier(table.name)
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        name, sql.SQL(", ").join(sql.Identifier(c) for c in columns))
    raw = connection.connection.driver_connection
    with raw.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)


def _python_rows(frame: pd.DataFrame) -> list[tuple]:
    """Rows of plain Python values (None for every kind of missing) the drivers accept."""
    converted = {}
    for name, values in frame.items():
        if pd.api.types.is_datetime64_any_dtype(values.dtype):
            objects = pd.Series([v.to_pydatetime() if pd.notna(v) else None for v in values],
                                index=values.index, dtype=object)
        else:
            objects = values.astype(object)
        converted[name] = objects.where(values.notna(), None).tolist()
    columns = [_plain(converted[name]) for name in frame.columns]
    return list(zip(*columns, strict=True)) if columns else []


def _plain(values: list[Any]) -> list[Any]:
    """numpy scalars as Python ones (``item()``); everything else as it is."""
    return [v.item() if hasattr(v, "item") and not isinstance(v, (str, bytes)) else v
            for v in values]


def _drop(engine: Any, written: list[Any]) -> None:
    """Drop what this run created, children first; best effort after a failure."""
    from sqlalchemy.exc import SQLAlchemyError

    for table in reversed(written):
        try:
            with engine.begin() as connection:
                table.drop(connection, checkfirst=True)
        except SQLAlchemyError:
            continue
