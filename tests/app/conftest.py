"""AppTest helpers: the app from its entry file, and waiting for background jobs."""

import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

HOME = str(Path(__file__).resolve().parents[2] / "Home.py")
PAGES = ["pages/prepare.py", "pages/fit.py", "pages/generate.py", "pages/visualise.py",
         "pages/evaluate.py", "pages/export.py"]


@pytest.fixture
def app(tmp_path, monkeypatch):
    """A fresh app session whose workspaces live under this test's temporary folder."""
    monkeypatch.setenv("SYNDATA_WORKSPACE_ROOT", str(tmp_path / "sessions"))
    at = AppTest.from_file(HOME, default_timeout=120)
    at.run()
    yield at
    state = at.session_state.get("syndata", None)
    if state is not None:
        state.workspace.close()


def click(at: AppTest, label: str) -> AppTest:
    next(b for b in at.button if b.label == label).click()
    return at.run()


def select(at: AppTest, label: str, value) -> AppTest:
    next(s for s in at.selectbox if s.label == label).set_value(value)
    return at.run()


def wait_for(at: AppTest, done, timeout: float = 240.0) -> AppTest:
    """Rerun the page (as the job fragment does every second) until ``done(state)``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        at.run()
        assert not at.exception, at.exception
        if done(at.session_state["syndata"]):
            return at
        time.sleep(0.5)
    raise AssertionError(f"timed out; errors on the page: {[e.value for e in at.error]}")


def fit_and_generate(at: AppTest, model: str = "gaussian_copula"):
    """Fit ``model`` on the loaded data from the Fit page, generate from the Generate page
    (both in the app's job workers) and return the first synthetic entry."""
    at.switch_page("pages/fit.py").run()
    select(at, "Model", model)
    click(at, "Start fit")
    wait_for(at, lambda s: s.fitted)
    at.switch_page("pages/generate.py").run()
    click(at, "Generate")
    state = wait_for(at, lambda s: s.synthetic).session_state["syndata"]
    return next(iter(state.synthetic.values()))
