"""Conversion of :mod:`realpolitik.games.model` games into pygambit games.

Labels carry the model's ids into Gambit so that results can be read back by id: players are
labelled with player ids, tree nodes with node ids, information sets with the infoset id (or
the node id when the node stands alone), actions with move ids, outcomes with outcome ids, and
strategies of a table with strategy ids. Numbers enter Gambit as exact fractions of their
decimal form, so that Gambit's rational solvers work on exactly the judged values (Gambit:
McKelvey, McLennan & Turocy, "Gambit: Software Tools for Game Theory", version 16).

Gambit stores text as ASCII. A title is free text that nobody reads back, so it enters Gambit
transliterated (accents dropped, anything else escaped as ``\\uXXXX``) while our own models keep
it as written; an id that is not ASCII cannot be carried and is refused (case ids always are).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction

import pygambit as gbt

from realpolitik.games.errors import GameError
from realpolitik.games.model import ExtensiveGame, Game, Node, NormalGame

__all__ = ["chance_probabilities", "exact", "gambit_text", "to_gambit", "to_gambit_reduced"]


def exact(value: float) -> Fraction:
    """The fraction equal to the shortest decimal form of ``value`` (0.1 becomes 1/10)."""
    return Fraction(Decimal(repr(float(value))))


def gambit_text(text: str) -> str:
    """``text`` in printable ASCII: accented letters lose their accents ("Café" becomes
    "Cafe"), every other character outside printable ASCII is escaped (``\\u2615``)."""
    out: list[str] = []
    for char in text:
        if " " <= char <= "~":
            out.append(char)
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", char) if " " <= c <= "~")
        out.append(base or char.encode("unicode_escape").decode("ascii"))
    return "".join(out)


def _check_ids(game: Game) -> None:
    """Gambit labels carry our ids and are read back by them, so they must be ASCII."""
    ids: Iterable[str]
    if isinstance(game, ExtensiveGame):
        ids = [
            *game.players,
            *(node.id for node in game.nodes),
            *(node.infoset for node in game.nodes if node.infoset is not None),
            *(move.id for node in game.nodes for move in node.moves),
            *(outcome.id for outcome in game.outcomes),
        ]
    else:
        ids = [
            *game.players,
            *(strategy for strategies in game.strategies.values() for strategy in strategies),
        ]
    for text in ids:
        if not text.isascii():
            raise GameError(
                f"game {game.id!r}: the id {text!r} is not ASCII, which Gambit cannot carry; "
                "use ids of letters a-z, digits and hyphens"
            )


def to_gambit(game: Game) -> gbt.Game:
    """Build the pygambit game for ``game``: a tree for an extensive game, a table otherwise.

    Raises :class:`GameError` when Gambit rejects the tree (for instance an information set
    that breaks perfect recall, which Gambit's behaviour-strategy solvers require).
    """
    _check_ids(game)
    if isinstance(game, ExtensiveGame):
        return _tree(game)
    return _table(game)


def to_gambit_reduced(
    game: ExtensiveGame, root: str, cut: Mapping[str, Sequence[Fraction]]
) -> gbt.Game:
    """The Gambit tree that starts at node ``root`` and ends at the nodes named in ``cut``.

    Each node in ``cut`` becomes a terminal node whose outcome, labelled ``subgame:<node id>``,
    pays the given values (one per player, in player order). This is the reduced game of
    subgame decomposition: the subgames below are replaced by their equilibrium payoffs
    (Selten 1965).
    """
    if not game.is_node(root):
        raise GameError(f"game {game.id!r} has no node {root!r} to start a reduced game at")
    _check_ids(game)
    return _tree(game, root, cut)


def _tree(
    game: ExtensiveGame,
    root: str | None = None,
    cut: Mapping[str, Sequence[Fraction]] | None = None,
) -> gbt.Game:
    cut = cut or {}
    tree = gbt.Game.new_tree(players=list(game.players), title=gambit_text(game.title or game.id))
    outcomes = {
        outcome.id: tree.add_outcome(
            outcome.id, [exact(outcome.payoffs[player].value) for player in game.players]
        )
        for outcome in game.outcomes
    }
    infosets: dict[str, gbt.Infoset] = {}
    by_id = {node.id: node for node in game.nodes}

    def grow(node: Node, place: gbt.Node) -> None:
        place.label = node.id
        if node.id in cut and node.id != root:
            tree.set_outcome(place, tree.add_outcome(f"subgame:{node.id}", list(cut[node.id])))
            return
        point = game.decision_point(node)
        if point in infosets:
            tree.append_infoset(place, infosets[point])
        else:
            player = tree.players.chance if node.is_chance else node.player
            tree.append_move(place, player, [move.id for move in node.moves])
            infosets[point] = place.infoset
            place.infoset.label = point
            if node.is_chance:
                tree.set_chance_probs(place.infoset, chance_probabilities(game, node))
        for move in node.moves:
            child = place.children[move.id]
            if move.to in by_id:
                grow(by_id[move.to], child)
            else:
                tree.set_outcome(child, outcomes[move.to])

    grow(by_id[root or game.root_id], tree.root)
    if not tree.is_perfect_recall:
        raise GameError(
            f"game {game.id!r} lacks perfect recall: some player's information sets make them "
            "forget a move they made or saw; split those information sets"
        )
    return tree


def chance_probabilities(game: ExtensiveGame, node: Node) -> list[Fraction]:
    """The exact probabilities of a chance node's moves, in move order.

    Gambit wants probabilities that add up to exactly one; the last move takes the rest so
    that rounding in the decimal forms cannot break that.
    """
    values = [exact(move.probability.value if move.probability else 0.0) for move in node.moves]
    rest = 1 - sum(values[:-1], Fraction(0))
    if rest < 0:
        if rest < Fraction(-1, 10**9):
            raise GameError(
                f"game {game.id!r}, node {node.id!r}: chance probabilities add up to more than 1"
            )
        rest = Fraction(0)
    return [*values[:-1], rest]


def _table(game: NormalGame) -> gbt.Game:
    table = gbt.Game.new_table(
        [len(game.strategies[player]) for player in game.players],
        title=gambit_text(game.title or game.id),
    )
    for player, gambit_player in zip(game.players, table.players, strict=True):
        gambit_player.label = player
        for strategy, gambit_strategy in zip(
            game.strategies[player], gambit_player.strategies, strict=True
        ):
            gambit_strategy.label = strategy
    for cell in game.cells:
        outcome = table[tuple(cell.profile[player] for player in game.players)]
        outcome.label = game.outcome_id(cell.profile)
        for player in game.players:
            outcome[player] = exact(cell.payoffs[player].value)
    return table
