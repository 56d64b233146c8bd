"""Step 2: profile the tables, fix types and keys, link tables, check before fitting."""

import streamlit as st

from ui import nav
from ui.prepare import prepare_tabs
from ui.state import get_state
from ui.widgets import need_data, show_notices

st.title("Prepare")
state = get_state()
if need_data(state):
    show_notices(state)
    table = st.selectbox("Table", list(state.project.tables), key="prepare_table")
    prepare_tabs(state, table)
    nav.link("fit", "Next: fit a model")
