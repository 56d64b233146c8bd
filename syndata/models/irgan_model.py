"""IRGAN (our relational GAN, package ``irgan``) behind the ``FittedModel`` shape."""

from __future__ import annotations

import time
from typing import Any

import pandas as pd

from syndata.detection import id_regex
from syndata.metadata import Schema
from syndata.models.base import FitInfo, FittedModel, SynthesizerModel, model_frames
from syndata.models.irgan_bridge import fit_synthesizer, sample_synthesizer
from syndata.progress import CancelCheck, ProgressCallback


def fit_irgan(
    schema: Schema,
    tables: dict[str, pd.DataFrame],
    params: dict[str, Any],
    progress: ProgressCallback,
    cancel: CancelCheck,
) -> FittedModel:
    """Fit IRGAN on every table of ``schema`` (one table or any acyclic group)."""
    names, data = model_frames(schema, tables)
    budget = params.get("time_budget_minutes") or 0.0
    start = time.perf_counter()
    synth = fit_synthesizer(
        with_key_formats(schema.to_dict(names), tables), params, data, progress, cancel
    )
    info = FitInfo.describe("irgan", schema, data, params, device=synth.device,
                            fit_seconds=time.perf_counter() - start,
                            epochs_used=synth.epochs_used)
    info.note_budget(budget, params["epochs"])
    info.notes.append(f"Trained with {synth.precision} matrix products.")
    return IrganModel(info, synth)


def with_key_formats(metadata: dict[str, Any], tables: dict[str, pd.DataFrame]) -> dict[str, Any]:
    """``metadata`` with a ``regex_format`` on each text key and id column that lacks one.

    IRGAN regenerates these columns from their format; without one it can only guess from
    the values. The format is read from the real values (``tables``, before masking changes
    their literal parts); foreign keys are skipped, as they copy their parents' new keys.
    """
    linked = {(r["child_table_name"], r["child_foreign_key"]) for r in metadata["relationships"]}
    for name, spec in metadata["tables"].items():
        for column, col in spec["columns"].items():
            if col["sdtype"] != "id" or "regex_format" in col or (name, column) in linked:
                continue
            regex = id_regex(tables[name][column], len(tables[name]))
            if regex:
                col["regex_format"] = regex
    return metadata


class IrganModel(SynthesizerModel):
    """A fitted IRGAN synthesizer."""

    def _sample(
        self, scale: float, seed: int, progress: ProgressCallback
    ) -> dict[str, pd.DataFrame]:
        return sample_synthesizer(self.synthesizer, scale, seed, progress)
