"""Pick a few consistent scenarios that differ most from each other, for a report.

Distance between two scenarios: the number of descriptors on which their variants differ
(Hamming distance). Choosing the k scenarios whose smallest pairwise distance is largest is
hard in general; we use the greedy farthest-point rule (Gonzalez 1985, Theoretical Computer
Science 38), which is within a factor two of the best: start from the scenario with the
highest total impact score, then repeatedly add the scenario farthest from those chosen
(ties: higher total impact score, then input order).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from realpolitik.scenarios.balance import Scenario
from realpolitik.scenarios.errors import ScenarioError


def hamming(first: Sequence[int], second: Sequence[int]) -> int:
    """Number of descriptors on which two scenarios differ."""
    return sum(1 for a, b in zip(first, second, strict=True) if a != b)


def most_different(scenarios: Sequence[Scenario], k: int) -> list[Scenario]:
    """Up to ``k`` scenarios chosen greedily to be far apart (see the module docstring)."""
    if k < 0:
        raise ScenarioError(f"k={k}: give a number of scenarios >= 0")
    if not scenarios or k == 0:
        return []
    z = np.array([s.variants for s in scenarios])
    tis = np.array([s.total_impact_score for s in scenarios])
    first = int(np.lexsort((np.arange(len(scenarios)), -tis))[0])
    chosen = [first]
    nearest = (z != z[first]).sum(axis=1)
    while len(chosen) < min(k, len(scenarios)):
        # farthest first, then higher score, then earlier; chosen ones have distance 0
        candidate = int(np.lexsort((np.arange(len(scenarios)), -tis, -nearest))[0])
        if nearest[candidate] == 0:
            break  # only duplicates remain
        chosen.append(candidate)
        nearest = np.minimum(nearest, (z != z[candidate]).sum(axis=1))
    return [scenarios[i] for i in chosen]
