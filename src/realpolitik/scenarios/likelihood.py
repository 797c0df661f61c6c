"""How likely is each future: basin shares under global succession, averaged over the
judgment-uncertainty ensemble.

Robustness (:mod:`.ensemble`) says in how many sampled matrices a scenario is consistent; it is
not a probability: near-copies of one world are each robust and together take a large share of
any distribution built from robustness. This module defines the distribution the engine reports
instead. For each member matrix ``m`` of the ensemble, global succession runs from starts drawn
uniformly over the scenario space (Weimer-Jehle 2006, section 4; the share of starts an
attractor collects is ScenarioWizard's volume weight); ``share_m(A)`` is the share of starts
that end in attractor ``A``. The probability of ``A`` is the mean over the ``M`` members,

    P(A) = (1 / M) * sum_m share_m(A),

so the probabilities of all attractors add up to 1. A cycle is an attractor of its own (a
future in which the system keeps turning); the chance that a descriptor takes a variant splits
a cycle's probability equally among the scenarios it passes through (the time it spends in
each). Near-copies of one world compete for the same starts, so they share one basin instead
of adding up.

Each member's shares are exact (every scenario a start) when the space holds at most
``starts_per_member`` scenarios; otherwise they come from that many seeded uniform starts,
and the result is labelled ``sampled``. The Monte Carlo standard error of ``P(A)`` is the
spread of ``share_m(A)`` over the members divided by ``sqrt(M)``: it covers both the draw of the
members and, when sampled, the draw of the starts.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from realpolitik.scenarios.limits import Deadline
from realpolitik.scenarios.model import CrossImpactMatrix, FixedVariants, ScenarioTuple
from realpolitik.scenarios.succession import AttractorScenarios, attractor_counts, draw_starts

#: Starts per member matrix when its space is larger: with the flagship's 200 members it gives
#: 51,200 starts in all (a standard error of at most 0.0022 from the starts alone) in about a
#: second (docs/scenarios.md, "How likely is each future").
STARTS_PER_MEMBER = 256


@dataclass(frozen=True)
class AttractorLikelihood(AttractorScenarios):
    """One attractor (a fixed point, or a cycle listed from its smallest scenario) with its
    probability, the Monte Carlo standard error of it, and the number of members in which
    it drew at least one start."""

    probability: float
    standard_error: float
    members: int


@dataclass(frozen=True)
class Likelihood:
    """The distribution over attractors, most likely first (ties: smaller scenario first).

    ``sampled`` is True when some member's shares came from sampled starts rather than from
    every scenario; ``n_starts`` is the number of starts per member."""

    rule: str
    n_members: int
    n_starts: int
    sampled: bool
    seed: int | None
    fixed: dict[int, int]
    attractors: tuple[AttractorLikelihood, ...]

    @cached_property
    def _fixed_points(self) -> dict[ScenarioTuple, float]:
        return {a.scenarios[0]: a.probability for a in self.attractors if not a.is_cycle}

    def probability_of(self, scenario: Sequence[int]) -> float:
        """The probability of one scenario as a fixed point (0 when it never attracts)."""
        return self._fixed_points.get(tuple(int(v) for v in scenario), 0.0)

    def variant_distribution(self, descriptor: int) -> dict[int, float]:
        """The chance that ``descriptor`` takes each of its variants: every fixed point's
        probability to its variant, a cycle's split equally over its scenarios."""
        out: dict[int, float] = {}
        for attractor in self.attractors:
            part = attractor.probability / len(attractor.scenarios)
            for z in attractor.scenarios:
                out[z[descriptor]] = out.get(z[descriptor], 0.0) + part
        return dict(sorted(out.items()))

    @property
    def largest_standard_error(self) -> float:
        """The largest standard error over the attractors (0 when there are none)."""
        return max((a.standard_error for a in self.attractors), default=0.0)


def basin_likelihood(
    matrix: CrossImpactMatrix,
    members: Iterable[CrossImpactMatrix],
    starts_per_member: int = STARTS_PER_MEMBER,
    seed: int | None = None,
    fixed: FixedVariants | None = None,
    deadline: Deadline | None = None,
) -> Likelihood:
    """The probability of every attractor of global succession: its basin share in each
    member matrix (exact, or from ``starts_per_member`` uniform starts drawn with ``seed``),
    averaged over ``members`` (the ensemble's sampled matrices, e.g.
    :func:`~realpolitik.scenarios.ensemble.sample_matrices` with the ensemble's seed).

    ``matrix`` gives the names and the layout; ``fixed`` holds descriptors (an intervention)
    in every member. Raises ScenarioError for no members or fewer than one start per member.
    """
    from realpolitik.scenarios.errors import ScenarioError

    if starts_per_member < 1:
        raise ScenarioError("likelihood: starts_per_member must be at least 1")
    resolved = matrix.resolve_fixed(fixed)
    space = 1
    for d, count in enumerate(matrix.n_variants):
        space *= 1 if d in resolved else count
    exact = space <= starts_per_member
    rng = np.random.default_rng(seed)
    shares: list[dict[tuple[ScenarioTuple, ...], float]] = []
    for member in members:
        if deadline is not None:
            deadline.check("the scenario likelihood")
        starts = None if exact else draw_starts(matrix.n_variants, resolved, starts_per_member, rng)
        counts = attractor_counts(
            member.weighted_impacts(), member.offsets, "global", resolved, starts, deadline=deadline
        )
        total = space if exact else starts_per_member
        shares.append({attractor: count / total for attractor, count in counts.items()})
    if not shares:
        raise ScenarioError("likelihood: no member matrices; give at least one")
    attractors = _averaged(matrix, shares)
    return Likelihood(
        "global",
        len(shares),
        space if exact else starts_per_member,
        not exact,
        seed,
        resolved,
        attractors,
    )


def _averaged(
    matrix: CrossImpactMatrix, shares: Sequence[dict[tuple[ScenarioTuple, ...], float]]
) -> tuple[AttractorLikelihood, ...]:
    """Mean share and its standard error per attractor, over the members (0 where absent)."""
    count = len(shares)
    everyone = sorted({attractor for member in shares for attractor in member})
    row = {attractor: k for k, attractor in enumerate(everyone)}
    table = np.zeros((len(everyone), count))
    for m, member in enumerate(shares):
        for attractor, share in member.items():
            table[row[attractor], m] = share
    # math.fsum: exact sums, so the mean does not hang on the order of the additions.
    means = [math.fsum(values) / count for values in table.tolist()]
    spreads = table.std(axis=1, ddof=1) if count > 1 else np.zeros(len(everyone))
    present = np.count_nonzero(table, axis=1)
    out = [
        AttractorLikelihood(
            scenarios=attractor,
            labels=tuple(matrix.label(z) for z in attractor),
            probability=mean,
            standard_error=float(spread) / math.sqrt(count),
            members=int(members),
        )
        for attractor, mean, spread, members in zip(everyone, means, spreads, present, strict=True)
    ]
    out.sort(key=lambda a: (-a.probability, a.scenarios))
    return tuple(out)
