"""`realpolitik games` on the flagship case: solutions in words, JSON, sweeps, bad options."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from realpolitik.cli import app

NAME = "south-caucasus-2021"


def test_mandate_game_in_words() -> None:
    result = CliRunner().invoke(app, ["games", NAME, "--game", "mandate-renewal-2025"])
    assert result.exit_code == 0, result.output
    assert "Azerbaijan lets the mandate renew" in result.output
    assert "Backward induction finds the same equilibria" in result.output
    assert "Why these payoffs" in result.output


def test_json_with_sweep_is_seeded() -> None:
    runner = CliRunner()
    args = ["games", NAME, "--game", "mandate-renewal-2025", "--sweep", "40", "--seed", "5",
            "--json"]  # fmt: skip
    first = json.loads(runner.invoke(app, args).stdout)
    second = json.loads(runner.invoke(app, args).stdout)
    assert first == second
    (entry,) = first
    shares = {f["outcome"]: f["on_path_share"] for f in entry["sweep"]["frequencies"]}
    assert abs(sum(shares.values()) - 1.0) < 1e-9  # one pure SPE path per draw
    assert entry["solution"]["equilibria"][0]["outcome_probabilities"]["renewed"] == 1.0


def test_qre_and_all_nash_on_the_table() -> None:
    runner = CliRunner()
    game = "russia-model-vs-baku-strategy"
    nash = json.loads(runner.invoke(app, ["games", NAME, "--game", game, "--json"]).stdout)
    profiles = [eq["outcome_probabilities"] for eq in nash[0]["solution"]["equilibria"]]
    assert any(p.get("new-formula / hedging") == 1.0 for p in profiles)
    qre = runner.invoke(
        app, ["games", NAME, "--game", game, "--solution", "qre", "--noise", "0", "--json"]
    )
    (equilibrium,) = json.loads(qre.stdout)[0]["solution"]["equilibria"]
    russia = equilibrium["choices"]["russia"]
    assert all(abs(p - 0.2) < 1e-6 for p in russia.values())  # λ = 0: uniform play


def test_bad_options_are_explained() -> None:
    runner = CliRunner()
    unknown = runner.invoke(app, ["games", NAME, "--game", "no-such-game"])
    assert unknown.exit_code == 2
    assert "mandate-renewal-2025" in unknown.output
    qre = runner.invoke(app, ["games", NAME, "--solution", "qre"])
    assert qre.exit_code == 2
    assert "--noise" in qre.output
