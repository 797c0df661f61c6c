"""Result objects of the game engine: typed models (:mod:`realpolitik.results.games`) whose
``model_dump(mode="json")`` is the JSON that results.json and ``realpolitik games --json``
hold."""

from __future__ import annotations

from realpolitik.results.games import (
    Equilibrium,
    OutcomeFrequency,
    PayoffGround,
    Solution,
    SweepParameters,
    SweepResult,
    Threshold,
)

__all__ = [
    "Equilibrium",
    "OutcomeFrequency",
    "PayoffGround",
    "Solution",
    "SweepParameters",
    "SweepResult",
    "Threshold",
]
