"""Typed errors raised by `training` and `serving`; the layers above turn them into user-facing replies."""


class BadInputError(ValueError):
    """The caller's input (path, file, argument) cannot be used; the message says why and what to do."""


class SourceUnavailableError(BadInputError):
    """A remote source (Hugging Face hub, S3) cannot be reached from here."""
