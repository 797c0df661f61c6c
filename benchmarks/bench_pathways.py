"""Benchmark of dynamic CIB pathways (not a test: it prints figures, asserts agreement).

Run:  .venv/bin/python benchmarks/bench_pathways.py [--repeat N]

Columns, on the same models in one process: ``reference``, the plain definition
(:func:`~realpolitik.scenarios.dynamic.reference_pathways`: each start through the periods with
``succession``), and ``array``, the successor map with pointer doubling that the main job
uses; the ratio is reference / array. Both run from every first-period start and their shares
must agree. Models (fixed seeds): Somewhereland over three periods with one exogenous
trajectory; a random 8 x 3..4 matrix (about 2e4 starts) over two periods with a shock and a
threshold rule; the flagship case's own dynamics (87,480 starts), whose reference is timed on
a random 5,000 starts and scaled (marked "~").
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from realpolitik.analysis.dynamics_stage import case_dynamic_model
from realpolitik.case import load_case
from realpolitik.scenarios import from_blocks, read_scw
from realpolitik.scenarios.dynamic import (
    DynamicModel,
    _run,
    _start_grid,
    dynamic_model,
    reference_pathways,
    threshold,
)

ROOT = Path(__file__).resolve().parents[1]
SOMEWHERELAND = ROOT.parent / "shared" / "data" / "cib" / "somewhereland.scw"


def timed(function: Callable[[], object], repeat: int) -> tuple[object, float]:
    times, out = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        out = function()
        times.append(time.perf_counter() - start)
    return out, statistics.median(times)


def random_model() -> DynamicModel:
    rng = np.random.default_rng(11)
    sizes = [3, 4, 3, 3, 4, 3, 3, 4]
    blocks = {
        (i, j): rng.integers(-3, 4, size=(si, sj))
        for i, si in enumerate(sizes)
        for j, sj in enumerate(sizes)
        if i != j
    }
    matrix = from_blocks(
        [f"d{i}" for i in range(len(sizes))], [[f"v{k}" for k in range(s)] for s in sizes], blocks
    )
    rule = threshold(matrix, "rule", {"d0": "v0"}, "d1", {("d1.v0", "d2.v1"): 3})
    return dynamic_model(matrix, ["p1", "p2"], shocks=[("p2", "d3", "v2")], thresholds=[rule])


def models() -> list[tuple[str, DynamicModel, int | None]]:
    out: list[tuple[str, DynamicModel, int | None]] = []
    if SOMEWHERELAND.is_file():
        matrix = read_scw(SOMEWHERELAND)
        first = matrix.descriptors[0]
        trajectory = [0, 1, 1][:3]
        out.append(
            (
                "Somewhereland, 3 periods",
                dynamic_model(matrix, ["p1", "p2", "p3"], {first: trajectory}),
                None,
            )
        )
    out.append(("random 8 x 3..4, 2 periods", random_model(), None))
    built = case_dynamic_model(load_case("south-caucasus-2021"))
    if built is not None:
        out.append(("south-caucasus-2021", built[0], 5000))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{'model':32} {'starts':>8} {'reference s':>12} {'array s':>9} {'ratio':>8}")
    for name, model, subset in models():
        grid, _ = _start_grid(model, 10**7, 0, None)
        fast, fast_time = timed(
            lambda model=model, grid=grid: _run(model, grid, None)[0], args.repeat
        )
        if subset is None:
            plain, plain_time = timed(lambda model=model: reference_pathways(model), 1)
            assert isinstance(plain, dict) and isinstance(fast, dict)
            assert set(plain) == set(fast)
            assert all(abs(plain[k] - fast[k]) < 1e-9 for k in plain)
            mark = ""
        else:
            rng = np.random.default_rng(5)
            rows = grid[rng.choice(len(grid), subset, replace=False)]
            starts = [tuple(int(v) for v in row) for row in rows]
            sub_plain, part = timed(
                lambda model=model, starts=starts: reference_pathways(model, starts), 1
            )
            sub_fast, _ = timed(lambda model=model, rows=rows: _run(model, rows, None)[0], 1)
            assert isinstance(sub_plain, dict) and isinstance(sub_fast, dict)
            assert set(sub_plain) == set(sub_fast)
            plain_time, mark = part * len(grid) / subset, "~"
        print(
            f"{name:32} {len(grid):8d} {mark + format(plain_time, '.2f'):>12} "
            f"{fast_time:9.3f} {plain_time / fast_time:8.0f}"
        )


if __name__ == "__main__":
    main()
