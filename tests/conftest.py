"""Shared fixtures: small related tables that every fit in the tests can afford."""

import numpy as np
import pandas as pd
import pytest


@pytest.fixture
def shop() -> dict[str, pd.DataFrame]:
    """users (50) -> orders (200): a primary key, a foreign key, numbers, dates, categories."""
    rng = np.random.default_rng(0)
    users = pd.DataFrame({
        "user_id": range(1, 51),
        "age": rng.integers(18, 80, 50),
        "country": rng.choice(["US", "UK", "FR"], 50),
        "joined": pd.date_range("2020-01-01", periods=50).strftime("%Y-%m-%d"),
    })
    orders = pd.DataFrame({
        "order_id": range(1, 201),
        "user_id": rng.integers(1, 51, 200),
        "amount": rng.gamma(2, 10, 200).round(2),
        "status": rng.choice(["new", "paid", "sent"], 200),
    })
    return {"users": users, "orders": orders}
