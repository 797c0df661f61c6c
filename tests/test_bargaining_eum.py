"""Expected Utility Model: a hand-worked example, the fast kernel against the reference, and
the EC emission-standards replication (Scholz, Calbert & Smith 2011, Table 2)."""

from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from realpolitik.bargaining import (
    INTERACTION_TYPES,
    PRINTED_FORMULA,
    SCHOLZ_REPLICATION,
    EumOptions,
    all_options,
    forecast,
    run_eum,
    run_eum_batch,
    run_eum_reference,
)
from realpolitik.bargaining import eum_reference as ref
from realpolitik.bargaining.results import EumParameters

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
EC_CASE = SHARED / "data" / "eum" / "ec-emissions-1994.csv"
PUBLISHED_MEDIANS = [8.4, 9.9, 9.9, 9.9, 9.9, 7.4, 8.8, 9.6]
#: The readings the hand-worked example follows (the printed formulas, proposals made by the
#: side that expects to win, the most powerful proposer preferred).
HAND_OPTIONS = EumOptions(
    compel_region="gain_exceeds_loss",
    lower_hand_compromise="mirror",
    offer_view="proposer",
    offer_choice="most_powerful",
    probability_denominator="pair",
    vote_utility="linear",
)


def test_hand_worked_example_formula_by_formula() -> None:
    """Three actors on a 0-100 scale, Q = 1, the readings of ``HAND_OPTIONS``.

    A: x = 0, s = 0.8, c = 1.0 (w = 0.80); B: x = 50, s = 0.4, c = 0.6 (w = 0.24);
    C: x = 100, s = 0.6, c = 1.0 (w = 0.60). Total weight 1.64, half 0.82.

    Step 1, weighted median: cumulative weight 0.80 at 0, 1.04 at 50, so mu = 50.
    Step 2-3, votes and probabilities. For (A, C): A votes 0.8 * (100 - 0) / 100 = 0.8 for A,
    B votes 0.24 * (50 - 50) / 100 = 0, C votes 0.6 * (0 - 100) / 100 = -0.6; so
    P_AC = 0.8 / 1.4 = 0.571429 and P_CA = 0.428571. For (A, B): votes 0.4, -0.12, -0.3, so
    P_AB = 0.4 / 0.82 = 0.487805, P_BA = 0.512195. For (B, C): votes 0.4, 0.12, -0.3, so
    P_BC = 0.52 / 0.82 = 0.634146, P_CB = 0.365854.
    Step 4-5 at r = 1: U_s = 2d, U_f = -2d, U_sq = 0, so E U_ij = 2 d (1 - 2 s_j (1 - P_ij)):
    E U_AB = 1 - 0.8 * 0.512195 = 0.590244; E U_BA = 1 - 1.6 * 0.487805 = 0.219512;
    E U_AC = 2 (1 - 1.2 * 0.428571) = 0.971429; E U_CA = 2 (1 - 1.6 * 0.571429) = 0.171429;
    E U_BC = 1 - 1.2 * 0.365854 = 0.560976; E U_CB = 1 - 0.8 * 0.634146 = 0.492683.
    Step 6, security = sum of the others' EU of challenging: S_A = 0.219512 + 0.171429 =
    0.390941, S_B = 0.590244 + 0.492683 = 1.082927, S_C = 0.971429 + 0.560976 = 1.532404.
    R_A = -1, R_B = (2 * 1.082927 - 1.923345) / 1.141463 = 0.212454, R_C = 1; so
    r_A = (1 + 1/3) / (1 - 1/3) = 2, r_B = 0.867731, r_C = 0.5.
    Step 7, with each reader's own r (x = E^i U_ij, y = E^i U_ji):
    A on B (r = 2, d = 0.5): U_s = 2 - 4 * 0.25^2 = 1.75, U_f = 2 - 4 * 0.75^2 = -0.25,
    U_sq = 2 - 4 * 0.5^2 = 1, so x = 0.4 (0.487805 * 1.75 - 0.512195 * 0.25) + 0.6 * 1.75 - 1
    = 0.340244; y (B challenging A, A's salience 0.8) = -0.030488. A gains more than B loses:
    compel. A on C: x = -0.028571, y = -0.828571 -> stalemate.
    B on A: (0.243424, 0.598418) -> conflict B loses. B on C: (0.570393, 0.504999) -> conflict
    B wins. C on A: (0.999856, 1.799856) -> conflict C loses. C on B: (0.457045, 0.507039) ->
    conflict C loses.
    Step 9, proposer view: A proposes that B come to 0 (compel); B, winning its conflict with
    C, proposes that C come to 50; no one proposes a move to A. New positions: 0, 0, 50, and
    the forecast (weighted median) after the round is 0.
    """
    x, s, c = [0.0, 50.0, 100.0], [0.8, 0.4, 0.6], [1.0, 0.6, 1.0]
    w = [0.8, 0.24, 0.6]
    options = HAND_OPTIONS
    assert ref.weighted_median(x, w) == 50.0
    assert ref.vote(0, 0, 2, x, w, 100.0) == pytest.approx(0.8)
    assert ref.vote(2, 0, 2, x, w, 100.0) == pytest.approx(-0.6)
    probability = {
        (i, j): ref.probability_of_success(i, j, x, w, 100.0)
        for i in range(3)
        for j in range(3)
        if i != j
    }
    expected_p = {(0, 2): 0.571429, (2, 0): 0.428571, (0, 1): 0.487805, (1, 0): 0.512195}
    expected_p |= {(1, 2): 0.634146, (2, 1): 0.365854}
    for pair, value in expected_p.items():
        assert probability[pair] == pytest.approx(value, abs=1e-6)
    assert ref.utility_success(0.5, 1.0) == pytest.approx(1.0)
    assert ref.utility_failure(0.5, 1.0) == pytest.approx(-1.0)
    assert ref.utility_status_quo(1.0) == pytest.approx(0.0)
    issue = ref._Issue(x, s, c, w, 0.0, 100.0, 50.0, 1.0, 1.0, options)
    expected_eu = {(0, 1): 0.590244, (1, 0): 0.219512, (0, 2): 0.971429}
    expected_eu |= {(2, 0): 0.171429, (1, 2): 0.560976, (2, 1): 0.492683}
    for (i, j), value in expected_eu.items():
        eu = ref.expected_utility(issue, i, j, 1.0, probability[(i, j)])
        assert eu == pytest.approx(value, abs=1e-6)
    matrix = [[probability.get((i, j), 0.0) for j in range(3)] for i in range(3)]
    risk = ref.risk_exponents(issue, matrix, options)
    assert risk == pytest.approx([2.0, 0.867731, 0.5], abs=1e-6)
    readings = {
        (0, 1): (0.340244, -0.030488, "compel"),
        (0, 2): (-0.028571, -0.828571, "stalemate"),
        (1, 0): (0.243424, 0.598418, "conflict_lost"),
        (1, 2): (0.570393, 0.504999, "conflict_won"),
        (2, 0): (0.999856, 1.799856, "conflict_lost"),
        (2, 1): (0.457045, 0.507039, "conflict_lost"),
    }
    for (i, j), (own_value, other_value, kind) in readings.items():
        own = ref.expected_utility(issue, i, j, risk[i], probability[(i, j)])
        other = ref.expected_utility(issue, j, i, risk[i], probability[(j, i)])
        assert own == pytest.approx(own_value, abs=1e-6)
        assert other == pytest.approx(other_value, abs=1e-6)
        assert INTERACTION_TYPES[ref.classify(own, other, options)[0]] == kind
    played = ref.eum_round(x, s, c, (0.0, 100.0), options)
    assert played.positions == [0.0, 0.0, 50.0]
    fast = run_eum(x, s, c, (0, 100), HAND_OPTIONS, max_rounds=1)
    assert fast.rounds[1] == [0.0, 0.0, 50.0]
    assert fast.round_forecasts == [50.0, 0.0]
    assert fast.moved == [0.0, -50.0, -50.0]


