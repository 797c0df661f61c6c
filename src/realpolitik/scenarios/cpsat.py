"""The consistent scenarios as a constraint problem on OR-Tools CP-SAT.

One boolean ``x[j, m]`` per variant, exactly one true per descriptor. Consistency of
descriptor ``j`` (Weimer-Jehle 2006, section 3) becomes, for each of its variants ``m`` and
each other variant ``l``, a linear inequality enforced only when ``x[j, m]`` holds:

    sum_{i != j} sum_k (C(k, l) - C(k, m)) * x[i, k]  <=  t - (C(m, l) - C(m, m))

(moved to the left, the right-hand term makes the left side ``theta_jl - theta_jm``: when
``x[j, m]`` holds, descriptor ``j``'s own row adds exactly ``C(m, l) - C(m, m)``, which is 0
unless the matrix has a nonzero diagonal block, a self-impact). All solutions are
enumerated. CP-SAT works on
integers, so judgments and tolerance are scaled by the smallest power of ten (up to 10^6)
that makes every weighted judgment whole; other matrices are refused.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from ortools.sat.python import cp_model

from realpolitik.scenarios.errors import ScenarioError
from realpolitik.scenarios.limits import Deadline
from realpolitik.scenarios.model import EPSILON, CrossImpactMatrix, FloatArray, ScenarioTuple

#: CP-SAT workers. Enumerating every solution is complete only on one worker: with more,
#: OR-Tools 9.15 stops early and still reports OPTIMAL (4 workers found 5 of the 11
#: solutions of ``x1 + x2 + x3 + x4 >= 2``), which would silently lose consistent scenarios.
#: So CP-SAT stays on one thread whatever the machine; the branch-and-bound is the search that
#: spreads over the CPUs (:func:`realpolitik.scenarios.search.search_threads`).
WORKERS = 1


def integer_scale(impacts: FloatArray) -> int:
    """The smallest power of ten, up to 10^6, that turns every value into a whole number."""
    for exponent in range(7):
        scale = 10**exponent
        scaled = impacts * scale
        if np.all(np.abs(scaled - np.round(scaled)) <= 1e-9 * scale):
            return int(scale)
    raise ScenarioError(
        "method 'cpsat': the weighted judgments are not multiples of 10^-6; use another "
        "method (branch-and-bound is exact for any numbers)"
    )


class _Collector(cp_model.CpSolverSolutionCallback):
    def __init__(self, variables: list[list[cp_model.IntVar]], limit: int) -> None:
        super().__init__()
        self.variables = variables
        self.limit = limit
        self.found: list[ScenarioTuple] = []

    def on_solution_callback(self) -> None:
        scenario = tuple(
            next(m for m, x in enumerate(row) if self.boolean_value(x)) for row in self.variables
        )
        self.found.append(scenario)
        if len(self.found) > self.limit:
            self.stop_search()


def cpsat_consistent(
    matrix: CrossImpactMatrix,
    tolerance: float,
    fixed: dict[int, int],
    limit: int,
    on_start: Callable[[cp_model.CpSolver], bool] | None = None,
    cancelled: Callable[[], bool] | None = None,
    deadline: Deadline | None = None,
) -> tuple[list[ScenarioTuple], int] | None:
    """All consistent scenarios (unsorted) and the solver's branch count.

    ``on_start``, if given, receives the solver just before the search starts (so another
    thread may call its ``stop_search``) and returns False to cancel; the function then
    returns None, as it does when the search was stopped (by the other thread or at
    ``deadline``) or when ``cancelled()`` turns True while the model is being built. Without
    ``on_start``, running past ``deadline`` raises
    :class:`~realpolitik.scenarios.errors.ComputeLimitError`."""
    impacts = matrix.weighted_impacts()
    scale = integer_scale(impacts)
    whole = np.round(impacts * scale).astype(np.int64)
    bound = math.floor(tolerance * scale + EPSILON * scale)
    offsets = matrix.offsets
    model = cp_model.CpModel()
    x = [
        [model.new_bool_var(f"x_{j}_{m}") for m in range(count)]
        for j, count in enumerate(matrix.n_variants)
    ]
    for j, row in enumerate(x):
        model.add_exactly_one(row)
        if j in fixed:
            model.add(row[fixed[j]] == 1)
    for j in range(matrix.n_descriptors):
        if cancelled is not None and cancelled():
            return None
        if deadline is not None and deadline.expired():
            if on_start is not None:
                return None
            deadline.check("the CP-SAT search")
        if j in fixed:
            continue
        for m in range(matrix.n_variants[j]):
            for l_ in range(matrix.n_variants[j]):
                if l_ == m:
                    continue
                terms = []
                for i in range(matrix.n_descriptors):
                    if i == j:
                        continue
                    for k in range(matrix.n_variants[i]):
                        gap = int(
                            whole[offsets[i] + k, offsets[j] + l_]
                            - whole[offsets[i] + k, offsets[j] + m]
                        )
                        if gap:
                            terms.append(gap * x[i][k])
                own = int(
                    whole[offsets[j] + m, offsets[j] + l_] - whole[offsets[j] + m, offsets[j] + m]
                )
                if terms:
                    model.add(sum(terms) <= bound - own).only_enforce_if(x[j][m])
                elif bound - own < 0:
                    model.add(x[j][m] == 0)
    solver = cp_model.CpSolver()
    solver.parameters.enumerate_all_solutions = True
    solver.parameters.num_workers = WORKERS
    if deadline is not None:
        solver.parameters.max_time_in_seconds = max(deadline.remaining(), 1e-3)
    collector = _Collector(x, limit)
    if on_start is not None and not on_start(solver):
        return None
    status = solver.solve(model, collector)
    # OPTIMAL or INFEASIBLE: every solution was enumerated; FEASIBLE or UNKNOWN: stopped early,
    # complete only when stopped for having found more than the limit.
    if status in (cp_model.OPTIMAL, cp_model.INFEASIBLE) or len(collector.found) > limit:
        return collector.found, int(solver.num_branches)
    if on_start is not None:
        return None  # stopped from outside, or at the deadline: the race decides
    if deadline is not None:  # nobody else stops it: its time limit, the deadline, did
        raise deadline.error("the CP-SAT search")
    raise ScenarioError(f"method 'cpsat': the solver stopped with status {status}")
