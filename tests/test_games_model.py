"""The game model: textbook games used across the game tests, and structural checks."""

from __future__ import annotations

import pickle
from collections.abc import Mapping

import pytest

from game_builders import a_cell, a_move, a_node, an_outcome, judged, table_game, tree
from realpolitik.games import (
    CHANCE,
    ExtensiveGame,
    GameError,
    Judgment,
    Node,
    NormalGame,
    payoff_judgments,
    to_gambit,
    with_payoffs,
)


def pays(**values: float) -> dict[str, Judgment]:
    """Payoff judgments from plain numbers, labelled as textbook assumptions."""
    return {p: judged(v, assumption="textbook example") for p, v in values.items()}


def table(
    game_id: str,
    strategies: Mapping[str, tuple[str, ...]],
    payoffs: Mapping[tuple[str, ...], tuple[float, ...]],
    payoff_kind: str = "cardinal",
) -> NormalGame:
    """A normal-form game from {(strategy of each player, ...): (payoff of each player, ...)}."""
    players = tuple(strategies)
    cells = tuple(
        a_cell(dict(zip(players, profile, strict=True)), pays(**dict(zip(players, v, strict=True))))
        for profile, v in payoffs.items()
    )
    return table_game(game_id, players, strategies, cells, payoff_kind=payoff_kind)  # type: ignore[arg-type]


def entry_deterrence() -> ExtensiveGame:
    """Selten's chain-store stage game: the threat to fight entry is not credible."""
    return tree(
        id="entry",
        players=("entrant", "incumbent"),
        nodes=(
            a_node(
                "entrant-decides",
                "entrant",
                (
                    a_move("enter", "incumbent-decides", "Enter"),
                    a_move("stay-out", "out", "Stay out"),
                ),
            ),
            a_node(
                "incumbent-decides",
                "incumbent",
                (a_move("fight", "war", "Fight"), a_move("accommodate", "shared", "Accommodate")),
            ),
        ),
        outcomes=(
            an_outcome("war", pays(entrant=-1, incumbent=-1)),
            an_outcome("shared", pays(entrant=1, incumbent=1)),
            an_outcome("out", pays(entrant=0, incumbent=2)),
        ),
    )


def matching_pennies() -> NormalGame:
    return table(
        "pennies",
        {"matcher": ("heads", "tails"), "mismatcher": ("heads", "tails")},
        {
            ("heads", "heads"): (1, -1),
            ("heads", "tails"): (-1, 1),
            ("tails", "heads"): (-1, 1),
            ("tails", "tails"): (1, -1),
        },
    )


def battle_of_the_sexes() -> NormalGame:
    return table(
        "bos",
        {"her": ("opera", "football"), "him": ("opera", "football")},
        {
            ("opera", "opera"): (2, 1),
            ("opera", "football"): (0, 0),
            ("football", "opera"): (0, 0),
            ("football", "football"): (1, 2),
        },
    )


def risky_investment(success: float) -> ExtensiveGame:
    """An investor facing a chance node: invest pays 5 on success and -2 on failure."""
    return tree(
        id="investment",
        players=("investor",),
        nodes=(
            a_node(
                "decide",
                "investor",
                (a_move("invest", "nature", "Invest"), a_move("hold", "held", "Hold")),
            ),
            a_node(
                "nature",
                CHANCE,
                (
                    a_move("success", "won", "success", judged(success, assumption="test")),
                    a_move("failure", "lost", "failure", judged(1 - success, assumption="test")),
                ),
            ),
        ),
        outcomes=(
            an_outcome("won", pays(investor=5)),
            an_outcome("lost", pays(investor=-2)),
            an_outcome("held", pays(investor=0)),
        ),
    )


def entry_then_simultaneous() -> ExtensiveGame:
    """Entry followed by a simultaneous pricing game (an information set for the incumbent).

    The subgame after entry has the unique equilibrium (accommodate, accommodate); staying
    out backed by a threat to fight is Nash but not subgame perfect.
    """
    return tree(
        id="entry-simultaneous",
        players=("entrant", "incumbent"),
        nodes=(
            a_node(
                "start",
                "entrant",
                (a_move("in", "entrant-acts", "Go in"), a_move("out", "o", "Stay out")),
            ),
            a_node(
                "entrant-acts",
                "entrant",
                (a_move("fight", "after-fight"), a_move("accommodate", "after-accommodate")),
            ),
            a_node(
                "after-fight",
                "incumbent",
                (a_move("fight", "ff"), a_move("accommodate", "fa")),
                infoset="incumbent-prices",
            ),
            a_node(
                "after-accommodate",
                "incumbent",
                (a_move("fight", "af"), a_move("accommodate", "aa")),
                infoset="incumbent-prices",
            ),
        ),
        outcomes=(
            an_outcome("o", pays(entrant=0, incumbent=2)),
            an_outcome("ff", pays(entrant=-3, incumbent=-1)),
            an_outcome("fa", pays(entrant=1, incumbent=-2)),
            an_outcome("af", pays(entrant=-2, incumbent=-1)),
            an_outcome("aa", pays(entrant=3, incumbent=1)),
        ),
    )


