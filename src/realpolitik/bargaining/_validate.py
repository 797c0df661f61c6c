"""Checks on the arrays that enter the public functions (made once, at the boundary)."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from realpolitik.bargaining.errors import BargainingError

FloatArray = NDArray[np.float64]


def check_scale(scale: Sequence[float]) -> tuple[float, float]:
    """Return ``(low, high)`` as floats, or raise if the scale is not an increasing pair."""
    if len(scale) != 2:
        raise BargainingError(f"scale must be a pair (low, high), got {scale!r}")
    low, high = float(scale[0]), float(scale[1])
    if not (math.isfinite(low) and math.isfinite(high)) or not low < high:
        raise BargainingError(
            f"scale must be two finite numbers with low < high, got {scale!r}; "
            "pass the issue's scale, e.g. scale=(0, 100)"
        )
    return low, high


def check_actors(
    positions: ArrayLike,
    saliences: ArrayLike,
    capabilities: ArrayLike,
    scale: Sequence[float],
) -> tuple[FloatArray, FloatArray, FloatArray, tuple[float, float]]:
    """Validate one issue's actor arrays; return them as float arrays with the scale.

    Positions must lie on the scale, saliences in [0, 1] (a case file's 0-100 salience divided
    by 100), capabilities be non-negative, and at least one actor must have both salience and
    capability above zero.
    """
    low, high = check_scale(scale)
    arrays = []
    for name, values in (
        ("positions", positions),
        ("saliences", saliences),
        ("capabilities", capabilities),
    ):
        array = np.asarray(values, dtype=np.float64)
        if array.ndim != 1:
            raise BargainingError(
                f"{name} must be a one-dimensional sequence (one value per actor), "
                f"got shape {array.shape}"
            )
        if not np.all(np.isfinite(array)):
            raise BargainingError(f"{name} contains a missing or infinite value: {array}")
        arrays.append(array)
    x, s, c = arrays
    if not len(x) == len(s) == len(c):
        raise BargainingError(
            "positions, saliences and capabilities must have one value per actor each; "
            f"got lengths {len(x)}, {len(s)}, {len(c)}"
        )
    if len(x) < 2:
        raise BargainingError(f"an issue needs at least two actors, got {len(x)}")
    if np.any(x < low) or np.any(x > high):
        raise BargainingError(
            f"positions must lie on the scale [{low}, {high}], got {x}; "
            "pass the right scale or correct the positions"
        )
    if np.any(s < 0) or np.any(s > 1):
        raise BargainingError(
            f"saliences must lie in [0, 1], got {s}; divide 0-100 saliences by 100"
        )
    if np.any(c < 0):
        raise BargainingError(f"capabilities must be non-negative, got {c}")
    if not np.any(s * c > 0):
        raise BargainingError(
            "at least one actor needs both salience and capability above zero; "
            "otherwise no one has any weight"
        )
    return x, s, c, (low, high)
