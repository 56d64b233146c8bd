"""*Connect a database* (home page) and *Write to a database* (Export page).

The password has a field of its own, typed as a password: it is sent to the database and
nowhere else. The URL field holds none (one typed there is used, and shown only as
``***`` in every message), and what the session keeps of a database is its URL without
a password: the table sources on the home page and the source the Export page protects.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from syndata.errors import SyndataError
from syndata.limits import check_table_limits
from syndata.metadata import Schema
from syndata.project import Project
from syndata.sources.sql import SqlSource, list_tables, read_database
from syndata.sources.sql_write import SqlTarget, write_database
from syndata.sources.urls import redact, with_password
from ui.runtime import settings
from ui.state import AppState

SOURCE_KEY = "database_source"
"""st.session_state key of the database read last, as a password-free ``SqlSource``."""
_LISTED_KEY = "database_listed"


def _connection_fields(prefix: str, placeholder: str) -> tuple[str, str, str | None]:
    """URL, password and schema fields; the URL with the password, and the schema."""
    url = st.text_input("Database URL", key=f"{prefix}_url", placeholder=placeholder,
                        help="sqlite:///path/shop.db, duckdb:///path/shop.duckdb or "
                        "postgresql://user@host:5432/database. Put the password in the "
                        "field below, not in the URL.").strip()
    password = st.text_input("Password", type="password", key=f"{prefix}_password",
                             help="Sent to the database only: never shown, logged or saved.")
    schema = st.text_input("Schema", key=f"{prefix}_schema",
                           help="Empty: the database's default schema (public, main).")
    return with_password(url, password), url, schema.strip() or None


def connect_database(state: AppState) -> None:
    """The *Connect a database* tab: list the tables, pick some, read them read-only."""
    if settings().hosted:
        st.info("The hosted demo does not connect to databases: run syndata yourself "
                "(`make run`) to read one.")
        return
    url, typed, schema = _connection_fields("source", "postgresql://ana@localhost/shop")
    if st.button("List tables", disabled=not typed):
        try:
            st.session_state[_LISTED_KEY] = (redact(url), schema, list_tables(url, schema))
        except SyndataError as error:
            st.error(str(error))
    listed = st.session_state.get(_LISTED_KEY)
    if not listed or listed[:2] != (redact(url), schema):
        return
    names = st.multiselect("Tables", listed[2], default=listed[2])
    cap = st.number_input(
        "Row cap per table (0: every row)", 0, 100_000_000, settings().max_rows or 0,
        help="A table above the cap is read as a uniform random sample; a child table keeps "
        "only rows whose parents were kept, so every foreign key still finds its parent.")
    st.caption("Keys and column types come from the database's own constraints and types. "
               "Reading is read-only. The loaded tables replace those in this session.")
    if st.button("Read tables", type="primary", disabled=not names):
        _read(state, SqlSource(url, schema, tuple(names), int(cap) or None))


def _read(state: AppState, source: SqlSource) -> None:
    config = settings()
    try:
        with st.spinner("Reading the tables..."):
            database = read_database(source)
        check_table_limits(database.tables, config.max_rows, config.max_columns)
    except SyndataError as error:
        st.error(str(error))
        return
    shown = redact(source.url) + (f" schema {source.schema}" if source.schema else "")
    state.project = Project(database.tables, {t: f"{shown}: {t}" for t in database.tables},
                            database.schema)
    st.session_state[SOURCE_KEY] = SqlSource(redact(source.url), source.schema)
    rows = sum(len(f) for f in database.tables.values())
    notes = f" Notes: {' '.join(database.notes)}" if database.notes else ""
    state.notices.append(("success", f"Read {len(database.tables)} table(s), {rows:,} rows, "
                          f"from {shown}.{notes}"))
    st.rerun()


def write_to_database(tables: dict[str, pd.DataFrame], schema: Schema) -> None:
    """The *Write to a database* form of the Export page."""
    if settings().hosted:
        st.info("The hosted demo does not write to databases: download the tables instead.")
        return
    url, typed, target_schema = _connection_fields("target",
                                                   "sqlite:///synthetic.db or postgresql://...")
    source = st.session_state.get(SOURCE_KEY)
    overwrite = False
    if source is not None:
        overwrite = st.checkbox(
            f"Allow writing into the source ({redact(source.url)}), replacing its tables",
            value=False, help="Off: writing where the real data was read from is refused.")
    st.caption("Tables are created with their primary keys and foreign-key constraints and "
               "filled parents first, one transaction per table; if one fails, the tables "
               "written are dropped again. Existing tables are never overwritten.")
    if st.button("Write to the database", disabled=not typed):
        try:
            with st.spinner("Writing..."):
                lines = write_database(tables, schema, SqlTarget(url, target_schema), source,
                                       overwrite)
        except SyndataError as error:
            st.error(str(error))
            return
        st.success(lines[0])
