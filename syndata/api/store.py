"""Per-token workspaces: each token's resources, its private folder and its jobs.

A token's ``Space`` is made on its first request and closed (jobs cancelled, folder
deleted, resources dropped) when its last resource is deleted or after the settings' idle
time (``session_ttl_s``) without a request or a running job. Ids are looked up only in the
caller's own space, so another token's ids are simply not found.

What a deleted resource held (tables, a fitted model) is given back to the kernel at once:
freed in the request threads' glibc arenas, it would otherwise stay in the server's resident
memory and grow it round after round (``bench/api.py``).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from syndata.api.errors import NotFound
from syndata.api.resources import Dataset, EvaluationEntry, ModelEntry, SyntheticEntry
from syndata.jobs import JobRunner
from syndata.limits import release_freed
from syndata.workspace import Workspace

_TOUCH_EVERY_S = 10.0
"""The folder's heartbeat (for ``workspace.sweep`` after a crash) is renewed at most this
often: a status poll should cost no disk write."""

_KINDS = {"datasets": "dataset", "models": "model", "synthetic": "synthetic dataset",
          "evaluations": "evaluation"}


@dataclass(eq=False)
class Space:
    """One token's resources; ``lock`` guards them (requests run in a thread pool)."""

    token_id: str
    workspace: Workspace
    datasets: dict[str, Dataset] = field(default_factory=dict)
    models: dict[str, ModelEntry] = field(default_factory=dict)
    synthetic: dict[str, SyntheticEntry] = field(default_factory=dict)
    evaluations: dict[str, EvaluationEntry] = field(default_factory=dict)
    lock: threading.RLock = field(default_factory=threading.RLock)
    last_seen: float = field(default_factory=time.monotonic)

    def get(self, kind: str, resource_id: str) -> Any:
        """The resource of this token, or NotFound (also for other tokens' ids)."""
        found = getattr(self, kind).get(resource_id)
        if found is None:
            raise NotFound(f"No {_KINDS[kind]} with id {resource_id!r}.")
        return found

    @property
    def empty(self) -> bool:
        return not (self.datasets or self.models or self.synthetic or self.evaluations)

    def job_ids(self) -> list[str]:
        entries = [*self.models.values(), *self.synthetic.values(), *self.evaluations.values()]
        return [e.job_id for e in entries if e.job_id is not None]


class Store:
    """Every token's space, with the idle sweep."""

    def __init__(self, runner: JobRunner, root: Path, idle_s: float,
                 clock: Callable[[], float] = time.monotonic):
        self.runner = runner
        self.root = Path(root)
        self.idle_s = idle_s
        self._clock = clock
        self._lock = threading.Lock()
        self._spaces: dict[str, Space] = {}

    def space(self, token_id: str) -> Space:
        """The caller's space, made on first use; every request counts as activity."""
        with self._lock:
            space = self._spaces.get(token_id)
            if space is None or space.workspace.closed:
                space = Space(token_id, Workspace.create(self.root, f"api-{token_id}"))
                self._spaces[token_id] = space
            now = self._clock()
            if now - space.last_seen > _TOUCH_EVERY_S:
                space.workspace.touch()
            space.last_seen = now
            return space

    def spaces(self) -> list[Space]:
        with self._lock:
            return list(self._spaces.values())

    def close_if_empty(self, space: Space) -> bool:
        """After a delete: close the space if its last resource went (True when closed),
        and give the heap the deleted resource held back to the kernel either way."""
        with space.lock:
            empty = space.empty
        if empty:
            self._close(space)
        else:
            release_freed()
        return empty

    def sweep_idle(self) -> list[str]:
        """Close the spaces idle for longer than ``idle_s`` with no job still running;
        the token ids closed."""
        now = self._clock()
        closed = []
        for space in self.spaces():
            if now - space.last_seen <= self.idle_s or self._running(space):
                continue
            self._close(space)
            closed.append(space.token_id)
        return closed

    def close_all(self) -> None:
        for space in self.spaces():
            self._close(space)

    def _running(self, space: Space) -> bool:
        with space.lock:
            ids = space.job_ids()
        statuses = {s.id: s for s in self.runner.jobs(space.workspace)}
        return any(not statuses[j].finished for j in ids if j in statuses)

    def _close(self, space: Space) -> None:
        with self._lock:
            if self._spaces.get(space.token_id) is space:
                del self._spaces[space.token_id]
        self.runner.release(space.workspace)
        with space.lock:
            for kind in _KINDS:
                getattr(space, kind).clear()
        space.workspace.close()
        release_freed()
