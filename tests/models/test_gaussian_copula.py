"""GaussianCopula's family: lighter marginals for wide tables, memory by the copula's width."""

import numpy as np
import pandas as pd

from syndata.metadata import Schema
from syndata.models import gaussian_copula, get_family


def _wide(columns: int, rows: int = 1_000) -> dict[str, pd.DataFrame]:
    values = np.random.default_rng(0).normal(size=(rows, columns))
    return {"t": pd.DataFrame(values, columns=[f"x{i}" for i in range(columns)])}


def test_an_unchosen_beta_becomes_normal_only_where_its_fits_would_take_minutes():
    wide, narrow = _wide(1_000), _wide(10)
    resolved = {"default_distribution": "beta"}
    notes = gaussian_copula.lighter_marginals(Schema.detect(wide), wide, {}, resolved, 50_000)
    assert resolved == {"default_distribution": "norm"} and "normal marginal" in notes[0]
    kept = {"default_distribution": "beta"}
    assert gaussian_copula.lighter_marginals(Schema.detect(narrow), narrow, {}, kept, 50_000) == []
    chosen = {"default_distribution": "beta"}
    assert gaussian_copula.lighter_marginals(
        Schema.detect(wide), wide, chosen, dict(chosen), 50_000) == []


def test_memory_grows_with_the_square_of_the_width():
    family = get_family("gaussian_copula")
    small, large = _wide(10, 100), _wide(100, 100)
    grown = (family.estimate_memory(Schema.detect(large), large, {}) - family.fixed_memory)
    base = (family.estimate_memory(Schema.detect(small), small, {}) - family.fixed_memory)
    assert grown > 10 * base
