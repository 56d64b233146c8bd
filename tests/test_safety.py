"""Formula neutralisation for spreadsheet-safe exports."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from syndata.safety import (
    needs_neutralising,
    neutralise_cell,
    neutralise_formulas,
    neutralise_tables,
)


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
        "'=SUM(A1:A9)", "'+cmd|' /C calc'!A0", "'-2+3", "'@SUM(1)", "'\t=1", "'\r'=1"
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


@pytest.mark.parametrize("cell, safe", [
    ("harmless\r=cmd|' /C calc'!A0", "harmless\r'=cmd|' /C calc'!A0"),
    ("harmless\n=cmd()", "harmless\n'=cmd()"),
    ("harmless\r\n@SUM(1)", "harmless\r\n'@SUM(1)"),
    ("a\n\n+x", "a\n\n'+x"),
    ("a\r\r-x", "a\r\r'-x"),
    ("a\n\t=1", "a\n'\t=1"),
    ("=a\n=b", "'=a\n'=b"),
    ("\n=1", "\n'=1"),
])
def test_every_line_of_a_cell_is_defused(cell, safe):
    assert needs_neutralising(cell)
    assert neutralise_cell(cell) == safe
    frame = pd.DataFrame({"text": [cell, "ok"], "cat": pd.Categorical([cell, "ok"]),
                          "str": pd.Series([cell, None], dtype="string")})
    out = neutralise_formulas(frame)
    assert list(out["text"]) == [safe, "ok"]
    assert list(out["cat"].astype(str)) == [safe, "ok"]
    assert out["str"].iloc[0] == safe and out["str"].isna().iloc[1]


@pytest.mark.parametrize("cell", ["a\n-5", "ok\nfine", "x=y\r\ny=z", "a\n+1.5"])
def test_lines_that_are_numbers_or_text_stay(cell):
    assert not needs_neutralising(cell)
    assert neutralise_formulas(pd.DataFrame({"t": [cell]}))["t"].iloc[0] == cell


def test_a_header_with_a_line_break_is_defused():
    frame = pd.DataFrame({"note\r=cmd()": ["a"]})
    assert list(neutralise_formulas(frame).columns) == ["note\r'=cmd()"]
