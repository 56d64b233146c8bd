"""The one object each browser session keeps in ``st.session_state``.

Pages read and change the session only through ``get_state()``: what is loaded, the jobs
started, the fitted models and the synthetic results. Fitted models live here, so a rerun
never refits anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from syndata.metadata import Schema
from syndata.models import FittedModel
from syndata.project import Project
from syndata.workspace import Workspace
from ui.runtime import reaper, runner, settings
from ui.versions import FrameTokens, Version, version_of

_KEY = "syndata"


@dataclass
class FittedEntry:
    """A fitted model with the name the user sees."""

    id: str
    label: str
    model: FittedModel
    name: str  # what the user calls it, "model 1": numbered per session


@dataclass
class SyntheticEntry:
    """One generated dataset and how it was made."""

    id: str
    label: str
    model_id: str
    tables: dict[str, pd.DataFrame]
    settings: dict[str, Any]
    schema: Schema


@dataclass
class JobRecord:
    """What a job of this session was started for, and whether its result was taken in."""

    kind: str  # "fit", "sample" or "evaluate"
    args: dict[str, Any] = field(default_factory=dict)
    collected: bool = False


@dataclass
class AppState:
    """Everything of one browser session."""

    workspace: Workspace
    project: Project = field(default_factory=Project)
    jobs: dict[str, JobRecord] = field(default_factory=dict)
    fitted: dict[str, FittedEntry] = field(default_factory=dict)
    synthetic: dict[str, SyntheticEntry] = field(default_factory=dict)
    evaluations: dict[str, Any] = field(default_factory=dict)  # synthetic id -> result
    upload_round: int = 0  # bumping it gives the file uploader a new key, emptying it
    notices: list[tuple[str, str]] = field(default_factory=list)  # (kind, text) to show once
    frames: FrameTokens = field(default_factory=FrameTokens)
    counts: dict[str, int] = field(default_factory=dict)  # per-session numbers of ids

    def _next(self, kind: str) -> int:
        """This session's next number for ``kind``: ids never reveal other sessions' work."""
        self.counts[kind] = self.counts.get(kind, 0) + 1
        return self.counts[kind]

    def version(self) -> Version:
        """The data and schema version now, which every cached Prepare view keys on."""
        return version_of(self.project, self.frames)

    def add_fitted(self, model: FittedModel) -> FittedEntry:
        number = self._next("model")
        name, tables = f"model {number}", ", ".join(model.info.tables)
        entry = FittedEntry(f"m{number}", f"{name}: {model.info.model} on {tables}", model, name)
        self.fitted[entry.id] = entry
        return entry

    def add_synthetic(self, model_id: str, tables: dict[str, pd.DataFrame],
                      settings: dict[str, Any]) -> SyntheticEntry:
        number = self._next("data")
        entry_id, source = f"s{number}", self.fitted[model_id].name
        rows = sum(len(t) for t in tables.values())
        label = f"data {number}: from {source}, {rows:,} rows, seed {settings.get('seed')}"
        schema = Schema.from_dict(self.fitted[model_id].model.info.metadata)
        entry = SyntheticEntry(entry_id, label, model_id, tables, settings, schema)
        self.synthetic[entry_id] = entry
        return entry


def get_state() -> AppState:
    """This session's state, created (with a private workspace) on first use."""
    if _KEY not in st.session_state:
        ctx = get_script_run_ctx()
        session_id = ctx.session_id if ctx else None
        workspace = Workspace.create(settings().workspace_root, session_id)
        if session_id:
            reaper().register(session_id, workspace)
        st.session_state[_KEY] = AppState(workspace)
    state: AppState = st.session_state[_KEY]
    state.workspace.touch()
    return state


def reset_state() -> None:
    """Forget everything of this session and delete its files."""
    if _KEY in st.session_state:
        state: AppState = st.session_state.pop(_KEY)
        runner().release(state.workspace)
        state.workspace.close()


def start_job(state: AppState, target, kwargs: dict[str, Any], label: str, kind: str,
              **args: Any) -> str:
    """Queue a job for this session and remember what it is for."""
    job_id = runner().submit(target, kwargs, state.workspace, label, {"kind": kind})
    state.jobs[job_id] = JobRecord(kind, args)
    return job_id
