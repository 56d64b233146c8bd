"""What a job looks like from outside: its public status and the worker's messages."""

from dataclasses import dataclass, field
from typing import Any, Literal

from syndata.progress import Progress

JobState = Literal["queued", "running", "done", "failed", "cancelled"]
FINISHED: frozenset[str] = frozenset({"done", "failed", "cancelled"})


@dataclass
class JobStatus:
    """A snapshot of one job, cheap to build on every page rerun.

    ``fraction`` and ``eta_s`` come from the worker's last ``Progress``; ``log`` holds the
    last lines (stage messages, warnings and log records of the worker); ``error`` is a
    one-line reason for a failed job, fit for the page (the traceback, where there is one,
    is in ``jobs/<id>.log`` of the workspace). ``pid`` is the worker's process id while
    it runs.
    """

    id: str
    label: str
    state: JobState
    progress: Progress | None
    fraction: float
    eta_s: float | None
    log: list[str]
    error: str | None
    started_at: float | None
    finished_at: float | None
    elapsed_s: float
    meta: dict[str, Any] = field(default_factory=dict)
    submitted_at: float = 0.0
    pid: int | None = None

    @property
    def finished(self) -> bool:
        return self.state in FINISHED


@dataclass(frozen=True)
class WorkerMessage:
    """One message from a worker to the runner over the job's pipe.

    ``kind`` is "progress" (``payload`` a Progress), "log" (a line), or the outcome:
    "done" (the result file is written), "failed" or "cancelled" (a one-line reason).
    """

    kind: Literal["progress", "log", "done", "failed", "cancelled"]
    payload: Any = None
