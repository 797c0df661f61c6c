"""Map an engine over the rows of a sample, in chunks, through the current executor.

The rows are cut into contiguous chunks; each chunk is one task that draws its own rows (a
:class:`~realpolitik.uncertainty.sampling.Sample` ships only the problem, the seed and its
row range) and runs the engine on them. The chunks' outputs are joined in row order, so the
result is the same whatever the executor, the number of workers or the chunk size, as long
as the engine treats every row on its own (all of ours do; tests check it).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from typing import Any, Protocol, TypeVar

import numpy as np
from numpy.typing import NDArray

from realpolitik.uncertainty.errors import UncertaintyError
from realpolitik.uncertainty.executors import Executor, current_executor

FloatArray = NDArray[np.float64]
T = TypeVar("T")

#: Chunks per worker: a few, so a slow chunk does not leave the others idle at the end.
CHUNKS_PER_WORKER = 4
#: Fewer rows than this per chunk cost more in shipping than they save.
MIN_CHUNK_ROWS = 64


class RowSource(Protocol):
    """Rows to evaluate: a lazily drawn sample or explicit rows."""

    @property
    def n_rows(self) -> int: ...

    def chunk(self, start: int, stop: int) -> RowSource: ...

    def rows(self) -> FloatArray: ...


def chunk_bounds(n_rows: int, workers: int, chunk_rows: int | None = None) -> list[tuple[int, int]]:
    """Contiguous ``(start, stop)`` row ranges: ``chunk_rows`` each, or a few per worker."""
    if n_rows < 1:
        return []
    if chunk_rows is None:
        if workers <= 1:
            chunk_rows = n_rows
        else:
            chunk_rows = max(MIN_CHUNK_ROWS, math.ceil(n_rows / (workers * CHUNKS_PER_WORKER)))
    if chunk_rows < 1:
        raise UncertaintyError(f"chunk_rows must be at least 1, got {chunk_rows}")
    return [(start, min(start + chunk_rows, n_rows)) for start in range(0, n_rows, chunk_rows)]


def _run_chunk(function: Callable[[FloatArray], T], chunk: RowSource) -> T:
    return function(chunk.rows())


def map_chunks(
    function: Callable[[FloatArray], T],
    source: RowSource,
    executor: Executor | None = None,
    chunk_rows: int | None = None,
) -> list[T]:
    """``function`` applied to each chunk of rows (module docstring), in row order.

    ``function`` must be picklable (a module-level function or a ``functools.partial`` of
    one) when the executor runs it in other processes."""
    runner = executor or current_executor()
    chunks = [
        source.chunk(a, b) for a, b in chunk_bounds(source.n_rows, runner.workers, chunk_rows)
    ]
    return runner.map(functools.partial(_run_chunk, function), chunks)


def evaluate(
    function: Callable[[FloatArray], FloatArray],
    source: RowSource,
    executor: Executor | None = None,
    chunk_rows: int | None = None,
) -> FloatArray:
    """One output per row: ``function`` maps rows (shape (rows, inputs)) to outputs whose
    first axis is the row; the chunks' outputs are concatenated."""
    parts = map_chunks(function, source, executor, chunk_rows)
    if not parts:
        return np.zeros(0)
    result: FloatArray = np.concatenate([np.asarray(part, dtype=np.float64) for part in parts])
    if result.shape[0] != source.n_rows:
        raise UncertaintyError(
            f"the engine returned {result.shape[0]} outputs for {source.n_rows} rows"
        )
    return result


def evaluate_each(
    function: Callable[[FloatArray], Sequence[Any]],
    source: RowSource,
    executor: Executor | None = None,
    chunk_rows: int | None = None,
) -> list[Any]:
    """Like :func:`evaluate` for outputs that are not numbers (one object per row)."""
    joined = [item for part in map_chunks(function, source, executor, chunk_rows) for item in part]
    if len(joined) != source.n_rows:
        raise UncertaintyError(
            f"the engine returned {len(joined)} outputs for {source.n_rows} rows"
        )
    return joined
