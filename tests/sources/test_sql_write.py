"""Writing synthetic databases into SQLite and DuckDB: keys and constraints the database
enforces, the source protected, nothing left behind by a failure."""

from __future__ import annotations

import pandas as pd
import pytest
import sqlalchemy as sa

from syndata import synthesis
from syndata.sources.sql import SqlSource, engine_for, read_database
from syndata.sources.sql_write import DatabaseWriteError, SqlTarget, write_database


@pytest.fixture(params=["sqlite", "duckdb"])
def shop_url(request) -> str:
    return request.getfixturevalue(f"{request.param}_shop")


def _synthetic(url: str) -> tuple[dict[str, pd.DataFrame], object]:
    database = read_database(SqlSource(url))
    model = synthesis.fit("cart", database.schema, database.tables, {})
    return model.sample(scale=0.5, seed=3), database.schema


def _target(url: str, tmp_path) -> str:
    backend, _, _ = url.partition(":")
    return f"{backend}:///{tmp_path / ('synthetic.' + backend)}"


def test_round_trip_keeps_keys_and_the_database_refuses_an_orphan(shop_url, tmp_path):
    synthetic, schema = _synthetic(shop_url)
    target = _target(shop_url, tmp_path)
    lines = write_database(synthetic, schema, SqlTarget(target), SqlSource(shop_url))
    assert lines[0].startswith("wrote 2 table(s)")
    back = read_database(SqlSource(target))
    assert [r.label() for r in back.schema.relationships] == ["orders.customer_id -> customers.id"]
    assert back.schema.primary_key("orders") == "order_id"
    assert len(back.tables["orders"]) == len(synthetic["orders"])
    assert back.schema.sdtype("customers", "signup") == "datetime"
    engine = engine_for(target, read_only=False)
    with pytest.raises(sa.exc.DatabaseError, match="(?i)foreign key"), \
            engine.begin() as connection:
        connection.execute(sa.text(
            "INSERT INTO orders (order_id, customer_id) VALUES (999999, 999999)"))
    engine.dispose()


def test_never_into_the_source_unless_confirmed_and_never_over_tables(shop_url, tmp_path):
    synthetic, schema = _synthetic(shop_url)
    with pytest.raises(DatabaseWriteError, match="--overwrite-source"):
        write_database(synthetic, schema, SqlTarget(shop_url), SqlSource(shop_url))
    target = _target(shop_url, tmp_path)
    write_database(synthetic, schema, SqlTarget(target))
    with pytest.raises(DatabaseWriteError, match="already has table"):
        write_database(synthetic, schema, SqlTarget(target))
    write_database(synthetic, schema, SqlTarget(shop_url), SqlSource(shop_url),
                   overwrite_source=True)
    assert len(read_database(SqlSource(shop_url)).tables["orders"]) == len(synthetic["orders"])


def test_a_failing_table_leaves_nothing_written(shop_url, tmp_path):
    synthetic, schema = _synthetic(shop_url)
    orders = synthetic["orders"]
    synthetic["orders"] = pd.concat([orders, orders.head(1)], ignore_index=True)  # a PK twice
    target = _target(shop_url, tmp_path)
    with pytest.raises(DatabaseWriteError, match="Cannot write to"):
        write_database(synthetic, schema, SqlTarget(target))
    engine = engine_for(target, read_only=False)
    assert sa.inspect(engine).get_table_names() == []
    engine.dispose()


def test_duckdb_schemas_are_read_and_written_by_their_own_names(tmp_path):
    from tests.sources.databases import build_shop

    url = f"duckdb:///{tmp_path / 'schemas.duckdb'}"
    build_shop(url, schema="sales")
    database = read_database(SqlSource(url, "sales"))
    write_database(database.tables, database.schema, SqlTarget(url, "copy"),
                   SqlSource(url, "sales"))
    back = read_database(SqlSource(url, "copy"))
    assert [r.label() for r in back.schema.relationships] == ["orders.customer_id -> customers.id"]
    pd.testing.assert_frame_equal(back.tables["orders"], database.tables["orders"])
