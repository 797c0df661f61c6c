"""Triangulation states agreement and disagreement between engines from the case's links."""

from __future__ import annotations

from games_by_hand import game_result, games_results
from partial_results import partial_results
from paths import DATA
from realpolitik.analysis.triangulation import triangulate
from realpolitik.case import load_case
from realpolitik.results import RunResults


def _results(point: float, robust_line: str, reached: str) -> RunResults:
    summary = {"median": point, "quartiles": [point - 5, point + 5]}
    return partial_results(**{
        "bargaining": {
            "issues": [
                {"id": "border", "title": "Where the border runs", "point": {"eum": point},
                 "monte_carlo": {"summaries": {"eum": summary}}}
            ]
        },
        "scenarios": {
            "consistent": [
                {"variants": {"border-line": robust_line, "relations": "tense"},
                 "ensemble_share": 0.9, "total_impact_score": 3},
                {"variants": {"border-line": "split", "relations": "calm"},
                 "ensemble_share": 0.2, "total_impact_score": 5},
            ]
        },
        "games": games_results(
            game_result("crisis", reached={reached: 1.0},
                        implies={"clash": ["relations.tense"], "status-quo": []})
        ),
    })  # fmt: skip


def test_agreement_when_forecast_lies_in_the_robust_variant() -> None:
    case = load_case(DATA / "minimal.toml")
    statements = triangulate(case, _results(20.0, "north-line", "clash"))
    (issue,) = [s for s in statements if s["kind"] == "bargaining-vs-scenarios"]
    assert issue["verdict"] == "agree"
    assert issue["forecast_variants"] == ["north-line"]
    assert issue["scenario_counts"] == {"north-line": 1, "split": 1, "south-line": 0}
    assert "'North's line' too" in issue["text"]
    (game,) = [s for s in statements if s["kind"] == "game-vs-scenarios"]
    assert game["verdict"] == "agree" and game["in_most_robust"] is True
    assert game["supporting_scenarios"] == 1


def test_disagreement_is_said_plainly() -> None:
    case = load_case(DATA / "minimal.toml")
    statements = triangulate(case, _results(85.0, "north-line", "clash"))
    (issue,) = [s for s in statements if s["kind"] == "bargaining-vs-scenarios"]
    assert issue["verdict"] == "disagree"
    assert "the engines disagree" in issue["text"]
    assert issue["scenario_counts"]["south-line"] == 0


def test_outcomes_without_links_are_not_compared() -> None:
    case = load_case(DATA / "minimal.toml")
    statements = triangulate(case, _results(50.0, "split", "status-quo"))
    assert [s["kind"] for s in statements] == ["bargaining-vs-scenarios"]
