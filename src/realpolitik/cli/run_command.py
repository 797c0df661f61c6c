"""`realpolitik run`: the main job, from a case to a report, results and a stored run."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from realpolitik.cli.batch_run import run_batch, run_errors
from realpolitik.cli.case_commands import print_summary
from realpolitik.cli.common import (
    EXIT_FAILED_CHECK,
    JsonOption,
    bad_option,
    confined_sources,
    console,
    errors,
    finite,
    given_path,
    load_or_exit,
    print_json,
    seed_option,
    stage_progress,
    writable_dir,
    writable_store,
)
from realpolitik.cli.executor_options import (
    SchedulerOption,
    WorkersOption,
    check_executor_options,
)
from realpolitik.results import RunResults
from realpolitik.store import default_store_path


def run(
    cases: Annotated[
        list[str],
        typer.Argument(
            help="Built-in case names, case .toml files, or folders with case.toml; several "
            "cases run as one batch, each into its own folder.",
            show_default=False,
        ),
    ],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            parser=given_path,
            help="Folder for report.html and results.json (a batch: one subfolder per case).",
        ),
    ] = None,
    n_runs: Annotated[
        int,
        typer.Option("--runs", min=1, max=1_000_000, help="Monte Carlo runs per bargaining issue."),
    ] = 1000,
    seed: Annotated[int, seed_option("Random seed; same seed, same results.")] = 2021,
    sources: Annotated[
        Path | None,
        typer.Option(
            "--sources",
            parser=given_path,
            help="Folder of source texts; when given, evidence is checked. A case names files "
            "inside it only.",
        ),
    ] = None,
    sensitivity_samples: Annotated[
        int,
        typer.Option(
            "--sensitivity-samples",
            min=8,
            max=65536,
            help="Base sample of the variance-based sensitivity analysis (Saltelli).",
        ),
    ] = 128,
    game_draws: Annotated[
        int,
        typer.Option("--game-draws", min=1, max=100_000, help="Payoff draws per game sweep."),
    ] = 200,
    scenario_draws: Annotated[
        int,
        typer.Option(
            "--scenario-draws",
            min=1,
            max=100_000,
            help="Sampled cross-impact matrices in the judgment-uncertainty ensemble.",
        ),
    ] = 200,
    tolerance: Annotated[
        float,
        typer.Option(
            "--tolerance", min=0.0, callback=finite, help="CIB consistency tolerance (0: strict)."
        ),
    ] = 0.0,
    succession_sample: Annotated[
        int | None,
        typer.Option(
            "--succession-sample",
            min=1,
            help="Run succession from this many random starts instead of every scenario "
            "(faster; basins may then be incomplete).",
        ),
    ] = None,
    max_seconds: Annotated[
        float,
        typer.Option(
            "--max-seconds",
            min=0.001,
            callback=finite,
            help="Time budget of the scenario stage in seconds; past it the run stops and "
            "says how to narrow the study.",
        ),
    ] = 600.0,
    charts: Annotated[
        bool,
        typer.Option(
            "--charts/--no-charts",
            help="Also draw PNG and SVG copies of the charts in DIR/charts, named after what "
            "they show and listed in DIR/charts/index.md (needs Chromium; adds about 20 s). The "
            "report embeds its charts either way.",
        ),
    ] = False,
    store: Annotated[
        Path | None,
        typer.Option(
            "--store",
            parser=given_path,
            help="SQLite run store (default: under the user data folder).",
        ),
    ] = None,
    workers: WorkersOption = None,
    scheduler: SchedulerOption = None,
    as_json: JsonOption = False,
) -> None:
    """Run the whole analysis of a case and write its report (the main job).

    Validates the case, checks its evidence when source texts are given, runs every engine,
    writes DIR/report.html (self-contained) and DIR/results.json, records the run in the run
    store, and prints the report's path. The output folder, the run store and the source
    files the case names are checked before any work starts (exit status 2 with the fix).

    Example: realpolitik run south-caucasus-2021 --sources ../shared/seeds --runs 2000 --seed 7

    Example: realpolitik run south-caucasus-2021 other.toml --workers 4 --out runs
    """
    from realpolitik.analysis import RunSettings
    from realpolitik.analysis.parallel import WorkersError, stage_workers
    from realpolitik.runner import run_and_record

    check_executor_options(workers, scheduler)
    try:
        stage_workers()
    except WorkersError as error:
        bad_option(error.message, error.fix)
    settings = RunSettings(
        n_runs=n_runs,
        seed=seed,
        sensitivity_samples=sensitivity_samples,
        game_draws=game_draws,
        scenario_draws=scenario_draws,
        tolerance=tolerance,
        succession_sample=succession_sample,
        max_seconds=max_seconds,
        workers=workers,
        scheduler=scheduler,
    )
    if len(cases) > 1:
        # --sources names one case's source texts; it does not carry over to other cases.
        if sources is not None:
            bad_option("--sources names one case's source texts", "run that case on its own")
        run_batch(cases, out, store, charts, as_json, settings)
        return
    case = cases[0]
    loaded = load_or_exit(case, as_json)
    # Every option that can fail is checked before the work starts.
    if sources is not None:
        settings = replace(settings, sources=confined_sources(loaded, sources, as_json))
    out_dir = writable_dir(out if out is not None else Path("out") / loaded.id, "--out")
    store_path = writable_store(store if store is not None else default_store_path())
    with run_errors(), Progress(
        TextColumn("{task.description:<12}"), BarColumn(), TimeElapsedColumn(),
        console=errors, transient=False, disable=as_json,
    ) as bar:  # fmt: skip
        output = run_and_record(
            loaded, settings, out_dir, store_path, case_name=case,
            progress=stage_progress(bar), charts=charts,
        )  # fmt: skip
    results, run_id, report_path = output.results, output.run_id, output.report_path
    chart_note = output.chart_note
    evidence = results.evidence
    if as_json:
        print_json(
            {"run_id": run_id, "report": str(report_path), "charts": chart_note,
             "results": results.json_data()}
        )  # fmt: skip
    else:
        print_summary(results.case)
        _print_findings(results)
        if evidence is not None:
            console.print("evidence: " + ", ".join(f"{k}: {v}" for k, v in evidence.counts.items()))
        console.print(f"run {run_id} recorded in {store_path}")
        if chart_note:
            (errors if chart_note.startswith("warning") else console).print(
                chart_note, markup=False
            )
        console.print(f"results: {out_dir / 'results.json'}")
        console.print(f"report: {report_path.resolve()}")
    if evidence is not None and not evidence.ok:
        raise typer.Exit(EXIT_FAILED_CHECK)


def _print_findings(results: RunResults) -> None:
    """The headline of each engine, in a few lines."""
    bargaining = results.bargaining
    if bargaining is not None and bargaining.issues:
        # Models best first by their validated error on real bargaining (docs/validation.md).
        present = {row.model for issue in bargaining.issues for row in issue.calibrated.models}
        order = [m for m in bargaining.track_record.models if m in present]
        names = {"eum": "EUM", "mean": "mean", "median": "median", "nash": "Nash"}
        names["nash-reference"] = "Nash (reference)"
        table = Table(
            "issue", *(names.get(m, m) for m in order), "disagree?",
            title="Forecasts, best-validated model first (calibrated 90% interval of the first)",
        )  # fmt: skip
        for issue in bargaining.issues:
            rows = {row.model: row for row in issue.calibrated.models}
            cells = [f"{rows[m].forecast:.0f}" if m in rows else "-" for m in order]
            if order[0] in rows:
                low, high = rows[order[0]].interval_90
                cells[0] += f" [{low:.0f}-{high:.0f}]"
            table.add_row(issue.title, *cells, "yes" if issue.calibrated.disagree else "no")
        console.print(table)
    scenarios = results.scenarios
    if scenarios is not None and scenarios.space_size is not None:
        console.print(
            f"scenarios: {len(scenarios.consistent)} consistent of "
            f"{scenarios.space_size:,} (exact, tolerance {scenarios.tolerance:g})"
        )
    for game in results.games.games if results.games is not None else ():
        equilibria = game.equilibria
        pure = [eq for eq in equilibria if max(eq.outcome_probabilities.values()) > 1 - 1e-9]
        mixed = len(equilibria) - len(pure)
        count = len(equilibria)
        head = f"game {game.id}: {count} equilibri{'um' if count == 1 else 'a'}"
        if mixed:
            head += f" ({mixed} mixed, shown in the report)"
        console.print(head, markup=False)
        for eq in pure:
            console.print(f"  - {eq.path}", markup=False)
    statements = results.triangulation or []
    if statements:
        agree = sum(1 for s in statements if s.verdict == "agree")
        console.print(f"triangulation: {agree} of {len(statements)} comparisons agree")


def warm_up() -> None:
    """Compile the main job's Numba kernels into Numba's on-disk cache, so that the first run
    does not wait for the compiler (`make install` runs this once after installing).

    Runs the bargaining and scenario stages of the flagship case with small settings and
    writes nothing else; a later run loads the compiled kernels from the cache. Safe to run
    again: kernels already in the cache are loaded, not compiled.

    Example: realpolitik warm-up
    """
    import time

    from realpolitik.analysis import RunSettings, analyse
    from realpolitik.case import load_case

    started = time.perf_counter()
    case = load_case("south-caucasus-2021")
    settings = RunSettings(n_runs=20, sensitivity_samples=8, game_draws=1, scenario_draws=2)
    analyse(case, settings, only=("bargaining", "scenarios"))
    console.print(f"kernels compiled and cached in {time.perf_counter() - started:.1f} s")
