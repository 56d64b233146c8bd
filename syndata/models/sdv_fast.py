"""Vectorised stand-ins for SDV 2.0's value-by-value data checks, active around a fit or sample.

On a 200,000-row table with two date columns, SDV spent 56 s of a 93 s GaussianCopula fit
parsing dates one value at a time (``_cast_to_datetime64`` builds a Series from one
``pd.to_datetime`` call per value, in ``validate_data``) and 79 s of a 91 s sample checking
one value at a time that each sampled date string matches its format
(``DatetimeFormatter.format_data``); numerical columns are checked with ``Series.apply``.
Inside ``sdv_speedups`` those three do the same work with one vectorised call per column and
return the same values; whatever the vectorised path cannot reproduce exactly (mixed time
zones, object columns, a parse that raises) goes to SDV's own function.

The patches are process wide while active (a lock and a depth count make nested and
concurrent use safe); outside the block SDV is untouched, so fitted models pickle the plain
SDV classes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np
import pandas as pd

_lock = threading.Lock()
_depth = 0
_saved: dict[str, Any] = {}


def _fast_cast(original: Callable[..., Any]) -> Callable[..., Any]:
    """``_cast_to_datetime64`` parsing a whole Series in one call instead of per value."""

    def cast(value: Any, datetime_format: str | None = None, ignore_timezone: bool = True):
        if not isinstance(value, pd.Series) or not ignore_timezone:
            return original(value, datetime_format, ignore_timezone)
        fmt = (datetime_format.replace("%#", "%").replace("%-", "%")
               if datetime_format else "mixed")
        try:
            parsed = pd.to_datetime(value, format=fmt, errors="coerce")
        except (ValueError, TypeError, OverflowError):
            return original(value, datetime_format, ignore_timezone)
        if isinstance(parsed.dtype, pd.DatetimeTZDtype):
            parsed = parsed.dt.tz_localize(None)
        if not pd.api.types.is_datetime64_dtype(parsed):
            return original(value, datetime_format, ignore_timezone)
        return parsed.astype("datetime64[ns]")

    return cast


def _fast_invalid(original: Callable[..., set]) -> Callable[..., set]:
    """``_get_invalid_column_values`` answering from the dtype where it decides every value."""
    from sdv._utils import _is_boolean_type, _is_numerical_type

    def invalid(column: pd.Series, validation_function: Callable[[Any], bool]) -> set:
        kind = column.dtype.kind
        if validation_function is _is_numerical_type and kind in "iuf":
            return set()
        if validation_function is _is_boolean_type and kind == "b":
            return set()
        return original(column, validation_function)

    return invalid


def _fast_format(original: Callable[..., Any]) -> Callable[..., Any]:
    """``DatetimeFormatter.format_data`` comparing a whole column to its format at once."""

    def format_data(self: Any, column: pd.Series):
        if (not self.datetime_format or self._dtype != column.dtype
                or column.dtype != object):
            return original(self, column)
        strings = column.dropna()
        if not all(isinstance(value, str) for value in strings.head(1000)):
            return original(self, column)
        try:
            parsed = pd.to_datetime(strings, format=self.datetime_format, errors="coerce")
            matches = parsed.dt.strftime(self.datetime_format) == strings
        except (ValueError, TypeError, AttributeError, OverflowError):
            return original(self, column)
        if bool(np.all(matches.to_numpy())):
            return column
        return original(self, column)

    return format_data


def _install() -> None:
    from sdv.data_processing.datetime_formatter import DatetimeFormatter
    from sdv.metadata import _single_table
    from sdv.metadata._single_table import _SingleTableMetadata

    _saved["cast"] = _single_table._cast_to_datetime64
    _saved["invalid"] = _SingleTableMetadata.__dict__["_get_invalid_column_values"]
    _saved["format"] = DatetimeFormatter.format_data
    _single_table._cast_to_datetime64 = _fast_cast(_saved["cast"])
    _SingleTableMetadata._get_invalid_column_values = staticmethod(
        _fast_invalid(_saved["invalid"].__func__))
    DatetimeFormatter.format_data = _fast_format(_saved["format"])


def _uninstall() -> None:
    from sdv.data_processing.datetime_formatter import DatetimeFormatter
    from sdv.metadata import _single_table
    from sdv.metadata._single_table import _SingleTableMetadata

    _single_table._cast_to_datetime64 = _saved.pop("cast")
    _SingleTableMetadata._get_invalid_column_values = _saved.pop("invalid")
    DatetimeFormatter.format_data = _saved.pop("format")


@contextmanager
def sdv_speedups() -> Iterator[None]:
    """Run SDV's per-value date and number checks vectorised while the block runs."""
    global _depth
    with _lock:
        if _depth == 0:
            _install()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                _uninstall()
