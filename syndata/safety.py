"""Spreadsheet safety for exported CSV files (formula / CSV injection).

A spreadsheet opening a CSV runs any cell starting with ``=``, ``+``, ``-`` or ``@`` (and,
in some, a leading tab or carriage return) as a formula, which can fetch URLs or run
commands. Synthetic data copies the patterns of the real data, so such cells can appear in
the output. On request, the export prefixes them with ``'``, which spreadsheets show as
text. It is off by default because it changes the values: a program reading the CSV back
would see the apostrophe.

A cell is only one cell to a reader that honours CSV quoting. A reader that splits lines
first (a bare carriage return is a line end to many) starts a new cell after each line
break, so ``harmless\\r=cmd|...`` would reach it as a cell ``=cmd|...``. Each line of a cell
is therefore checked on its own, and every line that starts like a formula gets the
apostrophe; ``syndata.export`` also quotes every field holding a line break.

Plain numbers are left alone: numeric columns are never touched, and a text line that is
just a number (``-3``, ``+1.5``) is not a formula.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas loads on use, so the CLI can show this module's help text fast
    import pandas as pd

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
LINE_BREAK = re.compile(r"\r\n|\r|\n")
_LINE_AFTER_BREAK = re.compile(r"(\r\n|\r|\n)([^\r\n]*)")
_PLAIN_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")
SAFE_FOR_SPREADSHEETS_HELP = (
    "prefix cells that a spreadsheet would run as a formula (starting with = + - @, tab or "
    "carriage return, also after a line break inside the cell) with ' so Excel, Calc or "
    "Sheets show them as text; off by default because it changes those values"
)


def _starts_formula(line: str) -> bool:
    return line.startswith(TRIGGERS) and not _PLAIN_NUMBER.match(line)


def needs_neutralising(value: object) -> bool:
    """Would a spreadsheet treat this cell, or a line of it, as a formula?"""
    if not isinstance(value, str):
        return False
    return _starts_formula(value) or any(map(_starts_formula, LINE_BREAK.split(value)[1:]))


def neutralise_cell(value: str) -> str:
    """``value`` with ``'`` before its start and before each line that starts a formula."""
    if _starts_formula(value):
        value = "'" + value
    return _LINE_AFTER_BREAK.sub(
        lambda m: m[1] + ("'" if _starts_formula(m[2]) else "") + m[2], value)


def neutralise_formulas(df: pd.DataFrame, headers: bool = True) -> pd.DataFrame:
    """A copy of ``df`` with formula-looking text cells (and headers) defused with ``'``."""
    import pandas as pd

    result = df.copy()
    for column in result.columns:
        series = result[column]
        if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
            continue
        risky = series.map(needs_neutralising).astype(bool)
        if risky.any():
            text = series.astype(object)
            result[column] = text.where(~risky, text[risky].astype(str).map(neutralise_cell))
    if headers:
        result.columns = [
            neutralise_cell(name) if needs_neutralising(name) else name
            for name in result.columns
        ]
    return result


def neutralise_tables(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """``neutralise_formulas`` for every table of a multi-table export."""
    return {name: neutralise_formulas(frame) for name, frame in tables.items()}
