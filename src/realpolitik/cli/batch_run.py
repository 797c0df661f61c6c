"""`realpolitik run CASE1 CASE2 ...`: many cases through one executor, each its own folder."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from realpolitik.cli.common import (
    bad_option,
    console,
    load_or_exit,
    print_json,
    writable_dir,
    writable_store,
)
from realpolitik.cli.executor_options import FIX as EXECUTOR_FIX
from realpolitik.store import default_store_path

if TYPE_CHECKING:
    from realpolitik.analysis import RunSettings


@contextlib.contextmanager
def run_errors() -> Iterator[None]:
    """Turn the errors of a run (files, compute limits, the cluster) into exit status 2 with
    the fix."""
    from realpolitik.runner import OutputError
    from realpolitik.scenarios import ComputeLimitError
    from realpolitik.uncertainty import ExecutorError

    try:
        yield
    except OutputError as error:
        bad_option(error.message, "pass --store with a writable file path, or another --out")
    except ComputeLimitError as error:
        bad_option(error.message, error.fix)
    except ExecutorError as error:
        bad_option(str(error), EXECUTOR_FIX)


def run_batch(
    names: list[str],
    out: Path | None,
    store: Path | None,
    charts: bool,
    as_json: bool,
    settings: RunSettings,
) -> None:
    """Load and check every case first, then run them all (realpolitik.runner.run_many):
    each case's report and results go to OUT/<case id> (default out/<case id>)."""
    from realpolitik.runner import BatchJob, RunOutput, run_many

    loaded = [load_or_exit(name, as_json) for name in names]
    ids = [case.id for case in loaded]
    repeated = sorted({case_id for case_id in ids if ids.count(case_id) > 1})
    if repeated:
        bad_option(
            f"case {', '.join(repeated)} is given more than once; each case gets one folder",
            "name every case once",
        )
    root = out if out is not None else Path("out")
    jobs = [
        BatchJob(case, name, writable_dir(root / case.id, "--out"))
        for case, name in zip(loaded, names, strict=True)
    ]
    store_path = writable_store(store if store is not None else default_store_path())

    def done(output: RunOutput) -> None:
        if not as_json:
            console.print(
                f"{output.results.meta.case}: run {output.run_id}, report "
                f"{output.report_path.resolve()}",
                markup=False,
            )

    with run_errors():
        outputs = run_many(jobs, settings, store_path, charts=charts, done=done)
    if as_json:
        print_json(
            [
                {
                    "case": o.results.meta.case,
                    "run_id": o.run_id,
                    "report": str(o.report_path),
                    "results": str(o.results_path),
                    "charts": o.chart_note,
                }
                for o in outputs
            ]
        )
    else:
        console.print(f"{len(outputs)} cases run and recorded in {store_path}")