def entry_unknown_type(strong: float) -> ExtensiveGame:
    """Chance picks a strong or weak incumbent; the entrant does not see which."""

    def incumbent(node_id: str, fight: str, accommodate: str) -> Node:
        return a_node(
            node_id,
            "incumbent",
            (a_move("fight", fight, "Fight"), a_move("accommodate", accommodate)),
        )

    def entrant(node_id: str, to: str, out: str) -> Node:
        return a_node(
            node_id,
            "entrant",
            (a_move("enter", to, "Enter"), a_move("stay-out", out, "Stay out")),
            infoset="entrant-guesses",
        )

    return tree(
        id="entry-types",
        players=("entrant", "incumbent"),
        nodes=(
            a_node(
                "nature",
                CHANCE,
                (
                    a_move("strong", "entrant-s", "strong", judged(strong, assumption="test")),
                    a_move("weak", "entrant-w", "weak", judged(1 - strong, assumption="test")),
                ),
            ),
            entrant("entrant-s", "strong-decides", "out-s"),
            entrant("entrant-w", "weak-decides", "out-w"),
            incumbent("strong-decides", "fight-s", "share-s"),
            incumbent("weak-decides", "fight-w", "share-w"),
        ),
        outcomes=(
            an_outcome("out-s", pays(entrant=0, incumbent=3)),
            an_outcome("out-w", pays(entrant=0, incumbent=3)),
            an_outcome("fight-s", pays(entrant=-1, incumbent=1)),
            an_outcome("share-s", pays(entrant=2, incumbent=0)),
            an_outcome("fight-w", pays(entrant=-1, incumbent=-1)),
            an_outcome("share-w", pays(entrant=2, incumbent=1)),
        ),
    )


# --------------------------------------------------------------------------- checks


def test_textbook_games_build_and_convert() -> None:
    for game in (
        entry_deterrence(),
        matching_pennies(),
        battle_of_the_sexes(),
        risky_investment(0.4),
        entry_then_simultaneous(),
        entry_unknown_type(0.3),
    ):
        gambit_game = to_gambit(game)
        assert [p.label for p in gambit_game.players] == list(game.players)
        labels = sorted(o.label for o in gambit_game.outcomes)
        assert labels == sorted({o for o, _, _ in payoff_judgments(game)})


def test_tree_labels_carry_ids_into_gambit() -> None:
    gambit_game = to_gambit(entry_then_simultaneous())
    assert gambit_game.root.label == "start"
    infosets = sorted(i.label for i in gambit_game.infosets if not i.player.is_chance)
    assert infosets == ["entrant-acts", "incumbent-prices", "start"]
    shared = next(i for i in gambit_game.infosets if i.label == "incumbent-prices")
    assert len(list(shared.members)) == 2


def test_chance_probabilities_reach_gambit_exactly() -> None:
    gambit_game = to_gambit(risky_investment(0.1))
    chance = next(iter(gambit_game.players.chance.infosets))
    assert [str(a.prob) for a in chance.actions] == ["1/10", "9/10"]


def test_outcome_names_a_missing_player() -> None:
    game = entry_deterrence()
    broken = an_outcome("out", pays(entrant=0))
    with pytest.raises(GameError, match=r"outcome 'out'.*incumbent"):
        tree(game.id, game.players, game.nodes, (*game.outcomes[:2], broken))


def test_move_to_nowhere_is_named() -> None:
    game = entry_deterrence()
    bad = a_node(
        "entrant-decides", "entrant", (a_move("enter", "nowhere"), a_move("stay-out", "out"))
    )
    with pytest.raises(
        GameError,
        match=r"nodes\[entrant-decides\]\.moves\[enter\]\.to: move 'enter' leads to 'nowhere'",
    ):
        tree(game.id, game.players, (bad, game.nodes[1]), game.outcomes)


def test_unreachable_outcome_is_reported() -> None:
    game = entry_deterrence()
    extra = an_outcome("orphan", pays(entrant=0, incumbent=0))
    with pytest.raises(GameError, match="outcome 'orphan' is never reached"):
        tree(game.id, game.players, game.nodes, (*game.outcomes, extra))


def test_cycle_is_rejected() -> None:
    looping = (
        a_node("a", "p", (a_move("go", "b"), a_move("stop", "end"))),
        a_node("b", "p", (a_move("back", "a"), a_move("stop", "end"))),
    )
    with pytest.raises(GameError, match="the root 'a' is reached by a move"):
        tree("loop", ("p",), looping, (an_outcome("end", pays(p=0)),))


def test_unknown_player_is_named() -> None:
    game = entry_deterrence()
    bad = a_node("incumbent-decides", "turkey", game.nodes[1].moves)
    with pytest.raises(GameError, match="played by 'turkey', not a player of the game"):
        tree(game.id, game.players, (game.nodes[0], bad), game.outcomes)


