"""A small relational database that exercises every structural case IRGAN must handle.

regions -> users -> orders -> items -> notes is four levels deep; orders has three foreign
keys (buyer and nullable referrer both to users, ship_region to regions); profiles is
one-to-one with users and keyed by prefixed strings; notes has no primary key; settings is
an isolated table.
"""

import numpy as np
import pandas as pd
import pytest

from irgan import IRGANConfig, IRGANSynthesizer

EPOCHS = 3
# small networks and one step per epoch keep the whole suite to seconds per fit
FAST = {"hidden_size": 64, "min_steps_per_epoch": 1}


def make_database(seed: int = 0) -> tuple[dict[str, pd.DataFrame], dict]:
    rng = np.random.default_rng(seed)
    regions = pd.DataFrame(
        {
            "region": [f"R{i:02d}" for i in range(1, 6)],
            "climate": ["cold", "warm", "warm", "hot", "cold"],
        }
    )
    n_users = 150
    users = pd.DataFrame(
        {
            "user_id": np.arange(1, n_users + 1),
            "region": rng.choice(regions.region, n_users),
            "age": rng.integers(18, 80, n_users),
            "plan": rng.choice(["free", "pro", None], n_users, p=[0.6, 0.3, 0.1]),
            "signup": pd.to_datetime("2020-01-01")
            + pd.to_timedelta(rng.integers(0, 900, n_users), unit="D"),
            "email": [f"user{i}@corp.example" for i in range(n_users)],
        }
    )
    users["signup"] = users["signup"].dt.strftime("%Y-%m-%d")
    profiled = rng.choice(users.user_id, 100, replace=False)
    profiles = pd.DataFrame(
        {
            "profile_id": [f"P{i:04d}" for i in range(100)],
            "user_id": profiled,
            "score": rng.normal(50, 10, 100).round(2),
        }
    )
    n_orders = 400
    buyer = rng.choice(users.user_id, n_orders, p=_skew(n_users, rng))
    referrer = rng.choice(users.user_id, n_orders).astype(float)
    referrer[rng.uniform(size=n_orders) < 0.3] = np.nan
    orders = pd.DataFrame(
        {
            "order_id": np.arange(1000, 1000 + n_orders),
            "buyer": buyer,
            "referrer": referrer,
            "ship_region": rng.choice(regions.region, n_orders),
            "amount": (
                users.set_index("user_id").loc[buyer, "age"].to_numpy() * 2
                + rng.gamma(2, 20, n_orders)
            ).round(2),
            "channel": rng.choice(["web", "shop", "phone"], n_orders),
        }
    )
    n_items = 600
    items = pd.DataFrame(
        {
            "item_id": np.arange(n_items),
            "order_id": rng.choice(orders.order_id, n_items),
            "qty": rng.integers(1, 5, n_items),
            "gift": rng.choice([True, False], n_items),
        }
    )
    notes = pd.DataFrame(
        {"item_id": rng.choice(items.item_id, 100), "mood": rng.choice(["ok", "bad"], 100)}
    )
    settings = pd.DataFrame({"key": [f"k{i}" for i in range(30)], "value": rng.normal(size=30)})
    tables = {
        "regions": regions,
        "users": users,
        "profiles": profiles,
        "orders": orders,
        "items": items,
        "notes": notes,
        "settings": settings,
    }
    num, cat, idt = {"sdtype": "numerical"}, {"sdtype": "categorical"}, {"sdtype": "id"}
    meta = {
        "METADATA_SPEC_VERSION": "V1",
        "tables": {
            "regions": {"primary_key": "region", "columns": {"region": idt, "climate": cat}},
            "users": {
                "primary_key": "user_id",
                "columns": {
                    "user_id": idt,
                    "region": idt,
                    "age": num,
                    "plan": cat,
                    "signup": {"sdtype": "datetime", "datetime_format": "%Y-%m-%d"},
                    "email": {"sdtype": "email", "pii": True},
                },
            },
            "profiles": {
                "primary_key": "profile_id",
                "columns": {"profile_id": idt, "user_id": idt, "score": num},
            },
            "orders": {
                "primary_key": "order_id",
                "columns": {
                    "order_id": idt,
                    "buyer": idt,
                    "referrer": idt,
                    "ship_region": idt,
                    "amount": num,
                    "channel": cat,
                },
            },
            "items": {
                "primary_key": "item_id",
                "columns": {
                    "item_id": idt,
                    "order_id": idt,
                    "qty": num,
                    "gift": {"sdtype": "boolean"},
                },
            },
            "notes": {"columns": {"item_id": idt, "mood": cat}},
            "settings": {"primary_key": "key", "columns": {"key": idt, "value": num}},
        },
        "relationships": [
            _rel("regions", "region", "users", "region"),
            _rel("users", "user_id", "profiles", "user_id"),
            _rel("users", "user_id", "orders", "buyer"),
            _rel("users", "user_id", "orders", "referrer"),
            _rel("regions", "region", "orders", "ship_region"),
            _rel("orders", "order_id", "items", "order_id"),
            _rel("items", "item_id", "notes", "item_id"),
        ],
    }
    return tables, meta


def _rel(parent: str, key: str, child: str, fk: str) -> dict:
    return {
        "parent_table_name": parent,
        "parent_primary_key": key,
        "child_table_name": child,
        "child_foreign_key": fk,
    }


def _skew(n: int, rng: np.random.Generator) -> np.ndarray:
    w = rng.gamma(0.7, size=n)
    return w / w.sum()


@pytest.fixture(scope="session")
def fast():
    return FAST


@pytest.fixture(scope="session")
def database():
    return make_database()


@pytest.fixture(scope="session")
def fitted(database):
    tables, meta = database
    model = IRGANSynthesizer(
        meta, IRGANConfig(epochs=EPOCHS, batch_size=100, device="cpu", seed=1, **FAST)
    )
    model.fit(tables)
    return model


@pytest.fixture(scope="session")
def synthetic(fitted):
    return fitted.sample(seed=7)
