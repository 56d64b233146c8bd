"""Statistics behind the views: Cramér's V (its chi2 computed in numpy must be scipy's),
association matrices, children per parent and summary statistics."""

import math

import numpy as np
import pandas as pd
from scipy.stats import chi2_contingency
from scipy.stats.contingency import crosstab

from syndata.evaluation.statistics import (
    association_matrix,
    children_per_parent,
    cramers_v,
    summary_statistics,
)
from syndata.metadata import Relationship
from tests.frames import TABLE, related_frames
from tests.specs import table_schema


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
        assert math.isclose(cramers_v(first, second), _scipy_v(first, second),
                            rel_tol=1e-12, abs_tol=1e-12)


def test_one_level_has_no_association():
    assert cramers_v(np.zeros(50, dtype=int), np.arange(50) % 3) == 0.0


def test_association_sees_the_real_relation_and_its_loss():
    real, synthetic = related_frames()
    matrix = association_matrix(real, TABLE)
    assert "id" not in matrix.columns
    assert matrix.loc["age", "income"] > 0.95
    assert association_matrix(synthetic, TABLE).loc["age", "income"] < 0.3
    assert 0 <= matrix.loc["city", "member"] <= 1


def test_children_per_parent_counts_parents_without_children_as_zero():
    parents = pd.DataFrame({"pid": [1, 2, 3]})
    relationship = Relationship(parent="p", parent_key="pid", child="c", child_key="fk")
    children = pd.DataFrame({"fk": [1, 1, 2]})
    assert list(children_per_parent(parents, children, relationship)) == [2, 1, 0]


def test_summary_statistics_values():
    mixed = table_schema({"x": "numerical", "c": "categorical"})
    real = pd.DataFrame({"x": [1.0, 2.0, 3.0, None], "c": ["a", "a", "b", "a"]})
    synthetic = pd.DataFrame({"x": [10.0, 20.0, 30.0, 40.0], "c": ["b", "b", "b", "a"]})
    table = summary_statistics(real, synthetic, mixed).set_index(["column", "statistic"])
    assert table.loc[("x", "mean"), "real"] == "2"
    assert table.loc[("x", "mean"), "synthetic"] == "25"
    assert table.loc[("x", "nulls"), "real"] == "25.0%"
    assert table.loc[("x", "max"), "synthetic"] == "40"
    assert table.loc[("c", "top"), "real"] == "a (75%)"
    assert table.loc[("c", "top"), "synthetic"] == "b (75%)"
