"""Reading a SQL database: its tables, keys and column types, as one syndata database.

SQLAlchemy connects by URL (``sqlite:///shop.db``, ``duckdb:///shop.duckdb``,
``postgresql+psycopg://user:pw@host/db``). Keys come from the database's own constraints
(SQLAlchemy's inspector; DuckDB's ``duckdb_constraints()``, which its SQLAlchemy dialect
cannot reflect), and column types map to sdtypes, so the schema is declared, not detected:
only PII-looking text is typed as PII, as on every other path. Every read runs read-only
(SQLite ``query_only``, DuckDB ``read_only``, PostgreSQL read-only transactions) and names
tables through SQLAlchemy constructs, which quote identifiers; no name is pasted into SQL.

Tables are read in chunks. With a row cap, a table above it keeps a uniform random sample
(seeded, so the same database gives the same sample) and a child keeps only rows whose
parents were kept, then is sampled the same way: every foreign key still finds its parent.
"""

from __future__ import annotations

import graphlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from syndata.errors import IngestError, one_line
from syndata.metadata import Column, Relationship, Schema, Table
from syndata.sources.urls import redact, scrub

CHUNK_ROWS = 50_000
DATE_FORMAT = "%Y-%m-%d"
TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S"


@dataclass(frozen=True)
class SqlSource:
    """What to read: a URL, a schema (None: the database's default), some tables (None:
    all) and a row cap per table (None: every row)."""

    url: str
    schema: str | None = None
    tables: tuple[str, ...] | None = None
    row_cap: int | None = None
    seed: int = 0


@dataclass
class SqlDatabase:
    """Tables read, their declared schema and what the reader has to say (caps, skips)."""

    tables: dict[str, pd.DataFrame]
    schema: Schema
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Key:
    """A foreign key as the database declares it (single-column ones are modelled)."""

    child: str
    columns: tuple[str, ...]
    parent: str
    parent_columns: tuple[str, ...]


def engine_for(url: str, read_only: bool) -> Any:
    """A SQLAlchemy engine for ``url``; bad URLs and missing drivers are one clear line."""
    import sqlalchemy as sa
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    shown = redact(url)
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        raise IngestError(f"{shown} is not a database URL. Write it as "
                          "dialect://user:password@host/database, e.g. sqlite:///shop.db or "
                          "postgresql+psycopg://ana@localhost/shop.") from None
    backend = parsed.get_backend_name()
    if parsed.drivername == "postgresql":  # psycopg (3) is the driver we install
        parsed = parsed.set(drivername="postgresql+psycopg")
    database = parsed.database or ""
    if read_only and backend in ("sqlite", "duckdb") and database not in ("", ":memory:") \
            and not Path(database).is_file():
        raise IngestError(f"{shown}: there is no database file {database}. Check the path.")
    connect_args: dict[str, Any] = {}
    if read_only and backend == "duckdb":
        connect_args["read_only"] = True
    try:
        engine = sa.create_engine(parsed, connect_args=connect_args)
    except NoSuchModuleError:
        raise IngestError(f"{shown}: no SQLAlchemy driver for '{parsed.drivername}'. Use "
                          "sqlite, duckdb or postgresql, or install that database's "
                          "driver.") from None
    except ImportError as error:
        raise IngestError(f"{shown}: the driver for '{parsed.drivername}' is not installed "
                          f"({one_line(error)}). Install it, or use sqlite, duckdb or "
                          "postgresql.") from None
    except ArgumentError as error:
        raise IngestError(f"{shown}: cannot use this URL ({scrub(one_line(error), url)})."
                          ) from None
    if backend == "sqlite":
        _sqlite_pragmas(engine, read_only)
    return engine


def _sqlite_pragmas(engine: Any, read_only: bool) -> None:
    """SQLite enforces foreign keys only when asked, and refuses writes in ``query_only``."""
    from sqlalchemy import event

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        if read_only:
            cursor.execute("PRAGMA query_only = ON")
        cursor.close()


