"""Split conformal forecast intervals (Vovk, Gammerman & Shafer 2005; Lei et al. 2018, JASA 113).

Given the absolute errors s_1..s_m of a model on calibration records it did not learn from,
the interval forecast +/- q with q the ceil((m + 1) level)-th smallest error covers the outcome
of a new record exchangeable with them with probability at least ``level`` (and below
``level + 1 / (m + 1)`` when errors do not tie). When ceil((m + 1) level) > m there are too few
records for that level and the interval is the whole scale. Intervals are cut to the scale,
which only removes points no outcome can take.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]


def conformal_quantile(errors: ArrayLike, level: float) -> float:
    """Half-width of the split conformal interval at ``level`` from calibration errors."""
    if not 0.0 < level < 1.0:
        raise ValueError(f"level must lie strictly between 0 and 1, got {level}")
    scores = np.sort(np.abs(np.asarray(errors, dtype=np.float64)))
    m = len(scores)
    rank = math.ceil((m + 1) * level)
    if m == 0 or rank > m:
        return math.inf
    return float(scores[rank - 1])


def interval(
    forecasts: ArrayLike, half_width: float, scale: tuple[float, float]
) -> tuple[FloatArray, FloatArray]:
    """Lower and upper ends of forecast +/- half_width, cut to the scale."""
    f = np.asarray(forecasts, dtype=np.float64)
    low: FloatArray = np.maximum(f - half_width, scale[0])
    high: FloatArray = np.minimum(f + half_width, scale[1])
    return low, high
