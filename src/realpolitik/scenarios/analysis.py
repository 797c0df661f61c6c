"""One call for a whole CIB study, shaped like the ``realpolitik scenarios`` command.

It chains the pieces of the engine: the exact consistent scenarios (Weimer-Jehle 2006), an
optional succession study with basin sizes, an optional judgment-uncertainty ensemble, and an
optional pick of the most different scenarios for a report.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from numpy.typing import ArrayLike

from realpolitik.scenarios.balance import Scenario
from realpolitik.scenarios.diversity import most_different
from realpolitik.scenarios.ensemble import EnsembleResult, ImpactUncertainty, ensemble_consistency
from realpolitik.scenarios.errors import ScenarioError
from realpolitik.scenarios.limits import Deadline
from realpolitik.scenarios.model import CrossImpactMatrix, FixedVariants
from realpolitik.scenarios.search import DEFAULT_LIMIT, Method, SearchResult, consistent_scenarios
from realpolitik.scenarios.succession import BasinResult, Rule, basins


@dataclass(frozen=True)
class ScenarioAnalysis:
    """Everything :func:`analyse_scenarios` computed; parts not asked for are None."""

    matrix: CrossImpactMatrix
    search: SearchResult
    basins: BasinResult | None
    ensemble: EnsembleResult | None
    top: tuple[Scenario, ...] | None


def analyse_scenarios(
    matrix: CrossImpactMatrix,
    tolerance: float = 0.0,
    fixed: FixedVariants | None = None,
    succession: Rule | None = None,
    n_runs: int = 0,
    seed: int | None = None,
    top: int | None = None,
    method: Method = "auto",
    limit: int = DEFAULT_LIMIT,
    n_samples: int | None = None,
    progress: Callable[[float], None] | None = None,
    uncertainty: float | ArrayLike | ImpactUncertainty | None = None,
    deadline: Deadline | None = None,
) -> ScenarioAnalysis:
    """The consistent scenarios at ``tolerance`` under the intervention ``fixed``; with
    ``succession`` ("global" or "local") the basins of every start (or of ``n_samples``
    seeded random starts, flagged incomplete); with ``n_runs`` > 0 an ensemble of that many
    sampled matrices (default uncertainty model, ``seed``); with ``top`` the ``top`` most
    different consistent scenarios. ``uncertainty`` is passed to
    :func:`~realpolitik.scenarios.ensemble.ensemble_consistency` (per-judgment sds).
    ``deadline`` (:class:`~realpolitik.scenarios.limits.Deadline`, none by default) bounds the
    whole study: past it, or past ``limit`` consistent scenarios in any search, it raises
    :class:`~realpolitik.scenarios.errors.ComputeLimitError` naming the way out."""
    if n_runs < 0:
        raise ScenarioError(f"n_runs={n_runs}: give 0 (no ensemble) or more")
    search = consistent_scenarios(matrix, tolerance, fixed, method, limit, progress, deadline)
    basin_result = (
        None
        if succession is None
        else basins(matrix, succession, fixed, n_samples=n_samples, seed=seed, deadline=deadline)
    )
    ensemble = (
        None
        if n_runs == 0
        else ensemble_consistency(
            matrix,
            n_runs,
            uncertainty,
            seed=seed,
            tolerance=tolerance,
            fixed=fixed,
            method=method,
            limit=limit,
            deadline=deadline,
        )
    )
    chosen = None if top is None else tuple(most_different(search.scenarios, top))
    return ScenarioAnalysis(matrix, search, basin_result, ensemble, chosen)
