"""`realpolitik validate-models`: the leaderboard from the command line, files, options, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from realpolitik.cli import app

TRAIN = """issue,actor,position,salience,capability,reference,outcome
{rows}"""


def _table(path: Path, issues: int, seed: int) -> Path:
    """A long table of ``issues`` made-up decided issues (outcome near the weighted mean)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    rows = []
    for k in range(issues):
        positions = rng.choice([0, 20, 50, 80, 100], 4)
        saliences = rng.integers(20, 100, 4)
        outcome = float(
            np.clip(np.average(positions, weights=saliences) + rng.normal(0, 15), 0, 100)
        )
        for a in range(4):
            reference = "0" if a == 0 else ""
            value = f"{outcome:.1f}" if a == 0 else ""
            rows.append(f"i{k},a{a},{positions[a]},{saliences[a]},1,{reference},{value}")
    path.write_text(TRAIN.format(rows="\n".join(rows)) + "\n", encoding="utf-8")
    return path


def test_held_out_file_scored_from_a_training_file(tmp_path: Path) -> None:
    train, scored = _table(tmp_path / "train.csv", 40, 1), _table(tmp_path / "scored.csv", 12, 2)
    args = ["validate-models", "--data", str(scored), "--train", str(train), "--boot", "200"]
    args += ["--model", "mean", "--model", "nash", "--model", "gravity", "--json"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["design"] == "held-out"
    assert report["data"]["records"] == 12 and report["train"]["records"] == 40
    assert {row["model"] for row in report["leaderboard"]} == {"mean", "nash", "gravity"}
    assert len(report["records"]) == 12


def test_files_are_byte_identical_under_a_seed_and_differ_across_seeds(tmp_path: Path) -> None:
    runner = CliRunner()
    train = _table(tmp_path / "train.csv", 30, 3)
    outputs = []
    for name, seed in (("a", "4"), ("b", "4"), ("c", "5")):
        args = ["validate-models", "--train", str(train), "--boot", "200", "--seed", seed]
        args += ["--model", "mean", "--model", "median", "--model", "stacked"]
        args += ["--out", str(tmp_path / name)]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        outputs.append(
            [(tmp_path / name / f).read_bytes() for f in ("leaderboard.json", "leaderboard.html")]
        )
    assert outputs[0] == outputs[1]
    assert outputs[0][0] != outputs[2][0]
    assert b"Which bargaining model predicts best?" in outputs[0][1]


def test_the_bundled_leaderboard_is_reproducible_byte_for_byte() -> None:
    runner = CliRunner()
    first = runner.invoke(app, ["validate-models", "--json"])
    second = runner.invoke(app, ["validate-models", "--json"])
    assert first.exit_code == 0, first.output
    assert first.stdout == second.stdout
    report = json.loads(first.stdout)
    assert report["data"]["records"] == 245 and report["design"] == "cross-validation"
    mean = next(row for row in report["leaderboard"] if row["model"] == "mean")
    assert mean["mae"]["value"] == pytest.approx(24.327, abs=1e-3)
    # Every model's nominal 90% interval covers 85-95% of held-out outcomes.
    for row in report["leaderboard"]:
        assert 0.85 <= row["coverage"]["value"] <= 0.95, row["model"]


def test_capability_and_folds_change_what_they_say() -> None:
    runner = CliRunner()

    def mean_row(*extra: str) -> tuple[list[dict[str, object]], dict[str, object]]:
        args = ["validate-models", "--model", "mean", "--boot", "100", "--json", *extra]
        report = json.loads(runner.invoke(app, args).stdout)
        return report["records"], report["leaderboard"][0]

    equal_records, equal = mean_row()
    _, votes = mean_row("--capability", "votes")
    assert equal["mae"]["value"] != votes["mae"]["value"]
    folded_records, _ = mean_row("--folds", "3")
    assert {r["fold"] for r in folded_records} == {0, 1, 2}
    assert {r["fold"] for r in equal_records} == {0, 1, 2, 3, 4}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--data", "absent.csv"], "absent.csv: no such file"),
        (["--model", "oracle"], "unknown model oracle"),
        (["--folds", "300"], "folds must lie between 2 and the number of records"),
    ],
)
def test_bad_input_is_a_message_and_exit_2(args: list[str], message: str) -> None:
    result = CliRunner().invoke(app, ["validate-models", "--boot", "100", *args])
    assert result.exit_code == 2
    assert message in " ".join(result.output.split())
    assert "Traceback" not in result.output


def test_boot_sets_the_resamples_behind_the_intervals() -> None:
    runner = CliRunner()
    reports = [
        json.loads(
            runner.invoke(
                app, ["validate-models", "--model", "mean", "--boot", boot, "--json"]
            ).stdout
        )
        for boot in ("100", "400")
    ]
    assert [report["n_boot"] for report in reports] == [100, 400]
    first, second = (report["leaderboard"][0]["mae"] for report in reports)
    assert first["value"] == second["value"]
    assert (first["low"], first["high"]) != (second["low"], second["high"])
