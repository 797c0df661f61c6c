"""A game as the engine solves it: the case format's game model with the engine's methods.

Two forms, the two forms of the ``[[games]]`` section of the case format (docs/case-format.md):

* :class:`ExtensiveGame`: a tree of decision and chance nodes; each move leads to another node
  or to an outcome; nodes sharing an ``infoset`` cannot be told apart by the player who moves
  there (Kuhn 1953); every outcome pays every player.
* :class:`NormalGame`: each player picks one strategy; each profile of strategies is a cell
  that pays every player (von Neumann & Morgenstern 1944).

Both are :class:`realpolitik.case.Game` (and its :class:`~realpolitik.case.Node`,
:class:`~realpolitik.case.Move`, :class:`~realpolitik.case.GameOutcome`,
:class:`~realpolitik.case.Cell` and :class:`~realpolitik.case.Judgment`), so a game is defined
and validated in one place: the case model checks each value and
:func:`realpolitik.case.checks.game_faults` the structure. A game built in code is checked
when built and refused with a :class:`~realpolitik.games.errors.GameError` naming the game,
the field at fault and the fix; a case's game, checked when the case was loaded, becomes the
engine's without a second check (:func:`realpolitik.analysis.inputs.game_from_case`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Literal, TypeVar

from pydantic import AliasChoices, BaseModel, Field, ValidationError

from realpolitik.case.checks import game_faults
from realpolitik.case.load import _field_name
from realpolitik.case.model import CHANCE, Cell, Judgment, Move, Node, Probability
from realpolitik.case.model import Game as CaseGame
from realpolitik.case.model import GameOutcome as Outcome
from realpolitik.games.errors import GameError

__all__ = [
    "CHANCE",
    "Cell",
    "ExtensiveGame",
    "Game",
    "Judgment",
    "Move",
    "Node",
    "NormalGame",
    "Outcome",
    "PayoffKind",
    "Probability",
    "payoff_judgments",
    "player_name",
    "with_chance_probabilities",
    "with_payoffs",
]

J = TypeVar("J", bound=Judgment)

PayoffKind = Literal["ordinal", "cardinal"]
"""``ordinal``: payoffs are ranks, higher is better, only their order means anything;
``cardinal``: payoffs are utilities whose differences matter (needed for mixed play)."""


def _plain(value: object) -> object:
    """``value`` as plain data (models as their fields, tuples as lists), whose list items
    :func:`~realpolitik.case.load._field_name` can name by their ids."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    return value


def _where(data: Mapping[str, Any], loc: tuple[str | int, ...]) -> str:
    """The game and, where there is one, the field at ``loc`` ("nodes[decide].moves[go]")."""
    name = _field_name(_plain(data), loc)
    return f"game {data.get('id')!r}" + (f", {name}" if name else "")


def _checked(game: CaseGame) -> None:
    """Raise a GameError listing the structural faults of ``game`` (see ``game_faults``)."""
    faults = list(game_faults(game))
    if faults:
        data = game.model_dump(mode="json")
        raise GameError(
            "\n".join(f"{_where(data, path)}: {message}; {fix}" for path, message, fix in faults)
        )


