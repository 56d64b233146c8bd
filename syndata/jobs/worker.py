"""The child side of a job: runs one target in its own process.

The runner starts ``run_job`` in a fresh process per job. Before the target's module and
its data are loaded, the process caps its thread pools (BLAS, OpenMP, torch) so concurrent
jobs share the CPUs instead of oversubscribing them. Progress and log lines go to the
parent over a pipe; the result goes to a file in the session's private workspace, readable
by this user only and written atomically so a cancel mid-write never leaves a half file
that looks finished.

A worker never outlives the server: it exits the moment the runner's end of its "alive"
pipe closes (the server ended, however it ended), and on Linux the kernel also kills it
when its parent process (the fork server) ends.

The job log is for people: it holds our progress messages and the libraries' warnings in
one plain line each. Libraries' INFO records (SDV logs every fit as a dict of events and
its metadata) are not forwarded, and class reprs and data dumps are cut out of what is.
"""

import contextlib
import ctypes
import importlib
import importlib.util
import logging
import os
import pickle
import re
import signal
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
from syndata.limits import trust_the_check_before_start
from syndata.progress import Progress
from syndata.workspace import open_private

_THREAD_VARS = (
    "OMP_NUM_THREADS",
    "MKL_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "NUMEXPR_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
)
_PROGRESS_INTERVAL_S = 0.1
"""Progress is sent at most this often (stage changes and the end always go through)."""

_PR_SET_PDEATHSIG = 1
"""prctl option (linux/prctl.h): the signal this process gets when its parent ends."""

_OOM_SCORE_ADJ = 1000
"""The kernel's largest oom_score_adj: this process is the first the OOM killer ends."""

_NICENESS = 10
"""How much lower than the server a worker runs: fits take every core they are given."""

_PRIVATE_UMASK = 0o077
"""Whatever a job writes is the user's data: files it creates are readable by it only."""

_MAX_LINE = 200
_CLASS_REPR = re.compile(r"<class '(?:[\w.]*\.)?(\w+)'>")
_DUMP_LINE = re.compile(r"^[{\[]")
"""A line that is a dict or list literal: a data dump such as SDV's event records."""

_LONG_LITERAL = 40
"""A dict or list literal at least this long inside a line is a dump and is cut out."""

_OPEN, _CLOSE = "{[", "}]"
_FOR_DEVELOPERS = (DeprecationWarning, PendingDeprecationWarning, FutureWarning)
"""Warnings about the libraries' own future APIs: nothing the user can act on."""

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class JobSpec:
    """Everything a worker needs, sent as plain data so it unpickles without heavy imports.

    The target travels by name and the kwargs as a pickle file in the session's workspace,
    which the worker deletes once read: both are loaded only after the thread caps are in
    place, because importing numpy or torch fixes their pools.
    """

    job_id: str
    module: str
    qualname: str
    main_path: str | None
    sys_path: tuple[str, ...]
    kwargs_path: str
    result_path: str
    log_path: str
    threads: int


def plain_line(text: str) -> str | None:
    """One readable line of a library's message, or None when it is a data dump.

    Keeps the first non-empty line, names classes by their own name
    (``<class 'copulas.univariate.beta.BetaUnivariate'>`` -> ``BetaUnivariate``) and cuts
    long dict or list literals out; a line that is nothing but such a literal (metadata,
    event records) says nothing a user can act on and is dropped.
    """
    lines = [line.strip() for line in str(text).splitlines() if line.strip()]
    if not lines:
        return None
    line = _CLASS_REPR.sub(r"\1", lines[0])
    if _DUMP_LINE.match(line):
        return None
    line = " ".join(_cut_literals(line).split())
    return line if len(line) <= _MAX_LINE else line[: _MAX_LINE - 1] + "…"


def _cut_literals(line: str) -> str:
    """``line`` with each long outermost ``{...}`` or ``[...]`` replaced by an ellipsis.

    Brackets nest (metadata is a dict of dicts), which a regular expression cannot
    match, so this counts depth; an unclosed bracket leaves the rest as it is.
    """
    out, depth, start = [], 0, 0
    for i, char in enumerate(line):
        if char in _OPEN:
            if depth == 0:
                out.append(line[start:i])
                start = i
            depth += 1
        elif char in _CLOSE and depth:
            depth -= 1
            if depth == 0:
                literal = line[start : i + 1]
                out.append("…" if len(literal) >= _LONG_LITERAL else literal)
                start = i + 1
    out.append(line[start:])
    return "".join(out)


class _LogLines:
    """Sends library log lines and warnings to the job log, each distinct line once.

    A warning raised per table or per column (HMA fits one copula per child table) would
    otherwise push our own progress lines out of the few the page shows.
    """

    def __init__(self, send: Callable[[WorkerMessage], None]):
        self._send = send
        self._seen: set[tuple[str, str]] = set()

    def __call__(self, kind: str, text: str) -> None:
        line = plain_line(text)
        if line is None or (kind, line) in self._seen:
            return
        self._seen.add((kind, line))
        self._send(WorkerMessage("log", f"{kind}: {line}"))


class _PipeLogHandler(logging.Handler):
    """Forwards the libraries' warnings and errors (not their INFO chatter) as log lines."""

    def __init__(self, lines: _LogLines):
        super().__init__(logging.WARNING)
        self._lines = lines

    def emit(self, record: logging.LogRecord) -> None:
        if isinstance(record.msg, str):
            self._lines(record.levelname.lower(), record.getMessage())


