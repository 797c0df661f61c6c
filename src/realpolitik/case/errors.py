"""Errors raised when a case file cannot be loaded.

Every problem names the file, the line (where the file has one), the field as a dotted path,
what is wrong and how to fix it. The command line and the web layer print these; nothing
below them ever shows a traceback to a user.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter
from pydantic.dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One located fault in a case file. Its JSON form (:func:`problems_data`) is what
    ``--json`` and the web service show: ``file`` as text, ``line`` null when unknown."""

    file: Path
    line: int | None
    field: str
    message: str
    fix: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else f"{self.file}"
        field = self.field or "(file)"
        return f"{where}: {field}: {self.message}; {self.fix}"


_PROBLEMS = TypeAdapter(list[Problem])


def problems_data(problems: Sequence[Problem]) -> list[dict[str, Any]]:
    """The JSON form of ``problems``, in order."""
    data: list[dict[str, Any]] = _PROBLEMS.dump_python(list(problems), mode="json")
    return data


class CaseError(Exception):
    """A case file that cannot be used, with every problem found in it."""

    def __init__(self, problems: list[Problem]) -> None:
        if not problems:
            raise ValueError("CaseError needs at least one problem")
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


class CaseNotFoundError(CaseError):
    """The name given is neither a file, a folder with case.toml, nor a built-in case."""
