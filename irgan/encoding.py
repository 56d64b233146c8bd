"""Per-table encoders between real columns and the GAN's numeric space, and back.

Numbers and datetimes become normal scores of their mid-rank in the real data; decoding maps
generated scores back by rank onto the real values. The GAN therefore only has to learn how
columns depend on each other and on the parent rows: every marginal (including integer
grids, spikes and bounds) is reproduced exactly, which is what SDMetrics' column shapes
measure. Datetimes go through RDT's ``UnixTimestampEncoder`` so their ``datetime_format``
survives the round trip. Categoricals (and booleans) are one-hot over their most frequent
values plus an "other" bucket; decoding samples from the generator's probabilities
re-weighted (iterative proportional fitting) so category shares match the real ones.
Nulls are an explicit indicator per column.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from rdt.transformers import UnixTimestampEncoder
from scipy.special import ndtri

NUMERIC = "num"
DISCRETE = "cat"


@dataclass
class Span:
    """A block of the encoded matrix: one numeric scalar or one softmax group."""

    column: str
    kind: str
    start: int
    width: int
    frequencies: np.ndarray | None = None

    @property
    def stop(self) -> int:
        return self.start + self.width


@dataclass
class NumericColumn:
    """A number or datetime column: sorted real values define the rank mapping."""

    name: str
    sorted_values: np.ndarray
    dtype: str
    null_share: float
    datetime: UnixTimestampEncoder | None = None

    def to_float(self, series: pd.Series) -> np.ndarray:
        if self.datetime is not None:
            out = self.datetime.transform(series.to_frame(self.name))[self.name]
            values = out.to_numpy(dtype=float)
            values[series.isna().to_numpy()] = np.nan
            return values
        return pd.to_numeric(series, errors="coerce").to_numpy(dtype=float)

    def scores(self, values: np.ndarray) -> np.ndarray:
        """Normal score of each value's mid-rank among the real values (nulls -> 0)."""
        ref = self.sorted_values
        lo = np.searchsorted(ref, values, side="left")
        hi = np.searchsorted(ref, values, side="right")
        u = (lo + hi) / 2.0 / len(ref)
        u = np.clip(u, 0.5 / len(ref), 1 - 0.5 / len(ref))
        out = ndtri(u)
        out[np.isnan(values)] = 0.0
        return out

    def values_from_ranks(self, generated: np.ndarray) -> np.ndarray:
        """Map generated scores to real values by rank (ties broken by position)."""
        n = len(generated)
        if n == 0:
            return np.empty(0)
        ranks = np.empty(n)
        ranks[np.argsort(generated, kind="stable")] = (np.arange(n) + 0.5) / n
        idx = np.minimum((ranks * len(self.sorted_values)).astype(int), len(self.sorted_values) - 1)
        return self.sorted_values[idx]

    def to_series(self, values: np.ndarray, null: np.ndarray) -> pd.Series:
        values = values.astype(float)
        values[null] = np.nan
        if self.datetime is not None:
            frame = pd.DataFrame({self.name: values})
            out = self.datetime.reverse_transform(frame)[self.name]
            return out.where(~null, None) if null.any() else out
        series = pd.Series(values, name=self.name)
        if not null.any() and self.dtype.startswith(("int", "uint", "Int")):
            return series.round().astype(self.dtype)
        if self.dtype.startswith("Int"):
            return series.round().astype(self.dtype)
        return series


@dataclass
class CategoricalColumn:
    """A categorical/boolean column: top categories one-hot, the rest pooled in "other"."""

    name: str
    categories: pd.Index
    frequencies: np.ndarray
    kept: int
    dtype: str

    @property
    def width(self) -> int:
        return self.kept + (1 if len(self.categories) > self.kept else 0)

    def codes(self, series: pd.Series) -> np.ndarray:
        code = self.categories.get_indexer(series)
        if self.categories.hasnans:
            code[series.isna().to_numpy()] = int(np.flatnonzero(self.categories.isna())[0])
        code[code < 0] = 0
        return np.minimum(code, self.kept)

    def bucket_frequencies(self) -> np.ndarray:
        freq = self.frequencies[: self.kept]
        if self.width > self.kept:
            freq = np.append(freq, self.frequencies[self.kept :].sum())
        return freq / freq.sum()

    def to_series(self, bucket: np.ndarray, rng: np.random.Generator) -> pd.Series:
        idx = bucket.copy()
        other = idx == self.kept
        if other.any():
            rare = self.frequencies[self.kept :]
            idx[other] = self.kept + rng.choice(
                len(rare), size=int(other.sum()), p=rare / rare.sum()
            )
        values = self.categories.take(idx)
        series = pd.Series(values, name=self.name)
        try:
            return series.astype(self.dtype)
        except (TypeError, ValueError):
            return series


