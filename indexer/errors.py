"""The exceptions the library raises; the CLI turns them into `Error: ...` lines."""

from __future__ import annotations


class ReportQAError(Exception):
    """Base class: an expected failure with a message that says what to do."""


class ModelError(ReportQAError):
    """The embedding model cannot be loaded or converted."""


class BadIndexError(ReportQAError):
    """The index is missing, broken or was built by another model or format."""


class CorpusError(ReportQAError):
    """The corpus folder or a report in it cannot be read."""


class InputError(ReportQAError):
    """A question, filter or option the user gave is not usable."""
