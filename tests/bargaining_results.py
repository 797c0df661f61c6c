"""Bargaining results built by hand for tests of a consumer: one issue or more, each with the
point forecasts and the expected-utility band given, the other fields small and fixed."""

from __future__ import annotations

from collections.abc import Sequence

from realpolitik.bargaining import EumOptions
from realpolitik.bargaining.results import EumParameters
from realpolitik.results.bargaining import (
    BargainingIssue,
    BargainingResults,
    Calibrated,
    EumRun,
)
from realpolitik.uncertainty.bargaining import (
    BargainingSensitivity,
    ModelSummary,
    MonteCarloParameters,
    MonteCarloResult,
)
from realpolitik.uncertainty.sensitivity import SobolIndices
from realpolitik.validation.track_record import track_record_summary

ACTORS = ("north", "south")


def _summary(model: str, median: float, quartiles: tuple[float, float],
             interval_90: tuple[float, float]) -> ModelSummary:  # fmt: skip
    return ModelSummary(
        model=model, median=median, mean=median, quartiles=quartiles, interval_90=interval_90,
        winning_share=[0.5] * len(ACTORS), runs_without_forecast=0,
    )  # fmt: skip


def bargaining_issue(
    id: str = "border",
    title: str = "Where the border runs",
    point: dict[str, float] | None = None,
    median: float = 50.0,
    quartiles: tuple[float, float] = (45.0, 55.0),
    interval_90: tuple[float, float] = (30.0, 70.0),
) -> BargainingIssue:
    """An issue whose every model forecasts ``point`` (50 each unless given) and whose every
    model's Monte Carlo band is the one given; it has no calibrated forecasts, its
    expected-utility rounds settle at once at 50 and no input moves its forecast."""
    point = point if point is not None else {m: 50.0 for m in ("eum", "mean", "median", "nash")}
    options = EumOptions()
    names = [f"{kind}:{actor}" for kind in ("position", "salience", "capability")
             for actor in ACTORS]  # fmt: skip
    zeros = [0.0] * len(names)
    return BargainingIssue(
        id=id, title=title, low="the north's line", high="the south's line",
        actors=list(ACTORS), point=point, reference=None,
        calibrated=Calibrated(lead=None, models=[], spread=0.0, disagree=False),
        eum=EumRun(
            rounds=[[20.0, 80.0]], round_forecasts=[50.0], interactions=[],
            moved=[0.0, 0.0], path_length=[0.0, 0.0],
            parameters=EumParameters(options=options, max_rounds=100, tolerance=1e-12, q=1.0,
                                     t=1.0),
            status="settled", cycle_length=0, cycle_low=50.0, cycle_high=50.0,
        ),
        monte_carlo=MonteCarloResult(
            n_runs=10, seed=0, scale=(0.0, 100.0),
            summaries={m: _summary(m, median, quartiles, interval_90) for m in point},
            parameters=MonteCarloParameters(options=options, max_rounds=100,
                                            winning_distance=0.1, default_sd_fraction=0.05),
        ),
        sensitivity=BargainingSensitivity(
            model="eum", sobol=SobolIndices.ranked(names, zeros, zeros, zeros, zeros, 0),
            swings=[],
        ),
    )  # fmt: skip


def bargaining_results(issues: Sequence[BargainingIssue]) -> BargainingResults:
    """The bargaining stage's results holding ``issues``."""
    return BargainingResults(
        issues=list(issues), models=["eum", "mean", "median", "nash"],
        track_record=track_record_summary(),
    )  # fmt: skip
