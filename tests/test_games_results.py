"""The games stage's typed results: their JSON is what results.json held as plain dicts, and it
reads back into the same models."""

from __future__ import annotations

import json

import pytest

from paths import DATA
from realpolitik.analysis import RunSettings, analyse
from realpolitik.case import load_case
from realpolitik.results import RunResults, dumps, loads
from realpolitik.results.games import GamesResults, OutcomeFrequency, Solution


@pytest.fixture(scope="module")
def results() -> RunResults:
    case = load_case(DATA / "minimal.toml")
    return analyse(case, RunSettings(game_draws=6, seed=3), only=["games"])


def test_games_results_round_trip_to_the_same_bytes(results: RunResults) -> None:
    text = dumps(results)
    again = loads(text)
    assert isinstance(again.games, GamesResults)
    assert again.games == results.games
    assert dumps(RunResults.model_validate_json(text)) == text


def test_games_json_keeps_its_published_keys(results: RunResults) -> None:
    data = json.loads(dumps(results))["games"]
    assert set(data) == {"rank_noise", "draws", "games"}
    crisis = data["games"][0]
    assert set(crisis) == {
        "id", "title", "form", "payoffs", "players", "concept", "text", "solution",
        "equilibria", "sweep", "sweep_text", "implies", "outcome_labels",
    }  # fmt: skip
    assert crisis["solution"]["game"] == crisis["sweep"]["game"] == "crisis"
    assert "game_id" not in crisis["solution"] and crisis["solution"]["version"]
    assert crisis["sweep"]["parameters"] == {"concept": "spe", "precision": None,
                                             "rank_noise": 0.5}  # fmt: skip
    assert crisis["sweep"]["n_runs"] == 6 and crisis["sweep"]["seed"] == 3
    assert crisis["equilibria"] == crisis["solution"]["equilibria"]


def test_engine_results_are_frozen_and_refuse_unknown_fields(results: RunResults) -> None:
    assert results.games is not None
    solution = results.games.games[0].solution
    with pytest.raises(ValueError, match="frozen"):
        solution.concept = "other"  # type: ignore[misc]
    with pytest.raises(ValueError, match="extra"):
        OutcomeFrequency.model_validate(
            {"outcome": "o", "on_path_share": 1.0, "mean_probability": 1.0, "share": 2.0}
        )
    # The sweep builds its rows positionally, as it did the dataclass they replace.
    assert OutcomeFrequency("o", 0.5, 0.25).mean_probability == 0.25
    # The engine names the game `game_id`; JSON calls it `game`: both read back.
    data = solution.model_dump(mode="json")
    assert Solution.model_validate(data) == solution
    data["game_id"] = data.pop("game")
    assert Solution(**data) == solution
