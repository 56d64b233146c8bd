"""Determinism, save/load, cancel, progress, cycles and devices."""

import time

import pandas as pd
import pytest
import torch

from irgan import IRGANSynthesizer
from syndata.errors import CancelledError, MetadataError, ModelError


def _assert_same(a: dict[str, pd.DataFrame], b: dict[str, pd.DataFrame]) -> None:
    assert a.keys() == b.keys()
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name])


def test_same_seed_same_output_on_cpu(fitted):
    _assert_same(fitted.sample(seed=11), fitted.sample(seed=11))
    other = fitted.sample(seed=12)
    assert not other["orders"]["amount"].equals(fitted.sample(seed=11)["orders"]["amount"])


def test_save_load_round_trip_samples_the_same(fitted, tmp_path):
    path = tmp_path / "model.irgan"
    fitted.save(path)
    loaded = IRGANSynthesizer.load(path)
    assert loaded.device in ("cpu", "cuda")
    _assert_same(fitted.sample(seed=5), loaded.sample(seed=5))


def test_fit_reports_progress_and_attributes(database, fast):
    tables, meta = database
    seen = []
    model = IRGANSynthesizer(meta, epochs=2, batch_size=100, device="cpu", **fast)
    model.fit(tables, progress=seen.append)
    messages = {p.message for p in seen}
    assert "orders: epoch 2 of 2" in messages and "users: epoch 2 of 2" in messages
    fractions = [p.fraction for p in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert model.fit_seconds > 0 and model.epochs_used == 2


def test_time_budget_is_reported_and_kept(database, fast):
    tables, meta = database
    messages = []
    model = IRGANSynthesizer(
        meta, epochs=500, batch_size=100, device="cpu", **fast, time_budget_s=6
    )
    model.fit(tables, progress=lambda p: messages.append(p.message))
    assert any("time budget" in m for m in messages)
    assert model.epochs_used < 500
    assert model.fit_seconds < 60


def test_cancel_stops_the_fit_quickly(database, fast):
    tables, meta = database
    model = IRGANSynthesizer(meta, epochs=1000, batch_size=100, device="cpu", **fast)
    deadline = {}

    def cancel() -> bool:
        deadline.setdefault("t", time.perf_counter() + 0.5)
        return time.perf_counter() > deadline["t"]

    with pytest.raises(CancelledError):
        model.fit(tables, cancel=cancel)
    assert time.perf_counter() - deadline["t"] < 2.0


def test_cycle_is_an_error_naming_its_tables():
    rel = [
        {
            "parent_table_name": "a",
            "parent_primary_key": "id",
            "child_table_name": "b",
            "child_foreign_key": "a_id",
        },
        {
            "parent_table_name": "b",
            "parent_primary_key": "id",
            "child_table_name": "c",
            "child_foreign_key": "b_id",
        },
        {
            "parent_table_name": "c",
            "parent_primary_key": "id",
            "child_table_name": "a",
            "child_foreign_key": "c_id",
        },
    ]
    cols = {
        "id": {"sdtype": "id"},
        "a_id": {"sdtype": "id"},
        "b_id": {"sdtype": "id"},
        "c_id": {"sdtype": "id"},
    }
    meta = {
        "tables": {t: {"primary_key": "id", "columns": cols} for t in "abc"},
        "relationships": rel,
    }
    with pytest.raises(MetadataError) as err:
        IRGANSynthesizer(meta)
    message = str(err.value)
    assert "cycle" in message
    assert all(name in message for name in ("a", "b", "c"))


def test_unknown_device_is_refused():
    meta = {"tables": {"t": {"columns": {"x": {"sdtype": "numerical"}}}}}
    with pytest.raises(ModelError):
        IRGANSynthesizer(meta, device="tpu")


def test_single_table_without_keys(fast):
    df = pd.DataFrame({"x": range(60), "c": ["a", "b", "c"] * 20})
    meta = {
        "tables": {"t": {"columns": {"x": {"sdtype": "numerical"}, "c": {"sdtype": "categorical"}}}}
    }
    model = IRGANSynthesizer(meta, epochs=2, device="cpu", **fast)
    model.fit({"t": df})
    out = model.sample(scale=2)["t"]
    assert len(out) == 120 and out["x"].dtype == df["x"].dtype
    assert set(out["c"]) <= {"a", "b", "c"}


@pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA GPU on this machine")
def test_cuda_fit_and_sample(database, fast):
    tables, meta = database
    model = IRGANSynthesizer(meta, epochs=2, batch_size=100, device="cuda", **fast)
    model.fit(tables)
    assert model.device == "cuda"
    out = model.sample(seed=1)
    assert out["orders"]["buyer"].isin(out["users"]["user_id"]).all()
