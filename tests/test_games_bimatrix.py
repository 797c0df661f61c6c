"""The exact extreme equilibria of two-player tables (games/bimatrix.py) against Gambit's
exact ``enummixed_solve``, the reference, on random tables with tied and degenerate payoffs."""

from __future__ import annotations

import importlib
import itertools
from fractions import Fraction

import pygambit as gbt
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from realpolitik.analysis.inputs import game_from_case
from realpolitik.case import load_case
from realpolitik.games import NormalGame, bimatrix, payoff_thresholds, sweep
from realpolitik.games.bimatrix import (
    draw_summary,
    extreme_equilibria,
    nash_outcomes,
    payoff_matrices,
    table_equilibria,
)
from realpolitik.games.results import Threshold
from realpolitik.games.solve import mixed_nash, mixed_nash_outcomes
from realpolitik.games.to_gambit import to_gambit
from test_games_model import table

# The module, not the function the package exports under the same name.
sweep_module = importlib.import_module("realpolitik.games.sweep")

Profile = tuple[tuple[Fraction, ...], tuple[Fraction, ...]]


@st.composite
def tables(draw: st.DrawFn, most: int = 4) -> NormalGame:
    """Two-player tables up to ``most`` x ``most``. Payoffs from a few whole numbers (many
    ties: degenerate games), or quarter and tenth steps (the decimals the threshold search
    moves a payoff to)."""
    n_rows, n_columns = draw(st.integers(1, most)), draw(st.integers(1, most))
    values = draw(
        st.sampled_from(
            [
                st.integers(0, 1).map(float),
                st.integers(-2, 2).map(float),
                st.integers(0, 15).map(float),
                st.integers(-12, 12).map(lambda v: v / 4),
                st.integers(-30, 30).map(lambda v: v / 10),
            ]
        )
    )
    rows = tuple(f"r{i}" for i in range(n_rows))
    columns = tuple(f"c{j}" for j in range(n_columns))
    payoffs = {(r, c): (draw(values), draw(values)) for r in rows for c in columns}
    return table("random-table", {"row": rows, "column": columns}, payoffs)


def gambit_profiles(game: NormalGame) -> list[Profile]:
    """Gambit's exact extreme equilibria, read as fractions (the reference)."""
    found = []
    for profile in gbt.nash.enummixed_solve(to_gambit(game)).equilibria:
        row, column = (
            tuple(Fraction(profile[player][s]) for s in game.strategies[player])
            for player in game.players
        )
        found.append((row, column))
    return found


DEGENERATE = table(
    "degenerate",
    {"row": ("r0", "r1", "r2", "r3"), "column": ("c0", "c1", "c2")},
    {
        ("r0", "c0"): (3.0, 3.0), ("r0", "c1"): (1.0, 1.0), ("r0", "c2"): (1.0, 3.0),
        ("r1", "c0"): (3.0, 1.0), ("r1", "c1"): (2.0, 3.0), ("r1", "c2"): (2.0, 1.0),
        ("r2", "c0"): (3.0, 1.0), ("r2", "c1"): (3.0, 2.0), ("r2", "c2"): (0.0, 0.0),
        ("r3", "c0"): (2.0, 2.0), ("r3", "c1"): (3.0, 1.0), ("r3", "c2"): (2.0, 3.0),
    },
)  # fmt: skip
"""A tied table where Gambit lists some equilibria twice and equilibria form segments."""


@settings(max_examples=300, deadline=None)
@given(tables())
@example(DEGENERATE)
def test_the_extreme_equilibria_are_gambits(game: NormalGame) -> None:
    found = table_equilibria(game)
    assert found is not None
    assert len(set(found)) == len(found)  # each once (Gambit may list one twice)
    assert set(found) == set(gambit_profiles(game))


def test_a_tied_table_gives_gambits_set_without_its_repeats() -> None:
    reference = gambit_profiles(DEGENERATE)
    found = table_equilibria(DEGENERATE)
    assert found is not None and set(found) == set(reference)
    assert len(reference) > len(found)  # Gambit repeats some; this lists each once


@settings(max_examples=25, deadline=None)
@given(tables(most=6).filter(lambda g: max(len(s) for s in g.strategies.values()) >= 5))
def test_larger_tables_use_the_general_determinant(game: NormalGame) -> None:
    # Supports of four and more strategies go through fraction-free elimination.
    found = table_equilibria(game)
    assert found is not None
    assert set(found) == set(gambit_profiles(game))


