"""The FastAPI application: routers, error handling, the upload cap, and its lifetime.

One ``JobRunner`` serves the whole server, configured from the same settings as the app's
(jobs at once, threads per job; jobs start from a fork server with SDV and torch loaded,
or afresh under the hosted caps). A background thread collects finished jobs' results
into their resources, so none waits on disk for a poll, and closes idle workspaces.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from syndata.api import errors, jobs
from syndata.api.config import ApiConfig
from syndata.api.limits import BodyLimit
from syndata.api.routers import datasets, evaluations, models, synthetic
from syndata.api.store import Store
from syndata.api.tokens import TokenStore
from syndata.jobs import JobRunner
from syndata.limits import set_memory_budget
from syndata.workspace import sweep

_log = logging.getLogger(__name__)
_MULTIPART_OVERHEAD = 64 * 1024
"""Room above the upload cap for a multipart body's boundaries and form fields."""

DESCRIPTION = """Synthetic tabular and relational data over HTTP, on syndata's core.

Send `Authorization: Bearer <token>` (`python -m syndata token create` prints one). Upload a
dataset, fit a model (a job: poll its status), generate (a job), evaluate (a job), download.
Every resource belongs to the token that created it; errors are `{"error", "hint"}`.
"""


class _Sweeper:
    """The thread that collects finished jobs and closes idle workspaces."""

    def __init__(self, store: Store, every_s: float):
        self._store = store
        self._every_s = every_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="syndata-api-sweep",
                                        daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5.0)

    def _loop(self) -> None:
        while not self._stop.wait(self._every_s):
            try:
                for space in self._store.spaces():
                    jobs.collect_all(self._store.runner, space)
                self._store.sweep_idle()
            except Exception:  # one bad round must not end the sweeping
                _log.exception("The API sweep hit an error and carries on.")


def create_app(config: ApiConfig | None = None) -> FastAPI:
    """The API application; its runner starts with the app and ends with it."""
    config = config or ApiConfig()
    settings = config.settings
    # The same budget as the app's (ui/runtime.py): a hosted server refuses a fit that
    # would not fit before its job starts, whichever door it came in by.
    set_memory_budget(settings.memory_budget_mb)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        sweep(settings.workspace_root, settings.session_ttl_s)
        runner = JobRunner(settings.max_concurrent_jobs, settings.threads_per_job,
                           start_method="spawn" if settings.hosted else None)
        store = Store(runner, settings.workspace_root, settings.session_ttl_s)
        sweeper = _Sweeper(store, config.sweep_every_s)
        app.state.runner, app.state.store = runner, store
        sweeper.start()
        try:
            yield
        finally:
            sweeper.stop()
            runner.end_now()
            store.close_all()

    app = FastAPI(title="syndata", description=DESCRIPTION, lifespan=lifespan,
                  version="1")
    app.state.settings = settings
    app.state.tokens = TokenStore(config.data_dir)
    errors.install(app)
    app.add_middleware(BodyLimit, limit=settings.max_upload_mb * 2**20 + _MULTIPART_OVERHEAD)
    for router in (datasets.router, models.router, synthetic.router, evaluations.router):
        app.include_router(router)

    @app.get("/health", tags=["server"], summary="Is the server up (no token needed)")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    return app
