"""Payoff-uncertainty sweeps and one-at-a-time thresholds."""

from __future__ import annotations

import importlib
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import norm

from game_builders import a_move, a_node, an_outcome, judged, tree
from realpolitik.analysis.inputs import game_from_case
from realpolitik.case import load_case
from realpolitik.games import (
    CHANCE,
    ExtensiveGame,
    Game,
    GameError,
    Judgment,
    NormalGame,
    draw_games,
    payoff_judgments,
    payoff_thresholds,
    predicted_outcomes,
    sweep,
    with_payoffs,
)
from realpolitik.games.memo import PredictionMemo
from realpolitik.games.results import Threshold
from realpolitik.games.solve import mixed_nash, mixed_nash_outcomes
from test_games_model import battle_of_the_sexes, entry_deterrence, pays, risky_investment
from test_games_properties import perfect_information_trees, two_player_tables

# The module, not the function the package exports under the same name.
sweep_module = importlib.import_module("realpolitik.games.sweep")


def with_judgment(
    game: ExtensiveGame, outcome_id: str, player: str, judgment: Judgment
) -> ExtensiveGame:
    outcomes = tuple(
        an_outcome(o.id, {**o.payoffs, player: judgment}, o.description)
        if o.id == outcome_id
        else o
        for o in game.outcomes
    )
    return ExtensiveGame(**{**dict(game), "outcomes": outcomes})  # built, so checked, again


def test_cardinal_draws_match_the_normal_tail() -> None:
    # The incumbent fights entry once its payoff from war, ~ N(-1, 1.5), exceeds 1.
    game = with_judgment(entry_deterrence(), "war", "incumbent", judged(-1, sd=1.5))
    result = sweep(game, n_runs=400, seed=5, thresholds=False)
    shares = {f.outcome: f.on_path_share for f in result.frequencies}
    expected = 1 - norm.cdf((1 - -1) / 1.5)
    assert shares["out"] == pytest.approx(expected, abs=0.045)
    assert shares["out"] + shares["shared"] == pytest.approx(1.0)
    assert result.base_outcomes == ("shared",)
    assert result.thresholds == ()


def test_range_draws_are_triangular() -> None:
    # Triangular on [-3, 3] with mode -1: P(X > 1) = (3 - 1)^2 / ((3 + 3) * (3 + 1)) = 1/6.
    game = with_judgment(entry_deterrence(), "war", "incumbent", judged(-1, range=(-3, 3)))
    result = sweep(game, n_runs=400, seed=2, thresholds=False)
    shares = {f.outcome: f.on_path_share for f in result.frequencies}
    assert shares["out"] == pytest.approx(1 / 6, abs=0.045)


def test_sweep_is_reproducible_by_seed() -> None:
    game = with_judgment(entry_deterrence(), "war", "incumbent", judged(-1, sd=2.0))
    first = sweep(game, n_runs=60, seed=9, thresholds=False)
    again = sweep(game, n_runs=60, seed=9, thresholds=False)
    assert first == again
    assert first.model_dump(mode="json")["seed"] == 9


def test_ordinal_draws_stay_ranks_and_swap_as_documented() -> None:
    game = with_payoffs(entry_deterrence(), {}, payoff_kind="ordinal")
    swaps = 0
    runs = 400
    for drawn in draw_games(game, runs, seed=4, rank_noise=1.0):
        for player in game.players:
            ranks = sorted({j.value for _, p, j in payoff_judgments(drawn) if p == player})
            assert ranks == [float(k) for k in range(1, len(ranks) + 1)]
        values = {(o, p): j.value for o, p, j in payoff_judgments(drawn)}
        # The entrant's "out" (0) and "shared" (1) are one rank apart in the judged game.
        swaps += values[("out", "entrant")] > values[("shared", "entrant")]
    assert swaps / runs == pytest.approx(norm.cdf(-1 / (1.0 * math.sqrt(2))), abs=0.05)


def test_ordinal_without_noise_repeats_the_judged_game() -> None:
    game = with_payoffs(entry_deterrence(), {}, payoff_kind="ordinal")
    result = sweep(game, n_runs=20, seed=1)
    shares = {f.outcome: f.on_path_share for f in result.frequencies}
    assert shares == {"out": 0.0, "shared": 1.0, "war": 0.0}
    assert any("repeats the judged game" in note for note in result.notes)