@dataclass
class TableEncoder:
    """Encodes the modelled columns of one table; keys, ids and PII are left to others."""

    numeric: list[NumericColumn] = field(default_factory=list)
    categorical: list[CategoricalColumn] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    width: int = 0

    @classmethod
    def fit(
        cls, df: pd.DataFrame, columns: dict[str, dict], max_categories: int = 50
    ) -> TableEncoder:
        enc = cls()
        for name, spec in columns.items():
            sdtype = spec.get("sdtype", "categorical")
            series = df[name]
            if sdtype in ("numerical", "datetime"):
                enc._add_numeric(name, series, spec, sdtype)
            else:
                enc._add_categorical(name, series, max_categories)
        return enc

    def _add_numeric(self, name: str, series: pd.Series, spec: dict, sdtype: str) -> None:
        dt = None
        if sdtype == "datetime":
            dt = UnixTimestampEncoder(
                datetime_format=spec.get("datetime_format"),
                missing_value_generation=None,
                enforce_min_max_values=True,
            )
            dt.fit(series.to_frame(name), name)
        col = NumericColumn(name, np.empty(0), str(series.dtype), float(series.isna().mean()), dt)
        values = col.to_float(series)
        finite = values[~np.isnan(values)]
        col.sorted_values = np.sort(finite) if len(finite) else np.zeros(1)
        self.numeric.append(col)
        self.spans.append(Span(name, NUMERIC, self.width, 1))
        self.width += 1
        if col.null_share > 0:
            freq = np.array([1 - col.null_share, col.null_share])
            self.spans.append(Span(name + "#null", DISCRETE, self.width, 2, freq))
            self.width += 2

    def _add_categorical(self, name: str, series: pd.Series, max_categories: int) -> None:
        counts = series.value_counts(dropna=False)
        kept = min(len(counts), max_categories)
        col = CategoricalColumn(
            name, pd.Index(counts.index), counts.to_numpy(dtype=float), kept, str(series.dtype)
        )
        self.categorical.append(col)
        self.spans.append(Span(name, DISCRETE, self.width, col.width, col.bucket_frequencies()))
        self.width += col.width

    def transform(self, df: pd.DataFrame) -> np.ndarray:
        """Encode rows of a (real or generated) table into the GAN space."""
        out = np.zeros((len(df), self.width), dtype=np.float32)
        spans = {s.column: s for s in self.spans}
        for col in self.numeric:
            values = col.to_float(df[col.name])
            out[:, spans[col.name].start] = col.scores(values)
            null_span = spans.get(col.name + "#null")
            if null_span is not None:
                isnull = np.isnan(values)
                out[np.arange(len(df)), null_span.start + isnull.astype(int)] = 1.0
        for col in self.categorical:
            out[np.arange(len(df)), spans[col.name].start + col.codes(df[col.name])] = 1.0
        return out

    def decode(self, raw: np.ndarray, rng: np.random.Generator) -> pd.DataFrame:
        """Turn generator outputs (scores and logits) into a table of real-typed columns."""
        spans = {s.column: s for s in self.spans}
        columns: dict[str, pd.Series] = {}
        for col in self.numeric:
            null = np.zeros(len(raw), dtype=bool)
            null_span = spans.get(col.name + "#null")
            if null_span is not None:
                null = (
                    sample_calibrated(
                        raw[:, null_span.start : null_span.stop], null_span.frequencies, rng
                    )
                    == 1
                )
            values = np.empty(len(raw))
            values[~null] = col.values_from_ranks(raw[~null, spans[col.name].start])
            columns[col.name] = col.to_series(values, null)
        for col in self.categorical:
            span = spans[col.name]
            bucket = sample_calibrated(raw[:, span.start : span.stop], span.frequencies, rng)
            columns[col.name] = col.to_series(bucket, rng)
        return pd.DataFrame(columns, index=pd.RangeIndex(len(raw)))

    def discrete_spans(self) -> list[Span]:
        return [s for s in self.spans if s.kind == DISCRETE]


def sample_calibrated(
    logits: np.ndarray, target: np.ndarray, rng: np.random.Generator, rounds: int = 30
) -> np.ndarray:
    """Sample one category per row from softmax(logits), re-weighted to the target shares.

    Iterative proportional fitting finds one weight per category so that the average
    re-weighted probability equals the real share; rows keep their relative preferences,
    so the dependence the generator learned survives while the marginal is exact in
    expectation.
    """
    logits = logits - logits.max(axis=1, keepdims=True)
    prob = np.exp(logits)
    prob /= prob.sum(axis=1, keepdims=True)
    prob = np.maximum(prob, 1e-6)
    weights = np.ones(prob.shape[1])
    target = np.maximum(target, 1e-12)
    for _ in range(rounds):
        p = prob * weights
        p /= p.sum(axis=1, keepdims=True)
        weights *= target / np.maximum(p.mean(axis=0), 1e-12)
    log_p = np.log(prob * weights)
    gumbel = -np.log(-np.log(rng.uniform(1e-12, 1.0, size=prob.shape)))
    return np.argmax(log_p + gumbel, axis=1)