def test_hand_worked_alternative_readings() -> None:
    """The same three actors under the readings the default adds.

    All-pairs denominator: every ordered pair's absolute votes add up to
    2 * (1.4 + 0.82 + 0.82) = 6.08, so P_AC = 0.8 / 6.08 = 0.131579 (instead of 0.571429).
    Risk-adjusted votes with exponents (2, 0.867731, 0.5): A votes
    0.8 * (1^2 - 0^2) = 0.8, B votes 0.24 * (0.5^0.867731 - 0.5^0.867731) = 0 and C votes
    0.6 * (0^0.5 - 1^0.5) = -0.6 on (A, C), as before (their distances are 0 or 1); on (A, B)
    A votes 0.8 * (0.5^2 - 0) = 0.2, B votes 0.24 * (0 - 0.5^0.867731) = -0.131520, C votes
    0.6 * (0.5^0.5 - 1) = -0.175736, so P_AB = 0.2 / 0.507256 = 0.394277.
    """
    x, w = [0.0, 50.0, 100.0], [0.8, 0.24, 0.6]
    wide = EumOptions(probability_denominator="all_pairs", vote_utility="linear")
    matrix = ref.probabilities(x, w, 100.0, wide, [1.0, 1.0, 1.0])
    assert matrix[0][2] == pytest.approx(0.8 / 6.08, abs=1e-9)
    risky = EumOptions(probability_denominator="pair", vote_utility="risk_adjusted")
    matrix = ref.probabilities(x, w, 100.0, risky, [2.0, 0.867731, 0.5])
    assert matrix[0][2] == pytest.approx(0.8 / 1.4, abs=1e-9)
    assert matrix[0][1] == pytest.approx(0.394277, abs=1e-5)


