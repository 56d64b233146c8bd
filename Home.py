"""syndata: the entry point. Registers the pages and shows step 1, Load data (upload and
demos). The heading names the step, as every other page does; the product name stays in the
browser tab and the caption."""

import streamlit as st

from syndata.demos import DEMOS
from ui import nav
from ui.database import connect_database
from ui.state import get_state, reset_state
from ui.upload import add_uploads, load_demo_into, reading_options, remove_table
from ui.widgets import show_notices

st.set_page_config(page_title="syndata", page_icon=":material/dataset:", layout="wide")


def home() -> None:
    state = get_state()
    st.title("Load data")
    st.caption("syndata makes synthetic tables that keep the statistics and relationships "
               "of your data, without its records. Load data, prepare it, fit a model, "
               "generate, check, export.")
    show_notices(state)
    upload_tab, database_tab, demo_tab = st.tabs(["Upload CSV files", "Connect a database",
                                                  "Demo datasets"])
    with upload_tab:
        files = st.file_uploader("CSV files, one table each (also .tsv, .txt, .gz, .zip)",
                                 accept_multiple_files=True,
                                 key=f"uploader_{state.upload_round}")
        options = reading_options()
        if st.button("Add files", type="primary", disabled=not files):
            add_uploads(state, files, options)
    with database_tab:
        connect_database(state)
    with demo_tab:
        key = st.selectbox("Demo", list(DEMOS), format_func=DEMOS.get)
        if st.button("Load demo"):
            load_demo_into(state, key)
    st.subheader("Loaded tables")
    if state.project.empty:
        st.info("Nothing loaded yet: add CSV files or a demo above.")
        return
    st.dataframe(state.project.summary(), hide_index=True, width="stretch")
    cols = st.columns([3, 1, 1])
    gone = cols[0].selectbox("Table", list(state.project.tables), label_visibility="collapsed")
    if cols[1].button("Remove table"):
        remove_table(state, gone)
    if cols[2].button("Start over"):
        reset_state()
        st.rerun()
    nav.link("prepare", "Next: prepare the data")


st.navigation(nav.register(home)).run()
