"""KTAB's probabilistic Condorcet election and Spatial Model of Politics (bargaining/ktab.py).

Worked examples by hand, numbers printed by KTAB's own reference runs (examples/smp/doc in
the KTAB repository), agreement of the compiled kernels with the plain reference, and
properties under hypothesis.
"""

from __future__ import annotations

from itertools import product

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from realpolitik.bargaining.errors import BargainingError
from realpolitik.bargaining.ktab import (
    _MIN_FIRST_STEP,
    _MIN_ROUNDS,
    PCE_MODELS,
    VICTORY_MODELS,
    VOTING_RULES,
    PceModel,
    VictoryModel,
    VotingRule,
    _distances,
    _pce,
    _play_round,
    _reference_distances,
    _reference_pce,
    _reference_risk_attitudes,
    _reference_round,
    _risk_attitudes,
    _risk_from_probabilities,
    probabilistic_condorcet,
    spatial_model_of_politics,
)

SETTINGS = settings(max_examples=40, deadline=None)
SMP_SETTINGS = settings(max_examples=15, deadline=None)

Issue = tuple[list[float], list[float], list[float]]


@st.composite
def issues(draw: st.DrawFn, min_actors: int = 2, max_actors: int = 8) -> Issue:
    """Positions on 0-100, saliences in [0, 1], capabilities; the first actor has weight."""
    n = draw(st.integers(min_actors, max_actors))
    position = st.one_of(st.integers(0, 100).map(float), st.floats(0, 100))
    positions = draw(st.lists(position, min_size=n, max_size=n))
    saliences = draw(st.lists(st.floats(0, 1), min_size=n, max_size=n))
    capabilities = draw(st.lists(st.floats(0, 100), min_size=n, max_size=n))
    saliences[0] = draw(st.floats(0.05, 1))
    capabilities[0] = draw(st.floats(1, 100))
    return positions, saliences, capabilities


@st.composite
def generic_issues(draw: st.DrawFn, max_actors: int = 7) -> Issue:
    """Issues without exact ties: distinct positions, every weight positive and distinct."""
    n = draw(st.integers(2, max_actors))
    positions = draw(
        st.lists(st.floats(0, 100), min_size=n, max_size=n, unique_by=lambda v: round(v, 1))
    )
    saliences = draw(st.lists(st.floats(0.1, 1), min_size=n, max_size=n, unique=True))
    capabilities = draw(st.lists(st.floats(1, 100), min_size=n, max_size=n, unique=True))
    return positions, saliences, capabilities


def permuted(issue: Issue, order: list[int]) -> Issue:
    x, s, c = issue
    return [x[k] for k in order], [s[k] for k in order], [c[k] for k in order]


# --------------------------------------------------------------------------------------------
# Worked examples


def test_two_actors_split_by_their_weights() -> None:
    # options 0 and 100; C(0 over 100) = 3, C(100 over 0) = 1 (plus 1e-8 each): P(0) = 3/4
    result = probabilistic_condorcet([0, 100], [1.0, 0.5], [3.0, 2.0])
    assert result.options == [0.0, 100.0]
    assert result.probabilities == pytest.approx([0.75, 0.25], abs=1e-8)
    assert result.forecast == pytest.approx(25.0, abs=1e-6)
    assert result.victory[0][1] == pytest.approx(0.75, abs=1e-8)
    assert probabilistic_condorcet(
        [0, 100], [1.0, 0.5], [3.0, 2.0], forecast="most_probable"
    ).forecast == pytest.approx(0.0)


def test_three_actors_conditional_pce_by_hand() -> None:
    # Equal weights at 0, 50, 100: the centre beats each end with probability 2/3 (coalition
    # 1 against 1/2), the ends tie. Conditional PCE: P(centre) ~ (2/3)^2, P(end) ~ (1/3)(1/2),
    # so P = (3/14, 4/7, 3/14).
    result = probabilistic_condorcet([0, 50, 100], [1, 1, 1], [1, 1, 1])
    assert result.probabilities == pytest.approx([3 / 14, 4 / 7, 3 / 14], abs=1e-7)
    assert result.victory[1][0] == pytest.approx(2 / 3, abs=1e-7)
    assert result.forecast == pytest.approx(50.0)


