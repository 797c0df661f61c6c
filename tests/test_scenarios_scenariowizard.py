"""ScenarioWizard's own files: projects it saved and the solution lists it exported.

The five pairs in tests/data/scenariowizard/ (see the README there) are the check that our
readers, writers and search give what ScenarioWizard gives: the same consistent set, the same
figures, the same bytes back.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from paths import DATA
from realpolitik.cli import app
from realpolitik.scenarios import (
    CrossImpactMatrix,
    ScenarioError,
    SolutionList,
    basins,
    compare_solutions,
    consistency_margin,
    consistent_scenarios,
    inconsistency,
    read_scw,
    read_scw_document,
    read_sl,
    read_sl_document,
    total_impact_score,
    write_scw,
    write_sl,
)
from realpolitik.scenarios.scw import scw_text, sl_text
from test_scenarios_helpers import SOMEWHERELAND, random_matrix

FOLDER = DATA / "scenariowizard"
#: Each project and the solution list ScenarioWizard exported for it (see the README there).
LISTS = {
    "bench_medium": "bench_medium_sw.sl",
    "bench_large": "bench_large_sw.sl",
    "bench_typical": "bench_typical_sw.sl",
    "bench_xlarge": "bench_xlarge_sw.sl",
    "bench_50x50": "bench_50x50_sw.sl",
    "CIB_global": "CIB_global.sl",
    "CIB_nested": "CIB_nested.sl",
    "CIB_natl_regional": "CIB_natl_regional.sl",
    "CIB_nested_simplified_standardized": "CIB_nested_simplified_standardized.sl",
}
NAMES = list(LISTS)
#: Consistent scenarios in ScenarioWizard's export, by file.
COUNTS = {
    "bench_medium": 2,
    "bench_large": 2,
    "bench_typical": 2,
    "bench_xlarge": 3,
    "bench_50x50": 5,
    "CIB_global": 4,
    "CIB_nested": 20,
    "CIB_natl_regional": 16,
    "CIB_nested_simplified_standardized": 15,
}
#: The projects whose last descriptor acts on itself (a nonzero diagonal block).
SELF_IMPACTING = {"CIB_natl_regional": "WSCEN", "CIB_nested_simplified_standardized": "WSCEN"}
#: Total of the first field (frequency: succession runs that ended in each listed scenario):
#: 0 where ScenarioWizard searched completely, 100,000 Monte Carlo starts for two lists (some
#: of them ending in cycles), and every start of the space but the 46,926 that cycle for one.
FREQUENCIES = {
    "CIB_global": 52_812,
    "CIB_natl_regional": 100_000,
    "CIB_nested_simplified_standardized": 22_674_816 - 46_926,
}


def _pair(name: str) -> tuple[CrossImpactMatrix, SolutionList]:
    matrix = read_scw(FOLDER / f"{name}.scw")
    return matrix, read_sl_document(FOLDER / LISTS[name], matrix)


@pytest.mark.parametrize("name", NAMES)
def test_same_consistent_set_as_scenariowizard(name: str) -> None:
    matrix, listed = _pair(name)
    assert listed.header == "$ ScenarioWizard 3.0"
    assert listed.title == "Solution set"
    assert listed.declared == len(listed.solutions) == COUNTS[name]
    result = consistent_scenarios(matrix)
    comparison = compare_solutions(matrix, listed, result.variants)
    assert comparison.agree, comparison
    assert sorted(listed.scenarios) == result.variants
    # Every figure was given and checked: margin (so inconsistency 0) and TIS.
    for solution in listed.solutions:
        assert solution.inconsistency == 0
        assert solution.margin is not None and solution.total_impact_score is not None
        assert solution.name == ""
        assert solution.fields[2] == "0"
    assert sum(s.frequency or 0 for s in listed.solutions) == FREQUENCIES.get(name, 0)
    # The self-impact is named in the result, and counted: found by every exact method.
    expected = (SELF_IMPACTING[name],) if name in SELF_IMPACTING else ()
    assert result.self_impacts == expected


@pytest.mark.parametrize("name", sorted(SELF_IMPACTING))
@pytest.mark.parametrize("method", ["branch-and-bound", "cpsat", "enumerate"])
def test_self_impacting_projects_by_every_method(name: str, method: str) -> None:
    """Nested-CIB matrices: the last descriptor's aggregated judgments (15 and -11, or 20
    and -20) sit on its own diagonal block. Counted there, every exact method lists exactly
    ScenarioWizard's scenarios; left out, many of them are not consistent at all."""
    matrix, listed = _pair(name)
    if method == "enumerate":  # an intervention keeps the visit short: 7.6e6 of 2.3e7
        fixed = {"NINT": "Ins"}
        found = consistent_scenarios(matrix, fixed=fixed, method="enumerate").variants
        assert found == consistent_scenarios(matrix, fixed=fixed).variants
        assert {z for z in listed.scenarios if z[0] == 0} <= set(found)
    else:
        found = consistent_scenarios(matrix, method=method).variants  # type: ignore[arg-type]
        assert found == sorted(listed.scenarios)
    impacts = np.array(matrix.impacts)
    impacts[-2:, -2:] = 0
    blind = CrossImpactMatrix(matrix.descriptors, matrix.variants, impacts)
    assert blind.self_impacting() == ()
    kept = [z for z in listed.scenarios if inconsistency(blind, z) == 0]
    assert len(kept) < len(listed.scenarios) * 2 / 3


