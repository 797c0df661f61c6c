"""Monte Carlo and sensitivity for the bargaining engine (one issue at a time).

Inputs are :class:`~realpolitik.uncertainty.sampling.Judged` values: positions on the issue's
scale, saliences as fractions in [0, 1] (bounds (0, 1)), capabilities on their own bounds.
They form one :class:`~realpolitik.uncertainty.sampling.Problem`; the draws, the evaluation
(through the current executor) and the summaries are those of the uncertainty layer.

A run in which no actor has both salience and capability above zero has no forecast (the
engine returns NaN): the Monte Carlo leaves such runs out of its summaries and counts them
(``runs_without_forecast``); the Sobol analysis drops their base samples and counts them
(``dropped``); a one-at-a-time bar with such an end is left out.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray
from pydantic import BaseModel, ConfigDict, Field

from realpolitik import __version__
from realpolitik.bargaining import MODELS, EumOptions, Model, forecast_batch
from realpolitik.uncertainty.analyse import bands
from realpolitik.uncertainty.errors import UncertaintyError
from realpolitik.uncertainty.evaluate import evaluate
from realpolitik.uncertainty.sampling import DEFAULT_SD_FRACTION, Judged, Problem, sample
from realpolitik.uncertainty.sensitivity import (
    SobolIndices,
    Swing,
    one_at_a_time,
    sobol_indices,
)

FloatArray = NDArray[np.float64]

#: An actor is on the winning side of a run when the forecast lies within this fraction of
#: the scale's width (10 points on 0-100) of the position it started the run with.
DEFAULT_WINNING_DISTANCE = 0.1


class ModelSummary(BaseModel):
    """The distribution of one model's forecast over the Monte Carlo runs. ``forecasts`` (every
    run's forecast, NaN where a run had none) stays out of the JSON form."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    model: str
    median: float
    mean: float
    quartiles: tuple[float, float]
    interval_90: tuple[float, float]
    winning_share: list[float]
    runs_without_forecast: int
    forecasts: list[float] = Field(default_factory=list, exclude=True, repr=False)


class MonteCarloParameters(BaseModel):
    """The settings of a Monte Carlo run over one issue."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    options: EumOptions
    max_rounds: int
    winning_distance: float
    default_sd_fraction: float


class MonteCarloResult(BaseModel):
    """Monte Carlo summaries of every requested model for one issue."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    n_runs: int
    seed: int | None
    scale: tuple[float, float]
    summaries: dict[str, ModelSummary]
    parameters: MonteCarloParameters
    version: str = __version__


def _check_inputs(
    positions: Judged, saliences: Judged, capabilities: Judged, scale: tuple[float, float]
) -> None:
    n = len(positions.value)
    if not n == len(saliences.value) == len(capabilities.value) or n < 2:
        raise UncertaintyError(
            "positions, saliences and capabilities need one entry per actor, two actors at least"
        )
    if positions.bounds != (float(scale[0]), float(scale[1])):
        raise UncertaintyError(
            f"positions' bounds {positions.bounds} must be the issue's scale {scale}"
        )
    if saliences.bounds[0] < 0 or saliences.bounds[1] > 1:
        raise UncertaintyError(
            f"saliences are fractions: their bounds must lie in [0, 1], got {saliences.bounds}"
        )
    if capabilities.bounds[0] < 0:
        raise UncertaintyError(
            f"capabilities' bounds must not go below 0, got {capabilities.bounds}"
        )


def _check_models(models: Sequence[str]) -> None:
    unknown = [name for name in models if name not in MODELS]
    if unknown or not models:
        raise UncertaintyError(f"models must be among {', '.join(MODELS)}; got {list(models)}")


def bargaining_problem(
    positions: Judged,
    saliences: Judged,
    capabilities: Judged,
    actor_names: Sequence[str] | None = None,
    default_sd_fraction: float = DEFAULT_SD_FRACTION,
) -> Problem:
    """One issue's judged inputs as a problem: groups ``position``, ``salience`` and
    ``capability``, inputs named ``position:<actor>`` and so on."""
    n = len(positions.value)
    names = list(actor_names) if actor_names is not None else [f"actor-{k}" for k in range(n)]
    if len(names) != n:
        raise UncertaintyError(f"actor_names needs {n} names, got {len(names)}")
    groups = {"position": positions, "salience": saliences, "capability": capabilities}
    labels = {kind: [f"{kind}:{name}" for name in names] for kind in groups}
    return Problem.of(groups, labels, default_sd_fraction)


def issue_outputs(
    rows: FloatArray,
    n_actors: int,
    models: Sequence[Model],
    options: EumOptions | None,
    scale: tuple[float, float],
    max_rounds: int,
) -> FloatArray:
    """Each model's forecast for each row of (positions, saliences, capabilities): shape
    (rows, models). Module-level, so an executor can ship it to other processes."""
    n = n_actors
    x, s, c = rows[:, :n], rows[:, n : 2 * n], rows[:, 2 * n :]
    return np.stack(
        [forecast_batch(x, s, c, model, options, scale, max_rounds) for model in models], axis=1
    )


