"""Per-session names of models and datasets, and the fitted-models table of the Fit page."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from syndata import synthesis
from syndata.metadata import Schema
from syndata.workspace import Workspace
from ui.state import AppState

HOME = str(Path(__file__).resolve().parents[2] / "Home.py")


@pytest.fixture(scope="module")
def wine():
    from sklearn.datasets import load_wine

    return {"wine": load_wine(as_frame=True).frame.iloc[:, :5]}


@pytest.fixture(scope="module")
def irgan_model(wine):
    return synthesis.fit("irgan", Schema.detect(wine), wine, {"epochs": 1, "batch_size": 100})


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


def test_fitted_models_table_shows_settings_in_words_and_notes_whole(tmp_path, monkeypatch,
                                                                      irgan_model):
    monkeypatch.setenv("SYNDATA_WORKSPACE_ROOT", str(tmp_path / "sessions"))
    app = AppTest.from_file(HOME, default_timeout=120)
    app.run()
    next(s for s in app.selectbox if s.label == "Demo").set_value("wine")
    app.run()
    next(b for b in app.button if b.label == "Load demo").click()
    app.run()
    state = app.session_state["syndata"]
    irgan_model.info.notes.append("A long note that a data grid would cut: "
                                  + " ".join(["words"] * 40) + ", end.")
    try:
        state.add_fitted(irgan_model)
        app.switch_page("pages/fit.py").run()

        assert not app.exception
        table = app.table[0].value
        row = table.iloc[0]
        assert list(table.columns) == ["name", "model", "tables", "device", "fit time",
                                       "epochs", "settings", "notes"]
        assert row["name"] == "model 1" and row["model"] == "IRGAN (ours)"
        assert row["settings"].startswith("epochs 1 · batch size 100 · learning rate 0.001 · "
                                          "hidden units 128 · matrix precision auto · ")
        assert "{" not in row["settings"]
        assert row["notes"] == " ".join(irgan_model.info.notes)
        assert row["notes"].endswith("words words, end.")
    finally:
        irgan_model.info.notes.pop()
        state.workspace.close()
