"""Plain result objects of the game engine; each serialises with ``to_dict()``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from realpolitik import __version__

__all__ = [
    "Equilibrium",
    "OutcomeFrequency",
    "PayoffGround",
    "Solution",
    "SweepResult",
    "Threshold",
]


def _copy(mapping: Mapping[str, Any]) -> dict[str, Any]:
    # A private copy, nested mappings included, so that a caller's dict cannot change a
    # result afterwards; plain dicts keep results picklable for parallel runs.
    return {
        key: _copy(value) if isinstance(value, Mapping) else value for key, value in mapping.items()
    }


def _plain(mapping: Mapping[str, Any]) -> dict[str, Any]:
    return {
        key: _plain(value) if isinstance(value, Mapping) else value
        for key, value in mapping.items()
    }


@dataclass(frozen=True)
class Equilibrium:
    """One solution profile.

    ``choices`` maps each decision point (information set or node id in a tree, player id in a
    table) to the probability of each move or strategy id; ``expected_payoffs`` maps player ids
    to their expected payoff; ``outcome_probabilities`` maps every outcome id to its
    probability under the profile; ``path`` is the path of play in words.
    """

    choices: Mapping[str, Mapping[str, float]]
    expected_payoffs: Mapping[str, float]
    outcome_probabilities: Mapping[str, float]
    path: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "choices", _copy(self.choices))
        object.__setattr__(self, "expected_payoffs", _copy(self.expected_payoffs))
        object.__setattr__(self, "outcome_probabilities", _copy(self.outcome_probabilities))

    def outcomes_on_path(self, tolerance: float = 1e-9) -> tuple[str, ...]:
        """Outcome ids reached with probability above ``tolerance``."""
        return tuple(o for o, p in self.outcome_probabilities.items() if p > tolerance)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {
            "choices": _plain(self.choices),
            "expected_payoffs": _plain(self.expected_payoffs),
            "outcome_probabilities": _plain(self.outcome_probabilities),
            "path": self.path,
        }


@dataclass(frozen=True)
class PayoffGround:
    """Why a payoff has its value: the judgment's value, uncertainty and grounds."""

    outcome: str
    player: str
    value: float
    uncertainty: str
    grounds: str

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {
            "outcome": self.outcome,
            "player": self.player,
            "value": self.value,
            "uncertainty": self.uncertainty,
            "grounds": self.grounds,
        }


@dataclass(frozen=True)
class Solution:
    """The equilibria of one game under one solution concept.

    ``concept`` is one of ``subgame-perfect``, ``pure-nash``, ``mixed-nash``, ``logit-qre``;
    ``method`` names the Gambit routine used; ``precision`` is the logit λ for QRE;
    ``checked_by_backward_induction`` is True when an independent backward induction found the
    same subgame-perfect equilibria (None where it does not apply); ``grounds`` gives the
    evidence for the payoffs of outcomes on an equilibrium path; ``notes`` warn the reader.
    """

    game_id: str
    concept: str
    method: str
    equilibria: tuple[Equilibrium, ...]
    precision: float | None = None
    checked_by_backward_induction: bool | None = None
    grounds: tuple[PayoffGround, ...] = ()
    notes: tuple[str, ...] = ()

    def outcomes_on_path(self, tolerance: float = 1e-9) -> frozenset[str]:
        """Outcomes reached with positive probability under at least one equilibrium."""
        return frozenset(o for eq in self.equilibria for o in eq.outcomes_on_path(tolerance))

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON, with the package version."""
        return {
            "game": self.game_id,
            "concept": self.concept,
            "method": self.method,
            "precision": self.precision,
            "checked_by_backward_induction": self.checked_by_backward_induction,
            "equilibria": [eq.to_dict() for eq in self.equilibria],
            "grounds": [ground.to_dict() for ground in self.grounds],
            "notes": list(self.notes),
            "version": __version__,
        }


@dataclass(frozen=True)
class OutcomeFrequency:
    """How an outcome fared across a sweep's draws.

    ``on_path_share``: share of draws in which some equilibrium reaches the outcome;
    ``mean_probability``: its probability averaged over the equilibria of a draw, then over
    draws.
    """

    outcome: str
    on_path_share: float
    mean_probability: float

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {
            "outcome": self.outcome,
            "on_path_share": self.on_path_share,
            "mean_probability": self.mean_probability,
        }


@dataclass(frozen=True)
class Threshold:
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

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {
            "outcome": self.outcome,
            "player": self.player,
            "value": self.value,
            "lower": self.lower,
            "upper": self.upper,
            "lower_outcomes": list(self.lower_outcomes),
            "upper_outcomes": list(self.upper_outcomes),
            "within_uncertainty": self.within_uncertainty,
            "grounds": self.grounds,
        }


@dataclass(frozen=True)
class SweepResult:
    """A payoff-uncertainty sweep: outcome frequencies over ``n_runs`` seeded draws, and
    one-at-a-time thresholds around the judged values."""

    game_id: str
    concept: str
    n_runs: int
    seed: int
    base_outcomes: tuple[str, ...]
    frequencies: tuple[OutcomeFrequency, ...]
    thresholds: tuple[Threshold, ...]
    parameters: Mapping[str, Any] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "parameters", _copy(self.parameters))

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON, with the seed, parameters and package version."""
        return {
            "game": self.game_id,
            "concept": self.concept,
            "n_runs": self.n_runs,
            "seed": self.seed,
            "base_outcomes": list(self.base_outcomes),
            "frequencies": [item.to_dict() for item in self.frequencies],
            "thresholds": [item.to_dict() for item in self.thresholds],
            "parameters": _plain(self.parameters),
            "notes": list(self.notes),
            "version": __version__,
        }
