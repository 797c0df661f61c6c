"""Classic baselines from Thomson, Stokman, Achen & König (2006), *The European Union Decides*.

All three weigh actor i by w_i = c_i * s_i (capability times salience), as the models compared
in that book do.

* Compromise model (weighted mean): x* = sum_i w_i x_i / sum_i w_i.
* Weighted median ("median voter"): the position x* at which the actors on either side hold at
  most half the total weight; equivalently the minimiser of sum_i w_i |x - x_i|, which is also
  the Condorcet winner under intensity-weighted pairwise votes. Where the weight splits exactly
  in half between two positions the midpoint is returned, so mirroring the scale mirrors it.
* Nash bargaining solution: x* maximises prod_i (u_i(x) - d_i) ** w_i over the scale, i.e.
  sum_i w_i log(u_i(x) - d_i). We take linear utilities u_i(x) = 1 - |x - x_i| / range and, with
  no status quo given, the disagreement point d_i = u_i at the end of the scale farthest from
  x_i (the worst outcome i could get), so every gain is positive inside the scale.

The functions here take one issue (1-D arrays); the ``*_batch`` versions take arrays of shape
(runs, actors) and are what the Monte Carlo layer calls.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from realpolitik.bargaining._validate import check_scale
from realpolitik.bargaining.errors import BargainingError

FloatArray = NDArray[np.float64]

_TIE_TOLERANCE = 1e-12
_BISECTION_STEPS = 100


def _as_pair(positions: ArrayLike, weights: ArrayLike) -> tuple[FloatArray, FloatArray]:
    x = np.asarray(positions, dtype=np.float64)
    w = np.asarray(weights, dtype=np.float64)
    if x.ndim != 1 or x.shape != w.shape or len(x) == 0:
        raise BargainingError(
            "positions and weights must be one-dimensional with one value per actor; "
            f"got shapes {x.shape} and {w.shape}"
        )
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(w))):
        raise BargainingError("positions and weights must be finite numbers")
    if np.any(w < 0) or not np.sum(w) > 0:
        raise BargainingError(
            f"weights must be non-negative with a positive total, got {w}; "
            "weights are capability times salience"
        )
    return x, w


def weighted_mean(positions: ArrayLike, weights: ArrayLike) -> float:
    """Compromise model: the weight-averaged position (Thomson et al. 2006, ch. 4)."""
    x, w = _as_pair(positions, weights)
    return float(weighted_mean_batch(x[None, :], w[None, :])[0])


def weighted_mean_batch(positions: FloatArray, weights: FloatArray) -> FloatArray:
    """Weighted mean of each row of ``positions`` (shape (runs, actors))."""
    result: FloatArray = np.sum(positions * weights, axis=-1) / np.sum(weights, axis=-1)
    return result


def weighted_median(positions: ArrayLike, weights: ArrayLike) -> float:
    """Weighted median ("median voter") of the positions, midpoint on an exact half split."""
    x, w = _as_pair(positions, weights)
    return float(weighted_median_batch(x[None, :], w[None, :])[0])


def weighted_median_batch(positions: FloatArray, weights: FloatArray) -> FloatArray:
    """Weighted median of each row of ``positions`` (shape (runs, actors)).

    The lower median is the smallest sorted position whose cumulative weight from below reaches
    half the total; the upper median the largest whose cumulative weight from above does; the
    result is their midpoint (they coincide unless the weight splits exactly in half).
    """
    order = np.argsort(positions, axis=-1, kind="stable")
    x = np.take_along_axis(positions, order, axis=-1)
    w = np.take_along_axis(weights, order, axis=-1)
    total = np.sum(w, axis=-1, keepdims=True)
    half = 0.5 * total - _TIE_TOLERANCE * total
    from_below = np.cumsum(w, axis=-1)
    from_above = np.cumsum(w[..., ::-1], axis=-1)[..., ::-1]
    lower_index = np.argmax(from_below >= half, axis=-1)
    n = x.shape[-1]
    upper_index = n - 1 - np.argmax((from_above >= half)[..., ::-1], axis=-1)
    rows = np.arange(x.shape[0])
    result: FloatArray = 0.5 * (x[rows, lower_index] + x[rows, upper_index])
    return result


def nash_bargaining(
    positions: ArrayLike, weights: ArrayLike, scale: Sequence[float] = (0.0, 100.0)
) -> float:
    """Nash bargaining solution with weights w_i (Thomson et al. 2006, ch. 4; Nash 1950).

    Maximises sum_i w_i log(g_i(x)) with g_i(x) = (D_i - |x - x_i|) / range, D_i the distance
    from x_i to the farther end of the scale. The objective is concave, so the maximiser is
    found by bisection on its one-sided derivatives inside the span of the positive-weight
    positions (outside that span every gain shrinks).
    """
    x, w = _as_pair(positions, weights)
    low, high = check_scale(scale)
    if np.any(x < low) or np.any(x > high):
        raise BargainingError(f"positions must lie on the scale [{low}, {high}], got {x}")
    return float(nash_bargaining_batch(x[None, :], w[None, :], (low, high))[0])


def _nash_slope(
    point: FloatArray,
    positions: FloatArray,
    weights: FloatArray,
    reach: FloatArray,
    right: bool,
) -> FloatArray:
    """One-sided derivative (times range) of sum_i w_i log(reach_i - |x - x_i|) at ``point``."""
    diff = point[:, None] - positions
    side = np.where(diff > 0, 1.0, -1.0) if not right else np.where(diff >= 0, 1.0, -1.0)
    gain = reach - np.abs(diff)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(weights > 0, -weights * side / gain, 0.0)
    slope: FloatArray = np.sum(terms, axis=-1)
    return slope


def nash_bargaining_batch(
    positions: FloatArray, weights: FloatArray, scale: tuple[float, float]
) -> FloatArray:
    """Nash bargaining solution for each row of ``positions`` (shape (runs, actors))."""
    low, high = scale
    reach = np.maximum(positions - low, high - positions)
    active = weights > 0
    left = np.min(np.where(active, positions, np.inf), axis=-1)
    right = np.max(np.where(active, positions, -np.inf), axis=-1)
    return _bisect_nash(left, right, positions, weights, reach, 1e-13 * (high - low))


def _bisect_nash(
    left: FloatArray,
    right: FloatArray,
    positions: FloatArray,
    weights: FloatArray,
    reach: FloatArray,
    precision: float,
) -> FloatArray:
    """The maximiser of the concave Nash objective of each row between ``left`` and ``right``,
    by bisection on its one-sided derivatives. A row stops once its own bracket is narrow
    enough, so its result never depends on the other rows of the batch (or on how a Monte
    Carlo sample is split into batches)."""
    for _ in range(_BISECTION_STEPS):
        live = right - left > precision
        if not np.any(live):
            break
        middle = 0.5 * (left + right)
        rising = _nash_slope(middle, positions, weights, reach, right=True) > 0
        falling = _nash_slope(middle, positions, weights, reach, right=False) < 0
        optimum = ~rising & ~falling
        left = np.where(live & (rising | optimum), middle, left)
        right = np.where(live & (falling | optimum), middle, right)
    result: FloatArray = 0.5 * (left + right)
    return result


def median_actor(positions: ArrayLike) -> float:
    """Unweighted median of the positions (the "median actor"), midpoint for an even count."""
    x = np.asarray(positions, dtype=np.float64)
    if x.ndim != 1 or len(x) == 0 or not np.all(np.isfinite(x)):
        raise BargainingError("positions must be a non-empty sequence of finite numbers")
    return float(np.median(x))


def _on_scale(reference: float, low: float, high: float) -> float:
    if not low <= reference <= high:
        raise BargainingError(
            f"the reference point {reference} is not on the scale [{low}, {high}]; "
            "give the status quo as a position on the issue's scale"
        )
    return reference


def _gain_interval(x: FloatArray, w: FloatArray, reference: float) -> tuple[float, float] | None:
    """The open interval in which every weighted actor gains over ``reference``, or None.

    With linear utilities actor i gains over the reference point r exactly where
    |x - x_i| < |r - x_i|: between r and its mirror image 2 x_i - r.
    """
    active = w > 0
    reach = np.abs(reference - x[active])
    if np.any(reach == 0):
        return None
    left = float(np.max(x[active] - reach))
    right = float(np.min(x[active] + reach))
    return (left, right) if left < right else None


def nash_bargaining_reference(
    positions: ArrayLike,
    weights: ArrayLike,
    reference: float,
    scale: Sequence[float] = (0.0, 100.0),
) -> float:
    """Nash bargaining solution with the disagreement point at the reference point.

    Thomson, Stokman, Achen & König (2006, ch. 4 and 10) set the disagreement outcome of the
    Nash bargaining solution at the reference point r (what happens without a decision).
    With linear utilities the gain of actor i at x is g_i(x) = (|r - x_i| - |x - x_i|) / range,
    and the solution maximises sum_i w_i log g_i(x) where every weighted actor gains. Where
    no such x exists (an actor sits at r, or actors want to leave r in opposite directions)
    no agreement improves on the reference point for all, and r is returned: the model's
    disagreement outcome.
    """
    x, w = _as_pair(positions, weights)
    low, high = check_scale(scale)
    interval = _gain_interval(x, w, _on_scale(reference, low, high))
    if interval is None:
        return float(reference)
    # Inside the interval every gain is positive; the one-sided slopes of the concave
    # objective decide the bisection exactly as for the worst-end version.
    reach = np.abs(reference - x)[None, :]
    left = np.array([max(interval[0], float(np.min(x[w > 0])))])
    right = np.array([min(interval[1], float(np.max(x[w > 0])))])
    if left[0] >= right[0]:
        return float(0.5 * (interval[0] + interval[1]))
    return float(_bisect_nash(left, right, x[None, :], w[None, :], reach, 1e-13 * (high - low))[0])


def kalai_smorodinsky(
    positions: ArrayLike,
    weights: ArrayLike,
    scale: Sequence[float] = (0.0, 100.0),
    reference: float | None = None,
) -> float:
    """Kalai-Smorodinsky bargaining solution (Kalai & Smorodinsky 1975) on one issue.

    Each weighted actor's gain over the disagreement point is divided by its best possible
    gain (at its own position); the solution is the point that maximises the smallest such
    share, i.e. gives every actor the same fraction of its ideal gain as far as the line
    allows. The disagreement point is the reference point when one is given (returned itself
    when no point improves on it for every actor, as in :func:`nash_bargaining_reference`),
    otherwise each actor's worst end of the scale. Weights only decide who takes part: the
    classic solution is symmetric, so zero-weight actors are left out and the others count
    alike. The minimum of concave functions is concave, so a golden-section search finds the
    maximiser.
    """
    x, w = _as_pair(positions, weights)
    low, high = check_scale(scale)
    active = x[w > 0]
    if reference is None:
        ideal = np.maximum(active - low, high - active)
        lo, hi = float(np.min(active)), float(np.max(active))
    else:
        interval = _gain_interval(x, w, _on_scale(reference, low, high))
        if interval is None:
            return float(reference)
        ideal = np.abs(reference - active)
        lo, hi = interval
    if lo == hi:
        return lo

    def worst_share(point: float) -> float:
        return float(np.min((ideal - np.abs(point - active)) / ideal))

    ratio = (math.sqrt(5.0) - 1.0) / 2.0
    a, b = lo, hi
    c, d = b - ratio * (b - a), a + ratio * (b - a)
    fc, fd = worst_share(c), worst_share(d)
    while b - a > 1e-10 * (high - low):
        if fc < fd:
            a, c, fc = c, d, fd
            d = a + ratio * (b - a)
            fd = worst_share(d)
        else:
            b, d, fd = d, c, fc
            c = b - ratio * (b - a)
            fc = worst_share(c)
    return float(0.5 * (a + b))