def test_offer_choice_rules() -> None:
    """Offers (kind, new position, proposer capability, anchor) to an actor at 50."""
    offers = [(0, 80.0, 1.0, 60.0), (1, 45.0, 2.0, 40.0), (2, 60.0, 9.0, 55.0)]
    assert ref._choose(50.0, offers, EumOptions(offer_choice="least_move")) == 45.0
    assert ref._choose(50.0, offers, EumOptions(offer_choice="most_powerful")) == 60.0
    assert ref._choose(50.0, offers, EumOptions(offer_choice="conflict_first")) == 80.0
    assert ref._choose(50.0, offers, EumOptions(offer_choice="scholz_code")) == 80.0
    # Two compromises: least move takes 52; scholz_code takes the lower anchor (20), i.e. 58.
    compromises = [(1, 52.0, 1.0, 70.0), (1, 58.0, 1.0, 20.0)]
    assert ref._choose(50.0, compromises, EumOptions(offer_choice="conflict_first")) == 52.0
    assert ref._choose(50.0, compromises, EumOptions(offer_choice="scholz_code")) == 58.0
    assert ref._choose(50.0, [], EumOptions()) is None
    # The anchor: |E U_ij| x_i + |E U_ji| x_j over their sum.
    assert ref.compromise_anchor(-0.1, 0.3, 8.0, 4.0) == pytest.approx(5.0)


def test_compromise_fraction_in_the_mixed_quadrants() -> None:
    """Gain 0.2 against loss 0.5: under ``gain_exceeds_loss`` the loser compromises by
    0.2 / 0.5 = 0.4 of the distance; under ``loss_exceeds_gain`` the winner compels."""
    gain_first = EumOptions(compel_region="gain_exceeds_loss", lower_hand_compromise="mirror")
    loss_first = EumOptions(compel_region="loss_exceeds_gain")
    code, fraction = ref.classify(0.2, -0.5, gain_first)
    assert INTERACTION_TYPES[code] == "compromise_upper" and fraction == pytest.approx(0.4)
    assert INTERACTION_TYPES[ref.classify(0.2, -0.5, loss_first)[0]] == "compel"
    # The other side's upper hand: mirror applies the same inequality with roles swapped.
    code, fraction = ref.classify(-0.5, 0.2, gain_first)
    assert INTERACTION_TYPES[code] == "compromise_lower" and fraction == pytest.approx(0.4)
    reversed_lower = EumOptions(compel_region="gain_exceeds_loss", lower_hand_compromise="reversed")
    assert INTERACTION_TYPES[ref.classify(-0.5, 0.2, reversed_lower)[0]] == "capitulate"


def _ec_case() -> tuple[list[float], list[float], list[float]]:
    with EC_CASE.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    return (
        [float(row["position"]) for row in rows],
        [float(row["salience"]) for row in rows],
        [float(row["capability"]) for row in rows],
    )


