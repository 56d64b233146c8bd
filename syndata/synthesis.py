"""Fit and sample: the one entry point the CLI, the job runner and the pages share.

``fit`` checks everything that can be checked before training (model scope, HMA's limits,
the schema against the data) so a long job never fails on something knowable up front.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import pandas as pd

from syndata.errors import ModelError
from syndata.limits import check_memory, estimate_fit_memory, estimate_marginal_seconds
from syndata.metadata import Schema, topological_order
from syndata.models import FitInfo, FittedModel, get_spec
from syndata.models.independent import IndependentModel
from syndata.progress import (
    CancelCheck,
    Progress,
    ProgressCallback,
    ignore_progress,
    never_cancel,
)
from syndata.validation import check


def prepare_fit(
    model: str, schema: Schema, tables: Mapping[str, pd.DataFrame],
    params: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Checked parameters for fitting ``model`` on ``schema``; raises what would fail later."""
    spec = get_spec(model)
    resolved = spec.resolve(params)
    multi = len(schema.tables) > 1
    if not multi and not spec.single_table:
        raise ModelError(
            f"{spec.label} needs a group of related tables. For one table pick a single-table "
            "model (GaussianCopula, CTGAN, TVAE, CopulaGAN or IRGAN)."
        )
    if model == "hma":
        problem = schema.hma_problem(tables)
        if problem:
            raise ModelError(problem)
    check(schema, tables)
    check_memory(estimate_fit_memory({t: tables[t] for t in schema.tables}, schema.to_dict(),
                                     model, resolved))
    return resolved


BETA_BUDGET_SECONDS = 120.0
"""Above this estimated time for beta marginals, an unset marginal becomes ``norm``."""


def lighter_marginals(
    model: str, schema: Schema, tables: Mapping[str, pd.DataFrame],
    given: Mapping[str, Any] | None, resolved: dict[str, Any],
) -> str | None:
    """Switch a default beta marginal to ``norm`` where the beta fits alone would take minutes.

    Wide tables are where this bites: 2,000 columns at 1,000 rows spend about 6 minutes in
    per-column beta fits, while a normal marginal is fitted in closed form. A distribution
    the user chose is kept. Returns the note for the fitted model, or ``None``.
    """
    if (model not in ("gaussian_copula", "copulagan") or len(schema.tables) != 1
            or (given or {}).get("default_distribution") is not None
            or resolved.get("default_distribution") != "beta"):
        return None
    from syndata.models.sdv_models import MARGINAL_ROWS

    table = next(iter(schema.tables))
    cap = MARGINAL_ROWS if model == "gaussian_copula" else None
    seconds = estimate_marginal_seconds(tables[table], schema.to_dict(), table, cap)
    if seconds <= BETA_BUDGET_SECONDS:
        return None
    resolved["default_distribution"] = "norm"
    return (f"{table} has {tables[table].shape[1]:,} columns x {len(tables[table]):,} rows: "
            f"fitting a beta marginal to each column would take about {seconds:,.0f} s, so "
            "each got a normal marginal instead (fitted in a fraction of that). Choose the "
            "beta marginal explicitly to fit it anyway.")


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
    if len(schema.tables) > 1 and not get_spec(model).multi_table:
        return _fit_each_table(model, schema, data, params, resolved, progress, cancel)
    if model == "irgan":
        from syndata.models.irgan_model import fit_irgan

        return fit_irgan(schema, data, resolved, progress, cancel)
    from syndata.models.sdv_models import fit_sdv

    note = lighter_marginals(model, schema, data, params, resolved)
    fitted = fit_sdv(model, schema, data, resolved, progress, cancel)
    if note:
        fitted.info.notes.append(note)
    return fitted


def _fit_each_table(
    model: str, schema: Schema, tables: dict[str, pd.DataFrame],
    given: Mapping[str, Any] | None, params: dict[str, Any],
    progress: ProgressCallback, cancel: CancelCheck,
) -> FittedModel:
    """A single-table model on each table of a group, foreign keys rebuilt when sampling."""
    names = topological_order(schema)
    parts = {}
    for i, name in enumerate(names):
        def scaled(p: Progress, i: int = i, name: str = name) -> None:
            progress(replace(p, fraction=(i + p.fraction) / len(names), stage=f"{p.stage} {name}"))

        parts[name] = fit(model, schema.subset([name]), tables, given, scaled, cancel)
    degrees, nulls = IndependentModel.key_statistics(schema, tables)
    info = FitInfo.describe(
        model, schema, tables, params, device=parts[names[0]].info.device,
        fit_seconds=sum(p.info.fit_seconds for p in parts.values()),
        notes=[f"{get_spec(model).label} fits one table at a time: each table was fitted on "
               "its own and foreign keys were redrawn from the synthetic parents. Use HMA or "
               "IRGAN to learn how the tables relate."],
    )
    return IndependentModel(info, parts, schema, degrees, nulls)
