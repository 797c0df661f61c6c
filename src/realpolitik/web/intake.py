"""Case files sent to the service: read off the event loop, in a child process, under limits.

A case file from the web may be hostile. The standard TOML parser (``tomllib``) takes time
quadratic in the number of parts of a dotted key (``a.a.a...= 1``: 16 kB take seconds, 400 kB
take tens of minutes) and recurses once per level of nesting (``[[[[...`` 1,000 deep raises
``RecursionError``). So, before the case loader (:func:`realpolitik.case.parse_case`, the same
one the command line uses) sees a text, :func:`read_case_text` checks, in one linear pass,
that no key has more than ``max_dotted_parts`` parts and no value nests more than
``max_depth`` deep; after ``tomllib`` has read it, that no key is longer than
``max_key_length``, no array holds more than ``max_array_items`` items and the whole holds
at most ``max_tables`` tables and ``max_keys`` keys. All of it runs in a child process that is
killed once ``parse_seconds`` have passed (:mod:`realpolitik.web.isolation`), so whatever a
text does to the parser, the service goes on answering. docs/web.md has the measurements.
"""

from __future__ import annotations

import re
import threading
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from realpolitik.case import Case, CaseError, parse_case, problems_data
from realpolitik.web.isolation import ChildFailed, TimeLimitReached, call_isolated

#: Problems listed in one answer; a case with more gets a last line saying how many more.
MAX_PROBLEMS = 200


@dataclass(frozen=True)
class CaseLimits:
    """What the service accepts in a case file it is sent. The built-in flagship case is
    111 kB, nests 9 deep, has keys of at most 19 characters, 742 tables, 2,787 keys and at
    most 156 items in an array; each limit is far above it."""

    max_bytes: int = 2_000_000
    max_depth: int = 32
    max_dotted_parts: int = 8
    max_key_length: int = 256
    max_array_items: int = 10_000
    max_tables: int = 20_000
    max_keys: int = 50_000
    parse_seconds: float = 10.0
    #: Bytes of source texts sent with one case to the workbench, all files together.
    max_source_bytes: int = 4_000_000


@dataclass(frozen=True)
class Accepted:
    """The case is valid."""

    case: Case


@dataclass(frozen=True)
class Rejected:
    """The case has problems, each naming its file, line, field and fix."""

    problems: list[dict[str, Any]]


@dataclass(frozen=True)
class Refused:
    """The text is beyond what the service reads (the same shape as :class:`Rejected`)."""

    problems: list[dict[str, Any]]


Outcome = Accepted | Rejected | Refused


class IntakeFailed(Exception):
    """The check itself failed (its worker process died); not the case's fault."""


class CaseIntake:
    """Checks case texts in child processes, at most ``workers`` at once (more wait)."""

    def __init__(self, limits: CaseLimits, workers: int = 2) -> None:
        self.limits = limits
        self._slots = threading.BoundedSemaphore(workers)

    def check(self, raw: bytes, filename: str) -> Outcome:
        """Read and check a case text; blocks, so call it from a worker thread."""
        with self._slots:
            try:
                outcome: Outcome = call_isolated(
                    read_case_text, raw, filename, self.limits,
                    time_limit=self.limits.parse_seconds,
                )  # fmt: skip
            except TimeLimitReached:
                return Refused([_too_slow(filename, self.limits)])
            except ChildFailed as error:
                raise IntakeFailed(str(error)) from None
        if isinstance(outcome, Rejected | Refused) and len(outcome.problems) > MAX_PROBLEMS:
            shown = outcome.problems[:MAX_PROBLEMS]
            more = len(outcome.problems) - MAX_PROBLEMS
            shown.append(_problem(filename, None, "(file)", f"{more:,} more problems are not shown",
                                  "correct the ones above and check again"))  # fmt: skip
            return type(outcome)(shown)
        return outcome


def read_case_text(raw: bytes, filename: str, limits: CaseLimits) -> Outcome:
    """The checks, then the case loader; runs in the child process."""
    try:
        text: str | None = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = None  # the loader reports it with its line
    if text is not None:
        refusal = scan_text(text, filename, limits)
        if refusal is not None:
            return Refused([refusal])
        try:
            data: dict[str, Any] | None = tomllib.loads(text)
        except tomllib.TOMLDecodeError:
            data = None  # the loader reports it with its line
        except RecursionError:
            return Refused([_too_deep(filename, None, "(file)", limits)])
        if data is not None:
            refusal = check_structure(data, filename, limits)
            if refusal is not None:
                return Refused([refusal])
    try:
        return Accepted(parse_case(raw, Path(filename)))
    except CaseError as error:
        return Rejected(problems_data(error.problems))
    except RecursionError:
        return Refused([_too_deep(filename, None, "(file)", limits)])