def _medians_by_round(options: EumOptions) -> list[float]:
    x, s, c = _ec_case()
    result = run_eum(x, s, c, scale=(4, 10), options=options, max_rounds=8)
    medians = result.round_forecasts[1:]
    # A run that stopped early stays where it is (settled) or goes round its cycle again.
    step = result.cycle_length if result.status == "cycle" else 1
    while len(medians) < 8:
        medians.append(medians[-step])
    return medians


def _distance_to_published(medians: list[float]) -> float:
    return sum(abs(a - b) for a, b in zip(medians, PUBLISHED_MEDIANS, strict=True)) / 8


def test_ec_replication_within_a_stated_tolerance() -> None:
    """The EC case under the replication readings against Scholz et al.'s published medians.

    Stated tolerance, fixed before the comparison: every round within 0.3 years of the
    published median and a mean absolute deviation below 0.1 years. The readings were picked
    as the closest of the 512 to this very table, so this shows that a faithful reading
    exists, not that the model predicts: the DEU III cross-validation in docs/bargaining.md
    and docs/validation.md does that. With the printed formulas the run jumps to 10 and stays.
    """
    medians = _medians_by_round(SCHOLZ_REPLICATION)
    deviations = [a - b for a, b in zip(medians, PUBLISHED_MEDIANS, strict=True)]
    assert max(abs(d) for d in deviations) <= 0.3
    assert _distance_to_published(medians) < 0.1
    # The shape: a rise to just under 10, the fall in round 6 and the climb back.
    assert medians[5] < 7.6 < 9.5 < min(medians[2:5])
    printed = _medians_by_round(PRINTED_FORMULA)
    assert _distance_to_published(printed) > 0.5
    # Weighted means (start, then rounds 1-8); published: 7.4, 7.5, 7.6, 7.3, 7.3, 7.4, 7.5, 7.6.
    x, s, c = _ec_case()
    result = run_eum(x, s, c, scale=(4, 10), options=SCHOLZ_REPLICATION, max_rounds=8)
    w = np.asarray(s) * np.asarray(c)
    means = [float(np.dot(w, row) / w.sum()) for row in result.rounds]
    published_means = [7.4, 7.5, 7.6, 7.3, 7.3, 7.4, 7.5, 7.6]
    assert max(abs(a - b) for a, b in zip(means[1:], published_means, strict=True)) <= 0.3


def test_scholz_code_rule_is_not_mirror_symmetric() -> None:
    """The replication's compromise ranking favours low positions: on the mirrored EC case
    (x -> 14 - x on the 4-10 scale) the run parts from the mirror image in round 4 and stays
    at 10 instead of falling to 7.47 in round 6."""
    x, s, c = _ec_case()
    straight = run_eum(
        x, s, c, scale=(4, 10), options=SCHOLZ_REPLICATION, max_rounds=8
    ).round_forecasts
    mirrored = run_eum(
        [14 - v for v in x], s, c, scale=(4, 10), options=SCHOLZ_REPLICATION, max_rounds=8
    ).round_forecasts
    image = [14 - v for v in mirrored]
    assert image[:4] == pytest.approx(straight[:4], abs=1e-9)
    assert image[6] == pytest.approx(10.0, abs=1e-9)
    assert straight[6] == pytest.approx(7.472, abs=1e-3)


def test_the_replication_readings_are_the_closest_combination() -> None:
    """How SCHOLZ_REPLICATION was chosen: by fit to the EC table (hence not the default)."""
    best = min(_distance_to_published(_medians_by_round(o)) for o in all_options())
    assert _distance_to_published(_medians_by_round(SCHOLZ_REPLICATION)) == pytest.approx(best)


@st.composite
def random_issues(draw: st.DrawFn) -> tuple[list[float], list[float], list[float], EumOptions]:
    n = draw(st.integers(2, 8))
    grid = draw(st.booleans())
    position = st.integers(0, 4).map(lambda k: 25.0 * k) if grid else st.floats(0, 100)
    positions = draw(st.lists(position, min_size=n, max_size=n))
    saliences = draw(st.lists(st.floats(0.01, 1), min_size=n, max_size=n))
    capabilities = draw(st.lists(st.floats(0.01, 10), min_size=n, max_size=n))
    options = draw(st.sampled_from(list(all_options())))
    return positions, saliences, capabilities, options


