"""Ensembles: how robust is a scenario's consistency to the judgments behind it?

Judgment uncertainty (the CIB book, Weimer-Jehle 2023, on ensemble and uncertainty
analysis): draw many matrices around the judged one, find the consistent scenarios of each
exactly, and report for every scenario the share of draws in which it is consistent.

Drawing the matrices goes through the one uncertainty layer (realpolitik.uncertainty,
docs/uncertainty.md): every judgment is one input of a problem, drawn by the same rules as
every other judged number: a stated range is triangular with its mode at the judgment, a
stated sd a normal truncated to the matrix's scale, and a nonzero judgment that states
nothing a truncated normal with 5 % of the scale's width as sd (0.3 on -3..+3). The scale is
the conventional -3..+3 (Weimer-Jehle 2006), widened to the largest judgment the matrix holds
(a ScenarioWizard matrix judged on -5..+5 keeps its 5s), or the one given as ``scale``. A zero
judgment ("no influence") that states no uncertainty stays zero, and a descriptor never acts
on itself; the draws are not rounded. The members are searched through the current executor
(serial, local processes or Dask), with the same results whichever.

Several experts: each expert's matrix is a vote weighted by the expert's weight; a scenario's
share is the weight of the experts in whose matrix it is consistent, over the total weight.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from numpy.typing import ArrayLike, NDArray

from realpolitik.scenarios.balance import Labelled
from realpolitik.scenarios.errors import ScenarioError
from realpolitik.scenarios.limits import Deadline
from realpolitik.scenarios.model import CrossImpactMatrix, FixedVariants, ScenarioTuple
from realpolitik.scenarios.search import DEFAULT_LIMIT, Method, find_consistent
from realpolitik.uncertainty import (
    DEFAULT_SD_FRACTION,
    Judged,
    Problem,
    UncertaintyError,
    evaluate_each,
    sample,
)

#: The conventional cross-impact scale is -SCALE..+SCALE (a matrix's larger judgments widen it).
SCALE = 3.0

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class ImpactUncertainty:
    """Stated uncertainty of each judgment, arrays shaped like the impacts: ``sd``, and the
    ``low`` and ``high`` ends of a range; NaN where nothing of that kind is stated."""

    sd: FloatArray
    low: FloatArray
    high: FloatArray

    def transposed(self) -> ImpactUncertainty:
        """The same statements for the transposed matrix."""
        return ImpactUncertainty(self.sd.T.copy(), self.low.T.copy(), self.high.T.copy())


def impact_scale(matrix: CrossImpactMatrix, scale: float | None = None) -> float:
    """The half-width of the judgment scale draws stay within (module docstring)."""
    largest = float(np.max(np.abs(matrix.impacts), initial=0.0))
    if scale is None:
        return max(SCALE, largest)
    if not np.isfinite(scale) or scale < largest:
        raise ScenarioError(
            f"scale {scale!r}: give a finite number at least the largest judgment ({largest:g})"
        )
    return float(scale)


def default_impact_sd(scale: float = SCALE) -> float:
    """The sd of a nonzero judgment that states no uncertainty, on the scale -scale..+scale."""
    return DEFAULT_SD_FRACTION * 2 * scale


@dataclass(frozen=True)
class EnsembleScenario(Labelled):
    """A scenario consistent in at least one member, with its share of the ensemble."""

    variants: ScenarioTuple
    names: tuple[str, ...]
    count: int
    share: float


@dataclass(frozen=True)
class EnsembleResult:
    """Scenarios ordered by share (highest first, ties by variants). ``n_runs`` is the number
    of sampled matrices or experts; ``seed`` is None for expert ensembles."""

    kind: str
    n_runs: int
    seed: int | None
    tolerance: float
    fixed: dict[int, int]
    scenarios: tuple[EnsembleScenario, ...]

    @cached_property
    def _shares(self) -> dict[ScenarioTuple, float]:
        return {s.variants: s.share for s in self.scenarios}

    def share_of(self, scenario: Sequence[int]) -> float:
        """The share of one scenario (0 when it was never consistent)."""
        return self._shares.get(tuple(int(v) for v in scenario), 0.0)


def _statements(
    matrix: CrossImpactMatrix, uncertainty: float | ArrayLike | ImpactUncertainty | None
) -> ImpactUncertainty:
    shape = matrix.impacts.shape
    nan = np.full(shape, np.nan)
    if isinstance(uncertainty, ImpactUncertainty):
        stated = uncertainty
    elif uncertainty is None:
        stated = ImpactUncertainty(nan, nan, nan)
    elif np.isscalar(uncertainty):
        sd = np.where(matrix.impacts != 0, float(uncertainty), np.nan)  # type: ignore[arg-type]
        stated = ImpactUncertainty(sd, nan, nan)
    else:
        stated = ImpactUncertainty(np.array(uncertainty, dtype=np.float64), nan, nan)
    for name in ("sd", "low", "high"):
        if getattr(stated, name).shape != shape:
            raise ScenarioError(
                f"uncertainty: {name} has shape {getattr(stated, name).shape}, expected "
                f"{shape} (one per judgment)"
            )
    if np.any(np.isinf(stated.sd)) or np.any(stated.sd < 0):
        raise ScenarioError("uncertainty: standard deviations must be finite and >= 0")
    return stated


def impact_problem(
    matrix: CrossImpactMatrix,
    uncertainty: float | ArrayLike | ImpactUncertainty | None = None,
    scale: float | None = None,
) -> tuple[Problem, tuple[FloatArray, FloatArray]]:
    """The matrix's judgments as a problem of the uncertainty layer, and the (row, column)
    cells its inputs stand for. ``uncertainty``: None (the default rule), one sd for every
    nonzero judgment, an array of sds (NaN: not stated), or :class:`ImpactUncertainty`."""
    stated = _statements(matrix, uncertainty)
    half = impact_scale(matrix, scale)
    judged = (matrix.impacts != 0) | (stated.sd > 0) | ~np.isnan(stated.low)
    offsets = matrix.offsets
    for j in range(matrix.n_descriptors):  # self-impacts (diagonal blocks) stay as judged
        judged[offsets[j] : offsets[j + 1], offsets[j] : offsets[j + 1]] = False
    rows, columns = np.nonzero(judged)
    label = [f"impact:{r}>{c}" for r, c in zip(rows.tolist(), columns.tolist(), strict=True)]
    try:
        group = Judged.of(
            matrix.impacts[rows, columns], sd=stated.sd[rows, columns],
            low=stated.low[rows, columns], high=stated.high[rows, columns], bounds=(-half, half),
        )  # fmt: skip
    except UncertaintyError as error:
        raise ScenarioError(f"uncertainty: {error}") from None
    problem = Problem.of({"impacts": group}, {"impacts": label})
    return problem, (rows.astype(np.float64), columns.astype(np.float64))


def _matrices(
    matrix: CrossImpactMatrix, cells: tuple[FloatArray, FloatArray], rows: FloatArray
) -> Iterator[CrossImpactMatrix]:
    r, c = cells[0].astype(np.intp), cells[1].astype(np.intp)
    for row in rows:
        impacts = matrix.impacts.astype(np.float64, copy=True)
        impacts[r, c] = row
        yield CrossImpactMatrix(
            matrix.descriptors, matrix.variants, impacts, matrix.weights, matrix.title
        )


def sample_matrices(
    matrix: CrossImpactMatrix,
    n_runs: int,
    uncertainty: float | ArrayLike | ImpactUncertainty | None = None,
    seed: int | None = None,
    scale: float | None = None,
) -> Iterator[CrossImpactMatrix]:
    """``n_runs`` matrices drawn around ``matrix`` (see the module docstring for the model)."""
    if n_runs < 1:
        raise ScenarioError("n_runs must be at least 1")
    problem, cells = impact_problem(matrix, uncertainty, scale)
    yield from _matrices(matrix, cells, sample(problem, n_runs, seed).rows())


def _member_scenarios(
    rows: FloatArray,
    matrix: CrossImpactMatrix,
    cells: tuple[FloatArray, FloatArray],
    tolerance: float,
    fixed: dict[int, int],
    method: Method,
    limit: int,
    seconds: tuple[float, float] | None,
) -> list[list[ScenarioTuple]]:
    """The consistent scenarios of each drawn matrix (one chunk of rows; module-level so an
    executor can ship it). ``seconds``: the study's budget and what is left of it."""
    deadline = None if seconds is None else Deadline(seconds[0], time.monotonic() + seconds[1])
    found = []
    for member in _matrices(matrix, cells, rows):
        if deadline is not None:
            deadline.check("the ensemble")
        scenarios, _, _ = find_consistent(
            member, tolerance, fixed, method, limit, deadline=deadline
        )
        found.append(list(scenarios))
    return found


