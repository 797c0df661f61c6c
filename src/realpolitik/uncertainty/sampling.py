"""Drawing judged values from their stated uncertainty: shared by every engine.

A judged value (a position, a salience, a capability, a cross-impact, a payoff) may carry a
standard deviation or a range (see docs/case-format.md). The rules, one per item:

* a range [low, high] is drawn from the triangular distribution with its mode at the value
  (the judged value stays the most likely, the range the hard limits);
* a standard deviation is drawn from the normal distribution around the value;
* with neither, the normal distribution with the default standard deviation
  ``DEFAULT_SD_FRACTION`` (5 %) of the item's bounds' width, e.g. 5 points on a 0-100 scale:
  an analyst's number is never exact, and this says how inexact we assume it to be;
* every draw is clipped to the item's bounds (a position of 0 on a 0-100 scale stays at or
  above 0; clipping keeps the judged value the median of the draws).

Everything is seeded: :func:`make_rng` turns a seed into NumPy's default generator.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from realpolitik.uncertainty.errors import UncertaintyError

FloatArray = NDArray[np.float64]

DEFAULT_SD_FRACTION = 0.05
#: In one-at-a-time swings and sensitivity ranges, a stated or default sd spans +- this many sd.
SWING_SDS = 2.0


def make_rng(seed: int | None) -> np.random.Generator:
    """Return NumPy's default generator for ``seed`` (None draws fresh entropy)."""
    return np.random.default_rng(seed)


def _optional(values: ArrayLike | None, n: int, name: str) -> FloatArray:
    if values is None:
        return np.full(n, np.nan)
    array = np.asarray(values, dtype=np.float64)
    if array.shape != (n,):
        raise UncertaintyError(f"{name} must have one entry per item ({n}), got {array.shape}")
    return array


@dataclass(frozen=True)
class Judged:
    """Judged values with their stated uncertainty; NaN marks 'not stated'.

    ``value``, ``sd``, ``low`` and ``high`` have one entry per item; ``bounds`` are the
    limits every draw respects (the scale, or [0, 1] for a salience fraction).
    """

    value: FloatArray
    sd: FloatArray
    low: FloatArray
    high: FloatArray
    bounds: tuple[float, float]

    @classmethod
    def of(
        cls,
        value: ArrayLike,
        sd: ArrayLike | None = None,
        low: ArrayLike | None = None,
        high: ArrayLike | None = None,
        bounds: tuple[float, float] = (0.0, 100.0),
    ) -> Judged:
        """Build and check judged values; pass NaN (or omit) where nothing is stated."""
        values = np.asarray(value, dtype=np.float64)
        if values.ndim != 1 or not np.all(np.isfinite(values)):
            raise UncertaintyError("values must be a one-dimensional list of finite numbers")
        n = len(values)
        sds, lows, highs = (
            _optional(sd, n, "sd"),
            _optional(low, n, "low"),
            _optional(high, n, "high"),
        )
        lower, upper = float(bounds[0]), float(bounds[1])
        if not (np.isfinite(lower) and np.isfinite(upper) and lower < upper):
            raise UncertaintyError(f"bounds must be finite with low < high, got {bounds}")
        if np.any((values < lower) | (values > upper)):
            raise UncertaintyError(f"values must lie within bounds {bounds}, got {values}")
        if np.any(sds < 0):
            raise UncertaintyError(f"standard deviations must be non-negative, got {sds}")
        if np.any(np.isnan(lows) != np.isnan(highs)):
            raise UncertaintyError("a range needs both ends: give low and high together")
        ranged = ~np.isnan(lows)
        if np.any(ranged & ~np.isnan(sds)):
            raise UncertaintyError("give an item a standard deviation or a range, not both")
        if np.any(ranged & ((lows > values) | (highs < values))):
            raise UncertaintyError("a range must contain its value (low <= value <= high)")
        return cls(values, sds, lows, highs, (lower, upper))

    def spread(self, default_sd_fraction: float = DEFAULT_SD_FRACTION) -> FloatArray:
        """The standard deviation each item is drawn with (stated, or the default)."""
        width = self.bounds[1] - self.bounds[0]
        result: FloatArray = np.where(np.isnan(self.sd), default_sd_fraction * width, self.sd)
        return result

    def limits(
        self, default_sd_fraction: float = DEFAULT_SD_FRACTION
    ) -> tuple[FloatArray, FloatArray]:
        """Low and high ends for swings and sensitivity: the range, else value +- 2 sd."""
        sd = self.spread(default_sd_fraction)
        ranged = ~np.isnan(self.low)
        low = np.where(ranged, self.low, self.value - SWING_SDS * sd)
        high = np.where(ranged, self.high, self.value + SWING_SDS * sd)
        return (
            np.clip(low, self.bounds[0], self.bounds[1]),
            np.clip(high, self.bounds[0], self.bounds[1]),
        )


def sample(
    judged: Judged,
    n_runs: int,
    rng: np.random.Generator,
    default_sd_fraction: float = DEFAULT_SD_FRACTION,
) -> FloatArray:
    """Draw ``n_runs`` versions of the judged values: an array of shape (n_runs, items)."""
    if n_runs < 1:
        raise UncertaintyError(f"n_runs must be at least 1, got {n_runs}")
    n = len(judged.value)
    sd = judged.spread(default_sd_fraction)
    normal = judged.value + sd * rng.standard_normal((n_runs, n))
    ranged = ~np.isnan(judged.low)
    draws = normal
    if np.any(ranged):
        low = np.where(ranged, judged.low, 0.0)
        high = np.where(ranged, judged.high, 1.0)
        mode = np.where(ranged, judged.value, 0.5)
        triangular = _triangular(low, mode, high, rng.random((n_runs, n)))
        draws = np.where(ranged, triangular, normal)
    result: FloatArray = np.clip(draws, judged.bounds[0], judged.bounds[1])
    return result


def _triangular(low: FloatArray, mode: FloatArray, high: FloatArray, u: FloatArray) -> FloatArray:
    """Inverse CDF of the triangular distribution (handles low == high and mode at an end)."""
    width = high - low
    with np.errstate(divide="ignore", invalid="ignore"):
        split = np.where(width > 0, (mode - low) / width, 0.5)
        left = low + np.sqrt(u * width * (mode - low))
        right = high - np.sqrt((1 - u) * width * (high - mode))
    result: FloatArray = np.where(width > 0, np.where(u < split, left, right), low)
    return result
