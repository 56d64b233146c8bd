"""Fake PII values in the shapes of the real ones, drawn without any real value.

SDV/RDT fake a PII column with Faker's default locale: German phone numbers ``+49 30
7649534`` come back as ``972-757-4810x81220``, so the output no longer reads like the data.
Where the shape is the point (phone numbers, national ids, IBANs, card numbers, postcodes,
account numbers) the fit records the column's shape templates instead: each value with a
digit as ``9``, an upper-case letter as ``A``, a lower-case one as ``a``, other characters
kept, with how many rows had it. In phone numbers letters are kept (``x``/``ext.`` of an
extension); a column read as numbers stays numbers (no leading zero, its dtype). A literal
prefix (``+49 30 ``) is kept only when at least ``RARE_COUNT`` rows of a shape share it, cut
back to its last separator, and never so long that fewer than ``MIN_FILLED`` characters are
left to draw. An IBAN keeps its country code, which is coarse. No real value is stored, not
even hashed (a salted hash of a phone number falls to a dictionary of all ten million), so a
drawn value is checked against its shape, not the real values: it equals one of the ``m``
real values of its shape by chance, about ``m / 10**k`` per value for ``k`` drawn digits,
and then carries nothing from the data (the draw does not depend on any real value).
Card numbers get a valid Luhn digit and IBANs valid mod-97 check digits (python-stdnum).
National ids whose real values pass a checksum (codice fiscale, personnummer, CPF...) are
left to Faker, as a random fill would break it; a US SSN or UK National Insurance number
has none and is filled.
E-mails, names and addresses stay with Faker: there the text, not the shape, is the point.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from stdnum import iban, luhn

from syndata.metadata import Schema
from syndata.models.masking import RARE_COUNT

SHAPED_SDTYPES = frozenset({"phone_number", "ssn", "iban", "credit_card_number", "postcode",
                            "bban", "license_plate"})
"""PII sdtypes whose values are drawn from the real shapes instead of Faker's locale."""
MIN_FILLED = 6
_UNIQUE_RETRIES = 8
_CLASSES = {"9": "0123456789", "A": "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
            "a": "abcdefghijklmnopqrstuvwxyz"}
_CHECKSUM_SHARE = 0.5


@dataclass(frozen=True)
class Template:
    """A literal ``prefix`` followed by ``shape`` (``9``/``A``/``a`` drawn, others kept)."""

    prefix: str
    shape: str
    count: int


@dataclass(frozen=True)
class ColumnShapes:
    """How a PII column's values are drawn; ``unique`` when every real value was distinct."""

    sdtype: str
    templates: tuple[Template, ...]
    unique: bool
    numeric: bool = False


Shapes = dict[str, dict[str, ColumnShapes]]
"""table -> column -> its shapes; what ``FitInfo.shapes`` holds."""


def learn_shapes(schema: Schema, tables: Mapping[str, pd.DataFrame]) -> Shapes:
    """The shape templates of every non-key column typed a ``SHAPED_SDTYPES`` kind.

    Key columns keep what the model generated: their values tie tables together.
    """
    out: Shapes = {}
    for table, frame in tables.items():
        spec = schema.tables[table]
        keys = {spec.primary_key} | schema.foreign_keys(table)
        for column, col in spec.columns.items():
            if col.sdtype not in SHAPED_SDTYPES or column in keys or column not in frame:
                continue
            learned = _column_shapes(col.sdtype, frame[column])
            if learned is not None:
                out.setdefault(table, {})[column] = learned
    return out


def shape_notes(shapes: Shapes | None) -> list[str]:
    """One line per column drawn from its real shapes, for the fitted model's notes."""
    return [
        f"{table}.{column}: {shapes[table][column].sdtype} values are drawn at random in the "
        f"real values' {len(shapes[table][column].templates)} shape(s); no real value is kept."
        for table in (shapes or {}) for column in shapes[table]
    ]


def apply_shapes(tables: dict[str, pd.DataFrame], shapes: Shapes | None,
                 seed: int) -> dict[str, pd.DataFrame]:
    """``tables`` with each shaped column's non-empty values redrawn from its templates."""
    if not shapes:
        return tables
    rng = np.random.default_rng([seed, 0x5A4E])
    out = dict(tables)
    for table, columns in shapes.items():
        if table not in out:
            continue
        frame = out[table].copy()
        for column, learned in columns.items():
            if column in frame:
                frame[column] = _draw_column(frame[column], learned, rng)
        out[table] = frame
    return out


def _column_shapes(sdtype: str, series: pd.Series) -> ColumnShapes | None:
    numeric = pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)
    present = series.dropna()
    if pd.api.types.is_float_dtype(present):
        present = present.map(lambda v: np.format_float_positional(v, trim="-"))
    values = present.astype(str).str.strip()
    values = values[values != ""]
    if values.empty or (sdtype == "ssn" and _has_checksum(values)):
        return None
    if sdtype == "iban":
        values = values.str.upper()
        heads, rests = values.str[:2], values.str[2:]
    else:
        heads, rests = pd.Series("", index=values.index), values
    letters = sdtype != "phone_number"
    shapes = rests.map(lambda v: _shape(v, letters))
    templates = []
    for (head, shape), group in rests.groupby([heads, shapes], sort=True):
        prefix = (_shared_prefix(group.tolist(), shape, _drawn(sdtype))
                  if len(group) >= RARE_COUNT else "")
        templates.append(Template(head + prefix, shape[len(prefix):], len(group)))
    templates.sort(key=lambda t: -t.count)
    return ColumnShapes(sdtype, tuple(templates), bool(values.is_unique), numeric)


