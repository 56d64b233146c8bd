"""Column profile of a real table, shown before any fit so users can check their data.

Each column is summarised in one pass of vectorised pandas calls; numbers and datetimes
get min/max/mean, every column its nulls, distinct count and most frequent values.
"""

from dataclasses import asdict, dataclass, field

import pandas as pd

from syndata.evaluation.encoding import as_datetimes, as_numbers

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


def _numeric_summary(values: pd.Series, sdtype: str) -> tuple[object, object, object]:
    if sdtype == "datetime":
        parsed = as_datetimes(values)
        if parsed.notna().any():
            return parsed.min(), parsed.max(), parsed.mean()
        return None, None, None
    numbers = as_numbers(values, "numerical")
    if numbers.notna().any():
        return float(numbers.min()), float(numbers.max()), float(numbers.mean())
    return None, None, None


def profile_column(values: pd.Series, sdtype: str) -> ColumnProfile:
    """Profile one column given its sdtype."""
    nulls = int(values.isna().sum())
    minimum = maximum = mean = None
    if sdtype in ("numerical", "datetime"):
        minimum, maximum, mean = _numeric_summary(values, sdtype)
    counts = values.value_counts(dropna=True).head(TOP_VALUES)
    return ColumnProfile(
        name=str(values.name),
        sdtype=sdtype,
        dtype=str(values.dtype),
        nulls=nulls,
        null_share=nulls / len(values) if len(values) else 0.0,
        distinct=int(values.nunique(dropna=True)),
        minimum=minimum,
        maximum=maximum,
        mean=mean,
        top_values=[(str(value), int(count)) for value, count in counts.items()],
    )


def profile_table(df: pd.DataFrame, table_meta: dict) -> list[ColumnProfile]:
    """Profile every column of ``df`` in order; columns absent from the metadata are
    profiled as ``unknown`` so nothing the user uploaded is hidden."""
    columns = table_meta.get("columns", {})
    return [
        profile_column(df[col], columns.get(col, {}).get("sdtype", "unknown")) for col in df.columns
    ]


def profile_frame(df: pd.DataFrame, table_meta: dict) -> pd.DataFrame:
    """The profile as a DataFrame (one row per column) ready for ``st.dataframe``."""
    return profiles_frame(profile_table(df, table_meta))


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
