"""The fast exact searches against the reference enumerator, and invariance properties."""

from __future__ import annotations

import os

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from realpolitik.scenarios import (
    CrossImpactMatrix,
    ScenarioError,
    basins,
    consistent_scenarios,
    read_scw,
    reference_consistent,
    search,
)
from realpolitik.scenarios.records import SearchRecord
from realpolitik.scenarios.search import _run_kernel, find_consistent
from test_scenarios_helpers import PUBLISHED, SOMEWHERELAND, code_to_scenario, random_matrix

FAST = ("enumerate", "branch-and-bound")
Case = tuple[CrossImpactMatrix, float, dict[int, int]]
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def cases(draw: st.DrawFn, max_space: int = 4_000) -> Case:
    """A random matrix (mostly a small judgment range, so ties are common; sometimes the
    aggregated judgments of nested studies, up to +-15; sometimes descriptors that act on
    themselves, as ScenarioWizard allows), a tolerance and an intervention."""
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    sizes: list[int] = []
    space = 1
    for _ in range(draw(st.integers(1, 9))):
        size = draw(st.integers(1, 4))
        if space * size > max_space:
            break
        sizes.append(size)
        space *= size
    sizes = sizes or [2]
    span = draw(st.sampled_from([1, 2, 3, 15]))
    self_density = draw(st.sampled_from([0.0, 0.0, 0.5, 1.0]))
    matrix = random_matrix(
        rng,
        sizes,
        density=draw(st.floats(0.1, 1.0)),
        low=-span,
        high=span,
        self_density=self_density,
    )
    if draw(st.booleans()):
        matrix = matrix.with_weights(rng.choice([0.5, 1.0, 2.0], size=len(sizes)))
    tolerance = draw(st.sampled_from([0.0, 0.0, 0.5, 1.0, 2.0, 3.0]))
    fixed: dict[int, int] = {}
    if draw(st.booleans()):
        d = draw(st.integers(0, len(sizes) - 1))
        fixed[d] = draw(st.integers(0, sizes[d] - 1))
    return matrix, tolerance, fixed


@SETTINGS
@given(cases())
def test_fast_methods_equal_the_oracle(
    case: Case,
) -> None:
    matrix, tolerance, fixed = case
    expected = reference_consistent(matrix, tolerance, fixed)
    for method in FAST:
        found, _, used = find_consistent(matrix, tolerance, fixed, method)
        assert used == method
        assert found == expected, method


@settings(max_examples=15, deadline=None)
@given(cases(max_space=600))
def test_cpsat_equals_the_oracle(case: Case) -> None:
    matrix, tolerance, fixed = case
    found, _, _ = find_consistent(matrix, tolerance, fixed, "cpsat")
    assert found == reference_consistent(matrix, tolerance, fixed)


@pytest.mark.parametrize("sizes", [[4] * 8, [3] * 10, [2] * 15])
def test_large_spaces_equal_the_oracle(sizes: list[int]) -> None:
    """Up to about 10^5 scenarios, judgments in -1..1 so ties abound."""
    rng = np.random.default_rng(len(sizes))
    matrix = random_matrix(rng, sizes, density=0.5, low=-1, high=1)
    for tolerance in (0.0, 1.0):
        expected = reference_consistent(matrix, tolerance)
        for method in FAST:
            assert find_consistent(matrix, tolerance, None, method)[0] == expected
        # above 20 000 scenarios "auto" races branch-and-bound against CP-SAT
        found, _, used = find_consistent(matrix, tolerance, None, "auto")
        assert found == expected and used in ("branch-and-bound", "cpsat")


def test_auto_without_cpsat_and_the_stop_flag() -> None:
    rng = np.random.default_rng(9)
    matrix = random_matrix(rng, [3] * 11, density=0.5).with_weights(np.full(11, 1 / 3))
    found, _, used = find_consistent(matrix, 0.0, None, "auto")
    assert used == "branch-and-bound"  # CP-SAT cannot take thirds
    assert found == find_consistent(matrix, 0.0, None, "enumerate")[0]
    # A kernel told to stop gives up (within 1024 nodes) instead of answering.
    hard = random_matrix(np.random.default_rng(1), [4] * 30, density=0.3)
    stopped = _run_kernel(hard, "branch-and-bound", 0.0, {}, 10, None, np.ones(1, dtype=bool))
    assert stopped is None


