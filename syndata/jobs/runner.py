"""The parent side: a thread-safe runner that queues, starts, watches and cancels jobs.

One runner serves a whole server process (the UI keeps it in ``st.cache_resource``).
Each job runs in its own process, so cancel is a signal away and a crash or out-of-memory
kill ends only that job. One monitor thread owns every process: it starts queued jobs
when a slot frees up, drains the workers' pipes and records how each job ended, so a
page rerun only reads a snapshot under a lock and never waits on a worker.

Processes come from a fork server by default: it imports the heavy libraries (SDV, torch)
once, as soon as the runner is created, and every job forks from it with them already
loaded. That makes a job start in
milliseconds instead of seconds and lets the jobs share those libraries' memory, and,
unlike forking the server itself, it never copies Streamlit's threads or locks.
"""

import atexit
import contextlib
import functools
import logging
import multiprocessing
import multiprocessing.connection
import multiprocessing.forkserver
import multiprocessing.resource_tracker
import multiprocessing.spawn
import os
import pickle
import signal
import sys
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import psutil

from syndata.errors import JobError
from syndata.jobs.status import FINISHED, JobState, JobStatus, WorkerMessage
from syndata.jobs.worker import JobSpec, run_job
from syndata.progress import Progress
from syndata.settings import available_cpus
from syndata.workspace import Workspace, open_private

_log = logging.getLogger(__name__)

DEFAULT_PRELOAD = ("syndata.jobs.worker", "pandas", "sdv.single_table", "sdv.multi_table")
"""Modules the fork server imports once for all jobs (missing ones are skipped)."""

_FORK_SERVER_EXIT = "syndata.jobs.forkserver_exit"
"""Always preloaded first: the fork server exits at once, without tearing SDV down."""

_PROCESS_PREFIX = "syndata-job-"
_START_LOCK = threading.Lock()


def job_context(
    start_method: str | None = None, preload: Iterable[str] = DEFAULT_PRELOAD
) -> multiprocessing.context.BaseContext:
    """The one place the workers' start method is chosen: "forkserver" where the OS has
    it (with ``preload`` imported once by the server), else "spawn"."""
    methods = multiprocessing.get_all_start_methods()
    method = start_method or ("forkserver" if "forkserver" in methods else "spawn")
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload([_FORK_SERVER_EXIT, *preload])
    return context


@contextlib.contextmanager
def _children_skip_main() -> Iterator[None]:
    """While our worker starts, multiprocessing sends it no "re-run the main script" step.

    multiprocessing makes every spawned or fork-server child re-import ``__main__``.
    Under Streamlit that is the page script itself (Streamlit installs each script run as
    a fake ``__main__``), so each job would run the app's page code. Our workers need
    nothing from ``__main__`` (a target defined there is loaded by the worker itself).
    The stdlib has no option for it, so its preparation step is wrapped for the duration
    of one ``Process.start()`` only, and only for processes named by this runner.
    """
    original = multiprocessing.spawn.get_preparation_data

    def without_main(name: str) -> dict[str, Any]:
        data = original(name)
        if name.startswith(_PROCESS_PREFIX):
            data.pop("init_main_from_path", None)
            data.pop("init_main_from_name", None)
        return data

    with _START_LOCK:
        multiprocessing.spawn.get_preparation_data = without_main
        try:
            yield
        finally:
            multiprocessing.spawn.get_preparation_data = original

_TERM_GRACE_S = 1.0
"""After SIGTERM, how long a worker gets before SIGKILL; cancel promises under 3 s."""

_KILL_WAIT_S = 1.5
_CANCELLED = "Cancelled by the user."
_TOUCH_EVERY_S = 60.0
"""Running jobs keep their session alive: sweep() spares workspaces touched lately."""

_CHECK_EVERY_S = 3.0
"""How often the monitor looks for sessions whose workspace was swept away."""

_SESSION_GONE = "The session ended, so its job was stopped."
_WHAT = {"fit": "fit", "sample": "generation", "evaluate": "evaluation"}
"""What the user calls a job of each ``meta["kind"]`` the pages give, in messages."""
_STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)
_LOG_LINES_KEPT = 200


@dataclass(eq=False)
class _Job:
    id: str
    label: str
    meta: dict[str, Any]
    workspace: Workspace
    spec: JobSpec | None
    result_path: str
    submitted_at: float
    state: JobState = "queued"
    progress: Progress | None = None
    log: deque = field(default_factory=lambda: deque(maxlen=_LOG_LINES_KEPT))
    error: str | None = None
    started_at: float | None = None
    finished_at: float | None = None
    process: Any = None
    conn: Connection | None = None
    alive: Connection | None = None
    cancel_flag: Any = None
    outcome: WorkerMessage | None = None
    collected: bool = False
    cancel_requested: bool = False
    cancel_reason: str = _CANCELLED
    memory_seen: int = 0
    inputs_path: str = ""
    ended: threading.Event = field(default_factory=threading.Event)


