"""Exact search for the consistent scenarios, and the engine's main entry point.

"The consistent scenarios" always means the exact set: every method here returns every
scenario whose inconsistency (Weimer-Jehle 2006, section 3) is at most the tolerance, and
nothing else. Methods:

- ``"reference"``: the plain enumerator of :mod:`.reference` (the oracle; slow);
- ``"enumerate"``: the Numba enumerator with incremental balances, for small spaces;
- ``"branch-and-bound"``: the Numba branch-and-bound of :mod:`.kernels`, for large spaces;
  run on its own (not racing), a space of more than :data:`PARALLEL_FROM` scenarios is
  split at the top of its own search tree into subtrees searched on several threads
  (:func:`search_threads`: every CPU the process may use, or ``REALPOLITIK_THREADS``);
  together they are the whole tree, so the answer is the same;
- ``"cpsat"``: the OR-Tools CP-SAT formulation of :mod:`.cpsat`;
- ``"auto"``: ``"enumerate"`` up to :data:`ENUMERATE_UP_TO` scenarios; branch-and-bound alone
  up to :data:`RACE_FROM`; above, branch-and-bound and CP-SAT race on two threads and the
  first to finish answers (each wins on some of the matrices in
  ``benchmarks/bench_scenarios.py``, see ``docs/scenarios.md``); with a progress callback, or
  judgments CP-SAT cannot take, branch-and-bound alone. The result names the method that
  answered.

An intervention (``fixed``) pins descriptors to variants; pinned descriptors are not tested
for consistency, since the intervention rather than the system holds them.

Limits (see :mod:`.limits`): more than ``limit`` consistent scenarios raise
:class:`~realpolitik.scenarios.errors.ComputeLimitError` rather than return a partial set, and
so does a search that runs past its ``deadline``; work plainly beyond either is refused
before it starts.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Literal, cast

import numpy as np
from numpy.typing import NDArray

from realpolitik.scenarios.balance import Scenario
from realpolitik.scenarios.errors import ComputeLimitError, ScenarioError
from realpolitik.scenarios.kernels import branch_and_bound_kernel, enumerate_kernel
from realpolitik.scenarios.limits import Deadline, check_visits, describe_count, stop_flag
from realpolitik.scenarios.model import (
    EPSILON,
    CrossImpactMatrix,
    FixedVariants,
    FloatArray,
    IntArray,
    ScenarioTuple,
)
from realpolitik.scenarios.reference import reference_consistent

Method = Literal["auto", "reference", "enumerate", "branch-and-bound", "cpsat"]
METHODS = ("auto", "reference", "enumerate", "branch-and-bound", "cpsat")

#: Spaces up to this many scenarios are enumerated; larger ones go to branch-and-bound.
ENUMERATE_UP_TO = 20_000

#: Whether the branch-and-bound tries every live variant one step ahead at each node.
LOOK_AHEAD = True

#: Most numbers the branch-and-bound may spend on its tables of precomputed bounds (one per
#: descriptor and subset of its variants; 4e6 numbers = 32 MB per search thread). Above,
#: bounds are computed.
BOUND_TABLE_LIMIT = 4_000_000

#: Threads for a branch-and-bound run on its own (not racing CP-SAT) over more than
#: ``PARALLEL_FROM`` scenarios: the search walks the top of its tree down to the first depth
#: with at least ``PARTS_PER_THREAD * threads`` open nodes, and the subtrees below them are
#: searched in parallel (the kernel runs without the GIL). None (the default) sizes it to the
#: machine, see :func:`search_threads`; a number fixes it (1 searches in one piece). The
#: consistent set is the same whatever the count; only the time and the node count differ.
THREADS: int | None = None
PARTS_PER_THREAD = 8

#: Environment variable that sets the number of search threads (see :func:`search_threads`).
THREADS_VARIABLE = "REALPOLITIK_THREADS"
PARALLEL_FROM = ENUMERATE_UP_TO

#: Under ``auto``, spaces up to this size go to branch-and-bound alone (split over threads);
#: larger ones race it against CP-SAT. Measured: on a dense 17-descriptor space of 4e8
#: scenarios branch-and-bound on two threads answers in 0.09 s, the race in 0.13 s; on 30 x 4
#: spaces of 1e18 CP-SAT sometimes finishes first.
RACE_FROM = 10**10

#: Default cap on the number of consistent scenarios returned (see ``limit``).
DEFAULT_LIMIT = 1_000_000

#: Scenarios described per batch in :func:`describe_many`, which holds a batch's balances
#: (variants x descriptors numbers per scenario) at once.
DESCRIBE_BATCH_NUMBERS = 4_000_000


def search_threads() -> int:
    """How many threads a branch-and-bound search splits over: :data:`THREADS` when set, else
    the environment variable ``REALPOLITIK_THREADS`` (a whole number >= 1), else the CPUs this
    process may run on (its affinity mask, so a container or ``taskset`` limit is honoured)."""
    if THREADS is not None:
        return max(1, int(THREADS))
    text = os.environ.get(THREADS_VARIABLE, "").strip()
    if text:
        if not text.isdigit() or int(text) < 1:
            raise ScenarioError(
                f"{THREADS_VARIABLE}={text!r} is not a number of threads; set it to a whole "
                "number >= 1, or unset it to use every CPU this process may run on"
            )
        return int(text)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # no affinity masks on this platform (macOS, Windows)
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class SearchResult:
    """The consistent scenarios of a matrix at a tolerance, with how they were found.

    ``scenarios`` are in lexicographic order of their variant indices. ``nodes`` counts the
    scenarios visited (enumerators) or the search nodes (branch-and-bound, CP-SAT branches).
    ``self_impacts`` names the descriptors whose variants act on their own variants (a
    nonzero diagonal block, see :mod:`.model`): their balances count that self-impact.
    """

    scenarios: tuple[Scenario, ...]
    descriptors: tuple[str, ...]
    tolerance: float
    fixed: dict[int, int]
    method: str
    space_size: int
    nodes: int
    seconds: float
    self_impacts: tuple[str, ...] = ()

    @property
    def variants(self) -> list[ScenarioTuple]:
        """The variant tuples of the scenarios."""
        return [s.variants for s in self.scenarios]


def describe_many(
    matrix: CrossImpactMatrix,
    scenarios: Sequence[ScenarioTuple],
    exempt: Sequence[int] = (),
) -> tuple[Scenario, ...]:
    """:class:`Scenario` records for many scenarios at once (vectorised; same figures as
    :func:`realpolitik.scenarios.balance.describe`)."""
    if not scenarios:
        return ()
    impacts = matrix.weighted_impacts()
    offsets = np.asarray(matrix.offsets[:-1])
    batch = max(1, DESCRIBE_BATCH_NUMBERS // (impacts.shape[0] * matrix.n_descriptors))
    out: list[Scenario] = []
    for start in range(0, len(scenarios), batch):
        z = np.asarray(scenarios[start : start + batch], dtype=np.int64)
        rows = z + offsets[None, :]
        balances = impacts[rows].sum(axis=1)
        own = np.take_along_axis(balances, rows, axis=1)
        gaps = np.zeros_like(own)
        for j in range(matrix.n_descriptors):
            if j in exempt:
                continue
            block = balances[:, matrix.offsets[j] : matrix.offsets[j + 1]]
            gaps[:, j] = block.max(axis=1) - own[:, j]
        worst = gaps.max(axis=1)
        tis = own.sum(axis=1)
        out.extend(
            Scenario(
                variants=tuple(int(v) for v in row),
                names=matrix.variant_names(row),
                inconsistency=float(worst[k]),
                total_impact_score=float(tis[k]),
            )
            for k, row in enumerate(z)
        )
    return tuple(out)


def gap_table(matrix: CrossImpactMatrix) -> FloatArray:
    """The bound table of the branch-and-bound: ``out[k, l, m] = C(k, l) - C(k, m')`` for
    every source variant ``k`` and target variant ``l``, where ``m'`` is the ``m``-th variant
    of ``l``'s descriptor (weighted impacts; 0 where that descriptor has no ``m``-th variant).
    The smallest entry over a descriptor's possible variants is the least it can add to the
    gap ``theta_l - theta_m'``."""
    impacts = matrix.weighted_impacts()
    offsets = matrix.offsets
    width = max(matrix.n_variants)
    out = np.zeros((impacts.shape[0], impacts.shape[0], width))
    for j in range(matrix.n_descriptors):
        block = impacts[:, offsets[j] : offsets[j + 1]]
        out[:, offsets[j] : offsets[j + 1], : block.shape[1]] = (
            block[:, :, None] - block[:, None, :]
        )
    return out


def _priority(matrix: CrossImpactMatrix) -> IntArray:
    """Tie-break order for branching: descriptors with more total influence (in and out)
    first, since setting them tightens the bound most."""
    impacts = np.abs(matrix.weighted_impacts())
    descriptor = matrix.descriptor_of_variant()
    weight = np.zeros(matrix.n_descriptors)
    np.add.at(weight, descriptor, impacts.sum(axis=1) + impacts.sum(axis=0))
    ranks = np.empty(matrix.n_descriptors, dtype=np.int64)
    ranks[np.argsort(-weight, kind="stable")] = np.arange(matrix.n_descriptors)
    return ranks


def _links(matrix: CrossImpactMatrix) -> tuple[IntArray, IntArray, IntArray, IntArray]:
    """Which descriptors each descriptor acts on, and which it is linked to either way, as
    flat index lists with start positions (CSR layout)."""
    impacts = matrix.weighted_impacts()
    offsets = matrix.offsets
    n = matrix.n_descriptors
    acts = np.zeros((n, n), dtype=bool)
    for u in range(n):
        for j in range(n):
            block = impacts[offsets[u] : offsets[u + 1], offsets[j] : offsets[j + 1]]
            acts[u, j] = u != j and bool(np.any(block != 0))
    linked = acts | acts.T

    def flat(mask: NDArray[np.bool_]) -> tuple[IntArray, IntArray]:
        rows = [np.flatnonzero(row) for row in mask]
        start = np.concatenate([[0], np.cumsum([len(r) for r in rows])]).astype(np.int64)
        return np.concatenate([*rows, np.zeros(0, dtype=np.int64)]).astype(np.int64), start

    targets, target_start = flat(acts)
    neighbours, neighbour_start = flat(linked)
    return targets, target_start, neighbours, neighbour_start


def _run_kernel(
    matrix: CrossImpactMatrix,
    method: str,
    tolerance: float,
    fixed: dict[int, int],
    limit: int,
    progress: Callable[[float], None] | None,
    stop: NDArray[np.bool_],
    on_ready: Callable[[], None] | None = None,
    racing: bool = False,
) -> tuple[list[ScenarioTuple], int] | None:
    """Run a Numba kernel; None when ``stop[0]`` was set meanwhile (by a deadline's timer or a
    racing solver). ``on_ready`` is called once the inputs are prepared, just before the
    kernel starts. A search racing another runs on this thread alone."""
    impacts = np.ascontiguousarray(matrix.weighted_impacts())
    offsets = np.asarray(matrix.offsets, dtype=np.int64)
    exempt = np.zeros(matrix.n_descriptors, dtype=np.bool_)
    initial = np.full(matrix.n_descriptors, -1, dtype=np.int64)
    for d, v in fixed.items():
        exempt[d] = True
        initial[d] = v
    bound = float(tolerance) + EPSILON
    gaps = gap_table(matrix) if method == "branch-and-bound" else None
    priority = _priority(matrix)
    targets, target_start, neighbours, neighbour_start = _links(matrix)

    def live(preset: IntArray) -> NDArray[np.bool_]:
        """The live variants of a preset (-1: every variant of that descriptor)."""
        mask = np.zeros(int(offsets[-1]), dtype=np.bool_)
        for d, v in enumerate(preset):
            if v < 0:
                mask[offsets[d] : offsets[d + 1]] = True
            else:
                mask[offsets[d] + v] = True
        return mask

    def run(
        start: NDArray[np.bool_] | IntArray, room: int, frontier_depth: int = 0
    ) -> tuple[IntArray, int, int, NDArray[np.bool_]]:
        """Solutions, their count, nodes, frontier; ``start`` is a preset for the enumerator
        and a live-variant mask for branch-and-bound."""
        if gaps is None:
            solutions, count, visited = enumerate_kernel(
                impacts, offsets, exempt, cast(IntArray, start), bound, room, stop
            )
            return solutions, count, visited, np.zeros((0, 0), dtype=np.bool_)
        solutions, count, visited, frontier, _ = branch_and_bound_kernel(
            impacts, offsets, exempt, start, bound, room, gaps, priority, targets,
            target_start, neighbours, neighbour_start, LOOK_AHEAD, stop, BOUND_TABLE_LIMIT,
            frontier_depth,
        )  # fmt: skip
        return solutions, count, visited, frontier

    def rows(solutions: IntArray, count: int) -> list[ScenarioTuple]:
        return [tuple(int(v) for v in row) for row in solutions[:count]]

    free = [d for d in range(matrix.n_descriptors) if d not in fixed]
    found: list[ScenarioTuple] = []
    nodes = 0
    if on_ready is not None:
        on_ready()
    threads = search_threads()
    free_space = int(np.prod([matrix.n_variants[d] for d in free], dtype=float))
    if (
        not racing
        and gaps is not None
        and threads > 1
        and len(free) > 1
        and free_space > PARALLEL_FROM
    ):
        # Walk the top of the search tree to the first depth with enough open nodes, then
        # search the subtrees below those nodes on several threads (the kernel runs without
        # the GIL). Together they are the tree of one search, so the nodes add up to about
        # the same count; each subtree's root is counted once.
        root = live(initial)
        for depth in range(1, len(free) + 1):
            solutions, count, visited, frontier = run(root, limit, depth)
            if count < 0:
                return None
            if len(frontier) >= PARTS_PER_THREAD * threads or len(frontier) == 0:
                break
        found.extend(rows(solutions, count))
        nodes += int(visited) - len(frontier)
        if len(found) > limit:
            return found, nodes
        stopped = False
        with ThreadPoolExecutor(max_workers=threads) as pool:
            for index, (solutions, count, visited, _) in enumerate(
                pool.map(lambda part: run(part, limit), frontier)
            ):
                if count < 0 or len(found) > limit:
                    stopped = stopped or count < 0
                    continue
                nodes += int(visited)
                found.extend(rows(solutions, count))
                if len(found) > limit:
                    stop[0] = True  # the parts still running give up: the answer is known
                if progress is not None:
                    progress((index + 1) / len(frontier))
        if len(found) > limit:
            return found, nodes
        if stopped:
            return None
        if progress is not None and len(frontier) == 0:
            progress(1.0)  # the whole tree was settled above the split
        return found, nodes
    # With a progress callback, split the space on the first free descriptor the search
    # would branch on (fewest variants, then most influence) and report after each part;
    # the parts together are the whole space.
    presets: list[IntArray] = [initial]
    if progress is not None and free:
        split = min(free, key=lambda d: (matrix.n_variants[d], int(priority[d])))
        presets = []
        for v in range(matrix.n_variants[split]):
            preset = initial.copy()
            preset[split] = v
            presets.append(preset)
    for index, preset in enumerate(presets):
        solutions, count, visited, _ = run(
            preset if gaps is None else live(preset), limit - len(found)
        )
        if count < 0:
            return None
        nodes += int(visited)
        found.extend(rows(solutions, count))
        if len(found) > limit:
            break
        if progress is not None:
            progress((index + 1) / len(presets))
    return found, nodes


def _race(
    matrix: CrossImpactMatrix,
    tolerance: float,
    fixed: dict[int, int],
    limit: int,
    deadline: Deadline | None,
) -> tuple[list[ScenarioTuple], int, str]:
    """Branch-and-bound (this thread, Numba without the GIL) against CP-SAT (another
    thread); the first to finish answers and the other is told to stop. Both are exact, so
    the answer does not depend on who wins, only the time does."""
    from realpolitik.scenarios.cpsat import cpsat_consistent

    lock = threading.Lock()
    state: dict[str, Any] = {"cancelled": False, "solver": None, "result": None}

    with stop_flag(deadline) as stop:

        def on_start(solver: Any) -> bool:
            with lock:
                if state["cancelled"]:
                    return False
                state["solver"] = solver
                return True

        def solve() -> None:
            try:
                result = cpsat_consistent(
                    matrix, tolerance, fixed, limit, on_start, lambda: bool(state["cancelled"]),
                    deadline,
                )  # fmt: skip
            except Exception:  # CP-SAT failing leaves branch-and-bound to answer alone
                result = None
            with lock:
                if not state["cancelled"] and result is not None:
                    state["result"] = result
                    stop[0] = True

        thread = threading.Thread(target=solve, name="cib-cpsat", daemon=True)
        # Start CP-SAT only once our inputs are ready: its model is built in Python, under
        # the GIL.
        outcome = _run_kernel(
            matrix, "branch-and-bound", tolerance, fixed, limit, None, stop, thread.start,
            racing=True,
        )  # fmt: skip
        if outcome is not None:
            with lock:
                state["cancelled"] = True
                if state["solver"] is not None:
                    state["solver"].stop_search()
            return outcome[0], outcome[1], "branch-and-bound"
        thread.join()
    if state["result"] is None:
        assert deadline is not None  # only a deadline stops both
        raise deadline.error("the search")
    found, nodes = state["result"]
    return found, nodes, "cpsat"


def _free_space(matrix: CrossImpactMatrix, fixed: dict[int, int]) -> int:
    """The number of scenarios left when the ``fixed`` descriptors keep their variant."""
    space = 1
    for d, count in enumerate(matrix.n_variants):
        space *= 1 if d in fixed else count
    return space


def _unlinked(matrix: CrossImpactMatrix, fixed: dict[int, int]) -> list[int]:
    """The free descriptors that take no part in the system: all their variants act alike
    and are acted on alike. Each is consistent in every variant whatever the others do, and
    its variant changes no other's balance differences (Weimer-Jehle 2006, section 3)."""
    impacts = matrix.weighted_impacts()
    offsets = matrix.offsets
    out = []
    for j in range(matrix.n_descriptors):
        if j in fixed:
            continue
        rows = impacts[offsets[j] : offsets[j + 1], :]
        columns = impacts[:, offsets[j] : offsets[j + 1]]
        if np.all(rows == rows[:1]) and np.all(columns == columns[:, :1]):
            out.append(j)
    return out


def _check_unlinked(
    matrix: CrossImpactMatrix,
    tolerance: float,
    fixed: dict[int, int],
    limit: int,
    deadline: Deadline | None,
) -> None:
    """Refuse, before the search, a matrix whose unlinked descriptors alone would make more
    than ``limit`` consistent scenarios: every combination of their variants is consistent
    beside each consistent scenario of the rest, so if the rest has one (a search that stops
    at the first), the whole set is too large."""
    unlinked = _unlinked(matrix, fixed)
    combinations = 1
    for j in unlinked:
        combinations *= matrix.n_variants[j]
    if combinations <= limit:
        return
    pinned = {**fixed, **{j: 0 for j in unlinked}}
    if (
        len(pinned) < matrix.n_descriptors
        and not _search(matrix, tolerance, pinned, "auto", 0, None, deadline)[0]
    ):
        return  # the rest has no consistent scenario, so neither has the whole
    names = ", ".join(repr(matrix.descriptors[j]) for j in unlinked[:6])
    more = f" and {len(unlinked) - 6} more" if len(unlinked) > 6 else ""
    raise ComputeLimitError(
        f"descriptors {names}{more} neither act on the others nor are acted on (all their "
        f"variants push and are pushed alike): each of the {describe_count(combinations)} "
        "combinations of their variants is consistent beside every consistent scenario of "
        f"the rest, so more than limit={limit} scenarios are consistent",
        "judge the impacts that link them, fix them with an intervention, or leave them out",
    )


def _search(
    matrix: CrossImpactMatrix,
    tolerance: float,
    fixed: dict[int, int],
    method: Method,
    limit: int,
    progress: Callable[[float], None] | None,
    deadline: Deadline | None,
) -> tuple[list[ScenarioTuple], int, str]:
    """The consistent scenarios (unsorted, possibly ``limit + 1`` of them), the nodes
    visited and the method used; inputs already checked."""
    space = _free_space(matrix, fixed)
    if method == "auto":
        if space <= ENUMERATE_UP_TO:
            method = "enumerate"
        elif space > RACE_FROM and progress is None and _integral(matrix):
            return _race(matrix, tolerance, fixed, limit, deadline)
        else:
            method = "branch-and-bound"
    if method == "reference":
        return reference_consistent(matrix, tolerance, fixed, deadline), space, method
    if method == "cpsat":
        from realpolitik.scenarios.cpsat import cpsat_consistent

        solved = cpsat_consistent(matrix, tolerance, fixed, limit, deadline=deadline)
        assert solved is not None  # nobody else can stop it
        return solved[0], solved[1], method
    with stop_flag(deadline) as stop:
        outcome = _run_kernel(matrix, method, tolerance, fixed, limit, progress, stop)
    if outcome is None:
        assert deadline is not None  # only a deadline stops a search that races nobody
        raise deadline.error("the search")
    return outcome[0], outcome[1], method


def find_consistent(
    matrix: CrossImpactMatrix,
    tolerance: float = 0.0,
    fixed: dict[int, int] | None = None,
    method: Method = "auto",
    limit: int = DEFAULT_LIMIT,
    progress: Callable[[float], None] | None = None,
    deadline: Deadline | None = None,
) -> tuple[list[ScenarioTuple], int, str]:
    """The consistent scenarios as sorted variant tuples, the nodes visited and the method
    used. ``fixed`` holds descriptor and variant indices (see :func:`consistent_scenarios`).
    Raises :class:`ComputeLimitError` past ``limit`` or ``deadline`` (see the module
    docstring)."""
    fixed = dict(fixed or {})
    if method not in METHODS:
        raise ScenarioError(f"method {method!r}: use one of {', '.join(METHODS)}")
    if not np.isfinite(tolerance) or tolerance < 0:
        raise ScenarioError(f"tolerance {tolerance!r}: give a number >= 0")
    if limit < 0:
        raise ScenarioError(f"limit={limit}: give a number of scenarios >= 0")
    check_visits(method, _free_space(matrix, fixed), deadline)
    _check_unlinked(matrix, tolerance, fixed, limit, deadline)
    found, nodes, used = _search(matrix, tolerance, fixed, method, limit, progress, deadline)
    return _checked(found, limit, tolerance), nodes, used


def _checked(found: list[ScenarioTuple], limit: int, tolerance: float) -> list[ScenarioTuple]:
    if len(found) > limit:
        raise ComputeLimitError(
            f"more than limit={limit} scenarios are consistent at tolerance {tolerance:g}",
            "lower the tolerance, fix some descriptors with an intervention, or judge the "
            "impacts that leave so many combinations consistent",
        )
    return sorted(found)


def _integral(matrix: CrossImpactMatrix) -> bool:
    """Whether CP-SAT can take the matrix (weighted judgments are multiples of 10^-6)."""
    from realpolitik.scenarios.cpsat import integer_scale

    try:
        integer_scale(matrix.weighted_impacts())
    except ScenarioError:
        return False
    return True


def consistent_scenarios(
    matrix: CrossImpactMatrix,
    tolerance: float = 0.0,
    fixed: FixedVariants | None = None,
    method: Method = "auto",
    limit: int = DEFAULT_LIMIT,
    progress: Callable[[float], None] | None = None,
    deadline: Deadline | None = None,
) -> SearchResult:
    """All scenarios of ``matrix`` consistent at ``tolerance`` (exact; Weimer-Jehle 2006).

    ``fixed`` is an intervention: ``{descriptor: variant}`` by name or index; those
    descriptors keep that variant and are not tested. ``method`` picks the algorithm (see the
    module docstring). More than ``limit`` consistent scenarios, or a search still running at
    ``deadline`` (:class:`~realpolitik.scenarios.limits.Deadline`; none by default), raise
    :class:`ComputeLimitError` rather than return a partial set. ``progress``, if given, is
    called with the fraction done (0..1] during kernel searches.
    """
    resolved = matrix.resolve_fixed(fixed)
    started = time.perf_counter()
    found, nodes, used = find_consistent(
        matrix, tolerance, resolved, method, limit, progress, deadline
    )
    seconds = time.perf_counter() - started
    return SearchResult(
        scenarios=describe_many(matrix, found, tuple(resolved)),
        descriptors=matrix.descriptors,
        tolerance=float(tolerance),
        fixed=resolved,
        method=used,
        space_size=matrix.space_size,
        nodes=nodes,
        seconds=seconds,
        self_impacts=tuple(matrix.descriptors[d] for d in matrix.self_impacting()),
    )
