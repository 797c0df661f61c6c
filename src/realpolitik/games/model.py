"""A game, independent of the file it came from.

Two forms are modelled, following the ``[[games]]`` section of the case format
(docs/case-format.md) one-to-one:

* :class:`ExtensiveGame`: a tree of decision and chance nodes; each move leads to another node
  or to an outcome; nodes sharing an ``infoset`` cannot be told apart by the player who moves
  there (Kuhn 1953); every outcome pays every player.
* :class:`NormalGame`: each player picks one strategy; each profile of strategies is a cell
  that pays every player (von Neumann & Morgenstern 1944).

Every payoff, and every chance probability, is a :class:`Judgment`: a value with an optional
uncertainty (a standard deviation or a range) and the evidence or assumption behind it.

The dataclasses are frozen and check their own structure when built, raising
:class:`~realpolitik.games.errors.GameError` with the place of the fault and the fix.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

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
    "payoff_judgments",
    "player_name",
    "with_chance_probabilities",
    "with_payoffs",
]

CHANCE = "chance"
"""The player id that marks a chance node (a move by nature)."""

PayoffKind = Literal["ordinal", "cardinal"]
"""``ordinal``: payoffs are ranks, higher is better, only their order means anything;
``cardinal``: payoffs are utilities whose differences matter (needed for mixed play)."""

_PROBABILITY_TOLERANCE = 1e-9


@dataclass(frozen=True)
class Judgment:
    """A number a person judged, with its uncertainty and its grounds.

    ``sd`` (a standard deviation) and ``range`` (``(low, high)`` containing ``value``) are
    optional, one of them at most. ``evidence`` lists evidence ids; ``assumption`` gives the
    reason when there is no evidence. ``note`` is free text.
    """

    value: float
    sd: float | None = None
    range: tuple[float, float] | None = None
    evidence: tuple[str, ...] = ()
    assumption: str | None = None
    note: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "evidence", tuple(self.evidence))
        if not math.isfinite(self.value):
            raise GameError(f"judgment value {self.value!r} is not a finite number")
        if self.sd is not None and self.range is not None:
            raise GameError(
                f"judgment with value {self.value} states both sd and range; keep one of them"
            )
        if self.sd is not None and not (math.isfinite(self.sd) and self.sd >= 0):
            raise GameError(
                f"judgment with value {self.value} has sd {self.sd}; give a number >= 0"
            )
        if self.range is not None:
            low, high = self.range
            object.__setattr__(self, "range", (float(low), float(high)))
            if not low <= self.value <= high:
                raise GameError(
                    f"judgment with value {self.value} has range [{low}, {high}] that does not "
                    "contain the value; widen the range or correct the value"
                )

    @property
    def is_uncertain(self) -> bool:
        """Whether the judgment states a non-degenerate uncertainty."""
        if self.sd is not None:
            return self.sd > 0
        if self.range is not None:
            return self.range[1] > self.range[0]
        return False

    @property
    def grounds(self) -> str:
        """The evidence ids, or the assumption, as one line of text."""
        if self.evidence:
            return "evidence: " + ", ".join(self.evidence)
        if self.assumption:
            return "assumption: " + self.assumption
        return "no evidence given"


@dataclass(frozen=True)
class Move:
    """A move at a node: ``to`` names the next node or an outcome.

    ``name`` is the move in words ("Give notice"); ``probability`` is required at chance nodes
    and forbidden elsewhere.
    """

    id: str
    to: str
    name: str = ""
    probability: Judgment | None = None

    @property
    def label(self) -> str:
        """The move in words, falling back to its id."""
        return self.name or self.id


@dataclass(frozen=True)
class Node:
    """A decision node of ``player``, or a chance node when ``player`` is :data:`CHANCE`.

    Nodes sharing an ``infoset`` id belong to one information set.
    """

    id: str
    player: str
    moves: tuple[Move, ...]
    infoset: str | None = None
    description: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "moves", tuple(self.moves))

    @property
    def is_chance(self) -> bool:
        """Whether nature moves here."""
        return self.player == CHANCE


@dataclass(frozen=True)
class Outcome:
    """An end of the game with a payoff judgment for every player."""

    id: str
    payoffs: Mapping[str, Judgment]
    description: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "payoffs", dict(self.payoffs))


@dataclass(frozen=True)
class ExtensiveGame:
    """A game tree: players, nodes (the first is the root unless ``root`` names one), outcomes.

    Checked when built: ids unique, every move leads somewhere that exists, every node and
    outcome reachable from the root, each node entered by one move at most (a tree, no
    cycles), nodes of an information set share their player and move ids, chance
    probabilities lie in [0, 1] and add up to 1, and every outcome pays every player.
    ``player_names`` maps player ids to names shown in text (default: the id capitalised).
    """

    id: str
    players: tuple[str, ...]
    nodes: tuple[Node, ...]
    outcomes: tuple[Outcome, ...]
    title: str = ""
    description: str = ""
    payoff_kind: PayoffKind = "cardinal"
    root: str | None = None
    player_names: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "players", tuple(self.players))
        object.__setattr__(self, "nodes", tuple(self.nodes))
        object.__setattr__(self, "outcomes", tuple(self.outcomes))
        object.__setattr__(self, "player_names", dict(self.player_names))
        _check_extensive(self)

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
        return dataclasses.replace(self, nodes=nodes, outcomes=outcomes, root=node_id)


def _check_extensive(game: ExtensiveGame) -> None:
    where = f"game {game.id!r}"
    _check_players(game.players, where)
    if not game.nodes:
        raise GameError(f"{where} has no nodes; add at least the root node")
    if not game.outcomes:
        raise GameError(f"{where} has no outcomes; every branch must end in an outcome")
    node_ids = _unique([node.id for node in game.nodes], f"{where}: node")
    outcome_ids = _unique([outcome.id for outcome in game.outcomes], f"{where}: outcome")
    clash = node_ids & outcome_ids
    if clash:
        raise GameError(
            f"{where}: {sorted(clash)} name both a node and an outcome; rename one of them"
        )
    root = game.root_id
    if root not in node_ids:
        raise GameError(f"{where}: root {root!r} is not a node; name one of {sorted(node_ids)}")
    entered: dict[str, str] = {}
    for node in game.nodes:
        _check_node(game, node, node_ids | outcome_ids, where)
        for move in node.moves:
            if move.to in node_ids:
                if move.to in entered or move.to == root:
                    raise GameError(
                        f"{where}: node {move.to!r} is entered from more than one place "
                        f"({entered.get(move.to, 'the root')} and {node.id}); a tree needs one "
                        "parent per node, so copy the node under a new id"
                    )
                entered[move.to] = node.id
    reached = _reachable(game, root)
    unreached = [i for i in [*node_ids, *outcome_ids] if i not in reached]
    if unreached:
        raise GameError(
            f"{where}: {sorted(unreached)} cannot be reached from the root {root!r}; "
            "connect them with a move or delete them"
        )
    _check_infosets(game, where)
    for outcome in game.outcomes:
        _check_payoffs(outcome.payoffs, game.players, f"{where}, outcome {outcome.id!r}")


def _check_players(players: tuple[str, ...], where: str) -> None:
    if not players:
        raise GameError(f"{where} has no players; list the actors who choose")
    _unique(list(players), f"{where}: player")
    if CHANCE in players:
        raise GameError(f"{where}: {CHANCE!r} is reserved for nature; rename that player")


def _unique(ids: list[str], what: str) -> set[str]:
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            raise GameError(f"{what} id {item!r} appears twice; ids must be unique")
        seen.add(item)
    return seen


def _check_node(game: ExtensiveGame, node: Node, targets: set[str], where: str) -> None:
    at = f"{where}, node {node.id!r}"
    if node.player != CHANCE and node.player not in game.players:
        raise GameError(
            f"{at}: player {node.player!r} is not among the players {list(game.players)}; "
            f"add it to players or use {CHANCE!r} for a move by nature"
        )
    if not node.moves:
        raise GameError(f"{at} has no moves; give it moves or make it an outcome")
    _unique([move.id for move in node.moves], f"{at}: move")
    for move in node.moves:
        if move.to not in targets:
            raise GameError(
                f"{at}, move {move.id!r} leads to {move.to!r}, which is neither a node nor an "
                "outcome"
            )
    if node.is_chance:
        if node.infoset is not None:
            raise GameError(f"{at}: a chance node cannot have an infoset; remove it")
        total = 0.0
        for move in node.moves:
            if move.probability is None:
                raise GameError(f"{at}, move {move.id!r}: a chance move needs a probability")
            if not 0.0 <= move.probability.value <= 1.0:
                raise GameError(
                    f"{at}, move {move.id!r}: probability {move.probability.value} is outside "
                    "[0, 1]"
                )
            total += move.probability.value
        if abs(total - 1.0) > _PROBABILITY_TOLERANCE:
            raise GameError(f"{at}: chance probabilities add up to {total:g}, not 1; rescale them")
    else:
        for move in node.moves:
            if move.probability is not None:
                raise GameError(
                    f"{at}, move {move.id!r}: only chance moves carry a probability; remove it "
                    f"or set the node's player to {CHANCE!r}"
                )


def _reachable(game: ExtensiveGame, root: str) -> set[str]:
    by_id = {node.id: node for node in game.nodes}
    reached = {root}
    stack = [root]
    while stack:
        node = by_id[stack.pop()]
        for move in node.moves:
            if move.to not in reached:
                reached.add(move.to)
                if move.to in by_id:
                    stack.append(move.to)
    return reached


def _check_infosets(game: ExtensiveGame, where: str) -> None:
    first: dict[str, Node] = {}
    for node in game.nodes:
        if node.infoset is None:
            continue
        if node.infoset not in first:
            first[node.infoset] = node
            continue
        model = first[node.infoset]
        at = f"{where}, information set {node.infoset!r}"
        if node.player != model.player:
            raise GameError(
                f"{at}: node {node.id!r} belongs to {node.player!r} but node {model.id!r} to "
                f"{model.player!r}; nodes of one information set share their player"
            )
        if sorted(m.id for m in node.moves) != sorted(m.id for m in model.moves):
            raise GameError(
                f"{at}: node {node.id!r} has moves {[m.id for m in node.moves]} but node "
                f"{model.id!r} has {[m.id for m in model.moves]}; give them the same move ids"
            )
        if node.id in game.descendants(model.id) or model.id in game.descendants(node.id):
            raise GameError(
                f"{at}: node {node.id!r} lies below node {model.id!r}; a player who remembers "
                "moving cannot confuse the two, so give them different infosets"
            )


def _check_payoffs(payoffs: Mapping[str, Judgment], players: tuple[str, ...], at: str) -> None:
    missing = [player for player in players if player not in payoffs]
    if missing:
        raise GameError(f"{at}: no payoff for {missing}; every outcome pays every player")
    extra = [player for player in payoffs if player not in players]
    if extra:
        raise GameError(f"{at}: payoff for {extra}, who are not players of the game")


@dataclass(frozen=True)
class Cell:
    """One profile of a normal-form game (player id to strategy id) and its payoffs."""

    profile: Mapping[str, str]
    payoffs: Mapping[str, Judgment]
    description: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "profile", dict(self.profile))
        object.__setattr__(self, "payoffs", dict(self.payoffs))


@dataclass(frozen=True)
class NormalGame:
    """A game in normal (strategic) form: strategies per player and one cell per profile.

    Checked when built: each player has at least one strategy, ids are unique, every profile
    has exactly one cell and every cell pays every player. A cell's outcome id is its
    strategies joined by " / " in player order (see :meth:`outcome_id`).
    """

    id: str
    players: tuple[str, ...]
    strategies: Mapping[str, tuple[str, ...]]
    cells: tuple[Cell, ...]
    title: str = ""
    description: str = ""
    payoff_kind: PayoffKind = "cardinal"
    player_names: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "players", tuple(self.players))
        object.__setattr__(
            self,
            "strategies",
            {p: tuple(s) for p, s in self.strategies.items()},
        )
        object.__setattr__(self, "cells", tuple(self.cells))
        object.__setattr__(self, "player_names", dict(self.player_names))
        _check_normal(self)

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


def _check_normal(game: NormalGame) -> None:
    where = f"game {game.id!r}"
    _check_players(game.players, where)
    if set(game.strategies) != set(game.players):
        raise GameError(
            f"{where}: strategies are given for {sorted(game.strategies)} but the players are "
            f"{sorted(game.players)}; list strategies for each player"
        )
    size = 1
    for player in game.players:
        if not game.strategies[player]:
            raise GameError(f"{where}: player {player!r} has no strategies")
        _unique(list(game.strategies[player]), f"{where}, player {player!r}: strategy")
        size *= len(game.strategies[player])
    seen: set[str] = set()
    for cell in game.cells:
        if set(cell.profile) != set(game.players):
            raise GameError(
                f"{where}: cell {dict(cell.profile)} must name one strategy for each of "
                f"{list(game.players)}"
            )
        for player, strategy in cell.profile.items():
            if strategy not in game.strategies[player]:
                raise GameError(
                    f"{where}: cell {dict(cell.profile)} gives {player!r} the strategy "
                    f"{strategy!r}, which is not among {list(game.strategies[player])}"
                )
        key = game.outcome_id(cell.profile)
        if key in seen:
            raise GameError(f"{where}: profile {dict(cell.profile)} has two cells; keep one")
        seen.add(key)
        _check_payoffs(cell.payoffs, game.players, f"{where}, cell {dict(cell.profile)}")
    if len(seen) != size:
        raise GameError(
            f"{where}: {size - len(seen)} of {size} strategy profiles have no cell; give every "
            "profile a cell"
        )


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
            dataclasses.replace(outcome, payoffs=replaced(outcome.id, outcome.payoffs))
            for outcome in game.outcomes
        )
        return dataclasses.replace(game, outcomes=outcomes, payoff_kind=kind)
    cells = tuple(
        dataclasses.replace(cell, payoffs=replaced(game.outcome_id(cell.profile), cell.payoffs))
        for cell in game.cells
    )
    return dataclasses.replace(game, cells=cells, payoff_kind=kind)


def _with_value(judgment: Judgment, value: float) -> Judgment:
    # A moved value may leave its stated range; the range describes the original judgment,
    # so it is widened rather than dropped.
    if judgment.range is not None:
        low, high = judgment.range
        return dataclasses.replace(judgment, value=value, range=(min(low, value), max(high, value)))
    return dataclasses.replace(judgment, value=value)


def with_chance_probabilities(
    game: ExtensiveGame, values: Mapping[tuple[str, str], float]
) -> ExtensiveGame:
    """A copy of ``game`` with chance probabilities at ``(node id, move id)`` replaced."""
    nodes = []
    for node in game.nodes:
        moves: Iterable[Move] = node.moves
        if node.is_chance:
            moves = [
                dataclasses.replace(
                    move,
                    probability=_with_value(move.probability, values[(node.id, move.id)]),
                )
                if move.probability is not None and (node.id, move.id) in values
                else move
                for move in node.moves
            ]
        nodes.append(dataclasses.replace(node, moves=tuple(moves)))
    return dataclasses.replace(game, nodes=tuple(nodes))
