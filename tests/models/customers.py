"""Customers (20) -> orders (60) with one extra column each, named as a test needs: small
enough for an HMA fit in every test that uses them."""

import numpy as np
import pandas as pd


def customers_orders(parent_extra: str, child_extra: str) -> dict[str, pd.DataFrame]:
    """The two tables; ``parent_extra`` and ``child_extra`` hold normal noise."""
    rng = np.random.default_rng(0)
    customers = pd.DataFrame({"cust_id": range(20), "age": rng.integers(18, 80, 20)})
    customers[parent_extra] = rng.normal(size=20).round(3)
    orders = pd.DataFrame({"order_id": range(60), "cust_id": rng.integers(0, 20, 60),
                           "amount": rng.gamma(2, 10, 60).round(2)})
    orders[child_extra] = rng.normal(size=60).round(3)
    return {"customers": customers, "orders": orders}
