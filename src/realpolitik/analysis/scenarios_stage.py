"""Scenario stage: the case's cross-impact matrix through the CIB engine.

The exact consistent set, succession basins, robustness under judgment uncertainty, the
probability of each future (basin likelihood over the same ensemble, see
:mod:`realpolitik.scenarios.likelihood`), the interventions the case defines, and the most
different consistent scenarios for the report.

The whole stage runs within ``settings.max_seconds`` and each search within
:data:`~realpolitik.case.checks.MAX_CONSISTENT_SCENARIOS`; beyond either the engine raises
:class:`~realpolitik.scenarios.ComputeLimitError`, which says the way out.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from realpolitik.analysis.core import Progress, RunSettings
from realpolitik.case import Case
from realpolitik.case.checks import MAX_CONSISTENT_SCENARIOS
from realpolitik.results.scenarios import (
    ConsistentScenario,
    Descriptor,
    Ensemble,
    EnsembleShare,
    FixedScenario,
    Intervention,
    LikelyAttractor,
    ScenariosResults,
    Succession,
    SuccessionAttractor,
    Variant,
)
from realpolitik.results.scenarios import (
    Likelihood as LikelihoodResults,
)
from realpolitik.scenarios import (
    CrossImpactMatrix,
    Deadline,
    basins,
    consistent_scenarios,
    ensemble_consistency,
    most_different,
    sample_matrices,
)
from realpolitik.scenarios.ensemble import SCALE, ImpactUncertainty, default_impact_sd
from realpolitik.scenarios.likelihood import Likelihood, basin_likelihood
from realpolitik.scenarios.model import ScenarioTuple

#: Up to this many starting scenarios, succession runs from every one (an exact basin count);
#: beyond it, from a seeded random sample, and the result says it may be incomplete. A run's
#: ``succession_sample`` (``--succession-sample``) asks for a sample of that size at any size.
EXACT_BASIN_LIMIT = 300_000
SAMPLED_STARTS = 20_000
DIVERSE = 4
#: Attractors listed in the likelihood block (the descriptor distributions use all of them).
LISTED_ATTRACTORS = 25
#: What the likelihood block's figures mean, carried with them into results.json.
LIKELIHOOD_MEANING = (
    "probability of each future: the share of uniformly drawn starting scenarios that global "
    "succession carries to it, averaged over the matrices of the judgment-uncertainty "
    "ensemble; a cycle's probability is split equally among its scenarios for the chance of "
    "each variant. Robustness (ensemble_share) is a separate measure: the share of those "
    "matrices in which a scenario is consistent, not a probability."
)


def case_matrix(case: Case) -> tuple[CrossImpactMatrix, ImpactUncertainty]:
    """The case's judgments as a CIB matrix over variant ids, and each judgment's stated
    uncertainty (sd or range; NaN where none). How they are drawn: docs/uncertainty.md."""
    descriptors = case.scenarios.descriptors
    index: dict[str, int] = {}
    for d in descriptors:
        for v in d.variants:
            index[f"{d.id}.{v.id}"] = len(index)
    impacts = np.zeros((len(index), len(index)))
    sd, low, high = (np.full_like(impacts, np.nan) for _ in range(3))
    for impact in case.scenarios.impacts:
        row, column = index[impact.source], index[impact.target]
        impacts[row, column] = impact.value
        if impact.sd is not None:
            sd[row, column] = impact.sd
        elif impact.range is not None:
            low[row, column], high[row, column] = impact.range
    matrix = CrossImpactMatrix(
        tuple(d.id for d in descriptors),
        tuple(tuple(v.id for v in d.variants) for d in descriptors),
        impacts,
        title=case.id,
    )
    return matrix, ImpactUncertainty(sd, low, high)


def _named(matrix: CrossImpactMatrix, variants: Any) -> dict[str, str]:
    return {
        descriptor: matrix.variants[d][int(v)]
        for d, (descriptor, v) in enumerate(zip(matrix.descriptors, variants, strict=True))
    }


def _attractor(matrix: CrossImpactMatrix, scenarios: Sequence[ScenarioTuple]) -> dict[str, Any]:
    """The fields every attractor has: its scenarios by name, and whether it is a cycle."""
    return {"scenarios": [_named(matrix, z) for z in scenarios], "is_cycle": len(scenarios) > 1}


def scenarios_stage(case: Case, settings: RunSettings, progress: Progress) -> ScenariosResults:
    if not case.scenarios.descriptors:
        return ScenariosResults(descriptors=[], consistent=[])
    matrix, sd = case_matrix(case)
    deadline = Deadline.after(settings.max_seconds)
    limit = MAX_CONSISTENT_SCENARIOS
    found = consistent_scenarios(
        matrix, tolerance=settings.tolerance, limit=limit, deadline=deadline
    )
    progress("scenarios", 0.2)
    starts = settings.succession_sample
    if starts is None and matrix.space_size > EXACT_BASIN_LIMIT:
        starts = SAMPLED_STARTS
    succession = basins(
        matrix, rule="global", n_samples=starts, seed=settings.seed, deadline=deadline
    )
    progress("scenarios", 0.5)
    ensemble = ensemble_consistency(
        matrix, n_runs=settings.scenario_draws, uncertainty=sd, seed=settings.seed,
        tolerance=settings.tolerance, limit=limit, deadline=deadline, scale=SCALE,
    )  # fmt: skip
    progress("scenarios", 0.7)
    likelihood = basin_likelihood(
        matrix,
        sample_matrices(matrix, settings.scenario_draws, sd, settings.seed, scale=SCALE),
        seed=settings.seed,
        deadline=deadline,
    )  # the ensemble's own draws: same matrix, sds, count and seed
    progress("scenarios", 0.8)
    basin_of = {
        attractor.scenarios[0]: attractor.basin_size
        for attractor in succession.attractors
        if not attractor.is_cycle
    }
    consistent = [
        ConsistentScenario(
            indices=list(s.variants),
            variants=_named(matrix, s.variants),
            total_impact_score=s.total_impact_score,
            inconsistency=s.inconsistency,
            ensemble_share=ensemble.share_of(s.variants),
            probability=likelihood.probability_of(s.variants),
            basin=basin_of.get(s.variants, 0),
        )
        for s in found.scenarios
    ]
    diverse = most_different(list(found.scenarios), min(DIVERSE, len(found.scenarios)))
    interventions = []
    for intervention in case.scenarios.interventions:
        pinned: dict[str | int, str | int] = {d: v for d, v in intervention.fix.items()}
        fixed = consistent_scenarios(
            matrix, tolerance=settings.tolerance, fixed=pinned, limit=limit, deadline=deadline
        )
        interventions.append(
            Intervention(
                id=intervention.id,
                title=intervention.title,
                fix=dict(intervention.fix),
                consistent=[
                    FixedScenario(
                        variants=_named(matrix, s.variants),
                        total_impact_score=s.total_impact_score,
                    )
                    for s in fixed.scenarios
                ],
            )
        )
    progress("scenarios", 1.0)
    return ScenariosResults(
        descriptors=[
            Descriptor(
                id=d.id,
                name=d.name,
                variants=[Variant(id=v.id, name=v.name) for v in d.variants],
            )
            for d in case.scenarios.descriptors
        ],
        tolerance=settings.tolerance,
        space_size=matrix.space_size,
        method=found.method,
        consistent=consistent,
        diverse=[list(s.variants) for s in diverse],
        interventions=interventions,
        succession=Succession(
            rule=succession.rule,
            complete=succession.complete,
            n_starts=succession.n_starts,
            attractors=[
                SuccessionAttractor(
                    **_attractor(matrix, a.scenarios), basin_size=a.basin_size, share=a.share
                )
                for a in succession.attractors
            ],
        ),
        likelihood=_likelihood_block(matrix, likelihood),
        ensemble=Ensemble(
            n_runs=ensemble.n_runs,
            seed=ensemble.seed,
            default_sd=round(default_impact_sd(SCALE), 12),  # 0.3, not 0.30000000000000004
            scenarios=[
                EnsembleShare(variants=_named(matrix, s.variants), share=s.share)
                for s in ensemble.scenarios[:25]
            ],
        ),
    )


def _likelihood_block(matrix: CrossImpactMatrix, likelihood: Likelihood) -> LikelihoodResults:
    """The basin likelihood for results.json: its meaning and sizing, the most likely
    attractors and, from all of them, the chance of every variant of every descriptor."""
    listed = likelihood.attractors[:LISTED_ATTRACTORS]
    rest = likelihood.attractors[LISTED_ATTRACTORS:]
    return LikelihoodResults(
        measure="basin likelihood",
        meaning=LIKELIHOOD_MEANING,
        rule=likelihood.rule,
        n_members=likelihood.n_members,
        n_starts_per_member=likelihood.n_starts,
        sampled=likelihood.sampled,
        seed=likelihood.seed,
        largest_standard_error=likelihood.largest_standard_error,
        n_attractors=len(likelihood.attractors),
        attractors=[
            LikelyAttractor(
                **_attractor(matrix, a.scenarios),
                probability=a.probability,
                standard_error=a.standard_error,
                members=a.members,
            )
            for a in listed
        ],
        unlisted_probability=math.fsum(a.probability for a in rest),
        descriptors={
            descriptor: {
                variant: likelihood.variant_distribution(d).get(k, 0.0)
                for k, variant in enumerate(matrix.variants[d])
            }
            for d, descriptor in enumerate(matrix.descriptors)
        },
    )
