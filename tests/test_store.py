"""The run store records whole runs, lists, shows and diffs them, and reports bad stores."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bargaining_results import bargaining_issue, bargaining_results
from partial_results import partial_results
from realpolitik.cli import app
from realpolitik.store import StoreError, diff_runs, get_run, list_runs, save_run


def _save(path: Path, value: float, seed: int = 1) -> int:
    return save_run(
        path, case_id="c", case_sha256="abc", seed=seed, n_runs=10, version="0",
        command="realpolitik run c", inputs={"actors": [{"id": "a", "capability": value}]},
        results=partial_results(
            bargaining=bargaining_results([bargaining_issue(point={"eum": value * 2})])
        ),
    )  # fmt: skip


def test_save_list_show_diff(tmp_path: Path) -> None:
    store = tmp_path / "runs.sqlite"
    first = _save(store, 10.0)
    second = _save(store, 12.5, seed=2)
    assert [r.id for r in list_runs(store)] == [first, second]
    record = get_run(store, second)
    assert record.inputs["actors"][0]["capability"] == 12.5
    changes = {
        (c.section, c.path): (c.before, c.after) for c in diff_runs(get_run(store, first), record)
    }
    assert changes == {
        ("inputs", "actors[0].capability"): (10.0, 12.5),
        ("results", "bargaining.issues[0].point.eum"): (20.0, 25.0),
    }


def test_missing_run_and_bad_store(tmp_path: Path) -> None:
    store = tmp_path / "runs.sqlite"
    _save(store, 1.0)
    with pytest.raises(StoreError, match="run 99 is not in"):
        get_run(store, 99)
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"this is not a database, just some bytes" * 100)
    with pytest.raises(StoreError, match="not a realpolitik run store"):
        list_runs(junk)


def test_cli_runs_commands(tmp_path: Path) -> None:
    store = tmp_path / "runs.sqlite"
    a, b = _save(store, 1.0), _save(store, 2.0)
    runner = CliRunner()
    listed = runner.invoke(app, ["runs", "list", "--store", str(store), "--json"])
    assert [r["id"] for r in json.loads(listed.stdout)] == [a, b]
    shown = runner.invoke(app, ["runs", "show", str(b), "--store", str(store), "--json"])
    shown_issue = json.loads(shown.stdout)["results"]["bargaining"]["issues"][0]
    assert shown_issue["point"] == {"eum": 4.0}
    diffed = runner.invoke(app, ["runs", "diff", str(a), str(b), "--store", str(store)])
    assert diffed.exit_code == 0 and "issues[0].point.eum" in diffed.output
    missing = runner.invoke(app, ["runs", "show", "42", "--store", str(store)])
    assert missing.exit_code == 2
    assert "run 42 is not in" in missing.output
    assert "Traceback" not in missing.output
