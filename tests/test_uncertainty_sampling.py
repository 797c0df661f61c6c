"""Drawing judged values from their stated uncertainty: one rule per kind, seeded by row."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from realpolitik.uncertainty import (
    BLOCK_ROWS,
    Judged,
    Problem,
    UncertaintyError,
    sample,
    sample_judged,
)
from realpolitik.uncertainty.sampling import uniforms

NAN = float("nan")


def test_draws_are_seeded_and_reproducible() -> None:
    judged = Judged.of([10, 50, 90], sd=[5, NAN, 0])
    first = sample_judged(judged, 100, 7)
    again = sample_judged(judged, 100, 7)
    other = sample_judged(judged, 100, 8)
    assert np.array_equal(first, again)
    assert not np.array_equal(first, other)
    assert first.shape == (100, 3)


def test_stated_sd_default_sd_and_zero_sd() -> None:
    judged = Judged.of([50, 50, 50], sd=[10, NAN, 0])
    draws = sample_judged(judged, 40_000, 1)
    # 50 +- 10 on 0-100 is truncated 5 sd away: practically the plain normal.
    assert np.std(draws[:, 0]) == pytest.approx(10, rel=0.03)
    # No uncertainty stated: 5 % of the 0-100 bounds.
    assert np.std(draws[:, 1]) == pytest.approx(5, rel=0.03)
    assert np.all(draws[:, 2] == 50)
    assert np.median(draws[:, 0]) == pytest.approx(50, abs=0.3)


def test_range_is_triangular_with_the_value_as_mode() -> None:
    judged = Judged.of([40], low=[30], high=[70])
    draws = sample_judged(judged, 40_000, 2)[:, 0]
    assert draws.min() >= 30 and draws.max() <= 70
    assert np.mean(draws) == pytest.approx((30 + 40 + 70) / 3, abs=0.2)
    # Triangular CDF at the mode: (mode - low) / (high - low) = 0.25.
    assert np.mean(draws < 40) == pytest.approx(0.25, abs=0.01)


def test_sd_draws_are_truncated_to_the_bounds_not_clipped() -> None:
    """A value on its bound with sd 0.3: the draws follow the half-normal on [0, 1], none of
    them piles up on the bound (clipping would put half of them there)."""
    judged = Judged.of([0.0, 1.0], sd=[0.3, 0.3], bounds=(0, 1))
    draws = sample_judged(judged, 20_000, 3)
    assert draws.min() >= 0 and draws.max() <= 1
    assert np.mean(draws[:, 0] == 0.0) == 0.0 and np.mean(draws[:, 1] == 1.0) == 0.0
    truncated = stats.truncnorm(a=0, b=1 / 0.3, loc=0, scale=0.3)
    result = stats.kstest(draws[:, 0], truncated.cdf)
    assert result.pvalue > 0.001
    assert np.mean(draws[:, 1]) == pytest.approx(1 - truncated.mean(), abs=0.005)


def test_inputs_without_a_scale_have_no_default() -> None:
    free = Judged.of([3.0, 4.0], sd=[NAN, 1.0], bounds=(-np.inf, np.inf))
    draws = sample_judged(free, 2_000, 4)
    assert np.all(draws[:, 0] == 3.0)
    assert np.std(draws[:, 1]) == pytest.approx(1.0, rel=0.06)
    assert Problem.of({"payoffs": free}).rules() == ["fixed", "normal"]


def test_limits_use_the_range_or_two_sd() -> None:
    judged = Judged.of([50, 50, 98], sd=[5, NAN, 5], low=[NAN, 20, NAN], high=[NAN, 60, NAN])
    low, high = judged.limits()
    assert low.tolist() == [40, 20, 88] and high.tolist() == [60, 60, 100]


@settings(max_examples=25, deadline=None)
@given(
    n_rows=st.integers(1, 3 * BLOCK_ROWS + 5),
    cuts=st.lists(st.integers(0, 3 * BLOCK_ROWS + 5), max_size=6),
    seed=st.integers(0, 2**63 - 1),
)
def test_rows_do_not_depend_on_how_the_sample_is_split(
    n_rows: int, cuts: list[int], seed: int
) -> None:
    problem = Problem.of(
        {
            "position": Judged.of([10, 50, 90], sd=[5, NAN, 0]),
            "salience": Judged.of([0.2, 0.9], low=[0.1, 0.5], high=[0.4, 1.0], bounds=(0, 1)),
        }
    )
    whole = sample(problem, n_rows, seed)
    edges = sorted({0, n_rows, *(c for c in cuts if c < n_rows)})
    pieces = [whole.chunk(a, b).rows() for a, b in itertools.pairwise(edges)]
    assert np.concatenate(pieces).tobytes() == whole.rows().tobytes()


def test_problem_names_and_groups() -> None:
    problem = Problem.of(
        {"position": Judged.of([10, 20]), "salience": Judged.of([0.5], bounds=(0, 1))},
        {"position": ["position:a", "position:b"]},
    )
    assert problem.names == ("position:a", "position:b", "salience:0")
    rows = sample(problem, 5, 0).rows()
    parts = problem.split(rows)
    assert parts["position"].shape == (5, 2) and parts["salience"].shape == (5, 1)
    with pytest.raises(UncertaintyError, match="names"):
        Problem.of({"position": Judged.of([10, 20])}, {"position": ["one"]})


def test_bad_judgments_are_refused() -> None:
    with pytest.raises(UncertaintyError, match="not both"):
        Judged.of([50], sd=[5], low=[40], high=[60])
    with pytest.raises(UncertaintyError, match="contain its value"):
        Judged.of([50], low=[60], high=[70])
    with pytest.raises(UncertaintyError, match="both ends"):
        Judged.of([50], low=[40])
    with pytest.raises(UncertaintyError, match="within bounds"):
        Judged.of([150])
    with pytest.raises(UncertaintyError, match=">= 0"):
        Judged.of([50], sd=[-1])
    with pytest.raises(UncertaintyError, match="n_runs"):
        sample(Problem.of({"x": Judged.of([50])}), 0, 0)
    with pytest.raises(UncertaintyError, match="seed"):
        sample(Problem.of({"x": Judged.of([50])}), 3, -1)


@settings(max_examples=40, deadline=None)
@given(
    value=st.floats(0, 100),
    sd=st.floats(0.01, 80),
    spread=st.tuples(st.floats(0, 1), st.floats(0, 1)),
    seed=st.integers(0, 2**32),
)
def test_inverse_cdfs_agree_with_scipy(
    value: float, sd: float, spread: tuple[float, float], seed: int
) -> None:
    """The fast inverse CDFs against SciPy's truncated normal and triangular distributions,
    fed the same uniform numbers (the reference implementations)."""
    low, high = value - spread[0] * (value - 0), value + spread[1] * (100 - value)
    problem = Problem.of({"x": Judged.of([value, value], sd=[sd, NAN], low=[NAN, low],
                                         high=[NAN, high])})  # fmt: skip
    u = uniforms(seed, 0, 50, 2)
    rows = sample(problem, 50, seed).rows()
    a, b = (0 - value) / sd, (100 - value) / sd
    expected = stats.truncnorm.ppf(u[:, 0], a, b, loc=value, scale=sd)
    assert np.allclose(rows[:, 0], np.clip(expected, 0, 100), rtol=1e-7, atol=1e-6)
    if high > low:
        mode = (value - low) / (high - low)
        triangular = stats.triang.ppf(u[:, 1], mode, loc=low, scale=high - low)
        assert np.allclose(rows[:, 1], triangular, rtol=1e-9, atol=1e-9)
    else:
        assert np.all(rows[:, 1] == low)
