"""Every command-line failure is a message and an exit code (2 for bad input), never a
traceback; options that can fail are refused before any work starts."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from partial_results import partial_results
from paths import DATA
from realpolitik.cli import app
from realpolitik.cli.common import MAX_SEED
from realpolitik.store import save_run

MINIMAL = str(DATA / "minimal.toml")
QUICK = ["--runs", "5", "--sensitivity-samples", "8", "--game-draws", "2",
         "--scenario-draws", "2", "--no-charts"]  # fmt: skip
AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _invoke(args: list[str]) -> Result:
    return CliRunner().invoke(app, args)


def _refused(result: Result, *phrases: str) -> None:
    """Exit status 2, a message, no traceback."""
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    flat = " ".join(result.output.split()).replace("│", "").replace("  ", " ")
    for phrase in phrases:
        assert phrase in flat, result.output


@pytest.mark.parametrize(
    ("args", "phrase"),
    [
        (["run", MINIMAL, "--seed", "-1"], "'--seed'"),
        (["run", MINIMAL, "--seed", str(MAX_SEED + 1)], "'--seed'"),
        (["run", MINIMAL, "--tolerance", "inf"], "not a finite number"),
        (["run", MINIMAL, "--tolerance", "nan"], "'--tolerance'"),
        (["run", MINIMAL, "--out", ""], "the path is empty"),
        (["run", MINIMAL, "--store", ""], "the path is empty"),
        (["run", MINIMAL, "--sources", ""], "the path is empty"),
        (["forecast", MINIMAL, "--seed", "-1"], "'--seed'"),
        (["backtest", MINIMAL, "--seed", str(2**64)], "'--seed'"),
        (["games", MINIMAL, "--seed", "-1", "--sweep", "3"], "'--seed'"),
        (["games", MINIMAL, "--solution", "qre", "--noise", "inf"], "'--noise'"),
        (["games", MINIMAL, "--solution", "qre", "--noise", "1e308"], "'--noise'"),
        (["games", MINIMAL, "--sweep", str(2**40)], "'--sweep'"),
        (["validate-models", "--data", ""], "the path is empty"),
        (["evidence", MINIMAL, "--sources", ""], "the path is empty"),
    ],
)  # fmt: skip
def test_bad_values_are_refused(args: list[str], phrase: str, tmp_path: Path) -> None:
    store = tmp_path / "runs.sqlite"
    extra = [*QUICK, "--store", str(store)] if args[0] == "run" and "--store" not in args else []
    _refused(_invoke([*args, *extra]), phrase)
    assert not store.exists()


def test_a_seed_at_the_limit_is_stored(tmp_path: Path) -> None:
    """The largest seed runs and is recorded (the store holds signed 64-bit integers)."""
    store = tmp_path / "runs.sqlite"
    result = _invoke(
        ["run", MINIMAL, *QUICK, "--seed", str(MAX_SEED), "--out", str(tmp_path / "out"),
         "--store", str(store)]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    shown = _invoke(["runs", "show", "1", "--store", str(store), "--json"])
    assert f'"seed": {MAX_SEED}' in shown.output


@pytest.fixture
def a_file(tmp_path: Path) -> Path:
    path = tmp_path / "notes.txt"
    path.write_text("these are notes, not a database: " * 40, encoding="utf-8")
    return path


def _run_with(tmp_path: Path, *options: str) -> Result:
    defaults = {"--out": str(tmp_path / "out"), "--store": str(tmp_path / "runs.sqlite")}
    given = dict(zip(options[::2], options[1::2], strict=True))
    merged = [part for item in {**defaults, **given}.items() for part in item]
    return _invoke(["run", MINIMAL, *QUICK, *merged])


def test_out_that_is_a_file_is_refused_first(tmp_path: Path, a_file: Path) -> None:
    result = _run_with(tmp_path, "--out", str(a_file))
    _refused(result, f"--out {a_file} is a file, not a folder", "give --out a folder")
    assert "bargaining" not in result.output  # no stage started
    under = _run_with(tmp_path, "--out", str(a_file / "out"))
    _refused(under, "cannot be written", "give --out a folder")


@pytest.mark.parametrize(
    ("store", "phrase"),
    [
        ("folder", "is a folder, not a file"),
        ("notes", "is not a run store"),
        ("under-notes", "the --store folder"),
    ],
)
def test_store_that_cannot_record_is_refused_first(
    tmp_path: Path, a_file: Path, store: str, phrase: str
) -> None:
    path = {"folder": tmp_path, "notes": a_file, "under-notes": a_file / "runs.sqlite"}[store]
    result = _run_with(tmp_path, "--store", str(path))
    _refused(result, phrase, "give --store the path of a run store file you may write")
    assert "bargaining" not in result.output
    assert not (tmp_path / "out" / "results.json").exists()


@pytest.mark.skipif(AS_ROOT, reason="root writes read-only files and folders")
def test_read_only_store_and_out_are_refused_first(tmp_path: Path) -> None:
    store = tmp_path / "runs.sqlite"
    with sqlite3.connect(store) as connection:
        connection.execute("CREATE TABLE runs (id INTEGER PRIMARY KEY)")
    store.chmod(0o444)
    _refused(_run_with(tmp_path, "--store", str(store)), "cannot be written")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        _refused(_run_with(tmp_path, "--out", str(locked)), "cannot be written")
        _refused(_run_with(tmp_path, "--store", str(locked / "s.sqlite")), "cannot be written")
    finally:
        locked.chmod(0o755)


def test_validate_models_out_is_checked_first(tmp_path: Path, a_file: Path) -> None:
    _refused(_invoke(["validate-models", "--out", str(a_file), "--boot", "100"]), "is a file, not")


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "runs.sqlite"
    save_run(
        path, case_id="a", case_sha256="0" * 64, seed=1, n_runs=1, version="test",
        command="realpolitik run a", inputs={}, results=partial_results(),
    )  # fmt: skip
    return path


@pytest.mark.parametrize(
    ("args", "phrase"),
    [
        (["runs", "show", str(2**70)], "'RUN_ID'"),
        (["runs", "show", "0"], "'RUN_ID'"),
        (["runs", "show", "99"], "run 99 is not in"),
        (["runs", "diff", "1", str(2**63)], "'SECOND'"),
        (["runs", "diff", "1", "99"], "run 99 is not in"),
    ],
)
def test_run_ids_huge_or_unknown(store: Path, args: list[str], phrase: str) -> None:
    result = _invoke([*args, "--store", str(store)])
    _refused(result, phrase)


def test_reading_a_missing_store_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "none" / "runs.sqlite"
    for args in (["runs", "list"], ["runs", "show", "1"], ["runs", "diff", "1", "2"]):
        _refused(_invoke([*args, "--store", str(missing)]), "there is no run store")
    assert not missing.parent.exists()
