"""What a model family is: everything syndata knows about one model, in one class.

In the spirit of SDV's ``BaseSynthesizer`` (``fit`` checks and prepares, ``_fit`` trains)
and synthcity's ``Plugin``: a family states its ``ModelSpec`` (name, label, scope,
settings with defaults and bounds), what it refuses (``check``), how much memory a fit
needs (``estimate_memory``), how it fits (``fit`` -> ``_fit``) and the facts the
evaluation's advice needs (``short``, ``has_epochs``...). Adding a model is one module
with one subclass plus one line in ``syndata.models.registry``.

Family modules import SDV, torch and irgan only inside their methods, so the pages read
every family's spec without loading a model library; the registry imports a family's
module only when it is asked for, so the CLI parses its arguments without pandas.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from syndata.limits import WORKER_START
from syndata.models.spec import ModelSpec
from syndata.progress import CancelCheck, ProgressCallback, ignore_progress, never_cancel

if TYPE_CHECKING:
    import pandas as pd

    from syndata.limits import Column
    from syndata.metadata import Schema
    from syndata.models.base import FittedModel


@dataclass(frozen=True)
class Shapes:
    """What a memory formula reads: the schema, rows and modelled columns of each table."""

    schema: Schema
    rows: Mapping[str, int]
    columns: Mapping[str, list[Column]]


class ModelFamily(ABC):
    """One model as offered to users; subclasses set ``spec``, ``short``, ``fixed_memory``."""

    spec: ClassVar[ModelSpec]
    short: ClassVar[str]
    """The model's name in running text ("CTGAN"), as the advice says it."""
    fixed_memory: ClassVar[int]
    """Bytes a fit takes whatever the data: the library's own state and buffers."""
    worker_start: ClassVar[int] = WORKER_START
    """Bytes a job's worker holds once this family's libraries are imported (the memory
    budget charges them before the fit's own estimate)."""
    copies_reference: ClassVar[bool] = False
    """Whether it can point children at the real rows of reference tables
    (``syndata.reference_tables``); the others refuse a schema that has one."""

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def label(self) -> str:
        return self.spec.label

    @property
    def relational(self) -> bool:
        """Whether it learns how related tables relate (else each table is fitted alone)."""
        return self.spec.multi_table

    @property
    def has_epochs(self) -> bool:
        """Whether training longer is a thing to advise."""
        return any(p.name == "epochs" for p in self.spec.params)

    def check(
        self, schema: Schema, tables: Mapping[str, pd.DataFrame] | None = None
    ) -> str | None:
        """Why this family refuses ``schema`` (with ``tables``: this data), or None."""
        return None

    def estimate_memory(
        self, schema: Schema, tables: Mapping[str, pd.DataFrame], params: Mapping[str, Any]
    ) -> int:
        """Rough peak memory in bytes that fitting on ``tables`` adds to the process.

        The fixed part, two copies of the raw frames, and what the model holds for this data
        (``data_memory``), from the modelled columns of each table.
        """
        from syndata.limits import frame_bytes, modelled_columns

        shapes = Shapes(schema, {name: len(frame) for name, frame in tables.items()},
                        {name: modelled_columns(frame, schema, name)
                         for name, frame in tables.items()})
        return int(self.fixed_memory + 2 * frame_bytes(tables) + self.data_memory(shapes, params))

    @abstractmethod
    def data_memory(self, shapes: Shapes, params: Mapping[str, Any]) -> int:
        """Bytes the model's encodings, networks or parameters take for these shapes."""

    def fit(self, schema: Schema, tables: Mapping[str, pd.DataFrame],
            params: Mapping[str, Any] | None = None, progress: ProgressCallback = ignore_progress,
            cancel: CancelCheck = never_cancel) -> FittedModel:
        """Fit on the tables of ``schema``; ``params`` as the user gave them (None = default).

        The settings are resolved against the spec, then ``adapt`` may change a default the
        data makes a poor choice (saying so in the model's notes), then ``_fit`` trains.
        """
        resolved = self.spec.resolve(params)
        notes = self.adapt(schema, tables, params or {}, resolved)
        fitted = self._fit(schema, {t: tables[t] for t in schema.tables}, resolved, progress,
                           cancel)
        fitted.info.notes.extend(notes)
        return fitted

    def adapt(
        self, schema: Schema, tables: Mapping[str, pd.DataFrame], given: Mapping[str, Any],
        resolved: dict[str, Any],
    ) -> list[str]:
        """Change ``resolved`` in place where a default would be a poor choice; the notes."""
        return []

    @abstractmethod
    def _fit(
        self, schema: Schema, tables: dict[str, pd.DataFrame], params: dict[str, Any],
        progress: ProgressCallback, cancel: CancelCheck,
    ) -> FittedModel:
        """Train with resolved ``params``; every check has passed."""

    # Advice for the evaluation (``syndata.evaluation.level``): what to try next with this
    # model. The defaults suit a model trained in epochs; the others override them.

    def shapes_advice(self, multi_table: bool, relational_models: str) -> str:
        """The next step when column shapes are off (``relational_models``: those that
        accept the schema, "HMA or IRGAN")."""
        if multi_table:
            return f"train {self.short} for more epochs."
        return (f"train {self.short} for more epochs, or compare GaussianCopula, which matches "
                "each column's distribution directly.")

    @abstractmethod
    def pairs_advice(self, multi_table: bool, relational_models: str) -> str:
        """The next step when relationships between columns are lost."""

    def relational_advice(self, problem: str, relational_models: str) -> str:
        """The next step when children per parent or trends across tables are off."""
        return (f"{problem}: {self.short} fits each table on its own; use a relational model "
                f"({relational_models}) instead.")

    def poor_advice(self, multi_table: bool) -> str:
        """What to try after the metadata when the overall quality is poor."""
        if self.has_epochs:
            return f"train {self.short} for more epochs or compare another model."
        return f"compare another model ({'IRGAN' if multi_table else 'CTGAN, TVAE, IRGAN'})."