def _eta(job: _Job, fraction: float, elapsed: float) -> float | None:
    if job.state == "done":
        return 0.0
    if job.state != "running" or fraction <= 0.0:
        return None
    return elapsed * (1.0 - fraction) / fraction


def killed_message(kind: str | None, exitcode: int | None, memory_seen: int) -> str:
    """Why a worker that ended without a word ended, and what to do, for the page.

    SIGKILL is what the kernel's OOM killer sends (a worker is the first it picks, see
    ``worker._be_killed_first``), and a user's cancel never gets here; any other end is a
    crash of a library's native code.
    """
    what = _WHAT.get(kind or "", "job")
    if exitcode == -signal.SIGKILL:
        held = f" (it held {memory_seen / 2**20:,.0f} MB when last seen)" if memory_seen else ""
        return (f"The {what} ran out of memory: the system stopped its worker process{held}; "
                "the app and this session carry on. Use a random sample of the rows, fewer "
                "epochs or a smaller batch size, or a lighter model (Gaussian copula needs "
                "the least), and wait for other jobs to end.")
    return (f"The {what}'s worker process ended unexpectedly (exit code {exitcode}); the app "
            "and this session carry on. Start it again; if it ends the same way, use fewer "
            "rows or another model.")


def _target_name(target: Callable[..., Any]) -> tuple[str, str, str | None]:
    """Where a worker finds ``target``: it must be reachable by module and name.

    A function made in a page script (Streamlit runs those as a fake ``__main__``), a
    lambda or a nested function cannot be found by a worker, so it is refused here with
    a clear message rather than failing later inside the job.
    """
    module = getattr(target, "__module__", None)
    qualname = getattr(target, "__qualname__", "")
    found: Any = sys.modules.get(module) if module else None
    for part in qualname.split("."):
        found = getattr(found, part, None)
    if found is not target:
        raise JobError(
            f"{getattr(target, '__name__', target)!r} cannot run in a background job: pass a "
            "function defined at the top level of an importable module."
        )
    main_path = None
    if module == "__main__":
        main = sys.modules["__main__"]
        main_path = getattr(main, "__file__", None)
        if main_path is None or getattr(main, "__loader__", None) is None:
            raise JobError(
                f"{qualname!r} is defined in a page or interactive script, which a worker "
                "cannot load: move it to an importable module."
            )
    return module, qualname, main_path


def _end_helper_processes() -> None:
    """Kill multiprocessing's fork server and stop its resource tracker, where running.

    multiprocessing has no public call for either; both are its module-level singletons,
    and their ``_stop`` is what CPython's own tests use (it also reaps the process). The
    tracker runs under "spawn" too. A later job would start both afresh (``ensure_running``).
    """
    server = multiprocessing.forkserver._forkserver
    pid = getattr(server, "_forkserver_pid", None)
    if pid is not None:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            _log.debug("The fork server had already ended.")
        server._stop()
    multiprocessing.resource_tracker._resource_tracker._stop()


