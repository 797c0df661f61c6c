"""A small version of the 2025 peacekeeping-mandate renewal game and how it reads.

Azerbaijan may give notice six months before the Russian peacekeepers' five-year term ends
(November 2025) or let the mandate renew; after notice, Russia withdraws or stays and lets
the local forces it armed strike. Payoffs are ordinal ranks (3 best); the evidence ids are
placeholders for the case file's citations.
"""

from __future__ import annotations

import json

from game_builders import a_move, a_node, an_outcome, judged, tree
from realpolitik.games import (
    ExtensiveGame,
    describe_game,
    describe_solution,
    describe_sweep,
    logit_qre,
    pure_nash,
    subgame_perfect,
    sweep,
    with_payoffs,
)
from realpolitik.games.describe import clause


def mandate_renewal() -> ExtensiveGame:
    return tree(
        id="mandate-renewal",
        title="Renewal of the peacekeeping mandate, 2025",
        players=("azerbaijan", "russia"),
        payoff_kind="ordinal",
        nodes=(
            a_node(
                "baku-decides",
                "azerbaijan",
                (
                    a_move("give-notice", "moscow-responds", "Give notice"),
                    a_move("let-renew", "renewed", "Let the mandate renew"),
                ),
            ),
            a_node(
                "moscow-responds",
                "russia",
                (
                    a_move("withdraw", "withdrawal", "Withdraw"),
                    a_move("stay", "escalation", "Stay and let the local forces it armed strike"),
                ),
            ),
        ),
        outcomes=(
            an_outcome(
                "renewed",
                {
                    "azerbaijan": judged(1, evidence=("ev-baku-wants-control",)),
                    "russia": judged(3, evidence=("ev-frozen-conflict-leverage",)),
                },
                "The mandate renews for five more years",
            ),
            an_outcome(
                "withdrawal",
                {
                    "azerbaijan": judged(3, evidence=("ev-baku-wants-control",)),
                    "russia": judged(2, evidence=("ev-frozen-conflict-leverage",)),
                },
                "Russian peacekeepers leave",
            ),
            an_outcome(
                "escalation",
                {
                    "azerbaijan": judged(2, assumption="Baku expects to win a local fight"),
                    "russia": judged(
                        1,
                        sd=1.0,
                        assumption="open conflict with Baku and Ankara costs Moscow most",
                    ),
                },
                "Local forces strike while the peacekeepers stay",
            ),
        ),
        player_names={"azerbaijan": "Azerbaijan", "russia": "Russia"},
    )


def test_spe_reads_as_notice_then_withdrawal() -> None:
    game = mandate_renewal()
    solution = subgame_perfect(game)
    assert solution.checked_by_backward_induction is True
    (equilibrium,) = solution.equilibria
    assert equilibrium.path == (
        "Azerbaijan gives notice; Russia withdraws -> outcome 'withdrawal' "
        "(Russian peacekeepers leave)"
    )
    assert equilibrium.expected_payoffs == {"azerbaijan": 3.0, "russia": 2.0}
    text = describe_solution(game, solution)
    assert text.splitlines()[1] == "Backward induction finds the same equilibria."
    assert "Equilibrium 1: Azerbaijan gives notice; Russia withdraws" in text
    assert "plan: Azerbaijan at baku-decides: Give notice; Russia at moscow-responds: Withdraw" in (
        text
    )
    assert "outcome probabilities: withdrawal 100%" in text
    # The evidence for Russia's preference of a frozen conflict over withdrawal is shown.
    assert (
        "renewed, Russia = 3 (uncertainty none stated; evidence: ev-frozen-conflict-leverage)"
        in (text)
    )
    assert "escalation, Russia = 1 (uncertainty sd 1; assumption: open conflict" in text


