"""Typed results of the game engine and of the games stage.

The engine's solvers build :class:`Solution` (with its :class:`Equilibrium` profiles and
:class:`PayoffGround` rows) and the sweep builds :class:`SweepResult` (with its
:class:`OutcomeFrequency` and :class:`Threshold` rows); the games stage gathers them per game
into :class:`GameResult` and the whole stage into :class:`GamesResults`, the ``games`` key of
results.json. ``realpolitik games --json`` prints the same solution and sweep models.

This module imports nothing from :mod:`realpolitik.games` (which imports it), so that the
results package and the engine can be imported in either order.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal

from pydantic import AliasChoices, ConfigDict, Field

from realpolitik import __version__
from realpolitik.results.base import ResultModel

__all__ = [
    "Equilibrium",
    "GameResult",
    "GamesResults",
    "OutcomeFrequency",
    "PayoffGround",
    "Solution",
    "SweepParameters",
    "SweepResult",
    "Threshold",
]


class _EngineResult(ResultModel):
    """A result the engine builds: frozen, like the engine's other values. Its fields may be
    given by position too, in the order declared, as to the dataclasses these models replaced
    (the solvers build ``Equilibrium`` and ``OutcomeFrequency`` rows so); validation is the
    same either way (unknown or missing fields are refused)."""

    model_config = ConfigDict(frozen=True)

    if not TYPE_CHECKING:

        def __init__(self, *args: Any, **data: Any) -> None:
            names = list(type(self).model_fields)
            if len(args) > len(names):
                raise TypeError(f"{type(self).__name__} has {len(names)} fields")
            for name, value in zip(names, args, strict=False):
                if name in data:
                    raise TypeError(f"{type(self).__name__} got {name!r} twice")
                data[name] = value
            super().__init__(**data)


#: ``game_id`` is ``game`` in JSON; the engine builds the model with either name.
_GAME_ALIAS = ConfigDict(frozen=True, serialize_by_alias=True)
_GAME_ID = Field(serialization_alias="game", validation_alias=AliasChoices("game_id", "game"))


class Equilibrium(_EngineResult):
    """One solution profile.

    ``choices`` maps each decision point (information set or node id in a tree, player id in a
    table) to the probability of each move or strategy id; ``expected_payoffs`` maps player ids
    to their expected payoff; ``outcome_probabilities`` maps every outcome id to its
    probability under the profile; ``path`` is the path of play in words.
    """

    choices: dict[str, dict[str, float]]
    expected_payoffs: dict[str, float]
    outcome_probabilities: dict[str, float]
    path: str

    if TYPE_CHECKING:  # the solvers give the four parts in this order

        def __init__(
            self,
            choices: Mapping[str, Mapping[str, float]],
            expected_payoffs: Mapping[str, float],
            outcome_probabilities: Mapping[str, float],
            path: str,
        ) -> None: ...

    def outcomes_on_path(self, tolerance: float = 1e-9) -> tuple[str, ...]:
        """Outcome ids reached with probability above ``tolerance``."""
        return tuple(o for o, p in self.outcome_probabilities.items() if p > tolerance)

    @property
    def is_pure(self) -> bool:
        """Whether every decision point picks one move or strategy for sure."""
        return all(max(c.values()) > 1 - 1e-9 for c in self.choices.values())

    def pure_profile(self) -> dict[str, str]:
        """The move or strategy each decision point picks most likely (the one it picks, for a
        pure equilibrium)."""
        return {point: max(c, key=lambda move: c[move]) for point, c in self.choices.items()}


class PayoffGround(_EngineResult):
    """Why a payoff has its value: the judgment's value, uncertainty and grounds."""

    outcome: str
    player: str
    value: float
    uncertainty: str
    grounds: str


class Solution(_EngineResult):
    """The equilibria of one game under one solution concept.

    ``concept`` is one of ``subgame-perfect``, ``pure-nash``, ``mixed-nash``, ``logit-qre``;
    ``method`` names the Gambit routine used; ``precision`` is the logit λ for QRE;
    ``checked_by_backward_induction`` is True when an independent backward induction found the
    same subgame-perfect equilibria (None where it does not apply); ``grounds`` gives the
    evidence for the payoffs of outcomes on an equilibrium path; ``notes`` warn the reader.
    ``version`` is the package version that solved it. In JSON ``game_id`` is ``game``.
    """

    model_config = _GAME_ALIAS

    game_id: str = _GAME_ID
    concept: str
    method: str
    equilibria: tuple[Equilibrium, ...]
    precision: float | None = None
    checked_by_backward_induction: bool | None = None
    grounds: tuple[PayoffGround, ...] = ()
    notes: tuple[str, ...] = ()
    version: str = __version__

    def outcomes_on_path(self, tolerance: float = 1e-9) -> frozenset[str]:
        """Outcomes reached with positive probability under at least one equilibrium."""
        return frozenset(o for eq in self.equilibria for o in eq.outcomes_on_path(tolerance))