@contextmanager
def read_only_connection(url: str) -> Iterator[Any]:
    """A connection that cannot write, in one transaction; driver errors as IngestError."""
    from sqlalchemy.exc import SQLAlchemyError

    engine = engine_for(url, read_only=True)
    try:
        with engine.connect() as connection:
            if engine.dialect.name == "postgresql":
                connection = connection.execution_options(postgresql_readonly=True)
            with connection.begin():
                yield connection
    except SQLAlchemyError as error:
        raise IngestError(database_error(error, url, "read")) from None
    finally:
        engine.dispose()


def database_error(error: Exception, url: str, doing: str) -> str:
    """A driver's error as one line that names the database without its password."""
    reason = scrub(one_line(getattr(error, "orig", None) or error), url)
    if "permission denied" in reason.lower():
        hint = "Ask for access, or connect as a user who may " + doing + " it."
    else:
        hint = "Check the URL, the server and the names."
    stop = "" if reason.endswith((".", "?", "!")) else "."
    return f"Cannot {doing} {redact(url)}: {reason}{stop} {hint}"


def list_tables(url: str, schema: str | None = None) -> list[str]:
    """The tables of ``schema`` (the default one when None), sorted."""
    import sqlalchemy as sa

    with read_only_connection(url) as connection:
        inspector = sa.inspect(connection)
        _check_schema(inspector, schema, url)
        return sorted(inspector.get_table_names(schema=schema))


def read_database(source: SqlSource) -> SqlDatabase:
    """The chosen tables with their declared keys and types, within the row cap."""
    import sqlalchemy as sa

    with read_only_connection(source.url) as connection:
        inspector = sa.inspect(connection)
        _check_schema(inspector, source.schema, source.url)
        available = sorted(inspector.get_table_names(schema=source.schema))
        names = _chosen(source, available)
        columns = {t: inspector.get_columns(t, schema=source.schema) for t in names}
        primary, keys = _declared_keys(connection, inspector, source.schema, names)
        schema, notes = _schema(names, columns, primary, keys)
        tables: dict[str, pd.DataFrame] = {}
        kept_keys: dict[str, pd.Series] = {}
        for name in schema.topological_order():
            frame, note = _read_table(connection, source, name, columns[name], schema,
                                      kept_keys)
            tables[name] = frame
            notes += [note] if note else []
            pk = schema.tables[name].primary_key
            if pk is not None and note:  # rows were left out: children must follow
                kept_keys[name] = frame[pk]
    empty = [name for name in names if tables[name].empty]
    if empty:
        others = ",".join(n for n in names if n not in empty) or "..."
        raise IngestError(f"{', '.join(empty)} hold(s) no rows, so there is nothing to learn "
                          f"from: read the other tables (--tables {others}).")
    tables = {name: tables[name] for name in names}
    _apply_pii(schema, tables, notes)
    return SqlDatabase(tables, schema, notes)


def _check_schema(inspector: Any, schema: str | None, url: str) -> None:
    if schema is None:
        return
    schemas = schema_names(inspector)
    if schema not in schemas:
        raise IngestError(f"{redact(url)} has no schema '{schema}'. Schemas: "
                          f"{', '.join(sorted(schemas))}.")


def schema_names(inspector: Any) -> list[str]:
    """The schemas a user can name. DuckDB's dialect lists them as ``catalog.schema``
    (``shop.sales``, ``system.main``): there they are the schemas of the opened file."""
    names = inspector.get_schema_names()
    if inspector.dialect.name != "duckdb":
        return names
    return sorted({n.partition(".")[2] for n in names
                   if "." in n and n.partition(".")[0] not in ("system", "temp")})


