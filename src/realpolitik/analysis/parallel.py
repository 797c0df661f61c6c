"""Independent stages of the main job side by side, each stage apart in a process of its own.

The games stage reads nothing but the case and the settings and shares nothing with the
other stages (it solves games with Gambit; the others use Numba and OR-Tools), so it can run
in a separate process while this one runs evidence, bargaining and scenarios. The results
are the same values whichever process computed them (each stage is a function of the case
and the settings alone, with its own seeded generators), and ``results.json`` is the same
byte for byte.

How many processes: one per CPU this process may use (``os.sched_getaffinity``), at most one
per stage that can run apart plus this one; ``REALPOLITIK_STAGE_WORKERS`` overrides it
(``1`` runs every stage here, one after the other). Stages run here too when this process is
itself a daemonic child (the web service runs each job in one, and such a process may not
start children).

A script that calls the main job must do so under ``if __name__ == "__main__":``, as
with any use of :mod:`multiprocessing` that does not fork: the child imports the script. A
child that dies that way is named in the error, with ``REALPOLITIK_STAGE_WORKERS=1`` as the
way out, or, when it dies while starting, its stage runs here instead.

Children are started from a fresh fork server (``forkserver``), or spawned where there is
none: never forked from this process, which may already hold threads (the progress display,
Numba's OpenMP pool) that a fork would copy in a broken state. A child reports its progress
through a pipe; a thread here passes it on to the caller's ``progress``. When anything goes
wrong here (an error, Ctrl-C) the children are killed before the error goes on.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import threading
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from typing import Any

from realpolitik.case import Case

#: The environment variable that sets the number of processes of the main job.
WORKERS_ENV = "REALPOLITIK_STAGE_WORKERS"

#: Stages that may run in a process of their own, most expensive first.
APART: tuple[str, ...] = ("games",)

Progress = Callable[[str, float], None]
Stage = Callable[[Case, Any, Progress], Any]


class WorkersError(ValueError):
    """``REALPOLITIK_STAGE_WORKERS`` holds something other than a whole number >= 1;
    ``message`` says what, ``fix`` what to do."""

    def __init__(self, message: str, fix: str) -> None:
        super().__init__(f"{message}; {fix}")
        self.message = message
        self.fix = fix


def stage_workers() -> int:
    """Processes the main job may use: ``REALPOLITIK_STAGE_WORKERS``, else the CPUs this
    process may run on."""
    given = os.environ.get(WORKERS_ENV, "").strip()
    if given:
        try:
            count = int(given)
        except ValueError:
            count = 0
        if count < 1:
            raise WorkersError(
                f"the environment variable {WORKERS_ENV}={given!r} is not a whole number of "
                "processes >= 1",
                f"set {WORKERS_ENV}=1 to run the stages one after the other, or unset it to use "
                "every CPU",
            )
        return count
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def _context() -> Any:
    if "forkserver" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("forkserver")
    return multiprocessing.get_context("spawn")


def _apart(name: str, stage: Stage, case: Case, settings: Any, conn: Connection) -> None:
    """In the child: run the stage, send its progress and then its result (or its error)."""
    try:
        value = stage(
            case, settings, lambda stage_name, done: conn.send(("progress", stage_name, done))
        )
        conn.send(("result", value))
    except BaseException as error:
        try:
            pickle.loads(pickle.dumps(error))
        except Exception:  # an error that cannot travel goes as its type and text
            error = RuntimeError(f"the {name} stage failed: {type(error).__name__}: {error}")
        conn.send(("error", error))
    finally:
        conn.close()


class _Child:
    """One stage running in a child process, with a thread relaying its messages."""

    def __init__(
        self, context: Any, name: str, stage: Stage, case: Case, settings: Any, report: Progress
    ) -> None:
        self.name = name
        self.report = report
        receiving, sending = context.Pipe(duplex=False)
        self.process = context.Process(
            target=_apart, args=(name, stage, case, settings, sending), name=f"stage-{name}"
        )
        self.process.start()
        sending.close()
        self.receiving = receiving
        self.outcome: tuple[str, Any] | None = None
        self.thread = threading.Thread(target=self._relay, daemon=True)
        self.thread.start()

    def _relay(self) -> None:
        try:
            while True:
                message = self.receiving.recv()
                if message[0] == "progress":
                    self.report(message[1], message[2])
                else:
                    self.outcome = (message[0], message[1])
                    return
        except (EOFError, OSError):
            return

    def result(self) -> Any:
        self.thread.join()
        self.process.join()
        if self.outcome is None:
            raise RuntimeError(
                f"the process running the {self.name} stage ended without a result (exit "
                f"code {self.process.exitcode}); run again with {WORKERS_ENV}=1 to run every "
                "stage in one process"
            )
        kind, value = self.outcome
        if kind == "error":
            raise value
        return value

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.receiving.close()


def run_stages(
    chosen: Sequence[tuple[str, Stage]],
    case: Case,
    settings: Any,
    report: Progress,
    side_by_side: bool = True,
) -> dict[str, Any]:
    """Run the ``chosen`` stages, those that can run apart in child processes as far as
    :func:`stage_workers` allows, and return their results by name. ``side_by_side=False``
    keeps every stage here (the caller has made an executor current that their sweeps must
    use: a child process would not see it)."""
    workers = stage_workers()
    apart = [name for name in APART if name in dict(chosen)][: max(0, workers - 1)]
    if not side_by_side or len(chosen) < 2 or multiprocessing.current_process().daemon:
        apart = []
    results: dict[str, Any] = {}
    children: dict[str, _Child] = {}
    try:
        if apart:
            context = _context()
            for name, stage in chosen:
                if name in apart:
                    report(name, 0.0)
                    # A child that dies while starting (a script that runs the job when
                    # imported, without `if __name__ == "__main__":`) leaves its stage here.
                    with contextlib.suppress(OSError):
                        children[name] = _Child(context, name, stage, case, settings, report)
        for name, stage in chosen:
            if name in children:
                continue
            report(name, 0.0)
            results[name] = stage(case, settings, report)
            report(name, 1.0)
        for name, child in children.items():
            results[name] = child.result()
            report(name, 1.0)
    finally:
        for child in children.values():
            child.kill()
    return {name: results[name] for name, _ in chosen}