class _EngineGame(CaseGame):
    """What both forms add to the case's game: an optional title, payoffs that are cardinal
    unless said otherwise (``payoff_kind`` names them too), and the names shown for players
    (``player_names``; default: the id capitalised)."""

    title: str = ""
    payoffs: PayoffKind = Field(
        default="cardinal", validation_alias=AliasChoices("payoffs", "payoff_kind")
    )
    player_names: dict[str, str] = Field(default_factory=dict)

    def __init__(self, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as error:
            raise GameError(
                "\n".join(
                    f"{_where(data, tuple(detail['loc']))}: {detail['msg']}"
                    + (f"; {detail['ctx']['fix']}" if "fix" in detail.get("ctx", {}) else "")
                    for detail in error.errors()
                )
            ) from None
        _checked(self)

    @property
    def payoff_kind(self) -> PayoffKind:
        """Whether the payoffs are ranks or utilities (the case's ``payoffs``)."""
        return self.payoffs


class ExtensiveGame(_EngineGame):
    """A game tree: players, nodes (the first is the root unless ``root`` names one), outcomes.

    Checked when built (:func:`realpolitik.case.checks.game_faults`): ids unique, every move
    leads somewhere that exists, every node and outcome reached once from the root, nodes of
    an information set share their player and move ids and the player's own past (perfect
    recall), chance probabilities add up to 1, and every outcome pays every player.
    """

    form: Literal["extensive"] = "extensive"

    @property
    def root_id(self) -> str:
        """The id of the root node."""
        return self.root if self.root is not None else self.nodes[0].id

    def node(self, node_id: str) -> Node:
        """The node with this id."""
        for node in self.nodes:
            if node.id == node_id:
                return node
        raise GameError(f"game {self.id!r} has no node {node_id!r}")

    def outcome(self, outcome_id: str) -> Outcome:
        """The outcome with this id."""
        for outcome in self.outcomes:
            if outcome.id == outcome_id:
                return outcome
        raise GameError(f"game {self.id!r} has no outcome {outcome_id!r}")

    def is_node(self, target: str) -> bool:
        """Whether ``target`` (a move's ``to``) is a node rather than an outcome."""
        return any(node.id == target for node in self.nodes)

    def decision_point(self, node: Node) -> str:
        """Where a choice is made: the node's information set id, or the node id."""
        return node.infoset if node.infoset is not None else node.id

    @property
    def is_perfect_information(self) -> bool:
        """True when every information set holds one node (no ``infoset`` shared)."""
        seen: set[str] = set()
        for node in self.nodes:
            if node.infoset is not None:
                if node.infoset in seen:
                    return False
                seen.add(node.infoset)
        return True

    def descendants(self, node_id: str) -> list[str]:
        """Ids of the nodes below ``node_id``, itself included, in depth-first order."""
        found = [node_id]
        for move in self.node(node_id).moves:
            if self.is_node(move.to):
                found.extend(self.descendants(move.to))
        return found

    def subgame_roots(self) -> list[str]:
        """Nodes that root a subgame: no information set straddles their subtree's border.

        Selten (1965): a subgame starts at a node whose subtree holds, with each of its nodes,
        every node of that node's information set.
        """
        members: dict[str, set[str]] = {}
        for node in self.nodes:
            if node.infoset is not None:
                members.setdefault(node.infoset, set()).add(node.id)
        roots = []
        for node in self.nodes:
            below = set(self.descendants(node.id))
            if all(
                members[self.node(inner).infoset or ""] <= below
                for inner in below
                if self.node(inner).infoset is not None
            ):
                roots.append(node.id)
        return roots

    def subgame(self, node_id: str) -> ExtensiveGame:
        """The game that starts at ``node_id``, which must root a subgame."""
        if node_id not in self.subgame_roots():
            raise GameError(
                f"game {self.id!r}: node {node_id!r} does not root a subgame (an information "
                "set reaches outside its subtree)"
            )
        below = self.descendants(node_id)
        nodes = tuple(self.node(inner) for inner in below)
        reached = {move.to for node in nodes for move in node.moves}
        outcomes = tuple(outcome for outcome in self.outcomes if outcome.id in reached)
        return self.model_copy(update={"nodes": nodes, "outcomes": outcomes, "root": node_id})


class NormalGame(_EngineGame):
    """A game in normal (strategic) form: strategies per player and one cell per profile.

    Checked when built (:func:`realpolitik.case.checks.game_faults`): each player has at
    least one strategy, ids are unique, every profile has exactly one cell and every cell pays
    every player. A cell's outcome id is its strategies joined by " / " in player order (see
    :meth:`outcome_id`).
    """

    form: Literal["normal"] = "normal"

    def outcome_id(self, profile: Mapping[str, str]) -> str:
        """The id of the cell at ``profile``: its strategy ids in player order."""
        return " / ".join(profile[player] for player in self.players)

    def cell(self, profile: Mapping[str, str]) -> Cell:
        """The cell at ``profile``."""
        wanted = self.outcome_id(profile)
        for cell in self.cells:
            if self.outcome_id(cell.profile) == wanted:
                return cell
        raise GameError(f"game {self.id!r} has no cell for profile {dict(profile)}")


Game = ExtensiveGame | NormalGame
"""Either form of game."""


def player_name(game: Game, player: str) -> str:
    """The name shown for ``player``: from ``player_names``, else the id capitalised."""
    if player in game.player_names:
        return game.player_names[player]
    if player == CHANCE:
        return "Chance"
    return " ".join(word.capitalize() for word in player.split("-"))


def payoff_judgments(game: Game) -> list[tuple[str, str, Judgment]]:
    """Every payoff judgment as ``(outcome id, player id, judgment)``, in game order.

    For a normal-form game the outcome id is the cell's :meth:`NormalGame.outcome_id`.
    """
    found: list[tuple[str, str, Judgment]] = []
    if isinstance(game, ExtensiveGame):
        for outcome in game.outcomes:
            found.extend((outcome.id, p, outcome.payoffs[p]) for p in game.players)
    else:
        for cell in game.cells:
            key = game.outcome_id(cell.profile)
            found.extend((key, p, cell.payoffs[p]) for p in game.players)
    return found


def with_payoffs(
    game: Game, values: Mapping[tuple[str, str], float], payoff_kind: PayoffKind | None = None
) -> Game:
    """A copy of ``game`` whose payoff values at ``(outcome id, player id)`` are replaced.

    Uncertainty and grounds of each judgment are kept; keys not in ``values`` are unchanged.
    ``payoff_kind`` optionally relabels the copy (for instance ranks turned into utilities).
    """
    known = {(outcome, player) for outcome, player, _ in payoff_judgments(game)}
    unknown = [key for key in values if key not in known]
    if unknown:
        raise GameError(f"game {game.id!r} has no payoff at (outcome, player) {unknown}")

    def replaced(outcome_id: str, payoffs: Mapping[str, Judgment]) -> dict[str, Judgment]:
        return {
            player: _with_value(judgment, values[(outcome_id, player)])
            if (outcome_id, player) in values
            else judgment
            for player, judgment in payoffs.items()
        }

    kind = payoff_kind if payoff_kind is not None else game.payoff_kind
    if isinstance(game, ExtensiveGame):
        outcomes = tuple(
            outcome.model_copy(update={"payoffs": replaced(outcome.id, outcome.payoffs)})
            for outcome in game.outcomes
        )
        return game.model_copy(update={"outcomes": outcomes, "payoffs": kind})
    cells = tuple(
        cell.model_copy(update={"payoffs": replaced(game.outcome_id(cell.profile), cell.payoffs)})
        for cell in game.cells
    )
    return game.model_copy(update={"cells": cells, "payoffs": kind})


def _with_value(judgment: J, value: float) -> J:
    # A moved value may leave its stated range; the range describes the original judgment,
    # so it is widened rather than dropped. (A copy, not validated again: the value is a draw
    # within the judgment's own bounds or a threshold search's point.)
    if judgment.range is not None:
        low, high = judgment.range
        return judgment.model_copy(
            update={"value": value, "range": (min(low, value), max(high, value))}
        )
    return judgment.model_copy(update={"value": value})


def with_chance_probabilities(
    game: ExtensiveGame, values: Mapping[tuple[str, str], float]
) -> ExtensiveGame:
    """A copy of ``game`` with chance probabilities at ``(node id, move id)`` replaced."""
    nodes = []
    for node in game.nodes:
        moves: Iterable[Move] = node.moves
        if node.is_chance:
            moves = [
                move.model_copy(
                    update={
                        "probability": _with_value(move.probability, values[(node.id, move.id)])
                    }
                )
                if move.probability is not None and (node.id, move.id) in values
                else move
                for move in node.moves
            ]
        nodes.append(node.model_copy(update={"moves": tuple(moves)}))
    return game.model_copy(update={"nodes": tuple(nodes)})
