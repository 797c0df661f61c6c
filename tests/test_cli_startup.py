"""The command line starts without loading the engines it does not need: `realpolitik
--help` or `validate` must not wait for Gambit, SciPy's statistics, OR-Tools or Plotly
(they took about 2.5 s of a 3.5 s start before the commands imported them lazily)."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ["pygambit", "scipy.stats", "ortools", "plotly", "SALib", "fastapi", "uvicorn"]


def test_importing_the_command_line_leaves_the_heavy_engines_unloaded() -> None:
    probe = (
        f"import sys, realpolitik.cli\nprint([name for name in {HEAVY!r} if name in sys.modules])"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded == "[]"
