"""Backtests: a run's forecasts scored against what happened after the case's date."""

from realpolitik.backtest.score import (
    Backtest,
    BacktestError,
    CategoryScore,
    IssueScore,
    backtest,
    brier,
    game_distribution,
    scenario_distribution,
)

__all__ = [
    "Backtest",
    "BacktestError",
    "CategoryScore",
    "IssueScore",
    "backtest",
    "brier",
    "game_distribution",
    "scenario_distribution",
]
