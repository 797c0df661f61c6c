"""The scenario stage's results: the case's cross-impact matrix through the CIB engine.

A scenario is written as ``{descriptor id: variant id}`` (:data:`Named`); ``indices`` gives
the same scenario as 0-based variant indices, one per descriptor in the case's order. How the
figures are computed: :mod:`realpolitik.analysis.scenarios_stage` and ``docs/scenarios.md``.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from realpolitik.results.base import ResultModel

#: A scenario by name: each descriptor's id with the id of the variant it holds.
Named = dict[str, str]


def _absent(value: Any) -> bool:
    return value is None


def _absent_when_none() -> Any:
    """A field of a study block, left out of the JSON when the case has no descriptors."""
    return Field(default=None, exclude_if=_absent)


class Variant(ResultModel):
    id: str
    name: str


class Descriptor(ResultModel):
    id: str
    name: str
    variants: list[Variant]


class ConsistentScenario(ResultModel):
    """A consistent scenario with its figures: total impact score, inconsistency (0 in the
    exact set at tolerance 0), robustness (``ensemble_share``: the share of the drawn
    matrices in which it is consistent), probability (basin likelihood) and the basin it
    draws under the judged matrix."""

    indices: list[int]
    variants: Named
    total_impact_score: float
    inconsistency: float
    ensemble_share: float
    probability: float
    basin: int


class FixedScenario(ResultModel):
    """A scenario consistent under an intervention."""

    variants: Named
    total_impact_score: float


class Intervention(ResultModel):
    """An intervention the case defines (descriptors pinned to variants) and the scenarios
    consistent under it."""

    id: str
    title: str
    fix: Named
    consistent: list[FixedScenario]


class Attractor(ResultModel):
    """A fixed point (one scenario) or a cycle (its scenarios in their order)."""

    scenarios: list[Named]
    is_cycle: bool


class SuccessionAttractor(Attractor):
    """An attractor of global succession on the judged matrix, with its basin."""

    basin_size: int
    share: float


class Succession(ResultModel):
    """Where succession leads from every start (or from a sample: ``complete`` False)."""

    rule: str
    complete: bool
    n_starts: int
    attractors: list[SuccessionAttractor]


class LikelyAttractor(Attractor):
    """An attractor with its basin likelihood over the ensemble, the Monte Carlo standard
    error of it, and the number of drawn matrices in which it drew a start."""

    probability: float
    standard_error: float
    members: int


class Likelihood(ResultModel):
    """The probability of each future (``meaning`` says what it is and is not), the most
    likely attractors, the probability of those not listed, and every descriptor's chance
    of each of its variants (``descriptors[descriptor][variant]``)."""

    measure: str
    meaning: str
    rule: str
    n_members: int
    n_starts_per_member: int
    sampled: bool
    seed: int | None
    largest_standard_error: float
    n_attractors: int
    attractors: list[LikelyAttractor]
    unlisted_probability: float
    descriptors: dict[str, dict[str, float]]


class EnsembleShare(ResultModel):
    """A scenario consistent in some drawn matrices, with the share of them."""

    variants: Named
    share: float


class Ensemble(ResultModel):
    """The judgment-uncertainty ensemble: ``n_runs`` matrices drawn with ``seed``, the sd of
    a judgment that states none, and the most robust scenarios."""

    n_runs: int
    seed: int | None
    default_sd: float
    scenarios: list[EnsembleShare]


class ScenariosResults(ResultModel):
    """The scenario stage. A case with no descriptors has nothing but the two empty lists
    (``descriptors`` and ``consistent``); every other field is then None and left out of
    results.json. :meth:`studied` says which form this is."""

    descriptors: list[Descriptor]
    consistent: list[ConsistentScenario]
    tolerance: float | None = _absent_when_none()
    space_size: int | None = _absent_when_none()
    method: str | None = _absent_when_none()
    diverse: list[list[int]] | None = _absent_when_none()
    interventions: list[Intervention] | None = _absent_when_none()
    succession: Succession | None = _absent_when_none()
    likelihood: Likelihood | None = _absent_when_none()
    ensemble: Ensemble | None = _absent_when_none()

    def studied(self) -> bool:
        """Whether the case had descriptors, so the study's fields are all present."""
        return bool(self.descriptors)
