"""Our exceptions: one base the CLI and the pages catch, messages that say what to do."""

import argparse

import pytest

from syndata import cli, errors
from syndata.errors import (
    CancelledError,
    JobError,
    SyndataError,
    ValidationError,
    one_line,
)


def _all_errors() -> list[type[SyndataError]]:
    found, todo = [], [SyndataError]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return [c for c in found if c.__module__ == "syndata.errors"]


def test_every_error_of_the_module_is_a_syndata_error():
    defined = {obj for obj in vars(errors).values()
               if isinstance(obj, type) and issubclass(obj, BaseException)}
    assert defined == set(_all_errors())


def test_validation_error_lists_every_problem_at_once():
    error = ValidationError(["users.age is empty", "orders has no rows"])
    assert error.problems == ["users.age is empty", "orders has no rows"]
    assert str(error) == ("2 problem(s) to fix before fitting: users.age is empty; "
                          "orders has no rows")


def test_cancelled_is_a_job_error_that_says_how_to_go_on():
    assert isinstance(CancelledError(), JobError)
    assert str(CancelledError()) == "Cancelled by the user. Start it again when ready."
    assert str(CancelledError("Stopped: time is up.")) == "Stopped: time is up."


def test_one_line_squeezes_and_cuts_a_library_message():
    assert one_line(ValueError("bad\n\n   value\there")) == "bad value here"
    assert one_line(ValueError("x" * 500), limit=10) == "x" * 10
    assert one_line(KeyError()) == "KeyError"


def _raising(error: SyndataError) -> argparse.ArgumentParser:
    def run(_: argparse.Namespace) -> None:
        raise error

    parser = argparse.ArgumentParser()
    parser.set_defaults(run=run)
    return parser


@pytest.mark.parametrize("cls", _all_errors(), ids=lambda c: c.__name__)
def test_the_cli_prints_each_as_one_error_line_with_exit_2(cls, monkeypatch, capsys):
    error = (ValidationError(["a is\nwrong", "b too"]) if cls is ValidationError
             else cls("Something is wrong.\nDo this instead."))
    monkeypatch.setattr(cli, "build_parser", lambda: _raising(error))
    assert cli.main([]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: ")
    assert err == f"error: {' '.join(str(error).split())}\n"
