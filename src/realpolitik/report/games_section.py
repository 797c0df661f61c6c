"""The report's "Moments of choice" section: each game of the case, solved and swept.

It reads ``results.games`` (the games stage, :mod:`realpolitik.analysis.games_stage`) and lays
each game out with ``templates/games.html.j2``: the tree or table with its equilibrium, the
equilibria in words, how often each outcome comes about over the payoff draws, the payoff
judgments that flip the answer, and the grounds of the payoffs on an equilibrium path.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from realpolitik.analysis.inputs import game_from_case
from realpolitik.case import Case
from realpolitik.case import Game as CaseGame
from realpolitik.games.describe import chance_odds
from realpolitik.report import figures
from realpolitik.report.html import Page, _grounds
from realpolitik.report.templating import render
from realpolitik.results import RunResults, required
from realpolitik.results.games import GameResult

Row = tuple[object, ...]


@dataclass(frozen=True)
class GameView:
    """What the template shows of one game."""

    game: CaseGame
    result: GameResult
    chart: Markup
    equilibria: list[Row]
    sweep_chart: Markup
    flips: list[Row]
    grounds: list[Row]


def _chart(case: Case, game: CaseGame, result: GameResult, page: Page) -> Markup:
    names = {actor.id: actor.name for actor in case.actors}
    if game.form == "extensive":
        first = result.equilibria[0] if result.equilibria else None
        return page.figure(figures.game_tree(game, first, names), f"{game.id}-tree")
    if len(game.players) == 2:
        return page.figure(figures.game_table(game, result.equilibria, names), f"{game.id}-table")
    return render("games.html.j2", text_only=result.text)


def _sweep_chart(case: Case, game: CaseGame, result: GameResult, page: Page) -> Markup:
    sweep, labels = result.sweep, result.outcome_labels
    chance = chance_odds(game_from_case(case, game))
    frequencies = sorted(sweep.frequencies, key=lambda f: -f.mean_probability)
    chart = figures.outcome_shares(
        f"{game.title}: how often each outcome comes about over {sweep.n_runs} payoff draws",
        [
            labels.get(f.outcome, f.outcome)
            + (f" (after nature's move, chance {chance[f.outcome]:.0%})"
               if f.outcome in chance else "")
            for f in frequencies
        ],
        frequencies,
    )  # fmt: skip
    return page.figure(chart, f"{game.id}-sweep")


def _view(case: Case, result: GameResult, page: Page) -> GameView:
    game = case.game(result.id)
    names = {actor.id: actor.name for actor in case.actors}
    labels = result.outcome_labels
    equilibria: list[Row] = [
        (
            number,
            eq.path,
            ", ".join(f"{names.get(p, p)} {v:.3g}" for p, v in eq.expected_payoffs.items()),
        )
        for number, eq in enumerate(result.equilibria, start=1)
    ]
    flips: list[Row] = [
        (
            labels.get(t.outcome, t.outcome),
            names.get(t.player, t.player),
            float(t.value),
            "" if t.lower is None else f"below {t.lower:g} -> " + ", ".join(t.lower_outcomes),
            "" if t.upper is None else f"above {t.upper:g} -> " + ", ".join(t.upper_outcomes),
            "yes" if t.within_uncertainty else "no",
        )
        for t in result.sweep.thresholds
        if t.flips
    ]
    reached = {
        o for eq in result.equilibria for o, p in eq.outcome_probabilities.items() if p > 1e-9
    }
    paid = (
        [(outcome.id, outcome.payoffs) for outcome in game.outcomes]
        if game.form == "extensive"
        else [(game.profile_id(cell.profile), cell.payoffs) for cell in game.cells]
    )
    grounds: list[Row] = [
        (key, names.get(player, player), float(judgment.value), _grounds(case, judgment))
        for key, payoffs in paid
        if key in reached
        for player, judgment in payoffs.items()
    ]
    return GameView(
        game=game,
        result=result,
        chart=_chart(case, game, result, page),
        equilibria=equilibria,
        sweep_chart=_sweep_chart(case, game, result, page),
        flips=flips,
        grounds=grounds,
    )


def games_section(case: Case, results: RunResults, page: Page) -> str:
    data = required(results.games, "games")
    views = [_view(case, result, page) for result in data.games]
    return str(render("games.html.j2", text_only=None, data=data, views=views))
