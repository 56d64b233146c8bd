"""The numeric matrix behind privacy distances and utility models: fitted on real rows only,
numbers scaled to the real range, frequent categories one-hot, missing values flagged."""

import numpy as np
import pandas as pd
import pytest

from syndata.evaluation.encoding import (
    MAX_CATEGORIES,
    MISSING_LABEL,
    TableEncoder,
    as_labels,
    as_numbers,
    key_columns,
    usable_columns,
)
from syndata.metadata import Column, Table


def _table() -> Table:
    return Table({"id": Column("id"), "code": Column("id"), "age": Column("numerical"),
                  "email": Column("email"), "kind": Column("categorical"),
                  "when": Column("datetime"), "note": Column("text")}, primary_key="id")


def test_keys_ids_pii_and_text_are_left_out_of_the_matrix():
    table = _table()
    frame = pd.DataFrame(columns=["id", "code", "age", "email", "kind", "note"])
    assert key_columns(table) == {"id", "code"}
    assert usable_columns(table, frame) == ["age", "kind"]


def test_numbers_and_datetimes_become_finite_floats():
    numbers = as_numbers(pd.Series(["1.5", "x", np.inf, None]), "numerical")
    assert numbers.iloc[0] == 1.5 and numbers.iloc[1:].isna().all()
    times = as_numbers(pd.Series(["1970-01-02", "1970-01-01T01:00:00+01:00"]), "datetime")
    assert times.tolist() == [86_400.0, 0.0]


def test_missing_is_a_label_of_its_own():
    assert as_labels(pd.Series(["a", None, 3])).tolist() == ["a", MISSING_LABEL, "3"]


def test_the_real_range_scales_both_sides_and_unseen_values_share_one_slot():
    real = pd.DataFrame({"age": [20.0, 40.0, None], "kind": ["a", "b", "a"]})
    sdtypes = {"age": "numerical", "kind": "categorical"}
    encoder = TableEncoder.fit(real, ["age", "kind"], sdtypes)
    assert encoder.feature_groups() == {"age": [0, 1], "kind": [2, 3, 4]}
    synthetic = pd.DataFrame({"age": [60.0, None], "kind": ["new", "b"]})
    slot = 1 / np.sqrt(2)
    assert np.allclose(encoder.transform(synthetic), [
        [2.0, 0.0, 0.0, 0.0, slot],  # twice the real span above its low; unseen -> other
        [0.5, 1.0, 0.0, slot, 0.0],  # missing -> the real median, flagged
    ])


def test_one_category_apart_is_as_far_as_the_ends_of_the_range():
    real = pd.DataFrame({"x": [0.0, 1.0], "kind": ["a", "b"]})
    encoder = TableEncoder.fit(real, ["x", "kind"], {"x": "numerical", "kind": "categorical"})
    rows = encoder.transform(pd.DataFrame({"x": [0.0, 1.0, 0.0], "kind": ["a", "a", "b"]}))
    assert np.linalg.norm(rows[0] - rows[1]) == pytest.approx(1.0)
    assert np.linalg.norm(rows[0] - rows[2]) == pytest.approx(1.0)


def test_rare_categories_beyond_the_cap_share_the_other_slot():
    values = [f"c{i:02d}" for i in range(MAX_CATEGORIES + 5) for _ in range(MAX_CATEGORIES + 5 - i)]
    encoder = TableEncoder.fit(pd.DataFrame({"c": values}), ["c"], {"c": "categorical"})
    assert encoder.categories["c"] == [f"c{i:02d}" for i in range(MAX_CATEGORIES)]
    rare = encoder.transform(pd.DataFrame({"c": [f"c{MAX_CATEGORIES + 2}"]}))
    assert rare.shape == (1, MAX_CATEGORIES + 1) and rare[0, -1] > 0


def test_no_usable_column_gives_an_empty_matrix_of_the_right_height():
    encoder = TableEncoder.fit(pd.DataFrame({"a": [1]}), [], {})
    assert encoder.transform(pd.DataFrame({"a": [1, 2, 3]})).shape == (3, 0)
