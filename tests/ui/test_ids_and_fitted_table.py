"""The fitted-models table of the Fit page: settings in words, notes whole (the
per-session names of models and datasets are tested in tests/ui/test_state.py)."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

HOME = str(Path(__file__).resolve().parents[2] / "Home.py")


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
        assert row["settings"].startswith("epochs 1 · batch size 100 · generator argn · "
                                          "learning rate 0.003 · hidden units 128 · "
                                          "matrix precision auto · column rules on · ")
        assert "{" not in row["settings"]
        assert row["notes"] == " ".join(irgan_model.info.notes)
        assert row["notes"].endswith("words words, end.")
    finally:
        irgan_model.info.notes.pop()
        state.workspace.close()