def monte_carlo(
    positions: Judged,
    saliences: Judged,
    capabilities: Judged,
    scale: tuple[float, float] = (0.0, 100.0),
    models: Sequence[Model] = MODELS,
    n_runs: int = 1000,
    seed: int | None = 0,
    options: EumOptions | None = None,
    max_rounds: int = 100,
    winning_distance: float = DEFAULT_WINNING_DISTANCE,
    default_sd_fraction: float = DEFAULT_SD_FRACTION,
) -> MonteCarloResult:
    """Draw the inputs ``n_runs`` times (seeded) and summarise each model's forecast.

    Every model sees the same draws. Per model: the median, mean, interquartile range and
    90 % interval (5th to 95th percentile) of the forecast, and for each actor the share of
    runs in which it ends on the winning side (the forecast within ``winning_distance`` times
    the scale's width of the actor's drawn position).
    """
    _check_inputs(positions, saliences, capabilities, scale)
    _check_models(models)
    problem = bargaining_problem(
        positions, saliences, capabilities, default_sd_fraction=default_sd_fraction
    )
    draws = sample(problem, n_runs, seed)
    n = len(positions.value)
    engine = functools.partial(
        issue_outputs, n_actors=n, models=tuple(models), options=options, scale=scale,
        max_rounds=max_rounds,
    )  # fmt: skip
    outputs = evaluate(engine, draws)
    x = problem.split(draws.rows())["position"]
    width = scale[1] - scale[0]
    summaries: dict[str, ModelSummary] = {}
    for column, model in enumerate(models):
        values = outputs[:, column]
        valid = ~np.isnan(values)
        kept = values[valid]
        if kept.size == 0:
            raise UncertaintyError(
                "no run had an actor with both salience and capability above zero"
            )
        band = bands(kept)
        near = np.abs(x[valid] - kept[:, None]) <= winning_distance * width
        summaries[model] = ModelSummary(
            model=model,
            median=band.median,
            mean=band.mean,
            quartiles=band.quartiles,
            interval_90=band.interval_90,
            winning_share=np.mean(near, axis=0).tolist(),
            runs_without_forecast=int(np.sum(~valid)),
            forecasts=values.tolist(),
        )
    return MonteCarloResult(
        n_runs=n_runs,
        seed=seed,
        scale=(float(scale[0]), float(scale[1])),
        summaries=summaries,
        parameters=MonteCarloParameters(
            options=options or EumOptions(),
            max_rounds=max_rounds,
            winning_distance=winning_distance,
            default_sd_fraction=default_sd_fraction,
        ),
    )


class BargainingSensitivity(BaseModel):
    """Which inputs move one model's forecast: Sobol indices and tornado swings."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    model: str
    sobol: SobolIndices
    swings: list[Swing]


def sensitivity(
    positions: Judged,
    saliences: Judged,
    capabilities: Judged,
    actor_names: Sequence[str] | None = None,
    model: Model = "eum",
    scale: tuple[float, float] = (0.0, 100.0),
    options: EumOptions | None = None,
    max_rounds: int = 100,
    n_base: int = 256,
    seed: int | None = 0,
    default_sd_fraction: float = DEFAULT_SD_FRACTION,
) -> BargainingSensitivity:
    """Rank every actor's position, salience and capability by how much it moves the forecast.

    Each input varies over its stated range, or its value +- 2 sd (stated or default),
    clipped to its bounds. Inputs are named ``position:<actor>``, ``salience:<actor>`` and
    ``capability:<actor>``.
    """
    _check_inputs(positions, saliences, capabilities, scale)
    _check_models([model])
    problem = bargaining_problem(
        positions, saliences, capabilities, actor_names, default_sd_fraction
    )
    labels, values = list(problem.names), problem.value
    lows, highs = problem.swing_low, problem.swing_high
    engine = functools.partial(
        _one_model, n_actors=len(positions.value), model=model, options=options, scale=scale,
        max_rounds=max_rounds,
    )  # fmt: skip
    swings = one_at_a_time(labels, values, lows, highs, engine, undefined="drop")
    indices = sobol_indices(
        labels, values, lows, highs, engine, n_base=n_base, seed=seed, undefined="drop"
    )
    return BargainingSensitivity(model=model, sobol=indices, swings=swings)


def _one_model(
    rows: FloatArray,
    n_actors: int,
    model: Model,
    options: EumOptions | None,
    scale: tuple[float, float],
    max_rounds: int,
) -> FloatArray:
    result: FloatArray = issue_outputs(rows, n_actors, (model,), options, scale, max_rounds)[:, 0]
    return result
