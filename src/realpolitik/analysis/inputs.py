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


def _game_judgment(judgment: Judgment) -> games.Judgment:
    return games.Judgment(
        value=judgment.value,
        sd=judgment.sd,
        range=judgment.range,
        evidence=judgment.evidence,
        assumption=judgment.assumption,
        note=judgment.note,
    )


def game_from_case(case: Case, game: CaseGame) -> games.Game:
    """The game engine's model of a case game, players named as in the case."""
    names = {actor.id: actor.name for actor in case.actors}
    player_names = {player: names.get(player, player) for player in game.players}
    if game.form == "normal":
        return games.NormalGame(
            id=game.id,
            players=game.players,
            strategies=game.strategies,
            cells=tuple(
                games.Cell(
                    profile=cell.profile,
                    payoffs={p: _game_judgment(j) for p, j in cell.payoffs.items()},
                    description=cell.description,
                )
                for cell in game.cells
            ),
            title=game.title,
            description=game.description,
            payoff_kind=game.payoffs,
            player_names=player_names,
        )
    return games.ExtensiveGame(
        id=game.id,
        players=game.players,
        nodes=tuple(
            games.Node(
                id=node.id,
                player=node.player,
                moves=tuple(
                    games.Move(
                        id=move.id,
                        to=move.to,
                        name=move.name,
                        probability=_game_judgment(move.probability)
                        if move.probability is not None
                        else None,
                    )
                    for move in node.moves
                ),
                infoset=node.infoset,
                description=node.description,
            )
            for node in game.nodes
        ),
        outcomes=tuple(
            games.Outcome(
                id=outcome.id,
                payoffs={p: _game_judgment(j) for p, j in outcome.payoffs.items()},
                description=outcome.description,
            )
            for outcome in game.outcomes
        ),
        title=game.title,
        description=game.description,
        payoff_kind=game.payoffs,
        root=game.root,
        player_names=player_names,
    )


def implied_variants(engine_game: games.Game, game: CaseGame) -> dict[str, list[str]]:
    """Scenario variants each outcome of the engine's game brings about (case `implies`)."""
    if isinstance(engine_game, games.NormalGame):
        return {engine_game.outcome_id(cell.profile): list(cell.implies) for cell in game.cells}
    return {outcome.id: list(outcome.implies) for outcome in game.outcomes}
