"""Impact balances, inconsistency and the total impact score of one scenario.

Weimer-Jehle (2006), section 3: for scenario ``z`` the impact balance of variant ``l`` of
descriptor ``j`` is ``theta_jl(z) = sum_i w_i * C_ij(z_i, l)``, summed over every descriptor
``i``. The term ``i = j`` (a self-impact) is 0 in an ordinary matrix; when the diagonal block
of ``j`` is not zero it counts like any other, as ScenarioWizard counts it (see
:mod:`.model`). Descriptor ``j`` is inconsistent by ``IC_j = max_l theta_jl - theta_j,z_j``
(0 when its chosen variant has the highest balance); the scenario's inconsistency is
``max_j IC_j`` and it is consistent at tolerance ``t`` when that is ``<= t``. The total
impact score is ``TIS = sum_j theta_j,z_j``.

These functions are the definitions, written plainly; every faster path is tested against them.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np

from realpolitik.scenarios.model import EPSILON, CrossImpactMatrix, FloatArray, ScenarioTuple


def impact_balances(matrix: CrossImpactMatrix, scenario: Sequence[int]) -> FloatArray:
    """The impact balance of every variant (all descriptors laid out in a row) under
    ``scenario``: the weighted sum of the impact rows of the scenario's variants.

    A descriptor's own row adds to its own variants only when its diagonal block is not
    zero (a self-impact), and then it counts like any other row.
    """
    z = matrix.check_scenario(scenario)
    impacts = matrix.weighted_impacts()
    offsets = matrix.offsets
    balances = np.zeros(offsets[-1])
    for i, v in enumerate(z):
        balances += impacts[offsets[i] + v]
    return balances


def descriptor_inconsistencies(matrix: CrossImpactMatrix, scenario: Sequence[int]) -> FloatArray:
    """``IC_j`` for every descriptor: how far its chosen variant's balance falls short of the
    highest balance among its variants (0 when it is a highest)."""
    z = matrix.check_scenario(scenario)
    balances = impact_balances(matrix, z)
    offsets = matrix.offsets
    out = np.zeros(matrix.n_descriptors)
    for j, v in enumerate(z):
        block = balances[offsets[j] : offsets[j + 1]]
        out[j] = float(block.max() - block[v])
    return out


def inconsistency(
    matrix: CrossImpactMatrix, scenario: Sequence[int], exempt: Collection[int] = ()
) -> float:
    """The scenario's inconsistency ``max_j IC_j``, over the descriptors not in ``exempt``
    (descriptors fixed by an intervention are exempt: the intervention, not the system,
    holds them). 0 when every descriptor is exempt."""
    values = descriptor_inconsistencies(matrix, scenario)
    kept = [float(values[j]) for j in range(matrix.n_descriptors) if j not in exempt]
    return max(kept, default=0.0)


def consistency_margin(
    matrix: CrossImpactMatrix, scenario: Sequence[int], exempt: Collection[int] = ()
) -> float:
    """How far the scenario stays inside consistency: over the descriptors not in ``exempt``,
    the smallest lead of the chosen variant's balance over the best other variant's. Positive
    when every descriptor's choice wins outright, 0 when some descriptor ties, and minus the
    inconsistency otherwise (ScenarioWizard lists this figure with each solution).
    Descriptors with a single variant have no rival and are skipped; 0 when none is left."""
    z = matrix.check_scenario(scenario)
    balances = impact_balances(matrix, z)
    offsets = matrix.offsets
    leads = []
    for j, v in enumerate(z):
        if j in exempt or matrix.n_variants[j] < 2:
            continue
        block = balances[offsets[j] : offsets[j + 1]]
        leads.append(float(block[v] - np.delete(block, v).max()))
    return min(leads, default=0.0)


def total_impact_score(matrix: CrossImpactMatrix, scenario: Sequence[int]) -> float:
    """``TIS = sum_j theta_j,z_j``: the summed balances of the scenario's own variants."""
    z = matrix.check_scenario(scenario)
    balances = impact_balances(matrix, z)
    offsets = matrix.offsets
    return float(sum(balances[offsets[j] + v] for j, v in enumerate(z)))


def is_consistent(
    matrix: CrossImpactMatrix,
    scenario: Sequence[int],
    tolerance: float = 0.0,
    exempt: Collection[int] = (),
) -> bool:
    """Whether the scenario's inconsistency is at most ``tolerance``."""
    return inconsistency(matrix, scenario, exempt) <= tolerance + EPSILON


class Labelled:
    """A scenario's readable name from its variant names (for records that hold them)."""

    names: tuple[str, ...]

    @property
    def label(self) -> str:
        """The variant names joined by spaces."""
        return " ".join(self.names)


@dataclass(frozen=True)
class Scenario(Labelled):
    """One scenario with its figures: variant indices (0-based, one per descriptor), variant
    names, inconsistency (over the descriptors not fixed) and total impact score."""

    variants: ScenarioTuple
    names: tuple[str, ...]
    inconsistency: float
    total_impact_score: float


def describe(
    matrix: CrossImpactMatrix, scenario: Sequence[int], exempt: Collection[int] = ()
) -> Scenario:
    """A :class:`Scenario` with its names, inconsistency and total impact score."""
    z = matrix.check_scenario(scenario)
    return Scenario(
        variants=z,
        names=matrix.variant_names(z),
        inconsistency=inconsistency(matrix, z, exempt),
        total_impact_score=total_impact_score(matrix, z),
    )
