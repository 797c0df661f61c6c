"""Numba kernels of the exact search. Trusted inputs only: :mod:`.search` prepares them.

Two kernels, both exact (they never miss a consistent scenario):

- :func:`enumerate_kernel` visits every scenario in odometer order and updates the impact
  balances incrementally (one row out, one row in per changed descriptor);
- :func:`branch_and_bound_kernel` assigns descriptors one at a time and prunes a branch as
  soon as some descriptor can no longer be consistent whatever the unset descriptors do
  (bounds propagated over the still possible variants, plus a one-step look-ahead). The
  bound a descriptor contributes for each subset of its variants is precomputed once
  (:func:`_bound_tables`, when small enough), so restricting a domain at a node is a
  table lookup and a running update of the slack, not a recomputation.

Shared inputs: ``impacts`` (V x V, weighted, row = source variant), ``offsets`` (n + 1),
``exempt`` (descriptors fixed by an intervention, never tested), where to start (the
enumerator: ``initial``, a variant index per descriptor, -1 where unset; branch-and-bound:
``initial_live``, a flag per variant), ``limit`` (the kernel stops after ``limit + 1``
solutions so the caller can report an overflow) and ``stop`` (one flag: both kernels run
without the GIL and give up, returning a count of -1, soon after another thread sets
``stop[0]``, at a deadline or when a racing solver has answered). The enumerator returns
``(solutions, count, nodes)``; branch-and-bound adds the open nodes at a given depth (see its
docstring), which lets the caller split the tree over threads.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from realpolitik.scenarios.model import FloatArray, IntArray


@njit(cache=True)
def _grow(rows: np.ndarray, count: int) -> np.ndarray:
    """``rows`` (the first ``count`` in use) with room for at least one more, doubling when
    full; for solutions and for the frontier's live-variant masks alike."""
    if count < rows.shape[0]:
        return rows
    bigger = np.empty((rows.shape[0] * 2, rows.shape[1]), dtype=rows.dtype)
    bigger[:count] = rows[:count]
    return bigger


@njit(cache=True)
def _leaf_is_consistent(
    impacts: FloatArray,
    offsets: IntArray,
    exempt: np.ndarray,
    z: IntArray,
    tolerance: float,
) -> bool:
    # Balances recomputed from scratch, so incremental rounding never decides a leaf.
    n = z.shape[0]
    balances = np.zeros(impacts.shape[0])
    for i in range(n):
        balances += impacts[offsets[i] + z[i]]
    for j in range(n):
        if exempt[j]:
            continue
        own = balances[offsets[j] + z[j]]
        for v in range(offsets[j], offsets[j + 1]):
            if balances[v] - own > tolerance:
                return False
    return True


@njit(cache=True, nogil=True)
def enumerate_kernel(
    impacts: FloatArray,
    offsets: IntArray,
    exempt: np.ndarray,
    initial: IntArray,
    tolerance: float,
    limit: int,
    stop: np.ndarray,
) -> tuple[IntArray, int, int]:
    """Visit every scenario (descriptors preset in ``initial`` stay put), keeping the balances
    up to date incrementally; test each by the definition. ``nodes`` = scenarios visited."""
    n = offsets.shape[0] - 1
    sizes = offsets[1:] - offsets[:-1]
    free = np.array([d for d in range(n) if initial[d] < 0], dtype=np.int64)
    z = initial.copy()
    for d in free:
        z[d] = 0
    balances = np.zeros(impacts.shape[0])
    for i in range(n):
        balances += impacts[offsets[i] + z[i]]
    solutions = np.empty((16, n), dtype=np.int64)
    count = 0
    visited = 0
    while True:
        visited += 1
        if visited % 65536 == 0 and stop[0]:
            return solutions[:0], -1, visited
        consistent = True
        for j in range(n):
            if exempt[j]:
                continue
            own = balances[offsets[j] + z[j]]
            for v in range(offsets[j], offsets[j + 1]):
                if balances[v] - own > tolerance:
                    consistent = False
                    break
            if not consistent:
                break
        if consistent and _leaf_is_consistent(impacts, offsets, exempt, z, tolerance):
            solutions = _grow(solutions, count)
            solutions[count] = z
            count += 1
            if count > limit:
                return solutions[:count], count, visited
        # Odometer step: the last free descriptor turns fastest, so the order is lexicographic.
        k = free.shape[0] - 1
        while k >= 0:
            d = free[k]
            balances -= impacts[offsets[d] + z[d]]
            if z[d] + 1 < sizes[d]:
                z[d] += 1
                balances += impacts[offsets[d] + z[d]]
                break
            z[d] = 0
            balances += impacts[offsets[d]]
            k -= 1
        if k < 0:
            return solutions[:count], count, visited


