"""What every command shares: loading a case or explaining why not, and JSON output."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.progress import Progress, TaskID

from realpolitik.case import Case, CaseError, load_case

console = Console()
errors = Console(stderr=True)

EXIT_FAILED_CHECK = 1
EXIT_BAD_INPUT = 2

JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]
CaseArgument = Annotated[
    str, typer.Argument(help="A built-in case name, a case .toml file, or a folder with case.toml.")
]


def report_case_error(error: CaseError, as_json: bool = False) -> None:
    """Print every problem of a case error, one per line (or as JSON on stdout)."""
    if as_json:
        print_json({"ok": False, "problems": [p.to_dict() for p in error.problems]})
        return
    for problem in error.problems:
        errors.print(str(problem), markup=False, highlight=False, soft_wrap=True)
    count = len(error.problems)
    errors.print(f"[red]{count} problem{'s' if count != 1 else ''} found.[/red]")


def exit_with(error: CaseError, as_json: bool = False) -> NoReturn:
    report_case_error(error, as_json)
    raise typer.Exit(EXIT_BAD_INPUT)


def load_or_exit(name: str, as_json: bool = False) -> Case:
    """Load a case; on any fault print located problems and exit with status 2."""
    try:
        return load_case(name)
    except CaseError as error:
        exit_with(error, as_json)


def bad_option(message: str, fix: str) -> NoReturn:
    errors.print(f"error: {message}; {fix}", markup=False, highlight=False)
    raise typer.Exit(EXIT_BAD_INPUT)


def select(requested: list[str] | None, known: list[str], what: str) -> list[str]:
    """The ids a user asked for (all when none), or exit naming the unknown ones."""
    wanted = requested or known
    unknown = [item for item in wanted if item not in known]
    if unknown:
        bad_option(
            f"the case has no {what} {', '.join(repr(item) for item in unknown)}",
            f"use one of: {', '.join(known) or f'(the case has no {what}s)'}",
        )
    return wanted


def stage_progress(bar: Progress) -> Callable[[str, float], None]:
    """A progress callback for the main job's stages: one bar per stage, added when the
    stage first reports."""
    tasks: dict[str, TaskID] = {}

    def progress(stage: str, done: float) -> None:
        if stage not in tasks:
            tasks[stage] = bar.add_task(stage, total=1.0)
        bar.update(tasks[stage], completed=done)

    return progress


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, sort_keys=False, default=str) + "\n")


def existing_dir(path: Path, option: str) -> Path:
    if not path.is_dir():
        bad_option(f"{option} {path} is not a folder", "give the folder that holds the texts")
    return path
