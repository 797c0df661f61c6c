"""Solutions of textbook games with known answers."""

from __future__ import annotations

import json
import math
import pickle

import pytest

from realpolitik.games import (
    Equilibrium,
    GameError,
    backward_induction,
    describe_game,
    describe_solution,
    logit_qre,
    mixed_nash,
    pure_nash,
    solve,
    subgame_perfect,
    with_payoffs,
)
from test_games_model import (
    battle_of_the_sexes,
    entry_deterrence,
    entry_then_simultaneous,
    entry_unknown_type,
    matching_pennies,
    risky_investment,
    table,
)


def plan(equilibrium: Equilibrium) -> dict[str, str]:
    """The move played for sure at each decision point of a pure equilibrium."""
    out = {}
    for point, moves in equilibrium.choices.items():
        (move,) = [m for m, p in moves.items() if p > 1 - 1e-9]
        out[point] = move
    return out


def test_entry_deterrence_spe_is_accommodation() -> None:
    solution = subgame_perfect(entry_deterrence())
    assert [plan(eq) for eq in solution.equilibria] == [
        {"entrant-decides": "enter", "incumbent-decides": "accommodate"}
    ]
    assert solution.checked_by_backward_induction is True
    (equilibrium,) = solution.equilibria
    assert equilibrium.outcome_probabilities == {"war": 0.0, "shared": 1.0, "out": 0.0}
    assert dict(equilibrium.expected_payoffs) == {"entrant": 1.0, "incumbent": 1.0}
    assert equilibrium.path == "Entrant enters; Incumbent accommodates -> outcome 'shared'"


def test_entry_deterrence_nash_includes_the_empty_threat() -> None:
    solution = pure_nash(entry_deterrence())
    plans = sorted(sorted(plan(eq).items()) for eq in solution.equilibria)
    assert plans == [
        [("entrant-decides", "enter"), ("incumbent-decides", "accommodate")],
        [("entrant-decides", "stay-out"), ("incumbent-decides", "fight")],
    ]
    threat = next(eq for eq in solution.equilibria if plan(eq)["incumbent-decides"] == "fight")
    assert threat.outcomes_on_path() == ("out",)
    # The threat is not subgame perfect: it is not among the SPE.
    assert solution.outcomes_on_path() == {"out", "shared"}
    assert subgame_perfect(entry_deterrence()).outcomes_on_path() == {"shared"}


def test_matching_pennies_has_one_mixed_equilibrium() -> None:
    for method in ("auto", "enummixed", "lcp", "lp", "gnm", "logit", "enumpoly"):
        solution = mixed_nash(matching_pennies(), method=method)  # type: ignore[arg-type]
        assert len(solution.equilibria) == 1, method
        (equilibrium,) = solution.equilibria
        for player in ("matcher", "mismatcher"):
            for strategy in ("heads", "tails"):
                assert equilibrium.choices[player][strategy] == pytest.approx(0.5, abs=1e-6)
        assert equilibrium.expected_payoffs["matcher"] == pytest.approx(0.0, abs=1e-6)
    assert pure_nash(matching_pennies()).equilibria == ()


def test_battle_of_the_sexes_has_three_equilibria() -> None:
    solution = mixed_nash(battle_of_the_sexes())
    found = sorted(
        (round(eq.choices["her"]["opera"], 9), round(eq.choices["him"]["opera"], 9))
        for eq in solution.equilibria
    )
    assert found == [(0.0, 0.0), (round(2 / 3, 9), round(1 / 3, 9)), (1.0, 1.0)]
    mixed = next(eq for eq in solution.equilibria if 0 < eq.choices["her"]["opera"] < 1)
    assert mixed.expected_payoffs["her"] == pytest.approx(2 / 3)
    assert mixed.expected_payoffs["him"] == pytest.approx(2 / 3)
    assert mixed.outcome_probabilities["opera / opera"] == pytest.approx(2 / 9)
    assert mixed.outcome_probabilities["opera / football"] == pytest.approx(4 / 9)
    assert sum(mixed.outcome_probabilities.values()) == pytest.approx(1.0)
    assert "Her mixes opera 67%, football 33%" in mixed.path
    assert len(pure_nash(battle_of_the_sexes()).equilibria) == 2


