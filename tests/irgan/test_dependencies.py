"""Functional dependencies: a column that is a function of another is rebuilt exactly."""

import numpy as np
import pandas as pd
import pytest

from irgan import IRGANConfig, IRGANSynthesizer
from irgan.dependencies import find_functions


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


def _rules(df: pd.DataFrame, columns: dict) -> dict[str, str]:
    return {r.target: r.source for r in find_functions("t", df, columns)}


def test_functions_of_numbers_and_of_categories_are_found():
    df = _schedule()
    df["model"] = np.random.default_rng(5).choice(["A320", "A321", "B737", "E190"], len(df))
    df["maker"] = df["model"].map({"A320": "Airbus", "A321": "Airbus", "B737": "Boeing",
                                   "E190": "Embraer"})
    found = _rules(df, COLUMNS | {"model": {"sdtype": "categorical"},
                                  "maker": {"sdtype": "categorical"}})
    assert found["hour"] == "sched" and found["minute"] == "sched"
    assert found["maker"] == "model" and "model" not in found


def test_a_function_rebuilds_its_target_and_keeps_it_where_the_source_is_null():
    df = _schedule()
    df.loc[::7, "sched"] = np.nan
    (rule,) = [r for r in find_functions("t", df, COLUMNS) if r.target == "hour"]
    generated = df.sample(300, random_state=1).reset_index(drop=True)
    generated["hour"] = np.random.default_rng(2).integers(0, 24, len(generated))
    out = rule.apply(generated, np.random.default_rng(0))
    known = generated["sched"].notna()
    assert (out["hour"][known] == generated["sched"][known] // 100).all()
    assert (out["hour"][~known] == generated["hour"][~known]).all()
    assert rule.holds({"t": out}) == (int(known.sum()), int(known.sum()))


def test_a_rarely_repeated_source_is_never_a_function():
    df = _schedule(200)
    df["sched"] = np.arange(len(df)) * 7
    assert "hour" not in _rules(df, COLUMNS)


def test_a_table_of_ids_only_has_no_functions():
    frame = pd.DataFrame({"id": range(30), "account": [str(10**22 + i) for i in range(30)]})

    assert find_functions("t", frame, {}) == []
