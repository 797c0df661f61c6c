"""The flagship case: complete, valid, found by name, and every anchor verified in the seeds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from paths import SHARED
from realpolitik.case import Case, builtin_cases, iter_judgments, load_case
from realpolitik.case.summary import summarise
from realpolitik.cli import app
from realpolitik.evidence import Status, check_evidence

NAME = "south-caucasus-2021"
SEEDS = SHARED / "seeds"


@pytest.fixture(scope="module")
def case() -> Case:
    return load_case(NAME)


def test_found_by_name_from_any_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert NAME in builtin_cases()
    assert load_case(NAME).id == NAME


def test_as_of_autumn_2021_and_sources_not_later(case: Case) -> None:
    assert case.case.as_of.year == 2021 and case.case.as_of.month >= 9
    assert all(source.date <= case.case.as_of for source in case.sources)
    assert len(case.sources) >= 2


def test_actors(case: Case) -> None:
    ids = {actor.id for actor in case.actors}
    expected = {"azerbaijan", "armenia", "russia", "turkey", "united-states", "france",
                "european-union", "iran", "karabakh-armenians", "minsk-group"}  # fmt: skip
    assert expected <= ids


def test_issues(case: Case) -> None:
    ids = {issue.id for issue in case.issues}
    expected = {"karabakh-status", "peacekeepers", "transport-link", "minsk-group-role",
                "azerbaijan-alignment"}  # fmt: skip
    assert expected <= ids
    assert len(ids) >= 5
    for issue in case.issues:
        assert len(issue.positions) >= 5, issue.id


def test_scenario_space(case: Case) -> None:
    descriptors = {d.id: d for d in case.scenarios.descriptors}
    assert len(descriptors) >= 10
    russia = {v.id for v in descriptors["russia-policy"].variants}
    assert len(russia) == 5
    strategies = {v.name.lower() for v in descriptors["azerbaijan-strategy"].variants}
    assert any("balancing" in s for s in strategies)
    assert any("bandwagon" in s for s in strategies)
    assert any("hedging" in s for s in strategies)
    assert len(case.scenarios.impacts) >= 60


def test_games(case: Case) -> None:
    forms = {game.id: game.form for game in case.games}
    assert len(forms) >= 2
    assert forms.get("mandate-renewal-2025") == "extensive"
    assert forms.get("russia-model-vs-baku-strategy") == "normal"


def test_tripartite_statement_facts(case: Case) -> None:
    values = {fact.id: fact.value for fact in case.facts}
    numbers = {v for v in values.values() if isinstance(v, int | float)}
    assert {1960, 90, 380, 5} <= numbers


def test_most_judgments_are_evidenced(case: Case) -> None:
    judged = list(iter_judgments(case))
    evidenced = [j for j in judged if not j.judgment.is_assumption]
    assert len(evidenced) / len(judged) >= 0.6
    for j in judged:
        if j.judgment.is_assumption:
            assert len((j.judgment.assumption or "").split()) >= 3, j.label


def test_every_anchor_verified_in_the_seeds(case: Case) -> None:
    assert SEEDS.is_dir(), f"the seeds folder {SEEDS} is missing: the evidence cannot be checked"
    report = check_evidence(case, SEEDS)
    failures = [c for c in report.checks if c.status not in (Status.VERIFIED, Status.ASSUMPTION)]
    assert not failures, "\n".join(f"{c.item}: {c.status} {c.detail}" for c in failures)
    assert report.counts["verified"] == len(case.evidence)


def test_cli_evidence_on_the_seeds() -> None:
    result = CliRunner().invoke(app, ["evidence", NAME, "--sources", str(SEEDS), "--json"])
    assert result.exit_code == 0, result.output[-2000:]
    assert json.loads(result.stdout)["ok"] is True


def test_cli_show_and_run(case: Case, tmp_path: Path) -> None:
    runner = CliRunner()
    shown = runner.invoke(app, ["show", NAME, "--json"])
    assert shown.exit_code == 0
    data = json.loads(shown.stdout)
    assert data["counts"] == summarise(case).counts.model_dump()
    listed = runner.invoke(app, ["cases", "--json"])
    assert NAME in {row["id"] for row in json.loads(listed.stdout)}
    ran = runner.invoke(
        app,
        ["run", NAME, "--sources", str(SEEDS), "--json", "--out", str(tmp_path / "out"),
         "--store", str(tmp_path / "runs.sqlite"), "--runs", "50", "--no-charts",
         "--sensitivity-samples", "16", "--game-draws", "10", "--scenario-draws", "10",
         "--succession-sample", "2000"],
    )  # fmt: skip
    assert ran.exit_code == 0, ran.output[-2000:]
    assert json.loads(ran.stdout)["results"]["evidence"]["ok"] is True
    assert (tmp_path / "out" / "report.html").is_file()