def _chosen(source: SqlSource, available: list[str]) -> list[str]:
    where = f"{redact(source.url)}" + (f" schema {source.schema}" if source.schema else "")
    if not available:
        raise IngestError(f"{where} holds no tables. Name another schema with --schema.")
    if source.tables is None:
        return available
    unknown = [t for t in source.tables if t not in available]
    if unknown:
        raise IngestError(f"{where} has no table(s) {', '.join(unknown)}. Tables: "
                          f"{', '.join(available)}.")
    return list(dict.fromkeys(source.tables))


def _declared_keys(
    connection: Any, inspector: Any, schema: str | None, names: list[str]
) -> tuple[dict[str, tuple[str, ...]], list[_Key]]:
    """Primary and foreign keys as the database's constraints declare them."""
    if connection.dialect.name == "duckdb":
        return _duckdb_keys(connection, schema, names)
    primary = {t: tuple(inspector.get_pk_constraint(t, schema=schema)
                        .get("constrained_columns") or ()) for t in names}
    keys = [_Key(t, tuple(fk["constrained_columns"]), fk["referred_table"],
                 tuple(fk["referred_columns"]))
            for t in names for fk in inspector.get_foreign_keys(t, schema=schema)]
    return primary, keys


def _duckdb_keys(
    connection: Any, schema: str | None, names: list[str]
) -> tuple[dict[str, tuple[str, ...]], list[_Key]]:
    import sqlalchemy as sa

    rows = connection.execute(sa.text(
        "SELECT table_name, constraint_type, constraint_column_names, referenced_table, "
        "referenced_column_names FROM duckdb_constraints() WHERE schema_name = :schema "
        "AND constraint_type IN ('PRIMARY KEY', 'FOREIGN KEY')"),
        {"schema": schema or "main"}).fetchall()
    primary: dict[str, tuple[str, ...]] = {t: () for t in names}
    keys = []
    for table, kind, cols, parent, parent_cols in rows:
        if table not in primary:
            continue
        if kind == "PRIMARY KEY":
            primary[table] = tuple(cols)
        else:
            keys.append(_Key(table, tuple(cols), parent, tuple(parent_cols)))
    return primary, keys


def _schema(
    names: list[str], columns: dict[str, list[dict[str, Any]]],
    primary: dict[str, tuple[str, ...]], keys: list[_Key],
) -> tuple[Schema, list[str]]:
    """Our schema of the declared keys and types, and notes on keys it cannot model."""
    notes: list[str] = []
    pks: dict[str, str | None] = {}
    for name in names:
        cols = primary.get(name, ())
        if len(cols) > 1:
            notes.append(f"{name}: its primary key ({', '.join(cols)}) spans several columns;"
                         " it is modelled without one.")
        pks[name] = cols[0] if len(cols) == 1 else None
    relationships = []
    for key in keys:
        label = f"{key.child}({', '.join(key.columns)}) -> {key.parent}"
        if key.parent not in pks:
            notes.append(f"{label}: {key.parent} is not read, so this foreign key is kept as "
                         "a plain column.")
        elif len(key.columns) != 1 or key.parent == key.child \
                or key.parent_columns != (pks[key.parent],):
            notes.append(f"{label}: only single-column keys to another table's primary key "
                         "are modelled; this one is kept as plain columns.")
        else:
            relationships.append(Relationship(key.parent, key.parent_columns[0], key.child,
                                              key.columns[0]))
    order = graphlib.TopologicalSorter({n: set() for n in names})
    for r in relationships:
        order.add(r.child, r.parent)
    try:
        tuple(order.static_order())
    except graphlib.CycleError as error:
        raise IngestError(f"The foreign keys of {', '.join(error.args[1])} form a cycle: read "
                          "fewer tables with --tables.") from None
    key_columns = {(r.child, r.child_key) for r in relationships}
    tables = {}
    for name in names:
        table_columns = {}
        for col in columns[name]:
            is_key = col["name"] == pks[name] or (name, col["name"]) in key_columns
            table_columns[col["name"]] = Column("id") if is_key else column_for(col["type"])
        tables[name] = Table(table_columns, pks[name])
    return Schema(tables, relationships), notes