def test_frequency_is_the_global_succession_basin() -> None:
    """The first field of a list ScenarioWizard drew from every start is the number of starts
    whose global succession ends in the scenario. The whole space of the nested matrices is
    too large for a unit test (22,674,816 starts; checked once, every count equal), so this
    checks it on CIB_global's 36 scenarios, which ScenarioWizard sampled 100,000 times: each
    frequency is the basin's share of the space times 100,000, within sampling noise."""
    matrix, listed = _pair("CIB_global")
    result = basins(matrix, rule="global")
    sizes = {a.scenarios[0]: a.basin_size for a in result.attractors if not a.is_cycle}
    for solution in listed.solutions:
        expected = 100_000 * sizes[solution.variants] / matrix.space_size
        assert solution.frequency is not None
        assert abs(solution.frequency - expected) < 4 * np.sqrt(expected)


def test_margin_and_total_impact_score_columns_by_hand() -> None:
    """bench_xlarge, third solution: ScenarioWizard gives margin 2 and TIS 42."""
    matrix = read_scw(FOLDER / "bench_xlarge.scw")
    solution = read_sl_document(FOLDER / "bench_xlarge_sw.sl", matrix).solutions[2]
    assert solution.variants == (0, 1, 2, 1, 0, 2, 1, 1, 2, 1)
    assert (solution.margin, solution.total_impact_score) == (2, 42)
    assert consistency_margin(matrix, solution.variants) == 2
    assert total_impact_score(matrix, solution.variants) == 42


@pytest.mark.parametrize("name", NAMES)
def test_files_write_back_byte_for_byte(name: str) -> None:
    scw = FOLDER / f"{name}.scw"
    document = read_scw_document(scw)
    assert document.row_style == "scenariowizard"
    assert [len(section) for section in document.sections][2] == sum(document.matrix.n_variants)
    text = scw_text(
        document.matrix,
        document.sections,
        document.explanations,
        document.header,
        document.row_style,
    )
    assert text == scw.read_text()
    sl = FOLDER / LISTS[name]
    listed = read_sl_document(sl, document.matrix)
    frequencies = [s.frequency or 0 for s in listed.solutions]
    assert sl_text(document.matrix, listed.scenarios, frequencies=frequencies) == sl.read_text()
    assert scw.read_bytes() == text.encode()


