"""TimeBudget: epochs per table under a fit's time budget."""

import time

from irgan import IRGANConfig, IRGANSynthesizer
from irgan.budget import TimeBudget


def _runs(budget: TimeBudget, steps: int, ceiling: int, seconds_per_epoch: float = 0.0):
    runs, chosen = [], []

    def fit_epochs(count: int) -> None:
        runs.append(count)
        time.sleep(seconds_per_epoch * count)

    epochs = budget.train(fit_epochs, steps, ceiling, lambda per, n: chosen.append(n))
    return epochs, runs, chosen


def test_without_a_budget_every_epoch_runs_in_one_call():
    assert _runs(TimeBudget(None, time.perf_counter(), 10), 5, 20) == (20, [20], [])


def test_a_budget_times_one_epoch_then_runs_what_the_share_allows():
    budget = TimeBudget(1.0, time.perf_counter(), 10)
    epochs, runs, chosen = _runs(budget, 5, 1000, seconds_per_epoch=0.02)
    # half the steps get half of 90% of a second at about 0.02 s an epoch: ~22 epochs
    assert 5 <= epochs <= 23 and runs == [1, epochs - 1] and chosen == [epochs]
    assert budget.steps_left == 5


def test_a_spent_budget_still_trains_one_epoch_and_a_big_one_keeps_the_ceiling():
    spent = TimeBudget(0.001, time.perf_counter() - 10, 4)
    assert _runs(spent, 4, 50)[:2] == (1, [1, 0])
    ample = TimeBudget(1000.0, time.perf_counter(), 4)
    assert _runs(ample, 4, 3)[:2] == (3, [1, 2])


def test_time_budget_is_reported_and_kept(database, fast):
    tables, meta = database
    messages = []
    model = IRGANSynthesizer(
        meta, IRGANConfig(epochs=500, batch_size=100, device="cpu", **fast, time_budget_s=6)
    )
    model.fit(tables, progress=lambda p: messages.append(p.message))
    assert any("time budget" in m for m in messages)
    assert model.epochs_used < 500
    assert model.fit_seconds < 60