def _write_inputs(kwargs: dict[str, Any], path: Path) -> Path:
    """The job's inputs, pickled straight into a private file of the session's workspace.

    The worker reads them from there and deletes the file: the server keeps no pickled
    copy of the tables while the job waits or runs, and nothing of them travels through
    the process-start pipe (the hosted demo has 1 GB for everything).
    """
    try:
        with open_private(path) as handle:
            pickle.dump(kwargs, handle, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as error:
        path.unlink(missing_ok=True)
        raise JobError(f"The job's inputs cannot be sent to a worker: {error}") from None
    return path


def _resident(pid: int | None) -> int:
    """A worker's resident memory now, 0 when it is gone (for the out-of-memory message)."""
    try:
        return psutil.Process(pid).memory_info().rss
    except (psutil.Error, ValueError):
        return 0


class JobRunner:
    """Runs targets ``target(progress, cancel, **kwargs) -> result`` in worker processes.

    At most ``max_concurrent`` run at once, each with ``threads_per_job`` CPU threads;
    more are queued in submission order. ``start_method`` is "forkserver" where the OS
    has it, else "spawn"; ``preload`` names the modules the fork server imports up front.
    """

    def __init__(
        self,
        max_concurrent: int | None = None,
        threads_per_job: int | None = None,
        *,
        start_method: str | None = None,
        preload: Iterable[str] = DEFAULT_PRELOAD,
        log_lines: int = 20,
    ):
        cpus = available_cpus()
        self.max_concurrent = max(1, max_concurrent or min(cpus, 4))
        self.threads_per_job = max(1, threads_per_job or cpus // self.max_concurrent)
        self._ctx = job_context(start_method, preload)
        self.start_method = self._ctx.get_start_method()
        self._log_lines = log_lines
        self._lock = threading.Lock()
        self._jobs: dict[str, _Job] = {}
        self._stopping = False
        self._last_touch = self._last_check = time.monotonic()
        self._wake_r, self._wake_w = multiprocessing.Pipe(duplex=False)
        self._monitor = threading.Thread(target=self._run, name="syndata-jobs", daemon=True)
        self._monitor.start()
        atexit.register(self.end_now)

    # Public API: every method only reads or flags state under the lock.

    def submit(
        self,
        target: Callable[..., Any],
        kwargs: dict[str, Any],
        workspace: Workspace,
        label: str,
        meta: dict[str, Any] | None = None,
    ) -> str:
        """Queue ``target(progress, cancel, **kwargs)``; returns the job id at once."""
        if self._stopping:
            raise JobError("The job runner has shut down; restart the app.")
        if workspace.closed:
            raise JobError("This session's workspace was closed; reload the page.")
        module, qualname, main_path = _target_name(target)
        clash = {"progress", "cancel"} & set(kwargs)
        if clash:
            raise JobError(f"Job arguments may not be named {', '.join(sorted(clash))}.")
        job_id = uuid.uuid4().hex[:12]
        kwargs_path = _write_inputs(kwargs, workspace.file(f"jobs/{job_id}.inputs.pkl"))
        spec = JobSpec(
            job_id=job_id,
            module=module,
            qualname=qualname,
            main_path=main_path,
            sys_path=tuple(sys.path),
            kwargs_path=str(kwargs_path),
            result_path=str(workspace.file(f"jobs/{job_id}.result.pkl")),
            log_path=str(workspace.file(f"jobs/{job_id}.log")),
            threads=self.threads_per_job,
        )
        job = _Job(job_id, label, dict(meta or {}), workspace, spec, spec.result_path, time.time(),
                   inputs_path=spec.kwargs_path)
        with self._lock:
            self._jobs[job_id] = job
        self._wake()
        return job_id

    def status(self, job_id: str, workspace: Workspace | None = None) -> JobStatus:
        """The job's state now. With ``workspace``, a job of another session is not found."""
        with self._lock:
            return self._snapshot(self._get(job_id, workspace))

    def jobs(self, workspace: Workspace) -> list[JobStatus]:
        """This workspace's jobs in submission order; other sessions' jobs never appear."""
        with self._lock:
            return [self._snapshot(j) for j in self._of(workspace)]

    def cancel(self, job_id: str, workspace: Workspace | None = None) -> None:
        """Stop the job: a queued one never starts, a running one's process is ended.

        Returns once the worker is gone: SIGTERM, then SIGKILL after a second.
        """
        with self._lock:
            job = self._get(job_id, workspace)
            if job.state in FINISHED:
                return
            job.cancel_requested = True
            if job.process is None:
                self._finish(job, "cancelled", job.cancel_reason)
                return
            job.cancel_flag.value = 1
            job.process.terminate()
        if job.ended.wait(_TERM_GRACE_S):
            return
        with self._lock:
            if job.process is not None:
                job.process.kill()
        job.ended.wait(_KILL_WAIT_S)

    def wait(self, job_id: str, timeout: float | None = None) -> JobStatus:
        """Block until the job finished (or ``timeout``); for the CLI, tests and benches."""
        with self._lock:
            job = self._get(job_id)
        job.ended.wait(timeout)
        return self.status(job_id)

    def result(self, job_id: str, workspace: Workspace | None = None) -> object:
        """The target's return value, loaded from the session's workspace once.

        The result file holds the user's data, so it is deleted as soon as it is read:
        the caller keeps the value (the UI moves it into the session state).
        """
        with self._lock:
            job = self._get(job_id, workspace)
            state, error, collected = job.state, job.error, job.collected
            job.collected = True
        if state != "done":
            reason = f": {error}" if error else "."
            raise JobError(f"Job '{job.label}' has no result, it is {state}{reason}")
        if collected:
            raise JobError(f"The result of job '{job.label}' was already collected.")
        try:
            with open(job.result_path, "rb") as handle:
                return pickle.load(handle)
        except FileNotFoundError:
            raise JobError("This session ended and its results were deleted.") from None
        finally:
            Path(job.result_path).unlink(missing_ok=True)

    def release(self, workspace: Workspace) -> None:
        """Cancel a session's unfinished jobs and forget all its jobs (session ended)."""
        with self._lock:
            ids = [j.id for j in self._of(workspace)]
        for job_id in ids:
            self.cancel(job_id)
        with self._lock:
            for job_id in ids:
                self._jobs.pop(job_id, None)

    def shutdown(self) -> None:
        """Cancel every job and stop the monitor; the runner accepts no more jobs."""
        self._stopping = True
        with self._lock:
            ids = [j.id for j in self._jobs.values() if j.state not in FINISHED]
        for job_id in ids:
            self.cancel(job_id)
        self._wake()
        self._monitor.join(5.0)
        atexit.unregister(self.end_now)

    def end_now(self) -> None:
        """The server is going away: kill every worker and the fork server at once.

        Runs at interpreter exit and from the server's SIGTERM/SIGINT handlers (see
        ``end_on_signals``): nobody is left to collect a result, and cancel's second of
        grace per job would keep the exit waiting. The fork server, which has SDV and
        torch loaded, would take seconds to tear itself down after the server's exit, so
        it is killed too, and then multiprocessing's resource tracker is asked to stop.
        """
        self._stopping = True
        locked = self._lock.acquire(timeout=_KILL_WAIT_S)  # a signal may land mid-update
        try:
            for job in list(self._jobs.values()):
                if job.process is not None:
                    job.process.kill()
        finally:
            if locked:
                self._lock.release()
        _end_helper_processes()

    def end_on_signals(self) -> bool:
        """From the main thread: end every worker the moment SIGTERM or SIGINT arrives.

        Each handler then calls the one it replaced (Streamlit's graceful stop, Python's
        KeyboardInterrupt), so the server stops as it would have. Returns False when not
        called from the main thread, where Python allows no signal handlers.
        """
        if threading.current_thread() is not threading.main_thread():
            return False
        for signum in _STOP_SIGNALS:
            previous = signal.getsignal(signum)
            if previous in (signal.SIG_IGN, None):
                continue
            signal.signal(signum, functools.partial(self._on_signal, previous))
        return True

    def _on_signal(self, previous: Any, signum: int, frame: Any) -> None:
        self.end_now()
        if callable(previous):
            previous(signum, frame)
        else:
            signal.signal(signum, signal.SIG_DFL)
            signal.raise_signal(signum)

    # Helpers used under the lock.

    def _of(self, workspace: Workspace) -> list[_Job]:
        return [j for j in self._jobs.values() if j.workspace.path == workspace.path]

    def _get(self, job_id: str, workspace: Workspace | None = None) -> _Job:
        job = self._jobs.get(job_id)
        if job is None or (workspace is not None and job.workspace.path != workspace.path):
            raise JobError(f"No job with id {job_id!r} in this session.")
        return job

    def _snapshot(self, job: _Job) -> JobStatus:
        now = time.time()
        elapsed = 0.0
        if job.started_at is not None:
            elapsed = (job.finished_at or now) - job.started_at
        fraction = 1.0 if job.state == "done" else 0.0
        if job.progress is not None and job.state != "done":
            fraction = min(max(job.progress.fraction, 0.0), 1.0)
        return JobStatus(
            id=job.id,
            label=job.label,
            state=job.state,
            progress=job.progress,
            fraction=fraction,
            eta_s=_eta(job, fraction, elapsed),
            log=list(job.log)[-self._log_lines :],
            error=job.error,
            started_at=job.started_at,
            finished_at=job.finished_at,
            elapsed_s=elapsed,
            meta=dict(job.meta),
            submitted_at=job.submitted_at,
            pid=job.process.pid if job.process is not None else None,
        )

    def _finish(self, job: _Job, state: JobState, error: str | None = None) -> None:
        """Record how the job ended; inputs a worker never got to read are deleted."""
        Path(job.inputs_path).unlink(missing_ok=True)
        job.state = state
        job.error = error
        job.finished_at = time.time()
        job.ended.set()

    def _wake(self) -> None:
        with self._lock:
            self._wake_w.send_bytes(b"w")

    # The monitor thread: the only code that starts, polls and reaps worker processes.

    def _run(self) -> None:
        """Loop of the monitor thread; an error in one round must not orphan every job."""
        if self.start_method == "forkserver":
            multiprocessing.forkserver.ensure_running()
        while True:
            try:
                if self._serve():
                    return
            except Exception:
                _log.exception("The job monitor hit an error and carries on.")
                time.sleep(0.5)

    def _serve(self) -> bool:
        """One round: start what may start, wait for news, handle it. True once stopped."""
        self._start_queued()
        with self._lock:
            running = [j for j in self._jobs.values() if j.process is not None]
            if self._stopping and not running:
                return True
        waitables: list[Any] = [self._wake_r]
        for job in running:
            waitables.extend(x for x in (job.conn, job.process.sentinel) if x is not None)
        ready = multiprocessing.connection.wait(waitables, timeout=1.0)
        if self._wake_r in ready:
            while self._wake_r.poll():
                self._wake_r.recv_bytes()
        for job in running:
            if job.conn is not None and job.conn in ready:
                self._drain(job)
            if job.process.sentinel in ready:
                self._reap(job)
        for job in running:
            if job.process is not None:
                job.memory_seen = max(job.memory_seen, _resident(job.process.pid))
        now = time.monotonic()
        if now - self._last_touch > _TOUCH_EVERY_S:
            self._last_touch = now
            for job in running:
                job.workspace.touch()
        if now - self._last_check > _CHECK_EVERY_S:
            self._last_check = now
            self._stop_orphans()
        return False

    def _stop_orphans(self) -> None:
        """Stop and forget the jobs of sessions whose workspace is gone (ended, swept)."""
        with self._lock:
            for job in [j for j in self._jobs.values() if not j.workspace.path.is_dir()]:
                if job.state in FINISHED:
                    if job.process is None:
                        del self._jobs[job.id]
                    continue
                job.cancel_requested = True
                job.cancel_reason = _SESSION_GONE
                if job.process is None:
                    self._finish(job, "cancelled", _SESSION_GONE)
                else:
                    job.process.kill()

    def _start_queued(self) -> None:
        while not self._stopping:
            with self._lock:
                active = sum(1 for j in self._jobs.values() if j.state == "running")
                queued = [j for j in self._jobs.values() if j.state == "queued"]
                if active >= self.max_concurrent or not queued:
                    return
                job = queued[0]
                job.state = "running"
                job.started_at = time.time()
                job.progress = Progress("starting", 0.0, "starting a worker process")
            self._start(job)

    def _start(self, job: _Job) -> None:
        reader, writer = self._ctx.Pipe(duplex=False)
        alive_r, alive_w = self._ctx.Pipe(duplex=False)
        cancel_flag = self._ctx.RawValue("b", 0)
        process = self._ctx.Process(
            target=run_job,
            args=(job.spec, writer, cancel_flag, alive_r),
            name=f"{_PROCESS_PREFIX}{job.id}",
            daemon=True,
        )
        try:
            with _children_skip_main():
                process.start()
        except Exception as error:
            reader.close()
            alive_w.close()
            with self._lock:
                self._finish(job, "failed", f"The worker could not start: {error}")
            return
        finally:
            writer.close()
            alive_r.close()
        with self._lock:
            job.process, job.conn, job.cancel_flag = process, reader, cancel_flag
            job.alive = alive_w
            job.spec = None
            if job.cancel_requested:
                process.kill()
                job.conn.close()
                job.conn = None

    def _drain(self, job: _Job) -> None:
        """Read every message waiting in the job's pipe; close it at end of stream."""
        try:
            while job.conn.poll():
                message = job.conn.recv()
                with self._lock:
                    self._record(job, message)
        except (EOFError, OSError):
            job.conn.close()
            job.conn = None

    def _record(self, job: _Job, message: WorkerMessage) -> None:
        if message.kind == "progress":
            job.progress = message.payload
        elif message.kind == "log":
            job.log.append(f"{time.strftime('%H:%M:%S')} {message.payload}")
        else:
            job.outcome = message

    def _reap(self, job: _Job) -> None:
        """The process ended: read what it said last, then decide how the job ended."""
        if job.conn is not None:
            self._drain(job)
        if job.conn is not None:
            job.conn.close()
        outcome = job.outcome
        job.process.join()
        with self._lock:
            exitcode = job.process.exitcode
            job.process.close()
            job.alive.close()
            job.process, job.conn, job.cancel_flag, job.alive = None, None, None, None
            if job.state in FINISHED:
                return
            if outcome is not None and outcome.kind == "done":
                self._finish(job, "done")
            elif job.cancel_requested or (outcome is not None and outcome.kind == "cancelled"):
                self._finish(job, "cancelled", job.cancel_reason)
            elif outcome is not None:
                self._finish(job, "failed", outcome.payload)
            else:
                self._finish(job, "failed",
                             killed_message(job.meta.get("kind"), exitcode, job.memory_seen))
