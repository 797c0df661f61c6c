"""`realpolitik scenarios CASE --periods`: dynamic CIB pathways over the case's periods."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from rich.table import Table

from realpolitik.cli.common import bad_option, console, load_or_exit, print_json
from realpolitik.scenarios import ComputeLimitError, ScenarioError

#: Pathways printed (all of them go to --json).
PRINTED = 15


def run_periods(
    source: str,
    n_draws: int,
    seed: int,
    max_seconds: float,
    as_json: bool,
    others: Mapping[str, bool],
) -> None:
    """Print (or write as JSON) the pathways of a case's ``[scenarios.dynamics]``;
    ``others`` names the static-study options and whether each was given (none applies)."""
    from realpolitik.analysis.dynamics_stage import run_pathways

    given = [name for name, used in others.items() if used]
    if given:
        bad_option(
            f"--periods does not combine with {', '.join(given)}",
            "drop them: pathways use global succession from every start; --ensemble N adds "
            "N judgment draws, --seed and --max-seconds apply",
        )
    if Path(source).suffix.lower() in (".scw", ".csv"):
        bad_option(
            f"--periods needs a case, not the matrix file {source}",
            "give a case with a [scenarios.dynamics] section (docs/case-format.md)",
        )
    case = load_or_exit(source, as_json)
    try:
        block = run_pathways(case, n_draws, seed, max_seconds)
    except ComputeLimitError as error:
        bad_option(error.message, error.fix)
    except ScenarioError as error:
        bad_option(str(error), "check the case's [scenarios.dynamics] section")
    if block is None:
        bad_option(
            f"case '{case.id}' defines no periods",
            "add a [scenarios.dynamics] section with periods (docs/case-format.md)",
        )
    if as_json:
        print_json(block.model_dump(mode="json"))
        return
    result = block.result
    how = "every start" if result.complete else "a seeded sample of starts"
    console.print(
        f"{len(result.pathways)} pathways over {', '.join(p.name for p in block.periods)} "
        f"from {result.n_starts:,} first-period starts ({how})"
    )
    ensemble = result.ensemble is not None
    table = Table("#", "pathway", "share", *(["ensemble"] if ensemble else []), "rules fired")
    for k, pathway in enumerate(result.pathways[:PRINTED], start=1):
        rules = " / ".join(", ".join(r) or "-" for r in pathway.rules[1:])
        share = [f"{pathway.ensemble_share or 0.0:.1%}"] if ensemble else []
        table.add_row(str(k), " -> ".join(pathway.outcomes), f"{pathway.share:.1%}", *share,
                      rules)  # fmt: skip
    console.print(table)
    shown = dict.fromkeys(o for p in result.pathways[:PRINTED] for o in p.outcomes)
    first: dict[str, str] | None = None
    first_id = ""
    for outcome in result.outcomes:
        if outcome.id not in shown:
            continue
        parts = []
        for z in outcome.variants:
            if first is None:
                first, first_id = z, outcome.id
                parts.append("; ".join(f"{d}={v}" for d, v in z.items()))
            else:  # later outcomes by their differences from the first one listed
                moved = "; ".join(f"{d}={v}" for d, v in z.items() if first[d] != v)
                parts.append(f"as {first_id} but {moved or 'nothing'}")
        console.print(
            f"{outcome.id}{' (cycle)' if outcome.is_cycle else ''}: {' | then '.join(parts)}",
            markup=False,
            highlight=False,
        )
    for point in result.branch_points:
        branches = ", ".join(f"{b.outcome} {b.share:.1%}" for b in point.branches)
        after = " -> ".join(point.after) or "the start"
        console.print(
            f"branch in {point.period} after {after}: {branches} ({point.cause}, "
            f"{point.basis}; differ in {', '.join(point.descriptors)})"
            + "".join(
                f"; {d.descriptor} at the start predicts {d.accuracy:.0%} (base {d.base:.0%})"
                for d in point.deciding
            ),
            markup=False,
            highlight=False,
        )
