"""Run each metric on its own, so one that fails never sinks the whole evaluation.

SDMetrics and scikit-learn raise many kinds of errors on unusual data (an overflow on a
huge range, a column left empty by sampling, a dtype they do not expect). A failing check
is recorded as a ``NotComputed`` entry with one line saying why, and the evaluation goes
on with the others. Only a cancelled job stops everything.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from syndata.errors import CancelledError, SyndataError, one_line

T = TypeVar("T")


@dataclass(frozen=True)
class NotComputed:
    """A check that could not run on this data: where it sits and why, in one line."""

    section: str
    reason: str

    @property
    def line(self) -> str:
        """The sentence the app, the report and the JSON show."""
        return f"{self.section}: not computed. {self.reason}"


def reason_for(error: Exception) -> str:
    """One line for the user: our own messages as written, a library's error quoted."""
    if isinstance(error, SyndataError):
        return one_line(error)
    return (
        "The library behind this check failed on this data "
        f"({type(error).__name__}: {one_line(error, 200)}); the other checks are unaffected."
    )


def attempt(
    section: str,
    compute: Callable[[], T],
    skipped: list[NotComputed],
    scrub: Callable[[str], str] = str,
) -> T | None:
    """``compute()``, or None with a ``NotComputed`` appended to ``skipped`` when it fails.

    ``scrub`` cleans the quoted error text (a library may quote the value it choked on,
    which can be a real e-mail address).
    """
    try:
        return compute()
    except CancelledError:
        raise
    except Exception as error:  # noqa: BLE001 - isolating any failure is the point here
        skipped.append(NotComputed(section, scrub(reason_for(error))))
        return None
