"""What every command shares: loading a case or explaining why not, checking options before
any work starts, and JSON output."""

from __future__ import annotations

import hashlib
import json
import math
import sqlite3
import sys
import tempfile
from collections.abc import Callable
from contextvars import ContextVar
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.progress import Progress, TaskID

from realpolitik.case import Case, CaseError, load_case, problems_data
from realpolitik.case.judgments import FieldPath
from realpolitik.case.locate import line_index
from realpolitik.evidence import refused_sources

console = Console()
errors = Console(stderr=True)

EXIT_FAILED_CHECK = 1
EXIT_BAD_INPUT = 2

#: The largest seed: NumPy's generators take any integer >= 0, and the run store keeps the
#: seed in an SQLite INTEGER, a signed 64-bit number.
MAX_SEED = 2**63 - 1
#: The largest run id the store can hold (SQLite row ids are signed 64-bit numbers).
MAX_RUN_ID = 2**63 - 1

#: Whether the command being run was given --json: set while its options are read, so that an
#: error found later (see :func:`bad_option`) comes out as JSON too.
_json_output: ContextVar[bool] = ContextVar("json_output", default=False)


def remember_json(value: bool) -> bool:
    _json_output.set(bool(value))
    return value


def forget_json() -> None:
    """Start a command line with plain output (the root callback calls it before a command's
    options are read; a command without --json then never inherits an earlier one's)."""
    _json_output.set(False)


JsonOption = Annotated[
    bool, typer.Option("--json", help="Print machine-readable JSON.", callback=remember_json)
]
CaseArgument = Annotated[
    str, typer.Argument(help="A built-in case name, a case .toml file, or a folder with case.toml.")
]


def report_case_error(error: CaseError, as_json: bool = False) -> None:
    """Print every problem of a case error, one per line (or as JSON on stdout)."""
    if as_json:
        print_json({"ok": False, "problems": problems_data(error.problems)})
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


def json_requested() -> bool:
    """Whether the command being run was given ``--json``."""
    return _json_output.get()


def bad_option(message: str, fix: str = "") -> NoReturn:
    """Say what is wrong and how to fix it, then exit with status 2. Under ``--json`` the
    message is JSON on stdout, shaped like a case's problems, so a program reading the output
    always gets JSON."""
    if json_requested():
        print_json({"ok": False, "problems": [{"message": message, "fix": fix}]})
    else:
        text = f"error: {message}; {fix}" if fix else f"error: {message}"
        errors.print(text, markup=False, highlight=False)
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


def seed_option(help: str) -> Any:
    """The ``--seed`` option of every command: a whole number from 0 to :data:`MAX_SEED`."""
    return typer.Option("--seed", min=0, max=MAX_SEED, help=help)


def run_id_argument(help: str, metavar: str = "RUN_ID") -> Any:
    """A run id argument: a whole number the store can hold (1 to :data:`MAX_RUN_ID`)."""
    return typer.Argument(min=1, max=MAX_RUN_ID, metavar=metavar, help=help)


def finite(value: float | None) -> float | None:
    """Option callback: refuse inf and nan (a range check lets inf through)."""
    if value is not None and not math.isfinite(value):
        raise typer.BadParameter(f"{value} is not a finite number; give a number such as 0.5")
    return value


def given_path(value: str) -> Path:
    """Option parser for paths: an empty string is refused rather than read as the current
    folder (which is what ``Path("")`` means)."""
    if not value.strip():
        raise typer.BadParameter("the path is empty; give a file or folder path")
    return Path(value)


def existing_dir(path: Path, option: str) -> Path:
    if not path.is_dir():
        bad_option(f"{option} {path} is not a folder", "give the folder that holds the texts")
    return path


def writable_dir(path: Path, option: str, fix: str | None = None) -> Path:
    """Create the folder ``path`` if needed and make sure a file can be written in it, or exit
    with status 2: checked before any work, so no work is lost to an unwritable folder."""
    fix = fix or f"give {option} a folder you may write to"
    if path.exists() and not path.is_dir():
        bad_option(f"{option} {path} is a file, not a folder", fix)
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=path):
            pass
    except OSError as error:
        bad_option(f"{option} {path} cannot be written ({error.strerror or error})", fix)
    return path


def writable_store(path: Path) -> Path:
    """Make sure the run store at ``path`` can record a run, or exit with status 2; checked
    before any work, so a finished analysis is not lost at the end.

    The store's folder must take new files (SQLite writes its journal beside the database),
    and an existing file must be an SQLite database that accepts a write: the check opens it
    and creates a table inside a transaction that it rolls back, so nothing changes."""
    fix = "give --store the path of a run store file you may write, e.g. out/runs.sqlite"
    if path.is_dir():
        bad_option(f"--store {path} is a folder, not a file", fix)
    writable_dir(path.parent, "the --store folder", fix)
    if not path.exists():
        return path
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True, timeout=5)
        try:
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("CREATE TABLE realpolitik_write_check (x)")
            connection.rollback()
        finally:
            connection.close()
    except sqlite3.OperationalError as error:
        if "locked" not in str(error):  # busy with another run's write: it is writable
            bad_option(f"the run store {path} cannot be written ({error})", fix)
    except sqlite3.Error as error:
        bad_option(f"--store {path} is not a run store ({error})", fix)
    return path


def case_lines(case: Case) -> dict[FieldPath, int] | None:
    """Where each field of the case stands in its file, when the file on disk is still the
    one loaded (same SHA-256); None otherwise."""
    try:
        raw = Path(case.file).read_bytes() if case.file else b""
    except OSError:
        return None
    if not raw or hashlib.sha256(raw).hexdigest() != case.digest:
        return None
    return line_index(raw.decode("utf-8"))


def confined_sources(case: Case, sources: Path, as_json: bool = False) -> Path:
    """The sources folder, after checking that every source file the case names lies inside
    it; otherwise print the located problems and exit with status 2."""
    existing_dir(sources, "--sources")
    problems = refused_sources(case, sources, case_lines(case))
    if problems:
        exit_with(CaseError(problems), as_json)
    return sources
