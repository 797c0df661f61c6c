"""Bargaining engine: expected-utility forecasts and the classic baselines."""

from realpolitik.bargaining.api import MODELS, Model, forecast, forecast_batch
from realpolitik.bargaining.baselines import nash_bargaining, weighted_mean, weighted_median
from realpolitik.bargaining.errors import BargainingError
from realpolitik.bargaining.eum import run_eum, run_eum_batch
from realpolitik.bargaining.eum_reference import run_eum_reference
from realpolitik.bargaining.options import (
    PRINTED_FORMULA,
    SCHOLZ_REPLICATION,
    EumOptions,
    all_options,
)
from realpolitik.bargaining.results import INTERACTION_TYPES, RUN_STATUSES, Forecast

__all__ = [
    "INTERACTION_TYPES",
    "MODELS",
    "PRINTED_FORMULA",
    "RUN_STATUSES",
    "SCHOLZ_REPLICATION",
    "BargainingError",
    "EumOptions",
    "Forecast",
    "Model",
    "all_options",
    "forecast",
    "forecast_batch",
    "nash_bargaining",
    "run_eum",
    "run_eum_batch",
    "run_eum_reference",
    "weighted_mean",
    "weighted_median",
]
