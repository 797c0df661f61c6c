"""Triangulation states agreement and disagreement between engines from the case's links."""

from __future__ import annotations

from bargaining_results import bargaining_issue, bargaining_results
from games_by_hand import game_result, games_results
from partial_results import partial_results
from paths import DATA
from realpolitik.analysis.triangulation import triangulate
from realpolitik.case import load_case
from realpolitik.results import RunResults
from realpolitik.results.scenarios import ConsistentScenario, ScenariosResults


def _scenario(variants: dict[str, str], share: float, score: float) -> ConsistentScenario:
    return ConsistentScenario(
        indices=[], variants=variants, total_impact_score=score, inconsistency=0.0,
        ensemble_share=share, probability=0.0, basin=0,
    )  # fmt: skip


def _results(point: float, robust_line: str, reached: str) -> RunResults:
    issue = bargaining_issue(point={"eum": point}, median=point, quartiles=(point - 5, point + 5))
    return partial_results(**{
        "bargaining": bargaining_results([issue]),
        "scenarios": ScenariosResults(
            descriptors=[],
            consistent=[
                _scenario({"border-line": robust_line, "relations": "tense"}, 0.9, 3),
                _scenario({"border-line": "split", "relations": "calm"}, 0.2, 5),
            ],
        ),
        "games": games_results(
            game_result("crisis", reached={reached: 1.0},
                        implies={"clash": ["relations.tense"], "status-quo": []})
        ),
    })  # fmt: skip


def test_agreement_when_forecast_lies_in_the_robust_variant() -> None:
    case = load_case(DATA / "minimal.toml")
    statements = triangulate(case, _results(20.0, "north-line", "clash"))
    (issue,) = [s for s in statements if s.kind == "bargaining-vs-scenarios"]
    assert issue.verdict == "agree"
    assert issue.forecast_variants == ["north-line"]
    assert issue.scenario_counts == {"north-line": 1, "split": 1, "south-line": 0}
    assert "'North's line' too" in issue.text
    (game,) = [s for s in statements if s.kind == "game-vs-scenarios"]
    assert game.verdict == "agree" and game.in_most_robust is True
    assert game.supporting_scenarios == 1


def test_disagreement_is_said_plainly() -> None:
    case = load_case(DATA / "minimal.toml")
    statements = triangulate(case, _results(85.0, "north-line", "clash"))
    (issue,) = [s for s in statements if s.kind == "bargaining-vs-scenarios"]
    assert issue.verdict == "disagree"
    assert "the engines disagree" in issue.text
    assert issue.scenario_counts["south-line"] == 0


def test_outcomes_without_links_are_not_compared() -> None:
    case = load_case(DATA / "minimal.toml")
    statements = triangulate(case, _results(50.0, "split", "status-quo"))
    assert [s.kind for s in statements] == ["bargaining-vs-scenarios"]
