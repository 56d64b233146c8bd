"""Job targets and helpers for the job runner's tests.

Targets live at module level in an importable module so a worker process can import them
by name (``tests.jobs.targets``), whichever test file submits them.
"""

import os
import signal
import subprocess
import sys
import textwrap
import time

import numpy as np
import pandas as pd
import psutil

from syndata.errors import ModelError
from syndata.jobs import JobRunner
from syndata.progress import Progress

TARGETS = __name__
"""This module's import name, for scripts and pages that import the targets."""


def report_steps(progress, cancel, steps: int, delay_s: float) -> dict:
    for step in range(1, steps + 1):
        time.sleep(delay_s)
        progress(Progress("fit", step / steps, f"step {step} of {steps}", epoch=step, epochs=steps))
    return {"steps": steps, "pid": os.getpid()}


def sleep_long(progress, cancel, seconds: float = 60.0) -> None:
    progress(Progress("sleep", 0.1, "sleeping"))
    time.sleep(seconds)


def sleep_ignoring_sigterm(progress, cancel) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    progress(Progress("sleep", 0.1, "ignoring SIGTERM"))
    time.sleep(60)


def raise_value_error(progress, cancel) -> None:
    raise ValueError("column 'age' holds text\nsecond line that must not show")


def raise_model_error(progress, cancel) -> None:
    raise ModelError("CTGAN needs at least 10 rows; add rows or pick GaussianCopula.")


def run_out_of_memory(progress, cancel) -> None:
    raise MemoryError()


def die_by_sigkill(progress, cancel) -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def check_a_huge_fit(progress, cancel, frame: pd.DataFrame) -> int:
    """What a fit does in its worker: check its memory (the server checked it before)."""
    from syndata.limits import check_memory

    check_memory(2**50)
    return len(frame)


def read_oom_score_adj(progress, cancel) -> str:
    with open("/proc/self/oom_score_adj") as handle:
        return handle.read().strip()


