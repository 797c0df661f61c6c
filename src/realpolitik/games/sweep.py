"""How robust is a game's answer to the judgments behind its payoffs?

Two analyses, in the spirit of Monte Carlo and one-at-a-time sensitivity analysis (Saltelli et
al., "Global Sensitivity Analysis: The Primer", 2008):

* :func:`sweep`: draw every uncertain payoff (and chance probability) ``n_runs`` times from a
  seeded generator, solve each drawn game, and count how often each outcome lies on an
  equilibrium path.
* :func:`payoff_thresholds`: move one payoff judgment at a time, all others at their judged
  values, and find the value at which the predicted outcomes change.

How a judgment is drawn:

* cardinal payoff: ``value + N(0, sd)`` when it states ``sd``; a triangular draw on ``range``
  with its mode at ``value`` when it states a range; fixed otherwise;
* ordinal payoff (a rank): the same continuous draw around the rank, with ``rank_noise`` as
  the standard deviation for ranks that state no uncertainty; the drawn numbers are then
  turned back into ranks per player (1 for the worst, ties kept). Only each player's order of
  outcomes therefore changes. With standard deviation s on both of two ranks one apart, they
  swap with probability Phi(-1 / (s * sqrt(2))), Phi the standard normal distribution
  function: about 0.02 for s = 0.35, 0.08 for s = 0.5 and 0.24 for s = 1;
* chance probability: drawn like a cardinal value, clipped to [0, 1], and the node's
  probabilities rescaled to add up to 1.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

import numpy as np

from realpolitik.games.errors import GameError
from realpolitik.games.memo import PredictionMemo
from realpolitik.games.model import (
    ExtensiveGame,
    Game,
    Judgment,
    payoff_judgments,
    with_chance_probabilities,
    with_payoffs,
)
from realpolitik.games.results import OutcomeFrequency, Solution, SweepResult, Threshold
from realpolitik.games.solve import CONCEPTS, solve

__all__ = ["draw_game", "payoff_thresholds", "predicted_outcomes", "sweep"]

_REACHED = 1e-9


def _draw(judgment: Judgment, rng: np.random.Generator, default_sd: float) -> float:
    if judgment.sd is not None:
        if judgment.sd == 0:
            return judgment.value
        return float(judgment.value + rng.normal(0.0, judgment.sd))
    if judgment.range is not None:
        low, high = judgment.range
        if high <= low:
            return judgment.value
        return float(rng.triangular(low, judgment.value, high))
    if default_sd > 0:
        return float(judgment.value + rng.normal(0.0, default_sd))
    return judgment.value


def _ranks(values: Mapping[tuple[str, str], float]) -> dict[tuple[str, str], float]:
    # Dense ranks per player: 1 for the worst outcome, equal values share a rank.
    ranked: dict[tuple[str, str], float] = {}
    players = {player for _, player in values}
    for player in players:
        own = {key: v for key, v in values.items() if key[1] == player}
        order = sorted(set(own.values()))
        ranked.update({key: float(order.index(v) + 1) for key, v in own.items()})
    return ranked


def draw_game(game: Game, rng: np.random.Generator, rank_noise: float = 0.0) -> Game:
    """One draw of ``game`` with every uncertain judgment redrawn (see the module docstring).

    ``rank_noise`` is the standard deviation used for ordinal payoffs that state no
    uncertainty of their own; it is ignored for cardinal payoffs.
    """
    if rank_noise < 0:
        raise GameError(f"game {game.id!r}: rank_noise must be >= 0, got {rank_noise}")
    ordinal = game.payoff_kind == "ordinal"
    values = {
        (outcome, player): _draw(judgment, rng, rank_noise if ordinal else 0.0)
        for outcome, player, judgment in payoff_judgments(game)
    }
    if ordinal:
        values = _ranks(values)
    drawn = with_payoffs(game, values)
    if isinstance(drawn, ExtensiveGame):
        probabilities: dict[tuple[str, str], float] = {}
        for node in drawn.nodes:
            moves = [m for m in node.moves if m.probability is not None]
            if not node.is_chance or not any(
                m.probability is not None and m.probability.is_uncertain for m in moves
            ):
                continue
            raw = {
                m.id: min(1.0, max(0.0, _draw(m.probability, rng, 0.0)))
                for m in moves
                if m.probability is not None
            }
            total = sum(raw.values())
            if total > 0:
                probabilities.update({(node.id, m): p / total for m, p in raw.items()})
        if probabilities:
            drawn = with_chance_probabilities(drawn, probabilities)
    return drawn


def predicted_outcomes(solution: Solution) -> tuple[str, ...]:
    """The outcomes a solution predicts, sorted: those on the path of some equilibrium; for a
    quantal response equilibrium, the most likely outcome."""
    if solution.concept == "logit-qre":
        if not solution.equilibria:
            return ()
        probabilities = solution.equilibria[0].outcome_probabilities
        return (max(probabilities, key=probabilities.__getitem__),)
    return tuple(sorted(solution.outcomes_on_path(_REACHED)))


def sweep(
    game: Game,
    n_runs: int = 1000,
    seed: int = 0,
    concept: str = "spe",
    precision: float | None = None,
    rank_noise: float = 0.0,
    thresholds: bool = True,
) -> SweepResult:
    """Solve ``n_runs`` seeded draws of ``game`` and report how often each outcome is on an
    equilibrium path; with ``thresholds`` also the one-at-a-time payoff thresholds.

    ``concept`` and ``precision`` are those of :func:`~realpolitik.games.solve.solve`;
    ``rank_noise`` is described in :func:`draw_game`. An outcome's ``on_path_share`` is the
    share of draws in which some equilibrium reaches it; its ``mean_probability`` averages its
    probability over a draw's equilibria and then over draws (draws without an equilibrium
    count as zero and are reported in the notes).
    """
    if n_runs < 1:
        raise GameError(f"game {game.id!r}: n_runs must be at least 1, got {n_runs}")
    if concept not in CONCEPTS:
        raise GameError(f"unknown solution {concept!r} for game {game.id!r}; use {CONCEPTS}")
    rng = np.random.default_rng(seed)
    outcomes = sorted({outcome for outcome, _, _ in payoff_judgments(game)})
    on_path = dict.fromkeys(outcomes, 0)
    probability = dict.fromkeys(outcomes, 0.0)
    empty = 0
    base = solve(game, concept, precision)
    for _ in range(n_runs):
        solution = solve(draw_game(game, rng, rank_noise), concept, precision)
        if not solution.equilibria:
            empty += 1
            continue
        for outcome in solution.outcomes_on_path(_REACHED):
            on_path[outcome] += 1
        for equilibrium in solution.equilibria:
            for outcome, p in equilibrium.outcome_probabilities.items():
                probability[outcome] += p / len(solution.equilibria)
    frequencies = tuple(
        OutcomeFrequency(o, on_path[o] / n_runs, probability[o] / n_runs) for o in outcomes
    )
    notes = []
    if empty:
        notes.append(f"{empty} of {n_runs} draws had no equilibrium of this kind")
    if not any(j.is_uncertain for _, _, j in payoff_judgments(game)) and rank_noise == 0:
        notes.append("no payoff states an uncertainty, so every draw repeats the judged game")
    found = payoff_thresholds(game, concept, precision, rank_noise) if thresholds else ()
    return SweepResult(
        game_id=game.id,
        concept=base.concept,
        n_runs=n_runs,
        seed=seed,
        base_outcomes=predicted_outcomes(base),
        frequencies=frequencies,
        thresholds=found,
        parameters={"concept": concept, "precision": precision, "rank_noise": rank_noise},
        notes=tuple(notes),
    )


def payoff_thresholds(
    game: Game,
    concept: str = "spe",
    precision: float | None = None,
    rank_noise: float = 0.0,
    steps: int = 16,
    tolerance: float = 1e-6,
    cached: bool = True,
) -> tuple[Threshold, ...]:
    """For each payoff judgment, the values below and above the judged one at which the
    predicted outcomes (:func:`predicted_outcomes`) first change, all else fixed.

    The search runs outward from the judged value over a span of the player's payoff spread
    plus one (and at least the judgment's stated uncertainty) in ``steps`` steps, then halves
    the bracket around the first change until it is narrower than ``tolerance`` times the
    span. A change that appears and vanishes between two grid points can be missed.
    ``rank_noise`` only decides whether a threshold counts as within an ordinal judgment's
    uncertainty when it states none.

    With ``cached`` (the default) each distinct game is solved once
    (:class:`~realpolitik.games.memo.PredictionMemo`); ``cached=False`` solves every point
    asked, the plain reference: both give the same thresholds.
    """
    base = predicted_outcomes(solve(game, concept, precision))
    judgments = payoff_judgments(game)
    memo = PredictionMemo(game, concept, precision, predicted_outcomes) if cached else None
    found = []
    for outcome, player, judgment in judgments:
        own = [j.value for _, p, j in judgments if p == player]
        span = max(own) - min(own) + 1.0
        if judgment.sd is not None:
            span = max(span, 2 * judgment.sd)
        if judgment.range is not None:
            span = max(span, judgment.range[1] - judgment.value, judgment.value - judgment.range[0])

        def predict(value: float, key: tuple[str, str] = (outcome, player)) -> tuple[str, ...]:
            if memo is not None:
                return memo(key, value)
            return predicted_outcomes(solve(with_payoffs(game, {key: value}), concept, precision))

        lower = _first_change(predict, judgment.value, -span, base, steps, tolerance * span)
        upper = _first_change(predict, judgment.value, span, base, steps, tolerance * span)
        sd = judgment.sd
        if sd is None and judgment.range is None and game.payoff_kind == "ordinal":
            sd = rank_noise
        found.append(
            Threshold(
                outcome=outcome,
                player=player,
                value=judgment.value,
                lower=lower[0] if lower else None,
                upper=upper[0] if upper else None,
                lower_outcomes=lower[1] if lower else (),
                upper_outcomes=upper[1] if upper else (),
                within_uncertainty=any(
                    _within(judgment, sd, point[0]) for point in (lower, upper) if point
                ),
                grounds=judgment.grounds,
            )
        )
    return tuple(found)


def _first_change(
    predict: Callable[[float], tuple[str, ...]],
    start: float,
    span: float,
    base: tuple[str, ...],
    steps: int,
    tolerance: float,
) -> tuple[float, tuple[str, ...]] | None:
    inside = start
    for step in range(1, steps + 1):
        point = start + span * step / steps
        if predict(point) == base:
            inside = point
            continue
        outside = point
        while abs(outside - inside) > tolerance:
            middle = (inside + outside) / 2
            if predict(middle) == base:
                inside = middle
            else:
                outside = middle
        boundary = (inside + outside) / 2
        # Just past the boundary, not on it: at the boundary itself two outcomes tie, and a
        # tie that reverts to the judged prediction beyond it is no change at all.
        past = predict(boundary + math.copysign(1e-3 * abs(span), span))
        if past != base:
            digits = max(0, math.floor(-math.log10(tolerance))) if tolerance > 0 else 12
            return round(boundary, digits) + 0.0, past
        inside = point
    return None


def _within(judgment: Judgment, sd: float | None, value: float) -> bool:
    if judgment.range is not None:
        return judgment.range[0] <= value <= judgment.range[1]
    if sd is not None and sd > 0:
        return abs(value - judgment.value) <= 2 * sd
    return math.isclose(value, judgment.value)
