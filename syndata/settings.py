"""Runtime settings: resource caps and where session files live.

One place decides how much a server may do at once, so the job runner, the upload widget
and the fit forms agree. Values come from, in rising priority: defaults (local or hosted),
``SYNDATA_*`` environment variables, then ``overrides`` (the UI passes ``st.secrets``).
The hosted demo defaults keep one server within about 1 GB: one job at a time, capped rows
and epochs.
"""

import os
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from syndata.errors import ConfigError

_LOCAL_MAX_JOBS_CAP = 4
"""More concurrent fits than this only slows each of them down on a typical laptop."""

HOSTED_MAX_ROWS = 20_000
"""Rows per table in the hosted demo: a 50,000-row upload left the server holding so much
that no model had room within the memory budget, not even GaussianCopula
(``bench/hosted.py``)."""

HOSTED_MEMORY_BUDGET_MB = 800
"""What the hosted demo lets the app (server, sessions and a job's worker) hold of its 1 GB
container, leaving the rest to shared library code and file cache (``bench/hosted.py``)."""


@dataclass(frozen=True)
class Settings:
    """Resource caps of one server process; ``None`` means no cap."""

    hosted: bool
    max_concurrent_jobs: int
    threads_per_job: int
    max_rows: int | None
    max_columns: int | None
    max_epochs: int | None
    max_upload_mb: int
    memory_budget_mb: int | None
    workspace_root: Path
    session_ttl_s: int


_ENV_NAMES = {
    "hosted": "SYNDATA_HOSTED",
    "max_concurrent_jobs": "SYNDATA_MAX_JOBS",
    "threads_per_job": "SYNDATA_THREADS_PER_JOB",
    "max_rows": "SYNDATA_MAX_ROWS",
    "max_columns": "SYNDATA_MAX_COLUMNS",
    "max_epochs": "SYNDATA_MAX_EPOCHS",
    "max_upload_mb": "SYNDATA_MAX_UPLOAD_MB",
    "memory_budget_mb": "SYNDATA_MEMORY_BUDGET_MB",
    "workspace_root": "SYNDATA_WORKSPACE_ROOT",
    "session_ttl_s": "SYNDATA_SESSION_TTL_S",
}

_NO_CAP = {"", "0", "none", "off", "unlimited"}
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def available_cpus() -> int:
    """CPUs this process may run on (respects taskset/cgroup affinity where the OS tells)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def default_workspace_root() -> Path:
    """Session folders go under the system temp folder, never under the repository."""
    return Path(tempfile.gettempdir()) / "syndata-sessions"


def _defaults(hosted: bool, cpus: int) -> Settings:
    if hosted:
        return Settings(
            hosted=True,
            max_concurrent_jobs=1,
            threads_per_job=min(2, cpus),
            max_rows=HOSTED_MAX_ROWS,
            max_columns=100,
            max_epochs=50,
            max_upload_mb=50,
            memory_budget_mb=HOSTED_MEMORY_BUDGET_MB,
            workspace_root=default_workspace_root(),
            session_ttl_s=3600,
        )
    max_jobs = max(1, min(cpus, _LOCAL_MAX_JOBS_CAP))
    return Settings(
        hosted=False,
        max_concurrent_jobs=max_jobs,
        threads_per_job=max(1, cpus // max_jobs),
        max_rows=None,
        max_columns=None,
        max_epochs=None,
        max_upload_mb=200,
        memory_budget_mb=None,
        workspace_root=default_workspace_root(),
        session_ttl_s=12 * 3600,
    )


def _parse_bool(name: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ConfigError(f"{name}={value!r} is not a yes/no value: use 1 or 0.")


def _parse_positive(name: str, value: Any) -> int:
    try:
        number = int(str(value).strip())
    except ValueError:
        raise ConfigError(f"{name}={value!r} is not a whole number: use e.g. 4.") from None
    if number < 1:
        raise ConfigError(f"{name}={value!r} must be 1 or more.")
    return number


def _parse_cap(name: str, value: Any) -> int | None:
    if value is None or str(value).strip().lower() in _NO_CAP:
        return None
    return _parse_positive(name, value)


def _parse_path(name: str, value: Any) -> Path:
    text = str(value).strip()
    if not text:
        raise ConfigError(f"{name} is empty: give a folder for session files or unset it.")
    return Path(text).expanduser()


_PARSERS: dict[str, Callable[[str, Any], Any]] = {
    "hosted": _parse_bool,
    "max_concurrent_jobs": _parse_positive,
    "threads_per_job": _parse_positive,
    "max_rows": _parse_cap,
    "max_columns": _parse_cap,
    "max_epochs": _parse_cap,
    "max_upload_mb": _parse_positive,
    "memory_budget_mb": _parse_cap,
    "workspace_root": _parse_path,
    "session_ttl_s": _parse_positive,
}


def load_settings(
    environ: Mapping[str, str] = os.environ,
    overrides: Mapping[str, Any] | None = None,
    *,
    cpu_count: int | None = None,
) -> Settings:
    """Build the settings from defaults, ``SYNDATA_*`` variables and ``overrides``.

    ``overrides`` uses the field names (``{"hosted": True, "max_rows": 10000}``); unknown
    keys are an error so a typo in the secrets file does not go unnoticed. Setting only
    ``max_concurrent_jobs`` re-derives ``threads_per_job`` so the CPUs stay shared out.
    """
    overrides = dict(overrides or {})
    unknown = sorted(set(overrides) - {f.name for f in fields(Settings)})
    if unknown:
        raise ConfigError(
            f"Unknown setting(s) {', '.join(unknown)}; known: {', '.join(_PARSERS)}."
        )
    cpus = cpu_count or available_cpus()

    given: dict[str, Any] = {}
    for name, env_name in _ENV_NAMES.items():
        if env_name in environ:
            given[name] = _PARSERS[name](env_name, environ[env_name])
    for name, value in overrides.items():
        given[name] = _PARSERS[name](name, value)

    settings = replace(_defaults(given.get("hosted", False), cpus), **given)
    if "threads_per_job" not in given and "max_concurrent_jobs" in given:
        threads = max(1, cpus // settings.max_concurrent_jobs)
        settings = replace(settings, threads_per_job=threads)
    return settings
