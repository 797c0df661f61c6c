"""Short builders of engine games for tests: the model's fields in the order the tests give
them (the pydantic models take keywords), and judgments grounded by a stated test assumption
unless evidence or another assumption is given."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from realpolitik.games import (
    Cell,
    ExtensiveGame,
    Judgment,
    Move,
    Node,
    NormalGame,
    Outcome,
    Probability,
)


def judged(value: float, **fields: Any) -> Judgment:
    """A judgment; one without evidence is grounded by the assumption 'test'."""
    if not fields.get("evidence") and fields.get("assumption") is None:
        fields["assumption"] = "test"
    return Judgment(value=value, **fields)


def a_move(id: str, to: str, name: str = "", probability: Judgment | None = None) -> Move:
    chance = None if probability is None else Probability(**probability.model_dump())
    return Move(id=id, to=to, name=name, probability=chance)


def a_node(
    id: str, player: str, moves: Sequence[Move], infoset: str | None = None, description: str = ""
) -> Node:
    return Node(id=id, player=player, moves=tuple(moves), infoset=infoset, description=description)


def an_outcome(id: str, payoffs: Mapping[str, Judgment], description: str = "") -> Outcome:
    return Outcome(id=id, payoffs=dict(payoffs), description=description)


def a_cell(profile: Mapping[str, str], payoffs: Mapping[str, Judgment]) -> Cell:
    return Cell(profile=dict(profile), payoffs=dict(payoffs))


def tree(
    id: str, players: Sequence[str], nodes: Sequence[Node], outcomes: Sequence[Outcome],
    **fields: Any,
) -> ExtensiveGame:  # fmt: skip
    return ExtensiveGame(
        id=id, players=tuple(players), nodes=tuple(nodes), outcomes=tuple(outcomes), **fields
    )


def table_game(
    id: str, players: Sequence[str], strategies: Mapping[str, Sequence[str]],
    cells: Sequence[Cell], **fields: Any,
) -> NormalGame:  # fmt: skip
    return NormalGame(
        id=id, players=tuple(players), strategies={p: tuple(s) for p, s in strategies.items()},
        cells=tuple(cells), **fields,
    )  # fmt: skip
