"""Bargaining engine: expected-utility forecasts and the classic baselines."""

from realpolitik.bargaining.api import MODELS, Model, forecast, forecast_batch
from realpolitik.bargaining.baselines import nash_bargaining, weighted_mean, weighted_median
from realpolitik.bargaining.errors import BargainingError
from realpolitik.bargaining.eum import run_eum, run_eum_batch
from realpolitik.bargaining.eum_reference import run_eum_reference
from realpolitik.bargaining.options import EumOptions, all_options
from realpolitik.bargaining.results import INTERACTION_TYPES, Forecast

__all__ = [
    "INTERACTION_TYPES",
    "MODELS",
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