# One token of TOML, enough to tell strings and comments (whose brackets and dots do not
# count) from the brackets, dots and words outside them. Each alternative is linear.
_TOKEN = re.compile(
    r"""
      (?P<space>[ \t\r\n]+|\#[^\n]*)
    | (?P<string>
          \"\"\"(?:[^"\\]|\\[\s\S]|"{1,2}(?!"))*\"\"\""{0,2}
        | '''[\s\S]*?''''{0,2}
        | "(?:[^"\\\n]|\\.)*"
        | '[^'\n]*'
      )
    | (?P<open>[\[{])
    | (?P<close>[\]}])
    | (?P<dot>\.)
    | (?P<word>[^\s\[\]{}.\#"'=,]+)
    | (?P<other>.)
    """,
    re.VERBOSE,
)


def scan_text(text: str, filename: str, limits: CaseLimits) -> dict[str, Any] | None:
    """The first place where ``text`` nests deeper than ``limits.max_depth`` or has a dotted
    key of more than ``limits.max_dotted_parts`` parts, as a problem; ``None`` when neither.

    Outside strings and comments, every ``[`` or ``{`` opens a level; a run of words or
    strings joined by dots is a dotted key (a number has at most one dot)."""
    depth = 0
    parts = 0
    after_dot = False
    run_start = 0
    for token in _TOKEN.finditer(text):
        kind = token.lastgroup
        if kind == "space":
            continue
        if kind in ("word", "string"):
            if after_dot and parts:
                parts += 1
            else:
                parts, run_start = 1, token.start()
            after_dot = False
            if parts > limits.max_dotted_parts:
                return _too_many_parts(text, run_start, filename, limits)
            continue
        if kind == "dot":
            after_dot = True
            continue
        parts, after_dot = 0, False
        if kind == "open":
            depth += 1
            if depth > limits.max_depth:
                line = text.count("\n", 0, token.start()) + 1
                return _too_deep(filename, line, "(value)", limits)
        elif kind == "close":
            depth = max(depth - 1, 0)
    return None


def check_structure(
    data: dict[str, Any], filename: str, limits: CaseLimits
) -> dict[str, Any] | None:
    """The first key that is too long, array that is too long, or nesting too deep in the
    parsed ``data``, or the count of tables or keys when there are too many; ``None`` when the
    data is within ``limits``."""
    tables = keys = 0
    pending: list[tuple[Any, str, int]] = [(data, "", 0)]
    while pending:
        value, path, depth = pending.pop()
        if depth > limits.max_depth:
            return _too_deep(filename, None, path, limits)
        if isinstance(value, dict):
            tables += 1
            keys += len(value)
            for key, item in value.items():
                if len(key) > limits.max_key_length:
                    return _problem(
                        filename, None, _join(path, key),
                        f"a key of {len(key):,} characters; this service reads keys of at most "
                        f"{limits.max_key_length}",
                        "shorten the key (field names and ids are short words)",
                    )  # fmt: skip
                pending.append((item, _join(path, key), depth + 1))
        elif isinstance(value, list):
            if len(value) > limits.max_array_items:
                return _problem(
                    filename, None, path or "(file)",
                    f"{len(value):,} items in one array; this service reads at most "
                    f"{limits.max_array_items:,}",
                    "split the case, or run it with the command line (`realpolitik run`)",
                )  # fmt: skip
            pending.extend(
                (item, f"{path}[{index + 1}]", depth + 1) for index, item in enumerate(value)
            )
    for count, limit, what in (
        (tables, limits.max_tables, "tables"),
        (keys, limits.max_keys, "keys"),
    ):
        if count > limit:
            return _problem(
                filename, None, "(file)",
                f"{count:,} {what}; this service reads cases of at most {limit:,}",
                "split the case, or run it with the command line (`realpolitik run`)",
            )  # fmt: skip
    return None


def _join(path: str, key: str) -> str:
    shown = key if len(key) <= 40 else key[:40] + "…"
    return f"{path}.{shown}" if path else shown


def _problem(filename: str, line: int | None, field: str, message: str, fix: str) -> dict[str, Any]:
    return {"file": filename, "line": line, "field": field, "message": message, "fix": fix}


def _too_deep(filename: str, line: int | None, field: str, limits: CaseLimits) -> dict[str, Any]:
    return _problem(
        filename, line, field,
        f"nested more than {limits.max_depth} levels deep; this service reads at most "
        f"{limits.max_depth}",
        "flatten the nesting (a case needs a few levels: tables, their arrays and inline tables)",
    )  # fmt: skip


def _too_many_parts(text: str, start: int, filename: str, limits: CaseLimits) -> dict[str, Any]:
    line = text.count("\n", 0, start) + 1
    end = text.find("\n", start)
    key = text[start : end if end != -1 else len(text)]
    shown = key if len(key) <= 40 else key[:40] + "…"
    return _problem(
        filename, line, shown,
        f"a dotted key of more than {limits.max_dotted_parts} parts; this service reads at most "
        f"{limits.max_dotted_parts}",
        "write the common start of the key once as a [table] header, or use fewer parts",
    )  # fmt: skip


def _too_slow(filename: str, limits: CaseLimits) -> dict[str, Any]:
    return _problem(
        filename, None, "(file)",
        f"reading the case took longer than {limits.parse_seconds:g} s, so it was stopped",
        "simplify the file (long dotted keys, deep nesting, very many entries), or check it on "
        "your machine with `realpolitik validate`",
    )  # fmt: skip