def test_chance_probabilities_are_redrawn_and_rescaled() -> None:
    game = risky_investment(0.4)
    nature = game.node("nature")
    uncertain = a_node(
        "nature",
        CHANCE,
        (
            a_move(nature.moves[0].id, nature.moves[0].to, probability=judged(0.4, sd=0.2)),
            a_move(
                nature.moves[1].id, nature.moves[1].to, probability=judged(0.6, range=(0.5, 0.9))
            ),
        ),
    )
    game = ExtensiveGame(**{**dict(game), "nodes": (game.nodes[0], uncertain)})
    seen = set()
    for drawn in draw_games(game, 30, seed=0):
        assert isinstance(drawn, ExtensiveGame)
        moves = drawn.node("nature").moves
        total = sum(m.probability.value for m in moves if m.probability is not None)
        assert total == pytest.approx(1.0)
        seen.add(round(moves[0].probability.value, 6) if moves[0].probability else None)
    assert len(seen) > 20
    # Investing pays 7p - 2, so the investor holds whenever p < 2/7.
    result = sweep(game, n_runs=200, seed=3, thresholds=False)
    shares = {f.outcome: f.on_path_share for f in result.frequencies}
    assert 0.05 < shares["held"] < 0.6
    assert shares["won"] == pytest.approx(1 - shares["held"])


def test_thresholds_on_entry_deterrence() -> None:
    thresholds = {(t.outcome, t.player): t for t in payoff_thresholds(entry_deterrence())}
    # The incumbent fights once war pays it more than accommodation (1): the entrant stays out.
    war = thresholds[("war", "incumbent")]
    assert (war.lower, war.upper, war.upper_outcomes) == (None, 1.0, ("out",))
    # The entrant stays out once sharing pays it less than staying out (0).
    shared = thresholds[("shared", "entrant")]
    assert (shared.lower, shared.lower_outcomes) == (0.0, ("out",))
    # Raising the incumbent's payoff from war changes nothing for the entrant's own payoff.
    assert thresholds[("war", "entrant")].lower is None
    assert thresholds[("war", "entrant")].upper is None
    assert not war.within_uncertainty


def test_thresholds_on_a_chance_node_are_not_at_payoff_values() -> None:
    # Investing pays 0.4 * won - 0.6 * 2; it stops paying when won < 3.
    thresholds = {(t.outcome, t.player): t for t in payoff_thresholds(risky_investment(0.4))}
    won = thresholds[("won", "investor")]
    assert won.lower == pytest.approx(3.0, abs=1e-5)
    assert won.lower_outcomes == ("held",)


def test_thresholds_for_mixed_equilibria() -> None:
    game = battle_of_the_sexes()
    thresholds = {
        (t.outcome, t.player): t for t in payoff_thresholds(game, concept="nash", steps=8)
    }
    # Below 0, what she gets when they miss each other, opera together stops being an
    # equilibrium for her, and with it goes every equilibrium that reaches that cell.
    coordinated = thresholds[("opera / opera", "her")]
    assert coordinated.lower == pytest.approx(0.0, abs=1e-5)
    assert "opera / opera" not in coordinated.lower_outcomes


def test_sweep_rejects_bad_arguments() -> None:
    with pytest.raises(GameError, match="n_runs"):
        sweep(entry_deterrence(), n_runs=0)
    with pytest.raises(GameError, match="unknown solution"):
        sweep(entry_deterrence(), concept="best")
    with pytest.raises(GameError, match="rank_noise"):
        next(draw_games(entry_deterrence(), 1, rank_noise=-1.0))


def test_qre_sweep_counts_the_modal_outcome() -> None:
    game = tree(
        "coin",
        ("p",),
        (a_node("n", "p", (a_move("a", "x"), a_move("b", "y"))),),
        (an_outcome("x", {"p": judged(1.0, sd=1.0)}), an_outcome("y", pays(p=0.0))),
    )
    result = sweep(game, n_runs=50, seed=0, concept="qre", precision=2.0)
    mean = {f.outcome: f.mean_probability for f in result.frequencies}
    assert mean["x"] + mean["y"] == pytest.approx(1.0)
    assert mean["x"] > 0.6
    (threshold,) = [t for t in result.thresholds if t.outcome == "x"]
    assert threshold.lower == pytest.approx(0.0, abs=1e-5)
    assert threshold.lower_outcomes == ("y",)