def test_three_actors_markov_processes_by_hand() -> None:
    # Uniform challenges: the stationary p solves p_c = (1/3)[p_c + (4/3)(p_c + p_e)], so
    # p_c = 2 p_e: (1/4, 1/2, 1/4). Incentive-weighted challenges (incentive = C x P): the
    # ends challenge the centre equally, the centre takes 4/7 of the challenges to an end,
    # giving p_c = (16/7) p_e: (7/30, 8/15, 7/30).
    uniform = probabilistic_condorcet([0, 50, 100], [1, 1, 1], [1, 1, 1], model="markov_uniform")
    assert uniform.probabilities == pytest.approx([0.25, 0.5, 0.25], abs=1e-5)
    incentive = probabilistic_condorcet(
        [0, 50, 100], [1, 1, 1], [1, 1, 1], model="markov_incentive"
    )
    assert incentive.probabilities == pytest.approx([7 / 30, 8 / 15, 7 / 30], abs=1e-6)


def test_shared_positions_are_one_option() -> None:
    result = probabilistic_condorcet([0, 0.04, 99.96, 100], [1, 1, 1, 1], [1, 1, 1, 1])
    assert len(result.options) == 2
    assert result.options == pytest.approx([0.02, 99.98])
    assert result.actor_options == [0, 0, 1, 1]
    assert result.probabilities == pytest.approx([0.5, 0.5], abs=1e-6)
    assert result.actor_probabilities == pytest.approx([0.5, 0.5, 0.5, 0.5], abs=1e-6)


def test_an_actor_without_weight_brings_no_option() -> None:
    result = probabilistic_condorcet([0, 100, 30], [1, 1, 0], [1, 1, 1])
    assert result.options == [0.0, 100.0]
    assert result.actor_options == [0, 1, -1]
    assert result.actor_probabilities[2] == 0.0


def test_two_equal_actors_smp_settles_on_the_status_quo() -> None:
    # Equal capabilities: equal risk-neutral probabilities, so R = 0. Each challenges the
    # other (gain 1 - 2 s_j (1 - P) = 1/2) and proposes the midpoint, but with linear
    # utilities the midpoint state is worth exactly the status quo to both, and the tie goes
    # to the status quo: nobody moves.
    result = spatial_model_of_politics([0, 100], [0.5, 0.5], [1, 1])
    assert result.status == "settled"
    assert result.rounds == [[0.0, 100.0], [0.0, 100.0]]
    assert result.risk_attitudes == [0.0, 0.0]
    assert result.forecast == pytest.approx(50.0)


def test_unanimity_gives_that_position() -> None:
    pce = probabilistic_condorcet([40, 40, 40], [0.2, 0.9, 0.5], [3, 1, 7])
    assert pce.forecast == pytest.approx(40.0)
    smp = spatial_model_of_politics([40, 40, 40], [0.2, 0.9, 0.5], [3, 1, 7])
    assert smp.forecast == pytest.approx(40.0)
    assert smp.status == "settled"
    assert len(smp.rounds) == 2


# --------------------------------------------------------------------------------------------
# KTAB's printed numbers. Inputs are copied at the precision KTAB printed them, so we allow
# errors of a few units in the last printed digit (stated before comparing, not fitted).

# examples/smp/doc/20170530_ref-smpExample.txt, turn 0: actor 2's queue of five bargains,
# VotingRule PropCbc, VictoryProbModel Linear, PCEModel MarkovIncentive.
_SMPEXAMPLE_WEIGHTS = [117.70, 93.20, 61.40, 135.40, 63.80]
_SMPEXAMPLE_QUEUE = [
    [0.94413, 0.94325, 0.95465, 0.95113, 0.94769],
    [0.64659, 0.64571, 0.62947, 0.67104, 0.70395],
    [0.64098, 0.63957, 0.52679, 0.63545, 0.57105],
    [0.65095, 0.64348, 0.76595, 0.65249, 0.68524],
    [0.69137, 0.69349, 0.65381, 0.70138, 0.64050],
]
_SMPEXAMPLE_VICTORY_ROW_2 = [0.6052, 0.6216, 0.5000, 0.5388, 0.5662]
_SMPEXAMPLE_PROBABILITIES = [0.0859, 0.0695, 0.4215, 0.2255, 0.1976]


