"""Per-epoch progress, cancel and time budget for CTGAN, TVAE and PAR.

The ``ctgan`` package (and ``deepecho``, PAR's) runs its epoch loop as ``for i in
tqdm(range(epochs), ...)`` and offers no callback. Inside ``epoch_hook`` that module-level
``tqdm`` name is replaced by an iterator that reports each epoch, raises ``CancelledError``
when asked to stop, and ends the loop early when the time budget would be exceeded: the fit
then completes normally with fewer epochs. Fits run one per worker process, so swapping a
module global is safe there.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from syndata.errors import CancelledError
from syndata.progress import CancelCheck, Progress, ProgressCallback


@dataclass
class EpochReport:
    """Filled in while training: how many epochs ran."""

    epochs_run: int = 0


class _EpochIterator:
    """Stands in for tqdm over ``range(epochs)``; accepts and ignores tqdm's options."""

    def __init__(self, iterable: Iterable[int], hook: _Hook, **_: object):
        self._items = list(iterable)
        self._hook = hook

    def __iter__(self) -> Iterator[int]:
        return self._hook.run(self._items)

    def set_description(self, *_: object, **__: object) -> None:
        """tqdm API used by ctgan; the description goes to our progress instead."""


@dataclass
class _Hook:
    progress: ProgressCallback
    cancel: CancelCheck
    budget_s: float | None
    loss: Callable[[], float | None]
    report: EpochReport
    stage: str

    def run(self, items: list[int]) -> Iterator[int]:
        total = len(items)
        start = time.perf_counter()
        for done, item in enumerate(items):
            if self.cancel():
                raise CancelledError()
            elapsed = time.perf_counter() - start
            if self.budget_s and done >= 1 and elapsed / done * (done + 1) > self.budget_s:
                self.progress(Progress(self.stage, 1.0,
                                       f"time budget reached: {done} of {total} epochs"))
                return
            self.progress(Progress(self.stage, done / total, f"epoch {done + 1}/{total}",
                                   epoch=done + 1, epochs=total, loss=self.loss()))
            yield item
            self.report.epochs_run = done + 1


@contextmanager
def epoch_hook(
    progress: ProgressCallback,
    cancel: CancelCheck,
    budget_s: float | None,
    loss: Callable[[], float | None],
    stage: str,
) -> Iterator[EpochReport]:
    """Route ctgan's and deepecho's epoch loops through our progress, cancel and budget."""
    from ctgan.synthesizers import ctgan as ctgan_module
    from ctgan.synthesizers import tvae as tvae_module
    from deepecho.models import par as par_module

    report = EpochReport()
    hook = _Hook(progress, cancel, budget_s, loss, report, stage)
    saved = ctgan_module.tqdm, tvae_module.tqdm, par_module.tqdm

    def factory(iterable: Iterable[int], *args: object, **kwargs: object) -> _EpochIterator:
        return _EpochIterator(iterable, hook)

    ctgan_module.tqdm = tvae_module.tqdm = par_module.tqdm = factory
    try:
        yield report
    finally:
        ctgan_module.tqdm, tvae_module.tqdm, par_module.tqdm = saved
