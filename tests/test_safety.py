"""Formula neutralisation for spreadsheet-safe exports."""

from __future__ import annotations

import numpy as np
import pandas as pd

from syndata.safety import needs_neutralising, neutralise_formulas, neutralise_tables


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "text": ["=SUM(A1:A9)", "+cmd|' /C calc'!A0", "-2+3", "@SUM(1)", "\t=1", "\r=1",
                     "plain", None],
            "numbers": [-1.0, 2.0, -3.5, 4.0, 5.0, 6.0, np.nan, 8.0],
            "as_text": ["-3", "+1.5", "1e5", "-.5", "a-b", "x=y", "", "ok"],
        }
    )


def test_formula_cells_get_an_apostrophe():
    safe = neutralise_formulas(_frame())
    assert list(safe["text"][:6]) == [
        "'=SUM(A1:A9)", "'+cmd|' /C calc'!A0", "'-2+3", "'@SUM(1)", "'\t=1", "'\r=1"
    ]
    assert safe["text"].iloc[6] == "plain"
    assert safe["text"].iloc[7] is None


def test_numbers_are_untouched():
    frame = _frame()
    safe = neutralise_formulas(frame)
    pd.testing.assert_series_equal(safe["numbers"], frame["numbers"])
    pd.testing.assert_series_equal(safe["as_text"], frame["as_text"])


def test_input_is_not_modified():
    frame = _frame()
    neutralise_formulas(frame)
    assert frame["text"].iloc[0] == "=SUM(A1:A9)"


def test_headers_are_neutralised_too():
    frame = pd.DataFrame({"=cmd()": ["a"], "ok": ["b"]})
    assert list(neutralise_formulas(frame).columns) == ["'=cmd()", "ok"]
    assert list(neutralise_formulas(frame, headers=False).columns) == ["=cmd()", "ok"]


def test_categorical_and_tables():
    frame = pd.DataFrame({"c": pd.Categorical(["=1", "b"])})
    safe = neutralise_tables({"t": frame})
    assert list(safe["t"]["c"].astype(str)) == ["'=1", "b"]


def test_needs_neutralising():
    assert needs_neutralising("=1")
    assert not needs_neutralising("-1")
    assert not needs_neutralising(-1)
    assert not needs_neutralising("a=1")