class OutcomeFrequency(_EngineResult):
    """How an outcome fared across a sweep's draws.

    ``on_path_share``: share of draws in which some equilibrium reaches the outcome;
    ``mean_probability``: its probability averaged over the equilibria of a draw, then over
    draws.
    """

    outcome: str
    on_path_share: float
    mean_probability: float

    if TYPE_CHECKING:  # the sweep gives the three parts in this order

        def __init__(self, outcome: str, on_path_share: float, mean_probability: float) -> None: ...


class Threshold(_EngineResult):
    """The one-at-a-time change of one payoff judgment that changes the predicted outcomes.

    ``lower``/``upper`` are the payoff values (not differences) at which the prediction first
    changes when the payoff is lowered or raised with all else fixed, None when no change
    occurs within the searched span; ``lower_outcomes``/``upper_outcomes`` are the predicted
    outcomes past each threshold; ``within_uncertainty`` says whether a threshold lies inside
    the judgment's stated uncertainty (two standard deviations, or the range).
    """

    outcome: str
    player: str
    value: float
    lower: float | None
    upper: float | None
    lower_outcomes: tuple[str, ...]
    upper_outcomes: tuple[str, ...]
    within_uncertainty: bool
    grounds: str

    @property
    def flips(self) -> bool:
        """Whether the prediction changes on either side within the searched span."""
        return self.lower is not None or self.upper is not None


class SweepParameters(_EngineResult):
    """The settings of a sweep: the solution concept asked for (``spe``, ``nash``, ``pure``,
    ``qre``), the logit precision for ``qre``, and the rank noise of ordinal payoffs."""

    concept: str
    precision: float | None
    rank_noise: float


class SweepResult(_EngineResult):
    """A payoff-uncertainty sweep: outcome frequencies over ``n_runs`` seeded draws, and
    one-at-a-time thresholds around the judged values. In JSON ``game_id`` is ``game``."""

    model_config = _GAME_ALIAS

    game_id: str = _GAME_ID
    concept: str
    n_runs: int
    seed: int
    base_outcomes: tuple[str, ...]
    frequencies: tuple[OutcomeFrequency, ...]
    thresholds: tuple[Threshold, ...]
    parameters: SweepParameters
    notes: tuple[str, ...] = ()
    version: str = __version__

    def distribution(self) -> dict[str, float]:
        """Each outcome's mean probability over the draws."""
        return {row.outcome: row.mean_probability for row in self.frequencies}


class GameResult(ResultModel):
    """One game of the case as the games stage solved it: the case's description of the game,
    its solution under the default concept (subgame perfection for trees, Nash for tables),
    the sweep over payoff uncertainty, both in words too, and per outcome its label and the
    scenario variants it implies."""

    id: str
    title: str
    form: Literal["extensive", "normal"]
    payoffs: Literal["ordinal", "cardinal"]
    players: tuple[str, ...]
    concept: str
    text: str  # the tree or table in words
    solution: Solution
    equilibria: tuple[Equilibrium, ...]  # the solution's, repeated for readers of the JSON
    sweep: SweepResult
    sweep_text: str
    implies: dict[str, tuple[str, ...]]  # outcome id -> "descriptor.variant" it brings about
    outcome_labels: dict[str, str]  # outcome id -> its words (an outcome's description)

    @property
    def reached(self) -> set[str]:
        """Outcomes some equilibrium reaches with positive probability."""
        return set(self.solution.outcomes_on_path())


class GamesResults(ResultModel):
    """The games stage: every game of the case, and the sweep's settings (the number of payoff
    draws and the standard deviation given to ordinal ranks that state no uncertainty)."""

    rank_noise: float
    draws: int
    games: tuple[GameResult, ...]

    def game(self, game_id: str) -> GameResult | None:
        """The result of the game ``game_id`` (None when the run has no such game)."""
        return next((game for game in self.games if game.id == game_id), None)
