"""Benchmark of the main job on the flagship case (not a test: it prints figures and checks
that both ways give the same results.json, byte for byte).

Run:  .venv/bin/python benchmarks/bench_main_job.py [--case CASE] [--repeat N]
          [--reference exact|today] [--first-run]

Side by side in one run, each job in a fresh process as `realpolitik run` would be:

- the reference, ``--reference exact`` (the default): the main job as it ran before the mixed
  equilibria of tables were found without Gambit: the same stages side by side, but every
  table of the game sweeps and threshold searches solved by Gambit's exact ``enummixed``
  (``realpolitik.games.bimatrix.MAX_SYSTEMS = 0`` in the games stage's process);
- or ``--reference today``: the main job as it ran before the stages ran side by side: every
  stage one after the other (``REALPOLITIK_STAGE_WORKERS=1``), the payoff flip thresholds by
  the plain search that solves every point it asks (``payoff_thresholds(..., cached=False)``),
  every table by Gambit, and the chart images drawn (``--charts``);
- ``default``: ``realpolitik run CASE`` as it runs now.

Figures: wall seconds of each job and of its games stage (median of ``--repeat``, default 1,
with every run shown), CPU seconds of the job and the children it waited for, and the ratio
reference / default. Both jobs use the same Numba cache; run the script twice, or
``realpolitik warm-up`` first, so that neither waits for the compiler.

``--first-run`` measures instead what a fresh install costs: with an empty Numba cache
(``NUMBA_CACHE_DIR`` in a temporary folder) it times ``realpolitik warm-up`` (what
``make install`` runs once), then the first ``default`` job, then a second one (warm), and
prints first / warm.

The chart images need Chromium (``make browser``); without it the ``today`` job writes its
report and warns, and its time lacks the drawing.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import math
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import Any

WORKERS_ENV = "REALPOLITIK_STAGE_WORKERS"
GAMES_MARK = "games stage wall s:"


class TimedGames:
    """The games stage, timed: it prints its wall seconds for :func:`timed` to read. With
    ``exact`` every table goes to Gambit. Defined here so that it travels by reference to the
    stage's own process, which imports this script (module ``__mp_main__``)."""

    def __init__(self, exact: bool) -> None:
        self.exact = exact

    def __call__(self, case: Any, settings: Any, progress: Any) -> Any:
        from realpolitik.analysis.games_stage import games_stage
        from realpolitik.games import bimatrix

        if self.exact:
            bimatrix.MAX_SYSTEMS = 0
        started = time.perf_counter()
        found = games_stage(case, settings, progress)
        print(f"{GAMES_MARK} {time.perf_counter() - started:.3f}", flush=True)
        return found


def child(mode: str, case: str, out: Path) -> None:
    """In a fresh process: run the main job the ``mode`` way (called with --child)."""
    args = ["run", case, "--out", str(out), "--store", str(out / "runs.sqlite")]
    if mode == "today":
        os.environ[WORKERS_ENV] = "1"
        importlib.import_module("realpolitik.games.sweep")
        # The module, not the function the package exports under the same name.
        sweep_module: ModuleType = sys.modules["realpolitik.games.sweep"]
        plain = functools.partial(sweep_module.payoff_thresholds, cached=False)
        sweep_module.payoff_thresholds = plain  # what sweep() calls
        args.append("--charts")
    elif mode == "warm-up":
        args = ["warm-up"]
    if mode != "warm-up":
        import realpolitik.analysis.core as core

        listed = core.stages

        def stages() -> list[tuple[str, Any]]:
            exact = mode in ("today", "exact")
            return [
                (name, TimedGames(exact) if name == "games" else stage) for name, stage in listed()
            ]

        core.stages = stages
    from realpolitik.cli.app import app

    app(args, prog_name="realpolitik", standalone_mode=False)


