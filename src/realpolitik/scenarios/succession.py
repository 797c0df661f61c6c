"""Succession: let an inconsistent scenario change, step by step, until it settles.

Weimer-Jehle (2006), section 4, and the ScenarioWizard manual:

- *global* succession: every descriptor moves at once to the variant with the highest impact
  balance under the current scenario;
- *local* succession: only the most inconsistent descriptor (the first one when several share
  the largest ``IC_j``) moves to its best variant.

When several variants share the highest balance the current variant stays if it is among
them, otherwise the first of them is taken. A run ends at a fixed point (a consistent
scenario at tolerance 0) or in a cycle. The *basin* of an attractor is the set of starting
scenarios whose succession ends there; its size is ScenarioWizard's "volume weight".

Basins are counted by the Numba kernels of :mod:`.basin_kernels` (``method="compiled"``, the
default) or by the plain Python path kept here as their oracle (``method="reference"``).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from realpolitik.scenarios import basin_kernels
from realpolitik.scenarios.errors import ScenarioError
from realpolitik.scenarios.limits import Deadline
from realpolitik.scenarios.model import (
    EPSILON,
    CrossImpactMatrix,
    FixedVariants,
    FloatArray,
    IntArray,
    ScenarioTuple,
)

Rule = Literal["global", "local"]
#: How basins are counted: "compiled" (the Numba kernels of :mod:`.basin_kernels`) or
#: "reference" (plain Python, the oracle the kernels are tested against).
BasinMethod = Literal["compiled", "reference"]
RULE_CODES = basin_kernels.RULE_CODES
#: Starts handed to a kernel per call; the deadline is checked between calls.
CHUNK = 4096

#: The way out of a succession study that runs past its deadline.
SAMPLE_STARTS = (
    "give it more time (--max-seconds), or start from a random sample of scenarios "
    "(n_samples; `realpolitik run --succession-sample N`)"
)


@dataclass(frozen=True)
class SuccessionPath:
    """One succession run: the scenarios visited from ``start`` (``path[0]``) until the first
    repeat, and the attractor reached: one scenario (a fixed point) or the scenarios of a
    cycle, listed from the smallest one (lexicographically) in their order of succession."""

    rule: str
    start: ScenarioTuple
    path: tuple[ScenarioTuple, ...]
    attractor: tuple[ScenarioTuple, ...]

    @property
    def is_cycle(self) -> bool:
        """Whether the run ends in a cycle of two or more scenarios."""
        return len(self.attractor) > 1


@dataclass(frozen=True)
class AttractorScenarios:
    """The scenarios of an attractor (one for a fixed point, those of a cycle from its
    smallest one in their order of succession) and their labels."""

    scenarios: tuple[ScenarioTuple, ...]
    labels: tuple[str, ...]

    @property
    def is_cycle(self) -> bool:
        """Whether this attractor is a cycle of two or more scenarios."""
        return len(self.scenarios) > 1


@dataclass(frozen=True)
class Attractor(AttractorScenarios):
    """A fixed point or cycle with the number of starts that lead to it."""

    basin_size: int
    share: float


@dataclass(frozen=True)
class BasinResult:
    """Attractors and their basins, largest basin first (ties: smaller scenario first).

    ``complete`` is False when the starts were a random sample rather than every scenario:
    then basin sizes are counts within the sample and an attractor may be missing.
    """

    rule: str
    fixed: dict[int, int]
    n_starts: int
    complete: bool
    seed: int | None
    attractors: tuple[Attractor, ...]


class _Stepper:
    """One succession step under a rule, in plain Python: the oracle the compiled kernels
    (:mod:`.basin_kernels`) are tested against. ``impacts`` are the weighted impacts, every
    block included (a descriptor's impacts on itself count like any other)."""

    def __init__(
        self, impacts: FloatArray, offsets: Sequence[int], rule: str, fixed: Mapping[int, int]
    ) -> None:
        if rule not in RULE_CODES:
            raise ScenarioError(f"succession rule {rule!r}: use 'global' or 'local'")
        self.rule = rule
        self.impacts = impacts
        self.offsets = tuple(int(o) for o in offsets)
        self.fixed = dict(fixed)
        self.free = [d for d in range(len(self.offsets) - 1) if d not in self.fixed]

    @classmethod
    def of(cls, matrix: CrossImpactMatrix, rule: str, fixed: Mapping[int, int]) -> _Stepper:
        """The stepper of a matrix: its weighted impacts and layout."""
        return cls(matrix.weighted_impacts(), matrix.offsets, rule, fixed)

    def best(self, balances: FloatArray, j: int, current: int) -> int:
        """The variant descriptor ``j`` moves to: current if among the highest, else the
        first highest."""
        block = balances[self.offsets[j] : self.offsets[j + 1]]
        top = float(block.max())
        if block[current] >= top - EPSILON:
            return current
        return int(np.flatnonzero(block >= top - EPSILON)[0])

    def step(self, z: ScenarioTuple) -> ScenarioTuple:
        rows = [self.offsets[i] + v for i, v in enumerate(z)]
        balances = self.impacts[rows].sum(axis=0)
        out = list(z)
        if self.rule == "global":
            for j in self.free:
                out[j] = self.best(balances, j, z[j])
            return tuple(out)
        worst, worst_j = 0.0, -1
        for j in self.free:
            block = balances[self.offsets[j] : self.offsets[j + 1]]
            gap = float(block.max() - block[z[j]])
            if gap > worst + EPSILON:
                worst, worst_j = gap, j
        if worst_j >= 0:
            out[worst_j] = self.best(balances, worst_j, z[worst_j])
        return tuple(out)

    def cycle_from(self, z: ScenarioTuple) -> tuple[ScenarioTuple, ...]:
        """The cycle through ``z`` (which must lie on one), in canonical order."""
        cycle = [z]
        current = self.step(z)
        while current != z:
            cycle.append(current)
            current = self.step(current)
        return _canonical_cycle(cycle)


def _canonical_cycle(cycle: Sequence[ScenarioTuple]) -> tuple[ScenarioTuple, ...]:
    smallest = min(range(len(cycle)), key=lambda k: cycle[k])
    return tuple(cycle[smallest:]) + tuple(cycle[:smallest])


def _start_of(
    matrix: CrossImpactMatrix, start: Sequence[int] | Mapping[str | int, str | int]
) -> ScenarioTuple:
    if isinstance(start, Mapping):
        return matrix.scenario_from_names(start)
    return matrix.check_scenario(start)


def succession(
    matrix: CrossImpactMatrix,
    start: Sequence[int] | Mapping[str | int, str | int],
    rule: Rule = "global",
    fixed: FixedVariants | None = None,
    max_steps: int = 100_000,
) -> SuccessionPath:
    """Run succession from ``start`` (variant indices, or a ``{descriptor: variant}``
    mapping) until it repeats a scenario.

    ``fixed`` descriptors (an intervention) take their fixed variant from the start and never
    move. Raises ScenarioError when ``max_steps`` pass without a repeat (cannot happen before
    the space is exhausted, so only a small ``max_steps`` triggers it).
    """
    resolved = matrix.resolve_fixed(fixed)
    stepper = _Stepper.of(matrix, rule, resolved)
    z = list(_start_of(matrix, start))
    for d, v in resolved.items():
        z[d] = v
    current = tuple(z)
    seen: dict[ScenarioTuple, int] = {}
    path: list[ScenarioTuple] = []
    while current not in seen:
        if len(path) >= max_steps:
            raise ScenarioError(
                f"succession: no repeat within max_steps={max_steps}; raise max_steps"
            )
        seen[current] = len(path)
        path.append(current)
        current = stepper.step(current)
    attractor = _canonical_cycle(path[seen[current] :])
    return SuccessionPath(rule, path[0], tuple(path), attractor)


def draw_starts(
    n_variants: Sequence[int],
    fixed: Mapping[int, int],
    n_samples: int,
    seed: int | np.random.Generator | None,
) -> IntArray:
    """``n_samples`` starting scenarios drawn uniformly (seeded, or from a generator that
    goes on drawing), one row each: every free descriptor's variant drawn independently and
    evenly, held descriptors at their variant.

    One column is drawn after the other (descriptor 0 first), so the draws for one descriptor
    do not depend on how many starts are asked of the others."""
    if n_samples < 1:
        raise ScenarioError("basins: n_samples must be at least 1")
    rng = np.random.default_rng(seed)
    starts = np.empty((n_samples, len(n_variants)), dtype=np.int64)
    for d, count in enumerate(n_variants):
        if d in fixed:
            starts[:, d] = fixed[d]
        else:
            starts[:, d] = rng.integers(0, count, size=n_samples)
    return starts


def _reference_counts(
    stepper: _Stepper, starts: Iterable[ScenarioTuple], deadline: Deadline | None
) -> dict[tuple[ScenarioTuple, ...], int]:
    """The plain path: follow each start, remembering every scenario's attractor."""
    attractor_of: dict[ScenarioTuple, tuple[ScenarioTuple, ...]] = {}
    counts: dict[tuple[ScenarioTuple, ...], int] = {}
    for index, start in enumerate(starts):
        if deadline is not None and index % 256 == 0:
            deadline.check("the succession study", SAMPLE_STARTS)
        path: list[ScenarioTuple] = []
        on_path: dict[ScenarioTuple, int] = {}
        current = start
        while current not in attractor_of and current not in on_path:
            if deadline is not None and len(path) % 256 == 255:
                deadline.check("the succession study", SAMPLE_STARTS)
            on_path[current] = len(path)
            path.append(current)
            current = stepper.step(current)
        if current in attractor_of:
            attractor = attractor_of[current]
        else:
            attractor = _canonical_cycle(path[on_path[current] :])
        for z in path:
            attractor_of[z] = attractor
        counts[attractor] = counts.get(attractor, 0) + 1
    return counts


def _kernel_inputs(stepper: _Stepper) -> tuple[FloatArray, IntArray, IntArray, int]:
    impacts = np.ascontiguousarray(stepper.impacts, dtype=np.float64)
    offsets = np.asarray(stepper.offsets, dtype=np.int64)
    free = np.zeros(len(stepper.offsets) - 1, dtype=np.int64)
    free[stepper.free] = 1
    return impacts, offsets, free, basin_kernels.RULE_CODES[stepper.rule]


def _compiled_counts_of_starts(
    stepper: _Stepper, starts: IntArray, deadline: Deadline | None
) -> dict[tuple[ScenarioTuple, ...], int]:
    """The compiled path for listed starts: each start's cycle named by its smallest
    scenario, the names tallied, then each distinct cycle of two or more traced once."""
    impacts, offsets, free, rule = _kernel_inputs(stepper)
    sizes = np.diff(offsets)
    # Scenarios numbered in mixed radix for a fast tally, where the number fits in 63 bits.
    numbered = math.prod(int(size) for size in sizes) < 2**62
    place = np.concatenate([np.cumprod(sizes[::-1])[::-1][1:], [1]]).astype(np.int64)
    counts: dict[ScenarioTuple, int] = {}
    cycle_length: dict[ScenarioTuple, int] = {}
    for first in range(0, starts.shape[0], CHUNK):
        if deadline is not None:
            deadline.check("the succession study", SAMPLE_STARTS)
        chunk = np.ascontiguousarray(starts[first : first + CHUNK], dtype=np.int64)
        minima, lengths = basin_kernels.cycle_minima(impacts, offsets, free, rule, chunk)
        if numbered:
            _, where, tally = np.unique(minima @ place, return_index=True, return_counts=True)
        else:
            _, where, tally = np.unique(minima, axis=0, return_index=True, return_counts=True)
        for index, count in zip(where.tolist(), tally.tolist(), strict=True):
            key = tuple(minima[index].tolist())
            counts[key] = counts.get(key, 0) + count
            cycle_length[key] = int(lengths[index])
    out: dict[tuple[ScenarioTuple, ...], int] = {}
    for z, count in counts.items():
        # z is its cycle's smallest scenario, so the cycle traced from it is in canonical order.
        rows = basin_kernels.trace_cycle(
            impacts, offsets, free, rule, np.array(z, dtype=np.int64), cycle_length[z]
        )
        out[tuple(tuple(row) for row in rows.tolist())] = count
    return out


def _compiled_counts_of_space(
    stepper: _Stepper, choices: Sequence[Sequence[int]], deadline: Deadline | None
) -> dict[tuple[ScenarioTuple, ...], int]:
    """The compiled path for every scenario of the space: number the space, compute every
    successor once, label the graph."""
    impacts, offsets, free, rule = _kernel_inputs(stepper)
    counts_per = [len(options) for options in choices]
    strides = np.zeros(len(choices), dtype=np.int64)
    place = 1
    for d in reversed(range(len(choices))):
        if d not in stepper.fixed:
            strides[d] = place
            place *= counts_per[d]
    template = np.array([options[0] for options in choices], dtype=np.int64)
    parts = []
    for first in range(0, place, CHUNK * 16):
        if deadline is not None:
            deadline.check("the succession study", SAMPLE_STARTS)
        stop = min(place, first + CHUNK * 16)
        parts.append(
            basin_kernels.next_codes(impacts, offsets, free, rule, template, strides, first, stop)
        )
    successor = np.concatenate(parts)
    labels, representatives = basin_kernels.label_attractors(successor)
    sizes = np.bincount(labels, minlength=len(representatives))
    out: dict[tuple[ScenarioTuple, ...], int] = {}
    for code, size in zip(representatives.tolist(), sizes.tolist(), strict=True):
        z = tuple(
            int(code // strides[d]) % counts_per[d] if strides[d] else int(template[d])
            for d in range(len(choices))
        )
        out[stepper.cycle_from(z)] = size
    return out


def attractor_counts(
    impacts: FloatArray,
    offsets: Sequence[int],
    rule: Rule = "global",
    fixed: Mapping[int, int] | None = None,
    starts: IntArray | None = None,
    method: BasinMethod = "compiled",
    deadline: Deadline | None = None,
) -> dict[tuple[ScenarioTuple, ...], int]:
    """How many starts reach each attractor (a canonical cycle; one scenario for a fixed
    point), on plain arrays: ``impacts`` weighted (every block counts, a descriptor's impacts
    on itself included), ``offsets`` the layout, ``fixed`` descriptor index -> variant index.

    ``starts``: one row per start, or None for every scenario of the space (held descriptors
    at their variant). ``method``: "compiled" (Numba kernels) or "reference" (plain Python,
    the oracle); both give the same counts."""
    held = dict(fixed or {})
    stepper = _Stepper(impacts, offsets, rule, held)
    if method not in ("compiled", "reference"):
        raise ScenarioError(f"basins: method {method!r}; use 'compiled' or 'reference'")
    choices = [
        [held[d]] if d in held else list(range(stepper.offsets[d + 1] - stepper.offsets[d]))
        for d in range(len(stepper.offsets) - 1)
    ]
    if method == "compiled":
        if starts is None:
            return _compiled_counts_of_space(stepper, choices, deadline)
        return _compiled_counts_of_starts(stepper, starts, deadline)
    if starts is None:
        listed: Iterable[ScenarioTuple] = itertools.product(*choices)
    else:
        listed = (tuple(int(v) for v in row) for row in starts.tolist())
    return _reference_counts(stepper, listed, deadline)


def basins(
    matrix: CrossImpactMatrix,
    rule: Rule = "global",
    fixed: FixedVariants | None = None,
    n_samples: int | None = None,
    seed: int | None = None,
    max_starts: int = 2_000_000,
    deadline: Deadline | None = None,
    method: BasinMethod = "compiled",
) -> BasinResult:
    """Run succession from every scenario (or, with ``n_samples``, from that many random
    starts drawn with ``seed``, see :func:`draw_starts`) and count how many starts reach
    each attractor.

    Every start is used when ``n_samples`` is None; a space larger than ``max_starts`` then
    raises ScenarioError suggesting ``n_samples``. A sampled study is flagged
    ``complete=False``: it may miss attractors and its basin sizes are sample counts. Still
    running at ``deadline``, it raises
    :class:`~realpolitik.scenarios.errors.ComputeLimitError`. ``method``: "compiled" (the
    default) or "reference", the plain Python path kept as the oracle.
    """
    resolved = matrix.resolve_fixed(fixed)
    if rule not in RULE_CODES:
        raise ScenarioError(f"succession rule {rule!r}: use 'global' or 'local'")
    space = 1
    for d, count in enumerate(matrix.n_variants):
        space *= 1 if d in resolved else count
    if n_samples is None:
        if space > max_starts:
            raise ScenarioError(
                f"basins: {space} starting scenarios exceed max_starts={max_starts}; pass "
                "n_samples (and seed) for a sampled, possibly incomplete study"
            )
        starts, n_starts, complete = None, space, True
    else:
        starts = draw_starts(matrix.n_variants, resolved, n_samples, seed)
        n_starts, complete = n_samples, False
    counts = attractor_counts(
        matrix.weighted_impacts(), matrix.offsets, rule, resolved, starts, method, deadline
    )
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    attractors = tuple(
        Attractor(
            scenarios=scenarios,
            labels=tuple(matrix.label(z) for z in scenarios),
            basin_size=count,
            share=count / n_starts,
        )
        for scenarios, count in ordered
    )
    return BasinResult(rule, resolved, n_starts, complete, seed, attractors)
