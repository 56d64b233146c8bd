"""Running ``python -m syndata`` as a user would, and the one-line error it promises."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def cli(*args: str) -> subprocess.CompletedProcess:
    """The CLI in a process of its own, from the repository root, as a script would call it."""
    return subprocess.run([sys.executable, "-m", "syndata", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)


def assert_one_error_line(result: subprocess.CompletedProcess, fragment: str) -> None:
    """Exit code 2 and a single ``error: ...`` line on stderr that contains ``fragment``."""
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert fragment in lines[0]
    assert "Traceback" not in result.stderr
