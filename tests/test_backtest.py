"""Backtests: the Brier score and the distributions by hand, then a case with an outcome of
every kind, and the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from browser import view
from games_by_hand import game_result, games_results
from outcomes import MORE_OUTCOMES
from partial_results import partial_results
from paths import DATA
from realpolitik.analysis import RunSettings, analyse
from realpolitik.backtest import (
    BacktestError,
    Forecasts,
    backtest,
    brier,
    game_distribution,
    run_forecasts,
    scenario_distribution,
)
from realpolitik.backtest.score import LIKELIHOOD_MEASURE, _calibration
from realpolitik.case import CaseError, load_case
from realpolitik.cli import app
from realpolitik.report.html import build_report, default_sections, render_report
from realpolitik.results import RunResults
from realpolitik.results.scenarios import ConsistentScenario, ScenariosResults

MINIMAL = DATA / "minimal.toml"


def test_brier_by_hand() -> None:
    assert brier({"a": 0.7, "b": 0.3}, "a") == pytest.approx(0.18)  # 0.3^2 + 0.3^2
    assert brier({"a": 0.7, "b": 0.3}, "b") == pytest.approx(0.98)  # 0.7^2 + 0.7^2
    assert brier({"a": 1.0, "b": 0.0}, "a") == 0
    assert brier({"a": 1.0, "b": 0.0}, "b") == 2
    assert brier({k: 1 / 3 for k in "abc"}, "c") == pytest.approx(2 / 3)  # 1 - 1/K
    assert brier({"a": 1.0}, "z") == 2  # a category given nothing counts as 0


def test_brier_does_not_follow_the_hash_seed() -> None:
    """The terms are added in a fixed order; summed in the order of a set, these
    probabilities give 0.605 under some hash seeds and 0.6049999999999999 under others."""
    probabilities = {"a-calm": 0.1, "b-tense": 0.2, "c-split": 0.3, "d-north": 0.15,
                     "e-south": 0.05, "f-x": 0.2}  # fmt: skip
    program = (
        f"from realpolitik.backtest import brier\nprint(repr(brier({probabilities!r}, 'c-split')))"
    )
    seen = {
        subprocess.run(
            [sys.executable, "-c", program], env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True, text=True, check=True,
        ).stdout.strip()
        for seed in ("0", "1", "2", "3")
    }  # fmt: skip
    assert seen == {repr(brier(probabilities, "c-split"))}


def _consistent(*scenarios: tuple[dict[str, str], float]) -> ScenariosResults:
    """Scenario results holding just these consistent scenarios, each with its share."""
    return ScenariosResults(
        descriptors=[],
        consistent=[
            ConsistentScenario(
                indices=[],
                variants=variants,
                total_impact_score=0.0,
                inconsistency=0.0,
                ensemble_share=share,
                probability=0.0,
                basin=0,
            )
            for variants, share in scenarios
        ],
    )


def test_distributions_by_hand() -> None:
    results = partial_results(
        scenarios=_consistent(
            ({"d": "x", "e": "p"}, 0.6), ({"d": "x", "e": "q"}, 0.2), ({"d": "y", "e": "q"}, 0.2)
        ),
        games=games_results(game_result("g", swept={"o1": 0.25, "o2": 0.75})),
    )
    assert scenario_distribution(results, "d") == pytest.approx({"x": 0.8, "y": 0.2})
    assert scenario_distribution(results, "e") == pytest.approx({"p": 0.6, "q": 0.4})
    # Robust nowhere (every share 0): equal weights rather than no forecast.
    nowhere = partial_results(
        scenarios=_consistent(({"d": "x"}, 0.0), ({"d": "x"}, 0.0), ({"d": "y"}, 0.0))
    )
    assert scenario_distribution(nowhere, "d") == pytest.approx({"x": 2 / 3, "y": 1 / 3})
    assert game_distribution(results, "g") == {"o1": 0.25, "o2": 0.75}
    assert game_distribution(results, "absent") == {}
    assert scenario_distribution(partial_results(scenarios=_consistent()), "d") == {}


def test_calibration_bins_by_hand() -> None:
    rows = _calibration([(0.1, False), (0.15, True), (0.9, True), (1.0, True), (0.5, False)])
    assert [(r.low, r.count) for r in rows] == [(0.0, 2), (0.4, 1), (0.8, 2)]
    assert rows[0].mean_forecast == pytest.approx(0.125)
    assert rows[0].observed_frequency == 0.5
    assert rows[2].observed_frequency == 1.0


@pytest.fixture(scope="module")
def scored(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("case")
    (folder / "case.toml").write_text(MINIMAL.read_text() + MORE_OUTCOMES)
    case = load_case(folder / "case.toml")
    results = analyse(case, RunSettings(n_runs=60, game_draws=20, scenario_draws=20, seed=5))
    return {"case": case, "results": results, "backtest": backtest(case, results)}


def test_every_kind_of_outcome_is_scored(scored: dict[str, Any]) -> None:
    results, scores = scored["results"], scored["backtest"]
    assert scores.unscored == ()
    (issue,) = scores.issues
    point = results.bargaining.issues[0].point
    assert issue.observed == 5
    assert issue.errors == {m: pytest.approx(abs(point[m] - 5)) for m in point}
    band = results.bargaining.issues[0].monte_carlo.summaries["eum"].interval_90
    assert issue.in_band_90 == (band[0] <= 5 <= band[1])
    kinds = {score.kind: score for score in scores.categories}
    relations = kinds["descriptor"]
    assert set(relations.probabilities) == {"calm", "tense"}  # every variant, even at 0
    assert sum(relations.probabilities.values()) == pytest.approx(1)
    assert relations.uniform_brier == pytest.approx(0.5)
    p = relations.probabilities["tense"]
    assert relations.brier == pytest.approx(2 * (1 - p) ** 2)
    crisis = kinds["game"]
    assert set(crisis.probabilities) == {"status-quo", "south-folds", "clash", "north-gains"}
    assert crisis.uniform_brier == pytest.approx(0.75)
    top_p = max(crisis.probabilities.values())
    assert crisis.hit == (
        1 / len(crisis.top) if crisis.probabilities["south-folds"] == top_p else 0
    )
    summary = scores.summary
    assert summary.issues == 1 and summary.categories == 2
    assert summary.mean_absolute_error["eum"] == pytest.approx(issue.errors["eum"])
    assert sum(row.count for row in scores.calibration) == 2 + 4  # every category once


def test_descriptors_are_scored_against_the_basin_likelihood(scored: dict[str, Any]) -> None:
    results, scores = scored["results"], scored["backtest"]
    assert scores.scenario_measure == LIKELIHOOD_MEASURE
    assert scores.summary.descriptor_measure == LIKELIHOOD_MEASURE
    (relations,) = [score for score in scores.categories if score.kind == "descriptor"]
    expected = results.scenarios.likelihood.descriptors["relations"]
    assert relations.probabilities == pytest.approx(expected)


def test_a_case_without_outcomes_says_what_to_add() -> None:
    case = load_case("south-caucasus-2021")
    with pytest.raises(BacktestError, match="records no outcomes") as caught:
        backtest(case, {})
    assert "[[outcomes]]" in caught.value.fix


def test_command_line(tmp_path: Path) -> None:
    runner = CliRunner()
    quick = ["--runs", "50", "--game-draws", "10", "--scenario-draws", "10"]
    result = runner.invoke(app, ["backtest", str(MINIMAL), *quick])
    assert result.exit_code == 0, result.output
    assert "mean absolute error on the 0-100 scales" in " ".join(result.output.split())
    as_json = runner.invoke(app, ["backtest", str(MINIMAL), *quick, "--json"])
    data = json.loads(as_json.stdout)
    assert data["case"] == "minimal" and data["issues"][0]["outcome"] == "border-settled"
    none = runner.invoke(app, ["backtest", "south-caucasus-2021"])
    assert none.exit_code == 2
    assert "add [[outcomes]]" in " ".join(none.output.split())


def test_the_main_job_and_report_carry_the_backtest(scored: dict[str, Any]) -> None:
    results = scored["results"]
    assert results.backtest == scored["backtest"]  # the main job scores the same way
    page = render_report(scored["case"], results)
    assert '<section id="backtest">' in page
    assert "Brier score (0 best, 2 worst)" in page and "Calibration" in page
    data = {key: value for key, value in results.json_data().items() if key != "backtest"}
    without = RunResults.model_validate(data)
    assert "backtest" not in [anchor for anchor, _, _ in default_sections(without)]


def test_help_shows_the_outcomes_table_name() -> None:
    # Rich reads [...] as markup: the table's name must survive the help formatter.
    for command in ("backtest", "grade"):
        result = CliRunner().invoke(app, [command, "--help"])
        assert result.exit_code == 0
        assert "[[outcomes]]" in result.output, command


TABLE_OUTCOMES = """
[[outcomes]]
id = "stand-off-by-strategies"
description = "North held and South gave way."
date = 2023-09-30
source = "later-news"
game = "stand-off"
outcome = "hold / give"

