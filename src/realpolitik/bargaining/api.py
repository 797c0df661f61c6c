"""One entry point for every model: ``forecast(positions, saliences, capabilities, model=...)``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from realpolitik.bargaining._validate import check_actors
from realpolitik.bargaining.baselines import (
    nash_bargaining_batch,
    weighted_mean_batch,
    weighted_median_batch,
)
from realpolitik.bargaining.errors import BargainingError
from realpolitik.bargaining.eum import run_eum, run_eum_batch
from realpolitik.bargaining.options import EumOptions
from realpolitik.bargaining.results import RUN_STATUSES, SETTLED, Forecast

FloatArray = NDArray[np.float64]
Model = Literal["eum", "mean", "median", "nash"]
MODELS: tuple[Model, ...] = ("eum", "mean", "median", "nash")

_WEIGHTS = "capability x salience"
_BASELINE_PARAMETERS: dict[str, dict[str, str]] = {
    "mean": {"weights": _WEIGHTS},
    "median": {"weights": _WEIGHTS, "tie": "midpoint of the lower and upper medians"},
    "nash": {
        "weights": _WEIGHTS,
        "utility": "linear in distance",
        "disagreement": "each actor's utility at the farther end of the scale",
    },
}


def forecast(
    positions: ArrayLike,
    saliences: ArrayLike,
    capabilities: ArrayLike,
    model: Model = "eum",
    options: EumOptions | None = None,
    scale: Sequence[float] = (0.0, 100.0),
    max_rounds: int = 100,
) -> Forecast:
    """Forecast where one issue settles.

    ``positions`` (on ``scale``), ``saliences`` (in [0, 1]) and ``capabilities`` (>= 0) hold
    one value per actor. ``model`` is ``"eum"`` (expected-utility model, rounds of bargaining;
    ``options`` and ``max_rounds`` apply), ``"mean"`` (compromise model), ``"median"``
    (weighted median) or ``"nash"`` (Nash bargaining solution); the baselines weigh actors
    by capability times salience and have a single round. An EUM run ends settled, in a cycle
    or unsettled (``Forecast.status``; see :func:`~realpolitik.bargaining.eum.run_eum`); a
    baseline is always settled.
    """
    if model not in MODELS:
        raise BargainingError(f"unknown model {model!r}; choose one of {', '.join(MODELS)}")
    if model == "eum":
        return run_eum(
            positions, saliences, capabilities, scale, options=options, max_rounds=max_rounds
        )
    x, s, c, bounds = check_actors(positions, saliences, capabilities, scale)
    w = (c * s)[None, :]
    if model == "mean":
        value = float(weighted_mean_batch(x[None, :], w)[0])
    elif model == "median":
        value = float(weighted_median_batch(x[None, :], w)[0])
    else:
        value = float(nash_bargaining_batch(x[None, :], w, bounds)[0])
    zeros = np.zeros(len(x)).tolist()
    return Forecast(
        model=model,
        forecast=value,
        scale=bounds,
        rounds=[x.tolist()],
        round_forecasts=[value],
        moved=zeros,
        path_length=zeros,
        parameters=_BASELINE_PARAMETERS[model],
        status=RUN_STATUSES[SETTLED],
    )


def forecast_batch(
    positions: FloatArray,
    saliences: FloatArray,
    capabilities: FloatArray,
    model: Model = "eum",
    options: EumOptions | None = None,
    scale: tuple[float, float] = (0.0, 100.0),
    max_rounds: int = 100,
) -> FloatArray:
    """The forecast of each row of (runs, actors) arrays under one model (for Monte Carlo).

    Rows are trusted (the sampling layer keeps draws inside their bounds). A row in which no
    actor has both salience and capability above zero has no forecast: NaN. EUM rows follow
    :func:`~realpolitik.bargaining.eum.run_eum`'s stopping rule (how each run ended is
    returned by :func:`~realpolitik.bargaining.eum.run_eum_batch`, not here).
    """
    if model not in MODELS:
        raise BargainingError(f"unknown model {model!r}; choose one of {', '.join(MODELS)}")
    x = np.asarray(positions, dtype=np.float64)
    s = np.asarray(saliences, dtype=np.float64)
    c = np.asarray(capabilities, dtype=np.float64)
    weights = c * s
    valid = np.sum(weights, axis=-1) > 0
    result = np.full(x.shape[0], np.nan)
    if not np.any(valid):
        return result
    x, s, c, weights = x[valid], s[valid], c[valid], weights[valid]
    if model == "eum":
        values = run_eum_batch(x, s, c, scale, options=options, max_rounds=max_rounds)[0]
    elif model == "mean":
        values = weighted_mean_batch(x, weights)
    elif model == "median":
        values = weighted_median_batch(x, weights)
    else:
        values = nash_bargaining_batch(x, weights, scale)
    result[valid] = values
    return result
