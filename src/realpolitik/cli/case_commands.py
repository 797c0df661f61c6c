"""Commands about case files: list, show, validate, check evidence, and the main job."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from realpolitik.case import CaseError, builtin_cases, load_case, problems_data
from realpolitik.case.summary import summarise
from realpolitik.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_FAILED_CHECK,
    CaseArgument,
    JsonOption,
    confined_sources,
    console,
    given_path,
    load_or_exit,
    print_json,
    report_case_error,
)
from realpolitik.evidence import EvidenceReport, Status, check_evidence
from realpolitik.results.case import CaseSummary

SourcesOption = Annotated[
    Path,
    typer.Option(
        "--sources",
        parser=given_path,
        help="Folder holding the source texts named in the case (a case names files inside it "
        "only).",
    ),
]


def cases(as_json: JsonOption = False) -> None:
    """List the built-in cases.

    Example: realpolitik cases
    """
    rows = [summarise(load_case(name)) for name in builtin_cases()]
    if as_json:
        print_json([row.model_dump(mode="json", include=_LISTED) for row in rows])
        return
    table = Table("case", "title", "as of", "actors", "issues", "descriptors", "games")
    for row in rows:
        counts = row.counts
        table.add_row(
            row.id, row.title, row.as_of, str(counts.actors), str(counts.issues),
            str(counts.descriptors), str(counts.games),
        )  # fmt: skip
    console.print(table)


#: The parts of a case's summary that ``realpolitik cases --json`` lists.
_LISTED = {"id", "title", "as_of", "counts"}


def with_file(summary: CaseSummary, file: str | None) -> dict[str, Any]:
    """A case's summary as ``show --json`` prints it: the file it was read from after its
    date."""
    data = summary.model_dump(mode="json")
    head = {key: data.pop(key) for key in ("id", "title", "as_of")}
    return {**head, "file": file, **data}


def print_summary(summary: CaseSummary, file: str = "") -> None:
    judged = summary.judgments
    console.print(f"[bold]{summary.title}[/bold] ({summary.id}, as of {summary.as_of})")
    console.print(f"sha256 {summary.sha256[:16]}  {file}")
    table = Table("what", "count")
    for key, value in summary.counts:
        table.add_row(key.replace("_", " "), str(value))
    console.print(table)
    share = judged.evidenced_share
    console.print(
        f"judged inputs: {judged.total}, evidenced {judged.evidenced} ({share:.0%}), "
        f"assumptions {judged.assumed}"
    )
    kinds = Table("judgment", "evidenced", "assumed")
    for kind, split in judged.by_kind.items():
        kinds.add_row(kind, str(split.evidenced), str(split.assumed))
    console.print(kinds)


def show(case: CaseArgument, as_json: JsonOption = False) -> None:
    """Summarise a case: what it holds and how much of it is evidenced.

    Example: realpolitik show south-caucasus-2021
    """
    loaded = load_or_exit(case, as_json)
    summary = summarise(loaded)
    if as_json:
        data = with_file(summary, loaded.file)
        data["actors"] = [
            {"id": a.id, "name": a.name, "kind": a.kind, "capability": a.capability.value}
            for a in loaded.actors
        ]
        data["issues"] = [{"id": i.id, "title": i.title} for i in loaded.issues]
        print_json(data)
        return
    print_summary(summary, loaded.file)
    actors = Table("actor", "name", "kind", "capability")
    for actor in sorted(loaded.actors, key=lambda a: -a.capability.value):
        actors.add_row(actor.id, actor.name, actor.kind, f"{actor.capability.value:g}")
    console.print(actors)
    issues = Table("issue", "title", "0 means", "100 means", "actors")
    for issue in loaded.issues:
        issues.add_row(issue.id, issue.title, issue.low, issue.high, str(len(issue.positions)))
    console.print(issues)


def validate(
    files: Annotated[list[str], typer.Argument(help="Case files, folders or built-in names.")],
    as_json: JsonOption = False,
) -> None:
    """Check case files and list every problem with its line and how to fix it.

    Exits 0 when all are valid, 2 otherwise.

    Example: realpolitik validate my-case.toml other-case/
    """
    results: list[dict[str, Any]] = []
    failed = False
    for name in files:
        try:
            loaded = load_case(name)
        except CaseError as error:
            failed = True
            if as_json:
                results.append(
                    {"file": name, "ok": False, "problems": problems_data(error.problems)}
                )
            else:
                report_case_error(error)
            continue
        results.append({"file": name, "ok": True, "id": loaded.id, "sha256": loaded.digest})
        if not as_json:
            console.print(f"[green]ok[/green] {name} ({loaded.id})")
    if as_json:
        print_json(results)
    if failed:
        raise typer.Exit(EXIT_BAD_INPUT)


def _print_evidence(report: EvidenceReport) -> None:
    table = Table("evidence / input", "status", "source", "¶", "detail")
    styles = {
        Status.VERIFIED: "green",
        Status.ASSUMPTION: "yellow",
    }
    for check in report.checks:
        style = styles.get(check.status, "red")
        table.add_row(
            check.item, f"[{style}]{check.status}[/{style}]", check.source,
            "" if check.paragraph is None else str(check.paragraph), check.detail,
        )  # fmt: skip
    console.print(table)
    counts = ", ".join(f"{name}: {count}" for name, count in report.counts.items())
    console.print(counts)


def evidence(
    case: CaseArgument,
    sources: SourcesOption,
    as_json: JsonOption = False,
) -> None:
    """Verify that every evidence anchor stands in the paragraph it cites.

    Paragraph n of a source text is its n-th non-empty line. Exits 1 when any anchor is not
    found, stands in another paragraph, or its source text is missing; exits 2 when a source
    names a file outside the --sources folder.

    Example: realpolitik evidence south-caucasus-2021 --sources ../shared/seeds
    """
    loaded = load_or_exit(case, as_json)
    report = check_evidence(loaded, confined_sources(loaded, sources, as_json))
    if as_json:
        print_json(report.model_dump(mode="json"))
    else:
        _print_evidence(report)
    if not report.ok:
        raise typer.Exit(EXIT_FAILED_CHECK)


__all__ = ["EXIT_BAD_INPUT", "cases", "evidence", "print_summary", "show", "validate"]
