"""The sections of the Prepare page: profile, types, keys and columns, links, checks, metadata.

Three rules keep the page fast and never stale on 100k rows:

* only the open tab runs (lazy ``st.tabs``), and every number it shows comes from
  ``ui.prepare_views``, computed once per data and schema version;
* every change of the data or schema goes through ``apply_edits``, which reruns the whole
  page, so nothing drawn before the edit in the same run survives it;
* the distribution chart's column picker, which changes nothing else, sits in a fragment
  and reruns only the chart. Widgets whose value the next action depends on (the tables
  picked for a relationship) rerun the page instead: a fragment's rerun shows no running
  indicator, so a user (or a browser test) could act on the old options for the second it
  takes, and with the views cached the page reruns in ~50 ms. A widget that only feeds
  one button (a cell of the types grid, the primary key picker, the parent table, the
  group's tables and name) reruns nothing (``on_change="ignore"``): its value travels with
  that button's click, and a rerun with nothing to show cost 150-250 ms in Chromium.
"""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from syndata.keys import KeyCandidate
from syndata.validation import Fix, Problem
from syndata.vocabulary import DATETIME_FORMATS, SDTYPES
from ui import prepare_edits as edits
from ui import prepare_views as views
from ui.state import AppState
from ui.versions import Version
from ui.widgets import apply_edits

TABS = ("Profile", "Types", "Keys & columns", "Relationships & groups", "Check",
        "Metadata JSON")
PROFILE_VIEWS = ("Columns", "Distribution", "Associations")


def prepare_tabs(state: AppState, table: str) -> None:
    """The tabs of the Prepare page; only the open one runs (switching tabs reruns)."""
    sections = (profile_section, types_section, keys_section, relationships_section,
                validation_section, metadata_section)
    for tab, section in zip(st.tabs(list(TABS), key="prepare_tab", on_change="rerun"),
                            sections, strict=True):
        if tab.open:
            with tab:
                section(state, table)


# ----- sections ---------------------------------------------------------------------------
def profile_section(state: AppState, table: str) -> None:
    """Per column: type, nulls, distinct values, range or top values and a sparkline of its
    shape; the two plotly charts (one column's distribution, the associations) in their own
    lazy tabs, so opening Profile mounts no chart: mounting both took 200-280 ms of the
    browser's main thread each time Profile opened, against 130-200 ms for the whole page
    without them."""
    columns, distribution, associations = st.tabs(
        list(PROFILE_VIEWS), key=f"profile_view_{table}", on_change="rerun")
    project, version = state.project, state.version()
    if columns.open:
        columns.dataframe(views.profile(project, version, table), hide_index=True,
                          width="stretch", column_config={"shape": st.column_config.BarChartColumn(
                              "shape", help="Share of rows per bin, or of the most frequent "
                              "values (none for ids and personal data)", y_min=0.0)})
    if distribution.open:
        with distribution:
            _distribution(state, table)
    if associations.open:
        associations.plotly_chart(views.heatmap(project, version, table),
                                  key=f"profile_corr_{table}")


@st.fragment
def _distribution(state: AppState, table: str) -> None:
    columns = list(state.project.tables[table].columns)
    column = st.selectbox("Distribution of", columns, key=f"profile_col_{table}",
                          index=views.first_to_draw(state.version(), table, columns))
    st.plotly_chart(views.distribution(state.project, state.version(), table, column),
                    key=f"profile_dist_{table}")


def types_section(state: AppState, table: str) -> None:
    """Edit sdtypes (and datetime formats) in a table; PII-looking columns are flagged."""
    findings = views.pii_findings(state.project, state.version(), table)
    if findings:
        st.warning("These columns look like personal data: " + ", ".join(
            f"{c} ({kind}: {why})" for c, (kind, why) in findings.items())
            + ". Typed as PII, they are replaced by fake values and never learned.")
        if st.button("Use the suggested PII types", key=f"pii_{table}"):
            apply_edits(state, [partial(edits.set_type, state.project, table, c, kind)
                                for c, (kind, _) in findings.items()])
    _types_editor(state, table)


