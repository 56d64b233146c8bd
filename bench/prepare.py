"""Seconds per Prepare page interaction at 100k rows, driven with Streamlit's AppTest.

usage: PYTHONPATH=. python bench/prepare.py [--rows N] [--rounds R] [--only wide|shop]

Two data sets are built in code: one table of ``--rows`` rows x 20 columns (numbers,
categories, dates, a boolean, e-mails, codes) and an 8-table shop of about 87,000 rows with
integer keys named ``<table>_id``, two of them under other names (``orders.buyer``,
``reviews.author``) so that adding a relationship is a real edit, with dates, order times
to the second and e-mails. On each, the script opens Prepare and then switches table,
changes a column type, applies it, sets a primary key, adds a relationship, opens Check,
switches tab and reruns with nothing changed. The whole
sequence runs ``--rounds`` times: round 1 is every view's first computation, later rounds
repeat the same interactions (type and key edits go back and forth). It prints each
interaction's seconds and, per round, p50 and p95 over all of them.
"""

from __future__ import annotations

import argparse
import statistics
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
from streamlit.testing.v1 import AppTest

from syndata.metadata import Schema
from syndata.project import Project

HOME = str(Path(__file__).resolve().parents[1] / "Home.py")
SHOP_ROWS = {"stores": 50, "employees": 950, "customers": 5000, "products": 2000,
             "orders": 25000, "order_items": 40000, "payments": 10000, "reviews": 4000}


def wide_table(rows: int, seed: int = 0) -> dict[str, pd.DataFrame]:
    """One table of ``rows`` x 20 columns of every kind the profile handles."""
    rng = np.random.default_rng(seed)
    days = pd.Timestamp("2020-01-01") + pd.to_timedelta(rng.integers(0, 1500, rows), "D")
    frame = {"row_id": np.arange(rows)}
    for i in range(4):
        frame[f"normal_{i}"] = rng.normal(i, 1 + i, rows).round(3)
        frame[f"amount_{i}"] = rng.lognormal(3, 0.5 + i / 4, rows).round(2)
    frame["count"] = rng.poisson(3, rows)
    frame["level"] = rng.integers(1, 6, rows)
    for i, levels in enumerate((3, 12, 50, 200)):
        frame[f"category_{i}"] = np.char.add(f"c{i}_", rng.integers(0, levels, rows).astype(str))
    frame["signup"] = days.strftime("%Y-%m-%d")
    frame["last_seen"] = (days + pd.to_timedelta(rng.integers(0, 90, rows), "D")).strftime(
        "%Y-%m-%d")
    frame["active"] = rng.random(rows) < 0.7
    frame["email"] = np.char.add(np.char.add("user", np.arange(rows).astype(str)), "@example.com")
    frame["code"] = np.char.add("K", rng.integers(0, rows * 10, rows).astype(str))
    return {"wide": pd.DataFrame(frame)}


def shop_tables(seed: int = 0) -> dict[str, pd.DataFrame]:
    """Eight related tables, about 87,000 rows, with integer keys."""
    rng = np.random.default_rng(seed)
    n = SHOP_ROWS

    def ref(table: str, size: int) -> np.ndarray:
        return rng.integers(0, n[table], size)

    def stamps(size: int, unit: str, fmt: str) -> pd.Index:
        start = pd.Timestamp("2023-01-01")
        return (start + pd.to_timedelta(rng.integers(0, 365 * 86400, size), "s")).floor(
            unit).strftime(fmt)

    return {
        "stores": pd.DataFrame({"store_id": np.arange(n["stores"]),
                                "region": rng.choice(["north", "south", "east", "west"],
                                                     n["stores"])}),
        "employees": pd.DataFrame({"employee_id": np.arange(n["employees"]),
                                   "store_id": ref("stores", n["employees"]),
                                   "salary": rng.normal(40000, 8000, n["employees"]).round()}),
        "customers": pd.DataFrame({"customer_id": np.arange(n["customers"]),
                                   "segment": rng.choice(["a", "b", "c"], n["customers"]),
                                   "email": [f"c{i}@example.com" for i in range(n["customers"])],
                                   "signup": stamps(n["customers"], "D", "%Y-%m-%d"),
                                   "age": rng.integers(18, 90, n["customers"])}),
        "products": pd.DataFrame({"product_id": np.arange(n["products"]),
                                  "price": rng.lognormal(3, 1, n["products"]).round(2),
                                  "family": rng.choice(list("pqrstu"), n["products"])}),
        "orders": pd.DataFrame({"order_id": np.arange(n["orders"]),
                                "buyer": ref("customers", n["orders"]),
                                "store_id": ref("stores", n["orders"]),
                                "employee_id": ref("employees", n["orders"]),
                                "channel": rng.choice(["web", "shop", "phone"], n["orders"]),
                                "ordered_at": stamps(n["orders"], "s", "%Y-%m-%d %H:%M:%S")}),
        "order_items": pd.DataFrame({"order_item_id": np.arange(n["order_items"]),
                                     "order_id": ref("orders", n["order_items"]),
                                     "product_id": ref("products", n["order_items"]),
                                     "quantity": rng.integers(1, 5, n["order_items"])}),
        "payments": pd.DataFrame({"payment_id": np.arange(n["payments"]),
                                  "order_id": ref("orders", n["payments"]),
                                  "amount": rng.lognormal(4, 1, n["payments"]).round(2),
                                  "paid_on": stamps(n["payments"], "D", "%Y-%m-%d")}),
        "reviews": pd.DataFrame({"review_id": np.arange(n["reviews"]),
                                 "product_id": ref("products", n["reviews"]),
                                 "author": ref("customers", n["reviews"]),
                                 "stars": rng.integers(1, 6, n["reviews"])}),
    }


