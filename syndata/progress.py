"""Progress reporting shared by models, jobs, the CLI and the pages.

A long step calls a ``ProgressCallback`` with a ``Progress`` now and then; whoever started
the step decides how to show it (a tqdm bar on stderr, a bar in the page, a job record).
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Progress:
    """One progress report.

    ``fraction`` is the share of the whole step done (0..1); ``epoch``/``epochs`` and
    ``loss`` are set by models that train in epochs.
    """

    stage: str
    fraction: float
    message: str = ""
    epoch: int | None = None
    epochs: int | None = None
    loss: float | None = None


ProgressCallback = Callable[[Progress], None]
CancelCheck = Callable[[], bool]


def ignore_progress(_: Progress) -> None:
    """Default callback for callers that do not display progress."""


def never_cancel() -> bool:
    """Default cancel check for callers that cannot cancel."""
    return False