def _types_editor(state: AppState, table: str) -> None:
    """The grid of types; its key follows the table's version, so edits made elsewhere
    (a PII fix, a check's fix, a metadata upload) show here instead of old pending cells.
    A cell edit reruns nothing (no view depends on it until *Apply types*, whose click sends
    the edited cells): a rerun per edit waited 150 ms in Streamlit's debounce and redrew
    the page, 300-340 ms in Chromium at 100k rows, against 120-130 ms now."""
    schema = state.project.schema
    current = pd.DataFrame([
        {"column": c, "sdtype": spec.sdtype, "datetime format": spec.datetime_format or ""}
        for c, spec in schema.tables[table].columns.items()
    ])
    edited = st.data_editor(
        current, hide_index=True, disabled=["column"], width="stretch", on_change="ignore",
        key=f"types_{table}_{state.version().digest(table)}",
        column_config={
            "sdtype": st.column_config.SelectboxColumn(options=list(SDTYPES), required=True),
            "datetime format": st.column_config.SelectboxColumn(
                options=[""] + list(DATETIME_FORMATS)),
        })
    if st.button("Apply types", key=f"apply_types_{table}"):
        changes = []
        for row in edited.itertuples(index=False):
            spec = schema.tables[table].columns[row.column]
            fmt = row[2] or None
            if (row.sdtype, fmt) != (spec.sdtype, spec.datetime_format):
                changes.append(partial(edits.set_type, state.project, table, row.column,
                                       row.sdtype, fmt))
        if changes:
            apply_edits(state, changes)
        else:
            st.info("No type changed: pick new types in the grid first.")


def keys_section(state: AppState, table: str) -> None:
    """Primary key and column removal for one table."""
    schema = state.project.schema
    columns = list(schema.tables[table].columns)
    current = schema.tables[table].primary_key
    left, right = st.columns(2)
    with left:
        st.markdown(f"**Primary key:** {current or 'none'}")
        choice = st.selectbox("Set primary key", columns, key=f"pk_{table}",
                              index=columns.index(current) if current in columns else 0,
                              on_change="ignore")
        if st.button("Set key", key=f"set_pk_{table}"):
            apply_edits(state, [partial(edits.set_key, state.project, table, choice)])
        if current and st.button("Remove key", key=f"rm_pk_{table}"):
            apply_edits(state, [partial(edits.remove_key, state.project, table)])
        _sequence(state, table)
    with right:
        drop = st.multiselect("Drop columns", columns, key=f"drop_{table}")
        if st.button("Drop", key=f"drop_btn_{table}", disabled=not drop):
            apply_edits(state, [partial(edits.drop_columns, state.project, table, drop)])


def _sequence(state: AppState, table: str) -> None:
    """Mark the table sequential: the entity column and the order column (SDV's
    ``sequence_key`` and ``sequence_index``), for PAR and the sequence checks."""
    spec = state.project.schema.tables[table]
    columns = list(spec.columns)
    orderable = [c for c, col in spec.columns.items() if col.sdtype in ("datetime", "numerical")]
    st.markdown("**Sequence:** " + (f"one per {spec.sequence_key}, ordered by "
                                    f"{spec.sequence_index}" if spec.sequential else "none"))
    if not orderable:
        st.caption("A sequential table needs a datetime or numerical column to order by.")
        return
    key = st.selectbox("Sequence key (the entity)", columns, key=f"seq_key_{table}",
                       index=columns.index(spec.sequence_key) if spec.sequential else 0,
                       on_change="ignore")
    index = st.selectbox("Sequence index (the order)", orderable, key=f"seq_index_{table}",
                         index=orderable.index(spec.sequence_index)
                         if spec.sequence_index in orderable else 0, on_change="ignore")
    if st.button("Mark sequential", key=f"set_seq_{table}"):
        apply_edits(state, [partial(edits.set_sequence, state.project, table, key, index)])
    if spec.sequential and st.button("Not sequential", key=f"rm_seq_{table}"):
        apply_edits(state, [partial(edits.clear_sequence, state.project, table)])


def relationships_section(state: AppState, table: str) -> None:
    """Proposed and current relationships, orphan rows, groups of tables."""
    schema = state.project.schema
    if len(schema.tables) < 2:
        st.info("Relationships link two tables: load at least two.")
        return
    version = state.version()
    st.plotly_chart(views.diagram(version), key="schema_diagram")
    _proposed(state, views.candidates(state.project, version))
    _relationship_form(state)
    for rel in list(schema.relationships):
        row = st.columns([5, 1])
        row[0].write(rel.label())
        if row[1].button("Remove", key=f"rm_rel_{rel.label()}"):
            apply_edits(state, [partial(edits.unlink, state.project, rel.label())])
    _orphans(state, version)
    _reference(state)
    _groups(state)


def _proposed(state: AppState, found: list[KeyCandidate]) -> None:
    """Relationships the values suggest, best first, each one click from the schema."""
    if not found:
        return
    schema = state.project.schema
    head = st.columns([5, 1])
    head[0].markdown("**Proposed relationships** (found in the values, best first)")
    if head[1].button("Add all", key="add_all_candidates"):
        apply_edits(state, [partial(edits.link, schema, c.parent, c.child, c.child_key)
                            for c in edits.best_per_column(found)])
    for candidate in found:
        row = st.columns([5, 1])
        row[0].markdown(f"{candidate.label()} ({candidate.score:.0%}): {candidate.reason}")
        if row[1].button("Add", key=f"add_candidate_{candidate.label()}"):
            apply_edits(state, [partial(edits.link, schema, candidate.parent, candidate.child,
                                        candidate.child_key)])


