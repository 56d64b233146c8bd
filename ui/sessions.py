"""Deleting a session's workspace when its browser session ends.

Streamlit has no "session ended" callback. A daemon thread asks the runtime every few
seconds whether each registered session is still active; one that stayed inactive for
longer than a grace period (a reload or a flaky network reconnects within it) has its jobs
cancelled and its folder deleted.
"""

from __future__ import annotations

import threading
import time

from streamlit.runtime import Runtime

from syndata.jobs import JobRunner
from syndata.workspace import Workspace

CHECK_EVERY_S = 5.0
GRACE_S = 60.0


class SessionReaper:
    """Tracks (session id -> workspace) and closes the workspaces of ended sessions."""

    def __init__(self, runner: JobRunner, grace_s: float = GRACE_S):
        self._runner = runner
        self._grace_s = grace_s
        self._lock = threading.Lock()
        self._sessions: dict[str, Workspace] = {}
        self._inactive_since: dict[str, float] = {}
        threading.Thread(target=self._loop, name="syndata-reaper", daemon=True).start()

    def register(self, session_id: str, workspace: Workspace) -> None:
        with self._lock:
            self._sessions[session_id] = workspace

    def _loop(self) -> None:
        while True:
            time.sleep(CHECK_EVERY_S)
            if Runtime.exists():
                self.reap(Runtime.instance().is_active_session, time.monotonic())

    def reap(self, is_active, now: float) -> list[str]:
        """Close the workspaces of sessions inactive for longer than the grace period."""
        ended = []
        with self._lock:
            for session_id in list(self._sessions):
                if is_active(session_id):
                    self._inactive_since.pop(session_id, None)
                    continue
                since = self._inactive_since.setdefault(session_id, now)
                if now - since >= self._grace_s:
                    ended.append(session_id)
            workspaces = [self._sessions.pop(s) for s in ended]
            for session_id in ended:
                self._inactive_since.pop(session_id, None)
        for workspace in workspaces:
            self._runner.release(workspace)
            workspace.close()
        return ended