def test_chance_probabilities_must_add_up() -> None:
    with pytest.raises(GameError, match=r"add up to 1\.1"):
        game = risky_investment(0.4)
        nature = game.nodes[1]
        moves = (
            nature.moves[0],
            a_move("failure", "lost", probability=judged(0.7, assumption="test")),
        )
        tree(game.id, game.players, (game.nodes[0], a_node("nature", CHANCE, moves)), game.outcomes)


def test_decision_move_cannot_carry_probability() -> None:
    nodes = (a_node("a", "p", (a_move("x", "end", probability=judged(1.0, assumption="t")),)),)
    with pytest.raises(GameError, match="move 'x' of a player has a probability"):
        tree("g", ("p",), nodes, (an_outcome("end", pays(p=0)),))


def test_information_set_needs_one_player_and_same_moves() -> None:
    game = entry_then_simultaneous()
    nodes = list(game.nodes)
    nodes[3] = a_node("after-accommodate", "entrant", nodes[3].moves, infoset="incumbent-prices")
    with pytest.raises(
        GameError, match=r"shares information set 'incumbent-prices'.*differs in player or moves"
    ):
        tree(game.id, game.players, tuple(nodes), game.outcomes)
    nodes[3] = a_node(
        "after-accommodate",
        "incumbent",
        (a_move("fight", "af"), a_move("yield", "aa")),
        infoset="incumbent-prices",
    )
    with pytest.raises(
        GameError, match=r"shares information set 'incumbent-prices'.*differs in player or moves"
    ):
        tree(game.id, game.players, tuple(nodes), game.outcomes)


def test_forgetting_own_move_is_rejected() -> None:
    # The entrant forgets whether it went in: its second node shares an infoset with a node
    # reached after a different first move of its own.
    nodes = (
        a_node("start", "entrant", (a_move("left", "l"), a_move("right", "r"))),
        a_node("l", "other", (a_move("a", "l2"), a_move("b", "o3"))),
        a_node("r", "other", (a_move("a", "r2"), a_move("b", "o4"))),
        a_node("l2", "entrant", (a_move("x", "o1"), a_move("y", "o2")), infoset="forgetful"),
        a_node("r2", "entrant", (a_move("x", "o5"), a_move("y", "o6")), infoset="forgetful"),
    )
    outcomes = tuple(an_outcome(f"o{i}", pays(entrant=i, other=-i)) for i in range(1, 7))
    with pytest.raises(GameError, match=r"nodes\[r2\]\.infoset: .*\(perfect recall\)"):
        tree("forgetful", ("entrant", "other"), nodes, outcomes)


def test_table_needs_every_profile() -> None:
    with pytest.raises(GameError, match=r"no cell for the profile \(a=y, b=y\)"):
        table(
            "partial",
            {"a": ("x", "y"), "b": ("x", "y")},
            {("x", "x"): (1, 1), ("x", "y"): (0, 0), ("y", "x"): (0, 0)},
        )


def test_table_rejects_unknown_strategy() -> None:
    with pytest.raises(GameError, match="'z' is not a strategy of 'a'"):
        table(
            "odd",
            {"a": ("x", "y"), "b": ("x",)},
            {("x", "x"): (1, 1), ("z", "x"): (0, 0)},
        )


def test_judgment_checks_its_uncertainty() -> None:
    with pytest.raises(ValueError, match="both `sd` and `range` are given"):
        judged(1.0, sd=1.0, range=(0.0, 2.0))
    with pytest.raises(ValueError, match="lies outside its range"):
        judged(5.0, range=(0.0, 2.0))
    # In a game, the fault is the game's, named by its place.
    with pytest.raises(GameError, match=r"game 'entry', outcomes\[war\]\.payoffs\.incumbent: "):
        game = entry_deterrence()
        war = {"entrant": game.outcomes[0].payoffs["entrant"], "incumbent": {"value": 1e12}}
        tree(game.id, game.players, game.nodes, ({"id": "war", "payoffs": war}, *game.outcomes[1:]))
    assert judged(1.0, sd=0.5).is_uncertain
    assert not judged(1.0).is_uncertain
    assert judged(1.0, evidence=("a", "b")).grounds == "evidence: a, b"


def test_with_payoffs_replaces_only_named_values() -> None:
    game = entry_deterrence()
    changed = with_payoffs(game, {("war", "incumbent"): 3.0})
    assert isinstance(changed, ExtensiveGame)
    assert changed.outcome("war").payoffs["incumbent"].value == 3.0
    assert changed.outcome("war").payoffs["entrant"].value == -1
    assert game.outcome("war").payoffs["incumbent"].value == -1
    with pytest.raises(GameError, match="no payoff"):
        with_payoffs(game, {("peace", "incumbent"): 1.0})


def test_subgame_roots_respect_information_sets() -> None:
    game = entry_then_simultaneous()
    assert sorted(game.subgame_roots()) == ["entrant-acts", "start"]
    with pytest.raises(GameError, match="does not root a subgame"):
        game.subgame("after-fight")


def test_games_pickle_for_parallel_runs() -> None:
    for game in (entry_then_simultaneous(), battle_of_the_sexes(), risky_investment(0.3)):
        assert pickle.loads(pickle.dumps(game)) == game
