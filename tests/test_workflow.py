"""A case started with `realpolitik new`, filled from spreadsheets, validated and run."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from paths import DATA
from realpolitik.case import load_case
from realpolitik.case.summary import summarise
from realpolitik.cli import app

FIXTURES = DATA / "workflow"
ACTORS = "north,south,east,west,broker,union,lender,rebels"
ISSUES = "border,trade,refugees,sanctions"
QUICK = ["--runs", "20", "--sensitivity-samples", "8", "--game-draws", "5",
         "--scenario-draws", "5", "--seed", "5", "--no-charts"]  # fmt: skip


def _invoke(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_a_new_case_filled_from_spreadsheets_validates_and_runs(tmp_path: Path) -> None:
    _invoke("new", "eight-actors", "--actors", ACTORS, "--issues", ISSUES,
            "--from-scw", str(FIXTURES / "structure.scw"), "--out", str(tmp_path),
            "--as-of", "2021-10-15")  # fmt: skip
    case_file = tmp_path / "eight-actors" / "case.toml"
    started = load_case(case_file)
    assert len(started.actors) == 8 and len(started.issues) == 4
    assert len(started.scenarios.descriptors) == 8 and not started.scenarios.impacts

    _invoke("import", str(case_file), "--positions", str(FIXTURES / "positions.xlsx"),
            "--impacts", str(FIXTURES / "impacts.csv"))  # fmt: skip
    # The earlier file, comments and all, is kept beside the rewritten one.
    assert "## A new case." in (tmp_path / "eight-actors" / "case.toml.bak").read_text()
    filled = load_case(case_file)
    border = filled.issue("border")
    assert [entry.actor for entry in border.positions] == ACTORS.split(",")
    assert filled.actor("rebels").capability.value == 90
    north = border.positions[0].position
    assert north.evidence == ("first-evidence",)
    assert border.positions[1].position.assumption == "imported from positions.xlsx"
    nonzero = sum(
        1
        for line in (FIXTURES / "impacts.csv").read_text().splitlines()[1:]
        for cell in line.split(",")[1:]
        if cell not in ("", "0")
    )
    assert len(filled.scenarios.impacts) == nonzero
    assert {i.assumption for i in filled.scenarios.impacts} == {"imported from impacts.csv"}
    assumed = summarise(filled).judgments.by_kind["cross-impact"].assumed
    assert assumed == nonzero

    _invoke("validate", str(case_file))
    out = tmp_path / "out"
    _invoke("run", str(case_file), *QUICK, "--out", str(out),
            "--store", str(tmp_path / "runs.sqlite"))  # fmt: skip
    results = json.loads((out / "results.json").read_text())
    assert [issue["id"] for issue in results["bargaining"]["issues"]] == ISSUES.split(",")
    assert len(results["scenarios"]["descriptors"]) == 8
    assert results["scenarios"]["consistent"], "the filled matrix has consistent scenarios"
    assert (out / "report.html").is_file()