# -- memoised thresholds against the plain search ---------------------------------------------


def _cached_and_plain(
    game: Game, concept: str
) -> tuple[PredictionMemo, tuple[Threshold, ...], tuple[Threshold, ...]]:
    made: list[PredictionMemo] = []

    class Counting(PredictionMemo):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            made.append(self)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sweep_module, "PredictionMemo", Counting)
        fast = payoff_thresholds(game, concept, rank_noise=0.5)
    plain = payoff_thresholds(game, concept, rank_noise=0.5, cached=False)
    return made[0], fast, plain


@settings(max_examples=15, deadline=None)
@given(perfect_information_trees())
def test_cached_thresholds_equal_the_plain_search_on_trees(game: ExtensiveGame) -> None:
    memo, fast, plain = _cached_and_plain(game, "spe")
    assert fast == plain
    assert memo.mode == "plans"
    assert memo.solves <= memo.calls


@settings(max_examples=10, deadline=None)
@given(perfect_information_trees(chance=False))
def test_cached_pure_nash_thresholds_compare_ranks_only(game: ExtensiveGame) -> None:
    memo, fast, plain = _cached_and_plain(game, "pure")
    assert fast == plain
    assert memo.mode == "ranks"


@settings(max_examples=10, deadline=None)
@given(two_player_tables(), st.sampled_from(["nash", "pure"]))
def test_cached_thresholds_equal_the_plain_search_on_tables(game: Game, concept: str) -> None:
    memo, fast, plain = _cached_and_plain(game, concept)
    assert fast == plain
    assert memo.mode == ("values" if concept == "nash" else "ranks")


def test_cached_thresholds_equal_the_plain_search_on_the_flagship_trees() -> None:
    # The two flagship trees: an ordinal one and a cardinal one with a chance move. The table
    # (mixed equilibria, every point a distinct game) is checked by the main-job benchmark.
    case = load_case("south-caucasus-2021")
    for game_id in ("mandate-renewal-2025", "nakhchivan-link"):
        game = game_from_case(case, case.game(game_id))
        memo, fast, plain = _cached_and_plain(game, "spe")
        assert fast == plain
        assert any(t.lower is not None or t.upper is not None for t in fast)
        # Each distinct game solved once: a few dozen solves instead of hundreds.
        assert memo.solves * 10 < memo.calls


def test_a_payoff_no_decision_can_reach_is_left_out_of_the_key() -> None:
    # In entry deterrence the entrant's payoff after staying out cannot be changed by the
    # incumbent's choice, and the incumbent never moves before "out": its payoff there is
    # irrelevant to the incumbent, so moving it solves no new game.
    game = entry_deterrence()
    memo = PredictionMemo(game, "spe", None, predicted_outcomes)
    assert ("out", "incumbent") not in memo.relevant
    first = memo(("out", "incumbent"), 5.0)
    again = memo(("out", "incumbent"), -7.0)
    assert first == again and memo.solves == 1


@settings(max_examples=20, deadline=None)
@given(two_player_tables())
def test_the_lean_mixed_nash_answer_is_that_of_the_full_solution(game: Game) -> None:
    assert isinstance(game, NormalGame)
    assert mixed_nash_outcomes(game) == predicted_outcomes(mixed_nash(game))


def test_repeated_draws_are_solved_once_with_the_same_result(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The ordinal flagship tree repeats its ranked games across draws: solved once each, the
    # sweep is that of solving every draw (each draw a key of its own).
    case = load_case("south-caucasus-2021")
    game = game_from_case(case, case.game("mandate-renewal-2025"))
    solved: list[Game] = []
    solve = sweep_module.solve

    def counting(drawn: Game, *args: Any) -> Any:
        solved.append(drawn)
        return solve(drawn, *args)

    monkeypatch.setattr(sweep_module, "solve", counting)
    once = sweep(game, n_runs=60, seed=4, rank_noise=0.5, thresholds=False)
    distinct = len(solved)
    fresh = iter(range(10**6))
    monkeypatch.setattr(sweep_module, "_drawn_values", lambda drawn: (next(fresh),))
    assert sweep(game, n_runs=60, seed=4, rank_noise=0.5, thresholds=False) == once
    assert len(solved) - distinct == 60 + 1  # every draw, and the judged game
    assert distinct < 60 + 1  # repeats solved once
