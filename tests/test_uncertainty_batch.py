"""`realpolitik run` with --workers: a batch of cases on a Dask cluster gives the same files as
each case run alone in one process; results.json does not mention the executor."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from realpolitik.cli.app import app

QUICK = ["--runs", "40", "--sensitivity-samples", "8", "--game-draws", "6",
         "--scenario-draws", "6", "--seed", "5", "--no-charts"]  # fmt: skip


def _run(*words: str) -> str:
    result = CliRunner().invoke(app, ["run", *words], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_batch_on_two_workers_matches_single_serial_runs(tmp_path: Path, minimal_text: str) -> None:
    first = tmp_path / "minimal.toml"
    first.write_text(minimal_text, encoding="utf-8")
    second = tmp_path / "other.toml"
    second.write_text(minimal_text.replace('id = "minimal"', 'id = "other"', 1), encoding="utf-8")
    store = str(tmp_path / "runs.sqlite")
    for path in (first, second):
        _run(str(path), *QUICK, "--out", str(tmp_path / "alone" / path.stem), "--store", store)
    output = _run(
        str(first), str(second), *QUICK, "--workers", "2", "--out", str(tmp_path / "batch"),
        "--store", store,
    )  # fmt: skip
    assert "2 cases run" in output
    for name in ("minimal", "other"):
        alone = (tmp_path / "alone" / name / "results.json").read_bytes()
        batch = (tmp_path / "batch" / name / "results.json").read_bytes()
        assert batch == alone
        assert b"workers" not in batch and b"scheduler" not in batch


def test_executor_options_are_checked_before_any_work(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["run", "south-caucasus-2021", "--workers", "2", "--scheduler", "tcp://h:8786"]
    )
    assert result.exit_code == 2
    assert "not both" in result.output
    result = CliRunner().invoke(app, ["forecast", "south-caucasus-2021", "--scheduler", "h:8786"])
    assert result.exit_code == 2
    assert "tcp://host:8786" in result.output
