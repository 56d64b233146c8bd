"""The one object a browser session keeps: its private workspace, created once and deleted
on reset, and the per-session names of its models and datasets."""

from streamlit.testing.v1 import AppTest

from syndata.workspace import Workspace
from ui.state import AppState, JobRecord


def test_two_sessions_number_their_models_and_data_on_their_own(tmp_path, irgan_model):
    root = tmp_path / "sessions"
    busy, fresh = AppState(Workspace.create(root, "busy")), AppState(Workspace.create(root, "new"))
    for _ in range(3):
        busy.add_fitted(irgan_model)
    busy.add_synthetic("m1", irgan_model.sample(rows=5, seed=0), {"seed": 0})

    first = fresh.add_fitted(irgan_model)
    data = fresh.add_synthetic(first.id, irgan_model.sample(rows=5, seed=1), {"seed": 1})

    assert (first.id, first.name, first.label) == ("m1", "model 1", "model 1: irgan on wine")
    assert (data.id, data.label) == ("s1", "data 1: from model 1, 5 rows, seed 1")
    assert list(busy.fitted) == ["m1", "m2", "m3"] and list(busy.synthetic) == ["s1"]
    assert fresh.add_fitted(irgan_model).name == "model 2"
    busy.workspace.close()
    fresh.workspace.close()


def test_a_dataset_keeps_the_schema_its_model_was_fitted_on(tmp_path, irgan_model):
    state = AppState(Workspace.create(tmp_path, "one"))
    model = state.add_fitted(irgan_model)
    data = state.add_synthetic(model.id, irgan_model.sample(rows=3, seed=0), {"seed": 0})
    assert data.schema.to_dict() == irgan_model.info.metadata
    assert data.model_id == "m1" and data.settings == {"seed": 0}
    state.workspace.close()


def test_a_job_record_starts_not_collected():
    record = JobRecord("fit")
    assert (record.kind, record.args, record.collected) == ("fit", {}, False)
    assert JobRecord("fit").args is not record.args


def _session() -> None:
    import streamlit as st

    from ui.state import get_state, reset_state

    state = get_state()
    st.session_state["seen"] = [*st.session_state.get("seen", []), state.workspace.path]
    if st.button("Start over"):
        reset_state()


def test_the_state_is_made_once_per_session_and_reset_deletes_its_workspace(tmp_path,
                                                                           monkeypatch):
    monkeypatch.setenv("SYNDATA_WORKSPACE_ROOT", str(tmp_path / "sessions"))
    app = AppTest.from_function(_session, default_timeout=30).run()
    app.run()
    first, again = app.session_state["seen"]
    assert first == again and first.is_dir()
    app.button[0].click().run()
    assert not first.exists() and "syndata" not in app.session_state
    app.run()
    fresh = app.session_state["seen"][-1]
    assert fresh != first and fresh.is_dir()
    app.session_state["syndata"].workspace.close()
