"""Every corpus case through ``python -m syndata synthesize``: output files, or one clear line.

The whole corpus runs through the CLI's ``main()`` in this process (the code path of
``python -m syndata`` minus the interpreter start, which would cost seconds per case); a
few representative cases also run as real subprocesses, to hold the entry point itself
to the promise: exit 0 with the files, or exit 2 with exactly one ``error: `` line on
stderr, never a traceback, never a hang.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from syndata.cli import main
from syndata.ingest import table_name_for
from tests.corpus import cases as corpus

REPO = Path(__file__).resolve().parents[1]
ROWS = 20


CLI_CASES = tuple(case for case in corpus.CASES if not case.options)


@pytest.fixture(autouse=True)
def private_config(tmp_path, monkeypatch):
    monkeypatch.setenv("SYNDATA_CONFIG_DIR", str(tmp_path / "config"))


def _arguments(case, tmp_path: Path) -> tuple[list[str], list[str]]:
    """CLI arguments for a case, and the tables its output must hold."""
    if case.generate:
        data = tmp_path / case.file
        data.write_bytes(case.content())
    else:
        data = case.path()
    arguments = ["synthesize", "--data", str(data), "--model", case.model,
                 "--rows", str(ROWS), "--out", str(tmp_path / "out"), "--seed", "1"]
    if case.metadata:
        arguments += ["--metadata", str(corpus.FILES / case.metadata)]
    if data.is_dir():
        tables = [table_name_for(p.name, []) for p in sorted(data.glob("*.csv"))]
    else:
        tables = [table_name_for(data.name, [])]
    return arguments, tables


def _check(case, code: int, stderr: str, out: Path, tables: list[str]) -> None:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert "Traceback" not in stderr
    if case.cli_outcome == corpus.WORKS:
        assert code == 0, stderr
        assert (out / "metadata.json").is_file()
        for table in tables:
            frame = pd.read_csv(out / f"{table}.csv")
            assert len(frame) > 0
            if len(tables) == 1:
                assert len(frame) == ROWS
    else:
        assert code == 2
        assert len(lines) == 1, lines
        assert lines[0].startswith("error: ")
        assert "unexpected" not in lines[0], "a library error leaked: " + lines[0]
        assert case.cli_expected_message.lower() in lines[0].lower()


@pytest.mark.timeout(240)
@pytest.mark.parametrize("case", CLI_CASES, ids=lambda case: case.name)
def test_case_through_cli_main(case, tmp_path, capsys):
    arguments, tables = _arguments(case, tmp_path)
    code = main(arguments)
    captured = capsys.readouterr()
    _check(case, code, captured.err, tmp_path / "out", tables)


@pytest.mark.timeout(300)
@pytest.mark.parametrize("name", ["semicolon", "png_image", "ragged_long_row",
                                  "metadata_unknown_column"])
def test_case_through_python_dash_m(name, tmp_path):
    case = next(case for case in CLI_CASES if case.name == name)
    arguments, tables = _arguments(case, tmp_path)
    env = {**os.environ, "PYTHONPATH": str(REPO), "SYNDATA_CONFIG_DIR": str(tmp_path / "cfg")}
    env.pop("SYNDATA_DEBUG", None)
    result = subprocess.run(
        [sys.executable, "-m", "syndata", *arguments], cwd=tmp_path, env=env,
        capture_output=True, text=True, timeout=240,
    )
    _check(case, result.returncode, result.stderr, tmp_path / "out", tables)
