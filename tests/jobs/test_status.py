"""What a job's status reports while it runs and once it ends (syndata.jobs.status)."""

import os
import time

import pytest

from syndata.errors import JobError
from tests.jobs.targets import (
    report_steps,
    sleep_long,
)

pytestmark = pytest.mark.timeout(120)


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


def test_unknown_job_and_early_result_are_job_errors(runner, workspace):
    with pytest.raises(JobError, match="No job"):
        runner.status("nope")
    job_id = runner.submit(sleep_long, {"seconds": 30}, workspace, "slow")
    with pytest.raises(JobError, match="no result"):
        runner.result(job_id)
    runner.cancel(job_id)
