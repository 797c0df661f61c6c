"""Benchmark of the bargaining engine: fast kernel against the reference, in one process.

Run: ``.venv/bin/python benchmarks/bench_bargaining.py [--runs 10000] [--reference-runs 100]``

1. The flagship case: its 7 issues x N Monte Carlo runs of the expected-utility model.
   The reference (plain Python) is timed on the first ``--reference-runs`` runs of every
   issue and its per-run cost scaled to N; the ratio compares per-run costs measured here.
2. One issue with 200 actors, one full run (fast); one round with 50 actors against the
   reference (the reference's O(n^3) power calls make a 200-actor round take about a minute).
3. Growth with the number of actors: time per round of the fast kernel, and the fitted
   exponent of n.

Figures are printed; nothing is asserted. Compilation (Numba) is timed apart.
"""

from __future__ import annotations

import argparse
import math
import time

import numpy as np

from realpolitik.analysis.inputs import issue_inputs
from realpolitik.bargaining import (
    EumOptions,
    forecast_batch,
    run_eum,
    run_eum_batch,
    run_eum_reference,
)
from realpolitik.bargaining.eum_reference import eum_round
from realpolitik.case import load_case
from realpolitik.uncertainty import Judged, sample_judged

SCALE = (0.0, 100.0)


def flagship_issues() -> list[tuple[Judged, Judged, Judged]]:
    """The issues of the built-in flagship case, as the main job feeds them to the engine."""
    case = load_case("south-caucasus-2021")
    return [issue_inputs(case, issue)[1:] for issue in case.issues]


def flagship(n_runs: int, reference_runs: int) -> None:
    issues = flagship_issues()
    draws = [
        tuple(sample_judged(judged, n_runs, 2021 + k) for k, judged in enumerate(issue))
        for issue in issues
    ]
    actors = sum(len(issue[0].value) for issue in issues)
    start = time.perf_counter()
    x, s, c = draws[0]
    run_eum_batch(x[:2], s[:2], c[:2], SCALE)
    print(f"compile (or load from cache): {time.perf_counter() - start:.2f} s")

    start = time.perf_counter()
    rounds = 0
    for x, s, c in draws:
        _, _, played, _ = run_eum_batch(x, s, c, SCALE, EumOptions())
        rounds += int(played.sum())
    fast = time.perf_counter() - start
    start = time.perf_counter()
    for x, s, c in draws:
        for model in ("mean", "median", "nash"):
            forecast_batch(x, s, c, model, scale=SCALE)  # type: ignore[arg-type]
    baselines = time.perf_counter() - start

    start = time.perf_counter()
    for x, s, c in draws:
        for run in range(reference_runs):
            run_eum_reference(list(x[run]), list(s[run]), list(c[run]), SCALE)
    reference = time.perf_counter() - start
    per_run_reference = reference / (len(issues) * reference_runs)
    per_run_fast = fast / (len(issues) * n_runs)
    print(
        f"flagship case south-caucasus-2021: {len(issues)} issues, {actors} positions in all, "
        f"x {n_runs} runs ({rounds} rounds in all)"
    )
    print(f"  fast EUM kernel:        {fast:8.2f} s")
    print(f"  baselines (3 models):   {baselines:8.2f} s")
    print(
        f"  reference EUM:          {per_run_reference * 1e3:8.3f} ms per run "
        f"(timed on {len(issues) * reference_runs} runs) -> "
        f"{per_run_reference * len(issues) * n_runs:8.1f} s "
        "for all runs"
    )
    print(f"  speed-up per run:       {per_run_reference / per_run_fast:8.0f} x")


def large_issue(n: int = 200) -> None:
    rng = np.random.default_rng(200)
    x = np.round(rng.uniform(0, 100, n))
    s = rng.uniform(0.2, 1.0, n)
    c = rng.uniform(5, 100, n)
    run_eum(x[:3], s[:3], c[:3], SCALE)
    start = time.perf_counter()
    result = run_eum(x, s, c, SCALE)
    fast = time.perf_counter() - start
    played = len(result.rounds) - 1
    print(f"one issue, {n} actors, one full run: {fast:.3f} s ({played} rounds)")
    small = 50
    start = time.perf_counter()
    eum_round(list(x[:small]), list(s[:small]), list(c[:small]), SCALE, EumOptions())
    reference_round = time.perf_counter() - start
    start = time.perf_counter()
    fast_small = run_eum(x[:small], s[:small], c[:small], SCALE, max_rounds=1)
    fast_round = time.perf_counter() - start
    assert len(fast_small.rounds) == 2
    print(
        f"  one round with {small} actors: reference {reference_round:.3f} s, "
        f"fast {fast_round:.5f} s ({reference_round / fast_round:.0f} x)"
    )


def growth() -> None:
    rng = np.random.default_rng(7)
    sizes = [25, 50, 100, 200, 400]
    per_round = []
    for n in sizes:
        x = rng.uniform(0, 100, n)
        s = rng.uniform(0.2, 1.0, n)
        c = rng.uniform(5, 100, n)
        start = time.perf_counter()
        result = run_eum(x, s, c, SCALE, max_rounds=5)
        elapsed = time.perf_counter() - start
        per_round.append(elapsed / (len(result.rounds) - 1))
    print("growth with actors (fast kernel, seconds per round):")
    for n, seconds in zip(sizes, per_round, strict=True):
        print(f"  n = {n:4d}: {seconds:.5f}")
    slope = np.polyfit(np.log(sizes[1:]), np.log(per_round[1:]), 1)[0]
    print(f"  fitted exponent (n = 50..400): time ~ n^{slope:.2f} (the vote sums are n^3)")
    if not math.isfinite(slope):
        print("  (timings too small to fit)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--reference-runs", type=int, default=20)
    args = parser.parse_args()
    flagship(args.runs, args.reference_runs)
    large_issue()
    growth()


if __name__ == "__main__":
    main()
