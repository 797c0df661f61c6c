"""The same case, seed and settings give byte-identical files, whatever the interpreter's hash
seed and wherever the files are written."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from paths import DATA
from realpolitik.report import find_browser

# Outcomes of a descriptor and a game, so that the backtest adds Brier scores over several
# categories (a sum whose last digit once followed the order of a set; test_backtest.py holds
# probabilities where that order shows).
MORE_OUTCOMES = """
[[outcomes]]
id = "relations-after"
description = "Relations stayed tense."
date = 2023-09-30
source = "later-news"
descriptor = "relations"
variant = "tense"

[[outcomes]]
id = "crisis-after"
description = "The crisis ended in a clash."
date = 2023-09-30
source = "later-news"
game = "crisis"
outcome = "clash"
"""
QUICK = ["--runs", "20", "--sensitivity-samples", "8", "--game-draws", "5",
         "--scenario-draws", "5", "--seed", "5"]  # fmt: skip


@pytest.mark.skipif(find_browser() is None, reason="chart images need Chromium")
def test_two_hash_seeds_give_identical_files(tmp_path: Path, minimal_text: str) -> None:
    (tmp_path / "case.toml").write_text(minimal_text + MORE_OUTCOMES, encoding="utf-8")
    shutil.copytree(DATA / "sources", tmp_path / "sources")
    # One after the other: two browsers drawing at once on a 2-core machine can drop charts.
    for hash_seed in ("1", "4"):
        out = tmp_path / f"out-{hash_seed}"
        command = [sys.executable, "-m", "realpolitik", "run", "case.toml", *QUICK,
                   "--sources", "sources", "--out", str(out), "--charts",
                   "--store", str(tmp_path / f"runs-{hash_seed}.sqlite")]  # fmt: skip
        environment = {**os.environ, "PYTHONHASHSEED": hash_seed}
        finished = subprocess.run(
            command,
            cwd=tmp_path,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=600,
            check=False,
        )
        assert finished.returncode == 0, finished.stdout[-3000:]
    first, second = tmp_path / "out-1", tmp_path / "out-4"
    results = (first / "results.json").read_bytes()
    assert results == (second / "results.json").read_bytes()
    assert b'"brier"' in results  # the scores over categories were made
    assert (first / "report.html").read_bytes() == (second / "report.html").read_bytes()
    svgs = sorted(path.name for path in (first / "charts").glob("*.svg"))
    assert svgs and svgs == sorted(path.name for path in (second / "charts").glob("*.svg"))
    for name in svgs:
        assert (first / "charts" / name).read_bytes() == (second / "charts" / name).read_bytes()
