"""The leverage stage's results: which cross-impact judgments carry the consistent set.

Judgments and variants are named ``descriptor.variant`` (the case's own form) and scenarios
``{descriptor: variant}``. The method: :mod:`realpolitik.scenarios.leverage`. A judgment of a
case carries its grounds (``evidence`` ids, or the stated ``assumption``); one of a matrix file
(``realpolitik scenarios --leverage`` on a .scw or .csv) has none, and then both keys are
absent from the JSON rather than empty."""

from __future__ import annotations

from pydantic import MISSING

from realpolitik.results.base import ResultModel

#: A scenario by name: each descriptor with the variant it holds.
Named = dict[str, str]


class JudgmentLeverage(ResultModel):
    """A judgment whose change of ``smallest_change`` points (in the directions ``deltas``)
    removes ``removes`` consistent scenarios and adds ``adds``; with a case's judgment, its
    grounds: the evidence ids behind it, or the assumption stated instead (None when it
    rests on evidence)."""

    source: str
    target: str
    value: float
    smallest_change: int
    deltas: list[int]
    removes: int
    adds: int
    evidence: list[str] | MISSING = MISSING
    assumption: str | MISSING | None = MISSING


class ScenarioFragility(ResultModel):
    """A consistent scenario: how many single changes remove it, and the smallest change
    (single or pair, in points) that does; None when none within reach does."""

    variants: Named
    single_levers: int
    smallest_change: int | None


class JudgmentChange(ResultModel):
    """One judgment changed from ``value`` by ``delta`` to ``new_value`` (with a case's
    judgment, its grounds as in :class:`JudgmentLeverage`)."""

    source: str
    target: str
    value: float
    delta: int
    new_value: float
    evidence: list[str] | MISSING = MISSING
    assumption: str | MISSING | None = MISSING


class Lever(ResultModel):
    """A change of one or two judgments (``size`` points in all) and the consistent
    scenarios it removes and the scenarios it makes consistent."""

    changes: list[JudgmentChange]
    size: int
    removed: list[Named]
    added: list[Named]


class LeverageResults(ResultModel):
    """The leverage points for changes of at most ``steps`` points within ``scale``:
    the judgments that matter (most decisive first), each consistent scenario's fragility,
    every single lever and the first of the smallest pairs (``n_pairs`` counts them all)."""

    steps: int
    tolerance: float
    scale: list[float] | None
    n_judgments: int
    off_scale: int
    pairs_searched: bool
    n_consistent: int
    n_added: int
    judgments: list[JudgmentLeverage]
    scenarios: list[ScenarioFragility]
    singles: list[Lever]
    n_pairs: int
    pairs: list[Lever]
