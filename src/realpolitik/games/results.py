"""Result objects of the game engine: typed models (:mod:`realpolitik.results.games`) whose
``model_dump(mode="json")`` is the JSON that results.json and ``realpolitik games --json``
hold. Re-exported here, where the solvers and the sweep import them."""

from __future__ import annotations

from realpolitik.results.games import Equilibrium as Equilibrium
from realpolitik.results.games import OutcomeFrequency as OutcomeFrequency
from realpolitik.results.games import PayoffGround as PayoffGround
from realpolitik.results.games import Solution as Solution
from realpolitik.results.games import SweepParameters as SweepParameters
from realpolitik.results.games import SweepResult as SweepResult
from realpolitik.results.games import Threshold as Threshold
