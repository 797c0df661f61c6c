"""The game engine: extensive and normal-form games, solved with Gambit."""

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
from realpolitik.games.solve import (
    backward_induction,
    logit_qre,
    mixed_nash,
    pure_nash,
    solve,
    subgame_perfect,
)
from realpolitik.games.sweep import draw_game, payoff_thresholds, predicted_outcomes, sweep
from realpolitik.games.to_gambit import to_gambit

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
    "Solution",
    "SweepResult",
    "Threshold",
    "backward_induction",
    "describe_game",
    "describe_solution",
    "describe_sweep",
    "draw_game",
    "equilibrium_path",
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
