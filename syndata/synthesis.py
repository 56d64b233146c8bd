"""Fit and sample: the one entry point the CLI, the job runner and the pages share.

``fit`` checks everything that can be checked before training (the model's scope, what
its family refuses, the schema against the data, memory) so a long job never fails on
something knowable up front; then the family fits. A single-table family given related
tables fits each table on its own (``IndependentModel``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import pandas as pd

from syndata.errors import ModelError
from syndata.limits import check_memory, checked_before_start
from syndata.metadata import Schema, topological_order
from syndata.models import FitInfo, FittedModel, ModelFamily, get_family, models_for
from syndata.models.independent import IndependentModel
from syndata.progress import (
    CancelCheck,
    Progress,
    ProgressCallback,
    ignore_progress,
    never_cancel,
)
from syndata.reference_tables import reference_notes, reference_problem, reference_rows
from syndata.validation import check


def _either(names: list[str]) -> str:
    """"A, B or C"."""
    return " or ".join(filter(None, (", ".join(names[:-1]), names[-1])))


def prepare_fit(
    model: str, schema: Schema, tables: Mapping[str, pd.DataFrame],
    params: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Checked parameters for fitting ``model`` on ``schema``; raises what would fail later."""
    family = get_family(model)
    resolved = family.spec.resolve(params)
    if len(schema.tables) == 1 and not family.spec.single_table:
        single = _either([f.short for f in models_for(multi_table=False)])
        raise ModelError(
            f"{family.label} needs a group of related tables. For one table pick a "
            f"single-table model ({single})."
        )
    problem = reference_problem(schema, family) or family.check(schema, tables)
    if problem:
        raise ModelError(problem)
    if not checked_before_start():
        check(schema, tables)
    check_memory(family.estimate_memory(schema, {t: tables[t] for t in schema.tables},
                                        resolved), worker_start=family.worker_start)
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
    family = get_family(model)
    data = {t: tables[t] for t in schema.tables}
    if len(schema.tables) > 1 and not family.relational:
        return _fit_each_table(family, schema, data, params, resolved, progress, cancel)
    fitted = family.fit(schema, data, params, progress, cancel)
    rows = reference_rows(schema, data)
    if rows:
        fitted.info.reference = rows
        fitted.info.notes.extend(reference_notes(rows))
    return fitted


def _fit_each_table(
    family: ModelFamily, schema: Schema, tables: dict[str, pd.DataFrame],
    given: Mapping[str, Any] | None, params: dict[str, Any],
    progress: ProgressCallback, cancel: CancelCheck,
) -> FittedModel:
    """A single-table model on each table of a group, foreign keys rebuilt when sampling."""
    names = topological_order(schema)
    parts = {}
    for i, name in enumerate(names):
        def scaled(p: Progress, i: int = i, name: str = name) -> None:
            progress(replace(p, fraction=(i + p.fraction) / len(names), stage=f"{p.stage} {name}"))

        parts[name] = fit(family.name, schema.subset([name]), tables, given, scaled, cancel)
    degrees, nulls = IndependentModel.key_statistics(schema, tables)
    relational = _either([f.short for f in models_for(multi_table=True)])
    info = FitInfo.describe(
        family.name, schema, tables, params, device=parts[names[0]].info.device,
        fit_seconds=sum(p.info.fit_seconds for p in parts.values()),
        notes=[f"{family.label} fits one table at a time: each table was fitted on "
               f"its own and foreign keys were redrawn from the synthetic parents. Use "
               f"{relational} to learn how the tables relate."],
    )
    return IndependentModel(info, parts, schema, degrees, nulls)
