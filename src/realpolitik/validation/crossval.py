"""Out-of-sample scoring of the bargaining models: K-fold cross-validation or a held-out file.

Every model's forecast of a record is made without that record's outcome: the plain models
never learn, and the learners (:mod:`realpolitik.validation.learners`) and the conformal
interval half-widths are fitted on training records only. For a learner the calibration
errors behind its interval are themselves out of fold (an inner K-fold split of the training
records), so its interval is not narrowed by its own fit.

Two designs share one code path, :func:`fit_and_forecast`:

* :func:`cross_validate`: the records of one data set in K folds (seeded); each fold is
  forecast from the other K - 1.
* :func:`score_held_out`: every learner fitted on a training set, forecasts made for a
  separate scored set, whose outcomes are used for nothing but the score.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from realpolitik.validation.conformal import conformal_quantile
from realpolitik.validation.data import BargainingRecord
from realpolitik.validation.learners import LEARNERS, Parameters
from realpolitik.validation.models import predict

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

#: Nominal levels of the conformal intervals; the first report figure uses 0.9.
LEVELS: tuple[float, ...] = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95)
MAIN_LEVEL = 0.9
#: The plain models every learner may draw on, always computed.
REQUIRED = ("mean", "reference")


@dataclass(frozen=True)
class Forecasts:
    """Out-of-sample forecasts of every model on the scored records.

    ``point[r, m]`` is model m's forecast of record r and ``half_width[r, m, l]`` the half-width
    of its conformal interval at ``levels[l]`` (the same within a fold). ``parameters[m]`` holds
    what a learner learned, fold by fold.
    """

    models: tuple[str, ...]
    outcomes: FloatArray
    point: FloatArray
    half_width: FloatArray
    scale_low: FloatArray
    scale_high: FloatArray
    fold: IntArray
    levels: tuple[float, ...]
    parameters: dict[str, list[Parameters]]


def fold_labels(n: int, folds: int, seed: int) -> IntArray:
    """A seeded, balanced assignment of n records to ``folds`` folds."""
    if not 2 <= folds <= n:
        raise ValueError(f"folds must lie between 2 and the number of records ({n}), got {folds}")
    order = np.random.default_rng(seed).permutation(n)
    labels = np.empty(n, dtype=np.int64)
    labels[order] = np.arange(n) % folds
    return labels


def plain_columns(plain: Sequence[str], learners: Sequence[str]) -> tuple[str, ...]:
    """The plain models to compute: those asked for plus what the learners need."""
    needed = list(plain)
    for name in learners:
        for column in LEARNERS[name].requires:
            if column not in needed:
                needed.append(column)
    return tuple(needed)


def _learn(
    name: str, train: FloatArray, y: FloatArray, test: FloatArray, columns: Sequence[str]
) -> tuple[FloatArray, Parameters]:
    learner = LEARNERS[name]
    parameters = learner.fit(train, y, columns)
    return learner.apply(parameters, test, columns), parameters


def fit_and_forecast(
    train: FloatArray,
    y_train: FloatArray,
    test: FloatArray,
    columns: Sequence[str],
    plain: Sequence[str],
    learners: Sequence[str],
    inner_folds: int,
    seed: int,
    levels: Sequence[float] = LEVELS,
) -> tuple[FloatArray, FloatArray, list[Parameters]]:
    """Forecasts and interval half-widths for the test rows, fitted on the training rows only.

    ``train`` and ``test`` are plain-model forecast matrices over ``columns``. Returns the
    point forecasts (test rows, models), the half-widths (models, levels) and each learner's
    parameters. Models are ``plain`` followed by ``learners``.
    """
    index = [list(columns).index(name) for name in plain]
    points = [test[:, index]]
    errors = [np.abs(train[:, index] - y_train[:, None])]
    fitted = []
    if learners:
        inner = fold_labels(len(y_train), min(inner_folds, len(y_train)), seed)
        for name in learners:
            forecast, parameters = _learn(name, train, y_train, test, columns)
            points.append(forecast[:, None])
            fitted.append(parameters)
            out_of_fold = np.empty(len(y_train))
            for k in range(inner.max() + 1):
                held = inner == k
                out_of_fold[held] = _learn(
                    name, train[~held], y_train[~held], train[held], columns
                )[0]
            errors.append(np.abs(out_of_fold - y_train)[:, None])
    calibration = np.concatenate(errors, axis=1)
    half_widths = np.array(
        [[conformal_quantile(calibration[:, m], level) for level in levels]
         for m in range(calibration.shape[1])]
    )  # fmt: skip
    return np.concatenate(points, axis=1), half_widths, fitted


def _scales(records: Sequence[BargainingRecord]) -> tuple[FloatArray, FloatArray]:
    return (
        np.array([record.scale[0] for record in records]),
        np.array([record.scale[1] for record in records]),
    )


def cross_validate(
    records: Sequence[BargainingRecord],
    plain: Sequence[str],
    learners: Sequence[str] = (),
    folds: int = 5,
    seed: int = 0,
    levels: Sequence[float] = LEVELS,
    forecasts: FloatArray | None = None,
) -> Forecasts:
    """K-fold cross-validated forecasts of every model on ``records``.

    ``forecasts`` may pass the plain models' forecast matrix over the columns
    ``plain_columns(plain, learners)`` when it is already computed (it does not depend on folds).
    """
    columns = plain_columns(plain, learners)
    matrix = predict(records, columns) if forecasts is None else forecasts
    y = np.array([record.outcome for record in records])
    labels = fold_labels(len(records), folds, seed)
    n_models = len(plain) + len(learners)
    point = np.empty((len(records), n_models))
    half_width = np.empty((len(records), n_models, len(levels)))
    parameters: dict[str, list[Parameters]] = {name: [] for name in learners}
    for k in range(folds):
        test = labels == k
        fold_point, fold_width, fitted = fit_and_forecast(
            matrix[~test], y[~test], matrix[test], columns, plain, learners, folds, seed + 1 + k,
            levels,
        )  # fmt: skip
        point[test] = fold_point
        half_width[test] = fold_width[None, :, :]
        for name, value in zip(learners, fitted, strict=True):
            parameters[name].append(value)
    low, high = _scales(records)
    return Forecasts(
        models=(*plain, *learners),
        outcomes=y,
        point=point,
        half_width=half_width,
        scale_low=low,
        scale_high=high,
        fold=labels,
        levels=tuple(levels),
        parameters=parameters,
    )


def score_held_out(
    train: Sequence[BargainingRecord],
    scored: Sequence[BargainingRecord],
    plain: Sequence[str],
    learners: Sequence[str] = (),
    folds: int = 5,
    seed: int = 0,
    levels: Sequence[float] = LEVELS,
) -> Forecasts:
    """Forecasts for ``scored`` from models and intervals fitted on ``train`` alone."""
    columns = plain_columns(plain, learners)
    matrix_train = predict(train, columns)
    matrix_scored = predict(scored, columns)
    y_train = np.array([record.outcome for record in train])
    point, widths, fitted = fit_and_forecast(
        matrix_train, y_train, matrix_scored, columns, plain, learners, folds, seed, levels
    )
    low, high = _scales(scored)
    return Forecasts(
        models=(*plain, *learners),
        outcomes=np.array([record.outcome for record in scored]),
        point=point,
        half_width=np.broadcast_to(widths, (len(scored), *widths.shape)).copy(),
        scale_low=low,
        scale_high=high,
        fold=np.zeros(len(scored), dtype=np.int64),
        levels=tuple(levels),
        parameters={name: [value] for name, value in zip(learners, fitted, strict=True)},
    )
