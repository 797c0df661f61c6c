"""Write a case back as TOML, in the layout of docs/case-format.md.

The text is canonical: sections in the order of the model, defaults left out, judgments and
other small tables inline, sections such as ``[[actors]]`` and ``[[issues.positions]]`` as
arrays of tables. Reading the text back gives the same case (the tests check it); comments
of a hand-written file are not carried, since the model does not hold them.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

from realpolitik.case.model import Case

#: Lists of tables written as ``[[...]]`` sections (by their key); any other list of tables
#: is an inline array, one item a line (so each cross-impact takes one line).
SECTIONS = frozenset(
    {
        "sources", "evidence", "actors", "issues", "positions", "descriptors",
        "interventions", "games", "nodes", "outcomes", "cells", "facts",
    }
)  # fmt: skip
#: Tables written as ``[...]`` sections; any other table is inline.
TABLES = frozenset({"case", "scenarios"})

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def case_toml(case: Case, header: str = "") -> str:
    """The TOML text of ``case``, after ``header`` (comment lines, each starting with '#')."""
    data = _ordered(case.model_dump(mode="python", exclude_defaults=True, by_alias=True))
    # exclude_defaults drops a field equal to its default; the sections a case must have
    # stay, so that the text says what it is.
    lines: list[str] = [line for line in header.splitlines()]
    _table(data, (), lines)
    return "\n".join(lines).strip("\n") + "\n"


#: Keys that name what a table is about, written before the model's other fields (a
#: cross-impact's source and target before the judgment it inherits).
FIRST = ("id", "actor", "source", "target")


def _ordered(node: object) -> Any:
    """``node`` with every table's naming keys first."""
    if isinstance(node, Mapping):
        keys = [key for key in FIRST if key in node] + [key for key in node if key not in FIRST]
        return {key: _ordered(node[key]) for key in keys}
    if isinstance(node, list | tuple):
        return [_ordered(item) for item in node]
    return node


def _key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _value(key)


def _is_section(key: str, value: object) -> bool:
    return (
        key in SECTIONS
        and isinstance(value, list | tuple)
        and bool(value)
        and all(isinstance(item, Mapping) for item in value)
    )


def _table(
    data: Mapping[str, Any], path: tuple[str, ...], lines: list[str], named: bool = False
) -> None:
    """Write a table: its plain keys and its sub-tables and arrays of tables.

    Plain keys come first, as TOML asks of the top level and of an item of an array of
    tables. A ``named`` table such as ``[scenarios]`` keeps the model's order when its plain
    keys stand together (the descriptors, then the impacts that name them, then the
    interventions), its ``[scenarios]`` header written where they fall."""
    nested = [key for key, value in data.items() if _nests(key, value)]
    plain = [key for key in data if key not in nested]
    keys = list(data)
    spots = [keys.index(key) for key in plain]
    together = bool(spots) and spots == list(range(spots[0], spots[-1] + 1))
    order = keys if named and together else plain + nested
    for key in order:
        value = data[key]
        if key in plain:
            if named and key == plain[0]:
                lines += ["", f"[{'.'.join(_key(part) for part in path)}]"]
            lines.append(f"{_key(key)} = {_value(value, multiline=True)}")
        elif isinstance(value, Mapping):
            _table(value, (*path, key), lines, named=True)
        else:
            name = ".".join(_key(part) for part in (*path, key))
            for item in value:
                lines += ["", f"[[{name}]]"]
                _table(item, (*path, key), lines)


def _nests(key: str, value: object) -> bool:
    return _is_section(key, value) or (key in TABLES and isinstance(value, Mapping))


def _value(value: object, multiline: bool = False) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value!r} cannot be written: the case model holds finite numbers")
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, str):
        # JSON escapes the control characters TOML forbids raw, all but DEL.
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(value, dt.datetime):
        raise ValueError("a date and time cannot stand in a case: give a date")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        inner = ", ".join(f"{_key(str(k))} = {_value(v)}" for k, v in value.items())
        return "{ " + inner + " }" if inner else "{}"
    if isinstance(value, Sequence):
        items = [_value(item) for item in value]
        if multiline and any(isinstance(item, Mapping) for item in value):
            return "[\n" + "".join(f"  {item},\n" for item in items) + "]"
        return "[" + ", ".join(items) + "]"
    raise ValueError(f"{type(value).__name__} {value!r} has no TOML form")
