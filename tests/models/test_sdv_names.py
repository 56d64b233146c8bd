"""Renaming columns SDV would mistake for its own: unique, separator-free, restorable."""

import pandas as pd

from syndata.models.sdv_names import ColumnNames


def test_renamed_columns_are_unique_and_free_of_the_separator():
    frame = pd.DataFrame(columns=["a__b", "a_b", "__", "a___b", 3])
    names = ColumnNames.plan({"t": frame})
    mapping = names.renamed["t"]
    assert mapping == {"a__b": "a_b_2", "__": "column", "a___b": "a_b_3"}
    renamed = names.to_sdv({"t": frame})["t"]
    assert renamed.columns.is_unique
    assert list(names.restore({"t": renamed})["t"].columns) == list(frame.columns)
    assert not ColumnNames.plan({"t": pd.DataFrame(columns=["a", "b_c"])})
