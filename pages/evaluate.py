"""Step 5: quality, diagnostic, privacy and ML utility, with a downloadable HTML report."""

import pandas as pd
import streamlit as st

from syndata import plots, tasks
from syndata.evaluation.sequences import SEQUENCES_NOTE, sequence_frame
from syndata.report import ATTACKS_NOTE, figure_text, overlap_frame, render_report
from ui import nav
from ui.jobs_view import job_panel
from ui.state import get_state, start_job
from ui.upload import read_holdout
from ui.widgets import need_data, need_synthetic, percent, pick_synthetic

st.title("Evaluate")
state = get_state()
if need_data(state) and need_synthetic(state):
    synthetic_id = pick_synthetic(state, "eval_synthetic")
    entry = state.synthetic[synthetic_id]
    real = {t: state.project.tables[t] for t in entry.tables if t in state.project.tables}
    targets = [f"{t}.{c}" for t in entry.schema.tables
               for c, sdtype in entry.schema.sdtypes(t).items() if sdtype != "id"]
    target = st.selectbox("ML utility target (optional)", ["(none)"] + targets)
    holdout, unread = read_holdout(st.file_uploader(
        "Holdout (optional): real rows the model was not fitted on, one CSV per table named "
        "after it, for the membership and attribute inference attacks", type=["csv"],
        accept_multiple_files=True, key="eval_holdout") or [], list(entry.tables))
    for error in unread:
        st.error(error)
    fitted = state.fitted.get(entry.model_id)
    if st.button("Evaluate", type="primary", disabled=len(real) < len(entry.tables)):
        start_job(state, tasks.evaluate_job,
                  {"real": real, "synthetic": entry.tables,
                   "schema": entry.schema,
                   "target": None if target == "(none)" else target,
                   "model": fitted.model.info.model if fitted else None,
                   "holdout": holdout},
                  f"Evaluate {synthetic_id}", "evaluate", synthetic_id=synthetic_id)
    job_panel(state, ("evaluate",))
    result = state.evaluations.get(synthetic_id)
    if result is not None:
        st.subheader(f"Quality: {result.level}")
        cols = st.columns(2 + len(result.properties))
        cols[0].metric("Quality", percent(result.quality))
        cols[1].metric("Diagnostic", percent(result.diagnostic))
        for col, (name, score) in zip(cols[2:], result.properties.items(), strict=True):
            col.metric(name, percent(score))
        for tip in result.recommendations:
            st.markdown(f"- {tip}")
        for item in result.not_computed:
            st.warning(item.line)
        st.caption(result.sampled_rows)
        with st.expander("Per-column scores"):
            st.dataframe(result.column_details, hide_index=True, width="stretch")
        st.subheader("Privacy")
        privacy = result.privacy
        cols = st.columns(4)
        cols[0].metric("Exact copies of real rows", figure_text(privacy.exact_copy_share, ".2%"))
        cols[1].metric("Median distance synthetic -> real",
                       figure_text(privacy.dcr_synthetic, ".3f"))
        cols[2].metric("Median distance holdout -> real", figure_text(privacy.dcr_holdout, ".3f"))
        cols[3].metric("Membership attack advantage",
                       figure_text(privacy.membership_advantage, ".3f"))
        st.caption(ATTACKS_NOTE)
        for finding in privacy.findings:
            st.markdown(f"- **{finding.name}**: {finding.reading}")
        with st.expander("Real values per column"):
            st.dataframe(overlap_frame(privacy), hide_index=True, width="stretch")
        if result.sequences:
            st.subheader("Sequences")
            st.dataframe(sequence_frame(result.sequences), hide_index=True, width="stretch")
            st.caption(SEQUENCES_NOTE)
        if result.utility is not None:
            st.subheader(f"ML utility ({result.utility.task}, target {result.utility.target})")
            st.dataframe(pd.DataFrame(result.utility.metrics), width="stretch")
            st.markdown(result.utility.reading)
            st.plotly_chart(plots.importance_plot(result.utility.importances))
        st.download_button(
            "Download the HTML report",
            lambda: render_report(result, real, entry.tables, entry.schema),
            f"syndata-report-{synthetic_id}.html", "text/html", on_click="ignore")
        nav.link("export", "Next: export")
