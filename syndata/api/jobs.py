"""Resources' jobs on the shared runner: submit, show, collect, cancel.

A finished job's result is moved from the workspace into the resource the first time
anyone looks (a request or the server's sweep), exactly once, as the app's job panel does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.concurrency import run_in_threadpool

from syndata.api.errors import Conflict
from syndata.api.resources import EvaluationEntry, ModelEntry, SyntheticEntry
from syndata.api.store import Space
from syndata.jobs import JobRunner, JobStatus

Entry = ModelEntry | SyntheticEntry | EvaluationEntry


def submit(runner: JobRunner, space: Space, target: Callable[..., Any],
           kwargs: dict[str, Any], label: str, kind: str) -> str:
    return runner.submit(target, kwargs, space.workspace, label, {"kind": kind})


def _collected(entry: Entry) -> bool:
    if isinstance(entry, ModelEntry):
        return entry.fitted is not None
    if isinstance(entry, SyntheticEntry):
        return entry.tables is not None
    return entry.result is not None


def _store(entry: Entry, result: Any) -> None:
    if isinstance(entry, ModelEntry):
        entry.fitted = result
    elif isinstance(entry, SyntheticEntry):
        entry.tables = result
    else:
        entry.result = result


def status(runner: JobRunner, space: Space, entry: Entry,
           collect: bool = True) -> JobStatus | None:
    """The entry's job now, its result collected when it just finished unless ``collect``
    is False (None: no job, as for an uploaded model)."""
    if entry.job_id is None:
        return None
    current = runner.status(entry.job_id, space.workspace)
    if collect and current.state == "done" and not _collected(entry):
        with space.lock:
            if not _collected(entry):
                _store(entry, runner.result(entry.job_id, space.workspace))
    return current


async def settle(runner: JobRunner, space: Space, entry: Entry) -> None:
    """For the async status endpoints: collect a just-finished job's result in a worker
    thread (unpickling a model takes a while), never on the event loop. A status poll
    itself runs on the loop, without the hop to a thread: on a loaded machine each hop is
    another wait for a CPU."""
    if entry.job_id is None or _collected(entry):
        return
    if runner.status(entry.job_id, space.workspace).state == "done":
        await run_in_threadpool(status, runner, space, entry)


def collect_all(runner: JobRunner, space: Space) -> None:
    """Collect every finished job of the space, so no result waits on disk for a poll."""
    with space.lock:
        entries = [*space.models.values(), *space.synthetic.values(),
                   *space.evaluations.values()]
    for entry in entries:
        if entry.job_id is not None and not _collected(entry):
            status(runner, space, entry)


def cancel(runner: JobRunner, space: Space, entry: Entry) -> JobStatus | None:
    """Stop the entry's job; returns once its worker is gone (the runner's promise)."""
    if entry.job_id is None:
        return None
    runner.cancel(entry.job_id, space.workspace)
    return status(runner, space, entry)


def require_done(runner: JobRunner, space: Space, entry: Entry, what: str) -> None:
    """Conflict unless the entry's result is in (the job finished and was collected)."""
    current = status(runner, space, entry)
    if _collected(entry):
        return
    state = current.state if current else "without a job"
    reason = f": {current.error}" if current is not None and current.error else "."
    raise Conflict(f"The {what} {entry.id} is {state}{reason}" +
                   (" Wait until it is done." if state in ("queued", "running") else ""))


def job_view(current: JobStatus | None) -> dict[str, Any]:
    """The job's public state: progress, epoch, loss, ETA and the last log lines."""
    if current is None:
        return {"state": "done", "fraction": 1.0, "stage": None, "message": None,
                "epoch": None, "epochs": None, "loss": None, "eta_s": 0.0,
                "elapsed_s": 0.0, "log": [], "error": None}
    progress = current.progress
    return {
        "state": current.state,
        "fraction": current.fraction,
        "stage": progress.stage if progress else None,
        "message": progress.text if progress else None,
        "epoch": progress.epoch if progress else None,
        "epochs": progress.epochs if progress else None,
        "loss": progress.loss if progress else None,
        "eta_s": current.eta_s,
        "elapsed_s": current.elapsed_s,
        "log": current.log,
        "error": current.error,
    }
