"""Plain result objects of the bargaining engine; each serialises with ``to_dict()``."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from realpolitik import __version__

#: Interaction types of a pair (i, j) as actor i reads it, in the order of the integer codes
#: stored in :attr:`Forecast.interactions` (Bueno de Mesquita's quadrant chart).
INTERACTION_TYPES: tuple[str, ...] = (
    "none",  # same position (or j is i): nothing to contest
    "conflict_won",  # both expect to gain from a challenge, i expects more: i prevails
    "conflict_lost",  # both expect to gain, j expects more: i gives way
    "compel",  # i expects to gain, j to lose, and i can impose its position
    "compromise_upper",  # i has the upper hand, j meets it part of the way
    "compromise_lower",  # j has the upper hand, i meets it part of the way
    "capitulate",  # j has the upper hand and i gives in entirely
    "stalemate",  # neither expects to gain from a challenge: status quo
)
NONE, CONFLICT_WON, CONFLICT_LOST, COMPEL, COMPROMISE_UPPER, COMPROMISE_LOWER = range(6)
CAPITULATE, STALEMATE = 6, 7

#: How a run of the expected-utility model ended, in the order of the integer codes that
#: :func:`~realpolitik.bargaining.eum.run_eum_batch` returns (see ``docs/bargaining.md``,
#: "Stopping rule and cycles").
RUN_STATUSES: tuple[str, ...] = (
    "settled",  # no actor moved more than the tolerance: the positions stay where they are
    "cycle",  # the positions repeated those after an earlier round: the run cycles for ever
    "unsettled",  # neither within max_rounds: the forecast depends on the cap
)
SETTLED, CYCLE, UNSETTLED = range(3)


@dataclass(frozen=True)
class Forecast:
    """Where one issue settles under one model.

    ``rounds[t]`` holds every actor's position after round t (``rounds[0]`` is the start),
    ``round_forecasts[t]`` the forecast (weighted median) of those positions, and
    ``interactions[t][i][j]`` the code in :data:`INTERACTION_TYPES` of pair (i, j) in round
    t + 1 as actor i read it. The baselines have no rounds beyond the start and no
    interactions. ``moved[i]`` is the final minus the starting position of actor i and
    ``path_length[i]`` the total distance it travelled.

    ``status`` is one of :data:`RUN_STATUSES`. A settled run (and every baseline) forecasts
    the weighted median of its final positions; a run that entered a cycle of
    ``cycle_length`` rounds forecasts the mean of the medians over one period, and
    ``cycle_low`` and ``cycle_high`` are the lowest and highest of those medians; an unsettled
    run forecasts the mean of the medians over the last half of its rounds (low and high over
    the same rounds), an answer that depends on ``max_rounds``. ``cycle_length`` is 0 unless
    the run cycles; ``cycle_low`` and ``cycle_high`` default to the forecast itself.
    """

    model: str
    forecast: float
    scale: tuple[float, float]
    rounds: list[list[float]]
    round_forecasts: list[float]
    interactions: list[list[list[int]]] = field(default_factory=list)
    moved: list[float] = field(default_factory=list)
    path_length: list[float] = field(default_factory=list)
    parameters: dict[str, Any] = field(default_factory=dict)
    status: str = RUN_STATUSES[SETTLED]
    cycle_length: int = 0
    cycle_low: float = math.nan
    cycle_high: float = math.nan

    def __post_init__(self) -> None:
        # A single-point forecast has no spread: its low and high are the forecast.
        if math.isnan(self.cycle_low):
            object.__setattr__(self, "cycle_low", self.forecast)
        if math.isnan(self.cycle_high):
            object.__setattr__(self, "cycle_high", self.forecast)

    def to_dict(self) -> dict[str, Any]:
        """Return the forecast as plain JSON-ready data."""
        return {
            "model": self.model,
            "forecast": self.forecast,
            "scale": list(self.scale),
            "rounds": self.rounds,
            "round_forecasts": self.round_forecasts,
            "interactions": self.interactions,
            "interaction_types": list(INTERACTION_TYPES),
            "moved": self.moved,
            "path_length": self.path_length,
            "parameters": self.parameters,
            "status": self.status,
            "cycle_length": self.cycle_length,
            "cycle_low": self.cycle_low,
            "cycle_high": self.cycle_high,
            "version": __version__,
        }
