"""Step 6: download synthetic tables (one CSV or a ZIP), the metadata and the model.

Downloads use ``on_click="ignore"``: a download then never reruns the page, so a second
click right after the first is not lost in a rerun.
"""

import streamlit as st

from syndata.export import metadata_json, model_bytes, table_csv, zip_tables
from syndata.pii import pii_warning
from ui.database import write_to_database
from ui.state import get_state
from ui.widgets import need_synthetic, pick_synthetic

st.title("Export")
state = get_state()
if need_synthetic(state):
    synthetic_id = pick_synthetic(state, "export_synthetic")
    entry = state.synthetic[synthetic_id]
    warning = pii_warning(entry.schema, state.project.tables)
    if warning:
        st.warning(warning)
    neutralise = st.checkbox(
        "Make cells safe for spreadsheets", value=False,
        help="Cells starting with = + - @, a tab or a carriage return, or holding such a "
        "line after a line break, get a ' so Excel, Calc or Sheets do not run them as "
        "formulas. Off by default because it changes those values.")
    st.download_button("Download all tables and metadata.json (ZIP)",
                       lambda: zip_tables(entry.tables, entry.schema.to_dict(), neutralise),
                       f"syndata-{synthetic_id}.zip", "application/zip", type="primary",
                       on_click="ignore")
    for name, df in entry.tables.items():
        st.download_button(f"{name}.csv ({len(df):,} rows)",
                           lambda df=df: table_csv(df, neutralise), f"{name}.csv", "text/csv",
                           key=f"csv_{name}", on_click="ignore")
    with st.expander("Write to a database"):
        write_to_database(entry.tables, entry.schema)
    st.download_button("metadata.json (SDV format)", metadata_json(entry.schema.to_dict()),
                       "metadata.json", "application/json", on_click="ignore")
    if entry.model_id in state.fitted:
        model = state.fitted[entry.model_id].model
        st.download_button(
            f"Fitted model {entry.model_id} (.syndata, signed)", lambda: model_bytes(model),
            f"{entry.model_id}.syndata", "application/octet-stream", on_click="ignore",
            help="Loads only in this installation of syndata (Fit page or `python -m "
            "syndata sample --model-file`): the file is signed and checked before loading.")