@SETTINGS
@given(cases(max_space=2_000), st.integers(0, 2**32 - 1))
def test_relabelling_permutes_the_answer(case: Case, seed: int) -> None:
    matrix, tolerance, _ = case
    rng = np.random.default_rng(seed)
    n = matrix.n_descriptors
    order = rng.permutation(n)  # new descriptor d is old order[d]
    inner = [rng.permutation(matrix.n_variants[d]) for d in range(n)]  # new v is old inner[v]
    offsets = matrix.offsets
    old_index = np.concatenate([offsets[order[d]] + inner[order[d]] for d in range(n)])
    relabelled = CrossImpactMatrix(
        tuple(matrix.descriptors[d] for d in order),
        tuple(tuple(matrix.variants[d][v] for v in inner[d]) for d in order),
        matrix.impacts[np.ix_(old_index, old_index)],
        matrix.weights[order],
    )
    before = consistent_scenarios(matrix, tolerance)
    after = consistent_scenarios(relabelled, tolerance)

    def back(z: tuple[int, ...]) -> tuple[int, ...]:
        old = [0] * n
        for d in range(n):
            old[order[d]] = int(inner[order[d]][z[d]])
        return tuple(old)

    assert sorted(back(s.variants) for s in after.scenarios) == before.variants
    scores = {s.variants: s.total_impact_score for s in before.scenarios}
    for s in after.scenarios:
        assert s.total_impact_score == pytest.approx(scores[back(s.variants)])


