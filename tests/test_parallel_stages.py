"""The main job's independent stages side by side: same results, progress passed on, errors
that travel, and a serial fallback where a process may not start children."""

from __future__ import annotations

import multiprocessing
import os
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from typer.testing import CliRunner

from realpolitik.analysis import RunSettings, analyse, dumps, parallel
from realpolitik.case import Case, load_case
from realpolitik.cli.app import app
from realpolitik.games import GameError

SMALL = RunSettings(n_runs=20, sensitivity_samples=8, game_draws=5, scenario_draws=5)


def _pid_stage(case: Case, settings: Any, progress: Any) -> int:
    progress("games", 0.5)
    return os.getpid()


def _failing_stage(case: Case, settings: Any, progress: Any) -> None:
    raise GameError("game 'x' cannot be solved")


def _here_stage(case: Case, settings: Any, progress: Any) -> str:
    return "here"


def _collect(seen: list[tuple[str, float]]) -> Any:
    return lambda stage, done: seen.append((stage, done))


def test_the_workers_follow_the_machine_unless_told(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(parallel.WORKERS_ENV, raising=False)
    assert parallel.stage_workers() == len(os.sched_getaffinity(0))
    monkeypatch.setenv(parallel.WORKERS_ENV, "3")
    assert parallel.stage_workers() == 3
    for bad in ("0", "two", "-1"):
        monkeypatch.setenv(parallel.WORKERS_ENV, bad)
        with pytest.raises(parallel.WorkersError, match="REALPOLITIK_STAGE_WORKERS"):
            parallel.stage_workers()


def test_a_bad_worker_count_is_named_before_any_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(parallel.WORKERS_ENV, "many")
    result = CliRunner().invoke(
        app, ["run", "south-caucasus-2021", "--out", str(tmp_path / "out"),
              "--store", str(tmp_path / "runs.sqlite")],
    )  # fmt: skip
    assert result.exit_code == 2
    said = " ".join(result.output.split())
    assert "REALPOLITIK_STAGE_WORKERS='many' is not a whole number" in said
    assert "Traceback" not in said and not (tmp_path / "out" / "results.json").exists()


def test_side_by_side_gives_the_same_bytes_as_one_after_the_other(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, minimal_text: str
) -> None:
    path = tmp_path / "case.toml"
    path.write_text(minimal_text)
    case = load_case(str(path))
    texts = []
    for workers in ("1", "2"):
        monkeypatch.setenv(parallel.WORKERS_ENV, workers)
        seen: list[tuple[str, float]] = []
        texts.append(dumps(analyse(case, SMALL, progress=_collect(seen))))
        assert ("games", 1.0) in seen and ("scenarios", 1.0) in seen
    assert texts[0] == texts[1]


def test_a_stage_apart_runs_in_another_process_and_reports(
    monkeypatch: pytest.MonkeyPatch, minimal_text: str, tmp_path: Path
) -> None:
    monkeypatch.setenv(parallel.WORKERS_ENV, "2")
    (tmp_path / "case.toml").write_text(minimal_text)
    case = load_case(str(tmp_path / "case.toml"))
    seen: list[tuple[str, float]] = []
    found = parallel.run_stages(
        [("games", _pid_stage), ("here", _here_stage)],
        case,
        SMALL,
        lambda s, d: seen.append((s, d)),
    )
    assert found["here"] == "here"
    assert found["games"] != os.getpid()
    assert ("games", 0.5) in seen and seen.count(("games", 1.0)) == 1
    assert list(found) == ["games", "here"]


def test_an_error_apart_arrives_as_itself(
    monkeypatch: pytest.MonkeyPatch, minimal_text: str, tmp_path: Path
) -> None:
    monkeypatch.setenv(parallel.WORKERS_ENV, "2")
    (tmp_path / "case.toml").write_text(minimal_text)
    case = load_case(str(tmp_path / "case.toml"))
    with pytest.raises(GameError, match="cannot be solved"):
        parallel.run_stages(
            [("games", _failing_stage), ("here", _here_stage)], case, SMALL, lambda s, d: None
        )


def test_a_daemonic_process_runs_every_stage_itself(
    monkeypatch: pytest.MonkeyPatch, minimal_text: str, tmp_path: Path
) -> None:
    # The web service runs each job in a daemonic child, which may not start children.
    monkeypatch.setenv(parallel.WORKERS_ENV, "4")
    monkeypatch.setattr(multiprocessing, "current_process", lambda: SimpleNamespace(daemon=True))
    (tmp_path / "case.toml").write_text(minimal_text)
    case = load_case(str(tmp_path / "case.toml"))
    found = parallel.run_stages(
        [("games", _pid_stage), ("here", _here_stage)], case, SMALL, lambda s, d: None
    )
    assert found["games"] == os.getpid()


def test_a_run_with_an_executor_keeps_every_stage_here(
    monkeypatch: pytest.MonkeyPatch, minimal_text: str, tmp_path: Path
) -> None:
    # --workers/--scheduler make an executor current for the sweeps; a stage in a child
    # process would not see it, so with one every stage runs in this process.
    monkeypatch.setenv(parallel.WORKERS_ENV, "2")
    (tmp_path / "case.toml").write_text(minimal_text)
    case = load_case(str(tmp_path / "case.toml"))
    found = parallel.run_stages(
        [("games", _pid_stage), ("here", _here_stage)],
        case,
        SMALL,
        lambda s, d: None,
        side_by_side=False,
    )
    assert found["games"] == os.getpid()
    from realpolitik.analysis import core

    seen: list[bool] = []

    def recording(*args: Any, side_by_side: bool = True) -> dict[str, Any]:
        seen.append(side_by_side)
        return parallel.run_stages(*args, side_by_side=side_by_side)

    monkeypatch.setattr(core, "run_stages", recording)
    texts = [dumps(analyse(case, SMALL)), dumps(analyse(case, replace(SMALL, workers=1)))]
    assert seen == [True, False]
    assert texts[0] == texts[1]
