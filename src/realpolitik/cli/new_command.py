"""`realpolitik new`: start a case from a commented skeleton that validates as written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from realpolitik.case import CaseError, parse_case
from realpolitik.case.load import CASE_FILE_NAME
from realpolitik.case.skeleton import DEFAULT_ACTORS, DEFAULT_ISSUES, skeleton
from realpolitik.cli.common import bad_option, console, exit_with, given_path, writable_dir


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date; write it as 2021-10-15") from None


def new(
    case_id: Annotated[
        str, typer.Argument(help="The new case's id: lower-case letters, digits and hyphens.")
    ],
    from_scw: Annotated[
        Path | None,
        typer.Option(
            "--from-scw",
            parser=given_path,
            help="A ScenarioWizard .scw file whose descriptors, variants and cross-impacts "
            "fill the scenario part.",
        ),
    ] = None,
    actors: Annotated[
        str | None,
        typer.Option(
            "--actors",
            help="Actor ids separated by commas (at least two), e.g. russia,turkey,iran.",
        ),
    ] = None,
    issues: Annotated[
        str | None,
        typer.Option("--issues", help="Issue ids separated by commas, e.g. status,corridor."),
    ] = None,
    out: Annotated[
        Path,
        typer.Option(
            "--out", parser=given_path, help="Folder in which the case's own folder is made."
        ),
    ] = Path("."),
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="The analysis date (YYYY-MM-DD); today when not given."),
    ] = None,
) -> None:
    """Write a commented case skeleton to OUT/CASE_ID/case.toml, ready to fill in.

    Every section of the format appears once; the judged numbers are placeholders labelled
    as assumptions. The skeleton validates as written. An existing file is never overwritten.

    Example: realpolitik new karabakh-2021 --actors azerbaijan,armenia,russia --from-scw study.scw
    """
    names = [name.strip() for name in actors.split(",")] if actors else list(DEFAULT_ACTORS)
    issue_ids = [name.strip() for name in issues.split(",")] if issues else list(DEFAULT_ISSUES)
    date = _date(as_of) if as_of is not None else None
    if from_scw is not None and not from_scw.is_file():
        bad_option(f"--from-scw {from_scw} is not a file", "give the path of a .scw file")
    target = out / case_id / CASE_FILE_NAME
    if target.exists():
        bad_option(
            f"{target} already exists",
            "choose another case id or --out folder; `new` never overwrites a case",
        )
    try:
        text = skeleton(case_id, names, date, from_scw, issue_ids)
        parse_case(text.encode("utf-8"), target)  # a skeleton that does not validate is a bug
    except CaseError as error:
        exit_with(error)
    writable_dir(target.parent, "the case folder")
    try:
        with target.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        bad_option(f"{target} already exists", "choose another case id or --out folder")
    except OSError as error:
        bad_option(f"cannot write {target} ({error.strerror})", "choose another --out folder")
    console.print(f"wrote {target}")
    console.print(
        f"next: edit it, fill positions or impacts with `realpolitik import {target} "
        "--positions FILE --impacts FILE`, then `realpolitik validate` and `realpolitik run`",
        highlight=False,
    )
