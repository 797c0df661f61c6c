"""Benchmark of the uncertainty layer's executors: serial against a 2-worker Dask cluster.

Run: ``.venv/bin/python benchmarks/bench_uncertainty.py [--runs 100000] [--matrices 2000]``

1. A Monte Carlo of every bargaining issue of the flagship case (``--runs`` runs per issue,
   all four models), serially and on a 2-worker ``LocalCluster``: the results must be
   byte-identical; the ratio of wall times is the speed-up. The serial run is timed twice:
   with Numba's threads (the EUM batch already spreads its runs over the cores with
   ``prange``) and with one thread, which is what each Dask worker uses.
2. A judgment ensemble of the flagship's cross-impact matrix (``--matrices`` drawn matrices,
   each searched exactly), the same way.
3. A scaling curve to 16 workers, simulated from measured figures: the one-thread serial
   work W, and the cluster's overhead per chunk o, measured on one issue as the wall time
   beyond the chunks' own compute time (timed inside each task): T(w) = W / w + 4 o, with
   4 chunks per worker. It says where the speed-up falls below 80 % of linear. The compute
   time inside the workers against the serial one-thread time is printed too: on a machine
   with fewer free cores than workers it shows the contention, not the method.

Figures are printed; nothing is asserted but the byte-identity. The cluster's start-up time is
printed apart and left out of the ratios (it is paid once per command).
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import time
from typing import Any

import numba
import numpy as np

from realpolitik.analysis.inputs import issue_inputs
from realpolitik.analysis.scenarios_stage import case_matrix
from realpolitik.case import load_case
from realpolitik.scenarios import ensemble_consistency
from realpolitik.scenarios.records import EnsembleRecord
from realpolitik.uncertainty import Executor, evaluate, executing, monte_carlo, sample
from realpolitik.uncertainty.bargaining import bargaining_problem, issue_outputs
from realpolitik.uncertainty.evaluate import CHUNKS_PER_WORKER


def bargaining(n_runs: int) -> list[dict[str, Any]]:
    case = load_case("south-caucasus-2021")
    out = []
    for k, issue in enumerate(case.issues):
        _, x, s, c = issue_inputs(case, issue)
        result = monte_carlo(x, s, c, n_runs=n_runs, seed=2021 + k)
        runs = {model: summary.forecasts for model, summary in result.summaries.items()}
        out.append({**result.model_dump(mode="json"), "runs": runs})
    return out


def ensemble(n_matrices: int) -> dict[str, Any]:
    matrix, uncertainty = case_matrix(load_case("south-caucasus-2021"))
    result = ensemble_consistency(matrix, n_matrices, uncertainty, seed=2021, scale=3.0)
    return EnsembleRecord.model_validate(result).model_dump(mode="json")


def digest(data: Any) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


def timed(function: Any, *args: Any) -> tuple[float, str]:
    start = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - start, digest(result)


def curve(work: float, overhead: float) -> None:
    print("  workers  simulated s  speed-up  efficiency")
    stop = None
    for workers in (1, 2, 4, 8, 12, 16):
        total = work / workers + (CHUNKS_PER_WORKER * overhead if workers > 1 else 0.0)
        speedup = work / total
        efficiency = speedup / workers
        if stop is None and efficiency < 0.8:
            stop = workers
        print(f"  {workers:7d}  {total:11.2f}  {speedup:8.2f}  {efficiency:10.0%}")
    print(
        "  stays within 80 % of linear up to 16 workers"
        if stop is None
        else f"  falls below 80 % of linear at {stop} workers"
    )


def _warm() -> None:
    bargaining(50)


def _timed_chunk(rows: np.ndarray, engine: Any) -> np.ndarray:
    start = time.perf_counter()
    outputs = engine(rows)
    return np.column_stack([outputs, np.full(len(rows), time.perf_counter() - start)])


def chunk_overhead(executor: Executor, n_runs: int) -> tuple[float, float, float]:
    """Wall time, summed in-task compute time and per-chunk overhead of one issue's Monte
    Carlo on ``executor`` (module docstring, point 3)."""
    case = load_case("south-caucasus-2021")
    actors, x, s, c = issue_inputs(case, case.issues[0])
    engine = functools.partial(
        issue_outputs, n_actors=len(actors), models=("eum", "mean", "median", "nash"),
        options=None, scale=(0.0, 100.0), max_rounds=100,
    )  # fmt: skip
    draws = sample(bargaining_problem(x, s, c), n_runs, seed=1)
    start = time.perf_counter()
    timed = evaluate(functools.partial(_timed_chunk, engine=engine), draws, executor)
    wall = time.perf_counter() - start
    _, first = np.unique(timed[:, -1], return_index=True)
    compute = float(np.sum(timed[np.sort(first), -1]))
    overhead = max(0.0, (wall - compute / executor.workers) / CHUNKS_PER_WORKER)
    return wall, compute, overhead


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=100_000)
    parser.add_argument("--matrices", type=int, default=2_000)
    args = parser.parse_args()
    bargaining(200)  # compile (or load) the Numba kernels in this process first
    jobs = [
        (f"bargaining Monte Carlo, 7 issues x {args.runs:,} runs", bargaining, args.runs),
        (f"scenario ensemble, {args.matrices:,} matrices", ensemble, args.matrices),
    ]
    serial = [timed(function, size) for _, function, size in jobs]
    threads = numba.get_num_threads()
    numba.set_num_threads(1)
    single = [timed(function, size) for _, function, size in jobs]
    numba.set_num_threads(threads)
    start = time.perf_counter()
    with executing(workers=2) as executor:
        started = time.perf_counter() - start
        executor.client.run(_warm)  # type: ignore[attr-defined]  # every worker compiles once
        parallel = [timed(function, size) for _, function, size in jobs]
        wall, compute, overhead = chunk_overhead(executor, args.runs)
    print(f"2-worker LocalCluster start-up: {started:.2f} s (not in the ratios)")
    failed = False
    for (name, _, _), (t0, d0), (t1, d1), (t2, d2) in zip(
        jobs, serial, single, parallel, strict=True
    ):
        same = "byte-identical" if d0 == d1 == d2 else "DIFFERENT"
        failed = failed or same != "byte-identical"
        print(
            f"{name}: serial {t0:.2f} s ({threads} Numba threads), serial {t1:.2f} s (1 thread),"
            f" 2 workers {t2:.2f} s; speed-up {t0 / t2:.2f}x and {t1 / t2:.2f}x ({same})"
        )
    if failed:
        raise SystemExit("results differ between executors")
    print(
        f"one issue x {args.runs:,} runs on 2 workers: wall {wall:.2f} s, compute inside the "
        f"tasks {compute:.2f} s in all, overhead per chunk {overhead * 1000:.0f} ms"
    )
    print("simulated curve for the bargaining Monte Carlo (W = serial one-thread time):")
    curve(single[0][0], overhead)


if __name__ == "__main__":
    main()