@pytest.mark.parametrize("engine", ["compiled", "reference"])
def test_replicates_ktab_bargain_queue_pce(engine: str) -> None:
    utilities = np.array(_SMPEXAMPLE_QUEUE)
    weights = np.array(_SMPEXAMPLE_WEIGHTS)
    rule, victory_model, model = "proportional_cubic", "linear", "markov_incentive"
    if engine == "compiled":
        codes = (
            VOTING_RULES.index(rule),
            VICTORY_MODELS.index(victory_model),
            PCE_MODELS.index(model),
        )
        p, victory = _pce(utilities, weights, *codes)
    else:
        p, victory = _reference_pce(utilities, weights, rule, victory_model, model)
    assert victory[2] == pytest.approx(_SMPEXAMPLE_VICTORY_ROW_2, abs=5e-4)
    assert p == pytest.approx(_SMPEXAMPLE_PROBABILITIES, abs=5e-4)


# examples/smp/doc/20170530_ref-SOE-Pol-Comp.txt, turn 0 with KTAB's default parameters
# (Prop, Linear, Conditional, BigRRange Mid): "Raw actor-pos value matrix (risk neutral)"
# and the "Inferred risk attitudes" KTAB printed from it.
_SOE_CAPABILITIES = [100.0, 60.2, 35, 35, 40, 20, 15, 25, 20, 35, 20, 20, 40]
_SOE_RAW_VALUES = """
1.000 0.592 0.955 0.767 0.588 0.888 0.937 0.700 0.955 0.809 0.717 0.900 0.636
0.675 1.000 0.643 0.864 0.963 0.567 0.614 0.850 0.643 0.830 0.892 0.700 0.777
0.954 0.539 1.000 0.719 0.536 0.924 0.959 0.658 1.000 0.764 0.670 0.857 0.584
0.762 0.815 0.717 1.000 0.814 0.657 0.707 0.926 0.717 0.954 0.950 0.831 0.820
0.644 0.966 0.610 0.850 1.000 0.533 0.581 0.871 0.610 0.814 0.890 0.672 0.758
0.873 0.557 0.888 0.674 0.539 1.000 0.950 0.574 0.888 0.700 0.624 0.854 0.646
0.921 0.605 0.929 0.724 0.588 0.950 1.000 0.624 0.929 0.750 0.674 0.894 0.680
0.700 0.850 0.671 0.894 0.869 0.578 0.627 1.000 0.671 0.876 0.934 0.696 0.694
0.972 0.696 1.000 0.792 0.677 0.872 0.917 0.684 1.000 0.813 0.744 0.882 0.721
0.817 0.802 0.782 0.960 0.800 0.700 0.750 0.879 0.782 1.000 0.915 0.828 0.758
0.742 0.885 0.710 0.950 0.890 0.623 0.672 0.932 0.710 0.919 1.000 0.748 0.750
0.900 0.704 0.876 0.787 0.678 0.864 0.902 0.670 0.876 0.799 0.738 1.000 0.801
0.705 0.779 0.673 0.758 0.743 0.658 0.690 0.665 0.673 0.742 0.736 0.791 1.000
"""
_SOE_RISK_ATTITUDES = [
    1.000,
    -0.498,
    -0.452,
    0.362,
    -0.500,
    -0.500,
    -0.497,
    -0.499,
    -0.452,
    0.643,
    -0.383,
    -0.196,
    -0.500,
]


def test_replicates_ktab_inferred_risk_attitudes() -> None:
    utilities = np.array([row.split() for row in _SOE_RAW_VALUES.split("\n") if row], dtype=float)
    p, _ = _pce(utilities, np.array(_SOE_CAPABILITIES), VOTING_RULES.index("proportional"), 0, 0)
    risk = _risk_from_probabilities(p, 1)
    assert risk == pytest.approx(_SOE_RISK_ATTITUDES, abs=0.02)


