"""``python -m syndata``: the headless entry point for automation.

Every failure ends the same way: one line ``error: ...`` on stderr and exit code 2, never a
traceback (set ``SYNDATA_DEBUG=1`` to see one). Python and library warnings are silenced so
stderr carries only our progress bar and that line.
"""

from __future__ import annotations

import argparse
import os
import sys
import warnings
from collections.abc import Sequence

from syndata.errors import SyndataError

EXIT_ERROR = 2


def build_parser() -> argparse.ArgumentParser:
    from syndata.commands import evaluate, sample, serve, synthesize, token

    parser = _Parser(prog="python -m syndata",
                     description="Synthetic tabular and relational data on SDV and IRGAN.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for command in (synthesize, sample, evaluate, serve, token):
        command.add_parser(sub)
    return parser


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage mistakes as our one-line error with exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise SyndataError(f"{message} (see `{self.prog} --help`)")


def main(argv: Sequence[str] | None = None) -> int:
    warnings.simplefilter("ignore")
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    try:
        args = build_parser().parse_args(argv)
        args.run(args)
    except SyndataError as exc:
        return _fail(str(exc))
    except KeyboardInterrupt:
        return _fail("interrupted")
    except MemoryError:
        return _fail("out of memory: use fewer rows (--scale below 1) or a lighter model")
    except Exception as exc:  # the promise is one line, whatever went wrong
        if os.environ.get("SYNDATA_DEBUG"):
            raise
        return _fail(f"unexpected {type(exc).__name__}: {' '.join(str(exc).split())[:300]} "
                     "(rerun with SYNDATA_DEBUG=1 for details)")
    return 0


def _fail(message: str) -> int:
    print(f"error: {' '.join(message.split())}", file=sys.stderr)
    return EXIT_ERROR
