"""Where the API keeps its own files, and the caps it serves under."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from syndata.settings import Settings, load_settings
from syndata.signing import config_dir

DATA_ENV = "SYNDATA_API_DATA"


def default_data_dir() -> Path:
    """``$SYNDATA_API_DATA``, else ``api/`` in syndata's config folder (beside the signing
    key): a server folder outside the repository and outside every workspace, because the
    token hashes it holds must outlive the sessions they open."""
    if os.environ.get(DATA_ENV):
        return Path(os.environ[DATA_ENV]).expanduser()
    return config_dir() / "api"


@dataclass(frozen=True)
class ApiConfig:
    """One API server's set-up.

    ``settings`` are the app's caps (jobs at once, rows, columns, epochs, upload size, the
    workspace root and the idle time after which a token's workspace is deleted);
    ``sweep_every_s`` is how often finished jobs are collected and idle workspaces swept.
    """

    settings: Settings = field(default_factory=load_settings)
    data_dir: Path = field(default_factory=default_data_dir)
    sweep_every_s: float = 2.0