class _Reporter:
    """The ProgressCallback handed to the target: throttled, and logs new messages."""

    def __init__(self, send: Callable[[WorkerMessage], None]):
        self._send = send
        self._last_sent = 0.0
        self._last_stage: str | None = None
        self._last_line: tuple[str, str] | None = None

    def __call__(self, progress: Progress) -> None:
        now = time.monotonic()
        line = (progress.stage, progress.text)
        if progress.text and line != self._last_line:
            self._last_line = line
            self._send(WorkerMessage("log", f"{progress.stage}: {progress.text}"))
        if (
            progress.stage != self._last_stage
            or progress.fraction >= 1.0
            or now - self._last_sent >= _PROGRESS_INTERVAL_S
        ):
            self._last_stage = progress.stage
            self._last_sent = now
            self._send(WorkerMessage("progress", progress))


def _warning_to_log(lines: _LogLines) -> Callable[..., None]:
    """Warnings (SDV's advice, torch's notices) become one plain line each, without paths."""

    def show(message, category, filename, lineno, file=None, line=None) -> None:
        if not issubclass(category, _FOR_DEVELOPERS):
            lines("warning", str(message))

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


def _die_with_parent() -> None:
    """Linux: have the kernel SIGKILL this process as soon as its parent process ends.

    The parent is the fork server, which itself exits when the server does; the kill needs
    no Python thread to run, so it holds even while a C extension keeps the GIL.
    """
    if not sys.platform.startswith("linux"):
        return
    parent = os.getppid()
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        _log.debug("prctl(PR_SET_PDEATHSIG) failed: errno %s", ctypes.get_errno())
    if os.getppid() != parent:
        os._exit(1)


def _be_killed_first() -> None:
    """Linux: when memory runs out, the kernel's OOM killer takes this worker, not the server.

    The killer picks the process with the highest score, about its share of memory; the
    server holds every session and is often the larger one, so a fit that outgrew a 1 GB
    container used to take the whole app down. The highest adjustment makes every worker
    go before the server (raising one's own score needs no privilege).
    """
    with contextlib.suppress(OSError):
        Path("/proc/self/oom_score_adj").write_text(str(_OOM_SCORE_ADJ))


def _yield_the_cpu() -> None:
    """The server answers before any fit computes: a page rerun or an API status poll waits
    for a core while two fits hold both (p95 status latency at 2 fits on 2 cores was 99 ms
    in a round of ``bench/api.py``). Lowering one's own priority needs no privilege."""
    with contextlib.suppress(OSError):
        os.nice(_NICENESS)


def _exit_when_server_ends(alive: Connection) -> None:
    """A job must not outlive the server that would collect it (nor keep writing files).

    The runner holds the only write end of ``alive`` and never writes to it: reading it
    returns only when that end closes, which the OS does the moment the server process
    ends, cleanly or not. Portable, and immediate rather than polled.
    """

    def watch() -> None:
        with contextlib.suppress(EOFError, OSError):
            alive.recv_bytes()
        os._exit(1)

    threading.Thread(target=watch, name="syndata-server-watch", daemon=True).start()


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


def _read_inputs(path: Path) -> dict[str, Any]:
    """The job's inputs, streamed from their file (no bytes copy beside the tables), which
    is deleted at once: the user's data stays on disk no longer than it must."""
    try:
        with open(path, "rb") as handle:
            return pickle.load(handle)
    finally:
        path.unlink(missing_ok=True)


def _write_result(result: object, path: Path) -> None:
    import cloudpickle

    partial = path.with_name(path.name + ".partial")
    with open_private(partial) as handle:
        cloudpickle.dump(result, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(partial, path)


def run_job(spec: JobSpec, conn: Connection, cancel_flag: Any, alive: Connection) -> None:
    """Process entry point: run the target, report its outcome, exit."""
    _die_with_parent()
    _be_killed_first()
    _yield_the_cpu()
    _exit_when_server_ends(alive)
    os.umask(_PRIVATE_UMASK)
    _cap_threads_env(spec.threads)
    trust_the_check_before_start()
    sys.path[:] = list(spec.sys_path)
    send_lock = threading.Lock()

    def send(message: WorkerMessage) -> None:
        with send_lock:
            conn.send(message)

    lines = _LogLines(send)
    handler = _PipeLogHandler(lines)
    logging.getLogger().addHandler(handler)
    warnings.showwarning = _warning_to_log(lines)
    try:
        target = _resolve(spec)
        kwargs = _read_inputs(Path(spec.kwargs_path))
        _cap_loaded_pools(spec.threads)
        result = target(_Reporter(send), lambda: bool(cancel_flag.value), **kwargs)
        _write_result(result, Path(spec.result_path))
        outcome = WorkerMessage("done")
    except CancelledError as error:
        outcome = WorkerMessage("cancelled", str(error))
    except BaseException as error:
        with open_private(Path(spec.log_path)) as handle:
            handle.write(traceback.format_exc().encode("utf-8"))
        outcome = WorkerMessage("failed", one_line(error))
    logging.getLogger().removeHandler(handler)
    send(outcome)
    conn.close()