@settings(max_examples=200, deadline=None)
@given(tables())
def test_every_profile_found_is_an_equilibrium(game: NormalGame) -> None:
    # Independently of Gambit: no pure strategy does better against the other's mix.
    a, b = payoff_matrices(game)
    for x, y in extreme_equilibria(a, b):
        assert sum(x) == 1 and sum(y) == 1 and min(x) >= 0 and min(y) >= 0
        rows = [sum(p * q for p, q in zip(row, y, strict=True)) for row in a]
        columns = [sum(x[i] * b[i][j] for i in range(len(x))) for j in range(len(y))]
        assert sum(p * v for p, v in zip(x, rows, strict=True)) == max(rows)
        assert sum(q * v for q, v in zip(y, columns, strict=True)) == max(columns)


@settings(max_examples=150, deadline=None)
@given(tables())
def test_the_reached_outcomes_are_those_of_gambits_equilibria(game: NormalGame) -> None:
    assert nash_outcomes(game) == mixed_nash_outcomes(game)


@settings(max_examples=150, deadline=None)
@given(tables())
@example(DEGENERATE)
def test_a_draw_summary_is_what_the_sweep_makes_of_gambits_solution(game: NormalGame) -> None:
    summary = draw_summary(game, 1e-9)
    if summary is None:  # the sweep then asks Gambit; it must be the order that is in doubt
        return
    solution = mixed_nash(game)
    count = len(solution.equilibria)
    mean: dict[str, float] = {}
    for equilibrium in solution.equilibria:
        for outcome, p in equilibrium.outcome_probabilities.items():
            mean[outcome] = mean.get(outcome, 0.0) + p / count
    assert summary == (tuple(sorted(solution.outcomes_on_path(1e-9))), mean)
    assert list(summary[1]) == list(mean)  # the same order of outcomes too


@given(st.lists(st.sampled_from([0.0, 1 / 3, 0.1, 0.2, 1e-17, 0.7]), max_size=6))
def test_an_order_free_sum_is_the_same_in_every_order(terms: list[float]) -> None:
    total = bimatrix._order_free_sum(terms)
    orders = {bimatrix._left_sum(order) for order in itertools.permutations(terms)}
    if total is not None:
        assert orders == {total}
    else:
        assert len(orders) > 1


@settings(max_examples=50, deadline=None)
@given(st.lists(st.lists(st.integers(-9, 9), min_size=5, max_size=5), min_size=5, max_size=5))
def test_the_fraction_free_determinant_is_exact(square: list[list[int]]) -> None:
    # Against the Leibniz formula over all permutations.
    def sign(permutation: tuple[int, ...]) -> int:
        inversions = sum(
            1 for i, j in itertools.combinations(range(len(permutation)), 2)
            if permutation[i] > permutation[j]
        )  # fmt: skip
        return -1 if inversions % 2 else 1

    leibniz = 0
    for permutation in itertools.permutations(range(5)):
        term = sign(permutation)
        for row, column in enumerate(permutation):
            term *= square[row][column]
        leibniz += term
    assert bimatrix._determinant(square) == leibniz


def test_tables_too_large_go_to_gambit(monkeypatch: pytest.MonkeyPatch) -> None:
    game = DEGENERATE
    monkeypatch.setattr(bimatrix, "MAX_SYSTEMS", 0)
    assert table_equilibria(game) is None
    assert draw_summary(game, 1e-9) is None
    assert nash_outcomes(game) == mixed_nash_outcomes(game)


def test_the_flagship_table_sweep_is_the_same_with_gambit_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The flagship's 5 x 3 table, sweep and flip thresholds, with the exact equilibria found
    # here and then with Gambit for every table: the same result, field for field.
    case = load_case("south-caucasus-2021")
    game = game_from_case(case, case.game("russia-model-vs-baku-strategy"))
    assert isinstance(game, NormalGame)
    # A coarse threshold search (3 steps, bisection to 1e-3 of the span) keeps Gambit's share
    # of this test to a few hundred solves.
    fast = sweep(game, n_runs=30, seed=3, concept="nash", rank_noise=0.5, thresholds=False)

    def thresholds() -> tuple[Threshold, ...]:
        return payoff_thresholds(game, "nash", rank_noise=0.5, steps=3, tolerance=1e-3)

    fast_thresholds = thresholds()
    monkeypatch.setattr(bimatrix, "MAX_SYSTEMS", 0)
    assert sweep(game, n_runs=30, seed=3, concept="nash", rank_noise=0.5, thresholds=False) == fast
    assert thresholds() == fast_thresholds


def test_the_sweep_asks_gambit_when_the_order_could_matter(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Every draw through the branch taken when the order is in doubt: the same result.
    case = load_case("south-caucasus-2021")
    game = game_from_case(case, case.game("russia-model-vs-baku-strategy"))
    fast = sweep(game, n_runs=20, seed=1, concept="nash", rank_noise=0.5, thresholds=False)
    monkeypatch.setattr(sweep_module, "draw_summary", lambda game, tolerance: None)
    assert sweep(game, n_runs=20, seed=1, concept="nash", rank_noise=0.5, thresholds=False) == fast
