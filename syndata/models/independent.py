"""A single-table model applied to each table of a related group, with keys repaired.

Users (and scripts) sometimes pick GaussianCopula or CTGAN for a folder of related tables.
Refusing would be unhelpful and fitting tables blindly would leave dangling foreign keys, so
each table gets its own model and every foreign key is then redrawn from the synthetic
parent keys: each parent receives a number of children drawn from the real
children-per-parent distribution, and the real share of null references is kept. Columns
are realistic per table; cross-table correlations are not learned (HMA or IRGAN do that).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from syndata.metadata import Relationship, Schema, topological_order
from syndata.models.base import FitInfo, FittedModel
from syndata.progress import Progress, ProgressCallback


class IndependentModel(FittedModel):
    """One fitted single-table model per table plus what is needed to rebuild the keys."""

    def __init__(self, info: FitInfo, parts: dict[str, FittedModel], schema: Schema,
                 degrees: dict[Relationship, np.ndarray], null_share: dict[Relationship, float]):
        """The group's notes gain each table's own (masked columns, time budgets)."""
        super().__init__(info)
        for part in parts.values():
            info.notes.extend(n for n in part.info.notes if n not in info.notes)
        self.parts = parts
        self.schema = schema
        self.degrees = degrees
        self.null_share = null_share

    @staticmethod
    def key_statistics(
        schema: Schema, tables: dict[str, pd.DataFrame]
    ) -> tuple[dict[Relationship, np.ndarray], dict[Relationship, float]]:
        """Real children-per-parent counts and null-reference shares, per relationship."""
        degrees, nulls = {}, {}
        for rel in schema.relationships:
            fk = tables[rel.child][rel.child_key]
            counts = fk.dropna().value_counts()
            parents = tables[rel.parent][rel.parent_key]
            degrees[rel] = counts.reindex(parents, fill_value=0).to_numpy()
            nulls[rel] = float(fk.isna().mean()) if len(fk) else 0.0
        return degrees, nulls

    def _sample(
        self, scale: float, seed: int, progress: ProgressCallback
    ) -> dict[str, pd.DataFrame]:
        out = {}
        for i, (name, part) in enumerate(self.parts.items()):
            progress(Progress("sample", i / len(self.parts), f"sampling {name}"))
            out[name] = part.sample(scale=scale, seed=seed)[name]
        rng = np.random.default_rng(seed)
        position = {name: i for i, name in enumerate(topological_order(self.schema))}
        # Parents first: a key redrawn in a child (one-to-one) is what its children see.
        for rel in sorted(self.schema.relationships, key=lambda r: position[r.parent]):
            if rel.child_key == self.schema.tables[rel.child].primary_key:
                out[rel.child] = _one_to_one(out, rel, rng)
            else:
                out[rel.child] = _redraw_key(out, rel, self.degrees[rel], self.null_share[rel],
                                             rng)
        progress(Progress("sample", 1.0, "keys rebuilt"))
        return out


def _one_to_one(tables: dict[str, pd.DataFrame], rel: Relationship,
                rng: np.random.Generator) -> pd.DataFrame:
    """The child table whose primary key is also its foreign key: one row per parent at most.

    Drawing with replacement, as for other foreign keys, repeats the child's primary key.
    Each child row takes a distinct parent key instead; rows beyond the parents are dropped.
    """
    keys = tables[rel.parent][rel.parent_key].reset_index(drop=True)
    child = tables[rel.child].head(len(keys)).reset_index(drop=True)
    picks = rng.permutation(len(keys))[:len(child)]
    child[rel.child_key] = pd.Series(keys.iloc[picks].to_numpy(), dtype=keys.dtype)
    return child


def _redraw_key(tables: dict[str, pd.DataFrame], rel: Relationship, degrees: np.ndarray,
                null_share: float, rng: np.random.Generator) -> pd.DataFrame:
    """The child table with ``rel.child_key`` drawn from the synthetic parent keys."""
    child = tables[rel.child].copy()
    keys = tables[rel.parent][rel.parent_key].reset_index(drop=True)
    n = len(child)
    is_null = rng.random(n) < null_share if len(keys) else np.ones(n, dtype=bool)
    weights = rng.choice(degrees, size=len(keys)).astype(float) if len(degrees) else None
    if weights is None or weights.sum() == 0:
        weights = np.ones(len(keys))
    picks = rng.choice(len(keys), size=int((~is_null).sum()), p=weights / weights.sum())
    drawn = keys.iloc[picks].to_numpy()
    if not is_null.any():
        child[rel.child_key] = pd.Series(drawn, dtype=keys.dtype)
        return child
    column = pd.Series(None, index=range(n), dtype=object)
    column[~is_null] = drawn
    if pd.api.types.is_numeric_dtype(keys):
        column = pd.to_numeric(column).astype("Int64" if pd.api.types.is_integer_dtype(keys)
                                              else "float64")
    child[rel.child_key] = column
    return child
