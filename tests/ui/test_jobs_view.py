"""The job list: each job's line (state, time, time left), its bar, error and log; a done
job's result taken into the session once; an empty list says so."""

import pytest
from streamlit.testing.v1 import AppTest

from syndata.jobs import JobStatus
from syndata.progress import Progress
from ui.jobs_view import _eta


def _status(state: str, **changes) -> JobStatus:
    values = {"id": "j1", "label": "fit irgan", "state": state, "progress": None,
              "fraction": 0.0, "eta_s": None, "log": [], "error": None, "started_at": 1.0,
              "finished_at": None, "elapsed_s": 12.4}
    return JobStatus(**(values | changes))


@pytest.mark.parametrize("state, eta, text", [
    ("running", 42.9, ", about 42 s left"),
    ("running", 125.0, ", about 2 min 05 s left"),
    ("running", None, ""),
    ("queued", 30.0, ""),
    ("done", 30.0, ""),
])
def test_time_left_only_for_a_running_job_that_has_an_estimate(state, eta, text):
    assert _eta(_status(state, eta_s=eta)) == text


def _show_page(status: "JobStatus") -> None:
    from ui.jobs_view import _show

    _show(status)


def _shown(status: JobStatus) -> AppTest:
    return AppTest.from_function(_show_page, args=(status,), default_timeout=30).run()


def test_a_running_job_shows_its_progress_and_a_cancel_button():
    progress = Progress("fit", 0.25, "wine: epoch 1 of 4", loss=0.5)
    app = _shown(_status("running", progress=progress, fraction=0.25, eta_s=65.0))
    assert app.markdown[0].value.endswith("**fit irgan** — running, 12 s, about 1 min 05 s left")
    assert [b.label for b in app.button] == ["Cancel"]
    assert not app.error


def test_a_failed_job_shows_its_error_and_the_last_ten_log_lines():
    log = [f"line {i}" for i in range(15)]
    app = _shown(_status("failed", error="Out of memory: use fewer rows.", log=log))
    assert [e.value for e in app.error] == ["Out of memory: use fewer rows."]
    assert app.code[0].value == "\n".join(log[-10:])
    assert not app.button
    app = _shown(_status("failed"))
    assert [e.value for e in app.error] == ["The job failed."]


def _collect_page(statuses: list["JobStatus"]) -> None:
    import streamlit as st

    from ui.jobs_view import _collect
    from ui.state import JobRecord, get_state

    state = get_state()
    if "arrived" not in st.session_state:
        state.jobs = {s.id: JobRecord("fit") for s in statuses}
        st.session_state["arrived"] = [_collect(state, s) for s in statuses]


def test_a_result_is_taken_in_only_once_and_only_when_done(tmp_path, monkeypatch):
    monkeypatch.setenv("SYNDATA_WORKSPACE_ROOT", str(tmp_path / "sessions"))
    app = AppTest.from_function(_collect_page, args=([_status("running", id="gone0"),
                                                        _status("done", id="gone1"),
                                                        _status("done", id="gone1")],),
                                default_timeout=30).run()
    state = app.session_state["syndata"]
    try:
        assert app.session_state["arrived"] == [False, False, False]
        assert [r.collected for r in state.jobs.values()] == [False, True]
        assert [e.value for e in app.error] == ["No job with id 'gone1' in this session."]
        assert not state.fitted
    finally:
        state.workspace.close()


def _panel_page() -> None:
    from ui.jobs_view import job_panel
    from ui.state import get_state

    job_panel(get_state(), ("fit",))


def test_a_session_without_jobs_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("SYNDATA_WORKSPACE_ROOT", str(tmp_path / "sessions"))
    app = AppTest.from_function(_panel_page, default_timeout=30).run()
    try:
        assert [c.value for c in app.caption] == ["No jobs yet."]
    finally:
        app.session_state["syndata"].workspace.close()
