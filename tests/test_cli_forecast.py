"""`realpolitik forecast` on the flagship case: tables, JSON, seeds and bad options."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from realpolitik.cli import app

NAME = "south-caucasus-2021"


def test_table_per_issue_and_movers() -> None:
    result = CliRunner().invoke(app, ["forecast", NAME, "--issue", "peacekeepers", "--runs", "200"])
    assert result.exit_code == 0, result.output
    assert "Nash bargaining" in result.output and "90% interval" in result.output
    assert "who moves" in result.output


def test_json_is_seeded_and_bands_are_ordered() -> None:
    runner = CliRunner()
    args = ["forecast", NAME, "--model", "median", "--runs", "300", "--seed", "9", "--json"]
    first = json.loads(runner.invoke(app, args).stdout)
    assert first == json.loads(runner.invoke(app, args).stdout)
    assert len(first) == 7
    for entry in first:
        summary = entry["monte_carlo"]["summaries"]["median"]
        low, high = summary["interval_90"]
        q1, q3 = summary["quartiles"]
        assert 0 <= low <= q1 <= summary["median"] <= q3 <= high <= 100
        assert list(entry["forecasts"]) == ["median"]


def test_unknown_issue_lists_the_known_ones() -> None:
    result = CliRunner().invoke(app, ["forecast", NAME, "--issue", "water"])
    assert result.exit_code == 2
    assert "karabakh-status" in result.output
    assert "Traceback" not in result.output