def test_written_list_reads_back(tmp_path: Path) -> None:
    matrix = read_scw(SOMEWHERELAND)
    result = consistent_scenarios(matrix, tolerance=1)
    path = tmp_path / "out.sl"
    write_sl(matrix, result.variants, path)
    back = read_sl_document(path, matrix)
    assert back.scenarios == result.variants
    assert compare_solutions(matrix, back, result.variants).agree
    # At tolerance 1 some listed scenarios are inconsistent by 1: their margin is -1.
    worst = max(back.solutions, key=lambda s: s.inconsistency or 0)
    assert worst.inconsistency == 1 == inconsistency(matrix, worst.variants)
    assert worst.margin == -1


def test_margin_against_the_definition() -> None:
    rng = np.random.default_rng(11)
    for _ in range(50):
        matrix = random_matrix(rng, [2, 3, 4])
        z = tuple(int(rng.integers(0, n)) for n in matrix.n_variants)
        margin = consistency_margin(matrix, z)
        # Inconsistency is the shortfall when the margin is negative, 0 otherwise.
        assert inconsistency(matrix, z) == pytest.approx(max(0.0, -margin))


def test_comparison_names_what_differs(tmp_path: Path) -> None:
    matrix = read_scw(FOLDER / "bench_medium.scw")
    text = (FOLDER / "bench_medium_sw.sl").read_text().splitlines()
    # Drop the second solution, alter the first one's TIS, add an inconsistent scenario.
    first = text[4].replace(",18,", ",19,")
    edited = [*text[:2], " 2 ", "", first, '" 1 1 1 1 1",0,0,0,0,""']
    path = tmp_path / "edited.sl"
    path.write_text("\n".join(edited) + "\n")
    comparison = compare_solutions(
        matrix, read_sl_document(path, matrix), consistent_scenarios(matrix).variants
    )
    assert not comparison.agree
    assert comparison.missing == ((0, 0, 0, 0, 0),)
    assert comparison.extra == ((0, 0, 2, 3, 1),)
    figures = {(line, what) for line, what, _, _ in comparison.figures}
    assert (5, "total impact score") in figures
    assert (6, "consistency margin") in figures


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '$ ScenarioWizard 3.0\nSolution set\n 3 \n\n" 1 3 2 1 1 3",0,0,0,1,""\n',
            r"line 3: the list declares 3 solutions but holds 1; the export is incomplete",
        ),
        (
            '$ ScenarioWizard 3.0\nSolution set\n 1 \n\n" 1 3 2 1 1",0,0,0,1,""\n',
            r"line 5: 5 entries but the matrix has 6 descriptors",
        ),
        (
            '$ ScenarioWizard 3.0\nSolution set\n 1 \n\n" 1 3 2 3 1 1",0,0,0,1,""\n',
            r"line 5: '3' is not a variant of descriptor 'D'",
        ),
        (
            '$ ScenarioWizard 3.0\nSolution set\n 1 \n\n" 1 3 2 1 1 3",0,x,0,1,""\n',
            r"line 5: field 3 \(consistency margin\) is 'x', not a number",
        ),
        (
            '$ ScenarioWizard 3.0\nSolution set\n 1 \n\n" 1 3 2 1 1 3",0.5,0,0,1,""\n',
            r"line 5: field 2 \(frequency\) is '0.5', not a whole number >= 0; "
            "ScenarioWizard writes there how many succession runs ended in the scenario",
        ),
    ],
)
def test_solution_list_errors_are_located(tmp_path: Path, text: str, message: str) -> None:
    matrix: CrossImpactMatrix = read_scw(SOMEWHERELAND)
    path = tmp_path / "bad.sl"
    path.write_text(text)
    with pytest.raises(ScenarioError, match=message) as caught:
        read_sl(path, matrix)
    assert str(path) in str(caught.value)


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8", "utf-8-sig"])
@pytest.mark.parametrize("newline", ["\r\n", "\n"])
def test_windows_files_come_back_byte_for_byte(tmp_path: Path, encoding: str, newline: str) -> None:
    """ScenarioWizard runs on Windows: a project in its code page with CRLF line ends (or in
    UTF-8, with or without a byte order mark) is read with its names intact and written back
    with the same bytes."""
    lines = [
        "$ ScenarioWizard 4.0", "ölpreis.scw", "&Ölpreis", " -hoch", " -niedrig", "&Straße",
        " -gebaut", " -geplant", "#", "#", "#", "#", "#",
        " 0 , 0 , 2 ,-1 ", " 0 , 0 ,-2 , 1 ", " 3 ,-3 , 0 , 0 ", "-1 , 1 , 0 , 0 ", "#",
        "# 0-0", '"Erläuterung"', "#", "#",
    ]  # fmt: skip
    path = tmp_path / "ölpreis.scw"
    path.write_bytes(newline.join(lines).encode(encoding) + newline.encode())
    document = read_scw_document(path)
    assert document.matrix.descriptors == ("Ölpreis", "Straße")
    assert (document.encoding, document.newline) == (encoding, newline)
    copy = tmp_path / "copy.scw"
    write_scw(
        document.matrix, copy, document.sections, document.explanations, document.encoding,
        document.row_style, document.newline,
    )  # fmt: skip
    assert copy.read_bytes() == path.read_bytes()


