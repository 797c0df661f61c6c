"""Games results built by hand for tests of their consumers (backtest, triangulation)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from realpolitik.results.games import (
    Equilibrium,
    GameResult,
    GamesResults,
    OutcomeFrequency,
    Solution,
    SweepParameters,
    SweepResult,
)


def game_result(
    game_id: str,
    reached: Mapping[str, float] | None = None,
    swept: Mapping[str, float] | None = None,
    implies: Mapping[str, Sequence[str]] | None = None,
) -> GameResult:
    """A one-player table whose one equilibrium reaches the outcomes ``reached`` with their
    probabilities, whose sweep gave each outcome of ``swept`` its mean probability, and whose
    outcomes imply the scenario variants ``implies``."""
    probabilities = dict(reached or {"s": 1.0})
    equilibrium = Equilibrium(
        choices={"p": {"s": 1.0}}, expected_payoffs={"p": 1.0},
        outcome_probabilities=probabilities, path="P plays s",
    )  # fmt: skip
    frequencies = tuple(
        OutcomeFrequency(outcome=outcome, on_path_share=p, mean_probability=p)
        for outcome, p in (swept or {}).items()
    )
    return GameResult(
        id=game_id, title=game_id, form="normal", payoffs="ordinal", players=("p",),
        concept="mixed-nash", text="", equilibria=(equilibrium,),
        solution=Solution(game_id=game_id, concept="mixed-nash", method="by hand",
                          equilibria=(equilibrium,)),
        sweep=SweepResult(
            game_id=game_id, concept="mixed-nash", n_runs=4, seed=0, base_outcomes=("s",),
            frequencies=frequencies, thresholds=(),
            parameters=SweepParameters(concept="nash", precision=None, rank_noise=0.5),
        ),
        sweep_text="", implies={k: tuple(v) for k, v in (implies or {}).items()},
        outcome_labels={},
    )  # fmt: skip


def games_results(*games: GameResult) -> GamesResults:
    """The games stage's results holding ``games``."""
    return GamesResults(rank_noise=0.5, draws=4, games=games)