[[outcomes]]
id = "stand-off-by-cell-id"
description = "Both gave way: a deal."
date = 2023-10-30
source = "later-news"
game = "stand-off"
outcome = "deal"
"""


def _case_with(tmp_path: Path, extra: str, text: str | None = None) -> Path:
    folder = tmp_path / "case"
    folder.mkdir(exist_ok=True)
    (folder / "case.toml").write_text((text or MINIMAL.read_text()) + extra)
    return folder / "case.toml"


def test_a_table_game_is_scored_by_its_strategies_or_a_cell_id(tmp_path: Path) -> None:
    named = MINIMAL.read_text().replace(
        'profile = { north = "give", south = "give" }',
        'id = "deal"\nprofile = { north = "give", south = "give" }',
    )
    case = load_case(_case_with(tmp_path, TABLE_OUTCOMES, named))
    results = analyse(case, RunSettings(game_draws=10, seed=5), only=["games"])
    scored = backtest(case, results)
    scores = {score.outcome: score for score in scored.categories}
    assert scores["stand-off-by-strategies"].observed == "hold / give"
    assert scores["stand-off-by-cell-id"].observed == "give / give"  # the cell's profile
    for score in scores.values():
        assert set(score.probabilities) == {"hold / hold", "hold / give", "give / hold",
                                            "give / give"}  # fmt: skip
        assert score.uniform_brier == pytest.approx(0.75)
        assert score.description and score.source == "later-news"
    assert scored.summary.game_brier_skill == pytest.approx(1 - scored.summary.game_brier / 0.75)


@pytest.mark.parametrize(
    ("outcome", "message"),
    [("hold / nothing", "has no outcome 'hold / nothing'"), ("Hold/give", "outcome")],
)
def test_a_table_outcome_that_names_no_cell_is_refused(
    tmp_path: Path, outcome: str, message: str
) -> None:
    extra = TABLE_OUTCOMES.replace('outcome = "hold / give"', f'outcome = "{outcome}"')
    extra = extra.split("[[outcomes]]")[1]
    with pytest.raises(CaseError, match=message):
        load_case(_case_with(tmp_path, "[[outcomes]]" + extra))


@pytest.mark.parametrize(
    ("anchors", "message"),
    [
        ('[{ at = 50, meaning = "a" }, { at = 50, meaning = "b" }]', "two anchors at 50"),
        ('[{ at = 120, meaning = "beyond" }]', "120 is out of range"),
        ('[{ at = 40, meaning = "x", evidence = ["nowhere"] }]', "unknown evidence 'nowhere'"),
        ('[{ at = 40, meaning = "x", evidence = ["rivals-apart"], assumption = "y" }]',
         "both evidence and an assumption"),
    ],
)  # fmt: skip
def test_scale_anchors_are_checked(tmp_path: Path, anchors: str, message: str) -> None:
    text = MINIMAL.read_text().replace(
        'high = "South\'s line"\n', f'high = "South\'s line"\nanchors = {anchors}\n', 1
    )
    with pytest.raises(CaseError) as caught:
        load_case(_case_with(tmp_path, "", text))
    problem = caught.value.problems[0]
    assert message in problem.message
    assert "anchors" in str(problem.field) and problem.line is not None


@pytest.fixture(scope="module")
def finished(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A run of a case with outcomes, made by `realpolitik run` and kept in a store."""
    folder = tmp_path_factory.mktemp("finished")
    (folder / "case.toml").write_text(MINIMAL.read_text() + MORE_OUTCOMES)
    out, store = folder / "out", folder / "runs.sqlite"
    result = CliRunner().invoke(
        app,
        ["run", str(folder / "case.toml"), "--runs", "40", "--sensitivity-samples", "16",
         "--game-draws", "10", "--scenario-draws", "10", "--out", str(out), "--store",
         str(store), "--no-charts"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return {"folder": folder, "out": out, "store": store}


def test_backtest_reads_a_finished_run_instead_of_rerunning(
    finished: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    import realpolitik.analysis

    def no_engines(*args: object, **kwargs: object) -> None:
        raise AssertionError("a finished run must not be recomputed")

    monkeypatch.setattr(realpolitik.analysis, "analyse", no_engines)
    expected = json.loads((finished["out"] / "results.json").read_text())["backtest"]
    runner = CliRunner()
    case = str(finished["folder"] / "case.toml")  # a case file, not a built-in: named
    for target in ("1", str(finished["out"] / "results.json"), str(finished["out"])):
        result = runner.invoke(
            app, ["backtest", target, "--store", str(finished["store"]), "--case", case, "--json"]
        )
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout) == expected, target
    text = runner.invoke(app, ["backtest", str(finished["out"]), "--case", case])
    assert text.exit_code == 0, text.output
    assert "forecasts of" in text.output and "mean absolute error" in " ".join(text.output.split())


def test_a_finished_run_whose_case_changed_says_so(finished: dict[str, Any]) -> None:
    case_file = finished["folder"] / "case.toml"
    changed = finished["folder"] / "changed.toml"
    changed.write_text(case_file.read_text() + "\n# an outcome added later\n")
    result = CliRunner().invoke(app, ["backtest", str(finished["out"]), "--case", str(changed)])
    assert result.exit_code == 0, result.output
    assert "has changed since that run" in " ".join(result.output.split())


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["south-caucasus-2021"], "records no outcomes"),
        (["missing-results.json"], "cannot read missing-results.json"),
        (["7", "--store", "{store}"], "run 7 is not in"),
        (["{out}", "--case", "south-caucasus-2021"], "is a run of case 'minimal'"),
        (["{out}"], "cannot be loaded"),
        (["south-caucasus-2021", "--store", "{store}"], "only apply to a finished run"),
    ],
)
def test_backtest_errors_are_json_under_json(
    finished: dict[str, Any], arguments: list[str], message: str
) -> None:
    filled = [a.format(store=finished["store"], out=finished["out"]) for a in arguments]
    runner = CliRunner()
    as_json = runner.invoke(app, ["backtest", *filled, "--json"])
    assert as_json.exit_code == 2
    data = json.loads(as_json.stdout)
    assert data["ok"] is False and message in data["problems"][0]["message"]
    assert data["problems"][0]["fix"]
    plain = runner.invoke(app, ["backtest", *filled])
    assert plain.exit_code == 2 and message in " ".join(plain.output.split())


