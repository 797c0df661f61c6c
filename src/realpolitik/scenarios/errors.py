"""The exceptions the scenario engine raises for bad input and for work beyond its limits."""

from __future__ import annotations


class ScenarioError(ValueError):
    """Bad input to the scenario engine: a malformed file, a matrix of the wrong shape,
    an unknown descriptor or variant name.

    The message names where the problem is (file and line, or field), what is wrong and how
    to fix it, so that the command line and the web layer can show it as it is.
    """


class ComputeLimitError(ScenarioError):
    """A study that cannot finish within its limits: more consistent scenarios than the
    limit, a search that ran past its time budget, or an exhaustive method over a space it
    cannot visit in time. ``message`` says which limit, ``fix`` the way out."""

    def __init__(self, message: str, fix: str) -> None:
        super().__init__(f"{message}; {fix}")
        self.message = message
        self.fix = fix

    def __reduce__(self) -> tuple[type[ComputeLimitError], tuple[str, str]]:
        return (ComputeLimitError, (self.message, self.fix))
