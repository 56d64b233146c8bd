"""The runner: queueing, cancel, sessions, start methods and shutdown (syndata.jobs.runner)."""

import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import psutil
import pytest

from syndata.errors import JobError
from syndata.jobs import JobRunner
from syndata.workspace import Workspace, sweep
from tests.jobs.targets import (
    RUNNERS,
    SERVER_SCRIPT,
    TARGETS,
    ended,
    fit_copula,
    fit_page,
    report_steps,
    run_script,
    sample_rows,
    session_table,
    sleep_ignoring_sigterm,
    sleep_long,
    wait_sleeping,
    wait_state,
)

pytestmark = pytest.mark.timeout(120)


def test_cancel_ends_a_sleeping_worker_within_3s(runner, workspace):
    job_id = runner.submit(sleep_long, {}, workspace, "sleeper")
    pid = wait_sleeping(runner, job_id).pid

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
    status = wait_sleeping(runner, job_id)

    started = time.monotonic()
    runner.cancel(job_id)

    assert time.monotonic() - started < 3.0
    assert not psutil.pid_exists(status.pid)
    assert runner.status(job_id).state == "cancelled"


def test_jobs_over_the_cap_wait_in_order(workspace):
    single = JobRunner(max_concurrent=1, threads_per_job=1)
    try:
        first = single.submit(sleep_long, {}, workspace, "first")
        second = single.submit(sleep_long, {}, workspace, "second")
        third = single.submit(sleep_long, {}, workspace, "third")
        wait_state(single, first, "running")
        time.sleep(0.3)
        assert single.status(second).state == "queued"
        assert single.status(third).state == "queued"
        assert single.status(second).eta_s is None

        single.cancel(third)
        assert single.status(third).state == "cancelled"
        single.cancel(first)
        wait_state(single, second, "running", timeout=5)
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
        tables = [session_table(i) for i in range(4)]
        ids = [
            runner.submit(fit_copula, {"data": tables[i], "table": f"t{i}"}, ws, f"fit {i}")
            for i, ws in enumerate(sessions)
        ]
        for job_id in ids:
            assert runner.wait(job_id, 90).state == "done"

        for i, (ws, job_id) in enumerate(zip(sessions, ids, strict=True)):
            assert [s.id for s in runner.jobs(ws)] == [job_id]
            sampled = sample_rows(runner.result(job_id), 40)
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


def test_jobs_of_a_swept_session_are_stopped_and_forgotten(runner, tmp_path):
    ws = Workspace.create(tmp_path / "sessions", "gone")
    job_id = runner.submit(sleep_long, {}, ws, "orphan")
    pid = wait_sleeping(runner, job_id).pid

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


def test_target_defined_in_the_main_script_runs(tmp_path):
    done = run_script(tmp_path, """
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
    script.write_text(textwrap.dedent(SERVER_SCRIPT.format(tests=TARGETS)))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    server = subprocess.Popen([sys.executable, str(script), str(tmp_path), "crash"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    children = json.loads(server.stdout.readline() or "null")
    assert server.wait(60) == 0 and children, server.stderr.read()
    assert len(children) >= 3  # resource tracker, fork server, the job's worker
    deadline = time.monotonic() + 2.0
    while not all(ended(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [pid for pid in children if not ended(pid)] == []
    assert sweep(tmp_path / "sessions", max_age_s=3600)


def test_a_streamlit_style_fake_main_is_never_run_by_workers(tmp_path):
    """Streamlit installs each page run as a fake ``__main__``; workers must not re-run it."""
    page = tmp_path / "page.py"
    page.write_text(f"open({str(tmp_path / 'page-ran')!r}, 'w').close()\n")
    done = run_script(tmp_path, f"""
        import sys, types
        from pathlib import Path
        from syndata.errors import JobError
        from syndata.jobs import JobRunner
        from syndata.workspace import Workspace
        from tests.jobs.targets import report_steps

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


def test_a_streamlit_page_runs_a_fit_without_the_page_rerunning_in_workers(runner, tmp_path):
    from streamlit.testing.v1 import AppTest

    RUNNERS["page"] = runner
    app = AppTest.from_function(fit_page, args=(TARGETS, "page"), default_timeout=30)
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


@pytest.mark.parametrize("how", ["SIGTERM", "SIGINT", "chained", "exit", "spawn"])
def test_nothing_the_server_started_outlives_it(tmp_path, how):
    """Stopped by a signal or exiting with jobs running, the server takes its fork server,
    the workers and the resource tracker with it: all are gone when its exit is seen.

    No timing: a fork server left to end on its own (when the server's pipe closes) tears
    down SDV and torch for seconds after the server is gone, so it would still be there.
    """
    script = tmp_path / "server.py"
    script.write_text(textwrap.dedent(SERVER_SCRIPT.format(tests=TARGETS)))
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
        still = [pid for pid in children if not ended(pid)]
    finally:
        server.kill()
        server.wait()
    assert still == [], f"outlived the server: {still}"
    if how == "chained":
        assert server.stdout.read().strip() == "previous handler ran"
        assert server.returncode == 0
