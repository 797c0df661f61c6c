"""Succession, basins, ensembles and diversity."""

from __future__ import annotations

import json

import numpy as np
import pytest

from realpolitik.scenarios import (
    CrossImpactMatrix,
    ScenarioError,
    basins,
    consistent_scenarios,
    ensemble_consistency,
    expert_ensemble,
    from_blocks,
    hamming,
    impact_balances,
    is_consistent,
    mean_matrix,
    most_different,
    read_scw,
    reference_consistent,
    sample_matrices,
    succession,
)
from realpolitik.scenarios.records import (
    BasinRecord,
    EnsembleRecord,
    SearchRecord,
    study_record,
)
from test_scenarios_helpers import PUBLISHED, SOMEWHERELAND, code_to_scenario, random_matrix


@pytest.fixture(scope="module")
def somewhereland() -> CrossImpactMatrix:
    return read_scw(SOMEWHERELAND)


def test_global_basins_somewhereland(somewhereland: CrossImpactMatrix) -> None:
    result = basins(somewhereland, "global")
    assert result.n_starts == 486 and result.complete
    assert sum(a.basin_size for a in result.attractors) == 486
    assert not any(a.is_cycle for a in result.attractors)
    largest = result.attractors[0]
    assert largest.basin_size == 178
    assert largest.scenarios == (code_to_scenario("A1B3C2D1E1F3"),)
    # every attractor is a published consistent scenario
    published = {code_to_scenario(code) for code in PUBLISHED}
    assert {a.scenarios[0] for a in result.attractors} <= published
    assert result.attractors[0].basin_size == 178


def test_local_succession_reaches_consistent_scenarios(somewhereland: CrossImpactMatrix) -> None:
    result = basins(somewhereland, "local")
    assert sum(a.basin_size for a in result.attractors) == 486
    for attractor in result.attractors:
        if not attractor.is_cycle:
            assert is_consistent(somewhereland, attractor.scenarios[0])


def test_single_path(somewhereland: CrossImpactMatrix) -> None:
    start = {d: names[0] for d, names in zip("ABCDEF", somewhereland.variants, strict=True)}
    path = succession(somewhereland, start, "global")
    assert path.path[0] == (0,) * 6
    assert len(path.attractor) == 1 and is_consistent(somewhereland, path.attractor[0])
    assert path.path[-1] == path.attractor[0]
    # each step moves every descriptor to a variant of highest balance
    for before, after in zip(path.path, path.path[1:], strict=False):
        balances = impact_balances(somewhereland, before)
        for j, v in enumerate(after):
            block = balances[somewhereland.offsets[j] : somewhereland.offsets[j + 1]]
            assert block[v] == block.max()
    consistent = succession(somewhereland, path.attractor[0], "local")
    assert consistent.path == consistent.attractor == (path.attractor[0],)
    with pytest.raises(ScenarioError, match="rule 'sideways'"):
        succession(somewhereland, (0,) * 6, "sideways")  # type: ignore[arg-type]


def test_fixed_descriptor_never_moves(somewhereland: CrossImpactMatrix) -> None:
    result = basins(somewhereland, "global", fixed={"A": "A2"})
    assert result.n_starts == 486 // 3
    for attractor in result.attractors:
        assert all(z[0] == 1 for z in attractor.scenarios)
        if not attractor.is_cycle:
            assert attractor.scenarios[0] in reference_consistent(somewhereland, 0, {0: 1})


def test_cycle_is_found() -> None:
    # Two descriptors that each want to differ from the other: global succession flips both
    # at once forever.
    matrix = from_blocks(
        ["X", "Y"],
        [["x0", "x1"], ["y0", "y1"]],
        {(0, 1): [[-1, 1], [1, -1]], (1, 0): [[-1, 1], [1, -1]]},
    )
    path = succession(matrix, (0, 0), "global")
    assert path.is_cycle and path.attractor == ((0, 0), (1, 1))
    result = basins(matrix, "global")
    assert any(a.is_cycle for a in result.attractors)
    assert sum(a.basin_size for a in result.attractors) == 4


def test_sampled_basins_are_flagged(somewhereland: CrossImpactMatrix) -> None:
    sampled = basins(somewhereland, "global", n_samples=50, seed=4)
    assert not sampled.complete and sampled.n_starts == 50
    assert sampled == basins(somewhereland, "global", n_samples=50, seed=4)
    with pytest.raises(ScenarioError, match="n_samples"):
        basins(somewhereland, max_starts=100)


