"""Runs requested through the web service, queued and run one at a time in the background.

A run of the main job keeps both cores busy for seconds to minutes, so requests do not wait
for it: the service queues a :class:`Job`, answers at once, and a single worker thread runs
the jobs in order. Each job reports the stage it is in and how far it got, so the page can
show progress; a job that fails keeps the reason and the fix, never a traceback.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from realpolitik.analysis import RunSettings
from realpolitik.analysis.core import Progress
from realpolitik.case import Case
from realpolitik.runner import OutputError, RunOutput, run_and_record

Status = Literal["queued", "running", "done", "failed"]

#: Runs one job: the case, its settings, the output folder, the store, a progress callback.
Runner = Callable[[Case, RunSettings, Path, Path, str, Progress], RunOutput]


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
    headline: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain data for the API."""
        done = self.status == "done"
        return {
            "id": self.id,
            "case": self.case_id,
            "title": self.title,
            "status": self.status,
            "stages": dict(self.stages),
            "settings": {
                "runs": self.settings.n_runs,
                "seed": self.settings.seed,
                "sensitivity_samples": self.settings.sensitivity_samples,
                "game_draws": self.settings.game_draws,
                "scenario_draws": self.settings.scenario_draws,
                "tolerance": self.settings.tolerance,
                "evidence_checked": self.settings.sources is not None,
            },
            "created": self.created,
            "started": self.started,
            "finished": self.finished,
            "seconds": None
            if self.started is None or self.finished is None
            else round(self.finished - self.started, 3),
            "error": self.error,
            "run_id": self.run_id,
            "headline": self.headline,
            "links": {
                "self": f"/api/runs/{self.id}",
                "report": f"/runs/{self.id}/report.html" if done else None,
                "results": f"/runs/{self.id}/results.json" if done else None,
            },
        }


def headline(results: dict[str, Any]) -> dict[str, Any]:
    """The few figures the page shows for a finished run."""
    scenarios = results.get("scenarios") or {}
    games = (results.get("games") or {}).get("games", [])
    statements = results.get("triangulation") or []
    evidence = results.get("evidence")
    return {
        "issues": [
            {"title": issue["title"], "eum": issue["point"]["eum"]}
            for issue in (results.get("bargaining") or {}).get("issues", [])
        ],
        "consistent_scenarios": len(scenarios.get("consistent", [])),
        "scenario_space": scenarios.get("space_size"),
        "games": len(games),
        "triangulation_agree": sum(1 for s in statements if s["verdict"] == "agree"),
        "triangulation_total": len(statements),
        "evidence": None if evidence is None else evidence["counts"],
    }


class JobQueue:
    """Jobs by id, run one at a time by a single worker thread, at most ``max_waiting``
    waiting at once."""

    def __init__(
        self,
        out_root: Path,
        store_path: Path,
        runner: Runner = default_runner,
        max_waiting: int = 20,
    ) -> None:
        self.out_root = out_root
        self.store_path = store_path
        self.runner = runner
        self.max_waiting = max_waiting
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._counter = 0
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="realpolitik-run")

    def submit(self, case: Case, settings: RunSettings, case_name: str) -> Job:
        """Queue a run of ``case``; raises :class:`QueueFull` when too many are waiting."""
        with self._lock:
            waiting = sum(1 for job in self._jobs.values() if job.status == "queued")
            if waiting >= self.max_waiting:
                raise QueueFull(f"{waiting} runs are already waiting")
            self._counter += 1
            job_id = f"{self._counter}-{case.id}"
            job = Job(
                id=job_id,
                case_id=case.id,
                title=case.case.title,
                settings=settings,
                out_dir=self.out_root / job_id,
            )
            self._jobs[job_id] = job
        self._pool.submit(self._run, job, case, case_name)
        return job

    def _run(self, job: Job, case: Case, case_name: str) -> None:
        def progress(stage: str, done: float) -> None:
            job.stages[stage] = round(float(done), 4)

        job.status = "running"
        job.started = time.time()
        try:
            output = self.runner(
                case, job.settings, job.out_dir, self.store_path, case_name, progress
            )
        except OutputError as error:
            job.error = {"message": error.message, "fix": error.fix}
            job.status = "failed"
        except Exception as error:  # a bug: keep the service up and say so plainly
            job.error = {
                "message": f"the run stopped with an internal error ({type(error).__name__}: "
                f"{error})",
                "fix": "report this with the case file; the service itself keeps running",
            }
            job.status = "failed"
        else:
            job.run_id = output.run_id
            job.headline = headline(output.results)
            job.status = "done"
        finally:
            job.finished = time.time()

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def all(self) -> list[Job]:
        """Every job, newest first."""
        with self._lock:
            return sorted(self._jobs.values(), key=lambda job: job.created, reverse=True)

    def wait(self, job_id: str, timeout: float) -> Job | None:
        """Block until the job has finished (or ``timeout`` seconds); for tests and scripts."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            job = self.get(job_id)
            if job is None or job.status in ("done", "failed"):
                return job
            time.sleep(0.05)
        return self.get(job_id)

    def shutdown(self) -> None:
        """Stop taking work; the running job finishes, queued ones are dropped."""
        self._pool.shutdown(wait=False, cancel_futures=True)
