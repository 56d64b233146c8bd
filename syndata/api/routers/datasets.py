"""``/datasets``: upload real tables, see and replace their metadata, profile, problems."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile

from syndata.api.auth import Caller, Config, Spaces
from syndata.api.errors import TooLarge
from syndata.api.resources import Dataset, new_id
from syndata.api.schemas import DatasetView, Deleted
from syndata.api.uploads import Upload, apply_metadata, read_database
from syndata.api.views import dataset_view, plain
from syndata.ingest import CsvOptions, parse_na_values

router = APIRouter(prefix="/datasets", tags=["datasets"])

_METADATA_BODY = {"requestBody": {"required": True, "content": {"application/json": {
    "schema": {"type": "object", "description": "SDV multi-table metadata JSON, as "
               "GET /datasets/{id}/metadata answers it."}}}}}


@router.post("", status_code=201, response_model=DatasetView,
             summary="Upload tables as one dataset")
def upload(
    space: Caller, config: Config,
    files: Annotated[list[UploadFile], File(description="CSV or Parquet files (also "
                                            "compressed), or a ZIP of them: one database")],
    skip_rows: Annotated[int, Form(ge=0, description="Lines before the header")] = 0,
    has_header: Annotated[bool, Form(description="First row holds the names")] = True,
    delimiter: Annotated[str | None, Form(description="Default: detected")] = None,
    encoding: Annotated[str | None, Form(description="Default: detected")] = None,
    na_values: Annotated[str | None, Form(description="Texts read as missing, e.g. "
                                          "'NA,NULL' (default: pandas' list)")] = None,
) -> dict[str, Any]:
    """Read the files as the CLI reads ``--data`` (same options, same messages), detect the
    schema (PII typed as PII) or take the ``metadata.json`` inside a ZIP."""
    limit = config.max_upload_mb * 2**20
    uploads = []
    for file in files:
        data = file.file.read(limit + 1)
        if len(data) > limit:
            raise TooLarge(f"{file.filename} is larger than this server takes "
                           f"({config.max_upload_mb} MB): upload a sample of the rows.")
        uploads.append(Upload(file.filename or "upload.csv", data))
    options = CsvOptions(has_header=has_header, skip_rows=skip_rows, delimiter=delimiter or None,
                         encoding=encoding or None,
                         na_values=parse_na_values(na_values) if na_values else None)
    database = read_database(uploads, options, config)
    dataset = Dataset(new_id("ds"), database.tables, database.schema, database.sources,
                      database.notes, database.schema_notes)
    with space.lock:
        space.datasets[dataset.id] = dataset
    return dataset_view(dataset)


@router.get("", response_model=list[DatasetView], summary="This token's datasets")
def list_datasets(space: Caller) -> list[dict[str, Any]]:
    with space.lock:
        return [dataset_view(d) for d in space.datasets.values()]


@router.get("/{dataset_id}", response_model=DatasetView, summary="One dataset")
def get_dataset(space: Caller, dataset_id: str) -> dict[str, Any]:
    return dataset_view(space.get("datasets", dataset_id))


@router.get("/{dataset_id}/metadata", summary="The schema as SDV metadata JSON")
def get_metadata(space: Caller, dataset_id: str) -> dict[str, Any]:
    return space.get("datasets", dataset_id).schema.to_dict()


@router.put("/{dataset_id}/metadata", response_model=DatasetView, openapi_extra=_METADATA_BODY,
            summary="Replace the schema with SDV metadata JSON")
async def put_metadata(space: Caller, dataset_id: str, request: Request) -> dict[str, Any]:
    """Checked as the CLI's ``--metadata`` file is: the same messages for the same faults."""
    dataset = space.get("datasets", dataset_id)
    text = (await request.body()).decode("utf-8-sig", errors="replace")
    schema, warnings = apply_metadata(dataset.tables, text)
    with space.lock:
        dataset.schema, dataset.schema_notes = schema, warnings
    return dataset_view(dataset)


@router.get("/{dataset_id}/profile", summary="Each column's type, nulls, distinct values, "
            "range and top values")
def get_profile(space: Caller, dataset_id: str) -> dict[str, list[dict[str, Any]]]:
    from syndata.profile import profile_table  # loads SDMetrics: on first use, not at start

    dataset = space.get("datasets", dataset_id)
    return {name: [plain(asdict(p)) for p in profile_table(dataset.tables[name], table)]
            for name, table in dataset.schema.tables.items()}


@router.get("/{dataset_id}/problems", summary="What to fix before fitting")
def get_problems(space: Caller, dataset_id: str) -> list[dict[str, Any]]:
    """Every problem of the schema with the data (an empty list: ready to fit)."""
    from syndata.validation import validate  # loads SDV: on first use, not at start

    dataset = space.get("datasets", dataset_id)
    return [{"message": p.message, "table": p.table, "fixes": [f.label for f in p.fixes]}
            for p in validate(dataset.schema, dataset.tables)]


@router.delete("/{dataset_id}", response_model=Deleted, summary="Delete a dataset")
def delete_dataset(space: Caller, store: Spaces,
                   dataset_id: str) -> dict[str, Any]:
    space.get("datasets", dataset_id)
    with space.lock:
        del space.datasets[dataset_id]
    return {"id": dataset_id, "workspace_closed": store.close_if_empty(space)}
