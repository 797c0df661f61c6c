"""`realpolitik scenarios` on ScenarioWizard files and on the flagship case."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from paths import DATA, SHARED
from realpolitik.cli import app
from realpolitik.scenarios import (
    CrossImpactMatrix,
    consistent_scenarios,
    expert_ensemble,
    from_blocks,
    read_csv_matrix,
    read_scw,
    read_sl,
    write_scw,
)

SOMEWHERELAND = SHARED / "data" / "cib" / "somewhereland.scw"
PUBLISHED = {
    "A3B1C3D2E1F1", "A3B2C3D2E1F1", "A2B1C3D2E2F1", "A2B2C3D2E2F1", "A3B1C2D1E1F2",
    "A1B2C2D1E1F2", "A3B2C2D1E1F2", "A1B3C2D1E1F2", "A1B3C2D1E1F3", "A1B3C1D2E3F3",
}  # fmt: skip


def _codes(data: dict) -> set[str]:  # type: ignore[type-arg]
    return {"".join(s["names"]) for s in data["search"]["scenarios"]}


def test_somewhereland_published_set_and_basins(tmp_path: Path) -> None:
    out = tmp_path / "copy.scw"
    result = CliRunner().invoke(
        app,
        ["scenarios", str(SOMEWHERELAND), "--succession", "global", "--json",
         "--export", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert _codes(data) == PUBLISHED
    largest = data["basins"]["attractors"][0]
    assert largest["basin_size"] == 178
    assert "".join(largest["labels"][0].split()) == "A1B3C2D1E1F3"
    original, copy = read_scw(SOMEWHERELAND), read_scw(out)
    assert copy.variants == original.variants
    assert (copy.impacts == original.impacts).all()


def test_intervention_keeps_only_matching_scenarios() -> None:
    result = CliRunner().invoke(app, ["scenarios", str(SOMEWHERELAND), "--fix", "A=A1", "--json"])
    data = json.loads(result.stdout)
    codes = _codes(data)
    assert codes and all(code.startswith("A1") for code in codes)
    assert {c for c in PUBLISHED if c.startswith("A1")} <= codes


def test_flagship_case_with_ensemble() -> None:
    result = CliRunner().invoke(
        app, ["scenarios", "south-caucasus-2021", "--ensemble", "10", "--top", "3"]
    )
    assert result.exit_code == 0, result.output
    assert "consistent of 262,440 scenarios" in result.output
    assert "russia-policy=new-formula" in result.output


def test_bad_inputs_are_explained(tmp_path: Path) -> None:
    runner = CliRunner()
    bad_fix = runner.invoke(app, ["scenarios", str(SOMEWHERELAND), "--fix", "A"])
    assert bad_fix.exit_code == 2 and "DESCRIPTOR=VARIANT" in bad_fix.output
    unknown = runner.invoke(app, ["scenarios", str(SOMEWHERELAND), "--fix", "Z=Z1"])
    assert unknown.exit_code == 2 and "Traceback" not in unknown.output
    broken = tmp_path / "broken.scw"
    broken.write_text("not a scenario wizard file\n")
    result = runner.invoke(app, ["scenarios", str(broken)])
    assert result.exit_code == 2
    assert "line 1" in result.output


def test_compare_with_a_scenariowizard_export(tmp_path: Path) -> None:
    folder = DATA / "scenariowizard"
    runner = CliRunner()
    agree = runner.invoke(
        app,
        ["scenarios", str(folder / "bench_50x50.scw"), "--compare",
         str(folder / "bench_50x50_sw.sl")],
    )  # fmt: skip
    assert agree.exit_code == 0, agree.output
    words = " ".join(agree.output.split())
    assert "5 scenarios listed, 5 consistent here: the same scenarios" in words
    # A list that drops a scenario is reported, with exit status 1.
    lines = (folder / "bench_xlarge_sw.sl").read_text().splitlines()
    short = tmp_path / "short.sl"
    short.write_text("\n".join([*lines[:2], " 2 ", "", *lines[4:6]]) + "\n")
    differ = runner.invoke(
        app, ["scenarios", str(folder / "bench_xlarge.scw"), "--compare", str(short), "--json"]
    )
    assert differ.exit_code == 1
    comparison = json.loads(differ.stdout)["comparison"]
    assert comparison["agree"] is False
    assert comparison["extra"] == [[0, 1, 2, 1, 0, 2, 1, 1, 2, 1]]
    missing_file = runner.invoke(
        app, ["scenarios", str(SOMEWHERELAND), "--compare", str(tmp_path / "none.sl")]
    )
    assert missing_file.exit_code == 2
    assert "does not exist" in " ".join(missing_file.output.split())


def test_exports_by_suffix(tmp_path: Path) -> None:
    runner = CliRunner()
    sl, csv, scw = tmp_path / "ours.sl", tmp_path / "m.csv", tmp_path / "m.scw"
    result = runner.invoke(
        app,
        ["scenarios", str(SOMEWHERELAND), "--export", str(sl), "--export", str(csv),
         "--export", str(scw)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "solution list written to" in " ".join(result.output.split())
    matrix = read_scw(SOMEWHERELAND)
    listed = {"".join(matrix.variant_names(z)) for z in read_sl(sl, matrix)}
    assert listed == PUBLISHED
    assert (read_csv_matrix(csv).impacts == matrix.impacts).all()
    assert scw.read_text() == SOMEWHERELAND.read_text()  # the layout of the source is kept
    # Written back in, the list agrees with the search.
    check = runner.invoke(app, ["scenarios", str(SOMEWHERELAND), "--compare", str(sl)])
    assert check.exit_code == 0, check.output
    unknown = runner.invoke(
        app, ["scenarios", str(SOMEWHERELAND), "--export", str(tmp_path / "x.txt")]
    )
    assert unknown.exit_code == 2 and "end the name in .scw" in " ".join(unknown.output.split())


def test_weights_and_transposition_as_scenariowizard_offers_them() -> None:
    matrix = read_scw(SOMEWHERELAND)
    runner = CliRunner()

    def found(*options: str) -> list[list[int]]:
        result = runner.invoke(app, ["scenarios", str(SOMEWHERELAND), "--json", *options])
        assert result.exit_code == 0, result.output
        return [s["variants"] for s in json.loads(result.stdout)["search"]["scenarios"]]

    weighted = matrix.with_weights([3.0, 1, 1, 1, 0.5, 1])
    assert found("--weight", "A=3", "--weight", "E=0.5") == [
        list(z) for z in consistent_scenarios(weighted).variants
    ]
    transposed = consistent_scenarios(matrix.transposed()).variants
    assert found("--transpose") == [list(z) for z in transposed]
    assert transposed != consistent_scenarios(matrix).variants  # the option changes the answer
    for bad, message in [("A", "DESCRIPTOR=WEIGHT"), ("Q=2", "name a descriptor"),
                         ("A=-1", "give >= 0"), ("A=x", "give >= 0")]:  # fmt: skip
        result = runner.invoke(app, ["scenarios", str(SOMEWHERELAND), "--weight", bad])
        assert result.exit_code == 2, bad
        assert message in " ".join(result.output.split()), result.output


def test_experts_with_weights_and_every_method(tmp_path: Path) -> None:
    matrix = read_scw(SOMEWHERELAND)
    rng = np.random.default_rng(4)
    impacts = matrix.impacts.copy()
    judged = impacts != 0
    impacts[judged] = np.clip(impacts[judged] + rng.integers(-1, 2, judged.sum()), -3, 3)
    second = CrossImpactMatrix(matrix.descriptors, matrix.variants, impacts, title="expert 2")
    other = tmp_path / "expert2.scw"
    write_scw(second, other)
    runner = CliRunner()
    result = runner.invoke(
        app, ["scenarios", str(SOMEWHERELAND), "--expert", f"{other}=2", "--json"]
    )
    assert result.exit_code == 0, result.output
    panel = json.loads(result.stdout)["experts"]
    expected = expert_ensemble([matrix, second], [1.0, 2.0])
    assert panel["kind"] == "experts"
    assert {tuple(s["variants"]): s["share"] for s in panel["scenarios"]} == {
        s.variants: pytest.approx(s.share) for s in expected.scenarios
    }
    for scenario in panel["scenarios"]:  # the source weighs 1 of 3, the other expert 2
        assert min(abs(scenario["share"] - x) for x in (1 / 3, 2 / 3, 1.0)) < 1e-9
    # A matrix of another structure, a bad weight and a missing file are refused.
    smaller = tmp_path / "smaller.scw"
    write_scw(from_blocks(["A", "B"], [["a1", "a2"], ["b1", "b2"]], {}), smaller)
    refusals = [
        (str(smaller), "descriptors or variants differ"),
        (f"{other}=-1", "is not >= 0"),
        (str(tmp_path / "none.scw"), "not an existing .scw or .csv file"),
    ]
    for item, message in refusals:
        refused = runner.invoke(app, ["scenarios", str(SOMEWHERELAND), "--expert", item])
        assert refused.exit_code == 2, item
        assert message in " ".join(refused.output.split()), refused.output
    answers = set()
    for method in ["auto", "reference", "enumerate", "branch-and-bound", "cpsat"]:
        found = runner.invoke(app, ["scenarios", str(SOMEWHERELAND), "--method", method, "--json"])
        assert found.exit_code == 0, found.output
        search = json.loads(found.stdout)["search"]
        assert search["method"] == method or method == "auto"
        answers.add(tuple(tuple(s["variants"]) for s in search["scenarios"]))
    assert len(answers) == 1


def _said(output: str) -> str:
    return " ".join(output.split())


def test_a_solution_list_with_a_variant_that_is_no_number_is_located(tmp_path: Path) -> None:
    # "²" passes str.isdigit() but int() refuses it: a located message, not a ValueError.
    listed = tmp_path / "odd.sl"
    listed.write_text(
        '$ ScenarioWizard 3.0\nSolution set\n 1 \n\n" 1 ² 2 1 1 1",0,0,0,38,""\n', encoding="utf-8"
    )
    result = CliRunner().invoke(app, ["scenarios", str(SOMEWHERELAND), "--compare", str(listed)])
    assert result.exit_code == 2
    said = _said(result.output)
    assert f"{listed}, line 5: '²' is not a variant of descriptor 'B'" in said
    assert "give its number 1..3" in said
    assert "Traceback" not in said


def test_a_csv_row_of_one_cell_is_located(tmp_path: Path) -> None:
    matrix = tmp_path / "short.csv"
    matrix.write_text(",,A,A,B,B\n,,a1,a2,b1,b2\n\nA\nA,a2,0,0,1,0\nB,b1,1,0,0,0\n,b2,0,1,0,0\n")
    result = CliRunner().invoke(app, ["scenarios", str(matrix)])
    assert result.exit_code == 2
    said = _said(result.output)
    # The blank line is counted: the one-cell row is the file's line 4.
    assert f"{matrix}, line 4: missing descriptor or variant name" in said
    assert "variant's name in the second" in said
    assert "Traceback" not in said
