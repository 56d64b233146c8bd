"""New key and id values in the format of the real ones.

Real key values are never reused: integers continue from the real minimum, strings with a
fixed prefix and a number keep that prefix and the digit width, other strings become random
strings over the real keys' characters at their typical length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

_PREFIXED = re.compile(r"^(\D*?)(\d+)$")


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

    @classmethod
    def fit(cls, series: pd.Series) -> KeyFormat:
        values = series.dropna()
        dtype = str(series.dtype)
        if len(values) == 0:
            return cls("int", "int64", start=1)
        if pd.api.types.is_numeric_dtype(values):
            as_float = values.astype(float)
            if (as_float == np.round(as_float)).all():
                return cls("int", dtype, start=int(as_float.min()))
            return cls("int", "int64", start=int(np.floor(as_float.min())))
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
        if self.kind == "prefixed":
            numbers = np.arange(self.start, self.start + n).astype(str)
            return pd.Series(
                np.char.add(self.prefix, np.char.zfill(numbers, self.digits)), dtype=object
            )
        return pd.Series(self._random_strings(n, rng), dtype=object)

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
