"""Pathways stage: the case's ``[scenarios.dynamics]`` through the dynamic CIB engine.

Every first-period start under the judged matrix (exact on the flagship), and the mean share
of each pathway over matrices drawn around the judgments (fewer draws than the static
ensemble, each from a shared sample of starts, to keep the main job quick).
"""

from __future__ import annotations

from realpolitik.analysis.core import Progress, RunSettings
from realpolitik.analysis.scenarios_stage import case_matrix
from realpolitik.case import Case
from realpolitik.results.pathways import PathwaysResults, PeriodSpan
from realpolitik.scenarios import Deadline
from realpolitik.scenarios.dynamic import (
    DynamicModel,
    dynamic_model,
    pathways,
    threshold,
)
from realpolitik.scenarios.ensemble import ImpactUncertainty

#: At most this many ensemble draws for the pathways (the run's ``scenario_draws`` if fewer).
PATHWAY_DRAWS = 50


def case_dynamic_model(case: Case) -> tuple[DynamicModel, ImpactUncertainty] | None:
    """The case's dynamic model (periods by name) and the stated uncertainty of its matrix;
    None when the case has no ``[scenarios.dynamics]``."""
    dynamics = case.scenarios.dynamics
    if dynamics is None or not case.scenarios.descriptors:
        return None
    matrix, sd = case_matrix(case)
    index = {period.id: k for k, period in enumerate(dynamics.periods)}
    exogenous: dict[str | int, list[str | int]] = {}
    for item in dynamics.exogenous:
        steps = {step.period: step.variant for step in item.trajectory}
        exogenous[item.descriptor] = [steps[period.id] for period in dynamics.periods]
    shocks = [(index[s.period], s.descriptor, s.variant) for s in dynamics.shocks]
    rules = [
        threshold(
            matrix,
            rule.id,
            {ref.split(".")[0]: ref.split(".")[1] for ref in rule.when},
            rule.impacts[0].source.split(".")[0],
            {(i.source, i.target): float(i.value) for i in rule.impacts},
            {(i.source, i.target): i.sd for i in rule.impacts if i.sd is not None},
            {(i.source, i.target): i.range for i in rule.impacts if i.range is not None},
        )
        for rule in dynamics.thresholds
    ]
    names = [period.name for period in dynamics.periods]
    return dynamic_model(matrix, names, exogenous, shocks, rules), sd


def run_pathways(
    case: Case,
    n_draws: int,
    seed: int,
    max_seconds: float,
    n_samples: int | None = None,
) -> PathwaysResults | None:
    """The pathways of a case (None without ``[scenarios.dynamics]``): from every
    first-period start where the engine allows it, or from ``n_samples`` seeded random
    starts when that is given."""
    built = case_dynamic_model(case)
    if built is None or case.scenarios.dynamics is None:
        return None
    model, sd = built
    sampled = {} if n_samples is None else {"max_starts": 0, "n_samples": n_samples}
    result = pathways(
        model, n_draws=n_draws, uncertainty=sd, seed=seed, deadline=Deadline.after(max_seconds),
        **sampled,
    )  # fmt: skip
    return PathwaysResults(
        periods=[
            PeriodSpan(id=p.id, name=p.name, start=p.start, end=p.end)
            for p in case.scenarios.dynamics.periods
        ],
        thresholds={rule.id: rule.title for rule in case.scenarios.dynamics.thresholds},
        result=result,
    )


def dynamics_stage(case: Case, settings: RunSettings, progress: Progress) -> PathwaysResults | None:
    # The run's succession sample (--succession-sample) samples the pathway starts too.
    block = run_pathways(
        case, min(settings.scenario_draws, PATHWAY_DRAWS), settings.seed, settings.max_seconds,
        settings.succession_sample,
    )  # fmt: skip
    progress("pathways", 1.0)
    return block
