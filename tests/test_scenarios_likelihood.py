"""The basin likelihood: the probability of each future, by hand on small matrices, as the
scenario stage reports it, as the backtest reads it, and `--succession-sample` end to end."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from partial_results import partial_results
from paths import DATA
from realpolitik.analysis import RunSettings
from realpolitik.analysis import scenarios_stage as stage
from realpolitik.backtest import scenario_distribution
from realpolitik.backtest.score import LIKELIHOOD_MEASURE, ROBUSTNESS_MEASURE, scenario_measure
from realpolitik.case import load_case
from realpolitik.cli import app
from realpolitik.results.scenarios import ConsistentScenario, ScenariosResults
from realpolitik.scenarios import (
    CrossImpactMatrix,
    ScenarioError,
    basins,
    ensemble_consistency,
    from_blocks,
    read_scw,
    reference_consistent,
    sample_matrices,
)
from realpolitik.scenarios.likelihood import basin_likelihood
from test_scenarios_helpers import SOMEWHERELAND, random_matrix

MINIMAL = DATA / "minimal.toml"


def near_copies() -> CrossImpactMatrix:
    """A deal (with three interchangeable versions of it: B does not matter under a deal) or
    a war. Consistent: (deal, b0..b2, c0) and (war, b0, c1); the war's basin is 9 of the 12
    scenarios, each deal version's 1."""
    return from_blocks(
        ["A", "B", "C"],
        [["deal", "war"], ["b0", "b1", "b2"], ["c0", "c1"]],
        {
            (1, 0): [[1, 0], [1, 0], [1, 0]],
            (2, 0): [[0, 0], [0, 2]],
            (0, 1): [[0, 0, 0], [1, 0, 0]],
            (0, 2): [[0, 0], [0, 1]],
        },
    )


def test_near_copies_share_one_basin_instead_of_adding_up() -> None:
    matrix = near_copies()
    assert reference_consistent(matrix) == [(0, 0, 0), (0, 1, 0), (0, 2, 0), (1, 0, 1)]
    likelihood = basin_likelihood(matrix, [matrix], starts_per_member=12)
    assert not likelihood.sampled and likelihood.n_starts == 12
    assert likelihood.variant_distribution(0) == {0: pytest.approx(0.25), 1: pytest.approx(0.75)}
    assert likelihood.probability_of((1, 0, 1)) == pytest.approx(0.75)
    assert likelihood.probability_of((0, 2, 0)) == pytest.approx(1 / 12)
    assert likelihood.probability_of((1, 1, 1)) == 0.0  # not an attractor
    # Weighting the consistent scenarios by robustness (every one robust here) gives the deal
    # three quarters: the old reading this measure replaces.
    robust = partial_results(
        scenarios=ScenariosResults(
            descriptors=[],
            consistent=[
                ConsistentScenario(
                    indices=list(z),
                    variants={"A": ["deal", "war"][z[0]]},
                    total_impact_score=0.0,
                    inconsistency=0.0,
                    ensemble_share=1.0,
                    probability=0.0,
                    basin=0,
                )
                for z in reference_consistent(matrix)
            ],
        )
    )
    assert scenario_distribution(robust, "A") == {"deal": 0.75, "war": 0.25}
    assert scenario_measure(robust) == ROBUSTNESS_MEASURE


def test_exact_members_average_their_basin_shares() -> None:
    first = read_scw(SOMEWHERELAND)
    second = next(iter(sample_matrices(first, 1, uncertainty=1.0, seed=3)))
    likelihood = basin_likelihood(first, [first, second], starts_per_member=486)
    assert not likelihood.sampled and likelihood.n_members == 2
    shares = [{a.scenarios: a.share for a in basins(m).attractors} for m in (first, second)]
    for attractor in likelihood.attractors:
        values = [member.get(attractor.scenarios, 0.0) for member in shares]
        assert attractor.probability == pytest.approx(sum(values) / 2)
        assert attractor.standard_error == pytest.approx(np.std(values, ddof=1) / math.sqrt(2))
        assert attractor.members == sum(value > 0 for value in values)
    assert math.fsum(a.probability for a in likelihood.attractors) == pytest.approx(1)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 2**32 - 1), st.integers(1, 40), st.integers(1, 4))
