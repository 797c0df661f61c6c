"""One rule per kind of uncertainty across engines, and analyses that refuse NaN."""

from __future__ import annotations

import numpy as np
import pytest

from game_builders import a_move, a_node, an_outcome, judged, tree
from realpolitik.games import game_problem
from realpolitik.scenarios import CrossImpactMatrix, sample_matrices
from realpolitik.scenarios.ensemble import ImpactUncertainty, impact_problem
from realpolitik.uncertainty import (
    Judged,
    UncertaintyError,
    bands,
    one_at_a_time,
    sample_judged,
    sensitivity,
    sobol_indices,
)


def _matrix(value: float) -> CrossImpactMatrix:
    impacts = np.zeros((4, 4))
    impacts[0, 2], impacts[2, 1] = value, -1.0
    return CrossImpactMatrix(("A", "B"), (("a1", "a2"), ("b1", "b2")), impacts)


def test_a_judgment_beyond_three_keeps_its_matrix_scale() -> None:
    """A ScenarioWizard matrix judged on -5..+5: the judgment 5 is drawn within that scale,
    not clipped to 3 (it used to come back 3.000 in every draw)."""
    drawn = np.array([m.impacts[0, 2] for m in sample_matrices(_matrix(5.0), 2000, seed=1)])
    assert drawn.max() <= 5.0 and drawn.min() > 3.0
    assert np.mean(drawn == 3.0) == 0.0
    assert np.std(drawn) > 0.1


def test_the_same_judgment_is_drawn_alike_in_every_engine() -> None:
    """A range [0.2, 0.9] around 0.5 on a 0-1 scale: a salience, a cross-impact scaled to it
    and a chance probability all follow triangular(0.2, 0.5, 0.9)."""
    salience = sample_judged(Judged.of([0.5], low=[0.2], high=[0.9], bounds=(0, 1)), 4000, 3)
    problem, _ = impact_problem(_matrix(0.5), _range_at(0, 2, 0.2, 0.9), scale=1.0)
    assert problem.rules() == ["triangular", "normal"]
    assert problem.sd[1] == pytest.approx(0.05 * 2 * 1.0)  # the default: 5 % of -1..+1
    chance = tree(
        "coin",
        ("p",),
        (
            a_node(
                "n",
                "chance",
                (
                    a_move("a", "x", probability=judged(0.5, range=(0.2, 0.9))),
                    a_move("b", "y", probability=judged(0.5, sd=0.1)),
                ),
            ),
        ),
        (an_outcome("x", {"p": judged(1.0)}), an_outcome("y", {"p": judged(0.0)})),
    )
    game, _ = game_problem(chance)
    assert game.rules() == ["fixed", "fixed", "triangular", "normal"]
    assert float(np.mean(salience)) == pytest.approx((0.2 + 0.5 + 0.9) / 3, abs=0.01)


def _range_at(row: int, column: int, low: float, high: float) -> ImpactUncertainty:
    nan = np.full((4, 4), np.nan)
    lows, highs = nan.copy(), nan.copy()
    lows[row, column], highs[row, column] = low, high
    return ImpactUncertainty(nan.copy(), lows, highs)


def _undefined_below_half(rows: np.ndarray) -> np.ndarray:
    return np.where(rows[:, 0] < 0.5, np.nan, rows[:, 0] + rows[:, 1])


def test_sobol_refuses_nan_outputs_instead_of_reporting_zeros() -> None:
    args = (["a", "b"], np.array([0.6, 0.5]), np.array([0.0, 0.0]), np.array([1.0, 1.0]))
    with pytest.raises(UncertaintyError, match="rows have no value"):
        sobol_indices(*args, _undefined_below_half, n_base=64)
    dropped = sobol_indices(*args, _undefined_below_half, n_base=64, undefined="drop")
    assert 0 < dropped.dropped < 64
    assert dropped.total[0] > 0 and dropped.total[1] > 0
    assert dropped.model_dump(mode="json")["dropped"] == dropped.dropped


def test_one_at_a_time_and_bands_refuse_nan() -> None:
    args = (["a", "b"], np.array([0.6, 0.5]), np.array([0.0, 0.0]), np.array([1.0, 1.0]))
    with pytest.raises(UncertaintyError, match="one-at-a-time"):
        one_at_a_time(*args, _undefined_below_half)
    bars = one_at_a_time(*args, _undefined_below_half, undefined="drop")
    assert [bar.name for bar in bars] == ["b"]
    with pytest.raises(UncertaintyError, match="1 of 3 rows"):
        bands([1.0, np.nan, 2.0])


def test_bargaining_sensitivity_leaves_out_ends_without_a_forecast() -> None:
    """Only actor 0 has weight, and its salience can swing down to 0: at that end no actor
    has weight, so there is no forecast; its bar is left out rather than the run failing."""
    result = sensitivity(
        Judged.of([10.0, 90.0], sd=[5, 5]),
        Judged.of([0.02, 0.0], sd=[0.05, 0.0], bounds=(0, 1)),
        Judged.of([50.0, 50.0], sd=[0, 0]),
        model="mean",
        n_base=64,
    )
    names = [bar.name for bar in result.swings]
    assert "salience:actor-0" not in names and "position:actor-0" in names
    assert result.sobol.dropped == 0
