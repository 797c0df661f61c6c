"""Case judgments as the arrays the engines take (the only place that maps one to the other)."""

from __future__ import annotations

import math
from collections.abc import Sequence

from realpolitik import games
from realpolitik.case import Case, Issue, Judgment
from realpolitik.case import Game as CaseGame
from realpolitik.uncertainty import Judged


def judged(values: Sequence[Judgment], bounds: tuple[float, float], unit: float = 1.0) -> Judged:
    """Judgments as uncertainty-aware arrays, each value divided by ``unit``."""
    nan = math.nan
    return Judged.of(
        [j.value / unit for j in values],
        sd=[j.sd / unit if j.sd is not None else nan for j in values],
        low=[j.range[0] / unit if j.range is not None else nan for j in values],
        high=[j.range[1] / unit if j.range is not None else nan for j in values],
        bounds=bounds,
    )


def issue_inputs(case: Case, issue: Issue) -> tuple[list[str], Judged, Judged, Judged]:
    """Actor ids, positions (0-100), saliences (fractions) and capabilities (0-100)."""
    actors = [entry.actor for entry in issue.positions]
    capability = {actor.id: actor.capability for actor in case.actors}
    return (
        actors,
        judged([entry.position for entry in issue.positions], (0.0, 100.0)),
        judged([entry.salience for entry in issue.positions], (0.0, 1.0), unit=100.0),
        judged([capability[actor] for actor in actors], (0.0, 100.0)),
    )


def game_from_case(case: Case, game: CaseGame) -> games.Game:
    """The case's game as the engine solves it, players named as in the case. The same model
    (an engine game is a case game with the engine's methods), not checked again: loading the
    case ran its checks (:func:`realpolitik.case.checks.game_faults`)."""
    names = {actor.id: actor.name for actor in case.actors}
    player_names = {player: names.get(player, player) for player in game.players}
    form = games.ExtensiveGame if game.form == "extensive" else games.NormalGame
    return form.model_construct(**dict(game), player_names=player_names)


def implied_variants(engine_game: games.Game, game: CaseGame) -> dict[str, list[str]]:
    """Scenario variants each outcome of the engine's game brings about (case `implies`)."""
    if isinstance(engine_game, games.NormalGame):
        return {engine_game.outcome_id(cell.profile): list(cell.implies) for cell in game.cells}
    return {outcome.id: list(outcome.implies) for outcome in game.outcomes}