def test_a_likelihood_is_a_distribution(seed: int, starts: int, n_members: int) -> None:
    rng = np.random.default_rng(seed)
    sizes = rng.integers(1, 4, size=int(rng.integers(1, 6))).tolist()
    matrix = random_matrix(rng, sizes, low=-2, high=2)
    members = list(sample_matrices(matrix, n_members, uncertainty=0.7, seed=seed))
    likelihood = basin_likelihood(matrix, members, starts_per_member=starts, seed=seed)
    assert math.fsum(a.probability for a in likelihood.attractors) == pytest.approx(1)
    assert likelihood.sampled == (matrix.space_size > starts)
    for d in range(matrix.n_descriptors):
        assert math.fsum(likelihood.variant_distribution(d).values()) == pytest.approx(1)
    again = basin_likelihood(matrix, members, starts_per_member=starts, seed=seed)
    assert again == likelihood


def test_the_stage_draws_the_ensembles_own_matrices() -> None:
    # The stage hands basin_likelihood sample_matrices(matrix, draws, sd, seed): the members
    # whose consistency gives robustness. Tallied here, they must give the ensemble's shares.
    case = load_case(MINIMAL)
    matrix, sd = stage.case_matrix(case)
    members = list(sample_matrices(matrix, 15, sd, 8))
    ensemble = ensemble_consistency(matrix, n_runs=15, uncertainty=sd, seed=8)
    counts: dict[tuple[int, ...], int] = {}
    for member in members:
        for z in reference_consistent(member):
            counts[z] = counts.get(z, 0) + 1
    assert {s.variants: s.count for s in ensemble.scenarios} == counts


def test_bad_sizes_say_what_to_give() -> None:
    matrix = near_copies()
    with pytest.raises(ScenarioError, match="starts_per_member"):
        basin_likelihood(matrix, [matrix], starts_per_member=0)
    with pytest.raises(ScenarioError, match="no member matrices"):
        basin_likelihood(matrix, [], starts_per_member=5)


@pytest.fixture(scope="module")
def minimal_scenarios() -> ScenariosResults:
    case = load_case(MINIMAL)
    return stage.scenarios_stage(case, RunSettings(scenario_draws=20, seed=4), lambda _, __: None)


def test_the_stage_reports_probability_beside_robustness(
    minimal_scenarios: ScenariosResults,
) -> None:
    block = minimal_scenarios.likelihood
    assert block is not None
    assert block.measure == "basin likelihood" and "not a probability" in block.meaning
    assert block.n_members == 20 and block.rule == "global"
    assert block.sampled is False and block.n_starts_per_member == 12  # 12 scenarios
    listed = math.fsum(a.probability for a in block.attractors)
    assert listed + block.unlisted_probability == pytest.approx(1)
    fixed_points = {
        tuple(sorted(a.scenarios[0].items())): a.probability
        for a in block.attractors
        if not a.is_cycle
    }
    for scenario in minimal_scenarios.consistent:
        key = tuple(sorted(scenario.variants.items()))
        assert scenario.probability == fixed_points.get(key, 0.0)
        assert 0 <= scenario.ensemble_share <= 1  # the separate measure stays
    for variants in block.descriptors.values():
        assert math.fsum(variants.values()) == pytest.approx(1)


def test_the_backtest_reads_the_likelihood(minimal_scenarios: ScenariosResults) -> None:
    results = partial_results(scenarios=minimal_scenarios)
    assert scenario_measure(results) == LIKELIHOOD_MEASURE
    assert minimal_scenarios.likelihood is not None
    for descriptor, variants in minimal_scenarios.likelihood.descriptors.items():
        assert scenario_distribution(results, descriptor) == pytest.approx(variants)


def test_the_succession_sample_option_reaches_the_basins(tmp_path: Path) -> None:
    quick = ["--runs", "40", "--game-draws", "5", "--scenario-draws", "5", "--no-charts"]
    out = tmp_path / "out"
    ran = CliRunner().invoke(
        app, ["run", str(MINIMAL), *quick, "--succession-sample", "7", "--out", str(out)]
    )
    assert ran.exit_code == 0, ran.output[-2000:]
    results = json.loads((out / "results.json").read_text())
    succession = results["scenarios"]["succession"]
    assert succession["n_starts"] == 7 and succession["complete"] is False
    assert sum(a["basin_size"] for a in succession["attractors"]) == 7
    assert "--succession-sample 7" in results["meta"]["command"]
    # Without it every one of the 12 scenarios is a start.
    every = tmp_path / "every"
    ran = CliRunner().invoke(app, ["run", str(MINIMAL), *quick, "--out", str(every)])
    assert ran.exit_code == 0, ran.output[-2000:]
    succession = json.loads((every / "results.json").read_text())["scenarios"]["succession"]
    assert succession["n_starts"] == 12 and succession["complete"] is True
