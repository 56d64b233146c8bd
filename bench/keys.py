"""Relationship detection on generated relational databases with declared keys.

usage: python bench/keys.py [--scale X] [--seed N]
Builds three databases from a seeded generator (key styles of real schemas, not tuned to
the detector), writes them to CSV, reads them back with ``syndata.ingest.load_paths`` and
``Schema.detect``, and prints recall and precision of the relationships found against the
declared ones, and the seconds detection took (goal: >= 90% each, well under 1 s of key
detection for 8 tables / 100k rows).

* ``warehouse``: 8 tables, integer keys with table prefixes (``c_customerkey`` in one
  table, ``s_customerkey`` in another), YYYYMMDD date keys, two foreign keys to the same
  parent (order and ship date), a nullable foreign key, ``s_quantity`` 1..10 that is no key.
* ``shop``: text keys (``C001``, ``O00042``, ``AB-1234``), a store code referenced by a
  column of another name, a nullable referrer.
* ``app``: ``id`` in every parent and ``<table>_id`` in the children, sender and
  recipient both to users, a nullable coupon, ``rating`` 1..5 and ``quantity`` 1..10.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from syndata import keys  # noqa: E402
from syndata.ingest import load_paths  # noqa: E402
from syndata.metadata import Schema  # noqa: E402

# (child table, child column, parent table)
Declared = set[tuple[str, str, str]]


def _nullable(rng: np.random.Generator, values: np.ndarray, share: float) -> pd.Series:
    out = pd.Series(values, dtype="Int64" if values.dtype.kind in "iu" else object)
    out[rng.random(len(out)) < share] = pd.NA
    return out


def warehouse(rng: np.random.Generator, scale: float = 1.0) -> tuple[dict, Declared]:
    """An AdventureWorks-like star schema with prefixed integer keys."""
    n_cust, n_prod, n_sales = int(2000 * scale), int(600 * scale), int(60000 * scale)
    dates = pd.date_range("2010-01-01", "2014-12-31")
    date = pd.DataFrame({"d_datekey": dates.strftime("%Y%m%d").astype(int),
                         "d_year": dates.year, "d_month": dates.month,
                         "d_weekday": dates.day_name()})
    territory = pd.DataFrame({"t_territorykey": np.arange(1, 11),
                              "t_region": [f"Region {i}" for i in range(10)]})
    category = pd.DataFrame({"pc_productcategorykey": np.arange(1, 5),
                             "pc_name": ["Bikes", "Components", "Clothing", "Accessories"]})
    subcategory = pd.DataFrame({"ps_productsubcategorykey": np.arange(1, 38),
                                "ps_productcategorykey": rng.integers(1, 5, 37),
                                "ps_name": [f"Sub {i}" for i in range(37)]})
    product = pd.DataFrame({
        "p_productkey": np.arange(1, n_prod + 1),
        "p_productsubcategorykey": _nullable(rng, rng.integers(1, 38, n_prod), 0.15),
        "p_listprice": rng.gamma(2, 200, n_prod).round(2),
        "p_color": rng.choice(["Red", "Black", "Silver", "Blue"], n_prod)})
    promotion = pd.DataFrame({"pr_promotionkey": np.arange(1, 17),
                              "pr_discount": rng.choice([0, 0.05, 0.1, 0.2], 16)})
    customer = pd.DataFrame({
        "c_customerkey": np.arange(11000, 11000 + n_cust),
        "c_territorykey": rng.integers(1, 11, n_cust),
        "c_yearlyincome": rng.integers(1, 17, n_cust) * 10000,
        "c_children": rng.integers(0, 6, n_cust)})
    order_dates = rng.choice(date["d_datekey"].to_numpy()[:-10], n_sales)
    ship_index = np.searchsorted(date["d_datekey"].to_numpy(), order_dates) + rng.integers(
        1, 8, n_sales)
    sales = pd.DataFrame({
        "s_salesorderkey": np.arange(43659, 43659 + n_sales),
        "s_customerkey": rng.integers(11000, 11000 + n_cust, n_sales),
        "s_productkey": rng.integers(1, n_prod + 1, n_sales),
        "s_orderdatekey": order_dates,
        "s_shipdatekey": date["d_datekey"].to_numpy()[ship_index],
        "s_promotionkey": rng.integers(1, 17, n_sales),
        "s_salesterritorykey": rng.integers(1, 11, n_sales),
        "s_quantity": rng.integers(1, 11, n_sales),
        "s_unitprice": rng.gamma(2, 100, n_sales).round(2)})
    tables = {"date": date, "territory": territory, "productcategory": category,
              "productsubcategory": subcategory, "product": product, "promotion": promotion,
              "customer": customer, "sales": sales}
    declared = {("productsubcategory", "ps_productcategorykey", "productcategory"),
                ("product", "p_productsubcategorykey", "productsubcategory"),
                ("customer", "c_territorykey", "territory"),
                ("sales", "s_customerkey", "customer"), ("sales", "s_productkey", "product"),
                ("sales", "s_orderdatekey", "date"), ("sales", "s_shipdatekey", "date"),
                ("sales", "s_promotionkey", "promotion"),
                ("sales", "s_salesterritorykey", "territory")}
    return tables, declared


def shop(rng: np.random.Generator, scale: float = 1.0) -> tuple[dict, Declared]:
    """Text keys of several shapes, one referenced by a column of another name."""
    n_cust, n_orders, n_lines = int(500 * scale), int(5000 * scale), int(15000 * scale)
    customers = pd.DataFrame({
        "customer_id": [f"C{i:03d}" for i in range(1, n_cust + 1)],
        "segment": rng.choice(["retail", "business"], n_cust),
        "zip": [f"{z:05d}" for z in rng.integers(0, 99999, n_cust)]})
    stores = pd.DataFrame({"store_code": [f"S{i:02d}" for i in range(1, 13)],
                           "city": rng.choice(["Lyon", "Paris", "Nice"], 12)})
    letters = np.array(list("ABCDEFGHJK"))
    products = pd.DataFrame({
        "sku": [f"{a}{b}-{n:04d}" for a, b, n in zip(rng.choice(letters, 300),
                                                     rng.choice(letters, 300),
                                                     rng.permutation(10000)[:300], strict=True)],
        "price": rng.gamma(2, 20, 300).round(2)})
    products = products.drop_duplicates("sku").reset_index(drop=True)
    customer_ids = customers["customer_id"].to_numpy()
    orders = pd.DataFrame({
        "order_id": [f"O{i:05d}" for i in range(1, n_orders + 1)],
        "customer_id": rng.choice(customer_ids, n_orders),
        "store": rng.choice(stores["store_code"].to_numpy(), n_orders),
        "referrer": _nullable(rng, rng.choice(customer_ids, n_orders), 0.8),
        "status": rng.choice(["new", "paid", "sent"], n_orders)})
    lines = pd.DataFrame({
        "line_no": np.arange(1, n_lines + 1),
        "order_id": rng.choice(orders["order_id"].to_numpy(), n_lines),
        "sku": rng.choice(products["sku"].to_numpy(), n_lines),
        "quantity": rng.integers(1, 11, n_lines)})
    tables = {"customers": customers, "stores": stores, "products": products,
              "orders": orders, "order_lines": lines}
    declared = {("orders", "customer_id", "customers"), ("orders", "store", "stores"),
                ("orders", "referrer", "customers"), ("order_lines", "order_id", "orders"),
                ("order_lines", "sku", "products")}
    return tables, declared


def app(rng: np.random.Generator, scale: float = 1.0) -> tuple[dict, Declared]:
    """``id`` parents, ``<table>_id`` children, dense 1..n integers everywhere."""
    n_users, n_posts, n_msgs = int(500 * scale), int(3000 * scale), int(8000 * scale)
    users = pd.DataFrame({"id": np.arange(1, n_users + 1),
                          "age": rng.integers(18, 80, n_users),
                          "plan": rng.choice(["free", "pro"], n_users)})
    coupons = pd.DataFrame({"id": np.arange(1, 21), "percent": rng.choice([5, 10, 25], 20)})
    products = pd.DataFrame({"id": np.arange(1, 201), "price": rng.gamma(2, 10, 200).round(2)})
    orders = pd.DataFrame({"id": np.arange(1, n_posts + 1),
                           "user_id": rng.integers(1, n_users + 1, n_posts),
                           "coupon_id": _nullable(rng, rng.integers(1, 21, n_posts), 0.7)})
    items = pd.DataFrame({"id": np.arange(1, 3 * n_posts + 1),
                          "order_id": rng.integers(1, n_posts + 1, 3 * n_posts),
                          "product_id": rng.integers(1, 201, 3 * n_posts),
                          "quantity": rng.integers(1, 11, 3 * n_posts)})
    reviews = pd.DataFrame({"id": np.arange(1, n_posts + 1),
                            "product_id": rng.integers(1, 201, n_posts),
                            "user_id": rng.integers(1, n_users + 1, n_posts),
                            "rating": rng.integers(1, 6, n_posts)})
    messages = pd.DataFrame({"id": np.arange(1, n_msgs + 1),
                             "sender_user_id": rng.integers(1, n_users + 1, n_msgs),
                             "recipient_user_id": rng.integers(1, n_users + 1, n_msgs),
                             "length": rng.integers(1, 500, n_msgs)})
    tables = {"users": users, "coupons": coupons, "products": products, "orders": orders,
              "order_items": items, "reviews": reviews, "messages": messages}
    declared = {("orders", "user_id", "users"), ("orders", "coupon_id", "coupons"),
                ("order_items", "order_id", "orders"), ("order_items", "product_id", "products"),
                ("reviews", "product_id", "products"), ("reviews", "user_id", "users"),
                ("messages", "sender_user_id", "users"),
                ("messages", "recipient_user_id", "users")}
    return tables, declared


DATABASES = {"warehouse": warehouse, "shop": shop, "app": app}


def through_csv(tables: dict[str, pd.DataFrame], folder: Path) -> dict[str, pd.DataFrame]:
    """Write the tables as CSV and read them back the way the CLI and the app do."""
    for name, df in tables.items():
        df.to_csv(folder / f"{name}.csv", index=False)
    return load_paths([folder])


def score(schema: Schema, declared: Declared) -> tuple[float, float, Declared, Declared]:
    """Recall, precision, the declared relationships missed and those found wrongly."""
    found = {(r.child, r.child_key, r.parent) for r in schema.relationships}
    hits = found & declared
    recall = len(hits) / len(declared)
    precision = len(hits) / len(found) if found else 1.0
    return recall, precision, declared - found, found - declared


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    import sdv.metadata  # noqa: F401  (imported once up front, so it is not timed)

    for name, build in DATABASES.items():
        tables, declared = build(np.random.default_rng(args.seed), args.scale)
        with tempfile.TemporaryDirectory() as folder:
            loaded = through_csv(tables, Path(folder))
        rows = sum(len(df) for df in loaded.values())
        start = time.perf_counter()
        schema = Schema.detect(loaded)
        detect_s = time.perf_counter() - start
        start = time.perf_counter()
        keys.relationship_candidates(Schema(schema.tables), loaded)
        keys_s = time.perf_counter() - start
        recall, precision, missed, wrong = score(schema, declared)
        print(f"{name}: {len(loaded)} tables, {rows:,} rows: recall {recall:.0%} "
              f"({len(declared) - len(missed)}/{len(declared)}), precision {precision:.0%}; "
              f"Schema.detect {detect_s:.2f} s, of which key candidates {keys_s:.3f} s")
        for child, column, parent in sorted(missed):
            print(f"  missed {child}.{column} -> {parent}")
        for child, column, parent in sorted(wrong):
            print(f"  wrong  {child}.{column} -> {parent}")


if __name__ == "__main__":
    main()
