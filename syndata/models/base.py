"""The shape every fitted model has, whatever library is behind it."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from syndata.errors import ModelError
from syndata.metadata import Schema, topological_order
from syndata.progress import ProgressCallback, ignore_progress
from syndata.restore import Formats, learn, restore, scale_for_fit

if TYPE_CHECKING:
    from syndata.models.pii_shapes import Shapes


def model_frames(
    schema: Schema, tables: Mapping[str, pd.DataFrame]
) -> tuple[list[str], dict[str, pd.DataFrame]]:
    """Tables parents first, each cut to the schema's columns: what every model fits on.

    Extreme-magnitude columns are scaled near 1 (see ``syndata.restore``); ``FitInfo``
    learns that from the frames and every sample is scaled back. Identifying values are
    replaced by look-alikes (``syndata.models.masking``), so no model stores a real one.
    """
    from syndata.models.masking import mask_identifying

    names = topological_order(schema)
    frames = {}
    for t in names:
        columns = schema.tables[t].columns
        numerical = [c for c, col in columns.items() if col.sdtype == "numerical"]
        frames[t] = scale_for_fit(tables[t][list(columns)], numerical)
    return names, mask_identifying(schema, frames)


@dataclass
class FitInfo:
    """What the user sees in the list of fitted models."""

    model: str
    tables: list[str]
    params: dict[str, Any]
    device: str = "cpu"
    fit_seconds: float = 0.0
    epochs_used: int | None = None
    real_rows: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    main_table: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    formats: Formats | None = None
    """The real columns' types and text formats, put back on every sample (None in model
    files written before it existed: those sample as they always did)."""
    shapes: Shapes | None = None
    """Shape templates of PII columns such as phone numbers, never a real value
    (``syndata.models.pii_shapes``; None in older model files: Faker's formats)."""
    reference: dict[str, pd.DataFrame] | None = None
    """The real rows of the tables marked reference, output as they are
    (``syndata.reference_tables``; None without any, and in older model files)."""

    @classmethod
    def describe(cls, model: str, schema: Schema, tables: Mapping[str, pd.DataFrame],
                 params: dict[str, Any], **extra: Any) -> FitInfo:
        """The info of a fit on ``schema``; ``main_table`` is its largest root table."""
        from syndata.models.masking import masking_notes
        from syndata.models.pii_shapes import learn_shapes, shape_notes

        names = topological_order(schema)
        roots = [t for t in names if not schema.parents_of(t)] or names
        shapes = learn_shapes(schema, {t: tables[t] for t in names})
        return cls(model=model, tables=names, params=params,
                   real_rows={t: len(tables[t]) for t in names},
                   main_table=max(roots, key=lambda t: len(tables[t])),
                   metadata=schema.to_dict(names),
                   formats=learn({t: tables[t] for t in names}, schema),
                   shapes=shapes,
                   notes=(masking_notes({t: tables[t] for t in names}) + shape_notes(shapes)
                          + extra.pop("notes", [])),
                   **extra)

    def note_budget(self, budget_minutes: float, epochs: int) -> None:
        """Say when a time budget cut training short."""
        if budget_minutes and self.epochs_used is not None and self.epochs_used < epochs:
            self.notes.append(f"The {budget_minutes:g}-minute budget allowed "
                              f"{self.epochs_used} of {epochs} epochs.")


class FittedModel(ABC):
    """A fitted synthesizer for one table or a group of related tables."""

    def __init__(self, info: FitInfo):
        self.info = info

    @property
    def multi_table(self) -> bool:
        return len(self.info.tables) > 1

    def sample(
        self,
        *,
        rows: int | None = None,
        scale: float | None = None,
        seed: int = 0,
        progress: ProgressCallback = ignore_progress,
    ) -> dict[str, pd.DataFrame]:
        """Synthetic tables: ``rows`` of the main table or ``scale`` x every real table.

        Every model's output goes through ``restore`` here, the one entry all share, so
        whole numbers, scaled columns and datetime texts come back in the real format;
        then PII such as phone numbers is drawn in the real shapes (``apply_shapes``).
        """
        scale = self.resolve_scale(rows, scale)
        from syndata.models.pii_shapes import apply_shapes
        from syndata.reference_tables import keep_reference

        tables = restore(self._sample(scale, seed, progress), self.info.formats)
        return keep_reference(apply_shapes(tables, self.info.shapes, seed), self.info.reference)

    def resolve_scale(self, rows: int | None, scale: float | None) -> float:
        """A scale factor from either a row count of the main table or a scale."""
        if rows is not None and scale is not None:
            raise ModelError("Give either a number of rows or a scale factor, not both.")
        if rows is not None:
            if int(rows) < 1:
                raise ModelError(f"The number of rows must be at least 1, not {rows}.")
            return int(rows) / self.info.real_rows[self.main_table]
        scale = 1.0 if scale is None else float(scale)
        if not scale > 0:
            raise ModelError(f"The scale factor must be above 0, not {scale}.")
        return scale

    @property
    def main_table(self) -> str:
        """The table ``rows`` refers to: the single table, or the largest root table."""
        return self.info.main_table or self.info.tables[0]

    @abstractmethod
    def _sample(
        self, scale: float, seed: int, progress: ProgressCallback
    ) -> dict[str, pd.DataFrame]:
        """Tables at ``scale`` x the real sizes, reproducible for a given seed."""


class SynthesizerModel(FittedModel):
    """A fitted model that wraps one library synthesizer (SDV's or IRGAN's)."""

    def __init__(self, info: FitInfo, synthesizer: Any):
        super().__init__(info)
        self.synthesizer = synthesizer
