"""`realpolitik scenarios --leverage`: compute the leverage points of a case or a matrix file
and print them (a ranked table of judgments by name, with their evidence or assumption)."""

from __future__ import annotations

from pathlib import Path

from pydantic import MISSING
from rich.table import Table

from realpolitik.cli.common import bad_option, console, load_or_exit
from realpolitik.results.leverage import JudgmentChange, JudgmentLeverage, LeverageResults
from realpolitik.scenarios import CrossImpactMatrix, Deadline
from realpolitik.scenarios.leverage import (
    DEFAULT_STEPS,
    JUDGMENT_SCALE,
    leverage_points,
    leverage_results,
)

#: Rows of the printed tables (--json holds them all).
SHOWN_JUDGMENTS = 20
SHOWN_PAIRS = 10

MATRIX_FILES = (".scw", ".csv")


def check_leverage_options(source: str, transposed: bool, fixed: bool) -> None:
    """Refuse, before any work, the options --leverage cannot honour."""
    if fixed:
        bad_option(
            "--leverage looks at the consistent set without interventions, not under --fix",
            "drop --fix, or run --leverage separately",
        )
    if transposed and Path(source).suffix.lower() not in MATRIX_FILES:
        bad_option(
            "--leverage changes the case's judgments as stated, not in the --transpose'd matrix",
            "drop --transpose, or export the transposed matrix (--export t.csv) and study it",
        )


def compute_leverage(
    source: str, matrix: CrossImpactMatrix, steps: int | None, tolerance: float, deadline: Deadline
) -> LeverageResults:
    """The leverage points: of a case's stated judgments (with their grounds),
    or of every cell of a matrix file on the -3..+3 scale (widened to the file's own
    largest judgment)."""
    chosen = DEFAULT_STEPS if steps is None else steps
    if Path(source).suffix.lower() in MATRIX_FILES:
        low = min(JUDGMENT_SCALE[0], float(matrix.impacts.min()))
        high = max(JUDGMENT_SCALE[1], float(matrix.impacts.max()))
        result = leverage_points(
            matrix, steps=chosen, tolerance=tolerance, scale=(low, high), deadline=deadline
        )
        return leverage_results(result, matrix)
    from realpolitik.analysis.leverage_stage import case_leverage

    return case_leverage(load_or_exit(source), matrix, chosen, tolerance, deadline)


def _grounds(item: JudgmentLeverage) -> str:
    if item.evidence is MISSING:
        return ""
    if item.assumption is not MISSING and item.assumption is not None:
        return f"assumption: {item.assumption}"
    return "evidence: " + ", ".join(item.evidence)


def _change(change: JudgmentChange) -> str:
    return f"{change.source} -> {change.target} {change.value:+g} -> {change.new_value:+g}"


def print_leverage(data: LeverageResults) -> None:
    """The ranked judgments, the fragility of each consistent scenario and the smallest
    pairs, for a person."""
    steps = data.steps
    console.print(
        f"\nLeverage points (changes of at most {steps} point{'s' if steps > 1 else ''}, exact): "
        f"{len(data.judgments)} of {data.n_judgments} judgments add or remove a "
        f"consistent scenario; {data.n_added} scenarios lie one change or pair away; "
        f"{data.off_scale} changes left out for leaving the scale {data.scale}."
    )
    table = Table("#", "judgment", "now", "change", "removes", "adds", "grounds")
    for rank, item in enumerate(data.judgments[:SHOWN_JUDGMENTS], start=1):
        table.add_row(
            str(rank), f"{item.source} -> {item.target}", f"{item.value:+g}",
            "/".join(f"{d:+d}" for d in item.deltas), str(item.removes),
            str(item.adds), _grounds(item),
        )  # fmt: skip
    console.print(table)
    if len(data.judgments) > SHOWN_JUDGMENTS:
        console.print(f"({len(data.judgments) - SHOWN_JUDGMENTS} more with --json)")
    fragile = Table("consistent scenario", "single levers", "smallest change")
    for scenario in data.scenarios:
        smallest = scenario.smallest_change
        fragile.add_row(
            " ".join(scenario.variants.values()),
            str(scenario.single_levers),
            "none within reach" if smallest is None else str(smallest),
        )
    console.print(fragile)
    if data.pairs:
        pairs = Table("#", "pair of judgments", "removes", "adds")
        for rank, lever in enumerate(data.pairs[:SHOWN_PAIRS], start=1):
            pairs.add_row(
                str(rank), "; ".join(_change(c) for c in lever.changes),
                str(len(lever.removed)), str(len(lever.added)),
            )  # fmt: skip
        console.print(
            f"Smallest pairs for the scenarios no single change reaches ({data.n_pairs} in all):"
        )
        console.print(pairs)
