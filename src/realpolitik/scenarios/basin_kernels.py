"""Numba kernels of succession and its basins. Trusted inputs only: :mod:`.succession`
prepares them, and its plain Python path (``method="reference"``) is the oracle they are
tested against.

Shared inputs: ``impacts`` (V x V, weighted, row = source variant; the blocks of a descriptor
on itself are added like any other, so a matrix with self-impacts is handled as written),
``offsets`` (n + 1), ``free`` (a flag per descriptor: 0 for one held by an intervention, which
never moves) and ``rule`` (:data:`GLOBAL` or :data:`LOCAL`). One step is exactly the
reference's: balances summed row by row in descriptor order, ties kept on the current variant,
else the first highest one, two balances within :data:`~.model.EPSILON` counted equal.

Two ways to find where starts end:

- :func:`next_codes` and :func:`label_attractors`, for every scenario of a space at once: the
  space is numbered in mixed radix (descriptor 0 most significant, held descriptors left out),
  each scenario's successor is computed once, and the graph "scenario -> successor" is walked
  once, each scenario labelled with the attractor its path ends in;
- :func:`cycle_minima`, for a list of starts in a space too large to number: each path is
  followed until it repeats (Brent's cycle detection, no memory of visited scenarios), and the
  cycle reached is named by its smallest scenario (lexicographically), which identifies it.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from realpolitik.scenarios.model import EPSILON, FloatArray, IntArray

#: Rule codes the kernels understand; :mod:`.succession` maps the rule names onto them.
GLOBAL = 0
LOCAL = 1
RULE_CODES = {"global": GLOBAL, "local": LOCAL}


@njit(cache=True)
def _best(balances: FloatArray, start: int, stop: int, current: int) -> int:
    """The variant a descriptor moves to: ``current`` if it is among the highest, else the
    first highest (indices within the descriptor)."""
    top = balances[start]
    for v in range(start + 1, stop):
        if balances[v] > top:
            top = balances[v]
    if balances[start + current] >= top - EPSILON:
        return current
    for v in range(start, stop):
        if balances[v] >= top - EPSILON:
            return v - start
    return current  # unreachable: the highest balance is among them


@njit(cache=True)
def _step(
    impacts: FloatArray,
    offsets: IntArray,
    free: IntArray,
    rule: int,
    z: IntArray,
    out: IntArray,
    balances: FloatArray,
) -> None:
    """One succession step from ``z`` into ``out`` (``balances`` is scratch space)."""
    n = z.shape[0]
    width = impacts.shape[1]
    for v in range(width):
        balances[v] = 0.0
    for i in range(n):
        row = offsets[i] + z[i]
        for v in range(width):
            balances[v] += impacts[row, v]
    for j in range(n):
        out[j] = z[j]
    if rule == GLOBAL:
        for j in range(n):
            if free[j]:
                out[j] = _best(balances, offsets[j], offsets[j + 1], z[j])
        return
    worst = 0.0
    worst_j = -1
    for j in range(n):
        if not free[j]:
            continue
        top = balances[offsets[j]]
        for v in range(offsets[j] + 1, offsets[j + 1]):
            if balances[v] > top:
                top = balances[v]
        gap = top - balances[offsets[j] + z[j]]
        if gap > worst + EPSILON:
            worst = gap
            worst_j = j
    if worst_j >= 0:
        out[worst_j] = _best(balances, offsets[worst_j], offsets[worst_j + 1], z[worst_j])


@njit(cache=True)
def _decode(
    code: int, template: IntArray, strides: IntArray, counts: IntArray, z: IntArray
) -> None:
    """The scenario numbered ``code``: free descriptors (stride > 0) from the digits, held
    ones from ``template``."""
    for j in range(template.shape[0]):
        if strides[j] > 0:
            z[j] = (code // strides[j]) % counts[j]
        else:
            z[j] = template[j]


@njit(cache=True)
def next_codes(
    impacts: FloatArray,
    offsets: IntArray,
    free: IntArray,
    rule: int,
    template: IntArray,
    strides: IntArray,
    first: int,
    stop: int,
) -> IntArray:
    """The number of the successor of every scenario numbered ``first .. stop - 1``.

    ``strides[j]`` is descriptor ``j``'s place value (0 for a held descriptor, whose variant
    comes from ``template``); the counts are read from ``offsets``."""
    n = template.shape[0]
    counts = offsets[1:] - offsets[:-1]
    z = np.empty(n, dtype=np.int64)
    after = np.empty(n, dtype=np.int64)
    balances = np.empty(impacts.shape[1])
    out = np.empty(stop - first, dtype=np.int64)
    for code in range(first, stop):
        _decode(code, template, strides, counts, z)
        _step(impacts, offsets, free, rule, z, after, balances)
        number = 0
        for j in range(n):
            number += after[j] * strides[j]
        out[code - first] = number
    return out


@njit(cache=True)
def label_attractors(successor: IntArray) -> tuple[IntArray, IntArray]:
    """For a map ``scenario -> successor`` over ``0 .. N - 1``: the attractor each scenario's
    path ends in (numbered 0, 1, ... in order of discovery) and, per attractor, one scenario
    on its cycle. Each scenario is visited once."""
    size = successor.shape[0]
    state = np.zeros(size, dtype=np.int8)  # 0 unseen, 1 on the path being walked, 2 labelled
    label = np.empty(size, dtype=np.int64)
    path = np.empty(size, dtype=np.int64)
    representatives = np.empty(16, dtype=np.int64)
    found = 0
    for start in range(size):
        if state[start] == 2:
            continue
        length = 0
        current = start
        while state[current] == 0:
            state[current] = 1
            path[length] = current
            length += 1
            current = successor[current]
        if state[current] == 1:  # a new cycle, closed at ``current``
            if found == representatives.shape[0]:
                bigger = np.empty(found * 2, dtype=np.int64)
                bigger[:found] = representatives
                representatives = bigger
            representatives[found] = current
            attractor = found
            found += 1
        else:
            attractor = label[current]
        for k in range(length):
            label[path[k]] = attractor
            state[path[k]] = 2
    return label, representatives[:found].copy()


@njit(cache=True)
def _less(a: IntArray, b: IntArray) -> bool:
    for j in range(a.shape[0]):
        if a[j] != b[j]:
            return bool(a[j] < b[j])
    return False


@njit(cache=True)
def _same(a: IntArray, b: IntArray) -> bool:
    # A plain loop: Numba compiles it without the temporary array ``all(...)`` would need.
    for j in range(a.shape[0]):  # noqa: SIM110
        if a[j] != b[j]:
            return False
    return True


@njit(cache=True)
def cycle_minima(
    impacts: FloatArray, offsets: IntArray, free: IntArray, rule: int, starts: IntArray
) -> tuple[IntArray, IntArray]:
    """For every start (a row of ``starts``): the smallest scenario of the cycle its path
    ends in, and that cycle's length (1 for a fixed point).

    Brent (1980), "An improved Monte Carlo factorization algorithm", BIT 20, 176-184: the
    hare runs ahead in stretches of doubling length while the tortoise waits at the start of
    each stretch; they meet on the cycle after at most about twice the path's length."""
    count, n = starts.shape
    minima = np.empty((count, n), dtype=np.int64)
    lengths = np.empty(count, dtype=np.int64)
    balances = np.empty(impacts.shape[1])
    tortoise = np.empty(n, dtype=np.int64)
    hare = np.empty(n, dtype=np.int64)
    scratch = np.empty(n, dtype=np.int64)
    for s in range(count):
        tortoise[:] = starts[s]
        _step(impacts, offsets, free, rule, tortoise, hare, balances)
        power = 1
        length = 1
        while not _same(tortoise, hare):
            if power == length:
                tortoise[:] = hare
                power *= 2
                length = 0
            _step(impacts, offsets, free, rule, hare, scratch, balances)
            hare[:] = scratch
            length += 1
        # ``hare`` is on the cycle, of ``length`` scenarios: walk it once for its minimum.
        minima[s] = hare
        for _ in range(length - 1):
            _step(impacts, offsets, free, rule, hare, scratch, balances)
            hare[:] = scratch
            if _less(hare, minima[s]):
                minima[s] = hare
        lengths[s] = length
    return minima, lengths


@njit(cache=True)
def trace_cycle(
    impacts: FloatArray, offsets: IntArray, free: IntArray, rule: int, z: IntArray, length: int
) -> IntArray:
    """The ``length`` scenarios of the cycle through ``z``, from ``z`` in order of
    succession (one row each)."""
    n = z.shape[0]
    out = np.empty((length, n), dtype=np.int64)
    balances = np.empty(impacts.shape[1])
    out[0] = z
    for k in range(1, length):
        _step(impacts, offsets, free, rule, out[k - 1], out[k], balances)
    return out