@SETTINGS
@given(cases(max_space=2_000), st.integers(0, 100), st.integers(-3, 3))
def test_constant_onto_a_descriptor_changes_no_consistency(
    case: Case, pick: int, constant: int
) -> None:
    matrix, tolerance, fixed = case
    target = pick % matrix.n_descriptors
    source = (pick // 7) % matrix.n_descriptors
    if source == target:
        return
    impacts = matrix.impacts.copy()
    offsets = matrix.offsets
    # One source variant pushes every variant of the target descriptor alike.
    row = offsets[source] + pick % matrix.n_variants[source]
    impacts[row, offsets[target] : offsets[target + 1]] += constant
    shifted = CrossImpactMatrix(matrix.descriptors, matrix.variants, impacts, matrix.weights)
    assert consistent_scenarios(shifted, tolerance, fixed).variants == (
        consistent_scenarios(matrix, tolerance, fixed).variants
    )


def test_somewhereland_every_method() -> None:
    matrix = read_scw(SOMEWHERELAND)
    expected = sorted(code_to_scenario(code) for code in PUBLISHED)
    for method in ("auto", "reference", "enumerate", "branch-and-bound", "cpsat"):
        result = consistent_scenarios(matrix, method=method)
        assert result.variants == expected
        assert SearchRecord.model_validate(result).complete is True
    assert consistent_scenarios(matrix).method == "enumerate"


def test_intervention_somewhereland() -> None:
    matrix = read_scw(SOMEWHERELAND)
    result = consistent_scenarios(matrix, fixed={"A": "A1"})
    assert all(s.variants[0] == 0 for s in result.scenarios)
    assert result.variants == reference_consistent(matrix, 0, {0: 0})
    # A fixed descriptor is exempt: A2 is imposed even where the balance favours another.
    imposed = consistent_scenarios(matrix, fixed={"A": "A2", "B": "B3"})
    assert imposed.variants == reference_consistent(matrix, 0, {0: 1, 1: 2})
    assert SearchRecord.model_validate(result).fixed == {"A": 0}


def test_progress_and_limit() -> None:
    matrix = read_scw(SOMEWHERELAND)
    seen: list[float] = []
    for method in ("enumerate", "branch-and-bound"):
        seen.clear()
        result = consistent_scenarios(matrix, method=method, progress=seen.append)
        assert len(result.scenarios) == 10
        assert seen[-1] == 1.0 and seen == sorted(seen)
    with pytest.raises(ScenarioError, match="more than limit=5"):
        consistent_scenarios(matrix, limit=5)
    with pytest.raises(ScenarioError, match="method 'fast'"):
        consistent_scenarios(matrix, method="fast")  # type: ignore[arg-type]
    with pytest.raises(ScenarioError, match="tolerance"):
        consistent_scenarios(matrix, tolerance=-1)


def test_cpsat_refuses_irrational_weights() -> None:
    matrix = read_scw(SOMEWHERELAND).with_weights(np.full(6, 1 / 3))
    with pytest.raises(ScenarioError, match="cpsat"):
        consistent_scenarios(matrix, method="cpsat")
    # every other method is exact on any numbers
    assert consistent_scenarios(matrix, method="branch-and-bound").variants == (
        reference_consistent(matrix)
    )


@SETTINGS
@given(cases(max_space=3_000), st.integers(0, 2**32 - 1))
def test_self_impacts_equal_the_oracle(case: Case, seed: int) -> None:
    """Every diagonal block filled (each descriptor acts on itself): a descriptor's own choice
    moves its own balances, so a bound that ignored it would prune consistent scenarios."""
    matrix, tolerance, fixed = case
    rng = np.random.default_rng(seed)
    impacts = np.array(matrix.impacts)
    offsets = matrix.offsets
    for d in range(matrix.n_descriptors):
        size = matrix.n_variants[d]
        impacts[offsets[d] : offsets[d + 1], offsets[d] : offsets[d + 1]] = rng.integers(
            -12, 13, size=(size, size)
        )
    selfish = CrossImpactMatrix(matrix.descriptors, matrix.variants, impacts, matrix.weights)
    expected = reference_consistent(selfish, tolerance, fixed)
    for method in FAST:
        assert find_consistent(selfish, tolerance, fixed, method)[0] == expected, method
    if selfish.space_size <= 600:
        assert find_consistent(selfish, tolerance, fixed, "cpsat")[0] == expected


def test_a_self_impact_decides_consistency_by_hand() -> None:
    """Two descriptors; B's first variant pushes itself by 4. Without that push B1 loses to
    B2 (balance 1 against 2); with it B1 wins (5 against 2), exactly as the sum over every
    chosen variant, B's own included, says."""
    impacts = np.array(
        [
            [0, 0, 1, 2],  # A1 -> B1, B2
            [0, 0, 0, 0],
            [1, 0, 4, 0],  # B1 -> A1 and B1 -> B1 (itself)
            [0, 1, 0, 0],
        ],
        dtype=float,
    )
    matrix = CrossImpactMatrix(("A", "B"), (("A1", "A2"), ("B1", "B2")), impacts)
    assert matrix.self_impacting() == (1,)
    for method in ("reference", *FAST, "cpsat"):
        found = consistent_scenarios(matrix, method=method).variants  # type: ignore[arg-type]
        assert found == [(0, 0), (1, 1)], method
    ordinary = CrossImpactMatrix(matrix.descriptors, matrix.variants, impacts * (impacts != 4))
    assert consistent_scenarios(ordinary).variants == [(1, 1)]


@pytest.mark.parametrize("threads", [1, 2, 3, 5])
def test_the_answer_does_not_depend_on_the_thread_count(
    threads: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The split search gives the same scenarios on any number of threads, whether the count
    comes from the module setting or from REALPOLITIK_THREADS; only nodes and time vary."""
    rng = np.random.default_rng(21)
    matrix = random_matrix(rng, [3] * 11, density=0.4, low=-9, high=9, self_density=0.5)
    monkeypatch.setattr(search, "PARALLEL_FROM", 0)
    monkeypatch.setattr(search, "THREADS", None)
    monkeypatch.setenv("REALPOLITIK_THREADS", str(threads))
    assert search.search_threads() == threads
    expected = find_consistent(matrix, 1.0, None, "enumerate")[0]
    assert find_consistent(matrix, 1.0, None, "branch-and-bound")[0] == expected
    monkeypatch.delenv("REALPOLITIK_THREADS")
    monkeypatch.setattr(search, "THREADS", threads)
    assert find_consistent(matrix, 1.0, None, "branch-and-bound")[0] == expected


def test_threads_default_to_the_machine_and_refuse_nonsense(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(search, "THREADS", None)
    monkeypatch.delenv("REALPOLITIK_THREADS", raising=False)
    assert search.search_threads() == len(os.sched_getaffinity(0))
    for text in ("0", "two", "-1", "1.5"):
        monkeypatch.setenv("REALPOLITIK_THREADS", text)
        with pytest.raises(ScenarioError, match=r"REALPOLITIK_THREADS=.* whole number >= 1"):
            search.search_threads()


@pytest.mark.parametrize("seed", range(6))
def test_succession_settles_exactly_on_the_consistent_scenarios_with_self_impacts(
    seed: int,
) -> None:
    """Global succession counts a descriptor's own row as the search does (ScenarioWizard's
    frequencies are its basins, see tests/data/scenariowizard/README.md): its fixed points are
    exactly the scenarios consistent at tolerance 0."""
    rng = np.random.default_rng(seed)
    matrix = random_matrix(rng, [3, 2, 4, 3, 2], density=0.6, low=-5, high=5, self_density=0.7)
    assert matrix.self_impacting()
    fixed_points = sorted(
        a.scenarios[0] for a in basins(matrix, rule="global").attractors if not a.is_cycle
    )
    assert fixed_points == reference_consistent(matrix)