def test_chance_node_expected_value_decides() -> None:
    good = subgame_perfect(risky_investment(0.4))
    (equilibrium,) = good.equilibria
    assert plan(equilibrium) == {"decide": "invest"}
    assert equilibrium.expected_payoffs["investor"] == pytest.approx(0.4 * 5 - 0.6 * 2)
    assert equilibrium.outcome_probabilities["won"] == pytest.approx(0.4)
    assert equilibrium.outcome_probabilities["lost"] == pytest.approx(0.6)
    assert "by chance success (40%)" in equilibrium.path
    bad = subgame_perfect(risky_investment(0.2))
    assert [plan(eq) for eq in bad.equilibria] == [{"decide": "hold"}]
    assert bad.checked_by_backward_induction is True


def test_imperfect_information_subgame_removes_non_credible_equilibrium() -> None:
    game = entry_then_simultaneous()
    spe = subgame_perfect(game)
    assert [plan(eq) for eq in spe.equilibria] == [
        {"start": "in", "entrant-acts": "accommodate", "incumbent-prices": "accommodate"}
    ]
    assert spe.checked_by_backward_induction is None
    nash_outcomes = pure_nash(game).outcomes_on_path()
    assert nash_outcomes == {"aa", "o"}
    with pytest.raises(GameError, match="perfect information"):
        backward_induction(game)


def test_unobserved_chance_move_weighs_types() -> None:
    # The entrant cannot tell the incumbent's type; the strong type fights, the weak one
    # accommodates, so entering is worth 2 - 3 * P(strong).
    likely_weak = subgame_perfect(entry_unknown_type(0.3))
    (equilibrium,) = likely_weak.equilibria
    assert plan(equilibrium) == {
        "entrant-guesses": "enter",
        "strong-decides": "fight",
        "weak-decides": "accommodate",
    }
    assert equilibrium.expected_payoffs["entrant"] == pytest.approx(2 - 3 * 0.3)
    likely_strong = subgame_perfect(entry_unknown_type(0.8))
    assert [plan(eq)["entrant-guesses"] for eq in likely_strong.equilibria] == ["stay-out"]
    assert likely_strong.outcomes_on_path() == {"out-s", "out-w"}


def test_sequence_form_lcp_on_a_tree() -> None:
    solution = mixed_nash(entry_unknown_type(0.3), method="lcp")
    assert len(solution.equilibria) >= 1
    for equilibrium in solution.equilibria:
        assert sum(equilibrium.outcome_probabilities.values()) == pytest.approx(1.0)


def test_backward_induction_keeps_ties() -> None:
    game = with_payoffs(entry_deterrence(), {("shared", "entrant"): 0.0})
    plans = backward_induction(game)
    assert sorted(p["entrant-decides"] for p in plans) == ["enter", "stay-out"]
    solution = subgame_perfect(game)
    assert len(solution.equilibria) == 2
    assert solution.checked_by_backward_induction is True


def test_three_player_game_uses_enumpoly() -> None:
    strategies = {"a": ("x", "y"), "b": ("x", "y"), "c": ("x", "y")}
    payoffs = {}
    for sa in ("x", "y"):
        for sb in ("x", "y"):
            for sc in ("x", "y"):
                agree = float(sa == sb == sc)
                payoffs[(sa, sb, sc)] = (agree, agree, agree)
    game = table("coordination-3", strategies, payoffs)
    solution = mixed_nash(game)
    assert solution.method == "enumpoly_solve"
    outcomes = {eq.outcomes_on_path() for eq in solution.equilibria}
    assert ("x / x / x",) in outcomes
    assert ("y / y / y",) in outcomes
    with pytest.raises(GameError, match="needs two"):
        mixed_nash(game, method="enummixed")


def test_gambit_refusal_becomes_a_game_error() -> None:
    with pytest.raises(GameError, match=r"game 'bos': Gambit's lp failed .*constant-sum"):
        mixed_nash(battle_of_the_sexes(), method="lp")
    with pytest.raises(GameError, match="unknown method"):
        mixed_nash(battle_of_the_sexes(), method="simplex")  # type: ignore[arg-type]


def test_qre_is_uniform_at_zero_precision() -> None:
    for game in (entry_deterrence(), battle_of_the_sexes()):
        solution = logit_qre(game, 0.0)
        (equilibrium,) = solution.equilibria
        for moves in equilibrium.choices.values():
            for probability in moves.values():
                assert probability == pytest.approx(1 / len(moves))


def test_qre_approaches_nash_as_precision_grows() -> None:
    game = entry_deterrence()
    distances = []
    for precision in (0.5, 2.0, 8.0, 32.0):
        (equilibrium,) = logit_qre(game, precision).equilibria
        distances.append(
            abs(1 - equilibrium.choices["entrant-decides"]["enter"])
            + abs(1 - equilibrium.choices["incumbent-decides"]["accommodate"])
        )
    assert distances == sorted(distances, reverse=True)
    assert distances[-1] < 1e-6
    pennies = logit_qre(matching_pennies(), 5.0).equilibria[0]
    assert pennies.choices["matcher"]["heads"] == pytest.approx(0.5, abs=1e-6)


