"""The job runner with real worker processes and real SDV fits (tiny data)."""

import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import numpy as np
import pandas as pd
import psutil
import pytest

from syndata.errors import JobError, ModelError
from syndata.jobs import JobRunner
from syndata.progress import Progress
from syndata.workspace import Workspace, sweep

pytestmark = pytest.mark.timeout(120)


# Targets: module level so a worker process can import them by name.


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


def _session_table(index: int, rows: int = 60) -> pd.DataFrame:
    """Data that could only have come from session ``index``: own names, own value range."""
    rng = np.random.default_rng(index)
    return pd.DataFrame(
        {
            f"s{index}_amount": rng.normal(1000 * (index + 1), 5, rows),
            f"s{index}_kind": rng.choice([f"k{index}a", f"k{index}b"], rows),
        }
    )


def _sample(synthesizer, rows: int) -> pd.DataFrame:
    sampled = synthesizer.sample(rows)
    return next(iter(sampled.values())) if isinstance(sampled, dict) else sampled


def _wait_state(runner: JobRunner, job_id: str, state: str, timeout: float = 20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = runner.status(job_id)
        if status.state == state:
            return status
        time.sleep(0.02)
    raise AssertionError(f"job {job_id} never reached {state}: {runner.status(job_id)}")


def _wait_sleeping(runner: JobRunner, job_id: str):
    """Wait until the worker is inside the target (its pid is known, its sleep begun)."""
    status = _wait_state(runner, job_id, "running")
    deadline = time.monotonic() + 20
    while status.progress.stage != "sleep" and time.monotonic() < deadline:
        time.sleep(0.02)
        status = runner.status(job_id)
    assert status.pid is not None, status
    return status


@pytest.fixture(scope="module")
def runner():
    job_runner = JobRunner(max_concurrent=4, threads_per_job=1)
    yield job_runner
    job_runner.shutdown()


@pytest.fixture
def workspace(tmp_path):
    with Workspace.create(tmp_path / "sessions") as ws:
        yield ws


def test_progress_streams_while_running(runner, workspace):
    job_id = runner.submit(report_steps, {"steps": 5, "delay_s": 0.3}, workspace, "steps")
    seen = []
    while not (status := runner.status(job_id)).finished:
        if status.state == "running" and status.progress and status.progress.stage == "fit":
            seen.append((status.fraction, status.eta_s))
        time.sleep(0.05)

    assert status.state == "done", status.error
    fractions = [f for f, _ in seen]
    assert len(set(fractions)) >= 3
    assert fractions == sorted(fractions)
    assert all(eta is not None and eta >= 0 for _, eta in seen)
    assert status.fraction == 1.0 and status.eta_s == 0.0
    assert status.progress.epoch == 5 and status.progress.epochs == 5
    assert [line.split(" ", 1)[1] for line in status.log] == [
        f"fit: step {i} of 5" for i in range(1, 6)
    ]
    assert status.elapsed_s >= 1.5
    assert runner.result(job_id)["pid"] != os.getpid()


def test_worker_threads_are_capped_per_job(workspace):
    capped = JobRunner(max_concurrent=1, threads_per_job=1)
    try:
        job_id = capped.submit(report_thread_caps, {}, workspace, "threads")
        assert capped.wait(job_id, 30).state == "done"
        caps = capped.result(job_id)
    finally:
        capped.shutdown()

    assert caps["env"] == {"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    assert caps["torch"] == 1
    assert caps["pools"] and set(caps["pools"].values()) == {1}


def test_cancel_ends_a_sleeping_worker_within_3s(runner, workspace):
    job_id = runner.submit(sleep_long, {}, workspace, "sleeper")
    pid = _wait_sleeping(runner, job_id).pid

    started = time.monotonic()
    runner.cancel(job_id)
    took = time.monotonic() - started

    assert took < 3.0
    assert not psutil.pid_exists(pid)
    status = runner.status(job_id)
    assert status.state == "cancelled" and status.pid is None
    with pytest.raises(JobError, match="cancelled"):
        runner.result(job_id)


def test_cancel_kills_a_worker_that_ignores_sigterm(runner, workspace):
    job_id = runner.submit(sleep_ignoring_sigterm, {}, workspace, "stubborn")
    status = _wait_sleeping(runner, job_id)

    started = time.monotonic()
    runner.cancel(job_id)

    assert time.monotonic() - started < 3.0
    assert not psutil.pid_exists(status.pid)
    assert runner.status(job_id).state == "cancelled"


def test_failing_target_reports_one_line_and_keeps_the_traceback(runner, workspace):
    status = runner.wait(runner.submit(raise_value_error, {}, workspace, "bad"), 30)

    assert status.state == "failed"
    assert status.error == "ValueError: column 'age' holds text"
    traceback_file = workspace.file(f"jobs/{status.id}.log")
    assert "Traceback" in traceback_file.read_text()
    assert traceback_file.stat().st_mode & 0o777 == 0o600
    with pytest.raises(JobError, match="column 'age' holds text"):
        runner.result(status.id)


def test_syndata_error_message_arrives_verbatim(runner, workspace):
    status = runner.wait(runner.submit(raise_model_error, {}, workspace, "bad"), 30)

    assert status.state == "failed"
    assert status.error == "CTGAN needs at least 10 rows; add rows or pick GaussianCopula."


def test_worker_killed_by_the_os_is_reported_not_fatal(runner, workspace):
    status = runner.wait(runner.submit(die_by_sigkill, {}, workspace, "oom"), 30)

    assert status.state == "failed"
    assert "ran out of memory or was killed (exit code -9)" in status.error
    again = runner.submit(report_steps, {"steps": 1, "delay_s": 0}, workspace, "again")
    assert runner.wait(again, 30).state == "done"


def test_memory_error_in_the_target_reads_as_out_of_memory(runner, workspace):
    status = runner.wait(runner.submit(run_out_of_memory, {}, workspace, "big"), 30)

    assert status.state == "failed"
    assert status.error.startswith("The job ran out of memory.")


def test_fitted_gaussian_copula_round_trips(runner, workspace):
    data = _session_table(7)
    job_id = runner.submit(fit_copula, {"data": data, "table": "t"}, workspace, "copula")
    status = runner.wait(job_id, 60)
    assert status.state == "done", status.error

    synthesizer = runner.result(job_id)
    sampled = _sample(synthesizer, 25)
    assert list(sampled.columns) == list(data.columns)
    assert len(sampled) == 25
    assert set(sampled["s7_kind"]) <= {"k7a", "k7b"}


def test_jobs_over_the_cap_wait_in_order(workspace):
    single = JobRunner(max_concurrent=1, threads_per_job=1)
    try:
        first = single.submit(sleep_long, {}, workspace, "first")
        second = single.submit(sleep_long, {}, workspace, "second")
        third = single.submit(sleep_long, {}, workspace, "third")
        _wait_state(single, first, "running")
        time.sleep(0.3)
        assert single.status(second).state == "queued"
        assert single.status(third).state == "queued"
        assert single.status(second).eta_s is None

        single.cancel(third)
        assert single.status(third).state == "cancelled"
        single.cancel(first)
        _wait_state(single, second, "running", timeout=5)
        assert single.status(third).state == "cancelled"
        assert [s.label for s in single.jobs(workspace)] == ["first", "second", "third"]
    finally:
        single.shutdown()
    assert single.status(second).state == "cancelled"


def test_sessions_never_see_each_others_jobs_or_files(runner, tmp_path):
    root = tmp_path / "sessions"
    with Workspace.create(root, "alice") as alice, Workspace.create(root, "bob") as bob:
        a = runner.submit(report_steps, {"steps": 1, "delay_s": 0}, alice, "a")
        b = runner.submit(report_steps, {"steps": 1, "delay_s": 0}, bob, "b")
        runner.wait(a, 30)
        runner.wait(b, 30)

        assert [s.id for s in runner.jobs(alice)] == [a]
        assert [s.id for s in runner.jobs(bob)] == [b]
        alice_files = {p.name for p in alice.path.rglob("*")}
        bob_files = {p.name for p in bob.path.rglob("*")}
        assert f"{a}.result.pkl" in alice_files and f"{a}.result.pkl" not in bob_files
        assert f"{b}.result.pkl" in bob_files and f"{b}.result.pkl" not in alice_files
        assert alice.path.stat().st_mode & 0o777 == 0o700

        with pytest.raises(JobError, match="No job"):
            runner.result(a, workspace=bob)
        with pytest.raises(JobError, match="No job"):
            runner.status(b, workspace=alice)
        assert runner.result(a, workspace=alice)["steps"] == 1

        runner.release(alice)
        assert runner.jobs(alice) == []
        assert [s.id for s in runner.jobs(bob)] == [b]
    assert not alice.path.exists() and not bob.path.exists()


def test_four_sessions_fitting_at_once_each_get_their_own_model(runner, tmp_path):
    sessions = [Workspace.create(tmp_path / "sessions", f"user{i}") for i in range(4)]
    try:
        tables = [_session_table(i) for i in range(4)]
        ids = [
            runner.submit(fit_copula, {"data": tables[i], "table": f"t{i}"}, ws, f"fit {i}")
            for i, ws in enumerate(sessions)
        ]
        for job_id in ids:
            assert runner.wait(job_id, 90).state == "done"

        for i, (ws, job_id) in enumerate(zip(sessions, ids, strict=True)):
            assert [s.id for s in runner.jobs(ws)] == [job_id]
            sampled = _sample(runner.result(job_id), 40)
            assert list(sampled.columns) == [f"s{i}_amount", f"s{i}_kind"]
            assert abs(sampled[f"s{i}_amount"].mean() - 1000 * (i + 1)) < 50
            assert set(sampled[f"s{i}_kind"]) <= {f"k{i}a", f"k{i}b"}
    finally:
        for ws in sessions:
            runner.release(ws)
            ws.close()


def test_submit_refuses_what_a_worker_cannot_run(runner, workspace):
    with pytest.raises(JobError, match="top level of an importable module"):
        runner.submit(lambda progress, cancel: None, {}, workspace, "lambda")

    def nested(progress, cancel):
        return None

    with pytest.raises(JobError, match="top level"):
        runner.submit(nested, {}, workspace, "nested")
    with pytest.raises(JobError, match="may not be named progress"):
        runner.submit(report_steps, {"progress": 1}, workspace, "clash")
    with pytest.raises(JobError, match="cannot be sent"):
        runner.submit(report_steps, {"steps": (x for x in [])}, workspace, "generator")
    workspace.close()
    with pytest.raises(JobError, match="closed"):
        runner.submit(report_steps, {"steps": 1, "delay_s": 0}, workspace, "late")


def test_a_result_file_is_private_and_deleted_once_read(runner, workspace):
    job_id = runner.submit(report_steps, {"steps": 1, "delay_s": 0}, workspace, "private")
    assert runner.wait(job_id, 30).state == "done"
    path = workspace.path / "jobs" / f"{job_id}.result.pkl"

    assert path.stat().st_mode & 0o777 == 0o600
    assert runner.result(job_id)["steps"] == 1
    assert not path.exists()
    assert list((workspace.path / "jobs").glob("*.result.pkl*")) == []
    with pytest.raises(JobError, match="already collected"):
        runner.result(job_id)


def test_files_a_job_writes_are_private_too(runner, workspace):
    path = workspace.file("exports/table.csv")
    job_id = runner.submit(write_a_file, {"path": str(path)}, workspace, "writes")
    assert runner.wait(job_id, 30).state == "done"

    assert path.stat().st_mode & 0o777 == 0o600


def test_job_log_keeps_plain_warnings_and_drops_library_chatter(runner, workspace):
    status = runner.wait(runner.submit(log_like_the_libraries, {}, workspace, "chatty"), 30)

    assert status.state == "done", status.error
    assert [line.split(" ", 1)[1] for line in status.log] == [
        "warning: Unable to fit a BetaUnivariate distribution to orders.amount; "
        "using a Gaussian.",
        "warning: Unable to fit a BetaUnivariate distribution to users.amount; "
        "using a Gaussian.",
        "warning: Metadata … has no primary key",
        "fit: fitted",
    ]


def test_a_real_sdv_fit_logs_only_our_messages(runner, workspace):
    from syndata import tasks
    from syndata.metadata import Schema

    data = _session_table(5)
    metadata = {"tables": {"t": {"columns": {
        "s5_amount": {"sdtype": "numerical"}, "s5_kind": {"sdtype": "categorical"}}}},
        "relationships": [], "METADATA_SPEC_VERSION": "V1"}
    job_id = runner.submit(tasks.fit_job, {"model": "gaussian_copula",
                                           "schema": Schema.from_dict(metadata),
                                           "tables": {"t": data}, "params": {}}, workspace, "gc")
    status = runner.wait(job_id, 90)

    assert status.state == "done", status.error
    lines = [line.split(" ", 1)[1] for line in status.log]
    assert lines and lines[-1].endswith("fitted")
    for line in lines:
        assert line.startswith(("fit", "warning: ")), line
        assert "{" not in line and "<class" not in line and "Fitting" not in line, line


def test_the_loss_reaches_the_log_with_the_message(runner, workspace):
    status = runner.wait(runner.submit(report_loss, {}, workspace, "loss"), 30)

    assert [line.split(" ", 1)[1] for line in status.log] == [
        "fit: orders: epoch 1 of 2, loss 1.000", "fit: orders: epoch 2 of 2, loss 0.500"]
    assert status.progress.text == "orders: epoch 2 of 2, loss 0.500"


def test_unknown_job_and_early_result_are_job_errors(runner, workspace):
    with pytest.raises(JobError, match="No job"):
        runner.status("nope")
    job_id = runner.submit(sleep_long, {"seconds": 30}, workspace, "slow")
    with pytest.raises(JobError, match="no result"):
        runner.result(job_id)
    runner.cancel(job_id)


def test_jobs_of_a_swept_session_are_stopped_and_forgotten(runner, tmp_path):
    ws = Workspace.create(tmp_path / "sessions", "gone")
    job_id = runner.submit(sleep_long, {}, ws, "orphan")
    pid = _wait_sleeping(runner, job_id).pid

    sweep(tmp_path / "sessions", max_age_s=600, active_sessions=set())
    status = runner.wait(job_id, 10)

    assert status.state == "cancelled"
    assert status.error == "The session ended, so its job was stopped."
    assert not psutil.pid_exists(pid)
    deadline = time.monotonic() + 10
    while runner.jobs(ws) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert runner.jobs(ws) == []


def test_spawn_start_method_runs_jobs_too(workspace):
    spawned = JobRunner(max_concurrent=1, threads_per_job=1, start_method="spawn")
    try:
        job_id = spawned.submit(report_steps, {"steps": 2, "delay_s": 0}, workspace, "spawned")
        assert spawned.wait(job_id, 60).state == "done"
        assert spawned.result(job_id)["steps"] == 2
    finally:
        spawned.shutdown()


def _run_script(tmp_path, body: str) -> subprocess.CompletedProcess:
    script = tmp_path / "server.py"
    script.write_text(textwrap.dedent(body))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run([sys.executable, str(script), str(tmp_path)], capture_output=True,
                          text=True, env=env, timeout=30)
    assert done.returncode == 0, done.stderr
    return done


def test_target_defined_in_the_main_script_runs(tmp_path):
    done = _run_script(tmp_path, """
        import sys
        from pathlib import Path
        from syndata.jobs import JobRunner
        from syndata.workspace import Workspace

        def double(progress, cancel, x):
            return 2 * x

        if __name__ == "__main__":
            runner = JobRunner(1, 1, preload=["syndata.jobs.worker"])
            with Workspace.create(Path(sys.argv[1]) / "sessions") as ws:
                job_id = runner.submit(double, {"x": 21}, ws, "double")
                print(runner.wait(job_id, 30).state, runner.result(job_id))
            runner.shutdown()
    """)
    assert done.stdout.split() == ["done", "42"]


def test_nothing_outlives_a_crashed_server(tmp_path):
    """Killed without a chance to clean up, the server still leaves nothing running.

    Its workers read the end of their alive pipe, and the fork server exits without
    tearing down SDV and torch (which it otherwise spends seconds on): all are gone well
    within the two seconds allowed here. (The server's output is read line by line: a
    call that waits for the end of it would wait for the fork server, which shares it.)
    """
    script = tmp_path / "server.py"
    script.write_text(textwrap.dedent(_SERVER_SCRIPT.format(tests=__name__)))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    server = subprocess.Popen([sys.executable, str(script), str(tmp_path), "crash"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    children = json.loads(server.stdout.readline() or "null")
    assert server.wait(60) == 0 and children, server.stderr.read()
    assert len(children) >= 3  # resource tracker, fork server, the job's worker
    deadline = time.monotonic() + 2.0
    while not all(_ended(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [pid for pid in children if not _ended(pid)] == []
    assert sweep(tmp_path / "sessions", max_age_s=3600)


def test_a_streamlit_style_fake_main_is_never_run_by_workers(tmp_path):
    """Streamlit installs each page run as a fake ``__main__``; workers must not re-run it."""
    page = tmp_path / "page.py"
    page.write_text(f"open({str(tmp_path / 'page-ran')!r}, 'w').close()\n")
    done = _run_script(tmp_path, f"""
        import sys, types
        from pathlib import Path
        from syndata.errors import JobError
        from syndata.jobs import JobRunner
        from syndata.workspace import Workspace
        from {__name__} import report_steps

        if __name__ == "__main__":
            fake = types.ModuleType("__main__")
            fake.__file__ = {str(page)!r}
            exec("def on_page(progress, cancel):\\n    return 1", fake.__dict__)
            sys.modules["__main__"] = fake
            for method in ("forkserver", "spawn"):
                runner = JobRunner(1, 1, start_method=method, preload=["syndata.jobs.worker"])
                with Workspace.create(Path(sys.argv[1]) / "sessions") as ws:
                    job_id = runner.submit(report_steps, {{"steps": 1, "delay_s": 0}}, ws, "x")
                    print(method, runner.wait(job_id, 30).state)
                    try:
                        runner.submit(fake.on_page, {{}}, ws, "page")
                    except JobError as error:
                        print("refused" if "importable module" in str(error) else error)
                runner.shutdown()
    """)
    assert done.stdout.split() == ["forkserver", "done", "refused", "spawn", "done", "refused"]
    assert not (tmp_path / "page-ran").exists()


def _fit_page(test_module: str, runner_id: str) -> None:
    """A minimal page in the shape the Fit page takes: submit once, poll, show the result."""
    import importlib

    import streamlit as st

    from syndata.workspace import Workspace

    tests = importlib.import_module(test_module)
    fit_copula, _sample, _session_table = tests.fit_copula, tests._sample, tests._session_table
    runner = tests.RUNNERS[runner_id]
    if "ws" not in st.session_state:
        st.session_state.ws = Workspace.create(st.session_state.root, "apptest")
        st.session_state.job = runner.submit(
            fit_copula, {"data": _session_table(3), "table": "t"}, st.session_state.ws, "fit"
        )
    status = runner.status(st.session_state.job)
    st.markdown(f"state {status.state}")
    if status.state == "done":
        sampled = _sample(runner.result(status.id), 5)
        st.markdown(f"columns {' '.join(sampled.columns)}")


RUNNERS: dict[str, JobRunner] = {}


def test_a_streamlit_page_runs_a_fit_without_the_page_rerunning_in_workers(runner, tmp_path):
    from streamlit.testing.v1 import AppTest

    RUNNERS["page"] = runner
    app = AppTest.from_function(_fit_page, args=(__name__, "page"), default_timeout=30)
    app.session_state["root"] = tmp_path / "sessions"
    app.run()
    deadline = time.monotonic() + 60
    while app.markdown[0].value != "state done" and time.monotonic() < deadline:
        time.sleep(0.2)
        app.run()

    assert not app.exception
    assert app.markdown[0].value == "state done"
    assert app.markdown[1].value == "columns s3_amount s3_kind"
    runner.release(app.session_state["ws"])
    app.session_state["ws"].close()


_SERVER_SCRIPT = """
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


def _ended(pid: int) -> bool:
    """Gone, or a zombie: killed, with only its exit status left for a parent to read."""
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


@pytest.mark.parametrize("how", ["SIGTERM", "SIGINT", "chained", "exit", "spawn"])
def test_nothing_the_server_started_outlives_it(tmp_path, how):
    """Stopped by a signal or exiting with jobs running, the server takes its fork server,
    the workers and the resource tracker with it: all are gone when its exit is seen.

    No timing: a fork server left to end on its own (when the server's pipe closes) tears
    down SDV and torch for seconds after the server is gone, so it would still be there.
    """
    script = tmp_path / "server.py"
    script.write_text(textwrap.dedent(_SERVER_SCRIPT.format(tests=__name__)))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    server = subprocess.Popen([sys.executable, str(script), str(tmp_path), how],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        children = json.loads(server.stdout.readline() or "null")
        assert children, server.stderr.read()
        assert len(children) >= 2  # resource tracker, (fork server,) the job's worker
        if how != "exit":
            server.send_signal(signal.SIGINT if how == "SIGINT" else signal.SIGTERM)
        server.wait(60)
        still = [pid for pid in children if not _ended(pid)]
    finally:
        server.kill()
        server.wait()
    assert still == [], f"outlived the server: {still}"
    if how == "chained":
        assert server.stdout.read().strip() == "previous handler ran"
        assert server.returncode == 0
