"""`realpolitik forecast` on the flagship case: tables, JSON, seeds and bad options."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from realpolitik.cli import app

NAME = "south-caucasus-2021"


def test_table_per_issue_and_movers() -> None:
    result = CliRunner().invoke(app, ["forecast", NAME, "--issue", "peacekeepers", "--runs", "200"])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "Nash" in text and "calibrated" in text and "who moves" in text
    # The track record is stated with the data it was measured on and its limits.
    assert "validated" in text and "decided issues of deu3-development.tsv" in text
    assert "not a post-war settlement" in text


def test_json_is_seeded_and_bands_are_ordered() -> None:
    runner = CliRunner()
    args = ["forecast", NAME, "--model", "median", "--runs", "300", "--seed", "9", "--json"]
    output = json.loads(runner.invoke(app, args).stdout)
    assert output == json.loads(runner.invoke(app, args).stdout)
    first = output["issues"]
    assert len(first) == 7
    assert output["track_record"]["records"] == 245
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


def test_models_are_led_by_the_best_validated_with_calibrated_intervals() -> None:
    args = ["forecast", NAME, "--issue", "peacekeepers", "--runs", "100", "--json"]
    output = json.loads(CliRunner().invoke(app, args).stdout)
    ranks = output["track_record"]["models"]
    calibrated = output["issues"][0]["calibrated"]
    listed = [row["model"] for row in calibrated["models"]]
    assert listed == sorted(listed, key=lambda model: ranks[model]["rank"])
    assert calibrated["lead"] == listed[0]
    for row in calibrated["models"]:
        low, high = row["interval_90"]
        half = ranks[row["model"]]["half_width_90"]
        assert low == max(0.0, row["forecast"] - half) and high == min(
            100.0, row["forecast"] + half
        )
    spread = max(row["forecast"] for row in calibrated["models"]) - min(
        row["forecast"] for row in calibrated["models"]
    )
    assert calibrated["spread"] == spread
    assert calibrated["disagree"] == (spread > calibrated["models"][0]["validated_mae"])
