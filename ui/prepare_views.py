"""What the Prepare page computes from the data, once per version (see ``ui.versions``).

Each view is an ``st.cache_data`` function whose hashed arguments are only the version's
tokens and small metadata; the frames travel as underscore arguments, which Streamlit
does not hash (hashing 100k rows on every rerun costs more than some of the views). The
tokens are random UUIDs, so one server-wide cache serves every session.
A view that takes over half a second shows a spinner with what it is doing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from syndata import plots
from syndata.evaluation.encoding import as_numbers
from syndata.evaluation.statistics import association_matrix
from syndata.keys import KeyCandidate, relationship_candidates
from syndata.metadata import Relationship, Schema, Table
from syndata.pii import detect_pii
from syndata.profile import ColumnProfile, profile_column, profiles_frame
from syndata.project import Project
from syndata.validation import LeakFacts, Problem, leak_problems, orphan_counts, validate
from syndata.vocabulary import NUMERIC_SDTYPES, PII_SDTYPES
from ui.versions import Version

_CACHE = {"max_entries": 256, "ttl": 3600}
Tokens = tuple[tuple[str, str], ...]


@st.cache_data(**_CACHE, show_spinner=False)
def _column_profile(token: str, column: str, sdtype: str, _values: pd.Series) -> ColumnProfile:
    return profile_column(_values, sdtype)


SHAPE_BINS, SHAPE_CATEGORIES = 20, 12


@st.cache_data(**_CACHE, show_spinner=False)
def _column_shape(token: str, column: str, sdtype: str, _values: pd.Series) -> list[float]:
    """Share of rows per bin (numbers, datetimes) or of the most frequent categories: a
    sparkline in the profile grid, so every column's shape shows at a glance without a
    chart per column. An id or personal data gets none (one bar per row says nothing)."""
    if sdtype == "id" or sdtype in PII_SDTYPES:
        return []
    if sdtype in NUMERIC_SDTYPES:
        numbers = as_numbers(_values, sdtype).dropna().to_numpy()
        if numbers.size == 0:
            return []
        low, high = np.quantile(numbers, [0.005, 0.995])
        counts, _ = np.histogram(np.clip(numbers, low, high), bins=SHAPE_BINS,
                                 range=(low, high if high > low else low + 1.0))
    else:
        counts = _values.value_counts(dropna=False).to_numpy()[:SHAPE_CATEGORIES]
    return (counts / max(int(counts.sum()), 1)).round(4).tolist()


def profile(project: Project, version: Version, table: str) -> pd.DataFrame:
    """The profile of one table, with each column's shape (``_column_shape``) second; after
    a type change only that column is profiled again."""
    df, token = project.tables[table], version.token(table)
    columns = version.table_meta(table)["columns"]
    sdtypes = {c: columns.get(c, {}).get("sdtype", "unknown") for c in df.columns}
    with st.spinner(f"Profiling {table}..."):
        frame = profiles_frame([_column_profile(token, str(c), sdtypes[c], df[c])
                                for c in df.columns])
        frame.insert(1, "shape", [_column_shape(token, str(c), sdtypes[c], df[c])
                                  for c in df.columns])
    return frame


@st.cache_data(**_CACHE, show_spinner="Looking for personal data...")
def _pii(token: str, _df: pd.DataFrame) -> dict[str, tuple[str, str]]:
    return {c: (f.sdtype, f.reason) for c, f in detect_pii(_df).items()}


@st.cache_data(**_CACHE, show_spinner="Looking for values that would leak...")
def _leak_facts(token: str, _df: pd.DataFrame) -> LeakFacts:
    """The leak warnings' facts, once per data version. Not from ``_pii``: that detects
    every column, these only the columns with a rare value (the slow part, done less)."""
    return LeakFacts.of(_df)


def pii_findings(project: Project, version: Version, table: str) -> dict[str, tuple[str, str]]:
    """Columns that look like personal data and are not typed as such yet.

    Detection looks at the values only, so it runs once per data version; the schema is
    applied afterwards, so a column typed as PII (by the one-click fix or by hand) stops
    being flagged at once.
    """
    found = _pii(version.token(table), project.tables[table])
    columns = version.table_meta(table)["columns"]
    return {c: f for c, f in found.items()
            if c in columns and columns[c]["sdtype"] not in PII_SDTYPES}


def _schema_problems(schema: Schema, tables: dict[str, pd.DataFrame]) -> list[Problem]:
    return validate(schema, tables, leak_checks=False)


def _nonzero_orphans(schema: Schema, tables: dict[str, pd.DataFrame]) -> dict[Relationship, int]:
    return {r: n for r, n in orphan_counts(schema, tables).items() if n}


# The views of the whole project: each a function of the schema and every table, so all of
# them key on the data tokens and the schema text, in one cache, by name.
_PROJECT_VIEWS: dict[str, Callable[[Schema, dict[str, pd.DataFrame]], Any]] = {
    "problems": _schema_problems, "orphans": _nonzero_orphans,
    "candidates": relationship_candidates}


@st.cache_data(**_CACHE, show_spinner=False)
def _project_view(view: str, data: Tokens, schema: str, _schema: Schema,
                  _tables: dict[str, pd.DataFrame]) -> Any:
    return _PROJECT_VIEWS[view](_schema, _tables)


def _of_project(view: str, project: Project, version: Version, doing: str) -> Any:
    with st.spinner(doing):
        return _project_view(view, version.data, version.schema, project.schema,
                             project.tables)


def problems(project: Project, version: Version) -> list[Problem]:
    """Every problem of the schema with the data (the Check tab). The leak warnings come
    from facts read once per data version (``_leak_facts``), so after a type or key edit
    only the schema is applied to them."""
    found = _of_project("problems", project, version, "Checking the data and the schema...")
    facts = {t: _leak_facts(version.token(t), frame) for t, frame in project.tables.items()}
    return found + leak_problems(project.schema, project.tables, facts)


def orphans(project: Project, version: Version) -> dict[Relationship, int]:
    """Child rows per relationship whose foreign key matches no parent (only non-zero)."""
    return _of_project("orphans", project, version, "Counting rows with unknown parents...")


def candidates(project: Project, version: Version) -> list[KeyCandidate]:
    """Relationships found in the values that the schema does not have yet, best first."""
    return _of_project("candidates", project, version,
                       "Looking for relationships in the values...")


@st.cache_data(**_CACHE, show_spinner="Measuring column associations...")
def _heatmap(key: str, _df: pd.DataFrame, _table: Table) -> go.Figure:
    return plots.correlation_heatmap(association_matrix(_df, _table))


def heatmap(project: Project, version: Version, table: str) -> go.Figure:
    """Associations between the columns of one table (depends on its types)."""
    return _heatmap(version.table_key(table), project.tables[table], project.schema.tables[table])


def first_to_draw(version: Version, table: str, columns: list[str]) -> int:
    """Where the distribution picker opens among ``columns``: the first that is neither an
    id (one bar per row says nothing, and at 100k distinct values it is the slowest chart
    to draw) nor personal data; the first column when every one is."""
    specs = version.table_meta(table)["columns"]
    sdtypes = [specs.get(c, {}).get("sdtype", "unknown") for c in columns]
    return next((i for i, sdtype in enumerate(sdtypes)
                 if sdtype != "id" and sdtype not in PII_SDTYPES), 0)


@st.cache_data(**_CACHE, show_spinner=False)
def _distribution(token: str, column: str, sdtype: str, _values: pd.Series) -> go.Figure:
    return plots.column_distribution(_values, None, sdtype)


def distribution(project: Project, version: Version, table: str, column: str) -> go.Figure:
    """One column's distribution, drawn for its current type."""
    sdtype = version.table_meta(table)["columns"].get(column, {}).get("sdtype", "unknown")
    return _distribution(version.token(table), column, sdtype, project.tables[table][column])


@st.cache_data(**_CACHE, show_spinner=False)
def _diagram(schema: str, _metadata: dict) -> go.Figure:
    return plots.schema_diagram(Schema.from_dict(_metadata))


def diagram(version: Version) -> go.Figure:
    """The schema as boxes and arrows (no data in it, so the schema alone is the key)."""
    return _diagram(version.schema, version.metadata)
