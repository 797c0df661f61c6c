"""The published JSON Schema of results.json: it is the models' schema (it cannot go stale),
a real results file validates against it, and the typed parts read back to the same bytes."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from typer.testing import CliRunner

from outcomes import MORE_OUTCOMES
from paths import DATA, ROOT
from realpolitik.analysis import RunSettings, analyse
from realpolitik.case import load_case
from realpolitik.cli import app
from realpolitik.results import SCHEMA_COMMAND, SCHEMA_FILE, dumps, loads, schema_text
from realpolitik.results.backtest import Backtest
from realpolitik.results.case import CaseSummary
from realpolitik.results.evidence import EvidenceReport, Status
from realpolitik.results.triangulation import BargainingVsScenarios, GameVsScenarios

QUICK = RunSettings(
    n_runs=60, seed=5, sensitivity_samples=8, game_draws=20, scenario_draws=20,
    sources=DATA / "sources",
)  # fmt: skip


def test_the_published_schema_is_the_schema_of_the_models() -> None:
    published = (ROOT / SCHEMA_FILE).read_text(encoding="utf-8")
    assert published == schema_text(), (
        f"{SCHEMA_FILE} differs from the schema of the results models; "
        f"run `{SCHEMA_COMMAND}` and commit the file"
    )


@pytest.fixture(scope="module")
def results_text(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The results.json text of the minimal case with every stage, the evidence check and a
    backtest of all three kinds of outcome."""
    folder = tmp_path_factory.mktemp("case")
    (folder / "case.toml").write_text(
        (DATA / "minimal.toml").read_text(encoding="utf-8") + MORE_OUTCOMES, encoding="utf-8"
    )
    return dumps(analyse(load_case(folder / "case.toml"), QUICK))


def test_a_real_results_file_validates_against_the_published_schema(results_text: str) -> None:
    jsonschema_rs = pytest.importorskip("jsonschema_rs")
    published = json.loads((ROOT / SCHEMA_FILE).read_text(encoding="utf-8"))
    validator = jsonschema_rs.validator_for(published)
    data = json.loads(results_text)
    assert {"meta", "case", "evidence", "triangulation", "backtest"} <= set(data)
    assert [error.message for error in validator.iter_errors(data)] == []
    # The schema refuses what the models refuse: an unknown key, a status that is not one,
    # a statement of no known kind.
    for path, value in [
        (("backtest", "summary", "issue_count"), 1),
        (("evidence", "checks", 0, "status"), "maybe"),
        (("triangulation", 0, "kind"), "bargaining-vs-games"),
        (("case", "counts", "actors"), "three"),
    ]:
        broken = _with(data, path, value)
        assert not validator.is_valid(broken), path


def _with(data: dict[str, Any], path: tuple[str | int, ...], value: object) -> dict[str, Any]:
    changed = copy.deepcopy(data)
    place: Any = changed
    for step in path[:-1]:
        place = place[step]
    place[path[-1]] = value
    return changed


def test_the_typed_parts_read_back_to_the_same_bytes(results_text: str) -> None:
    typed = loads(results_text)
    assert dumps(typed) == results_text
    assert isinstance(typed.case, CaseSummary) and typed.case.id == "minimal"
    assert isinstance(typed.evidence, EvidenceReport)
    assert {check.status for check in typed.evidence.checks} <= set(Status)
    kinds = {type(statement) for statement in typed.triangulation or []}
    assert kinds == {BargainingVsScenarios, GameVsScenarios}
    assert isinstance(typed.backtest, Backtest)
    assert {score.kind for score in typed.backtest.categories} == {"descriptor", "game"}
    assert typed.backtest.summary.game_brier_skill is not None


def test_an_absent_summary_figure_stays_absent() -> None:
    """A backtest with nothing scored has no error or Brier figures: absent from its JSON, not
    null; a skill given as null (a perfect reference) stays null."""
    summary = Backtest.model_validate(
        {
            "case": "c", "as_of": "2021-10-15", "issues": [], "categories": [],
            "calibration": [], "unscored": [], "scenario_measure": None,
            "summary": {"issues": 0, "categories": 0},
        }
    )  # fmt: skip
    assert summary.model_dump(mode="json")["summary"] == {"issues": 0, "categories": 0}
    skill = {"categories": 1, "issues": 0, "game_brier": 0.0, "game_uniform_brier": 0.0,
             "game_hits": 1.0, "game_brier_skill": None}  # fmt: skip
    kept = summary.model_copy(update={"summary": summary.summary.model_validate(skill)})
    assert kept.model_dump(mode="json")["summary"] == skill  # a null that was given stays


def test_the_schema_command_prints_and_writes_the_published_text(tmp_path: Any) -> None:
    runner = CliRunner()
    printed = runner.invoke(app, ["schema"])
    assert printed.exit_code == 0 and printed.stdout == schema_text()
    target = tmp_path / "results.schema.json"
    written = runner.invoke(app, ["schema", "--out", str(target)])
    assert written.exit_code == 0, written.output
    assert target.read_text(encoding="utf-8") == schema_text()
    refused = runner.invoke(app, ["schema", "--out", str(tmp_path / "no-such-folder" / "s.json")])
    assert refused.exit_code == 2
    assert "cannot write" in " ".join(refused.output.split())
