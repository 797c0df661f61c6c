"""The cross-impact matrix of a CIB analysis, on plain NumPy arrays.

Cross-Impact Balance (CIB) analysis: Weimer-Jehle, W. (2006), "Cross-impact balances: a
system-theoretical approach to cross-impact analysis", Technological Forecasting & Social
Change 73, 334-361; and the CIB book (Weimer-Jehle 2023, Springer).

A matrix has descriptors, each with two or more variants. All variants of all descriptors are
laid out one after the other (descriptor 0's variants first), and the judgments form a square
array over them: ``impacts[a, b]`` is the influence of source variant ``a`` on target variant
``b`` (row = source, column = target), as in a ScenarioWizard file.

The diagonal blocks, where source and target belong to the same descriptor, are usually zero.
ScenarioWizard accepts them nonzero (nested CIB studies fold a sub-scenario's aggregated
judgments there), and then the chosen variant of a descriptor adds its row to the balances
of that descriptor's own variants like any other: such a *self-impact* makes a descriptor
favour (or resist) keeping its variant. The engine counts them exactly so;
:meth:`CrossImpactMatrix.self_impacting` names the descriptors that have one. Case files
(:mod:`realpolitik.case`) still refuse them.

A scenario is a tuple with one variant index (0-based) per descriptor.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike, NDArray

from realpolitik.scenarios.errors import ScenarioError

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
ScenarioTuple = tuple[int, ...]
FixedVariants = Mapping[str | int, str | int]

#: Impact balances are sums of judgments; with fractional weights they may carry rounding
#: noise. Two balances closer than this count as equal everywhere in the engine.
EPSILON = 1e-9


@dataclass(frozen=True, eq=False)
class CrossImpactMatrix:
    """Descriptors, their variants, the square impact array over all variants and the
    descriptor weights.

    ``weights[i]`` scales every impact that descriptor ``i`` exerts (its rows), as
    ScenarioWizard's descriptor weights do; 1 everywhere by default. ``title`` is free text
    (ScenarioWizard keeps the file name there). Arrays are copied and made read-only.
    """

    descriptors: tuple[str, ...]
    variants: tuple[tuple[str, ...], ...]
    impacts: FloatArray
    weights: FloatArray = field(default_factory=lambda: np.ones(0))
    title: str = ""

    def __post_init__(self) -> None:
        descriptors = tuple(str(name) for name in self.descriptors)
        variants = tuple(tuple(str(name) for name in names) for names in self.variants)
        if len(descriptors) < 1:
            raise ScenarioError("matrix: no descriptors; give at least one descriptor")
        if len(variants) != len(descriptors):
            raise ScenarioError(
                f"matrix: {len(descriptors)} descriptors but {len(variants)} variant lists; "
                "give one list of variant names per descriptor"
            )
        if len(set(descriptors)) != len(descriptors):
            raise ScenarioError("matrix: descriptor names repeat; make each name unique")
        for name, names in zip(descriptors, variants, strict=True):
            if len(names) < 1:
                raise ScenarioError(f"descriptor {name!r}: no variants; give at least one")
            if len(set(names)) != len(names):
                raise ScenarioError(
                    f"descriptor {name!r}: variant names repeat; make each name unique"
                )
        total = sum(len(names) for names in variants)
        impacts = np.array(self.impacts, dtype=np.float64, copy=True)
        if impacts.shape != (total, total):
            raise ScenarioError(
                f"matrix: impacts have shape {impacts.shape} but the descriptors have {total} "
                f"variants in all; give a square {total}x{total} array (row = source variant)"
            )
        if not np.all(np.isfinite(impacts)):
            raise ScenarioError("matrix: impacts contain NaN or infinity; give finite numbers")
        weights = np.array(self.weights, dtype=np.float64, copy=True)
        if weights.size == 0:
            weights = np.ones(len(descriptors))
        if weights.shape != (len(descriptors),) or not np.all(np.isfinite(weights)):
            raise ScenarioError(
                f"matrix: weights must be {len(descriptors)} finite numbers, one per descriptor"
            )
        if np.any(weights < 0):
            raise ScenarioError("matrix: a descriptor weight is negative; weights are >= 0")
        impacts.flags.writeable = False
        weights.flags.writeable = False
        object.__setattr__(self, "descriptors", descriptors)
        object.__setattr__(self, "variants", variants)
        object.__setattr__(self, "impacts", impacts)
        object.__setattr__(self, "weights", weights)

    # -- layout -------------------------------------------------------------------------

    @property
    def n_descriptors(self) -> int:
        """Number of descriptors."""
        return len(self.descriptors)

    @property
    def n_variants(self) -> tuple[int, ...]:
        """Number of variants of each descriptor."""
        return tuple(len(names) for names in self.variants)

    @property
    def offsets(self) -> tuple[int, ...]:
        """Index of each descriptor's first variant in the impact array (length n + 1)."""
        out = [0]
        for count in self.n_variants:
            out.append(out[-1] + count)
        return tuple(out)

    @property
    def space_size(self) -> int:
        """Number of scenarios: the product of the variant counts (a Python int, exact)."""
        size = 1
        for count in self.n_variants:
            size *= count
        return size

    def self_impacting(self) -> tuple[int, ...]:
        """The descriptors whose diagonal block (impacts of their variants on their own
        variants) holds a nonzero judgment; empty for an ordinary matrix."""
        offsets = self.offsets
        return tuple(
            d
            for d in range(self.n_descriptors)
            if np.any(self.impacts[offsets[d] : offsets[d + 1], offsets[d] : offsets[d + 1]])
        )

    def descriptor_of_variant(self) -> IntArray:
        """For each of the variants, the index of the descriptor it belongs to."""
        return np.repeat(np.arange(self.n_descriptors), self.n_variants).astype(np.int64)

    def weighted_impacts(self) -> FloatArray:
        """The impacts with each source descriptor's rows multiplied by its weight: the array
        every balance is computed from."""
        row_weights = self.weights[self.descriptor_of_variant()]
        out: FloatArray = self.impacts * row_weights[:, None]
        return out

    # -- names ---------------------------------------------------------------------------

    def descriptor_index(self, descriptor: str | int) -> int:
        """Index of a descriptor given by name or index; ScenarioError if unknown."""
        if isinstance(descriptor, int | np.integer) and not isinstance(descriptor, bool):
            index = int(descriptor)
            if 0 <= index < self.n_descriptors:
                return index
            raise ScenarioError(
                f"descriptor index {index} is out of range; use 0..{self.n_descriptors - 1}"
            )
        if descriptor in self.descriptors:
            return self.descriptors.index(str(descriptor))
        raise ScenarioError(
            f"unknown descriptor {descriptor!r}; known descriptors: {', '.join(self.descriptors)}"
        )

    def variant_index(self, descriptor: str | int, variant: str | int) -> int:
        """Index (within its descriptor) of a variant given by name or index."""
        d = self.descriptor_index(descriptor)
        names = self.variants[d]
        if isinstance(variant, int | np.integer) and not isinstance(variant, bool):
            index = int(variant)
            if 0 <= index < len(names):
                return index
            raise ScenarioError(
                f"descriptor {self.descriptors[d]!r}: variant index {index} is out of range; "
                f"use 0..{len(names) - 1}"
            )
        if variant in names:
            return names.index(str(variant))
        raise ScenarioError(
            f"descriptor {self.descriptors[d]!r} has no variant {variant!r}; "
            f"its variants: {', '.join(names)}"
        )

    def resolve_fixed(self, fixed: FixedVariants | None) -> dict[int, int]:
        """Turn a ``{descriptor: variant}`` mapping (names or indices) into indices."""
        if not fixed:
            return {}
        out: dict[int, int] = {}
        for descriptor, variant in fixed.items():
            d = self.descriptor_index(descriptor)
            out[d] = self.variant_index(d, variant)
        return out

    def check_scenario(self, scenario: Sequence[int]) -> ScenarioTuple:
        """Validate a scenario (one variant index per descriptor) and return it as a tuple."""
        values = tuple(int(v) for v in scenario)
        if len(values) != self.n_descriptors:
            raise ScenarioError(
                f"scenario {values}: has {len(values)} entries but the matrix has "
                f"{self.n_descriptors} descriptors; give one variant index per descriptor"
            )
        for d, (v, count) in enumerate(zip(values, self.n_variants, strict=True)):
            if not 0 <= v < count:
                raise ScenarioError(
                    f"scenario {values}: variant {v} of descriptor {self.descriptors[d]!r} is "
                    f"out of range; use 0..{count - 1}"
                )
        return values

    def scenario_from_names(self, names: Mapping[str | int, str | int]) -> ScenarioTuple:
        """A scenario from a complete ``{descriptor: variant}`` mapping (names or indices)."""
        resolved = self.resolve_fixed(names)
        missing = [self.descriptors[d] for d in range(self.n_descriptors) if d not in resolved]
        if missing:
            raise ScenarioError(f"scenario: no variant given for {', '.join(missing)}")
        return tuple(resolved[d] for d in range(self.n_descriptors))

    def variant_names(self, scenario: Sequence[int]) -> tuple[str, ...]:
        """The variant names of a scenario, one per descriptor."""
        return tuple(self.variants[d][v] for d, v in enumerate(scenario))

    def label(self, scenario: Sequence[int]) -> str:
        """A short readable name: the variant names joined by spaces."""
        return " ".join(self.variant_names(scenario))

    # -- variations ScenarioWizard offers --------------------------------------------------

    def with_weights(self, weights: ArrayLike) -> CrossImpactMatrix:
        """The same matrix with other descriptor weights (one per descriptor)."""
        return CrossImpactMatrix(
            self.descriptors, self.variants, self.impacts, np.asarray(weights), self.title
        )

    def transposed(self) -> CrossImpactMatrix:
        """The matrix with source and target swapped: the impact of ``a`` on ``b`` becomes
        that of ``b`` on ``a``. ScenarioWizard offers it to ask which scenarios are
        consistent when every influence runs the other way. Weights are kept."""
        return CrossImpactMatrix(
            self.descriptors, self.variants, self.impacts.T, self.weights, self.title
        )


def from_blocks(
    descriptors: Sequence[str],
    variants: Sequence[Sequence[str]],
    blocks: Mapping[tuple[int, int], ArrayLike],
    weights: ArrayLike | None = None,
    title: str = "",
) -> CrossImpactMatrix:
    """Build a matrix from sparse blocks: ``blocks[(i, j)]`` is the ``len(variants[i]) x
    len(variants[j])`` array of impacts of descriptor ``i`` on descriptor ``j``; pairs not
    given are zero."""
    sizes = [len(names) for names in variants]
    offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(int)
    impacts = np.zeros((offsets[-1], offsets[-1]))
    for (i, j), block in blocks.items():
        array = np.asarray(block, dtype=np.float64)
        if array.shape != (sizes[i], sizes[j]):
            raise ScenarioError(
                f"block ({i}, {j}): shape {array.shape}, expected ({sizes[i]}, {sizes[j]})"
            )
        impacts[offsets[i] : offsets[i + 1], offsets[j] : offsets[j + 1]] = array
    return CrossImpactMatrix(
        tuple(descriptors),
        tuple(tuple(names) for names in variants),
        impacts,
        np.ones(len(sizes)) if weights is None else np.asarray(weights, dtype=np.float64),
        title,
    )
