"""Spreadsheet safety for exported CSV files (formula / CSV injection).

A spreadsheet opening a CSV runs any cell starting with ``=``, ``+``, ``-`` or ``@`` (and,
in some, a leading tab or carriage return) as a formula, which can fetch URLs or run
commands. Synthetic data copies the patterns of the real data, so such cells can appear in
the output. On request, the export prefixes them with ``'``, which spreadsheets show as
text. It is off by default because it changes the values: a program reading the CSV back
would see the apostrophe.

Plain numbers are left alone: numeric columns are never touched, and a text cell that is
just a number (``-3``, ``+1.5``) is not a formula.
"""

from __future__ import annotations

import re

import pandas as pd

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")


def needs_neutralising(value: object) -> bool:
    """Would a spreadsheet treat this cell as a formula?"""
    return (
        isinstance(value, str)
        and value.startswith(TRIGGERS)
        and not _PLAIN_NUMBER.match(value)
    )


def neutralise_formulas(df: pd.DataFrame, headers: bool = True) -> pd.DataFrame:
    """A copy of ``df`` with formula-looking text cells (and headers) prefixed with ``'``."""
    result = df.copy()
    for column in result.columns:
        series = result[column]
        if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
            continue
        risky = series.map(needs_neutralising).astype(bool)
        if risky.any():
            text = series.astype(object)
            result[column] = text.where(~risky, "'" + text[risky].astype(str))
    if headers:
        result.columns = [
            f"'{name}" if needs_neutralising(name) else name for name in result.columns
        ]
    return result


def neutralise_tables(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """``neutralise_formulas`` for every table of a multi-table export."""
    return {name: neutralise_formulas(frame) for name, frame in tables.items()}
