"""Job targets: module-level functions in the runner's ``(progress, cancel, **kwargs)`` form.

They live apart from the logic they call so a worker process imports only what its job
needs, and so every argument is data that pickles (tables, a ``Schema``, a fitted model).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from syndata.metadata import Schema
from syndata.models import FittedModel
from syndata.progress import CancelCheck, ProgressCallback
from syndata.synthesis import fit


def fit_job(progress: ProgressCallback, cancel: CancelCheck, *, model: str,
            schema: Schema, tables: dict[str, pd.DataFrame],
            params: dict[str, Any]) -> FittedModel:
    """Fit ``model`` on ``tables`` as ``schema`` describes them."""
    return fit(model, schema, tables, params, progress, cancel)


def sample_job(progress: ProgressCallback, cancel: CancelCheck, *, model: FittedModel,
               rows: int | None, scale: float | None, seed: int) -> dict[str, pd.DataFrame]:
    """Generate from a fitted model."""
    return model.sample(rows=rows, scale=scale, seed=seed, progress=progress)


def evaluate_job(progress: ProgressCallback, cancel: CancelCheck, *,
                 real: dict[str, pd.DataFrame], synthetic: dict[str, pd.DataFrame],
                 schema: Schema, target: str | None,
                 model: str | None = None,
                 holdout: dict[str, pd.DataFrame] | None = None) -> Any:
    """Quality, diagnostic, privacy and utility of a synthetic dataset (``model``: what
    made it, for the advice; ``holdout``: real rows it was not fitted on, for the attacks)."""
    from syndata.evaluation import evaluate

    return evaluate(real, synthetic, schema, target=target, model=model, holdout=holdout,
                    progress=progress)
