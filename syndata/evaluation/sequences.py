"""Checks of a sequential table: do the synthetic entities' sequences look like the real ones?

SDMetrics scores columns and pairs of columns, row by row; a sequence's shape is across
rows. For a table marked sequential (``Table.sequence_key`` names the entity,
``Table.sequence_index`` orders its rows) each entity's rows are put in index order and
compared, real against synthetic, four ways:

- **lengths**: rows per entity, scored like SDMetrics scores a column's shape (KS
  complement, 1 = same distribution);
- **gaps**: the index step between consecutive rows of an entity (seconds for datetimes),
  KS complement too;
- **transitions**: for each categorical column, the pairs (state of a row, state of the
  next row of the same entity), scored with SDMetrics' TV complement (1 minus the total
  variation distance between the two A -> B tables);
- **ordered**: the share of entities whose index never decreases in the order the rows
  come in (a sequence a model wrote back to front has its gaps right but reads wrong).

``score`` is the mean of lengths, gaps and the transitions' mean: the ordered shares are
reported beside it, not in it, since the real table need not be stored in order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sdmetrics.single_column import KSComplement, TVComplement

from syndata.errors import EvaluationError
from syndata.metadata import Schema, Table

_STATE_SDTYPES = ("categorical", "boolean")


@dataclass(frozen=True)
class SequenceScores:
    """The sequence checks of one table; a check with nothing to compare is None."""

    table: str
    sequence_key: str
    sequence_index: str
    lengths: float | None
    gaps: float | None
    transitions: dict[str, float] = field(default_factory=dict)
    ordered_real: float | None = None
    ordered_synthetic: float | None = None
    entities: dict[str, int] = field(default_factory=dict)

    @property
    def score(self) -> float | None:
        """Mean of lengths, gaps and the mean transition score (those computed)."""
        parts = [self.lengths, self.gaps]
        if self.transitions:
            parts.append(float(np.mean(list(self.transitions.values()))))
        known = [p for p in parts if p is not None]
        return float(np.mean(known)) if known else None

    def to_json(self) -> dict:
        """Plain types for the ``evaluate --json`` output."""
        return {
            "sequence_key": self.sequence_key,
            "sequence_index": self.sequence_index,
            "score": self.score,
            "lengths": self.lengths,
            "gaps": self.gaps,
            "transitions": dict(self.transitions),
            "ordered_real": self.ordered_real,
            "ordered_synthetic": self.ordered_synthetic,
            "entities": dict(self.entities),
        }


def sequence_checks(
    real: dict[str, pd.DataFrame], synthetic: dict[str, pd.DataFrame], schema: Schema
) -> list[SequenceScores]:
    """The checks of every sequential table of ``schema`` (none: an empty list)."""
    return [table_sequences(real[name], synthetic[name], name, schema.table(name))
            for name in schema.sequential_tables()]


def table_sequences(
    real: pd.DataFrame, synthetic: pd.DataFrame, name: str, table: Table
) -> SequenceScores:
    """Real against synthetic sequences of one table marked sequential."""
    key, index = table.sequence_key, table.sequence_index
    if key is None or index is None:
        raise EvaluationError(f"{name} is not marked sequential: give it a sequence key and "
                              "index to check its sequences.")
    sides = {"real": real, "synthetic": synthetic}
    for side, frame in sides.items():
        missing = [c for c in (key, index) if c not in frame.columns]
        if missing:
            raise EvaluationError(f"The {side} table '{name}' lacks the sequence column(s) "
                                  f"{', '.join(missing)}; regenerate it or fix the metadata.")
    order = {side: _ordered(frame, key, _index_values(frame[index], table, index))
             for side, frame in sides.items()}
    states = [c for c, col in table.columns.items()
              if col.sdtype in _STATE_SDTYPES and c not in (key, index)]
    transitions = {}
    for column in states:
        pairs = {side: _pairs(frame, column) for side, frame in order.items()}
        if len(pairs["real"]) and len(pairs["synthetic"]):
            transitions[column] = float(TVComplement.compute(pairs["real"], pairs["synthetic"]))
    return SequenceScores(
        table=name, sequence_key=key, sequence_index=index,
        lengths=_ks(*(frame.groupby("__entity").size() for frame in order.values())),
        gaps=_ks(*(_gaps(frame) for frame in order.values())),
        transitions=transitions,
        ordered_real=_increasing_share(order["real"]),
        ordered_synthetic=_increasing_share(order["synthetic"]),
        entities={side: int(frame["__entity"].nunique()) for side, frame in order.items()},
    )


def _index_values(values: pd.Series, table: Table, index: str) -> pd.Series:
    """The index as numbers that order: datetimes in seconds, numbers as they are."""
    column = table.columns[index]
    if column.sdtype == "datetime":
        fmt = column.datetime_format.replace("%-", "%") if column.datetime_format else "mixed"
        parsed = pd.to_datetime(values, format=fmt, errors="coerce", utc=True)
        return (parsed - pd.Timestamp("1970-01-01", tz="UTC")).dt.total_seconds()
    if column.sdtype == "numerical":
        return pd.to_numeric(values, errors="coerce").astype(float)
    raise EvaluationError(
        f"{index} is the sequence index but typed {column.sdtype}: only a datetime or "
        "numerical index orders rows. Retype it or pick another index.")


def _ordered(frame: pd.DataFrame, key: str, position: pd.Series) -> pd.DataFrame:
    """The rows with an entity and a position, each entity's rows in index order (ties in
    the order they came), plus ``__entity``, ``__position`` and ``__row`` (the row's place
    in the table as given)."""
    out = frame.assign(__entity=frame[key], __position=position.to_numpy(),
                       __row=np.arange(len(frame)))
    out = out.dropna(subset=["__entity", "__position"])
    return out.sort_values(["__entity", "__position", "__row"], kind="stable")


def _pairs(frame: pd.DataFrame, column: str) -> pd.Series:
    """Each (state, next state) of consecutive rows of one entity, as one label."""
    nxt = frame.groupby("__entity")[column].shift(-1)
    same = frame["__entity"].eq(frame["__entity"].shift(-1))
    current = frame[column].astype("string").fillna("<missing>")
    following = nxt.astype("string").fillna("<missing>")
    return (current + " -> " + following)[same.to_numpy()].reset_index(drop=True)


def _gaps(frame: pd.DataFrame) -> pd.Series:
    """Index steps between consecutive rows of one entity."""
    return frame.groupby("__entity")["__position"].diff().dropna()


def _increasing_share(frame: pd.DataFrame) -> float | None:
    """Share of entities whose index never decreases in the rows' given order."""
    if frame.empty:
        return None
    by_row = frame.sort_values("__row")
    steps = by_row.groupby("__entity")["__position"].diff()
    decreasing = by_row.loc[steps < 0, "__entity"].nunique()
    entities = frame["__entity"].nunique()
    return float(1 - decreasing / entities)


