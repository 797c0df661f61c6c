"""Run results built by hand for tests of one consumer: the stages given, a stand-in meta."""

from __future__ import annotations

from typing import Any

from realpolitik.results import Meta, RunResults
from realpolitik.results.case import CaseCounts, CaseSummary, JudgmentCounts
from realpolitik.results.scenarios import ConsistentScenario, ScenariosResults

STAND_IN_META = Meta(
    case="by-hand", title="Results built by hand", as_of="2021-10-15", case_sha256="0" * 64,
    version="test", seed=0, n_runs=0, command="realpolitik run by-hand",
)  # fmt: skip


#: A case summary of nothing: the case part every RunResults holds.
STAND_IN_CASE = CaseSummary(
    id="by-hand", title="Results built by hand", as_of="2021-10-15", sha256="0" * 64,
    counts=CaseCounts(
        sources=0, evidence_items=0, actors=0, issues=0, positions=0, descriptors=0, variants=0,
        cross_impacts=0, interventions=0, games=0, facts=0, outcomes=0,
    ),
    judgments=JudgmentCounts(total=0, evidenced=0, assumed=0, evidenced_share=1.0, by_kind={}),
)  # fmt: skip


def partial_results(**stages: Any) -> RunResults:
    """RunResults holding just ``stages`` (as a run with ``only=`` would)."""
    return RunResults(meta=STAND_IN_META, case=STAND_IN_CASE, **stages)


def one_scenario_results() -> RunResults:
    """Results holding one consistent scenario of a four-scenario space: what the web service
    tests' stand-in runners return."""
    one = ConsistentScenario(
        indices=[0], variants={"d": "v"}, total_impact_score=1.0, inconsistency=0.0,
        ensemble_share=1.0, probability=1.0, basin=4,
    )  # fmt: skip
    return partial_results(
        scenarios=ScenariosResults(descriptors=[], consistent=[one], space_size=4)
    )
