"""The pathways stage's results: the case's ``[scenarios.dynamics]`` through the dynamic CIB
engine (:mod:`realpolitik.scenarios.dynamic`, which returns :class:`DynamicResult`, the
stage's ``result``)."""

from __future__ import annotations

from pydantic import ConfigDict

from realpolitik.results.base import ResultModel

# -- what the dynamic CIB engine finds (realpolitik.scenarios.dynamic.pathways) -------------


class _Result(ResultModel):
    model_config = ConfigDict(frozen=True)


class PeriodOutcome(_Result):
    """An attractor a period can settle in: one scenario, or the scenarios of a cycle."""

    id: str
    scenarios: list[list[int]]
    variants: list[dict[str, str]]
    is_cycle: bool


class Pathway(_Result):
    """A sequence of outcomes, one per period (ids into ``DynamicResult.outcomes``), with
    its share of the uniform starts under the judged matrix (0 when it appears only in the
    ensemble), its mean share over the ensemble draws, and the threshold rules that fired
    in each period."""

    outcomes: list[str]
    share: float
    ensemble_share: float | None
    rules: list[list[str]]


class Branch(_Result):
    """One continuation at a branch point: the outcome and the share that takes it."""

    outcome: str
    share: float


class Deciding(_Result):
    """How well one descriptor's starting variant alone predicts the first-period outcome:
    the share of starts it places right by naming, for each of its variants, the outcome
    most starts with that variant reach (``base`` does the same knowing nothing)."""

    descriptor: str
    accuracy: float
    base: float


class BranchPoint(_Result):
    """Pathways that agree up to ``period`` (the outcomes in ``after``) and part there;
    ``descriptors`` are those whose variants differ between the branches, ``cause`` what
    splits them, ``basis`` whether it shows under the judged matrix or only the ensemble.
    Only continuations with a share of at least :data:`BRANCH_MIN_SHARE` are listed;
    ``other`` is the share of the rest. A split by the starting scenario lists in
    ``deciding`` the descriptors whose starting variant best predicts the branch taken."""

    period: str
    after: list[str]
    branches: list[Branch]
    other: float
    descriptors: list[str]
    cause: str
    basis: str
    deciding: list[Deciding]


class EnsembleSummary(_Result):
    n_draws: int
    seed: int | None
    n_starts: int
    complete: bool


class DynamicResult(_Result):
    """Everything :func:`pathways` found. ``complete`` is False when the first-period starts
    were a sample (then the shares are estimates and a rare pathway may be missing)."""

    version: str
    periods: list[str]
    descriptors: list[str]
    exogenous: dict[str, list[str]]
    shocks: list[dict[str, str]]
    thresholds: list[str]
    rule: str
    n_starts: int
    complete: bool
    seed: int | None
    outcomes: list[PeriodOutcome]
    pathways: list[Pathway]
    branch_points: list[BranchPoint]
    ensemble: EnsembleSummary | None


# -- the stage's results --------------------------------------------------------------------


class PeriodSpan(ResultModel):
    """One period of the case: its id, its name and its first and last year."""

    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    start: int
    end: int


class PathwaysResults(ResultModel):
    """The case's periods, its threshold rules by id and title, and what the engine found."""

    model_config = ConfigDict(frozen=True)

    periods: list[PeriodSpan]
    thresholds: dict[str, str]
    result: DynamicResult
