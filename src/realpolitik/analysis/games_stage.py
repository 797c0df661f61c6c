"""Games stage: each game of the case solved, described, and swept over payoff uncertainty."""

from __future__ import annotations

from realpolitik.analysis.core import Progress, RunSettings
from realpolitik.analysis.inputs import game_from_case, implied_variants
from realpolitik.case import Case
from realpolitik.games import ExtensiveGame, describe_game, describe_sweep
from realpolitik.results.games import GameResult, GamesResults

#: Standard deviation of an ordinal rank that states no uncertainty of its own: neighbouring
#: ranks then swap in about 8% of draws (see realpolitik.games.sweep).
ORDINAL_RANK_NOISE = 0.5


def default_concept(form: str) -> str:
    """Subgame perfection for trees; every Nash equilibrium (mixed too) for tables."""
    return "spe" if form == "extensive" else "nash"


def games_stage(case: Case, settings: RunSettings, progress: Progress) -> GamesResults:
    # The solvers load Gambit: imported here, in the process that runs this stage.
    from realpolitik.games import solve, sweep

    results: list[GameResult] = []
    for k, game in enumerate(case.games):
        engine_game = game_from_case(case, game)
        concept = default_concept(game.form)
        solution = solve(engine_game, concept)
        swept = sweep(
            engine_game,
            n_runs=settings.game_draws,
            seed=settings.seed + k,
            concept=concept,
            rank_noise=ORDINAL_RANK_NOISE,
        )
        if isinstance(engine_game, ExtensiveGame):
            labels = {o.id: o.description or o.id for o in engine_game.outcomes}
        else:
            labels = {engine_game.outcome_id(c.profile): engine_game.outcome_id(c.profile)
                      for c in engine_game.cells}  # fmt: skip
        results.append(
            GameResult(
                id=game.id,
                title=game.title,
                form=game.form,
                payoffs=game.payoffs,
                players=game.players,
                concept=solution.concept,
                text=describe_game(engine_game),
                solution=solution,
                equilibria=solution.equilibria,
                sweep=swept,
                sweep_text=describe_sweep(engine_game, swept),
                implies=implied_variants(engine_game, game),
                outcome_labels=labels,
            )
        )
        progress("games", (k + 1) / len(case.games))
    return GamesResults(
        rank_noise=ORDINAL_RANK_NOISE, draws=settings.game_draws, games=tuple(results)
    )
