"""Bargaining stage: every model on every issue, Monte Carlo bands and sensitivity."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from realpolitik.analysis.core import Progress, RunSettings
from realpolitik.analysis.inputs import issue_inputs
from realpolitik.bargaining import MODELS, Forecast, Model, forecast
from realpolitik.case import Case
from realpolitik.uncertainty import Judged, MonteCarloResult, monte_carlo, sensitivity


def issue_forecasts(
    positions: Judged,
    saliences: Judged,
    capabilities: Judged,
    models: Sequence[Model],
    n_runs: int,
    seed: int,
) -> tuple[dict[str, Forecast], MonteCarloResult]:
    """One issue under each model: point forecasts and Monte Carlo summaries."""
    point: dict[str, Forecast] = {
        model: forecast(positions.value, saliences.value, capabilities.value, model=model)
        for model in models
    }
    spread = monte_carlo(
        positions, saliences, capabilities, models=models, n_runs=n_runs, seed=seed
    )
    return point, spread


def bargaining_stage(case: Case, settings: RunSettings, progress: Progress) -> dict[str, Any]:
    issues: list[dict[str, Any]] = []
    for k, issue in enumerate(case.issues):
        actors, positions, saliences, capabilities = issue_inputs(case, issue)
        point, spread = issue_forecasts(
            positions, saliences, capabilities, MODELS, settings.n_runs, settings.seed + k
        )
        ranking = sensitivity(
            positions, saliences, capabilities, actor_names=actors, model="eum",
            n_base=settings.sensitivity_samples, seed=settings.seed + k,
        )  # fmt: skip
        eum = point["eum"]
        issues.append(
            {
                "id": issue.id,
                "title": issue.title,
                "low": issue.low,
                "high": issue.high,
                "actors": actors,
                "point": {model: result.forecast for model, result in point.items()},
                "eum": {
                    "rounds": eum.rounds,
                    "round_forecasts": eum.round_forecasts,
                    "interactions": eum.interactions,
                    "moved": eum.moved,
                    "path_length": eum.path_length,
                    "parameters": eum.parameters,
                },
                "monte_carlo": spread.to_dict(),
                "sensitivity": ranking.to_dict(),
            }
        )
        progress("bargaining", (k + 1) / len(case.issues))
    return {"models": list(MODELS), "issues": issues}
