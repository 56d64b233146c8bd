"""Step 3: generate synthetic data from a fitted model, by rows or scale, with a seed."""

import streamlit as st

from syndata import tasks
from ui import nav
from ui.jobs_view import job_panel
from ui.state import get_state, start_job
from ui.widgets import need_fitted

st.title("Generate")
state = get_state()
if need_fitted(state):
    model_id = st.selectbox("Fitted model", list(reversed(state.fitted)),
                            format_func=lambda i: state.fitted[i].label)
    model = state.fitted[model_id].model
    how = st.radio("Size", ["Scale factor", "Rows"], horizontal=True,
                   help="Scale multiplies every table's real size; rows sets the size of "
                   f"the main table ({model.main_table}); related tables follow.")
    rows = scale = None
    if how == "Rows":
        rows = int(st.number_input(f"Rows of {model.main_table}", 1, 10_000_000,
                                   model.info.real_rows[model.main_table]))
    else:
        scale = float(st.number_input("Scale factor", 0.01, 100.0, 1.0, step=0.1))
    seed = int(st.number_input("Seed (same seed, same data)", 0, 2**31 - 1, 0))
    if st.button("Generate", type="primary"):
        start_job(state, tasks.sample_job,
                  {"model": model, "rows": rows, "scale": scale, "seed": seed},
                  f"Generate from {state.fitted[model_id].name}", "sample",
                  model_id=model_id, rows=rows, scale=scale, seed=seed)
    st.subheader("Jobs")
    job_panel(state, ("sample",))
    if state.synthetic:
        latest = state.synthetic[list(state.synthetic)[-1]]
        st.subheader(f"Latest: {latest.label}")
        for name, df in latest.tables.items():
            st.markdown(f"**{name}** — {len(df):,} rows")
            st.dataframe(df.head(50), hide_index=True, width="stretch")
        nav.link("visualise", "Next: compare with the real data")
