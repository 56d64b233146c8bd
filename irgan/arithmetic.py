"""Arithmetic identities: ``amount = quantity * unit_price`` in a row, and a parent's total
that is the sum of a column over its children (``orders.total = sum(order_items.amount)``).

Both are kept by computing the result from the generated inputs, never by rejecting rows:
a product from the row's generated factors, a total from the children generated for that
parent, after they exist (children are generated after their parents, so the total is
rewritten at the end of sampling). The GAN still generates the result column, so the
parent's total still conditions its children and the real null pattern is kept: a rule
constrains only the rows where its columns are non-null. A real row holds a rule within
half a unit of the result's last decimal (a rounded total or product), plus float noise.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from irgan.rule_values import ColumnValues, tolerance

MIN_ROWS = 20
MIN_DISTINCT = 3
MAX_PRODUCT_COLUMNS = 40  # triples grow with the cube of the columns
SCREEN_ROWS = 256


@dataclass
class ProductRule:
    """``target = left * right`` on every row where the three are non-null."""

    table: str
    target: str
    left: str
    right: str
    rows: int
    numbers: dict[str, ColumnValues]

    @property
    def id(self) -> str:
        return f"{self.table}: {self.target} = {self.left} * {self.right}"

    @property
    def inputs(self) -> tuple[str, ...]:
        return (self.left, self.right)

    def apply(self, frame: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
        """``frame`` with the target recomputed where it and both factors are non-null."""
        a, b, c = (self._floats(frame, col) for col in (self.left, self.right, self.target))
        out = np.where(np.isnan(c) | np.isnan(a) | np.isnan(b), c, a * b)
        frame = frame.copy()
        frame[self.target] = self.numbers[self.target].series(out).to_numpy()
        return frame

    def holds(self, tables: dict[str, pd.DataFrame]) -> tuple[int, int]:
        """Rows (all three non-null) on which the product holds, and the rows checked."""
        frame = tables[self.table]
        a, b, c = (self._floats(frame, col) for col in (self.left, self.right, self.target))
        ok = ~(np.isnan(a) | np.isnan(b) | np.isnan(c))
        digits = self.numbers[self.target].decimals
        close = np.abs(c[ok] - a[ok] * b[ok]) <= tolerance(c[ok], digits)
        return int(close.sum()), int(ok.sum())

    def _floats(self, frame: pd.DataFrame, column: str) -> np.ndarray:
        return self.numbers[column].floats(frame[column])


@dataclass
class SumRule:
    """``parent.target`` is the sum of ``child.column`` over the parent's children by ``key``."""

    parent: str
    parent_key: str
    target: str
    child: str
    key: str
    column: str
    rows: int
    numbers: ColumnValues
    by_key: bool = False

    @property
    def id(self) -> str:
        by = f" by {self.key}" if self.by_key else ""
        return f"{self.parent}: {self.target} = sum({self.child}.{self.column}{by})"

    def sums(self, tables: dict[str, pd.DataFrame]) -> np.ndarray:
        """The sum over each parent row's children (0 for a parent without children)."""
        parent, child = tables[self.parent], tables[self.child]
        idx = pd.Index(parent[self.parent_key]).get_indexer(child[self.key])
        x = pd.to_numeric(child[self.column], errors="coerce").to_numpy(dtype=float)
        ok = (idx >= 0) & ~np.isnan(x)
        return np.bincount(idx[ok], weights=x[ok], minlength=len(parent))

    def apply(self, tables: dict[str, pd.DataFrame]) -> None:
        """Rewrite the parent's non-null totals from its generated children, in place."""
        parent = tables[self.parent]
        t = self.numbers.floats(parent[self.target])
        out = np.where(np.isnan(t), t, self.sums(tables))
        parent[self.target] = self.numbers.series(out).to_numpy()

    def holds(self, tables: dict[str, pd.DataFrame]) -> tuple[int, int]:
        """Parent rows (total non-null) whose total is their children's sum, and rows checked."""
        t = self.numbers.floats(tables[self.parent][self.target])
        ok = ~np.isnan(t)
        close = np.abs(t[ok] - self.sums(tables)[ok]) <= tolerance(t[ok], self.numbers.decimals)
        return int(close.sum()), int(ok.sum())


def find_products(
    table: str, df: pd.DataFrame, numbers: dict[str, ColumnValues]
) -> list[ProductRule]:
    """Every ``c = a * b`` between numerical columns with several values, screened on a
    sample of rows and confirmed on all of them."""
    names = [c for c in numbers if numbers[c].clock is None][:MAX_PRODUCT_COLUMNS]
    if len(names) < 3:
        return []
    x = np.column_stack([numbers[c].floats(df[c]) for c in names])
    wide = [i for i in range(len(names)) if _distinct(x[:, i]) >= MIN_DISTINCT]
    rng = np.random.default_rng(0)
    screen = x[rng.choice(len(x), min(SCREEN_ROWS, len(x)), replace=False)][:, wide]
    slack = np.column_stack(
        [tolerance(screen[:, k], numbers[names[c]].decimals) for k, c in enumerate(wide)]
    )
    found = []
    for i, left in enumerate(wide):
        for j in range(i + 1, len(wide)):
            right = wide[j]
            product = screen[:, i] * screen[:, j]
            for k in np.flatnonzero(_close_where_present(screen, product, slack)):
                target = wide[k]
                if target in (left, right):
                    continue
                rule = ProductRule(
                    table, names[target], names[left], names[right], 0,
                    {names[c]: numbers[names[c]] for c in (left, right, target)},
                )
                held, rows = rule.holds({table: df})
                if rows >= MIN_ROWS and held == rows:
                    rule.rows = rows
                    found.append(rule)
    return found


def _distinct(values: np.ndarray) -> int:
    return len(np.unique(values[~np.isnan(values)]))


def _close_where_present(
    columns: np.ndarray, product: np.ndarray, slack: np.ndarray
) -> np.ndarray:
    """Which of ``columns`` equal ``product`` (within ``slack``) on every sampled row where
    both are present, and on one at least."""
    present = ~(np.isnan(columns) | np.isnan(product)[:, None])
    close = np.abs(columns - product[:, None]) <= slack
    return present.any(axis=0) & (close | ~present).all(axis=0)


def find_sums(
    parent: str,
    parent_key: str,
    parent_df: pd.DataFrame,
    parent_numbers: dict[str, ColumnValues],
    child: str,
    key: str,
    child_df: pd.DataFrame,
    child_columns: list[str],
    by_key: bool,
) -> list[SumRule]:
    """Every parent column that equals the sum of a child column over its children, where
    some parent has two or more children (otherwise it is a copy, not a sum)."""
    idx = pd.Index(parent_df[parent_key]).get_indexer(child_df[key])
    if np.bincount(idx[idx >= 0], minlength=1).max(initial=0) < 2:
        return []
    tables = {parent: parent_df, child: child_df}
    found = []
    for target, numbers in parent_numbers.items():
        t = numbers.floats(parent_df[target])
        if numbers.clock is not None or _distinct(t) < MIN_DISTINCT:
            continue
        for column in child_columns:
            rule = SumRule(parent, parent_key, target, child, key, column, 0, numbers, by_key)
            held, rows = rule.holds(tables)
            if rows >= MIN_ROWS and held == rows:
                rule.rows = rows
                found.append(rule)
    return found
