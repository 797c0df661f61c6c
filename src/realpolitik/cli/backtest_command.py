"""`realpolitik backtest`: the case's forecasts scored against what happened after its date."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from pydantic import MISSING
from rich.progress import Progress
from rich.table import Table

from realpolitik.case import Case, CaseError, load_case
from realpolitik.cli.common import (
    JsonOption,
    bad_option,
    console,
    errors,
    exit_with,
    given_path,
    load_or_exit,
    print_json,
    seed_option,
    stage_progress,
)
from realpolitik.results import RunResults
from realpolitik.results.backtest import Backtest
from realpolitik.store import default_store_path

RunOrCase = Annotated[
    str,
    typer.Argument(
        metavar="RUN_OR_CASE",
        help="A finished run: a run id from the store, a results.json file or a run's folder "
        "(scored without rerunning anything). Or a case (a built-in name, a .toml file or a "
        "folder with case.toml): its engines are run first.",
    ),
]


def backtest_command(
    target: RunOrCase,
    case_option: Annotated[
        str | None,
        typer.Option(
            "--case",
            help="With a finished run: the case whose outcomes are scored (default: the case "
            "the run names).",
        ),
    ] = None,
    store: Annotated[
        Path | None,
        typer.Option("--store", parser=given_path, help="The run store to read a run id from."),
    ] = None,
    n_runs: Annotated[
        int,
        typer.Option("--runs", min=1, max=1_000_000, help="Monte Carlo runs per bargaining issue."),
    ] = 1000,
    seed: Annotated[int, seed_option("Random seed.")] = 2021,
    game_draws: Annotated[
        int, typer.Option("--game-draws", min=1, max=100_000, help="Payoff draws per game.")
    ] = 200,
    scenario_draws: Annotated[
        int,
        typer.Option(
            "--scenario-draws", min=1, max=100_000, help="Sampled matrices for robustness."
        ),
    ] = 200,
    as_json: JsonOption = False,
) -> None:
    """Score forecasts against a case's recorded [\\[outcomes]].

    Given a finished run (a run id, its results.json or its folder) it scores that run's
    forecasts as they were made, without rerunning anything. Given a case it runs the engines
    on the case as of its date first (--runs, --seed, --game-draws and --scenario-draws apply
    only then). Issues are scored by the absolute error of every bargaining model and the
    Monte Carlo band, descriptors and games by the Brier score of their distributions (against
    a uniform forecast), with a calibration table over all of them.

    Examples: realpolitik backtest 3 --store out/runs.sqlite;
    realpolitik backtest out/results.json; realpolitik backtest my-case.toml --runs 2000
    """
    from realpolitik.backtest.finished import is_run_reference

    if is_run_reference(target):
        loaded, results, note = _finished(target, case_option, store, as_json)
    else:
        if case_option is not None or store is not None:
            bad_option(
                f"{target} is a case, and --case and --store only apply to a finished run",
                "drop them, or give a run id, a results.json file or a run's folder",
            )
        loaded = _with_outcomes(load_or_exit(target, as_json))
        results, note = _recomputed(loaded, target, n_runs, seed, game_draws, scenario_draws,
                                    as_json)  # fmt: skip
    from realpolitik.backtest import BacktestError, backtest

    try:
        scored = backtest(loaded, results)
    except BacktestError as error:
        bad_option(error.message, error.fix)
    if as_json:
        print_json(scored.model_dump(mode="json"))
        return
    if note:
        console.print(note, markup=False, highlight=False)
    _print(scored)


def _with_outcomes(case: Case) -> Case:
    if not case.outcomes:
        bad_option(
            f"case '{case.id}' records no outcomes",
            "add [[outcomes]] for what happened after as_of (see docs/case-format.md)",
        )
    return case


def _recomputed(
    case: Case, name: str, n_runs: int, seed: int, game_draws: int, scenario_draws: int,
    as_json: bool,
) -> tuple[RunResults, str]:  # fmt: skip
    from realpolitik.analysis import RunSettings, analyse

    settings = RunSettings(
        n_runs=n_runs, seed=seed, game_draws=game_draws, scenario_draws=scenario_draws
    )
    with Progress(console=errors, transient=True, disable=as_json) as bar:
        # No sources given: no evidence check, which a backtest does not need.
        results = analyse(case, settings, case_name=name, progress=stage_progress(bar))
    return results, f"forecasts recomputed from {name} (seed {seed}, {n_runs} runs)"


def _finished(
    target: str, case_option: str | None, store: Path | None, as_json: bool
) -> tuple[Case, RunResults, str]:
    """The case to score and the results of the finished run ``target``."""
    from realpolitik.backtest import BacktestError
    from realpolitik.backtest.finished import read_finished_run

    try:
        run = read_finished_run(target, store if store is not None else default_store_path())
    except BacktestError as error:
        bad_option(error.message, error.fix)
    name = case_option or run.case_as_given or run.case_id
    try:
        case = load_case(name)
    except CaseError as error:
        if case_option is not None:
            exit_with(error, as_json)
        bad_option(
            f"the case of {run.where}, {name!r}, cannot be loaded ({error.problems[0].message})",
            "give --case the case file the run was made from",
        )
    if case.id != run.case_id:
        bad_option(
            f"{run.where} is a run of case '{run.case_id}', not of '{case.id}'",
            f"give --case the file of case '{run.case_id}'",
        )
    note = f"forecasts of {run.where} (seed {run.results.meta.seed})"
    if run.case_changed(case.digest):
        note += (
            "; the case file has changed since that run: its outcomes are scored against the "
            "forecasts the run made"
        )
    return _with_outcomes(case), run.results, note


def _print(scored: Backtest) -> None:
    console.print(f"backtest of '{scored.case}' (forecast as of {scored.as_of})")
    if scored.issues:
        table = Table(
            "outcome", "issue", "happened", "EUM", "mean", "median", "Nash", "in 90% band",
            title="Issues: forecast (absolute error)",
        )  # fmt: skip
        for score in scored.issues:
            cells = [
                f"{score.forecasts[m]:.0f} ({score.errors[m]:.0f})"
                for m in ("eum", "mean", "median", "nash")
            ]
            table.add_row(
                score.outcome, score.title, f"{score.observed:g}", *cells,
                "yes" if score.in_band_90 else "no",
            )  # fmt: skip
        console.print(table)
    if scored.categories:
        table = Table(
            "outcome", "of", "happened", "its probability", "most likely", "Brier",
            "uniform Brier", title="Scenarios and games",
        )  # fmt: skip
        for category in scored.categories:
            table.add_row(
                category.outcome, f"{category.kind} {category.subject}", category.observed,
                f"{category.probabilities.get(category.observed, 0.0):.0%}",
                ", ".join(category.top), f"{category.brier:.3f}",
                f"{category.uniform_brier:.3f}",
            )  # fmt: skip
        console.print(table)
    summary = scored.summary
    if summary.mean_absolute_error is not MISSING and summary.in_band_90 is not MISSING:
        errors_by_model = ", ".join(
            f"{model} {value:.1f}" for model, value in summary.mean_absolute_error.items()
        )
        console.print(
            f"mean absolute error on the 0-100 scales: {errors_by_model}; "
            f"{summary.in_band_90:.0%} of outcomes inside the EUM 90% band"
        )
    for kind in summary.brier_by_kind():
        console.print(
            f"{kind.kind}s: mean Brier {kind.brier:.3f} against "
            f"{kind.uniform_brier:.3f} for a uniform forecast"
            + (f" (skill {kind.brier_skill:+.2f}); " if kind.brier_skill is not None else "; ")
            + f"most likely category happened {kind.hits:.0%} of the time"
        )
    if summary.descriptor_measure is not MISSING:
        console.print(f"descriptor probabilities from the {summary.descriptor_measure}")
    if scored.calibration:
        table = Table("forecast", "count", "mean forecast", "happened", title="Calibration")
        for row in scored.calibration:
            table.add_row(
                f"{row.low:.1f}-{row.high:.1f}", f"{row.count:.0f}",
                f"{row.mean_forecast:.2f}", f"{row.observed_frequency:.2f}",
            )  # fmt: skip
        console.print(table)
    for item in scored.unscored:
        console.print(f"not scored: {item.outcome}: {item.why}")
