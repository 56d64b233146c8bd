"""Progress reports and cooperative cancel, IRGAN's own so that it needs no host application.

A long step calls a ``ProgressCallback`` with a ``Progress`` now and then and asks a
``CancelCheck`` between training steps; the caller decides how to show the reports and when
to stop. Both default to doing nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from irgan.errors import Cancelled

FIT, SAMPLE = "fit irgan", "sample irgan"
"""The two stages; each message also names the table and the step ("flights: epoch 3 of 20")."""


@dataclass(frozen=True)
class Progress:
    """One report: ``fraction`` of the stage done (0..1) and what is being done.

    ``table`` is set while one table is being worked on; ``epoch``, ``epochs`` and ``loss``
    while its GAN trains.
    """

    stage: str
    fraction: float
    message: str = ""
    table: str | None = None
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


def stop_if(cancel: CancelCheck) -> None:
    """Raise ``Cancelled`` when the caller asked to stop."""
    if cancel():
        raise Cancelled()
