"""Linear-time stand-ins for SDV 2.0's per-value checks and RDT's per-column table copies.

On a 200,000-row table with two date columns, SDV spent 56 s of a 93 s GaussianCopula fit
parsing dates one value at a time (``_cast_to_datetime64`` builds a Series from one
``pd.to_datetime`` call per value, in ``validate_data``) and 79 s of a 91 s sample checking
one value at a time that each sampled date string matches its format
(``DatetimeFormatter.format_data``); numerical columns are checked with ``Series.apply``.
Inside ``sdv_speedups`` those three do the same work with one vectorised call per column and
return the same values; whatever the vectorised path cannot reproduce exactly (mixed time
zones, object columns, a parse that raises) goes to SDV's own function.

RDT's ``HyperTransformer`` runs one transformer per column, and each copies the whole table
(``data.copy()``, ``drop``, ``concat``): time quadratic in the number of columns, 318 s of a
2,000-column fit. Here each transformer gets a frame of its own columns only and the table
is held as one Series per column; checks, order of transformers, seeds (RDT seeds each
transformer from the table's first rows, read in the table's common dtype) and values stay
RDT's.

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
from pandas.core.dtypes.cast import find_common_type

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


class _Columns:
    """A table held as one Series per column, so replacing columns copies only those."""

    def __init__(self, data: pd.DataFrame):
        self.index = data.index
        self.series = {column: data[column] for column in data.columns}

    def __contains__(self, column: Any) -> bool:
        return column in self.series

    def frame(self, names: list) -> pd.DataFrame:
        if not names:
            return pd.DataFrame(index=self.index)
        return pd.concat([self.series[n].rename(n) for n in names], axis=1)

    def seed_frame(self, column: Any) -> pd.DataFrame:
        """The first rows of ``column`` as RDT's ``_set_seed`` reads them from the whole table.

        RDT seeds a transformer from ``str`` of the first five values in a row of the whole
        table (``iterrows``), so in the table's common dtype: an integer reads ``3.0`` when
        every other column is a float and ``3`` when some column holds text.
        """
        head = self.series[column].head(5)
        common = find_common_type(list({s.dtype for s in self.series.values()}))
        if isinstance(common, np.dtype):
            head = pd.Series(head.to_numpy(dtype=common), index=head.index, dtype=common)
        return head.to_frame(column)

    def names_frame(self) -> pd.DataFrame:
        """An empty frame with every column's name, for RDT's output-name collision check.

        Built from one empty float block: ``DataFrame(columns=names)`` makes one object
        column per name, which cost 135 ms per call at 1,000 columns.
        """
        names = pd.Index(list(self.series), dtype=object)
        return pd.DataFrame(np.empty((0, len(names))), columns=names)

    def apply(self, method: Callable[[pd.DataFrame], pd.DataFrame], names: list) -> None:
        """Replace the ``names`` columns by what ``method`` makes of them alone."""
        result = method(self.frame(names))
        for name in names:
            del self.series[name]
        self.series.update(result.items())


def _hyper_fit(self: Any, data: pd.DataFrame) -> None:
    """``HyperTransformer.fit`` with each transformer seeing only its own columns."""
    self._validate_detect_config_called(data)
    self._unfit()
    self._input_columns = list(data.columns)
    store = _Columns(data)
    skipped: set = set()
    for column in self._input_columns:
        if column in skipped:
            continue
        field = self._multi_column_fields.get(column, column)
        if isinstance(field, tuple):
            skipped.update(c for c in field if c != column)
        _fit_field(self, store, field, self.field_transformers[field])
    self._validate_all_fields_fitted()
    self._fitted = True
    self._modified_config = False
    self.reset_randomization()


def _fit_field(hyper: Any, store: _Columns, field: Any, transformer: Any) -> None:
    """RDT's ``_fit_field_transformer`` on the columns of ``field`` alone."""
    from rdt.transformers import BaseMultiColumnTransformer

    if transformer is None:
        hyper._add_field_to_set(field, hyper._fitted_fields)
        hyper._output_columns.append(field)
        return
    names = list(field) if isinstance(field, tuple) else [field]
    part = store.frame(names)
    if isinstance(transformer, BaseMultiColumnTransformer):
        transformer.fit(part, hyper._get_columns_to_sdtypes(field))
    else:
        transformer.fit(part, field)
    transformer._set_seed(store.seed_frame(names[0]))
    transformer._build_output_columns(store.names_frame())
    hyper._transformers_sequence.append(transformer)
    store.apply(transformer.transform, list(transformer.columns))
    for column_name, next_transformer in transformer.get_next_transformers().items():
        if column_name in store or (isinstance(column_name, tuple)
                                    and all(c in store for c in column_name)):
            _fit_field(hyper, store, column_name, next_transformer)


