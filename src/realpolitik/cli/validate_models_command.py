"""`realpolitik validate-models`: every bargaining model scored out of sample on real data."""

from __future__ import annotations

import shlex
from contextlib import nullcontext
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

if TYPE_CHECKING:
    from realpolitik.validation.run import ValidationReport

from realpolitik.cli.common import (
    bad_option,
    console,
    given_path,
    print_json,
    remember_json,
    seed_option,
    writable_dir,
)


class CapabilityChoice(StrEnum):
    EQUAL = "equal"
    VOTES = "votes"


def validate_models_command(
    data: Annotated[
        Path | None,
        typer.Option(
            "--data",
            parser=given_path,
            help="Score this file (DEU III layout or a long CSV) as held-out data; without it "
            "the training data are cross-validated.",
        ),
    ] = None,
    train: Annotated[
        Path | None,
        typer.Option(
            "--train",
            parser=given_path,
            help="Learn from this file only (default: the bundled DEU III development part).",
        ),
    ] = None,
    capability: Annotated[
        CapabilityChoice,
        typer.Option(
            "--capability",
            help="equal, or Council votes by treaty period (DEU III files only).",
        ),
    ] = CapabilityChoice.EQUAL,
    model: Annotated[
        list[str] | None,
        typer.Option("--model", help="Score only this model (repeatable); default: all."),
    ] = None,
    folds: Annotated[int, typer.Option("--folds", min=2, help="Cross-validation folds.")] = 5,
    n_boot: Annotated[
        int, typer.Option("--boot", min=100, max=100_000, help="Bootstrap resamples.")
    ] = 2000,
    seed: Annotated[int, seed_option("Seed of folds and bootstrap.")] = 0,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            parser=given_path,
            help="Write leaderboard.json and leaderboard.html into this folder.",
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the result as JSON.", callback=remember_json)
    ] = False,
) -> None:
    """Score every bargaining model on decided issues it has not seen.

    Prints a leaderboard (mean, median and root mean squared error with bootstrap 95%
    intervals; the paired difference from the weighted mean; how often each model's 90%
    conformal interval covered the outcome; exact hits). Models that learn (gravity,
    stacking, the interval widths) learn only from --train, never from the scored --data.

    Example: realpolitik validate-models --out validation/
    """
    from realpolitik.validation.data import DataError
    from realpolitik.validation.learners import LEARNERS
    from realpolitik.validation.models import MODELS
    from realpolitik.validation.run import validate_models

    chosen = model or [*MODELS, *LEARNERS]
    unknown = [name for name in chosen if name not in MODELS and name not in LEARNERS]
    if unknown:
        bad_option(
            f"unknown model {', '.join(unknown)}", f"use one of: {', '.join([*MODELS, *LEARNERS])}"
        )
    plain = [name for name in chosen if name in MODELS]
    if "mean" not in plain:
        plain.insert(0, "mean")  # the baseline every row is compared with
    learners = [name for name in chosen if name in LEARNERS]
    if out is not None:
        writable_dir(out, "--out")  # before the scoring, so no work is lost
    try:
        with nullcontext() if as_json else console.status("scoring models", spinner="dots"):
            report = validate_models(
                data=data,
                train=train,
                capability=capability.value,
                models=plain,
                learners=learners,
                folds=folds,
                seed=seed,
                n_boot=n_boot,
            )
    except DataError as error:
        bad_option(str(error))  # the message names the file, the line and the fix
    except ValueError as error:
        bad_option(str(error), "check --folds against the number of issues")
    if out is not None:
        from realpolitik.validation.page import render

        command = ["realpolitik", "validate-models", "--seed", str(seed), "--folds", str(folds)]
        command += ["--boot", str(n_boot), "--capability", capability.value]
        command += [part for name in model or [] for part in ("--model", name)]
        for flag, path in (("--data", data), ("--train", train)):
            if path is not None:
                command += [flag, str(path)]
        try:
            (out / "leaderboard.json").write_text(report.model_dump_json(indent=2) + "\n")
            page = render(report, shlex.join(command))
            (out / "leaderboard.html").write_text(page, encoding="utf-8")
        except OSError as error:
            bad_option(
                f"cannot write the leaderboard to {out} ({error.strerror})",
                "free some space or give another --out",
            )
    if as_json:
        print_json(report.model_dump(mode="json"))
        return
    _print_table(report)
    if out is not None:
        console.print(f"wrote {out / 'leaderboard.json'} and {out / 'leaderboard.html'}")


def _print_table(report: ValidationReport) -> None:
    if report.design == "cross-validation":
        title = (
            f"{report.data.name}: {report.data.records} issues, {report.folds}-fold "
            f"cross-validation, capability {report.data.capability}"
        )
    else:
        assert report.train is not None
        title = (
            f"{report.data.name}: {report.data.records} held-out issues, learned from "
            f"{report.train.name} ({report.train.records}), capability {report.data.capability}"
        )
    table = Table(
        "model", "MAE (95% CI)", "median err", "RMSE", "vs mean (95% CI)", "90% covers",
        "width", "exact", title=title, title_justify="left",
    )  # fmt: skip
    for row in report.leaderboard:
        d = row.difference_from_mean
        table.add_row(
            row.label,
            f"{row.mae.value:.2f} ({row.mae.low:.1f}-{row.mae.high:.1f})",
            f"{row.median_error.value:.1f}",
            f"{row.rmse.value:.1f}",
            "baseline" if d is None else f"{d.value:+.2f} ({d.low:+.1f} to {d.high:+.1f})",
            f"{100 * row.coverage.value:.0f}%",
            f"{row.interval_width:.0f}",
            f"{100 * row.exact_hits:.0f}%",
            style="bold" if row.beats_mean else None,
        )
    console.print(table)
    winners = [row.label for row in report.leaderboard if row.beats_mean]
    if winners:
        console.print("beats the weighted mean (paired 95% CI below 0): " + ", ".join(winners))
    else:
        console.print(
            "no model beats the weighted mean with a paired 95% interval that excludes zero"
        )
    if report.data.citation:
        console.print(f"data: {report.data.citation}", markup=False)
