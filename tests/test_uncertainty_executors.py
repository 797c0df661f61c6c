"""The same evaluation, byte for byte, whatever runs it: serial, local processes, Dask."""

from __future__ import annotations

import functools

import numpy as np
import pytest

from realpolitik.scenarios import CrossImpactMatrix, ensemble_consistency
from realpolitik.uncertainty import (
    ExecutorError,
    Judged,
    Problem,
    ProcessExecutor,
    SerialExecutor,
    chunk_bounds,
    evaluate,
    executing,
    monte_carlo,
    open_executor,
    sample,
)
from realpolitik.uncertainty.bargaining import issue_outputs

POSITIONS = Judged.of([0.0, 30.0, 70.0, 100.0], sd=[5, 10, float("nan"), 3])
SALIENCES = Judged.of([0.9, 0.5, 0.6, 0.8], bounds=(0, 1))
CAPABILITIES = Judged.of([80.0, 30.0, 50.0, 60.0], low=[70, 20, 40, 50], high=[90, 40, 60, 70])
ENGINE = functools.partial(
    issue_outputs, n_actors=4, models=("eum", "mean", "median", "nash"), options=None,
    scale=(0.0, 100.0), max_rounds=100,
)  # fmt: skip


def _draws(n: int = 600) -> object:
    problem = Problem.of({"position": POSITIONS, "salience": SALIENCES, "capability": CAPABILITIES})
    return sample(problem, n, seed=12)


def test_chunking_never_changes_the_outputs() -> None:
    draws = _draws()
    serial = evaluate(ENGINE, draws, SerialExecutor())  # type: ignore[arg-type]
    for rows in (1, 7, 64, 599, 600):
        chunked = evaluate(ENGINE, draws, SerialExecutor(), chunk_rows=rows)  # type: ignore[arg-type]
        assert chunked.tobytes() == serial.tobytes()
    assert chunk_bounds(10, 1) == [(0, 10)]
    assert chunk_bounds(1000, 2) == [(0, 125), (125, 250), (250, 375), (375, 500),
                                     (500, 625), (625, 750), (750, 875), (875, 1000)]  # fmt: skip


def test_local_processes_match_serial() -> None:
    draws = _draws(300)
    serial = evaluate(ENGINE, draws, SerialExecutor())  # type: ignore[arg-type]
    with ProcessExecutor(2) as pool:
        parallel = evaluate(ENGINE, draws, pool, chunk_rows=100)  # type: ignore[arg-type]
    assert parallel.tobytes() == serial.tobytes()


def _somewhereland() -> CrossImpactMatrix:
    rng = np.random.default_rng(3)
    impacts = rng.integers(-3, 4, size=(9, 9)).astype(float)
    for d in range(3):
        impacts[3 * d : 3 * d + 3, 3 * d : 3 * d + 3] = 0.0
    return CrossImpactMatrix(("A", "B", "C"), (("a1", "a2", "a3"),) * 3, impacts)


def test_a_two_worker_dask_cluster_gives_byte_identical_results() -> None:
    """One LocalCluster of two worker processes runs the bargaining Monte Carlo and the
    scenario ensemble; both come back identical to the serial run."""
    matrix = _somewhereland()
    inputs = (POSITIONS, SALIENCES, CAPABILITIES)
    serial_mc = monte_carlo(*inputs, n_runs=400, seed=5)
    serial_ensemble = ensemble_consistency(matrix, n_runs=40, seed=9)
    with executing(workers=2) as cluster:
        assert cluster.workers == 2
        dask_mc = monte_carlo(*inputs, n_runs=400, seed=5)
        dask_ensemble = ensemble_consistency(matrix, n_runs=40, seed=9)
    assert repr(dask_mc) == repr(serial_mc)
    # Every run's forecast too (the repr leaves them out; repr compares NaN with NaN).
    runs = {model: repr(summary.forecasts) for model, summary in dask_mc.summaries.items()}
    assert runs == {model: repr(s.forecasts) for model, s in serial_mc.summaries.items()}
    assert repr(dask_ensemble) == repr(serial_ensemble)


def test_bad_executor_options_are_refused() -> None:
    for options, message in (
        ({"workers": 2, "scheduler": "tcp://localhost:8786"}, "not both"),
        ({"scheduler": "localhost"}, "scheduler address"),
        ({"scheduler": "tcp://127.0.0.1:1"}, "cannot reach"),
    ):
        with pytest.raises(ExecutorError, match=message), open_executor(**options):  # type: ignore[arg-type]
            pass
