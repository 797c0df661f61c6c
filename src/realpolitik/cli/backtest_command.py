"""`realpolitik backtest`: the case's forecasts scored against what happened after its date."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.progress import Progress
from rich.table import Table

from realpolitik.cli.common import (
    CaseArgument,
    JsonOption,
    bad_option,
    console,
    errors,
    load_or_exit,
    print_json,
    seed_option,
    stage_progress,
)


def backtest_command(
    case: CaseArgument,
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
    """Score the forecasts made from a case against its recorded [\\[outcomes]].

    Runs the engines on the case as of its date, then sets each outcome against the forecast:
    issues by the absolute error of every bargaining model and the Monte Carlo band,
    descriptors and games by the Brier score of their distributions (against a uniform
    forecast), with a calibration table over all of them.

    Example: realpolitik backtest my-case.toml --runs 2000
    """
    from realpolitik.analysis import RunSettings, analyse

    loaded = load_or_exit(case, as_json)
    if not loaded.outcomes:
        bad_option(
            f"case '{loaded.id}' records no outcomes",
            "add [[outcomes]] for what happened after as_of (see docs/case-format.md)",
        )
    settings = RunSettings(
        n_runs=n_runs, seed=seed, game_draws=game_draws, scenario_draws=scenario_draws
    )
    with Progress(console=errors, transient=True, disable=as_json) as bar:
        # The main job scores a case's outcomes itself (no sources given: no evidence check).
        results = analyse(loaded, settings, case_name=case, progress=stage_progress(bar))
    data = results["backtest"]
    if as_json:
        print_json(data)
        return
    _print(data)


def _print(data: dict[str, Any]) -> None:
    console.print(f"backtest of '{data['case']}' (forecast as of {data['as_of']})")
    if data["issues"]:
        table = Table(
            "outcome", "issue", "happened", "EUM", "mean", "median", "Nash", "in 90% band",
            title="Issues: forecast (absolute error)",
        )  # fmt: skip
        for score in data["issues"]:
            cells = [
                f"{score['forecasts'][m]:.0f} ({score['errors'][m]:.0f})"
                for m in ("eum", "mean", "median", "nash")
            ]
            table.add_row(
                score["outcome"], score["title"], f"{score['observed']:g}", *cells,
                "yes" if score["in_band_90"] else "no",
            )  # fmt: skip
        console.print(table)
    if data["categories"]:
        table = Table(
            "outcome", "of", "happened", "its probability", "most likely", "Brier",
            "uniform Brier", title="Scenarios and games",
        )  # fmt: skip
        for score in data["categories"]:
            table.add_row(
                score["outcome"], f"{score['kind']} {score['subject']}", score["observed"],
                f"{score['probabilities'].get(score['observed'], 0.0):.0%}",
                ", ".join(score["top"]), f"{score['brier']:.3f}", f"{score['uniform_brier']:.3f}",
            )  # fmt: skip
        console.print(table)
    summary = data["summary"]
    if "mean_absolute_error" in summary:
        errors_by_model = ", ".join(
            f"{model} {value:.1f}" for model, value in summary["mean_absolute_error"].items()
        )
        console.print(
            f"mean absolute error on the 0-100 scales: {errors_by_model}; "
            f"{summary['in_band_90']:.0%} of outcomes inside the EUM 90% band"
        )
    for kind in ("descriptor", "game"):
        if f"{kind}_brier" in summary:
            console.print(
                f"{kind}s: mean Brier {summary[f'{kind}_brier']:.3f} against "
                f"{summary[f'{kind}_uniform_brier']:.3f} for a uniform forecast; "
                f"most likely category happened {summary[f'{kind}_hits']:.0%} of the time"
            )
    if "descriptor_measure" in summary:
        console.print(f"descriptor probabilities from the {summary['descriptor_measure']}")
    if data["calibration"]:
        table = Table("forecast", "count", "mean forecast", "happened", title="Calibration")
        for row in data["calibration"]:
            table.add_row(
                f"{row['low']:.1f}-{row['high']:.1f}", f"{row['count']:.0f}",
                f"{row['mean_forecast']:.2f}", f"{row['observed_frequency']:.2f}",
            )  # fmt: skip
        console.print(table)
    for item in data["unscored"]:
        console.print(f"not scored: {item['outcome']}: {item['why']}")
