"""Run results built by hand for tests of one consumer: the stages given, a stand-in meta."""

from __future__ import annotations

from typing import Any

from realpolitik.results import Meta, RunResults

STAND_IN_META = Meta(
    case="by-hand", title="Results built by hand", as_of="2021-10-15", case_sha256="0" * 64,
    version="test", seed=0, n_runs=0, command="realpolitik run by-hand",
)  # fmt: skip


def partial_results(**stages: Any) -> RunResults:
    """RunResults holding just ``stages`` (as a run with ``only=`` would)."""
    return RunResults(meta=STAND_IN_META, case={}, **stages)