def test_undecodable_bytes_are_kept_not_replaced(tmp_path: Path) -> None:
    """A byte that is no character in cp1252 (0x81) falls back to Latin-1, byte for byte."""
    raw = SOMEWHERELAND.read_bytes().replace(b"&A\n", b"&A\x81\n", 1)
    path = tmp_path / "odd.scw"
    path.write_bytes(raw)
    document = read_scw_document(path)
    assert document.encoding == "latin-1" and document.matrix.descriptors[0] == "A\x81"
    copy = tmp_path / "copy.scw"
    write_scw(
        document.matrix, copy, document.sections, document.explanations, document.encoding,
        document.row_style, document.newline,
    )  # fmt: skip
    assert copy.read_bytes() == raw


def test_a_name_the_encoding_cannot_hold_is_refused(tmp_path: Path) -> None:
    matrix = read_scw(SOMEWHERELAND)
    renamed = CrossImpactMatrix(
        ("Ölpreis ₿", *matrix.descriptors[1:]), matrix.variants, matrix.impacts
    )
    with pytest.raises(ScenarioError, match="cannot be written in cp1252"):
        write_scw(renamed, tmp_path / "x.scw", encoding="cp1252")


def test_the_scenarios_command_notes_the_self_impact(tmp_path: Path) -> None:
    """`realpolitik scenarios` on a nested-CIB project: it agrees with ScenarioWizard's list,
    says the matrix has a self-impact (and whose), and writes the project back unchanged."""
    project = FOLDER / "CIB_natl_regional.scw"
    copy = tmp_path / "copy.scw"
    runner = CliRunner()
    shown = runner.invoke(
        app,
        ["scenarios", str(project), "--compare", str(FOLDER / LISTS["CIB_natl_regional"]),
         "--export", str(copy)],
    )  # fmt: skip
    assert shown.exit_code == 0, shown.output
    words = " ".join(shown.output.split())
    assert "16 consistent of 22,674,816 scenarios" in words
    assert "note: the matrix has self-impacts (nonzero diagonal blocks) for WSCEN" in words
    assert "16 scenarios listed, 16 consistent here: the same scenarios" in words
    assert copy.read_bytes() == project.read_bytes()
    data = json.loads(runner.invoke(app, ["scenarios", str(project), "--json"]).stdout)
    assert data["search"]["self_impacts"] == ["WSCEN"]


def test_frequencies_are_written_as_given(tmp_path: Path) -> None:
    matrix, listed = _pair("CIB_global")
    path = tmp_path / "again.sl"
    write_sl(
        matrix, listed.scenarios, path, frequencies=[s.frequency or 0 for s in listed.solutions]
    )
    assert path.read_bytes() == (FOLDER / "CIB_global.sl").read_bytes()
    with pytest.raises(ScenarioError, match="2 frequencies for 4 scenarios"):
        write_sl(matrix, listed.scenarios, path, frequencies=[1, 2])
    with pytest.raises(ScenarioError, match="frequency -1 is negative"):
        write_sl(matrix, listed.scenarios, path, frequencies=[1, 2, 3, -1])
