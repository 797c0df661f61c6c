"""Summaries of evaluated outputs: quantile bands. Every analysis refuses NaN outputs.

A NaN output means the engine had no answer for a row (for bargaining: no actor with both
salience and capability above zero). Summarising such a row silently would be wrong either
way (NaN quantiles, or indices of 0), so the analyses raise :class:`UncertaintyError` with
the number of such rows; the caller decides whether to drop them and report how many (as the
bargaining Monte Carlo does, under ``runs_without_forecast``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from realpolitik.uncertainty.errors import UncertaintyError

FloatArray = NDArray[np.float64]


def refuse_nan(outputs: ArrayLike, what: str = "the outputs") -> FloatArray:
    """``outputs`` as floats, or :class:`UncertaintyError` naming how many rows are NaN."""
    values = np.asarray(outputs, dtype=np.float64)
    undefined = np.isnan(values)
    if np.any(undefined):
        first = int(np.flatnonzero(undefined.reshape(len(values), -1).any(axis=1))[0])
        raise UncertaintyError(
            f"{what}: {int(undefined.reshape(len(values), -1).any(axis=1).sum())} of "
            f"{len(values)} rows have no value (NaN; the first is row {first}); drop them and "
            "report how many, or narrow the inputs' ranges so the engine always has an answer"
        )
    return values


def quantiles(outputs: ArrayLike, levels: Sequence[float]) -> list[float]:
    """The ``levels`` quantiles (linear interpolation) of one output over the rows."""
    values = refuse_nan(outputs)
    if values.size == 0:
        raise UncertaintyError("no outputs to summarise")
    return [float(q) for q in np.quantile(values, list(levels))]


@dataclass(frozen=True)
class Bands:
    """Where one output lies over the rows."""

    median: float
    mean: float
    quartiles: tuple[float, float]
    interval_90: tuple[float, float]  # 5th to 95th percentile


def bands(outputs: ArrayLike) -> Bands:
    """Median, mean, interquartile range and 90 % interval (5th to 95th percentile)."""
    q05, q25, q50, q75, q95 = quantiles(outputs, [0.05, 0.25, 0.5, 0.75, 0.95])
    return Bands(q50, float(np.mean(np.asarray(outputs, dtype=np.float64))), (q25, q75), (q05, q95))
