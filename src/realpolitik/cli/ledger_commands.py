"""`realpolitik seal` and `realpolitik grade`: forecasts sealed in the ledger before the
outcomes are known, and graded once they are."""

from __future__ import annotations

from typing import Annotated

import typer
from pydantic import MISSING
from rich.table import Table

from realpolitik.case import Case
from realpolitik.cli.common import (
    JsonOption,
    bad_option,
    console,
    load_or_exit,
    print_json,
    run_id_argument,
)
from realpolitik.cli.runs_commands import StoreOption
from realpolitik.results.backtest import BacktestSummary
from realpolitik.store import (
    EntryGrade,
    LedgerError,
    default_store_path,
    grade_ledger,
    ledger_path,
    load_ledger,
    seal_run,
    utc_text,
)


def seal(
    run_id: Annotated[int, run_id_argument("The run id from `realpolitik runs list`.")],
    store: StoreOption = None,
    note: Annotated[
        str | None, typer.Option("--note", help="A line of text sealed with the forecasts.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Seal a run's forecasts in the ledger, so they can be graded honestly later.

    Appends one entry to ledger.jsonl beside the run store: the run's forecasts (every
    bargaining model's point forecast and Monte Carlo band per issue, the scenario
    distribution per descriptor, the outcome distribution per game), the hashes of the case
    and the results, and the hash of the entry before it. Keep the printed hash somewhere
    else: it pins the ledger up to this entry.

    Example: realpolitik seal 3 --note "before the summit"
    """
    store_path = store if store is not None else default_store_path()
    try:
        entry = seal_run(store_path, run_id, note=note)
    except LedgerError as error:
        bad_option(error.message, error.fix)
    path = ledger_path(store_path)
    if as_json:
        print_json({"ledger": str(path), "entry": entry.model_dump(mode="json")})
        return
    forecasts = entry.forecasts
    console.print(
        f"sealed run {entry.run_id} (case '{entry.case_id}') as entry {entry.sequence} of {path}",
        markup=False,
    )
    console.print(f"sealed at: {utc_text(entry.sealed_at)}", markup=False)
    console.print(f"entry_sha256: {entry.entry_sha256}", markup=False)
    counts = (
        _count(len(forecasts.issues), "issue"),
        _count(len(forecasts.descriptors), "descriptor"),
        _count(len(forecasts.games), "game"),
    )
    console.print(f"sealed forecasts: {', '.join(counts)}")
    console.print("keep the hash somewhere else: it pins the ledger up to this entry")


def _count(number: int, what: str) -> str:
    return f"{number} {what}{'' if number == 1 else 's'}"


def grade(
    store: StoreOption = None,
    case: Annotated[
        list[str] | None,
        typer.Option(
            "--case",
            help="A case (file, folder or built-in name) with [\\[outcomes]], matched to sealed "
            "entries by case id. Repeat for several cases.",
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Grade every sealed forecast against the outcomes recorded since.

    Checks the ledger's hash chain, then scores each sealed entry against the [\\[outcomes]] of
    the --case with the same case id, as `realpolitik backtest` does: absolute errors for
    issues, Brier scores for descriptors and games. Each outcome's date is set beside the
    sealing time; outcomes dated on or before the day of sealing are flagged "known at
    sealing". Entries whose case has no outcomes are listed as awaiting them.

    Example: realpolitik grade --case my-case.toml
    """
    path = ledger_path(store if store is not None else default_store_path())
    cases = _cases_by_id([load_or_exit(name, as_json) for name in case or []])
    entries, check = load_ledger(path)
    try:
        check.raise_if_broken()
    except LedgerError as error:
        bad_option(error.message, error.fix)
    grades = grade_ledger(entries, cases)
    sealed_cases = {entry.case_id for entry in entries}
    unmatched = [found.file or found.id for found in cases.values() if found.id not in sealed_cases]
    if as_json:
        print_json(
            {
                "ledger": str(path),
                "chain": {"ok": True, "entries": check.entries, "last_sha256": check.last_sha256},
                "entries": [graded.model_dump(mode="json") for graded in grades],
                "unmatched_cases": unmatched,
            }
        )
        return
    console.print(f"ledger {check.describe()}", markup=False)
    for graded in grades:
        _print_grade(graded)
    for name in unmatched:
        console.print(f"note: no sealed entry is for the case in {name}", markup=False)


def _cases_by_id(cases: list[Case]) -> dict[str, Case]:
    by_id: dict[str, Case] = {}
    for found in cases:
        if found.id in by_id:
            bad_option(
                f"--case {found.file or found.id} and --case {by_id[found.id].file or found.id} "
                f"are both case '{found.id}'",
                "give one file per case",
            )
        by_id[found.id] = found
    return by_id


def _print_grade(graded: EntryGrade) -> None:
    entry = graded.entry
    console.print()
    console.print(
        f"entry {entry.sequence}: run {entry.run_id} of {entry.store}, case '{entry.case_id}', "
        f"sealed {utc_text(entry.sealed_at)}" + (f" ({entry.note})" if entry.note else ""),
        markup=False,
    )
    if graded.status == "awaiting outcomes":
        console.print(f"  awaiting outcomes: {graded.why_awaiting}", markup=False)
    elif graded.case_file_sha256 != entry.case_sha256:
        console.print(
            "  the case file differs from the one the run was made from (as expected when "
            "outcomes were added after sealing)"
        )
    if graded.issues:
        table = Table(
            "issue", "model", "sealed forecast", "outcome", "absolute error", title="Issues"
        )
        for score in graded.issues:
            for k, (model, forecast) in enumerate(score.forecasts.items()):
                table.add_row(
                    score.title if k == 0 else "", model, f"{forecast:.1f}",
                    f"{score.observed:g}", f"{score.errors[model]:.1f}",
                )  # fmt: skip
        console.print(table)
    if graded.categories:
        table = Table(
            "outcome", "of", "happened", "sealed probability", "Brier", "uniform Brier",
            title="Scenarios and games",
        )  # fmt: skip
        for category in graded.categories:
            table.add_row(
                category.outcome, f"{category.kind} {category.subject}", category.observed,
                f"{category.probabilities.get(category.observed, 0.0):.0%}",
                f"{category.brier:.3f}", f"{category.uniform_brier:.3f}",
            )  # fmt: skip
        console.print(table)
    if graded.timing:
        table = Table("outcome", "dated", "sealed", "timing", title="Outcome dates")
        for timing in graded.timing:
            table.add_row(
                timing.outcome, timing.date.isoformat(), utc_text(timing.sealed_at),
                "known at sealing" if timing.known_at_sealing else "after sealing",
            )  # fmt: skip
        console.print(table)
    _print_summary(graded.summary)
    for item in graded.unscored:
        console.print(f"  not scored: {item.outcome}: {item.why}", markup=False)


def _print_summary(summary: BacktestSummary | None) -> None:
    if summary is None:
        return
    if summary.mean_absolute_error is not MISSING:
        by_model = ", ".join(
            f"{model} {value:.1f}" for model, value in summary.mean_absolute_error.items()
        )
        console.print(f"  mean absolute error on the 0-100 scales: {by_model}")
    for scores in summary.brier_by_kind():
        console.print(
            f"  {scores.kind}s: mean Brier {scores.brier:.3f} against "
            f"{scores.uniform_brier:.3f} for a uniform forecast"
        )
