"""Drawing judged values from their stated uncertainty."""

from __future__ import annotations

import numpy as np
import pytest

from realpolitik.uncertainty import Judged, UncertaintyError, make_rng, sample

NAN = float("nan")


def test_draws_are_seeded_and_reproducible() -> None:
    judged = Judged.of([10, 50, 90], sd=[5, NAN, 0])
    first = sample(judged, 100, make_rng(7))
    again = sample(judged, 100, make_rng(7))
    other = sample(judged, 100, make_rng(8))
    assert np.array_equal(first, again)
    assert not np.array_equal(first, other)
    assert first.shape == (100, 3)


def test_stated_sd_default_sd_and_zero_sd() -> None:
    judged = Judged.of([50, 50, 50], sd=[10, NAN, 0])
    draws = sample(judged, 40_000, make_rng(1))
    assert np.std(draws[:, 0]) == pytest.approx(10, rel=0.03)
    # No uncertainty stated: 5 % of the 0-100 bounds.
    assert np.std(draws[:, 1]) == pytest.approx(5, rel=0.03)
    assert np.all(draws[:, 2] == 50)
    assert np.median(draws[:, 0]) == pytest.approx(50, abs=0.3)


def test_range_is_triangular_with_the_value_as_mode() -> None:
    judged = Judged.of([40], low=[30], high=[70])
    draws = sample(judged, 40_000, make_rng(2))[:, 0]
    assert draws.min() >= 30 and draws.max() <= 70
    assert np.mean(draws) == pytest.approx((30 + 40 + 70) / 3, abs=0.2)
    # Triangular CDF at the mode: (mode - low) / (high - low) = 0.25.
    assert np.mean(draws < 40) == pytest.approx(0.25, abs=0.01)


def test_draws_stay_within_bounds() -> None:
    judged = Judged.of([0.0, 1.0], sd=[0.3, 0.3], bounds=(0, 1))
    draws = sample(judged, 5_000, make_rng(3))
    assert draws.min() >= 0 and draws.max() <= 1
    # Clipping puts the half of the draws that fall outside onto the bound itself.
    assert np.mean(draws[:, 0] == 0.0) == pytest.approx(0.5, abs=0.02)
    assert np.mean(draws[:, 1] == 1.0) == pytest.approx(0.5, abs=0.02)


def test_limits_use_the_range_or_two_sd() -> None:
    judged = Judged.of([50, 50, 98], sd=[5, NAN, 5], low=[NAN, 20, NAN], high=[NAN, 60, NAN])
    low, high = judged.limits()
    assert low.tolist() == [40, 20, 88] and high.tolist() == [60, 60, 100]


def test_bad_judgments_are_refused() -> None:
    with pytest.raises(UncertaintyError, match="not both"):
        Judged.of([50], sd=[5], low=[40], high=[60])
    with pytest.raises(UncertaintyError, match="contain its value"):
        Judged.of([50], low=[60], high=[70])
    with pytest.raises(UncertaintyError, match="both ends"):
        Judged.of([50], low=[40])
    with pytest.raises(UncertaintyError, match="within bounds"):
        Judged.of([150])
    with pytest.raises(UncertaintyError, match="non-negative"):
        Judged.of([50], sd=[-1])
    with pytest.raises(UncertaintyError, match="n_runs"):
        sample(Judged.of([50]), 0, make_rng(0))
