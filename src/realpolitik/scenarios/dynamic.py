"""Dynamic (multi-period) CIB: pathways of consistent scenarios through a sequence of periods.

The CIB book (Weimer-Jehle 2023, chapter on dynamic CIB) lets a scenario analysis run over
several periods; ScenarioWizard calls the result pathways, PyCIB its ``dynamic`` module. Here:

- *periods* follow one another (e.g. 2021-2025, 2025-2030);
- an *exogenous* descriptor takes a given variant in each period (its trajectory) and never
  moves under succession, like an intervention; the other descriptors are endogenous;
- *inheritance*: period 1 starts from every scenario (uniform starts) and each later period
  starts from the scenario the previous one settled in; global succession (Weimer-Jehle 2006,
  section 4) then settles each period to a consistent scenario or a cycle. A period that ends
  in a cycle hands each scenario of the cycle on, with an equal share of the weight, since the
  system may stand anywhere on the cycle when the period ends;
- a *threshold rule* switches impacts one descriptor exerts (the rows of the source variants
  it names, on the target descriptors it names) to alternative values in a period when its
  condition (descriptor variants that must all hold) held in the scenario the previous
  period settled in; rules act from period 2 on;
- a *shock* forces a descriptor to a variant in one period (it is then held there like an
  exogenous descriptor); the next period inherits the shocked variant and succession may move
  it back.

A *pathway* is the sequence of attractors (a consistent scenario or a cycle), one per period;
its share is the share of uniform starts that follow it. :func:`reference_pathways` is the
plain definition (one start at a time, through :func:`~realpolitik.scenarios.succession`);
:func:`pathways` computes the same on arrays, all starts at once, and adds the judgment
ensemble and the branch points.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
from numpy.typing import ArrayLike

from realpolitik import __version__
from realpolitik.results.pathways import (
    Branch,
    BranchPoint,
    Deciding,
    DynamicResult,
    EnsembleSummary,
    Pathway,
    PeriodOutcome,
)
from realpolitik.scenarios.ensemble import ImpactUncertainty, sample_matrices
from realpolitik.scenarios.errors import ComputeLimitError, ScenarioError
from realpolitik.scenarios.limits import Deadline
from realpolitik.scenarios.model import EPSILON, CrossImpactMatrix, FloatArray, ScenarioTuple
from realpolitik.scenarios.succession import succession

Attractor = tuple[ScenarioTuple, ...]
PathwayKey = tuple[Attractor, ...]

#: Up to this many first-period starts, every scenario is a start (exact shares); beyond it a
#: seeded random sample of :data:`SAMPLED_STARTS` starts, and the result says so.
EXACT_START_LIMIT = 300_000
SAMPLED_STARTS = 20_000
#: First-period starts of each ensemble draw: every scenario up to this many, else a sample.
ENSEMBLE_STARTS = 512

#: A branch point lists the continuations that carry at least this share; it is a branch
#: point when two or more do (rarer ones are summed into ``BranchPoint.other``).
BRANCH_MIN_SHARE = 0.01

CAUSE_START = "starting scenario"
CAUSE_CYCLE = "cycle in the previous period"
CAUSE_JUDGMENT = "judgment uncertainty"


@dataclass(frozen=True)
class Threshold:
    """When every ``(descriptor, variant)`` of ``when`` held in the scenario the previous
    period settled in, the impacts of ``descriptor`` where ``mask`` is True are those of
    ``rows`` instead of the matrix's (both one row per variant of ``descriptor``, one column
    per variant of the whole matrix)."""

    name: str
    when: tuple[tuple[int, int], ...]
    descriptor: int
    mask: np.ndarray
    rows: FloatArray
    sd: FloatArray | None = None  # stated uncertainty of ``rows`` (NaN: nothing stated)
    low: FloatArray | None = None
    high: FloatArray | None = None

    def holds(self, scenario: Sequence[int]) -> bool:
        """Whether the condition holds in ``scenario``."""
        return all(scenario[d] == v for d, v in self.when)


@dataclass(frozen=True)
class DynamicModel:
    """A matrix, its periods, exogenous trajectories, shocks and threshold rules, all as
    indices. Build it with :func:`dynamic_model`, which checks names and shapes."""

    matrix: CrossImpactMatrix
    periods: tuple[str, ...]
    exogenous: Mapping[int, tuple[int, ...]] = field(default_factory=dict)
    shocks: Mapping[tuple[int, int], int] = field(default_factory=dict)
    thresholds: tuple[Threshold, ...] = ()

    def fixed(self, period: int) -> dict[int, int]:
        """Descriptors held in ``period``: exogenous ones at their trajectory, shocked ones
        at their shock (descriptor index -> variant index)."""
        out = {d: trajectory[period] for d, trajectory in self.exogenous.items()}
        for (p, d), v in self.shocks.items():
            if p == period:
                out[d] = v
        return out

    def active(self, previous: Sequence[int] | None) -> tuple[int, ...]:
        """Indices of the threshold rules that hold after ``previous`` (none in period 1)."""
        if previous is None:
            return ()
        return tuple(k for k, rule in enumerate(self.thresholds) if rule.holds(previous))

    def matrix_for(self, active: Iterable[int]) -> CrossImpactMatrix:
        """The matrix with the cells of the active rules switched."""
        chosen = [self.thresholds[k] for k in active]
        if not chosen:
            return self.matrix
        impacts = np.array(self.matrix.impacts)
        offsets = self.matrix.offsets
        switched = np.full(impacts.shape, -1)
        for k in active:
            rule = self.thresholds[k]
            rows = slice(offsets[rule.descriptor], offsets[rule.descriptor + 1])
            clash = switched[rows][rule.mask]
            if np.any(clash >= 0):
                raise ScenarioError(
                    f"threshold rules {self.thresholds[int(clash.max())].name!r} and "
                    f"{rule.name!r} both switch impacts of "
                    f"{self.matrix.descriptors[rule.descriptor]!r} at once; give them "
                    "conditions that cannot hold together"
                )
            switched[rows][rule.mask] = k
            impacts[rows][rule.mask] = rule.rows[rule.mask]
        m = self.matrix
        return CrossImpactMatrix(m.descriptors, m.variants, impacts, m.weights, m.title)


def _period_index(periods: Sequence[str], period: str | int) -> int:
    if isinstance(period, int) and not isinstance(period, bool):
        if 0 <= period < len(periods):
            return period
        raise ScenarioError(f"period index {period} is out of range; use 0..{len(periods) - 1}")
    if period in periods:
        return list(periods).index(str(period))
    raise ScenarioError(f"unknown period {period!r}; periods: {', '.join(periods)}")


def threshold(
    matrix: CrossImpactMatrix,
    name: str,
    when: Mapping[str | int, str | int],
    descriptor: str | int,
    impacts: Mapping[tuple[str, str], float],
    sd: Mapping[tuple[str, str], float] | None = None,
    ranges: Mapping[tuple[str, str], tuple[float, float]] | None = None,
) -> Threshold:
    """A threshold rule from names: ``impacts`` maps ``("descriptor.variant" source,
    "descriptor.variant" target)`` to the alternative judgment; the source must be a variant
    of ``descriptor``. The rule replaces the row of each source variant it names on each
    target descriptor named for it: pairs of such a segment that are not given are 0.
    ``sd`` and ``ranges`` state the uncertainty of alternative judgments, drawn by the one
    rule of docs/uncertainty.md (the default model where nothing is stated)."""
    d = matrix.descriptor_index(descriptor)
    offsets = matrix.offsets
    rows = np.zeros((matrix.n_variants[d], offsets[-1]))
    spread = np.full_like(rows, np.nan)
    low, high = np.full_like(rows, np.nan), np.full_like(rows, np.nan)

    def place(pair: tuple[str, str]) -> tuple[int, int]:
        source, target = pair
        sd_name, _, sv = source.partition(".")
        td_name, _, tv = target.partition(".")
        if matrix.descriptor_index(sd_name) != d:
            raise ScenarioError(
                f"threshold {name!r}: source {source!r} is not a variant of "
                f"{matrix.descriptors[d]!r}; a rule switches the impacts of one descriptor"
            )
        td = matrix.descriptor_index(td_name)
        if td == d:
            raise ScenarioError(f"threshold {name!r}: {source!r} acts on its own descriptor")
        return matrix.variant_index(d, sv), offsets[td] + matrix.variant_index(td, tv)

    mask = np.zeros(rows.shape, dtype=bool)
    for pair, value in impacts.items():
        row, column = place(pair)
        rows[row, column] = float(value)
        target = int(np.searchsorted(offsets, column, side="right")) - 1
        mask[row, offsets[target] : offsets[target + 1]] = True
    for pair, value in (sd or {}).items():
        spread[place(pair)] = float(value)
    for pair, (a, b) in (ranges or {}).items():
        low[place(pair)], high[place(pair)] = float(a), float(b)
    condition = tuple(sorted(matrix.resolve_fixed(when).items()))
    if not condition:
        raise ScenarioError(f"threshold {name!r}: give at least one condition in `when`")
    return Threshold(name, condition, d, mask, rows, spread, low, high)


def dynamic_model(
    matrix: CrossImpactMatrix,
    periods: Sequence[str],
    exogenous: Mapping[str | int, Sequence[str | int]] | None = None,
    shocks: Iterable[tuple[str | int, str | int, str | int]] = (),
    thresholds: Sequence[Threshold] = (),
) -> DynamicModel:
    """Check and index a dynamic model. ``exogenous`` maps a descriptor to its variant in
    each period; ``shocks`` are ``(period, descriptor, variant)``."""
    names = tuple(str(p) for p in periods)
    if not names:
        raise ScenarioError("dynamic model: no periods; give at least one")
    if len(set(names)) != len(names):
        raise ScenarioError("dynamic model: period names repeat; make each unique")
    trajectories: dict[int, tuple[int, ...]] = {}
    for descriptor, trajectory in (exogenous or {}).items():
        d = matrix.descriptor_index(descriptor)
        if len(trajectory) != len(names):
            raise ScenarioError(
                f"exogenous {matrix.descriptors[d]!r}: {len(trajectory)} variants for "
                f"{len(names)} periods; give one variant per period"
            )
        trajectories[d] = tuple(matrix.variant_index(d, v) for v in trajectory)
    forced: dict[tuple[int, int], int] = {}
    for period, descriptor, variant in shocks:
        p, d = _period_index(names, period), matrix.descriptor_index(descriptor)
        if d in trajectories:
            raise ScenarioError(
                f"shock on {matrix.descriptors[d]!r} in {names[p]!r}: the descriptor is "
                "exogenous; change its trajectory instead"
            )
        if (p, d) in forced:
            raise ScenarioError(f"two shocks on {matrix.descriptors[d]!r} in {names[p]!r}")
        forced[(p, d)] = matrix.variant_index(d, variant)
    offsets = matrix.offsets
    for rule in thresholds:
        shape = (matrix.n_variants[rule.descriptor], offsets[-1])
        if rule.rows.shape != shape or rule.mask.shape != shape:
            raise ScenarioError(f"threshold {rule.name!r}: rows of shape {rule.rows.shape}")
        own = rule.rows[:, offsets[rule.descriptor] : offsets[rule.descriptor + 1]]
        if np.any(own != 0):
            raise ScenarioError(f"threshold {rule.name!r}: impacts on its own descriptor")
    return DynamicModel(matrix, names, trajectories, forced, tuple(thresholds))


def _held(model: DynamicModel, period: int, scenario: Sequence[int]) -> ScenarioTuple:
    z = list(scenario)
    for d, v in model.fixed(period).items():
        z[d] = v
    return tuple(z)


def reference_pathways(
    model: DynamicModel, starts: Sequence[Sequence[int]] | None = None
) -> dict[PathwayKey, float]:
    """The plain definition: each start (every scenario when None) runs through the periods
    one by one with :func:`~realpolitik.scenarios.succession`; returns each pathway's share
    of the starts (a cycle passes its weight on split equally among its scenarios)."""
    first = model.fixed(0)
    if starts is None:
        choices = [
            [first[d]] if d in first else range(count)
            for d, count in enumerate(model.matrix.n_variants)
        ]
        starts = [tuple(z) for z in itertools.product(*choices)]
    out: dict[PathwayKey, float] = {}

    def run(period: int, scenario: ScenarioTuple, weight: float, prefix: PathwayKey) -> None:
        previous = None if period == 0 else scenario
        matrix = model.matrix_for(model.active(previous))
        start = _held(model, period, scenario)
        fixed: dict[str | int, str | int] = {d: v for d, v in model.fixed(period).items()}
        attractor = succession(matrix, start, "global", fixed=fixed).attractor
        key = (*prefix, attractor)
        if period == len(model.periods) - 1:
            out[key] = out.get(key, 0.0) + weight
            return
        for member in attractor:
            run(period + 1, member, weight / len(attractor), key)

    for start in starts:
        run(0, tuple(int(v) for v in start), 1.0 / len(starts), ())
    return out


# -- the array version --------------------------------------------------------------------


def _step(
    impacts_t: FloatArray, offsets: Sequence[int], states: np.ndarray, free: Sequence[int]
) -> np.ndarray:
    """One global succession step for every column of ``states`` (descriptors x scenarios;
    ``impacts_t`` is the weighted impact array transposed), by the rule of
    :mod:`realpolitik.scenarios.succession`: the current variant stays when it ties for the
    highest balance, else the first highest variant is taken."""
    n = states.shape[1]
    balances = np.zeros((impacts_t.shape[0], n))
    for i in range(states.shape[0]):
        balances += np.take(impacts_t, offsets[i] + states[i], axis=1)
    out = states.copy()
    columns = np.arange(n)
    for j in free:
        block = balances[offsets[j] : offsets[j + 1]]
        near = block >= block.max(axis=0) - EPSILON
        out[j] = np.where(near[states[j], columns], states[j], near.argmax(axis=0))
    return out


def _canonical(cycle: list[ScenarioTuple]) -> Attractor:
    smallest = min(range(len(cycle)), key=lambda k: cycle[k])
    return tuple(cycle[smallest:]) + tuple(cycle[:smallest])


def _settle(
    matrix: CrossImpactMatrix,
    states: np.ndarray,
    fixed: Mapping[int, int],
    deadline: Deadline | None,
) -> tuple[list[Attractor], np.ndarray]:
    """The attractors global succession reaches from the rows of ``states`` (rows already
    carry the fixed variants), and for each row the index of its attractor in that list.

    The successor of every scenario reached is computed once (a step over all starts, then
    over the scenarios new at each step: succession soon funnels into few), scenarios are
    compared by their mixed-radix codes, and pointer doubling on the successor map finds for
    each start the cycle it ends in (a fixed point is a cycle of one) and the smallest code on
    that cycle, which names the attractor."""
    if matrix.space_size >= 2**62:
        raise ComputeLimitError(
            f"pathways: {float(matrix.space_size):.3g} scenarios are more than the pathway "
            "engine can number (2**62)",
            "reduce the descriptors or their variants, or leave out [scenarios.dynamics]",
        )
    impacts_t = np.ascontiguousarray(matrix.weighted_impacts().T)
    offsets = matrix.offsets
    free = [d for d in range(matrix.n_descriptors) if d not in fixed]
    radix = [1] * matrix.n_descriptors
    for d in range(matrix.n_descriptors - 2, -1, -1):
        radix[d] = radix[d + 1] * matrix.n_variants[d + 1]
    weights = np.array(radix, dtype=np.int64)
    columns = [np.ascontiguousarray(np.asarray(states, dtype=np.int64).T)]
    codes = [weights @ columns[0]]
    known, start_at = np.unique(codes[0], return_index=True)
    columns[0], codes[0] = columns[0][:, start_at], codes[0][start_at]
    successors = []
    todo = columns[0]
    while True:
        if deadline is not None:
            deadline.check("the pathway study", "give it more time (--max-seconds)")
        stepped = _step(impacts_t, offsets, todo, free)
        code = weights @ stepped
        successors.append(code)
        new, first = np.unique(code, return_index=True)
        fresh = ~np.isin(new, known)
        if not fresh.any():
            break
        todo = stepped[:, first[fresh]]
        columns.append(todo)
        codes.append(new[fresh])
        known = np.union1d(known, new[fresh])
    every = np.concatenate(codes)
    every_columns = np.concatenate(columns, axis=1)
    order = np.argsort(every)
    ranked = every[order]

    def index_of(code: np.ndarray) -> np.ndarray:
        return order[np.searchsorted(ranked, code)]

    successor = index_of(np.concatenate(successors))
    # Pointer doubling: after 2**k >= len(every) jumps every scenario stands on its cycle, and
    # the running minimum over 2**k steps of a scenario on a cycle is the cycle's least code.
    jump, least = successor.copy(), every.copy()
    rounds = max(1, len(every).bit_length())
    for _ in range(rounds):
        least = np.minimum(least, least[jump])
        jump = jump[jump]
    entry = least[jump]  # per scenario: the least code on the cycle it ends in
    names, which = np.unique(entry[: len(codes[0])], return_inverse=True)
    attractors: list[Attractor] = []
    for name in names:
        k = int(index_of(np.array([name]))[0])
        cycle = [tuple(int(v) for v in every_columns[:, k])]
        k = int(successor[k])
        while every[k] != name:
            cycle.append(tuple(int(v) for v in every_columns[:, k]))
            k = int(successor[k])
        attractors.append(_canonical(cycle))
    # Rows that repeat a start share its attractor.
    row_code = np.asarray(states, dtype=np.int64) @ weights
    return attractors, which[np.searchsorted(codes[0], row_code)]


def _first_states(model: DynamicModel, starts: np.ndarray) -> np.ndarray:
    states = np.array(starts, dtype=np.int64)
    for d, v in model.fixed(0).items():
        states[:, d] = v
    return states


def _run(
    model: DynamicModel, starts: np.ndarray, deadline: Deadline | None
) -> tuple[dict[PathwayKey, float], dict[PathwayKey, list[set[str]]], np.ndarray]:
    """Every pathway from ``starts`` (weight 1/len each) with its share, the threshold rules
    that fired in each period along it, and for each start the index of the first-period
    outcome it reached."""
    states = _first_states(model, starts)
    reached, which = _settle(model.matrix, states, model.fixed(0), deadline)
    counts = np.bincount(which, minlength=len(reached))
    # The frontier: (pathway so far, scenario the last period settled in) -> weight.
    frontier: dict[tuple[PathwayKey, ScenarioTuple], float] = {}
    fired: dict[PathwayKey, list[set[str]]] = {}
    for attractor, count in zip(reached, counts, strict=True):
        for member in attractor:
            frontier[((attractor,), member)] = float(count) / len(states) / len(attractor)
        fired[(attractor,)] = [set()]
    for period in range(1, len(model.periods)):
        members = sorted({member for _, member in frontier})
        groups: dict[tuple[int, ...], list[ScenarioTuple]] = {}
        for member in members:
            groups.setdefault(model.active(member), []).append(member)
        successor: dict[ScenarioTuple, Attractor] = {}
        fixed = model.fixed(period)
        for active, group in groups.items():
            held = np.array([_held(model, period, z) for z in group], dtype=np.int64)
            found, index = _settle(model.matrix_for(active), held, fixed, deadline)
            for member, k in zip(group, index, strict=True):
                successor[member] = found[int(k)]
        names = {m: {model.thresholds[k].name for k in model.active(m)} for m in members}
        following: dict[tuple[PathwayKey, ScenarioTuple], float] = {}
        for (prefix, member), w in frontier.items():
            attractor = successor[member]
            key = (*prefix, attractor)
            for nxt in attractor:
                following[(key, nxt)] = following.get((key, nxt), 0.0) + w / len(attractor)
            rules = fired.setdefault(key, [*(set(s) for s in fired[prefix]), set()])
            rules[-1] |= names[member]
        frontier = following
    shares: dict[PathwayKey, float] = {}
    for (prefix, _), w in frontier.items():
        shares[prefix] = shares.get(prefix, 0.0) + w
    return shares, {key: fired[key] for key in shares}, which


def _start_grid(
    model: DynamicModel, max_starts: int, n_samples: int, seed: int | None
) -> tuple[np.ndarray, bool]:
    """Every first-period start when they number at most ``max_starts``, else a seeded
    uniform sample of ``n_samples`` (then False: the shares are estimates)."""
    fixed = model.fixed(0)
    sizes = [1 if d in fixed else n for d, n in enumerate(model.matrix.n_variants)]
    space = 1
    for size in sizes:
        space *= size
    if space <= max_starts:
        grid = np.indices(sizes).reshape(len(sizes), -1).T.astype(np.int64)
        return grid, True
    rng = np.random.default_rng(seed)
    grid = np.column_stack([rng.integers(0, size, n_samples) for size in sizes])
    return grid.astype(np.int64), False


# -- results ------------------------------------------------------------------------------


#: Descriptors listed as deciding a first-period split (those predicting it best).
DECIDING = 3


def _deciding(model: DynamicModel, grid: np.ndarray, first: np.ndarray) -> list[Deciding]:
    """The descriptors whose starting variant alone best predicts the first-period outcome
    (only those that predict better than knowing nothing)."""
    n = len(first)
    outcomes = int(first.max()) + 1 if n else 0
    base = float(np.bincount(first, minlength=outcomes).max()) / n if n else 0.0
    fixed = model.fixed(0)
    found = []
    for d, count in enumerate(model.matrix.n_variants):
        if d in fixed:
            continue
        table = np.bincount(grid[:, d] * outcomes + first, minlength=count * outcomes)
        accuracy = float(table.reshape(count, outcomes).max(axis=1).sum()) / n
        if accuracy > base + EPSILON:
            found.append(Deciding(descriptor=model.matrix.descriptors[d], accuracy=accuracy,
                                  base=base))  # fmt: skip
    found.sort(key=lambda x: (-x.accuracy, x.descriptor))
    return found[:DECIDING]


def _weight(
    model: DynamicModel, period: int, prefix: PathwayKey, shares: Mapping[PathwayKey, float]
) -> list[float]:
    """The shares of the pathways that pass through ``prefix``."""
    return [share for key, share in shares.items() if key[:period] == prefix]


def _differing(matrix: CrossImpactMatrix, attractors: Sequence[Attractor]) -> list[str]:
    scenarios = [z for attractor in attractors for z in attractor]
    return [name for d, name in enumerate(matrix.descriptors) if len({z[d] for z in scenarios}) > 1]


def branch_points(
    model: DynamicModel,
    judged: Mapping[PathwayKey, float],
    ensemble: Mapping[PathwayKey, float] | None = None,
) -> list[tuple[int, PathwayKey, list[tuple[Attractor, float]], list[str], str, str]]:
    """Where pathways that agree up to a period part: ``(period, outcomes before it,
    [(continuation, share)], differing descriptors, cause, basis)``. Under the judged matrix a
    split in period 1 comes from the starting scenario and a later one from a cycle; a split
    seen only among the ensemble draws comes from judgment uncertainty."""
    out = []
    for basis, shares in (("judged", judged), ("ensemble", ensemble or {})):
        for period in range(len(model.periods)):
            groups: dict[PathwayKey, dict[Attractor, float]] = {}
            for key, share in shares.items():
                nxt = groups.setdefault(key[:period], {})
                nxt[key[period]] = nxt.get(key[period], 0.0) + share
            for prefix, continuations in sorted(groups.items()):
                if len(continuations) < 2:
                    continue
                if basis == "ensemble":
                    judged_next = {k[period] for k in judged if k[:period] == prefix}
                    if len(judged_next) > 1:
                        continue  # already shown under the judged matrix
                    cause = CAUSE_JUDGMENT
                else:
                    cause = CAUSE_START if period == 0 else CAUSE_CYCLE
                ordered = [
                    (a, share)
                    for a, share in sorted(continuations.items(), key=lambda i: (-i[1], i[0]))
                    if share >= BRANCH_MIN_SHARE
                ]
                if len(ordered) < 2:
                    continue
                split = _differing(model.matrix, [a for a, _ in ordered])
                out.append((period, prefix, ordered, split, cause, basis))
    return out


def pathways(
    model: DynamicModel,
    n_draws: int = 0,
    uncertainty: float | ArrayLike | ImpactUncertainty | None = None,
    seed: int | None = None,
    max_starts: int = EXACT_START_LIMIT,
    n_samples: int = SAMPLED_STARTS,
    ensemble_starts: int = ENSEMBLE_STARTS,
    deadline: Deadline | None = None,
) -> DynamicResult:
    """The pathways of ``model`` under its judged matrix (from every first-period start
    when they number at most ``max_starts``, else a seeded sample of ``n_samples``), and,
    with ``n_draws``, each pathway's mean share over that many matrices drawn around the
    judgments by :func:`~realpolitik.scenarios.sample_matrices` (``uncertainty`` as there;
    each draw starts from every scenario up to ``ensemble_starts``, else from one seeded
    sample shared by all draws). A threshold rule's alternative rows are drawn with their
    own ``sd`` (the default model when None), in the same draw as the rest.
    """
    if n_draws < 0:
        raise ScenarioError("n_draws must be at least 0")
    if min(n_samples, ensemble_starts) < 1 or max_starts < 0:
        raise ScenarioError(
            "n_samples and ensemble_starts must be at least 1, max_starts at least 0 (0 "
            "always samples)"
        )
    grid, complete = _start_grid(model, max_starts, n_samples, seed)
    judged, fired, first = _run(model, grid, deadline)
    deciding = _deciding(model, grid, first)
    summary = None
    mean: dict[PathwayKey, float] = {}
    if n_draws:
        mean, summary = _ensemble(model, n_draws, uncertainty, seed, ensemble_starts, deadline)
    return _result(model, judged, fired, mean, summary, len(grid), complete, seed, deciding)


def _ensemble(
    model: DynamicModel,
    n_draws: int,
    uncertainty: float | ArrayLike | ImpactUncertainty | None,
    seed: int | None,
    ensemble_starts: int,
    deadline: Deadline | None,
) -> tuple[dict[PathwayKey, float], EnsembleSummary]:
    grid, complete = _start_grid(model, ensemble_starts, ensemble_starts, seed)
    base = sample_matrices(model.matrix, n_draws, uncertainty, seed)
    alternatives = []
    for k, rule in enumerate(model.thresholds):
        # The rule's rows drawn inside a whole matrix, so that the default model and the
        # clipping are those of every other judgment; only its own rows are kept.
        whole = model.matrix_for([k])
        stated = [np.full(whole.impacts.shape, np.nan) for _ in range(3)]
        band = slice(
            model.matrix.offsets[rule.descriptor], model.matrix.offsets[rule.descriptor + 1]
        )
        for array, part in zip(stated, (rule.sd, rule.low, rule.high), strict=True):
            if part is not None:
                array[band] = part
        spread = ImpactUncertainty(*stated)
        drawn = sample_matrices(whole, n_draws, spread, None if seed is None else seed + k + 1)
        alternatives.append(drawn)
    total: dict[PathwayKey, float] = {}
    offsets = model.matrix.offsets
    for draw in base:
        rules = []
        for rule, drawn in zip(model.thresholds, alternatives, strict=True):
            member = next(drawn)
            rows = member.impacts[offsets[rule.descriptor] : offsets[rule.descriptor + 1]]
            rules.append(replace(rule, rows=np.array(rows)))
        shares, _, _ = _run(replace(model, matrix=draw, thresholds=tuple(rules)), grid, deadline)
        for key, share in shares.items():
            total[key] = total.get(key, 0.0) + share / n_draws
    return total, EnsembleSummary(n_draws=n_draws, seed=seed, n_starts=len(grid), complete=complete)


def _result(
    model: DynamicModel,
    judged: Mapping[PathwayKey, float],
    fired: Mapping[PathwayKey, list[set[str]]],
    ensemble: Mapping[PathwayKey, float],
    summary: EnsembleSummary | None,
    n_starts: int,
    complete: bool,
    seed: int | None,
    deciding: list[Deciding],
) -> DynamicResult:
    matrix = model.matrix
    keys = sorted(
        set(judged) | set(ensemble),
        key=lambda k: (-judged.get(k, 0.0), -ensemble.get(k, 0.0), k),
    )
    ids: dict[Attractor, str] = {}
    for key in keys:
        for attractor in key:
            ids.setdefault(attractor, f"S{len(ids) + 1}")

    def named(z: ScenarioTuple) -> dict[str, str]:
        return dict(zip(matrix.descriptors, matrix.variant_names(z), strict=True))

    outcomes = [
        PeriodOutcome(
            id=name,
            scenarios=[list(z) for z in attractor],
            variants=[named(z) for z in attractor],
            is_cycle=len(attractor) > 1,
        )
        for attractor, name in ids.items()
    ]
    listed = [
        Pathway(
            outcomes=[ids[a] for a in key],
            share=judged.get(key, 0.0),
            ensemble_share=ensemble.get(key, 0.0) if summary is not None else None,
            rules=[sorted(s) for s in fired[key]] if key in fired else [],
        )
        for key in keys
    ]
    points = [
        BranchPoint(
            period=model.periods[period],
            after=[ids[a] for a in prefix],
            branches=[Branch(outcome=ids[a], share=share) for a, share in ordered],
            other=max(
                0.0,
                sum(_weight(model, period, prefix, judged if basis == "judged" else ensemble))
                - sum(s for _, s in ordered),
            ),
            descriptors=split,
            cause=cause,
            basis=basis,
            deciding=deciding if cause == CAUSE_START else [],
        )
        for period, prefix, ordered, split, cause, basis in branch_points(
            model, judged, ensemble if summary is not None else None
        )
    ]
    return DynamicResult(
        version=__version__,
        periods=list(model.periods),
        descriptors=list(matrix.descriptors),
        exogenous={
            matrix.descriptors[d]: [matrix.variants[d][v] for v in trajectory]
            for d, trajectory in sorted(model.exogenous.items())
        },
        shocks=[
            {
                "period": model.periods[p],
                "descriptor": matrix.descriptors[d],
                "variant": matrix.variants[d][v],
            }
            for (p, d), v in sorted(model.shocks.items())
        ],
        thresholds=[rule.name for rule in model.thresholds],
        rule="global",
        n_starts=n_starts,
        complete=complete,
        seed=seed,
        outcomes=outcomes,
        pathways=listed,
        branch_points=points,
        ensemble=summary,
    )
