"""`validate_models`: every model scored out of sample on real data, as one typed result."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from realpolitik import __version__
from realpolitik.validation.crossval import LEVELS, Forecasts, cross_validate, score_held_out
from realpolitik.validation.data import BargainingRecord, Capability, DataSet, read_dataset
from realpolitik.validation.leaderboard import ModelScore, score
from realpolitik.validation.learners import LEARNERS
from realpolitik.validation.models import MODELS

DEFAULT_MODELS: tuple[str, ...] = tuple(MODELS)
DEFAULT_LEARNERS: tuple[str, ...] = tuple(LEARNERS)


class DataInfo(BaseModel):
    """Which records were scored or learned from."""

    model_config = ConfigDict(frozen=True)
    name: str
    sha256: str
    records: int
    with_reference: int
    skipped: int
    capability: str
    citation: str


class RecordForecast(BaseModel):
    model_config = ConfigDict(frozen=True)
    id: str
    outcome: float
    fold: int
    forecasts: dict[str, float]


class ValidationReport(BaseModel):
    """The leaderboard and everything needed to reproduce it."""

    model_config = ConfigDict(frozen=True)
    version: str
    design: Literal["cross-validation", "held-out"]
    folds: int
    seed: int
    n_boot: int
    levels: list[float]
    data: DataInfo
    train: DataInfo | None
    leaderboard: list[ModelScore]
    best: str
    records: list[RecordForecast]

    def row(self, model: str) -> ModelScore:
        for row in self.leaderboard:
            if row.model == model:
                return row
        raise KeyError(model)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _info(dataset: DataSet, path: Path) -> DataInfo:
    return DataInfo(
        name=dataset.name,
        sha256=_sha256(path),
        records=len(dataset),
        with_reference=sum(record.reference is not None for record in dataset.records),
        skipped=len(dataset.skipped),
        capability=dataset.capability,
        citation=dataset.citation,
    )


def _path(path: str | Path | None) -> Path:
    from realpolitik.validation.data import bundled_path

    return bundled_path() if path is None else Path(path)


def validate_models(
    data: str | Path | None = None,
    train: str | Path | None = None,
    capability: Capability = "equal",
    models: Sequence[str] = DEFAULT_MODELS,
    learners: Sequence[str] = DEFAULT_LEARNERS,
    folds: int = 5,
    seed: int = 0,
    n_boot: int = 2000,
) -> ValidationReport:
    """Score every model out of sample.

    With ``data`` given, every learner (and every conformal interval) is fitted on ``train``
    (default: the bundled DEU III development part) and ``data`` is scored; its outcomes are
    used for nothing else. Without ``data``, the training set itself is scored by K-fold
    cross-validation.
    """
    unknown = [name for name in models if name not in MODELS]
    unknown += [name for name in learners if name not in LEARNERS]
    if unknown:
        raise KeyError(
            f"unknown model(s) {', '.join(unknown)}; known: {', '.join([*MODELS, *LEARNERS])}"
        )
    train_path = _path(train)
    training = read_dataset(train_path, capability)
    if data is None:
        forecasts = cross_validate(training.records, models, learners, folds, seed, LEVELS)
        scored, scored_path, train_info = training, train_path, None
    else:
        scored_path = Path(data)
        scored = read_dataset(scored_path, capability)
        forecasts = score_held_out(
            training.records, scored.records, models, learners, folds, seed, LEVELS
        )
        train_info = _info(training, train_path)
    rows = score(forecasts, _labels(), n_boot=n_boot, seed=seed)
    return ValidationReport(
        version=__version__,
        design="cross-validation" if data is None else "held-out",
        folds=folds,
        seed=seed,
        n_boot=n_boot,
        levels=list(LEVELS),
        data=_info(scored, scored_path),
        train=train_info,
        leaderboard=rows,
        best=rows[0].model,
        records=_record_forecasts(scored.records, forecasts),
    )


def _labels() -> dict[str, tuple[str, bool, bool]]:
    labels = {
        name: (info.label, info.learns, info.uses_reference) for name, (info, _) in MODELS.items()
    }
    for name, learner in LEARNERS.items():
        labels[name] = (learner.info.label, True, learner.info.uses_reference)
    return labels


def _record_forecasts(
    records: Sequence[BargainingRecord], forecasts: Forecasts
) -> list[RecordForecast]:
    return [
        RecordForecast(
            id=record.id,
            outcome=record.outcome,
            fold=int(forecasts.fold[r]),
            forecasts={
                model: float(forecasts.point[r, m]) for m, model in enumerate(forecasts.models)
            },
        )
        for r, record in enumerate(records)
    ]