# The whole run in examples/smp/doc/20170530_ref-SOE-Pol-Comp.txt: 13 actors on two dimensions
# (policy, competition), KTAB's default parameters (printed in the run: Prop, Linear,
# Conditional, Deterministic, BigRRange Mid, BigRAdjust OneThird, SemiCommit, S2P2,
# InitOnlyInterp), 27 rounds. KTAB printed positions to 0.1 on 0-100: we allow 0.051.
_SOE_POSITIONS = [
    (30, 20), (45, 65), (30, 15), (45, 45), (50, 65), (15, 10), (20, 15),
    (60, 50), (30, 15), (45, 40), (50, 50), (20, 30), (15, 60),
]  # fmt: skip
_SOE_SALIENCES = [
    (24, 48), (44.7, 41.3), (28.9, 65.1), (20.6, 49.4), (44.7, 47.8), (32, 32), (32, 32),
    (43.9, 50.1), (26.4, 17.6), (35.9, 46.6), (44.7, 47.8), (47.4, 40.6), (49, 46),
]  # fmt: skip
# "History of actor positions over time": per actor and dimension, the 28 states
_SOE_HISTORY = """
30 30 30.9 31.4 31.4 34.2 34.2 40.1 40.1 40.1 40.1 40.1 40.1 40.1
    39.6 36.9 37.1 37.2 37.2 37.2 37.4 43.2 43.2 43.2 43.2 43.2 43.2 43.2
20 20 20.4 20.6 20.6 21.6 21.6 28 28 28 28.2 28.2 28.2 29
    29.5 24.6 25 25.1 25.1 25.5 25.6 43.4 43.4 43.3 43.3 43.3 43.3 43.3
45 44.8 44.7 44.7 44.7 44.7 44.7 44.7 44.7 44.7 44.7 44.7 44.7 44.7
    44.7 44.7 44.7 44.7 44.7 44.7 44.7 43.2 43.2 43.2 43.2 43.2 43.2 43.2
65 64.6 64.4 64.4 64.4 64.4 64.4 64.4 64.4 64.4 64.4 64.4 64.4 64.4
    64.4 64.4 64.4 64.4 64.4 64.4 64.4 43.4 43.3 43.3 43.3 43.3 43.3 43.3
30 30 30 30 30 30 30 30 30 30 30 30 30 30
    30 36.9 36.9 36.9 37.1 37.1 37.1 37.1 38.1 38.1 38.1 38.7 38.7 38.7
15 15 15 15 15 15 15 15 15 15 15 15 15 15
    15 24.6 24.6 24.6 24.9 24.9 24.9 24.9 27.6 27.6 27.6 28.8 28.8 28.8
45 44.9 44.8 44.8 41.6 41.6 41.6 41.6 41.6 37.4 39.6 39.6 39.6 40.1
    39 39.2 39.2 39.2 39.2 37.2 38.4 38.4 38.1 38.1 38.7 38.7 38.6 38.6
45 45 45 45 43.5 43.5 43.5 43.5 43.5 38.5 39.4 39.4 39.4 29
    31.8 31.7 31.7 31.7 31.7 25.5 28.3 28.3 27.6 27.6 28.9 28.8 28.8 28.8
50 49.6 49.6 49.6 49.6 49.6 49.6 40.1 40 40 38.3 38.3 38.3 38.3
    38.3 38.3 38.4 38.4 38.4 38.4 38.4 38.4 38.4 38.4 38.4 38.4 38.7 38.7
65 64.4 64.4 64.4 64.4 64.4 64.4 28 28 28 28.1 28.1 28.1 28.1
    28.1 28.1 28.5 28.5 28.5 28.5 28.5 28.5 28.5 28.5 28.5 28.5 28.8 28.8
15 42.9 39.7 40.7 35.2 35.2 40.1 40.1 40 39.9 39.9 39.1 38.3 39
    39 39 38.4 38.4 38.4 38.4 38.4 38.4 38.4 38.4 38.4 38.8 38.6 38.6
10 38.8 35.4 36.3 26.5 26.5 39.5 39.5 39.4 39.1 39.1 34.6 28.1 32.9
    32.5 32.5 28.5 28.5 28.5 28.5 28.3 28.3 28.3 28.2 28.2 30.8 29.5 29.5
20 20 39.7 43.5 32.6 41.5 34.5 40 39.6 40.2 40.1 39 39 39
    39.1 39.3 39.2 39.2 37.2 38.8 38.8 38.8 38.8 38.8 38.7 38.7 38.7 38.7
15 15 35.4 44.4 22.7 43.4 22.4 39.1 38.7 37.8 38.6 33 33 32.7
    30.7 30.4 30.4 30.4 25.1 29.4 29.4 29.4 29.4 29.3 29 29 29 29
60 59.7 59.4 59.4 59.4 34.2 34.2 34.2 34.2 37.4 37.4 37.4 37.4 37.4
    39.6 39.2 39.2 39.2 39.2 39.2 37.4 38.3 38.3 38.7 38.7 38.7 38.6 38.7
50 49.8 49.6 49.6 49.6 21.6 21.6 21.6 21.6 38.5 38.5 38.5 38.5 38.5
    29.5 30.4 30.4 30.4 30.4 30.4 25.6 27.2 26.9 28.9 28.9 28.7 28.7 29
30 29.6 44.8 40.7 40.7 40.7 40.7 34.5 40 40 40.1 38.6 39 38.9
    39 39.2 39.2 37.5 38.8 38.3 38.3 38.3 38.8 38.7 38.7 38.7 38.7 38.7
15 14.7 45 36.3 36.3 36.3 36.3 21.9 39.4 39.4 38.3 29.1 33 32.1
    31.6 30.4 30.4 25.4 29.4 27.3 27.3 27.3 30.8 29.5 29 29 29 28.9
45 42.9 42 42.8 41.2 41.2 41.2 41.2 41.2 40.2 40.1 39.3 39.3 39.3
    39.3 39.3 37.1 38.8 38.8 38.8 38.8 38.8 38.8 38.8 38.8 38.8 38.8 38.8
40 38.8 38.2 38.9 37 37 37 37 37 37.8 38.3 35.8 35.8 35.8
    35.8 35.8 25.1 30.8 30.8 30.8 30.8 30.8 30.8 30.8 30.7 30.7 30.7 30.7
50 49.9 49.9 31.4 41.6 41.6 41.6 41.6 41.6 41.6 39.6 39.6 40.1 39.4
    39 39.1 39.1 37.2 37.1 38.3 38.3 38.3 38.2 38.8 38.8 38.8 38.8 38.8
50 50 49.9 20.6 43.5 43.5 43.5 43.5 43.5 43.5 39.4 39.4 28.2 29.9
    32.5 32.1 32.1 25.1 24.9 27.3 27.3 27.2 26.4 30.8 30.8 30.8 30.8 30.8
20 20 20 20 20 20 20 20 20 20 38.3 39 39 39
    39 39.1 39.1 38.8 38.8 38.8 38.7 38.7 38.7 38.7 38.7 38.7 38.8 38.8
30 29.9 29.9 29.9 29.9 29.9 29.9 29.9 29.9 29.9 28.1 33 33 32.9
    31.8 31.4 31.4 29.4 29.4 29.4 28.8 28.8 28.8 28.8 28.8 28.8 30.8 30.8
15 15 15 15 15 15 15 15 15 15 15 15 15 15
    15 15 15 15 15 15 15 15 15 15 15 15 15 15
60 60 60 60 60 60 60 60 60 60 60 60 60 60
    60 60 60 60 60 60 60 60 60 60 60 60 60 60
"""


