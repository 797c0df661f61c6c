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
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from realpolitik import __version__
from realpolitik.scenarios.errors import ScenarioError
from realpolitik.scenarios.limits import Deadline
from realpolitik.scenarios.model import (
    EPSILON,
    CrossImpactMatrix,
    FixedVariants,
    FloatArray,
    ScenarioTuple,
)

Rule = Literal["global", "local"]

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

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {
            "rule": self.rule,
            "start": list(self.start),
            "path": [list(z) for z in self.path],
            "attractor": [list(z) for z in self.attractor],
            "is_cycle": self.is_cycle,
        }


@dataclass(frozen=True)
class Attractor:
    """A fixed point or cycle with the number of starts that lead to it."""

    scenarios: tuple[ScenarioTuple, ...]
    labels: tuple[str, ...]
    basin_size: int
    share: float

    @property
    def is_cycle(self) -> bool:
        """Whether this attractor is a cycle of two or more scenarios."""
        return len(self.scenarios) > 1

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {
            "scenarios": [list(z) for z in self.scenarios],
            "labels": list(self.labels),
            "is_cycle": self.is_cycle,
            "basin_size": self.basin_size,
            "share": self.share,
        }


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

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {
            "version": __version__,
            "rule": self.rule,
            "fixed": {str(k): v for k, v in self.fixed.items()},
            "n_starts": self.n_starts,
            "complete": self.complete,
            "seed": self.seed,
            "attractors": [a.to_dict() for a in self.attractors],
        }


class _Stepper:
    """One succession step under a rule, with the weighted impacts computed once."""

    def __init__(self, matrix: CrossImpactMatrix, rule: str, fixed: Mapping[int, int]) -> None:
        if rule not in ("global", "local"):
            raise ScenarioError(f"succession rule {rule!r}: use 'global' or 'local'")
        self.rule = rule
        self.impacts: FloatArray = matrix.weighted_impacts()
        self.offsets = matrix.offsets
        self.fixed = dict(fixed)
        self.free = [d for d in range(matrix.n_descriptors) if d not in self.fixed]

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
    stepper = _Stepper(matrix, rule, resolved)
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


def basins(
    matrix: CrossImpactMatrix,
    rule: Rule = "global",
    fixed: FixedVariants | None = None,
    n_samples: int | None = None,
    seed: int | None = None,
    max_starts: int = 2_000_000,
    deadline: Deadline | None = None,
) -> BasinResult:
    """Run succession from every scenario (or, with ``n_samples``, from that many random
    starts drawn with ``seed``) and count how many starts reach each attractor.

    Every start is used when ``n_samples`` is None; a space larger than ``max_starts`` then
    raises ScenarioError suggesting ``n_samples``. A sampled study is flagged
    ``complete=False``: it may miss attractors and its basin sizes are sample counts. Still
    running at ``deadline``, it raises
    :class:`~realpolitik.scenarios.errors.ComputeLimitError`.
    """
    resolved = matrix.resolve_fixed(fixed)
    stepper = _Stepper(matrix, rule, resolved)
    choices = [
        [resolved[d]] if d in resolved else list(range(count))
        for d, count in enumerate(matrix.n_variants)
    ]
    space = 1
    for options in choices:
        space *= len(options)
    if n_samples is None:
        if space > max_starts:
            raise ScenarioError(
                f"basins: {space} starting scenarios exceed max_starts={max_starts}; pass "
                "n_samples (and seed) for a sampled, possibly incomplete study"
            )
        grid = np.indices([len(options) for options in choices]).reshape(len(choices), -1).T
        starts = [tuple(choices[d][int(v)] for d, v in enumerate(row)) for row in grid]
        complete = True
    else:
        if n_samples < 1:
            raise ScenarioError("basins: n_samples must be at least 1")
        rng = np.random.default_rng(seed)
        starts = [tuple(int(rng.choice(options)) for options in choices) for _ in range(n_samples)]
        complete = False

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

    n_starts = len(starts)
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
