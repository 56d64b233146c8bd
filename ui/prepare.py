"""The sections of the Prepare page: profile, types, keys and columns, links, checks."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from syndata import plots
from syndata.metadata import DATETIME_FORMATS, SDTYPES, Schema
from syndata.pii import detect_pii
from syndata.profile import profile_frame
from syndata.validation import Fix, apply_fix, orphan_counts, validate
from ui.state import AppState
from ui.widgets import attempt


@st.cache_data(max_entries=32, show_spinner=False)
def _profile(df: pd.DataFrame, table_meta: dict) -> pd.DataFrame:
    return profile_frame(df, table_meta)


@st.cache_data(max_entries=32, show_spinner=False)
def _pii(df: pd.DataFrame) -> dict:
    return {c: (f.sdtype, f.reason) for c, f in detect_pii(df).items()}


def profile_section(state: AppState, table: str) -> None:
    """Per column: type, nulls, distinct values, range or top values; charts below."""
    df = state.project.tables[table]
    meta = state.project.schema.to_dict([table])["tables"][table]
    st.dataframe(_profile(df, meta), hide_index=True, width="stretch")
    column = st.selectbox("Distribution of", list(df.columns), key=f"profile_col_{table}")
    left, right = st.columns(2)
    sdtype = meta["columns"][column]["sdtype"]
    left.plotly_chart(plots.column_distribution(df[column], None, sdtype),
                      key=f"profile_dist_{table}")
    right.plotly_chart(plots.correlation_heatmap(df, meta), key=f"profile_corr_{table}")


def types_section(state: AppState, table: str) -> None:
    """Edit sdtypes (and datetime formats) in a table; PII-looking columns are flagged."""
    schema = state.project.schema
    findings = _pii(state.project.tables[table])
    if findings:
        st.warning("These columns look like personal data: " + ", ".join(
            f"{c} ({kind}: {why})" for c, (kind, why) in findings.items())
            + ". Typed as PII, they are replaced by fake values and never learned.")
        if st.button("Use the suggested PII types", key=f"pii_{table}"):
            for column, (kind, _) in findings.items():
                attempt(lambda c=column, k=kind: schema.set_sdtype(table, c, k))
            st.rerun()
    current = pd.DataFrame([
        {"column": c, "sdtype": spec.sdtype, "datetime format": spec.datetime_format or ""}
        for c, spec in schema.tables[table].columns.items()
    ])
    edited = st.data_editor(
        current, hide_index=True, disabled=["column"], key=f"types_{table}", width="stretch",
        column_config={
            "sdtype": st.column_config.SelectboxColumn(options=list(SDTYPES), required=True),
            "datetime format": st.column_config.SelectboxColumn(
                options=[""] + list(DATETIME_FORMATS)),
        })
    if st.button("Apply types", key=f"apply_types_{table}"):
        for row in edited.itertuples(index=False):
            spec = schema.tables[table].columns[row.column]
            fmt = row[2] or None
            if (row.sdtype, fmt) != (spec.sdtype, spec.datetime_format):
                attempt(lambda r=row, f=fmt: schema.set_sdtype(table, r.column, r.sdtype, f),
                        f"{row.column}: {row.sdtype}")


def keys_section(state: AppState, table: str) -> None:
    """Primary key and column removal for one table."""
    schema = state.project.schema
    columns = list(schema.tables[table].columns)
    current = schema.tables[table].primary_key
    left, right = st.columns(2)
    with left:
        st.markdown(f"**Primary key:** {current or 'none'}")
        choice = st.selectbox("Set primary key", columns, key=f"pk_{table}",
                              index=columns.index(current) if current in columns else 0)
        if st.button("Set key", key=f"set_pk_{table}") and attempt(
                lambda: schema.set_primary_key(table, choice) or True):
            st.rerun()
        if current and st.button("Remove key", key=f"rm_pk_{table}"):
            removed = schema.remove_primary_key(table)
            if removed:
                state.notices.append(("success", "Removed the key and "
                                      + ", ".join(r.label() for r in removed)))
            st.rerun()
    with right:
        drop = st.multiselect("Drop columns", columns, key=f"drop_{table}")
        if st.button("Drop", key=f"drop_btn_{table}", disabled=not drop):
            removed = attempt(lambda: state.project.drop_columns(table, drop))
            if removed is not None:
                st.toast(f"Dropped {len(drop)} column(s)"
                         + (f"; removed {', '.join(removed)}" if removed else ""))
                st.rerun()


def relationships_section(state: AppState) -> None:
    """Add and remove relationships; name groups of tables for multi-table models."""
    schema = state.project.schema
    tables = list(schema.tables)
    if len(tables) < 2:
        st.info("Relationships link two tables: load at least two.")
        return
    st.plotly_chart(plots.schema_diagram(schema.to_dict()), key="schema_diagram")
    cols = st.columns(3)
    parent = cols[0].selectbox("Parent table", tables, key="rel_parent")
    child = cols[1].selectbox("Child table", tables, key="rel_child")
    child_key = cols[2].selectbox("Foreign key column", list(schema.tables[child].columns),
                                  key="rel_fk")
    if st.button("Add relationship") and attempt(
            lambda: schema.add_relationship(parent, child, child_key)):
        st.rerun()
    for i, rel in enumerate(list(schema.relationships)):
        row = st.columns([5, 1])
        row[0].write(rel.label())
        if row[1].button("Remove", key=f"rm_rel_{i}"):
            schema.remove_relationship(rel)
            st.rerun()
    _orphans(state)
    _groups(schema)


def _orphans(state: AppState) -> None:
    counts = {r: n for r, n in orphan_counts(state.project.schema, state.project.tables).items()
              if n}
    if counts:
        st.warning("Rows that reference a missing parent: " + "; ".join(
            f"{r.label()}: {n}" for r, n in counts.items()))
        if st.button("Drop those rows"):
            _apply(state, "drop_orphans")


def _groups(schema: Schema) -> None:
    st.markdown("**Groups** (tables fitted together by HMA or IRGAN)")
    for name, members in list(schema.groups.items()):
        row = st.columns([5, 1])
        row[0].write(f"{name}: {', '.join(members)}")
        if row[1].button("Ungroup", key=f"ungroup_{name}"):
            schema.ungroup(name)
            st.rerun()
    members = st.multiselect("Tables", list(schema.tables), key="group_members")
    name = st.text_input("Group name", value="group", key="group_name")
    if st.button("Group tables"):
        attempt(lambda: schema.group_tables(name, members), f"Group {name} saved")


def validation_section(state: AppState) -> None:
    """Every problem at once, each with its one-click fixes."""
    problems = validate(state.project.schema, state.project.tables)
    if not problems:
        st.success("No problems found: ready to fit.")
        return
    st.error(f"{len(problems)} problem(s) to fix before fitting.")
    for i, problem in enumerate(problems):
        st.markdown(f"- {problem.message}")
        for j, fix in enumerate(problem.fixes):
            if st.button(fix.label, key=f"fix_{i}_{j}"):
                _apply(state, fix.action, fix)


def _apply(state: AppState, action: str, fix: Fix | None = None) -> None:
    project = state.project
    result = attempt(lambda: apply_fix(fix or Fix(action, action), project.schema,
                                       project.tables))
    if result is not None:
        project.schema, project.tables = result
        st.rerun()

