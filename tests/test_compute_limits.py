"""Compute limits: work beyond reach is refused before it starts, a deadline stops a search,
and every limit ends in a message that names the way out.

Tested by behaviour only: no test here asserts how long anything took. The searches stopped
by a deadline would run for minutes without one (the hard matrix below is unfinished after
90 s on the development machine); their budgets are a fraction of a second.
"""

from __future__ import annotations

import inspect
import pickle
import time
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from realpolitik.analysis import RunSettings
from realpolitik.analysis import scenarios_stage as stage
from realpolitik.case import CaseError, load_case, parse_case
from realpolitik.case.checks import MAX_CONSISTENT_SCENARIOS
from realpolitik.cli import app
from realpolitik.cli.run_command import run
from realpolitik.cli.scenarios_command import scenarios
from realpolitik.scenarios import (
    DEFAULT_MAX_SECONDS,
    ComputeLimitError,
    CrossImpactMatrix,
    Deadline,
    basins,
    consistent_scenarios,
    ensemble_consistency,
    read_scw,
    reference_consistent,
    search,
    write_csv_matrix,
)
from realpolitik.scenarios.search import _run_kernel, describe_many, find_consistent
from test_scenarios_helpers import SOMEWHERELAND, random_matrix

#: 30 descriptors of 4 variants, a third of the judgments nonzero: 1.2e18 scenarios that
#: neither branch-and-bound nor CP-SAT settles in minutes.
HARD = random_matrix(np.random.default_rng(1), [4] * 30, density=0.3)


def _passed() -> Deadline:
    """A deadline that passed a second ago."""
    return Deadline(1.0, time.monotonic() - 1.0)


def _unlinked_case(descriptors: int = 40, variants: int = 7) -> str:
    """The finding: a small case whose descriptors no judgment links (7^40 scenarios)."""
    parts = [
        '[case]\nid = "unlinked"\ntitle = "Unlinked"\nas_of = 2021-10-15\n',
        '[[actors]]\nid = "a"\nname = "A"\nkind = "state"\n'
        'capability = { value = 50, assumption = "x" }\n',
    ]
    for d in range(descriptors):
        names = ", ".join(f'{{ id = "v{k}", name = "V{k}" }}' for k in range(variants))
        parts.append(
            f'[[scenarios.descriptors]]\nid = "d{d}"\nname = "D{d}"\nvariants = [{names}]\n'
        )
    return "\n".join(parts)


def _zero_matrix(sizes: list[int]) -> CrossImpactMatrix:
    total = sum(sizes)
    names = [f"D{i}" for i in range(len(sizes))]
    variants = [tuple(f"D{i}v{k}" for k in range(n)) for i, n in enumerate(sizes)]
    return CrossImpactMatrix(tuple(names), tuple(variants), np.zeros((total, total)))


# -- refused before any work ---------------------------------------------------------------


def test_a_case_of_unlinked_descriptors_does_not_validate(tmp_path: Path) -> None:
    path = tmp_path / "unlinked.toml"
    path.write_text(_unlinked_case())
    with pytest.raises(CaseError) as raised:
        load_case(path)
    (problem,) = raised.value.problems
    assert problem.field == "scenarios.descriptors[d0]"
    assert problem.line == 12
    assert "linked to no other" in problem.message and "6.37e+33" in problem.message
    assert f"{MAX_CONSISTENT_SCENARIOS:,}" in problem.message
    assert "[[scenarios.impacts]]" in problem.fix
    # A few unlinked descriptors are fine: they only multiply a small set.
    path.write_text(_unlinked_case(descriptors=4, variants=7))
    assert load_case(path).id == "unlinked"


