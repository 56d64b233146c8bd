"""Server-wide resources: settings, the job runner, and the sweep of stale workspaces."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import streamlit as st

from syndata.jobs import JobRunner
from syndata.settings import Settings, load_settings
from syndata.workspace import sweep
from ui.sessions import SessionReaper


def _secrets() -> Mapping[str, object]:
    """``st.secrets['syndata']`` when a secrets file has that section (hosted demo)."""
    try:
        return dict(st.secrets.get("syndata", {}))
    except (FileNotFoundError, KeyError, AttributeError):
        return {}
    except Exception:  # no secrets.toml at all: Streamlit raises its own parse error type
        return {}


def _on_community_cloud() -> bool:
    """Streamlit Community Cloud checks repositories out under /mount/src."""
    return Path(__file__).resolve().is_relative_to("/mount/src")


@st.cache_resource
def settings() -> Settings:
    """Caps from the environment and secrets; the hosted-demo caps on Community Cloud."""
    overrides = dict(_secrets())
    if _on_community_cloud():
        overrides.setdefault("hosted", True)
    return load_settings(overrides=overrides)


@st.cache_resource
def runner() -> JobRunner:
    """One runner per server process, shared by every session (jobs stay per workspace)."""
    config = settings()
    sweep(config.workspace_root, config.session_ttl_s)
    # The fork server keeps SDV and torch loaded (jobs start in 0.2 s, not 5-9 s) but costs
    # about 270 MB from start-up; the hosted demo (about 1 GB) starts each job afresh.
    return JobRunner(config.max_concurrent_jobs, config.threads_per_job,
                     start_method="spawn" if config.hosted else None)


@st.cache_resource
def reaper() -> SessionReaper:
    """Deletes the workspaces of ended sessions (one per server process)."""
    return SessionReaper(runner())
