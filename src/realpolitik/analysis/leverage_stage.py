"""Leverage stage: which of the case's cross-impact judgments carry the consistent set.

For every judgment the case states, the changes of at most :data:`STEPS` point that add or
remove a consistent scenario, and the smallest pairs for the scenarios no single change
reaches (exact; :mod:`realpolitik.scenarios.leverage`). Only stated judgments may change: a
cell the case leaves out is no one's judgment, and a change that leaves the -3..+3 scale is
not made.
"""

from __future__ import annotations

from typing import Any

from realpolitik.analysis.core import Progress, RunSettings
from realpolitik.analysis.scenarios_stage import case_matrix
from realpolitik.case import Case
from realpolitik.case.checks import MAX_CONSISTENT_SCENARIOS
from realpolitik.case.model import CrossImpact
from realpolitik.scenarios import CrossImpactMatrix, Deadline
from realpolitik.scenarios.leverage import DEFAULT_STEPS, leverage_dict, leverage_points

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


def grounds(judgment: CrossImpact) -> dict[str, Any]:
    """The evidence ids or the stated assumption behind a judgment."""
    return {"evidence": list(judgment.evidence), "assumption": judgment.assumption}


def case_leverage(
    case: Case,
    matrix: CrossImpactMatrix,
    steps: int,
    tolerance: float,
    deadline: Deadline | None = None,
    max_pairs: int | None = None,
) -> dict[str, Any]:
    """The leverage points of the case's stated judgments as plain data, each judgment with
    its evidence or assumption."""
    stated = case_judgments(case, matrix)
    result = leverage_points(
        matrix, steps=steps, tolerance=tolerance, judgments=sorted(stated),
        limit=MAX_CONSISTENT_SCENARIOS, deadline=deadline,
    )  # fmt: skip
    data = leverage_dict(result, matrix, max_pairs)
    by_ref = {(i.source, i.target): i for i in stated.values()}
    for entry in data["judgments"]:
        entry.update(grounds(by_ref[(entry["source"], entry["target"])]))
    for lever in (*data["singles"], *data["pairs"]):
        for change in lever["changes"]:
            change.update(grounds(by_ref[(change["source"], change["target"])]))
    return data


def leverage_stage(case: Case, settings: RunSettings, progress: Progress) -> dict[str, Any] | None:
    if not case.scenarios.descriptors:
        return None
    matrix, _ = case_matrix(case)
    data = case_leverage(
        case, matrix, STEPS, settings.tolerance, Deadline.after(settings.max_seconds), MAX_PAIRS
    )
    progress("leverage", 1.0)
    return data
