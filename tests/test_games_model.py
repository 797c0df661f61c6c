"""The game model: textbook games used across the game tests, and structural checks."""

from __future__ import annotations

import pickle
from collections.abc import Mapping

import pytest

from realpolitik.games import (
    CHANCE,
    Cell,
    ExtensiveGame,
    GameError,
    Judgment,
    Move,
    Node,
    NormalGame,
    Outcome,
    payoff_judgments,
    to_gambit,
    with_payoffs,
)


def pays(**values: float) -> dict[str, Judgment]:
    """Payoff judgments from plain numbers, labelled as textbook assumptions."""
    return {p: Judgment(v, assumption="textbook example") for p, v in values.items()}


def table(
    game_id: str,
    strategies: Mapping[str, tuple[str, ...]],
    payoffs: Mapping[tuple[str, ...], tuple[float, ...]],
    payoff_kind: str = "cardinal",
) -> NormalGame:
    """A normal-form game from {(strategy of each player, ...): (payoff of each player, ...)}."""
    players = tuple(strategies)
    cells = tuple(
        Cell(dict(zip(players, profile, strict=True)), pays(**dict(zip(players, v, strict=True))))
        for profile, v in payoffs.items()
    )
    return NormalGame(game_id, players, strategies, cells, payoff_kind=payoff_kind)  # type: ignore[arg-type]


