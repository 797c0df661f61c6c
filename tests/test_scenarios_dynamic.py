"""Dynamic CIB: worked examples and properties; the array engine against the plain one."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from realpolitik.scenarios import CrossImpactMatrix, ScenarioError, basins, from_blocks
from realpolitik.scenarios.dynamic import (
    CAUSE_CYCLE,
    CAUSE_JUDGMENT,
    CAUSE_START,
    DynamicModel,
    _run,
    _start_grid,
    dynamic_model,
    pathways,
    reference_pathways,
    threshold,
)


def _mirror() -> CrossImpactMatrix:
    """Two descriptors that pull each other into agreement: A=x with B=x, A=y with B=y."""
    agree = [[2, -2], [-2, 2]]
    return from_blocks(["a", "b"], [["x", "y"], ["x", "y"]], {(0, 1): agree, (1, 0): agree})


def _chase() -> CrossImpactMatrix:
    """A chases B and B flees A: no consistent scenario, one cycle of four."""
    return from_blocks(
        ["a", "b"],
        [["x", "y"], ["x", "y"]],
        {(0, 1): [[-2, 2], [2, -2]], (1, 0): [[2, -2], [-2, 2]]},
    )


def _fast(model: DynamicModel) -> dict:  # type: ignore[type-arg]
    grid, complete = _start_grid(model, 10**6, 0, None)
    assert complete
    return _run(model, grid, None)[0]


def _agree(model: DynamicModel) -> None:
    fast, plain = _fast(model), reference_pathways(model)
    assert set(fast) == set(plain)
    for key, share in plain.items():
        assert fast[key] == pytest.approx(share, abs=1e-12)
    assert sum(plain.values()) == pytest.approx(1.0)


def test_two_basins_persist_without_dynamics() -> None:
    model = dynamic_model(_mirror(), ["2021-2025", "2025-2030"])
    shares = reference_pathways(model)
    xx, yy = ((0, 0),), ((1, 1),)
    # Of four starts, (x,x) and (y,y) stay; (x,y) and (y,x) swap both at once and cycle.
    assert shares[(xx, xx)] == pytest.approx(0.25)
    assert shares[(yy, yy)] == pytest.approx(0.25)
    cycle = ((0, 1), (1, 0))
    assert shares[(cycle, cycle)] == pytest.approx(0.5)
    _agree(model)


def test_exogenous_trajectory_drags_the_system() -> None:
    # A is exogenous: x in the first period, y in the second; B follows it.
    model = dynamic_model(_mirror(), ["p1", "p2"], exogenous={"a": ["x", "y"]})
    shares = reference_pathways(model)
    assert shares == {(((0, 0),), ((1, 1),)): pytest.approx(1.0)}
    _agree(model)


def test_shock_forces_its_variant_then_releases_it() -> None:
    model = dynamic_model(_mirror(), ["p1", "p2", "p3"], shocks=[("p2", "a", "y")])
    shares = reference_pathways(model)
    for key in shares:
        assert all(z[0] == 1 for z in key[1])  # A is y throughout the shocked period
    # From (x, x) the shock pulls B to y in p2; released in p3 the system stays at (y, y).
    assert shares[(((0, 0),), ((1, 1),), ((1, 1),))] == pytest.approx(0.25)
    _agree(model)


def test_threshold_switches_the_rows_after_its_condition() -> None:
    matrix = _mirror()
    # Once B was y, A's influence turns around: A=x now promotes B=y and A=y promotes B=x.
    rule = threshold(
        matrix,
        "reversal",
        when={"b": "y"},
        descriptor="a",
        impacts={("a.x", "b.y"): 3, ("a.y", "b.x"): 3},
    )
    model = dynamic_model(matrix, ["p1", "p2"], thresholds=[rule])
    result = pathways(model)
    yy = ((1, 1),)
    after = reference_pathways(model)
    # (y, y) holds in p1; in p2 A=y now pushes B to x, and B=x (still pulling A to x) ...
    follow = [key for key in after if key[0] == yy]
    assert follow and all(key[1] != yy for key in follow)
    fired = {tuple(p.outcomes): p.rules for p in result.pathways}
    assert any(rules[1] == ["reversal"] for rules in fired.values())
    assert all(rules[0] == [] for rules in fired.values())
    _agree(model)


def test_cycle_hands_each_member_on_and_branches_are_named() -> None:
    model = dynamic_model(_chase(), ["p1", "p2"])
    result = pathways(model)
    assert len(result.pathways) == 1
    (outcome,) = result.outcomes
    assert outcome.is_cycle and len(outcome.scenarios) == 4
    assert result.pathways[0].share == pytest.approx(1.0)


def test_branch_points_under_judged_matrix_and_ensemble() -> None:
    model = dynamic_model(_mirror(), ["p1", "p2"])
    result = pathways(model, n_draws=20, uncertainty=1.0, seed=3)
    first = [b for b in result.branch_points if b.basis == "judged"]
    assert first and first[0].cause == CAUSE_START and first[0].period == "p1"
    assert set(first[0].descriptors) == {"a", "b"}
    assert sum(b.share for b in first[0].branches) == pytest.approx(1.0)
    assert all(p.ensemble_share is not None for p in result.pathways)
    total = sum(p.ensemble_share or 0.0 for p in result.pathways)
    assert total == pytest.approx(1.0)
    assert all(b.cause in (CAUSE_START, CAUSE_CYCLE, CAUSE_JUDGMENT) for b in result.branch_points)


def test_ensemble_is_seeded() -> None:
    model = dynamic_model(_mirror(), ["p1", "p2"])
    one = pathways(model, n_draws=10, uncertainty=1.0, seed=5)
    two = pathways(model, n_draws=10, uncertainty=1.0, seed=5)
    assert one.model_dump_json() == two.model_dump_json()


def test_sampled_starts_are_labelled() -> None:
    model = dynamic_model(_mirror(), ["p1", "p2"])
    result = pathways(model, max_starts=2, n_samples=50, seed=1)
    assert not result.complete and result.n_starts == 50
    assert sum(p.share for p in result.pathways) == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda m: dynamic_model(m, []), "no periods"),
        (lambda m: dynamic_model(m, ["p", "p"]), "repeat"),
        (lambda m: dynamic_model(m, ["p1"], exogenous={"c": ["x"]}), "unknown descriptor"),
        (lambda m: dynamic_model(m, ["p1", "p2"], exogenous={"a": ["x"]}), "one variant per"),
        (lambda m: dynamic_model(m, ["p1"], exogenous={"a": ["z"]}), "no variant 'z'"),
        (lambda m: dynamic_model(m, ["p1"], shocks=[("p9", "a", "x")]), "unknown period"),
        (
            lambda m: dynamic_model(m, ["p1"], exogenous={"a": ["x"]}, shocks=[("p1", "a", "y")]),
            "exogenous",
        ),
        (lambda m: threshold(m, "r", {"b": "y"}, "a", {("b.x", "a.x"): 1}), "not a variant"),
        (lambda m: threshold(m, "r", {}, "a", {("a.x", "b.x"): 1}), "at least one condition"),
    ],
)
def test_bad_models_say_what_to_fix(call, words: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ScenarioError, match=words):
        call(_mirror())


def test_two_rules_on_one_descriptor_at_once_are_refused() -> None:
    matrix = _mirror()
    one = threshold(matrix, "one", {"b": "y"}, "a", {("a.x", "b.y"): 1})
    two = threshold(matrix, "two", {"a": "y"}, "a", {("a.x", "b.x"): 1})
    model = dynamic_model(matrix, ["p1", "p2"], thresholds=[one, two])
    with pytest.raises(ScenarioError, match="both switch"):
        reference_pathways(model)


# -- properties ----------------------------------------------------------------------------


@st.composite
def models(draw: st.DrawFn, dynamics: bool = True) -> DynamicModel:
    n = draw(st.integers(2, 4))
    counts = [draw(st.integers(2, 3)) for _ in range(n)]
    names = [f"d{i}" for i in range(n)]
    variants = [[f"v{k}" for k in range(c)] for c in counts]
    blocks = {
        (i, j): np.array(
            draw(
                st.lists(
                    st.integers(-3, 3),
                    min_size=counts[i] * counts[j],
                    max_size=counts[i] * counts[j],
                )
            )
        ).reshape(counts[i], counts[j])
        for i in range(n)
        for j in range(n)
        if i != j
    }
    matrix = from_blocks(names, variants, blocks)
    periods = [f"p{t}" for t in range(draw(st.integers(1, 3)))]
    if not dynamics:
        return dynamic_model(matrix, periods)
    exogenous = {}
    if draw(st.booleans()):
        d = draw(st.integers(0, n - 1))
        exogenous[names[d]] = [draw(st.integers(0, counts[d] - 1)) for _ in periods]
    shocks = []
    for t in range(len(periods)):
        d = draw(st.integers(0, n - 1))
        if names[d] not in exogenous and draw(st.booleans()):
            shocks.append((t, names[d], draw(st.integers(0, counts[d] - 1))))
    rules = []
    if draw(st.booleans()):
        d, c = draw(st.integers(0, n - 1)), draw(st.integers(0, n - 1))
        target = (d + 1) % n
        rules.append(
            threshold(
                matrix,
                "rule",
                {names[c]: draw(st.integers(0, counts[c] - 1))},
                names[d],
                {(f"{names[d]}.v0", f"{names[target]}.v1"): draw(st.integers(-3, 3))},
            )
        )
    return dynamic_model(matrix, periods, exogenous, shocks, rules)


FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(models())
def test_array_engine_agrees_with_the_plain_definition(model: DynamicModel) -> None:
    _agree(model)


@FAST
@given(models(dynamics=False))
def test_without_dynamics_period_one_is_the_static_basins(model: DynamicModel) -> None:
    static = basins(model.matrix, rule="global")
    first: dict = {}  # type: ignore[type-arg]
    shares = reference_pathways(model)
    for key, share in shares.items():
        first[key[0]] = first.get(key[0], 0.0) + share
        assert len(set(key)) == 1  # nothing changes, so nothing moves after period 1
    assert first == pytest.approx({a.scenarios: a.share for a in static.attractors})


@FAST
@given(models())
def test_shocks_and_trajectories_are_respected(model: DynamicModel) -> None:
    for key in reference_pathways(model):
        for period, attractor in enumerate(key):
            for d, v in model.fixed(period).items():
                assert all(z[d] == v for z in attractor)


def test_bad_study_sizes_are_refused() -> None:
    model = dynamic_model(_mirror(), ["p1"])
    with pytest.raises(ScenarioError, match="n_draws"):
        pathways(model, n_draws=-1)
    with pytest.raises(ScenarioError, match="at least 1"):
        pathways(model, n_samples=0)


def test_the_deciding_descriptor_of_a_start_split() -> None:
    # A acts on B and nothing acts on A: A's starting variant alone decides the outcome.
    leader = from_blocks(["a", "b"], [["x", "y"], ["x", "y"]], {(0, 1): [[2, -2], [-2, 2]]})
    result = pathways(dynamic_model(leader, ["p1", "p2"]))
    (split,) = [b for b in result.branch_points if b.cause == CAUSE_START]
    assert [d.descriptor for d in split.deciding] == ["a"]
    assert split.deciding[0].accuracy == pytest.approx(1.0)
    assert split.deciding[0].base == pytest.approx(0.5)


def test_a_space_beyond_numbering_is_a_compute_limit() -> None:
    from realpolitik.scenarios import ComputeLimitError

    n = 32  # 4**32 = 2**64 scenarios
    names = [f"d{i}" for i in range(n)]
    matrix = from_blocks(names, [["a", "b", "c", "e"]] * n, {(0, 1): np.eye(4)})
    model = dynamic_model(matrix, ["p1"])
    with pytest.raises(ComputeLimitError, match="2\\*\\*62"):
        pathways(model, n_samples=10, seed=1)
