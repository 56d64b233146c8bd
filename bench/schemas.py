"""Relational schemas with KNOWN structure, generated, for a benchmark nobody tuned on.

``generate(preset, rows, seed)`` returns a ``GeneratedSchema``: pandas tables, the SDV-style
metadata dict ``syndata.sdv_metadata`` reads, and the structure it planted. Every planted
item can measure itself on any set of tables (real or synthetic): ``check_structure`` gives,
for each rule, the share of rows on which it holds (1.0 on the generated tables, by
construction), for each lookup table whether its labels repeat or go missing, and for each
shape (noise, high cardinality, skew, nullable keys) the statistic that describes it.

Presets live in ``PRESETS``; a new shape is one function decorated with ``@preset``.
``rows`` sizes the largest table; the others follow from it.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

DATE_FORMAT = "%Y-%m-%d"
EPOCH = pd.Timestamp("2022-01-01")


class SchemaError(ValueError):
    """An unknown preset or an impossible size: the message says what to pass instead."""


# --- what can be planted --------------------------------------------------------------


class Planted(ABC):
    """One planted piece of structure; ``kind`` says how to read its measure."""

    kind: str  # "rule" (expect share 1.0), "lookup" (expect no repeat, none missing), "shape"

    @property
    @abstractmethod
    def key(self) -> str:
        """A stable, human-readable name, used as the key in ``check_structure``."""

    @abstractmethod
    def measure(self, tables: Mapping[str, pd.DataFrame]) -> float | dict[str, Any]:
        """The figure this structure is judged by on ``tables``."""


def _dates(values: pd.Series) -> pd.Series:
    """Dates as written to or read back from CSV (text), or already parsed."""
    return pd.to_datetime(values, errors="coerce", format="mixed")


def _share(holds: pd.Series) -> float:
    """Share of True among the rows the rule applies to (1.0 when there are none)."""
    return float(holds.mean()) if len(holds) else 1.0


@dataclass(frozen=True)
class Product(Planted):
    """``target = factor_1 * factor_2`` on every row (to the cent)."""

    table: str
    target: str
    factors: tuple[str, str]
    kind: str = field(default="rule", init=False)

    @property
    def key(self) -> str:
        return f"{self.table}.{self.target} = {' * '.join(self.factors)}"

    def measure(self, tables: Mapping[str, pd.DataFrame]) -> float:
        df = tables[self.table]
        a, b, t = (pd.to_numeric(df[c], errors="coerce") for c in (*self.factors, self.target))
        known = a.notna() & b.notna() & t.notna()
        expected = (a * b)[known]
        return _share((t[known] - expected).abs() <= 0.005 + 1e-9 * expected.abs())


@dataclass(frozen=True)
class ChildSum(Planted):
    """A parent's ``total`` equals the sum of its children's ``amount`` (0 without children)."""

    parent: str
    parent_key: str
    total: str
    child: str
    child_key: str
    amount: str
    kind: str = field(default="rule", init=False)

    @property
    def key(self) -> str:
        return f"{self.parent}.{self.total} = sum({self.child}.{self.amount})"

    def measure(self, tables: Mapping[str, pd.DataFrame]) -> float:
        parent, child = tables[self.parent], tables[self.child]
        amounts = pd.to_numeric(child[self.amount], errors="coerce")
        sums = amounts.groupby(child[self.child_key]).sum()
        expected = parent[self.parent_key].map(sums).fillna(0.0)
        total = pd.to_numeric(parent[self.total], errors="coerce")
        return _share((total - expected).abs() <= 0.01 + 1e-9 * expected.abs())


@dataclass(frozen=True)
class DateOrder(Planted):
    """``later`` is never before ``earlier`` on a row where both are known."""

    table: str
    earlier: str
    later: str
    kind: str = field(default="rule", init=False)

    @property
    def key(self) -> str:
        return f"{self.table}.{self.earlier} <= {self.later}"

    def measure(self, tables: Mapping[str, pd.DataFrame]) -> float:
        df = tables[self.table]
        a, b = _dates(df[self.earlier]), _dates(df[self.later])
        known = a.notna() & b.notna()
        return _share(a[known] <= b[known])


@dataclass(frozen=True)
class SequenceOrder(Planted):
    """Within each ``key`` value, the dates of ``index`` never decrease in row order: the
    share of entities whose rows come in order."""

    table: str
    key_column: str
    index: str
    kind: str = field(default="rule", init=False)

    @property
    def key(self) -> str:
        return f"{self.table}.{self.index} ordered within {self.key_column}"

    def measure(self, tables: Mapping[str, pd.DataFrame]) -> float:
        df = tables[self.table]
        days = _dates(df[self.index])
        steps = days.groupby(df[self.key_column]).diff()
        broken = df.loc[steps < pd.Timedelta(0), self.key_column].nunique()
        entities = df[self.key_column].nunique()
        return 1.0 - broken / entities if entities else 1.0


@dataclass(frozen=True)
class Hierarchy(Planted):
    """``fine`` determines ``coarse`` (city -> country): rows agreeing with the fine value's
    most common coarse value, so the share is 1.0 exactly when the dependency holds."""

    table: str
    fine: str
    coarse: str
    kind: str = field(default="rule", init=False)

    @property
    def key(self) -> str:
        return f"{self.table}.{self.fine} -> {self.coarse}"

    def measure(self, tables: Mapping[str, pd.DataFrame]) -> float:
        df = tables[self.table][[self.fine, self.coarse]].dropna().astype(str)
        if df.empty:
            return 1.0
        modal = df.groupby(self.fine)[self.coarse].agg(lambda s: s.value_counts().index[0])
        return _share(df[self.coarse] == df[self.fine].map(modal))


@dataclass(frozen=True)
class UniqueLabels(Planted):
    """A small lookup table whose ``column`` holds each of ``labels`` exactly once."""

    table: str
    column: str
    labels: tuple[str, ...]
    kind: str = field(default="lookup", init=False)

    @property
    def key(self) -> str:
        return f"{self.table}.{self.column} unique labels"

    def measure(self, tables: Mapping[str, pd.DataFrame]) -> dict[str, Any]:
        values = tables[self.table][self.column].astype("string")
        repeats = int(values.duplicated().sum())
        missing = len(set(self.labels) - set(values.dropna()))
        return {"repeats": repeats, "missing": missing, "ok": repeats == 0 and missing == 0}


@dataclass(frozen=True)
class Noise(Planted):
    """A column drawn independently of everything: its largest |Spearman rho| with the
    ``others`` (numbers or dates) of its table, near 0 on real rows."""

    table: str
    column: str
    others: tuple[str, ...]
    kind: str = field(default="shape", init=False)

    @property
    def key(self) -> str:
        return f"{self.table}.{self.column} noise max|rho|"

    def measure(self, tables: Mapping[str, pd.DataFrame]) -> float:
        df = tables[self.table]
        noise = pd.to_numeric(df[self.column], errors="coerce")
        rhos = [noise.corr(_as_number(df[c]), method="spearman") for c in self.others]
        rhos = [abs(r) for r in rhos if pd.notna(r)]
        return round(float(max(rhos)), 4) if rhos else 0.0


def _as_number(values: pd.Series) -> pd.Series:
    """A number column as is, a date column as days."""
    numbers = pd.to_numeric(values, errors="coerce")
    if numbers.notna().any():
        return numbers
    return (_dates(values) - EPOCH).dt.days


@dataclass(frozen=True)
class HighCardinality(Planted):
    """A Zipf-like categorical with thousands of values: how many distinct values appear."""

    table: str
    column: str
    kind: str = field(default="shape", init=False)

    @property
    def key(self) -> str:
        return f"{self.table}.{self.column} distinct"

    def measure(self, tables: Mapping[str, pd.DataFrame]) -> float:
        return float(tables[self.table][self.column].nunique())


@dataclass(frozen=True)
class ChildrenSkew(Planted):
    """Skewed children per parent: the largest count over the mean among parents with any."""

    child: str
    child_key: str
    kind: str = field(default="shape", init=False)

    @property
    def key(self) -> str:
        return f"{self.child}.{self.child_key} children max/mean"

    def measure(self, tables: Mapping[str, pd.DataFrame]) -> float:
        counts = tables[self.child][self.child_key].value_counts()
        return round(float(counts.max() / counts.mean()), 3) if len(counts) else 0.0


@dataclass(frozen=True)
class NullableKey(Planted):
    """A foreign key left empty on part of the rows: that share."""

    child: str
    child_key: str
    kind: str = field(default="shape", init=False)

    @property
    def key(self) -> str:
        return f"{self.child}.{self.child_key} null share"

    def measure(self, tables: Mapping[str, pd.DataFrame]) -> float:
        return round(float(tables[self.child][self.child_key].isna().mean()), 4)


def check_structure(
    tables: Mapping[str, pd.DataFrame], planted: list[Planted]
) -> dict[str, float | dict[str, Any]]:
    """Each planted item's measure on ``tables`` (real or synthetic), by its key."""
    return {item.key: item.measure(tables) for item in planted}


