"""syndata: the entry point. Registers the pages and shows step 1, Load data (upload and
demos). The heading names the step, as every other page does; the product name stays in the
browser tab and the caption."""

import streamlit as st

from syndata.demos import DEMOS
from syndata.ingest import CsvOptions
from ui import nav
from ui.state import get_state, reset_state
from ui.upload import add_uploads, load_demo_into, remove_table
from ui.widgets import show_notices

st.set_page_config(page_title="syndata", page_icon=":material/dataset:", layout="wide")

DELIMITERS = {"detect": None, "comma ,": ",", "semicolon ;": ";", "tab": "\t", "pipe |": "|"}
ENCODINGS = {"detect": None, "UTF-8": "utf-8", "Latin-1": "latin-1", "UTF-16": "utf-16"}


def home() -> None:
    state = get_state()
    st.title("Load data")
    st.caption("syndata makes synthetic tables that keep the statistics and relationships "
               "of your data, without its records. Load data, prepare it, fit a model, "
               "generate, check, export.")
    show_notices(state)
    upload_tab, demo_tab = st.tabs(["Upload CSV files", "Demo datasets"])
    with upload_tab:
        files = st.file_uploader("CSV files, one table each (also .tsv, .txt, .gz, .zip)",
                                 accept_multiple_files=True,
                                 key=f"uploader_{state.upload_round}")
        with st.expander("Reading options"):
            has_header = st.checkbox("First row is the header", value=True)
            skip_rows = st.number_input("Rows to skip before the header", 0, 1_000_000, 0)
            delimiter = st.selectbox("Delimiter", list(DELIMITERS))
            encoding = st.selectbox("Encoding", list(ENCODINGS))
        options = CsvOptions(has_header, int(skip_rows), DELIMITERS[delimiter],
                             ENCODINGS[encoding])
        if st.button("Add files", type="primary", disabled=not files):
            add_uploads(state, files, options)
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
