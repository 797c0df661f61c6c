"""How robust is a game's answer to the judgments behind its payoffs?

Two analyses, in the spirit of Monte Carlo and one-at-a-time sensitivity analysis (Saltelli et
al., "Global Sensitivity Analysis: The Primer", 2008):

* :func:`sweep`: draw every uncertain payoff (and chance probability) ``n_runs`` times from a
  seeded generator, solve each drawn game, and count how often each outcome lies on an
  equilibrium path.
* :func:`payoff_thresholds`: move one payoff judgment at a time, all others at their judged
  values, and find the value at which the predicted outcomes change.

How a judgment is drawn: by the rules of the one uncertainty layer (realpolitik.uncertainty,
docs/uncertainty.md), the same as for every judged number of a case:

* a stated range: triangular with its mode at the value; a stated sd: normal around the
  value (truncated to [0, 1] for a probability); sd 0 or nothing stated: fixed for a payoff,
  which has no scale a default could be a share of;
* ordinal payoff (a rank): the same continuous draw around the rank, with ``rank_noise`` as
  the sd stated for every rank that states no uncertainty of its own; the drawn numbers are
  then turned back into ranks per player (1 for the worst, ties kept). Only each player's
  order of outcomes therefore changes. With standard deviation s on both of two ranks one
  apart, they swap with probability Phi(-1 / (s * sqrt(2))), Phi the standard normal
  distribution function: about 0.02 for s = 0.35, 0.08 for s = 0.5 and 0.24 for s = 1;
* chance probability: a judged number on the 0-1 scale, so one that states nothing gets the
  layer's default sd (0.05); each chance node's drawn probabilities are rescaled to add up
  to 1.

The draws of run ``r`` depend only on the seed and ``r``, and the drawn games are solved in
chunks through the current executor (serial, local processes or Dask): the same results
whichever.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from realpolitik.games.bimatrix import draw_summary
from realpolitik.games.errors import GameError
from realpolitik.games.memo import PredictionMemo
from realpolitik.games.model import (
    ExtensiveGame,
    Game,
    Judgment,
    NormalGame,
    payoff_judgments,
    with_chance_probabilities,
    with_payoffs,
)
from realpolitik.games.results import OutcomeFrequency, Solution, SweepResult, Threshold
from realpolitik.games.solve import CONCEPTS, solve
from realpolitik.uncertainty import Judged, Problem, evaluate_each, sample

__all__ = ["draw_games", "game_problem", "payoff_thresholds", "predicted_outcomes", "sweep"]

FloatArray = NDArray[np.float64]

_REACHED = 1e-9


def _judged(judgments: list[Judgment], bounds: tuple[float, float], noise: float) -> Judged:
    nan = math.nan
    stated = [j.sd is not None or j.range is not None for j in judgments]
    return Judged.of(
        [j.value for j in judgments],
        sd=[
            j.sd if j.sd is not None else (noise if not known and noise > 0 else nan)
            for j, known in zip(judgments, stated, strict=True)
        ],
        low=[j.range[0] if j.range is not None else nan for j in judgments],
        high=[j.range[1] if j.range is not None else nan for j in judgments],
        bounds=bounds,
    )


@dataclass(frozen=True)
class GameInputs:
    """Which payoff and chance probability each input of a game's problem stands for."""

    payoffs: tuple[tuple[str, str], ...]
    probabilities: tuple[tuple[str, str], ...]
    ordinal: bool


def game_problem(game: Game, rank_noise: float = 0.0) -> tuple[Problem, GameInputs]:
    """The game's payoff judgments and chance probabilities as a problem of the uncertainty
    layer (module docstring), and what each input stands for."""
    if rank_noise < 0 or not math.isfinite(rank_noise):
        raise GameError(f"game {game.id!r}: rank_noise must be >= 0, got {rank_noise}")
    ordinal = game.payoff_kind == "ordinal"
    payoffs = payoff_judgments(game)
    unbounded = (-math.inf, math.inf)
    groups = {
        "payoffs": _judged([j for _, _, j in payoffs], unbounded, rank_noise if ordinal else 0)
    }
    names = {"payoffs": [f"payoff:{o}:{p}" for o, p, _ in payoffs]}
    chances: list[tuple[str, str, Judgment]] = []
    if isinstance(game, ExtensiveGame):
        chances = [
            (node.id, m.id, m.probability)
            for node in game.nodes
            if node.is_chance
            for m in node.moves
            if m.probability is not None
        ]
    if chances:
        groups["probabilities"] = _judged([j for _, _, j in chances], (0.0, 1.0), 0.0)
        names["probabilities"] = [f"probability:{n}:{m}" for n, m, _ in chances]
    try:
        problem = Problem.of(groups, names)
    except ValueError as error:
        raise GameError(f"game {game.id!r}: {error}") from None
    inputs = GameInputs(
        tuple((o, p) for o, p, _ in payoffs), tuple((n, m) for n, m, _ in chances), ordinal
    )
    return problem, inputs


def _ranks(values: Mapping[tuple[str, str], float]) -> dict[tuple[str, str], float]:
    # Dense ranks per player: 1 for the worst outcome, equal values share a rank.
    ranked: dict[tuple[str, str], float] = {}
    players = {player for _, player in values}
    for player in players:
        own = {key: v for key, v in values.items() if key[1] == player}
        order = sorted(set(own.values()))
        ranked.update({key: float(order.index(v) + 1) for key, v in own.items()})
    return ranked


