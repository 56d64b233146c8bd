"""The app's pages, registered once per run by ``Home.py`` and linked from any page."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st
from streamlit.navigation.page import StreamlitPage

PAGE_FILES = {
    "prepare": ("pages/prepare.py", "Prepare", ":material/tune:"),
    "fit": ("pages/fit.py", "Fit", ":material/model_training:"),
    "generate": ("pages/generate.py", "Generate", ":material/auto_awesome:"),
    "visualise": ("pages/visualise.py", "Visualise", ":material/bar_chart:"),
    "evaluate": ("pages/evaluate.py", "Evaluate", ":material/fact_check:"),
    "export": ("pages/export.py", "Export", ":material/download:"),
}
_pages: dict[str, StreamlitPage] = {}


def register(home: Callable[[], None]) -> list[StreamlitPage]:
    """The pages in step order; ``home`` is the upload and demo page."""
    _pages["home"] = st.Page(home, title="Load data", icon=":material/upload_file:",
                             default=True)
    for key, (path, title, icon) in PAGE_FILES.items():
        _pages[key] = st.Page(path, title=title, icon=icon, url_path=key)
    return list(_pages.values())


def link(key: str, label: str) -> None:
    """A link to another step, e.g. from a page that needs that step done first."""
    if key in _pages:
        st.page_link(_pages[key], label=label, icon=_pages[key].icon or None)
