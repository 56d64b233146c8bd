"""Exceptions raised by IRGAN.

Each message is written for the person who chose the data and the settings: it says what
is wrong and what to change. A caller that has its own error classes (an application
embedding IRGAN) catches ``IRGANError`` and re-raises the message under its own type.
"""


class IRGANError(Exception):
    """Base class: anything the caller can fix by changing the data, schema or settings."""


class SchemaError(IRGANError):
    """The metadata is inconsistent, or the tables do not match it."""


class TrainingError(IRGANError):
    """The model cannot be configured, fitted or sampled as asked."""


class Cancelled(IRGANError):
    """Raised between training steps when the caller's cancel check returns True."""

    def __init__(self, message: str = "Cancelled by the user. Start it again when ready."):
        super().__init__(message)