def game_from_row(game: Game, inputs: GameInputs, row: FloatArray) -> Game:
    """The game with one row of drawn inputs put in (ranks re-ranked, chance nodes rescaled)."""
    values = row.tolist()
    n = len(inputs.payoffs)
    payoffs = dict(zip(inputs.payoffs, values[:n], strict=True))
    drawn = with_payoffs(game, _ranks(payoffs) if inputs.ordinal else payoffs)
    if isinstance(drawn, ExtensiveGame) and inputs.probabilities:
        raw = dict(zip(inputs.probabilities, values[n:], strict=True))
        totals: dict[str, float] = {}
        for (node, _), p in raw.items():
            totals[node] = totals.get(node, 0.0) + p
        rescaled = {key: p / totals[key[0]] for key, p in raw.items() if totals[key[0]] > 0}
        if rescaled:
            drawn = with_chance_probabilities(drawn, rescaled)
    return drawn


def draw_games(
    game: Game, n_runs: int, seed: int | None = 0, rank_noise: float = 0.0
) -> Iterator[Game]:
    """``n_runs`` seeded draws of ``game`` with every uncertain judgment redrawn."""
    problem, inputs = game_problem(game, rank_noise)
    for row in sample(problem, n_runs, seed).rows():
        yield game_from_row(game, inputs, row)


#: What one solved draw contributes: the outcomes on an equilibrium path, and each outcome's
#: probability averaged over the draw's equilibria (None when the draw has no equilibrium).
Solved = tuple[tuple[str, ...], dict[str, float] | None]


def _solve_rows(
    rows: FloatArray,
    game: Game,
    inputs: GameInputs,
    concept: str,
    precision: float | None,
) -> list[Solved]:
    """Solve each drawn game of one chunk of rows (module-level so an executor can ship it).
    A draw that repeats an earlier game of the chunk (ordinal ranks often do) is answered
    from it: the solvers are deterministic, so the answer is the same."""
    solved: list[Solved] = []
    known: dict[tuple[float, ...], Solved] = {}
    for row in rows:
        drawn = game_from_row(game, inputs, row)
        key = _drawn_values(drawn)
        if key not in known:
            known[key] = _solve_draw(drawn, concept, precision)
        solved.append(known[key])
    return solved


def _drawn_values(game: Game) -> tuple[float, ...]:
    # All that differs between two drawn games of one case: every payoff and every chance
    # probability, in game order.
    values = [judgment.value for _, _, judgment in payoff_judgments(game)]
    if isinstance(game, ExtensiveGame):
        values.extend(
            move.probability.value
            for node in game.nodes
            if node.is_chance
            for move in node.moves
            if move.probability is not None
        )
    return tuple(values)


def _solve_draw(drawn: Game, concept: str, precision: float | None) -> Solved:
    if concept == "nash" and isinstance(drawn, NormalGame):
        # Gambit's equilibria found without Gambit, when their order cannot matter.
        summary = draw_summary(drawn, _REACHED)
        if summary is not None:
            return summary
    solution = solve(drawn, concept, precision)
    if not solution.equilibria:
        return ((), None)
    mean: dict[str, float] = {}
    for equilibrium in solution.equilibria:
        for outcome, p in equilibrium.outcome_probabilities.items():
            mean[outcome] = mean.get(outcome, 0.0) + p / len(solution.equilibria)
    return (tuple(sorted(solution.outcomes_on_path(_REACHED))), mean)


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
    ``rank_noise`` is described in the module docstring. An outcome's ``on_path_share`` is the
    share of draws in which some equilibrium reaches it; its ``mean_probability`` averages its
    probability over a draw's equilibria and then over draws (draws without an equilibrium
    count as zero and are reported in the notes).
    """
    if n_runs < 1:
        raise GameError(f"game {game.id!r}: n_runs must be at least 1, got {n_runs}")
    if concept not in CONCEPTS:
        raise GameError(f"unknown solution {concept!r} for game {game.id!r}; use {CONCEPTS}")
    problem, inputs = game_problem(game, rank_noise)
    outcomes = sorted({outcome for outcome, _, _ in payoff_judgments(game)})
    on_path = dict.fromkeys(outcomes, 0)
    probability = dict.fromkeys(outcomes, 0.0)
    empty = 0
    base = solve(game, concept, precision)
    solver = functools.partial(
        _solve_rows, game=game, inputs=inputs, concept=concept, precision=precision
    )
    # Tallied here, in row order: the sums are the same however the rows were split.
    for reached, mean in evaluate_each(solver, sample(problem, n_runs, seed)):
        if mean is None:
            empty += 1
            continue
        for outcome in reached:
            on_path[outcome] += 1
        for outcome, p in mean.items():
            probability[outcome] += p
    frequencies = tuple(
        OutcomeFrequency(o, on_path[o] / n_runs, probability[o] / n_runs) for o in outcomes
    )
    notes = []
    if empty:
        notes.append(f"{empty} of {n_runs} draws had no equilibrium of this kind")
    if all(rule == "fixed" for rule in problem.rules()):
        notes.append("no judgment of the game is uncertain, so every draw repeats the judged game")
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
