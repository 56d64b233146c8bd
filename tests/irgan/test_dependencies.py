"""Columns that are a function of a numeric column are rebuilt exactly, never approximated."""

import numpy as np
import pandas as pd
import pytest

from irgan import IRGANConfig, IRGANSynthesizer
from irgan.dependencies import find_dependents
from irgan.encoding import TableEncoder


def _schedule(n: int = 2_000, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    sched = rng.choice(np.arange(500, 2400, 30), n)
    return pd.DataFrame(
        {
            "sched": sched,
            "hour": sched // 100,
            "minute": sched % 100,
            "delay": rng.normal(0, 10, n).round(1),
            "gate": rng.choice(["A", "B", "C"], n),
        }
    )


COLUMNS = {
    "sched": {"sdtype": "numerical"},
    "hour": {"sdtype": "numerical"},
    "minute": {"sdtype": "numerical"},
    "delay": {"sdtype": "numerical"},
    "gate": {"sdtype": "categorical"},
}


def test_hour_and_minute_are_found_as_functions_of_the_schedule():
    assert find_dependents(_schedule(), COLUMNS) == {"hour": "sched", "minute": "sched"}


def test_a_near_unique_source_is_never_used():
    df = _schedule()
    df["sched"] = np.arange(len(df))
    assert find_dependents(df, COLUMNS) == {}


def test_a_source_with_nulls_is_never_used():
    df = _schedule()
    df.loc[::7, "sched"] = np.nan
    assert "hour" not in find_dependents(df, COLUMNS)


def test_dependent_columns_leave_the_gan_and_decode_by_lookup():
    df = _schedule()
    enc = TableEncoder.fit(df, COLUMNS)
    assert {s.column for s in enc.spans} == {"sched", "delay", "gate"}
    raw = np.random.default_rng(1).normal(size=(500, enc.width)).astype(np.float32)
    out = enc.decode(raw, np.random.default_rng(2))
    assert set(out.columns) == set(COLUMNS)
    assert (out["hour"] == out["sched"] // 100).all()
    assert (out["minute"] == out["sched"] % 100).all()
    assert out["hour"].dtype == df["hour"].dtype


@pytest.mark.parametrize("precision", ["float32", "bfloat16"])
def test_a_fitted_table_keeps_the_rule_on_every_row(precision):
    df = _schedule(600)
    meta = {"tables": {"flights": {"columns": COLUMNS}}, "relationships": []}
    model = IRGANSynthesizer(
        meta, IRGANConfig(epochs=2, hidden_size=32, device="cpu", precision=precision, seed=3)
    )
    model.fit({"flights": df})
    out = model.sample(seed=4)["flights"]
    assert len(out) == len(df)
    assert (out["hour"] == out["sched"] // 100).all()
    assert (out["minute"] == out["sched"] % 100).all()