def _assert_kernel_equals_reference(
    issue: tuple[list[float], list[float], list[float], EumOptions], max_rounds: int
) -> None:
    x, s, c, options = issue
    fast = run_eum(x, s, c, (0, 100), options, max_rounds=max_rounds)
    slow = run_eum_reference(x, s, c, (0, 100), options, max_rounds=max_rounds)
    assert len(fast.rounds) == len(slow.rounds)
    np.testing.assert_allclose(fast.rounds, slow.rounds, rtol=0, atol=1e-9)
    np.testing.assert_allclose(fast.round_forecasts, slow.round_forecasts, rtol=0, atol=1e-9)
    assert fast.interactions == slow.interactions
    assert (fast.status, fast.cycle_length) == (slow.status_name, slow.cycle_length)
    assert fast.forecast == pytest.approx(slow.forecast, abs=1e-9)
    assert fast.cycle_low == pytest.approx(slow.cycle_low, abs=1e-9)
    assert fast.cycle_high == pytest.approx(slow.cycle_high, abs=1e-9)


@settings(max_examples=80, deadline=None)
@given(random_issues())
def test_fast_kernel_equals_reference(
    issue: tuple[list[float], list[float], list[float], EumOptions],
) -> None:
    """A short cap: mostly unsettled runs, some settled or cycling within six rounds."""
    _assert_kernel_equals_reference(issue, max_rounds=6)


@settings(max_examples=30, deadline=None)
@given(random_issues())
def test_fast_kernel_equals_reference_to_the_end(
    issue: tuple[list[float], list[float], list[float], EumOptions],
) -> None:
    """A long cap: runs settle or cycle, and both must stop at the same round."""
    _assert_kernel_equals_reference(issue, max_rounds=60)


def test_kernel_and_reference_find_the_same_cycles() -> None:
    """Issues from the stopping tests that cycle, with periods 3, 4 and 6."""
    cycling = [
        ([90.0, 50.0, 60.0], [1.0, 0.8, 0.4], [4.0, 4.0, 5.0]),
        ([60.0, 50.0, 10.0, 10.0], [0.6, 0.4, 1.0, 0.5], [5.0, 4.0, 5.0, 1.0]),
        ([80.0, 10.0, 0.0, 100.0], [0.9, 0.3, 0.8, 0.6], [2.0, 3.0, 2.0, 5.0]),
    ]
    periods = []
    for x, s, c in cycling:
        _assert_kernel_equals_reference((x, s, c, SCHOLZ_REPLICATION), max_rounds=100)
        periods.append(run_eum(x, s, c, options=SCHOLZ_REPLICATION).cycle_length)
    assert periods == [3, 4, 6]


@settings(max_examples=20, deadline=None)
@given(
    st.lists(random_issues(), min_size=1, max_size=1),
    st.integers(2, 12),
    st.sampled_from([5, 40]),
)
def test_batch_equals_reference_run_by_run(
    issues: list[tuple[list[float], list[float], list[float], EumOptions]],
    runs: int,
    max_rounds: int,
) -> None:
    x, s, c, options = issues[0]
    rng = np.random.default_rng(runs)
    n = len(x)
    positions = np.clip(np.asarray(x) + rng.normal(0, 10, (runs, n)), 0, 100)
    saliences = np.tile(s, (runs, 1))
    capabilities = np.tile(c, (runs, 1))
    forecasts, final, played, statuses = run_eum_batch(
        positions, saliences, capabilities, (0, 100), options, max_rounds=max_rounds
    )
    for run in range(runs):
        slow = run_eum_reference(
            list(positions[run]), s, c, (0, 100), options, max_rounds=max_rounds
        )
        assert forecasts[run] == pytest.approx(slow.forecast, abs=1e-9)
        np.testing.assert_allclose(final[run], slow.rounds[-1], rtol=0, atol=1e-9)
        assert (played[run], statuses[run]) == (len(slow.rounds) - 1, slow.status)