def _widget(items, label: str):
    return next(w for w in items if w.label == label)


class Driver:
    """One AppTest session on the Prepare page that times each interaction's rerun."""

    def __init__(self, tables: dict[str, pd.DataFrame]) -> None:
        self.at = AppTest.from_file(HOME, default_timeout=900)
        self.at.run()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            schema = Schema.detect(tables)
        self.at.session_state["syndata"].project = Project(
            dict(tables), dict.fromkeys(tables, "bench"), schema)
        self.times: list[tuple[int, str, float]] = []
        self.round = 1

    def timed(self, name: str, change: Callable[[AppTest], object] | None = None) -> None:
        if change is not None:
            change(self.at)
        start = time.perf_counter()
        self.at.run()
        seconds = time.perf_counter() - start
        assert not self.at.exception, [e.message for e in self.at.exception]
        self.times.append((self.round, name, seconds))
        print(f"  round {self.round}  {name:<28} {seconds:7.3f} s", flush=True)

    def tab(self, name: str) -> None:
        self.timed(f"open tab {name}", lambda at: at.session_state.__setitem__("prepare_tab",
                                                                              name))

    def close(self) -> None:
        self.at.session_state["syndata"].workspace.close()


def _type_edit(at: AppTest, table: str, column: str, sdtype: str) -> None:
    columns = list(at.session_state["syndata"].project.schema.tables[table].columns)
    at.session_state[at.data_editor[0].key] = {
        "edited_rows": {columns.index(column): {"sdtype": sdtype}},
        "added_rows": [], "deleted_rows": []}


def drive(driver: Driver, table: str, other: str, type_edit: tuple[str, str],
          key: str, link: tuple[str, str, str] | None) -> None:
    """One round of interactions on ``table`` (``other`` is the table switched to)."""
    at = driver.at
    column, sdtype = type_edit
    if driver.round == 1:
        driver.timed("open Prepare", lambda at: at.switch_page("pages/prepare.py"))
    driver.timed("switch table", lambda at: _widget(at.selectbox, "Table").set_value(other))
    driver.timed("switch table back", lambda at: _widget(at.selectbox, "Table").set_value(table))
    driver.timed("rerun, nothing changed")
    driver.tab("Types")
    driver.timed("change a column type", lambda at: _type_edit(at, table, column, sdtype))
    driver.timed("apply types", lambda at: _widget(at.button, "Apply types").click())
    driver.tab("Keys & columns")
    driver.timed("pick a primary key",
                 lambda at: _widget(at.selectbox, "Set primary key").set_value(key))
    driver.timed("set key", lambda at: _widget(at.button, "Set key").click())
    driver.tab("Relationships & groups")
    if link is not None:
        parent, child, fk = link
        _widget(at.selectbox, "Parent table").set_value(parent)
        driver.timed("pick the child table",
                     lambda at: _widget(at.selectbox, "Child table").set_value(child))
        driver.timed("add relationship", lambda at: (
            _widget(at.selectbox, "Foreign key column").set_value(fk),
            _widget(at.button, "Add relationship").click()))
    driver.tab("Check")
    driver.timed("rerun Check, nothing changed")
    driver.tab("Profile")
    driver.timed("open the distribution chart",
                 lambda at: at.session_state.__setitem__(f"profile_view_{table}", "Distribution"))
    driver.timed("distribution of another column", lambda at: _widget(
        at.selectbox, "Distribution of").set_value(column))
    driver.timed("open the association heatmap",
                 lambda at: at.session_state.__setitem__(f"profile_view_{table}", "Associations"))
    at.session_state[f"profile_view_{table}"] = "Columns"


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def report(name: str, times: list[tuple[int, str, float]]) -> None:
    for round_ in sorted({r for r, _, _ in times}):
        values = [s for r, _, s in times if r == round_]
        label = "first" if round_ == 1 else f"repeat {round_ - 1}"
        print(f"{name} {label}: {len(values)} interactions, p50 {statistics.median(values):.3f} s,"
              f" p95 {_percentile(values, 0.95):.3f} s, max {max(values):.3f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--only", choices=["wide", "shop"])
    args = parser.parse_args()
    cases = {
        "wide": (wide_table(args.rows), "wide", "wide",
                 [("count", "categorical"), ("count", "numerical")], ["code", "row_id"], None),
        "shop": (shop_tables(), "orders", "customers",
                 [("channel", "id"), ("channel", "categorical")], ["channel", "order_id"],
                 [("customers", "orders", "buyer"), ("customers", "reviews", "author")]),
    }
    for name, (tables, table, other, edits, keys, links) in cases.items():
        if args.only and name != args.only:
            continue
        rows = sum(len(t) for t in tables.values())
        columns = sum(t.shape[1] for t in tables.values())
        print(f"{name}: {len(tables)} table(s), {rows:,} rows, {columns} columns", flush=True)
        driver = Driver(tables)
        try:
            for round_ in range(args.rounds):
                driver.round = round_ + 1
                drive(driver, table, other, edits[round_ % 2], keys[round_ % 2],
                      links[round_ % 2] if links else None)
        finally:
            driver.close()
        report(name, driver.times)


if __name__ == "__main__":
    main()
