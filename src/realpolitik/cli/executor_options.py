"""`--workers` and `--scheduler`: where the sweeps of a command run (docs/scaling.md)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Annotated

import typer

from realpolitik.cli.common import bad_option

WorkersOption = Annotated[
    int | None,
    typer.Option(
        "--workers",
        min=0,
        help="Run the sweeps on a local Dask cluster of N worker processes (0: one per core; "
        "default: in this process). Results are the same whatever N.",
    ),
]
SchedulerOption = Annotated[
    str | None,
    typer.Option(
        "--scheduler",
        help="Run the sweeps on a running Dask cluster, e.g. tcp://host:8786 "
        "(see docs/scaling.md). Results are the same as in this process.",
    ),
]

FIX = "give --workers N for local workers or --scheduler tcp://HOST:8786 for a running cluster"


def check_executor_options(workers: int | None, scheduler: str | None) -> None:
    """Exit with the fix when the options contradict each other or name no scheduler."""
    from realpolitik.uncertainty import ExecutorError, check_choice

    try:
        check_choice(workers, scheduler)
    except ExecutorError as error:
        bad_option(str(error), FIX)


@contextlib.contextmanager
def executor_from_options(workers: int | None, scheduler: str | None) -> Iterator[None]:
    """Run the code inside on the executor the options ask for; a cluster that cannot be
    started or reached exits with the fix."""
    from realpolitik.uncertainty import ExecutorError, executing

    check_executor_options(workers, scheduler)
    with contextlib.ExitStack() as stack:
        try:
            stack.enter_context(executing(workers, scheduler))
        except ExecutorError as error:
            bad_option(str(error), FIX)
        yield