def _has_checksum(values: pd.Series) -> bool:
    """Whether most values pass a python-stdnum national id checksum (then Faker fakes them)."""
    from syndata.pii import _national_id_valid

    return bool(_national_id_valid(values.reset_index(drop=True)).mean() >= _CHECKSUM_SHARE)


def _shape(value: str, letters: bool) -> str:
    """``value`` with digits as ``9`` and, when ``letters`` are drawn, letters as ``A``/``a``."""
    return "".join("9" if c.isdigit() else ("A" if c.isupper() else "a")
                   if letters and c.isalpha() else c for c in value)


def _drawn(sdtype: str) -> dict[str, str]:
    """The character classes drawn for ``sdtype``: digits only in phone numbers."""
    return {"9": _CLASSES["9"]} if sdtype == "phone_number" else _CLASSES


def _shared_prefix(values: list[str], shape: str, drawn: Mapping[str, str]) -> str:
    """The values' common prefix, cut after its last separator, leaving ``MIN_FILLED`` draws.

    Up to two shared zeros after the cut stay too: a trunk or international prefix (``0``,
    ``00``) is part of the format, not of anyone's number.
    """
    first, last = min(values), max(values)
    size = next((i for i, (a, b) in enumerate(zip(first, last, strict=False)) if a != b),
                min(len(first), len(last)))
    common = first[:size]
    prefix = common
    while True:
        cut = max(i for i, c in enumerate(" " + prefix) if not c.isalnum())
        prefix = prefix[:cut]
        zeros = len(common[cut:]) - len(common[cut:].lstrip("0"))
        for kept in (prefix + "0" * min(zeros, 2), prefix):
            if sum(c in drawn for c in shape[len(kept):]) >= MIN_FILLED:
                return kept
        if not prefix:
            return ""
        prefix = prefix[:-1]


def _draw_column(series: pd.Series, learned: ColumnShapes,
                 rng: np.random.Generator) -> pd.Series:
    present = series.notna() & (series.astype(str).str.strip() != "")
    count = int(present.sum())
    if not count:
        return series
    drawn = _draw(learned, count, rng)
    if learned.unique:
        for _ in range(_UNIQUE_RETRIES):
            repeated = pd.Series(drawn).duplicated().to_numpy()
            if not repeated.any():
                break
            drawn[repeated] = _draw(learned, int(repeated.sum()), rng)
    out = series.astype(object).copy()
    out[present.to_numpy()] = drawn
    return pd.to_numeric(out).astype(series.dtype) if learned.numeric else out


def _draw(learned: ColumnShapes, count: int, rng: np.random.Generator) -> np.ndarray:
    """``count`` values, templates chosen by their real frequencies, classes filled at random."""
    weights = np.array([t.count for t in learned.templates], dtype=float)
    picks = rng.choice(len(learned.templates), size=count, p=weights / weights.sum())
    out = np.empty(count, dtype=object)
    for index, template in enumerate(learned.templates):
        rows = np.flatnonzero(picks == index)
        if len(rows):
            out[rows] = [_checked(learned.sdtype, template.prefix + body)
                         for body in _fill(template, learned, len(rows), rng)]
    return out


def _fill(template: Template, learned: ColumnShapes, count: int,
          rng: np.random.Generator) -> list[str]:
    """``count`` bodies of ``template``, one random column of characters per drawn position.

    A number's first digit is never 0, so it reads back as a number of the same length.
    """
    drawn = _drawn(learned.sdtype)
    lead = learned.numeric and not any(c.isdigit() for c in template.prefix)
    columns = []
    for c in template.shape:
        if c in drawn:
            pool = drawn[c][1:] if lead and c == "9" else drawn[c]
            lead = lead and c != "9"
            columns.append(rng.choice(list(pool), size=count))
        else:
            columns.append(np.full(count, c, dtype=object))
    if not columns:
        return [""] * count
    return ["".join(row) for row in zip(*columns, strict=True)]


def _checked(sdtype: str, value: str) -> str:
    """``value`` with its check digits made valid where the kind has them."""
    if sdtype == "credit_card_number":
        digits = [i for i, c in enumerate(value) if c.isdigit()]
        if len(digits) >= 2:
            body = "".join(value[i] for i in digits[:-1])
            last = digits[-1]
            return value[:last] + luhn.calc_check_digit(body) + value[last + 1:]
    if sdtype == "iban" and len(value) > 4 and value[:2].isalpha():
        digits = [i for i, c in enumerate(value) if c.isdigit()][:2]
        if digits == [2, 3]:
            check = iban.calc_check_digits(value[:2] + "00" + value[4:].replace(" ", ""))
            return value[:2] + check + value[4:]
    return value
