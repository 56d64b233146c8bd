"""The kernel's OOM killer in a memory-limited cgroup takes the worker, never the server.

Runs a small "server" (a process with a job runner and more memory of its own than the
worker starts with) inside a 500 MB cgroup, and a job that takes memory until the kernel
kills it: the server must survive, report the job with the out-of-memory message and run
the next job. Needs root and a writable memory cgroup (v1 or v2); skipped otherwise.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.jobs.cgroups import Cgroup, NoCgroup

REPO = Path(__file__).resolve().parents[2]
LIMIT_MB = 500
BALLAST_MB = 300
"""The server holds more than the worker ever does before the limit: the kernel, left to
itself, would kill the server first."""

SERVER = textwrap.dedent(f"""
    import sys
    sys.path.insert(0, {str(REPO)!r})
    import numpy as np
    from syndata.jobs import JobRunner
    from syndata.workspace import Workspace
    from tests.jobs.targets import grow_until_killed, report_steps

    ballast = np.ones({BALLAST_MB} * 2**20 // 8)
    runner = JobRunner(1, 1, start_method="spawn", preload=())
    with Workspace.create(sys.argv[1]) as workspace:
        job = runner.submit(grow_until_killed, {{}}, workspace, "fit", {{"kind": "fit"}})
        status = runner.wait(job, 120)
        print(status.state, status.error)
        again = runner.submit(report_steps, {{"steps": 1, "delay_s": 0}}, workspace, "next")
        print("next job", runner.wait(again, 60).state, ballast.size > 0)
    runner.shutdown()
""")


@pytest.fixture
def cgroup():
    if os.geteuid() != 0:
        pytest.skip("needs root to make a memory cgroup")
    try:
        group = Cgroup.make(f"syndata-oom-test-{os.getpid()}", LIMIT_MB * 2**20)
    except NoCgroup as why:
        pytest.skip(f"no writable memory cgroup: {why}")
    yield group
    group.remove()


@pytest.mark.timeout(180)
def test_a_worker_killed_for_memory_leaves_the_server_running(cgroup, tmp_path):
    command = (f"echo $$ > {cgroup.path / 'cgroup.procs'} && exec {sys.executable} -c "
               '"$0" "$1"')
    done = subprocess.run(["sh", "-c", command, SERVER, str(tmp_path / "sessions")],
                          capture_output=True, text=True, timeout=170, cwd=REPO)

    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    assert lines[0].startswith("failed The fit ran out of memory: the system stopped its "
                               "worker process (it held ")
    assert lines[1] == "next job done True"
    assert cgroup.oom_kills() >= 1