def test_a_results_file_that_is_not_a_run_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "results.json"
    for text, message in (("{", "is not JSON"), ('{"meta": {"case": "x"}}', "no forecasts"),
                          ("[1]", "no run results")):  # fmt: skip
        bad.write_text(text)
        result = CliRunner().invoke(app, ["backtest", str(bad), "--json"])
        assert result.exit_code == 2
        assert message in json.loads(result.stdout)["problems"][0]["message"]


def test_the_report_section_summarises_and_shows_what_happened(scored: dict[str, Any]) -> None:
    report = build_report(scored["case"], scored["results"])
    page = report.html
    section = page[page.index('<section id="backtest">') :]
    section = section[: section.index("</section>")]
    for words in (
        "Summary over 1 issue outcome",
        "mean absolute error (0-100)",
        "skill against uniform",
        "What happened, and where it is recorded",
        "The crisis ended with South folding.",
        "on the issue&#39;s scale",  # the apostrophe as the templates escape it
    ):
        assert words in section, words  # fmt: skip
    later = load_case(MINIMAL).source("later-news")
    assert later.title in section  # the outcome's source, by name
    titles = [fig.layout.title.text for _, fig in report.figures]
    assert "Forecasts against what happened" in titles
    assert any(t.startswith("Calibration of the scenario and game") for t in titles)