def test_renewal_needs_a_threat_baku_fears_and_moscow_would_not_carry_out() -> None:
    game = mandate_renewal()
    # Baku ranks a local fight above renewal, so no threat keeps it from giving notice.
    assert pure_nash(game).outcomes_on_path() == {"withdrawal"}
    # If Baku feared the fight most, renewal becomes a Nash outcome, held up by Russia's plan
    # to stay; the plan is not credible, so the subgame-perfect answer does not change.
    fearful = with_payoffs(game, {("escalation", "azerbaijan"): 0.0})
    assert isinstance(fearful, ExtensiveGame)
    (threat,) = [
        eq for eq in pure_nash(fearful).equilibria if eq.outcomes_on_path() == ("renewed",)
    ]
    assert threat.choices["moscow-responds"] == {"withdraw": 0.0, "stay": 1.0}
    assert threat.path == (
        "Azerbaijan lets the mandate renew -> outcome 'renewed' "
        "(The mandate renews for five more years)"
    )
    assert subgame_perfect(fearful).outcomes_on_path() == {"withdrawal"}


def test_move_names_become_clauses() -> None:
    assert clause("Azerbaijan", "Let the mandate renew") == "Azerbaijan lets the mandate renew"
    assert clause("Russia", "Stay and let the local forces it armed strike") == (
        "Russia stays and lets the local forces it armed strike"
    )
    assert clause("Azerbaijan", "Hedging") == "Azerbaijan: Hedging"
    assert clause("Chance", "hawks") == "Chance: hawks"
    assert clause("Russia", "Go") == "Russia goes"
    assert clause("Turkey", "Deploy") == "Turkey deploys"


def test_tree_rendering_lists_moves_and_payoffs() -> None:
    text = describe_game(mandate_renewal())
    assert text.splitlines() == [
        "Renewal of the peacekeeping mandate, 2025 (ordinal payoffs)",
        "Azerbaijan at baku-decides:",
        "  - Give notice",
        "    Russia at moscow-responds:",
        "      - Withdraw -> withdrawal: Azerbaijan 3, Russia 2",
        "      - Stay and let the local forces it armed strike -> escalation: "
        "Azerbaijan 2, Russia 1",
        "  - Let the mandate renew -> renewed: Azerbaijan 1, Russia 3",
    ]


def test_sweep_finds_the_russian_judgment_that_flips_the_answer() -> None:
    game = mandate_renewal()
    result = sweep(game, n_runs=300, seed=11)
    shares = {f.outcome: f.on_path_share for f in result.frequencies}
    # Russia's escalation rank ~ N(1, 1) beats withdrawal (rank 2) with probability
    # P(Z > 1) ~ 0.16 and is re-ranked to the top above 3 too; either way escalation is played.
    assert 0.09 < shares["escalation"] < 0.24
    assert shares["withdrawal"] + shares["escalation"] == 1.0
    assert shares["renewed"] == 0.0
    flip = next(t for t in result.thresholds if (t.outcome, t.player) == ("escalation", "russia"))
    assert flip.upper == 2.0
    assert flip.upper_outcomes == ("escalation",)
    assert flip.within_uncertainty
    azerbaijan = next(
        t for t in result.thresholds if (t.outcome, t.player) == ("renewed", "azerbaijan")
    )
    assert azerbaijan.upper == 3.0
    assert azerbaijan.upper_outcomes == ("renewed",)
    text = describe_sweep(game, result)
    assert "judged values predict withdrawal" in text
    assert "Russia at escalation = 1: above 2 -> escalation (inside its stated uncertainty)" in text
    json.dumps(result.model_dump(mode="json"))


def test_qre_puts_most_weight_on_the_spe_path() -> None:
    (equilibrium,) = logit_qre(mandate_renewal(), 4.0).equilibria
    probabilities = equilibrium.outcome_probabilities
    assert max(probabilities, key=probabilities.__getitem__) == "withdrawal"
    assert any("ordinal" in note for note in logit_qre(mandate_renewal(), 4.0).notes)
