"""The main job: run every stage of the analysis on a case and gather plain results.

Each stage is a function of the case and the run settings that returns JSON-ready data. The
results carry no clock times or absolute paths, so the same case, seed and settings give
byte-identical ``results.json``.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from realpolitik import __version__
from realpolitik.analysis.parallel import run_stages
from realpolitik.analysis.triangulation import triangulate
from realpolitik.backtest import backtest
from realpolitik.case import Case
from realpolitik.case.summary import summarise
from realpolitik.evidence import check_evidence, shown_path
from realpolitik.results import Meta, RunResults, dumps

__all__ = ["RunSettings", "analyse", "dumps", "reproduce_command", "stages"]


@dataclass(frozen=True)
class RunSettings:
    n_runs: int = 1000
    seed: int = 2021
    sources: Path | None = None
    sensitivity_samples: int = 128  # Saltelli base sample for variance-based indices
    game_draws: int = 200  # payoff draws per game sweep (each draw is solved exactly)
    scenario_draws: int = 200  # sampled cross-impact matrices in the judgment ensemble
    tolerance: float = 0.0  # CIB consistency tolerance
    # Succession starts: None runs from every scenario when the space allows it (exact basins),
    # a number draws that many random starts (basins then may be incomplete).
    succession_sample: int | None = None
    # Time budget of the scenario stage in seconds (realpolitik.scenarios.DEFAULT_MAX_SECONDS);
    # past it the stage stops with ComputeLimitError. It bounds the work, not the results.
    max_seconds: float = 600.0
    # Where the sweeps run (realpolitik.uncertainty.executors): a local Dask cluster of this
    # many workers (0: one per core), or the Dask scheduler at this address; neither: this
    # process. They change the speed only, never the results, and results.json omits them.
    workers: int | None = None
    scheduler: str | None = None


Progress = Callable[[str, float], None]
"""Called with a stage name and the share of it done (0..1)."""

Stage = Callable[[Case, RunSettings, Progress], Any]


def _evidence_stage(case: Case, settings: RunSettings, progress: Progress) -> Any:
    if settings.sources is None:
        return None
    report = check_evidence(case, settings.sources)
    progress("evidence", 1.0)
    return report


def stages() -> list[tuple[str, Stage]]:
    """The stages of the main job, in order."""
    from realpolitik.analysis.bargaining_stage import bargaining_stage
    from realpolitik.analysis.dynamics_stage import dynamics_stage
    from realpolitik.analysis.games_stage import games_stage
    from realpolitik.analysis.leverage_stage import leverage_stage
    from realpolitik.analysis.scenarios_stage import scenarios_stage

    return [
        ("evidence", _evidence_stage),
        ("bargaining", bargaining_stage),
        ("scenarios", scenarios_stage),
        ("leverage", leverage_stage),
        ("pathways", dynamics_stage),
        ("games", games_stage),
    ]


def reproduce_command(case_name: str, settings: RunSettings) -> str:
    """The command that recomputes these results (the output folder does not matter).

    The case file and the sources folder appear as given when relative and by their names
    only when absolute: results carry no absolute paths (they reach web clients and must not
    differ between machines)."""
    words = ["realpolitik", "run", shown_path(Path(case_name)), "--runs", str(settings.n_runs)]
    words += ["--seed", str(settings.seed)]
    words += ["--sensitivity-samples", str(settings.sensitivity_samples)]
    words += ["--game-draws", str(settings.game_draws)]
    words += ["--scenario-draws", str(settings.scenario_draws)]
    words += ["--tolerance", f"{settings.tolerance:g}"]
    if settings.succession_sample is not None:
        words += ["--succession-sample", str(settings.succession_sample)]
    if settings.sources is not None:
        words += ["--sources", shown_path(settings.sources)]
    return shlex.join(words)


def analyse(
    case: Case,
    settings: RunSettings,
    case_name: str | None = None,
    progress: Progress | None = None,
    only: Sequence[str] | None = None,
) -> RunResults:
    """Run the stages and return their typed results."""
    report = progress or (lambda stage, done: None)
    summary = summarise(case)
    meta = Meta(
        case=case.id,
        title=case.case.title,
        as_of=case.case.as_of.isoformat(),
        case_sha256=case.digest,
        version=__version__,
        seed=settings.seed,
        n_runs=settings.n_runs,
        command=reproduce_command(case_name or case.id, settings),
    )
    from realpolitik.uncertainty import executing

    # Independent stages run side by side (realpolitik.analysis.parallel), unless the run
    # names an executor (--workers, --scheduler): then every stage runs here and all their
    # sweeps go to that executor, which a stage in a child process would not see.
    chosen = [(name, stage) for name, stage in stages() if only is None or name in only]
    own_executor = settings.workers is None and settings.scheduler is None
    with executing(settings.workers, settings.scheduler):
        staged = run_stages(chosen, case, settings, report, side_by_side=own_executor)
    results = RunResults(meta=meta, case=summary, **staged)
    results.triangulation = triangulate(case, results)
    if case.outcomes and only is None:
        # What happened after as_of, scored against the forecasts just made.
        results.backtest = backtest(case, results)
    return results