def _soe_history() -> np.ndarray:
    values = np.array(_SOE_HISTORY.split(), dtype=float)
    return values.reshape(13, 2, 28).transpose(2, 0, 1) / 100  # (state, actor, dimension)


@pytest.mark.parametrize("engine", ["compiled", "reference"])
def test_replicates_ktab_reference_run(engine: str) -> None:
    ktab = _soe_history()
    z = np.array(_SOE_POSITIONS, dtype=float) / 100
    sal = np.array(_SOE_SALIENCES) / 100
    s, c = sal.sum(axis=1), np.array(_SOE_CAPABILITIES)
    settings = {
        "voting_rule": "proportional",
        "victory_model": "linear",
        "pce_model": "conditional",
        "risk_range": "mid",
        "risk_adjustment": "one_third",
        "third_party_commit": "semi",
        "interpolation": "s2p2",
    }
    codes = np.array([VOTING_RULES.index("proportional"), 0, 0, 1, 1, 1, 1, 0])
    steps = []
    for state in range(1, 28):
        if engine == "compiled":
            risk = _risk_attitudes(_distances(z, sal), c, codes)
            new_z = np.empty_like(z)
            _play_round(z, sal, s, c, c, risk, codes, new_z)
        else:
            risk = _reference_risk_attitudes(_reference_distances(z, sal, z), c, settings)
            new_z = _reference_round(z, sal, s, c, c, risk, settings)
        if state == 1:
            assert risk == pytest.approx(_SOE_RISK_ATTITUDES, abs=0.0005)
        steps.append(np.linalg.norm(new_z - z, axis=1).sum())
        z = new_z
        assert np.abs(z - ktab[state]).max() <= 0.00051, f"state {state}"
    # KTAB's stopping rule (smpStopFn) ends this run after 27 rounds, as KTAB did
    ratios = np.array(steps) / (steps[0] + _MIN_FIRST_STEP)
    assert next(k + 1 for k in range(_MIN_ROUNDS - 1, 27) if ratios[k] < 0.02) == 27


