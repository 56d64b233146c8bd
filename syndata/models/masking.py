"""Look-alike values for identifying columns, so that no fitted model keeps a real one.

A model file is shared like synthetic data, yet every library keeps the values of the plain
columns it learns: SDV's ``UniformEncoder`` frequencies, CTGAN's and TVAE's one-hot
categories, IRGAN's category lists; SDV 2.0 even learns a non-key ``id`` column as a
categorical. All of them pickle with the model and are sampled back into the output.
PII-typed columns are faked and never learned (RDT's ``AnonymizedFaker`` keeps only a null
share and a count), so they are safe. What is left is a column that identifies rows while
typed plain: a non-key id, a categorical whose values are nearly all distinct, or one whose
values look like personal data (a user declared it categorical). Numbers and datetimes are
learned as distributions and left alone.

Before any fit (``model_frames`` calls ``mask_identifying``), each such column's rare values
(seen in fewer than ``RARE_COUNT`` rows, the k of k-anonymity) are replaced one-to-one by
look-alikes: same length, a random letter for a letter and a digit for a digit, punctuation
kept, never a real value of the column. Counts and ties to other columns survive (one
look-alike per real value), and the mapping is not kept anywhere. Frequent values (a shared
``info@`` address, ``N/A``) identify nobody and stay. The thresholds match the evaluation
report's redaction, so what a report hides a model does not hold. Names of things in a
reference table (airports, airlines: ``syndata.reference_names``) identify nobody either
and are learned as they are, as the report shows them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from syndata.metadata import Schema
from syndata.pii import detect_pii
from syndata.reference_names import reference_name_columns

RARE_COUNT = 5
NEAR_UNIQUE_SHARE = 0.5
MASKED_ATTR = "syndata_masked"
"""``DataFrame.attrs`` entry on a masked frame: column -> number of real values replaced."""
_LEARNED_SDTYPES = frozenset({"categorical", "ordinal", "id", "text"})
_SEED = 0
_RETRIES = 8
_UPPER, _LOWER, _DIGIT = (np.arange(ord(a), ord(b) + 1) for a, b in ("AZ", "az", "09"))
_LETTERS, _DIGITS = list("abcdefghijklmnopqrstuvwxyz"), list("0123456789")


@dataclass(frozen=True)
class ValueSpread:
    """How a column's real values are shared among its rows: what masking and the leak
    warnings (``syndata.validation.leak_problems``) read of a column, so both agree."""

    values: int
    """Cells that hold a value (not missing)."""
    distinct: int
    rare: bool
    """Some value is seen in fewer than ``RARE_COUNT`` rows."""

    @classmethod
    def of(cls, series: pd.Series) -> ValueSpread:
        """One hash pass (``pd.factorize``) and a ``bincount``: no sorted value counts, a
        third of ``value_counts``' time on 100k text cells."""
        codes, _ = pd.factorize(series, use_na_sentinel=True)
        counts = np.bincount(codes[codes >= 0])
        counts = counts[counts > 0]
        return cls(int(counts.sum()), len(counts), bool((counts < RARE_COUNT).any()))

    @property
    def share(self) -> float:
        """Distinct values per non-missing cell (0 for an empty column)."""
        return self.distinct / self.values if self.values else 0.0

    @property
    def near_unique(self) -> bool:
        """Over ``NEAR_UNIQUE_SHARE`` of the values are distinct: each points at about one row."""
        return self.share > NEAR_UNIQUE_SHARE


def identifying_columns(schema: Schema, table: str, frame: pd.DataFrame) -> list[str]:
    """Plain, non-key columns of ``table`` whose rare values would identify rows.

    Any id, and a categorical that is near unique or looks like personal data, except the
    names of things in a reference table (``reference_name_columns``). Numbers are
    measurements that identify nobody; PII typed numerical by a user's metadata is warned
    about (``pii_left_plain``), not masked. ``detect_pii`` only runs where it can change
    the answer (columns with rare values that are not chosen already): it costs most here.
    """
    spec = schema.tables[table]
    keys = {spec.primary_key} | schema.foreign_keys(table)
    kept = keys | reference_name_columns(schema, table, frame)
    chosen, unsure = [], []
    for column, col in spec.columns.items():
        if column in kept or column not in frame or col.sdtype not in _LEARNED_SDTYPES:
            continue
        series = frame[column]
        if pd.api.types.is_bool_dtype(series) or pd.api.types.is_datetime64_any_dtype(series):
            continue
        spread = ValueSpread.of(series)
        if col.sdtype == "id" or spread.near_unique:
            chosen.append(column)
        elif spread.rare:  # only rare values would be masked
            unsure.append(column)
    personal = detect_pii(frame[unsure]) if unsure else {}
    return [c for c in spec.columns if c in chosen or c in personal]


