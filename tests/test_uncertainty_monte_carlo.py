"""Monte Carlo summaries and sensitivity for the bargaining engine."""

from __future__ import annotations

import numpy as np
import pytest

from realpolitik.bargaining import forecast
from realpolitik.uncertainty import (
    Judged,
    MonteCarloResult,
    UncertaintyError,
    bargaining_problem,
    monte_carlo,
    one_at_a_time,
    sample,
    sensitivity,
    sobol_indices,
)

POSITIONS = [0.0, 30.0, 70.0, 100.0]
SALIENCES = [0.9, 0.5, 0.6, 0.8]
CAPABILITIES = [80.0, 30.0, 50.0, 60.0]


def test_without_uncertainty_every_run_gives_the_deterministic_forecast() -> None:
    zero = [0.0] * 4
    result = monte_carlo(
        Judged.of(POSITIONS, sd=zero),
        Judged.of(SALIENCES, sd=zero, bounds=(0, 1)),
        Judged.of(CAPABILITIES, sd=zero),
        n_runs=50,
        seed=3,
    )
    for model, summary in result.summaries.items():
        expected = forecast(POSITIONS, SALIENCES, CAPABILITIES, model=model).forecast  # type: ignore[arg-type]
        assert summary.median == pytest.approx(expected, abs=1e-9)
        assert summary.interval_90 == pytest.approx((expected, expected), abs=1e-9)
        near = [abs(x - expected) <= 10 for x in POSITIONS]
        assert summary.winning_share == [float(flag) for flag in near]


def test_summaries_agree_with_the_runs_and_the_seed() -> None:
    inputs = (
        Judged.of(POSITIONS, sd=[5, 5, 5, 5]),
        Judged.of(SALIENCES, bounds=(0, 1)),
        Judged.of(CAPABILITIES, low=[70, 20, 40, 50], high=[90, 40, 60, 70]),
    )
    result = monte_carlo(*inputs, n_runs=400, seed=11, models=("median", "mean"))
    again = monte_carlo(*inputs, n_runs=400, seed=11, models=("median", "mean"))
    assert result == again  # every field, the per-run forecasts too
    # Recompute the weighted mean run by run from the same draws.
    parts = bargaining_problem(*inputs).split(sample(bargaining_problem(*inputs), 400, 11).rows())
    x, s, c = parts["position"], parts["salience"], parts["capability"]
    means = np.sum(x * s * c, axis=1) / np.sum(s * c, axis=1)
    summary = result.summaries["mean"]
    assert summary.forecasts == pytest.approx(means.tolist(), abs=1e-9)
    assert summary.quartiles == pytest.approx(tuple(np.quantile(means, [0.25, 0.75])))
    share = np.mean(np.abs(x - means[:, None]) <= 10, axis=0)
    assert summary.winning_share == pytest.approx(share.tolist())
    assert set(result.model_dump(mode="json")["summaries"]) == {"median", "mean"}
    # The per-run forecasts stay out of the JSON form; the rest reads back the same.
    assert "forecasts" not in result.model_dump(mode="json")["summaries"]["mean"]
    back = MonteCarloResult.model_validate_json(result.model_dump_json())
    assert back.model_dump(mode="json") == result.model_dump(mode="json")


def test_monte_carlo_runs_the_eum_batch() -> None:
    result = monte_carlo(
        Judged.of(POSITIONS),
        Judged.of(SALIENCES, bounds=(0, 1)),
        Judged.of(CAPABILITIES),
        models=("eum",),
        n_runs=200,
        seed=5,
    )
    summary = result.summaries["eum"]
    low, high = summary.interval_90
    assert 0 <= low <= summary.quartiles[0] <= summary.median <= summary.quartiles[1] <= high
    assert all(0 <= share <= 1 for share in summary.winning_share)


def test_monte_carlo_refuses_mismatched_inputs() -> None:
    with pytest.raises(UncertaintyError, match="scale"):
        monte_carlo(
            Judged.of(POSITIONS),
            Judged.of(SALIENCES, bounds=(0, 1)),
            Judged.of(CAPABILITIES),
            scale=(0, 10),
        )
    with pytest.raises(UncertaintyError, match="fractions"):
        monte_carlo(Judged.of(POSITIONS), Judged.of([90, 50, 60, 80]), Judged.of(CAPABILITIES))
    with pytest.raises(UncertaintyError, match="models"):
        monte_carlo(
            Judged.of(POSITIONS),
            Judged.of(SALIENCES, bounds=(0, 1)),
            Judged.of(CAPABILITIES),
            models=("oracle",),  # type: ignore[arg-type]
        )


def test_one_at_a_time_on_a_linear_function() -> None:
    def evaluate(rows: np.ndarray) -> np.ndarray:
        return 3 * rows[:, 0] - 1 * rows[:, 1] + 0 * rows[:, 2]

    bars = one_at_a_time(
        ["a", "b", "c"], np.array([1.0, 1.0, 1.0]), np.zeros(3), np.array([2.0, 4.0, 2.0]), evaluate
    )
    assert [bar.name for bar in bars] == ["a", "b", "c"]
    assert [bar.swing for bar in bars] == pytest.approx([6.0, -4.0, 0.0])


def test_sobol_indices_of_an_additive_function() -> None:
    """y = 4 a + b with a, b uniform on [0, 1]: Var = 16/12 + 1/12, so S1 = 16/17 and 1/17.
    The third input is fixed (low = high) and gets 0."""

    def evaluate(rows: np.ndarray) -> np.ndarray:
        return 4 * rows[:, 0] + rows[:, 1] + rows[:, 2]

    indices = sobol_indices(
        ["a", "b", "fixed"],
        np.array([0.5, 0.5, 3.0]),
        np.array([0.0, 0.0, 3.0]),
        np.array([1.0, 1.0, 3.0]),
        evaluate,
        n_base=1024,
        seed=4,
    )
    assert indices.first_order[0] == pytest.approx(16 / 17, abs=0.05)
    assert indices.first_order[1] == pytest.approx(1 / 17, abs=0.03)
    assert indices.total[2] == 0.0 and indices.first_order[2] == 0.0
    assert indices.ranking == ["a", "b", "fixed"]
    assert indices.n_evaluations == 1024 * 4


def test_bargaining_sensitivity_ranks_the_heaviest_position_first_for_the_mean() -> None:
    """For the weighted mean with weights fixed, moving actor k's position by h moves the
    forecast by h w_k / W: with the default 2 sd = 10 points each way, actor 0 (w = 72 of
    W = 72 + 15 + 30 + 48 = 165) swings it by 20 * 72 / 165 = 8.73 points."""
    zero = [0.0] * 4
    result = sensitivity(
        Judged.of(POSITIONS),
        Judged.of(SALIENCES, sd=zero, bounds=(0, 1)),
        Judged.of(CAPABILITIES, sd=zero),
        actor_names=["a", "b", "c", "d"],
        model="mean",
        n_base=64,
    )
    first = result.swings[0]
    assert first.name == "position:a"
    # Actor a sits at 0: its low end clips to 0, so it swings over [0, 10].
    assert first.swing == pytest.approx(10 * 72 / 165, abs=1e-9)
    assert result.sobol.ranking[0] in {"position:a", "position:d"}
    assert all(value == 0.0 for value in result.sobol.total[4:])
    data = result.model_dump(mode="json")
    assert data["model"] == "mean"
    assert data["swings"][0]["swing"] == first.swing  # the JSON form carries each bar's swing
