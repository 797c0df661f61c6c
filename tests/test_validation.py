"""Validation on real outcomes: reading data, learners, conformal intervals, cross-validation."""

from __future__ import annotations

import csv
import datetime as dt
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from realpolitik.bargaining.baselines import (
    kalai_smorodinsky,
    nash_bargaining,
    nash_bargaining_reference,
)
from realpolitik.validation.conformal import conformal_quantile
from realpolitik.validation.crossval import cross_validate, fold_labels, score_held_out
from realpolitik.validation.data import (
    BargainingRecord,
    DataError,
    bundled_path,
    council_weights,
    parse_deu3_date,
    read_dataset,
)
from realpolitik.validation.leaderboard import score, wilson_interval
from realpolitik.validation.learners import apply_gravity, fit_gravity, fit_stacked
from realpolitik.validation.run import _labels

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "deu3"
QUICK = ("mean", "median", "median-actor", "nash", "nash-reference", "reference")


def _plain_mean_mae(path: Path) -> tuple[int, float]:
    """The weighted-mean MAE by the README's conventions, computed without the package."""
    rows = list(csv.reader(path.open(encoding="utf-8"), delimiter="\t"))
    header = rows[0]
    actors = [
        name[1:]
        for name in header
        if name.startswith("p") and name[1:] and f"s{name[1:]}" in header
    ]
    actors = [a for a in actors if a not in ("rnr", "rname")]
    errors = []
    for row in rows[2:]:
        cell = dict(zip(header, row, strict=False))
        try:
            outcome = float(cell["out"])
        except ValueError:
            continue
        if not 0 <= outcome <= 100:
            continue
        pairs = []
        for actor in actors:
            try:
                p, s = float(cell[f"p{actor}"]), float(cell[f"s{actor}"])
            except (ValueError, KeyError):
                continue
            if 0 <= p <= 100 and 0 <= s <= 100:
                pairs.append((p, s / 100))
        if len(pairs) < 3:
            continue
        total = sum(s for _, s in pairs)
        errors.append(abs(sum(p * s for p, s in pairs) / total - outcome))
    return len(errors), float(np.mean(errors))


def test_bundled_data_is_the_shared_development_part() -> None:
    shared = SHARED / "deu3-development.tsv"
    if not shared.exists():
        pytest.skip("../shared is not beside the repository")
    assert bundled_path().read_bytes() == shared.read_bytes()


def test_counting_conventions_match_an_independent_count() -> None:
    data = read_dataset()
    count, mae = _plain_mean_mae(bundled_path())
    assert len(data) == count == 245
    assert len(data.skipped) == 13
    forecasts = cross_validate(data.records, ("mean",), folds=5, seed=0)
    assert float(np.mean(np.abs(forecasts.point[:, 0] - forecasts.outcomes))) == pytest.approx(
        mae, abs=1e-12
    )


def test_dates_are_read_defensively() -> None:
    assert parse_deu3_date("26-01-00") == dt.date(2000, 1, 26)
    assert parse_deu3_date("07-02-96") == dt.date(1996, 2, 7)
    # A spreadsheet read 30-05-01 as a year-first date and wrote it back as 1930-05-01.
    assert parse_deu3_date("1930-05-01") == dt.date(2001, 5, 30)
    assert parse_deu3_date("2023-07-01") == dt.date(2001, 7, 23)
    for broken in ("999", "", "31-02-01", "next year"):
        assert parse_deu3_date(broken) is None


def test_council_votes_follow_the_treaty_period() -> None:
    assert council_weights(dt.date(2000, 1, 1))["de"] == 10
    assert council_weights(dt.date(2006, 1, 1))["de"] == 29
    assert council_weights(dt.date(2016, 1, 1))["de"] == pytest.approx(81.2)
    votes = read_dataset(capability="votes")
    for record in votes.records:
        states = [a for a in record.actors if a not in ("com", "ep")]
        weights = dict(zip(record.actors, record.capabilities, strict=True))
        largest = max(weights[state] for state in states)
        for institution in ("com", "ep"):
            if institution in weights:
                assert weights[institution] == largest


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


