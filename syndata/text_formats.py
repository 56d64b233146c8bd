"""How a column's numbers and booleans were written in the input, to write them back so.

The reader turns ``$1,234.50``, ``1.234,50 €``, ``12%``, ``(45)``, ``+7``, ``4.188e+00``
and ``TRUE`` into numbers and booleans, so that models and evaluation see quantities. What
the text looked like (decimal mark, thousands grouping, currency or percent affixes,
negatives in parentheses, a leading ``+``, scientific notation and its digits, fixed
decimals, boolean tokens) is kept as a ``TextFormat`` per column on ``DataFrame.attrs``
under ``TEXT_FORMATS_KEY``; fitting copies it onto the model (``restore.ColumnFormat``),
sampling puts it on the synthetic frames' attrs, and the one CSV writer
(``export.table_csv``) writes each such column back in its format. In memory the values
stay typed. Hand-written because no library here (RDT, pandas) parses locale-formatted
money or writes numbers back in a recorded text format.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

TEXT_FORMATS_KEY = "syndata_text_formats"
"""``DataFrame.attrs`` key: ``{column: TextFormat}`` for columns not written plainly."""

_CURRENCY = "$€£¥₹₩₽¢₺₪฿₫₴₦"
_FORMATTED = re.compile(
    rf"(?P<open>\()?(?P<sign>[+-])?(?P<prefix>[{_CURRENCY}]\s?)?(?P<sign2>[+-])?"
    r"(?P<body>\d(?:[\d.,'\u00a0\u202f ]*\d)?)"
    rf"(?P<suffix>\s?[%{_CURRENCY}])?(?P<close>\))?"
)
_SCIENTIFIC = re.compile(r"[+-]?\d(?:\.(\d+))?([eE])[+-]?\d+")
_DECIMALS = re.compile(r"[+-]?\d*[.,](\d+)")
_LONGEST = 40
"""Longer cells are no formatted amount; the limit also keeps the regex linear."""
_SPACES = " '\u00a0\u202f"
_TRUE_TOKENS = frozenset({"true", "True", "TRUE"})


@dataclass(frozen=True)
class TextFormat:
    """How one column's values were written; the defaults are Python's own spelling.

    ``digits``: fixed digits after the decimal mark (of the mantissa when ``exponent`` is
    set), ``None`` when they varied; ``exponent``: ``e`` or ``E`` for scientific notation;
    ``prefix``/``suffix``: a currency sign or ``%`` around the digits; ``parens``:
    negatives written ``(45)``; ``plus``: positives written ``+7``; ``true``/``false``:
    the boolean tokens.
    """

    decimal: str = "."
    thousands: str = ""
    prefix: str = ""
    suffix: str = ""
    parens: bool = False
    plus: bool = False
    exponent: str = ""
    digits: int | None = None
    true: str = ""
    false: str = ""

    def describe(self) -> str:
        """A sample such as ``$1,234.50`` for the ingest note."""
        return format_values(pd.Series([-1234.5 if self.parens else 1234.5]), self).iloc[0]


def learn_plain(text: pd.Series, values: pd.Series) -> TextFormat | None:
    """The format of numbers or booleans the reader parsed plainly, None if Python's own.

    ``text`` holds the present cells as written, ``values`` what they were read as.
    """
    if text.empty:
        return None
    if pd.api.types.is_bool_dtype(values) or values.map(type).eq(bool).all():
        true = text[values.astype(bool).to_numpy()]
        false = text[~values.astype(bool).to_numpy()]
        fmt = TextFormat(true=_token(true, "True"), false=_token(false, "False"))
        return None if (fmt.true, fmt.false) == ("True", "False") else fmt
    if not pd.api.types.is_numeric_dtype(values):
        return None
    text = text.str.strip()
    plus = bool(text.str.startswith("+").any())
    scientific = text.str.fullmatch(_SCIENTIFIC)
    if scientific.all():
        parts = text.str.extract(_SCIENTIFIC)
        mantissa = parts[0].fillna("").str.len()
        digits = int(mantissa.iloc[0]) if mantissa.nunique() == 1 else None
        fmt = TextFormat(plus=plus, exponent=parts[1].iloc[0], digits=digits)
    else:
        fmt = TextFormat(plus=plus, decimal="," if text.str.contains(",").any() else ".",
                         digits=None if pd.api.types.is_integer_dtype(values)
                         else _fixed_digits(text))
    return None if fmt == TextFormat() else fmt


def parse_formatted(text: pd.Series) -> tuple[pd.Series, TextFormat] | None:
    """Numbers written with a currency sign, ``%``, grouping or ``(negatives)``, or None.

    Every present value (``text``, stripped) must fit one format, and something must show
    the column is formatted numbers (an affix, parentheses, grouping): plain numbers are
    read by the plain reader. One mark that is followed by exactly three digits
    everywhere is a thousands separator (``1,234``), a decimal mark otherwise (``1,5``);
    with two marks the last one is the decimal mark. A dot or a space as the only
    separator groups thousands only beside a currency sign or ``%`` (an IP address or a
    postal code is no amount). Leading zeros (``007``) mean a code: left as text.
    """
    if text.empty or text.str.len().max() > _LONGEST:
        return None
    head = text.head(64)
    if not head.str.fullmatch(_FORMATTED).all() or not text.str.fullmatch(_FORMATTED).all():
        return None
    parts = text.str.extract("^" + _FORMATTED.pattern + "$")
    opened, closed = parts["open"].notna(), parts["close"].notna()
    if (opened != closed).any():
        return None
    prefix, suffix = parts["prefix"].fillna(""), parts["suffix"].fillna("")
    if prefix.nunique() > 1 or suffix.nunique() > 1:
        return None
    sign = parts["sign"].fillna("") + parts["sign2"].fillna("")
    if (sign.str.len() > 1).any() or (opened & (sign != "")).any():
        return None
    body = parts["body"]
    affix = bool(prefix.iloc[0] or suffix.iloc[0])
    marks = _marks(body, affix)
    if marks is None or (not affix and not opened.any() and not marks[0]):
        return None
    thousands, decimal = marks
    grouped = rf"\d{{1,3}}(?:{re.escape(thousands)}\d{{3}})*" if thousands else r"\d+"
    shape = re.compile(rf"(?:{grouped}|\d+)(?:{re.escape(decimal)}\d+)?")
    if not body.str.fullmatch(shape).all() or body.str.match(r"0\d").any():
        return None
    plain = body.str.replace(thousands, "", regex=False) if thousands else body
    plain = plain.str.replace(decimal, ".", regex=False)
    numbers = pd.to_numeric(plain)
    numbers = numbers.where(~(opened | sign.eq("-")), -numbers)
    has_fraction = plain.str.contains(".", regex=False).any()
    fmt = TextFormat(decimal=decimal, thousands=thousands, prefix=prefix.iloc[0],
                     suffix=suffix.iloc[0], parens=bool(opened.any()),
                     plus=bool(sign.eq("+").any()),
                     digits=_fixed_digits(plain) if has_fraction else None)
    return (numbers if has_fraction else numbers.astype(np.int64)), fmt


def format_values(values: pd.Series, fmt: TextFormat) -> pd.Series:
    """``values`` as text in ``fmt``; missing values stay missing."""
    present = values.notna()
    out = pd.Series(np.nan, index=values.index, dtype=object)
    if fmt.true or fmt.false:
        out[present] = values[present].map(lambda v: fmt.true if _truthy(v) else fmt.false)
        return out
    numbers = pd.to_numeric(values[present], errors="coerce")
    out[present] = [_number(v, fmt) for v in numbers.tolist()]
    return out


def write_formatted(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with each column of ``df.attrs[TEXT_FORMATS_KEY]`` written in its format."""
    formats: Mapping[str, TextFormat] = df.attrs.get(TEXT_FORMATS_KEY) or {}
    names = [name for name in formats if name in df.columns]
    if not names:
        return df
    df = df.copy()
    for name in names:
        df[name] = format_values(df[name], formats[name])
    return df


