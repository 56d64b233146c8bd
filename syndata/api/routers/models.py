"""``/models``: fit jobs (status, cancel), the model catalog, signed model files."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, UploadFile
from fastapi.responses import Response

from syndata import synthesis, tasks
from syndata.api import jobs
from syndata.api.auth import Caller, Config, Runner, Spaces
from syndata.api.errors import TooLarge
from syndata.api.resources import ModelEntry, new_id
from syndata.api.schemas import Deleted, FitRequest, ModelView
from syndata.api.views import model_view, plain
from syndata.errors import LimitError
from syndata.export import load_model, model_bytes
from syndata.models import all_families, get_family
from syndata.settings import Settings

router = APIRouter(prefix="/models", tags=["models"])


@router.get("/catalog", summary="The models and their settings")
def catalog() -> list[dict[str, Any]]:
    return [{"name": f.name, "label": f.label, "description": f.spec.description,
             "single_table": f.spec.single_table, "multi_table": f.spec.multi_table,
             "settings": [plain({"name": p.name, "label": p.label, "kind": p.kind,
                                 "default": p.default, "minimum": p.minimum,
                                 "maximum": p.maximum, "choices": list(p.choices),
                                 "help": p.help}) for p in f.spec.params]}
            for f in all_families()]


def capped_settings(model: str, given: dict[str, Any], config: Settings) -> dict[str, Any]:
    """``given`` within the server's epoch cap: a default above it is lowered to it, as
    the Fit page's field is; a value asked above it is refused."""
    cap = config.max_epochs
    family = get_family(model)
    epochs = next((p for p in family.spec.params if p.name == "epochs"), None)
    if cap is None or epochs is None:
        return dict(given)
    asked = given.get("epochs")
    if asked is None:
        return {**given, "epochs": min(int(epochs.default), cap)}
    if epochs.coerce(asked) > cap:
        raise LimitError(f"{asked} epochs is above this server's limit of {cap}: ask for at "
                         f"most {cap}.")
    return dict(given)


@router.post("", status_code=202, response_model=ModelView, summary="Start a fit job")
def start_fit(space: Caller, runner: Runner, config: Config,
              request: FitRequest) -> dict[str, Any]:
    """Checked before it is queued as the Fit page checks (model scope, schema against
    the data, memory): what would fail later is a 4xx now."""
    dataset = space.get("datasets", request.dataset_id)
    names = request.tables or list(dataset.schema.tables)
    subset = dataset.schema.subset(names)
    data = {t: dataset.tables[t] for t in names}
    params = capped_settings(request.model, request.settings, config)
    checked = synthesis.prepare_fit(request.model, subset, data, params)
    label = f"{get_family(request.model).label} on {', '.join(names)}"
    job_id = jobs.submit(runner, space, tasks.fit_job, {"model": request.model,
                         "schema": subset, "tables": data, "params": checked}, label, "fit")
    entry = ModelEntry(new_id("md"), request.model, dataset.id, names, checked, job_id)
    with space.lock:
        space.models[entry.id] = entry
    return model_view(runner, space, entry)


@router.get("", response_model=list[ModelView], summary="This token's models")
def list_models(space: Caller, runner: Runner) -> list[dict[str, Any]]:
    with space.lock:
        entries = list(space.models.values())
    return [model_view(runner, space, e) for e in entries]


@router.get("/{model_id}", response_model=ModelView,
            summary="A model: its fit's progress, epoch, loss, ETA and log lines")
async def get_model(space: Caller, runner: Runner, model_id: str) -> dict[str, Any]:
    entry = space.get("models", model_id)
    await jobs.settle(runner, space, entry)
    return model_view(runner, space, entry, collect=False)


@router.post("/{model_id}/cancel", response_model=ModelView, summary="Cancel the fit")
def cancel_fit(space: Caller, runner: Runner, model_id: str) -> dict[str, Any]:
    """Returns once the worker process is gone (within 3 s)."""
    entry = space.get("models", model_id)
    jobs.cancel(runner, space, entry)
    return model_view(runner, space, entry)


@router.delete("/{model_id}", response_model=Deleted, summary="Delete a model (its fit "
               "cancelled)")
def delete_model(space: Caller, runner: Runner, store: Spaces, model_id: str) -> dict[str, Any]:
    entry = space.get("models", model_id)
    jobs.cancel(runner, space, entry)
    with space.lock:
        space.models.pop(model_id, None)
    return {"id": model_id, "workspace_closed": store.close_if_empty(space)}


@router.get("/{model_id}/file", summary="Download the signed model file",
            response_class=Response,
            responses={200: {"content": {"application/octet-stream": {}}}})
def download_model(space: Caller, runner: Runner, model_id: str) -> Response:
    entry = space.get("models", model_id)
    jobs.require_done(runner, space, entry, "model")
    return Response(model_bytes(entry.fitted), media_type="application/octet-stream",
                    headers={"Content-Disposition":
                             f'attachment; filename="{entry.id}.syndata"'})


@router.post("/upload", status_code=201, response_model=ModelView,
             summary="Upload a model file signed by this server")
def upload_model(space: Caller, runner: Runner, config: Config,
                 file: Annotated[UploadFile, File(description="A .syndata file downloaded "
                                                  "from this server")]) -> dict[str, Any]:
    """Nothing is unpickled unless the signature is this installation's."""
    limit = config.max_upload_mb * 2**20
    blob = file.file.read(limit + 1)
    if len(blob) > limit:
        raise TooLarge(f"The model file is larger than this server takes "
                       f"({config.max_upload_mb} MB).")
    fitted = load_model(blob)
    entry = ModelEntry(new_id("md"), fitted.info.model, None, list(fitted.info.tables),
                       dict(fitted.info.params), None, fitted)
    with space.lock:
        space.models[entry.id] = entry
    return model_view(runner, space, entry)
