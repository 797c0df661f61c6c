"""Expected Utility Model: the stopping rule (settled, cycle, unsettled) and why it matters.

A round depends on nothing but the positions, so once they repeat the run cycles for ever; the
forecast of a settled or cycling run must not depend on ``max_rounds`` (docs/bargaining.md,
"Stopping rule and cycles").
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from realpolitik.bargaining import (
    EumOptions,
    Model,
    all_options,
    forecast,
    run_eum,
    run_eum_batch,
    run_eum_reference,
)
from realpolitik.bargaining import eum_reference as ref
from realpolitik.bargaining.options import SCHOLZ_REPLICATION
from realpolitik.bargaining.results import CYCLE, RUN_STATUSES, SETTLED, UNSETTLED

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
EC_CASE = SHARED / "data" / "eum" / "ec-emissions-1994.csv"

#: The hand examples below were found under the EC replication readings; they name them.
EC_OPTIONS = SCHOLZ_REPLICATION
#: Three actors whose run enters a cycle of three rounds under those readings.
CYCLING = ([90.0, 50.0, 60.0], [1.0, 0.8, 0.4], [4.0, 4.0, 5.0])
#: Three actors who all end at 60 after three rounds under those readings.
SETTLING = ([60.0, 10.0, 100.0], [0.5, 0.1, 0.4], [2.0, 2.0, 4.0])


def _capped_median(x: list[float], s: list[float], c: list[float], rounds: int) -> float:
    """The old answer: play exactly ``rounds`` rounds, no stopping rule, take the median."""
    positions = list(x)
    for _ in range(rounds):
        positions = ref.eum_round(positions, s, c, (0.0, 100.0), EC_OPTIONS).positions
    return ref.weighted_median(positions, [a * b for a, b in zip(s, c, strict=True)])


def test_a_three_round_cycle_and_its_forecast() -> None:
    """The third actor (weight 2 against 4 and 3.2) goes 60 -> 50 -> 90 -> 67.03 -> 50 -> ...

    It holds the median throughout, so the medians after rounds 2, 3 and 4 (90, 67.03, 50)
    repeat for ever: the positions after round 4 are those after round 1, bit for bit. The
    forecast is their mean, 69.01. The old rule took the median after round 10, which is 50
    (round 10 is round 1 of the cycle again); a cap of 8 or 9 would have said 90 or 67.03.
    """
    x, s, c = CYCLING
    result = run_eum(x, s, c, options=EC_OPTIONS)
    assert (result.status, result.cycle_length) == ("cycle", 3)
    assert len(result.rounds) == 5
    assert result.rounds[4] == result.rounds[1]
    period = result.round_forecasts[2:5]
    assert period == pytest.approx([90.0, 67.026207, 50.0], abs=1e-6)
    assert result.forecast == pytest.approx(sum(period) / 3, abs=1e-12)
    assert result.forecast == pytest.approx(69.008736, abs=1e-6)
    assert (result.cycle_low, result.cycle_high) == (50.0, 90.0)
    capped = [_capped_median(x, s, c, rounds) for rounds in (8, 9, 10)]
    assert capped == pytest.approx([90.0, 67.026207, 50.0], abs=1e-6)
    assert abs(capped[-1] - result.forecast) > 19
    # The repeat is exact, so a zero tolerance finds the same cycle.
    assert run_eum(x, s, c, options=EC_OPTIONS, tolerance=0.0).forecast == result.forecast
    assert forecast(x, s, c, options=EC_OPTIONS).model_dump(mode="json")["cycle_length"] == 3


def test_a_settled_run() -> None:
    x, s, c = SETTLING
    result = run_eum(x, s, c, options=EC_OPTIONS)
    assert (result.status, result.cycle_length) == ("settled", 0)
    assert result.rounds[-1] == result.rounds[-2] == [60.0, 60.0, 60.0]
    assert result.forecast == result.cycle_low == result.cycle_high == 60.0


def _ec_case() -> tuple[list[float], list[float], list[float]]:
    with EC_CASE.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    return (
        [float(row["position"]) for row in rows],
        [float(row["salience"]) for row in rows],
        [float(row["capability"]) for row in rows],
    )


def test_the_ec_case_is_unsettled_at_100_rounds_and_cycles_later() -> None:
    """Under the default the EC case enters a cycle of 18 rounds after round 446.

    At the default cap it is unsettled: the forecast is the mean of the medians after rounds
    51 to 100, and a larger cap changes it.
    """
    x, s, c = _ec_case()
    capped = run_eum(x, s, c, scale=(4, 10), options=EC_OPTIONS)
    assert (capped.status, capped.cycle_length, len(capped.rounds)) == ("unsettled", 0, 101)
    last_half = capped.round_forecasts[51:]
    assert capped.forecast == pytest.approx(np.mean(last_half), abs=1e-12)
    assert (capped.cycle_low, capped.cycle_high) == (min(last_half), max(last_half))
    ended = run_eum(x, s, c, scale=(4, 10), options=EC_OPTIONS, max_rounds=500)
    assert (ended.status, ended.cycle_length, len(ended.rounds) - 1) == ("cycle", 18, 464)
    assert ended.forecast == pytest.approx(np.mean(ended.round_forecasts[-18:]), abs=1e-12)
    assert ended.forecast == pytest.approx(8.758672, abs=1e-6)
    assert abs(ended.forecast - capped.forecast) > 0.4


def test_outcome_rule_on_given_medians() -> None:
    medians = [5.0, 8.0, 2.0, 4.0, 6.0, 2.0, 4.0]
    assert ref.run_outcome(medians, SETTLED, 0) == (4.0, 4.0, 4.0)
    assert ref.run_outcome(medians, CYCLE, 3) == (4.0, 2.0, 6.0)
    # Six rounds played: the last half is rounds 4 to 6; seven rounds would take 4 to 7.
    assert ref.run_outcome(medians, UNSETTLED, 0) == (4.0, 2.0, 6.0)
    assert ref.run_outcome([*medians, 9.0], UNSETTLED, 0) == (5.25, 2.0, 9.0)
    assert ref.run_outcome([5.0, 7.0], UNSETTLED, 0) == (7.0, 7.0, 7.0)


def test_batch_reports_each_runs_status() -> None:
    issues = [CYCLING, SETTLING, _ec_case()]
    for (x, s, c), scale in zip(issues, [(0.0, 100.0), (0.0, 100.0), (4.0, 10.0)], strict=True):
        one_run = (np.array([x]), np.array([s]), np.array([c]))
        values, final, played, statuses = run_eum_batch(*one_run, scale)
        single = run_eum(x, s, c, scale)
        assert RUN_STATUSES[statuses[0]] == single.status
        assert values[0] == single.forecast
        assert played[0] == len(single.rounds) - 1
        assert final[0].tolist() == single.rounds[-1]
    assert RUN_STATUSES == ("settled", "cycle", "unsettled")


def test_baselines_are_settled() -> None:
    x, s, c = CYCLING
    baselines: tuple[Model, ...] = ("mean", "median", "nash")
    for model in baselines:
        data = forecast(x, s, c, model=model).model_dump(mode="json")
        assert (data["status"], data["cycle_length"]) == ("settled", 0)
        assert data["cycle_low"] == data["cycle_high"] == data["forecast"]


@st.composite
def small_issues(draw: st.DrawFn) -> tuple[list[float], list[float], list[float], EumOptions]:
    n = draw(st.integers(3, 8))
    grid = draw(st.booleans())
    position = st.integers(0, 10).map(lambda k: 10.0 * k) if grid else st.floats(0, 100)
    positions = draw(st.lists(position, min_size=n, max_size=n))
    saliences = draw(st.lists(st.floats(0.05, 1), min_size=n, max_size=n))
    capabilities = draw(st.lists(st.floats(0.1, 10), min_size=n, max_size=n))
    # Half the issues under the default, under which most issues cycle; the rest under any
    # combination, under which most settle.
    options = draw(st.one_of(st.just(EumOptions()), st.sampled_from(list(all_options()))))
    return positions, saliences, capabilities, options


@settings(max_examples=150, deadline=None)
@given(small_issues(), st.integers(1, 30))
def test_more_rounds_never_change_a_settled_or_cycling_answer(
    issue: tuple[list[float], list[float], list[float], EumOptions], cap: int
) -> None:
    x, s, c, options = issue
    short = run_eum(x, s, c, options=options, max_rounds=cap)
    long = run_eum(x, s, c, options=options, max_rounds=2 * cap + 10)
    if short.status == "unsettled":
        # The longer run plays the same rounds first, then goes on.
        assert len(long.rounds) > len(short.rounds) == cap + 1
        assert long.rounds[: cap + 1] == short.rounds
        return
    assert len(short.rounds) <= cap + 1
    assert (long.status, long.cycle_length) == (short.status, short.cycle_length)
    assert (long.forecast, long.cycle_low, long.cycle_high) == (
        short.forecast,
        short.cycle_low,
        short.cycle_high,
    )
    assert long.rounds == short.rounds


@settings(max_examples=60, deadline=None)
@given(small_issues())
def test_a_cycle_repeats_and_its_forecast_is_the_mean_over_one_period(
    issue: tuple[list[float], list[float], list[float], EumOptions],
) -> None:
    x, s, c, options = issue
    slow = run_eum_reference(x, s, c, (0.0, 100.0), options, max_rounds=40)
    if slow.status != CYCLE:
        return
    period = slow.cycle_length
    assert period >= 2
    np.testing.assert_allclose(slow.rounds[-1], slow.rounds[-1 - period], rtol=0, atol=1e-10)
    medians = slow.round_forecasts[-period:]
    assert slow.forecast == pytest.approx(sum(medians) / period, abs=1e-12)
    assert (slow.cycle_low, slow.cycle_high) == (min(medians), max(medians))
    # Playing one more period by hand gives the same medians again.
    positions = slow.rounds[-1]
    weights = [a * b for a, b in zip(s, c, strict=True)]
    again = []
    for _ in range(period):
        positions = ref.eum_round(positions, s, c, (0.0, 100.0), options).positions
        again.append(ref.weighted_median(positions, weights))
    assert again == pytest.approx(medians, abs=1e-6)