def _number(value: float, fmt: TextFormat) -> str:
    if value != value:  # noqa: PLR0124 - NaN: a value the writer could not read as a number
        return ""
    magnitude = abs(value)
    if fmt.exponent:
        text = (f"{magnitude:.{fmt.digits}e}" if fmt.digits is not None
                else np.format_float_scientific(magnitude))
        text = text.replace("e", fmt.exponent)
    else:
        group = "," if fmt.thousands else ""
        if fmt.digits is not None:
            text = f"{magnitude:{group}.{fmt.digits}f}"
        elif float(magnitude).is_integer() and magnitude < 2**53:
            text = f"{int(magnitude):{group}d}"
        else:
            text = f"{magnitude:{group}}"
        text = text.translate({ord(","): "\0", ord("."): fmt.decimal}).replace(
            "\0", fmt.thousands)
    text = fmt.prefix + text + fmt.suffix
    if value < 0:
        return f"({text})" if fmt.parens else "-" + text
    return "+" + text if fmt.plus and value > 0 else text


def _truthy(value: object) -> bool:
    """A boolean as a model hands it back: ``True``, or the text ``"True"`` of a category."""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    return str(value).strip() in _TRUE_TOKENS or str(value).strip() in ("1", "1.0")


def _marks(body: pd.Series, affix: bool) -> tuple[str, str] | None:
    """(thousands separator, decimal mark) of the column's digit groups, None if unclear."""
    found = sorted(set("".join(body.str.replace(r"\d", "", regex=True).tolist())))
    if not found:
        return "", "."
    if len(found) == 2:
        last = body.str.extract(r"(\D)\d*$", expand=False).dropna()
        both = body.str.contains(re.escape(found[0])) & body.str.contains(re.escape(found[1]))
        decimals = set(last[both])
        if len(decimals) != 1 or (decimal := decimals.pop()) not in ".,":
            return None
        return next(m for m in found if m != decimal), decimal
    if len(found) > 2:
        return None
    mark = found[0]
    after = body.str.extract(rf"{re.escape(mark)}(\d*)$", expand=False).dropna()
    grouping = after.str.len().eq(3).all() or body.str.count(re.escape(mark)).gt(1).any()
    if mark in _SPACES:
        return (mark, ".") if affix and grouping else None
    if mark == ".":
        return (".", ",") if affix and body.str.count(r"\.").gt(1).any() else ("", ".")
    return (",", ".") if grouping else ("", ",")


def _fixed_digits(text: pd.Series) -> int | None:
    """The number of decimals every value was written with, None if they vary or are 0."""
    decimals = text.str.extract(_DECIMALS, expand=False)
    if decimals.isna().any():
        return None
    lengths = decimals.str.len()
    return int(lengths.iloc[0]) if lengths.nunique() == 1 else None


def _token(text: pd.Series, default: str) -> str:
    """The one spelling of ``True`` (or ``False``) in the column, else Python's."""
    spelled = text.str.strip().unique()
    return str(spelled[0]) if len(spelled) == 1 else default