def _tally(
    matrix: CrossImpactMatrix, members: Sequence[tuple[Sequence[ScenarioTuple], float]]
) -> tuple[EnsembleScenario, ...]:
    counts: dict[ScenarioTuple, int] = {}
    weight: dict[ScenarioTuple, float] = {}
    total = sum(w for _, w in members)
    for found, w in members:
        for z in found:
            counts[z] = counts.get(z, 0) + 1
            weight[z] = weight.get(z, 0.0) + w
    ordered = sorted(counts, key=lambda z: (-weight[z], z))
    return tuple(
        EnsembleScenario(z, matrix.variant_names(z), counts[z], weight[z] / total) for z in ordered
    )


def ensemble_consistency(
    matrix: CrossImpactMatrix,
    n_runs: int = 100,
    uncertainty: float | ArrayLike | ImpactUncertainty | None = None,
    seed: int | None = None,
    tolerance: float = 0.0,
    fixed: FixedVariants | None = None,
    method: Method = "auto",
    limit: int = DEFAULT_LIMIT,
    deadline: Deadline | None = None,
    scale: float | None = None,
) -> EnsembleResult:
    """Share of ``n_runs`` sampled matrices (seeded) in which each scenario is consistent.

    ``uncertainty``: None for the default rule, a number for one sd on every nonzero
    judgment, an array of per-judgment sds shaped like ``matrix.impacts``, or
    :class:`ImpactUncertainty` (sds and ranges). ``limit`` and ``deadline`` bound every
    member's search (see :func:`find_consistent`); ``scale`` is described in the module
    docstring. The members are searched through the current executor.
    """
    if n_runs < 1:
        raise ScenarioError("n_runs must be at least 1")
    resolved = matrix.resolve_fixed(fixed)
    problem, cells = impact_problem(matrix, uncertainty, scale)
    draws = sample(problem, n_runs, seed)
    seconds = None if deadline is None else (deadline.seconds, deadline.remaining())
    search = functools.partial(
        _member_scenarios, matrix=matrix, cells=cells, tolerance=tolerance, fixed=resolved,
        method=method, limit=limit, seconds=seconds,
    )  # fmt: skip
    found = evaluate_each(search, draws)
    scenarios = _tally(matrix, [(member, 1.0) for member in found])
    return EnsembleResult("judgment-uncertainty", n_runs, seed, tolerance, resolved, scenarios)


