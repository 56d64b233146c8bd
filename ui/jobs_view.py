"""The live list of this session's jobs, refreshed on its own every second.

It is an ``st.fragment`` with ``run_every``: only this part of the page reruns while jobs
run, so the rest of the page stays responsive. A finished job's result is collected once
into the session state, then the whole page reruns to show it.
"""

from __future__ import annotations

import streamlit as st

from syndata.errors import JobError
from syndata.jobs import JobStatus
from ui.runtime import runner
from ui.state import AppState

_ICONS = {"queued": ":material/schedule:", "running": ":material/play_circle:",
          "done": ":material/check_circle:", "failed": ":material/error:",
          "cancelled": ":material/cancel:"}


def _eta(status: JobStatus) -> str:
    if status.eta_s is None or status.state != "running":
        return ""
    minutes, seconds = divmod(int(status.eta_s), 60)
    return f", about {minutes} min {seconds:02d} s left" if minutes else f", about {seconds} s left"


def _collect(state: AppState, status: JobStatus) -> bool:
    """Move a finished job's result into the session; True when something new arrived."""
    record = state.jobs[status.id]
    if status.state != "done" or record.collected:
        return False
    record.collected = True
    try:
        result = runner().result(status.id)
    except JobError as exc:
        st.error(str(exc))
        return False
    if record.kind == "fit":
        state.add_fitted(result)
    elif record.kind == "sample":
        args = dict(record.args)
        state.add_synthetic(args.pop("model_id"), result, args)
    else:
        state.evaluations[record.args["synthetic_id"]] = result
    return True


def _show(status: JobStatus) -> None:
    st.markdown(f"{_ICONS[status.state]} **{status.label}** — {status.state}, "
                f"{status.elapsed_s:.0f} s{_eta(status)}")
    if status.state in ("queued", "running"):
        detail = status.progress.text if status.progress else "starting"
        st.progress(min(max(status.fraction, 0.0), 1.0), text=detail)
        if st.button("Cancel", key=f"cancel_{status.id}"):
            runner().cancel(status.id)
            st.rerun(scope="fragment")
    if status.state == "failed":
        st.error(status.error or "The job failed.")
    if status.log:
        with st.expander("Log"):
            st.code("\n".join(status.log[-10:]), language=None)


@st.fragment(run_every=1.0)
def job_panel(state: AppState, kinds: tuple[str, ...]) -> None:
    """This session's jobs of the given kinds, newest first."""
    statuses = [s for s in runner().jobs(state.workspace)
                if s.id in state.jobs and state.jobs[s.id].kind in kinds]
    if not statuses:
        st.caption("No jobs yet.")
        return
    arrived = False
    for status in reversed(statuses):
        with st.container(border=True):
            _show(status)
        arrived |= _collect(state, status)
    if arrived:
        st.rerun(scope="app")
