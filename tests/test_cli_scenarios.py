"""`realpolitik scenarios` on ScenarioWizard files and on the flagship case."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from paths import SHARED
from realpolitik.cli import app
from realpolitik.scenarios import read_scw

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
