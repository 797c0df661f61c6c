"""The bargaining models under validation, each a plain function of one record.

Every model in :data:`MODELS` takes a :class:`BargainingRecord` and returns a point forecast on
the record's scale. The models that learn (``gravity`` and ``stacked``) are fitted in
:mod:`realpolitik.validation.learners` from these models' forecasts on training records only.
A model that uses the reference point says so (``uses_reference``); where a record has no
reference point such a model falls back as its entry states.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from realpolitik.bargaining.baselines import (
    kalai_smorodinsky,
    median_actor,
    nash_bargaining,
    nash_bargaining_reference,
    weighted_mean,
    weighted_median,
)
from realpolitik.bargaining.eum import run_eum
from realpolitik.bargaining.ktab import probabilistic_condorcet, spatial_model_of_politics
from realpolitik.bargaining.options import PRINTED_FORMULA, EumOptions
from realpolitik.validation.data import BargainingRecord

FloatArray = NDArray[np.float64]
Predictor = Callable[[BargainingRecord], float]


@dataclass(frozen=True)
class ModelInfo:
    """What a model is, where it comes from and what it uses."""

    name: str
    label: str
    citation: str
    uses_reference: bool = False
    learns: bool = False
    note: str = ""


def _mean(record: BargainingRecord) -> float:
    return weighted_mean(record.positions, record.weights)


def _median(record: BargainingRecord) -> float:
    return weighted_median(record.positions, record.weights)


def _median_actor(record: BargainingRecord) -> float:
    return median_actor(record.positions[record.weights > 0])


def _nash(record: BargainingRecord) -> float:
    return nash_bargaining(record.positions, record.weights, record.scale)


def _nash_reference(record: BargainingRecord) -> float:
    if record.reference is None:
        return _nash(record)
    return nash_bargaining_reference(
        record.positions, record.weights, record.reference, record.scale
    )


def _kalai_smorodinsky(record: BargainingRecord) -> float:
    return kalai_smorodinsky(record.positions, record.weights, record.scale, record.reference)


def _reference(record: BargainingRecord) -> float:
    return _mean(record) if record.reference is None else record.reference


def _pce(record: BargainingRecord) -> float:
    return probabilistic_condorcet(
        record.positions, record.saliences, record.capabilities, record.scale
    ).forecast


def _smp(record: BargainingRecord) -> float:
    return spatial_model_of_politics(
        record.positions, record.saliences, record.capabilities, record.scale
    ).forecast


def eum_predictor(options: EumOptions) -> Predictor:
    """The expected-utility model under ``options`` as a predictor of one record."""

    def predict(record: BargainingRecord) -> float:
        return run_eum(
            record.positions, record.saliences, record.capabilities, record.scale, options=options
        ).forecast

    return predict


_THOMSON = "Thomson, Stokman, Achen & König (2006), The European Union Decides, ch. 4 and 10"
_KTAB = "Wise, Lee & Efird, KAPSARC KTAB (Spatial Model of Politics; PCE), open C++ code"
MODELS: dict[str, tuple[ModelInfo, Predictor]] = {
    "mean": (
        ModelInfo("mean", "weighted mean (compromise)", _THOMSON),
        _mean,
    ),
    "median": (
        ModelInfo("median", "weighted median", _THOMSON),
        _median,
    ),
    "median-actor": (
        ModelInfo("median-actor", "median actor (unweighted)", "Black (1948); " + _THOMSON),
        _median_actor,
    ),
    "nash": (
        ModelInfo(
            "nash",
            "Nash bargaining, worst-end disagreement",
            "Nash (1950); " + _THOMSON,
            note="disagreement at each actor's worst end of the scale",
        ),
        _nash,
    ),
    "nash-reference": (
        ModelInfo(
            "nash-reference",
            "Nash bargaining, reference-point disagreement",
            "Nash (1950); " + _THOMSON,
            uses_reference=True,
            note="without a reference point, the worst-end version",
        ),
        _nash_reference,
    ),
    "kalai-smorodinsky": (
        ModelInfo(
            "kalai-smorodinsky",
            "Kalai-Smorodinsky",
            "Kalai & Smorodinsky (1975), Econometrica 43(3)",
            uses_reference=True,
            note="disagreement at the reference point, else each actor's worst end",
        ),
        _kalai_smorodinsky,
    ),
    "reference": (
        ModelInfo(
            "reference",
            "reference point (status quo)",
            "the no-change forecast",
            uses_reference=True,
            note="without a reference point, the weighted mean",
        ),
        _reference,
    ),
    "pce": (
        ModelInfo(
            "pce",
            "probabilistic Condorcet election (KTAB)",
            _KTAB,
            note="KTAB defaults: proportional votes, linear victory, conditional PCE",
        ),
        _pce,
    ),
    "smp": (
        ModelInfo(
            "smp",
            "Spatial Model of Politics (KTAB)",
            _KTAB,
            note="one dimension, deterministic, actor queues; see docs/bargaining.md",
        ),
        _smp,
    ),
    "eum": (
        ModelInfo(
            "eum",
            "expected utility (readings chosen on DEU III)",
            "Bueno de Mesquita (1994, 2002); Scholz, Calbert & Smith (2011), JTP 23(4)",
            note=(
                "its readings were chosen on the DEU III development issues, so its figures "
                "there flatter it; docs/bargaining.md gives the nested cross-validation"
            ),
        ),
        eum_predictor(EumOptions()),
    ),
    "eum-printed": (
        ModelInfo(
            "eum-printed",
            "expected utility (printed formulas)",
            "Scholz, Calbert & Smith (2011), JTP 23(4)",
            note="least move, pairwise probability denominator, linear votes",
        ),
        eum_predictor(PRINTED_FORMULA),
    ),
}


def predict(records: Sequence[BargainingRecord], names: Sequence[str]) -> FloatArray:
    """Forecasts of every named model on every record, shape (records, models)."""
    unknown = [name for name in names if name not in MODELS]
    if unknown:
        raise KeyError(f"unknown model(s) {', '.join(unknown)}; known: {', '.join(MODELS)}")
    result = np.empty((len(records), len(names)))
    for column, name in enumerate(names):
        predictor = MODELS[name][1]
        result[:, column] = [predictor(record) for record in records]
    return result
