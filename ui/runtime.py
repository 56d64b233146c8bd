"""Server-wide resources: settings, the job runner, and the sweep of stale workspaces."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import streamlit as st
from streamlit.runtime import Runtime

from syndata.jobs import JobRunner
from syndata.limits import set_memory_budget
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
    """Caps from the environment and secrets; the hosted-demo caps on Community Cloud.

    The memory budget applies to the whole server process, so it is installed here, once.
    """
    overrides = dict(_secrets())
    if _on_community_cloud():
        overrides.setdefault("hosted", True)
    config = load_settings(overrides=overrides)
    set_memory_budget(config.memory_budget_mb)
    return config


@st.cache_resource
def runner() -> JobRunner:
    """One runner per server process, shared by every session (jobs stay per workspace)."""
    config = settings()
    sweep(config.workspace_root, config.session_ttl_s)
    # The fork server keeps SDV and torch loaded (jobs start in 0.2 s, not 5-9 s) but costs
    # about 270 MB from start-up; the hosted demo (about 1 GB) starts each job afresh.
    job_runner = JobRunner(config.max_concurrent_jobs, config.threads_per_job,
                           start_method="spawn" if config.hosted else None)
    _end_jobs_on_signals(job_runner)
    return job_runner


def _end_jobs_on_signals(job_runner: JobRunner) -> None:
    """Have SIGTERM/SIGINT kill the jobs first, then stop the server as Streamlit would.

    Python takes signal handlers from the main thread only, and pages run in script
    threads: the handlers are installed by a call queued on Streamlit's event loop, which
    runs in the main thread after Streamlit put in its own handlers (``bootstrap.py``), so
    ours wrap them. Streamlit offers no public way to reach that loop; where its private
    one is missing, the runner's exit hook still ends the jobs, just later.
    """
    try:
        loop = Runtime.instance()._get_async_objs().eventloop
    except (AttributeError, RuntimeError):
        return
    loop.call_soon_threadsafe(job_runner.end_on_signals)


@st.cache_resource
def reaper() -> SessionReaper:
    """Deletes the workspaces of ended sessions (one per server process)."""
    return SessionReaper(runner())
