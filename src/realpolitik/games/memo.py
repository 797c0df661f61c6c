"""Memoised predictions for the one-at-a-time payoff threshold search.

:func:`~realpolitik.games.sweep.payoff_thresholds` asks, for hundreds of values of one payoff
with all others at their judged values, which outcomes the game predicts. Most of those
games are the same game as far as the prediction is concerned, so :class:`PredictionMemo`
solves each *distinct* game once and answers the repeats from a table. Two games count as
the same when a key computed from their payoffs is equal, and the key only ever leaves out
what provably cannot change the predicted outcomes:

* ``values`` (every concept): the exact payoff tuple. In a tree, the payoff of a player at an
  outcome that lies below none of that player's decision nodes is left out: the player's
  choices cannot change the chance of reaching it, so it adds the same amount to every
  strategy of theirs and moves no equilibrium (it would change a player's expected payoff,
  which the prediction does not read). This is used for subgame-perfect and pure Nash
  equilibria; mixed Nash and the logit QRE keep every payoff, since their numbers come from
  floating-point solvers.
* ``ranks`` (subgame-perfect or pure Nash equilibria of a game without chance moves): each
  player's payoffs replaced by their dense ranks. Every profile then leads to one outcome,
  and whether a pure profile is an equilibrium only compares one player's payoffs at two
  outcomes, so the order is all that matters (ties kept as ties). Gambit receives each
  payoff as the exact fraction of its shortest decimal form, which keeps the order of the
  floats.
* ``plans`` (subgame-perfect equilibria of a perfect-information tree, chance moves
  allowed): the set of plans that backward induction (:func:`backward_induction`, plain
  Python, microseconds) finds. Gambit's subgame-perfect equilibria of such a tree are those
  very plans (:func:`~realpolitik.games.solve.subgame_perfect` checks it on every solve and
  raises when they differ), and with the chance probabilities fixed the plans alone decide
  which outcomes are reached.

The uncached search (``payoff_thresholds(..., cached=False)``) is the reference the tests
compare this one against.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from realpolitik.games.bimatrix import nash_outcomes
from realpolitik.games.model import (
    ExtensiveGame,
    Game,
    NormalGame,
    payoff_judgments,
    with_payoffs,
)
from realpolitik.games.results import Solution
from realpolitik.games.solve import backward_induction, solve

__all__ = ["PredictionMemo"]

Key = tuple[str, str]  # (outcome id, player id)


def _movers_outcomes(game: ExtensiveGame) -> set[Key]:
    """The (outcome, player) pairs where the outcome lies below a node the player moves at."""
    pairs: set[Key] = set()
    outcome_ids = {outcome.id for outcome in game.outcomes}

    def below(target: str) -> set[str]:
        if target in outcome_ids:
            return {target}
        found: set[str] = set()
        for move in game.node(target).moves:
            found |= below(move.to)
        return found

    for node in game.nodes:
        if node.is_chance:
            continue
        pairs.update((outcome, node.player) for outcome in below(node.id))
    return pairs


class PredictionMemo:
    """Predicted outcomes of ``game`` with one payoff moved, each distinct game solved once.

    ``predict(solution)`` turns a solution into the predicted outcomes, the sorted outcomes
    on the path of some equilibrium (:func:`~realpolitik.games.sweep.predicted_outcomes`).
    For mixed Nash equilibria of a table the same answer comes straight from the exact
    extreme equilibria (:func:`~realpolitik.games.bimatrix.nash_outcomes`, Gambit's set found
    without Gambit), without describing the solution. ``solves`` counts the games actually
    solved and ``calls`` the questions asked.
    """

    def __init__(
        self,
        game: Game,
        concept: str,
        precision: float | None,
        predict: Callable[[Solution], tuple[str, ...]],
    ) -> None:
        self.game = game
        self.concept = concept
        self.precision = precision
        self.predict = predict
        self.judged: dict[Key, float] = {(o, p): j.value for o, p, j in payoff_judgments(game)}
        self.order = list(self.judged)
        tree = isinstance(game, ExtensiveGame)
        reducible = concept in ("spe", "pure")
        relevant = set(self.order)
        if tree and reducible:
            assert isinstance(game, ExtensiveGame)
            relevant &= _movers_outcomes(game)
        self.relevant = [key for key in self.order if key in relevant]
        chance = tree and any(node.is_chance for node in game.nodes)
        if tree and concept == "spe" and game.is_perfect_information:  # type: ignore[union-attr]
            self.mode = "plans"
        elif reducible and not chance:
            self.mode = "ranks"
        else:
            self.mode = "values"
        self.players = sorted({player for _, player in self.relevant})
        self.memo: dict[Hashable, tuple[str, ...]] = {}
        self.solves = 0
        self.calls = 0

    def _key(self, moved: Key, value: float, game: Game) -> Hashable:
        if self.mode == "plans":
            assert isinstance(game, ExtensiveGame)
            return frozenset(tuple(sorted(plan.items())) for plan in backward_induction(game))
        values = dict(self.judged)
        values[moved] = value
        if self.mode == "values":
            return tuple(values[key] for key in self.relevant)
        ranks: list[tuple[float, ...]] = []
        for player in self.players:
            own = [values[key] for key in self.relevant if key[1] == player]
            order = sorted(set(own))
            ranks.append(tuple(float(order.index(v)) for v in own))
        return tuple(ranks)

    def __call__(self, moved: Key, value: float) -> tuple[str, ...]:
        """The outcomes predicted when the payoff at ``moved`` is ``value``."""
        self.calls += 1
        game = with_payoffs(self.game, {moved: value})
        key = self._key(moved, value, game)
        found = self.memo.get(key)
        if found is None:
            if self.concept == "nash" and isinstance(game, NormalGame):
                # The same answer as predict(solve(...)) without describing the solution.
                found = nash_outcomes(game)
            else:
                found = self.predict(solve(game, self.concept, self.precision))
            self.memo[key] = found
            self.solves += 1
        return found
