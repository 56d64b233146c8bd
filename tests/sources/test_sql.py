"""Reading SQLite and DuckDB: keys from constraints, types mapped, row cap, clear errors."""

from __future__ import annotations

import pandas as pd
import pytest
import sqlalchemy as sa

from syndata.errors import IngestError
from syndata.sources.sql import SqlSource, list_tables, read_database, read_only_connection
from tests.sources.databases import CUSTOMERS, ORDERS


@pytest.fixture(params=["sqlite", "duckdb"])
def shop_url(request) -> str:
    return request.getfixturevalue(f"{request.param}_shop")


def test_keys_come_from_constraints_and_types_from_columns(shop_url):
    database = read_database(SqlSource(shop_url))
    schema = database.schema
    assert schema.primary_key("customers") == "id"
    assert schema.primary_key("orders") == "order_id"
    assert [r.label() for r in schema.relationships] == ["orders.customer_id -> customers.id"]
    assert schema.sdtypes("customers") == {"id": "id", "email": "email", "signup": "datetime",
                                           "vip": "boolean", "score": "numerical"}
    assert schema.datetime_format("customers", "signup") == "%Y-%m-%d"
    assert schema.datetime_format("orders", "placed") == "%Y-%m-%d %H:%M:%S"
    assert schema.sdtype("orders", "status") == "categorical"
    orders = database.tables["orders"]
    assert len(orders) == ORDERS and len(database.tables["customers"]) == CUSTOMERS
    assert str(orders["customer_id"].dtype) == "Int64" and orders["customer_id"].isna().any()
    assert pd.api.types.is_datetime64_dtype(orders["placed"])
    assert str(database.tables["customers"]["vip"].dtype) == "boolean"


def test_row_cap_keeps_every_foreign_key_with_its_parent(shop_url):
    database = read_database(SqlSource(shop_url, row_cap=20))
    customers, orders = database.tables["customers"], database.tables["orders"]
    assert len(customers) == 20 and 0 < len(orders) <= 20
    assert orders["customer_id"].dropna().isin(customers["id"]).all()
    assert any("20 of 60 rows" in note for note in database.notes)
    again = read_database(SqlSource(shop_url, row_cap=20))
    pd.testing.assert_frame_equal(again.tables["orders"], orders)


def test_chosen_tables_only_and_a_key_to_an_unread_table_is_said(shop_url):
    assert list_tables(shop_url) == ["customers", "orders"]
    database = read_database(SqlSource(shop_url, tables=("orders",)))
    assert list(database.tables) == ["orders"] and not database.schema.relationships
    assert any("customers is not read" in note for note in database.notes)


def test_unknown_table_schema_and_missing_file_are_one_clear_line(shop_url, tmp_path):
    with pytest.raises(IngestError, match=r"has no table\(s\) nope. Tables: customers, orders"):
        read_database(SqlSource(shop_url, tables=("nope",)))
    with pytest.raises(IngestError, match="has no schema 'elsewhere'"):
        read_database(SqlSource(shop_url, schema="elsewhere"))
    missing = tmp_path / "missing.db"
    with pytest.raises(IngestError, match="there is no database file"):
        read_database(SqlSource(f"sqlite:///{missing}"))
    assert not missing.exists()  # reading never creates a database


@pytest.mark.parametrize("url, fragment", [
    ("not a url://", "is not a database URL"),
    ("nosuchdb://u:pw-9@host/db", "no SQLAlchemy driver for 'nosuchdb'"),
    ("mysql://u:pw-9@host/db", "the driver for 'mysql' is not installed"),
])
def test_bad_urls_are_refused_without_their_password(url, fragment):
    with pytest.raises(IngestError, match=fragment) as raised:
        read_database(SqlSource(url))
    assert "pw-9" not in str(raised.value)


def test_source_reads_are_read_only(shop_url):
    with pytest.raises(IngestError, match="(?i)read.?only"), \
            read_only_connection(shop_url) as connection:
        connection.execute(sa.text("DELETE FROM orders"))
    assert len(read_database(SqlSource(shop_url)).tables["orders"]) == ORDERS


def test_an_empty_table_is_named_with_the_others_to_read(sqlite_shop):
    engine = sa.create_engine(sqlite_shop)
    with engine.begin() as connection:
        connection.execute(sa.text("CREATE TABLE notes (id INTEGER PRIMARY KEY)"))
    engine.dispose()
    with pytest.raises(IngestError, match=r"notes hold\(s\) no rows.*--tables customers,orders"):
        read_database(SqlSource(sqlite_shop))