def timed(mode: str, case: str, out: Path, env: dict[str, str]) -> tuple[float, float, float]:
    """Wall and CPU seconds (the process and the children it waited for) of one job in a fresh
    process, and the wall seconds of its games stage (NaN for the warm-up)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    finished = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--case", case, "--out", str(out)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, check=False,
    )  # fmt: skip
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if finished.returncode != 0:
        sys.exit(f"the {mode} job failed:\n{finished.stdout[-3000:]}")
    if "warning" in finished.stdout:
        print(f"  ({mode}: {finished.stdout.strip().splitlines()[-3]})")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    games = [float(line.split()[-1]) for line in finished.stdout.splitlines()
             if line.startswith(GAMES_MARK)]  # fmt: skip
    return wall, cpu, games[-1] if games else math.nan


def side_by_side(case: str, repeat: int, reference: str, env: dict[str, str]) -> None:
    runs: dict[str, list[tuple[float, float, float]]] = {reference: [], "default": []}
    with tempfile.TemporaryDirectory() as folder:
        results: dict[str, bytes] = {}
        for k in range(repeat):
            for mode in runs:
                out = Path(folder) / f"{mode}-{k}"
                out.mkdir()
                runs[mode].append(timed(mode, case, out, env))
                results.setdefault(mode, (out / "results.json").read_bytes())
                again = (out / "results.json").read_bytes()
                assert again == results[mode], f"{mode}: results.json differs between runs"
        same = results[reference] == results["default"]
    print(f"main job on {case}, {len(os.sched_getaffinity(0))} CPUs, {repeat} run(s) each")
    print(f"{'':10} {'wall s (median)':>16} {'games s':>8} {'cpu s':>8}   every run (wall)")
    medians = {}
    for mode, found in runs.items():
        medians[mode] = statistics.median(w for w, _, _ in found)
        games = statistics.median(g for _, _, g in found)
        cpu = statistics.median(c for _, c, _ in found)
        every = ", ".join(f"{w:.1f}" for w, _, _ in found)
        print(f"{mode:10} {medians[mode]:16.1f} {games:8.1f} {cpu:8.1f}   {every}")
    ratio = medians[reference] / medians["default"]
    print(f"ratio {reference} / default (wall): {ratio:.2f}")
    print(f"results.json byte-identical: {'yes' if same else 'NO'}")
    if not same:
        sys.exit(1)


def first_run(case: str, env: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        fresh = {**env, "NUMBA_CACHE_DIR": str(Path(folder) / "numba-cache")}
        warm_up = timed("warm-up", case, Path(folder), fresh)
        first = timed("default", case, _made(Path(folder) / "first"), fresh)
        warm = timed("default", case, _made(Path(folder) / "warm"), fresh)
        same = (Path(folder) / "first" / "results.json").read_bytes() == (
            Path(folder) / "warm" / "results.json"
        ).read_bytes()
    print(f"fresh Numba cache, main job on {case}")
    print(f"warm-up (make install): {warm_up[0]:.1f} s wall, {warm_up[1]:.1f} s cpu")
    print(f"first run after it:     {first[0]:.1f} s wall, {first[1]:.1f} s cpu")
    print(f"warm run:               {warm[0]:.1f} s wall, {warm[1]:.1f} s cpu")
    print(f"ratio first / warm (wall): {first[0] / warm[0]:.2f}")
    print(f"results.json byte-identical: {'yes' if same else 'NO'}")


def _made(path: Path) -> Path:
    path.mkdir()
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", default="south-caucasus-2021")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--reference", choices=["exact", "today"], default="exact")
    parser.add_argument("--first-run", action="store_true")
    parser.add_argument(
        "--child", choices=["exact", "today", "default", "warm-up"], help=argparse.SUPPRESS
    )
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        child(options.child, options.case, options.out)
        return
    env = dict(os.environ)
    env.pop(WORKERS_ENV, None)
    if options.first_run:
        first_run(options.case, env)
    else:
        side_by_side(options.case, options.repeat, options.reference, env)


if __name__ == "__main__":
    main()
