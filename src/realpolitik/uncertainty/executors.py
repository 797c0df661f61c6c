"""Where the chunks of an evaluation run: in this process, on local processes, or on Dask.

Every executor has one method, ``map(function, items)``, returning the results in the order
of the items; which executor runs them never changes a result, because each chunk's draws
depend only on the seed and its row indices (:mod:`~realpolitik.uncertainty.sampling`).

* :class:`SerialExecutor`: one after the other in this process (the default);
* :class:`ProcessExecutor`: a pool of local processes (``concurrent.futures``), one per core
  by default;
* :class:`DaskExecutor`: the workers of a Dask distributed cluster (Rocklin 2015), either a
  :class:`distributed.LocalCluster` it starts (``workers``) or a running scheduler it joins
  (``scheduler``, e.g. ``tcp://host:8786``; see docs/scaling.md).

:func:`executing` chooses one at the edge (CLI flags, run settings) and makes it the current
executor for the code inside, so the engines below never pass it around.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextvars import ContextVar
from typing import Any, Protocol, TypeVar

from realpolitik.uncertainty.errors import UncertaintyError

T = TypeVar("T")

#: Seconds to wait for a Dask scheduler to answer before saying it cannot be reached.
CONNECT_SECONDS = 20


class ExecutorError(UncertaintyError):
    """An executor cannot be started or reached; the message says what to change."""


class Executor(Protocol):
    """Runs a function over items, results in the items' order."""

    @property
    def workers(self) -> int: ...

    def map(self, function: Callable[[Any], T], items: Sequence[Any]) -> list[T]: ...


class SerialExecutor:
    """Everything in this process, one item after the other."""

    workers = 1

    def map(self, function: Callable[[Any], T], items: Sequence[Any]) -> list[T]:
        return [function(item) for item in items]


class ProcessExecutor:
    """A pool of local processes (one per core unless ``workers`` says otherwise)."""

    def __init__(self, workers: int | None = None) -> None:
        count = workers if workers is not None else os.cpu_count() or 1
        if count < 1:
            raise ExecutorError(f"workers must be at least 1, got {count}")
        self._workers = count
        self._pool: ProcessPoolExecutor | None = None

    @property
    def workers(self) -> int:
        return self._workers

    def map(self, function: Callable[[Any], T], items: Sequence[Any]) -> list[T]:
        if self._pool is None:
            # Spawned, not forked: the engines' compiled code runs OpenMP, which a fork breaks.
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(max_workers=self._workers, mp_context=context)
        return list(self._pool.map(function, items))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None

    def __enter__(self) -> ProcessExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class DaskExecutor:
    """The workers of a Dask distributed cluster, through a ``distributed.Client``."""

    def __init__(self, client: Any) -> None:
        self.client = client

    @property
    def workers(self) -> int:
        return max(1, len(self.client.scheduler_info().get("workers", {})))

    def map(self, function: Callable[[Any], T], items: Sequence[Any]) -> list[T]:
        if not items:
            return []
        futures = self.client.map(function, list(items), pure=False)
        return list(self.client.gather(futures))


_current: ContextVar[Executor | None] = ContextVar("realpolitik_executor", default=None)


def current_executor() -> Executor:
    """The executor chosen by the innermost :func:`executing` (serial outside any)."""
    return _current.get() or SerialExecutor()


def check_choice(workers: int | None, scheduler: str | None) -> None:
    """Refuse contradictory or impossible executor options before any work starts."""
    if workers is not None and scheduler is not None:
        raise ExecutorError(
            "give --workers (start local workers) or --scheduler (join a running cluster), not both"
        )
    if workers is not None and workers < 0:
        raise ExecutorError(f"--workers must be 0 (one per core) or more, got {workers}")
    if scheduler is not None and "://" not in scheduler:
        raise ExecutorError(
            f"--scheduler {scheduler!r} is not a scheduler address; give e.g. tcp://host:8786"
        )


@contextlib.contextmanager
def open_executor(workers: int | None = None, scheduler: str | None = None) -> Iterator[Executor]:
    """The executor the options ask for, closed on exit.

    ``scheduler``: join the Dask cluster at that address. ``workers``: start a Dask
    ``LocalCluster`` of that many single-threaded worker processes (0: one per core; 1: no
    cluster, this process). Neither: this process."""
    check_choice(workers, scheduler)
    if scheduler is None and (workers is None or workers == 1):
        yield SerialExecutor()
        return
    from distributed import Client, LocalCluster

    with contextlib.ExitStack() as stack:
        if scheduler is not None:
            try:
                client = stack.enter_context(
                    Client(scheduler, timeout=CONNECT_SECONDS)  # type: ignore[no-untyped-call]
                )
            except (OSError, TimeoutError) as error:
                raise ExecutorError(
                    f"cannot reach the Dask scheduler at {scheduler} ({error}); start one with "
                    "`dask scheduler` and workers with `dask worker ADDRESS` (docs/scaling.md)"
                ) from None
        else:
            count = workers or os.cpu_count() or 1
            cluster = stack.enter_context(
                LocalCluster(  # type: ignore[no-untyped-call]
                    n_workers=count,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                )
            )
            client = stack.enter_context(Client(cluster))  # type: ignore[no-untyped-call]
        yield DaskExecutor(client)


@contextlib.contextmanager
def executing(
    workers: int | None = None, scheduler: str | None = None, executor: Executor | None = None
) -> Iterator[Executor]:
    """Make an executor current for the code inside: ``executor`` itself, or one opened from
    the options; with neither, keep the one already current (serial at the top level)."""
    if executor is None and workers is None and scheduler is None:
        yield current_executor()
        return
    with contextlib.ExitStack() as stack:
        chosen = executor or stack.enter_context(open_executor(workers, scheduler))
        token = _current.set(chosen)
        try:
            yield chosen
        finally:
            _current.reset(token)
