"""Check that a ScenarioWizard solution list's first field is the global-succession basin size.

Run:  .venv/bin/python scripts/check_sl_frequencies.py PROJECT.scw LIST.sl

ScenarioWizard writes, first after each scenario of a list it found by succession from every
start, how many starts ended there (see docs/scenarios.md, "Files"). This script runs global
succession from every scenario of the project (a descriptor keeps its variant when it is among
the highest balances, else takes the first highest; self-impacts count) and prints, for each
listed scenario, the file's figure beside the basin computed here, and the starts that end in
cycles. It is the check behind tests/data/scenariowizard/README.md: on
CIB_nested_simplified_standardized (22,674,816 starts) it takes about a minute on one core, and
every figure agrees. Too slow for the test suite, hence a script. Exit status 1 on a
difference.
"""

from __future__ import annotations

import sys

import numpy as np
from numba import njit

from realpolitik.scenarios import read_scw, read_sl_document


@njit(cache=True)
def _successors(impacts: np.ndarray, offsets: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """The global-succession successor of every scenario, scenarios numbered in mixed radix
    (the last descriptor turning fastest)."""
    n = sizes.shape[0]
    total = 1
    for size in sizes:
        total *= size
    out = np.empty(total, dtype=np.int64)
    z = np.zeros(n, dtype=np.int64)
    balances = np.empty(impacts.shape[0])
    for index in range(total):
        rest = index
        for d in range(n - 1, -1, -1):
            z[d] = rest % sizes[d]
            rest //= sizes[d]
        balances[:] = 0.0
        for d in range(n):
            balances += impacts[offsets[d] + z[d]]
        code = 0
        for d in range(n):
            best = offsets[d]
            for v in range(offsets[d], offsets[d + 1]):
                if balances[v] > balances[best]:
                    best = v
            chosen = z[d] if balances[offsets[d] + z[d]] >= balances[best] else best - offsets[d]
            code = code * sizes[d] + chosen
        out[index] = code
    return out


@njit(cache=True)
def _ends(successor: np.ndarray) -> np.ndarray:
    """Where each start's succession ends: its fixed point, or -1 for a cycle."""
    total = successor.shape[0]
    end = np.full(total, -2, dtype=np.int64)  # -2: not visited, -3: on the path being walked
    path = np.empty(total, dtype=np.int64)
    for start in range(total):
        length = 0
        x = start
        while end[x] == -2:
            end[x] = -3
            path[length] = x
            length += 1
            x = successor[x]
        if end[x] == -3:  # the walk closed on itself: a fixed point or a new cycle
            result = x if successor[x] == x else -1
        else:
            result = end[x]
        for k in range(length):
            end[path[k]] = result
    return end


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    matrix = read_scw(sys.argv[1])
    listed = read_sl_document(sys.argv[2], matrix)
    sizes = np.asarray(matrix.n_variants, dtype=np.int64)
    offsets = np.asarray(matrix.offsets, dtype=np.int64)
    ends = _ends(_successors(np.ascontiguousarray(matrix.weighted_impacts()), offsets, sizes))
    codes, counts = np.unique(ends, return_counts=True)
    basin = dict(zip(codes.tolist(), counts.tolist(), strict=True))
    print(f"{matrix.space_size:,} starts, {basin.get(-1, 0):,} ending in cycles")
    differ = False
    for solution in listed.solutions:
        code = 0
        for d, v in enumerate(solution.variants):
            code = code * int(sizes[d]) + v
        here = basin.get(code, 0)
        differ = differ or here != solution.frequency
        print(f"line {solution.line}: file {solution.frequency}, basin here {here}")
    print("differ" if differ else "every figure agrees")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
