"""Private temporary folders, one per browser session.

Everything of a session that touches disk (uploads, fitted models, job results and logs)
lives in its own folder, created with mode 0o700 under a root outside the repository, so
no session can see another's files and nothing outlives the session:

- ``Workspace.close()`` deletes the folder when the session ends;
- a finalizer deletes it when the object is collected or the process exits;
- ``sweep()`` removes what a crashed or killed server left behind (owner process gone),
  folders of sessions the server no longer has, and folders of sessions nobody touched
  for longer than their time to live.
"""

import json
import os
import re
import shutil
import tempfile
import time
import weakref
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import psutil

from syndata.errors import SyndataError

_MARKER = ".syndata-workspace"
"""Owner record in every workspace; sweep() deletes only folders that have one."""

_HEARTBEAT = ".heartbeat"
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


def _process_start(pid: int) -> float | None:
    try:
        return psutil.Process(pid).create_time()
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return None


def _remove(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


def open_private(path: Path) -> BinaryIO:
    """A new file open for writing that only this user can read, from its first byte.

    The mode is set when the file is created (not by a chmod after writing, which leaves a
    moment when others may open it), whatever the process umask. An existing file or a
    symbolic link at ``path`` is refused rather than written through.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    return os.fdopen(os.open(path, flags, 0o600), "wb")


@dataclass(eq=False)
class Workspace:
    """A session's private folder; use ``Workspace.create`` rather than the constructor."""

    path: Path
    session_id: str
    _finalizer: weakref.finalize = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._finalizer = weakref.finalize(self, _remove, self.path)

    @classmethod
    def create(cls, root: Path, session_id: str | None = None) -> "Workspace":
        """Make a new, unique folder under ``root`` readable by this user only."""
        root = Path(root)
        root.mkdir(mode=0o700, parents=True, exist_ok=True)
        label = _UNSAFE.sub("", session_id or "")[:40]
        path = Path(tempfile.mkdtemp(prefix=f"ws-{label}-" if label else "ws-", dir=root))
        pid = os.getpid()
        session_id = session_id or path.name
        owner = {"pid": pid, "started": _process_start(pid), "session_id": session_id}
        with open_private(path / _MARKER) as marker:
            marker.write(json.dumps(owner).encode("utf-8"))
        (path / _HEARTBEAT).touch()
        return cls(path=path, session_id=session_id)

    @property
    def closed(self) -> bool:
        return not self._finalizer.alive

    def file(self, name: str) -> Path:
        """Path of ``name`` inside the workspace; parent folders are created.

        ``name`` may hold sub-folders ("models/m1.pkl") but must stay inside the
        workspace: absolute paths and ``..`` that climb out are refused.
        """
        if self.closed:
            raise SyndataError("This session's workspace was closed; reload the page.")
        if not self.path.is_dir():
            raise SyndataError("This session expired and its files were deleted; reload the page.")
        base = self.path.resolve()
        target = (base / name).resolve()
        if not name or target == base or not target.is_relative_to(base):
            raise SyndataError(f"{name!r} is not a file name inside the session workspace.")
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        return target

    def touch(self) -> None:
        """Record that the session is alive, so ``sweep`` leaves the folder alone."""
        if not self.closed:
            (self.path / _HEARTBEAT).touch()

    def close(self) -> None:
        """Delete the folder and all in it; calling it again does nothing."""
        self._finalizer()

    def __enter__(self) -> "Workspace":
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _owner(folder: Path) -> dict:
    try:
        owner = json.loads((folder / _MARKER).read_text(encoding="utf-8"))
        return {"pid": int(owner["pid"]), **owner}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _alive(owner: dict) -> bool:
    if not owner:
        return False
    actual, started = _process_start(owner["pid"]), owner.get("started")
    return actual is not None and (started is None or abs(actual - started) < 1.0)


def _last_seen(folder: Path) -> float:
    try:
        return (folder / _HEARTBEAT).stat().st_mtime
    except OSError:
        return folder.stat().st_mtime


def sweep(
    root: Path, max_age_s: float, active_sessions: Collection[str] | None = None
) -> list[Path]:
    """Delete workspaces under ``root`` whose server is gone or unseen for ``max_age_s``.

    With ``active_sessions`` (the ids of the sessions this server still has), this
    process's workspaces of any other session are deleted at once: that is how a closed
    browser tab's files go without waiting for the time to live. Only folders carrying a
    workspace marker are touched, so a mistaken ``root`` cannot wipe unrelated files.
    Returns the folders removed.
    """
    root = Path(root)
    if not root.is_dir():
        return []
    now = time.time()
    removed = []
    for folder in root.iterdir():
        if folder.is_symlink() or not folder.is_dir() or not (folder / _MARKER).is_file():
            continue
        owner = _owner(folder)
        ended = (
            active_sessions is not None
            and owner.get("pid") == os.getpid()
            and owner.get("session_id") not in active_sessions
        )
        if ended or not _alive(owner) or now - _last_seen(folder) > max_age_s:
            _remove(folder)
            removed.append(folder)
    return removed