def _relationship_form(state: AppState) -> None:
    schema = state.project.schema
    tables = list(schema.tables)
    cols = st.columns(3)
    parent = cols[0].selectbox("Parent table", tables, key="rel_parent", on_change="ignore")
    child = cols[1].selectbox("Child table", tables, key="rel_child")
    child_key = cols[2].selectbox("Foreign key column", list(schema.tables[child].columns),
                                  key="rel_fk")
    if st.button("Add relationship"):
        apply_edits(state, [partial(edits.link, schema, parent, child, child_key)])


def _orphans(state: AppState, version: Version) -> None:
    counts = views.orphans(state.project, version)
    if counts:
        st.warning("Rows that reference a missing parent: " + "; ".join(
            f"{r.label()}: {n}" for r, n in counts.items()))
        if st.button("Drop those rows"):
            apply_edits(state, [partial(edits.fix, state.project,
                                        Fix("drop_orphans", "Dropped the rows with unknown "
                                            "references"))])


def _reference(state: AppState) -> None:
    """A checkbox per table: copy it as it is (``syndata.reference_tables``), with a warning
    once any is ticked. Its key holds the current flag, so after an edit (or a metadata
    upload) the box shows the schema's value, not a pending click."""
    schema = state.project.schema
    st.markdown("**Reference tables** (copied as they are by IRGAN and CART; children point "
                "at their real rows)")
    row = st.columns(min(len(schema.tables), 4))
    for i, (name, table) in enumerate(schema.tables.items()):
        ticked = row[i % len(row)].checkbox(
            f"{name}: reference, copy as is", value=table.reference,
            key=f"reference_{name}_{table.reference}")
        if ticked != table.reference:
            apply_edits(state, [partial(edits.set_reference, state.project, name, ticked)])
    marked = schema.reference_tables()
    if marked:
        st.warning(f"{', '.join(marked)}: these rows are real and leave as they are. Every "
                   "synthetic output holds them unchanged, keys included, and so does the "
                   "fitted model file. Tick only tables with nothing to protect (codes, "
                   "places, catalogues).")


def _groups(state: AppState) -> None:
    schema = state.project.schema
    st.markdown("**Groups** (tables fitted together by HMA or IRGAN)")
    for name, members in list(schema.groups.items()):
        row = st.columns([5, 1])
        row[0].write(f"{name}: {', '.join(members)}")
        if row[1].button("Ungroup", key=f"ungroup_{name}"):
            apply_edits(state, [partial(edits.ungroup, schema, name)])
    members = st.multiselect("Tables", list(schema.tables), key="group_members",
                             on_change="ignore")
    name = st.text_input("Group name", value="group", key="group_name", on_change="ignore")
    if st.button("Group tables"):
        apply_edits(state, [partial(edits.group, schema, name, members)])


def validation_section(state: AppState, table: str) -> None:
    """Every problem at once, each with its one-click fixes."""
    problems = views.problems(state.project, state.version())
    blocking = [p for p in problems if p.blocking]
    warnings = [p for p in problems if not p.blocking]
    if blocking:
        st.error(f"{len(blocking)} problem(s) to fix before fitting.")
    else:
        st.success("No problems found: ready to fit.")
    _problem_list(state, blocking, "fix")
    if warnings:
        st.warning(f"{len(warnings)} column(s) are learned value by value, so real values "
                   "can reach the synthetic data (the fit still runs):")
        _problem_list(state, warnings, "leak")


def _problem_list(state: AppState, problems: list[Problem], key: str) -> None:
    """Each problem's message and its one-click fixes (``key`` keeps buttons apart)."""
    for i, problem in enumerate(problems):
        st.markdown(f"- {problem.message}")
        for j, fix in enumerate(problem.fixes):
            if st.button(fix.label, key=f"{key}_{i}_{j}"):
                apply_edits(state, [partial(edits.fix, state.project, fix)])


def metadata_section(state: AppState, table: str) -> None:
    """Download the schema as SDV metadata JSON, or replace it by an uploaded file."""
    project = state.project
    st.download_button("Download metadata.json (SDV format, no real values)",
                       project.schema.to_json(), "metadata.json", "application/json",
                       on_click="ignore")
    uploaded = st.file_uploader("Replace the schema with an SDV metadata JSON file",
                                type=["json"], key="metadata_upload")
    if uploaded is not None and st.button("Use this metadata"):
        text = uploaded.getvalue().decode("utf-8", "replace")
        apply_edits(state, [partial(edits.use_metadata, project, text, uploaded.name)])
