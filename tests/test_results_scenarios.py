"""The typed results of the scenario, leverage and pathways stages: what they hold, and that
their JSON reads back into the same models and dumps the same bytes."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from partial_results import partial_results
from paths import DATA
from realpolitik.analysis.core import RunSettings
from realpolitik.analysis.leverage_stage import leverage_stage
from realpolitik.analysis.scenarios_stage import scenarios_stage
from realpolitik.case import load_case
from realpolitik.results import dumps, loads
from realpolitik.results.leverage import LeverageResults
from realpolitik.results.scenarios import ScenariosResults

SETTINGS = RunSettings(scenario_draws=6, seed=3)


@pytest.fixture(scope="module")
def stages() -> tuple[ScenariosResults, LeverageResults | None]:
    case = load_case(DATA / "minimal.toml")
    return (
        scenarios_stage(case, SETTINGS, lambda stage, done: None),
        leverage_stage(case, SETTINGS, lambda stage, done: None),
    )


def test_the_stages_round_trip(stages: tuple[ScenariosResults, LeverageResults | None]) -> None:
    scenarios, leverage = stages
    results = partial_results(scenarios=scenarios, leverage=leverage)
    text = dumps(results)
    again = loads(text)
    assert again.scenarios == scenarios and again.leverage == leverage
    assert dumps(again) == text


def test_the_scenario_study_is_whole(
    stages: tuple[ScenariosResults, LeverageResults | None],
) -> None:
    scenarios, _ = stages
    assert scenarios.studied()
    assert scenarios.likelihood is not None and scenarios.ensemble is not None
    assert scenarios.ensemble.n_runs == SETTINGS.scenario_draws
    assert scenarios.succession is not None and scenarios.succession.complete
    # every consistent scenario names one variant of each descriptor, by id
    ids = {d.id: {v.id for v in d.variants} for d in scenarios.descriptors}
    for scenario in scenarios.consistent:
        assert {d: scenario.variants[d] in ids[d] for d in ids} == dict.fromkeys(ids, True)
    for descriptor, chances in scenarios.likelihood.descriptors.items():
        assert set(chances) == ids[descriptor]
        assert sum(chances.values()) == pytest.approx(1.0)


def test_no_descriptors_keeps_the_two_empty_lists_only() -> None:
    empty = ScenariosResults(descriptors=[], consistent=[])
    assert not empty.studied()
    assert empty.model_dump(mode="json") == {"descriptors": [], "consistent": []}
    text = dumps(partial_results(scenarios=empty))
    assert json.loads(text)["scenarios"] == {"descriptors": [], "consistent": []}
    assert loads(text).scenarios == empty


def test_a_scenario_block_of_another_shape_is_refused() -> None:
    text = dumps(partial_results(scenarios=ScenariosResults(descriptors=[], consistent=[])))
    foreign = json.loads(text)
    foreign["scenarios"]["consistent"] = [{"variants": {"d": "x"}}]  # no figures
    with pytest.raises(ValidationError):
        loads(json.dumps(foreign))


def test_the_engine_records_keep_the_printed_form() -> None:
    # `realpolitik scenarios --json` prints these records; their keys, in this order, and
    # their values are the command's output format.
    from realpolitik.scenarios import read_scw
    from realpolitik.scenarios.records import ComparisonRecord, SearchRecord, study_record
    from realpolitik.scenarios.scw import SolutionComparison
    from test_scenarios_helpers import SOMEWHERELAND

    comparison = SolutionComparison(
        path="ours.sl", listed=2, found=2, missing=((0, 1),), extra=((1, 1),),
        figures=((7, "total impact score", 5.0, 4.0),),
    )  # fmt: skip
    assert ComparisonRecord.model_validate(comparison).model_dump(mode="json") == {
        "path": "ours.sl", "listed": 2, "found": 2, "agree": False,
        "missing": [[0, 1]], "extra": [[1, 1]],
        "figures": [{"line": 7, "figure": "total impact score", "file": 5.0, "here": 4.0}],
    }  # fmt: skip
    from realpolitik.scenarios import analyse_scenarios

    study = analyse_scenarios(read_scw(SOMEWHERELAND), fixed={"B": "B2"}, n_runs=2, seed=1)
    printed = study_record(study).model_dump(mode="json")
    assert list(printed) == [
        "version", "title", "descriptors", "search", "basins", "ensemble", "top", "experts",
        "leverage",
    ]  # fmt: skip
    assert list(printed["search"]) == [
        "version", "descriptors", "tolerance", "fixed", "method", "space_size", "nodes",
        "seconds", "complete", "self_impacts", "scenarios",
    ]  # fmt: skip
    assert printed["search"]["fixed"] == {"B": 1} and printed["ensemble"]["fixed"] == {"1": 1}
    first = printed["search"]["scenarios"][0]
    assert list(first) == ["variants", "names", "label", "inconsistency", "total_impact_score"]
    assert first["label"] == " ".join(first["names"])
    assert SearchRecord.model_validate(study.search).scenarios[0].variants == first["variants"]
