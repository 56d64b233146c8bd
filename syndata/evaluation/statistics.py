"""Statistics the views and the report draw: row caps, pairwise association, children
per parent and per-column summaries.

Kept apart from ``plots`` so figures only draw numbers computed here, and so evaluation
can state its caps without importing a plotting module. Association uses one statistic
per pair: Spearman's rank correlation between two number-like columns (datetimes as
timestamps), Cramér's V when a categorical column is involved (numbers cut into 10
quantile bins).
"""

import math

import numpy as np
import pandas as pd
from scipy.stats.contingency import crosstab

from syndata.evaluation.encoding import (
    MISSING_LABEL,
    as_labels,
    as_numbers,
    column_sdtypes,
    usable_columns,
)
from syndata.metadata import Relationship, Table
from syndata.vocabulary import DISCRETE_SDTYPES, NUMERIC_SDTYPES

#: Rows drawn as points in scatter plots and used for correlations.
SAMPLE_ROWS = 3000
#: Columns of an association matrix at most (a wider heatmap is unreadable).
MAX_HEATMAP_COLUMNS = 30


def capped(frame: pd.DataFrame, rows: int = SAMPLE_ROWS, seed: int = 0) -> pd.DataFrame:
    """A random sample of at most ``rows`` rows (the frame itself when it is smaller)."""
    return frame.sample(n=rows, random_state=seed) if len(frame) > rows else frame


def display_labels(values: pd.Series) -> pd.Series:
    """Category labels for display: text, with missing values shown as "(missing)"."""
    return as_labels(values).replace(MISSING_LABEL, "(missing)")


def cramers_v(a: np.ndarray, b: np.ndarray) -> float:
    """Between two columns of category codes (``pd.factorize``: -1 is missing)."""
    # scipy's crosstab counts with numpy; pandas' groups in Python, 10x slower per pair.
    both = (a >= 0) & (b >= 0)
    _, table = crosstab(a[both], b[both])
    if min(table.shape) < 2:
        return 0.0
    # Pearson's chi2 as chi2_contingency(correction=False) computes it, without its checks
    # (2 ms a pair, most of a 20-column heatmap); crosstab has no empty row or column.
    expected = np.outer(table.sum(axis=1), table.sum(axis=0)) / table.sum()
    chi2 = ((table - expected) ** 2 / expected).sum()
    return float(math.sqrt(chi2 / (table.sum() * (min(table.shape) - 1))))


def association_matrix(df: pd.DataFrame, table: Table) -> pd.DataFrame:
    """Pairwise association as described in the module docstring (on a sample)."""
    sdtypes = column_sdtypes(table)
    columns = usable_columns(table, df)[:MAX_HEATMAP_COLUMNS]
    frame = capped(df)
    numeric = {
        c: as_numbers(frame[c], sdtypes[c]) for c in columns if sdtypes[c] in NUMERIC_SDTYPES
    }
    discrete = {}
    for col in columns:
        if col in numeric:
            ranks = numeric[col].rank(method="first")
            discrete[col] = pd.qcut(ranks, 10, labels=False, duplicates="drop").astype("string")
            discrete[col] = discrete[col].fillna("missing")
        else:
            discrete[col] = display_labels(frame[col])
    codes = {col: pd.factorize(values)[0] for col, values in discrete.items()}
    matrix = pd.DataFrame(np.eye(len(columns)), index=columns, columns=columns)
    spearman = pd.DataFrame(numeric).corr(method="spearman") if numeric else pd.DataFrame()
    for i, first in enumerate(columns):
        for second in columns[i + 1 :]:
            if first in numeric and second in numeric:
                value = spearman.loc[first, second]
            else:
                value = cramers_v(codes[first], codes[second])
            matrix.loc[first, second] = matrix.loc[second, first] = (
                0.0 if pd.isna(value) else float(value)
            )
    return matrix


def children_per_parent(
    parent: pd.DataFrame, child: pd.DataFrame, relationship: Relationship
) -> pd.Series:
    """Number of child rows for each parent row (0 for parents without children)."""
    counts = child[relationship.child_key].value_counts()
    keys = parent[relationship.parent_key]
    return counts.reindex(keys.to_numpy(), fill_value=0).reset_index(drop=True)


def _stats(values: pd.Series, sdtype: str) -> dict[str, str]:
    stats = {"nulls": f"{values.isna().mean():.1%}", "distinct": str(values.nunique())}
    if sdtype in NUMERIC_SDTYPES:
        numbers = as_numbers(values, sdtype).dropna()
        described = {
            "mean": numbers.mean(),
            "std": numbers.std(),
            "min": numbers.min(),
            "median": numbers.median(),
            "max": numbers.max(),
        }
        for key, value in described.items():
            if pd.isna(value):
                stats[key] = ""
            elif sdtype == "datetime" and key != "std":
                stats[key] = str(pd.to_datetime(value, unit="s"))
            elif sdtype == "datetime":
                stats[key] = str(pd.to_timedelta(value, unit="s").round("s"))
            else:
                stats[key] = f"{value:.6g}"
    elif sdtype in DISCRETE_SDTYPES:
        top = display_labels(values).value_counts(normalize=True)
        if len(top):
            stats["top"] = f"{top.index[0]} ({top.iloc[0]:.0%})"
    return stats


def summary_statistics(
    real: pd.DataFrame, synthetic: pd.DataFrame, table: Table
) -> pd.DataFrame:
    """One row per column and statistic with the real and synthetic values as text.

    Values are text so numbers and timestamps can share a column in ``st.dataframe``.
    """
    rows = []
    for col, sdtype in column_sdtypes(table).items():
        if col not in real or col not in synthetic:
            continue
        real_stats, synthetic_stats = _stats(real[col], sdtype), _stats(synthetic[col], sdtype)
        for statistic, value in real_stats.items():
            rows.append(
                {
                    "column": col,
                    "sdtype": sdtype,
                    "statistic": statistic,
                    "real": value,
                    "synthetic": synthetic_stats.get(statistic, ""),
                }
            )
    return pd.DataFrame(rows, columns=["column", "sdtype", "statistic", "real", "synthetic"])