def entry_deterrence() -> ExtensiveGame:
    """Selten's chain-store stage game: the threat to fight entry is not credible."""
    return ExtensiveGame(
        id="entry",
        players=("entrant", "incumbent"),
        nodes=(
            Node(
                "entrant-decides",
                "entrant",
                (Move("enter", "incumbent-decides", "Enter"), Move("stay-out", "out", "Stay out")),
            ),
            Node(
                "incumbent-decides",
                "incumbent",
                (Move("fight", "war", "Fight"), Move("accommodate", "shared", "Accommodate")),
            ),
        ),
        outcomes=(
            Outcome("war", pays(entrant=-1, incumbent=-1)),
            Outcome("shared", pays(entrant=1, incumbent=1)),
            Outcome("out", pays(entrant=0, incumbent=2)),
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
    return ExtensiveGame(
        id="investment",
        players=("investor",),
        nodes=(
            Node(
                "decide",
                "investor",
                (Move("invest", "nature", "Invest"), Move("hold", "held", "Hold")),
            ),
            Node(
                "nature",
                CHANCE,
                (
                    Move("success", "won", "success", Judgment(success, assumption="test")),
                    Move("failure", "lost", "failure", Judgment(1 - success, assumption="test")),
                ),
            ),
        ),
        outcomes=(
            Outcome("won", pays(investor=5)),
            Outcome("lost", pays(investor=-2)),
            Outcome("held", pays(investor=0)),
        ),
    )


def entry_then_simultaneous() -> ExtensiveGame:
    """Entry followed by a simultaneous pricing game (an information set for the incumbent).

    The subgame after entry has the unique equilibrium (accommodate, accommodate); staying
    out backed by a threat to fight is Nash but not subgame perfect.
    """
    return ExtensiveGame(
        id="entry-simultaneous",
        players=("entrant", "incumbent"),
        nodes=(
            Node(
                "start",
                "entrant",
                (Move("in", "entrant-acts", "Go in"), Move("out", "o", "Stay out")),
            ),
            Node(
                "entrant-acts",
                "entrant",
                (Move("fight", "after-fight"), Move("accommodate", "after-accommodate")),
            ),
            Node(
                "after-fight",
                "incumbent",
                (Move("fight", "ff"), Move("accommodate", "fa")),
                infoset="incumbent-prices",
            ),
            Node(
                "after-accommodate",
                "incumbent",
                (Move("fight", "af"), Move("accommodate", "aa")),
                infoset="incumbent-prices",
            ),
        ),
        outcomes=(
            Outcome("o", pays(entrant=0, incumbent=2)),
            Outcome("ff", pays(entrant=-3, incumbent=-1)),
            Outcome("fa", pays(entrant=1, incumbent=-2)),
            Outcome("af", pays(entrant=-2, incumbent=-1)),
            Outcome("aa", pays(entrant=3, incumbent=1)),
        ),
    )


def entry_unknown_type(strong: float) -> ExtensiveGame:
    """Chance picks a strong or weak incumbent; the entrant does not see which."""

    def incumbent(node_id: str, fight: str, accommodate: str) -> Node:
        return Node(
            node_id, "incumbent", (Move("fight", fight, "Fight"), Move("accommodate", accommodate))
        )

    def entrant(node_id: str, to: str, out: str) -> Node:
        return Node(
            node_id,
            "entrant",
            (Move("enter", to, "Enter"), Move("stay-out", out, "Stay out")),
            infoset="entrant-guesses",
        )

    return ExtensiveGame(
        id="entry-types",
        players=("entrant", "incumbent"),
        nodes=(
            Node(
                "nature",
                CHANCE,
                (
                    Move("strong", "entrant-s", "strong", Judgment(strong, assumption="test")),
                    Move("weak", "entrant-w", "weak", Judgment(1 - strong, assumption="test")),
                ),
            ),
            entrant("entrant-s", "strong-decides", "out-s"),
            entrant("entrant-w", "weak-decides", "out-w"),
            incumbent("strong-decides", "fight-s", "share-s"),
            incumbent("weak-decides", "fight-w", "share-w"),
        ),
        outcomes=(
            Outcome("out-s", pays(entrant=0, incumbent=3)),
            Outcome("out-w", pays(entrant=0, incumbent=3)),
            Outcome("fight-s", pays(entrant=-1, incumbent=1)),
            Outcome("share-s", pays(entrant=2, incumbent=0)),
            Outcome("fight-w", pays(entrant=-1, incumbent=-1)),
            Outcome("share-w", pays(entrant=2, incumbent=1)),
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
    broken = Outcome("out", pays(entrant=0))
    with pytest.raises(GameError, match=r"outcome 'out'.*incumbent"):
        ExtensiveGame(game.id, game.players, game.nodes, (*game.outcomes[:2], broken))


def test_move_to_nowhere_is_named() -> None:
    game = entry_deterrence()
    bad = Node("entrant-decides", "entrant", (Move("enter", "nowhere"), Move("stay-out", "out")))
    with pytest.raises(GameError, match=r"node 'entrant-decides', move 'enter'.*'nowhere'"):
        ExtensiveGame(game.id, game.players, (bad, game.nodes[1]), game.outcomes)


def test_unreachable_outcome_is_reported() -> None:
    game = entry_deterrence()
    extra = Outcome("orphan", pays(entrant=0, incumbent=0))
    with pytest.raises(GameError, match=r"orphan.*cannot be reached"):
        ExtensiveGame(game.id, game.players, game.nodes, (*game.outcomes, extra))


def test_cycle_is_rejected() -> None:
    looping = (
        Node("a", "p", (Move("go", "b"), Move("stop", "end"))),
        Node("b", "p", (Move("back", "a"), Move("stop", "end"))),
    )
    with pytest.raises(GameError, match="more than one place"):
        ExtensiveGame("loop", ("p",), looping, (Outcome("end", pays(p=0)),))


def test_unknown_player_is_named() -> None:
    game = entry_deterrence()
    bad = Node("incumbent-decides", "turkey", game.nodes[1].moves)
    with pytest.raises(GameError, match="player 'turkey' is not among"):
        ExtensiveGame(game.id, game.players, (game.nodes[0], bad), game.outcomes)


def test_chance_probabilities_must_add_up() -> None:
    with pytest.raises(GameError, match=r"add up to 1\.1"):
        game = risky_investment(0.4)
        nature = game.nodes[1]
        moves = (
            nature.moves[0],
            Move("failure", "lost", probability=Judgment(0.7, assumption="test")),
        )
        ExtensiveGame(
            game.id, game.players, (game.nodes[0], Node("nature", CHANCE, moves)), game.outcomes
        )


def test_decision_move_cannot_carry_probability() -> None:
    nodes = (Node("a", "p", (Move("x", "end", probability=Judgment(1.0, assumption="t")),)),)
    with pytest.raises(GameError, match="only chance moves carry a probability"):
        ExtensiveGame("g", ("p",), nodes, (Outcome("end", pays(p=0)),))


def test_information_set_needs_one_player_and_same_moves() -> None:
    game = entry_then_simultaneous()
    nodes = list(game.nodes)
    nodes[3] = Node("after-accommodate", "entrant", nodes[3].moves, infoset="incumbent-prices")
    with pytest.raises(GameError, match=r"information set 'incumbent-prices'.*share their player"):
        ExtensiveGame(game.id, game.players, tuple(nodes), game.outcomes)
    nodes[3] = Node(
        "after-accommodate",
        "incumbent",
        (Move("fight", "af"), Move("yield", "aa")),
        infoset="incumbent-prices",
    )
    with pytest.raises(GameError, match="same move ids"):
        ExtensiveGame(game.id, game.players, tuple(nodes), game.outcomes)


def test_forgetting_own_move_is_rejected_by_gambit_check() -> None:
    # The entrant forgets whether it went in: its second node shares an infoset with a node
    # reached after a different first move of its own.
    nodes = (
        Node("start", "entrant", (Move("left", "l"), Move("right", "r"))),
        Node("l", "other", (Move("a", "l2"), Move("b", "o3"))),
        Node("r", "other", (Move("a", "r2"), Move("b", "o4"))),
        Node("l2", "entrant", (Move("x", "o1"), Move("y", "o2")), infoset="forgetful"),
        Node("r2", "entrant", (Move("x", "o5"), Move("y", "o6")), infoset="forgetful"),
    )
    outcomes = tuple(Outcome(f"o{i}", pays(entrant=i, other=-i)) for i in range(1, 7))
    game = ExtensiveGame("forgetful", ("entrant", "other"), nodes, outcomes)
    with pytest.raises(GameError, match="perfect recall"):
        to_gambit(game)


def test_table_needs_every_profile() -> None:
    with pytest.raises(GameError, match="1 of 4 strategy profiles have no cell"):
        table(
            "partial",
            {"a": ("x", "y"), "b": ("x", "y")},
            {("x", "x"): (1, 1), ("x", "y"): (0, 0), ("y", "x"): (0, 0)},
        )


def test_table_rejects_unknown_strategy() -> None:
    with pytest.raises(GameError, match="strategy 'z', which is not among"):
        table(
            "odd",
            {"a": ("x", "y"), "b": ("x",)},
            {("x", "x"): (1, 1), ("z", "x"): (0, 0)},
        )


def test_judgment_checks_its_uncertainty() -> None:
    with pytest.raises(GameError, match="both sd and range"):
        Judgment(1.0, sd=1.0, range=(0.0, 2.0))
    with pytest.raises(GameError, match="does not contain the value"):
        Judgment(5.0, range=(0.0, 2.0))
    assert Judgment(1.0, sd=0.5).is_uncertain
    assert not Judgment(1.0).is_uncertain
    assert Judgment(1.0, evidence=("a", "b")).grounds == "evidence: a, b"


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
