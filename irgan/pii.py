"""Fake values for PII and free-text columns, never learned from the real ones.

RDT's ``AnonymizedFaker`` picks the Faker function for each sdtype (email, phone_number,
...); unknown kinds fall back to random letters. Only the null share is kept from the data.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from rdt.transformers.pii import AnonymizedFaker
from rdt.transformers.pii.anonymization import get_anonymized_transformer


@dataclass
class FakeColumn:
    """One PII column: a fitted anonymiser and the real null share."""

    name: str
    faker: AnonymizedFaker
    null_share: float

    @classmethod
    def fit(cls, series: pd.Series, sdtype: str) -> FakeColumn:
        try:
            faker = get_anonymized_transformer(sdtype, {"missing_value_generation": None})
        except Exception:  # noqa: BLE001 - any unknown kind gets the generic fallback
            faker = AnonymizedFaker(missing_value_generation=None)
        faker.fit(series.to_frame(series.name), str(series.name))
        return cls(str(series.name), faker, float(series.isna().mean()))

    def generate(self, n: int, rng: np.random.Generator) -> pd.Series:
        self.faker.reset_randomization()
        self.faker.faker.seed_instance(int(rng.integers(2**31)))
        values = self.faker.reverse_transform(pd.DataFrame(index=range(n)))[self.name]
        values = pd.Series(values.to_numpy(dtype=object), name=self.name)
        if self.null_share > 0 and n:
            values[rng.uniform(size=n) < self.null_share] = None
        return values
