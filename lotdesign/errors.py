"""The project's error types. Each message says what was found and what to do about it."""

from __future__ import annotations


class LotDesignError(Exception):
    """Base class for every error Lot Design Explorer raises on purpose."""


class InputFileError(LotDesignError, ValueError):
    """A file a user gave cannot be read (empty, wrong type, wrong encoding, corrupt, too big)."""


class ValidationError(LotDesignError, ValueError):
    """Input was read but is not valid; ``problems`` lists every problem found, one per line.

    Validation collects all problems before raising, so a user can fix a file in one pass.
    """

    def __init__(self, summary: str, problems: list[str] | None = None):
        self.summary = summary
        self.problems = list(problems or [])
        text = summary if not self.problems else summary + "\n" + "\n".join(f"- {p}" for p in self.problems)
        super().__init__(text)


class UnknownDesignError(LotDesignError, KeyError):
    """A design id that is not built in and was not loaded."""

    def __str__(self) -> str:  # KeyError quotes its message; show it plainly.
        return str(self.args[0])
