"""Resources as the JSON the endpoints answer with."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from syndata.api import jobs
from syndata.api.resources import Dataset, EvaluationEntry, ModelEntry, SyntheticEntry
from syndata.api.store import Space
from syndata.jobs import JobRunner


def table_summaries(tables: Mapping[str, pd.DataFrame],
                    sources: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
    return [{"name": name, "rows": len(frame), "columns": frame.shape[1],
             "source": (sources or {}).get(name)} for name, frame in tables.items()]


def dataset_view(dataset: Dataset) -> dict[str, Any]:
    return {"id": dataset.id, "tables": table_summaries(dataset.tables, dataset.sources),
            "relationships": [r.label() for r in dataset.schema.relationships],
            "notes": dataset.notes + dataset.schema_notes}


def model_view(runner: JobRunner, space: Space, entry: ModelEntry,
               collect: bool = True) -> dict[str, Any]:
    view = {"id": entry.id, "model": entry.model, "dataset_id": entry.dataset_id,
            "tables": entry.tables, "settings": plain(entry.settings),
            "job": jobs.job_view(jobs.status(runner, space, entry, collect))}
    if entry.fitted is not None:
        info = entry.fitted.info
        view.update(fit_seconds=info.fit_seconds, device=info.device, notes=info.notes)
    return view


def synthetic_view(runner: JobRunner, space: Space, entry: SyntheticEntry,
                   collect: bool = True) -> dict[str, Any]:
    current = jobs.status(runner, space, entry, collect)
    return {"id": entry.id, "model_id": entry.model_id, "rows": entry.rows,
            "scale": entry.scale, "seed": entry.seed, "job": jobs.job_view(current),
            "tables": table_summaries(entry.tables or {})}


def evaluation_view(runner: JobRunner, space: Space, entry: EvaluationEntry,
                    collect: bool = True) -> dict[str, Any]:
    current = jobs.status(runner, space, entry, collect)
    view = {"id": entry.id, "synthetic_id": entry.synthetic_id,
            "dataset_id": entry.dataset_id, "target": entry.target,
            "job": jobs.job_view(current)}
    if entry.result is not None:
        view.update(quality=plain(entry.result.quality),
                    diagnostic=plain(entry.result.diagnostic), level=entry.result.level)
    return view


def plain(value: Any) -> Any:
    """JSON-ready: numpy and pandas scalars as Python ones, NaN as null, dates as text."""
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if value is None or isinstance(value, bool | int | str):
        return value
    if value is pd.NaT or value is pd.NA:
        return None
    return str(value)
