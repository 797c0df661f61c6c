"""The compiled succession kernels against the plain Python path (the oracle): attractors,
cycles, basin sizes and shares, under both rules, with and without an intervention, from
every start and from sampled starts, including matrices whose descriptors act on themselves."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from realpolitik.scenarios import CrossImpactMatrix, ScenarioError, basins, read_scw
from realpolitik.scenarios.succession import attractor_counts, draw_starts
from test_scenarios_helpers import SOMEWHERELAND, random_matrix

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
Case = tuple[CrossImpactMatrix, dict[int, int]]


def random_sizes(draw: st.DrawFn, max_space: int) -> list[int]:
    sizes: list[int] = []
    space = 1
    for _ in range(draw(st.integers(1, 8))):
        size = draw(st.integers(1, 4))
        if space * size > max_space:
            break
        sizes.append(size)
        space *= size
    return sizes or [2]


@st.composite
def cases(draw: st.DrawFn, max_space: int = 3_000) -> Case:
    """A random matrix (small judgment range, so ties and cycles are common), sometimes with
    descriptor weights, and sometimes an intervention."""
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    sizes = random_sizes(draw, max_space)
    span = draw(st.sampled_from([1, 2, 3]))
    matrix = random_matrix(rng, sizes, density=draw(st.floats(0.1, 1.0)), low=-span, high=span)
    if draw(st.booleans()):
        matrix = matrix.with_weights(rng.choice([0.5, 1.0, 2.0], size=len(sizes)))
    fixed: dict[int, int] = {}
    if draw(st.booleans()):
        d = draw(st.integers(0, len(sizes) - 1))
        fixed[d] = draw(st.integers(0, sizes[d] - 1))
    return matrix, fixed


@st.composite
def self_impact_arrays(draw: st.DrawFn) -> tuple[np.ndarray, list[int], dict[int, int]]:
    """Plain arrays in which every block, the diagonal (self-impact) blocks included, holds
    judgments, some fractional (rows scaled as by descriptor weights)."""
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    sizes = random_sizes(draw, 2_000)
    offsets = [0, *np.cumsum(sizes).tolist()]
    total = offsets[-1]
    span = draw(st.sampled_from([1, 2, 3]))
    impacts = rng.integers(-span, span + 1, size=(total, total)).astype(float)
    impacts *= rng.random((total, total)) < draw(st.floats(0.2, 1.0))
    if draw(st.booleans()):
        impacts *= rng.choice([0.5, 1.0, 1.5], size=total)[:, None]
    fixed: dict[int, int] = {}
    if draw(st.booleans()):
        d = draw(st.integers(0, len(sizes) - 1))
        fixed[d] = draw(st.integers(0, sizes[d] - 1))
    return impacts, offsets, fixed


@SETTINGS
@given(cases(), st.sampled_from(["global", "local"]))
def test_compiled_basins_equal_the_oracle(case: Case, rule: str) -> None:
    matrix, fixed = case
    compiled = basins(matrix, rule, fixed=fixed)  # type: ignore[arg-type]
    reference = basins(matrix, rule, fixed=fixed, method="reference")  # type: ignore[arg-type]
    assert compiled == reference
    assert sum(a.basin_size for a in compiled.attractors) == compiled.n_starts


@SETTINGS
@given(cases(max_space=50_000), st.sampled_from(["global", "local"]), st.integers(1, 300))
def test_compiled_sampled_basins_equal_the_oracle(case: Case, rule: str, n_samples: int) -> None:
    matrix, fixed = case
    sampled = {"fixed": fixed, "n_samples": n_samples, "seed": n_samples}
    compiled = basins(matrix, rule, **sampled)  # type: ignore[arg-type]
    reference = basins(matrix, rule, method="reference", **sampled)  # type: ignore[arg-type]
    assert compiled == reference
    assert not compiled.complete and compiled.n_starts == n_samples


@SETTINGS
@given(self_impact_arrays(), st.sampled_from(["global", "local"]), st.booleans())
def test_self_impacts_count_alike_in_both_paths(
    case: tuple[np.ndarray, list[int], dict[int, int]], rule: str, sampled: bool
) -> None:
    impacts, offsets, fixed = case
    sizes = np.diff(offsets).tolist()
    starts = draw_starts(sizes, fixed, 64, seed=3) if sampled else None
    compiled = attractor_counts(impacts, offsets, rule, fixed, starts)  # type: ignore[arg-type]
    reference = attractor_counts(
        impacts,
        offsets,
        rule,  # type: ignore[arg-type]
        fixed,
        starts,
        method="reference",
    )
    assert compiled == reference


def test_a_self_impact_moves_a_descriptor() -> None:
    # One descriptor whose variants both push towards the second: with the diagonal block
    # counted, the first variant moves; with it left out nothing would move at all.
    impacts = np.array([[0.0, 1.0], [0.0, 1.0]])
    for method in ("compiled", "reference"):
        counts = attractor_counts(impacts, [0, 2], method=method)
        assert counts == {((1,),): 2}


def test_somewhereland_basins_from_both_paths() -> None:
    matrix = read_scw(SOMEWHERELAND)
    for rule in ("global", "local"):
        compiled = basins(matrix, rule)
        assert compiled == basins(matrix, rule, method="reference")
    assert basins(matrix).attractors[0].basin_size == 178


def test_starts_are_seeded_and_respect_the_intervention() -> None:
    starts = draw_starts([3, 2, 4], {1: 1}, 500, seed=9)
    assert starts.shape == (500, 3)
    assert np.array_equal(starts, draw_starts([3, 2, 4], {1: 1}, 500, seed=9))
    assert set(starts[:, 1].tolist()) == {1}
    assert set(starts[:, 0].tolist()) == {0, 1, 2} and set(starts[:, 2].tolist()) == {0, 1, 2, 3}
    with pytest.raises(ScenarioError, match="n_samples"):
        draw_starts([3], {}, 0, seed=1)
    with pytest.raises(ScenarioError, match="method 'fast'"):
        attractor_counts(np.zeros((2, 2)), [0, 2], method="fast")  # type: ignore[arg-type]
