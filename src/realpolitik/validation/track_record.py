"""Each forecasting model's track record on real bargaining, shipped with the package.

The track record is what a forecast in a report stands on: for every model the main job runs,
its cross-validated error on the bundled DEU III development part (with bootstrap intervals),
the coverage of its 90% conformal interval on held-out folds, and the half-width of that
interval fitted on all the development issues, which is what a new forecast carries.

It is computed by :func:`compute_track_record` and shipped as ``data/track-record.json``
(``python scripts/make_track_record.py`` writes it; a test checks the shipped file equals a
fresh computation), so that a forecast does not rerun the validation.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np
from pydantic import BaseModel, ConfigDict

from realpolitik.results.bargaining import (
    Calibrated,
    CalibratedForecast,
    ModelTrackRecord,
    TrackRecordSummary,
)
from realpolitik.validation.crossval import LEVELS, MAIN_LEVEL, fit_and_forecast, plain_columns
from realpolitik.validation.data import read_dataset
from realpolitik.validation.leaderboard import Estimate
from realpolitik.validation.models import MODELS, predict
from realpolitik.validation.run import validate_models

#: The models of the main job (``realpolitik.bargaining.MODELS``) that have a track record.
TRACKED: tuple[str, ...] = ("eum", "mean", "median", "nash", "nash-reference")
SHIPPED_NAME = "track-record.json"
CAVEAT = (
    "measured on EU legislative bargaining (DEU III, 1999-2019): a setting with stable "
    "rules and repeated play, not a post-war settlement; treat the figures as the best "
    "available measure of how far each model misses, not a guarantee for this case"
)


class ModelRecord(BaseModel):
    model_config = ConfigDict(frozen=True)
    model: str
    label: str
    rank: int
    mae: Estimate
    difference_from_mean: Estimate | None
    coverage_90: Estimate
    half_width_90: float
    note: str


class TrackRecord(BaseModel):
    """Validated error and calibrated interval of every tracked model."""

    model_config = ConfigDict(frozen=True)
    data: str
    sha256: str
    records: int
    folds: int
    seed: int
    n_boot: int
    capability: str
    citation: str
    caveat: str
    models: dict[str, ModelRecord]
    best: str

    def interval(self, model: str, forecast: float, low: float, high: float) -> tuple[float, float]:
        """The calibrated 90% interval of a forecast on a scale from low to high.

        The half-width was measured on 0-100 issue scales and is carried over in proportion.
        """
        half = self.models[model].half_width_90 * (high - low) / 100.0
        return max(low, forecast - half), min(high, forecast + half)


def compute_track_record(folds: int = 5, seed: int = 0, n_boot: int = 2000) -> TrackRecord:
    """Cross-validate the tracked models on the bundled data and fit their intervals on all."""
    report = validate_models(models=TRACKED, learners=(), folds=folds, seed=seed, n_boot=n_boot)
    data = read_dataset()
    columns = plain_columns(TRACKED, ())
    matrix = predict(data.records, columns)
    y = np.array([record.outcome for record in data.records])
    _, widths, _ = fit_and_forecast(
        matrix, y, matrix[:0], columns, TRACKED, (), folds, seed, LEVELS
    )
    main = LEVELS.index(MAIN_LEVEL)
    models = {}
    for rank, row in enumerate(report.leaderboard, start=1):
        models[row.model] = ModelRecord(
            model=row.model,
            label=row.label,
            rank=rank,
            mae=row.mae,
            difference_from_mean=row.difference_from_mean,
            coverage_90=row.coverage,
            half_width_90=float(widths[TRACKED.index(row.model), main]),
            note=MODELS[row.model][0].note,
        )
    return TrackRecord(
        data=report.data.name,
        sha256=report.data.sha256,
        records=report.data.records,
        folds=folds,
        seed=seed,
        n_boot=n_boot,
        capability=report.data.capability,
        citation=report.data.citation,
        caveat=CAVEAT,
        models=models,
        best=report.best,
    )


def shipped_path() -> Path:
    return Path(str(resources.files("realpolitik.validation") / "data" / SHIPPED_NAME))


def to_json(record: TrackRecord) -> str:
    return json.dumps(record.model_dump(mode="json"), indent=1, sort_keys=True) + "\n"


@cache
def shipped_track_record() -> TrackRecord:
    """The track record shipped with the package."""
    return TrackRecord.model_validate_json(shipped_path().read_text(encoding="utf-8"))


def calibrated_forecasts(forecasts: dict[str, float], low: float, high: float) -> Calibrated:
    """Each model's forecast with its validated error and calibrated 90% interval.

    Models are listed best first by validated error. ``disagree`` is true when the forecasts
    lie further apart than the best model's typical (mean absolute) error, scaled to the issue.
    """
    record = shipped_track_record()
    tracked = sorted(
        (model for model in forecasts if model in record.models),
        key=lambda model: record.models[model].rank,
    )
    rows = [
        CalibratedForecast(
            model=model,
            forecast=forecasts[model],
            interval_90=record.interval(model, forecasts[model], low, high),
            validated_mae=record.models[model].mae.value * (high - low) / 100.0,
            rank=record.models[model].rank,
        )
        for model in tracked
    ]
    values = [forecasts[model] for model in tracked]
    spread = max(values) - min(values) if values else 0.0
    return Calibrated(
        lead=tracked[0] if tracked else None,
        models=rows,
        spread=spread,
        disagree=bool(rows) and spread > rows[0].validated_mae,
    )


def track_record_summary() -> TrackRecordSummary:
    """What a report says about the track record: the data, the design and each model's error."""
    record = shipped_track_record()
    return TrackRecordSummary(
        data=record.data,
        records=record.records,
        design=f"{record.folds}-fold cross-validation, seed {record.seed}",
        capability=record.capability,
        citation=record.citation,
        caveat=record.caveat,
        best=record.best,
        models={
            name: ModelTrackRecord(
                label=entry.label,
                rank=entry.rank,
                mae=(entry.mae.value, entry.mae.low, entry.mae.high),
                coverage_90=entry.coverage_90.value,
                half_width_90=entry.half_width_90,
                note=entry.note,
            )
            for name, entry in sorted(record.models.items(), key=lambda item: item[1].rank)
        },
    )
