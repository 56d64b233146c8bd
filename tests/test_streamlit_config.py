"""The app's Streamlit settings that the Prepare page's speed depends on."""

import tomllib
from pathlib import Path

CONFIG = Path(__file__).resolve().parents[1] / ".streamlit" / "config.toml"


def _options() -> dict:
    return tomllib.loads(CONFIG.read_text())


def test_no_full_garbage_collection_after_every_run():
    """A full collection per rerun costs 180-300 ms of CPU at 100k rows (bench/prepare_browser)."""
    assert _options()["runner"]["postScriptGC"] is False


def test_no_file_watcher_polls_the_sources():
    assert _options()["server"]["fileWatcherType"] == "none"
