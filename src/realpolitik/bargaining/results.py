"""Result objects of the bargaining engine (pydantic models; their JSON form is
``model_dump(mode="json")``)."""

from __future__ import annotations

import math
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from realpolitik import __version__
from realpolitik.bargaining.options import EumOptions

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


class EumParameters(BaseModel):
    """The settings of one run of the expected-utility model."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    options: EumOptions
    max_rounds: int
    tolerance: float
    q: float
    t: float


class Forecast(BaseModel):
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

    ``parameters`` are the expected-utility model's settings, or for a baseline the named
    choices behind it (its weights, its tie rule). ``interaction_types`` names the codes in
    ``interactions`` and ``version`` is the version of realpolitik that made the forecast.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    model: str
    forecast: float
    scale: tuple[float, float]
    rounds: list[list[float]]
    round_forecasts: list[float]
    interactions: list[list[list[int]]] = Field(default_factory=list)
    interaction_types: tuple[str, ...] = INTERACTION_TYPES
    moved: list[float] = Field(default_factory=list)
    path_length: list[float] = Field(default_factory=list)
    parameters: EumParameters | dict[str, str] = Field(default_factory=dict)
    status: str = RUN_STATUSES[SETTLED]
    cycle_length: int = 0
    cycle_low: float = math.nan
    cycle_high: float = math.nan
    version: str = __version__

    @model_validator(mode="before")
    @classmethod
    def _single_point(cls, data: Any) -> Any:
        # A single-point forecast has no spread: its low and high are the forecast.
        if isinstance(data, dict) and "forecast" in data:
            data = {"cycle_low": data["forecast"], "cycle_high": data["forecast"], **data}
        return data