def test_the_commands_end_at_once_with_the_message(tmp_path: Path) -> None:
    path = tmp_path / "unlinked.toml"
    path.write_text(_unlinked_case())
    runner = CliRunner()
    out = tmp_path / "out"
    ran = runner.invoke(
        app, ["run", str(path), "--out", str(out), "--store", str(tmp_path / "runs.sqlite")]
    )
    searched = runner.invoke(app, ["scenarios", str(path)])
    for result in (ran, searched):
        assert result.exit_code == 2
        said = " ".join(result.output.split())
        assert f"{path}:12: scenarios.descriptors[d0]" in said
        assert "linked to no other" in said
        assert "Traceback" not in said
    assert not out.exists()


def test_the_engine_refuses_unlinked_descriptors_before_searching() -> None:
    with pytest.raises(ComputeLimitError) as raised:
        consistent_scenarios(_zero_matrix([7] * 40))
    assert "neither act on the others nor are acted on" in raised.value.message
    assert "more than limit=1000000" in raised.value.message
    assert "intervention" in raised.value.fix
    # Within the limit they are searched as usual: every combination is consistent.
    assert len(consistent_scenarios(_zero_matrix([2] * 5)).scenarios) == 32


def test_unlinked_descriptors_beside_a_rest_without_consistent_scenarios_give_none() -> None:
    # A and B chase each other (a1 -> b1 -> a2 -> b2 -> a1): no scenario of theirs is
    # consistent, so none of the whole is, however many unlinked descriptors lie beside them.
    sizes = [2, 2] + [2] * 30
    impacts = np.zeros((sum(sizes), sum(sizes)))
    a1, a2, b1, b2 = 0, 1, 2, 3
    for source, target in ((a1, b1), (b1, a2), (a2, b2), (b2, a1)):
        impacts[source, target] = 1
    names = [f"D{i}" for i in range(len(sizes))]
    variants = [tuple(f"D{i}v{k}" for k in range(n)) for i, n in enumerate(sizes)]
    matrix = CrossImpactMatrix(tuple(names), tuple(variants), impacts)
    assert consistent_scenarios(matrix, limit=1000).scenarios == ()


def test_exhaustive_methods_refuse_spaces_beyond_their_reach() -> None:
    for method in ("reference", "enumerate"):
        with pytest.raises(ComputeLimitError) as raised:
            find_consistent(HARD, method=method, deadline=Deadline.after(600))
        assert f"method '{method}' visits every one of the 1.15e+18 scenarios" in str(raised.value)
        assert "'branch-and-bound'" in raised.value.fix


# -- stopped while working -----------------------------------------------------------------


@pytest.mark.parametrize("method", ["auto", "branch-and-bound", "cpsat"])
def test_a_deadline_stops_a_search(method: str) -> None:
    with pytest.raises(ComputeLimitError) as raised:
        consistent_scenarios(HARD, method=method, deadline=Deadline.after(0.3))  # type: ignore[arg-type]
    assert "ran past the time budget of 0.3 s" in raised.value.message
    assert "--max-seconds" in raised.value.fix


def test_a_deadline_stops_the_split_search(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "THREADS", 2)
    monkeypatch.setattr(search, "PARALLEL_FROM", 0)
    with pytest.raises(ComputeLimitError, match="time budget"):
        find_consistent(HARD, method="branch-and-bound", deadline=Deadline.after(0.3))


def test_both_kernels_give_up_when_told() -> None:
    told = np.ones(1, dtype=np.bool_)
    large = random_matrix(np.random.default_rng(2), [4] * 9)  # 262,144 scenarios
    assert _run_kernel(large, "enumerate", 0.0, {}, 10, None, told) is None
    assert _run_kernel(HARD, "branch-and-bound", 0.0, {}, 10, None, told) is None


def test_a_passed_deadline_stops_every_part_of_a_study() -> None:
    matrix = read_scw(SOMEWHERELAND)
    with pytest.raises(ComputeLimitError, match="reference enumeration"):
        reference_consistent(matrix, deadline=_passed())
    with pytest.raises(ComputeLimitError, match="succession study") as raised:
        basins(matrix, deadline=_passed())
    assert "--succession-sample" in raised.value.fix
    with pytest.raises(ComputeLimitError, match="the ensemble"):
        ensemble_consistency(matrix, n_runs=3, seed=1, deadline=_passed())
    with pytest.raises(ComputeLimitError, match="CP-SAT"):
        find_consistent(matrix, method="cpsat", deadline=_passed())