def test_the_backtest_section_reads_cleanly_in_a_browser(
    scored: dict[str, Any], tmp_path: Path
) -> None:
    page = tmp_path / "report.html"
    page.write_text(render_report(scored["case"], scored["results"]), encoding="utf-8")
    seen = view(page.as_uri() + "#backtest", tmp_path / "report.png")
    assert seen.console_errors == []
    assert seen.layout_faults == []
    assert seen.plots_by_section["backtest"] == 2  # forecasts against outcomes, calibration
    assert seen.section_in_view == "backtest"  # the contents link leads there, drawn


def test_other_commands_give_their_errors_as_json_under_json(tmp_path: Path) -> None:
    runner = CliRunner()
    missing = str(tmp_path / "none.sqlite")
    for arguments, message in (
        (["runs", "show", "5", "--store", missing], "there is no run store"),
        (["forecast", "south-caucasus-2021", "--issue", "nope"], "the case has no issue 'nope'"),
    ):
        as_json = runner.invoke(app, [*arguments, "--json"])
        assert as_json.exit_code == 2, as_json.output
        problem = json.loads(as_json.stdout)["problems"][0]
        assert message in problem["message"] and problem["fix"]
        # The next command without --json prints text again.
        plain = runner.invoke(app, arguments)
        assert plain.exit_code == 2 and plain.output.startswith("error: "), plain.output


def test_the_backtest_scores_a_forecasts_view_as_it_scores_the_run(scored: dict[str, Any]) -> None:
    case, results = scored["case"], scored["results"]
    view = run_forecasts(results, case)
    assert backtest(case, view) == scored["backtest"]
    # A view built by hand, as the ledger builds one from sealed forecasts: only what is given
    # is scored, the rest is unscored with the reason.
    (issue,) = view.issues.values()
    by_hand = Forecasts(issues={issue.id: issue}, games={"crisis": {"south-folds": 1.0}})
    graded = backtest(case, by_hand)
    assert graded.issues == scored["backtest"].issues
    (game,) = graded.categories
    assert game.observed == "south-folds" and game.brier == 0.0 and game.hit == 1.0
    assert [(u.outcome, u.why) for u in graded.unscored] == [
        ("relations-soured", "the descriptor has no forecast")
    ]
    assert graded.scenario_measure is None and graded.summary.game_brier == 0.0
