"""`realpolitik import` and `realpolitik export`: the tabular parts of a case (positions,
saliences, capabilities, cross-impacts) from and to spreadsheets."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from realpolitik.case import Case, CaseError, parse_case
from realpolitik.case.load import builtin_cases_dir
from realpolitik.case.tabular import (
    apply_imports,
    read_impacts,
    read_positions,
    write_csv,
    write_xlsx,
)
from realpolitik.case.write import case_toml
from realpolitik.cli.common import (
    CaseArgument,
    bad_option,
    console,
    exit_with,
    given_path,
    load_or_exit,
    writable_dir,
)


def _backup(path: Path) -> Path:
    """A free name for a copy of ``path``: NAME.bak, else NAME.bak2, NAME.bak3, ..."""
    candidate = path.with_name(path.name + ".bak")
    number = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.name}.bak{number}")
        number += 1
    return candidate


def _existing(path: Path | None, option: str) -> Path | None:
    if path is not None and not path.is_file():
        bad_option(f"{option} {path} is not a file", f"give {option} an existing file")
    return path


def import_command(
    case: CaseArgument,
    positions: Annotated[
        Path | None,
        typer.Option(
            "--positions",
            parser=given_path,
            help="CSV or XLSX of positions, saliences and capabilities (columns issue, actor, "
            "position, salience, capability, ...; or one sheet per issue).",
        ),
    ] = None,
    impacts: Annotated[
        Path | None,
        typer.Option(
            "--impacts",
            parser=given_path,
            help="Cross-impacts: a ScenarioWizard .scw, or a CSV or XLSX matrix with "
            "descriptor.variant labels, or a table with columns source, target, value, ...",
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            parser=given_path,
            help="Write the updated case here; without it the case file is rewritten in place "
            "and the earlier one kept as CASE.bak.",
        ),
    ] = None,
) -> None:
    """Fill a case's positions and cross-impacts from spreadsheets, and write the case back.

    A file sets what it covers and nothing else. Numbers without evidence keep the case's
    judgment when unchanged, and otherwise become `assumption = "imported from FILE"`. The
    case is validated before anything is written; the rewritten file is in canonical layout
    (comments of the earlier file are not carried over: they stay in the .bak copy).

    Example: realpolitik import my-case --positions positions.xlsx --impacts study.scw
    """
    if positions is None and impacts is None:
        bad_option("nothing to import", "give --positions FILE, --impacts FILE or both")
    _existing(positions, "--positions")
    _existing(impacts, "--impacts")
    if out is not None and out.is_dir():
        bad_option(f"--out {out} is a folder", "give the path of the case file to write")
    loaded = load_or_exit(case)
    source = Path(loaded.file)
    if out is None and source.resolve().is_relative_to(builtin_cases_dir().resolve()):
        bad_option(
            f"'{case}' is a built-in case", "give --out FILE to write the updated copy elsewhere"
        )
    target = out or source
    try:
        position_import = read_positions(positions, loaded) if positions else None
        impact_import = read_impacts(impacts, loaded) if impacts else None
        data, summary = apply_imports(loaded, position_import, impact_import)
        updated = Case.model_validate(data)
    except CaseError as error:
        exit_with(error)
    except ValueError as error:  # a combination the whole model refuses
        bad_option(f"the imported values do not make a valid case ({error})", "check the files")
    named = ", ".join(str(p.name) for p in (positions, impacts) if p is not None)
    text = case_toml(updated, header=f"## Written by `realpolitik import` from {named}.\n")
    try:
        parse_case(text.encode("utf-8"), target)
    except CaseError as error:
        exit_with(error)
    writable_dir(target.parent, "the --out folder")
    try:
        if target.exists() and out is None:
            backup = _backup(target)
            backup.write_bytes(target.read_bytes())
            console.print(f"kept the earlier case as {backup}")
        target.write_text(text, encoding="utf-8")
    except OSError as error:
        bad_option(f"cannot write {target} ({error.strerror})", "give --out a file you may write")
    console.print(
        f"wrote {target}: {summary.positions_set} positions, {summary.capabilities_set} "
        f"capabilities, {summary.impacts_set} cross-impacts set, {summary.impacts_removed} "
        f"removed; {summary.assumed} judgments are assumptions 'imported from ...' until you "
        "give their evidence (`realpolitik show` counts them)",
        highlight=False,
    )


def export_command(
    case: CaseArgument,
    xlsx: Annotated[
        Path | None,
        typer.Option(
            "--xlsx",
            parser=given_path,
            help="Write a workbook: sheets positions, impacts and matrix.",
        ),
    ] = None,
    csv_dir: Annotated[
        Path | None,
        typer.Option(
            "--csv",
            parser=given_path,
            help="Write positions.csv, impacts.csv and matrix.csv into this folder.",
        ),
    ] = None,
) -> None:
    """Write a case's positions, saliences, capabilities and cross-impacts as spreadsheets.

    The files read back with `realpolitik import` to the same case.

    Example: realpolitik export south-caucasus-2021 --xlsx caucasus.xlsx
    """
    if xlsx is None and csv_dir is None:
        bad_option("nothing to write", "give --xlsx FILE, --csv FOLDER or both")
    if xlsx is not None and xlsx.suffix.lower() != ".xlsx":
        bad_option(f"--xlsx {xlsx} does not end in .xlsx", "name the workbook NAME.xlsx")
    loaded = load_or_exit(case)
    if xlsx is not None:
        writable_dir(xlsx.parent, "the --xlsx folder")
        try:
            write_xlsx(loaded, xlsx)
        except OSError as error:
            bad_option(f"cannot write {xlsx} ({error.strerror})", "choose another --xlsx path")
        console.print(f"wrote {xlsx}")
    if csv_dir is not None:
        writable_dir(csv_dir, "--csv")
        for path in write_csv(loaded, csv_dir):
            console.print(f"wrote {path}")