@njit(cache=True)
def _domain_bound(
    gaps: FloatArray,
    offsets: IntArray,
    targets: IntArray,
    target_start: IntArray,
    u: int,
    live: np.ndarray,
    out: FloatArray,
) -> None:
    """``out[l, m] = min over live variants k of descriptor u of gaps[k, l, m]``, for the
    target variants ``l`` of the descriptors ``u`` acts on (elsewhere the gaps are 0); only
    the ``m`` that exist in ``l``'s descriptor are written."""
    for t in range(target_start[u], target_start[u + 1]):
        j = targets[t]
        size = offsets[j + 1] - offsets[j]
        for v in range(offsets[j], offsets[j + 1]):
            for m in range(size):
                out[v, m] = np.inf
        for k in range(offsets[u], offsets[u + 1]):
            if not live[k]:
                continue
            for v in range(offsets[j], offsets[j + 1]):
                for m in range(size):
                    if gaps[k, v, m] < out[v, m]:
                        out[v, m] = gaps[k, v, m]


@njit(cache=True, inline="always")
def _live_mask(offsets: IntArray, live: np.ndarray, u: int) -> int:
    """The live variants of descriptor ``u`` as a bit mask (bit ``k`` = its ``k``-th)."""
    mask = 0
    for k in range(offsets[u], offsets[u + 1]):
        if live[k]:
            mask |= 1 << (k - offsets[u])
    return mask


@njit(cache=True)
def _bound_tables(
    gaps: FloatArray,
    offsets: IntArray,
    targets: IntArray,
    target_start: IntArray,
    table_limit: int,
) -> FloatArray:
    """``tables[u, mask]``: the bound of :func:`_domain_bound` for descriptor ``u`` with the
    variants in bit ``mask`` live, for every nonempty mask, so that restricting a domain is
    a lookup. Empty (shape 0) when that would take more than ``table_limit`` numbers."""
    n = offsets.shape[0] - 1
    total = offsets[n]
    width = gaps.shape[2]
    if width > 16 or n * (1 << width) * total * width > table_limit:
        return np.zeros((0, 1, 1, 1))
    tables = np.zeros((n, 1 << width, total, width))
    live = np.zeros(total, dtype=np.bool_)
    for u in range(n):
        size = offsets[u + 1] - offsets[u]
        for mask in range(1, 1 << size):
            for k in range(size):
                live[offsets[u] + k] = (mask >> k) & 1 == 1
            _domain_bound(gaps, offsets, targets, target_start, u, live, tables[u, mask])
        for k in range(size):
            live[offsets[u] + k] = False
    return tables


@njit(cache=True, inline="always")
def _restrict(
    gaps: FloatArray,
    offsets: IntArray,
    targets: IntArray,
    target_start: IntArray,
    u: int,
    live: np.ndarray,
    keep: np.ndarray,
    slack: FloatArray,
    old: FloatArray,
    new: FloatArray,
    dirty: np.ndarray,
    tables: FloatArray,
) -> None:
    """Shrink the live variants of descriptor ``u`` to ``keep`` and move ``slack`` from the
    old domain's bound to the new one's; flag ``u`` and the descriptors it acts on as
    ``dirty`` (their state changed). With ``tables`` (see :func:`_bound_tables`) both bounds
    are looked up, otherwise computed."""
    dirty[u] = True
    if tables.shape[0] > 0:
        before = _live_mask(offsets, live, u)
        after = 0
        for k in range(offsets[u], offsets[u + 1]):
            live[k] = keep[k - offsets[u]]
            if live[k]:
                after |= 1 << (k - offsets[u])
        low = tables[u, before]
        high = tables[u, after]
        for t in range(target_start[u], target_start[u + 1]):
            j = targets[t]
            dirty[j] = True
            for v in range(offsets[j], offsets[j + 1]):
                for m in range(offsets[j + 1] - offsets[j]):
                    slack[v, m] += high[v, m] - low[v, m]
        return
    _domain_bound(gaps, offsets, targets, target_start, u, live, old)
    for k in range(offsets[u], offsets[u + 1]):
        live[k] = keep[k - offsets[u]]
    _domain_bound(gaps, offsets, targets, target_start, u, live, new)
    for t in range(target_start[u], target_start[u + 1]):
        j = targets[t]
        dirty[j] = True
        for v in range(offsets[j], offsets[j + 1]):
            for m in range(offsets[j + 1] - offsets[j]):
                slack[v, m] += new[v, m] - old[v, m]


