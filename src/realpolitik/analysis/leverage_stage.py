"""Leverage stage: which of the case's cross-impact judgments carry the consistent set.

For every judgment the case states, the changes of at most :data:`STEPS` point that add or
remove a consistent scenario, and the smallest pairs for the scenarios no single change
reaches (exact; :mod:`realpolitik.scenarios.leverage`). Only stated judgments may change: a
cell the case leaves out is no one's judgment, and a change that leaves the -3..+3 scale is
not made.
"""

from __future__ import annotations

from realpolitik.analysis.core import Progress, RunSettings
from realpolitik.analysis.scenarios_stage import case_matrix
from realpolitik.case import Case
from realpolitik.case.checks import MAX_CONSISTENT_SCENARIOS
from realpolitik.case.model import CrossImpact
from realpolitik.results.leverage import LeverageResults
from realpolitik.scenarios import CrossImpactMatrix, Deadline
from realpolitik.scenarios.leverage import DEFAULT_STEPS, leverage_points, leverage_results

#: Largest change of one judgment in the main job (points on the -3..+3 scale); see
#: :data:`realpolitik.scenarios.leverage.DEFAULT_STEPS` for why one.
STEPS = DEFAULT_STEPS

#: Pairs kept in the results (all are counted); the report shows fewer.
MAX_PAIRS = 40


def case_judgments(case: Case, matrix: CrossImpactMatrix) -> dict[tuple[int, int], CrossImpact]:
    """The case's stated cross-impact judgments by (source, target) variant index."""
    index: dict[str, int] = {}
    for d, descriptor in enumerate(matrix.descriptors):
        for v, variant in enumerate(matrix.variants[d]):
            index[f"{descriptor}.{variant}"] = matrix.offsets[d] + v
    return {(index[i.source], index[i.target]): i for i in case.scenarios.impacts}


def grounds(judgment: CrossImpact) -> tuple[list[str], str | None]:
    """The evidence ids and the stated assumption behind a judgment."""
    return list(judgment.evidence), judgment.assumption


def case_leverage(
    case: Case,
    matrix: CrossImpactMatrix,
    steps: int,
    tolerance: float,
    deadline: Deadline | None = None,
    max_pairs: int | None = None,
) -> LeverageResults:
    """The leverage points of the case's stated judgments, each judgment with its evidence
    or assumption."""
    stated = case_judgments(case, matrix)
    result = leverage_points(
        matrix, steps=steps, tolerance=tolerance, judgments=sorted(stated),
        limit=MAX_CONSISTENT_SCENARIOS, deadline=deadline,
    )  # fmt: skip
    by_ref = {(i.source, i.target): i for i in stated.values()}
    return leverage_results(
        result, matrix, max_pairs, lambda source, target: grounds(by_ref[(source, target)])
    )


def leverage_stage(case: Case, settings: RunSettings, progress: Progress) -> LeverageResults | None:
    if not case.scenarios.descriptors:
        return None
    matrix, _ = case_matrix(case)
    data = case_leverage(
        case, matrix, STEPS, settings.tolerance, Deadline.after(settings.max_seconds), MAX_PAIRS
    )
    progress("leverage", 1.0)
    return data
