"""One table as IRGAN holds it: its fitted parts (``TableModel``) and its rows (``TableRows``).

A ``TableModel`` is what a fit leaves behind and a saved model holds. ``TableRows`` is a
table's rows as the networks see them, real ones while fitting and generated ones while
sampling: the encoding, the parent row behind each foreign key, and the row's context at
each depth (its own encoding, then its parents' contexts one level further up each time).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from irgan.context import ContextBuilder, gather
from irgan.degree import DegreeModel, NullModel
from irgan.encoding import TableEncoder
from irgan.gan import TabularGAN
from irgan.keys import KeyFormat
from irgan.pii import FakeColumn
from irgan.schema import ForeignKey
from irgan.summary import SummaryModel


@dataclass
class TableRows:
    """One table's rows: encoding, parent row per foreign key column (-1: none), contexts."""

    encoded: np.ndarray
    parents: dict[str, np.ndarray] = field(default_factory=dict)
    contexts: list[np.ndarray] = field(default_factory=list)

    @property
    def context(self) -> np.ndarray:
        """The deepest context: what a child of this table is conditioned on."""
        return self.contexts[-1]


@dataclass
class TableModel:
    """Everything fitted for one table."""

    name: str
    n_rows: int
    columns: list[str]
    encoder: TableEncoder
    gan: TabularGAN | None = None
    primary: ForeignKey | None = None
    others: list[ForeignKey] = field(default_factory=list)
    primary_degree: DegreeModel | None = None
    primary_counts: tuple[int, int] = (0, 0)
    other_degree: dict[str, DegreeModel] = field(default_factory=dict)
    other_null: dict[str, NullModel] = field(default_factory=dict)
    unified: set[str] = field(default_factory=set)
    expected_spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    summary: SummaryModel | None = None
    key_formats: dict[str, KeyFormat] = field(default_factory=dict)
    fakes: list[FakeColumn] = field(default_factory=list)
    fk_dtypes: dict[str, str] = field(default_factory=dict)
    context_builders: list[ContextBuilder] = field(default_factory=list)
    epochs: int = 0

    def fit_contexts(
        self, rows: TableRows, foreign_keys: list[ForeignKey], tables: dict[str, TableRows],
        dims: int, depth: int, seed: int,
    ) -> None:
        """Fit one context compressor per depth on the real rows and fill ``rows.contexts``."""
        self.context_builders = []
        for level in range(depth + 1):
            builder = ContextBuilder(dims)
            self.context_builders.append(builder)
            parts = _context_parts(rows, foreign_keys, tables, level)
            rows.contexts.append(builder.fit_transform(parts, seed))

    def fill_contexts(
        self, rows: TableRows, foreign_keys: list[ForeignKey], tables: dict[str, TableRows]
    ) -> None:
        """Fill ``rows.contexts`` of generated rows with the compressors fitted on real ones."""
        for level, builder in enumerate(self.context_builders):
            parts = _context_parts(rows, foreign_keys, tables, level)
            rows.contexts.append(builder.transform(parts))


def _context_parts(
    rows: TableRows, foreign_keys: list[ForeignKey], tables: dict[str, TableRows], level: int
) -> list[np.ndarray]:
    """A row's own encoding, then at ``level`` > 0 each parent's context one level less deep."""
    own = rows.encoded
    parts = [own if own.shape[1] else np.zeros((len(own), 1), dtype=np.float32)]
    if level > 0:
        for fk in foreign_keys:
            parts.append(gather(tables[fk.parent].contexts[level - 1], rows.parents[fk.column]))
    return parts


def child_condition(parent_ctx: np.ndarray, idx: np.ndarray, summary: np.ndarray) -> np.ndarray:
    """Condition of each child: parent context and child summary, null flag, group size
    and position."""
    ctx = gather(np.concatenate([parent_ctx, summary], axis=1), idx)
    valid = idx >= 0
    size = np.zeros(len(idx))
    pos = np.zeros(len(idx))
    if valid.any():
        counts = np.bincount(idx[valid], minlength=len(parent_ctx))
        size[valid] = counts[idx[valid]]
        pos[valid] = pd.Series(idx[valid]).groupby(idx[valid]).cumcount().to_numpy()
        pos[valid] = (pos[valid] + 0.5) / size[valid]
    extra = np.stack([np.log1p(size), pos], axis=1).astype(np.float32)
    return np.concatenate([ctx, extra], axis=1)