# --------------------------------------------------------------------------------------------
# Compiled kernels against the plain reference


@pytest.mark.parametrize(
    ("rule", "victory_model", "model"), list(product(VOTING_RULES, VICTORY_MODELS, PCE_MODELS))
)
def test_pce_kernel_agrees_with_reference(
    rule: VotingRule, victory_model: VictoryModel, model: PceModel
) -> None:
    rng = np.random.default_rng(7)
    for _ in range(5):
        n = int(rng.integers(2, 12))
        # a mix of shared grid positions (as in case files) and arbitrary ones
        grid = rng.choice([0.0, 20.0, 50.0, 80.0, 100.0], n)
        x = np.where(rng.random(n) < 0.5, rng.uniform(0, 100, n), grid)
        s, c = rng.uniform(0, 1, n), rng.uniform(0, 10, n)
        s[0] = 0.5
        compiled = probabilistic_condorcet(
            x,
            s,
            c,
            voting_rule=rule,
            victory_model=victory_model,
            model=model,
        )
        reference = probabilistic_condorcet(
            x,
            s,
            c,
            voting_rule=rule,
            victory_model=victory_model,
            model=model,
            engine="reference",
        )
        assert compiled.probabilities == pytest.approx(reference.probabilities, abs=1e-9)
        assert compiled.forecast == pytest.approx(reference.forecast, abs=1e-7)


_SMP_VARIANTS = [
    {},
    {"voting_rule": "proportional_cubic", "model": "markov_incentive"},
    {"victory_model": "square", "risk_range": "min", "risk_adjustment": "full"},
    {"third_party_commit": "full", "interpolation": "s1p1", "model": "markov_uniform"},
    {"interpolation": "s2pmax", "risk_range": "max", "coalition_weight": "capability_salience"},
    {"voting_rule": "binary", "risk_adjustment": "half", "forecast": "most_probable"},
]


@pytest.mark.parametrize("variant", _SMP_VARIANTS)
def test_smp_kernel_agrees_with_reference(variant: dict[str, str]) -> None:
    rng = np.random.default_rng(11)
    for _ in range(3):
        n = int(rng.integers(3, 9))
        x = rng.uniform(0, 100, n)
        s = rng.uniform(0.1, 1, n)
        c = rng.uniform(1, 100, n)
        compiled = spatial_model_of_politics(x, s, c, max_rounds=30, **variant)  # type: ignore[arg-type]
        reference = spatial_model_of_politics(
            x,
            s,
            c,
            max_rounds=30,
            engine="reference",
            **variant,  # type: ignore[arg-type]
        )
        assert compiled.status == reference.status
        assert np.allclose(compiled.rounds, reference.rounds, atol=1e-9)
        assert compiled.round_forecasts == pytest.approx(reference.round_forecasts, abs=1e-7)
        assert compiled.risk_attitudes == pytest.approx(reference.risk_attitudes, abs=1e-9)
        assert compiled.forecast == pytest.approx(reference.forecast, abs=1e-7)


# --------------------------------------------------------------------------------------------
# Properties


@SETTINGS
@given(issues(), st.sampled_from(PCE_MODELS), st.sampled_from(VOTING_RULES))
def test_pce_probabilities_form_a_distribution(issue: Issue, model: str, rule: str) -> None:
    x, s, c = issue
    result = probabilistic_condorcet(x, s, c, model=model, voting_rule=rule)  # type: ignore[arg-type]
    p = np.array(result.probabilities)
    assert np.all(p >= 0)
    assert p.sum() == pytest.approx(1.0, abs=1e-9)
    assert min(x) - 1e-9 <= result.forecast <= max(x) + 1e-9


