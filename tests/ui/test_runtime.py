"""Server-wide settings: the ``[syndata]`` section of the secrets overrides the environment
(the hosted demo's caps), and a typo in it stops the app with a message naming the keys."""

import pytest
from streamlit.testing.v1 import AppTest

from ui import runtime


def _settings_page() -> None:
    import streamlit as st

    from ui.runtime import settings

    st.session_state["settings"] = settings()


@pytest.fixture
def fresh_settings(monkeypatch, tmp_path):
    """Settings read anew for this test and again for the next one (they are cached per
    server process, so a test's secrets must not outlive it)."""
    monkeypatch.setenv("SYNDATA_WORKSPACE_ROOT", str(tmp_path / "sessions"))
    monkeypatch.setenv("SYNDATA_MAX_ROWS", "5000")
    runtime.settings.clear()
    yield
    runtime.settings.clear()


def test_secrets_override_the_environment(fresh_settings, tmp_path):
    app = AppTest.from_function(_settings_page, default_timeout=30)
    app.secrets["syndata"] = {"hosted": True, "max_rows": 1234}
    config = app.run().session_state["settings"]
    assert config.hosted and config.max_rows == 1234
    assert config.max_concurrent_jobs == 1  # the hosted default
    assert config.workspace_root == tmp_path / "sessions"


def test_without_secrets_the_environment_rules(fresh_settings):
    config = AppTest.from_function(_settings_page, default_timeout=30).run(
    ).session_state["settings"]
    assert not config.hosted and config.max_rows == 5000


def test_a_typo_in_the_secrets_names_the_known_settings(fresh_settings):
    app = AppTest.from_function(_settings_page, default_timeout=30)
    app.secrets["syndata"] = {"max_row": 10}
    app.run()
    assert app.exception
    assert app.exception[0].message.startswith("Unknown setting(s) max_row; known: hosted, ")
