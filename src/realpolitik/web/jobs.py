"""Runs requested through the web service, queued and run one at a time in the background.

A run of the main job keeps both cores busy for seconds to minutes, so requests do not wait
for it: the service queues a :class:`Job`, answers at once, and a single worker thread runs
the jobs in order, each in a child process (:mod:`realpolitik.web.isolation`). Each job
reports the stage it is in and how far it got, so the page can show progress. A job that
passes its time limit, or that is cancelled, is killed and the next one starts; a job that
fails keeps the reason and the fix, never a traceback.

Each job writes into a folder of its own under ``out_root``, created new for it (never an
earlier run's folder, never through a symbolic link); its id, which names the folder, is the
time and a random part, so ids stay unique across restarts of the service.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import itertools
import secrets
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from realpolitik.analysis import RunSettings
from realpolitik.analysis.core import Progress
from realpolitik.case import Case
from realpolitik.results import RunResults
from realpolitik.runner import OutputError, RunOutput, new_run_folder, run_and_record
from realpolitik.web.isolation import ChildFailed, Stopped, TimeLimitReached, call_isolated
from realpolitik.web.schemas import (
    FINAL_STATUSES,
    Headline,
    IssueHeadline,
    JobError,
    JobLinks,
    JobSettings,
    JobView,
    Status,
)

#: Runs one job: the case, its settings, the output folder, the store, a progress callback.
#: It runs in a child process, so it must be picklable (a module-level function or a
#: ``functools.partial`` of one).
Runner = Callable[[Case, RunSettings, Path, Path, str, Progress], RunOutput]

#: Seconds a run may take before it is stopped, unless the service is told otherwise. The
#: flagship case with the page's default settings takes one to two minutes on two cores.
RUN_TIME_LIMIT = 900.0


def default_runner(
    case: Case,
    settings: RunSettings,
    out_dir: Path,
    store_path: Path,
    case_name: str,
    progress: Progress,
) -> RunOutput:
    """The main job without chart images (the report embeds its charts)."""
    return run_and_record(
        case, settings, out_dir, store_path, case_name=case_name, progress=progress, charts=False
    )


class QueueFull(Exception):
    """Too many runs are waiting."""


class NotCancellable(Exception):
    """The run has already ended."""


@dataclass(frozen=True)
class RunFailure:
    """A run that stopped with an error that says how to mend it (sent back from the child
    process)."""

    message: str
    fix: str


def _run_in_child(
    runner: Runner,
    case: Case,
    settings: RunSettings,
    out_dir: Path,
    store_path: Path,
    case_name: str,
    progress: Progress,
) -> RunOutput | RunFailure:
    """The job in the child process; an error that carries its fix (an :class:`OutputError`,
    the scenario stage's compute limit) comes back as a :class:`RunFailure`."""
    try:
        return runner(case, settings, out_dir, store_path, case_name, progress)
    except Exception as error:
        fix = getattr(error, "fix", None)
        if not isinstance(fix, str):
            raise
        return RunFailure(str(getattr(error, "message", error)), fix)


@dataclass
class Job:
    """One requested run and what became of it."""

    id: str
    case_id: str
    title: str
    settings: RunSettings
    out_dir: Path
    status: Status = "queued"
    stages: dict[str, float] = field(default_factory=dict)
    created: float = field(default_factory=time.time)
    started: float | None = None
    finished: float | None = None
    error: dict[str, str] | None = None
    run_id: int | None = None
    headline: Headline | None = None
    order: int = 0  # submission order, for listing
    stop: threading.Event = field(default_factory=threading.Event, repr=False)
    ended: threading.Event = field(default_factory=threading.Event, repr=False)

    def view(self) -> JobView:
        """What the API shows of it."""
        done = self.status == "done"
        seconds = None
        if self.started is not None and self.finished is not None:
            seconds = round(self.finished - self.started, 3)
        return JobView(
            id=self.id,
            case=self.case_id,
            title=self.title,
            status=self.status,
            stages=dict(self.stages),
            settings=JobSettings(
                runs=self.settings.n_runs,
                seed=self.settings.seed,
                sensitivity_samples=self.settings.sensitivity_samples,
                game_draws=self.settings.game_draws,
                scenario_draws=self.settings.scenario_draws,
                tolerance=self.settings.tolerance,
                evidence_checked=self.settings.sources is not None,
            ),
            created=self.created,
            started=self.started,
            finished=self.finished,
            seconds=seconds,
            error=None if self.error is None else JobError(**self.error),
            run_id=self.run_id,
            headline=self.headline,
            links=JobLinks(
                self_=f"/api/runs/{self.id}",
                report=f"/runs/{self.id}/report.html" if done else None,
                results=f"/runs/{self.id}/results.json" if done else None,
            ),
        )

    def end(self, status: Status, error: dict[str, str] | None = None) -> None:
        self.status = status
        self.error = error
        self.finished = time.time()
        self.ended.set()


def headline(results: RunResults) -> Headline:
    """The few figures the page shows for a finished run."""
    scenarios = results.scenarios
    games = results.games.games if results.games is not None else ()
    statements = results.triangulation or []
    evidence = results.evidence
    return Headline(
        issues=[
            IssueHeadline(title=issue.title, eum=issue.point.get("eum"))
            for issue in (results.bargaining.issues if results.bargaining else [])
        ],
        consistent_scenarios=0 if scenarios is None else len(scenarios.consistent),
        scenario_space=None if scenarios is None else scenarios.space_size,
        games=len(games),
        triangulation_agree=sum(1 for s in statements if s.verdict == "agree"),
        triangulation_total=len(statements),
        evidence=None if evidence is None else evidence.counts,
    )


def _random_part() -> str:
    return secrets.token_hex(3)


def new_job_id(case_id: str) -> str:
    """A run id: the UTC time to the second, a random part, and the case id (shortened)."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    return f"{stamp}-{_random_part()}-{case_id[:60]}"


class JobQueue:
    """Jobs by id, run one at a time by a single worker thread, each in a child process
    stopped after ``time_limit`` seconds; at most ``max_waiting`` waiting at once."""

    def __init__(
        self,
        out_root: Path,
        store_path: Path,
        runner: Runner = default_runner,
        max_waiting: int = 20,
        time_limit: float = RUN_TIME_LIMIT,
    ) -> None:
        self.out_root = out_root
        self.store_path = store_path
        self.runner = runner
        self.max_waiting = max_waiting
        self.time_limit = time_limit
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._order = itertools.count()
        self._pool = _worker()

    def submit(self, case: Case, settings: RunSettings, case_name: str) -> Job:
        """Queue a run of ``case`` in a new folder; raises :class:`QueueFull` when too many
        are waiting, :class:`OutputError` when no folder can be made for it."""
        with self._lock:
            waiting = sum(1 for job in self._jobs.values() if job.status == "queued")
            if waiting >= self.max_waiting:
                raise QueueFull(f"{waiting} runs are already waiting")
            job_id, out_dir = self._new_folder(case.id)
            job = Job(
                id=job_id,
                case_id=case.id,
                title=case.case.title,
                settings=settings,
                out_dir=out_dir,
                order=next(self._order),
            )
            self._jobs[job_id] = job
        self._pool.submit(self._run, job, case, case_name)
        return job

    def _new_folder(self, case_id: str) -> tuple[str, Path]:
        """A fresh id and its folder; an id whose folder exists (an earlier run's, or a
        link planted there) is passed over."""
        for _ in range(20):
            job_id = new_job_id(case_id)
            if job_id in self._jobs:
                continue
            try:
                return job_id, new_run_folder(self.out_root, job_id)
            except FileExistsError:
                continue
        raise OutputError(
            f"cannot find a free folder name under {self.out_root}",
            "choose another output folder",
        )

    def cancel(self, job_id: str) -> Job | None:
        """Cancel a queued or running job and return it once it has ended; ``None`` when
        there is no such job, :class:`NotCancellable` when it had already ended."""
        with self._lock:
            job = self._jobs.get(job_id)
            if job is None:
                return None
            if job.status in FINAL_STATUSES:
                raise NotCancellable(f"run {job_id} has already ended ({job.status})")
            job.stop.set()
            if job.status == "queued":
                job.end("cancelled", _CANCELLED)
                _remove_if_empty(job.out_dir)
                return job
        job.ended.wait(30)  # the worker kills the child process at once
        return job

    def _run(self, job: Job, case: Case, case_name: str) -> None:
        with self._lock:
            if job.status != "queued":  # cancelled while it waited
                return
            job.status = "running"
            job.started = time.time()
        status: Status = "done"
        error: dict[str, str] | None = None
        try:
            outcome = call_isolated(
                _run_in_child, self.runner, case, job.settings, job.out_dir, self.store_path,
                case_name, time_limit=self.time_limit, stop=job.stop,
                progress=functools.partial(_record_progress, job),
            )  # fmt: skip
        except Stopped:
            status, error = "cancelled", _CANCELLED
        except TimeLimitReached:
            status, error = "timed_out", _timed_out(self.time_limit)
        except ChildFailed as failure:  # a bug: keep the service up and say so plainly
            status, error = (
                "failed",
                {
                    "message": f"the run stopped with an internal error ({failure})",
                    "fix": "report this with the case file; the service itself keeps running",
                },
            )
        else:
            if isinstance(outcome, RunFailure):
                status, error = "failed", {"message": outcome.message, "fix": outcome.fix}
            else:
                job.run_id = outcome.run_id
                job.headline = headline(outcome.results)
        if status != "done":
            _remove_temporary_files(job.out_dir)
        job.end(status, error)

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def all(self) -> list[Job]:
        """Every job, newest first."""
        with self._lock:
            return sorted(self._jobs.values(), key=lambda job: job.order, reverse=True)

    def wait(self, job_id: str, timeout: float) -> Job | None:
        """Block until the job has ended (or ``timeout`` seconds); for tests and scripts."""
        job = self.get(job_id)
        if job is not None:
            job.ended.wait(timeout)
        return job

    def shutdown(self) -> None:
        """Stop: queued jobs are cancelled, the running one is killed. The queue takes new
        jobs afterwards (an application may be started again, as tests do)."""
        with self._lock:
            for job in self._jobs.values():
                if job.status == "queued":
                    job.end("cancelled", _SHUT_DOWN)
                job.stop.set()
            pool, self._pool = self._pool, _worker()
        pool.shutdown(wait=False, cancel_futures=True)


_CANCELLED = {
    "message": "the run was cancelled",
    "fix": "run it again when you want its results",
}
_SHUT_DOWN = {
    "message": "the service stopped before the run started",
    "fix": "run it again",
}


def _timed_out(limit: float) -> dict[str, str]:
    return {
        "message": f"the run took longer than this service's limit of {limit:g} s and was stopped",
        "fix": "ask for fewer runs or draws, trim the case, or run it with the command line "
        "(`realpolitik run`), which has no limit",
    }


def _worker() -> ThreadPoolExecutor:
    """The single thread that runs the jobs in order."""
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="realpolitik-run")


def _record_progress(job: Job, stage: str, done: float) -> None:
    job.stages[stage] = round(float(done), 4)


def _remove_if_empty(folder: Path) -> None:
    with contextlib.suppress(OSError):
        folder.rmdir()


def _remove_temporary_files(folder: Path) -> None:
    """What a killed run may leave half-written (see :func:`realpolitik.runner.write_files`)."""
    for leftover in folder.glob(".*.tmp"):
        with contextlib.suppress(OSError):
            leftover.unlink()
