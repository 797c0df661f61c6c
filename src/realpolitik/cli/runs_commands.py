"""`realpolitik runs`: the record of past runs (list, show, diff)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from realpolitik.cli.common import (
    JsonOption,
    bad_option,
    console,
    given_path,
    print_json,
    run_id_argument,
)
from realpolitik.store import StoreError, default_store_path, diff_runs, get_run, list_runs

runs_app = typer.Typer(
    help="Past runs recorded in the run store: list them, show one, diff two.",
    no_args_is_help=True,
)

StoreOption = Annotated[
    Path | None,
    typer.Option(
        "--store",
        parser=given_path,
        help="The SQLite run store (default: under the user data folder).",
    ),
]


def _store(path: Path | None) -> Path:
    """The store to read; exits with a message when there is none (reading never creates
    one)."""
    store = path if path is not None else default_store_path()
    if not store.exists():
        bad_option(
            f"there is no run store at {store}",
            "record a run with `realpolitik run` first, or give --store the store's path",
        )
    return store


def _or_exit(error: StoreError) -> None:
    bad_option(str(error), "check the --store path and the run ids")


@runs_app.command("list")
def list_command(store: StoreOption = None, as_json: JsonOption = False) -> None:
    """List recorded runs, oldest first.

    Example: realpolitik runs list --store out/runs.sqlite
    """
    try:
        records = list_runs(_store(store))
    except StoreError as error:
        _or_exit(error)
        return
    if as_json:
        print_json([record.header().model_dump(mode="json") for record in records])
        return
    table = Table("id", "created", "case", "sha256", "seed", "runs", "version")
    for record in records:
        table.add_row(
            str(record.id), record.created, record.case_id, record.case_sha256[:12],
            str(record.seed), str(record.n_runs), record.version,
        )  # fmt: skip
    console.print(table)


@runs_app.command("show")
def show_command(
    run_id: Annotated[int, run_id_argument("The run id from `runs list`.")],
    store: StoreOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show one run: how it was made and its results.

    Example: realpolitik runs show 3
    """
    try:
        record = get_run(_store(store), run_id)
    except StoreError as error:
        _or_exit(error)
        return
    if as_json:
        print_json({**record.header().model_dump(mode="json"), "results": record.results})
        return
    for key, value in record.header():
        console.print(f"[bold]{key}[/bold]: {value}")
    console.print(f"[bold]result sections[/bold]: {', '.join(sorted(record.results))}")


@runs_app.command("diff")
def diff_command(
    first: Annotated[int, run_id_argument("The earlier run id.", "FIRST")],
    second: Annotated[int, run_id_argument("The later run id.", "SECOND")],
    store: StoreOption = None,
    as_json: JsonOption = False,
) -> None:
    """What changed in inputs and results between two runs.

    Example: realpolitik runs diff 3 4
    """
    path = _store(store)
    try:
        changes = diff_runs(get_run(path, first), get_run(path, second))
    except StoreError as error:
        _or_exit(error)
        return
    if as_json:
        print_json([change.model_dump(mode="json") for change in changes])
        return
    if not changes:
        console.print("no differences in inputs or results")
        return
    table = Table("section", "path", f"run {first}", f"run {second}")
    for change in changes:
        table.add_row(change.section, change.path, _short(change.before), _short(change.after))
    console.print(table)


def _short(value: Any) -> str:
    text = f"{value:.6g}" if isinstance(value, float) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."
