"""Models that learn from training records: status-quo gravity and a stacked model.

Both work on the forecasts of the plain models (:mod:`realpolitik.validation.models`), so a
learner is fitted from a (records, models) forecast matrix and the outcomes of the training
records only, and then applied to other records' rows of the same matrix.

* **Gravity**: x = (1 - lambda) mean + lambda r, a blend of the weighted mean and the reference
  point r (the weighted mean alone where r is unknown). The outcomes of bargaining under a
  status quo are pulled toward it; lambda says how far. It is fitted by least absolute
  error, which has a closed form: lambda is the weighted median of the ratios
  (y - mean) / (r - mean) with weights |r - mean|, clipped to [0, 1].
* **Stacked**: x = sum_m w_m f_m with w_m >= 0 and sum_m w_m = 1 over the plain models'
  forecasts f_m (Wolpert 1992, "Stacked generalization"; Breiman 1996, "Stacked
  regressions", who showed the non-negativity constraint is what keeps stacking honest). The
  weights minimise the training records' absolute error, a small linear programme solved
  with HiGHS through SciPy.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from realpolitik.bargaining.baselines import weighted_median
from realpolitik.validation.models import ModelInfo

FloatArray = NDArray[np.float64]
Parameters = dict[str, Any]


@dataclass(frozen=True)
class Learner:
    """A model fitted from the plain models' forecasts; ``requires`` names the columns it needs."""

    info: ModelInfo
    requires: tuple[str, ...]
    fit: Callable[[FloatArray, FloatArray, Sequence[str]], Parameters]
    apply: Callable[[Parameters, FloatArray, Sequence[str]], FloatArray]


def fit_gravity(forecasts: FloatArray, outcomes: FloatArray, names: Sequence[str]) -> Parameters:
    """Least-absolute-error weight of the reference point against the weighted mean."""
    mean = forecasts[:, list(names).index("mean")]
    reference = forecasts[:, list(names).index("reference")]
    pull = reference - mean
    usable = np.abs(pull) > 1e-12
    if not np.any(usable):
        return {"gravity": 0.0}
    ratios = (outcomes[usable] - mean[usable]) / pull[usable]
    gravity = weighted_median(ratios, np.abs(pull[usable]))
    return {"gravity": float(np.clip(gravity, 0.0, 1.0))}


def apply_gravity(
    parameters: Parameters, forecasts: FloatArray, names: Sequence[str]
) -> FloatArray:
    mean = forecasts[:, list(names).index("mean")]
    reference = forecasts[:, list(names).index("reference")]
    result: FloatArray = mean + parameters["gravity"] * (reference - mean)
    return result


def fit_stacked(forecasts: FloatArray, outcomes: FloatArray, names: Sequence[str]) -> Parameters:
    """Non-negative weights summing to one that minimise the absolute error (an LP)."""
    from scipy.optimize import linprog

    n, m = forecasts.shape
    # Variables: m weights, then n positive and n negative residual parts.
    cost = np.concatenate([np.zeros(m), np.ones(2 * n)])
    equality = np.zeros((n + 1, m + 2 * n))
    equality[:n, :m] = forecasts
    equality[:n, m : m + n] = np.eye(n)
    equality[:n, m + n :] = -np.eye(n)
    equality[n, :m] = 1.0
    target = np.concatenate([outcomes, [1.0]])
    solution = linprog(cost, A_eq=equality, b_eq=target, bounds=(0, None), method="highs")
    if not solution.success:  # pragma: no cover - the programme is always feasible
        raise RuntimeError(f"stacking weights could not be fitted: {solution.message}")
    weights = np.clip(solution.x[:m], 0.0, None)
    weights = weights / weights.sum()
    return {"weights": {name: round(float(w), 12) for name, w in zip(names, weights, strict=True)}}


def apply_stacked(
    parameters: Parameters, forecasts: FloatArray, names: Sequence[str]
) -> FloatArray:
    weights = np.array([parameters["weights"][name] for name in names])
    result: FloatArray = forecasts @ weights
    return result


LEARNERS: dict[str, Learner] = {
    "gravity": Learner(
        ModelInfo(
            "gravity",
            "status-quo gravity (learned blend)",
            "blend of the weighted mean and the reference point, weight fitted on training data",
            uses_reference=True,
            learns=True,
            note="without a reference point, the weighted mean",
        ),
        ("mean", "reference"),
        fit_gravity,
        apply_gravity,
    ),
    "stacked": Learner(
        ModelInfo(
            "stacked",
            "stacked (learned weights over the plain models)",
            "Wolpert (1992), Neural Networks 5(2); Breiman (1996), Machine Learning 24",
            learns=True,
            note="non-negative weights summing to one, least absolute error",
        ),
        (),
        fit_stacked,
        apply_stacked,
    ),
}
