"""CTGAN's and TVAE's epoch loops routed through our progress, cancel and time budget: the
hook replaces the ``tqdm`` name their loops call, and puts it back afterwards."""

import time

import pytest
from ctgan.synthesizers import ctgan as ctgan_module
from ctgan.synthesizers import tvae as tvae_module

from syndata import synthesis
from syndata.errors import CancelledError
from syndata.metadata import Schema
from syndata.models.epochs import epoch_hook
from syndata.progress import never_cancel


def _loop(module, epochs: int, seconds: float = 0.0) -> list[int]:
    """The training loop as the ctgan package writes it: ``for i in tqdm(range(epochs))``."""
    ran = []
    bar = module.tqdm(range(epochs), disable=True)
    for i in bar:
        bar.set_description("Gen. (0.5) | Discrim. (0.1)")
        time.sleep(seconds)
        ran.append(i)
    return ran


@pytest.mark.parametrize("module", [ctgan_module, tvae_module])
def test_each_epoch_is_reported_with_its_loss(module):
    events = []
    with epoch_hook(events.append, never_cancel, None, lambda: 0.25, "fit") as report:
        assert _loop(module, 3) == [0, 1, 2]
    assert [(e.epoch, e.epochs, e.fraction, e.message) for e in events] == [
        (1, 3, 0.0, "epoch 1/3"), (2, 3, 1 / 3, "epoch 2/3"), (3, 3, 2 / 3, "epoch 3/3")]
    assert {e.loss for e in events} == {0.25} and {e.stage for e in events} == {"fit"}
    assert report.epochs_run == 3


def test_the_real_tqdm_is_back_after_the_hook_even_after_an_error():
    saved = ctgan_module.tqdm, tvae_module.tqdm
    with pytest.raises(CancelledError), epoch_hook(
            lambda _: None, lambda: True, None, lambda: None, "fit"):
        _loop(ctgan_module, 3)
    assert (ctgan_module.tqdm, tvae_module.tqdm) == saved


def test_cancel_stops_before_the_next_epoch():
    asked = []

    def cancel() -> bool:
        asked.append(1)
        return len(asked) > 2

    with pytest.raises(CancelledError), epoch_hook(
            lambda _: None, cancel, None, lambda: None, "fit") as report:
        _loop(tvae_module, 5)
    assert report.epochs_run == 2


def test_the_time_budget_ends_the_loop_at_the_last_epoch_that_fits():
    events = []
    with epoch_hook(events.append, never_cancel, 0.5, lambda: None, "fit") as report:
        ran = _loop(ctgan_module, 10, seconds=0.2)
    assert ran == [0, 1] and report.epochs_run == 2
    assert events[-1].message == "time budget reached: 2 of 10 epochs"
    assert events[-1].fraction == 1.0


def test_a_real_tvae_fit_reports_each_epoch(shop):
    events = []
    schema = Schema.detect(shop).subset(["users"])
    model = synthesis.fit("tvae", schema, shop, {"epochs": 2, "batch_size": 50},
                          progress=events.append)
    assert [e.epoch for e in events if e.epoch] == [1, 2]
    assert model.info.epochs_used == 2
