"""Column types and formats read from the values, where SDV's detector gets them wrong.

SDV guesses a datetime format from the first value only, so ``01/02/2023`` followed by
``25/02/2023`` turns a day-first column into text; it learns ``20230115`` integers as
numbers, which come back as ``20230155``; and it gives text keys no ``regex_format``, so
``C001`` comes back as ``sdv-id-OipKhu``. These helpers correct that after SDV's pass and
say what a column would be without a key role (for when the user removes that role).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from pandas.tseries.api import guess_datetime_format
from rdt.transformers.utils import strings_from_regex

if TYPE_CHECKING:
    from syndata.metadata import Schema

# Compact dates read as numbers: plausible years only, so 8-digit codes stay numbers.
COMPACT_DATE = "%Y%m%d"
COMPACT_YEARS = (1900, 2100)
# Values looked at to guess datetime formats (every value is then checked against them).
GUESS_SAMPLE = 20
# A text key's format must leave room for this many times the real number of keys, and
# for at least MIN_KEY_SPACE keys: beyond its format's space RDT appends "(0)" to the keys.
# RDT draws the shortest keys first, so the widened format still gives keys of the real
# length until those run out.
KEY_SPACE_FACTOR = 10
MIN_KEY_SPACE = 1_000_000
# Only keys this long or shorter get a per-position format (longer ones are free text).
MAX_KEY_LENGTH = 40

# Distinct keys whose shapes are compared; the format found is then checked on all of them.
SHAPE_SAMPLE = 2000

_CLASSES = (("\\d", str.isdigit, 10), ("[A-Z]", str.isupper, 26), ("[a-z]", str.islower, 26))
_CLASS_SIZE = {pattern: size for pattern, _, size in _CLASSES}
_SPECIAL = set(".^$*+?{}[]\\|()")


def value_sdtype(values: pd.Series) -> tuple[str, str | None]:
    """The sdtype (and datetime format) the values alone suggest, ignoring names and keys."""
    present = values.dropna()
    if pd.api.types.is_bool_dtype(values):
        return "boolean", None
    if pd.api.types.is_datetime64_any_dtype(values):
        return "datetime", None
    if pd.api.types.is_numeric_dtype(values):
        return ("datetime", COMPACT_DATE) if is_compact_date(present) else ("numerical", None)
    if len(present) and present.map(type).eq(str).all():
        fmt = datetime_format(present)
        if fmt == COMPACT_DATE and not is_compact_date(pd.to_numeric(present)):
            fmt = None  # 8-digit codes that happen to parse, such as 18000101
        if fmt:
            return "datetime", fmt
    return "categorical", None


def is_compact_date(values: pd.Series) -> bool:
    """Integers that all read as ``YYYYMMDD`` dates of plausible years (20230115)."""
    present = values.dropna()
    if not len(present) or not pd.api.types.is_numeric_dtype(present):
        return False
    numbers = present.to_numpy()
    if not np.all(np.mod(numbers, 1) == 0):
        return False
    low, high = COMPACT_YEARS
    if numbers.min() < low * 10_000 + 101 or numbers.max() > high * 10_000 + 1231:
        return False
    text = pd.Series(numbers.astype(np.int64)).astype(str)
    return bool(pd.to_datetime(text, format=COMPACT_DATE, errors="coerce").notna().all())


def datetime_format(values: pd.Series) -> str | None:
    """A ``strftime`` format that parses every value, or None when no single one does.

    Candidates are guessed from a few values (month-first and day-first), the first value
    alone being ambiguous; every value is then parsed with each candidate.
    """
    text = values.dropna().astype(str)
    if text.empty:
        return None
    sample = pd.concat([text.head(GUESS_SAMPLE), text.sample(min(len(text), GUESS_SAMPLE),
                                                             random_state=0)])
    candidates: list[str] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for value in sample.drop_duplicates():
            for dayfirst in (False, True):
                guess = guess_datetime_format(value, dayfirst=dayfirst)
                if guess and guess not in candidates:
                    candidates.append(guess)
        distinct = pd.Series(text.unique())
        for fmt in candidates:
            if pd.to_datetime(distinct, format=fmt, errors="coerce").notna().all():
                return fmt
    return None


def id_regex(values: pd.Series, rows: int | None = None) -> str | None:
    """A regular expression that the text keys follow, per character position.

    ``C001``, ``C042`` -> ``C\\d{3}``; ``AB-1234`` -> ``[A-Z]{2}-\\d{4}``. A position that
    holds one character in every value stays literal. Keys of one length whose runs differ
    (``9E``, ``AA``) get a class per position (``[0-9A-Z]{2}``). The format is widened (its last
    run allows more characters) until it holds ``KEY_SPACE_FACTOR`` times ``rows`` keys
    and at least ``MIN_KEY_SPACE``.
    None when the values have no common shape (free text: SDV's default is better).
    """
    present = values.dropna()
    if present.empty or not present.map(lambda v: isinstance(v, str)).all():  # np.str_ too
        return None
    distinct = pd.Series(present.unique())
    lengths = distinct.str.len()
    if lengths.max() > MAX_KEY_LENGTH or lengths.min() == 0:
        return None
    sample = distinct if len(distinct) <= SHAPE_SAMPLE else pd.concat(
        [distinct.head(SHAPE_SAMPLE // 2), distinct.sample(SHAPE_SAMPLE // 2, random_state=0)])
    runs = _common_runs(sample.tolist()) or _positional(sample.tolist())
    if runs is None:
        return None
    shape = _render(runs)
    if not distinct.str.fullmatch(shape).all():
        return None
    return _widened(runs, max(MIN_KEY_SPACE, KEY_SPACE_FACTOR * max(rows or 0, len(distinct))))


def regex_problem(regex: str) -> str | None:
    """Why SDV cannot generate values from ``regex`` (None when it can).

    RDT's generator supports literals, sets, ranges, classes, groups and repeats; it fails
    part-way on the rest, so the first value is drawn here rather than at fit time.
    """
    if not regex:
        return "is empty"
    try:
        re.compile(regex)
    except re.error as exc:
        return f"is not a valid regular expression ({exc})"
    try:
        generator, size = strings_from_regex(regex)
        next(generator)
    except (StopIteration, RuntimeError):  # a generator that stops at once raises either
        return "matches no value"
    except Exception:  # RDT's generator fails with KeyError/RuntimeError on what it lacks
        return ("uses a construct SDV cannot generate from (such as lookarounds, "
                "backreferences, alternatives '|' or negated sets [^...])")
    if size < 1:
        return "matches no value"
    return None


def refine(schema: Schema, tables: Mapping[str, pd.DataFrame]) -> None:
    """Correct SDV's detected types and formats in place, column by column.

    Keys (primary and foreign) keep their ``id`` type; a text key gains a ``regex_format``.
    Every ``id`` column remembers what its values alone suggest (``Column.natural``).
    """
    for name, table in schema.tables.items():
        df = tables.get(name)
        if df is None:
            continue
        for column, spec in table.columns.items():
            if column not in df:
                continue
            values = df[column]
            if spec.sdtype == "id":
                spec.natural = value_sdtype(values)
                regex = id_regex(values, len(df))
                if regex:
                    spec.formats["regex_format"] = regex
            elif spec.sdtype in ("numerical", "ordinal", "categorical", "datetime"):
                _refine_plain(spec, values)


def _refine_plain(spec, values: pd.Series) -> None:
    """Dates SDV missed or mis-formatted; zero-padded codes stay text."""
    if spec.sdtype in ("numerical", "ordinal") and is_compact_date(values):
        spec.sdtype, spec.datetime_format = "datetime", COMPACT_DATE
        spec.formats.pop("computer_representation", None)
        return
    if pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        return
    if spec.sdtype == "datetime" or _looks_like_dates(values):
        sdtype, fmt = value_sdtype(values)
        spec.sdtype, spec.datetime_format = sdtype, fmt


def _looks_like_dates(values: pd.Series) -> bool:
    """Cheap pre-check before trying formats on a text column: its first value parses."""
    present = values.dropna()
    if present.empty or not isinstance(present.iloc[0], str):
        return False
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return bool(guess_datetime_format(present.iloc[0], dayfirst=True)
                    or guess_datetime_format(present.iloc[0]))


# ----- key formats --------------------------------------------------------------------
def _char_class(char: str) -> tuple[str, int]:
    for pattern, test, size in _CLASSES:
        if test(char) and char.isascii():
            return pattern, size
    return _literal(char), 1


def _literal(text: str) -> str:
    """Escape only what a regex reads specially (``re.escape`` also escapes ``-``)."""
    return "".join(f"\\{c}" if c in _SPECIAL else c for c in text)


def _runs(value: str) -> list[tuple[str, str]]:
    """``C001`` -> [(literal-or-class, text)] runs of one character class each."""
    runs: list[tuple[str, str]] = []
    for char in value:
        pattern, _ = _char_class(char)
        if runs and runs[-1][0] == pattern:
            runs[-1] = (pattern, runs[-1][1] + char)
        else:
            runs.append((pattern, char))
    return runs


def _common_runs(values: list[str]) -> list[tuple[str, int, int, int]] | None:
    """Per run: (pattern, size of the class, shortest, longest), or None if shapes differ.

    A run whose text is the same in every value becomes a literal of class size 1.
    """
    shapes = [_runs(v) for v in values]
    first = [p for p, _ in shapes[0]]
    if any([p for p, _ in shape] != first for shape in shapes):
        return None
    out = []
    for i, pattern in enumerate(first):
        texts = {shape[i][1] for shape in shapes}
        if len(texts) == 1:
            out.append((_literal(texts.pop()), 1, 1, 1))
            continue
        lengths = [len(t) for t in texts]
        out.append((pattern, _CLASS_SIZE.get(pattern, 1), min(lengths), max(lengths)))
    return out


def _positional(values: list[str]) -> list[tuple[str, int, int, int]] | None:
    """Per position of equal-length keys: a literal, or the union of the classes seen."""
    if len({len(v) for v in values}) != 1:
        return None
    out: list[tuple[str, int, int, int]] = []
    for chars in zip(*values, strict=True):
        seen = set(chars)
        if len(seen) == 1:
            pattern, size = _literal(chars[0]), 1
        else:
            classes = {_char_class(c) for c in seen}
            if any(size == 1 for _, size in classes):
                return None  # punctuation that varies: no shape worth keeping
            pattern, size = _union(sorted(classes))
        if out and out[-1][0] == pattern and (size > 1 or out[-1][1] > 1):
            _, _, low, high = out[-1]
            out[-1] = (pattern, size, low + 1, high + 1)
        elif out and size == 1 and out[-1][1] == 1:
            out[-1] = (out[-1][0] + pattern, 1, 1, 1)
        else:
            out.append((pattern, size, 1, 1))
    return out


def _union(classes: list[tuple[str, int]]) -> tuple[str, int]:
    """``\\d`` and ``[A-Z]`` -> ``[0-9A-Z]`` (36 characters)."""
    if len(classes) == 1:
        return classes[0]
    ranges = {"\\d": "0-9", "[A-Z]": "A-Z", "[a-z]": "a-z"}
    return "[" + "".join(ranges[p] for p, _ in classes) + "]", sum(n for _, n in classes)


def _render(runs: list[tuple[str, int, int, int]]) -> str:
    parts = []
    for pattern, size, low, high in runs:
        if size == 1:
            parts.append(pattern)
        elif low == high:
            parts.append(pattern if low == 1 else f"{pattern}{{{low}}}")
        else:
            parts.append(f"{pattern}{{{low},{high}}}")
    return "".join(parts)


def _space(runs: list[tuple[str, int, int, int]]) -> float:
    total = 1.0
    for _, size, low, high in runs:
        total *= sum(float(size) ** n for n in range(low, high + 1))
    return total


def _widened(runs: list[tuple[str, int, int, int]], needed: int) -> str | None:
    """Let the last variable run grow longer until the format holds ``needed`` keys."""
    variable = [i for i, run in enumerate(runs) if run[1] > 1]
    if not variable:
        return None
    last = variable[-1]
    while _space(runs) < needed:
        pattern, size, low, high = runs[last]
        runs[last] = (pattern, size, low, high + 1)
    return _render(runs)
