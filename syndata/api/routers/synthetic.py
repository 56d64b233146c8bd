"""``/synthetic``: generate jobs from fitted models; tables as CSV or Parquet, all as ZIP."""

from __future__ import annotations

from typing import Any, Literal
from urllib.parse import quote

from fastapi import APIRouter
from fastapi.responses import Response

from syndata import tasks
from syndata.api import jobs
from syndata.api.auth import Caller, Runner, Spaces
from syndata.api.errors import NotFound, ParquetError
from syndata.api.resources import SyntheticEntry, new_id
from syndata.api.schemas import Deleted, GenerateRequest, SyntheticView
from syndata.api.views import synthetic_view
from syndata.errors import ModelError
from syndata.export import table_csv, zip_tables

router = APIRouter(prefix="/synthetic", tags=["synthetic"])

_MEDIA = {"csv": "text/csv; charset=utf-8", "parquet": "application/vnd.apache.parquet"}


def attachment(filename: str) -> dict[str, str]:
    """A Content-Disposition that survives any table name (RFC 6266's ``filename*``)."""
    return {"Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}"}


@router.post("", status_code=202, response_model=SyntheticView, summary="Start a generate job")
def start_generate(space: Caller, runner: Runner, request: GenerateRequest) -> dict[str, Any]:
    """Rows of the main table or a scale for every table, and a seed: the same seed gives
    the same bytes."""
    if request.rows is not None and request.scale is not None:
        raise ModelError("Give rows or scale, not both.")
    model = space.get("models", request.model_id)
    jobs.require_done(runner, space, model, "model")
    job_id = jobs.submit(runner, space, tasks.sample_job,
                         {"model": model.fitted, "rows": request.rows, "scale": request.scale,
                          "seed": request.seed}, f"generate from {model.id}", "sample")
    entry = SyntheticEntry(new_id("sy"), model.id, request.rows, request.scale, request.seed,
                           job_id)
    with space.lock:
        space.synthetic[entry.id] = entry
    return synthetic_view(runner, space, entry)


@router.get("", response_model=list[SyntheticView], summary="This token's synthetic datasets")
def list_synthetic(space: Caller, runner: Runner) -> list[dict[str, Any]]:
    with space.lock:
        entries = list(space.synthetic.values())
    return [synthetic_view(runner, space, e) for e in entries]


@router.get("/{synthetic_id}", response_model=SyntheticView, summary="A generate job and its "
            "tables")
async def get_synthetic(space: Caller, runner: Runner, synthetic_id: str) -> dict[str, Any]:
    entry = space.get("synthetic", synthetic_id)
    await jobs.settle(runner, space, entry)
    return synthetic_view(runner, space, entry, collect=False)


@router.post("/{synthetic_id}/cancel", response_model=SyntheticView, summary="Cancel the job")
def cancel_generate(space: Caller, runner: Runner, synthetic_id: str) -> dict[str, Any]:
    entry = space.get("synthetic", synthetic_id)
    jobs.cancel(runner, space, entry)
    return synthetic_view(runner, space, entry)


@router.get("/{synthetic_id}/tables/{table}", summary="One table as CSV or Parquet",
            response_class=Response, responses={200: {"content": {m: {} for m in
                                                                  _MEDIA.values()}}})
def download_table(space: Caller, runner: Runner, synthetic_id: str, table: str,
                   format: Literal["csv", "parquet"] = "csv") -> Response:
    entry = space.get("synthetic", synthetic_id)
    jobs.require_done(runner, space, entry, "synthetic dataset")
    frame = entry.tables.get(table)
    if frame is None:
        raise NotFound(f"The synthetic dataset {entry.id} has no table {table!r}; it has "
                       f"{', '.join(entry.tables)}.")
    data = table_csv(frame) if format == "csv" else parquet_bytes(frame, table)
    return Response(data, media_type=_MEDIA[format], headers=attachment(f"{table}.{format}"))


@router.get("/{synthetic_id}/download", summary="Every table as CSV plus metadata.json, zipped",
            response_class=Response, responses={200: {"content": {"application/zip": {}}}})
def download_zip(space: Caller, runner: Runner, synthetic_id: str) -> Response:
    entry = space.get("synthetic", synthetic_id)
    jobs.require_done(runner, space, entry, "synthetic dataset")
    model = space.get("models", entry.model_id)
    data = zip_tables(entry.tables, model.fitted.info.metadata)
    return Response(data, media_type="application/zip", headers=attachment(f"{entry.id}.zip"))


@router.delete("/{synthetic_id}", response_model=Deleted, summary="Delete a synthetic dataset")
def delete_synthetic(space: Caller, runner: Runner, store: Spaces,
                     synthetic_id: str) -> dict[str, Any]:
    entry = space.get("synthetic", synthetic_id)
    jobs.cancel(runner, space, entry)
    with space.lock:
        space.synthetic.pop(synthetic_id, None)
    return {"id": synthetic_id, "workspace_closed": store.close_if_empty(space)}


def parquet_bytes(frame: Any, table: str) -> bytes:
    """The table as Parquet with its dtypes (nullable integers, datetimes, categoricals)."""
    from syndata.sources.parquet import ParquetWriteError
    from syndata.sources.parquet import parquet_bytes as write_parquet

    try:
        return write_parquet(frame, table)
    except ParquetWriteError as error:
        raise ParquetError(str(error)) from None
