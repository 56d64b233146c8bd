"""The child side of a job: runs one target in its own process.

The runner starts ``run_job`` in a fresh process per job. Before the target's module and
its data are loaded, the process caps its thread pools (BLAS, OpenMP, torch) so concurrent
jobs share the CPUs instead of oversubscribing them. Progress and log lines go to the
parent over a pipe; the result goes to a file in the session's private workspace, written
atomically so a cancel mid-write never leaves a half file that looks finished.
"""

import importlib
import importlib.util
import logging
import os
import pickle
import sys
import threading
import time
import traceback
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from syndata.errors import CancelledError, SyndataError
from syndata.jobs.status import WorkerMessage
from syndata.progress import Progress

_THREAD_VARS = (
    "OMP_NUM_THREADS",
    "MKL_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "NUMEXPR_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
)
_PROGRESS_INTERVAL_S = 0.1
"""Progress is sent at most this often (stage changes and the end always go through)."""

_PARENT_CHECK_S = 2.0
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class JobSpec:
    """Everything a worker needs, sent as plain data so it unpickles without heavy imports.

    The target travels by name and the kwargs as pickled bytes: both are loaded only after
    the thread caps are in place, because importing numpy or torch fixes their pools.
    """

    job_id: str
    module: str
    qualname: str
    main_path: str | None
    sys_path: tuple[str, ...]
    kwargs_pickle: bytes
    result_path: str
    log_path: str
    threads: int
    parent_pid: int


class _PipeLogHandler(logging.Handler):
    """Forwards the worker's log records (SDV, torch warnings) as log lines."""

    def __init__(self, send: Callable[[WorkerMessage], None]):
        super().__init__(logging.INFO)
        self._send = send

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage().strip().splitlines()
        if message:
            self._send(WorkerMessage("log", f"{record.levelname.lower()}: {message[0]}"))


class _Reporter:
    """The ProgressCallback handed to the target: throttled, and logs new messages."""

    def __init__(self, send: Callable[[WorkerMessage], None]):
        self._send = send
        self._last_sent = 0.0
        self._last_stage: str | None = None
        self._last_line: tuple[str, str] | None = None

    def __call__(self, progress: Progress) -> None:
        now = time.monotonic()
        line = (progress.stage, progress.message)
        if progress.message and line != self._last_line:
            self._last_line = line
            self._send(WorkerMessage("log", f"{progress.stage}: {progress.message}"))
        if (
            progress.stage != self._last_stage
            or progress.fraction >= 1.0
            or now - self._last_sent >= _PROGRESS_INTERVAL_S
        ):
            self._last_stage = progress.stage
            self._last_sent = now
            self._send(WorkerMessage("progress", progress))


def _warning_to_log(send: Callable[[WorkerMessage], None]) -> Callable[..., None]:
    """Warnings (SDV's advice, torch's notices) become one log line each, without paths."""

    def show(message, category, filename, lineno, file=None, line=None) -> None:
        text = str(message).strip().splitlines()
        first = text[0] if text else ""
        send(WorkerMessage("log", f"warning: {category.__name__}: {first}"))

    return show


def _cap_threads_env(threads: int) -> None:
    for name in _THREAD_VARS:
        os.environ[name] = str(threads)


def _cap_loaded_pools(threads: int) -> None:
    """Cap pools of libraries already loaded (e.g. preloaded by the fork server)."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=threads)
    if "torch" in sys.modules:
        torch = sys.modules["torch"]
        torch.set_num_threads(threads)
        try:
            torch.set_num_interop_threads(threads)
        except RuntimeError:
            _log.debug("torch's inter-op pool was already started; its size stays.")


def _exit_when_parent_dies(parent_pid: int) -> None:
    """A job must not outlive the server that would collect it (nor keep writing files)."""

    def watch() -> None:
        while True:
            time.sleep(_PARENT_CHECK_S)
            try:
                os.kill(parent_pid, 0)
            except ProcessLookupError:
                os._exit(1)

    threading.Thread(target=watch, name="syndata-parent-watch", daemon=True).start()


def _resolve(spec: JobSpec) -> Callable[..., Any]:
    """The target function; one from the main script is loaded from its file, guarded
    by ``if __name__ == "__main__"`` as in any multiprocessing program."""
    if spec.module == "__main__":
        loader_spec = importlib.util.spec_from_file_location("__mp_main__", spec.main_path)
        module = importlib.util.module_from_spec(loader_spec)
        sys.modules["__mp_main__"] = sys.modules["__main__"] = module
        loader_spec.loader.exec_module(module)
    else:
        module = importlib.import_module(spec.module)
    target = module
    for part in spec.qualname.split("."):
        target = getattr(target, part)
    return target


def one_line(error: BaseException) -> str:
    """The reason shown for a failed job: our own messages verbatim, others typed."""
    if isinstance(error, SyndataError):
        return str(error)
    if isinstance(error, MemoryError):
        return "The job ran out of memory. Try fewer rows or epochs, or fewer jobs at once."
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0]}" if text else type(error).__name__


def _write_result(result: object, path: Path) -> None:
    import cloudpickle

    partial = path.with_name(path.name + ".partial")
    with open(partial, "wb") as handle:
        cloudpickle.dump(result, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(partial, path)


def run_job(spec: JobSpec, conn: Connection, cancel_flag: Any) -> None:
    """Process entry point: run the target, report its outcome, exit."""
    _cap_threads_env(spec.threads)
    sys.path[:] = list(spec.sys_path)
    _exit_when_parent_dies(spec.parent_pid)
    send_lock = threading.Lock()

    def send(message: WorkerMessage) -> None:
        with send_lock:
            conn.send(message)

    handler = _PipeLogHandler(send)
    logging.getLogger().addHandler(handler)
    logging.getLogger().setLevel(logging.INFO)
    warnings.showwarning = _warning_to_log(send)
    try:
        target = _resolve(spec)
        kwargs = pickle.loads(spec.kwargs_pickle)
        _cap_loaded_pools(spec.threads)
        result = target(_Reporter(send), lambda: bool(cancel_flag.value), **kwargs)
        _write_result(result, Path(spec.result_path))
        outcome = WorkerMessage("done")
    except CancelledError as error:
        outcome = WorkerMessage("cancelled", str(error))
    except BaseException as error:
        Path(spec.log_path).write_text(traceback.format_exc(), encoding="utf-8")
        outcome = WorkerMessage("failed", one_line(error))
    logging.getLogger().removeHandler(handler)
    send(outcome)
    conn.close()
