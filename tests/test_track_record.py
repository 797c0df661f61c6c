"""The shipped track record is what a fresh cross-validation gives, and it reads back."""

from __future__ import annotations

import pytest

from realpolitik.validation.track_record import (
    TRACKED,
    compute_track_record,
    shipped_path,
    shipped_track_record,
    to_json,
)


@pytest.fixture(scope="module")
def fresh() -> str:
    return to_json(compute_track_record())


def test_shipped_track_record_is_current(fresh: str) -> None:
    assert shipped_path().read_text(encoding="utf-8") == fresh, (
        "the shipped track record is stale: run python scripts/make_track_record.py"
    )


def test_track_record_covers_every_model_of_the_main_job() -> None:
    record = shipped_track_record()
    assert set(record.models) == set(TRACKED)
    assert record.best == min(record.models.values(), key=lambda m: m.mae.value).model
    for model in record.models.values():
        assert 0 < model.half_width_90 <= 100
        assert 0.85 <= model.coverage_90.value <= 0.95


def test_intervals_scale_with_the_issue_and_stay_on_it() -> None:
    record = shipped_track_record()
    half = record.models["mean"].half_width_90
    assert record.interval("mean", 50.0, 0.0, 100.0) == (
        max(0.0, 50.0 - half),
        min(100.0, 50.0 + half),
    )
    low, high = record.interval("mean", 1.0, 0.0, 10.0)
    assert low == 0.0 and high == pytest.approx(min(10.0, 1.0 + half / 10))
