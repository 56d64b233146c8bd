"""Functional dependencies: a column that is a function of another column of its table.

``hour`` and ``minute`` are ``sched_dep_time // 100`` and ``% 100``, a plane's
manufacturer follows from its model, a city's country from the city. A GAN only ever
approximates such a rule, and the approximation is what a detector (and a tester joining
on the rule) notices first. So the dependent column is rebuilt from the generated source by
the real mapping, and the rule holds on every synthetic row. The GAN still learns the
column (measured on the 4 flights tables with the autoregressive generator: leaving
``hour`` and ``minute`` out of it cost 0.008 of quality), only its values are replaced.

A source must repeat its values (at least ``MIN_ROWS_PER_VALUE`` non-null rows per value
on average): every column is a function of a near-unique one, and such a mapping would copy
real row pairs. Nulls of the source are not constrained: where the source is null, the
target keeps its generated value.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from irgan.rule_values import NUMBER_SDTYPES, ColumnValues

MIN_ROWS_PER_VALUE = 5
MIN_ROWS = 20
MAX_COLUMNS = 150  # pairs grow with the square of the columns; wider tables are not searched
SCREEN_ROWS = 2_000  # a function on all rows is one on any sample: screened there first


@dataclass
class FunctionRule:
    """``target`` is a function of ``source`` in ``table``: the real value per source value."""

    table: str
    source: str
    target: str
    rows: int
    source_distinct: int
    keys: np.ndarray
    values: pd.Series
    numbers: ColumnValues | None = None

    @property
    def id(self) -> str:
        return f"{self.table}: {self.source} -> {self.target}"

    @property
    def inputs(self) -> tuple[str, ...]:
        return (self.source,)

    def apply(self, frame: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
        """``frame`` with the target rebuilt from its source (source values are real ones)."""
        source = frame[self.source].reset_index(drop=True)
        if self.numbers is not None:
            floats = self.numbers.floats(source)
            pos = _nearest(self.keys, floats)
            unknown = np.isnan(floats)
        else:
            pos = pd.Index(self.keys).get_indexer(source.astype(str))
            unknown = (pos < 0) | source.isna().to_numpy()
        out = self.values.take(np.maximum(pos, 0)).to_numpy(dtype=object)
        if unknown.any():
            out[unknown] = frame[self.target].reset_index(drop=True).to_numpy(dtype=object)[unknown]
        frame = frame.copy()
        frame[self.target] = _typed(pd.Series(out, index=frame.index), self.values.dtype)
        return frame

    def holds(self, tables: dict[str, pd.DataFrame]) -> tuple[int, int]:
        """Rows (source non-null) whose target is their source value's most common target,
        and the rows checked: a function holds on all of them."""
        frame = tables[self.table]
        pairs = frame[[self.source, self.target]].dropna(subset=[self.source])
        if pairs.empty:
            return 0, 0
        counts = pairs.astype(str).groupby([self.source, self.target]).size()
        return int(counts.groupby(level=0).max().sum()), len(pairs)


def find_functions(
    table: str, df: pd.DataFrame, columns: dict[str, dict]
) -> list[FunctionRule]:
    """Every exact dependency between two modelled columns of ``df`` (all candidates).

    Which ones are kept (one source per target, coarsest first, no cycles) is decided with
    the other rules, in ``irgan.rules``.
    """
    names = list(columns)[:MAX_COLUMNS]
    codes = {c: pd.factorize(df[c])[0] for c in names}
    distinct = {c: int(codes[c].max()) + 1 for c in names}
    present = {c: int((codes[c] >= 0).sum()) for c in names}
    sources = [
        c for c in names
        if present[c] >= MIN_ROWS and 2 <= distinct[c] <= present[c] / MIN_ROWS_PER_VALUE
    ]
    if not sources:
        return []
    screen = np.random.default_rng(0).choice(len(df), min(SCREEN_ROWS, len(df)), replace=False)
    sample = np.column_stack([codes[c][screen] for c in names])
    found = []
    for source in sources:
        for j in np.flatnonzero(_functions_on(sample, names.index(source))):
            target = names[j]
            if target == source or distinct[target] < 2:
                continue
            if _is_function(codes[source], codes[target]):
                found.append(_fit(table, df, source, target, columns[source], distinct[source]))
    return found


def _functions_on(sample: np.ndarray, source: int) -> np.ndarray:
    """Which columns of ``sample`` (category codes) are a function of column ``source``
    on these rows: equal wherever two rows share a non-null source code."""
    order = np.argsort(sample[:, source], kind="stable")
    rows = sample[order]
    s = rows[:, source]
    same = (s[1:] == s[:-1]) & (s[1:] >= 0)
    return ~((rows[1:] != rows[:-1]) & same[:, None]).any(axis=0)


def _is_function(source: np.ndarray, target: np.ndarray) -> bool:
    """Whether every source code (nulls, -1, aside) meets a single target code."""
    rows = source >= 0
    s, t = source[rows].astype(np.int64), target[rows].astype(np.int64) + 1
    if len(s) == 0:
        return True
    return len(pd.unique(t * (int(s.max()) + 1) + s)) == len(pd.unique(s))


def _fit(
    table: str, df: pd.DataFrame, source: str, target: str, spec: dict, source_distinct: int
) -> FunctionRule:
    """The target's real value for each real source value."""
    present = df[source].notna().to_numpy()
    numbers = ColumnValues.fit(df[source], spec) if spec.get("sdtype") in NUMBER_SDTYPES else None
    keys_of = numbers.floats(df[source]) if numbers else df[source].astype(str).to_numpy()
    keys, first = np.unique(keys_of[present], return_index=True)
    values = df[target][present].iloc[first].reset_index(drop=True)
    return FunctionRule(
        table, source, target, int(present.sum()), source_distinct, keys, values,
        numbers,
    )


def _nearest(keys: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Position of the key nearest to each value (generated numbers are real ones)."""
    pos = np.clip(np.searchsorted(keys, values), 0, len(keys) - 1)
    below = np.clip(pos - 1, 0, None)
    nearer = np.abs(keys[below] - values) < np.abs(keys[pos] - values)
    return np.where(nearer, below, pos)


def _typed(series: pd.Series, dtype: np.dtype) -> pd.Series:
    try:
        return series.astype(dtype)
    except (TypeError, ValueError):
        return series
