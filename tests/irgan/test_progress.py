"""Progress events: every message says which table and which step, fitting and sampling;
the defaults do nothing and a cancel check that says stop raises ``Cancelled``."""

import math

import pytest

from irgan import Cancelled, IRGANConfig, IRGANSynthesizer
from irgan.progress import FIT, SAMPLE, Progress, ignore_progress, never_cancel, stop_if


def test_fit_messages_name_the_table_and_the_epoch(database, fast):
    tables, meta = database
    seen = []
    model = IRGANSynthesizer(meta, IRGANConfig(epochs=2, batch_size=100, device="cpu", **fast))
    model.fit(tables, progress=seen.append)

    messages = [p.message for p in seen]
    assert all(messages), "a progress report without a message"
    epochs = {p.message: p for p in seen if p.epoch is not None}
    for name in tables:  # every table of this database has columns the GAN learns
        for epoch in (1, 2):
            report = epochs[f"{name}: epoch {epoch} of 2"]
            assert report.loss is not None
            assert math.isfinite(report.loss)  # syndata shows it after the message
        assert f"{name}: encoding columns" in messages
    assert any(m.startswith("orders: degree model (") for m in messages)
    assert any(m.startswith("orders: key model (") for m in messages)
    assert {p.stage for p in seen} == {"fit irgan"}
    assert messages[-1] == "IRGAN fitted" and seen[-1].fraction == 1.0


def test_sample_messages_name_the_table_and_the_step(fitted):
    seen = []
    fitted.sample(scale=0.5, seed=3, progress=seen.append)

    messages = [p.message for p in seen]
    for name in fitted.schema.order:
        assert f"{name}: generating rows" in messages
    assert any(m.startswith("orders: matching keys (") for m in messages)
    fractions = [p.fraction for p in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert messages[-1] == "IRGAN sampled"


def test_events_carry_their_table_and_epoch(fitted, database, fast):
    tables, meta = database
    seen = []
    model = IRGANSynthesizer(meta, IRGANConfig(epochs=1, batch_size=100, device="cpu", **fast))
    model.fit(tables, progress=seen.append)
    training = [p for p in seen if p.epoch is not None]
    assert {p.table for p in training} == set(tables)
    assert all(p.message.startswith(f"{p.table}: epoch 1 of 1") for p in training)
    assert all(p.stage == FIT and p.epochs == 1 for p in training)
    sampled = []
    fitted.sample(scale=0.2, seed=1, progress=sampled.append)
    assert all(p.stage == SAMPLE for p in sampled)
    assert {p.table for p in sampled if p.table} == set(tables)


def test_defaults_do_nothing_and_stop_if_raises_only_when_asked():
    assert ignore_progress(Progress(FIT, 0.5)) is None and never_cancel() is False
    stop_if(lambda: False)
    with pytest.raises(Cancelled, match="Cancelled by the user"):
        stop_if(lambda: True)