@settings(max_examples=40, deadline=None)
@given(random_issues())
def test_eum_positions_and_forecast_stay_within_the_starting_positions(
    issue: tuple[list[float], list[float], list[float], EumOptions],
) -> None:
    x, s, c, options = issue
    result = forecast(x, s, c, model="eum", options=options)
    assert min(x) - 1e-9 <= result.forecast <= max(x) + 1e-9
    for row in result.rounds:
        assert min(x) - 1e-9 <= min(row) and max(row) <= max(x) + 1e-9


def test_eum_result_records_rounds_interactions_and_moves() -> None:
    x, s, c = _ec_case()
    result = forecast(x, s, c, "eum", SCHOLZ_REPLICATION, scale=(4, 10), max_rounds=8)
    data = result.model_dump(mode="json")
    assert len(data["rounds"]) == len(data["round_forecasts"]) == len(data["interactions"]) + 1
    assert all(len(row) == 10 and len(row[0]) == 10 for row in data["interactions"])
    assert data["moved"] == pytest.approx(
        [b - a for a, b in zip(data["rounds"][0], data["rounds"][-1], strict=True)]
    )
    assert all(p >= abs(m) - 1e-12 for p, m in zip(data["path_length"], data["moved"], strict=True))
    assert result.parameters == EumParameters(
        options=SCHOLZ_REPLICATION, max_rounds=8, tolerance=1e-12, q=1.0, t=1.0
    )
    assert data["parameters"]["options"]["offer_choice"] == "scholz_code"
    assert data["interaction_types"] == list(INTERACTION_TYPES)
    # Eight rounds do not end the EC case under the replication readings (it cycles later):
    # the forecast is the mean of the medians after rounds 5 to 8, and depends on the cap.
    assert (data["status"], data["cycle_length"]) == ("unsettled", 0)
    assert data["forecast"] == pytest.approx(np.mean(data["round_forecasts"][5:]), abs=1e-12)
    assert data["cycle_low"] == min(data["round_forecasts"][5:])
    assert data["cycle_high"] == max(data["round_forecasts"][5:])


@st.composite
def float_issues(draw: st.DrawFn) -> tuple[list[float], list[float], list[float], EumOptions]:
    """Random issues with distinct weights, so that no offer ties on capability."""
    n = draw(st.integers(2, 7))
    positions = draw(st.lists(st.integers(0, 20).map(lambda k: 5.0 * k), min_size=n, max_size=n))
    saliences = draw(st.lists(st.floats(0.05, 1), min_size=n, max_size=n))
    capabilities = draw(st.lists(st.floats(0.1, 10), min_size=n, max_size=n, unique=True))
    options = draw(st.sampled_from(list(all_options())))
    return positions, saliences, capabilities, options


@settings(max_examples=60, deadline=None, derandomize=True)
@given(float_issues(), st.randoms(use_true_random=False))
def test_eum_permuting_actors_changes_nothing(
    issue: tuple[list[float], list[float], list[float], EumOptions], random: object
) -> None:
    x, s, c, options = issue
    order = list(range(len(x)))
    random.shuffle(order)  # type: ignore[attr-defined]
    before = run_eum(x, s, c, (0, 100), options, max_rounds=6)
    after = run_eum(
        [x[k] for k in order],
        [s[k] for k in order],
        [c[k] for k in order],
        (0, 100),
        options,
        max_rounds=6,
    )
    assert after.forecast == pytest.approx(before.forecast, abs=1e-6)
    assert [after.rounds[-1][k] for k in range(len(x))] == pytest.approx(
        [before.rounds[-1][k] for k in order], abs=1e-6
    )


@settings(max_examples=60, deadline=None, derandomize=True)
@given(float_issues())
def test_eum_mirroring_the_scale_mirrors_the_forecast(
    issue: tuple[list[float], list[float], list[float], EumOptions],
) -> None:
    x, s, c, options = issue
    if options.offer_choice == "scholz_code":
        # Ranks compromises by position, lowest first: not symmetric by design (see
        # test_scholz_code_rule_is_not_mirror_symmetric).
        options = replace(options, offer_choice="conflict_first")
    before = run_eum(x, s, c, (0, 100), options, max_rounds=6)
    after = run_eum([100 - v for v in x], s, c, (0, 100), options, max_rounds=6)
    assert after.forecast == pytest.approx(100 - before.forecast, abs=1e-6)
