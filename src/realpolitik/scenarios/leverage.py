"""Leverage points: the judgments whose small change adds or removes a consistent scenario.

A CIB study rests on many judgments, and only some of them decide which scenarios are
consistent. A *leverage point* is a judgment (the impact of source variant ``a`` on target
variant ``b``) whose change by at most ``k`` points on the judgment scale removes a consistent
scenario or makes an inconsistent one consistent. The search here is exact: every such change
is found, none is sampled. Changes that would leave the judgment scale (-3..+3 in a case) are
not made, since no expert could write them down; the result counts them.

Method. The balance of variant ``b`` of descriptor ``D`` in scenario ``z`` is
``theta_b(z) = sum_i w_i * C(z_i, b)`` (Weimer-Jehle 2006, section 3; self-impacts, where a
matrix has them, included). Changing the judgment ``C(a, b)`` by ``delta`` moves only
``theta_b``, by ``w_a * delta``, and only in the scenarios that hold ``a``. So:

- a consistent scenario ``z`` is *removed* iff ``a`` is in ``z`` and the changed balance makes
  descriptor ``D``'s inconsistency exceed the tolerance;
- a scenario ``z`` is *added* iff ``a`` is in ``z``, every descriptor but ``D`` already meets
  the tolerance, and the change brings ``D`` within it. Such a ``z`` is within
  ``tolerance + k * max(w)`` of consistency, so the candidates are exactly the consistent set
  at that tolerance (:func:`~realpolitik.scenarios.search.consistent_scenarios`).

Pairs of judgments are searched for the scenarios that no single change within ``k`` adds or
removes. A pair that removes a consistent ``z`` must change balances of the same descriptor
(two changes to different descriptors remove ``z`` only if one of them alone does); a pair
that adds ``z`` either closes the two descriptors ``z`` fails (one change each) or together
closes the single descriptor it fails, so the candidates are the consistent set at
``tolerance + 2k * max(w)``. Of the pairs that reach a scenario, the smallest (least total
change) are kept.

Every figure here is checked against :func:`reference_leverage`, which changes each judgment
(and each pair) by each step, re-runs the plain enumeration and compares the sets.

Leverage points in CIB: Kearney's Prophesy (``prophesy-cib``, perturbation analysis and
leverage point identification) and Ross's PyCIB (structural robustness) test judgment
changes; Weimer-Jehle (2023), *Cross-Impact Balances (CIB) for Scenario Analysis*, Springer,
discusses the sensitivity of the consistent set to single judgments.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from realpolitik.results.leverage import (
    JudgmentChange,
    JudgmentLeverage,
    LeverageResults,
    ScenarioFragility,
)
from realpolitik.results.leverage import Lever as LeverRecord
from realpolitik.scenarios.errors import ComputeLimitError, ScenarioError
from realpolitik.scenarios.limits import Deadline
from realpolitik.scenarios.model import EPSILON, CrossImpactMatrix, FloatArray, ScenarioTuple
from realpolitik.scenarios.search import DEFAULT_LIMIT, Method, consistent_scenarios

#: Default largest change of one judgment, in points of the judgment scale. One point is the
#: smallest step an expert can state on the -3..+3 scale and about what two careful experts
#: differ by (the engine's default judgment uncertainty is a standard deviation of 0.5, so
#: one point is two of them); two points already turn a weak influence into its opposite.
DEFAULT_STEPS = 1

#: The judgment scale of a case (``CrossImpact.value``): changes beyond it are not made.
JUDGMENT_SCALE = (-3.0, 3.0)

#: The ways out of a leverage search that runs too long.
LEVERAGE_WAY_OUT = "lower the leverage steps, leave out pairs, or give it more time"

#: Judgment = (source variant, target variant), both as indices over all variants.
Cell = tuple[int, int]


@dataclass(frozen=True, order=True)
class Change:
    """One judgment changed: ``impacts[source, target]`` from ``value`` to ``value + delta``
    (raw points, before descriptor weights). Indices run over all variants."""

    source: int
    target: int
    value: float
    delta: int

    @property
    def new_value(self) -> float:
        return self.value + self.delta


@dataclass(frozen=True)
class Lever:
    """One change of one or two judgments and the scenarios it removes from or adds to the
    consistent set. ``size`` is the total change in points, the first ranking key. For a
    pair, ``removed``/``added`` hold the scenarios that no single change reaches and for
    which this pair is among the smallest."""

    changes: tuple[Change, ...]
    removed: tuple[ScenarioTuple, ...]
    added: tuple[ScenarioTuple, ...]

    @property
    def size(self) -> int:
        return sum(abs(change.delta) for change in self.changes)

    @property
    def reach(self) -> int:
        """How many scenarios it adds or removes: the second ranking key."""
        return len(self.removed) + len(self.added)

    def rank_key(self) -> tuple[Any, ...]:
        return (self.size, -self.reach, self.changes)


@dataclass(frozen=True)
class LeverageResult:
    """The leverage points of a matrix at a tolerance, for changes of at most ``steps``.

    ``singles`` holds every single-judgment change within ``steps`` that changes the
    consistent set, ``pairs`` the smallest pairs for the scenarios no single change reaches;
    both ranked by size of change, then by how many scenarios it adds or removes.
    ``off_scale`` counts the changes not made because the new value would leave ``scale``.
    """

    steps: int
    tolerance: float
    scale: tuple[float, float] | None
    n_judgments: int
    consistent: tuple[ScenarioTuple, ...]
    singles: tuple[Lever, ...]
    pairs: tuple[Lever, ...]
    off_scale: int
    pairs_searched: bool = True
    extra: dict[str, Any] = field(default_factory=dict)

    def removing(self, scenario: ScenarioTuple) -> list[Lever]:
        """The levers (singles, then pairs) that remove ``scenario``."""
        return [lever for lever in (*self.singles, *self.pairs) if scenario in lever.removed]

    def added_scenarios(self) -> list[ScenarioTuple]:
        """Every scenario some lever makes consistent, sorted."""
        return sorted({z for lever in (*self.singles, *self.pairs) for z in lever.added})

    def judgments(self) -> list[Cell]:
        """The judgments that carry the answer: those in some single lever, most decisive
        first (smallest change, then most scenarios it adds or removes at that change)."""
        least: dict[Cell, int] = {}
        for lever in self.singles:
            cell = (lever.changes[0].source, lever.changes[0].target)
            least[cell] = min(least.get(cell, lever.size), lever.size)
        reached: dict[Cell, set[tuple[str, ScenarioTuple]]] = {cell: set() for cell in least}
        for lever in self.singles:
            cell = (lever.changes[0].source, lever.changes[0].target)
            if lever.size == least[cell]:
                reached[cell].update(("removed", z) for z in lever.removed)
                reached[cell].update(("added", z) for z in lever.added)
        return sorted(least, key=lambda cell: (least[cell], -len(reached[cell]), cell))


# -- shared pieces ------------------------------------------------------------------------


def _steps(value: float, steps: int, scale: tuple[float, float] | None) -> tuple[list[int], int]:
    """The integer changes of a judgment at ``value`` within ``steps`` that stay on ``scale``,
    and how many were left out for leaving it."""
    kept, left = [], 0
    for delta in (*range(-steps, 0), *range(1, steps + 1)):
        new = value + delta
        if scale is not None and not scale[0] - EPSILON <= new <= scale[1] + EPSILON:
            left += 1
        else:
            kept.append(delta)
    return kept, left


def default_judgments(matrix: CrossImpactMatrix) -> list[Cell]:
    """Every judgment a matrix file holds: all cells between different descriptors (a 0 is a
    judgment too: "no influence"), and the nonzero cells within a descriptor's own block
    (self-impacts), in row order."""
    owner = matrix.descriptor_of_variant()
    impacts = matrix.impacts
    size = impacts.shape[0]
    return [
        (a, b)
        for a in range(size)
        for b in range(size)
        if owner[a] != owner[b] or impacts[a, b] != 0
    ]


def _check(
    matrix: CrossImpactMatrix,
    steps: int,
    tolerance: float,
    judgments: Sequence[Cell] | None,
    scale: tuple[float, float] | None,
) -> list[Cell]:
    if isinstance(steps, bool) or not isinstance(steps, int | np.integer) or steps < 1:
        raise ScenarioError(f"leverage steps={steps!r}: give a whole number of points >= 1")
    if not (np.isfinite(tolerance) and tolerance >= 0):
        raise ScenarioError(f"tolerance={tolerance!r}: give a finite number >= 0")
    if scale is not None and not (np.all(np.isfinite(scale)) and scale[0] <= scale[1]):
        raise ScenarioError(f"judgment scale {scale!r}: give [low, high] with low <= high")
    cells = default_judgments(matrix) if judgments is None else list(judgments)
    size = matrix.impacts.shape[0]
    for a, b in cells:
        if not (0 <= a < size and 0 <= b < size):
            raise ScenarioError(f"judgment ({a}, {b}): variant index out of range 0..{size - 1}")
    if len(set(cells)) != len(cells):
        raise ScenarioError("leverage: a judgment is listed twice; list each cell once")
    return sorted(cells)


# -- the exact method ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Study:
    """Plain arrays of the scenarios the search looks at: their balances and the
    inconsistency of each descriptor (rows = scenarios)."""

    matrix: CrossImpactMatrix
    tolerance: float
    scenarios: np.ndarray  # n x descriptors, variant index within its descriptor
    balances: FloatArray  # n x all variants
    gaps: FloatArray  # n x descriptors, IC_j
    failing: np.ndarray  # n x descriptors, whether IC_j exceeds the tolerance

    @classmethod
    def of(
        cls, matrix: CrossImpactMatrix, tolerance: float, found: Sequence[ScenarioTuple]
    ) -> _Study:
        z = np.asarray(found, dtype=np.int64).reshape(len(found), matrix.n_descriptors)
        offsets = np.asarray(matrix.offsets)
        rows = z + offsets[None, :-1]
        balances = matrix.weighted_impacts()[rows].sum(axis=1)
        gaps = np.zeros(z.shape, dtype=np.float64)
        for j in range(matrix.n_descriptors):
            block = balances[:, offsets[j] : offsets[j + 1]]
            gaps[:, j] = (
                block.max(axis=1) - np.take_along_axis(balances, rows[:, j : j + 1], 1)[:, 0]
            )
        return cls(matrix, tolerance, z, balances, gaps, gaps > tolerance + EPSILON)

    def gap_after(self, rows: np.ndarray, target: int, shifts: FloatArray) -> np.ndarray:
        """Inconsistency of the target's descriptor in scenarios ``rows`` after adding
        ``shifts`` (rows x variants of that descriptor) to its balances."""
        d = int(self.matrix.descriptor_of_variant()[target])
        start, stop = self.matrix.offsets[d], self.matrix.offsets[d + 1]
        block = self.balances[rows, start:stop] + shifts
        chosen = np.take_along_axis(block, self.scenarios[rows, d : d + 1], axis=1)[:, 0]
        return np.asarray(block.max(axis=1) - chosen)


def _holding(study: _Study, source: int) -> np.ndarray:
    """The rows whose scenario holds variant ``source``."""
    d = int(study.matrix.descriptor_of_variant()[source])
    return np.flatnonzero(study.scenarios[:, d] == source - study.matrix.offsets[d])


def _single_effects(
    study: _Study, change: Change, weight: float, consistent: np.ndarray
) -> tuple[list[int], list[int]]:
    """Rows removed and rows added by one change (exact, by its effect on one descriptor)."""
    matrix = study.matrix
    d = int(matrix.descriptor_of_variant()[change.target])
    rows = _holding(study, change.source)
    others = np.delete(study.failing[rows], d, axis=1).any(axis=1)
    rows = rows[~others]  # a scenario failing elsewhere stays out whatever this does
    if rows.size == 0:
        return [], []
    shifts = np.zeros((rows.size, matrix.n_variants[d]))
    shifts[:, change.target - matrix.offsets[d]] = weight * change.delta
    after = study.gap_after(rows, change.target, shifts) <= study.tolerance + EPSILON
    before = consistent[rows]
    return rows[before & ~after].tolist(), rows[~before & after].tolist()


def _options(
    matrix: CrossImpactMatrix, cells: Sequence[Cell], steps: int, scale: tuple[float, float] | None
) -> tuple[list[Change], int]:
    options: list[Change] = []
    off_scale = 0
    for a, b in cells:
        value = float(matrix.impacts[a, b])
        deltas, left = _steps(value, steps, scale)
        off_scale += left
        options.extend(Change(a, b, value, delta) for delta in deltas)
    return options, off_scale


def leverage_points(
    matrix: CrossImpactMatrix,
    steps: int = DEFAULT_STEPS,
    tolerance: float = 0.0,
    judgments: Sequence[Cell] | None = None,
    scale: tuple[float, float] | None = JUDGMENT_SCALE,
    pairs: bool = True,
    method: Method = "auto",
    limit: int = DEFAULT_LIMIT,
    deadline: Deadline | None = None,
) -> LeverageResult:
    """The exact leverage points of ``matrix`` at ``tolerance``: every change of one judgment
    by 1..``steps`` points (and, with ``pairs``, the smallest pairs of changes for the
    scenarios no single change reaches) that adds or removes a consistent scenario.

    ``judgments`` lists the cells that may change as (source, target) indices over all
    variants (a case passes the judgments it states; default: :func:`default_judgments`).
    A change whose new value leaves ``scale`` is not made (None: no bound). ``method`` and
    ``limit`` go to the one exact search, for the candidates within ``tolerance`` plus what
    one change (two with ``pairs``) can move a balance (the consistent set is among them;
    see :func:`~realpolitik.scenarios.search.consistent_scenarios`); past ``deadline`` the
    search, or the pair search, raises :class:`ComputeLimitError`.
    """
    cells = _check(matrix, steps, tolerance, judgments, scale)
    options, off_scale = _options(matrix, cells, steps, scale)
    owner = matrix.descriptor_of_variant()
    weights = matrix.weights[owner]
    reach = max((float(weights[a]) for a, _ in cells), default=0.0) * steps
    widened = tolerance + reach * (2 if pairs else 1)
    try:
        wide = consistent_scenarios(matrix, widened, method=method, limit=limit, deadline=deadline)
    except ComputeLimitError as error:
        raise ComputeLimitError(
            f"the leverage search looks at every scenario within {widened:g} of consistency "
            f"(tolerance {tolerance:g} plus what {'two changes' if pairs else 'one change'} "
            f"of {steps} point(s) can move), and {error.message}",
            f"lower the leverage steps, leave out pairs, or {error.fix}",
        ) from error
    study = _Study.of(matrix, tolerance, wide.variants)
    consistent = np.asarray(~study.failing.any(axis=1))
    key = [tuple(int(v) for v in row) for row in study.scenarios]
    singles: list[Lever] = []
    reached: set[tuple[str, int]] = set()
    for change in options:
        removed, added = _single_effects(study, change, float(weights[change.source]), consistent)
        if removed or added:
            singles.append(
                Lever((change,), tuple(key[r] for r in removed), tuple(key[r] for r in added))
            )
            reached.update(("removed", r) for r in removed)
            reached.update(("added", r) for r in added)
    paired: list[Lever] = []
    if pairs:
        paired = _pairs(study, options, weights, consistent, reached, key, deadline)
    return LeverageResult(
        steps=int(steps),
        tolerance=float(tolerance),
        scale=None if scale is None else (float(scale[0]), float(scale[1])),
        n_judgments=len(cells),
        consistent=tuple(key[r] for r in np.flatnonzero(consistent)),
        singles=tuple(sorted(singles, key=Lever.rank_key)),
        pairs=tuple(sorted(paired, key=Lever.rank_key)),
        off_scale=off_scale,
        pairs_searched=pairs,
    )


def _pairs(
    study: _Study,
    options: Sequence[Change],
    weights: FloatArray,
    consistent: np.ndarray,
    reached: set[tuple[str, int]],
    key: Sequence[ScenarioTuple],
    deadline: Deadline | None,
) -> list[Lever]:
    """The smallest pairs for every scenario no single change adds or removes."""
    owner = study.matrix.descriptor_of_variant()
    aimed: list[list[Change]] = [[] for _ in range(study.matrix.n_descriptors)]
    for change in options:
        aimed[int(owner[change.target])].append(change)
    bad = study.failing
    found: dict[tuple[Change, Change], dict[str, list[int]]] = {}
    for row in range(len(study.scenarios)):
        if deadline is not None and row % 256 == 0:
            deadline.check("the leverage pair search", LEVERAGE_WAY_OUT)
        failing = np.flatnonzero(bad[row])
        if consistent[row]:
            if ("removed", row) in reached:
                continue
            kind, best = "removed", _break_pairs(study, row, aimed, weights)
        elif len(failing) == 1 and ("added", row) not in reached:
            kind, best = "added", _close_one(study, row, int(failing[0]), aimed, weights)
        elif len(failing) == 2:
            kind, best = "added", _close_two(study, row, failing, aimed, weights)
        else:
            continue
        for pair in best:
            found.setdefault(pair, {"removed": [], "added": []})[kind].append(row)
    return [
        Lever(
            pair,
            tuple(key[r] for r in sorted(rows["removed"])),
            tuple(key[r] for r in sorted(rows["added"])),
        )
        for pair, rows in found.items()
    ]


def _active(
    study: _Study, row: int, descriptor: int, aimed: Sequence[Sequence[Change]]
) -> list[Change]:
    """The changes that move a balance of ``descriptor`` in scenario ``row``."""
    holds = {study.matrix.offsets[d] + int(v) for d, v in enumerate(study.scenarios[row])}
    return [c for c in aimed[descriptor] if c.source in holds]


def _smallest(pairs: Iterable[tuple[Change, Change]]) -> list[tuple[Change, Change]]:
    kept = list(pairs)
    if not kept:
        return []
    least = min(abs(a.delta) + abs(b.delta) for a, b in kept)
    return sorted(p for p in kept if abs(p[0].delta) + abs(p[1].delta) == least)


def _pair_gaps(
    study: _Study, row: int, descriptor: int, active: Sequence[Change], weights: FloatArray
) -> tuple[list[tuple[Change, Change]], np.ndarray]:
    """Every pair of changes to two different judgments among ``active`` and the
    inconsistency of ``descriptor`` in scenario ``row`` after each pair."""
    pairs = [
        (a, b)
        for a, b in itertools.combinations(active, 2)
        if (a.source, a.target) != (b.source, b.target)
    ]
    if not pairs:
        return [], np.zeros(0)
    start = study.matrix.offsets[descriptor]
    shifts = np.zeros((len(pairs), study.matrix.n_variants[descriptor]))
    for k, (a, b) in enumerate(pairs):
        shifts[k, a.target - start] += weights[a.source] * a.delta
        shifts[k, b.target - start] += weights[b.source] * b.delta
    rows = np.full(len(pairs), row)
    return pairs, study.gap_after(rows, active[0].target, shifts)


def _break_pairs(
    study: _Study, row: int, aimed: Sequence[Sequence[Change]], weights: FloatArray
) -> list[tuple[Change, Change]]:
    """Smallest pairs that make one descriptor of consistent scenario ``row`` fail."""
    out: list[tuple[Change, Change]] = []
    for d in range(study.matrix.n_descriptors):
        active = _active(study, row, d, aimed)
        pairs, gaps = _pair_gaps(study, row, d, active, weights)
        out.extend(p for p, g in zip(pairs, gaps, strict=True) if g > study.tolerance + EPSILON)
    return _smallest(out)


def _close_one(
    study: _Study,
    row: int,
    descriptor: int,
    aimed: Sequence[Sequence[Change]],
    weights: FloatArray,
) -> list[tuple[Change, Change]]:
    """Smallest pairs that bring the one failing descriptor of ``row`` within tolerance."""
    active = _active(study, row, descriptor, aimed)
    pairs, gaps = _pair_gaps(study, row, descriptor, active, weights)
    return _smallest(p for p, g in zip(pairs, gaps, strict=True) if g <= study.tolerance + EPSILON)


def _closing(
    study: _Study,
    row: int,
    descriptor: int,
    aimed: Sequence[Sequence[Change]],
    weights: FloatArray,
) -> list[Change]:
    """Single changes that bring ``descriptor`` of ``row`` within tolerance, smallest only."""
    active = _active(study, row, descriptor, aimed)
    if not active:
        return []
    start = study.matrix.offsets[descriptor]
    shifts = np.zeros((len(active), study.matrix.n_variants[descriptor]))
    for k, change in enumerate(active):
        shifts[k, change.target - start] = weights[change.source] * change.delta
    gaps = study.gap_after(np.full(len(active), row), active[0].target, shifts)
    closing = [c for c, g in zip(active, gaps, strict=True) if g <= study.tolerance + EPSILON]
    least = min((abs(c.delta) for c in closing), default=0)
    return [c for c in closing if abs(c.delta) == least]


def _close_two(
    study: _Study,
    row: int,
    failing: np.ndarray,
    aimed: Sequence[Sequence[Change]],
    weights: FloatArray,
) -> list[tuple[Change, Change]]:
    """Smallest pairs for a scenario failing two descriptors: one change closes each (a
    change moves one descriptor's balances only, so no other pair can do it)."""
    first = _closing(study, row, int(failing[0]), aimed, weights)
    second = _closing(study, row, int(failing[1]), aimed, weights)
    return sorted(tuple(sorted(p)) for p in itertools.product(first, second))  # type: ignore[misc]


# -- the reference ------------------------------------------------------------------------


#: Scenarios whose balances the reference computes at once (bounds its memory).
REFERENCE_BATCH = 8192


def _plain_consistent(
    weighted: FloatArray, n_variants: Sequence[int], tolerance: float
) -> set[ScenarioTuple]:
    """Every scenario whose inconsistency is at most ``tolerance``, by computing the balances
    of all of them (the definition, on the full weighted array so self-impacts count)."""
    offsets = np.concatenate([[0], np.cumsum(n_variants)]).astype(int)
    every = itertools.product(*(range(n) for n in n_variants))
    found: set[ScenarioTuple] = set()
    while batch := list(itertools.islice(every, REFERENCE_BATCH)):
        z = np.array(batch, dtype=np.int64)
        rows = z + offsets[None, :-1]
        balances = weighted[rows].sum(axis=1)
        worst = np.zeros(len(z))
        for j in range(len(n_variants)):
            block = balances[:, offsets[j] : offsets[j + 1]]
            own = balances[np.arange(len(z)), rows[:, j]]
            worst = np.maximum(worst, block.max(axis=1) - own)
        found.update(tuple(int(v) for v in row) for row in z[worst <= tolerance + EPSILON])
    return found


def reference_leverage(
    matrix: CrossImpactMatrix,
    steps: int = DEFAULT_STEPS,
    tolerance: float = 0.0,
    judgments: Sequence[Cell] | None = None,
    scale: tuple[float, float] | None = JUDGMENT_SCALE,
    pairs: bool = True,
) -> LeverageResult:
    """:func:`leverage_points` the slow plain way, the oracle its tests compare against:
    change each judgment (and each pair of judgments) by each step, enumerate every scenario
    of the changed matrix, and compare the consistent sets. Exponential; small matrices
    only."""
    cells = _check(matrix, steps, tolerance, judgments, scale)
    options, off_scale = _options(matrix, cells, steps, scale)
    owner = matrix.descriptor_of_variant()
    row_weights = matrix.weights[owner]
    raw = np.array(matrix.impacts, dtype=np.float64)
    sizes = matrix.n_variants
    base = _plain_consistent(raw * row_weights[:, None], sizes, tolerance)

    def diff(changes: Sequence[Change]) -> tuple[set[ScenarioTuple], set[ScenarioTuple]]:
        changed = raw.copy()
        for change in changes:
            changed[change.source, change.target] += change.delta
        after = _plain_consistent(changed * row_weights[:, None], sizes, tolerance)
        return base - after, after - base

    singles = []
    reached: set[tuple[str, ScenarioTuple]] = set()
    for change in options:
        removed, added = diff([change])
        if removed or added:
            singles.append(Lever((change,), tuple(sorted(removed)), tuple(sorted(added))))
            reached.update(("removed", z) for z in removed)
            reached.update(("added", z) for z in added)
    paired: list[Lever] = []
    if pairs:
        events: dict[tuple[str, ScenarioTuple], list[tuple[Change, Change]]] = {}
        for first, second in itertools.combinations(options, 2):
            if (first.source, first.target) == (second.source, second.target):
                continue
            removed, added = diff([first, second])
            for event in [("removed", z) for z in removed] + [("added", z) for z in added]:
                if event not in reached:
                    events.setdefault(event, []).append((first, second))
        found: dict[tuple[Change, Change], dict[str, list[ScenarioTuple]]] = {}
        for (kind, z), candidates in events.items():
            for pair in _smallest(candidates):
                found.setdefault(pair, {"removed": [], "added": []})[kind].append(z)
        paired = [
            Lever(pair, tuple(sorted(zs["removed"])), tuple(sorted(zs["added"])))
            for pair, zs in found.items()
        ]
    return LeverageResult(
        steps=int(steps),
        tolerance=float(tolerance),
        scale=None if scale is None else (float(scale[0]), float(scale[1])),
        n_judgments=len(cells),
        consistent=tuple(sorted(base)),
        singles=tuple(sorted(singles, key=Lever.rank_key)),
        pairs=tuple(sorted(paired, key=Lever.rank_key)),
        off_scale=off_scale,
        pairs_searched=pairs,
    )


# -- results ------------------------------------------------------------------------------

#: The grounds of a judgment given by its (source, target) ``descriptor.variant`` refs: its
#: evidence ids and its stated assumption (the ``evidence`` and ``assumption`` of
#: :class:`~realpolitik.results.leverage.JudgmentLeverage`).
Grounds = Callable[[str, str], tuple[list[str], str | None]]


def _variant_ref(matrix: CrossImpactMatrix, index: int) -> str:
    """``descriptor.variant`` for a variant index over all variants (the case's own form)."""
    d = int(matrix.descriptor_of_variant()[index])
    return f"{matrix.descriptors[d]}.{matrix.variants[d][index - matrix.offsets[d]]}"


def _named(matrix: CrossImpactMatrix, scenario: ScenarioTuple) -> dict[str, str]:
    return dict(zip(matrix.descriptors, matrix.variant_names(scenario), strict=True))


def _grounds(grounds: Grounds | None, source: str, target: str) -> dict[str, Any]:
    if grounds is None:
        return {}
    evidence, assumption = grounds(source, target)
    return {"evidence": evidence, "assumption": assumption}


def _change(matrix: CrossImpactMatrix, change: Change, grounds: Grounds | None) -> JudgmentChange:
    source, target = _variant_ref(matrix, change.source), _variant_ref(matrix, change.target)
    return JudgmentChange(
        source=source, target=target, value=change.value, delta=change.delta,
        new_value=change.new_value, **_grounds(grounds, source, target),
    )  # fmt: skip


def _lever(matrix: CrossImpactMatrix, lever: Lever, grounds: Grounds | None) -> LeverRecord:
    return LeverRecord(
        changes=[_change(matrix, change, grounds) for change in lever.changes],
        size=lever.size,
        removed=[_named(matrix, z) for z in lever.removed],
        added=[_named(matrix, z) for z in lever.added],
    )


def leverage_results(
    result: LeverageResult,
    matrix: CrossImpactMatrix,
    max_pairs: int | None = None,
    grounds: Grounds | None = None,
) -> LeverageResults:
    """The results as published, judgments and scenarios named by descriptor and variant.

    ``judgments`` summarises the single levers per judgment (smallest change, scenarios it
    removes and adds at that change), most decisive first; ``scenarios`` gives each
    consistent scenario its number of single levers and the smallest change that removes
    it. ``max_pairs`` keeps the first pairs only (``n_pairs`` counts them all). ``grounds``,
    for a case's judgments, gives each judgment its evidence and assumption."""
    by_cell: dict[Cell, list[Lever]] = {}
    for lever in result.singles:
        change = lever.changes[0]
        by_cell.setdefault((change.source, change.target), []).append(lever)
    judgments = []
    for cell in result.judgments():
        levers = by_cell[cell]
        least = min(lever.size for lever in levers)
        at_least = [lever for lever in levers if lever.size == least]
        source, target = _variant_ref(matrix, cell[0]), _variant_ref(matrix, cell[1])
        judgments.append(
            JudgmentLeverage(
                source=source,
                target=target,
                value=float(matrix.impacts[cell]),
                smallest_change=least,
                deltas=sorted({lever.changes[0].delta for lever in at_least}),
                removes=len({z for lever in at_least for z in lever.removed}),
                adds=len({z for lever in at_least for z in lever.added}),
                **_grounds(grounds, source, target),
            )
        )
    scenarios = []
    for z in result.consistent:
        removing = result.removing(z)
        singles = [lever for lever in removing if len(lever.changes) == 1]
        scenarios.append(
            ScenarioFragility(
                variants=_named(matrix, z),
                single_levers=len(singles),
                smallest_change=min((lever.size for lever in removing), default=None),
            )
        )
    pairs = result.pairs if max_pairs is None else result.pairs[:max_pairs]
    return LeverageResults(
        steps=result.steps,
        tolerance=result.tolerance,
        scale=None if result.scale is None else list(result.scale),
        n_judgments=result.n_judgments,
        off_scale=result.off_scale,
        pairs_searched=result.pairs_searched,
        n_consistent=len(result.consistent),
        n_added=len(result.added_scenarios()),
        judgments=judgments,
        scenarios=scenarios,
        singles=[_lever(matrix, lever, grounds) for lever in result.singles],
        n_pairs=len(result.pairs),
        pairs=[_lever(matrix, lever, grounds) for lever in pairs],
    )
