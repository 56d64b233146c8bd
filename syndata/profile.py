"""Column profile of a real table, shown before any fit so users can check their data.

Each column is summarised from one count of its distinct values (vectorised pandas calls);
numbers and datetimes get min/max/mean, every column its nulls, distinct count and most
frequent values.
"""

from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd

from syndata.evaluation.encoding import as_datetimes, as_numbers
from syndata.metadata import Table

TOP_VALUES = 5


@dataclass
class ColumnProfile:
    """Summary of one column; ``minimum``/``maximum``/``mean`` stay None where meaningless.

    Datetime columns report minimum and maximum as timestamps and mean as a timestamp too.
    """

    name: str
    sdtype: str
    dtype: str
    nulls: int
    null_share: float
    distinct: int
    minimum: object = None
    maximum: object = None
    mean: object = None
    top_values: list[tuple[str, int]] = field(default_factory=list)


def _numeric_summary(distinct: pd.Series, counts: np.ndarray,
                     sdtype: str) -> tuple[object, object, object]:
    """Minimum, maximum and count-weighted mean of the ``distinct`` values.

    Each distinct value is parsed once: dates in any format are parsed one by one, so
    parsing 100k cells that hold 1,500 dates took 0.18 s a column, the distinct ones 3 ms.
    """
    weights = counts.astype(float)
    if sdtype == "datetime":
        parsed = as_datetimes(distinct)
        keep = parsed.notna().to_numpy()
        if not keep.any():
            return None, None, None
        stamps = parsed[keep]
        low = stamps.min()
        offsets = (stamps - low).dt.total_seconds().to_numpy()
        mean = low + pd.to_timedelta(np.average(offsets, weights=weights[keep]), unit="s")
        return low, stamps.max(), mean
    numbers = as_numbers(distinct, "numerical").to_numpy()
    keep = ~np.isnan(numbers)
    if not keep.any():
        return None, None, None
    values = numbers[keep]
    return float(values.min()), float(values.max()), float(np.average(values,
                                                                        weights=weights[keep]))


def profile_column(values: pd.Series, sdtype: str) -> ColumnProfile:
    """Profile one column given its sdtype, from one count of its distinct values.

    ``pd.factorize`` and ``np.bincount`` count them: ``value_counts`` builds an index of
    every distinct value and took 0.3 s for 100k distinct e-mails, this 0.08 s.
    """
    codes, uniques = pd.factorize(values)
    counts = np.bincount(codes[codes >= 0], minlength=len(uniques))
    distinct = pd.Series(uniques)
    nulls = int((codes < 0).sum())
    minimum = maximum = mean = None
    if sdtype in ("numerical", "datetime"):
        minimum, maximum, mean = _numeric_summary(distinct, counts, sdtype)
    top = np.argsort(-counts, kind="stable")[:TOP_VALUES]
    return ColumnProfile(
        name=str(values.name),
        sdtype=sdtype,
        dtype=str(values.dtype),
        nulls=nulls,
        null_share=nulls / len(values) if len(values) else 0.0,
        distinct=len(uniques),
        minimum=minimum,
        maximum=maximum,
        mean=mean,
        top_values=[(str(distinct.iloc[i]), int(counts[i])) for i in top],
    )


def profile_table(df: pd.DataFrame, table: Table) -> list[ColumnProfile]:
    """Profile every column of ``df`` in order; columns absent from the schema are
    profiled as ``unknown`` so nothing the user uploaded is hidden."""
    columns = table.columns
    return [
        profile_column(df[col], columns[col].sdtype if col in columns else "unknown")
        for col in df.columns
    ]


def profile_frame(df: pd.DataFrame, table: Table) -> pd.DataFrame:
    """The profile as a DataFrame (one row per column) ready for ``st.dataframe``."""
    return profiles_frame(profile_table(df, table))


def profiles_frame(profiles: list[ColumnProfile]) -> pd.DataFrame:
    """Column profiles as one display frame; the app caches each column's profile apart,
    so a type change re-profiles one column, not the table.

    Mixed-type cells (min/max/mean, top values) are turned into text so the frame has
    one type per column and displays cleanly.
    """
    rows = []
    for profile in profiles:
        row = asdict(profile)
        for key in ("minimum", "maximum", "mean"):
            row[key] = _display(row[key])
        row["top_values"] = ", ".join(f"{value} ({count})" for value, count in profile.top_values)
        rows.append(row)
    columns = [f.name for f in ColumnProfile.__dataclass_fields__.values()]
    return pd.DataFrame(rows, columns=columns)


def _display(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)
