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
MAX_ANCHOR_CATEGORIES = 500
MAX_LEARNED_CATEGORIES = 2000
"""Categories a generator that codes a column over its full list learns; rarer ones are
pooled and drawn by their real frequency, as the one-hot encoding's "other" bucket is."""
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
        return _rank_map(generated, self.sorted_values)

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
        """Bucket per value: its one-hot position, or ``kept`` for the pooled rare values."""
        return np.minimum(self.full_codes(series), self.kept)

    def full_codes(self, series: pd.Series) -> np.ndarray:
        """Position of each value among all real categories (unknown values -> 0)."""
        code = self.categories.get_indexer(series)
        if self.categories.hasnans:
            code[series.isna().to_numpy()] = int(np.flatnonzero(self.categories.isna())[0])
        code[code < 0] = 0
        return code

    @property
    def learned(self) -> int:
        """Categories kept by a generator that learns the full list (the rest are pooled)."""
        return min(len(self.categories), MAX_LEARNED_CATEGORIES)

    @property
    def learned_width(self) -> int:
        return self.learned + (1 if len(self.categories) > self.learned else 0)

    def bucket_frequencies(self) -> np.ndarray:
        freq = self.frequencies[: self.kept]
        if self.width > self.kept:
            freq = np.append(freq, self.frequencies[self.kept :].sum())
        return freq / freq.sum()

    def to_series(
        self, bucket: np.ndarray, rng: np.random.Generator, limit: int | None = None
    ) -> pd.Series:
        """Values of ``bucket`` codes; the code ``limit`` (the pooled one, ``kept`` unless
        given) draws one of the pooled categories by its real frequency."""
        limit = self.kept if limit is None else limit
        idx = bucket.copy()
        other = idx == limit
        if other.any():
            rare = self.frequencies[limit:]
            idx[other] = limit + rng.choice(
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
    anchors: dict[str, Anchor] = field(default_factory=dict)

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
        enc.anchors = find_anchors(enc, df)
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

    def pooled_sizes(self) -> dict[str, int]:
        """Classes of each categorical that one-hot pools, when learned over its full list."""
        return {c.name: c.learned_width for c in self.categorical
                if len(c.categories) > c.kept}

    def full_codes(self, df: pd.DataFrame) -> dict[str, np.ndarray]:
        """Full category codes of the columns in ``pooled_sizes`` (frequency order)."""
        return {c.name: c.full_codes(df[c.name]) for c in self.categorical
                if len(c.categories) > c.kept}

    def decode(
        self, raw: np.ndarray, rng: np.random.Generator,
        codes: dict[str, np.ndarray] | None = None,
    ) -> pd.DataFrame:
        """Turn generator outputs (scores and logits) into a table of real-typed columns.

        ``codes`` holds the full category codes a generator drew for pooled categoricals
        (``pooled_sizes``); they are taken as drawn. Anchor categoricals are decoded first;
        a column tied to an anchor then gets its real distribution *within each anchor
        category* (model -> seats stays exact).
        """
        codes = codes or {}
        spans = {s.column: s for s in self.spans}
        columns: dict[str, pd.Series] = {}
        buckets: dict[str, np.ndarray] = {}
        ordered = sorted(self.categorical, key=lambda c: c.name in self.anchors)
        for col in ordered:
            span = spans[col.name]
            logits = raw[:, span.start : span.stop]
            anchor = self.anchors.get(col.name)
            if col.name in codes:
                columns[col.name] = col.to_series(codes[col.name], rng, col.learned)
                buckets[col.name] = col.full_codes(columns[col.name])
                continue
            if anchor is None:
                bucket = sample_calibrated(logits, span.frequencies, rng)
            else:
                bucket = np.empty(len(raw), dtype=np.int64)
                groups = buckets[anchor.column]
                for g in np.unique(groups):
                    rows = groups == g
                    target = anchor.frequencies.get(int(g), span.frequencies)
                    bucket[rows] = sample_calibrated(logits[rows], target, rng)
            columns[col.name] = col.to_series(bucket, rng)
            buckets[col.name] = col.full_codes(columns[col.name])
        for col in self.numeric:
            null = np.zeros(len(raw), dtype=bool)
            null_span = spans.get(col.name + "#null")
            if null_span is not None:
                logits = raw[:, null_span.start : null_span.stop]
                null = sample_calibrated(logits, null_span.frequencies, rng) == 1
            score = raw[:, spans[col.name].start]
            values = np.empty(len(raw))
            values[~null] = col.values_from_ranks(score[~null])
            anchor = self.anchors.get(col.name)
            if anchor is not None:
                groups = buckets[anchor.column]
                for g, ref in anchor.values.items():
                    rows = (groups == g) & ~null
                    if rows.any():
                        values[rows] = _rank_map(score[rows], ref)
            columns[col.name] = col.to_series(values, null)
        names = [c.name for c in self.numeric] + [c.name for c in self.categorical]
        return pd.DataFrame({n: columns[n] for n in names}, index=pd.RangeIndex(len(raw)))


@dataclass
class Anchor:
    """A categorical column another column depends on strongly, with per-category data."""

    column: str
    values: dict[int, np.ndarray] = field(default_factory=dict)
    frequencies: dict[int, np.ndarray] = field(default_factory=dict)


def find_anchors(enc: TableEncoder, df: pd.DataFrame, threshold: float = 0.5) -> dict:
    """Pick, per column, the categorical column that explains it best (if strongly).

    Numbers use the correlation ratio of their normal scores; categories the stronger of
    the two uncertainty coefficients, with ties going to the direction in which the anchor
    explains the column: model -> manufacturer wins over manufacturer -> model, so the
    finer column becomes the anchor and the functional dependency stays exact (a column
    too fine to anchor, like a flight number, still gets its carrier as anchor). Pairs
    are accepted strongest first; a column that serves as an anchor gets none itself, so
    decoding takes one pass.
    """
    codes = {
        c.name: c.full_codes(df[c.name])
        for c in enc.categorical
        if len(c.categories) <= MAX_ANCHOR_CATEGORIES
    }
    pairs: list[tuple[float, float, str, str]] = []
    for col in enc.numeric:
        values = col.to_float(df[col.name])
        ok = ~np.isnan(values)
        score = col.scores(values)[ok]
        for name, code in codes.items():
            strength = _correlation_ratio(score, code[ok])
            pairs.append((strength, strength, col.name, name))
    for col in enc.categorical:
        mine = col.full_codes(df[col.name])
        for name, code in codes.items():
            if name != col.name:
                explained, explains = _uncertainty(mine, code), _uncertainty(code, mine)
                pairs.append((max(explained, explains), explained, col.name, name))
    best: dict[str, str] = {}
    for strength, _, target, name in sorted(pairs, key=lambda p: (-p[0], -p[1])):
        if strength <= threshold:
            break
        taken = target in best or target in best.values() or name in best
        if not taken:
            best[target] = name
    anchors: dict[str, Anchor] = {}
    numeric = {c.name: c for c in enc.numeric}
    for target, name in best.items():
        anchor = Anchor(name)
        code = codes[name]
        if target in numeric:
            values = numeric[target].to_float(df[target])
            for g in np.unique(code):
                group = values[(code == g) & ~np.isnan(values)]
                if len(group):
                    anchor.values[int(g)] = np.sort(group)
        else:
            col = next(c for c in enc.categorical if c.name == target)
            mine = col.codes(df[target])
            for g in np.unique(code):
                counts = np.bincount(mine[code == g], minlength=col.width).astype(float)
                anchor.frequencies[int(g)] = counts / counts.sum()
        anchors[target] = anchor
    return anchors


def _correlation_ratio(values: np.ndarray, groups: np.ndarray) -> float:
    if len(values) < 2 or values.var() == 0:
        return 0.0
    counts = np.bincount(groups)
    sums = np.bincount(groups, weights=values)
    nz = counts > 0
    between = (sums[nz] ** 2 / counts[nz]).sum() / len(values) - values.mean() ** 2
    return float(np.sqrt(max(between, 0.0) / values.var()))


def _uncertainty(target: np.ndarray, given: np.ndarray) -> float:
    """Share of ``target``'s entropy that ``given`` explains (Theil's U, 0..1)."""
    joint = pd.crosstab(target, given).to_numpy(dtype=float)
    if min(joint.shape) < 2:
        return 0.0
    p = joint / joint.sum()
    p_target = p.sum(1)
    p_given = p.sum(0)
    h_target = -(p_target * np.log(p_target)).sum()
    nz = p > 0
    h_cond = -(p[nz] * np.log((p / p_given[None, :])[nz])).sum()
    return float((h_target - h_cond) / h_target) if h_target > 0 else 0.0


def _rank_map(generated: np.ndarray, sorted_values: np.ndarray) -> np.ndarray:
    """Values of ``sorted_values`` at the ranks of ``generated`` (ties by position)."""
    n = len(generated)
    ranks = np.empty(n)
    ranks[np.argsort(generated, kind="stable")] = (np.arange(n) + 0.5) / n
    idx = np.minimum((ranks * len(sorted_values)).astype(int), len(sorted_values) - 1)
    return sorted_values[idx]


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
