"""The branch-and-bound's alternative code paths against the reference enumerator: bounds
computed rather than looked up in tables, and the search tree split over threads at depths
from the first level (few parts) to the leaves (as many parts as it takes)."""

from __future__ import annotations

import pytest
from hypothesis import given

from realpolitik.scenarios import reference_consistent, search
from realpolitik.scenarios.search import find_consistent
from test_scenarios_search import SETTINGS, Case, cases


@pytest.mark.parametrize("tables", [True, False])
@pytest.mark.parametrize(("threads", "parts"), [(1, 8), (2, 1), (2, 8), (2, 10**6)])
@SETTINGS
@given(case=cases())
def test_branch_and_bound_paths_equal_the_oracle(
    tables: bool, threads: int, parts: int, case: Case
) -> None:
    matrix, tolerance, fixed = case
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "BOUND_TABLE_LIMIT", search.BOUND_TABLE_LIMIT if tables else 0)
        patch.setattr(search, "THREADS", threads)
        patch.setattr(search, "PARTS_PER_THREAD", parts)
        patch.setattr(search, "PARALLEL_FROM", 0)
        found, _, used = find_consistent(matrix, tolerance, fixed, "branch-and-bound")
    assert used == "branch-and-bound"
    assert found == reference_consistent(matrix, tolerance, fixed)


@SETTINGS
@given(case=cases())
def test_split_search_with_progress_equals_the_oracle(case: Case) -> None:
    matrix, tolerance, fixed = case
    reports: list[float] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "THREADS", 2)
        patch.setattr(search, "PARALLEL_FROM", 0)
        found, _, used = find_consistent(
            matrix, tolerance, fixed, "branch-and-bound", progress=reports.append
        )
    assert used == "branch-and-bound"
    assert found == reference_consistent(matrix, tolerance, fixed)
    assert reports and reports[-1] == 1.0
    assert reports == sorted(reports)
