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
    ``loss`` are set by models that train in epochs. ``message`` says what is being done
    and where ("flights: epoch 3 of 20"); the loss stays a number of its own, so the CLI,
    the job log and the page all show it the same way, through ``text``.
    """

    stage: str
    fraction: float
    message: str = ""
    epoch: int | None = None
    epochs: int | None = None
    loss: float | None = None

    @property
    def text(self) -> str:
        """The line shown to people: the message, and the loss when there is one."""
        if self.loss is None:
            return self.message
        loss = f"loss {self.loss:.3f}"
        return f"{self.message}, {loss}" if self.message else loss


ProgressCallback = Callable[[Progress], None]
CancelCheck = Callable[[], bool]


def ignore_progress(_: Progress) -> None:
    """Default callback for callers that do not display progress."""


def never_cancel() -> bool:
    """Default cancel check for callers that cannot cancel."""
    return False
