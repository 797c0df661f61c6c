"""Benchmark of the leverage points (not a test: it prints figures, asserts agreement).

Run:  .venv/bin/python benchmarks/bench_leverage.py [--quick] [--repeat N] [--only NAME]

Side by side in one process, on the same matrices: the exact method
(:func:`realpolitik.scenarios.leverage.leverage_points`, one exact search for the candidates,
then each change checked on the balances it moves) and the brute-force reference
(:func:`~realpolitik.scenarios.leverage.reference_leverage`, which changes every judgment, and
every pair, and recomputes the consistent set of the whole space). The ratio is reference time
over exact time; the two results must be equal.

Matrices: a random 3 x 3 matrix (27 scenarios; singles and pairs); Somewhereland (486
scenarios; singles and pairs, skipped with --quick); the flagship case's 156 stated judgments
(262,440 scenarios; singles only, since the reference would visit every pair; and the first
``--flagship-judgments`` of them, default 24, since the reference over all 156 did not finish
in 20 minutes on the shared development machine while the exact method takes about a second;
skipped with --quick). Steps k = 1, scale -3..+3.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from realpolitik.scenarios import CrossImpactMatrix, consistent_scenarios, read_scw
from realpolitik.scenarios.leverage import leverage_points, reference_leverage

ROOT = Path(__file__).resolve().parents[1]
SOMEWHERELAND = ROOT.parent / "shared" / "data" / "cib" / "somewhereland.scw"


def random_matrix(seed: int, sizes: list[int], density: float) -> CrossImpactMatrix:
    rng = np.random.default_rng(seed)
    total = sum(sizes)
    offsets = np.concatenate([[0], np.cumsum(sizes)])
    impacts = rng.integers(-3, 4, size=(total, total)) * (rng.random((total, total)) < density)
    for i in range(len(sizes)):
        impacts[offsets[i] : offsets[i + 1], offsets[i] : offsets[i + 1]] = 0
    return CrossImpactMatrix(
        tuple(f"D{i}" for i in range(len(sizes))),
        tuple(tuple(f"D{i}v{k}" for k in range(n)) for i, n in enumerate(sizes)),
        impacts,
    )


def flagship() -> tuple[CrossImpactMatrix, list[tuple[int, int]]]:
    from realpolitik.analysis.leverage_stage import case_judgments
    from realpolitik.analysis.scenarios_stage import case_matrix
    from realpolitik.case import load_case

    case = load_case("south-caucasus-2021")
    matrix, _ = case_matrix(case)
    return matrix, sorted(case_judgments(case, matrix))


def timed(run: Callable[[], Any], repeat: int) -> tuple[Any, float]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - started)
    return result, statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the small matrix only")
    parser.add_argument("--repeat", type=int, default=3, help="runs of the exact method")
    parser.add_argument("--only", help="run only the matrix whose name starts with this")
    parser.add_argument(
        "--flagship-judgments", type=int, default=24, help="stated judgments that may change"
    )
    args = parser.parse_args()
    cases: list[tuple[str, CrossImpactMatrix, list[tuple[int, int]] | None, bool]] = [
        ("random 3x3", random_matrix(5, [3, 3, 3], 0.6), None, True)
    ]
    if not args.quick:
        cases.append(("Somewhereland", read_scw(SOMEWHERELAND), None, True))
        matrix, cells = flagship()
        cells = cells[: args.flagship_judgments]
        cases.append((f"flagship {len(cells)} (singles)", matrix, cells, False))
    if args.only:
        cases = [case for case in cases if case[0].startswith(args.only)]
    consistent_scenarios(random_matrix(5, [3, 3, 3], 0.6))  # compile the kernels before timing
    print(f"{'matrix':<22}{'exact s':>10}{'reference s':>14}{'ratio':>9}  levers")
    for name, matrix, cells, pairs in cases:
        fast, fast_s = timed(
            lambda m=matrix, c=cells, p=pairs: leverage_points(m, judgments=c, pairs=p),
            args.repeat,
        )
        slow, slow_s = timed(
            lambda m=matrix, c=cells, p=pairs: reference_leverage(m, judgments=c, pairs=p), 1
        )
        assert fast == slow, f"{name}: the exact method and the reference differ"
        print(
            f"{name:<22}{fast_s:>10.3f}{slow_s:>14.2f}{slow_s / fast_s:>9.0f}  "
            f"{len(fast.singles)} singles, {len(fast.pairs)} pairs"
        )


if __name__ == "__main__":
    main()
