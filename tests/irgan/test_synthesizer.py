"""IRGANSynthesizer end to end: determinism, save/load, cancel, devices, and its output's
structure (keys, references, degrees, nulls, dtypes) on a small real fit."""

import re
import time

import numpy as np
import pandas as pd
import pytest
import torch

from irgan import IRGANConfig, IRGANSynthesizer
from irgan.errors import Cancelled


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
    model = IRGANSynthesizer(meta, IRGANConfig(epochs=2, batch_size=100, device="cpu", **fast))
    model.fit(tables, progress=seen.append)
    messages = {p.message for p in seen}
    assert "orders: epoch 2 of 2" in messages and "users: epoch 2 of 2" in messages
    fractions = [p.fraction for p in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert model.fit_seconds > 0 and model.epochs_used == 2


def test_cancel_stops_the_fit_quickly(database, fast):
    tables, meta = database
    model = IRGANSynthesizer(
        meta, IRGANConfig(epochs=1000, batch_size=100, device="cpu", **fast)
    )
    deadline = {}

    def cancel() -> bool:
        deadline.setdefault("t", time.perf_counter() + 0.5)
        return time.perf_counter() > deadline["t"]

    with pytest.raises(Cancelled):
        model.fit(tables, cancel=cancel)
    assert time.perf_counter() - deadline["t"] < 2.0


def test_single_table_without_keys(fast):
    df = pd.DataFrame({"x": range(60), "c": ["a", "b", "c"] * 20})
    meta = {
        "tables": {"t": {"columns": {"x": {"sdtype": "numerical"}, "c": {"sdtype": "categorical"}}}}
    }
    model = IRGANSynthesizer(meta, IRGANConfig(epochs=2, device="cpu", **fast))
    model.fit({"t": df})
    out = model.sample(scale=2)["t"]
    assert len(out) == 120 and out["x"].dtype == df["x"].dtype
    assert set(out["c"]) <= {"a", "b", "c"}


@pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA GPU on this machine")
def test_cuda_fit_and_sample(database, fast):
    tables, meta = database
    model = IRGANSynthesizer(meta, IRGANConfig(epochs=2, batch_size=100, device="cuda", **fast))
    model.fit(tables)
    assert model.device == "cuda"
    out = model.sample(seed=1)
    assert out["orders"]["buyer"].isin(out["users"]["user_id"]).all()


def test_every_table_and_column_comes_back_with_real_row_counts(database, synthetic):
    tables, _ = database
    assert set(synthetic) == set(tables)
    for name, real in tables.items():
        assert list(synthetic[name].columns) == list(real.columns)
    for root in ("regions", "users", "settings"):
        assert len(synthetic[root]) == len(tables[root])
    for child in ("profiles", "orders", "items", "notes"):
        assert len(synthetic[child]) == len(tables[child])


def test_primary_keys_are_unique_and_keep_the_real_format(synthetic):
    assert synthetic["users"]["user_id"].is_unique
    assert synthetic["users"]["user_id"].dtype.kind == "i"
    assert synthetic["orders"]["order_id"].min() >= 1000
    profile_ids = synthetic["profiles"]["profile_id"]
    assert profile_ids.is_unique
    assert profile_ids.str.fullmatch(r"P\d{4}").all()
    assert synthetic["regions"]["region"].str.fullmatch(r"R\d{2}").all()
    assert synthetic["settings"]["key"].is_unique


def test_every_foreign_key_points_at_a_generated_parent(database, synthetic):
    _, meta = database
    for rel in meta["relationships"]:
        child = synthetic[rel["child_table_name"]][rel["child_foreign_key"]].dropna()
        parent = synthetic[rel["parent_table_name"]][rel["parent_primary_key"]]
        assert child.isin(parent).all(), rel


def test_one_to_one_key_stays_one_to_one(synthetic):
    assert synthetic["profiles"]["user_id"].is_unique


def test_degrees_stay_within_real_bounds(database, synthetic):
    tables, _ = database
    real = tables["orders"].groupby("buyer").size()
    fake = synthetic["orders"].groupby("buyer").size()
    assert fake.max() <= real.max() * 1.5
    share_childless_real = 1 - tables["orders"]["buyer"].nunique() / len(tables["users"])
    share_childless_fake = 1 - synthetic["orders"]["buyer"].nunique() / len(synthetic["users"])
    assert abs(share_childless_real - share_childless_fake) < 0.1


def test_nullable_foreign_key_keeps_its_null_share(database, synthetic):
    tables, _ = database
    real = tables["orders"]["referrer"].isna().mean()
    fake = synthetic["orders"]["referrer"].isna().mean()
    assert abs(real - fake) < 0.03
    assert synthetic["orders"]["referrer"].dtype == tables["orders"]["referrer"].dtype


def test_decoded_dtypes_categories_and_formats(database, synthetic):
    tables, _ = database
    users = synthetic["users"]
    assert users["age"].dtype == np.int64
    assert users["age"].between(18, 79).all()
    assert set(users["plan"].dropna()) <= {"free", "pro"}
    assert users["plan"].isna().any()
    assert users["signup"].map(lambda v: bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", v))).all()
    assert synthetic["items"]["gift"].dtype == bool
    assert set(synthetic["orders"]["channel"]) <= {"web", "shop", "phone"}
    assert pd.api.types.is_float_dtype(synthetic["orders"]["amount"])


def test_table_without_primary_key_and_isolated_table(database, synthetic):
    tables, _ = database
    assert len(synthetic["notes"]) == len(tables["notes"])
    assert synthetic["notes"]["item_id"].isin(synthetic["items"]["item_id"]).all()
    assert set(synthetic["settings"].columns) == {"key", "value"}


def test_scale_multiplies_rows(fitted, database):
    tables, _ = database
    half = fitted.sample(scale=0.5, seed=3)
    assert len(half["users"]) == round(0.5 * len(tables["users"]))
    assert len(half["orders"]) == round(0.5 * len(tables["orders"]))
    assert half["orders"]["buyer"].isin(half["users"]["user_id"]).all()
