"""Personal data is regenerated with fake values of its kind, never learned or copied."""

import numpy as np
import pandas as pd

from irgan.pii import FakeColumn


def test_fake_column_draws_new_values_of_the_kind():
    real = pd.Series([f"person{i}@corp.example" for i in range(50)], name="email")
    fake = FakeColumn.fit(real, "email")
    out = fake.generate(50, np.random.default_rng(0))
    assert len(out) == 50 and fake.name == "email"
    assert not out.isin(real).any() and out.str.contains("@").all()


def test_pii_is_regenerated_not_copied(database, synthetic):
    tables, _ = database
    fake = synthetic["users"]["email"]
    assert fake.str.contains("@").all()
    assert not fake.isin(tables["users"]["email"]).any()

