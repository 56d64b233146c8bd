"""HMA (SDV): hierarchical copulas over related tables, at most 5 tables and depth 2.

What HMA refuses is known before fitting (``check``), so the Fit page can say it and no
job fails on it. Progress per table and relationship comes from ``hma_progress``.

Memory: for every parent row a copula is fitted on its children and its parameters
(marginals and correlations of the child columns, recursively extended by grandchildren)
become new parent columns, first held as Python dicts: that extension dominates.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from syndata.limits import MIB, copula_bytes, copula_width
from syndata.models.sdv_family import SdvFamily, SdvModel
from syndata.models.spec import ModelSpec, distribution_param

if TYPE_CHECKING:
    import pandas as pd
    from sdv.metadata import Metadata

    from syndata.metadata import Schema
    from syndata.models.base import FitInfo
    from syndata.models.family import Shapes
    from syndata.models.sdv_names import ColumnNames
    from syndata.progress import CancelCheck, ProgressCallback

MAX_TABLES = 5
MAX_DEPTH = 2
_PYTHON_FLOAT_ENTRY = 150
"""Bytes per value held in a Python dict (key, boxed float, slot), as HMA's extension is."""
_COPULA_PARAMS = 4


class HMA(SdvFamily):
    """Measured peak growth at 2k parents and 6k children: 21 MiB against an estimate of 40."""

    spec = ModelSpec(
        "hma", "HMA (SDV)",
        "Hierarchical copulas over related tables; at most 5 tables and depth 2.",
        single_table=False, multi_table=True, gpu=False,
        params=(distribution_param("beta"),),
    )
    short = "HMA"
    fixed_memory = 32 * MIB

    def check(
        self, schema: Schema, tables: Mapping[str, pd.DataFrame] | None = None
    ) -> str | None:
        """Why SDV's HMA refuses this schema (with ``tables``: this data), or None.

        A foreign key without a single value leaves HMA nothing to count children by: SDV
        fails deep in its fit with a bare ``KeyError`` naming one of its own columns.
        """
        if len(schema.tables) > MAX_TABLES or schema.depth() > MAX_DEPTH:
            return (
                f"HMA handles at most {MAX_TABLES} tables and a parent-child depth of "
                f"{MAX_DEPTH}; this schema has {len(schema.tables)} tables and depth "
                f"{schema.depth()}. Use IRGAN, which takes any acyclic schema, or split the "
                "tables into smaller groups."
            )
        isolated = schema.isolated_tables()
        if len(schema.tables) > 1 and isolated:
            return (
                f"HMA needs every table connected by relationships; {', '.join(isolated)} "
                f"{'has' if len(isolated) == 1 else 'have'} none. Add a relationship, take it "
                "out of the group, or use IRGAN."
            )
        for rel in schema.relationships:
            child = (tables or {}).get(rel.child)
            if child is not None and len(child) and rel.child_key in child \
                    and child[rel.child_key].isna().all():
                return (
                    f"HMA cannot learn {rel.label()}: {rel.child_key} is empty in every row "
                    f"of {rel.child}. Fill in the references, remove the relationship, or use "
                    "IRGAN or GaussianCopula, which keep the empty references."
                )
        return None

    def data_memory(self, shapes: Shapes, params: Mapping[str, Any]) -> int:
        """Bottom-up like HMA: each child's (extended) width adds parameters to its parent."""
        rows, columns = shapes.rows, shapes.columns
        links = [(r.parent, r.child) for r in shapes.schema.relationships
                 if r.parent in rows and r.child in rows]
        widths: dict[str, int] = {}

        def width(table: str, seen: frozenset[str] = frozenset()) -> int:
            if table not in widths:
                own = copula_width(columns[table])
                for parent, child in links:
                    if parent == table and child not in seen:
                        k = width(child, seen | {table})
                        own += _COPULA_PARAMS * k + k * (k - 1) // 2 + 1
                widths[table] = own
            return widths[table]

        total = 0
        for table in rows:
            extended = width(table)
            total += copula_bytes(rows[table], extended)
            extension = extended - copula_width(columns[table])
            total += rows[table] * extension * _PYTHON_FLOAT_ENTRY
        return total

    def synthesizer(self, metadata: Metadata, params: dict[str, Any], device: str) -> Any:
        from syndata.models.hma_progress import ProgressHMA

        synth = ProgressHMA(metadata, verbose=False)
        for table in metadata.tables:
            synth.set_table_parameters(
                table, {"default_distribution": params["default_distribution"]})
        return synth

    def tracking(
        self, synthesizer: Any, progress: ProgressCallback, stage: str, cancel: CancelCheck
    ) -> AbstractContextManager:
        return synthesizer.tracking(progress, stage, synthesizer.fit_steps(), cancel)

    def fit_data(self, names: list[str], data: dict[str, pd.DataFrame]) -> dict:
        return data

    def fitted(self, info: FitInfo, synthesizer: Any, renames: ColumnNames) -> SdvModel:
        return HmaModel(info, synthesizer, renames)

    def shapes_advice(self, multi_table: bool, relational_models: str) -> str:
        return "try another marginal distribution for HMA, or fit IRGAN."

    def pairs_advice(self, multi_table: bool, relational_models: str) -> str:
        return "fit IRGAN, which learns the columns jointly with a GAN."

    def relational_advice(self, problem: str, relational_models: str) -> str:
        return f"{problem}: fit IRGAN and compare."


class HmaModel(SdvModel):
    """A fitted HMA: samples every table by scale, reporting each step."""

    def _tracking(self, progress: ProgressCallback, stage: str) -> AbstractContextManager:
        synth = self.synthesizer
        return synth.tracking(progress, stage, synth.sample_steps())

    def _draw(self, scale: float, seed: int) -> dict[str, pd.DataFrame]:
        self.synthesizer._numpy_seed = seed  # SDV's multi-table sampling seeds numpy from this
        return self.synthesizer.sample_scale(scale=scale)


FAMILY = HMA()
