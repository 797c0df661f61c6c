"""Find and load case files, turning every fault into a located, fixable message."""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from realpolitik.case.checks import check_case
from realpolitik.case.errors import CaseError, CaseNotFoundError, Problem
from realpolitik.case.judgments import FieldPath
from realpolitik.case.locate import line_index, line_of
from realpolitik.case.model import Case
from realpolitik.case.partial import independent_faults

CASE_FILE_NAME = "case.toml"
FORMAT_HINT = "see docs/case-format.md"


def builtin_cases_dir() -> Path:
    """The folder of the cases shipped inside the package."""
    return Path(str(resources.files("realpolitik") / "cases"))


def builtin_cases() -> list[str]:
    """Names of the built-in cases."""
    root = builtin_cases_dir()
    return sorted(p.parent.name for p in root.glob(f"*/{CASE_FILE_NAME}"))


def resolve_case_path(name_or_path: str | Path) -> Path:
    """A case file path from a file, a folder holding case.toml, or a built-in case name."""
    path = Path(name_or_path)
    if path.is_file():
        return path
    if path.is_dir():
        inner = path / CASE_FILE_NAME
        if inner.is_file():
            return inner
        raise CaseNotFoundError(
            [
                Problem(
                    path,
                    None,
                    "",
                    f"the folder has no {CASE_FILE_NAME}",
                    f"put the case in {inner} or name the case file itself",
                )
            ]
        )
    builtin = builtin_cases_dir() / str(name_or_path) / CASE_FILE_NAME
    if builtin.is_file():
        return builtin
    names = ", ".join(builtin_cases()) or "none"
    raise CaseNotFoundError(
        [
            Problem(
                path,
                None,
                "",
                "no such case file, folder or built-in case",
                f"check the path, or use a built-in case ({names}); `realpolitik cases` lists them",
            )
        ]
    )


def load_case(name_or_path: str | Path) -> Case:
    """Load and fully check a case. Raises :class:`CaseError` listing every problem."""
    path = resolve_case_path(name_or_path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise CaseError(
            [
                Problem(
                    path,
                    None,
                    "",
                    f"cannot read the file ({error.strerror})",
                    "check that it exists and that you may read it",
                )
            ]
        ) from None
    return parse_case(raw, path)


def parse_case(raw: bytes, path: Path) -> Case:
    """Parse the bytes of a case file; ``path`` is used in messages only."""
    try:
        # A byte order mark, as some Windows editors write, is no part of the text.
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise CaseError(
            [
                Problem(
                    path,
                    line,
                    "",
                    "the file is not valid UTF-8 text",
                    "save it with UTF-8 encoding",
                )
            ]
        ) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise CaseError([_toml_problem(path, str(error))]) from None
    lines = line_index(text)
    try:
        case = Case.model_validate(data)
    except ValidationError as error:
        details = error.errors()
        # A list whose items fail also reports a misleading length error: keep the item faults.
        details = [
            d
            for d in details
            if d["type"] != "too_short"
            or not any(o is not d and o["loc"][: len(d["loc"])] == d["loc"] for o in details)
        ]
        problems = [_validation_problem(path, data, lines, detail) for detail in details]
        faults = independent_faults(data, details)
        problems += [
            Problem(path, line_of(lines, fpath), _field_name(data, fpath), message, fix)
            for fpath, message, fix in faults
        ]
        raise CaseError(_unique(problems)) from None
    faults = check_case(case)
    if faults:
        raise CaseError(
            _unique(
                [
                    Problem(path, line_of(lines, fpath), _field_name(data, fpath), message, fix)
                    for fpath, message, fix in faults
                ]
            )
        )
    case._file = str(path)
    case._digest = hashlib.sha256(raw).hexdigest()
    return case


def _unique(problems: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))


_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


def _toml_problem(path: Path, message: str) -> Problem:
    match = _TOML_POSITION.search(message)
    line = int(match.group(1)) if match else None
    what = _TOML_POSITION.sub("", message).strip().rstrip(".")
    if match:
        what = f"{what} (column {match.group(2)})"
    return Problem(
        path,
        line,
        "",
        f"not valid TOML: {what}",
        "fix the syntax on that line (strings in double quotes, one `key = value` per line, "
        "inline tables on one line)",
    )


