"""Bargaining stage: every model on every issue, Monte Carlo bands and sensitivity."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from realpolitik.analysis.core import Progress, RunSettings
from realpolitik.analysis.inputs import issue_inputs
from realpolitik.bargaining import MODELS, Forecast, Model, forecast
from realpolitik.bargaining.baselines import nash_bargaining_reference
from realpolitik.case import Case
from realpolitik.results.bargaining import BargainingIssue, BargainingResults, EumRun
from realpolitik.uncertainty import Judged, MonteCarloResult, monte_carlo, sensitivity
from realpolitik.validation.track_record import calibrated_forecasts, track_record_summary

FloatArray = NDArray[np.float64]


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


def reference_forecast(positions: FloatArray, weights: FloatArray, reference: float) -> float:
    """The Nash bargaining solution with the issue's reference point as disagreement."""
    return nash_bargaining_reference(positions, weights, reference, (0.0, 100.0))


def bargaining_stage(case: Case, settings: RunSettings, progress: Progress) -> BargainingResults:
    issues: list[BargainingIssue] = []
    for k, issue in enumerate(case.issues):
        actors, positions, saliences, capabilities = issue_inputs(case, issue)
        point, spread = issue_forecasts(
            positions, saliences, capabilities, MODELS, settings.n_runs, settings.seed + k
        )
        ranking = sensitivity(
            positions, saliences, capabilities, actor_names=actors, model="eum",
            n_base=settings.sensitivity_samples, seed=settings.seed + k,
        )  # fmt: skip
        forecasts = {model: result.forecast for model, result in point.items()}
        if issue.reference is not None:
            forecasts["nash-reference"] = reference_forecast(
                positions.value, saliences.value * capabilities.value, issue.reference.value
            )
        issues.append(
            BargainingIssue(
                id=issue.id,
                title=issue.title,
                low=issue.low,
                high=issue.high,
                actors=actors,
                point=forecasts,
                reference=None if issue.reference is None else issue.reference.value,
                calibrated=calibrated_forecasts(forecasts, 0.0, 100.0),
                eum=EumRun.model_validate(point["eum"], from_attributes=True),
                monte_carlo=spread,
                sensitivity=ranking,
            )
        )
        progress("bargaining", (k + 1) / len(case.issues))
    return BargainingResults(
        models=list(MODELS), issues=issues, track_record=track_record_summary()
    )
