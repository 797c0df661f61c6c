"""`realpolitik forecast`: where each contested issue settles, by model, with uncertainty."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, cast

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
    select,
)


class ModelChoice(StrEnum):
    EUM = "eum"
    MEAN = "mean"
    MEDIAN = "median"
    NASH = "nash"
    ALL = "all"


NAMES = {
    "eum": "expected utility",
    "mean": "compromise (mean)",
    "median": "weighted median",
    "nash": "Nash bargaining",
}


def forecast_command(
    case: CaseArgument,
    issue: Annotated[
        list[str] | None, typer.Option("--issue", help="Forecast only this issue (repeatable).")
    ] = None,
    model: Annotated[
        ModelChoice, typer.Option("--model", help="eum, mean, median, nash, or all.")
    ] = ModelChoice.ALL,
    n_runs: Annotated[
        int, typer.Option("--runs", min=1, max=1_000_000, help="Monte Carlo runs per issue.")
    ] = 1000,
    seed: Annotated[
        int, typer.Option("--seed", help="Random seed of the Monte Carlo draws.")
    ] = 2021,
    as_json: JsonOption = False,
) -> None:
    """Forecast where each contested issue settles and how sure that is.

    For every issue: the forecast of each model with the stated inputs, and the median,
    interquartile range and 90% interval over Monte Carlo draws of positions, saliences and
    capabilities from their stated uncertainty; the actors who move in the expected-utility
    rounds; and each actor's share of runs on the winning side.

    Example: realpolitik forecast south-caucasus-2021 --issue peacekeepers --runs 5000
    """
    from realpolitik.analysis.bargaining_stage import issue_forecasts
    from realpolitik.analysis.inputs import issue_inputs
    from realpolitik.bargaining import MODELS, BargainingError, Model
    from realpolitik.uncertainty import UncertaintyError

    loaded = load_or_exit(case, as_json)
    wanted = select(issue, [i.id for i in loaded.issues], "issue")
    models: list[Model] = list(MODELS) if model is ModelChoice.ALL else [cast(Model, str(model))]
    output: list[dict[str, Any]] = []
    with Progress(console=errors, transient=True, disable=as_json) as bar:
        task = bar.add_task("Monte Carlo", total=len(wanted))
        for k, issue_id in enumerate(wanted):
            found = loaded.issue(issue_id)
            try:
                actors, positions, saliences, capabilities = issue_inputs(loaded, found)
                points, spread = issue_forecasts(
                    positions, saliences, capabilities, models, n_runs, seed + k
                )
            except (BargainingError, UncertaintyError) as error:
                bad_option(f"issue '{issue_id}': {error}", "check its positions in the case")
            output.append(
                {
                    "issue": issue_id,
                    "title": found.title,
                    "actors": actors,
                    "forecasts": {m: p.to_dict() for m, p in points.items()},
                    "monte_carlo": spread.to_dict(),
                }
            )
            bar.advance(task)
    if as_json:
        print_json(output)
        return
    names = {actor.id: actor.name for actor in loaded.actors}
    for entry in output:
        found = loaded.issue(entry["issue"])
        table = Table(
            "model", "forecast", "MC median", "interquartile", "90% interval",
            title=f"{found.title}\n0 = {found.low}; 100 = {found.high}", title_justify="left",
        )  # fmt: skip
        summaries = entry["monte_carlo"]["summaries"]
        for m in models:
            s = summaries[m]
            table.add_row(
                NAMES[m], f"{entry['forecasts'][m]['forecast']:.1f}", f"{s['median']:.1f}",
                f"{s['quartiles'][0]:.0f}-{s['quartiles'][1]:.0f}",
                f"{s['interval_90'][0]:.0f}-{s['interval_90'][1]:.0f}",
            )  # fmt: skip
        console.print(table)
        if "eum" in entry["forecasts"]:
            eum = entry["forecasts"]["eum"]
            moves = sorted(
                zip(entry["actors"], eum["moved"], strict=True), key=lambda x: -abs(x[1])
            )
            shown = [f"{names.get(a, a)} {d:+.0f}" for a, d in moves if abs(d) >= 0.5]
            console.print(
                "who moves (expected-utility rounds): " + (", ".join(shown) or "nobody"),
                markup=False,
            )
