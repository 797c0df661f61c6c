"""The leaderboard: out-of-sample error of every model with bootstrap confidence intervals.

For each model: mean absolute error (MAE), median absolute error and root mean squared error,
each with a percentile bootstrap 95% interval over records (Efron & Tibshirani 1993); the
paired difference of its MAE from the weighted mean's, bootstrapped on the same resamples so
that the interval reflects the pairing; the share of outcomes inside its conformal intervals
at every nominal level (with a Wilson 95% interval for the main level); the mean width of the
main-level interval; and the share of exact hits (an error of at most half a point on a
0-100 scale).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray
from pydantic import BaseModel, ConfigDict

from realpolitik.validation.crossval import MAIN_LEVEL, Forecasts

FloatArray = NDArray[np.float64]
BASELINE = "mean"
HIT_TOLERANCE = 0.005  # of the scale's range: half a point on 0-100


class Estimate(BaseModel):
    """A figure with its 95% confidence interval."""

    model_config = ConfigDict(frozen=True)
    value: float
    low: float
    high: float


class CoverageAt(BaseModel):
    model_config = ConfigDict(frozen=True)
    level: float
    coverage: float
    mean_width: float


class ModelScore(BaseModel):
    """One leaderboard row."""

    model_config = ConfigDict(frozen=True)
    model: str
    label: str
    learns: bool
    uses_reference: bool
    mae: Estimate
    median_error: Estimate
    rmse: Estimate
    difference_from_mean: Estimate | None
    beats_mean: bool
    coverage: Estimate
    interval_width: float
    coverage_by_level: list[CoverageAt]
    exact_hits: float
    parameters: list[dict[str, Any]]


def _percentile_interval(samples: FloatArray) -> tuple[float, float]:
    low, high = np.percentile(samples, [2.5, 97.5])
    return float(low), float(high)


def _estimate(value: float, samples: FloatArray) -> Estimate:
    low, high = _percentile_interval(samples)
    return Estimate(value=value, low=low, high=high)


def wilson_interval(successes: int, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    """Wilson score interval of a binomial share (95% by default)."""
    if n == 0:
        return 0.0, 1.0
    share = successes / n
    centre = (share + z * z / (2 * n)) / (1 + z * z / n)
    margin = z * math.sqrt(share * (1 - share) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - margin), min(1.0, centre + margin)


def score(
    forecasts: Forecasts,
    info: Mapping[str, tuple[str, bool, bool]],
    n_boot: int = 2000,
    seed: int = 0,
) -> list[ModelScore]:
    """Leaderboard rows, best MAE first. ``info[model]`` is (label, learns, uses_reference)."""
    y = forecasts.outcomes
    n = len(y)
    errors = np.abs(forecasts.point - y[:, None])
    span = forecasts.scale_high - forecasts.scale_low
    resamples = np.random.default_rng(seed).integers(0, n, size=(n_boot, n))
    baseline = forecasts.models.index(BASELINE) if BASELINE in forecasts.models else None
    main = forecasts.levels.index(MAIN_LEVEL)
    rows = []
    for m, model in enumerate(forecasts.models):
        e = errors[:, m]
        boot = e[resamples]
        difference = None
        if baseline is not None and m != baseline:
            paired = e - errors[:, baseline]
            difference = _estimate(float(paired.mean()), paired[resamples].mean(axis=1))
        coverage_levels = []
        inside_main = np.zeros(n, dtype=bool)
        for index, level in enumerate(forecasts.levels):
            half = forecasts.half_width[:, m, index]
            low = np.maximum(forecasts.point[:, m] - half, forecasts.scale_low)
            high = np.minimum(forecasts.point[:, m] + half, forecasts.scale_high)
            inside = (low <= y) & (y <= high)
            if index == main:
                inside_main = inside
            coverage_levels.append(
                CoverageAt(
                    level=level,
                    coverage=float(inside.mean()),
                    mean_width=float((high - low).mean()),
                )
            )
        wilson = wilson_interval(int(inside_main.sum()), n)
        label, learns, uses_reference = info[model]
        rows.append(
            ModelScore(
                model=model,
                label=label,
                learns=learns,
                uses_reference=uses_reference,
                mae=_estimate(float(e.mean()), boot.mean(axis=1)),
                median_error=_estimate(float(np.median(e)), np.median(boot, axis=1)),
                rmse=_estimate(float(np.sqrt((e**2).mean())), np.sqrt((boot**2).mean(axis=1))),
                difference_from_mean=difference,
                beats_mean=difference is not None and difference.high < 0,
                coverage=Estimate(value=float(inside_main.mean()), low=wilson[0], high=wilson[1]),
                interval_width=coverage_levels[main].mean_width,
                coverage_by_level=coverage_levels,
                exact_hits=float((e <= HIT_TOLERANCE * span).mean()),
                parameters=forecasts.parameters.get(model, []),
            )
        )
    rows.sort(key=lambda row: (row.mae.value, row.model))
    return rows


def model_order(rows: Sequence[ModelScore]) -> list[str]:
    return [row.model for row in rows]
