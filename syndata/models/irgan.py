"""IRGAN (ours, package ``irgan``): a relational GAN for one table or any acyclic schema.

The schema crosses into irgan as a metadata dict (``irgan_bridge`` translates its
settings, progress and errors); text keys and ids get a ``regex_format`` from their values
on the way.

Memory: every table's encoding (a code per column for the argn generator, CTGAN-like for
gan) plus the parent context (compressed to at most 100 dimensions) and its per-table
networks, plus the chunked key-matching matrix and
the autoregressive generator's sampling buffers (logits of its widest categorical head,
up to 2,000 classes, for a chunk of ``irgan.argn.SAMPLE_CHUNK`` rows, three times over:
logits, log-probabilities and the re-weighted ones).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from syndata.limits import MIB, gan_networks_bytes, gan_width
from syndata.models.base import FitInfo, SynthesizerModel, model_frames
from syndata.models.family import ModelFamily
from syndata.models.spec import ModelSpec, Param, batch_param, trained_params

if TYPE_CHECKING:
    import pandas as pd

    from syndata.limits import Column
    from syndata.metadata import Schema
    from syndata.models.base import FittedModel
    from syndata.models.family import Shapes
    from syndata.progress import CancelCheck, ProgressCallback

_CONTEXT_BUDGET = 100
_MATCH_CHUNK = 2_000
_SAMPLE_CHUNK = 1_024
"""``irgan.argn.SAMPLE_CHUNK``, not imported: importing ``irgan`` here would import torch."""
_LEARNED_CATEGORIES = 2_000


def _argn_bytes(columns: list[Column], hidden: int, batch: int, context: int) -> int:
    """The autoregressive generator: a code per column (not one-hot), one head per column
    (its classes, at most ``_LEARNED_CATEGORIES``, by ``hidden`` units: weights, gradients
    and two Adam moments in float32) and a batch of activations."""
    classes = sum(min(c.categories, _LEARNED_CATEGORIES) + 1 for c in columns)
    return classes * hidden * 4 * 4 + batch * (len(columns) + context + hidden) * 4 * 8


class IRGAN(ModelFamily):
    """Measured peak growth of a 1-epoch fit at 100k parents and 300k children (2 CPU cores,
    torch already imported): 177 MiB against that version's estimate of 339 MiB. With the argn
    generator at its defaults (anonymous memory over the worker's start; ``irgan.optim``'s
    Adam, sampling chunks of 1,024 rows; two runs): the 4-table flights demo 77 and 76 MB
    (estimate 208), the 5,000-row one 125 and 130 (157), 20,000 uploaded flights 213 and 206
    (243). The
    growth is about 105 MB plus 5 KB a row (from the 5,000 and 20,000-row fits): the fixed
    part and the 40 floats a row and column cover it with the networks and sampling
    buffers. Generating after the fit in the same process grew the 5,000-row one 172 MB."""

    spec = ModelSpec(
        "irgan", "IRGAN (ours)",
        "Relational GAN for any acyclic schema: table by table, keys valid by construction.",
        single_table=True, multi_table=True, gpu=True,
        params=trained_params(
            20, batch_param(500),
            Param("generator", "Generator", "choice", "argn", choices=("argn", "gan"),
                  help="argn: an autoregressive network, one softmax head per column "
                  "(trained by cross-entropy, stops early when held-out rows stop improving; "
                  "the better and faster one). gan: the conditional WGAN-GP of earlier "
                  "versions (trained best at learning rate 1e-3)."),
            Param("learning_rate", "Learning rate", "float", 3e-3, 1e-6, 1.0),
            Param("hidden_size", "Hidden units", "int", 128, 16, 1024,
                  help="Width of the GAN's layers; argn gives each column's head half."),
            Param("precision", "Matrix precision", "choice", "auto",
                  choices=("auto", "float32", "bfloat16"),
                  help="auto trains in bfloat16 on CPUs that multiply it natively "
                  "(AVX-512 BF16 or AMX: about twice as fast), float32 elsewhere."),
            Param("column_rules", "Column rules", "bool", True,
                  help="Keep the rules every real row holds (a <= b, a column that follows "
                  "from another, amount = quantity x price, a total = the sum of its "
                  "children) on every synthetic row. The fitted model's notes list them."),
            Param("rules_off", "Rules switched off", "text", "",
                  help="Rules not to keep, as the notes name them, separated by ';' "
                  "(e.g. flights: dep_time <= arr_time)."),
        ),
    )
    short = "IRGAN"
    fixed_memory = 96 * MIB
    worker_start = 250 * MIB
    """torch, RDT and scikit-learn, no SDV: 241 MB in a worker before its data."""
    copies_reference = True

    def data_memory(self, shapes: Shapes, params: Mapping[str, Any]) -> int:
        batch = int(params.get("batch_size") or 500)
        argn = params.get("generator", "argn") == "argn"
        hidden = int(params.get("hidden_size") or 128)
        rows, columns = shapes.rows, shapes.columns
        total, largest_model = 0, 0
        for table in rows:
            width, condition = gan_width(columns[table])
            parents = [r.parent for r in shapes.schema.relationships
                       if r.child == table and r.parent in rows]
            context = min(_CONTEXT_BUDGET, sum(gan_width(columns[p])[0] for p in parents))
            if argn:
                total += rows[table] * (len(columns[table]) + context) * 8 * 40
                model = _argn_bytes(columns[table], hidden, batch, context)
            else:
                total += rows[table] * (width + context) * (4 + 4)  # float32 encoding, tensor
                model = gan_networks_bytes(width, condition, batch, context)
            if parents:
                model += _MATCH_CHUNK * _MATCH_CHUNK * 8 * 2
            widest = max((min(c.categories, _LEARNED_CATEGORIES) for c in columns[table]
                          if c.sdtype in ("categorical", "boolean")), default=0)
            model += _SAMPLE_CHUNK * widest * 4 * 3
            largest_model = max(largest_model, model)
        return total + largest_model

    def _fit(
        self, schema: Schema, tables: dict[str, pd.DataFrame], params: dict[str, Any],
        progress: ProgressCallback, cancel: CancelCheck,
    ) -> FittedModel:
        """Fit IRGAN on every table of ``schema`` (one table or any acyclic group)."""
        from syndata.models.irgan_bridge import fit_synthesizer

        names, data = model_frames(schema, tables)
        budget = params.get("time_budget_minutes") or 0.0
        start = time.perf_counter()
        synth = fit_synthesizer(
            with_key_formats(schema.to_dict(names), tables), params, data, progress, cancel
        )
        info = FitInfo.describe(self.name, schema, data, params, device=synth.device,
                                fit_seconds=time.perf_counter() - start,
                                epochs_used=synth.epochs_used)
        info.note_budget(budget, params["epochs"])
        info.notes.append(f"Trained with {synth.precision} matrix products.")
        info.notes.extend(synth.notes)
        return IrganModel(info, synth)

    def pairs_advice(self, multi_table: bool, relational_models: str) -> str:
        return "train IRGAN for more epochs or with more hidden units."

    def relational_advice(self, problem: str, relational_models: str) -> str:
        return f"{problem}: train IRGAN for more epochs."


def column_rules(schema: Schema, tables: Mapping[str, pd.DataFrame]) -> list[str]:
    """The ids of the column rules a fit on ``tables`` would keep, before any fit (the Fit
    page offers each as a checkbox), found on the frames the fit sees, masked as it is."""
    from syndata.models.irgan_bridge import find_rules

    names, data = model_frames(schema, tables)
    return find_rules(with_key_formats(schema.to_dict(names), tables), data)


def with_key_formats(metadata: dict[str, Any], tables: Mapping[str, pd.DataFrame]) -> dict:
    """``metadata`` with a ``regex_format`` on each text key and id column that lacks one.

    IRGAN regenerates these columns from their format; without one it can only guess from
    the values. The format is read from the real values (``tables``, before masking changes
    their literal parts); foreign keys are skipped, as they copy their parents' new keys.
    """
    from syndata.detection import id_regex

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
        from syndata.models.irgan_bridge import sample_synthesizer

        return sample_synthesizer(self.synthesizer, scale, seed, progress)


FAMILY = IRGAN()
