"""Ensembles: how robust is a scenario's consistency to the judgments behind it?

Judgment uncertainty (the CIB book, Weimer-Jehle 2023, on ensemble and uncertainty
analysis): draw many matrices around the judged one, find the consistent scenarios of each
exactly, and report for every scenario the share of draws in which it is consistent.

Default model, used when a judgment carries no uncertainty of its own: each nonzero judgment
is drawn from a normal distribution centred on it with standard deviation
:data:`DEFAULT_SD`, then clipped to the judgment scale -3..+3; a zero judgment ("no
influence") stays zero; the draws are not rounded. A per-judgment standard deviation array
replaces the default (0 keeps a judgment fixed, and then zeros may vary too).

Several experts: each expert's matrix is a vote weighted by the expert's weight; a scenario's
share is the weight of the experts in whose matrix it is consistent, over the total weight.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from realpolitik import __version__
from realpolitik.scenarios.errors import ScenarioError
from realpolitik.scenarios.limits import Deadline
from realpolitik.scenarios.model import CrossImpactMatrix, FixedVariants, ScenarioTuple
from realpolitik.scenarios.search import DEFAULT_LIMIT, Method, find_consistent

DEFAULT_SD = 0.5
SCALE = 3.0


@dataclass(frozen=True)
class EnsembleScenario:
    """A scenario consistent in at least one member, with its share of the ensemble."""

    variants: ScenarioTuple
    names: tuple[str, ...]
    count: int
    share: float

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {
            "variants": list(self.variants),
            "names": list(self.names),
            "label": " ".join(self.names),
            "count": self.count,
            "share": self.share,
        }


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

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {
            "version": __version__,
            "kind": self.kind,
            "n_runs": self.n_runs,
            "seed": self.seed,
            "tolerance": self.tolerance,
            "fixed": {str(k): v for k, v in self.fixed.items()},
            "scenarios": [s.to_dict() for s in self.scenarios],
        }


def _sd_array(matrix: CrossImpactMatrix, uncertainty: float | ArrayLike | None) -> np.ndarray:
    shape = matrix.impacts.shape
    if uncertainty is None or np.isscalar(uncertainty):
        sd = DEFAULT_SD if uncertainty is None else float(uncertainty)  # type: ignore[arg-type]
        out = np.where(matrix.impacts != 0, sd, 0.0)
    else:
        out = np.array(uncertainty, dtype=np.float64)
        if out.shape != shape:
            raise ScenarioError(
                f"uncertainty: shape {out.shape}, expected {shape} (one sd per judgment)"
            )
    if not np.all(np.isfinite(out)) or np.any(out < 0):
        raise ScenarioError("uncertainty: standard deviations must be finite and >= 0")
    offsets = matrix.offsets
    for j in range(matrix.n_descriptors):  # self-impacts (diagonal blocks) stay as judged
        out[offsets[j] : offsets[j + 1], offsets[j] : offsets[j + 1]] = 0.0
    return out


def sample_matrices(
    matrix: CrossImpactMatrix,
    n_runs: int,
    uncertainty: float | ArrayLike | None = None,
    seed: int | None = None,
) -> Iterator[CrossImpactMatrix]:
    """``n_runs`` matrices drawn around ``matrix`` (see the module docstring for the model)."""
    if n_runs < 1:
        raise ScenarioError("n_runs must be at least 1")
    sd = _sd_array(matrix, uncertainty)
    rng = np.random.default_rng(seed)
    for _ in range(n_runs):
        drawn = np.clip(matrix.impacts + rng.standard_normal(sd.shape) * sd, -SCALE, SCALE)
        drawn = np.where(sd > 0, drawn, matrix.impacts)
        yield CrossImpactMatrix(
            matrix.descriptors, matrix.variants, drawn, matrix.weights, matrix.title
        )


def _tally(
    matrix: CrossImpactMatrix,
    members: Sequence[tuple[CrossImpactMatrix, float]],
    tolerance: float,
    fixed: dict[int, int],
    method: Method,
    limit: int,
    deadline: Deadline | None,
) -> tuple[EnsembleScenario, ...]:
    counts: dict[ScenarioTuple, int] = {}
    weight: dict[ScenarioTuple, float] = {}
    total = sum(w for _, w in members)
    for member, w in members:
        if deadline is not None:
            deadline.check("the ensemble")
        found, _, _ = find_consistent(member, tolerance, fixed, method, limit, deadline=deadline)
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
    uncertainty: float | ArrayLike | None = None,
    seed: int | None = None,
    tolerance: float = 0.0,
    fixed: FixedVariants | None = None,
    method: Method = "auto",
    limit: int = DEFAULT_LIMIT,
    deadline: Deadline | None = None,
) -> EnsembleResult:
    """Share of ``n_runs`` sampled matrices (seeded) in which each scenario is consistent.

    ``uncertainty``: None for the default model, a number for one sd on every nonzero
    judgment, or an array of per-judgment sds shaped like ``matrix.impacts``. ``limit`` and
    ``deadline`` bound every member's search (see :func:`find_consistent`).
    """
    resolved = matrix.resolve_fixed(fixed)
    members = [(m, 1.0) for m in sample_matrices(matrix, n_runs, uncertainty, seed)]
    scenarios = _tally(matrix, members, tolerance, resolved, method, limit, deadline)
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
    members = [(m, float(x)) for m, x in zip(matrices, w, strict=True)]
    scenarios = _tally(first, members, tolerance, resolved, method, limit, deadline)
    return EnsembleResult("experts", len(matrices), None, tolerance, resolved, scenarios)


def mean_matrix(
    matrices: Sequence[CrossImpactMatrix], weights: ArrayLike | None = None
) -> CrossImpactMatrix:
    """The weighted mean of several experts' judgments, as one matrix."""
    first, w = _check_experts(matrices, weights)
    stacked = np.stack([m.weighted_impacts() for m in matrices])
    mean = np.tensordot(w / w.sum(), stacked, axes=1)
    return CrossImpactMatrix(first.descriptors, first.variants, mean, title=first.title)