@njit(cache=True)
def _propagate(
    gaps: FloatArray,
    offsets: IntArray,
    targets: IntArray,
    target_start: IntArray,
    exempt: np.ndarray,
    live: np.ndarray,
    slack: FloatArray,
    tolerance: float,
    old: FloatArray,
    new: FloatArray,
    queue: IntArray,
    queued: np.ndarray,
    head: int,
    tail: int,
    dirty: np.ndarray,
    tables: FloatArray,
    keep: np.ndarray,
) -> bool:
    """Remove every variant that can no longer be consistent, until nothing changes.

    Variant ``m`` of descriptor ``j`` survives only if for each other variant ``l`` of ``j``
    the lower bound ``slack[l, m]`` of ``theta_l - theta_m`` is at most the tolerance. The
    descriptors to look at wait in the circular ``queue`` (``queue[head:tail]``, flagged in
    ``queued``); when a descriptor loses variants, the descriptors it acts on are queued.
    Returns False when some descriptor has no variant left (prune the branch). ``keep``
    is scratch space (one flag per variant of the widest descriptor).
    """
    n = offsets.shape[0] - 1
    while head != tail:
        j = queue[head]
        head += 1
        if head == n + 1:
            head = 0
        queued[j] = False
        if exempt[j]:
            continue
        start = offsets[j]
        stop = offsets[j + 1]
        alive = 0
        removed = False
        for m in range(start, stop):
            keep[m - start] = False
            if not live[m]:
                continue
            ok = True
            for v in range(start, stop):
                if v != m and slack[v, m - start] > tolerance:
                    ok = False
                    break
            if ok:
                keep[m - start] = True
                alive += 1
            else:
                removed = True
        if alive == 0:
            while head != tail:  # leave the queue empty for the next call
                queued[queue[head]] = False
                head += 1
                if head == n + 1:
                    head = 0
            return False
        if removed:
            _restrict(
                gaps, offsets, targets, target_start, j, live, keep, slack, old, new, dirty, tables
            )
            for t in range(target_start[j], target_start[j + 1]):
                i = targets[t]
                if not queued[i]:
                    queued[i] = True
                    queue[tail] = i
                    tail += 1
                    if tail == n + 1:
                        tail = 0
    return True


@njit(cache=True)
def _room(
    offsets: IntArray,
    live: np.ndarray,
    slack: FloatArray,
    tolerance: float,
    room: FloatArray,
    best: IntArray,
) -> None:
    """``room[j]``: how far the best live variant of descriptor ``j`` stays inside the
    tolerance (the smallest ``tolerance - slack[l, m]`` over its other variants ``l``);
    ``best[j]``: that variant (the look-ahead tries it first)."""
    n = offsets.shape[0] - 1
    for j in range(n):
        room[j] = -np.inf
        best[j] = offsets[j]
        for m in range(offsets[j], offsets[j + 1]):
            if not live[m]:
                continue
            tightest = np.inf
            for v in range(offsets[j], offsets[j + 1]):
                if v != m:
                    tightest = min(tightest, tolerance - slack[v, m - offsets[j]])
            if tightest > room[j]:
                room[j] = tightest
                best[j] = m


