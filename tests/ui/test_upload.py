"""Loading data into the session: the reading options as ``CsvOptions``, each uploaded file
added or refused on its own with a message, a demo replacing the data."""

from streamlit.testing.v1 import AppTest

from syndata.ingest import CsvOptions


def _options_page() -> None:
    import streamlit as st

    from ui.upload import reading_options

    st.session_state["options"] = reading_options()


def test_the_reading_options_become_csv_options():
    app = AppTest.from_function(_options_page, default_timeout=30).run()
    assert app.session_state["options"] == CsvOptions()
    app.checkbox[0].uncheck()
    app.number_input[0].set_value(2)
    next(s for s in app.selectbox if s.label == "Delimiter").set_value("semicolon ;")
    next(s for s in app.selectbox if s.label == "Encoding").set_value("Latin-1")
    app.radio[0].set_value("only empty cells").run()
    assert app.session_state["options"] == CsvOptions(False, 2, ";", "latin-1", ())
    assert app.text_input[0].disabled
    app.radio[0].set_value("my list").run()
    app.text_input[0].set_value("n.a., -").run()
    assert app.session_state["options"].na_values == ("n.a.", "-")


def _upload_page(files: list[tuple[str, bytes, int | None]]) -> None:

    from syndata.ingest import CsvOptions
    from ui.state import get_state
    from ui.upload import add_uploads

    class Uploaded:
        """What ``st.file_uploader`` hands over: a name, a size and the bytes."""

        def __init__(self, name: str, data: bytes, size: int | None) -> None:
            self.name, self._data, self.size = name, data, len(data) if size is None else size

        def getvalue(self) -> bytes:
            return self._data

    state = get_state()
    if not state.upload_round:
        add_uploads(state, [Uploaded(*f) for f in files], CsvOptions())


def test_each_file_is_added_or_refused_with_its_own_message(tmp_path, monkeypatch):
    monkeypatch.setenv("SYNDATA_WORKSPACE_ROOT", str(tmp_path / "sessions"))
    files = [("Orders 2024.csv", b"id,amount\n1,2.5\n2,3\n", None), ("empty.csv", b"", None),
             ("huge.csv", b"a\n1\n", 2**40), ("users.csv", b"id;name\n1;Ann\n", None)]
    app = AppTest.from_function(_upload_page, args=(files,), default_timeout=30).run()
    assert not app.exception
    state = app.session_state["syndata"]
    try:
        assert list(state.project.tables) == ["Orders_2024", "users"]
        assert state.upload_round == 1
        kinds = [kind for kind, _ in state.notices]
        assert kinds == ["success", "error", "error", "success"]
        texts = [text for _, text in state.notices]
        assert texts[0].startswith("Added Orders 2024.csv as table 'Orders_2024' (2 rows, "
                                   "2 columns).")
        assert "empty.csv" in texts[1]
        assert texts[2].startswith("huge.csv is 1048576 MB; this server takes files up to ")
        assert texts[2].endswith("MB. Upload a sample of the rows.")
    finally:
        state.workspace.close()


def _demo_page(key: str) -> None:
    from ui.state import get_state
    from ui.upload import load_demo_into

    load_demo_into(get_state(), key)


def test_a_demo_replaces_the_data_and_an_unknown_one_is_an_error(tmp_path, monkeypatch):
    monkeypatch.setenv("SYNDATA_WORKSPACE_ROOT", str(tmp_path / "sessions"))
    app = AppTest.from_function(_demo_page, args=("wine",), default_timeout=60).run()
    state = app.session_state["syndata"]
    try:
        assert list(state.project.tables) == ["wine"]
        assert [s.value for s in app.success] == ["Loaded the demo: wine."]
    finally:
        state.workspace.close()
    app = AppTest.from_function(_demo_page, args=("nope",), default_timeout=30).run()
    try:
        assert app.error[0].value.startswith("Unknown demo 'nope'. Choose one of: ")
        assert app.session_state["syndata"].project.empty
    finally:
        app.session_state["syndata"].workspace.close()
