"""One progress report, and the line it shows everywhere (CLI bar, job log, page)."""

import dataclasses

import pytest

from syndata.progress import Progress, ignore_progress, never_cancel


@pytest.mark.parametrize("progress, text", [
    (Progress("fit", 0.3, "flights: epoch 3 of 20", epoch=3, epochs=20, loss=1.23456),
     "flights: epoch 3 of 20, loss 1.235"),
    (Progress("fit", 0.3, loss=-0.5), "loss -0.500"),
    (Progress("sample", 0.5, "users: 50 of 100 rows"), "users: 50 of 100 rows"),
    (Progress("fit", 0.0), ""),
    (Progress("fit", 1.0, "done", loss=0.0), "done, loss 0.000"),
])
def test_text_is_the_message_and_the_loss_when_there_is_one(progress, text):
    assert progress.text == text


def test_a_report_cannot_change_once_sent():
    progress = Progress("fit", 0.5, "epoch 1 of 2")
    with pytest.raises(dataclasses.FrozenInstanceError):
        progress.fraction = 0.9  # type: ignore[misc]
    assert (progress.epoch, progress.epochs, progress.loss) == (None, None, None)


def test_defaults_show_nothing_and_never_cancel():
    assert ignore_progress(Progress("fit", 0.1)) is None
    assert never_cancel() is False