@SETTINGS
@given(issues(), st.randoms(use_true_random=False))
def test_pce_permuting_actors_changes_nothing(issue: Issue, random: object) -> None:
    order = list(range(len(issue[0])))
    random.shuffle(order)  # type: ignore[attr-defined]
    before = probabilistic_condorcet(*issue)
    after = probabilistic_condorcet(*permuted(issue, order))
    assert after.forecast == pytest.approx(before.forecast, abs=1e-9)
    assert after.probabilities == pytest.approx(before.probabilities, abs=1e-9)


@SETTINGS
@given(
    issues(),
    st.floats(0, 100),
    st.floats(0, 1),
    st.floats(0, 100),
    st.booleans(),
    st.sampled_from(PCE_MODELS),
)
def test_pce_actor_without_weight_has_no_influence(
    issue: Issue, position: float, salience: float, capability: float, mute: bool, model: str
) -> None:
    x, s, c = issue
    extra = (0.0, capability) if mute else (salience, 0.0)
    before = probabilistic_condorcet(x, s, c, model=model)  # type: ignore[arg-type]
    after = probabilistic_condorcet(
        [*x, position],
        [*s, extra[0]],
        [*c, extra[1]],
        model=model,  # type: ignore[arg-type]
    )
    assert after.forecast == pytest.approx(before.forecast, abs=1e-9)
    assert after.probabilities == pytest.approx(before.probabilities, abs=1e-9)


@SETTINGS
@given(issues(), st.sampled_from(PCE_MODELS), st.sampled_from(VICTORY_MODELS))
def test_pce_mirroring_the_scale_mirrors_the_forecast(
    issue: Issue, model: str, victory_model: str
) -> None:
    x, s, c = issue
    kwargs = {"model": model, "victory_model": victory_model}
    before = probabilistic_condorcet(x, s, c, **kwargs)  # type: ignore[arg-type]
    after = probabilistic_condorcet([100 - v for v in x], s, c, **kwargs)  # type: ignore[arg-type]
    assert after.forecast == pytest.approx(100 - before.forecast, abs=1e-6)


@SMP_SETTINGS
@given(issues(max_actors=7))
def test_smp_forecast_lies_within_the_positions(issue: Issue) -> None:
    x, s, c = issue
    result = spatial_model_of_politics(x, s, c)
    # bargains are rounded to 1e-4 of the range, as in KTAB
    assert min(x) - 0.01 <= result.forecast <= max(x) + 0.01
    assert result.status in ("settled", "cycle", "unsettled")
    assert all(0 <= p <= 1 for p in result.probabilities)


@SMP_SETTINGS
@given(generic_issues(), st.randoms(use_true_random=False))
def test_smp_permuting_actors_changes_nothing(issue: Issue, random: object) -> None:
    # without exact ties: a tie goes to the lowest index (see the module docstring)
    order = list(range(len(issue[0])))
    random.shuffle(order)  # type: ignore[attr-defined]
    before = spatial_model_of_politics(*issue)
    after = spatial_model_of_politics(*permuted(issue, order))
    assert after.forecast == pytest.approx(before.forecast, abs=1e-6)
    assert np.allclose(np.array(after.rounds)[:, np.argsort(order)], before.rounds, atol=1e-6)


@SMP_SETTINGS
@given(issues(max_actors=7))
def test_smp_mirroring_the_scale_mirrors_the_forecast(issue: Issue) -> None:
    # ties go to the lowest index, and mirroring keeps the indices: this holds with ties too
    x, s, c = issue
    before = spatial_model_of_politics(x, s, c)
    after = spatial_model_of_politics([100 - v for v in x], s, c)
    assert after.forecast == pytest.approx(100 - before.forecast, abs=1e-6)


# --------------------------------------------------------------------------------------------
# Boundary checks


def test_bad_inputs_raise_with_the_fix() -> None:
    with pytest.raises(BargainingError, match="divide 0-100 saliences by 100"):
        probabilistic_condorcet([0, 100], [50, 50], [1, 1])
    with pytest.raises(BargainingError, match="unknown voting_rule"):
        probabilistic_condorcet([0, 100], [0.5, 0.5], [1, 1], voting_rule="plurality")  # type: ignore[arg-type]
    with pytest.raises(BargainingError, match="max_rounds"):
        spatial_model_of_politics([0, 100], [0.5, 0.5], [1, 1], max_rounds=0)
    with pytest.raises(BargainingError, match="unknown interpolation"):
        spatial_model_of_politics([0, 100], [0.5, 0.5], [1, 1], interpolation="nbs")  # type: ignore[arg-type]
