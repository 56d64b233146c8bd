"""The four kinds of resource a token owns, as the server keeps them in memory.

Tables and fitted models stay in the server process (as the app keeps them in a session);
only a job's inputs and result pass through the token's private workspace, and the runner
deletes each result file as it is collected.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from syndata.metadata import Schema

if TYPE_CHECKING:  # SDMetrics and the models load in the workers: the server starts faster
    from syndata.evaluation.result import EvaluationResult
    from syndata.models import FittedModel


def new_id(prefix: str) -> str:
    """A server-made id: ``ds_``/``md_``/``sy_``/``ev_`` and 16 random hex digits."""
    return f"{prefix}_{secrets.token_hex(8)}"


@dataclass
class Dataset:
    """Uploaded real tables with their schema; ``notes`` say how the files were read,
    ``schema_notes`` what the schema's detection or the metadata put in decided (replaced
    with the schema)."""

    id: str
    tables: dict[str, pd.DataFrame]
    schema: Schema
    sources: dict[str, str]
    notes: list[str] = field(default_factory=list)
    schema_notes: list[str] = field(default_factory=list)
    created: float = field(default_factory=time.time)


@dataclass
class ModelEntry:
    """A fit job, and its fitted model once collected (or an uploaded signed model)."""

    id: str
    model: str
    dataset_id: str | None
    tables: list[str]
    settings: dict[str, Any]
    job_id: str | None
    fitted: FittedModel | None = None
    created: float = field(default_factory=time.time)


@dataclass
class SyntheticEntry:
    """A generate job and its tables once collected."""

    id: str
    model_id: str
    rows: int | None
    scale: float | None
    seed: int
    job_id: str
    tables: dict[str, pd.DataFrame] | None = None
    created: float = field(default_factory=time.time)


@dataclass
class EvaluationEntry:
    """An evaluate job, the real tables it compared against, and its result once collected."""

    id: str
    synthetic_id: str
    dataset_id: str
    target: str | None
    job_id: str
    result: EvaluationResult | None = None
    report_html: str | None = None
    created: float = field(default_factory=time.time)