def _field_name(data: object, loc: Sequence[str | int]) -> str:
    """A dotted field name that shows list items by their id where they have one."""
    parts: list[str] = []
    node: object = data
    for key in loc:
        if isinstance(key, int):
            label = str(key + 1)
            if isinstance(node, list) and 0 <= key < len(node):
                node = node[key]
                if isinstance(node, Mapping):
                    ident = node.get("id", node.get("actor"))
                    if isinstance(ident, str):
                        label = ident
            else:
                node = None
            parts.append(f"[{label}]")
        else:
            parts.append(f".{key}" if parts else key)
            node = node.get(key) if isinstance(node, Mapping) else None
    return "".join(parts)


_TYPE_WORDS = {
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "string_type": "text in quotes",
    "date_type": "a date such as 2021-10-15 (no quotes)",
    "date_from_datetime_inexact": "a date such as 2021-10-15, without a time",
    "date_parsing": "a date such as 2021-10-15 (no quotes)",
    "date_from_datetime_parsing": "a date such as 2021-10-15 (no quotes)",
    "bool_type": "true or false",
    "tuple_type": "a list in square brackets",
    "list_type": "a list in square brackets",
    "dict_type": "a table",
    "model_type": "a table",
    "model_attributes_type": "a table",
}


def _validation_problem(
    path: Path, data: object, lines: Mapping[FieldPath, int], detail: ErrorDetails
) -> Problem:
    loc: tuple[str | int, ...] = tuple(detail["loc"])
    kind = detail["type"]
    ctx: dict[str, Any] = dict(detail.get("ctx") or {})
    given = detail.get("input")
    about_key = bool(loc) and loc[-1] == "[key]"
    if about_key:
        loc = loc[:-1]
    line = line_of(lines, loc)
    field = _field_name(data, loc)
    name = str(loc[-1]) if loc else ""
    if kind == "realpolitik":
        message, fix = detail["msg"], str(ctx.get("fix", FORMAT_HINT))
    elif kind == "missing":
        message, fix = f"required field '{name}' is missing", f"add `{name} = ...` ({FORMAT_HINT})"
    elif kind == "extra_forbidden":
        message = f"unknown field '{name}'"
        fix = f"remove it or correct its spelling ({FORMAT_HINT})"
    elif kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        thing = "the key" if about_key else "the value"
        if r"\." in pattern:
            message = f"{thing} {given!r} is not a descriptor.variant reference"
            fix = "write the descriptor id, a dot, and the variant id: 'russia-policy.status-quo'"
        else:
            message = f"{thing} {given!r} is not a valid identifier"
            fix = "use lower-case letters, digits and hyphens, starting with a letter"
    elif kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        low, high = ctx.get("ge", ctx.get("gt")), ctx.get("le", ctx.get("lt"))
        message = f"{given!r} is out of range"
        fix = (
            f"use a value at least {low:g}" if low is not None else f"use a value at most {high:g}"
        )
    elif kind == "literal_error":
        message = f"{given!r} is not allowed here"
        fix = f"use one of: {ctx.get('expected', '')}"
    elif kind in ("too_short", "too_long"):
        actual = ctx.get("actual_length")
        if kind == "too_short":
            bound = f"at least {ctx.get('min_length')}"
        else:
            bound = f"at most {ctx.get('max_length')}"
        message = f"has {actual} item(s); {bound} needed"
        fix = f"give {bound} entries"
    elif kind == "finite_number":
        message = f"{given!r} is not a finite number"
        fix = "write a finite number: nan and inf stand for no value a person judged"
    elif kind in _TYPE_WORDS:
        message = f"expected {_TYPE_WORDS[kind]}, got {type(given).__name__} {given!r}"
        fix = f"write {_TYPE_WORDS[kind]}"
    else:
        message, fix = detail["msg"], FORMAT_HINT
    return Problem(path, line, field, message, fix)
