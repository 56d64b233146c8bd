"""New key and id values in the format of the real ones.

New keys are written from a format, never copied from the real ones, so a fitted model
keeps none (a new key may equal a real one by chance). Integers count up from the real
minimum. Text keys with a ``regex_format`` (declared in the metadata, or filled in from the
values by the caller, e.g. ``AB-1234`` -> ``[A-Z]{2}-\\d{4}``) are drawn from it by RDT's
generator, the one SDV uses for its ids, widened when the format holds fewer values than
the rows asked for. Without a format, strings with a fixed prefix and a number keep that
prefix and the digit width, and other strings become random strings over the real keys'
characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice

import numpy as np
import pandas as pd
from rdt.transformers.utils import strings_from_regex

from irgan.errors import SchemaError

_PREFIXED = re.compile(r"^(\D*?)(\d+)$")
# A character class or set with an optional counted repeat (``\d``, ``[A-Z]{2}``,
# ``[0-9A-Z]{2,4}``): the atoms whose repeat can grow to make room for more keys.
_ATOM = re.compile(r"(\\[dwDW]|\[(?:\\.|[^\]\\])+\]|\.)(?:\{(\d+)(?:,(\d+))?\})?")
# Bounds the widening loop; each step multiplies the space by the class size (>= 2).
_MAX_WIDENING = 64


@dataclass
class KeyFormat:
    """How to write ``n`` unique values that look like one real key column."""

    kind: str
    dtype: str
    start: int = 0
    prefix: str = ""
    digits: int = 0
    alphabet: str = ""
    length: int = 0
    regex: str = ""
    where: str = ""

    @classmethod
    def fit(cls, series: pd.Series, regex: str | None = None, where: str = "") -> KeyFormat:
        """Learn the format of ``series``; ``regex`` (a text key's format) wins over guessing.

        ``where`` (``table.column``) names the column in errors about its format.
        """
        values = series.dropna()
        dtype = str(series.dtype)
        if pd.api.types.is_numeric_dtype(series) and len(values):
            as_float = values.astype(float)
            if (as_float == np.round(as_float)).all():
                return cls("int", dtype, start=int(as_float.min()))
            return cls("int", "int64", start=int(np.floor(as_float.min())))
        if regex:
            _check_regex(regex, where)
            return cls("regex", "object", regex=regex, where=where)
        if len(values) == 0:
            return cls("int", "int64", start=1)
        text = values.astype(str)
        matches = text.str.extract(_PREFIXED)
        if (matches[0].notna().all() and matches[0].nunique() == 1
                and matches[1].str.len().max() <= 18):  # numbered within int64; else random
            digits = int(matches[1].str.len().max())
            return cls(
                "prefixed",
                "object",
                start=int(matches[1].astype(np.int64).min()),
                prefix=str(matches[0].iloc[0]),
                digits=digits,
            )
        alphabet = "".join(sorted(set("".join(text.head(2000)))))
        return cls(
            "random",
            "object",
            alphabet=alphabet or "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
            length=max(int(text.str.len().median()), 1),
        )

    def generate(self, n: int, rng: np.random.Generator) -> pd.Series:
        if self.kind == "int":
            values = pd.Series(np.arange(self.start, self.start + n, dtype=np.int64))
            return values.astype(self.dtype) if self.dtype.startswith(("int", "Int")) else values
        if self.kind == "regex":
            return pd.Series(self._from_regex(n), dtype=object)
        if self.kind == "prefixed":
            numbers = np.arange(self.start, self.start + n).astype(str)
            return pd.Series(
                np.char.add(self.prefix, np.char.zfill(numbers, self.digits)), dtype=object
            )
        return pd.Series(self._random_strings(n, rng), dtype=object)

    def _from_regex(self, n: int) -> np.ndarray:
        """The first ``n`` distinct values of the format (shortest first, as SDV draws)."""
        regex = widened(self.regex, n)
        out = np.empty(0, dtype=object)
        if regex is not None:
            generator, _ = strings_from_regex(regex)
            while len(out) < n:  # RDT may draw a value twice: \d{1,2}\d{1,2} writes 123 twice
                more = np.fromiter(islice(generator, n - len(out)), dtype=object)
                if not len(more):
                    break
                out = pd.unique(np.concatenate([out, more]))
        if len(out) < n:
            raise SchemaError(
                f"The regex_format '{self.regex}' of {self.where or 'a key column'} holds "
                f"only {len(out) or capacity(self.regex):,.0f} distinct values, but {n:,} rows "
                "need a key. Allow more values in the format (e.g. a longer repeat like "
                "\\d{4,6}) or generate fewer rows."
            )
        return out

    def _random_strings(self, n: int, rng: np.random.Generator) -> np.ndarray:
        length = self.length
        while len(self.alphabet) ** length < 10 * max(n, 1):
            length += 1
        chars = np.array(list(self.alphabet))
        out = np.empty(0, dtype=object)
        while len(out) < n:
            draw = rng.choice(chars, size=(2 * (n - len(out)) + 16, length))
            words = pd.unique(
                np.concatenate([out, draw.view(f"<U{length}").ravel().astype(object)])
            )
            out = np.asarray(words, dtype=object)
        return out[:n]


def capacity(regex: str) -> float:
    """How many distinct values RDT's generator can draw from ``regex``."""
    return float(strings_from_regex(regex)[1])


def widened(regex: str, needed: int) -> str | None:
    """``regex`` with its last class repeat grown until it holds ``needed`` values.

    ``[A-Z]{2}-\\d{4}`` -> ``[A-Z]{2}-\\d{4,5}``: values of the real length come first, longer
    ones only once those run out. None when no class can grow (a format of literals only).
    """
    current = regex
    for _ in range(_MAX_WIDENING):
        if capacity(current) >= needed:
            return current
        atom = _last_atom(current)
        if atom is None:
            return None
        low = int(atom[2] or 1)
        high = int(atom[3] or atom[2] or 1)
        current = f"{current[: atom.start()]}{atom[1]}{{{low},{high + 1}}}{current[atom.end():]}"
    return None


def _last_atom(regex: str) -> re.Match | None:
    """The last class atom whose repeat is counted or absent (``+``, ``*`` are open already)."""
    for atom in reversed(list(_ATOM.finditer(regex))):
        if atom.start() > 0 and regex[atom.start() - 1] == "\\":
            continue  # an escaped backslash or bracket, not a class
        if regex[atom.end(): atom.end() + 1] not in ("+", "*", "?", "{"):
            return atom
    return None


def _check_regex(regex: str, where: str) -> None:
    """Fail at fit time, naming the column, on a format RDT's generator cannot draw from."""
    try:
        re.compile(regex)
        next(strings_from_regex(regex)[0])
    except (StopIteration, RuntimeError):  # a generator that stops at once raises either
        reason = "matches no value"
    except Exception:  # re.error, or RDT's KeyError on constructs it lacks
        reason = ("is not one IRGAN can generate keys from (no lookarounds, backreferences, "
                  "alternatives '|' or negated sets [^...])")
    else:
        return
    raise SchemaError(
        f"The regex_format '{regex}' of {where or 'a key column'} {reason}. Fix or remove "
        "the regex_format in the metadata."
    )
