"""The game engine: extensive and normal-form games, solved with Gambit.

The solvers (``solve``, ``sweep``, ``to_gambit`` and the names beside them) are imported when
first used, not with the package: Gambit's Python package brings pandas and scipy.stats along
(about a second), and the main job's own process needs only the game model and descriptions
while its games stage runs in a process of its own (realpolitik.analysis.parallel).
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

from realpolitik.games.describe import (
    describe_game,
    describe_solution,
    describe_sweep,
    equilibrium_path,
    render_table,
    render_tree,
)
from realpolitik.games.errors import GameError
from realpolitik.games.model import (
    CHANCE,
    Cell,
    ExtensiveGame,
    Game,
    Judgment,
    Move,
    Node,
    NormalGame,
    Outcome,
    Probability,
    payoff_judgments,
    player_name,
    with_chance_probabilities,
    with_payoffs,
)
from realpolitik.games.results import (
    Equilibrium,
    OutcomeFrequency,
    PayoffGround,
    Solution,
    SweepResult,
    Threshold,
)

if TYPE_CHECKING:
    from realpolitik.games.solve import (
        backward_induction,
        logit_qre,
        mixed_nash,
        pure_nash,
        solve,
        subgame_perfect,
    )
    from realpolitik.games.sweep import (
        draw_games,
        game_problem,
        payoff_thresholds,
        predicted_outcomes,
        sweep,
    )
    from realpolitik.games.to_gambit import to_gambit

#: The names imported when first used, and their modules.
_LAZY = {
    **dict.fromkeys(
        ("backward_induction", "logit_qre", "mixed_nash", "pure_nash", "solve", "subgame_perfect"),
        "realpolitik.games.solve",
    ),
    **dict.fromkeys(
        ("draw_games", "game_problem", "payoff_thresholds", "predicted_outcomes", "sweep"),
        "realpolitik.games.sweep",
    ),
    "to_gambit": "realpolitik.games.to_gambit",
}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_LAZY[name]), name)
    globals()[name] = value
    return value


class _Package(types.ModuleType):
    """This package, keeping the functions ``sweep`` and ``to_gambit`` under their names:
    importing the submodules of the same names would otherwise put the modules there (the
    eager imports of old avoided it by importing each function after its module)."""

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, types.ModuleType) and _LAZY.get(name) == value.__name__:
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package

__all__ = [
    "CHANCE",
    "Cell",
    "Equilibrium",
    "ExtensiveGame",
    "Game",
    "GameError",
    "Judgment",
    "Move",
    "Node",
    "NormalGame",
    "Outcome",
    "OutcomeFrequency",
    "PayoffGround",
    "Probability",
    "Solution",
    "SweepResult",
    "Threshold",
    "backward_induction",
    "describe_game",
    "describe_solution",
    "describe_sweep",
    "draw_games",
    "equilibrium_path",
    "game_problem",
    "logit_qre",
    "mixed_nash",
    "payoff_judgments",
    "payoff_thresholds",
    "player_name",
    "predicted_outcomes",
    "pure_nash",
    "render_table",
    "render_tree",
    "solve",
    "subgame_perfect",
    "sweep",
    "to_gambit",
    "with_chance_probabilities",
    "with_payoffs",
]
