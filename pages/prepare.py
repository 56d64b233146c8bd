"""Step 1: profile the tables, fix types and keys, link tables, check before fitting."""

import streamlit as st

from syndata.metadata import Schema
from ui import nav
from ui.prepare import (
    keys_section,
    profile_section,
    relationships_section,
    types_section,
    validation_section,
)
from ui.state import get_state
from ui.widgets import attempt, need_data, show_notices

st.title("Prepare")
state = get_state()
if need_data(state):
    show_notices(state)
    project = state.project
    table = st.selectbox("Table", list(project.tables), key="prepare_table")
    profile, types, keys, links, checks, meta = st.tabs(
        ["Profile", "Types", "Keys & columns", "Relationships & groups", "Check", "Metadata JSON"])
    with profile:
        profile_section(state, table)
    with types:
        types_section(state, table)
    with keys:
        keys_section(state, table)
    with links:
        relationships_section(state)
    with checks:
        validation_section(state)
    with meta:
        st.download_button("Download metadata.json (SDV format, no real values)",
                           project.schema.to_json(), "metadata.json", "application/json",
                           on_click="ignore")
        uploaded = st.file_uploader("Replace the schema with an SDV metadata JSON file",
                                    type=["json"], key="metadata_upload")
        if uploaded is not None and st.button("Use this metadata"):
            text = uploaded.getvalue().decode("utf-8", "replace")
            schema = attempt(lambda: Schema.from_json(text, uploaded.name))
            if schema is not None:
                missing = [t for t in schema.tables if t not in project.tables]
                if missing:
                    st.error(f"The metadata names table(s) {missing} that are not loaded. "
                             f"Loaded: {', '.join(project.tables)}.")
                else:
                    project.schema = schema
                    st.success("Metadata loaded; check the problems listed under Check.")
    nav.link("fit", "Next: fit a model")
