"""The reference enumerator: visit every scenario and test it by the definition.

Slow and plain on purpose. It is the oracle the fast search (:mod:`.search`) and the CP-SAT
formulation (:mod:`.cpsat`) are tested against. Method: Weimer-Jehle (2006), section 3.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping

import numpy as np

from realpolitik.scenarios.limits import Deadline
from realpolitik.scenarios.model import EPSILON, CrossImpactMatrix, ScenarioTuple


def reference_consistent(
    matrix: CrossImpactMatrix,
    tolerance: float = 0.0,
    fixed: Mapping[int, int] | None = None,
    deadline: Deadline | None = None,
) -> list[ScenarioTuple]:
    """All scenarios whose inconsistency is at most ``tolerance``, in lexicographic order.

    ``fixed`` maps descriptor index to variant index (an intervention): those descriptors take
    only that variant and are left out of the consistency test. Past ``deadline`` it raises
    :class:`~realpolitik.scenarios.errors.ComputeLimitError`.
    """
    fixed = dict(fixed or {})
    impacts = matrix.weighted_impacts()
    offsets = matrix.offsets
    choices = [
        [fixed[d]] if d in fixed else list(range(count))
        for d, count in enumerate(matrix.n_variants)
    ]
    found: list[ScenarioTuple] = []
    for visited, scenario in enumerate(itertools.product(*choices)):
        if deadline is not None and visited % 4096 == 0:
            deadline.check("the reference enumeration")
        rows = [offsets[i] + v for i, v in enumerate(scenario)]
        balances = impacts[rows].sum(axis=0)
        worst = 0.0
        for j, v in enumerate(scenario):
            if j in fixed:
                continue
            block = balances[offsets[j] : offsets[j + 1]]
            worst = max(worst, float(np.max(block) - block[v]))
        if worst <= tolerance + EPSILON:
            found.append(tuple(int(v) for v in scenario))
    return found
