"""Real values that reach the synthetic data, column by column, whatever the column's type.

A row-level check (exact copies, distances) misses a column that leaks on its own: phone
numbers or names typed as plain categoricals are sampled back as the real values even when
no whole row is copied. So for every column this reports the share of synthetic values that
are real values of that column, and how unique the real values are (distinct values per
real row). A high share is harmless in a column of a few categories (every ``segment`` is a
real one) and a leak in a near-unique column, where a value points at one real row: those
are ``flagged``. Keys are listed but never flagged: they are generated anew, and generated
integers coincide with real ones by construction.
"""

from dataclasses import dataclass

import pandas as pd

from syndata.evaluation.encoding import NUMERIC_SDTYPES, as_numbers, column_sdtypes, key_columns
from syndata.metadata import Table
from syndata.models.masking import NEAR_UNIQUE_SHARE

#: Share of real values among a near-unique column's synthetic values that is flagged.
LEAK_SHARE = 0.05


@dataclass
class ColumnOverlap:
    """One column: share of synthetic values that are real, and how unique real values are."""

    column: str
    sdtype: str
    real_share: float
    distinct_share: float
    key: bool
    flagged: bool

    def to_json(self) -> dict:
        """Plain types for scores.json."""
        return {
            "column": self.column,
            "sdtype": self.sdtype,
            "real_share": self.real_share,
            "distinct_share": self.distinct_share,
            "key": self.key,
            "flagged": self.flagged,
        }


def _comparable(values: pd.Series, sdtype: str) -> pd.Series:
    """Values as text that reads the same on both sides (1 and 1.0, any date format)."""
    if sdtype in NUMERIC_SDTYPES:
        return as_numbers(values, sdtype).dropna().round(6).astype(str)
    return values.dropna().astype(str)


def value_overlap(
    real: pd.DataFrame, synthetic: pd.DataFrame, table_schema: Table
) -> list[ColumnOverlap]:
    """Every column of the table present on both sides, in the schema's order."""
    keys = key_columns(table_schema)
    found = []
    for column, sdtype in column_sdtypes(table_schema).items():
        if column not in real or column not in synthetic:
            continue
        real_values = _comparable(real[column], sdtype)
        values = _comparable(synthetic[column], sdtype)
        share = float(values.isin(set(real_values)).mean()) if len(values) else 0.0
        distinct = real_values.nunique() / len(real_values) if len(real_values) else 0.0
        key = column in keys
        # near unique: one value (nearly) identifies one row, as masking before a fit reads it
        flagged = not key and distinct > NEAR_UNIQUE_SHARE and share > LEAK_SHARE
        found.append(ColumnOverlap(column, sdtype, share, float(distinct), key, flagged))
    return found


def overlap_reading(overlaps: list[ColumnOverlap]) -> str:
    """One sentence over the table: which near-unique columns carry real values."""
    flagged = [o for o in overlaps if o.flagged]
    if not flagged:
        return (
            "No near-unique column (over half of its real values distinct) has more than "
            f"{LEAK_SHARE:.0%} real values among its synthetic ones."
        )
    listed = ", ".join(f"'{o.column}' {o.real_share:.0%}" for o in flagged)
    return (
        f"Real values reach the synthetic data in near-unique columns ({listed} of synthetic "
        "values are real): each such value points at one real row. Give these columns a PII "
        "sdtype (Prepare page) so they are regenerated, or drop them."
    )
