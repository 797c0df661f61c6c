"""`realpolitik scenarios`: the internally consistent futures of a case or a ScenarioWizard file."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import numpy as np
import typer
from rich.progress import Progress
from rich.table import Table

from realpolitik.cli.common import (
    EXIT_FAILED_CHECK,
    JsonOption,
    bad_option,
    console,
    errors,
    finite,
    load_or_exit,
    print_json,
    seed_option,
)
from realpolitik.cli.executor_options import (
    SchedulerOption,
    WorkersOption,
    executor_from_options,
)
from realpolitik.cli.leverage_output import (
    check_leverage_options,
    compute_leverage,
    print_leverage,
)
from realpolitik.scenarios import (
    DEFAULT_MAX_SECONDS,
    ComputeLimitError,
    CrossImpactMatrix,
    Deadline,
    ScenarioError,
    ScwDocument,
    SolutionComparison,
    SolutionList,
    compare_solutions,
    read_csv_matrix,
    read_scw_document,
    read_sl_document,
    write_csv_matrix,
    write_scw,
    write_sl,
)
from realpolitik.scenarios.analysis import ScenarioAnalysis, analyse_scenarios
from realpolitik.scenarios.ensemble import ImpactUncertainty, expert_ensemble
from realpolitik.scenarios.records import StudyRecord, study_record
from realpolitik.scenarios.search import METHODS

#: What ``--export`` writes, by the file's suffix.
EXPORTS = {
    ".scw": "the matrix as a ScenarioWizard project",
    ".csv": "the matrix as CSV",
    ".sl": "the consistent scenarios as a ScenarioWizard solution list",
}


class Rule(StrEnum):
    GLOBAL = "global"
    LOCAL = "local"


Method = StrEnum("Method", {name.upper().replace("-", "_"): name for name in METHODS})  # type: ignore[misc]


MATRIX_FILES = (".scw", ".csv")


def _read_matrix_file(path: Path) -> tuple[CrossImpactMatrix, ScwDocument | None]:
    """The matrix of an existing .scw or .csv file, and the whole document of a .scw file;
    a malformed file exits with its located error."""
    try:
        if path.suffix.lower() == ".scw":
            document = read_scw_document(path)
            return document.matrix, document
        return read_csv_matrix(path), None
    except ScenarioError as error:
        bad_option(str(error), "correct the file and try again")


def _matrix(
    source: str,
) -> tuple[CrossImpactMatrix, ImpactUncertainty | None, ScwDocument | None]:
    """A matrix from a .scw or .csv file, or from a case (with its per-judgment sds); the
    whole document when it is a .scw file (its other sections go into a .scw export)."""
    if Path(source).suffix.lower() in MATRIX_FILES:
        if not Path(source).is_file():
            bad_option(f"{source} does not exist", "give the path of a .scw or .csv file")
        matrix, document = _read_matrix_file(Path(source))
        return matrix, None, document
    from realpolitik.analysis.scenarios_stage import case_matrix

    case = load_or_exit(source)
    if not case.scenarios.descriptors:
        bad_option(
            f"case '{case.id}' defines no scenario descriptors", "add [[scenarios.descriptors]]"
        )
    matrix, uncertainty = case_matrix(case)
    return matrix, uncertainty, None


def _variations(
    matrix: CrossImpactMatrix, weights: list[str], transpose: bool
) -> CrossImpactMatrix:
    """The matrix with the descriptor weights and transposition asked for."""
    if weights:
        values = np.array(matrix.weights, dtype=float)
        for item in weights:
            descriptor, sep, number = item.partition("=")
            if not sep or not descriptor.strip() or not number.strip():
                bad_option(f"--weight {item!r} is not DESCRIPTOR=WEIGHT", "e.g. --weight A=2")
            try:
                d = matrix.descriptor_index(descriptor.strip())
            except ScenarioError as error:
                bad_option(f"--weight {item!r}: {error}", "name a descriptor of the matrix")
            try:
                value = float(number)
            except ValueError:
                value = float("nan")
            if not np.isfinite(value) or value < 0:
                bad_option(f"--weight {item!r}: {number.strip()!r} is not a weight", "give >= 0")
            values[d] = value
        matrix = matrix.with_weights(values)
    return matrix.transposed() if transpose else matrix


def _experts(
    items: list[str], matrix: CrossImpactMatrix, weights: list[str], transpose: bool
) -> tuple[list[CrossImpactMatrix], list[float]]:
    """The source matrix (weight 1) and each ``--expert FILE[=WEIGHT]`` matrix, with the same
    descriptor weights and transposition applied to all."""
    matrices, expert_weights = [matrix], [1.0]
    for item in items:
        path_text, weight = item, 1.0
        head, sep, tail = item.rpartition("=")
        if sep:
            try:
                weight = float(tail)
                path_text = head
            except ValueError:
                pass
        if not np.isfinite(weight) or weight < 0:
            bad_option(f"--expert {item!r}: weight {tail!r} is not >= 0", "e.g. expert.scw=2")
        path = Path(path_text)
        if path.suffix.lower() not in MATRIX_FILES or not path.is_file():
            bad_option(
                f"--expert {path_text}: not an existing .scw or .csv file",
                "give another expert's matrix of the same descriptors and variants",
            )
        other, _ = _read_matrix_file(path)
        if other.descriptors != matrix.descriptors or other.variants != matrix.variants:
            bad_option(
                f"--expert {path_text}: its descriptors or variants differ from the source's",
                "every expert must judge the same descriptors and variants, in the same order",
            )
        matrices.append(_variations(other, weights, transpose))
        expert_weights.append(weight)
    return matrices, expert_weights


def _check_exports(paths: list[Path]) -> None:
    for path in paths:
        if path.suffix.lower() not in EXPORTS:
            kinds = "; ".join(f"{suffix}: {what}" for suffix, what in EXPORTS.items())
            bad_option(f"--export {path}: unknown file type", f"end the name in {kinds}")


def _export(
    paths: list[Path],
    matrix: CrossImpactMatrix,
    result: ScenarioAnalysis,
    document: ScwDocument | None,
) -> list[str]:
    written = []
    for path in paths:
        suffix = path.suffix.lower()
        try:
            if suffix == ".scw" and document is not None:
                write_scw(
                    matrix, path, document.sections, document.explanations, document.encoding,
                    document.row_style, document.newline,
                )  # fmt: skip
            elif suffix == ".scw":
                write_scw(matrix, path)
            elif suffix == ".csv":
                write_csv_matrix(matrix, path)
            else:
                write_sl(matrix, result.search.variants, path, tuple(result.search.fixed))
        except (ScenarioError, OSError) as error:
            bad_option(f"cannot export to {path}: {error}", "choose another --export path")
        written.append(f"{EXPORTS[suffix]} written to {path}")
    return written


def _read_list(path: Path, matrix: CrossImpactMatrix) -> SolutionList:
    if not path.is_file():
        bad_option(f"--compare {path} does not exist", "give the path of a .sl solution list")
    try:
        return read_sl_document(path, matrix)
    except ScenarioError as error:
        bad_option(str(error), "correct the solution list and try again")


def _fixed(values: list[str]) -> dict[str | int, str | int]:
    fixed: dict[str | int, str | int] = {}
    for value in values:
        descriptor, sep, variant = value.partition("=")
        if not sep or not descriptor or not variant:
            bad_option(
                f"--fix {value!r} is not DESCRIPTOR=VARIANT", "e.g. --fix russia-policy=donbass"
            )
        fixed[descriptor.strip()] = variant.strip()
    return fixed


def scenarios(
    source: Annotated[
        str,
        typer.Argument(
            help="A case (name, .toml or folder), a ScenarioWizard .scw, or a .csv matrix."
        ),
    ],
    tolerance: Annotated[
        float, typer.Option("--tolerance", min=0.0, help="Consistency tolerance (0: strict).")
    ] = 0.0,
    fix: Annotated[
        list[str] | None,
        typer.Option("--fix", help="Intervention DESCRIPTOR=VARIANT (repeatable)."),
    ] = None,
    succession: Annotated[
        Rule | None, typer.Option("--succession", help="Basins under global or local succession.")
    ] = None,
    ensemble: Annotated[
        int, typer.Option("--ensemble", min=0, help="Sampled matrices for robustness (0: none).")
    ] = 0,
    seed: Annotated[int, seed_option("Random seed of ensembles and samples.")] = 2021,
    top: Annotated[
        int | None, typer.Option("--top", min=1, help="Also pick the K most different scenarios.")
    ] = None,
    export: Annotated[
        list[Path] | None,
        typer.Option(
            "--export",
            help="Write a file, by its suffix: .scw or .csv (the matrix), .sl (the consistent "
            "scenarios as a ScenarioWizard solution list). Repeatable.",
        ),
    ] = None,
    weight: Annotated[
        list[str] | None,
        typer.Option(
            "--weight",
            help="Descriptor weight DESCRIPTOR=W (default 1): scales every impact the "
            "descriptor exerts, as ScenarioWizard's weights do. Repeatable.",
        ),
    ] = None,
    transpose: Annotated[
        bool,
        typer.Option(
            "--transpose",
            help="Swap source and target of every judgment (ScenarioWizard's transposed "
            "matrix): which futures hang together if every influence ran the other way.",
        ),
    ] = False,
    expert: Annotated[
        list[str] | None,
        typer.Option(
            "--expert",
            help="Another expert's matrix FILE[=WEIGHT] (.scw or .csv, same descriptors and "
            "variants; weight 1 by default, the source counting as one expert of weight 1): "
            "adds the weighted share of experts whose matrix holds each scenario consistent. "
            "Repeatable.",
        ),
    ] = None,
    method: Annotated[
        Method,
        typer.Option(
            "--method",
            help="Search method; all are exact (auto picks the fastest for the size).",
        ),
    ] = Method.AUTO,  # type: ignore[attr-defined]
    compare: Annotated[
        Path | None,
        typer.Option(
            "--compare",
            help="A ScenarioWizard solution list (.sl) to check against the exact set: "
            "exit 1 if any scenario or figure differs.",
        ),
    ] = None,
    max_seconds: Annotated[
        float,
        typer.Option(
            "--max-seconds",
            min=0.001,
            callback=finite,
            help="Time budget of the whole study in seconds; past it the search stops and "
            "says how to narrow it.",
        ),
    ] = DEFAULT_MAX_SECONDS,
    leverage: Annotated[
        bool,
        typer.Option(
            "--leverage",
            help="Also find the leverage points: every judgment whose change by at most "
            "--leverage-steps points adds or removes a consistent scenario (exact), ranked.",
        ),
    ] = False,
    leverage_steps: Annotated[
        int | None,
        typer.Option(
            "--leverage-steps",
            min=1,
            max=6,
            help="Largest change of one judgment for --leverage, in points (default 1); "
            "implies --leverage.",
        ),
    ] = None,
    periods: Annotated[
        bool,
        typer.Option(
            "--periods",
            help="Dynamic CIB: the pathways through the case's [scenarios.dynamics] periods "
            "(share of starts; with --ensemble N also of N judgment draws) and where they "
            "branch.",
        ),
    ] = False,
    workers: WorkersOption = None,
    scheduler: SchedulerOption = None,
    as_json: JsonOption = False,
) -> None:
    """Find every internally consistent scenario (Cross-Impact Balance analysis).

    The search is exact: "the consistent scenarios" are all of them, never a sample. Options
    add succession basins, an ensemble of matrices drawn from the judgments' uncertainty,
    interventions that fix variants, and the most different scenarios for a short list.

    Example: realpolitik scenarios south-caucasus-2021 --ensemble 200 --succession global

    Example: realpolitik scenarios study.scw --compare study.sl --export ours.sl

    Example: realpolitik scenarios south-caucasus-2021 --leverage --leverage-steps 2

    Example: realpolitik scenarios south-caucasus-2021 --periods --ensemble 50
    """
    if periods:
        from realpolitik.cli.pathways_command import run_periods

        static_only = {
            "--tolerance": tolerance != 0.0, "--fix": bool(fix),
            "--succession": succession is not None, "--top": top is not None,
            "--export": bool(export), "--weight": bool(weight), "--transpose": transpose,
            "--expert": bool(expert), "--method": str(method) != "auto",
            "--compare": compare is not None,
            "--leverage": leverage or leverage_steps is not None,
        }  # fmt: skip
        return run_periods(source, ensemble, seed, max_seconds, as_json, static_only)
    matrix, uncertainty, document = _matrix(source)
    matrix = _variations(matrix, weight or [], transpose)
    if transpose and uncertainty is not None:
        uncertainty = uncertainty.transposed()  # stated uncertainty follows its judgments
    fixed = _fixed(fix or [])
    exports = list(export or [])
    _check_exports(exports)
    listed = None if compare is None else _read_list(compare, matrix)
    experts = _experts(expert or [], matrix, weight or [], transpose) if expert else None
    if leverage or leverage_steps is not None:
        check_leverage_options(source, transpose, bool(fixed))
    deadline = Deadline.after(max_seconds)
    with (
        executor_from_options(workers, scheduler),
        Progress(console=errors, transient=True, disable=as_json) as bar,
    ):
        task = bar.add_task("searching", total=1.0)
        try:
            result = analyse_scenarios(
                matrix, tolerance=tolerance, fixed=fixed,
                succession=None if succession is None else str(succession),  # type: ignore[arg-type]
                n_runs=ensemble, seed=seed, top=top, uncertainty=uncertainty,
                method=str(method),  # type: ignore[arg-type]
                progress=lambda done: bar.update(task, completed=done), deadline=deadline,
            )  # fmt: skip
            panel = (
                None
                if experts is None
                else expert_ensemble(
                    experts[0],
                    experts[1],
                    tolerance,
                    fixed,
                    method=str(method),  # type: ignore[arg-type]
                    deadline=deadline,
                )
            )
            levers = (
                None
                if not leverage and leverage_steps is None
                else compute_leverage(source, matrix, leverage_steps, tolerance, deadline)
            )
        except ComputeLimitError as error:
            bad_option(error.message, error.fix)
        except ScenarioError as error:
            bad_option(str(error), "check the descriptor and variant names, or the options")
    written = _export(exports, matrix, result, document)
    comparison = (
        None
        if listed is None
        else compare_solutions(matrix, listed, result.search.variants, tuple(result.search.fixed))
    )
    record = study_record(result, panel, levers, comparison if as_json else None)
    if as_json:
        print_json(record.model_dump(mode="json"))
    else:
        _print(record, matrix)
        for line in written:
            console.print(line)
        if comparison is not None:
            _print_comparison(comparison, matrix)
        if levers is not None:
            print_leverage(levers)
    if comparison is not None and not comparison.agree:
        raise typer.Exit(EXIT_FAILED_CHECK)


def _print_comparison(comparison: SolutionComparison, matrix: CrossImpactMatrix) -> None:
    head = (
        f"{comparison.path}: {comparison.listed} scenarios listed, {comparison.found} "
        "consistent here"
    )
    if comparison.agree:
        console.print(f"{head}: the same scenarios, and every listed figure matches.")
        return
    console.print(f"[red]{head}: they differ.[/red]")
    for scenario in comparison.missing:
        console.print(
            f"  listed but not consistent here: {' '.join(matrix.variant_names(scenario))}"
        )
    for scenario in comparison.extra:
        console.print(
            f"  consistent here but not listed: {' '.join(matrix.variant_names(scenario))}"
        )
    for line, what, listed, here in comparison.figures:
        console.print(f"  line {line}: {what} {listed:g} in the file, {here:g} here")


def _print(data: StudyRecord, matrix: CrossImpactMatrix) -> None:
    search = data.search
    shares: dict[tuple[int, ...], float] = {}
    if data.ensemble is not None:
        shares = {tuple(s.variants): s.share for s in data.ensemble.scenarios}
    panel: dict[tuple[int, ...], float] = {}
    if data.experts is not None:
        panel = {tuple(s.variants): s.share for s in data.experts.scenarios}
    basin: dict[tuple[int, ...], int] = {}
    if data.basins is not None:
        basin = {
            tuple(a.scenarios[0]): a.basin_size for a in data.basins.attractors if not a.is_cycle
        }
    console.print(
        f"{len(search.scenarios)} consistent of {search.space_size:,} scenarios at "
        f"tolerance {search.tolerance:g} (exact; {search.method}, {search.nodes:,} nodes)"
    )
    if search.self_impacts:
        console.print(
            "note: the matrix has self-impacts (nonzero diagonal blocks) for "
            f"{', '.join(search.self_impacts)}; each such descriptor's own variant counts in "
            "its balances, as in ScenarioWizard"
        )
    extra = [
        name
        for name, used in (("robustness", shares), ("experts", panel), ("basin", basin))
        if used
    ]
    table = Table("#", "scenario", "TIS", "inconsistency", *extra)
    for k, scenario in enumerate(search.scenarios, start=1):
        key = tuple(scenario.variants)
        words = "; ".join(
            f"{d}={v}" for d, v in zip(matrix.descriptors, scenario.names, strict=True)
        )
        cells = {
            "robustness": f"{shares.get(key, 0.0):.0%}",
            "experts": f"{panel.get(key, 0.0):.0%}",
            "basin": str(basin.get(key, 0)),
        }
        table.add_row(
            str(k), words, f"{scenario.total_impact_score:g}",
            f"{scenario.inconsistency:g}", *(cells[name] for name in extra),
        )  # fmt: skip
    console.print(table)
    if panel:
        own = {tuple(s.variants) for s in search.scenarios}
        others = [key for key in panel if key not in own]
        if others:
            many = len(others) != 1
            console.print(
                f"{len(others)} more scenario{'s' if many else ''} {'are' if many else 'is'} "
                "consistent for other experts only (listed with --json under experts)"
            )
    if data.basins is not None:
        basins = data.basins
        cycles = sum(1 for a in basins.attractors if a.is_cycle)
        note = "" if basins.complete else " (sampled starts: possibly incomplete)"
        console.print(
            f"succession ({basins.rule}) from {basins.n_starts:,} starts: "
            f"{len(basins.attractors)} attractors, {cycles} cycles{note}"
        )
    if data.top is not None:
        console.print("most different: " + " | ".join(s.label for s in data.top))
