"""Tables IRGAN keeps as a set instead of generating: reference tables and lookup tables.

A GAN samples each row on its own, so a small table of distinct labels (airlines, product
categories) comes back with names repeated and others missing, and its children point at
rows that never existed. Two cases are kept instead:

* **Reference** tables (``"reference": true`` on the table in the metadata, the user's
  choice): copied as they are, keys included, and their children point at the real rows.
  A copied row's foreign keys are real, so its parents must be reference tables too.
* **Lookup** tables, found at fit time: at most ``LOOKUP_MAX_ROWS`` rows, in a schema of
  more than one table, with a *label* column (categorical, not a key, distinct on at least
  ``LABEL_SHARE`` of the rows). A lookup table keeps its real size at any scale: its labels
  are a fixed vocabulary, and a scaled count could only repeat or invent them; its
  children still scale. When the table is nothing but a primary key and labels (and has no
  foreign key) its rows are copied as they are, like a reference table. Otherwise the other
  columns are generated and each label column is the real column's values in a random
  order, so every label appears exactly as often as in the real rows (once, for distinct
  labels). Label columns are left out of the GAN: a near-unique column is noise to it.

A single table is never a lookup table: the user asked for a number of its rows. What is
kept is what IRGAN was given; a caller that masks identifying values first (syndata does)
decides which labels stay real.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from irgan.errors import SchemaError
from irgan.schema import Schema, TableSchema
from irgan.table import TableRows

LOOKUP_MAX_ROWS = 5_000
"""Rows a lookup table has at most: a vocabulary, not a table of facts."""
LABEL_SHARE = 0.95
"""Share of a label column's rows that hold a value seen in no other row (airports' names:
1,440 distinct in 1,458 rows)."""
REFERENCE_KEY = "reference"
_LABEL_SDTYPES = frozenset({"categorical"})
_REFERENCE = "a reference table"


@dataclass
class CopiedTable:
    """A table output as it was fitted: its rows and each row's parent row per foreign key."""

    frame: pd.DataFrame
    parents: dict[str, np.ndarray]
    why: str

    def rows(self, encoded: np.ndarray) -> TableRows:
        """The table's rows as the networks see them (``encoded``: the encoder's output)."""
        return TableRows(encoded, {col: idx.copy() for col, idx in self.parents.items()})


@dataclass
class LookupLabels:
    """The real values of one lookup table's label columns, handed out once each."""

    values: pd.DataFrame

    def attach(
        self, frame: pd.DataFrame, columns: list[str], rng: np.random.Generator
    ) -> pd.DataFrame:
        """``frame`` (generated rows of the other columns) with each label column added as
        a random order of its real values, in the table's column order ``columns``."""
        out = frame.copy()
        for col in self.values.columns:
            out[col] = self.values[col].take(rng.permutation(len(self.values))).to_numpy()
        return out[columns]


@dataclass
class Kept:
    """What a fit keeps of each table instead of generating it, and why (for the notes)."""

    copied: dict[str, CopiedTable] = field(default_factory=dict)
    labels: dict[str, LookupLabels] = field(default_factory=dict)

    def scale(self, table: str, scale: float) -> float:
        """The scale ``table`` is generated at: lookup tables keep their real size."""
        return 1.0 if table in self.labels else scale

    def notes(self) -> list[str]:
        """One line per lookup table: what the fit found on its own (reference tables are
        the caller's choice and not repeated)."""
        lines = [
            f"{name}: {c.why}; its {len(c.frame):,} rows are output as they are, keys "
            "included, and its children point at them."
            for name, c in self.copied.items() if c.why != _REFERENCE
        ]
        lines += [
            f"{name}: a lookup table ({len(k.values):,} rows, labels "
            f"{', '.join(k.values.columns)}); each label appears as often as in the rows it "
            "was fitted on (once, for distinct labels), in a random order; the other columns "
            "are generated, and it keeps its real size at any scale."
            for name, k in self.labels.items()
        ]
        return lines


def reference_tables(metadata: dict, schema: Schema) -> list[str]:
    """Tables the metadata marks ``"reference": true``; their parents must be marked too."""
    marked = [name for name, spec in (metadata.get("tables") or {}).items()
              if spec.get(REFERENCE_KEY) is True]
    for name in marked:
        free = [fk.parent for fk in schema.tables[name].foreign_keys if fk.parent not in marked]
        if free:
            raise SchemaError(
                f"{name} is a reference table but its parent {', '.join(sorted(set(free)))} is "
                "not: copied rows keep their real keys, so mark the parent reference too."
            )
    return marked


def label_columns(table: TableSchema, df: pd.DataFrame, tables: int) -> list[str]:
    """The label columns that make ``table`` a lookup table (none: not one)."""
    n = len(df)
    if tables < 2 or not 2 <= n <= LOOKUP_MAX_ROWS:
        return []
    keys = table.key_columns()
    return [
        col for col in table.columns
        if col not in keys and table.sdtype(col) in _LABEL_SDTYPES
        and df[col].nunique(dropna=True) >= LABEL_SHARE * n
    ]


def find_kept(
    schema: Schema, tables: dict[str, pd.DataFrame], reference: list[str],
    parents: dict[str, dict[str, np.ndarray]],
) -> Kept:
    """Reference tables and the lookup tables among the others (``parents``: each table's
    real parent row per foreign key, as the fit computed them)."""
    kept = Kept()
    for name in schema.order:
        table, df = schema.tables[name], tables[name]
        labels = [] if name in reference else label_columns(table, df, len(schema.tables))
        rest = [c for c in table.columns if c != table.primary_key and c not in labels]
        if name in reference:
            why = _REFERENCE
        elif labels and not rest and not table.foreign_keys:
            why = f"a lookup table of a key and distinct labels ({', '.join(labels)})"
        else:
            if labels:
                kept.labels[name] = LookupLabels(df[labels].reset_index(drop=True).copy())
            continue
        frame = df[list(table.columns)].reset_index(drop=True).copy()
        kept.copied[name] = CopiedTable(frame, dict(parents[name]), why)
    return kept


def generated_schema(table: TableSchema, kept: Kept) -> TableSchema:
    """``table`` as its GAN learns it: without the label columns of a lookup table."""
    labels = kept.labels.get(table.name)
    if labels is None:
        return table
    columns = {c: spec for c, spec in table.columns.items() if c not in labels.values.columns}
    return replace(table, columns=columns)
