"""Server-wide resources: settings, the job runner, and the sweep of stale workspaces."""

from __future__ import annotations

from collections.abc import Mapping

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


@st.cache_resource
def settings() -> Settings:
    return load_settings(overrides=_secrets())


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
