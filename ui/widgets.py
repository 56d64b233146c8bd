"""Small pieces every page uses: guards for missing steps, error display, pickers."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from syndata.errors import SyndataError
from ui import nav
from ui.state import AppState

T = TypeVar("T")


def _need(done: bool, message: str, page: str, label: str) -> bool:
    """True when an earlier step is done; otherwise say what to do and link to that step."""
    if not done:
        st.info(message)
        nav.link(page, label)
    return done


def need_data(state: AppState) -> bool:
    return _need(not state.project.empty,
                 "No data loaded yet. Upload CSV files or pick a demo first.", "home", "Load data")


def need_fitted(state: AppState) -> bool:
    return _need(bool(state.fitted), "No fitted model yet. Fit one on the Fit page first.",
                 "fit", "Go to Fit")


def need_synthetic(state: AppState) -> bool:
    return _need(bool(state.synthetic),
                 "No synthetic data yet. Generate some on the Generate page first.",
                 "generate", "Go to Generate")


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


def apply_edits(state: AppState, edits: list[Callable[[], str]]) -> None:
    """Apply edits of the data or schema; each returns the words saying what it did.

    When one or more succeed the whole page reruns, so that no view drawn earlier in this
    run (a profile, the checks, the diagram) shows the old version; what happened is kept
    as notices for that rerun. When none succeeds nothing changed: the errors show here.
    """
    done, errors = [], []
    for edit in edits:
        try:
            done.append(edit())
        except SyndataError as exc:
            errors.append(str(exc))
    if not done:
        for error in errors:
            st.error(error, icon=":material/error:")
        return
    state.notices += [("error", error) for error in errors]
    state.notices.append(("toast", "; ".join(done)))
    st.rerun()


def show_notices(state: AppState) -> None:
    """Messages kept across a rerun (an upload, an edit), shown once."""
    show = {"error": st.error, "toast": st.toast}
    for kind, text in state.notices:
        show.get(kind, st.success)(text)
    state.notices.clear()
