"""``/evaluations``: score a synthetic dataset against the real one; scores JSON (the same
as ``python -m syndata evaluate --json``) and the HTML report."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from syndata import tasks
from syndata.api import jobs
from syndata.api.auth import Caller, Runner, Spaces
from syndata.api.errors import NotFound
from syndata.api.resources import EvaluationEntry, new_id
from syndata.api.schemas import Deleted, EvaluateRequest, EvaluationView
from syndata.api.store import Space
from syndata.api.views import evaluation_view
from syndata.errors import EvaluationError
from syndata.metadata import Schema

router = APIRouter(prefix="/evaluations", tags=["evaluations"])


def _inputs(space: Space, entry: EvaluationEntry) -> tuple[dict, dict, Schema]:
    """Real tables, synthetic tables and the model's schema of an evaluation."""
    synthetic = space.get("synthetic", entry.synthetic_id)
    model = space.get("models", synthetic.model_id)
    dataset = space.get("datasets", entry.dataset_id)
    schema = Schema.from_dict(model.fitted.info.metadata)
    return {t: dataset.tables[t] for t in schema.tables}, synthetic.tables, schema


@router.post("", status_code=202, response_model=EvaluationView, summary="Start an evaluation")
def start_evaluation(space: Caller, runner: Runner, request: EvaluateRequest) -> dict[str, Any]:
    """Quality and diagnostic (SDMetrics), privacy checks and, with a target, ML utility."""
    synthetic = space.get("synthetic", request.synthetic_id)
    jobs.require_done(runner, space, synthetic, "synthetic dataset")
    model = space.get("models", synthetic.model_id)
    dataset_id = request.dataset_id or model.dataset_id
    if dataset_id is None:
        raise EvaluationError("This model was uploaded, so the real data it imitates is not "
                              "known: pass dataset_id.")
    dataset = space.get("datasets", dataset_id)
    schema = Schema.from_dict(model.fitted.info.metadata)
    lacking = [t for t in schema.tables if t not in dataset.tables]
    if lacking:
        raise EvaluationError(f"The dataset {dataset.id} lacks the model's table(s) "
                              f"{', '.join(lacking)}: pass the dataset the model imitates.")
    real = {t: dataset.tables[t] for t in schema.tables}
    job_id = jobs.submit(runner, space, tasks.evaluate_job,
                         {"real": real, "synthetic": synthetic.tables, "schema": schema,
                          "target": request.target, "model": model.model},
                         f"evaluate {synthetic.id}", "evaluate")
    entry = EvaluationEntry(new_id("ev"), synthetic.id, dataset.id, request.target, job_id)
    with space.lock:
        space.evaluations[entry.id] = entry
    return evaluation_view(runner, space, entry)


@router.get("", response_model=list[EvaluationView], summary="This token's evaluations")
def list_evaluations(space: Caller, runner: Runner) -> list[dict[str, Any]]:
    with space.lock:
        entries = list(space.evaluations.values())
    return [evaluation_view(runner, space, e) for e in entries]


@router.get("/{evaluation_id}", response_model=EvaluationView, summary="An evaluation's job "
            "and headline scores")
async def get_evaluation(space: Caller, runner: Runner, evaluation_id: str) -> dict[str, Any]:
    entry = space.get("evaluations", evaluation_id)
    await jobs.settle(runner, space, entry)
    return evaluation_view(runner, space, entry, collect=False)


@router.get("/{evaluation_id}/scores", summary="Every score, as `evaluate --json` writes them")
def get_scores(space: Caller, runner: Runner, evaluation_id: str) -> dict[str, Any]:
    entry = space.get("evaluations", evaluation_id)
    jobs.require_done(runner, space, entry, "evaluation")
    return entry.result.to_json()


@router.get("/{evaluation_id}/report", response_class=HTMLResponse,
            summary="The self-contained HTML report (opens offline)")
def get_report(space: Caller, runner: Runner, evaluation_id: str) -> HTMLResponse:
    from syndata.report import render_report

    entry = space.get("evaluations", evaluation_id)
    jobs.require_done(runner, space, entry, "evaluation")
    if entry.report_html is None:  # two requests at once may both render: same page
        try:
            real, synthetic, schema = _inputs(space, entry)
        except NotFound as gone:
            raise NotFound(f"{gone} The report needs the real and synthetic tables: they "
                           "were deleted.") from None
        entry.report_html = render_report(entry.result, real, synthetic, schema)
    return HTMLResponse(entry.report_html)


@router.delete("/{evaluation_id}", response_model=Deleted, summary="Delete an evaluation")
def delete_evaluation(space: Caller, runner: Runner, store: Spaces,
                      evaluation_id: str) -> dict[str, Any]:
    entry = space.get("evaluations", evaluation_id)
    jobs.cancel(runner, space, entry)
    with space.lock:
        space.evaluations.pop(evaluation_id, None)
    return {"id": evaluation_id, "workspace_closed": store.close_if_empty(space)}
