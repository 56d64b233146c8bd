"""The CLI entry (``syndata/cli.py``, run by ``python -m syndata`` through the 7-line
``syndata/__main__.py``, which only passes ``main()``'s code to ``sys.exit`` and so is
tested here): usage answers fast, and any failure is one ``error:`` line with exit 2.

Each subcommand's own tests are in ``tests/commands/``.
"""

import argparse
import subprocess
import sys
from pathlib import Path

import pytest

from syndata import cli as cli_module
from syndata.cli import EXIT_ERROR, main
from syndata.errors import ModelError

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("pandas", "numpy", "sdv", "torch", "rdt", "sklearn", "sdmetrics")


@pytest.mark.parametrize("argv", [
    ["synthesize", "--bogus"], ["sample", "--bogus"], ["evaluate", "--bogus"],
    ["synthesize", "--data", "x", "--model", "nope", "--out", "o"], ["--help"],
])
def test_usage_answers_without_heavy_imports(argv):
    code = ("import sys\nfrom syndata.cli import main\ntry:\n    main(sys.argv[1:])\n"
            "except SystemExit:\n    pass\n"
            f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code, *argv], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stdout


@pytest.mark.parametrize("argv, code", [(["--help"], 0), (["sample", "--bogus"], EXIT_ERROR)])
def test_python_dash_m_exits_with_the_code_of_main(argv, code):
    result = subprocess.run([sys.executable, "-m", "syndata", *argv], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == code
    if code:
        assert result.stderr == ("error: the following arguments are required: --model-file, "
                                 "--out (see `python -m syndata sample --help`)\n")
    else:
        assert result.stdout.startswith("usage: python -m syndata")


def _failing(monkeypatch, error: BaseException) -> None:
    """A parser whose command raises ``error``, in place of the real subcommands."""
    def run(_: argparse.Namespace) -> None:
        raise error

    parser = argparse.ArgumentParser()
    parser.set_defaults(run=run)
    monkeypatch.setattr(cli_module, "build_parser", lambda: parser)


@pytest.mark.parametrize("error, line", [
    (ModelError("The model cannot\n  fit this. Pick another."),
     "error: The model cannot fit this. Pick another."),
    (KeyboardInterrupt(), "error: interrupted"),
    (MemoryError(), "error: out of memory: use fewer rows (--scale below 1) or a lighter model"),
    (ZeroDivisionError("division\nby zero"), "error: unexpected ZeroDivisionError: division by "
     "zero (rerun with SYNDATA_DEBUG=1 for details)"),
])
def test_every_failure_is_one_error_line_and_exit_2(monkeypatch, capsys, error, line):
    monkeypatch.delenv("SYNDATA_DEBUG", raising=False)
    _failing(monkeypatch, error)
    assert main([]) == EXIT_ERROR == 2
    assert capsys.readouterr().err == line + "\n"


def test_syndata_debug_shows_the_unexpected_error_itself(monkeypatch):
    monkeypatch.setenv("SYNDATA_DEBUG", "1")
    _failing(monkeypatch, ZeroDivisionError("division by zero"))
    with pytest.raises(ZeroDivisionError):
        main([])
