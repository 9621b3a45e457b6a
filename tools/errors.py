"""Errors with user-facing messages. The CLI maps them to exit codes; the agent turns them into plain replies."""
from training.errors import BadInputError


class KosumError(Exception):
    """An operation failed for a reason the user can act on (exit 1). `fix` says what to do."""

    exit_code = 1

    def __init__(self, message: str, fix: str | None = None, retryable: bool = False):
        super().__init__(message)
        self.fix = fix
        self.retryable = retryable  # transient (throttling, network): the same call may succeed in a moment

    def __str__(self) -> str:
        base = super().__str__()
        return f"{base} — {self.fix}" if self.fix else base


class UserInputError(KosumError):
    """The request itself is unusable (bad path, bad number, unknown name): exit 2, nothing was created."""

    exit_code = 2


def exit_code_for(error: BaseException) -> int:
    """2 for bad input (ours or the libraries' BadInputError), 1 for every other failure."""
    if isinstance(error, KosumError):
        return error.exit_code
    return 2 if isinstance(error, BadInputError) else 1