@njit(cache=True)
def _look_ahead(
    gaps: FloatArray,
    offsets: IntArray,
    targets: IntArray,
    target_start: IntArray,
    exempt: np.ndarray,
    live: np.ndarray,
    slack: FloatArray,
    tolerance: float,
    old: FloatArray,
    new: FloatArray,
    queue: IntArray,
    queued: np.ndarray,
    full_bound: FloatArray,
    dirty: np.ndarray,
    reach: FloatArray,
    tables: FloatArray,
    keep: np.ndarray,
    scratch: FloatArray,
    room: FloatArray,
    best: IntArray,
    single_pass: bool = True,
) -> bool:
    """Propagate, then try each live variant ``k`` of each unset descriptor ``u`` one step
    ahead: with ``u`` set to ``k`` (its bound in ``slack`` replaced by its exact gaps), every
    descriptor it acts on must keep at least one variant that passes the test of
    :func:`_propagate`, otherwise ``k`` is removed. Descriptors ``u`` none of whose targets
    is ``dirty`` (changed at this node) are skipped: they passed at the parent. Skipping or
    stopping early only prunes less, never wrongly. ``full_bound[u]`` is the bound of ``u``
    with every variant live (precomputed), and ``reach[k, j]`` the most that setting ``u``
    to ``k`` can raise any gap on descriptor ``j`` above that bound: a descriptor ``j`` whose best
    variant has at least that much room (see :func:`_room`) cannot lose it and is skipped.
    One pass (``single_pass``) or until nothing changes; False prunes the branch. ``keep``,
    ``scratch``, ``room`` and ``best`` are scratch space."""
    n = offsets.shape[0] - 1
    while True:
        if not _propagate(
            gaps, offsets, targets, target_start, exempt, live, slack, tolerance, old, new,
            queue, queued, 0, 0, dirty, tables, keep,
        ):  # fmt: skip
            return False
        _room(offsets, live, slack, tolerance, room, best)
        removed_any = False
        for u in range(n):
            size = offsets[u + 1] - offsets[u]
            alive = 0
            for k in range(offsets[u], offsets[u + 1]):
                if live[k]:
                    alive += 1
            if alive <= 1:
                continue
            touched = False  # nothing u acts on changed: its variants passed at the parent
            for t in range(target_start[u], target_start[u + 1]):
                if dirty[targets[t]]:
                    touched = True
                    break
            if not touched:
                continue
            if alive == size:
                bound = full_bound[u]
            elif tables.shape[0] > 0:
                bound = tables[u, _live_mask(offsets, live, u)]
            else:
                bound = scratch
                _domain_bound(gaps, offsets, targets, target_start, u, live, bound)
            kept = 0
            for k_local in range(size):
                k = offsets[u] + k_local
                keep[k_local] = False
                if not live[k]:
                    continue
                ok = True
                for t in range(target_start[u], target_start[u + 1]):
                    j = targets[t]
                    if exempt[j] or room[j] >= reach[k, j]:
                        continue
                    start = offsets[j]
                    stop = offsets[j + 1]
                    any_variant = False
                    for step in range(stop - start):  # the variant with most room first
                        m = best[j] if step == 0 else start + step - 1
                        if step > 0 and m >= best[j]:
                            m += 1
                        if not live[m]:
                            continue
                        m_local = m - start
                        feasible = True
                        for v in range(start, stop):
                            if v != m and (
                                slack[v, m_local] - bound[v, m_local] + gaps[k, v, m_local]
                                > tolerance
                            ):
                                feasible = False
                                break
                        if feasible:
                            any_variant = True
                            break
                    if not any_variant:
                        ok = False
                        break
                if ok:
                    keep[k_local] = True
                    kept += 1
            if kept == alive:
                continue
            if kept == 0:
                return False
            _restrict(
                gaps, offsets, targets, target_start, u, live, keep, slack, old, new, dirty, tables
            )
            tail = 0
            for t in range(target_start[u], target_start[u + 1]):
                if not queued[targets[t]]:
                    queued[targets[t]] = True
                    queue[tail] = targets[t]
                    tail += 1
            if not _propagate(
                gaps, offsets, targets, target_start, exempt, live, slack, tolerance, old, new,
                queue, queued, 0, tail, dirty, tables, keep,
            ):  # fmt: skip
                return False
            _room(offsets, live, slack, tolerance, room, best)
            removed_any = True
        if not removed_any or single_pass:
            return True


@njit(cache=True)
def _add_self_impacts(gaps: FloatArray, offsets: IntArray, slack: FloatArray) -> None:
    """Add each descriptor's self-impact to ``slack``: ``slack[l, m]`` bounds
    ``theta_l - theta_m'`` in the scenarios where descriptor ``j`` (the descriptor of ``l``)
    takes ``m'``, and there ``j``'s own row adds exactly ``gaps[m', l, m]`` (``C(m', l) -
    C(m', m')``; 0 unless the matrix has a nonzero diagonal block). The term is fixed by the
    candidate ``m'`` itself, not by ``j``'s live domain, so it is added once, before any
    bound, and never moves: ``j`` is not among the descriptors it acts on (``targets``)."""
    n = offsets.shape[0] - 1
    for j in range(n):
        size = offsets[j + 1] - offsets[j]
        for v in range(offsets[j], offsets[j + 1]):
            for m in range(size):
                slack[v, m] += gaps[offsets[j] + m, v, m]


