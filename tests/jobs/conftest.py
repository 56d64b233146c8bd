"""The shared runner (one per test module) and a session workspace per test."""

import pytest

from syndata.jobs import JobRunner
from syndata.workspace import Workspace


@pytest.fixture(scope="module")
def runner():
    job_runner = JobRunner(max_concurrent=4, threads_per_job=1)
    yield job_runner
    job_runner.shutdown()


@pytest.fixture
def workspace(tmp_path):
    with Workspace.create(tmp_path / "sessions") as ws:
        yield ws
