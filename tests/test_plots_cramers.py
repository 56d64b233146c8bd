"""Cramér's V of the heatmap, whose chi2 is computed in numpy: it must be scipy's."""

import math

import numpy as np
from scipy.stats import chi2_contingency
from scipy.stats.contingency import crosstab

from syndata.plots import _cramers_v


def _scipy_v(a: np.ndarray, b: np.ndarray) -> float:
    both = (a >= 0) & (b >= 0)
    _, table = crosstab(a[both], b[both])
    chi2 = chi2_contingency(table, correction=False)[0]
    return math.sqrt(chi2 / (table.sum() * (min(table.shape) - 1)))


def test_cramers_v_matches_scipy_on_related_unrelated_and_missing_codes():
    rng = np.random.default_rng(0)
    a = rng.integers(0, 7, 3000)
    cases = [(a, rng.integers(0, 4, 3000)),                       # unrelated
             (a, (a + rng.integers(0, 2, 3000)) % 5),              # related
             (np.where(rng.random(3000) < 0.2, -1, a), a % 3),     # missing codes
             (a, a)]                                               # identical
    for first, second in cases:
        assert math.isclose(_cramers_v(first, second), _scipy_v(first, second),
                            rel_tol=1e-12, abs_tol=1e-12)


def test_one_level_has_no_association():
    assert _cramers_v(np.zeros(50, dtype=int), np.arange(50) % 3) == 0.0