def hold_then_die_by_sigkill(progress, cancel, megabytes: int) -> None:
    """Hold memory long enough for the runner to see it, then die as the OOM killer kills."""
    held = np.ones(megabytes * 2**20 // 8)
    progress(Progress("fit", 0.5, f"holding {held.nbytes // 2**20} MB"))
    time.sleep(2.5)
    os.kill(os.getpid(), signal.SIGKILL)


def fit_copula(progress, cancel, data: pd.DataFrame, table: str):
    """A real GaussianCopula fit through SDV, as the Fit page runs one."""
    from sdv.metadata import Metadata
    from sdv.single_table import GaussianCopulaSynthesizer

    progress(Progress("fit", 0.0, "detecting metadata"))
    metadata = Metadata.detect_from_dataframes({table: data})
    synthesizer = GaussianCopulaSynthesizer(metadata)
    synthesizer.fit({table: data})
    progress(Progress("fit", 1.0, "fitted"))
    return synthesizer


def report_loss(progress, cancel) -> None:
    for epoch in (1, 2):
        progress(Progress("fit", epoch / 2, f"orders: epoch {epoch} of 2", epoch=epoch,
                          epochs=2, loss=1 / epoch))


def log_like_the_libraries(progress, cancel) -> None:
    """What SDV, RDT and pandas send while fitting: INFO chatter, dumps, repeated advice."""
    import logging
    import warnings

    warnings.simplefilter("always")  # Python would show each repeat; the job log must not
    logging.getLogger("sdv.data_processing").setLevel(logging.INFO)
    logging.getLogger("SingleTableSynthesizer").info({"EVENT": "Fit", "SYNTHESIZER ID": "x"})
    logging.getLogger("sdv.data_processing").info("Fitting table orders metadata")
    logging.getLogger("rdt").warning("{'amount': {'sdtype': 'numerical'}}")
    for table in ("orders", "orders", "users"):
        warnings.warn(f"Unable to fit a <class 'copulas.univariate.beta.BetaUnivariate'> "
                      f"distribution to {table}.amount; using a Gaussian.", UserWarning,
                      stacklevel=1)
    warnings.warn("The default of observed=False is deprecated.", FutureWarning, stacklevel=1)
    logging.getLogger("sdv").warning(
        "Metadata {'columns': {'amount': {'sdtype': 'numerical', 'computer_representation': "
        "'Float'}}} has no primary key\nsecond line")
    progress(Progress("fit", 1.0, "fitted"))


def write_a_file(progress, cancel, path: str) -> None:
    with open(path, "w") as handle:
        handle.write("a value of the user's table")


def report_thread_caps(progress, cancel) -> dict:
    import torch
    from threadpoolctl import threadpool_info

    return {
        "env": {name: os.environ.get(name) for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS")},
        "torch": torch.get_num_threads(),
        "pools": {pool["internal_api"]: pool["num_threads"] for pool in threadpool_info()},
    }


def fit_cart_and_list_libraries(progress, cancel, schema, data: pd.DataFrame) -> dict:
    """Fit CART as the Fit page's job does; which heavy libraries the worker loaded."""
    from syndata import synthesis

    synthesis.fit("cart", schema, {"t": data})
    return {name: name in sys.modules for name in ("sdv", "torch")}


def session_table(index: int, rows: int = 60) -> pd.DataFrame:
    """Data that could only have come from session ``index``: own names, own value range."""
    rng = np.random.default_rng(index)
    return pd.DataFrame(
        {
            f"s{index}_amount": rng.normal(1000 * (index + 1), 5, rows),
            f"s{index}_kind": rng.choice([f"k{index}a", f"k{index}b"], rows),
        }
    )


def sample_rows(synthesizer, rows: int) -> pd.DataFrame:
    sampled = synthesizer.sample(rows)
    return next(iter(sampled.values())) if isinstance(sampled, dict) else sampled


def wait_state(runner: JobRunner, job_id: str, state: str, timeout: float = 20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = runner.status(job_id)
        if status.state == state:
            return status
        time.sleep(0.02)
    raise AssertionError(f"job {job_id} never reached {state}: {runner.status(job_id)}")


def wait_sleeping(runner: JobRunner, job_id: str):
    """Wait until the worker is inside the target (its pid is known, its sleep begun)."""
    status = wait_state(runner, job_id, "running")
    deadline = time.monotonic() + 20
    while status.progress.stage != "sleep" and time.monotonic() < deadline:
        time.sleep(0.02)
        status = runner.status(job_id)
    assert status.pid is not None, status
    return status


def run_script(tmp_path, body: str) -> subprocess.CompletedProcess:
    script = tmp_path / "server.py"
    script.write_text(textwrap.dedent(body))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run([sys.executable, str(script), str(tmp_path)], capture_output=True,
                          text=True, env=env, timeout=30)
    assert done.returncode == 0, done.stderr
    return done


def fit_page(test_module: str, runner_id: str) -> None:
    """A minimal page in the shape the Fit page takes: submit once, poll, show the result."""
    import importlib

    import streamlit as st

    from syndata.workspace import Workspace

    targets = importlib.import_module(test_module)
    runner = targets.RUNNERS[runner_id]
    if "ws" not in st.session_state:
        st.session_state.ws = Workspace.create(st.session_state.root, "apptest")
        st.session_state.job = runner.submit(
            targets.fit_copula, {"data": targets.session_table(3), "table": "t"},
            st.session_state.ws, "fit",
        )
    status = runner.status(st.session_state.job)
    st.markdown(f"state {status.state}")
    if status.state == "done":
        sampled = targets.sample_rows(runner.result(status.id), 5)
        st.markdown(f"columns {' '.join(sampled.columns)}")


RUNNERS: dict[str, JobRunner] = {}


SERVER_SCRIPT = """
    import json, os, signal, sys, time
    from pathlib import Path
    import psutil
    from syndata.jobs import JobRunner
    from syndata.workspace import Workspace
    from {tests} import sleep_long

    def streamlit_like_stop(signum, frame):
        print("previous handler ran", flush=True)
        sys.exit(0)

    if __name__ == "__main__":
        how = sys.argv[2]
        if how == "chained":
            signal.signal(signal.SIGTERM, streamlit_like_stop)
        method = "spawn" if how == "spawn" else "forkserver"
        runner = JobRunner(1, 1, start_method=method)  # the fork server preloads SDV, torch
        if how != "exit":
            runner.end_on_signals()
        ws = Workspace.create(Path(sys.argv[1]) / "sessions")
        job_id = runner.submit(sleep_long, {{}}, ws, "sleeper")
        while getattr(runner.status(job_id).progress, "stage", None) != "sleep":
            time.sleep(0.05)
        print(json.dumps([p.pid for p in psutil.Process().children(recursive=True)]), flush=True)
        if how == "crash":
            os._exit(0)
        if how != "exit":
            time.sleep(60)
"""


def ended(pid: int) -> bool:
    """Gone, or a zombie: killed, with only its exit status left for a parent to read."""
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def grow_until_killed(progress, cancel) -> None:
    """Take memory 20 MB at a time (touched, so it is really resident) until the kernel
    kills this worker, as a fit that outgrows its container does."""
    held = []
    while True:
        held.append(np.ones(20 * 2**20 // 8))
        progress(Progress("fit", 0.5, f"holding {20 * len(held)} MB"))
