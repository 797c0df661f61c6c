"""Properties of equilibria that hold for every game (hypothesis)."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from game_builders import a_move, a_node, an_outcome, judged, tree
from realpolitik.games import (
    CHANCE,
    ExtensiveGame,
    Game,
    GameError,
    Node,
    Outcome,
    backward_induction,
    logit_qre,
    mixed_nash,
    payoff_judgments,
    pure_nash,
    subgame_perfect,
    to_gambit,
    with_payoffs,
)
from test_games_model import pays, table

PLAYERS = ("a", "b", "c")


@st.composite
def perfect_information_trees(draw: st.DrawFn, chance: bool = True) -> ExtensiveGame:
    """Random trees of depth <= 3 with 2-3 moves a node and small integer payoffs (ties
    included), optionally with chance nodes."""
    players = PLAYERS[: draw(st.integers(2, 3))]
    nodes: list[Node | None] = []  # a node's place is kept while its moves are drawn
    outcomes: list[Outcome] = []

    def build(depth: int, root: bool = False) -> str:
        if not root and (depth == 0 or draw(st.booleans())):
            outcome_id = f"o{len(outcomes)}"
            values = {p: float(draw(st.integers(0, 4))) for p in players}
            outcomes.append(an_outcome(outcome_id, pays(**values)))
            return outcome_id
        node_id = f"n{len(nodes)}"
        nodes.append(None)
        index = len(nodes) - 1
        mover = draw(st.sampled_from(players + ((CHANCE,) if chance else ())))
        count = draw(st.integers(2, 3))
        weights = [draw(st.integers(1, 4)) for _ in range(count)]
        moves = []
        for k in range(count):
            target = build(depth - 1)
            probability = (
                judged(weights[k] / sum(weights), assumption="random") if mover == CHANCE else None
            )
            moves.append(a_move(f"m{k}", target, f"Move {k}", probability))
        nodes[index] = a_node(node_id, mover, tuple(moves))
        return node_id

    build(3, root=True)
    return tree("random", players, [n for n in nodes if n is not None], outcomes)


def spe_plans(game: ExtensiveGame) -> set[tuple[tuple[str, str], ...]]:
    solution = subgame_perfect(game)
    return {
        tuple(sorted((point, max(m, key=m.__getitem__)) for point, m in eq.choices.items()))
        for eq in solution.equilibria
    }


def shifted(game: Game, player: str, constant: float) -> Game:
    return with_payoffs(
        game,
        {(o, p): j.value + constant for o, p, j in payoff_judgments(game) if p == player},
    )


@settings(max_examples=25, deadline=None)
@given(perfect_information_trees())
def test_gambit_spe_matches_backward_induction(game: ExtensiveGame) -> None:
    solution = subgame_perfect(game)
    assert solution.checked_by_backward_induction is True
    assert len(solution.equilibria) == len(
        {tuple(sorted(p.items())) for p in backward_induction(game)}
    )
    assert len(solution.equilibria) >= 1  # Kuhn: a finite perfect-information game has one


@settings(max_examples=20, deadline=None)
@given(perfect_information_trees(), st.integers(0, 2), st.integers(-5, 5).filter(bool))
def test_constant_added_to_one_player_keeps_spe(
    game: ExtensiveGame, which: int, constant: int
) -> None:
    player = game.players[which % len(game.players)]
    moved = shifted(game, player, constant)
    assert isinstance(moved, ExtensiveGame)
    assert spe_plans(moved) == spe_plans(game)


@settings(max_examples=20, deadline=None)
@given(perfect_information_trees(chance=False), st.data())
def test_rank_preserving_change_keeps_pure_spe(game: ExtensiveGame, data: st.DataObject) -> None:
    ordinal = with_payoffs(game, {}, payoff_kind="ordinal")
    values: dict[tuple[str, str], float] = {}
    for player in game.players:
        own = sorted({j.value for _, p, j in payoff_judgments(game) if p == player})
        steps = data.draw(st.lists(st.integers(1, 9), min_size=len(own), max_size=len(own)))
        new_level = dict(zip(own, itertools.accumulate(steps), strict=True))
        values.update(
            {(o, p): float(new_level[j.value]) for o, p, j in payoff_judgments(game) if p == player}
        )
    changed = with_payoffs(ordinal, values)
    assert isinstance(ordinal, ExtensiveGame) and isinstance(changed, ExtensiveGame)
    assert spe_plans(changed) == spe_plans(ordinal)


def equilibrium_set(game: Game, solver: str) -> set[tuple[tuple[str, str, float], ...]]:
    solution = mixed_nash(game) if solver == "mixed" else pure_nash(game)
    return {
        tuple(
            sorted(
                (point, move, round(p, 7))
                for point, moves in eq.choices.items()
                for move, p in moves.items()
            )
        )
        for eq in solution.equilibria
    }


@st.composite
def two_player_tables(draw: st.DrawFn) -> Game:
    rows = ("r0", "r1", "r2")[: draw(st.integers(2, 3))]
    columns = ("c0", "c1")
    payoffs = {
        (r, c): (float(draw(st.integers(-3, 3))), float(draw(st.integers(-3, 3))))
        for r in rows
        for c in columns
    }
    return table("random-table", {"row": rows, "column": columns}, payoffs)


@settings(max_examples=25, deadline=None)
@given(two_player_tables(), st.sampled_from(["row", "column"]), st.integers(-5, 5).filter(bool))
@example(
    table(
        "random-table",
        {"row": ("r0", "r1"), "column": ("c0", "c1")},
        {("r0", "c0"): (0.0, 0.0), ("r0", "c1"): (1.0, 2.0), ("r1", "c0"): (1.0, 0.0),
         ("r1", "c1"): (0.0, -2.0)},
    ),
    "row",
    1,
)  # fmt: skip
def test_constant_added_to_one_player_keeps_nash(game: Game, player: str, constant: int) -> None:
    moved = shifted(game, player, constant)
    assert equilibrium_set(moved, "pure") == equilibrium_set(game, "pure")
    assert equilibrium_set(moved, "mixed") == equilibrium_set(game, "mixed")
    # Logit responses depend on payoff differences only, so the QRE does not move either.
    # On some degenerate tables Gambit's trace stops short of λ (here seen at √2) and the
    # engine says so; the shifted game, with the same differences, must then stop too.
    try:
        (before,) = logit_qre(game, 1.5).equilibria
    except GameError:
        with pytest.raises(GameError, match="logit trace ended"):
            logit_qre(moved, 1.5)
        return
    (after,) = logit_qre(moved, 1.5).equilibria
    for point, moves in before.choices.items():
        for move, probability in moves.items():
            assert after.choices[point][move] == pytest.approx(probability, abs=1e-6)


@st.composite
def trees_with_a_simultaneous_stage(draw: st.DrawFn) -> ExtensiveGame:
    """Player a stays out or goes in; inside, one player moves and the other answers without
    seeing that move (an information set); payoffs are small integers with ties."""
    first, second = draw(st.permutations(["a", "b"]))
    count = draw(st.integers(2, 3))
    outcomes = [an_outcome("out", pays(a=draw(st.integers(0, 4)), b=draw(st.integers(0, 4))))]
    answers = []
    for k in range(count):
        ends = []
        for reply in ("x", "y"):
            outcome_id = f"o{k}{reply}"
            outcomes.append(
                an_outcome(outcome_id, pays(a=draw(st.integers(0, 4)), b=draw(st.integers(0, 4))))
            )
            ends.append(a_move(reply, outcome_id))
        answers.append(a_node(f"answer-{k}", second, tuple(ends), infoset="blind"))
    nodes = (
        a_node("start", "a", (a_move("in", "stage"), a_move("out", "out"))),
        a_node("stage", first, tuple(a_move(f"m{k}", f"answer-{k}") for k in range(count))),
        *answers,
    )
    return tree("simultaneous-stage", ("a", "b"), nodes, tuple(outcomes))


def brute_force_spe(game: ExtensiveGame) -> set[tuple[tuple[str, str], ...]]:
    """Every pure behaviour profile, kept when Gambit finds no gain from deviating in any
    subgame: Selten's definition applied literally, as a reference for the decomposition."""
    gambit_game = to_gambit(game)
    subgames = [to_gambit(game.subgame(root)) for root in game.subgame_roots()]
    infosets = list(gambit_game.infosets)
    found = set()
    for actions in itertools.product(*(list(i.actions) for i in infosets)):
        plan = {i.label: a.label for i, a in zip(infosets, actions, strict=True)}
        perfect = True
        for sub in subgames:
            profile = sub.mixed_behavior_profile(rational=True)
            for infoset in sub.infosets:
                for action in infoset.actions:
                    profile[action] = 1 if plan[infoset.label] == action.label else 0
            perfect = perfect and profile.max_regret() == 0
        if perfect:
            found.add(tuple(sorted(plan.items())))
    return found


@settings(max_examples=20, deadline=None)
@given(trees_with_a_simultaneous_stage())
def test_subgame_decomposition_matches_the_definition(game: ExtensiveGame) -> None:
    assert spe_plans(game) == brute_force_spe(game)
