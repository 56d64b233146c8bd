"""A tiny shop database with declared keys, built in any SQLAlchemy database."""

from __future__ import annotations

import sqlalchemy as sa

CUSTOMERS = 60
ORDERS = 240


def build_shop(url: str, schema: str | None = None) -> None:
    """customers (PK id) <- orders (PK order_id, nullable FK customer_id), with a date, a
    timestamp, a boolean, a decimal, an e-mail and a status."""
    engine = sa.create_engine(url)
    metadata = sa.MetaData(schema=schema)
    customers = sa.Table(
        "customers", metadata,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("email", sa.String(80), nullable=False),
        sa.Column("signup", sa.Date),
        sa.Column("vip", sa.Boolean),
        sa.Column("score", sa.Numeric(6, 2)),
    )
    orders = sa.Table(
        "orders", metadata,
        sa.Column("order_id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("customer_id", sa.Integer, sa.ForeignKey(customers.c.id)),
        sa.Column("total", sa.Float),
        sa.Column("placed", sa.DateTime),
        sa.Column("status", sa.String(10)),
    )
    import datetime as dt

    with engine.begin() as connection:
        if schema is not None:
            connection.execute(sa.schema.CreateSchema(schema, if_not_exists=True))
        metadata.create_all(connection)
        connection.execute(customers.insert(), [
            {"id": i, "email": f"user{i}@example.com",
             "signup": dt.date(2020, 1, 1) + dt.timedelta(days=i), "vip": i % 3 == 0,
             "score": i * 1.25} for i in range(1, CUSTOMERS + 1)])
        connection.execute(orders.insert(), [
            {"order_id": j, "customer_id": None if j % 10 == 0 else 1 + j % CUSTOMERS,
             "total": round(j * 0.7, 2),
             "placed": dt.datetime(2021, 1, 1, 8) + dt.timedelta(hours=j),
             "status": ("new", "paid", "sent")[j % 3]} for j in range(1, ORDERS + 1)])
    engine.dispose()