@njit(cache=True)
def _choose(
    offsets: IntArray,
    live: np.ndarray,
    priority: IntArray,
    neighbours: IntArray,
    neighbour_start: IntArray,
    counts: IntArray,
) -> int:
    """The descriptor to branch on: fewest live variants above one; among those, the most
    neighbours (in either direction) already set, then the lower ``priority``. -1 when
    every descriptor is down to one variant. ``counts`` is scratch space (n)."""
    n = offsets.shape[0] - 1
    fewest = 1 << 30
    for j in range(n):
        count = 0
        for v in range(offsets[j], offsets[j + 1]):
            if live[v]:
                count += 1
        counts[j] = count
        if 1 < count < fewest:
            fewest = count
    best = -1
    best_set = -1
    for j in range(n):
        if counts[j] != fewest:
            continue
        set_neighbours = 0
        for t in range(neighbour_start[j], neighbour_start[j + 1]):
            if counts[neighbours[t]] == 1:
                set_neighbours += 1
        if set_neighbours > best_set or (
            set_neighbours == best_set and priority[j] < priority[best]
        ):
            best = j
            best_set = set_neighbours
    return best


@njit(cache=True, nogil=True)
def branch_and_bound_kernel(
    impacts: FloatArray,
    offsets: IntArray,
    exempt: np.ndarray,
    initial_live: np.ndarray,
    tolerance: float,
    limit: int,
    gaps: FloatArray,
    priority: IntArray,
    targets: IntArray,
    target_start: IntArray,
    neighbours: IntArray,
    neighbour_start: IntArray,
    look_ahead: bool,
    stop: np.ndarray,
    table_limit: int,
    frontier_depth: int,
) -> tuple[IntArray, int, int, np.ndarray, int]:
    """Depth-first branch-and-bound over variant domains.

    Every descriptor keeps a set of live variants (one when set). ``gaps[k, l, m]`` is
    ``C(k, l) - C(k, m')`` for source variant ``k`` and target variants ``l`` and ``m'``
    (``m'`` the ``m``-th variant of ``l``'s descriptor). ``slack[l, m]`` sums, over all
    descriptors, the smallest such gap among their live variants: a lower bound on
    ``theta_l - theta_m'`` in every scenario left in the branch where ``l``'s descriptor takes
    ``m'`` (its self-impact, when the matrix has one, enters as the exact term
    :func:`_add_self_impacts` adds), exact once every descriptor is set. :func:`_propagate`
    removes variants the bound rules out; a branch with a descriptor left without variants is
    pruned. Branching sets the descriptor with the
    fewest live variants. ``targets[target_start[u]:target_start[u + 1]]`` lists the
    descriptors ``u`` acts on, ``neighbours`` likewise those linked to it either way.
    ``nodes`` = nodes visited. The kernel runs without the GIL and gives up, returning a
    count of -1, soon after another thread sets ``stop[0]`` (a deadline, or CP-SAT winning a
    race).

    The search starts from the live variants ``initial_live`` (one flag per variant). With
    ``frontier_depth`` > 0 it stops descending at that depth and returns the live variants of
    every node reached there (the ``frontier``, ``frontier_count`` rows): searching each of
    them from its ``initial_live`` visits the rest of the tree, so the parts can be searched
    on separate threads. Consistent scenarios met above that depth are returned as usual.
    Returns ``(solutions, count, nodes, frontier, frontier_count)``.
    """
    n = offsets.shape[0] - 1
    total = offsets[n]
    width = gaps.shape[2]
    live_stack = np.zeros((n + 2, total), dtype=np.bool_)
    slack_stack = np.zeros((n + 2, total, width))
    order = np.full(n + 2, -1, dtype=np.int64)
    position = np.zeros(n + 2, dtype=np.int64)
    old = np.empty((total, width))
    new = np.empty((total, width))
    keep = np.zeros(width, dtype=np.bool_)
    queue = np.zeros(n + 1, dtype=np.int64)
    queued = np.zeros(n, dtype=np.bool_)
    z = np.zeros(n, dtype=np.int64)
    solutions = np.empty((16, n), dtype=np.int64)
    count = 0
    nodes = 1
    frontier = np.zeros((16 if frontier_depth > 0 else 0, total), dtype=np.bool_)
    frontier_count = 0

    dirty = np.ones(n, dtype=np.bool_)
    counts = np.zeros(n, dtype=np.int64)
    scratch = np.empty((total, width))
    room = np.empty(n)
    best = np.empty(n, dtype=np.int64)
    tables = _bound_tables(gaps, offsets, targets, target_start, table_limit)
    full_bound = np.zeros((n, total, width))
    everything = np.ones(total, dtype=np.bool_)
    reach = np.zeros((total, n))
    for u in range(n):
        _domain_bound(gaps, offsets, targets, target_start, u, everything, full_bound[u])
        for t in range(target_start[u], target_start[u + 1]):
            j = targets[t]
            size = offsets[j + 1] - offsets[j]
            for k in range(offsets[u], offsets[u + 1]):
                for v in range(offsets[j], offsets[j + 1]):
                    for m in range(size):
                        reach[k, j] = max(reach[k, j], gaps[k, v, m] - full_bound[u, v, m])
    live = live_stack[0]
    slack = slack_stack[0]
    live[:] = initial_live
    _add_self_impacts(gaps, offsets, slack)
    for u in range(n):
        _domain_bound(gaps, offsets, targets, target_start, u, live, new)
        for t in range(target_start[u], target_start[u + 1]):
            j = targets[t]
            size = offsets[j + 1] - offsets[j]
            slack[offsets[j] : offsets[j + 1], :size] += new[offsets[j] : offsets[j + 1], :size]
        queue[u] = u
        queued[u] = True
    feasible = _propagate(
        gaps, offsets, targets, target_start, exempt, live, slack, tolerance, old, new,
        queue, queued, 0, n, dirty, tables, keep,
    )  # fmt: skip
    if feasible and look_ahead:
        feasible = _look_ahead(
            gaps, offsets, targets, target_start, exempt, live, slack, tolerance, old, new,
            queue, queued, full_bound, dirty, reach, tables, keep, scratch, room, best,
        )  # fmt: skip
    if not feasible:
        return solutions[:0], 0, nodes, frontier[:0], 0
    order[0] = _choose(offsets, live, priority, neighbours, neighbour_start, counts)
    position[0] = 0
    depth = 0
    while depth >= 0:
        u = order[depth]
        if u < 0:  # every descriptor set: a leaf
            for j in range(n):
                for v in range(offsets[j], offsets[j + 1]):
                    if live_stack[depth, v]:
                        z[j] = v - offsets[j]
            if _leaf_is_consistent(impacts, offsets, exempt, z, tolerance):
                solutions = _grow(solutions, count)
                solutions[count] = z
                count += 1
                if count > limit:
                    return solutions[:count], count, nodes, frontier[:0], 0
            depth -= 1
            continue
        # next live variant of u at this depth
        k = position[depth]
        size = offsets[u + 1] - offsets[u]
        while k < size and not live_stack[depth, offsets[u] + k]:
            k += 1
        if k >= size:
            depth -= 1
            continue
        position[depth] = k + 1
        nodes += 1
        if nodes % 1024 == 0 and stop[0]:
            return solutions[:0], -1, nodes, frontier[:0], 0
        live = live_stack[depth + 1]
        slack = slack_stack[depth + 1]
        live[:] = live_stack[depth]
        slack[:, :] = slack_stack[depth]
        keep[:] = False
        keep[k] = True
        dirty[:] = False
        _restrict(
            gaps, offsets, targets, target_start, u, live, keep, slack, old, new, dirty, tables
        )
        tail = 0
        for t in range(target_start[u], target_start[u + 1]):
            queue[tail] = targets[t]
            queued[targets[t]] = True
            tail += 1
        feasible = _propagate(
            gaps, offsets, targets, target_start, exempt, live, slack, tolerance, old, new,
            queue, queued, 0, tail, dirty, tables, keep,
        )  # fmt: skip
        if feasible and look_ahead:
            feasible = _look_ahead(
                gaps, offsets, targets, target_start, exempt, live, slack, tolerance, old,
                new, queue, queued, full_bound, dirty, reach, tables, keep, scratch, room, best,
            )  # fmt: skip
        if feasible and 0 < frontier_depth <= depth + 1:
            frontier = _grow(frontier, frontier_count)
            frontier[frontier_count] = live
            frontier_count += 1
        elif feasible:
            order[depth + 1] = _choose(offsets, live, priority, neighbours, neighbour_start, counts)
            position[depth + 1] = 0
            depth += 1
    return solutions[:count], count, nodes, frontier[:frontier_count], frontier_count
