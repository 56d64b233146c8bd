"""Small pieces every page uses: guards for missing steps, error display, pickers."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from syndata.errors import SyndataError
from ui import nav
from ui.state import AppState

T = TypeVar("T")


def need_data(state: AppState) -> bool:
    """True when tables are loaded; otherwise say what to do and link to the first step."""
    if not state.project.empty:
        return True
    st.info("No data loaded yet. Upload CSV files or pick a demo first.")
    nav.link("home", "Load data")
    return False


def need_fitted(state: AppState) -> bool:
    if state.fitted:
        return True
    st.info("No fitted model yet. Fit one on the Fit page first.")
    nav.link("fit", "Go to Fit")
    return False


def need_synthetic(state: AppState) -> bool:
    if state.synthetic:
        return True
    st.info("No synthetic data yet. Generate some on the Generate page first.")
    nav.link("generate", "Go to Generate")
    return False


def attempt(action: Callable[[], T], success: str | None = None) -> T | None:
    """Run a user action; a SyndataError becomes a red message, never a traceback."""
    try:
        result = action()
    except SyndataError as exc:
        st.error(str(exc), icon=":material/error:")
        return None
    if success:
        st.toast(success)
    return result


def pick_synthetic(state: AppState, key: str) -> str:
    """A selectbox of generated datasets, newest first; returns the chosen id."""
    ids = list(reversed(state.synthetic))
    return st.selectbox("Synthetic dataset", ids, key=key,
                        format_func=lambda i: state.synthetic[i].label)


def percent(score: float | None) -> str:
    """A 0..1 score as a percentage; 'not scored' when SDMetrics had nothing to score."""
    if score is None or score != score:
        return "not scored"
    return f"{score:.1%}"
