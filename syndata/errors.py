"""Exceptions raised by syndata.

Every message is written for the person using the app or the CLI: it says what is wrong
and what to do next. The UI shows ``str(error)`` as is; the CLI prints it after ``error:``.
"""


def one_line(exc: BaseException, limit: int = 300) -> str:
    """A library exception's text squeezed onto one line, for messages that quote it."""
    text = " ".join(str(exc).split())
    return text[:limit] if text else type(exc).__name__


class SyndataError(Exception):
    """Base class: anything the user can fix by changing their input or settings."""


class IngestError(SyndataError):
    """An uploaded file cannot be read as a table."""


class MetadataError(SyndataError):
    """The metadata (types, keys, relationships) is inconsistent or incompatible."""


class ValidationError(SyndataError):
    """Data and metadata together fail the checks that run before a fit.

    ``problems`` holds every problem found, so the user can fix them all at once.
    """

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        listing = "; ".join(self.problems)
        super().__init__(f"{len(self.problems)} problem(s) to fix before fitting: {listing}")


class ModelError(SyndataError):
    """A model cannot be fitted or sampled with these settings or this schema."""


class LimitError(SyndataError):
    """The request exceeds a configured limit (rows, columns, memory, epochs)."""


class SignatureError(SyndataError):
    """A model file is not signed by this installation or was altered."""


class JobError(SyndataError):
    """A background job failed, was cancelled or cannot be started."""


class CancelledError(JobError):
    """Raised inside a long step when its cancel check returns True."""

    def __init__(self, message: str = "Cancelled by the user. Start it again when ready."):
        super().__init__(message)


class ConfigError(SyndataError):
    """A runtime setting (environment variable or secret) has a value the app cannot use."""


class EvaluationError(SyndataError):
    """Real and synthetic data cannot be compared as given (missing table, bad target)."""
