"""Give synthetic tables the real columns' types and text formats back.

Models hand back what their transformers make: floats for whole numbers with gaps
(``30.0``), datetimes formatted by ``strftime`` (six fraction digits, ``+0530`` for
``+05:30``), and they cannot learn numbers of extreme magnitude at all (GaussianCopula
returns every ``1e-310`` as missing and every ``1e300`` as a number of a million). What
the real column looked like is learned once at fit time (``learn``), kept on the fitted
model, and applied to every sample of every model (``restore``), so the output reads back
as the input did. Extreme-magnitude columns are scaled by a power of two for the model
(``scale_for_fit``), which is exact in binary floating point, and scaled back here.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from syndata.metadata import Column, Schema
from syndata.text_formats import TEXT_FORMATS_KEY, TextFormat

SCALES_KEY = "syndata_scales"
"""``DataFrame.attrs`` key: the power-of-two exponent each scaled column was divided by."""

_EXTREME_LOW, _EXTREME_HIGH = 1e-50, 1e50
"""Magnitudes outside this range are scaled: GaussianCopula fails from about 1e-300 and
1e300 (squares under- and overflow); a wide margin costs nothing, the scaling is exact."""

_FRACTION = re.compile(r":\d{2}\.(\d+)")
_OFFSET_COLON = re.compile(r"[+-]\d{2}:\d{2}$")
_OFFSET_PLAIN = re.compile(r"([+-]\d{2})(\d{2})$")


@dataclass(frozen=True)
class ColumnFormat:
    """What a real column looked like, where a model's output would differ.

    ``integer``: whole numbers (``int64`` or, with gaps, ``Int64``); ``exponent``: the
    column was divided by ``2**exponent`` for the model; ``fraction_digits``: datetimes
    with this many digits after the seconds' point; ``offset_colon``: UTC offsets written
    ``+05:30``; ``utc_z``: a zero offset written ``Z``; ``text``: how the reader found
    the numbers or booleans written (``$1,234.50``, ``TRUE``), for the CSV writer.
    """

    integer: bool = False
    nullable: bool = False
    exponent: int = 0
    fraction_digits: int | None = None
    offset_colon: bool = False
    utc_z: bool = False
    text: TextFormat | None = None


Formats = dict[str, dict[str, ColumnFormat]]


def scale_for_fit(frame: pd.DataFrame, numerical: Collection[str]) -> pd.DataFrame:
    """``frame`` with extreme-magnitude float columns scaled near 1, exponents in attrs.

    Only ``numerical`` columns (by the schema): an id or a category is not a quantity.
    """
    exponents = {}
    for name in frame.columns:
        column = frame[name]
        if name not in numerical:
            continue
        if column.dtype.kind != "f":
            continue
        finite = np.abs(column.to_numpy()[np.isfinite(column.to_numpy())])
        top = finite.max() if finite.size else 0.0
        if top and not _EXTREME_LOW <= top <= _EXTREME_HIGH:
            exponents[name] = int(np.frexp(top)[1])
    if not exponents:
        return frame
    frame = frame.copy()
    for name, exponent in exponents.items():
        frame[name] = np.ldexp(frame[name].to_numpy(), -exponent)
    frame.attrs[SCALES_KEY] = exponents
    return frame


def learn(tables: Mapping[str, pd.DataFrame], schema: Schema) -> Formats:
    """The format of every column whose synthetic values need putting back in shape."""
    formats: Formats = {}
    for table, frame in tables.items():
        described = schema.tables.get(table)
        columns = described.columns if described else {}
        exponents = frame.attrs.get(SCALES_KEY, {})
        texts = frame.attrs.get(TEXT_FORMATS_KEY) or {}
        learned = {}
        for name in frame.columns:
            found = _learn_column(frame[name], columns.get(name), exponents.get(name, 0))
            if texts.get(name) is not None and _typed(frame[name]):
                found = replace(found, text=texts[name])
            if found != ColumnFormat():
                learned[name] = found
        if learned:
            formats[table] = learned
    return formats


def restore(tables: Mapping[str, pd.DataFrame], formats: Formats | None) -> dict[str, pd.DataFrame]:
    """The synthetic tables with each column in its real column's format.

    Text formats are not applied here (the values stay numbers and booleans for
    evaluation) but put on the frame's attrs, where the CSV writer finds them.
    """
    out = dict(tables)
    for table, columns in (formats or {}).items():
        if table not in out:
            continue
        frame = out[table].copy()
        for name, fmt in columns.items():
            if name in frame.columns:
                frame[name] = _restore_column(frame[name], fmt)
        texts = {name: fmt.text for name, fmt in columns.items()
                 if fmt.text is not None and name in frame.columns}
        if texts:
            frame.attrs[TEXT_FORMATS_KEY] = texts
        out[table] = frame
    return out


def _typed(values: pd.Series) -> bool:
    """Is the column still numbers or booleans (not retyped as text since reading)?"""
    present = values.dropna()
    return pd.api.types.is_numeric_dtype(values) or (
        not present.empty and present.map(type).eq(bool).all())


def _learn_column(values: pd.Series, column: Column | None, exponent: int) -> ColumnFormat:
    dtype = values.dtype
    if pd.api.types.is_integer_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
        return ColumnFormat(integer=True, nullable=isinstance(dtype, pd.Int64Dtype))
    if exponent:
        return ColumnFormat(exponent=exponent)
    if column is None or column.sdtype != "datetime" or not pd.api.types.is_object_dtype(dtype):
        return ColumnFormat()
    datetime_format = column.datetime_format or ""
    text = values.dropna().astype(str)
    digits = None
    if "%f" in datetime_format:
        lengths = text.str.extract(_FRACTION, expand=False).dropna().str.len()
        if lengths.nunique() == 1 and lengths.iloc[0] < 6:
            digits = int(lengths.iloc[0])
    colon = zulu = False
    if "%z" in datetime_format and not text.empty:
        zulu = bool(text.str.endswith("Z").any())
        colon = bool(text.str.contains(_OFFSET_COLON).any())
    return ColumnFormat(fraction_digits=digits, offset_colon=colon, utc_z=zulu)


def _whole(values: pd.Series, nullable: bool) -> pd.Series:
    """Whole numbers: rounded, ``Int64`` when the real column or the output has gaps."""
    if pd.api.types.is_integer_dtype(values.dtype):
        return values.astype("Int64") if nullable else values
    numbers = pd.to_numeric(values, errors="coerce")
    if numbers.isna().sum() > values.isna().sum():
        return values  # not numbers (a regenerated text key): leave them alone
    numbers = numbers.astype(float)
    whole = numbers.where(np.isfinite(numbers)).round().astype("Int64")
    return whole if nullable or whole.isna().any() else whole.astype(np.int64)


def _restore_column(values: pd.Series, fmt: ColumnFormat) -> pd.Series:
    if fmt.integer:
        return _whole(values, fmt.nullable)
    if fmt.exponent:
        numbers = pd.to_numeric(values, errors="coerce").astype(float)
        return pd.Series(np.ldexp(numbers.to_numpy(), fmt.exponent), index=values.index)
    if values.dtype != object:
        return values
    text = values.where(values.isna(), values.astype(str))
    if fmt.fraction_digits is not None:
        keep = fmt.fraction_digits
        text = text.str.replace(r"(:\d{2})\.(\d+)",
                                lambda m: m.group(1) + ("." + m.group(2)[:keep] if keep else ""),
                                regex=True)
    if fmt.utc_z:
        text = text.str.replace(r"[+-]00:?00$", "Z", regex=True)
    if fmt.offset_colon:
        text = text.str.replace(_OFFSET_PLAIN, r"\1:\2", regex=True)
    return text