LONG = """issue,actor,position,salience,capability,reference,outcome
a,x,0,50,1,0,40
a,y,100,50,2,,40
a,z,50,100,1,,
b,x,10,100,1,,30
b,y,20,50,1,,
b,z,,50,1,,
b,w,60,50,1,,
c,x,10,100,1,,
c,y,20,50,1,,
c,z,30,50,1,,
"""


def test_long_tables_are_read_with_issue_level_values(tmp_path: Path) -> None:
    data = read_dataset(_write(tmp_path / "own.csv", LONG))
    assert [r.id for r in data.records] == ["a", "b"]
    a, b = data.records
    assert a.reference == 0 and a.outcome == 40
    assert list(a.capabilities) == [1, 2, 1] and list(a.saliences) == [0.5, 0.5, 1.0]
    assert b.actors == ("x", "y", "w") and b.reference is None
    assert data.skipped == ("c (own.csv:9): no outcome on the scale",)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("issue,actor,position\n", "missing column(s) salience"),
        (
            LONG.replace("a,y,100,50,2,,40", "a,y,100,50,2,,45"),
            "own.csv:3: outcome of issue a is 45",
        ),
        (LONG.replace("b,y,20,50", "b,y,twenty,50"), "own.csv:6: position 'twenty' of y on b"),
        (LONG.replace("b,y,20,50", "b,y,120,50"), "own.csv:6: position '120'"),
        (LONG.replace("b,y,20,50,1,,", "b,y,20,50"), "own.csv:6: 4 cells where the header has 7"),
        (LONG.replace("b,y,20", "b,x,20"), "own.csv:6: actor x appears twice"),
        ("a,b\n1,2\n", "own.csv:1: unknown layout"),
        ("", "the file is empty"),
    ],
)
def test_bad_tables_name_the_line_and_the_fix(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(DataError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_dataset(_write(tmp_path / "own.csv", text))


def test_a_missing_file_is_a_data_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="no such file"):
        read_dataset(tmp_path / "absent.tsv")


def test_conformal_quantile_takes_the_right_rank() -> None:
    errors = np.arange(1.0, 20.0)  # 19 errors: (19 + 1) * 0.9 = 18 -> the 18th smallest
    assert conformal_quantile(errors, 0.9) == 18.0
    assert conformal_quantile(errors, 0.5) == 10.0
    assert math.isinf(conformal_quantile(errors[:5], 0.9))  # ceil(6 * 0.9) = 6 > 5


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=5, max_size=60, unique=True),
    st.sampled_from([0.5, 0.8, 0.9, 0.95]),
)
def test_conformal_coverage_is_exact_over_every_held_out_choice(
    values: list[float], level: float
) -> None:
    # Exchangeability made exact: hold out each of the n errors in turn, calibrate on the
    # other n - 1. The share covered is ceil(n level) / n (at least the level) whenever the
    # interval is finite, and 1 when the calibration set is too small for the level.
    errors = np.abs(np.array(values))
    if len(set(errors.tolist())) < len(errors):
        return  # ties (x and -x) make the share larger, never smaller: not the exact case
    n = len(errors)
    covered = [errors[k] <= conformal_quantile(np.delete(errors, k), level) for k in range(n)]
    expected = math.ceil(n * level) / n if math.ceil(n * level) <= n - 1 else 1.0
    assert sum(covered) / n == pytest.approx(expected)
    assert sum(covered) / n >= level


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10_000))
def test_gravity_is_the_least_absolute_error_blend(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = 30
    mean, reference = rng.uniform(0, 100, n), rng.choice([0.0, 100.0, 50.0], n)
    y = np.clip(mean + rng.uniform(0, 1) * (reference - mean) + rng.normal(0, 10, n), 0, 100)
    names = ["mean", "reference"]
    forecasts = np.column_stack([mean, reference])
    fitted = fit_gravity(forecasts, y, names)
    best = np.abs(apply_gravity(fitted, forecasts, names) - y).sum()
    for grid in np.linspace(0, 1, 201):
        assert best <= np.abs(mean + grid * (reference - mean) - y).sum() + 1e-9


def test_stacking_weights_are_a_convex_combination_that_finds_a_perfect_column() -> None:
    rng = np.random.default_rng(3)
    y = rng.uniform(0, 100, 50)
    forecasts = np.column_stack([rng.uniform(0, 100, 50), y, rng.uniform(0, 100, 50)])
    weights = fit_stacked(forecasts, y, ["a", "b", "c"])["weights"]
    assert weights["b"] == pytest.approx(1.0)
    assert sum(weights.values()) == pytest.approx(1.0)
    assert all(w >= 0 for w in weights.values())


def test_folds_are_balanced_and_seeded() -> None:
    labels = fold_labels(23, 5, seed=1)
    assert sorted(np.bincount(labels)) == [4, 4, 5, 5, 5]
    assert np.array_equal(labels, fold_labels(23, 5, seed=1))
    assert not np.array_equal(labels, fold_labels(23, 5, seed=2))


def _records(n: int, seed: int) -> list[BargainingRecord]:
    rng = np.random.default_rng(seed)
    records = []
    for k in range(n):
        m = int(rng.integers(3, 8))
        positions = rng.choice([0.0, 25.0, 50.0, 75.0, 100.0], m)
        records.append(
            BargainingRecord(
                id=f"r{k}",
                actors=tuple(f"a{i}" for i in range(m)),
                positions=positions,
                saliences=rng.uniform(0.1, 1.0, m),
                capabilities=np.ones(m),
                outcome=float(rng.uniform(0, 100)),
                reference=float(rng.choice([0.0, 100.0])) if k % 3 else None,
            )
        )
    return records


def test_learners_never_see_the_outcomes_they_are_scored_on() -> None:
    records = _records(60, seed=5)
    first = cross_validate(records, QUICK, ("gravity", "stacked"), folds=4, seed=9)
    fold = first.fold == 2
    changed = [
        BargainingRecord(**{**r.__dict__, "outcome": 100.0 - r.outcome}) if fold[k] else r
        for k, r in enumerate(records)
    ]
    second = cross_validate(changed, QUICK, ("gravity", "stacked"), folds=4, seed=9)
    assert np.array_equal(first.point[fold], second.point[fold])
    assert np.array_equal(first.half_width[fold], second.half_width[fold])
    assert not np.array_equal(first.point[~fold], second.point[~fold])


def test_a_held_out_file_teaches_nothing() -> None:
    train, scored = _records(40, seed=1), _records(15, seed=2)
    first = score_held_out(train, scored, QUICK, ("gravity", "stacked"))
    flipped = [BargainingRecord(**{**r.__dict__, "outcome": 0.0}) for r in scored]
    second = score_held_out(train, flipped, QUICK, ("gravity", "stacked"))
    assert np.array_equal(first.point, second.point)
    assert np.array_equal(first.half_width, second.half_width)


def test_leaderboard_pairs_the_bootstrap_and_is_reproducible() -> None:
    forecasts = cross_validate(_records(50, seed=4), QUICK, ("gravity",), folds=5, seed=0)
    rows = score(forecasts, _labels(), n_boot=300, seed=1)
    again = score(forecasts, _labels(), n_boot=300, seed=1)
    assert [r.model_dump() for r in rows] == [r.model_dump() for r in again]
    maes = [row.mae.value for row in rows]
    assert maes == sorted(maes)
    mean_row = next(row for row in rows if row.model == "mean")
    assert mean_row.difference_from_mean is None
    for row in rows:
        assert row.mae.low <= row.mae.value <= row.mae.high
        if row.difference_from_mean is not None:
            assert row.difference_from_mean.value == pytest.approx(
                row.mae.value - mean_row.mae.value
            )
        levels = [c.level for c in row.coverage_by_level]
        widths = [c.mean_width for c in row.coverage_by_level]
        assert widths == sorted(widths) and levels == sorted(levels)


def test_wilson_interval() -> None:
    low, high = wilson_interval(90, 100)
    assert low == pytest.approx(0.8256, abs=1e-4) and high == pytest.approx(0.9448, abs=1e-4)


positions = st.lists(st.integers(0, 100).map(float), min_size=2, max_size=7)


@settings(max_examples=150, deadline=None)
@given(positions, st.integers(0, 100).map(float), st.integers(0, 1000))
def test_reference_point_solutions_improve_on_it_for_everyone_or_return_it(
    x: list[float], reference: float, seed: int
) -> None:
    w = np.random.default_rng(seed).uniform(0.1, 1.0, len(x))
    mirrored = [100 - v for v in x]
    for solve in (nash_bargaining_reference, _ks):
        solution = solve(x, w, reference)
        gains = np.abs(reference - np.array(x)) - np.abs(solution - np.array(x))
        assert solution == reference or np.all(gains > -1e-9)
        assert solve(mirrored, w, 100 - reference) == pytest.approx(100 - solution, abs=1e-6)


def _ks(x: list[float], w: np.ndarray, reference: float) -> float:
    return kalai_smorodinsky(x, w, reference=reference)


def test_reference_point_solutions_by_hand() -> None:
    # Everyone wants more than the status quo 0: the Nash point lies among them.
    assert nash_bargaining_reference([20, 40, 60], [1, 1, 1], 0) == pytest.approx(
        nash_bargaining([20, 40, 60], [1, 1, 1], (0, 100)), abs=20
    )
    # An actor at the status quo gains from nothing: the status quo stays.
    assert nash_bargaining_reference([0, 40, 60], [1, 1, 1], 0) == 0
    # Actors on both sides of the status quo cannot all gain.
    assert kalai_smorodinsky([20, 80], [1, 1], reference=50) == 50
    # Two actors, worst ends: equal shares of ideal gains meet in the middle.
    assert kalai_smorodinsky([20, 80], [1, 1]) == pytest.approx(50)
    # Reference 0, actors at 20 and 60: gains 20-|x-20| and 60-|x-60| as shares of 20 and 60;
    # at x = 30 both keep half of their ideal gain.
    assert kalai_smorodinsky([20, 60], [1, 1], reference=0) == pytest.approx(30, abs=1e-6)


def test_the_eum_default_is_the_lowest_error_combination_on_deu3() -> None:
    """docs/eum-options-cv.json (written by scripts/eum_options_cv.py) holds every combination's
    MAE on the development data; the default is the first of the lowest, and its MAE is what a
    fresh run of the default gives."""
    import json

    from realpolitik.bargaining import EumOptions
    from realpolitik.validation.models import MODELS

    table = json.loads((Path(__file__).parents[1] / "docs" / "eum-options-cv.json").read_text())
    default = "".join(str(code) for code in EumOptions().codes())
    lowest = min(table["mae"])
    assert table["codes"][table["mae"].index(lowest)] == default
    records = read_dataset().records
    assert table["issues"] == [record.id for record in records]
    predictor = MODELS["eum"][1]
    mae = float(np.mean([abs(predictor(record) - record.outcome) for record in records]))
    assert mae == pytest.approx(lowest, abs=1e-6)


def test_a_reference_point_off_the_scale_is_refused() -> None:
    from realpolitik.bargaining import BargainingError

    for solve in (
        lambda: nash_bargaining_reference([10, 20, 30], [1, 1, 1], 120),
        lambda: kalai_smorodinsky([10, 20, 30], [1, 1, 1], reference=-5),
    ):
        with pytest.raises(BargainingError, match="not on the scale"):
            solve()


def test_an_issue_with_its_own_scale_is_put_on_0_100(tmp_path: Path) -> None:
    text = (
        "issue,actor,position,salience,reference,outcome,scale_low,scale_high\n"
        "years,a,4,50,10,8.5,4,10\nyears,b,7,50,,,,\nyears,c,10,50,,,,\n"
    )
    (record,) = read_dataset(_write(tmp_path / "own.csv", text)).records
    assert list(record.positions) == [0.0, 50.0, 100.0]
    assert record.outcome == pytest.approx(75.0) and record.reference == 100.0
    assert record.scale == (0.0, 100.0)
