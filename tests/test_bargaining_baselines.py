"""Properties of the baselines (Thomson, Stokman, Achen & König 2006)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from realpolitik.bargaining import (
    BargainingError,
    forecast,
    forecast_batch,
    nash_bargaining,
    weighted_mean,
    weighted_median,
)

SETTINGS = settings(max_examples=60, deadline=None)


@st.composite
def issues(draw: st.DrawFn, min_actors: int = 2) -> tuple[list[float], list[float], list[float]]:
    """Positions on 0-100, saliences in [0, 1] and capabilities, with positive total weight."""
    n = draw(st.integers(min_actors, 9))
    position = st.one_of(st.integers(0, 100).map(float), st.floats(0, 100))
    positions = draw(st.lists(position, min_size=n, max_size=n))
    saliences = draw(st.lists(st.floats(0, 1), min_size=n, max_size=n))
    capabilities = draw(st.lists(st.floats(0, 100), min_size=n, max_size=n))
    saliences[0] = draw(st.floats(0.05, 1))
    capabilities[0] = draw(st.floats(1, 100))
    return positions, saliences, capabilities


MODELS = ("mean", "median", "nash")


@SETTINGS
@given(issues(), st.sampled_from(MODELS))
def test_forecast_lies_within_the_positions(
    issue: tuple[list[float], list[float], list[float]], model: str
) -> None:
    x, s, c = issue
    value = forecast(x, s, c, model=model).forecast  # type: ignore[arg-type]
    assert min(x) - 1e-9 <= value <= max(x) + 1e-9


@SETTINGS
@given(issues(), st.sampled_from(MODELS), st.randoms(use_true_random=False))
def test_permuting_actors_changes_nothing(
    issue: tuple[list[float], list[float], list[float]], model: str, random: object
) -> None:
    x, s, c = issue
    order = list(range(len(x)))
    random.shuffle(order)  # type: ignore[attr-defined]
    before = forecast(x, s, c, model=model).forecast  # type: ignore[arg-type]
    after = forecast(
        [x[k] for k in order],
        [s[k] for k in order],
        [c[k] for k in order],
        model=model,  # type: ignore[arg-type]
    ).forecast
    assert after == pytest.approx(before, abs=1e-9)


@SETTINGS
@given(issues(), st.sampled_from(MODELS))
def test_mirroring_the_scale_mirrors_the_forecast(
    issue: tuple[list[float], list[float], list[float]], model: str
) -> None:
    x, s, c = issue
    before = forecast(x, s, c, model=model).forecast  # type: ignore[arg-type]
    after = forecast([100 - v for v in x], s, c, model=model).forecast  # type: ignore[arg-type]
    assert after == pytest.approx(100 - before, abs=1e-9)


@SETTINGS
@given(
    issues(),
    st.sampled_from(MODELS),
    st.floats(0, 100),
    st.sampled_from(("salience", "capability")),
)
def test_an_actor_without_weight_has_no_influence(
    issue: tuple[list[float], list[float], list[float]],
    model: str,
    moved_to: float,
    zeroed: str,
) -> None:
    x, s, c = issue
    x, s, c = [*x, 50.0], [*s, 0.7], [*c, 30.0]
    if zeroed == "salience":
        s[-1] = 0.0
    else:
        c[-1] = 0.0
    before = forecast(x, s, c, model=model).forecast  # type: ignore[arg-type]
    x[-1] = moved_to
    after = forecast(x, s, c, model=model).forecast  # type: ignore[arg-type]
    assert after == pytest.approx(before, abs=1e-9)


@SETTINGS
@given(issues())
def test_weighted_mean_and_median_agree_with_direct_computation(
    issue: tuple[list[float], list[float], list[float]],
) -> None:
    x, s, c = issue
    w = [a * b for a, b in zip(s, c, strict=True)]
    total = sum(w)
    assert weighted_mean(x, w) == pytest.approx(
        sum(a * b for a, b in zip(x, w, strict=True)) / total, abs=1e-9
    )
    # Direct: the weighted median minimises the weighted sum of distances; check that no
    # actor's position does better, and that at most half the weight lies strictly on
    # either side of it.
    median = weighted_median(x, w)

    def cost(point: float) -> float:
        return sum(b * abs(a - point) for a, b in zip(x, w, strict=True))

    assert all(cost(median) <= cost(point) + 1e-9 * (1 + total) for point in x)
    below = sum(b for a, b in zip(x, w, strict=True) if a < median - 1e-12)
    above = sum(b for a, b in zip(x, w, strict=True) if a > median + 1e-12)
    assert below <= total / 2 + 1e-9 and above <= total / 2 + 1e-9


def test_weighted_median_worked_examples() -> None:
    assert weighted_median([0, 50, 100], [1, 1, 1]) == 50
    assert weighted_median([0, 50, 100], [3, 1, 1]) == 0
    # Weight splits exactly in half between 0 and 100: the midpoint.
    assert weighted_median([0, 100], [1, 1]) == 50
    assert weighted_median([10, 20, 30, 40], [1, 1, 1, 1]) == 25


def test_nash_bargaining_worked_example() -> None:
    """Two actors at 0 and 100 on 0-100, weights 1 and 3.

    Gains: g_1(x) = (100 - x) / 100 and g_2(x) = x / 100 (each actor's worst outcome is the
    other's ideal). Maximising log(100 - x) + 3 log(x): -1/(100 - x) + 3/x = 0, so x = 75.
    """
    assert nash_bargaining([0, 100], [1, 3]) == pytest.approx(75.0, abs=1e-9)


def test_nash_bargaining_interior_example() -> None:
    """Actors at 20 (weight 1) and 60 (weight 1) on 0-100.

    Reach: actor 1's farthest end is 100 (distance 80), actor 2's is 0 (distance 60). Between
    them g_1 = (80 - (x - 20)) / 100 = (100 - x) / 100 and g_2 = (60 - (60 - x)) / 100 = x / 100,
    so the product x (100 - x) peaks at x = 50.
    """
    assert nash_bargaining([20, 60], [1, 1]) == pytest.approx(50.0, abs=1e-9)


def test_bad_input_is_refused_with_a_message() -> None:
    with pytest.raises(BargainingError, match="non-negative"):
        weighted_mean([1, 2], [1, -1])
    with pytest.raises(BargainingError, match="one value per actor"):
        weighted_median([1, 2, 3], [1, 1])
    with pytest.raises(BargainingError, match="scale"):
        nash_bargaining([1, 2], [1, 1], scale=(10, 0))
    with pytest.raises(BargainingError, match="on the scale"):
        forecast([0, 120], [0.5, 0.5], [1, 1], model="mean")
    with pytest.raises(BargainingError, match="divide 0-100 saliences by 100"):
        forecast([0, 50], [50, 50], [1, 1], model="median")
    with pytest.raises(BargainingError, match="unknown model"):
        forecast([0, 50], [0.5, 0.5], [1, 1], model="bogus")  # type: ignore[arg-type]
    with pytest.raises(BargainingError, match="no one has any weight"):
        forecast([0, 50], [0.0, 0.5], [1, 0], model="mean")


def test_forecast_result_serialises() -> None:
    result = forecast([0, 50, 100], [0.5, 0.5, 0.5], [1, 1, 2], model="median")
    data = result.model_dump(mode="json")
    # Weights 0.5, 0.5 and 1.0: half the total lies at or below 50 and half at 100.
    assert data["forecast"] == 75.0
    assert data["rounds"] == [[0.0, 50.0, 100.0]]
    assert data["model"] == "median"
    assert np.isclose(result.forecast, 75.0)


def test_batch_forecasts_equal_the_one_issue_forecasts() -> None:
    rng = np.random.default_rng(12)
    positions = rng.uniform(0, 100, (40, 6))
    saliences = rng.uniform(0, 1, (40, 6))
    capabilities = rng.uniform(0, 10, (40, 6))
    saliences[3] = 0.0  # a run in which no one has weight has no forecast
    for model in MODELS:
        batch = forecast_batch(positions, saliences, capabilities, model)  # type: ignore[arg-type]
        assert np.isnan(batch[3])
        for run in (0, 1, 7, 39):
            one = forecast(
                positions[run],
                saliences[run],
                capabilities[run],
                model=model,  # type: ignore[arg-type]
            )
            assert batch[run] == pytest.approx(one.forecast, abs=1e-9)
