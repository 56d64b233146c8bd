"""Request and response bodies, as the OpenAPI docs at ``/docs`` show them.

Requests forbid unknown fields, so a misspelt one is a 422 naming it rather than a setting
silently ignored. ``GenerateRequest`` is the one to grow when conditional sampling (the
relational issue's conditions) exists: a new optional field, old clients unchanged.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

JobState = Literal["queued", "running", "done", "failed", "cancelled"]


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FitRequest(_Request):
    dataset_id: str = Field(description="The dataset to fit on.")
    model: str = Field(description="A model name from GET /models/catalog, e.g. irgan.")
    tables: list[str] | None = Field(
        None, description="The tables to model (related ones for a relational model); "
        "default: every table of the dataset.")
    settings: dict[str, Any] = Field(
        default_factory=dict, description="The model's settings by name, e.g. "
        '{"epochs": 1}; unset ones take their defaults.')


class GenerateRequest(_Request):
    model_id: str = Field(description="A fitted model.")
    rows: int | None = Field(None, ge=1, description="Rows of the main table; related tables "
                             "follow. Give rows or scale, not both.")
    scale: float | None = Field(None, gt=0, description="Multiply every table's real size "
                                "(default 1).")
    seed: int = Field(0, description="Same seed, same data.")


class EvaluateRequest(_Request):
    synthetic_id: str = Field(description="The synthetic dataset to score.")
    dataset_id: str | None = Field(
        None, description="The real dataset to compare with; default: the one the model was "
        "fitted on (required for an uploaded model).")
    target: str | None = Field(None, description="table.column to predict for the "
                               "ML-utility check.")


class Job(BaseModel):
    state: JobState
    fraction: float
    stage: str | None
    message: str | None
    epoch: int | None
    epochs: int | None
    loss: float | None
    eta_s: float | None
    elapsed_s: float
    log: list[str]
    error: str | None


class TableSummary(BaseModel):
    name: str
    rows: int
    columns: int
    source: str | None = None


class DatasetView(BaseModel):
    id: str
    tables: list[TableSummary]
    relationships: list[str]
    notes: list[str]


class ModelView(BaseModel):
    id: str
    model: str
    dataset_id: str | None
    tables: list[str]
    settings: dict[str, Any]
    job: Job
    fit_seconds: float | None = None
    device: str | None = None
    notes: list[str] = Field(default_factory=list)


class SyntheticView(BaseModel):
    id: str
    model_id: str
    rows: int | None
    scale: float | None
    seed: int
    job: Job
    tables: list[TableSummary] = Field(default_factory=list)


class EvaluationView(BaseModel):
    id: str
    synthetic_id: str
    dataset_id: str
    target: str | None
    job: Job
    quality: float | None = None
    diagnostic: float | None = None
    level: str | None = None


class Deleted(BaseModel):
    id: str
    deleted: bool = True
    workspace_closed: bool = Field(description="True when this was the token's last "
                                   "resource, so its workspace was deleted too.")
