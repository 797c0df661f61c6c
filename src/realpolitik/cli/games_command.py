"""`realpolitik games`: the moments of choice of a case, solved for their equilibria."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

import typer

from realpolitik.cli.common import (
    CaseArgument,
    JsonOption,
    bad_option,
    console,
    load_or_exit,
    print_json,
    seed_option,
    select,
)

#: The largest logit precision λ: far past it quantal response is Nash play to many digits,
#: and Gambit's trace towards a huge λ runs for hours (an infinite one never ends).
MAX_NOISE = 1e6
#: The most payoff draws of a sweep (as `realpolitik run --game-draws`).
MAX_DRAWS = 100_000


class Concept(StrEnum):
    SPE = "spe"
    NASH = "nash"
    PURE = "pure"
    QRE = "qre"


def games(
    case: CaseArgument,
    game: Annotated[
        list[str] | None, typer.Option("--game", help="Solve only this game (repeatable).")
    ] = None,
    solution: Annotated[
        Concept | None,
        typer.Option(
            "--solution",
            help="spe (subgame-perfect), nash (all, mixed too), pure (pure Nash) or qre "
            "(logit quantal response). Default: spe for trees, nash for tables.",
        ),
    ] = None,
    noise: Annotated[
        float | None,
        typer.Option(
            "--noise",
            "--lambda",
            min=0.0,
            max=MAX_NOISE,
            help="Logit precision λ for qre: 0 is uniformly random play, large λ nears Nash "
            "(at most 1e6).",
        ),
    ] = None,
    n_draws: Annotated[
        int,
        typer.Option(
            "--sweep", min=0, max=MAX_DRAWS, help="Payoff draws for a robustness sweep (0: none)."
        ),
    ] = 0,
    seed: Annotated[int, seed_option("Random seed of the sweep.")] = 2021,
    as_json: JsonOption = False,
) -> None:
    """Solve the games of a case and say how robust the answer is to the payoffs.

    Prints each game's tree or table, its equilibria with the path of play in words, each
    player's expected payoff, the evidence behind the payoffs, and, with --sweep, how often
    each outcome is on the equilibrium path when payoffs are drawn from their uncertainty.

    Example: realpolitik games south-caucasus-2021 --game mandate-renewal-2025 --sweep 500
    """
    from realpolitik.analysis.games_stage import ORDINAL_RANK_NOISE, default_concept
    from realpolitik.analysis.inputs import game_from_case
    from realpolitik.games import GameError, describe_game, describe_solution, describe_sweep, solve
    from realpolitik.games import sweep as sweep_game

    loaded = load_or_exit(case, as_json)
    wanted = select(game, [g.id for g in loaded.games], "game")
    if solution is Concept.QRE and noise is None:
        bad_option("--solution qre needs a precision", "add --noise LAMBDA, e.g. --noise 2")
    output: list[dict[str, Any]] = []
    for game_id in wanted:
        case_game = loaded.game(game_id)
        engine_game = game_from_case(loaded, case_game)
        concept = str(solution) if solution is not None else default_concept(case_game.form)
        try:
            solved = solve(engine_game, concept, noise)
            swept = (
                sweep_game(engine_game, n_runs=n_draws, seed=seed, concept=concept,
                           precision=noise, rank_noise=ORDINAL_RANK_NOISE)
                if n_draws
                else None
            )  # fmt: skip
        except GameError as error:
            bad_option(str(error), "check the game's definition in the case file")
        if as_json:
            output.append(
                {
                    "game": game_id,
                    "solution": solved.model_dump(mode="json"),
                    "sweep": swept.model_dump(mode="json") if swept else None,
                }
            )
            continue
        console.rule(f"[bold]{case_game.title}[/bold] ({game_id})")
        console.print(describe_game(engine_game), markup=False, highlight=False, soft_wrap=True)
        console.print(
            describe_solution(engine_game, solved), markup=False, highlight=False, soft_wrap=True
        )
        if swept is not None:
            console.print(
                describe_sweep(engine_game, swept), markup=False, highlight=False, soft_wrap=True
            )
    if as_json:
        print_json(output)
