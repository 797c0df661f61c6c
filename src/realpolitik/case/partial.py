"""The whole-case checks of a case whose file has faults of its own.

A value-level fault (a salience of 180, a misspelt key) stops the typed model from being
built, and with it every check of references between sections. Yet a file usually holds
several independent mistakes, and a user who fixes one to be shown the next works in rounds.
So the loader, after listing the value-level faults, sets aside every list item that holds
one (an actor, a position, a node, ...) and every unknown key, builds the model from the rest
and runs the whole-case checks on it. An item with an id is stood in for by a copy of a valid
sibling under that id, so that references to it still resolve and the known ids listed in
fixes stay whole; an item without one is left out. A fault found there is reported only when
it cannot be a consequence of what was set aside: it names no id of a set-aside item, lies
outside the entry (issue, game, descriptor) a set-aside part belonged to, and outside every
stand-in. Paths are given in the file's own numbering.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from realpolitik.case.checks import Fault, check_case
from realpolitik.case.judgments import FieldPath
from realpolitik.case.model import Case

#: Each round may leave out more (an issue whose positions fell below two); a handful is
#: plenty for any file, and the bound keeps a pathological one from looping.
MAX_ROUNDS = 8


def independent_faults(data: object, details: Sequence[ErrorDetails]) -> list[Fault]:
    """Whole-case faults of ``data`` (parsed TOML that failed validation with ``details``)
    that do not follow from the failing items; empty when too little of the case is left."""
    removed: set[FieldPath] = set()
    dropped_keys: set[FieldPath] = set()
    pruned, kept = _prune(data, (), removed, dropped_keys)
    errors: Iterable[ErrorDetails] = details
    for _ in range(MAX_ROUNDS):
        grew = False
        for detail in errors:
            loc = _original(tuple(detail["loc"]), kept)
            if detail["type"] == "extra_forbidden":
                grew |= loc not in dropped_keys
                dropped_keys.add(loc)
                continue
            owner = _owner(data, loc)
            if owner is None:
                return []  # a fault in [case] or a whole section: nothing sound to check
            grew |= owner not in removed
            removed.add(owner)
        if not grew:
            return []
        pruned, kept = _prune(data, (), removed, dropped_keys)
        try:
            case = Case.model_validate(pruned)
        except ValidationError as error:
            errors = error.errors()
            continue
        faults = [(_original(path, kept), message, fix) for path, message, fix in check_case(case)]
        return _independent(data, faults, removed)
    return []


def _owner(data: object, loc: FieldPath) -> FieldPath | None:
    """The innermost list item (a table) that holds ``loc``, or None."""
    node: object = data
    owner: FieldPath | None = None
    for depth, key in enumerate(loc):
        if isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
            node = node[key]
            if isinstance(node, Mapping):
                owner = loc[: depth + 1]
        elif isinstance(node, Mapping) and key in node:
            node = node[key]
        else:
            break
    return owner


def _prune(
    node: object, path: FieldPath, removed: set[FieldPath], dropped_keys: set[FieldPath]
) -> tuple[object, dict[FieldPath, list[int]]]:
    """A copy of ``node`` without the removed items and keys, and for every list (by its
    original path) the original index of each item kept."""
    kept: dict[FieldPath, list[int]] = {}
    if isinstance(node, Mapping):
        out: dict[str, Any] = {}
        for key, value in node.items():
            if (*path, key) in dropped_keys:
                continue
            out[key], inner = _prune(value, (*path, key), removed, dropped_keys)
            kept.update(inner)
        return out, kept
    if isinstance(node, list):
        pruned: dict[int, object] = {}
        for index, value in enumerate(node):
            if (*path, index) not in removed:
                pruned[index], inner = _prune(value, (*path, index), removed, dropped_keys)
                kept.update(inner)
        model = next((item for item in pruned.values() if isinstance(item, Mapping)), None)
        items: list[object] = []
        indices: list[int] = []
        for index, value in enumerate(node):
            item = pruned[index] if index in pruned else _stand_in_for(value, model)
            if item is not None:
                items.append(item)
                indices.append(index)
        kept[path] = indices
        return items, kept
    return node, kept


def _stand_in_for(broken: object, model: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """A valid item that keeps the id of a broken one, so that what refers to that id still
    finds it and the lists of known ids in fixes stay whole: a copy of a valid sibling under
    the broken item's id. None when the item has no id or has no valid sibling."""
    if model is None or not isinstance(broken, Mapping) or not isinstance(broken.get("id"), str):
        return None
    return {**copy.deepcopy(dict(model)), "id": broken["id"]}


def _original(path: Sequence[str | int], kept: Mapping[FieldPath, list[int]]) -> FieldPath:
    """A path into the pruned data as a path into the original data."""
    out: FieldPath = ()
    for key in path:
        if isinstance(key, int) and out in kept and 0 <= key < len(kept[out]):
            out = (*out, kept[out][key])
        else:
            out = (*out, key)
    return out


def _independent(data: object, faults: list[Fault], removed: set[FieldPath]) -> list[Fault]:
    names = {f"'{name}'" for name in _ids(data, removed)}
    parts = [path for path in removed if sum(isinstance(k, int) for k in path) > 1]
    return [
        (path, message, fix)
        for path, message, fix in faults
        if not any(name in message for name in names)
        and not any(_follows(path, part) for part in parts)
        and not any(path[: len(item)] == item for item in removed)  # inside a stand-in
    ]


def _follows(path: FieldPath, part: FieldPath) -> bool:
    """Whether a fault at ``path`` may follow from leaving out ``part``, an item of a list
    inside an entry (a position of an issue, a node of a game). A game's tree is checked as a
    whole, so any fault of that game may; elsewhere, faults of the entry itself and of its
    lists may, but not a fault of another item of the list (another position's actor)."""
    first = next(i for i, key in enumerate(part) if isinstance(key, int))
    entry = part[: first + 1]
    if path[: len(entry)] != entry:
        return False
    if entry[0] == "games":
        return True
    siblings = part[:-1]
    inside_other = (
        len(path) > len(siblings)
        and path[: len(siblings)] == siblings
        and path[len(siblings)] != part[-1]
    )
    return not inside_other


def _ids(data: object, removed: set[FieldPath]) -> set[str]:
    """The ids of the removed items."""
    found: set[str] = set()
    for path in removed:
        node: object = data
        for key in path:
            if isinstance(node, list) and isinstance(key, int):
                node = node[key]
            elif isinstance(node, Mapping):
                node = node.get(key)
        if isinstance(node, Mapping) and isinstance(node.get("id"), str):
            found.add(node["id"])
    return found
