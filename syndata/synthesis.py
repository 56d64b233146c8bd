"""Fit and sample: the one entry point the CLI, the job runner and the pages share.

``fit`` checks everything that can be checked before training (model scope, HMA's limits,
the schema against the data) so a long job never fails on something knowable up front.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from syndata.errors import ModelError
from syndata.metadata import Schema
from syndata.models import FittedModel, get_spec
from syndata.progress import CancelCheck, ProgressCallback, ignore_progress, never_cancel
from syndata.validation import check


def prepare_fit(
    model: str, schema: Schema, tables: Mapping[str, pd.DataFrame],
    params: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Checked parameters for fitting ``model`` on ``schema``; raises what would fail later."""
    spec = get_spec(model)
    resolved = spec.resolve(params)
    multi = len(schema.tables) > 1
    if multi and not spec.multi_table:
        raise ModelError(
            f"{spec.label} fits one table at a time, and {len(schema.tables)} tables were "
            "given. Pick one table, or use HMA or IRGAN for related tables."
        )
    if not multi and not spec.single_table:
        raise ModelError(
            f"{spec.label} needs a group of related tables. For one table pick a single-table "
            "model (GaussianCopula, CTGAN, TVAE, CopulaGAN or IRGAN)."
        )
    if model == "hma":
        problem = schema.hma_problem()
        if problem:
            raise ModelError(problem)
    check(schema, tables)
    return resolved


def fit(
    model: str,
    schema: Schema,
    tables: Mapping[str, pd.DataFrame],
    params: Mapping[str, Any] | None = None,
    progress: ProgressCallback = ignore_progress,
    cancel: CancelCheck = never_cancel,
) -> FittedModel:
    """Fit ``model`` on the tables of ``schema`` (one table or a related group)."""
    resolved = prepare_fit(model, schema, tables, params)
    data = {t: tables[t] for t in schema.tables}
    if model == "irgan":
        from syndata.models.irgan_model import fit_irgan

        return fit_irgan(schema, data, resolved, progress, cancel)
    from syndata.models.sdv_models import fit_sdv

    return fit_sdv(model, schema, data, resolved, progress, cancel)


def fit_job(progress: ProgressCallback, cancel: CancelCheck, **kwargs: Any) -> FittedModel:
    """``fit`` in the job runner's calling convention; ``metadata`` travels as a dict."""
    schema = Schema.from_dict(kwargs.pop("metadata"))
    return fit(schema=schema, progress=progress, cancel=cancel, **kwargs)


def sample_job(progress: ProgressCallback, cancel: CancelCheck, **kwargs: Any):
    """``FittedModel.sample`` in the job runner's calling convention."""
    model: FittedModel = kwargs.pop("model")
    return model.sample(progress=progress, **kwargs)
