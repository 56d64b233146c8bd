"""A column's values as numbers for the column rules, and numbers back in the column's form.

Order, product and sum rules compare and add values, so a rule sees every number and
datetime as a float (datetimes as nanoseconds since the epoch, read with the column's
``datetime_format`` through RDT, as the encoder reads them) and writes results back in the
column's own dtype, format and number of decimals: a total of prices with two decimals is
written with two, never as ``12.300000000000001``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from rdt.transformers import UnixTimestampEncoder

NUMBER_SDTYPES = ("numerical", "datetime")
MAX_DECIMALS = 9


@dataclass
class ColumnValues:
    """How one numeric or datetime column turns into floats and back."""

    name: str
    dtype: str
    decimals: int | None
    clock: UnixTimestampEncoder | None = None

    @classmethod
    def fit(cls, series: pd.Series, spec: dict) -> ColumnValues:
        """Read the column's kind from its sdtype and its decimals from its real values."""
        clock = None
        if spec.get("sdtype") == "datetime":
            clock = UnixTimestampEncoder(
                datetime_format=spec.get("datetime_format"),
                missing_value_generation=None,
                enforce_min_max_values=False,
            )
            clock.fit(series.to_frame(str(series.name)), str(series.name))
        values = cls(str(series.name), str(series.dtype), None, clock)
        values.decimals = None if clock else decimals(values.floats(series))
        return values

    def floats(self, series: pd.Series) -> np.ndarray:
        """The values as floats, NaN for nulls and for values that are not numbers."""
        if self.clock is None:
            return pd.to_numeric(series, errors="coerce").to_numpy(dtype=float)
        out = self.clock.transform(series.to_frame(self.name))[self.name].to_numpy(dtype=float)
        out[series.isna().to_numpy()] = np.nan
        return out

    def series(self, values: np.ndarray) -> pd.Series:
        """Floats back as the column's values (rounded to its decimals, nulls for NaN)."""
        null = np.isnan(values)
        if self.clock is not None:
            frame = pd.DataFrame({self.name: np.where(null, 0.0, values)})
            out = self.clock.reverse_transform(frame)[self.name]
            return out.where(~null, None) if null.any() else out
        if self.decimals is not None:
            values = np.round(values, self.decimals)
        out = pd.Series(values, name=self.name)
        if self.dtype.startswith("Int") or (
            self.dtype.startswith(("int", "uint")) and not null.any()
        ):
            return out.round().astype(self.dtype)
        return out


def decimals(values: np.ndarray) -> int | None:
    """The fewest decimals that write every finite value exactly (None: more than 9)."""
    finite = values[np.isfinite(values)]
    for digits in range(MAX_DECIMALS + 1):
        if np.allclose(finite, np.round(finite, digits), rtol=1e-12, atol=1e-12):
            return digits
    return None


def tolerance(values: np.ndarray, digits: int | None) -> np.ndarray:
    """How far a computed value may sit from a real one written with ``digits`` decimals.

    Half a unit of the last decimal (a rounded total or product) plus float noise.
    """
    unit = 0.0 if digits is None else 0.5 * 10.0 ** (-digits)
    return unit * (1 + 1e-6) + 1e-9 * np.maximum(np.abs(values), 1.0)