def test_the_scenarios_command_stops_at_its_time_budget(tmp_path: Path) -> None:
    path = tmp_path / "hard.csv"
    write_csv_matrix(HARD, path)
    result = CliRunner().invoke(app, ["scenarios", str(path), "--max-seconds", "0.5"])
    assert result.exit_code == 2
    said = " ".join(result.output.split())
    assert "error: the search ran past the time budget of 0.5 s and was stopped" in said
    assert "give it more time (--max-seconds)" in said
    assert "Traceback" not in said


def test_the_run_samples_succession_starts_when_asked(minimal_text: str) -> None:
    # The way out the succession study's message names: the stage takes the sample it is given.
    case = parse_case(minimal_text.encode(), Path("minimal.toml"))
    sampled = stage.scenarios_stage(
        case, RunSettings(scenario_draws=5, succession_sample=7), lambda _, __: None
    )
    assert sampled.succession is not None
    assert sampled.succession.complete is False and sampled.succession.n_starts == 7
    every = stage.scenarios_stage(case, RunSettings(scenario_draws=5), lambda _, __: None)
    assert every.succession is not None
    assert every.succession.complete is True and every.succession.n_starts == 12


# -- bounded memory --------------------------------------------------------------------------


def test_the_split_search_stops_at_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    loose = random_matrix(np.random.default_rng(3), [3] * 12, density=0.2, low=-1, high=1)
    monkeypatch.setattr(search, "THREADS", 2)
    monkeypatch.setattr(search, "PARALLEL_FROM", 0)
    with pytest.raises(ComputeLimitError, match="more than limit=50 scenarios"):
        find_consistent(loose, tolerance=2.0, method="branch-and-bound", limit=50)


def test_scenarios_are_described_in_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    matrix = read_scw(SOMEWHERELAND)
    found = find_consistent(matrix, tolerance=2.0)[0]
    whole = describe_many(matrix, found)
    monkeypatch.setattr(search, "DESCRIBE_BATCH_NUMBERS", 1)  # one scenario per batch
    assert describe_many(matrix, found) == whole


def test_run_ends_with_the_message_when_a_stage_passes_its_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, minimal_text: str
) -> None:
    # At tolerance 3 all 12 scenarios of the fixture are consistent.
    monkeypatch.setattr(stage, "MAX_CONSISTENT_SCENARIOS", 5)
    path = tmp_path / "minimal.toml"
    path.write_text(minimal_text)
    result = CliRunner().invoke(
        app,
        ["run", str(path), "--tolerance", "3", "--runs", "20", "--game-draws", "5",
         "--scenario-draws", "5", "--sensitivity-samples", "8", "--no-charts",
         "--out", str(tmp_path / "out"), "--store", str(tmp_path / "runs.sqlite")],
    )  # fmt: skip
    assert result.exit_code == 2
    said = " ".join(result.output.split())
    assert "error: more than limit=5 scenarios are consistent at tolerance 3" in said
    assert "lower the tolerance" in said
    assert "Traceback" not in said


# -- one default, and errors that travel ------------------------------------------------------


def test_every_time_budget_has_the_same_default() -> None:
    assert RunSettings().max_seconds == DEFAULT_MAX_SECONDS
    for command in (run, scenarios):
        assert inspect.signature(command).parameters["max_seconds"].default == DEFAULT_MAX_SECONDS


def test_a_compute_limit_error_keeps_its_parts_across_processes() -> None:
    error = _passed().error("the search")
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.message, copy.fix, str(copy)) == (error.message, error.fix, str(error))
