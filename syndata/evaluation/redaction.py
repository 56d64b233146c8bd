"""Keep real personal or identifying values out of everything an evaluation shows.

A report is shared like the synthetic data, so it must not carry what the synthetic data
was made to hide. Two kinds of column are protected:

- personal data: a PII sdtype (email, name, phone_number, ...) or a column that
  ``syndata.pii.detect_pii`` flags whatever its sdtype. None of its values is shown, real
  or synthetic (synthetic values may be copies of real ones); only aggregates (share of
  nulls, number of distinct values) are.
- identifying categories: in any other non-numeric column, a value seen fewer than
  ``RARE_COUNT`` times in the real rows points at a few people and is shown as
  ``RARE_LABEL`` on both sides; a column whose values are nearly all distinct
  (``NEAR_UNIQUE_SHARE``), such as an id or a free-text field, is hidden whole.

Numbers and datetimes are shown as binned shares and summary statistics, as before.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from syndata.evaluation.encoding import (
    MISSING_LABEL,
    NUMERIC_SDTYPES,
    as_labels,
    column_sdtypes,
)
from syndata.metadata import Schema, Table
from syndata.pii import detect_pii
from syndata.reference_names import reference_name_columns
from syndata.vocabulary import is_pii_sdtype

#: k of k-anonymity for displayed categories: values seen fewer times are hidden.
RARE_COUNT = 5
#: Distinct values over non-null values above which a column is identifying as a whole.
NEAR_UNIQUE_SHARE = 0.5
RARE_LABEL = "(rare values hidden)"
HIDDEN_LABEL = "(values hidden)"
#: Real values shorter than this are not scrubbed from free text (error messages): one or
#: two characters occur in ordinary words, and no such value identifies anybody.
_SCRUB_MIN_LENGTH = 3


@dataclass(frozen=True)
class ColumnRule:
    """How one column's values may be shown: ``hidden`` whole (with ``why``) or with its
    ``rare`` real labels replaced."""

    hidden: bool
    why: str = ""
    rare: frozenset[str] = frozenset()


@dataclass
class Redactor:
    """The display rules of every protected column, built from the real tables only."""

    rules: dict[tuple[str, str], ColumnRule] = field(default_factory=dict)
    sensitive: frozenset[str] = frozenset()
    #: Per table, the columns holding personal data (``personal_columns``).
    personal: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def build(cls, real: dict[str, pd.DataFrame], schema: Schema) -> Redactor:
        """Rules for every table the schema describes."""
        rules: dict[tuple[str, str], ColumnRule] = {}
        sensitive: set[str] = set()
        personal: dict[str, set[str]] = {}
        for table, table_schema in schema.tables.items():
            frame = real.get(table)
            if frame is None:
                continue
            flagged = personal[table] = personal_columns(frame, table_schema)
            names = reference_name_columns(schema, table, frame, flagged)  # kept by models
            for column, sdtype in column_sdtypes(table_schema).items():
                if column not in frame:
                    continue
                labels = as_labels(frame[column])
                present = labels[labels != MISSING_LABEL]
                if column in flagged:
                    rule = ColumnRule(True, "personal data")
                    sensitive.update(present.unique())
                elif sdtype in NUMERIC_SDTYPES or column in names:
                    continue
                elif len(present) and present.nunique() > NEAR_UNIQUE_SHARE * len(present):
                    rule = ColumnRule(True, "nearly every value is unique, so values identify rows")
                    sensitive.update(present.unique())
                else:
                    counts = present.value_counts()
                    rare = frozenset(str(v) for v in counts.index[counts < RARE_COUNT])
                    if not rare:
                        continue
                    rule = ColumnRule(False, rare=rare)
                    sensitive.update(rare)
                rules[(table, column)] = rule
        kept = frozenset(v for v in sensitive if len(v) >= _SCRUB_MIN_LENGTH)
        return cls(rules=rules, sensitive=kept, personal=personal)

    def hidden_reason(self, table: str, column: str) -> str | None:
        """Why no value of this column may be shown, or None when some may."""
        rule = self.rules.get((table, column))
        return rule.why if rule is not None and rule.hidden else None

    def frame(self, table: str, frame: pd.DataFrame) -> pd.DataFrame:
        """A copy of ``frame`` (real or synthetic) that is safe to draw or summarise.

        Hidden columns keep their nulls and show ``HIDDEN_LABEL`` elsewhere; rare real
        categories become ``RARE_LABEL`` on either side.
        """
        safe = frame.copy()
        for (name, column), rule in self.rules.items():
            if name != table or column not in safe:
                continue
            values = safe[column]
            if rule.hidden:
                safe[column] = values.astype(object).where(values.isna(), HIDDEN_LABEL)
            else:
                rare = as_labels(values).isin(rule.rare).to_numpy()
                safe[column] = values.astype(object).mask(rare, RARE_LABEL)
        return safe

    def scrub(self, text: str) -> str:
        """``text`` with every protected real value replaced by ``HIDDEN_LABEL``.

        For free text that may quote data, such as a library's error message.
        """
        for value in self.sensitive:
            if value in text:
                text = text.replace(value, HIDDEN_LABEL)
        return text

    def scrub_frame(self, frame: pd.DataFrame) -> pd.DataFrame:
        """An SDMetrics detail table with its free-text ``Error`` cells scrubbed."""
        if "Error" not in frame or not self.sensitive:
            return frame
        safe = frame.copy()
        safe["Error"] = safe["Error"].map(lambda v: self.scrub(v) if isinstance(v, str) else v)
        return safe


def personal_columns(frame: pd.DataFrame, table_schema: Table) -> set[str]:
    """Columns holding personal data: a PII sdtype, or flagged by ``detect_pii``."""
    flagged = {
        column
        for column, sdtype in column_sdtypes(table_schema).items()
        if is_pii_sdtype(sdtype) and column in frame
    }
    described = [c for c in table_schema.columns if c in frame]
    return flagged | set(detect_pii(frame[described]))