# --- the generated schema and its metadata --------------------------------------------


@dataclass
class GeneratedSchema:
    """Tables, their SDV-style metadata and what was planted in them."""

    name: str
    tables: dict[str, pd.DataFrame]
    metadata: dict[str, Any]
    planted: list[Planted]


@dataclass
class _Builder:
    """Collects tables, column types and relationships while a preset draws them."""

    rng: np.random.Generator
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    types: dict[str, dict[str, str]] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)
    relationships: list[dict[str, str]] = field(default_factory=list)
    planted: list[Planted] = field(default_factory=list)
    sequences: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Sequential tables: (sequence_key, sequence_index), as our metadata JSON writes them."""

    def add(self, name: str, frame: pd.DataFrame, key: str, types: dict[str, str]) -> None:
        """A table; ``types`` maps each non-key column to its sdtype ("id" for a foreign key)."""
        self.tables[name], self.keys[name] = frame, key
        self.types[name] = {key: "id", **types}

    def link(self, parent: str, child: str, child_key: str) -> None:
        self.relationships.append({
            "parent_table_name": parent, "parent_primary_key": self.keys[parent],
            "child_table_name": child, "child_foreign_key": child_key})

    def plant(self, *items: Planted) -> None:
        self.planted.extend(items)

    def build(self, name: str) -> GeneratedSchema:
        meta_tables = {}
        for table, types in self.types.items():
            columns = {}
            for col in self.tables[table].columns:
                spec: dict[str, str] = {"sdtype": types[col]}
                if types[col] == "datetime":
                    spec["datetime_format"] = DATE_FORMAT
                columns[col] = spec
            meta_tables[table] = {"primary_key": self.keys[table], "columns": columns}
            if table in self.sequences:
                key, index = self.sequences[table]
                meta_tables[table] |= {"sequence_key": key, "sequence_index": index}
        metadata = {"METADATA_SPEC_VERSION": "V1", "tables": meta_tables,
                    "relationships": self.relationships}
        return GeneratedSchema(name, self.tables, metadata, self.planted)

    # drawing helpers

    def skewed_parents(self, n_parents: int, n_children: int, a: float = 0.7) -> np.ndarray:
        """Parent positions for ``n_children`` rows, Zipf-skewed, every parent used once
        first when there are enough children (so few parents are childless)."""
        weights = 1.0 / np.arange(1, n_parents + 1) ** a
        weights = self.rng.permutation(weights / weights.sum())
        base = np.arange(min(n_parents, n_children))
        rest = self.rng.choice(n_parents, n_children - len(base), p=weights)
        return self.rng.permutation(np.concatenate([base, rest]))

    def zipf_labels(self, prefix: str, n_values: int, size: int, a: float = 0.8) -> np.ndarray:
        """A categorical of ``n_values`` possible labels, Zipf-distributed."""
        weights = 1.0 / np.arange(1, n_values + 1) ** a
        codes = self.rng.choice(n_values, size, p=weights / weights.sum())
        return np.array([f"{prefix}{c:05d}" for c in codes])

    def dates(self, size: int, spread_days: int) -> pd.Series:
        return pd.Series(EPOCH + pd.to_timedelta(self.rng.integers(0, spread_days, size), "D"))


def _text(dates: pd.Series) -> pd.Series:
    return dates.dt.strftime(DATE_FORMAT)


GEO = {"Lyon": "France", "Paris": "France", "Nice": "France", "Berlin": "Germany",
       "Munich": "Germany", "Hamburg": "Germany", "Madrid": "Spain", "Seville": "Spain",
       "Rome": "Italy", "Milan": "Italy", "Turin": "Italy", "Porto": "Portugal"}
CATEGORIES = ("Audio", "Books", "Cameras", "Clothing", "Garden", "Groceries", "Kitchen",
              "Music", "Office", "Sports", "Toys", "Tools")
COLOURS = ("black", "blue", "green", "grey", "orange", "red", "white", "yellow")


# --- presets ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Preset:
    """A named generator and the size of its largest table by default."""

    name: str
    build: Callable[[_Builder, int], None]
    default_rows: int
    description: str


PRESETS: dict[str, Preset] = {}


def preset(name: str, default_rows: int) -> Callable:
    """Register a preset builder under ``name`` (its docstring is its description)."""

    def register(build: Callable[[_Builder, int], None]) -> Callable[[_Builder, int], None]:
        PRESETS[name] = Preset(name, build, default_rows, (build.__doc__ or "").strip())
        return build

    return register


def generate(name: str, rows: int | None = None, seed: int = 0) -> GeneratedSchema:
    """The preset ``name`` with ``rows`` rows in its largest table (its default if None)."""
    if name not in PRESETS:
        raise SchemaError(f"Unknown schema preset '{name}'. Choose one of: {', '.join(PRESETS)}.")
    chosen = PRESETS[name]
    size = chosen.default_rows if rows is None else rows
    if size < 100:
        raise SchemaError(f"rows must be at least 100 (got {size}): smaller tables leave "
                          "parents without children and rules without rows.")
    builder = _Builder(np.random.default_rng(seed))
    chosen.build(builder, size)
    return builder.build(name)


def _customers(b: _Builder, n: int) -> None:
    """customers: city -> country, a segment, a signup date and a noise column."""
    rng = b.rng
    weights = np.linspace(2, 1, len(GEO))
    cities = rng.choice(list(GEO), n, p=weights / weights.sum())
    segment = rng.choice(["consumer", "business", "vip"], n, p=[0.7, 0.25, 0.05])
    b.add("customers", pd.DataFrame({
        "customer_id": np.arange(1, n + 1),
        "city": cities,
        "country": [GEO[c] for c in cities],
        "segment": segment,
        "signup_date": _text(b.dates(n, 700)),
        "noise_c": rng.normal(0, 1, n).round(4),
    }), "customer_id", {"city": "categorical", "country": "categorical",
                        "segment": "categorical", "signup_date": "datetime",
                        "noise_c": "numerical"})
    b.plant(Hierarchy("customers", "city", "country"),
            Noise("customers", "noise_c", ("signup_date",)))


def _lookup(b: _Builder, table: str, key: str, column: str, labels: tuple[str, ...]) -> None:
    """A small table of unique labels, shuffled so label order carries no key order."""
    b.add(table, pd.DataFrame({key: np.arange(1, len(labels) + 1),
                               column: b.rng.permutation(list(labels))}),
          key, {column: "categorical"})
    b.plant(UniqueLabels(table, column, labels))


def _products(b: _Builder, n: int) -> pd.DataFrame:
    """products -> categories, with a list price that depends on the category."""
    rng = b.rng
    cat = rng.integers(1, len(CATEGORIES) + 1, n)
    price = (rng.lognormal(2.5, 0.6, n) * (1 + cat / 6)).round(2)
    frame = pd.DataFrame({"product_id": np.arange(1, n + 1), "category_id": cat,
                          "list_price": price, "weight_kg": rng.gamma(2, 0.8, n).round(2)})
    b.add("products", frame, "product_id", {"category_id": "id", "list_price": "numerical",
                                           "weight_kg": "numerical"})
    b.link("categories", "products", "category_id")
    return frame


def _items(b: _Builder, table: str, key: str, parent: str, parent_key: str,
           parent_rows: int, products: pd.DataFrame, n: int) -> pd.DataFrame:
    """Line items of ``parent``: two keys to products (the substitute nullable), quantity x
    unit price = amount, a high-cardinality Zipf tag; skewed items per parent."""
    rng = b.rng
    owner = b.skewed_parents(parent_rows, n) + 1
    prod = rng.integers(0, len(products), n)
    quantity = rng.choice([1, 1, 1, 2, 2, 3, 4, 6, 10], n)
    unit = (products["list_price"].to_numpy()[prod] * rng.choice([1.0, 0.9, 0.75], n,
                                                                   p=[0.7, 0.2, 0.1])).round(2)
    substitute = np.where(rng.random(n) < 0.7, np.nan, rng.integers(1, len(products) + 1, n))
    frame = pd.DataFrame({
        key: np.arange(1, n + 1), parent_key: owner,
        "product_id": products["product_id"].to_numpy()[prod],
        "substitute_id": pd.array(substitute, dtype="Int64"),
        "quantity": quantity, "unit_price": unit, "amount": (quantity * unit).round(2),
        "tag": b.zipf_labels("T", max(2000, n), n),
    })
    b.add(table, frame, key, {parent_key: "id", "product_id": "id", "substitute_id": "id",
                              "quantity": "numerical", "unit_price": "numerical",
                              "amount": "numerical", "tag": "categorical"})
    b.link(parent, table, parent_key)
    b.link("products", table, "product_id")
    b.link("products", table, "substitute_id")
    b.plant(Product(table, "amount", ("quantity", "unit_price")),
            ChildrenSkew(table, parent_key), NullableKey(table, "substitute_id"),
            HighCardinality(table, "tag"))
    return frame


@preset("retail", default_rows=3000)
def _retail(b: _Builder, rows: int) -> None:
    """8 tables, depth 5 (regions > stores > orders > order_items > returns), customers and
    categories > products as further parents: city -> country, quantity x unit_price =
    amount, order total = sum of its items, ordered <= shipped <= delivered, returns after
    shipping, a Zipf tag of thousands of values, skewed items per order, two keys to
    products (one nullable), a 12-label category lookup, a noise column."""
    rng = b.rng
    n_orders = max(rows // 3, 30)
    n_customers, n_stores, n_regions = max(n_orders // 4, 20), max(n_orders // 25, 6), 6
    b.add("regions", pd.DataFrame({
        "region_id": np.arange(1, n_regions + 1),
        "zone": rng.permutation(["north", "south", "east", "west", "centre", "islands"]),
        "tax_rate": rng.choice([0.05, 0.1, 0.2], n_regions)}),
        "region_id", {"zone": "categorical", "tax_rate": "numerical"})
    b.add("stores", pd.DataFrame({
        "store_id": np.arange(1, n_stores + 1),
        "region_id": b.skewed_parents(n_regions, n_stores) + 1,
        "format": rng.choice(["mall", "street", "outlet"], n_stores, p=[0.5, 0.3, 0.2]),
        "floor_m2": rng.lognormal(6, 0.5, n_stores).round(0)}),
        "store_id", {"region_id": "id", "format": "categorical", "floor_m2": "numerical"})
    b.link("regions", "stores", "region_id")
    _customers(b, n_customers)
    _lookup(b, "categories", "category_id", "name", CATEGORIES)
    products = _products(b, max(rows // 20, 40))
    ordered = b.dates(n_orders, 365)
    shipped = ordered + pd.to_timedelta(rng.geometric(0.4, n_orders) - 1, "D")
    delivered = shipped + pd.to_timedelta(rng.integers(1, 8, n_orders), "D")
    orders = pd.DataFrame({
        "order_id": np.arange(1, n_orders + 1),
        "customer_id": b.skewed_parents(n_customers, n_orders) + 1,
        "store_id": b.skewed_parents(n_stores, n_orders, a=0.8) + 1,
        "ordered_at": _text(ordered), "shipped_at": _text(shipped),
        "delivered_at": _text(delivered),
        "channel": rng.choice(["web", "shop", "phone"], n_orders, p=[0.6, 0.3, 0.1]),
        "noise_o": rng.uniform(0, 100, n_orders).round(3)})
    b.add("orders", orders, "order_id", {
        "customer_id": "id", "store_id": "id", "ordered_at": "datetime",
        "shipped_at": "datetime", "delivered_at": "datetime", "channel": "categorical",
        "noise_o": "numerical", "total": "numerical"})
    b.link("customers", "orders", "customer_id")
    b.link("stores", "orders", "store_id")
    items = _items(b, "order_items", "item_id", "orders", "order_id", n_orders, products, rows)
    orders["total"] = orders["order_id"].map(items.groupby("order_id")["amount"].sum()) \
        .fillna(0.0).round(2)
    b.plant(ChildSum("orders", "order_id", "total", "order_items", "order_id", "amount"),
            DateOrder("orders", "ordered_at", "shipped_at"),
            DateOrder("orders", "shipped_at", "delivered_at"),
            ChildrenSkew("orders", "customer_id"),
            Noise("orders", "noise_o", ("total", "ordered_at")))
    n_returns = max(rows // 10, 10)
    returned = rng.choice(len(items), n_returns, replace=False)
    ship_of_item = shipped.to_numpy()[items["order_id"].to_numpy()[returned] - 1]
    b.add("returns", pd.DataFrame({
        "return_id": np.arange(1, n_returns + 1),
        "item_id": items["item_id"].to_numpy()[returned],
        "reason": rng.choice(["damaged", "wrong size", "late", "other"], n_returns),
        "returned_at": _text(pd.Series(ship_of_item) + pd.to_timedelta(
            rng.integers(1, 30, n_returns), "D"))}),
        "return_id", {"item_id": "id", "reason": "categorical", "returned_at": "datetime"})
    b.link("order_items", "returns", "item_id")


@preset("chain5", default_rows=2500)
def _chain5(b: _Builder, rows: int) -> None:
    """A chain of 5 tables (level1 > ... > level5): each level's value follows its parent's,
    each row's start <= end, level4's total = the sum of its level5 amounts, skewed
    children per parent at every level."""
    rng = b.rng
    sizes = [max(rows // 3 ** (4 - i), 8) for i in range(5)]
    parent_value: np.ndarray | None = None
    parent_start: pd.Series | None = None
    for level, n in enumerate(sizes, start=1):
        name, key = f"level{level}", f"level{level}_id"
        frame = pd.DataFrame({key: np.arange(1, n + 1)})
        types: dict[str, str] = {}
        if parent_value is None:
            value, start = rng.normal(100, 20, n), b.dates(n, 365)
        else:
            owner = b.skewed_parents(sizes[level - 2], n)
            frame[f"level{level - 1}_id"] = owner + 1
            types[f"level{level - 1}_id"] = "id"
            value = parent_value[owner] * rng.lognormal(0, 0.1, n)
            start = parent_start.iloc[owner].reset_index(drop=True) + pd.to_timedelta(
                rng.integers(0, 20, n), "D")
        end = start + pd.to_timedelta(rng.integers(0, 60, n), "D")
        frame["value"], frame["start"], frame["end"] = value.round(3), _text(start), _text(end)
        frame["kind"] = rng.choice(["a", "b", "c"], n, p=[0.5, 0.3, 0.2])
        types |= {"value": "numerical", "start": "datetime", "end": "datetime",
                  "kind": "categorical"}
        if level == 5:
            frame["amount"] = rng.gamma(2, 10, n).round(2)
            types["amount"] = "numerical"
        b.add(name, frame, key, types)
        if level > 1:
            b.link(f"level{level - 1}", name, f"level{level - 1}_id")
            b.plant(ChildrenSkew(name, f"level{level - 1}_id"))
        b.plant(DateOrder(name, "start", "end"))
        parent_value, parent_start = value, start
    level5 = b.tables["level5"]
    b.tables["level4"]["total"] = b.tables["level4"]["level4_id"].map(
        level5.groupby("level4_id")["amount"].sum()).fillna(0.0).round(2)
    b.types["level4"]["total"] = "numerical"
    b.plant(ChildSum("level4", "level4_id", "total", "level5", "level4_id", "amount"))


@preset("lookup", default_rows=2000)
def _lookup_preset(b: _Builder, rows: int) -> None:
    """Two small lookup tables of unique labels (12 categories, 8 colours) > products >
    sales, sales also to customers (city -> country): quantity x unit_price = amount,
    every label present once."""
    _lookup(b, "categories", "category_id", "name", CATEGORIES)
    _lookup(b, "colours", "colour_id", "colour", COLOURS)
    products = _products(b, max(rows // 20, 40))
    products["colour_id"] = b.rng.integers(1, len(COLOURS) + 1, len(products))
    b.types["products"]["colour_id"] = "id"
    b.link("colours", "products", "colour_id")
    _customers(b, max(rows // 5, 20))
    sales = _items(b, "sales", "sale_id", "customers", "customer_id",
                   len(b.tables["customers"]), products, rows)
    sales["sold_at"] = _text(b.dates(rows, 365))
    b.types["sales"]["sold_at"] = "datetime"


TRANSITIONS = {"opened": (("deposit", 0.7), ("purchase", 0.3)),
               "deposit": (("purchase", 0.6), ("deposit", 0.2), ("transfer", 0.2)),
               "purchase": (("purchase", 0.5), ("deposit", 0.3), ("refund", 0.2)),
               "refund": (("purchase", 0.8), ("deposit", 0.2)),
               "transfer": (("deposit", 0.5), ("purchase", 0.5))}
"""The Markov chain of transaction kinds in the ``sequences`` preset (kind -> next kinds)."""
AMOUNTS = {"opened": 0.0, "deposit": 400.0, "purchase": 60.0, "refund": 30.0, "transfer": 250.0}


@preset("sequences", default_rows=5000)
def _sequences(b: _Builder, rows: int) -> None:
    """accounts > transactions, transactions sequential (per account_id, ordered by day):
    skewed lengths, gaps of 1 to ~30 days, each kind drawn from a Markov chain on the
    previous one (opened first), amounts by kind."""
    rng = b.rng
    n_accounts = max(rows // 12, 10)
    accounts = pd.DataFrame({"account_id": np.arange(1, n_accounts + 1),
                             "segment": rng.choice(["retail", "business"], n_accounts,
                                                   p=[0.8, 0.2]),
                             "opened": _text(b.dates(n_accounts, 365))})
    b.add("accounts", accounts, "account_id", {"segment": "categorical", "opened": "datetime"})
    owner = np.sort(b.skewed_parents(n_accounts, rows))
    kinds, days = [], []
    for _, count in zip(*np.unique(owner, return_counts=True), strict=True):
        kind, day = "opened", 0
        for step in range(count):
            if step:
                names, weights = zip(*TRANSITIONS[kind], strict=True)
                kind = str(rng.choice(names, p=weights))
                day += 1 + int(rng.exponential(6))
            kinds.append(kind)
            days.append(day)
    opened = pd.to_datetime(accounts["opened"]).iloc[owner].reset_index(drop=True)
    kind_series = pd.Series(kinds)
    transactions = pd.DataFrame({
        "transaction_id": np.arange(1, rows + 1), "account_id": owner + 1,
        "day": _text(opened + pd.to_timedelta(days, "D")), "kind": kind_series,
        "amount": (kind_series.map(AMOUNTS) * rng.lognormal(0, 0.3, rows)).round(2)})
    b.add("transactions", transactions, "transaction_id",
          {"account_id": "id", "day": "datetime", "kind": "categorical", "amount": "numerical"})
    b.link("accounts", "transactions", "account_id")
    b.sequences["transactions"] = ("account_id", "day")
    b.plant(ChildrenSkew("transactions", "account_id"),
            SequenceOrder("transactions", "account_id", "day"))