def column_for(sql_type: Any) -> Column:
    """The sdtype (and datetime format) of a SQL column type."""
    import sqlalchemy as sa

    if isinstance(sql_type, sa.Boolean):
        return Column("boolean")
    if isinstance(sql_type, sa.DateTime):
        return Column("datetime", TIMESTAMP_FORMAT)
    if isinstance(sql_type, sa.Date):
        return Column("datetime", DATE_FORMAT)
    if isinstance(sql_type, (sa.Integer, sa.Numeric, sa.Float)):
        return Column("numerical")
    return Column("categorical")


def _read_table(
    connection: Any, source: SqlSource, name: str, columns: list[dict[str, Any]],
    schema: Schema, kept_keys: dict[str, pd.Series],
) -> tuple[pd.DataFrame, str | None]:
    """One table in chunks: children of sampled parents keep only rows with a kept parent,
    then at most ``row_cap`` rows are kept, uniformly; a note says what was dropped."""
    import sqlalchemy as sa

    table = sa.table(name, *[sa.column(c["name"]) for c in columns], schema=source.schema)
    filters = [(r.child_key, kept_keys[r.parent]) for r in schema.relationships
               if r.child == name and r.parent in kept_keys]
    rng = np.random.default_rng([source.seed, len(name), sum(map(ord, name))])
    kept: pd.DataFrame | None = None
    total = 0
    for chunk in pd.read_sql(sa.select(table), connection, chunksize=CHUNK_ROWS,
                             coerce_float=False):
        chunk = chunk.assign(__row=np.arange(total, total + len(chunk)),
                             __draw=rng.random(len(chunk)))
        total += len(chunk)
        for column, parents in filters:
            chunk = chunk[chunk[column].isna() | chunk[column].isin(parents)]
        kept = chunk if kept is None else pd.concat([kept, chunk], ignore_index=True)
        if source.row_cap is not None and len(kept) > source.row_cap:
            kept = kept.nsmallest(source.row_cap, "__draw")
    if kept is None:
        kept = pd.DataFrame({c["name"]: [] for c in columns}).assign(__row=[], __draw=[])
    frame = kept.sort_values("__row").drop(columns=["__row", "__draw"]).reset_index(drop=True)
    frame = _typed(frame, columns)
    if len(frame) == total:
        return frame, None
    why = " (rows whose parents were not kept are left out)" if filters else ""
    return frame, (f"{name}: {len(frame):,} of {total:,} rows read, a uniform sample within "
                   f"the row cap{why}; every foreign key keeps its parent.")


def _typed(frame: pd.DataFrame, columns: list[dict[str, Any]]) -> pd.DataFrame:
    """pandas dtypes for the declared SQL types (NULLs kept: nullable ints, booleans)."""
    import sqlalchemy as sa

    for col in columns:
        name, sql_type = col["name"], col["type"]
        values = frame[name]
        if isinstance(sql_type, sa.Boolean):
            frame[name] = values.astype("boolean")
        elif isinstance(sql_type, (sa.DateTime, sa.Date)):
            frame[name] = pd.to_datetime(values)
        elif isinstance(sql_type, sa.Integer):
            frame[name] = values.astype("Int64") if values.isna().any() else \
                values.astype("int64")
        elif isinstance(sql_type, (sa.Numeric, sa.Float)):
            frame[name] = pd.to_numeric(values).astype("float64")
    return frame


def _apply_pii(schema: Schema, tables: dict[str, pd.DataFrame], notes: list[str]) -> None:
    """Text that looks like personal data gets its PII sdtype (as after detection), and
    text ids their values' format, so generated keys look like the real ones."""
    from syndata.pii import apply_detected_pii

    notes += apply_detected_pii(schema, tables)
    schema.learn_key_formats(tables)