def mask_identifying(schema: Schema, frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """``frames`` with the rare values of identifying columns replaced by look-alikes.

    A frame that changed records what in ``attrs[MASKED_ATTR]``; others are returned as
    they are.
    """
    rng = np.random.default_rng(_SEED)
    out = {}
    for table, frame in frames.items():
        replaced: dict[str, int] = {}
        masked = frame
        for column in identifying_columns(schema, table, frame):
            series, count = _mask_rare(frame[column], rng)
            if count:
                if masked is frame:
                    masked = frame.copy()
                masked[column] = series
                replaced[column] = count
        if replaced:
            masked.attrs[MASKED_ATTR] = replaced
        out[table] = masked
    return out


def masking_notes(frames: dict[str, pd.DataFrame]) -> list[str]:
    """One line per masked column, for the fitted model's notes."""
    return [
        f"{table}.{column}: {count} value(s) seen in fewer than {RARE_COUNT} rows were "
        "replaced by look-alikes before fitting, so the model holds no real one."
        for table, frame in frames.items()
        for column, count in frame.attrs.get(MASKED_ATTR, {}).items()
    ]


def _mask_rare(series: pd.Series, rng: np.random.Generator) -> tuple[pd.Series, int]:
    """The column with each value seen fewer than ``RARE_COUNT`` times swapped for a fake."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        masked, count = _mask_rare(series.astype(object), rng)
        return masked.astype("category"), count
    counts = series.value_counts()
    rare = counts.index[counts < RARE_COUNT]
    if not len(rare):
        return series, 0
    fakes = pd.Series(_look_alikes(_as_text(rare), set(_as_text(counts.index)), rng),
                      index=rare)
    if pd.api.types.is_numeric_dtype(series):
        fakes = pd.to_numeric(fakes).astype(series.dtype)
    masked = series.copy()
    hit = series.isin(rare).to_numpy()
    masked[hit] = fakes.reindex(series[hit]).to_numpy()
    return masked, len(rare)


def _as_text(values: pd.Index) -> list[str]:
    """How values read, digits spelled out in full (no exponent) for floats."""
    if pd.api.types.is_float_dtype(values):
        return [np.format_float_positional(v, trim="-") for v in values]
    return values.astype(str).tolist()


def _look_alikes(values: list[str], taken: set[str], rng: np.random.Generator) -> list[str]:
    """A distinct fake per value, shaped like it and outside ``taken`` (the real values).

    Vectorised over a code point matrix; values that still collide after ``_RETRIES``
    draws (very short ones, punctuation only) grow by a random character per round (a
    digit after a digit, so numbers stay numbers) until they are new.
    """
    width = max(1, max(len(v) for v in values))
    points = np.array(values, dtype=f"<U{width}").view(np.uint32).reshape(len(values), width)
    out = pd.Series(values, dtype=object)
    real = pd.Index(list(taken))
    todo = np.arange(len(values))
    attempt = 0
    while len(todo):
        if attempt < _RETRIES:
            out.iloc[todo] = _redraw(points[todo], rng)
        else:  # the shape allows too few values: lengthen, one character per round
            out.iloc[todo] = [v + str(rng.choice(_DIGITS if v[-1:].isdigit() else _LETTERS))
                              for v in out.iloc[todo]]
        attempt += 1
        todo = np.flatnonzero((out.isin(real) | out.duplicated()).to_numpy())
    return out.tolist()


def _redraw(points: np.ndarray, rng: np.random.Generator) -> list[str]:
    """Letters for letters (same case), digits for digits, other characters kept.

    The first digit of a value stays non-zero when it was, so numbers keep their magnitude.
    """
    new = points.copy()
    upper = np.isin(points, _UPPER)
    lower = np.isin(points, _LOWER) | (points > 127)
    digit = np.isin(points, _DIGIT)
    lead = digit & (np.cumsum(digit, axis=1) == 1) & (points != ord("0"))
    for mask, pool in ((upper, _UPPER), (lower, _LOWER), (digit & ~lead, _DIGIT),
                       (lead, _DIGIT[1:])):
        new[mask] = rng.choice(pool, size=int(mask.sum()))
    width = points.shape[1]
    return new.astype(np.uint32).view(f"<U{width}").ravel().tolist()
