"""One small table of every common sdtype, shared by the plot and the statistics tests."""

import numpy as np
import pandas as pd

from tests.specs import table_schema, table_spec

_SDTYPES = {
    "id": "id",
    "age": "numerical",
    "income": "numerical",
    "city": "categorical",
    "member": "boolean",
    "joined": {"sdtype": "datetime", "datetime_format": "%Y-%m-%d"},
}
META = table_spec(_SDTYPES, primary_key="id")
TABLE = table_schema(_SDTYPES, primary_key="id")


def related_frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    """300 real rows where income follows age, and a synthetic copy with every column
    shuffled on its own (same marginals, no relation left)."""
    rng = np.random.default_rng(0)
    n = 300
    age = rng.integers(18, 80, n)
    real = pd.DataFrame(
        {
            "id": range(n),
            "age": age,
            "income": age * 1000 + rng.normal(0, 500, n),
            "city": rng.choice([f"c{i}" for i in range(20)], n),
            "member": rng.choice([True, False], n),
            "joined": pd.date_range("2020-01-01", periods=n).strftime("%Y-%m-%d"),
        }
    )
    synthetic = real.apply(lambda c: c.to_numpy()[rng.permutation(n)])
    return real, synthetic
