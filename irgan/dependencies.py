"""Columns that are a function of a numeric column in the real data, rebuilt by lookup.

``hour`` and ``minute`` are ``sched_dep_time // 100`` and ``% 100``: a GAN only ever
approximates such a rule, and the approximation is what a detector (and a tester joining
on the rule) notices first. When every real value of a complete numeric or datetime
column maps to exactly one value of another column, the dependent column is left out of
the GAN and decoded by looking up the generated source value (always a real one, since
numbers decode by rank onto real values). Categorical sources are already covered by
anchors (``irgan.encoding.find_anchors``). A source must repeat its values (at least
``MIN_ROWS_PER_VALUE`` rows per value on average) so a near-unique column never turns
into a copy of real row pairs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

MIN_ROWS_PER_VALUE = 5
SOURCE_SDTYPES = ("numerical", "datetime")


@dataclass
class Derived:
    """A dependent column: the target's real value for each real source value."""

    column: str
    source: str
    keys: np.ndarray
    values: pd.Series

    def apply(self, source: np.ndarray) -> pd.Series:
        """Target values for generated source values (as floats, like the encoder's)."""
        pos = np.clip(np.searchsorted(self.keys, source), 0, len(self.keys) - 1)
        below = np.clip(pos - 1, 0, None)
        nearer = np.abs(self.keys[below] - source) < np.abs(self.keys[pos] - source)
        pos = np.where(nearer, below, pos)
        return self.values.take(pos).reset_index(drop=True).rename(self.column)


def find_dependents(df: pd.DataFrame, columns: dict[str, dict]) -> dict[str, str]:
    """Map each dependent column to its source; sources are never dependents themselves.

    Sources with the fewest distinct values are tried first, the most general rule.
    """
    n = len(df)
    codes = {c: pd.factorize(df[c], use_na_sentinel=False)[0] for c in columns}
    sources = [
        c
        for c, spec in columns.items()
        if spec.get("sdtype") in SOURCE_SDTYPES
        and not df[c].isna().any()
        and 2 <= codes[c].max() + 1 <= n / MIN_ROWS_PER_VALUE
    ]
    sources.sort(key=lambda c: codes[c].max())
    found: dict[str, str] = {}
    for source in sources:
        if source in found:
            continue
        width = codes[source].max() + 1
        for target in columns:
            if target == source or target in found or target in found.values():
                continue
            if codes[target].max() < 1:
                continue
            pairs = codes[target].astype(np.int64) * width + codes[source]
            if len(pd.unique(pairs)) == width:
                found[target] = source
    return found


def fit_derived(target: pd.Series, source_floats: np.ndarray, source: str) -> Derived:
    """The lookup table from the real data (source floats as the encoder computes them)."""
    keys, first = np.unique(source_floats, return_index=True)
    values = target.iloc[first].reset_index(drop=True)
    return Derived(str(target.name), source, keys, values)
