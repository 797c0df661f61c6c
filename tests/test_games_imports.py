"""The games package loads Gambit only when a solver is first used."""

from __future__ import annotations

import importlib
import subprocess
import sys
import types

import pytest


def test_the_main_jobs_own_process_does_not_load_gambit() -> None:
    # What the main job's process imports while its games stage runs in a child process:
    # the stage list, the game model and descriptions (the report's games section).
    code = (
        "import sys\n"
        "import realpolitik.cli.app, realpolitik.runner, realpolitik.report.html\n"
        "from realpolitik.analysis.core import stages\n"
        "stages()\n"
        "from realpolitik.games import NormalGame, describe_game\n"
        "from realpolitik.games.describe import chance_odds\n"
        "assert 'pygambit' not in sys.modules, 'Gambit was imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_solvers_are_the_functions_of_their_modules() -> None:
    games = importlib.import_module("realpolitik.games")
    # Importing a submodule named like its function leaves the function on the package.
    sweep_module = importlib.import_module("realpolitik.games.sweep")
    to_gambit_module = importlib.import_module("realpolitik.games.to_gambit")
    solve_module = importlib.import_module("realpolitik.games.solve")
    assert games.sweep is sweep_module.sweep
    assert games.to_gambit is to_gambit_module.to_gambit
    assert games.solve is solve_module.solve
    assert games.payoff_thresholds is sweep_module.payoff_thresholds
    assert not isinstance(games.sweep, types.ModuleType)
    for name in games.__all__:
        assert getattr(games, name) is not None


def test_an_unknown_name_is_an_attribute_error() -> None:
    games = importlib.import_module("realpolitik.games")
    with pytest.raises(AttributeError, match="no_such_solver"):
        games.no_such_solver  # noqa: B018