def _hyper_transform(self: Any, data: pd.DataFrame, prevent_subset: bool) -> pd.DataFrame:
    """``HyperTransformer._transform`` (its checks unchanged), one transformer at a time."""
    from rdt.errors import InvalidDataError

    self._validate_config_exists()
    self._validate_fitted()
    unknown_columns = self._subset(data.columns, self._input_columns, not_in=True)
    if prevent_subset:
        contained = all(column in self._input_columns for column in data.columns)
        is_subset = contained and len(data.columns) < len(self._input_columns)
        if unknown_columns or is_subset:
            raise InvalidDataError(
                "The data you are trying to transform has different columns than the original "
                "data. Column names and their sdtypes must be the same. Use the method "
                "'get_config()' to see the expected values.")
    elif unknown_columns:
        raise InvalidDataError(
            f"Unexpected column names in the data you are trying to transform: "
            f"{unknown_columns}. Use 'get_config()' to see the acceptable column names.")
    store = _Columns(data)
    for transformer in self._transformers_sequence:
        if all(column in store for column in transformer.columns):
            store.apply(transformer.transform, list(transformer.columns))
    return store.frame(self._subset(self._output_columns, store.series))


def _hyper_reverse(self: Any, data: pd.DataFrame, prevent_subset: bool) -> pd.DataFrame:
    """``HyperTransformer._reverse_transform`` (its checks unchanged), one at a time."""
    from rdt.errors import InvalidDataError

    self._validate_config_exists()
    self._validate_fitted()
    unknown_columns = self._subset(data.columns, self._output_columns, not_in=True)
    if unknown_columns:
        raise InvalidDataError(
            "There are unexpected column names in the data you are trying to transform. "
            f"A reverse transform is not defined for {unknown_columns}.")
    if prevent_subset:
        contained = all(column in self._output_columns for column in data.columns)
        if contained and len(data.columns) < len(self._output_columns):
            raise InvalidDataError(
                "You must provide a transformed dataset with all the columns from the "
                "original data.")
    store = _Columns(data)
    for transformer in reversed(self._transformers_sequence):
        outputs = transformer.output_columns
        if prevent_subset:
            ready = all(column in store for column in outputs)
        else:
            listed = transformer.get_output_columns()
            ready = bool(listed) and all(column in store for column in listed)
        if ready:
            store.apply(transformer.reverse_transform, list(outputs))
    return store.frame(self._subset(self._input_columns, store.series))


def _install() -> None:
    from rdt import HyperTransformer
    from sdv.data_processing.datetime_formatter import DatetimeFormatter
    from sdv.metadata import _single_table
    from sdv.metadata._single_table import _SingleTableMetadata

    _saved["cast"] = _single_table._cast_to_datetime64
    _saved["invalid"] = _SingleTableMetadata.__dict__["_get_invalid_column_values"]
    _saved["format"] = DatetimeFormatter.format_data
    _saved["hyper"] = {name: HyperTransformer.__dict__[name]
                       for name in ("fit", "_transform", "_reverse_transform")}
    HyperTransformer.fit = _hyper_fit
    HyperTransformer._transform = _hyper_transform
    HyperTransformer._reverse_transform = _hyper_reverse
    _single_table._cast_to_datetime64 = _fast_cast(_saved["cast"])
    _SingleTableMetadata._get_invalid_column_values = staticmethod(
        _fast_invalid(_saved["invalid"].__func__))
    DatetimeFormatter.format_data = _fast_format(_saved["format"])


def _uninstall() -> None:
    from rdt import HyperTransformer
    from sdv.data_processing.datetime_formatter import DatetimeFormatter
    from sdv.metadata import _single_table
    from sdv.metadata._single_table import _SingleTableMetadata

    _single_table._cast_to_datetime64 = _saved.pop("cast")
    _SingleTableMetadata._get_invalid_column_values = _saved.pop("invalid")
    DatetimeFormatter.format_data = _saved.pop("format")
    for name, method in _saved.pop("hyper").items():
        setattr(HyperTransformer, name, method)


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
