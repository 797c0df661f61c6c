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
    seed_option,
    select,
)
from realpolitik.cli.executor_options import (
    SchedulerOption,
    WorkersOption,
    executor_from_options,
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
    "nash-reference": "Nash, reference point",
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
    seed: Annotated[int, seed_option("Random seed of the Monte Carlo draws.")] = 2021,
    workers: WorkersOption = None,
    scheduler: SchedulerOption = None,
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
    from realpolitik.results.bargaining import ForecastsOutput, IssueForecasts
    from realpolitik.uncertainty import UncertaintyError
    from realpolitik.validation.track_record import calibrated_forecasts, track_record_summary

    loaded = load_or_exit(case, as_json)
    wanted = select(issue, [i.id for i in loaded.issues], "issue")
    models: list[Model] = list(MODELS) if model is ModelChoice.ALL else [cast(Model, str(model))]
    output: list[IssueForecasts] = []
    with (
        executor_from_options(workers, scheduler),
        Progress(console=errors, transient=True, disable=as_json) as bar,
    ):
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
            calibrated = calibrated_forecasts(
                _with_reference(
                    {m: p.forecast for m, p in points.items()},
                    found.reference,
                    positions.value,
                    saliences.value * capabilities.value,
                ),
                0.0,
                100.0,
            )
            entry = IssueForecasts(
                issue=issue_id, title=found.title, actors=actors, forecasts=points,
                calibrated=calibrated, monte_carlo=spread,
            )  # fmt: skip
            output.append(entry)
            bar.advance(task)
    record = track_record_summary()
    if as_json:
        print_json(ForecastsOutput(track_record=record, issues=output).model_dump(mode="json"))
        return
    names = {actor.id: actor.name for actor in loaded.actors}
    for entry in output:
        found = loaded.issue(entry.issue)
        table = Table(
            "model", "forecast", "calibrated 90%", "validated MAE", "input MC median",
            "input MC 90%",
            title=f"{found.title}\n0 = {found.low}; 100 = {found.high}", title_justify="left",
        )  # fmt: skip
        summaries = entry.monte_carlo.summaries
        for row in entry.calibrated.models:
            m = row.model
            s = summaries.get(m)
            table.add_row(
                NAMES[m], f"{row.forecast:.1f}",
                f"{row.interval_90[0]:.0f}-{row.interval_90[1]:.0f}",
                f"{row.validated_mae:.1f}", "-" if s is None else f"{s.median:.1f}",
                "-" if s is None else f"{s.interval_90[0]:.0f}-{s.interval_90[1]:.0f}",
                style="bold" if m == entry.calibrated.lead else None,
            )  # fmt: skip
        console.print(table)
        if entry.calibrated.disagree:
            console.print(
                f"the models disagree by {entry.calibrated.spread:.0f} points, more than "
                "the best model's typical error: read the spread, not one number",
                markup=False,
            )
        if "eum" in entry.forecasts:
            eum = entry.forecasts["eum"]
            moves = sorted(zip(entry.actors, eum.moved, strict=True), key=lambda x: -abs(x[1]))
            shown = [f"{names.get(a, a)} {d:+.0f}" for a, d in moves if abs(d) >= 0.5]
            console.print(
                "who moves (expected-utility rounds): " + (", ".join(shown) or "nobody"),
                markup=False,
            )
    caveat = record.caveat
    console.print(
        f"Models in order of validated error (bold: the best). Validated on {record.records} "
        f"decided issues of {record.data} ({record.design}); calibrated intervals held "
        f"the outcome about 90% of the time there. {caveat[0].upper()}{caveat[1:]}. "
        "'Input MC' columns: sensitivity of each forecast to the judged inputs, not its error.",
        markup=False,
    )


def _with_reference(
    forecasts: dict[str, float], reference: Any, positions: Any, weights: Any
) -> dict[str, float]:
    """Add the reference-point Nash forecast when the issue states a reference point."""
    if reference is None:
        return forecasts
    from realpolitik.analysis.bargaining_stage import reference_forecast

    return {**forecasts, "nash-reference": reference_forecast(positions, weights, reference.value)}
