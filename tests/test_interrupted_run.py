"""A run killed mid-way leaves the run store readable and without a partial record."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from partial_results import partial_results
from realpolitik.store import list_runs, save_run


def test_killed_run_leaves_no_partial_record(tmp_path: Path) -> None:
    store = tmp_path / "runs.sqlite"
    earlier = save_run(
        store, case_id="earlier", case_sha256="0" * 64, seed=1, n_runs=1, version="test",
        command="realpolitik run earlier", inputs={}, results=partial_results(),
    )  # fmt: skip
    process = subprocess.Popen(
        [sys.executable, "-m", "realpolitik", "run", "south-caucasus-2021", "--runs", "20000",
         "--sensitivity-samples", "1024", "--store", str(store), "--out", str(tmp_path / "out")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tmp_path,
    )  # fmt: skip
    time.sleep(6)
    assert process.poll() is None, "the run ended before it could be interrupted"
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    records = list_runs(store)
    assert [record.id for record in records] == [earlier]
    assert records[0].results == partial_results().json_data()
    assert not (tmp_path / "out" / "results.json").exists()