def test_ensemble_is_seeded_and_bounded(somewhereland: CrossImpactMatrix) -> None:
    first = ensemble_consistency(somewhereland, n_runs=20, seed=7)
    again = ensemble_consistency(somewhereland, n_runs=20, seed=7)
    assert first == again
    assert all(0 < s.share <= 1 for s in first.scenarios)
    # with no uncertainty every draw is the matrix itself
    exact = ensemble_consistency(somewhereland, n_runs=3, uncertainty=0.0, seed=1)
    assert sorted(s.variants for s in exact.scenarios) == reference_consistent(somewhereland)
    assert all(s.share == 1.0 for s in exact.scenarios)
    # samples stay on the scale, zeros and the diagonal stay zero
    for drawn in sample_matrices(somewhereland, 5, uncertainty=2.0, seed=3):
        assert np.all(np.abs(drawn.impacts) <= 3)
        assert np.all(drawn.impacts[somewhereland.impacts == 0] == 0)
    sd = np.full(somewhereland.impacts.shape, 0.3)
    for drawn in sample_matrices(somewhereland, 2, uncertainty=sd, seed=3):
        assert drawn.impacts[0, 0] == 0  # diagonal block
    with pytest.raises(ScenarioError, match="uncertainty"):
        ensemble_consistency(somewhereland, n_runs=2, uncertainty=np.ones((2, 2)))


def test_expert_ensemble(somewhereland: CrossImpactMatrix) -> None:
    rng = np.random.default_rng(5)
    other = random_matrix(rng, list(somewhereland.n_variants))
    other = CrossImpactMatrix(somewhereland.descriptors, somewhereland.variants, other.impacts)
    result = expert_ensemble([somewhereland, other], weights=[3, 1])
    mine = set(reference_consistent(somewhereland))
    theirs = set(reference_consistent(other))
    for z in mine | theirs:
        expected = (3 * (z in mine) + 1 * (z in theirs)) / 4
        assert result.share_of(z) == pytest.approx(expected)
    averaged = mean_matrix([somewhereland, other], [3, 1])
    assert np.allclose(averaged.impacts, (3 * somewhereland.impacts + other.impacts) / 4)
    with pytest.raises(ScenarioError, match="weights"):
        expert_ensemble([somewhereland, other], weights=[1])


def test_most_different(somewhereland: CrossImpactMatrix) -> None:
    scenarios = consistent_scenarios(somewhereland).scenarios
    picked = most_different(scenarios, 3)
    assert len(picked) == 3
    assert picked[0].total_impact_score == max(s.total_impact_score for s in scenarios)
    # the second is as far from the first as any scenario is
    farthest = max(hamming(s.variants, picked[0].variants) for s in scenarios)
    assert hamming(picked[1].variants, picked[0].variants) == farthest
    assert len({s.variants for s in most_different(scenarios, 50)}) == len(scenarios)
    assert most_different(scenarios, 0) == []


def test_results_serialise_to_json(somewhereland: CrossImpactMatrix) -> None:
    import json

    search = consistent_scenarios(somewhereland, tolerance=1, fixed={"A": "A1"})
    payloads = [
        SearchRecord.model_validate(search).model_dump(mode="json"),
        BasinRecord.model_validate(basins(somewhereland)).model_dump(mode="json"),
        EnsembleRecord.model_validate(
            ensemble_consistency(somewhereland, n_runs=2, seed=1)
        ).model_dump(mode="json"),
    ]
    for payload in payloads:
        assert json.loads(json.dumps(payload)) == payload
    assert payloads[0]["fixed"] == {"A": 0}
    assert payloads[0]["scenarios"][0]["label"].startswith("A1 ")


def test_analyse_scenarios_whole_study(somewhereland: CrossImpactMatrix) -> None:
    from realpolitik.scenarios import analyse_scenarios

    study = analyse_scenarios(
        somewhereland, fixed={"A": "A1"}, succession="global", n_runs=3, seed=2, top=2
    )
    assert study.search.variants == reference_consistent(somewhereland, 0, {0: 0})
    assert study.basins is not None and study.basins.n_starts == 486 // 3
    assert study.ensemble is not None and study.ensemble.n_runs == 3
    assert study.top is not None and len(study.top) == 2
    payload = study_record(study).model_dump(mode="json")
    assert payload["search"]["fixed"] == {"A": 0} and payload["basins"]["fixed"] == {"0": 0}
    assert json.loads(json.dumps(payload)) == payload
    bare = analyse_scenarios(somewhereland)
    assert bare.basins is None and bare.ensemble is None and bare.top is None
    with pytest.raises(ScenarioError, match="n_runs"):
        analyse_scenarios(somewhereland, n_runs=-1)