def _check_experts(
    matrices: Sequence[CrossImpactMatrix], weights: ArrayLike | None
) -> tuple[CrossImpactMatrix, np.ndarray]:
    if not matrices:
        raise ScenarioError("experts: give at least one matrix")
    first = matrices[0]
    for index, other in enumerate(matrices[1:], start=1):
        if other.descriptors != first.descriptors or other.variants != first.variants:
            raise ScenarioError(
                f"experts: matrix {index} has other descriptors or variants than matrix 0; "
                "all experts must judge the same structure"
            )
    w = np.ones(len(matrices)) if weights is None else np.asarray(weights, dtype=np.float64)
    if w.shape != (len(matrices),) or np.any(w < 0) or not np.all(np.isfinite(w)) or w.sum() <= 0:
        raise ScenarioError(
            f"experts: give {len(matrices)} finite weights >= 0 with a positive sum"
        )
    return first, w


def expert_ensemble(
    matrices: Sequence[CrossImpactMatrix],
    weights: ArrayLike | None = None,
    tolerance: float = 0.0,
    fixed: FixedVariants | None = None,
    method: Method = "auto",
    limit: int = DEFAULT_LIMIT,
    deadline: Deadline | None = None,
) -> EnsembleResult:
    """Weighted share of experts in whose matrix each scenario is consistent."""
    first, w = _check_experts(matrices, weights)
    resolved = first.resolve_fixed(fixed)
    members = []
    for m, x in zip(matrices, w, strict=True):
        if deadline is not None:
            deadline.check("the ensemble")
        found, _, _ = find_consistent(m, tolerance, resolved, method, limit, deadline=deadline)
        members.append((found, float(x)))
    scenarios = _tally(first, members)
    return EnsembleResult("experts", len(matrices), None, tolerance, resolved, scenarios)


def mean_matrix(
    matrices: Sequence[CrossImpactMatrix], weights: ArrayLike | None = None
) -> CrossImpactMatrix:
    """The weighted mean of several experts' judgments, as one matrix."""
    first, w = _check_experts(matrices, weights)
    stacked = np.stack([m.weighted_impacts() for m in matrices])
    mean = np.tensordot(w / w.sum(), stacked, axes=1)
    return CrossImpactMatrix(first.descriptors, first.variants, mean, title=first.title)
