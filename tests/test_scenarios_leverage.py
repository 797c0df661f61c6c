"""Leverage points: the exact method against the brute-force reference, and its edges."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from realpolitik.scenarios import CrossImpactMatrix, ScenarioError, consistent_scenarios
from realpolitik.scenarios.leverage import (
    Change,
    default_judgments,
    leverage_points,
    reference_leverage,
)
from test_scenarios_helpers import SOMEWHERELAND, random_matrix

SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _matrix(seed: int, sizes: list[int], density: float) -> CrossImpactMatrix:
    return random_matrix(np.random.default_rng(seed), sizes, density)


def _agree(matrix: CrossImpactMatrix, **options: object) -> None:
    fast = leverage_points(matrix, **options)  # type: ignore[arg-type]
    slow = reference_leverage(matrix, **options)  # type: ignore[arg-type]
    assert fast.consistent == slow.consistent
    assert fast.singles == slow.singles
    assert fast.pairs == slow.pairs
    assert fast.off_scale == slow.off_scale


@SETTINGS
@given(
    st.integers(0, 2**32 - 1),
    st.lists(st.integers(2, 3), min_size=2, max_size=3),
    st.floats(0.3, 1.0),
    st.sampled_from([0.0, 1.0]),
)
def test_exact_method_matches_the_brute_force_reference(
    seed: int, sizes: list[int], density: float, tolerance: float
) -> None:
    _agree(_matrix(seed, sizes, density), steps=1, tolerance=tolerance)


@settings(max_examples=10, deadline=None)
@given(st.integers(0, 2**32 - 1), st.lists(st.integers(2, 3), min_size=2, max_size=2))
def test_agreement_holds_for_two_point_changes(seed: int, sizes: list[int]) -> None:
    _agree(_matrix(seed, sizes, 0.7), steps=2)


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 2**32 - 1), st.lists(st.integers(2, 3), min_size=2, max_size=3))
def test_agreement_holds_with_weights_and_without_a_scale(seed: int, sizes: list[int]) -> None:
    rng = np.random.default_rng(seed)
    matrix = random_matrix(rng, sizes).with_weights(rng.choice([0.5, 1.0, 2.0], len(sizes)))
    _agree(matrix, steps=1, scale=None)


def _with_self_impact(seed: int, sizes: list[int]) -> CrossImpactMatrix:
    """A random matrix whose first descriptor acts on its own variants."""
    base = _matrix(seed, sizes, 0.7)
    impacts = np.array(base.impacts)
    rng = np.random.default_rng(seed + 1)
    n = sizes[0]
    impacts[:n, :n] = rng.integers(-2, 3, size=(n, n))
    return _build(base.descriptors, base.variants, impacts)


def _build(
    descriptors: tuple[str, ...], variants: tuple[tuple[str, ...], ...], impacts: np.ndarray
) -> CrossImpactMatrix:
    try:
        return CrossImpactMatrix(descriptors, variants, impacts)
    except ScenarioError:
        # This branch's model still refuses self-impact blocks (they are being enabled in
        # parallel); build the matrix around the check so the leverage arithmetic, which
        # reads balances from the full array, is tested on one now.
        matrix = object.__new__(CrossImpactMatrix)
        impacts.flags.writeable = False
        for name, value in (
            ("descriptors", descriptors),
            ("variants", variants),
            ("impacts", impacts),
            ("weights", np.ones(len(descriptors))),
            ("title", ""),
        ):
            object.__setattr__(matrix, name, value)
        return matrix


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 2**32 - 1), st.lists(st.integers(2, 3), min_size=2, max_size=3))
def test_self_impact_blocks_count_in_the_balances(seed: int, sizes: list[int]) -> None:
    matrix = _with_self_impact(seed, sizes)
    fast = leverage_points(matrix, steps=1, method="reference")
    slow = reference_leverage(matrix, steps=1)
    assert fast.singles == slow.singles
    assert fast.pairs == slow.pairs


def _two_by_two(impacts: np.ndarray) -> CrossImpactMatrix:
    return _build(("A", "B"), (("a0", "a1"), ("b0", "b1")), impacts)


def test_a_one_point_lead_needs_a_pair_of_one_point_changes() -> None:
    # a0 pushes b0 by 1 over b1; at tolerance 0 a one-point change only ties (a tie stays
    # consistent), so (a0, b0) falls to no single change and to exactly one smallest pair.
    impacts = np.zeros((4, 4))
    impacts[0, 2] = 1
    impacts[2, 0] = 2
    impacts[1, 3] = impacts[3, 1] = 1
    result = leverage_points(_two_by_two(impacts), steps=1)
    assert (0, 0) in result.consistent
    assert not [lever for lever in result.singles if (0, 0) in lever.removed]
    removing = result.removing((0, 0))
    assert [lever.changes for lever in removing] == [(Change(0, 2, 1.0, -1), Change(0, 3, 0.0, 1))]
    assert removing[0].size == 2


def test_a_self_impact_judgment_is_a_lever() -> None:
    impacts = np.zeros((4, 4))
    impacts[0, 0] = 1  # a0 sustains itself by 1
    impacts[0, 2] = 1
    impacts[1, 3] = 1
    matrix = _two_by_two(impacts)
    result = leverage_points(matrix, steps=2, method="reference")
    assert result == reference_leverage(matrix, steps=2)
    own = [
        lever for lever in result.singles if lever.changes[0].source == lever.changes[0].target == 0
    ]
    assert own and own[0].changes[0].delta == -2 and (0, 0) in own[0].removed


def test_changes_that_leave_the_scale_are_not_made() -> None:
    impacts = np.zeros((4, 4))
    impacts[0, 2] = 3
    impacts[2, 0] = -3
    matrix = CrossImpactMatrix(("A", "B"), (("a0", "a1"), ("b0", "b1")), impacts)
    result = leverage_points(matrix, steps=2, judgments=[(0, 2), (2, 0)])
    deltas = {(c.source, c.target, c.delta) for lever in result.singles for c in lever.changes}
    assert all(delta < 0 for (a, _, delta) in deltas if a == 0)
    assert all(delta > 0 for (a, _, delta) in deltas if a == 2)
    assert result.off_scale == 4  # +1, +2 on the 3 and -1, -2 on the -3
    wide = leverage_points(matrix, steps=2, judgments=[(0, 2), (2, 0)], scale=None)
    assert wide.off_scale == 0


def test_ranking_is_by_size_then_reach() -> None:
    matrix = _matrix(7, [3, 3, 2], 0.8)
    result = leverage_points(matrix, steps=2)
    keys = [(lever.size, -lever.reach) for lever in result.singles]
    assert keys == sorted(keys)
    assert result.singles, "this matrix has leverage points"


def test_bad_arguments_are_named() -> None:
    matrix = _matrix(1, [2, 2], 0.6)
    with pytest.raises(ScenarioError, match="steps"):
        leverage_points(matrix, steps=0)
    with pytest.raises(ScenarioError, match="out of range"):
        leverage_points(matrix, judgments=[(0, 9)])
    with pytest.raises(ScenarioError, match="twice"):
        leverage_points(matrix, judgments=[(0, 2), (0, 2)])
    with pytest.raises(ScenarioError, match="scale"):
        leverage_points(matrix, scale=(3.0, -3.0))


def test_change_reports_its_new_value() -> None:
    assert Change(0, 2, 1.0, -2).new_value == -1.0


# -- the command line, the stage and the report ----------------------------------------------


def test_cli_leverage_on_a_scenariowizard_file() -> None:
    import json

    from typer.testing import CliRunner

    from realpolitik.cli import app
    from realpolitik.scenarios import read_scw

    result = CliRunner().invoke(
        app, ["scenarios", str(SOMEWHERELAND), "--leverage-steps", "1", "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)["leverage"]
    matrix = read_scw(SOMEWHERELAND)
    exact = leverage_points(matrix, steps=1, scale=(-3.0, 3.0))
    assert data["n_judgments"] == len(default_judgments(matrix))
    assert len(data["singles"]) == len(exact.singles) and data["n_pairs"] == len(exact.pairs)
    first = data["singles"][0]["changes"][0]
    assert first["source"].split(".")[0] in matrix.descriptors
    assert "evidence" not in first and "assumption" not in first  # a matrix file has no grounds
    human = CliRunner().invoke(app, ["scenarios", str(SOMEWHERELAND), "--leverage"])
    assert human.exit_code == 0 and "Leverage points" in human.output


def test_cli_leverage_refuses_an_intervention_before_searching() -> None:
    from typer.testing import CliRunner

    from realpolitik.cli import app

    result = CliRunner().invoke(
        app, ["scenarios", str(SOMEWHERELAND), "--leverage", "--fix", "A=A1"]
    )
    assert result.exit_code != 0
    assert "--fix" in result.output and "Traceback" not in result.output


def test_stage_and_report_on_the_flagship() -> None:
    from partial_results import partial_results
    from realpolitik.analysis.core import RunSettings
    from realpolitik.analysis.leverage_stage import leverage_stage
    from realpolitik.analysis.scenarios_stage import case_matrix
    from realpolitik.case import load_case
    from realpolitik.report.html import Page
    from realpolitik.report.leverage_section import leverage_section
    from realpolitik.results import dumps, loads
    from realpolitik.results.scenarios import (
        ConsistentScenario,
        Descriptor,
        ScenariosResults,
        Variant,
    )

    case = load_case("south-caucasus-2021")
    data = leverage_stage(case, RunSettings(), lambda stage, done: None)
    assert data is not None
    assert data.n_judgments == len(case.scenarios.impacts)
    stated = {(i.source, i.target): i for i in case.scenarios.impacts}
    for item in data.judgments:
        judgment = stated[(item.source, item.target)]
        assert item.evidence == list(judgment.evidence)
        assert item.assumption == judgment.assumption
    matrix, _ = case_matrix(case)
    found = consistent_scenarios(matrix)
    scenarios = ScenariosResults(
        descriptors=[
            Descriptor(
                id=d.id, name=d.name, variants=[Variant(id=v.id, name=v.name) for v in d.variants]
            )
            for d in case.scenarios.descriptors
        ],
        consistent=[
            ConsistentScenario(
                indices=list(s.variants),
                variants=dict(zip(matrix.descriptors, s.names, strict=True)),
                total_impact_score=s.total_impact_score,
                inconsistency=s.inconsistency,
                ensemble_share=0.0,
                probability=0.0,
                basin=0,
            )
            for s in found.scenarios
        ],
    )
    results = partial_results(leverage=data, scenarios=scenarios)
    text = dumps(results)
    assert loads(text).leverage == data and dumps(loads(text)) == text
    assert '"assumption": null' in text  # a judgment on evidence says so, the key is kept
    page = Page()
    html = leverage_section(case, results, page)
    assert len(page.figures) == 1
    assert f"<b>{len(data.judgments)}</b> of the {data.n_judgments}" in html
    assert "Smallest pairs" in html


@settings(max_examples=8, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_agreement_holds_on_four_descriptors(seed: int) -> None:
    _agree(_matrix(seed, [2, 2, 2, 3], 0.6), steps=1, tolerance=0.0)


def test_too_many_candidates_say_it_is_the_leverage_search() -> None:
    from realpolitik.scenarios import ComputeLimitError

    matrix = _matrix(3, [3, 3, 3], 0.6)
    with pytest.raises(ComputeLimitError, match="leverage search") as caught:
        leverage_points(matrix, steps=2, limit=1)
    assert "lower the leverage steps" in caught.value.fix
