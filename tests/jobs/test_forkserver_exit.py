"""The fork server's exit hook: the process that imported it ends at once (no teardown of
what it preloaded), while a process forked from it exits the normal way."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_PROGRAM = """
import atexit, os, sys
atexit.register(lambda: print("teardown", flush=True))
import syndata.jobs.forkserver_exit
{body}
"""


def _run(body: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", _PROGRAM.format(body=body)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


def test_the_importing_process_skips_the_teardown():
    result = _run("print('working', flush=True)\nsys.exit(3)")
    assert result.stdout == "working\n"
    assert result.returncode == 0


def test_a_process_forked_from_it_exits_as_usual():
    result = _run("pid = os.fork()\n"
                  "if pid == 0:\n    sys.exit(5)\n"
                  "_, status = os.waitpid(pid, 0)\n"
                  "print('child exit', os.waitstatus_to_exitcode(status), flush=True)")
    assert result.stdout.splitlines() == ["teardown", "child exit 5"]
    assert result.returncode == 0
