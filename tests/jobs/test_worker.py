"""Inside the worker process: thread caps, errors, results, files and logs (syndata.jobs.worker)."""

import os

import pandas as pd
import pytest

from syndata.errors import JobError
from syndata.jobs import JobRunner
from syndata.metadata import Schema
from tests.jobs.targets import (
    check_a_huge_fit,
    die_by_sigkill,
    fit_cart_and_list_libraries,
    fit_copula,
    hold_then_die_by_sigkill,
    log_like_the_libraries,
    raise_model_error,
    raise_value_error,
    read_oom_score_adj,
    report_loss,
    report_steps,
    report_thread_caps,
    run_out_of_memory,
    sample_rows,
    session_table,
    sleep_long,
    write_a_file,
)

pytestmark = pytest.mark.timeout(120)


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


def test_a_cart_worker_loads_neither_sdv_nor_torch(workspace):
    """The server checked the fit before queuing it, so a worker started afresh (the
    hosted demo) does not import SDV to check the schema again: CART's 140 MB, not 260."""
    data = session_table(3)
    schema = Schema.detect({"t": data})
    fresh = JobRunner(max_concurrent=1, threads_per_job=1, start_method="spawn")
    try:
        job_id = fresh.submit(fit_cart_and_list_libraries, {"schema": schema, "data": data},
                              workspace, "cart")
        status = fresh.wait(job_id, 120)
        assert status.state == "done", status.error
        assert fresh.result(job_id) == {"sdv": False, "torch": False}
    finally:
        fresh.shutdown()


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
    status = runner.wait(runner.submit(hold_then_die_by_sigkill, {"megabytes": 64}, workspace,
                                       "oom", {"kind": "fit"}), 30)

    assert status.state == "failed"
    assert status.error.startswith("The fit ran out of memory: the system stopped its worker "
                                   "process (it held ")
    held = int(status.error.split("(it held ")[1].split(" MB")[0].replace(",", ""))
    assert held >= 64
    assert "the app and this session carry on. Use a random sample of the rows" in status.error
    again = runner.submit(report_steps, {"steps": 1, "delay_s": 0}, workspace, "again")
    assert runner.wait(again, 30).state == "done"


def test_a_kill_of_another_job_kind_names_it(runner, workspace):
    status = runner.wait(runner.submit(die_by_sigkill, {}, workspace, "gen",
                                       {"kind": "sample"}), 30)

    assert status.error.startswith("The generation ran out of memory: the system stopped")


@pytest.mark.skipif(not os.path.exists("/proc/self/oom_score_adj"), reason="Linux only")
def test_the_oom_killer_takes_a_worker_before_the_server(runner, workspace):
    job_id = runner.submit(read_oom_score_adj, {}, workspace, "score")

    assert runner.wait(job_id, 30).state == "done"
    assert runner.result(job_id) == "1000"


def test_inputs_reach_the_worker_by_a_file_it_deletes(workspace):
    single = JobRunner(max_concurrent=1, threads_per_job=1)
    frame = pd.DataFrame({"x": range(1000)})
    try:
        first = single.submit(sleep_long, {}, workspace, "first")
        queued = single.submit(check_a_huge_fit, {"frame": frame}, workspace, "queued")
        waiting = list(workspace.path.glob("jobs/*.inputs.pkl"))
        assert len(waiting) == 2
        single.cancel(queued)
        assert len(list(workspace.path.glob("jobs/*.inputs.pkl"))) == 1
        single.cancel(first)
        again = single.submit(check_a_huge_fit, {"frame": frame}, workspace, "again")
        status = single.wait(again, 60)
    finally:
        single.shutdown()

    assert status.state == "done", status.error
    assert single.result(again) == 1000
    assert not list(workspace.path.glob("jobs/*.inputs.pkl"))


def test_memory_error_in_the_target_reads_as_out_of_memory(runner, workspace):
    status = runner.wait(runner.submit(run_out_of_memory, {}, workspace, "big"), 30)

    assert status.state == "failed"
    assert status.error.startswith("The job ran out of memory.")


def test_fitted_gaussian_copula_round_trips(runner, workspace):
    data = session_table(7)
    job_id = runner.submit(fit_copula, {"data": data, "table": "t"}, workspace, "copula")
    status = runner.wait(job_id, 60)
    assert status.state == "done", status.error

    synthesizer = runner.result(job_id)
    sampled = sample_rows(synthesizer, 25)
    assert list(sampled.columns) == list(data.columns)
    assert len(sampled) == 25
    assert set(sampled["s7_kind"]) <= {"k7a", "k7b"}


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

    data = session_table(5)
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
