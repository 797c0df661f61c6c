"""The bargaining stage's results: every model's forecast on every issue, the Monte Carlo
bands, the sensitivity ranking and the models' track record on real bargaining.

The engine's own result objects (:class:`~realpolitik.uncertainty.bargaining.MonteCarloResult`,
:class:`~realpolitik.uncertainty.bargaining.BargainingSensitivity`,
:class:`~realpolitik.bargaining.EumOptions` inside the parameters) are held as they are; this
module adds what the stage puts around them."""

from __future__ import annotations

from realpolitik.bargaining.results import EumParameters, Forecast
from realpolitik.results.base import ResultModel
from realpolitik.uncertainty.bargaining import BargainingSensitivity, MonteCarloResult


class EumRun(ResultModel):
    """The rounds of the expected-utility model on one issue with the stated inputs (the
    fields of :class:`~realpolitik.bargaining.Forecast` that the report draws)."""

    rounds: list[list[float]]
    round_forecasts: list[float]
    interactions: list[list[list[int]]]
    moved: list[float]
    path_length: list[float]
    parameters: EumParameters
    status: str
    cycle_length: int
    cycle_low: float
    cycle_high: float


class CalibratedForecast(ResultModel):
    """One model's forecast with its validated error and calibrated 90% interval, both
    carried over to the issue's scale."""

    model: str
    forecast: float
    interval_90: tuple[float, float]
    validated_mae: float
    rank: int


class Calibrated(ResultModel):
    """Every tracked model's calibrated forecast on one issue, best first by validated error.
    ``lead`` is the best model (``None`` when no model has a track record); ``disagree`` is
    true when the forecasts lie further apart (``spread``) than the best model's typical
    error on the issue's scale."""

    lead: str | None
    models: list[CalibratedForecast]
    spread: float
    disagree: bool


class ModelTrackRecord(ResultModel):
    """One model's validated record: its rank, its mean absolute error with the bootstrap
    interval (value, low, high), the held-out coverage and half-width of its 90% interval."""

    label: str
    rank: int
    mae: tuple[float, float, float]
    coverage_90: float
    half_width_90: float
    note: str


class TrackRecordSummary(ResultModel):
    """What a report says about the track record: the data, the design and each model's
    error, best first."""

    data: str
    records: int
    design: str
    capability: str
    citation: str
    caveat: str
    best: str
    models: dict[str, ModelTrackRecord]


class BargainingIssue(ResultModel):
    """Every model's forecast on one issue, with its Monte Carlo bands and sensitivity.
    ``point`` holds each model's forecast with the stated inputs (and ``nash-reference``
    where the issue has a ``reference`` point); ``low`` and ``high`` name the scale's ends."""

    id: str
    title: str
    low: str
    high: str
    actors: list[str]
    point: dict[str, float]
    reference: float | None
    calibrated: Calibrated
    eum: EumRun
    monte_carlo: MonteCarloResult
    sensitivity: BargainingSensitivity


class IssueForecasts(ResultModel):
    """One issue as ``realpolitik forecast --json`` gives it: each model's whole forecast,
    the calibrated forecasts and the Monte Carlo summaries."""

    issue: str
    title: str
    actors: list[str]
    forecasts: dict[str, Forecast]
    calibrated: Calibrated
    monte_carlo: MonteCarloResult


class ForecastsOutput(ResultModel):
    """What ``realpolitik forecast --json`` prints: the track record and every issue."""

    track_record: TrackRecordSummary
    issues: list[IssueForecasts]


class BargainingResults(ResultModel):
    """The bargaining stage: the models run, every issue, and the models' track record."""

    issues: list[BargainingIssue]
    models: list[str]
    track_record: TrackRecordSummary
