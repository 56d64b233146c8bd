"""The autoregressive generator: column plan, codes and their decoding, training, sampling."""

import numpy as np
import pandas as pd
import pytest
import torch

from irgan import Cancelled
from irgan.argn import ARGNConfig, AutoregressiveGenerator, plan_columns
from irgan.device import thread_limit
from irgan.encoding import DISCRETE, NUMERIC, Span, TableEncoder
from irgan.progress import stop_if


def _table(n: int = 1_200, seed: int = 0) -> pd.DataFrame:
    """``kind`` decides the level of ``value``; ``code`` has 120 values, most of them rare."""
    rng = np.random.default_rng(seed)
    kind = rng.choice(["a", "b", "c"], n, p=[0.6, 0.3, 0.1])
    level = pd.Series(kind).map({"a": 0.0, "b": 50.0, "c": 100.0}).to_numpy()
    return pd.DataFrame({
        "kind": kind,
        "value": level + rng.normal(size=n),
        "small": rng.integers(0, 4, n),
        "code": [f"C{int(k)}" for k in rng.zipf(1.3, n) % 120],
    })


COLUMNS = {"kind": {"sdtype": "categorical"}, "value": {"sdtype": "numerical"},
           "small": {"sdtype": "numerical"}, "code": {"sdtype": "categorical"}}


def _generator(df: pd.DataFrame, epochs: int = 15, **config):
    encoder = TableEncoder.fit(df, COLUMNS, max_categories=20)
    data = encoder.transform(df)
    columns = plan_columns(encoder.spans, data, encoder.pooled_sizes(), bins=16)
    gen = AutoregressiveGenerator(
        columns, data.shape[1], encoder.width, 0, ARGNConfig(batch_size=200, **config), "cpu"
    )
    torch.manual_seed(0)
    with thread_limit(1):
        gen.fit_epochs(data, None, epochs, np.random.default_rng(0), lambda e, loss: None,
                       lambda: None, full_codes=encoder.full_codes(df))
    gen.release_critic()
    return encoder, gen


def test_columns_are_planned_fewest_classes_first_with_pooled_categories_in_full():
    df = _table()
    encoder = TableEncoder.fit(df, COLUMNS, max_categories=20)
    columns = plan_columns(encoder.spans, encoder.transform(df), encoder.pooled_sizes(), bins=16)
    by_name = {c.span.column: c for c in columns}
    assert [c.classes for c in columns] == sorted(c.classes for c in columns)
    assert by_name["code"].full and by_name["code"].classes == df["code"].nunique()
    assert by_name["small"].classes == 4 and not by_name["small"].binned
    assert by_name["value"].binned and by_name["value"].classes <= 16


def test_codes_and_raw_values_round_trip():
    data = np.array([[-1.0, 1, 0], [0.5, 0, 1], [2.0, 1, 0], [0.5, 0, 1]], dtype=np.float32)
    spans = [Span("x", NUMERIC, 0, 1), Span("y", DISCRETE, 1, 2, np.array([0.5, 0.5]))]
    flag, exact = plan_columns(spans, data, {}, bins=8)
    assert flag.span.column == "y"
    codes = exact.codes(data, {})
    assert np.array_equal(exact.raw(codes, np.zeros(4))[:, 0], data[:, 0])
    assert np.array_equal(np.argmax(flag.raw(flag.codes(data, {}), np.zeros(4)), axis=1),
                          [0, 1, 0, 1])
    binned = plan_columns(spans[:1], np.linspace(0, 1, 100)[:, None], {}, bins=4)[0]
    code = binned.codes(np.linspace(0, 1, 100)[:, None], {})
    spot = binned.raw(code, np.full(100, 0.5))[:, 0]
    assert binned.binned and set(code) == {0, 1, 2, 3}
    assert np.all((spot >= binned.grid[code]) & (spot <= binned.grid[code + 1]))


def test_a_fitted_generator_keeps_dependence_and_real_shares():
    df = _table()
    encoder, gen = _generator(df)
    raw, codes = gen.sample_rows(3_000, None, seed=1)
    out = encoder.decode(raw[:, : encoder.width], np.random.default_rng(1), codes)
    assert set(codes) == {"code"}
    assert out["code"].isin(df["code"]).all()
    levels = out.groupby("kind")["value"].median()
    assert levels["a"] < levels["b"] < levels["c"]
    shares = out["kind"].value_counts(normalize=True)
    assert abs(shares["c"] - 0.1) < 0.03


def test_same_seed_same_rows():
    _, gen = _generator(_table(), epochs=2)
    first, second = gen.sample_rows(500, None, seed=4), gen.sample_rows(500, None, seed=4)
    assert np.array_equal(first[0], second[0])
    assert not np.array_equal(first[0], gen.sample_rows(500, None, seed=5)[0])


def test_training_stops_when_the_held_out_loss_stops_falling():
    _, gen = _generator(_table(3_000), epochs=200, learning_rate=0.05)
    assert 2 < gen.epochs_trained < 200


def test_a_cancel_between_steps_stops_training():
    df = _table()
    encoder = TableEncoder.fit(df, COLUMNS, max_categories=20)
    data = encoder.transform(df)
    columns = plan_columns(encoder.spans, data, encoder.pooled_sizes(), bins=16)
    gen = AutoregressiveGenerator(columns, data.shape[1], encoder.width, 0, ARGNConfig(), "cpu")
    with pytest.raises(Cancelled):
        gen.fit_epochs(data, None, 3, np.random.default_rng(0), lambda e, loss: None,
                       lambda: stop_if(lambda: True), full_codes=encoder.full_codes(df))


def _small_table(n: int, seed: int) -> pd.DataFrame:
    """Six related columns of 3 to 6 levels each: 200 rows fill only part of their grid."""
    rng = np.random.default_rng(seed)
    a = rng.integers(0, 4, n)
    b = (a + rng.integers(0, 3, n)) % 5
    return pd.DataFrame({
        "a": a, "b": b, "c": (b + rng.integers(0, 2, n)) % 6, "d": rng.integers(0, 3, n),
        "e": (a * rng.integers(0, 2, n)) % 4, "f": rng.integers(0, 5, n),
    })


def test_a_small_table_is_not_copied_more_than_fresh_rows_would_match_it():
    train = _small_table(200, seed=0)
    columns = {name: {"sdtype": "numerical"} for name in train}
    encoder = TableEncoder.fit(train, columns, max_categories=20)
    data = encoder.transform(train)
    plan = plan_columns(encoder.spans, data, encoder.pooled_sizes(), bins=64)
    gen = AutoregressiveGenerator(plan, data.shape[1], encoder.width, 0, ARGNConfig(), "cpu")
    torch.manual_seed(0)
    with thread_limit(1):
        gen.fit_epochs(data, None, 20, np.random.default_rng(0), lambda e, loss: None,
                       lambda: None)
    gen.release_critic()
    raw, codes = gen.sample_rows(2_000, None, seed=1)
    synthetic = encoder.decode(raw[:, : encoder.width], np.random.default_rng(1), codes)
    seen = set(train.itertuples(index=False, name=None))

    def copied(frame: pd.DataFrame) -> float:
        return float(np.mean([row in seen for row in frame.itertuples(index=False, name=None)]))

    fresh = copied(_small_table(2_000, seed=1))
    assert copied(synthetic.astype(train.dtypes.to_dict())) <= 1.25 * fresh
