"""What every page shares: a missing step said with what to do, a SyndataError shown as a
message and never a traceback, edits applied with one rerun and their notices shown once."""

import pytest
from streamlit.testing.v1 import AppTest

from ui.widgets import percent


@pytest.mark.parametrize("score, text", [
    (None, "not scored"), (float("nan"), "not scored"), (0.1234, "12.3%"), (1.0, "100.0%"),
])
def test_a_score_is_a_percentage_or_not_scored(score, text):
    assert percent(score) == text


def _guards_page(root: str) -> None:
    import streamlit as st

    from syndata.workspace import Workspace
    from ui.state import AppState
    from ui.widgets import need_data, need_fitted, need_synthetic

    state = AppState(Workspace.create(root, "guards"))
    st.write(f"guards {need_data(state)} {need_fitted(state)} {need_synthetic(state)}")
    state.workspace.close()


def test_each_missing_step_says_what_to_do_first(tmp_path):
    app = AppTest.from_function(_guards_page, args=(str(tmp_path),), default_timeout=30).run()
    assert [i.value for i in app.info] == [
        "No data loaded yet. Upload CSV files or pick a demo first.",
        "No fitted model yet. Fit one on the Fit page first.",
        "No synthetic data yet. Generate some on the Generate page first.",
    ]
    assert app.markdown[-1].value == "guards False False False"


def _attempt_page() -> None:
    import streamlit as st

    from syndata.errors import ModelError
    from ui.widgets import attempt

    def refused() -> int:
        raise ModelError("CUDA was requested but this machine has no usable GPU.")

    st.write(f"refused {attempt(refused, 'never said')}")
    st.write(f"done {attempt(lambda: 3, 'Fitted')}")


def test_an_action_error_is_a_message_and_success_a_toast():
    app = AppTest.from_function(_attempt_page, default_timeout=30).run()
    assert not app.exception
    assert [e.value for e in app.error] == [
        "CUDA was requested but this machine has no usable GPU."]
    assert [t.value for t in app.toast] == ["Fitted"]
    assert [m.value for m in app.markdown] == ["refused None", "done 3"]


def _edits_page(root: str, outcomes: list[str]) -> None:
    import streamlit as st

    from syndata.errors import MetadataError
    from syndata.workspace import Workspace
    from ui.state import AppState
    from ui.widgets import apply_edits, show_notices

    def edit(outcome: str):
        def run() -> str:
            if outcome.startswith("bad "):
                raise MetadataError(outcome)
            return outcome
        return run

    if "state" not in st.session_state:
        st.session_state.state = AppState(Workspace.create(root, "edits"))
        st.session_state.runs = 0
    state = st.session_state.state
    st.session_state.runs += 1
    show_notices(state)
    if st.button("Apply"):
        apply_edits(state, [edit(o) for o in outcomes])


def _applied(tmp_path, outcomes: list[str]) -> AppTest:
    app = AppTest.from_function(_edits_page, args=(str(tmp_path), outcomes),
                                default_timeout=30).run()
    app.button[0].click().run()
    return app


def test_edits_that_succeed_rerun_the_page_and_show_their_notices_once(tmp_path):
    app = _applied(tmp_path, ["a: categorical", "bad key", "b: id"])
    assert app.session_state.runs == 3  # first run, the click, the rerun it asked for
    assert [e.value for e in app.error] == ["bad key"]
    assert [t.value for t in app.toast] == ["a: categorical; b: id"]
    app.run()
    assert not app.error and not app.toast
    app.session_state.state.workspace.close()


def test_edits_that_all_fail_show_their_errors_without_a_rerun(tmp_path):
    app = _applied(tmp_path, ["bad one", "bad two"])
    assert app.session_state.runs == 2
    assert [e.value for e in app.error] == ["bad one", "bad two"]
    assert not app.toast and app.session_state.state.notices == []
    app.session_state.state.workspace.close()
