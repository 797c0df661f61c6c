"""Uncertainty: Monte Carlo draws of judged inputs and sensitivity of engine outputs."""

from realpolitik.uncertainty.bargaining import (
    DEFAULT_WINNING_DISTANCE,
    BargainingSensitivity,
    ModelSummary,
    MonteCarloResult,
    monte_carlo,
    sensitivity,
)
from realpolitik.uncertainty.errors import UncertaintyError
from realpolitik.uncertainty.sampling import (
    DEFAULT_SD_FRACTION,
    SWING_SDS,
    Judged,
    make_rng,
    sample,
)
from realpolitik.uncertainty.sensitivity import (
    SobolIndices,
    Swing,
    one_at_a_time,
    sobol_indices,
)

__all__ = [
    "DEFAULT_SD_FRACTION",
    "DEFAULT_WINNING_DISTANCE",
    "SWING_SDS",
    "BargainingSensitivity",
    "Judged",
    "ModelSummary",
    "MonteCarloResult",
    "SobolIndices",
    "Swing",
    "UncertaintyError",
    "make_rng",
    "monte_carlo",
    "one_at_a_time",
    "sample",
    "sensitivity",
    "sobol_indices",
]
