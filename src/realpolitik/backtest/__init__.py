"""Backtests: a run's forecasts scored against what happened after the case's date."""

from realpolitik.backtest.score import (
    BacktestError,
    Forecasts,
    IssueForecast,
    backtest,
    brier,
    game_distribution,
    run_forecasts,
    scenario_distribution,
)
from realpolitik.results.backtest import Backtest, CategoryScore, IssueScore

__all__ = [
    "Backtest",
    "BacktestError",
    "CategoryScore",
    "Forecasts",
    "IssueForecast",
    "IssueScore",
    "backtest",
    "brier",
    "game_distribution",
    "run_forecasts",
    "scenario_distribution",
]
