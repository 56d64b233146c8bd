"""TimeBudget: how many epochs each table's GAN may train so that the whole fit fits a budget.

Without a budget every GAN trains the configured epochs. With one, each GAN trains one
epoch, which measures its time per epoch, and then as many more as its share of the time
left allows: the share is its steps per epoch over the steps of the GANs not trained yet,
and 10% of the budget is kept for the work after training (sampling checks, saving).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

_RESERVE = 0.9
"""The part of the budget the GANs may spend."""


@dataclass
class TimeBudget:
    """The budget of one fit (``seconds``; ``None``: none) and the steps still to train."""

    seconds: float | None
    started: float
    steps_left: int

    def train(
        self,
        fit_epochs: Callable[[int], None],
        steps: int,
        ceiling: int,
        chosen: Callable[[float, int], None],
    ) -> int:
        """Run ``fit_epochs`` for ``ceiling`` epochs or for what the budget allows; return that.

        ``chosen(seconds_per_epoch, epochs)`` hears the budget's choice after the first epoch.
        """
        if self.seconds is None:
            fit_epochs(ceiling)
            return ceiling
        share = steps / self.steps_left
        self.steps_left -= steps
        t0 = time.perf_counter()
        fit_epochs(1)
        per_epoch = time.perf_counter() - t0
        left = self.seconds * _RESERVE - (time.perf_counter() - self.started)
        epochs = int(np.clip(max(left, 0.0) * share // max(per_epoch, 1e-6), 1, ceiling))
        chosen(per_epoch, epochs)
        fit_epochs(epochs - 1)
        return epochs
