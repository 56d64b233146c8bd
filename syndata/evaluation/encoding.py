"""Turn a table into numbers for distance and model based metrics.

Privacy distances and utility models both need a numeric matrix built the same way for
real and synthetic rows, so the encoder is fitted on the real data only and then applied
to both: a synthetic value never seen in the real data cannot shift the scale.
"""

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from syndata.metadata import Table
from syndata.vocabulary import DISCRETE_SDTYPES, NUMERIC_SDTYPES

#: Most frequent categories kept per column; the rest share one "other" slot.
MAX_CATEGORIES = 30
_OTHER = "\x00other"
#: Label of missing values among categories (a NUL prefix cannot clash with real text).
MISSING_LABEL = "\x00missing"


def column_sdtypes(table: Table) -> dict[str, str]:
    """Map each column to its sdtype, in the table's column order."""
    return {name: column.sdtype for name, column in table.columns.items()}


def usable_columns(table: Table, frame: pd.DataFrame) -> list[str]:
    """Columns with a numeric or discrete sdtype that exist in ``frame``.

    Keys and PII kinds are left out on purpose: ids are unique by design and PII values
    are judged by their own overlap check, so both would only add noise to distances.
    """
    sdtypes = column_sdtypes(table)
    keys = key_columns(table)
    return [
        col
        for col, sdtype in sdtypes.items()
        if col in frame.columns
        and col not in keys
        and (sdtype in NUMERIC_SDTYPES or sdtype in DISCRETE_SDTYPES)
    ]


def key_columns(table: Table) -> set[str]:
    """Primary key and id columns of one table."""
    keys = {col for col, sdtype in column_sdtypes(table).items() if sdtype == "id"}
    if table.primary_key:
        keys.add(table.primary_key)
    return keys


def as_datetimes(values: pd.Series) -> pd.Series:
    """Parse timestamps in any format; mixed time zones (or naive and aware values
    together) are all converted to UTC so they can be compared."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parsed = pd.to_datetime(values, errors="coerce", format="mixed")
    if pd.api.types.is_datetime64_any_dtype(parsed):
        return parsed
    return pd.to_datetime(values, errors="coerce", format="mixed", utc=True)


def as_numbers(values: pd.Series, sdtype: str) -> pd.Series:
    """A numerical or datetime column as finite floats (datetimes as seconds since epoch).

    Infinities count as missing: no scale, distance or model can use them.
    """
    if sdtype == "datetime":
        parsed = as_datetimes(values)
        if parsed.dt.tz is not None:
            parsed = parsed.dt.tz_convert("UTC").dt.tz_localize(None)
        return (parsed - pd.Timestamp(0)).dt.total_seconds()
    numbers = pd.to_numeric(values, errors="coerce").astype(float)
    return numbers.where(np.isfinite(numbers))


def as_labels(values: pd.Series) -> pd.Series:
    """A discrete column as strings, with missing values as their own label."""
    return values.astype("string").fillna(MISSING_LABEL).astype(str)


@dataclass
class _NumericSpec:
    low: float
    span: float
    fill: float
    has_nulls: bool


@dataclass
class TableEncoder:
    """Scale numbers to 0..1 of the real range and one-hot the frequent categories.

    One-hot slots are scaled by 1/sqrt(2) so that two rows differing in one category are
    at distance 1, the same as two numbers at opposite ends of the real range.
    """

    sdtypes: dict[str, str]
    numeric: dict[str, _NumericSpec] = field(default_factory=dict)
    categories: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def fit(cls, real: pd.DataFrame, columns: list[str], sdtypes: dict[str, str]) -> "TableEncoder":
        """Learn scales and category lists from the real rows."""
        encoder = cls(sdtypes={col: sdtypes[col] for col in columns})
        for col in columns:
            sdtype = sdtypes[col]
            if sdtype in NUMERIC_SDTYPES:
                numbers = as_numbers(real[col], sdtype)
                low, high = numbers.min(), numbers.max()
                low = 0.0 if pd.isna(low) else float(low)
                high = low if pd.isna(high) else float(high)
                median = numbers.median()
                encoder.numeric[col] = _NumericSpec(
                    low=low,
                    span=(high - low) or 1.0,
                    fill=low if pd.isna(median) else float(median),
                    has_nulls=bool(numbers.isna().any()),
                )
            else:
                counts = as_labels(real[col]).value_counts()
                encoder.categories[col] = [str(v) for v in counts.index[:MAX_CATEGORIES]]
        return encoder

    def feature_groups(self) -> dict[str, list[int]]:
        """Which matrix columns belong to each source column (for importances)."""
        groups: dict[str, list[int]] = {}
        position = 0
        for col in self.sdtypes:
            if col in self.numeric:
                width = 2 if self.numeric[col].has_nulls else 1
            else:
                width = len(self.categories[col]) + 1
            groups[col] = list(range(position, position + width))
            position += width
        return groups

    def transform(self, frame: pd.DataFrame) -> np.ndarray:
        """Encode rows of ``frame`` into a float matrix with the learned layout."""
        parts: list[np.ndarray] = []
        for col, sdtype in self.sdtypes.items():
            if col in self.numeric:
                spec = self.numeric[col]
                numbers = as_numbers(frame[col], sdtype)
                missing = numbers.isna().to_numpy()
                scaled = ((numbers.fillna(spec.fill) - spec.low) / spec.span).to_numpy()
                parts.append(scaled[:, None])
                if spec.has_nulls:
                    parts.append(missing.astype(float)[:, None])
            else:
                known = self.categories[col]
                labels = as_labels(frame[col])
                labels = labels.where(labels.isin(known), _OTHER)
                codes = pd.Categorical(labels, categories=[*known, _OTHER]).codes
                onehot = np.zeros((len(frame), len(known) + 1))
                onehot[np.arange(len(frame)), codes] = 1.0 / np.sqrt(2.0)
                parts.append(onehot)
        if not parts:
            return np.zeros((len(frame), 0))
        return np.hstack(parts)