def test_agent_qre_solves_the_logit_fixed_point_at_each_node() -> None:
    (equilibrium,) = logit_qre(entry_deterrence(), 1.0).equilibria
    fight = equilibrium.choices["incumbent-decides"]["fight"]
    assert fight == pytest.approx(1 / (1 + math.exp(1 - -1)), abs=1e-6)
    value_enter = fight * -1 + (1 - fight) * 1
    enter = equilibrium.choices["entrant-decides"]["enter"]
    assert enter == pytest.approx(1 / (1 + math.exp(-value_enter)), abs=1e-6)


def test_qre_on_strategic_form_solves_the_logit_fixed_point() -> None:
    precision = 1.0
    (equilibrium,) = logit_qre(entry_deterrence(), precision, use_strategic=True).equilibria
    enter = equilibrium.choices["entrant-decides"]["enter"]
    fight = equilibrium.choices["incumbent-decides"]["fight"]
    # Logit response (McKelvey & Palfrey 1995) to the other's mix, from the table by hand.
    value_enter = fight * -1 + (1 - fight) * 1
    value_fight = enter * -1 + (1 - enter) * 2
    value_accommodate = enter * 1 + (1 - enter) * 2
    assert enter == pytest.approx(1 / (1 + math.exp(-precision * value_enter)), abs=1e-6)
    assert fight == pytest.approx(
        1 / (1 + math.exp(precision * (value_accommodate - value_fight))), abs=1e-6
    )
    assert sum(equilibrium.outcome_probabilities.values()) == pytest.approx(1.0)


def test_qre_rejects_negative_precision() -> None:
    with pytest.raises(GameError, match="precision"):
        logit_qre(entry_deterrence(), -1.0)


def test_solve_dispatches_and_explains() -> None:
    assert solve(entry_deterrence(), "spe").concept == "subgame-perfect"
    table_spe = solve(battle_of_the_sexes(), "spe")
    assert table_spe.concept == "pure-nash"
    assert any("no subgames" in note for note in table_spe.notes)
    assert solve(battle_of_the_sexes(), "nash").concept == "mixed-nash"
    assert solve(entry_deterrence(), "qre", precision=1.0).precision == 1.0
    with pytest.raises(GameError, match="needs a precision"):
        solve(entry_deterrence(), "qre")
    with pytest.raises(GameError, match="unknown solution"):
        solve(entry_deterrence(), "perfect")
    with pytest.raises(GameError, match="no subgames"):
        subgame_perfect(battle_of_the_sexes())


def test_solution_serialises_to_json() -> None:
    data = subgame_perfect(entry_deterrence()).model_dump(mode="json")
    text = json.dumps(data)
    assert json.loads(text)["equilibria"][0]["choices"]["incumbent-decides"]["accommodate"] == 1.0
    assert data["version"]
    assert [g["outcome"] for g in data["grounds"]][:2] == ["shared", "shared"]
    assert len(data["grounds"]) == 6


def test_ordinal_mixed_solution_carries_a_warning() -> None:
    game = table(
        "ordinal-bos",
        {"her": ("opera", "football"), "him": ("opera", "football")},
        {
            ("opera", "opera"): (3, 2),
            ("opera", "football"): (1, 1),
            ("football", "opera"): (1, 1),
            ("football", "football"): (2, 3),
        },
        payoff_kind="ordinal",
    )
    assert any("ordinal" in note for note in mixed_nash(game).notes)
    assert pure_nash(game).notes == ()


def test_table_solution_reads_as_a_profile() -> None:
    game = battle_of_the_sexes()
    paths = sorted(eq.path for eq in pure_nash(game).equilibria)
    assert paths == [
        "Her plays football; Him plays football -> outcome 'football / football'",
        "Her plays opera; Him plays opera -> outcome 'opera / opera'",
    ]
    text = describe_game(game)
    assert text.splitlines()[0] == "bos (cardinal payoffs)"
    assert "opera     opera     Her 2, Him 1" in text
    report = describe_solution(game, mixed_nash(game))
    assert "Equilibrium 3" in report
    assert "expected payoffs: Her 0.6667, Him 0.6667" in report


def test_solution_pickles() -> None:
    solution = mixed_nash(battle_of_the_sexes())
    assert pickle.loads(pickle.dumps(solution)) == solution