def _ks(real: pd.Series, synthetic: pd.Series) -> float | None:
    """SDMetrics' KS complement of two samples of numbers; None when one side is empty."""
    if real.empty or synthetic.empty:
        return None
    return float(KSComplement.compute(real.astype(float).reset_index(drop=True),
                                      synthetic.astype(float).reset_index(drop=True)))


SEQUENCES_NOTE = (
    "Each entity's rows in index order, real against synthetic: rows per entity and the "
    "gaps between consecutive rows as KS complements, each categorical column's "
    "transitions (state of a row -> state of the next) as 1 - total variation distance; "
    "1 = the same. Ordered: the share of entities whose index never decreases in the rows' "
    "given order."
)
"""How to read ``sequence_frame``, for the report and the Evaluate page."""


def sequence_frame(scores: list[SequenceScores]) -> pd.DataFrame:
    """One row per check and table (score; the ordered shares real and synthetic), for the
    report and the Evaluate page."""
    rows = []
    for s in scores:
        rows.append({"table": s.table, "check": "sequence score", "score": s.score})
        rows.append({"table": s.table, "check": "lengths (rows per entity)", "score": s.lengths})
        rows.append({"table": s.table, "check": f"gaps in {s.sequence_index}", "score": s.gaps})
        rows += [{"table": s.table, "check": f"transitions of {column}", "score": value}
                 for column, value in s.transitions.items()]
        rows.append({"table": s.table, "check": "ordered (real)", "score": s.ordered_real})
        rows.append({"table": s.table, "check": "ordered (synthetic)",
                     "score": s.ordered_synthetic})
    return pd.DataFrame(rows, columns=["table", "check", "score"])
